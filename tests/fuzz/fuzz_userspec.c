// SPDX-License-Identifier: LGPL-2.1-or-later
/* chroot(8)'s --userspec and --groups, and the ID numbers they may hold. */
#include <errno.h>
#include <sys/types.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 256);
	struct ns_error err;
	uid_t uid = NS_UID_UNSET;
	gid_t gid = NS_GID_UNSET, *gids = NULL;
	unsigned long id;
	bool dot = false;
	int rc;

	if (!s)
		return 0;
	rc = ns_parse_userspec(s, &uid, &gid, &dot, &err);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	rc = ns_parse_groups(s, &gids, NULL, NULL, &err);
	FUZZ_ASSERT(rc == -EINVAL || (rc > 0 && gids));
	free(gids);
	rc = ns_parse_id(s, 0xfffffffeUL, &id);
	FUZZ_ASSERT(rc == -EINVAL || rc == -ERANGE || (rc == 0 && id <= 0xfffffffeUL));
	free(s);
	return 0;
}
