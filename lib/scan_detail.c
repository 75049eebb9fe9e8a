// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the scan says about each namespace beyond its processes: its lowest PID's owner,
 * command and parent (read once per PID, however many namespaces it leads), and through
 * ioctl_ns(2) its owning user namespace and its parent, adding the ancestors that no process
 * shows (util-linux #1281, #1297).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan.h"

#ifndef NS_GET_OWNER_UID
#define NS_GET_OWNER_UID _IO(0xb7, 0x4)
#endif

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = ((const struct nsi_pid *)a)->pid, y = ((const struct nsi_pid *)b)->pid;

	return (x > y) - (x < y);
}

/* Reads <pid>/<file> below procfd, all of it up to size - 1 bytes: its length, or -1. */
static ssize_t read_small(int procfd, pid_t pid, const char *file, char *buf, size_t size)
{
	size_t len = 0;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static void read_pid(int procfd, unsigned flags, struct nsi_pid *p)
{
	static char buf[65536];
	struct stat st;
	char name[16];
	ssize_t n;

	snprintf(name, sizeof(name), "%d", (int)p->pid);
	if (!(flags & NS_SCAN_NO_UID) && fstatat(procfd, name, &st, 0) == 0) {
		p->has_uid = true;
		p->uid = st.st_uid;
	}
	n = read_small(procfd, p->pid, "cmdline", buf, sizeof(buf));
	if (n > 0)
		p->command = ns_cmdline_text(buf, (size_t)n);
	if (!p->command && read_small(procfd, p->pid, "comm", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		p->command = strdup(buf);
	}
	if ((flags & NS_SCAN_PPID) && read_small(procfd, p->pid, "stat", buf, 4096) > 0) {
		/* "pid (comm) state ppid ...": comm may hold any byte, ')' included. */
		const char *e = strrchr(buf, ')');
		char state;
		int ppid;

		if (e && sscanf(e, ") %c %d", &state, &ppid) == 2)
			p->ppid = ppid;
	}
	if ((flags & NS_SCAN_CONTAINER) && read_small(procfd, p->pid, "cgroup", buf, 16384) > 0) {
		struct ns_container c;
		char text[400];

		if (ns_container_parse(buf, &c) == 1)
			p->container = strdup(ns_container_format(&c, text, sizeof(text)));
	}
}

int nsi_scan_details(struct nsi_scanctx *c, struct ns_error *err)
{
	struct nsi_nstable *t = c->t;
	size_t n = 0;

	t->pids = malloc((t->n ? t->n : 1) * sizeof(*t->pids));
	if (!t->pids)
		return nsi_error(err, NS_STEP_SCAN, ENOMEM, "cannot list the namespaces");
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].listed && t->v[i].ns.nprocs)
			t->pids[n++] = (struct nsi_pid){ .pid = t->v[i].ns.pid };
	qsort(t->pids, n, sizeof(*t->pids), cmp_pid);
	t->npids = 0;
	for (size_t i = 0; i < n; i++)
		if (!t->npids || t->pids[t->npids - 1].pid != t->pids[i].pid)
			t->pids[t->npids++] = t->pids[i];
	for (size_t i = 0; i < t->npids; i++)
		read_pid(c->procfd, c->flags, &t->pids[i]);
	for (size_t i = 0; i < t->n; i++) {
		struct ns_namespace *ns = &t->v[i].ns;
		struct nsi_pid key = { .pid = ns->pid }, *p;

		if (!t->v[i].listed || !ns->nprocs)
			continue;
		p = bsearch(&key, t->pids, t->npids, sizeof(*p), cmp_pid);
		if (!p)
			continue;
		ns->has_uid = p->has_uid;
		ns->uid = p->uid;
		ns->ppid = p->ppid;
		ns->command = p->command;
		ns->container = p->container;
	}
	return 0;
}

