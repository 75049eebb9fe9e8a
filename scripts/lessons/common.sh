# shellcheck shell=bash
# Shared by the lessons (scripts/lessons/<type>): finding the tools, showing a command as a
# person would type it together with its real output, a side-by-side view of inside and
# outside, checks, a process kept alive inside a namespace, the closing nsdiff, and cleanup
# that runs on any exit. Source it; it is not a lesson itself (the name has a dot).
#
#   bash scripts/lessons/uts            a readable demonstration
#   bash scripts/lessons/uts --check    the same, asserting every observation: exit 0 or 1,
#                                       77 (skipped) when not root or a tool is not built
#
# The tools come from PATH or ${LIBNS_BUILD:-build}/bin. LIBNS_LESSON_ORIGINALS=1 stands
# util-linux unshare and nsenter in for xunshare and nsenter-lite (to compare with them).

set -u
export LC_ALL=C
L_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
L_NAME=$(basename "$0")
: "${LIBNS_BUILD:=$L_SRC/build}"
[ -d "$LIBNS_BUILD/bin" ] && PATH="$(cd "$LIBNS_BUILD/bin" && pwd):$PATH"
export PATH

L_CHECK=0
L_PASS=0
L_FAIL=0
L_CLEANUP=()
for l_arg in "$@"; do
	case $l_arg in
	--check) L_CHECK=1 ;;
	-h | --help)
		echo "usage: $0 [--check]"
		echo "A lesson on the $L_NAME namespace; --check asserts what it shows (exit 0/1, 77 skip)."
		exit 0
		;;
	*)
		echo "$L_NAME: unknown argument '$l_arg' (usage: $0 [--check])" >&2
		exit 2
		;;
	esac
done
unset l_arg

L_TMP=$(mktemp -d "/tmp/libns-lesson-$L_NAME.XXXXXX")
chmod 755 "$L_TMP"

# at_exit CMD...: run CMD (one eval'ed string) when the lesson ends, last registered first.
at_exit() { L_CLEANUP+=("$*"); }

