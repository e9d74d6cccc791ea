#!/bin/bash
# emulate.sh SCENARIO — what nslab's emulator answers for a scenario, in exactly the format
# record.sh prints for the real kernel, so that a human can run
#     diff <(tests/diff/record.sh S) <(tests/diff/emulate.sh S)
# The namespaces are the ones the scenario creates with `ip netns add` (sorted, C locale).
# nslab-cli is taken from NSLAB_BIN_DIR, else from build/bin next to this source tree.
set -u
export LC_ALL=C

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
    echo "usage: emulate.sh SCENARIO (a readable ip/sysctl script)" >&2
    exit 2
fi
scenario=$1
here=$(dirname -- "$(readlink -f -- "$0")")
cli=${NSLAB_BIN_DIR:-$here/../../build/bin}/nslab-cli
if [ ! -x "$cli" ]; then
    echo "emulate.sh: no nslab-cli at $cli (set NSLAB_BIN_DIR)" >&2
    exit 2
fi

echo "[commands]"
"$cli" import "$scenario" --report || echo "emulate.sh: import failed (exit $?)" >&2

mapfile -t namespaces < <(sed -n 's/^[[:space:]]*ip netns add \([^[:space:]#]*\).*/\1/p' "$scenario" | sort -u)
for ns in "${namespaces[@]}"; do
    echo "[routes $ns main]"
    "$cli" routes "$scenario" "$ns" || echo "emulate.sh: routes $ns failed (exit $?)" >&2
    echo "[routes $ns local]"
    "$cli" routes "$scenario" "$ns" --table local || echo "emulate.sh: routes $ns --table local failed (exit $?)" >&2
done

echo "[matrix]"
"$cli" matrix "$scenario" || echo "emulate.sh: matrix failed (exit $?)" >&2
exit 0
