# replace replaces the first route of the key (any type) or inserts; change needs the key.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.30.0.1/32 dev lo
ip -n y addr add 10.31.0.1/32 dev lo
ip -n y addr add 10.32.0.1/32 dev lo
ip -n x route add unreachable 10.30.0.0/16
ip -n x route replace 10.30.0.0/16 via 10.0.0.2
ip -n x route replace 10.31.0.0/16 via 10.0.0.2
ip -n x route add blackhole 10.32.0.0/16
ip -n x route append 10.32.0.0/16 via 10.0.0.2
ip -n x route replace prohibit 10.32.0.0/16
ip -n x route change 10.32.0.0/16 via 10.0.0.2 metric 4
ip -n x route change 10.32.0.0/16 via 10.0.0.2
ip -n x route replace 10.0.0.0/24 dev v1 metric 0 src 10.0.0.1 proto static
ip -n x route replace 10.33.0.0/16 via 10.0.0.2 metric 9
ip -n x route change 10.33.0.0/16 dev v1 metric 9
