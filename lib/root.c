// SPDX-License-Identifier: LGPL-2.1-or-later
/* Another root directory and a working directory inside it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int ns_chroot(const char *dir, struct ns_error *err)
{
	bool dumped;
	int e;

	nsi_trace("make this directory the process's /: from now on every path is resolved "
		  "inside it",
		  "chroot(\"%s\")", dir);
	dumped = nsi_coverage_root(dir);
	if (chroot(dir) < 0) {
		e = errno;
		nsi_coverage_resume(dumped);
		return nsi_error(err, NS_STEP_CHROOT, e, "cannot change root directory to %s", dir);
	}
	return 0;
}

/*
 * After chdir the working directory must be reachable from the root: a directory descriptor
 * from outside the root would otherwise leave the program a way out (runc CVE-2024-21626).
 * getcwd(2) answers without needing search permission, and fails with ENOENT for such a
 * directory (glibc's answer to "(unreachable)/..."); where the path is too long for it
 * (ERANGE), the walk up decides.
 */
int ns_cwd_check(const char *name, struct ns_error *err)
{
	char buf[PATH_MAX];
	int rc;

	if (getcwd(buf, sizeof(buf)))
		rc = buf[0] == '/' ? 1 : 0;
	else if (errno == ERANGE)
		rc = ns_cwd_inside_root(NULL); /* the walk up, contain.c */
	else
		rc = -errno;
	if (rc == 1)
		return 0;
	return nsi_error(err, NS_STEP_CHROOT, rc ? -rc : ENOENT,
			 "working directory %s is outside the root", name);
}

int ns_chdir(const char *dir, struct ns_error *err)
{
	nsi_trace("set the working directory", "chdir(\"%s\")", dir);
	if (chdir(dir) < 0)
		return nsi_error(err, NS_STEP_CHDIR, errno, "cannot change directory to %s", dir);
	return ns_cwd_check(dir, err);
}

int ns_fchdir(int fd, const char *name, struct ns_error *err)
{
	nsi_trace("set the working directory from a descriptor opened earlier",
		  "fchdir(%d) /* %s */", fd, name);
	if (fchdir(fd) < 0)
		return nsi_error(err, NS_STEP_CHDIR, errno, "cannot change directory to %s", name);
	return ns_cwd_check(name, err);
}

bool ns_root_is_current(const char *dir)
{
	char *real = realpath(dir, NULL);
	bool root = real && strcmp(real, "/") == 0;

	free(real);
	return root;
}
