# A device moved into another namespace starts from that namespace's defaults (its explicit
# proxy_arp=1 is lost) and loses its addresses and routes; a veth end created straight into a
# namespace takes that namespace's defaults (linux-semantics.md 0, E8, E10).
# Not yet in linux-semantics.md (checked on 6.18): adding an IPv4 address marks EVERY conf value
# of the device as explicitly set (devinet.c rtm_to_ifaddr/inet_set_ifa -> ipv4_devconf_setall),
# so the later default.proxy_arp=1 write in m does not reach r1/r2 (they got addresses in m);
# and a device created after a default.X write inherits the "explicitly set" mark for X.
ip netns add r
ip netns add m
ip netns add h1
ip netns add h2
ip netns add h3
ip -n r link set lo up
ip -n m link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip netns exec m sysctl -w net.ipv4.conf.default.forwarding=1
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip netns exec r sysctl -w net.ipv4.conf.r1.proxy_arp=1
ip netns exec r sysctl -w net.ipv4.conf.r2.proxy_arp=1
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r link set r1 up
ip -n r route add 10.0.9.0/24 dev r1
ip -n r link set r1 netns m
ip -n r link set r2 netns m
ip netns exec m sysctl -w net.ipv4.neigh.r1.proxy_delay=0
ip netns exec m sysctl -w net.ipv4.neigh.r2.proxy_delay=0
ip -n m addr add 10.0.1.1/24 dev r1
ip -n m addr add 10.0.2.1/24 dev r2
ip -n m link set r1 up
ip -n m link set r2 up
ip -n h1 addr add 10.0.1.2/16 dev eth0
ip -n h2 addr add 10.0.2.2/16 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip netns exec m sysctl -w net.ipv4.conf.r2.proxy_arp=0
ip netns exec m sysctl -w net.ipv4.conf.default.proxy_arp=1
ip -n h3 link add eth0 type veth peer name r3 netns m
ip netns exec m sysctl -w net.ipv4.neigh.r3.proxy_delay=0
ip -n m addr add 10.0.3.1/24 dev r3
ip -n m link set r3 up
ip -n h3 addr add 10.0.3.2/16 dev eth0
ip -n h3 link set eth0 up
