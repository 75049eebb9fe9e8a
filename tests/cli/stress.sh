#!/bin/bash
# Stress (issue 7): 1,000 runs of each tool's main scenario, 8 at a time, every exit status
# and every program's view of its descriptors checked; afterwards no mount, process or
# persistent namespace file is left. Then runs whose child or parent is killed at a random
# moment, after which nothing may be left either. STRESS_RUNS overrides the count.
. "$(dirname "$0")/lib.sh"
need_root
probe=$LIBNS_BUILD/tests/fdprobe
runs=${STRESS_RUNS:-1000}
root=$T_TMP/root
mkdir -p "$root/proc" "$root/bin"
cp "$probe" "$root/fdprobe"
export probe root
export base=$("$probe")

# Every process the runs start carries this tag in its environment; other tests that run at
# the same time do not, so counting tagged processes counts only ours.
tag="LIBNS_STRESS_TAG=$$.$RANDOM"
procs() {
	local f n=0
	for f in /proc/[0-9]*/environ; do
		grep -qzx "$tag" "$f" 2>/dev/null && n=$((n + 1))
	done
	echo $n
}

# stress NAME EXPECTED-RC EXPECTED-OUT CMD...: runs CMD $runs times, 8 at a time; the {}
# in CMD is the run's number.
stress() {
	local name=$1 rc=$2 out=$3
	shift 3
	local fails
	fails=$(seq "$runs" | env "$tag" xargs -P8 -I{} bash -c '
		exp_rc=$1 exp_out=$2; shift 2
		out=$("$@" 2>&1); rc=$?
		[ "$rc" = "$exp_rc" ] && [ "$out" = "$exp_out" ] || echo "run: rc=$rc out=$out"
	' _ "$rc" "$out" "$@" | sort | uniq -c | head -5)
	assert_eq "$name: $runs runs, 8 at a time, all as expected" "" "$fails"
}

if have_tool xunshare; then
	stress "xunshare -p -f --mount-proc" 0 "$base" xunshare -p -f --mount-proc "$probe"
	stress "xunshare -m -u -i -n -p -f" 3 "" xunshare -m -u -i -n -p -f /bin/sh -c 'exit 3'
	stress "xunshare -U -r" 0 "0" xunshare -U -r /usr/bin/id -u
	# Persistent files: each run binds its own (made first: as util-linux, xunshare binds on an
	# existing file only), which is then removed.
	mkdir -p "$T_TMP/pers"
	mount --bind "$T_TMP/pers" "$T_TMP/pers" && mount --make-private "$T_TMP/pers"
	at_exit "umount -R -l $T_TMP/pers"
	stress "xunshare --uts=FILE, then umount" 0 "" bash -c \
		'f=$0/uts.$1; touch "$f" && xunshare --uts="$f" true && umount "$f" && rm "$f"' \
		"$T_TMP/pers" {}
	assert_eq "no persistent namespace file is left" "" "$(ls "$T_TMP/pers")"
fi
if have_tool xchroot; then
	stress "xchroot NEWROOT" 0 "$base" xchroot "$root" /fdprobe
fi
if have_tool nsenter-lite; then
	start_in_ns -m -u -i -n -p -f --mount-proc
	stress "nsenter-lite -a" 0 "$base" nsenter-lite -t "$NS_PID" -a "$probe"
	if have_tool nsdiff; then
		stress "nsdiff -q self PID" 1 "" nsdiff -q self "$NS_PID"
	fi
fi

# Killed at random moments: the parent (with --kill-child, so the child follows) or the child.
if have_tool xunshare; then
	kills=$((runs / 5))
	seq "$kills" | env "$tag" xargs -P8 -I{} bash -c '
		xunshare -p -f --mount-proc --kill-child sleep 2.0417 & p=$!
		sleep 0.0$((RANDOM % 30))
		if ((RANDOM % 2)); then
			kill -9 $p
		else
			c=$(cat /proc/$p/task/$p/children 2>/dev/null); kill -9 ${c:-$p}
		fi
		wait $p 2>/dev/null; true'
	sleep 0.5
	ok "xunshare: $kills runs killed at random moments"
fi
if have_tool nsenter-lite && [ -n "${NS_PID:-}" ]; then
	seq $((runs / 5)) | env "$tag" xargs -P8 -I{} bash -c '
		nsenter-lite -t '"$NS_PID"' -a sleep 2.0417 & p=$!
		sleep 0.0$((RANDOM % 30))
		c=$(cat /proc/$p/task/$p/children 2>/dev/null); kill -9 ${c:-$p}
		wait $p 2>/dev/null; true'
	sleep 0.5
	ok "nsenter-lite: $((runs / 5)) runs killed at random moments"
fi

for _ in $(seq 50); do
	[ "$(procs)" = 0 ] && break
	sleep 0.1
done
assert_eq "no process of ours is left" 0 "$(procs)"
umount -R -l "$T_TMP/pers" 2>/dev/null
assert_eq "no mount is left" "" "$(mounts_left)"
finish
