# /31 and peer addresses (linux-semantics.md 1.3, 1.4): a /31 gets a /31 route and no
# broadcast; a peer address routes only the peer.
ip netns add p
ip netns add q
ip netns add s
ip -n p link set lo up
ip -n q link set lo up
ip -n s link set lo up
ip -n p link add v1 type veth peer name v1 netns q
ip -n p addr add 10.0.0.0/31 dev v1
ip -n q addr add 10.0.0.1/31 dev v1
ip -n p link set v1 up
ip -n q link set v1 up
ip -n p link add v2 type veth peer name v2 netns s
ip -n p addr add 10.0.3.1 peer 10.0.3.2 dev v2
ip -n s addr add 10.0.3.2 peer 10.0.3.1 dev v2
ip -n p link set v2 up
ip -n s link set v2 up
# A /30 next to them for comparison.
ip -n q link add v3 type veth peer name v3 netns s
ip -n q addr add 10.0.4.1/30 dev v3
ip -n s addr add 10.0.4.2/30 dev v3
ip -n q link set v3 up
ip -n s link set v3 up
