# The same operations spelled the ways people type them: abbreviations, `dev` keywords,
# `brd +`, explicit `table main`, `proto static`, and queries inside a script (their report
# line is the exit code with no stderr).
ip netns add x
ip netns add y
ip -n x l set dev lo up
ip -n y link set dev lo up
ip -n x link add name v1 type veth peer name v1 netns y
ip -n x a add 10.0.0.1/24 brd + dev v1
ip -n x addr add 10.0.5.1/24 broadcast 10.0.5.200 dev v1
ip -n x l s v1 up
ip -n y address add 10.0.0.2/24 dev v1
ip -n y addr add local 10.0.6.2/24 dev v1
ip -n y link set v1 up
ip -n x r a 10.1.0.0/16 via 10.0.0.2
ip -n x ro add 10.2.0.0/16 via 10.0.0.2 table main proto static
ip -n x route add to 10.3.0.0/16 via 10.0.0.2 dev v1 metric 5
ip -n y r add default via 10.0.0.1 dev v1
ip -n x route replace 10.1.0.0/16 dev v1
ip -n x r d 10.2.0.0/16
ip -n x route show
ip -n x r s table local
ip -n x addr show dev v1
ip -n x route get 10.1.0.5
ip -n x route list
