# Nexthop validation errors (linux-semantics.md 3, 14) and the cases that are accepted.
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x link add v2 type veth peer name v2 netns y
ip -n x link add v3 type veth peer name v3 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x addr add 10.0.2.1/24 dev v2
ip -n x link set v1 up
ip -n x link set v2 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
# Off-link gateway, gateway via the wrong device, broadcast gateway.
ip -n x route add 10.1.0.0/16 via 10.5.0.1
ip -n x route add 10.1.0.0/16 via 10.0.0.2 dev v2
ip -n x route add 10.1.0.0/16 via 10.0.0.255
# A gateway covered only by a gateway route is not valid.
ip -n x route add 10.6.0.0/16 via 10.0.0.2
ip -n x route add 10.1.0.0/16 via 10.6.0.1
# scope link given explicitly: only a local address is acceptable.
ip -n x route add 10.1.0.0/16 via 10.0.0.2 scope link
# Route without gateway on an admin-down device (v3 is down, no address needed).
ip -n x route add 10.2.0.0/16 dev v3
# onlink errors: down device, missing dev, scope link, own address.
ip -n x route add 10.3.0.0/16 via 10.9.9.9 dev v3 onlink
ip -n x route add 10.3.0.0/16 via 10.9.9.9 onlink
ip -n x route add 10.3.0.0/16 via 10.9.9.9 dev v1 onlink scope link
ip -n x route add 10.3.0.0/16 via 10.0.0.1 dev v1 onlink
# scope host with a gateway is refused; scope host without is fine.
ip -n x route add 10.4.0.0/16 via 10.0.0.2 scope host
ip -n x route add 10.4.0.0/16 dev v1 scope host
# Accepted: onlink to an unknown gateway, dev omitted, own address as gateway.
ip -n x route add 10.3.0.0/16 via 10.9.9.9 dev v1 onlink
ip -n x route add 10.5.0.0/16 via 10.0.2.7
ip -n x route add 10.7.0.0/16 via 10.0.0.1 dev v1
# An invalid gateway is reported even when the key exists.
ip -n x route add 10.5.0.0/16 via 10.8.8.8
ip -n x route add 10.5.0.0/16 via 10.0.2.8
# Device without carrier: accepted, flagged linkdown (y's v2 stays down).
ip -n x route add 10.8.0.0/16 via 10.0.2.9 dev v2
