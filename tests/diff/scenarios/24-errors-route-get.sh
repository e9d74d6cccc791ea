# ip route get errors: no route, blackhole, unreachable, prohibit, throw, iif without
# forwarding (linux-semantics.md 4.2, 14).
ip netns add x
ip netns add y
ip -n x link set lo up
ip -n x link add v1 type veth peer name v1 netns y
ip -n x addr add 10.0.0.1/24 dev v1
ip -n x link set v1 up
ip -n y addr add 10.0.0.2/24 dev v1
ip -n y link set v1 up
ip -n x route add blackhole 10.1.0.0/16
ip -n x route add unreachable 10.2.0.0/16
ip -n x route add prohibit 10.3.0.0/16
ip -n x route add throw 10.4.0.0/16
ip -n x route add 10.5.0.0/16 via 10.0.0.2
ip -n x route get 10.9.0.1
ip -n x route get 10.1.0.1
ip -n x route get 10.2.0.1
ip -n x route get 10.3.0.1
ip -n x route get 10.4.0.1
ip -n x route get 10.5.0.1
ip -n x route get 10.0.0.2
ip -n x route get 10.5.0.1 from 10.0.0.2 iif v1
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip -n x route get 10.5.0.1 from 10.0.0.2 iif v1
ip -n x route get 10.0.0.1 from 10.0.0.2 iif v1
