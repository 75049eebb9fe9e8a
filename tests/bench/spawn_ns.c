// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * spawn_ns N: starts N processes, each in a UTS and an IPC namespace of its own, that sleep
 * until killed. Prints "ready N" on stdout once all of them have unshared, then waits for
 * SIGTERM, SIGINT or SIGHUP (or stdin closing when -s is given), kills them all and exits.
 * The children also die with the spawner (PR_SET_PDEATHSIG), so a SIGKILL leaves nothing.
 * Benchmark fixture only: libc, no libns.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t *children;
static long nchildren;

static void kill_all(void)
{
	for (long i = 0; i < nchildren; i++)
		kill(children[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

static void child(int ready_fd, pid_t parent)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	if (unshare(CLONE_NEWUTS | CLONE_NEWIPC) < 0)
		_exit(1);
	if (write(ready_fd, "x", 1) != 1)
		_exit(1);
	close(ready_fd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	pid_t self = getpid();
	sigset_t set;
	char buf[256];
	int fds[2], sig;
	long n, got = 0;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) < 0) {
		fprintf(stderr, "usage: spawn_ns N\n");
		return 2;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	children = calloc(n ? n : 1, sizeof(*children));
	if (!children || pipe2(fds, O_CLOEXEC) < 0) {
		perror("spawn_ns");
		return 1;
	}
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("spawn_ns: fork");
			kill_all();
			return 1;
		}
		if (pid == 0) {
			close(fds[0]);
			child(fds[1], self);
		}
		children[nchildren++] = pid;
	}
	close(fds[1]);
	while (got < n) {
		ssize_t r = read(fds[0], buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fprintf(stderr, "spawn_ns: only %ld of %ld children started\n", got, n);
			kill_all();
			return 1;
		}
		got += r;
	}
	printf("ready %ld\n", n);
	fflush(stdout);
	sigwait(&set, &sig);
	kill_all();
	return 0;
}
