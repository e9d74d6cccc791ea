# del picks the first matching route in display order; given attributes narrow the match.
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
ip -n x route add 10.20.0.0/16 via 10.0.1.2 metric 10
ip -n x route add 10.20.0.0/16 via 10.0.2.2 metric 5
ip -n x route add 10.21.0.0/16 via 10.0.1.2
ip -n x route append 10.21.0.0/16 via 10.0.2.2
ip -n x route add unreachable 10.22.0.0/16
ip -n x route add 10.23.0.0/16 dev v1 metric 3
ip -n x route del 10.20.0.0/16
ip -n x route del 10.21.0.0/16 via 10.0.2.2
ip -n x route del blackhole 10.22.0.0/16
ip -n x route del unreachable 10.22.0.0/16
ip -n x route del 10.23.0.0/16 dev v2
ip -n x route del 10.23.0.0/16 scope host
ip -n x route del 10.23.0.0/16 scope link
ip -n x route del 10.0.2.0/24
