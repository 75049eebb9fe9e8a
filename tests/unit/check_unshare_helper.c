// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_unshare's helper process (lib/unshare_helper.c): it waits for "go", runs its job as a
 * process of its own, and its failure comes back as the caller's struct ns_error; without
 * "go" it does nothing; its pipes never take descriptors 0-2; a helper that died before "go",
 * or no descriptor or process to be had, is a failure of the FORK step, not a hang.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "unshare_helper.h"

static char mark[64];

static void make_mark_name(void)
{
	snprintf(mark, sizeof(mark), "/tmp/check_unshare_helper.%d", (int)getpid());
	unlink(mark);
}

/* The job: leaves a file whose content is the target's PID (the caller), in another process. */
static int job_mark(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	char text[32];
	int fd, n;

	(void)u;
	if (getpid() == target)
		return nsi_error(err, NS_STEP_FORK, EINVAL, "the job runs in the caller");
	fd = open(mark, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot create %s", mark);
	n = snprintf(text, sizeof(text), "%d", (int)target);
	if (write(fd, text, n) != n) {
		close(fd);
		return nsi_error(err, NS_STEP_OPEN, EIO, "short write");
	}
	close(fd);
	return 0;
}

static int job_fail(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	(void)u;
	(void)target;
	return nsi_error(err, NS_STEP_IDMAP, EPERM, "cannot write %s", "uid_map");
}

/* Fails with no message to send back: the exit status alone tells. */
static int job_exit(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	(void)u;
	(void)target;
	(void)err;
	unit_exit(3);
	return 0;
}

static int read_mark(void)
{
	char text[32] = "";
	int fd = open(mark, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	return n > 0 ? atoi(text) : -1;
}

START_TEST(job_runs_after_go)
{
	struct nsi_helper h;
	struct ns_error err;

	make_mark_name();
	ck_assert_int_eq(nsi_helper_start(&h, job_mark, NULL, "a helper", &err), 0);
	ck_assert_int_gt(h.pid, 0);
	ck_assert_int_gt(h.go, STDERR_FILENO);
	ck_assert_int_gt(h.result, STDERR_FILENO);
	ck_assert_int_eq(fcntl(h.go, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	usleep(20000);
	ck_assert_int_eq(access(mark, F_OK), -1); /* not before "go" */
	ck_assert_int_eq(nsi_helper_finish(&h, &err), 0);
	ck_assert_int_eq(read_mark(), getpid());
	ck_assert_int_eq(h.go, -1);
	ck_assert_int_eq(h.result, -1);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1); /* reaped */
	unlink(mark);
}
END_TEST

START_TEST(job_failure_is_ours)
{
	struct nsi_helper h;
	struct ns_error err = { 0 };

	ck_assert_int_eq(nsi_helper_start(&h, job_fail, NULL, "a helper", &err), 0);
	ck_assert_int_eq(nsi_helper_finish(&h, &err), -EPERM);
	ck_assert_int_eq(err.code, EPERM);
	ck_assert_int_eq(err.step, NS_STEP_IDMAP);
	ck_assert_str_eq(err.msg, "cannot write uid_map");

	ck_assert_int_eq(nsi_helper_start(&h, job_exit, NULL, "a helper", &err), 0);
	ck_assert_int_eq(nsi_helper_finish(&h, &err), -EINVAL);
	ck_assert_int_eq(err.step, NS_STEP_FORK);
	ck_assert_str_eq(err.msg, "helper process failed");
}
END_TEST

START_TEST(cancel_runs_nothing)
{
	struct nsi_helper h;
	struct ns_error err;

	make_mark_name();
	ck_assert_int_eq(nsi_helper_start(&h, job_mark, NULL, "a helper", &err), 0);
	nsi_helper_cancel(&h);
	ck_assert_int_eq(h.pid, 0);
	ck_assert_int_eq(access(mark, F_OK), -1);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	nsi_helper_cancel(&h); /* twice: nothing left to do */
}
END_TEST

/* The helper killed before "go": the write fails (EPIPE), and that is the error. */
START_TEST(dead_helper)
{
	struct nsi_helper h;
	struct ns_error err;
	siginfo_t info;
	int status;

	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(nsi_helper_start(&h, job_fail, NULL, "a helper", &err), 0);
	ck_assert_int_eq(kill(h.pid, SIGKILL), 0);
	ck_assert_int_eq(waitid(P_PID, h.pid, &info, WEXITED | WNOWAIT), 0);
	ck_assert_int_eq(nsi_helper_finish(&h, &err), -EPIPE);
	ck_assert_int_eq(err.step, NS_STEP_FORK);
	ck_assert_str_eq(err.msg, "cannot wake the helper");
	ck_assert_int_eq(waitpid(h.pid, &status, WNOHANG), -1); /* reaped */
	signal(SIGPIPE, SIG_DFL);
}
END_TEST

/* With 0, 1 and 2 closed, pipe2 would hand them out: the pipes are moved above. */
static int closed_stdio_child(void)
{
	struct nsi_helper h;
	struct ns_error err;

	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	if (nsi_helper_start(&h, job_fail, NULL, "a helper", &err) < 0)
		return 1;
	if (h.go <= STDERR_FILENO || h.result <= STDERR_FILENO)
		return 2;
	if (fcntl(STDIN_FILENO, F_GETFD) != -1 || fcntl(STDERR_FILENO, F_GETFD) != -1)
		return 3; /* the low ends were closed after the move */
	if (nsi_helper_finish(&h, &err) != -EPERM)
		return 4;
	return 0;
}

START_TEST(pipes_above_stdio)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(closed_stdio_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %d",
		      WEXITSTATUS(status));
}
END_TEST

/*
 * Out of descriptors or processes: each failure is the FORK step's, with its errno, and
 * nothing is left open. A low RLIMIT_NOFILE makes pipe2 or the move above 2 fail; RLIMIT_NPROC
 * 0, as nobody (root is exempt), makes fork fail.
 */
static int limits_child(void)
{
	struct rlimit none = { 0, 0 };
	struct nsi_helper h;
	struct ns_error err;
	struct rlimit lim;
	int lowest;

	syscall(SYS_close_range, 0U, ~0U,
		0U); /* Check's own descriptors too: we report by status */
	lowest = open("/dev/null", O_RDONLY | O_CLOEXEC); /* 0 */
	if (lowest != 0)
		return 1;
	close(lowest);
	/*
	 * Room for 0-2 only: the first pipe's ends land on 0 and 1 and cannot move above 2
	 * (F_DUPFD at the limit: EINVAL).
	 */
	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		return 2;
	lim.rlim_cur = 3; /* the hard limit stays: raising it needs CAP_SYS_RESOURCE */
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
		return 2;
	if (nsi_helper_start(&h, job_fail, NULL, "a helper", &err) != -EINVAL ||
	    err.step != NS_STEP_FORK || strcmp(err.msg, "pipe failed"))
		return 3;
	if (fcntl(0, F_GETFD) != -1 || fcntl(1, F_GETFD) != -1)
		return 4; /* closed again */
	/* Room for 0-2 and one pipe above: the second pipe fails. */
	lim.rlim_cur = 5;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
		return 5;
	if (open("/dev/null", O_RDONLY) != 0)
		return 11;
	if (dup2(0, 1) != 1 || dup2(0, 2) != 2)
		return 12;
	if (nsi_helper_start(&h, job_fail, NULL, "a helper", &err) != -EMFILE ||
	    strcmp(err.msg, "pipe failed"))
		return 6;
	if (fcntl(3, F_GETFD) != -1 || fcntl(4, F_GETFD) != -1)
		return 7;
	/* Descriptors enough, no process: fork fails with EAGAIN. */
	lim.rlim_cur = 64;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0 || setresgid(65534, 65534, 65534) < 0 ||
	    setresuid(65534, 65534, 65534) < 0 || setrlimit(RLIMIT_NPROC, &none) < 0)
		return 8;
	if (nsi_helper_start(&h, job_fail, NULL, "a helper", &err) != -EAGAIN ||
	    err.step != NS_STEP_FORK || strcmp(err.msg, "fork failed"))
		return 9;
	if (fcntl(3, F_GETFD) != -1 || fcntl(4, F_GETFD) != -1)
		return 10;
	return 0;
}

START_TEST(out_of_resources)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return; /* becoming nobody needs root */
	if (getenv("LD_PRELOAD") && strstr(getenv("LD_PRELOAD"), "vgpreload")) {
		fprintf(stderr, "note: not under valgrind, which keeps descriptors of its own\n");
		return;
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(limits_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %d",
		      WEXITSTATUS(status));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("unshare_helper");
	TCase *tc = tcase_create("helper");

	tcase_add_test(tc, job_runs_after_go);
	tcase_add_test(tc, job_failure_is_ours);
	tcase_add_test(tc, cancel_runs_nothing);
	tcase_add_test(tc, dead_helper);
	tcase_add_test(tc, pipes_above_stdio);
	tcase_add_test(tc, out_of_resources);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
