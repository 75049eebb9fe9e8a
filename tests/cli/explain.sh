#!/bin/bash
# --explain (issue 6) on the tutorial's commands: the steps each tool announces, in order, as
# a person would write the calls; and --explain changes neither stdout nor the exit status.
. "$(dirname "$0")/lib.sh"
need_root
for t in xunshare xchroot nsenter-lite; do
	have_tool "$t" || finish
done
root=$T_TMP/busybox-image
"$LIBNS_SRC/scripts/mkrootfs" "$root" >/dev/null 2>&1 || { not_ok "mkrootfs"; finish; }
cd "$T_TMP" || exit 1

# steps: the announced calls of $ERR, one a line, without the explanations.
steps() { sed -n 's/^[a-z-]*: + //p' <<<"$ERR"; }

# expect NAME PATTERN...: the steps, one ERE a step, in this order and no others.
expect() {
	local name=$1 got i=0 bad=
	shift
	mapfile -t got < <(steps)
	if [ ${#got[@]} -ne $# ]; then
		bad="${#got[@]} steps, expected $#"
	else
		for re in "$@"; do
			[[ ${got[i]} =~ ^$re$ ]] || { bad="step $((i + 1)): '${got[i]}' is not /$re/"; break; }
			i=$((i + 1))
		done
	fi
	if [ -z "$bad" ]; then
		ok "$name: the steps in order"
	else
		not_ok "$name: $bad"
		printf '    %s\n' "${got[@]}"
	fi
	# Every step has its line of why.
	assert_eq "$name: every step is explained" "$(grep -c '^[a-z-]*: + ' <<<"$ERR")" \
		"$(grep -cE '^ +[^ ]' <<<"$ERR")"
}

# Tutorial steps 2 and 4: xunshare -p -f --mount-proc xchroot ./busybox-image /bin/sh.
cmd=(-p -f --mount-proc xchroot --explain ./busybox-image /bin/sh -c 'echo $$')
run xunshare --explain "${cmd[@]}"
assert_eq "tutorial step 2 with --explain: stdout unchanged" 1 "$OUT"
assert_rc "tutorial step 2 with --explain: exit status unchanged" 0
expect "xunshare -p -f --mount-proc xchroot" \
	'unshare\(CLONE_NEWNS\|CLONE_NEWPID\)' \
	'fork\(\) = [0-9]+ \(PID 1 in the new PID namespace\)' \
	'mount\("none", "/", NULL, MS_REC\|MS_PRIVATE\)' \
	'mount\("proc", "/proc", "proc", MS_NOSUID\|MS_NODEV\|MS_NOEXEC\)' \
	'execvp\("xchroot"\)' \
	'chroot\("./busybox-image"\)' \
	'chdir\("/"\)' \
	'execvp\("/bin/sh"\)'

# The note on step 4: --mount-proc=./busybox-image/proc mounts where the chrooted shell looks.
run xunshare --explain -p -f --mount-proc=./busybox-image/proc xchroot ./busybox-image /bin/ps
expect "xunshare --mount-proc=DIR" \
	'unshare\(CLONE_NEWNS\|CLONE_NEWPID\)' \
	'fork\(\) = [0-9]+ \(PID 1 in the new PID namespace\)' \
	'mount\("none", "/", NULL, MS_REC\|MS_PRIVATE\)' \
	'mount\("proc", "./busybox-image/proc", "proc", MS_NOSUID\|MS_NODEV\|MS_NOEXEC\)' \
	'execvp\("xchroot"\)'

# Step 5: without -f nothing forks, and the shell keeps its host PID.
run xunshare --explain -p /bin/sh -c 'echo $$'
expect "xunshare -p (step 5)" 'unshare\(CLONE_NEWPID\)' 'execvp\("/bin/sh"\)'
assert_ne "xunshare -p: the shell is not PID 1" 1 "$OUT"

# Step 7: xunshare -m -u -i -n -p -f, then nsenter-lite into it (-a enters every type but a
# user namespace equal to ours, the shared cgroup and time ones too, as util-linux does).
run xunshare --explain -m -u -i -n -p -f true
expect "xunshare -m -u -i -n -p -f (step 7)" \
	'unshare\(CLONE_NEWIPC\|CLONE_NEWNS\|CLONE_NEWNET\|CLONE_NEWPID\|CLONE_NEWUTS\)' \
	'fork\(\) = [0-9]+ \(PID 1 in the new PID namespace\)' \
	'mount\("none", "/", NULL, MS_REC\|MS_PRIVATE\)' \
	'execvp\("true"\)'

# A user namespace: the maps, as util-linux writes them.
run xunshare --explain -U -r id -u
assert_eq "xunshare -U -r with --explain: stdout unchanged" 0 "$OUT"
expect "xunshare -U -r" \
	'unshare\(CLONE_NEWUSER\)' \
	'write\("/proc/self/setgroups", "deny"\)' \
	'write\("/proc/self/uid_map", "0 0 1"\)' \
	'write\("/proc/self/gid_map", "0 0 1"\)' \
	'execvp\("id"\)'

start_in_ns -m -u -i -n -p -f --mount-proc
run nsenter-lite --explain -t "$NS_PID" -a readlink /proc/self/ns/uts
assert_eq "nsenter-lite -a with --explain: stdout unchanged" "$(readlink "/proc/$NS_PID/ns/uts")" "$OUT"
expect "nsenter-lite -t PID -a" \
	"pidfd_open\\($NS_PID, 0\\)" \
	'prctl\(PR_SET_DUMPABLE, 0\)' \
	"setns\\(pidfd\\($NS_PID\\), CLONE_NEWCGROUP\\|CLONE_NEWIPC\\|CLONE_NEWNS\\|CLONE_NEWNET\\|CLONE_NEWPID\\|CLONE_NEWTIME\\|CLONE_NEWUTS\\)" \
	"fork\\(\\) = [0-9]+ \\(PID [0-9]+ in the target's PID namespace\\)" \
	'execvp\("readlink"\)'

# Without --explain, nothing of it.
run xunshare -p -f --mount-proc true
assert_eq "without --explain, xunshare is silent" "" "$ERR"
finish
