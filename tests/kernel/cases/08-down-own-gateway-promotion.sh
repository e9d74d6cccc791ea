# admin down / carrier / own-address gateways / promotion (§1.3, §1.5, §3.6)
ip netns add a
ip netns add b
ip -n a link add v1 type veth peer v2 netns b
ip -n a link set v1 up
ip -n b link set v2 up
ip -n a link set lo up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.9/24 dev v1
ip -n a route add 10.1.0.0/16 via 10.0.0.2
ip -n a route add 10.2.0.0/16 via 10.0.0.1
ip -n a route add 10.3.0.0/16 via 10.0.0.1 dev v1
ip -n a route add 10.4.0.0/16 dev v1 metric 1
ip -n a route add 10.5.0.0/16 via 10.0.0.2 onlink dev v1
ip -n a route get 10.2.0.5
ip -n a neigh add proxy 10.0.0.50 dev v1
ip -n a neigh add 10.0.0.51 lladdr 02:00:00:00:00:51 dev v1 nud permanent
ip -n b link set v2 down
ip -n a route add 10.6.0.0/16 via 10.0.0.2
ip netns exec a sysctl -w net.ipv4.conf.v1.ignore_routes_with_linkdown=1
ip netns exec a sysctl -w net.ipv4.conf.v1.ignore_routes_with_linkdown=0
ip -n b link set v2 up
ip -n a link set v1 down
ip -n a route add 10.7.0.0/16 dev v1
ip -n a route add 10.7.0.0/16 via 10.0.0.2
ip -n a route add 10.7.0.0/16 via 10.0.0.1
ip -n a route add 10.7.0.0/16 via 10.0.0.2 dev v1 onlink
ip -n a link set v1 up
ip netns exec a sysctl -w net.ipv4.conf.all.promote_secondaries=1
ip -n a addr add 10.0.0.10/24 dev v1
ip -n a addr add 10.8.0.1/24 dev v1
ip -n a addr add 10.0.0.11/24 dev v1
ip -n a addr add 10.9.0.1/24 scope link dev v1
ip -n a route add 10.10.0.0/16 via 10.0.0.2 src 10.0.0.9
ip -n a route add 10.11.0.0/16 via 10.0.0.2 src 10.0.0.1
ip -n a addr del 10.0.0.1/24 dev v1
ip -n a addr del 10.0.0.9/24 dev v1
ip -n a route get 10.0.0.2
ip -n a addr add 10.12.0.1/24 dev lo
ip -n a route get 10.12.0.77
ip -n a link set lo down
ip -n a route get 10.12.0.77
ip -n a route get 127.0.0.1
