#!/bin/bash
# record.sh SCENARIO — run an ip/sysctl scenario against the REAL kernel, inside a throw-away
# mount+network namespace (private tmpfs on /run/netns), and print what it observed:
#
#   [commands]                    one line per command: INDEX<TAB>EXIT<TAB>STDERR
#   [routes NS main]              `ip -n NS route show` (verbatim)
#   [routes NS local]             `ip -n NS route show table local` (verbatim)
#   [matrix]                      NODE<TAB>ADDR<TAB>EXIT of `ping -n -c1 -W1`
#
# Namespaces are listed sorted (C locale); the matrix is sorted by node, then address
# numerically. Exit status: 0 recorded, 77 cannot create namespaces (not root / EPERM),
# 2 usage or unreadable scenario. Nothing outside the private namespaces is touched.
#
# Environment: NSLAB_DIFF_SETTLE (seconds before measuring, default 2),
#              NSLAB_DIFF_PINGS (max concurrent pings per source, default 24).
set -u
export LC_ALL=C

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
    echo "usage: record.sh SCENARIO (a readable ip/sysctl script)" >&2
    exit 2
fi
scenario=$(readlink -f -- "$1")

if [ -z "${NSLAB_DIFF_INNER:-}" ]; then
    # unshare's default mount propagation is private, so the tmpfs below never leaks out.
    if ! unshare --mount --net true 2>/dev/null; then
        echo "record.sh: cannot create network namespaces (needs root / CAP_SYS_ADMIN)" >&2
        exit 77
    fi
    exec unshare --mount --net env NSLAB_DIFF_INNER=1 bash "$0" "$scenario"
fi

mkdir -p /run/netns || exit 77
mount -t tmpfs -o size=1m,mode=0755 nslab-diff /run/netns || exit 77

work=$(mktemp -d /tmp/nslab-diff.XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT

# Write a captured stderr file as the report's STDERR field: drop exactly one final
# newline, inner newlines become the two characters \n, tabs become spaces.
escape_file() {
    local s
    s=$(cat -- "$1"; printf x)
    s=${s%x}
    s=${s%$'\n'}
    s=${s//$'\n'/\\n}
    printf '%s' "${s//$'\t'/ }"
}

echo "[commands]"
index=0
while IFS= read -r line || [ -n "$line" ]; do
    trimmed=${line#"${line%%[![:space:]]*}"}
    [ -z "$trimmed" ] && continue
    [ "${trimmed:0:1}" = "#" ] && continue
    index=$((index + 1))
    # Each command in its own bash, like a user typing it; stdin closed so nothing can hang.
    timeout 20 bash -c "$line" </dev/null >/dev/null 2>"$work/err"
    rc=$?
    printf '%d\t%d\t%s\n' "$index" "$rc" "$(escape_file "$work/err")"
done <"$scenario"

# Carrier, linkdown flags and bridge port states settle asynchronously (~1 s).
sleep "${NSLAB_DIFF_SETTLE:-2}"

mapfile -t namespaces < <(ip netns list | sed 's/ (id: [0-9]*)$//' | sort -u)

for ns in "${namespaces[@]}"; do
    echo "[routes $ns main]"
    # Only stdout is compared: an empty local table makes ip print a dump error on stderr.
    ip -n "$ns" route show 2>/dev/null
    echo "[routes $ns local]"
    ip -n "$ns" route show table local 2>/dev/null
done

# Every IPv4 address on any interface of any namespace, 127/8 excluded, deduplicated.
mapfile -t addrs < <(
    for ns in "${namespaces[@]}"; do
        ip -n "$ns" -4 -o addr show | awk '{ for (i = 1; i < NF; i++) if ($i == "inet") { split($(i + 1), a, "/"); print a[1] } }'
    done | grep -v '^127\.' | sort -u -t. -k1,1n -k2,2n -k3,3n -k4,4n)

echo "[matrix]"
maxpings=${NSLAB_DIFF_PINGS:-24}
for ns in "${namespaces[@]}"; do
    # Each source starts with cold neighbour caches everywhere (linux-semantics.md 8.3).
    for other in "${namespaces[@]}"; do
        ip -n "$other" neigh flush all 2>/dev/null
    done
    running=0
    for i in "${!addrs[@]}"; do
        (
            timeout 5 ip netns exec "$ns" ping -n -c1 -W1 "${addrs[$i]}" >/dev/null 2>&1
            echo $? >"$work/ping.$i"
        ) &
        running=$((running + 1))
        if [ "$running" -ge "$maxpings" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
    wait
    for i in "${!addrs[@]}"; do
        printf '%s\t%s\t%s\n' "$ns" "${addrs[$i]}" "$(cat "$work/ping.$i")"
    done
done
exit 0
