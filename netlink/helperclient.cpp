#include "helperclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <unistd.h>

namespace nslab::nl {

HelperClient::Options HelperClient::defaultOptions()
{
    Options o;
    QString helper = qEnvironmentVariable("NSLAB_HELPER");
    if (helper.isEmpty())
        helper = QStringLiteral(NSLAB_LIBEXECDIR "/nslab/nslab-helper");
    if (::geteuid() == 0 || qEnvironmentVariable("NSLAB_HELPER_NO_PKEXEC") == QLatin1String("1")) {
        o.program = helper;
    } else {
        o.program = QStandardPaths::findExecutable(QStringLiteral("pkexec"));
        if (o.program.isEmpty())
            o.program = QStringLiteral("/usr/bin/pkexec");
        o.arguments = {QStringLiteral("--disable-internal-agent"), helper};
        o.viaPkexec = true;
    }
    return o;
}

namespace {

// Why pkexec (exit 126/127, before the helper ran) did not start the helper, from what it printed.
std::string pkexecFailure(int code, const QByteArray &log)
{
    const std::string action = kHelperPolkitAction;
    if (code == 126)
        return "authorization was dismissed (polkit action " + action + ")";
    if (log.contains("Not authorized"))
        return "not authorized by polkit (action " + action + ")";
    if (log.contains("No authentication agent found"))
        return "polkit needs an administrator password for action " + action
            + " but no authentication agent is running to ask for it (run from a desktop session, or as root)";
    // Anything else (the helper is not installed at the pinned path, a refused variable, ...):
    // pkexec's own words, without its "This incident has been reported." trailer.
    QByteArrayList lines;
    for (const QByteArray &l : log.split('\n')) {
        const QByteArray t = l.trimmed();
        if (!t.isEmpty() && t != "This incident has been reported.")
            lines << t;
    }
    return "pkexec did not start the helper (exit " + std::to_string(code) + ")"
        + (lines.isEmpty() ? std::string() : ": " + lines.join("; ").left(600).toStdString());
}

} // namespace

HelperClient::HelperClient() = default;

HelperClient::~HelperClient()
{
    stop();
}

void HelperClient::stop()
{
    if (m_socket.state() == QLocalSocket::ConnectedState) {
        m_socket.disconnectFromServer();
        if (m_socket.state() != QLocalSocket::UnconnectedState)
            m_socket.waitForDisconnected(2000);
    }
    if (m_process.state() != QProcess::NotRunning) {
        // The helper exits when its client leaves; give it a moment, then stop it.
        if (!m_process.waitForFinished(5000)) {
            m_process.terminate();
            m_process.waitForFinished(2000);
        }
    }
}

bool HelperClient::start(const Options &options, std::string *error)
{
    m_requestTimeoutMs = options.requestTimeoutMs;
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    if (m_log.open())
        m_process.setStandardErrorFile(m_log.fileName());
    if (options.viaPkexec) {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/sbin:/usr/bin:/sbin:/bin"));
        m_process.setProcessEnvironment(env);
    }
    m_process.setProgram(options.program);
    m_process.setArguments(options.arguments);
    m_process.start(QIODevice::ReadOnly);
    if (!m_process.waitForStarted(10000)) {
        *error = "cannot start " + options.program.toStdString() + ": " + m_process.errorString().toStdString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (!out.contains('\n')) {
        if (timer.elapsed() > options.startTimeoutMs) {
            *error = "the helper did not announce its socket in time";
            m_process.kill();
            return false;
        }
        if (m_process.state() == QProcess::NotRunning || !m_process.waitForReadyRead(500)) {
            if (m_process.state() == QProcess::NotRunning) {
                out += m_process.readAllStandardOutput();
                if (out.contains('\n'))
                    break;
                const QByteArray err = helperLog().right(2000).trimmed();
                const int code = m_process.exitCode();
                if (options.viaPkexec && (code == 126 || code == 127)) {
                    *error = pkexecFailure(code, err);
                    return false;
                }
                *error = "the helper exited (" + std::to_string(code) + ")"
                    + (err.isEmpty() ? std::string() : ": " + err.toStdString());
                return false;
            }
            continue;
        }
        out += m_process.readAllStandardOutput();
        if (out.size() > 4096) {
            *error = "the helper printed something unexpected";
            m_process.kill();
            return false;
        }
    }
    const QByteArray line = out.left(out.indexOf('\n'));
    if (!line.startsWith(kHelperSocketBanner)) {
        *error = "the helper printed something unexpected: " + line.left(200).toStdString();
        m_process.kill();
        return false;
    }
    return connectTo(QString::fromUtf8(line.mid(qsizetype(qstrlen(kHelperSocketBanner)))), error);
}

bool HelperClient::connectTo(const QString &socketPath, std::string *error)
{
    m_socket.connectToServer(socketPath);
    if (!m_socket.waitForConnected(5000)) {
        *error = "cannot connect to the helper at " + socketPath.toStdString() + ": " + m_socket.errorString().toStdString();
        return false;
    }
    m_socket.write(protocol::encodeFrame(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), protocol::kVersion}}));
    m_socket.flush();
    auto hello = readMessage(10000, error);
    if (!hello)
        return false;
    if (hello->value(QStringLiteral("type")).toString() != QLatin1String("hello")) {
        *error = "the helper refused the connection: " + resultError(*hello);
        return false;
    }
    return true;
}

