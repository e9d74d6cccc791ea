# Adding an IPv4 address marks all of a device's conf values as explicitly set
# (devinet.c ipv4_devconf_setall), so a later conf.default.X write passes it by: r1 got its
# address before the default.proxy_arp=1 write and does not proxy, r2 got it after and does.
ip netns add r
ip netns add h1
ip netns add h2
ip netns add h3
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip -n r link add r3 type veth peer name eth0 netns h3
ip -n r addr add 10.0.1.1/24 dev r1
ip netns exec r sysctl -w net.ipv4.conf.default.proxy_arp=1
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r addr add 10.0.3.1/24 dev r3
ip netns exec r sysctl -w net.ipv4.neigh.r1.proxy_delay=0
ip netns exec r sysctl -w net.ipv4.neigh.r2.proxy_delay=0
ip netns exec r sysctl -w net.ipv4.neigh.r3.proxy_delay=0
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r link set r3 up
ip -n h1 addr add 10.0.1.2/16 dev eth0
ip -n h2 addr add 10.0.2.2/16 dev eth0
ip -n h3 addr add 10.0.3.2/16 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
