#!/bin/bash
# xunshare: exit statuses and signals (passed through, re-raised, SIGKILL without
# util-linux's message), --kill-child, --forward-signals, every error message, descriptors,
# and the time namespace (--monotonic, --boottime, /proc/uptime).
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare python3
ulimit -c 0

# status CMD...: N for exit N, -N for death by signal N (as Python sees it).
status() {
	python3 -c 'import subprocess, sys; print(subprocess.run(sys.argv[1:]).returncode)' "$@" \
		2>/dev/null
}

for opts in "-u" "-f -u" "-p -f" "-m -u -i -n -p -f"; do
	for code in 0 1 3 42 125 126 127 255; do
		# shellcheck disable=SC2086
		xunshare $opts sh -c "exit $code"
		got=$?
		[ "$got" = "$code" ] || not_ok "xunshare $opts: exit $code passes through (got $got)"
	done
	ok "xunshare $opts: exit statuses pass through"
done
for s in TERM KILL SEGV ABRT HUP USR1; do
	n=$(kill -l $s)
	got=$(status xunshare -f -u sh -c "kill -$s \$\$")
	assert_eq "xunshare -f: child killed by SIG$s, the caller sees SIG$s" "-$n" "$got"
	[ $s = KILL ] && continue # util-linux 2.38.1 exits 1 there (sigprocmask bug)
	got=$(status unshare -f -u sh -c "kill -$s \$\$")
	assert_eq "xunshare -f: SIG$s as util-linux" "$got" "$(status xunshare -f -u sh -c "kill -$s \$\$")"
done
# bash reports 128+N, and SIGKILL brings no "sigprocmask unblock failed".
run bash -c 'xunshare -f -u sh -c "kill -KILL \$\$"; echo $?'
assert_eq "xunshare -f, SIGKILL: bash sees 137" 137 "$OUT"
assert_eq "xunshare -f, SIGKILL: no message from xunshare" "" "$(echo "$ERR" | grep "^xunshare:")"
run bash -c 'xunshare -f -u sh -c "kill -SEGV \$\$"; echo $?'
assert_eq "xunshare -f, SIGSEGV: bash sees 139" 139 "$OUT"
# Without -f there is no parent: the program's own death is the caller's.
assert_eq "xunshare -u (no fork): SIGTERM" -15 "$(status xunshare -u sh -c 'kill -TERM $$')"

# The waiting parent holds SIGINT/SIGTERM; --forward-signals passes them on.
xunshare -f -u sleep 1 &
p=$!
at_exit "kill -9 $p"
sleep 0.3
kill -TERM $p
kill -INT $p
wait $p
assert_eq "xunshare -f: SIGTERM/SIGINT to the parent are held" 0 $?
for s in TERM INT; do
	# A background job starts with SIGINT ignored: the program takes the default again, and
	# says when it has.
	rm -f "$T_TMP/ready"
	xunshare --forward-signals -u python3 -c 'import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_DFL)
open(sys.argv[1], "w").close()
time.sleep(10)' "$T_TMP/ready" &
	p=$!
	at_exit "kill -9 $p"
	for _ in $(seq 250); do [ -e "$T_TMP/ready" ] && break; sleep 0.02; done
	kill -$s $p
	wait $p
	rc=$?
	assert_eq "xunshare --forward-signals: SIG$s reaches the child, and back" \
		$((128 + $(kill -l $s))) $rc
done

# --kill-child: the child dies with the parent; names with/without SIG, RTMIN+n; no numbers.
for sig in "" =SIGKILL =KILL =term =SIGRTMIN+2; do
	xunshare --kill-child$sig -u sleep 30 &
	p=$!
	at_exit "kill -9 $p"
	c=$(child_named "$p" sleep)
	assert_match "xunshare --kill-child$sig: the child is running" '^[0-9]+$' "$c"
	at_exit "kill -9 $c"
	kill -9 $p
	wait $p 2>/dev/null
	# Gone, or a zombie that nobody reaps yet.
	gone_or_zombie "$c" && gone=yes || gone=no
	assert_eq "xunshare --kill-child$sig: the child is gone with its parent" yes "$gone"
