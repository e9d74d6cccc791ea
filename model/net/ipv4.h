#pragma once
// Plain IPv4 value types shared by every layer (ops, kernel, sim, topology, netlink).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nslab::net {

struct Ipv4 {
    std::uint32_t v = 0; // host byte order: 10.0.0.1 == 0x0a000001

    constexpr auto operator<=>(const Ipv4 &) const = default;

    static std::optional<Ipv4> parse(std::string_view text); // strict dotted quad
    std::string toString() const;

    constexpr bool isLoopback() const { return (v >> 24) == 127; }
    constexpr bool isMulticast() const { return (v >> 28) == 0xe; }
    constexpr bool isLimitedBroadcast() const { return v == 0xffffffffu; }
    constexpr bool isZero() const { return v == 0; }
};

constexpr std::uint32_t prefixMask(int len)
{
    return len <= 0 ? 0u : (len >= 32 ? 0xffffffffu : ~((1u << (32 - len)) - 1u));
}

struct Prefix {
    Ipv4 addr;
    std::uint8_t len = 32;

    constexpr auto operator<=>(const Prefix &) const = default;

    constexpr bool contains(Ipv4 a) const { return ((a.v ^ addr.v) & prefixMask(len)) == 0; }
    constexpr Ipv4 network() const { return {addr.v & prefixMask(len)}; }
    constexpr Ipv4 lastAddress() const { return {addr.v | ~prefixMask(len)}; }
    constexpr bool hasHostBits() const { return (addr.v & ~prefixMask(len)) != 0; }

    // "A.B.C.D/P", "A.B.C.D" (= /32); `default`/`any`/`all` are handled by the parser, not here.
    static std::optional<Prefix> parse(std::string_view text);
    std::string toString() const;       // always with "/len"
    std::string toRouteString() const;  // as `ip route` prints a destination: default, A.B.C.D, A.B.C.D/P
};

struct Mac {
    std::uint8_t b[6] = {};
    constexpr auto operator<=>(const Mac &) const = default;
    static std::optional<Mac> parse(std::string_view text);
    std::string toString() const;
};

} // namespace nslab::net
