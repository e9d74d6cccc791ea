# Display order: network ascending, longer prefix first, tos descending, metric ascending,
# then insertion; lowest metric wins the lookup.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add a0 type veth peer name a0 netns y
ip -n x link add a1 type veth peer name a1 netns y
ip -n x addr add 10.0.0.1/24 dev a0
ip -n x addr add 10.0.1.1/24 dev a1
ip -n x link set a0 up
ip -n x link set a1 up
ip -n y addr add 10.0.0.2/24 dev a0
ip -n y addr add 10.0.1.2/24 dev a1
ip -n y link set a0 up
ip -n y link set a1 up
ip -n y addr add 10.1.0.9/32 dev lo
ip -n y addr add 10.2.0.9/32 dev lo
ip -n x route add 10.1.0.0/16 via 10.0.0.2 metric 20
ip -n x route add 10.1.0.0/16 via 10.0.1.2 metric 10
ip -n x route add 10.1.0.0/16 tos 0x10 via 10.0.0.6
ip -n x route add 10.1.0.0/16 tos 0x10 via 10.0.0.6 metric 3
ip -n x route add 10.1.0.0/24 via 10.0.0.2 metric 30
ip -n x route add 10.0.0.0/8 via 10.0.0.2
ip -n x route add 10.2.0.0/16 via 10.0.0.2 proto static metric 3 onlink
ip -n x route add 10.2.0.0/16 via 10.0.77.1 dev a1 metric 2 onlink
ip -n x route add 10.72.0.0/16 dev a0 scope link src 10.0.1.1 metric 7
ip -n x route add 9.0.0.0/8 dev a0 proto 42
ip -n x route add default via 10.0.0.2 metric 100
ip -n x route add 0.0.0.0/1 via 10.0.1.2
