// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * join PID TYPE PROGRAM [ARG...] with raw system calls, to compare with examples/join.c
 * (not built by examples/CMakeLists.txt): pidfd_open, setns, fork for a PID namespace,
 * execvp, and the error messages by hand.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
	const char *name;
	int flag;
} types[] = { { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "mnt", CLONE_NEWNS },
	      { "net", CLONE_NEWNET },	     { "pid", CLONE_NEWPID }, { "time", CLONE_NEWTIME },
	      { "user", CLONE_NEWUSER },     { "uts", CLONE_NEWUTS } };

int main(int argc, char **argv)
{
	int flag = 0, pidfd, status;
	pid_t pid;

	for (size_t i = 0; argc > 3 && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(argv[2], types[i].name))
			flag = types[i].flag;
	if (!flag) {
		fprintf(stderr, "usage: join PID TYPE PROGRAM [ARG...]\n");
		return 2;
	}
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	if (pidfd < 0 || setns(pidfd, flag) < 0) {
		fprintf(stderr, "join: %s %s: %s\n", pidfd < 0 ? "pidfd_open" : "setns", argv[1],
			strerror(errno));
		return 1;
	}
	close(pidfd);
	if (flag == CLONE_NEWPID) {
		pid = fork();
		if (pid < 0) {
			perror("join: fork");
			return 1;
		}
		if (pid > 0) {
			if (waitpid(pid, &status, 0) < 0)
				return 1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "join: failed to execute %s: %s\n", argv[3], strerror(errno));
	return 1;
}
