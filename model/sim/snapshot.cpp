#include "sim/snapshot.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace nslab::sim::detail {

using kernel::DevOpt;

namespace {

std::uint8_t eff(const kernel::Namespace &ns, const kernel::Device &d, DevOpt o)
{
    const int v = ns.effective(d, o);
    return std::uint8_t(std::clamp(v, 0, 255));
}

struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x)
    {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void unite(int a, int b) { parent[find(a)] = find(b); }
};

} // namespace

Snapshot::Snapshot(const kernel::Kernel &k) : kernel(k)
{
    const auto &all = k.namespaces();
    nss.reserve(all.size());
    for (const auto &[name, ns] : all) {
        CNs c;
        c.name = name;
        c.ns = &ns;
        nss.push_back(std::move(c));
    }

    // Devices and addresses.
    for (int n = 0; n < int(nss.size()); ++n) {
        const kernel::Namespace &ns = *nss[n].ns;
        nss[n].devBegin = int(devs.size());
        for (const kernel::Device &d : ns.devices) {
            CDev c;
            c.ns = n;
            c.ifindex = d.ifindex;
            c.dev = &d;
            c.kind = d.kind;
            c.up = d.adminUp;
            c.forwarding = eff(ns, d, DevOpt::Forwarding);
            c.rpFilter = eff(ns, d, DevOpt::RpFilter);
            c.proxyArp = eff(ns, d, DevOpt::ProxyArp);
            c.proxyArpPvlan = eff(ns, d, DevOpt::ProxyArpPvlan);
            c.arpIgnore = eff(ns, d, DevOpt::ArpIgnore);
            c.arpAnnounce = eff(ns, d, DevOpt::ArpAnnounce);
            c.arpFilter = eff(ns, d, DevOpt::ArpFilter);
            c.acceptLocal = eff(ns, d, DevOpt::AcceptLocal);
            c.sendRedirects = eff(ns, d, DevOpt::SendRedirects);
            c.sharedMedia = eff(ns, d, DevOpt::SharedMedia);
            c.routeLocalnet = eff(ns, d, DevOpt::RouteLocalnet);
            c.ignoreLinkdown = eff(ns, d, DevOpt::IgnoreRoutesWithLinkdown);
            c.proxyDelay = d.proxyDelay;
            c.addrBegin = std::uint32_t(addrs.size());
            for (const kernel::Address &a : d.addresses) {
                CAddr ca;
                ca.local = a.local.addr.v;
                const net::Prefix m = a.peer ? *a.peer : a.local;
                ca.match = m.addr.v;
                ca.mask = net::prefixMask(m.len);
                ca.scope = a.scope;
                ca.secondary = a.secondary;
                addrs.push_back(ca);
            }
            c.addrEnd = std::uint32_t(addrs.size());
            if (d.kind == DevKind::Loopback && nss[n].lo < 0)
                nss[n].lo = int(devs.size());
            devs.push_back(c);
        }
        nss[n].devEnd = int(devs.size());
    }

    // Veth peers and bridge masters.
    for (CDev &c : devs) {
        const kernel::Device &d = *c.dev;
        if (d.kind == DevKind::Veth && !d.peerNs.empty()) {
            const int pn = nsIndex(d.peerNs);
            if (pn >= 0)
                c.peer = devIndex(pn, d.peerIfindex);
        }
        if (d.master != 0) {
            c.bridge = devIndex(c.ns, d.master);
            c.isPort = c.bridge >= 0;
        }
    }
    // Carrier: a veth needs both ends up (§1.2); a bridge port forwards when it is up with carrier
    // and its bridge is up (§11); a bridge itself has carrier when one of its ports forwards.
    for (CDev &c : devs) {
        switch (c.kind) {
        case DevKind::Veth: c.carrier = c.up && c.peer >= 0 && devs[c.peer].up; break;
        case DevKind::Loopback:
        case DevKind::Dummy: c.carrier = c.up; break;
        case DevKind::Bridge: c.carrier = false; break;
        }
    }
    auto portForwarding = [this](const CDev &p) {
        return p.isPort && p.up && p.carrier && devs[p.bridge].up;
    };
    for (const CDev &c : devs)
        if (portForwarding(c))
            devs[c.bridge].carrier = true;

    // L2 segments: veth pairs with carrier, forwarding bridge ports with their bridge.
    UnionFind uf(devs.size());
    for (int i = 0; i < int(devs.size()); ++i) {
        const CDev &c = devs[i];
        if (c.kind == DevKind::Veth && c.peer >= 0 && c.up && devs[c.peer].up)
            uf.unite(i, c.peer);
        if (portForwarding(c))
            uf.unite(i, c.bridge);
    }
    std::vector<int> segOfRoot(devs.size(), -1);
    for (int i = 0; i < int(devs.size()); ++i) {
        const int root = uf.find(i);
        if (segOfRoot[root] < 0) {
            segOfRoot[root] = int(segments.size());
            segments.emplace_back();
        }
        CDev &c = devs[i];
        c.segment = segOfRoot[root];
        // Endpoints: IP stacks that receive frames (not ports, not lo, not NOARP dummies).
        const bool endpoint = c.up && !c.isPort && (c.kind == DevKind::Veth || c.kind == DevKind::Bridge);
        if (endpoint)
            segments[c.segment].push_back(i);
    }

    // Order in which the endpoints of a segment see a broadcast, which decides the race when
    // several of them answer an ARP request (the first reply wins, §8.2): a bridge hands the frame
    // to its own stack first (br_pass_frame_up is synchronous) and floods the ports in its port
    // list, newest first (br_add_if puts a port at the head). Ports are taken as enslaved in
    // creation (ifindex) order; the emulator does not record enslave order.
    for (auto &seg : segments) {
        auto key = [this](int e) {
            const CDev &c = devs[e];
            if (c.kind == DevKind::Bridge)
                return std::tuple{e, 0, 0};
            if (c.peer >= 0 && devs[c.peer].isPort)
                return std::tuple{devs[c.peer].bridge, 1, -devs[c.peer].ifindex};
            return std::tuple{e, 2, 0};
        };
        std::stable_sort(seg.begin(), seg.end(), [&](int a, int b) { return key(a) < key(b); });
    }

    // Routes.
    routes.reserve([&] {
        std::size_t total = 0;
        for (const CNs &c : nss)
            total += c.ns->routes.size();
        return total;
    }());
    for (int n = 0; n < int(nss.size()); ++n)
        buildLpm(n);

    // Own addresses, permanent and proxy neighbours.
    for (int n = 0; n < int(nss.size()); ++n) {
        CNs &c = nss[n];
        c.ownBegin = std::uint32_t(own.size());
        for (int d = c.devBegin; d < c.devEnd; ++d)
            for (std::uint32_t a = devs[d].addrBegin; a < devs[d].addrEnd; ++a)
                own.push_back({addrs[a].local, d});
        c.ownEnd = std::uint32_t(own.size());
        std::stable_sort(own.begin() + c.ownBegin, own.end(),
                         [](const OwnAddr &a, const OwnAddr &b) { return a.addr < b.addr; });

        c.neighBegin = std::uint32_t(neighs.size());
        for (const kernel::NeighEntry &e : c.ns->neighbours) {
            const int dev = devIndex(n, e.dev);
            if (dev < 0)
                continue;
            int target = -1;
            // A frame sent out of a bridge port goes to the port's wire only (its veth peer); it
            // is not flooded through the bridge.
            const CDev &od = devs[dev];
            const bool portWire = od.isPort && od.peer >= 0 && !devs[od.peer].isPort;
            if (portWire && od.carrier && devs[od.peer].dev->mac == e.lladdr)
                target = od.peer;
            static const std::vector<int> kNoOne;
            for (int ep : portWire ? kNoOne : segments[devs[dev].segment]) {
                if (ep == dev)
                    continue;
                bool hit = devs[ep].dev->mac == e.lladdr;
                // Frames to any port's MAC are taken by the bridge device (local fdb entries).
                if (!hit && devs[ep].kind == DevKind::Bridge) {
                    for (int p = nss[devs[ep].ns].devBegin; p < nss[devs[ep].ns].devEnd && !hit; ++p)
                        hit = devs[p].bridge == ep && devs[p].dev->mac == e.lladdr;
                }
                if (hit) {
                    target = ep;
                    break;
                }
            }
            neighs.push_back({dev, e.addr.v, target});
        }
        c.neighEnd = std::uint32_t(neighs.size());
        std::sort(neighs.begin() + c.neighBegin, neighs.end(), [](const PermNeigh &a, const PermNeigh &b) {
            return a.dev != b.dev ? a.dev < b.dev : a.addr < b.addr;
        });

        c.proxyBegin = std::uint32_t(proxies.size());
        for (const kernel::ProxyEntry &p : c.ns->proxies)
            proxies.push_back({p.dev ? devIndex(n, p.dev) : -1, p.addr.v});
        c.proxyEnd = std::uint32_t(proxies.size());
    }
}

