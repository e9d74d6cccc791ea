# Weak host model: r answers ARP on r0 for the address of r1 and accepts packets for it on any
# interface, including an interface without addresses (r2); ARP for a non-local address on the
# wrong link gets no answer.
ip netns add r
ip netns add h1
ip netns add h2
ip netns add h3
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n r link add r0 type veth peer name eth0 netns h1
ip -n r link add r1 type veth peer name eth0 netns h2
ip -n r link add r2 type veth peer name eth0 netns h3
ip -n r addr add 10.0.0.1/24 dev r0
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r link set r0 up
ip -n r link set r1 up
ip -n r link set r2 up
ip -n h1 addr add 10.0.0.2/24 dev eth0
ip -n h2 addr add 10.0.1.2/24 dev eth0
ip -n h3 addr add 10.0.3.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
ip -n h1 route add 10.0.1.0/24 dev eth0
ip -n h3 route add 10.0.0.0/23 dev eth0
ip -n r route add 10.0.3.0/24 dev r2
