# Insertion order among routes of one key: add, append, prepend, kernel routes appended
# (linux-semantics.md 2.1, 4.1); the first of the key wins.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n y addr add 10.20.0.1/32 dev lo
ip -n y addr add 10.21.0.1/32 dev lo
ip -n x route add 10.20.0.0/16 via 10.0.2.99
ip -n x route append 10.20.0.0/16 via 10.0.1.2
ip -n x route prepend 10.20.0.0/16 via 10.0.2.98
ip -n x route append 10.20.0.0/16 dev v2
ip -n x route add 10.21.0.0/16 via 10.0.1.2
ip -n x route append 10.21.0.0/16 via 10.0.2.99
# The same prefix on a second device: the kernel appends its prefix route.
ip -n x addr add 10.0.1.9/24 dev v2
