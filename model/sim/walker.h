#pragma once
// The packet walk itself (linux-semantics.md §7–11) over a compiled Snapshot. One Walker is
// reused for many pings: its scratch buffers (learnt neighbours, the ARP memo) never shrink, so a
// ping without a trace allocates nothing once warm.
#include "sim/sim.h"
#include "sim/snapshot.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nslab::sim::detail {

// Why one receiver on the link did or did not answer an ARP request (§8.2).
enum class ArpWhy : std::uint8_t {
    AnsweredLocal, AnsweredProxy, AnsweredPvlan, AnsweredProxyEntry,
    BadTarget, MartianSender, OwnSender, RpFilter, NoRouteToTarget, TargetNotUnicast, ForwardingOff,
    RouteBackOutIn, ProxyArpOff, SelfProbe, ArpIgnore, ArpFilter,
};

struct ArpVerdict {
    int dev = -1;       // receiving endpoint
    ArpWhy why = ArpWhy::ProxyArpOff;
    int route = -1;     // the receiver's route to the target (if any)
    int revRoute = -1;  // its route back to the sender (rp_filter explanations)
    bool answered() const { return why <= ArpWhy::AnsweredProxyEntry; }
};

// Source validation outcome (fib_validate_source, §7.3).
enum class SrcCheck : std::uint8_t { Ok, OwnAddress, NotUnicast, RpfNoRoute, RpfNoAddress, RpfStrict };

class Walker {
public:
    explicit Walker(const Snapshot &snap);

    // The fast path for the matrix: exit code and disposition only.
    int run(int ns, std::uint32_t dst, Disposition *disposition);
    // Everything: trace, message, explanation, warnings.
    PingResult runTraced(int ns, std::uint32_t dst);

private:
    struct Pkt { std::uint32_t src = 0, dst = 0; int ttl = 64; Leg leg = Leg::Request; };
    struct Learnt { int dev; std::uint32_t addr; int target; };
    struct End {
        Disposition disp = Disposition::Reply;
        int exitCode = 1;
        Leg leg = Leg::Request;
        int ns = -1;           // where it ended
        int inDev = -1;
        int outDev = -1;
        int route = -1;
        std::uint32_t addr = 0; // next hop (ARP), or the destination looked up
        std::uint32_t src = 0;  // source of the packet that died
        std::uint32_t sip = 0;  // ARP sender address
        SrcCheck check = SrcCheck::Ok;
        int icmpType = 0;       // 0 none, else the ICMP error the router sends to the source
    };
    struct MemoSlot { std::uint64_t k1 = 0; std::uint32_t k2 = 0; std::int32_t answer = -1; std::int32_t delay = 0; bool used = false; std::uint8_t why = 0; };

    End walk(int ns, int route, Pkt pkt);
    int resolve(int ns, int outDev, std::uint32_t nextHop, std::uint32_t pktSrc, End &end);
    std::uint32_t arpSender(int outDev, std::uint32_t pktSrc, std::uint32_t target) const;
    const MemoSlot &arpQuery(int outDev, std::uint32_t sip, std::uint32_t tip);
    ArpVerdict arpReceive(int dev, std::uint32_t sip, std::uint32_t tip) const;
    int arpCompute(int outDev, std::uint32_t sip, std::uint32_t tip, int *delay, std::vector<ArpVerdict> *verdicts) const;
    bool arpIgnoreBlocks(int dev, std::uint32_t sip, std::uint32_t tip) const;
    bool arpFilterBlocks(int dev, std::uint32_t sip) const;
    SrcCheck validateSource(int ns, int inDev, std::uint32_t src, int oif, int *revRoute) const;
    void growMemo();

    // Trace helpers (only called when m_trace is set).
    void step(int ns, StepKind kind, Leg leg, int inDev, int outDev, int route, std::string text);
    std::string nsName(int ns) const;
    std::string devName(int dev) const;
    std::string routeText(int route) const;
    std::string verdictText(const ArpVerdict &v, std::uint32_t sip, std::uint32_t tip) const;
    std::string explain(const End &end, int senderNs, std::uint32_t dst, std::uint32_t src);
    std::string suggestGateway(int ns, int dev) const;
    // The command that turns forwarding on for `dev` of `ns`: net.ipv4.ip_forward=1 when no device
    // of the namespace forwards (one device alone would only move the failure to the next hop,
    // e.g. the reply arriving on another device), else that device's own switch.
    std::string forwardingFix(int ns, int dev) const;
    // `ip -n NS route add ADDR dev X scope link` when a device X of `ns` (only `onlyDev` if given)
    // leads straight (a veth) to a namespace that owns `addr` and would answer the ARP for it;
    // empty otherwise. `why` gets the reason in words.
    std::string directRoute(int ns, std::uint32_t addr, std::uint32_t pktSrc, std::string *why, int onlyDev = -1) const;

    const Snapshot &m_snap;
    std::vector<Learnt> m_learnt;
    std::vector<MemoSlot> m_memo;
    std::size_t m_memoUsed = 0;
    // Per ping.
    int m_sender = -1;
    int m_target = -1;              // where the echo request was delivered (reply-leg explanations)
    std::uint32_t m_origSrc = 0;
    int m_hops = 0;
    int m_replyTtl = 0;
    int m_proxyDelay = 0;           // sum of the largest possible proxy ARP delays (cs)
    bool m_usedEqualDefault = false;
    std::vector<int> m_path;        // namespaces that forwarded the request (loop explanations)
    std::vector<Step> *m_trace = nullptr;
    std::vector<ArpVerdict> m_verdicts; // last unanswered ARP (trace mode)
};

} // namespace nslab::sim::detail
