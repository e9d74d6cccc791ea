# carrier loss: linkdown, dead linkdown with ignore_routes_with_linkdown, bridge port carrier
ip netns add a
ip netns add b
ip -n a link add v1 type veth peer v2 netns b
ip -n a link add w1 type veth peer w2 netns b
ip -n a link add u1 type veth peer u2
ip -n b link add br0 type bridge
ip -n b link set br0 up
ip -n b link set w2 master br0
ip -n b addr add 10.2.0.1/24 dev br0
ip -n a link set v1 up
ip -n a link set w1 up
ip -n a link set u1 up
ip -n b link set v2 up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.1.0.1/24 dev w1
ip -n a addr add 10.3.0.1/24 dev u1
ip -n b addr add 10.0.0.2/24 dev v2
ip -n a route add 10.5.0.0/16 via 10.0.0.2
ip -n a route add 10.6.0.0/16 via 10.1.0.2
ip -n a route add 10.7.0.0/16 via 10.1.0.2 onlink dev w1
ip -n a route add 10.8.0.0/16 dev w1 scope host
ip -n a route add 10.9.0.0/16 via 10.3.0.2
ip netns exec a sysctl -w net.ipv4.conf.w1.ignore_routes_with_linkdown=1
ip netns exec a sysctl -w net.ipv4.conf.all.ignore_routes_with_linkdown=1
ip -n b link set v2 down
