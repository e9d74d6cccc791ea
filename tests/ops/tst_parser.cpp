// The parser against what iproute2 6.1 / procps-ng 4.0 do with the same words. The expected
// Rejected texts were taken from the real tools (see tst_parser_real.cpp, which re-checks them
// against the machine's iproute2 when run as root).
// moc 6.4 cannot parse <compare>/<concepts>: it does not need the model headers.
#ifndef Q_MOC_RUN
#include "ops/parser.h"
#include "ops/printer.h"
#include "ops/iproute2usage.h"
#endif

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <string>

using namespace nslab::model::ops;
using nslab::net::Ipv4;
using nslab::net::Mac;
using nslab::net::Prefix;

Q_DECLARE_METATYPE(nslab::model::ops::Op)
Q_DECLARE_METATYPE(std::vector<nslab::model::ops::Op>)

namespace {

Ipv4 ip(const char *s)
{
    return *Ipv4::parse(s);
}
Prefix pfx(const char *s)
{
    return *Prefix::parse(s);
}
Mac mac(const char *s)
{
    return *Mac::parse(s);
}

RouteOp route(RouteCmd cmd, const char *dst, const char *ns = "host")
{
    RouteOp r;
    r.ns = ns;
    r.cmd = cmd;
    r.dst = pfx(dst);
    return r;
}
RouteOp routeDev(RouteCmd cmd, const char *dst, const char *dev, const char *ns = "host")
{
    RouteOp r = route(cmd, dst, ns);
    r.dev = dev;
    return r;
}
RouteOp routeVia(RouteCmd cmd, const char *dst, const char *via, const char *dev = nullptr, const char *ns = "host")
{
    RouteOp r = route(cmd, dst, ns);
    r.via = ip(via);
    if (dev)
        r.dev = dev;
    return r;
}
RouteOp typed(RouteType t, const char *dst)
{
    RouteOp r = route(RouteCmd::Add, dst);
    r.type = t;
    return r;
}
LinkSet linkSet(const char *dev, const char *ns = "host")
{
    LinkSet l;
    l.ns = ns;
    l.dev = dev;
    return l;
}
LinkAddVeth veth(const char *name, const char *peer, const char *netns = "", const char *peerNetns = "",
                 const char *ns = "host")
{
    LinkAddVeth v;
    v.ns = ns;
    v.name = name;
    v.peer = peer;
    v.netns = netns;
    v.peerNetns = peerNetns;
    return v;
}
AddrAdd addrAdd(const char *local, const char *dev, const char *ns = "host")
{
    AddrAdd a;
    a.ns = ns;
    a.local = pfx(local);
    a.dev = dev;
    return a;
}

QByteArray show(const Op &op)
{
    if (const auto *r = std::get_if<Rejected>(&op))
        return QByteArray("Rejected{") + r->ns.c_str() + ", " + QByteArray::number(r->exitCode) + ", "
               + r->stderrText.c_str() + "}";
    return QByteArray::fromStdString(printOp(op, "host")) + " [ns=" + QByteArray::fromStdString(opNamespace(op))
           + "]";
}

void compareOps(const ParsedCommand &pc, const std::vector<Op> &expected)
{
    if (pc.unsupported)
        QFAIL(QByteArray("unsupported: " + QByteArray::fromStdString(pc.message)).constData());
    QCOMPARE(pc.ops.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (!(pc.ops[i] == expected[i]))
            QFAIL(QByteArray("got      " + show(pc.ops[i]) + "\nexpected " + show(expected[i])).constData());
    }
}

} // namespace

class TestParser : public QObject {
    Q_OBJECT

private slots:
    void abbreviations_data();
    void abbreviations();
    void namespaces_data();
    void namespaces();
    void sysctls_data();
    void sysctls();
    void rejected_data();
    void rejected();
    void unsupported_data();
    void unsupported();
    void usageTexts_data();
    void usageTexts();
    void shellNoOps();
    void variables();
    void transcript();
    void plainScript();
    void continuationAndComments();
    void hostOption();
    void hostileInput();
    void fuzzNeverCrashes();
    void hugeInputIsLinear();
};

