#include "labs.h"

#include <algorithm>

namespace nslab::test {

using namespace model::ops;

CalicoLab calicoLab(const std::string &prefix, int hosts, int podsPerHost)
{
    CalicoLab lab;
    auto &ops = lab.ops;
    const std::string lan = prefix + "lan";
    auto hostName = [](int h) { return "host" + std::to_string(h); };
    auto podName = [](int h, int p) { return "pod" + std::to_string(h) + "-" + std::to_string(p); };
    auto hostIp = [](int h) { return net::Ipv4{(172u << 24) | (16u << 16) | std::uint32_t(h)}; };
    auto podIp = [](int h, int p) { return net::Ipv4{(10u << 24) | (std::uint32_t(h) << 16) | std::uint32_t(p + 2)}; };
    const net::Ipv4 gateway = *net::Ipv4::parse("169.254.1.1");

    ops.push_back(NetnsAdd{lan});
    lab.nodes.push_back("lan");
    for (int h = 1; h <= hosts; ++h) {
        ops.push_back(NetnsAdd{prefix + hostName(h)});
        lab.nodes.push_back(hostName(h));
        for (int p = 1; p <= podsPerHost; ++p) {
            ops.push_back(NetnsAdd{prefix + podName(h, p)});
            lab.nodes.push_back(podName(h, p));
            lab.pods.push_back(podName(h, p));
        }
    }
    ops.push_back(LinkAddBridge{lan, "br0"});
    ops.push_back(LinkSet{lan, "br0", true, {}, {}, {}, {}, {}});
    for (int h = 1; h <= hosts; ++h) {
        const std::string host = prefix + hostName(h);
        const std::string port = "v" + std::to_string(h);
        ops.push_back(LinkAddVeth{lan, port, "", "ens33", host, {}, {}});
        ops.push_back(LinkSet{lan, port, true, std::string("br0"), {}, {}, {}, {}});
        ops.push_back(LinkSet{host, "ens33", true, {}, {}, {}, {}, {}});
        ops.push_back(AddrAdd{host, "ens33", {hostIp(h), 16}, {}, {}, {}, false});
        lab.addresses.push_back(hostIp(h));
        ops.push_back(SysctlSet{host, "net.ipv4.ip_forward", "1"});
        // The host's default route (to the LAN's router) is what covers 169.254.1.1: without a
        // route to it, proxy ARP has nothing to answer for (the lesson's missing piece).
        RouteOp def;
        def.ns = host;
        def.dst = {{0}, 0};
        def.via = net::Ipv4{(172u << 24) | (16u << 16) | 0xfffeu};
        def.dev = "ens33";
        ops.push_back(def);
        for (int p = 1; p <= podsPerHost; ++p) {
            const std::string pod = prefix + podName(h, p);
            const std::string cali = "cali" + std::to_string(p);
            ops.push_back(LinkAddVeth{host, cali, "", "eth0", pod, {}, {}});
            ops.push_back(SysctlSet{host, "net.ipv4.conf." + cali + ".proxy_arp", "1"});
            ops.push_back(SysctlSet{host, "net.ipv4.neigh." + cali + ".proxy_delay", "0"});
            ops.push_back(LinkSet{host, cali, true, {}, {}, {}, {}, {}});
            ops.push_back(LinkSet{pod, "eth0", true, {}, {}, {}, {}, {}});
            ops.push_back(AddrAdd{pod, "eth0", {podIp(h, p), 32}, {}, {}, {}, false});
            lab.addresses.push_back(podIp(h, p));
            RouteOp link;
            link.ns = pod;
            link.dst = {gateway, 32};
            link.dev = "eth0";
            link.scope = Scope::Link;
            ops.push_back(link);
            RouteOp def;
            def.ns = pod;
            def.dst = {{0}, 0};
            def.via = gateway;
            def.dev = "eth0";
            ops.push_back(def);
            RouteOp back;
            back.ns = host;
            back.dst = {podIp(h, p), 32};
            back.dev = cali;
            ops.push_back(back);
        }
    }
    // Each host reaches every other host's pod block through that host.
    for (int h = 1; h <= hosts; ++h)
        for (int o = 1; o <= hosts; ++o) {
            if (o == h)
                continue;
            RouteOp r;
            r.ns = prefix + hostName(h);
            r.dst = {{(10u << 24) | (std::uint32_t(o) << 16)}, 16};
            r.via = hostIp(o);
            r.dev = "ens33";
            ops.push_back(r);
        }
    // Like the planner (Node::loUp): lo up everywhere, so a pod can ping its own address.
    for (const auto &node : lab.nodes)
        ops.push_back(LinkSet{prefix + node, "lo", true, {}, {}, {}, {}, {}});
    std::sort(lab.nodes.begin(), lab.nodes.end());
    std::sort(lab.addresses.begin(), lab.addresses.end());
    return lab;
}

} // namespace nslab::test
