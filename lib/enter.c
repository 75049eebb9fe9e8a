// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Joining the namespaces of another process (setns), the way nsenter(1) does.
 *
 * Open first, then act (DESIGN.md rule 4): every namespace file, the root, the working
 * directory, the target's environment and cgroup.procs are opened before the first setns,
 * because entering a mount namespace changes what /proc/PID/... and every other path mean.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enter.h"

#ifndef PIDFS_MAGIC
#define PIDFS_MAGIC 0x50494446
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

/*
 * The order util-linux nsenter opens and enters namespaces in (so that the first error is
 * the same): the user namespace first, entered last; the others as listed. A new type in
 * the table needs its place here too.
 */
const enum ns_type nsi_enter_order[NS_NTYPES] = { NS_USER, NS_CGROUP, NS_IPC, NS_UTS,
						  NS_NET,  NS_PID,    NS_MNT, NS_TIME };

void ns_enter_opts_init(struct ns_enter_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->net_socket = -1;
	o->pidfd = -1;
}

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

void nsi_close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void nsi_enter_close_fds(struct ns_enter *e)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		nsi_close_fd(&e->ns_fd[t]);
		nsi_close_fd(&e->held[t]);
	}
	nsi_close_fd(&e->pidfd);
	nsi_close_fd(&e->root_fd);
	nsi_close_fd(&e->wd_fd);
	nsi_close_fd(&e->env_fd);
	nsi_close_fd(&e->cgroup_fd);
	nsi_close_fd(&e->proc_fd);
}

void ns_enter_close(struct ns_enter *e)
{
	if (!e)
		return;
	nsi_enter_close_fds(e);
	free(e);
}

static const char *ns_name(const struct ns_enter *e, int t)
{
	return e->ns_file[t] ? e->ns_file[t] : e->ns_path[t];
}

/*
 * Opens the target's /proc/PID/<what> or the user's path, announced with why. Descriptor 0 is
 * a descriptor like any other (util-linux #4412): "not open" is -1, never 0.
 */
static int open_target(struct ns_enter *e, const char *what, const char *path, char *buf,
		       size_t size, int flags, const char *why, struct ns_error *err)
{
	int fd;

	if (!path) {
		if (!e->target)
			return nsi_error(err, NS_STEP_PARSE, 0,
					 "neither filename nor target pid supplied for %s", what);
		snprintf(buf, size, "/proc/%u%s%s", (unsigned)e->target, *what ? "/" : "", what);
		path = buf;
		/* The target does not exist: say so (ESRCH), naming what was needed of it. */
		if (e->gone)
			return nsi_error(err, NS_STEP_OPEN, ESRCH, "cannot open %s", path);
		/* A file opened by PID is the pidfd's process's only if it is alive after. */
		e->check_alive |= e->pidfd >= 0;
	}
	if (why)
		nsi_trace(why, "open(\"%s\", O_RDONLY%s|O_CLOEXEC)", path,
			  flags & O_DIRECTORY ? "|O_DIRECTORY" : "");
	fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	return fd;
}

