#!/bin/bash
# nsdiff --list against the installed lsns (util-linux 2.38.1): for the namespaces this test
# makes, every row and the header are lsns -l's, byte for byte, in each format and with each
# option; bad input gets lsns's messages and status; and the namespaces lsns cannot see
# (a descriptor, a thread, a time_for_children, bind mounts here and in another mount
# namespace) are listed with NPROCS 0 and what holds them.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd lsns jq python3 nsdiff
have_tool xunshare || finish
NL=$'\n'

UNSHARE=xunshare
start_in_ns -u -i && A=$NS_PID
start_in_ns -n && B=$NS_PID
start_in_ns -U && D=$NS_PID
# A command line of any bytes: a tab, "\x", a backslash, a byte that is not UTF-8, é, a quote.
xunshare -u bash -c $'exec -a \'odd\tna\\\\xme \\\\n\xff\xc3\xa9"q\' sleep 600' </dev/null \
	>/dev/null 2>&1 &
C=$!
disown "$C"
at_exit "kill -9 $C"
wait_comm "$C" sleep || not_ok "the odd command started"

ino() { stat -L -c %i "/proc/$1/ns/$2"; }
INOS="$(ino "$A" uts) $(ino "$A" ipc) $(ino "$B" net) $(ino "$C" uts) $(ino "$D" user)"
PAT=$(tr ' ' '|' <<<"$INOS")

# ours TEXT HEADER: the header line (when HEADER is 1) and the rows that name our namespaces.
ours() {
	[ "$2" = 1 ] && head -n 1 <<<"$1"
	grep -E "$PAT" <<<"$1"
}

# compare OPTIONS...: nsdiff --list --no-hidden and lsns -l print the same for ours. Other
# tests' processes come and go and may widen a column for one of the two: up to 3 tries.
compare() {
	local header=1 want got i
	[[ " $* " == *" -n "* ]] && header=0
	for i in 1 2 3; do
		want=$(LC_ALL=C lsns -l "$@" 2>&1)
		got=$(LC_ALL=C nsdiff --list --no-hidden "$@" 2>&1)
		[ "$(ours "$want" $header)" = "$(ours "$got" $header)" ] && break
	done
	assert_eq "--list $*: lsns -l's header and rows, byte for byte" \
		"$(ours "$want" $header)" "$(ours "$got" $header)"
}

for opts in "" "-t uts" "-t uts -t ipc" "-t net" "-t user" "-o +PATH" "-o command,ns" \
	"-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NSFS,PNS,ONS" "--output-all" \
	"-o ns,type,pns,ons -t user" "-r" "-r -o +PATH,ONS" "-n" "-n -r" "-u" "-W" "-p $A" \
	"-p $C -o +PATH"; do
	# shellcheck disable=SC2086
	compare $opts
done

# JSON: the objects of our namespaces, as lsns writes them (numbers as numbers).
json_ours() {
	jq -c --arg p "$PAT" '.namespaces[] | select(.ns | tostring | test("^(" + $p + ")$"))'
}
for opts in "" "-o +PATH,PPID,UID,PNS,ONS,NSFS" "-t uts"; do
	# shellcheck disable=SC2086
	want=$(lsns -l -J $opts | json_ours)
	# shellcheck disable=SC2086
	got=$(nsdiff --list --no-hidden -J $opts | json_ours)
	assert_eq "--list -J $opts: lsns's objects" "$want" "$got"
done
# shellcheck disable=SC2086
assert_eq "--list -J: the same bytes as lsns for one namespace" \
	"$(lsns -l -J -t user -p "$D" | grep -v nprocs)" \
	"$(nsdiff --list -J -t user -p "$D" | grep -v nprocs)"
assert_eq "--list -J -p of no process: lsns's empty list" "$(lsns -J -p 99999999)" \
	"$(nsdiff --list -J -p 99999999)"
run nsdiff --list -p 99999999
assert_eq "--list -p of no process: nothing at all, as lsns" "" "$OUT"

