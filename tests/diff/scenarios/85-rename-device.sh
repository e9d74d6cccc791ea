# Renaming a device (down): routes print the new name, sysctls live under the new name, the old
# name is gone.
ip netns add r
ip netns add h1
ip netns add h2
ip -n r link set lo up
ip -n h1 link set lo up
ip -n h2 link set lo up
ip -n r link add r1 type veth peer name eth0 netns h1
ip -n r link add r2 type veth peer name eth0 netns h2
ip -n r link set r1 name uplink
ip netns exec r sysctl -w net.ipv4.conf.uplink.proxy_arp=1
ip netns exec r sysctl -w net.ipv4.neigh.uplink.proxy_delay=0
ip netns exec r sysctl -w net.ipv4.conf.r1.proxy_arp=1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r addr add 10.0.1.1/24 dev uplink
ip -n r addr add 10.0.2.1/24 dev r2
ip -n r link set uplink up
ip -n r link set r2 up
ip -n r link set r2 name other
ip -n r link set r1 up
ip -n h1 addr add 10.0.1.2/16 dev eth0
ip -n h2 addr add 10.0.2.2/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h2 route add default via 10.0.2.1
ip -n r route add 10.0.7.0/24 dev uplink
