// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * chroot(8)'s --userspec and --groups, and the ID numbers they may hold. Checked: ns_id_parse_number
 * against a reader written here from its contract; a spec that fails changes nothing, a spec
 * without a group part leaves the group alone, "+N:+M" is exactly N and M; a group list
 * gives one ID per item (empty items skipped), "+N" items exactly N, and the bad-group
 * callback hears each bad item.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sys/types.h>

#include "fuzz_common.h"
#include "libns.h"

#define ID_MAX 4294967295UL

/* 0 with *out, -EINVAL or -ERANGE, as ns_id_parse_number promises. */
static int reference_id(const char *s, unsigned long max, unsigned long *out)
{
	unsigned __int128 v = 0;
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > (unsigned __int128)ULONG_MAX + 1)
			v = (unsigned __int128)ULONG_MAX + 1;
	if (*p)
		return -EINVAL;
	if (v > max)
		return -ERANGE;
	*out = (unsigned long)v;
	return 0;
}

/* "+N" with N a valid ID: what a '+' item must give, without any lookup. */
static bool plus_id(const char *s, size_t len, unsigned long *v)
{
	char buf[32];

	if (!len || len >= sizeof(buf) || s[0] != '+')
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return reference_id(buf, ID_MAX, v) == 0 && *v != ID_MAX &&
	       strspn(buf + 1, "0123456789") == len - 1;
}

static void count_bad(const char *item, int errnum, void *data)
{
	(void)item;
	(void)errnum;
	++*(size_t *)data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 256);
	struct ns_error err;
	uid_t uid = 4242;
	gid_t gid = 4343, *gids = NULL;
	unsigned long id = 7, want = 7, v, w;
	size_t items = 0, nbad = 0, nplus = 0;
	bool dot = false, all_plus = true;
	const char *colon;
	int rc, n;

	if (!s)
		return 0;
	/* ID numbers. */
	rc = ns_id_parse_number(s, 0xfffffffeUL, &id);
	FUZZ_ASSERT(rc == reference_id(s, 0xfffffffeUL, &want) && id == want);

	/* USER[:GROUP] */
	rc = ns_userspec_parse(s, &uid, &gid, &dot, &err);
	colon = strchr(s, ':');
	if (rc) {
		FUZZ_ASSERT(rc == -EINVAL && uid == 4242 && gid == 4343 && !dot);
	} else {
		if (!colon && !dot)
			FUZZ_ASSERT(gid == 4343);
		if (dot)
			FUZZ_ASSERT(!colon && strchr(s, '.'));
		if (colon && plus_id(s, (size_t)(colon - s), &v) &&
		    plus_id(colon + 1, strlen(colon + 1), &w))
			FUZZ_ASSERT(uid == v && gid == w);
	}
	if (colon && plus_id(s, (size_t)(colon - s), &v) &&
	    plus_id(colon + 1, strlen(colon + 1), &w))
		FUZZ_ASSERT(rc == 0);

	/* G1,G2,... */
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");

		if (len) {
			items++;
			if (plus_id(p, len, &v))
				nplus++;
			else
				all_plus = false;
		}
		p += len + (p[len] == ',');
	}
	n = ns_grouplist_parse(s, &gids, count_bad, &nbad, &err);
	if (n > 0) {
		FUZZ_ASSERT(gids && (size_t)n == items && nbad == 0);
		if (all_plus) {
			size_t i = 0;

			for (const char *p = s; *p;) {
				size_t len = strcspn(p, ",");

				if (len) {
					FUZZ_ASSERT(plus_id(p, len, &v) && gids[i] == v);
					i++;
				}
				p += len + (p[len] == ',');
			}
		}
	} else {
		FUZZ_ASSERT(n == -EINVAL && !gids && err.msg[0]);
		FUZZ_ASSERT(items == 0 ? nbad == 0 : nbad >= 1 && nbad <= items - nplus);
	}
	free(gids);
	free(s);
	return 0;
}
