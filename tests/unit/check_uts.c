// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_hostname_set and ns_domainname_set on the real kernel, in a child with a UTS namespace of
 * its own: the names change there and not here; a name too long, or a caller without the
 * capability, is refused with the step and errno.
 */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define EXPECT(c)                        \
	do {                             \
		if (!(c))                \
			return __LINE__; \
	} while (0)

static char steps[1024];

static void record(const char *call, const char *why, void *data)
{
	(void)why;
	(void)data;
	strncat(steps, call, sizeof(steps) - strlen(steps) - 2);
	strcat(steps, ";");
}

static int names_child(void)
{
	char long_name[80], domain[128];
	struct ns_error err;
	struct utsname u;

	EXPECT(unshare(CLONE_NEWUTS) == 0);
	steps[0] = '\0';
	ns_trace_set(record, NULL);
	EXPECT(ns_hostname_set("libns-check", &err) == 0);
	if (ns_domainname_set("libns.test", &err) == -ENOSYS)
		return 77; /* valgrind does not know setdomainname(2) */
	ns_trace_set(NULL, NULL);
	EXPECT(strcmp(steps, "sethostname(\"libns-check\", 11);"
			     "setdomainname(\"libns.test\", 10);") == 0);
	EXPECT(uname(&u) == 0 && strcmp(u.nodename, "libns-check") == 0);
	EXPECT(strcmp(u.domainname, "libns.test") == 0);
	EXPECT(getdomainname(domain, sizeof(domain)) == 0 && strcmp(domain, "libns.test") == 0);

	/* 65 bytes: one more than the kernel holds (__NEW_UTS_LEN). */
	memset(long_name, 'x', 65);
	long_name[65] = '\0';
	EXPECT(ns_hostname_set(long_name, &err) == -EINVAL);
	EXPECT(err.code == EINVAL && err.step == NS_STEP_HOSTNAME);
	EXPECT(strstr(err.msg, "hostname") != NULL);
	EXPECT(ns_domainname_set(long_name, &err) == -EINVAL && err.step == NS_STEP_HOSTNAME);
	EXPECT(uname(&u) == 0 && strcmp(u.nodename, "libns-check") == 0);

	/* Without CAP_SYS_ADMIN, even in its own UTS namespace. */
	EXPECT(setuid(65534) == 0);
	EXPECT(ns_hostname_set("other", &err) == -EPERM && err.step == NS_STEP_HOSTNAME);
	EXPECT(ns_domainname_set("other", NULL) == -EPERM);
	EXPECT(uname(&u) == 0 && strcmp(u.nodename, "libns-check") == 0);
	return 0;
}

START_TEST(names_in_own_namespace)
{
	struct utsname before, after;
	int status;
	pid_t pid;

	ck_assert_int_eq(uname(&before), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(names_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_msg(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 77,
		      "the child failed at line %d", WEXITSTATUS(status));
	ck_assert_int_eq(uname(&after), 0);
	ck_assert_str_eq(after.nodename, before.nodename);
	ck_assert_str_eq(after.domainname, before.domainname);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uts");
	TCase *tc = tcase_create("names");

	if (geteuid() != 0) {
		printf("SKIP: check_uts needs root (a UTS namespace of its own)\n");
		return 77;
	}
	tcase_add_test(tc, names_in_own_namespace);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
