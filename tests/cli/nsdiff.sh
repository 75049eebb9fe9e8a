#!/bin/bash
# nsdiff on the real kernel: processes started in new namespaces by util-linux unshare(1),
# compared with this shell; the identities against readlink; --diff against the tutorial's
# pipeline; --json through jq; --all with a namespace of its own and a namespace file.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd unshare jq nsdiff

ENTRIES="cgroup ipc mnt net pid pid_for_children time time_for_children user uts"

# start_in FLAGS...: `unshare FLAGS sleep` in the background; $PID is the sleeping process
# (unshare itself when it execs sleep, its child when it forks with -f).
start_in() { start_in_ns "$@" && PID=$NS_PID; }

NL=$'\n'
# The entry names of a table's rows, space separated.
rows() { awk -v list=" $ENTRIES " 'NR > 1 && index(list, " " $1 " ") { print $1 }' <<<"$1" | xargs; }

# The entries nsdiff's table says differ, space separated.
differing() { nsdiff "$@" | awk '$NF == "differ" { printf "%s%s", sep, $1; sep = " " }'; }

pipeline() { # A B: the tutorial's by-hand comparison
	diff <(ls -Al "/proc/$1/ns" 2>/dev/null | awk '{ print $9 $10 $11 }') \
		<(ls -Al "/proc/$2/ns" 2>/dev/null | awk '{ print $9 $10 $11 }')
}

# ---- the tutorial's case: a container's namespaces except user, cgroup and time
start_in -m -u -i -n -p -f
run nsdiff "$PID"
assert_rc "tutorial case: exit 1 (some differ)" 1
assert_eq "tutorial case: exactly ipc mnt net pid pid_for_children uts differ" \
	"ipc mnt net pid pid_for_children uts" "$(differing "$PID")"
assert_match "tutorial case: a header line" "^ENTRY +PID $PID +PID [0-9]+ \(self\) +STATE" \
	"$(head -n 1 <<<"$OUT")"
assert_eq "tutorial case: a row per entry, header and summary" 12 "$(wc -l <<<"$OUT")"
assert_eq "tutorial case: the summary" "6 of 10 entries differ: ipc,mnt,net,pid,pid_for_children,uts" \
	"$(tail -n 1 <<<"$OUT")"
TUT=$PID

# ---- identities are what readlink and stat say
ok_ids=1
for e in $ENTRIES; do
	want=$(readlink "/proc/$TUT/ns/$e")
	got=$(nsdiff -J "$TUT" | jq -r --arg e "$e" '.entries[] | select(.entry == $e) | .a.text')
	ino=$(nsdiff -J "$TUT" | jq -r --arg e "$e" '.entries[] | select(.entry == $e) | .a.inode')
	row=$(nsdiff -t "$e" "$TUT" | awk -v e="$e" '$1 == e { print $2 }')
	if [ "$want" != "$got" ] || [ "$want" != "$row" ] ||
		[ "$ino" != "$(stat -L -c %i "/proc/$TUT/ns/$e")" ]; then
		ok_ids=0
		echo "  $e: readlink $want, json $got ($ino), table $row"
	fi
done
assert_eq "identities equal readlink /proc/PID/ns/* and stat" 1 "$ok_ids"

