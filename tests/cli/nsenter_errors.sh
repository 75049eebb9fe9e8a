#!/bin/bash
# nsenter-lite: every error, with util-linux nsenter's message and exit status (compared with
# the original where it has the option), exec failures 127/126, usage errors, --help,
# --version; the newer options' errors.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare nsenter
have_tool nsenter-lite || finish

start_in_ns -u -i
T=$NS_PID

# The messages of the issue, literally.
run nsenter-lite -t 999999 -m true
assert_eq "no such process" \
	"nsenter-lite: cannot open /proc/999999/ns/mnt: No such file or directory" "$ERR"
assert_rc "no such process: exit 1" 1
run nsenter-lite -U/proc/self/ns/user true
assert_eq "our own user namespace" \
	"nsenter-lite: reassociate to namespace 'ns/user' failed: Invalid argument" "$ERR"
assert_rc "our own user namespace: exit 1" 1
run nsenter-lite -m true
assert_eq "-m without a file or target" \
	"nsenter-lite: neither filename nor target pid supplied for ns/mnt" "$ERR"
run nsenter-lite -a true
assert_eq "-a without a target" "nsenter-lite: no target PID specified for --all" "$ERR"

# The same as util-linux, message for message.
same() { same_as_original "$*" nsenter nsenter-lite "$@"; }
same -t 999999 -m true
same -t 999999 -a true
same -t 999999 -u -n true
same -U/proc/self/ns/user true
same -t "$T" -U true
same -t "$T" -a -U true
same -m true
same -u -i true
same -a true
same -t 0 -a true
same -r true
same -w true
same -m/etc/passwd true
same --uts=/nonexistent true
same -u/proc/self/ns/net true
same -t "$T" -u nosuchprogram
same -t "$T" -u /etc/passwd
same -t "$T" -u /etc
same nosuchprogram
same -r/nonexistent true
same -w/nonexistent true
same -t "$T" -r/etc/passwd true
same -t "$T" -w/etc/passwd true
same -w/tmp -W/tmp true
same -W/tmp -w/tmp true
same -t "$T" -W/nonexistent true
same -S abc true
same -G abc true
same -S 12x -t "$T" -u true
same -t abc true
same -t 12:ab true
same -t 1: true
same -t
same -S
same --bogus
same -x
same --target
# util-linux 2.38.1 reads -1 as 4294967295 and truncates 99999999999 to a PID that may exist:
# refused here.
for pid in -1 -5 ' 42' +42; do
	run nsenter-lite -t "$pid" -a true
	assert_eq "-t '$pid': not a PID" "nsenter-lite: failed to parse pid: '$pid'" "$ERR"
done
# Out of range: the errno is named, as util-linux does (issue 13, item 12).
for pid in 99999999999 4294967295 2147483648 "1:18446744073709551616"; do
	run nsenter-lite -t "$pid" -a true
	assert_eq "-t '$pid': out of range" \
		"nsenter-lite: failed to parse pid: '$pid': Numerical result out of range" "$ERR"
done
big=99999999999999999999
same -t $big -a true
same -S $big -t "$T" -u true
same -G $big -t "$T" -u true
run nsenter-lite -N $big -t "$T" true
assert_eq "-N out of range" \
	"nsenter-lite: failed to parse file descriptor: '$big': Numerical result out of range" "$ERR"
run nsenter-lite -S 4294967296 -t "$T" -u true
assert_eq "-S beyond 32 bits: out of range" \
	"nsenter-lite: failed to parse uid: '4294967296': Numerical result out of range" "$ERR"

