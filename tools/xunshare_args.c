// SPDX-License-Identifier: LGPL-2.1-or-later
/* xunshare's option syntax, with util-linux unshare's messages (see xunshare_args.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "cli.h"
#include "xunshare_args.h"

__attribute__((format(printf, 3, 4))) static int fail(struct ns_error *err, int code,
						      const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		err->step = NS_STEP_PARSE;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code ? -code : -EINVAL;
}

int xunshare_parse_id(const char *s, bool group, uint32_t *id, struct ns_error *err)
{
	const char *what = group ? "gid" : "uid";
	unsigned long long v;
	int rc;

	if (!s || !*s)
		return fail(err, 0, "failed to parse %s: '%s'", what, s ? s : "");
	/* (uid_t)-1 means "no ID" to the kernel: the largest ID is 2^32 - 2. */
	rc = cli_parse_u64(s, UINT32_MAX - 1, &v);
	if (rc == 0) {
		*id = (uint32_t)v;
		return 0;
	}
	/* A number too large names the errno, as util-linux does (ERANGE). */
	if (s[0] >= '0' && s[0] <= '9')
		return fail(err, rc == -ERANGE ? ERANGE : 0, "failed to parse %s: '%s'", what, s);
	if (group) {
		struct group *gr = getgrnam(s);

		if (gr) {
			*id = gr->gr_gid;
			return 0;
		}
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw) {
			*id = pw->pw_uid;
			return 0;
		}
	}
	return fail(err, 0, "failed to parse %s: '%s'", what, s);
}

int xunshare_parse_owner(const char *s, uint32_t *uid, uint32_t *gid, struct ns_error *err)
{
	char buf[64], *colon;
	uint32_t u, g;
	int rc;

	if (!s || strlen(s) >= sizeof(buf) || !(colon = strchr(strcpy(buf, s), ':')))
		return fail(err, 0, "failed to parse owner: '%s'", s ? s : "");
	*colon = '\0';
	rc = xunshare_parse_id(buf, false, &u, err);
	if (!rc)
		rc = xunshare_parse_id(colon + 1, true, &g, err);
	if (rc)
		return rc;
	*uid = u;
	*gid = g;
	return 0;
}

int xunshare_parse_setgroups(const char *s, bool *allow)
{
	if (s && !strcmp(s, "allow"))
		*allow = true;
	else if (s && !strcmp(s, "deny"))
		*allow = false;
	else
		return -EINVAL;
	return 0;
}

int xunshare_parse_propagation(const char *s, unsigned long *flags)
{
	static const struct {
		const char *name;
		unsigned long flags;
	} modes[] = {
		{ "slave", MS_REC | MS_SLAVE },
		{ "shared", MS_REC | MS_SHARED },
		{ "private", MS_REC | MS_PRIVATE },
		{ "unchanged", 0 },
	};

	for (size_t i = 0; s && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(s, modes[i].name)) {
			*flags = modes[i].flags;
			return 0;
		}
	return -EINVAL;
}

int xunshare_parse_offset(const char *s, int64_t *offset)
{
	char *end;
	long long v;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || end == s || *end)
		return -EINVAL;
	*offset = v;
	return 0;
}
