// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsi_fork (lib/exec.c): fork() as the tutorial shows it. While someone listens, the parent
 * announces "fork() = PID", and where the child is in a PID namespace of its own, its PID
 * there too ("(PID 1 in ...)"); the child's own steps come only after that line. Unheard it is
 * fork() alone. The PID namespace case needs root.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

static char steps[1024];

/* The trace goes to a pipe, so that the parent's and the child's lines come in one order. */
static int trace_fd = -1;

static void record(const char *call, const char *why, void *data)
{
	char line[256];
	int n;

	(void)why;
	(void)data;
	n = snprintf(line, sizeof(line), "%d:%s\n", (int)getpid(), call);
	if (write(trace_fd, line, (size_t)n) != n)
		unit_exit(90);
}

/* fork with the trace on; the child writes one step and ends. The lines, "P" for the parent. */
static int traced_fork(bool new_pidns, char *out, size_t size)
{
	char buf[1024] = "", self[16];
	int p[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	trace_fd = p[1];
	if (new_pidns && unshare(CLONE_NEWPID) < 0)
		return -1;
	ns_trace_set(record, NULL);
	pid = nsi_fork("the child", "the new PID namespace");
	if (pid == 0) {
		nsi_trace("the child's step", "child(%d)", (int)getpid());
		unit_exit(0);
	}
	ns_trace_set(NULL, NULL);
	close(p[1]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		return -1;
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(p[0]);
	buf[len] = '\0';
	/* The parent's PID is not known to the test in advance: write it as "P". */
	snprintf(self, sizeof(self), "%d:", (int)getpid());
	out[0] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, self, strlen(self)))
			snprintf(out + strlen(out), size - strlen(out), "P:%s;",
				 line + strlen(self));
		else
			snprintf(out + strlen(out), size - strlen(out), "%s;", line);
	}
	return pid;
}

START_TEST(announced_in_order)
{
	char want[256];
	pid_t pid = traced_fork(false, steps, sizeof(steps));

	ck_assert_int_gt(pid, 0);
	snprintf(want, sizeof(want), "P:fork() = %d;%d:child(%d);", (int)pid, (int)pid, (int)pid);
	ck_assert_str_eq(steps, want);
}
END_TEST

static int pidns_child(void)
{
	char want[256];
	pid_t pid = traced_fork(true, steps, sizeof(steps));

	if (pid <= 0)
		return 1;
	/* Inside, the child is PID 1: record() writes that, and child() says it too. */
	snprintf(want, sizeof(want), "P:fork() = %d (PID 1 in the new PID namespace);1:child(1);",
		 (int)pid);
	if (strcmp(steps, want)) {
		fprintf(stderr, "got %s\nwant %s\n", steps, want);
		return 2;
	}
	return 0;
}

START_TEST(pid_in_new_namespace)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return; /* a PID namespace needs root */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(pidns_child()); /* unshare(CLONE_NEWPID) changes the process: a child */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %d",
		      WEXITSTATUS(status));
}
END_TEST

START_TEST(unheard_is_fork)
{
	int status;
	pid_t pid;

	ns_trace_set(NULL, NULL);
	pid = nsi_fork("the child", "nowhere");
	if (pid == 0)
		unit_exit(7);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fork_trace");
	TCase *tc = tcase_create("fork");

	tcase_add_test(tc, announced_in_order);
	tcase_add_test(tc, pid_in_new_namespace);
	tcase_add_test(tc, unheard_is_fork);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
