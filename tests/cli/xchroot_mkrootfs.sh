#!/bin/bash
# scripts/mkrootfs: the busybox image of the tutorial. A link per applet, its own users and
# os-release, empty proc/ dev/ tmp/ root/, an image.tar that `tar xf` turns back into the
# same tree; running it again changes nothing; xchroot runs a shell inside.
. "$(dirname "$0")/lib.sh"
need_cmd busybox tar

mk=$LIBNS_SRC/scripts/mkrootfs
d=$T_TMP/img
run bash "$mk" "$d"
assert_rc "mkrootfs DIR succeeds" 0
assert_eq "bin/busybox is a regular executable file" "yes" \
	"$([ -f "$d/bin/busybox" ] && [ ! -L "$d/bin/busybox" ] && [ -x "$d/bin/busybox" ] && echo yes)"
want=$(busybox --list | grep -vx busybox | sort)
have=$(cd "$d/bin" && find . -maxdepth 1 -type l -lname busybox | sed 's|^\./||' | sort)
assert_eq "a link to busybox per applet" "$want" "$have"
for dir in proc dev tmp root; do
	assert_eq "$dir/ exists and is empty" "" "$(ls -A "$d/$dir" 2>&1)"
done
assert_match "etc/passwd has root" "^root:x:0:0:" "$(cat "$d/etc/passwd")"
assert_match "etc/group has root" "^root:x:0:" "$(cat "$d/etc/group")"
assert_match "etc/os-release names BusyBox" 'NAME="BusyBox"' "$(cat "$d/etc/os-release")"
assert_ne "etc/os-release is not the host's" "$(cat /etc/os-release)" "$(cat "$d/etc/os-release")"

sum1=$(md5sum <"$d/image.tar")
run bash "$mk" "$d"
assert_rc "mkrootfs DIR again succeeds" 0
assert_eq "the second run makes the same tar" "$sum1" "$(md5sum <"$d/image.tar")"
run bash "$mk" --export "$T_TMP/export.tar"
assert_eq "--export TAR writes the same tar" "$sum1" "$(md5sum <"$T_TMP/export.tar")"
assert_eq "the tar does not hold itself" "" "$(tar tf "$d/image.tar" | grep image.tar)"

mkdir "$T_TMP/x"
tar -C "$T_TMP/x" -xf "$d/image.tar"
assert_eq "tar xf image.tar gives back the tree" "" \
	"$(diff -r --no-dereference "$d" "$T_TMP/x" 2>&1 | grep -v 'Only in .*: image.tar')"

run bash "$mk"
assert_rc "no operand: usage, exit 2" 2
run bash "$mk" --bogus
assert_rc "a bad option: exit 2" 2

if [ "$(id -u)" = 0 ] && have_tool xchroot; then
	run xchroot "$d" /bin/sh -c 'cat /etc/*-release; id -un'
	assert_match "xchroot runs the image's shell, which reads the image's files" \
		'NAME="BusyBox".*root$' "$(tr '\n' ' ' <<<"$OUT" | sed 's/ $//')"
fi
finish
