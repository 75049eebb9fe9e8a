// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_idmap_newidmap (lib/idmap.c) on the real kernel: the setuid helpers newuidmap and
 * newgidmap (uidmap) write a target's maps from the ranges /etc/subuid and /etc/subgid grant.
 * In a child with a mount namespace of its own, a file granting root 200000-265535 is bound
 * over both, so the host's files are never touched. A map written once cannot be written
 * again (the helper fails: EINVAL at the IDMAP step); without the helper on PATH, ENOENT names
 * the package. Needs root (77 otherwise).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define EXPECT(c)                        \
	do {                             \
		if (!(c))                \
			return __LINE__; \
	} while (0)

static char steps[2048];

static void record(const char *call, const char *why, void *data)
{
	(void)why;
	(void)data;
	strncat(steps, call, sizeof(steps) - strlen(steps) - 2);
	strcat(steps, ";");
}

static bool file_is(const char *path, const char *want)
{
	char buf[256] = "", norm[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC), n, j = 0;

	if (fd < 0)
		return false;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	/* "         0     200000        100\n": the numbers, one space apart */
	for (int i = 0; i < n && j < (int)sizeof(norm) - 1; i++) {
		if (buf[i] == ' ' && (j == 0 || norm[j - 1] == ' ' || norm[j - 1] == ';'))
			continue;
		norm[j++] = buf[i] == '\n' ? ';' : buf[i];
	}
	norm[j] = '\0';
	return !strcmp(norm, want);
}

/* Binds a file granting root 200000:65536 over /etc/subuid and /etc/subgid. */
static int grant_root(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, "root:200000:65536\n", 18) != 18 || close(fd) < 0)
		return -1;
	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	if (mount(file, "/etc/subuid", "none", MS_BIND, NULL) < 0)
		return -1;
	return mount(file, "/etc/subgid", "none", MS_BIND, NULL);
}

/* A process in a new user namespace, waiting until its pipe closes. */
static pid_t start_target(int *hold)
{
	int ready[2], go[2];
	char byte;
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (unshare(CLONE_NEWUSER) < 0)
			unit_exit(1);
		if (write(ready[1], "x", 1) != 1)
			unit_exit(2);
		if (read(go[0], &byte, 1) < 0)
			unit_exit(3);
		unit_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (pid < 0 || read(ready[0], &byte, 1) != 1) {
		close(ready[0]);
		close(go[1]);
		return -1;
	}
	close(ready[0]);
	*hold = go[1];
	return pid;
}

static int newidmap_child(const char *file)
{
	struct ns_idmap map = { 0 };
	struct ns_error err;
	char path[64], want[256];
	int hold, status, rc = 0;
	pid_t t;

	EXPECT(grant_root(file) == 0);
	EXPECT(ns_idmap_add(&map, 0, 200000, 100, &err) == 0);
	EXPECT(ns_idmap_add(&map, 100, 200200, 5, &err) == 0);
	t = start_target(&hold);
	EXPECT(t > 0);

	steps[0] = '\0';
	ns_trace_set(record, NULL);
	if (ns_idmap_newidmap(t, false, &map, &err) != 0)
		rc = __LINE__;
	ns_trace_set(NULL, NULL);
	snprintf(want, sizeof(want), "newuidmap %d 0 200000 100 100 200200 5;", (int)t);
	if (!rc && strcmp(steps, want))
		rc = __LINE__;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)t);
	if (!rc && !file_is(path, "0 200000 100;100 200200 5;"))
		rc = __LINE__;
	if (!rc && ns_idmap_newidmap(t, true, &map, &err) != 0)
		rc = __LINE__;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)t);
	if (!rc && !file_is(path, "0 200000 100;100 200200 5;"))
		rc = __LINE__;
	/* Written once: the helper cannot write it again, and says so by its exit status. */
	if (!rc && (ns_idmap_newidmap(t, false, &map, &err) != -EINVAL ||
		    err.step != NS_STEP_IDMAP || strcmp(err.msg, "newuidmap failed")))
		rc = __LINE__;
	/* No helper to be found. */
	if (!rc && setenv("PATH", "/nonexistent", 1) == 0 &&
	    (ns_idmap_newidmap(t, true, &map, &err) != -ENOENT || err.code != ENOENT ||
	     strcmp(err.msg, "failed to execute newgidmap (it is in the uidmap package)")))
		rc = __LINE__;
	close(hold);
	if (waitpid(t, &status, 0) != t || !WIFEXITED(status) || WEXITSTATUS(status))
		rc = rc ? rc : __LINE__;
	return rc;
}

START_TEST(helpers_write_the_maps)
{
	char file[] = "/tmp/check_newidmap.XXXXXX";
	int fd = mkstemp(file), status;
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	close(fd);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		unit_exit(newidmap_child(file));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	unlink(file);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed at line %d",
		      WEXITSTATUS(status));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("newidmap");
	TCase *tc = tcase_create("newidmap");

	if (geteuid() != 0 || access("/usr/bin/newuidmap", X_OK) < 0) {
		printf("SKIP: check_newidmap needs root and newuidmap (uidmap)\n");
		return 77;
	}
	tcase_add_test(tc, helpers_write_the_maps);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
