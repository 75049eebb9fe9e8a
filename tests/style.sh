#!/bin/bash
# Fails when a C source or header is not formatted as .clang-format (Linux kernel style) says.
cd "${LIBNS_SRC:?}" || exit 1
if ! command -v clang-format >/dev/null; then
	echo "SKIP: clang-format is not installed"
	exit 77
fi
bad=0
while IFS= read -r f; do
	if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f (run: clang-format -i $f)"
		bad=1
	fi
done < <(git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null || find lib tools tests -name '*.[ch]')
exit $bad
