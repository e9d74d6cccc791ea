# Source selection skips addresses whose scope is narrower than the route's: through v1 (only a
# scope-link address) a direct route uses 169.254.0.1, a gateway route (scope global) falls
# back to another device's global address (linux-semantics.md 6.4). y blackholes replies to
# 169.254.0.1, so only the pings sent from 10.0.2.1 come back.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x addr add 169.254.0.1/16 dev v1 scope link
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 169.254.0.2/16 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n y addr add 10.8.0.1/32 dev lo
ip -n y addr add 10.9.0.1/32 dev lo
ip -n x route add 10.8.0.1 dev v1
ip -n x route add 10.9.0.0/24 via 169.254.0.2 dev v1
ip -n y route add blackhole 169.254.0.1
