// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The last steps of entering: ns_enter_fork() (a PID namespace holds only the children of who
 * enters it) and ns_enter_cred_set() (the one credential change, then the capabilities).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enter.h"

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
