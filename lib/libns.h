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

/* From a type to its entries and back: bit i set for each entry of the type (pid: pid and
 * pid_for_children); the index of the type's own entry ("pid"), or -1 for no such type; the
 * type of entry i, or -1. */
unsigned ns_type_entries(enum ns_type type);
int ns_type_entry(enum ns_type type);
int ns_entry_type(size_t entry);

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

/*
 * Sections below belong to the modules that implement them; each keeps to its own.
 *   nsinfo.c / mounttab.c  - reading /proc/<pid>/ns, scanning, grouping, nsfs bind mounts
 *   unshare.c / idmap.c / mount.c - new namespaces, id maps, /proc, propagation, ns files
 *   enter.c               - joining another process's namespaces
 */

/* ---- nsinfo.c, mounttab.c --------------------------------------------------------------- */

/*
 * A namespace's identity: the device and inode of its nsfs file, as stat(2) of
 * /proc/<pid>/ns/<entry> gives them. Two processes share a namespace exactly when both match.
 */
struct ns_id {
	uint64_t dev;
	uint64_t ino; /* the number in the kernel's "net:[4026531840]" */
};

/* "cgroup:[18446744073709551615]" and its NUL fit. */
#define NS_TEXT_MAX 40

/* One entry of /proc/<pid>/ns as read. */
struct ns_entry_state {
	int error; /* 0 when readable; else the positive errno that made it unreadable */
	bool absent; /* the kernel has no such entry (error is ENOENT and lstat fails too) */
	struct ns_id id;
	char text[NS_TEXT_MAX]; /* readlink(2): "net:[4026531840]"; "" when unreadable */
};

/* All NS_NENTRIES entries of one process, in the order of ns_entry_info(). */
struct ns_snapshot {
	pid_t pid; /* as asked: 0 is the calling process */
	struct ns_entry_state entry[NS_NENTRIES];
};

/*
 * Parses the kernel's "type:[inode]" text (the target of /proc/<pid>/ns/<entry> and the root
 * of an nsfs mount). type may be NULL; *type is -1 for a name that is not in the table.
 * Returns 0, or -EINVAL when the text is not of that form.
 */
int ns_link_parse(const char *text, int *type, uint64_t *ino);

/*
 * Reads one entry (index as ns_entry_info) of process pid (0: the calling process): stat for
 * the identity, readlink for the text. An unreadable entry gives -errno, st->error and
 * err->msg = "cannot read /proc/<pid>/ns/<entry>".
 */
int ns_entry_read(pid_t pid, size_t entry, struct ns_entry_state *st, struct ns_error *err);

/*
 * Reads every entry of process pid (0: the calling process). Entries that cannot be read
 * (pid_for_children before the first child, EACCES, ...) are recorded in their
 * ns_entry_state, not failures. Fails only when /proc/<pid>/ns cannot be opened (the process
 * does not exist): err->msg = "cannot open /proc/<pid>/ns".
 */
int ns_snapshot_read(pid_t pid, struct ns_snapshot *snap, struct ns_error *err);

enum ns_relation {
	NS_SHARED, /* both readable, same namespace */
	NS_DIFFER, /* both readable, different namespaces */
	NS_UNREADABLE, /* one side or both unreadable: neither shared nor different */
};

enum ns_relation ns_entry_compare(const struct ns_snapshot *a, const struct ns_snapshot *b,
				  size_t entry);

/* Bit i set: entry i differs (NS_DIFFER). Unreadable entries never count. */
unsigned ns_snapshot_diff(const struct ns_snapshot *a, const struct ns_snapshot *b);

/* Bit i set: entry i is unreadable in a or in b. */
unsigned ns_snapshot_unreadable(const struct ns_snapshot *a, const struct ns_snapshot *b);

/* Bit i set for every entry of the type named (all its entries: "pid" is pid and
 * pid_for_children) or the entry named ("pid_for_children"); 0 when the name is unknown. */
unsigned ns_entry_mask(const char *name);

#define NS_ALL_ENTRIES ((1u << NS_NENTRIES) - 1)

