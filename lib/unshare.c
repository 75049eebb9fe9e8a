// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * New namespaces for this process: unshare(2) of a set of types, and ns_unshare(), util-linux
 * unshare(1)'s whole sequence written on the library's steps: helpers first, the owner's
 * credentials, unshare(2), setgroups and the ID maps, the clocks, the fork (a new PID or time
 * namespace is only for children), the persistent files, the mounts, the root, the
 * credentials, the capabilities.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "unshare_helper.h"

void ns_unshare_init(struct ns_unshare *u)
{
	*u = (struct ns_unshare){
		.propagation = MS_REC | MS_PRIVATE,
		.owner_uid = NS_UID_UNSET,
		.owner_gid = NS_GID_UNSET,
		.uid = NS_UID_UNSET,
		.gid = NS_GID_UNSET,
	};
}

int ns_unshare_flags(int flags, struct ns_error *err)
{
	if (nsi_tracing()) {
		char names[256], why[512];
		size_t len = 0;

		len += (size_t)snprintf(why, sizeof(why), "new namespaces for this process:");
		for (int t = 0; t < NS_NTYPES && len < sizeof(why); t++) {
			const struct ns_type_info *ti = ns_type_info(t);

			if (flags & ti->flag)
				len += (size_t)snprintf(why + len, sizeof(why) - len, " %s%s",
							ti->name,
							ti->children ? " (for its children)" : "");
		}
		nsi_trace(why, "unshare(%s)", ns_flags_name(flags, names, sizeof(names)));
	}
	if (unshare(flags) < 0)
		return nsi_error(err, NS_STEP_UNSHARE, errno, "unshare failed");
	return 0;
}

static bool has_persist(const struct ns_unshare *u)
{
	for (int t = 0; t < NS_NTYPES; t++)
		if (u->persist[t] && (u->flags & ns_type_info(t)->flag))
			return true;
	return false;
}

static int bind_files(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);
		int rc;

		if (!u->persist[t] || !(u->flags & ti->flag))
			continue;
		/* A new PID or time namespace is the caller's only "for children". */
		rc = ns_nsfile_bind(target, ti->children ? ti->children : ti->name, u->persist[t],
				    err);
		if (rc)
			return rc;
	}
	return 0;
}

static bool self_mappable(const struct ns_idmap *map, uint32_t id)
{
	return map->n == 0 ||
	       (map->n == 1 && map->range[0].count == 1 && map->range[0].outer == id);
}

/* "deny" before an unprivileged gid map (util-linux), or what --setgroups asked. */
static int setgroups_policy(const struct ns_unshare *u, pid_t pid, struct ns_error *err)
{
	if (u->deny_setgroups_for_map && u->gid_map.n)
		return ns_idmap_setgroups(pid, false, err);
	if (u->setgroups)
		return ns_idmap_setgroups(pid, u->setgroups > 0, err);
	return 0;
}

static int write_map(pid_t pid, bool group, const struct ns_idmap *map, bool root,
		     struct ns_error *err)
{
	if (!map->n)
		return 0;
	return root ? ns_idmap_write(pid, group, map, err) :
		      ns_idmap_newidmap(pid, group, map, err);
}

/* In the helper, a process of the parent user namespace: root writes, others ask newuidmap. */
static int helper_maps(const struct ns_unshare *u, pid_t target, struct ns_error *err)
{
	bool root = geteuid() == 0;
	int rc = 0;

	/* setgroups is written before gid_map or never; the helper can, the owner may not. */
	if (root)
		rc = setgroups_policy(u, target, err);
	if (!rc)
		rc = write_map(target, false, &u->uid_map, root, err);
	if (!rc)
		rc = write_map(target, true, &u->gid_map, root, err);
	return rc;
}

/*
 * --owner: the new user namespace belongs to its creator, so the process becomes that user
 * entirely before unshare(), as util-linux does: groups, group, user. Only the effective IDs
 * would leave it host root (real and saved uid 0) inside and out.
 */
static int set_owner(const struct ns_unshare *u, struct ns_error *err)
{
	struct ns_cred c;

	ns_cred_init(&c);
	c.uid = u->owner_uid;
	c.gid = u->owner_gid;
	c.set_groups = true;
	return ns_cred_set(&c, err);
}

/* Root and working directory, with util-linux's messages (the steps' own name the call). */
static int enter_root(const struct ns_unshare *u, struct ns_error *err)
{
	const char *wd = u->wd;
	struct ns_error e;

	if (u->root) {
		if (ns_chroot(u->root, &e) < 0)
			return nsi_error(err, e.step, e.code,
					 "cannot change root directory to '%s'", u->root);
		if (!wd)
			wd = "/";
	}
	if (!wd)
		return 0;
	nsi_trace("set the working directory", "chdir(\"%s\")", wd);
	if (chdir(wd) < 0)
		return nsi_error(err, NS_STEP_CHDIR, errno, "cannot chdir to '%s'", wd);
	return ns_cwd_check(wd, err);
}

/* A fresh mount of proc (binfmt_misc) on dir, after making dir private where / was not. */
static int private_then(const struct ns_unshare *u, const char *dir, bool binfmt,
			struct ns_error *err)
{
	if (!u->root && u->propagation != (MS_REC | MS_PRIVATE)) {
		int rc = ns_propagation_set(dir, MS_REC | MS_PRIVATE, err);

		/* A directory that is no mount point yet gives EINVAL: that is fine. */
		if (rc && rc != -EINVAL)
			return rc;
	}
	return binfmt ? ns_binfmt_mount(dir, err) : ns_proc_mount(dir, err);
}

