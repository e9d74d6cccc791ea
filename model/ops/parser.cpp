// Parser: shell text → ops, following iproute2 6.1 / procps-ng 4.0 argument handling exactly.
//
// iproute2 walks argv with `matches(arg, "keyword")` (arg is a non-empty prefix of keyword) and
// strcmp tests in a fixed order; the first test that succeeds wins. Each parse function below
// keeps the order of the corresponding iproute2 function (named in its comment), so that
// abbreviations resolve the same way and the first error iproute2 would print is the one we
// report. Errors that need kernel state (unknown device, missing namespace) are not decided
// here: names stay strings and the emulator answers for them.
#include "ops/parser.h"

#include "ops/iproute2usage.h"

#include <arpa/inet.h>

#include <algorithm>
#include <map>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <exception>
#include <utility>

namespace nslab::model::ops {

namespace {

// ---- control flow ------------------------------------------------------------------------

// iproute2 (or sysctl) stops before talking to the kernel: exit code and stderr, byte-exact.
struct Exit {
    int code;
    std::string err;
    std::optional<std::string> ns; // filled in by the innermost command that knows its namespace
};
// Outside the vocabulary.
struct NotSupported {
    std::string why;
};

[[noreturn]] void exitWith(int code, std::string err)
{
    throw Exit{code, std::move(err), std::nullopt};
}
[[noreturn]] void notSupported(std::string why)
{
    throw NotSupported{std::move(why)};
}

constexpr int kMaxDepth = 8; // nested `ip netns exec … sh -c '…'` levels

// ---- C library number parsing (iproute2 relies on strtoul/strtol quirks) -----------------

bool isCSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int digitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

struct CNumber {
    std::uint64_t magnitude = 0; // saturated at UINT64_MAX on overflow
    bool negative = false;
    bool overflow = false;
    std::size_t end = 0;         // characters consumed; 0 = no digits (endptr == nptr)
};

// The digits strtoul/strtol accept at the start of `s` in `base` (0 = auto, like C).
CNumber scanNumber(std::string_view s, int base)
{
    CNumber n;
    std::size_t i = 0;
    while (i < s.size() && isCSpace(s[i]))
        ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        n.negative = s[i] == '-';
        ++i;
    }
    if ((base == 0 || base == 16) && i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')
        && i + 2 < s.size() && digitValue(s[i + 2]) < 16) {
        i += 2;
        base = 16;
    } else if (base == 0) {
        base = (i < s.size() && s[i] == '0') ? 8 : 10;
    }
    const std::size_t digitsStart = i;
    while (i < s.size() && digitValue(s[i]) < base) {
        const auto d = std::uint64_t(digitValue(s[i]));
        if (n.magnitude > (UINT64_MAX - d) / std::uint64_t(base))
            n.overflow = true;
        else
            n.magnitude = n.magnitude * std::uint64_t(base) + d;
        ++i;
    }
    if (i == digitsStart)
        return CNumber{};
    n.end = i;
    return n;
}

// strtoul(): the whole string must be a number; the value wraps like C for a minus sign.
std::optional<std::uint64_t> cStrtoul(std::string_view s, int base)
{
    if (s.empty())
        return std::nullopt;
    const CNumber n = scanNumber(s, base);
    if (n.end == 0 || n.end != s.size() || n.overflow)
        return std::nullopt;
    return n.negative ? std::uint64_t(0) - n.magnitude : n.magnitude;
}

bool getUnsigned(unsigned &out, std::string_view s, std::uint64_t max = UINT_MAX)
{
    const auto v = cStrtoul(s, 0);
    if (!v || *v > max)
        return false;
    out = unsigned(*v);
    return true;
}

// get_integer(): strtol with int range.
bool getInteger(int &out, std::string_view s)
{
    if (s.empty())
        return false;
    const CNumber n = scanNumber(s, 0);
    if (n.end == 0 || n.end != s.size() || n.overflow)
        return false;
    const std::int64_t v = n.negative ? -std::int64_t(std::min<std::uint64_t>(n.magnitude, 1ull << 62))
                                      : std::int64_t(std::min<std::uint64_t>(n.magnitude, 1ull << 62));
    if (v < INT_MIN || v > INT_MAX)
        return false;
    out = int(v);
    return true;
}

// ---- iproute2 helpers (lib/utils.c) --------------------------------------------------------

bool matches(std::string_view arg, std::string_view keyword)
{
    return !arg.empty() && arg.size() <= keyword.size() && keyword.substr(0, arg.size()) == arg;
}

constexpr int kAfUnspec = 0;
constexpr int kAfInet = 2;
constexpr int kAfBridge = 7;
constexpr int kAfInet6 = 10;
constexpr int kAfPacket = 17;
constexpr int kAfMpls = 28;

int readFamily(std::string_view name)
{
    if (name == "inet")
        return kAfInet;
    if (name == "inet6")
        return kAfInet6;
    if (name == "link")
        return kAfPacket;
    if (name == "mpls")
        return kAfMpls;
    if (name == "bridge")
        return kAfBridge;
    return kAfUnspec;
}

const char *familyNameVerbose(int family)
{
    switch (family) {
    case kAfUnspec: return "any valid";
    case kAfInet: return "inet";
    case kAfInet6: return "inet6";
    case kAfPacket: return "link";
    case kAfMpls: return "mpls";
    case kAfBridge: return "bridge";
    default: return "???";
    }
}

[[noreturn]] void incompleteCommand()
{
    exitWith(255, "Command line is not complete. Try option \"help\"\n");
}
[[noreturn]] void invarg(std::string_view msg, std::string_view arg)
{
    exitWith(255, "Error: argument \"" + std::string(arg) + "\" is wrong: " + std::string(msg) + "\n");
}
[[noreturn]] void duparg(std::string_view key, std::string_view arg)
{
    exitWith(255, "Error: duplicate \"" + std::string(key) + "\": \"" + std::string(arg) + "\" is the second value.\n");
}
[[noreturn]] void duparg2(std::string_view key, std::string_view arg)
{
    exitWith(255, "Error: either \"" + std::string(key) + "\" is duplicate, or \"" + std::string(arg)
                      + "\" is a garbage.\n");
}
// usage(): the object's usage text on stderr, exit 255.
[[noreturn]] void usage(std::string_view what)
{
    std::string_view text = iproute2::kUsageIp;
    if (what.rfind("ip route", 0) == 0)
        text = iproute2::kUsageRoute;
    else if (what.rfind("ip address", 0) == 0)
        text = iproute2::kUsageAddress;
    else if (what.rfind("ip link", 0) == 0)
        text = iproute2::kUsageLink;
    else if (what.rfind("ip neigh", 0) == 0)
        text = iproute2::kUsageNeigh;
    else if (what.rfind("ip netns", 0) == 0)
        text = iproute2::kUsageNetns;
    exitWith(255, std::string(text));
}

// inet_prefix, IPv4 view.
struct InetPrefix {
    int family = kAfUnspec;
    std::uint32_t addr = 0;
    int bitlen = 0;
    int bytelen = 0;
    bool lenSpecified = false;
};

// get_addr_ipv4(): 1 to 4 parts, each strtoul(…, 0) ≤ 255 ("10.1" = 10.1.0.0, "0x0a" = 10).
std::optional<std::uint32_t> getAddrIpv4(std::string_view cp)
{
    std::uint8_t ap[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; ++i) {
        const CNumber n = scanNumber(cp, 0);
        const std::uint64_t v = n.negative ? std::uint64_t(0) - n.magnitude : n.magnitude;
        if (n.overflow || v > 255)
            return std::nullopt;
        if (n.end == 0)
            return std::nullopt;
        ap[i] = std::uint8_t(v);
        if (n.end == cp.size())
            break;
        if (i == 3 || cp[n.end] != '.')
            return std::nullopt;
        cp = cp.substr(n.end + 1);
    }
    return (std::uint32_t(ap[0]) << 24) | (std::uint32_t(ap[1]) << 16) | (std::uint32_t(ap[2]) << 8) | ap[3];
}

// get_addr_1()
std::optional<InetPrefix> getAddr1(std::string_view name, int family)
{
    InetPrefix p;
    if (name == "default") {
        if (family == kAfMpls)
            return std::nullopt;
        p.family = family;
        p.bytelen = family == kAfInet ? 4 : (family == kAfInet6 ? 16 : 0);
        p.bitlen = -2;
        p.lenSpecified = true;
        return p;
    }
    if (name == "all" || name == "any") {
        if (family == kAfMpls)
            return std::nullopt;
        p.family = family;
        p.bytelen = 0;
        p.bitlen = -2;
        return p;
    }
    if (family == kAfPacket || family == kAfMpls)
        notSupported("link-layer and MPLS addresses are not supported");
    if (name.find(':') != std::string_view::npos) {
        if (family != kAfUnspec && family != kAfInet6)
            return std::nullopt;
        unsigned char buf[16];
        const std::string copy(name);
        if (inet_pton(AF_INET6, copy.c_str(), buf) <= 0)
            return std::nullopt;
        p.family = kAfInet6;
        p.bytelen = 16;
        p.bitlen = -1;
        return p;
    }
    if (family != kAfUnspec && family != kAfInet)
        return std::nullopt;
    const auto a = getAddrIpv4(name);
    if (!a)
        return std::nullopt;
    p.family = kAfInet;
    p.addr = *a;
    p.bytelen = 4;
    p.bitlen = -1;
    return p;
}

// get_netmask(): a length, or a contiguous dotted mask.
std::optional<unsigned> getNetmask(std::string_view s)
{
    unsigned v = 0;
    if (getUnsigned(v, s))
        return v;
    if (auto a = getAddr1(s, kAfInet); a && a->family == kAfInet) {
        const std::uint32_t host = ~a->addr;
        if ((host & (host + 1)) == 0) {
            unsigned bits = 0;
            for (std::uint32_t m = a->addr; m; m <<= 1)
                ++bits;
            return bits;
        }
    }
    return std::nullopt;
}

// get_prefix_1()
std::optional<InetPrefix> getPrefix1(std::string_view arg, int family)
{
    const auto slash = arg.find('/');
    auto dst = getAddr1(arg.substr(0, slash), family);
    if (!dst)
        return std::nullopt;
    int bitlen = dst->family == kAfInet ? 32 : (dst->family == kAfInet6 ? 128 : 0);
    if (slash != std::string_view::npos) {
        if (dst->bitlen == -2)
            return std::nullopt;
        const auto plen = getNetmask(arg.substr(slash + 1));
        if (!plen || int(*plen) > bitlen)
            return std::nullopt;
        dst->lenSpecified = true;
        bitlen = int(*plen);
    } else if (dst->bitlen == -2) {
        bitlen = 0;
    }
    dst->bitlen = bitlen;
    return dst;
}

InetPrefix getPrefix(std::string_view arg, int family)
{
    if (auto p = getPrefix1(arg, family))
        return *p;
    exitWith(1, std::string("Error: ") + familyNameVerbose(family) + " prefix is expected rather than \""
                    + std::string(arg) + "\".\n");
}

InetPrefix getAddr(std::string_view arg, int family)
{
    if (auto p = getAddr1(arg, family))
        return *p;
    exitWith(1, std::string("Error: ") + familyNameVerbose(family) + " address is expected rather than \""
                    + std::string(arg) + "\".\n");
}

void requireInet(const InetPrefix &p)
{
    if (p.family == kAfInet6)
        notSupported("IPv6 is not supported");
}

Prefix toPrefix(const InetPrefix &p)
{
    return Prefix{Ipv4{p.addr}, std::uint8_t(std::clamp(p.bitlen, 0, 32))};
}

// ll_addr_a2n(), restricted to what a MAC can be.
Mac parseLladdr(std::string_view arg)
{
    if (arg.find('.') != std::string_view::npos) {
        if (!getAddr1(arg, kAfInet))
            exitWith(1, "\"" + std::string(arg) + "\" is invalid lladdr.\n");
        notSupported("an IPv4 address as a link-layer address is not supported");
    }
    std::array<std::uint8_t, 32> bytes{};
    int count = 0;
    std::string_view rest = arg;
    for (int i = 0; i < 32; ++i) {
        const auto colon = rest.find(':');
        const std::string_view part = rest.substr(0, colon);
        // sscanf("%x"): optional blanks, sign, optional 0x, hex digits; trailing junk ignored.
        const CNumber n = scanNumber(part, 16);
        if (n.end == 0)
            exitWith(1, "\"" + std::string(part) + "\" is invalid lladdr.\n");
        const std::uint64_t v = n.negative ? std::uint64_t(0) - n.magnitude : n.magnitude;
        const auto asInt = std::int32_t(std::uint32_t(n.overflow ? UINT32_MAX : v));
        if (asInt < 0 || asInt > 255)
            exitWith(1, "\"" + std::string(part) + "\" is invalid lladdr.\n");
        bytes[std::size_t(i)] = std::uint8_t(asInt);
        count = i + 1;
        if (colon == std::string_view::npos)
            break;
        rest = rest.substr(colon + 1);
    }
    if (count != 6)
        notSupported("a link-layer address of " + std::to_string(count) + " bytes is not supported");
    Mac mac;
    std::copy(bytes.begin(), bytes.begin() + 6, mac.b);
    return mac;
}

// check_ifname() / check_altifname()
bool badAltIfname(std::string_view name)
{
    if (name.empty())
        return true;
    return std::any_of(name.begin(), name.end(), [](char c) { return c == '/' || isCSpace(c); });
}
bool badIfname(std::string_view name)
{
    return name.size() >= 16 || badAltIfname(name);
}

// ---- name tables (lib/rt_names.c with Debian 12's /etc/iproute2) ---------------------------

struct NamedValue {
    const char *name;
    std::uint32_t value;
};
constexpr NamedValue kScopes[] = {{"global", 0}, {"site", 200}, {"link", 253}, {"host", 254}, {"nowhere", 255}};
constexpr NamedValue kProtos[] = {
    {"unspec", 0},   {"redirect", 1}, {"kernel", 2},      {"boot", 3},   {"static", 4},   {"gated", 8},
    {"ra", 9},       {"mrt", 10},     {"zebra", 11},      {"bird", 12},  {"dnrouted", 13}, {"xorp", 14},
    {"ntk", 15},     {"dhcp", 16},    {"keepalived", 18}, {"babel", 42}, {"openr", 99},   {"bgp", 186},
    {"isis", 187},   {"ospf", 188},   {"rip", 189},       {"eigrp", 192}};
constexpr NamedValue kTables[] = {{"unspec", 0}, {"default", 253}, {"main", 254}, {"local", 255}};
constexpr NamedValue kDsfields[] = {
    {"default", 0x0}, {"AF11", 0x28}, {"AF12", 0x30}, {"AF13", 0x38}, {"AF21", 0x48}, {"AF22", 0x50},
    {"AF23", 0x58},   {"AF31", 0x68}, {"AF32", 0x70}, {"AF33", 0x78}, {"AF41", 0x88}, {"AF42", 0x90},
    {"AF43", 0x98},   {"CS1", 0x20},  {"CS2", 0x40},  {"CS3", 0x60},  {"CS4", 0x80},  {"CS5", 0xA0},
    {"CS6", 0xC0},    {"CS7", 0xE0},  {"EF", 0xB8}};

template <std::size_t N>
std::optional<std::uint32_t> lookupName(const NamedValue (&table)[N], std::string_view s)
{
    for (const auto &e : table)
        if (s == e.name)
            return e.value;
    return std::nullopt;
}

template <std::size_t N>
std::optional<std::uint32_t> nameOrNumber(const NamedValue (&table)[N], std::string_view s, int base,
                                          std::uint64_t max)
{
    if (auto v = lookupName(table, s))
        return v;
    const auto v = cStrtoul(s, base);
    if (!v || *v > max)
        return std::nullopt;
    return std::uint32_t(*v);
}

std::optional<std::uint32_t> rtScope(std::string_view s) { return nameOrNumber(kScopes, s, 0, 255); }
std::optional<std::uint32_t> rtProto(std::string_view s) { return nameOrNumber(kProtos, s, 0, 255); }
std::optional<std::uint32_t> rtTable(std::string_view s) { return nameOrNumber(kTables, s, 0, UINT32_MAX); }
std::optional<std::uint32_t> rtDsfield(std::string_view s) { return nameOrNumber(kDsfields, s, 16, 255); }

// rtnl_rtntype_a2n() (ip/rtm_map.c)
std::optional<int> rtType(std::string_view arg)
{
    if (arg == "local")
        return 2;
    if (arg == "nat")
        return 10;
    if (matches(arg, "broadcast") || arg == "brd")
        return 3;
    if (matches(arg, "anycast"))
        return 4;
    if (matches(arg, "multicast"))
        return 5;
    if (matches(arg, "prohibit"))
        return 8;
    if (matches(arg, "unreachable"))
        return 7;
    if (matches(arg, "blackhole"))
        return 6;
    if (matches(arg, "xresolve"))
        return 11;
    if (matches(arg, "unicast"))
        return 1;
    if (arg == "throw")
        return 9;
    const auto v = cStrtoul(arg, 0);
    if (!v || *v > 255)
        return std::nullopt;
    return int(*v);
}

// ---- argument cursor ---------------------------------------------------------------------

class Argv {
public:
    Argv(const std::vector<std::string> &words, std::size_t start)
        : m_words(words)
        , m_pos(start)
    {
    }
    bool done() const { return m_pos >= m_words.size(); }
    std::size_t left() const { return done() ? 0 : m_words.size() - m_pos; }
    const std::string &cur() const { return m_words[m_pos]; }
    void advance() { ++m_pos; }
    // NEXT_ARG()
    const std::string &next()
    {
        ++m_pos;
        if (done())
            incompleteCommand();
        return cur();
    }
    std::size_t pos() const { return m_pos; }
    const std::vector<std::string> &words() const { return m_words; }

private:
    const std::vector<std::string> &m_words;
    std::size_t m_pos;
};

// ---- the `ip` command -----------------------------------------------------------------------

// `netns PATH` opens PATH itself (netns_get_fd): the script's own shell ($$, kept literally by
// shellWords) or PID 1 is how a script names the root namespace, which the parser calls
// ParseOptions::hostName.
constexpr std::string_view kShellNetnsPath = "/proc/$$/ns/net";
constexpr std::string_view kInitNetnsPath = "/proc/1/ns/net";

struct IpContext {
    std::string ns;            // namespace the command runs in
    std::string host;          // ParseOptions::hostName
    int family = kAfUnspec;    // -4 / -6 / -f
    std::string outputOption;  // first option that changes what a query prints (-d, -j, …)
};

void rejectFamily(const IpContext &ctx, const char *object)
{
    if (ctx.family != kAfUnspec && ctx.family != kAfInet)
        notSupported(std::string("ip -") + (ctx.family == kAfInet6 ? "6" : "f") + " " + object
                     + ": only IPv4 is supported");
}

void rejectOutputOption(const IpContext &ctx)
{
    if (!ctx.outputOption.empty())
        notSupported("option " + ctx.outputOption + " changes the output of this query; not supported");
}

// iproute_modify() (ip/iproute.c)
RouteOp parseRouteModify(Argv &a, const IpContext &ctx, RouteCmd cmd)
{
    RouteOp op;
    op.ns = ctx.ns;
    op.cmd = cmd;
    int family = ctx.family;
    bool gwOk = false;
    bool dstOk = false;

    while (!a.done()) {
        const std::string &w = a.cur();
        if (w == "src") {
            const auto addr = getAddr(a.next(), family);
            if (family == kAfUnspec)
                family = addr.family;
            requireInet(addr);
            if (addr.bytelen != 4)
                notSupported("`src " + a.cur() + "` is not supported");
            op.src = Ipv4{addr.addr};
        } else if (w == "as") {
            notSupported("`as` (NAT destination) is not supported");
        } else if (w == "via") {
            if (gwOk)
                invarg("use nexthop syntax to specify multiple via\n", w);
            gwOk = true;
            int viaFamily = readFamily(a.next());
            if (viaFamily == kAfUnspec)
                viaFamily = family;
            else
                a.next();
            if (viaFamily != kAfUnspec && viaFamily != kAfInet && viaFamily != kAfInet6)
                notSupported("`via " + a.words()[a.pos() - 1] + "` is not supported");
            const auto addr = getAddr(a.cur(), viaFamily);
            if (family == kAfUnspec)
                family = addr.family;
            requireInet(addr);
            if (addr.bytelen != 4)
                notSupported("`via " + a.cur() + "` is not supported");
            op.via = Ipv4{addr.addr};
        } else if (w == "from") {
            notSupported("source-specific routes (`from`) are not supported");
        } else if (w == "tos" || matches(w, "dsfield")) {
            const auto tos = rtDsfield(a.next());
            if (!tos)
                invarg("\"tos\" value is invalid\n", a.cur());
            op.tos = std::uint8_t(*tos);
        } else if (w == "expires") {
            notSupported("`expires` is not supported");
        } else if (matches(w, "metric") || matches(w, "priority") || w == "preference") {
            unsigned metric = 0;
            if (!getUnsigned(metric, a.next(), UINT32_MAX))
                invarg("\"metric\" value is invalid\n", a.cur());
            op.metric = metric;
        } else if (w == "scope") {
            const auto scope = rtScope(a.next());
            if (!scope)
                invarg("invalid \"scope\" value\n", a.cur());
            op.scope = Scope(*scope);
        } else if (w == "mtu" || w == "hoplimit" || w == "advmss" || matches(w, "reordering") || w == "rtt"
                   || w == "rto_min" || matches(w, "window") || matches(w, "cwnd") || matches(w, "initcwnd")
                   || matches(w, "initrwnd") || matches(w, "features") || matches(w, "quickack")
                   || matches(w, "congctl") || matches(w, "rttvar") || matches(w, "ssthresh")
                   || matches(w, "realms")) {
            notSupported("route metric `" + w + "` is not supported");
        } else if (w == "onlink") {
            op.onlink = true;
        } else if (w == "nexthop" || w == "nhid") {
            notSupported("multipath and nexthop objects (`" + w + "`) are not supported");
        } else if (matches(w, "protocol")) {
            const auto proto = rtProto(a.next());
            if (!proto)
                invarg("\"protocol\" value is invalid\n", a.cur());
            op.proto = std::uint8_t(*proto);
        } else if (matches(w, "table")) {
            const auto table = rtTable(a.next());
            if (!table)
                invarg("\"table\" value is invalid\n", a.cur());
            op.table = *table;
        } else if (matches(w, "vrf")) {
            notSupported("VRFs are not supported");
        } else if (w == "dev" || w == "oif") {
            op.dev = a.next();
        } else if (matches(w, "pref") || w == "encap" || w == "ttl-propagate" || matches(w, "fastopen_no_cookie")) {
            notSupported("route option `" + w + "` is not supported");
        } else {
            if (a.cur() == "to")
                a.next();
            const std::string &t = a.cur();
            if ((t.empty() || t[0] < '0' || t[0] > '9')) {
                if (const auto type = rtType(t)) {
                    a.next();
                    if (*type < 1 || *type > 10)
                        notSupported("route type " + t + " is not supported");
                    op.type = RouteType(*type);
                }
            }
            if (matches(a.cur(), "help"))
                usage("ip route");
            if (dstOk)
                duparg2("to", a.cur());
            const auto dst = getPrefix(a.cur(), family);
            if (family == kAfUnspec)
                family = dst.family;
            requireInet(dst);
            op.dst = toPrefix(dst);
            dstOk = true;
        }
        a.advance();
    }
    if (!dstOk)
        usage("ip route");
    return op;
}

// The filters of iproute_list_flush_or_save() that the vocabulary has; anything else is refused.
struct RouteFilter {
    std::optional<std::uint32_t> table;
    std::optional<std::string> dev;
    std::optional<Prefix> dst;
};

RouteFilter parseRouteFilter(Argv &a, const IpContext &ctx, bool flush)
{
    RouteFilter f;
    const int family = ctx.family;
    while (!a.done()) {
        const std::string &w = a.cur();
        if (matches(w, "table")) {
            const std::string &t = a.next();
            if (const auto id = rtTable(t))
                f.table = *id;
            else if (t == "all")
                f.table = 0;
            else if (t == "cache")
                notSupported("the routing cache is not supported");
            else if (t == "help")
                usage("ip route");
            else
                invarg("table id value is invalid\n", t);
        } else if (matches(w, "vrf") || matches(w, "cached") || matches(w, "cloned")) {
            notSupported("`" + w + "` is not supported");
        } else if (w == "tos" || matches(w, "dsfield") || matches(w, "protocol") || matches(w, "scope")
                   || matches(w, "type") || w == "iif" || w == "mark" || matches(w, "metric")
                   || matches(w, "priority") || w == "preference" || w == "via" || w == "src"
                   || matches(w, "realms") || matches(w, "from")) {
            notSupported("route filter `" + w + "` is not supported");
        } else if (w == "dev" || w == "oif") {
            f.dev = a.next();
        } else {
            if (matches(w, "to"))
                a.next();
            if (matches(a.cur(), "root") || matches(a.cur(), "match"))
                notSupported("route filter `" + a.cur() + "` is not supported");
            if (matches(a.cur(), "exact"))
                a.next();
            const auto p = getPrefix(a.cur(), family);
            requireInet(p);
            if (!flush)
                notSupported("`ip route show PREFIX` is not supported");
            // "all"/"any" without -4 leave the filter unset (family unspec): everything matches.
            if (p.family == kAfUnspec && !p.lenSpecified)
                f.dst.reset();
            else
                f.dst = toPrefix(p);
        }
        a.advance();
    }
    return f;
}

// iproute_get()
RouteGet parseRouteGet(Argv &a, const IpContext &ctx)
{
    RouteGet op;
    op.ns = ctx.ns;
    int family = ctx.family;
    bool found = false;
    while (!a.done()) {
        const std::string &w = a.cur();
        if (w == "tos" || matches(w, "dsfield")) {
            notSupported("`ip route get … tos` is not supported");
        } else if (matches(w, "from")) {
            const std::string &s = a.next();
            if (matches(s, "help"))
                usage("ip route");
            const auto p = getPrefix(s, family);
            if (family == kAfUnspec)
                family = p.family;
            requireInet(p);
            if (p.bitlen != 32 || p.bytelen != 4)
                notSupported("`from " + s + "`: only a single address is supported");
            op.from = Ipv4{p.addr};
        } else if (matches(w, "iif")) {
            op.iif = a.next();
        } else if (matches(w, "mark") || matches(w, "oif") || w == "dev" || matches(w, "notify")
                   || matches(w, "connected") || matches(w, "vrf") || matches(w, "uid") || matches(w, "fibmatch")
                   || w == "as" || matches(w, "sport") || matches(w, "dport") || matches(w, "ipproto")) {
            notSupported("`ip route get … " + w + "` is not supported");
        } else {
            if (w == "to")
                a.next();
            if (matches(a.cur(), "help"))
                usage("ip route");
            const auto p = getPrefix(a.cur(), family);
            if (family == kAfUnspec)
                family = p.family;
            requireInet(p);
            if (p.bitlen != 32 || p.bytelen != 4)
                notSupported("`ip route get " + a.cur() + "`: only a single address is supported");
            op.dst = Ipv4{p.addr};
            found = true;
        }
        a.advance();
    }
    if (!found)
        exitWith(1, "need at least a destination address\n");
    return op;
}

// do_iproute()
std::vector<Op> parseRoute(Argv &a, IpContext &ctx)
{
    rejectFamily(ctx, "route");
    if (a.done()) {
        rejectOutputOption(ctx);
        return {RouteShow{ctx.ns, kTableMain}};
    }
    const std::string &c = a.cur();
    std::optional<RouteCmd> cmd;
    if (matches(c, "add"))
        cmd = RouteCmd::Add;
    else if (matches(c, "change") || c == "chg")
        cmd = RouteCmd::Change;
    else if (matches(c, "replace"))
        cmd = RouteCmd::Replace;
    else if (matches(c, "prepend"))
        cmd = RouteCmd::Prepend;
    else if (matches(c, "append"))
        cmd = RouteCmd::Append;
    else if (matches(c, "test"))
        notSupported("`ip route test` is not supported");
    else if (matches(c, "delete"))
        cmd = RouteCmd::Del;
    if (cmd) {
        a.advance();
        return {parseRouteModify(a, ctx, *cmd)};
    }
    if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) {
        a.advance();
        const RouteFilter f = parseRouteFilter(a, ctx, false);
        if (f.dev)
            notSupported("`ip route show dev` is not supported");
        rejectOutputOption(ctx);
        return {RouteShow{ctx.ns, f.table.value_or(kTableMain)}};
    }
    if (matches(c, "get")) {
        a.advance();
        RouteGet op = parseRouteGet(a, ctx);
        rejectOutputOption(ctx);
        return {op};
    }
    if (matches(c, "flush")) {
        a.advance();
        if (a.done())
            exitWith(1, "\"ip route flush\" requires arguments.\n");
        const RouteFilter f = parseRouteFilter(a, ctx, true);
        return {RouteFlush{ctx.ns, f.table, f.dev, f.dst}};
    }
    if (matches(c, "save") || matches(c, "restore") || matches(c, "showdump"))
        notSupported("`ip route " + c + "` is not supported");
    if (matches(c, "help"))
        usage("ip route");
    exitWith(255, "Command \"" + c + "\" is unknown, try \"ip route help\".\n");
}

