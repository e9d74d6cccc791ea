#!/usr/bin/env bash
# End-to-end test of the real privilege path: an unprivileged user's nslab-cli starts nslab-helper
# through `pkexec --disable-internal-agent`, authorised by the shipped polkit action (issue 6).
#
#   pkexec_e2e.sh BIN_DIR POLICY LAB
#     BIN_DIR  the freshly built nslab-cli and nslab-helper
#     POLICY   the generated org.nslab.helper.policy (its exec.path says where pkexec expects the helper)
#     LAB      the lab to apply (the bundled Calico example)
#
# As root it re-executes itself in a private mount + network namespace with a tmpfs on /run, and
# only there: bind-mounts the built helper onto the pinned path (through an overlay whose upper layer
# is on that tmpfs, so the real /usr is never written), installs the policy and a test-only rule by
# private bind mounts, and starts its own system dbus-daemon and polkitd. No agent can answer a
# prompt here, so the rule decides: YES for the one test user, then NO, then no rule at all.
# Exit 77 (skipped) when the machine cannot run it; every process it starts is stopped by pid.
set -euo pipefail

SKIP=77
skip() { echo "SKIP: $*"; exit $SKIP; }
die() { echo "FAIL: $*" >&2; exit 1; }

[ $# -eq 3 ] || { echo "usage: $0 BIN_DIR POLICY LAB" >&2; exit 2; }
BIN_DIR=$(realpath "$1")
POLICY=$(realpath "$2")
LAB=$(realpath "$3")
PREFIX=pk-
TEST_UID=${NSLAB_PK_TEST_UID:-65534}

# ---------------------------------------------------------------------------------------------
# Outside: can this machine run it at all? Then into the sandbox.
if [ "${NSLAB_PK_SANDBOX:-}" != 1 ]; then
    [ "$(id -u)" -eq 0 ] || skip "needs root (it starts its own dbus-daemon and polkitd in a private namespace)"
    for tool in unshare setpriv pkexec dbus-daemon dbus-send ip timeout; do
        command -v "$tool" >/dev/null || skip "needs pkexec, polkitd and dbus (no $tool; ./dev.sh deps installs them)"
    done
    [ -x /usr/lib/polkit-1/polkitd ] || skip "needs pkexec and polkitd (no /usr/lib/polkit-1/polkitd)"
    [ -u "$(command -v pkexec)" ] || skip "pkexec is not setuid root here"
    grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status && skip "no_new_privs is set: setuid pkexec cannot gain root here"
    [ -d /usr/share/polkit-1/actions ] || skip "needs polkitd (no /usr/share/polkit-1/actions)"
    getent passwd polkitd >/dev/null || skip "needs polkitd (no polkitd user)"
    getent passwd messagebus >/dev/null || skip "needs dbus (no messagebus user)"
    for f in "$BIN_DIR/nslab-cli" "$BIN_DIR/nslab-helper" "$POLICY" "$LAB"; do
        [ -e "$f" ] || die "missing $f"
    done
    export NSLAB_PK_SANDBOX=1
    exec unshare --mount --net --propagation private -- "$BASH" "$0" "$BIN_DIR" "$POLICY" "$LAB"
fi

# ---------------------------------------------------------------------------------------------
# Inside the private mount + network namespace. A fresh /run: the machine's bus, netns and nslab
# journals are neither seen nor touched, and everything below vanishes with the namespace.
mount -t tmpfs -o mode=0755,nodev nslab-pk /run
mkdir -p /run/dbus /run/netns /run/pk/bin /run/pk/logs /run/pk/actions /run/pk/rules /run/pk/upper /run/pk/work
W=/run/pk

HELPER_PATH=$(sed -n 's:.*key="org.freedesktop.policykit.exec.path">\([^<]*\)<.*:\1:p' "$POLICY")
case "$HELPER_PATH" in
    /*/nslab-helper) ;;
    *) die "$POLICY pins no absolute nslab-helper path (exec.path='$HELPER_PATH')" ;;
esac
grep -q '<action id="org.nslab.helper">' "$POLICY" || die "$POLICY has no org.nslab.helper action"

# The helper at its pinned path. If its directory does not exist, an overlay on the deepest
# existing ancestor (upper layer on the private tmpfs) lets us create it without writing to /usr.
PLACED_HELPER=0
if [ ! -e "$HELPER_PATH" ]; then
    PLACED_HELPER=1
    anc=$(dirname "$HELPER_PATH")
    while [ ! -d "$anc" ]; do anc=$(dirname "$anc"); done
    [ "$anc" != / ] || skip "cannot place the helper at $HELPER_PATH (no existing ancestor but /)"
    mount -t overlay nslab-pk-overlay -o "lowerdir=$anc,upperdir=$W/upper,workdir=$W/work" "$anc" \
        || skip "cannot mount an overlay on $anc (needed to put the helper at $HELPER_PATH privately)"
    mkdir -p "$(dirname "$HELPER_PATH")"
    : > "$HELPER_PATH"
fi
mount --bind "$BIN_DIR/nslab-helper" "$HELPER_PATH"
cmp -s "$BIN_DIR/nslab-helper" "$HELPER_PATH" || die "the bind mount on $HELPER_PATH did not take"

# The unprivileged side reaches its binaries and the lab through bind mounts on /run, whatever the
# permissions of the directories the build lives in.
for b in nslab-cli; do
    : > "$W/bin/$b"
    mount --bind "$BIN_DIR/$b" "$W/bin/$b"
done
cp "$LAB" "$W/lab.json"
chmod 0644 "$W/lab.json"
CLI=$W/bin/nslab-cli
LABF=$W/lab.json

# The installed actions plus ours, and a rules directory holding only the test rule.
cp /usr/share/polkit-1/actions/*.policy "$W/actions/" 2>/dev/null || true
cp "$POLICY" "$W/actions/org.nslab.helper.policy"
chmod 0644 "$W/actions/"*
mount --bind "$W/actions" /usr/share/polkit-1/actions
[ -d /etc/polkit-1/rules.d ] || skip "needs polkitd (no /etc/polkit-1/rules.d)"
mount --bind "$W/rules" /etc/polkit-1/rules.d

TEST_USER=$(getent passwd "$TEST_UID" | cut -d: -f1)
[ -n "$TEST_USER" ] || skip "no user with uid $TEST_UID (set NSLAB_PK_TEST_UID)"
TEST_GID=$(getent passwd "$TEST_UID" | cut -d: -f4)

write_rule() { # YES | NO | none
    rm -f "$W/rules/"*
    if [ "$1" != none ]; then
        cat > "$W/rules/10-nslab-test.rules" <<EOF
// Test only (tests/packaging/pkexec_e2e.sh): nobody can answer a prompt here.
polkit.addRule(function(action, subject) {
    if (action.id == "org.nslab.helper" && subject.user == "$TEST_USER")
        return polkit.Result.$1;
});
EOF
        chmod 0644 "$W/rules/10-nslab-test.rules"
    fi
    chmod 0755 "$W/rules"
}

# ---------------------------------------------------------------------------------------------
# Our own system bus and polkitd, stopped by pid on the way out.
DBUS_PID=
POLKIT_PID=
stop_pid() { # pid: TERM, a bounded wait, then KILL
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    stop_pid "$POLKIT_PID"
    stop_pid "$DBUS_PID"
    if [ $rc -ne 0 ] && [ $rc -ne $SKIP ]; then
        for f in "$W"/logs/*; do
            [ -s "$f" ] || continue
            echo "---- $(basename "$f") (last 40 lines)"
            tail -n 40 "$f"
        done
    fi
    exit $rc
}
trap cleanup EXIT

has_owner() {
    dbus-send --system --print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

dbus-daemon --system --nofork --nopidfile --nosyslog > "$W/logs/dbus-daemon.log" 2>&1 &
DBUS_PID=$!
for i in $(seq 100); do
    [ -S /run/dbus/system_bus_socket ] && break
    kill -0 "$DBUS_PID" 2>/dev/null || die "dbus-daemon exited"
    sleep 0.1
done
[ -S /run/dbus/system_bus_socket ] || die "dbus-daemon did not create /run/dbus/system_bus_socket within 10 s"

start_polkitd() {
    # Without --no-debug it tells its log what it loaded and decided.
    /usr/lib/polkit-1/polkitd >> "$W/logs/polkitd.log" 2>&1 &
    POLKIT_PID=$!
    local i
    for i in $(seq 150); do
        has_owner org.freedesktop.PolicyKit1 && return 0
        kill -0 "$POLKIT_PID" 2>/dev/null || die "polkitd exited before owning org.freedesktop.PolicyKit1"
        sleep 0.1
    done
    die "polkitd did not own org.freedesktop.PolicyKit1 within 15 s"
}
restart_polkitd() { stop_pid "$POLKIT_PID"; POLKIT_PID=; start_polkitd; }

# ---------------------------------------------------------------------------------------------
# The test user's commands: a clean environment, as a desktop session would hand to nslab (no
# NSLAB_HELPER, no NSLAB_HELPER_NO_PKEXEC: the compiled-in libexec path and pkexec, for real).
OUT=$W/out
ERR=$W/err
RC=0
EXTRA_ENV=()
as_user() {
    set +e
    timeout -k 5 180 setpriv --reuid="$TEST_UID" --regid="$TEST_GID" --clear-groups -- \
        env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/ LANG=C.UTF-8 "${EXTRA_ENV[@]}" "$CLI" "$@" > "$OUT" 2> "$ERR"
    RC=$?
    set -e
}
show() { echo "  exit $RC"; sed 's/^/  out| /' "$OUT"; sed 's/^/  err| /' "$ERR"; }
check() { # condition message
    if ! eval "$1"; then show; die "$2"; fi
}
lab_namespaces() { ip netns list | awk '{print $1}' | grep "^$PREFIX" | sort || true; }
no_trace() { # what must be true whenever no lab is applied
    [ -z "$(lab_namespaces)" ] || die "namespaces left: $(lab_namespaces | tr '\n' ' ')"
    [ -z "$(ls -A /run/nslab 2>/dev/null)" ] || die "journal files left in /run/nslab: $(ls -A /run/nslab)"
    wait_helpers_gone
}
wait_helpers_gone() {
    # Each helper removes its /run/nslab-helper.XXXXXX when it exits (our /run is private: only ours).
    local i
    for i in $(seq 100); do
        compgen -G '/run/nslab-helper.*' >/dev/null || return 0
        sleep 0.1
    done
    die "a helper is still running 10 s after its client left: $(ls -d /run/nslab-helper.*)"
}

as_user nodes "$LABF"
check '[ $RC -eq 0 ]' "nslab-cli nodes failed"
EXPECTED=$(sed "s/^/$PREFIX/" "$OUT" | sort)
[ -n "$EXPECTED" ] || die "the lab has no nodes"
as_user matrix "$LABF"
PREDICTED=$(cat "$OUT")
check '[ $RC -eq 0 ] || [ $RC -eq 1 ]' "nslab-cli matrix failed"

# -- 1. The rule says YES for the test user: apply, status, probe, destroy through pkexec.
echo "== rule YES for $TEST_USER (uid $TEST_UID), helper at $HELPER_PATH"
write_rule YES
start_polkitd
no_trace

as_user apply "$LABF" --prefix "$PREFIX"
check '[ $RC -eq 0 ] && grep -q "^applied " "$OUT"' "apply through pkexec failed"
echo "apply: $(head -n1 "$OUT")"
[ "$(lab_namespaces)" = "$EXPECTED" ] || die "ip netns shows [$(lab_namespaces | tr '\n' ' ')], expected [$(echo $EXPECTED)]"
wait_helpers_gone

as_user status
check '[ $RC -eq 0 ] && grep -q "^$PREFIX	applied	.*	matches	" "$OUT"' "status through pkexec does not report the lab as applied and matching"
echo "status: $(head -n1 "$OUT")"

as_user probe "$LABF" --prefix "$PREFIX"
check '[ $RC -eq 0 ] || [ $RC -eq 1 ]' "probe through pkexec failed"
if [ "$(cat "$OUT")" != "$PREDICTED" ]; then
    show
    diff <(echo "$PREDICTED") "$OUT" || true
    die "probe through pkexec differs from matrix"
fi
echo "probe: $(wc -l < "$OUT") lines, equal to matrix"

# A second apply of the same prefix is refused by the helper itself, with its own message.
as_user apply "$LABF" --prefix "$PREFIX"
check '[ $RC -eq 1 ] && grep -q "already applied" "$ERR"' "a second apply was not refused as already applied"

as_user destroy --prefix "$PREFIX"
check '[ $RC -eq 0 ] && grep -q "^destroyed prefix $PREFIX" "$OUT"' "destroy through pkexec failed"
echo "destroy: $(head -n1 "$OUT")"
no_trace

# A desktop session's environment reaches nslab but must not reach pkexec, which refuses to start
# anything when SHELL is not in /etc/shells or a variable holds "/", "%" or "..".
EXTRA_ENV=(SHELL=/home/someone/.local/bin/fish TERM=../x LANG=C.UTF-8 DISPLAY=:0 XAUTHORITY=/nonexistent/.Xauthority)
as_user status
EXTRA_ENV=()
check '[ $RC -eq 0 ] && [ -z "$(cat "$OUT")" ]' "status through pkexec failed with an unusual (but harmless) user environment"
wait_helpers_gone

# One clear line, no "not authorized" unless polkit said so.
refused() { # expected-text what
    EXPECT="cannot start the privileged helper: $1"
    check '[ $RC -eq 1 ] && [ "$(wc -l < "$ERR")" -eq 1 ] && grep -qF "$EXPECT" "$ERR"' \
        "$2 did not fail with one line saying '$1'"
    check '[ -z "$(cat "$OUT")" ]' "$2 printed something on stdout"
    echo "$2: $(cat "$ERR")"
}

# -- 2. The rule says NO: refused, said clearly, nothing created.
echo "== rule NO"
write_rule NO
restart_polkitd
as_user apply "$LABF" --prefix "$PREFIX"
refused "not authorized by polkit (action org.nslab.helper)" "refused apply"
no_trace
as_user status
refused "not authorized by polkit (action org.nslab.helper)" "refused status"

# -- 3. No rule: the policy's own defaults (auth_admin_keep) need an agent, and there is none.
echo "== no rule (policy defaults, no agent)"
write_rule none
restart_polkitd
as_user apply "$LABF" --prefix "$PREFIX"
refused "polkit needs an administrator password for action org.nslab.helper but no authentication agent is running" "apply without an agent"
no_trace

# -- 4. Authorised, but the helper is not installed where the policy pins it: not "not authorized".
# (Only when this test placed it there: an installed helper is never removed, not even privately.)
if [ $PLACED_HELPER = 1 ]; then
    echo "== helper missing at $HELPER_PATH"
    write_rule YES
    restart_polkitd
    umount "$HELPER_PATH"
    rm -f "$HELPER_PATH" # on the overlay: a whiteout in the tmpfs upper layer
    as_user apply "$LABF" --prefix "$PREFIX"
    refused "pkexec did not start the helper (exit 127): Error accessing $HELPER_PATH: No such file or directory" "apply without the helper"
    no_trace
fi

echo "PASS: apply, status, probe and destroy through pkexec + polkit; refusals reported, nothing left"