/*
 * A comma-separated list of such names ("net,pid_for_children", nsdiff -t); empty items are
 * skipped. Returns 0 and *mask (never 0), or -EINVAL with err->msg "unknown namespace type:
 * 'X'" for the first unknown item, or "no namespace type in 'LIST'" when there is no item.
 */
int ns_entry_mask_list(const char *list, unsigned *mask, struct ns_error *err);

/*
 * The text of /proc/<pid>/cmdline as read (len bytes, each argument ended by a NUL) as one
 * line: trailing NULs dropped, the others turned into spaces. Returns a malloc'ed string, or
 * NULL when there is no argument (kernel threads, zombies) or no memory.
 */
char *ns_cmdline_text(const char *raw, size_t len);

/*
 * Processes grouped by the set of namespaces they are in: a hash table keyed by the
 * identities, so grouping N processes takes time linear in N.
 */
struct ns_scan;

struct ns_group {
	struct ns_snapshot ns; /* the group's namespaces; ns.pid is its lowest PID */
	size_t nprocs;
	char *command; /* of ns.pid: its command line, else its name; NULL when not read */
};

/*
 * A new, empty grouping. entries: the mask of entries that make a group (NS_ALL_ENTRIES, or
 * e.g. ns_entry_mask("net")); the others are neither read nor compared.
 */
struct ns_scan *ns_scan_new(unsigned entries, struct ns_error *err);
void ns_scan_free(struct ns_scan *scan);

/* Adds one process (snap->pid) to the group of its namespaces, creating it when new. */
int ns_scan_add(struct ns_scan *scan, const struct ns_snapshot *snap, struct ns_error *err);

/*
 * Adds every process in /proc and reads the command of each group's lowest PID. A process
 * that vanishes during the scan, or none of whose entries can be read, is counted, not an
 * error. The scan reads each entry with readlinkat() relative to a /proc/<pid>/ns
 * descriptor: the identity's inode is the number in the text, its device the one nsfs
 * device of the kernel (as stat of the caller's own entries gives it).
 */
int ns_scan_proc(struct ns_scan *scan, struct ns_error *err);

/* The groups in order of their lowest PID. */
size_t ns_scan_ngroups(const struct ns_scan *scan);
const struct ns_group *ns_scan_group(const struct ns_scan *scan, size_t i);

struct ns_scan_counts {
	size_t nprocs; /* processes grouped */
	size_t nvanished; /* gone before their namespaces could be read */
	size_t nunreadable; /* present, but not one entry readable (EACCES, zombies) */
};
void ns_scan_counts(const struct ns_scan *scan, struct ns_scan_counts *counts);

/* ---- scan.c: every namespace on the system, those lsns lists and those it misses ------- */

/* What keeps a namespace alive. */
enum ns_holder {
	NS_HOLDER_PROCESS, /* a process is in it (nprocs > 0) */
	NS_HOLDER_FD, /* an open descriptor: holder_num of holder_pid */
	NS_HOLDER_MOUNT, /* a bind mount of its file: holder_path, in holder_pid's mount table */
	NS_HOLDER_THREAD, /* thread holder_num of process holder_pid is in it */
	NS_HOLDER_CHILDREN, /* holder_pid's pid_for_children or time_for_children */
	NS_HOLDER_PARENT, /* only the parent of namespace holder_num (an inode) */
	NS_HOLDER_OWNER, /* only the owner of namespace holder_num */
};

/* One namespace, as the scan found it. */
struct ns_namespace {
	enum ns_type type;
	uint64_t ino; /* lsns's NS: the inode of its nsfs file */
	size_t nprocs; /* processes in it */
	pid_t pid; /* its lowest PID; 0 when no process is in it */
	pid_t ppid; /* pid's parent (NS_SCAN_PPID), else 0 */
	bool has_uid;
	uid_t uid; /* pid's owner; without pid, the owner of its user namespace (if known) */
	const char *command; /* pid's command line, else its name; NULL */
	uint64_t parent; /* the parent namespace's inode (pid, user; NS_SCAN_RELATIONS), or 0 */
	uint64_t owner; /* the owning user namespace's inode (NS_SCAN_RELATIONS), or 0 */
	enum ns_holder holder;
	pid_t holder_pid;
	uint64_t holder_num;
	const char *holder_path;
	const char *container; /* pid's container (NS_SCAN_CONTAINER, ns_container_format), or NULL */
};

