#!/bin/bash
# Signals (issue 7). A tool that forks and waits (xunshare -f, nsenter-lite -p) dies of the
# very signal that killed its child, for every standard signal that can kill; SIGINT and
# SIGTERM sent to the waiting parent are blocked as in util-linux, and --forward-signals
# passes them on; --kill-child takes the child with the parent.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd python3
ulimit -c 0 # the core-dumping signals below must not leave cores behind

# status CMD...: how the command ended, as Python sees it: N for exit N, -N for signal N.
status() {
	python3 -c 'import subprocess, sys; print(subprocess.run(sys.argv[1:]).returncode)' "$@" \
		2>/dev/null
}

sigs=(HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT XCPU XFSZ
	VTALRM PROF IO PWR SYS)

# A child of the fork that is not PID 1 of a new PID namespace (PID 1 cannot be killed from
# inside by a signal it does not handle, which is tutorial step 3), so it dies of anything.
matrix() { # NAME CMD-PREFIX...
	local name=$1 s n got bad=()
	shift
	for s in "${sigs[@]}"; do
		n=$(kill -l "$s")
		# By number: dash's kill does not know every name (STKFLT).
		got=$(status "$@" /bin/sh -c "kill -$n \$\$")
		[ "$got" == "-$n" ] || bad+=("$s:$got")
	done
	assert_eq "$name: the caller sees the child's death by the same signal" "" "${bad[*]}"
	got=$(status "$@" /bin/sh -c 'exit 42')
	assert_eq "$name: an exit status passes through" 42 "$got"
}

if have_tool xunshare; then
	matrix "xunshare -f -u" xunshare -f -u
	matrix "xunshare -f -m -u -i -n" xunshare -f -m -u -i -n
	# Same as the original, and without its SIGKILL message (util-linux 2.38.1 prints
	# "sigprocmask unblock failed").
	run xunshare -f -u /bin/sh -c 'kill -KILL $$'
	assert_eq "xunshare -f: a child killed by SIGKILL prints nothing" "" "$ERR"
	assert_eq "xunshare -f: 128+9 in the shell" 137 "$RC"

	# The waiting parent ignores SIGTERM and SIGINT (blocked), like util-linux ...
	xunshare -f -u sleep 1 &
	p=$!
	at_exit "kill -9 $p"
	sleep 0.3
	kill -TERM "$p"
	kill -INT "$p"
	wait "$p"
	assert_eq "xunshare -f: SIGTERM/SIGINT to the parent are held; the child ends normally" 0 $?
	# ... and --forward-signals passes them to the child, whose death is passed back.
	xunshare -f --forward-signals -u sleep 5 &
	p=$!
	at_exit "kill -9 $p"
	sleep 0.3
	kill -TERM "$p"
	wait "$p"
	assert_eq "xunshare --forward-signals: SIGTERM reaches the child; the caller sees it" \
		$((128 + 15)) $?

	# --kill-child: the child dies when the parent does, even killed with SIGKILL.
	xunshare --kill-child -u sleep 30 &
	p=$!
	at_exit "kill -9 $p"
	c=$(child_named "$p" sleep)
	assert_match "xunshare --kill-child: the child is running" '^[0-9]+$' "$c"
	at_exit "kill -9 $c"
	kill -9 "$p"
	wait "$p" 2>/dev/null
	gone_or_zombie "$c" && gone=yes || gone=no
	assert_eq "xunshare --kill-child: the child is gone with its parent" yes "$gone"
	# The race: the parent dies before the child has set its death signal. strace holds the
	# child's prctl(PR_SET_PDEATHSIG) for 0.8 s while the parent is killed; the child must
	# still die rather than live on as an orphan.
	if command -v strace >/dev/null; then
		strace -f -o /dev/null -e trace=prctl -e inject=prctl:delay_enter=800000:when=1+ \
			xunshare --kill-child -u sleep 30 &
		sp=$!
		at_exit "kill -9 $sp"
		x= c=
		for _ in $(seq 100); do
			x=$(pgrep -P "$sp" -x xunshare) && break
			sleep 0.02
		done
		c=$(child_named "$x" xunshare)
		assert_match "xunshare --kill-child under strace: the child is found" '^[0-9]+$' "$c"
		at_exit "kill -9 $c"
		kill -9 "$x"
		gone_or_zombie "$c" && gone=yes || gone=no
		assert_eq "xunshare --kill-child: the child dies even when its parent died before PR_SET_PDEATHSIG" yes "$gone"
		wait "$sp" 2>/dev/null
	fi
	# A named signal, with or without SIG.
	got=$(status xunshare --kill-child=SIGTERM -u /bin/sh -c 'exit 3')
	assert_eq "xunshare --kill-child=SIGTERM: exit status passes" 3 "$got"
	got=$(status xunshare --kill-child=term -u /bin/true)
	assert_eq "xunshare --kill-child=term: lower-case name without SIG" 0 "$got"
fi

if have_tool nsenter-lite; then
	start_in_ns -p -f -u --mount-proc
	matrix "nsenter-lite -p" nsenter-lite -t "$NS_PID" -p
	matrix "nsenter-lite -a" nsenter-lite -t "$NS_PID" -a
fi
finish
