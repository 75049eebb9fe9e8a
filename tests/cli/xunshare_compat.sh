#!/bin/bash
# xunshare against util-linux (issue 13): --owner takes every ID before unshare, --explain
# with stderr closed, --kill-child with -S/-G, --clear-env/--whitelist-env, --<ns>=FILE on a
# missing file, out-of-range numbers, and speaking as unshare when linked under that name.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare

# A root process to try to kill from inside: only the host's root may.
root_target() {
	sleep 600 </dev/null >/dev/null 2>&1 &
	TARGET=$!
	disown "$TARGET"
	at_exit "kill -9 $TARGET"
}

# --owner: every uid and gid and the groups are the owner's, before unshare (util-linux master).
root_target
run xunshare --owner=1000:1000 --map-users=0:1000:1 --map-groups=0:1000:1 sh -c \
	"grep -E '^(Uid|Gid|Groups):' /proc/self/status | tr -s '\t ' ' '; kill -TERM $TARGET"
assert_eq "--owner: uid, gid 0 inside in every slot, no groups" "Uid: 0 0 0 0
Gid: 0 0 0 0
Groups: " "$OUT"
assert_match "--owner: a root process outside cannot be killed" "Operation not permitted" "$ERR"
[ -d "/proc/$TARGET" ] && ok "--owner: the root process lives" || not_ok "--owner: it was killed"
for o in -r -c --map-group=0 "--setgroups=deny --map-groups=0:1000:1" \
	"--map-group=0 --setgroups=allow"; do
	# shellcheck disable=SC2086
	run xunshare --owner=1000:1000 $o cat /proc/self/gid_map /proc/self/setgroups
	assert_rc "--owner=1000:1000 $o: works (util-linux master allows it)" 0
done
run xunshare --owner=1000:1000 --setgroups=deny --map-groups=0:1000:1 cat /proc/self/setgroups
assert_eq "--owner --setgroups=deny: setgroups reads deny" deny "$OUT"
run xunshare --owner=1000:1000 -r cat /proc/self/uid_map
assert_eq "--owner -r: the caller's uid (root) maps to 0, as util-linux master" "0 0 1" \
	"$(echo $OUT)"

# --explain with stderr closed: nothing is traced into a descriptor that took fd 2's place, so
# the waiting parent never dies of SIGPIPE and always passes the status on.
bad=0
for _ in $(seq 200); do
	xunshare --explain -f -u sh -c 'exit 3' 2>&-
	rc=$?
	[ "$rc" = 3 ] || bad=$((bad + 1))
done
assert_eq "--explain -f -u, stderr closed: status 3 in 200 runs of 200" 0 "$bad"
run xunshare --explain -f -u sh -c 'ls -l /proc/$$/fd/ | grep -c socket' 2>&-
assert_eq "--explain -f, stderr closed: the program gets no socket" 0 "$OUT"

