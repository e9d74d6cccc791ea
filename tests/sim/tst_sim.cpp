// The simulator against the rules of linux-semantics.md §6–13: the lesson table of §13 (every
// step, every pair), Calico's failure modes (§12), ARP/rp_filter/proxy/forwarding/ICMP/TTL/bridge
// cases, and the invariants the fast matrix relies on (memoised ARP answers, compiled lookups).
// moc 6.4 cannot parse the C++20 standard headers the model pulls in; it needs none of them.
#ifndef Q_MOC_RUN
#include "labs.h"

#include "sim/routeformat.h"
#include "sim/sim.h"
#include "sim/snapshot.h"
#endif

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace nslab;
using simtest::build;

namespace {

net::Ipv4 ip(const char *text) { return *net::Ipv4::parse(text); }

std::string without(std::string script, const std::string &line)
{
    const auto pos = script.find(line + "\n");
    if (pos == std::string::npos)
        qFatal("test lab has no line %s", line.c_str());
    script.erase(pos, line.size() + 1);
    return script;
}

const std::string kStep1 = simtest::kLessonBase + R"(
ip -n a route add 10.10.0.2 dev vetha1
ip -n a route add 10.10.0.3 dev vetha2
ip -n b route add 10.10.1.2 dev vethb3
)";
const std::string kStep2 = kStep1 + "ip -n netns01 route add 172.16.91.0/24 dev veth1a\n";
const std::string kStep3 = kStep2 + R"(
ip -n netns02 route add 172.16.91.0/24 dev veth2a
ip -n netns03 route add 172.16.91.0/24 dev veth3b
ip -n a route add 10.10.1.0/24 dev ens33 via 172.16.91.202
ip -n b route add 10.10.0.0/24 dev ens33 via 172.16.91.201
)";
const std::string kStep4 = kStep3 + "ip -n netns01 route add 172.16.91.0/24 via 172.16.91.201 dev veth1a\n";
const std::string kStep5 = kStep4 + R"(
ip -n netns01 route del 172.16.91.0/24 dev veth1a
ip -n netns01 route add 172.16.91.201 dev veth1a
ip -n netns01 route add 172.16.91.0/24 dev veth1a via 172.16.91.201
ip -n netns02 route del 172.16.91.0/24 dev veth2a
ip -n netns02 route add 172.16.91.201 dev veth2a
ip -n netns02 route add 172.16.91.0/24 dev veth2a via 172.16.91.201
ip -n netns03 route del 172.16.91.0/24 dev veth3b
ip -n netns03 route add 172.16.91.202 dev veth3b
ip -n netns03 route add 172.16.91.0/24 dev veth3b via 172.16.91.202
)";
const std::string kStep5Off = kStep5 + R"(
ip netns exec a sysctl -w net.ipv4.ip_forward=0
ip netns exec b sysctl -w net.ipv4.ip_forward=0
)";
const std::string kStep6 = kStep5 + R"(
ip -n netns01 route add default dev veth1a via 172.16.91.201
ip -n netns02 route add default dev veth2a via 172.16.91.201
ip -n netns03 route add default dev veth3b via 172.16.91.202
)";
const std::string kStep7 = kStep6 + R"(
ip -n netns01 route del 10.10.0.0/24 dev veth1a
ip -n netns01 route add 10.10.0.0/24 dev veth1a via 172.16.91.201
ip -n netns02 route del 10.10.0.0/24 dev veth2a
ip -n netns02 route add 10.10.0.0/24 dev veth2a via 172.16.91.201
)";

const std::string kBridge = R"(
ip netns add sw
ip netns add x
ip netns add y
ip -n sw link add br0 type bridge
ip -n sw link add px type veth peer name x0 netns x
ip -n sw link add py type veth peer name y0 netns y
ip -n sw link set px master br0
ip -n sw link set py master br0
ip -n sw link set px up
ip -n sw link set py up
ip -n sw link set br0 up
ip -n sw addr add 10.0.0.3/24 dev br0
ip -n x addr add 10.0.0.1/24 dev x0
ip -n y addr add 10.0.0.2/24 dev y0
ip -n x link set x0 up
ip -n y link set y0 up
ip -n x link set lo up
ip -n y link set lo up
)";

// An address on an enslaved port (px) besides the one on br0: every frame arriving on px belongs
// to the bridge (br_handle_frame), so px's own neighbour entries never resolve (§11).
const std::string kPortAddr = kBridge + R"(
ip -n sw addr add 10.0.1.3/24 dev px
ip -n x addr add 10.0.1.1/24 dev x0
ip -n y addr add 10.0.1.2/24 dev y0
ip -n x link set x0 address 02:00:00:00:00:11
ip -n y link set y0 address 02:00:00:00:00:12
)";

// Source 10.7.7.7 (a /32 on x's lo) while ARP announces 10.0.1.1: only the data packets carry
// the source that r's reverse-path filter judges.
const std::string kRpf = simtest::kRouted + R"(
ip -n x addr add 10.7.7.7/32 dev lo
ip -n x route add 10.0.2.0/24 via 10.0.1.254 src 10.7.7.7
ip netns exec x sysctl -w net.ipv4.conf.x0.arp_announce=2
)";

// y also owns 10.9.9.9 on lo; x reaches it on-link through x0 (ARP decides).
const std::string kArpIgnore = simtest::kPair + R"(
ip -n y addr add 10.9.9.9/32 dev lo
ip -n x route add 10.9.9.9 dev x0
)";

} // namespace

class TestSim : public QObject {
    Q_OBJECT

private slots:
    void lesson_data();
    void lesson();
    void pings_data();
    void pings();
    void icmpMessages_data();
    void icmpMessages();
    void explanations_data();
    void explanations();
    void pastedFixWorks_data();
    void pastedFixWorks();
    void blackholeFixFallsBack_data();
    void blackholeFixFallsBack();
    void proxyDelayWarns();
    void pvlanAnswersOnSameLink();
    void replyNeedsLearntEntryOnSameDevice();
    void matrixEqualsSinglePings_data();
    void matrixEqualsSinglePings();
    void matrixShape();
    void lookupMatchesKernel_data();
    void lookupMatchesKernel();
    void routeFormatMatchesRouteShow();
    void json();
    void unknownNode();

private:
    void checkWording(const QString &text);
};

// linux-semantics.md §13: exit codes recorded on the real kernel for every step and pair.
void TestSim::lesson_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("0 base") << QString::fromStdString(simtest::kLessonBase) << QList<int>{1, 2, 2, 2, 1, 1, 2, 2, 1};
    QTest::newRow("1 host routes") << QString::fromStdString(kStep1) << QList<int>{1, 2, 2, 2, 1, 1, 2, 2, 1};
    QTest::newRow("2 LAN on-link in netns01") << QString::fromStdString(kStep2) << QList<int>{0, 0, 1, 1, 1, 1, 2, 2, 1};
    QTest::newRow("3 via the other host") << QString::fromStdString(kStep3) << QList<int>{0, 0, 1, 1, 1, 1, 1, 2, 1};
    QTest::newRow("4 File exists") << QString::fromStdString(kStep4) << QList<int>{0, 0, 1, 1, 1, 1, 1, 2, 1};
    QTest::newRow("5 fix") << QString::fromStdString(kStep5) << QList<int>{0, 0, 1, 0, 0, 0, 0, 2, 1};
    QTest::newRow("5 forwarding off") << QString::fromStdString(kStep5Off) << QList<int>{0, 0, 1, 1, 1, 1, 1, 2, 1};
    QTest::newRow("6 default via host") << QString::fromStdString(kStep6) << QList<int>{0, 0, 1, 0, 0, 0, 0, 0, 1};
    QTest::newRow("7 same-host via host") << QString::fromStdString(kStep7) << QList<int>{0, 0, 1, 0, 0, 0, 0, 0, 0};
}

