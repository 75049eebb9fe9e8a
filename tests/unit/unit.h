/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the Check suites share: running a suite and turning its result into an exit status. */
#ifndef LIBNS_UNIT_H
#define LIBNS_UNIT_H

#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef LIBNS_COVERAGE
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
