ip netns add a
ip netns add b
ip -n a link add v1 type veth peer v2 netns b
ip -n a link set v1 up
ip -n a link set lo up
ip -n b link set v2 up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n b addr add 10.0.0.2/24 dev v2
ip -n a link set v1 down
ip -n a link set lo down
ip -n a addr add 10.1.0.1/24 dev lo
ip -n a addr add 10.2.0.1/24 dev lo
ip -n a link set lo up
ip -n a addr add 10.2.0.9/24 dev lo
ip -n a addr del 127.0.0.1/8 dev lo
ip -n b link add name br1 type bridge
ip -n b link set br1 up
ip -n b link add p1 type veth peer p2
ip -n b link set p1 master br1
ip -n b link set p1 up
ip -n b link set p2 up
ip -n b addr add 10.5.0.1/24 dev br1
ip -n b link set p1 name q1
ip -n b link set p1 nomaster
ip -n b link set q1 nomaster
ip -n b link set v2 netns a
ip -n b route add 10.6.0.0/16 via 10.5.0.7
ip -n b link set p2 down