/* --all leaves out a user namespace that is already ours: setns(2) refuses to re-enter it. */
static int same_user_ns(pid_t target, bool gone, bool *same, struct ns_error *err)
{
	struct stat mine, theirs;
	char path[64];

	if (stat("/proc/self/ns/user", &mine) < 0) {
		*same = true; /* a kernel without user namespaces: nothing to enter */
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/%u/ns/user", (unsigned)target);
	if (gone)
		return nsi_error(err, NS_STEP_OPEN, ESRCH, "stat of %s failed", path);
	if (stat(path, &theirs) < 0)
		return nsi_error(err, NS_STEP_SETNS, errno, "stat of %s failed", path);
	*same = mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev;
	return 0;
}

#ifndef PIDFD_GET_USER_NAMESPACE
#define PIDFD_GET_USER_NAMESPACE _IO(0xFF, 9)
#endif

/* The pidfd's namespace descriptors (Linux 6.11): ns/pid and ns/time, as setns(pidfd) takes. */
static const unsigned long pidfd_get_ns[NS_NTYPES] = {
	[NS_CGROUP] = _IO(0xFF, 1), [NS_IPC] = _IO(0xFF, 2),  [NS_MNT] = _IO(0xFF, 3),
	[NS_NET] = _IO(0xFF, 4),    [NS_PID] = _IO(0xFF, 5),  [NS_TIME] = _IO(0xFF, 7),
	[NS_USER] = _IO(0xFF, 9),   [NS_UTS] = _IO(0xFF, 10),
};

/*
 * The same question through pidfds (Linux 6.11), without a path in /proc: asking /proc for
 * this new process's directory is as dear as the rest of the work. 1 same, 0 not, or -errno.
 */
static int same_user_ns_pidfd(int pidfd)
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

/*
 * A namespace entered through the pidfd is also held by a descriptor of its own, taken from
 * the pidfd (Linux 6.11): nsenter's open files keep the namespaces of a target that exits
 * before it joins them, a pidfd alone does not. The pidfd names the process, so these are its
 * namespaces, or ESRCH. 0 when held, 1 when the kernel cannot (the files then), or -errno.
 */
static int hold_ns(struct ns_enter *e, int t, struct ns_error *err)
{
	int fd;

	if (!e->holding)
		nsi_trace("hold each namespace by a descriptor of its own, taken from the pidfd: "
			  "they stay there to be entered even if the target exits first",
			  "ioctl(pidfd(%d), PIDFD_GET_*_NAMESPACE) for each", (int)e->target);
	e->holding = true;
	fd = ioctl(e->pidfd, pidfd_get_ns[t], 0);
	if (fd >= 0) {
		e->held[t] = fd;
		return 0;
	}
	if (errno == ESRCH)
		return nsi_error(err, NS_STEP_OPEN, ESRCH, "cannot open %s", e->ns_path[t]);
	return 1;
}

/*
 * No more through the pidfd: what is held becomes an open namespace file, the rest is opened
 * by its /proc path, which is the checked process's only while it lives (checked after).
 */
static void pidfd_held_to_files(struct ns_enter *e)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		if (e->held[t] >= 0) {
			e->ns_fd[t] = e->held[t];
			e->held[t] = -1;
		}
	}
	e->pidfd_flags = 0;
	e->holding = false;
	e->check_alive = true;
}

/* Opens one namespace file; with --all a type this kernel lacks is left out. */
static int open_ns(struct ns_enter *e, int t, bool from_all, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	const struct ns_type_info *ti = ns_type_info(t);
	char what[32];
	int fd;

	snprintf(what, sizeof(what), "ns/%s", ti->name);
	e->ns_file[t] = o->ns_file[t];
	if (e->pidfd_flags & ti->flag) {
		/* Entered through the pidfd; the name is for messages and --explain. */
		snprintf(e->ns_path[t], sizeof(e->ns_path[t]), "/proc/%u/%s", (unsigned)e->target,
			 what);
		fd = hold_ns(e, t, err);
		if (fd < 0)
			return fd;
		if (fd == 0) {
			e->wanted |= ti->flag;
			return 0;
		}
		/* This kernel cannot hold it through the pidfd: all of them by their files. */
		pidfd_held_to_files(e);
	}
	fd = open_target(e, what, e->ns_file[t], e->ns_path[t], sizeof(e->ns_path[t]), 0,
			 "open first, then act: every namespace file is opened before the first "
			 "setns, so that entering one namespace cannot change what the next path "
			 "means",
			 err);
	if (fd == -ENOENT && from_all) {
		char self[64];

		snprintf(self, sizeof(self), "/proc/self/%s", what);
		if (access(self, F_OK) < 0 && errno == ENOENT)
			return 0; /* this kernel has no such namespace */
	}
	if (fd < 0)
		return fd;
	e->ns_fd[t] = fd;
	e->wanted |= ti->flag;
	return 0;
}

