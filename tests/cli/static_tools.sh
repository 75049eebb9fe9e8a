#!/bin/bash
# The static tools (cmake -DLIBNS_STATIC_TOOLS=ON), built here into $LIBNS_BUILD/static: each
# is a static program; copied into the busybox image (mkrootfs --with-tools), which has no
# libc, they run there: xunshare in a container, xchroot's user lookups in the image's
# /etc/passwd, nsdiff and nsenter-lite looking at the container's namespaces from inside.
# What a static build cannot do is said, not crashed on: nsdiff --all lists no namespace
# files (no libmount), and the host's NSS modules are not loaded.
. "$(dirname "$0")/lib.sh"
need_root
skip_in_sanitizer_build "static tools cannot be built with the sanitizers"
need_cmd cmake readelf busybox

sb=$LIBNS_BUILD/static
# Quietly, and only the tools (scripts/build-static, which the lesson inside runs too).
if ! "$LIBNS_SRC/scripts/build-static" >"$T_TMP/build.log" 2>&1; then
	not_ok "the static tools build (scripts/build-static)"
	cat "$T_TMP/build.log"
	finish
fi
ok "the static tools build"
for t in xunshare xchroot nsenter-lite nsdiff; do
	bin=$sb/bin/$t
	assert_eq "$t is statically linked (no program interpreter)" "" \
		"$(LC_ALL=C readelf -l "$bin" 2>&1 | grep -i 'interpreter')"
	assert_eq "static $t --version is the dynamic one's" "$("$LIBNS_BUILD/bin/$t" --version)" \
		"$("$bin" --version 2>&1)"
done

img=$T_TMP/img
run bash "$LIBNS_SRC/scripts/mkrootfs" --with-tools "$LIBNS_BUILD/bin" "$T_TMP/dyn"
assert_rc "mkrootfs --with-tools refuses dynamic tools" 1
assert_match "... and says why" "dynamically linked" "$ERR"
run bash "$LIBNS_SRC/scripts/mkrootfs" --with-tools "$sb/bin" "$img"
assert_rc "mkrootfs --with-tools BINDIR DIR copies the static tools into the image" 0
assert_eq "the image holds the four tools" "nsdiff nsenter-lite xchroot xunshare" \
	"$(cd "$img/bin" && ls nsdiff nsenter-lite xchroot xunshare | tr '\n' ' ' | sed 's/ $//')"
assert_match "... and so does its tar" "bin/xunshare" "$(tar tf "$img/image.tar")"
X=$sb/bin

# xunshare where there is no libc at all.
host_name=$(hostname)
run "$X/xchroot" "$img" /bin/xunshare -u /bin/sh -c 'hostname inside; hostname'
assert_rc "xchroot IMG /bin/xunshare -u ... runs in the image" 0
assert_eq "... and sets the hostname inside" "inside" "$OUT"
assert_eq "... not the host's" "$host_name" "$(hostname)"

# User and group names: glibc's built-in files service, no NSS module of the host.
want=$("$LIBNS_BUILD/bin/xchroot" --userspec=boxuser "$img" id)
run "$X/xchroot" --userspec=boxuser "$img" id
assert_rc "static xchroot --userspec=boxuser (the image's user) succeeds" 0
assert_eq "... as the dynamic xchroot" "$want" "$OUT"
run "$X/xchroot" --userspec=boxuser:boxgroup --groups=boxextra "$img" id
assert_eq "static xchroot --userspec=boxuser:boxgroup --groups=boxextra" \
	"uid=1042(boxuser) gid=1042(boxgroup) groups=1043(boxextra)" "$OUT"
run "$X/xchroot" "$img" /bin/xchroot --userspec=boxuser / id -u
assert_eq "xchroot --userspec from inside the image" "1042" "$OUT"
run "$X/xchroot" --userspec=nosuchuser "$img" id
assert_rc "static xchroot --userspec=nosuchuser: exit 125, as chroot" 125
assert_eq "... with chroot's message" "xchroot: invalid user" "$ERR"

assert_eq "static xunshare -U --map-user=nobody --map-group=nogroup: the dynamic one's id" \
	"$("$LIBNS_BUILD/bin/xunshare" -U --map-user=nobody --map-group=nogroup id)" \
	"$("$X/xunshare" -U --map-user=nobody --map-group=nogroup id 2>&1)"

# Looking from inside: a container (new PID and mount namespaces, the image as root) whose
# shell starts a process in a UTS and an IPC namespace of its own, then compares and enters.
# (busybox sh gives a background job /dev/null, which the image's empty /dev lacks.)
mknod -m 666 "$img/dev/null" c 1 3
inside='xunshare -u -i /bin/sh -c "hostname sleeper; exec sleep 30" & s=$!
sleep 0.3
echo "pid=$$"
nsdiff -t uts,ipc,pid,mnt $s $$; echo "rc=$?"
nsenter-lite -t $s -u hostname
nsdiff --all; echo "all=$?"
kill $s'
run "$X/xunshare" -p -f -u --mount-proc="$img/proc" "$X/xchroot" "$img" /bin/sh -c \
	"hostname box; $inside"
assert_rc "a container with the static tools inside runs" 0
assert_eq "inside, the shell is PID 1" "pid=1" "$(grep -x 'pid=.*' <<<"$OUT")"
assert_match "nsdiff inside: uts differs from the sleeper's" "uts +uts:\[[0-9]+\] +uts:\[[0-9]+\] +differ" "$OUT"
assert_match "nsdiff inside: ipc differs" "ipc +ipc:\[[0-9]+\] +ipc:\[[0-9]+\] +differ" "$OUT"
assert_match "nsdiff inside: pid is shared" "pid +pid:\[[0-9]+\] +pid:\[[0-9]+\] +shared" "$OUT"
assert_match "nsdiff inside: exit status 1 (some differ)" "rc=1" "$OUT"
assert_eq "nsenter-lite inside enters the sleeper's UTS namespace" "sleeper" \
	"$(grep -x sleeper <<<"$OUT")"
assert_match "nsdiff --all inside sees the container's processes, PID 1 first" \
	"[0-9]+ +1 +none \(yours\) +/bin/sh -c" "$OUT"
assert_match "... and exits 2: no namespace files without libmount" "all=2" "$OUT"
assert_match "... saying so" "namespace files not listed: cannot load libmount" "$ERR"

# On the host the static nsdiff gives the dynamic one's answer.
start_in_ns -u -i
assert_eq "static nsdiff PID on the host: the dynamic one's table" \
	"$("$LIBNS_BUILD/bin/nsdiff" "$NS_PID" $$)" "$("$X/nsdiff" "$NS_PID" $$)"
assert_eq "static nsenter-lite -t PID -u on the host" \
	"$(nsenter -t "$NS_PID" -u hostname)" "$("$X/nsenter-lite" -t "$NS_PID" -u hostname)"
assert_eq "nothing mounted left" "" "$(mounts_left)"
finish
