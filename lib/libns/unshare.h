/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libns: new namespaces, one step a function; ID maps, mounts, fork, pivot_root, hostname. Include <libns.h>, which includes every part. */
#ifndef LIBNS_PART_UNSHARE_H
#define LIBNS_PART_UNSHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* LIBNS_PART_UNSHARE_H */
