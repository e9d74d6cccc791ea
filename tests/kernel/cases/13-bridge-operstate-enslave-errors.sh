# bridge operstate after ports come and go; enslaving errors in kernel order
ip netns add lan
ip netns add h1
ip -n lan link add br0 type bridge
ip -n lan link add br1 type bridge
ip -n lan link set br0 up
ip -n lan link set br1 up
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name p3
ip -n lan link set p1 up
ip -n h1 link set eth0 up
ip -n lan link set p1 master br0
ip -n lan link set p2 master br1
ip -n lan link set br0 master br0
ip -n lan link set br0 master br1
ip -n lan link set p2 master p3
ip -n lan link set lo master br1
ip -n lan link set p2 master br0
ip -n lan link set p1 nomaster
ip -n lan link del br1
ip -n lan link set p1 master br0
