// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enter_*.c, pidfd.c: the pidfd check, what ns_enter_open() opens and refuses (a missing
 * target is ESRCH), a caller's pidfd, a target that ends after opening, descriptor
 * 0 as a descriptor, and the order of the steps (non-dumpable before the first setns).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enter.h"
#include "libns.h"
#include "unit.h"

static int pidfs_inode(pid_t pid, uint64_t *ino)
{
	struct stat st;
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	*ino = st.st_ino;
	return 0;
}

static int collect(const char *name, const char *value, void *data)
{
	char *out = data;

	strcat(out, name);
	strcat(out, "=");
	strcat(out, value);
	strcat(out, ";");
	return strcmp(name, "STOP") ? 0 : -E2BIG;
}

START_TEST(proc_text_of_a_target)
{
	char path[32], env[] = "PATH=/bin\0HOME=/\0=skipped\0noeq\0A=b=c\0LAST=1", out[128] = "";
	char stop[] = "X=1\0STOP=now\0Y=2";

	ck_assert_int_eq(
		ns_cgroup2_path_parse("12:pids:/\n0::/user.slice/a:b\n", path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/user.slice/a:b"); /* a ':' in the path is the path's */
	ck_assert_int_eq(ns_cgroup2_path_parse("0::/\n", path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/");
	ck_assert_int_eq(ns_cgroup2_path_parse("5:cpu:/x\n1:name=systemd:/\n", path, sizeof(path)),
			 -ENOENT);
	ck_assert_int_eq(ns_cgroup2_path_parse("0::/a-very-long-path-that-does-not-fit", path, 8),
			 -ENAMETOOLONG);

	/* The last entry has no NUL of its own; sizeof - 1 leaves the string's NUL as buf[len]. */
	ck_assert_int_eq(ns_environ_parse(env, sizeof(env) - 1, collect, out), 0);
	ck_assert_str_eq(out, "PATH=/bin;HOME=/;A=b=c;LAST=1;");
	out[0] = '\0';
	ck_assert_int_eq(ns_environ_parse(stop, sizeof(stop) - 1, collect, out), -E2BIG);
	ck_assert_str_eq(out, "X=1;STOP=now;");
}
END_TEST

START_TEST(pidfd_inode_check)
{
	struct ns_error err;
	uint64_t ino;
	int fd;

	fd = ns_pidfd_open(getpid(), 0, &err);
	if (fd == -ENOSYS)
		return; /* no pidfd_open (valgrind does not know it) */
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	close(fd);
	fd = ns_pidfd_open(999999999, 0, &err);
	ck_assert_int_eq(fd, -ESRCH);
	ck_assert_str_eq(err.msg, "pidfd_open(999999999) failed");
	if (pidfs_inode(getpid(), &ino) < 0)
		return;
	fd = ns_pidfd_open(getpid(), ino, &err);
	if (fd == -EINVAL && !strcmp(err.msg, "pidfd needs to have the pidfs file system type"))
		return; /* a kernel before 6.9 */
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = ns_pidfd_open(getpid(), ino + 1, &err);
	ck_assert_int_lt(fd, 0);
	ck_assert_int_eq(err.code, 0);
	char want[128];
	snprintf(want, sizeof(want), "pidfd inode %llu not found for pid %d",
		 (unsigned long long)(ino + 1), (int)getpid());
	ck_assert_str_eq(err.msg, want);
}
END_TEST

/* ns_enter_open() as a return code: 0 with *e set, or a negative errno. */
static int open_rc(struct ns_enter **e, const struct ns_enter_opts *o, struct ns_error *err)
{
	*e = ns_enter_open(o, err);
	if (*e)
		return 0;
	return err->code ? -err->code : -EINVAL;
}

static bool have_pidfd(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int count_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			n++;
	return n;
}

START_TEST(open_refuses_with_nsenters_messages)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	int before = count_fds();

	ns_enter_opts_init(&o);
	ck_assert_int_eq(o.net_socket, -1);
	o.ns[NS_MNT] = true;
	ck_assert_int_lt(open_rc(&e, &o, &err), 0);
	ck_assert_str_eq(err.msg, "neither filename nor target pid supplied for ns/mnt");

	ns_enter_opts_init(&o);
	o.all = true;
	ck_assert_int_lt(open_rc(&e, &o, &err), 0);
	ck_assert_str_eq(err.msg, "no target PID specified for --all");

	ns_enter_opts_init(&o);
	o.target = 999999999;
	o.ns[NS_MNT] = true;
	/* No such process (ENOENT from its file where there are no pidfds: valgrind). */
	ck_assert_int_eq(open_rc(&e, &o, &err), have_pidfd() ? -ESRCH : -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_OPEN);
	ck_assert_str_eq(err.msg, "cannot open /proc/999999999/ns/mnt");

	ns_enter_opts_init(&o);
	o.ns[NS_UTS] = true;
	o.ns_file[NS_UTS] = "/nonexistent/uts";
	ck_assert_int_eq(open_rc(&e, &o, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "cannot open /nonexistent/uts");

	ns_enter_opts_init(&o);
	o.root = true;
	ck_assert_int_lt(open_rc(&e, &o, &err), 0);
	ck_assert_str_eq(err.msg, "neither filename nor target pid supplied for root");

	ns_enter_opts_init(&o);
	o.net_socket = 3;
	ck_assert_int_lt(open_rc(&e, &o, &err), 0);
	ck_assert_str_eq(err.msg, "no target PID specified");

	/* A later error closes what was opened first. */
	ns_enter_opts_init(&o);
	o.target = getpid();
	o.ns[NS_UTS] = true;
	o.ns[NS_IPC] = true;
	o.ns_file[NS_IPC] = "/proc/self/ns/ipc";
	o.wd = true;
	o.wd_dir = "/nonexistent";
	ck_assert_int_eq(open_rc(&e, &o, &err), -ENOENT);
	ck_assert_int_eq(count_fds(), before);
}
END_TEST

START_TEST(open_all_of_self)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	int before = count_fds();

	ns_enter_opts_init(&o);
	o.target = getpid();
	o.all = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	/* Every type but the user namespace, which is ours. */
	ck_assert_int_eq(ns_enter_flags(e), CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS |
						    CLONE_NEWNET | CLONE_NEWPID | 0x80 |
						    CLONE_NEWUTS);
	ns_enter_close(e);
	ns_enter_close(NULL);
	ck_assert_int_eq(count_fds(), before);

	/* A file overrides the target's namespace of its type. */
	o.ns[NS_UTS] = true;
	o.ns_file[NS_UTS] = "/proc/self/ns/uts";
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	ck_assert_int_ge(e->ns_fd[NS_UTS], 0);
	ck_assert_int_eq(e->pidfd_flags & CLONE_NEWUTS, 0);
	ck_assert_int_ne(fcntl(e->ns_fd[NS_UTS], F_GETFD) & FD_CLOEXEC, 0);
	ns_enter_close(e);
	ck_assert_int_eq(count_fds(), before);
}
END_TEST

/* util-linux #4412: with descriptor 0 closed, a file opened on 0 is a file like any other. */
START_TEST(descriptor_zero_is_a_descriptor)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	int saved = dup(0);

	ck_assert_int_ge(saved, 0);
	close(0);
	ns_enter_opts_init(&o);
	o.ns[NS_UTS] = true;
	o.ns_file[NS_UTS] = "/proc/self/ns/uts";
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	ck_assert_int_eq(e->ns_fd[NS_UTS], 0);
	ck_assert_int_eq(ns_enter_flags(e), CLONE_NEWUTS);
	ns_enter_close(e);
	ck_assert_int_lt(fcntl(0, F_GETFD), 0); /* closed by ns_enter_close, as it should be */
	ck_assert_int_eq(dup2(saved, 0), 0);
	close(saved);
}
END_TEST

static char steps[8192];

static void record(const char *call, const char *why, void *data)
{
	(void)why;
	(void)data;
	strncat(steps, call, sizeof(steps) - strlen(steps) - 2);
	strcat(steps, "\n");
}

/* In a child (setns and PR_SET_DUMPABLE change the process): join our own namespaces. */
START_TEST(join_self_in_order)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return; /* setns needs CAP_SYS_ADMIN */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ns_enter_opts o;
		struct ns_enter *e;
		struct ns_error err;
		char *dump, *set;
		int st = 0;

		steps[0] = '\0';
		ns_trace_set(record, NULL);
		ns_enter_opts_init(&o);
		o.target = getppid();
		o.ns[NS_UTS] = true;
		o.ns[NS_IPC] = true;
		o.ns[NS_NET] = true;
		o.ns_file[NS_NET] = "/proc/self/ns/net";
		if (open_rc(&e, &o, &err) || ns_enter_join(e, &err))
			unit_exit(10);
		if (e->entered != (CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET))
			unit_exit(11);
		if (prctl(PR_GET_DUMPABLE) != 0)
			unit_exit(12);
		dump = strstr(steps, "prctl(PR_SET_DUMPABLE, 0)");
		set = strstr(steps, "setns(");
		if (!dump || !set || dump > set)
			unit_exit(13);
		if (!strstr(steps, "setns(/proc/self/ns/net, CLONE_NEWNET)"))
			unit_exit(14);
		/* No PID namespace: no fork. */
		if (ns_enter_fork(e, &st, &err) != 0)
			unit_exit(15);
		if (ns_enter_cred_set(e, &err))
			unit_exit(16);
		ns_enter_close(e);
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}
END_TEST

/* Entering our own user namespace: setns says EINVAL, reported with nsenter's words. */
START_TEST(own_user_namespace_is_refused)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ns_enter_opts o;
		struct ns_enter *e;
		struct ns_error err;

		ns_enter_opts_init(&o);
		o.ns[NS_USER] = true;
		o.ns_file[NS_USER] = "/proc/self/ns/user";
		if (open_rc(&e, &o, &err))
			unit_exit(10);
		if (ns_enter_join(e, &err) != -EINVAL)
			unit_exit(11);
		if (strcmp(err.msg, "reassociate to namespace 'ns/user' failed"))
			unit_exit(12);
		ns_enter_close(e);
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}
END_TEST

