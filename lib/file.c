// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's control files (uid_map, gid_map, setgroups, timens_offsets, binfmt_misc's
 * register) take their text in one write(2) or not at all: one function writes them all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "internal.h"

int nsi_write_file(const char *path, const char *text, size_t len, struct ns_error *err,
		   enum ns_step step, const char *fmt, ...)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e;
	ssize_t n;
	va_list ap;

	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	n = write(fd, text, len);
	e = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	close(fd);
	if (!e)
		return 0;
	if (err) {
		err->code = e;
		err->step = step;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -e;
}
