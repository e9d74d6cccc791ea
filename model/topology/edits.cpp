#include "topology/edits.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace nslab::model {

bool Changes::empty() const
{
    return nodesAdded.empty() && nodesRemoved.empty() && nodesChanged.empty() && linksAdded.empty()
        && linksRemoved.empty() && linksChanged.empty() && !labChanged;
}

// ---- equality ------------------------------------------------------------------------------

bool sameRoute(const RouteSpec &a, const RouteSpec &b)
{
    return std::tie(a.type, a.dst, a.tos, a.via, a.dev, a.src, a.metric, a.scope, a.proto, a.table, a.onlink)
        == std::tie(b.type, b.dst, b.tos, b.via, b.dev, b.src, b.metric, b.scope, b.proto, b.table, b.onlink);
}

namespace {

bool sameIface(const InterfaceSpec &a, const InterfaceSpec &b)
{
    return std::tie(a.name, a.kind, a.up, a.addresses, a.mtu, a.mac, a.master, a.sysctls)
        == std::tie(b.name, b.kind, b.up, b.addresses, b.mtu, b.mac, b.master, b.sysctls);
}

bool sameNeigh(const NeighSpec &a, const NeighSpec &b)
{
    return std::tie(a.addr, a.dev, a.proxy, a.lladdr) == std::tie(b.addr, b.dev, b.proxy, b.lladdr);
}

template <typename T, typename Eq>
bool sameVec(const std::vector<T> &a, const std::vector<T> &b, Eq eq)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), eq);
}

} // namespace

bool sameNode(const Node &a, const Node &b)
{
    return a.id == b.id && a.name == b.name && a.kind == b.kind && a.host == b.host && a.x == b.x && a.y == b.y
        && a.loUp == b.loUp && a.loAddresses == b.loAddresses && sameVec(a.interfaces, b.interfaces, sameIface)
        && sameVec(a.routes, b.routes, sameRoute) && a.deletedKernelRoutes == b.deletedKernelRoutes
        && sameVec(a.deletedRoutes, b.deletedRoutes, sameRoute)
        && a.sysctls == b.sysctls && sameVec(a.neighbours, b.neighbours, sameNeigh) && a.note == b.note;
}

bool sameTopology(const Topology &a, const Topology &b)
{
    const auto sameLink = [](const Link &x, const Link &y) { return x.id == y.id && x.a == y.a && x.b == y.b; };
    return a.title == b.title && a.description == b.description && sameVec(a.nodes, b.nodes, sameNode)
        && sameVec(a.links, b.links, sameLink);
}

// ---- apply ---------------------------------------------------------------------------------

namespace {

std::string quoted(const std::string &s) { return '"' + s + '"'; }

InterfaceSpec *findIface(Node &n, std::string_view name)
{
    const auto it = std::find_if(n.interfaces.begin(), n.interfaces.end(),
                                 [name](const InterfaceSpec &i) { return i.name == name; });
    return it == n.interfaces.end() ? nullptr : &*it;
}

const InterfaceSpec *findIface(const Node &n, std::string_view name)
{
    return findIface(const_cast<Node &>(n), name);
}

bool validIfName(const std::string &name)
{
    // The kernel's dev_valid_name(): 1..15 bytes, not "." or "..", no '/', ':' or whitespace.
    if (name.empty() || name.size() > kMaxIfName || name == "." || name == "..")
        return false;
    return std::none_of(name.begin(), name.end(), [](unsigned char c) { return c == '/' || c == ':' || std::isspace(c); });
}

bool validNodeName(const std::string &name)
{
    // A netns name is a file name under /run/netns.
    return !name.empty() && name.size() <= 255 && name != "." && name != ".." && name.find('/') == std::string::npos
        && std::none_of(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c) || c < 0x20; });
}

std::string deviceSysctlPrefix(const std::string &family, const std::string &dev)
{
    return "net.ipv4." + family + '.' + dev + '.';
}

struct Applier {
    Topology &t;
    Changes *changes;
    std::string *error;

    std::optional<Edit> fail(std::string message)
    {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    }
    void nodeChanged(NodeId id)
    {
        if (changes)
            changes->nodesChanged.insert(id);
    }

    Node *node(NodeId id, const char *what)
    {
        Node *n = t.node(id);
        if (!n && error)
            *error = std::string(what) + ": no node with id " + std::to_string(id.v);
        return n;
    }

