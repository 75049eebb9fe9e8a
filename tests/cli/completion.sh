#!/bin/bash
# Bash completion (completion/xunshare, linked as the other three): sourced in bash, the
# completion functions are called as bash calls them (COMP_WORDS split at blanks, '=' and
# ':'), and COMPREPLY must hold what the tool's own --help offers. A tool that is not built
# is a failure; the parser is also run on the util-linux and coreutils originals' --help,
# whose format the tools follow. One case goes through a real interactive bash on a pty.
. "$(dirname "$0")/lib.sh"

COMP_FILE=$LIBNS_SRC/completion/xunshare
# shellcheck source=../../completion/xunshare
. "$COMP_FILE"

# comp LINE: completes the end of LINE; COMPREPLY is kept in $REPLY_WORDS (one a line).
comp() {
	local line=$1 rest f
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMP_WORDS=()
	rest=$line
	while [ -n "$rest" ]; do
		if [[ $rest =~ ^[[:space:]]+ ]]; then
			rest=${rest:${#BASH_REMATCH[0]}}
		elif [[ $rest =~ ^[=:]+ ]] || [[ $rest =~ ^[^[:space:]=:]+ ]]; then
			COMP_WORDS+=("${BASH_REMATCH[0]}")
			rest=${rest:${#BASH_REMATCH[0]}}
		fi
	done
	[[ -z $line || $line =~ [[:space:]]$ ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	f=$(complete -p "${COMP_WORDS[0]##*/}" 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	COMPREPLY=()
	"$f" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
	REPLY_WORDS=$(printf '%s\n' "${COMPREPLY[@]}")
}

has() { # NAME LINE WORD...: completing LINE offers every WORD
	local name=$1 line=$2 w missing=
	shift 2
	comp "$line"
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$REPLY_WORDS" || missing+=" $w"
	done
	if [ -z "$missing" ]; then
		ok "$name: '$line' offers $*"
	else
		not_ok "$name: '$line' does not offer$missing"
		printf '  offered: %s\n' "$(tr '\n' ' ' <<<"$REPLY_WORDS")"
	fi
}

exactly() { # NAME LINE WORD...: completing LINE offers exactly the WORDs
	local name=$1 line=$2
	shift 2
	comp "$line"
	assert_eq "$name: '$line' offers exactly: $*" "$(printf '%s\n' "$@" | sort)" \
		"$(sort <<<"$REPLY_WORDS" | sed '/^$/d')"
}

# every_long TOOL: 'TOOL --' offers every long option that 'TOOL --help' names.
every_long() {
	local tool=$1 want got
	want=$("$tool" --help | grep -oE -- '(^|[[:space:],])--[[:alnum:]][-[:alnum:]_]*' |
		sed 's/^[[:space:],]*//' | sort -u)
	comp "$tool --"
	got=$(sed 's/=$//' <<<"$REPLY_WORDS" | sort -u)
	assert_eq "$tool: '$tool --' offers every long option of --help" "$want" "$got"
}

mkdir -p "$T_TMP/dir/sub" "$T_TMP/rootfs/bin" "$T_TMP/rootfs/usr/sbin"
printf '#!/bin/sh\n' >"$T_TMP/rootfs/bin/hello"
printf '#!/bin/sh\n' >"$T_TMP/rootfs/usr/sbin/helper"
chmod +x "$T_TMP/rootfs/bin/hello" "$T_TMP/rootfs/usr/sbin/helper"
sleep 30 &
SLEEPER=$!
at_exit "kill $SLEEPER"

built=0

# xunshare, and util-linux unshare through the same function.
complete -F _libns_xunshare unshare
for tool in xunshare unshare; do
	command -v "$tool" >/dev/null || { not_ok "$tool is built"; continue; }
	[ "$tool" = xunshare ] && built=$((built + 1))
	has "$tool" "$tool --mo" --mount --mount-proc
	comp "$tool --mo"
	assert_eq "$tool: '--mo' offers no --map-*" "" "$(grep -- '--map' <<<"$REPLY_WORDS")"
	has "$tool" "$tool --prop" --propagation
	exactly "$tool" "$tool --propagation s" shared slave
	exactly "$tool" "$tool --propagation " private shared slave unchanged
	exactly "$tool" "$tool --setgroups " allow deny
	has "$tool" "$tool --mount-proc=$T_TMP/di" "$T_TMP/dir"
	has "$tool" "$tool --kill-child=SIGTE" SIGTERM
	has "$tool" "$tool --kill-child=TE" TERM
	has "$tool" "$tool -R $T_TMP/di" "$T_TMP/dir"
	has "$tool" "$tool --root $T_TMP/dir/s" "$T_TMP/dir/sub"
	has "$tool" "$tool -p -f --mount-proc ba" bash
	has "$tool" "$tool -- ba" bash
	has "$tool" "$tool -U -r -u " sh
	has "$tool" "$tool -p -f sh -c $T_TMP/d" "$T_TMP/dir"
	# With bash-completion loaded, the program's words go to its own completion, from the
	# program's index in COMP_WORDS (here a stand-in records it): env is word 5.
	_command_offset() { COMPREPLY=("offset=$1"); }
	exactly "$tool" "$tool --mount-proc=/tmp -f env A=b " offset=5
	exactly "$tool" "$tool -- env " offset=2
	unset -f _command_offset
	every_long "$tool"
done

# nsenter-lite, and util-linux nsenter.
complete -F _libns_nsenter_lite nsenter
for tool in nsenter-lite nsenter; do
	command -v "$tool" >/dev/null || { not_ok "$tool is built"; continue; }
	[ "$tool" = nsenter-lite ] && built=$((built + 1))
	has "$tool" "$tool --ta" --target
	has "$tool" "$tool -t " "$$" "$SLEEPER"
	has "$tool" "$tool -m -u --target $SLEEPER" "$SLEEPER"
	has "$tool" "$tool -a -t $SLEEPER ca" cat
	has "$tool" "$tool --wd=$T_TMP/di" "$T_TMP/dir"
	every_long "$tool"
done

# xchroot, and coreutils chroot: NEWROOT is a directory; COMMAND is found inside it.
complete -F _libns_xchroot chroot
for tool in xchroot chroot; do
	command -v "$tool" >/dev/null || { not_ok "$tool is built"; continue; }
	[ "$tool" = xchroot ] && built=$((built + 1))
	has "$tool" "$tool --us" --userspec=
	has "$tool" "$tool --userspec=roo" root:
	has "$tool" "$tool --userspec=root:roo" root
	has "$tool" "$tool --groups=roo" root
	has "$tool" "$tool --groups=root,dae" root,daemon
	has "$tool" "$tool $T_TMP/di" "$T_TMP/dir"
	has "$tool" "$tool --skip-chdir $T_TMP/di" "$T_TMP/dir"
	exactly "$tool" "$tool $T_TMP/rootfs he" hello helper
	has "$tool" "$tool $T_TMP/rootfs /bin/h" /bin/hello
	every_long "$tool"
done

# nsdiff: PIDs (and self), at most two; -t takes a comma-separated list of types.
if command -v nsdiff >/dev/null; then
	built=$((built + 1))
	has nsdiff "nsdiff " "$$" "$SLEEPER" self
	has nsdiff "nsdiff $$ " "$SLEEPER" self
	exactly nsdiff "nsdiff $$ $SLEEPER "
	has nsdiff "nsdiff --q" --quiet
	has nsdiff "nsdiff -t " ipc mnt uts
	exactly nsdiff "nsdiff -t ipc,m" ipc,mnt
	has nsdiff "nsdiff -q -t uts $$ " "$SLEEPER"
	every_long nsdiff
else
	not_ok "nsdiff is built"
fi

# A real interactive bash on a pty: typing 'xunshare --mount-p' and TAB gives --mount-proc.
if command -v python3 >/dev/null; then
	for tool in xunshare unshare; do
		command -v "$tool" >/dev/null && break
	done
	out=$(TOOL=$tool COMP_FILE=$COMP_FILE timeout 20 python3 - <<'EOF'
import os, pty, select, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
def read(t):
    out, end = b"", time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out.decode(errors="replace")
tool = os.environ["TOOL"]
os.write(fd, ("PS1='$ '; . %s; complete -F _libns_xunshare unshare\n" % os.environ["COMP_FILE"]).encode())
read(1.0)
os.write(fd, ("%s --mount-p\t" % tool).encode())
out = read(1.5)
os.write(fd, b"\x03exit\n")
read(0.3)
print(out.replace("\x07", ""))
EOF
)
	assert_match "a real bash completes '$tool --mount-p<TAB>' to --mount-proc" \
		"$tool --mount-proc" "$out"
fi

if [ "$built" -eq 0 ]; then
	echo "# none of the four tools is built yet; only the originals were checked"
fi
finish
