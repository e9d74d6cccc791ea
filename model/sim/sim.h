#pragma once
// The packet-walk simulator: what one `ping -n -c1 -W1 ADDR` in namespace NODE does, hop by hop,
// over the emulator's state (linux-semantics.md §6–13), the full reachability matrix, and a plain
// explanation of every failure. Pure functions over const kernel state; no GUI.
//
// A simulated ping starts with every neighbour cache empty (permanent entries excepted) and lets
// the ARP learning caused by that same ping count (a target learns the sender from its request).
#include "kernel/kernel.h"
#include "net/ipv4.h"

#include <QJsonDocument>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nslab::sim {

// Why a ping ended the way it did (shared by trace, matrix and GUI; Batfish-like "dispositions").
enum class Disposition : std::uint8_t {
    Reply,             // echo reply received (exit 0)
    NoRoute,           // sender: connect ENETUNREACH (2); router: ICMP net unreachable (1)
    Blackhole,         // sender: connect EINVAL (2); router: silent drop (1)
    Unreachable,       // sender: connect EHOSTUNREACH (2); router: ICMP host unreachable (1)
    Prohibited,        // sender: "Do you want to ping broadcast?" (2); router: Packet filtered (1)
    Broadcast,         // the target is a broadcast address (2 at the sender, silence elsewhere)
    LoopbackDown,      // a local target while lo is down (1), or 127.0.0.1 with lo down (2)
    NoSourceAddress,   // the sender has no address to send from (1)
    ArpUnanswered,     // nobody answers the ARP request for the next hop (1)
    LinkDown,          // sent into a link without carrier / a disabled bridge port (1)
    ForwardingOff,     // a non-local packet arrives on a device with forwarding off (1)
    RpFilterDrop,      // reverse-path filter rejects the source (1)
    Martian,           // martian source/destination, e.g. our own address as source (1)
    TtlExceeded,       // routing loop: Time to live exceeded (1)
    NoReturnRoute,     // the target cannot route its echo reply back (1)
    DeliveredElsewhere,// the reply (or request) is delivered to a namespace that is not the one asking (1)
    Count
};
std::string_view dispositionName(Disposition d); // "reply", "no-route", "arp-unanswered", ...

// Which packet of the exchange a step or a failure belongs to.
enum class Leg : std::uint8_t { Request, Reply, IcmpError };
std::string_view legName(Leg leg);

enum class StepKind : std::uint8_t {
    Send,          // a namespace originates a packet (source chosen)
    RouteLookup,   // the route that matched (Step::route)
    NeighbourHit,  // next hop already known (learnt earlier in this ping, or permanent)
    ArpRequest,    // who-has broadcast on a device
    ArpReply,      // somebody answers (why)
    ArpUnanswered, // nobody answers (why, per receiver)
    Transmit,      // the frame leaves a device
    Receive,       // a packet enters a namespace on a device
    Forward,       // a router forwards it (TTL decremented)
    Redirect,      // the router would send an ICMP redirect (never changes this ping)
    Deliver,       // local delivery
    Drop,          // the packet dies here (Step::text says why)
    IcmpError,     // an ICMP error is generated
    Note,          // anything else worth telling (warnings)
};
std::string_view stepKindName(StepKind kind);

struct Step {
    std::string ns;
    StepKind kind = StepKind::Note;
    Leg leg = Leg::Request;
    std::string inDev;
    std::string outDev;
    std::string route; // the matched route exactly as `ip route show` prints the line (no newline)
    std::string text;  // one human sentence
};

struct PingResult {
    int exitCode = 1;
    Disposition disposition = Disposition::Reply;
    Leg leg = Leg::Request;   // which packet failed (Request for successes)
    std::string at;           // namespace where the ping's fate was decided
    std::string source;       // the source address the sender used ("" if none)
    std::string message;      // what ping prints: "64 bytes from …" / "From R icmp_seq=1 …" / "ping: connect: …" / ""
    std::string explanation;  // one or two sentences: the cause and the smallest fix
    std::vector<Step> trace;  // empty unless asked for
    std::vector<std::string> warnings; // timing-dependent outcomes (proxy_delay, equal defaults)
    int hops = 0;             // routers the request crossed
    int replyTtl = 0;         // TTL of the echo reply as received (exit 0)
};

struct Matrix {
    std::vector<std::string> nodes;     // every namespace, C-locale order
    std::vector<net::Ipv4> addresses;   // every IPv4 address on any interface, 127/8 excluded, numeric order
    std::vector<std::uint8_t> exitCodes;      // row-major: nodes × addresses
    std::vector<Disposition> dispositions;    // same layout
    int exitCode(std::size_t node, std::size_t address) const { return exitCodes[node * addresses.size() + address]; }
    Disposition disposition(std::size_t node, std::size_t address) const { return dispositions[node * addresses.size() + address]; }
};

namespace detail { class Snapshot; class Walker; }

// Compiles the kernel state once (ints, per-namespace LPM tables) and answers many pings fast.
// The kernel must outlive the simulator and must not change while it is used.
class Simulator {
public:
    explicit Simulator(const kernel::Kernel &kernel);
    ~Simulator();
    Simulator(const Simulator &) = delete;
    Simulator &operator=(const Simulator &) = delete;

    // `withTrace` = false skips building the trace, messages and explanation (matrix speed).
    PingResult ping(std::string_view node, net::Ipv4 dst, bool withTrace = true);
    Matrix matrix();
    bool hasNode(std::string_view node) const;

private:
    std::unique_ptr<detail::Snapshot> m_snapshot;
    std::unique_ptr<detail::Walker> m_walker;
};

// One-shot conveniences (compile the snapshot each call).
PingResult ping(const kernel::Kernel &kernel, std::string_view node, net::Ipv4 dst);
Matrix matrix(const kernel::Kernel &kernel);

QJsonDocument toJson(const PingResult &result, std::string_view node, net::Ipv4 dst);
QJsonDocument toJson(const Matrix &matrix);
// The plain-text trace the CLI prints (one line per step, then the explanation).
std::string formatTrace(const PingResult &result, std::string_view node, net::Ipv4 dst);

} // namespace nslab::sim