// ipaddr_modify() (ip/ipaddress.c)
std::vector<Op> parseAddrModify(Argv &a, const IpContext &ctx, bool add)
{
    int family = ctx.family;
    std::optional<std::string> dev;
    std::optional<InetPrefix> local;
    std::optional<InetPrefix> peer;
    std::optional<Ipv4> broadcast;
    int brdMode = 0; // 0 none, 1 address, -1 "+", -2 "-"
    std::optional<Scope> scope;
    bool noprefixroute = false;

    while (!a.done()) {
        const std::string &w = a.cur();
        if (w == "peer" || w == "remote") {
            const std::string &v = a.next();
            if (peer && peer->bytelen)
                duparg("peer", v);
            const auto p = getPrefix(v, family);
            if (family == kAfUnspec)
                family = p.family;
            requireInet(p);
            peer = p;
        } else if (matches(w, "broadcast") || w == "brd") {
            const std::string &v = a.next();
            if (brdMode != 0)
                duparg("broadcast", v);
            if (v == "+") {
                brdMode = -1;
            } else if (v == "-") {
                brdMode = -2;
            } else {
                const auto b = getAddr(v, family);
                if (family == kAfUnspec)
                    family = b.family;
                requireInet(b);
                if (b.bytelen != 4)
                    notSupported("`broadcast " + v + "` is not supported");
                broadcast = Ipv4{b.addr};
                brdMode = 1;
            }
        } else if (w == "anycast") {
            notSupported("anycast addresses are not supported");
        } else if (w == "scope") {
            const auto s = rtScope(a.next());
            if (!s)
                invarg("invalid scope value.", a.cur());
            scope = Scope(*s);
        } else if (w == "dev") {
            dev = a.next();
        } else if (w == "label") {
            notSupported("address labels are not supported");
        } else if (matches(w, "metric") || matches(w, "priority") || matches(w, "preference")) {
            notSupported("address metrics are not supported");
        } else if (matches(w, "valid_lft") || matches(w, "preferred_lft")) {
            notSupported("address lifetimes are not supported");
        } else if (w == "noprefixroute") {
            noprefixroute = true;
        } else if (w == "secondary" || w == "temporary" || w == "nodad" || w == "optimistic" || w == "dadfailed"
                   || w == "home" || w == "deprecated" || w == "tentative" || w == "permanent"
                   || w == "mngtmpaddr" || w == "autojoin" || w == "stable-privacy") {
            notSupported("address flag `" + w + "` is not supported");
        } else {
            if (w == "local")
                a.next();
            if (matches(a.cur(), "help"))
                usage("ip address");
            if (local && local->bytelen)
                duparg2("local", a.cur());
            const auto l = getPrefix(a.cur(), family);
            if (family == kAfUnspec)
                family = l.family;
            requireInet(l);
            local = l;
        }
        a.advance();
    }
    if (!dev)
        exitWith(1, "Not enough information: \"dev\" argument is required.\n");
    if (!local || local->bytelen != 4)
        notSupported("an address command without a local IPv4 address is not supported");
    if (peer && peer->bytelen != 4)
        notSupported("this `peer` is not supported");
    if (!add) {
        AddrDel del{ctx.ns, *dev, toPrefix(*local), peer ? std::optional<Prefix>(toPrefix(*peer)) : std::nullopt};
        // No prefix length and no peer: iproute2 warns and sends no IFA_ADDRESS, so the kernel
        // deletes the address whatever its length.
        del.wildcard = !peer && !local->lenSpecified;
        return {del};
    }
    if (brdMode < 0) {
        // `brd +` / `brd -`: iproute2 computes the address from the prefix (peer's if given).
        const InetPrefix &base = peer ? *peer : *local;
        const int len = peer ? base.bitlen : local->bitlen;
        if (len <= 30) {
            const std::uint32_t hostMask = len <= 0 ? 0xffffffffu : ((1u << (32 - len)) - 1u);
            broadcast = Ipv4{brdMode == -1 ? (base.addr | hostMask) : (base.addr & ~hostMask)};
        }
    }
    AddrAdd op;
    op.ns = ctx.ns;
    op.dev = *dev;
    op.local = toPrefix(*local);
    if (peer)
        op.peer = toPrefix(*peer);
    op.broadcast = broadcast;
    op.scope = scope;
    op.noprefixroute = noprefixroute;
    return {op};
}

