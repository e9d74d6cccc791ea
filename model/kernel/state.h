#pragma once
// The state of one emulated Linux network stack per namespace: devices, addresses, the FIB (local
// and main tables), neighbour/proxy entries and IPv4 sysctls. Plain data: the emulator
// (kernel.h) is the only code that changes it; the simulator and the capture read it.
#include "net/ipv4.h"
#include "ops/ops.h"

#include <array>
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::kernel {

using net::Ipv4;
using net::Mac;
using net::Prefix;
using model::ops::RouteType;
using model::ops::Scope;

// net.ipv4.conf.{all,default,DEV}.X options the emulator keeps (linux-semantics.md §0).
enum class DevOpt : std::uint8_t {
    Forwarding, RpFilter, ProxyArp, ProxyArpPvlan, ArpIgnore, ArpAnnounce, ArpFilter, ArpAccept,
    AcceptLocal, AcceptRedirects, SendRedirects, SecureRedirects, SharedMedia, PromoteSecondaries,
    IgnoreRoutesWithLinkdown, RouteLocalnet,
    Count
};
constexpr std::size_t kDevOptCount = std::size_t(DevOpt::Count);
// "forwarding", "rp_filter", ... ; nullopt for an unknown name.
std::optional<DevOpt> devOptFromName(std::string_view name);
std::string_view devOptName(DevOpt opt);

struct DevConf {
    std::array<int, kDevOptCount> value{};
    std::bitset<kDevOptCount> explicitlySet; // written through conf.DEV.X (survives default.X writes)
    int get(DevOpt o) const { return value[std::size_t(o)]; }
};

// Values of the initial namespace that every new namespace copies (devconf_inherit_init_net=0).
// Kernel defaults unless the user's machine says otherwise (e.g. all.rp_filter=2 on Ubuntu).
struct Profile {
    DevConf all;     // conf.all (forwarding here is ip_forward)
    DevConf dflt;    // conf.default
    static Profile kernelDefaults();
};

struct Address {
    Prefix local;                 // address + prefix length (host bits as configured)
    std::optional<Prefix> peer;   // `peer` address and its length
    std::optional<Ipv4> broadcast;
    Scope scope = Scope::Universe;
    bool secondary = false;
    bool noprefixroute = false;
    std::string label;            // ifa_label: the device name, "NAME:N" after a rename
};

enum class DevKind : std::uint8_t { Loopback, Veth, Bridge, Dummy };
// RFC 2863 operational state as the kernel stores it (IFLA_OPERSTATE); recomputed only on the
// events where the kernel's linkwatch runs, so it can be stale exactly like the real one.
enum class OperState : std::uint8_t { Unknown, Down, LowerLayerDown, Up };

struct Device {
    int ifindex = 0;              // unique inside its namespace
    std::string name;
    DevKind kind = DevKind::Veth;
    bool adminUp = false;
    bool carrier = false;         // veth: both ends up; bridge: on until it gets ports, then any
                                  // forwarding port (bridge up, port up with carrier); lo/dummy: on
    int mtu = 1500;
    Mac mac;
    DevConf conf;
    int proxyDelay = 80;          // net.ipv4.neigh.DEV.proxy_delay (centiseconds)
    std::vector<Address> addresses; // in the kernel's list order (what `ip addr` prints)
    // veth: where the other end is (namespace name + ifindex there)
    std::string peerNs;
    int peerIfindex = 0;
    int master = 0;               // ifindex of the bridge this port is enslaved to (same ns), 0 none
    OperState oper = OperState::Unknown;
    bool bridgeHadPorts = false;  // bridge: carrier follows its ports once it ever had one (§11)
    bool macSet = false;          // address given by the user (a bridge then keeps it)
    bool mtuSet = false;          // bridge: mtu given by the user (no auto-adjust to ports)
    bool everUp = false;          // the default qdisc (noqueue) stays attached after the first up

    bool hasIpv4() const { return !addresses.empty(); }
};

struct Route {
    std::uint32_t table = model::ops::kTableMain;
    Prefix dst;                   // network (no host bits)
    std::uint8_t tos = 0;
    std::uint32_t metric = 0;
    RouteType type = RouteType::Unicast;
    std::uint8_t proto = model::ops::kProtoBoot;
    Scope scope = Scope::Universe;
    std::optional<Ipv4> prefsrc;
    std::optional<Ipv4> gateway;
    int dev = 0;                  // ifindex, 0 for routes without a device
    bool onlink = false;
    // The nexthop's own scope: Link when the gateway is a neighbour, Host when the gateway is one
    // of the namespace's own addresses (then the route acts as a direct route, §3.6).
    Scope nhScope = Scope::Link;
};

struct NeighEntry { Ipv4 addr; Mac lladdr; int dev = 0; };     // nud permanent
struct ProxyEntry { Ipv4 addr; int dev = 0; };                  // ip neigh add proxy

struct Namespace {
    std::string name;
    std::vector<Device> devices;  // lo first, then creation / move-in order
    std::vector<Route> routes;    // local and main tables, each kept in `ip route show` order
    DevConf all;
    DevConf dflt;
    std::vector<NeighEntry> neighbours;
    std::vector<ProxyEntry> proxies;
    int nextIfindex = 2;
    bool named = true;            // created by `ip netns add` (the lazily created root is not)
    // A user added a `local` route (fib_has_custom_local_routes): source validation then always
    // does the full reverse lookup (§7.3).
    bool customLocalRoutes = false;
    // FIB tables the kernel has created (fib_new_table on the first insert, even a failed one;
    // creating local creates main too). Dumps and deletes in a missing table fail.
    std::vector<std::uint32_t> tables;
    bool hasTable(std::uint32_t id) const;

    const Device *device(std::string_view devName) const;
    const Device *deviceByIndex(int ifindex) const;
    Device *device(std::string_view devName);
    Device *deviceByIndex(int ifindex);

    // Effective value of a per-device option combined with conf.all the way the kernel does
    // (include/linux/inetdevice.h of 6.18: max / or / and per option, §0). Note: proxy_arp_pvlan
    // and ignore_routes_with_linkdown are all-OR-dev on this kernel; forwarding is device-only.
    int effective(const Device &dev, DevOpt opt) const;
    bool ipForward() const { return all.get(DevOpt::Forwarding) != 0; }
    // A route's nexthop device is down-with-carrier-lost: `linkdown` in `ip route show`.
    bool linkdown(const Route &r) const;
    // linkdown and the device has ignore_routes_with_linkdown: `dead linkdown`, skipped by lookups.
    bool dead(const Route &r) const;
};

} // namespace nslab::kernel
