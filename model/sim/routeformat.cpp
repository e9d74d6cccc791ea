#include "sim/routeformat.h"

namespace nslab::sim {

using kernel::DevOpt;
using kernel::RouteType;
using kernel::Scope;

std::string protoName(std::uint8_t proto)
{
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

std::string scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Universe: return "global";
    case Scope::Site: return "site";
    case Scope::Link: return "link";
    case Scope::Host: return "host";
    case Scope::Nowhere: return "nowhere";
    }
    return std::to_string(int(scope));
}

std::string routeTypeName(RouteType type)
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
    return std::to_string(int(type));
}

std::string formatRoute(const kernel::Namespace &ns, const kernel::Route &r)
{
    std::string out;
    out.reserve(96);
    if (r.type != RouteType::Unicast) {
        out += routeTypeName(r.type);
        out += ' ';
    }
    out += r.dst.toRouteString();
    out += ' ';
    if (r.tos != 0) {
        static const char hex[] = "0123456789abcdef";
        out += "tos 0x";
        out += hex[r.tos >> 4];
        out += hex[r.tos & 15];
        out += ' ';
    }
    if (r.gateway) {
        out += "via ";
        out += r.gateway->toString();
        out += ' ';
    }
    const kernel::Device *dev = r.dev ? ns.deviceByIndex(r.dev) : nullptr;
    if (dev) {
        out += "dev ";
        out += dev->name;
        out += ' ';
    }
    if (r.proto != model::ops::kProtoBoot) {
        out += "proto ";
        out += protoName(r.proto);
        out += ' ';
    }
    if (r.scope != Scope::Universe) {
        out += "scope ";
        out += scopeName(r.scope);
        out += ' ';
    }
    if (r.prefsrc) {
        out += "src ";
        out += r.prefsrc->toString();
        out += ' ';
    }
    if (r.metric != 0) {
        out += "metric ";
        out += std::to_string(r.metric);
        out += ' ';
    }
    const bool linkdown = dev && ns.linkdown(r);
    if (linkdown && ns.dead(r))
        out += "dead ";
    if (r.onlink)
        out += "onlink ";
    if (linkdown)
        out += "linkdown ";
    return out;
}

} // namespace nslab::sim