# A namespace as argument: its processes.
U=$(ino "$D" user)
assert_eq "--list NAMESPACE: lsns -l NAMESPACE" "$(lsns -l "$U")" "$(nsdiff --list "$U")"
assert_eq "--list -o +PATH,NS NAMESPACE: lsns's" "$(lsns -l -o +PATH,NS "$U")" \
	"$(nsdiff --list -o +PATH,NS "$U")"

# ---- bad input: lsns's messages (with nsdiff's name) and status
for args in "-J -r" "-r -J" "-t foo" "-t mount" "-o FOO" "-o ns,foo" "-o NS,+PATH" "-p abc" \
	"-p 4294967296" "abc" "99999" "-p $A $U" "--bogus" "-x"; do
	# shellcheck disable=SC2086
	want=$(lsns -l $args 2>&1 >/dev/null)
	wrc=$?
	# shellcheck disable=SC2086
	run nsdiff --list $args
	assert_eq "--list $args: lsns's message" "${want//lsns/nsdiff}" "$ERR"
	assert_rc "--list $args: lsns's status ($wrc)" "$wrc"
done

# ---- the namespaces lsns misses
scratch=$T_TMP/nsfs
mkdir -p "$scratch"
mount --bind "$scratch" "$scratch" && at_exit "umount -l '$scratch'"
mount --make-private "$scratch"
touch "$scratch/uts"
xunshare --uts="$scratch/uts" true && at_exit "umount '$scratch/uts'"
MOUNTED=$(stat -L -c %i "$scratch/uts")

# A descriptor: a process holds an ipc namespace whose last process has ended.
xunshare -i sleep 1 </dev/null >/dev/null 2>&1 &
E=$!
wait_comm "$E" sleep
HELD=$(ino "$E" ipc)
bash -c "exec 7</proc/$E/ns/ipc; exec sleep 600" </dev/null >/dev/null 2>&1 &
F=$!
disown "$F"
at_exit "kill -9 $F"
wait_comm "$F" sleep
wait "$E"

# A thread in a uts namespace of its own.
python3 -c '
import ctypes, threading, time, sys
libc = ctypes.CDLL(None, use_errno=True)
def run():
    libc.unshare(0x04000000)
    time.sleep(600)
threading.Thread(target=run, daemon=True).start()
time.sleep(600)' </dev/null >/dev/null 2>&1 &
G=$!
disown "$G"
at_exit "kill -9 $G"
for _ in $(seq 100); do [ "$(ls "/proc/$G/task" 2>/dev/null | wc -l)" = 2 ] && break; sleep 0.05; done
TID=$(ls "/proc/$G/task" | grep -vx "$G")
THREAD=$(ino "$G/task/$TID" uts)

# A time namespace no process is in yet: unshared without an exec (which would enter it).
TIMENS=
if [ -e /proc/self/ns/time ]; then
	python3 -c 'import ctypes, time
ctypes.CDLL(None).unshare(0x80)
time.sleep(600)' </dev/null >/dev/null 2>&1 &
	T=$!
	disown "$T"
	at_exit "kill -9 $T"
	for _ in $(seq 100); do
		[ "$(readlink "/proc/$T/ns/time_for_children")" != "$(readlink "/proc/$T/ns/time")" ] && break
		sleep 0.05
	done
	TIMENS=$(stat -L -c %i "/proc/$T/ns/time_for_children")
fi

# A PID namespace whose first process has ended: only pid_for_children holds it.
python3 -c 'import ctypes, os, time
ctypes.CDLL(None).unshare(0x20000000)
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
time.sleep(600)' </dev/null >/dev/null 2>&1 &
K=$!
disown "$K"
at_exit "kill -9 $K"
for _ in $(seq 100); do
	[ "$(readlink "/proc/$K/ns/pid_for_children")" != "$(readlink "/proc/$K/ns/pid")" ] && break
	sleep 0.05
done
PIDNS=$(stat -L -c %i "/proc/$K/ns/pid_for_children")

# A bind mount in another mount namespace only.
xunshare -m sh -c "mount -t tmpfs none '$scratch' && touch '$scratch/net' &&
	xunshare --net='$scratch/net' true && exec sleep 600" </dev/null >/dev/null 2>&1 &