void TestParser::abbreviations_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<std::vector<Op>>("ops");
    auto row = [](const char *line, Op op) { QTest::newRow(line) << QByteArray(line) << std::vector<Op>{std::move(op)}; };

    // objects: the first entry of ip.c's table that the word abbreviates
    row("ip r a 10.10.0.2 dev vetha1", routeDev(RouteCmd::Add, "10.10.0.2/32", "vetha1"));
    row("ip ro add 10.10.0.2 dev vetha1", routeDev(RouteCmd::Add, "10.10.0.2/32", "vetha1"));
    row("ip route add 172.16.91.0/24 via 172.16.91.201", routeVia(RouteCmd::Add, "172.16.91.0/24", "172.16.91.201"));
    row("ip r add 10.10.1.0/24 dev ens33 via 172.16.91.202",
        routeVia(RouteCmd::Add, "10.10.1.0/24", "172.16.91.202", "ens33"));
    row("ip r del 172.16.91.0/24 dev veth1a", routeDev(RouteCmd::Del, "172.16.91.0/24", "veth1a"));
    row("ip r d 10.1.0.0/16", route(RouteCmd::Del, "10.1.0.0/16"));
    row("ip r delete default", route(RouteCmd::Del, "0.0.0.0/0"));
    row("ip r c 10.1.0.0/16 dev e", routeDev(RouteCmd::Change, "10.1.0.0/16", "e"));
    row("ip r chg 10.1.0.0/16 dev e", routeDev(RouteCmd::Change, "10.1.0.0/16", "e"));
    row("ip r r 10.1.0.0/16 dev e", routeDev(RouteCmd::Replace, "10.1.0.0/16", "e"));
    row("ip r p 10.1.0.0/16 dev e", routeDev(RouteCmd::Prepend, "10.1.0.0/16", "e"));
    row("ip r ap 10.1.0.0/16 dev e", routeDev(RouteCmd::Append, "10.1.0.0/16", "e"));
    row("ip r", RouteShow{"host", kTableMain});
    row("ip r s", RouteShow{"host", kTableMain});
    row("ip r l", RouteShow{"host", kTableMain});
    row("ip r ls table local", RouteShow{"host", kTableLocal});
    row("ip route show table 100", RouteShow{"host", 100});
    row("ip route list table all", RouteShow{"host", 0});
    row("ip r g 10.0.0.1", RouteGet{"host", ip("10.0.0.1"), std::nullopt, std::nullopt});
    row("ip route get to 10.0.0.1 from 10.0.0.2 iif eth0", RouteGet{"host", ip("10.0.0.1"), ip("10.0.0.2"), "eth0"});
    row("ip route get 10.0.0.1 f 10.0.0.2 i eth0", RouteGet{"host", ip("10.0.0.1"), ip("10.0.0.2"), "eth0"});
    row("ip r f dev eth0", RouteFlush{"host", std::nullopt, "eth0", std::nullopt});
    row("ip route flush table main", RouteFlush{"host", kTableMain, std::nullopt, std::nullopt});
    row("ip route flush 10.0.0.0/24", RouteFlush{"host", std::nullopt, std::nullopt, pfx("10.0.0.0/24")});
    row("ip route flush default", RouteFlush{"host", std::nullopt, std::nullopt, pfx("0.0.0.0/0")});
    row("ip route flush all", RouteFlush{"host", std::nullopt, std::nullopt, std::nullopt});

    // route keywords, in iproute_modify()'s order
    row("ip route add blackhole 10.1.0.0/16", typed(RouteType::Blackhole, "10.1.0.0/16"));
    row("ip route add bl 10.1.0.0/16", typed(RouteType::Blackhole, "10.1.0.0/16"));
    row("ip route add u 10.1.0.0/16", typed(RouteType::Unreachable, "10.1.0.0/16")); // before unicast
    row("ip route add uni 10.1.0.0/16", typed(RouteType::Unicast, "10.1.0.0/16"));
    row("ip route add proh 10.1.0.0/16", typed(RouteType::Prohibit, "10.1.0.0/16")); // "pro" is protocol
    row("ip route add throw 10.1.0.0/16", typed(RouteType::Throw, "10.1.0.0/16"));
    row("ip route add nat 10.1.0.0/16", typed(RouteType::Nat, "10.1.0.0/16"));
    row("ip route add brd 10.1.0.0/16", typed(RouteType::Broadcast, "10.1.0.0/16"));
    row("ip route add to unreachable 10.1.0.0/16", typed(RouteType::Unreachable, "10.1.0.0/16"));
    row("ip route add to 10.0.0.0/8 via 10.0.0.1", routeVia(RouteCmd::Add, "10.0.0.0/8", "10.0.0.1"));
    row("ip route add 10.0.0.0/8 via inet 10.0.0.1", routeVia(RouteCmd::Add, "10.0.0.0/8", "10.0.0.1"));
    row("ip route add 10/8 dev e", routeDev(RouteCmd::Add, "10.0.0.0/8", "e"));              // get_addr_ipv4
    row("ip route add 012.1.0.0/16 dev e", routeDev(RouteCmd::Add, "10.1.0.0/16", "e"));     // octal
    row("ip route add 10.1.0.0/255.255.0.0 dev e", routeDev(RouteCmd::Add, "10.1.0.0/16", "e"));
    row("ip route add 10.1.0.5/16 dev e", routeDev(RouteCmd::Add, "10.1.0.5/16", "e"));      // host bits kept
    row("ip route add all dev e", routeDev(RouteCmd::Add, "0.0.0.0/0", "e")); // "any" abbreviates anycast
    row("ip route add 10.1.0.0/16 dev e oif f", routeDev(RouteCmd::Add, "10.1.0.0/16", "f"));
    {
        RouteOp r = routeVia(RouteCmd::Add, "0.0.0.0/0", "10.0.0.1", "eth0");
        r.metric = 100;
        row("ip route add default via 10.0.0.1 dev eth0 metric 100", r);
        row("ip route add default via 10.0.0.1 dev eth0 m 100", r);
        row("ip route add default via 10.0.0.1 dev eth0 p 100", r);   // priority
        row("ip route add default via 10.0.0.1 dev eth0 pr 100", r);  // priority, not protocol
        row("ip route add default via 10.0.0.1 dev eth0 preference 100", r);
        row("ip route add default via 10.0.0.1 dev eth0 metric 0x64", r);
    }
    {
        RouteOp r = routeDev(RouteCmd::Add, "10.3.0.0/16", "eth0");
        r.src = ip("10.0.0.1");
        r.scope = Scope::Link;
        r.proto = kProtoKernel;
        r.table = kTableMain;
        r.onlink = true;
        r.tos = 0x10;
        row("ip r a 10.3.0.0/16 dev eth0 src 10.0.0.1 scope link proto kernel table main onlink tos 10", r);
        row("ip r a 10.3.0.0/16 dev eth0 src 10.0.0.1 scope 253 pro 2 t 254 onlink d 0x10", r);
        row("ip r a 10.3.0.0/16 dev eth0 src 10.0.0.1 scope link protocol kernel ta main onlink dsfield 10", r);
    }
    {
        RouteOp r = routeDev(RouteCmd::Add, "10.3.0.0/16", "eth0");
        r.scope = Scope::Host;
        r.proto = kProtoStatic;
        r.table = 100;
        row("ip route add 10.3.0.0/16 dev eth0 scope host proto static table 100", r);
        r.scope = Scope::Universe;
        r.proto = kProtoBoot;
        r.table = kTableLocal;
        row("ip route add 10.3.0.0/16 dev eth0 scope global proto boot table local", r);
        r.scope = Scope::Site;
        r.proto = 186;
        r.table = 253;
        r.tos = 0x28;
        row("ip route add 10.3.0.0/16 dev eth0 scope site proto bgp table default tos AF11", r);
    }

    // addresses
    row("ip a", AddrShow{"host", std::nullopt});
    row("ip -4 addr", AddrShow{"host", std::nullopt});
    row("ip -4 a s eth0", AddrShow{"host", "eth0"});
    row("ip addr show dev eth0", AddrShow{"host", "eth0"});
    row("ip addr add 10.10.0.2/24 dev veth1a", addrAdd("10.10.0.2/24", "veth1a"));
    row("ip a a 10.10.0.2/24 dev veth1a", addrAdd("10.10.0.2/24", "veth1a"));
    row("ip address add local 10.10.0.2/24 dev veth1a", addrAdd("10.10.0.2/24", "veth1a"));
    row("ip addr add 10.10.0.2 dev veth1a", addrAdd("10.10.0.2/32", "veth1a"));
    {
        AddrAdd a = addrAdd("10.0.0.1/24", "eth0");
        a.broadcast = ip("10.0.0.255");
        row("ip addr add 10.0.0.1/24 brd + dev eth0", a);
        row("ip addr add 10.0.0.1/24 b 10.0.0.255 dev eth0", a);
        a.broadcast = ip("10.0.0.0");
        row("ip addr add 10.0.0.1/24 broadcast - dev eth0", a);
    }
    {
        AddrAdd a = addrAdd("10.0.0.1/32", "eth0");
        a.peer = pfx("10.0.0.2/32");
        a.scope = Scope::Link;
        a.noprefixroute = true;
        row("ip addr add 10.0.0.1 peer 10.0.0.2 scope link noprefixroute dev eth0", a);
    }
    row("ip a d 10.0.0.1/24 dev eth0", AddrDel{"host", "eth0", pfx("10.0.0.1/24"), std::nullopt});
    row("ip a d 10.0.0.1/32 dev eth0", AddrDel{"host", "eth0", pfx("10.0.0.1/32"), std::nullopt});
    row("ip a d 10.0.0.1 dev eth0", AddrDel{"host", "eth0", pfx("10.0.0.1/32"), std::nullopt, true}); // wildcard
    row("ip a d 10.0.0.1 peer 10.0.0.2 dev eth0", AddrDel{"host", "eth0", pfx("10.0.0.1/32"), pfx("10.0.0.2/32")});
    row("ip a f dev eth0", AddrFlush{"host", "eth0"});
    row("ip addr flush eth0", AddrFlush{"host", "eth0"});

    // links
    row("ip l", LinkShow{"host", std::nullopt});
    row("ip link show veth0", LinkShow{"host", "veth0"});
    row("ip l sh dev veth0", LinkShow{"host", "veth0"});
    {
        LinkSet l = linkSet("veth0");
        l.up = true;
        row("ip l s veth0 up", l);
        row("ip link set dev veth0 up", l);
        row("ip link set name veth0 up", l); // `name` doubles as the device when no dev is given
        l.up = false;
        row("ip link set veth0 down", l);
    }
    {
        LinkSet l = linkSet("vetha1");
        l.master = "br0";
        row("ip l set vetha1 master br0", l);
        row("ip l set vetha1 m br0", l);
        l.master = "";
        row("ip link set vetha1 nomaster", l);
        row("ip link set vetha1 n", l);
    }
    {
        LinkSet l = linkSet("veth0");
        l.netns = "ns1";
        l.mtu = 1400;
        l.address = mac("02:00:00:00:00:01");
        l.newName = "eth0";
        row("ip link set veth0 netns ns1 mtu 1400 address 02:00:00:00:00:01 name eth0", l);
        row("ip link set veth0 netns ns1 mtu 1400 a 2:0:0:0:0:1 name eth0", l);
        row("ip link set name eth0 dev veth0 netns ns1 mtu 0x578 addr 02:00:00:00:00:01", l);
    }
    row("ip l a veth1a type veth peer name vetha1", veth("veth1a", "vetha1"));
    row("ip link add veth1a type veth peer vetha1", veth("veth1a", "vetha1"));
    row("ip link add name veth1a type veth peer dev vetha1", veth("veth1a", "vetha1"));
    row("ip link add veth1a netns netns01 type veth peer name vetha1", veth("veth1a", "vetha1", "netns01"));
    row("ip link add v1 netns n1 ty veth peer name v2 netns n2", veth("v1", "v2", "n1", "n2"));
    {
        LinkAddVeth v = veth("v1", "v2");
        v.address = mac("02:00:00:00:00:01");
        v.peerAddress = mac("02:00:00:00:00:02");
        row("ip link add v1 address 02:00:00:00:00:01 type veth peer name v2 address 02:00:00:00:00:02", v);
    }
    row("ip link add br0 type bridge", LinkAddBridge{"host", "br0"});
    row("ip link add dev br0 type bridge", LinkAddBridge{"host", "br0"});
    row("ip link add name d0 type dummy", LinkAddDummy{"host", "d0"});
    row("ip l d veth0", LinkDel{"host", "veth0"});
    row("ip link del dev veth0", LinkDel{"host", "veth0"});
    row("ip link delete veth0", LinkDel{"host", "veth0"});

    // neighbours
    row("ip n add proxy 10.0.0.1 dev eth0", NeighProxy{"host", ip("10.0.0.1"), "eth0", true});
    row("ip neigh add p 10.0.0.1 dev eth0", NeighProxy{"host", ip("10.0.0.1"), "eth0", true});
    row("ip neighbour del proxy 10.0.0.1 dev eth0", NeighProxy{"host", ip("10.0.0.1"), "eth0", false});
    row("ip neighbor add 10.0.0.2 lladdr 02:00:00:00:00:09 dev eth0 nud permanent",
        NeighAdd{"host", ip("10.0.0.2"), mac("02:00:00:00:00:09"), "eth0"});
    row("ip neigh replace 10.0.0.2 l 02:00:00:00:00:09 dev eth0 nud p",
        NeighAdd{"host", ip("10.0.0.2"), mac("02:00:00:00:00:09"), "eth0"});
    row("ip neigh add to 10.0.0.2 lladdr 02:00:00:00:00:09 dev eth0",
        NeighAdd{"host", ip("10.0.0.2"), mac("02:00:00:00:00:09"), "eth0"});

    // namespaces
    row("ip netns add netns01", NetnsAdd{"netns01"});
    row("ip netns a netns01", NetnsAdd{"netns01"});
    row("ip netns del netns01", NetnsDel{"netns01"});
    row("ip netns delete netns01", NetnsDel{"netns01"});
    row("ip netns d netns01", NetnsDel{"netns01"});
    row("ip net add x", NetnsAdd{"x"});
}

