// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kernel's "type:[inode]" text, as readlink of /proc/<pid>/ns/<entry> and nsfs roots give. */
#include <errno.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 256), back[64];
	uint64_t ino = 0;
	int type = -2, rc;

	if (!s)
		return 0;
	rc = ns_link_parse(s, &type, &ino);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	if (rc == 0 && type >= 0) {
		/* What was accepted names a type of the table and an inode that prints back. */
		FUZZ_ASSERT(type < NS_NTYPES);
		snprintf(back, sizeof(back), "%llu", (unsigned long long)ino);
		FUZZ_ASSERT(strstr(s, back) != NULL);
	}
	rc = ns_link_parse(s, NULL, &ino);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	free(s);
	return 0;
}
