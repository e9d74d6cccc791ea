# Source address selection (linux-semantics.md 6.4): through an address-less device the
# first global primary of the namespace in device order is used (lo first); a gateway route
# prefers the primary whose subnet holds the gateway. y routes only some sources back.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x link add v3 type veth peer name v3 netns y
ip -n x addr add 10.3.0.1/24 dev v3
ip -n x addr add 10.2.0.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n x link set v3 up
ip -n y addr add 10.9.0.2/24 dev v1
ip -n y addr add 10.2.0.2/24 dev v2
ip -n y addr add 10.3.0.2/24 dev v3
ip -n y link set v1 up
ip -n y link set v2 up
ip -n y link set v3 up
ip -n y addr add 10.7.7.7/32 dev lo
# Through the address-less v1: source 10.2.0.1 (v2 comes before v3 in device order).
ip -n x route add 10.9.0.0/24 dev v1
ip -n y route add 10.2.0.0/16 dev v1
# A second primary on v2: the gateway 10.4.0.2 selects 10.4.0.1 as source.
ip -n x addr add 10.4.0.1/24 dev v2
ip -n y addr add 10.4.0.2/24 dev v2
ip -n x route add 10.7.7.7 via 10.4.0.2
ip -n y route add 10.8.0.0/16 via 10.3.0.1
