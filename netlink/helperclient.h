#pragma once
// The unprivileged side of the helper protocol (GUI and nslab-cli): starts nslab-helper through
// `pkexec --disable-internal-agent`, reads the socket name it prints on stdout
// ("NSLAB-HELPER-SOCKET /run/nslab-helper.XXXXXX/socket"), connects, says hello and runs
// requests one at a time. Blocking calls; the GUI runs them off its main thread.
#include "protocol.h"

#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QStringList>
#include <QTemporaryFile>

#include <functional>
#include <optional>
#include <string>

namespace nslab::nl {

constexpr const char *kHelperSocketBanner = "NSLAB-HELPER-SOCKET ";
// The polkit action (packaging/polkit) under which pkexec starts the helper.
constexpr const char *kHelperPolkitAction = "org.nslab.helper";

class HelperClient {
public:
    struct Options {
        QString program;        // pkexec, or the helper itself when already root
        QStringList arguments;
        // Started through pkexec: it gets a clean environment (pkexec refuses to run anything when
        // the caller's SHELL is not in /etc/shells or a variable holds "/", "%" or ".."; the
        // helper needs nothing from it) and its 126/127 exits are explained from its message.
        bool viaPkexec = false;
        int startTimeoutMs = 120000; // pkexec may wait for the user to authenticate
        int requestTimeoutMs = 600000;
    };
    // $NSLAB_HELPER (developers, tests) or the installed libexec path; pkexec unless the caller is
    // root or NSLAB_HELPER_NO_PKEXEC=1.
    static Options defaultOptions();

    HelperClient();
    ~HelperClient();

    bool start(const Options &options, std::string *error);
    // Connects to an already running helper's socket (tests) and says hello.
    bool connectTo(const QString &socketPath, std::string *error);
    // Sends `request` (an "id" is added) and waits for its result; progress events go to
    // `onProgress`. nullopt with `error` when the helper vanished or answered nonsense.
    std::optional<QJsonObject> call(QJsonObject request, const std::function<void(const QJsonObject &)> &onProgress,
                                    std::string *error);
    // Raw access for protocol tests.
    QLocalSocket &socket() { return m_socket; }
    std::optional<QJsonObject> readMessage(int timeoutMs, std::string *error);
    void stop();
    // What the helper logged so far (its stderr).
    QByteArray helperLog();

private:
    QProcess m_process;
    // The helper logs every op on stderr: into a file, so a full pipe can never stall it.
    QTemporaryFile m_log;
    QLocalSocket m_socket;
    protocol::FrameReader m_reader;
    int m_nextId = 1;
    int m_requestTimeoutMs = 600000;
};

// "error.code: message" of a failed result, for the user.
std::string resultError(const QJsonObject &result);

} // namespace nslab::nl