l_cleanup() {
	local i
	for ((i = ${#L_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${L_CLEANUP[i]}" >/dev/null 2>&1 || true
	done
	rm -rf "$L_TMP"
}
trap l_cleanup EXIT
trap 'exit 130' INT TERM HUP

if [ "${LIBNS_LESSON_ORIGINALS:-0}" = 1 ]; then
	mkdir -p "$L_TMP/bin"
	ln -s "$(command -v unshare)" "$L_TMP/bin/xunshare"
	ln -s "$(command -v nsenter)" "$L_TMP/bin/nsenter-lite"
	PATH="$L_TMP/bin:$PATH"
fi

if [ -t 1 ]; then
	L_B=$'\e[1m' L_D=$'\e[2m' L_R=$'\e[0m'
else
	L_B='' L_D='' L_R=''
fi

skip() {
	echo "SKIP: lesson $L_NAME: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (namespaces and mounts)"
}

# need_tools TOOL...: the project's tools this lesson runs; skip while one is not built.
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "$t is not built yet (looked on PATH and in $LIBNS_BUILD/bin)"
	done
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# title TEXT: the lesson's heading.
title() {
	echo "${L_B}== Lesson: $* ==${L_R}"
}

# say LINE...: the explanation for a learner, one or two plain lines.
say() {
	local line
	echo
	for line in "$@"; do
		echo "${L_D}# ${L_R}$line"
	done
}

# show CMD: prints CMD exactly as typed (after '$ '), runs it in this shell, prints its
# output (stdout and stderr, as a terminal would) and keeps it in $OUT, the status in $RC.
show() {
	echo "${L_B}\$ $1${L_R}"
	OUT=$(eval "$1" 2>&1)
	RC=$?
	[ -n "$OUT" ] && printf '%s\n' "$OUT"
	return 0
}

# quiet CMD: runs CMD (not shown) and keeps its stdout in $OUT and the status in $RC.
quiet() {
	OUT=$(eval "$1" 2>/dev/null)
	RC=$?
	return 0
}

# side_by_side OUTSIDE INSIDE [TITLE_OUT TITLE_IN]: two columns, as two terminals would show.
side_by_side() {
	local left=$1 right=$2 tl=${3:-outside} tr=${4:-inside} w=8 line i
	local -a a b
	# shellcheck disable=SC2001 # per line, trailing blanks only
	mapfile -t a < <(sed 's/[[:space:]]*$//' <<<"$left")
	# shellcheck disable=SC2001
	mapfile -t b < <(sed 's/[[:space:]]*$//' <<<"$right")
	for line in "$tl" "${a[@]}"; do
		((${#line} > w)) && w=${#line}
	done
	((w > 60)) && w=60
	echo
	printf '  %s%-*s  | %s%s\n' "$L_B" "$w" "$tl" "$tr" "$L_R"
	printf '  %s--+-%s\n' "$(printf '%*s' "$w" '' | tr ' ' -)" "$(printf '%*s' 20 '' | tr ' ' -)"
	for ((i = 0; i < ${#a[@]} || i < ${#b[@]}; i++)); do
		line=$(l_cut "${a[i]:-}")
		printf '  %-*s  | %s\n' "$w" "$line" "$(l_cut "${b[i]:-}")"
	done
}

# flat TEXT: TEXT as one line, runs of blanks and newlines made one space.
flat() {
	tr -s ' \t\n' '   ' <<<"$1" | sed 's/^ //; s/ $//'
}

l_cut() { # a column's line, at most 60 characters
	if ((${#1} > 60)); then
		echo "${1:0:59}~"
	else
		echo "$1"
	fi
}

l_result() { # OK(0/1) NAME DETAIL
	if [ "$1" = 0 ]; then
		L_PASS=$((L_PASS + 1))
		[ "$L_CHECK" = 1 ] && echo "ok - $2"
	else
		L_FAIL=$((L_FAIL + 1))
		echo "not ok - $2"
		[ -n "$3" ] && printf '%s\n' "$3"
	fi
	return 0
}

check_eq() { # NAME EXPECTED ACTUAL
	[ "$2" == "$3" ]
	l_result $? "$1" "$(printf '  expected: %q\n  actual:   %q' "$2" "$3")"
}

check_ne() { # NAME UNEXPECTED ACTUAL
	[ "$2" != "$3" ]
	l_result $? "$1" "$(printf '  both are: %q' "$2")"
}

check_match() { # NAME ERE ACTUAL
	[[ $3 =~ $2 ]]
	l_result $? "$1" "$(printf '  pattern: %s\n  actual:  %q' "$2" "$3")"
}

check_nomatch() { # NAME ERE ACTUAL
	! [[ $3 =~ $2 ]]
	l_result $? "$1" "$(printf '  must not match: %s\n  actual: %q' "$2" "$3")"
}

check_rc() { # NAME EXPECTED (uses $RC and $OUT)
	[ "$RC" == "$2" ]
	l_result $? "$1" "$(printf '  exit status %s, expected %s; output: %q' "$RC" "$2" "$OUT")"
}

# l_children PID: the PIDs of PID's children, one a line.
l_children() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d'
}

# l_tree PID: PID and all its descendants, parents first.
l_tree() {
	local c
	echo "$1"
	for c in $(l_children "$1"); do
		l_tree "$c"
	done
}

# l_stop_tree PID: stops PID, then its children, parents first, each waited for until it is
# stopped: a process caught in fork() would otherwise add a child after its list was read.
l_stop_tree() {
	local c i state
	kill -STOP "$1" 2>/dev/null || return 0
	for ((i = 0; i < 200; i++)); do
		state=$(sed 's/.*) //; s/ .*//' /proc/"$1"/stat 2>/dev/null) || break
		case $state in T | t | Z | X | '') break ;; esac
		sleep 0.005
	done
	for c in $(l_children "$1"); do
		l_stop_tree "$c"
	done
}

# kill_tree PID: kills PID and everything below it (a forked child outlives its parent).
kill_tree() {
	local p pids
	l_stop_tree "$1"
	pids=$(l_tree "$1")
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null
	done
	wait "$1" 2>/dev/null
	return 0
}

# background CMD COMM: prints 'CMD &' as typed and starts it; then waits until a process
# named COMM is running at or below it (after exec, so the namespaces are in place) and keeps
# its PID in $INSIDE. With -f that is xunshare's child, not xunshare: a new PID or time
# namespace is entered by the children of the process that made it.
background() {
	local cmd=$1 comm=$2 p i
	echo "${L_B}\$ $cmd &${L_R}"
	eval "exec $cmd" >"$L_TMP/bg.out" 2>&1 &
	BG=$!
	at_exit "kill_tree $BG"
	INSIDE=
	for ((i = 0; i < 500; i++)); do
		for p in $(l_tree "$BG"); do
			if [ "$(cat /proc/"$p"/comm 2>/dev/null)" = "$comm" ]; then
				INSIDE=$p
				break 2
			fi
		done
		kill -0 "$BG" 2>/dev/null || break
		sleep 0.01
	done
	echo "[1] $BG"
	if [ -z "$INSIDE" ]; then
		l_result 1 "$comm started by '$cmd'" "$(cat "$L_TMP/bg.out")"
		return 1
	fi
	if [ "$INSIDE" != "$BG" ]; then
		echo "${L_D}# the process inside is $INSIDE, child of $BG ($(cat /proc/"$BG"/comm))${L_R}"
	fi
	return 0
}

# stop: ends the background process started by background().
stop() {
	[ -n "${BG:-}" ] && kill_tree "$BG"
	BG=
}

# explain FLAGS CLONE_FLAG [PREFIX]: what xunshare does for FLAGS, each system call and why,
# from its --explain (on stderr); the unshare() call must name CLONE_FLAG. PREFIX goes before
# xunshare on the command line (setpriv ...).
explain() {
	xunshare --help 2>/dev/null | grep -q -- '--explain' || return 0
	say "What xunshare does for $1, one system call at a time (--explain, on stderr):"
	show "${3:-}xunshare --explain $1 true"
	check_rc "xunshare --explain $1 true exits 0" 0
	check_match "--explain shows unshare(...$2...)" "unshare\\([^)]*$2" "$OUT"
}

L_ENTRIES="cgroup ipc mnt net pid pid_for_children time time_for_children user uts"
L_TYPES="cgroup ipc mnt net pid time user uts"

# l_differing A B: the /proc/<pid>/ns entries where A and B differ, by readlink.
l_differing() {
	local e list=
	for e in $L_ENTRIES; do
		if [ "$(readlink /proc/"$1"/ns/"$e")" != "$(readlink /proc/"$2"/ns/"$e")" ]; then
			list="$list${list:+ }$e"
		fi
	done
	echo "$list"
}

# the_nsdiff OUTSIDE INSIDE "ENTRIES": the closing step of every lesson. nsdiff compares
# this shell with the process inside; exactly ENTRIES must differ (exit status 1), and so
# each type: nsdiff -q -t TYPE exits 1 for the types of ENTRIES and 0 for every other.
the_nsdiff() {
	local out=$1 in=$2 want=$3 t e rows got=
	say "nsdiff compares /proc/$out/ns (this lesson's shell, outside) with /proc/$in/ns (inside):"
	show "nsdiff $out $in"
	check_rc "nsdiff $out $in: exit status 1, some namespaces differ" 1
	rows=$OUT
	for e in $L_ENTRIES; do
		# A row starts with the entry's name; a differing row says so.
		if grep -Eq "^[[:space:]]*${e}[[:space:]].*differ" <<<"$rows"; then
			got="$got${got:+ }$e"
		fi
	done
	check_eq "nsdiff's rows that differ: $want" "$want" "$got"
	check_eq "readlink /proc/{$out,$in}/ns/*: exactly $want differ" "$want" \
		"$(l_differing "$out" "$in")"
	for t in $L_TYPES; do
		quiet "nsdiff -q -t $t $out $in"
		if [[ " $want " == *" $t "* ]]; then
			check_rc "nsdiff -q -t $t: differs (1)" 1
		else
			check_rc "nsdiff -q -t $t: shared (0)" 0
		fi
	done
}

# finish: the closing line; exit 1 on any failed observation.
finish() {
	echo
	if [ "$L_FAIL" -eq 0 ]; then
		echo "lesson $L_NAME: all $L_PASS observations as expected"
	else
		echo "lesson $L_NAME: $L_PASS as expected, $L_FAIL NOT as expected"
	fi
	[ "$L_FAIL" -eq 0 ]
	exit $?
}
