# Carrier loss (the veth peer goes down): routes stay, flagged linkdown, and are still used;
# with ignore_routes_with_linkdown=1 they show "dead linkdown" and are skipped.
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns z
ip -n x addr add 10.0.1.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y link set v1 up
ip -n z addr add 10.0.2.2/24 dev v2
ip -n z link set v2 up
ip -n y route add 10.0.2.0/24 via 10.0.1.1
ip -n z route add 10.0.1.0/24 via 10.0.2.1
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip -n x route add 10.50.0.0/16 dev v2 metric 1
ip -n x route add 10.50.0.0/16 via 10.0.1.2 metric 2
ip -n x route add 10.9.0.0/16 via 10.9.9.9 dev v2 onlink
ip netns exec x sysctl -w net.ipv4.conf.v2.ignore_routes_with_linkdown=1
ip -n y route add 10.50.0.0/16 via 10.0.1.1
ip -n y addr add 10.50.0.7/32 dev lo
ip -n z link set v2 down