void TestSim::lesson()
{
    QFETCH(QString, script);
    QFETCH(QList<int>, expected);
    const auto k = build(script.toStdString(), /*allowFailures: step 4's File exists*/ true);
    sim::Simulator s(k);
    const std::pair<const char *, const char *> pairs[] = {
        {"a", "10.10.0.2"},       {"netns01", "172.16.91.201"}, {"netns01", "172.16.91.2"},
        {"netns01", "172.16.91.202"}, {"b", "10.10.0.2"},      {"a", "10.10.1.2"},
        {"netns03", "172.16.91.201"}, {"netns01", "10.10.1.2"}, {"netns01", "10.10.0.3"}};
    for (int i = 0; i < 9; ++i) {
        const auto r = s.ping(pairs[i].first, ip(pairs[i].second));
        QVERIFY2(r.exitCode == expected[i],
                 qPrintable(QStringLiteral("%1 → %2: got %3 (%4), expected %5; %6")
                                .arg(QLatin1String(pairs[i].first), QLatin1String(pairs[i].second))
                                .arg(r.exitCode)
                                .arg(QString::fromStdString(std::string(sim::dispositionName(r.disposition))))
                                .arg(expected[i])
                                .arg(QString::fromStdString(r.explanation))));
        // The fast path (matrix) must agree with the traced one.
        QCOMPARE(s.ping(pairs[i].first, ip(pairs[i].second), false).exitCode, r.exitCode);
    }
}

