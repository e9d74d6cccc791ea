# ip route flush and ip addr flush: flushing the addresses removes every route through the
# device; flushing routes by device or prefix leaves the rest.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.1.5/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n x route add 10.5.0.0/16 via 10.0.1.2
ip -n x route add 10.5.1.0/24 via 10.0.2.2
ip -n x route add 10.6.0.0/16 via 10.0.2.2
ip -n x route add 10.7.0.0/16 via 10.0.2.2
ip -n y route add 10.8.0.0/16 via 10.0.1.1
ip -n y route add 10.9.0.0/16 via 10.0.2.1
ip -n x route flush 10.5.0.0/16
ip -n x route flush dev v2
ip -n y addr flush dev v1
