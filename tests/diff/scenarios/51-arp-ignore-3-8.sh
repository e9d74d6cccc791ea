# arp_ignore=3 refuses only scope-host addresses; 8 never answers, not even for the incoming
# device's own address (linux-semantics.md 8.2, E21).
ip netns add x
ip netns add y3
ip netns add y8
ip -n x link set lo up
ip -n y3 link set lo up
ip -n y8 link set lo up
ip -n x link add a3 type veth peer name v1 netns y3
ip -n x link add a8 type veth peer name v1 netns y8
ip -n x addr add 10.3.0.1/24 dev a3
ip -n x addr add 10.8.0.1/24 dev a8
ip -n x link set a3 up
ip -n x link set a8 up
ip -n y3 addr add 10.3.0.2/24 dev v1
ip -n y8 addr add 10.8.0.2/24 dev v1
ip -n y3 link set v1 up
ip -n y8 link set v1 up
ip -n y3 addr add 10.93.0.1/32 dev lo
ip -n y3 addr add 10.93.0.2/32 dev lo scope host
ip -n y8 addr add 10.98.0.1/32 dev lo
ip -n x route add 10.93.0.0/24 dev a3
ip -n x route add 10.98.0.0/24 dev a8
ip netns exec y3 sysctl -w net.ipv4.conf.v1.arp_ignore=3
ip netns exec y8 sysctl -w net.ipv4.conf.v1.arp_ignore=8
