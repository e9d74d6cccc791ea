// The executor, journal, rollback, destroy and status: every test that can runs against both
// the recording fake and the real kernel (inside the sandbox, see sandbox.h), like
// NetworkManager's platform tests.
#include "applier.h"
#include "journal.h"
#include "kernel/kernel.h"
#include "labs.h"
#include "netlinkexecutor.h"
#include "opdescribe.h"
#include "probe.h"
#include "recordingexecutor.h"
#include "sandbox.h"
#include "sim/sim.h"

#include <QTemporaryDir>
#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

using namespace nslab;
using namespace nslab::model::ops;
using nslab::test::inSandbox;

// QSKIP returns from the calling function, so this has to be a macro.
#define NSLAB_NEED_ROOT_FOR(real)                                                                                      \
    do {                                                                                                               \
        if ((real) && !inSandbox())                                                                                    \
            QSKIP("needs root (runs in a private mount+network namespace)");                                          \
    } while (0)

class TstExecutor : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_stateDir;

    static std::unique_ptr<nl::Executor> makeExecutor(bool real)
    {
        if (real)
            return std::make_unique<nl::NetlinkExecutor>();
        return std::make_unique<nl::RecordingExecutor>();
    }


    // Namespace names with `prefix`, as the executor's world sees them.
    static QStringList names(nl::Executor &ex, bool real, const std::string &prefix)
    {
        if (real)
            return test::namespacesWithPrefix(QString::fromStdString(prefix));
        QStringList left;
        for (const auto &n : static_cast<nl::RecordingExecutor &>(ex).namespaces())
            if (n.rfind(prefix, 0) == 0)
                left << QString::fromStdString(n);
        return left;
    }

    // Namespaces, nsfs mounts and the journal left with `prefix`.
    static QStringList leftovers(nl::Executor &ex, bool real, const std::string &prefix)
    {
        QStringList left = names(ex, real, prefix);
        if (real)
            left += test::netnsMountsWithPrefix(QString::fromStdString(prefix));
        left += test::stateFilesWithPrefix(prefix);
        return left;
    }

    static void addRows()
    {
        QTest::addColumn<bool>("real");
        QTest::newRow("fake") << false;
        QTest::newRow("kernel") << true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!inSandbox()) {
            // Without root only the fake runs; its journals go to a private folder.
            m_stateDir = std::make_unique<QTemporaryDir>();
            qputenv("NSLAB_STATE_DIR", m_stateDir->path().toUtf8());
        }
    }

    void appliedRoutesMatchTheEmulator()
    {
        NSLAB_NEED_ROOT_FOR(true);
        const auto lab = test::calicoLab("em-", 2, 2);
        nl::NetlinkExecutor ex;
        const auto report = nl::applyOps(ex, lab.ops, {"em-", "calico 2x2", {}, {}});
        QVERIFY2(report.ok, report.toString().c_str());
        kernel::Kernel emulator;
        for (const auto &op : lab.ops) {
            const Result r = emulator.apply(op);
            QVERIFY2(r.ok(), (nl::describeOp(op) + ": " + r.err).c_str());
        }
        for (const auto &node : lab.nodes) {
            const std::string ns = "em-" + node;
            const QString real = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QString::fromStdString(ns),
                                                                 QStringLiteral("route"), QStringLiteral("show")});
            QCOMPARE(real, QString::fromStdString(emulator.routeShow(ns)));
            const QString local = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QString::fromStdString(ns),
                                                                  QStringLiteral("route"), QStringLiteral("show"),
                                                                  QStringLiteral("table"), QStringLiteral("local")});
            QCOMPARE(local, QString::fromStdString(emulator.routeShow(ns, kTableLocal)));
        }
        QVERIFY(nl::destroyLab(ex, "em-").ok);
    }

    void everyRouteKindReachesTheKernelAsTheEmulatorSaysIt()
    {
        NSLAB_NEED_ROOT_FOR(true);
        const std::string p = "rk-";
        std::vector<Op> ops{NetnsAdd{p + "a"}, NetnsAdd{p + "b"}};
        ops.push_back(LinkAddVeth{p + "a", "v0", "", "v1", p + "b", {}, {}});
        ops.push_back(LinkAddBridge{p + "a", "d0"}); // CONFIG_DUMMY is often off; a bridge is always there
        ops.push_back(LinkSet{p + "a", "v0", true, {}, {}, 1400, {}, {}});
        ops.push_back(LinkSet{p + "a", "d0", true, {}, {}, {}, {}, {}});
        ops.push_back(LinkSet{p + "b", "v1", true, {}, {}, {}, {}, {}});
        ops.push_back(AddrAdd{p + "a", "v0", *net::Prefix::parse("10.0.0.1/24"), {}, {}, {}, false});
        ops.push_back(AddrAdd{p + "a", "d0", *net::Prefix::parse("10.5.0.1/32"), *net::Prefix::parse("10.5.0.2/32"), {}, Scope::Link, false});
        ops.push_back(AddrAdd{p + "a", "v0", *net::Prefix::parse("10.9.0.1/24"), {}, {}, {}, true});
        auto route = [&](RouteCmd cmd, const char *dst) {
            RouteOp r;
            r.ns = p + "a";
            r.cmd = cmd;
            r.dst = *net::Prefix::parse(dst);
            return r;
        };
        RouteOp r = route(RouteCmd::Add, "10.1.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.2");
        r.metric = 10;
        r.proto = kProtoStatic;
        ops.push_back(r);
        r = route(RouteCmd::Append, "10.1.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.3");
        r.metric = 10;
        ops.push_back(r);
        r = route(RouteCmd::Prepend, "10.2.0.0/16");
        r.dev = "v0";
        r.src = net::Ipv4::parse("10.0.0.1");
        ops.push_back(r);
        r = route(RouteCmd::Replace, "10.2.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.9");
        ops.push_back(r);
        r = route(RouteCmd::Change, "10.2.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.8");
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.3.0.0/16");
        r.type = RouteType::Unreachable;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.4.0.0/16");
        r.type = RouteType::Prohibit;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.6.0.0/16");
        r.type = RouteType::Blackhole;
        r.metric = 7;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.7.0.0/16");
        r.via = net::Ipv4::parse("192.168.1.1");
        r.dev = "v0";
        r.onlink = true;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.8.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.2");
        r.tos = 0x10;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.9.0.0/24");
        r.dev = "v0";
        r.scope = Scope::Link;
        r.metric = 100;
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.11.0.0/16");
        r.type = RouteType::Local;
        r.dev = "lo";
        ops.push_back(r);
        r = route(RouteCmd::Add, "10.12.0.0/16");
        r.via = net::Ipv4::parse("10.0.0.2");
        r.table = 100;
        ops.push_back(r);
        r = route(RouteCmd::Del, "10.1.0.0/16");
        ops.push_back(r); // deletes the first of the two metric-10 routes
        ops.push_back(NeighProxy{p + "a", *net::Ipv4::parse("10.0.0.77"), "v0", true});
        ops.push_back(NeighAdd{p + "a", *net::Ipv4::parse("10.0.0.78"), *net::Mac::parse("02:00:00:00:00:78"), "v0"});
        // Plain per-device values go over netlink, the rest through /proc/sys: both must land.
        ops.push_back(SysctlSet{p + "a", "net.ipv4.conf.v0.rp_filter", "2"});
        ops.push_back(SysctlSet{p + "a", "net.ipv4.conf.v0.arp_ignore", "2"});
        ops.push_back(SysctlSet{p + "a", "net.ipv4.conf.v0.forwarding", "1"});
        ops.push_back(SysctlSet{p + "a", "net.ipv4.neigh.v0.proxy_delay", "0"});
        ops.push_back(SysctlSet{p + "a", "net.ipv4.conf.all.forwarding", "1"});
        nl::NetlinkExecutor ex;
        const auto report = nl::applyOps(ex, ops, {p, "route kinds", {}, {}});
        QVERIFY2(report.ok, report.toString().c_str());
        kernel::Kernel emulator;
        for (const auto &op : ops) {
            const Result res = emulator.apply(op);
            QVERIFY2(res.ok(), (nl::describeOp(op) + ": " + res.err).c_str());
        }
        for (const char *node : {"a", "b"}) {
            const std::string ns = p + node;
            const QString real = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QString::fromStdString(ns),
                                                                 QStringLiteral("route"), QStringLiteral("show")});
            QCOMPARE(real, QString::fromStdString(emulator.routeShow(ns)));
        }
        const QString table100 = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QStringLiteral("rk-a"), QStringLiteral("route"),
                                                                  QStringLiteral("show"), QStringLiteral("table"), QStringLiteral("100")});
        QCOMPARE(table100, QStringLiteral("10.12.0.0/16 via 10.0.0.2 dev v0 \n"));
        const QString proxy = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QStringLiteral("rk-a"), QStringLiteral("neigh"),
                                                              QStringLiteral("show"), QStringLiteral("proxy")});
        QVERIFY2(proxy.contains(QStringLiteral("10.0.0.77 dev v0 proxy")), qPrintable(proxy));
        const QString perm = test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QStringLiteral("rk-a"), QStringLiteral("neigh"),
                                                             QStringLiteral("show"), QStringLiteral("nud"), QStringLiteral("permanent")});
        QVERIFY2(perm.contains(QStringLiteral("10.0.0.78 dev v0 lladdr 02:00:00:00:00:78 PERMANENT")), qPrintable(perm));
        const auto sysctl = [](const char *path) {
            return test::run(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("exec"), QStringLiteral("rk-a"),
                                                    QStringLiteral("cat"), QString::fromLatin1(path)}).trimmed();
        };
        QCOMPARE(sysctl("/proc/sys/net/ipv4/conf/v0/rp_filter"), QStringLiteral("2"));
        QCOMPARE(sysctl("/proc/sys/net/ipv4/conf/v0/arp_ignore"), QStringLiteral("2"));
        QCOMPARE(sysctl("/proc/sys/net/ipv4/conf/v0/forwarding"), QStringLiteral("1"));
        QCOMPARE(sysctl("/proc/sys/net/ipv4/neigh/v0/proxy_delay"), QStringLiteral("0"));
        QCOMPARE(sysctl("/proc/sys/net/ipv4/conf/all/forwarding"), QStringLiteral("1"));
        QVERIFY(nl::destroyLab(ex, p).ok);
    }

    void kernelRefusalRollsBackAndNamesTheOp()
    {
        NSLAB_NEED_ROOT_FOR(true);
        const auto lab = test::calicoLab("kr-", 1, 1);
        std::vector<Op> ops = lab.ops;
        RouteOp bad;
        bad.ns = "kr-pod1-1";
        bad.dst = *net::Prefix::parse("10.50.0.0/16");
        bad.via = net::Ipv4::parse("10.99.0.1");
        ops.push_back(bad);
        nl::NetlinkExecutor ex;
        const auto report = nl::applyOps(ex, ops, {"kr-", "bad route", {}, {}});
        QVERIFY(!report.ok);
        QCOMPARE(report.failedIndex.value_or(0), ops.size() - 1);
        QCOMPARE(QString::fromStdString(report.error), QStringLiteral("Error: Nexthop has invalid gateway."));
        QCOMPARE(QString::fromStdString(report.failedOp), QStringLiteral("ip -n kr-pod1-1 route add 10.50.0.0/16 via 10.99.0.1"));
        QVERIFY(report.rollbackProblems.empty());
        QCOMPARE(leftovers(ex, true, "kr-"), QStringList());
    }

    void failureAtEveryOpLeavesNothing_data() { addRows(); }
    void failureAtEveryOpLeavesNothing()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        const auto lab = test::calicoLab("fi-", 2, 1);
        QVERIFY(lab.ops.size() > 30);
        for (std::size_t i = 0; i < lab.ops.size(); ++i) {
            auto ex = makeExecutor(real);
            nl::ApplyOptions options{"fi-", "fault injection", i, {}};
            const auto report = nl::applyOps(*ex, lab.ops, options);
            QVERIFY(!report.ok);
            QCOMPARE(report.failedIndex.value_or(9999), i);
            QVERIFY(report.rollbackProblems.empty());
            const QStringList left = leftovers(*ex, real, "fi-");
            QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("after a failure at op %1: ").arg(i) + left.join(QLatin1Char(' '))));
        }
    }

    // A big lab's namespaces are made several at once (NetlinkExecutor::createNamespaces): the
    // result must be the same lab, and a failure in or right after that run must leave nothing.
    void namespacesMadeAtOnce()
    {
        NSLAB_NEED_ROOT_FOR(true);
        const auto lab = test::calicoLab("pp-", 2, 20); // 43 namespaces in one run
        std::size_t run = 0;
        while (run < lab.ops.size() && std::holds_alternative<NetnsAdd>(lab.ops[run]))
            ++run;
        QVERIFY(run >= 40);
        {
            nl::NetlinkExecutor ex;
            const auto report = nl::applyOps(ex, lab.ops, {"pp-", "at once", {}, {}});
            QVERIFY2(report.ok, report.toString().c_str());
            QCOMPARE(test::namespacesWithPrefix(QStringLiteral("pp-")).size(), qsizetype(run));
            kernel::Kernel emulator;
            for (const auto &op : lab.ops)
                emulator.apply(op);
            for (const auto &node : lab.nodes) {
                const std::string ns = "pp-" + node;
                QCOMPARE(test::run(QStringLiteral("ip"), {QStringLiteral("-n"), QString::fromStdString(ns), QStringLiteral("route"),
                                                          QStringLiteral("show")}),
                         QString::fromStdString(emulator.routeShow(ns)));
            }
            // Each journal entry carries the identity of the namespace made for it.
            const auto journal = nl::loadJournal("pp-", nullptr);
            QVERIFY(journal);
            for (const auto &n : journal->namespaces)
                QVERIFY2(n.created && ex.namespaceIdentity(n.name) == n.identity, n.name.c_str());
            QVERIFY(nl::destroyLab(ex, "pp-").ok);
            QCOMPARE(leftovers(ex, true, "pp-"), QStringList());
        }
        // Injected failures: the last namespace of the run, and the first op after it.
        for (const std::size_t at : {run - 1, run}) {
            nl::NetlinkExecutor ex;
            nl::ApplyOptions options{"pp-", "at once", at, {}};
            const auto report = nl::applyOps(ex, lab.ops, options);
            QVERIFY(!report.ok);
            QCOMPARE(report.failedIndex.value_or(9999), at);
            QVERIFY(report.rollbackProblems.empty());
            QCOMPARE(leftovers(ex, true, "pp-"), QStringList());
        }
        // A real refusal in the middle of the run: a directory squats one name (it is not a
        // namespace, so the ownership check lets it pass; `netns add` then fails on it). The
        // namespaces made around it are rolled back, and the squatter is not touched.
        const std::string victim = std::get<NetnsAdd>(lab.ops[run / 2]).name;
        const QString squat = QString::fromStdString(nl::netnsPath(victim));
        QVERIFY(QDir().mkpath(squat));
        {
            nl::NetlinkExecutor ex;
            const auto report = nl::applyOps(ex, lab.ops, {"pp-", "at once", {}, {}});
            QVERIFY(!report.ok);
            QCOMPARE(report.failedIndex.value_or(9999), run / 2);
            QVERIFY2(report.error.find("File exists") != std::string::npos, report.error.c_str());
            QVERIFY(report.rollbackProblems.empty());
            QVERIFY(QFileInfo(squat).isDir()); // untouched
            QCOMPARE(leftovers(ex, true, "pp-"), QStringList()); // (a directory is not listed as a namespace)
        }
        QVERIFY(QDir().rmdir(squat));
    }

    void destroyRemovesExactlyWhatWasApplied_data() { addRows(); }
    void destroyRemovesExactlyWhatWasApplied()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        auto ex = makeExecutor(real);
        // A namespace that merely shares the prefix is not nslab's and must survive.
        QVERIFY(ex->execute(NetnsAdd{"ds-foreign"}).ok);
        const auto lab = test::calicoLab("ds-", 2, 2);
        const auto report = nl::applyOps(*ex, lab.ops, {"ds-", "destroy", {}, {}});
        QVERIFY2(report.ok, report.toString().c_str());
        QCOMPARE(report.namespaces, lab.nodes.size());
        const auto d = nl::destroyLab(*ex, "ds-");
        QVERIFY(d.ok);
        QVERIFY(d.hadJournal);
        QCOMPARE(d.removed.size(), lab.nodes.size());
        QCOMPARE(names(*ex, real, "ds-"), QStringList{QStringLiteral("ds-foreign")});
        QVERIFY(!QFile::exists(QString::fromStdString(nl::journalPath("ds-"))));
        // Again: nothing recorded, nothing to do, still success.
        const auto again = nl::destroyLab(*ex, "ds-");
        QVERIFY(again.ok);
        QVERIFY(!again.hadJournal);
        QVERIFY(again.removed.empty());
        std::string error;
        QVERIFY(ex->removeNamespace("ds-foreign", &error));
        QCOMPARE(leftovers(*ex, real, "ds-"), QStringList());
    }

    void applyRefusesANamespaceItDidNotCreate_data() { addRows(); }
    void applyRefusesANamespaceItDidNotCreate()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        auto ex = makeExecutor(real);
        QVERIFY(ex->execute(NetnsAdd{"ex-host1"}).ok);
        const auto before = ex->namespaceIdentity("ex-host1");
        const auto lab = test::calicoLab("ex-", 1, 1);
        const auto report = nl::applyOps(*ex, lab.ops, {"ex-", "exists", {}, {}});
        QVERIFY(!report.ok);
        QVERIFY(!report.failedIndex); // refused before anything ran
        QVERIFY2(report.error.find("ex-host1 already exists") != std::string::npos, report.error.c_str());
        QVERIFY(ex->namespaceIdentity("ex-host1") == before);
        QVERIFY(!nl::loadJournal("ex-", nullptr));
        std::string error;
        QVERIFY(ex->removeNamespace("ex-host1", &error));
    }

    void replacedNamespaceIsLeftAlone_data() { addRows(); }
    void replacedNamespaceIsLeftAlone()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        auto ex = makeExecutor(real);
        const auto lab = test::calicoLab("rp-", 1, 1);
        QVERIFY(nl::applyOps(*ex, lab.ops, {"rp-", "replaced", {}, {}}).ok);
        auto status = nl::labStatus(*ex);
        QCOMPARE(status.size(), std::size_t(1));
        QVERIFY2(status[0].matches, status[0].problems.empty() ? "" : status[0].problems[0].c_str());
        // Someone deletes a namespace and makes their own under the same name.
        std::string error;
        QVERIFY(ex->removeNamespace("rp-pod1-1", &error));
        if (real)
            QVERIFY(ex->execute(NetnsAdd{"rp-pod1-1"}).ok);
        else
            static_cast<nl::RecordingExecutor &>(*ex).addForeignNamespace("rp-pod1-1");
        status = nl::labStatus(*ex);
        QVERIFY(!status[0].matches);
        QVERIFY(std::any_of(status[0].problems.begin(), status[0].problems.end(),
                            [](const std::string &p) { return p.find("rp-pod1-1 was replaced") != std::string::npos; }));
        const auto d = nl::destroyLab(*ex, "rp-");
        QVERIFY(d.ok);
        QCOMPARE(d.leftAlone, std::vector<std::string>{"rp-pod1-1"});
        QVERIFY(ex->namespaceIdentity("rp-pod1-1").has_value());
        QVERIFY(ex->removeNamespace("rp-pod1-1", &error));
        QCOMPARE(leftovers(*ex, real, "rp-"), QStringList());
    }

    void statusSeesAMissingLink_data() { addRows(); }
    void statusSeesAMissingLink()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        auto ex = makeExecutor(real);
        const auto lab = test::calicoLab("st-", 1, 2);
        QVERIFY(nl::applyOps(*ex, lab.ops, {"st-", "status lab", {}, {}}).ok);
        auto status = nl::labStatus(*ex);
        QCOMPARE(status.size(), std::size_t(1));
        QCOMPARE(status[0].prefix, std::string("st-"));
        QCOMPARE(status[0].state, std::string("applied"));
        QCOMPARE(status[0].namespaces, lab.nodes.size());
        QVERIFY(status[0].matches);
        QVERIFY(ex->execute(LinkDel{"st-host1", "cali2"}).ok);
        status = nl::labStatus(*ex);
        QVERIFY(!status[0].matches);
        QVERIFY(std::any_of(status[0].problems.begin(), status[0].problems.end(),
                            [](const std::string &p) { return p == "link cali2 is missing in st-host1"; }));
        QVERIFY(nl::destroyLab(*ex, "st-").ok);
        QVERIFY(nl::labStatus(*ex).empty());
    }

    void hostileNamesAreRefusedBeforeAnything_data()
    {
        QTest::addColumn<bool>("real");
        QTest::addColumn<int>("which");
        const char *names[] = {"ns ../x", "ns with newline", "16-char ifname", "empty ifname", "ns without prefix",
                               "sysctl path escape", "dot ifname", "prefix traversal"};
        for (int i = 0; i < 8; ++i) {
            QTest::newRow((std::string("fake ") + names[i]).c_str()) << false << i;
            QTest::newRow((std::string("kernel ") + names[i]).c_str()) << true << i;
        }
    }
    void hostileNamesAreRefusedBeforeAnything()
    {
        QFETCH(bool, real);
        QFETCH(int, which);
        NSLAB_NEED_ROOT_FOR(real);
        std::string prefix = "hn-";
        std::vector<Op> ops{NetnsAdd{"hn-a"}};
        switch (which) {
        case 0: ops.push_back(NetnsAdd{"hn-../x"}); break;
        case 1: ops.push_back(NetnsAdd{"hn-a\nb"}); break;
        case 2: ops.push_back(LinkAddDummy{"hn-a", "abcdefghijklmnop"}); break;
        case 3: ops.push_back(LinkAddDummy{"hn-a", ""}); break;
        case 4: ops.push_back(NetnsAdd{"other"}); break;
        case 5: ops.push_back(SysctlSet{"hn-a", "net.ipv4.conf.../../../etc.rp_filter", "1"}); break;
        case 6: ops.push_back(LinkAddDummy{"hn-a", ".."}); break;
        case 7: prefix = "../"; break;
        }
        auto ex = makeExecutor(real);
        const auto report = nl::applyOps(*ex, ops, {prefix, "hostile", {}, {}});
        QVERIFY(!report.ok);
        QVERIFY(!report.failedIndex);
        QVERIFY2(report.error.find("refused before touching the kernel") != std::string::npos, report.error.c_str());
        QVERIFY(report.error.find('\n') != std::string::npos);
        QCOMPARE(leftovers(*ex, real, "hn-"), QStringList());
        if (!real)
            QVERIFY(static_cast<nl::RecordingExecutor &>(*ex).calls().empty());
    }

    void concurrentApplyIsRefused_data() { addRows(); }
    void concurrentApplyIsRefused()
    {
        QFETCH(bool, real);
        NSLAB_NEED_ROOT_FOR(real);
        auto ex = makeExecutor(real);
        const auto lab = test::calicoLab("cc-", 1, 1);
        {
            nl::PrefixLock other("cc-"); // another nslab busy with the same lab
            QVERIFY(other.locked());
            const auto report = nl::applyOps(*ex, lab.ops, {"cc-", "concurrent", {}, {}});
            QVERIFY(!report.ok);
            QVERIFY2(report.error.find("another nslab") != std::string::npos, report.error.c_str());
            QVERIFY(!nl::destroyLab(*ex, "cc-").ok);
            QCOMPARE(names(*ex, real, "cc-"), QStringList());
            other.removeFile();
        }
        QVERIFY(nl::applyOps(*ex, lab.ops, {"cc-", "concurrent", {}, {}}).ok);
        QVERIFY(nl::destroyLab(*ex, "cc-").ok);
        QCOMPARE(leftovers(*ex, real, "cc-"), QStringList());
    }

    void fakeRecordsEveryOpInOrder()
    {
        const auto lab = test::calicoLab("rc-", 1, 2);
        nl::RecordingExecutor ex;
        std::vector<std::size_t> steps;
        nl::ApplyOptions options{"rc-", "record", {}, [&](std::size_t s, std::size_t t, const std::string &) {
                                     QCOMPARE(t, lab.ops.size());
                                     steps.push_back(s);
                                 }};
        QVERIFY(nl::applyOps(ex, lab.ops, options).ok);
        QCOMPARE(steps.size(), lab.ops.size());
        QCOMPARE(steps.back(), lab.ops.size());
        QCOMPARE(ex.calls().size(), lab.ops.size());
        for (std::size_t i = 0; i < lab.ops.size(); ++i)
            QCOMPARE(ex.calls()[i], "execute: " + nl::describeOp(lab.ops[i]));
        QVERIFY(nl::destroyLab(ex, "rc-").ok);
    }

    void destroyCleansUpAfterTheApplierWasKilled_data()
    {
        QTest::addColumn<int>("killAtStep");
        for (int step : {1, 2, 3, 7, 20, 40, 50})
            QTest::newRow(qPrintable(QStringLiteral("step %1").arg(step))) << step;
    }
    void destroyCleansUpAfterTheApplierWasKilled()
    {
        QFETCH(int, killAtStep);
        NSLAB_NEED_ROOT_FOR(true);
        const auto lab = test::calicoLab("kl-", 2, 2);
        QVERIFY(std::size_t(killAtStep) < lab.ops.size());
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            nl::NetlinkExecutor ex;
            nl::ApplyOptions options{"kl-", "killed", {}, [&](std::size_t step, std::size_t, const std::string &) {
                                         if (step == std::size_t(killAtStep))
                                             ::kill(::getpid(), SIGKILL);
                                     }};
            nl::applyOps(ex, lab.ops, options);
            ::_exit(3); // not reached
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        QVERIFY(nl::loadJournal("kl-", nullptr).has_value());
        QVERIFY(!test::namespacesWithPrefix(QStringLiteral("kl-")).isEmpty() || killAtStep == 1);
        nl::NetlinkExecutor ex;
        auto st = nl::labStatus(ex);
        QCOMPARE(st.size(), std::size_t(1));
        QCOMPARE(st[0].state, std::string("applying"));
        QVERIFY(!st[0].matches);
        const auto d = nl::destroyLab(ex, "kl-"); // the dead applier's lock went with it
        QVERIFY(d.ok);
        QCOMPARE(leftovers(ex, true, "kl-"), QStringList());
    }

    void probeMatchesTheSimulator_data()
    {
        QTest::addColumn<unsigned>("lanes");
        QTest::newRow("one lane") << 1u;
        QTest::newRow("three lanes share each round") << 3u;
    }
    void probeMatchesTheSimulator()
    {
        QFETCH(unsigned, lanes);
        NSLAB_NEED_ROOT_FOR(true);
        const auto lab = test::calicoLab("pr-", 2, 3);
        nl::NetlinkExecutor ex;
        QVERIFY(nl::applyOps(ex, lab.ops, {"pr-", "probe", {}, {}}).ok);
        nl::ProbeOptions options {"pr-", 1000};
        options.lanes = lanes;
        const auto report = nl::probe(ex, lab.nodes, lab.addresses, options);
        QVERIFY2(report.ok, report.error.c_str());
        QCOMPARE(report.lanes, int(lanes));
        // Every round but the first found what the one before left: each pod's gateway entry,
        // each host's entries for the pods that answered.
        QVERIFY(report.flushedEntries >= (lab.nodes.size() - 2) * lab.pods.size());
        QCOMPARE(report.cells.size(), lab.nodes.size() * lab.addresses.size());
        kernel::Kernel emulator;
        for (const auto &op : lab.ops)
            emulator.apply(op);
        sim::Simulator simulator(emulator);
        int pods = 0;
        for (const auto &c : report.cells) {
            const auto predicted = simulator.ping("pr-" + c.node, c.addr, false);
            QVERIFY2(predicted.exitCode == c.exitCode,
                     qPrintable(QStringLiteral("%1 -> %2: predicted %3, kernel %4 (%5)")
                                    .arg(QString::fromStdString(c.node), QString::fromStdString(c.addr.toString()))
                                    .arg(predicted.exitCode).arg(c.exitCode).arg(QString::fromStdString(c.detail))));
            if (c.node.rfind("pod", 0) == 0) {
                QVERIFY2(c.exitCode == 0, qPrintable(QString::fromStdString(c.node + " -> " + c.addr.toString() + ": " + c.detail + "; simulator: "
                                                                            + simulator.ping("pr-" + c.node, c.addr).explanation)));
                ++pods;
            }
            if (c.node == "lan")
                QCOMPARE(c.exitCode, 2); // no address, no route: connect fails
        }
        QVERIFY(pods > 0);
        QVERIFY(nl::destroyLab(ex, "pr-").ok);
    }
};

NSLAB_SANDBOXED_TEST_MAIN(TstExecutor)
#include "tst_executor.moc"