std::optional<QJsonObject> HelperClient::readMessage(int timeoutMs, std::string *error)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        QByteArray payload;
        switch (m_reader.next(&payload)) {
        case protocol::FrameReader::Status::Frame:
            return protocol::parseMessage(payload, error);
        case protocol::FrameReader::Status::TooLarge:
            *error = "the helper sent a frame larger than 1 MiB";
            return std::nullopt;
        case protocol::FrameReader::Status::NeedMore:
            break;
        }
        if (m_socket.bytesAvailable() == 0) {
            if (m_socket.state() != QLocalSocket::ConnectedState) {
                *error = "the helper closed the connection";
                return std::nullopt;
            }
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0) {
                *error = "no answer from the helper in time";
                return std::nullopt;
            }
            if (!m_socket.waitForReadyRead(int(std::min<qint64>(left, 1000)))
                && m_socket.state() != QLocalSocket::ConnectedState && m_socket.bytesAvailable() == 0) {
                *error = "the helper closed the connection";
                return std::nullopt;
            }
        }
        m_reader.append(m_socket.readAll());
    }
}

std::optional<QJsonObject> HelperClient::call(QJsonObject request, const std::function<void(const QJsonObject &)> &onProgress,
                                              std::string *error)
{
    const int id = m_nextId++;
    request[QStringLiteral("id")] = id;
    m_socket.write(protocol::encodeFrame(request));
    m_socket.flush();
    for (;;) {
        auto m = readMessage(m_requestTimeoutMs, error);
        if (!m)
            return std::nullopt;
        const QString type = m->value(QStringLiteral("type")).toString();
        if (type == QLatin1String("progress") && m->value(QStringLiteral("id")).toInt() == id) {
            if (onProgress)
                onProgress(*m);
            continue;
        }
        if (type == QLatin1String("result"))
            return m;
        *error = "unexpected message from the helper: " + type.left(40).toStdString();
        return std::nullopt;
    }
}

QByteArray HelperClient::helperLog()
{
    QFile f(m_log.fileName());
    if (m_log.fileName().isEmpty() || !f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

std::string resultError(const QJsonObject &result)
{
    const QJsonObject e = result.value(QStringLiteral("error")).toObject();
    std::string s = e.value(QStringLiteral("message")).toString().toStdString();
    if (e.contains(QStringLiteral("op")))
        s = "op " + std::to_string(e.value(QStringLiteral("opIndex")).toInteger() + 1) + " failed: "
            + e.value(QStringLiteral("op")).toString().toStdString() + "\n" + s;
    for (const auto &p : e.value(QStringLiteral("rollbackProblems")).toArray())
        s += "\n  " + p.toString().toStdString();
    return s;
}

} // namespace nslab::nl
