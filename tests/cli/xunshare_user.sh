#!/bin/bash
# xunshare: user namespaces and ID maps, as root and as nobody: -r, -c, --map-user/group,
# --map-users/--map-groups in both forms, --map-auto/--map-subids (newuidmap), --setgroups,
# --owner, --keep-caps; and the hint for an unprivileged user without -U.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare setpriv
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
chmod 755 "$T_TMP"
maps='cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups | tr -s " "'

# same_maps NAME ARGS...: the same maps, setgroups and id as util-linux.
same_maps() {
	local name=$1
	shift
	same_as_original "$name" unshare xunshare "$@" sh -c "$maps; id"
}
same_maps "-r" -r
same_maps "-U -r" -U -r
same_maps "--map-root-user" --map-root-user
same_maps "-c" -c
same_maps "--map-user=1000" --map-user=1000
same_maps "--map-group=1000" --map-group=1000
same_maps "--map-user=nobody --map-group=nogroup" --map-user=nobody --map-group=nogroup
same_maps "-U" -U
same_maps "--setgroups=deny" -U --setgroups=deny
same_maps "--setgroups=allow" -U --setgroups=allow
same_as_original "--setgroups bogus" unshare xunshare -U --setgroups bogus true
same_as_original "--map-group with --setgroups=allow" unshare xunshare --map-group=0 \
	--setgroups=allow true
same_as_original "--map-user=nosuchuser" unshare xunshare --map-user=nosuchuser true
same_as_original "--map-group=nosuchgroup" unshare xunshare --map-group=nosuchgroup true

run xunshare -r sh -c "$maps"
assert_eq "xunshare -r: root inside is root outside, setgroups denied" " 0 0 1
 0 0 1
deny" "$OUT"

# Fixed: util-linux 2.38.1 fails "-r --setgroups=deny" (it writes deny twice).
run xunshare -r --setgroups=deny cat /proc/self/setgroups
assert_rc "xunshare -r --setgroups=deny: succeeds" 0
assert_eq "xunshare -r --setgroups=deny: setgroups reads deny" deny "$OUT"

# Ranges: INNER:OUTER:COUNT (util-linux 2.39+) and the old OUTER,INNER,COUNT.
run xunshare --map-users=0:100000:65536 --map-groups=0:200000:1000 sh -c "$maps"
assert_eq "--map-users=0:100000:65536 --map-groups=0:200000:1000" " 0 100000 65536
 0 200000 1000
allow" "$OUT"
run xunshare --map-users=100000,0,65536 --map-groups=200000,0,1000 sh -c "$maps"
assert_eq "--map-users=OUTER,INNER,COUNT (old form)" " 0 100000 65536
 0 200000 1000
allow" "$OUT"
run xunshare --map-users=0:100000:10 --map-users=10:300000:5 cat /proc/self/uid_map
assert_eq "--map-users twice: two ranges" "         0     100000         10
        10     300000          5" "$OUT"
run xunshare --map-user=0 --map-users=1:100000:10 cat /proc/self/uid_map
assert_eq "--map-user and --map-users together" "         0          0          1
         1     100000         10" "$OUT"
run xunshare --map-users=all --map-groups=all sh -c "$maps"
assert_eq "--map-users=all --map-groups=all: every ID to itself" " 0 0 4294967295
 0 0 4294967295
allow" "$OUT"
run xunshare -r xunshare --map-users=all cat /proc/self/uid_map
assert_eq "--map-users=all in a namespace that maps one ID" " 0 0 1" "$(echo "$OUT" | tr -s ' ')"
same_as_original "--map-users=1,2" unshare xunshare --map-users=1,2 true
same_as_original "--map-users=a,b,c" unshare xunshare --map-users=a,b,c true
run xunshare --map-users=0:0:99999999999 true
assert_rc "--map-users with a count too large: exit 1" 1

