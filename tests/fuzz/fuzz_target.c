// SPDX-License-Identifier: LGPL-2.1-or-later
/* nsenter's --target PID or PID:INODE, and nsdiff's type names and propagation modes. */
#include <errno.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 128);
	unsigned long flags;
	uint64_t inode;
	pid_t pid;
	int rc;

	if (!s)
		return 0;
	rc = ns_parse_target(s, &pid, &inode);
	/* 0 is "no target", as util-linux reads it; no negative or truncated PID. */
	FUZZ_ASSERT(rc == -EINVAL || (rc == 0 && pid >= 0));
	FUZZ_ASSERT((ns_entry_mask(s) & ~NS_ALL_ENTRIES) == 0);
	rc = ns_propagation_parse(s, &flags);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	ns_type_lookup(s);
	ns_entry_lookup(s);
	free(s);
	return 0;
}
