# Gateways that are accepted: own address (route acts as direct), a /32 link route, onlink to
# an off-link address; what each does to reachability.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y addr add 10.3.0.2/32 dev v1
ip -n y addr add 10.4.0.2/32 dev v1
ip -n y addr add 10.5.0.2/32 dev v1
ip -n y link set v1 up
ip -n y route add 10.6.0.0/16 dev v1
ip -n x addr add 10.6.0.1/32 dev lo
ip -n x route add 10.3.0.0/16 via 10.0.0.1
ip -n x route add 172.16.0.9 dev v1
ip -n x route add 10.4.0.0/16 via 172.16.0.9 dev v1
ip -n x route add 10.5.0.0/16 via 192.168.1.1 dev v1 onlink
ip -n y addr add 172.16.0.9/32 dev v1
