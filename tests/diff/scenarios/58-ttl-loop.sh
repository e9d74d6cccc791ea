# Two routers pointing 10.9.0.0/16 at each other: the echo loops until its TTL expires.
ip netns add h
ip netns add r1
ip netns add r2
ip netns add z
ip -n h link set lo up
ip -n r1 link set lo up
ip -n r2 link set lo up
ip -n z link set lo up
ip -n h link add eth0 type veth peer name ra netns r1
ip -n r1 link add rb type veth peer name rb netns r2
ip -n h addr add 10.0.1.2/24 dev eth0
ip -n h link set eth0 up
ip -n r1 addr add 10.0.1.1/24 dev ra
ip -n r1 addr add 10.0.12.1/24 dev rb
ip -n r1 link set ra up
ip -n r1 link set rb up
ip -n r2 addr add 10.0.12.2/24 dev rb
ip -n r2 link set rb up
ip -n h route add default via 10.0.1.1
ip -n r2 route add 10.0.1.0/24 via 10.0.12.1
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip -n r1 route add 10.9.0.0/16 via 10.0.12.2
ip -n r2 route add 10.9.0.0/16 via 10.0.12.1
# z owns 10.9.0.1 but is connected to nothing.
ip -n z addr add 10.9.0.1/32 dev lo
