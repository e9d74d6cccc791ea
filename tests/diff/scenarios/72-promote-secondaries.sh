# promote_secondaries=1: deleting a primary promotes its first secondary instead of deleting
# them all (linux-semantics.md 1.3); compare with the default on y.
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add v1 type veth peer name v1 netns z
ip -n y link add v1 type veth peer name v2 netns z
ip netns exec x sysctl -w net.ipv4.conf.v1.promote_secondaries=1
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.5/24 dev v1
ip -n x addr add 10.0.0.6/24 dev v1
ip -n y addr add 10.0.1.1/24 dev v1
ip -n y addr add 10.0.1.5/24 dev v1
ip -n x link set v1 up
ip -n y link set v1 up
ip -n z addr add 10.0.0.2/24 dev v1
ip -n z addr add 10.0.1.2/24 dev v2
ip -n z link set v1 up
ip -n z link set v2 up
ip -n x route add 10.9.0.0/16 via 10.0.0.2 src 10.0.0.5
ip -n x addr del 10.0.0.1/24 dev v1
ip -n y addr del 10.0.1.1/24 dev v1
