// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Is the working directory inside the process's root? getcwd(3) cannot say for a path longer
 * than PATH_MAX (ERANGE), so this walks up from "." through ".." until it meets the root,
 * which the kernel never walks above, or the top of the file system tree, where ".." is the
 * directory itself. A directory is the same as the root when its device, inode and mount are:
 * a bind mount of the root elsewhere is another mount, and its ".." leads out.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif

struct place {
	uint64_t dev, ino, mnt;
};

static int place_of(int dirfd, const char *path, int flags, struct place *p)
{
	struct statx sx;

	if (statx(dirfd, path, flags, STATX_INO | STATX_MNT_ID, &sx) < 0)
		return -errno;
	p->dev = (uint64_t)sx.stx_dev_major << 32 | sx.stx_dev_minor;
	p->ino = sx.stx_ino;
	/* Without a mount ID (before Linux 5.8) device and inode decide alone. */
	p->mnt = sx.stx_mask & STATX_MNT_ID ? sx.stx_mnt_id : 0;
	return 0;
}

static bool same_place(const struct place *a, const struct place *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->mnt == b->mnt;
}

int ns_cwd_inside_root(struct ns_error *err)
{
	struct place root, here, up;
	int fd, rc;

	rc = place_of(AT_FDCWD, "/", 0, &root);
	if (rc)
		return nsi_error(err, NS_STEP_CHDIR, -rc, "cannot stat the root directory");
	fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_CHDIR, errno, "cannot open the working directory");
	rc = place_of(fd, "", AT_EMPTY_PATH, &here);
	while (!rc && !same_place(&here, &root)) {
		int parent = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (parent < 0) {
			rc = -errno;
			break;
		}
		close(fd);
		fd = parent;
		rc = place_of(fd, "", AT_EMPTY_PATH, &up);
		if (!rc && same_place(&up, &here))
			rc = 1; /* the top, and the root was not on the way */
		here = up;
	}
	close(fd);
	if (rc < 0)
		return nsi_error(err, NS_STEP_CHDIR, -rc,
				 "cannot walk up from the working directory");
	return rc == 0;
}
