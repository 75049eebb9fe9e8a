// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * examples/container.c written with raw system calls, for the line count of issue 10 (not built
 * by examples/'s glob; build it by hand: cc -o container tests/examples-raw/container.c). The
 * same behaviour: new PID, mount, UTS, IPC and network namespaces, propagation private, the
 * child PID 1, hostname "container", ROOTFS bound on itself and pivoted into with the old root
 * detached, a fresh /proc, exec, the status (or the signal) passed on, 127/126 for a failed
 * exec. Without the library's explain channel, its messages and its checks (a shared mount).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "container: %s: %s\n", what, strerror(errno));
	return 1;
}

static int child(char *root, char **argv)
{
	if (sethostname("container", 9) < 0)
		return fail("sethostname");
	if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0)
		return fail("bind mount of the new root");
	if (chdir(root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		return fail("pivot_root");
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return fail("detaching the old root");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail("mount /proc");
	execvp(argv[0], argv);
	fail(argv[0]);
	return errno == ENOENT ? 127 : 126;
}

int main(int argc, char *argv[])
{
	int status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: container ROOTFS PROGRAM [ARGS...]\n");
		return 2;
	}
	if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET) < 0)
		return fail("unshare");
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail("making / private");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		return child(argv[1], argv + 2);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return fail("waitpid");
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	signal(WTERMSIG(status), SIG_DFL);
	kill(getpid(), WTERMSIG(status));
	return 128 + WTERMSIG(status);
}
