#!/bin/bash
# xchroot against GNU coreutils chroot(8): every option and error gives the same output,
# messages and exit status. The roots are the busybox image of scripts/mkrootfs with users
# and groups of their own, which the host does not have: finding them proves the lookup is
# made inside the new root.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd chroot busybox

# r: users and groups of its own. r2: no /etc at all. r3: names the host has too, with other
# IDs (the host's answers stand in only where coreutils lets them).
r=$T_TMP/r r2=$T_TMP/r2 r3=$T_TMP/r3
bash "$LIBNS_SRC/scripts/mkrootfs" "$r" >/dev/null || { not_ok "mkrootfs builds the image"; finish; }
rm -f "$r/image.tar"
cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
alice:x:4242:4343:Alice:/home/alice:/bin/sh
bob:x:4243:4344::/:/bin/sh
EOF
cat >"$r/etc/group" <<'EOF'
root:x:0:
wheelx:x:4343:
bobs:x:4344:
extra:x:4500:alice,bob
more:x:4501:alice
1234:x:4600:
EOF
cp -a "$r" "$r3"
cp -a "$r" "$r2"
rm -rf "$r2/etc"
echo 'daemon:x:1:4343::/:/bin/sh' >>"$r3/etc/passwd"
echo 'sys:x:4700:4344::/:/bin/sh' >>"$r3/etc/passwd"
for u in alice bob; do
	if getent passwd $u >/dev/null; then
		echo "SKIP: the host has a user $u: the test needs names only the new root knows"
		exit 77
	fi
done