#define NS_SCAN_HIDDEN 0x1u /* also namespaces no process is in (descriptors, threads, ...) */
#define NS_SCAN_RELATIONS 0x2u /* parent and owner through ioctl_ns(2) */
#define NS_SCAN_PPID 0x4u /* each lowest PID's parent, from /proc/<pid>/stat */
#define NS_SCAN_CONTAINER 0x8u /* each lowest PID's container, from /proc/<pid>/cgroup */

/*
 * Lists the namespaces of the types whose own entry is in the scan's mask (ns_scan_new):
 * every process's /proc/<pid>/ns links (readlinkat relative to a directory descriptor, a hash
 * table by inode), each one's lowest PID with its owner and command. NS_SCAN_HIDDEN adds what
 * lsns 2.38.1 misses: namespaces held only by descriptors (/proc/<pid>/fd), threads
 * (/proc/<pid>/task/<tid>/ns), pid_for_children and time_for_children, bind mounts in any
 * mount namespace (each table read once, through libmount); with NS_SCAN_RELATIONS also the
 * ancestors that only a parent or owner link shows. A process that ends during the scan is
 * skipped. Returns 0, or -errno when /proc cannot be read or memory runs out.
 */
int ns_scan_namespaces(struct ns_scan *scan, unsigned flags, struct ns_error *err);

/* The namespaces found, in order of inode; ns_scan_find: by inode, or NULL. */
size_t ns_scan_nnamespaces(const struct ns_scan *scan);
const struct ns_namespace *ns_scan_namespace(const struct ns_scan *scan, size_t i);
const struct ns_namespace *ns_scan_find(const struct ns_scan *scan, uint64_t ino);

/*
 * What keeps ns alive, as a person says it: "fd 5 of PID 812", "bind mount /run/netns/a in
 * the mount ns of PID 77", "thread 130 of PID 120", "pid_for_children of PID 4", "parent of
 * 4026532290", "owner of ...", or "" for a namespace with processes. Returns buf.
 */
const char *ns_namespace_holder(const struct ns_namespace *ns, char *buf, size_t size);

/* A process, as lsns NAMESPACE lists them. */
struct ns_process {
	pid_t pid;
	pid_t ppid;
	bool has_uid;
	uid_t uid; /* the owner of /proc/<pid> */
	char *command; /* its command line, else its name; NULL */
};

/*
 * Every process in the namespace whose inode is ino (of whatever type), in PID order, with
 * its parent, owner and command. *procs is malloc'ed (NULL when none): free it with
 * ns_processes_free(). Returns 0 or -errno.
 */
int ns_namespace_processes(uint64_t ino, struct ns_process **procs, size_t *nprocs,
			   struct ns_error *err);
void ns_processes_free(struct ns_process *procs, size_t n);

/*
 * A descriptor (O_RDONLY, O_CLOEXEC) of a namespace the scan found, opened the way it was
 * found: the lowest PID's /proc/<pid>/ns entry, the holder's descriptor, thread or bind mount.
 * For setns(2) or ioctl_ns(2). Returns it, or -errno (ENOENT for an ancestor seen only
 * through a link).
 */
int ns_namespace_open(const struct ns_namespace *ns, struct ns_error *err);

/*
 * A network namespace's ID in the caller's network namespace (lsns's NETNSID), asked of the
 * kernel with RTM_GETNSID: *nsid is the ID, or -1 when none is assigned. Returns 0 or -errno.
 */
int ns_namespace_netnsid(const struct ns_namespace *ns, int *nsid, struct ns_error *err);

/* One level of a process's PIDs: its number there, and that PID namespace's inode. */
struct ns_pid_level {
	pid_t pid;
	uint64_t ino; /* 0 when the kernel would not say (NS_GET_PARENT refused) */
};

