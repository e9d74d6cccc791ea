#include "labedits.h"

#include "ops/parser.h"
#include "plan/plan.h"

#include <algorithm>
#include <map>

namespace nslab::gui::insight {

using model::Edit;
using model::Link;
using model::LinkId;
using model::Node;
using model::NodeId;
using model::Topology;
namespace edit = model::edit;

namespace {

bool sameIfaceShape(const Node &a, const Node &b)
{
    if (a.interfaces.size() != b.interfaces.size())
        return false;
    for (std::size_t i = 0; i < a.interfaces.size(); ++i)
        if (a.interfaces[i].name != b.interfaces[i].name || a.interfaces[i].kind != b.interfaces[i].kind)
            return false;
    return true;
}

bool sameIface(const model::InterfaceSpec &a, const model::InterfaceSpec &b)
{
    return a.name == b.name && a.kind == b.kind && a.up == b.up && a.addresses == b.addresses && a.mtu == b.mtu
           && a.mac == b.mac && a.master == b.master && a.sysctls == b.sysctls;
}

bool sameRoutes(const std::vector<model::RouteSpec> &a, const std::vector<model::RouteSpec> &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), model::sameRoute);
}

bool sameNeighbours(const std::vector<model::NeighSpec> &a, const std::vector<model::NeighSpec> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].addr != b[i].addr || a[i].dev != b[i].dev || a[i].proxy != b[i].proxy || a[i].lladdr != b[i].lladdr)
            return false;
    return true;
}

// Only fields that have their own edit differ: no need to replace the node.
bool fineEditable(const Node &a, const Node &b)
{
    return sameIfaceShape(a, b) && a.deletedKernelRoutes == b.deletedKernelRoutes
           && sameRoutes(a.deletedRoutes, b.deletedRoutes) && sameNeighbours(a.neighbours, b.neighbours);
}

// Applies `e` to the working copy and records it; false when refused.
struct Builder {
    Topology work;
    std::vector<Edit> edits;
    std::string error;
    bool add(Edit e)
    {
        std::string err;
        if (!model::applyEdit(work, e, nullptr, &err)) {
            if (error.empty())
                error = err;
            return false;
        }
        edits.push_back(std::move(e));
        return true;
    }
};

std::size_t indexOfNode(const Topology &t, NodeId id)
{
    for (std::size_t i = 0; i < t.nodes.size(); ++i)
        if (t.nodes[i].id == id)
            return i;
    return t.nodes.size();
}

void fineEdits(Builder &b, const Node &from, const Node &to)
{
    const NodeId id = from.id;
    if (from.name != to.name)
        b.add(edit::RenameNode{id, to.name});
    if (from.kind != to.kind)
        b.add(edit::SetNodeKind{id, to.kind});
    if (from.host != to.host)
        b.add(edit::SetNodeHost{id, to.host});
    if (from.note != to.note)
        b.add(edit::SetNodeNote{id, to.note});
    if (from.x != to.x || from.y != to.y)
        b.add(edit::MoveNodes{{edit::NodePosition{id, to.x, to.y}}});
    if (from.loUp != to.loUp || from.loAddresses != to.loAddresses)
        b.add(edit::SetLoopback{id, to.loUp, to.loAddresses});
    for (std::size_t i = 0; i < to.interfaces.size(); ++i)
        if (!sameIface(from.interfaces[i], to.interfaces[i]))
            b.add(edit::SetInterface{id, to.interfaces[i].name, to.interfaces[i]});
    if (!sameRoutes(from.routes, to.routes)) {
        // Keep the common head; replace the rest (the order routes are added in matters).
        std::size_t keep = 0;
        while (keep < from.routes.size() && keep < to.routes.size() && model::sameRoute(from.routes[keep], to.routes[keep]))
            ++keep;
        for (std::size_t i = from.routes.size(); i-- > keep;)
            b.add(edit::RemoveRoute{id, i});
        for (std::size_t i = keep; i < to.routes.size(); ++i)
            b.add(edit::AddRoute{id, to.routes[i]});
    }
    if (from.sysctls != to.sysctls) {
        for (const auto &[key, value] : from.sysctls)
            if (std::none_of(to.sysctls.begin(), to.sysctls.end(), [&](const auto &kv) { return kv.first == key; }))
                b.add(edit::SetSysctl{id, key, std::nullopt});
        for (std::size_t i = 0; i < to.sysctls.size(); ++i) {
            const auto &[key, value] = to.sysctls[i];
            const Node *now = b.work.node(id);
            const auto it = std::find_if(now->sysctls.begin(), now->sysctls.end(), [&](const auto &kv) { return kv.first == key; });
            if (it == now->sysctls.end() || it->second != value)
                b.add(edit::SetSysctl{id, key, value, i});
        }
    }
}

} // namespace

