#!/bin/bash
# nsenter-lite and user namespaces: root entering a container's user namespace (last), its
# unprivileged owner entering it (first), uid/gid 0 by default, -S, -G, follow,
# --preserve-credentials, --keep-caps, --user-parent; compared with util-linux nsenter.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare nsenter setpriv python3
have_tool nsenter-lite || finish

ns_of() { readlink "/proc/$1/ns/$2"; }
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
ids='echo $(id -u) $(id -g) $(id -G); readlink /proc/self/ns/user /proc/self/ns/uts'

# start_mapped VAR UID GID: `sleep 600` as UID, GID in a new user namespace whose ids 0-65535
# are 100000-165535 here (the maps written by root, as a container runtime does), and a new
# UTS namespace. VAR is set to its PID.
start_mapped() {
	local var=$1 fifo=$T_TMP/fifo.$RANDOM p
	mkfifo "$fifo"
	python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.unshare(0x10000000 | 0x04000000) != 0:  # CLONE_NEWUSER | CLONE_NEWUTS
    sys.exit(1)
open(sys.argv[1]).read()  # until the maps are written
uid, gid = int(sys.argv[2]), int(sys.argv[3])
os.setgroups([])
os.setresgid(gid, gid, gid)
os.setresuid(uid, uid, uid)
os.execvp("sleep", ["sleep", "600"])' "$fifo" "$2" "$3" </dev/null >/dev/null 2>&1 &
	p=$!
	disown
	at_exit "kill -9 $p"
	for _ in $(seq 200); do
		[ "$(readlink /proc/$p/ns/uts)" != "$(readlink /proc/self/ns/uts)" ] && break
		sleep 0.01
	done
	echo "0 100000 65536" >"/proc/$p/uid_map"
	echo "0 100000 65536" >"/proc/$p/gid_map"
	echo go >"$fifo"
	wait_comm "$p" sleep
	printf -v "$var" %s "$p"
}

# A container as root makes it: its own user namespace with 65536 ids, a UTS namespace.
start_mapped T 0 0
want_ns="$(ns_of "$T" user; ns_of "$T" uts)"

run nsenter-lite -t "$T" -a sh -c "$ids"
assert_eq "root, -a: uid 0, gid 0, no other groups; its user and uts namespaces" \
	"0 0 0"$'\n'"$want_ns" "$OUT"
same_as_original "root, -a" nsenter nsenter-lite -t "$T" -a sh -c "$ids"
same_as_original "root, -U -u" nsenter nsenter-lite -t "$T" -U -u sh -c "$ids"
run nsenter-lite --explain -t "$T" -U -u true
assert_match "root: the user namespace is entered after the others" \
	"CLONE_NEWUTS.*"$'\n'".*"$'\n'"nsenter-lite: \+ setns\(pidfd\($T\), CLONE_NEWUSER\)" "$ERR"

# -S, -G set the ids inside; --preserve-credentials leaves ours (0 is not mapped: 65534).
same_as_original "-S 1000 -G 1000" nsenter nsenter-lite -t "$T" -a -S 1000 -G 1000 sh -c "$ids"
run nsenter-lite -t "$T" -a -S 1000 -G 1000 sh -c "$ids"
assert_match "-S 1000 -G 1000" "^1000 1000 1000"$'\n' "$OUT"
run nsenter-lite -t "$T" -a -S 1000 id -u
assert_eq "-S alone: uid" 1000 "$OUT"
same_as_original "--preserve-credentials" nsenter nsenter-lite -t "$T" -a --preserve-credentials \
	sh -c "$ids"
run nsenter-lite -t "$T" -U --preserve-credentials id -u
assert_eq "--preserve-credentials: our unmapped uid 0 shows as the overflow uid" 65534 "$OUT"

# follow: the target's uid and gid, as seen inside its user namespace.
start_mapped TF 123 456
run nsenter-lite -t "$TF" -a -S follow -G follow sh -c 'echo $(id -u) $(id -g)'
assert_eq "-S follow -G follow: the target's ids" "123 456" "$OUT"
run nsenter-lite -t "$TF" -a -S follow sh -c 'echo $(id -u) $(id -g)'
assert_eq "-S follow alone: gid 0 still" "123 0" "$OUT"
run nsenter-lite -t "$TF" -u -G follow sh -c 'echo $(id -g)'
assert_eq "-G follow, no user namespace: the host's view" 100456 "$OUT"

# --keep-caps: with a uid that is not 0 inside, exec would drop every capability.
cap_eff='awk "/^CapEff/ { print \$2 }" /proc/self/status'
run nsenter-lite -t "$T" -U --preserve-credentials sh -c "$cap_eff"
assert_eq "--preserve-credentials without --keep-caps: no capability after exec" \
	0000000000000000 "$OUT"
