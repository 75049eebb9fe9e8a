// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * contain.c: ns_cwd_inside_root() inside and outside a chroot, at depths beyond PATH_MAX
 * (where getcwd fails with ERANGE), and at the top of the tree.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

/* Makes 60 directories of 100 characters under the current one and enters them (> 6000 bytes). */
static int go_deep(void)
{
	char name[101];

	memset(name, 'd', 100);
	name[100] = '\0';
	for (int i = 0; i < 60; i++)
		if ((mkdir(name, 0755) < 0 && errno != EEXIST) || chdir(name) < 0)
			return -1;
	return 0;
}

START_TEST(inside_the_root_of_the_host)
{
	struct ns_error err;

	/* Without a chroot every directory is inside the root. */
	ck_assert_int_eq(chdir("/"), 0);
	ck_assert_int_eq(ns_cwd_inside_root(&err), 1);
	ck_assert_int_eq(chdir("/proc/self"), 0);
	ck_assert_int_eq(ns_cwd_inside_root(&err), 1);
}
END_TEST

/* In a child (chroot changes the process): inside and outside, shallow and deep. */
START_TEST(inside_and_outside_a_chroot)
{
	char dir[] = "/tmp/check_contain.XXXXXX", out[] = "/tmp/check_contain_out.XXXXXX";
	char cmd[128];
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return; /* chroot needs CAP_SYS_CHROOT */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(mkdtemp(out));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[PATH_MAX];
		int outside = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (outside < 0 || chdir(dir) < 0 || chroot(".") < 0)
			unit_exit(10);
		if (ns_cwd_inside_root(NULL) != 1) /* "." is the new root */
			unit_exit(11);
		if (go_deep() < 0 || getcwd(buf, sizeof(buf)) || errno != ERANGE)
			unit_exit(12);
		if (ns_cwd_inside_root(NULL) != 1) /* deep inside, beyond getcwd */
			unit_exit(13);
		if (fchdir(outside) < 0 || ns_cwd_inside_root(NULL) != 0)
			unit_exit(14); /* a host directory */
		if (go_deep() < 0 || ns_cwd_inside_root(NULL) != 0)
			unit_exit(15); /* deep outside: getcwd's ERANGE let this through */
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", dir, out);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("contain");
	TCase *tc = tcase_create("contain");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, inside_the_root_of_the_host);
	tcase_add_test(tc, inside_and_outside_a_chroot);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
