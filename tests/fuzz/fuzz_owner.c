// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xunshare's --owner UID:GID and --map-user/--map-group ID (a number or a name). Accepted:
 * a ':' in under 64 bytes, each half exactly what xunshare_parse_id gives for it alone, and a
 * numeric ID below UINT32_MAX that reads back. Refused: a message, and nothing changed.
 */
#include <errno.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "libns.h"
#include "xunshare_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 128), *colon, back[16];
	uint32_t uid = 0x5eed, gid = 0x5eed, id = 0x5eed, u, g;
	struct ns_error err;
	int rc;

	if (!s)
		return 0;
	err.msg[0] = '\0';
	rc = xunshare_parse_id(s, size && (data[0] & 1), &id, &err);
	if (rc == 0 && strspn(s, "0123456789") == strlen(s)) {
		FUZZ_ASSERT(id < UINT32_MAX && strtoull(s, NULL, 10) == id);
		snprintf(back, sizeof(back), "%u", (unsigned)id);
		FUZZ_ASSERT(xunshare_parse_id(back, false, &u, &err) == 0 && u == id);
	} else if (rc) {
		/* ERANGE only for a number too large, EINVAL for anything else. */
		FUZZ_ASSERT((rc == -EINVAL || (rc == -ERANGE && err.code == ERANGE)) &&
			    err.msg[0] && id == 0x5eed);
	}

	err.msg[0] = '\0';
	rc = xunshare_parse_owner(s, &uid, &gid, &err);
	colon = strchr(s, ':');
	if (rc == 0) {
		FUZZ_ASSERT(colon && strlen(s) < 64);
		*colon = '\0';
		FUZZ_ASSERT(xunshare_parse_id(s, false, &u, &err) == 0 && u == uid);
		FUZZ_ASSERT(xunshare_parse_id(colon + 1, true, &g, &err) == 0 && g == gid);
	} else {
		FUZZ_ASSERT((rc == -EINVAL || rc == -ERANGE) && err.msg[0] && uid == 0x5eed &&
			    gid == 0x5eed);
		if (!colon || strlen(s) >= 64)
			FUZZ_ASSERT(!strncmp(err.msg, "failed to parse owner: '", 24));
	}
	free(s);
	return 0;
}