// ipaddr_list_flush_or_save(): the `dev` filter only.
std::optional<std::string> parseDevFilter(Argv &a, const char *object)
{
    std::optional<std::string> dev;
    while (!a.done()) {
        const std::string &w = a.cur();
        if (w == "to" || w == "scope" || w == "up" || w == "label" || w == "group" || w == "master" || w == "vrf"
            || w == "nomaster" || w == "type") {
            notSupported(std::string("`ip ") + object + "` filter `" + w + "` is not supported");
        }
        std::string_view flag = w;
        if (!flag.empty() && flag[0] == '-')
            flag.remove_prefix(1);
        if (flag == "dynamic" || flag == "primary" || flag == "secondary" || flag == "temporary" || flag == "nodad"
            || flag == "optimistic" || flag == "dadfailed" || flag == "home" || flag == "deprecated"
            || flag == "tentative" || flag == "permanent" || flag == "mngtmpaddr" || flag == "noprefixroute"
            || flag == "autojoin" || flag == "stable-privacy")
            notSupported(std::string("`ip ") + object + "` filter `" + w + "` is not supported");
        if (w == "dev")
            a.next();
        else if (matches(w, "help"))
            usage(std::string("ip ") + object);
        if (dev)
            duparg2("dev", a.cur());
        dev = a.cur();
        a.advance();
    }
    return dev;
}