void TestParser::abbreviations()
{
    QFETCH(QByteArray, line);
    QFETCH(std::vector<Op>, ops);
    compareOps(parseCommand(line.toStdString()), ops);
}

void TestParser::namespaces_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<std::vector<Op>>("ops");
    auto row = [](const char *line, Op op) { QTest::newRow(line) << QByteArray(line) << std::vector<Op>{std::move(op)}; };
    const RouteOp r = routeDev(RouteCmd::Add, "172.16.91.0/24", "veth1a", "netns01");
    row("ip -n netns01 r add 172.16.91.0/24 dev veth1a", r);
    row("ip -netns netns01 route add 172.16.91.0/24 dev veth1a", r);
    row("ip --netns netns01 route add 172.16.91.0/24 dev veth1a", r);
    row("ip -ne netns01 route add 172.16.91.0/24 dev veth1a", r);
    row("ip -4 -n netns01 -d r a 172.16.91.0/24 dev veth1a", r);
    row("ip -n other -n netns01 r a 172.16.91.0/24 dev veth1a", r);
    row("ip netns exec netns01 ip route add 172.16.91.0/24 dev veth1a", r);
    row("ip netns exec netns01 /usr/sbin/ip r a 172.16.91.0/24 dev veth1a", r);
    row("sudo ip netns exec netns01 ip r a 172.16.91.0/24 dev veth1a", r);
    row("sudo -E ip netns exec netns01 ip r a 172.16.91.0/24 dev veth1a", r);
    row("ip netns exec other ip -n netns01 r a 172.16.91.0/24 dev veth1a", r);
    row("ip netns exec netns01 sh -c 'ip r a 172.16.91.0/24 dev veth1a'", r);
    row("ip -n netns01 route", RouteShow{"netns01", kTableMain});
    row("ip netns exec netns01 ip -4 addr show", AddrShow{"netns01", std::nullopt});
    row("ip -n netns01 link add veth1a type veth peer name vetha1 netns host",
        veth("veth1a", "vetha1", "", "host", "netns01"));
    row("ip netns exec netns01 sysctl -w net.ipv4.ip_forward=1", SysctlSet{"netns01", "net.ipv4.ip_forward", "1"});
    row("ip netns exec ns1 sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/proxy_arp'",
        SysctlSet{"ns1", "net.ipv4.conf.all.proxy_arp", "1"});
    row("ip netns exec ns1 bash -c \"sysctl -w net.ipv4.conf.veth0.rp_filter=0\"",
        SysctlSet{"ns1", "net.ipv4.conf.veth0.rp_filter", "0"});
    {
        LinkSet l = linkSet("veth1a", "netns01");
        l.netns = "host"; // the namespace the script runs in
        row("ip -n netns01 link set veth1a netns /proc/$$/ns/net", l);
        row("ip -n netns01 link set veth1a netns \"/proc/$$/ns/net\"", l);
        row("ip -n netns01 link set veth1a netns /proc/1/ns/net", l);
        l.netns = "/proc/self/ns/net"; // ip's own namespace after -n: not the root one
        row("ip -n netns01 link set veth1a netns /proc/self/ns/net", l);
    }
    // a netns command's own argument is the namespace, not the context
    row("ip -n ns1 netns add ns2", NetnsAdd{"ns2"});
}

