#!/bin/sh
# Three routers in a chain between two hosts: h1 (10.0.1.0/24) - r1 - r2 - r3 - h2 (10.0.4.0/24).
# Every router forwards and knows the way to h2's subnet, but r3 is missing its return route to
# 10.0.1.0/24: h1's echo request reaches h2, h2's reply dies at r3 (ICMP net unreachable back to
# h2), and h1 hears nothing. Add `ip -n r3 route add 10.0.1.0/24 via 10.0.23.1` to fix it.
ip netns add h1
ip netns add h2
ip netns add r1
ip netns add r2
ip netns add r3
ip -n h1 link add eth0 type veth peer name eth0 netns r1
ip -n r1 link add eth1 type veth peer name eth0 netns r2
ip -n r2 link add eth1 type veth peer name eth0 netns r3
ip -n r3 link add eth1 type veth peer name eth0 netns h2
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r3 sysctl -w net.ipv4.ip_forward=1
ip -n h1 link set lo up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n r1 link set lo up
ip -n r1 addr add 10.0.1.1/24 dev eth0
ip -n r1 addr add 10.0.12.1/24 dev eth1
ip -n r1 link set eth0 up
ip -n r1 link set eth1 up
ip -n r2 link set lo up
ip -n r2 addr add 10.0.12.2/24 dev eth0
ip -n r2 addr add 10.0.23.1/24 dev eth1
ip -n r2 link set eth0 up
ip -n r2 link set eth1 up
ip -n r3 link set lo up
ip -n r3 addr add 10.0.23.2/24 dev eth0
ip -n r3 addr add 10.0.4.1/24 dev eth1
ip -n r3 link set eth0 up
ip -n r3 link set eth1 up
ip -n h2 link set lo up
ip -n h2 addr add 10.0.4.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h1 route add default via 10.0.1.1 dev eth0
ip -n h2 route add default via 10.0.4.1 dev eth0
ip -n r1 route add 10.0.23.0/24 via 10.0.12.2 dev eth1
ip -n r1 route add 10.0.4.0/24 via 10.0.12.2 dev eth1
ip -n r2 route add 10.0.1.0/24 via 10.0.12.1 dev eth0
ip -n r2 route add 10.0.4.0/24 via 10.0.23.2 dev eth1
# r3 knows h2's side and r2's link, but not the way back to 10.0.1.0/24.
