// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * --map-users/--map-groups ranges (both forms) and the map text written to uid_map. Accepted:
 * a count above 0 that fits after both starts, written back in either form it reads the same,
 * and formatted as the kernel wants it. Refused: a message.
 */
#include <errno.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_idmap map;
	struct ns_idmap_range r, again;
	struct ns_error err;
	char *s = fuzz_string(data, size, 512), buf[64], want[64];
	int rc;

	if (!s)
		return 0;
	err.msg[0] = '\0';
	rc = ns_idmap_parse_range(s, &r, &err);
	if (rc < 0) {
		/* a failure always says why; ERANGE for a number too large */
		FUZZ_ASSERT((rc == -EINVAL || rc == -ERANGE) && err.msg[0] != '\0');
	} else {
		FUZZ_ASSERT(r.count > 0 && (uint64_t)r.inner + r.count <= UINT32_MAX &&
			    (uint64_t)r.outer + r.count <= UINT32_MAX);
		snprintf(buf, sizeof(buf), "%u:%u:%u", r.inner, r.outer, r.count);
		FUZZ_ASSERT(ns_idmap_parse_range(buf, &again, &err) == 0);
		FUZZ_ASSERT(!memcmp(&again, &r, sizeof(r)));
		snprintf(buf, sizeof(buf), "%u,%u,%u", r.outer, r.inner, r.count);
		FUZZ_ASSERT(ns_idmap_parse_range(buf, &again, &err) == 0);
		FUZZ_ASSERT(!memcmp(&again, &r, sizeof(r)));
		map.n = 0;
		FUZZ_ASSERT(ns_idmap_add(&map, r.inner, r.outer, r.count, &err) == 0);
		rc = ns_idmap_format(&map, buf, sizeof(buf));
		snprintf(want, sizeof(want), "%u %u %u\n", r.inner, r.outer, r.count);
		FUZZ_ASSERT(rc == (int)strlen(want) && !strcmp(buf, want));
		FUZZ_ASSERT(ns_idmap_format(&map, buf, strlen(want)) == -ENOSPC);
	}
	free(s);
	return 0;
}
