# prefsrc, prefix text and route-type errors (linux-semantics.md 2.1, 2.3, 14).
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n x route add 10.1.0.0/16 via 10.0.0.2 src 10.0.0.9
ip -n x route add 10.1.0.0/16 via 10.0.0.2 src 10.0.0.2
ip -n x route add 10.1.0.0/16 via 10.0.0.2 src 10.0.0.1
ip -n x route add 10.1.0.5/16 via 10.0.0.2
ip -n x route add 10.0.0.300/24 via 10.0.0.2
ip -n x route add blackhole 10.2.0.0/16 dev v1
ip -n x route add unreachable 10.2.0.0/16 via 10.0.0.2
ip -n x route add prohibit 10.2.0.0/16 dev v1
ip -n x route add throw 10.2.0.0/16 dev v1
ip -n x route add nat 10.3.0.0/16 via 10.0.0.2
ip -n x route add blackhole 10.2.0.0/24
ip -n x route add unreachable 10.2.1.0/24
ip -n x route add prohibit 10.2.2.0/24
ip -n x route add throw 10.2.3.0/24
ip -n x route add blackhole 10.2.4.0/24 metric 7
ip -n x route add 10.4.0.0/16 dev v1 src 10.0.0.1 metric 7
