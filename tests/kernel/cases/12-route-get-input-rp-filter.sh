# ip route get ... iif: input routing, forwarding, rp_filter, martians, redirects (§4.2, §7.2, §7.3)
ip netns add r
ip -n r link add a1 type veth peer a2
ip -n r link add b1 type veth peer b2
ip -n r link add c1 type veth peer c2
ip -n r link set a1 up
ip -n r link set a2 up
ip -n r link set b1 up
ip -n r link set b2 up
ip -n r link set c1 up
ip -n r link set c2 up
ip -n r link set lo up
ip -n r addr add 10.1.0.1/24 dev a1
ip -n r addr add 10.2.0.1/24 dev b1
ip -n r route add 10.9.0.0/16 via 10.2.0.2
ip -n r route add blackhole 10.66.0.0/16
ip -n r route add prohibit 10.67.0.0/16
ip -n r route add throw 10.68.0.0/16
ip -n r route get 10.2.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.2.0.1 from 10.2.0.1 iif a1
ip -n r route get 10.2.0.1 from 127.0.0.1 iif a1
ip -n r route get 127.0.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.9.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.1.0.255 from 10.1.0.5 iif a1
ip -n r route get 10.2.0.1 from 10.7.0.5 iif c1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route get 10.9.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.9.0.1 from 10.2.0.5 iif b1
ip -n r route get 10.1.0.9 from 10.1.0.5 iif a1
ip -n r route get 10.66.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.67.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.68.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.99.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.9.0.1 from 10.7.0.5 iif c1
ip netns exec r sysctl -w net.ipv4.conf.c1.rp_filter=2
ip -n r route get 10.9.0.1 from 10.7.0.5 iif c1
ip -n r route get 10.9.0.1 from 10.1.0.5 iif c1
ip netns exec r sysctl -w net.ipv4.conf.c1.rp_filter=1
ip -n r route get 10.9.0.1 from 10.1.0.5 iif c1
ip -n r route get 10.2.0.1 from 10.1.0.5 iif c1
ip -n r addr add 10.3.0.1/24 dev c1
ip -n r route get 10.9.0.1 from 10.3.0.5 iif c1
ip -n r route get 10.9.0.1 from 10.1.0.5 iif c1
ip netns exec r sysctl -w net.ipv4.conf.c1.rp_filter=2
ip -n r route get 10.9.0.1 from 10.1.0.5 iif c1
ip -n r route get 10.9.0.1 from 10.99.0.5 iif c1
ip netns exec r sysctl -w net.ipv4.conf.a1.forwarding=0
ip -n r route get 10.9.0.1 from 10.1.0.5 iif a1
ip -n r route get 10.2.0.1 from 10.1.0.5 iif a1
ip netns exec r sysctl -w net.ipv4.conf.all.send_redirects=0
ip netns exec r sysctl -w net.ipv4.conf.b1.send_redirects=0
ip -n r route get 10.9.0.1 from 10.2.0.5 iif b1
ip netns exec r sysctl -w net.ipv4.conf.b1.accept_local=1
ip -n r route get 10.2.0.1 from 10.2.0.1 iif a1
ip -n r route get 10.2.0.1 from 10.2.0.1 iif b1
