#pragma once
// The one operation vocabulary (DESIGN.md): everything `ip` and `sysctl` can do to a kernel that
// nslab knows about. Four interpreters read it: the parser (text → ops), the printer (ops → text),
// the kernel emulator (ops → simulated kernel) and the netlink executor (ops → real kernel).
//
// Every op names the namespace it runs in (`ns`). Commands typed in the root namespace are
// attributed by the parser to the host namespace name it is given (default "host").
#include "net/ipv4.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace nslab::model::ops {

using net::Ipv4;
using net::Mac;
using net::Prefix;

// Route scopes and types carry the kernel's numeric values (rtnetlink.h) so that they can be
// compared (a narrower scope is numerically larger) and handed to libnl as they are.
enum class Scope : std::uint8_t { Universe = 0, Site = 200, Link = 253, Host = 254, Nowhere = 255 };
enum class RouteType : std::uint8_t {
    Unicast = 1, Local = 2, Broadcast = 3, Anycast = 4, Multicast = 5,
    Blackhole = 6, Unreachable = 7, Prohibit = 8, Throw = 9, Nat = 10
};
constexpr std::uint32_t kTableMain = 254;
constexpr std::uint32_t kTableLocal = 255;
constexpr std::uint8_t kProtoKernel = 2;
constexpr std::uint8_t kProtoBoot = 3;
constexpr std::uint8_t kProtoStatic = 4;

// ---- namespaces ----------------------------------------------------------------------------
struct NetnsAdd { std::string name; bool operator==(const NetnsAdd &) const = default; };
struct NetnsDel { std::string name; bool operator==(const NetnsDel &) const = default; };

// ---- links ---------------------------------------------------------------------------------
// ip link add NAME [netns NS] type veth peer [name] PEER [netns PEERNS]
// `netns`/`peerNetns` empty = the namespace the command runs in.
struct LinkAddVeth {
    std::string ns;
    std::string name;
    std::string netns;
    std::string peer;
    std::string peerNetns;
    std::optional<Mac> address;
    std::optional<Mac> peerAddress;

    bool operator==(const LinkAddVeth &) const = default;
};
struct LinkAddBridge { std::string ns; std::string name; bool operator==(const LinkAddBridge &) const = default; };
struct LinkAddDummy { std::string ns; std::string name; bool operator==(const LinkAddDummy &) const = default; };
struct LinkDel { std::string ns; std::string name; bool operator==(const LinkDel &) const = default; };

// ip link set DEV [up|down] [master BR|nomaster] [netns NS] [mtu N] [address MAC] [name NEW]
// Fields left empty are not part of the command.
struct LinkSet {
    std::string ns;
    std::string dev;
    std::optional<bool> up;
    std::optional<std::string> master; // "" means `nomaster`
    std::optional<std::string> netns;
    std::optional<int> mtu;
    std::optional<Mac> address;
    std::optional<std::string> newName;

    bool operator==(const LinkSet &) const = default;
};

// ---- addresses -----------------------------------------------------------------------------
struct AddrAdd {
    std::string ns;
    std::string dev;
    Prefix local;                 // address and prefix length as written (host bits kept)
    std::optional<Prefix> peer;   // `peer P[/len]`
    std::optional<Ipv4> broadcast;
    std::optional<Scope> scope;   // default: host for 127/8 on lo, else universe
    bool noprefixroute = false;

    bool operator==(const AddrAdd &) const = default;
};
struct AddrDel {
    std::string ns;
    std::string dev;
    Prefix local;
    std::optional<Prefix> peer;
    // `ip addr del A dev D` without a prefix length: iproute2 warns on stderr (exit 0) and the
    // kernel deletes the first address A of any length (the "wildcard deletion").
    bool wildcard = false;

    bool operator==(const AddrDel &) const = default;
};
struct AddrFlush { std::string ns; std::string dev; bool operator==(const AddrFlush &) const = default; };