INNER=$!
disown "$INNER"
at_exit "kill -9 $INNER"
wait_comm "$INNER" sleep
INNER_NET=$(nsenter -t "$INNER" -m stat -L -c %i "$scratch/net")

run nsdiff --list -o NS,TYPE,NPROCS,PATH,HOLDER
assert_rc "--list with hidden namespaces: exit 0" 0
row() { awk -v n="$1" '$1 == n' <<<"$OUT" | sed 's/  */ /g'; }
assert_eq "a bind mount here: NPROCS 0 and its holder" \
	"$MOUNTED uts 0 /proc/$(lsns -n -o PID -t mnt -p $$ | tr -d " ")/root$scratch/uts bind mount $scratch/uts in the mount ns of PID $(lsns -n -o PID -t mnt -p $$ | tr -d " ")" \
	"$(row "$MOUNTED")"
assert_eq "a descriptor: NPROCS 0 and its holder" "$HELD ipc 0 /proc/$F/fd/7 fd 7 of PID $F" \
	"$(row "$HELD")"
assert_eq "a thread: NPROCS 0 and its holder" \
	"$THREAD uts 0 /proc/$G/task/$TID/ns/uts thread $TID of PID $G" "$(row "$THREAD")"
assert_eq "a bind mount in another mount namespace: its holder" \
	"$INNER_NET net 0 /proc/$INNER/root$scratch/net bind mount $scratch/net in the mount ns of PID $INNER" \
	"$(row "$INNER_NET")"
if [ -n "$TIMENS" ]; then
	assert_eq "a time_for_children: NPROCS 0 and its holder" \
		"$TIMENS time 0 /proc/$T/ns/time_for_children time_for_children of PID $T" \
		"$(row "$TIMENS")"
fi
assert_eq "a pid_for_children: NPROCS 0 and its holder" \
	"$PIDNS pid 0 /proc/$K/ns/pid_for_children pid_for_children of PID $K" "$(row "$PIDNS")"
for n in "$MOUNTED" "$HELD" "$THREAD" "$INNER_NET" "$PIDNS" $TIMENS; do
	[ -z "$(lsns -l -n -o NS | awk -v n="$n" '$1 == n')" ] && ok "lsns does not list $n" ||
		not_ok "lsns does not list $n"
	[ -z "$(nsdiff --list --no-hidden -n -o NS | awk -v n="$n" '$1 == n')" ] &&
		ok "--no-hidden does not list $n" || not_ok "--no-hidden does not list $n"
done
run nsdiff --list
assert_match "default columns: the holder where the command is" \
	"(^|$NL)$HELD ipc +0 +root \(fd 7 of PID $F\)($NL|$)" "$OUT"
assert_eq "--list -J: holder, no PID, the owner's name" "0 null root fd 7 of PID $F" \
	"$(nsdiff --list -J | jq -r --argjson n "$HELD" '.namespaces[] | select(.ns == $n) | "\(.nprocs) \(.pid) \(.user) \(.holder)"')"
assert_eq "--list -J: no holder where a process is in it" "null" \
	"$(nsdiff --list -J | jq -r --argjson n "$(ino "$A" uts)" '.namespaces[] | select(.ns == $n) | .holder')"

# ---- --explain names each source
run nsdiff --explain --list -o +PNS
assert_match "--explain: the process links" 'readlinkat\(\) of each /proc/<pid>/ns/<type>' "$ERR"
assert_match "--explain: the descriptors" '/proc/<pid>/fd/<fd>' "$ERR"
assert_match "--explain: the threads" '/proc/<pid>/task/<tid>/ns/<type>' "$ERR"
assert_match "--explain: the other mount namespace's table" \
	"mnt_new_table_from_file\(\"/proc/$INNER/mountinfo\"\) \(the mount ns of PID $INNER\)" "$ERR"
assert_match "--explain: the ioctls" 'ioctl\(NS_GET_USERNS\), ioctl\(NS_GET_PARENT\)' "$ERR"


finish