// do_ipaddr()
std::vector<Op> parseAddr(Argv &a, IpContext &ctx)
{
    rejectFamily(ctx, "address");
    if (a.done()) {
        rejectOutputOption(ctx);
        return {AddrShow{ctx.ns, std::nullopt}};
    }
    const std::string &c = a.cur();
    if (matches(c, "add")) {
        a.advance();
        return parseAddrModify(a, ctx, true);
    }
    if (matches(c, "change") || c == "chg" || matches(c, "replace"))
        notSupported("`ip address " + c + "` is not supported");
    if (matches(c, "delete")) {
        a.advance();
        return parseAddrModify(a, ctx, false);
    }
    if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) {
        a.advance();
        auto dev = parseDevFilter(a, "address");
        rejectOutputOption(ctx);
        return {AddrShow{ctx.ns, std::move(dev)}};
    }
    if (matches(c, "flush")) {
        a.advance();
        if (a.done())
            exitWith(1, "Flush requires arguments.\n");
        auto dev = parseDevFilter(a, "address flush");
        return {AddrFlush{ctx.ns, *dev}};
    }
    if (matches(c, "save") || matches(c, "showdump") || matches(c, "restore"))
        notSupported("`ip address " + c + "` is not supported");
    if (matches(c, "help"))
        usage("ip address");
    exitWith(255, "Command \"" + c + "\" is unknown, try \"ip address help\".\n");
}

// What iplink_parse() collected, for the attributes the vocabulary has.
struct LinkArgs {
    std::optional<std::string> name;
    std::optional<std::string> dev;
    bool devIsName = false; // iproute2 compares the two pointers, not the strings
    std::optional<bool> up;
    std::optional<std::string> master; // "" = nomaster
    std::optional<std::string> netns;
    std::optional<int> mtu;
    std::optional<Mac> address;
    std::optional<std::string> type;
    bool nameIsRename = false;
};