static int read_all(int fd, char **out, size_t *len)
{
	size_t size = 4096, n = 0;
	char *buf = malloc(size + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r = read(fd, buf + n, size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == size) {
			char *p = realloc(buf, size * 2 + 1);

			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
			size *= 2;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* --join-cgroup: the target's cgroup.procs, opened now, written after entering. */
static int open_cgroup_procs(struct ns_enter *e, struct ns_error *err)
{
	char buf[64], *text, path[PATH_MAX], *procs;
	struct statfs sfs;
	size_t len;
	int fd, rc;

	if (statfs("/sys/fs/cgroup", &sfs) < 0)
		return nsi_error(err, NS_STEP_SETNS, errno, "statfs /sys/fs/cgroup failed");
	if (sfs.f_type != CGROUP2_SUPER_MAGIC)
		return nsi_error(err, NS_STEP_SETNS, 0,
				 "--join-cgroup is only supported in cgroup v2");
	fd = open_target(e, "cgroup", NULL, buf, sizeof(buf), 0, NULL, err);
	if (fd < 0)
		return fd;
	rc = read_all(fd, &text, &len);
	close(fd);
	if (rc)
		return nsi_error(err, NS_STEP_SETNS, -rc, "failed to get cgroup path");
	rc = ns_cgroup2_path_parse(text, path, sizeof(path));
	free(text);
	if (rc || asprintf(&procs, "/sys/fs/cgroup%s/cgroup.procs", path) < 0)
		return nsi_error(err, NS_STEP_SETNS, 0, "failed to get cgroup path");
	fd = open(procs, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		rc = nsi_error(err, NS_STEP_OPEN, errno, "failed to open %s", procs);
		free(procs);
		return rc;
	}
	free(procs);
	e->cgroup_fd = fd;
	return 0;
}

/* --user-parent: the user namespace above the one that would be entered. */
static int open_user_parent(struct ns_enter *e, struct ns_error *err)
{
	int src = e->ns_fd[NS_USER], own = -1, parent;
	const char *from = NULL;
	char from_name[64];

	/* With -U, its parent; else the owner of any other namespace to enter. */
	if (src >= 0)
		from = ns_name(e, NS_USER);
	for (int i = 0; i < NS_NTYPES && src < 0; i++)
		if (e->ns_fd[nsi_enter_order[i]] >= 0) {
			src = e->ns_fd[nsi_enter_order[i]];
			from = ns_name(e, nsi_enter_order[i]);
		}
	if (src < 0) {
		own = open_target(e, "ns/user", NULL, e->ns_path[NS_USER],
				  sizeof(e->ns_path[NS_USER]), 0, NULL, err);
		if (own < 0)
			return own;
		src = own;
		from = e->ns_path[NS_USER];
	}
	parent = ioctl(src, NS_GET_USERNS);
	if (parent < 0) {
		int rc = nsi_error(err, NS_STEP_OPEN, errno, "failed to open parent namespace");

		nsi_close_fd(&own);
		return rc;
	}
	nsi_close_fd(&own);
	snprintf(from_name, sizeof(from_name), "%s", from);
	snprintf(e->ns_path[NS_USER], sizeof(e->ns_path[NS_USER]), "ioctl(%.40s, NS_GET_USERNS)",
		 from_name);
	nsi_close_fd(&e->ns_fd[NS_USER]);
	e->ns_file[NS_USER] = NULL;
	e->ns_fd[NS_USER] = parent;
	e->wanted |= CLONE_NEWUSER;
	return 0;
}

/* -N: the network namespace of one of the target's sockets (Linux 5.6: pidfd_getfd). */
static int open_socket_net(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	int sk, nsfd, rc;

	if (e->gone)
		return nsi_error(err, NS_STEP_OPEN, ESRCH, "pidfd_open(%d) failed", (int)e->target);
	if (e->pidfd < 0) {
		e->pidfd = ns_pidfd_open(e->target, 0, err);
		if (e->pidfd < 0)
			return e->pidfd;
	}
	sk = (int)syscall(SYS_pidfd_getfd, e->pidfd, o->net_socket, 0);
	if (sk < 0)
		return nsi_error(err, NS_STEP_SETNS, errno,
				 "cannot get descriptor %d of process %d", o->net_socket,
				 (int)e->target);
	nsfd = ioctl(sk, SIOCGSKNS);
	if (nsfd < 0) {
		rc = nsi_error(err, NS_STEP_SETNS, errno,
			       "ioctl(SIOCGSKNS) on descriptor %d of process %d failed",
			       o->net_socket, (int)e->target);
		close(sk);
		return rc;
	}
	close(sk);
	nsi_close_fd(&e->ns_fd[NS_NET]);
	e->ns_file[NS_NET] = NULL;
	snprintf(e->ns_path[NS_NET], sizeof(e->ns_path[NS_NET]), "socket %d of %d", o->net_socket,
		 (int)e->target);
	e->ns_fd[NS_NET] = nsfd;
	e->wanted |= CLONE_NEWNET;
	return 0;
}

/*
 * The namespaces asked of the target itself (no file given) are entered through its pidfd
 * (Linux 5.8): one descriptor, opened before anything changes, that names the process rather
 * than a path, and one setns for all of them. Opening /proc/PID/ns/X costs about as much as
 * the rest of the work together. Without pidfds (or when setns refuses one), the files.
 */
/* The pidfd's PID, as /proc/self/fdinfo shows it: -ESRCH once its process has exited. */
static int pidfd_pid(int pidfd, pid_t *pid, struct ns_error *err)
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
 * The target's pidfd, opened first: the caller's (a duplicate, so both close their own) or
 * pidfd_open(target). A target that does not exist is remembered (gone): it is an error only
 * where something is needed of it, named as nsenter names it, with ESRCH.
 */
static int open_pidfd(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	int fd;

	if (o->pidfd >= 0) {
		e->pidfd = fcntl(o->pidfd, F_DUPFD_CLOEXEC, 0);
		if (e->pidfd < 0)
			return nsi_error(err, NS_STEP_OPEN, errno, "cannot duplicate pidfd %d",
					 o->pidfd);
		return e->target ? 0 : pidfd_pid(e->pidfd, &e->target, err);
	}
	if (!e->target)
		return 0;
	if (o->target_inode) {
		e->pidfd = ns_pidfd_open(e->target, o->target_inode, err);
		return e->pidfd < 0 ? e->pidfd : 0;
	}
	nsi_trace("open first, then act: a pidfd names the target process itself; every "
		  "namespace asked of it is entered through it",
		  "pidfd_open(%d, 0)", (int)e->target);
	fd = ns_pidfd_open(e->target, 0, NULL);
	if (fd >= 0)
		e->pidfd = fd;
	e->gone = fd == -ESRCH;
	return 0; /* without pidfds: the files */
}

static int choose_pidfd(struct ns_enter *e, const bool *from_all)
{
	const struct ns_enter_opts *o = e->opts;
	int flags = 0;

	if (!e->target || o->user_parent)
		return 0;
	for (int t = 0; t < NS_NTYPES; t++)
		if ((o->ns[t] || from_all[t]) && !o->ns_file[t])
			flags |= ns_type_info(t)->flag;
	if (o->net_socket >= 0)
		flags &= ~CLONE_NEWNET;
	if (!flags || e->pidfd < 0)
		return 0; /* without pidfds: the files */
	e->pidfd_flags = flags;
	return 0;
}

/*
 * Back to the descriptors held: the kernel refused the pidfd (no setns through it), or the
 * target has exited (ESRCH), which its held namespaces outlive.
 */
static void pidfd_to_files(struct ns_enter *e)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		if ((e->pidfd_flags & ns_type_info(t)->flag) && e->held[t] >= 0) {
			e->ns_fd[t] = e->held[t];
			e->held[t] = -1;
		}
	}
	e->pidfd_flags = 0;
}

static int open_all(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	bool from_all[NS_NTYPES] = { false };
	int rc;

	rc = open_pidfd(e, err);
	if (rc)
		return rc;
	if (o->target_inode || o->net_socket >= 0 || o->user_parent) {
		if (!e->target)
			return nsi_error(err, NS_STEP_PARSE, 0, "no target PID specified");
	}
	if (o->all) {
		if (!e->target)
			return nsi_error(err, NS_STEP_PARSE, 0,
					 "no target PID specified for --all");
		for (int t = 0; t < NS_NTYPES; t++)
			from_all[t] = !o->ns[t];
	}
	rc = choose_pidfd(e, from_all);
	if (rc)
		return rc;
	if (o->all && !o->ns_file[NS_USER]) {
		/*
		 * --all leaves out a user namespace that is ours. (Asked with -U too, unless it
		 * names a file: nsenter does, and an inaccessible target fails here first.)
		 */
		bool same = false;

		rc = e->pidfd_flags & CLONE_NEWUSER ? same_user_ns_pidfd(e->pidfd) : -ENOTTY;
		if (rc >= 0) {
			same = rc;
		} else {
			rc = same_user_ns(e->target, e->gone, &same, err);
			if (rc)
				return rc;
		}
		if (same && from_all[NS_USER]) {
			from_all[NS_USER] = false;
			e->pidfd_flags &= ~CLONE_NEWUSER;
		}
	}
	for (int t = 0; t < NS_NTYPES; t++)
		if (from_all[t])
			e->all_flags |= ns_type_info(t)->flag;
	for (int i = 0; i < NS_NTYPES; i++) {
		int t = nsi_enter_order[i];

		if (!(o->ns[t] || from_all[t]))
			continue;
		rc = open_ns(e, t, from_all[t], err);
		if (rc)
			return rc;
	}
	if (o->root) {
		e->root_fd = open_target(e, "root", o->root_dir, e->root_name, sizeof(e->root_name),
					 0,
					 "open the root directory now: after setns its path could "
					 "mean another directory, or none",
					 err);
		if (e->root_fd < 0)
			return e->root_fd;
	}
	if (o->wd) {
		e->wd_fd = open_target(e, "cwd", o->wd_dir, e->wd_name, sizeof(e->wd_name), 0,
				       "open the working directory now, before entering: it is "
				       "found where we are",
				       err);
		if (e->wd_fd < 0)
			return e->wd_fd;
	}
	if (o->env) {
		char buf[64];

		e->env_fd = open_target(e, "environ", NULL, buf, sizeof(buf), 0,
					"the target's environment, read after entering", err);
		if (e->env_fd < 0)
			return e->env_fd;
	}
	if (o->uid_follow || o->gid_follow) {
		char buf[64];

		if (!e->target)
			return nsi_error(err, NS_STEP_PARSE, 0,
					 "no target PID specified for follow");
		/* Its owner is the target's uid and gid, seen from where we stat it: after setns. */
		e->proc_fd = open_target(e, "", NULL, buf, sizeof(buf), O_DIRECTORY,
					 "its owner is the target's uid and gid (for follow)", err);
		if (e->proc_fd < 0)
			return e->proc_fd;
	}
	if (o->join_cgroup) {
		rc = open_cgroup_procs(e, err);
		if (rc)
			return rc;
	}
	if (o->user_parent) {
		rc = open_user_parent(e, err);
		if (rc)
			return rc;
	}
	if (o->net_socket >= 0) {
		rc = open_socket_net(e, err);
		if (rc)
			return rc;
	}
	if (e->pidfd >= 0 && (o->target_inode || e->check_alive || o->pidfd >= 0)) {
		/*
		 * The files were opened by PID: they are the checked process's only if it is still
		 * alive now (a pidfd polls readable once its process has exited).
		 */
		struct pollfd p = { .fd = e->pidfd, .events = POLLIN };

		if (poll(&p, 1, 0) != 0)
			return nsi_error(err, NS_STEP_SETNS, ESRCH,
					 "process %d exited while it was being entered",
					 (int)e->target);
	}
	return 0;
}

struct ns_enter *ns_enter_open(const struct ns_enter_opts *o, struct ns_error *err)
{
	struct ns_enter *e = calloc(1, sizeof(*e));

	if (!e) {
		nsi_error(err, NS_STEP_OPEN, ENOMEM, "cannot allocate the enter state");
		return NULL;
	}
	e->opts_copy = *o;
	e->opts = &e->opts_copy;
	e->target = o->target;
	for (int t = 0; t < NS_NTYPES; t++)
		e->ns_fd[t] = e->held[t] = -1;
	e->pidfd = e->root_fd = e->wd_fd = e->env_fd = e->cgroup_fd = e->proc_fd = -1;
	if (open_all(e, err)) {
		ns_enter_close(e);
		return NULL;
	}
	/* Unless namespaces are entered through it, the pidfd was needed only for checks. */
	if (!e->pidfd_flags)
		nsi_close_fd(&e->pidfd);
	return e;
}

int ns_enter_flags(const struct ns_enter *e)
{
	return e->wanted;
}

/* One setns; on success the descriptor is closed and the type marked entered. */
static int enter_one(struct ns_enter *e, int t, bool report, struct ns_error *err)
{
	const struct ns_type_info *ti = ns_type_info(t);

	if (nsi_tracing()) {
		char why[256];

		snprintf(why, sizeof(why), "join its %s namespace: %s", ti->name, ti->what);
		nsi_trace(why, "setns(%s, %s)", ns_name(e, t), ti->clone_name);
	}
	if (setns(e->ns_fd[t], ti->flag) < 0) {
		if (report)
			return nsi_error(err, NS_STEP_SETNS, errno,
					 "reassociate to namespace 'ns/%s' failed", ti->name);
		return -errno;
	}
	nsi_close_fd(&e->ns_fd[t]);
	e->entered |= ti->flag;
	return 0;
}

/* setns(pidfd, flags): several namespaces of the target at once. */
static int enter_pidfd(struct ns_enter *e, int flags)
{
	if (nsi_tracing()) {
		char names[256], why[320];

		ns_flags_name(flags, names, sizeof(names));
		snprintf(why, sizeof(why),
			 "join the target's namespaces (%s) at once, through its "
			 "pidfd",
			 names);
		nsi_trace(why, "setns(pidfd(%d), %s)", (int)e->target, names);
	}
	if (setns(e->pidfd, flags) < 0)
		return -errno;
	e->pidfd_flags &= ~flags;
	e->entered |= flags;
	return 0;
}

/*
 * What is left for the pidfd, one type at a time, so that a failure names its type; a target
 * gone by now leaves them to the held descriptors.
 */
static int enter_pidfd_each(struct ns_enter *e, int flags, struct ns_error *err)
{
	int rc;

	if (!flags)
		return 0;
	rc = enter_pidfd(e, flags);
	for (int i = 0; i < NS_NTYPES && rc && rc != -ESRCH; i++) {
		const struct ns_type_info *ti = ns_type_info(nsi_enter_order[i]);

		if (!(flags & ti->flag))
			continue;
		rc = enter_pidfd(e, ti->flag);
		if (rc && rc != -ESRCH)
			return nsi_error(err, NS_STEP_SETNS, -rc,
					 "reassociate to namespace 'ns/%s' failed", ti->name);
	}
	if (rc == -ESRCH)
		pidfd_to_files(e);
	return 0;
}

static int enter_namespaces(struct ns_enter *e, struct ns_error *err)
{
	bool tried = false;
	int rc;

	/*
	 * Pass one: all but the user namespace, errors ignored. Root (with every capability
	 * over a container's namespaces) gets in and enters the user namespace last, which
	 * takes its privilege away; an unprivileged owner fails here with EPERM, enters the user
	 * namespace (which gives it the capabilities it needs) and then retries.
	 */
	if (e->pidfd_flags & ~CLONE_NEWUSER) {
		rc = enter_pidfd(e, e->pidfd_flags & ~CLONE_NEWUSER);
		/* Refused (no setns through a pidfd) or gone: nothing has changed yet. */
		if (rc && rc != -EPERM)
			pidfd_to_files(e);
		tried = true;
	}
	for (int i = 0; i < NS_NTYPES; i++)
		if (nsi_enter_order[i] != NS_USER && e->ns_fd[nsi_enter_order[i]] >= 0) {
			enter_one(e, nsi_enter_order[i], false, err);
			tried = true;
		}
	rc = enter_pidfd_each(e, e->pidfd_flags & CLONE_NEWUSER, err);
	if (rc)
		return rc;
	if (e->ns_fd[NS_USER] >= 0) {
		rc = enter_one(e, NS_USER, true, err);
		if (rc)
			return rc;
	}
	if (e->pidfd_flags && tried)
		nsi_trace("retry: it failed before the user namespace was entered",
			  "setns(pidfd(%d), ...) again", (int)e->target);
	rc = enter_pidfd_each(e, e->pidfd_flags, err);
	if (rc)
		return rc;
	for (int i = 0; i < NS_NTYPES; i++) {
		int t = nsi_enter_order[i];

		if (e->ns_fd[t] < 0)
			continue;
		if (tried && nsi_tracing())
			nsi_trace("retry: it failed before the user namespace was entered",
				  "setns(%s, %s) again", ns_name(e, t),
				  ns_type_info(t)->clone_name);
		rc = enter_one(e, t, true, err);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * A working directory outside the root is a way out of it (runc CVE-2024-21626): where
 * nsenter would leave the program there, it starts at the root's / instead.
 */
static int keep_inside_root(const char *wd_name, struct ns_error *err)
{
	if (ns_cwd_inside_root(NULL) > 0)
		return 0;
	if (nsi_tracing()) {
		char why[PATH_MAX + 160];

		snprintf(why, sizeof(why),
			 "the working directory %s is outside the new root, a way out of it: "
			 "start at the root's / instead",
			 wd_name);
		nsi_trace(why, "chdir(\"/\")");
	}
	if (chdir("/") < 0)
		return nsi_error(err, NS_STEP_CHDIR, errno, "cannot change directory to %s", "/");
	return 0;
}

static int set_root_and_cwd(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	const char *wd_name = o->wd_dir ? o->wd_dir : e->wd_name;

	if (e->root_fd >= 0 && e->wd_fd < 0 && !o->wdns) {
		/* Keep the working directory we have now (if it is under the root, see below). */
		e->wd_fd = open(".", O_RDONLY | O_CLOEXEC);
		if (e->wd_fd < 0)
			return nsi_error(err, NS_STEP_OPEN, errno,
					 "cannot open current working directory");
		wd_name = ".";
	}
	if (e->root_fd >= 0) {
		const char *root = o->root_dir ? o->root_dir : e->root_name;

		nsi_trace("go to the new root through the descriptor opened before entering",
			  "fchdir(%s)", root);
		if (fchdir(e->root_fd) < 0)
			return nsi_error(err, NS_STEP_CHROOT, errno,
					 "change directory by root file descriptor failed");
		nsi_trace("make it the process's /: from now on every path is resolved inside it",
			  "chroot(\".\")");
		if (chroot(".") < 0)
			return nsi_error(err, NS_STEP_CHROOT, errno, "chroot failed");
		nsi_trace("stand at the new /", "chdir(\"/\")");
		if (chdir("/") < 0)
			return nsi_error(err, NS_STEP_CHROOT, errno,
					 "cannot change directory to %s", "/");
		nsi_close_fd(&e->root_fd);
	}
	if (o->wdns) {
		nsi_trace("the working directory, as a path inside the entered namespaces and root",
			  "open(\"%s\", O_RDONLY|O_CLOEXEC)", o->wdns);
		e->wd_fd = open(o->wdns, O_RDONLY | O_CLOEXEC);
		if (e->wd_fd < 0)
			return nsi_error(err, NS_STEP_OPEN, errno,
					 "cannot open current working directory");
		wd_name = o->wdns;
	}
	if (e->wd_fd >= 0) {
		nsi_trace("set the working directory from the descriptor opened earlier",
			  "fchdir(%s)", wd_name);
		if (fchdir(e->wd_fd) < 0)
			return nsi_error(err, NS_STEP_CHDIR, errno,
					 "change directory by working directory file descriptor "
					 "failed");
		nsi_close_fd(&e->wd_fd);
		return keep_inside_root(wd_name, err);
	}
	return 0;
}

int ns_cgroup2_path_parse(const char *text, char *path, size_t size)
{
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");

		if (len >= 3 && !strncmp(line, "0::", 3)) {
			if (len - 3 >= size)
				return -ENAMETOOLONG;
			memcpy(path, line + 3, len - 3);
			path[len - 3] = '\0';
			return 0;
		}
		line += len;
		if (*line)
			line++;
	}
	return -ENOENT;
}

int ns_environ_parse(char *buf, size_t len, ns_environ_fn fn, void *data)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *next = memchr(p, '\0', (size_t)(end - p));
		char *eq;
		int rc;

		next = next ? next + 1 : end;
		eq = memchr(p, '=', (size_t)(next - p));
		if (eq && eq != p) {
			*eq = '\0';
			rc = fn(p, eq + 1, data);
			if (rc)
				return rc;
		}
		p = next;
	}
	return 0;
}