void TestParser::namespaces()
{
    QFETCH(QByteArray, line);
    QFETCH(std::vector<Op>, ops);
    compareOps(parseCommand(line.toStdString()), ops);
}

void TestParser::sysctls_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<std::vector<Op>>("ops");
    auto row = [](const char *line, std::vector<Op> ops) { QTest::newRow(line) << QByteArray(line) << std::move(ops); };
    const SysctlSet fwd{"host", "net.ipv4.ip_forward", "1"};
    row("sysctl -w net.ipv4.ip_forward=1", {fwd});
    row("sysctl net.ipv4.ip_forward=1", {fwd});
    row("sysctl -q -w net.ipv4.ip_forward=1", {fwd});
    row("sysctl -wq net.ipv4.ip_forward=1", {fwd});
    row("sysctl -w net.ipv4.ip_forward=1 -q", {fwd});
    row("sudo sysctl -w net.ipv4.ip_forward=1", {fwd});
    row("/sbin/sysctl --write net.ipv4.ip_forward=1", {fwd});
    row("sysctl -w net/ipv4/ip_forward=1", {fwd});
    row("sysctl -w ' net.ipv4.ip_forward = 1'", {fwd});
    row("echo 1 > /proc/sys/net/ipv4/ip_forward", {fwd});
    row("echo 1 >/proc/sys/net/ipv4/ip_forward", {fwd});
    row("sudo echo 1 > /proc/sys/net/ipv4/ip_forward", {fwd});
    row("echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward", {fwd});
    row("sudo sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'", {fwd});
    row("echo \"1\" > /proc/sys/net/ipv4/ip_forward", {fwd});
    row("sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=2",
        {SysctlSet{"host", "net.ipv4.conf.all.rp_filter", "2"}, SysctlSet{"host", "net.ipv4.conf.default.rp_filter", "2"}});
    row("sysctl -w net.ipv4.neigh.eth0.proxy_delay=0", {SysctlSet{"host", "net.ipv4.neigh.eth0.proxy_delay", "0"}});
    // a dot inside an interface name is written '/' in the dotted form (procps' convention)
    row("echo 0 > /proc/sys/net/ipv4/conf/eth0.100/rp_filter", {SysctlSet{"host", "net.ipv4.conf.eth0/100.rp_filter", "0"}});
    row("sysctl -w net.ipv4.ip_local_port_range='1024 65000'", {SysctlSet{"host", "net.ipv4.ip_local_port_range", "1024 65000"}});
}

void TestParser::sysctls()
{
    QFETCH(QByteArray, line);
    QFETCH(std::vector<Op>, ops);
    compareOps(parseCommand(line.toStdString()), ops);
}

