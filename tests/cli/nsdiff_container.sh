#!/bin/bash
# nsdiff --list's CONTAINER column on real cgroups: the test makes the paths each runtime
# gives its containers in a cgroup v1 hierarchy, moves a sleeping process into each, reads the
# column (and the JSON field), and removes them.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq nsdiff
have_tool xunshare || finish

root=$(awk '$3 == "cgroup" && $4 ~ /(^|,)pids(,|$)/ { print $2; exit }' /proc/self/mounts)
if [ -z "$root" ] || [ ! -w "$root" ]; then
	echo "SKIP: no writable cgroup v1 pids hierarchy"
	exit 77
fi
tag=nsdiff-test-$$
H=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
POD=1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901

# in_cgroup PATH EXPECTED: a process in a uts namespace of its own, in cgroup PATH.
in_cgroup() {
	local path=$tag/$1 want=$2 pid uts got
	mkdir -p "$root/$path" || { not_ok "mkdir $root/$path"; return; }
	# Removed when the test ends, deepest first, once the process is gone.
	at_exit "d='$root/$path'; while [ \"\$d\" != '$root' ]; do rmdir \"\$d\"; d=\${d%/*}; done"
	xunshare -u sleep 600 </dev/null >/dev/null 2>&1 &
	pid=$!
	disown "$pid"
	# Out of the cgroup first, so that it can go even while the process is a zombie.
	at_exit "echo $pid >'$root/cgroup.procs'; kill -9 $pid"
	wait_comm "$pid" sleep
	echo "$pid" >"$root/$path/cgroup.procs"
	uts=$(stat -L -c %i "/proc/$pid/ns/uts")
	got=$(nsdiff --list -t uts -o NS,CONTAINER | awk -v n="$uts" '$1 == n { $1 = ""; print substr($0, 2) }')
	assert_eq "CONTAINER of a process in /$path" "$want" "$got"
	got=$(nsdiff --list -J -t uts -o NS,CONTAINER | jq -r --argjson n "$uts" '.namespaces[] | select(.ns == $n) | .container')
	assert_eq "JSON container of a process in /$path" "${want:-null}" "$got"
}

in_cgroup "docker/$H" "docker 0123456789ab"
in_cgroup "system.slice/docker-$H.scope" "docker 0123456789ab"
in_cgroup "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD//-/_}.slice/cri-containerd-$H.scope" \
	"pod $POD containerd 0123456789ab"
in_cgroup "kubepods/besteffort/pod$POD/$H" "pod $POD kubernetes 0123456789ab"
in_cgroup "machine.slice/crio-$H.scope" "cri-o 0123456789ab"
in_cgroup "machine.slice/libpod-$H.scope/container" "podman 0123456789ab"
in_cgroup 'machine.slice/machine-web\x2d1.scope/payload' "systemd-nspawn web-1"
in_cgroup "lxc/c1" "lxc c1"
in_cgroup "plain/group" ""

run nsdiff --explain --list -o +CONTAINER -t uts
assert_match "--explain: the cgroup file is read" '/proc/<pid>/cgroup \(the container\)' "$ERR"
finish
