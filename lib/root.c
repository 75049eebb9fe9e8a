// SPDX-License-Identifier: LGPL-2.1-or-later
/* Another root directory and a working directory inside it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

/* Where a directory is: its mount (telling a bind mount of the root from the root) and inode. */
struct place {
	uint64_t mnt;
	dev_t dev;
	ino_t ino;
};

static int place_of(int fd, struct place *p)
{
	struct statx sx;
	struct stat st;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, &sx) == 0) {
		p->mnt = sx.stx_mask & STATX_MNT_ID ? sx.stx_mnt_id : 0;
		p->dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
		p->ino = sx.stx_ino;
		return 0;
	}
	if (fstat(fd, &st) < 0)
		return -errno;
	*p = (struct place){ .dev = st.st_dev, .ino = st.st_ino };
	return 0;
}

static bool same_place(const struct place *a, const struct place *b)
{
	return a->mnt == b->mnt && a->dev == b->dev && a->ino == b->ino;
}

/*
 * Whether the working directory is inside the root, by walking up through ".." (as the kernel
 * resolves it: it stops at our root) until either our root (inside) or a directory that is
 * its own parent (outside: a root beyond ours). No path is built, so no length limit applies.
 * Returns 1 (inside), 0 (outside) or a negative errno.
 */
static int cwd_walk(void)
{
	struct place root, cur, up;
	int fd, parent, rc;

	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = place_of(fd, &root);
	close(fd);
	if (rc)
		return rc;
	fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = place_of(fd, &cur);
	while (!rc) {
		if (same_place(&cur, &root)) {
			rc = 1;
			break;
		}
		parent = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (parent < 0) {
			rc = -errno;
			break;
		}
		close(fd);
		fd = parent;
		rc = place_of(fd, &up);
		if (!rc && same_place(&up, &cur))
			break; /* rc 0: outside */
		cur = up;
	}
	close(fd);
	return rc;
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
		rc = cwd_walk();
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