static int set_one(const char *name, const char *value, void *data)
{
	(void)data;
	return setenv(name, value, 1) < 0 ? -errno : 0;
}

/* -e: the target's environment, read from the descriptor opened before entering. */
static int take_environment(struct ns_enter *e, struct ns_error *err)
{
	char *buf;
	size_t len;
	int rc;

	nsi_trace("the program gets the target's environment instead of ours",
		  "clearenv(); setenv() each of /proc/%d/environ", (int)e->target);
	rc = read_all(e->env_fd, &buf, &len);
	nsi_close_fd(&e->env_fd);
	if (rc)
		return nsi_error(err, NS_STEP_SETNS, -rc, "failed to get environment variables");
	clearenv();
	rc = ns_environ_parse(buf, len, set_one, NULL);
	free(buf);
	if (rc)
		return nsi_error(err, NS_STEP_SETNS, -rc, "failed to set environment variables");
	return 0;
}

static int join_cgroup(struct ns_enter *e, struct ns_error *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)getpid());

	nsi_trace("move this process into the target's cgroup; the program inherits it",
		  "write(cgroup.procs, \"%s\")", buf);
	if (write(e->cgroup_fd, buf, (size_t)n) != n)
		return nsi_error(err, NS_STEP_SETNS, errno, "write cgroup.procs failed");
	nsi_close_fd(&e->cgroup_fd);
	return 0;
}

