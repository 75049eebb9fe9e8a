#!/bin/bash
# libmount is dlopen'ed on the first mount-table query (DESIGN.md rule 5): no tool or library
# links it, a run that reads no mount table never maps it, and nsdiff --all, which lists the
# nsfs bind mounts, does.
. "$(dirname "$0")/lib.sh"
need_cmd readelf nsdiff

# ---- nothing links it
for f in "$LIBNS_BUILD"/bin/* "$LIBNS_BUILD"/lib/libns.so*; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	readelf -d "$f" >/dev/null 2>&1 || continue
	needed=$(readelf -d "$f" | awk '/NEEDED/ { print $NF }' | tr -d '[]' | xargs)
	if [[ $needed == *libmount* ]]; then
		not_ok "$(basename "$f") does not link libmount (NEEDED: $needed)"
	else
		ok "$(basename "$f") does not link libmount (NEEDED: $needed)"
	fi
done

# loaded CMD...: "yes" when the dynamic loader maps libmount during the run, else "no".
loaded() {
	LD_DEBUG=libs LD_DEBUG_OUTPUT="$T_TMP/ld" "$@" >/dev/null 2>&1
	if cat "$T_TMP"/ld.* 2>/dev/null | grep -q 'calling init: .*libmount\.so'; then
		echo yes
	else
		echo no
	fi
	rm -f "$T_TMP"/ld.*
}

# ---- a run without a mount-table query never maps it
assert_eq "nsdiff self self: libmount not loaded" no "$(loaded nsdiff self self)"
assert_eq "nsdiff -J self: not loaded" no "$(loaded nsdiff -J self)"
assert_eq "nsdiff --diff self self: not loaded" no "$(loaded nsdiff --diff self self)"
assert_eq "nsdiff --version: not loaded" no "$(loaded nsdiff --version)"
for tool in xunshare xchroot nsenter-lite; do
	if command -v "$tool" >/dev/null; then
		assert_eq "$tool --version: not loaded" no "$(loaded "$tool" --version)"
	fi
done

# ---- the first query loads it
assert_eq "nsdiff --all: libmount loaded" yes "$(loaded nsdiff --all)"

# ---- a libmount that cannot be loaded: the groups, then a clear message and exit 2
mkdir "$T_TMP/broken"
: >"$T_TMP/broken/libmount.so.1"
run env LD_LIBRARY_PATH="$T_TMP/broken" nsdiff --all
assert_rc "broken libmount: nsdiff --all exits 2" 2
assert_match "broken libmount: the groups are shown" "none \(yours\)" "$OUT"
assert_match "broken libmount: the message names it" \
	"^nsdiff: namespace files not listed: cannot load libmount\.so\.1 \(.*\): " "$ERR"
run env LD_LIBRARY_PATH="$T_TMP/broken" nsdiff self self
assert_rc "broken libmount: nsdiff self self does not need it, exit 0" 0

# The same seen from the kernel's side: the files the process opens.
if command -v strace >/dev/null; then
	strace -f -qq -e trace=openat -o "$T_TMP/trace" nsdiff self self >/dev/null 2>&1
	assert_eq "strace nsdiff self self: libmount.so never opened" 0 \
		"$(grep -c 'libmount\.so' "$T_TMP/trace")"
	strace -f -qq -e trace=openat -o "$T_TMP/trace" nsdiff --all >/dev/null 2>&1
	assert_match "strace nsdiff --all: libmount.so opened" 'libmount\.so' "$(cat "$T_TMP/trace")"
fi

finish
