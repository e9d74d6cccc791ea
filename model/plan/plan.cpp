// The planner: Topology → ops in an order the kernel accepts. The order is chosen so that the
// built kernel is the designed one, down to the order of routes that share a key:
//   netns add; namespace sysctls (they seed the devices created afterwards); lo up; devices in
//   each node's interface order (veth pairs straight into both namespaces, with their MACs);
//   mtu/other macs; masters;
//   addresses; link up; routes (link routes before gateway routes, deleted kernel routes removed
//   just before a route takes their key); neighbours; per-device sysctls.
#include "plan/plan.h"

#include "ops/printer.h"

#include <algorithm>
#include <set>

namespace nslab::model::plan {

namespace {

using ops::Op;

struct Planner {
    const Topology &topo;
    const PlanOptions &options;
    std::vector<bool> included;   // per node index
    int machine = -1;             // per-host: the machine node's index (no netns add)
    std::vector<Op> out;

    std::string nsOf(const Node &n) const { return options.prefix + n.name; }

    int indexOf(NodeId id) const
    {
        for (std::size_t i = 0; i < topo.nodes.size(); ++i)
            if (topo.nodes[i].id == id)
                return int(i);
        return -1;
    }

    const Link *linkOf(NodeId node, const std::string &iface) const
    {
        for (const Link &l : topo.links)
            if ((l.a.node == node && l.a.iface == iface) || (l.b.node == node && l.b.iface == iface))
                return &l;
        return nullptr;
    }

    // How interface `j` of node `i` comes to exist.
    enum class Presence { Created, External, Absent };
    Presence presence(std::size_t i, const InterfaceSpec &spec) const
    {
        if (spec.kind != InterfaceKind::Veth)
            return Presence::Created;
        const Link *l = linkOf(topo.nodes[i].id, spec.name);
        if (!l)
            return Presence::Absent; // a veth needs a peer; the lab file warns about it
        const LinkEnd &other = (l->a.node == topo.nodes[i].id && l->a.iface == spec.name) ? l->b : l->a;
        const int oi = indexOf(other.node);
        if (oi < 0)
            return Presence::Absent;
        return included[std::size_t(oi)] ? Presence::Created : Presence::External;
    }

