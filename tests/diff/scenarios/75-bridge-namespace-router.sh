# The LAN namespace itself routes: an address on each of two bridges, forwarding on, hosts use
# it as their gateway; a host on a down port is cut off.
ip netns add lan
ip netns add h1
ip netns add h2
ip netns add h3
ip -n lan link set lo up
ip -n lan link add br0 type bridge
ip -n lan link add br1 type bridge
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link add p3 type veth peer name eth0 netns h3
ip -n lan link set p1 master br0
ip -n lan link set p2 master br1
ip -n lan link set p3 master br1
ip -n lan link set br0 up
ip -n lan link set br1 up
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan addr add 10.0.0.1/24 dev br0
ip -n lan addr add 10.0.1.1/24 dev br1
ip netns exec lan sysctl -w net.ipv4.ip_forward=1
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n h1 addr add 10.0.0.2/24 dev eth0
ip -n h2 addr add 10.0.1.2/24 dev eth0
ip -n h3 addr add 10.0.1.3/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
ip -n h1 route add default via 10.0.0.1
ip -n h2 route add default via 10.0.1.1
ip -n h3 route add default via 10.0.1.1
