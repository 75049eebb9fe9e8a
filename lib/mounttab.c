// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Mount-table queries through libmount, loaded with dlopen() the first time one is made
 * (DESIGN.md rule 5): linking it would cost every start of every tool about 0.7 ms, for
 * libblkid, libselinux and pcre2, although most runs never read a mount table. The header
 * gives the types; the few functions we call are looked up by name.
 */
#include <dlfcn.h>
#include <errno.h>
#include <libmount/libmount.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "internal.h"

#ifndef LIBMOUNT_SONAME
#define LIBMOUNT_SONAME "libmount.so.1"
#endif

static struct {
	struct libmnt_table *(*new_table_from_file)(const char *);
	void (*unref_table)(struct libmnt_table *);
	struct libmnt_iter *(*new_iter)(int);
	void (*free_iter)(struct libmnt_iter *);
	int (*table_next_fs)(struct libmnt_table *, struct libmnt_iter *, struct libmnt_fs **);
	struct libmnt_fs *(*table_find_mountpoint)(struct libmnt_table *, const char *, int);
	const char *(*fs_get_fstype)(struct libmnt_fs *);
	const char *(*fs_get_target)(struct libmnt_fs *);
	const char *(*fs_get_root)(struct libmnt_fs *);
	dev_t (*fs_get_devno)(struct libmnt_fs *);
	int (*fs_get_propagation)(struct libmnt_fs *, unsigned long *);
} mnt;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void)
{
#ifdef LIBNS_STATIC
	/*
	 * A static build (LIBNS_STATIC_TOOLS): dlopen() would need the shared libc of the very
	 * version this program was linked with, loaded beside its own copy. Say so instead.
	 */
	snprintf(load_error, sizeof(load_error),
		 "cannot load %s: a statically linked program reads no mount table",
		 LIBMOUNT_SONAME);
#else
	void *h;

	nsi_trace("a namespace kept alive by a bind mount of its file is in the mount table, "
		  "which libmount reads; it is loaded only now, by the first query",
		  "dlopen(\"%s\")", LIBMOUNT_SONAME);
	h = dlopen(LIBMOUNT_SONAME, RTLD_NOW | RTLD_LOCAL);
	const struct {
		const char *name;
		void **slot;
	} syms[] = {
		{ "mnt_new_table_from_file", (void **)&mnt.new_table_from_file },
		{ "mnt_unref_table", (void **)&mnt.unref_table },
		{ "mnt_new_iter", (void **)&mnt.new_iter },
		{ "mnt_free_iter", (void **)&mnt.free_iter },
		{ "mnt_table_next_fs", (void **)&mnt.table_next_fs },
		{ "mnt_table_find_mountpoint", (void **)&mnt.table_find_mountpoint },
		{ "mnt_fs_get_fstype", (void **)&mnt.fs_get_fstype },
		{ "mnt_fs_get_target", (void **)&mnt.fs_get_target },
		{ "mnt_fs_get_root", (void **)&mnt.fs_get_root },
		{ "mnt_fs_get_devno", (void **)&mnt.fs_get_devno },
		{ "mnt_fs_get_propagation", (void **)&mnt.fs_get_propagation },
	};

	if (!h) {
		snprintf(load_error, sizeof(load_error), "cannot load %s (%s)", LIBMOUNT_SONAME,
			 dlerror());
		return;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		*syms[i].slot = dlsym(h, syms[i].name);
		if (!*syms[i].slot) {
			snprintf(load_error, sizeof(load_error), "cannot find %s in %s",
				 syms[i].name, LIBMOUNT_SONAME);
			memset(&mnt, 0, sizeof(mnt));
			dlclose(h);
			return;
		}
	}
#endif
}

static int libmount(struct ns_error *err)
{
	pthread_once(&load_once, load);
	if (load_error[0])
		return nsi_error(err, NS_STEP_MOUNTTAB, ELIBACC, "%s", load_error);
	return 0;
}

static struct libmnt_table *open_table(const char *mountinfo, struct ns_error *err)
{
	struct libmnt_table *tb;

