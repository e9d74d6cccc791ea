#!/bin/sh
# One LAN segment: a Linux bridge in namespace lan joins h1, h2 and h3 (10.0.0.0/24). The bridge
# itself carries 10.0.0.254, a normal address of the lan namespace reachable from the segment.
# No routing is needed: every address is on-link.
ip netns add h1
ip netns add h2
ip netns add h3
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link add p3 type veth peer name eth0 netns h3
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set p3 master br0
ip -n lan link set lo up
ip -n lan addr add 10.0.0.254/24 dev br0
ip -n lan link set br0 up
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set p3 up
ip -n h1 link set lo up
ip -n h1 addr add 10.0.0.1/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set lo up
ip -n h2 addr add 10.0.0.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h3 link set lo up
ip -n h3 addr add 10.0.0.3/24 dev eth0
ip -n h3 link set eth0 up