// iplink_parse() (ip/iplink.c); `create` = NLM_F_CREATE.
LinkArgs parseLinkArgs(Argv &a, bool create, const std::string &host)
{
    LinkArgs l;
    while (!a.done()) {
        const std::string &w = a.cur();
        if (w == "up") {
            l.up = true;
        } else if (w == "down") {
            l.up = false;
        } else if (w == "name") {
            const std::string &v = a.next();
            if (l.name)
                duparg("name", v);
            if (badIfname(v))
                invarg("\"name\" not a valid ifname", v);
            l.name = v;
            if (!l.dev) {
                l.dev = v;
                l.devIsName = true;
            }
        } else if (w == "index") {
            notSupported("`index` is not supported");
        } else if (matches(w, "link")) {
            notSupported("`link` is not supported");
        } else if (matches(w, "address")) {
            l.address = parseLladdr(a.next());
        } else if (matches(w, "broadcast") || w == "brd" || matches(w, "txqueuelen") || w == "qlen"
                   || matches(w, "txqlen")) {
            notSupported("link option `" + w + "` is not supported");
        } else if (w == "mtu") {
            const std::string &v = a.next();
            if (l.mtu)
                duparg("mtu", v);
            int mtu = 0;
            if (!getInteger(mtu, v))
                invarg("Invalid \"mtu\" value\n", v);
            l.mtu = mtu;
        } else if (w == "xdpgeneric" || w == "xdpdrv" || w == "xdpoffload" || w == "xdp") {
            notSupported("XDP is not supported");
        } else if (w == "netns") {
            const std::string &v = a.next();
            if (l.netns)
                duparg("netns", v);
            l.netns = (v == kShellNetnsPath || v == kInitNetnsPath) ? host : v;
        } else if (w == "multicast" || w == "allmulticast" || w == "promisc" || w == "trailers" || w == "arp"
                   || w == "carrier" || w == "vf") {
            notSupported("link option `" + w + "` is not supported");
        } else if (matches(w, "master")) {
            l.master = a.next();
        } else if (w == "vrf") {
            notSupported("VRFs are not supported");
        } else if (matches(w, "nomaster")) {
            l.master = std::string();
        } else if (matches(w, "dynamic")) {
            notSupported("link option `" + w + "` is not supported");
        } else if (matches(w, "type")) {
            l.type = a.next();
            a.advance();
            break;
        } else if (matches(w, "alias") || w == "group" || w == "mode" || w == "state" || matches(w, "numtxqueues")
                   || matches(w, "numrxqueues") || matches(w, "addrgenmode") || matches(w, "link-netns")
                   || matches(w, "link-netnsid") || w == "protodown" || w == "protodown_reason"
                   || w == "gso_max_size" || w == "gso_max_segs" || w == "gro_max_size" || w == "parentdev") {
            notSupported("link option `" + w + "` is not supported");
        } else {
            if (matches(w, "help"))
                usage("ip link");
            if (w == "dev")
                a.next();
            if (l.dev && !l.devIsName)
                duparg2("dev", a.cur());
            if (badAltIfname(a.cur()))
                invarg("\"dev\" not a valid ifname", a.cur());
            l.dev = a.cur();
            l.devIsName = false;
        }
        a.advance();
    }
    // "Allow ip link add dev and ip link add name": the pointer games of iplink_parse().
    bool nameIsDev = false;
    if (!l.name) {
        nameIsDev = true;
    } else if (l.devIsName || *l.name == *l.dev) {
        nameIsDev = true;
    }
    if (!create) {
        if (!l.dev)
            exitWith(255, "Not enough information: \"dev\" argument is required.\n");
        l.nameIsRename = !nameIsDev;
    } else {
        if (!nameIsDev)
            exitWith(255, "both \"name\" and \"dev\" cannot be used when creating devices.\n");
        if (!l.name)
            l.name = l.dev;
    }
    return l;
}

std::vector<Op> parseLinkAdd(Argv &a, const IpContext &ctx)
{
    LinkArgs l = parseLinkArgs(a, true, ctx.host);
    if (!l.type)
        exitWith(1, "Not enough information: \"type\" argument is required\n");
    if (!l.name)
        notSupported("`ip link add` without a name (the kernel picks one) is not supported");
    if (l.up || l.master || l.mtu)
        notSupported("`ip link add` with up/master/mtu is not supported; use `ip link set` afterwards");
    const std::string &type = *l.type;
    if (type == "veth") {
        if (a.done())
            notSupported("a veth without `peer` (the kernel names the peer) is not supported");
        if (a.cur() != "peer")
            exitWith(1, ""); // veth_parse_opt() prints its usage on stdout and fails
        a.advance();
        LinkArgs p = parseLinkArgs(a, true, ctx.host);
        if (p.type)
            duparg("type", *p.type);
        if (!p.name)
            notSupported("a veth peer without a name (the kernel names it) is not supported");
        if (p.up || p.master || p.mtu)
            notSupported("veth peer options up/master/mtu are not supported");
        LinkAddVeth op;
        op.ns = ctx.ns;
        op.name = *l.name;
        op.netns = l.netns.value_or(std::string());
        op.peer = *p.name;
        op.peerNetns = p.netns.value_or(std::string());
        op.address = l.address;
        op.peerAddress = p.address;
        return {op};
    }
    if (type == "bridge" || type == "dummy") {
        if (l.netns || l.address)
            notSupported("`ip link add … type " + type + "` with netns/address is not supported");
        if (type == "bridge") {
            if (!a.done())
                notSupported("bridge options are not supported");
            return {LinkAddBridge{ctx.ns, *l.name}};
        }
        // The dummy driver has no options parser: iproute2 ignores whatever follows.
        return {LinkAddDummy{ctx.ns, *l.name}};
    }
    notSupported("link type `" + type + "` is not supported");
}

std::vector<Op> parseLinkSet(Argv &a, const IpContext &ctx)
{
    LinkArgs l = parseLinkArgs(a, false, ctx.host);
    if (l.type)
        notSupported("`ip link set … type` is not supported");
    LinkSet op;
    op.ns = ctx.ns;
    op.dev = *l.dev;
    op.up = l.up;
    op.master = l.master;
    op.netns = l.netns;
    op.mtu = l.mtu;
    op.address = l.address;
    if (l.nameIsRename)
        op.newName = l.name;
    return {op};
}

std::vector<Op> parseLinkDel(Argv &a, const IpContext &ctx)
{
    LinkArgs l = parseLinkArgs(a, false, ctx.host);
    if (l.type || l.up || l.master || l.netns || l.mtu || l.address || l.nameIsRename)
        notSupported("`ip link delete` with attributes is not supported");
    return {LinkDel{ctx.ns, *l.dev}};
}

// do_iplink()
std::vector<Op> parseLink(Argv &a, IpContext &ctx)
{
    if (a.done()) {
        rejectOutputOption(ctx);
        return {LinkShow{ctx.ns, std::nullopt}};
    }
    const std::string &c = a.cur();
    if (matches(c, "add")) {
        a.advance();
        return parseLinkAdd(a, ctx);
    }
    if (matches(c, "set") || matches(c, "change")) {
        a.advance();
        return parseLinkSet(a, ctx);
    }
    if (matches(c, "replace"))
        notSupported("`ip link replace` is not supported");
    if (matches(c, "delete")) {
        a.advance();
        return parseLinkDel(a, ctx);
    }
    if (matches(c, "show") || matches(c, "lst") || matches(c, "list")) {
        a.advance();
        auto dev = parseDevFilter(a, "link");
        rejectOutputOption(ctx);
        return {LinkShow{ctx.ns, std::move(dev)}};
    }
    if (matches(c, "xstats") || matches(c, "afstats") || matches(c, "property"))
        notSupported("`ip link " + c + "` is not supported");
    if (matches(c, "help"))
        usage("ip link");
    exitWith(255, "Command \"" + c + "\" is unknown, try \"ip link help\".\n");
}

// ipneigh_modify() (ip/ipneigh.c)
std::vector<Op> parseNeighModify(Argv &a, const IpContext &ctx, bool add, bool replace)
{
    std::optional<std::string> dev;
    bool dstOk = false;
    bool devOk = false;
    bool proxy = false;
    std::optional<std::string> lla;
    std::optional<InetPrefix> dst;
    while (!a.done()) {
        const std::string &w = a.cur();
        if (matches(w, "lladdr")) {
            const std::string &v = a.next();
            if (lla)
                duparg("lladdr", v);
            lla = v;
        } else if (w == "nud") {
            const std::string &v = a.next();
            if (matches(v, "permanent")) {
                // the default state anyway
            } else if (matches(v, "reachable") || v == "noarp" || v == "none" || v == "stale" || v == "incomplete"
                       || v == "delay" || v == "probe" || matches(v, "failed")) {
                notSupported("neighbour state `" + v + "` is not supported");
            } else {
                unsigned state = 0;
                if (!getUnsigned(state, v) || state >= 0x100 || (state & (state - 1)))
                    invarg("nud state is bad", v);
                if (state != 0x80)
                    notSupported("neighbour state `" + v + "` is not supported");
            }
        } else if (matches(w, "proxy")) {
            const std::string &v = a.next();
            if (matches(v, "help"))
                usage("ip neigh");
            if (dstOk)
                duparg("address", v);
            dst = getAddr(v, ctx.family);
            dstOk = true;
            devOk = true;
            proxy = true;
        } else if (w == "router" || w == "use" || w == "managed" || matches(w, "extern_learn")
                   || matches(w, "protocol")) {
            notSupported("neighbour option `" + w + "` is not supported");
        } else if (w == "dev") {
            dev = a.next();
            devOk = true;
        } else {
            if (w == "to")
                a.next();
            if (matches(a.cur(), "help"))
                a.next();
            if (dstOk)
                duparg2("to", a.cur());
            dst = getAddr(a.cur(), ctx.family);
            dstOk = true;
        }
        a.advance();
    }
    if (!devOk || !dstOk || dst->family == kAfUnspec)
        exitWith(255, "Device and destination are required arguments.\n");
    requireInet(*dst);
    if (lla && *lla != "null")
        (void)parseLladdr(*lla); // iproute2 validates it before looking at the device
    if (!dev)
        notSupported("a neighbour entry without `dev` is not supported");
    const Ipv4 addr{dst->addr};
    if (proxy) {
        if (replace)
            notSupported("`ip neigh replace|change proxy` is not supported");
        if (lla)
            notSupported("a proxy entry with lladdr is not supported");
        return {NeighProxy{ctx.ns, addr, *dev, add}};
    }
    if (!add)
        notSupported("`ip neigh delete` of a non-proxy entry is not supported");
    if (!lla || *lla == "null")
        notSupported("a neighbour entry without lladdr is not supported");
    return {NeighAdd{ctx.ns, addr, parseLladdr(*lla), *dev}};
}

