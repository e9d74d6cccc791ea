# A subnet on lo is local as a whole: x answers pings for 10.7.0.5 itself even though y owns
# that address; y reaches it only when its packets avoid x's local route.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x addr add 10.7.0.1/24 dev lo
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.7.0.5/32 dev lo
ip -n y route add 10.7.0.0/24 via 10.0.0.1
