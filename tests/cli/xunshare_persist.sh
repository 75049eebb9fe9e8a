#!/bin/bash
# xunshare --<type>=FILE: the namespace is bound on FILE (which must exist), nsenter
# (util-linux) can join it after the program has ended, and umount releases it. --user=FILE
# works (util-linux 2.38.1 fails it). Nothing is left when a bind fails.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd nsenter

# Namespace files need a mount that is not shared: a private bind of a scratch directory.
d=$T_TMP/ns
mkdir -p "$d"
mount --bind "$d" "$d" && mount --make-private "$d"
at_exit "umount -R -l $d"

is_nsfs() { [ "$(stat -f -c %T "$1" 2>/dev/null)" = nsfs ]; }

# uts: the hostname set inside is there for nsenter, after the program has ended.
touch "$d/uts"
run xunshare --uts="$d/uts" hostname persisted
assert_rc "xunshare --uts=FILE: exit 0" 0
is_nsfs "$d/uts" && ok "--uts=FILE: FILE is an nsfs bind mount" || not_ok "--uts=FILE: nsfs"
assert_eq "--uts=FILE: nsenter --uts=FILE sees the hostname" persisted \
	"$(nsenter --uts="$d/uts" hostname)"
assert_ne "--uts=FILE: the host's hostname is another" persisted "$(hostname)"
umount "$d/uts"
is_nsfs "$d/uts" && not_ok "--uts=FILE: umount releases it" || ok "--uts=FILE: umount releases it"
rm -f "$d/uts"

# Each type, given twice (the last one counts).
for spec in ipc:ipc net:net mount:mnt cgroup:cgroup uts:uts; do
	opt=${spec%%:*} entry=${spec#*:}
	touch "$d/$opt.old" "$d/$opt"
	run xunshare --"$opt"="$d/$opt.old" --"$opt"="$d/$opt" readlink "/proc/self/ns/$entry"
	assert_rc "xunshare --$opt=FILE: exit 0" 0
	inside=$OUT
	assert_ne "--$opt=FILE: a new namespace" "$(readlink /proc/self/ns/"$entry")" "$inside"
	is_nsfs "$d/$opt" && ok "--$opt=FILE: FILE is bound" ||
		not_ok "--$opt=FILE: FILE bound"
	run nsenter --"$opt"="$d/$opt" readlink "/proc/self/ns/$entry"
	assert_eq "--$opt=FILE: nsenter joins the same namespace" "$inside" "$OUT"
	umount "$d/$opt" "$d/$opt.old" 2>/dev/null
	rm -f "$d/$opt" "$d/$opt.old"
done

# pid: bound from pid_for_children after the fork; nsenter joins while PID 1 lives.
touch "$d/pid" "$d/mnt"
xunshare --pid="$d/pid" --mount="$d/mnt" -f --mount-proc sleep 5 &
p=$!
at_exit "kill -9 $p"
for _ in $(seq 100); do is_nsfs "$d/pid" && is_nsfs "$d/mnt" && break; sleep 0.02; done
run nsenter --pid="$d/pid" --mount="$d/mnt" ps -e -o pid=,comm=
assert_eq "--pid=FILE --mount=FILE: nsenter sees PID 1 of the namespace" "      1 sleep
      2 ps" "$OUT"
kill -9 $p
wait $p 2>/dev/null
umount "$d/pid" "$d/mnt"
rm -f "$d/pid" "$d/mnt"

# time: time_for_children, with the offsets.
touch "$d/time"
run xunshare --time="$d/time" --boottime 3600 -f cat /proc/self/timens_offsets
assert_match "--time=FILE --boottime: offsets inside" "boottime +3600 +0" "$OUT"
run nsenter --time="$d/time" cat /proc/self/timens_offsets
assert_match "--time=FILE: nsenter sees the offsets" "boottime +3600 +0" "$OUT"
umount "$d/time"
rm -f "$d/time"

# user: --user=FILE works (a helper outside binds it), and nsenter sees the map.
touch "$d/user"
run xunshare --user="$d/user" -r true
assert_rc "xunshare --user=FILE -r: exit 0" 0
run nsenter --user="$d/user" cat /proc/self/uid_map
assert_eq "--user=FILE: nsenter joins it with its map" "0 0 1" "$(echo $OUT)"
umount "$d/user"
rm -f "$d/user"
touch "$d/user" "$d/uts"
run xunshare --user="$d/user" --uts="$d/uts" -r hostname inner
assert_rc "xunshare --user=FILE --uts=FILE -r" 0
assert_eq "--user=FILE --uts=FILE: nsenter -U -u" inner \
	"$(nsenter --user="$d/user" --uts="$d/uts" hostname)"
umount "$d/user" "$d/uts"
rm -f "$d/user" "$d/uts"

# Failures leave nothing behind and name the file. A missing FILE is an error, as in
# util-linux: nothing is created, nothing stays mounted.
for f in -f -p; do
	SAME_RUNNER= same_as_original "--uts=missing $f" unshare xunshare $f --uts="$d/missing" true
	SAME_RUNNER= same_as_original "--mount=missing $f" unshare xunshare $f --mount="$d/missing" true
done
[ -e "$d/missing" ] && not_ok "--uts=missing: no file created" || ok "--uts=missing: no file created"
assert_eq "--uts=missing: nothing mounted" 0 "$(grep -c "$d/" /proc/self/mountinfo)"
run xunshare --uts=/nonexistent/x true
assert_rc "--uts=/nonexistent/x: exit 1" 1
assert_match "--uts=/nonexistent/x: message" \
	"^xunshare: mount /proc/[0-9]+/ns/uts on /nonexistent/x failed: No such file or directory$" "$ERR"
mkdir "$d/dir"
run xunshare --uts="$d/dir" true
assert_match "--uts=DIR: message" "^xunshare: mount /proc/[0-9]+/ns/uts on $d/dir failed: Not a directory$" \
	"$ERR"
chmod 755 "$T_TMP"
chmod 1777 "$d"
run setpriv --reuid=65534 --regid=65534 --clear-groups xunshare -U --uts="$d/nobody" true
assert_rc "as nobody, -U --uts=FILE: exit 1" 1
assert_eq "as nobody: a failed --uts=FILE leaves no file" "dir" "$(ls "$d")"
assert_eq "no namespace stays bound" 0 "$(grep -c "$d/" /proc/self/mountinfo)"
finish
