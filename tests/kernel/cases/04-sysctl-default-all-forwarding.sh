ip netns add a
ip -n a link add v1 type veth peer v2
ip netns exec a sysctl -w net.ipv4.conf.default.proxy_arp=1
ip -n a link add q1 type veth peer q2
ip netns exec a sysctl -w net.ipv4.conf.default.proxy_arp=0
ip netns exec a sysctl -w net.ipv4.conf.v1.rp_filter=1
ip netns exec a sysctl -w net.ipv4.conf.default.rp_filter=2
ip netns exec a sysctl -w net.ipv4.conf.default.forwarding=1
ip -n a link set lo up
ip netns exec a sysctl -w net.ipv4.conf.default.arp_ignore=1
ip -n a link add r1 type veth peer r2
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip netns exec a sysctl -w net.ipv4.conf.v2.forwarding=0
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip netns exec a sysctl -w net.ipv4.conf.all.forwarding=1
ip netns exec a sysctl -w net.ipv4.conf.q2.forwarding=0
ip netns exec a sysctl -w net.ipv4.conf.all.forwarding=0
ip netns exec a sysctl -w net.ipv4.neigh.q1.proxy_delay=0
ip netns exec a sysctl -w net.ipv4.neigh.default.proxy_delay=0
ip netns exec a sysctl -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec a sysctl -w net.ipv4.conf.all.ignore_routes_with_linkdown=1
ip netns exec a sysctl -w net.ipv4.conf.all.log_martians=1
ip netns exec a sysctl -w net.ipv4.conf.all.bogus=1
ip netns exec a sysctl -w net.ipv4.icmp_echo_ignore_all=0
ip netns exec a sysctl -w net.ipv4.conf.all.rp_filter=abc
ip netns add b
ip -n a link set r1 netns b
ip netns exec b sysctl -w net.ipv4.conf.default.rp_filter=1
ip -n a link set r2 netns b
