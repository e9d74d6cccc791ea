# The local table: user local/broadcast routes, table local listing, and a more specific main
# route beating a less specific local route (linux-semantics.md 6.1).
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n y link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n y addr add 10.7.1.5/32 dev lo
ip -n y addr add 10.7.2.5/32 dev lo
ip -n y route add 10.7.0.0/16 via 10.0.0.1
ip -n x route add local 10.7.0.0/16 dev lo
ip -n x route add 10.7.1.0/24 via 10.0.0.2
ip -n x route add local 10.7.3.3 dev lo table local
ip -n x route add broadcast 10.0.0.77 dev v1
ip -n x route add local 10.7.0.0/16 dev lo
ip -n x route add 10.7.5.0/24 dev v1 table local
ip -n x route del local 10.7.3.3 dev lo table local
ip -n x route add local 10.7.3.3 dev lo table main
