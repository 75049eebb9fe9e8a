// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * New namespaces for this process, in util-linux unshare(1)'s order: helpers first, then
 * unshare(2), the ID maps, the clocks, the fork (a new PID or time namespace is only for
 * children), the persistent files, the mounts, the root, the credentials. The parent of the
 * fork only waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/*
 * A helper forked before unshare(): it stays in the old namespaces, with the old privileges,
 * and does there what the caller no longer can (bind a namespace file in the old mount
 * namespace, write an ID map as a process of the parent user namespace). It waits until the
 * caller says "go" through a pipe, and reports a failure back as a struct ns_error through
 * another; both pipes are close-on-exec and closed in every other process.
 */
struct helper {
	pid_t pid;
	int go; /* write end: one byte means "unshare() is done, do your job" */
	int result; /* read end: a struct ns_error on failure, EOF when done */
};

typedef int (*helper_job)(const struct ns_unshare *u, pid_t target, struct ns_error *err);

static void helper_close(struct helper *h)
{
	if (h->go >= 0)
		close(h->go);
	if (h->result >= 0)
		close(h->result);
	h->go = h->result = -1;
}

/*
 * pipe2(O_CLOEXEC) whose ends are never 0, 1 or 2: with a standard descriptor closed, a trace
 * or a message written there would otherwise land in the pipe (and wake the helper early).
 */