/* A descriptor of the namespace as the scan found it; -1 for an ancestor (no path). */
int nsi_open_ns(int procfd, const struct ns_namespace *ns)
{
	const struct ns_type_info *ti = ns_type_info(ns->type);
	char path[4200];

	switch (ns->holder) {
	case NS_HOLDER_PROCESS:
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->pid, ti->name);
		break;
	case NS_HOLDER_CHILDREN:
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->holder_pid, ti->children);
		break;
	case NS_HOLDER_FD:
		snprintf(path, sizeof(path), "%d/fd/%llu", (int)ns->holder_pid,
			 (unsigned long long)ns->holder_num);
		break;
	case NS_HOLDER_THREAD:
		snprintf(path, sizeof(path), "%d/task/%llu/ns/%s", (int)ns->holder_pid,
			 (unsigned long long)ns->holder_num, ti->name);
		break;
	case NS_HOLDER_MOUNT:
		snprintf(path, sizeof(path), "%d/root%s", (int)ns->holder_pid, ns->holder_path);
		break;
	default:
		return -1;
	}
	return openat(procfd, path, O_RDONLY | O_CLOEXEC);
}

static uint64_t fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static int relate(struct nsi_scanctx *c, size_t i, int fd, int depth);

int nsi_relate(struct nsi_scanctx *c, size_t i, int fd)
{
	return relate(c, i, fd, 0);
}

/* The ancestor ino (of type, reached through fd), added when no process showed it. */
static int add_ancestor(struct nsi_scanctx *c, size_t i, int fd, int type, uint64_t ino,
			enum ns_holder how, int depth)
{
	bool added;
	struct nsi_rec *r;
	uint64_t child = c->t->v[i].ns.ino;

	if ((c->flags & (NS_SCAN_HIDDEN | NS_SCAN_RELATIONS)) !=
		    (NS_SCAN_HIDDEN | NS_SCAN_RELATIONS) ||
	    !(c->types & (1u << type)) || depth > 64)
		return 0;
	r = nsi_nstable_add(c->t, type, ino, true, &added);
	if (!r)
		return -ENOMEM;
	if (!added)
		return 0;
	r->ns.holder = how;
	r->ns.holder_num = child;
	return relate(c, (size_t)(r - c->t->v), fd, depth + 1);
}

static int relate(struct nsi_scanctx *c, size_t i, int fd, int depth)
{
	struct ns_namespace *ns = &c->t->v[i].ns;
	enum ns_type type = ns->type;
	int ufd, pfd = -1, rc = 0;
	uid_t uid;

	c->t->v[i].related = true;

	if (type == NS_PID || type == NS_USER) {
		pfd = ioctl(fd, NS_GET_PARENT);
		if (pfd >= 0)
			ns->parent = fd_ino(pfd);
	}
	/* A user namespace's owner is its parent: one ioctl less. */
	ufd = type == NS_USER ? (pfd >= 0 ? fcntl(pfd, F_DUPFD_CLOEXEC, 0) : -1) :
				ioctl(fd, NS_GET_USERNS);
	if (ufd >= 0)
		ns->owner = type == NS_USER ? ns->parent : fd_ino(ufd);
	if (!ns->has_uid && !ns->nprocs &&
	    ioctl(type == NS_USER ? fd : ufd, NS_GET_OWNER_UID, &uid) == 0) {
		ns->has_uid = true;
		ns->uid = uid;
	}
	if (ufd >= 0 && ns->owner && ns->owner != ns->parent)
		rc = add_ancestor(c, i, ufd, NS_USER, ns->owner, NS_HOLDER_OWNER, depth);
	ns = &c->t->v[i].ns; /* the table may have moved */
	if (!rc && pfd >= 0 && ns->parent)
		rc = add_ancestor(c, i, pfd, type, ns->parent, NS_HOLDER_PARENT, depth);
	/* Kept open, the first owner's nsfs dentry stays: each NS_GET_USERNS for the same owner
	 * (most often the initial user namespace) then reuses it instead of building one. */
	if (ufd >= 0 && c->owner_fd < 0)
		c->owner_fd = ufd;
	else if (ufd >= 0)
		close(ufd);
	if (pfd >= 0)
		close(pfd);
	return rc;
}

