# Secondary addresses and deleting a primary (linux-semantics.md 1.3, 1.4): the secondaries
# go with it, so do routes using it as src; a gateway route stays.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.5/24 dev v1
ip -n x addr add 10.0.0.6/24 dev v1
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y link set v1 up
ip -n x route add 10.5.0.0/16 via 10.0.0.2 src 10.0.0.1
ip -n x route add 10.6.0.0/16 via 10.0.0.2
ip -n x route add 10.7.0.0/16 via 10.0.1.2 src 10.0.1.1
ip -n y route add 10.9.0.0/16 dev v1 src 10.0.0.2
# Deleting a secondary keeps the rest.
ip -n x addr del 10.0.0.6/24 dev v1
# Deleting the primary removes 10.0.0.5 too and the src route; 10.6.0.0/16 via stays.
ip -n x addr del 10.0.0.1/24 dev v1
