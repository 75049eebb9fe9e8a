// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff's -t LIST: names of types and entries between commas. Accepted: a mask of real
 * entries that is exactly the union of the masks of the items, each of which is a name.
 * Refused: the message names the first bad item, or the list when it has none.
 */
#include <errno.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 512), *copy, *save = NULL, want[NS_ERROR_MAX];
	struct ns_error err;
	unsigned mask = 0xdead0000u, expect = 0;
	const char *bad = NULL;
	int rc;

	if (!s)
		return 0;
	if (strlen(s) != size) { /* a NUL inside: the tool never sees one */
		free(s);
		return 0;
	}
	err.msg[0] = '\0';
	rc = ns_entry_mask_list(s, &mask, &err);
	/* The reference: strtok(3) over a copy, as nsdiff did before the parser moved. */
	copy = strdup(s);
	FUZZ_ASSERT(copy);
	for (char *name = strtok_r(copy, ",", &save); name && !bad;
	     name = strtok_r(NULL, ",", &save)) {
		unsigned m = ns_entry_mask(name);

		if (!m)
			bad = name;
		expect |= m;
	}
	if (bad) {
		FUZZ_ASSERT(rc == -EINVAL && mask == 0xdead0000u);
		snprintf(want, sizeof(want), "unknown namespace type: '%s'", bad);
		FUZZ_ASSERT(!strcmp(err.msg, want));
	} else if (!expect) {
		FUZZ_ASSERT(rc == -EINVAL && mask == 0xdead0000u);
		snprintf(want, sizeof(want), "no namespace type in '%s'", s);
		FUZZ_ASSERT(!strcmp(err.msg, want));
	} else {
		FUZZ_ASSERT(rc == 0 && mask == expect && (mask & ~NS_ALL_ENTRIES) == 0);
	}
	free(copy);
	free(s);
	return 0;
}
