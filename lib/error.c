// SPDX-License-Identifier: LGPL-2.1-or-later
/* Errors are values: the library fills the caller's struct ns_error and returns -errno. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int nsi_error(struct ns_error *err, enum ns_step step, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->code = code;
		err->step = step;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code ? -code : -EINVAL;
}

void ns_error_wrap(struct ns_error *err, const char *fmt, ...)
{
	char *old;
	size_t n;
	va_list ap;

	if (!err)
		return;
	old = strdup(err->msg);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	if (old)
		snprintf(err->msg + n, sizeof(err->msg) - n, "%s", old);
	free(old);
}

const char *ns_error_format(const struct ns_error *err, char *buf, size_t size)
{
	if (err->code)
		snprintf(buf, size, "%s: %s", err->msg, strerror(err->code));
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}

const char *ns_step_name(enum ns_step step)
{
	static const char *const names[] = {
		[NS_STEP_NONE] = "none",
		[NS_STEP_PARSE] = "parse",
		[NS_STEP_OPEN] = "open",
		[NS_STEP_READ] = "read",
		[NS_STEP_UNSHARE] = "unshare",
		[NS_STEP_IDMAP] = "id map",
		[NS_STEP_SETGROUPS] = "setgroups",
		[NS_STEP_TIME] = "time offsets",
		[NS_STEP_FORK] = "fork",
		[NS_STEP_PROPAGATION] = "propagation",
		[NS_STEP_MOUNT] = "mount",
		[NS_STEP_BIND] = "bind",
		[NS_STEP_HOSTNAME] = "hostname",
		[NS_STEP_SETNS] = "setns",
		[NS_STEP_CHROOT] = "chroot",
		[NS_STEP_PIVOT_ROOT] = "pivot_root",
		[NS_STEP_CHDIR] = "chdir",
		[NS_STEP_CREDS] = "credentials",
		[NS_STEP_CAPS] = "capabilities",
		[NS_STEP_EXEC] = "exec",
		[NS_STEP_MOUNTTAB] = "mount table",
		[NS_STEP_SCAN] = "scan",
		[NS_STEP_CRED_GROUPS] = "supplementary groups",
		[NS_STEP_CRED_GID] = "group ID",
		[NS_STEP_CRED_UID] = "user ID",
	};

	if ((unsigned)step < sizeof(names) / sizeof(names[0]) && names[step])
		return names[step];
	return "unknown";
}