void TestParser::rejected_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("ns");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("err");
    auto row = [](const char *line, int code, const char *err, const char *ns = "host") {
        QTest::newRow(line) << QByteArray(line) << QByteArray(ns) << code << QByteArray(err);
    };
    row("ip route add 10.0.0.300/24 dev x", 1, "Error: any valid prefix is expected rather than \"10.0.0.300/24\".\n");
    row("ip r a 10.1.0.0/16 vetha1", 255, "Error: either \"to\" is duplicate, or \"vetha1\" is a garbage.\n");
    row("ip route add 10.0.0.0/24 foo", 255, "Error: either \"to\" is duplicate, or \"foo\" is a garbage.\n");
    row("ip -n ns1 route add 10.0.0.0/24 foo", 255, "Error: either \"to\" is duplicate, or \"foo\" is a garbage.\n", "ns1");
    row("ip netns exec ns2 ip route add 10.0.0.0/24 foo", 255,
        "Error: either \"to\" is duplicate, or \"foo\" is a garbage.\n", "ns2");
    row("ip route add 10.0.0.0/24 tos zz", 255, "Error: argument \"zz\" is wrong: \"tos\" value is invalid\n\n");
    row("ip route add 10.9.0.0/16 dev d0 metric abc", 255, "Error: argument \"abc\" is wrong: \"metric\" value is invalid\n\n");
    row("ip route add 10.9.0.0/16 dev d0 metric -1", 255, "Error: argument \"-1\" is wrong: \"metric\" value is invalid\n\n");
    row("ip route add 10.9.0.0/16 dev d0 scope bogus", 255, "Error: argument \"bogus\" is wrong: invalid \"scope\" value\n\n");
    row("ip route add 10.9.0.0/16 dev d0 proto bogus", 255,
        "Error: argument \"bogus\" is wrong: \"protocol\" value is invalid\n\n");
    row("ip route add 10.9.0.0/16 dev d0 table bogus", 255, "Error: argument \"bogus\" is wrong: \"table\" value is invalid\n\n");
    row("ip route add 10.9.0.0/16 dev d0 via", 255, "Command line is not complete. Try option \"help\"\n");
    row("ip route add 10.9.0.0/16 blackhole", 255, "Command line is not complete. Try option \"help\"\n");
    row("ip route add 10.9.2.0/24 via 10.0.0.2 via 10.0.0.3", 255,
        "Error: argument \"via\" is wrong: use nexthop syntax to specify multiple via\n\n");
    row("ip route add 10.9.4.0/24 via inet6 10.0.0.2", 1, "Error: inet6 address is expected rather than \"10.0.0.2\".\n");
    row("ip route add 10.9.5.0/24 via foo", 1, "Error: inet address is expected rather than \"foo\".\n");
    row("ip -4 route add foo dev d0", 1, "Error: inet prefix is expected rather than \"foo\".\n");
    row("ip route add default via 10.0.0.300", 1, "Error: any valid address is expected rather than \"10.0.0.300\".\n");
    row("ip route add 10.9.7.0/33 dev d0", 1, "Error: any valid prefix is expected rather than \"10.9.7.0/33\".\n");
    row("ip route add 10.9.9.0/255.0.255.0 dev d0", 1,
        "Error: any valid prefix is expected rather than \"10.9.9.0/255.0.255.0\".\n");
    row("ip route add default/0 dev d0", 1, "Error: any valid prefix is expected rather than \"default/0\".\n");
    row("ip route add p 10.9.13.0/24", 255, "Error: argument \"10.9.13.0/24\" is wrong: \"metric\" value is invalid\n\n");
    row("ip route foo", 255, "Command \"foo\" is unknown, try \"ip route help\".\n");
    row("ip route show table foo", 255, "Error: argument \"foo\" is wrong: table id value is invalid\n\n");
    row("ip route get", 1, "need at least a destination address\n");
    row("ip route get 10.0.0.5 from foo", 1, "Error: inet prefix is expected rather than \"foo\".\n");
    row("ip route flush", 1, "\"ip route flush\" requires arguments.\n");
    row("ip a foo", 255, "Command \"foo\" is unknown, try \"ip address help\".\n");
    row("ip address add 10.0.0.1/24 veth0", 255, "Error: either \"local\" is duplicate, or \"veth0\" is a garbage.\n");
    row("ip addr add 10.0.0.5/24", 1, "Not enough information: \"dev\" argument is required.\n");
    row("ip addr add 10.0.0.6/24 dev d0 scope bogus", 255, "Error: argument \"bogus\" is wrong: invalid scope value.\n");
    row("ip addr add 10.0.0.8/24 peer 10.0.0.9 peer 10.0.0.10 dev d0", 255,
        "Error: duplicate \"peer\": \"10.0.0.10\" is the second value.\n");
    row("ip addr add 10.0.0.8/24 dev d0 brd + brd -", 255, "Error: duplicate \"broadcast\": \"-\" is the second value.\n");
    row("ip addr flush", 1, "Flush requires arguments.\n");
    row("ip addr show foo bar", 255, "Error: either \"dev\" is duplicate, or \"bar\" is a garbage.\n");
    row("ip link add foo", 1, "Not enough information: \"type\" argument is required\n");
    row("ip link add name a dev b type dummy", 255, "both \"name\" and \"dev\" cannot be used when creating devices.\n");
    row("ip link add name aaaaaaaaaaaaaaaaaaaa type dummy", 255,
        "Error: argument \"aaaaaaaaaaaaaaaaaaaa\" is wrong: \"name\" not a valid ifname\n");
    row("ip link set up", 255, "Not enough information: \"dev\" argument is required.\n");
    row("ip link set d0 mtu abc", 255, "Error: argument \"abc\" is wrong: Invalid \"mtu\" value\n\n");
    row("ip link set d0 mtu 1400 mtu 1500", 255, "Error: duplicate \"mtu\": \"1500\" is the second value.\n");
    row("ip link set d0 address zz:00:00:00:00:01", 1, "\"zz\" is invalid lladdr.\n");
    row("ip link set d0 d1", 255, "Error: either \"dev\" is duplicate, or \"d1\" is a garbage.\n");
    row("ip link foo", 255, "Command \"foo\" is unknown, try \"ip link help\".\n");
    row("ip neigh add", 255, "Device and destination are required arguments.\n");
    row("ip neigh add 10.0.0.9 dev d0 nud bogus", 255, "Error: argument \"bogus\" is wrong: nud state is bad\n");
    row("ip neigh add proxy 10.0.0.9 proxy 10.0.0.10 dev d0", 255,
        "Error: duplicate \"address\": \"10.0.0.10\" is the second value.\n");
    row("ip netns add", 1, "No netns name specified\n");
    row("ip netns add a/b", 255, "Invalid netns name \"a/b\"\n");
    row("ip netns exec n1", 1, "No command specified\n");
    row("ip -n", 255, "Cannot open network namespace \"(null)\": No such file or directory\n");
    row("ip --foo", 255, "Option \"-foo\" is unknown, try \"ip -help\".\n");
    row("ip -family foo route", 255, "Error: argument \"foo\" is wrong: invalid protocol family\n");
    row("ip foo", 1, "Object \"foo\" is unknown, try \"ip help\".\n");
    row("sysctl -w", 1, "sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    row("sysctl -w net.ipv4.ip_forward", 1, "sysctl: command line(0): invalid syntax, continuing...\n");
    row("ip netns exec n1 sysctl -w =1", 1, "sysctl: Path is not under /proc/sys/: /proc/sys/\n", "n1");
}

