// SPDX-License-Identifier: LGPL-2.1-or-later
/* Another root directory and a working directory inside it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int ns_chroot(const char *dir, struct ns_error *err)
{
	nsi_trace("make this directory the process's /: from now on every path is resolved "
		  "inside it",
		  "chroot(\"%s\")", dir);
	if (chroot(dir) < 0)
		return nsi_error(err, NS_STEP_CHROOT, errno, "cannot change root directory to %s",
				 dir);
	return 0;
}

/*
 * After chdir the working directory must be reachable from the root: a directory descriptor
 * from outside the root would otherwise leave the program a way out (runc CVE-2024-21626).
 * glibc's getcwd() fails with ENOENT for such a directory instead of returning
 * "(unreachable)/...".
 */
static int check_cwd(const char *name, struct ns_error *err)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof(buf))) {
		if (errno == ERANGE)
			return 0;
		return nsi_error(err, NS_STEP_CHROOT, errno,
				 "working directory %s is outside the root", name);
	}
	if (buf[0] != '/')
		return nsi_error(err, NS_STEP_CHROOT, ENOENT,
				 "working directory %s is outside the root", name);
	return 0;
}

int ns_chdir(const char *dir, struct ns_error *err)
{
	nsi_trace("set the working directory", "chdir(\"%s\")", dir);
	if (chdir(dir) < 0)
		return nsi_error(err, NS_STEP_CHROOT, errno, "cannot change directory to %s", dir);
	return check_cwd(dir, err);
}

int ns_fchdir(int fd, const char *name, struct ns_error *err)
{
	nsi_trace("set the working directory from a descriptor opened earlier",
		  "fchdir(%d) /* %s */", fd, name);
	if (fchdir(fd) < 0)
		return nsi_error(err, NS_STEP_CHROOT, errno, "cannot change directory to %s", name);
	return check_cwd(name, err);
}

int ns_check_cwd(const char *name, struct ns_error *err)
{
	return check_cwd(name, err);
}

bool ns_is_old_root(const char *dir)
{
	char *real = realpath(dir, NULL);
	bool root = real && strcmp(real, "/") == 0;

	free(real);
	return root;
}
