# namespaces, moves and deletions (§0, §1.1, §1.2)
ip netns add a
ip netns add b
ip netns add c
ip -n a link add v1 netns b type veth peer v2 netns c
ip -n a link add x1 type veth peer x2 netns b
ip -n a link add y1 type veth peer y2 netns c
ip -n a link set x1 up
ip -n a addr add 10.0.0.1/24 dev x1
ip -n b link set x2 up
ip -n b addr add 10.0.0.2/24 dev x2
ip netns exec b sysctl -w net.ipv4.conf.default.rp_filter=2
ip netns exec b sysctl -w net.ipv4.ip_forward=1
ip -n a link set x1 netns b
ip -n b link set x1 netns a
ip -n c link set y2 netns a
ip -n a link set y2 netns b
ip -n b link set y2 up
ip -n b addr add 10.1.0.2/24 dev y2
ip -n a link set y1 name y9
ip -n a link set y9 netns b
ip -n b link set y9 up
ip -n b link set v1 up
ip -n c link set v2 up
ip -n c addr add 10.2.0.1/24 dev v2
ip -n b addr add 10.2.0.2/24 dev v1
ip -n b route add 10.3.0.0/16 via 10.2.0.1 src 10.1.0.2
ip netns del c
ip -n c link show
ip netns add c
ip -n a link add z1 type veth peer z2 netns c
ip -n c link del z2
ip -n a link add z1 type veth peer z2 netns c
ip -n a link set z1 address 02:11:22:33:44:55
ip -n a link set z1 address 01:11:22:33:44:55
ip -n a link add name zz type veth peer name zz netns c
