#pragma once
// Small labs for the simulator tests, written as the ip/sysctl scripts a student would type, and
// a helper that runs them through the parser and the kernel emulator.
#include "kernel/kernel.h"
#include "ops/parser.h"

#include <QTest>

#include <string>

namespace simtest {

// Runs every command; a command the emulator refuses fails the test (labs must be valid).
inline nslab::kernel::Kernel build(const std::string &script, bool allowFailures = false)
{
    nslab::kernel::Kernel k;
    for (const auto &cmd : nslab::model::ops::parseScript(script)) {
        if (cmd.unsupported)
            qFatal("unsupported command on line %d: %s (%s)", cmd.line, cmd.text.c_str(), cmd.message.c_str());
        for (const auto &op : cmd.ops) {
            const auto r = k.apply(op);
            if (!r.ok() && !allowFailures)
                qFatal("line %d `%s` failed: %s", cmd.line, cmd.text.c_str(), r.err.c_str());
        }
    }
    return k;
}

// x — y on one veth, same /24.
inline const std::string kPair = R"(
ip netns add x
ip netns add y
ip -n x link add x0 type veth peer name y0 netns y
ip -n x link set lo up
ip -n y link set lo up
ip -n x addr add 10.0.0.1/24 dev x0
ip -n y addr add 10.0.0.2/24 dev y0
ip -n x link set x0 up
ip -n y link set y0 up
)";

// x — r — y: r routes between 10.0.1.0/24 and 10.0.2.0/24; x and y default via r.
inline const std::string kRouted = R"(
ip netns add x
ip netns add r
ip netns add y
ip -n x link add x0 type veth peer name r0 netns r
ip -n y link add y0 type veth peer name r1 netns r
ip -n x link set lo up
ip -n r link set lo up
ip -n y link set lo up
ip -n x addr add 10.0.1.1/24 dev x0
ip -n r addr add 10.0.1.254/24 dev r0
ip -n r addr add 10.0.2.254/24 dev r1
ip -n y addr add 10.0.2.1/24 dev y0
ip -n x link set x0 up
ip -n r link set r0 up
ip -n r link set r1 up
ip -n y link set y0 up
ip -n x route add default via 10.0.1.254
ip -n y route add default via 10.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
)";

// The lesson's network (linux-semantics.md §13): LAN bridge, gateway, hosts a and b, netns01
// and netns02 on a, netns03 on b. Step 0.
inline const std::string kLessonBase = R"(
ip netns add lan
ip netns add gw
ip netns add a
ip netns add b
ip netns add netns01
ip netns add netns02
ip netns add netns03
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add pa type veth peer name ens33 netns a
ip -n lan link add pb type veth peer name ens33 netns b
ip -n lan link add pg type veth peer name eth0 netns gw
ip -n lan link set pa master br0
ip -n lan link set pb master br0
ip -n lan link set pg master br0
ip -n lan link set pa up
ip -n lan link set pb up
ip -n lan link set pg up
ip -n gw link set lo up
ip -n gw addr add 172.16.91.2/24 dev eth0
ip -n gw link set eth0 up
ip -n a link set lo up
ip -n a addr add 172.16.91.201/24 dev ens33
ip -n a link set ens33 up
ip -n a route add default via 172.16.91.2
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip -n b link set lo up
ip -n b addr add 172.16.91.202/24 dev ens33
ip -n b link set ens33 up
ip -n b route add default via 172.16.91.2
ip netns exec b sysctl -w net.ipv4.ip_forward=1
ip -n a link add vetha1 type veth peer name veth1a netns netns01
ip -n a link add vetha2 type veth peer name veth2a netns netns02
ip -n b link add vethb3 type veth peer name veth3b netns netns03
ip -n a link set vetha1 up
ip -n a link set vetha2 up
ip -n b link set vethb3 up
ip -n netns01 link set lo up
ip -n netns01 addr add 10.10.0.2/24 dev veth1a
ip -n netns01 link set veth1a up
ip -n netns02 link set lo up
ip -n netns02 addr add 10.10.0.3/24 dev veth2a
ip -n netns02 link set veth2a up
ip -n netns03 link set lo up
ip -n netns03 addr add 10.10.1.2/24 dev veth3b
ip -n netns03 link set veth3b up
)";

// Calico's wiring by hand (linux-semantics.md §12): node1 (pod1, pod2) and node2 (pod3) on a LAN
// with gateway gw that knows the pod blocks.
inline const std::string kCalico = R"(
ip netns add lan
ip netns add gw
ip netns add node1
ip netns add node2
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add p1 type veth peer name eth0 netns node1
ip -n lan link add p2 type veth peer name eth0 netns node2
ip -n lan link add pg type veth peer name eth0 netns gw
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set pg master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set pg up
ip -n gw link set lo up
ip -n gw addr add 192.168.0.1/24 dev eth0
ip -n gw link set eth0 up
ip netns exec gw sysctl -w net.ipv4.ip_forward=1
ip -n gw route add 10.244.1.0/24 via 192.168.0.11
ip -n gw route add 10.244.2.0/24 via 192.168.0.12
ip -n node1 link set lo up
ip -n node1 addr add 192.168.0.11/24 dev eth0
ip -n node1 link set eth0 up
ip -n node2 link set lo up
ip -n node2 addr add 192.168.0.12/24 dev eth0
ip -n node2 link set eth0 up
ip -n node1 link add cali1 type veth peer name eth0 netns pod1
ip -n node1 link add cali2 type veth peer name eth0 netns pod2
ip -n node2 link add cali3 type veth peer name eth0 netns pod3
ip netns exec node1 sysctl -w net.ipv4.ip_forward=1
ip netns exec node2 sysctl -w net.ipv4.ip_forward=1
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.rp_filter=1
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali2.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.rp_filter=1
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali3.proxy_delay=0
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.rp_filter=1
ip -n node1 link set cali1 up
ip -n node1 link set cali2 up
ip -n node2 link set cali3 up
ip -n pod1 link set lo up
ip -n pod2 link set lo up
ip -n pod3 link set lo up
ip -n pod1 addr add 10.244.1.2/32 dev eth0
ip -n pod2 addr add 10.244.1.3/32 dev eth0
ip -n pod3 addr add 10.244.2.2/32 dev eth0
ip -n pod1 link set eth0 up
ip -n pod2 link set eth0 up
ip -n pod3 link set eth0 up
ip -n pod1 route add 169.254.1.1 dev eth0 scope link
ip -n pod1 route add default via 169.254.1.1 dev eth0
ip -n pod2 route add 169.254.1.1 dev eth0 scope link
ip -n pod2 route add default via 169.254.1.1 dev eth0
ip -n pod3 route add 169.254.1.1 dev eth0 scope link
ip -n pod3 route add default via 169.254.1.1 dev eth0
ip -n node1 route add 10.244.1.2 dev cali1 scope link
ip -n node1 route add 10.244.1.3 dev cali2 scope link
ip -n node2 route add 10.244.2.2 dev cali3 scope link
ip -n node1 route add 10.244.2.0/24 via 192.168.0.12 dev eth0
ip -n node2 route add 10.244.1.0/24 via 192.168.0.11 dev eth0
ip -n node1 route add default via 192.168.0.1
ip -n node2 route add default via 192.168.0.1
)";

} // namespace simtest