# same ARGS...: xchroot and chroot agree (stdout, stderr, exit status).
same() { same_as_original "xchroot $(printf '%q ' "$@" | cut -c1-70)" chroot xchroot "$@"; }
# same_in INPUT ARGS...: the same, with INPUT on standard input.
same_in() {
	local input=$1 o_out o_err o_rc
	shift
	run_in "$input" chroot "$@"
	o_out=$OUT o_rc=$RC o_err=${ERR//chroot: /PROG: }
	run_in "$input" xchroot "$@"
	local err=${ERR//xchroot: /PROG: }
	if [ "$o_rc" == "$RC" ] && [ "$o_out" == "$OUT" ] && [ "$o_err" == "$err" ]; then
		ok "xchroot $* <<<$(printf '%q' "$input"): same as chroot"
	else
		not_ok "xchroot $* <<<$(printf '%q' "$input"): differs from chroot"
		printf '  chroot:  rc=%s out=%q err=%q\n' "$o_rc" "$o_out" "$o_err"
		printf '  xchroot: rc=%s out=%q err=%q\n' "$RC" "$OUT" "$err"
	fi
}

# ---- options and their errors --------------------------------------------------------------
same
same --bogus
same -x
same --userspec
same --groups
same --skip-chdir=yes /
same --help=yes
same --skip-chdir "$r"
same --skip-chdir "$r" true
same --skip-chdir / true
same --skip-chdir /tmp/.. true
same --skip-chdir "" true
same /nonexistent
same /nonexistent true
same -- "$r" id
same "$r" -- id
same "$r" id --help
same --user=alice "$r" id
same --us=alice --gr=extra "$r" id
same --sk / true
same "$r" nosuch
same "$r" /etc/passwd
same "$r" /etc
same "$r" ''
same "$r" sh -c 'exit 42'
same "$r" sh -c 'kill -9 $$'
same "$r" pwd
same "$r/bin" pwd
same "$r/etc/passwd" true

run xchroot --help
assert_rc "--help: exit 0" 0
for opt in --groups --userspec --skip-chdir --explain --help --version; do
	assert_match "--help lists $opt" "$opt" "$OUT"
done
run xchroot --version
assert_rc "--version: exit 0" 0
assert_match "--version names the project" "^xchroot from libns " "$OUT"

# What --help or --version cannot write is an error, as in coreutils.
for opt in --help --version; do
	for redir in '>/dev/full' '>&-'; do
		run bash -c "chroot $opt $redir"
		o_err=${ERR//chroot: /PROG: } o_rc=$RC
		run bash -c "xchroot $opt $redir"
		assert_eq "xchroot $opt $redir: as chroot" "$o_rc $o_err" "$RC ${ERR//xchroot: /PROG: }"
	done
done

# ---- installed as chroot: named by argv[0] as given, as coreutils names itself ----------------
# Both are links named chroot, run as ./chroot and as chroot from PATH: the messages, getopt's
# included, must be the same to the byte (nothing is normalised).
mkdir -p "$T_TMP/o" "$T_TMP/x"
ln -s "$(command -v chroot)" "$T_TMP/o/chroot"
ln -s "$(command -v xchroot)" "$T_TMP/x/chroot"
as_dot() { (cd "$1" && shift && ./chroot "$@"); }
as_path() { (d=$1 && shift && PATH=$d:$PATH && chroot "$@"); }
for runner in as_dot as_path; do
	for args in "" "--bogus" "-x" "--userspec" "---  / true" "--skip-chdir . true" \
		"/nonexistent" "/ nosuch" "/ ." "--groups=nosuch /" "--userspec=nosuch /"; do
		# shellcheck disable=SC2086
		SAME_RUNNER=$runner same_as_original "$runner chroot $args" "$T_TMP/o" "$T_TMP/x" $args
	done
done
# coreutils' tests/chroot/chroot-fail.sh, the parts that need no build of coreutils.
for dir in / /. /../ "$T_TMP/isroot"; do
	ln -sfn / "$T_TMP/isroot"
	run as_path "$T_TMP/x" "$dir" env pwd
	assert_eq "as chroot, NEWROOT $dir: the working directory is /" "/" "$OUT"
	run as_path "$T_TMP/x" --skip-chdir "$dir" env pwd
	assert_eq "as chroot, --skip-chdir $dir: it is not" "$PWD" "$OUT"
done
run as_path "$T_TMP/x" / sh -c 'exit 2'
assert_rc "as chroot: the status passes through" 2

# ---- the default command: "$SHELL" -i, or /bin/sh -i ---------------------------------------
same_in 'echo "in $0"' "$r"
SHELL=/bin/sh same_in 'echo "in $0"' "$r"
SHELL=/bin/nosuch same_in 'echo hi' "$r"
SHELL=/etc same_in 'echo hi' "$r"
SHELL='' same_in 'echo hi' "$r"
saved_shell=${SHELL-}
unset SHELL
same_in 'echo "in $0"' "$r"
export SHELL=$saved_shell

# ---- exit statuses ---------------------------------------------------------------------------
run xchroot /nonexistent true
assert_rc "cannot change root: 125" 125
assert_eq "cannot change root: message" \
	"xchroot: cannot change root directory to '/nonexistent': No such file or directory" "$ERR"
run xchroot "$r" nosuch
assert_rc "command not found: 127" 127
assert_eq "command not found: message" \
	"xchroot: failed to run command 'nosuch': No such file or directory" "$ERR"
run xchroot "$r" /etc/passwd
assert_rc "command found but not executable: 126" 126
run xchroot "$r" sh -c 'exit 3'
assert_rc "the command's own status passes through" 3
run xchroot
assert_rc "missing operand: 125" 125
assert_eq "missing operand: message" \
	"xchroot: missing operand"$'\n'"Try 'xchroot --help' for more information." "$ERR"
run xchroot --skip-chdir "$r" true
assert_rc "--skip-chdir with another root: 125" 125
assert_eq "--skip-chdir with another root: message" \
	"xchroot: option --skip-chdir only permitted if NEWROOT is old '/'"$'\n'"Try 'xchroot --help' for more information." "$ERR"

# ---- users and groups, looked up inside the new root -----------------------------------------
run xchroot --userspec=alice "$r" id
assert_eq "--userspec=alice: alice of the new root, with its groups there" \
	"uid=4242(alice) gid=4343(wheelx) groups=4343(wheelx),4500(extra),4501(more)" "$OUT"
run xchroot --userspec=alice --groups=extra "$r" id
assert_eq "--groups replaces the user's groups" "uid=4242(alice) gid=4343(wheelx) groups=4500(extra)" "$OUT"
run xchroot --userspec=alice --groups= "$r" id
assert_eq "--groups='' clears them" "uid=4242(alice) gid=4343(wheelx)" "$OUT"
run xchroot --userspec=:wheelx "$r" id
assert_eq "a group alone keeps the caller's user" "uid=0(root) gid=4343(wheelx)" "$OUT"
run xchroot --userspec=alice.wheelx "$r" id
assert_eq "USER.GROUP warns" "xchroot: warning: '.' should be ':'" "$ERR"
assert_rc "USER.GROUP works" 0
run xchroot --userspec=+4242:+4500 "$r" id
assert_eq "+N: numbers without lookup" "uid=4242(alice) gid=4500(extra) groups=4500(extra),4501(more)" "$OUT"
run xchroot --groups=1234 "$r" id
assert_eq "a group named by digits wins over the number" "uid=0(root) gid=0(root) groups=4600(1234)" "$OUT"
run xchroot --groups=+1234 "$r" id
assert_eq "+N is the number" "uid=0(root) gid=0(root) groups=1234" "$OUT"
run xchroot --groups=x "$r" id
assert_eq "invalid group: message" "xchroot: invalid group 'x'" "$ERR"
assert_rc "invalid group: 125" 125
run xchroot --userspec=nosuch "$r" id
assert_eq "invalid user: message" "xchroot: invalid user" "$ERR"
assert_rc "invalid user: 125" 125
run xchroot --userspec=alice / true
assert_rc "alice is not a user of the host" 125

specs=("" alice alice: :wheelx alice.wheelx nosuch :nosuch +4242 4242 +99999 root daemon : .:
	alice:4500 4294967295 4294967294 nosuch: alice. . alice.nosuch x.y:z +4242: 4242: +4242:+4500
	alice:+1234 alice:1234 :+0 +0 " 4242" "4242 " "+ 4242" -1 0x10 .wheelx nosuch.wheelx
	alice.wheelx.x :: alice:: 4242.4500 +99999: +99999:4500 +99999. bob nosuch:wheelx
	alice:nosuch alice::x alice:wheelx: alice:wheelx:garbage :nosuch: .:x .x: alice.: a.b.c
	:. alice:. sys +0:+4294967295 +4294967296
	# numbers out of range, as uid, as gid, past 64 bits: coreutils' messages exactly
	18446744073709551615 18446744073709551616 99999999999999999999999 +99999999999999999999999
	:99999999999999999999999 0:+18446744073709551616 4294967295:0 0:4294967296
	99999999999999999999999x 00000000000000000000004242:0)
for s in "${specs[@]}"; do
	for root in "$r" "$r2" "$r3"; do
		same --userspec="$s" "$root" id
	done
done
groups=(x x,y , "" 1234 +1234 daemon root,x daemon,extra extra,daemon x,root,y " 1" 1x
	99999999999 +4294967295 -1 a,,b ,extra, extra,more,0 0,1 "a b" "it's" $'a\nb'
	4294967295 4294967296 18446744073709551616 +99999999999999999999999 0,99999999999999999999999
	00000000000000000000000001 -0 +-1)
for g in "${groups[@]}"; do
	for root in "$r" "$r2" "$r3"; do
		same --groups="$g" "$root" id
		same --userspec=alice --groups="$g" "$root" id
		same --userspec=:wheelx --groups="$g" "$root" id
	done
done
same --userspec=sys --groups=extra "$r3" id
same --userspec=+1 --groups=extra "$r" id

# ---- names in messages, quoted as coreutils quotes them ---------------------------------------
names=("a b" "it's" $'a\nb' $'\nb' 'back\slash' 'dq"x' $'\xc3\xa9' '$x' '~x' "it's \$x" "a'b'c"
	"'" $'\t' $'\x7f' "it's a b" $'a\x1bb' "it's~" $'\n\'' $'\'\xff' $'/\xff\xfe' "{" "it's?")
for n in "${names[@]}"; do
	same "/nonexistent/$n" true
	same "$r" "$n"
done

# ---- quotes follow the locale: ‘…’ where coreutils' setlocale finds a UTF-8 one ---------------
# Only the installed C.UTF-8 counts; a locale that is not installed (xx_XX), in any category,
# leaves coreutils in C. LANGUAGE would switch coreutils to its translations: unset.
u8names=("${names[@]}" $'\xc3\xa9' $'a\xe2\x80\x99b' $'\xe2\x80\x98' $'\xc2\x85' $'\xe2\x80\xa8'
	$'\xcd\xb8' $'\xe2\x80' $'\xed\xa0\x80' $'\xc0\xaf' "it's"$'\xc3\xa9' $'a\xe2\x80\xa8\'')
locales=("LANG=C.UTF-8" "LC_ALL=C" "LANG=xx_XX.UTF-8" "LC_CTYPE=C.UTF-8" "LC_MESSAGES=C.UTF-8"
	"LANG=C.UTF-8 LC_TIME=xx_XX" "LC_ALL=C.UTF-8 LANG=C" "LANG=C.utf8@euro" "LANG=C.UTF-8 LC_CTYPE=POSIX")
# same_loc LOCALE ARGS...: same, run in LOCALE (named in the check).
same_loc() {
	local loc=$1
	shift
	SAME_RUNNER="env -u LC_ALL -u LANGUAGE -u LC_CTYPE -u LC_MESSAGES -u LC_TIME $loc" \
		same_as_original "$loc xchroot $(printf '%q ' "$@" | cut -c1-60)" chroot xchroot "$@"
}
for loc in "${locales[@]}"; do
	for n in "${u8names[@]}"; do
		same_loc "$loc" "$r" "$n"
	done
	for n in $'\xc3\xa9' $'/\xe2\x80\x99' "it's"$'\xc3\xa9' $'\xc2\x85'; do
		same_loc "$loc" "/nonexistent/$n" true
		same_loc "$loc" --groups="$n" "$r" true
	done
	same_loc "$loc" --groups=, "$r" true
done

# ---- the working directory and descriptors ---------------------------------------------------
cd "$T_TMP" || exit 1
run xchroot --skip-chdir / pwd
assert_eq "--skip-chdir keeps the working directory" "$T_TMP" "$OUT"
run xchroot / pwd
assert_eq "without it the working directory is /" "/" "$OUT"
cd / || exit 1
probe=$LIBNS_BUILD/tests/fdprobe
if [ -x "$probe" ]; then
	cp "$probe" "$r/fdprobe"
	# What the probe sees run directly: 0 1 2 and whatever this test was given.
	base=$("$probe") passed=$("$probe" 7</dev/null)
	run xchroot "$r" /fdprobe
	assert_eq "the command sees only the caller's descriptors" "$base" "$OUT"
	OUT=$(xchroot --userspec=alice --groups=extra "$r" /fdprobe 7</dev/null)
	assert_eq "... plus one its caller passed" "$passed" "$OUT"
fi

# ---- --explain: steps on stderr; stdout and exit status unchanged ----------------------------
run xchroot --explain --userspec=alice "$r" id
assert_eq "--explain leaves stdout alone" \
	"uid=4242(alice) gid=4343(wheelx) groups=4343(wheelx),4500(extra),4501(more)" "$OUT"
assert_rc "--explain leaves the status alone" 0
assert_match "--explain shows chroot" "chroot\(\"$r\"\)" "$ERR"
assert_match "--explain shows setuid" "setuid\(4242\)" "$ERR"
run xchroot --explain "$r" sh -c 'exit 7'
assert_rc "--explain: the command's status" 7

finish
