# sysctl handlers: flushing entries do not propagate default.X; proxy_delay goes through jiffies
ip netns add a
ip -n a link add v1 type veth peer v2
ip netns exec a sysctl -w net.ipv4.conf.default.promote_secondaries=1
ip netns exec a sysctl -w net.ipv4.conf.default.route_localnet=1
ip netns exec a sysctl -w net.ipv4.conf.default.ignore_routes_with_linkdown=1
ip netns exec a sysctl -w net.ipv4.conf.default.proxy_arp_pvlan=1
ip -n a link add w1 type veth peer w2
ip netns exec a sysctl -w net.ipv4.neigh.v1.proxy_delay=5
ip netns exec a sysctl -w net.ipv4.neigh.v2.proxy_delay=0
ip netns exec a sysctl -w net.ipv4.neigh.w1.proxy_delay=33
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip netns exec a sysctl -w net.ipv4.conf.all.forwarding=1
ip netns exec a sysctl -w net.ipv4.conf.default.forwarding=0
ip -n a link add x1 type veth peer x2
ip -n a addr add 10.0.0.1/24 dev x1
ip netns exec a sysctl -w net.ipv4.conf.default.rp_filter=2
ip netns exec a sysctl -w net.ipv4.conf.all.mc_forwarding=1
ip netns exec a sysctl -w net.ipv4.conf.v1=1
ip netns exec a sysctl -w net.ipv4.route.flush=1
