# Reverse-path filter: x sends to y's loopback addresses over v1 with a source that y routes via
# v2. Strict (1) drops, loose (2) accepts; effective value is max(all, dev); default.rp_filter
# does not touch a device whose rp_filter was written explicitly. x announces device addresses
# in ARP (arp_announce=2) so its ARP for y's v1 address never depends on which ping asked first.
ip netns add x
ip netns add y1
ip netns add y2
ip netns add y3
ip -n x link set lo up
ip -n y1 link set lo up
ip -n y2 link set lo up
ip -n y3 link set lo up
ip -n x link add a1 type veth peer name v1 netns y1
ip -n x link add a2 type veth peer name v2 netns y1
ip -n x link add b1 type veth peer name v1 netns y2
ip -n x link add b2 type veth peer name v2 netns y2
ip -n x link add c1 type veth peer name v1 netns y3
ip -n x link add c2 type veth peer name v2 netns y3
ip -n x addr add 10.1.1.1/24 dev a1
ip -n x addr add 10.1.2.1/24 dev a2
ip -n x addr add 10.2.1.1/24 dev b1
ip -n x addr add 10.2.2.1/24 dev b2
ip -n x addr add 10.3.1.1/24 dev c1
ip -n x addr add 10.3.2.1/24 dev c2
ip -n x link set a1 up
ip -n x link set a2 up
ip -n x link set b1 up
ip -n x link set b2 up
ip -n x link set c1 up
ip -n x link set c2 up
ip -n y1 addr add 10.1.1.2/24 dev v1
ip -n y1 addr add 10.1.2.2/24 dev v2
ip -n y2 addr add 10.2.1.2/24 dev v1
ip -n y2 addr add 10.2.2.2/24 dev v2
ip -n y3 addr add 10.3.1.2/24 dev v1
ip -n y3 addr add 10.3.2.2/24 dev v2
ip -n y1 link set v1 up
ip -n y1 link set v2 up
ip -n y2 link set v1 up
ip -n y2 link set v2 up
ip -n y3 link set v1 up
ip -n y3 link set v2 up
ip -n y1 addr add 10.91.0.1/32 dev lo
ip -n y2 addr add 10.92.0.1/32 dev lo
ip -n y3 addr add 10.93.0.1/32 dev lo
ip netns exec x sysctl -w net.ipv4.conf.all.arp_announce=2
ip -n x route add 10.91.0.0/16 via 10.1.1.2 src 10.1.2.1
ip -n x route add 10.92.0.0/16 via 10.2.1.2 src 10.2.2.1
ip -n x route add 10.93.0.0/16 via 10.3.1.2 src 10.3.2.1
# y1: strict through all (max(all=1, dev=0)).
ip netns exec y1 sysctl -w net.ipv4.conf.all.rp_filter=1
# y2: dev strict, all loose -> loose.
ip netns exec y2 sysctl -w net.ipv4.conf.v1.rp_filter=1
ip netns exec y2 sysctl -w net.ipv4.conf.all.rp_filter=2
# y3: v1 explicitly 0, then default=1: v1 keeps 0 (accepts), v2 follows the default.
ip netns exec y3 sysctl -w net.ipv4.conf.v1.rp_filter=0
ip netns exec y3 sysctl -w net.ipv4.conf.default.rp_filter=1
