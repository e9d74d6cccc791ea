# Address errors: duplicate, deleting a missing one; the same address with another length is
# a separate address (linux-semantics.md 1.3, 14).
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link set v1 up
ip -n y link set v1 up
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.0.1/16 dev v1
ip -n x addr del 10.0.0.9/24 dev v1
ip -n x addr del 10.0.0.1/8 dev v1
ip -n x addr add 10.0.0.300/24 dev v1
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y addr del 10.0.0.2/24 dev v1
ip -n y addr del 10.0.0.2/24 dev v1
ip -n y addr add 10.0.0.2/24 dev v1