    std::optional<Edit> operator()(const edit::AddNode &e)
    {
        if (!e.node.id.valid() || t.node(e.node.id))
            return fail("add node: id " + std::to_string(e.node.id.v) + " is invalid or in use");
        if (!validNodeName(e.node.name))
            return fail("add node: " + quoted(e.node.name) + " is not a valid namespace name");
        if (t.nodeByName(e.node.name))
            return fail("add node: there already is a node called " + quoted(e.node.name));
        if (e.node.host.valid() && !t.node(e.node.host))
            return fail("add node: its host does not exist");
        const std::size_t at = std::min(e.index, t.nodes.size());
        t.nodes.insert(t.nodes.begin() + std::ptrdiff_t(at), e.node);
        if (changes)
            changes->nodesAdded.insert(e.node.id);
        return Edit(edit::RemoveNode{e.node.id});
    }

    std::optional<Edit> operator()(const edit::RemoveNode &e)
    {
        const auto it = std::find_if(t.nodes.begin(), t.nodes.end(), [&](const Node &n) { return n.id == e.id; });
        if (it == t.nodes.end())
            return fail("remove node: no node with id " + std::to_string(e.id.v));
        for (const Link &l : t.links)
            if (l.a.node == e.id || l.b.node == e.id)
                return fail("remove node: " + quoted(it->name) + " still has links");
        for (const Node &n : t.nodes)
            if (n.host == e.id)
                return fail("remove node: " + quoted(it->name) + " still hosts " + quoted(n.name));
        edit::AddNode inverse{std::move(*it), std::size_t(it - t.nodes.begin())};
        t.nodes.erase(it);
        if (changes)
            changes->nodesRemoved.insert(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::MoveNodes &e)
    {
        edit::MoveNodes inverse;
        for (const auto &p : e.positions)
            if (!t.node(p.id))
                return fail("move: no node with id " + std::to_string(p.id.v));
        for (const auto &p : e.positions) {
            Node *n = t.node(p.id);
            inverse.positions.push_back({p.id, n->x, n->y});
            n->x = p.x;
            n->y = p.y;
            nodeChanged(p.id);
        }
        std::reverse(inverse.positions.begin(), inverse.positions.end());
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::RenameNode &e)
    {
        Node *n = node(e.id, "rename");
        if (!n)
            return std::nullopt;
        if (!validNodeName(e.name))
            return fail("rename: " + quoted(e.name) + " is not a valid namespace name");
        if (const Node *other = t.nodeByName(e.name); other && other != n)
            return fail("rename: there already is a node called " + quoted(e.name));
        edit::RenameNode inverse{e.id, n->name};
        n->name = e.name;
        nodeChanged(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetNodeKind &e)
    {
        Node *n = node(e.id, "set kind");
        if (!n)
            return std::nullopt;
        if (n->kind == NodeKind::Host && e.kind != NodeKind::Host)
            for (const Node &g : t.nodes)
                if (g.host == e.id)
                    return fail("set kind: " + quoted(n->name) + " still hosts " + quoted(g.name));
        edit::SetNodeKind inverse{e.id, n->kind};
        n->kind = e.kind;
        nodeChanged(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetNodeHost &e)
    {
        Node *n = node(e.id, "set host");
        if (!n)
            return std::nullopt;
        if (e.host.valid()) {
            const Node *h = t.node(e.host);
            if (!h || h->kind != NodeKind::Host || e.host == e.id)
                return fail("set host: " + quoted(n->name) + " can only live on a host");
            if (n->kind == NodeKind::Host)
                return fail("set host: a host cannot live on another host");
        }
        edit::SetNodeHost inverse{e.id, n->host};
        n->host = e.host;
        nodeChanged(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetNodeNote &e)
    {
        Node *n = node(e.id, "set note");
        if (!n)
            return std::nullopt;
        edit::SetNodeNote inverse{e.id, n->note};
        n->note = e.note;
        nodeChanged(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetLoopback &e)
    {
        Node *n = node(e.id, "set loopback");
        if (!n)
            return std::nullopt;
        edit::SetLoopback inverse{e.id, n->loUp, n->loAddresses};
        n->loUp = e.up;
        n->loAddresses = e.addresses;
        nodeChanged(e.id);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> checkEnd(const LinkEnd &end)
    {
        const Node *n = t.node(end.node);
        if (!n)
            return fail("add link: no node with id " + std::to_string(end.node.v));
        const InterfaceSpec *i = findIface(*n, end.iface);
        if (!i)
            return fail("add link: " + quoted(n->name) + " has no interface " + quoted(end.iface));
        if (i->kind != InterfaceKind::Veth)
            return fail("add link: " + quoted(end.iface) + " on " + quoted(n->name) + " is not a veth");
        for (const Link &l : t.links)
            if (l.a == end || l.b == end)
                return fail("add link: " + quoted(end.iface) + " on " + quoted(n->name) + " already has a peer");
        return Edit{};
    }

    std::optional<Edit> operator()(const edit::AddLink &e)
    {
        if (!e.link.id.valid() || t.link(e.link.id))
            return fail("add link: id " + std::to_string(e.link.id.v) + " is invalid or in use");
        if (e.link.a == e.link.b)
            return fail("add link: both ends are the same interface");
        if (!checkEnd(e.link.a) || !checkEnd(e.link.b))
            return std::nullopt;
        const std::size_t at = std::min(e.index, t.links.size());
        t.links.insert(t.links.begin() + std::ptrdiff_t(at), e.link);
        if (changes) {
            changes->linksAdded.insert(e.link.id);
            changes->nodesChanged.insert(e.link.a.node);
            changes->nodesChanged.insert(e.link.b.node);
        }
        return Edit(edit::RemoveLink{e.link.id});
    }

    std::optional<Edit> operator()(const edit::RemoveLink &e)
    {
        const auto it = std::find_if(t.links.begin(), t.links.end(), [&](const Link &l) { return l.id == e.id; });
        if (it == t.links.end())
            return fail("remove link: no link with id " + std::to_string(e.id.v));
        edit::AddLink inverse{*it, std::size_t(it - t.links.begin())};
        if (changes) {
            changes->linksRemoved.insert(e.id);
            changes->nodesChanged.insert(it->a.node);
            changes->nodesChanged.insert(it->b.node);
        }
        t.links.erase(it);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::AddInterface &e)
    {
        Node *n = node(e.node, "add interface");
        if (!n)
            return std::nullopt;
        if (!validIfName(e.iface.name))
            return fail("add interface: " + quoted(e.iface.name) + " is not a valid interface name");
        if (e.iface.name == "lo" || findIface(*n, e.iface.name))
            return fail("add interface: " + quoted(n->name) + " already has " + quoted(e.iface.name));
        const std::size_t at = std::min(e.index, n->interfaces.size());
        n->interfaces.insert(n->interfaces.begin() + std::ptrdiff_t(at), e.iface);
        nodeChanged(e.node);
        return Edit(edit::RemoveInterface{e.node, e.iface.name});
    }

    std::optional<Edit> operator()(const edit::RemoveInterface &e)
    {
        Node *n = node(e.node, "remove interface");
        if (!n)
            return std::nullopt;
        const auto it = std::find_if(n->interfaces.begin(), n->interfaces.end(),
                                     [&](const InterfaceSpec &i) { return i.name == e.name; });
        if (it == n->interfaces.end())
            return fail("remove interface: " + quoted(n->name) + " has no " + quoted(e.name));
        for (const Link &l : t.links)
            if ((l.a.node == e.node && l.a.iface == e.name) || (l.b.node == e.node && l.b.iface == e.name))
                return fail("remove interface: " + quoted(e.name) + " is an end of a link; remove the link");
        edit::AddInterface inverse{e.node, std::move(*it), std::size_t(it - n->interfaces.begin())};
        n->interfaces.erase(it);
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::RenameInterface &e)
    {
        Node *n = node(e.node, "rename interface");
        if (!n)
            return std::nullopt;
        InterfaceSpec *i = findIface(*n, e.from);
        if (!i)
            return fail("rename interface: " + quoted(n->name) + " has no " + quoted(e.from));
        if (e.from == e.to)
            return Edit(e);
        if (!validIfName(e.to))
            return fail("rename interface: " + quoted(e.to) + " is not a valid interface name (at most 15 characters, no '/', ':' or spaces)");
        if (e.to == "lo" || findIface(*n, e.to))
            return fail("rename interface: " + quoted(n->name) + " already has " + quoted(e.to));
        i->name = e.to;
        for (InterfaceSpec &other : n->interfaces)
            if (other.master == e.from)
                other.master = e.to;
        for (RouteSpec &r : n->routes)
            if (r.dev && *r.dev == e.from)
                r.dev = e.to;
        for (NeighSpec &nb : n->neighbours)
            if (nb.dev == e.from)
                nb.dev = e.to;
        for (auto &[key, value] : n->sysctls)
            for (const char *family : {"conf", "neigh"}) {
                const std::string prefix = deviceSysctlPrefix(family, e.from);
                if (key.rfind(prefix, 0) == 0)
                    key = deviceSysctlPrefix(family, e.to) + key.substr(prefix.size());
            }
        for (Link &l : t.links)
            for (LinkEnd *end : {&l.a, &l.b})
                if (end->node == e.node && end->iface == e.from) {
                    end->iface = e.to;
                    if (changes)
                        changes->linksChanged.insert(l.id);
                }
        nodeChanged(e.node);
        return Edit(edit::RenameInterface{e.node, e.to, e.from});
    }

    std::optional<Edit> operator()(const edit::SetInterface &e)
    {
        Node *n = node(e.node, "set interface");
        if (!n)
            return std::nullopt;
        InterfaceSpec *i = findIface(*n, e.name);
        if (!i)
            return fail("set interface: " + quoted(n->name) + " has no " + quoted(e.name));
        if (e.spec.mtu < 0 || e.spec.mtu > 65535)
            return fail("set interface: MTU " + std::to_string(e.spec.mtu) + " is out of range");
        if (!e.spec.master.empty()) {
            const InterfaceSpec *br = findIface(*n, e.spec.master);
            if (!br || br->kind != InterfaceKind::Bridge || e.spec.master == e.name)
                return fail("set interface: " + quoted(e.spec.master) + " is not a bridge on " + quoted(n->name));
        }
        InterfaceSpec old = *i;
        *i = e.spec;
        i->name = e.name;
        nodeChanged(e.node);
        return Edit(edit::SetInterface{e.node, e.name, std::move(old)});
    }

    std::optional<Edit> operator()(const edit::SetInterfaceSysctl &e)
    {
        Node *n = node(e.node, "set sysctl");
        if (!n)
            return std::nullopt;
        InterfaceSpec *i = findIface(*n, e.iface);
        if (!i)
            return fail("set sysctl: " + quoted(n->name) + " has no " + quoted(e.iface));
        edit::SetInterfaceSysctl inverse{e.node, e.iface, e.option, std::nullopt};
        if (const auto it = i->sysctls.find(e.option); it != i->sysctls.end())
            inverse.value = it->second;
        if (e.value)
            i->sysctls[e.option] = *e.value;
        else
            i->sysctls.erase(e.option);
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::vector<AddressSpec> *addresses(NodeId nodeId, const std::string &iface, const char *what)
    {
        Node *n = node(nodeId, what);
        if (!n)
            return nullptr;
        if (iface == "lo")
            return &n->loAddresses;
        InterfaceSpec *i = findIface(*n, iface);
        if (!i && error)
            *error = std::string(what) + ": " + quoted(n->name) + " has no " + quoted(iface);
        return i ? &i->addresses : nullptr;
    }

    std::optional<Edit> operator()(const edit::AddAddress &e)
    {
        auto *list = addresses(e.node, e.iface, "add address");
        if (!list)
            return std::nullopt;
        for (const AddressSpec &a : *list)
            if (a.local.addr == e.address.local.addr && a.local.len == e.address.local.len)
                return fail("add address: " + e.iface + " already has " + e.address.local.toString());
        const std::size_t at = std::min(e.index, list->size());
        list->insert(list->begin() + std::ptrdiff_t(at), e.address);
        nodeChanged(e.node);
        return Edit(edit::RemoveAddress{e.node, e.iface, at});
    }

    std::optional<Edit> operator()(const edit::RemoveAddress &e)
    {
        auto *list = addresses(e.node, e.iface, "remove address");
        if (!list)
            return std::nullopt;
        if (e.index >= list->size())
            return fail("remove address: " + e.iface + " has no address #" + std::to_string(e.index + 1));
        edit::AddAddress inverse{e.node, e.iface, (*list)[e.index], e.index};
        list->erase(list->begin() + std::ptrdiff_t(e.index));
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::AddRoute &e)
    {
        Node *n = node(e.node, "add route");
        if (!n)
            return std::nullopt;
        const std::size_t at = std::min(e.index, n->routes.size());
        n->routes.insert(n->routes.begin() + std::ptrdiff_t(at), e.route);
        nodeChanged(e.node);
        return Edit(edit::RemoveRoute{e.node, at});
    }

    std::optional<Edit> operator()(const edit::RemoveRoute &e)
    {
        Node *n = node(e.node, "remove route");
        if (!n)
            return std::nullopt;
        if (e.index >= n->routes.size())
            return fail("remove route: " + quoted(n->name) + " has no route #" + std::to_string(e.index + 1));
        edit::AddRoute inverse{e.node, n->routes[e.index], e.index};
        n->routes.erase(n->routes.begin() + std::ptrdiff_t(e.index));
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetRoute &e)
    {
        Node *n = node(e.node, "edit route");
        if (!n)
            return std::nullopt;
        if (e.index >= n->routes.size())
            return fail("edit route: " + quoted(n->name) + " has no route #" + std::to_string(e.index + 1));
        edit::SetRoute inverse{e.node, e.index, n->routes[e.index]};
        n->routes[e.index] = e.route;
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetSysctl &e)
    {
        Node *n = node(e.node, "set sysctl");
        if (!n)
            return std::nullopt;
        if (e.key.empty())
            return fail("set sysctl: empty key");
        auto &list = n->sysctls;
        const auto it = std::find_if(list.begin(), list.end(), [&](const auto &kv) { return kv.first == e.key; });
        edit::SetSysctl inverse{e.node, e.key, std::nullopt, edit::kAppend};
        if (it != list.end()) {
            inverse.value = it->second;
            inverse.index = std::size_t(it - list.begin());
            if (e.value)
                it->second = *e.value;
            else
                list.erase(it);
        } else if (e.value) {
            const std::size_t at = std::min(e.index, list.size());
            list.insert(list.begin() + std::ptrdiff_t(at), {e.key, *e.value});
        }
        nodeChanged(e.node);
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::SetLabInfo &e)
    {
        edit::SetLabInfo inverse{t.title, t.description};
        t.title = e.title;
        t.description = e.description;
        if (changes)
            changes->labChanged = true;
        return Edit(std::move(inverse));
    }

    std::optional<Edit> operator()(const edit::Compound &e)
    {
        edit::Compound inverse;
        inverse.edits.reserve(e.edits.size());
        for (const Edit &child : e.edits) {
            auto inv = applyEdit(t, child, changes, error);
            if (!inv) {
                // All or nothing: undo what this compound already did.
                for (auto it = inverse.edits.rbegin(); it != inverse.edits.rend(); ++it)
                    applyEdit(t, *it, changes, nullptr);
                return std::nullopt;
            }
            inverse.edits.push_back(std::move(*inv));
        }
        std::reverse(inverse.edits.begin(), inverse.edits.end());
        return Edit(std::move(inverse));
    }
};

} // namespace

std::optional<Edit> applyEdit(Topology &t, const Edit &e, Changes *changes, std::string *error)
{
    Applier applier{t, changes, error};
    auto inverse = std::visit(applier, e.kind);
    if (inverse)
        inverse->text = e.text;
    return inverse;
}

// ---- builders ------------------------------------------------------------------------------

namespace {

// "netns01" → ("netns", 1, 2 digits); "A" → ("A", none).
std::pair<std::string, std::optional<unsigned long>> splitNumber(const std::string &name)
{
    std::size_t i = name.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(name[i - 1])))
        --i;
    if (i == name.size() || name.size() - i > 9)
        return {name, std::nullopt};
    return {name.substr(0, i), std::stoul(name.substr(i))};
}

template <typename Taken>
std::string uniqueName(const std::string &base, std::size_t maxLen, Taken taken)
{
    if (!base.empty() && !taken(base))
        return base;
    const std::string start = base.empty() ? std::string("n") : base;
    auto [stem, number] = splitNumber(start);
    const std::size_t width = number ? start.size() - stem.size() : 1; // netns01 → netns02
    for (unsigned long k = number ? *number + 1 : 1; k < 100000; ++k) {
        std::string suffix = std::to_string(k);
        if (suffix.size() < width)
            suffix.insert(0, width - suffix.size(), '0');
        std::string candidate = stem.substr(0, std::min(stem.size(), maxLen - suffix.size())) + suffix;
        if (!taken(candidate))
            return candidate;
    }
    return base; // unreachable in practice: 100000 names taken
}

// The short token a node contributes to veth names: its number ("netns01" → "1") or its first
// letter in lower case ("A" → "a", "router" → "r").
std::string nameToken(const Node &n)
{
    const auto [stem, number] = splitNumber(n.name);
    // Namespaces are known by their number (netns01 → "1"); other numbered nodes keep their
    // initial so that router1 and netns01 do not both say "1" (router1 → "r1").
    if (number) {
        const bool plain = stem.empty() || stem == "netns" || stem == "ns" || stem == "pod";
        if (plain || !std::isalpha(static_cast<unsigned char>(stem[0])))
            return std::to_string(*number);
        return std::string(1, char(std::tolower(static_cast<unsigned char>(stem[0])))) + std::to_string(*number);
    }
    for (char c : n.name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            return std::string(1, char(std::tolower(static_cast<unsigned char>(c))));
    return "x";
}

bool isPodName(const std::string &name)
{
    return name.size() >= 3 && std::tolower(static_cast<unsigned char>(name[0])) == 'p'
        && std::tolower(static_cast<unsigned char>(name[1])) == 'o' && std::tolower(static_cast<unsigned char>(name[2])) == 'd';
}

const InterfaceSpec *bridgeOf(const Node &lan)
{
    for (const InterfaceSpec &i : lan.interfaces)
        if (i.kind == InterfaceKind::Bridge)
            return &i;
    return nullptr;
}

std::set<std::uint32_t> usedAddresses(const Topology &t)
{
    std::set<std::uint32_t> used;
    for (const Node &n : t.nodes) {
        for (const InterfaceSpec &i : n.interfaces)
            for (const AddressSpec &a : i.addresses)
                used.insert(a.local.addr.v);
        for (const AddressSpec &a : n.loAddresses)
            used.insert(a.local.addr.v);
    }
    return used;
}

} // namespace

std::string uniqueNodeName(const Topology &t, const std::string &base)
{
    if (base.size() == 1 && base[0] >= 'A' && base[0] <= 'Z' && t.nodeByName(base))
        for (char c = char(base[0] + 1); c <= 'Z'; ++c) // host A's copy is B
            if (!t.nodeByName(std::string(1, c)))
                return std::string(1, c);
    return uniqueName(base, 255, [&](const std::string &s) { return t.nodeByName(s) != nullptr; });
}

std::string uniqueInterfaceName(const Node &n, const std::string &base)
{
    return uniqueName(base.substr(0, kMaxIfName), kMaxIfName,
                      [&](const std::string &s) { return s == "lo" || findIface(n, s) != nullptr; });
}

std::string defaultNodeBaseName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Host: return "host1";
    case NodeKind::Netns: return "netns01";
    case NodeKind::Lan: return "lan1";
    case NodeKind::Router: return "router1";
    }
    return "netns01";
}

Edit placeNodeEdit(const Topology &t, NodeKind kind, double x, double y, NodeId host, const std::string &baseName)
{
    Node n;
    n.id = t.nextNodeId();
    n.kind = kind;
    std::string base = baseName.empty() ? defaultNodeBaseName(kind) : baseName;
    if (baseName.empty() && kind == NodeKind::Host) {
        // Hosts are called A, B, C... as in the lesson; host1... once the alphabet is used up.
        for (char c = 'A'; c <= 'Z'; ++c)
            if (!t.nodeByName(std::string(1, c))) {
                base = std::string(1, c);
                break;
            }
    }
    n.name = uniqueNodeName(t, base);
    n.x = x;
    n.y = y;
    if (kind == NodeKind::Netns && host.valid())
        if (const Node *h = t.node(host); h && h->kind == NodeKind::Host)
            n.host = host;
    if (kind == NodeKind::Lan) {
        InterfaceSpec br;
        br.name = "br0";
        br.kind = InterfaceKind::Bridge;
        n.interfaces.push_back(std::move(br));
    }
    if (kind == NodeKind::Host || kind == NodeKind::Router)
        n.sysctls.emplace_back("net.ipv4.ip_forward", 1);
    std::string text = "Add " + n.name;
    return Edit(edit::AddNode{std::move(n)}, std::move(text));
}

std::optional<Edit> connectEdit(const Topology &t, NodeId aId, NodeId bId, const ConnectOptions &options,
                                std::string *error)
{
    const Node *a = t.node(aId);
    const Node *b = t.node(bId);
    if (!a || !b) {
        if (error)
            *error = "connect: unknown node";
        return std::nullopt;
    }
    if (a->kind == NodeKind::Lan && b->kind == NodeKind::Lan) {
        if (error)
            *error = "Two LANs cannot be joined directly: put a host or a router between them.";
        return std::nullopt;
    }
    // Keep a LAN on the b side so that only one case below has to think about bridges.
    if (a->kind == NodeKind::Lan)
        std::swap(a, b);

    InterfaceSpec endA, endB;
    endA.kind = endB.kind = InterfaceKind::Veth;
    const bool selfLink = a->id == b->id;

    if (b->kind == NodeKind::Lan) {
        const InterfaceSpec *br = bridgeOf(*b);
        endA.name = uniqueInterfaceName(*a, "eth0");
        endB.name = uniqueInterfaceName(*b, "veth" + nameToken(*b) + nameToken(*a));
        endB.master = br ? br->name : std::string();
    } else {
        LinkNaming naming = options.naming;
        const Node *pod = nullptr, *other = nullptr;
        if (a->kind == NodeKind::Netns && a->host == b->id) {
            pod = a;
            other = b;
        } else if (b->kind == NodeKind::Netns && b->host == a->id) {
            pod = b;
            other = a;
        } else if (a->kind == NodeKind::Netns && b->kind != NodeKind::Netns) {
            pod = a;
            other = b;
        } else if (b->kind == NodeKind::Netns && a->kind != NodeKind::Netns) {
            pod = b;
            other = a;
        }
        if (naming == LinkNaming::Auto)
            naming = pod && isPodName(pod->name) ? LinkNaming::Pod : LinkNaming::Veth;
        if (naming == LinkNaming::Pod && pod && !selfLink) {
            InterfaceSpec &podEnd = pod == a ? endA : endB;
            InterfaceSpec &hostEnd = pod == a ? endB : endA;
            podEnd.name = uniqueInterfaceName(*pod, "eth0");
            hostEnd.name = uniqueInterfaceName(*other, "cali1");
        } else {
            endA.name = uniqueInterfaceName(*a, "veth" + nameToken(*a) + nameToken(*b));
            Node bNames = *b; // for a self link, endB must also avoid endA's new name
            if (selfLink)
                bNames.interfaces.push_back(endA);
            endB.name = uniqueInterfaceName(bNames, "veth" + nameToken(*b) + nameToken(*a));
        }
    }

    if (options.pool) {
        const net::Prefix pool = *options.pool;
        const auto used = usedAddresses(t);
        std::vector<net::Ipv4> picked;
        const std::uint32_t first = pool.network().v + (pool.len < 31 ? 1 : 0);
        const std::uint32_t last = pool.lastAddress().v - (pool.len < 31 ? 1 : 0);
        const std::size_t want = b->kind == NodeKind::Lan ? 1 : 2;
        for (std::uint64_t v = first; v <= last && picked.size() < want; ++v)
            if (!used.count(std::uint32_t(v)))
                picked.push_back(net::Ipv4{std::uint32_t(v)});
        if (picked.size() < want) {
            if (error)
                *error = "The address pool " + pool.toString() + " is used up.";
            return std::nullopt;
        }
        endA.addresses.push_back(AddressSpec{net::Prefix{picked[0], pool.len}, {}, {}, false});
        if (want == 2)
            endB.addresses.push_back(AddressSpec{net::Prefix{picked[1], pool.len}, {}, {}, false});
    }

    edit::Compound c;
    c.edits.emplace_back(edit::AddInterface{a->id, endA});
    c.edits.emplace_back(edit::AddInterface{b->id, endB});
    Link link{t.nextLinkId(), LinkEnd{a->id, endA.name}, LinkEnd{b->id, endB.name}};
    c.edits.emplace_back(edit::AddLink{link});
    return Edit(std::move(c), "Connect " + a->name + " and " + b->name);
}

Edit removeEdit(const Topology &t, const std::vector<NodeId> &nodes, const std::vector<LinkId> &links)
{
    std::set<NodeId> doomedNodes(nodes.begin(), nodes.end());
    for (const Node &n : t.nodes) // a host takes its namespaces with it
        if (n.host.valid() && doomedNodes.count(n.host))
            doomedNodes.insert(n.id);
    std::set<LinkId> doomedLinks(links.begin(), links.end());
    for (const Link &l : t.links)
        if (doomedNodes.count(l.a.node) || doomedNodes.count(l.b.node))
            doomedLinks.insert(l.id);

    edit::Compound c;
    for (const Link &l : t.links) {
        if (!doomedLinks.count(l.id))
            continue;
        c.edits.emplace_back(edit::RemoveLink{l.id});
        // The veth pair goes as a whole; ends on doomed nodes leave with their node.
        for (const LinkEnd *end : {&l.a, &l.b})
            if (!doomedNodes.count(end->node))
                c.edits.emplace_back(edit::RemoveInterface{end->node, end->iface});
    }
    // Guests before their host (RemoveNode refuses a host that still has guests).
    for (int pass = 0; pass < 2; ++pass)
        for (const Node &n : t.nodes)
            if (doomedNodes.count(n.id) && (n.kind == NodeKind::Host) == (pass == 1))
                c.edits.emplace_back(edit::RemoveNode{n.id});

    std::string text;
    if (doomedNodes.size() == 1 && doomedLinks.empty())
        text = "Delete " + t.node(*doomedNodes.begin())->name;
    else if (doomedNodes.empty())
        text = doomedLinks.size() == 1 ? "Delete link" : "Delete " + std::to_string(doomedLinks.size()) + " links";
    else
        text = "Delete " + std::to_string(doomedNodes.size()) + " nodes";
    return Edit(std::move(c), std::move(text));
}

Topology extractNodes(const Topology &t, const std::vector<NodeId> &nodes)
{
    std::set<NodeId> keep(nodes.begin(), nodes.end());
    for (const Node &n : t.nodes)
        if (n.host.valid() && keep.count(n.host))
            keep.insert(n.id);
    Topology out;
    for (const Node &n : t.nodes)
        if (keep.count(n.id)) {
            out.nodes.push_back(n);
            if (!keep.count(n.host))
                out.nodes.back().host = {};
        }
    // Interfaces whose peer stays behind are dropped with their half of the veth pair.
    std::set<std::pair<NodeId, std::string>> orphanEnds;
    for (const Link &l : t.links) {
        const bool ka = keep.count(l.a.node), kb = keep.count(l.b.node);
        if (ka && kb)
            out.links.push_back(l);
        else if (ka)
            orphanEnds.insert({l.a.node, l.a.iface});
        else if (kb)
            orphanEnds.insert({l.b.node, l.b.iface});
    }
    for (Node &n : out.nodes)
        n.interfaces.erase(std::remove_if(n.interfaces.begin(), n.interfaces.end(),
                                          [&](const InterfaceSpec &i) { return orphanEnds.count({n.id, i.name}) > 0; }),
                           n.interfaces.end());
    return out;
}

Edit pasteEdit(const Topology &t, const Topology &clip, double dx, double dy, std::vector<NodeId> *added)
{
    Topology scratch = t; // names and ids are allocated against what is already there plus the paste
    std::map<NodeId, NodeId> idMap;
    edit::Compound c;
    // Hosts first so that guests can refer to them.
    std::vector<const Node *> order;
    for (const Node &n : clip.nodes)
        if (n.kind == NodeKind::Host)
            order.push_back(&n);
    for (const Node &n : clip.nodes)
        if (n.kind != NodeKind::Host)
            order.push_back(&n);
    for (const Node *src : order) {
        Node n = *src;
        n.id = scratch.nextNodeId();
        n.name = uniqueNodeName(scratch, src->name);
        n.x += dx;
        n.y += dy;
        const auto host = idMap.find(src->host);
        n.host = host == idMap.end() ? NodeId{} : host->second;
        idMap[src->id] = n.id;
        if (added)
            added->push_back(n.id);
        scratch.nodes.push_back(n);
        c.edits.emplace_back(edit::AddNode{std::move(n)});
    }
    for (const Link &src : clip.links) {
        const auto ia = idMap.find(src.a.node), ib = idMap.find(src.b.node);
        if (ia == idMap.end() || ib == idMap.end())
            continue;
        Link l{scratch.nextLinkId(), LinkEnd{ia->second, src.a.iface}, LinkEnd{ib->second, src.b.iface}};
        scratch.links.push_back(l);
        c.edits.emplace_back(edit::AddLink{std::move(l)});
    }
    const std::size_t count = idMap.size();
    return Edit(std::move(c), count == 1 ? "Paste 1 node" : "Paste " + std::to_string(count) + " nodes");
}

} // namespace nslab::model
