// What `ip route show`, `ip -4 addr show`, `ip link show` and `ip route get` print, byte for byte
// (iproute2 6.1 print_route / print_addrinfo / print_linkinfo; linux-semantics.md §4, §5).
#include "kernel/internal.h"
#include "kernel/kernel.h"
#include "ops/names.h"

#include <algorithm>
#include <cstdio>

namespace nslab::kernel {

using model::ops::Result;

namespace detail {

std::string dsfieldName(std::uint8_t tos)
{
    // /etc/iproute2/rt_dsfield of iproute2 6.1; anything else prints as 0x%02x.
    static constexpr struct { std::uint8_t v; const char *name; } kNames[] = {
        {0x00, "default"}, {0x28, "AF11"}, {0x30, "AF12"}, {0x38, "AF13"}, {0x48, "AF21"},
        {0x50, "AF22"},    {0x58, "AF23"}, {0x68, "AF31"}, {0x70, "AF32"}, {0x78, "AF33"},
        {0x88, "AF41"},    {0x90, "AF42"}, {0x98, "AF43"}, {0x20, "CS1"},  {0x40, "CS2"},
        {0x60, "CS3"},     {0x80, "CS4"},  {0xa0, "CS5"},  {0xc0, "CS6"},  {0xe0, "CS7"},
        {0xb8, "EF"},
    };
    for (const auto &n : kNames) {
        if (n.v == tos)
            return n.name;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", unsigned(tos));
    return buf;
}

std::string tableName(std::uint32_t table)
{
    switch (table) {
    case 0: return "unspec";
    case 253: return "default";
    case 254: return "main";
    case 255: return "local";
    default: return std::to_string(table);
    }
}

} // namespace detail

namespace {

void appendRouteLine(std::string &out, const Namespace &ns, const Route &r)
{
    if (r.type != RouteType::Unicast) {
        out += model::ops::routeTypeName(r.type);
        out += ' ';
    }
    out += r.dst.toRouteString();
    out += ' ';
    if (r.tos) {
        out += "tos ";
        out += detail::dsfieldName(r.tos);
        out += ' ';
    }
    if (r.gateway) {
        out += "via ";
        out += r.gateway->toString();
        out += ' ';
    }
    if (const Device *d = ns.deviceByIndex(r.dev)) {
        out += "dev ";
        out += d->name;
        out += ' ';
    }
    if (r.proto != model::ops::kProtoBoot) {
        out += "proto ";
        out += model::ops::protoName(r.proto);
        out += ' ';
    }
    if (r.scope != Scope::Universe) {
        out += "scope ";
        out += model::ops::scopeName(r.scope);
        out += ' ';
    }
    if (r.prefsrc) {
        out += "src ";
        out += r.prefsrc->toString();
        out += ' ';
    }
    if (r.metric) {
        out += "metric ";
        out += std::to_string(r.metric);
        out += ' ';
    }
    const bool linkdown = ns.linkdown(r);
    if (linkdown && ns.dead(r))
        out += "dead ";
    if (r.onlink)
        out += "onlink ";
    if (linkdown)
        out += "linkdown ";
}

const Device *peerOf(const std::map<std::string, Namespace, std::less<>> &all, const Device &d,
                     const Namespace **peerNs)
{
    if (d.kind != DevKind::Veth)
        return nullptr;
    auto it = all.find(d.peerNs);
    if (it == all.end())
        return nullptr;
    if (peerNs)
        *peerNs = &it->second;
    return it->second.deviceByIndex(d.peerIfindex);
}

std::string_view operName(OperState s)
{
    switch (s) {
    case OperState::Unknown: return "UNKNOWN";
    case OperState::Down: return "DOWN";
    case OperState::LowerLayerDown: return "LOWERLAYERDOWN";
    case OperState::Up: return "UP";
    }
    return "UNKNOWN";
}

// "2: v1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP" + tail
std::string linkHeader(const std::map<std::string, Namespace, std::less<>> &all, const Namespace &ns,
                       const Device &d, bool linkMode, std::string *netnsSuffix)
{
    std::string s = std::to_string(d.ifindex) + ": " + d.name;
    const Namespace *pns = nullptr;
    const Device *peer = peerOf(all, d, &pns);
    bool mdown = false;
    if (d.kind == DevKind::Veth) {
        if (pns == &ns && peer) {
            s += '@';
            s += peer->name;
            mdown = !peer->adminUp;
        } else {
            s += "@if" + std::to_string(d.peerIfindex);
            if (netnsSuffix && pns)
                *netnsSuffix = pns->named ? " link-netns " + pns->name : std::string(" link-netnsid 0");
        }
    }
    s += ": <";
    const bool running = d.adminUp && (d.oper == OperState::Up || d.oper == OperState::Unknown);
    std::vector<std::string_view> flags;
    if (d.adminUp && !running)
        flags.push_back("NO-CARRIER");
    if (d.kind == DevKind::Loopback) {
        flags.push_back("LOOPBACK");
    } else if (d.kind == DevKind::Dummy) {
        flags.push_back("BROADCAST");
        flags.push_back("NOARP");
    } else {
        flags.push_back("BROADCAST");
        flags.push_back("MULTICAST");
    }
    if (d.adminUp)
        flags.push_back("UP");
    if (d.adminUp && d.carrier)
        flags.push_back("LOWER_UP");
    if (mdown)
        flags.push_back("M-DOWN");
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (i)
            s += ',';
        s += flags[i];
    }
    s += "> mtu " + std::to_string(d.mtu) + " qdisc " + (d.everUp ? "noqueue" : "noop") + ' ';
    if (const Device *m = ns.deviceByIndex(d.master))
        s += "master " + m->name + ' ';
    s += "state ";
    s += d.adminUp ? operName(d.oper) : std::string_view("DOWN");
    s += linkMode ? " mode DEFAULT group default qlen 1000" : " group default qlen 1000";
    return s;
}

std::vector<const Device *> byIndex(const Namespace &ns)
{
    std::vector<const Device *> v;
    v.reserve(ns.devices.size());
    for (const auto &d : ns.devices)
        v.push_back(&d);
    std::sort(v.begin(), v.end(), [](const Device *a, const Device *b) { return a->ifindex < b->ifindex; });
    return v;
}

} // namespace

std::string formatRouteLine(const Namespace &ns, const Route &route)
{
    std::string out;
    out.reserve(96);
    appendRouteLine(out, ns, route);
    return out;
}

std::string Kernel::routeShow(std::string_view nsName, std::uint32_t table) const
{
    const Namespace *n = ns(nsName);
    if (!n)
        return {};
    std::string out;
    for (const Route &r : n->routes) {
        if (r.table == table) {
            appendRouteLine(out, *n, r);
            out += '\n';
        }
    }
    return out;
}

std::string Kernel::addrShow(std::string_view nsName, std::optional<std::string_view> dev) const
{
    const Namespace *n = ns(nsName);
    if (!n)
        return {};
    std::string out;
    for (const Device *d : byIndex(*n)) {
        if (dev && d->name != *dev)
            continue;
        if (d->addresses.empty())
            continue;
        std::string netns;
        out += linkHeader(m_namespaces, *n, *d, false, &netns);
        out += netns;
        out += '\n';
        for (const Address &a : d->addresses) {
            out += "    inet ";
            out += a.local.addr.toString();
            if (a.peer && a.peer->addr != a.local.addr)
                out += " peer " + a.peer->addr.toString();
            out += '/' + std::to_string(a.local.len) + ' ';
            if (a.broadcast)
                out += "brd " + a.broadcast->toString() + ' ';
            out += "scope " + model::ops::scopeName(a.scope) + ' ';
            if (a.secondary)
                out += "secondary ";
            if (a.noprefixroute)
                out += "noprefixroute ";
            out += a.label.empty() ? d->name : a.label;
            out += "\n       valid_lft forever preferred_lft forever\n";
        }
    }
    return out;
}

std::string Kernel::linkShow(std::string_view nsName, std::optional<std::string_view> dev) const
{
    const Namespace *n = ns(nsName);
    if (!n)
        return {};
    std::string out;
    for (const Device *d : byIndex(*n)) {
        if (dev && d->name != *dev)
            continue;
        std::string netns;
        out += linkHeader(m_namespaces, *n, *d, true, &netns);
        out += '\n';
        if (d->kind == DevKind::Loopback)
            out += "    link/loopback " + d->mac.toString() + " brd 00:00:00:00:00:00";
        else
            out += "    link/ether " + d->mac.toString() + " brd ff:ff:ff:ff:ff:ff";
        out += netns;
        out += '\n';
    }
    return out;
}

namespace {

Result routeGetError(RouteType t)
{
    Result r;
    r.exitCode = 2;
    switch (t) {
    case RouteType::Blackhole: r.err = "RTNETLINK answers: Invalid argument\n"; break;
    case RouteType::Unreachable: r.err = "RTNETLINK answers: No route to host\n"; break;
    case RouteType::Prohibit: r.err = "RTNETLINK answers: Permission denied\n"; break;
    default: r.err = "RTNETLINK answers: Network is unreachable\n"; break;
    }
    return r;
}

Result rtnlError(std::string_view what)
{
    Result r;
    r.exitCode = 2;
    r.err = "RTNETLINK answers: ";
    r.err += what;
    r.err += '\n';
    return r;
}

bool hasAddress(const Namespace &ns, Ipv4 a)
{
    for (const Device &d : ns.devices) {
        for (const Address &x : d.addresses) {
            if (x.local.addr == a)
                return true;
        }
    }
    return false;
}

// fib_validate_source() for an input route lookup (linux-semantics.md §7.3). Returns 0 (accept),
// 1 (accept, source on-link: redirects possible) or a negative errno.
int validateSource(const Namespace &ns, Ipv4 src, Ipv4 dst, int oif, const Device &in)
{
    const int rpf = ns.effective(in, DevOpt::RpFilter);
    const bool txRedirects = ns.effective(in, DevOpt::SendRedirects) != 0;
    const bool acceptLocal = ns.effective(in, DevOpt::AcceptLocal) != 0;
    if (!rpf && (in.ifindex != oif || !txRedirects)) {
        if (acceptLocal)
            return 0;
        if (!ns.customLocalRoutes) {
            return hasAddress(ns, src) ? -22 : 0;
        }
    }
    // __fib_validate_source: reverse lookup of the source arriving on `in`.
    (void)dst;
    LookupOptions opts;
    const FibResult res = fibLookup(ns, src, opts);
    bool devMatch = false;
    if (res.kind == FibResult::Kind::Found && !detail::isErrorType(res.route->type)) {
        const Route &r = *res.route;
        if (r.type != RouteType::Unicast && !(r.type == RouteType::Local && acceptLocal))
            return -22;
        if (r.dev == in.ifindex)
            devMatch = true;
        if (devMatch)
            return r.nhScope >= Scope::Host ? 1 : 0;
        if (in.addresses.empty())
            return rpf ? -18 : 0;
        if (rpf == 1)
            return -18;
        return 0;
    }
    // No route (or an error route): only rp_filter 0 accepts; e_rpf / last_resort.
    if (rpf)
        return -18;
    return 0;
}

} // namespace

Result Kernel::routeGet(const model::ops::RouteGet &q) const
{
    const Namespace *n = ns(q.ns);
    Result res;
    if (!n)
        return res;
    const Ipv4 dst = q.dst;
    const Ipv4 from = q.from.value_or(Ipv4{});

    if (q.iif) {
        const Device *in = n->device(*q.iif);
        if (!in) {
            res.exitCode = 1;
            res.err = "Cannot find device \"" + *q.iif + "\"\n";
            return res;
        }
        // ip_route_input_slow()
        if (from.isMulticast() || from.isLimitedBroadcast() || from.isZero() || dst.isZero())
            return rtnlError("Invalid argument");
        const bool localnet = n->effective(*in, DevOpt::RouteLocalnet) != 0;
        if ((dst.isLoopback() || from.isLoopback()) && !localnet)
            return rtnlError("Invalid argument");
        const bool fwd = in->conf.get(DevOpt::Forwarding) != 0;
        const FibResult fr = fibLookup(*n, dst);
        if (fr.kind != FibResult::Kind::Found)
            return fwd ? rtnlError("Network is unreachable") : rtnlError("No route to host");
        const Route &r = *fr.route;
        if (detail::isErrorType(r.type))
            return fwd ? routeGetError(r.type) : rtnlError("No route to host");
        std::string head;
        std::string cache;
        if (r.type == RouteType::Broadcast) {
            head = "broadcast " + dst.toString() + " from " + from.toString() + " dev lo ";
            cache = "    cache <local,brd> iif " + in->name + " \n";
        } else if (r.type == RouteType::Local) {
            const int v = validateSource(*n, from, dst, 0, *in);
            if (v < 0)
                return rtnlError("Invalid argument");
            head = "local " + dst.toString() + " from " + from.toString() + " dev lo ";
            cache = "    cache <local> iif " + in->name + " \n";
        } else {
            if (!fwd)
                return rtnlError("No route to host");
            if (r.type != RouteType::Unicast)
                return rtnlError("Invalid argument");
            const Device *out = n->deviceByIndex(r.dev);
            const int v = validateSource(*n, from, dst, r.dev, *in);
            if (v < 0)
                return rtnlError("Invalid argument");
            head = dst.toString() + " from " + from.toString() + ' ';
            if (r.gateway && r.nhScope == Scope::Link)
                head += "via " + r.gateway->toString() + ' ';
            if (out)
                head += "dev " + out->name + ' ';
            bool redirect = false;
            if (out == in && v && n->effective(*in, DevOpt::SendRedirects)) {
                // inet_addr_onlink(out_dev, saddr, gw) or shared_media
                redirect = n->effective(*in, DevOpt::SharedMedia) != 0;
                if (!redirect) {
                    for (const Address &a : in->addresses) {
                        if (a.secondary)
                            continue;
                        const auto m = net::prefixMask(a.local.len);
                        const Ipv4 ifaAddr = a.peer ? a.peer->addr : a.local.addr;
                        const Ipv4 gw = r.gateway && r.nhScope == Scope::Link ? *r.gateway : Ipv4{};
                        if (((from.v ^ ifaAddr.v) & m) == 0 && (gw.isZero() || ((gw.v ^ ifaAddr.v) & m) == 0)) {
                            redirect = true;
                            break;
                        }
                    }
                }
            }
            cache = std::string("    cache ") + (redirect ? "<redirect> " : "") + "iif " + in->name + " \n";
        }
        res.out = head + '\n' + cache;
        return res;
    }

    // ip_route_output_key_hash_rcu()
    if (q.from) {
        if (from.isMulticast() || from.isLimitedBroadcast() || from.isZero())
            return rtnlError("Invalid argument");
        if (!hasAddress(*n, from))
            return rtnlError("Network is unreachable");
    }
    if (dst.isZero() && !q.from) {
        // No destination: the kernel answers with loopback for both ends, through lo.
        res.out = "local 0.0.0.0 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n";
        return res;
    }
    const FibResult fr = fibLookup(*n, dst);
    if (fr.kind != FibResult::Kind::Found)
        return rtnlError("Network is unreachable");
    const Route &r = *fr.route;
    if (detail::isErrorType(r.type))
        return routeGetError(r.type);
    if (dst.isLimitedBroadcast() && r.type != RouteType::Local) {
        // __mkroute_output(): RTN_BROADCAST out of the route's device, no gateway.
        const auto s = from.isZero() ? selectSource(*n, r, dst).value_or(Ipv4{}) : from;
        std::string line = "broadcast 255.255.255.255 ";
        if (q.from)
            line += "from " + from.toString() + ' ';
        if (const Device *d = n->deviceByIndex(r.dev))
            line += "dev " + d->name + ' ';
        if (s != from)
            line += "src " + s.toString() + ' ';
        res.out = line + "uid 0 \n    cache <local,brd> \n";
        return res;
    }
    Ipv4 saddr = from;
    if (saddr.isZero())
        saddr = selectSource(*n, r, dst).value_or(Ipv4{});
    std::string line;
    std::string cache = "    cache ";
    const std::string fromText = q.from ? "from " + from.toString() + ' ' : std::string();
    if (r.type == RouteType::Local) {
        line = "local " + dst.toString() + ' ' + fromText + "dev lo ";
        cache += "<local> ";
    } else {
        if (r.type == RouteType::Broadcast) {
            line = "broadcast ";
            cache += "<local,brd> ";
        }
        line += dst.toString() + ' ' + fromText;
        if (r.gateway && r.nhScope == Scope::Link)
            line += "via " + r.gateway->toString() + ' ';
        if (const Device *d = n->deviceByIndex(r.dev)) {
            line += "dev " + d->name + ' ';
            // __mkroute_output(): anything leaving through loopback is RTCF_LOCAL
            if (d->kind == DevKind::Loopback && r.type == RouteType::Unicast)
                cache += "<local> ";
        }
    }
    if (saddr != from)
        line += "src " + saddr.toString() + ' ';
    line += "uid 0 \n";
    res.out = line + cache + '\n';
    return res;
}

} // namespace nslab::kernel
