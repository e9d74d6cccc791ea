# A chain h1 - r1 - r2 - r3 - h2 with static routes; r3 lacks the way back to h1's subnet, so
# h1 and h2 cannot talk although each request arrives; r2 reaches everything.
ip netns add h1
ip netns add r1
ip netns add r2
ip netns add r3
ip netns add h2
ip -n h1 link set lo up
ip -n r1 link set lo up
ip -n r2 link set lo up
ip -n r3 link set lo up
ip -n h2 link set lo up
ip -n h1 link add eth0 type veth peer name e1 netns r1
ip -n r1 link add e2 type veth peer name e1 netns r2
ip -n r2 link add e2 type veth peer name e1 netns r3
ip -n r3 link add e2 type veth peer name eth0 netns h2
ip -n h1 addr add 10.1.0.2/24 dev eth0
ip -n r1 addr add 10.1.0.1/24 dev e1
ip -n r1 addr add 10.12.0.1/30 dev e2
ip -n r2 addr add 10.12.0.2/30 dev e1
ip -n r2 addr add 10.23.0.1/30 dev e2
ip -n r3 addr add 10.23.0.2/30 dev e1
ip -n r3 addr add 10.2.0.1/24 dev e2
ip -n h2 addr add 10.2.0.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n r1 link set e1 up
ip -n r1 link set e2 up
ip -n r2 link set e1 up
ip -n r2 link set e2 up
ip -n r3 link set e1 up
ip -n r3 link set e2 up
ip -n h2 link set eth0 up
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r3 sysctl -w net.ipv4.ip_forward=1
ip -n h1 route add default via 10.1.0.1
ip -n h2 route add default via 10.2.0.1
ip -n r1 route add default via 10.12.0.2
ip -n r2 route add 10.1.0.0/24 via 10.12.0.1
ip -n r2 route add 10.2.0.0/24 via 10.23.0.2
ip -n r3 route add 10.12.0.0/30 via 10.23.0.1
