# arp_announce 0/1/2 against a target with arp_ignore=2: each xN sends from its loopback
# address; only announce levels that pick the device's own address get an answer.
ip netns add y
ip netns add x0
ip netns add x1
ip netns add x2
ip -n y link set lo up
ip -n x0 link set lo up
ip -n x1 link set lo up
ip -n x2 link set lo up
ip -n y link add v0 type veth peer name eth0 netns x0
ip -n y link add v1 type veth peer name eth0 netns x1
ip -n y link add v2 type veth peer name eth0 netns x2
ip netns exec y sysctl -w net.ipv4.conf.all.arp_ignore=2
ip -n y addr add 10.0.0.2/24 dev v0
ip -n y addr add 10.0.1.2/24 dev v1
ip -n y addr add 10.0.2.2/24 dev v2
ip -n y link set v0 up
ip -n y link set v1 up
ip -n y link set v2 up
ip -n x0 addr add 10.0.0.1/24 dev eth0
ip -n x1 addr add 10.0.1.1/24 dev eth0
ip -n x2 addr add 10.0.2.1/24 dev eth0
ip -n x0 link set eth0 up
ip -n x1 link set eth0 up
ip -n x2 link set eth0 up
ip -n x0 addr add 10.7.0.1/32 dev lo
ip -n x1 addr add 10.7.1.1/32 dev lo
ip -n x2 addr add 10.7.2.1/32 dev lo
ip -n x0 route add 10.0.0.2 dev eth0 src 10.7.0.1
ip -n x1 route add 10.0.1.2 dev eth0 src 10.7.1.1
ip -n x2 route add 10.0.2.2 dev eth0 src 10.7.2.1
ip -n y route add 10.7.0.1 via 10.0.0.1
ip -n y route add 10.7.1.1 via 10.0.1.1
ip -n y route add 10.7.2.1 via 10.0.2.1
ip netns exec x1 sysctl -w net.ipv4.conf.eth0.arp_announce=1
ip netns exec x2 sysctl -w net.ipv4.conf.all.arp_announce=2
