# Addresses that another namespace sees as a broadcast or network address: pinging the
# subnet's broadcast address is refused locally (exit 2); the network address is unicast.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.0.0.255/32 dev lo
ip -n y addr add 10.0.0.0/32 dev lo
ip -n y addr add 10.1.0.255/32 dev lo
ip -n x route add 10.1.0.0/24 via 10.0.0.2
