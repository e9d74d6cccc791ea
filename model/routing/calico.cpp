#include "routing/calico.h"

#include <algorithm>
#include <cstdlib>

namespace nslab::model::routing {

namespace {

using net::Ipv4;
using net::Mac;
using net::Prefix;

constexpr std::uint32_t kLanNet = 0xac100000u;   // 172.16.0.0/16: the hosts' LAN
constexpr std::uint32_t kPodPool = 0x0a000000u;  // 10.0.0.0/8: pod blocks
constexpr std::uint32_t kCalicoGw = 0xa9fe0101u; // 169.254.1.1
constexpr int kMaxPods = 100000;                 // a lab is a drawing: far beyond anything applied

std::string padded(int value, int width)
{
    std::string s = std::to_string(value);
    if (int(s.size()) < width)
        s.insert(0, std::size_t(width - int(s.size())), '0');
    return s;
}

int widthFor(int n)
{
    int w = 1;
    for (int v = n; v >= 10; v /= 10)
        ++w;
    return std::max(w, 2);
}

// Deterministic, locally administered MACs (02:…), unique per device role and number, so
// permanent neighbour entries can name them and applying twice gives the same lab.
Mac mac(std::uint8_t role, std::uint32_t n)
{
    Mac m;
    m.b[0] = 0x02;
    m.b[1] = role;
    m.b[2] = std::uint8_t(n >> 24);
    m.b[3] = std::uint8_t(n >> 16);
    m.b[4] = std::uint8_t(n >> 8);
    m.b[5] = std::uint8_t(n);
    return m;
}

// Host i's LAN address: 172.16.0.0/16, skipping .0 and .255 in every /24 for readability.
Ipv4 lanAddress(int i) // i = 0 is the gateway, hosts are 1..H
{
    const std::uint32_t hi = std::uint32_t(i + 1) / 254, lo = std::uint32_t(i + 1) % 254 + 1;
    return Ipv4{kLanNet | (hi << 8) | lo};
}

RouteSpec route(Prefix dst, std::optional<Ipv4> via, std::string dev, std::optional<ops::Scope> scope = {})
{
    RouteSpec r;
    r.dst = dst;
    r.via = via;
    r.dev = std::move(dev);
    r.scope = scope;
    return r;
}

} // namespace

std::optional<Topology> generateCalico(const CalicoOptions &o, std::string *error)
{
    auto fail = [&](std::string message) -> std::optional<Topology> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    if (o.hosts < 1 || o.hosts > 4000)
        return fail("--hosts must be between 1 and 4000");
    if (o.podsPerHost < 0 || o.podsPerHost > 4000)
        return fail("--pods-per-host must be between 0 and 4000");
    if (std::int64_t(o.hosts) * o.podsPerHost > kMaxPods)
        return fail("at most " + std::to_string(kMaxPods) + " pods in total (hosts × pods-per-host)");
    std::uint32_t block = 64; // Calico's default /26 block, grown until it holds the pods
    while (block < std::uint32_t(o.podsPerHost) + 2)
        block *= 2;
    if (std::uint64_t(block) * std::uint64_t(o.hosts) > (1ull << 24))
        return fail("hosts × pod block size does not fit in 10.0.0.0/8");
    int blockLen = 32;
    for (std::uint32_t b = block; b > 1; b /= 2)
        --blockLen;
    const bool permanent = o.neighbours == CalicoOptions::Neighbours::Permanent
                           || (o.neighbours == CalicoOptions::Neighbours::Auto
                               && std::int64_t(o.hosts) * o.podsPerHost > CalicoOptions::kAutoPermanentPods);

    Topology t;
    t.title = "Calico: " + std::to_string(o.hosts) + " hosts × " + std::to_string(o.podsPerHost) + " pods";
    t.description = "Every pod routes `default via 169.254.1.1 dev eth0` over a /32 link route; the host side caliN has "
                    "proxy_arp=1 and answers for 169.254.1.1 because its own default route leaves through eth0. "
                    "Hosts reach each other's pods through /"
                    + std::to_string(blockLen) + " blocks via their LAN addresses."
                    + (permanent ? " Neighbours are permanent entries (the kernel's ARP table is shared by all namespaces)." : "");
    std::uint32_t nextId = 1;
    std::uint32_t nextLink = 1;
    const int hw = widthFor(o.hosts), pw = widthFor(o.podsPerHost);

    Node lan;
    lan.id = NodeId{nextId++};
    lan.name = "lan";
    lan.kind = NodeKind::Lan;
    lan.loUp = false;
    {
        InterfaceSpec br;
        br.name = "br0";
        br.kind = InterfaceKind::Bridge;
        br.mac = mac(0xb0, 0);
        lan.interfaces.push_back(br);
    }
    t.nodes.push_back(lan);
    const std::size_t lanIndex = 0;

    auto podBlock = [&](int h) { return Prefix{Ipv4{kPodPool + std::uint32_t(h - 1) * block}, std::uint8_t(blockLen)}; };
    auto podIp = [&](int h, int p) { return Ipv4{kPodPool + std::uint32_t(h - 1) * block + std::uint32_t(p)}; };
    auto hostEth0Mac = [&](int h) { return mac(0x10, std::uint32_t(h)); };
    const Ipv4 gwIp = lanAddress(0);

    // One LAN port + link per LAN member (gateway = member 0).
    auto attach = [&](Node &member, int index, const Mac &memberMac) {
        InterfaceSpec port;
        port.name = "p" + padded(index, hw);
        port.kind = InterfaceKind::Veth;
        port.master = "br0";
        port.mac = mac(0xb1, std::uint32_t(index));
        t.nodes[lanIndex].interfaces.push_back(port);
        InterfaceSpec eth0;
        eth0.name = "eth0";
        eth0.kind = InterfaceKind::Veth;
        eth0.mac = memberMac;
        eth0.addresses.push_back(AddressSpec{Prefix{lanAddress(index), 16}, {}, {}, false});
        member.interfaces.push_back(eth0);
        Link l;
        l.id = LinkId{nextLink++};
        l.a = LinkEnd{member.id, "eth0"};
        l.b = LinkEnd{t.nodes[lanIndex].id, port.name};
        t.links.push_back(l);
    };

    if (o.gateway) {
        Node gw;
        gw.id = NodeId{nextId++};
        gw.name = "gw";
        gw.kind = NodeKind::Router;
        gw.note = "LAN gateway: the hosts' default route; knows every pod block";
        attach(gw, 0, mac(0x10, 0));
        gw.sysctls.push_back({"net.ipv4.ip_forward", 1});
        for (int h = 1; h <= o.hosts; ++h)
            gw.routes.push_back(route(podBlock(h), lanAddress(h), "eth0"));
        if (permanent)
            for (int h = 1; h <= o.hosts; ++h)
                gw.neighbours.push_back(NeighSpec{lanAddress(h), "eth0", false, hostEth0Mac(h)});
        t.nodes.push_back(std::move(gw));
    }

    for (int h = 1; h <= o.hosts; ++h) {
        Node host;
        host.id = NodeId{nextId++};
        host.name = "host" + padded(h, hw);
        host.kind = NodeKind::Host;
        host.note = "pod block " + podBlock(h).toString();
        attach(host, h, hostEth0Mac(h));
        // ip_forward first: it seeds `forwarding` on every device created afterwards (§0).
        host.sysctls.push_back({"net.ipv4.ip_forward", 1});
        const std::size_t hostIndex = t.nodes.size();
        t.nodes.push_back(std::move(host));

        for (int p = 1; p <= o.podsPerHost; ++p) {
            Node pod;
            pod.id = NodeId{nextId++};
            pod.name = "pod" + padded(h, hw) + "-" + padded(p, pw);
            pod.kind = NodeKind::Netns;
            pod.host = t.nodes[hostIndex].id;
            const std::uint32_t serial = std::uint32_t(h) * 65536u + std::uint32_t(p);
            InterfaceSpec eth0;
            eth0.name = "eth0";
            eth0.mac = mac(0x20, serial);
            eth0.addresses.push_back(AddressSpec{Prefix{podIp(h, p), 32}, {}, {}, false});
            pod.interfaces.push_back(eth0);
            pod.routes.push_back(route(Prefix{Ipv4{kCalicoGw}, 32}, {}, "eth0", ops::Scope::Link));
            pod.routes.push_back(route(Prefix{Ipv4{0}, 0}, Ipv4{kCalicoGw}, "eth0"));

            const std::string cali = "cali" + padded(p, pw);
            const Mac caliMac = mac(0xca, serial);
            if (permanent)
                pod.neighbours.push_back(NeighSpec{Ipv4{kCalicoGw}, "eth0", false, caliMac});

            Node &hostNode = t.nodes[hostIndex];
            InterfaceSpec hs;
            hs.name = cali;
            hs.mac = caliMac;
            hs.sysctls["proxy_arp"] = 1;
            hs.sysctls["proxy_delay"] = 0;
            hs.sysctls["rp_filter"] = 1;
            hostNode.interfaces.push_back(hs);
            hostNode.routes.push_back(route(Prefix{podIp(h, p), 32}, {}, cali, ops::Scope::Link));
            if (permanent)
                hostNode.neighbours.push_back(NeighSpec{podIp(h, p), cali, false, eth0.mac});

            Link l;
            l.id = LinkId{nextLink++};
            l.a = LinkEnd{pod.id, "eth0"};
            l.b = LinkEnd{hostNode.id, cali};
            t.links.push_back(l);
            t.nodes.push_back(std::move(pod));
        }
        Node &hostNode = t.nodes[hostIndex];
        for (int other = 1; other <= o.hosts; ++other) {
            if (other == h)
                continue;
            hostNode.routes.push_back(route(podBlock(other), lanAddress(other), "eth0"));
            if (permanent)
                hostNode.neighbours.push_back(NeighSpec{lanAddress(other), "eth0", false, hostEth0Mac(other)});
        }
        if (o.gateway) {
            hostNode.routes.push_back(route(Prefix{Ipv4{0}, 0}, gwIp, "eth0"));
            if (permanent)
                hostNode.neighbours.push_back(NeighSpec{gwIp, "eth0", false, mac(0x10, 0)});
        } else {
            // No gateway: a default route via an unused LAN address still covers 169.254.1.1.
            hostNode.routes.push_back(route(Prefix{Ipv4{0}, 0}, gwIp, "eth0"));
        }
    }
    // Lay the drawing out: LAN on top, hosts in a row, pods in a column under their host.
    t.nodes[lanIndex].x = 0;
    t.nodes[lanIndex].y = 0;
    double hx = -(o.hosts - 1) * 150.0;
    for (Node &n : t.nodes) {
        if (n.kind == NodeKind::Router) {
            n.x = 300;
            n.y = -150;
        } else if (n.kind == NodeKind::Host) {
            n.x = hx;
            n.y = 200;
            hx += 300;
        }
    }
    for (Node &n : t.nodes) {
        if (n.kind != NodeKind::Netns)
            continue;
        const Node *host = t.node(n.host);
        const std::size_t dash = n.name.rfind('-');
        const int p = std::atoi(n.name.c_str() + dash + 1);
        n.x = host ? host->x : 0;
        n.y = 300 + 90.0 * p;
    }
    return t;
}

} // namespace nslab::model::routing
