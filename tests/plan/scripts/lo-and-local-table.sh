# lo carries extra addresses (one while still down), a user local route, a deleted broadcast route.
ip netns add x
ip netns add y
ip -n x addr add 10.7.0.1/24 dev lo
ip -n x link set lo up
ip -n x addr add 10.8.0.1/32 dev lo
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n x route add local 10.9.0.0/16 dev lo
ip -n x route del broadcast 10.0.0.255 dev v1 table local
ip -n x route del 10.7.0.0/24 dev lo table local
ip -n y addr add 127.0.0.1/8 dev lo
ip -n y link add w1 type veth peer name w2
ip -n y addr add 10.3.0.1/24 brd + dev w1
ip -n y addr add 10.4.0.1/24 broadcast 10.4.0.9 dev w1
ip -n y link set w1 up
