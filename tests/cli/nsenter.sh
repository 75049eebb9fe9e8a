#!/bin/bash
# nsenter-lite: each namespace type alone and --all, observed from inside (readlink
# /proc/self/ns/X equals the target's), namespace files persisted by unshare --X=FILE,
# -r, -w, -W, -F with $$, no namespace option, --explain; compared with util-linux nsenter.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare nsenter
have_tool nsenter-lite || finish

types=(cgroup ipc mnt net pid time user uts)
ns_of() { readlink "/proc/$1/ns/$2"; }
inside() { # CMD...: the namespaces the program of CMD runs in, one per line
	"$@" sh -c 'for t in cgroup ipc mnt net pid time user uts; do
		readlink /proc/self/ns/$t; done'
}
theirs() { for t in "${types[@]}"; do ns_of "$1" "$t"; done; }
ours() { theirs self; }

# A target in new namespaces of every type but user (-f: the PID namespace has a PID 1).
start_in_ns -f -p -m -u -i -n -C -T --mount-proc
T=$NS_PID
# And one in a user namespace of its own (root inside), alone; and one in a mount namespace
# alone (the first one's /proc is its PID namespace's, with no /proc/self for us).
start_in_ns -U -r
TU=$NS_PID
start_in_ns -m
TM=$NS_PID

# Each type alone: exactly that namespace is the target's, the others stay ours.
for t in "${types[@]}"; do
	target=$T
	[ $t = user ] && target=$TU
	[ $t = mnt ] && target=$TM
	case $t in
	mnt) opt=-m ;; uts) opt=-u ;; ipc) opt=-i ;; net) opt=-n ;; pid) opt=-p ;;
	cgroup) opt=-C ;; time) opt=-T ;; user) opt=-U ;;
	esac
	got=$(inside nsenter-lite -t "$target" $opt)
	want=$(for x in "${types[@]}"; do
		if [ $x = $t ]; then ns_of "$target" $x; else ns_of self $x; fi
	done)
	assert_eq "nsenter-lite $opt: only the $t namespace is the target's" "$want" "$got"
done

