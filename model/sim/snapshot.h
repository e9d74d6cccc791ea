#pragma once
// A compiled, read-only copy of the emulator state laid out for the packet walk: every device,
// address and route gets an integer id, every namespace a flattened longest-prefix-match table
// (sorted interval starts → winning route), so one lookup is a binary search over a few ints.
// Built once per Simulator; the walk never allocates.
#include "kernel/kernel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nslab::sim::detail {

using kernel::DevKind;
using kernel::RouteType;
using kernel::Scope;

struct CAddr {
    std::uint32_t local = 0;
    std::uint32_t match = 0;   // ifa_address: the peer if one was given, else the local address
    std::uint32_t mask = 0;    // of `match`
    Scope scope = Scope::Universe;
    bool secondary = false;
};

struct CDev {
    int ns = -1;               // namespace index
    int ifindex = 0;
    const kernel::Device *dev = nullptr;
    DevKind kind = DevKind::Veth;
    bool up = false;
    bool carrier = false;      // can frames leave it (veth: both ends up; bridge: up with a forwarding port)
    bool isPort = false;       // enslaved to a bridge: frames go to the bridge, not to this IP stack
    int peer = -1;             // veth peer (global id)
    int bridge = -1;           // master bridge (global id)
    int segment = -1;          // L2 segment id of this endpoint (-1: not an endpoint)
    // Effective sysctls (all/dev combined, §0).
    std::uint8_t forwarding = 0, rpFilter = 0, proxyArp = 0, proxyArpPvlan = 0, arpIgnore = 0,
                 arpAnnounce = 0, arpFilter = 0, acceptLocal = 0, sendRedirects = 0,
                 sharedMedia = 0, routeLocalnet = 0, ignoreLinkdown = 0;
    int proxyDelay = 0;        // centiseconds
    std::uint32_t addrBegin = 0, addrEnd = 0;
    bool hasAddr() const { return addrEnd > addrBegin; }
};

struct CRoute {
    RouteType type = RouteType::Unicast;
    Scope scope = Scope::Universe;
    int dev = -1;              // global device id, -1 for routes without a device
    std::uint32_t gw = 0;
    bool viaGateway = false;   // gateway with link scope: ARP the gateway, not the destination
    bool hasPrefsrc = false;
    std::uint32_t prefsrc = 0;
    std::uint32_t source = 0;  // source a locally generated packet takes (prefsrc or inet_select_addr), 0 none
    bool userLocal = false;    // a `local` route not made by the kernel (fib_has_custom_local_routes)
    const kernel::Route *orig = nullptr;
};

struct OwnAddr { std::uint32_t addr; int dev; };          // inet_lookup_ifaddr
struct PermNeigh { int dev; std::uint32_t addr; int target; }; // target: endpoint with the entry's MAC, -1 none
struct ProxyNeigh { int dev; std::uint32_t addr; };         // dev -1: any device

struct CNs {
    std::string name;
    const kernel::Namespace *ns = nullptr;
    int devBegin = 0, devEnd = 0;
    int lo = -1;
    std::uint32_t lpmBegin = 0, lpmEnd = 0;
    std::uint32_t ownBegin = 0, ownEnd = 0;
    std::uint32_t neighBegin = 0, neighEnd = 0;
    std::uint32_t proxyBegin = 0, proxyEnd = 0;
    bool customLocal = false;
    int equalDefaults = 0;     // number of default routes sharing the best metric (6.3)
};

class Snapshot {
public:
    explicit Snapshot(const kernel::Kernel &kernel);

    std::vector<CNs> nss;
    std::vector<CDev> devs;
    std::vector<CAddr> addrs;
    std::vector<CRoute> routes;
    std::vector<std::uint32_t> lpmStart; // per namespace [lpmBegin, lpmEnd): interval starts, ascending
    std::vector<std::int32_t> lpmRoute;  // route id for the interval, -1 no route
    std::vector<OwnAddr> own;            // per namespace, sorted by addr
    std::vector<PermNeigh> neighs;       // per namespace, sorted by (dev, addr)
    std::vector<ProxyNeigh> proxies;
    std::vector<std::vector<int>> segments; // endpoints of each L2 segment, in namespace/device order

    // One longest-prefix match over local+main (§6.1/6.2): route id or -1.
    int lookup(int ns, std::uint32_t dst) const
    {
        const std::uint32_t *b = lpmStart.data() + nss[ns].lpmBegin;
        const std::uint32_t *e = lpmStart.data() + nss[ns].lpmEnd;
        // Last interval whose start ≤ dst (the first one always starts at 0).
        std::size_t lo = 0, n = std::size_t(e - b);
        while (n > 1) {
            const std::size_t half = n / 2;
            if (b[lo + half] <= dst) {
                lo += half;
                n -= half;
            } else {
                n = half;
            }
        }
        return lpmRoute[nss[ns].lpmBegin + lo];
    }
    // inet_lookup_ifaddr: an address configured on some device of the namespace → that device, else -1.
    int ownAddress(int ns, std::uint32_t addr) const;
    // inet_select_addr(dev, compare, scope) (devinet.c), including the fallback over all devices.
    std::uint32_t selectAddr(int dev, std::uint32_t compare, Scope scope) const;
    // inet_addr_onlink(in_dev, a, b): one address of dev whose subnet holds a (and b unless 0).
    bool onlink(int dev, std::uint32_t a, std::uint32_t b) const;
    // inet_confirm_addr for arp_ignore 1/2/3: on `dev`, or on any device of `ns` when dev < 0.
    bool confirmAddr(int ns, int dev, std::uint32_t dst, std::uint32_t local, Scope scope) const;
    int permanentNeighbour(int ns, int dev, std::uint32_t addr, bool *found) const;
    bool proxyEntry(int ns, int dev, std::uint32_t addr) const;
    int nsIndex(std::string_view name) const;
    int devIndex(int ns, int ifindex) const;
    bool isLocalRoute(int route) const { return route >= 0 && routes[route].type == RouteType::Local; }

    const kernel::Kernel &kernel;

private:
    void buildLpm(int ns);
};

} // namespace nslab::sim::detail
