// The helper protocol: frames, hello, strict messages, uid check, hostile input (in-process
// against a recording executor), and the real nslab-helper end to end inside the sandbox.
#include "applier.h"
#include "helperclient.h"
#include "helpersession.h"
#include "labs.h"
#include "protocol.h"
#include "recordingexecutor.h"
#include "sandbox.h"

#include <QDir>
#include <QProcess>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace nslab;
using namespace nslab::model::ops;
namespace proto = nslab::nl::protocol;

namespace {

QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> fields)
{
    QJsonObject o;
    for (const auto &f : fields)
        o.insert(f.first, f.second);
    return o;
}

QByteArray rawFrame(const QByteArray &body)
{
    QByteArray out(4, 0);
    const auto n = quint32(body.size());
    out[0] = char(n >> 24);
    out[1] = char(n >> 16);
    out[2] = char(n >> 8);
    out[3] = char(n);
    return out + body;
}

} // namespace

class TstProtocol : public QObject {
    Q_OBJECT

    // One in-process client/helper pair over a real local socket.
    struct Pair {
        QTemporaryDir dir;
        QLocalServer server;
        QLocalSocket client;
        QLocalSocket *serverSide = nullptr;
        nl::RecordingExecutor executor;
        std::unique_ptr<nl::HelperSession> session;
        proto::FrameReader reader;
        bool finished = false;
    };
    std::unique_ptr<Pair> m_pair;
    std::unique_ptr<QTemporaryDir> m_stateDir;

    Pair &open(std::vector<uid_t> allowed = {::getuid()})
    {
        m_pair = std::make_unique<Pair>();
        Pair &p = *m_pair;
        const QString path = p.dir.path() + QStringLiteral("/socket");
        if (!p.server.listen(path))
            qFatal("listen failed");
        p.client.connectToServer(path);
        QElapsedTimer t;
        t.start();
        while (!p.server.hasPendingConnections() && t.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        p.serverSide = p.server.nextPendingConnection();
        p.session = std::make_unique<nl::HelperSession>(p.serverSide, p.executor, nullptr,
                                                        nl::HelperSession::Config{std::move(allowed), 10000});
        connect(p.session.get(), &nl::HelperSession::finished, this, [&p] { p.finished = true; });
        return p;
    }

    void sendRaw(const QByteArray &bytes)
    {
        m_pair->client.write(bytes);
        m_pair->client.flush();
    }
    void send(const QJsonObject &o) { sendRaw(proto::encodeFrame(o)); }

    std::optional<QJsonObject> receive(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            QByteArray payload;
            if (m_pair->reader.next(&payload) == proto::FrameReader::Status::Frame) {
                std::string error;
                return proto::parseMessage(payload, &error);
            }
            if (t.elapsed() > timeoutMs)
                return std::nullopt;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            m_pair->reader.append(m_pair->client.readAll());
        }
    }

    QString errorCode(const QJsonObject &m)
    {
        return m.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    QString errorMessage(const QJsonObject &m)
    {
        return m.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }

    void hello()
    {
        send(obj({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}}));
        auto h = receive();
        QVERIFY(h);
        QCOMPARE(h->value(QStringLiteral("type")).toString(), QStringLiteral("hello"));
        QCOMPARE(h->value(QStringLiteral("version")).toInt(), 1);
    }