std::optional<Edit> editBetween(const Topology &from, const Topology &to, const std::string &text, std::string *error)
{
    if (model::sameTopology(from, to))
        return std::nullopt;
    Builder b{from, {}, {}};
    const auto linkIn = [](const Topology &t, LinkId id) { return t.link(id); };
    const auto sameEnds = [](const Link &x, const Link &y) { return x.a == y.a && x.b == y.b; };

    // Nodes to replace whole: their links and guests let go first.
    std::set<NodeId> replace;
    for (const Node &n : from.nodes)
        if (const Node *m = to.node(n.id); m && !model::sameNode(n, *m) && !fineEditable(n, *m))
            replace.insert(n.id);

    // 1. links that go away, change ends, or touch a node being replaced or removed
    for (const Link &l : from.links) {
        const Link *t = linkIn(to, l.id);
        const bool touches = replace.count(l.a.node) || replace.count(l.b.node) || !to.node(l.a.node) || !to.node(l.b.node);
        if (!t || !sameEnds(l, *t) || touches)
            b.add(edit::RemoveLink{l.id});
    }
    // 2. guests of replaced or removed hosts are let go for the moment
    for (const Node &n : from.nodes)
        if (n.host.valid() && (replace.count(n.host) || !to.node(n.host)) && to.node(n.id))
            b.add(edit::SetNodeHost{n.id, {}});
    // 3. nodes removed (guests before hosts)
    std::vector<const Node *> removed;
    for (const Node &n : from.nodes)
        if (!to.node(n.id))
            removed.push_back(&n);
    std::stable_sort(removed.begin(), removed.end(), [](const Node *x, const Node *y) { return x->host.valid() > y->host.valid(); });
    for (const Node *n : removed) {
        for (const Node &g : b.work.nodes)
            if (g.host == n->id)
                b.add(edit::SetNodeHost{g.id, {}});
        b.add(edit::RemoveNode{n->id});
    }
    // 4. nodes replaced or changed in place
    for (const Node &n : from.nodes) {
        const Node *m = to.node(n.id);
        if (!m || model::sameNode(n, *m))
            continue;
        if (replace.count(n.id)) {
            const std::size_t at = indexOfNode(b.work, n.id);
            b.add(edit::RemoveNode{n.id});
            Node copy = *m;
            if (copy.host.valid() && !b.work.node(copy.host))
                copy.host = {};
            b.add(edit::AddNode{std::move(copy), at});
        } else {
            fineEdits(b, *b.work.node(n.id), *m);
        }
    }
    // 5. new nodes (hosts before their guests)
    std::vector<const Node *> added;
    for (const Node &n : to.nodes)
        if (!b.work.node(n.id))
            added.push_back(&n);
    std::stable_sort(added.begin(), added.end(), [](const Node *x, const Node *y) { return x->host.valid() < y->host.valid(); });
    for (const Node *n : added) {
        Node copy = *n;
        if (copy.host.valid() && !b.work.node(copy.host))
            copy.host = {};
        b.add(edit::AddNode{std::move(copy), indexOfNode(to, n->id)});
    }
    // 6. hosts as they should be (guests let go above, or hosts added after their guests)
    for (const Node &n : to.nodes)
        if (const Node *w = b.work.node(n.id); w && w->host != n.host)
            b.add(edit::SetNodeHost{n.id, n.host});
    // 7. links that are missing now
    for (std::size_t i = 0; i < to.links.size(); ++i)
        if (!b.work.link(to.links[i].id))
            b.add(edit::AddLink{to.links[i], i});

    if (!b.error.empty()) {
        if (error)
            *error = b.error;
        return std::nullopt;
    }
    if (b.edits.empty())
        return std::nullopt;
    if (b.edits.size() == 1) {
        b.edits.front().text = text;
        return std::move(b.edits.front());
    }
    return Edit(edit::Compound{std::move(b.edits)}, text);
}

