#!/bin/bash
# examples/join.c (issue 10): joins one namespace of a PID and runs a program, passes its
# exit status, and says "No such process" for a PID that does not exist; and the same
# program as ns_enter.3's example.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare nsenter cc
join=$LIBNS_BUILD/examples/join
[ -x "$join" ] || { not_ok "examples/join is built"; finish; }

start_in_ns -f -p -u --mount-proc
T=$NS_PID
nsenter -t "$T" -u hostname joined-host
assert_eq "join PID uts hostname: the target's" joined-host "$("$join" "$T" uts hostname)"
assert_eq "join PID uts: its namespace" "$(readlink "/proc/$T/ns/uts")" \
	"$("$join" "$T" uts readlink /proc/self/ns/uts)"
run "$join" "$T" pid sh -c 'exit 7'
assert_rc "join PID pid: the program's exit status passes (it ran in a child)" 7
run "$join" 424242 net true
assert_rc "join, no such PID: exit 1" 1
assert_eq "join, no such PID: the message" \
	"join: cannot open /proc/424242/ns/net: No such process" "$ERR"
run "$join" "$T" nosuch true
assert_rc "join, an unknown type: usage, exit 2" 2

# ns_enter.3's example: the same program, compiled from the page against the built library.
page=$LIBNS_SRC/man/ns_enter.3
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$page" | sed -n '/^\.EX/,/^\.EE/p' | sed '1d;$d' |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' >"$T_TMP/example.c"
# A library built with the sanitizers needs their runtime first in the program that loads it.
san=()
ldd "$LIBNS_BUILD"/lib/libns.so.[0-9] | grep -q libasan && san=(-fsanitize=address,undefined)
run cc -Wall -Wextra -Werror "${san[@]}" -I "$LIBNS_SRC/lib" -o "$T_TMP/example" \
	"$T_TMP/example.c" -L "$LIBNS_BUILD/lib" -lns
assert_rc "ns_enter.3's example builds" 0
run env LD_LIBRARY_PATH="$LIBNS_BUILD/lib" "$T_TMP/example" "$T" uts hostname
assert_eq "ns_enter.3's example: the target's hostname" joined-host "$OUT"
run env LD_LIBRARY_PATH="$LIBNS_BUILD/lib" "$T_TMP/example" 424242 net true
assert_eq "ns_enter.3's example: no such PID" \
	"join: cannot open /proc/424242/ns/net: No such process" "$ERR"
finish
