#include "helpersession.h"

#include "applier.h"
#include "logging.h"
#include "netlinkexecutor.h"
#include "probe.h"
#include "validate.h"

#include <QJsonArray>
#include <QLocalSocket>

#include <sys/socket.h>

#include <algorithm>

namespace nslab::nl {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonArray strings(const std::vector<std::string> &v)
{
    QJsonArray a;
    for (const auto &s : v)
        a.append(qs(s));
    return a;
}

QJsonObject result(const QJsonValue &id, bool ok)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("result")}, {QStringLiteral("id"), id},
                       {QStringLiteral("ok"), ok}};
}

QJsonObject failure(const QJsonValue &id, std::string_view code, const std::string &text)
{
    QJsonObject r = result(id, false);
    r[QStringLiteral("error")] = protocol::errorObject(code, text);
    return r;
}

// A request id is a small non-negative integer chosen by the client, echoed back as is.
bool validId(const QJsonValue &v)
{
    const double d = v.toDouble(-1);
    return v.isDouble() && d >= 0 && d <= 2147483647.0 && d == double(qint64(d));
}

} // namespace

HelperSession::HelperSession(QLocalSocket *socket, Executor &executor, NetlinkExecutor *real, Config config,
                             QObject *parent)
    : QObject(parent), m_socket(socket), m_executor(executor), m_real(real), m_config(std::move(config))
{
    auto log = logger("nslab.helper");
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_config.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        logger("nslab.helper")->info("idle for {} ms: closing", m_config.idleTimeoutMs);
        close();
    });
    connect(m_socket, &QLocalSocket::readyRead, this, &HelperSession::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, [this] {
        logger("nslab.helper")->info("client left");
        close();
    });
    const long uid = peerUid(m_socket);
    const bool allowed = uid >= 0
        && std::find(m_config.allowedUids.begin(), m_config.allowedUids.end(), uid_t(uid)) != m_config.allowedUids.end();
    if (!allowed) {
        log->warn("refusing peer uid {}", uid);
        sendError(QJsonValue(), "forbidden",
                  "peer uid " + std::to_string(uid) + " is not the user who started the helper");
        QTimer::singleShot(0, this, &HelperSession::close);
        m_closed = true;
        return;
    }
    log->info("client uid {} connected", uid);
    m_idle.start();
    QTimer::singleShot(0, this, &HelperSession::onReadyRead);
}

HelperSession::~HelperSession() = default;

long HelperSession::peerUid(QLocalSocket *socket)
{
    ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
        return -1;
    return long(cred.uid);
}

void HelperSession::close()
{
    if (m_socket && m_socket->state() == QLocalSocket::ConnectedState) {
        m_socket->flush();
        m_socket->disconnectFromServer();
    }
    m_idle.stop();
    m_closed = true;
    if (!m_finished) {
        m_finished = true;
        Q_EMIT finished();
    }
}

void HelperSession::send(const QJsonObject &message)
{
    if (m_socket->state() != QLocalSocket::ConnectedState)
        return;
    m_socket->write(protocol::encodeFrame(message));
    m_socket->flush();
}

void HelperSession::sendError(const QJsonValue &id, std::string_view code, const std::string &text)
{
    logger("nslab.helper")->warn("error {}: {}", code, text);
    send(failure(id, code, text));
}

void HelperSession::onReadyRead()
{
    if (m_closed)
        return;
    m_reader.append(m_socket->readAll());
    if (m_busy)
        return; // one request at a time: the loop below picks this up when the current one ends
    m_busy = true;
    for (;;) {
        QByteArray payload;
        const auto status = m_reader.next(&payload);
        if (status == protocol::FrameReader::Status::NeedMore)
            break;
        if (status == protocol::FrameReader::Status::TooLarge) {
            sendError(QJsonValue(), "too-large", "frame longer than 1 MiB; closing");
            m_busy = false;
            close();
            return;
        }
        std::string error;
        auto message = protocol::parseMessage(payload, &error);
        if (!message) {
            sendError(QJsonValue(), "malformed", error);
            continue;
        }
        handle(*message);
        if (m_closed)
            break;
        m_reader.append(m_socket->readAll());
    }
    m_busy = false;
    if (!m_closed)
        m_idle.start();
}

