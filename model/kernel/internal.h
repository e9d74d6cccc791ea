#pragma once
// Helpers shared by the emulator's translation units (not part of the public contract).
#include "kernel/state.h"

#include <string>

namespace nslab::kernel::detail {

constexpr bool isErrorType(RouteType t)
{
    return t == RouteType::Blackhole || t == RouteType::Unreachable || t == RouteType::Prohibit
        || t == RouteType::Throw;
}

// inet_addr_type(): the type of the route an address hits (unicast when none / an error route;
// zero network and 255.255.255.255 are broadcast).
RouteType addrType(const Namespace &ns, Ipv4 addr, std::uint32_t table = 0);

// iproute2 names (rt_dsfield, rt_tables); route types, scopes and protocols are in ops/names.h.
std::string dsfieldName(std::uint8_t tos);
std::string tableName(std::uint32_t table);

} // namespace nslab::kernel::detail
