#include "routing/bridge.h"

#include "routing/hostgateway.h"
#include "topology/edits.h"

#include <algorithm>
#include <set>

namespace nslab::model::routing {

using net::Ipv4;
using net::Prefix;

std::optional<Topology> generateBridge(const Topology &t, std::string *error, std::vector<std::string> *notes)
{
    const Wiring w = analyzeWiring(t);
    if (notes)
        *notes = w.notes;
    Topology out = t;
    bool any = false;
    for (const WiredHost &h : w.hosts) {
        if (h.guests.empty())
            continue;
        Node &hn = *out.node(h.node);
        const Prefix subnet{h.guests.front().address.network(), h.guests.front().address.len};
        const bool oneSubnet = subnet.len < 31 && std::all_of(h.guests.begin(), h.guests.end(), [&](const WiredGuest &g) {
            return g.address.len == subnet.len && subnet.contains(g.address.addr);
        });
        if (!oneSubnet) {
            if (notes)
                notes->push_back(hn.name + ": its namespaces are not in one subnet (/30 or wider), no bridge made");
            continue;
        }
        any = true;
        // The gateway: the first address of the subnet no guest uses.
        std::set<std::uint32_t> used;
        for (const auto &g : h.guests)
            used.insert(g.address.addr.v);
        Ipv4 gw{subnet.addr.v + 1};
        while (used.count(gw.v) && gw.v < subnet.lastAddress().v - 1)
            ++gw.v;
        const std::string br = uniqueInterfaceName(hn, "br0");
        InterfaceSpec bridge;
        bridge.name = br;
        bridge.kind = InterfaceKind::Bridge;
        bridge.addresses.push_back({Prefix{gw, subnet.len}});
        // Host-side veths become bridge ports without addresses; their /32 routes are not needed.
        for (const WiredGuest &g : h.guests) {
            for (auto &i : hn.interfaces)
                if (i.name == g.hostDev) {
                    i.master = br;
                    i.addresses.clear();
                    i.sysctls.erase("proxy_arp");
                    i.sysctls.erase("proxy_delay");
                }
            hn.routes.erase(std::remove_if(hn.routes.begin(), hn.routes.end(),
                                           [&](const RouteSpec &r) { return r.dev && *r.dev == g.hostDev; }),
                            hn.routes.end());
            Node &gn = *out.node(g.node);
            gn.routes.clear();
            gn.deletedKernelRoutes.erase(std::remove(gn.deletedKernelRoutes.begin(), gn.deletedKernelRoutes.end(), g.address),
                                         gn.deletedKernelRoutes.end());
            gn.routes.push_back(makeRoute({Ipv4{0}, 0}, gw, g.dev));
        }
        hn.interfaces.push_back(std::move(bridge));
    }
    if (!any) {
        if (error)
            *error = "bridge: no host whose namespaces share a subnet";
        return std::nullopt;
    }
    // Other hosts reach this host's subnet via its LAN address.
    for (const WiredHost &h : w.hosts) {
        Node &hn = *out.node(h.node);
        if (!h.guests.empty())
            setSysctl(hn, "net.ipv4.ip_forward", 1);
        if (h.lanDev.empty() || !h.lanAddress)
            continue;
        for (const WiredHost &other : w.hosts)
            if (other.node != h.node && other.block && other.lanAddress
                && Prefix{h.lanAddress->network(), h.lanAddress->len}.contains(other.lanAddress->addr))
                putRoute(hn, makeRoute(*other.block, other.lanAddress->addr, h.lanDev));
    }
    return out;
}

} // namespace nslab::model::routing
