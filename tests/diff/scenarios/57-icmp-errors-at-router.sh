# A forwarding router with no route (net unreachable), unreachable (host unreachable),
# prohibit (packet filtered) and blackhole (silent) routes: remote senders get exit 1, the
# router itself exit 2 (connect error).
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
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 route add default via 10.0.1.1
ip -n h2 route add default via 10.0.2.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n h2 addr add 10.5.0.1/32 dev lo
ip -n h2 addr add 10.6.0.1/32 dev lo
ip -n h2 addr add 10.7.0.1/32 dev lo
ip -n h2 addr add 10.8.0.1/32 dev lo
ip -n h2 addr add 10.4.0.1/32 dev lo
ip -n r route add unreachable 10.5.0.0/16
ip -n r route add prohibit 10.6.0.0/16
ip -n r route add blackhole 10.7.0.0/16
ip -n r route add throw 10.4.0.0/16
ip -n r route add 10.3.0.0/16 via 10.0.2.2
ip -n h2 addr add 10.3.0.1/32 dev lo
