# An address on an enslaved bridge port: frames arriving on the port belong to the bridge,
# so the address is local to lan but answers nothing on the segment; the same address on the
# bridge device itself works.
ip netns add lan
ip netns add h1
ip netns add h2
ip -n lan link set lo up
ip -n lan link add br0 type bridge
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set br0 up
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan addr add 10.0.0.10/24 dev p1
ip -n lan addr add 10.0.1.10/24 dev br0
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h1 addr add 10.0.0.1/24 dev eth0
ip -n h2 addr add 10.0.0.2/24 dev eth0
ip -n h1 addr add 10.0.1.1/24 dev eth0
ip -n h2 addr add 10.0.1.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
