# Strict rp_filter on a forwarding router with an asymmetric path: traffic from h1 enters r on
# r1 (source 10.8.0.1) but r routes 10.8.0.0/16 via r3, so r drops it, in both directions of
# h1 <-> h2; traffic from h1's on-link addresses is unaffected. h1 announces its device
# address in ARP (arp_announce=2) so that its ARP for 10.0.1.1 never depends on which ping
# asked first.
ip netns add r
ip netns add h1
ip netns add h2
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r3 type veth peer name eth1 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.3.1/24 dev r3
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r link set r3 up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h1 addr add 10.0.3.2/24 dev eth1
ip -n h1 addr add 10.8.0.1/32 dev lo
ip -n h1 link set eth0 up
ip -n h1 link set eth1 up
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h2 route add default via 10.0.2.1
ip netns exec h1 sysctl -w net.ipv4.conf.eth0.arp_announce=2
ip -n h1 route add 10.0.2.0/24 via 10.0.1.1 src 10.8.0.1
ip -n r route add 10.8.0.0/16 via 10.0.3.2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.conf.r1.rp_filter=1
