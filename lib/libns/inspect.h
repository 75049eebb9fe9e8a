/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libns: reading /proc/<pid>/ns, comparing, scanning every namespace on the system. Include <libns.h>, which includes every part. */
#ifndef LIBNS_PART_INSPECT_H
#define LIBNS_PART_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

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
#define NS_SCAN_NO_UID 0x10u /* not each lowest PID's owner (has_uid false): one stat less */

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

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_PART_INSPECT_H */