/*
 * The PIDs of process pid in every PID namespace from the one /proc shows (level 0) down to
 * its own (the NSpid line of /proc/<pid>/status), each with its namespace (ioctl_ns(2)
 * NS_GET_PARENT, walking up from /proc/<pid>/ns/pid). Returns the number of levels, or
 * -errno (ESRCH: no such process; ERANGE: more than max levels).
 */
int ns_pids_read(pid_t pid, struct ns_pid_level *levels, size_t max, struct ns_error *err);

/* ---- scan_cgroup.c: containers and pods by their cgroup paths -------------------------- */

enum ns_runtime {
	NS_RUNTIME_NONE,
	NS_RUNTIME_DOCKER, /* /docker/<id>, docker-<id>.scope */
	NS_RUNTIME_CONTAINERD, /* cri-containerd-<id>.scope */
	NS_RUNTIME_CRIO, /* crio-<id>.scope */
	NS_RUNTIME_PODMAN, /* libpod-<id>.scope */
	NS_RUNTIME_NSPAWN, /* machine-<name>.scope */
	NS_RUNTIME_LXC, /* /lxc/<name>, lxc.payload.<name> */
	NS_RUNTIME_KUBERNETES, /* a pod's container by its bare ID, or the pod itself */
};

struct ns_container {
	enum ns_runtime runtime;
	char id[256]; /* 64 hexadecimal digits, or the machine's or container's name */
	char pod[40]; /* the Kubernetes pod's UID (kubepods...pod<UID>...), or "" */
};

/*
 * Finds the container in the text of /proc/<pid>/cgroup ("N:controllers:path" lines, v1 or
 * v2) or in one cgroup path. Returns 1 and *out, 0 when no path names a container, -EINVAL
 * for NULL.
 */
int ns_container_parse(const char *text, struct ns_container *out);

/* "docker 0123456789ab", "pod <UID> containerd 0123456789ab", "lxc web": into buf. */
const char *ns_container_format(const struct ns_container *c, char *buf, size_t size);

/* "docker", "containerd", "cri-o", "podman", "systemd-nspawn", "lxc", "kubernetes", or "". */
const char *ns_runtime_name(enum ns_runtime runtime);

/*
 * The mount table, read through libmount, which is dlopen()ed on the first of these calls
 * (DESIGN.md rule 5). When it cannot be loaded they fail with err->msg naming it.
 */

/* A namespace file: an nsfs bind mount that keeps a namespace alive without a process. */
struct ns_file {
	char *path; /* the mount point: "/run/netns/blue" */
	int type; /* enum ns_type, or -1 when the kernel's text names no type in the table */
	struct ns_id id; /* device from the mount table, inode from its root "net:[...]" */
	char text[NS_TEXT_MAX]; /* the mount's root as the table shows it: "net:[4026532254]" */
	pid_t pid; /* whose mount table it is in: 0 for the caller's (or the table asked for) */
};

/*
 * The nsfs mounts of a mount table: mountinfo is a path such as "/proc/42/mountinfo", or NULL
 * for /proc/self/mountinfo. *files is malloc'ed; free it with ns_files_free().
 */
int ns_nsfs_mounts(const char *mountinfo, struct ns_file **files, size_t *nfiles,
		   struct ns_error *err);
void ns_files_free(struct ns_file *files, size_t nfiles);

/*
 * The nsfs mounts of the caller's mount table, then those of every other mount namespace
 * that the scan's groups are in (read through /proc/<lowest PID>/mountinfo; f->pid says
 * which), without repeating a file that a namespace inherited from the caller's. A mount
 * table that is gone by the time it is read is skipped.
 */
int ns_scan_nsfs_mounts(const struct ns_scan *scan, struct ns_file **files, size_t *nfiles,
			struct ns_error *err);

/*
 * The propagation of the mount that holds path, in this process's mount table: *flags gets
 * MS_SHARED, MS_SLAVE, MS_UNBINDABLE as they apply (0: private). target (may be NULL) gets
 * that mount's mount point. Binding a namespace file fails with EINVAL under a shared mount.
 */
