#pragma once
// Where Lab ▸ Apply/Destroy/Probe/status run: in this process over an nl::Executor (as root, or
// over the RecordingExecutor in tests), or in nslab-helper started through pkexec — the same two
// paths nslab-cli takes, over the same library functions. Every call blocks: the designer makes
// and uses a backend only on its worker thread.
#include "applier.h"
#include "probe.h"

#include <QJsonObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nslab::nl {
class HelperClient;
}

namespace nslab::gui::apply {

class LabBackend
{
public:
    using Progress = std::function<void(std::size_t step, std::size_t total, const std::string &op)>;
    virtual ~LabBackend() = default;

    // All or nothing. When `cancel` becomes true the remaining ops are not run and everything made
    // so far is removed (also when it came too late to stop the last op: the lab is destroyed);
    // the report then fails with kCancelledMessage as its error. The helper cannot be interrupted
    // inside one request, so there the rollback happens once its apply has finished.
    virtual nl::ApplyReport apply(const std::vector<model::ops::Op> &ops, const std::string &prefix,
                                  const std::string &lab, const Progress &progress, const std::atomic<bool> &cancel) = 0;
    virtual nl::DestroyReport destroy(const std::string &prefix) = 0;
    // false with `error` when the status could not be read at all.
    virtual bool status(std::vector<nl::LabStatus> *labs, std::string *error) = 0;
    virtual nl::ProbeReport probe(const std::string &prefix, const std::vector<std::string> &nodes,
                                  const std::vector<net::Ipv4> &addresses) = 0;
    // True when a status query would not ask the user for a password (in-process, or the helper
    // already running): the designer then refreshes the badge on its own.
    virtual bool statusIsFree() const = 0;
};

constexpr const char *kCancelledMessage = "cancelled by the user";

// In-process over an executor (shared so a test can look at it afterwards). Probing needs the
// real NetlinkExecutor; over another executor it reports why it cannot.
class ExecutorBackend final : public LabBackend
{
public:
    explicit ExecutorBackend(std::shared_ptr<nl::Executor> executor);
    nl::ApplyReport apply(const std::vector<model::ops::Op> &ops, const std::string &prefix, const std::string &lab,
                          const Progress &progress, const std::atomic<bool> &cancel) override;
    nl::DestroyReport destroy(const std::string &prefix) override;
    bool status(std::vector<nl::LabStatus> *labs, std::string *error) override;
    nl::ProbeReport probe(const std::string &prefix, const std::vector<std::string> &nodes,
                          const std::vector<net::Ipv4> &addresses) override;
    bool statusIsFree() const override { return true; }

private:
    std::shared_ptr<nl::Executor> m_executor;
};

// Through nslab-helper (pkexec), started on first use and kept while it lives so that one
// authentication covers a session of applies and probes.
class HelperBackend final : public LabBackend
{
public:
    HelperBackend();
    ~HelperBackend() override;
    nl::ApplyReport apply(const std::vector<model::ops::Op> &ops, const std::string &prefix, const std::string &lab,
                          const Progress &progress, const std::atomic<bool> &cancel) override;
    nl::DestroyReport destroy(const std::string &prefix) override;
    bool status(std::vector<nl::LabStatus> *labs, std::string *error) override;
    nl::ProbeReport probe(const std::string &prefix, const std::vector<std::string> &nodes,
                          const std::vector<net::Ipv4> &addresses) override;
    bool statusIsFree() const override;

private:
    std::optional<QJsonObject> call(QJsonObject request, const Progress &progress, std::string *error);
    std::unique_ptr<nl::HelperClient> m_client;
};

// As nslab-cli decides: root works in-process unless NSLAB_USE_HELPER=1.
bool runsInProcess();
std::unique_ptr<LabBackend> makeDefaultBackend();

} // namespace nslab::gui::apply
