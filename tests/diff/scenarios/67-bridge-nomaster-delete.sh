# Taking a port off the bridge (nomaster) cuts its host off; deleting the bridge releases the
# remaining ports; a second bridge with the freed ports works again.
ip netns add lan
ip netns add h1
ip netns add h2
ip netns add h3
ip -n lan link add br0 type bridge
ip -n lan link add br1 type bridge
ip -n lan link set br0 up
ip -n lan link set br1 up
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link add p3 type veth peer name eth0 netns h3
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set p3 master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set p3 up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n h3 link set lo up
ip -n h1 addr add 10.0.0.1/24 dev eth0
ip -n h2 addr add 10.0.0.2/24 dev eth0
ip -n h3 addr add 10.0.0.3/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h3 link set eth0 up
ip -n lan link set p3 nomaster
ip -n lan link del br0
ip -n lan link set p1 master br1
ip -n lan link set p2 master br1
ip -n lan link del br0
