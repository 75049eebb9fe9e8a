#!/bin/bash
# nsenter-lite: exit statuses and deaths by signal passed through (with and without the fork),
# the descriptors the program sees (0-2 and what the caller passed; descriptor 0 closed by
# the caller, util-linux #4412), non-dumpable before setns, PID:INODE targets, -e, -N,
# --join-cgroup.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare nsenter python3
have_tool nsenter-lite || finish
ulimit -c 0

# status CMD...: N for exit N, -N for death by signal N (as Python's subprocess reports it).
status() {
	python3 -c 'import subprocess, sys; print(subprocess.run(sys.argv[1:]).returncode)' "$@" \
		2>/dev/null
}

start_in_ns -f -p -u -n --mount-proc
T=$NS_PID

# Exit statuses pass through, with the fork (-p) and without (-u, -F -p).
for opts in "-p" "-u" "-F -p" "-a"; do
	for code in 0 1 3 42 126 127 255; do
		# shellcheck disable=SC2086
		got=$(status nsenter-lite -t "$T" $opts sh -c "exit $code")
		[ "$got" = "$code" ] || not_ok "nsenter-lite $opts: exit $code passes (got $got)"
	done
	ok "nsenter-lite $opts: exit statuses 0 1 3 42 126 127 255 pass through"
	bad=()
	# (not INT, QUIT: a test run in the background may have them ignored, and inherited)
	for s in HUP ILL ABRT FPE KILL USR1 SEGV USR2 PIPE ALRM TERM XCPU VTALRM; do
		n=$(kill -l $s)
		# shellcheck disable=SC2086
		got=$(status nsenter-lite -t "$T" $opts /bin/bash -c "kill -$s \$\$")
		[ "$got" = "-$n" ] || bad+=("$s:$got")
	done
	assert_eq "nsenter-lite $opts: the caller sees the same death by signal" "" "${bad[*]}"
done
# --explain with stderr closed (issue 13, item 2): the waiting parent never dies of a trace
# written into a descriptor of its own that landed on 2; the child's status passes, 200 times.
bad=0
for _ in $(seq 200); do
	nsenter-lite --explain -t "$T" -p sh -c 'exit 3' 2>&-
	rc=$?
	[ "$rc" = 3 ] || bad=$((bad + 1))
done
assert_eq "--explain -p with stderr closed: exit 3 in 200 of 200 runs" 0 "$bad"
# As the shell shows it, the same as util-linux.
same_as_original "killed by SIGKILL" nsenter nsenter-lite -t "$T" -p /bin/bash -c 'kill -9 $$'
same_as_original "exit 42" nsenter nsenter-lite -t "$T" -p sh -c 'exit 42'

