#!/bin/bash
# krecord.sh SCRIPT — the real kernel's answer for an ip/sysctl script, in kernel_emulate's
# format. Runs inside a throw-away mount+network namespace with a private /run/netns (root).
set -u
export LC_ALL=C
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: krecord.sh SCRIPT" >&2; exit 2; }
script=$(readlink -f -- "$1")
if [ -z "${KRECORD_INNER:-}" ]; then
    unshare --mount --net true 2>/dev/null || { echo "krecord.sh: needs root" >&2; exit 77; }
    exec unshare --mount --net env KRECORD_INNER=1 bash "$0" "$script"
fi
mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns || exit 77
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
escape_file() {
    local s
    s=$(cat -- "$1"; printf x); s=${s%x}; s=${s%$'\n'}; s=${s//$'\n'/\\n}
    printf '%s' "${s//$'\t'/ }"
}
echo "[commands]"
index=0
while IFS= read -r line || [ -n "$line" ]; do
    t=${line#"${line%%[![:space:]]*}"}
    [ -z "$t" ] && continue
    [ "${t:0:1}" = "#" ] && continue
    index=$((index + 1))
    timeout 20 bash -c "$line" </dev/null >"$work/out" 2>"$work/err"
    rc=$?
    printf '%d\t%d\t%s\t%s\n' "$index" "$rc" "$(escape_file "$work/err")" "$(escape_file "$work/out")"
done <"$script"
sleep "${KRECORD_SETTLE:-1.5}"
KRECORD_OPTS=${KRECORD_OPTS:-"forwarding rp_filter proxy_arp proxy_arp_pvlan arp_ignore arp_announce arp_filter arp_accept accept_local accept_redirects send_redirects secure_redirects shared_media promote_secondaries ignore_routes_with_linkdown route_localnet"}
for ns in $(ip netns list | sed 's/ (id: [0-9]*)$//' | sort -u); do
    echo "[routes $ns main]"; ip -n "$ns" route show 2>/dev/null
    echo "[routes $ns local]"; ip -n "$ns" route show table local 2>/dev/null
    echo "[addr $ns]"; ip -n "$ns" -4 addr show 2>/dev/null
    echo "[link $ns]"; ip -n "$ns" link show 2>/dev/null | sed -E 's#link/ether [0-9a-f:]{17}#link/ether MAC#'
    echo "[sysctl $ns]"
    for dev in all default $(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
        for opt in $KRECORD_OPTS; do
            ip netns exec "$ns" sysctl -n "net.ipv4.conf.$dev.$opt" | sed "s/^/$dev.$opt = /"
        done
        [ "$dev" = all ] || [ "$dev" = default ] || ip netns exec "$ns" sysctl -n "net.ipv4.neigh.$dev.proxy_delay" | sed "s/^/$dev.proxy_delay = /"
    done
done
