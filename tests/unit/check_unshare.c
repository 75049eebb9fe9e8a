// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The unshare steps on the real kernel, each in a forked child (they change the process):
 * ns_unshare_init's safe defaults, ns_unshare_flags, ns_time_offsets_write, ns_fork_wait
 * (status, signal, hook, death signal), ns_idmap_setgroups, and ns_unshare with the standard
 * descriptors closed. Needs root (77 otherwise).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

/* In a child, a failed check exits with its line number; the test asserts exit 0. */
#define CHILD_CHECK(cond)                                                          \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			unit_exit(__LINE__ % 250 + 1);                             \
		}                                                                  \
	} while (0)

static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fn();
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

#define RUN_IN_CHILD(fn) ck_assert_int_eq(in_child(fn), 0)

static ino_t ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

START_TEST(init_is_safe)
{
	struct ns_unshare u;

	memset(&u, 0x5a, sizeof(u));
	ns_unshare_init(&u);
	ck_assert_int_eq(u.flags, 0);
	ck_assert_uint_eq(u.propagation, MS_REC | MS_PRIVATE);
	ck_assert_uint_eq(u.uid, NS_UID_UNSET);
	ck_assert_uint_eq(u.gid, NS_GID_UNSET);
	ck_assert_uint_eq(u.owner_uid, NS_UID_UNSET);
	ck_assert_uint_eq(u.owner_gid, NS_GID_UNSET);
	ck_assert(!u.fork && !u.root && !u.mount_proc && u.uid_map.n == 0);
}
END_TEST

static void unshare_uts(void)
{
	struct ns_error err;
	ino_t before = ns_ino("/proc/self/ns/uts");

	CHILD_CHECK(ns_unshare_flags(CLONE_NEWUTS, &err) == 0);
	CHILD_CHECK(ns_ino("/proc/self/ns/uts") != before);
	CHILD_CHECK(ns_unshare_flags(0x1, &err) == -EINVAL);
	CHILD_CHECK(err.step == NS_STEP_UNSHARE && err.code == EINVAL);
	CHILD_CHECK(!strcmp(err.msg, "unshare failed"));
}

START_TEST(unshare_flags)
{
	ino_t before = ns_ino("/proc/self/ns/uts");

	RUN_IN_CHILD(unshare_uts);
	ck_assert_uint_eq(ns_ino("/proc/self/ns/uts"), before); /* the host's stays */
}
END_TEST

static void time_offsets(void)
{
	struct ns_error err;
	char buf[128] = "";
	ssize_t n;
	int fd;

	CHILD_CHECK(ns_unshare_flags(CLONE_NEWTIME, &err) == 0);
	CHILD_CHECK(ns_time_offsets_write(false, 0, true, 3600, &err) == 0);
	fd = open("/proc/self/timens_offsets", O_RDONLY | O_CLOEXEC);
	CHILD_CHECK(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHILD_CHECK(n > 0);
	CHILD_CHECK(!strcmp(buf, "monotonic           0         0\n"
				 "boottime         3600         0\n"));
	/* Nothing to write is no write at all. */
	CHILD_CHECK(ns_time_offsets_write(false, 0, false, 0, &err) == 0);
}

static void time_offsets_refused(void)
{
	struct ns_error err;

	/* Not after unshare(CLONE_NEWTIME): the kernel refuses, the step says where. */
	CHILD_CHECK(ns_time_offsets_write(true, 5, false, 0, &err) < 0);
	CHILD_CHECK(err.step == NS_STEP_TIME && err.code != 0);
}

START_TEST(time_offsets_write)
{
	RUN_IN_CHILD(time_offsets);
	RUN_IN_CHILD(time_offsets_refused);
}
END_TEST

static void fork_status(void)
{
	struct ns_fork f;
	struct ns_error err;
	int status = -1, rc;

	ns_fork_init(&f);
	rc = ns_fork_wait(&f, &status, &err);
	if (rc == 0)
		unit_exit(7);
	CHILD_CHECK(rc == 1 && status == 7);
}

static void fork_signal(void)
{
	struct ns_fork f;
	struct ns_error err;
	int status;

	ns_fork_init(&f);
	if (ns_fork_wait(&f, &status, &err) == 0)
		raise(SIGUSR1);
	/* The parent dies of the child's signal before it gets here. */
	unit_exit(99);
}

static int refuse(pid_t child, void *data, struct ns_error *err)
{
	(void)data;
	(void)child;
	err->code = EEXIST;
	err->step = NS_STEP_BIND;
	return -EEXIST;
}

static void fork_hook_fails(void)
{
	struct ns_fork f;
	struct ns_error err;
	int status;

	ns_fork_init(&f);
	f.in_parent = refuse;
	if (ns_fork_wait(&f, &status, &err) == 0) {
		pause();
		unit_exit(0);
	}
	/* The child was killed and waited for: the hook's error is the result. */
	CHILD_CHECK(err.step == NS_STEP_BIND && err.code == EEXIST);
	CHILD_CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
}

START_TEST(fork_wait)
{
	int status;

	RUN_IN_CHILD(fork_status);
	status = in_child(fork_signal);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGUSR1);
	RUN_IN_CHILD(fork_hook_fails);
}
END_TEST

