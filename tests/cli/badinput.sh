#!/bin/bash
# Bad input (issue 7): for each tool a table of malformed arguments. Each gets a clear
# message naming the tool and the original tool's exit status; the message is the original's
# where the original handles the case well. Nothing may be left behind.
. "$(dirname "$0")/lib.sh"
need_root

long=$(printf 'x%.0s' $(seq 4096))
mkdir -p "$T_TMP/dir" "$T_TMP/root/bin"
touch "$T_TMP/file"
ln -s /etc/passwd "$T_TMP/root/bin/out" # points out of the new root
cp /bin/true "$T_TMP/root/bin/true"     # dynamically linked: cannot run inside

# same ORIG OURS ARGS...: as same_as_original, named after the arguments.
same() {
	local orig=$1 ours=$2
	shift 2
	same_as_original "$ours $(printf '%q ' "$@" | cut -c1-60)" "$orig" "$ours" "$@"
}
# rc_msg NAME RC ERE CMD...: exit status RC and stderr matching ERE (and naming the tool).
rc_msg() {
	local name=$1 rc=$2 re=$3
	shift 3
	run "$@"
	assert_rc "$name: exit $rc" "$rc"
	assert_match "$name: message" "^$1: $re" "$ERR"
}

if have_tool xunshare; then
	for args in "--bogus" "-x" "--kill-child=bogus" "--kill-child=15" "--propagation=bogus" \
		"--setgroups=bogus" "--map-user=nosuchuser" "--map-group=nosuchgroup" \
		"-S abc" "-G abc" "--monotonic=abc" "-T --boottime=1x" \
		"-R /nonexistent" "-R $T_TMP/file" "-w /nonexistent" "-w $T_TMP/file" \
		"--mount-proc=/nonexistent" "--uts=/nonexistent/x" "--uts=$T_TMP/dir"; do
		# shellcheck disable=SC2086
		same unshare xunshare $args true
	done
	same unshare xunshare nosuch
	same unshare xunshare ''
	same unshare xunshare "$T_TMP/dir"
	same unshare xunshare "$T_TMP/file"
	same unshare xunshare "$long"
	same unshare xunshare $'\xff\xfe'
	same unshare xunshare "/$long"
	# Fixed rather than copied: util-linux truncates this silently.
	rc_msg "xunshare -S 99999999999" 1 ".*99999999999" xunshare -S 99999999999 true
	rc_msg "xunshare -S -1" 1 "failed to parse uid: '-1'" xunshare -S -1 true
	rc_msg "xunshare --map-users=abc" 1 "." xunshare --map-users=abc true
	rc_msg "xunshare --map-users=0:0:99999999999" 1 "." xunshare --map-users=0:0:99999999999 true
	rc_msg "xunshare --kill-child=''" 1 "." xunshare --kill-child= true
fi
if have_tool xchroot; then
	same chroot xchroot
	same chroot xchroot --bogus /
	same chroot xchroot ''
	same chroot xchroot /nonexistent true
	same chroot xchroot "$T_TMP/file" true
	same chroot xchroot "$T_TMP/$long" true
	same chroot xchroot $'/\xff\xfe' true
	same chroot xchroot / nosuch
	same chroot xchroot / "$T_TMP/dir"
	same chroot xchroot / "$T_TMP/file"
	same chroot xchroot / ''
	same chroot xchroot "$T_TMP/root" /bin/out
	same chroot xchroot "$T_TMP/root" /bin/true
	same chroot xchroot --userspec=nosuchuser / true
	same chroot xchroot --userspec=:nosuchgroup / true
	same chroot xchroot --userspec=99999999999999999999 / true
	same chroot xchroot --userspec=-1 / true
	same chroot xchroot --userspec= / true
	same chroot xchroot --groups=nosuchgroup / true
	same chroot xchroot --groups=, / true
	same chroot xchroot --groups=99999999999999999999 / true
	same chroot xchroot --skip-chdir "$T_TMP/dir" true
fi
if have_tool nsenter-lite; then
	sleep 600 &
	t=$!
	at_exit "kill -9 $t"
	for args in "--bogus" "-t abc" "-t 0" "-t 999999 -m" "-m" "-a" \
		"--mount=/nonexistent" "--uts=$T_TMP/file" "--uts=$T_TMP/dir" "-t $t -S abc" \
		"-t $t -G abc" "-t $t -w/nonexistent" "-t $t -r/nonexistent"; do
		# shellcheck disable=SC2086
		same nsenter nsenter-lite $args true
	done
	# Fixed rather than copied: util-linux wraps -1 to 4294967295 and truncates 99999999999 to
	# 1215752191, a PID that may well exist.
	rc_msg "nsenter-lite -t -1" 1 "failed to parse pid: '-1'" nsenter-lite -t -1 -m true
	rc_msg "nsenter-lite -t 99999999999" 1 "failed to parse pid: '99999999999'" nsenter-lite -t 99999999999 -m true
	rc_msg "nsenter-lite -t 4294967295" 1 "failed to parse pid: '4294967295'" nsenter-lite -t 4294967295 -m true
	# -N is newer than util-linux 2.38.1.
	rc_msg "nsenter-lite -N 99" 1 ".*descriptor 99" nsenter-lite -t "$t" -N 99 true
	same nsenter nsenter-lite -t "$t" nosuch
	same nsenter nsenter-lite -t "$t" -u "$T_TMP/dir"
	same nsenter nsenter-lite -t "$t" -u ''
fi
if have_tool nsdiff; then
	rc_msg "nsdiff abc" 2 "invalid PID argument: 'abc'" nsdiff abc
	rc_msg "nsdiff ''" 2 "invalid PID argument: ''" nsdiff ''
	rc_msg "nsdiff -1" 2 "." nsdiff -- -1
	rc_msg "nsdiff 99999999999" 2 "invalid PID argument" nsdiff 99999999999
	rc_msg "nsdiff non-UTF-8" 2 "invalid PID argument" nsdiff $'\xff'
	rc_msg "nsdiff 999999" 2 ".*/proc/999999" nsdiff 999999
	rc_msg "nsdiff -t bogus" 2 ".*bogus" nsdiff -t bogus self
	rc_msg "nsdiff -t ''" 2 "." nsdiff -t '' self
	rc_msg "nsdiff three PIDs" 2 "." nsdiff self self self
	run nsdiff --bogus
	assert_rc "nsdiff --bogus: exit 2" 2
fi
assert_eq "no mount is left" "" "$(mounts_left)"
finish