void TestParser::rejected()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, ns);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, err);
    const ParsedCommand pc = parseCommand(line.toStdString());
    QVERIFY2(!pc.unsupported, pc.message.c_str());
    QCOMPARE(pc.ops.size(), std::size_t(1));
    const auto *r = std::get_if<Rejected>(&pc.ops.front());
    QVERIFY2(r, show(pc.ops.front()).constData());
    QCOMPARE(QByteArray::fromStdString(r->stderrText), err);
    QCOMPARE(r->exitCode, exitCode);
    QCOMPARE(QByteArray::fromStdString(r->ns), ns);
}

void TestParser::unsupported_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("why");
    auto row = [](const char *line, const char *why) { QTest::newRow(line) << QByteArray(line) << QByteArray(why); };
    row("ping -c1 10.0.0.1", "`ping` is not an ip or sysctl command");
    row("iptables -A FORWARD -j ACCEPT", "`iptables` is not an ip or sysctl command");
    row("ip -6 route add ::/0 dev eth0", "only IPv4");
    row("ip route add 2001:db8::/64 dev eth0", "IPv6");
    row("ip rule add from all lookup 100", "`ip rule` is not supported");
    row("ip ru", "`ip rule` is not supported");
    row("ip route add 10.0.0.0/8 nexthop via 10.0.0.1", "nexthop");
    row("ip route add 10.0.0.0/8 dev e mtu 1400", "mtu");
    row("ip -d route show", "-d");
    row("ip -j addr", "-j");
    row("ip route show 10.0.0.0/8", "ip route show PREFIX");
    row("ip link add vx type vxlan id 4", "vxlan");
    row("ip link add v0 type veth", "peer");
    row("ip addr add 10.0.0.1/24 dev eth0 label eth0:1", "label");
    row("ip netns", "ip netns list");
    row("ip -all netns exec ip r", "-all");
    row("NS=x ip netns add $NS", "shell variables");
    row("ip netns add `hostname`", "expansions");
    row("ip netns add a && ip netns add b", "&&");
    row("ip link add x type dummy 2>/dev/null", "2>");
    row("ip route add 10.0.0.0/8 'unterminated", "unterminated");
    row("cat /proc/sys/net/ipv4/ip_forward", "`cat`");
    row("echo 1 > /etc/passwd", "/etc/passwd");
    row("sysctl -p", "-p");
    row("sysctl net.ipv4.ip_forward", "reading");
    row("sysctl -w kernel.panic=1", "net.");
}

void TestParser::unsupported()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, why);
    const ParsedCommand pc = parseCommand(line.toStdString());
    QVERIFY2(pc.unsupported, pc.ops.empty() ? "no ops" : show(pc.ops.front()).constData());
    QVERIFY(pc.ops.empty());
    QVERIFY2(QByteArray::fromStdString(pc.message).contains(why), pc.message.c_str());
}

void TestParser::usageTexts_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("usage");
    auto row = [](const char *line, std::string_view usage) {
        QTest::newRow(line) << QByteArray(line) << QByteArray(usage.data(), qsizetype(usage.size()));
    };
    namespace u = nslab::model::ops::iproute2;
    row("ip", u::kUsageIp);
    row("ip -4", u::kUsageIp);
    row("ip help", u::kUsageIp);
    row("ip -h", u::kUsageIp); // -human-readable comes first, then no object
    row("ip route add", u::kUsageRoute);
    row("ip route add via 10.0.0.1 dev eth0", u::kUsageRoute);
    row("ip route add 10.0.0.0/8 help", u::kUsageRoute);
    row("ip r get help", u::kUsageRoute);
    row("ip a a help", u::kUsageAddress);
    row("ip addr show help", u::kUsageAddress);
    row("ip link add help", u::kUsageLink);
    row("ip link show help", u::kUsageLink);
    row("ip neigh add proxy help", u::kUsageNeigh);
    row("ip netns help", u::kUsageNetns);
}

void TestParser::usageTexts()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, usage);
    const ParsedCommand pc = parseCommand(line.toStdString());
    QVERIFY2(!pc.unsupported, pc.message.c_str());
    const auto *r = std::get_if<Rejected>(&pc.ops.at(0));
    QVERIFY(r);
    QCOMPARE(r->exitCode, 255);
    QCOMPARE(QByteArray::fromStdString(r->stderrText), usage);
    QVERIFY(usage.startsWith("Usage: ") || usage.startsWith("Usage:\t"));
}

void TestParser::shellNoOps()
{
    // exported scripts start with `set -e`: a command line (it counts) that changes nothing
    for (const char *line : {"set -e", "set -eu -o pipefail", "true", ":", "sleep 1", "sudo true", "ip netns exec x true"}) {
        const ParsedCommand pc = parseCommand(line);
        QVERIFY2(!pc.unsupported, line);
        QVERIFY2(pc.ops.empty(), line);
    }
    const auto cmds = parseScript("#!/bin/sh\n# nslab lab \"x\"\n# Generated by nslab. Run as root.\nset -e\nip netns add a\n");
    QCOMPARE(cmds.size(), std::size_t(2));
    QCOMPARE(cmds[0].line, 4);
    QVERIFY(!cmds[0].unsupported && cmds[0].ops.empty());
    compareOps(cmds[1], {NetnsAdd{"a"}});
    // an empty line is nothing to run
    QVERIFY(parseCommand("   ").unsupported);
    QVERIFY(parseCommand("# just a comment").unsupported);
    // console lines keep working when pasted with their prompt
    compareOps(parseCommand("$ ip netns add a"), {NetnsAdd{"a"}});
    compareOps(parseCommand("root@A:~# ip netns add a"), {NetnsAdd{"a"}});
    QVERIFY(parseCommand("a$ b@c").unsupported); // '@' after the '$': not a prompt
}