// ---- routes --------------------------------------------------------------------------------
enum class RouteCmd : std::uint8_t { Add, Replace, Append, Prepend, Change, Del };

// One `ip route add|replace|append|prepend|change|del`. Optional fields are exactly those the
// command named; iproute2's defaults (2.2 of linux-semantics.md) are applied by the emulator and
// the executor, so that `del` can match "anything" where the user said nothing.
struct RouteOp {
    std::string ns;
    RouteCmd cmd = RouteCmd::Add;
    std::optional<RouteType> type;
    Prefix dst;                    // `default` = 0.0.0.0/0; host bits kept as written
    std::uint8_t tos = 0;
    std::optional<Ipv4> via;
    std::optional<std::string> dev;
    std::optional<Ipv4> src;
    std::optional<std::uint32_t> metric;
    std::optional<Scope> scope;
    std::optional<std::uint8_t> proto;
    std::optional<std::uint32_t> table;
    bool onlink = false;

    bool operator==(const RouteOp &) const = default;
};
struct RouteFlush {
    std::string ns;
    std::optional<std::uint32_t> table;
    std::optional<std::string> dev;
    std::optional<Prefix> dst;     // `ip route flush 10.0.0.0/24` (root match)

    bool operator==(const RouteFlush &) const = default;
};

// ---- neighbours ----------------------------------------------------------------------------
struct NeighProxy { std::string ns; Ipv4 addr; std::string dev; bool add = true; bool operator==(const NeighProxy &) const = default; };
// ip neigh add|replace ADDR lladdr MAC dev DEV nud permanent
struct NeighAdd { std::string ns; Ipv4 addr; Mac lladdr; std::string dev; bool operator==(const NeighAdd &) const = default; };

// ---- sysctls -------------------------------------------------------------------------------
// `key` is the dotted sysctl name (net.ipv4.ip_forward, net.ipv4.conf.eth0.rp_filter,
// net.ipv4.neigh.eth0.proxy_delay); `value` its text as written.
struct SysctlSet { std::string ns; std::string key; std::string value; bool operator==(const SysctlSet &) const = default; };

// ---- queries (the console and `import --report` run them; the executor ignores them) ------
struct RouteShow { std::string ns; std::uint32_t table = kTableMain; bool operator==(const RouteShow &) const = default; };
struct RouteGet { std::string ns; Ipv4 dst; std::optional<Ipv4> from; std::optional<std::string> iif; bool operator==(const RouteGet &) const = default; };
struct AddrShow { std::string ns; std::optional<std::string> dev; bool operator==(const AddrShow &) const = default; };
struct LinkShow { std::string ns; std::optional<std::string> dev; bool operator==(const LinkShow &) const = default; };

// ---- what the parser produces for text that is not a valid op -----------------------------
// A command iproute2 itself refuses before talking to the kernel: the emulator "runs" it by
// returning exactly this exit code and stderr, so `import --report` stays byte-exact.
struct Rejected { std::string ns; int exitCode = 1; std::string stderrText; bool operator==(const Rejected &) const = default; };

using Op = std::variant<NetnsAdd, NetnsDel, LinkAddVeth, LinkAddBridge, LinkAddDummy, LinkDel, LinkSet,
                        AddrAdd, AddrDel, AddrFlush, RouteOp, RouteFlush, NeighProxy, NeighAdd, SysctlSet,
                        RouteShow, RouteGet, AddrShow, LinkShow, Rejected>;

// The namespace an op runs in ("" for NetnsAdd/NetnsDel, which run in no namespace).
const std::string &opNamespace(const Op &op);
// True for the ops that change state (everything but the queries and Rejected).
bool isMutation(const Op &op);

// What running one command returns: the real command's exit code and output, byte for byte.
struct Result {
    int exitCode = 0;
    std::string out; // stdout
    std::string err; // stderr, with its final newline
    bool ok() const { return exitCode == 0; }
};

} // namespace nslab::model::ops
