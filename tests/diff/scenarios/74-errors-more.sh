# More refusals and their exact messages: odd enslaving, deleting lo, bad lengths and values,
# unknown namespaces for netns del/exec, duplicate veth names.
ip netns add x
ip netns add y
ip -n x link add v1 type veth peer name v2
ip -n x link add v3 type veth peer name v3 netns y
ip -n x link add br0 type bridge
ip -n x link set v1 master v2
ip -n x link set lo master br0
ip -n x link set br0 master br0
ip -n x link del lo
ip -n x addr add 10.0.0.1/33 dev v1
ip -n x route add 10.0.0.0/33 dev v1
ip -n x route add default via 10.0.0.300
ip -n x link add v4 type veth peer name v4
ip netns exec x sysctl -w net.ipv4.conf.all.rp_filter=abc
ip netns exec x sysctl -w net.ipv4.conf.v1.nosuchknob=1
ip netns del nosuch
ip netns exec nosuch sysctl -w net.ipv4.ip_forward=1
ip -n x link set v1 up
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x route add 10.0.0.0/24 dev v1 metric 0
ip -n x route add 10.0.0.0/24 dev v1 metric 1
ip -n x route del 10.0.0.0/24 dev v1 metric 1
ip -n x route del 10.0.0.0/24 dev v1 metric 1
ip -n x link set v2 up
ip -n x link del v2
ip -n x link del v1
