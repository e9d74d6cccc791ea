# A /32 address creates no main-table route: c and d on one link cannot talk until routes are
# added (linux-semantics.md 1.4 item 3).
ip netns add c
ip netns add d
ip netns add e
ip -n c link set lo up
ip -n d link set lo up
ip -n c link add eth0 type veth peer name eth0 netns d
ip -n c addr add 10.1.0.1/32 dev eth0
ip -n d addr add 10.1.0.2/32 dev eth0
ip -n c link set eth0 up
ip -n d link set eth0 up
# e gets one route only: it can send but the reply has no way back.
ip -n c link add eth1 type veth peer name eth0 netns e
ip -n c addr add 10.2.0.1/32 dev eth1
ip -n e addr add 10.2.0.2/32 dev eth0
ip -n c link set eth1 up
ip -n e link set eth0 up
ip -n c route add 10.1.0.2 dev eth0
ip -n d route add 10.1.0.1 dev eth0
ip -n e route add 10.2.0.1 dev eth0
