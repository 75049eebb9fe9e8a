// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_fd_baseline's other ways (lib/exec.c), each in a child (they change its limits and fill
 * its descriptor table): with more than half of 3..1023 open, the exact list of /proc/self/fd;
 * with a soft RLIMIT_NOFILE below 1024, one poll up to the limit; with room for 0-2 only,
 * nothing to record. In every case the sweep keeps what was passed and marks the rest.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define EXPECT(c)                        \
	do {                             \
		if (!(c))                \
			return __LINE__; \
	} while (0)

static bool cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}

/* 3..700 open (Check's own among them, left as they are), and one more at 1500. */
static int crowded(void)
{
	struct ns_error err;
	int null = open("/dev/null", O_RDONLY), ours;

	EXPECT(null >= 0);
	for (int fd = 3; fd <= 700; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			EXPECT(dup2(null, fd) == fd);
	EXPECT(dup2(null, 1500) == 1500);
	EXPECT(ns_fd_baseline(&err) == 0);
	ours = open("/dev/null", O_RDONLY);
	EXPECT(ours > 700 && !cloexec(ours));
	EXPECT(ns_fd_sweep(&err) == 0);
	EXPECT(cloexec(ours));
	EXPECT(!cloexec(700) && !cloexec(1500) && !cloexec(null));
	return 0;
}

/* A soft limit of 40: the poll covers 3..39; a descriptor passed at 20 stays. */
static int low_limit(void)
{
	struct ns_error err;
	struct rlimit rl;
	int passed = open("/dev/null", O_RDONLY), ours;

	EXPECT(passed >= 0 && dup2(passed, 20) == 20);
	close(passed);
	EXPECT(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	rl.rlim_cur = 40;
	EXPECT(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	EXPECT(ns_fd_baseline(&err) == 0);
	ours = open("/dev/null", O_RDONLY);
	EXPECT(ours >= 0 && ours < 40);
	EXPECT(ns_fd_sweep(&err) == 0);
	EXPECT(cloexec(ours) && !cloexec(20));
	return 0;
}

/* A soft limit of 3: no descriptor above 2 can exist; the baseline records none. */
static int no_room(void)
{
	struct ns_error err;
	struct rlimit rl;

	EXPECT(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	rl.rlim_cur = 3;
	EXPECT(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	EXPECT(ns_fd_baseline(&err) == 0);
	EXPECT(open("/dev/null", O_RDONLY) < 0 && errno == EMFILE);
	EXPECT(ns_fd_sweep(&err) == 0);
	EXPECT(!cloexec(0) && !cloexec(1) && !cloexec(2));
	return 0;
}

static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(fn());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

START_TEST(crowded_table_is_listed)
{
	int line = in_child(crowded);

	ck_assert_msg(line == 0, "failed at line %d", line);
}
END_TEST

START_TEST(low_limit_is_polled)
{
	int line = in_child(low_limit);

	ck_assert_msg(line == 0, "failed at line %d", line);
}
END_TEST

START_TEST(no_room_above_stdio)
{
	int line = in_child(no_room);

	ck_assert_msg(line == 0, "failed at line %d", line);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exec_baseline");
	TCase *tc = tcase_create("baseline");

	/* valgrind keeps descriptors of its own near the limit: the limits cannot be lowered */
	if (!getenv("LD_PRELOAD") || !strstr(getenv("LD_PRELOAD"), "vgpreload")) {
		tcase_add_test(tc, low_limit_is_polled);
		tcase_add_test(tc, no_room_above_stdio);
	}
	tcase_add_test(tc, crowded_table_is_listed);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
