// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_root_pivot on the real kernel, each case in a child with a mount namespace of its own:
 * the new root becomes the namespace's only root, the old one is gone (the classic chroot
 * escape finds nothing), the steps are announced in order, and a shared mount is refused
 * before anything changes.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

/* In the child: the line of the first expectation that failed, or 0. */
#define EXPECT(c)                        \
	do {                             \
		if (!(c))                \
			return __LINE__; \
	} while (0)

static char steps[4096];

static void record(const char *call, const char *why, void *data)
{
	(void)why;
	(void)data;
	if (!strncmp(call, "dlopen(", 7))
		return; /* libmount, loaded once for the propagation check: not a step */
	strncat(steps, call, sizeof(steps) - strlen(steps) - 2);
	strcat(steps, ";");
}

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	return fd < 0 ? -1 : close(fd);
}

/* Lines of /proc/self/mountinfo, and whether every mount point is "/" or below /proc. */
static int mounts(bool *only_new)
{
	char line[4096], point[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int n = 0;

	*only_new = true;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d %*d %*s %*s %4095s", point) != 1)
			continue;
		if (unit_counter_mount(point))
			continue; /* a coverage build's, not the test's */
		n++;
		if (strcmp(point, "/") && strncmp(point, "/proc", 5))
			*only_new = false;
	}
	fclose(f);
	return n;
}