run nsenter-lite -t "$T" -U --preserve-credentials --keep-caps sh -c "$cap_eff"
assert_ne "--keep-caps: the capabilities of the user namespace are kept" 0000000000000000 "$OUT"
run nsenter-lite -t "$T" -U --preserve-credentials --keep-caps \
	awk '/^CapAmb/ { print $2 }' /proc/self/status
assert_ne "--keep-caps: they are ambient" 0000000000000000 "$OUT"

# The unprivileged owner: the target started by nobody, in namespaces of every type that its
# user namespace owns, entered by nobody.
"${nobody[@]}" unshare -U -r -f -p -m -u -i -n -C -T --mount-proc --kill-child sleep 600 \
	</dev/null >/dev/null 2>&1 &
UP=$!
disown
at_exit "kill -9 $UP"
NP=$(child_named "$UP" sleep)
at_exit "kill -9 $NP"
want_own="$(ns_of "$NP" user; ns_of "$NP" uts)"
# unshare -r denies setgroups inside, and nobody may not call it outside: as with util-linux,
# only --preserve-credentials (our uid, 65534, is 0 inside) gets in.
run "${nobody[@]}" nsenter-lite -t "$NP" -a --preserve-credentials sh -c "$ids"
assert_eq "owner, -a: uid 0 inside, its namespaces" "0 0 0"$'\n'"$want_own" "$OUT"
assert_rc "owner, -a: exit 0" 0
o_out=$("${nobody[@]}" nsenter -t "$NP" -a --preserve-credentials sh -c "$ids" 2>&1)
assert_eq "owner, -a: same as nsenter" "$o_out" "$OUT"
run "${nobody[@]}" nsenter-lite -t "$NP" -a true
o_err=$("${nobody[@]}" nsenter -t "$NP" -a true 2>&1)
assert_eq "owner, -a without --preserve-credentials: nsenter's error" \
	"${o_err//nsenter:/nsenter-lite:}" "$ERR"
run "${nobody[@]}" nsenter-lite -t "$NP" -U -u -n --preserve-credentials \
	readlink /proc/self/ns/net
assert_eq "owner, -U -u -n: its net namespace" "$(ns_of "$NP" net)" "$OUT"
run "${nobody[@]}" nsenter-lite --explain -t "$NP" -U -u --preserve-credentials true
assert_match "owner: the user namespace first (the first try fails), then the others" \
	"CLONE_NEWUSER\).*"$'\n'".*"$'\n'".*again" "$ERR"
# Without the user namespace the owner has no right to the others.
run "${nobody[@]}" nsenter-lite -t "$NP" -u true
o_err=$("${nobody[@]}" nsenter -t "$NP" -u true 2>&1)
assert_eq "owner, -u alone: refused as nsenter refuses" "${o_err//nsenter:/nsenter-lite:}" "$ERR"
assert_rc "owner, -u alone: exit 1" 1
# Another user may not enter it at all.
other=(setpriv --reuid=65533 --regid=65533 --clear-groups)
run "${other[@]}" nsenter-lite -t "$NP" -a true
assert_rc "another user, -a: refused" 1
assert_match "another user, -a: a message" "^nsenter-lite: " "$ERR"
# ... with nsenter's first error, in nsenter's order.
for opts in "-a" "-a -U" "-a -U/proc/self/ns/user" "-u" "-u -n" "-U" "-m -p" "-n -r"; do
	# shellcheck disable=SC2086
	run "${other[@]}" nsenter-lite -t "$NP" $opts true
	# shellcheck disable=SC2086
	o_err=$("${other[@]}" nsenter -t "$NP" $opts true 2>&1)
	assert_eq "another user, $opts: nsenter's message" "${o_err//nsenter:/nsenter-lite:}" "$ERR"
done
# nobody cannot re-enter its own user namespace.
run "${nobody[@]}" nsenter-lite -U/proc/self/ns/user true
assert_eq "owner, own user namespace" \
	"nsenter-lite: reassociate to namespace 'ns/user' failed: Invalid argument" "$ERR"

# --user-parent: a user namespace in a user namespace; its parent is entered instead.
start_in_ns -U -r unshare -U -r
TN=$NS_PID
parent=$(python3 -c '
import fcntl, os, sys
fd = os.open("/proc/%s/ns/user" % sys.argv[1], os.O_RDONLY)
p = fcntl.ioctl(fd, 0xb702)  # NS_GET_PARENT
print(os.readlink("/proc/self/fd/%d" % p))' "$TN")
run nsenter-lite -t "$TN" -U --user-parent readlink /proc/self/ns/user
assert_eq "--user-parent -U: the parent of its user namespace" "$parent" "$OUT"
run nsenter-lite -t "$TN" --user-parent readlink /proc/self/ns/user
assert_eq "--user-parent alone: the same" "$parent" "$OUT"
start_in_ns -U -r -u
TO=$NS_PID
run nsenter-lite -t "$TO" -u --user-parent readlink /proc/self/ns/user
assert_eq "--user-parent -u: the user namespace that owns its uts namespace" \
	"$(ns_of "$TO" user)" "$OUT"
finish