/* --kill-child after a change of credentials: the grandchild dies with its parent. */
static void deathsig_after_setuid(void)
{
	struct ns_fork f;
	struct ns_error err;
	int pipefd[2], status;
	pid_t grandchild, middle;

	CHILD_CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
	CHILD_CHECK(pipe2(pipefd, O_CLOEXEC) == 0);
	middle = fork();
	CHILD_CHECK(middle >= 0);
	if (middle == 0) {
		ns_fork_init(&f);
		f.kill_child = SIGKILL;
		if (ns_fork_wait(&f, &status, &err) != 0)
			unit_exit(1);
		/* The child: setuid clears the death signal; ns_fork_deathsig sets it again. */
		if (setgid(65534) < 0 || setuid(65534) < 0 || ns_fork_deathsig(&f, &err) < 0)
			unit_exit(2);
		grandchild = getpid();
		if (write(pipefd[1], &grandchild, sizeof(grandchild)) != sizeof(grandchild))
			unit_exit(3);
		pause();
		unit_exit(4);
	}
	close(pipefd[1]);
	CHILD_CHECK(read(pipefd[0], &grandchild, sizeof(grandchild)) == sizeof(grandchild));
	kill(middle, SIGKILL);
	CHILD_CHECK(waitpid(middle, &status, 0) == middle);
	/* Reparented to us (the subreaper): it must have died of the signal. */
	CHILD_CHECK(waitpid(grandchild, &status, 0) == grandchild);
	CHILD_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

START_TEST(fork_deathsig)
{
	RUN_IN_CHILD(deathsig_after_setuid);
}
END_TEST

static void whole_sequence(void)
{
	struct ns_unshare u;
	struct ns_error err;
	int status = -1, rc;

	ns_unshare_init(&u);
	u.flags = CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWPID;
	u.fork = true;
	rc = ns_unshare(&u, &status, &err);
	if (rc == 0)
		unit_exit(getpid() == 1 ? 5 : 6); /* the child is PID 1 of the new namespace */
	CHILD_CHECK(rc == 1 && status == 5);
}

/* Trace lines go to fd 2, as a tool's do: with 0-2 closed no pipe of the library is there. */
static void trace_to_fd2(const char *call, const char *why, void *data)
{
	(void)why;
	(void)data;
	if (write(STDERR_FILENO, call, strlen(call)) < 0)
		return;
}

static void closed_stdio(void)
{
	struct ns_unshare u;
	struct ns_error err;
	char map[128] = "";
	ssize_t n;
	int fd;

	/* 1 and 2 closed: a pipe made now would get 1 (read) and 2 (write). */
	close(1);
	close(2);
	ns_trace_set(trace_to_fd2, NULL);
	ns_unshare_init(&u);
	u.flags = CLONE_NEWUSER;
	/* Not the caller's own ID: a helper outside writes the map, woken through a pipe. */
	CHILD_CHECK(ns_idmap_add(&u.uid_map, 0, 100000, 10, &err) == 0);
	CHILD_CHECK(ns_unshare(&u, NULL, &err) == 0);
	fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
	CHILD_CHECK(fd >= 0);
	n = read(fd, map, sizeof(map) - 1);
	CHILD_CHECK(n > 0 && strstr(map, "100000"));
	for (int i = 1; i <= 2; i++)
		CHILD_CHECK(i == fd || fcntl(i, F_GETFD) < 0);
}

START_TEST(unshare_sequence)
{
	RUN_IN_CHILD(whole_sequence);
	RUN_IN_CHILD(closed_stdio);
}
END_TEST

static void setgroups_deny(void)
{
	struct ns_error err;
	char buf[16] = "";
	int fd;

	CHILD_CHECK(ns_unshare_flags(CLONE_NEWUSER, &err) == 0);
	CHILD_CHECK(ns_idmap_setgroups(0, false, &err) == 0);
	/* Asking again for what it already says is no error. */
	CHILD_CHECK(ns_idmap_setgroups(0, false, &err) == 0);
	fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	CHILD_CHECK(fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0);
	CHILD_CHECK(!strcmp(buf, "deny\n"));
	/* "allow" after "deny" is refused for good. */
	CHILD_CHECK(ns_idmap_setgroups(0, true, &err) == -EPERM);
	CHILD_CHECK(err.step == NS_STEP_SETGROUPS);
}

START_TEST(idmap_setgroups)
{
	RUN_IN_CHILD(setgroups_deny);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("unshare");
	TCase *tc = tcase_create("kernel");

	if (geteuid() != 0) {
		puts("SKIP: check_unshare needs root (namespaces)");
		return 77;
	}
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, init_is_safe);
	tcase_add_test(tc, unshare_flags);
	tcase_add_test(tc, time_offsets_write);
	tcase_add_test(tc, fork_wait);
	tcase_add_test(tc, fork_deathsig);
	tcase_add_test(tc, unshare_sequence);
	tcase_add_test(tc, idmap_setgroups);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
