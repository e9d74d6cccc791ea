# conf.default.X reaches every device on which X was never written, and devices created later;
# an explicit device value is kept (linux-semantics.md 0). Observed through proxy ARP: the hosts
# use /16s and ARP for each other, the router answers only where proxy_arp is effective.
ip netns add r
ip netns add h1
ip netns add h2
ip netns add h3
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl -w net.ipv4.conf.r1.proxy_arp=0
ip netns exec r sysctl -w net.ipv4.conf.default.proxy_arp=1
ip -n r link add r3 type veth peer name eth0 netns h3
ip netns exec r sysctl -w net.ipv4.neigh.r1.proxy_delay=0
ip netns exec r sysctl -w net.ipv4.neigh.r2.proxy_delay=0
ip netns exec r sysctl -w net.ipv4.neigh.r3.proxy_delay=0
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r addr add 10.0.3.1/24 dev r3
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r link set r3 up
ip -n h1 addr add 10.0.1.2/16 dev eth0
ip -n h2 addr add 10.0.2.2/16 dev eth0
ip -n h3 addr add 10.0.3.2/16 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
