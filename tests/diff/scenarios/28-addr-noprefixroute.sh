# noprefixroute: no main-table prefix route, but local and broadcast routes stay
# (linux-semantics.md 1.4).
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.2.1/24 dev v1 noprefixroute
ip -n x link set v1 up
ip -n y addr add 10.0.2.2/24 dev v1
ip -n y link set v1 up
# y reaches x only once x has a route back.
ip -n x link add v2 type veth peer name v2 netns y
ip -n x addr add 10.0.3.1/24 dev v2 noprefixroute
ip -n y addr add 10.0.3.2/24 dev v2
ip -n x link set v2 up
ip -n y link set v2 up
ip -n x route add 10.0.3.0/24 dev v2 metric 50
