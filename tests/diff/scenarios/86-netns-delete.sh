# Deleting a namespace destroys its devices; the veth peers in other namespaces vanish with
# them, with their routes. The name can then be reused.
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns z
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y link set v1 up
ip -n z addr add 10.0.2.2/24 dev v2
ip -n z link set v2 up
ip -n x route add 10.5.0.0/16 via 10.0.1.2
ip netns del y
ip netns add y
ip -n y link set lo up
ip -n y addr add 10.0.9.9/32 dev lo