# The long options do the same, with the kernel's names mapped to nsenter's.
for pair in mount:mnt uts:uts ipc:ipc net:net pid:pid cgroup:cgroup time:time; do
	target=$T
	[ "${pair%%:*}" = mount ] && target=$TM
	got=$(nsenter-lite -t "$target" --"${pair%%:*}" readlink "/proc/self/ns/${pair#*:}")
	assert_eq "nsenter-lite --${pair%%:*}" "$(ns_of "$target" "${pair#*:}")" "$got"
done
got=$(nsenter-lite -t "$TU" --user readlink /proc/self/ns/user)
assert_eq "nsenter-lite --user" "$(ns_of "$TU" user)" "$got"

# --all: every namespace of the target; its user namespace is ours, so it is left out.
assert_eq "nsenter-lite -a: all of the target's namespaces" "$(theirs "$T")" \
	"$(inside nsenter-lite -t "$T" -a)"
assert_eq "nsenter-lite --all, same as nsenter -a" "$(inside nsenter -t "$T" -a)" \
	"$(inside nsenter-lite -t "$T" --all)"
# ... and the user namespace too when it differs.
assert_eq "nsenter-lite -a, user namespace target" "$(theirs "$TU")" \
	"$(inside nsenter-lite -t "$TU" -a)"
# An explicit file overrides the target's namespace of its type.
got=$(inside nsenter-lite -t "$T" -a --uts=/proc/self/ns/uts)
want=$(theirs "$T" | sed "s/^uts:.*/$(ns_of self uts)/")
assert_eq "nsenter-lite -a --uts=FILE: the file wins for uts" "$want" "$got"
# Short options take the file attached.
got=$(nsenter-lite -u/proc/"$T"/ns/uts -n/proc/"$T"/ns/net sh -c \
	'readlink /proc/self/ns/uts /proc/self/ns/net')
assert_eq "nsenter-lite -uFILE -nFILE" "$(ns_of "$T" uts; ns_of "$T" net)" "$got"

# The program's view: hostname, network, processes of the target's namespaces.
nsenter -t "$T" -u hostname inner-host
assert_eq "-u: the target's hostname" inner-host "$(nsenter-lite -t "$T" -u hostname)"
assert_eq "-n: only lo" "lo:" "$(nsenter-lite -t "$T" -n awk 'NR > 2 { print $1 }' /proc/net/dev)"
run nsenter-lite -t "$T" -p -m sh -c 'echo $$; ps -e -o pid= | wc -l'
assert_match "-p -m: a PID of the target's namespace, a handful of processes" \
	'^[0-9]+'$'\n'' *[1-9]$' "$OUT"

# -F -p: no fork; the program keeps our PID (only its children are in the namespace).
run sh -c 'echo $$; exec nsenter-lite -F -t '"$T"' -p sh -c "echo \$\$"'
assert_eq "-F -p: the program keeps the caller's PID" 1 "$(uniq <<<"$OUT" | wc -l)"
run sh -c 'exec nsenter-lite -t '"$T"' -p sh -c "echo \$\$"'
assert_ne "-p: the program is a child, with a PID of the target's namespace" "" "$OUT"
assert_ne "-p without -F forks" "$(sh -c 'echo $$')" "$OUT"
# -F -p: the program's children are in the target's PID namespace.
got=$(nsenter-lite -F -t "$T" -p sh -c 'readlink /proc/self/ns/pid_for_children')
assert_eq "-F -p: children in the target's PID namespace" "$(ns_of "$T" pid)" "$got"

# Files persisted by unshare --X=FILE: the namespace outlives its processes.
d=$T_TMP/nsfiles
mkdir -p "$d"
mount --bind "$d" "$d" && mount --make-private "$d"
at_exit "umount -l $d"
for t in uts ipc net mount; do
	touch "$d/$t"
	at_exit "umount $d/$t"
done
unshare --uts="$d/uts" hostname persisted
assert_eq "--uts=FILE from unshare --uts=FILE" persisted "$(nsenter-lite --uts="$d/uts" hostname)"
assert_eq "-uFILE from unshare --uts=FILE" persisted "$(nsenter-lite -u"$d/uts" hostname)"
if have_tool xunshare; then
	touch "$d/uts2"
	at_exit "umount $d/uts2"
	xunshare --uts="$d/uts2" hostname by-xunshare
	assert_eq "--uts=FILE from xunshare --uts=FILE" by-xunshare \
		"$(nsenter-lite --uts="$d/uts2" hostname)"
fi
unshare --ipc="$d/ipc" true
assert_eq "--ipc=FILE" "$(nsenter --ipc="$d/ipc" readlink /proc/self/ns/ipc)" \
	"$(nsenter-lite --ipc="$d/ipc" readlink /proc/self/ns/ipc)"
unshare --net="$d/net" true
assert_eq "--net=FILE" "$(nsenter --net="$d/net" readlink /proc/self/ns/net)" \
	"$(nsenter-lite --net="$d/net" readlink /proc/self/ns/net)"
unshare --mount="$d/mount" sh -c "mount -t tmpfs marker $T_TMP"
assert_match "--mount=FILE: the namespace's mounts" "marker" \
	"$(nsenter-lite --mount="$d/mount" grep -F " $T_TMP " /proc/self/mountinfo)"
assert_eq "--mount=FILE, same as nsenter" "$(nsenter --mount="$d/mount" readlink /proc/self/ns/mnt)" \
	"$(nsenter-lite --mount="$d/mount" readlink /proc/self/ns/mnt)"

# -r, -w, -W: the target's root and working directory, or given ones.
root=$T_TMP/root
mkdir -p "$root/sub" "$root/bin"
cp /bin/busybox "$root/bin/" 2>/dev/null || cp "$(command -v busybox)" "$root/bin/" 2>/dev/null
if [ -x "$root/bin/busybox" ]; then
	run nsenter-lite -r"$root" -W/ /bin/busybox ls /
	assert_eq "-rDIR: the program's / is DIR" "$(printf 'bin\nsub')" "$OUT"
	# Our working directory is outside DIR: util-linux leaves the program there (a way out
	# of DIR); it starts at DIR's / instead, and --explain says so.
	run nsenter-lite -r"$root" /bin/busybox ls
	assert_eq "-rDIR from outside DIR: runs, in DIR's /" "$(printf 'bin\nsub')" "$OUT"
	assert_rc "-rDIR from outside DIR: exit 0" 0
	run nsenter-lite --explain -r"$root" /bin/busybox pwd
	assert_match "-rDIR from outside DIR, --explain says why" \
		"chdir\\(\"/\"\\)"$'\n'" *the working directory \\. is outside the new root" "$ERR"
	run nsenter-lite -r"$root" -w/ /bin/busybox ls
	assert_eq "-rDIR -w/: runs, in DIR's /" "$(printf 'bin\nsub')" "$OUT"
	# A host directory deeper than PATH_MAX (getcwd fails with ERANGE there) is outside too.
	deep=$T_TMP/deep
	mkdir "$deep"
	(
		cd "$deep" || exit 1
		for _ in $(seq 50); do
			d=$(printf 'd%.0s' $(seq 100))
			mkdir "$d" && cd "$d" || exit 1
		done
		touch host-file
		nsenter-lite -r"$root" /bin/busybox sh -c '/bin/busybox ls; cd ..; /bin/busybox ls'
	) >"$T_TMP/deep.out" 2>&1
	assert_eq "-rDIR from a host path > 4096 bytes: starts in DIR's /" \
		"$(printf 'bin\nsub\nbin\nsub')" "$(cat "$T_TMP/deep.out")"
	rm -rf "$deep"
	run nsenter-lite -r"$root" -W /sub /bin/busybox pwd
	assert_eq "-rDIR -W /sub: a working directory inside the new root" /sub "$OUT"
	# -w opened before: a directory under the new root is fine ...
	run nsenter-lite -r"$root" -w"$root/sub" /bin/busybox pwd
	assert_eq "-rDIR -wDIR/sub: /sub" /sub "$OUT"
	# ... one outside of it (runc CVE-2024-21626), where util-linux lets it be, is DIR's /.
	run nsenter-lite -r"$root" -w/tmp /bin/busybox pwd
	assert_rc "-rDIR -w/tmp: runs" 0
	assert_eq "-rDIR -w/tmp: in DIR's /" / "$OUT"
	# Without -w or -W the working directory stays (it is under the root here).
	run sh -c "cd $root/sub && nsenter-lite -r$root /bin/busybox pwd"
	assert_eq "-rDIR alone keeps the working directory" /sub "$OUT"
	chroot_target() { chroot "$root" /bin/busybox sh -c 'cd /sub && exec /bin/busybox sleep 600' & }
	chroot_target
	CT=$!
	at_exit "kill -9 $CT"
	for _ in $(seq 200); do
		[ "$(readlink /proc/$CT/cwd)" = "$root/sub" ] && break
		sleep 0.02
	done
	run nsenter-lite -t "$CT" -r -w /bin/busybox pwd
	assert_eq "-r -w: the target's root and working directory" /sub "$OUT"
	same_as_original "-t CHROOTED -r -w pwd" nsenter nsenter-lite -t "$CT" -r -w /bin/busybox pwd
	run nsenter-lite -t "$CT" -r -W/bin /bin/busybox pwd
	assert_eq "-r -W/bin" /bin "$OUT"
	# The target's root, our working directory outside it: the program starts at its /.
	run nsenter-lite -t "$CT" -r /bin/busybox ls /
	assert_eq "-t CHROOTED -r ls /" "$(printf 'bin\nsub')" "$OUT"
	run_in 'echo "$PWD"; /bin/busybox ls' nsenter-lite -t "$CT" -a -r /bin/busybox sh
	assert_eq "-t CHROOTED -a -r sh" "$(printf '/\nbin\nsub')" "$OUT"
else
	echo "# no busybox: -r cases skipped"
fi
run nsenter-lite -t "$T" -m -w /bin/pwd
assert_eq "-m -w: the target's working directory" "$(readlink /proc/$T/cwd)" "$OUT"
run nsenter-lite -t "$T" -m -W /proc /bin/pwd
assert_eq "-m -W /proc" /proc "$OUT"
same_as_original "-m -W /proc pwd" nsenter nsenter-lite -t "$T" -m -W /proc /bin/pwd

# No namespace option: the program simply runs (util-linux 2.38.1).
same_as_original "no namespace option" nsenter nsenter-lite echo hello
same_as_original "no namespace option, -F" nsenter nsenter-lite -F sh -c 'exit 3'
# No program: the shell, as a login shell.
OUT=$(echo 'echo $0' | SHELL=/bin/sh nsenter-lite -t "$T" -u)
assert_eq "no program: \$SHELL as a login shell" "-sh" "$OUT"

# --explain: the steps on stderr, nothing else changes.
run nsenter-lite --explain -t "$T" -a hostname
assert_eq "--explain: stdout unchanged" inner-host "$OUT"
assert_rc "--explain: status unchanged" 0
assert_match "--explain: the setns is shown" "setns\(pidfd\($T\), CLONE_NEW" "$ERR"
assert_match "--explain: non-dumpable before the first setns" \
	"PR_SET_DUMPABLE.*"$'\n'".*"$'\n'"nsenter-lite: \+ setns" "$ERR"
assert_match "--explain: the fork for the PID namespace" "\+ fork\(\)" "$ERR"
run nsenter-lite --explain --uts=/proc/"$T"/ns/uts true
assert_match "--explain, a file: setns(FILE, CLONE_NEWUTS)" \
	"setns\(/proc/$T/ns/uts, CLONE_NEWUTS\)" "$ERR"
finish