int nsi_scan_relations(struct nsi_scanctx *c, struct ns_error *err)
{
	bool all = c->flags & NS_SCAN_RELATIONS;
	int rc = 0;

	nsi_trace("the owning user namespace and the parent of each namespace are kernel links "
		  "that only ioctl_ns(2) reads, on a descriptor of the namespace",
		  "open(\"/proc/<pid>/ns/<type>\"), ioctl(NS_GET_USERNS), ioctl(NS_GET_PARENT)"
		  "%s",
		  c->flags & NS_SCAN_HIDDEN ? ", ioctl(NS_GET_OWNER_UID)" : "");
	for (size_t i = 0; i < c->t->n && rc == 0; i++) {
		int fd;

		/* Without NS_SCAN_RELATIONS, only the owner of those with no process. */
		if (!c->t->v[i].listed || c->t->v[i].related || (!all && c->t->v[i].ns.nprocs))
			continue;
		fd = nsi_open_ns(c->procfd, &c->t->v[i].ns);
		if (fd < 0)
			continue;
		rc = relate(c, i, fd, 0);
		close(fd);
	}
	if (rc < 0)
		return nsi_error(err, NS_STEP_SCAN, -rc, "cannot list the namespaces");
	return 0;
}

void ns_processes_free(struct ns_process *procs, size_t n)
{
	for (size_t i = 0; procs && i < n; i++)
		free(procs[i].command);
	free(procs);
}

/* Appends pid to *v when one of its namespaces of the types in mask is ino. */
static int add_member(int procfd, const char *name, unsigned mask, uint64_t ino, struct nsi_pid **v,
		      size_t *n, size_t *cap)
{
	uint64_t links[NS_NENTRIES];
	char path[300];
	bool in = false;
	int nsfd;

	snprintf(path, sizeof(path), "%s/ns", name);
	nsfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0)
		return 0;
	nsi_read_links(nsfd, mask, links);
	close(nsfd);
	for (size_t i = 0; i < NS_NENTRIES; i++)
		in |= links[i] == ino;
	if (!in)
		return 0;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct nsi_pid *p = realloc(*v, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = (struct nsi_pid){ .pid = (pid_t)strtol(name, NULL, 10) };
	return 0;
}

int ns_namespace_processes(uint64_t ino, struct ns_process **procs, size_t *nprocs,
			   struct ns_error *err)
{
	unsigned mask = 0;
	struct nsi_pid *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	int procfd, rc = 0;
	DIR *dir;

	*procs = NULL;
	*nprocs = 0;
	for (int t = 0; t < NS_NTYPES; t++)
		mask |= 1u << ns_type_entry((enum ns_type)t);
	nsi_trace("the processes of one namespace: those whose /proc/<pid>/ns link names it",
		  "readdir(\"/proc\"), readlinkat() of each /proc/<pid>/ns/<type>, then "
		  "/proc/<pid>/stat, cmdline of each one in it");
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open /proc");
	dir = fdopendir(fcntl(procfd, F_DUPFD_CLOEXEC, 0));
	if (!dir) {
		close(procfd);
		return nsi_error(err, NS_STEP_SCAN, errno, "cannot read /proc");
	}
	while (!rc && (d = readdir(dir)))
		if (isdigit((unsigned char)d->d_name[0]))
			rc = add_member(procfd, d->d_name, mask, ino, &v, &n, &cap);
	closedir(dir);
	if (!rc && n && !(*procs = calloc(n, sizeof(**procs))))
		rc = -ENOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		read_pid(procfd, NS_SCAN_PPID, &v[i]);
		(*procs)[i] = (struct ns_process){ v[i].pid, v[i].ppid, v[i].has_uid, v[i].uid,
						   v[i].command };
	}
	close(procfd);
	free(v);
	if (rc < 0)
		return nsi_error(err, NS_STEP_SCAN, -rc, "cannot list the processes of %llu",
				 (unsigned long long)ino);
	*nprocs = n;
	return 0;
}
