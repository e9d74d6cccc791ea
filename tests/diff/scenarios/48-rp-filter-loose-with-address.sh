# The same as 47 but y's v1 gets a /32 address: now loose rp_filter accepts
# (linux-semantics.md 7.3, E18).
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
ip -n y link set v1 up
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v2 up
ip -n y addr add 10.9.0.1/32 dev lo
ip -n y route add 10.0.1.0/24 via 10.0.2.1
ip -n x route add 10.9.0.0/16 dev v1
ip netns exec y sysctl -w net.ipv4.conf.all.rp_filter=2
ip -n y addr add 10.99.0.1/32 dev v1
