# An address on a bridge without ports (br1) is still a local address of lan, reachable from
# the segment through br0. Enslaving a device that carries an address (p2) keeps the address
# local but the port's own link no longer reaches it: frames arriving on a port belong to the
# bridge.
ip netns add lan
ip netns add h1
ip netns add h2
ip -n lan link set lo up
ip -n lan link add br0 type bridge
ip -n lan link add br1 type bridge
ip -n lan link set br0 up
ip -n lan link set br1 up
ip -n lan addr add 10.0.0.254/24 dev br0
ip -n lan addr add 10.0.5.254/24 dev br1
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan addr add 10.0.2.254/24 dev p2
ip -n lan link set p1 master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set p2 master br0
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h1 addr add 10.0.0.1/24 dev eth0
ip -n h2 addr add 10.0.2.1/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 route add 10.0.5.0/24 via 10.0.0.254
