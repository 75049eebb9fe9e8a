#!/bin/bash
# The Debian packages (debian/): built from a copy of the source tree with
# dpkg-buildpackage -us -uc -b (once with DEB_BUILD_OPTIONS=nocheck), lintian-clean, installed
# with dpkg -i; the installed tools run (--version, the tutorial's step 2), the manual page's
# example builds against the installed libns-dev through pkg-config, and dpkg --purge leaves
# nothing of libns on the machine, also when a check fails.
. "$(dirname "$0")/lib.sh"
need_root
skip_in_sanitizer_build "the packages are built from the source, not from this build"
need_cmd dpkg dpkg-query apt-get tar cc

pkgs=(libns-tools libns-dev libns1)
installed() { dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null | grep -v 'not-installed$'; }
if [ -n "$(installed)" ]; then
	echo "SKIP: $T_NAME: libns packages are installed already, and the test would remove them"
	exit 77
fi
for f in /usr/lib/*/libns.so* /usr/lib/*/libns.a /usr/include/libns.h /usr/bin/xunshare /usr/sbin/xchroot; do
	if [ -e "$f" ]; then
		echo "SKIP: $T_NAME: $f exists (not from a package); the test would not see its own"
		exit 77
	fi
done

# The package build's tools: as scripts/setup does, what is missing, with apt-get.
apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
		>"$T_TMP/apt.log" 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "$@" >"$T_TMP/apt.log" 2>&1; }
}
missing=()
for p in dpkg-dev debhelper fakeroot lintian; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && ! apt_install "${missing[@]}"; then
	not_ok "apt-get install ${missing[*]}"
	tail -n 20 "$T_TMP/apt.log"
	finish
fi

# A copy of the tree as it is (uncommitted changes too), without build products.
src=$T_TMP/src/libns-1.0.0
mkdir -p "$src"
tar -C "$LIBNS_SRC" --exclude='./build*' --exclude=./.git --exclude='./obj-*' \
	--exclude=./debian/.debhelper --exclude=./debian/tmp --exclude=./debian/files \
	--exclude=./debian/libns1 --exclude=./debian/libns-dev --exclude=./debian/libns-tools \
	--exclude='./debian/*.substvars' --exclude='./debian/*.log' \
	--exclude=./debian/debhelper-build-stamp -cf - . | tar -C "$src" -xf -
if ! (cd "$src" && dpkg-checkbuilddeps) >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq "$src" >"$T_TMP/apt.log" 2>&1 ||
		{ not_ok "apt-get build-dep (the Build-Depends of debian/control)"; tail -n 20 "$T_TMP/apt.log"; finish; }
fi
(cd "$src" && find . -path ./debian -prune -o -type f -print | sort | xargs md5sum) >"$T_TMP/tree.before"

