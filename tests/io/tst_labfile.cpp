// The lab file: every validation error names its JSON path; save → load gives the same topology.
// moc 6.4 cannot parse <concepts>; it needs none of the model headers.
#ifndef Q_MOC_RUN
#include "io/labfile.h"
#endif

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace nslab;
using namespace nslab::model;

namespace {

QByteArray lab(const char *nodes, const char *links = "[]")
{
    return QByteArray(R"({"format": "nslab", "version": 1, "title": "t", "nodes": )") + nodes
           + R"(, "links": )" + links + "}";
}

// The one error a bad file gives, as "where: message".
std::string onlyError(const QByteArray &json)
{
    const auto r = io::parseLabJson(json);
    if (r.ok())
        return "(loaded fine)";
    std::string all;
    for (const auto &e : r.errors)
        all += (all.empty() ? "" : " | ") + e.toString();
    return all;
}

Topology sample()
{
    Topology t;
    t.title = "two hosts \"quoted\"";
    t.description = "line one\nline two";
    Node a;
    a.id = NodeId{1};
    a.name = "a";
    a.kind = NodeKind::Host;
    a.x = 12.5;
    a.y = -40;
    a.sysctls = {{"net.ipv4.ip_forward", 1}, {"net.ipv4.conf.all.rp_filter", 2}, {"net.ipv4.conf.default.proxy_arp", 1}};
    InterfaceSpec ens;
    ens.name = "ens33";
    ens.addresses.push_back({*net::Prefix::parse("172.16.91.201/24"), std::nullopt, std::nullopt, false, std::nullopt});
    ens.addresses.push_back({*net::Prefix::parse("10.0.3.1/32"), net::Prefix::parse("10.0.3.2/32"), ops::Scope::Link, true, net::Ipv4::parse("10.0.3.9")});
    ens.mtu = 1400;
    ens.mac = net::Mac::parse("02:00:00:00:00:01");
    InterfaceSpec vetha1;
    vetha1.name = "vetha1";
    vetha1.up = false;
    vetha1.sysctls = {{"proxy_arp", 1}, {"proxy_delay", 0}};
    InterfaceSpec br;
    br.name = "br0";
    br.kind = InterfaceKind::Bridge;
    InterfaceSpec port;
    port.name = "p0";
    port.master = "br0";
    a.interfaces = {ens, vetha1, br, port};
    RouteSpec r1;
    r1.dst = *net::Prefix::parse("10.10.1.0/24");
    r1.via = net::Ipv4::parse("172.16.91.202");
    r1.dev = "ens33";
    RouteSpec r2;
    r2.type = ops::RouteType::Blackhole;
    r2.dst = net::Prefix{net::Ipv4{0}, 0};
    r2.metric = 100;
    r2.proto = 4;
    r2.table = 255;
    r2.tos = 16;
    r2.scope = ops::Scope::Host;
    r2.src = net::Ipv4::parse("172.16.91.201");
    r2.onlink = true;
    a.routes = {r1, r2};
    a.deletedKernelRoutes = {*net::Prefix::parse("172.16.91.201/24")};
    a.neighbours = {{*net::Ipv4::parse("169.254.1.1"), "vetha1", true, std::nullopt},
                    {*net::Ipv4::parse("10.0.0.9"), "ens33", false, net::Mac::parse("02:00:00:00:00:09")}};
    a.loUp = false;
    a.loAddresses = {{*net::Prefix::parse("10.7.0.1/24"), std::nullopt, std::nullopt, false}};
    a.note = "the host";
    Node n;
    n.id = NodeId{2};
    n.name = "netns01";
    n.host = NodeId{1};
    InterfaceSpec v;
    v.name = "veth1a";
    v.addresses.push_back({*net::Prefix::parse("10.10.0.2/24"), std::nullopt, std::nullopt, false, std::nullopt});
    n.interfaces = {v};
    Node p;
    p.id = NodeId{3};
    p.name = "peer";
    InterfaceSpec pv;
    pv.name = "x";
    p.interfaces = {pv};
    t.nodes = {a, n, p};
    t.links = {{LinkId{1}, {NodeId{1}, "vetha1"}, {NodeId{2}, "veth1a"}}, {LinkId{2}, {NodeId{1}, "ens33"}, {NodeId{3}, "x"}}};
    return t;
}

bool sameRoute(const RouteSpec &a, const RouteSpec &b)
{
    return a.type == b.type && a.dst == b.dst && a.tos == b.tos && a.via == b.via && a.dev == b.dev && a.src == b.src
           && a.metric == b.metric && a.scope == b.scope && a.proto == b.proto && a.table == b.table && a.onlink == b.onlink;
}

} // namespace

class TestLabFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const Topology t = sample();
        const QByteArray json = io::serializeLab(t);
        const auto r = io::parseLabJson(json);
        QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().toString().c_str());
        const Topology &u = *r.topology;
        QCOMPARE(u.title, t.title);
        QCOMPARE(u.description, t.description);
        QCOMPARE(u.nodes.size(), t.nodes.size());
        for (std::size_t i = 0; i < t.nodes.size(); ++i) {
            const Node &x = t.nodes[i], &y = u.nodes[i];
            QCOMPARE(y.name, x.name);
            QCOMPARE(y.kind, x.kind);
            QCOMPARE(y.host, x.host);
            QCOMPARE(y.x, x.x);
            QCOMPARE(y.y, x.y);
            QCOMPARE(y.loUp, x.loUp);
            QVERIFY(y.loAddresses == x.loAddresses);
            QVERIFY(y.sysctls == x.sysctls);
            QVERIFY(y.deletedKernelRoutes == x.deletedKernelRoutes);
            QCOMPARE(y.note, x.note);
            QCOMPARE(y.interfaces.size(), x.interfaces.size());
            for (std::size_t j = 0; j < x.interfaces.size(); ++j) {
                const auto &p = x.interfaces[j], &q = y.interfaces[j];
                QCOMPARE(q.name, p.name);
                QCOMPARE(q.kind, p.kind);
                QCOMPARE(q.up, p.up);
                QVERIFY(q.addresses == p.addresses);
                QCOMPARE(q.mtu, p.mtu);
                QVERIFY(q.mac == p.mac);
                QCOMPARE(q.master, p.master);
                QVERIFY(q.sysctls == p.sysctls);
            }
            QCOMPARE(y.routes.size(), x.routes.size());
            for (std::size_t j = 0; j < x.routes.size(); ++j)
                QVERIFY(sameRoute(y.routes[j], x.routes[j]));
            QCOMPARE(y.neighbours.size(), x.neighbours.size());
            for (std::size_t j = 0; j < x.neighbours.size(); ++j) {
                QCOMPARE(y.neighbours[j].addr, x.neighbours[j].addr);
                QCOMPARE(y.neighbours[j].dev, x.neighbours[j].dev);
                QCOMPARE(y.neighbours[j].proxy, x.neighbours[j].proxy);
                QVERIFY(y.neighbours[j].lladdr == x.neighbours[j].lladdr);
            }
        }
        QCOMPARE(u.links.size(), t.links.size());
        for (std::size_t i = 0; i < t.links.size(); ++i) {
            QVERIFY(u.links[i].a == t.links[i].a);
            QVERIFY(u.links[i].b == t.links[i].b);
        }
        // Stable: writing what was read gives the same bytes.
        QCOMPARE(io::serializeLab(u), json);
    }

    void humanDiffable()
    {
        const QByteArray json = io::serializeLab(sample());
        // Key order is meaningful, not alphabetical; short things stay on one line.
        QVERIFY(json.startsWith("{\n  \"format\": \"nslab\",\n  \"version\": 1,\n  \"title\": "));
        QVERIFY(json.indexOf("\"name\": \"a\"") < json.indexOf("\"kind\": \"host\""));
        QVERIFY(json.contains("{\"dst\": \"10.10.1.0/24\", \"via\": \"172.16.91.202\", \"dev\": \"ens33\"}"));
        QVERIFY(json.contains("\"addresses\": [\"10.10.0.2/24\"]"));
        QVERIFY(json.contains("{\"net.ipv4.ip_forward\": 1}"));
        QVERIFY(json.contains("\"dst\": \"default\""));
        QVERIFY(!json.contains("\"onlink\": false"));
    }

    void saveAtomic()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("lab.json"));
        QString error;
        QVERIFY(io::saveLabAtomic(sample(), path, &error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto r = io::parseLabJson(file.readAll());
        QVERIFY(r.ok());
        QCOMPARE(r.topology->nodes.size(), std::size_t(3));
        QVERIFY(!io::saveLabAtomic(sample(), dir.filePath(QStringLiteral("no/such/dir/lab.json")), &error));
        QVERIFY(error.contains(QLatin1String("lab.json")));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newer version") << QByteArray(R"({"format": "nslab", "version": 2, "nodes": []})")
                                       << "$.version: made by a newer nslab: version 2, this nslab reads up to 1";
        QTest::newRow("not nslab") << QByteArray(R"({"format": "other", "version": 1})") << "$.format: expected \"nslab\"";
        QTest::newRow("truncated") << QByteArray("{\"format\": \"nslab\",\n  \"version\": 1,\n  \"nodes\": [")
                                   << "line 3, column 13: not valid JSON";
        QTest::newRow("garbage") << QByteArray("{\n  \"format\" = 1\n}") << "line 2, column 13: not valid JSON: missing name separator";
        QTest::newRow("empty") << QByteArray("  \n") << "the lab file is empty";
        QTest::newRow("array top") << QByteArray("[1]") << "$: expected a JSON object";
        QTest::newRow("unknown top key") << lab("[]").replace("\"title\"", "\"titel\"") << "$.titel: unknown key \"titel\"";
        QTest::newRow("unknown node key") << lab(R"([{"name": "a", "adresses": []}])") << "$.nodes[0].adresses: unknown key";
        QTest::newRow("wrong type") << lab(R"([{"name": 5}])") << "$.nodes[0].name: expected a string";
        QTest::newRow("missing name") << lab(R"([{"kind": "host"}])") << "$.nodes[0]: missing \"name\"";
        QTest::newRow("bad kind") << lab(R"([{"name": "a", "kind": "switch"}])") << "$.nodes[0].kind: unknown node kind \"switch\"";
        QTest::newRow("bad node name") << lab(R"([{"name": "a b"}])") << "$.nodes[0].name: node name \"a b\" cannot contain whitespace";
        QTest::newRow("slash node name") << lab(R"([{"name": "a/b"}])") << "$.nodes[0].name: node name \"a/b\" cannot contain '/'";
        QTest::newRow("duplicate node")
            << lab(R"([{"name": "a"}, {"name": "b"}, {"name": "a"}])") << "$.nodes[2].name: duplicate node name \"a\"";
        QTest::newRow("bad address")
            << lab(R"([{"name": "a"}, {"name": "b"}, {"name": "c", "interfaces": [{"name": "e0", "kind": "dummy", "addresses": ["10.0.0.1/24", "10.0.0.300/24"]}]}])")
            << "$.nodes[2].interfaces[0].addresses[1]: \"10.0.0.300/24\" is not an IPv4 address";
        QTest::newRow("bad prefix len")
            << lab(R"([{"name": "a", "interfaces": [{"name": "e0", "kind": "dummy", "addresses": ["10.0.0.1/33"]}]}])")
            << "$.nodes[0].interfaces[0].addresses[0]: \"10.0.0.1/33\"";
        QTest::newRow("duplicate address")
            << lab(R"([{"name": "a", "interfaces": [{"name": "e0", "kind": "dummy", "addresses": ["10.0.0.1/24", "10.0.0.1/24"]}]}])")
            << "$.nodes[0].interfaces[0].addresses[1]: duplicate address 10.0.0.1/24";
        QTest::newRow("long ifname")
            << lab(R"([{"name": "a", "interfaces": [{"name": "abcdefghijklmnop", "kind": "dummy"}]}])")
            << "$.nodes[0].interfaces[0].name: interface name \"abcdefghijklmnop\" is longer than 15";
        QTest::newRow("slash ifname") << lab(R"([{"name": "a", "interfaces": [{"name": "a/b", "kind": "dummy"}]}])")
                                      << "$.nodes[0].interfaces[0].name: interface name \"a/b\" cannot contain '/'";
        QTest::newRow("colon ifname") << lab(R"([{"name": "a", "interfaces": [{"name": "a:1", "kind": "dummy"}]}])")
                                      << "cannot contain ':'";
        QTest::newRow("space ifname") << lab(R"([{"name": "a", "interfaces": [{"name": "a b", "kind": "dummy"}]}])")
                                      << "cannot contain whitespace";
        QTest::newRow("duplicate ifname")
            << lab(R"([{"name": "a", "interfaces": [{"name": "e0", "kind": "dummy"}, {"name": "e0", "kind": "dummy"}]}])")
            << "$.nodes[0].interfaces[1].name: duplicate interface name \"e0\"";
        QTest::newRow("link to missing node")
            << lab(R"([{"name": "a", "interfaces": [{"name": "v0"}]}])", R"([{"a": {"node": "a", "interface": "v0"}, "b": {"node": "zz", "interface": "v1"}}])")
            << "$.links[0].b.node: no node named \"zz\"";
        QTest::newRow("link to missing iface")
            << lab(R"([{"name": "a", "interfaces": [{"name": "v0"}]}, {"name": "b"}])", R"([{"a": {"node": "a", "interface": "v0"}, "b": {"node": "b", "interface": "v1"}}])")
            << "$.links[0].b.interface: node \"b\" has no interface \"v1\"";
        QTest::newRow("veth linked twice")
            << lab(R"([{"name": "a", "interfaces": [{"name": "v0"}]}, {"name": "b", "interfaces": [{"name": "v1"}, {"name": "v2"}]}])",
                   R"([{"a": {"node": "a", "interface": "v0"}, "b": {"node": "b", "interface": "v1"}}, {"a": {"node": "a", "interface": "v0"}, "b": {"node": "b", "interface": "v2"}}])")
            << "$.links[1]: \"a/v0\" is already linked in $.links[0]";
        QTest::newRow("route dev missing")
            << lab(R"([{"name": "a", "routes": [{"dst": "10.0.0.0/8", "dev": "eth9"}]}])")
            << "$.nodes[0].routes[0].dev: no interface \"eth9\" in node \"a\"";
        QTest::newRow("route host bits")
            << lab(R"([{"name": "a", "routes": [{"dst": "10.1.0.5/16"}]}])")
            << "$.nodes[0].routes[0].dst: \"10.1.0.5/16\" has host bits set (did you mean 10.1.0.0/16?)";
        QTest::newRow("route bad via")
            << lab(R"([{"name": "a", "routes": [{"dst": "default", "via": "1.2.3"}]}])")
            << "$.nodes[0].routes[0].via: \"1.2.3\" is not an IPv4 address";
        QTest::newRow("route bad metric")
            << lab(R"([{"name": "a", "routes": [{"dst": "default", "metric": -1}]}])")
            << "$.nodes[0].routes[0].metric: out of range";
        QTest::newRow("host not a host")
            << lab(R"([{"name": "a"}, {"name": "b", "host": "a"}])") << "$.nodes[1].host: \"a\" is a netns, not a host";
        QTest::newRow("bad sysctl")
            << lab(R"([{"name": "a", "sysctls": [{"net.ipv4.conf.eth0.rp_filter": 1}]}])")
            << "$.nodes[0].sysctls[0].net.ipv4.conf.eth0.rp_filter: unsupported namespace sysctl";
        QTest::newRow("bad iface sysctl")
            << lab(R"([{"name": "a", "interfaces": [{"name": "e0", "kind": "dummy", "sysctls": {"proxy_arb": 1}}]}])")
            << "$.nodes[0].interfaces[0].sysctls.proxy_arb: unknown interface sysctl";
        QTest::newRow("master not bridge")
            << lab(R"([{"name": "a", "interfaces": [{"name": "e0", "kind": "dummy"}, {"name": "e1", "kind": "dummy", "master": "e0"}]}])")
            << "$.nodes[0].interfaces[1].master: \"e0\" is not a bridge";
        QTest::newRow("deleted route unknown")
            << lab(R"([{"name": "a", "deletedKernelRoutes": ["10.0.0.1/24"]}])")
            << "$.nodes[0].deletedKernelRoutes[0]: no address 10.0.0.1/24 in node \"a\"";
        QTest::newRow("missing nodes") << QByteArray(R"({"format": "nslab", "version": 1})") << "$: missing \"nodes\"";
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const std::string got = onlyError(json);
        QVERIFY2(QString::fromStdString(got).contains(expected), got.c_str());
    }

    void unlinkedVethWarns()
    {
        const auto r = io::parseLabJson(lab(R"([{"name": "a", "interfaces": [{"name": "v0"}]}])"));
        QVERIFY(r.ok());
        QCOMPARE(r.warnings.size(), std::size_t(1));
        QCOMPARE(r.warnings[0].where, std::string("$.nodes[0].interfaces[0]"));
    }
};

QTEST_GUILESS_MAIN(TestLabFile)
#include "tst_labfile.moc"
