// Capture: emulator state → Topology, such that planning the topology again gives the same
// kernel — in particular identical `ip route show` (main and local) for every namespace.
//
// The trick is to compare against what the planner itself would build: the structure (devices,
// addresses, up state, namespace sysctls) is captured first and emulated through the planner;
// the kernel routes that plan produces are then matched against the real table key by key. Kernel
// routes missing from the real table become deletedKernelRoutes, everything else in the table
// becomes a user route in table order, and per-device sysctls are whatever still differs.
#include "plan/plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace nslab::model::plan {

namespace {

using kernel::Device;
using kernel::DevKind;
using kernel::DevOpt;
using kernel::Namespace;
using kernel::Route;

struct Key {
    std::uint32_t table;
    net::Prefix dst;
    std::uint8_t tos;
    std::uint32_t metric;
    auto operator<=>(const Key &) const = default;
};

Key keyOf(const Route &r) { return {r.table, r.dst, r.tos, r.metric}; }

std::string devName(const Namespace &ns, int ifindex)
{
    const Device *d = ifindex ? ns.deviceByIndex(ifindex) : nullptr;
    return d ? d->name : std::string();
}

// Same route as `ip route show` would print it (devices compared by name: ifindexes differ).
bool sameRoute(const Namespace &a, const Route &x, const Namespace &b, const Route &y)
{
    return x.table == y.table && x.dst == y.dst && x.tos == y.tos && x.metric == y.metric && x.type == y.type
           && x.proto == y.proto && x.scope == y.scope && x.prefsrc == y.prefsrc && x.gateway == y.gateway
           && x.onlink == y.onlink && devName(a, x.dev) == devName(b, y.dev);
}

ops::Scope defaultScope(const Route &r)
{
    switch (r.type) {
    case ops::RouteType::Local:
    case ops::RouteType::Nat: return ops::Scope::Host;
    case ops::RouteType::Broadcast:
    case ops::RouteType::Anycast:
    case ops::RouteType::Multicast: return ops::Scope::Link;
    case ops::RouteType::Unicast: return r.gateway ? ops::Scope::Universe : ops::Scope::Link;
    default: return ops::Scope::Universe;
    }
}

std::uint32_t defaultTable(ops::RouteType t)
{
    const bool local = t == ops::RouteType::Local || t == ops::RouteType::Broadcast || t == ops::RouteType::Nat
                       || t == ops::RouteType::Anycast;
    return local ? ops::kTableLocal : ops::kTableMain;
}

// The user route that re-creates `r` (only the fields iproute2 would not default the same way).
RouteSpec toSpec(const Namespace &ns, const Route &r)
{
    RouteSpec s;
    if (r.type != ops::RouteType::Unicast)
        s.type = r.type;
    s.dst = r.dst;
    s.tos = r.tos;
    s.via = r.gateway;
    if (r.dev)
        s.dev = devName(ns, r.dev);
    s.src = r.prefsrc;
    if (r.metric)
        s.metric = r.metric;
    if (r.scope != defaultScope(r))
        s.scope = r.scope;
    if (r.proto != ops::kProtoBoot)
        s.proto = r.proto;
    if (r.table != defaultTable(r.type))
        s.table = r.table;
    s.onlink = r.onlink;
    return s;
}

AddressSpec toSpec(const kernel::Address &a, bool onLo)
{
    AddressSpec s;
    s.local = a.local;
    s.peer = a.peer;
    const ops::Scope dflt = onLo && a.local.addr.isLoopback() ? ops::Scope::Host : ops::Scope::Universe;
    if (a.scope != dflt)
        s.scope = a.scope;
    s.noprefixroute = a.noprefixroute;
    s.broadcast = a.broadcast;
    return s;
}

std::string sysctlName(DevOpt o) { return std::string(kernel::devOptName(o)); }

constexpr DevOpt kAllOpts[] = {
    DevOpt::Forwarding, DevOpt::RpFilter, DevOpt::ProxyArp, DevOpt::ProxyArpPvlan, DevOpt::ArpIgnore,
    DevOpt::ArpAnnounce, DevOpt::ArpFilter, DevOpt::ArpAccept, DevOpt::AcceptLocal, DevOpt::AcceptRedirects,
    DevOpt::SendRedirects, DevOpt::SecureRedirects, DevOpt::SharedMedia, DevOpt::PromoteSecondaries,
    DevOpt::IgnoreRoutesWithLinkdown, DevOpt::RouteLocalnet,
};

// Structure without routes: nodes, interfaces, addresses, links, namespace sysctls.
Topology captureStructure(const kernel::Kernel &k)
{
    Topology t;
    const kernel::Profile &profile = k.profile();
    std::uint32_t id = 0;
    for (const auto &[name, ns] : k.namespaces()) {
        Node node;
        node.id = NodeId{++id};
        node.name = name;
        for (const Device &d : ns.devices) {
            if (d.kind == DevKind::Loopback) {
                node.loUp = d.adminUp;
                bool skippedAuto = false;
                for (const auto &a : d.addresses) {
                    // Bringing lo up adds 127.0.0.1/8 by itself; the plan does the same.
                    if (d.adminUp && !skippedAuto && a.local == net::Prefix{net::Ipv4{0x7f000001}, 8} && !a.peer) {
                        skippedAuto = true;
                        continue;
                    }
                    node.loAddresses.push_back(toSpec(a, true));
                }
                continue;
            }
            InterfaceSpec spec;
            spec.name = d.name;
            spec.kind = d.kind == DevKind::Bridge ? InterfaceKind::Bridge
                        : d.kind == DevKind::Dummy ? InterfaceKind::Dummy
                                                   : InterfaceKind::Veth;
            spec.up = d.adminUp;
            if (d.mtu != 1500)
                spec.mtu = d.mtu;
            if (d.master)
                spec.master = devName(ns, d.master);
            for (const auto &a : d.addresses)
                spec.addresses.push_back(toSpec(a, false));
            node.interfaces.push_back(std::move(spec));
        }
        // Namespace-wide values: ip_forward first (it also sets default.forwarding), then the
        // rest of all.*, then default.* where it still differs.
        const int fwd = ns.all.get(DevOpt::Forwarding);
        const bool fwdWritten = fwd != profile.all.get(DevOpt::Forwarding);
        // Writing ip_forward also sets all.accept_redirects to its opposite (inet_forward_change).
        const auto allAfterForward = [&](DevOpt o) {
            if (o == DevOpt::AcceptRedirects && fwdWritten)
                return fwd ? 0 : 1;
            return profile.all.get(o);
        };
        if (fwdWritten)
            node.sysctls.emplace_back("net.ipv4.ip_forward", fwd);
        for (const DevOpt o : kAllOpts)
            if (o != DevOpt::Forwarding && ns.all.get(o) != allAfterForward(o))
                node.sysctls.emplace_back("net.ipv4.conf.all." + sysctlName(o), ns.all.get(o));
        for (const DevOpt o : kAllOpts) {
            int expected = profile.dflt.get(o);
            if (o == DevOpt::Forwarding && fwdWritten)
                expected = fwd;
            if (ns.dflt.get(o) != expected)
                node.sysctls.emplace_back("net.ipv4.conf.default." + sysctlName(o), ns.dflt.get(o));
        }
        t.nodes.push_back(std::move(node));
    }

    // Veth pairs, each once, in namespace and device order.
    std::set<std::pair<std::string, std::string>> seen;
    std::uint32_t linkId = 0;
    for (const auto &[name, ns] : k.namespaces()) {
        for (const Device &d : ns.devices) {
            if (d.kind != DevKind::Veth || seen.count({name, d.name}))
                continue;
            const Namespace *peerNs = k.ns(d.peerNs);
            const Device *peer = peerNs ? peerNs->deviceByIndex(d.peerIfindex) : nullptr;
            if (!peer)
                continue;
            seen.insert({name, d.name});
            seen.insert({peerNs->name, peer->name});
            Link l;
            l.id = LinkId{++linkId};
            l.a = {t.nodeByName(name)->id, d.name};
            l.b = {t.nodeByName(peerNs->name)->id, peer->name};
            t.links.push_back(std::move(l));
        }
    }
    return t;
}

// Routes of one namespace grouped by key, each group in table order.
std::map<Key, std::vector<const Route *>> groups(const Namespace &ns)
{
    std::map<Key, std::vector<const Route *>> g;
    for (const Route &r : ns.routes)
        g[keyOf(r)].push_back(&r);
    return g;
}

// The address (L/P) whose kernel prefix route `r` is, if `r` is one.
std::optional<net::Prefix> addressOfKernelRoute(const Namespace &ns, const Route &r)
{
    const Device *d = r.dev ? ns.deviceByIndex(r.dev) : nullptr;
    if (!d || !r.prefsrc || r.proto != ops::kProtoKernel)
        return std::nullopt;
    const bool onLo = d->kind == DevKind::Loopback;
    if (onLo ? (r.table != ops::kTableLocal || r.type != ops::RouteType::Local)
             : (r.table != ops::kTableMain || r.type != ops::RouteType::Unicast))
        return std::nullopt;
    for (const auto &a : d->addresses) {
        // A /32 without peer makes no prefix route (its local route is another thing).
        if (a.local.addr != *r.prefsrc || a.secondary || (a.local.len == 32 && !a.peer) || a.noprefixroute)
            continue;
        const net::Prefix p = a.peer ? net::Prefix{a.peer->network(), a.peer->len} : net::Prefix{a.local.network(), a.local.len};
        if (p == r.dst)
            return a.local;
    }
    return std::nullopt;
}

void captureRoutes(Topology &t, const kernel::Kernel &k, const kernel::Kernel &planned)
{
    for (Node &node : t.nodes) {
        const Namespace *ns = k.ns(node.name);
        const Namespace *pns = planned.ns(node.name);
        if (!ns || !pns)
            continue;
        const auto expected = groups(*pns);
        std::vector<RouteSpec> mainRoutes, localRoutes, otherRoutes;
        std::set<Key> visited;
        const auto deleteKernel = [&](const Route &r) {
            if (const auto a = addressOfKernelRoute(*pns, r)) {
                if (std::find(node.deletedKernelRoutes.begin(), node.deletedKernelRoutes.end(), *a)
                    == node.deletedKernelRoutes.end())
                    node.deletedKernelRoutes.push_back(*a);
            } else {
                node.deletedRoutes.push_back(toSpec(*pns, r));
            }
        };
        for (const auto &[key, actual] : groups(*ns)) {
            visited.insert(key);
            static const std::vector<const Route *> none;
            const auto it = expected.find(key);
            const auto &kernelMade = it == expected.end() ? none : it->second;
            // The leading routes that the plan makes by itself, in its order, stay kernel routes;
            // the first one out of place ends the run: it and everything after are user routes.
            std::size_t j = 0;
            bool keeping = true;
            for (const Route *r : actual) {
                if (keeping) {
                    std::size_t m = j;
                    while (m < kernelMade.size() && !sameRoute(*ns, *r, *pns, *kernelMade[m]))
                        ++m;
                    if (m < kernelMade.size()) {
                        for (std::size_t skipped = j; skipped < m; ++skipped)
                            deleteKernel(*kernelMade[skipped]);
                        j = m + 1;
                        continue;
                    }
                    keeping = false;
                }
                auto &dest = r->table == ops::kTableMain ? mainRoutes : r->table == ops::kTableLocal ? localRoutes : otherRoutes;
                dest.push_back(toSpec(*ns, *r));
            }
            for (; j < kernelMade.size(); ++j)
                deleteKernel(*kernelMade[j]);
        }
        for (const auto &[key, kernelMade] : expected)
            if (!visited.count(key))
                for (const Route *r : kernelMade)
                    deleteKernel(*r);
        node.routes = std::move(mainRoutes);
        node.routes.insert(node.routes.end(), localRoutes.begin(), localRoutes.end());
        node.routes.insert(node.routes.end(), otherRoutes.begin(), otherRoutes.end());

        for (const auto &p : ns->proxies)
            node.neighbours.push_back({p.addr, devName(*ns, p.dev), true, std::nullopt});
        for (const auto &n : ns->neighbours)
            node.neighbours.push_back({n.addr, devName(*ns, n.dev), false, n.lladdr});
    }
}

// Per-device values that the plan does not produce by itself.
void captureDeviceSysctls(Topology &t, const kernel::Kernel &k, const kernel::Kernel &planned)
{
    for (Node &node : t.nodes) {
        const Namespace *ns = k.ns(node.name);
        const Namespace *pns = planned.ns(node.name);
        if (!ns || !pns)
            continue;
        for (const Device &d : ns->devices) {
            const Device *pd = pns->device(d.name);
            if (!pd)
                continue;
            const bool lo = d.kind == DevKind::Loopback;
            InterfaceSpec *spec = nullptr;
            for (auto &s : node.interfaces)
                if (s.name == d.name)
                    spec = &s;
            for (const DevOpt o : kAllOpts) {
                if (d.conf.get(o) == pd->conf.get(o))
                    continue;
                if (lo)
                    node.sysctls.emplace_back("net.ipv4.conf.lo." + sysctlName(o), d.conf.get(o));
                else if (spec)
                    spec->sysctls[sysctlName(o)] = d.conf.get(o);
            }
            if (d.proxyDelay != pd->proxyDelay) {
                if (lo)
                    node.sysctls.emplace_back("net.ipv4.neigh.lo.proxy_delay", d.proxyDelay);
                else if (spec)
                    spec->sysctls["proxy_delay"] = d.proxyDelay;
            }
            // Only an address the user gave: generated ones depend on creation history.
            if (spec && d.macSet && d.mac != pd->mac)
                spec->mac = d.mac;
        }
    }
}

void inferKinds(Topology &t, const kernel::Kernel &k)
{
    const std::size_t n = t.nodes.size();
    std::vector<std::set<std::uint32_t>> neighbours(n);
    std::vector<int> linkCount(n, 0);
    const auto index = [&](NodeId id) {
        for (std::size_t i = 0; i < n; ++i)
            if (t.nodes[i].id == id)
                return i;
        return n;
    };
    for (const Link &l : t.links) {
        const std::size_t a = index(l.a.node), b = index(l.b.node);
        if (a == n || b == n)
            continue;
        ++linkCount[a];
        if (a != b) {
            ++linkCount[b];
            neighbours[a].insert(l.b.node.v);
            neighbours[b].insert(l.a.node.v);
        }
    }
    std::vector<bool> lan(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const Node &node = t.nodes[i];
        for (const auto &br : node.interfaces)
            if (br.kind == InterfaceKind::Bridge)
                for (const auto &port : node.interfaces)
                    if (port.master == br.name)
                        lan[i] = true;
    }
    // A namespace whose only links go to H lives on H, when H is more than its mirror image
    // (H links elsewhere too, or H is the machine's own root namespace).
    for (std::size_t i = 0; i < n; ++i) {
        if (lan[i] || neighbours[i].size() != 1)
            continue;
        const std::size_t h = index(NodeId{*neighbours[i].begin()});
        if (h == n || lan[h])
            continue;
        if (neighbours[h].size() >= 2 || t.nodes[h].name == k.rootName())
            t.nodes[i].host = t.nodes[h].id;
    }
    for (std::size_t i = 0; i < n; ++i) {
        Node &node = t.nodes[i];
        const Namespace *ns = k.ns(node.name);
        const bool hostsOthers = std::any_of(t.nodes.begin(), t.nodes.end(), [&](const Node &o) { return o.host == node.id; });
        if (lan[i])
            node.kind = NodeKind::Lan;
        else if (hostsOthers)
            node.kind = NodeKind::Host;
        else if (!node.host.valid() && ns && ns->ipForward() && linkCount[i] >= 2)
            node.kind = NodeKind::Router;
        else
            node.kind = NodeKind::Netns;
        if (node.kind != NodeKind::Netns)
            node.host = NodeId{};
    }
    // A host's namespace is never a host itself.
    for (Node &node : t.nodes)
        if (node.host.valid())
            if (const Node *h = t.node(node.host); !h || h->kind != NodeKind::Host)
                node.host = NodeId{};
}

std::string firstDifference(const std::string &a, const std::string &b)
{
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    const std::size_t start = a.rfind('\n', i == 0 ? 0 : i - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    const std::size_t end = a.find('\n', from);
    return a.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

} // namespace

void autoLayout(Topology &t)
{
    constexpr double kSlot = 150, kGap = 50, kRowLan = 80, kRowTop = 260, kRowChild = 440;
    const std::size_t n = t.nodes.size();
    const auto index = [&](NodeId id) {
        for (std::size_t i = 0; i < n; ++i)
            if (t.nodes[i].id == id)
                return i;
        return n;
    };
    std::vector<std::vector<std::size_t>> adj(n);
    for (const Link &l : t.links) {
        const std::size_t a = index(l.a.node), b = index(l.b.node);
        if (a < n && b < n && a != b) {
            adj[a].push_back(b);
            adj[b].push_back(a);
        }
    }
    // Top row: machines (not LANs, not hosted), in breadth-first order along the links so that
    // chains read left to right.
    std::vector<std::size_t> order;
    std::vector<bool> seen(n, false);
    for (std::size_t s = 0; s < n; ++s) {
        if (seen[s])
            continue;
        std::vector<std::size_t> queue{s};
        seen[s] = true;
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const std::size_t v = queue[q];
            const Node &node = t.nodes[v];
            if (node.kind != NodeKind::Lan && !node.host.valid())
                order.push_back(v);
            for (std::size_t w : adj[v])
                if (!seen[w]) {
                    seen[w] = true;
                    queue.push_back(w);
                }
        }
    }
    double cursor = 0;
    for (std::size_t v : order) {
        std::vector<std::size_t> children;
        for (std::size_t i = 0; i < n; ++i)
            if (t.nodes[i].host == t.nodes[v].id)
                children.push_back(i);
        const double width = double(std::max<std::size_t>(1, children.size())) * kSlot;
        t.nodes[v].x = cursor + width / 2;
        t.nodes[v].y = kRowTop;
        for (std::size_t c = 0; c < children.size(); ++c) {
            t.nodes[children[c]].x = cursor + kSlot / 2 + double(c) * kSlot;
            t.nodes[children[c]].y = kRowChild;
        }
        cursor += width + kGap;
    }
    for (std::size_t i = 0; i < n; ++i) {
        Node &node = t.nodes[i];
        if (node.kind != NodeKind::Lan)
            continue;
        double sum = 0;
        int count = 0;
        for (std::size_t w : adj[i])
            if (t.nodes[w].kind != NodeKind::Lan) {
                sum += t.nodes[w].x;
                ++count;
            }
        node.x = count ? std::round(sum / count) : cursor + kSlot / 2;
        node.y = kRowLan;
        if (!count)
            cursor += kSlot + kGap;
    }
    for (Node &node : t.nodes) {
        node.x += 100;
        node.y += 0;
    }
}

Topology capture(const kernel::Kernel &kernel, std::vector<std::string> *warnings)
{
    Topology t = captureStructure(kernel);
    kernel::Kernel structure = emulate(t, kernel.profile());
    // Namespace-wide values the sysctl list above does not reproduce (side effects of a write
    // nslab does not model the same way): write them explicitly, after the others.
    bool amended = false;
    for (Node &node : t.nodes) {
        const Namespace *ns = kernel.ns(node.name);
        const Namespace *pns = structure.ns(node.name);
        if (!ns || !pns)
            continue;
        for (const DevOpt o : kAllOpts) {
            if (o != DevOpt::Forwarding && ns->all.get(o) != pns->all.get(o)) {
                node.sysctls.emplace_back("net.ipv4.conf.all." + sysctlName(o), ns->all.get(o));
                amended = true;
            }
            if (ns->dflt.get(o) != pns->dflt.get(o)) {
                node.sysctls.emplace_back("net.ipv4.conf.default." + sysctlName(o), ns->dflt.get(o));
                amended = true;
            }
        }
    }
    if (amended)
        structure = emulate(t, kernel.profile());
    captureRoutes(t, kernel, structure);
    captureDeviceSysctls(t, kernel, structure);
    inferKinds(t, kernel);
    autoLayout(t);

    if (warnings) {
        // Check the round trip the way a user would notice it: the route tables.
        std::vector<std::string> failures;
        const kernel::Kernel again = emulate(t, kernel.profile(), &failures);
        for (const auto &f : failures)
            warnings->push_back("replaying the captured lab: " + f);
        for (const Node &node : t.nodes)
            for (const std::uint32_t table : {ops::kTableMain, ops::kTableLocal}) {
                const std::string want = kernel.routeShow(node.name, table);
                const std::string got = again.routeShow(node.name, table);
                if (want != got)
                    warnings->push_back(node.name + ": the captured lab gives a different " + (table == ops::kTableMain ? "main" : "local")
                                        + " table (first difference: \"" + firstDifference(want, got) + "\")");
            }
    }
    return t;
}

Topology capture(const kernel::Kernel &kernel) { return capture(kernel, nullptr); }

} // namespace nslab::model::plan
