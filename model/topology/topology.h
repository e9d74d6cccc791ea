#pragma once
// A drawing: the desired state of every node's network stack plus its presentation. Plain values
// with strong ids; the Document (document.h) is the only thing that changes a Topology in the app.
//
// Every node is one network namespace when applied (hosts too; a LAN is a bridge in its own
// namespace). Node names are the designed namespace names.
#include "net/ipv4.h"
#include "ops/ops.h"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nslab::model {

struct NodeId {
    std::uint32_t v = 0;
    constexpr auto operator<=>(const NodeId &) const = default;
    constexpr bool valid() const { return v != 0; }
};
struct LinkId {
    std::uint32_t v = 0;
    constexpr auto operator<=>(const LinkId &) const = default;
    constexpr bool valid() const { return v != 0; }
};

enum class NodeKind : std::uint8_t { Host, Netns, Lan, Router };

struct AddressSpec {
    net::Prefix local;                 // "10.0.0.1/24"
    std::optional<net::Prefix> peer;
    std::optional<ops::Scope> scope;
    bool noprefixroute = false;
    std::optional<net::Ipv4> broadcast = std::nullopt; // `brd X`: a local-table broadcast route for X
    auto operator<=>(const AddressSpec &) const = default;
};

enum class InterfaceKind : std::uint8_t { Veth, Bridge, Dummy };

struct InterfaceSpec {
    std::string name;
    InterfaceKind kind = InterfaceKind::Veth;
    bool up = true;
    std::vector<AddressSpec> addresses;
    int mtu = 0;                       // 0: kernel default
    std::optional<net::Mac> mac;
    std::string master;                // bridge (in the same node) this port is enslaved to
    // Per-device sysctls by option name: "proxy_arp" -> 1, "rp_filter" -> 2, "proxy_delay" -> 0.
    std::map<std::string, int> sysctls;
};

// One route as the user wants it in the table (a RouteOp without command and namespace).
struct RouteSpec {
    std::optional<ops::RouteType> type;
    net::Prefix dst;
    std::uint8_t tos = 0;
    std::optional<net::Ipv4> via;
    std::optional<std::string> dev;
    std::optional<net::Ipv4> src;
    std::optional<std::uint32_t> metric;
    std::optional<ops::Scope> scope;
    std::optional<std::uint8_t> proto;
    std::optional<std::uint32_t> table;
    bool onlink = false;
};

struct NeighSpec {
    net::Ipv4 addr;
    std::string dev;
    bool proxy = true;                 // `ip neigh add proxy`; false: permanent entry with lladdr
    std::optional<net::Mac> lladdr;
};

struct Node {
    NodeId id;
    std::string name;
    NodeKind kind = NodeKind::Netns;
    NodeId host;                       // for a namespace: the host it lives on (invalid: none)
    double x = 0, y = 0;               // canvas position (scene coordinates, node centre)
    bool loUp = true;
    std::vector<AddressSpec> loAddresses; // beyond 127.0.0.1/8
    std::vector<InterfaceSpec> interfaces;
    std::vector<RouteSpec> routes;     // user routes, in the order they are added
    // Kernel-made prefix routes the user deleted afterwards (e.g. the lesson's step 5), by the
    // address that made them ("10.10.0.2/24").
    std::vector<net::Prefix> deletedKernelRoutes;
    // Any other kernel-made route the user deleted (a local-table broadcast/local route, or a
    // prefix route that must be re-added elsewhere in its key's order), as the full route. The
    // planner deletes each right before a user route takes its key, else after the user routes.
    std::vector<RouteSpec> deletedRoutes;
    // Namespace-wide sysctls by full key, in the order they are written:
    // "net.ipv4.ip_forward" = 1, "net.ipv4.conf.all.rp_filter" = 2, "net.ipv4.conf.default.proxy_arp" = 1
    std::vector<std::pair<std::string, int>> sysctls;
    std::vector<NeighSpec> neighbours;
    std::string note;                  // free text shown on the canvas / in the lesson
};

struct LinkEnd {
    NodeId node;
    std::string iface;
    auto operator<=>(const LinkEnd &) const = default;
};

// A veth pair between two nodes (or two interfaces of one node).
struct Link {
    LinkId id;
    LinkEnd a;
    LinkEnd b;
};

struct Topology {
    std::string title;
    std::string description;
    std::vector<Node> nodes;
    std::vector<Link> links;

    const Node *node(NodeId id) const;
    Node *node(NodeId id);
    const Node *nodeByName(std::string_view name) const;
    const Link *link(LinkId id) const;
    Link *link(LinkId id);
    NodeId nextNodeId() const;         // one past the largest id in use
    LinkId nextLinkId() const;
};

std::string_view nodeKindName(NodeKind kind);              // "host", "netns", "lan", "router"
std::optional<NodeKind> nodeKindFromName(std::string_view name);

} // namespace nslab::model
