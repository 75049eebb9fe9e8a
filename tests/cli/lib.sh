# shellcheck shell=bash
# Shared by the integration tests (tests/cli/*.sh): assertions, running a command and
# keeping its output, comparing with the original tool, and cleanup that runs on any exit.
# Source it; it is not a test itself (ctest runs only *.sh files here, and this is lib.sh).

set -u
export LC_ALL=C
: "${LIBNS_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${LIBNS_BUILD:=$LIBNS_SRC/build}"
export PATH="$LIBNS_BUILD/bin:$PATH"

# shellcheck source=../../scripts/lib/core.sh
. "$LIBNS_SRC/scripts/lib/core.sh"
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)
core_init "$T_NAME"
T_TMP=$CORE_TMP

ok() {
	T_PASS=$((T_PASS + 1))
	echo "ok - $*"
}
not_ok() {
	T_FAIL=$((T_FAIL + 1))
	echo "not ok - $*"
}

# run CMD...: runs it, keeping $OUT (stdout), $ERR (stderr) and $RC.
run() {
	OUT=$("$@" 2>"$T_TMP/.err")
	RC=$?
	ERR=$(cat "$T_TMP/.err")
}

# run_in STDIN CMD...: the same, with STDIN fed to the command.
run_in() {
	local input=$1
	shift
	OUT=$(printf '%s' "$input" | "$@" 2>"$T_TMP/.err")
	RC=$?
	ERR=$(cat "$T_TMP/.err")
}

assert_eq() { # NAME EXPECTED ACTUAL
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  expected: %q\n  actual:   %q\n' "$2" "$3"
	fi
}

assert_ne() { # NAME UNEXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  both are: %q\n' "$2"
	fi
}

assert_match() { # NAME ERE ACTUAL
	if [[ $3 =~ $2 ]]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  pattern: %s\n  actual:  %q\n' "$2" "$3"
	fi
}

assert_rc() { # NAME EXPECTED (uses $RC, shows $ERR on failure)
	if [ "$RC" == "$2" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  exit status %s, expected %s; stderr: %s\n' "$RC" "$2" "$ERR"
	fi
}

# mask_pids TEXT: /proc/<number>/ becomes /proc/PID/, for messages that name a helper's PID.
mask_pids() { sed -E 's|/proc/[0-9]+/|/proc/PID/|g' <<<"$1"; }

# same_as_original NAME ORIG_TOOL OUR_TOOL ARGS...: both give the same stdout and exit
# status, and the same stderr once the program names are taken out. SAME_RUNNER (a command,
# e.g. a function that drops privileges) runs both; with SAME_FIRST_LINE=1 only the first
# line of stderr counts (ours may add a hint after the original's message).
same_as_original() {
	local name=$1 orig=$2 ours=$3
	shift 3
	local o_out o_err o_rc err
	# shellcheck disable=SC2086
	run ${SAME_RUNNER:-} "$orig" "$@"
	o_out=$OUT o_rc=$RC o_err=$(normalize_err "$orig" "$ERR")
	# shellcheck disable=SC2086
	run ${SAME_RUNNER:-} "$ours" "$@"
	err=$(normalize_err "$ours" "$ERR")
	if [ "$o_rc" == "$RC" ] && [ "$o_out" == "$OUT" ] && [ "$o_err" == "$err" ]; then
		ok "$name: same as $orig"
	else
		not_ok "$name: differs from $orig"
		printf '  %s: rc=%s out=%q err=%q\n' "$orig" "$o_rc" "$o_out" "$o_err"
		printf '  %s: rc=%s out=%q err=%q\n' "$ours" "$RC" "$OUT" "$err"
	fi
}

# normalize_err TOOL TEXT: TEXT with the program's name and helper PIDs taken out (and only
# its first line with SAME_FIRST_LINE=1), for comparing messages across tools.
normalize_err() {
	local t=$2
	[ "${SAME_FIRST_LINE:-0}" = 1 ] && t=${t%%$'\n'*}
	t=${t//$1: /PROG: }
	t=${t//"'$1 --help'"/"'PROG --help'"}
	mask_pids "$t"
}

# mounts_left: mount points of this test (under its $T_TMP) still in the host's table. Other
# tests run at the same time, so a count of the whole table would not do.
mounts_left() { mounts_under "$T_TMP"; }

# have_tool NAME: the project's tool NAME is built. All four always are, so a missing one is a
# failure of the test, never a silent skip of its checks.
have_tool() {
	[ -x "$LIBNS_BUILD/bin/$1" ] && return 0
	not_ok "$1 is built in $LIBNS_BUILD/bin"
	return 1
}




# start_in_ns [OPTIONS...]: starts `sleep` in new namespaces with $UNSHARE (default:
# util-linux unshare) and sets NS_PID to the sleeping process itself (with -f that is
# unshare's child). Both are killed when the test ends.
start_in_ns() {
	local u=${UNSHARE:-unshare} p c i
	"$u" "$@" sleep 600 </dev/null >/dev/null 2>&1 &
	p=$!
	disown "$p" # no "Killed" notice when the cleanup kills it
	at_exit "kill -9 $p"
	for i in $(seq 250); do
		if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ]; then
			NS_PID=$p
			return 0
		fi
		c=$(cat "/proc/$p/task/$p/children" 2>/dev/null)
		c=${c%% *}
		if [ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ]; then
			NS_PID=$c
			at_exit "kill -9 $c"
			return 0
		fi
		sleep 0.02
	done
	echo "start_in_ns $*: no sleeping process appeared" >&2
	return 1
}

# skip_in_sanitizer_build WHY: skips a test whose subject is not this build's code (it builds
# its own, without sanitizers), so that scripts/test's second pass does not repeat it.
skip_in_sanitizer_build() {
	if nm -D "$LIBNS_BUILD"/lib/libns.so.[0-9] 2>/dev/null | grep -q __asan_; then
		skip "$* (run in the build without sanitizers)"
	fi
}

# finish: the closing line ctest's log shows; exit 1 on any failure.
finish() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
