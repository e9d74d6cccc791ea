# The ARP sender address differs for locally generated and forwarded packets (arp_announce 0,
# linux-semantics.md 8.1): r's own ping to h2 carries src 10.0.2.1 (a local address inside h2's
# subnet), a forwarded packet makes r pick r2's primary 10.0.9.1 instead - which h2 refuses
# with arp_ignore=2.
ip netns add r
ip netns add h1
ip netns add h2
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.9.1/24 dev r2
ip -n r addr add 10.0.2.1/32 dev lo
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r route add 10.0.2.0/24 dev r2 src 10.0.2.1
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip netns exec h2 sysctl -w net.ipv4.conf.eth0.arp_ignore=2