int ns_enter_join(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	int rc;

	if (e->wanted || e->root_fd >= 0) {
		/*
		 * A process inside the target's namespaces must not be ptrace-able from there
		 * while it still holds our descriptors and memory (runc CVE-2016-9962).
		 */
		nsi_trace("no process in the entered namespaces may ptrace us or read our memory "
			  "until the program is executed",
			  "prctl(PR_SET_DUMPABLE, 0)");
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			return nsi_error(err, NS_STEP_SETNS, errno,
					 "prctl(PR_SET_DUMPABLE) failed");
	}
	e->set_uid = o->set_uid;
	e->set_gid = o->set_gid;
	e->uid = o->uid;
	e->gid = o->gid;
	if ((e->wanted & CLONE_NEWUSER) && !o->preserve_credentials) {
		/* Entering a user namespace makes us uid and gid 0 there unless -S or -G say. */
		e->set_uid = e->set_gid = true;
		struct ns_cred none;

		/* Also before: inside, setgroups may be denied; complain only if both fail. */
		ns_cred_init(&none);
		none.set_groups = true;
		e->setgroups_failed = ns_cred_set(&none, NULL) < 0;
	}
	rc = enter_namespaces(e, err);
	if (rc)
		return rc;
	rc = set_root_and_cwd(e, err);
	if (rc)
		return rc;
	if (e->env_fd >= 0) {
		rc = take_environment(e, err);
		if (rc)
			return rc;
	}
	if (e->cgroup_fd >= 0) {
		rc = join_cgroup(e, err);
		if (rc)
			return rc;
	}
	if (e->proc_fd >= 0) {
		struct stat st;

		if (fstat(e->proc_fd, &st) < 0)
			return nsi_error(err, NS_STEP_SETNS, errno, "can not get process stat");
		nsi_close_fd(&e->proc_fd);
		if (o->uid_follow)
			e->uid = st.st_uid;
		if (o->gid_follow)
			e->gid = st.st_gid;
	}
	nsi_close_fd(&e->pidfd);
	return 0;
}