# ---- each namespace flag alone differs in exactly its own rows
for c in "-m:mnt" "-u:uts" "-i:ipc" "-n:net" "-p -f:pid pid_for_children" "-U:user" \
	"-C:cgroup" "-T -f:time time_for_children"; do
	flags=${c%%:*} want=${c#*:}
	# shellcheck disable=SC2086
	start_in $flags
	assert_eq "unshare $flags: exactly $want differ" "$want" "$(differing "$PID")"
	run nsdiff -q "$PID" self
	assert_rc "unshare $flags: -q exit 1" 1
	assert_eq "unshare $flags: -q prints nothing" "" "$OUT"
	assert_eq "unshare $flags: --json differ list" "$want" \
		"$(nsdiff -J "$PID" | jq -r '.differ | join(" ")')"
done

# ---- unreadable is neither shared nor different
start_in -p # no fork: pid_for_children has no process yet and cannot be read
run nsdiff "$PID"
assert_rc "unreadable pid_for_children: exit 0, not a difference" 0
assert_match "unreadable pid_for_children: shown as unreadable" \
	"pid_for_children +- +pid:\[[0-9]+\] +unreadable \(A: No such file or directory\)" "$OUT"
assert_eq "unreadable pid_for_children: --json" "pid_for_children" \
	"$(nsdiff -J "$PID" | jq -r '.unreadable | join(" ")')"
UNREAD=$PID

# Nothing readable at all is not "all shared": another user may not look at our namespaces.
if command -v setpriv >/dev/null; then
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$(command -v nsdiff)" "$UNREAD"
	assert_rc "every entry unreadable (EACCES): exit 2" 2
	assert_match "every entry unreadable: each row says why" \
		"uts +- +uts:\[[0-9]+\] +unreadable \(A: Permission denied\)" "$OUT"
	assert_eq "every entry unreadable: the message" \
		"nsdiff: no entry could be compared: every one is unreadable" "$ERR"
fi

# ---- --diff is what the tutorial's pipeline prints, byte for byte, and its status
for pair in "$TUT $$" "$$ $TUT" "$$ $$" "$UNREAD $$" "$TUT $UNREAD" "$UNREAD $UNREAD"; do
	# shellcheck disable=SC2086
	set -- $pair
	want=$(pipeline "$1" "$2")
	wrc=$?
	run nsdiff --diff "$1" "$2"
	assert_eq "--diff $pair: byte-identical with diff <(ls -Al | awk)" "$want" "$OUT"
	assert_rc "--diff $pair: exit status of diff ($wrc)" "$wrc"
done
pipeline "$TUT" $$ >"$T_TMP/want"
nsdiff --diff "$TUT" $$ >"$T_TMP/got"
assert_eq "--diff: same bytes, trailing newline included" "$(md5sum <"$T_TMP/want")" \
	"$(md5sum <"$T_TMP/got")"
assert_match "--diff: normal-format hunks" $'^3,7c3,7\n< ipc->' "$(cat "$T_TMP/got")"

run nsdiff -q --diff "$TUT" $$
assert_eq "--diff -q: nothing printed" "" "$OUT"
assert_rc "--diff -q: exit 1 all the same" 1
run nsdiff -q --diff $$ self
assert_rc "--diff -q of the same namespaces: exit 0" 0
run nsdiff --diff -t uts,net "$TUT" $$
assert_eq "--diff -t uts,net: only those lines" $'2,3c2,3\n< net->'"$(readlink /proc/$TUT/ns/net)"$'\n< uts->'"$(readlink /proc/$TUT/ns/uts)"$'\n---\n> net->'"$(readlink /proc/$$/ns/net)"$'\n> uts->'"$(readlink /proc/$$/ns/uts)" "$OUT"

# ---- --json parses, inode numbers are numbers
run nsdiff -J "$TUT"
assert_rc "--json: exit 1" 1
assert_eq "--json parses" "ok" "$(jq -r 'if (.entries | length) == 10 then "ok" else "bad" end' <<<"$OUT")"
assert_eq "--json: inodes are numbers" "number" "$(jq -r '.entries[0].a.inode | type' <<<"$OUT")"
assert_eq "--json: b is the caller" "true" "$(jq -r '.b.self' <<<"$OUT")"
run nsdiff -J -q "$TUT"
assert_eq "--json -q: nothing printed" "" "$OUT"

# ---- -t limits the rows
run nsdiff -t uts,net "$TUT"
assert_eq "-t uts,net: those rows" "net uts" "$(rows "$OUT")"
run nsdiff -t pid "$TUT"
assert_eq "-t pid: pid and pid_for_children" "pid pid_for_children" \
	"$(rows "$OUT")"
run nsdiff -t cgroup,user "$TUT"
assert_rc "-t cgroup,user: these are shared, exit 0" 0
run nsdiff self
assert_rc "self with itself: exit 0" 0

# ---- --all: a process in its own uts namespace is a group of its own
start_in -u
UTS=$PID
# A namespace file: a uts namespace nobody is in, kept by a bind mount on a private mount.
mnt=$T_TMP/nsfs
mkdir -p "$mnt"
mount --bind "$mnt" "$mnt" && at_exit "umount -l '$mnt'"
mount --make-private "$mnt"
touch "$mnt/uts"
unshare --uts="$mnt/uts" true && at_exit "umount '$mnt/uts'"
run nsdiff --all
assert_rc "--all: exit 0" 0
assert_match "--all: header" "^ +PROCS +PID +DIFFER FROM CALLER +COMMAND" "$(head -n 1 <<<"$OUT")"
assert_match "--all: the uts process is a group of its own" \
	"(^|$NL) +1 +$UTS +uts +sleep 600($NL|$)" "$OUT"
assert_match "--all: the tutorial's container" \
	"(^|$NL) +1 +$TUT +ipc,mnt,net,pid,pid_for_children,uts +sleep 600" "$OUT"
assert_match "--all: the caller's own group" "none \(yours\)" "$OUT"
assert_match "--all: the namespace file with its path, held by no process" \
	"uts +uts:\[$(stat -L -c %i "$mnt/uts")\] +0 +$mnt/uts" "$OUT"
run nsdiff --all -J
assert_eq "--all --json: the uts group" "1 uts sleep 600" \
	"$(jq -r --argjson p "$UTS" '.groups[] | select(.pid == $p) | "\(.nprocs) \(.differ | join(",")) \(.command)"' <<<"$OUT")"
assert_eq "--all --json: the file" "$(stat -L -c %i "$mnt/uts") 0 uts" \
	"$(jq -r --arg f "$mnt/uts" '.files[] | select(.path == $f) | "\(.inode) \(.nprocs) \(.type)"' <<<"$OUT")"
# A namespace file in another mount namespace only: found through that namespace's table.
unshare -m sh -c "mount -t tmpfs none '$mnt' && touch '$mnt/net' && unshare --net='$mnt/net' true &&
	exec sleep 300" </dev/null >/dev/null 2>&1 &
INNER=$!
disown "$INNER"
at_exit "kill -9 $INNER"
wait_comm "$INNER" sleep
run nsdiff --all
assert_match "--all: a namespace file of another mount namespace, with whose table" \
	"net +net:\[[0-9]+\] +0 +$mnt/net +\(in the mount namespace of PID $INNER\)" "$OUT"
assert_eq "--all: the caller's file is not repeated for the namespace that inherited it" 1 \
	"$(grep -cF "$mnt/uts" <<<"$OUT")"
assert_eq "--all --json: the other table's file" "$INNER" \
	"$(nsdiff --all -J | jq -r --arg f "$mnt/net" '.files[] | select(.path == $f) | .mount_table_pid')"
[ -e "$mnt/net" ] && not_ok "the inner file is not in our mount namespace" || ok "the inner file is not in our mount namespace"

run nsdiff --all -t net
assert_match "--all -t net: the uts process is in the caller's group" "none \(yours\)" "$OUT"
if [[ $OUT == *" $UTS "* ]]; then not_ok "--all -t net: $UTS is not a group leader"; else ok "--all -t net: $UTS is not a group leader"; fi
run nsdiff --all -q
assert_eq "--all -q: nothing printed" "" "$OUT"

# ---- a command line of any bytes: escaped for the terminal, valid JSON
unshare -u bash -c $'exec -a \'odd\tname\xff\' sleep 300' </dev/null >/dev/null 2>&1 &
ODD=$!
disown "$ODD"
at_exit "kill -9 $ODD"
wait_comm "$ODD" sleep
assert_match "--all: control and non-UTF-8 bytes of a command as \\xHH" \
	"(^|$NL) +1 +$ODD +uts +odd\\\\x09name\\\\xff 300($NL|$)" "$(nsdiff --all)"
assert_eq "--all --json: the same command, valid JSON" "$(printf 'odd\tname\357\277\275 300')" \
	"$(nsdiff --all -J | python3 -c 'import json, sys; d = json.load(sys.stdin)
print(next(g["command"] for g in d["groups"] if g["pid"] == '"$ODD"'))')"

# ---- processes that come and go during the scan are not trouble
(
	end=$((SECONDS + 3))
	while [ $SECONDS -lt $end ]; do
		for i in 1 2 3 4 5 6 7 8; do unshare -u -i true & done
		wait
	done
) </dev/null >/dev/null 2>&1 &
CHURN=$!
at_exit "kill -9 $CHURN"
bad=0
for ((i = 0; i < 20; i++)); do
	nsdiff --all >/dev/null 2>"$T_TMP/churn.err" || bad=$((bad + 1))
	nsdiff --all -J | jq -e .groups >/dev/null 2>&1 || bad=$((bad + 1))
done
wait "$CHURN" 2>/dev/null
assert_eq "--all while processes start and end: always exit 0 and valid JSON" 0 "$bad"

# ---- bad input: a message and exit 2
run nsdiff abc
assert_rc "invalid PID: exit 2" 2
assert_eq "invalid PID: message" "nsdiff: invalid PID argument: 'abc'" "$ERR"
run nsdiff self 0
assert_eq "PID 0: invalid" "nsdiff: invalid PID argument: '0'" "$ERR"
run nsdiff 99999999
assert_rc "no such process: exit 2" 2
assert_eq "no such process: names the path" \
	"nsdiff: cannot open /proc/99999999/ns: No such file or directory" "$ERR"
run nsdiff -t foo,net self
assert_rc "unknown type: exit 2" 2
assert_eq "unknown type: named" "nsdiff: unknown namespace type: 'foo'" "$ERR"
run nsdiff
assert_rc "no PID: exit 2" 2
assert_eq "no PID: usage hint" $'nsdiff: no PID specified\nTry \'nsdiff --help\' for more information.' "$ERR"
run nsdiff 1 2 3
assert_rc "three PIDs: exit 2" 2
run nsdiff --bogus self
assert_rc "unknown option: exit 2" 2
assert_match "unknown option: usage hint" "Try 'nsdiff --help' for more information." "$ERR"
run nsdiff --all self
assert_rc "--all with a PID: exit 2" 2
run nsdiff --json --diff self
assert_rc "--json with --diff: exit 2" 2
# --explain: where the answer comes from, on stderr; stdout and status unchanged.
run nsdiff "$$" "$$"
plain_out=$OUT plain_rc=$RC
run nsdiff --explain "$$" "$$"
assert_eq "--explain: stdout unchanged" "$plain_out" "$OUT"
assert_rc "--explain: exit status unchanged" "$plain_rc"
assert_eq "--explain: both processes' /proc/<pid>/ns are read" 2 \
	"$(grep -c "^nsdiff: + open(\"/proc/$$/ns\"), then fstatat() and readlinkat() of each entry\$" <<<"$ERR")"
run nsdiff --explain --all -q
assert_match "--explain --all: the scan of /proc" 'nsdiff: \+ readdir\("/proc"\)' "$ERR"
assert_match "--explain --all: libmount loaded for the mount table" 'nsdiff: \+ dlopen\("libmount\.so\.1"\)' "$ERR"

# ---- help and version
run nsdiff --help
assert_rc "--help: exit 0" 0
for opt in --type --quiet --json --diff --all --explain --help --version; do
	assert_match "--help lists $opt" "$opt" "$OUT"
done
run nsdiff -V
assert_match "--version" "^nsdiff from libns [0-9]" "$OUT"

finish
