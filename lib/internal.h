/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared between the library's files. Nothing here is exported (libns.sym exports
 * ns_* only); the unit tests reach these through the object library.
 */
#ifndef LIBNS_INTERNAL_H
#define LIBNS_INTERNAL_H

#include "libns.h"

#define NSI_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Fills err (which may be NULL) with code (a positive errno, or 0) and the formatted message,
 * and returns -code, or -EINVAL when code is 0, so that callers can write
 * `return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);`.
 */
int nsi_error(struct ns_error *err, enum ns_step step, int code, const char *fmt, ...)
	NSI_PRINTF(4, 5);

/* Announces a step before it is taken: why is a plain string, the call is formatted. */
void nsi_trace(const char *why, const char *fmt, ...) NSI_PRINTF(2, 3);

/* Whether anyone listens: lets a caller skip building an expensive description. */
bool nsi_tracing(void);

/*
 * Writes text to path in one write(2), as the kernel's control files want it: a failed open
 * gives "cannot open <path>"; a failed or short write gives the message fmt formats.
 */
int nsi_write_file(const char *path, const char *text, size_t len, struct ns_error *err,
		   enum ns_step step, const char *fmt, ...) NSI_PRINTF(6, 7);

/*
 * fork(), announced as "fork() = 2387 (PID 1 in <where>)": the child's PID here and in its
 * own PID namespace, which is the tutorial's point. Only while someone listens, the child
 * tells its PID through a socketpair and waits until the parent has announced it, so that
 * the child's steps come after that line; otherwise this is fork() alone. Returns as fork().
 */
pid_t nsi_fork(const char *why, const char *where);

/*
 * In a coverage build (-DLIBNS_COVERAGE=ON), writes the gcov counters out before an exec or an
 * _exit, which would lose them; otherwise nothing.
 */
#ifdef LIBNS_COVERAGE
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void __gcov_dump(void);

/* Only where the build tree is reachable: in another root libgcov would create it there. */
static inline void nsi_coverage_flush(void)
{
	int e = errno;

	if (access(LIBNS_COV_DIR, W_OK) == 0)
		__gcov_dump();
	errno = e;
}

/*
 * Before a change of root to newroot: where the build tree (the .gcda files' directory) is not
 * at its path inside newroot, the counters are written now, and true returned. libgcov writes
 * once per process, so nothing is written later into newroot (it would create the tree's
 * directories and files there, which a test of newroot's contents sees). Where the change then
 * fails, nsi_coverage_resume(true) counts on from zero (written again at exit, added).
 */
static inline bool nsi_coverage_root(const char *newroot)
{
	struct stat tree, inside;
	char path[4096];

	/* The tree itself (bound there), not directories of the same names made inside. */
	snprintf(path, sizeof(path), "%s%s", newroot, LIBNS_COV_DIR);
	if (stat(LIBNS_COV_DIR, &tree) == 0 && stat(path, &inside) == 0 &&
	    tree.st_dev == inside.st_dev && tree.st_ino == inside.st_ino)
		return false;
	__gcov_dump();
	return true;
}

void __gcov_reset(void);
#define nsi_coverage_resume(dumped) ((dumped) ? __gcov_reset() : (void)0)
#else
#define nsi_coverage_flush() ((void)0)
#define nsi_coverage_root(newroot) ((void)(newroot), false)
#define nsi_coverage_resume(dumped) ((void)(dumped))
#endif

/* _exit(status) of a helper process, its coverage counters written first. */
#define nsi_exit(status) (nsi_coverage_flush(), _exit(status))

#endif /* LIBNS_INTERNAL_H */
