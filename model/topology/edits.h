#pragma once
// Edits: the only way a Topology changes in the app. Each edit is a plain value; applying it
// returns its inverse (another edit), so undo/redo is "apply what the last apply returned".
// The app wraps edits in one QUndoCommand adapter (Qt 6 keeps QUndoCommand in QtGui, and the
// model links QtCore only).
//
// Builders below turn a user gesture (place, connect, delete, paste) into one edit — usually a
// Compound — so that every gesture is exactly one undo step.
#include "topology/topology.h"

#include <cstddef>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace nslab::model {

struct Edit;

namespace edit {

constexpr std::size_t kAppend = std::numeric_limits<std::size_t>::max();

struct AddNode { Node node; std::size_t index = kAppend; };          // node.id must be unused
struct RemoveNode { NodeId id; };                                      // refused while links/guests remain
struct NodePosition { NodeId id; double x = 0, y = 0; };
struct MoveNodes { std::vector<NodePosition> positions; };
struct RenameNode { NodeId id; std::string name; };
struct SetNodeKind { NodeId id; NodeKind kind = NodeKind::Netns; };
struct SetNodeHost { NodeId id; NodeId host; };                       // invalid host: none
struct SetNodeNote { NodeId id; std::string note; };
struct SetLoopback { NodeId id; bool up = true; std::vector<AddressSpec> addresses; };

struct AddLink { Link link; std::size_t index = kAppend; };
struct RemoveLink { LinkId id; };

struct AddInterface { NodeId node; InterfaceSpec iface; std::size_t index = kAppend; };
struct RemoveInterface { NodeId node; std::string name; };
// Renames the device and every reference to it in its node (links, masters, routes,
// neighbours, conf.DEV sysctls), so that the inverse is the opposite rename.
struct RenameInterface { NodeId node; std::string from; std::string to; };
// Replaces everything but the name (up, mtu, mac, addresses, master, sysctls, kind).
struct SetInterface { NodeId node; std::string name; InterfaceSpec spec; };
// One per-device sysctl ("proxy_arp"); nullopt removes it (back to the inherited value).
struct SetInterfaceSysctl { NodeId node; std::string iface; std::string option; std::optional<int> value; };

struct AddAddress { NodeId node; std::string iface; AddressSpec address; std::size_t index = kAppend; };
struct RemoveAddress { NodeId node; std::string iface; std::size_t index = 0; };

struct AddRoute { NodeId node; RouteSpec route; std::size_t index = kAppend; };
struct RemoveRoute { NodeId node; std::size_t index = 0; };
struct SetRoute { NodeId node; std::size_t index = 0; RouteSpec route; };

// A namespace-wide sysctl by full key; nullopt removes it. `index` is where a new key goes
// (so that undoing a removal restores the order sysctls are written in).
struct SetSysctl { NodeId node; std::string key; std::optional<int> value; std::size_t index = kAppend; };

struct SetLabInfo { std::string title; std::string description; };

// Applied in order; its inverse is the children's inverses in reverse order. If one child fails
// the ones already applied are rolled back, so a compound is all or nothing.
struct Compound { std::vector<Edit> edits; };

} // namespace edit

struct Edit {
    using Kind = std::variant<edit::AddNode, edit::RemoveNode, edit::MoveNodes, edit::RenameNode,
                              edit::SetNodeKind, edit::SetNodeHost, edit::SetNodeNote, edit::SetLoopback,
                              edit::AddLink, edit::RemoveLink, edit::AddInterface, edit::RemoveInterface,
                              edit::RenameInterface, edit::SetInterface, edit::SetInterfaceSysctl,
                              edit::AddAddress, edit::RemoveAddress, edit::AddRoute, edit::RemoveRoute,
                              edit::SetRoute, edit::SetSysctl, edit::SetLabInfo, edit::Compound>;
    Kind kind;
    std::string text; // what the undo menu says ("Move 2 nodes"); inverses keep it

    Edit() = default;
    template <typename T>
    Edit(T k, std::string t = {}) : kind(std::move(k)), text(std::move(t)) {}
};

// What an edit touched, so that views update only that.
struct Changes {
    std::set<NodeId> nodesAdded, nodesRemoved, nodesChanged; // changed includes moved
    std::set<LinkId> linksAdded, linksRemoved, linksChanged;
    bool labChanged = false;
    bool empty() const;
};

// Applies `e` to `t`. Returns its inverse, or nullopt (t unchanged, `error` says why) when the
// edit does not fit the topology (unknown id, duplicate name, index out of range, ...).
std::optional<Edit> applyEdit(Topology &t, const Edit &e, Changes *changes = nullptr, std::string *error = nullptr);

// Structural equality of two drawings (every field, in order).
bool sameTopology(const Topology &a, const Topology &b);
bool sameNode(const Node &a, const Node &b);
bool sameRoute(const RouteSpec &a, const RouteSpec &b);

// ---- builders: one gesture → one edit ------------------------------------------------------

constexpr std::size_t kMaxIfName = 15; // IFNAMSIZ - 1

// "netns" → "netns1", "netns2", ... (the first free one); a free `base` is kept as it is.
std::string uniqueNodeName(const Topology &t, const std::string &base);
std::string uniqueInterfaceName(const Node &n, const std::string &base);
// Default base name for a new node of this kind ("host", "netns", "lan", "router").
std::string defaultNodeBaseName(NodeKind kind);

// A new node with the defaults of its kind: a LAN gets its bridge `br0`, a router and a host
// forward (net.ipv4.ip_forward=1).
Edit placeNodeEdit(const Topology &t, NodeKind kind, double x, double y, NodeId host = {},
                   const std::string &baseName = {});

enum class LinkNaming : std::uint8_t {
    Auto,  // eth0/caliN when a namespace called pod* meets its host, else veth1a/vetha1
    Veth,  // veth<me><peer> on each side: netns01 ↔ A gives veth1a (in netns01) and vetha1 (in A)
    Pod,   // eth0 in the namespace, caliN on the other side (Calico)
};

struct ConnectOptions {
    LinkNaming naming = LinkNaming::Auto;
    std::optional<net::Prefix> pool; // give both ends the next free addresses of this prefix
};

// A veth pair between `a` and `b` (a LAN end is enslaved to the LAN's bridge and gets no
// address). Names are unique in each namespace and at most 15 characters.
std::optional<Edit> connectEdit(const Topology &t, NodeId a, NodeId b, const ConnectOptions &options = {},
                                std::string *error = nullptr);

// Deletes nodes and links: every link touching a removed node goes too, a host takes its
// namespaces with it, and a removed link takes both of its veth ends.
Edit removeEdit(const Topology &t, const std::vector<NodeId> &nodes, const std::vector<LinkId> &links);

// The part of `t` made of `nodes` (a host brings its namespaces) and the links between them —
// what Copy puts on the clipboard.
Topology extractNodes(const Topology &t, const std::vector<NodeId> &nodes);
// Adds `clip` to `t` with fresh ids and names that do not collide, shifted by (dx, dy).
// `added` receives the new ids (to select them).
Edit pasteEdit(const Topology &t, const Topology &clip, double dx, double dy, std::vector<NodeId> *added = nullptr);

} // namespace nslab::model
