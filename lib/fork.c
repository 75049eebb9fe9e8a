// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The fork a new PID (or time) namespace needs: the kernel puts only the children of the
 * process that unshared into it. The child goes on to set up and exec; the parent waits, with
 * util-linux's signal handling, and passes the child's end on (DESIGN.md rule 7).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

void ns_fork_init(struct ns_fork *f)
{
	*f = (struct ns_fork){ .parent_fd = -1 };
}

/* Die with the parent, even if it is already gone (then no signal would ever come). */
static int set_deathsig(struct ns_fork *f, bool again, struct ns_error *err)
{
	char name[32];

	ns_signal_name(f->kill_child, name, sizeof(name));
	nsi_trace(again ? "again: changing the user or group cleared the death signal" :
			  "the kernel sends this signal to the child when its waiting parent dies",
		  "prctl(PR_SET_PDEATHSIG, %s)", name);
	if (prctl(PR_SET_PDEATHSIG, f->kill_child, 0, 0, 0) < 0)
		return nsi_error(err, NS_STEP_FORK, errno, "prctl failed");
	if (f->parent_fd >= 0) {
		struct pollfd p = { f->parent_fd, POLLIN, 0 };

		if (poll(&p, 1, 0) <= 0)
			return 0;
	} else if (getppid() == f->parent) {
		/* Without a pidfd: a new parent (the reaper) means the old one is gone. */
		return 0;
	}
	kill(getpid(), f->kill_child);
	return nsi_error(err, NS_STEP_FORK, ESRCH,
			 "the parent died before the child was set to die with it");
}

int ns_fork_deathsig(struct ns_fork *f, struct ns_error *err)
{
	int rc = 0;

	if (f->kill_child)
		rc = set_deathsig(f, true, err);
	if (f->parent_fd >= 0)
		close(f->parent_fd);
	f->parent_fd = -1;
	return rc;
}

/* The parent: waits, and with forward_signals passes SIGINT and SIGTERM on to the child. */
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
			return nsi_error(err, NS_STEP_FORK, errno, "waitpid failed");
		if (sigwaitinfo(&set, &info) < 0)
			continue;
		if (info.si_signo == SIGINT || info.si_signo == SIGTERM)
			kill(child, info.si_signo);
	}
}

static int parent_side(struct ns_fork *f, pid_t child, int *status, struct ns_error *err)
{
	int wstatus, rc;

	if (f->parent_fd >= 0)
		close(f->parent_fd);
	f->parent_fd = -1;
	if (f->in_parent) {
		rc = f->in_parent(child, f->data, err);
		if (rc) {
			kill(child, SIGKILL);
			ns_wait(child, &wstatus, NULL);
			return rc;
		}
	}
	rc = wait_child(child, f->forward_signals, &wstatus, err);
	if (rc)
		return rc;
	*status = ns_pass_status(wstatus);
	return 1;
}

int ns_fork_wait(struct ns_fork *f, int *status, struct ns_error *err)
{
	sigset_t block, oldmask;
	pid_t parent = getpid(), child;

	/* util-linux's parent ignores SIGINT and SIGTERM (the terminal sends them to the child
	 * too) and, with forward_signals, passes them on. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	/* A caller that ignores SIGCHLD would leave us nothing to wait for. */
	signal(SIGCHLD, SIG_DFL);
	f->parent_fd = -1;
	if (f->kill_child)
		f->parent_fd = (int)syscall(SYS_pidfd_open, parent, 0);
	nsi_trace("the program runs in a child: a new PID (time) namespace takes only children, "
		  "and this process stays to wait for it",
		  "fork()");
	child = nsi_fork("the child's PID here, and in the namespace it is the first of",
			 "the new PID namespace");
	if (child < 0) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		if (f->parent_fd >= 0)
			close(f->parent_fd);
		f->parent_fd = -1;
		return nsi_error(err, NS_STEP_FORK, e, "fork failed");
	}
	if (child > 0)
		return parent_side(f, child, status, err);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	/* 0 in a new PID namespace (the parent is outside): then only a pidfd can tell. */
	f->parent = getppid() == 0 ? 0 : parent;
	return f->kill_child ? set_deathsig(f, false, err) : 0;
}