static int mounts(const struct ns_unshare *u, struct ns_error *err)
{
	int rc = 0;

	if ((u->flags & CLONE_NEWNS) && u->propagation)
		rc = ns_propagation_set("/", u->propagation, err);
	if (!rc)
		rc = enter_root(u, err);
	if (!rc && u->mount_proc)
		rc = private_then(u, u->mount_proc, false, err);
	if (!rc && u->mount_binfmt)
		rc = private_then(u, u->mount_binfmt, true, err);
	for (size_t i = 0; !rc && u->mount_binfmt && u->load_interp && u->load_interp[i]; i++)
		rc = ns_binfmt_register(u->mount_binfmt, u->load_interp[i], err);
	return rc;
}

/* Steps after the fork (or without one), in the process that goes on to exec. */
static int setup_self(const struct ns_unshare *u, struct ns_fork *f, struct ns_error *err)
{
	struct ns_cred c;
	int rc = mounts(u, err);

	ns_cred_init(&c);
	c.uid = u->uid;
	c.gid = u->gid;
	c.set_groups = u->gid != NS_GID_UNSET;
	/* In a user namespace whose setgroups is "deny" there are no groups to drop. */
	c.groups_may_fail = u->flags & CLONE_NEWUSER;
	if (!rc)
		rc = ns_cred_set(&c, err);
	/* A change of credentials clears the death signal: set it again. */
	if (!rc && f && (c.uid != NS_UID_UNSET || c.gid != NS_GID_UNSET))
		rc = ns_fork_deathsig(f, err);
	if (f && f->parent_fd >= 0)
		close(f->parent_fd);
	if (!rc && u->keep_caps && (u->flags & CLONE_NEWUSER))
		rc = ns_caps_keep(err);
	return rc;
}

struct parent_job {
	const struct ns_unshare *u;
	struct nsi_helper *binder;
};

/* In the parent after the fork: the files of pid_for_children and the rest are bound now. */
static int bind_in_parent(pid_t child, void *data, struct ns_error *err)
{
	struct parent_job *j = data;

	(void)child;
	if (!has_persist(j->u))
		return 0;
	return j->binder->pid ? nsi_helper_finish(j->binder, err) : bind_files(j->u, getpid(), err);
}

/* Before unshare(): helpers that stay outside, where the new namespaces cannot reach. */
static int start_helpers(const struct ns_unshare *u, struct nsi_helper *binder,
			 struct nsi_helper *mapper, struct ns_error *err)
{
	int rc;

	if (has_persist(u) && (u->flags & (CLONE_NEWNS | CLONE_NEWUSER))) {
		rc = nsi_helper_start(binder, bind_files, u,
				      "a helper stays in the old mount and user namespaces to bind "
				      "the namespace files there",
				      err);
		if (rc)
			return rc;
	}
	if (!u->uid_map.n && !u->gid_map.n)
		return 0;
	if (u->owner_uid == NS_UID_UNSET && u->owner_gid == NS_GID_UNSET &&
	    self_mappable(&u->uid_map, (uint32_t)geteuid()) &&
	    self_mappable(&u->gid_map, (uint32_t)getegid()))
		return 0;
	return nsi_helper_start(mapper, helper_maps, u,
				"a helper stays in the parent user namespace to write the ID maps "
				"the new namespace's own processes may not",
				err);
}

/* unshare(2) and what must follow it before any fork: setgroups, ID maps, clock offsets. */
static int new_namespaces(const struct ns_unshare *u, struct nsi_helper *mapper, bool root,
			  struct ns_error *err)
{
	bool helper = mapper->pid > 0;
	int rc = 0;

	if (u->owner_uid != NS_UID_UNSET || u->owner_gid != NS_GID_UNSET)
		rc = set_owner(u, err);
	if (!rc)
		rc = ns_unshare_flags(u->flags, err);
	if (!rc && (!helper || !root))
		rc = setgroups_policy(u, 0, err);
	if (!rc && helper)
		rc = nsi_helper_finish(mapper, err);
	if (!rc && !helper)
		rc = write_map(0, false, &u->uid_map, true, err);
	if (!rc && !helper)
		rc = write_map(0, true, &u->gid_map, true, err);
	if (!rc && (u->flags & CLONE_NEWTIME) && (u->has_monotonic || u->has_boottime))
		rc = ns_time_offsets_write(u->has_monotonic, u->monotonic, u->has_boottime,
					   u->boottime, err);
	return rc;
}

int ns_unshare(const struct ns_unshare *u, int *status, struct ns_error *err)
{
	struct nsi_helper binder = { 0, -1, -1 }, mapper = { 0, -1, -1 };
	struct parent_job job = { u, &binder };
	bool root = geteuid() == 0;
	struct ns_fork f;
	pid_t self;
	int rc;

	rc = start_helpers(u, &binder, &mapper, err);
	if (!rc)
		rc = new_namespaces(u, &mapper, root, err);
	if (rc) {
		nsi_helper_cancel(&mapper);
		nsi_helper_cancel(&binder);
		return rc;
	}
	if (!u->fork) {
		rc = bind_in_parent(0, &job, err);
		return rc ? rc : setup_self(u, NULL, err);
	}
	ns_fork_init(&f);
	f.kill_child = u->kill_child;
	f.forward_signals = u->forward_signals;
	f.in_parent = bind_in_parent;
	f.data = &job;
	self = getpid();
	rc = ns_fork_wait(&f, status, err);
	if (getpid() != self) {
		/* The child: the binder is the parent's to finish. */
		nsi_helper_close(&binder);
		return rc ? rc : setup_self(u, &f, err);
	}
	if (rc < 0)
		nsi_helper_cancel(&binder);
	return rc;
}
