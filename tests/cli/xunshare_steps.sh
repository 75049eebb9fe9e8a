#!/bin/bash
# ns_unshare(3): the page's example, a PID 1 built from the library's steps, compiled against
# the in-tree libns.so and run: PID 1 in its own namespaces, the status passed on, an error
# reported with its message; and the page is mandoc -Tlint clean.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd cc
page=$LIBNS_SRC/man/ns_unshare.3

if command -v mandoc >/dev/null; then
	assert_eq "ns_unshare.3: mandoc -Tlint clean" "" "$(mandoc -Tlint -Wall "$page" 2>&1)"
fi
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$page" | sed -n '/^\.EX/,/^\.EE/p' | sed '1d;$d' |
	awk '/^\.EE/ { exit } { print }' |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$T_TMP/pid1.c"
cflags=()
if ldd "$LIBNS_BUILD/lib/libns.so.1" | grep -q libasan; then
	cflags=(-fsanitize=address,undefined)
fi
run cc -Wall -Wextra -Werror "${cflags[@]}" -I"$LIBNS_SRC/lib" -o "$T_TMP/pid1" "$T_TMP/pid1.c" \
	-L"$LIBNS_BUILD/lib" -lns
assert_rc "the example of ns_unshare(3) builds" 0
export LD_LIBRARY_PATH=$LIBNS_BUILD/lib
run "$T_TMP/pid1"
assert_eq "the example: PID 1, and sh, ps and wc alone in the namespace" "1
3" "$OUT"
assert_rc "the example: exit 0" 0
run "$T_TMP/pid1" sh -c 'exit 9'
assert_rc "the example: the child's status passed on" 9
run "$T_TMP/pid1" sh -c 'kill -TERM $$; echo alive'
assert_eq "the example: PID 1 ignores a signal it has no handler for" alive "$OUT"
run "$T_TMP/pid1" /nonexistent
assert_eq "the example: an error, with its message" \
	"pid1: failed to execute /nonexistent: No such file or directory" "$ERR"
assert_rc "the example: the child's failure is the parent's status" 1
finish
