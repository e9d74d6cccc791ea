# conf.default.forwarding only seeds devices created later; existing devices keep 0.
ip netns add r
ip netns add h1
ip netns add h2
ip netns add h3
ip netns add h4
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n h4 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip netns exec r sysctl -w net.ipv4.conf.default.forwarding=1
ip -n r link add r3 type veth peer name eth0 netns h3
ip -n r link add r4 type veth peer name eth0 netns h4
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r addr add 10.0.3.1/24 dev r3
ip -n r addr add 10.0.4.1/24 dev r4
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r link set r3 up
ip -n r link set r4 up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h3 addr add 10.0.3.2/24 dev eth0
ip -n h4 addr add 10.0.4.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
ip -n h4 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip -n h3 route add default via 10.0.3.1
ip -n h4 route add default via 10.0.4.1
