// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A helper process forked before unshare(): it stays in the old namespaces, with the old
 * privileges, and does there what the caller no longer can (bind a namespace file in the old
 * mount namespace, write an ID map as a process of the parent user namespace).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unshare_helper.h"

void nsi_helper_close(struct nsi_helper *h)
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

int nsi_helper_start(struct nsi_helper *h, nsi_helper_job job, const struct ns_unshare *u,
		     const char *why, struct ns_error *err)
{
	int go[2], result[2];
	pid_t target = getpid();

	if (pipe_above_stdio(go) < 0)
		return nsi_error(err, NS_STEP_FORK, errno, "pipe failed");
	if (pipe_above_stdio(result) < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		return nsi_error(err, NS_STEP_FORK, e, "pipe failed");
	}
	nsi_trace(why, "fork() /* helper */");
	h->pid = fork();
	if (h->pid < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		close(result[0]);
		close(result[1]);
		return nsi_error(err, NS_STEP_FORK, e, "fork failed");
	}
	if (h->pid == 0) {
		struct ns_error e = { 0 };
		char byte;

		close(go[1]);
		close(result[0]);
		/* EOF: the caller gave up (unshare failed): nothing to do. */
		if (read(go[0], &byte, 1) != 1)
			nsi_exit(0);
		if (job(u, target, &e) < 0) {
			if (write(result[1], &e, sizeof(e)) < 0)
				nsi_exit(1);
			nsi_exit(1);
		}
		nsi_exit(0);
	}
	close(go[0]);
	close(result[1]);
	h->go = go[1];
	h->result = result[0];
	return 0;
}

/* Tells the helper to go and waits for its end; its failure becomes ours. */
int nsi_helper_finish(struct nsi_helper *h, struct ns_error *err)
{
	struct ns_error e;
	char byte = 1;
	ssize_t n;
	int status, rc;

	if (write(h->go, &byte, 1) != 1) {
		rc = nsi_error(err, NS_STEP_FORK, errno, "cannot wake the helper");
		nsi_helper_close(h);
		kill(h->pid, SIGKILL);
		ns_wait(h->pid, &status, NULL);
		return rc;
	}
	close(h->go);
	h->go = -1;
	do
		n = read(h->result, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	nsi_helper_close(h);
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
		return nsi_error(err, NS_STEP_FORK, 0, "helper process failed");
	return 0;
}

/* The helper is not needed after all (unshare failed): EOF on its pipe makes it exit. */
void nsi_helper_cancel(struct nsi_helper *h)
{
	int status;

	if (h->pid <= 0)
		return;
	nsi_helper_close(h);
	ns_wait(h->pid, &status, NULL);
	h->pid = 0;
}
