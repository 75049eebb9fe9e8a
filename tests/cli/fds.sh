#!/bin/bash
# Descriptor hygiene (issue 7): in each main option combination of every tool, the program it
# executes sees exactly the descriptors its caller had (0, 1, 2 and any it passed on purpose),
# nothing of the tool's own: no namespace file, pipe, eventfd, directory or pidfd.
. "$(dirname "$0")/lib.sh"
need_root
probe=$LIBNS_BUILD/tests/fdprobe
[ -x "$probe" ] || { not_ok "fdprobe is built"; finish; }

# A minimal root for chroot: the static probe alone.
root=$T_TMP/root
mkdir -p "$root/proc" "$root/dev"
cp "$probe" "$root/fdprobe"

base=$("$probe")
passed=$("$probe" 7</dev/null)

# check NAME CMD...: CMD runs the probe; it must see what a direct run sees, and keep fd 7.
check() {
	local name=$1
	shift
	run "$@"
	assert_eq "$name: the program sees only the caller's descriptors" "$base" "$OUT"
	OUT=$("$@" 7</dev/null 2>/dev/null)
	assert_eq "$name: a descriptor the caller passed stays open" "$passed" "$OUT"
}

if have_tool xunshare; then
	check "xunshare -u" xunshare -u "$probe"
	check "xunshare -m" xunshare -m "$probe"
	check "xunshare -p -f --mount-proc" xunshare -p -f --mount-proc "$probe"
	check "xunshare -m -u -i -n -p -f" xunshare -m -u -i -n -p -f "$probe"
	check "xunshare -U -r" xunshare -U -r "$probe"
	check "xunshare -f --kill-child" xunshare -f --kill-child -u "$probe"
	check "xunshare --forward-signals" xunshare --forward-signals -u "$probe"
	check "xunshare -R -w" xunshare -R "$root" -w / /fdprobe
	check "xunshare -T --boottime" xunshare -T --boottime 100 -f "$probe"
	# Persistent namespace files are bound by a helper: its pipe must not leak either.
	mkdir -p "$T_TMP/pers"
	mount --bind "$T_TMP/pers" "$T_TMP/pers" && mount --make-private "$T_TMP/pers"
	at_exit "umount -l $T_TMP/pers"
	for t in uts mount pid; do
		touch "$T_TMP/pers/$t"
		extra=()
		[ $t = pid ] && extra=(-f)
		check "xunshare --$t=FILE" xunshare --$t="$T_TMP/pers/$t" "${extra[@]}" "$probe"
		umount "$T_TMP/pers/$t" 2>/dev/null
		umount "$T_TMP/pers/$t" 2>/dev/null
	done
fi

if have_tool xchroot; then
	check "xchroot" xchroot "$root" /fdprobe
	check "xchroot --userspec" xchroot --userspec=65534:65534 "$root" /fdprobe
	check "xchroot --groups" xchroot --groups=1,2 "$root" /fdprobe
	check "xchroot --skip-chdir" xchroot --skip-chdir / "$probe"
fi

if have_tool nsenter-lite; then
	start_in_ns -m -u -i -n -p -f --mount-proc
	t=$NS_PID
	check "nsenter-lite -a" nsenter-lite -t "$t" -a "$probe"
	check "nsenter-lite -u" nsenter-lite -t "$t" -u "$probe"
	check "nsenter-lite -p (forks)" nsenter-lite -t "$t" -p "$probe"
	check "nsenter-lite -F -p" nsenter-lite -t "$t" -F -p "$probe"
	check "nsenter-lite -r -w" nsenter-lite -t "$t" -m -r -w "$probe"
	start_in_ns -U -r -u
	check "nsenter-lite -U" nsenter-lite -t "$NS_PID" -U -u "$probe"
	# Descriptor 0 closed by the caller: a namespace file must not take its place.
	OUT=$(nsenter-lite -t "$t" -u "$probe" 0<&- 2>/dev/null)
	assert_eq "nsenter-lite with stdin closed: nothing of ours lands on 0" "$("$probe" 0<&-)" "$OUT"
fi
# Around the quick baseline's range (one poll over 3..63): a descriptor inside it and one
# above it both stay open; with more than half of the range open the exact list is read.
passes() { # FDS CMD...: runs CMD with the descriptors FDS (blank-separated) open on /dev/null
	local fds=$1
	shift
	python3 -c 'import os, sys
for fd in sys.argv[1].split():
	os.dup2(0, int(fd))
os.execvp(sys.argv[2], sys.argv[2:])' "$fds" "$@" </dev/null
}
for fds in "40 100" "$(seq -s ' ' 3 40) 64 200"; do
	label=$fds
	((${#fds} > 12)) && label="3..40 64 200"
	want=$(passes "$fds" "$probe")
	for t in xunshare xchroot; do
		have_tool $t || continue
		case $t in
		xchroot) OUT=$(passes "$fds" xchroot "$root" /fdprobe 2>&1) ;;
		xunshare) OUT=$(passes "$fds" xunshare -u "$probe" 2>&1) ;;
		esac
		assert_eq "$t with $label passed: the program has them all" "$want" "$OUT"
	done
done
# Without /proc (a tool run inside a bare root) and with most of 3..1023 open, a descriptor the
# caller passed above 1023 stays open too (issue 13, item 6): fds 3..600 and 1500 are passed.
many() { # CMD...: runs CMD with 3..600 and 1500 open on /dev/null, /proc hidden by a tmpfs
	ulimit -n 4096
	unshare -m --propagation private sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
		python3 -c 'import os, sys
for fd in list(range(3, 601)) + [1500]:
	os.dup2(0, fd)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" </dev/null
}
want=$(many "$probe")
assert_match "many: the probe itself sees 600 and 1500" " 600 1500$" "$want"
for t in xchroot xunshare; do
	have_tool $t || continue
	case $t in
	xchroot) run many xchroot "$root" /fdprobe ;;
	xunshare) run many xunshare -u "$probe" ;;
	esac
	assert_eq "$t without /proc, 3..600 and 1500 passed: the program has them all" "$want" "$OUT"
done
finish
