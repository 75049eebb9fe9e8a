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

# stopped_child PID: waits (up to 5 s) for PID's child to be stopped, and prints it.
stopped_child() {
	local c i
	for i in $(seq 250); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=${c%% *}
		if [ -n "$c" ] && grep -q '^State:[[:space:]]*t' "/proc/$c/status" 2>/dev/null; then
			echo "$c"
			return 0
		fi
		sleep 0.02
	done
	return 1
}

# race NAME OPTIONS...: nsenter-lite -t TARGET OPTIONS readlink /proc/self/ns/uts, with the
# target (in new uts and net namespaces) ended while nsenter-lite is stopped after opening.
race() {
	local name=$1 want s c
	shift
	start_in_ns -u -n
	want=$(readlink "/proc/$NS_PID/ns/uts")
	strace -o /dev/null -e trace=prctl -e inject=prctl:signal=SIGSTOP \
		"$ne" -t "$NS_PID" "$@" readlink /proc/self/ns/uts >"$T_TMP/out" 2>"$T_TMP/err" &
	s=$!
	at_exit "kill -9 $s"
	if ! c=$(stopped_child "$s"); then
		not_ok "$name: nsenter-lite stopped after opening"
		return
	fi
	kill -9 "$NS_PID"
	gone_or_zombie "$NS_PID" || { not_ok "$name: the target ended"; return; }
	kill -CONT "$c"
	wait "$s"
	RC=$? ERR=$(cat "$T_TMP/err")
	assert_rc "$name: exit 0 once the target has ended" 0
	assert_eq "$name: the ended target's uts namespace" "$want" "$(cat "$T_TMP/out")"
}

race "-a" -a
race "-u -n" -u -n
race "-u -n -w" -u -n -w
finish
