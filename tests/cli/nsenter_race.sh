#!/bin/bash
# nsenter-lite and a target that exits between ns_enter_open and the first setns (issue 13,
# item 5): the namespaces are held by descriptors taken from the pidfd, so it still enters
# them, as util-linux nsenter does with its open files. Deterministic: strace stops
# nsenter-lite at its first step after opening (prctl PR_SET_DUMPABLE, by an injected
# SIGSTOP), the target is killed and has ended, then nsenter-lite goes on.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare strace
have_tool nsenter-lite || finish
ne=$LIBNS_BUILD/bin/nsenter-lite

# stopped_child PID LOG: waits (up to 5 s) until strace (PID, writing LOG) has seen its child
# stopped by the injected SIGSTOP, and prints the child's PID. (A traced process is briefly in
# "tracing stop" at every system call: its state alone would not do.)
stopped_child() {
	local c i
	for i in $(seq 250); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=${c%% *}
		if [ -n "$c" ] && grep -q 'stopped by SIGSTOP' "$2" 2>/dev/null; then
			echo "$c"
			return 0
		fi
		sleep 0.02
	done
	return 1
}

# race NAME OPTIONS...: nsenter-lite -t TARGET OPTIONS readlink /proc/self/ns/uts, with the
# target (in new uts and net namespaces; with RACE_NS, in those) ended while nsenter-lite is
# stopped after opening.
race() {
	local name=$1 want s c
	shift
	# shellcheck disable=SC2086
	start_in_ns ${RACE_NS:--u -n}
	want=$(readlink "/proc/$NS_PID/ns/uts")
	: >"$T_TMP/strace.log"
	strace -o "$T_TMP/strace.log" -e trace=prctl -e inject=prctl:signal=SIGSTOP \
		"$ne" -t "$NS_PID" "$@" readlink /proc/self/ns/uts >"$T_TMP/out" 2>"$T_TMP/err" &
	s=$!
	at_exit "kill -9 $s"
	if ! c=$(stopped_child "$s" "$T_TMP/strace.log"); then
		not_ok "$name: nsenter-lite stopped after opening"
		return
	fi
	kill -9 "$NS_PID"
	gone_or_zombie "$NS_PID" || { not_ok "$name: the target ended"; return; }
	# SIGCONT again until it has ended: a stop strace injects may land after the first one.
	for i in $(seq 500); do
		kill -CONT "$c" 2>/dev/null
		kill -0 "$s" 2>/dev/null || break
		[ "$(awk '/^State:/ { print $2 }' "/proc/$s/status" 2>/dev/null)" = Z ] && break
		sleep 0.02
	done
	kill -0 "$s" 2>/dev/null && [ "$i" = 500 ] && kill -9 "$s"
	wait "$s"
	RC=$? ERR=$(cat "$T_TMP/err")
	if [ -n "${RACE_FAILS:-}" ]; then
		assert_rc "$name: exit 1" 1
		assert_eq "$name: the message" "$RACE_FAILS" "$(mask_pids "$ERR" | sed -E 's/[0-9]+/N/')"
		return
	fi
	assert_rc "$name: exit 0 once the target has ended" 0
	assert_eq "$name: the ended target's uts namespace" "$want" "$(cat "$T_TMP/out")"
}

race "-a" -a
race "-u -n" -u -n
race "-u -n -w" -u -n -w
# The target is the init of the PID namespace to fork into: that namespace ends with it, so
# no join can succeed (nsenter: "fork failed: Cannot allocate memory"); it fails cleanly, and
# without -p's fork (-F) it is still entered.
RACE_NS="-f -p -u" RACE_FAILS="nsenter-lite: process N exited while it was being entered: No such process" \
	race "-a, the target is its PID namespace's init" -a
RACE_NS="-f -p -u" race "-F -a, the target is its PID namespace's init" -F -a
finish
