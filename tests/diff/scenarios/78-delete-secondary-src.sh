# Deleting a secondary address removes only its local route and the routes using it as src;
# an address with another prefix length is a separate primary with its own prefix route.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.7/24 dev v1
ip -n x addr add 10.0.0.8/25 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.9.0.1/32 dev lo
ip -n y addr add 10.9.0.2/32 dev lo
ip -n x route add 10.9.0.1 via 10.0.0.2 src 10.0.0.7
ip -n x route add 10.9.0.2 via 10.0.0.2 src 10.0.0.8
ip -n x route add 10.9.0.3 via 10.0.0.2 src 10.0.0.1
ip -n x addr del 10.0.0.7/24 dev v1
ip -n x addr add 10.0.0.9/24 dev v1
