#include "routing/hostgateway.h"

#include "topology/edits.h"

#include <algorithm>

namespace nslab::model::routing {

using net::Ipv4;
using net::Prefix;

namespace {

constexpr Ipv4 kCalicoGateway{0xa9fe0101u}; // 169.254.1.1

const InterfaceSpec *iface(const Node &n, const std::string &name)
{
    for (const auto &i : n.interfaces)
        if (i.name == name)
            return &i;
    return nullptr;
}

// The smallest prefix that holds every address (a lone /32 stays a /32).
Prefix covering(const std::vector<Prefix> &addrs)
{
    // Guests in one connected subnet: that subnet is the block.
    bool sameNet = !addrs.empty() && addrs.front().len < 32;
    for (const Prefix &p : addrs)
        sameNet = sameNet && p.len == addrs.front().len && p.network() == addrs.front().network();
    if (sameNet)
        return {addrs.front().network(), addrs.front().len};
    std::uint8_t len = 32;
    for (const Prefix &p : addrs)
        while (len > 0 && ((p.addr.v ^ addrs.front().addr.v) & net::prefixMask(len)))
            --len;
    return {Ipv4{addrs.front().addr.v & net::prefixMask(len)}, len};
}

bool routeCovers(const Node &n, Ipv4 a)
{
    return std::any_of(n.routes.begin(), n.routes.end(), [&](const RouteSpec &r) {
        return (!r.table || *r.table == ops::kTableMain) && (!r.type || *r.type == ops::RouteType::Unicast) && r.dst.contains(a);
    });
}

void removeDeletedKernelRoute(Node &n, const Prefix &p)
{
    n.deletedKernelRoutes.erase(std::remove(n.deletedKernelRoutes.begin(), n.deletedKernelRoutes.end(), p),
                                n.deletedKernelRoutes.end());
}

} // namespace

RouteSpec makeRoute(Prefix dst, std::optional<Ipv4> via, const std::string &dev, std::optional<ops::Scope> scope)
{
    RouteSpec r;
    r.dst = {dst.network(), dst.len};
    r.via = via;
    r.dev = dev;
    r.scope = scope;
    return r;
}

void setSysctl(Node &n, const std::string &key, int value)
{
    for (auto &kv : n.sysctls)
        if (kv.first == key) {
            kv.second = value;
            return;
        }
    n.sysctls.emplace_back(key, value);
}

void putRoute(Node &n, const RouteSpec &r)
{
    for (auto &existing : n.routes)
        if (existing.dst == r.dst && existing.table == r.table && existing.tos == r.tos && existing.metric == r.metric) {
            existing = r;
            return;
        }
    n.routes.push_back(r);
}

Wiring analyzeWiring(const Topology &t)
{
    Wiring w;
    for (const Node &h : t.nodes) {
        const bool hasGuests = std::any_of(t.nodes.begin(), t.nodes.end(), [&](const Node &g) { return g.host == h.id; });
        if (h.kind != NodeKind::Host && !hasGuests)
            continue;
        WiredHost host;
        host.node = h.id;
        for (const Node &g : t.nodes) {
            if (g.host != h.id)
                continue;
            const Link *link = nullptr;
            for (const Link &l : t.links)
                if ((l.a.node == g.id && l.b.node == h.id) || (l.b.node == g.id && l.a.node == h.id)) {
                    link = &l;
                    break;
                }
            if (!link) {
                w.notes.push_back(g.name + " has no veth to its host " + h.name + ": skipped");
                continue;
            }
            const LinkEnd &mine = link->a.node == g.id ? link->a : link->b;
            const LinkEnd &theirs = link->a.node == g.id ? link->b : link->a;
            const InterfaceSpec *dev = iface(g, mine.iface);
            if (!dev || dev->addresses.empty()) {
                w.notes.push_back(g.name + " has no address on " + mine.iface + ": skipped");
                continue;
            }
            host.guests.push_back({g.id, mine.iface, theirs.iface, dev->addresses.front().local});
        }
        // The LAN side: an addressed interface whose link leads to a node that is not a guest.
        for (const Link &l : t.links) {
            const LinkEnd *mine = l.a.node == h.id ? &l.a : l.b.node == h.id ? &l.b : nullptr;
            if (!mine)
                continue;
            const LinkEnd &other = mine == &l.a ? l.b : l.a;
            const Node *on = t.node(other.node);
            if (!on || on->host == h.id)
                continue;
            const InterfaceSpec *dev = iface(h, mine->iface);
            if (dev && !dev->addresses.empty()) {
                host.lanDev = mine->iface;
                host.lanAddress = dev->addresses.front().local;
                break;
            }
        }
        if (!host.lanAddress)
            w.notes.push_back(h.name + " has no addressed link to a LAN: other hosts cannot route to it");
        if (!host.guests.empty()) {
            std::vector<Prefix> addrs;
            for (const auto &g : host.guests)
                addrs.push_back(g.address);
            host.block = covering(addrs);
        }
        w.hosts.push_back(std::move(host));
    }
    return w;
}

namespace {

// Routes to the other hosts' blocks via their LAN address, and forwarding: common to all three.
void wireHosts(Topology &out, const Wiring &w)
{
    for (const WiredHost &h : w.hosts) {
        Node &hn = *out.node(h.node);
        if (!h.guests.empty())
            setSysctl(hn, "net.ipv4.ip_forward", 1);
        if (h.lanDev.empty())
            continue;
        for (const WiredHost &other : w.hosts) {
            if (other.node == h.node || !other.block || !other.lanAddress)
                continue;
            if (h.lanAddress && Prefix{h.lanAddress->network(), h.lanAddress->len}.contains(other.lanAddress->addr))
                putRoute(hn, makeRoute(*other.block, other.lanAddress->addr, h.lanDev));
        }
    }
}

bool anyOtherGuestIn(const Wiring &w, const WiredGuest &me, const Prefix &net)
{
    for (const WiredHost &h : w.hosts)
        for (const WiredGuest &g : h.guests)
            if (g.node != me.node && net.contains(g.address.addr))
                return true;
    return false;
}

} // namespace

std::optional<Topology> generateHostGateway(const Topology &t, std::string *error, std::vector<std::string> *notes)
{
    const Wiring w = analyzeWiring(t);
    if (notes)
        *notes = w.notes;
    bool any = false;
    Topology out = t;
    for (const WiredHost &h : w.hosts) {
        if (h.guests.empty())
            continue;
        if (!h.lanAddress) {
            if (notes)
                notes->push_back(out.node(h.node)->name + ": no LAN address to route through; its namespaces are left as they are");
            continue;
        }
        any = true;
        const Ipv4 hostAddr = h.lanAddress->addr;
        const Prefix lan{h.lanAddress->network(), h.lanAddress->len};
        Node &hn = *out.node(h.node);
        for (const WiredGuest &g : h.guests) {
            putRoute(hn, makeRoute({g.address.addr, 32}, std::nullopt, g.hostDev));
            Node &gn = *out.node(g.node);
            gn.routes.clear();
            const Prefix subnet{g.address.network(), g.address.len};
            removeDeletedKernelRoute(gn, g.address);
            // First the host itself on link, then everything through it (seed-scenario step 3).
            gn.routes.push_back(makeRoute({hostAddr, 32}, std::nullopt, g.dev));
            gn.routes.push_back(makeRoute(lan, hostAddr, g.dev));
            gn.routes.push_back(makeRoute({Ipv4{0}, 0}, hostAddr, g.dev));
            // Neighbours in the same subnet elsewhere: the connected route would ARP for them
            // directly and nobody would answer (step 5), so the subnet goes through the host too.
            if (g.address.len < 32 && anyOtherGuestIn(w, g, subnet)) {
                gn.deletedKernelRoutes.push_back(g.address);
                gn.routes.push_back(makeRoute(subnet, hostAddr, g.dev));
            }
        }
    }
    if (!any) {
        if (error)
            *error = "host gateway: no host with namespaces and a LAN address";
        return std::nullopt;
    }
    wireHosts(out, w);
    return out;
}

std::optional<Topology> generateCalicoRoutes(const Topology &t, std::string *error, std::vector<std::string> *notes)
{
    const Wiring w = analyzeWiring(t);
    if (notes)
        *notes = w.notes;
    bool any = false;
    Topology out = t;
    for (const WiredHost &h : w.hosts) {
        if (h.guests.empty())
            continue;
        any = true;
        Node &hn = *out.node(h.node);
        for (const WiredGuest &g : h.guests) {
            Node &gn = *out.node(g.node);
            gn.routes.clear();
            removeDeletedKernelRoute(gn, g.address);
            if (g.address.len < 32)
                gn.deletedKernelRoutes.push_back(g.address); // the pod's table is just the two routes
            gn.routes.push_back(makeRoute({kCalicoGateway, 32}, std::nullopt, g.dev, ops::Scope::Link));
            gn.routes.push_back(makeRoute({Ipv4{0}, 0}, kCalicoGateway, g.dev));
            for (auto &i : hn.interfaces)
                if (i.name == g.hostDev) {
                    i.sysctls["proxy_arp"] = 1;
                    i.sysctls["proxy_delay"] = 0;
                }
            putRoute(hn, makeRoute({g.address.addr, 32}, std::nullopt, g.hostDev, ops::Scope::Link));
        }
        // Proxy ARP answers only for an address the host can route (out another device).
        if (!routeCovers(hn, kCalicoGateway)) {
            if (!h.lanDev.empty()) {
                putRoute(hn, makeRoute({kCalicoGateway, 32}, std::nullopt, h.lanDev, ops::Scope::Link));
                if (notes)
                    notes->push_back(hn.name + " has no route covering 169.254.1.1 (no default route): added one on "
                                     + h.lanDev + " so that proxy ARP answers");
            } else if (notes) {
                notes->push_back(hn.name + " has no route covering 169.254.1.1 and no LAN: proxy ARP will not answer");
            }
        }
    }
    if (!any) {
        if (error)
            *error = "calico: no host with namespaces";
        return std::nullopt;
    }
    wireHosts(out, w);
    return out;
}

} // namespace nslab::model::routing
