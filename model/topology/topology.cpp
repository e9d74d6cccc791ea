#include "topology/topology.h"

#include <algorithm>

namespace nslab::model {

namespace {
template <typename Vec, typename Id>
auto findById(Vec &items, Id id) -> decltype(&items.front())
{
    const auto it = std::find_if(items.begin(), items.end(), [id](const auto &item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

const Node *Topology::node(NodeId id) const { return findById(nodes, id); }
Node *Topology::node(NodeId id) { return findById(nodes, id); }
const Link *Topology::link(LinkId id) const { return findById(links, id); }
Link *Topology::link(LinkId id) { return findById(links, id); }

const Node *Topology::nodeByName(std::string_view name) const
{
    const auto it = std::find_if(nodes.begin(), nodes.end(), [name](const Node &n) { return n.name == name; });
    return it == nodes.end() ? nullptr : &*it;
}

NodeId Topology::nextNodeId() const
{
    std::uint32_t max = 0;
    for (const auto &n : nodes)
        max = std::max(max, n.id.v);
    return NodeId{max + 1};
}

LinkId Topology::nextLinkId() const
{
    std::uint32_t max = 0;
    for (const auto &l : links)
        max = std::max(max, l.id.v);
    return LinkId{max + 1};
}

std::string_view nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Host: return "host";
    case NodeKind::Netns: return "netns";
    case NodeKind::Lan: return "lan";
    case NodeKind::Router: return "router";
    }
    return "netns";
}

std::optional<NodeKind> nodeKindFromName(std::string_view name)
{
    for (auto k : {NodeKind::Host, NodeKind::Netns, NodeKind::Lan, NodeKind::Router})
        if (nodeKindName(k) == name)
            return k;
    return std::nullopt;
}

} // namespace nslab::model
