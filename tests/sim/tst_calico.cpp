// The Calico generator: the lab it writes must plan, emulate and work (every pod reaches every
// address), switch to permanent neighbours beyond 500 pods, and refuse impossible sizes.
// moc 6.4 cannot parse the C++20 standard headers the model pulls in; it needs none of them.
#ifndef Q_MOC_RUN
#include "io/labfile.h"
#include "plan/plan.h"
#include "routing/calico.h"
#include "sim/sim.h"
#endif

#include <QTest>

using namespace nslab;
using model::routing::CalicoOptions;

class TestCalico : public QObject {
    Q_OBJECT

private slots:
    void shape();
    void everythingReachable_data();
    void everythingReachable();
    void breakingProxyArpIsolatesPod();
    void permanentNeighbours();
    void roundTripsThroughLabFile();
    void rejectsBadSizes_data();
    void rejectsBadSizes();
};

void TestCalico::shape()
{
    CalicoOptions o;
    o.hosts = 3;
    o.podsPerHost = 4;
    const auto t = model::routing::generateCalico(o);
    QVERIFY(t);
    QCOMPARE(int(t->nodes.size()), 1 + 1 + 3 + 12); // lan, gw, hosts, pods
    const model::Node *pod = t->nodeByName("pod02-03");
    QVERIFY(pod);
    QCOMPARE(pod->interfaces.size(), std::size_t(1));
    QCOMPARE(pod->interfaces[0].addresses[0].local.len, std::uint8_t(32));
    QCOMPARE(pod->routes.size(), std::size_t(2));
    QCOMPARE(pod->routes[0].dst.toRouteString(), std::string("169.254.1.1"));
    QCOMPARE(pod->routes[1].via->toString(), std::string("169.254.1.1"));
    const model::Node *host = t->nodeByName("host02");
    QVERIFY(host);
    QCOMPARE(pod->host, host->id);
    int cali = 0;
    for (const auto &i : host->interfaces)
        if (i.name.rfind("cali", 0) == 0) {
            ++cali;
            QCOMPARE(i.sysctls.at("proxy_arp"), 1);
            QCOMPARE(i.sysctls.at("proxy_delay"), 0);
        }
    QCOMPARE(cali, 4);
    // 4 pod /32s, 2 remote blocks, 1 default.
    QCOMPARE(host->routes.size(), std::size_t(7));
}

void TestCalico::everythingReachable_data()
{
    QTest::addColumn<int>("hosts");
    QTest::addColumn<int>("pods");
    QTest::addColumn<bool>("gateway");
    QTest::newRow("1×1") << 1 << 1 << true;
    QTest::newRow("2×3") << 2 << 3 << true;
    QTest::newRow("3×2 no gateway") << 3 << 2 << false;
    QTest::newRow("4×70 (> 64 pods: /25 blocks)") << 4 << 70 << true;
}

void TestCalico::everythingReachable()
{
    QFETCH(int, hosts);
    QFETCH(int, pods);
    QFETCH(bool, gateway);
    CalicoOptions o;
    o.hosts = hosts;
    o.podsPerHost = pods;
    o.gateway = gateway;
    const auto t = model::routing::generateCalico(o);
    QVERIFY(t);
    std::vector<std::string> failures;
    const kernel::Kernel k = model::plan::emulate(*t, &failures);
    QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
    sim::Simulator s(k);
    const sim::Matrix m = s.matrix();
    for (std::size_t n = 0; n < m.nodes.size(); ++n)
        for (std::size_t a = 0; a < m.addresses.size(); ++a) {
            const int expected = m.nodes[n] == "lan" ? 2 : 0; // the bridge namespace has no routes
            QVERIFY2(m.exitCode(n, a) == expected,
                     qPrintable(QString::fromStdString(m.nodes[n] + " → " + m.addresses[a].toString() + ": "
                                                       + s.ping(m.nodes[n], m.addresses[a]).explanation)));
        }
    // A pod cannot ping 169.254.1.1 itself: nobody owns it.
    QCOMPARE(s.ping("pod01-01", net::Ipv4{0xa9fe0101u}).exitCode, 1);
}

