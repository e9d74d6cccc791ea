# Same link as 54 but with plain proxy_arp: it never answers for a target behind the same
# port, so h1 cannot reach h2 (h2 never answers ARP itself, arp_ignore=8).
ip netns add lan
ip netns add r
ip netns add h1
ip netns add h2
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link add pr type veth peer name r0 netns r
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set pr master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set pr up
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h2 link set eth0 address 02:00:00:00:00:03
ip -n r addr add 10.0.0.1/24 dev r0
ip -n h1 addr add 10.0.0.2/24 dev eth0
ip -n h2 addr add 10.0.0.3/24 dev eth0
ip -n r link set r0 up
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip netns exec h2 sysctl -w net.ipv4.conf.all.arp_ignore=8
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.conf.r0.proxy_arp=1
ip netns exec r sysctl -w net.ipv4.neigh.r0.proxy_delay=0
ip -n r neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev r0 nud permanent
