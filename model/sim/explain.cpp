// The teacher's voice: a sentence or two naming the cause of a ping's outcome, then the smallest fix,
// with any command to type set off in backticks exactly as it can be pasted.
#include "sim/routeformat.h"
#include "sim/walker.h"

#include <algorithm>
#include <bit>

namespace nslab::sim::detail {

namespace {
std::string ip(std::uint32_t a) { return net::Ipv4{a}.toString(); }
std::string quote(const std::string &route)
{
    std::string r = route;
    while (!r.empty() && r.back() == ' ')
        r.pop_back();
    return "`" + r + "`";
}
// A command the reader can paste, set off from the prose the same way as a route.
std::string cmd(const std::string &command) { return "`" + command + "`"; }
std::string sysctl(const std::string &ns, const std::string &setting) { return cmd("ip netns exec " + ns + " sysctl -w " + setting); }
// Starts a sentence: only the generic "the …" phrases are capitalised, never a namespace's name.
std::string cap(std::string s)
{
    if (s.rfind("the ", 0) == 0)
        s[0] = 'T';
    return s;
}
// "a", "a and b", "a, b and c".
std::string listing(const std::vector<std::string> &names, std::size_t more)
{
    std::string r;
    for (std::size_t i = 0; i < names.size(); ++i)
        r += (i == 0 ? "" : i + 1 == names.size() && !more ? " and " : ", ") + names[i];
    if (more)
        r += " and " + std::to_string(more) + " more";
    return r;
}
} // namespace

std::string Walker::suggestGateway(int ns, int dev) const
{
    const CDev &d = m_snap.devs[dev];
    for (std::uint32_t i = d.addrBegin; i < d.addrEnd; ++i)
        if (!m_snap.addrs[i].secondary && m_snap.addrs[i].scope == Scope::Universe)
            return ip(m_snap.addrs[i].local);
    const std::uint32_t a = m_snap.selectAddr(dev, 0, Scope::Universe);
    (void)ns;
    return a ? ip(a) : std::string();
}

std::string Walker::forwardingFix(int ns, int dev) const
{
    for (int d = m_snap.nss[ns].devBegin; d < m_snap.nss[ns].devEnd; ++d)
        if (m_snap.devs[d].kind != DevKind::Loopback && m_snap.devs[d].forwarding)
            return sysctl(nsName(ns), "net.ipv4.conf." + devName(dev) + ".forwarding=1");
    return sysctl(nsName(ns), "net.ipv4.ip_forward=1");
}

std::string Walker::directRoute(int ns, std::uint32_t addr, std::uint32_t pktSrc, std::string *why, int onlyDev) const
{
    // Calico's per-pod /32: a veth whose other end holds the address. The route only helps if the
    // device is up with carrier (the kernel refuses a nexthop device that is down) and the peer
    // answers the ARP that `ns` will send for the address.
    for (int dev = m_snap.nss[ns].devBegin; dev < m_snap.nss[ns].devEnd; ++dev) {
        const CDev &d = m_snap.devs[dev];
        if (onlyDev >= 0 && dev != onlyDev)
            continue;
        if (d.kind != DevKind::Veth || d.peer < 0 || d.isPort || !d.up || !d.carrier)
            continue;
        const int peerNs = m_snap.devs[d.peer].ns;
        if (m_snap.ownAddress(peerNs, addr) < 0)
            continue;
        if (!arpReceive(d.peer, arpSender(dev, pktSrc, addr), addr).answered())
            continue;
        if (why)
            *why = "through " + devName(dev) + ", which leads to its owner " + nsName(peerNs);
        // A main-table /32 with metric 0 and tos 0 (a blackhole for that very address, say) makes
        // `route add` fail with "File exists": then the route has to replace it.
        bool taken = false;
        for (const kernel::Route &r : m_snap.nss[ns].ns->routes)
            taken |= r.table == model::ops::kTableMain && r.dst.len == 32 && r.dst.addr.v == addr && r.metric == 0 && r.tos == 0;
        return "ip -n " + nsName(ns) + " route " + (taken ? "replace " : "add ") + ip(addr) + " dev " + devName(dev) + " scope link";
    }
    return {};
}

std::string Walker::verdictText(const ArpVerdict &v, std::uint32_t sip, std::uint32_t tip) const
{
    const CDev &d = m_snap.devs[v.dev];
    const std::string m = nsName(d.ns);
    const std::string e = devName(v.dev);
    const std::string t = ip(tip);
    const std::string out = v.route >= 0 && m_snap.routes[v.route].dev >= 0 ? devName(m_snap.routes[v.route].dev) : std::string();
    // The refusals are worded without a colon or a "so": the explanation quotes them after
    // "but nobody answers:" and ends the sentence there.
    switch (v.why) {
    case ArpWhy::AnsweredLocal: {
        const int owner = m_snap.ownAddress(d.ns, tip);
        std::string where = owner == v.dev ? "on " + e
                          : owner >= 0 ? "on " + devName(owner) + (m_snap.devs[owner].up ? "" : " (down)")
                          + ", and Linux answers for any local address on any interface"
                                       : "covered by its local route";
        return m + " answers on " + e + " with " + e + "'s MAC: " + t + " is its own address (" + where + ")";
    }
    case ArpWhy::AnsweredProxy:
        return m + " answers for " + t + " by proxy ARP on " + e + ": it does not own " + t + ", but forwarding and proxy_arp are on for "
               + e + " and its route to " + t + " leaves through " + out;
    case ArpWhy::AnsweredPvlan:
        return m + " answers for " + t + " on " + e + " through proxy_arp_pvlan (a neighbour on the same link)";
    case ArpWhy::AnsweredProxyEntry:
        return m + " answers for " + t + " on " + e + ": it has a proxy entry for it (" + cmd("ip -n " + m + " neigh add proxy " + t + " dev " + e)
               + ") and its route to " + t + " leaves through " + out;
    case ArpWhy::BadTarget: return m + " ignores the request on " + e + " because " + t + " is not an address it would answer for";
    case ArpWhy::MartianSender:
        return m + " ignores the request on " + e + " because the sender address " + ip(sip) + " is not a valid source";
    case ArpWhy::OwnSender:
        return m + " ignores the request on " + e + " because the sender address " + ip(sip) + " is one of its own addresses (a martian source)";
    case ArpWhy::RpFilter: {
        int rev = -1;
        const bool local = m_snap.isLocalRoute(v.route);
        const SrcCheck c = validateSource(d.ns, v.dev, sip, local ? -1 : m_snap.routes[v.route].dev, &rev);
        std::string why = c == SrcCheck::RpfNoRoute ? "it has no usable route back to " + ip(sip)
                        : c == SrcCheck::RpfNoAddress ? e + " has no IPv4 address, which rp_filter 1 and 2 both reject"
                                                      : "its route back to " + ip(sip) + " (" + quote(routeText(rev)) + ") leaves through "
                                                            + (rev >= 0 ? devName(m_snap.routes[rev].dev) : std::string("another device"));
        return "rp_filter=" + std::to_string(d.rpFilter) + " on " + e + " makes " + m + " ignore the request from " + ip(sip) + " because " + why;
    }
    case ArpWhy::NoRouteToTarget:
        return m + " does not own " + t + " and has no route to it, so proxy ARP has nothing to offer on " + e;
    case ArpWhy::TargetNotUnicast: return m + " does not own " + t + " and its route to it is not unicast";
    case ArpWhy::ForwardingOff:
        return d.proxyArp ? m + " does not own " + t + " and forwarding is off on " + e + ", so proxy ARP stays silent although proxy_arp is on"
                          : m + " does not own " + t + ", and both forwarding and proxy_arp are off on " + e;
    case ArpWhy::RouteBackOutIn:
        return m + " does not own " + t + " and its route to it leaves through " + e
               + " itself (proxy ARP never answers for the link the request came from)";
    case ArpWhy::ProxyArpOff: return m + " does not own " + t + " and proxy_arp is off on " + e;
    case ArpWhy::SelfProbe: return m + " ignores a probe for the sender's own address";
    case ArpWhy::ArpIgnore:
        return t + " is " + m + "'s address, yet arp_ignore=" + std::to_string(d.arpIgnore) + " on " + e
               + (d.arpIgnore == 8 ? " forbids every answer"
                  : d.arpIgnore == 1 ? " only answers for addresses configured on " + e
                  : d.arpIgnore == 2 ? " only answers for addresses on " + e + " in the sender's subnet"
                                     : " does not answer for host-scope addresses");
    case ArpWhy::ArpFilter:
        return t + " is " + m + "'s address, yet arp_filter is on and " + m + "'s route back to " + ip(sip) + " does not leave through " + e;
    }
    return {};
}

std::string Walker::explain(const End &e, int sender, std::uint32_t dst, std::uint32_t src)
{
    const std::string node = nsName(sender);
    const std::string d = ip(dst);
    const std::string at = nsName(e.ns);
    const bool reply = e.leg == Leg::Reply;
    const std::string what = reply ? "the echo reply" : "the echo request";
    const std::string route = e.route >= 0 ? quote(routeText(e.route)) : std::string();
    // When the reply fails, say first that the request got there (to m_target, not necessarily
    // where the reply dies), then the failure as its own sentence.
    const std::string prefix = reply ? "The request reaches " + nsName(m_target >= 0 ? m_target : e.ns) + ". On the way back, " : std::string();
    const std::string a = ip(e.addr);
    // The exact route that makes `where` reach `addr` directly, as a fix, if the lab has one.
    auto direct = [&](int where, std::uint32_t addr, std::uint32_t pktSrc) {
        std::string why;
        const std::string c = directRoute(where, addr, pktSrc, &why);
        return c.empty() ? c : "give " + nsName(where) + " a route to " + ip(addr) + " " + why + ": " + cmd(c);
    };

    switch (e.disp) {
    case Disposition::Reply:
        if (e.route >= 0 && m_snap.isLocalRoute(e.route) && m_hops == 0 && e.ns == sender && m_replyTtl == 64 && e.inDev < 0)
            return d + " is " + node + "'s own address and lo is up, so the echo comes straight back through lo.";
        if (m_hops == 0)
            return node + " reaches " + d + " from " + ip(src) + " directly on the link, and the reply comes back (ttl "
                   + std::to_string(m_replyTtl) + ").";
        return node + " reaches " + d + " from " + ip(src) + ": the request crosses " + std::to_string(m_hops) + " router"
               + (m_hops == 1 ? "" : "s") + " and the reply finds its way back (ttl " + std::to_string(m_replyTtl) + ").";
    case Disposition::NoRoute: {
        if (e.exitCode == 2)
            return node + " has no route covering " + d + " (no default route either), so ping stops before sending anything with "
                   "\"connect: Network is unreachable\". Fix: add a route for " + d + " in " + node
                   + ", e.g. a default route via a neighbour that forwards.";
        const std::string exact = direct(e.ns, e.addr, e.src);
        return cap(prefix + at + " receives " + what + " for " + a + " on " + devName(e.inDev) + " and has no route to it, so it drops the packet"
                   + " and sends ICMP net unreachable back to " + ip(e.src) + ". Fix: "
                   + (exact.empty() ? "add a route covering " + a + " in " + at : exact) + ".");
    }
    case Disposition::Blackhole: {
        if (e.exitCode == 2) {
            const std::string exact = direct(sender, dst, 0);
            return node + "'s route " + route + " discards everything for " + d + ", so ping fails at once with \"connect: Invalid argument\". "
                   + (exact.empty() ? "Fix: delete that blackhole route or add a more specific route for " + d + "."
                                    : "Fix: " + exact + ".");
        }
        const std::string exact = direct(e.ns, e.addr, e.src);
        return cap(prefix + at + "'s route " + route + " silently discards " + what + ". "
                   + (exact.empty() ? "Fix: delete that blackhole route in " + at + " or add a more specific route for " + a + "."
                                    : "Fix: " + exact + "."));
    }
    case Disposition::Unreachable:
        if (e.exitCode == 2)
            return node + "'s route " + route + " marks " + d + " unreachable, so ping fails at once with \"connect: No route to host\". "
                   "Fix: replace it with a real route.";
        return cap(prefix + at + "'s route " + route + " rejects " + what + " with ICMP host unreachable"
                   + ". Fix: replace that unreachable route in " + at + " with a real route.");
    case Disposition::Prohibited:
        if (e.exitCode == 2)
            return node + "'s route " + route + " is a prohibit route: connect() gets EACCES, which ping reports as \"Do you want "
                   "to ping broadcast?\". Fix: replace the prohibit route with a real route.";
        return cap(prefix + at + "'s route " + route + " rejects " + what + " with ICMP packet filtered"
                   + ". Fix: replace that prohibit route in " + at + " with a real route.");
    case Disposition::Broadcast:
        if (e.exitCode == 2)
            return d + " is a broadcast address for " + node + (route.empty() ? "" : " (" + route + ")")
                   + ", and ping refuses to ping a broadcast without -b. Fix: ping a unicast address.";
        if ((e.addr >> 28) == 0xe)
            return a + " is a multicast group: " + at + " sends the echo request, but Linux ignores echo requests to a group. "
                   "Fix: ping a unicast address.";
        return cap(prefix + at + " sees " + a + " as a broadcast address and ignores echo requests to it. Fix: ping a unicast address.");
    case Disposition::LoopbackDown:
        if (e.exitCode == 2)
            return d + " is a loopback address, but lo is down in " + node + ", so there is no route for it. Fix: "
                   + cmd("ip -n " + node + " link set lo up") + ".";
        return (e.addr == 0 ? "0.0.0.0 means " + at + " itself" : a + " is " + at + "'s own address")
               + ", so the packet goes through lo, but lo is down and drops it. Fix: " + cmd("ip -n " + at + " link set lo up") + ".";
    case Disposition::NoSourceAddress:
        return node + " has a route for " + d + " but no IPv4 address to send from. Fix: add an address to "
               + (e.outDev >= 0 ? devName(e.outDev) : std::string("the outgoing device")) + " in " + node + ".";
    case Disposition::ArpUnanswered: {
        const std::string out = devName(e.outDev);
        const bool viaGw = e.route >= 0 && m_snap.routes[e.route].viaGateway;
        std::string s = prefix + at + " asks who has " + a + " on " + out;
        if (viaGw)
            s += " (the gateway of " + route + ")";
        if (const CDev &od = m_snap.devs[e.outDev]; od.isPort) {
            const std::string br = devName(od.bridge);
            s += ", but " + out + " is enslaved to " + br + ": the answer is passed up on " + br + ", so " + out
                 + "'s neighbour entry never resolves. Fix: ";
            // The address whose prefix route sends the packet out of the port, if that is why.
            for (std::uint32_t i = od.addrBegin; i < od.addrEnd; ++i) {
                const CAddr &ca = m_snap.addrs[i];
                if (ca.mask && (e.addr & ca.mask) == (ca.match & ca.mask)) {
                    const std::string cidr = ip(ca.local) + "/" + std::to_string(std::popcount(ca.mask));
                    return s + "put the address on " + br + " instead of " + out + " (" + cmd("ip -n " + at + " addr del " + cidr + " dev " + out)
                           + ", then " + cmd("ip -n " + at + " addr add " + cidr + " dev " + br) + ").";
                }
            }
            return s + "route " + a + " through " + br + " instead of " + out + ".";
        }
        if (m_verdicts.empty()) {
            s += ", but nothing else is listening on that link";
            const CDev &od = m_snap.devs[e.outDev];
            if (od.peer >= 0 && m_snap.devs[od.peer].isPort) {
                const CDev &port = m_snap.devs[od.peer];
                const CDev &br = m_snap.devs[port.bridge];
                if (!br.up)
                    return s + ": bridge " + devName(port.bridge) + " in " + nsName(br.ns) + " is down, so it forwards nothing. Fix: "
                           + cmd("ip -n " + nsName(br.ns) + " link set " + devName(port.bridge) + " up") + ".";
                return s + ". Fix: connect the other namespaces to " + devName(port.bridge) + " in " + nsName(br.ns) + ".";
            }
            return s + ". Fix: connect " + out + " to the namespace that owns " + a + ".";
        }
        if (m_verdicts.size() == 1) {
            const ArpVerdict &v = m_verdicts.front();
            const int m = m_snap.devs[v.dev].ns;
            const std::string mn = nsName(m);
            const std::string in = devName(v.dev);
            s += ", but nobody answers: " + verdictText(v, e.sip, e.addr) + ". Fix: ";
            switch (v.why) {
            case ArpWhy::ProxyArpOff:
            case ArpWhy::RouteBackOutIn:
            case ArpWhy::NoRouteToTarget:
            case ArpWhy::ForwardingOff: {
                const std::string gw = suggestGateway(m, v.dev);
                std::string fix;
                if (!gw.empty() && e.route >= 0 && !viaGw) {
                    const std::string pfx = m_snap.routes[e.route].orig->dst.toRouteString();
                    fix = "route " + pfx + " via " + gw + " in " + at + " (after " + cmd("ip -n " + at + " route add " + gw + " dev " + out)
                          + "), or ";
                }
                if (v.why == ArpWhy::ProxyArpOff)
                    return s + fix + "enable proxy_arp on " + in + " in " + mn + " (" + sysctl(mn, "net.ipv4.conf." + in + ".proxy_arp=1") + ").";
                if (v.why == ArpWhy::ForwardingOff)
                    return s + fix + "turn forwarding on in " + mn + " (" + forwardingFix(m, v.dev) + ")"
                           + (m_snap.devs[v.dev].proxyArp ? "." : " and enable proxy_arp on " + in + ".");
                if (v.why == ArpWhy::NoRouteToTarget)
                    return s + fix + "give " + mn + " a route covering " + a + " (e.g. a default route) so it can proxy for it.";
                return s + fix + "change " + mn + "'s route for " + a + " so it does not point back out of " + in + ".";
            }
            case ArpWhy::RpFilter: {
                const std::string back = directRoute(m, e.sip, 0, nullptr, v.dev);
                return s + "route " + ip(e.sip) + " back through " + in + " in " + mn + (back.empty() ? "" : " (" + cmd(back) + ")")
                       + ", or set net.ipv4.conf." + in + ".rp_filter=0 (and net.ipv4.conf.all.rp_filter=0) there.";
            }
            case ArpWhy::OwnSender:
                return s + "give " + at + " and " + mn + " different addresses.";
            case ArpWhy::ArpIgnore:
                return s + "set net.ipv4.conf." + in + ".arp_ignore=0 (and net.ipv4.conf.all.arp_ignore=0) in " + mn + ".";
            case ArpWhy::ArpFilter:
                return s + "set arp_filter=0 on " + in + " in " + mn + ", or make its route back to " + ip(e.sip) + " use " + in + ".";
            default:
                return s + "check the address " + a + ".";
            }
        }
        std::vector<std::string> names;
        std::size_t more = 0;
        for (const ArpVerdict &v : m_verdicts) {
            const std::string n = nsName(m_snap.devs[v.dev].ns);
            if (std::find(names.begin(), names.end(), n) != names.end())
                continue;
            if (names.size() < 6)
                names.push_back(n);
            else
                ++more;
        }
        s += ", but nobody answers: ";
        s += names.size() == 1 ? names.front() + " is the only namespace on that link, and it neither owns " + a + " nor proxies for it"
                               : "none of the namespaces on that link (" + listing(names, more) + ") owns " + a + " or proxies for it";
        return s + ". Fix: "
               + (viaGw ? "point " + at + "'s route at a gateway that exists on " + out : "check the address, or route " + a + " via a neighbour on " + out + " that forwards") + ".";
    }
    case Disposition::LinkDown: {
        if (e.outDev < 0)
            return cap(prefix + what + " is lost because its route has no device. Fix: give the route a device.");
        const CDev &od = m_snap.devs[e.outDev];
        const std::string out = devName(e.outDev);
        if (od.kind == DevKind::Dummy)
            return cap(prefix + at + " sends " + what + " into " + out + ", a dummy device that discards everything. Fix: route " + a
                       + " through a real link.");
        if (od.carrier)
            return cap(prefix + at + "'s permanent neighbour entry for " + a + " on " + out
                       + " names a MAC that no device on that link has, so the frame is lost. Fix: "
                       + cmd("ip -n " + at + " neigh replace " + a + " lladdr <the right MAC> dev " + out + " nud permanent") + ".");
        if (od.kind == DevKind::Veth && od.peer >= 0) {
            const std::string peerNs = nsName(m_snap.devs[od.peer].ns);
            return cap(prefix + at + " sends " + what + " out of " + out + ", but its peer " + devName(od.peer) + " in " + peerNs
                       + " is down, so the link has no carrier and the packet is lost (the route is only flagged linkdown). Fix: "
                       + cmd("ip -n " + peerNs + " link set " + devName(od.peer) + " up") + ".");
        }
        if (od.kind == DevKind::Bridge)
            return cap(prefix + at + " sends " + what + " out of bridge " + out + ", which has no forwarding port. Fix: attach an up port to "
                       + out + ".");
        return cap(prefix + at + " sends " + what + " out of " + out + ", which has no carrier. Fix: connect it and bring both ends up.");
    }
    case Disposition::ForwardingOff: {
        const std::string in = devName(e.inDev);
        return cap(prefix + at + " receives " + what + " for " + a + " on " + in + ", but " + a + " is not local and forwarding is off on " + in
                   + " (the incoming device decides), so the packet is dropped silently. Fix: "
                   + forwardingFix(e.ns, e.inDev) + ".");
    }
    case Disposition::RpFilterDrop: {
        const CDev &in = m_snap.devs[e.inDev];
        const std::string inName = devName(e.inDev);
        std::string why;
        switch (e.check) {
        case SrcCheck::RpfNoRoute: why = "it has no usable route back to " + ip(e.src); break;
        case SrcCheck::RpfNoAddress: why = inName + " has no IPv4 address, which even loose mode rejects"; break;
        default:
            why = "its route back to " + ip(e.src) + (e.route >= 0 ? " (" + route + ")" : std::string()) + " leaves through "
                  + (e.outDev >= 0 ? devName(e.outDev) : std::string("another device")) + ", not " + inName;
        }
        const std::string back = directRoute(e.ns, e.src, 0, nullptr, e.inDev);
        return cap(prefix + at + " drops " + what + " from " + ip(e.src) + " arriving on " + inName + " because of rp_filter="
                   + std::to_string(in.rpFilter) + (in.rpFilter == 1 ? " (strict)" : " (loose)") + ": " + why + ". Fix: "
                   + (e.check == SrcCheck::RpfNoAddress ? "give " + inName + " an address, or "
                                                        : "route " + ip(e.src) + " back through " + inName + " in " + at
                                                              + (back.empty() ? "" : " (" + cmd(back) + ")") + ", or ")
                   + "set net.ipv4.conf." + inName + ".rp_filter=0 and net.ipv4.conf.all.rp_filter=0 in " + at + ".");
    }
    case Disposition::Martian:
        if (e.check == SrcCheck::OwnAddress)
            return cap(prefix + at + " drops " + what + " because its source " + ip(e.src) + " is one of " + at
                       + "'s own addresses (a martian source: duplicate address). Fix: give each namespace its own address, or set accept_local=1 on "
                       + devName(e.inDev) + ".");
        return cap(prefix + at + " drops " + what + " as a martian (impossible source or destination address). Fix: use ordinary unicast addresses.");
    case Disposition::TtlExceeded: {
        std::vector<std::string> loop;
        std::string exact;
        for (auto it = m_path.rbegin(); it != m_path.rend() && loop.size() < 4; ++it) {
            const std::string n = nsName(*it);
            if (std::find(loop.begin(), loop.end(), n) != loop.end())
                continue;
            loop.push_back(n);
            if (exact.empty())
                exact = direct(*it, e.addr, e.src);
        }
        std::reverse(loop.begin(), loop.end());
        std::string cycle;
        for (const std::string &n : loop)
            cycle += n + " → ";
        if (!loop.empty())
            cycle += loop.front();
        return cap(prefix + what + " for " + a + " loops (" + cycle + " …) until its TTL runs out and " + at
                   + " sends \"Time to live exceeded\". Fix: "
                   + (exact.empty() ? "correct the routes for " + a + " so these routers do not point at each other."
                                    : exact + "."));
    }
    case Disposition::NoReturnRoute:
        if (e.route < 0)
            return "The request reaches " + at + ", but " + at + " has no route back to " + a + ", so its echo reply is never sent. "
                   "Fix: add a route covering " + a + " in " + at
                   + (e.inDev >= 0 ? ", e.g. " + cmd("ip -n " + at + " route add " + a + " dev " + devName(e.inDev))
                                         + " (back the way the request came in) or a default route."
                                   : " (e.g. a default route).");
        return "The request reaches " + at + ", but its route back to " + a + " is " + route + ", so the echo reply is never sent. "
               "Fix: give " + at + " a real route back to " + a + ".";
    case Disposition::DeliveredElsewhere:
        return cap(prefix + what + " is delivered to " + at + ", which also owns " + a + " (duplicate address), so it never reaches "
                   + node + ". Fix: give every namespace its own addresses.");
    case Disposition::Count: break;
    }
    return {};
}

} // namespace nslab::sim::detail
