// SPDX-License-Identifier: LGPL-2.1-or-later
/* Credentials: supplementary groups, then the group, then the user (the user last, as it
 * gives up the right to change the others). */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int ns_setgroups(size_t n, const gid_t *groups, struct ns_error *err)
{
	if (nsi_tracing()) {
		char list[256] = "";
		size_t len = 0;

		for (size_t i = 0; i < n && len < sizeof(list) - 16; i++)
			len += snprintf(list + len, sizeof(list) - len, "%s%u", i ? ", " : "",
					(unsigned)groups[i]);
		nsi_trace("set the supplementary groups", "setgroups(%zu, [%s])", n, list);
	}
	if (setgroups(n, groups) < 0)
		return nsi_error(err, errno, "setgroups failed");
	return 0;
}

int ns_setgid(gid_t gid, struct ns_error *err)
{
	nsi_trace("set the real, effective and saved group ID", "setgid(%u)", (unsigned)gid);
	if (setgid(gid) < 0)
		return nsi_error(err, errno, "setgid failed");
	return 0;
}

int ns_setuid(uid_t uid, struct ns_error *err)
{
	nsi_trace("set the real, effective and saved user ID", "setuid(%u)", (unsigned)uid);
	if (setuid(uid) < 0)
		return nsi_error(err, errno, "setuid failed");
	return 0;
}
