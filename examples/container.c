// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * container ROOTFS PROGRAM [ARGS...]: runs PROGRAM as PID 1 of new PID, mount, UTS, IPC and
 * network namespaces, with the hostname "container", ROOTFS as its root by pivot_root(2) (the
 * old root detached, so no chroot(".") leads back) and a fresh /proc; PROGRAM's exit status,
 * or the signal that killed it, is passed on. LIBNS_EXPLAIN=1: every step on stderr first.
 */
#include <linux/sched.h> /* CLONE_NEW* */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <libns.h>

static void explain(const char *call, const char *why, void *data)
{
	(void)data;
	fprintf(stderr, "container: + %s\n              %s\n", call, why);
}

int main(int argc, char *argv[])
{
	struct ns_fork f;
	struct ns_error err;
	char msg[NS_ERROR_MAX + 64];
	int status, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: container ROOTFS PROGRAM [ARGS...]\n");
		return 2;
	}
	if (getenv("LIBNS_EXPLAIN"))
		ns_trace_set(explain, NULL);
	ns_fork_init(&f);
	rc = ns_unshare_flags(
		CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET, &err);
	if (rc == 0) /* no mount made inside reaches the host */
		rc = ns_propagation_set("/", MS_REC | MS_PRIVATE, &err);
	if (rc == 0) /* the child is PID 1 of the new PID namespace; the parent waits for it */
		rc = ns_fork_wait(&f, &status, &err);
	if (rc == 1) /* the parent: _exit, as its PID namespace for children is dead */
		_exit(status);
	if (rc == 0 && !ns_hostname_set("container", &err) && !ns_root_pivot(argv[1], &err) &&
	    !ns_proc_mount("/proc", &err))
		rc = ns_exec(argv + 2, &err);
	fprintf(stderr, "container: %s\n", ns_error_format(&err, msg, sizeof(msg)));
	return err.step == NS_STEP_EXEC ? ns_exec_failure_status(rc) : 1;
}
