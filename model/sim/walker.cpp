#include "sim/walker.h"

#include "ops/names.h"
#include "sim/routeformat.h"

#include <algorithm>

namespace nslab::sim::detail {

namespace {

constexpr bool isErrorType(RouteType t)
{
    return t == RouteType::Blackhole || t == RouteType::Unreachable || t == RouteType::Prohibit || t == RouteType::Throw;
}
constexpr bool zeronet(std::uint32_t a) { return (a >> 24) == 0; }
constexpr bool loopback(std::uint32_t a) { return (a >> 24) == 127; }
constexpr bool multicast(std::uint32_t a) { return (a >> 28) == 0xe; }
std::string ip(std::uint32_t a) { return net::Ipv4{a}.toString(); }

std::uint64_t mix(std::uint64_t k1, std::uint32_t k2)
{
    std::uint64_t h = k1 * 0x9e3779b97f4a7c15ull ^ (std::uint64_t(k2) * 0xc2b2ae3d27d4eb4full);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

std::string_view rpfName(int v) { return v == 1 ? "1 (strict)" : v == 2 ? "2 (loose)" : "0"; }

} // namespace

Walker::Walker(const Snapshot &snap) : m_snap(snap)
{
    m_learnt.reserve(512);
    m_path.reserve(128);
    m_memo.resize(1024);
}

// ---------------------------------------------------------------------------------------------
// Source validation: fib_validate_source / __fib_validate_source (§7.3). `oif` is the output
// device of a forwarded packet, -1 for local delivery.
SrcCheck Walker::validateSource(int ns, int inDev, std::uint32_t src, int oif, int *revRoute) const
{
    const CDev &in = m_snap.devs[inDev];
    const int rpf = in.rpFilter;
    *revRoute = -1;
    if (!rpf && (inDev != oif || !in.sendRedirects)) {
        if (in.acceptLocal)
            return SrcCheck::Ok;
        if (!m_snap.nss[ns].customLocal)
            return m_snap.ownAddress(ns, src) >= 0 ? SrcCheck::OwnAddress : SrcCheck::Ok;
    }
    const int r = m_snap.lookup(ns, src);
    *revRoute = r;
    if (r < 0 || isErrorType(m_snap.routes[r].type))
        return rpf ? SrcCheck::RpfNoRoute : SrcCheck::Ok;
    const CRoute &rr = m_snap.routes[r];
    if (rr.type != RouteType::Unicast && !(rr.type == RouteType::Local && in.acceptLocal))
        return rr.type == RouteType::Local ? SrcCheck::OwnAddress : SrcCheck::NotUnicast;
    const bool devMatch = rr.dev == inDev || (rr.type == RouteType::Local && in.kind == DevKind::Loopback);
    if (devMatch)
        return SrcCheck::Ok;
    if (!in.hasAddr())
        return rpf ? SrcCheck::RpfNoAddress : SrcCheck::Ok;
    if (rpf == 1)
        return SrcCheck::RpfStrict;
    return SrcCheck::Ok;
}

// ---------------------------------------------------------------------------------------------
// ARP (§8).
std::uint32_t Walker::arpSender(int outDev, std::uint32_t pktSrc, std::uint32_t target) const
{
    const CDev &d = m_snap.devs[outDev];
    if (pktSrc != 0 && d.arpAnnounce != 2) {
        const bool local = m_snap.isLocalRoute(m_snap.lookup(d.ns, pktSrc));
        if (local && (d.arpAnnounce != 1 || m_snap.onlink(outDev, target, pktSrc)))
            return pktSrc;
    }
    return m_snap.selectAddr(outDev, target, Scope::Link);
}

bool Walker::arpIgnoreBlocks(int dev, std::uint32_t sip, std::uint32_t tip) const
{
    const CDev &d = m_snap.devs[dev];
    switch (d.arpIgnore) {
    case 1: return !m_snap.confirmAddr(d.ns, dev, 0, tip, Scope::Host);
    case 2: return !m_snap.confirmAddr(d.ns, dev, sip, tip, Scope::Host);
    case 3: return !m_snap.confirmAddr(d.ns, -1, 0, tip, Scope::Link);
    case 8: return true;
    default: return false; // 0 and the reserved 4–7 answer
    }
}

// arp_filter: the route from us back to the sender must leave through the receiving device.
bool Walker::arpFilterBlocks(int dev, std::uint32_t sip) const
{
    const CDev &d = m_snap.devs[dev];
    const int r = m_snap.lookup(d.ns, sip);
    if (r < 0 || isErrorType(m_snap.routes[r].type))
        return true;
    const CRoute &rr = m_snap.routes[r];
    if (rr.type == RouteType::Local)
        return true; // goes to lo
    return rr.dev != dev;
}

ArpVerdict Walker::arpReceive(int dev, std::uint32_t sip, std::uint32_t tip) const
{
    const CDev &d = m_snap.devs[dev];
    const int ns = d.ns;
    ArpVerdict v;
    v.dev = dev;
    if (sip == 0) { // duplicate-address probe from a sender without an address
        const int r = m_snap.lookup(ns, tip);
        v.route = r;
        v.why = m_snap.isLocalRoute(r) && !arpIgnoreBlocks(dev, 0, tip) ? ArpWhy::AnsweredLocal : ArpWhy::BadTarget;
        return v;
    }
    if (multicast(tip) || (loopback(tip) && !d.routeLocalnet)) {
        v.why = ArpWhy::BadTarget;
        return v;
    }
    // ip_route_input(tip, sip, dev): the full input routing, source check included.
    if (multicast(sip) || sip == 0xffffffffu || zeronet(sip) || (loopback(sip) && !d.routeLocalnet)) {
        v.why = ArpWhy::MartianSender;
        return v;
    }
    const int r = m_snap.lookup(ns, tip);
    v.route = r;
    if (r < 0 || isErrorType(m_snap.routes[r].type)) {
        v.why = d.forwarding ? ArpWhy::NoRouteToTarget : ArpWhy::ForwardingOff;
        return v;
    }
    const CRoute &rt = m_snap.routes[r];
    if (rt.type == RouteType::Broadcast) {
        v.why = ArpWhy::BadTarget;
        return v;
    }
    if (rt.type == RouteType::Local) {
        const SrcCheck c = validateSource(ns, dev, sip, -1, &v.revRoute);
        if (c != SrcCheck::Ok) {
            v.why = c == SrcCheck::OwnAddress || c == SrcCheck::NotUnicast ? ArpWhy::OwnSender : ArpWhy::RpFilter;
            return v;
        }
        if (arpIgnoreBlocks(dev, sip, tip)) {
            v.why = ArpWhy::ArpIgnore;
            return v;
        }
        if (d.arpFilter && arpFilterBlocks(dev, sip)) {
            v.why = ArpWhy::ArpFilter;
            return v;
        }
        v.why = ArpWhy::AnsweredLocal;
        return v;
    }
    if (!d.forwarding) {
        v.why = ArpWhy::ForwardingOff;
        return v;
    }
    if (rt.type != RouteType::Unicast) {
        v.why = ArpWhy::TargetNotUnicast;
        return v;
    }
    const SrcCheck c = validateSource(ns, dev, sip, rt.dev, &v.revRoute);
    if (c != SrcCheck::Ok) {
        v.why = c == SrcCheck::OwnAddress || c == SrcCheck::NotUnicast ? ArpWhy::OwnSender : ArpWhy::RpFilter;
        return v;
    }
    const bool sameDev = rt.dev == dev;
    if (sameDev && !d.proxyArpPvlan) {
        v.why = ArpWhy::RouteBackOutIn;
        return v;
    }
    if (!sameDev && d.proxyArp)
        v.why = ArpWhy::AnsweredProxy;
    else if (sameDev && sip != tip && d.proxyArpPvlan)
        v.why = ArpWhy::AnsweredPvlan;
    else if (!sameDev && m_snap.proxyEntry(ns, dev, tip))
        v.why = ArpWhy::AnsweredProxyEntry;
    else
        v.why = sameDev ? ArpWhy::SelfProbe : ArpWhy::ProxyArpOff;
    return v;
}

int Walker::arpCompute(int outDev, std::uint32_t sip, std::uint32_t tip, int *delay, std::vector<ArpVerdict> *verdicts) const
{
    int best = -1;
    bool bestDelayed = false;
    *delay = 0;
    for (int ep : m_snap.segments[m_snap.devs[outDev].segment]) {
        if (ep == outDev)
            continue;
        const ArpVerdict v = arpReceive(ep, sip, tip);
        if (verdicts)
            verdicts->push_back(v);
        if (!v.answered())
            continue;
        // Answers go out as the receivers process the request, and the first reply wins; a proxied
        // answer with proxy_delay > 0 waits a random time (§8.2.4), so immediate answers beat it.
        const bool delayed = v.why != ArpWhy::AnsweredLocal && m_snap.devs[ep].proxyDelay > 0;
        if (best < 0 || (bestDelayed && !delayed)) {
            best = ep;
            bestDelayed = delayed;
            *delay = delayed ? m_snap.devs[ep].proxyDelay : 0;
        }
    }
    return best;
}

void Walker::growMemo()
{
    std::vector<MemoSlot> old;
    old.swap(m_memo);
    m_memo.resize(old.size() * 2);
    const std::size_t mask = m_memo.size() - 1;
    for (const MemoSlot &s : old) {
        if (!s.used)
            continue;
        std::size_t h = mix(s.k1, s.k2) & mask;
        while (m_memo[h].used)
            h = (h + 1) & mask;
        m_memo[h] = s;
    }
}

// The answer to "who has tip, tell sip" sent out of outDev depends only on the (frozen) state,
// so it is computed once per Simulator.
const Walker::MemoSlot &Walker::arpQuery(int outDev, std::uint32_t sip, std::uint32_t tip)
{
    const std::uint64_t k1 = (std::uint64_t(std::uint32_t(outDev)) << 32) | sip;
    std::size_t mask = m_memo.size() - 1;
    std::size_t h = mix(k1, tip) & mask;
    while (m_memo[h].used) {
        if (m_memo[h].k1 == k1 && m_memo[h].k2 == tip)
            return m_memo[h];
        h = (h + 1) & mask;
    }
    if ((m_memoUsed + 1) * 2 > m_memo.size()) {
        growMemo();
        mask = m_memo.size() - 1;
        h = mix(k1, tip) & mask;
        while (m_memo[h].used)
            h = (h + 1) & mask;
    }
    MemoSlot &s = m_memo[h];
    s.used = true;
    s.k1 = k1;
    s.k2 = tip;
    int delay = 0;
    s.answer = arpCompute(outDev, sip, tip, &delay, nullptr);
    s.delay = delay;
    ++m_memoUsed;
    return s;
}

int Walker::resolve(int ns, int outDev, std::uint32_t nextHop, std::uint32_t pktSrc, End &end)
{
    // Permanent entries first: nothing learnt overrides them.
    bool found = false;
    const int perm = m_snap.permanentNeighbour(ns, outDev, nextHop, &found);
    if (found) {
        if (m_trace)
            step(ns, StepKind::NeighbourHit, end.leg, -1, outDev, -1,
                 perm >= 0 ? ip(nextHop) + " has a permanent neighbour entry on " + devName(outDev) + " (its MAC is "
                                 + devName(perm) + " in " + nsName(m_snap.devs[perm].ns) + ")"
                           : ip(nextHop) + " has a permanent neighbour entry on " + devName(outDev)
                                 + ", but no device on that link has its MAC: the frame is lost");
        if (perm < 0) {
            end.disp = Disposition::LinkDown;
            end.addr = nextHop;
        }
        return perm;
    }
    for (auto it = m_learnt.rbegin(); it != m_learnt.rend(); ++it) {
        if (it->dev == outDev && it->addr == nextHop) {
            if (m_trace)
                step(ns, StepKind::NeighbourHit, end.leg, -1, outDev, -1,
                     ip(nextHop) + " is already in " + nsName(ns) + "'s neighbour table on " + devName(outDev)
                         + " (learnt earlier in this ping), so no ARP is needed");
            return it->target;
        }
    }
    const std::uint32_t sip = arpSender(outDev, pktSrc, nextHop);
    end.sip = sip;
    // A bridge port (§11): the request leaves through it, but the answer comes back through it
    // too, and br_handle_frame takes every frame arriving on a port, passing it up on the bridge
    // device; the neighbour entry pending on the port never resolves.
    if (const CDev &od = m_snap.devs[outDev]; od.isPort) {
        if (m_trace) {
            m_verdicts.clear();
            step(ns, StepKind::ArpRequest, end.leg, -1, outDev, -1,
                 nsName(ns) + " broadcasts on " + devName(outDev) + ": who has " + ip(nextHop) + "? tell "
                     + (sip ? ip(sip) : std::string("0.0.0.0")));
            step(ns, StepKind::ArpUnanswered, end.leg, -1, outDev, -1,
                 "no answer resolves it: " + devName(outDev) + " is enslaved to " + devName(od.bridge)
                     + ", so any reply arriving on it is passed up on " + devName(od.bridge) + ", not on "
                     + devName(outDev));
        }
        end.disp = Disposition::ArpUnanswered;
        end.addr = nextHop;
        return -1;
    }
    const MemoSlot &slot = arpQuery(outDev, sip, nextHop);
    const int answer = slot.answer;
    const int delay = slot.delay;
    if (m_trace) {
        step(ns, StepKind::ArpRequest, end.leg, -1, outDev, -1,
             nsName(ns) + " broadcasts on " + devName(outDev) + ": who has " + ip(nextHop) + "? tell "
                 + (sip ? ip(sip) : std::string("0.0.0.0")));
        m_verdicts.clear();
        int d = 0;
        arpCompute(outDev, sip, nextHop, &d, &m_verdicts);
        for (const ArpVerdict &v : m_verdicts) {
            if (v.dev == answer)
                step(m_snap.devs[v.dev].ns, StepKind::ArpReply, end.leg, v.dev, -1, v.route, verdictText(v, sip, nextHop));
        }
        if (answer < 0) {
            std::string text = "nobody answers";
            if (m_verdicts.empty())
                text += ": no other device is listening on this link";
            step(ns, StepKind::ArpUnanswered, end.leg, -1, outDev, -1, text);
            for (const ArpVerdict &v : m_verdicts)
                step(m_snap.devs[v.dev].ns, StepKind::Note, end.leg, v.dev, -1, v.route, verdictText(v, sip, nextHop));
        } else {
            for (const ArpVerdict &v : m_verdicts)
                if (v.dev != answer && v.answered())
                    step(m_snap.devs[v.dev].ns, StepKind::Note, end.leg, v.dev, -1, v.route,
                         verdictText(v, sip, nextHop) + " too; the first answer wins");
        }
    }
    if (answer < 0) {
        end.disp = Disposition::ArpUnanswered;
        end.addr = nextHop;
        return -1;
    }
    m_proxyDelay += delay;
    m_learnt.push_back({outDev, nextHop, answer});
    if (sip != 0)
        m_learnt.push_back({answer, sip, outDev}); // the target learns the asker (§8.1)
    return answer;
}

// ---------------------------------------------------------------------------------------------
// The walk: output from `ns` through `route`, across links and routers, until the packet is
// delivered or dies. An echo request delivered to its target turns into the echo reply.
Walker::End Walker::walk(int ns, int route, Pkt pkt)
{
    const auto &devs = m_snap.devs;
    const auto &routes = m_snap.routes;
    End end;
    end.leg = pkt.leg;
    for (int guard = 0; guard < 4096; ++guard) {
        const CRoute &r = routes[route];
        const int out = r.dev;
        const std::uint32_t nh = r.viaGateway ? r.gw : pkt.dst;
        if (r.orig->dst.len == 0 && m_snap.nss[ns].equalDefaults > 1)
            m_usedEqualDefault = true;
        end.ns = ns;
        end.leg = pkt.leg;
        end.inDev = -1;
        end.outDev = out;
        end.route = route;
        end.src = pkt.src;
        end.addr = nh;
        int in = -1;
        if (out < 0) {
            end.disp = Disposition::LinkDown;
            return end;
        }
        const CDev &od = devs[out];
        if (od.kind == DevKind::Loopback) {
            if (!od.up) {
                end.disp = Disposition::LoopbackDown;
                return end;
            }
            in = out; // handed back to our own stack
        } else if (od.kind == DevKind::Dummy || !od.carrier) {
            if (m_trace)
                step(ns, StepKind::Drop, pkt.leg, -1, out, -1,
                     od.kind == DevKind::Dummy ? devName(out) + " is a dummy device: whatever is sent into it is discarded"
                                               : devName(out) + " has no carrier (the other end of the link is down): the packet is lost");
            end.disp = Disposition::LinkDown;
            return end;
        } else {
            in = resolve(ns, out, nh, pkt.src, end);
            if (in < 0)
                return end;
            if (m_trace)
                step(ns, StepKind::Transmit, pkt.leg, -1, out, -1,
                     "the frame leaves " + devName(out) + " for " + devName(in) + " in " + nsName(devs[in].ns));
        }

        // ---- receiver side (§7.2) ----
        const CDev &id = devs[in];
        const int m = id.ns;
        end.ns = m;
        end.inDev = in;
        end.outDev = -1;
        end.route = -1;
        end.addr = pkt.dst;
        if (m_trace)
            step(m, StepKind::Receive, pkt.leg, in, -1, -1,
                 nsName(m) + " receives " + ip(pkt.src) + " → " + ip(pkt.dst) + " on " + devName(in) + " (ttl "
                     + std::to_string(pkt.ttl) + ")");
        if (multicast(pkt.src) || pkt.src == 0xffffffffu || zeronet(pkt.src) || zeronet(pkt.dst)
            || (loopback(pkt.dst) && !id.routeLocalnet) || (loopback(pkt.src) && !id.routeLocalnet)) {
            end.disp = Disposition::Martian;
            end.check = SrcCheck::NotUnicast;
            if (m_trace)
                step(m, StepKind::Drop, pkt.leg, in, -1, -1, "martian packet (impossible source or destination): dropped");
            return end;
        }
        const int r2 = m_snap.lookup(m, pkt.dst);
        end.route = r2;
        const RouteType t2 = r2 < 0 ? RouteType::Throw : routes[r2].type;
        if (r2 < 0 || isErrorType(t2)) {
            if (!id.forwarding) {
                end.disp = Disposition::ForwardingOff;
                if (m_trace)
                    step(m, StepKind::Drop, pkt.leg, in, -1, r2,
                         ip(pkt.dst) + " is not local and forwarding is off on " + devName(in) + ": silently dropped");
                return end;
            }
            switch (t2) {
            case RouteType::Blackhole: end.disp = Disposition::Blackhole; break;
            case RouteType::Unreachable: end.disp = Disposition::Unreachable; end.icmpType = 1; break;
            case RouteType::Prohibit: end.disp = Disposition::Prohibited; end.icmpType = 13; break;
            default: end.disp = Disposition::NoRoute; end.icmpType = 0xff; break;
            }
            if (m_trace)
                step(m, end.icmpType ? StepKind::IcmpError : StepKind::Drop, pkt.leg, in, -1, r2,
                     r2 < 0 ? nsName(m) + " has no route to " + ip(pkt.dst) + ": drops it and sends ICMP net unreachable to " + ip(pkt.src)
                            : t2 == RouteType::Blackhole ? "the blackhole route silently discards it"
                            : t2 == RouteType::Unreachable ? "the unreachable route rejects it: ICMP host unreachable to " + ip(pkt.src)
                            : t2 == RouteType::Prohibit ? "the prohibit route rejects it: ICMP packet filtered to " + ip(pkt.src)
                                                        : "the throw route ends the lookup: ICMP net unreachable to " + ip(pkt.src));
            return end;
        }
        if (t2 == RouteType::Broadcast) {
            end.disp = Disposition::Broadcast;
            if (m_trace)
                step(m, StepKind::Drop, pkt.leg, in, -1, r2, ip(pkt.dst) + " is a broadcast address here; echo requests to broadcasts are ignored");
            return end;
        }
        if (t2 == RouteType::Local) {
            int rev = -1;
            const SrcCheck c = validateSource(m, in, pkt.src, -1, &rev);
            if (c != SrcCheck::Ok) {
                end.check = c;
                end.disp = c == SrcCheck::OwnAddress || c == SrcCheck::NotUnicast ? Disposition::Martian : Disposition::RpFilterDrop;
                end.outDev = rev >= 0 ? routes[rev].dev : -1;
                end.route = rev; // the explanation quotes the route back, not the local route
                if (m_trace)
                    step(m, StepKind::Drop, pkt.leg, in, -1, rev,
                         c == SrcCheck::OwnAddress ? "the source " + ip(pkt.src) + " is one of " + nsName(m) + "'s own addresses: martian source, dropped"
                         : c == SrcCheck::NotUnicast ? "the source " + ip(pkt.src) + " is not a unicast address here: martian source, dropped"
                                                     : "rp_filter " + std::string(rpfName(id.rpFilter)) + " on " + devName(in) + " rejects the source " + ip(pkt.src));
                return end;
            }
            if (pkt.leg == Leg::Request) {
                if (m_trace)
                    step(m, StepKind::Deliver, pkt.leg, in, -1, r2, ip(pkt.dst) + " is local to " + nsName(m) + ": the echo request is delivered");
                m_target = m;
                Pkt reply;
                reply.src = pkt.dst;
                reply.dst = pkt.src;
                reply.ttl = 64;
                reply.leg = Leg::Reply;
                const int rr = m_snap.lookup(m, reply.dst);
                end.leg = Leg::Reply;
                end.route = rr;
                end.src = reply.src;
                end.addr = reply.dst;
                end.inDev = in; // where the request came in: the natural way back
                if (rr < 0 || routes[rr].type != RouteType::Unicast) {
                    if (rr >= 0 && routes[rr].type == RouteType::Local && m == m_sender && reply.dst == m_origSrc) {
                        // Our own source address: the reply goes through lo.
                        const int lo = m_snap.nss[m].lo;
                        if (lo >= 0 && devs[lo].up) {
                            end.disp = Disposition::Reply;
                            end.exitCode = 0;
                            m_replyTtl = 64;
                            return end;
                        }
                        end.disp = Disposition::LoopbackDown;
                        return end;
                    }
                    end.disp = rr >= 0 && routes[rr].type == RouteType::Local ? Disposition::DeliveredElsewhere : Disposition::NoReturnRoute;
                    if (m_trace)
                        step(m, StepKind::Drop, Leg::Reply, -1, -1, rr,
                             rr < 0 ? nsName(m) + " has no route back to " + ip(reply.dst) + ": the echo reply cannot be sent"
                                    : nsName(m) + "'s route back to " + ip(reply.dst) + " is " + model::ops::routeTypeName(routes[rr].type) + ": the echo reply cannot be sent");
                    return end;
                }
                if (m_trace)
                    step(m, StepKind::Send, Leg::Reply, -1, routes[rr].dev, rr,
                         nsName(m) + " sends the echo reply " + ip(reply.src) + " → " + ip(reply.dst));
                ns = m;
                route = rr;
                pkt = reply;
                continue;
            }
            // Echo reply or ICMP error arriving somewhere.
            if (m == m_sender && pkt.dst == m_origSrc) {
                end.disp = Disposition::Reply;
                end.exitCode = 0;
                m_replyTtl = pkt.ttl;
                if (m_trace)
                    step(m, StepKind::Deliver, pkt.leg, in, -1, r2, pkt.leg == Leg::Reply ? "ping receives the echo reply" : "ping receives the ICMP error");
            } else {
                end.disp = Disposition::DeliveredElsewhere;
                if (m_trace)
                    step(m, StepKind::Drop, pkt.leg, in, -1, r2, nsName(m) + " also owns " + ip(pkt.dst) + " and keeps the packet: it never reaches " + nsName(m_sender));
            }
            return end;
        }
        if (!id.forwarding) {
            end.disp = Disposition::ForwardingOff;
            if (m_trace)
                step(m, StepKind::Drop, pkt.leg, in, -1, r2,
                     ip(pkt.dst) + " is not local and forwarding is off on " + devName(in) + ": silently dropped");
            return end;
        }
        if (t2 != RouteType::Unicast) {
            end.disp = Disposition::Martian;
            end.check = SrcCheck::Ok;
            if (m_trace)
                step(m, StepKind::Drop, pkt.leg, in, -1, r2, "the route to " + ip(pkt.dst) + " is not unicast: martian destination, dropped");
            return end;
        }
        const CRoute &fr = routes[r2];
        int rev = -1;
        const SrcCheck c = validateSource(m, in, pkt.src, fr.dev, &rev);
        if (c != SrcCheck::Ok) {
            end.check = c;
            end.disp = c == SrcCheck::OwnAddress || c == SrcCheck::NotUnicast ? Disposition::Martian : Disposition::RpFilterDrop;
            end.outDev = rev >= 0 ? routes[rev].dev : -1;
            end.route = rev;
            if (m_trace)
                step(m, StepKind::Drop, pkt.leg, in, -1, rev,
                     c == SrcCheck::OwnAddress ? "the source " + ip(pkt.src) + " is one of " + nsName(m) + "'s own addresses: martian source, dropped"
                     : c == SrcCheck::NotUnicast ? "the source " + ip(pkt.src) + " is not a unicast address here: martian source, dropped"
                                                 : "rp_filter " + std::string(rpfName(id.rpFilter)) + " on " + devName(in) + " rejects the source " + ip(pkt.src));
            return end;
        }
        if (pkt.ttl <= 1) {
            end.disp = Disposition::TtlExceeded;
            end.icmpType = 11;
            if (m_trace)
                step(m, StepKind::IcmpError, pkt.leg, in, -1, r2, "TTL would reach 0: " + nsName(m) + " drops it and sends ICMP time exceeded to " + ip(pkt.src));
            return end;
        }
        --pkt.ttl;
        if (pkt.leg == Leg::Request) {
            ++m_hops;
            if (m_path.size() < m_path.capacity())
                m_path.push_back(m);
        }
        if (m_trace) {
            step(m, StepKind::Forward, pkt.leg, in, fr.dev, r2,
                 nsName(m) + " forwards it out of " + devName(fr.dev) + " (forwarding on " + devName(in) + "), ttl " + std::to_string(pkt.ttl));
            if (fr.dev == in && id.sendRedirects)
                step(m, StepKind::Redirect, pkt.leg, in, fr.dev, r2,
                     "it leaves through the device it came in on, so " + nsName(m) + " may also send an ICMP redirect; this ping is not affected");
        }
        ns = m;
        route = r2;
    }
    end.disp = Disposition::TtlExceeded;
    return end;
}

// ---------------------------------------------------------------------------------------------
int Walker::run(int ns, std::uint32_t dst, Disposition *disposition)
{
    m_trace = nullptr;
    m_learnt.clear();
    m_path.clear();
    m_sender = ns;
    m_hops = 0;
    m_target = -1;
    m_replyTtl = 0;
    m_proxyDelay = 0;
    m_usedEqualDefault = false;
    const auto &routes = m_snap.routes;

    auto done = [&](Disposition d, int code) {
        *disposition = d;
        return code;
    };
    if (dst == 0xffffffffu)
        return done(Disposition::Broadcast, 2);
    if (dst == 0) { // the kernel turns 0.0.0.0 into 127.0.0.1 through lo
        const int lo = m_snap.nss[ns].lo;
        return lo >= 0 && m_snap.devs[lo].up ? done(Disposition::Reply, 0) : done(Disposition::LoopbackDown, 1);
    }
    const int r = m_snap.lookup(ns, dst);
    if (r < 0) {
        const int lo = m_snap.nss[ns].lo;
        if (loopback(dst) && (lo < 0 || !m_snap.devs[lo].up))
            return done(Disposition::LoopbackDown, 2);
        return done(Disposition::NoRoute, 2);
    }
    const CRoute &rt = routes[r];
    switch (rt.type) {
    case RouteType::Blackhole: return done(Disposition::Blackhole, 2);
    case RouteType::Unreachable: return done(Disposition::Unreachable, 2);
    case RouteType::Prohibit: return done(Disposition::Prohibited, 2);
    case RouteType::Throw: return done(Disposition::NoRoute, 2);
    case RouteType::Broadcast: return done(Disposition::Broadcast, 2);
    case RouteType::Local: {
        m_origSrc = rt.hasPrefsrc ? rt.prefsrc : dst;
        const int lo = m_snap.nss[ns].lo;
        if (lo < 0 || !m_snap.devs[lo].up)
            return done(Disposition::LoopbackDown, 1);
        m_replyTtl = 64;
        return done(Disposition::Reply, 0);
    }
    case RouteType::Unicast: break;
    default: return done(Disposition::NoRoute, 2);
    }
    if (multicast(dst)) // sent, but nobody answers echo requests to a group (icmp_echo_ignore_broadcasts)
        return done(Disposition::Broadcast, 1);
    if (rt.source == 0)
        return done(Disposition::NoSourceAddress, 1);
    m_origSrc = rt.source;
    Pkt p;
    p.src = rt.source;
    p.dst = dst;
    const End e = walk(ns, r, p);
    return done(e.disp, e.exitCode);
}

PingResult Walker::runTraced(int ns, std::uint32_t dst)
{
    PingResult res;
    std::vector<Step> trace;
    std::vector<std::string> warnings;
    m_learnt.clear();
    m_path.clear();
    m_sender = ns;
    m_hops = 0;
    m_target = -1;
    m_replyTtl = 0;
    m_proxyDelay = 0;
    m_usedEqualDefault = false;
    m_trace = &trace;
    const auto &routes = m_snap.routes;
    const std::string dstText = ip(dst);

    End e;
    e.ns = ns;
    auto finishLocal = [&](Disposition d, int code, std::string message, int route) {
        e.disp = d;
        e.exitCode = code;
        e.route = route;
        e.addr = dst;
        res.message = std::move(message);
    };
    step(ns, StepKind::Send, Leg::Request, -1, -1, -1, nsName(ns) + " runs ping " + dstText);
    const int r = dst == 0xffffffffu || dst == 0 ? -1 : m_snap.lookup(ns, dst);
    if (dst == 0) {
        const int lo = m_snap.nss[ns].lo;
        if (lo >= 0 && m_snap.devs[lo].up) {
            step(ns, StepKind::Deliver, Leg::Request, lo, lo, -1, "0.0.0.0 means this host: the kernel sends it to 127.0.0.1 through lo");
            finishLocal(Disposition::Reply, 0, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64", -1);
            m_replyTtl = 64;
        } else {
            step(ns, StepKind::Drop, Leg::Request, -1, lo, -1, "0.0.0.0 means this host, through lo, but lo is down");
            finishLocal(Disposition::LoopbackDown, 1, "", -1);
        }
    } else if (dst == 0xffffffffu) {
        finishLocal(Disposition::Broadcast, 2, "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules", -1);
    } else if (r < 0) {
        const int lo = m_snap.nss[ns].lo;
        const bool loDown = loopback(dst) && (lo < 0 || !m_snap.devs[lo].up);
        step(ns, StepKind::RouteLookup, Leg::Request, -1, -1, -1, "no route matches " + dstText);
        finishLocal(loDown ? Disposition::LoopbackDown : Disposition::NoRoute, 2, "ping: connect: Network is unreachable", -1);
    } else {
        const CRoute &rt = routes[r];
        step(ns, StepKind::RouteLookup, Leg::Request, -1, rt.dev, r, "route lookup for " + dstText);
        switch (rt.type) {
        case RouteType::Blackhole: finishLocal(Disposition::Blackhole, 2, "ping: connect: Invalid argument", r); break;
        case RouteType::Unreachable: finishLocal(Disposition::Unreachable, 2, "ping: connect: No route to host", r); break;
        case RouteType::Prohibit:
            finishLocal(Disposition::Prohibited, 2, "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules", r);
            break;
        case RouteType::Throw: finishLocal(Disposition::NoRoute, 2, "ping: connect: Network is unreachable", r); break;
        case RouteType::Broadcast:
            finishLocal(Disposition::Broadcast, 2, "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules", r);
            break;
        case RouteType::Local: {
            m_origSrc = rt.hasPrefsrc ? rt.prefsrc : dst;
            res.source = ip(m_origSrc);
            const int lo = m_snap.nss[ns].lo;
            if (lo < 0 || !m_snap.devs[lo].up) {
                step(ns, StepKind::Drop, Leg::Request, -1, lo, r, dstText + " is local, so the packet goes through lo, but lo is down: it is dropped");
                finishLocal(Disposition::LoopbackDown, 1, "", r);
            } else {
                step(ns, StepKind::Deliver, Leg::Request, lo, lo, r, dstText + " is local: the request and its reply go through lo");
                finishLocal(Disposition::Reply, 0, "64 bytes from " + dstText + ": icmp_seq=1 ttl=64", r);
                m_replyTtl = 64;
            }
            break;
        }
        case RouteType::Unicast: {
            if (multicast(dst)) {
                step(ns, StepKind::Drop, Leg::Request, -1, rt.dev, r, dstText + " is a multicast group: nobody answers echo requests to it");
                finishLocal(Disposition::Broadcast, 1, "", r);
                break;
            }
            if (rt.source == 0) {
                step(ns, StepKind::Drop, Leg::Request, -1, rt.dev, r, nsName(ns) + " has no address to send from");
                finishLocal(Disposition::NoSourceAddress, 1, "", r);
                e.outDev = rt.dev;
                break;
            }
            m_origSrc = rt.source;
            res.source = ip(rt.source);
            std::string why;
            if (rt.hasPrefsrc) {
                why = "the route's src";
            } else {
                const int owner = m_snap.ownAddress(ns, rt.source);
                why = owner == rt.dev ? "an address of " + devName(rt.dev)
                                      : devName(rt.dev) + " has no suitable address, so the first one found on another device, "
                                            + devName(owner);
            }
            step(ns, StepKind::Send, Leg::Request, -1, rt.dev, -1,
                 nsName(ns) + " sends the echo request " + ip(rt.source) + " → " + dstText + " (source: " + why + ")");
            Pkt p;
            p.src = rt.source;
            p.dst = dst;
            e = walk(ns, r, p);
            if (e.exitCode == 0) {
                res.message = "64 bytes from " + dstText + ": icmp_seq=1 ttl=" + std::to_string(m_replyTtl);
            } else if (e.leg == Leg::Request && e.icmpType != 0 && e.ns >= 0) {
                // The router's ICMP error travels back; ping prints it only if it arrives.
                const End request = e;
                const int back = m_snap.lookup(e.ns, rt.source);
                if (back >= 0 && routes[back].type == RouteType::Unicast && routes[back].source != 0) {
                    Pkt err;
                    err.src = routes[back].source;
                    err.dst = rt.source;
                    err.leg = Leg::IcmpError;
                    step(e.ns, StepKind::Send, Leg::IcmpError, -1, routes[back].dev, back,
                         nsName(e.ns) + " sends the ICMP error " + ip(err.src) + " → " + ip(err.dst));
                    const End ee = walk(e.ns, back, err);
                    if (ee.exitCode == 0) {
                        const char *what = request.icmpType == 11 ? "Time to live exceeded"
                                         : request.icmpType == 13 ? "Packet filtered"
                                         : request.icmpType == 1 ? "Destination Host Unreachable"
                                                                 : "Destination Net Unreachable";
                        res.message = "From " + ip(err.src) + " icmp_seq=1 " + what;
                    }
                }
                e = request;
                e.exitCode = 1;
            }
            break;
        }
        default:
            finishLocal(Disposition::NoRoute, 2, "ping: connect: Network is unreachable", r);
            break;
        }
    }
    if (m_proxyDelay > 0) {
        warnings.push_back("proxy ARP answered with a random delay of up to " + std::to_string(m_proxyDelay * 10)
                           + " ms (proxy_delay); " + (m_proxyDelay >= 100 ? "with ping -W1 the reply may arrive too late" : "the reply still arrives within 1 s"));
    }
    if (m_usedEqualDefault)
        warnings.push_back("several default routes share the best metric: after a failed ARP the kernel may switch to the next one (6.3)");
    res.exitCode = e.exitCode;
    res.disposition = e.disp;
    res.leg = e.disp == Disposition::Reply ? Leg::Request : e.leg;
    res.at = e.ns >= 0 ? nsName(e.ns) : std::string();
    res.hops = m_hops;
    res.replyTtl = e.exitCode == 0 ? m_replyTtl : 0;
    res.explanation = explain(e, ns, dst, m_origSrc);
    for (const std::string &w : warnings)
        step(ns, StepKind::Note, Leg::Request, -1, -1, -1, "warning: " + w);
    res.trace = std::move(trace);
    res.warnings = std::move(warnings);
    m_trace = nullptr;
    return res;
}

// ---------------------------------------------------------------------------------------------
void Walker::step(int ns, StepKind kind, Leg leg, int inDev, int outDev, int route, std::string text)
{
    Step s;
    s.ns = nsName(ns);
    s.kind = kind;
    s.leg = leg;
    if (inDev >= 0)
        s.inDev = devName(inDev);
    if (outDev >= 0)
        s.outDev = devName(outDev);
    if (route >= 0)
        s.route = routeText(route);
    s.text = std::move(text);
    m_trace->push_back(std::move(s));
}

std::string Walker::nsName(int ns) const { return ns >= 0 ? m_snap.nss[ns].name : std::string(); }
std::string Walker::devName(int dev) const { return dev >= 0 ? m_snap.devs[dev].dev->name : std::string(); }
std::string Walker::routeText(int route) const
{
    if (route < 0)
        return {};
    const CRoute &r = m_snap.routes[route];
    const int ns = r.dev >= 0 ? m_snap.devs[r.dev].ns : -1;
    // Routes without a device: find the namespace that owns the route object.
    const kernel::Namespace *owner = ns >= 0 ? m_snap.nss[ns].ns : nullptr;
    if (!owner) {
        for (const CNs &c : m_snap.nss) {
            if (!c.ns->routes.empty() && &c.ns->routes.front() <= r.orig && r.orig <= &c.ns->routes.back()) {
                owner = c.ns;
                break;
            }
        }
    }
    return owner ? formatRoute(*owner, *r.orig) : std::string();
}

} // namespace nslab::sim::detail