void Snapshot::buildLpm(int n)
{
    CNs &c = nss[n];
    const kernel::Namespace &ns = *c.ns;
    const std::uint32_t firstRoute = std::uint32_t(routes.size());

    c.customLocal = ns.customLocalRoutes; // sticky in the kernel: a deleted user local route still counts
    // Compile the routes of the local and main tables (other tables need rules: ignored).
    for (const kernel::Route &r : ns.routes) {
        CRoute cr;
        cr.type = r.type;
        cr.scope = r.scope;
        cr.dev = r.dev ? devIndex(n, r.dev) : -1;
        cr.gw = r.gateway ? r.gateway->v : 0;
        cr.viaGateway = r.gateway && r.nhScope == Scope::Link;
        cr.hasPrefsrc = r.prefsrc.has_value();
        cr.prefsrc = r.prefsrc ? r.prefsrc->v : 0;
        cr.userLocal = r.type == RouteType::Local && r.proto != model::ops::kProtoKernel;
        cr.orig = &r;
        if (cr.hasPrefsrc)
            cr.source = cr.prefsrc;
        else if (cr.dev >= 0 && r.type != RouteType::Local)
            cr.source = selectAddr(cr.dev, cr.gw, r.scope);
        if (cr.userLocal)
            c.customLocal = true;
        routes.push_back(cr);
    }

    // Winner per destination prefix: local table first, then main; inside a table the stored
    // (`ip route show`) order; skip tos routes (ping uses tos 0) and dead nexthops.
    struct Pfx { std::uint32_t start; std::uint64_t end; int len; int route; };
    std::vector<Pfx> pfx;
    auto usable = [&](std::uint32_t id) {
        const CRoute &cr = routes[id];
        const kernel::Route &r = *cr.orig;
        if (r.tos != 0)
            return false;
        if (cr.dev >= 0) {
            // Local routes of addresses on down devices stay usable (weak host, §1.5); a linkdown
            // nexthop is dead only with ignore_routes_with_linkdown (§6.2).
            if (ns.dead(r))
                return false;
        } else if (r.dev != 0) {
            return false; // device vanished: nothing to send through
        }
        return true;
    };
    {
        struct Cand { std::uint32_t start; int len; int rank; std::uint32_t id; };
        std::vector<Cand> cands;
        for (std::uint32_t id = firstRoute; id < routes.size(); ++id) {
            const kernel::Route &r = *routes[id].orig;
            if ((r.table != model::ops::kTableLocal && r.table != model::ops::kTableMain) || !usable(id))
                continue;
            cands.push_back({r.dst.network().v, r.dst.len, r.table == model::ops::kTableLocal ? 0 : 1, id});
        }
        std::sort(cands.begin(), cands.end(), [](const Cand &a, const Cand &b) {
            if (a.start != b.start)
                return a.start < b.start;
            if (a.len != b.len)
                return a.len < b.len;
            if (a.rank != b.rank)
                return a.rank < b.rank;
            return a.id < b.id;
        });
        for (std::size_t i = 0; i < cands.size(); ++i) {
            if (i > 0 && cands[i].start == cands[i - 1].start && cands[i].len == cands[i - 1].len)
                continue; // a better candidate for this prefix came first
            const kernel::Route &r = *routes[cands[i].id].orig;
            pfx.push_back({cands[i].start, std::uint64_t(r.dst.lastAddress().v), cands[i].len, int(cands[i].id)});
        }
    }
    // Equal-metric default routes (6.3): the kernel may rotate among them; warn, do not predict.
    {
        const kernel::Route *best = nullptr;
        for (std::uint32_t id = firstRoute; id < routes.size(); ++id) {
            const kernel::Route &r = *routes[id].orig;
            if (r.table == model::ops::kTableMain && r.dst.len == 0 && r.type == RouteType::Unicast && usable(id)) {
                if (!best) {
                    best = &r;
                    c.equalDefaults = 1;
                } else if (r.metric == best->metric) {
                    ++c.equalDefaults;
                }
            }
        }
    }

    // Flatten nested prefixes into sorted disjoint intervals (sweep with a stack; `pfx` is
    // sorted by start, shorter prefixes first).
    c.lpmBegin = std::uint32_t(lpmStart.size());
    struct Open { std::uint64_t end; int route; };
    std::vector<Open> stack;
    std::uint64_t pos = 0;
    auto emit = [&](std::uint64_t at, int route) {
        if (lpmStart.size() > c.lpmBegin && lpmRoute.back() == route)
            return; // same winner continues
        lpmStart.push_back(std::uint32_t(at));
        lpmRoute.push_back(route);
    };
    auto emitUntil = [&](std::uint64_t limit) {
        while (pos < limit) {
            while (!stack.empty() && stack.back().end < pos)
                stack.pop_back();
            const int route = stack.empty() ? -1 : stack.back().route;
            const std::uint64_t segEnd = stack.empty() ? limit : std::min(limit, stack.back().end + 1);
            emit(pos, route);
            pos = segEnd;
        }
    };
    for (const Pfx &p : pfx) {
        emitUntil(p.start);
        stack.push_back({p.end, p.route});
    }
    emitUntil(std::uint64_t(1) << 32);
    if (lpmStart.size() == c.lpmBegin) {
        lpmStart.push_back(0);
        lpmRoute.push_back(-1);
    }
    c.lpmEnd = std::uint32_t(lpmStart.size());
}

