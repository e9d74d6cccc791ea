ip netns add a
ip netns add b
ip netns add c
ip -n a link add v1 type veth peer v2 netns b
ip -n a link add w1 type veth peer w2 netns c
ip -n a link set v1 up
ip -n a link set w1 up
ip -n b link set v2 up
ip -n a link set lo up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.2/24 dev v1
ip -n a addr add 10.0.0.3/24 dev v1
ip -n a addr add 10.1.0.1/24 dev v1
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a addr add 10.2.0.1/24 dev w1
ip -n a route add 10.5.0.0/16 via 10.0.0.9 src 10.0.0.2
ip -n a route add 10.6.0.0/16 via 10.0.0.9 src 10.0.0.1
ip -n a route add 10.7.0.0/16 dev w1 src 10.0.0.1
ip -n a route add 10.8.0.0/16 via 10.2.0.9
ip -n a addr del 10.0.0.1/24 dev v1
ip netns exec a sysctl -w net.ipv4.conf.v1.promote_secondaries=1
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.2/24 dev v1
ip -n a addr add 10.0.0.3/24 dev v1
ip -n a route add 10.9.0.0/16 via 10.0.0.9 src 10.0.0.3
ip -n a addr del 10.0.0.1/24 dev v1
ip -n a addr del 10.2.0.1/24 dev w1
ip -n a addr add 10.2.0.1/24 dev w1
ip -n a route add 10.8.0.0/16 via 10.2.0.9
ip -n a route add 10.10.0.0/16 dev w1 scope host
ip -n a addr flush dev w1
ip -n a addr flush dev nosuch
ip -n c link set w2 up
ip -n c addr add 10.2.0.2/24 dev w2
ip -n c route add default via 10.2.0.1
ip netns del a
ip netns del a
ip -n b route add 10.3.0.0/16 via 10.0.0.1
ip -n b addr add 10.0.0.2/24 dev v2
ip -n b addr add 10.0.0.2/24 brd + dev v2
ip -n b addr add 127.0.0.5/8 dev v2
ip -n b addr add 10.4.0.1/24 brd 10.4.0.255 dev v2
ip -n b addr del 10.4.0.1/24 dev v2
ip -n b route add 10.11.0.0/16 dev v2
ip -n b route add 10.11.0.0/16 dev v2 table 50
ip -n b route add 10.12.0.0/16 dev v2 table 50
ip -n b route add 10.13.0.0/24 dev v2 metric 5
ip -n b route add 10.13.0.0/24 dev v2 metric 6
ip -n b route add 10.14.0.0/24 dev v2 metric 6
ip -n b route flush 10.13.0.0/24
ip -n b route flush table 50
ip -n b route flush dev v2
ip -n b route flush dev nosuch
ip -n b link del v2
ip -n b link del lo