done
run xunshare --kill-child=9 true
assert_eq "--kill-child=9: a name is needed, as util-linux" "xunshare: unknown signal: 9" "$ERR"
same_as_original "--kill-child=FOO" unshare xunshare --kill-child=FOO true
same_as_original "--kill-child=kill" unshare xunshare --kill-child=kill true
same_as_original "--kill-child=SIGRTMIN+2" unshare xunshare --kill-child=SIGRTMIN+2 true

# Messages and exit statuses of the failures.
touch "$T_TMP/file"
mkdir -p "$T_TMP/dir"
for args in "nosuch" "/etc/passwd" "$T_TMP/dir" "--mount-proc=/nonexistent true" \
	"-R /nonexistent true" "-w /nonexistent true" "-R $T_TMP/file true" "-w $T_TMP/file true" \
	"--monotonic 5 true" "--boottime 5 true" "--monotonic abc true" "-T --boottime 1x true" \
	"--propagation bogus true" "--setgroups bogus true" "--kill-child=bogus true" \
	"--map-user=nosuchuser true" "--map-group=nosuchgroup true" "-S abc true" "-G abc true" \
	"--map-group=0 --setgroups=allow true" "-x" "--bogus" "-m=foo true"; do
	# shellcheck disable=SC2086
	same_as_original "xunshare $args" unshare xunshare $args
done
run xunshare nosuch
assert_rc "not found: 127" 127
run xunshare /etc/passwd
assert_rc "not executable: 126" 126
run env SHELL=/nonexistent xunshare -u
assert_eq "a missing \$SHELL" "xunshare: failed to execute /nonexistent: No such file or directory" \
	"$ERR"
assert_rc "a missing \$SHELL: 127" 127

# Descriptors: the program sees what its caller had, and what it passed (fd 3).
probe='for f in /proc/self/fd/*; do echo "${f##*/}"; done'
direct=$(bash -c "$probe")
for opts in "-u" "-p -f --mount-proc" "-m -u -i -n -p -f" "-U -r" "--kill-child -u" \
	"--forward-signals -u" "-T --boottime 1 -f" "--map-users=0:100000:10"; do
	# shellcheck disable=SC2086
	assert_eq "xunshare $opts: only the caller's descriptors" "$direct" \
		"$(xunshare $opts bash -c "$probe")"
	# shellcheck disable=SC2086
	assert_eq "xunshare $opts: a passed descriptor (3) stays" "$(bash -c "$probe" 3</dev/null)" \
		"$(xunshare $opts bash -c "$probe" 3</dev/null)"
done

# Time namespace: the offsets are written before the fork; /proc/uptime moves with boottime.
run xunshare -T --monotonic 100 --boottime 86400 -f cat /proc/self/timens_offsets
assert_eq "-T --monotonic --boottime: timens_offsets" "monotonic 100 0
boottime 86400 0" "$(echo "$OUT" | tr -s ' ')"
same_as_original "-T --boottime timens_offsets" unshare xunshare -T --boottime 7 -f \
	cat /proc/self/timens_offsets
up=$(cut -d. -f1 /proc/uptime)
in=$(xunshare -T --boottime 86400 -f cut -d. -f1 /proc/uptime)
assert_eq "-T --boottime 86400: /proc/uptime a day later" 1 \
	"$(((in - up) >= 86399 && (in - up) <= 86402 ? 1 : 0))"
in=$(xunshare --time --boottime=-5 -f cut -d. -f1 /proc/uptime)
assert_eq "--boottime=-5: a negative offset" 1 "$(((up - in) >= 3 && (up - in) <= 7 ? 1 : 0))"
finish