# --kill-child: the program dies with xunshare in every combination, also when -S or -G
# (a credential change clears the death signal; util-linux 2.38.1 and master lose it).
child_of() { # PID: its first child, waited for
	local c
	for _ in $(seq 250); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=${c%% *}
		[ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ] && { echo "$c"; return; }
		sleep 0.02
	done
}
for o in "" "-S 1000" "-G 1000" "-S 1000 -G 1000" "-r" "-r -S 0 -G 0" "-p --mount-proc -S 1000"; do
	# shellcheck disable=SC2086
	xunshare --kill-child $o sleep 600 </dev/null >/dev/null 2>&1 &
	p=$!
	disown "$p"
	at_exit "kill -9 $p"
	c=$(child_of "$p")
	[ -n "$c" ] && at_exit "kill -9 $c"
	kill -9 "$p"
	gone=no
	for _ in $(seq 100); do
		[ -d "/proc/$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ] || { gone=yes; break; }
		sleep 0.02
	done
	assert_eq "--kill-child $o: the child dies with its parent" yes "$gone"
done

# --clear-env, --whitelist-env (util-linux master, its tests/ts/unshare/env).
run env UL_TEST_ENV=foo xunshare --clear-env /bin/sh -c 'echo "${UL_TEST_ENV:-CLEARED}"'
assert_eq "--clear-env: the variable is gone" CLEARED "$OUT"
run env UL_TEST_ENV=foo xunshare --clear-env env
assert_eq "--clear-env: no variable at all" "" "$OUT"
assert_rc "--clear-env env: exit 0" 0
run env UL_TEST_ENV1=foo UL_TEST_ENV2=bar xunshare --whitelist-env UL_TEST_ENV1 /bin/sh -c \
	'echo "${UL_TEST_ENV1}${UL_TEST_ENV2}"'
assert_eq "--whitelist-env: only the listed variable" foo "$OUT"
run env -i A=1 B=2 C=3 "$(command -v xunshare)" --whitelist-env A,NOPE --whitelist-env B \
	/usr/bin/env
assert_eq "--whitelist-env twice, an unset name: A and B" "A=1
B=2" "$(echo "$OUT" | sort)"
run env -i A=1 "$(command -v xunshare)" --whitelist-env A -p -f -r /usr/bin/env
assert_eq "--whitelist-env with a fork and a user namespace" "A=1" "$OUT"
xunshare --help | grep -q -- '--whitelist-env <list>' && ok "--help: --whitelist-env" ||
	not_ok "--help: --whitelist-env"

# Out-of-range numbers name the errno as util-linux does; every numeric option.
big=99999999999999999999
for a in "-S $big" "-G $big" "-S abc" "-G -x" "--map-user=$big" "--map-group=$big" \
	"--map-users=$big,0,1" "--map-groups=0,$big,1" "--map-users=0,1,$big" "--map-users=a,0,1" \
	"--monotonic=$big" "--boottime=-$big" "--monotonic=5x" "--boottime=" "--kill-child=99" \
	"--kill-child=NOSIG" "--map-user=nosuchuser"; do
	# shellcheck disable=SC2086
	same_as_original "$a" unshare xunshare -T $a true
done
# Deviations (man page, COMPATIBILITY): no silent truncation of an ID to 32 bits.
for a in "-S 99999999999" "-G 4294967296" "--map-user=4294967296"; do
	# shellcheck disable=SC2086
	run xunshare $a true
	assert_match "$a: too large, named so" "failed to parse [ug]id: '[0-9]+': Numerical result out of range" "$ERR"
done
run xunshare --owner=$big:0 true
assert_eq "--owner=BIG:0: the errno named" \
	"xunshare: failed to parse uid: '$big': Numerical result out of range" "$ERR"

# Linked as unshare, xunshare speaks as util-linux's unshare: its messages, getopt's, the
# "Try 'unshare --help'" line, byte for byte (both run as ./unshare from a directory).
mkdir -p "$T_TMP/orig" "$T_TMP/ours"
ln -s "$(command -v unshare)" "$T_TMP/orig/unshare"
ln -s "$(command -v xunshare)" "$T_TMP/ours/unshare"
as_linked() { # DIR ARGS...: ./unshare ARGS... in DIR
	local d=$1
	shift
	(cd "$d" && ./unshare "$@")
}
for a in "--bogus" "-x" "-S" "--setgroups" "--setgroups=maybe -U" "--propagation=foo -m" \
	"--kill-child=NOSIG" "--monotonic=1" "-S abc" "--boottime=$big -T" "-u --uts=x" \
	"--map-user=nosuchuser"; do
	# shellcheck disable=SC2086
	run as_linked "$T_TMP/orig" $a true
	o_out=$OUT o_err=$(mask_pids "$ERR") o_rc=$RC
	# shellcheck disable=SC2086
	run as_linked "$T_TMP/ours" $a true
	ERR=$(mask_pids "$ERR")
	if [ "$o_out$o_err$o_rc" == "$OUT$ERR$RC" ]; then
		ok "linked as unshare, $a: the same bytes as util-linux"
	else
		not_ok "linked as unshare, $a: differs"
		printf '  unshare: rc=%s err=%q\n  ours:    rc=%s err=%q\n' "$o_rc" "$o_err" "$RC" "$ERR"
	fi
done
run xunshare --bogus
assert_eq "under its own name: xunshare" "xunshare: unrecognized option '--bogus'
Try 'xunshare --help' for more information." "$ERR"
run xunshare -S abc true
assert_eq "under its own name, a message: xunshare" "xunshare: failed to parse uid: 'abc'" "$ERR"

# Each deviation that stays is listed in the man page's COMPATIBILITY section.
man=$LIBNS_SRC/man/xunshare.1
comp=$(sed -n '/^\.SH COMPATIBILITY/,/^\.SH /p' "$man")
for w in 'Numerical result out of range' 'kill\\-child' 'setlocale' 'owner' 'inner : outer'; do
	assert_match "COMPATIBILITY names: $w" "$w" "$comp"
done

# No code decides by message text (DESIGN.md rule 1): errors are told apart by step and code.
src=$LIBNS_SRC
assert_eq "no message is compared or rewritten in xunshare and lib/unshare*" "" \
	"$(grep -nE '(str(n)?cmp|snprintf|strcpy)\((err(\.|->)|e\.)msg' "$src/tools/xunshare.c" \
		"$src"/lib/unshare*.c "$src/lib/fork.c" 2>/dev/null)"
for a in "-R /nonexistent" "-R / -w /nonexistent" "-w /nonexistent" "-R /etc/passwd"; do
	# shellcheck disable=SC2086
	same_as_original "$a" unshare xunshare $a true
done
run xunshare -R "$T_TMP" -w / /nonexistent-program
assert_eq "-R DIR, a missing program: util-linux's message" \
	"xunshare: failed to execute /nonexistent-program: No such file or directory" "$ERR"
assert_rc "-R DIR, a missing program: 127" 127

finish