void TestSim::pings_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("disposition");
    QTest::addColumn<QString>("message"); // what ping prints (substring), "" = anything

    auto row = [](const char *name, const std::string &script, const char *node, const char *addr, int code,
                  const char *disp, const char *message = "") {
        QTest::newRow(name) << QString::fromStdString(script) << QString::fromLatin1(node) << QString::fromLatin1(addr) << code
                            << QString::fromLatin1(disp) << QString::fromLatin1(message);
    };
    const std::string &pair = simtest::kPair;
    const std::string &routed = simtest::kRouted;
    const std::string &calico = simtest::kCalico;

    // Sender side: local errors before sending (§7 table).
    row("neighbour", pair, "x", "10.0.0.2", 0, "reply", "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64");
    row("no route", pair, "x", "10.9.0.1", 2, "no-route", "ping: connect: Network is unreachable");
    row("blackhole", pair + "ip -n x route add blackhole 10.9.0.0/16\n", "x", "10.9.0.1", 2, "blackhole", "ping: connect: Invalid argument");
    row("unreachable", pair + "ip -n x route add unreachable 10.9.0.0/16\n", "x", "10.9.0.1", 2, "unreachable", "ping: connect: No route to host");
    row("prohibit", pair + "ip -n x route add prohibit 10.9.0.0/16\n", "x", "10.9.0.1", 2, "prohibited",
        "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
    row("throw", pair + "ip -n x route add throw 10.9.0.0/16\n", "x", "10.9.0.1", 2, "no-route", "ping: connect: Network is unreachable");
    row("broadcast", pair, "x", "10.0.0.255", 2, "broadcast", "ping: Do you want to ping broadcast?");
    row("network address is unicast", pair, "x", "10.0.0.0", 1, "arp-unanswered");
    row("self, lo up", pair, "x", "10.0.0.1", 0, "reply", "64 bytes from 10.0.0.1");
    row("self, lo down", without(pair, "ip -n x link set lo up"), "x", "10.0.0.1", 1, "loopback-down");
    row("127.0.0.1, lo down", without(pair, "ip -n x link set lo up"), "x", "127.0.0.1", 2, "loopback-down",
        "ping: connect: Network is unreachable");
    row("127.0.0.1, lo up", pair, "x", "127.0.0.1", 0, "reply");
    row("0.0.0.0 is this host", pair, "x", "0.0.0.0", 0, "reply", "64 bytes from 127.0.0.1");
    row("multicast: nobody answers", pair + "ip -n x route add default dev x0\n", "x", "224.0.0.1", 1, "broadcast");
    row("others reach a namespace whose lo is down", without(pair, "ip -n x link set lo up"), "y", "10.0.0.1", 0, "reply");
    // Weak host: an address on an admin-down device is still local (§1.5, §7.2).
    row("address on a down device", pair + "ip -n y link add y9 type veth peer name y8\nip -n y addr add 10.9.9.9/32 dev y9\n"
        "ip -n x route add 10.9.9.9 via 10.0.0.2\n", "x", "10.9.9.9", 0, "reply");
    row("no source address", "ip netns add x\nip netns add y\nip -n x link add x0 type veth peer name y0 netns y\n"
        "ip -n x link set x0 up\nip -n y link set y0 up\nip -n x route add 10.0.0.0/24 dev x0\n", "x", "10.0.0.2", 1, "no-source-address");

    // Links (§1.2, §1.5, §10).
    row("peer down: linkdown route still used, packet lost", pair + "ip -n y link set y0 down\n", "x", "10.0.0.2", 1, "link-down");
    row("ignore_routes_with_linkdown", pair + "ip netns exec x sysctl -w net.ipv4.conf.x0.ignore_routes_with_linkdown=1\n"
        "ip -n y link set y0 down\n", "x", "10.0.0.2", 2, "no-route");

    // Routers: forwarding on the incoming device, ICMP errors, TTL (§7.2, §9).
    row("routed", routed, "x", "10.0.2.1", 0, "reply", "ttl=63");
    row("forwarding off", routed + "ip netns exec r sysctl -w net.ipv4.ip_forward=0\n", "x", "10.0.2.1", 1, "forwarding-off");
    row("forwarding off on the reply's way in", routed + "ip netns exec r sysctl -w net.ipv4.conf.r1.forwarding=0\n", "x", "10.0.2.1", 1, "forwarding-off");
    row("router's own far address with forwarding off", routed + "ip netns exec r sysctl -w net.ipv4.ip_forward=0\n", "x", "10.0.2.254", 0, "reply");
    row("no route back", without(routed, "ip -n y route add default via 10.0.2.254"), "x", "10.0.2.1", 1, "no-return-route");
    row("router without route", routed + "ip -n x route add 10.5.0.0/16 via 10.0.1.254\n", "x", "10.5.0.1", 1, "no-route");
    row("router unreachable route", routed + "ip -n r route add unreachable 10.5.0.0/16\n", "x", "10.5.0.1", 1, "unreachable");
    row("router prohibit route", routed + "ip -n r route add prohibit 10.5.0.0/16\n", "x", "10.5.0.1", 1, "prohibited");
    row("router blackhole route", routed + "ip -n r route add blackhole 10.5.0.0/16\n", "x", "10.5.0.1", 1, "blackhole");
    row("routing loop", routed + "ip netns exec x sysctl -w net.ipv4.ip_forward=1\nip -n r route add 10.5.0.0/16 via 10.0.1.1\n"
        "ip -n x route add 10.5.0.0/16 via 10.0.1.254\n", "y", "10.5.0.1", 1, "ttl-exceeded");

    // Reverse-path filter (§7.3).
    row("rp_filter strict, no route back", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1\n", "x", "10.0.2.1", 1, "rp-filter-drop");
    row("rp_filter loose, no route back", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=2\n", "x", "10.0.2.1", 1, "rp-filter-drop");
    row("rp_filter strict, route back through IN", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1\n"
        "ip -n r route add 10.7.7.7 via 10.0.1.1\n", "x", "10.0.2.1", 0, "reply");
    row("rp_filter strict, route back elsewhere", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=1\n"
        "ip -n r route add 10.7.7.7 via 10.0.2.1\n", "x", "10.0.2.1", 1, "rp-filter-drop");
    row("rp_filter loose, route back elsewhere", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=2\n"
        "ip -n r route add 10.7.7.7 via 10.0.2.1\n", "x", "10.0.2.1", 1, "forwarding-off");
    row("rp_filter 0, no route back: the reply dies", kRpf, "x", "10.0.2.1", 1, "no-route");
    row("rp_filter is max(all, dev)", kRpf + "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=2\n"
        "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=0\n", "x", "10.0.2.1", 1, "rp-filter-drop");

    // ARP: who answers (§8.2).
    row("weak host: any local address", kArpIgnore, "x", "10.9.9.9", 0, "reply");
    row("arp_ignore 1", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=1\n", "x", "10.9.9.9", 1, "arp-unanswered");
    row("arp_ignore 1 via all", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.all.arp_ignore=1\n", "x", "10.9.9.9", 1, "arp-unanswered");
    row("arp_ignore 1, address on IN", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=1\n", "x", "10.0.0.2", 0, "reply");
    row("arp_ignore 2, same subnet", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=2\n", "x", "10.0.0.2", 0, "reply");
    row("arp_ignore 2, not on IN", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=2\n", "x", "10.9.9.9", 1, "arp-unanswered");
    row("arp_ignore 3, global /32 on lo", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=3\n", "x", "10.9.9.9", 0, "reply");
    row("arp_ignore 8", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=8\n", "x", "10.0.0.2", 1, "arp-unanswered");
    row("arp_ignore 5 behaves like 0", kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=5\n", "x", "10.9.9.9", 0, "reply");
    row("arp_filter", pair + "ip -n y link add y1 type veth peer name y2\nip -n y link set y1 up\nip -n y link set y2 up\n"
        "ip -n y route add 10.0.0.1 dev y1\nip netns exec y sysctl -w net.ipv4.conf.all.arp_filter=1\n", "x", "10.0.0.2", 1, "arp-unanswered");
    row("rp_filter on the ARP sender", routed + "ip -n r route add 10.0.1.1 via 10.0.2.1\nip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=1\n",
        "x", "10.0.2.1", 1, "arp-unanswered");
    row("duplicate address: martian ARP sender", pair + "ip -n y addr add 10.0.0.1/32 dev lo\n", "x", "10.0.0.2", 1, "arp-unanswered");
    row("proxy ARP off", routed + "ip -n x route add 10.0.2.0/24 dev x0\n", "x", "10.0.2.1", 1, "arp-unanswered");
    row("proxy ARP on", routed + "ip -n x route add 10.0.2.0/24 dev x0\nip netns exec r sysctl -w net.ipv4.conf.r0.proxy_arp=1\n"
        "ip netns exec r sysctl -w net.ipv4.neigh.r0.proxy_delay=0\n", "x", "10.0.2.1", 0, "reply");
    row("proxy ARP via all", routed + "ip -n x route add 10.0.2.0/24 dev x0\nip netns exec r sysctl -w net.ipv4.conf.all.proxy_arp=1\n"
        "ip netns exec r sysctl -w net.ipv4.neigh.r0.proxy_delay=0\n", "x", "10.0.2.1", 0, "reply");
    row("proxy ARP needs forwarding", routed + "ip -n x route add 10.0.2.0/24 dev x0\nip netns exec r sysctl -w net.ipv4.conf.r0.proxy_arp=1\n"
        "ip netns exec r sysctl -w net.ipv4.conf.r0.forwarding=0\n", "x", "10.0.2.1", 1, "arp-unanswered");
    row("neigh proxy entry", routed + "ip -n x route add 10.0.2.0/24 dev x0\nip -n r neigh add proxy 10.0.2.1 dev r0\n", "x", "10.0.2.1", 0, "reply");
    row("neigh proxy entry for another device", routed + "ip -n x route add 10.0.2.0/24 dev x0\nip -n r neigh add proxy 10.0.2.1 dev r1\n",
        "x", "10.0.2.1", 1, "arp-unanswered");
    row("proxy ARP never for the same link", pair + "ip netns exec y sysctl -w net.ipv4.ip_forward=1\n"
        "ip netns exec y sysctl -w net.ipv4.conf.y0.proxy_arp=1\n", "x", "10.0.0.77", 1, "arp-unanswered");

    // Bridges (§11).
    row("bridge", kBridge, "x", "10.0.0.2", 0, "reply");
    row("address on the bridge device", kBridge, "x", "10.0.0.3", 0, "reply");
    row("bridge namespace pings a port's peer", kBridge, "sw", "10.0.0.2", 0, "reply");
    row("bridge down", kBridge + "ip -n sw link set br0 down\n", "x", "10.0.0.2", 1, "arp-unanswered");
    row("bridge port down", kBridge + "ip -n sw link set py down\n", "x", "10.0.0.2", 1, "arp-unanswered");
    row("bridge port peer down", kBridge + "ip -n y link set y0 down\n", "x", "10.0.0.2", 1, "arp-unanswered");
    // Bridge ports are never IP input devices: the request for px's address gets in through br0
    // (weak host), but the reply is routed out of px, where ARP never completes; sending out of a
    // port works only with a permanent neighbour entry, and then reaches the port's wire only.
    row("port address from the port's wire", kPortAddr, "x", "10.0.1.3", 1, "arp-unanswered");
    row("port address from another port", kPortAddr, "y", "10.0.1.3", 1, "arp-unanswered");
    row("out of a port to its wire", kPortAddr, "sw", "10.0.1.1", 1, "arp-unanswered");
    row("out of a port to another port", kPortAddr, "sw", "10.0.1.2", 1, "arp-unanswered");
    row("bridge address still works next to a port address", kPortAddr, "x", "10.0.0.3", 0, "reply");
    row("user route out of a port", kBridge + "ip -n sw route add 10.0.0.1 dev px\n", "sw", "10.0.0.1", 1, "arp-unanswered");
    row("user route out of a port, other host via br0", kBridge + "ip -n sw route add 10.0.0.1 dev px\n", "sw", "10.0.0.2", 0, "reply");
    row("out of a port with a permanent neighbour", kPortAddr + "ip -n sw neigh add 10.0.1.1 lladdr 02:00:00:00:00:11 dev px nud permanent\n",
        "sw", "10.0.1.1", 0, "reply");
    row("permanent neighbour behind another port", kPortAddr + "ip -n sw neigh add 10.0.1.2 lladdr 02:00:00:00:00:12 dev px nud permanent\n",
        "sw", "10.0.1.2", 1, "link-down");

    // Several answers to one ARP request: the first reply wins, in the order the bridge delivers
    // the broadcast (its own stack, then ports newest first). Here z (newest port, pvlan) answers
    // for y before y does; z sends the echo back onto the LAN and x's pvlan answers z's ARP
    // before y: x receives its own packet (martian). The kernel agrees (random corpus seed 207).
    row("ARP race: first answer wins", R"(
ip netns add sw
ip netns add x
ip netns add y
ip netns add z
ip -n sw link add br0 type bridge
ip -n sw link add py type veth peer name y0 netns y
ip -n sw link add px type veth peer name x0 netns x
ip -n sw link add pz type veth peer name z0 netns z
ip -n sw link set py master br0
ip -n sw link set px master br0
ip -n sw link set pz master br0
ip -n sw link set py up
ip -n sw link set px up
ip -n sw link set pz up
ip -n sw link set br0 up
ip -n x addr add 10.0.0.1/24 dev x0
ip -n y addr add 10.0.0.2/24 dev y0
ip -n z addr add 10.0.0.3/24 dev z0
ip -n x link set x0 up
ip -n y link set y0 up
ip -n z link set z0 up
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip netns exec z sysctl -w net.ipv4.ip_forward=1
ip netns exec x sysctl -w net.ipv4.conf.x0.proxy_arp_pvlan=1
ip netns exec z sysctl -w net.ipv4.conf.z0.proxy_arp_pvlan=1
ip netns exec x sysctl -w net.ipv4.neigh.x0.proxy_delay=0
ip netns exec z sysctl -w net.ipv4.neigh.z0.proxy_delay=0
)", "x", "10.0.0.2", 1, "martian");

    // Calico (§12).
    row("calico pod → remote pod", calico, "pod1", "10.244.2.2", 0, "reply", "ttl=62");
    row("calico pod → local pod", calico, "pod1", "10.244.1.3", 0, "reply");
    row("calico pod → its node", calico, "pod1", "192.168.0.11", 0, "reply");
    row("calico node → pod", calico, "node1", "10.244.1.2", 0, "reply");
    row("calico gateway → pod", calico, "gw", "10.244.2.2", 0, "reply");
    row("calico pod → 169.254.1.1", calico, "pod1", "169.254.1.1", 1, "no-route");
    row("calico: proxy_arp off isolates the pod", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=0\n",
        "pod1", "10.244.2.2", 1, "arp-unanswered");
    row("calico: proxy_arp off, nothing reaches the pod", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=0\n",
        "node1", "10.244.1.2", 1, "arp-unanswered");
    row("calico: proxy_arp off on cali1 only", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=0\n",
        "pod2", "192.168.0.11", 0, "reply");
    row("calico: forwarding off, pod cannot reach node", calico + "ip netns exec node1 sysctl -w net.ipv4.ip_forward=0\n",
        "pod1", "192.168.0.11", 1, "arp-unanswered");
    row("calico: forwarding off, node cannot reach pod", calico + "ip netns exec node1 sysctl -w net.ipv4.ip_forward=0\n",
        "node1", "10.244.1.2", 1, "arp-unanswered");
    row("calico: forwarding off on cali1", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.forwarding=0\n",
        "pod1", "192.168.0.11", 1, "arp-unanswered");
    row("calico: forwarding off on cali1, pod2 fine", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.forwarding=0\n",
        "pod2", "192.168.0.11", 0, "reply");
    row("calico: no default route on the node", calico + "ip -n node1 route del default\n", "pod1", "192.168.0.11", 1, "arp-unanswered");
    row("calico: 169.254.1.1 routed out of cali1", calico + "ip -n node1 route add 169.254.1.1 dev cali1\n", "pod1", "192.168.0.11", 1, "arp-unanswered");
    row("calico: 169.254.1.1 routed out of cali1, pod2 fine", calico + "ip -n node1 route add 169.254.1.1 dev cali1\n", "pod2", "192.168.0.11", 0, "reply");
    row("calico: missing pod route + blackhole block, node", calico + "ip -n node1 route del 10.244.1.2 dev cali1\n"
        "ip -n node1 route add blackhole 10.244.1.0/24\n", "node1", "10.244.1.2", 2, "blackhole", "ping: connect: Invalid argument");
    row("calico: missing pod route + blackhole block, remote", calico + "ip -n node1 route del 10.244.1.2 dev cali1\n"
        "ip -n node1 route add blackhole 10.244.1.0/24\n", "node2", "10.244.1.2", 1, "blackhole");
    row("calico: missing pod route + blackhole block, pod", calico + "ip -n node1 route del 10.244.1.2 dev cali1\n"
        "ip -n node1 route add blackhole 10.244.1.0/24\n", "pod1", "192.168.0.11", 1, "arp-unanswered");
    row("calico: distro rp_filter=2 changes nothing", calico + "ip netns exec node1 sysctl -w net.ipv4.conf.all.rp_filter=2\n"
        "ip netns exec node2 sysctl -w net.ipv4.conf.all.rp_filter=2\n", "pod1", "10.244.2.2", 0, "reply");
}

void TestSim::pings()
{
    QFETCH(QString, script);
    QFETCH(QString, node);
    QFETCH(QString, addr);
    QFETCH(int, exitCode);
    QFETCH(QString, disposition);
    QFETCH(QString, message);
    const auto k = build(script.toStdString());
    sim::Simulator s(k);
    const auto r = s.ping(node.toStdString(), *net::Ipv4::parse(addr.toStdString()));
    const QString got = QString::fromStdString(std::string(sim::dispositionName(r.disposition)));
    QVERIFY2(r.exitCode == exitCode && got == disposition,
             qPrintable(QStringLiteral("got exit %1 (%2), expected %3 (%4): %5")
                            .arg(r.exitCode)
                            .arg(got)
                            .arg(exitCode)
                            .arg(disposition, QString::fromStdString(r.explanation))));
    if (!message.isEmpty())
        QVERIFY2(QString::fromStdString(r.message).contains(message), r.message.c_str());
    QVERIFY(!r.explanation.empty());
    QVERIFY(!r.trace.empty());
    const auto fast = s.ping(node.toStdString(), *net::Ipv4::parse(addr.toStdString()), false);
    QCOMPARE(fast.exitCode, exitCode);
    QCOMPARE(fast.disposition, r.disposition);
}

// ICMP errors reach the sender and ping prints them (exit stays 1, §7.4).
void TestSim::icmpMessages_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<QString>("message");
    const std::string &routed = simtest::kRouted;
    QTest::newRow("net unreachable") << QString::fromStdString(routed + "ip -n x route add 10.5.0.0/16 via 10.0.1.254\n") << QStringLiteral("x") << QStringLiteral("10.5.0.1")
                                     << QStringLiteral("From 10.0.1.254 icmp_seq=1 Destination Net Unreachable");
    QTest::newRow("host unreachable") << QString::fromStdString(routed + "ip -n r route add unreachable 10.5.0.0/16\n") << QStringLiteral("x") << QStringLiteral("10.5.0.1")
                                      << QStringLiteral("From 10.0.1.254 icmp_seq=1 Destination Host Unreachable");
    QTest::newRow("packet filtered") << QString::fromStdString(routed + "ip -n r route add prohibit 10.5.0.0/16\n") << QStringLiteral("x") << QStringLiteral("10.5.0.1")
                                     << QStringLiteral("From 10.0.1.254 icmp_seq=1 Packet filtered");
    QTest::newRow("blackhole is silent") << QString::fromStdString(routed + "ip -n r route add blackhole 10.5.0.0/16\n") << QStringLiteral("x") << QStringLiteral("10.5.0.1")
                                         << QStringLiteral("");
    QTest::newRow("forwarding off is silent") << QString::fromStdString(routed + "ip netns exec r sysctl -w net.ipv4.ip_forward=0\n") << QStringLiteral("x")
                                              << QStringLiteral("10.0.2.1") << QStringLiteral("");
    QTest::newRow("time exceeded") << QString::fromStdString(routed + "ip netns exec x sysctl -w net.ipv4.ip_forward=1\n"
                                                                       "ip -n r route add 10.5.0.0/16 via 10.0.1.1\n"
                                                                       "ip -n x route add 10.5.0.0/16 via 10.0.1.254\n")
                                   << QStringLiteral("y") << QStringLiteral("10.5.0.1") << QStringLiteral("From 10.0.1.1 icmp_seq=1 Time to live exceeded");
}

void TestSim::icmpMessages()
{
    QFETCH(QString, script);
    QFETCH(QString, node);
    QFETCH(QString, addr);
    QFETCH(QString, message);
    const auto k = build(script.toStdString());
    const auto r = sim::ping(k, node.toStdString(), *net::Ipv4::parse(addr.toStdString()));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QString::fromStdString(r.message), message);
}

// The sentence a teacher reads out: it names the cause and the fix.
void TestSim::explanations_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("blog step 3") << QString::fromStdString(kStep3) << QStringLiteral("a") << QStringLiteral("10.10.1.2")
                                 << QStringList{QStringLiteral("netns03 asks who has 172.16.91.201 on veth3b"),
                                                QStringLiteral("b does not own 172.16.91.201 and proxy_arp is off on vethb3"),
                                                QStringLiteral("route 172.16.91.0/24 via 172.16.91.202 in netns03"),
                                                QStringLiteral("enable proxy_arp on vethb3")};
    QTest::newRow("blog step 1") << QString::fromStdString(kStep1) << QStringLiteral("a") << QStringLiteral("10.10.0.2")
                                 << QStringList{QStringLiteral("netns01 has no route back to 172.16.91.201")};
    QTest::newRow("forwarding off") << QString::fromStdString(kStep5Off) << QStringLiteral("netns01") << QStringLiteral("172.16.91.202")
                                    << QStringList{QStringLiteral("forwarding is off on vetha1"), QStringLiteral("`ip netns exec a sysctl -w net.ipv4.ip_forward=1`")};
    QTest::newRow("calico no default") << QString::fromStdString(simtest::kCalico + "ip -n node1 route del default\n") << QStringLiteral("pod1")
                                       << QStringLiteral("192.168.0.11")
                                       << QStringList{QStringLiteral("pod1 asks who has 169.254.1.1 on eth0"),
                                                      QStringLiteral("node1 does not own 169.254.1.1 and has no route to it")};
    QTest::newRow("calico route out of cali1") << QString::fromStdString(simtest::kCalico + "ip -n node1 route add 169.254.1.1 dev cali1\n")
                                               << QStringLiteral("pod1") << QStringLiteral("192.168.0.11") << QStringList{QStringLiteral("leaves through cali1 itself")};
    QTest::newRow("rp_filter") << QString::fromStdString(kRpf + "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=1\n"
                                                                "ip -n r route add 10.7.7.7 via 10.0.2.1\n")
                               << QStringLiteral("x") << QStringLiteral("10.0.2.1") << QStringList{QStringLiteral("rp_filter=1 (strict)"), QStringLiteral("leaves through r1")};
    QTest::newRow("peer down") << QString::fromStdString(simtest::kPair + "ip -n y link set y0 down\n") << QStringLiteral("x") << QStringLiteral("10.0.0.2")
                               << QStringList{QStringLiteral("peer y0 in y is down"), QStringLiteral("ip -n y link set y0 up")};
    QTest::newRow("bridge down") << QString::fromStdString(kBridge + "ip -n sw link set br0 down\n") << QStringLiteral("x") << QStringLiteral("10.0.0.2")
                                 << QStringList{QStringLiteral("bridge br0 in sw is down")};
    QTest::newRow("address on a bridge port") << QString::fromStdString(kPortAddr) << QStringLiteral("sw") << QStringLiteral("10.0.1.1")
                                              << QStringList{QStringLiteral("sw asks who has 10.0.1.1 on px, but px is enslaved to br0: the answer is "
                                                                            "passed up on br0, so px's neighbour entry never resolves"),
                                                             QStringLiteral("Fix: put the address on br0 instead of px"),
                                                             QStringLiteral("`ip -n sw addr del 10.0.1.3/24 dev px`, then `ip -n sw addr add 10.0.1.3/24 dev br0`")};
    QTest::newRow("reply out of a bridge port") << QString::fromStdString(kPortAddr) << QStringLiteral("x") << QStringLiteral("10.0.1.3")
                                                << QStringList{QStringLiteral("The request reaches sw. On the way back, sw asks who has 10.0.1.1 on px"),
                                                               QStringLiteral("px is enslaved to br0")};
    // One "so" per sentence: the refusal ends the sentence instead of being followed by ", so nobody answers".
    QTest::newRow("calico forwarding off") << QString::fromStdString(simtest::kCalico + "ip netns exec node1 sysctl -w net.ipv4.ip_forward=0\n")
                                           << QStringLiteral("pod1") << QStringLiteral("192.168.0.11")
                                           << QStringList{QStringLiteral("pod1 asks who has 169.254.1.1 on eth0 (the gateway of `default via 169.254.1.1 dev eth0`), "
                                                                         "but nobody answers: node1 does not own 169.254.1.1 and forwarding is off on cali1, "
                                                                         "so proxy ARP stays silent although proxy_arp is on. Fix: turn forwarding on in node1 "
                                                                         "(`ip netns exec node1 sysctl -w net.ipv4.ip_forward=1`).")};
    QTest::newRow("calico no proxy_arp") << QString::fromStdString(simtest::kCalico + "ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=0\n")
                                         << QStringLiteral("pod1") << QStringLiteral("192.168.0.11")
                                         << QStringList{QStringLiteral("but nobody answers: node1 does not own 169.254.1.1 and proxy_arp is off on cali1. "
                                                                       "Fix: enable proxy_arp on cali1 in node1 (`ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1`).")};
    // The reply dies at the router on its way back: the request reached y, not r.
    QTest::newRow("reply dropped at a router") << QString::fromStdString(simtest::kRouted + "ip netns exec r sysctl -w net.ipv4.conf.r1.forwarding=0\n")
                                               << QStringLiteral("x") << QStringLiteral("10.0.2.1")
                                               << QStringList{QStringLiteral("The request reaches y. On the way back, r receives the echo reply for 10.0.1.1 on r1, "
                                                                             "but 10.0.1.1 is not local and forwarding is off on r1"),
                                                              QStringLiteral("Fix: `ip netns exec r sysctl -w net.ipv4.conf.r1.forwarding=1`")};
    // The bundled lab: the reply dies at r3, whose ICMP error goes to h2, not to the pinger.
    QFile chain(QStringLiteral(NSLAB_SOURCE_DIR "/resources/labs/router-chain.sh"));
    QVERIFY(chain.open(QIODevice::ReadOnly));
    QTest::newRow("router chain") << QString::fromUtf8(chain.readAll()) << QStringLiteral("h1") << QStringLiteral("10.0.4.2")
                                  << QStringList{QStringLiteral("The request reaches h2. On the way back, r3 receives the echo reply for 10.0.1.2 on eth1 "
                                                                "and has no route to it, so it drops the packet and sends ICMP net unreachable back to "
                                                                "10.0.4.2. Fix: add a route covering 10.0.1.2 in r3.")};
    QTest::newRow("nobody on a shared link") << QString::fromStdString(kBridge) << QStringLiteral("x") << QStringLiteral("10.0.0.77")
                                             << QStringList{QStringLiteral("x asks who has 10.0.0.77 on x0, but nobody answers: none of the namespaces on that link "
                                                                           "(sw and y) owns 10.0.0.77 or proxies for it.")};
    QTest::newRow("lo down") << QString::fromStdString(without(simtest::kPair, "ip -n x link set lo up")) << QStringLiteral("x") << QStringLiteral("10.0.0.1")
                             << QStringList{QStringLiteral("ip -n x link set lo up")};
    QTest::newRow("arp_ignore") << QString::fromStdString(kArpIgnore + "ip netns exec y sysctl -w net.ipv4.conf.y0.arp_ignore=1\n") << QStringLiteral("x")
                                << QStringLiteral("10.9.9.9") << QStringList{QStringLiteral("arp_ignore=1 on y0")};
}

void TestSim::explanations()
{
    QFETCH(QString, script);
    QFETCH(QString, node);
    QFETCH(QString, addr);
    QFETCH(QStringList, mentions);
    const auto k = build(script.toStdString(), true); // lesson steps from 4 on hold step 4's File exists
    const auto r = sim::ping(k, node.toStdString(), *net::Ipv4::parse(addr.toStdString()));
    const QString text = QString::fromStdString(r.explanation);
    for (const QString &m : mentions)
        QVERIFY2(text.contains(m), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(m, text)));
    QVERIFY(text.contains(QLatin1String("Fix:")));
    checkWording(text);
    if (QTest::currentTestFailed())
        return;
}

// Reads as a teacher would say it: no word twice in a row, at most one "so" and one "but" per
// sentence, and every command set off in backticks is one the parser (and so the console) takes.
void TestSim::checkWording(const QString &text)
{
    static const QRegularExpression repeated(QStringLiteral("\\b(\\w+) \\1\\b"));
    const auto twice = repeated.match(text);
    QVERIFY2(!twice.hasMatch(), qPrintable(QStringLiteral("\"%1\" in: %2").arg(twice.captured(0), text)));
    for (const QString &sentence : text.split(QStringLiteral(". "))) {
        QVERIFY2(sentence.count(QStringLiteral(" so ")) <= 1, qPrintable(QStringLiteral("two \"so\" in: ") + sentence));
        QVERIFY2(sentence.count(QStringLiteral(" but ")) <= 1, qPrintable(QStringLiteral("two \"but\" in: ") + sentence));
    }
    static const QRegularExpression quoted(QStringLiteral("`([^`]*)`"));
    for (auto it = quoted.globalMatch(text); it.hasNext();) {
        const QString span = it.next().captured(1);
        if (!span.startsWith(QLatin1String("ip ")))
            continue; // a route as `ip route show` prints it
        const auto parsed = model::ops::parseScript(span.toStdString());
        QVERIFY2(parsed.size() == 1 && !parsed.front().unsupported && !parsed.front().ops.empty(),
                 qPrintable(QStringLiteral("the parser refuses `%1` from: %2").arg(span, text)));
    }
}

// The fix an explanation gives is a command that, pasted as a student would, makes the ping work:
// a Calico pod whose /32 is missing on its node gets the exact route through the cali* whose
// peer owns the address; a namespace that forwards nothing gets ip_forward, not one device's
// switch (that would only move the failure to the reply's incoming device).
void TestSim::pastedFixWorks_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<QString>("fix");
    const std::string blackholed = simtest::kCalico + "ip -n node2 route add blackhole 10.244.2.0/24\n"
                                                      "ip -n node2 route del 10.244.2.2 dev cali3 scope link\n";
    const QString viaCali3 = QStringLiteral("Fix: give node2 a route to 10.244.2.2 through cali3, which leads to its owner pod3: "
                                            "`ip -n node2 route add 10.244.2.2 dev cali3 scope link`.");
    QTest::newRow("blackhole at the node, request from another host") << QString::fromStdString(blackholed) << QStringLiteral("pod1")
                                                                      << QStringLiteral("10.244.2.2")
                                                                      << QStringLiteral("node2's route `blackhole 10.244.2.0/24` silently discards the echo request. ")
                                                                             + viaCali3;
    QTest::newRow("blackhole at the node, ping from the node") << QString::fromStdString(blackholed) << QStringLiteral("node2")
                                                               << QStringLiteral("10.244.2.2") << viaCali3;
    QTest::newRow("blackhole at the node, reply to the pod") << QString::fromStdString(blackholed) << QStringLiteral("pod3")
                                                             << QStringLiteral("192.168.0.11")
                                                             << QStringLiteral("route 10.244.2.2 back through cali3 in node2 "
                                                                               "(`ip -n node2 route add 10.244.2.2 dev cali3 scope link`)");
    // Without the blackhole the packet goes round node2 → gw → node2 until its TTL runs out.
    QTest::newRow("no blackhole: a loop") << QString::fromStdString(without(simtest::kCalico, "ip -n node2 route add 10.244.2.2 dev cali3 scope link"))
                                          << QStringLiteral("pod1") << QStringLiteral("10.244.2.2") << viaCali3;
    // The same /32 as a blackhole: `route add` would say File exists, so the fix replaces it.
    QTest::newRow("/32 blackhole is replaced") << QString::fromStdString(simtest::kPair + "ip -n x route add blackhole 10.0.0.2\n") << QStringLiteral("x")
                                               << QStringLiteral("10.0.0.2")
                                               << QStringLiteral("Fix: give x a route to 10.0.0.2 through x0, which leads to its owner y: "
                                                                 "`ip -n x route replace 10.0.0.2 dev x0 scope link`.");
    QTest::newRow("calico node forwards nothing") << QString::fromStdString(simtest::kCalico + "ip netns exec node1 sysctl -w net.ipv4.ip_forward=0\n")
                                                  << QStringLiteral("pod1") << QStringLiteral("10.244.2.2")
                                                  << QStringLiteral("Fix: turn forwarding on in node1 (`ip netns exec node1 sysctl -w net.ipv4.ip_forward=1`).");
    QTest::newRow("one device does not forward") << QString::fromStdString(simtest::kRouted + "ip netns exec r sysctl -w net.ipv4.conf.r1.forwarding=0\n")
                                                 << QStringLiteral("x") << QStringLiteral("10.0.2.1")
                                                 << QStringLiteral("Fix: `ip netns exec r sysctl -w net.ipv4.conf.r1.forwarding=1`.");
}

void TestSim::pastedFixWorks()
{
    QFETCH(QString, script);
    QFETCH(QString, node);
    QFETCH(QString, addr);
    QFETCH(QString, fix);
    auto k = build(script.toStdString());
    const auto before = sim::ping(k, node.toStdString(), ip(addr.toLatin1().constData()));
    QVERIFY(before.exitCode != 0);
    const QString text = QString::fromStdString(before.explanation);
    QVERIFY2(text.contains(fix), qPrintable(text));
    checkWording(text);
    if (QTest::currentTestFailed())
        return;
    // Paste the command of the fix, as a student would.
    const qsizetype open = text.indexOf(QLatin1String("`ip "), text.indexOf(QLatin1String("Fix:")));
    QVERIFY(open >= 0);
    const QString command = text.mid(open + 1, text.indexOf(QLatin1Char('`'), open + 1) - open - 1);
    for (const auto &cmd : model::ops::parseScript(command.toStdString())) {
        QVERIFY2(!cmd.unsupported, cmd.message.c_str());
        for (const auto &op : cmd.ops)
            QVERIFY2(k.apply(op).ok(), qPrintable(command));
    }
    const auto after = sim::ping(k, node.toStdString(), ip(addr.toLatin1().constData()));
    QVERIFY2(after.exitCode == 0, qPrintable(QString::fromStdString(after.explanation)));
}

// Without a device that leads to the owner (or with one that is down) the fix stays generic.
void TestSim::blackholeFixFallsBack_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<QString>("fix");
    QTest::newRow("nobody owns the address") << QString::fromStdString(simtest::kRouted + "ip -n r route add blackhole 10.5.0.0/16\n"
                                                                                          "ip -n x route add 10.5.0.0/16 via 10.0.1.254\n")
                                             << QStringLiteral("x") << QStringLiteral("10.5.0.1")
                                             << QStringLiteral("r's route `blackhole 10.5.0.0/16` silently discards the echo request. "
                                                               "Fix: delete that blackhole route in r or add a more specific route for 10.5.0.1.");
    QTest::newRow("the pod's link is down") << QString::fromStdString(simtest::kCalico + "ip -n node2 route add blackhole 10.244.2.0/24\n"
                                                                                         "ip -n node2 route del 10.244.2.2 dev cali3 scope link\n"
                                                                                         "ip -n pod3 link set eth0 down\n")
                                            << QStringLiteral("pod1") << QStringLiteral("10.244.2.2")
                                            << QStringLiteral("Fix: delete that blackhole route in node2 or add a more specific route for 10.244.2.2.");
}

void TestSim::blackholeFixFallsBack()
{
    QFETCH(QString, script);
    QFETCH(QString, node);
    QFETCH(QString, addr);
    QFETCH(QString, fix);
    const auto r = sim::ping(build(script.toStdString()), node.toStdString(), ip(addr.toLatin1().constData()));
    QCOMPARE(r.disposition, sim::Disposition::Blackhole);
    const QString text = QString::fromStdString(r.explanation);
    QVERIFY2(text.contains(fix), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("route add")));
}

void TestSim::proxyDelayWarns()
{
    // Without proxy_delay=0 the proxied answer waits up to 0.8 s: still a reply, but flagged.
    std::string script = simtest::kCalico;
    script = without(script, "ip netns exec node1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0");
    const auto k = build(script);
    const auto r = sim::ping(k, "pod1", ip("192.168.0.11"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.warnings.empty());
    QVERIFY(QString::fromStdString(r.warnings.front()).contains(QLatin1String("800 ms")));
    QVERIFY(sim::ping(k, "pod2", ip("192.168.0.11")).warnings.empty());
}

void TestSim::pvlanAnswersOnSameLink()
{
    // E20: proxy_arp_pvlan answers for an absent neighbour on the same link; plain proxy_arp does not.
    const std::string base = simtest::kPair + "ip netns exec y sysctl -w net.ipv4.ip_forward=1\n";
    auto answeredBy = [](const sim::PingResult &r) {
        for (const auto &s : r.trace)
            if (s.kind == sim::StepKind::ArpReply)
                return s.ns;
        return std::string();
    };
    const auto plain = sim::ping(build(base + "ip netns exec y sysctl -w net.ipv4.conf.y0.proxy_arp=1\n"), "x", ip("10.0.0.77"));
    QCOMPARE(answeredBy(plain), std::string());
    const auto pvlan = sim::ping(build(base + "ip netns exec y sysctl -w net.ipv4.conf.y0.proxy_arp_pvlan=1\n"), "x", ip("10.0.0.77"));
    QCOMPARE(answeredBy(pvlan), std::string("y"));
    QCOMPARE(pvlan.exitCode, 1); // y forwards back out of y0 and nobody owns .77
    bool redirect = false;
    for (const auto &s : pvlan.trace)
        redirect |= s.kind == sim::StepKind::Redirect;
    QVERIFY(redirect);
}

void TestSim::replyNeedsLearntEntryOnSameDevice()
{
    // §8.1: in step 2 a pings netns01 from .201; netns01 learns .201 on veth1a from a's ARP
    // request, so its reply (on-link LAN route through veth1a) needs no ARP of its own.
    const auto k = build(kStep2);
    const auto r = sim::ping(k, "a", ip("10.10.0.2"));
    QCOMPARE(r.exitCode, 0);
    bool replyUsedLearnt = false;
    for (const auto &s : r.trace)
        replyUsedLearnt |= s.leg == sim::Leg::Reply && s.kind == sim::StepKind::NeighbourHit && s.ns == "netns01";
    QVERIFY2(replyUsedLearnt, "netns01 should reuse the entry learnt from a's ARP request");
}

// The matrix runs the untraced walk with memoised ARP answers shared by every pair; each cell
// must equal a fresh, traced, unmemoised ping.
void TestSim::matrixEqualsSinglePings_data()
{
    QTest::addColumn<QString>("script");
    QTest::newRow("lesson step 3") << QString::fromStdString(kStep3);
    QTest::newRow("lesson step 7") << QString::fromStdString(kStep7);
    QTest::newRow("calico") << QString::fromStdString(simtest::kCalico);
    QTest::newRow("calico broken") << QString::fromStdString(simtest::kCalico + "ip -n node1 route add 169.254.1.1 dev cali1\n"
                                                                                 "ip netns exec node2 sysctl -w net.ipv4.conf.all.rp_filter=1\n");
    QTest::newRow("rp filter") << QString::fromStdString(kRpf + "ip netns exec r sysctl -w net.ipv4.conf.r0.rp_filter=1\n");
    QTest::newRow("bridge") << QString::fromStdString(kBridge);
    QTest::newRow("address on a bridge port") << QString::fromStdString(kPortAddr);
}

void TestSim::matrixEqualsSinglePings()
{
    QFETCH(QString, script);
    const auto k = build(script.toStdString(), true);
    sim::Simulator s(k);
    const sim::Matrix m = s.matrix();
    QVERIFY(!m.exitCodes.empty());
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        for (std::size_t a = 0; a < m.addresses.size(); ++a) {
            sim::Simulator fresh(k);
            const auto r = fresh.ping(m.nodes[n], m.addresses[a]);
            QVERIFY2(r.exitCode == m.exitCode(n, a) && r.disposition == m.disposition(n, a),
                     qPrintable(QStringLiteral("%1 → %2").arg(QString::fromStdString(m.nodes[n]), QString::fromStdString(m.addresses[a].toString()))));
        }
    }
}

void TestSim::matrixShape()
{
    const auto k = build(simtest::kLessonBase);
    const sim::Matrix m = sim::matrix(k);
    QCOMPARE(m.nodes, (std::vector<std::string>{"a", "b", "gw", "lan", "netns01", "netns02", "netns03"}));
    std::vector<std::string> addrs;
    for (const auto &a : m.addresses)
        addrs.push_back(a.toString());
    // Numeric order, 127/8 excluded, each once.
    QCOMPARE(addrs, (std::vector<std::string>{"10.10.0.2", "10.10.0.3", "10.10.1.2", "172.16.91.2", "172.16.91.201", "172.16.91.202"}));
    QCOMPARE(m.exitCodes.size(), m.nodes.size() * m.addresses.size());
}

// The compiled LPM and source selection must say what the kernel emulator says.
void TestSim::lookupMatchesKernel_data()
{
    QTest::addColumn<QString>("script");
    QTest::newRow("lesson step 7") << QString::fromStdString(kStep7);
    QTest::newRow("calico") << QString::fromStdString(simtest::kCalico);
    QTest::newRow("metrics, tos, types") << QString::fromStdString(simtest::kPair + R"(
ip -n x route add 10.20.0.0/16 via 10.0.0.2 metric 10
ip -n x route add 10.20.0.0/16 via 10.0.0.3 metric 5
ip -n x route add 10.20.1.0/24 tos 0x10 via 10.0.0.2
ip -n x route add blackhole 10.20.2.0/24
ip -n x route add unreachable 10.20.2.128/25
ip -n x route add 10.7.0.0/16 dev lo scope host
ip -n x addr add 10.8.0.1/24 dev lo
ip -n x route add 10.8.0.128/25 via 10.0.0.2
ip -n x route add default via 10.0.0.2
)");
}

void TestSim::lookupMatchesKernel()
{
    QFETCH(QString, script);
    const auto k = build(script.toStdString(), true);
    const sim::detail::Snapshot snap(k);
    QRandomGenerator rng(42);
    for (int n = 0; n < int(snap.nss.size()); ++n) {
        const kernel::Namespace &ns = *snap.nss[n].ns;
        std::vector<std::uint32_t> probes;
        for (const auto &r : ns.routes) {
            probes.push_back(r.dst.network().v);
            probes.push_back(r.dst.lastAddress().v);
            probes.push_back(r.dst.lastAddress().v + 1);
            probes.push_back(r.dst.network().v - 1);
        }
        for (int i = 0; i < 200; ++i)
            probes.push_back(rng.generate());
        for (std::uint32_t a : probes) {
            const int mine = snap.lookup(n, a);
            const auto theirs = kernel::fibLookup(ns, net::Ipv4{a});
            const kernel::Route *mr = mine >= 0 ? snap.routes[mine].orig : nullptr;
            const kernel::Route *tr = theirs.kind == kernel::FibResult::Kind::Found ? theirs.route : nullptr;
            QVERIFY2(mr == tr, qPrintable(QStringLiteral("%1: lookup %2: sim %3, kernel %4")
                                              .arg(QString::fromStdString(ns.name), QString::fromStdString(net::Ipv4{a}.toString()),
                                                   QString::fromStdString(mr ? sim::formatRoute(ns, *mr) : "none"),
                                                   QString::fromStdString(tr ? sim::formatRoute(ns, *tr) : "none"))));
        }
        for (int d = snap.nss[n].devBegin; d < snap.nss[n].devEnd; ++d) {
            const kernel::Device *dev = snap.devs[d].dev;
            for (std::uint32_t cmp : {0u, 0x0a000002u, 0xac105bc9u})
                for (auto scope : {kernel::Scope::Universe, kernel::Scope::Link}) {
                    const auto theirs = kernel::inetSelectAddr(ns, dev, net::Ipv4{cmp}, scope);
                    QCOMPARE(snap.selectAddr(d, cmp, scope), theirs ? theirs->v : 0u);
                }
        }
    }
}

void TestSim::routeFormatMatchesRouteShow()
{
    const auto k = build(kStep7 + "ip -n a route add 10.99.0.0/16 via 172.16.91.2 metric 7 proto static\n"
                                  "ip -n a route add blackhole 10.98.0.0/16\nip -n lan link set pb down\n", true);
    for (const auto &[name, ns] : k.namespaces()) {
        for (std::uint32_t table : {model::ops::kTableMain, model::ops::kTableLocal}) {
            std::string mine;
            for (const auto &r : ns.routes)
                if (r.table == table)
                    mine += sim::formatRoute(ns, r) + "\n";
            QCOMPARE(mine, k.routeShow(name, table));
        }
    }
}

void TestSim::json()
{
    const auto k = build(kStep3);
    const auto r = sim::ping(k, "a", ip("10.10.1.2"));
    const QJsonObject o = sim::toJson(r, "a", ip("10.10.1.2")).object();
    QCOMPARE(o.value(QLatin1String("exitCode")).toInt(), 1);
    QCOMPARE(o.value(QLatin1String("disposition")).toString(), QStringLiteral("arp-unanswered"));
    QCOMPARE(o.value(QLatin1String("leg")).toString(), QStringLiteral("reply"));
    QCOMPARE(o.value(QLatin1String("at")).toString(), QStringLiteral("netns03"));
    const QJsonArray steps = o.value(QLatin1String("trace")).toArray();
    QVERIFY(steps.size() > 5);
    bool sawRoute = false;
    for (const auto &s : steps)
        sawRoute |= s.toObject().value(QLatin1String("route")).toString() == QLatin1String("10.10.1.0/24 via 172.16.91.202 dev ens33 ");
    QVERIFY(sawRoute);

    const QJsonObject m = sim::toJson(sim::matrix(k)).object();
    const QJsonArray cells = m.value(QLatin1String("cells")).toArray();
    QCOMPARE(cells.size(), m.value(QLatin1String("nodes")).toArray().size() * m.value(QLatin1String("addresses")).toArray().size());
    QCOMPARE(cells.first().toObject().value(QLatin1String("node")).toString(), QStringLiteral("a"));
}

void TestSim::unknownNode()
{
    const auto k = build(simtest::kPair);
    const auto r = sim::ping(k, "nosuch", ip("10.0.0.1"));
    QCOMPARE(r.exitCode, 255);
    QVERIFY(QString::fromStdString(r.message).contains(QLatin1String("nosuch")));
}

QTEST_GUILESS_MAIN(TestSim)
#include "tst_sim.moc"