void TestCalico::breakingProxyArpIsolatesPod()
{
    CalicoOptions o;
    o.hosts = 2;
    o.podsPerHost = 2;
    auto t = model::routing::generateCalico(o);
    model::Node *host = const_cast<model::Node *>(t->nodeByName("host01"));
    for (auto &i : host->interfaces)
        if (i.name == "cali01")
            i.sysctls["proxy_arp"] = 0;
    const kernel::Kernel k = model::plan::emulate(*t);
    sim::Simulator s(k);
    const auto pod1 = t->nodeByName("pod01-01")->interfaces[0].addresses[0].local.addr;
    const auto other = t->nodeByName("pod02-01")->interfaces[0].addresses[0].local.addr;
    auto r = s.ping("pod01-01", other);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.disposition, sim::Disposition::ArpUnanswered);
    QVERIFY(QString::fromStdString(r.explanation).contains(QLatin1String("proxy_arp is off on cali01")));
    QCOMPARE(s.ping("pod02-01", pod1).exitCode, 1);
    QCOMPARE(s.ping("pod01-02", other).exitCode, 0);
}

void TestCalico::permanentNeighbours()
{
    CalicoOptions o;
    o.hosts = 2;
    o.podsPerHost = 251; // 502 pods > 500: auto switches to permanent entries
    const auto t = model::routing::generateCalico(o);
    const model::Node *pod = t->nodeByName("pod01-001");
    QVERIFY(pod);
    QCOMPARE(pod->neighbours.size(), std::size_t(1));
    QVERIFY(!pod->neighbours[0].proxy);
    QVERIFY(pod->neighbours[0].lladdr);
    const kernel::Kernel k = model::plan::emulate(*t);
    sim::Simulator s(k);
    const auto far = t->nodeByName("pod02-251")->interfaces[0].addresses[0].local.addr;
    const auto r = s.ping("pod01-001", far);
    QCOMPARE(r.exitCode, 0);
    bool arp = false, permanent = false;
    for (const auto &st : r.trace) {
        arp |= st.kind == sim::StepKind::ArpRequest;
        permanent |= st.kind == sim::StepKind::NeighbourHit && st.text.find("permanent") != std::string::npos;
    }
    QVERIFY(!arp);
    QVERIFY(permanent);

    o.podsPerHost = 250; // exactly 500: ARP
    QVERIFY(model::routing::generateCalico(o)->nodeByName("pod01-001")->neighbours.empty());
    o.neighbours = CalicoOptions::Neighbours::Permanent;
    o.podsPerHost = 1;
    QCOMPARE(model::routing::generateCalico(o)->nodeByName("pod01-01")->neighbours.size(), std::size_t(1));
}

void TestCalico::roundTripsThroughLabFile()
{
    CalicoOptions o;
    o.hosts = 2;
    o.podsPerHost = 2;
    const auto t = model::routing::generateCalico(o);
    const auto loaded = model::io::parseLabJson(model::io::serializeLab(*t));
    QVERIFY2(loaded.ok(), loaded.errors.empty() ? "" : loaded.errors.front().toString().c_str());
    const kernel::Kernel a = model::plan::emulate(*t);
    const kernel::Kernel b = model::plan::emulate(*loaded.topology);
    const sim::Matrix ma = sim::matrix(a), mb = sim::matrix(b);
    QCOMPARE(ma.nodes, mb.nodes);
    QCOMPARE(ma.exitCodes, mb.exitCodes);
}

void TestCalico::rejectsBadSizes_data()
{
    QTest::addColumn<int>("hosts");
    QTest::addColumn<int>("pods");
    QTest::newRow("no hosts") << 0 << 1;
    QTest::newRow("negative pods") << 1 << -1;
    QTest::newRow("too many hosts") << 4001 << 1;
    QTest::newRow("too many pods in total") << 4000 << 4000;
}

void TestCalico::rejectsBadSizes()
{
    QFETCH(int, hosts);
    QFETCH(int, pods);
    CalicoOptions o;
    o.hosts = hosts;
    o.podsPerHost = pods;
    std::string error;
    QVERIFY(!model::routing::generateCalico(o, &error));
    QVERIFY(!error.empty());
}

QTEST_GUILESS_MAIN(TestCalico)
#include "tst_calico.moc"
