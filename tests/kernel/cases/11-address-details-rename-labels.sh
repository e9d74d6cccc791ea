# addresses: brd +, scopes, 127/8 on any device, labels after rename, link address/mtu
ip netns add a
ip -n a link add v1 type veth peer v2
ip -n a link add w1 address 02:00:00:00:00:aa type veth peer w2 address 02:00:00:00:00:bb
ip -n a link set v1 up
ip -n a link set v2 up
ip -n a addr add 10.0.0.1/24 brd + dev v1
ip -n a addr add 10.0.1.1/30 brd + dev v1
ip -n a addr add 10.0.2.1/24 broadcast 10.0.2.9 dev v1
ip -n a addr add 10.0.0.9/24 scope link dev v1
ip -n a addr add 10.0.0.9/24 scope global dev v1
ip -n a addr add 127.0.0.5/8 dev v2
ip -n a addr add 10.0.5.1/24 dev v2
ip -n a addr add 10.0.5.1/25 dev v2
ip -n a addr del 10.0.5.1/24 dev v2
ip -n a addr del 10.0.5.1/26 dev v2
ip -n a addr del 10.0.1.1/30 dev v1
ip -n a addr del 10.0.2.1/24 dev v1
ip -n a link set v2 down
ip -n a link set v2 name eth7
ip -n a link set eth7 up
ip -n a link set w1 mtu 9000
ip -n a link set w1 up mtu 1400 name w9
ip -n a addr add 10.0.6.1/24 dev w9
ip -n a link set w9 down
ip -n a -4 addr show dev w9
ip -n a link show dev w9
ip -n a route add 10.0.7.0/24 via 10.0.0.3 dev v1 metric 7 proto 4 scope global
ip -n a route add 10.0.8.0/24 dev v1 src 10.0.0.1 table main
ip -n a route add 10.0.8.0/24 dev v1 src 10.0.0.1 table local
ip -n a route show table local
ip -n a route show table 9
ip -n a route del 10.0.8.0/24 table local
ip -n a route flush table local
ip -n a route show table local