# --owner: the new user namespace belongs to another user (lsns shows its owner).
xunshare --owner=65534:65534 --map-users=0:100000:10 sleep 5 &
p=$!
at_exit "kill -9 $p"
for _ in $(seq 100); do
	[ "$(readlink /proc/$p/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
	sleep 0.02
done
assert_eq "xunshare --owner: the maps are written for the owner" "0 100000 10" \
	"$(tr -s ' ' </proc/$p/uid_map | sed 's/^ //')"
assert_eq "xunshare --owner: the namespace belongs to the owner" 65534 \
	"$(lsns -n -t user -o UID -p $p | tr -d ' ')"
kill -9 $p
wait $p 2>/dev/null

# --keep-caps: a non-root program inside keeps the capabilities.
run xunshare -c --keep-caps sh -c 'grep CapAmb /proc/self/status'
assert_ne "xunshare -c --keep-caps: ambient capabilities" "CapAmb:	0000000000000000" "$OUT"
run xunshare -c sh -c 'grep CapAmb /proc/self/status'
assert_eq "xunshare -c without --keep-caps: none" "CapAmb:	0000000000000000" "$OUT"
o=$(unshare -U --map-user=1000 --keep-caps grep CapEff /proc/self/status)
x=$(xunshare -U --map-user=1000 --keep-caps grep CapEff /proc/self/status)
assert_eq "--map-user=1000 --keep-caps: effective capabilities as util-linux" "$o" "$x"

# As nobody: -r and -c work; without -U the same EPERM message plus one hint line.
run as_nobody xunshare -r sh -c "$maps; id -u"
assert_eq "as nobody: -r" " 0 65534 1
 0 65534 1
deny
0" "$OUT"
run as_nobody xunshare -c id -u
assert_eq "as nobody: -c" 65534 "$OUT"
run as_nobody xunshare -r -p -f --mount-proc sh -c 'echo $$; ps -e -o comm= | wc -l'
assert_eq "as nobody: -r -p -f --mount-proc: sh, ps and wc" "1
3" "$OUT"
run as_nobody xunshare -u true
assert_rc "as nobody, -u: exit 1" 1
assert_eq "as nobody, -u: the message, then one hint" "xunshare: unshare failed: Operation not permitted" \
	"$(echo "$ERR" | head -1)"
assert_eq "as nobody, -u: one hint line" 2 "$(echo "$ERR" | wc -l)"
assert_match "as nobody, -u: the hint names -r" "(-r|--map-root-user)" "$(echo "$ERR" | tail -1)"
run as_nobody xunshare -r -u true
assert_rc "as nobody, -r -u: no hint needed, success" 0
run as_nobody xunshare --map-users=0:100000:10 true
assert_rc "as nobody, --map-users not in /etc/subuid: newuidmap refuses" 1
assert_match "as nobody: newuidmap's refusal is reported" "newuidmap" "$ERR"
run as_nobody env PATH=/nonexistent "$(command -v xunshare)" --map-users=0:100000:10 true
assert_rc "newuidmap missing: exit 1" 1
assert_eq "newuidmap missing: a clear message" \
	"xunshare: failed to execute newuidmap (it is in the uidmap package): No such file or directory" \
	"$ERR"
run as_nobody xunshare --map-auto true
assert_eq "as nobody, --map-auto without a subuid line" \
	"xunshare: no line matching user \"nobody\" in /etc/subuid" "$ERR"

# --map-auto and --map-subids through newuidmap with nobody's subordinate IDs. /etc/subuid
# and /etc/subgid are replaced in a private mount namespace only.
printf 'nobody:200000:65536\n' >"$T_TMP/subid"
chmod 644 "$T_TMP/subid"
with_subids() {
	unshare -m sh -c 'mount --bind "$0" /etc/subuid && mount --bind "$0" /etc/subgid &&
		exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' "$T_TMP/subid" "$@"
}
if command -v newuidmap >/dev/null; then
	run with_subids xunshare --map-auto cat /proc/self/uid_map /proc/self/gid_map
	assert_eq "as nobody, --map-auto: the subordinate IDs from 0" "         0     200000      65536
         0     200000      65536" "$OUT"
	run with_subids xunshare --map-subids cat /proc/self/uid_map
	assert_eq "as nobody, --map-subids: the subordinate IDs as themselves" \
		"    200000     200000      65536" "$OUT"
	run with_subids xunshare -c --map-users=subids cat /proc/self/uid_map
	assert_eq "as nobody, -c --map-users=subids: both" "     65534      65534          1
    200000     200000      65536" "$OUT"
	o=$(with_subids unshare --map-auto cat /proc/self/uid_map /proc/self/gid_map)
	x=$(with_subids xunshare --map-auto cat /proc/self/uid_map /proc/self/gid_map)
	assert_eq "as nobody, --map-auto: as util-linux" "$o" "$x"
	# A single mapping with the subordinate IDs: the range is split around its IDs.
	for opts in "-r --map-auto" "-c --map-auto" "--map-user=5 --map-group=7 --map-auto" \
		"-r --map-users=200000,0,100"; do
		# shellcheck disable=SC2086
		o=$(with_subids unshare $opts cat /proc/self/uid_map /proc/self/gid_map 2>&1)
		# shellcheck disable=SC2086
		x=$(with_subids xunshare $opts cat /proc/self/uid_map /proc/self/gid_map 2>&1)
		assert_eq "as nobody, $opts: the maps util-linux writes" "$o" "$x"
	done
fi
finish
