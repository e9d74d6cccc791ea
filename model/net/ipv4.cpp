#include "net/ipv4.h"

#include <charconv>
#include <cstdio>

namespace nslab::net {

std::optional<Ipv4> Ipv4::parse(std::string_view text)
{
    std::uint32_t value = 0;
    const char *p = text.data();
    const char *end = text.data() + text.size();
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
        const char *start = p;
        unsigned part = 0;
        while (p != end && *p >= '0' && *p <= '9' && p - start < 3) {
            part = part * 10 + unsigned(*p - '0');
            ++p;
        }
        if (p == start || part > 255)
            return std::nullopt;
        value = (value << 8) | part;
    }
    if (p != end)
        return std::nullopt;
    return Ipv4{value};
}

std::string Ipv4::toString() const
{
    char buf[16];
    const int n = std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (v >> 24) & 255u, (v >> 16) & 255u,
                                (v >> 8) & 255u, v & 255u);
    return std::string(buf, std::size_t(n));
}

std::optional<Prefix> Prefix::parse(std::string_view text)
{
    const auto slash = text.find('/');
    const auto addr = Ipv4::parse(text.substr(0, slash));
    if (!addr)
        return std::nullopt;
    if (slash == std::string_view::npos)
        return Prefix{*addr, 32};
    const auto lenText = text.substr(slash + 1);
    unsigned len = 0;
    const auto [ptr, ec] = std::from_chars(lenText.data(), lenText.data() + lenText.size(), len);
    if (ec != std::errc() || ptr != lenText.data() + lenText.size() || lenText.empty() || len > 32)
        return std::nullopt;
    return Prefix{*addr, std::uint8_t(len)};
}

std::string Prefix::toString() const
{
    return addr.toString() + '/' + std::to_string(len);
}

std::string Prefix::toRouteString() const
{
    if (len == 0)
        return "default";
    if (len == 32)
        return addr.toString();
    return toString();
}

std::optional<Mac> Mac::parse(std::string_view text)
{
    if (text.size() != 17)
        return std::nullopt;
    Mac mac;
    for (int i = 0; i < 6; ++i) {
        if (i > 0 && text[std::size_t(i * 3 - 1)] != ':')
            return std::nullopt;
        unsigned byte = 0;
        const char *first = text.data() + i * 3;
        const auto [ptr, ec] = std::from_chars(first, first + 2, byte, 16);
        if (ec != std::errc() || ptr != first + 2)
            return std::nullopt;
        mac.b[i] = std::uint8_t(byte);
    }
    return mac;
}

std::string Mac::toString() const
{
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    return std::string(buf, 17);
}

} // namespace nslab::net
