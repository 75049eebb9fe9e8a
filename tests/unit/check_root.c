// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * root.c on the real kernel: chroot, and the working directory inside the root or not,
 * also where its path is longer than getcwd(3) allows. Each test that chroots runs in a child
 * of its own (CK_FORK); the scratch tree is made and removed by the parent.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

/* A component of 200 bytes, 30 deep: 6,000 bytes below the root, more than PATH_MAX. */
#define DEPTH 30
static char name[201];
static char scratch[64], newroot[128];

/* mkdir -p of the deep chain below dir; returns a descriptor of its bottom (O_PATH). */
static int deep_chain(const char *dir)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	for (int i = 0; i < DEPTH && fd >= 0; i++) {
		int next;

		if (mkdirat(fd, name, 0755) < 0 && errno != EEXIST)
			return -1;
		next = openat(fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}

/* rm -r of the deep chain below dir, bottom up, by descriptors (no path is that short). */
static void remove_chain(const char *dir)
{
	int fds[DEPTH + 1];
	int n = 0;

	fds[0] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fds[n] >= 0 && n < DEPTH) {
		fds[n + 1] = openat(fds[n], name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fds[n + 1] < 0)
			break;
		n++;
	}
	for (; n > 0; n--) {
		close(fds[n]);
		unlinkat(fds[n - 1], name, AT_REMOVEDIR);
	}
	if (fds[0] >= 0)
		close(fds[0]);
}

static void make_tree(void)
{
	char path[192];

	memset(name, 'd', sizeof(name) - 1);
	strcpy(scratch, "/tmp/libns-check_root.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
	snprintf(newroot, sizeof(newroot), "%s/root", scratch);
	ck_assert_int_eq(mkdir(newroot, 0755), 0);
	snprintf(path, sizeof(path), "%s/alias", scratch);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc", newroot);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static void remove_tree(void)
{
	char path[192];

	remove_chain(scratch);
	remove_chain(newroot);
	snprintf(path, sizeof(path), "%s/etc", newroot);
	rmdir(path);
	unit_drop_counters(newroot);
	rmdir(newroot);
	snprintf(path, sizeof(path), "%s/alias", scratch);
	rmdir(path);
	rmdir(scratch);
}

/* A private mount namespace for the child, so that its bind mounts go when it ends. */
static void private_mounts(void)
{
	ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
}

/* fchdir to fd after chroot to newroot: refused as outside, with the step and errno. */
static void refused_after_chroot(int fd)
{
	struct ns_error err;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(unit_keep_counters(newroot), 0);
	ck_assert_int_eq(ns_chroot(newroot, &err), 0);
	ck_assert_int_eq(ns_fchdir(fd, "deep", &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_CHROOT);
	ck_assert_str_eq(err.msg, "working directory deep is outside the root");
	ck_assert_int_eq(ns_cwd_check("deep", &err), -ENOENT);
}

START_TEST(outside_short_path)
{
	refused_after_chroot(open(scratch, O_PATH | O_DIRECTORY | O_CLOEXEC));
}
END_TEST

/* getcwd fails with ERANGE there: the walk up must still find the host's root. */
START_TEST(outside_long_path)
{
	refused_after_chroot(deep_chain(scratch));
}
END_TEST

START_TEST(inside_long_path)
{
	struct ns_error err;
	char buf[PATH_MAX];
	int fd;

	ck_assert_int_eq(unit_keep_counters(newroot), 0); /* before: fd is of the same mount */
	fd = deep_chain(newroot);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_chroot(newroot, &err), 0);
	ck_assert_int_eq(ns_fchdir(fd, "deep", &err), 0);
	ck_assert_ptr_null(getcwd(buf, sizeof(buf)));
	ck_assert_int_eq(errno, ERANGE); /* so it was the walk that said "inside" */
	ck_assert_int_eq(ns_cwd_check("deep", &err), 0);
	ck_assert_int_eq(ns_chdir("/etc", &err), 0);
}
END_TEST

/*
 * The root's own directory reached through a bind mount outside it is not the root: its ".."
 * leads out. The same inode, another mount.
 */
START_TEST(outside_through_bind_mount)
{
	char alias[192];
	int fd;

	private_mounts();
	ck_assert_int_ge(deep_chain(newroot), 0);
	snprintf(alias, sizeof(alias), "%s/alias", scratch);
	ck_assert_int_eq(mount(newroot, alias, NULL, MS_BIND, NULL), 0);
	fd = deep_chain(alias); /* the same directories as below the root, by another way */
	refused_after_chroot(fd);
}
END_TEST

START_TEST(errors)
{
	struct ns_error err;

	ck_assert_int_eq(ns_chroot("/nonexistent", &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_CHROOT);
	ck_assert_str_eq(err.msg, "cannot change root directory to /nonexistent");
	ck_assert_int_eq(ns_chdir("/nonexistent", &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_CHDIR);
	ck_assert_str_eq(err.msg, "cannot change directory to /nonexistent");
	ck_assert_int_eq(ns_fchdir(-1, "nothing", &err), -EBADF);
	ck_assert_int_eq(err.step, NS_STEP_CHDIR);
	ck_assert_int_eq(ns_chdir("/", &err), 0);
	ck_assert_int_eq(ns_cwd_check("/", &err), 0);
}
END_TEST

START_TEST(current_root)
{
	char link[192];

	ck_assert(ns_root_is_current("/"));
	ck_assert(ns_root_is_current("/."));
	ck_assert(ns_root_is_current("/tmp/.."));
	ck_assert(ns_root_is_current("//"));
	ck_assert(!ns_root_is_current("/tmp"));
	ck_assert(!ns_root_is_current("/nonexistent/.."));
	ck_assert(!ns_root_is_current(""));
	snprintf(link, sizeof(link), "%s/isroot", scratch);
	ck_assert_int_eq(symlink("/", link), 0);
	ck_assert(ns_root_is_current(link));
	unlink(link);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("root");
	TCase *tc = tcase_create("root");

	if (geteuid() != 0) {
		puts("SKIP: check_root needs root (chroot, mount)");
		return 77;
	}
	tcase_add_unchecked_fixture(tc, make_tree, remove_tree);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, current_root);
	/* These chroot: only in a child of their own (not under valgrind's CK_FORK=no). */
	if (!getenv("CK_FORK") || strcmp(getenv("CK_FORK"), "no")) {
		tcase_add_test(tc, outside_short_path);
		tcase_add_test(tc, outside_long_path);
		tcase_add_test(tc, inside_long_path);
		tcase_add_test(tc, outside_through_bind_mount);
	}
	suite_add_tcase(s, tc);
	return unit_run(s);
}
