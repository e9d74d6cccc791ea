#!/bin/bash
# realmatrix.sh SCRIPT — run SCRIPT (one ip/sysctl command per line) inside a private mount+net
# namespace and print NODE<TAB>ADDR<TAB>EXIT of `ping -n -c1 -W1` for every namespace × every IPv4
# address (127/8 excluded), flushing every neighbour cache before each ping: the simulator's
# definition of one ping. Needs root; touches nothing outside the private namespaces.
if [ -z "${INNER:-}" ]; then
  INNER=1 exec unshare --mount --net "$0" "$@"
fi
export LC_ALL=C
mkdir -p /run/netns; mount -t tmpfs none /run/netns
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue;; esac
  timeout 20 bash -c "$line" </dev/null >/dev/null 2>&1
done < "$1"
sleep 2
nss=$(ip netns list | awk '{print $1}' | sort)
addrs=$(for ns in $nss; do ip -n $ns -4 -o addr show | awk '{split($4,a,"/"); print a[1]}'; done | grep -v '^127\.' | sort -u | sort -t. -k1,1n -k2,2n -k3,3n -k4,4n)
for n in $nss; do for a in $addrs; do
  for ns in $nss; do ip -n $ns neigh flush all 2>/dev/null; done
  timeout 5 ip netns exec $n ping -n -c1 -W1 $a >/dev/null 2>&1; echo -e "$n\t$a\t$?"
done; done
for ns in $nss; do ip netns del $ns; done
