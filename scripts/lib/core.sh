# shellcheck shell=bash
# The one shell library under the integration tests (tests/cli/lib.sh), the lessons
# (scripts/lessons/common.sh) and the tutorial (scripts/tutorial): a scratch directory and a
# stack of cleanups that run on any exit, skipping with ctest's 77, and the waits on processes
# that all three make. Each of them adds its own way of reporting (ok/not_ok, a lesson's
# observations, a tutorial step) on top. Source it; it runs nothing by itself.

# core_init NAME [DIR]: CORE_NAME, and CORE_TMP: a fresh scratch directory (under DIR, else
# /tmp) removed at exit after every at_exit command has run, last registered first.
core_init() {
	CORE_NAME=$1
	CORE_TMP=$(mktemp -d "${2:-/tmp}/libns-$1.XXXXXX") || exit 1
	CORE_CLEANUP=()
	trap core_cleanup EXIT
	trap 'exit 130' INT TERM HUP
}

# at_exit CMD...: run CMD (one eval'ed string) when the script ends.
at_exit() { CORE_CLEANUP+=("$*"); }

core_cleanup() {
	# An interrupted `while IFS= read` loop leaves IFS empty: the cleanup splits words itself.
	local i IFS=$' \t\n'
	for ((i = ${#CORE_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${CORE_CLEANUP[i]}" >/dev/null 2>&1 || true
	done
	cd / || true
	rm -rf "$CORE_TMP"
}

# skip WHY: ends the script as skipped (77, which ctest reports as such).
skip() {
	echo "SKIP: $CORE_NAME: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (namespaces, mounts, chroot)"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# children_of PID: the PIDs of PID's children (of all its threads), one a line. The kernel's
# children file ends in a space: taken off here, once for all.
children_of() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d'
}

# process_tree PID: PID and all its descendants, parents first.
process_tree() {
	local c
	echo "$1"
	for c in $(children_of "$1"); do
		process_tree "$c"
	done
}

# stop_tree PID: stops PID, then its children, parents first, each waited for until it is
# stopped: a process caught in fork() would otherwise add a child after its list was read.
stop_tree() {
	local c i state
	kill -STOP "$1" 2>/dev/null || return 0
	for ((i = 0; i < 200; i++)); do
		state=$(sed 's/.*) //; s/ .*//' /proc/"$1"/stat 2>/dev/null) || break
		case $state in T | t | Z | X | '') break ;; esac
		sleep 0.005
	done
	for c in $(children_of "$1"); do
		stop_tree "$c"
	done
}

# kill_tree PID: kills PID and everything below it (a forked child outlives its parent), the
# tree stopped first so that none of it forks meanwhile.
kill_tree() {
	local p IFS=$' \t\n'
	stop_tree "$1"
	for p in $(process_tree "$1"); do
		kill -KILL "$p" 2>/dev/null
	done
	wait "$1" 2>/dev/null
	return 0
}

# wait_comm PID NAME: waits (up to 5 s) until PID runs NAME (after its exec); true if it does.
wait_comm() {
	local i
	for i in $(seq 250); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.02
	done
	return 1
}

# child_named PID NAME: waits (up to 5 s) for the first child of PID to run NAME, and prints
# its PID.
child_named() {
	local p=$1 name=$2 c i
	for i in $(seq 250); do
		c=$(children_of "$p" | head -n 1)
		if [ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$name" ]; then
			echo "$c"
			return 0
		fi
		sleep 0.02
	done
	return 1
}

# gone_or_zombie PID: waits (up to 5 s) until PID has ended; true if it did.
gone_or_zombie() {
	local state i
	for i in $(seq 250); do
		state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
		[ -z "$state" ] || [ "$state" = Z ] && return 0
		sleep 0.02
	done
	return 1
}

# mounts_under DIR: mount points at or below DIR still in this mount table, deepest first.
mounts_under() {
	awk -v t="$1" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
