# Addresses on an admin-down device: only the local route exists; the address stays reachable
# from other devices (weak host); bringing the device up adds prefix and broadcast routes.
ip netns add r
ip netns add h
ip netns add k
ip -n r link set lo up
ip -n h link set lo up
ip -n k link set lo up
ip -n r link add r0 type veth peer name eth0 netns h
ip -n r link add r1 type veth peer name eth0 netns k
ip -n r addr add 10.0.0.1/24 dev r0
ip -n r link set r0 up
ip -n h addr add 10.0.0.2/24 dev eth0
ip -n h link set eth0 up
ip -n h route add default via 10.0.0.1
ip -n r addr add 10.0.1.1/24 dev r1
ip -n k addr add 10.0.1.2/24 dev eth0
ip -n k link set eth0 up
ip -n r link add dummyish type veth peer name other netns k
ip -n r addr add 10.0.2.1/24 dev dummyish
