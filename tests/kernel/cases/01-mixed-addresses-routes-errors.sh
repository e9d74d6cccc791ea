ip netns add a
ip netns add b
ip -n a link add v1 type veth peer v2
ip -n a link add x1 type veth peer x2 netns b
ip -n a link add br0 type bridge
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.1.1/24 dev x1
ip -n a addr add 10.0.2.1/24 dev br0
ip -n a link set v1 up
ip -n a link set x1 up
ip -n a link set br0 up
ip -n a link set lo up
ip -n a addr add 10.9.0.1/24 scope host dev v1
ip -n a addr add 10.8.0.1/24 scope link dev v1
ip -n a addr add 10.0.0.5/24 dev v1
ip -n a addr add 10.7.0.1/32 dev lo
ip -n a addr add 10.0.3.1 peer 10.0.3.2 dev v1
ip -n a addr add 10.0.4.1/24 brd 10.0.4.255 dev v1
ip -n a addr add 10.0.5.1/31 dev v1
ip -n a addr add 10.0.6.1/24 noprefixroute dev v1
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.1/16 dev v1
ip -n a addr del 10.0.0.77/24 dev v1
ip -n a route add 10.50.0.0/16 dev x2 scope host
ip -n a route add 10.53.0.0/16 via 10.0.0.2
ip -n a route add 10.53.0.0/16 via 10.0.0.3
ip -n a route append 10.53.0.0/16 via 10.0.0.3
ip -n a route prepend 10.53.0.0/16 via 10.0.0.4
ip -n a route prepend 10.53.0.0/16 via 10.0.0.4
ip -n a route append 10.53.0.0/16 via 10.0.0.2
ip -n a route add 10.53.0.0/16 via 10.0.0.2 metric 5
ip -n a route add 10.53.0.0/16 via 10.0.0.2 tos 0x10
ip -n a route add 10.60.0.0/16 via 10.0.0.2 onlink scope link
ip -n a route add 10.60.0.0/16 via 10.0.0.2 onlink
ip -n a route add 10.60.0.0/16 dev v1 onlink
ip -n a route add 10.61.0.0/16
ip -n a route add 10.63.0.0/16 dev v1 tos 0x11
ip -n a route add 10.63.0.0/16 dev v1 tos 0x20
ip -n a route add local 10.64.0.0/16 dev v1 scope link
ip -n a route add 10.65.0.0/16 via 10.0.0.1
ip -n a route add 10.66.0.0/16 via 10.0.0.1 onlink dev v1
ip -n a route add 10.67.0.0/16 via 10.7.0.1 onlink dev v1
ip -n a route add 10.68.0.0/16 via 10.0.0.255 dev v1 onlink
ip -n a route add 10.69.0.0/16 dev v1 proto 99 metric 5
ip -n a route add 10.70.0.0/16 dev v1 proto static table 100
ip -n a route add 10.71.0.0/16 via 10.1.1.1
ip -n a route add 10.72.0.0/16 via 10.0.0.9 dev x1
ip -n a route add 10.73.0.0/16 via 10.0.0.9 scope link
ip -n a route add 10.74.0.0/16 via 10.0.0.9 src 10.0.0.5
ip -n a route add 10.75.0.0/16 via 10.0.0.9 src 10.0.0.99
ip -n a route add blackhole 10.76.0.0/16 dev v1
ip -n a route add blackhole 10.76.0.0/16
ip -n a route add unreachable 10.77.0.0/16 metric 7
ip -n a route add prohibit 10.78.0.0/16
ip -n a route add throw 10.79.0.0/16
ip -n a route add nat 10.80.0.0/16 via 10.0.0.2
ip -n a route add 10.81.0.5/16 dev v1
ip -n a route add 10.82.0.0/16 dev v1 scope host via 10.0.0.2
ip -n a route add 10.83.0.0/16 via 10.0.1.2 dev x1
ip -n a route add 10.84.0.0/16 via 10.0.0.9 dev x1 onlink
ip -n a route replace 10.53.0.0/16 via 10.0.0.7
ip -n a route replace 10.53.0.0/16 via 10.0.0.3
ip -n a route change 10.85.0.0/16 via 10.0.0.3
ip -n a route change 10.53.0.0/16 via 10.0.0.8 metric 9
ip -n a route del 10.53.0.0/16 via 10.0.0.4
ip -n a route del 10.53.0.0/16 via 10.0.0.4
ip -n a route del 10.99.0.0/16
ip -n a route del 10.53.0.0/16 tos 0x10
ip -n a route add 10.86.0.0/16 via 10.0.0.2 dev v1 proto static metric 3 onlink
ip -n a route add default via 10.0.0.2
ip -n a route add 0.0.0.0/0 via 10.0.0.3
ip -n a route add 10.0.0.0/24 dev x1
ip -n a route add 10.0.0.0/24 dev v1 metric 100
ip -n a route add 10.87.0.0/16 dev nosuch
ip -n a route add local 10.88.0.1 dev v1
ip -n a route add broadcast 10.89.0.255 dev v1
ip -n nosuch route show
ip netns add a
ip -n b link set x2 up
ip -n b addr add 10.0.1.2/24 dev x2
ip -n a link set br0 down
ip -n a link add v1 type veth peer zz
ip -n a link set x1 netns NOSUCH
ip -n a link set x1 master NOSUCH
ip netns exec a sysctl -w net.ipv4.conf.NOSUCH.rp_filter=1
ip netns exec a sysctl -w net.ipv4.conf.all.rp_filter=abc
