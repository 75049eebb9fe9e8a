/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libns: exec, child status and descriptors; root and working directory; credentials. Include <libns.h>, which includes every part. */
#ifndef LIBNS_PART_PROCESS_H
#define LIBNS_PART_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- exec, child status, descriptor hygiene (exec.c) ------------------------------------ */

/*
 * Call first thing in main(): remembers which descriptors above stderr the caller passed, so
 * that ns_fd_sweep() leaves exactly those open for the program a tool executes.
 */
int ns_fd_baseline(struct ns_error *err);

/*
 * The second line of defence before exec: marks close-on-exec every descriptor above 2 that
 * was not passed by the caller (see ns_fd_baseline). Needs no /proc, so it works after chroot.
 */
int ns_fd_sweep(struct ns_error *err);

/*
 * execvp(argv[0], argv) after the sweep, announced as a step. Returns only on failure: a
 * negative errno, err->msg = "failed to execute <argv[0]>".
 */
int ns_exec(char *const argv[], struct ns_error *err);

/*
 * Exec the user's shell: $SHELL, else /bin/sh. With login, argv[0] is "-<basename>", as
 * util-linux does; extra (may be NULL) is one more argument ("-i" for chroot(8)).
 */
int ns_exec_shell(bool login, const char *extra, struct ns_error *err);

/*
 * The exit status for a failed exec, from what ns_exec() or ns_exec_shell() returned (a
 * negative errno): 127 when the program was not found (-ENOENT), else 126.
 */
int ns_exec_failure_status(int rc);

/* waitpid(pid) until it has ended, retrying EINTR; *wstatus as waitpid(2) gives it. */
int ns_wait(pid_t pid, int *wstatus, struct ns_error *err);

/*
 * Pass a child's end to this process's caller: a child killed by a signal has that signal
 * re-raised here (default action, unblocked), so the caller sees the same death; this
 * returns only when the status is an exit, with its code (or 128 + signal if the signal
 * could not kill this process).
 */
int ns_pass_status(int wstatus);

/* ---- root and working directory (root.c) ------------------------------------------------ */

/* chroot(dir), announced. */
int ns_chroot(const char *dir, struct ns_error *err);

/*
 * chdir(dir), then the working directory must be inside the root (ns_cwd_check): one outside
 * is refused (runc CVE-2024-21626). Errors: NS_STEP_CHDIR (the chdir itself), NS_STEP_CHROOT
 * ("working directory DIR is outside the root").
 */
int ns_chdir(const char *dir, struct ns_error *err);

/* fchdir(fd) with the same check. */
int ns_fchdir(int fd, const char *name, struct ns_error *err);

/*
 * The check alone, for a working directory set some other way (name is for the message):
 * getcwd(2), and where the path is longer than it allows, a walk up through ".." to the root.
 * Fails with NS_STEP_CHROOT, ENOENT when outside (or the errno of the walk: refused then too).
 */
int ns_cwd_check(const char *name, struct ns_error *err);

/*
 * Whether dir names the current root itself ("/", "/.", "/tmp/..", a symbolic link to "/"),
 * by its canonical path, as chroot(8) decides that --skip-chdir is allowed.
 */
bool ns_root_is_current(const char *dir);

/* ---- credentials (cred.c) --------------------------------------------------------------- */

/* An ID that was not given: the process keeps its own. */
#define NS_UID_UNSET ((uid_t)-1)
#define NS_GID_UNSET ((gid_t)-1)

/*
 * A user or group ID as chroot(8) and chown(1) read one: optional blanks and '+', decimal
 * digits, nothing after, at most max. Returns 0, -EINVAL (no number) or -ERANGE.
 */
int ns_id_parse_number(const char *s, unsigned long max, unsigned long *out);

/*
 * USER[:GROUP] looked up in the user and group databases of the current root, as GNU
 * chown(1) and chroot(8) read it. A name is looked up; a number stands for itself when no
 * name matches; a leading '+' skips the lookup ("+0"). "USER:" takes USER's login group,
 * ":GROUP" names the group alone. Without ':', "USER.GROUP" is accepted when the whole is no
 * user name, and *dot (may be NULL) is set: callers warn that '.' should be ':'. *uid and *gid
 * change only on success, and only the ones the spec names. Returns 0, or -EINVAL with
 * err->msg "invalid user", "invalid group" or "invalid spec" (err->code 0).
 */