    void createDevices();
    void routes(std::size_t i);
    void run();
};

std::string sysctlDevKey(const std::string &dev, const std::string &opt)
{
    std::string d = dev;
    std::replace(d.begin(), d.end(), '.', '/'); // sysctl's spelling of a dot inside a name
    if (opt == "proxy_delay")
        return "net.ipv4.neigh." + d + ".proxy_delay";
    return "net.ipv4.conf." + d + "." + opt;
}

void Planner::createDevices()
{
    const std::size_t n = topo.nodes.size();
    std::vector<std::size_t> next(n, 0);
    std::set<std::pair<std::size_t, std::string>> created;

    const auto skipDone = [&](std::size_t i) {
        const auto &ifs = topo.nodes[i].interfaces;
        while (next[i] < ifs.size()
               && (created.count({i, ifs[next[i]].name}) || presence(i, ifs[next[i]]) != Presence::Created))
            ++next[i];
    };
    // The other end of a veth: node index and interface name.
    const auto peerOf = [&](std::size_t i, const InterfaceSpec &spec) -> std::pair<std::size_t, std::string> {
        const Link *l = linkOf(topo.nodes[i].id, spec.name);
        const LinkEnd &other = (l->a.node == topo.nodes[i].id && l->a.iface == spec.name) ? l->b : l->a;
        return {std::size_t(indexOf(other.node)), other.iface};
    };
    const auto create = [&](std::size_t i) {
        const Node &node = topo.nodes[i];
        const InterfaceSpec &spec = node.interfaces[next[i]];
        const std::string ns = nsOf(node);
        switch (spec.kind) {
        case InterfaceKind::Bridge: out.push_back(ops::LinkAddBridge{ns, spec.name}); break;
        case InterfaceKind::Dummy: out.push_back(ops::LinkAddDummy{ns, spec.name}); break;
        case InterfaceKind::Veth: {
            const auto [pi, pname] = peerOf(i, spec);
            ops::LinkAddVeth v;
            v.ns = ns;
            v.name = spec.name;
            v.peer = pname;
            if (pi != i)
                v.peerNetns = nsOf(topo.nodes[pi]);
            // Both MACs in the request that makes the pair (`ip link add A address M type veth
            // peer name B address M2`): one request instead of three, same result.
            v.address = spec.mac;
            for (const auto &p : topo.nodes[pi].interfaces)
                if (p.name == pname)
                    v.peerAddress = p.mac;
            out.push_back(std::move(v));
            created.insert({pi, pname});
            break;
        }
        }
        created.insert({i, spec.name});
    };
    const auto ready = [&](std::size_t i) {
        const InterfaceSpec &spec = topo.nodes[i].interfaces[next[i]];
        if (spec.kind != InterfaceKind::Veth)
            return true;
        const auto [pi, pname] = peerOf(i, spec);
        if (pi == i)
            return true;
        skipDone(pi);
        const auto &pifs = topo.nodes[pi].interfaces;
        return next[pi] < pifs.size() && pifs[next[pi]].name == pname;
    };

    // Create each node's interfaces in its own order; a veth pair is made when it is next in both
    // of its nodes, so every namespace gets its devices in the designed order whenever such an
    // order exists (it does for anything a real history built). Otherwise break the tie.
    for (;;) {
        bool any = false, progress = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (!included[i])
                continue;
            for (skipDone(i); next[i] < topo.nodes[i].interfaces.size(); skipDone(i)) {
                any = true;
                if (!ready(i))
                    break;
                create(i);
                progress = true;
            }
        }
        if (!any)
            break;
        if (!progress) {
            for (std::size_t i = 0; i < n; ++i)
                if (included[i] && next[i] < topo.nodes[i].interfaces.size()) {
                    create(i);
                    break;
                }
        }
    }
}

struct RouteKey {
    std::uint32_t table;
    net::Prefix dst;
    std::uint8_t tos;
    std::uint32_t metric;
    auto operator<=>(const RouteKey &) const = default;
};

std::uint32_t defaultTable(const RouteSpec &r)
{
    const auto t = r.type.value_or(ops::RouteType::Unicast);
    const bool local = t == ops::RouteType::Local || t == ops::RouteType::Broadcast || t == ops::RouteType::Nat
                       || t == ops::RouteType::Anycast;
    return local ? ops::kTableLocal : ops::kTableMain;
}

RouteKey keyOf(const RouteSpec &r)
{
    return {r.table.value_or(defaultTable(r)), net::Prefix{r.dst.network(), r.dst.len}, r.tos, r.metric.value_or(0)};
}

// The route an address makes when its device comes up (linux-semantics.md 1.4), if any.
std::optional<RouteKey> kernelPrefixRoute(const AddressSpec &a, bool onLo)
{
    if (a.noprefixroute)
        return std::nullopt;
    const net::Prefix p = a.peer ? net::Prefix{a.peer->network(), a.peer->len} : net::Prefix{a.local.network(), a.local.len};
    if (!a.peer && a.local.len == 32)
        return std::nullopt;
    if (p.addr.isZero() && !a.peer)
        return std::nullopt;
    return RouteKey{onLo ? ops::kTableLocal : ops::kTableMain, p, 0, 0};
}

// Primary addresses only: a second address in the same subnet is a secondary and makes no route.
std::vector<const AddressSpec *> primaries(const std::vector<AddressSpec> &addrs)
{
    std::vector<const AddressSpec *> out;
    for (const auto &a : addrs) {
        const bool secondary = std::any_of(out.begin(), out.end(), [&](const AddressSpec *p) {
            return p->local.len == a.local.len && p->local.network() == a.local.network() && !a.peer && !p->peer;
        });
        if (!secondary)
            out.push_back(&a);
    }
    return out;
}

void Planner::routes(std::size_t i)
{
    const Node &node = topo.nodes[i];
    const std::string ns = nsOf(node);

    // Keys the kernel's own routes occupy once every device is up (1.4): a user route there is
    // appended after them.
    std::map<RouteKey, int> occupied;
    const auto occupy = [&](const std::vector<AddressSpec> &addrs, bool up, bool lo) {
        for (const auto &a : addrs)
            ++occupied[RouteKey{ops::kTableLocal, net::Prefix{a.local.addr, 32}, 0, 0}];
        if (!up)
            return;
        for (const auto &a : addrs)
            if (a.broadcast)
                ++occupied[RouteKey{ops::kTableLocal, net::Prefix{*a.broadcast, 32}, 0, 0}];
        for (const auto *a : primaries(addrs)) {
            if (const auto k = kernelPrefixRoute(*a, lo))
                ++occupied[*k];
            if (!a->peer && a->local.len < 31)
                ++occupied[RouteKey{ops::kTableLocal, net::Prefix{a->local.lastAddress(), 32}, 0, 0}];
        }
    };
    std::vector<AddressSpec> lo = node.loAddresses;
    if (node.loUp)
        lo.insert(lo.begin(), AddressSpec{net::Prefix{net::Ipv4{0x7f000001}, 8}, std::nullopt, std::nullopt, false, std::nullopt});
    occupy(lo, node.loUp, true);
    for (const auto &spec : node.interfaces)
        if (presence(i, spec) != Presence::Absent)
            occupy(spec.addresses, spec.up, false);

    // Deleted kernel routes: where they are, and the `ip route del` that removes exactly them.
    struct Deletion {
        RouteKey key;
        ops::RouteOp op;
        bool done = false;
    };
    std::vector<Deletion> deletions;
    for (const auto &deleted : node.deletedKernelRoutes) {
        const auto find = [&](const std::vector<AddressSpec> &addrs) -> const AddressSpec * {
            for (const auto &a : addrs)
                if (a.local == deleted)
                    return &a;
            return nullptr;
        };
        std::string dev;
        bool up = false;
        const AddressSpec *addr = nullptr;
        if ((addr = find(node.loAddresses))) {
            dev = "lo";
            up = node.loUp;
        }
        for (const auto &spec : node.interfaces)
            if (!addr && (addr = find(spec.addresses))) {
                dev = spec.name;
                up = spec.up && presence(i, spec) != Presence::Absent;
            }
        if (!addr || !up)
            continue; // a device that is down has no kernel route to delete
        const auto key = kernelPrefixRoute(*addr, dev == "lo");
        if (!key)
            continue;
        ops::RouteOp del;
        del.ns = ns;
        del.cmd = ops::RouteCmd::Del;
        del.dst = key->dst;
        del.dev = dev;
        if (dev == "lo") {
            del.type = ops::RouteType::Local;
            del.table = ops::kTableLocal;
        }
        deletions.push_back({*key, std::move(del)});
    }

    for (const auto &r : node.deletedRoutes) {
        ops::RouteOp del;
        del.ns = ns;
        del.cmd = ops::RouteCmd::Del;
        del.type = r.type;
        del.dst = r.dst;
        del.tos = r.tos;
        del.dev = r.dev;
        del.via = r.via;
        del.src = r.src;
        del.metric = r.metric;
        del.table = r.table;
        deletions.push_back({keyOf(r), std::move(del)});
    }

    // Link routes first: a gateway is only accepted once a link route covers it. Routes that
    // share a key stay together and in their order (their order in the table is insertion
    // order), so a key holding both kinds goes between the two tiers.
    const auto needsCover = [](const RouteSpec &r) { return r.via && !r.onlink; };
    std::map<RouteKey, int> tierOfKey; // bit 0: has link routes, bit 1: has gateway routes
    for (const auto &r : node.routes)
        tierOfKey[keyOf(r)] |= needsCover(r) ? 2 : 1;
    const auto tier = [&](const RouteSpec &r) {
        const int bits = tierOfKey[keyOf(r)];
        return bits == 1 ? 0 : bits == 3 ? 1 : 2;
    };
    std::vector<const RouteSpec *> order;
    for (int t = 0; t < 3; ++t)
        for (const auto &r : node.routes)
            if (tier(r) == t)
                order.push_back(&r);

    // Whether the finished table has a link route (or own address) that makes `gw` a valid
    // gateway on `dev`. A gateway route outlives the route that once covered it (1.4), so when
    // nothing covers it any more the plan puts up a temporary /32 while adding it.
    const auto covered = [&](net::Ipv4 gw, const std::string &dev) {
        const auto onDev = [&](const std::vector<AddressSpec> &addrs, bool up, bool lo) {
            for (const auto &a : addrs)
                if (a.local.addr == gw)
                    return true;
            if (!up)
                return false;
            for (const auto *a : primaries(addrs)) {
                const auto k = kernelPrefixRoute(*a, lo);
                if (k && k->dst.contains(gw)
                    && std::find(node.deletedKernelRoutes.begin(), node.deletedKernelRoutes.end(), a->local)
                           == node.deletedKernelRoutes.end())
                    return true;
            }
            return false;
        };
        if (dev == "lo" && onDev(node.loAddresses, node.loUp, true))
            return true;
        for (const auto &spec : node.interfaces)
            if (spec.name == dev && onDev(spec.addresses, spec.up, false))
                return true;
        for (const auto &r : node.routes) {
            const bool link = !r.via && r.dev == dev && r.type.value_or(ops::RouteType::Unicast) == ops::RouteType::Unicast
                              && (!r.scope || *r.scope == ops::Scope::Link || *r.scope == ops::Scope::Host)
                              && r.table.value_or(ops::kTableMain) == ops::kTableMain;
            if (link && r.dst.contains(gw))
                return true;
        }
        return false;
    };

    for (const RouteSpec *r : order) {
        const RouteKey key = keyOf(*r);
        for (auto &d : deletions)
            if (!d.done && d.key == key) {
                out.push_back(d.op);
                d.done = true;
                --occupied[key];
            }
        ops::RouteOp op;
        op.ns = ns;
        op.cmd = occupied[key] > 0 ? ops::RouteCmd::Append : ops::RouteCmd::Add;
        op.type = r->type;
        op.dst = r->dst;
        op.tos = r->tos;
        op.via = r->via;
        op.dev = r->dev;
        op.src = r->src;
        op.metric = r->metric;
        op.scope = r->scope;
        op.proto = r->proto;
        op.table = r->table;
        op.onlink = r->onlink;
        std::optional<ops::RouteOp> scaffold;
        if (needsCover(*r) && r->dev && !covered(*r->via, *r->dev)) {
            scaffold.emplace();
            scaffold->ns = ns;
            scaffold->dst = net::Prefix{*r->via, 32};
            scaffold->dev = r->dev;
            scaffold->metric = 0xffffffffu; // a key no designed route uses
            out.push_back(*scaffold);
        }
        out.push_back(std::move(op));
        ++occupied[key];
        if (scaffold) {
            scaffold->cmd = ops::RouteCmd::Del;
            out.push_back(*scaffold);
        }
    }
    for (auto &d : deletions)
        if (!d.done)
            out.push_back(d.op);
}

void Planner::run()
{
    const std::size_t n = topo.nodes.size();
    for (std::size_t i = 0; i < n; ++i)
        if (included[i] && int(i) != machine)
            out.push_back(ops::NetnsAdd{nsOf(topo.nodes[i])});
    // Namespace sysctls before any device exists: default.* seeds every device created later,
    // ip_forward / all.* set the namespace-wide values.
    for (std::size_t i = 0; i < n; ++i)
        if (included[i])
            for (const auto &[key, value] : topo.nodes[i].sysctls)
                out.push_back(ops::SysctlSet{nsOf(topo.nodes[i]), key, std::to_string(value)});
    for (std::size_t i = 0; i < n; ++i)
        if (included[i] && topo.nodes[i].loUp) {
            ops::LinkSet up;
            up.ns = nsOf(topo.nodes[i]);
            up.dev = "lo";
            up.up = true;
            out.push_back(std::move(up));
        }
    createDevices();

    const auto present = [&](std::size_t i, const InterfaceSpec &spec) { return presence(i, spec) != Presence::Absent; };
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        for (const auto &spec : topo.nodes[i].interfaces) {
            // A veth this plan makes got its MAC when it was made.
            const bool macDone = spec.kind == InterfaceKind::Veth && presence(i, spec) == Presence::Created;
            const bool setMac = spec.mac && !macDone;
            if (!present(i, spec) || (!spec.mtu && !setMac))
                continue;
            ops::LinkSet set;
            set.ns = nsOf(topo.nodes[i]);
            set.dev = spec.name;
            if (spec.mtu)
                set.mtu = spec.mtu;
            if (setMac)
                set.address = spec.mac;
            out.push_back(std::move(set));
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        for (const auto &spec : topo.nodes[i].interfaces) {
            if (spec.master.empty() || !present(i, spec))
                continue;
            ops::LinkSet set;
            set.ns = nsOf(topo.nodes[i]);
            set.dev = spec.name;
            set.master = spec.master;
            out.push_back(std::move(set));
        }
    }
    const auto addAddress = [&](const std::string &ns, const std::string &dev, const AddressSpec &a) {
        ops::AddrAdd add;
        add.ns = ns;
        add.dev = dev;
        add.local = a.local;
        add.peer = a.peer;
        add.scope = a.scope;
        add.noprefixroute = a.noprefixroute;
        add.broadcast = a.broadcast;
        out.push_back(std::move(add));
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        const Node &node = topo.nodes[i];
        for (const auto &a : node.loAddresses)
            addAddress(nsOf(node), "lo", a);
        for (const auto &spec : node.interfaces)
            if (present(i, spec))
                for (const auto &a : spec.addresses)
                    addAddress(nsOf(node), spec.name, a);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        for (const auto &spec : topo.nodes[i].interfaces) {
            if (!spec.up || !present(i, spec))
                continue;
            ops::LinkSet set;
            set.ns = nsOf(topo.nodes[i]);
            set.dev = spec.name;
            set.up = true;
            out.push_back(std::move(set));
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        if (included[i])
            routes(i);
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        const Node &node = topo.nodes[i];
        for (const auto &nb : node.neighbours) {
            if (nb.proxy)
                out.push_back(ops::NeighProxy{nsOf(node), nb.addr, nb.dev, true});
            else if (nb.lladdr)
                out.push_back(ops::NeighAdd{nsOf(node), nb.addr, *nb.lladdr, nb.dev});
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!included[i])
            continue;
        for (const auto &spec : topo.nodes[i].interfaces) {
            if (!present(i, spec))
                continue;
            for (const auto &[opt, value] : spec.sysctls)
                out.push_back(ops::SysctlSet{nsOf(topo.nodes[i]), sysctlDevKey(spec.name, opt), std::to_string(value)});
        }
    }
}

// A name for the emulator's root namespace that no node uses: plans never run in it.
std::string unusedRootName(const Topology &topology)
{
    std::string name = "nslab-root";
    while (topology.nodeByName(name))
        name += '_';
    return name;
}

} // namespace

std::vector<ops::Op> planBuild(const Topology &topology, const PlanOptions &options)
{
    Planner p{topology, options, std::vector<bool>(topology.nodes.size(), true), -1, {}};
    p.run();
    return std::move(p.out);
}

std::vector<ops::Op> planHost(const Topology &topology, NodeId machine, const PlanOptions &options)
{
    Planner p{topology, options, std::vector<bool>(topology.nodes.size(), false), -1, {}};
    for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
        const Node &n = topology.nodes[i];
        if (n.id == machine) {
            p.included[i] = true;
            p.machine = int(i);
        } else if (n.host == machine) {
            p.included[i] = true;
        }
    }
    if (p.machine < 0)
        return {};
    p.run();
    return std::move(p.out);
}

std::vector<NodeId> machines(const Topology &topology)
{
    std::vector<NodeId> out;
    for (const Node &n : topology.nodes)
        if (!n.host.valid() || !topology.node(n.host))
            out.push_back(n.id);
    return out;
}

std::vector<ops::Op> planTeardown(const Topology &topology, const PlanOptions &options)
{
    std::vector<ops::Op> out;
    out.reserve(topology.nodes.size());
    for (const Node &n : topology.nodes)
        out.push_back(ops::NetnsDel{options.prefix + n.name});
    return out;
}

kernel::Kernel emulate(const Topology &topology, const kernel::Profile &profile, std::vector<std::string> *failures)
{
    kernel::Kernel k(profile, unusedRootName(topology));
    for (const Op &op : planBuild(topology)) {
        const ops::Result r = k.apply(op);
        if (!r.ok() && failures) {
            std::string err = r.err;
            while (!err.empty() && err.back() == '\n')
                err.pop_back();
            failures->push_back(ops::printOp(op) + ": " + err);
        }
    }
    return k;
}

kernel::Kernel emulate(const Topology &topology, std::vector<std::string> *failures)
{
    return emulate(topology, kernel::Profile::kernelDefaults(), failures);
}

} // namespace nslab::model::plan
