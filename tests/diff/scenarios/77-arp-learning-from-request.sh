# A target learns the sender from the ARP request it answers, so its echo reply needs no ARP of
# its own (linux-semantics.md 8.1): h never answers ARP (arp_ignore=8) yet h -> p works, while
# p -> h fails. The learnt entry is per device: q answers on v1 but replies via v2, where it
# must ARP itself.
ip netns add h
ip netns add p
ip netns add q
ip -n h link set lo up
ip -n p link set lo up
ip -n q link set lo up
ip -n h link add eth0 type veth peer name eth0 netns p
ip -n h link add eth1 type veth peer name v1 netns q
ip -n h link add eth2 type veth peer name v2 netns q
ip -n h addr add 10.0.0.1/24 dev eth0
ip -n h addr add 10.0.1.1/24 dev eth1
ip -n h addr add 10.0.2.1/24 dev eth2
ip -n h link set eth0 up
ip -n h link set eth1 up
ip -n h link set eth2 up
ip -n p addr add 10.0.0.2/24 dev eth0
ip -n p link set eth0 up
ip -n q addr add 10.0.1.2/24 dev v1
ip -n q addr add 10.0.2.2/24 dev v2
ip -n q link set v1 up
ip -n q link set v2 up
ip -n q route add 10.0.1.1 dev v2
ip netns exec h sysctl -w net.ipv4.conf.all.arp_ignore=8