int Snapshot::nsIndex(std::string_view name) const
{
    const auto it = std::lower_bound(nss.begin(), nss.end(), name,
                                     [](const CNs &c, std::string_view n) { return c.name < n; });
    return it != nss.end() && it->name == name ? int(it - nss.begin()) : -1;
}

int Snapshot::devIndex(int ns, int ifindex) const
{
    for (int d = nss[ns].devBegin; d < nss[ns].devEnd; ++d)
        if (devs[d].ifindex == ifindex)
            return d;
    return -1;
}

int Snapshot::ownAddress(int ns, std::uint32_t addr) const
{
    const OwnAddr *b = own.data() + nss[ns].ownBegin;
    const OwnAddr *e = own.data() + nss[ns].ownEnd;
    const OwnAddr *it = std::lower_bound(b, e, addr, [](const OwnAddr &o, std::uint32_t a) { return o.addr < a; });
    return it != e && it->addr == addr ? it->dev : -1;
}

std::uint32_t Snapshot::selectAddr(int dev, std::uint32_t compare, Scope scope) const
{
    const CDev &d = devs[dev];
    const int localnetScope = d.routeLocalnet ? int(Scope::Link) : int(Scope::Host);
    std::uint32_t addr = 0;
    for (std::uint32_t i = d.addrBegin; i < d.addrEnd; ++i) {
        const CAddr &a = addrs[i];
        if (a.secondary)
            continue;
        if (std::min(int(a.scope), localnetScope) > int(scope))
            continue;
        if (!compare || ((compare ^ a.match) & a.mask) == 0)
            return a.local;
        if (!addr)
            addr = a.local;
    }
    if (addr)
        return addr;
    // Fallback: every device of the namespace, lo first, any primary that is not link scope.
    const CNs &n = nss[d.ns];
    for (int x = n.devBegin; x < n.devEnd; ++x) {
        for (std::uint32_t i = devs[x].addrBegin; i < devs[x].addrEnd; ++i) {
            const CAddr &a = addrs[i];
            if (a.secondary)
                continue;
            if (a.scope != Scope::Link && int(a.scope) <= int(scope))
                return a.local;
        }
    }
    return 0;
}

