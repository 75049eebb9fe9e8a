// SPDX-License-Identifier: LGPL-2.1-or-later
/* --map-users/--map-groups ranges (both forms) and the map text written to uid_map. */
#include <errno.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_idmap map;
	struct ns_idmap_range r;
	struct ns_error err;
	char *s = fuzz_string(data, size, 512), buf[64];
	int rc;

	if (!s)
		return 0;
	err.msg[0] = '\0';
	rc = ns_idmap_parse_range(s, &r, &err);
	if (rc < 0) {
		FUZZ_ASSERT(err.msg[0] != '\0'); /* a failure always says why */
	} else {
		map.n = 0;
		FUZZ_ASSERT(ns_idmap_add(&map, r.inner, r.outer, r.count, &err) == 0 ||
			    err.msg[0] != '\0');
		rc = ns_idmap_format(&map, buf, sizeof(buf));
		FUZZ_ASSERT(rc == -ENOSPC || (rc >= 0 && (size_t)rc < sizeof(buf)));
	}
	free(s);
	return 0;
}
