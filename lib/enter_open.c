// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Joining the namespaces of another process (setns), the way nsenter(1) does: the first step,
 * ns_enter_open(), and the state it makes.
 *
 * Open first, then act (DESIGN.md rule 5): every namespace file, the root, the working
 * directory, the target's environment and cgroup.procs are opened before the first setns,
 * because entering a mount namespace changes what /proc/PID/... and every other path mean.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enter.h"

#ifndef NS_GET_TGID_IN_PIDNS
#define NS_GET_TGID_IN_PIDNS _IOR(0xb7, 0x9, int)
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

const char *nsi_enter_ns_name(const struct ns_enter *e, int t)
{
	return e->ns_file[t] ? e->ns_file[t] : e->ns_path[t];
}

/*
 * Opens the target's /proc/PID/<what> or the user's path, announced with why. Descriptor 0 is
 * a descriptor like any other (util-linux #4412): "not open" is -1, never 0.
 */
int nsi_enter_open_target(struct ns_enter *e, const char *what, const char *path, char *buf,
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

/*
 * A namespace entered through the pidfd is also held by a descriptor of its own, taken from
 * the pidfd (Linux 6.11): nsenter's open files keep the namespaces of a target that exits
 * before it joins them, a pidfd alone does not. The pidfd names the process, so these are its
 * namespaces, or ESRCH. 0 when held, 1 when the kernel cannot (the files then), or -errno.
 */
static int hold_ns(struct ns_enter *e, int t, struct ns_error *err)
{
	int fd;

	if (e->no_hold)
		return 0;
	if (!e->holding)
		nsi_trace("hold each namespace by a descriptor of its own, taken from the pidfd: "
			  "they stay there to be entered even if the target exits first",
			  "ioctl(pidfd(%d), PIDFD_GET_*_NAMESPACE) for each", (int)e->target);
	e->holding = true;
	fd = nsi_pidfd_ns(e->pidfd, t);
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

/*
 * A target that is the init of the PID namespace to be forked into takes that namespace with
 * it (no process can be born there after): nothing held could save such a join, so nothing
 * is held; holding costs an nsfs inode a namespace, as much as the rest of the work here.
 */
static bool pid_ns_dies_with_target(struct ns_enter *e)
{
	int fd, nr;

	if (!(e->pidfd_flags & CLONE_NEWPID) || e->opts->no_fork)
		return false;
	fd = nsi_pidfd_ns(e->pidfd, NS_PID);
	if (fd < 0)
		return false;
	nr = ioctl(fd, NS_GET_TGID_IN_PIDNS, (int)e->target);
	close(fd);
	return nr == 1;
}

/* Opens one namespace file; with --all a type this kernel lacks is left out. */
int nsi_enter_open_ns(struct ns_enter *e, int t, bool from_all, struct ns_error *err)
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
	fd = nsi_enter_open_target(
		e, what, e->ns_file[t], e->ns_path[t], sizeof(e->ns_path[t]), 0,
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

/*
 * The target's pidfd, opened first: the caller's (a duplicate, so both close their own) or
 * pidfd_open(target). A target that does not exist is remembered (gone): it is an error only
 * where something is needed of it, named as nsenter names it, with ESRCH.
 */
static int open_pidfd(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	pid_t pid;
	int fd;

	if (o->pidfd >= 0) {
		e->pidfd = fcntl(o->pidfd, F_DUPFD_CLOEXEC, 0);
		if (e->pidfd < 0)
			return nsi_error(err, NS_STEP_OPEN, errno, "cannot duplicate pidfd %d",
					 o->pidfd);
		fd = nsi_pidfd_pid(e->pidfd, &pid, err);
		if (fd)
			return fd;
		/* Its /proc/PID files are opened by the pidfd's PID: a different target is no. */
		if (e->target && e->target != pid)
			return nsi_error(err, NS_STEP_PARSE, EINVAL, "pidfd %d is not process %d",
					 o->pidfd, (int)e->target);
		e->target = pid;
		return 0;
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
 * The pidfd, then the namespaces, in nsenter's order: through the pidfd (and held), or by
 * their files.
 */
static int open_namespaces(struct ns_enter *e, struct ns_error *err)
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

		rc = e->pidfd_flags & CLONE_NEWUSER ? nsi_pidfd_same_user_ns(e->pidfd) : -ENOTTY;
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
	e->no_hold = pid_ns_dies_with_target(e);
	for (int i = 0; i < NS_NTYPES; i++) {
		int t = nsi_enter_order[i];

		if (!(o->ns[t] || from_all[t]))
			continue;
		rc = nsi_enter_open_ns(e, t, from_all[t], err);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Then the rest, in nsenter's order: root, working directory, environment, /proc/PID, the
 * cgroup, the parent user namespace, a socket's network namespace; then the pidfd's check.
 */
static int open_others(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	int rc;

	if (o->root) {
		e->root_fd = nsi_enter_open_target(
			e, "root", o->root_dir, e->root_name, sizeof(e->root_name), 0,
			"open the root directory now: after setns its path could "
			"mean another directory, or none",
			err);
		if (e->root_fd < 0)
			return e->root_fd;
	}
	if (o->wd) {
		e->wd_fd = nsi_enter_open_target(
			e, "cwd", o->wd_dir, e->wd_name, sizeof(e->wd_name), 0,
			"open the working directory now, before entering: it is "
			"found where we are",
			err);
		if (e->wd_fd < 0)
			return e->wd_fd;
	}
	if (o->env) {
		char buf[64];

		e->env_fd = nsi_enter_open_target(e, "environ", NULL, buf, sizeof(buf), 0,
						  "the target's environment, read after entering",
						  err);
		if (e->env_fd < 0)
			return e->env_fd;
	}
	if (o->uid_follow || o->gid_follow) {
		char buf[64];

		if (!e->target)
			return nsi_error(err, NS_STEP_PARSE, 0,
					 "no target PID specified for follow");
		/* Its owner is the target's uid and gid, seen from where we stat it: after setns. */
		e->proc_fd = nsi_enter_open_target(
			e, "", NULL, buf, sizeof(buf), O_DIRECTORY,
			"its owner is the target's uid and gid (for follow)", err);
		if (e->proc_fd < 0)
			return e->proc_fd;
	}
	if (o->join_cgroup) {
		rc = nsi_enter_open_cgroup(e, err);
		if (rc)
			return rc;
	}
	if (o->user_parent) {
		rc = nsi_enter_open_user_parent(e, err);
		if (rc)
			return rc;
	}
	if (o->net_socket >= 0) {
		rc = nsi_enter_open_socket_net(e, err);
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

static int open_all(struct ns_enter *e, struct ns_error *err)
{
	int rc = open_namespaces(e, err);

	return rc ? rc : open_others(e, err);
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
