ip netns add a
ip netns add b
ip -n a link add v1 type veth peer v2 netns b
ip -n a link add w1 type veth peer w2
ip -n a link set v1 up
ip -n b link set v2 up
ip -n a link set w1 up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.5/24 dev v1
ip -n a addr add 10.3.0.1/24 scope link dev w1
ip -n b addr add 10.0.0.2/24 dev v2
ip -n a route get 10.0.0.2
ip -n a route get 10.0.0.1
ip -n a route get 10.0.0.5
ip -n a route get 10.0.0.255
ip -n a route get 10.0.0.0
ip -n a route get 10.9.9.9
ip -n a route add default via 10.0.0.2
ip -n a route get 10.9.9.9
ip -n a route get 10.9.9.9 from 10.0.0.5
ip -n a route get 10.9.9.9 from 10.0.0.7
ip -n a route get 10.3.0.9
ip -n a route add 10.4.0.0/16 dev w1
ip -n a route get 10.4.0.9
ip -n a route add 10.5.0.0/16 dev w2
ip -n a route add blackhole 10.6.0.0/16
ip -n a route add unreachable 10.7.0.0/16
ip -n a route add prohibit 10.8.0.0/16
ip -n a route add throw 10.10.0.0/16
ip -n a route get 10.6.0.1
ip -n a route get 10.7.0.1
ip -n a route get 10.8.0.1
ip -n a route get 10.10.0.1
ip -n a route add 10.11.0.0/16 via 10.0.0.1
ip -n a route get 10.11.0.1
ip -n a route add 10.12.0.0/16 via 10.0.0.2 src 10.0.0.5
ip -n a route get 10.12.0.1
ip -n a route get 127.0.0.1
ip -n a link set lo up
ip -n a route get 127.0.0.1
ip -n a route get 10.0.0.1 from 10.0.0.2 iif v1
ip -n a route get 10.9.9.9 from 10.0.0.2 iif v1
ip netns exec a sysctl -w net.ipv4.ip_forward=1
ip -n a route get 10.9.9.9 from 10.0.0.2 iif v1
ip -n a route get 10.9.9.9 from 10.3.0.2 iif w1
ip -n a route get 10.6.0.1 from 10.0.0.2 iif v1
ip -n a route get 10.7.0.1 from 10.0.0.2 iif v1
ip -n a route get 10.0.0.1 from 10.0.0.5 iif v1
ip -n a route get 10.0.0.1 from 10.0.0.2 iif nosuch
ip -n a addr add 10.20.0.1/32 dev w1
ip -n a route get 10.4.0.9
ip -n b route get 10.0.0.1
ip -n b route get 10.9.0.1
ip -n b link set v2 down
ip -n a route get 10.0.0.2
ip -n a route show
