// SPDX-License-Identifier: LGPL-2.1-or-later
/* Mount-table queries through the dlopen'ed libmount: nsfs mounts and propagation. */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

static const char table[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"88 22 0:4 net:[4026532254] /run/netns/blue rw shared:5 - nsfs nsfs rw\n"
	"89 22 0:4 mnt:[4026532255] /tmp/x\\040y/mnt rw - nsfs nsfs rw\n"
	"90 22 0:23 / /proc rw,nosuid - proc proc rw\n"
	"91 22 0:4 bogus:[7] /tmp/odd rw - nsfs nsfs rw\n";

START_TEST(nsfs_mounts_of_a_crafted_table)
{
	char path[] = "/tmp/check_mounttab.XXXXXX";
	struct ns_file *files;
	struct ns_error err;
	size_t n;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, table, sizeof(table) - 1), (ssize_t)sizeof(table) - 1);
	close(fd);
	ck_assert_int_eq(ns_nsfs_mounts(path, &files, &n, &err), 0);
	unlink(path);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(files[0].path, "/run/netns/blue");
	ck_assert_int_eq(files[0].type, NS_NET);
	ck_assert_uint_eq(files[0].id.ino, 4026532254ULL);
	ck_assert_uint_eq(files[0].id.dev, makedev(0, 4));
	ck_assert_str_eq(files[0].text, "net:[4026532254]");
	ck_assert_str_eq(files[1].path, "/tmp/x y/mnt");
	ck_assert_int_eq(files[1].type, NS_MNT);
	ck_assert_int_eq(files[2].type, -1);
	ns_files_free(files, n);
}
END_TEST

START_TEST(nsfs_mounts_of_self_and_errors)
{
	struct ns_file *files;
	struct ns_error err;
	size_t n;

	ck_assert_int_eq(ns_nsfs_mounts(NULL, &files, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(files[i].path);
	ns_files_free(files, n);
	ck_assert_int_lt(ns_nsfs_mounts("/nonexistent/mountinfo", &files, &n, &err), 0);
	ck_assert_str_eq(err.msg, "cannot read the mount table /nonexistent/mountinfo");
	ck_assert_ptr_null(files);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(nsfs_mounts_of_a_scan)
{
	struct ns_scan *scan = ns_scan_new(NS_ALL_ENTRIES, NULL);
	struct ns_file *files;
	struct ns_error err;
	size_t n;

	ck_assert_int_eq(ns_scan_proc(scan, &err), 0);
	ck_assert_int_eq(ns_scan_nsfs_mounts(scan, &files, &n, &err), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(files[i].path);
		for (size_t j = 0; j < i; j++)
			ck_assert(strcmp(files[i].path, files[j].path) ||
				  files[i].id.ino != files[j].id.ino);
	}
	ns_files_free(files, n);
	ns_scan_free(scan);
}
END_TEST

START_TEST(propagation_names)
{
	char buf[32];

	ck_assert_str_eq(ns_propagation_name(0, buf, sizeof(buf)), "private");
	ck_assert_str_eq(ns_propagation_name(MS_SHARED, buf, sizeof(buf)), "shared");
	ck_assert_str_eq(ns_propagation_name(MS_SLAVE, buf, sizeof(buf)), "slave");
	ck_assert_str_eq(ns_propagation_name(MS_SHARED | MS_SLAVE, buf, sizeof(buf)),
			 "shared,slave");
	ck_assert_str_eq(ns_propagation_name(MS_UNBINDABLE, buf, sizeof(buf)), "unbindable");
}
END_TEST

/* In a child with a mount namespace of its own, so nothing leaks to the host. */
static int propagation_child(const char *dir)
{
	char target[256], a[300], b[300], sub[320];
	unsigned long flags;
	struct ns_error err;

	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return 77;
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(sub, sizeof(sub), "%s/sub", a);
	if (mount("tmpfs", dir, "tmpfs", 0, NULL) < 0 || mkdir(a, 0700) < 0 || mkdir(b, 0700) < 0)
		return 10;
	if (mount("tmpfs", a, "tmpfs", 0, NULL) < 0 || mkdir(sub, 0700) < 0)
		return 11;
	/* A path below a mount point belongs to that mount. */
	if (ns_mount_propagation(sub, &flags, target, sizeof(target), &err) < 0 || flags != 0 ||
	    strcmp(target, a))
		return 12;
	if (mount("none", a, "none", MS_SHARED, NULL) < 0)
		return 13;
	if (ns_mount_propagation(sub, &flags, NULL, 0, &err) < 0 || flags != MS_SHARED)
		return 14;
	/* b, a peer of a, made its slave: a slave needs a master to stay one. */
	if (mount(a, b, "none", MS_BIND, NULL) < 0 || mount("none", b, "none", MS_SLAVE, NULL) < 0)
		return 15;
	if (ns_mount_propagation(b, &flags, target, sizeof(target), &err) < 0 ||
	    flags != MS_SLAVE || strcmp(target, b))
		return 16;
	if (ns_mount_propagation("/nonexistent/x", &flags, NULL, 0, &err) != -ENOENT ||
	    strcmp(err.msg, "cannot resolve /nonexistent/x"))
		return 17;
	return 0;
}

START_TEST(propagation_of_a_mount)
{
	char dir[] = "/tmp/check_mounttab.XXXXXX";
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return; /* needs root for a mount namespace */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(propagation_child(dir));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	rmdir(dir);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) != 77)
		ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mounttab");
	TCase *tc = tcase_create("mounttab");

	tcase_add_test(tc, nsfs_mounts_of_a_crafted_table);
	tcase_add_test(tc, nsfs_mounts_of_self_and_errors);
	tcase_add_test(tc, nsfs_mounts_of_a_scan);
	tcase_add_test(tc, propagation_names);
	tcase_add_test(tc, propagation_of_a_mount);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