void HelperSession::handle(const QJsonObject &m)
{
    auto log = logger("nslab.helper");
    const QString type = m.value(QStringLiteral("type")).toString();
    const QJsonValue id = m.value(QStringLiteral("id"));
    std::string error;
    if (type == QLatin1String("hello")) {
        if (!protocol::onlyFields(m, {"type", "version"}, "$", &error))
            return sendError(id, "invalid", error);
        if (m.value(QStringLiteral("version")).toInt(-1) != protocol::kVersion || !m.value(QStringLiteral("version")).isDouble()) {
            sendError(id, "version", "protocol version " + std::to_string(protocol::kVersion) + " expected");
            return close();
        }
        m_helloDone = true;
        send(QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")},
                         {QStringLiteral("version"), protocol::kVersion},
                         {QStringLiteral("helper"), QStringLiteral("nslab-helper " NSLAB_VERSION)}});
        return;
    }
    if (!m_helloDone) {
        sendError(id, "hello-required", "the first message must be hello");
        return close();
    }
    if (!validId(id))
        return sendError(QJsonValue(), "invalid", "$.id: expected an integer 0..2147483647");
    log->info("request {} #{}", type.left(20).toStdString(), id.toInteger());
    QJsonObject answer;
    if (type == QLatin1String("apply"))
        answer = doApply(m, id);
    else if (type == QLatin1String("destroy"))
        answer = doDestroy(m, id);
    else if (type == QLatin1String("status"))
        answer = doStatus(m, id);
    else if (type == QLatin1String("probe"))
        answer = doProbe(m, id);
    else
        answer = failure(id, "unknown-type", "$.type: unknown message type \"" + type.left(40).toStdString() + "\"");
    if (!answer.value(QStringLiteral("ok")).toBool())
        log->warn("request #{} failed: {}", id.toInteger(),
                  answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().toStdString());
    send(answer);
}

