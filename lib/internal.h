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
void __gcov_dump(void);
#define nsi_coverage_flush() __gcov_dump()
#else
#define nsi_coverage_flush() ((void)0)
#endif

/* _exit(status) of a helper process, its coverage counters written first. */
#define nsi_exit(status) (nsi_coverage_flush(), _exit(status))

#endif /* LIBNS_INTERNAL_H */