static int pipe_above_stdio(int fd[2])
{
	if (pipe2(fd, O_CLOEXEC) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		int moved;

		if (fd[i] > STDERR_FILENO)
			continue;
		moved = fcntl(fd[i], F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
		if (moved < 0) {
			int e = errno;

			close(fd[0]);
			close(fd[1]);
			errno = e;
			return -1;
		}
		close(fd[i]);
		fd[i] = moved;
	}
	return 0;
}

static int helper_start(struct helper *h, helper_job job, const struct ns_unshare *u,
			const char *why, struct ns_error *err)
{
	int go[2], result[2];
	pid_t target = getpid();

	if (pipe_above_stdio(go) < 0)
		return nsi_error(err, NS_STEP_UNSHARE, errno, "pipe failed");
	if (pipe_above_stdio(result) < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		return nsi_error(err, NS_STEP_UNSHARE, e, "pipe failed");
	}
	nsi_trace(why, "fork() /* helper */");
	h->pid = fork();
	if (h->pid < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		close(result[0]);
		close(result[1]);
		return nsi_error(err, NS_STEP_UNSHARE, e, "fork failed");
	}
	if (h->pid == 0) {
		struct ns_error e = { 0 };
		char byte;

		close(go[1]);
		close(result[0]);
		/* EOF: the caller gave up (unshare failed): nothing to do. */
		if (read(go[0], &byte, 1) != 1)
			_exit(0);
		if (job(u, target, &e) < 0) {
			if (write(result[1], &e, sizeof(e)) < 0)
				_exit(1);
			_exit(1);
		}
		_exit(0);
	}
	close(go[0]);
	close(result[1]);
	h->go = go[1];
	h->result = result[0];
	return 0;
}

/* Tells the helper to go and waits for its end; its failure becomes ours. */
static int helper_finish(struct helper *h, struct ns_error *err)
{
	struct ns_error e;
	char byte = 1;
	ssize_t n;
	int status, rc;

	if (write(h->go, &byte, 1) != 1) {
		rc = nsi_error(err, NS_STEP_UNSHARE, errno, "cannot wake the helper");
		helper_close(h);
		kill(h->pid, SIGKILL);
		ns_wait(h->pid, &status, NULL);
		return rc;
	}
	close(h->go);
	h->go = -1;
	do
		n = read(h->result, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	helper_close(h);
	rc = ns_wait(h->pid, &status, err);
	h->pid = 0;
	if (rc)
		return rc;
	if (n == (ssize_t)sizeof(e)) {
		e.msg[sizeof(e.msg) - 1] = '\0';
		if (err)
			*err = e;
		return e.code ? -e.code : -EINVAL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return nsi_error(err, NS_STEP_UNSHARE, 0, "helper process failed");
	return 0;
}

/* The helper is not needed after all (unshare failed): EOF on its pipe makes it exit. */
static void helper_cancel(struct helper *h)
{
	int status;

	if (h->pid <= 0)
		return;
	helper_close(h);
	ns_wait(h->pid, &status, NULL);
	h->pid = 0;
}

static const char *ns_entry_of(const struct ns_type_info *ti)
{
	/* A new PID or time namespace is the caller's only "for children". */
	return ti->children ? ti->children : ti->name;
}

static int bind_files(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);
		int rc;

		if (!u->persist[t] || !(u->flags & ti->flag))
			continue;
		rc = ns_bind_ns_file(target, ns_entry_of(ti), u->persist[t], err);
		if (rc)
			return rc;
	}
	return 0;
}

static bool self_mappable(const struct ns_idmap *map, uint32_t id)
{
	return map->n == 0 ||
	       (map->n == 1 && map->range[0].count == 1 && map->range[0].outer == id);
}

/* "deny" before an unprivileged gid map (util-linux), or what --setgroups asked. */
static int setgroups_policy(const struct ns_unshare *u, pid_t pid, struct ns_error *err)
{
	if (u->deny_setgroups_for_map && u->gid_map.n)
		return ns_setgroups_write(pid, false, err);
	if (u->setgroups)
		return ns_setgroups_write(pid, u->setgroups > 0, err);
	return 0;
}

/* In the helper, a process of the parent user namespace: root writes, others ask newuidmap. */
static int write_maps(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	bool root = geteuid() == 0;
	int rc = 0;

	/* setgroups is written before gid_map or never; the helper can, the owner may not. */
	if (root)
		rc = setgroups_policy(u, target, err);
	if (!rc && u->uid_map.n)
		rc = root ? ns_idmap_write(target, false, &u->uid_map, err) :
			    ns_idmap_newidmap(target, false, &u->uid_map, err);
	if (!rc && u->gid_map.n)
		rc = root ? ns_idmap_write(target, true, &u->gid_map, err) :
			    ns_idmap_newidmap(target, true, &u->gid_map, err);
	return rc;
}

static bool has_persist(const struct ns_unshare *u)
{
	for (int t = 0; t < NS_NTYPES; t++)
		if (u->persist[t] && (u->flags & ns_type_info(t)->flag))
			return true;
	return false;
}

/*
 * --owner: the new user namespace belongs to its creator, so the process becomes that user
 * entirely before unshare(), as util-linux does: groups, group, user. Only the effective IDs
 * would leave it host root (real and saved uid 0) inside and out.
 */
static int set_owner(const struct ns_unshare *u, struct ns_error *err)
{
	struct ns_cred c;

	ns_cred_init(&c);
	c.uid = u->owner_uid;
	c.gid = u->owner_gid;
	c.set_groups = true;
	return ns_cred_set(&c, err);
}

static int do_unshare(int flags, struct ns_error *err)
{
	if (nsi_tracing()) {
		char names[256], why[512];
		size_t len = 0;

		len += (size_t)snprintf(why, sizeof(why), "new namespaces for this process:");
		for (int t = 0; t < NS_NTYPES && len < sizeof(why); t++) {
			const struct ns_type_info *ti = ns_type_info(t);

			if (flags & ti->flag)
				len += (size_t)snprintf(why + len, sizeof(why) - len, " %s%s",
							ti->name,
							ti->children ? " (for its children)" : "");
		}
		nsi_trace(why, "unshare(%s)", ns_flags_name(flags, names, sizeof(names)));
	}
	if (unshare(flags) < 0)
		return nsi_error(err, NS_STEP_UNSHARE, errno, "unshare failed");
	return 0;
}

static int map_ids_self(const struct ns_unshare *u, struct ns_error *err)
{
	int rc = 0;

	if (u->uid_map.n)
		rc = ns_idmap_write(0, false, &u->uid_map, err);
	if (!rc && u->gid_map.n)
		rc = ns_idmap_write(0, true, &u->gid_map, err);
	return rc;
}

/*
 * After the fork with --kill-child: die with the parent, even if it is already gone. A
 * change of credentials clears the death signal, so it is set again after one (again).
 */
static int kill_with_parent(int sig, int parent_fd, pid_t parent, bool again, struct ns_error *err)
{
	char name[32];

	ns_signal_name(sig, name, sizeof(name));
	nsi_trace(
		again ? "again: changing the user or group cleared the death signal" :
			"the kernel sends this signal to the program when its waiting parent dies",
		"prctl(PR_SET_PDEATHSIG, %s)", name);
	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		return nsi_error(err, NS_STEP_FORK, errno, "prctl failed");
	/* The parent may have died before the prctl: then no signal will ever come. */
	if (parent_fd >= 0) {
		struct pollfd p = { parent_fd, POLLIN, 0 };

		if (poll(&p, 1, 0) <= 0)
			return 0;
	} else if (getppid() == parent) {
		return 0;
	}
	kill(getpid(), sig);
	return nsi_error(err, NS_STEP_FORK, ESRCH,
			 "the parent died before the child was set to die with it");
}

/* The parent: waits, and with --forward-signals passes SIGINT and SIGTERM on to the child. */
static int wait_child(pid_t child, bool forward, int *wstatus, struct ns_error *err)
{
	sigset_t set;
	siginfo_t info;

	if (!forward)
		return ns_wait(child, wstatus, err);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* A signal ignored here (SIGINT in a background job) would be dropped, never waited for:
	 * the parent takes the default, harmless while the signals are blocked. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	for (;;) {
		pid_t r = waitpid(child, wstatus, WNOHANG);

		if (r == child)
			return 0;
		if (r < 0 && errno != EINTR)
			return nsi_error(err, NS_STEP_UNSHARE, errno, "waitpid failed");
		if (sigwaitinfo(&set, &info) < 0)
			continue;
		if (info.si_signo == SIGINT || info.si_signo == SIGTERM)
			kill(child, info.si_signo);
	}
}

static int enter_root(const struct ns_unshare *u, struct ns_error *err)
{
	const char *wd = u->wd;
	int rc;

	if (u->root) {
		rc = ns_chroot(u->root, err);
		if (rc) {
			if (err)
				snprintf(err->msg, sizeof(err->msg),
					 "cannot change root directory to '%s'", u->root);
			return rc;
		}
		if (!wd)
			wd = "/";
	}
	if (!wd)
		return 0;
	rc = ns_chdir(wd, err);
	if (rc && err && err->code && strncmp(err->msg, "working directory", 17))
		snprintf(err->msg, sizeof(err->msg), "cannot chdir to '%s'", wd);
	return rc;
}

/* A fresh mount of proc (binfmt_misc) on dir, after making dir private where / was not. */
static int private_then(const struct ns_unshare *u, const char *dir, bool binfmt,
			struct ns_error *err)
{
	if (!u->root && u->propagation != (MS_REC | MS_PRIVATE)) {
		int rc = ns_set_propagation(dir, MS_REC | MS_PRIVATE, err);

		/* A directory that is no mount point yet gives EINVAL: that is fine. */
		if (rc && rc != -EINVAL)
			return rc;
	}
	return binfmt ? ns_mount_binfmt(dir, err) : ns_mount_proc(dir, err);
}

/* Steps after the fork (or without one), in the process that goes on to exec. */
static int setup_self(const struct ns_unshare *u, struct ns_error *err)
{
	int rc;

	if ((u->flags & CLONE_NEWNS) && u->propagation) {
		rc = ns_set_propagation("/", u->propagation, err);
		if (rc)
			return rc;
	}
	rc = enter_root(u, err);
	if (rc)
		return rc;
	if (u->mount_proc) {
		rc = private_then(u, u->mount_proc, false, err);
		if (rc)
			return rc;
	}
	if (u->mount_binfmt) {
		rc = private_then(u, u->mount_binfmt, true, err);
		if (rc)
			return rc;
		for (size_t i = 0; u->load_interp && u->load_interp[i]; i++) {
			rc = ns_binfmt_register(u->mount_binfmt, u->load_interp[i], err);
			if (rc)
				return rc;
		}
	}
	if (u->has_gid) {
		rc = ns_setgroups(0, NULL, err);
		/* In a user namespace whose setgroups is "deny" there are no groups to drop. */
		if (rc == -EPERM && (u->flags & CLONE_NEWUSER))
			rc = 0;
		if (!rc)
			rc = ns_setgid(u->gid, err);
		if (rc)
			return rc;
	}
	if (u->has_uid) {
		rc = ns_setuid(u->uid, err);
		if (rc)
			return rc;
	}
	if (u->keep_caps && (u->flags & CLONE_NEWUSER))
		return ns_caps_keep(err);
	return 0;
}

int ns_unshare(const struct ns_unshare *u, int *wstatus, struct ns_error *err)
{
	struct helper binder = { 0, -1, -1 }, mapper = { 0, -1, -1 };
	bool persist = has_persist(u);
	bool helper_maps = false, root = geteuid() == 0;
	sigset_t block, oldmask;
	int rc, parent_fd = -1;
	pid_t parent, child;

	/* Before unshare(): a helper that stays outside, where the new namespaces cannot reach. */
	if (persist && (u->flags & (CLONE_NEWNS | CLONE_NEWUSER))) {
		rc = helper_start(&binder, bind_files, u,
				  "a helper stays in the old mount and user namespaces to bind the "
				  "namespace files there",
				  err);
		if (rc)
			return rc;
	}
	if (u->uid_map.n || u->gid_map.n)
		helper_maps = u->has_owner || !self_mappable(&u->uid_map, (uint32_t)geteuid()) ||
			      !self_mappable(&u->gid_map, (uint32_t)getegid());
	if (helper_maps) {
		rc = helper_start(
			&mapper, write_maps, u,
			"a helper stays in the parent user namespace to write the ID maps "
			"the new namespace's own processes may not",
			err);
		if (rc)
			goto fail;
	}
	if (u->has_owner) {
		rc = set_owner(u, err);
		if (rc)
			goto fail;
	}
	rc = do_unshare(u->flags, err);
	if (rc)
		goto fail;

	if (!helper_maps || !root)
		rc = setgroups_policy(u, 0, err);
	if (!rc)
		rc = helper_maps ? helper_finish(&mapper, err) : map_ids_self(u, err);
	if (rc)
		goto fail;

	if ((u->flags & CLONE_NEWTIME) && (u->has_monotonic || u->has_boottime)) {
		rc = ns_time_offsets(u->has_monotonic, u->monotonic, u->has_boottime, u->boottime,
				     err);
		if (rc)
			goto fail;
	}

	if (!u->fork) {
		if (persist)
			rc = binder.pid ? helper_finish(&binder, err) :
					  bind_files(u, getpid(), err);
		if (rc)
			return rc;
		return setup_self(u, err);
	}

	/* util-linux's parent ignores SIGINT and SIGTERM (the terminal sends them to the child
	 * too) and, with --forward-signals, passes them on. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	/* A caller that ignores SIGCHLD would leave us nothing to wait for. */
	signal(SIGCHLD, SIG_DFL);
	parent = getpid();
	if (u->kill_child)
		parent_fd = (int)syscall(SYS_pidfd_open, parent, 0);
	child = nsi_fork("the program runs in a child: a new PID (time) namespace takes only "
			 "children, and this process stays to wait for it",
			 "the new PID namespace");
	if (child < 0) {
		rc = nsi_error(err, NS_STEP_UNSHARE, errno, "fork failed");
		goto fail;
	}
	if (child == 0) {
		helper_close(&binder);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		rc = 0;
		if (u->kill_child)
			rc = kill_with_parent(u->kill_child, parent_fd, parent, false, err);
		if (!rc)
			rc = setup_self(u, err);
		if (!rc && u->kill_child && (u->has_uid || u->has_gid))
			rc = kill_with_parent(u->kill_child, parent_fd, parent, true, err);
		if (parent_fd >= 0)
			close(parent_fd);
		return rc;
	}
	if (parent_fd >= 0)
		close(parent_fd);
	if (persist) {
		rc = binder.pid ? helper_finish(&binder, err) : bind_files(u, parent, err);
		if (rc) {
			int status;

			kill(child, SIGKILL);
			ns_wait(child, &status, NULL);
			return rc;
		}
	}
	rc = wait_child(child, u->forward_signals, wstatus, err);
	if (rc)
		return rc;
	return 1;

fail:
	helper_cancel(&mapper);
	helper_cancel(&binder);
	return rc;
}
