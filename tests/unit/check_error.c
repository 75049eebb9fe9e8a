// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Errors are values (lib/error.c, lib/file.c): nsi_error fills the caller's struct and returns
 * -errno, ns_error_wrap puts context in front, ns_error_format adds strerror, ns_step_name
 * names every step; nsi_write_file writes a control file in one write(2) and says which step
 * failed when it cannot (a missing file, a short write).
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
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

START_TEST(error_fills_and_returns)
{
	struct ns_error err;

	ck_assert_int_eq(nsi_error(&err, NS_STEP_OPEN, ENOENT, "cannot open %s", "/x"), -ENOENT);
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_OPEN);
	ck_assert_str_eq(err.msg, "cannot open /x");
	/* No errno: -EINVAL, and the code stays 0 (no strerror in the text). */
	ck_assert_int_eq(nsi_error(&err, NS_STEP_PARSE, 0, "bad %d", 7), -EINVAL);
	ck_assert_int_eq(err.code, 0);
	ck_assert_int_eq(nsi_error(NULL, NS_STEP_PARSE, EPERM, "ignored"), -EPERM);
}
END_TEST

START_TEST(wrap_puts_context_first)
{
	struct ns_error err;
	char buf[NS_ERROR_MAX + 64];

	nsi_error(&err, NS_STEP_MOUNT, EBUSY, "cannot mount %s", "/proc");
	ns_error_wrap(&err, "in %s: ", "the container");
	ck_assert_str_eq(err.msg, "in the container: cannot mount /proc");
	ck_assert_int_eq(err.code, EBUSY);
	ck_assert_int_eq(err.step, NS_STEP_MOUNT);
	ck_assert_str_eq(ns_error_format(&err, buf, sizeof(buf)),
			 "in the container: cannot mount /proc: Device or resource busy");
	err.code = 0;
	ck_assert_str_eq(ns_error_format(&err, buf, sizeof(buf)),
			 "in the container: cannot mount /proc");
	/* Truncated to the buffer, never past it. */
	ck_assert_str_eq(ns_error_format(&err, buf, 6), "in th");
	ns_error_wrap(NULL, "nothing: "); /* no error to wrap: no crash */

	/* A context as long as the buffer: the old message is cut, the text stays terminated. */
	memset(buf, 'c', NS_ERROR_MAX + 10);
	buf[NS_ERROR_MAX + 10] = '\0';
	ns_error_wrap(&err, "%s", buf);
	ck_assert_uint_eq(strlen(err.msg), NS_ERROR_MAX - 1);
	ck_assert_int_eq(err.msg[0], 'c');
}
END_TEST

START_TEST(step_names)
{
	ck_assert_str_eq(ns_step_name(NS_STEP_NONE), "none");
	ck_assert_str_eq(ns_step_name(NS_STEP_PIVOT_ROOT), "pivot_root");
	ck_assert_str_eq(ns_step_name(NS_STEP_CRED_UID), "user ID");
	/* Every step up to the last has a name of its own. */
	for (int s = NS_STEP_NONE; s <= NS_STEP_CRED_UID; s++)
		ck_assert_str_ne(ns_step_name((enum ns_step)s), "unknown");
	ck_assert_str_eq(ns_step_name((enum ns_step)(NS_STEP_CRED_UID + 1)), "unknown");
	ck_assert_str_eq(ns_step_name((enum ns_step) - 1), "unknown");
}
END_TEST

static char scratch[64], file[80];

static void make_file(void)
{
	strcpy(scratch, "/tmp/check_error.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
	snprintf(file, sizeof(file), "%s/control", scratch);
	ck_assert_int_eq(close(open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)), 0);
}

static void remove_file(void)
{
	unlink(file);
	rmdir(scratch);
}

static off_t size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : st.st_size;
}

START_TEST(write_file_whole)
{
	struct ns_error err;

	make_file();
	ck_assert_int_eq(nsi_write_file(file, "0 0 1\n", 6, &err, NS_STEP_IDMAP, "no %s", "map"),
			 0);
	ck_assert_int_eq(size_of(file), 6);
	remove_file();
}
END_TEST

START_TEST(write_file_missing)
{
	struct ns_error err;
	char path[96];

	make_file();
	snprintf(path, sizeof(path), "%s/missing", scratch);
	ck_assert_int_eq(nsi_write_file(path, "x", 1, &err, NS_STEP_IDMAP, "no map"), -ENOENT);
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_int_eq(err.step, NS_STEP_OPEN); /* the open failed, not the write */
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(access(path, F_OK), -1);
	remove_file();
}
END_TEST

/* A file size limit of 4 bytes makes write(2) of 6 stop at 4: a short write is EIO. */
static int short_write_child(void)
{
	struct rlimit lim = { 4, 4 };
	struct ns_error err = { 0 };

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
		return 1;
	if (nsi_write_file(file, "0 0 1\n", 6, &err, NS_STEP_IDMAP, "cannot write %s", "x") != -EIO)
		return 2;
	if (err.code != EIO || err.step != NS_STEP_IDMAP || strcmp(err.msg, "cannot write x"))
		return 3;
	/* Nothing written at all (no size allowed): the write's own errno, EFBIG. */
	lim.rlim_cur = 0;
	if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
		return 5;
	if (nsi_write_file(file, "0 0 1\n", 6, NULL, NS_STEP_TIME, "x") != -EFBIG)
		return 4;
	return 0;
}

START_TEST(write_file_short)
{
	int status;
	pid_t pid;

	make_file();
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(short_write_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %d",
		      WEXITSTATUS(status));
	ck_assert_int_eq(size_of(file), 4);
	remove_file();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("error");

	tcase_add_test(tc, error_fills_and_returns);
	tcase_add_test(tc, wrap_puts_context_first);
	tcase_add_test(tc, step_names);
	tcase_add_test(tc, write_file_whole);
	tcase_add_test(tc, write_file_missing);
	tcase_add_test(tc, write_file_short);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
