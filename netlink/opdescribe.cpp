#include "opdescribe.h"

#include "ops/names.h"

#include <variant>

namespace nslab::nl {

using namespace model::ops;

namespace {

std::string ipn(const std::string &ns)
{
    return ns.empty() ? std::string("ip ") : "ip -n " + ns + ' ';
}

} // namespace

std::string describeOp(const Op &op)
{
    return std::visit(
        [](const auto &o) -> std::string {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, NetnsAdd>) {
                return "ip netns add " + o.name;
            } else if constexpr (std::is_same_v<T, NetnsDel>) {
                return "ip netns del " + o.name;
            } else if constexpr (std::is_same_v<T, LinkAddVeth>) {
                std::string s = ipn(o.ns) + "link add " + o.name;
                if (!o.netns.empty())
                    s += " netns " + o.netns;
                s += " type veth peer name " + o.peer;
                if (!o.peerNetns.empty())
                    s += " netns " + o.peerNetns;
                return s;
            } else if constexpr (std::is_same_v<T, LinkAddBridge>) {
                return ipn(o.ns) + "link add " + o.name + " type bridge";
            } else if constexpr (std::is_same_v<T, LinkAddDummy>) {
                return ipn(o.ns) + "link add " + o.name + " type dummy";
            } else if constexpr (std::is_same_v<T, LinkDel>) {
                return ipn(o.ns) + "link del " + o.name;
            } else if constexpr (std::is_same_v<T, LinkSet>) {
                std::string s = ipn(o.ns) + "link set " + o.dev;
                if (o.up)
                    s += *o.up ? " up" : " down";
                if (o.master)
                    s += o.master->empty() ? std::string(" nomaster") : " master " + *o.master;
                if (o.netns)
                    s += " netns " + *o.netns;
                if (o.mtu)
                    s += " mtu " + std::to_string(*o.mtu);
                if (o.address)
                    s += " address " + o.address->toString();
                if (o.newName)
                    s += " name " + *o.newName;
                return s;
            } else if constexpr (std::is_same_v<T, AddrAdd>) {
                std::string s = ipn(o.ns) + "addr add " + o.local.toString();
                if (o.peer)
                    s += " peer " + o.peer->toString();
                if (o.broadcast)
                    s += " broadcast " + o.broadcast->toString();
                if (o.scope)
                    s += " scope " + scopeName(*o.scope);
                if (o.noprefixroute)
                    s += " noprefixroute";
                return s + " dev " + o.dev;
            } else if constexpr (std::is_same_v<T, AddrDel>) {
                return ipn(o.ns) + "addr del " + o.local.toString() + " dev " + o.dev;
            } else if constexpr (std::is_same_v<T, AddrFlush>) {
                return ipn(o.ns) + "addr flush dev " + o.dev;
            } else if constexpr (std::is_same_v<T, RouteOp>) {
                std::string s = ipn(o.ns) + "route " + routeCmdName(o.cmd);
                if (o.type)
                    s += std::string(" ") + routeTypeName(*o.type);
                s += ' ' + o.dst.toRouteString();
                if (o.tos)
                    s += " tos " + std::to_string(o.tos);
                if (o.via)
                    s += " via " + o.via->toString();
                if (o.dev)
                    s += " dev " + *o.dev;
                if (o.src)
                    s += " src " + o.src->toString();
                if (o.metric)
                    s += " metric " + std::to_string(*o.metric);
                if (o.scope)
                    s += " scope " + scopeName(*o.scope);
                if (o.proto)
                    s += " proto " + std::to_string(*o.proto);
                if (o.table)
                    s += " table " + std::to_string(*o.table);
                if (o.onlink)
                    s += " onlink";
                return s;
            } else if constexpr (std::is_same_v<T, RouteFlush>) {
                std::string s = ipn(o.ns) + "route flush";
                if (o.dst)
                    s += ' ' + o.dst->toRouteString();
                if (o.dev)
                    s += " dev " + *o.dev;
                if (o.table)
                    s += " table " + std::to_string(*o.table);
                return s;
            } else if constexpr (std::is_same_v<T, NeighProxy>) {
                return ipn(o.ns) + (o.add ? "neigh add proxy " : "neigh del proxy ") + o.addr.toString() + " dev " + o.dev;
            } else if constexpr (std::is_same_v<T, NeighAdd>) {
                return ipn(o.ns) + "neigh replace " + o.addr.toString() + " lladdr " + o.lladdr.toString() + " dev "
                    + o.dev + " nud permanent";
            } else if constexpr (std::is_same_v<T, SysctlSet>) {
                return "ip netns exec " + o.ns + " sysctl -w " + o.key + '=' + o.value;
            } else if constexpr (std::is_same_v<T, RouteShow>) {
                return ipn(o.ns) + "route show";
            } else if constexpr (std::is_same_v<T, RouteGet>) {
                return ipn(o.ns) + "route get " + o.dst.toString();
            } else if constexpr (std::is_same_v<T, AddrShow>) {
                return ipn(o.ns) + "addr show";
            } else if constexpr (std::is_same_v<T, LinkShow>) {
                return ipn(o.ns) + "link show";
            } else {
                return "(rejected command) " + o.stderrText;
            }
        },
        op);
}

} // namespace nslab::nl
