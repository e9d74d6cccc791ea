# FIB order and the File exists key (linux-semantics.md §2, §4.1)
ip netns add a
ip -n a link add v1 type veth peer v2
ip -n a link add w1 type veth peer w2
ip -n a link set v1 up
ip -n a link set v2 up
ip -n a link set w1 up
ip -n a link set w2 up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a addr add 10.0.0.2/24 dev w1
ip -n a addr add 10.1.0.1/16 dev v1
ip -n a addr add 10.1.0.1/24 dev w1
ip -n a route add 10.1.0.0/16 via 10.0.0.6 tos 0x10
ip -n a route add 10.1.0.0/16 via 10.0.0.7 tos 0x28
ip -n a route add 10.1.0.0/16 via 10.0.0.8 metric 10
ip -n a route add 10.1.0.0/16 via 10.0.0.9 metric 5
ip -n a route add 10.1.0.0/8 via 10.0.0.9
ip -n a route add 10.1.0.0/32 via 10.0.0.9
ip -n a route add 10.1.0.0 via 10.0.0.9
ip -n a route add default via 10.0.0.9
ip -n a route add default via 10.0.0.10 metric 1
ip -n a route add 0.0.0.0/0 via 10.0.0.11
ip -n a route append default via 10.0.0.11
ip -n a route append default via 10.0.0.12
ip -n a route prepend default via 10.0.0.13
ip -n a route replace default via 10.0.0.12
ip -n a route replace default via 10.0.0.13
ip -n a route replace default via 10.0.0.14 metric 1
ip -n a route del default
ip -n a route del default metric 1
ip -n a route del default via 10.0.0.12 dev w1
ip -n a route del default via 10.0.0.12 dev v1
ip -n a route add unreachable 10.9.0.0/16
ip -n a route add 10.9.0.0/16 via 10.0.0.9
ip -n a route append 10.9.0.0/16 via 10.0.0.9
ip -n a route append unreachable 10.9.0.0/16
ip -n a route add 10.0.0.0/24 dev v1 metric 100
ip -n a route add 10.0.0.0/24 dev w1
ip -n a route del 10.0.0.0/24
ip -n a route del 10.0.0.0/24 dev w1
ip -n a route add 10.5.0.0/16 dev v1 proto static metric 3
ip -n a route add 10.5.0.0/16 dev v1 proto kernel metric 4
ip -n a route del 10.5.0.0/16 proto kernel
ip -n a route del 10.5.0.0/16 proto boot
ip -n a route add 10.6.0.0/16 dev v1 scope host
ip -n a route del 10.6.0.0/16 scope link
ip -n a route del 10.6.0.0/16 scope host
ip -n a route add 10.7.0.0/16 via 10.0.0.5 src 10.1.0.1
ip -n a route del 10.7.0.0/16 src 10.0.0.1
ip -n a route change 10.7.0.0/16 via 10.0.0.5 src 10.0.0.1
ip -n a route add local 10.8.0.0/16 dev v1
ip -n a route del local 10.8.0.0/16
ip -n a route del 10.1.0.1 table local
ip -n a route del local 10.1.0.1 dev w1 table local