bool Snapshot::onlink(int dev, std::uint32_t a, std::uint32_t b) const
{
    const CDev &d = devs[dev];
    for (std::uint32_t i = d.addrBegin; i < d.addrEnd; ++i) {
        const CAddr &x = addrs[i];
        if (((a ^ x.match) & x.mask) == 0 && (!b || ((b ^ x.match) & x.mask) == 0))
            return true;
    }
    return false;
}

bool Snapshot::confirmAddr(int ns, int dev, std::uint32_t dst, std::uint32_t local, Scope scope) const
{
    auto confirmIn = [&](const CDev &d) -> std::uint32_t {
        std::uint32_t addr = 0;
        bool same = false;
        for (std::uint32_t i = d.addrBegin; i < d.addrEnd; ++i) {
            const CAddr &a = addrs[i];
            auto match = [&](std::uint32_t x) { return ((x ^ a.match) & a.mask) == 0; };
            if (!addr && (local == a.local || !local) && int(a.scope) <= int(scope)) {
                addr = a.local;
                if (same)
                    break;
            }
            if (!same) {
                same = (!local || match(local)) && (!dst || match(dst));
                if (same && addr) {
                    if (local || !dst)
                        break;
                    if (match(addr))
                        break;
                    if (int(a.scope) <= int(scope)) {
                        addr = a.local;
                        break;
                    }
                    same = false;
                }
            }
        }
        return same ? addr : 0;
    };
    if (dev >= 0)
        return confirmIn(devs[dev]) != 0;
    for (int d = nss[ns].devBegin; d < nss[ns].devEnd; ++d)
        if (confirmIn(devs[d]) != 0)
            return true;
    return false;
}

int Snapshot::permanentNeighbour(int ns, int dev, std::uint32_t addr, bool *found) const
{
    const PermNeigh *b = neighs.data() + nss[ns].neighBegin;
    const PermNeigh *e = neighs.data() + nss[ns].neighEnd;
    const PermNeigh *it = std::lower_bound(b, e, std::pair{dev, addr}, [](const PermNeigh &p, std::pair<int, std::uint32_t> k) {
        return p.dev != k.first ? p.dev < k.first : p.addr < k.second;
    });
    *found = it != e && it->dev == dev && it->addr == addr;
    return *found ? it->target : -1;
}

bool Snapshot::proxyEntry(int ns, int dev, std::uint32_t addr) const
{
    for (std::uint32_t i = nss[ns].proxyBegin; i < nss[ns].proxyEnd; ++i)
        if (proxies[i].addr == addr && (proxies[i].dev == dev || proxies[i].dev < 0))
            return true;
    return false;
}

} // namespace nslab::sim::detail
