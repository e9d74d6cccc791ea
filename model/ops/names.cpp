#include "ops/names.h"

namespace nslab::model::ops {

const char *routeCmdName(RouteCmd cmd)
{
    switch (cmd) {
    case RouteCmd::Add: return "add";
    case RouteCmd::Replace: return "replace";
    case RouteCmd::Append: return "append";
    case RouteCmd::Prepend: return "prepend";
    case RouteCmd::Change: return "change";
    case RouteCmd::Del: return "del";
    }
    return "add";
}

const char *routeTypeName(RouteType type)
{
    switch (type) {
    case RouteType::Unicast: return "unicast";
    case RouteType::Local: return "local";
    case RouteType::Broadcast: return "broadcast";
    case RouteType::Anycast: return "anycast";
    case RouteType::Multicast: return "multicast";
    case RouteType::Blackhole: return "blackhole";
    case RouteType::Unreachable: return "unreachable";
    case RouteType::Prohibit: return "prohibit";
    case RouteType::Throw: return "throw";
    case RouteType::Nat: return "nat";
    }
    return "unknown";
}

std::string scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Universe: return "global";
    case Scope::Site: return "site";
    case Scope::Link: return "link";
    case Scope::Host: return "host";
    case Scope::Nowhere: return "nowhere";
    }
    return std::to_string(unsigned(scope));
}

std::string protoName(std::uint8_t proto)
{
    // /etc/iproute2/rt_protos of iproute2 6.1.
    switch (proto) {
    case 0: return "unspec";
    case 1: return "redirect";
    case 2: return "kernel";
    case 3: return "boot";
    case 4: return "static";
    case 8: return "gated";
    case 9: return "ra";
    case 10: return "mrt";
    case 11: return "zebra";
    case 12: return "bird";
    case 13: return "dnrouted";
    case 14: return "xorp";
    case 15: return "ntk";
    case 16: return "dhcp";
    case 18: return "keepalived";
    case 42: return "babel";
    case 99: return "openr";
    case 186: return "bgp";
    case 187: return "isis";
    case 188: return "ospf";
    case 189: return "rip";
    case 192: return "eigrp";
    default: return std::to_string(proto);
    }
}

} // namespace nslab::model::ops
