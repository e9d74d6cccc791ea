# arp_ignore=1: answer only for addresses configured on the incoming device. y answers on v2
# (default 0) for its loopback address, not on v1 (dev=1); z has it through conf.all (max).
ip netns add x
ip netns add y
ip netns add z
ip -n x link set lo up
ip -n y link set lo up
ip -n z link set lo up
ip -n x link add a1 type veth peer name v1 netns y
ip -n x link add a2 type veth peer name v2 netns y
ip -n x link add a3 type veth peer name v1 netns z
ip -n x addr add 10.0.1.1/24 dev a1
ip -n x addr add 10.0.2.1/24 dev a2
ip -n x addr add 10.0.3.1/24 dev a3
ip -n x link set a1 up
ip -n x link set a2 up
ip -n x link set a3 up
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v1 up
ip -n y link set v2 up
ip -n z addr add 10.0.3.2/24 dev v1
ip -n z link set v1 up
ip -n y addr add 10.9.1.1/32 dev lo
ip -n y addr add 10.9.2.1/32 dev lo
ip -n z addr add 10.9.3.1/32 dev lo
ip -n x route add 10.9.1.1 dev a1
ip -n x route add 10.9.2.1 dev a2
ip -n x route add 10.9.3.1 dev a3
ip netns exec y sysctl -w net.ipv4.conf.v1.arp_ignore=1
ip netns exec z sysctl -w net.ipv4.conf.all.arp_ignore=1