int ns_mount_propagation(const char *path, unsigned long *flags, char *target, size_t size,
			 struct ns_error *err);

/* "shared", "slave", "shared,slave", "unbindable" or "private", into buf. Returns buf. */
const char *ns_propagation_name(unsigned long flags, char *buf, size_t size);

/* ---- unshare.c, fork.c, idmap.c, timens.c, mount.c, caps.c, signal.c -------------------- */

/*
 * New namespaces, one step a function (man ns_unshare(3)). Each step is announced through the
 * trace callback before it is taken and returns 0 or a negative errno, with err filled (its
 * step says which one failed). ns_unshare() is util-linux unshare(1)'s whole sequence written
 * on them.
 */

/* Signals by name (signal.c): "KILL", "SIGKILL", "kill", "RTMIN+2", "SIGRTMAX-1". */

/* The signal number, or -EINVAL when the name is not a signal. Numbers are refused, as in
 * util-linux. */
int ns_signal_parse(const char *name);

/* "SIGKILL", "SIGRTMIN+2" for a number, into buf. Returns buf. */
const char *ns_signal_name(int sig, char *buf, size_t size);

/* unshare(flags): new namespaces of the CLONE_NEW* types in flags for this process. */
int ns_unshare_flags(int flags, struct ns_error *err);

/* User and group ID maps (idmap.c). */

struct ns_idmap_range {
	uint32_t inner; /* the first ID inside the new user namespace */
	uint32_t outer; /* the first ID outside, in the parent namespace */
	uint32_t count;
};

#define NS_IDMAP_MAX 340 /* the kernel's limit of lines in uid_map */

struct ns_idmap {
	size_t n;
	struct ns_idmap_range range[NS_IDMAP_MAX];
};

/*
 * "INNER:OUTER:COUNT", or the older util-linux form "OUTER,INNER,COUNT". Messages as
 * util-linux: "could not parse ID: 'x'" (-ERANGE for a number too large, else -EINVAL),
 * "mapping '1,2' contains only 2 elements".
 */
int ns_idmap_parse_range(const char *s, struct ns_idmap_range *range, struct ns_error *err);

/* Appends a range; -E2BIG when the map is full. */
int ns_idmap_add(struct ns_idmap *map, uint32_t inner, uint32_t outer, uint32_t count,
		 struct ns_error *err);

/*
 * Appends range without the IDs of a single mapping inner -> outer that the map also holds
 * (unshare -r --map-auto: 0 -> the caller, and the subordinate IDs from 0), so that the two
 * do not overlap: the range loses one ID and is split around inner and around outer, in up to
 * three ranges, as util-linux does.
 */
int ns_idmap_add_except(struct ns_idmap *map, const struct ns_idmap_range *range, uint32_t inner,
			uint32_t outer, struct ns_error *err);

/* Every ID of this process's user namespace, mapped to itself (--map-users=all). */
int ns_idmap_add_all(struct ns_idmap *map, bool group, struct ns_error *err);

/*
 * The first block of subordinate IDs of the user uid (name is the user's name, or NULL to look
 * it up) in path (/etc/subuid, /etc/subgid): range->outer and range->count (inner is 0).
 */
int ns_subid_lookup(const char *path, uid_t uid, const char *name, struct ns_idmap_range *range,
		    struct ns_error *err);

/* "0 1000 1\n..." as the kernel wants a map, into buf. Returns the length, or -ENOSPC. */
int ns_idmap_format(const struct ns_idmap *map, char *buf, size_t size);

/*
 * The kernel's map text as /proc/<pid>/uid_map reads ("         0       1000          1\n"):
 * its ranges are appended to map. Returns the number of ranges read, or -EINVAL for text that
 * is not lines of three decimal numbers (err->msg "cannot parse ID map line N"), -E2BIG.
 */
int ns_idmap_parse_text(const char *text, struct ns_idmap *map, struct ns_error *err);

/*
 * Writes /proc/<pid>/uid_map (group: gid_map) in one write(2); pid 0 means self. The writer
 * must have CAP_SETUID (CAP_SETGID) over the parent namespace, or map only its own ID.
 */
