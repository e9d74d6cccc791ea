# Calico's model on two hosts (seed-scenario.md "The Calico answer"), every node a namespace:
# hosts A and B on a LAN bridge; pods behind proxy-ARP veths with 169.254.1.1 as gateway.
ip netns add hostA
ip netns add hostB
ip netns add lan
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add vA type veth peer name ens33 netns hostA
ip -n lan link add vB type veth peer name ens33 netns hostB
ip -n lan link set vA master br0
ip -n lan link set vB master br0
ip -n lan link set vA up
ip -n lan link set vB up
ip -n hostA link set ens33 up
ip -n hostB link set ens33 up
ip -n hostA addr add 172.16.91.201/24 dev ens33
ip -n hostB addr add 172.16.91.202/24 dev ens33
ip netns exec hostA sysctl -w net.ipv4.ip_forward=1
ip netns exec hostB sysctl -w net.ipv4.ip_forward=1
ip -n hostA link add cali1 type veth peer name eth0 netns pod1
ip -n hostA link add cali2 type veth peer name eth0 netns pod2
ip -n hostB link add cali3 type veth peer name eth0 netns pod3
ip -n hostA link set cali1 up
ip -n hostA link set cali2 up
ip -n hostB link set cali3 up
ip netns exec hostA sysctl -w net.ipv4.conf.cali1.proxy_arp=1
ip netns exec hostA sysctl -w net.ipv4.conf.cali2.proxy_arp=1
ip netns exec hostB sysctl -w net.ipv4.conf.cali3.proxy_arp=1
ip netns exec hostA sysctl -w net.ipv4.neigh.cali1.proxy_delay=0
ip netns exec hostA sysctl -w net.ipv4.neigh.cali2.proxy_delay=0
ip netns exec hostB sysctl -w net.ipv4.neigh.cali3.proxy_delay=0
ip -n pod1 link set eth0 up
ip -n pod2 link set eth0 up
ip -n pod3 link set eth0 up
ip -n pod1 addr add 10.10.0.2/32 dev eth0
ip -n pod2 addr add 10.10.0.3/32 dev eth0
ip -n pod3 addr add 10.10.1.2/32 dev eth0
ip -n pod1 route add 169.254.1.1 dev eth0 scope link
ip -n pod1 route add default via 169.254.1.1 dev eth0
ip -n pod2 route add 169.254.1.1 dev eth0 scope link
ip -n pod2 route add default via 169.254.1.1 dev eth0
ip -n pod3 route add 169.254.1.1 dev eth0 scope link
ip -n pod3 route add default via 169.254.1.1 dev eth0
ip -n hostA route add 10.10.0.2 dev cali1
ip -n hostA route add 10.10.0.3 dev cali2
ip -n hostB route add 10.10.1.2 dev cali3
ip -n hostA route add 10.10.1.0/24 via 172.16.91.202 dev ens33
ip -n hostB route add 10.10.0.0/24 via 172.16.91.201 dev ens33