int ns_userspec_parse(const char *spec, uid_t *uid, gid_t *gid, bool *dot, struct ns_error *err);

/* Hears each bad item of a group list; errnum is the lookup's errno (0: not found). */
typedef void (*ns_bad_group_fn)(const char *item, int errnum, void *data);

/*
 * G1,G2,...: group names or numbers, looked up in the current root (a number that is also a
 * group's name means that group, unless it starts with '+'); empty items are skipped.
 * Returns the number of groups (> 0) and *gids (malloc'ed). On failure returns -EINVAL, with
 * err->msg "invalid group 'G'" for the first bad item (bad, unless NULL, hears every one and
 * parsing goes on to the end; with NULL it stops at the first) or "invalid group list 'L'"
 * when the list has no item at all.
 */
int ns_grouplist_parse(const char *list, gid_t **gids, ns_bad_group_fn bad, void *data,
		       struct ns_error *err);

/*
 * The credentials chroot(8) gives its command from --userspec=USER:GROUP and
 * --groups=G_LIST, resolved in two rounds as GNU chroot does: once in the host's databases
 * before chroot (ns_creds_lookup_host: it loads the NSS modules, and its answers stand in for
 * what the new root does not know), once inside the new root (ns_creds_resolve_user, then
 * ns_creds_resolve_groups), whose answers win. Then ns_creds_apply sets them.
 *   - a user without --groups gets the supplementary groups the new root's /etc/group gives
 *     that user (getgrouplist); with --groups, exactly those; --groups='' clears them;
 *   - a group-only spec (":GROUP") keeps the caller's supplementary groups;
 *   - a user without a group takes the login group of that uid.
 */
struct ns_creds_state; /* private to the library: the spec, the list, the host's answers */

struct ns_creds {
	/* the result, for ns_creds_apply */
	uid_t uid; /* NS_UID_UNSET: unchanged */
	gid_t gid; /* NS_GID_UNSET: unchanged */
	bool set_groups; /* setgroups(ngids, gids); ngids 0 clears them */
	size_t ngids;
	gid_t *gids;
	struct ns_creds_state *state; /* opaque */
};

/*
 * userspec and groups (either may be NULL: not given; groups "" clears the supplementary
 * groups) are copied. Returns 0, or -ENOMEM (NS_STEP_PARSE). ns_creds_free releases it all.
 */
int ns_creds_init(struct ns_creds *c, const char *userspec, const char *groups,
		  struct ns_error *err);
void ns_creds_free(struct ns_creds *c);

/* The first round, before chroot: errors are ignored here, the second round reports them. */
void ns_creds_lookup_host(struct ns_creds *c);

/*
 * The user spec in the current root, then the login group of the uid when no group is given.
 * *dot: the spec used '.' for ':'. Errors: "invalid user", "invalid group", "invalid spec",
 * "no group specified for unknown uid: N".
 */
int ns_creds_resolve_user(struct ns_creds *c, bool *dot, struct ns_error *err);

/*
 * The supplementary groups in the current root (bad: see ns_grouplist_parse; it is only asked
 * when the host's round found nothing to stand in). Errors: those of ns_grouplist_parse,
 * "failed to get supplemental groups".
 */
int ns_creds_resolve_groups(struct ns_creds *c, ns_bad_group_fn bad, void *data,
			    struct ns_error *err);

/*
 * The one credential change every tool makes (chroot --userspec, unshare -S/-G and --owner,
 * nsenter -S/-G): setgroups, setgid, setuid, in that order, each only when given, each
 * announced. An initialised struct (ns_cred_init) changes nothing.
 */
struct ns_cred {
	uid_t uid; /* NS_UID_UNSET: unchanged */
	gid_t gid; /* NS_GID_UNSET: unchanged */
	bool set_groups; /* setgroups(ngroups, groups); ngroups 0 clears them */
	size_t ngroups;
	const gid_t *groups;
	bool groups_may_fail; /* EPERM from setgroups is no error (setgroups "deny") */
};

void ns_cred_init(struct ns_cred *c);
int ns_cred_set(const struct ns_cred *c, struct ns_error *err);

/*
 * ns_cred_set() of the resolved credentials. Errors: NS_STEP_CRED_GROUPS, NS_STEP_CRED_GID or
 * NS_STEP_CRED_UID, as the call that failed.
 */
int ns_creds_apply(const struct ns_creds *c, struct ns_error *err);

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_PART_PROCESS_H */
