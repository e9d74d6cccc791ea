// Printer: ops → the canonical command lines. Every line is written so that the parser reads it
// back to an equal op (tests/ops: parse(print(op)) == op): keywords are never abbreviated, names
// that could be taken for keywords go after `dev`/`name`, and words the shell would split or
// expand are single-quoted.
#include "ops/printer.h"

#include "ops/names.h"

#include <cstdio>

namespace nslab::model::ops {

namespace {

bool shellSafe(const std::string &w)
{
    if (w.empty())
        return false;
    for (const char c : w) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        || c == '-' || c == '.' || c == ':' || c == '/' || c == '@' || c == '%' || c == '+'
                        || c == '=' || c == ',';
        if (!ok)
            return false;
    }
    return true;
}

std::string quote(const std::string &w)
{
    if (shellSafe(w))
        return w;
    std::string out = "'";
    for (const char c : w) {
        if (c == '\'')
            out += "'\\''";
        else
            out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

// `ip` or `ip -n NS`: ops in `rootName` (or with no namespace) are root-namespace commands.
std::string ipPrefix(const std::string &ns, const std::string &rootName)
{
    if (ns.empty() || ns == rootName)
        return "ip";
    return "ip -n " + quote(ns);
}

std::string protoText(std::uint8_t p)
{
    switch (p) {
    case kProtoKernel: return "kernel";
    case kProtoBoot: return "boot";
    case kProtoStatic: return "static";
    default: return std::to_string(unsigned(p));
    }
}

std::string tableText(std::uint32_t t)
{
    if (t == kTableMain)
        return "main";
    if (t == kTableLocal)
        return "local";
    return std::to_string(t);
}

std::string hex(std::uint8_t v)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", unsigned(v));
    return buf;
}

// A link name is safe bare after `ip link add` when iplink_parse() would not take it for one of
// its keywords (exact or abbreviated).
bool bareLinkNameOk(const std::string &name)
{
    if (!shellSafe(name))
        return false;
    static constexpr const char *kExact[] = {
        "up", "down", "name", "index", "brd", "qlen", "mtu", "xdpgeneric", "xdpdrv", "xdpoffload", "xdp",
        "netns", "multicast", "allmulticast", "promisc", "trailers", "arp", "carrier", "vf", "vrf", "group",
        "mode", "state", "protodown", "protodown_reason", "gso_max_size", "gso_max_segs", "gro_max_size",
        "parentdev", "dev"};
    static constexpr const char *kPrefixOf[] = {
        "link", "address", "broadcast", "txqueuelen", "txqlen", "master", "nomaster", "dynamic", "type",
        "alias", "numtxqueues", "numrxqueues", "addrgenmode", "link-netns", "link-netnsid", "help"};
    for (const char *k : kExact)
        if (name == k)
            return false;
    for (const char *k : kPrefixOf)
        if (std::string_view(k).substr(0, name.size()) == name)
            return false;
    return true;
}

// `netns NS` for a namespace: the root name means the namespace the script runs in, which has no
// name under /run/netns; iproute2 opens a path as it is, so the script's shell's own namespace
// file names it (unquoted: the shell expands $$).
std::string netnsArg(const std::string &ns, const std::string &rootName)
{
    if (!rootName.empty() && ns == rootName)
        return "/proc/$$/ns/net";
    return quote(ns);
}

// `name X` is checked like a kernel name (under 16 bytes) where `dev X` is not, so names the
// kernel will refuse still print as something iproute2 passes on to it.
std::string keywordLinkName(const std::string &name)
{
    return (name.size() < 16 ? "name " : "dev ") + quote(name);
}

std::string linkName(const std::string &name)
{
    return bareLinkNameOk(name) ? name : keywordLinkName(name);
}

struct Printer {
    const std::string &root;

    std::string operator()(const NetnsAdd &o) const { return "ip netns add " + quote(o.name); }
    std::string operator()(const NetnsDel &o) const { return "ip netns del " + quote(o.name); }

    std::string operator()(const LinkAddVeth &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " link add " + linkName(o.name);
        if (o.address)
            s += " address " + o.address->toString();
        if (!o.netns.empty())
            s += " netns " + netnsArg(o.netns, root);
        s += " type veth peer " + keywordLinkName(o.peer);
        if (o.peerAddress)
            s += " address " + o.peerAddress->toString();
        if (!o.peerNetns.empty())
            s += " netns " + netnsArg(o.peerNetns, root);
        return s;
    }
    std::string operator()(const LinkAddBridge &o) const
    {
        return ipPrefix(o.ns, root) + " link add " + linkName(o.name) + " type bridge";
    }
    std::string operator()(const LinkAddDummy &o) const
    {
        return ipPrefix(o.ns, root) + " link add " + linkName(o.name) + " type dummy";
    }
    std::string operator()(const LinkDel &o) const
    {
        return ipPrefix(o.ns, root) + " link del dev " + quote(o.name);
    }
    std::string operator()(const LinkSet &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " link set dev " + quote(o.dev);
        if (o.newName)
            s += " name " + quote(*o.newName);
        if (o.address)
            s += " address " + o.address->toString();
        if (o.mtu)
            s += " mtu " + std::to_string(*o.mtu);
        if (o.master)
            s += o.master->empty() ? std::string(" nomaster") : " master " + quote(*o.master);
        if (o.netns)
            s += " netns " + netnsArg(*o.netns, root);
        if (o.up)
            s += *o.up ? " up" : " down";
        return s;
    }
    std::string operator()(const AddrAdd &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " addr add " + o.local.toString();
        if (o.peer)
            s += " peer " + o.peer->toString();
        if (o.broadcast)
            s += " broadcast " + o.broadcast->toString();
        if (o.scope)
            s += " scope " + scopeName(*o.scope);
        if (o.noprefixroute)
            s += " noprefixroute";
        return s + " dev " + quote(o.dev);
    }
    std::string operator()(const AddrDel &o) const
    {
        // a wildcard deletion is the address written without a length
        std::string s = ipPrefix(o.ns, root) + " addr del "
                        + (o.wildcard && !o.peer ? o.local.addr.toString() : o.local.toString());
        if (o.peer)
            s += " peer " + o.peer->toString();
        return s + " dev " + quote(o.dev);
    }
    std::string operator()(const AddrFlush &o) const
    {
        return ipPrefix(o.ns, root) + " addr flush dev " + quote(o.dev);
    }
    std::string operator()(const RouteOp &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " route " + routeCmdName(o.cmd);
        if (o.type)
            s += std::string(" ") + routeTypeName(*o.type);
        // "default" is 0.0.0.0/0 only: a /0 written with host bits keeps them
        s += " " + (o.dst.len == 0 && !o.dst.addr.isZero() ? o.dst.toString() : o.dst.toRouteString());
        if (o.tos)
            s += " tos " + hex(o.tos);
        if (o.via)
            s += " via " + o.via->toString();
        if (o.dev)
            s += " dev " + quote(*o.dev);
        if (o.src)
            s += " src " + o.src->toString();
        if (o.metric)
            s += " metric " + std::to_string(*o.metric);
        if (o.scope)
            s += " scope " + scopeName(*o.scope);
        if (o.proto)
            s += " proto " + protoText(*o.proto);
        if (o.table)
            s += " table " + tableText(*o.table);
        if (o.onlink)
            s += " onlink";
        return s;
    }
    std::string operator()(const RouteFlush &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " route flush";
        if (o.table)
            s += " table " + (*o.table == 0 ? std::string("all") : tableText(*o.table));
        if (o.dev)
            s += " dev " + quote(*o.dev);
        if (o.dst)
            s += " " + o.dst->toString();
        if (!o.table && !o.dev && !o.dst)
            s += " all"; // no filter at all; `ip route flush` alone is refused by iproute2
        return s;
    }
    std::string operator()(const NeighProxy &o) const
    {
        return ipPrefix(o.ns, root) + " neigh " + (o.add ? "add" : "del") + " proxy " + o.addr.toString() + " dev "
               + quote(o.dev);
    }
    std::string operator()(const NeighAdd &o) const
    {
        return ipPrefix(o.ns, root) + " neigh add " + o.addr.toString() + " lladdr " + o.lladdr.toString() + " dev "
               + quote(o.dev) + " nud permanent";
    }
    std::string operator()(const SysctlSet &o) const
    {
        const std::string cmd = "sysctl -w " + quote(o.key + "=" + o.value);
        if (o.ns.empty() || o.ns == root)
            return cmd;
        return "ip netns exec " + quote(o.ns) + " " + cmd;
    }
    std::string operator()(const RouteShow &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " route show";
        if (o.table != kTableMain)
            s += " table " + (o.table == 0 ? std::string("all") : tableText(o.table));
        return s;
    }
    std::string operator()(const RouteGet &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " route get " + o.dst.toString();
        if (o.from)
            s += " from " + o.from->toString();
        if (o.iif)
            s += " iif " + quote(*o.iif);
        return s;
    }
    std::string operator()(const AddrShow &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " addr show";
        if (o.dev)
            s += " dev " + quote(*o.dev);
        return s;
    }
    std::string operator()(const LinkShow &o) const
    {
        std::string s = ipPrefix(o.ns, root) + " link show";
        if (o.dev)
            s += " dev " + quote(*o.dev);
        return s;
    }
    // Not a command: what iproute2 said, kept as a comment so that a script stays runnable.
    std::string operator()(const Rejected &o) const
    {
        std::string first = o.stderrText.substr(0, o.stderrText.find('\n'));
        return "# rejected (exit " + std::to_string(o.exitCode) + "): " + first;
    }
};

} // namespace

std::string printOp(const Op &op, const std::string &rootName)
{
    return std::visit(Printer{rootName}, op);
}

std::string printScript(const std::vector<Op> &ops, const std::string &rootName)
{
    std::string out;
    for (const Op &op : ops) {
        out += printOp(op, rootName);
        out.push_back('\n');
    }
    return out;
}

} // namespace nslab::model::ops
