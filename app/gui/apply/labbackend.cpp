#include "labbackend.h"

#include "helperclient.h"
#include "journal.h"
#include "labrequests.h"
#include "netlinkexecutor.h"

#include <QtGlobal>

#include <unistd.h>

namespace nslab::gui::apply {

namespace {

// Makes the applier see a refused op as soon as the user cancels: applyOps then rolls back
// exactly as after a kernel error (journal, reverse order), so cancel needs no logic of its own.
class CancellingExecutor final : public nl::Executor
{
public:
    CancellingExecutor(nl::Executor &inner, const std::atomic<bool> &cancel) : m_inner(inner), m_cancel(cancel) {}
    nl::ExecResult execute(const model::ops::Op &op) override
    {
        if (m_cancel.load())
            return nl::ExecResult::failure(kCancelledMessage);
        return m_inner.execute(op);
    }
    std::optional<nl::NsIdentity> namespaceIdentity(const std::string &name) override
    {
        return m_inner.namespaceIdentity(name);
    }
    bool removeNamespace(const std::string &name, std::string *error) override
    {
        return m_inner.removeNamespace(name, error);
    }
    bool linkExists(const std::string &ns, const std::string &dev) override { return m_inner.linkExists(ns, dev); }
    // The run of namespaces goes to the real executor in one piece (it may make them at once);
    // a cancel is seen before it and after it.
    std::vector<nl::ExecResult> createNamespaces(const std::vector<model::ops::NetnsAdd> &ops) override
    {
        if (m_cancel.load())
            return {nl::ExecResult::failure(kCancelledMessage)};
        return m_inner.createNamespaces(ops);
    }

private:
    nl::Executor &m_inner;
    const std::atomic<bool> &m_cancel;
};

// The cancel came after the last op: undo the finished lab so that cancel still means nothing.
nl::ApplyReport cancelledAfterwards(const nl::DestroyReport &destroyed)
{
    nl::ApplyReport r;
    r.error = kCancelledMessage;
    r.rollbackProblems = destroyed.problems;
    for (const auto &n : destroyed.leftAlone)
        r.rollbackProblems.push_back("left " + n + " alone: it is not the namespace nslab created");
    return r;
}

} // namespace

ExecutorBackend::ExecutorBackend(std::shared_ptr<nl::Executor> executor)
    : m_executor(std::move(executor))
{
}

nl::ApplyReport ExecutorBackend::apply(const std::vector<model::ops::Op> &ops, const std::string &prefix,
                                       const std::string &lab, const Progress &progress,
                                       const std::atomic<bool> &cancel)
{
    CancellingExecutor executor(*m_executor, cancel);
    nl::ApplyOptions options;
    options.prefix = prefix;
    options.lab = lab;
    options.progress = progress;
    nl::ApplyReport report = nl::applyOps(executor, ops, options);
    if (report.ok && cancel.load())
        return cancelledAfterwards(nl::destroyLab(*m_executor, prefix));
    return report;
}

nl::DestroyReport ExecutorBackend::destroy(const std::string &prefix)
{
    return nl::destroyLab(*m_executor, prefix);
}

bool ExecutorBackend::status(std::vector<nl::LabStatus> *labs, std::string *)
{
    *labs = nl::labStatus(*m_executor);
    return true;
}

nl::ProbeReport ExecutorBackend::probe(const std::string &prefix, const std::vector<std::string> &nodes,
                                       const std::vector<net::Ipv4> &addresses)
{
    nl::ProbeReport report;
    auto *real = dynamic_cast<nl::NetlinkExecutor *>(m_executor.get());
    if (!real) {
        report.error = "probing sends real pings: it needs the kernel, not a recording executor";
        return report;
    }
    std::string error;
    if (!nl::loadJournal(prefix, &error)) {
        report.error = error + "; apply the lab first";
        return report;
    }
    return nl::probe(*real, nodes, addresses, {prefix, 1000});
}

HelperBackend::HelperBackend() = default;
HelperBackend::~HelperBackend() = default;

bool HelperBackend::statusIsFree() const
{
    return m_client && m_client->socket().state() == QLocalSocket::ConnectedState;
}

std::optional<QJsonObject> HelperBackend::call(QJsonObject request, const Progress &progress, std::string *error)
{
    // The helper ends itself after a while without requests: start it again then.
    if (!statusIsFree()) {
        m_client = std::make_unique<nl::HelperClient>();
        if (!m_client->start(nl::HelperClient::defaultOptions(), error)) {
            *error = "cannot start the privileged helper: " + *error;
            m_client.reset();
            return std::nullopt;
        }
    }
    auto result = m_client->call(std::move(request), [&](const QJsonObject &p) {
        if (progress)
            progress(std::size_t(p.value(QStringLiteral("step")).toInteger()),
                     std::size_t(p.value(QStringLiteral("total")).toInteger()),
                     p.value(QStringLiteral("op")).toString().toStdString());
    }, error);
    if (!result) {
        *error = "helper: " + *error;
        m_client.reset();
    }
    return result;
}

nl::ApplyReport HelperBackend::apply(const std::vector<model::ops::Op> &ops, const std::string &prefix,
                                     const std::string &lab, const Progress &progress,
                                     const std::atomic<bool> &cancel)
{
    std::string error;
    auto result = call(nl::applyRequest(prefix, lab, ops), progress, &error);
    if (!result) {
        nl::ApplyReport r;
        r.error = error;
        return r;
    }
    nl::ApplyReport report = nl::applyReportFromResult(*result);
    if (report.ok && cancel.load())
        return cancelledAfterwards(destroy(prefix));
    return report;
}

nl::DestroyReport HelperBackend::destroy(const std::string &prefix)
{
    std::string error;
    auto result = call(nl::destroyRequest(prefix), {}, &error);
    if (!result) {
        nl::DestroyReport r;
        r.ok = false;
        r.problems.push_back(error);
        return r;
    }
    return nl::destroyReportFromResult(*result);
}

bool HelperBackend::status(std::vector<nl::LabStatus> *labs, std::string *error)
{
    auto result = call(nl::statusRequest(), {}, error);
    if (!result)
        return false;
    if (!result->value(QStringLiteral("ok")).toBool()) {
        *error = nl::resultError(*result);
        return false;
    }
    *labs = nl::labStatusFromResult(*result);
    return true;
}

nl::ProbeReport HelperBackend::probe(const std::string &prefix, const std::vector<std::string> &nodes,
                                     const std::vector<net::Ipv4> &addresses)
{
    std::string error;
    auto result = call(nl::probeRequest(prefix, nodes, addresses), {}, &error);
    if (!result) {
        nl::ProbeReport r;
        r.error = error;
        return r;
    }
    return nl::probeReportFromResult(*result);
}

bool runsInProcess()
{
    return ::geteuid() == 0 && qEnvironmentVariable("NSLAB_USE_HELPER") != QLatin1String("1");
}

std::unique_ptr<LabBackend> makeDefaultBackend()
{
    if (runsInProcess())
        return std::make_unique<ExecutorBackend>(std::make_shared<nl::NetlinkExecutor>());
    return std::make_unique<HelperBackend>();
}

} // namespace nslab::gui::apply
