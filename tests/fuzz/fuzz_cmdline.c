// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/<pid>/cmdline as nsdiff --all shows a group's command: any bytes (a process may write
 * what it likes over its arguments). The line is the input up to its last non-NUL byte, each
 * NUL a space; nothing but NULs is no line.
 */
#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	size_t end = size;
	char *text;

	if (size > 8192)
		return 0;
	text = ns_cmdline_text(raw, size);
	while (end > 0 && raw[end - 1] == '\0')
		end--;
	if (!end) {
		FUZZ_ASSERT(text == NULL);
		return 0;
	}
	FUZZ_ASSERT(text && strlen(text) == end);
	for (size_t i = 0; i < end; i++)
		FUZZ_ASSERT(text[i] == (raw[i] ? raw[i] : ' '));
	free(text);
	return 0;
}