void TestParser::variables()
{
    const auto cmds = parseScript("NS=netns01\n"
                                  "export DEV=veth1a GW=172.16.91.201\n"
                                  "ip -n $NS route add 172.16.91.0/24 via \"$GW\" dev ${DEV}\n"
                                  "ip -n '$NS' route\n"
                                  "OPTS='dev veth1a'\n"
                                  "ip -n $NS addr add 10.10.0.2/24 $OPTS\n"
                                  "ip netns add $UNSET\n"
                                  "ip netns add $(hostname)\n");
    QCOMPARE(cmds.size(), std::size_t(8));
    QVERIFY(!cmds[0].unsupported && cmds[0].ops.empty());
    QVERIFY(!cmds[1].unsupported && cmds[1].ops.empty());
    compareOps(cmds[2], {routeVia(RouteCmd::Add, "172.16.91.0/24", "172.16.91.201", "veth1a", "netns01")});
    compareOps(cmds[3], {RouteShow{"$NS", kTableMain}}); // single quotes keep it literal
    compareOps(cmds[5], {addrAdd("10.10.0.2/24", "veth1a", "netns01")}); // unquoted: split into words
    QVERIFY(cmds[6].unsupported);
    QVERIFY2(cmds[6].message.find("$UNSET") != std::string::npos, cmds[6].message.c_str());
    QVERIFY(cmds[7].unsupported);
    // a single console line has no script variables
    QVERIFY(parseCommand("ip -n $NS route").unsupported);
}

void TestParser::transcript()
{
    const char *text = "$ sudo ip netns add netns01\n"
                       "$ ip netns exec netns01 ip route\n"
                       "10.10.0.0/24 dev veth1a proto kernel scope link src 10.10.0.2\n"
                       "172.16.91.0/24 dev veth1a scope link\n"
                       "$ ip -n netns01 r add 172.16.91.0/24 via 172.16.91.201 dev veth1a\n"
                       "RTNETLINK answers: File exists\n"
                       "# ip link set dev vetha1 up\n"
                       "# now the host side\n"
                       "root@A:~# ip r add 10.10.0.2 dev vetha1\n"
                       "[root@B ~]# ip r add 10.10.1.2 dev vethb3\n"
                       "$ # a comment at the prompt\n"
                       "$ ping -c1 10.10.0.2\n"
                       "64 bytes from 10.10.0.2: icmp_seq=1 ttl=64 time=0.05 ms\n"
                       "$ ip route add 10.20.0.0/16 \\\n"
                       "> via 172.16.91.2\n"
                       "$\n";
    const auto cmds = parseScript(text);
    QCOMPARE(cmds.size(), std::size_t(8));
    QCOMPARE(cmds[0].line, 1);
    QCOMPARE(cmds[0].text, std::string("sudo ip netns add netns01"));
    compareOps(cmds[0], {NetnsAdd{"netns01"}});
    QCOMPARE(cmds[1].line, 2);
    compareOps(cmds[1], {RouteShow{"netns01", kTableMain}});
    QCOMPARE(cmds[2].line, 5);
    compareOps(cmds[2], {routeVia(RouteCmd::Add, "172.16.91.0/24", "172.16.91.201", "veth1a", "netns01")});
    QCOMPARE(cmds[3].line, 7);
    LinkSet up = linkSet("vetha1");
    up.up = true;
    compareOps(cmds[3], {up});
    QCOMPARE(cmds[4].line, 9);
    compareOps(cmds[4], {routeDev(RouteCmd::Add, "10.10.0.2/32", "vetha1")});
    QCOMPARE(cmds[5].line, 10);
    compareOps(cmds[5], {routeDev(RouteCmd::Add, "10.10.1.2/32", "vethb3")});
    QCOMPARE(cmds[6].line, 12);
    QVERIFY(cmds[6].unsupported);
    QCOMPARE(cmds[7].line, 14);
    QCOMPARE(cmds[7].text, std::string("ip route add 10.20.0.0/16 via 172.16.91.2"));
    compareOps(cmds[7], {routeVia(RouteCmd::Add, "10.20.0.0/16", "172.16.91.2")});
}

void TestParser::plainScript()
{
    const char *text = "#!/bin/sh\n"
                       "# the lesson, step 1\n"
                       "\n"
                       "ip netns add netns01\n"
                       "   ip link add veth1a netns netns01 type veth peer name vetha1   # pair\n"
                       "ip -n netns01 addr add 10.10.0.2/24 dev veth1a\n"
                       "ping -c1 10.10.0.2\n"
                       "ip route add 10.0.0.300/24 dev vetha1\n"
                       "sysctl -w net.ipv4.ip_forward=1\r\n";
    const auto cmds = parseScript(text);
    QCOMPARE(cmds.size(), std::size_t(6));
    QCOMPARE(cmds[0].line, 4);
    compareOps(cmds[0], {NetnsAdd{"netns01"}});
    QCOMPARE(cmds[1].line, 5);
    compareOps(cmds[1], {veth("veth1a", "vetha1", "netns01")});
    compareOps(cmds[2], {addrAdd("10.10.0.2/24", "veth1a", "netns01")});
    QCOMPARE(cmds[3].line, 7);
    QVERIFY(cmds[3].unsupported);
    QVERIFY(!cmds[3].message.empty());
    QCOMPARE(cmds[4].line, 8);
    QVERIFY(std::holds_alternative<Rejected>(cmds[4].ops.at(0)));
    QCOMPARE(cmds[5].line, 9);
    compareOps(cmds[5], {SysctlSet{"host", "net.ipv4.ip_forward", "1"}});
    compareOps(parseScript("\xEF\xBB\xBFip netns add a\n").at(0), {NetnsAdd{"a"}});
    // "$ " nowhere: a `# ip …` line is a comment, not a root prompt
    QCOMPARE(parseScript("# ip netns add x\n").size(), std::size_t(0));
}

void TestParser::continuationAndComments()
{
    const auto cmds = parseScript("ip link add veth1a \\\n"
                                  "    type veth \\\n"
                                  "    peer name vetha1\n"
                                  "ip route add 10.0.0.0/8 \\\\\n" // an escaped backslash ends the line
                                  "ip netns add 'name with # hash' # real comment\n");
    QCOMPARE(cmds.size(), std::size_t(3));
    QCOMPARE(cmds[0].line, 1);
    compareOps(cmds[0], {veth("veth1a", "vetha1")});
    QCOMPARE(cmds[1].line, 4);
    QVERIFY(std::holds_alternative<Rejected>(cmds[1].ops.at(0)));
    QCOMPARE(cmds[2].line, 5);
    compareOps(cmds[2], {NetnsAdd{"name with # hash"}});
}

