// nslab-helper: the privileged half of apply/destroy/status/probe. Started by the GUI or
// nslab-cli via `pkexec --disable-internal-agent /usr/libexec/nslab/nslab-helper`.
//
// Rendezvous: the helper listens, the client connects. The helper makes a fresh directory
// /run/nslab-helper.XXXXXX (mkdtemp, root-owned; mode 0711 so the caller can reach a socket
// whose name it is told but cannot list it), creates the socket there, hands it to the caller
// (chown PKEXEC_UID, mode 0600) and prints its path on stdout. The helper never takes a path
// from the client, and the client cannot plant a socket for root to connect to. The kernel's
// SO_PEERCRED then decides: the peer must be PKEXEC_UID (or, without pkexec, root or the
// helper's own uid). One client, one request at a time; exit when it leaves or when idle.
#include "helpersession.h"
#include "logging.h"
#include "netlinkexecutor.h"

#include <QCoreApplication>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

using namespace nslab::nl;

namespace {

int usage(const char *why)
{
    std::fprintf(stderr, "nslab-helper: %s\nUsage: nslab-helper [--log-level LEVEL] [--idle-timeout SECONDS]\n"
                         "Started by nslab through pkexec; speaks length-framed JSON on a local socket.\n", why);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    // Arguments come from whoever ran pkexec: only two harmless, strictly parsed options.
    std::string level;
    int idleSeconds = 120;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--version") {
            std::printf("nslab-helper %s\n", NSLAB_VERSION);
            return 0;
        }
        if (a == "--log-level" && i + 1 < argc) {
            level = argv[++i];
            static const char *levels[] = {"trace", "debug", "info", "warn", "warning", "error", "critical", "off"};
            bool ok = false;
            for (const char *l : levels)
                ok = ok || level == l;
            if (!ok)
                return usage("unknown log level");
        } else if (a == "--idle-timeout" && i + 1 < argc) {
            char *end = nullptr;
            const long v = std::strtol(argv[++i], &end, 10);
            if (!end || *end || v < 1 || v > 3600)
                return usage("--idle-timeout takes 1..3600 seconds");
            idleSeconds = int(v);
        } else {
            return usage("unknown argument");
        }
    }
    initLogging(level, spdlog::level::info);
    auto log = logger("nslab.helper");
    if (::geteuid() != 0) {
        log->error("must run as root (through pkexec)");
        return 1;
    }

    std::vector<uid_t> allowed;
    uid_t owner = 0;
    if (const char *pk = std::getenv("PKEXEC_UID")) {
        char *end = nullptr;
        errno = 0;
        const unsigned long v = std::strtoul(pk, &end, 10);
        if (!*pk || !end || *end || errno || v > 0x7fffffffUL) {
            log->error("PKEXEC_UID is not a uid");
            return 1;
        }
        owner = uid_t(v);
        allowed.push_back(owner);
    } else {
        owner = ::getuid();
        allowed = {0, owner};
    }

    QCoreApplication app(argc, argv);
    char dirTemplate[] = "/run/nslab-helper.XXXXXX";
    if (!::mkdtemp(dirTemplate)) {
        log->error("cannot create the socket directory: {}", std::strerror(errno));
        return 1;
    }
    const std::string dir = dirTemplate;
    ::chmod(dir.c_str(), 0711);
    const std::string path = dir + "/socket";
    auto cleanup = [&] {
        ::unlink(path.c_str());
        ::rmdir(dir.c_str());
    };

    QLocalServer server;
    server.setMaxPendingConnections(4);
    if (!server.listen(QString::fromStdString(path))) {
        log->error("cannot listen on {}: {}", path, server.errorString().toStdString());
        cleanup();
        return 1;
    }
    if (::chown(path.c_str(), owner, gid_t(-1)) != 0 || ::chmod(path.c_str(), 0600) != 0) {
        log->error("cannot hand the socket to uid {}: {}", owner, std::strerror(errno));
        cleanup();
        return 1;
    }
    std::printf("%s%s\n", "NSLAB-HELPER-SOCKET ", path.c_str());
    std::fflush(stdout);
    log->info("listening on {} for uid {}", path, owner);

    NetlinkExecutor executor;
    HelperSession *session = nullptr;
    QTimer idle;
    idle.setSingleShot(true);
    idle.setInterval(idleSeconds * 1000);
    QObject::connect(&idle, &QTimer::timeout, &app, [&] {
        log->info("nobody connected for {} s: exiting", idleSeconds);
        app.quit();
    });
    idle.start();
    QObject::connect(&server, &QLocalServer::newConnection, &app, [&] {
        while (QLocalSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&app);
            if (session) {
                // One client per helper: a second connection gets a clear answer and is closed.
                socket->write(nslab::nl::protocol::encodeFrame(QJsonObject{
                    {QStringLiteral("type"), QStringLiteral("result")}, {QStringLiteral("ok"), false},
                    {QStringLiteral("error"), nslab::nl::protocol::errorObject("busy", "the helper already has a client")}}));
                socket->flush();
                socket->disconnectFromServer();
                continue;
            }
            const long uid = HelperSession::peerUid(socket);
            const bool ok = uid >= 0 && std::find(allowed.begin(), allowed.end(), uid_t(uid)) != allowed.end();
            auto *s = new HelperSession(socket, executor, &executor, {allowed, idleSeconds * 1000}, &app);
            if (!ok) {
                // Refused (and told so by the session); keep waiting for the right peer.
                QObject::connect(s, &HelperSession::finished, s, &QObject::deleteLater);
                continue;
            }
            session = s;
            idle.stop();
            server.close(); // nobody else can connect from now on
            QObject::connect(s, &HelperSession::finished, &app, [&] { app.quit(); }, Qt::QueuedConnection);
        }
    });
    const int rc = app.exec();
    cleanup();
    log->info("exiting");
    return rc;
}
