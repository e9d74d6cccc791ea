// Planner, capture and import. The central promise: import(script) → save → load → plan →
// emulate gives the same `ip route show` (main and local) in every namespace as the script run
// as-is — checked over every differential scenario, every bundled lab and our own hard cases.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

// moc 6.4 cannot parse <concepts>; it needs none of the model headers.
#ifndef Q_MOC_RUN
#include "io/labfile.h"
#include "ops/printer.h"
#include "plan/import.h"
#include "plan/plan.h"
#endif

using namespace nslab;
using namespace nslab::model;

namespace {

QString sourceDir() { return QStringLiteral(NSLAB_SOURCE_DIR); }

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

QStringList scripts(const QString &dir)
{
    QStringList out;
    const QDir d(sourceDir() + QLatin1Char('/') + dir);
    for (const QString &name : d.entryList({QStringLiteral("*.sh")}, QDir::Files, QDir::Name))
        out << d.filePath(name);
    return out;
}

Topology loadJson(const QString &path)
{
    const auto r = io::parseLabJson(readAll(path));
    if (!r.ok())
        qFatal("%s: %s", qPrintable(path), r.errors.front().toString().c_str());
    return *r.topology;
}

template <typename T>
int indexOf(const std::vector<ops::Op> &ops, const std::function<bool(const T &)> &pred = {})
{
    for (std::size_t i = 0; i < ops.size(); ++i)
        if (const T *o = std::get_if<T>(&ops[i]); o && (!pred || pred(*o)))
            return int(i);
    return -1;
}

template <typename T>
int lastIndexOf(const std::vector<ops::Op> &ops)
{
    int last = -1;
    for (std::size_t i = 0; i < ops.size(); ++i)
        if (std::holds_alternative<T>(ops[i]))
            last = int(i);
    return last;
}

} // namespace

class TestPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("path");
        QStringList all = scripts(QStringLiteral("tests/diff/scenarios")) + scripts(QStringLiteral("resources/labs"))
                          + scripts(QStringLiteral("tests/plan/scripts"));
        QVERIFY2(scripts(QStringLiteral("tests/plan/scripts")).size() >= 4, "own round-trip scripts are missing");
        for (const QString &p : all)
            QTest::newRow(qPrintable(QFileInfo(p).dir().dirName() + QLatin1Char('/') + QFileInfo(p).fileName())) << p;
    }

    void roundTrip()
    {
        QFETCH(QString, path);
        const QByteArray text = readAll(path);
        const plan::ImportResult imported = plan::importScript(std::string_view(text.constData(), std::size_t(text.size())));
        std::string warnings;
        for (const auto &w : imported.warnings)
            warnings += w + "\n";
        QVERIFY2(imported.warnings.empty(), warnings.c_str());

        // Through the file, as a user would: save, load, plan, emulate.
        const auto loaded = io::parseLabJson(io::serializeLab(imported.topology));
        QVERIFY2(loaded.ok(), loaded.errors.empty() ? "" : loaded.errors.front().toString().c_str());
        std::vector<std::string> failures;
        const kernel::Kernel again = plan::emulate(*loaded.topology, &failures);
        std::string failed;
        for (const auto &f : failures)
            failed += f + "\n";
        QVERIFY2(failures.empty(), failed.c_str());

        QCOMPARE(again.namespaces().size(), imported.kernel.namespaces().size());
        for (const auto &[name, ns] : imported.kernel.namespaces()) {
            QVERIFY2(again.ns(name), name.c_str());
            for (const std::uint32_t table : {ops::kTableMain, ops::kTableLocal}) {
                const std::string want = imported.kernel.routeShow(name, table);
                const std::string got = again.routeShow(name, table);
                if (want != got)
                    qWarning("%s table %u\n--- script\n%s--- lab\n%s", name.c_str(), table, want.c_str(), got.c_str());
                QCOMPARE(got, want);
            }
        }
    }

    void bundledLabs_data()
    {
        QTest::addColumn<QString>("path");
        const QDir d(sourceDir() + QStringLiteral("/resources/labs"));
        const QStringList labs = d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(labs.size() >= 5);
        for (const QString &name : labs)
            QTest::newRow(qPrintable(name)) << d.filePath(name);
    }

    // Every bundled lab loads without a warning, plans without a single refused op, and gives
    // the route tables of the script it was made from.
    void bundledLabs()
    {
        QFETCH(QString, path);
        const auto r = io::parseLabJson(readAll(path));
        QVERIFY(r.ok());
        QVERIFY(r.warnings.empty());
        QVERIFY(!r.topology->title.empty());
        std::vector<std::string> failures;
        const kernel::Kernel k = plan::emulate(*r.topology, &failures);
        QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
        for (const Node &n : r.topology->nodes)
            QVERIFY2(n.x != 0 || n.y != 0, n.name.c_str());

        QString script = path;
        script.replace(QLatin1String(".json"), QLatin1String(".sh"));
        const QByteArray text = readAll(script);
        const auto imported = plan::importScript(std::string_view(text.constData(), std::size_t(text.size())));
        for (const auto &c : imported.commands)
            QVERIFY2(c.result.ok(), (c.text + ": " + c.result.err).c_str());
        for (const Node &n : r.topology->nodes)
            for (const std::uint32_t table : {ops::kTableMain, ops::kTableLocal})
                QCOMPARE(k.routeShow(n.name, table), imported.kernel.routeShow(n.name, table));
    }

    void planOrder()
    {
        const Topology t = loadJson(sourceDir() + QStringLiteral("/resources/labs/calico-two-hosts.json"));
        const auto ops = plan::planBuild(t);
        // Namespaces first, one per node.
        const int firstNonNetns = indexOf<ops::SysctlSet>(ops);
        QCOMPARE(firstNonNetns, int(t.nodes.size()));
        for (int i = 0; i < firstNonNetns; ++i)
            QVERIFY(std::holds_alternative<ops::NetnsAdd>(ops[std::size_t(i)]));
        // Namespace sysctls before any device, devices before addresses, addresses before routes.
        const int firstDevice = std::min(indexOf<ops::LinkAddVeth>(ops), indexOf<ops::LinkAddBridge>(ops));
        QVERIFY(indexOf<ops::SysctlSet>(ops, [](const ops::SysctlSet &s) { return s.key == "net.ipv4.ip_forward"; }) < firstDevice);
        QVERIFY(lastIndexOf<ops::LinkAddVeth>(ops) < indexOf<ops::AddrAdd>(ops));
        QVERIFY(lastIndexOf<ops::AddrAdd>(ops) < indexOf<ops::RouteOp>(ops));
        // Per-device sysctls come last, after their device exists.
        QVERIFY(indexOf<ops::SysctlSet>(ops, [](const ops::SysctlSet &s) { return s.key == "net.ipv4.conf.cali1.proxy_arp"; })
                > lastIndexOf<ops::RouteOp>(ops));
        // Veth pairs are created straight into both namespaces.
        const int pod = indexOf<ops::LinkAddVeth>(ops, [](const ops::LinkAddVeth &v) { return v.name == "cali1"; });
        QVERIFY(pod >= 0);
        const auto &veth = std::get<ops::LinkAddVeth>(ops[std::size_t(pod)]);
        QCOMPARE(veth.ns, std::string("node1"));
        QCOMPARE(veth.peer, std::string("eth0"));
        QCOMPARE(veth.peerNetns, std::string("pod1"));
        // The pod's link route is added before the default route that needs it.
        const auto routeIndex = [&](const char *ns, const char *dst) {
            return indexOf<ops::RouteOp>(ops, [&](const ops::RouteOp &r) { return r.ns == ns && r.dst.toRouteString() == dst; });
        };
        QVERIFY(routeIndex("pod1", "169.254.1.1") < routeIndex("pod1", "default"));
        QVERIFY(routeIndex("pod1", "169.254.1.1") >= 0);
    }

    void prefixAndTeardown()
    {
        const Topology t = loadJson(sourceDir() + QStringLiteral("/resources/labs/bridge-lan.json"));
        plan::PlanOptions options;
        options.prefix = "t1-";
        for (const auto &op : plan::planBuild(t, options)) {
            if (const auto *add = std::get_if<ops::NetnsAdd>(&op))
                QVERIFY(add->name.rfind("t1-", 0) == 0);
            else
                QVERIFY2(ops::opNamespace(op).rfind("t1-", 0) == 0, ops::printOp(op).c_str());
            if (const auto *v = std::get_if<ops::LinkAddVeth>(&op))
                QVERIFY(v->peerNetns.rfind("t1-", 0) == 0);
        }
        const auto down = plan::planTeardown(t, options);
        QCOMPARE(down.size(), t.nodes.size());
        for (std::size_t i = 0; i < down.size(); ++i)
            QCOMPARE(std::get<ops::NetnsDel>(down[i]).name, "t1-" + t.nodes[i].name);
    }

    // The lesson's final netns01 table (seed-scenario.md steps 3-7), from the lab file.
    void lessonTable()
    {
        const Topology t = loadJson(sourceDir() + QStringLiteral("/resources/labs/lesson-blog.json"));
        const Node *n = t.nodeByName("netns01");
        QVERIFY(n);
        QCOMPARE(n->deletedKernelRoutes.size(), std::size_t(1));
        QCOMPARE(n->deletedKernelRoutes[0].toString(), std::string("10.10.0.2/24"));
        const auto ops = plan::planBuild(t);
        const int del = indexOf<ops::RouteOp>(ops, [](const ops::RouteOp &r) { return r.ns == "netns01" && r.cmd == ops::RouteCmd::Del; });
        QVERIFY(del >= 0);
        QCOMPARE(ops::printOp(ops[std::size_t(del)]), std::string("ip -n netns01 route del 10.10.0.0/24 dev veth1a"));
        const int add = indexOf<ops::RouteOp>(ops, [](const ops::RouteOp &r) {
            return r.ns == "netns01" && r.cmd == ops::RouteCmd::Add && r.dst.toRouteString() == "10.10.0.0/24";
        });
        QVERIFY(del < add);
        std::vector<std::string> failures;
        const auto k = plan::emulate(t, &failures);
        QVERIFY(failures.empty());
        QCOMPARE(k.routeShow("netns01"), std::string("default via 172.16.91.201 dev veth1a \n"
                                                     "10.10.0.0/24 via 172.16.91.201 dev veth1a \n"
                                                     "172.16.91.0/24 via 172.16.91.201 dev veth1a \n"
                                                     "172.16.91.201 dev veth1a scope link \n"));
    }

    // default.* written before the devices exist seeds them; a per-device value wins.
    void sysctlSeeding()
    {
        auto r = io::parseLabJson(R"({"format": "nslab", "version": 1, "nodes": [
            {"name": "h", "kind": "host", "sysctls": [{"net.ipv4.conf.default.proxy_arp": 1}, {"net.ipv4.ip_forward": 1}],
             "interfaces": [{"name": "v1", "kind": "veth"}, {"name": "v2", "kind": "veth", "sysctls": {"proxy_arp": 0, "proxy_delay": 0}}]},
            {"name": "p", "interfaces": [{"name": "e1", "kind": "veth"}, {"name": "e2", "kind": "veth"}]}],
            "links": [{"a": {"node": "h", "interface": "v1"}, "b": {"node": "p", "interface": "e1"}},
                      {"a": {"node": "h", "interface": "v2"}, "b": {"node": "p", "interface": "e2"}}]})");
        QVERIFY(r.ok());
        std::vector<std::string> failures;
        const auto k = plan::emulate(*r.topology, &failures);
        QVERIFY(failures.empty());
        const auto *ns = k.ns("h");
        QVERIFY(ns);
        QCOMPARE(ns->device("v1")->conf.get(kernel::DevOpt::ProxyArp), 1);
        QCOMPARE(ns->device("v1")->conf.get(kernel::DevOpt::Forwarding), 1);
        QCOMPARE(ns->device("v2")->conf.get(kernel::DevOpt::ProxyArp), 0);
        QCOMPARE(ns->device("v2")->proxyDelay, 0);
        QCOMPARE(k.ns("p")->device("e1")->conf.get(kernel::DevOpt::ProxyArp), 0);
    }

    void captureKinds()
    {
        const QByteArray text = readAll(sourceDir() + QStringLiteral("/resources/labs/calico-two-hosts.sh"));
        const auto r = plan::importScript(std::string_view(text.constData(), std::size_t(text.size())));
        const Topology &t = r.topology;
        QCOMPARE(t.nodeByName("lan")->kind, NodeKind::Lan);
        QCOMPARE(t.nodeByName("node1")->kind, NodeKind::Host);
        QCOMPARE(t.nodeByName("node2")->kind, NodeKind::Host);
        QCOMPARE(t.nodeByName("gw")->kind, NodeKind::Netns);
        QCOMPARE(t.nodeByName("pod1")->kind, NodeKind::Netns);
        QCOMPARE(t.nodeByName("pod1")->host, t.nodeByName("node1")->id);
        QCOMPARE(t.nodeByName("pod4")->host, t.nodeByName("node2")->id);
        QVERIFY(!t.nodeByName("gw")->host.valid());
        // cali1: the settings Calico makes, captured as per-interface sysctls.
        const Node *node1 = t.nodeByName("node1");
        const auto cali1 = std::find_if(node1->interfaces.begin(), node1->interfaces.end(),
                                        [](const InterfaceSpec &s) { return s.name == "cali1"; });
        QVERIFY(cali1 != node1->interfaces.end());
        QCOMPARE(cali1->sysctls.at("proxy_arp"), 1);
        QCOMPARE(cali1->sysctls.at("proxy_delay"), 0);
        QCOMPARE(cali1->sysctls.at("rp_filter"), 1);
        QCOMPARE(t.links.size(), std::size_t(7));
        // Laid out: pods below their host, the LAN above.
        QVERIFY(t.nodeByName("pod1")->y > node1->y);
        QVERIFY(t.nodeByName("lan")->y < node1->y);

        const QByteArray chain = readAll(sourceDir() + QStringLiteral("/resources/labs/router-chain.sh"));
        const auto c = plan::importScript(std::string_view(chain.constData(), std::size_t(chain.size())));
        QCOMPARE(c.topology.nodeByName("r2")->kind, NodeKind::Router);
    }

    void importOutcomes()
    {
        const char *script = "# a comment\n"
                             "\n"
                             "ip netns add x\n"
                             "ip -n x link add v1 type dummy\n"
                             "ip -n x link set v1 up\n"
                             "   # indented comment\n"
                             "ip -n x addr add 10.0.0.1/24 dev v1\n"
                             "ip -n x route add 10.0.0.0/24 dev v1\n"
                             "frobnicate --all\n"
                             "ip -n x route add 10.1.0.0/16 via 10.0.0.2\n";
        const auto r = plan::importScript(script);
        QCOMPARE(r.commands.size(), std::size_t(7));
        for (std::size_t i = 0; i < r.commands.size(); ++i)
            QCOMPARE(r.commands[i].index, int(i + 1));
        QCOMPARE(r.commands[0].line, 3);
        QCOMPARE(r.commands[4].line, 8);
        QCOMPARE(r.commands[4].result.exitCode, 2);
        QCOMPARE(r.commands[4].result.err, std::string("RTNETLINK answers: File exists\n"));
        QVERIFY(r.commands[5].unsupported);
        QVERIFY(!r.commands[5].result.err.empty());
        QCOMPARE(r.commands[6].result.exitCode, 0); // the script goes on after both
        QCOMPARE(r.kernel.routeShow("x"), std::string("10.0.0.0/24 dev v1 proto kernel scope link src 10.0.0.1 \n"
                                                      "10.1.0.0/16 via 10.0.0.2 dev v1 \n"));
        QCOMPARE(r.topology.nodes.size(), std::size_t(1));
    }

    void perHost()
    {
        const Topology t = loadJson(sourceDir() + QStringLiteral("/resources/labs/lesson-blog.json"));
        const auto ms = plan::machines(t);
        std::vector<std::string> names;
        for (const NodeId id : ms)
            names.push_back(t.node(id)->name);
        QCOMPARE(names, (std::vector<std::string>{"a", "b", "gw", "lan"}));
        const NodeId a = t.nodeByName("a")->id;
        const auto ops = plan::planHost(t, a);
        QCOMPARE(indexOf<ops::NetnsAdd>(ops, [](const ops::NetnsAdd &n) { return n.name == "a"; }), -1);
        QVERIFY(indexOf<ops::NetnsAdd>(ops, [](const ops::NetnsAdd &n) { return n.name == "netns01"; }) >= 0);
        QCOMPARE(indexOf<ops::NetnsAdd>(ops, [](const ops::NetnsAdd &n) { return n.name == "netns03"; }), -1);
        // ens33 is the machine's NIC: configured, not created.
        QCOMPARE(indexOf<ops::LinkAddVeth>(ops, [](const ops::LinkAddVeth &v) { return v.name == "ens33" || v.peer == "ens33"; }), -1);
        QVERIFY(indexOf<ops::AddrAdd>(ops, [](const ops::AddrAdd &ad) { return ad.ns == "a" && ad.dev == "ens33"; }) >= 0);
        const std::string text = ops::printScript(ops, "a");
        QVERIFY2(text.find("\nip route add 10.10.0.2 dev vetha1\n") != std::string::npos, text.c_str());
        QVERIFY(text.find("ip -n netns01 addr add 10.10.0.2/24 dev veth1a") != std::string::npos);
    }

    void loadLabEitherKind()
    {
        const auto json = io::loadLab(sourceDir() + QStringLiteral("/resources/labs/bridge-lan.json"));
        QVERIFY(json.ok());
        const auto script = io::loadLab(sourceDir() + QStringLiteral("/resources/labs/bridge-lan.sh"));
        QVERIFY(script.ok());
        QCOMPARE(script.topology->nodes.size(), json.topology->nodes.size());
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.sh"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("ip netns add x\nip -n x route add 10.0.0.0/8 dev nosuch\n");
        f.close();
        const auto warned = io::loadLab(bad);
        QVERIFY(warned.ok());
        QCOMPARE(warned.warnings.size(), std::size_t(1));
        QCOMPARE(warned.warnings[0].where, std::string("line 2"));
        QVERIFY(!io::loadLab(dir.filePath(QStringLiteral("missing.json"))).ok());
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
