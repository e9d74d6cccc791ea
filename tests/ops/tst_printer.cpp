// The printer: canonical command text, and parse(print(op)) == op for every kind of op.
// moc 6.4 cannot parse <compare>/<concepts>: it does not need the model headers.
#ifndef Q_MOC_RUN
#include "ops/parser.h"
#include "ops/printer.h"
#endif

#include <QRandomGenerator>
#include <QTest>

using namespace nslab::model::ops;
using nslab::net::Ipv4;
using nslab::net::Mac;
using nslab::net::Prefix;

Q_DECLARE_METATYPE(nslab::model::ops::Op)

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

RouteOp route(const char *ns, RouteCmd cmd, const char *dst)
{
    RouteOp r;
    r.ns = ns;
    r.cmd = cmd;
    r.dst = pfx(dst);
    return r;
}

} // namespace

class TestPrinter : public QObject {
    Q_OBJECT

private slots:
    void canonical_data();
    void canonical();
    void roundTrip_data();
    void roundTrip();
    void script();
    void randomOpsRoundTrip();
};

void TestPrinter::canonical_data()
{
    QTest::addColumn<Op>("op");
    QTest::addColumn<QByteArray>("text");
    auto row = [](const char *text, Op op) { QTest::newRow(text) << std::move(op) << QByteArray(text); };
    row("ip netns add netns01", NetnsAdd{"netns01"});
    row("ip netns del netns01", NetnsDel{"netns01"});
    {
        RouteOp r = route("netns01", RouteCmd::Add, "172.16.91.201/32");
        r.dev = "veth1a";
        row("ip -n netns01 route add 172.16.91.201 dev veth1a", r);
        r.ns = "A";
        row("ip route add 172.16.91.201 dev veth1a", r); // the root name prints without -n
    }
    {
        RouteOp r = route("netns01", RouteCmd::Add, "0.0.0.0/0");
        r.via = ip("169.254.1.1");
        r.dev = "eth0";
        row("ip -n netns01 route add default via 169.254.1.1 dev eth0", r);
    }
    {
        RouteOp r = route("n", RouteCmd::Del, "10.1.0.5/16");
        r.type = RouteType::Blackhole;
        r.metric = 5;
        r.table = kTableLocal;
        r.scope = Scope::Host;
        r.proto = kProtoStatic;
        r.tos = 0x10;
        row("ip -n n route del blackhole 10.1.0.5/16 tos 0x10 metric 5 scope host proto static table local", r);
    }
    {
        LinkAddVeth v;
        v.ns = "A";
        v.name = "veth1a";
        v.netns = "netns01";
        v.peer = "vetha1";
        row("ip link add veth1a netns netns01 type veth peer name vetha1", v);
    }
    {
        // the root namespace has no /run/netns name: the script's shell's namespace file stands for it
        LinkAddVeth v;
        v.ns = "netns01";
        v.name = "veth1a";
        v.peer = "vetha1";
        v.peerNetns = "A";
        row("ip -n netns01 link add veth1a type veth peer name vetha1 netns /proc/$$/ns/net", v);
        LinkSet l;
        l.ns = "netns01";
        l.dev = "veth1a";
        l.netns = "A";
        row("ip -n netns01 link set dev veth1a netns /proc/$$/ns/net", l);
    }
    row("ip link add name type type bridge", LinkAddBridge{"A", "type"}); // a keyword as a name
    row("ip -n n link add br0 type bridge", LinkAddBridge{"n", "br0"});
    {
        LinkSet l;
        l.ns = "A";
        l.dev = "vetha1";
        l.master = "br0";
        l.up = true;
        row("ip link set dev vetha1 master br0 up", l);
        l.master = std::string();
        l.up = false;
        row("ip link set dev vetha1 nomaster down", l);
    }
    {
        AddrAdd a;
        a.ns = "netns01";
        a.dev = "veth1a";
        a.local = pfx("10.10.0.2/24");
        row("ip -n netns01 addr add 10.10.0.2/24 dev veth1a", a);
    }
    row("ip neigh add proxy 169.254.1.1 dev cali1", NeighProxy{"A", ip("169.254.1.1"), "cali1", true});
    row("ip addr del 10.0.0.1 dev eth0", AddrDel{"A", "eth0", pfx("10.0.0.1/32"), std::nullopt, true});
    row("ip addr del 10.0.0.1/32 dev eth0", AddrDel{"A", "eth0", pfx("10.0.0.1/32"), std::nullopt, false});
    row("sysctl -w net.ipv4.ip_forward=1", SysctlSet{"A", "net.ipv4.ip_forward", "1"});
    row("ip netns exec netns01 sysctl -w net.ipv4.conf.veth1a.proxy_arp=1",
        SysctlSet{"netns01", "net.ipv4.conf.veth1a.proxy_arp", "1"});
    row("ip netns exec 'odd name' sysctl -w 'net.ipv4.ip_local_port_range=1024 65000'",
        SysctlSet{"odd name", "net.ipv4.ip_local_port_range", "1024 65000"});
    row("ip -n n route show table local", RouteShow{"n", kTableLocal});
    row("ip -n n route get 10.0.0.1 from 10.0.0.2 iif eth0", RouteGet{"n", ip("10.0.0.1"), ip("10.0.0.2"), "eth0"});
}

