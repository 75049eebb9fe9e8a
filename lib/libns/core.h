/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libns: errors, the explain channel, the table of namespace types. Include <libns.h>, which includes every part. */
#ifndef LIBNS_PART_CORE_H
#define LIBNS_PART_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors (error.c) ------------------------------------------------------------------- */

/* Room for a message that names two paths of PATH_MAX ("mount A on B failed"). */
#define NS_ERROR_MAX 8448

/*
 * Which step failed: what a caller switches on (the message is for people, never compared).
 * New steps are added at the end.
 */
enum ns_step {
	NS_STEP_NONE, /* no error */
	NS_STEP_PARSE, /* bad input: an option's argument, a /proc text */
	NS_STEP_OPEN, /* opening a file, a namespace, a pidfd before acting */
	NS_STEP_READ, /* reading /proc */
	NS_STEP_UNSHARE, /* unshare(2) */
	NS_STEP_IDMAP, /* uid_map, gid_map */
	NS_STEP_SETGROUPS, /* /proc/<pid>/setgroups */
	NS_STEP_TIME, /* timens_offsets */
	NS_STEP_FORK, /* fork(2) and the wait for the child */
	NS_STEP_PROPAGATION, /* mount propagation */
	NS_STEP_MOUNT, /* mount(2), umount2(2) */
	NS_STEP_BIND, /* binding a namespace file */
	NS_STEP_HOSTNAME, /* sethostname(2), setdomainname(2) */
	NS_STEP_SETNS, /* setns(2) */
	NS_STEP_CHROOT, /* chroot(2) */
	NS_STEP_PIVOT_ROOT, /* pivot_root(2) and detaching the old root */
	NS_STEP_CHDIR, /* the working directory, and its containment in the root */
	NS_STEP_CREDS, /* the user and group lookups (the three calls: NS_STEP_CRED_*) */
	NS_STEP_CAPS, /* capabilities */
	NS_STEP_EXEC, /* descriptors before exec, execve(2) */
	NS_STEP_MOUNTTAB, /* reading a mount table through libmount */
	NS_STEP_SCAN, /* scanning the system's processes and namespaces */
	NS_STEP_CRED_GROUPS, /* setgroups(2) */
	NS_STEP_CRED_GID, /* setgid(2) */
	NS_STEP_CRED_UID, /* setuid(2) */
};

struct ns_error {
	int code; /* positive errno of the failing call; 0 when there is none */
	enum ns_step step; /* which step failed */
	char msg[NS_ERROR_MAX]; /* what failed, without the program name or strerror */
};

/* "msg: strerror(code)", or "msg" when code is 0, into buf. Returns buf. */
const char *ns_error_format(const struct ns_error *err, char *buf, size_t size);

/* The step's name, as a person would say it ("pivot_root"). */
const char *ns_step_name(enum ns_step step);

/*
 * Adds context in front of the message ("setting up /srv/c1: " + msg); code and step stay.
 * The way a caller adds what it knows to an error without reading or rewriting it.
 */
void ns_error_wrap(struct ns_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the explain channel (trace.c) ------------------------------------------------------ */

/*
 * call: the step as a person would write it ("unshare(CLONE_NEWPID)");
 * why:  one short line on what it does and why it is taken here.
 */
typedef void (*ns_trace_fn)(const char *call, const char *why, void *data);

/* Sets (or, with NULL, clears) the callback that hears every step before it is taken. */
void ns_trace_set(ns_trace_fn fn, void *data);

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

/* From a type to its entries and back: bit i set for each entry of the type (pid: pid and
 * pid_for_children); the index of the type's own entry ("pid"), or -1 for no such type; the
 * type of entry i, or -1. */
unsigned ns_type_entries(enum ns_type type);
int ns_type_entry(enum ns_type type);
int ns_entry_type(size_t entry);

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_PART_CORE_H */
