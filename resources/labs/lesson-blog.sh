#!/bin/sh
# The lesson's final state (seed-scenario.md): hosts a and b on the LAN 172.16.91.0/24 (a bridge in
# namespace lan, gateway gw at 172.16.91.2); netns01 and netns02 live on a, netns03 on b. Every
# namespace routes the LAN, the outside world and even its own subnet through its host, and the
# hosts forward between them. The gateway has no route back to 10.10.0.0/16, so it never answers.
ip netns add a
ip netns add b
ip netns add gw
ip netns add lan
ip netns add netns01
ip netns add netns02
ip netns add netns03
# The LAN: a bridge with one port per machine.
ip -n lan link add br0 type bridge
ip -n lan link add pa type veth peer name ens33 netns a
ip -n lan link add pb type veth peer name ens33 netns b
ip -n lan link add pg type veth peer name eth0 netns gw
ip -n lan link set pa master br0
ip -n lan link set pb master br0
ip -n lan link set pg master br0
ip -n lan link set br0 up
ip -n lan link set pa up
ip -n lan link set pb up
ip -n lan link set pg up
ip -n gw link set lo up
ip -n gw addr add 172.16.91.2/24 dev eth0
ip -n gw link set eth0 up
# Host A and its namespaces.
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip -n a link set lo up
ip -n a addr add 172.16.91.201/24 dev ens33
ip -n a link set ens33 up
ip -n a route add default via 172.16.91.2 dev ens33
ip -n a link add vetha1 type veth peer name veth1a netns netns01
ip -n a link add vetha2 type veth peer name veth2a netns netns02
ip -n a link set vetha1 up
ip -n a link set vetha2 up
ip -n a route add 10.10.0.2 dev vetha1
ip -n a route add 10.10.0.3 dev vetha2
ip -n a route add 10.10.1.0/24 via 172.16.91.202 dev ens33
# Host B and its namespace.
ip netns exec b sysctl -w net.ipv4.ip_forward=1
ip -n b link set lo up
ip -n b addr add 172.16.91.202/24 dev ens33
ip -n b link set ens33 up
ip -n b route add default via 172.16.91.2 dev ens33
ip -n b link add vethb3 type veth peer name veth3b netns netns03
ip -n b link set vethb3 up
ip -n b route add 10.10.1.2 dev vethb3
ip -n b route add 10.10.0.0/24 via 172.16.91.201 dev ens33
# netns01: the host first (a /32 link route), then everything through it.
ip -n netns01 link set lo up
ip -n netns01 addr add 10.10.0.2/24 dev veth1a
ip -n netns01 link set veth1a up
ip -n netns01 route add 172.16.91.201 dev veth1a
ip -n netns01 route add 172.16.91.0/24 via 172.16.91.201 dev veth1a
ip -n netns01 route add default via 172.16.91.201 dev veth1a
ip -n netns01 route del 10.10.0.0/24 dev veth1a
ip -n netns01 route add 10.10.0.0/24 via 172.16.91.201 dev veth1a
# netns02: the same on the same host.
ip -n netns02 link set lo up
ip -n netns02 addr add 10.10.0.3/24 dev veth2a
ip -n netns02 link set veth2a up
ip -n netns02 route add 172.16.91.201 dev veth2a
ip -n netns02 route add 172.16.91.0/24 via 172.16.91.201 dev veth2a
ip -n netns02 route add default via 172.16.91.201 dev veth2a
ip -n netns02 route del 10.10.0.0/24 dev veth2a
ip -n netns02 route add 10.10.0.0/24 via 172.16.91.201 dev veth2a
# netns03 on host B keeps its connected /24 (nobody else lives in it).
ip -n netns03 link set lo up
ip -n netns03 addr add 10.10.1.2/24 dev veth3b
ip -n netns03 link set veth3b up
ip -n netns03 route add 172.16.91.202 dev veth3b
ip -n netns03 route add 172.16.91.0/24 via 172.16.91.202 dev veth3b
ip -n netns03 route add default via 172.16.91.202 dev veth3b