Topology mergeCaptured(const Topology &base, const Topology &captured, const std::set<std::string> &touched)
{
    Topology out = base;
    // Where new namespaces go: to the right of the drawing, one under the other.
    double right = 0, top = 0;
    bool any = false;
    for (const Node &n : base.nodes) {
        right = any ? std::max(right, n.x) : n.x;
        top = any ? std::min(top, n.y) : n.y;
        any = true;
    }
    int placed = 0;
    std::map<std::string, NodeId> idOf;
    for (const Node &n : out.nodes)
        idOf[n.name] = n.id;

    for (const std::string &name : touched) {
        const Node *cap = captured.nodeByName(name);
        Node *cur = nullptr;
        for (Node &n : out.nodes)
            if (n.name == name)
                cur = &n;
        if (cap && cur) {
            Node merged = *cap;
            merged.id = cur->id;
            merged.kind = cur->kind;
            merged.host = cur->host;
            merged.x = cur->x;
            merged.y = cur->y;
            merged.note = cur->note;
            // A free namespace that just got its veth to a host (`ip netns add` and then `ip link
            // add … netns`) moves into that host; a host the user chose is never changed.
            if (!cur->host.valid() && cur->kind == model::NodeKind::Netns)
                if (const Node *ch = captured.node(cap->host))
                    if (const auto h = idOf.find(ch->name); h != idOf.end() && h->second != cur->id) {
                        merged.host = h->second;
                        merged.kind = model::NodeKind::Netns;
                        double x = 0, y = 0;
                        bool guests = false;
                        for (const Node &g : out.nodes)
                            if (g.host == h->second && g.id != cur->id) {
                                x = guests ? std::max(x, g.x + 180) : g.x + 180;
                                y = g.y;
                                guests = true;
                            }
                        if (const Node *hn = out.node(h->second); !guests && hn) {
                            x = hn->x;
                            y = hn->y + 120;
                        }
                        merged.x = x;
                        merged.y = y;
                    }
            *cur = std::move(merged);
        } else if (cap) {
            Node n = *cap;
            n.id = out.nextNodeId();
            n.host = {};
            n.x = right + 240;
            n.y = top + 140.0 * placed++;
            // A namespace made on a host (its veth peer lives there) joins that host, beside
            // the host's other namespaces.
            if (const Node *ch = captured.node(cap->host)) {
                if (const auto h = idOf.find(ch->name); h != idOf.end()) {
                    n.host = h->second;
                    const Node *hn = out.node(h->second);
                    bool guests = false;
                    for (const Node &g : out.nodes)
                        if (g.host == h->second) {
                            n.x = guests ? std::max(n.x, g.x + 180) : g.x + 180;
                            n.y = g.y;
                            guests = true;
                        }
                    if (!guests && hn) {
                        n.x = hn->x;
                        n.y = hn->y + 120;
                    }
                    --placed;
                }
            }
            idOf[n.name] = n.id;
            out.nodes.push_back(std::move(n));
        } else if (cur) {
            const NodeId gone = cur->id;
            out.links.erase(std::remove_if(out.links.begin(), out.links.end(),
                                           [&](const Link &l) { return l.a.node == gone || l.b.node == gone; }),
                            out.links.end());
            for (Node &n : out.nodes)
                if (n.host == gone)
                    n.host = {};
            out.nodes.erase(std::remove_if(out.nodes.begin(), out.nodes.end(), [&](const Node &n) { return n.id == gone; }),
                            out.nodes.end());
            idOf.erase(name);
        }
    }

    // Links: as captured wherever a touched namespace is at one end.
    const auto nameOf = [](const Topology &t, NodeId id) -> std::string {
        const Node *n = t.node(id);
        return n ? n->name : std::string();
    };
    const auto key = [](const std::string &na, const std::string &ia, const std::string &nb, const std::string &ib) {
        return na < nb || (na == nb && ia < ib) ? na + '/' + ia + '|' + nb + '/' + ib : nb + '/' + ib + '|' + na + '/' + ia;
    };
    std::set<std::string> capturedKeys;
    for (const Link &l : captured.links) {
        const std::string na = nameOf(captured, l.a.node), nb = nameOf(captured, l.b.node);
        if (!touched.count(na) && !touched.count(nb))
            continue;
        capturedKeys.insert(key(na, l.a.iface, nb, l.b.iface));
    }
    std::set<std::string> have;
    out.links.erase(std::remove_if(out.links.begin(), out.links.end(),
                                   [&](const Link &l) {
                                       const std::string na = nameOf(out, l.a.node), nb = nameOf(out, l.b.node);
                                       if (!touched.count(na) && !touched.count(nb))
                                           return false;
                                       const std::string k = key(na, l.a.iface, nb, l.b.iface);
                                       if (!capturedKeys.count(k))
                                           return true;
                                       have.insert(k);
                                       return false;
                                   }),
                    out.links.end());
    for (const Link &l : captured.links) {
        const std::string na = nameOf(captured, l.a.node), nb = nameOf(captured, l.b.node);
        const std::string k = key(na, l.a.iface, nb, l.b.iface);
        if (!capturedKeys.count(k) || have.count(k) || !idOf.count(na) || !idOf.count(nb))
            continue;
        Link n;
        n.id = out.nextLinkId();
        n.a = {idOf[na], l.a.iface};
        n.b = {idOf[nb], l.b.iface};
        out.links.push_back(n);
        have.insert(k);
    }
    return out;
}

