// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pidfds: a descriptor that names a process rather than a path in /proc (Linux 5.3), and what
 * it gives (Linux 6.9 pidfs inodes, 6.11 the process's namespaces): the target of
 * ns_enter_open() is named by one, checked by its inode, asked for its PID and namespaces.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enter.h"

#ifndef PIDFS_MAGIC
#define PIDFS_MAGIC 0x50494446
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef PIDFD_GET_USER_NAMESPACE
#define PIDFD_GET_USER_NAMESPACE _IO(0xFF, 9)
#endif

int ns_pidfd_open(pid_t pid, uint64_t inode, struct ns_error *err)
{
	struct statfs sfs;
	struct stat st;
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	/* A pidfd is close-on-exec from birth. */
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "pidfd_open(%d) failed", (int)pid);
	if (!inode)
		return fd;
	/* Only pidfs (Linux 6.9) gives each process's pidfd an inode of its own. */
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PIDFS_MAGIC) {
		close(fd);
		return nsi_error(err, NS_STEP_OPEN, 0,
				 "pidfd needs to have the pidfs file system type");
	}
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return nsi_error(err, NS_STEP_OPEN, e, "cannot stat the pidfd of %d", (int)pid);
	}
	if ((uint64_t)st.st_ino != inode) {
		close(fd);
		return nsi_error(err, NS_STEP_OPEN, 0,
				 "pidfd inode %" PRIu64 " not found for pid %d", inode, (int)pid);
	}
	return fd;
}

/* The pidfd's PID, as /proc/self/fdinfo shows it: -ESRCH once its process has exited. */
int nsi_pidfd_pid(int pidfd, pid_t *pid, struct ns_error *err)
{
	char path[64], buf[1024], *line;
	ssize_t n;
	int fd, v;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	line = strstr(buf, "\nPid:");
	if (!line || sscanf(line + 5, "%d", &v) != 1)
		return nsi_error(err, NS_STEP_OPEN, EBADF, "descriptor %d is not a pidfd", pidfd);
	if (v <= 0)
		return nsi_error(err, NS_STEP_OPEN, ESRCH, "the process of pidfd %d is gone%s",
				 pidfd, v == 0 ? " from this PID namespace" : "");
	*pid = v;
	return 0;
}

/*
 * The same question through pidfds (Linux 6.11), without a path in /proc: asking /proc for
 * this new process's directory is as dear as the rest of the work. 1 same, 0 not, or -errno.
 */
int nsi_pidfd_same_user_ns(int pidfd)
{
	struct stat mine, theirs;
	int self, ours = -1, other, rc = -EINVAL;

	other = ioctl(pidfd, PIDFD_GET_USER_NAMESPACE, 0);
	if (other < 0)
		return -errno;
	self = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (self >= 0) {
		ours = ioctl(self, PIDFD_GET_USER_NAMESPACE, 0);
		close(self);
	}
	if (ours >= 0 && fstat(ours, &mine) == 0 && fstat(other, &theirs) == 0)
		rc = mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev;
	close(other);
	if (ours >= 0)
		close(ours);
	return rc;
}

/* The pidfd's namespace descriptors (Linux 6.11): ns/pid and ns/time, as setns(pidfd) takes. */
static const unsigned long pidfd_get_ns[NS_NTYPES] = {
	[NS_CGROUP] = _IO(0xFF, 1), [NS_IPC] = _IO(0xFF, 2),  [NS_MNT] = _IO(0xFF, 3),
	[NS_NET] = _IO(0xFF, 4),    [NS_PID] = _IO(0xFF, 5),  [NS_TIME] = _IO(0xFF, 7),
	[NS_USER] = _IO(0xFF, 9),   [NS_UTS] = _IO(0xFF, 10),
};

int nsi_pidfd_ns(int pidfd, enum ns_type type)
{
	return ioctl(pidfd, pidfd_get_ns[type], 0);
}