int ns_idmap_write(pid_t pid, bool group, const struct ns_idmap *map, struct ns_error *err);

/*
 * The same through the setuid helpers newuidmap/newgidmap (Debian: uidmap), run from this
 * process and waited for; for unprivileged users mapping their subordinate IDs.
 */
int ns_idmap_newidmap(pid_t pid, bool group, const struct ns_idmap *map, struct ns_error *err);

/*
 * Writes "allow" or "deny" to /proc/<pid>/setgroups (pid 0: self) unless it already reads so.
 * "deny" must come before an unprivileged process writes gid_map.
 */
int ns_idmap_setgroups(pid_t pid, bool allow, struct ns_error *err);

/* Time namespace offsets (timens.c). */

/*
 * Writes the offsets of CLOCK_MONOTONIC and CLOCK_BOOTTIME (seconds; a clock whose has_* is
 * false is left alone) to /proc/self/timens_offsets, in one write. Only possible after
 * unshare(CLONE_NEWTIME) and before the first process enters the namespace.
 */
int ns_time_offsets_write(bool has_monotonic, int64_t monotonic, bool has_boottime,
			  int64_t boottime, struct ns_error *err);

/*
 * The fork a new PID or time namespace needs (fork.c): the child is the first process in it.
 * The parent blocks SIGINT and SIGTERM (the terminal sends them to the child too) or, with
 * forward_signals, passes them on; waits; and passes the child's end on.
 */
struct ns_fork {
	int kill_child; /* the signal the child gets when the parent dies; 0: none */
	bool forward_signals; /* the parent passes SIGINT and SIGTERM on to the child */
	/* called in the parent after the fork, before the wait (NULL: nothing); a failure kills
	 * the child and is returned */
	int (*in_parent)(pid_t child, void *data, struct ns_error *err);
	void *data;
	int parent_fd; /* set in the child with kill_child: the parent's pidfd, or -1 */
	pid_t parent; /* set in the child: the parent's PID, for kernels without pidfd_open */
};

/* No death signal, no forwarding, no hook. */
void ns_fork_init(struct ns_fork *f);

/*
 * fork(): returns 0 in the child (its death signal set, its signal mask restored). In the
 * parent, once the child has ended, a child killed by a signal has that signal raised here
 * too (the parent dies the same way, see ns_pass_status()), and otherwise this returns 1 with
 * *status the child's exit status, for the caller to exit with. A negative errno when the
 * fork, the hook or the wait failed (in the parent).
 */
int ns_fork_wait(struct ns_fork *f, int *status, struct ns_error *err);

/*
 * In the child, after a change of user or group (which clears the death signal): sets
 * kill_child again and dies at once if the parent is already gone. Closes f->parent_fd.
 */
int ns_fork_deathsig(struct ns_fork *f, struct ns_error *err);

/* Mounts (mount.c): each function is one mount(2), announced as such. */

/* mount("proc", dir, "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC): a /proc for the new PID namespace. */
int ns_proc_mount(const char *dir, struct ns_error *err);

/* mount("binfmt_misc", dir, "binfmt_misc", MS_NOSUID|MS_NODEV|MS_NOEXEC). */
int ns_binfmt_mount(const char *dir, struct ns_error *err);

/* Writes a binfmt_misc rule (":name:type:offset:magic:mask:interpreter:flags") to dir/register. */
int ns_binfmt_register(const char *dir, const char *rule, struct ns_error *err);

/* mount("none", dir, NULL, flags): the propagation of dir (flags: MS_REC|MS_PRIVATE...). */
int ns_propagation_set(const char *dir, unsigned long flags, struct ns_error *err);

/*
 * Makes a namespace persistent: mount --bind /proc/<pid>/ns/<entry> on file, which must exist
 * (ENOENT otherwise, as util-linux: nothing is created) under a mount that is not shared.
 */
int ns_nsfile_bind(pid_t pid, const char *entry, const char *file, struct ns_error *err);

/* Capabilities (caps.c). */

