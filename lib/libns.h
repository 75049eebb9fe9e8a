/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libns: the Linux primitives behind containers, one system call at a time.
 *
 * Rules (DESIGN.md): the library never prints and never exits. A function returns 0 (or a
 * non-negative value) on success and a negative errno on failure, and then fills the caller's
 * struct ns_error with the message the tool shows ("cannot open /proc/42/ns/net"); the tool
 * adds its name and strerror(err->code). Every step that changes the process is announced
 * first through the trace callback (ns_set_trace). Every descriptor the library opens is
 * O_CLOEXEC.
 */
#ifndef LIBNS_H
#define LIBNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors (error.c) ------------------------------------------------------------------- */

#define NS_ERROR_MAX 512

struct ns_error {
	int code; /* positive errno of the failing call; 0 when there is none */
	char msg[NS_ERROR_MAX]; /* what failed, without the program name or strerror */
};

/* "msg: strerror(code)", or "msg" when code is 0, into buf. Returns buf. */
const char *ns_error_format(const struct ns_error *err, char *buf, size_t size);

/* ---- the explain channel (trace.c) ------------------------------------------------------ */

/*
 * call: the step as a person would write it ("unshare(CLONE_NEWPID)");
 * why:  one short line on what it does and why it is taken here.
 */
typedef void (*ns_trace_fn)(const char *call, const char *why, void *data);

/* Sets (or, with NULL, clears) the callback that hears every step before it is taken. */
void ns_set_trace(ns_trace_fn fn, void *data);

/* ---- the table of namespace types (nstype.c) -------------------------------------------- */

enum ns_type {
	NS_CGROUP,
	NS_IPC,
	NS_MNT,
	NS_NET,
	NS_PID,
	NS_TIME,
	NS_USER,
	NS_UTS,
	NS_NTYPES
};

struct ns_type_info {
	enum ns_type type;
	const char *name; /* the kernel's name and /proc/<pid>/ns entry: "mnt" */
	const char *option; /* long option of unshare(1)/nsenter(1): "mount" */
	char letter; /* short option: 'm' */
	int flag; /* CLONE_NEWNS */
	const char *clone_name; /* "CLONE_NEWNS" */
	const char *children; /* "pid_for_children" / "time_for_children", or NULL */
	const char *what; /* one line: what a new namespace of this type isolates */
};

/* The eight types, in the order of enum ns_type (alphabetical, as /proc/<pid>/ns lists). */
const struct ns_type_info *ns_type_info(enum ns_type type);

/* A type by its kernel name ("mnt") or option name ("mount"); NULL when unknown. */
const struct ns_type_info *ns_type_lookup(const char *name);

/* A type by its CLONE_NEW* flag; NULL when the flag is not exactly one type. */
const struct ns_type_info *ns_type_by_flag(int flag);

/* "CLONE_NEWNS|CLONE_NEWPID" for a mask of CLONE_NEW* flags, into buf. Returns buf. */
const char *ns_flags_name(int flags, char *buf, size_t size);

/*
 * The ten entries of /proc/<pid>/ns: the eight types and pid_for_children,
 * time_for_children, in the order ls(1) lists them.
 */
#define NS_NENTRIES 10

struct ns_entry_info {
	const char *name; /* "pid_for_children" */
	enum ns_type type; /* NS_PID */
	bool for_children;
};

/* Entry i (0 <= i < NS_NENTRIES), or NULL. */
const struct ns_entry_info *ns_entry_info(size_t i);

/* The index of an entry by name ("uts", "pid_for_children"), or -1. */
int ns_entry_lookup(const char *name);

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

/* The exit status for a failed exec: 127 when the program was not found, else 126. */
int ns_exec_failure_status(int errnum);

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
 * chdir(dir), then getcwd() must succeed and not be "(unreachable)": a working directory
 * outside the root is refused (runc CVE-2024-21626).
 */
int ns_chdir(const char *dir, struct ns_error *err);

/* fchdir(fd) with the same check. */
int ns_fchdir(int fd, const char *name, struct ns_error *err);

/* ---- credentials (cred.c) --------------------------------------------------------------- */

/* setgroups(n, groups), setgid(gid), setuid(uid): each announced, each optional. */
int ns_setgroups(size_t n, const gid_t *groups, struct ns_error *err);
int ns_setgid(gid_t gid, struct ns_error *err);
int ns_setuid(uid_t uid, struct ns_error *err);

/*
 * Sections below belong to the modules that implement them; each keeps to its own.
 *   nsinfo.c / mounttab.c  - reading /proc/<pid>/ns, scanning, grouping, nsfs bind mounts
 *   unshare.c / idmap.c / mount.c - new namespaces, id maps, /proc, propagation, ns files
 *   enter.c               - joining another process's namespaces
 */

/* ---- nsinfo.c, mounttab.c --------------------------------------------------------------- */

/* ---- unshare.c, idmap.c, mount.c -------------------------------------------------------- */

/* ---- enter.c ---------------------------------------------------------------------------- */

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_H */
