# arp_ignore=2: the target must be on the incoming device AND the sender inside that address's
# subnet. x asks for y's second subnet 10.5.0.2 with sender 10.0.0.1 (refused) and for
# 10.0.0.2 (answered); a loopback address is refused too.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y addr add 10.5.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.9.0.1/32 dev lo
ip -n x route add 10.5.0.0/24 dev v1
ip -n x route add 10.9.0.1 dev v1
ip netns exec y sysctl -w net.ipv4.conf.v1.arp_ignore=2