void TestParser::hostOption()
{
    ParseOptions options;
    options.hostName = "A";
    compareOps(parseCommand("ip r a 10.10.0.2 dev vetha1", options), {routeDev(RouteCmd::Add, "10.10.0.2/32", "vetha1", "A")});
    compareOps(parseCommand("sysctl -w net.ipv4.ip_forward=1", options), {SysctlSet{"A", "net.ipv4.ip_forward", "1"}});
    const auto cmds = parseScript("ip -n B route\nip route foo\n", options);
    compareOps(cmds.at(0), {RouteShow{"B", kTableMain}});
    QCOMPARE(std::get<Rejected>(cmds.at(1).ops.at(0)).ns, std::string("A"));
}

void TestParser::hostileInput()
{
    const std::string cases[] = {
        std::string(),
        std::string("\0\0\0", 3),
        std::string("ip \0 route", 10),
        "ip",
        "ip -",
        "ip --",
        "ip -- route",
        "ip r a",
        "ip r a to",
        "ip link add v type veth peer",
        "ip link add v type veth peer name",
        "ip neigh add 1.2.3.4 lladdr",
        "ip netns exec x ip netns exec y ip netns exec z",
        "ip route add 4294967296.0.0.0 dev x",
        "ip route add 10.0.0.0/99999999999999999999999 dev x",
        "ip route add 99999999999999999999999 dev x",
        "ip link set x mtu 99999999999999999999999",
        "ip link set x address ffffffffffffffffffff:1:2:3:4:5",
        "sysctl -w ''",
        "echo > /proc/sys/",
        "'",
        "\"",
        "\\",
        "$",
        "sh -c",
        "sh -c ''",
        ")))(((",
        "ip route add 10.0.0.0/8 via inet",
        "\xff\xfe\xfd ip r",
        "ip r a 1.2.3.4/24 dev \xc3\x28",
    };
    for (const auto &c : cases) {
        const ParsedCommand pc = parseCommand(c);
        QVERIFY(!pc.unsupported || pc.ops.empty());
        if (pc.unsupported)
            QVERIFY(!pc.message.empty());
    }
    // sh -c nested deeper than anyone would: refused, not a stack overflow
    std::string nested = "ip netns add deep";
    for (int i = 0; i < 9; ++i) { // each level quadruples the quotes: 9 is plenty
        std::string quoted = "'";
        for (char ch : nested)
            quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        nested = "sh -c " + quoted + "'";
    }
    QVERIFY(parseCommand(nested).unsupported);
    std::string chain;
    for (int i = 0; i < 1000; ++i)
        chain += "ip netns exec n" + std::to_string(i) + " ";
    QVERIFY(parseCommand(chain + "ip netns add deep").unsupported);
}

void TestParser::fuzzNeverCrashes()
{
    // Random bytes, and valid commands cut and mutated at random places.
    QRandomGenerator rng(20241126);
    const std::string seeds[] = {
        "ip -n netns01 route add 172.16.91.0/24 via 172.16.91.201 dev veth1a metric 5 table 100 onlink",
        "ip link add veth1a netns netns01 type veth peer name vetha1 netns host address 02:00:00:00:00:01",
        "ip addr add 10.0.0.1/24 peer 10.0.0.2 brd + scope link dev eth0",
        "ip netns exec ns1 sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/proxy_arp'",
        "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:09 dev eth0 nud permanent",
        "$ sudo ip r a default via 1.2.3.4\n10.0.0.0/8 dev x\n# ip l s x up \\\n> down\n",
    };
    const char alphabet[] = " \t\n\\'\"#$-/.:;|&<>0123456789abcdefipnrlsatv";
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        if (round % 3 == 0) {
            const int len = int(rng.bounded(200));
            for (int i = 0; i < len; ++i)
                text.push_back(char(rng.bounded(256)));
        } else {
            text = seeds[rng.bounded(int(std::size(seeds)))];
            text.resize(rng.bounded(int(text.size()) + 1));
            const int edits = int(rng.bounded(4));
            for (int e = 0; e < edits && !text.empty(); ++e)
                text[rng.bounded(int(text.size()))] = alphabet[rng.bounded(int(sizeof alphabet - 1))];
        }
        const auto cmds = parseScript(text);
        for (const auto &pc : cmds) {
            QVERIFY(pc.line >= 1);
            QVERIFY(!pc.unsupported || pc.ops.empty());
            // whatever parses also prints, and the printed form parses back to the same ops
            for (const Op &op : pc.ops) {
                if (std::holds_alternative<Rejected>(op))
                    continue;
                const ParsedCommand back = parseCommand(printOp(op, "host"));
                QVERIFY2(back.ops.size() == 1 && back.ops.front() == op,
                         QByteArray("round trip: " + show(op) + " from " + QByteArray::fromStdString(pc.text))
                             .constData());
            }
        }
    }
}

void TestParser::hugeInputIsLinear()
{
    QElapsedTimer timer;
    timer.start();
    // a 1 MB line, a 1 MB word, 100k lines, 100k-deep quotes
    std::string longLine = "ip route add 10.0.0.0/8 dev eth0";
    while (longLine.size() < (1u << 20))
        longLine += " onlink";
    QVERIFY(!parseCommand(longLine).unsupported);
    std::string longWord = "ip link set dev " + std::string(1u << 20, 'x') + " up";
    QVERIFY(!parseCommand(longWord).ops.empty());
    std::string manyLines;
    for (int i = 0; i < 100000; ++i)
        manyLines += "ip -n ns" + std::to_string(i % 50) + " r a 10." + std::to_string(i % 250) + ".0.0/16 dev e\n";
    QCOMPARE(parseScript(manyLines).size(), std::size_t(100000));
    std::string continued;
    for (int i = 0; i < 100000; ++i)
        continued += "onlink \\\n";
    QCOMPARE(parseScript("ip r a 10.0.0.0/8 dev e \\\n" + continued + "\n").size(), std::size_t(1));
    QVERIFY2(timer.elapsed() < 20000, "parsing large input took too long");
}

QTEST_GUILESS_MAIN(TestParser)
#include "tst_parser.moc"
