#pragma once
// One client of nslab-helper: checks the peer's uid from the kernel (SO_PEERCRED), reads frames
// (protocol.h), runs one request at a time against the executor and answers with progress
// events and a result. Trusts nothing in the messages: every name, address and count is
// validated again before the executor sees it.
#include "executor.h"
#include "protocol.h"

#include <QObject>
#include <QTimer>

#include <sys/types.h>

#include <vector>

class QLocalSocket;

namespace nslab::nl {

class NetlinkExecutor;

class HelperSession : public QObject {
    Q_OBJECT
public:
    struct Config {
        std::vector<uid_t> allowedUids; // the peer's uid must be one of these
        int idleTimeoutMs = 120000;     // no request for this long: the session ends
    };
    // `real` is the same executor when it is the real one (probe needs it), else nullptr.
    HelperSession(QLocalSocket *socket, Executor &executor, NetlinkExecutor *real, Config config,
                  QObject *parent = nullptr);
    ~HelperSession() override;

    // The uid the kernel reports for the peer, -1 if it could not be read.
    static long peerUid(QLocalSocket *socket);

Q_SIGNALS:
    void finished();

private:
    void onReadyRead();
    void handle(const QJsonObject &message);
    void send(const QJsonObject &message);
    void sendError(const QJsonValue &id, std::string_view code, const std::string &text);
    void close();
    QJsonObject doApply(const QJsonObject &m, const QJsonValue &id);
    QJsonObject doDestroy(const QJsonObject &m, const QJsonValue &id);
    QJsonObject doStatus(const QJsonObject &m, const QJsonValue &id);
    QJsonObject doProbe(const QJsonObject &m, const QJsonValue &id);

    QLocalSocket *m_socket;
    Executor &m_executor;
    NetlinkExecutor *m_real;
    Config m_config;
    protocol::FrameReader m_reader;
    QTimer m_idle;
    bool m_helloDone = false;
    bool m_busy = false;
    bool m_closed = false;
    bool m_finished = false;
};

} // namespace nslab::nl
