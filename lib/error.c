// SPDX-License-Identifier: LGPL-2.1-or-later
/* Errors are values: the library fills the caller's struct ns_error and returns -errno. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int nsi_error(struct ns_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code ? -code : -EINVAL;
}

const char *ns_error_format(const struct ns_error *err, char *buf, size_t size)
{
	if (err->code)
		snprintf(buf, size, "%s: %s", err->msg, strerror(err->code));
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}
