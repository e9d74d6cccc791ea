// FIB lookup and source address selection over emulator state (linux-semantics.md §6).
// Hot path for the simulator: no allocation, one linear pass over the namespace's routes.
#include "kernel/kernel.h"
#include "kernel/internal.h"

#include <algorithm>

namespace nslab::kernel {

FibResult fibLookup(const Namespace &ns, Ipv4 dst, const LookupOptions &opts)
{
    // fib_table_lookup over the merged local+main trie: longest prefix first; inside one prefix
    // the vector already holds the trie's alias order (table desc, tos desc, metric asc, age).
    const Route *best = nullptr;
    int bestLen = -1;
    const auto minScope = std::uint8_t(opts.minScope);
    for (const Route &r : ns.routes) {
        if (int(r.dst.len) <= bestLen)
            continue;
        if (opts.table ? r.table != opts.table
                       : (r.table != model::ops::kTableLocal && r.table != model::ops::kTableMain))
            continue;
        if (!r.dst.contains(dst))
            continue;
        if (r.tos && r.tos != opts.tos)
            continue;
        if (std::uint8_t(r.scope) < minScope)
            continue;
        if (detail::isErrorType(r.type)) {
            // fib_props[].error ends the walk at this prefix, before any nexthop test.
            best = &r;
            bestLen = r.dst.len;
            continue;
        }
        if (!opts.ignoreLinkState && ns.dead(r))
            continue;
        if (opts.outDev && r.dev != opts.outDev)
            continue;
        best = &r;
        bestLen = r.dst.len;
    }
    FibResult res;
    if (best) {
        res.kind = FibResult::Kind::Found;
        res.route = best;
    }
    return res;
}

namespace {
bool ifaMatch(const Address &a, Ipv4 addr)
{
    // inet_ifa_match(addr, ifa): same subnet as ifa_address (the peer when one is configured).
    const Ipv4 ifaAddress = a.peer ? a.peer->addr : a.local.addr;
    return ((addr.v ^ ifaAddress.v) & net::prefixMask(a.local.len)) == 0;
}

std::optional<Ipv4> inDevSelectAddr(const Namespace &ns, const Device &dev, std::uint8_t scope)
{
    const std::uint8_t localnet = ns.effective(dev, DevOpt::RouteLocalnet) ? std::uint8_t(Scope::Link)
                                                                            : std::uint8_t(Scope::Host);
    for (const Address &a : dev.addresses) {
        if (a.secondary)
            continue;
        if (std::min(std::uint8_t(a.scope), localnet) <= scope && a.scope != Scope::Link)
            return a.local.addr;
    }
    return std::nullopt;
}
} // namespace

std::optional<Ipv4> inetSelectAddr(const Namespace &ns, const Device *dev, Ipv4 compare, Scope scope)
{
    const auto sc = std::uint8_t(scope);
    if (dev) {
        const std::uint8_t localnet = ns.effective(*dev, DevOpt::RouteLocalnet) ? std::uint8_t(Scope::Link)
                                                                                 : std::uint8_t(Scope::Host);
        std::optional<Ipv4> addr;
        for (const Address &a : dev->addresses) {
            if (a.secondary)
                continue;
            if (std::min(std::uint8_t(a.scope), localnet) > sc)
                continue;
            if (compare.isZero() || ifaMatch(a, compare))
                return a.local.addr;
            if (!addr)
                addr = a.local.addr;
        }
        if (addr)
            return addr;
    }
    // "Not loopback addresses on loopback should be preferred": every device in list order.
    for (const Device &d : ns.devices) {
        if (auto a = inDevSelectAddr(ns, d, sc))
            return a;
    }
    return std::nullopt;
}

std::optional<Ipv4> selectSource(const Namespace &ns, const Route &route, Ipv4 dst)
{
    if (route.type == RouteType::Local)
        return route.prefsrc ? *route.prefsrc : dst;
    if (route.prefsrc)
        return route.prefsrc;
    const Device *dev = ns.deviceByIndex(route.dev);
    return inetSelectAddr(ns, dev, route.gateway.value_or(Ipv4{}), route.scope);
}

bool isLocalAddress(const Namespace &ns, Ipv4 addr)
{
    const FibResult r = fibLookup(ns, addr);
    return r.kind == FibResult::Kind::Found && r.route->type == RouteType::Local;
}

} // namespace nslab::kernel

namespace nslab::kernel::detail {

RouteType addrType(const Namespace &ns, Ipv4 addr, std::uint32_t table)
{
    // __inet_dev_addr_type(): zero net and limited broadcast first, then the table's answer.
    if ((addr.v >> 24) == 0 || addr.isLimitedBroadcast())
        return RouteType::Broadcast;
    if (addr.isMulticast())
        return RouteType::Multicast;
    LookupOptions opts;
    opts.table = table;
    const FibResult r = fibLookup(ns, addr, opts);
    if (r.kind != FibResult::Kind::Found || isErrorType(r.route->type))
        return RouteType::Unicast;
    return r.route->type;
}

} // namespace nslab::kernel::detail
