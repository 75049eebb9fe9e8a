// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pivot_root(2) the way container runtimes use it: the new root becomes the root of the mount
 * namespace, and the old root is detached, so that no path and no chroot(".") leads back to
 * the host's files (a chroot alone changes one pointer of one process and can be escaped by
 * its root). The sequence is runc's: chdir(new_root), pivot_root(".", "."), which stacks the
 * old root on top of the new one at "/", then umount2(".", MNT_DETACH), which takes the old
 * root off; no put_old directory is needed, so a read-only image can be the new root.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* pivot_root(2) wants new_root to be a mount point: is it one? */
static bool is_mount_point(const char *dir)
{
	struct statx stx;

	if (statx(AT_FDCWD, dir, 0, STATX_BASIC_STATS, &stx) < 0)
		return false;
	if (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
		return stx.stx_attributes & STATX_ATTR_MOUNT_ROOT;
	return false; /* a kernel before 5.8 cannot say: binding it once more does no harm */
}

/*
 * A bind mount under a shared mount would appear in every peer of that mount, the host's
 * included, and pivot_root(2) refuses a shared parent anyway (EINVAL): say why before acting.
 */
static int check_private(const char *dir, struct ns_error *err)
{
	unsigned long flags = 0;
	char target[4096];
	int rc;

	rc = ns_mount_propagation(dir, &flags, target, sizeof(target), err);
	if (rc < 0) {
		ns_error_wrap(err, "pivot_root into %s: ", dir);
		if (err)
			err->step = NS_STEP_PIVOT_ROOT;
		return rc;
	}
	if (flags & MS_SHARED)
		return nsi_error(err, NS_STEP_PIVOT_ROOT, EINVAL,
				 "cannot pivot_root into %s: the mount %s is shared (pivot_root "
				 "needs a new mount namespace with private propagation)",
				 dir, target);
	return 0;
}

static int pivot(const char *new_root, bool bound, struct ns_error *err)
{
	const char *mnt = new_root; /* the bind mount, for the undo: "." once inside */
	bool dumped;
	int rc;

	nsi_trace("work from inside the new root: pivot_root(2) is given \".\"", "chdir(\"%s\")",
		  new_root);
	if (chdir(new_root) < 0) {
		rc = nsi_error(err, NS_STEP_PIVOT_ROOT, errno, "cannot change directory to %s",
			       new_root);
		goto undo;
	}
	mnt = ".";
	nsi_trace("make the new root the root of this mount namespace; the old root is stacked "
		  "on top of it at /",
		  "pivot_root(\".\", \".\")");
	dumped = nsi_coverage_root(".");
	if (syscall(SYS_pivot_root, ".", ".") < 0) {
		int e = errno;

		nsi_coverage_resume(dumped);
		rc = nsi_error(err, NS_STEP_PIVOT_ROOT, e, "pivot_root into %s failed", new_root);
		goto undo;
	}
	return 0;
undo:
	if (bound)
		umount2(mnt, MNT_DETACH);
	return rc;
}

int ns_root_pivot(const char *new_root, struct ns_error *err)
{
	bool bound = false;
	int rc;

	if (!new_root || !*new_root)
		return nsi_error(err, NS_STEP_PIVOT_ROOT, EINVAL, "no new root given");
	rc = check_private(new_root, err);
	if (rc < 0)
		return rc;
	if (!is_mount_point(new_root)) {
		nsi_trace("pivot_root(2) wants the new root to be a mount point: bind it on itself",
			  "mount(\"%s\", \"%s\", \"none\", MS_BIND|MS_REC)", new_root, new_root);
		if (mount(new_root, new_root, "none", MS_BIND | MS_REC, NULL) < 0)
			return nsi_error(err, NS_STEP_PIVOT_ROOT, errno, "cannot bind %s on itself",
					 new_root);
		bound = true;
	}
	rc = pivot(new_root, bound, err);
	if (rc < 0)
		return rc;
	nsi_trace("detach the old root: nothing of the host's file system stays reachable",
		  "umount2(\".\", MNT_DETACH)");
	if (umount2(".", MNT_DETACH) < 0)
		return nsi_error(err, NS_STEP_PIVOT_ROOT, errno, "cannot detach the old root");
	nsi_trace("start from the new root", "chdir(\"/\")");
	if (chdir("/") < 0)
		return nsi_error(err, NS_STEP_PIVOT_ROOT, errno, "cannot change directory to /");
	return 0;
}
