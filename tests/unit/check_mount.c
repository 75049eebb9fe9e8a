// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mount steps on the real kernel, each in a forked child in a new mount namespace (so
 * nothing reaches the host): ns_propagation_set, ns_proc_mount, ns_nsfile_bind in a private
 * scratch directory, and their errors. Needs root (77 otherwise).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define CHILD_CHECK(cond)                                                          \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			unit_exit(__LINE__ % 250 + 1);                             \
		}                                                                  \
	} while (0)

static char scratch[] = "/tmp/check_mount.XXXXXX";

/* The child: its own mount namespace, / private, so every mount below stays in it. */
static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ns_error err;

		CHILD_CHECK(ns_unshare_flags(CLONE_NEWNS, &err) == 0);
		CHILD_CHECK(ns_propagation_set("/", MS_REC | MS_PRIVATE, &err) == 0);
		fn();
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

#define RUN_IN_CHILD(fn) ck_assert_int_eq(in_child(fn), 0)

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(scratch));
}

static void teardown(void)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/uts", scratch);
	unlink(path);
	rmdir(scratch);
	strcpy(scratch, "/tmp/check_mount.XXXXXX");
}

static void propagation(void)
{
	struct ns_error err;

	CHILD_CHECK(ns_propagation_set("/", MS_REC | MS_SLAVE, &err) == 0);
	CHILD_CHECK(ns_propagation_set("/nonexistent-dir", MS_REC | MS_PRIVATE, &err) == -ENOENT);
	CHILD_CHECK(err.step == NS_STEP_PROPAGATION && err.code == ENOENT);
	CHILD_CHECK(!strcmp(err.msg, "cannot change /nonexistent-dir filesystem propagation"));
}

START_TEST(propagation_set)
{
	RUN_IN_CHILD(propagation);
}
END_TEST

static void proc(void)
{
	struct ns_error err;
	struct statfs st;

	CHILD_CHECK(ns_proc_mount(scratch, &err) == 0);
	CHILD_CHECK(statfs(scratch, &st) == 0 && st.f_type == PROC_SUPER_MAGIC);
	CHILD_CHECK(umount(scratch) == 0);
	CHILD_CHECK(ns_proc_mount("/nonexistent-dir", &err) == -ENOENT);
	CHILD_CHECK(err.step == NS_STEP_MOUNT);
}

START_TEST(proc_mount)
{
	struct statfs st;

	RUN_IN_CHILD(proc);
	/* Nothing reached the host's mount namespace. */
	ck_assert_int_eq(statfs(scratch, &st), 0);
	ck_assert(st.f_type != PROC_SUPER_MAGIC);
}
END_TEST

static void bind(void)
{
	struct ns_error err;
	struct stat file, ns;
	char path[64], missing[64];
	int fd;

	/* A namespace file needs a parent mount that is not shared: a private bind of scratch. */
	CHILD_CHECK(mount(scratch, scratch, NULL, MS_BIND, NULL) == 0);
	CHILD_CHECK(ns_propagation_set(scratch, MS_PRIVATE, &err) == 0);
	snprintf(path, sizeof(path), "%s/uts", scratch);
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	CHILD_CHECK(fd >= 0);
	close(fd);
	CHILD_CHECK(ns_unshare_flags(CLONE_NEWUTS, &err) == 0);
	CHILD_CHECK(ns_nsfile_bind(getpid(), "uts", path, &err) == 0);
	CHILD_CHECK(stat(path, &file) == 0 && stat("/proc/self/ns/uts", &ns) == 0);
	CHILD_CHECK(file.st_ino == ns.st_ino && file.st_dev == ns.st_dev);
	/* A missing file is an error, and nothing is created (as util-linux). */
	snprintf(missing, sizeof(missing), "%s/missing", scratch);
	CHILD_CHECK(ns_nsfile_bind(getpid(), "uts", missing, &err) == -ENOENT);
	CHILD_CHECK(err.step == NS_STEP_BIND && access(missing, F_OK) < 0);
	CHILD_CHECK(umount(path) == 0 && umount(scratch) == 0);
}

START_TEST(nsfile_bind)
{
	RUN_IN_CHILD(bind);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mount");
	TCase *tc = tcase_create("kernel");

	if (geteuid() != 0) {
		puts("SKIP: check_mount needs root (mount namespaces)");
		return 77;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, propagation_set);
	tcase_add_test(tc, proc_mount);
	tcase_add_test(tc, nsfile_bind);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
