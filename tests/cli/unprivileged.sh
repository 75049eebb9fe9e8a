#!/bin/bash
# Unprivileged (issue 7): every tool and main option as an ordinary user (nobody, through
# setpriv): the original tool's exit status and message, and nothing left behind.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd setpriv
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

scratch=$T_TMP/scratch
mkdir -p "$scratch"
chmod 1777 "$T_TMP" "$scratch"
sleep 600 &
target=$!
at_exit "kill -9 $target"

# like ORIG OURS ARGS...: as nobody, the same exit status, stdout and first line of stderr
# (program names aside); ours may add a hint line after it.
like() {
	local orig=$1 ours=$2
	shift 2
	SAME_RUNNER=as_nobody SAME_FIRST_LINE=1 same_as_original "as nobody: $ours $*" "$orig" "$ours" "$@"
}

if have_tool xunshare; then
	for opts in "-u" "-m" "-i" "-n" "-p -f" "-C" "-T" "-p -f --mount-proc" "--uts=$scratch/f"; do
		# shellcheck disable=SC2086
		like unshare xunshare $opts true
	done
	run as_nobody xunshare -u true
	assert_match "xunshare without -U: a hint names the user namespace" "(-r|--map-root-user|user namespace)" "$ERR"
	like unshare xunshare -U -r id -u
	like unshare xunshare -U -r -p -f --mount-proc id -u
	like unshare xunshare -U -r -m -u -i -n hostname
	like unshare xunshare -U -c id -u
	# A missing FILE: "No such file or directory", as util-linux says; nothing is created.
	run as_nobody xunshare -U --uts="$scratch/u" true
	assert_rc "as nobody: xunshare -U --uts=FILE fails" 1
	assert_match "as nobody: xunshare -U --uts=FILE names the mount" "^xunshare: mount /proc/[0-9]+/ns/uts on $scratch/u failed: No such file or directory$" "$ERR"
	assert_eq "no persistent file is left by a failed --uts=FILE" "" "$(ls "$scratch")"
fi
if have_tool xchroot; then
	like chroot xchroot / true
	like chroot xchroot --userspec=0:0 / true
	like chroot xchroot --skip-chdir / true
fi
if have_tool nsenter-lite; then
	like nsenter nsenter-lite -t "$target" -u true
	like nsenter nsenter-lite -t "$target" -m true
	like nsenter nsenter-lite -t "$target" -U true
	like nsenter nsenter-lite -t "$target" -a true
	like nsenter nsenter-lite -t "$target" -p true
fi
if have_tool nsdiff; then
	run as_nobody nsdiff self self
	assert_rc "as nobody: nsdiff self self" 0
	run as_nobody nsdiff --all
	assert_match "as nobody: nsdiff --all runs" '^[01]$' "$RC"
	assert_match "as nobody: nsdiff --all lists its own group" "nsdiff" "$OUT"
fi
assert_eq "no mount is left" "" "$(mounts_left)"
finish
