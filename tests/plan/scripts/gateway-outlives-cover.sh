# Gateway routes stay when the route that made their gateway valid goes away; metrics and tos
# share a prefix; a kernel route is deleted and re-added by hand with another metric; blackholes.
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link set v1 up
ip -n y link set v1 up
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x route add 10.5.0.0/16 via 10.0.0.2 dev v1
ip -n x route add 10.6.0.0/16 via 10.0.0.3 dev v1 metric 5
ip -n x route add 10.6.0.0/16 via 10.0.0.4 dev v1 metric 2
ip -n x route add 10.6.0.0/16 tos 0x10 via 10.0.0.4 dev v1
ip -n x route del 10.0.0.0/24 dev v1
ip -n x route add 10.0.0.0/24 dev v1 metric 100
ip -n x route add blackhole 10.9.0.0/16
ip -n x route add unreachable 10.10.0.0/16 metric 3
ip -n x route add 10.11.0.0/16 via 10.0.0.9 dev v1 onlink
ip -n x route add 10.12.0.0/16 dev v1 src 10.0.0.1 proto static
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 down
ip -n y link set v1 up
ip -n y addr add 10.0.3.1 peer 10.0.3.2 dev v1
ip -n y addr add 10.0.4.1/24 dev v1 noprefixroute
ip -n y addr add 10.0.0.5/24 dev v1