/* Raises every permitted capability into the inheritable and ambient sets, so that they survive
 * execve() of a program run as a non-root user (unshare --keep-caps). */
int ns_caps_keep(struct ns_error *err);

/* New namespaces for this process, the whole sequence (unshare.c). */

struct ns_unshare {
	int flags; /* CLONE_NEW* */
	const char *persist[NS_NTYPES]; /* --<type>=FILE: bind the new namespace on FILE */
	bool fork; /* run the program in a child; the caller waits */
	int kill_child; /* the child's death signal (see struct ns_fork), 0 for none */
	bool forward_signals; /* pass SIGINT and SIGTERM on to the child */

	/* user namespace */
	struct ns_idmap uid_map, gid_map; /* empty: no map written */
	int setgroups; /* 0: leave, 1: allow, -1: deny */
	bool deny_setgroups_for_map; /* --map-group: "deny" before the gid map (util-linux) */
	uid_t owner_uid; /* --owner: the namespace's creator; NS_UID_UNSET: the caller */
	gid_t owner_gid; /* NS_GID_UNSET: the caller's */

	/* time namespace */
	bool has_monotonic, has_boottime;
	int64_t monotonic, boottime;

	unsigned long propagation; /* of / in the new mount namespace; 0: unchanged */
	const char *root; /* chroot, then chdir to wd or / */
	const char *wd;
	const char *mount_proc; /* mount proc here */
	const char *mount_binfmt; /* mount binfmt_misc here */
	const char *const *load_interp; /* NULL-terminated binfmt_misc rules to register */

	uid_t uid; /* setuid; NS_UID_UNSET: unchanged */
	gid_t gid; /* setgroups(0), setgid; NS_GID_UNSET: unchanged */
	bool keep_caps;
};

/*
 * The safe defaults: no namespace, propagation MS_REC|MS_PRIVATE (as util-linux: nothing
 * mounted inside reaches the host), every ID unset. An initialised struct changes nothing.
 */
void ns_unshare_init(struct ns_unshare *u);

/*
 * Takes every step up to the exec, in util-linux's order: helpers forked first (persistent
 * files of mnt/user, maps that need privilege), the owner's credentials, unshare(flags),
 * setgroups, ID maps, time offsets, fork, persistent files, propagation, root and working
 * directory, /proc, binfmt_misc, setgid/setuid, capabilities.
 *
 * Returns 0 in the process that is to exec the program (the child with u->fork). With
 * u->fork the parent returns 1 once the child has ended, with *status its exit status (a
 * child killed by a signal has had it raised in the parent, see ns_fork_wait()). On failure,
 * a negative errno; after the fork that is in the child, and the parent sees it exit 1.
 */
int ns_unshare(const struct ns_unshare *u, int *status, struct ns_error *err);

/* ---- pivot.c, uts.c --------------------------------------------------------------------- */

/*
 * Makes new_root the root of this mount namespace and detaches the old root, as container
 * runtimes do (unlike chroot, no chroot(".") by the process's own root leads back): when
 * new_root is not a mount point it is bound on itself (mount --bind), then chdir(new_root),
 * pivot_root(".", "."), umount2(".", MNT_DETACH), chdir("/"), each announced. Call it in a
 * new mount namespace whose propagation is private (ns_propagation_set("/", MS_REC|MS_PRIVATE)
 * or ns_unshare's .propagation): without one it would pivot the host's own mount namespace;
 * under a shared mount it fails with -EINVAL before changing anything. Errors: step
 * NS_STEP_PIVOT_ROOT.
 */
int ns_root_pivot(const char *new_root, struct ns_error *err);

/*
 * sethostname(2) and setdomainname(2) of this UTS namespace, announced; in a new one
 * (CLONE_NEWUTS) the host keeps its names. Errors: step NS_STEP_HOSTNAME; -EINVAL for a name
 * longer than 64 bytes, -EPERM without CAP_SYS_ADMIN over the UTS namespace's owner.
 */
int ns_hostname_set(const char *name, struct ns_error *err);
int ns_domainname_set(const char *name, struct ns_error *err);

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

#endif /* LIBNS_H */
