# Admin down flushes every route through the device, user routes included; up again restores
# only the kernel routes. The address stays local and reachable via other devices.
ip netns add r
ip netns add h1
ip netns add h2
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r link set r1 up
ip -n r link set r2 up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h2 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add 10.5.0.0/16 via 10.0.2.2
ip -n r route add 10.6.0.0/16 dev r2 metric 9
ip -n r route add 10.0.2.0/24 dev r2 metric 100
ip -n r link set r2 down
ip -n r link set r2 up
ip -n r link set r2 down