void TestPrinter::canonical()
{
    QFETCH(Op, op);
    QFETCH(QByteArray, text);
    QCOMPARE(QByteArray::fromStdString(printOp(op, "A")), text);
}

void TestPrinter::roundTrip_data()
{
    QTest::addColumn<Op>("op");
    int n = 0;
    auto row = [&n](Op op) { QTest::newRow(QByteArray::number(++n).constData()) << std::move(op); };
    const char *namespaces[] = {"host", "netns01", "with space", "-n", "it's"};
    for (const char *ns : namespaces) {
        row(NetnsAdd{ns});
        row(NetnsDel{ns});
        row(LinkAddBridge{ns, "br0"});
        row(LinkAddDummy{ns, "d0"});
        for (const char *name : {"veth0", "up", "a", "t", "m", "help", "dev", "name", "eth0.100", "ve-th", "master",
                                 "a-name-too-long-for-the-kernel", "0123456789abcdef"}) {
            row(LinkAddBridge{ns, name});
            row(LinkDel{ns, name});
            LinkSet l;
            l.ns = ns;
            l.dev = name;
            l.up = true;
            row(l);
            LinkAddVeth v;
            v.ns = ns;
            v.name = name;
            v.peer = name == std::string("up") ? "p" : "up";
            row(v);
            std::swap(v.name, v.peer);
            row(v);
        }
        LinkAddVeth v;
        v.ns = ns;
        v.name = "veth1a";
        v.peer = "vetha1";
        v.netns = "netns01";
        v.peerNetns = "host";
        v.address = mac("02:00:00:00:00:01");
        v.peerAddress = mac("fe:ff:ff:ff:ff:ff");
        row(v);
        LinkSet l;
        l.ns = ns;
        l.dev = "veth0";
        row(l); // nothing to change is still a valid command
        l.up = false;
        l.master = "br0";
        l.netns = "ns2";
        l.mtu = 9000;
        l.address = mac("00:00:00:00:00:00");
        l.newName = "eth0";
        row(l);
        l.master = std::string();
        l.mtu = -1;
        row(l);
        AddrAdd a;
        a.ns = ns;
        a.dev = "veth1a";
        a.local = pfx("10.10.0.2/24");
        row(a);
        a.local = pfx("127.0.0.1/8");
        a.peer = pfx("10.0.0.2/32");
        a.broadcast = ip("10.255.255.255");
        a.scope = Scope::Host;
        a.noprefixroute = true;
        row(a);
        a.scope = Scope(42);
        row(a);
        row(AddrDel{ns, "veth1a", pfx("10.10.0.2/24"), std::nullopt});
        row(AddrDel{ns, "veth1a", pfx("10.10.0.2/32"), pfx("10.10.0.9/32")});
        row(AddrDel{ns, "veth1a", pfx("10.10.0.2/32"), std::nullopt, true});
        row(AddrFlush{ns, "veth1a"});
        for (RouteCmd cmd : {RouteCmd::Add, RouteCmd::Replace, RouteCmd::Append, RouteCmd::Prepend, RouteCmd::Change,
                             RouteCmd::Del}) {
            for (const char *dst : {"0.0.0.0/0", "10.0.0.0/8", "10.1.0.5/16", "172.16.91.201/32", "1.2.3.4/31"}) {
                RouteOp r = route(ns, cmd, dst);
                row(r);
                r.via = ip("172.16.91.201");
                r.dev = "veth1a";
                row(r);
                r.src = ip("10.0.0.1");
                r.metric = 4294967295u;
                r.scope = Scope::Link;
                r.proto = 186;
                r.table = 100;
                r.onlink = true;
                r.tos = 0xb8;
                row(r);
                r.scope = Scope(17);
                r.proto = 0;
                r.table = 0;
                row(r);
            }
        }
        for (int t = int(RouteType::Unicast); t <= int(RouteType::Nat); ++t) {
            RouteOp r = route(ns, RouteCmd::Add, "10.9.0.0/16");
            r.type = RouteType(t);
            row(r);
        }
        row(RouteFlush{ns, std::nullopt, "eth0", std::nullopt});
        row(RouteFlush{ns, kTableMain, std::nullopt, std::nullopt});
        row(RouteFlush{ns, 0, "eth0", pfx("10.0.0.0/24")});
        row(RouteFlush{ns, std::nullopt, std::nullopt, pfx("0.0.0.0/0")});
        row(NeighProxy{ns, ip("169.254.1.1"), "cali1", true});
        row(NeighProxy{ns, ip("169.254.1.1"), "cali1", false});
        row(NeighAdd{ns, ip("10.0.0.2"), mac("02:00:00:00:00:09"), "eth0"});
        row(SysctlSet{ns, "net.ipv4.ip_forward", "1"});
        row(SysctlSet{ns, "net.ipv4.conf.eth0/100.rp_filter", "2"});
        row(SysctlSet{ns, "net.ipv4.ip_local_port_range", "1024 65000"});
        row(SysctlSet{ns, "net.ipv4.neigh.veth1a.proxy_delay", "0"});
        row(RouteShow{ns, kTableMain});
        row(RouteShow{ns, kTableLocal});
        row(RouteShow{ns, 0});
        row(RouteShow{ns, 1000});
        row(RouteGet{ns, ip("10.0.0.1"), std::nullopt, std::nullopt});
        row(RouteGet{ns, ip("10.0.0.1"), ip("10.0.0.2"), "eth0"});
        row(AddrShow{ns, std::nullopt});
        row(AddrShow{ns, "veth1a"});
        row(LinkShow{ns, std::nullopt});
        row(LinkShow{ns, "veth1a"});
    }
}