namespace {

void touchedBy(const model::ops::Op &op, std::set<std::string> &touched)
{
    namespace ops = model::ops;
    std::visit(
        [&](const auto &o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, ops::NetnsAdd> || std::is_same_v<T, ops::NetnsDel>) {
                touched.insert(o.name);
            } else if constexpr (std::is_same_v<T, ops::LinkAddVeth>) {
                touched.insert(o.ns);
                if (!o.netns.empty())
                    touched.insert(o.netns);
                if (!o.peerNetns.empty())
                    touched.insert(o.peerNetns);
            } else if constexpr (std::is_same_v<T, ops::LinkSet>) {
                touched.insert(o.ns);
                if (o.netns)
                    touched.insert(*o.netns);
            } else {
                touched.insert(ops::opNamespace(op));
            }
        },
        op);
}

// Namespaces at the other end of a veth of `name` (a deleted veth takes its peer with it).
void addPeers(const Topology &t, std::set<std::string> &touched)
{
    std::set<std::string> more;
    for (const std::string &name : touched)
        if (const Node *n = t.nodeByName(name))
            for (const Link &l : t.links) {
                if (l.a.node == n->id)
                    if (const Node *p = t.node(l.b.node))
                        more.insert(p->name);
                if (l.b.node == n->id)
                    if (const Node *p = t.node(l.a.node))
                        more.insert(p->name);
            }
    touched.insert(more.begin(), more.end());
}

CommandRun runOn(kernel::Kernel &k, const Topology &t, const std::string &line, const std::string &defaultNs,
                 std::set<std::string> &touched)
{
    CommandRun run;
    model::ops::ParseOptions po;
    po.hostName = defaultNs;
    const model::ops::ParsedCommand pc = model::ops::parseCommand(line, po);
    run.ns = defaultNs;
    if (pc.unsupported || pc.ops.empty()) {
        run.parsed = false;
        run.result.exitCode = 1;
        run.result.err = (pc.message.empty() ? std::string("nslab: not an ip or sysctl command this lab understands")
                                             : pc.message)
                         + '\n';
        return run;
    }
    for (const auto &op : pc.ops) {
        if (!model::ops::opNamespace(op).empty())
            run.ns = model::ops::opNamespace(op);
        const model::ops::Result r = k.apply(op);
        run.result.out += r.out;
        run.result.err += r.err;
        run.result.exitCode = r.exitCode;
        if (!r.ok())
            break;
        if (model::ops::isMutation(op)) {
            run.mutation = true;
            touchedBy(op, touched);
        }
    }
    (void)t;
    return run;
}

} // namespace

CommandRun runCommand(const Topology &t, const std::string &line, const std::string &defaultNs)
{
    kernel::Kernel k = model::plan::emulate(t);
    std::set<std::string> touched;
    CommandRun run = runOn(k, t, line, defaultNs, touched);
    if (run.mutation && run.result.ok()) {
        addPeers(t, touched);
        const Topology captured = model::plan::capture(k, &run.warnings);
        run.after = mergeCaptured(t, captured, touched);
    } else {
        run.mutation = false;
    }
    return run;
}

ScriptRun runScript(const Topology &t, const std::vector<std::string> &lines, const std::string &defaultNs)
{
    ScriptRun out;
    out.after = t;
    kernel::Kernel k = model::plan::emulate(t);
    std::set<std::string> touched;
    for (const std::string &line : lines) {
        CommandRun run = runOn(k, t, line, defaultNs, touched);
        run.mutation = run.mutation && run.result.ok();
        out.lines.emplace_back(line, std::move(run));
    }
    if (!touched.empty()) {
        addPeers(t, touched);
        std::vector<std::string> warnings;
        out.after = mergeCaptured(t, model::plan::capture(k, &warnings), touched);
    }
    return out;
}

} // namespace nslab::gui::insight
