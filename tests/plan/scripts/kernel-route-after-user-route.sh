# A user route takes a key before an address makes its kernel route there: the kernel appends its
# own route after the user's, and the same subnet on two devices comes up in reverse order.
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name p1 netns y
ip -n x link add v2 type veth peer name p2 netns y
ip -n x link add v3 type veth peer name p3 netns y
ip -n x link set v1 up
ip -n x link set v2 up
ip -n x route add 10.0.0.0/24 dev v2
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.1.0.1/24 dev v1
ip -n x addr add 10.1.0.2/24 dev v3
ip -n x link set v3 up
ip -n x addr add 10.2.0.1/24 dev v3
ip -n x addr add 10.2.0.2/24 dev v2
