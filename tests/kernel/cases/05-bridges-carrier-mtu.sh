ip netns add a
ip netns add b
ip -n a link add br0 type bridge
ip -n a link set br0 up
ip -n a addr add 10.0.0.1/24 dev br0
ip -n a link add v1 type veth peer v2 netns b
ip -n a link set v1 master br0
ip -n a route add 10.1.0.0/16 via 10.0.0.2
ip -n a link set v1 up
ip -n a link add w1 type veth peer w2 netns b
ip -n a link set w1 master br0
ip -n a link set w1 up
ip -n b link set w2 up
ip -n a link add br1 type bridge
ip -n a link set br1 up
ip -n a addr add 10.2.0.1/24 dev br1
ip -n a link set w1 master br1
ip -n a link add d1 type veth peer d2
ip -n a link set d1 master br1
ip -n a link set d1 mtu 9000
ip -n a link set br0 mtu 1400
ip -n a link set w1 nomaster
ip -n a link set d2 up
ip -n a link set d1 up
ip -n a link set br1 master br0
ip -n a link set lo master br0
ip -n a link set br1 down
ip -n a link del br1
ip -n a link add d1 type dummy
