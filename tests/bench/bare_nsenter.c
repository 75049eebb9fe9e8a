// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bare_nsenter [-U] PID PROGRAM [ARG...]
 *
 * The least a program can do to run PROGRAM in the namespaces of PID, linked only to libc:
 * pidfd_open(PID), one setns(pidfd, every CLONE_NEW* flag but the user namespace's, or with
 * -U that one too), fork (a PID namespace applies to children), exec, wait. The yardstick of
 * scripts/bench.d/nsenter: `nsenter-lite -t PID -a true` is measured against it.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int main(int argc, char **argv)
{
	int flags = CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID |
		    CLONE_NEWTIME | CLONE_NEWUTS;
	int i = 1, pidfd, status;
	pid_t child;

	if (i < argc && !strcmp(argv[i], "-U")) {
		flags |= CLONE_NEWUSER;
		i++;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: bare_nsenter [-U] PID PROGRAM [ARG...]\n");
		return 2;
	}
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[i]), 0);
	if (pidfd < 0 || setns(pidfd, flags) < 0) {
		perror("bare_nsenter");
		return 1;
	}
	close(pidfd);
	child = fork();
	if (child < 0) {
		perror("fork");
		return 1;
	}
	if (child == 0) {
		execvp(argv[i + 1], argv + i + 1);
		_exit(127);
	}
	if (waitpid(child, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
