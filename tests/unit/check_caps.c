// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_caps_keep on the real kernel, in a forked child: in a new user namespace the permitted
 * capabilities become ambient, so that a program run as a non-root user there keeps them
 * across execve() (and without it, has none); only permitted ones, and a kernel that refuses
 * is the CAPS step's error. Needs root (77 otherwise).
 */
#include <check.h>
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

static int ambient(int cap)
{
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);
}

/* A shell's effective capabilities after execve() as uid 1: exit 0 when it has some. */
static int exec_has_caps(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "grep -q '^CapEff:.*[1-9a-f]' /proc/self/status",
		      (char *)NULL);
		unit_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void keep(bool keep_caps)
{
	struct ns_unshare u;
	struct ns_error err;

	/* uid 1 inside: its creator has every capability in the namespace, none after execve()
	 * unless they are ambient. */
	ns_unshare_init(&u);
	u.flags = CLONE_NEWUSER;
	u.keep_caps = keep_caps;
	CHILD_CHECK(ns_idmap_add(&u.uid_map, 1, (uint32_t)geteuid(), 1, &err) == 0);
	CHILD_CHECK(ambient(CAP_SYS_ADMIN) == 0);
	CHILD_CHECK(ns_unshare(&u, NULL, &err) == 0);
	CHILD_CHECK(getuid() == 1);
	CHILD_CHECK(ambient(CAP_SYS_ADMIN) == (keep_caps ? 1 : 0));
	CHILD_CHECK(exec_has_caps() == (keep_caps ? 0 : 1));
}

static int in_child(bool keep_caps)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		keep(keep_caps);
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

START_TEST(keep_in_user_namespace)
{
	ck_assert_int_eq(in_child(true), 0);
	ck_assert_int_eq(in_child(false), 0);
}
END_TEST

/* capget/capset for the permitted set, as the kernel keeps it. */
static int caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capget, &hdr, data);
}

static int caps_set(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capset, &hdr, data);
}

/*
 * Only what is permitted becomes ambient: with CAP_SYS_ADMIN dropped from the permitted set,
 * CAP_SYS_CHROOT is raised and CAP_SYS_ADMIN is not. With ambient raising locked out
 * (SECBIT_NO_CAP_AMBIENT_RAISE), the CAPS step fails with the kernel's EPERM.
 */
static void partial(void)
{
	struct __user_cap_data_struct data[2];
	struct ns_error err;

	CHILD_CHECK(caps_get(data) == 0);
	data[0].permitted &= ~(1U << CAP_SYS_ADMIN);
	data[0].effective &= ~(1U << CAP_SYS_ADMIN);
	CHILD_CHECK(caps_set(data) == 0);
	CHILD_CHECK(ns_caps_keep(&err) == 0);
	CHILD_CHECK(ambient(CAP_SYS_CHROOT) == 1);
	CHILD_CHECK(ambient(CAP_SYS_ADMIN) == 0);

	CHILD_CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == 0);
	CHILD_CHECK(prctl(PR_SET_SECUREBITS, 1 << 6 /* SECBIT_NO_CAP_AMBIENT_RAISE */, 0, 0, 0) ==
		    0);
	CHILD_CHECK(ns_caps_keep(&err) == -EPERM);
	CHILD_CHECK(err.code == EPERM && err.step == NS_STEP_CAPS);
	CHILD_CHECK(ambient(CAP_SYS_CHROOT) == 0);
}

START_TEST(only_the_permitted)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		partial();
		unit_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("caps");
	TCase *tc = tcase_create("kernel");

	if (geteuid() != 0) {
		puts("SKIP: check_caps needs root (a user namespace with a map)");
		return 77;
	}
	tcase_add_test(tc, keep_in_user_namespace);
	tcase_add_test(tc, only_the_permitted);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
