ip netns add a
ip -n a link add v1 type veth peer v2
ip -n a link set v1 up
ip -n a link set v2 up
ip -n a addr add 10.0.0.1/24 dev v1
ip -n a route get 0.0.0.0
ip -n a route get 255.255.255.255
ip -n a route get 127.0.0.1
ip -n a link set lo up
ip -n a route add default via 10.0.0.2
ip -n a route get 0.0.0.0
ip -n a route get 255.255.255.255
ip -n a route get 127.0.0.1
ip -n a route get 127.1.2.3
