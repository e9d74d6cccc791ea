#pragma once
// Route generators that wire an EXISTING drawing (hosts, the namespaces living on them, the veth
// between each namespace and its host, the hosts' LAN), as opposed to calico.h which builds a lab
// from nothing. Each returns the new topology; the app turns the difference into one undo step.
//
// - host gateway: the lesson's final solution (seed-scenario.md steps 3–5): every namespace
//   reaches its host's LAN address on link and routes the LAN and everything else through it;
//   hosts get a /32 per namespace, the other hosts' namespace blocks via their LAN address, and
//   forwarding.
// - Calico: pods get `169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0`
//   (their connected route goes); the host side has proxy_arp=1, proxy_delay=0, a /32 per pod,
//   the other hosts' pod blocks via their LAN address, forwarding, and a route that covers
//   169.254.1.1 (without one proxy ARP stays silent).
#include "topology/topology.h"

#include <optional>
#include <string>
#include <vector>

namespace nslab::model::routing {

struct WiredGuest {
    NodeId node;
    std::string dev;        // in the namespace
    std::string hostDev;    // its peer on the host
    net::Prefix address;    // the namespace's first address on `dev`
};

struct WiredHost {
    NodeId node;
    std::string lanDev;                 // "" when the host is on no LAN
    std::optional<net::Prefix> lanAddress;
    std::vector<WiredGuest> guests;
    std::optional<net::Prefix> block;   // what the other hosts route here (covers every guest)
};

struct Wiring {
    std::vector<WiredHost> hosts;
    std::vector<std::string> notes;     // what was skipped and why (shown in the preview)
};

// Finds the hosts (nodes that have guests, or kind Host), their guests' veths and addresses,
// and each host's LAN address.
Wiring analyzeWiring(const Topology &t);

std::optional<Topology> generateHostGateway(const Topology &t, std::string *error = nullptr,
                                            std::vector<std::string> *notes = nullptr);
std::optional<Topology> generateCalicoRoutes(const Topology &t, std::string *error = nullptr,
                                             std::vector<std::string> *notes = nullptr);

// Helpers shared with bridge.h.
RouteSpec makeRoute(net::Prefix dst, std::optional<net::Ipv4> via, const std::string &dev,
                    std::optional<ops::Scope> scope = std::nullopt);
void setSysctl(Node &n, const std::string &key, int value);
// Replaces the route with the same destination (and table), or appends it.
void putRoute(Node &n, const RouteSpec &r);

} // namespace nslab::model::routing