void TestPrinter::roundTrip()
{
    QFETCH(Op, op);
    ParseOptions options;
    options.hostName = "host";
    const std::string text = printOp(op, "host");
    const ParsedCommand back = parseCommand(text, options);
    QVERIFY2(!back.unsupported, (text + ": " + back.message).c_str());
    QCOMPARE(back.ops.size(), std::size_t(1));
    QVERIFY2(back.ops.front() == op, (text + " -> " + printOp(back.ops.front(), "host")).c_str());
    // also through a script, under another root name
    const std::string other = printOp(op, "root");
    ParseOptions rootOptions;
    rootOptions.hostName = "root";
    const auto cmds = parseScript("# exported\n" + other + "\n", rootOptions);
    QCOMPARE(cmds.size(), std::size_t(1));
    QVERIFY2(cmds.front().ops.size() == 1 && cmds.front().ops.front() == op, other.c_str());
}

void TestPrinter::script()
{
    const std::vector<Op> ops = {NetnsAdd{"netns01"}, LinkAddBridge{"host", "br0"},
                                 SysctlSet{"netns01", "net.ipv4.ip_forward", "1"}};
    QCOMPARE(printScript(ops, "host"), std::string("ip netns add netns01\n"
                                                   "ip link add br0 type bridge\n"
                                                   "ip netns exec netns01 sysctl -w net.ipv4.ip_forward=1\n"));
    QCOMPARE(printScript({}, "host"), std::string());
    // a Rejected op is not a command: it prints as a comment the parser skips
    const std::string rejected = printOp(Rejected{"n", 2, "RTNETLINK answers: File exists\n"});
    QCOMPARE(rejected, std::string("# rejected (exit 2): RTNETLINK answers: File exists"));
    QCOMPARE(parseScript(rejected).size(), std::size_t(0));
}

