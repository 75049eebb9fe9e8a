/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the enter module (enter_*.c, pidfd.c): the state between ns_enter_open() and
 * ns_enter_close(), opaque to callers, and the helpers its files share.
 */
#ifndef LIBNS_ENTER_H
#define LIBNS_ENTER_H

#include "internal.h"

struct ns_enter {
	struct ns_enter_opts opts_copy;
	const struct ns_enter_opts *opts; /* &opts_copy */
	pid_t target; /* opts->target, or the PID of opts->pidfd */
	int ns_fd[NS_NTYPES]; /* -1: not (or no longer) to be entered */
	char ns_path[NS_NTYPES][64]; /* a name for messages: "/proc/42/ns/net" or the file */
	const char *ns_file[NS_NTYPES]; /* the user's file, when one was given */
	int entered; /* CLONE_NEW* flags entered so far */
	int wanted; /* CLONE_NEW* flags to enter */
	int pidfd_flags; /* those still to enter through the target's pidfd, not a file */
	int held[NS_NTYPES]; /* those, held by descriptors from the pidfd; -1 when not */
	bool holding; /* held[] is in use */
	bool check_alive; /* files opened by /proc path while the pidfd is open: check it */
	bool gone; /* pidfd_open(target) said ESRCH */
	bool no_hold; /* the PID namespace forked into dies with the target: hold nothing */
	int all_flags; /* those --all added (a type this kernel lacks is left out) */
	int pidfd, root_fd, wd_fd, env_fd, cgroup_fd, proc_fd; /* -1 when not open */
	char root_name[64], wd_name[64]; /* the target's /proc/PID/root, /proc/PID/cwd */
	uid_t uid;
	gid_t gid;
	bool set_uid, set_gid;
	bool setgroups_failed; /* setgroups(0, NULL) before setns failed: complain if again */
};

/* The order util-linux nsenter opens and enters namespaces in. */
extern const enum ns_type nsi_enter_order[NS_NTYPES];

/* Closes *fd unless it is -1, and sets it to -1. */
void nsi_close_fd(int *fd);

/* Closes every descriptor of e (ns_enter_close() also frees it). */
void nsi_enter_close_fds(struct ns_enter *e);

/* Opens (or holds) one namespace of e; from_all: one that --all added. */
int nsi_enter_open_ns(struct ns_enter *e, int t, bool from_all, struct ns_error *err);

/* A name for messages and --explain: the user's file, or "/proc/42/ns/net". */
const char *nsi_enter_ns_name(const struct ns_enter *e, int t);

/*
 * Opens the target's /proc/PID/<what> (path NULL; its name into buf) or the user's path,
 * announced with why (NULL: silently). A target that is gone is ESRCH.
 */
int nsi_enter_open_target(struct ns_enter *e, const char *what, const char *path, char *buf,
			  size_t size, int flags, const char *why, struct ns_error *err);

/* The whole of a descriptor's contents, malloc'ed and NUL-terminated. 0 or -errno. */
int nsi_read_all(int fd, char **out, size_t *len);

/* --join-cgroup, --user-parent, -N: what ns_enter_open() takes besides namespace files. */
int nsi_enter_open_cgroup(struct ns_enter *e, struct ns_error *err);
int nsi_enter_open_user_parent(struct ns_enter *e, struct ns_error *err);
int nsi_enter_open_socket_net(struct ns_enter *e, struct ns_error *err);

/* pidfd.c: the PID of a pidfd (fdinfo; ESRCH once it has exited). */
int nsi_pidfd_pid(int pidfd, pid_t *pid, struct ns_error *err);

/* Whether the pidfd's user namespace is ours (Linux 6.11): 1 same, 0 not, or -errno. */
int nsi_pidfd_same_user_ns(int pidfd);

/* The pidfd's namespace of a type as a new descriptor (Linux 6.11), or -1 with errno. */
int nsi_pidfd_ns(int pidfd, enum ns_type type);

#endif /* LIBNS_ENTER_H */
