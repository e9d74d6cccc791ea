#!/bin/sh
# Asymmetric routing meets strict reverse-path filtering. Client c reaches server s through r1,
# which has a direct link to s (10.0.2.0/24) and a second path through r2. s sends all its
# replies through r2 (its default route), so they enter r1 on eth2 while r1's route back to
# 10.0.2.2 leaves through eth1: with rp_filter=1 (strict) r1 drops them and c's ping to 10.0.2.2
# fails. Loose mode (rp_filter=2) or a symmetric route on s fixes it.
ip netns add c
ip netns add r1
ip netns add r2
ip netns add s
ip -n c link add eth0 type veth peer name eth0 netns r1
ip -n r1 link add eth1 type veth peer name eth0 netns s
ip -n r1 link add eth2 type veth peer name eth0 netns r2
ip -n r2 link add eth1 type veth peer name eth1 netns s
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r1 sysctl -w net.ipv4.conf.all.rp_filter=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip -n c link set lo up
ip -n c addr add 10.0.1.2/24 dev eth0
ip -n c link set eth0 up
ip -n c route add default via 10.0.1.1 dev eth0
ip -n r1 link set lo up
ip -n r1 addr add 10.0.1.1/24 dev eth0
ip -n r1 addr add 10.0.2.1/24 dev eth1
ip -n r1 addr add 10.0.3.1/24 dev eth2
ip -n r1 link set eth0 up
ip -n r1 link set eth1 up
ip -n r1 link set eth2 up
ip -n r1 route add 10.0.4.0/24 via 10.0.3.2 dev eth2
ip -n r2 link set lo up
ip -n r2 addr add 10.0.3.2/24 dev eth0
ip -n r2 addr add 10.0.4.1/24 dev eth1
ip -n r2 link set eth0 up
ip -n r2 link set eth1 up
ip -n r2 route add 10.0.1.0/24 via 10.0.3.1 dev eth0
ip -n r2 route add 10.0.2.0/24 via 10.0.3.1 dev eth0
ip -n s link set lo up
ip -n s addr add 10.0.2.2/24 dev eth0
ip -n s addr add 10.0.4.2/24 dev eth1
ip -n s link set eth0 up
ip -n s link set eth1 up
ip -n s route add default via 10.0.4.1 dev eth1