void TestPrinter::randomOpsRoundTrip()
{
    // Ops with random fields drawn from awkward values: keywords and their abbreviations as
    // names, quotes, dollars, long names, edge numbers. Names are what iproute2 and netns
    // accept (no '/', no blanks in interface names; namespace names non-empty).
    QRandomGenerator rng(4242);
    const char *names[] = {"veth0", "up", "a", "t", "m", "n", "d", "help", "dev", "name", "peer", "type", "eth0.100",
                           "ve-th", "0123456789abcdef", "x", "-x", "br0", "lo", "netns", "all", "default", "1",
                           "0x10", "a:b", "\xc3\xa4", "it's", "$x", "a\"b", "#c", "a;b", "*", "~"};
    const char *namespaces[] = {"host", "netns01", "-n", "with space", "it's", "a\"b", "$x", "1", "#", "x;y", "help"};
    const char *values[] = {"1", "0", "1024 65000", "", "a'b", "$HOME", "-1", "0x10"};
    auto pick = [&](const auto &arr) { return std::string(arr[rng.bounded(int(std::size(arr)))]); };
    auto coin = [&] { return rng.bounded(2) == 0; };
    auto addr = [&] { return Ipv4{rng.generate()}; };
    auto prefix = [&] { return Prefix{addr(), std::uint8_t(rng.bounded(33))}; };
    auto macAddr = [&] {
        Mac m;
        for (auto &b : m.b)
            b = std::uint8_t(rng.bounded(256));
        return m;
    };
    for (int i = 0; i < 20000; ++i) {
        const std::string ns = pick(namespaces);
        Op op;
        switch (rng.bounded(15)) {
        case 0: op = NetnsAdd{pick(namespaces)}; break;
        case 1: op = NetnsDel{pick(namespaces)}; break;
        case 2: {
            LinkAddVeth v;
            v.ns = ns;
            v.name = pick(names);
            v.peer = pick(names);
            if (coin())
                v.netns = pick(namespaces);
            if (coin())
                v.peerNetns = pick(namespaces);
            if (coin())
                v.address = macAddr();
            if (coin())
                v.peerAddress = macAddr();
            op = v;
            break;
        }
        case 3: op = coin() ? Op(LinkAddBridge{ns, pick(names)}) : Op(LinkAddDummy{ns, pick(names)}); break;
        case 4: op = LinkDel{ns, pick(names)}; break;
        case 5: {
            LinkSet l;
            l.ns = ns;
            l.dev = pick(names);
            if (coin())
                l.up = coin();
            if (coin())
                l.master = coin() ? std::string() : pick(names);
            if (coin())
                l.netns = pick(namespaces);
            if (coin())
                l.mtu = int(rng.generate());
            if (coin())
                l.address = macAddr();
            // renaming to the same name is no rename; iproute2 refuses a `name` of 16+ bytes
            if (const std::string newName = pick(names); coin() && newName != l.dev && newName.size() < 16)
                l.newName = newName;
            op = l;
            break;
        }
        case 6: {
            AddrAdd a;
            a.ns = ns;
            a.dev = pick(names);
            a.local = prefix();
            if (coin())
                a.peer = prefix();
            if (coin())
                a.broadcast = addr();
            if (coin())
                a.scope = Scope(rng.bounded(256));
            a.noprefixroute = coin();
            op = a;
            break;
        }
        case 7: {
            Prefix local = prefix();
            std::optional<Prefix> peer;
            if (coin())
                peer = prefix();
            AddrDel del{ns, pick(names), local, peer};
            del.wildcard = !peer && local.len == 32 && coin();
            op = del;
            break;
        }
        case 8: op = AddrFlush{ns, pick(names)}; break;
        case 9: {
            RouteOp r;
            r.ns = ns;
            r.cmd = RouteCmd(rng.bounded(6));
            r.dst = prefix();
            if (coin())
                r.type = RouteType(1 + rng.bounded(10));
            r.tos = coin() ? 0 : std::uint8_t(rng.bounded(256));
            if (coin())
                r.via = addr();
            if (coin())
                r.dev = pick(names);
            if (coin())
                r.src = addr();
            if (coin())
                r.metric = rng.generate();
            if (coin())
                r.scope = Scope(rng.bounded(256));
            if (coin())
                r.proto = std::uint8_t(rng.bounded(256));
            if (coin())
                r.table = coin() ? rng.generate() : rng.bounded(256);
            r.onlink = coin();
            op = r;
            break;
        }
        case 10: {
            RouteFlush f;
            f.ns = ns;
            if (coin())
                f.table = coin() ? rng.generate() : rng.bounded(256);
            if (coin())
                f.dev = pick(names);
            if (coin())
                f.dst = prefix();
            op = f;
            break;
        }
        case 11:
            op = coin() ? Op(NeighProxy{ns, addr(), pick(names), coin()}) : Op(NeighAdd{ns, addr(), macAddr(), pick(names)});
            break;
        case 12: op = SysctlSet{ns, "net.ipv4.conf." + pick(names) + ".rp_filter", pick(values)}; break;
        case 13: op = coin() ? Op(RouteShow{ns, rng.generate()}) : Op(RouteGet{ns, addr(), std::nullopt, std::nullopt}); break;
        default: {
            std::optional<std::string> dev;
            if (coin())
                dev = pick(names);
            op = coin() ? Op(AddrShow{ns, dev}) : Op(LinkShow{ns, dev});
            break;
        }
        }
        const std::string text = printOp(op, "host");
        const ParsedCommand back = parseCommand(text);
        QVERIFY2(!back.unsupported && back.ops.size() == 1 && back.ops.front() == op,
                 (text + "\n -> " + (back.unsupported ? back.message : printOp(back.ops.at(0), "host"))).c_str());
    }
}

QTEST_GUILESS_MAIN(TestPrinter)
#include "tst_printer.moc"
