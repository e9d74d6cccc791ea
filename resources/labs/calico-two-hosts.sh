#!/bin/sh
# Calico's 169.254.1.1 trick (linux-semantics.md 12): hosts node1 and node2 on a LAN bridge with
# a gateway, two pods on each. A pod has its IP as a /32 on eth0 and routes everything via
# 169.254.1.1, which nobody owns: the host side cali* has no address but proxy_arp=1 (and
# proxy_delay=0, rp_filter=1 as Calico sets them), so the host answers the ARP and routes the
# packet: a /32 route per local pod, the other host's pod block via its LAN address, forwarding on.
ip netns add gw
ip netns add lan
ip netns add node1
ip netns add node2
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip netns add pod4
ip -n lan link add br0 type bridge
ip -n lan link add p1 type veth peer name eth0 netns node1
ip -n lan link add p2 type veth peer name eth0 netns node2
ip -n lan link add pg type veth peer name eth0 netns gw
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set pg master br0
ip -n lan link set br0 up
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set pg up
ip -n gw link set lo up
ip -n gw addr add 192.168.0.1/24 dev eth0
ip -n gw link set eth0 up
# The gateway knows where the pod blocks are.
ip -n gw route add 10.244.1.0/24 via 192.168.0.11 dev eth0
ip -n gw route add 10.244.2.0/24 via 192.168.0.12 dev eth0
# node1 with pod1 and pod2 (block 10.244.1.0/24).
ip netns exec node1 sysctl -w net.ipv4.ip_forward=1
ip -n node1 link set lo up
ip -n node1 addr add 192.168.0.11/24 dev eth0
ip -n node1 link set eth0 up
ip -n node1 route add default via 192.168.0.1 dev eth0
ip -n node1 link add cali1 type veth peer name eth0 netns pod1
ip -n node1 link add cali2 type veth peer name eth0 netns pod2
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.rp_filter=1
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali2.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.rp_filter=1
ip -n node1 link set cali1 up
ip -n node1 link set cali2 up
ip -n node1 route add blackhole 10.244.1.0/24
ip -n node1 route add 10.244.1.2 dev cali1 scope link
ip -n node1 route add 10.244.1.3 dev cali2 scope link
ip -n node1 route add 10.244.2.0/24 via 192.168.0.12 dev eth0
# node2 with pod3 and pod4 (block 10.244.2.0/24).
ip netns exec node2 sysctl -w net.ipv4.ip_forward=1
ip -n node2 link set lo up
ip -n node2 addr add 192.168.0.12/24 dev eth0
ip -n node2 link set eth0 up
ip -n node2 route add default via 192.168.0.1 dev eth0
ip -n node2 link add cali3 type veth peer name eth0 netns pod3
ip -n node2 link add cali4 type veth peer name eth0 netns pod4
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali3.proxy_delay=0
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.rp_filter=1
ip netns exec node2 sysctl -w net.ipv4.conf.cali4.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali4.proxy_delay=0
ip netns exec node2 sysctl -w net.ipv4.conf.cali4.rp_filter=1
ip -n node2 link set cali3 up
ip -n node2 link set cali4 up
ip -n node2 route add blackhole 10.244.2.0/24
ip -n node2 route add 10.244.2.2 dev cali3 scope link
ip -n node2 route add 10.244.2.3 dev cali4 scope link
ip -n node2 route add 10.244.1.0/24 via 192.168.0.11 dev eth0
# The pods: a /32 and a default route via the gateway nobody owns.
ip -n pod1 link set lo up
ip -n pod1 addr add 10.244.1.2/32 dev eth0
ip -n pod1 link set eth0 up
ip -n pod1 route add 169.254.1.1 dev eth0 scope link
ip -n pod1 route add default via 169.254.1.1 dev eth0
ip -n pod2 link set lo up
ip -n pod2 addr add 10.244.1.3/32 dev eth0
ip -n pod2 link set eth0 up
ip -n pod2 route add 169.254.1.1 dev eth0 scope link
ip -n pod2 route add default via 169.254.1.1 dev eth0
ip -n pod3 link set lo up
ip -n pod3 addr add 10.244.2.2/32 dev eth0
ip -n pod3 link set eth0 up
ip -n pod3 route add 169.254.1.1 dev eth0 scope link
ip -n pod3 route add default via 169.254.1.1 dev eth0
ip -n pod4 link set lo up
ip -n pod4 addr add 10.244.2.3/32 dev eth0
ip -n pod4 link set eth0 up
ip -n pod4 route add 169.254.1.1 dev eth0 scope link
ip -n pod4 route add default via 169.254.1.1 dev eth0
