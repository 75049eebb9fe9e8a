#!/bin/bash
# The manual pages: each passes mandoc's lint, and every long option a tool's --help lists
# is documented in that tool's page.
. "$(dirname "$0")/lib.sh"
need_cmd mandoc

shopt -s nullglob
for page in "$LIBNS_SRC"/man/*.[0-9]; do
	name=$(basename "$page")
	lint=$(mandoc -Tlint -W warning "$page" 2>&1)
	assert_eq "$name: mandoc -Tlint is clean" "" "$lint"
done

declare -A pages=([xunshare]=xunshare.1 [xchroot]=xchroot.8 [nsenter-lite]=nsenter-lite.1
	[nsdiff]=nsdiff.1)
for tool in "${!pages[@]}"; do
	bin=$LIBNS_BUILD/bin/$tool
	page=$LIBNS_SRC/man/${pages[$tool]}
	[ -x "$bin" ] || { not_ok "$tool is built"; continue; }
	if [ ! -f "$page" ]; then
		not_ok "$tool: man page ${pages[$tool]} exists"
		continue
	fi
	text=$(MANWIDTH=200 mandoc -Tutf8 "$page" | col -b)
	run "$bin" --help
	assert_rc "$tool --help exits 0" 0
	missing=()
	for opt in $(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$OUT" | sort -u); do
		grep -qF -- "$opt" <<<"$text" || missing+=("$opt")
	done
	assert_eq "$tool: every --help option is in ${pages[$tool]}" "" "${missing[*]}"
	assert_match "$tool --version names the project" "libns" "$("$bin" --version)"
done
finish
