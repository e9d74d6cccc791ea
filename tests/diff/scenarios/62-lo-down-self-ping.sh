# With lo down a namespace cannot ping its own addresses (exit 1), others can; routes through
# lo cannot be added; bringing lo up adds 127.0.0.1 and its local routes.
ip netns add x
ip netns add y
ip netns add z
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v1 netns z
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n z addr add 10.0.2.2/24 dev v1
ip -n z link set v1 up
ip -n x addr add 10.5.0.1/32 dev lo
ip -n x route add 10.6.0.0/16 dev lo
ip -n y route add 10.5.0.1 via 10.0.0.1
ip -n z link set lo up
ip -n z route add 10.6.0.0/16 dev lo
ip -n z link set lo down
