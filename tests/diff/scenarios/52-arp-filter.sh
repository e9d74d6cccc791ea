# arp_filter: answer only if the route back to the ARP sender leaves through the incoming
# device. x asks on a1 with sender 10.0.2.1 (y routes it via v2: refused with arp_filter) and
# with sender 10.0.1.1 (answered). z is the same without arp_filter.
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add a1 type veth peer name v1 netns y
ip -n x link add a2 type veth peer name v2 netns y
ip -n x link add b1 type veth peer name v1 netns z
ip -n x link add b2 type veth peer name v2 netns z
ip -n x addr add 10.0.1.1/24 dev a1
ip -n x addr add 10.0.2.1/24 dev a2
ip -n x addr add 10.1.1.1/24 dev b1
ip -n x addr add 10.1.2.1/24 dev b2
ip -n x link set a1 up
ip -n x link set a2 up
ip -n x link set b1 up
ip -n x link set b2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n z addr add 10.1.1.2/24 dev v1
ip -n z addr add 10.1.2.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n z link set v1 up
ip -n z link set v2 up
ip -n y addr add 10.9.0.1/32 dev lo
ip -n y addr add 10.9.0.2/32 dev lo
ip -n z addr add 10.8.0.1/32 dev lo
ip -n x route add 10.9.0.1 dev a1 src 10.0.2.1
ip -n x route add 10.9.0.2 dev a1
ip -n x route add 10.8.0.1 dev b1 src 10.1.2.1
ip netns exec y sysctl -w net.ipv4.conf.all.arp_filter=1
