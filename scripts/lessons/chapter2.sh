# shellcheck shell=bash
# What the lessons of chapter 2 (escape, pod, rootless, overlay) share on top of common.sh:
# the tutorial's image made afresh in the lesson's scratch directory, and the programs of the
# build they run besides the tools (examples/, tests/helpers/). Source it after common.sh.

# l_image DIR: the tutorial's busybox image in DIR (scripts/mkrootfs, as the tutorial makes
# ./busybox-image), a scratch copy of the lesson's own: build/tutorial is never touched.
l_image() {
	"$L_SRC/scripts/mkrootfs" "$1" >"$L_TMP/.mkrootfs.log" 2>&1 ||
		skip "scripts/mkrootfs cannot make the image: $(tail -n 1 "$L_TMP/.mkrootfs.log")"
	rm -f "$1/image.tar"
}

# need_built PATH: a program of the build ($LIBNS_BUILD/PATH); skip while it is not built.
need_built() {
	[ -x "$LIBNS_BUILD/$1" ] || skip "$LIBNS_BUILD/$1 is not built yet (scripts/build)"
}

# check_line NAME LINE TEXT: TEXT has LINE as one whole line.
check_line() {
	grep -qxF -- "$2" <<<"$3"
	l_result $? "$1" "$(printf '  no line: %q\n  in:      %q' "$2" "$3")"
}
