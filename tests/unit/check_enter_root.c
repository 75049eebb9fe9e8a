// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns_enter_join's steps after the namespaces (lib/enter_join.c), on the real kernel, each in a
 * child with a mount namespace of its own: -r DIR makes DIR the root, and a working directory
 * outside it becomes its / (no way out); -W resolves inside the new root, a missing one is
 * ENOENT at the open step; -e takes the target's environment, -c its cgroup (v2). Needs root
 * (77 otherwise).
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define EXPECT(c)                        \
	do {                             \
		if (!(c))                \
			return __LINE__; \
	} while (0)

/* The new root: a tmpfs on dir with /marker and /sub, the build tree's counters kept. */
static int make_root(const char *dir)
{
	char path[256];
	int fd;

	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	if (mount("tmpfs", dir, "tmpfs", 0, NULL) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/sub", dir);
	if (mkdir(path, 0755) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/marker", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || close(fd) < 0)
		return -1;
	return unit_keep_counters(dir);
}

static int join(struct ns_enter_opts *o, struct ns_error *err)
{
	struct ns_enter *e = ns_enter_open(o, err);
	int rc;

	if (!e)
		return -err->code;
	rc = ns_enter_join(e, err);
	ns_enter_close(e);
	return rc;
}

static bool cwd_is(const char *want)
{
	char cwd[256];

	return getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, want);
}

/* -t PARENT -r DIR -e, from a working directory outside DIR. */
static int root_env(const char *dir)
{
	struct ns_enter_opts o;
	struct ns_error err;

	EXPECT(make_root(dir) == 0);
	EXPECT(chdir("/tmp") == 0);
	EXPECT(setenv("CHECK_ENTER_ONLY_HERE", "1", 1) == 0);
	ns_enter_opts_init(&o);
	o.target = getppid();
	o.root = true;
	o.root_dir = dir;
	o.env = true;
	EXPECT(join(&o, &err) == 0);
	EXPECT(cwd_is("/")); /* /tmp is outside the new root: its / instead */
	EXPECT(access("/marker", F_OK) == 0 && access("/sub", F_OK) == 0);
	EXPECT(access(dir, F_OK) < 0); /* the host's path is gone */
	EXPECT(getenv("CHECK_ENTER_ONLY_HERE") == NULL); /* the target's environment, not ours */
	EXPECT(getenv("LIBNS_BUILD") != NULL); /* ctest gave it to the target */
	return 0;
}

/* -r DIR -W /sub: the working directory is resolved inside the new root. */
static int root_wdns(const char *dir)
{
	struct ns_enter_opts o;
	struct ns_error err;

	EXPECT(make_root(dir) == 0);
	ns_enter_opts_init(&o);
	o.root = true;
	o.root_dir = dir;
	o.wdns = "/sub";
	EXPECT(join(&o, &err) == 0);
	EXPECT(cwd_is("/sub"));
	EXPECT(access("/marker", F_OK) == 0);
	return 0;
}

/* -r DIR -w DIR/sub: a working directory opened before, under the root: kept. */
static int root_wd_inside(const char *dir)
{
	char sub[256];
	struct ns_enter_opts o;
	struct ns_error err;

	EXPECT(make_root(dir) == 0);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ns_enter_opts_init(&o);
	o.root = true;
	o.root_dir = dir;
	o.wd = true;
	o.wd_dir = sub;
	EXPECT(join(&o, &err) == 0);
	EXPECT(cwd_is("/sub"));
	return 0;
}

/* -r DIR -W /missing: ENOENT at the open step, after the root changed. */
static int root_wdns_missing(const char *dir)
{
	struct ns_enter_opts o;
	struct ns_error err;

	EXPECT(make_root(dir) == 0);
	ns_enter_opts_init(&o);
	o.root = true;
	o.root_dir = dir;
	o.wdns = "/missing";
	EXPECT(join(&o, &err) == -ENOENT);
	EXPECT(err.code == ENOENT && err.step == NS_STEP_OPEN);
	EXPECT(access("/marker", F_OK) == 0);
	return 0;
}

static int write_pid(const char *cgroup, pid_t pid)
{
	char path[256], text[32];
	int fd, n, rc;

	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cgroup.procs", cgroup);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = snprintf(text, sizeof(text), "%d", (int)pid);
	rc = write(fd, text, n) == n ? 0 : -1;
	close(fd);
	return rc;
}

/* Our line "0::PATH" of /proc/self/cgroup is want. */
static bool in_cgroup(const char *want)
{
	char line[512], expect[300];
	bool found = false;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return false;
	snprintf(expect, sizeof(expect), "0::%s\n", want);
	while (fgets(line, sizeof(line), f))
		found |= !strcmp(line, expect);
	fclose(f);
	return found;
}

/*
 * -t T -c: this process moves into T's cgroup (v2). On a machine whose /sys/fs/cgroup is v1,
 * this mount namespace gets the v2 hierarchy there; T is a sleeper in a cgroup of its own.
 */
static int join_target_cgroup(const char *dir)
{
	char cgroup[64], path[128];
	struct ns_enter_opts o;
	struct ns_error err;
	pid_t t;
	int rc, status;

	EXPECT(make_root(dir) == 0); /* only for the private mount namespace */
	EXPECT(mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL) == 0);
	snprintf(cgroup, sizeof(cgroup), "/check_enter_root.%d", (int)getpid());
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s", cgroup);
	EXPECT(mkdir(path, 0755) == 0);
	t = fork();
	if (t == 0) {
		pause();
		unit_exit(0);
	}
	rc = t > 0 && write_pid(cgroup, t) == 0 ? 0 : __LINE__;
	if (!rc) {
		ns_enter_opts_init(&o);
		o.target = t;
		o.join_cgroup = true;
		rc = join(&o, &err) == 0 && in_cgroup(cgroup) ? 0 : __LINE__;
	}
	/* Back to where we were, T gone, its cgroup removed: on the host's hierarchy too. */
	write_pid("", getpid());
	if (t > 0) {
		kill(t, SIGKILL);
		waitpid(t, &status, 0);
	}
	EXPECT(rmdir(path) == 0);
	return rc;
}

static int run_in_child(int (*fn)(const char *dir), const char *dir)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		unit_exit(fn(dir));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define IN_CHILD(fn)                                                                    \
	do {                                                                            \
		char dir[] = "/tmp/check_enter_root.XXXXXX";                            \
		int line;                                                               \
		ck_assert_ptr_nonnull(mkdtemp(dir));                                    \
		line = run_in_child(fn, dir);                                           \
		rmdir(dir);                                                             \
		ck_assert_msg(line == 0, "%s: the child failed at line %d", #fn, line); \
	} while (0)

START_TEST(root_environment)
{
	IN_CHILD(root_env);
}
END_TEST

START_TEST(workdir_in_new_root)
{
	IN_CHILD(root_wdns);
}
END_TEST

START_TEST(workdir_opened_before)
{
	IN_CHILD(root_wd_inside);
}
END_TEST

START_TEST(workdir_missing)
{
	IN_CHILD(root_wdns_missing);
}
END_TEST

START_TEST(cgroup_of_target)
{
	IN_CHILD(join_target_cgroup);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("enter_root");
	TCase *tc = tcase_create("root");

	if (geteuid() != 0) {
		printf("SKIP: check_enter_root needs root (a mount namespace, chroot)\n");
		return 77;
	}
	tcase_add_test(tc, root_environment);
	tcase_add_test(tc, workdir_in_new_root);
	tcase_add_test(tc, workdir_opened_before);
	tcase_add_test(tc, workdir_missing);
	tcase_add_test(tc, cgroup_of_target);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
