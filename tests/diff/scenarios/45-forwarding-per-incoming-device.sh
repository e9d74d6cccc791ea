# Only the incoming device's forwarding counts: r1 off, r2/r3 on. Local delivery on r still
# works from every side; ip_forward=0 afterwards turns all of them off again.
ip netns add r
ip netns add s
ip netns add h1
ip netns add h2
ip netns add h3
ip netns add h4
ip -n r link set lo up
ip -n s link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n h4 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip -n r link add r3 type veth peer name eth0 netns h3
ip netns exec r sysctl -w net.ipv4.conf.r2.forwarding=1
ip netns exec r sysctl -w net.ipv4.conf.r3.forwarding=1
ip -n r addr add 10.0.1.1/24 dev r1
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r addr add 10.0.3.1/24 dev r3
ip -n r link set r1 up
ip -n r link set r2 up
ip -n r link set r3 up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h3 addr add 10.0.3.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip -n h3 route add default via 10.0.3.1
# A second router s with the same per-device settings, then ip_forward=0 resets them all.
ip -n s link add s1 type veth peer name eth0 netns h4
ip -n s link add s2 type veth peer name eth1 netns h3
ip netns exec s sysctl -w net.ipv4.conf.s1.forwarding=1
ip netns exec s sysctl -w net.ipv4.conf.s2.forwarding=1
ip netns exec s sysctl -w net.ipv4.ip_forward=0
ip -n s addr add 10.0.4.1/24 dev s1
ip -n s addr add 10.0.5.1/24 dev s2
ip -n s link set s1 up
ip -n s link set s2 up
ip -n h4 addr add 10.0.4.2/24 dev eth0
ip -n h4 link set eth0 up
ip -n h4 route add default via 10.0.4.1
ip -n h3 addr add 10.0.5.2/24 dev eth1
ip -n h3 link set eth1 up
ip -n h3 route add 10.0.4.0/24 via 10.0.5.1
