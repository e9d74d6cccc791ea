# Commands typed in the root namespace (the host), devices moved into namespaces afterwards, a
# device order that no straight creation gives, and per-device settings written before and after
# a default.* write.
ip netns add ns1
ip netns add ns2
ip link add vh1 type veth peer name eth0
ip link add vh2 type veth peer name eth1
ip link set eth1 netns ns1
ip link set eth0 netns ns1
ip -n ns1 link add br0 type bridge
sysctl -w net.ipv4.conf.vh1.proxy_arp=0
sysctl -w net.ipv4.conf.default.proxy_arp=1
ip link add vh3 type veth peer name eth0 netns ns2
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.default.forwarding=0
ip link add vh4 type veth peer name eth1 netns ns2
ip netns exec ns2 sysctl -w net.ipv4.conf.all.rp_filter=2
ip netns exec ns2 sysctl -w net.ipv4.conf.lo.rp_filter=1
ip netns exec ns2 sysctl -w net.ipv4.neigh.eth0.proxy_delay=0
ip link set lo up
ip addr add 192.168.1.1/24 dev vh1
ip link set vh1 up
ip link set vh2 mtu 1400
ip link set vh2 address 02:00:00:00:00:42
ip link set vh2 up
ip -n ns1 link set eth0 up
ip -n ns1 link set eth1 master br0
ip -n ns1 addr add 192.168.1.2/24 dev eth0
ip route add 10.50.0.0/16 via 192.168.1.2 dev vh1
ip neigh add proxy 10.60.0.1 dev vh2
ip neigh add 192.168.1.77 lladdr 02:00:00:00:00:77 dev vh1 nud permanent
