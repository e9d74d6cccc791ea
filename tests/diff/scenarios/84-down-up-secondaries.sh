# Admin down then up on a device with primaries and secondaries: local routes survive, prefix
# and broadcast routes come back for every primary; user routes and src routes do not.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.5/24 dev v1
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.1.9/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.9.0.1/32 dev lo
ip -n x route add 10.9.0.0/16 via 10.0.0.2 src 10.0.0.5
ip -n x link set v1 down
ip -n x link set v1 up