/* A child in a new UTS namespace, waiting for *hold to be closed; *uts is its namespace. */
static pid_t uts_child(int *hold, struct stat *uts)
{
	int ready[2], wait_end[2];
	char c;
	pid_t pid;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(wait_end), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(ready[0]);
		close(wait_end[1]);
		if (unshare(CLONE_NEWUTS) < 0)
			unit_exit(1);
		c = 'r';
		if (write(ready[1], &c, 1) != 1)
			unit_exit(1);
		(void)!read(wait_end[0], &c, 1);
		unit_exit(0);
	}
	close(ready[1]);
	close(wait_end[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*hold = wait_end[1];
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)pid);
	ck_assert_int_eq(stat(path, uts), 0);
	return pid;
}

/* In a child: ns_enter_join(e); exit 0 when our UTS namespace is then uts. */
static void join_and_compare(struct ns_enter *e, const struct stat *uts)
{
	struct ns_error err;
	struct stat now;
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (ns_enter_join(e, &err))
			unit_exit(10);
		if (stat("/proc/self/ns/uts", &now) || now.st_ino != uts->st_ino)
			unit_exit(11);
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}

/* issue 10: a missing target is ESRCH, named by what was needed of it; nothing needed, no error. */
START_TEST(missing_target_is_esrch)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	int status, pidfd;
	pid_t pid;

	if (!have_pidfd())
		return;
	ns_enter_opts_init(&o);
	o.target = 999999999;
	o.root = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), -ESRCH);
	ck_assert_str_eq(err.msg, "cannot open /proc/999999999/root");
	ns_enter_opts_init(&o);
	o.target = 999999999;
	o.all = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), -ESRCH);
	ck_assert_str_eq(err.msg, "stat of /proc/999999999/ns/user failed");
	ns_enter_opts_init(&o);
	o.target = 999999999;
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	ns_enter_close(e);

	/* The caller's pidfd of a process that has ended and been reaped. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(0);
	pidfd = ns_pidfd_open(pid, 0, &err);
	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ns_enter_opts_init(&o);
	o.pidfd = pidfd;
	o.ns[NS_UTS] = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), -ESRCH);
	ck_assert_int_eq(err.step, NS_STEP_OPEN);
	close(pidfd);
}
END_TEST

/* issue 10: the caller's pidfd names the target (no PID given); the caller keeps its pidfd. */
START_TEST(caller_pidfd)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	struct stat uts;
	int hold, pidfd, status, before;
	pid_t child;

	if (geteuid() != 0 || !have_pidfd())
		return;
	child = uts_child(&hold, &uts);
	pidfd = ns_pidfd_open(child, 0, &err);
	ck_assert_int_ge(pidfd, 0);
	before = count_fds();
	ns_enter_opts_init(&o);
	o.pidfd = pidfd;
	o.ns[NS_UTS] = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	ck_assert_int_eq(ns_enter_flags(e), CLONE_NEWUTS);
	join_and_compare(e, &uts);
	ns_enter_close(e);
	ck_assert_int_eq(count_fds(), before);
	ck_assert_int_ge(fcntl(pidfd, F_GETFD), 0);
	/* A PID given with it must be the pidfd's. */
	o.target = getpid();
	ck_assert_int_eq(open_rc(&e, &o, &err), -EINVAL);
	close(pidfd);
	close(hold);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
}
END_TEST

/* issue 13, item 5: a target that ends (and is reaped) after ns_enter_open is still entered. */
START_TEST(target_exits_after_open)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	struct stat uts;
	int hold, status;
	pid_t child;

	if (geteuid() != 0 || !have_pidfd())
		return;
	child = uts_child(&hold, &uts);
	ns_enter_opts_init(&o);
	o.target = child;
	o.ns[NS_UTS] = true;
	ck_assert_int_eq(open_rc(&e, &o, &err), 0);
	close(hold);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	join_and_compare(e, &uts);
	ns_enter_close(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("enter");
	TCase *tc = tcase_create("enter");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, proc_text_of_a_target);
	tcase_add_test(tc, pidfd_inode_check);
	tcase_add_test(tc, open_refuses_with_nsenters_messages);
	tcase_add_test(tc, open_all_of_self);
	tcase_add_test(tc, descriptor_zero_is_a_descriptor);
	tcase_add_test(tc, join_self_in_order);
	tcase_add_test(tc, own_user_namespace_is_refused);
	tcase_add_test(tc, missing_target_is_esrch);
	tcase_add_test(tc, caller_pidfd);
	tcase_add_test(tc, target_exits_after_open);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