# Linked as nsenter (issue 13, item 9): messages, getopt errors and the usage hint are
# util-linux nsenter's, byte for byte.
mkdir "$T_TMP/links"
ln -s "$LIBNS_BUILD/bin/nsenter-lite" "$T_TMP/links/nsenter"
as_nsenter() {
	local o_out o_err o_rc
	run nsenter "$@"
	o_out=$OUT o_err=$ERR o_rc=$RC
	run "$T_TMP/links/nsenter" "$@"
	if [ "$o_rc" == "$RC" ] && [ "$o_out" == "$OUT" ] && [ "$o_err" == "$ERR" ]; then
		ok "linked as nsenter: $*"
	else
		not_ok "linked as nsenter: $*"
		printf '  nsenter: rc=%s out=%q err=%q\n  link:    rc=%s out=%q err=%q\n' \
			"$o_rc" "$o_out" "$o_err" "$RC" "$OUT" "$ERR"
	fi
}
as_nsenter --bogus
as_nsenter -x
as_nsenter --target
as_nsenter -t
as_nsenter -t abc true
as_nsenter -t $big -a true
as_nsenter -S $big -t "$T" -u true
as_nsenter -t 999999 -m true
as_nsenter -t 999999 -a true
as_nsenter -m true
as_nsenter -a true
as_nsenter -w/tmp -W/tmp true
as_nsenter -t "$T" -u nosuchprogram
as_nsenter -U/proc/self/ns/user true
run "$T_TMP/links/nsenter" --version
assert_match "linked as nsenter: --version says nsenter" "^nsenter from libns " "$OUT"
run "$T_TMP/links/nsenter" --help
assert_match "linked as nsenter: --help's usage names nsenter" \
	"^Usage:"$'\n'" nsenter \\[options\\]" "$OUT"
same -t "$T" -u -F sh -c 'exit 7'
same -t "$T" -u sh -c 'exit 0'

# Exit statuses of exec failures.
run nsenter-lite -t "$T" -u nosuchprogram
assert_rc "program not found: 127" 127
assert_eq "program not found: message" \
	"nsenter-lite: failed to execute nosuchprogram: No such file or directory" "$ERR"
run nsenter-lite -t "$T" -u /etc/passwd
assert_rc "program not executable: 126" 126
run nsenter-lite -t "$T" -u /etc
assert_rc "a directory: 126" 126

# --help lists every option; --version names the project.
run nsenter-lite --help
assert_rc "--help: exit 0" 0
for o in all target mount uts ipc net pid cgroup user time net-socket user-parent setuid \
	setgid preserve-credentials keep-caps root wd wdns env no-fork join-cgroup \
	follow-context explain help version; do
	assert_match "--help lists --$o" "--$o" "$OUT"
done
assert_match "-h is --help" "^Usage:" "$(nsenter-lite -h)"
assert_match "--version" "^nsenter-lite from libns " "$(nsenter-lite --version)"
assert_match "-V" "^nsenter-lite from libns " "$(nsenter-lite -V)"

# The options util-linux 2.38.1 lacks: their errors.
run nsenter-lite -N 3 true
assert_eq "-N without a target" "nsenter-lite: no target PID specified" "$ERR"
run nsenter-lite -N x -t "$T" true
assert_eq "-N not a number" "nsenter-lite: failed to parse file descriptor: 'x'" "$ERR"
run nsenter-lite -N 99 -t "$T" true
assert_eq "-N: no such descriptor in the target" \
	"nsenter-lite: cannot get descriptor 99 of process $T: Bad file descriptor" "$ERR"
assert_rc "-N: exit 1" 1
run nsenter-lite -N 0 -t "$T" true
assert_eq "-N: not a socket" \
	"nsenter-lite: ioctl(SIOCGSKNS) on descriptor 0 of process $T failed: Inappropriate ioctl for device" \
	"$ERR"
run nsenter-lite --user-parent true
assert_eq "--user-parent without a target" "nsenter-lite: no target PID specified" "$ERR"
run nsenter-lite -S follow -u/proc/$T/ns/uts true
assert_eq "-S follow without a target" "nsenter-lite: no target PID specified for follow" "$ERR"
run nsenter-lite -e true
assert_eq "-e without a target" \
	"nsenter-lite: neither filename nor target pid supplied for environ" "$ERR"
if [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	run nsenter-lite -c -t "$T" true
	assert_eq "-c on cgroup v1" "nsenter-lite: --join-cgroup is only supported in cgroup v2" \
		"$ERR"
	assert_rc "-c on cgroup v1: exit 1" 1
fi
run nsenter-lite -t "$T:1" -u true
assert_eq "PID:INODE, a wrong inode" "nsenter-lite: pidfd inode 1 not found for pid $T" "$ERR"
assert_rc "PID:INODE, a wrong inode: exit 1" 1
run nsenter-lite -t "999999:5" -u true
assert_eq "PID:INODE, no such process" "nsenter-lite: pidfd_open(999999) failed: No such process" \
	"$ERR"
run nsenter-lite -Z true
assert_rc "-Z without SELinux: accepted" 0
finish
