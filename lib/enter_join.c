// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The second step, ns_enter_join(): the namespaces (through the pidfd at once, or the held
 * descriptors and files one by one, in util-linux's order and retries), then the root, the
 * working directory (inside the root), the environment and the cgroup.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enter.h"

/* One setns; on success the descriptor is closed and the type marked entered. */
static int enter_one(struct ns_enter *e, int t, bool report, struct ns_error *err)
{
	const struct ns_type_info *ti = ns_type_info(t);

	if (nsi_tracing()) {
		char why[256];

		snprintf(why, sizeof(why), "join its %s namespace: %s", ti->name, ti->what);
		nsi_trace(why, "setns(%s, %s)", nsi_enter_ns_name(e, t), ti->clone_name);
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
 * Back to the descriptors held: the kernel refused the pidfd (no setns through it), or the
 * target has exited (ESRCH), which its held namespaces outlive. Nothing held (an init
 * target): a refusal opens the files, checked after against the pidfd; ESRCH is the end.
 */
static int pidfd_to_files(struct ns_enter *e, int why, struct ns_error *err)
{
	int flags = e->pidfd_flags, rc;
	struct pollfd p = { .fd = e->pidfd, .events = POLLIN };

	e->pidfd_flags = 0;
	for (int i = 0; i < NS_NTYPES; i++) {
		int t = nsi_enter_order[i];
		int flag = ns_type_info(t)->flag;

		if (!(flags & flag))
			continue;
		if (e->held[t] >= 0) {
			e->ns_fd[t] = e->held[t];
			e->held[t] = -1;
			continue;
		}
		/* Not held (see pid_ns_dies_with_target): a path now would name another process. */
		if (why == -ESRCH)
			return nsi_error(err, NS_STEP_SETNS, ESRCH,
					 "process %d exited while it was being entered",
					 (int)e->target);
		rc = nsi_enter_open_ns(e, t, e->all_flags & flag, err);
		if (rc)
			return rc;
	}
	/* Files opened by PID now: the target's only if it still lives. */
	if (why != -ESRCH && !e->holding && poll(&p, 1, 0) != 0)
		return nsi_error(err, NS_STEP_SETNS, ESRCH,
				 "process %d exited while it was being entered", (int)e->target);
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
	return rc == -ESRCH ? pidfd_to_files(e, rc, err) : 0;
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
		if (rc && rc != -EPERM) {
			rc = pidfd_to_files(e, rc, err);
			if (rc)
				return rc;
		}
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
				  "setns(%s, %s) again", nsi_enter_ns_name(e, t),
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
		bool dumped;

		nsi_trace("go to the new root through the descriptor opened before entering",
			  "fchdir(%s)", root);
		if (fchdir(e->root_fd) < 0)
			return nsi_error(err, NS_STEP_CHROOT, errno,
					 "change directory by root file descriptor failed");
		nsi_trace("make it the process's /: from now on every path is resolved inside it",
			  "chroot(\".\")");
		dumped = nsi_coverage_root(".");
		if (chroot(".") < 0) {
			int e = errno;

			nsi_coverage_resume(dumped);
			return nsi_error(err, NS_STEP_CHROOT, e, "chroot failed");
		}
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
	rc = nsi_read_all(e->env_fd, &buf, &len);
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
	/* What was held is entered now: close it here, before a fork would close it twice. */
	for (int t = 0; t < NS_NTYPES; t++)
		nsi_close_fd(&e->held[t]);
	nsi_close_fd(&e->pidfd);
	return 0;
}
