// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The namespaces lsns 2.38.1 misses (util-linux #1881, #1884): those no process is in, kept
 * alive by an open descriptor, a thread that joined another namespace, a pid_for_children or
 * time_for_children not yet entered, or a bind mount of the namespace file in any mount
 * namespace. The scan reads them as it reads the processes; a process that has ended by then
 * is skipped.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan.h"

/* A directory below /proc/<pid>, for readdir; NULL when the process is gone or private. */
static DIR *open_dir(int procfd, const char *name, const char *sub)
{
	char path[300];
	DIR *dir;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", name, sub);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	dir = fdopendir(fd);
	if (!dir)
		close(fd);
	return dir;
}

int nsi_scan_fds(struct nsi_scanctx *c, const char *name, pid_t pid)
{
	char text[NS_TEXT_MAX];
	struct dirent *d;
	int rc = 0;
	DIR *dir = open_dir(c->procfd, name, "fd");

	if (!dir)
		return 0;
	while (!rc && (d = readdir(dir))) {
		uint64_t ino;
		ssize_t n;
		int type;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		/* nsfs names its files "net:[4026531840]" whatever path opened them. */
		n = readlinkat(dirfd(dir), d->d_name, text, sizeof(text) - 1);
		if (n <= 0 || text[0] == '/')
			continue;
		text[n] = '\0';
		if (ns_link_parse(text, &type, &ino) < 0 || type < 0)
			continue;
		rc = nsi_hold(c, type, ino, NS_HOLDER_FD, pid, strtoull(d->d_name, NULL, 10), NULL);
	}
	closedir(dir);
	return rc;
}

static int scan_thread(struct nsi_scanctx *c, int taskfd, const char *tid, pid_t pid)
{
	uint64_t ino[NS_NENTRIES];
	char path[300];
	int nsfd, rc = 0;

	snprintf(path, sizeof(path), "%s/ns", tid);
	nsfd = openat(taskfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0)
		return 0;
	nsi_read_links(nsfd, c->mask, ino);
	close(nsfd);
	for (size_t i = 0; i < NS_NENTRIES && !rc; i++)
		if (ino[i])
			rc = nsi_hold(c, ns_entry_info(i)->type, ino[i], NS_HOLDER_THREAD, pid,
				      strtoull(tid, NULL, 10), NULL);
	return rc;
}

int nsi_scan_threads(struct nsi_scanctx *c, const char *name, pid_t pid)
{
	struct dirent *d;
	struct stat st;
	char path[300];
	int rc = 0;
	DIR *dir;

	/* The task directory's link count is 2 + its threads: one stat spares most processes
	 * a readdir. */
	snprintf(path, sizeof(path), "%s/task", name);
	if (fstatat(c->procfd, path, &st, 0) < 0 || st.st_nlink <= 3)
		return 0;
	dir = open_dir(c->procfd, name, "task");
	if (!dir)
		return 0;
	while (!rc && (d = readdir(dir)))
		if (isdigit((unsigned char)d->d_name[0]) && strcmp(d->d_name, name))
			rc = scan_thread(c, dirfd(dir), d->d_name, pid);
	closedir(dir);
	return rc;
}

static int scan_table(struct nsi_scanctx *c, pid_t pid, struct ns_error *err)
{
	struct ns_file *files;
	struct ns_error e;
	char path[300];
	size_t n;
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)pid);
	nsi_trace("a bind mount of a namespace file keeps the namespace alive, in whatever mount "
		  "namespace it was made: each mount namespace's table is read once",
		  "libmount: mnt_new_table_from_file(\"%s\") (the mount ns of PID %d)", path,
		  (int)pid);
	rc = ns_nsfs_mounts(path, &files, &n, &e);
	if (rc < 0) {
		/* A table gone with its process is skipped; libmount missing is not. */
		if (e.code == ELIBACC || e.code == ENOMEM) {
			*err = e;
			return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (files[i].type >= 0)
			rc = nsi_hold(c, files[i].type, files[i].id.ino, NS_HOLDER_MOUNT, pid, 0,
				      files[i].path);
	ns_files_free(files, n);
	if (rc < 0)
		return nsi_error(err, NS_STEP_SCAN, -rc, "cannot list the namespaces");
	return 0;
}

int nsi_scan_mounts(struct nsi_scanctx *c, struct ns_error *err)
{
	size_t n = c->t->n;

	for (size_t i = 0; i < n; i++) {
		const struct nsi_rec *r = &c->t->v[i];
		int rc;

		if (r->ns.type != NS_MNT || !r->ns.nprocs)
			continue;
		rc = scan_table(c, r->ns.pid, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}
