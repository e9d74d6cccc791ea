# Deleting the last IPv4 address of a device removes every route through it, user routes
# included (linux-semantics.md 1.4).
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v1 netns z
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y link set v1 up
ip -n z addr add 10.0.2.2/24 dev v1
ip -n z link set v1 up
ip -n y route add default via 10.0.1.1
ip -n z route add default via 10.0.2.1
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip -n x route add 10.8.0.0/16 via 10.0.1.2
ip -n x route add 10.9.0.0/16 dev v1
ip -n x route add 10.10.0.0/16 via 10.0.2.2 dev v2
ip -n x addr del 10.0.1.1/24 dev v1
# Adding it back restores only the kernel routes.
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr del 10.0.1.1/24 dev v1
