#!/bin/bash
# libns.3: the example program of the manual page, built against the *installed* library
# through pkg-config and run; and every function the library exports is named in the page.
. "$(dirname "$0")/lib.sh"
need_cmd cc pkg-config
page=$LIBNS_SRC/man/libns.3
prefix=$T_TMP/prefix

run cmake --install "$LIBNS_BUILD" --prefix "$prefix"
assert_rc "cmake --install into a scratch prefix" 0
pcdir=$(dirname "$(find "$prefix" -name libns.pc | head -n 1)")
libdir=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=libdir libns)
assert_match "the installed libns.pc names the library" "^$prefix" "$(realpath -m "$libdir")"
[ -e "$libdir/libns.so.1" ] && ok "libns.so.1 is installed with its soname" ||
	not_ok "libns.so.1 is installed with its soname"

# The example: the first .EX ... .EE block of EXAMPLES, roff escapes undone.
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$page" | sed -n '/^\.EX/,/^\.EE/p' | sed '1d;$d' |
	awk '/^\.EE/ { exit } { print }' |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$T_TMP/example.c"
# A library built with the sanitizers needs their runtime first in the program that loads it.
cflags=()
if ldd "$libdir/libns.so.1" | grep -q libasan; then
	cflags=(-fsanitize=address,undefined)
fi
# shellcheck disable=SC2046
run cc -Wall -Wextra -Werror "${cflags[@]}" -o "$T_TMP/example" "$T_TMP/example.c" \
	$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs libns)
assert_rc "the example builds against the installed library" 0

run env LD_LIBRARY_PATH="$libdir" "$T_TMP/example"
assert_rc "the example: a process shares every namespace with its parent" 0
assert_eq "the example prints a row per entry" 10 "$(grep -c -E ' (shared|differs|unreadable)$' <<<"$OUT")"
if [ "$(id -u)" = 0 ] && have_tool xunshare; then
	run env LD_LIBRARY_PATH="$libdir" xunshare -u "$T_TMP/example"
	assert_rc "the example in a new UTS namespace: some differ" 1
	assert_eq "the example in a new UTS namespace: exactly uts differs" "uts                differs" \
		"$(grep -v shared <<<"$OUT")"
fi

# Another user may read none of the parent's entries: that is not "all shared".
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod -R a+rX "$T_TMP"
	run env LD_LIBRARY_PATH="$libdir" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$T_TMP/example"
	assert_rc "the example, every entry unreadable: status 2, not 0" 2
fi

# The examples of ns_exec(3) and ns_creds(3) build against the installed library, and fail
# the way their text says.
for ex in ns_exec ns_creds; do
	sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$LIBNS_SRC/man/$ex.3" | sed -n '/^\.EX/,/^\.EE/p' |
		sed '1d;$d' | awk '/^\.EE/ { exit } { print }' |
		sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$T_TMP/$ex.c"
	# shellcheck disable=SC2046
	run cc -Wall -Wextra -Werror "${cflags[@]}" -o "$T_TMP/$ex" "$T_TMP/$ex.c" \
		$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs libns)
	assert_rc "$ex(3): the example builds against the installed library" 0
done
run env LD_LIBRARY_PATH="$libdir" "$T_TMP/ns_exec" /nonexistent true
assert_eq "ns_exec(3) example: a root that does not exist" \
	"125 cannot change root directory to /nonexistent: No such file or directory" "$RC $ERR"
run env LD_LIBRARY_PATH="$libdir" "$T_TMP/ns_creds" libns_nosuch_user true
assert_eq "ns_creds(3) example: a user nobody knows" "125 invalid user" "$RC $ERR"

# Every exported function is on the map.
missing=()
for f in $(nm -D --defined-only "$libdir/libns.so.1" | awk '$3 ~ /^ns_/ { sub(/@.*/, "", $3); print $3 }'); do
	grep -q "^\.BR $f ()" "$page" || grep -qE "\\b$f\\b" "$page" || missing+=("$f")
done
assert_eq "libns.3 names every exported function" "" "${missing[*]}"
assert_eq "only ns_* symbols are exported" "" \
	"$(nm -D --defined-only "$libdir/libns.so.1" | awk '$2 ~ /^[TDBR]$/ && $3 !~ /^ns_/ { print $3 }')"
finish
