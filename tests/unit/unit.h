/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the Check suites share: running a suite and turning its result into an exit status. */
#ifndef LIBNS_UNIT_H
#define LIBNS_UNIT_H

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef LIBNS_COVERAGE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

void __gcov_dump(void);
#endif

/*
 * LeakSanitizer (a sanitizer build) reads /proc/<pid>/task at exit: a test's child in a new
 * root without /proc skips that check instead of failing (one definition per test program).
 */
int __lsan_is_turned_off(void);
__attribute__((weak)) int __lsan_is_turned_off(void) /* tools/cli.c's, where it is linked */
{
	return access("/proc/self/task", R_OK) != 0;
}

/* _exit of a test's own child; in a coverage build its counters are written first. */
static inline void unit_exit(int status)
{
#ifdef LIBNS_COVERAGE
	__gcov_dump();
#endif
	_exit(status);
}

/*
 * Before a test's child changes its root to newroot: in a coverage build, binds the build tree
 * (where the .gcda files are) at its own path inside newroot, in a private mount namespace of
 * the child's own (made here), so that the child's counters are written after the change too
 * (the library writes them before a change into a root without it: lib/internal.h
 * nsi_coverage_root). Where newroot is not a scratch mount the test removes anyway, the
 * directories made here are removed by unit_drop_counters(newroot) once the child has ended.
 * Returns 0 or -1; elsewhere does nothing.
 */
static inline int unit_keep_counters(const char *newroot)
{
#ifdef LIBNS_COVERAGE
	char path[4096];
	size_t n;

	n = (size_t)snprintf(path, sizeof(path), "%s%s", newroot, LIBNS_COV_DIR);
	if (n >= sizeof(path))
		return -1;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	for (char *p = path + strlen(newroot) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -1;
	return mount(LIBNS_COV_DIR, path, NULL, MS_BIND, NULL);
#else
	(void)newroot;
	return 0;
#endif
}

/* Removes the (empty) directories unit_keep_counters made below newroot. */
static inline void unit_drop_counters(const char *newroot)
{
#ifdef LIBNS_COVERAGE
	char path[4096];
	size_t base = strlen(newroot);

	if ((size_t)snprintf(path, sizeof(path), "%s%s", newroot, LIBNS_COV_DIR) >= sizeof(path))
		return;
	while (strlen(path) > base && rmdir(path) == 0)
		*strrchr(path, '/') = '\0';
#else
	(void)newroot;
#endif
}

/* Whether a mount point (as the process sees it) is unit_keep_counters' mount. */
static inline bool unit_counter_mount(const char *point)
{
#ifdef LIBNS_COVERAGE
	return !strcmp(point, LIBNS_COV_DIR);
#else
	(void)point;
	return false;
#endif
}

static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