# Job control: a stopped child (^Z) stops the waiting nsenter-lite too; continued, it
# continues the child (as util-linux does).
state() { awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
nsenter-lite -t "$T" -p sleep 2 &
P=$!
at_exit "kill -9 $P"
C=$(child_named "$P" sleep)
kill -STOP "$C"
for _ in $(seq 100); do [ "$(state "$P")" = T ] && break; sleep 0.02; done
assert_eq "the child stopped: nsenter-lite stops too" T "$(state "$P")"
kill -CONT "$P"
for _ in $(seq 100); do [ "$(state "$C")" = S ] && break; sleep 0.02; done
assert_eq "nsenter-lite continued: the child continues" S "$(state "$C")"
wait "$P"
assert_eq "... and ends normally" 0 $?

# Descriptors: the program sees what a program run directly sees (0, 1, 2 and what the test's
# shell passes on), and a descriptor the caller passes (7); nothing of ours. fdprobe (a static
# helper) lists its descriptors without opening any.
probe=$LIBNS_BUILD/tests/fdprobe
if [ -x "$probe" ]; then
	base=$("$probe")
	passed=$("$probe" 7</dev/null)
	for opts in "-a" "-u" "-p" "-F -p" "-a -r -w" "-u -e" "-u -S 0 -G 0" "-m -W /"; do
		# shellcheck disable=SC2086
		run nsenter-lite -t "$T" $opts "$probe"
		assert_eq "nsenter-lite $opts: the program sees only the caller's descriptors" \
			"$base" "$OUT"
		# shellcheck disable=SC2086
		OUT=$(nsenter-lite -t "$T" $opts "$probe" 7</dev/null 2>/dev/null)
		assert_eq "nsenter-lite $opts: a descriptor the caller passes (7) stays" "$passed" \
			"$OUT"
	done
	run nsenter-lite --uts=/proc/"$T"/ns/uts "$probe"
	assert_eq "nsenter-lite --uts=FILE: not the file's descriptor" "$base" "$OUT"
	# Descriptor 0 closed by the caller: our first open gets 0; it must not reach the
	# program as its stdin, nor be taken for "no descriptor".
	closed=$("$probe" 0<&-)
	for opts in "-a -r -w" "-u -e" "-S follow -u"; do
		# shellcheck disable=SC2086
		OUT=$(nsenter-lite -t "$T" $opts "$probe" 0<&- 2>&1)
		assert_eq "stdin closed: descriptor 0 stays closed for the program ($opts)" \
			"$closed" "$OUT"
	done
	OUT=$(nsenter-lite --uts=/proc/"$T"/ns/uts "$probe" 0<&- 2>&1)
	assert_eq "stdin closed: descriptor 0 stays closed for the program (--uts=FILE)" \
		"$closed" "$OUT"
fi
OUT=$(nsenter-lite --uts=/proc/"$T"/ns/uts hostname 0<&- 2>&1)
assert_eq "stdin closed: a file opened on descriptor 0 is entered" \
	"$(nsenter -t "$T" -u hostname)" "$OUT"
OUT=$(nsenter-lite -t "$T" -u -e sh -c 'echo ${HOME-none}' 0<&- 2>&1)
assert_eq "stdin closed: -e reads the environment from descriptor 0" \
	"$(tr '\0' '\n' </proc/"$T"/environ | sed -n 's/^HOME=//p')" "$OUT"

# Non-dumpable before the first setns: a process entering the target cannot be traced from
# inside the target before it runs the program. The program itself is dumpable again.
got=$(nsenter-lite -t "$T" -a cat /proc/self/status | awk '/^Uid/ { print "ok" }')
assert_eq "the program's /proc/self is readable (dumpable again after exec)" ok "$got"
run nsenter-lite --explain -t "$T" -u true
first_setns=$(grep -n '+ setns' <<<"$ERR" | head -1 | cut -d: -f1)
dumpable=$(grep -n 'PR_SET_DUMPABLE, 0' <<<"$ERR" | head -1 | cut -d: -f1)
assert_eq "PR_SET_DUMPABLE 0 comes before the first setns" 1 \
	"$([ -n "$dumpable" ] && [ "$dumpable" -lt "$first_setns" ] && echo 1)"
if command -v strace >/dev/null; then
	trace=$(strace -f -e trace=prctl,setns nsenter-lite -t "$T" -u true 2>&1 >/dev/null)
	assert_match "strace: prctl(PR_SET_DUMPABLE, 0) then setns" \
		"PR_SET_DUMPABLE, SUID_DUMP_DISABLE.*"$'\n'"setns\(" "$trace"
fi

# PID:INODE: the inode of the target's pidfd (pidfs).
ino=$(python3 -c 'import os, sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' "$T" \
	2>/dev/null)
if [ -n "$ino" ]; then
	run nsenter-lite -t "$T:$ino" -u hostname
	assert_rc "PID:INODE, the right inode: entered" 0
	assert_eq "PID:INODE: its hostname" "$(nsenter -t "$T" -u hostname)" "$OUT"
	run nsenter-lite -t "$T:$((ino + 1))" -u hostname
	assert_eq "PID:INODE, another inode: refused" \
		"nsenter-lite: pidfd inode $((ino + 1)) not found for pid $T" "$ERR"
	# A process that ended: its PID:INODE names nothing, even if the PID were reused.
	sleep 600 &
	gone=$!
	gone_ino=$(python3 -c 'import os, sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' \
		"$gone")
	kill -9 "$gone"
	wait "$gone" 2>/dev/null
	run nsenter-lite -t "$gone:$gone_ino" -u true
	assert_rc "PID:INODE of an ended process: refused" 1
fi

# -e: the target's environment replaces ours.
nse=$LIBNS_BUILD/bin/nsenter-lite
run env -i FOO=ours "$nse" -t "$T" -u -e sh -c 'echo ${FOO-unset}; echo $PATH'
assert_eq "-e: the target's environment" \
	"$(printf 'unset\n%s' "$(tr '\0' '\n' </proc/"$T"/environ | sed -n 's/^PATH=//p')")" "$OUT"
run env -i FOO=ours PATH=/usr/bin:/bin "$nse" -t "$T" -u sh -c 'echo $FOO'
assert_eq "without -e: ours" ours "$OUT"

# -N: the network namespace of a socket the target holds.
python3 -c '
import os, socket, sys, time
s = socket.socket()  # made here, in our network namespace
os.set_inheritable(s.fileno(), True)
os.dup2(s.fileno(), 5)
os.execvp("nsenter", ["nsenter", "-t", sys.argv[1], "-n", "sleep", "600"])' "$T" &
SK=$!
disown
at_exit "kill -9 $SK"
for _ in $(seq 200); do
	[ "$(readlink /proc/$SK/ns/net)" = "$(readlink /proc/$T/ns/net)" ] && break
	sleep 0.02
done
run nsenter-lite -t "$SK" -N 5 readlink /proc/self/ns/net
assert_eq "-N 5: the socket's network namespace, not the process's" \
	"$(readlink /proc/self/ns/net)" "$OUT"
run nsenter-lite -t "$SK" -n readlink /proc/self/ns/net
assert_eq "-n: the process's" "$(readlink /proc/$T/ns/net)" "$OUT"

# --join-cgroup: cgroup v2 only; this machine's hierarchy decides which case is tested.
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	run nsenter-lite -t "$T" -c cat /proc/self/cgroup
	assert_eq "-c: the target's cgroup" "$(cat /proc/$T/cgroup)" "$OUT"
else
	run nsenter-lite -t "$T" -c -u true
	assert_eq "-c on cgroup v1: a clear error" \
		"nsenter-lite: --join-cgroup is only supported in cgroup v2" "$ERR"
	assert_rc "-c on cgroup v1: exit 1" 1
fi
finish