// do_ipneigh()
std::vector<Op> parseNeigh(Argv &a, IpContext &ctx)
{
    rejectFamily(ctx, "neigh");
    if (a.done())
        notSupported("`ip neigh show` is not supported");
    const std::string &c = a.cur();
    if (matches(c, "add")) {
        a.advance();
        return parseNeighModify(a, ctx, true, false);
    }
    if (matches(c, "change") || c == "chg")
        notSupported("`ip neigh change` is not supported");
    if (matches(c, "replace")) {
        a.advance();
        return parseNeighModify(a, ctx, true, true);
    }
    if (matches(c, "delete")) {
        a.advance();
        return parseNeighModify(a, ctx, false, false);
    }
    if (matches(c, "get") || matches(c, "show") || matches(c, "lst") || matches(c, "list") || matches(c, "flush"))
        notSupported("`ip neigh " + c + "` is not supported");
    if (matches(c, "help"))
        usage("ip neigh");
    exitWith(255, "Command \"" + c + "\" is unknown, try \"ip neigh help\".\n");
}

using Variables = std::map<std::string, std::string, std::less<>>;

struct Context {
    std::string ns;
    const ParseOptions *options = nullptr;
    int depth = 0;
    const Variables *vars = nullptr; // shell variables a script set (NAME=value lines)
};

std::vector<Op> parseWords(const std::vector<std::string> &words, std::size_t start, const Context &ctx);

// do_netns() (ip/ipnetns.c)
std::vector<Op> parseNetns(Argv &a, const Context &outer)
{
    if (a.done())
        notSupported("`ip netns list` is not supported");
    const auto &w = a.words();
    if (a.left() > 1) {
        const std::string &name = w[a.pos() + 1];
        if (name.empty() || name.size() > 255 || name.find('/') != std::string::npos || name == "." || name == "..")
            exitWith(255, "Invalid netns name \"" + name + "\"\n");
    }
    const std::string &c = a.cur();
    if (matches(c, "list") || matches(c, "show") || matches(c, "lst") || matches(c, "list-id"))
        notSupported("`ip netns " + c + "` is not supported");
    if (matches(c, "help"))
        usage("ip netns");
    if (matches(c, "add")) {
        if (a.left() < 2)
            exitWith(1, "No netns name specified\n");
        return {NetnsAdd{w[a.pos() + 1]}};
    }
    if (matches(c, "set"))
        notSupported("`ip netns set` is not supported");
    if (matches(c, "delete")) {
        if (a.left() < 2)
            exitWith(1, "No netns name specified\n");
        return {NetnsDel{w[a.pos() + 1]}};
    }
    if (matches(c, "identify") || matches(c, "pids"))
        notSupported("`ip netns " + c + "` is not supported");
    if (matches(c, "exec")) {
        if (a.left() < 2)
            exitWith(1, "No netns name specified\n");
        if (a.left() < 3)
            exitWith(1, "No command specified\n");
        Context inner = outer;
        inner.ns = w[a.pos() + 1];
        inner.depth = outer.depth + 1;
        return parseWords(w, a.pos() + 2, inner);
    }
    if (matches(c, "monitor") || matches(c, "attach"))
        notSupported("`ip netns " + c + "` is not supported");
    exitWith(255, "Command \"" + c + "\" is unknown, try \"ip netns help\".\n");
}

// main() and do_cmd() (ip/ip.c)
std::vector<Op> parseIpIn(IpContext &ctx, const std::vector<std::string> &words, std::size_t start,
                          const Context &outer);

std::vector<Op> parseIp(const std::vector<std::string> &words, std::size_t start, const Context &outer)
{
    IpContext ctx;
    ctx.ns = outer.ns;
    ctx.host = outer.options ? outer.options->hostName : ParseOptions().hostName;
    try {
        return parseIpIn(ctx, words, start, outer);
    } catch (Exit &e) {
        if (!e.ns)
            e.ns = ctx.ns; // after -n: iproute2 has already switched namespace
        throw;
    }
}

std::vector<Op> parseIpIn(IpContext &ctx, const std::vector<std::string> &words, std::size_t start,
                          const Context &outer)
{
    Argv a(words, start);
    while (!a.done()) {
        std::string_view opt = a.cur();
        if (opt == "--") {
            a.advance();
            break;
        }
        if (opt.empty() || opt[0] != '-')
            break;
        if (opt.size() > 1 && opt[1] == '-')
            opt.remove_prefix(1);
        auto outputOption = [&] {
            if (ctx.outputOption.empty())
                ctx.outputOption = std::string(opt);
        };
        if (matches(opt, "-loops")) {
            a.advance();
            if (a.done())
                usage("ip");
        } else if (matches(opt, "-family")) {
            a.advance();
            if (a.done())
                usage("ip");
            if (a.cur() == "help")
                usage("ip");
            ctx.family = readFamily(a.cur());
            if (ctx.family == kAfUnspec)
                invarg("invalid protocol family", a.cur());
        } else if (opt == "-4") {
            ctx.family = kAfInet;
        } else if (opt == "-6") {
            ctx.family = kAfInet6;
        } else if (opt == "-0") {
            ctx.family = kAfPacket;
        } else if (opt == "-M") {
            ctx.family = kAfMpls;
        } else if (opt == "-B") {
            ctx.family = kAfBridge;
        } else if (matches(opt, "-human") || matches(opt, "-human-readable") || matches(opt, "-iec")
                   || matches(opt, "-stats") || matches(opt, "-statistics") || matches(opt, "-details")
                   || matches(opt, "-resolve") || matches(opt, "-oneline") || matches(opt, "-timestamp")
                   || matches(opt, "-tshort")) {
            outputOption();
        } else if (matches(opt, "-Version")) {
            notSupported("`ip -V` is not supported");
        } else if (matches(opt, "-force")) {
            // only matters for -batch
        } else if (matches(opt, "-batch")) {
            notSupported("`ip -batch` is not supported");
        } else if (matches(opt, "-brief") || matches(opt, "-json") || matches(opt, "-pretty")) {
            outputOption();
        } else if (matches(opt, "-rcvbuf")) {
            a.advance();
            if (a.done())
                usage("ip");
            unsigned size = 0;
            if (!getUnsigned(size, a.cur()))
                exitWith(255, "Invalid rcvbuf size '" + a.cur() + "'\n");
        } else if (matches(opt.substr(0, opt.find('=')), "-color")) {
            const auto eq = opt.find('=');
            const std::string_view val = eq == std::string_view::npos ? std::string_view() : opt.substr(eq + 1);
            if (!(val.empty() || val == "always" || val == "auto" || val == "never"))
                exitWith(255, "Option \"" + std::string(opt) + "\" is unknown, try \"ip -help\".\n");
            if (val != "never")
                outputOption();
        } else if (matches(opt, "-help")) {
            usage("ip");
        } else if (matches(opt, "-netns")) {
            // main()'s NEXT_ARG is off by one: a missing name reaches netns_switch(NULL).
            a.advance();
            if (a.done())
                exitWith(255, "Cannot open network namespace \"(null)\": No such file or directory\n");
            ctx.ns = a.cur();
        } else if (matches(opt, "-Numeric")) {
            outputOption();
        } else if (matches(opt, "-all")) {
            notSupported("`ip -all` is not supported");
        } else if (opt == "-echo") {
            notSupported("`ip -echo` is not supported");
        } else {
            exitWith(255, "Option \"" + std::string(opt) + "\" is unknown, try \"ip -help\".\n");
        }
        a.advance();
    }
    if (a.done())
        usage("ip");

    // The object table of ip.c, in its order.
    static constexpr const char *kObjects[] = {
        "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable", "ntbl", "link",
        "l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap", "token", "tcpmetrics", "tcp_metrics",
        "monitor", "xfrm", "mroute", "mrule", "netns", "netconf", "vrf", "sr", "nexthop", "mptcp", "ioam",
        "help", "stats"};
    const std::string &obj = a.cur();
    const char *found = nullptr;
    for (const char *o : kObjects) {
        if (matches(obj, o)) {
            found = o;
            break;
        }
    }
    if (!found)
        exitWith(1, "Object \"" + obj + "\" is unknown, try \"ip help\".\n");
    a.advance();
    const std::string_view object = found;
    if (object == "address")
        return parseAddr(a, ctx);
    if (object == "route")
        return parseRoute(a, ctx);
    if (object == "neighbor" || object == "neighbour")
        return parseNeigh(a, ctx);
    if (object == "link")
        return parseLink(a, ctx);
    if (object == "netns")
        return parseNetns(a, outer);
    if (object == "help")
        usage("ip");
    notSupported("`ip " + std::string(object) + "` is not supported");
}

// ---- sysctl (procps-ng 4.0) -----------------------------------------------------------------

