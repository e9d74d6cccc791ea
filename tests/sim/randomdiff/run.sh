#!/bin/bash
# run.sh FROM TO [GENERATOR] — random differential test of the simulator against the real kernel.
# Each seed makes a random lab (gen_routed.py or gen_lan.py), runs it for real in a private
# mount+net namespace with every neighbour cache flushed before EACH ping (realmatrix.sh, root),
# and compares NODE/ADDR/EXIT with `nslab-cli matrix` on the same script.
# NSLAB_BIN_DIR: where nslab-cli is (default build/bin). Results in ${OUT:-/tmp/nslab-randomdiff}.
set -u
here=$(dirname -- "$(readlink -f -- "$0")")
cli=${NSLAB_BIN_DIR:-$here/../../../build/bin}/nslab-cli
gen=${3:-$here/gen_lan.py}
out=${OUT:-/tmp/nslab-randomdiff}
mkdir -p "$out"
one() {
    s=$1
    python3 "$gen" "$s" > "$out/$s.sh"
    "$here/realmatrix.sh" "$out/$s.sh" > "$out/$s.kernel" 2>/dev/null
    "$cli" matrix "$out/$s.sh" > "$out/$s.sim" 2>/dev/null
    if diff -q "$out/$s.kernel" "$out/$s.sim" > /dev/null; then echo "ok $s"; else echo "MISMATCH $s (diff $out/$s.kernel $out/$s.sim)"; fi
}
export -f one; export here cli gen out
seq "$1" "$2" | xargs -P "${JOBS:-3}" -I{} bash -c 'one {}'
