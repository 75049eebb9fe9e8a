#!/bin/bash
# The ABI of libns.so against the baseline in abi/ (abigail-tools): an incompatible change
# (a function or variable removed, a type changed) must come with a new SONAME. Additions are
# compatible and only noted. A negative control proves the check can fail: a library of the
# same SONAME that lacks most of the functions must be reported.
. "$(dirname "$0")/lib.sh"
need_cmd abidw abidiff

base=$LIBNS_SRC/abi/libns.abi
lib=$(ls "$LIBNS_BUILD"/lib/libns.so.[0-9]* 2>/dev/null | grep -E 'libns\.so\.[0-9]+$' | head -n 1)
[ -n "$lib" ] || { not_ok "libns.so is built"; finish; }
if nm -D "$lib" | grep -q __asan_; then
	echo "SKIP: $T_NAME compares the ABI of a build without sanitizers"
	exit 77
fi
[ -f "$base" ] && ok "the baseline abi/libns.abi exists" || { not_ok "the baseline abi/libns.abi exists"; finish; }

# abi_check BASELINE LIB: exits 0 when LIB may replace what BASELINE describes; prints why not.
abi_check() {
	local rc old_so new_so
	"$LIBNS_SRC/scripts/abi" diff "$1" "$2" >"$T_TMP/abidiff.out" 2>&1
	rc=$?
	old_so=$(sed -n 's/.*soname=.\([^"'\'']*\).*/\1/p' "$1" | head -n 1)
	new_so=$(objdump -p "$2" | awk '$1 == "SONAME" { print $2 }')
	if ((rc & 8)) && [ "$old_so" = "$new_so" ]; then
		echo "incompatible ABI change without a new SONAME ($new_so):"
		cat "$T_TMP/abidiff.out"
		return 1
	fi
	if ((rc & 3)); then
		echo "abidiff failed ($rc):"
		cat "$T_TMP/abidiff.out"
		return 1
	fi
	return 0
}

if abi_check "$base" "$lib" >"$T_TMP/check.out"; then
	ok "libns.so's ABI is compatible with abi/libns.abi or has a new SONAME"
	grep -q . "$T_TMP/abidiff.out" && sed 's/^/  # /' "$T_TMP/abidiff.out" | head -n 20
else
	not_ok "libns.so's ABI is compatible with abi/libns.abi or has a new SONAME"
	sed 's/^/  /' "$T_TMP/check.out" | head -n 60
	echo "  (a deliberate change: bump SOVERSION in lib/CMakeLists.txt, then scripts/abi update)"
fi

# The negative control: the same SONAME with three of the library's files only.
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
cc -shared -fPIC -g -O0 -D_GNU_SOURCE -I"$LIBNS_SRC/lib" -o "$T_TMP/$soname" \
	-Wl,-soname,"$soname" -Wl,--version-script="$LIBNS_SRC/lib/libns.sym" \
	"$LIBNS_SRC/lib/error.c" "$LIBNS_SRC/lib/trace.c" "$LIBNS_SRC/lib/nstype.c" 2>"$T_TMP/cc.err" ||
	{ not_ok "the negative control builds"; cat "$T_TMP/cc.err"; }
if abi_check "$base" "$T_TMP/$soname" >/dev/null; then
	not_ok "a library of the same SONAME lacking functions is reported as incompatible"
else
	ok "a library of the same SONAME lacking functions is reported as incompatible"
fi
finish