    bool waitClosed()
    {
        QElapsedTimer t;
        t.start();
        while (!(m_pair->finished && m_pair->client.state() == QLocalSocket::UnconnectedState) && t.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return m_pair->finished && m_pair->client.state() == QLocalSocket::UnconnectedState;
    }

    QJsonObject applyRequest(const std::string &prefix, const QJsonArray &ops)
    {
        return obj({{QStringLiteral("type"), QStringLiteral("apply")}, {QStringLiteral("id"), 7},
                    {QStringLiteral("prefix"), QString::fromStdString(prefix)}, {QStringLiteral("lab"), QStringLiteral("t")},
                    {QStringLiteral("ops"), ops}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::inSandbox()) {
            m_stateDir = std::make_unique<QTemporaryDir>();
            qputenv("NSLAB_STATE_DIR", m_stateDir->path().toUtf8());
        }
    }
    void cleanup() { m_pair.reset(); }

    void helloThenStatus()
    {
        open();
        hello();
        send(obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 1}}));
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(r->value(QStringLiteral("type")).toString(), QStringLiteral("result"));
        QCOMPARE(r->value(QStringLiteral("id")).toInt(), 1);
        QVERIFY(r->value(QStringLiteral("ok")).toBool());
        QCOMPARE(r->value(QStringLiteral("labs")).toArray().size(), 0);
    }

    void requestBeforeHelloClosesTheSession()
    {
        open();
        send(obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 1}}));
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("hello-required"));
        QVERIFY(waitClosed());
    }

    void wrongProtocolVersionIsRefused()
    {
        open();
        send(obj({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 2}}));
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("version"));
        QVERIFY(waitClosed());
    }

    void wrongUidIsRefusedAndNothingRuns()
    {
        open({::getuid() + 1});
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("forbidden"));
        QVERIFY(errorMessage(*r).contains(QString::number(::getuid())));
        // Whatever it sends next is never looked at.
        send(applyRequest("wu-", proto::opsToJson(test::calicoLab("wu-", 1, 1).ops)));
        QVERIFY(waitClosed());
        QVERIFY(m_pair->executor.calls().empty());
    }

    void malformedFramesAreErrorsAndTheSessionGoesOn_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{not json") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("expected a JSON object");
        QTest::newRow("no type") << QByteArray("{\"id\":1}") << QStringLiteral("$.type");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("binary") << QByteArray("\xff\xfe\x00\x01", 4) << QStringLiteral("not valid JSON");
    }
    void malformedFramesAreErrorsAndTheSessionGoesOn()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        open();
        hello();
        sendRaw(rawFrame(body));
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("malformed"));
        QVERIFY2(errorMessage(*r).contains(expected), qPrintable(errorMessage(*r)));
        send(obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 2}}));
        r = receive();
        QVERIFY(r && r->value(QStringLiteral("ok")).toBool());
    }

    void oversizedFrameClosesTheSession()
    {
        open();
        hello();
        QByteArray header(4, 0);
        header[1] = char(0x20); // 2 MiB announced
        sendRaw(header + QByteArray(1000, 'x'));
        auto r = receive();
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("too-large"));
        QVERIFY(waitClosed());
        QVERIFY(m_pair->executor.calls().empty());
    }

    void truncatedFrameThenHangupChangesNothing()
    {
        open();
        hello();
        const QByteArray full = proto::encodeFrame(applyRequest("tr-", proto::opsToJson(test::calicoLab("tr-", 1, 1).ops)));
        sendRaw(full.left(full.size() / 2));
        QTest::qWait(100);
        m_pair->client.disconnectFromServer();
        QVERIFY(waitClosed());
        QVERIFY(m_pair->executor.calls().empty());
        QVERIFY(!nl::loadJournal("tr-", nullptr));
    }

    void unknownTypesAndFieldsAreErrors_data()
    {
        QTest::addColumn<QJsonObject>("message");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        QTest::newRow("type") << obj({{QStringLiteral("type"), QStringLiteral("exec")}, {QStringLiteral("id"), 3}})
                              << QStringLiteral("unknown-type") << QStringLiteral("$.type");
        QTest::newRow("field") << obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 3},
                                       {QStringLiteral("command"), QStringLiteral("/bin/sh")}})
                               << QStringLiteral("invalid") << QStringLiteral("$.command: unknown field");
        QTest::newRow("op field") << applyRequest("uf-", QJsonArray{obj({{QStringLiteral("op"), QStringLiteral("netns-add")},
                                                                        {QStringLiteral("name"), QStringLiteral("uf-a")},
                                                                        {QStringLiteral("path"), QStringLiteral("/etc")}})})
                                  << QStringLiteral("invalid") << QStringLiteral("$.ops[0].path: unknown field");
        QTest::newRow("op kind") << applyRequest("uf-", QJsonArray{obj({{QStringLiteral("op"), QStringLiteral("shell")}})})
                                 << QStringLiteral("invalid") << QStringLiteral("$.ops[0].op: unknown op");
        QTest::newRow("bad id") << obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), -1}})
                                << QStringLiteral("invalid") << QStringLiteral("$.id");
        QTest::newRow("bad address") << applyRequest("uf-", QJsonArray{obj({{QStringLiteral("op"), QStringLiteral("addr-add")},
                                                                           {QStringLiteral("ns"), QStringLiteral("uf-a")},
                                                                           {QStringLiteral("dev"), QStringLiteral("eth0")},
                                                                           {QStringLiteral("local"), QStringLiteral("10.0.0.300/24")}})})
                                     << QStringLiteral("invalid") << QStringLiteral("$.ops[0].local: expected an IPv4 prefix");
        QTest::newRow("bad mtu") << applyRequest("uf-", QJsonArray{obj({{QStringLiteral("op"), QStringLiteral("link-set")},
                                                                       {QStringLiteral("ns"), QStringLiteral("uf-a")},
                                                                       {QStringLiteral("dev"), QStringLiteral("eth0")},
                                                                       {QStringLiteral("mtu"), 1e12}})})
                                 << QStringLiteral("invalid") << QStringLiteral("$.ops[0].mtu: expected an integer");
    }
    void unknownTypesAndFieldsAreErrors()
    {
        QFETCH(QJsonObject, message);
        QFETCH(QString, code);
        QFETCH(QString, where);
        open();
        hello();
        send(message);
        auto r = receive();
        QVERIFY(r);
        QVERIFY(!r->value(QStringLiteral("ok")).toBool());
        QCOMPARE(errorCode(*r), code);
        QVERIFY2(errorMessage(*r).contains(where), qPrintable(errorMessage(*r)));
        QVERIFY(m_pair->executor.calls().empty());
    }

    void hostileNamesAreRefused_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QJsonObject>("op");
        QTest::addColumn<QString>("expected");
        auto netns = [](const QString &n) { return obj({{QStringLiteral("op"), QStringLiteral("netns-add")}, {QStringLiteral("name"), n}}); };
        auto dummy = [](const QString &n) {
            return obj({{QStringLiteral("op"), QStringLiteral("dummy-add")}, {QStringLiteral("ns"), QStringLiteral("hn-a")},
                        {QStringLiteral("name"), n}});
        };
        QTest::newRow("ns ../x") << "hn-" << netns(QStringLiteral("hn-../x")) << "holds '/'";
        QTest::newRow("ns ..") << "hn-" << netns(QStringLiteral("..")) << "not allowed";
        QTest::newRow("ns newline") << "hn-" << netns(QStringLiteral("hn-a\nb")) << "control character";
        QTest::newRow("ns empty") << "hn-" << netns(QString()) << "empty namespace name";
        QTest::newRow("ns other prefix") << "hn-" << netns(QStringLiteral("docker0")) << "does not start with";
        QTest::newRow("ifname 16") << "hn-" << dummy(QStringLiteral("abcdefghijklmnop")) << "longer than 15";
        QTest::newRow("ifname slash") << "hn-" << dummy(QStringLiteral("a/b")) << "may only hold";
        QTest::newRow("ifname newline") << "hn-" << dummy(QStringLiteral("a\nb")) << "may only hold";
        QTest::newRow("ifname empty") << "hn-" << dummy(QString()) << "empty interface name";
        QTest::newRow("ifname dotdot") << "hn-" << dummy(QStringLiteral("..")) << "not allowed";
        QTest::newRow("prefix ../") << "../" << netns(QStringLiteral("../a")) << "prefix";
        QTest::newRow("prefix empty") << "" << netns(QStringLiteral("a")) << "prefix is empty";
        QTest::newRow("sysctl escape") << "hn-"
                                       << obj({{QStringLiteral("op"), QStringLiteral("sysctl")}, {QStringLiteral("ns"), QStringLiteral("hn-a")},
                                               {QStringLiteral("key"), QStringLiteral("net/../../../etc/shadow")},
                                               {QStringLiteral("value"), QStringLiteral("1")}})
                                       << "sysctl key";
        QTest::newRow("sysctl value") << "hn-"
                                      << obj({{QStringLiteral("op"), QStringLiteral("sysctl")}, {QStringLiteral("ns"), QStringLiteral("hn-a")},
                                              {QStringLiteral("key"), QStringLiteral("net.ipv4.ip_forward")},
                                              {QStringLiteral("value"), QStringLiteral("1\nkernel.panic=1")}})
                                      << "sysctl value";
    }
    void hostileNamesAreRefused()
    {
        QFETCH(QString, prefix);
        QFETCH(QJsonObject, op);
        QFETCH(QString, expected);
        open();
        hello();
        send(applyRequest(prefix.toStdString(),
                          QJsonArray{obj({{QStringLiteral("op"), QStringLiteral("netns-add")}, {QStringLiteral("name"), QStringLiteral("hn-a")}}),
                                     op}));
        auto r = receive();
        QVERIFY(r);
        QVERIFY(!r->value(QStringLiteral("ok")).toBool());
        QCOMPARE(errorCode(*r), QStringLiteral("invalid"));
        QVERIFY2(errorMessage(*r).contains(expected), qPrintable(errorMessage(*r)));
        QVERIFY(m_pair->executor.calls().empty());
        QVERIFY(m_pair->executor.namespaces().empty());
    }

    void applyStatusDestroyThroughTheSession()
    {
        open();
        hello();
        const auto lab = test::calicoLab("ss-", 1, 2);
        send(applyRequest("ss-", proto::opsToJson(lab.ops)));
        int progress = 0;
        std::optional<QJsonObject> r;
        while ((r = receive()) && r->value(QStringLiteral("type")).toString() == QLatin1String("progress")) {
            ++progress;
            QCOMPARE(r->value(QStringLiteral("step")).toInt(), progress);
            QCOMPARE(r->value(QStringLiteral("total")).toInt(), int(lab.ops.size()));
            QVERIFY(!r->value(QStringLiteral("op")).toString().isEmpty());
        }
        QVERIFY(r);
        QVERIFY2(r->value(QStringLiteral("ok")).toBool(), qPrintable(errorMessage(*r)));
        QCOMPARE(r->value(QStringLiteral("id")).toInt(), 7);
        QCOMPARE(progress, int(lab.ops.size()));
        QCOMPARE(m_pair->executor.calls().size(), lab.ops.size());
        send(obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 8}}));
        r = receive();
        QVERIFY(r);
        const QJsonArray labs = r->value(QStringLiteral("labs")).toArray();
        QCOMPARE(labs.size(), 1);
        QCOMPARE(labs[0].toObject().value(QStringLiteral("prefix")).toString(), QStringLiteral("ss-"));
        QVERIFY(labs[0].toObject().value(QStringLiteral("matches")).toBool());
        send(obj({{QStringLiteral("type"), QStringLiteral("destroy")}, {QStringLiteral("id"), 9}, {QStringLiteral("prefix"), QStringLiteral("ss-")}}));
        r = receive();
        QVERIFY(r && r->value(QStringLiteral("ok")).toBool());
        QCOMPARE(r->value(QStringLiteral("removed")).toArray().size(), int(lab.nodes.size()));
        QVERIFY(m_pair->executor.namespaces().empty());
    }

    void failedApplyReportsTheOpAndTheKernelMessage()
    {
        open();
        hello();
        const auto lab = test::calicoLab("fa-", 1, 1);
        m_pair->executor.failCall(5, "RTNETLINK answers: File exists");
        send(applyRequest("fa-", proto::opsToJson(lab.ops)));
        std::optional<QJsonObject> r;
        while ((r = receive()) && r->value(QStringLiteral("type")).toString() == QLatin1String("progress")) {
        }
        QVERIFY(r);
        QCOMPARE(errorCode(*r), QStringLiteral("failed"));
        QCOMPARE(errorMessage(*r), QStringLiteral("RTNETLINK answers: File exists"));
        const QJsonObject e = r->value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("opIndex")).toInt(), 5);
        QVERIFY(e.value(QStringLiteral("op")).toString().startsWith(QStringLiteral("ip ")));
        QVERIFY(m_pair->executor.namespaces().empty()); // rolled back
    }

    void opsSurviveTheWire()
    {
        const auto lab = test::calicoLab("rt-", 2, 2);
        std::vector<Op> ops = lab.ops;
        RouteOp r;
        r.ns = "rt-a";
        r.cmd = RouteCmd::Prepend;
        r.type = RouteType::Unreachable;
        r.dst = *net::Prefix::parse("10.9.0.0/16");
        r.tos = 8;
        r.metric = 4000000000u;
        r.scope = Scope::Host;
        r.proto = 99;
        r.table = 1000;
        r.onlink = true;
        r.src = net::Ipv4::parse("10.0.0.1");
        ops.push_back(r);
        ops.push_back(LinkSet{"rt-a", "x", false, std::string(), std::string("rt-b"), 9000, net::Mac::parse("02:00:00:00:00:01"), std::string("y")});
        ops.push_back(AddrAdd{"rt-a", "x", *net::Prefix::parse("10.0.0.1/8"), net::Prefix::parse("10.0.0.2/32"),
                              net::Ipv4::parse("10.255.255.255"), Scope::Link, true});
        ops.push_back(AddrDel{"rt-a", "x", *net::Prefix::parse("10.0.0.1/8"), {}});
        ops.push_back(AddrFlush{"rt-a", "x"});
        ops.push_back(RouteFlush{"rt-a", 255u, std::string("x"), net::Prefix::parse("10.0.0.0/8")});
        ops.push_back(NeighProxy{"rt-a", *net::Ipv4::parse("1.2.3.4"), "x", false});
        ops.push_back(NeighAdd{"rt-a", *net::Ipv4::parse("1.2.3.5"), *net::Mac::parse("02:00:00:00:00:02"), "x"});
        ops.push_back(LinkDel{"rt-a", "x"});
        ops.push_back(NetnsDel{"rt-a"});
        const QJsonArray json = proto::opsToJson(ops);
        const QByteArray wire = proto::encodeFrame(obj({{QStringLiteral("type"), QStringLiteral("apply")}, {QStringLiteral("ops"), json}}));
        proto::FrameReader reader;
        reader.append(wire);
        QByteArray payload;
        QCOMPARE(reader.next(&payload), proto::FrameReader::Status::Frame);
        std::string error;
        auto message = proto::parseMessage(payload, &error);
        QVERIFY2(message, error.c_str());
        auto back = proto::opsFromJson(message->value(QStringLiteral("ops")), "$.ops", &error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(back->size(), ops.size());
        for (std::size_t i = 0; i < ops.size(); ++i)
            QVERIFY2((*back)[i] == ops[i], qPrintable(QString::number(i)));
    }

    void framesSplitAnywhereReassemble()
    {
        const QByteArray a = proto::encodeFrame(obj({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}}));
        const QByteArray b = proto::encodeFrame(obj({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("id"), 5}}));
        const QByteArray stream = a + b;
        for (int cut = 0; cut <= stream.size(); ++cut) {
            proto::FrameReader r;
            r.append(stream.left(cut));
            QByteArray p;
            int frames = 0;
            while (r.next(&p) == proto::FrameReader::Status::Frame)
                ++frames;
            r.append(stream.mid(cut));
            while (r.next(&p) == proto::FrameReader::Status::Frame)
                ++frames;
            QCOMPARE(frames, 2);
            QVERIFY(r.empty());
        }
    }

    void helperBinaryEndToEnd()
    {
        if (!test::inSandbox())
            QSKIP("needs root (runs the real helper in a private mount+network namespace)");
        QString bin = qEnvironmentVariable("NSLAB_BIN_DIR");
        if (bin.isEmpty())
            bin = QStringLiteral(NSLAB_BINARY_DIR "/bin");
        // Started the way HelperClient starts it, but connected by hand so that another user
        // can try the socket first.
        QProcess helper;
        helper.start(bin + QStringLiteral("/nslab-helper"),
                     {QStringLiteral("--idle-timeout"), QStringLiteral("20"), QStringLiteral("--log-level"), QStringLiteral("warn")});
        QVERIFY(helper.waitForStarted());
        QTRY_VERIFY(helper.canReadLine());
        const QString banner = QString::fromUtf8(helper.readLine()).trimmed();
        QVERIFY2(banner.startsWith(QLatin1String(nl::kHelperSocketBanner)), qPrintable(banner));
        const QString socketPath = banner.mid(qsizetype(qstrlen(nl::kHelperSocketBanner)));
        QFileInfo dirInfo(QFileInfo(socketPath).path());
        QCOMPARE(dirInfo.ownerId(), 0u);
        QVERIFY(dirInfo.path() == QStringLiteral("/run"));
        QCOMPARE(QFileInfo(socketPath).permissions() & (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup | QFile::WriteGroup),
                 QFileDevice::Permissions());
        std::string error;

        // Another user cannot even reach the socket (0600, owned by the caller).
        const pid_t child = ::fork();
        if (child == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(10);
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un addr {};
            addr.sun_family = AF_UNIX;
            qstrncpy(addr.sun_path, socketPath.toUtf8().constData(), sizeof addr.sun_path);
            const int rc = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
            const int e = errno;
            if (rc != 0 && e != EACCES)
                std::fprintf(stderr, "connect as nobody: %s\n", std::strerror(e));
            ::_exit(rc == 0 ? 1 : (e == EACCES ? 0 : 2));
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);

        nl::HelperClient client;
        QVERIFY2(client.connectTo(socketPath, &error), error.c_str());
        // The helper serves one client: the socket is gone once it is taken.
        QVERIFY(!QFileInfo::exists(socketPath));

        const auto lab = test::calicoLab("he-", 1, 2);
        int progress = 0;
        auto r = client.call(applyRequest("he-", proto::opsToJson(lab.ops)), [&](const QJsonObject &) { ++progress; }, &error);
        QVERIFY2(r, error.c_str());
        QVERIFY2(r->value(QStringLiteral("ok")).toBool(), nl::resultError(*r).c_str());
        QCOMPARE(progress, int(lab.ops.size()));
        QCOMPARE(test::namespacesWithPrefix(QStringLiteral("he-")).size(), int(lab.nodes.size()));

        QJsonArray nodes, addresses;
        for (const auto &n : lab.nodes)
            nodes.append(QString::fromStdString(n));
        for (const auto &a : lab.addresses)
            addresses.append(QString::fromStdString(a.toString()));
        r = client.call(obj({{QStringLiteral("type"), QStringLiteral("probe")}, {QStringLiteral("prefix"), QStringLiteral("he-")},
                             {QStringLiteral("nodes"), nodes}, {QStringLiteral("addresses"), addresses}}), {}, &error);
        QVERIFY2(r && r->value(QStringLiteral("ok")).toBool(), r ? nl::resultError(*r).c_str() : error.c_str());
        const QJsonArray cells = r->value(QStringLiteral("cells")).toArray();
        QCOMPARE(cells.size(), nodes.size() * addresses.size());
        for (const auto &c : cells) {
            const QJsonArray cell = c.toArray();
            if (cell[0].toString().startsWith(QStringLiteral("pod")))
                QCOMPARE(cell[2].toInt(), 0);
        }
        // A probe of namespaces outside the lab is refused.
        r = client.call(obj({{QStringLiteral("type"), QStringLiteral("probe")}, {QStringLiteral("prefix"), QStringLiteral("he-")},
                             {QStringLiteral("nodes"), QJsonArray{QStringLiteral("elsewhere")}}, {QStringLiteral("addresses"), addresses}}),
                        {}, &error);
        QVERIFY(r && !r->value(QStringLiteral("ok")).toBool());
        QCOMPARE(errorCode(*r), QStringLiteral("refused"));

        r = client.call(obj({{QStringLiteral("type"), QStringLiteral("destroy")}, {QStringLiteral("prefix"), QStringLiteral("he-")}}), {}, &error);
        QVERIFY2(r && r->value(QStringLiteral("ok")).toBool(), error.c_str());
        QCOMPARE(test::namespacesWithPrefix(QStringLiteral("he-")), QStringList());
        client.stop();
        // The helper left with its client and took its socket directory along.
        QVERIFY(helper.waitForFinished(5000));
        QCOMPARE(helper.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(dirInfo.filePath()));
    }
};

NSLAB_SANDBOXED_TEST_MAIN(TstProtocol)
#include "tst_protocol.moc"