	/* libmount reports failure as NULL with errno set, mostly. */
	errno = 0;
	tb = mnt.new_table_from_file(mountinfo);
	if (!tb)
		nsi_error(err, NS_STEP_MOUNTTAB, errno ? errno : EINVAL,
			  "cannot read the mount table %s", mountinfo);
	return tb;
}

void ns_files_free(struct ns_file *files, size_t nfiles)
{
	if (!files)
		return;
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
}

struct file_list {
	struct ns_file *v;
	size_t n, cap;
};

static bool listed(const struct file_list *l, const struct ns_file *f)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id.dev == f->id.dev && l->v[i].id.ino == f->id.ino &&
		    !strcmp(l->v[i].path, f->path))
			return true;
	return false;
}

/* Appends the nsfs mounts of one table (pid: whose it is, for ns_file.pid). */
static int read_nsfs(const char *mountinfo, pid_t pid, struct file_list *l, struct ns_error *err)
{
	struct libmnt_table *tb;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	int rc = 0;

	tb = open_table(mountinfo, err);
	if (!tb)
		return -(err && err->code ? err->code : EINVAL);
	itr = mnt.new_iter(MNT_ITER_FORWARD);
	if (!itr) {
		mnt.unref_table(tb);
		return nsi_error(err, NS_STEP_MOUNTTAB, ENOMEM, "cannot read the mount table %s",
				 mountinfo);
	}
	while (mnt.table_next_fs(tb, itr, &fs) == 0) {
		const char *type = mnt.fs_get_fstype(fs), *root = mnt.fs_get_root(fs);
		const char *target = mnt.fs_get_target(fs);
		struct ns_file f;

		if (!type || strcmp(type, "nsfs") || !target)
			continue;
		memset(&f, 0, sizeof(f));
		f.pid = pid;
		/* The root of an nsfs mount is the namespace's name: "net:[4026532254]". */
		snprintf(f.text, sizeof(f.text), "%s", root ? root : "");
		if (ns_link_parse(f.text, &f.type, &f.id.ino) < 0)
			f.type = -1;
		f.id.dev = mnt.fs_get_devno(fs);
		f.path = (char *)target;
		if (listed(l, &f))
			continue;
		if (l->n == l->cap) {
			size_t c = l->cap ? l->cap * 2 : 8;
			struct ns_file *v = realloc(l->v, c * sizeof(*v));

			if (!v) {
				rc = nsi_error(err, NS_STEP_MOUNTTAB, ENOMEM,
					       "cannot list the namespace files");
				break;
			}
			l->v = v;
			l->cap = c;
		}
		f.path = strdup(target);
		if (!f.path) {
			rc = nsi_error(err, NS_STEP_MOUNTTAB, ENOMEM,
				       "cannot list the namespace files");
			break;
		}
		l->v[l->n++] = f;
	}
	mnt.free_iter(itr);
	mnt.unref_table(tb);
	return rc;
}

int ns_nsfs_mounts(const char *mountinfo, struct ns_file **files, size_t *nfiles,
		   struct ns_error *err)
{
	struct file_list l = { 0 };
	int rc;

	*files = NULL;
	*nfiles = 0;
	rc = libmount(err);
	if (rc < 0)
		return rc;
	rc = read_nsfs(mountinfo ? mountinfo : "/proc/self/mountinfo", 0, &l, err);
	if (rc < 0) {
		ns_files_free(l.v, l.n);
		return rc;
	}
	*files = l.v;
	*nfiles = l.n;
	return 0;
}

static int cmp_ino(const void *a, const void *b)
{
	const struct ns_group *x = *(const struct ns_group *const *)a;
	const struct ns_group *y = *(const struct ns_group *const *)b;
	int mnt_entry = ns_entry_lookup("mnt");
	uint64_t p = x->ns.entry[mnt_entry].id.ino, q = y->ns.entry[mnt_entry].id.ino;

	return (p > q) - (p < q);
}

