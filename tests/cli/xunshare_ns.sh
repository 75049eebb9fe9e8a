#!/bin/bash
# xunshare: each namespace option alone and in the tutorial's combinations, observed from
# inside (/proc/self/ns, hostname, ip link, $$, ps, mountinfo, cwd, root, id), and compared
# with util-linux unshare where the output is deterministic.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare

ns_of() { readlink "/proc/self/ns/$1"; }

# Every type alone: the program's namespace of that type differs, every other stays.
for t in mnt uts ipc net pid cgroup time user; do
	case $t in
	mnt) opt=-m ;;
	uts) opt=-u ;;
	ipc) opt=-i ;;
	net) opt=-n ;;
	pid) opt="-p -f" ;;
	cgroup) opt=-C ;;
	time) opt="-T -f" ;;
	user) opt=-U ;;
	esac
	# shellcheck disable=SC2086
	inside=$(xunshare $opt sh -c 'for e in mnt uts ipc net pid cgroup time user; do
		readlink /proc/self/ns/$e; done')
	outside=$(for e in mnt uts ipc net pid cgroup time user; do ns_of $e; done)
	changed=$(diff <(echo "$outside") <(echo "$inside") | grep -c '^>')
	assert_eq "xunshare $opt: exactly one namespace is new" 1 "$changed"
	assert_ne "xunshare $opt: the $t namespace is new" "$(ns_of $t)" \
		"$(echo "$inside" | grep "^$t:")"
done

# The long options, with the short ones' effect.
for t in mount:mnt uts:uts ipc:ipc net:net cgroup:cgroup user:user; do
	inside=$(xunshare --"${t%%:*}" readlink "/proc/self/ns/${t#*:}")
	assert_ne "xunshare --${t%%:*}: new ${t#*:} namespace" "$(ns_of "${t#*:}")" "$inside"
done

# Tutorial: -p -f --mount-proc: PID 1, and ps sees only the namespace's processes.
run xunshare -p -f --mount-proc sh -c 'echo $$; ps -e -o pid=,comm='
assert_rc "xunshare -p -f --mount-proc: exit 0" 0
assert_eq "xunshare -p -f --mount-proc: the shell is PID 1, ps sees two processes" \
	"1
      1 sh
      2 ps" "$OUT"
same_as_original "-p -f --mount-proc ps" unshare xunshare -p -f --mount-proc ps -e -o pid=,comm=
# The host's /proc is untouched.
assert_eq "the host's /proc still shows the host" "$$" "$(sh -c 'echo $PPID')"

# --mount-proc=DIR mounts proc there (and makes DIR private first, like util-linux).
mkdir -p "$T_TMP/p"
run xunshare -p -f --mount-proc="$T_TMP/p" sh -c "ls $T_TMP/p/1/ >/dev/null && \
	awk '\$5 == \"$T_TMP/p\" {print \$9}' /proc/self/mountinfo"
assert_eq "xunshare --mount-proc=DIR: proc mounted on DIR" "proc" "$OUT"
assert_eq "xunshare --mount-proc=DIR: nothing is left on DIR outside" "" "$(ls "$T_TMP/p")"

# Tutorial: -m -u -i -n -p -f: all new; hostname stays inside; only lo, DOWN; $$ is 1.
hn=$(hostname)
run xunshare -m -u -i -n -p -f sh -c 'hostname box; hostname; echo $$; ip -o link | \
	awk "{print \$2, \$9}"; for e in mnt uts ipc net pid_for_children; do
	readlink /proc/self/ns/$e; done'
assert_rc "xunshare -m -u -i -n -p -f: exit 0" 0
assert_eq "xunshare -m -u -i -n -p -f: hostname set inside" box "$(echo "$OUT" | sed -n 1p)"
assert_eq "xunshare -m -u -i -n -p -f: the shell is PID 1" 1 "$(echo "$OUT" | sed -n 2p)"
assert_eq "xunshare -m -u -i -n -p -f: only lo, and it is down" "lo: DOWN" \
	"$(echo "$OUT" | sed -n 3p)"
for e in mnt uts ipc net; do
	assert_eq "xunshare -m -u -i -n -p -f: $e is new" 1 "$(echo "$OUT" | grep -c "^$e:" |
		tr -d ' ')"
	assert_ne "xunshare -m -u -i -n -p -f: $e differs from outside" "$(ns_of $e)" \
		"$(echo "$OUT" | grep "^$e:")"
done
assert_eq "the host's hostname is unchanged" "$hn" "$(hostname)"
same_as_original "-m -u -i -n -p -f: ip link" unshare xunshare -m -u -i -n -p -f ip -o link show
same_as_original "-u hostname" unshare xunshare -u sh -c 'hostname x; hostname'
same_as_original "-i ipcs -m" unshare xunshare -i sh -c 'ipcs -m | tail -n +2'

# Propagation of / in the new mount namespace: private by default, as asked, or unchanged.
prop_of_root() { awk '$5 == "/" {for (i = 7; $i != "-"; i++) s = s " " $i; print s ""}' \
	/proc/self/mountinfo; }
export -f prop_of_root
for p in private shared slave unchanged; do
	opt=(--propagation "$p")
	o=$(unshare -m "${opt[@]}" bash -c prop_of_root | sed 's/:[0-9]*//g')
	x=$(xunshare -m "${opt[@]}" bash -c prop_of_root | sed 's/:[0-9]*//g')
	assert_eq "xunshare -m --propagation $p: / as with unshare" "$o" "$x"
done
x=$(xunshare -m bash -c prop_of_root)
assert_eq "xunshare -m: / is private by default" "" "$(echo "$x" | tr -d ' ')"
run xunshare -m --propagation bogus true
assert_eq "xunshare --propagation bogus: message" \
	"xunshare: unsupported propagation mode: bogus" "$ERR"

# A mount made inside stays inside.
mkdir -p "$T_TMP/m"
xunshare -m sh -c "mount -t tmpfs none $T_TMP/m && touch $T_TMP/m/inside"
assert_eq "xunshare -m: a mount inside is not seen outside" "" "$(ls "$T_TMP/m")"

# -R and -w: root and working directory.
mkdir -p "$T_TMP/root/bin" "$T_TMP/root/sub" "$T_TMP/wd"
cp /bin/busybox "$T_TMP/root/bin/" 2>/dev/null || need_cmd busybox
run xunshare -R "$T_TMP/root" /bin/busybox pwd
assert_eq "xunshare -R: working directory is the new /" "/" "$OUT"
run xunshare -R "$T_TMP/root" -w /sub /bin/busybox pwd
assert_eq "xunshare -R -w: -w is inside the new root" "/sub" "$OUT"
run xunshare -w "$T_TMP/wd" pwd
assert_eq "xunshare -w DIR" "$T_TMP/wd" "$OUT"
run xunshare -R "$T_TMP/root" /bin/busybox ls /
assert_eq "xunshare -R: the new root's contents" "bin
sub" "$OUT"
same_as_original "-R /nonexistent" unshare xunshare -R /nonexistent true
same_as_original "-w /nonexistent" unshare xunshare -w /nonexistent true

# -S and -G: credentials; numbers only; too large is an error.
run xunshare -S 65534 -G 65534 id
assert_eq "xunshare -S 65534 -G 65534" "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" \
	"$OUT"
same_as_original "-S 1 -G 2 id" unshare xunshare -S 1 -G 2 id
same_as_original "-S abc" unshare xunshare -S abc true
same_as_original "-G abc" unshare xunshare -G abc true
run xunshare -S 99999999999 true
assert_rc "xunshare -S 99999999999: exit 1" 1
assert_eq "xunshare -S 99999999999: too large, the errno named" "xunshare: failed to parse uid: '99999999999': Numerical result out of range" \
	"$ERR"

# No program: $SHELL as a login shell (argv[0] "-sh"), else /bin/sh.
run_in 'echo $0' env SHELL=/bin/sh xunshare -u
assert_eq "xunshare without a program: \$SHELL as a login shell" "-sh" "$OUT"
run_in 'echo $0' env -u SHELL xunshare -u
assert_eq "xunshare without a program, no \$SHELL: /bin/sh" "-sh" "$OUT"
o=$(printf 'echo $0' | env SHELL=/bin/bash unshare -u 2>&1)
x=$(printf 'echo $0' | env SHELL=/bin/bash xunshare -u 2>&1)
assert_eq "no program: as util-linux" "$o" "$x"

# binfmt_misc of a new user namespace (Linux 6.7+): mounted, and a rule registered inside only.
if xunshare -U -r --mount-binfmt true 2>/dev/null; then
	run xunshare -U -r --mount-binfmt ls /proc/sys/fs/binfmt_misc
	assert_eq "xunshare --mount-binfmt: a binfmt_misc of its own" "register
status" "$OUT"
	run xunshare -U -r -l ':xunshare-test:E::xut::/bin/true:' \
		cat /proc/sys/fs/binfmt_misc/xunshare-test
	assert_match "xunshare -l: the rule is registered inside" "interpreter /bin/true" "$OUT"
	assert_eq "xunshare -l: not outside" no \
		"$([ -e /proc/sys/fs/binfmt_misc/xunshare-test ] && echo yes || echo no)"
	mkdir -p "$T_TMP/bf"
	run xunshare -U -r --mount-binfmt="$T_TMP/bf" ls "$T_TMP/bf"
	assert_eq "xunshare --mount-binfmt=DIR" "register
status" "$OUT"
else
	echo "# binfmt_misc cannot be mounted in a user namespace here: skipped"
fi

# --explain: the steps on stderr, the same stdout and status.
run xunshare --explain -p -f --mount-proc sh -c 'echo $$; exit 4'
assert_rc "xunshare --explain: status unchanged" 4
assert_eq "xunshare --explain: stdout unchanged" 1 "$OUT"
assert_match "xunshare --explain: announces unshare" 'unshare\(CLONE_NEWNS\|CLONE_NEWPID\)' "$ERR"
assert_match "xunshare --explain: announces the fork" '\+ fork\(\)' "$ERR"
assert_match "xunshare --explain: announces the propagation" \
	'mount\("none", "/", NULL, MS_REC\|MS_PRIVATE\)' "$ERR"
assert_match "xunshare --explain: announces /proc" \
	'mount\("proc", "/proc", "proc", MS_NOSUID\|MS_NODEV\|MS_NOEXEC\)' "$ERR"

# --help and --version.
run xunshare --help
assert_rc "xunshare --help: exit 0" 0
for o in mount uts ipc net pid user cgroup time fork kill-child forward-signals mount-proc \
	propagation setgroups map-user map-group map-users map-groups map-root-user \
	map-current-user map-auto map-subids owner keep-caps root wd setuid setgid monotonic \
	boottime mount-binfmt load-interp explain help version; do
	assert_match "xunshare --help lists --$o" "--$o" "$OUT"
done
run xunshare --version
assert_match "xunshare --version" '^xunshare from libns ' "$OUT"
same_as_original "bad option" unshare xunshare --bogus
same_as_original "-x" unshare xunshare -x
finish
