/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The helper process of ns_unshare() (unshare_helper.c); internal to the library. */
#ifndef LIBNS_UNSHARE_HELPER_H
#define LIBNS_UNSHARE_HELPER_H

#include "internal.h"

/*
 * The helper waits until the caller says "go" through a pipe, and reports a failure back as a
 * struct ns_error through another; both pipes are close-on-exec, never on 0-2, and closed in
 * every other process.
 */
struct nsi_helper {
	pid_t pid;
	int go; /* write end: one byte means "unshare() is done, do your job" */
	int result; /* read end: a struct ns_error on failure, EOF when done */
};

typedef int (*nsi_helper_job)(const struct ns_unshare *u, pid_t target, struct ns_error *err);

/* Forks the helper (announced with why); it runs job once told to go. */
int nsi_helper_start(struct nsi_helper *h, nsi_helper_job job, const struct ns_unshare *u,
		     const char *why, struct ns_error *err);

/* Tells the helper to go and waits for its end; its failure becomes ours. */
int nsi_helper_finish(struct nsi_helper *h, struct ns_error *err);

/* The helper is not needed after all: EOF on its pipe makes it exit. */
void nsi_helper_cancel(struct nsi_helper *h);

/* Closes this side's pipes (in a child that must not hold them). */
void nsi_helper_close(struct nsi_helper *h);

#endif /* LIBNS_UNSHARE_HELPER_H */
