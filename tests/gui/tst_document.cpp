// The document and its edits: every edit applied and then its inverse applied gives back the
// very same drawing, and the builders produce what a user expects (names, hosts, bridges).
#include "topology/document.h"
#include "topology/edits.h"

#include <QSignalSpy>
#include <QTest>

using namespace nslab::model;
using nslab::net::Ipv4;
using nslab::net::Prefix;

namespace {

Prefix pfx(const char *text) { return *Prefix::parse(text); }

NodeId idOf(const Topology &t, const char *name)
{
    const Node *n = t.nodeByName(name);
    return n ? n->id : NodeId{};
}

void mustApply(Topology &t, const Edit &e)
{
    std::string error;
    const auto inv = applyEdit(t, e, nullptr, &error);
    QVERIFY2(inv.has_value(), error.c_str());
}

// Host A with netns01 inside and a LAN: the start of the lesson.
Topology lesson()
{
    Topology t;
    t.title = "lesson";
    applyEdit(t, placeNodeEdit(t, NodeKind::Host, 0, 0, {}, "A"));
    applyEdit(t, placeNodeEdit(t, NodeKind::Netns, 10, 20, idOf(t, "A"), "netns01"));
    applyEdit(t, placeNodeEdit(t, NodeKind::Lan, 0, 300, {}, "lan"));
    applyEdit(t, *connectEdit(t, idOf(t, "netns01"), idOf(t, "A")));
    applyEdit(t, *connectEdit(t, idOf(t, "A"), idOf(t, "lan")));
    return t;
}

} // namespace

class TestDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builders()
    {
        const Topology t = lesson();
        QCOMPARE(t.nodes.size(), std::size_t(3));
        const Node *ns = t.nodeByName("netns01");
        const Node *a = t.nodeByName("A");
        const Node *lan = t.nodeByName("lan");
        QVERIFY(ns && a && lan);
        QCOMPARE(ns->host, a->id);
        // veth1a/vetha1: the lesson's names come out of the naming rule.
        QCOMPARE(ns->interfaces.size(), std::size_t(1));
        QCOMPARE(ns->interfaces[0].name, std::string("veth1a"));
        QCOMPARE(a->interfaces[0].name, std::string("vetha1"));
        // The host's NIC on the LAN, and the LAN end enslaved to the LAN's bridge.
        QCOMPARE(a->interfaces[1].name, std::string("eth0"));
        QCOMPARE(lan->interfaces[0].kind, InterfaceKind::Bridge);
        QCOMPARE(lan->interfaces[1].master, lan->interfaces[0].name);
        QCOMPARE(t.links.size(), std::size_t(2));
        // Hosts forward by default.
        QCOMPARE(a->sysctls.front().first, std::string("net.ipv4.ip_forward"));
    }

    void uniqueNames()
    {
        Topology t = lesson();
        // A second link between the same two nodes must not reuse veth1a/vetha1.
        auto e = connectEdit(t, idOf(t, "netns01"), idOf(t, "A"));
        QVERIFY(e);
        mustApply(t, *e);
        const Node *ns = t.nodeByName("netns01");
        QCOMPARE(ns->interfaces[1].name, std::string("veth1a1"));
        QCOMPARE(t.nodeByName("A")->interfaces.back().name, std::string("vetha2"));
        QCOMPARE(uniqueNodeName(t, "netns01"), std::string("netns02"));
        QCOMPARE(uniqueNodeName(t, "free"), std::string("free"));
        // Names never exceed IFNAMSIZ-1.
        Node n;
        n.interfaces.push_back({"abcdefghijklmno", InterfaceKind::Veth, true, {}, 0, {}, {}, {}});
        QVERIFY(uniqueInterfaceName(n, "abcdefghijklmnopq").size() <= kMaxIfName);
    }

    void podNaming()
    {
        Topology t;
        mustApply(t, placeNodeEdit(t, NodeKind::Host, 0, 0, {}, "B"));
        mustApply(t, placeNodeEdit(t, NodeKind::Netns, 0, 0, idOf(t, "B"), "pod1"));
        mustApply(t, placeNodeEdit(t, NodeKind::Netns, 0, 0, idOf(t, "B"), "pod2"));
        ConnectOptions opts;
        opts.pool = pfx("10.9.0.0/24");
        mustApply(t, *connectEdit(t, idOf(t, "pod1"), idOf(t, "B"), opts));
        mustApply(t, *connectEdit(t, idOf(t, "B"), idOf(t, "pod2"), opts));
        QCOMPARE(t.nodeByName("pod1")->interfaces[0].name, std::string("eth0"));
        QCOMPARE(t.nodeByName("pod2")->interfaces[0].name, std::string("eth0"));
        QCOMPARE(t.nodeByName("B")->interfaces[0].name, std::string("cali1"));
        QCOMPARE(t.nodeByName("B")->interfaces[1].name, std::string("cali2"));
        // Addresses from the pool: the first free ones, never reused.
        QCOMPARE(t.nodeByName("pod1")->interfaces[0].addresses[0].local, pfx("10.9.0.1/24"));
        QCOMPARE(t.nodeByName("B")->interfaces[0].addresses[0].local, pfx("10.9.0.2/24"));
        QCOMPARE(t.nodeByName("B")->interfaces[1].addresses[0].local, pfx("10.9.0.3/24"));
        QCOMPARE(t.nodeByName("pod2")->interfaces[0].addresses[0].local, pfx("10.9.0.4/24"));
    }

    void roundTrips_data()
    {
        QTest::addColumn<int>("which");
        const char *names[] = {"add node", "remove node (refused with links)", "move", "rename", "set kind",
                               "set host", "note", "loopback", "add link", "remove link", "add interface",
                               "rename interface", "set interface", "interface sysctl", "add address",
                               "remove address", "add route", "remove route", "set route", "sysctl set",
                               "sysctl remove", "lab info", "compound", "delete selection", "paste"};
        for (int i = 0; i < int(std::size(names)); ++i)
            QTest::newRow(names[i]) << i;
    }

    // apply(e) then apply(inverse) restores the drawing exactly; applying the inverse's inverse
    // (redo) gives the edited drawing again.
    void roundTrips()
    {
        QFETCH(int, which);
        Topology t = lesson();
        const NodeId a = idOf(t, "A"), ns = idOf(t, "netns01"), lan = idOf(t, "lan");
        RouteSpec r;
        r.dst = pfx("172.16.91.0/24");
        r.dev = "veth1a";
        RouteSpec r2 = r;
        r2.via = Ipv4::parse("172.16.91.201");
        InterfaceSpec changed = t.node(ns)->interfaces[0];
        changed.up = false;
        changed.mtu = 1400;
        changed.addresses.push_back({pfx("10.10.0.2/24"), {}, {}, false});
        Node extra;
        extra.id = t.nextNodeId();
        extra.name = "netns02";
        std::vector<Edit> edits = {
            Edit(edit::AddNode{extra}),
            Edit(edit::MoveNodes{{{a, 5, 6}}}), // placeholder for row 1 (see below)
            Edit(edit::MoveNodes{{{a, 100, 200}, {ns, 110, 220}}}),
            Edit(edit::RenameNode{ns, "pod7"}),
            Edit(edit::SetNodeKind{lan, NodeKind::Router}),
            Edit(edit::SetNodeHost{ns, {}}),
            Edit(edit::SetNodeNote{a, "the host"}),
            Edit(edit::SetLoopback{ns, false, {{pfx("10.255.0.1/32"), {}, {}, false}}}),
            Edit(edit::Compound{{Edit(edit::AddInterface{ns, {"v9", InterfaceKind::Veth, true, {}, 0, {}, {}, {}}}),
                                 Edit(edit::AddInterface{a, {"v10", InterfaceKind::Veth, true, {}, 0, {}, {}, {}}}),
                                 Edit(edit::AddLink{Link{t.nextLinkId(), {ns, "v9"}, {a, "v10"}}})}}),
            Edit(edit::RemoveLink{t.links[0].id}),
            Edit(edit::AddInterface{ns, {"dummy0", InterfaceKind::Dummy, true, {}, 0, {}, {}, {}}, 0}),
            Edit(edit::RenameInterface{ns, "veth1a", "eth0"}),
            Edit(edit::SetInterface{ns, "veth1a", changed}),
            Edit(edit::SetInterfaceSysctl{a, "vetha1", "proxy_arp", 1}),
            Edit(edit::AddAddress{ns, "veth1a", {pfx("10.10.0.2/24"), {}, {}, false}}),
            Edit(edit::RemoveAddress{ns, "veth1a", 0}), // needs an address: prepared below
            Edit(edit::AddRoute{ns, r}),
            Edit(edit::RemoveRoute{ns, 0}),             // prepared below
            Edit(edit::SetRoute{ns, 0, r2}),            // prepared below
            Edit(edit::SetSysctl{ns, "net.ipv4.conf.all.rp_filter", 2}),
            Edit(edit::SetSysctl{a, "net.ipv4.ip_forward", std::nullopt}),
            Edit(edit::SetLabInfo{"t2", "d2"}),
            Edit(edit::Compound{{Edit(edit::RenameNode{a, "hostA"}), Edit(edit::MoveNodes{{{lan, 1, 2}}})}}),
            removeEdit(t, {a}, {}),
            pasteEdit(t, extractNodes(t, {a}), 40, 40),
        };
        if (which == 15 || which == 17 || which == 18) { // edits that need something to act on
            mustApply(t, Edit(edit::AddAddress{ns, "veth1a", {pfx("10.10.0.2/24"), {}, {}, false}}));
            mustApply(t, Edit(edit::AddRoute{ns, r}));
        }
        if (which == 1) {
            // A node with links cannot be removed on its own: nothing changes.
            const Topology before = t;
            std::string error;
            QVERIFY(!applyEdit(t, Edit(edit::RemoveNode{ns}), nullptr, &error));
            QVERIFY(error.find("still has links") != std::string::npos);
            QVERIFY(sameTopology(before, t));
            return;
        }
        const Topology before = t;
        Changes changes;
        std::string error;
        const auto inverse = applyEdit(t, edits[std::size_t(which)], &changes, &error);
        QVERIFY2(inverse.has_value(), error.c_str());
        QVERIFY(!changes.empty());
        QVERIFY2(!sameTopology(before, t), "the edit changed nothing");
        const Topology after = t;
        const auto redo = applyEdit(t, *inverse, nullptr, &error);
        QVERIFY2(redo.has_value(), error.c_str());
        QVERIFY2(sameTopology(before, t), "undo did not restore the drawing");
        QVERIFY(applyEdit(t, *redo, nullptr, &error));
        QVERIFY2(sameTopology(after, t), "redo did not restore the edited drawing");
    }

    void renameInterfaceFollowsReferences()
    {
        Topology t = lesson();
        const NodeId a = idOf(t, "A");
        RouteSpec r;
        r.dst = pfx("10.10.0.2/32");
        r.dev = "vetha1";
        mustApply(t, Edit(edit::AddRoute{a, r}));
        mustApply(t, Edit(edit::SetSysctl{a, "net.ipv4.conf.vetha1.proxy_arp", 1}));
        mustApply(t, Edit(edit::RenameInterface{a, "vetha1", "cali1"}));
        const Node *n = t.node(a);
        QCOMPARE(*n->routes[0].dev, std::string("cali1"));
        QCOMPARE(n->sysctls.back().first, std::string("net.ipv4.conf.cali1.proxy_arp"));
        QCOMPARE(t.links[0].b.iface, std::string("cali1"));
        // Too long for the kernel: refused, nothing changes.
        std::string error;
        QVERIFY(!applyEdit(t, Edit(edit::RenameInterface{a, "cali1", "averyveryverylongname"}), nullptr, &error));
        QVERIFY(error.find("not a valid interface name") != std::string::npos);
    }

    void deleteHostTakesGuestsAndLinks()
    {
        Topology t = lesson();
        mustApply(t, removeEdit(t, {idOf(t, "A")}, {}));
        QCOMPARE(t.nodes.size(), std::size_t(1));
        QVERIFY(t.links.empty());
        // The LAN lost its port to A but kept its bridge.
        QCOMPARE(t.nodeByName("lan")->interfaces.size(), std::size_t(1));
    }

    void compoundIsAllOrNothing()
    {
        Topology t = lesson();
        const Topology before = t;
        Edit e(edit::Compound{{Edit(edit::RenameNode{idOf(t, "A"), "X"}), Edit(edit::RenameNode{idOf(t, "lan"), "X"})}});
        std::string error;
        QVERIFY(!applyEdit(t, e, nullptr, &error));
        QVERIFY(error.find("already is a node") != std::string::npos);
        QVERIFY(sameTopology(before, t));
    }

    void documentSignals()
    {
        Document doc;
        QSignalSpy reset(&doc, &Document::topologyReset);
        QSignalSpy changed(&doc, &Document::changed);
        doc.setTopology(lesson());
        QCOMPARE(reset.count(), 1);
        const auto inv = doc.apply(placeNodeEdit(doc.topology(), NodeKind::Router, 5, 5));
        QVERIFY(inv);
        QCOMPARE(changed.count(), 1);
        const auto c = changed.takeFirst().at(0).value<Changes>();
        QCOMPARE(c.nodesAdded.size(), std::size_t(1));
        QString error;
        QVERIFY(!doc.apply(Edit(edit::RemoveNode{NodeId{999}}), &error));
        QVERIFY(error.contains(QStringLiteral("999")));
        QCOMPARE(changed.count(), 0);
        QVERIFY(doc.apply(*inv));
        QCOMPARE(doc.topology().nodes.size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