std::string trimmed(std::string_view s)
{
    while (!s.empty() && isCSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isCSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

// procps' slashdot(): the first separator tells the form. In path form ('/' first) '/' separates
// and '.' is literal, so swapping the two gives the dotted name; in dotted form a '/' stands for a
// literal dot (net.ipv4.conf.eth0/100.rp_filter is eth0.100's).
std::string dottedKey(std::string_view key)
{
    std::string out(key);
    const auto first = out.find_first_of("./");
    if (first != std::string::npos && out[first] == '/') {
        for (char &c : out)
            c = c == '/' ? '.' : (c == '.' ? '/' : c);
    }
    return out;
}

SysctlSet makeSysctl(const std::string &ns, std::string_view rawKey, std::string_view value)
{
    std::string key = trimmed(rawKey);
    while (!key.empty() && key.front() == '/')
        key.erase(key.begin());
    key = dottedKey(key);
    if (key.empty())
        exitWith(1, "sysctl: Path is not under /proc/sys/: /proc/sys/\n");
    if (key.find("..") != std::string::npos || key.front() == '.')
        notSupported("sysctl key `" + key + "` is not supported");
    if (key.rfind("net.", 0) != 0)
        notSupported("only net.* sysctls are supported, not `" + key + "`");
    return SysctlSet{ns, key, trimmed(value)};
}

std::vector<Op> parseSysctl(const std::vector<std::string> &words, std::size_t start, const Context &ctx)
{
    bool write = false;
    std::vector<std::string_view> args;
    bool optionsDone = false;
    for (std::size_t i = start; i < words.size(); ++i) {
        const std::string &w = words[i];
        if (!optionsDone && w == "--") {
            optionsDone = true;
        } else if (!optionsDone && w.size() > 2 && w[0] == '-' && w[1] == '-') {
            if (w == "--write")
                write = true;
            else if (w == "--quiet" || w == "--values" || w == "--names")
                continue;
            else
                notSupported("sysctl option `" + w + "` is not supported");
        } else if (!optionsDone && w.size() > 1 && w[0] == '-') {
            for (std::size_t k = 1; k < w.size(); ++k) {
                switch (w[k]) {
                case 'w': write = true; break;
                case 'q': case 'n': case 'N': case 'o': case 'x': break;
                default: notSupported(std::string("sysctl option -") + w[k] + " is not supported");
                }
            }
        } else {
            args.push_back(w);
        }
    }
    if (args.empty())
        exitWith(1, "sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    std::vector<Op> ops;
    for (const std::string_view arg : args) {
        const auto eq = arg.find('=');
        if (eq == std::string_view::npos) {
            if (!write)
                notSupported("reading a sysctl is not supported");
            if (args.size() == 1)
                exitWith(1, "sysctl: command line(0): invalid syntax, continuing...\n");
            notSupported("sysctl arguments without `=` are not supported");
        }
        ops.push_back(makeSysctl(ctx.ns, arg.substr(0, eq), arg.substr(eq + 1)));
    }
    return ops;
}

// ---- shell words ---------------------------------------------------------------------------

struct Word {
    std::string text;
    bool op = false; // an unquoted shell operator: ; & | < > ( ) and redirections like 2>
};

// Splits one command line the way sh does for the simple commands we accept: quotes, backslash
// escapes, `#` comments. Expansions ($VAR, `…`, $(…)) are refused rather than guessed.
bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

// `$NAME` / `${NAME}` at line[i] ('$'): the variable's value and the index after the reference.
std::pair<std::string, std::size_t> expandVariable(std::string_view line, std::size_t i, const Variables *vars)
{
    std::size_t j = i + 1;
    if (j < line.size() && line[j] == '$')
        return {"$$", j + 1}; // the shell's pid: kept as is, it only means "this shell's namespace"
    std::string_view name;
    if (j < line.size() && line[j] == '{') {
        const auto close = line.find('}', j);
        if (close == std::string_view::npos)
            notSupported("unterminated ${…}");
        name = line.substr(j + 1, close - j - 1);
        j = close + 1;
        if (name.empty() || !isNameStart(name[0]) || !std::all_of(name.begin(), name.end(), isNameChar))
            notSupported("shell expansion ${" + std::string(name) + "} is not supported");
    } else if (j < line.size() && isNameStart(line[j])) {
        const std::size_t start = j;
        while (j < line.size() && isNameChar(line[j]))
            ++j;
        name = line.substr(start, j - start);
    } else {
        notSupported("shell expansions ($…, `…`) are not supported");
    }
    if (!vars)
        notSupported("shell variables ($" + std::string(name) + ") are not supported here");
    const auto it = vars->find(name);
    if (it == vars->end())
        notSupported("$" + std::string(name) + " is not set by this script");
    return {it->second, j};
}

std::vector<Word> shellWords(std::string_view line, const Variables *vars = nullptr)
{
    std::vector<Word> words;
    std::string cur;
    bool inWord = false;
    auto flush = [&] {
        if (inWord)
            words.push_back(Word{std::move(cur), false});
        cur.clear();
        inWord = false;
    };
    std::size_t i = 0;
    const std::size_t n = line.size();
    while (i < n) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            flush();
            ++i;
        } else if (c == '\'') {
            const auto close = line.find('\'', i + 1);
            if (close == std::string_view::npos)
                notSupported("unterminated single quote");
            cur.append(line.substr(i + 1, close - i - 1));
            inWord = true;
            i = close + 1;
        } else if (c == '"') {
            inWord = true;
            ++i;
            bool closed = false;
            while (i < n) {
                const char d = line[i];
                if (d == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == '\\' && i + 1 < n && (line[i + 1] == '"' || line[i + 1] == '\\' || line[i + 1] == '$'
                                               || line[i + 1] == '`')) {
                    cur.push_back(line[i + 1]);
                    i += 2;
                    continue;
                }
                if (d == '$') {
                    auto [value, next] = expandVariable(line, i, vars);
                    cur += value;
                    i = next;
                    continue;
                }
                if (d == '`')
                    notSupported("shell expansions ($…, `…`) are not supported");
                cur.push_back(d);
                ++i;
            }
            if (!closed)
                notSupported("unterminated double quote");
        } else if (c == '\\') {
            if (i + 1 < n) {
                cur.push_back(line[i + 1]);
                inWord = true;
            }
            i += 2;
        } else if (c == '#' && !inWord) {
            break;
        } else if (c == '$') {
            // Unquoted: the value is split into words at blanks, as sh does.
            auto [value, next] = expandVariable(line, i, vars);
            for (const char v : value) {
                if (v == ' ' || v == '\t' || v == '\n') {
                    flush();
                } else {
                    cur.push_back(v);
                    inWord = true;
                }
            }
            i = next;
        } else if (c == '`') {
            notSupported("shell expansions ($…, `…`) are not supported");
        } else if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')') {
            std::string op;
            // "2>" / "1>>" style redirections: an all-digit word right before the operator.
            if (inWord && (c == '<' || c == '>')
                && std::all_of(cur.begin(), cur.end(), [](char d) { return d >= '0' && d <= '9'; })) {
                op = std::move(cur);
                cur.clear();
                inWord = false;
            } else {
                flush();
            }
            op.push_back(c);
            ++i;
            while (i < n && (line[i] == c || (c == '>' && line[i] == '&') || (c == '&' && line[i] == '>'))
                   && op.size() < 4) {
                op.push_back(line[i]);
                ++i;
            }
            words.push_back(Word{std::move(op), true});
        } else {
            cur.push_back(c);
            inWord = true;
            ++i;
        }
    }
    flush();
    return words;
}