/* chroot into a subdirectory, then ".." until the real root, then chroot("."). */
static void chroot_escape(void)
{
	if (mkdir("/escape", 0700) < 0 || chroot("/escape") < 0)
		return;
	for (int i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return;
	if (chroot(".") < 0)
		return;
}

static int run_in_child(int (*fn)(const char *dir), const char *dir)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
			unit_exit(255);
		unit_exit(fn(dir));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define IN_CHILD(fn)                                                                    \
	do {                                                                            \
		char dir[] = "/tmp/check_pivot.XXXXXX", host[64];                       \
		int line;                                                               \
		if (geteuid() != 0)                                                     \
			return; /* a mount namespace needs root */                      \
		ck_assert_ptr_nonnull(mkdtemp(dir));                                    \
		line = run_in_child(fn, dir);                                           \
		snprintf(host, sizeof(host), "%s.host", dir);                           \
		unlink(host);                                                           \
		rmdir(dir);                                                             \
		ck_assert_msg(line == 0, "%s: the child failed at line %d", #fn, line); \
	} while (0)

/* A tmpfs as the new root: already a mount point, so no bind. */
static int pivot_tmpfs(const char *dir)
{
	char path[1024], host[256];
	struct ns_error err;
	bool only_new;
	int before;

	snprintf(host, sizeof(host), "%s.host", dir);
	EXPECT(touch(host) == 0);
	EXPECT(mount("tmpfs", dir, "tmpfs", 0, NULL) == 0);
	snprintf(path, sizeof(path), "%s/inside", dir);
	EXPECT(touch(path) == 0);
	snprintf(path, sizeof(path), "%s/proc", dir);
	EXPECT(mkdir(path, 0555) == 0);
	EXPECT(unit_keep_counters(dir) == 0);
	before = mounts(&only_new);
	EXPECT(before > 2 && !only_new);

	steps[0] = '\0';
	ns_trace_set(record, NULL);
	EXPECT(ns_root_pivot(dir, &err) == 0);
	ns_trace_set(NULL, NULL);
	snprintf(path, sizeof(path),
		 "chdir(\"%s\");pivot_root(\".\", \".\");umount2(\".\", MNT_DETACH);chdir(\"/\");",
		 dir);
	EXPECT(strcmp(steps, path) == 0);

	EXPECT(getcwd(path, sizeof(path)) && strcmp(path, "/") == 0);
	EXPECT(access("/inside", F_OK) == 0);
	EXPECT(access(host, F_OK) < 0 && errno == ENOENT);
	EXPECT(access("/etc", F_OK) < 0 && errno == ENOENT);
	EXPECT(ns_proc_mount("/proc", &err) == 0);
	EXPECT(mounts(&only_new) == 2 && only_new); /* the new root and its /proc */

	/* The escape that works against chroot(2) finds nothing to escape to. */
	chroot_escape();
	EXPECT(access("/inside", F_OK) == 0);
	EXPECT(access(host, F_OK) < 0);
	return 0; /* the parent removes the host's file */
}

START_TEST(tmpfs_root)
{
	IN_CHILD(pivot_tmpfs);
}
END_TEST

/* A plain directory as the new root: bound on itself first, and that is announced. */
static int pivot_directory(const char *dir)
{
	char path[256], want[1024];
	struct ns_error err;
	bool only_new;

	EXPECT(mount("tmpfs", dir, "tmpfs", 0, NULL) == 0);
	snprintf(path, sizeof(path), "%s/rootfs", dir);
	EXPECT(mkdir(path, 0755) == 0);
	snprintf(want, sizeof(want), "%s/rootfs/proc", dir);
	EXPECT(mkdir(want, 0555) == 0);
	EXPECT(unit_keep_counters(path) == 0);

	steps[0] = '\0';
	ns_trace_set(record, NULL);
	EXPECT(ns_root_pivot(path, &err) == 0);
	ns_trace_set(NULL, NULL);
	snprintf(want, sizeof(want),
		 "mount(\"%s\", \"%s\", \"none\", MS_BIND|MS_REC);chdir(\"%s\");", path, path,
		 path);
	EXPECT(strncmp(steps, want, strlen(want)) == 0);
	EXPECT(access("/proc", F_OK) == 0 && access("/rootfs", F_OK) < 0);
	EXPECT(ns_proc_mount("/proc", &err) == 0);
	EXPECT(mounts(&only_new) == 2 && only_new);
	return 0;
}

START_TEST(directory_root)
{
	IN_CHILD(pivot_directory);
}
END_TEST

/* Under a shared mount the bind would reach the peers: refused, nothing changed. */
static int pivot_shared(const char *dir)
{
	char path[4096];
	struct ns_error err;
	bool only_new;
	int before;

	EXPECT(mount("tmpfs", dir, "tmpfs", 0, NULL) == 0);
	EXPECT(mount("none", dir, "none", MS_SHARED, NULL) == 0);
	snprintf(path, sizeof(path), "%s/rootfs", dir);
	EXPECT(mkdir(path, 0755) == 0);
	before = mounts(&only_new);
	EXPECT(ns_root_pivot(path, &err) == -EINVAL);
	EXPECT(err.code == EINVAL && err.step == NS_STEP_PIVOT_ROOT);
	EXPECT(strstr(err.msg, "shared") != NULL);
	EXPECT(mounts(&only_new) == before && !only_new);
	EXPECT(access("/etc", F_OK) == 0);
	return 0;
}

START_TEST(shared_refused)
{
	IN_CHILD(pivot_shared);
}
END_TEST

static int pivot_bad(const char *dir)
{
	char path[4096];
	struct ns_error err;

	EXPECT(ns_root_pivot("", &err) == -EINVAL && err.step == NS_STEP_PIVOT_ROOT);
	EXPECT(ns_root_pivot(NULL, NULL) == -EINVAL);
	snprintf(path, sizeof(path), "%s/nonexistent", dir);
	EXPECT(ns_root_pivot(path, &err) == -ENOENT);
	EXPECT(err.code == ENOENT && err.step == NS_STEP_PIVOT_ROOT);
	EXPECT(strstr(err.msg, path) != NULL);
	EXPECT(access("/etc", F_OK) == 0);
	return 0;
}

/*
 * pivot_root(2) refuses what chdir and the bind accept: the current root itself (EBUSY, as
 * the kernel says); a file, bound on itself first, then refused by chdir (ENOTDIR) and the
 * bind undone. Nothing stays mounted, the root is unchanged.
 */
static int pivot_refused(const char *dir)
{
	char file[256];
	struct ns_error err;
	bool only_new;
	int before, rc;

	EXPECT(mount("tmpfs", dir, "tmpfs", 0, NULL) == 0);
	before = mounts(&only_new);
	rc = ns_root_pivot("/", &err);
	EXPECT(rc < 0 && rc == -err.code && err.step == NS_STEP_PIVOT_ROOT);
	EXPECT(strstr(err.msg, "pivot_root into / failed") != NULL);
	EXPECT(mounts(&only_new) == before && access("/etc", F_OK) == 0);

	snprintf(file, sizeof(file), "%s/file", dir);
	EXPECT(touch(file) == 0);
	EXPECT(ns_root_pivot(file, &err) == -ENOTDIR);
	EXPECT(err.code == ENOTDIR && err.step == NS_STEP_PIVOT_ROOT);
	EXPECT(strstr(err.msg, file) != NULL);
	EXPECT(mounts(&only_new) == before && access("/etc", F_OK) == 0);
	return 0;
}

START_TEST(refused_by_the_kernel)
{
	IN_CHILD(pivot_refused);
}
END_TEST

START_TEST(bad_root)
{
	IN_CHILD(pivot_bad);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pivot");
	TCase *tc = tcase_create("pivot_root");

	if (geteuid() != 0) {
		printf("SKIP: check_pivot needs root (a mount namespace of its own)\n");
		return 77;
	}
	tcase_add_test(tc, tmpfs_root);
	tcase_add_test(tc, directory_root);
	tcase_add_test(tc, shared_refused);
	tcase_add_test(tc, bad_root);
	tcase_add_test(tc, refused_by_the_kernel);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