QJsonObject HelperSession::doApply(const QJsonObject &m, const QJsonValue &id)
{
    std::string error;
    if (!protocol::onlyFields(m, {"type", "id", "prefix", "lab", "ops"}, "$", &error))
        return failure(id, "invalid", error);
    const QJsonValue prefixValue = m.value(QStringLiteral("prefix"));
    const std::string prefix = prefixValue.toString().toStdString();
    if (!prefixValue.isString() || !validPrefix(prefix, &error))
        return failure(id, "invalid", "$.prefix: " + (prefixValue.isString() ? error : std::string("expected a string")));
    const QJsonValue labValue = m.value(QStringLiteral("lab"));
    if (!labValue.isString() || labValue.toString().size() > 256)
        return failure(id, "invalid", "$.lab: expected a string of at most 256 characters");
    std::string lab = labValue.toString().toStdString();
    std::replace_if(lab.begin(), lab.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
    auto ops = protocol::opsFromJson(m.value(QStringLiteral("ops")), "$.ops", &error);
    if (!ops)
        return failure(id, "invalid", error);
    const auto problems = validateOps(*ops, prefix);
    if (!problems.empty()) {
        std::string text = "refused:";
        for (const auto &p : problems)
            text += "\n  " + p;
        return failure(id, "invalid", text);
    }
    ApplyOptions options;
    options.prefix = prefix;
    options.lab = lab;
    options.progress = [&](std::size_t step, std::size_t total, const std::string &op) {
        send(QJsonObject{{QStringLiteral("type"), QStringLiteral("progress")}, {QStringLiteral("id"), id},
                         {QStringLiteral("step"), qint64(step)}, {QStringLiteral("total"), qint64(total)},
                         {QStringLiteral("op"), qs(op)}});
    };
    const ApplyReport report = applyOps(m_executor, *ops, options);
    if (report.ok) {
        QJsonObject r = result(id, true);
        r[QStringLiteral("namespaces")] = qint64(report.namespaces);
        return r;
    }
    QJsonObject r = failure(id, report.failedIndex ? "failed" : "refused", report.error);
    QJsonObject e = r.value(QStringLiteral("error")).toObject();
    if (report.failedIndex) {
        e[QStringLiteral("opIndex")] = qint64(*report.failedIndex);
        e[QStringLiteral("op")] = qs(report.failedOp);
    }
    e[QStringLiteral("rollbackProblems")] = strings(report.rollbackProblems);
    r[QStringLiteral("error")] = e;
    return r;
}

QJsonObject HelperSession::doDestroy(const QJsonObject &m, const QJsonValue &id)
{
    std::string error;
    if (!protocol::onlyFields(m, {"type", "id", "prefix"}, "$", &error))
        return failure(id, "invalid", error);
    const QJsonValue prefixValue = m.value(QStringLiteral("prefix"));
    const std::string prefix = prefixValue.toString().toStdString();
    if (!prefixValue.isString() || !validPrefix(prefix, &error))
        return failure(id, "invalid", "$.prefix: " + (prefixValue.isString() ? error : std::string("expected a string")));
    const DestroyReport report = destroyLab(m_executor, prefix);
    QJsonObject r = report.ok ? result(id, true) : failure(id, "failed", [&] {
        std::string t;
        for (const auto &p : report.problems)
            t += (t.empty() ? "" : "\n") + p;
        return t;
    }());
    r[QStringLiteral("hadJournal")] = report.hadJournal;
    r[QStringLiteral("removed")] = strings(report.removed);
    r[QStringLiteral("leftAlone")] = strings(report.leftAlone);
    return r;
}

QJsonObject HelperSession::doStatus(const QJsonObject &m, const QJsonValue &id)
{
    std::string error;
    if (!protocol::onlyFields(m, {"type", "id"}, "$", &error))
        return failure(id, "invalid", error);
    QJsonArray labs;
    for (const auto &s : labStatus(m_executor))
        labs.append(QJsonObject{{QStringLiteral("prefix"), qs(s.prefix)},
                                {QStringLiteral("lab"), qs(s.lab)},
                                {QStringLiteral("state"), qs(s.state)},
                                {QStringLiteral("namespaces"), qint64(s.namespaces)},
                                {QStringLiteral("matches"), s.matches},
                                {QStringLiteral("problems"), strings(s.problems)}});
    QJsonObject r = result(id, true);
    r[QStringLiteral("labs")] = labs;
    return r;
}

QJsonObject HelperSession::doProbe(const QJsonObject &m, const QJsonValue &id)
{
    std::string error;
    if (!protocol::onlyFields(m, {"type", "id", "prefix", "nodes", "addresses", "timeoutMs"}, "$", &error))
        return failure(id, "invalid", error);
    const QJsonValue prefixValue = m.value(QStringLiteral("prefix"));
    const std::string prefix = prefixValue.toString().toStdString();
    if (!prefixValue.isString() || !validPrefix(prefix, &error))
        return failure(id, "invalid", "$.prefix: " + (prefixValue.isString() ? error : std::string("expected a string")));
    const QJsonValue nodesValue = m.value(QStringLiteral("nodes"));
    const QJsonValue addrValue = m.value(QStringLiteral("addresses"));
    if (!nodesValue.isArray() || nodesValue.toArray().size() > qsizetype(kMaxNamespaces))
        return failure(id, "invalid", "$.nodes: expected an array of at most " + std::to_string(kMaxNamespaces) + " names");
    if (!addrValue.isArray() || addrValue.toArray().size() > 65536)
        return failure(id, "invalid", "$.addresses: expected an array of at most 65536 addresses");
    int timeoutMs = 1000;
    if (m.contains(QStringLiteral("timeoutMs"))) {
        const QJsonValue t = m.value(QStringLiteral("timeoutMs"));
        if (!t.isDouble() || t.toInt(-1) < 1 || t.toInt(-1) > 5000)
            return failure(id, "invalid", "$.timeoutMs: expected an integer 1..5000");
        timeoutMs = t.toInt();
    }
    // Only namespaces of a lab nslab applied with this prefix may be probed.
    auto journal = loadJournal(prefix, &error);
    if (!journal)
        return failure(id, "refused", error);
    std::vector<std::string> nodes;
    const QJsonArray na = nodesValue.toArray();
    for (qsizetype i = 0; i < na.size(); ++i) {
        const std::string node = na[i].toString().toStdString();
        const std::string ns = prefix + node;
        if (!na[i].isString() || !validNamespaceName(ns, prefix, &error))
            return failure(id, "invalid", "$.nodes[" + std::to_string(i) + "]: " + error);
        if (std::none_of(journal->namespaces.begin(), journal->namespaces.end(),
                         [&](const JournalNamespace &n) { return n.name == ns; }))
            return failure(id, "refused", "$.nodes[" + std::to_string(i) + "]: " + ns + " is not part of the lab applied with prefix " + prefix);
        nodes.push_back(node);
    }
    std::vector<net::Ipv4> addresses;
    const QJsonArray aa = addrValue.toArray();
    if (std::uint64_t(na.size()) * std::uint64_t(aa.size()) > 1000000)
        return failure(id, "invalid", "too many pairs to probe (nodes x addresses > 1000000)");
    for (qsizetype i = 0; i < aa.size(); ++i) {
        auto a = net::Ipv4::parse(aa[i].toString().toStdString());
        if (!aa[i].isString() || !a)
            return failure(id, "invalid", "$.addresses[" + std::to_string(i) + "]: expected an IPv4 address");
        addresses.push_back(*a);
    }
    if (!m_real)
        return failure(id, "unsupported", "probe needs the real kernel executor");
    const ProbeReport report = probe(*m_real, nodes, addresses, {prefix, timeoutMs});
    if (!report.ok)
        return failure(id, "failed", report.error);
    QJsonArray cells;
    for (const auto &c : report.cells)
        cells.append(QJsonArray{qs(c.node), qs(c.addr.toString()), c.exitCode, qs(c.detail)});
    QJsonObject r = result(id, true);
    r[QStringLiteral("cells")] = cells;
    r[QStringLiteral("seconds")] = report.seconds;
    return r;
}

} // namespace nslab::nl
