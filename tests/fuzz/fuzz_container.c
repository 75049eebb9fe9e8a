// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The cgroup paths a container runtime names its containers by (/proc/<pid>/cgroup): what
 * ns_container_parse() finds is in the text, and prints to a bounded line.
 */
#include <errno.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 16384), text[400], small[8];
	struct ns_container c;
	int rc;

	if (!s)
		return 0;
	rc = ns_container_parse(s, &c);
	FUZZ_ASSERT(rc == 0 || rc == 1);
	if (rc == 1) {
		FUZZ_ASSERT(c.runtime != NS_RUNTIME_NONE && *ns_runtime_name(c.runtime));
		FUZZ_ASSERT(memchr(c.id, 0, sizeof(c.id)) && memchr(c.pod, 0, sizeof(c.pod)));
		FUZZ_ASSERT(c.id[0] || c.pod[0]);
		FUZZ_ASSERT(!strchr(c.id, '/') && !strchr(c.id, '\n'));
		/* A pod's UID is a UUID: 36 characters, '-' at its four places. */
		FUZZ_ASSERT(!c.pod[0] ||
			    (strlen(c.pod) == 36 && c.pod[8] == '-' && c.pod[23] == '-'));
		ns_container_format(&c, text, sizeof(text));
		FUZZ_ASSERT(*text && strlen(text) < sizeof(text));
		ns_container_format(&c, small, sizeof(small));
		FUZZ_ASSERT(strlen(small) < sizeof(small));
	} else {
		FUZZ_ASSERT(c.runtime == NS_RUNTIME_NONE && !c.id[0] && !c.pod[0]);
	}
	FUZZ_ASSERT(ns_container_parse(NULL, &c) == -EINVAL);
	free(s);
	return 0;
}