int ns_scan_nsfs_mounts(const struct ns_scan *scan, struct ns_file **files, size_t *nfiles,
			struct ns_error *err)
{
	size_t ngroups = ns_scan_ngroups(scan), n = 0;
	int mnt_entry = ns_entry_lookup("mnt");
	const struct ns_group **byns = NULL;
	struct file_list l = { 0 };
	struct ns_entry_state self;
	int rc;

	*files = NULL;
	*nfiles = 0;
	rc = libmount(err);
	if (rc < 0)
		return rc;
	rc = read_nsfs("/proc/self/mountinfo", 0, &l, err);
	if (rc < 0)
		goto out;
	if (ns_entry_read(0, (size_t)mnt_entry, &self, NULL) < 0 || !ngroups)
		goto out;
	/* One table per mount namespace other than ours: the groups in it, by inode. */
	byns = malloc(ngroups * sizeof(*byns));
	if (!byns) {
		rc = nsi_error(err, NS_STEP_MOUNTTAB, ENOMEM, "cannot list the namespace files");
		goto out;
	}
	for (size_t g = 0; g < ngroups; g++) {
		const struct ns_group *gr = ns_scan_group(scan, g);
		const struct ns_entry_state *st = &gr->ns.entry[mnt_entry];

		if (!st->error && (st->id.dev != self.id.dev || st->id.ino != self.id.ino))
			byns[n++] = gr;
	}
	qsort(byns, n, sizeof(*byns), cmp_ino);
	for (size_t i = 0; i < n; i++) {
		char path[64];

		if (i &&
		    byns[i]->ns.entry[mnt_entry].id.ino == byns[i - 1]->ns.entry[mnt_entry].id.ino)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)byns[i]->ns.pid);
		/* A process that has ended since the scan takes its table with it: skip it. */
		rc = read_nsfs(path, byns[i]->ns.pid, &l, NULL);
		if (rc == -ENOMEM) {
			rc = nsi_error(err, NS_STEP_MOUNTTAB, ENOMEM,
				       "cannot list the namespace files");
			goto out;
		}
		rc = 0;
	}
out:
	free(byns);
	if (rc < 0) {
		ns_files_free(l.v, l.n);
		return rc;
	}
	*files = l.v;
	*nfiles = l.n;
	return 0;
}

int ns_mount_propagation(const char *path, unsigned long *flags, char *target, size_t size,
			 struct ns_error *err)
{
	const char *mountinfo = "/proc/self/mountinfo";
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	char *real;
	int rc;

	rc = libmount(err);
	if (rc < 0)
		return rc;
	/* The table lists canonical mount points; a relative or symlinked path must match. */
	real = realpath(path, NULL);
	if (!real)
		return nsi_error(err, NS_STEP_MOUNTTAB, errno, "cannot resolve %s", path);
	tb = open_table(mountinfo, err);
	if (!tb) {
		free(real);
		return -(err && err->code ? err->code : EINVAL);
	}
	fs = mnt.table_find_mountpoint(tb, real, MNT_ITER_BACKWARD);
	if (!fs) {
		rc = nsi_error(err, NS_STEP_MOUNTTAB, ENOENT, "no mount holds %s in %s", real,
			       mountinfo);
	} else {
		*flags = 0;
		if (mnt.fs_get_propagation(fs, flags) < 0)
			rc = nsi_error(err, NS_STEP_MOUNTTAB, EINVAL,
				       "cannot read the propagation of %s", real);
		*flags &= MS_SHARED | MS_SLAVE | MS_UNBINDABLE;
		if (target && size)
			snprintf(target, size, "%s", mnt.fs_get_target(fs));
	}
	mnt.unref_table(tb);
	free(real);
	return rc;
}

const char *ns_propagation_name(unsigned long flags, char *buf, size_t size)
{
	const char *name;

	if ((flags & MS_SHARED) && (flags & MS_SLAVE))
		name = "shared,slave";
	else if (flags & MS_SHARED)
		name = "shared";
	else if (flags & MS_SLAVE)
		name = "slave";
	else if (flags & MS_UNBINDABLE)
		name = "unbindable";
	else
		name = "private";
	snprintf(buf, size, "%s", name);
	return buf;
}
