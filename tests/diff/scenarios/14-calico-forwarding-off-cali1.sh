# Calico's 169.254.1.1 model (linux-semantics.md 12): node1 and node2 on a LAN bridge with a
# gateway; pods have a /32 and default via 169.254.1.1; host side cali* has no address,
# proxy_arp=1, proxy_delay=0, rp_filter=1; a /32 per local pod and the remote block via the node.
ip netns add lan
ip netns add gw
ip netns add node1
ip netns add node2
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add p1 type veth peer name eth0 netns node1
ip -n lan link add p2 type veth peer name eth0 netns node2
ip -n lan link add pg type veth peer name eth0 netns gw
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set pg master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set pg up
ip -n gw link set lo up
ip -n gw addr add 192.168.0.1/24 dev eth0
ip -n gw link set eth0 up
ip -n node1 link set lo up
ip -n node1 addr add 192.168.0.11/24 dev eth0
ip -n node1 link set eth0 up
ip -n node2 link set lo up
ip -n node2 addr add 192.168.0.12/24 dev eth0
ip -n node2 link set eth0 up
ip -n node1 link add cali1 type veth peer name eth0 netns pod1
ip -n node1 link add cali2 type veth peer name eth0 netns pod2
ip -n node2 link add cali3 type veth peer name eth0 netns pod3
ip netns exec node1 sysctl -w net.ipv4.ip_forward=1
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali1.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.rp_filter=1
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.proxy_arp=1
ip netns exec node1 sysctl -w net.ipv4.neigh.cali2.proxy_delay=0
ip netns exec node1 sysctl -w net.ipv4.conf.cali2.rp_filter=1
ip netns exec node2 sysctl -w net.ipv4.ip_forward=1
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.proxy_arp=1
ip netns exec node2 sysctl -w net.ipv4.neigh.cali3.proxy_delay=0
ip netns exec node2 sysctl -w net.ipv4.conf.cali3.rp_filter=1
ip -n node1 link set cali1 up
ip -n node1 link set cali2 up
ip -n node2 link set cali3 up
ip -n pod1 link set lo up
ip -n pod1 addr add 10.244.1.2/32 dev eth0
ip -n pod1 link set eth0 up
ip -n pod1 route add 169.254.1.1 dev eth0 scope link
ip -n pod1 route add default via 169.254.1.1 dev eth0
ip -n pod2 link set lo up
ip -n pod2 addr add 10.244.1.3/32 dev eth0
ip -n pod2 link set eth0 up
ip -n pod2 route add 169.254.1.1 dev eth0 scope link
ip -n pod2 route add default via 169.254.1.1 dev eth0
ip -n pod3 link set lo up
ip -n pod3 addr add 10.244.2.2/32 dev eth0
ip -n pod3 link set eth0 up
ip -n pod3 route add 169.254.1.1 dev eth0 scope link
ip -n pod3 route add default via 169.254.1.1 dev eth0
ip -n node1 route add default via 192.168.0.1
ip -n node2 route add default via 192.168.0.1
ip -n node1 route add blackhole 10.244.1.0/24
ip -n node1 route add 10.244.1.2 dev cali1 scope link
ip -n node1 route add 10.244.1.3 dev cali2 scope link
ip -n node1 route add 10.244.2.0/24 via 192.168.0.12 dev eth0
ip -n node2 route add blackhole 10.244.2.0/24
ip -n node2 route add 10.244.2.2 dev cali3 scope link
ip -n node2 route add 10.244.1.0/24 via 192.168.0.11 dev eth0
# Failure: forwarding off on cali1 only.
ip netns exec node1 sysctl -w net.ipv4.conf.cali1.forwarding=0
