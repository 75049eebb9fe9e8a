#!/bin/bash
# nsdiff --tree, --dot and --pids on namespaces this test makes: which user namespace owns
# which, the PID and user parent trees with an ancestor no process is in, Graphviz DOT of the
# trees and of --all, and a process's PID at every level from the host down.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd nsdiff lsns
have_tool xunshare || finish
UNSHARE=xunshare
NL=$'\n'
ino() { stat -L -c %i "/proc/$1/ns/$2"; }

# Two levels of user and PID namespaces: the sleep is PID 1 of the inner one.
xunshare -U -r -p -f --mount-proc xunshare -p -f --mount-proc sleep 600 </dev/null >/dev/null 2>&1 &
P=$!
disown "$P"
at_exit "kill -9 $P"
C1=$(child_named "$P" xunshare) && S=$(child_named "$C1" sleep) ||
	{ not_ok "the nested sleep started"; finish; }
HOST_PID=$(ino self pid)
# The middle level is the namespace of the sleep's parent (PID 1 there).
MID=$(ino "$(awk '/^PPid/ { print $2 }' "/proc/$S/status")" pid)
run nsdiff --pids "$S"
assert_rc "--pids: exit 0" 0
assert_eq "--pids: three levels, host down, each with its namespace" \
	"$(printf '%5s %8s  %s\n' LEVEL PID "PID NAMESPACE")
$(printf '%5d %8d  pid:[%s] (the one /proc shows)' 0 "$S" "$HOST_PID")
$(printf '%5d %8d  pid:[%s]' 1 "$(awk '/^NSpid/ { print $3 }' "/proc/$S/status")" "$MID")
$(printf '%5d %8d  pid:[%s] (its own)' 2 1 "$(ino "$S" pid)")" "$OUT"
assert_eq "--pids -J: the levels' PIDs as NSpid says" \
	"$(awk '/^NSpid/ { $1 = ""; print substr($0, 2) }' "/proc/$S/status")" \
	"$(nsdiff --pids "$S" -J | jq -r '[.levels[].pid] | join(" ")')"

# An ancestor no process shows: the outer user namespace's only process went on into the
# inner one.
xunshare -U -r xunshare -U sleep 600 </dev/null >/dev/null 2>&1 &
A=$!
disown "$A"
at_exit "kill -9 $A"
wait_comm "$A" sleep
INNER=$(ino "$A" user)
OUTER=$(nsdiff --list -J -t user -o NS,PNS | jq -r --argjson n "$INNER" '.namespaces[] | select(.ns == $n) | .pns')
[ -n "$OUTER" ] && [ "$OUTER" != 0 ] && ok "the inner user namespace has a parent ($OUTER)" ||
	not_ok "the inner user namespace has a parent"
[ -z "$(lsns -n -o NS -t user | awk -v n="$OUTER" '$1 == n')" ] && ok "lsns does not list $OUTER" ||
	not_ok "lsns does not list $OUTER"

run nsdiff --tree
assert_rc "--tree: exit 0" 0
assert_match "--tree: the ancestor, with what shows it" \
	"user:\[$OUTER\]  \(parent of $INNER\)" "$OUT"
assert_match "--tree: the inner user namespace under it, with its process" \
	"$NL *(│ |  )*└─user:\[$INNER\]  1 process, PID $A sleep 600" "$OUT"
run nsdiff --tree --dot
assert_match "--tree --dot: a digraph" "^digraph namespaces \{" "$OUT"
assert_match "--tree --dot: the owner's edge" "\"$OUTER\" -> \"$INNER\";" "$OUT"
assert_match "--tree --dot: the uts namespace owned by the inner user namespace" \
	"\"$INNER\" -> \"$(ino "$S" uts)\";|\"$(ino "$S" user)\" -> \"$(ino "$S" mnt)\";" "$OUT"
assert_match "--tree --dot: a namespace with no process is dashed" \
	"\"$OUTER\" \[label=\"user:\[$OUTER\]  \(parent of $INNER\)\", style=dashed\];" "$OUT"
run nsdiff --tree --no-hidden
[[ $OUT != *"$OUTER"* ]] && ok "--tree --no-hidden: no ancestor" || not_ok "--tree --no-hidden: no ancestor"

run nsdiff --tree=parent --dot
assert_match "--tree=parent: the host's PID namespace is the sleep's grandparent" \
	"\"$HOST_PID\" -> \"[0-9]+\";" "$OUT"
assert_match "--tree=parent: the sleep's PID namespace has a parent" "\"[0-9]+\" -> \"$(ino "$S" pid)\";" "$OUT"
[[ $OUT != *"\"$(ino "$S" uts)\""* ]] && ok "--tree=parent: only pid and user namespaces" ||
	not_ok "--tree=parent: only pid and user namespaces"
run nsdiff --tree=process
assert_rc "--tree=process: exit 0" 0

# --all --dot: a box per group, the namespaces it does not share with the caller.
start_in_ns -u && U=$NS_PID
run nsdiff --all --dot
assert_match "--all --dot: a digraph" "^digraph groups \{" "$OUT"
assert_match "--all --dot: the uts process's edge" "\"g$U\" -> \"uts:\[$(ino "$U" uts)\]\";" "$OUT"

# Many processes in namespaces of their own (the scan then opens those entries at once):
# each one's owner as lsns says it, some owned by a user namespace of their own.
MANY=
for i in 1 2 3 4 5 6; do
	start_in_ns -u -i && MANY="$MANY|$(ino "$NS_PID" uts)|$(ino "$NS_PID" ipc)"
	start_in_ns -U -u -i && MANY="$MANY|$(ino "$NS_PID" uts)|$(ino "$NS_PID" ipc)"
done
many() { awk -v p="^(${MANY#|})$" '$1 ~ p' | sort; }
assert_eq "many uts and ipc namespaces: each one's owner as lsns says" \
	"$(lsns -n -r -o NS,TYPE,ONS -t uts -t ipc | many)" \
	"$(nsdiff --list -n -r -o NS,TYPE,ONS -t uts -t ipc | many)"
assert_eq "many: all 24 listed" 24 "$(nsdiff --list -n -r -o NS -t uts -t ipc | many | wc -l)"
run nsdiff --tree --dot
assert_eq "many: each one under its owner in --tree --dot" \
	"$(lsns -n -r -o ONS,NS -t uts -t ipc | awk '{ printf "\"%s\" -> \"%s\";\n", $1, $2 }' |
		grep -E "> \"(${MANY#|})\";" | sort)" \
	"$(grep -E "> \"(${MANY#|})\";" <<<"$OUT" | tr -d '\t' | sort)"

# Bad input
run nsdiff --tree=bogus
assert_eq "--tree=bogus: lsns's message" "nsdiff: unknown tree type: bogus" "$ERR"
assert_rc "--tree=bogus: lsns's status" 1
run nsdiff --pids abc
assert_eq "--pids abc" "nsdiff: invalid PID argument: 'abc'" "$ERR"
assert_rc "--pids abc: exit 2" 2
run nsdiff --pids 99999999
assert_eq "--pids of no process" "nsdiff: cannot open /proc/99999999/status: No such process" "$ERR"
run nsdiff --dot self
assert_rc "--dot without --tree or --all: exit 2" 2
finish
