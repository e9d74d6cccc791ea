#pragma once
// iproute2's names for route types, scopes and protocols, in one place for everything that prints
// them: the kernel's `ip route show`/`ip addr show` renderer, the printer, the netlink executor's
// op descriptions and the simulator's traces.
#include "ops/ops.h"

#include <cstdint>
#include <string>

namespace nslab::model::ops {

// The `ip route` command word for `cmd`: "add", "replace", ...
const char *routeCmdName(RouteCmd cmd);

// rtnl_rtntype_n2a(): "unicast", "local", ... ("unknown" is unreachable for the enum's values).
const char *routeTypeName(RouteType type);

// rtnl_rtscope_n2a(): the rt_scopes names, any other value as its number.
std::string scopeName(Scope scope);

// rtnl_rtprot_n2a(): the rt_protos names of iproute2 6.1, any other value as its number.
std::string protoName(std::uint8_t proto);

} // namespace nslab::model::ops