# Out of the test's environment: the build's own tests set theirs.
build() {
	(cd "$src" && env -u LIBNS_SRC -u LIBNS_BUILD PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" \
		dpkg-buildpackage -us -uc -b) >"$T_TMP/dpkg-buildpackage.log" 2>&1
}
if build env DEB_BUILD_OPTIONS=nocheck; then
	ok "dpkg-buildpackage -us -uc -b with DEB_BUILD_OPTIONS=nocheck"
else
	not_ok "dpkg-buildpackage -us -uc -b with DEB_BUILD_OPTIONS=nocheck"
	tail -n 30 "$T_TMP/dpkg-buildpackage.log"
fi
assert_eq "... runs no test" "" "$(grep -E 'ctest|tests passed' "$T_TMP/dpkg-buildpackage.log")"
if build env; then
	ok "dpkg-buildpackage -us -uc -b"
else
	not_ok "dpkg-buildpackage -us -uc -b"
	tail -n 40 "$T_TMP/dpkg-buildpackage.log"
	finish
fi
assert_match "... runs the tests that need no root (dh_auto_test), and they pass" \
	"100% tests passed, 0 tests failed out of [1-9]" "$(cat "$T_TMP/dpkg-buildpackage.log")"
(cd "$src" && find . -path ./debian -prune -o -path './obj-*' -prune -o -type f -print | sort |
	xargs md5sum) >"$T_TMP/tree.after"
assert_eq "the build writes nothing in the source tree outside debian/ and obj-*/" "" \
	"$(diff "$T_TMP/tree.before" "$T_TMP/tree.after")"
out=$T_TMP/src
for p in libns1 libns-dev libns-tools; do
	[ -f "$out/${p}_1.0.0_$(dpkg --print-architecture).deb" ] && ok "$p is built" || not_ok "$p is built"
done
assert_match "libns1 holds the library by its soname" "usr/lib/[^/]+/libns.so.1 ->" \
	"$(dpkg-deb -c "$out"/libns1_1.0.0_*.deb)"
dev=$(dpkg-deb -c "$out"/libns-dev_1.0.0_*.deb)
for f in usr/include/libns.h /libns.so /libns.a pkgconfig/libns.pc man3/libns.3.gz; do
	assert_match "libns-dev holds $f" "$f" "$dev"
done
tools=$(dpkg-deb -c "$out"/libns-tools_1.0.0_*.deb)
for f in bin/xunshare sbin/xchroot bin/nsenter-lite bin/nsdiff man1/xunshare.1.gz \
	man8/xchroot.8.gz completions/nsdiff; do
	assert_match "libns-tools holds $f" "$f" "$tools"
done

if [ "$(command -v lintian)" ]; then
	lint=$(lintian "$out"/libns_1.0.0_*.changes 2>&1 | grep -v 'running with root privileges')
	assert_eq "lintian on the .changes: no error, no warning" "" "$(grep -E '^[EW]: ' <<<"$lint")"
	[ -z "$lint" ] || sed 's/^/# lintian: /' <<<"$lint"
else
	not_ok "lintian is installed"
fi

# Installed, and removed whatever happens next.
at_exit "dpkg --purge ${pkgs[*]}"
run dpkg -i "$out"/libns1_1.0.0_*.deb "$out"/libns-dev_1.0.0_*.deb "$out"/libns-tools_1.0.0_*.deb
assert_rc "dpkg -i libns1 libns-dev libns-tools" 0
for t in /usr/bin/xunshare /usr/sbin/xchroot /usr/bin/nsenter-lite /usr/bin/nsdiff; do
	run "$t" --version
	assert_eq "installed $t --version" "$(basename "$t") from libns 1.0.0" "$OUT"
done
assert_match "man finds the installed pages" "/usr/share/man/man8/xchroot.8.gz" "$(man -w xchroot 2>&1)"
img=$T_TMP/img
bash "$LIBNS_SRC/scripts/mkrootfs" "$img" >/dev/null 2>&1
# shellcheck disable=SC2016
run env PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/bin/xunshare -p -f --mount-proc \
	/usr/sbin/xchroot "$img" /bin/sh -c 'echo $$'
assert_rc "the tutorial's step 2 with the installed tools" 0
assert_eq "... echo \$\$ prints 1" "1" "$OUT"

# The installed -dev: the manual page's example and every examples/*.c, through pkg-config.
assert_eq "pkg-config finds the installed libns" "1.0.0" "$(pkg-config --modversion libns 2>&1)"
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$src/man/libns.3" | sed -n '/^\.EX/,/^\.EE/p' | sed '1d;$d' |
	awk '/^\.EE/ { exit } { print }' |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$T_TMP/example.c"
# shellcheck disable=SC2046
run cc -Wall -Wextra -Werror -o "$T_TMP/example" "$T_TMP/example.c" $(pkg-config --cflags --libs libns)
assert_rc "libns.3's example builds against the installed libns-dev" 0
assert_match "... linked to the installed libns.so.1" "libns.so.1 => (/usr)?/lib/[^ ]+/libns.so.1" \
	"$(ldd "$T_TMP/example")"
run "$T_TMP/example"
assert_rc "... and runs: a process shares every namespace with its parent" 0
shopt -s nullglob
for ex in "$src"/examples/*.c; do
	# shellcheck disable=SC2046
	run cc -Wall -Wextra -Werror -o "$T_TMP/$(basename "$ex" .c)" "$ex" $(pkg-config --cflags --libs libns)
	assert_rc "examples/$(basename "$ex") builds against the installed libns-dev" 0
done

run dpkg --purge "${pkgs[@]}"
assert_rc "dpkg --purge libns-tools libns-dev libns1" 0
assert_eq "no libns package is left (dpkg -l)" "" "$(installed)"
assert_eq "no libns file is left" "" \
	"$(ls -d /usr/lib/*/libns.so* /usr/lib/*/libns.a /usr/lib/*/pkgconfig/libns.pc /usr/include/libns.h \
		/usr/bin/xunshare /usr/sbin/xchroot /usr/share/man/man1/xunshare.1.gz \
		/usr/share/doc/libns1 /usr/share/doc/libns-dev /usr/share/doc/libns-tools 2>/dev/null)"
finish