std::string baseName(std::string_view path)
{
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::vector<Op> parseLine(std::string_view line, const Context &ctx);

// `echo V > /proc/sys/net/…` and `echo V | tee /proc/sys/net/…`
std::optional<std::vector<Op>> parseProcWrite(const std::vector<Word> &words, std::size_t start, const Context &ctx)
{
    if (start >= words.size() || words[start].op || baseName(words[start].text) != "echo")
        return std::nullopt;
    std::size_t i = start + 1;
    // -n (no newline) changes nothing: the kernel's parsers of these files ignore the newline
    while (i < words.size() && !words[i].op && (words[i].text == "-n" || words[i].text == "-e" || words[i].text == "-E"))
        ++i;
    std::string value;
    while (i < words.size() && !words[i].op) {
        if (!value.empty())
            value.push_back(' ');
        value += words[i].text;
        ++i;
    }
    std::string path;
    if (i + 2 == words.size() && words[i].op && (words[i].text == ">" || words[i].text == ">>" || words[i].text == ">|")
        && !words[i + 1].op) {
        path = words[i + 1].text;
    } else if (i + 1 < words.size() && words[i].op && words[i].text == "|") {
        std::size_t j = i + 1;
        if (j < words.size() && !words[j].op && words[j].text == "sudo")
            ++j;
        if (j < words.size() && !words[j].op && baseName(words[j].text) == "tee") {
            ++j;
            while (j < words.size() && !words[j].op && (words[j].text == "-a" || words[j].text == "--append"))
                ++j;
            if (j + 1 == words.size() && !words[j].op)
                path = words[j].text;
        }
    }
    if (path.empty())
        return std::nullopt;
    constexpr std::string_view kProc = "/proc/sys/";
    if (path.rfind(kProc, 0) != 0)
        notSupported("writing to `" + path + "` is not supported");
    std::string key = path.substr(kProc.size());
    for (char &c : key)
        c = c == '/' ? '.' : (c == '.' ? '/' : c);
    if (key.empty() || key.find("//") != std::string::npos || key.rfind("net.", 0) != 0)
        notSupported("writing to `" + path + "` is not supported");
    return std::vector<Op>{SysctlSet{ctx.ns, key, trimmed(value)}};
}

std::vector<Op> parseWords(const std::vector<std::string> &words, std::size_t start, const Context &ctx)
{
    if (ctx.depth > kMaxDepth)
        notSupported("commands nested too deeply");
    std::size_t i = start;
    // sudo [-E|-H|-n|-S|…] [-u USER] CMD
    while (i < words.size() && words[i] == "sudo") {
        ++i;
        while (i < words.size() && words[i].size() > 1 && words[i][0] == '-') {
            if (words[i] == "-u" || words[i] == "-g") {
                notSupported("`sudo " + words[i] + "` is not supported");
            }
            ++i;
        }
    }
    if (i >= words.size())
        notSupported("nothing to run");
    const std::string cmd = baseName(words[i]);
    // Shell no-ops that scripts carry (exported scripts start with `set -e`): a command that
    // changes nothing, so no ops and not unsupported.
    if (cmd == "set" || cmd == "true" || cmd == ":" || cmd == "sleep")
        return {};
    if (cmd == "ip")
        return parseIp(words, i + 1, ctx);
    if (cmd == "sysctl") {
        try {
            return parseSysctl(words, i + 1, ctx);
        } catch (Exit &e) {
            if (!e.ns)
                e.ns = ctx.ns;
            throw;
        }
    }
    if ((cmd == "sh" || cmd == "bash" || cmd == "dash") && i + 2 < words.size() && words[i + 1] == "-c") {
        if (i + 3 < words.size())
            notSupported("`" + cmd + " -c` with extra arguments is not supported");
        Context inner = ctx;
        inner.depth = ctx.depth + 1;
        return parseLine(words[i + 2], inner);
    }
    notSupported("`" + cmd + "` is not an ip or sysctl command");
}

std::vector<Op> parseLine(std::string_view line, const Context &ctx)
{
    const std::vector<Word> words = shellWords(line, ctx.vars);
    if (words.empty())
        return {};
    std::size_t start = 0;
    while (start < words.size() && !words[start].op && words[start].text == "sudo")
        ++start;
    if (auto proc = parseProcWrite(words, start, ctx))
        return std::move(*proc);
    std::vector<std::string> plain;
    plain.reserve(words.size());
    for (const Word &w : words) {
        if (w.op)
            notSupported("shell operator `" + w.text + "` is not supported");
        plain.push_back(w.text);
    }
    return parseWords(plain, 0, ctx);
}

// ---- script structure: prompts, comments, continuations ------------------------------------

std::string_view stripLeft(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

std::string_view stripRight(std::string_view s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// A prompt at the start of a transcript line: "$ ", "# ", or "user@host:~$ " / "[user@host dir]# ".
// Returns the length of the prompt, 0 if none.
std::size_t promptLength(std::string_view line)
{
    if (line.size() >= 2 && (line[0] == '$' || line[0] == '#') && line[1] == ' ')
        return 2;
    if (line.size() == 1 && (line[0] == '$' || line[0] == '#'))
        return 1;
    // user@host…$ : the word before the prompt char holds '@' and has no spaces, or is bracketed.
    const std::size_t limit = std::min<std::size_t>(line.size(), 128);
    const bool bracketed = !line.empty() && line[0] == '[';
    if (line.find('@') >= limit)
        return 0;
    for (std::size_t i = 1; i < limit; ++i) {
        const char c = line[i];
        if ((c == '$' || c == '#') && (i + 1 == line.size() || line[i + 1] == ' ')) {
            if (line.find('@') > i)
                return 0;
            const char before = line[i - 1];
            if (bracketed ? before == ']' : (before != ' '))
                return i + 1 < line.size() ? i + 2 : i + 1;
            return 0;
        }
        if (c == ' ' && !bracketed)
            return 0;
        if (c == ']' && bracketed && (i + 1 >= line.size() || (line[i + 1] != '$' && line[i + 1] != '#')))
            return 0;
    }
    return 0;
}

bool looksLikeCommandWord(std::string_view text)
{
    text = stripLeft(text);
    std::string_view first = text.substr(0, text.find_first_of(" \t"));
    const auto slash = first.rfind('/');
    if (slash != std::string_view::npos)
        first.remove_prefix(slash + 1);
    static constexpr std::string_view kKnown[] = {
        "ip", "sysctl", "echo", "sudo", "sh", "bash", "ping", "iptables", "ip6tables", "nft", "tc", "bridge",
        "ss", "arp", "route", "ifconfig", "cat", "tee", "modprobe", "tcpdump", "traceroute", "tracepath",
        "curl", "wget", "brctl", "ethtool", "netstat", "nc", "ls", "exit"};
    return std::find(std::begin(kKnown), std::end(kKnown), first) != std::end(kKnown);
}

// NAME=value … [export] lines: recorded for later $NAME, no ops. False if `words` is not one.
bool assignVariables(const std::vector<Word> &words, Variables &vars)
{
    std::size_t i = 0;
    if (!words.empty() && !words[0].op && (words[0].text == "export" || words[0].text == "readonly"))
        i = 1;
    if (i >= words.size())
        return false;
    for (std::size_t k = i; k < words.size(); ++k) {
        const std::string &w = words[k].text;
        const auto eq = w.find('=');
        if (words[k].op || eq == std::string::npos || eq == 0 || !isNameStart(w[0])
            || !std::all_of(w.begin(), w.begin() + std::ptrdiff_t(eq), isNameChar))
            return false;
    }
    for (std::size_t k = i; k < words.size(); ++k) {
        const std::string &w = words[k].text;
        const auto eq = w.find('=');
        vars[w.substr(0, eq)] = w.substr(eq + 1);
    }
    return true;
}

ParsedCommand runCommand(int lineNo, std::string text, const ParseOptions &options, Variables *vars = nullptr)
{
    ParsedCommand pc;
    pc.line = lineNo;
    pc.text = std::move(text);
    Context ctx;
    ctx.ns = options.hostName;
    ctx.options = &options;
    ctx.vars = vars;
    try {
        const std::vector<Word> words = shellWords(pc.text, vars);
        if (words.empty()) {
            pc.unsupported = true;
            pc.message = "nothing to run";
        } else if (vars && assignVariables(words, *vars)) {
            // a shell assignment: a command that changes nothing in the kernel
        } else {
            pc.ops = parseLine(pc.text, ctx);
        }
    } catch (const Exit &e) {
        pc.ops.clear();
        // The namespace the failing command runs in: the innermost one we got to.
        pc.ops.push_back(Rejected{e.ns.value_or(ctx.ns), e.code, e.err});
    } catch (const NotSupported &e) {
        pc.ops.clear();
        pc.unsupported = true;
        pc.message = e.why;
    } catch (const std::exception &e) {
        pc.ops.clear();
        pc.unsupported = true;
        pc.message = std::string("cannot parse: ") + e.what();
    } catch (...) {
        pc.ops.clear();
        pc.unsupported = true;
        pc.message = "cannot parse";
    }
    return pc;
}

} // namespace

ParsedCommand parseCommand(std::string_view line, const ParseOptions &options)
{
    std::string_view body = stripRight(stripLeft(line));
    // A pasted "$ " or "user@host:~$ " prompt; "# …" stays a comment.
    if (const std::size_t p = promptLength(body); p > 2 || (p > 0 && body[0] == '$'))
        body = stripLeft(body.substr(p));
    return runCommand(1, std::string(body), options);
}

std::vector<ParsedCommand> parseScript(std::string_view text, const ParseOptions &options)
{
    std::vector<ParsedCommand> out;
    Variables vars;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3); // a UTF-8 byte order mark some editors write
    try {
        // Split into physical lines once.
        std::vector<std::string_view> lines;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            const auto nl = text.find('\n', pos);
            const auto end = nl == std::string_view::npos ? text.size() : nl;
            lines.push_back(text.substr(pos, end - pos));
            if (nl == std::string_view::npos)
                break;
            pos = nl + 1;
        }
        if (!lines.empty() && lines.back().empty())
            lines.pop_back();

        // Transcript mode: some line starts with a "$ " prompt (or user@host:~$ ).
        bool transcript = false;
        for (const auto l : lines) {
            const auto s = stripRight(l);
            if ((s.size() >= 2 && s[0] == '$' && s[1] == ' ') || (promptLength(s) > 2 && s.find('@') != std::string_view::npos)) {
                transcript = true;
                break;
            }
        }

        for (std::size_t i = 0; i < lines.size(); ++i) {
            const int lineNo = int(i) + 1;
            std::string_view l = stripRight(lines[i]);
            if (transcript) {
                const std::size_t p = promptLength(l);
                if (p == 0)
                    continue; // output of the previous command
                const std::string_view rest = stripLeft(l.substr(p));
                if (rest.empty() || rest.front() == '#')
                    continue; // an empty prompt, or a comment typed at it
                // "# " is root's prompt, but a "# words" line that does not start with a command
                // is a comment someone kept in the paste.
                const char promptChar = l[p >= 2 && l[p - 1] == ' ' ? p - 2 : p - 1];
                if (promptChar == '#' && !looksLikeCommandWord(rest))
                    continue;
                l = rest;
            } else {
                l = stripLeft(l);
                if (l.empty() || l[0] == '#')
                    continue;
            }
            if (l.empty())
                continue;
            // Trailing backslash: the command continues on the next line (a "> " prompt there
            // is the shell's continuation prompt in a transcript).
            std::string joined;
            bool continued = false;
            while (!l.empty() && l.back() == '\\' && i + 1 < lines.size()) {
                std::size_t slashes = 0;
                while (slashes < l.size() && l[l.size() - 1 - slashes] == '\\')
                    ++slashes;
                if (slashes % 2 == 0)
                    break;
                joined.append(l.substr(0, l.size() - 1));
                continued = true;
                ++i;
                l = stripRight(lines[i]);
                if (transcript && l.size() >= 2 && l[0] == '>' && l[1] == ' ')
                    l.remove_prefix(2);
            }
            if (continued) {
                joined.append(l);
                out.push_back(runCommand(lineNo, std::string(stripRight(stripLeft(joined))), options, &vars));
            } else {
                out.push_back(runCommand(lineNo, std::string(l), options, &vars));
            }
        }
    } catch (...) {
        // Only allocation failure can get here; keep what was parsed.
    }
    return out;
}

} // namespace nslab::model::ops
