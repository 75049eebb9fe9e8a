// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * exec.c on the real kernel: the descriptor baseline and sweep with real descriptors (also
 * without /proc), exec and its failure statuses 126/127, waiting, and passing a child's end
 * on, a signal included. What would replace or kill the test process runs in a child.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

static bool cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	ck_assert_int_ge(flags, 0);
	return flags & FD_CLOEXEC;
}

/* A descriptor on /dev/null, without close-on-exec (as a caller passes one). */
static int plain_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(sweep_keeps_what_was_passed)
{
	struct ns_error err;
	int passed = plain_fd(), high = dup2(passed, 900), ours;

	ck_assert_int_eq(high, 900);
	ck_assert_int_eq(ns_fd_baseline(&err), 0);
	ours = plain_fd(); /* opened after the baseline: the tool's own */
	ck_assert(!cloexec(ours));
	ck_assert_int_eq(ns_fd_sweep(&err), 0);
	ck_assert(cloexec(ours));
	ck_assert(!cloexec(passed));
	ck_assert(!cloexec(high));
	ck_assert(!cloexec(0) && !cloexec(1) && !cloexec(2));
	close(ours);
	close(high);
	close(passed);
}
END_TEST

/*
 * Without /proc, with most of 3..1023 open, a passed descriptor above 1023 stays open (and
 * the tool's own still go). In a child: a private mount namespace hides /proc under a tmpfs.
 */
START_TEST(sweep_without_proc)
{
	struct rlimit rl = { 4096, 4096 };
	struct ns_error err;
	int null = plain_fd(), ours;

	if (geteuid() != 0)
		return; /* mounting needs root; the CLI test fds.sh covers it too */
	ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(mount("none", "/proc", "tmpfs", 0, NULL), 0);
	ck_assert_int_ne(access("/proc/self/fd", F_OK), 0);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	/* Check's own descriptors (its reports to the parent) are left as they are. */
	for (int fd = 3; fd <= 600; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			ck_assert_int_eq(dup2(null, fd), fd);
	ck_assert_int_eq(dup2(null, 1500), 1500);
	ck_assert_int_eq(ns_fd_baseline(&err), 0);
	ours = plain_fd();
	ck_assert_int_eq(ns_fd_sweep(&err), 0);
	ck_assert(!cloexec(1500));
	ck_assert(!cloexec(600));
	ck_assert(cloexec(ours));
}
END_TEST

START_TEST(exec_failures)
{
	struct ns_error err;
	char *missing[] = { "/nonexistent/program", NULL };
	char *not_exec[] = { "/etc/passwd", NULL };
	char *dir[] = { "/", NULL };
	int rc;

	rc = ns_exec(missing, &err);
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_EXEC);
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_str_eq(err.msg, "failed to execute /nonexistent/program");
	ck_assert_int_eq(ns_exec_failure_status(rc), 127);
	rc = ns_exec(not_exec, &err);
	ck_assert_int_eq(rc, -EACCES);
	ck_assert_int_eq(ns_exec_failure_status(rc), 126);
	rc = ns_exec(dir, &err);
	ck_assert_int_eq(ns_exec_failure_status(rc), 126);
	setenv("SHELL", "/nonexistent/shell", 1);
	rc = ns_exec_shell(true, NULL, &err);
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_str_eq(err.msg, "failed to execute /nonexistent/shell");
	ck_assert_int_eq(ns_exec_failure_status(rc), 127);
	/* Not as a login shell: the same failure, by execvp. */
	rc = ns_exec_shell(false, "-i", &err);
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_EXEC);
	ck_assert_str_eq(err.msg, "failed to execute /nonexistent/shell");
}
END_TEST

/* Runs fn in a child; returns the child's wait status (through ns_wait). */
static int in_child(void (*fn)(void))
{
	struct ns_error err;
	int wstatus = -1;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fn();
		unit_exit(99);
	}
	ck_assert_int_eq(ns_wait(pid, &wstatus, &err), 0);
	return wstatus;
}

static void exec_exit_7(void)
{
	struct ns_error err;
	char *argv[] = { "sh", "-c", "exit 7", NULL };

	ns_exec(argv, &err);
}

static void exec_login_shell(void)
{
	struct ns_error err;

	/* $SHELL, run as the login shell "-true": its exit 0 (not the 99 of a return) proves it ran. */
	setenv("SHELL", "/bin/true", 1);
	ns_exec_shell(true, NULL, &err);
}

START_TEST(exec_runs_the_program)
{
	int wstatus = in_child(exec_exit_7);

	ck_assert(WIFEXITED(wstatus));
	ck_assert_int_eq(ns_pass_status(wstatus), 7);
	wstatus = in_child(exec_login_shell);
	ck_assert(WIFEXITED(wstatus));
	ck_assert_int_eq(WEXITSTATUS(wstatus), 0);
}
END_TEST

/* A middle process passes on the end of a child killed by SIGTERM, which it has blocked. */
static void pass_on_sigterm(void)
{
	struct ns_error err;
	sigset_t set;
	int wstatus;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGTERM, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGTERM);
		unit_exit(98);
	}
	if (pid < 0 || ns_wait(pid, &wstatus, &err))
		unit_exit(97);
	unit_exit(ns_pass_status(wstatus));
}

START_TEST(pass_status_reraises)
{
	int wstatus = in_child(pass_on_sigterm);

	ck_assert_msg(WIFSIGNALED(wstatus), "the middle process exited with %d",
		      WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
	ck_assert_int_eq(WTERMSIG(wstatus), SIGTERM);
	ck_assert_int_eq(ns_pass_status(0), 0);
	ck_assert_int_eq(ns_pass_status(3 << 8), 3);
}
END_TEST

START_TEST(wait_errors)
{
	struct ns_error err;
	int wstatus;

	ck_assert_int_eq(ns_wait(-12345, &wstatus, &err), -ECHILD);
	ck_assert_int_eq(err.step, NS_STEP_EXEC);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exec");
	TCase *tc = tcase_create("exec");

	tcase_add_test(tc, sweep_keeps_what_was_passed);
	tcase_add_test(tc, exec_failures);
	tcase_add_test(tc, exec_runs_the_program);
	tcase_add_test(tc, pass_status_reraises);
	tcase_add_test(tc, wait_errors);
	/* It hides /proc and fills the descriptor table: only in a child of its own. */
	if (!getenv("CK_FORK") || strcmp(getenv("CK_FORK"), "no"))
		tcase_add_test(tc, sweep_without_proc);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
