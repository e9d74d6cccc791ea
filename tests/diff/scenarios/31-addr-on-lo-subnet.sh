# An address with a prefix on lo makes the whole subnet local (local route in the local table)
# and is chosen as source for routes through an address-less device (linux-semantics.md 1.4,
# 6.4).
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x addr add 10.7.0.1/24 dev lo
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x addr add 10.8.0.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.9.0.2/24 dev v1
ip -n y addr add 10.8.0.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n x route add 10.9.0.0/24 dev v1
ip -n y route add 10.7.0.0/24 dev v1
ip -n y route add 10.7.0.0/16 via 10.8.0.1
