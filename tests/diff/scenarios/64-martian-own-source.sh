# A packet whose source is one of the receiver's own addresses is a martian and dropped; its
# ARP request is not answered either. y also owns x's address 10.0.0.1 (on lo).
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n z link add v1 type veth peer name v2 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.0.0.1/32 dev lo
ip -n z addr add 10.0.5.1/24 dev v1
ip -n z link set v1 up
ip -n y addr add 10.0.5.2/24 dev v2
ip -n y link set v2 up
ip -n z route add 10.0.0.0/24 via 10.0.5.2
ip netns exec y sysctl -w net.ipv4.ip_forward=1
