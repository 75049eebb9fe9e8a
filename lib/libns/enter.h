/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libns: joining the namespaces of another process. Include <libns.h>, which includes every part. */
#ifndef LIBNS_PART_ENTER_H
#define LIBNS_PART_ENTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- contain.c -------------------------------------------------------------------------- */

/*
 * Whether the working directory is inside the process's root directory: 1 inside, 0 outside
 * (a way out of a chroot, runc CVE-2024-21626), or a negative errno. Decided by walking up
 * through "..", not by getcwd(), so that a path longer than PATH_MAX is decided too.
 */
int ns_cwd_inside_root(struct ns_error *err);

/* ---- enter.c ---------------------------------------------------------------------------- */

/*
 * Joining the namespaces of another process, the way nsenter(1) does, in four steps:
 * ns_enter_open() opens every file it will need (namespace files, root, working directory,
 * the target's environment, cgroup.procs) before anything changes; ns_enter_join() enters the
 * namespaces, then sets the root, the working directory and the environment;
 * ns_enter_fork() forks when a PID namespace was entered; ns_enter_cred_set() sets the
 * user and group. The caller then runs the program with ns_exec() or ns_exec_shell().
 */
struct ns_enter_opts {
	pid_t target; /* -t: the process whose namespaces are joined; 0 for none */
	uint64_t target_inode; /* -t PID:INODE: the inode of its pidfd (pidfs); 0 for none */
	int pidfd; /* the target by the caller's pidfd (target 0, or its PID), or -1 */
	bool all; /* -a: every namespace of the target but a user namespace equal to ours */
	bool ns[NS_NTYPES]; /* enter this type */
	const char *ns_file[NS_NTYPES]; /* from this file; NULL: the target's /proc/PID/ns/X */
	int net_socket; /* -N: a socket descriptor of the target, for its net namespace; or -1 */
	bool user_parent; /* --user-parent: the parent (or owning) user namespace instead */
	bool root; /* -r: set the root directory ... */
	const char *root_dir; /* ... to this directory, or NULL: the target's root */
	bool wd; /* -w: set the working directory (opened before entering) ... */
	const char *wd_dir; /* ... to this directory, or NULL: the target's */
	const char *wdns; /* -W: the working directory, resolved after entering and chroot */
	bool preserve_credentials; /* do not set uid and gid 0 in an entered user namespace */
	bool set_uid, uid_follow; /* -S UID, -S follow (the target's uid) */
	uid_t uid;
	bool set_gid, gid_follow; /* -G GID, -G follow */
	gid_t gid;
	bool keep_caps; /* --keep-caps: permitted capabilities become ambient (user namespace) */
	bool env; /* -e: the target's environment replaces ours */
	bool join_cgroup; /* -c: join the target's cgroup (cgroup v2 only) */
	bool no_fork; /* -F: do not fork even when a PID namespace is entered */
};

/* The defaults: nothing to enter, no target, net_socket -1, pidfd -1. */
void ns_enter_opts_init(struct ns_enter_opts *o);

/* The state between the steps, opaque: made by ns_enter_open(), freed by ns_enter_close(). */
struct ns_enter;

/*
 * Opens, in this order: the target's pidfd (the caller's, duplicated; or pidfd_open(target),
 * for PID:INODE checked), through which every namespace asked of the target itself is
 * entered (Linux 5.8) and held by a descriptor of its own (Linux 6.11; else its
 * /proc/PID/ns files), the namespace files given, the root and working directory,
 * /proc/PID/environ, /proc/PID (for "follow"), cgroup.procs. Nothing in the process changes.
 * A target that has exited after this is still entered. Returns the state, or NULL with err
 * filled: a target that does not exist is ESRCH at NS_STEP_OPEN, named by the first thing
 * needed of it ("cannot open /proc/42/ns/mnt"); other messages are nsenter's ("neither
 * filename nor target pid supplied for ns/mnt", "no target PID specified for --all").
 * o is copied; the strings it points to must live until ns_enter_close().
 */
struct ns_enter *ns_enter_open(const struct ns_enter_opts *o, struct ns_error *err);

/* The CLONE_NEW* flags ns_enter_join() will enter (after ns_enter_open()). */
int ns_enter_flags(const struct ns_enter *e);

/*
 * Makes the process non-dumpable, enters every namespace but the user namespace, then the
 * user namespace, then again those that failed with EPERM (so root can enter a container's
 * user namespace last and its unprivileged owner first); then the root (fchdir, chroot(".")),
 * the working directory (checked to be under the root), the environment, the cgroup.
 * "reassociate to namespace 'ns/user' failed".
 */
int ns_enter_join(struct ns_enter *e, struct ns_error *err);

/*
 * When a PID namespace was entered (and not no_fork), forks: returns 0 in the child, and in
 * the parent, once the child has ended, 1 with *status the exit status to pass on (a child
 * killed by a signal has had it re-raised here first, see ns_pass_status()). Without a fork,
 * returns 0.
 */
int ns_enter_fork(struct ns_enter *e, int *status, struct ns_error *err);

/*
 * setgroups(0), setgid, setuid as asked (uid and gid 0 after entering a user namespace unless
 * preserve_credentials); with keep_caps, raises the permitted capabilities to ambient.
 */
int ns_enter_cred_set(struct ns_enter *e, struct ns_error *err);

/* Closes every descriptor still open and frees e (NULL: nothing). */
void ns_enter_close(struct ns_enter *e);

/*
 * The cgroup v2 path in /proc/<pid>/cgroup text: what follows "0::" on its line
 * ("0::/user.slice/x" gives "/user.slice/x"; a path may hold ':'). Returns 0, -ENOENT when
 * the text has no such line (cgroup v1 only), -ENAMETOOLONG when it does not fit in size.
 */
int ns_cgroup2_path_parse(const char *text, char *path, size_t size);

/* Hears one NAME=VALUE of an environment; a non-zero return stops the walk with it. */
typedef int (*ns_environ_fn)(const char *name, const char *value, void *data);

/*
 * Walks the NUL-separated NAME=VALUE entries of /proc/<pid>/environ text: buf holds len bytes
 * and buf[len] must be '\0' (the last entry may lack its NUL). Each '=' that ends a name is
 * overwritten with '\0' on the way; entries without '=' or with an empty name are skipped.
 * Returns 0, or what fn returned.
 */
int ns_environ_parse(char *buf, size_t len, ns_environ_fn fn, void *data);

/*
 * pidfd_open(pid); with inode not 0, the pidfd must be on pidfs (Linux 6.9) and have that
 * inode: "pidfd inode 123 not found for pid 42". Returns the descriptor (O_CLOEXEC).
 */
int ns_pidfd_open(pid_t pid, uint64_t inode, struct ns_error *err);

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_PART_ENTER_H */
