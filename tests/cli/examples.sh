#!/bin/bash
# The programs a library user reads: every examples/*.c and the example of every section-3
# page, built against the *installed* library through pkg-config (cmake --install into a
# scratch prefix), with -Wall -Wextra -Werror; then each examples/ program is run and what it
# shows is checked.
. "$(dirname "$0")/lib.sh"
need_cmd cc pkg-config
prefix=$T_TMP/prefix

run cmake --install "$LIBNS_BUILD" --prefix "$prefix"
assert_rc "cmake --install into a scratch prefix" 0
pcdir=$(dirname "$(find "$prefix" -name libns.pc | head -n 1)")
libdir=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=libdir libns)
export LD_LIBRARY_PATH=$libdir
# shellcheck disable=SC2207
pc=($(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs libns))
# A library built with the sanitizers needs their runtime first in the program that loads it.
ldd "$libdir"/libns.so.[0-9]* | grep -q libasan && pc=(-fsanitize=address,undefined "${pc[@]}")

build() { # NAME SOURCE: builds $T_TMP/bin/NAME
	mkdir -p "$T_TMP/bin"
	run cc -Wall -Wextra -Werror -o "$T_TMP/bin/$1" "$2" "${pc[@]}"
	assert_rc "$1 builds against the installed library" 0
	[ "$RC" = 0 ] || printf '%s\n' "$ERR" | head -n 20
}

# Every program (an .EX ... .EE block with a main) in the EXAMPLES of every section-3 page,
# roff escapes undone.
for page in "$LIBNS_SRC"/man/*.3; do
	name=$(basename "$page" .3)
	n=0
	while IFS= read -r -d '' block; do
		# A shell session shown beside the program is not a program.
		[[ $block == *"main("* ]] || continue
		n=$((n + 1))
		printf '%s' "$block" >"$T_TMP/$name-$n.c"
		build "man-$name-$n" "$T_TMP/$name-$n.c"
	done < <(sed -n '/^\.SH EXAMPLES/,/^\.SH [^E]/p' "$page" |
		awk '/^\.EX/ { on = 1; next } /^\.EE/ { on = 0; printf "%c", 0; next } on { print }' |
		sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g')
	if grep -q '^\.SH EXAMPLES' "$page"; then
		((n > 0)) && ok "$name(3) has an example program" || not_ok "$name(3) has an example program"
	fi
done

for src in "$LIBNS_SRC"/examples/*.c; do
	[ -e "$src" ] || continue
	build "$(basename "$src" .c)" "$src"
done

# What the examples show, where the test can see it.
if [ -x "$T_TMP/bin/compare" ]; then
	run "$T_TMP/bin/compare" $$ $$
	assert_rc "compare: a process shares every namespace with itself" 0
fi
if [ -x "$T_TMP/bin/join" ]; then
	run "$T_TMP/bin/join" 2147483646 net true
	assert_rc "join: a PID that does not exist fails" 1
	assert_match "join: it says there is no such process" "No such process" "$ERR"
fi
finish
