# Route key errors (linux-semantics.md 2.1, 14): add on an existing key, append/prepend of an
# identical route, change of a missing key, del without a match.
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v3 type veth peer name v3 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n x link set v3 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y link set v3 up
# The kernel route 10.0.0.0/24 dev v1 owns the key: another device or a gateway is File exists.
ip -n x route add 10.0.0.0/24 dev v3
ip -n x route add 10.0.0.0/24 via 10.0.0.2 dev v1
ip -n x route add 10.9.0.0/16 via 10.0.0.2
ip -n x route add unreachable 10.9.0.0/16
ip -n x route add 0.0.0.0/0 via 10.0.0.2
ip -n x route add default via 10.0.0.3
# append/prepend: only an identical route is File exists.
ip -n x route append 10.9.0.0/16 via 10.0.0.2
ip -n x route append 10.9.0.0/16 via 10.0.0.3
ip -n x route prepend 10.9.0.0/16 via 10.0.0.3
ip -n x route prepend 10.9.0.0/16 via 10.0.0.4
# change needs the key (metric included).
ip -n x route change 10.8.0.0/16 via 10.0.0.2
ip -n x route change 10.9.0.0/16 via 10.0.0.2 metric 5
ip -n x route change 10.9.0.0/16 via 10.0.0.5
# del without a match.
ip -n x route del 10.7.0.0/16
ip -n x route del 10.9.0.0/16 via 10.0.0.77
ip -n x route del 10.9.0.0/16 metric 3
ip -n x route del 10.9.0.0/16 dev v3
ip -n x route del 10.9.0.0/16 via 10.0.0.3
