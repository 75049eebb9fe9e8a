// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The floor for `xunshare -p -f --mount-proc true`: the same system calls and nothing else,
 * linked only to libc. unshare(CLONE_NEWNS|CLONE_NEWPID), fork; the child makes / private,
 * mounts proc and executes true; the parent waits and passes the status.
 */
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int status;
	pid_t pid;

	if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(1);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			_exit(1);
		execlp("true", "true", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