/* waitpid(pid, WUNTRACED): its end, or its stop. */
static int wait_or_stop(pid_t pid, int *wstatus, struct ns_error *err)
{
	for (;;) {
		pid_t r = waitpid(pid, wstatus, WUNTRACED);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return nsi_error(err, NS_STEP_SETNS, errno, "waitpid failed");
	}
}

int ns_enter_fork(struct ns_enter *e, int *status, struct ns_error *err)
{
	int wstatus, rc;
	pid_t pid;

	if (!(e->entered & CLONE_NEWPID) || e->opts->no_fork)
		return 0;
	/* A SIGCHLD ignored by our caller would make the child's status vanish. */
	signal(SIGCHLD, SIG_DFL);
	pid = nsi_fork("a PID namespace holds only the children of who enters it: the program "
		       "runs in a child, this process waits and passes on how it ended",
		       "the target's PID namespace");
	if (pid < 0)
		return nsi_error(err, NS_STEP_SETNS, errno, "fork failed");
	if (pid == 0)
		return 0;
	nsi_enter_close_fds(e);
	for (;;) {
		rc = wait_or_stop(pid, &wstatus, err);
		if (rc)
			return rc;
		if (!WIFSTOPPED(wstatus))
			break;
		/* The child was stopped (^Z): stop too, for the shell to see; then go on together. */
		kill(getpid(), SIGSTOP);
		kill(pid, SIGCONT);
	}
	*status = ns_pass_status(wstatus);
	return 1;
}

int ns_enter_cred_set(struct ns_enter *e, struct ns_error *err)
{
	struct ns_cred c;
	int rc;

	ns_cred_init(&c);
	/* The supplementary groups go with the group; an error counts only if it failed before. */
	c.set_groups = e->set_gid;
	c.groups_may_fail = !e->setgroups_failed;
	if (e->set_gid)
		c.gid = e->gid;
	if (e->set_uid)
		c.uid = e->uid;
	rc = ns_cred_set(&c, err);
	if (rc)
		return rc;
	/* --keep-caps: what we may use becomes what the program keeps across exec. */
	if (e->opts->keep_caps && (e->entered & CLONE_NEWUSER))
		return ns_caps_keep(err);
	return 0;
}
