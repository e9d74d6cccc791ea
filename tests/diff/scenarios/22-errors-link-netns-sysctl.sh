# Link, namespace and sysctl errors (linux-semantics.md 14).
ip netns add x
ip netns add y
ip netns add x
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v1 type veth peer name w1 netns y
ip -n x link add br0 type bridge
ip -n x link add br0 type bridge
ip -n x link set v1 master nosuchbr
ip -n x link add v2 type veth peer name w2 netns nosuchns
ip -n nosuchns link set lo up
ip -n x link set nosuchdev up
ip -n x addr add 10.0.0.1/24 dev nosuchdev
ip -n x route add 10.1.0.0/16 dev nosuchdev
ip netns exec x sysctl -w net.ipv4.conf.nosuchdev.rp_filter=1
ip -n x link set v1 master br0
ip -n x link set br0 up
ip -n x link set v1 up
ip -n y link set v1 up
ip -n x addr add 10.0.0.1/24 dev br0
ip -n y addr add 10.0.0.2/24 dev v1
