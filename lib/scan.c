// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every namespace on the system: what lsns lists (each process's /proc/<pid>/ns links, each
 * namespace's lowest PID) and what it misses (descriptors, threads, *_for_children, bind
 * mounts in every mount namespace, ancestors). One pass over /proc; the namespaces in a hash
 * table by inode; the details (owner, command, parent) read once per lowest PID at the end.
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

static uint64_t hash64(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static int table_grow(struct nsi_nstable *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 1024;
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = hash64(t->v[i].ns.ino) & (nslots - 1);

		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

struct nsi_rec *nsi_nstable_find(const struct nsi_nstable *t, uint64_t ino)
{
	if (!t->nslots)
		return NULL;
	for (size_t j = hash64(ino) & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1))
		if (t->v[t->slots[j] - 1].ns.ino == ino)
			return &t->v[t->slots[j] - 1];
	return NULL;
}

/* The record of ino, added (holder as given, no process) when new; NULL without memory. */
struct nsi_rec *nsi_nstable_add(struct nsi_nstable *t, int type, uint64_t ino, bool listed,
				bool *added)
{
	struct nsi_rec *r = nsi_nstable_find(t, ino);
	size_t j;

	*added = false;
	if (r)
		return r;
	if ((t->n + 1) * 2 > t->nslots && table_grow(t) < 0)
		return NULL;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct nsi_rec *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	r = &t->v[t->n];
	memset(r, 0, sizeof(*r));
	r->ns.type = (enum ns_type)type;
	r->ns.ino = ino;
	r->listed = listed;
	for (j = hash64(ino) & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1))
		;
	t->slots[j] = ++t->n;
	*added = true;
	return r;
}

void nsi_nstable_free(struct nsi_nstable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	for (size_t i = 0; i < t->npids; i++) {
		free(t->pids[i].command);
		free(t->pids[i].container);
	}
	free(t->v);
	free(t->slots);
	free(t->pids);
	free(t->list);
	free(t);
}

/* A hidden holder for a namespace no process has been seen in (the first one found stays). */
int nsi_hold(struct nsi_scanctx *c, int type, uint64_t ino, enum ns_holder how, pid_t pid,
	     uint64_t num, const char *path)
{
	bool listed = type >= 0 && (c->types & (1u << type)), added;
	struct nsi_rec *r;

	if (!listed)
		return 0;
	r = nsi_nstable_add(c->t, type, ino, true, &added);
	if (!r)
		return -ENOMEM;
	if (!added)
		return 0;
	r->ns.holder = how;
	r->ns.holder_pid = pid;
	r->ns.holder_num = num;
	if (path && !(r->path = strdup(path)))
		return -ENOMEM;
	r->ns.holder_path = r->path;
	return 0;
}

/* Reads the links in mask below nsfd into ino[] (0: unreadable or not a namespace). */
void nsi_read_links(int nsfd, unsigned mask, uint64_t ino[NS_NENTRIES])
{
	char text[NS_TEXT_MAX];

	for (size_t i = 0; i < NS_NENTRIES; i++) {
		ssize_t n;

		ino[i] = 0;
		if (!(mask & (1u << i)))
			continue;
		n = readlinkat(nsfd, ns_entry_info(i)->name, text, sizeof(text) - 1);
		if (n <= 0)
			continue;
		text[n] = '\0';
		if (ns_link_parse(text, NULL, &ino[i]) < 0)
			ino[i] = 0;
	}
}

/*
 * With NS_SCAN_RELATIONS each namespace seen first is opened for its ioctls. An entry whose
 * namespace is most often new (each process in a namespace of its own) is opened at once,
 * its inode taken by fstat: one open instead of a readlink and an open. A counter per entry
 * says which: up when the namespace was new, down when not; open at 2 or more.
 */
static unsigned open_mask(const struct nsi_scanctx *c)
{
	unsigned mask = 0;

	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (c->newness[i] >= 2)
			mask |= 1u << i;
	return mask & c->mask;
}

static void open_links(int nsfd, unsigned mask, uint64_t ino[NS_NENTRIES], int fd[NS_NENTRIES])
{
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		uint64_t one[NS_NENTRIES];
		struct stat st;

		fd[i] = -1;
		if (!(mask & (1u << i)))
			continue;
		fd[i] = openat(nsfd, ns_entry_info(i)->name, O_RDONLY | O_CLOEXEC);
		if (fd[i] >= 0 && fstat(fd[i], &st) == 0) {
			ino[i] = st.st_ino;
			continue;
		}
		if (fd[i] >= 0)
			close(fd[i]);
		fd[i] = -1;
		nsi_read_links(nsfd, 1u << i, one); /* as if not opened */
		ino[i] = one[i];
	}
}

/* A namespace seen first: its owner and parent asked now, while its directory is open. */
static int relate_new(struct nsi_scanctx *c, struct nsi_rec *r, int nsfd, int fd)
{
	size_t i = (size_t)(r - c->t->v);
	int rc;

	if (fd >= 0)
		return nsi_relate(c, i, fd);
	fd = openat(nsfd, ns_type_info(r->ns.type)->name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	rc = nsi_relate(c, i, fd);
	close(fd);
	return rc;
}

/* A process's own namespaces: it counts in each, and may be its lowest PID. */
static int add_process(struct nsi_scanctx *c, pid_t pid, const uint64_t ino[NS_NENTRIES], int nsfd,
		       const int fd[NS_NENTRIES])
{
	for (int t = 0; t < NS_NTYPES; t++) {
		int e = ns_type_entry((enum ns_type)t);
		bool listed = c->types & (1u << t), added;
		struct nsi_rec *r;

		if (!ino[e] || (!listed && t != NS_MNT))
			continue;
		r = nsi_nstable_add(c->t, t, ino[e], listed, &added);
		if (!r)
			return -ENOMEM;
		if (!r->ns.nprocs || pid < r->ns.pid)
			r->ns.pid = pid;
		r->ns.nprocs++;
		r->ns.holder = NS_HOLDER_PROCESS;
		if (!listed || !(c->flags & NS_SCAN_RELATIONS))
			continue;
		if (added ? c->newness[e] < 3 : c->newness[e] > 0)
			c->newness[e] += added ? 1 : -1;
		if (added && relate_new(c, r, nsfd, fd[e]) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int scan_process(struct nsi_scanctx *c, const char *name)
{
	uint64_t ino[NS_NENTRIES];
	int fd[NS_NENTRIES];
	pid_t pid = (pid_t)strtol(name, NULL, 10);
	char path[300];
	unsigned open = open_mask(c);
	int nsfd, rc;

	snprintf(path, sizeof(path), "%s/ns", name);
	nsfd = openat(c->procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0) {
		c->scan->counts.nvanished++;
		return 0;
	}
	nsi_read_links(nsfd, c->mask & ~open, ino);
	open_links(nsfd, open, ino, fd);
	rc = add_process(c, pid, ino, nsfd, fd);
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	close(nsfd);
	if (rc < 0 || !(c->flags & NS_SCAN_HIDDEN))
		return rc;
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (ino[i] && ns_entry_info(i)->for_children) {
			rc = nsi_hold(c, ns_entry_info(i)->type, ino[i], NS_HOLDER_CHILDREN, pid, 0,
				      NULL);
			if (rc < 0)
				return rc;
		}
	rc = nsi_scan_fds(c, name, pid);
	if (rc == 0)
		rc = nsi_scan_threads(c, name, pid);
	return rc;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct ns_namespace *x = *(const struct ns_namespace *const *)a;
	const struct ns_namespace *y = *(const struct ns_namespace *const *)b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* The listed namespaces in order of inode, as lsns sorts them. */
static int make_list(struct nsi_nstable *t)
{
	t->nlist = 0;
	free(t->list);
	t->list = malloc((t->n ? t->n : 1) * sizeof(*t->list));
	if (!t->list)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].listed)
			t->list[t->nlist++] = &t->v[i].ns;
	qsort(t->list, t->nlist, sizeof(*t->list), cmp_rec);
	return 0;
}

static int scan_proc(struct nsi_scanctx *c, struct ns_error *err)
{
	struct dirent *d;
	int rc = 0;
	DIR *dir;

	dir = fdopendir(fcntl(c->procfd, F_DUPFD_CLOEXEC, 0));
	if (!dir)
		return nsi_error(err, NS_STEP_SCAN, errno, "cannot read /proc");
	while ((errno = 0, d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		rc = scan_process(c, d->d_name);
		if (rc < 0) {
			rc = nsi_error(err, NS_STEP_SCAN, -rc, "cannot list the namespaces");
			break;
		}
	}
	if (!rc && errno)
		rc = nsi_error(err, NS_STEP_SCAN, errno, "cannot read /proc");
	closedir(dir);
	return rc;
}

static void explain(unsigned flags)
{
	nsi_trace("every process's namespaces are the links of /proc/<pid>/ns: a namespace is "
		  "listed once, with its lowest PID",
		  "readdir(\"/proc\"), then readlinkat() of each /proc/<pid>/ns/<type>");
	if (flags & NS_SCAN_HIDDEN) {
		nsi_trace("an open descriptor keeps a namespace alive with no process in it",
			  "readlinkat() of each /proc/<pid>/fd/<fd>");
		nsi_trace(
			"a thread may be in a namespace its process is not in (setns in a thread)",
			"fstatat(\"/proc/<pid>/task\") for the thread count, then readlinkat() of "
			"/proc/<pid>/task/<tid>/ns/<type>");
		nsi_trace("a new PID or time namespace has no process until the first child",
			  "readlinkat() of /proc/<pid>/ns/pid_for_children, time_for_children");
	}
	nsi_trace(flags & NS_SCAN_NO_UID ? "each namespace's lowest PID: its command" :
					   "each namespace's lowest PID: its owner, its command",
		  "%sread /proc/<pid>/cmdline%s%s",
		  flags & NS_SCAN_NO_UID ? "" : "fstatat(\"/proc/<pid>\"), ",
		  flags & NS_SCAN_PPID ? ", /proc/<pid>/stat" : "",
		  flags & NS_SCAN_CONTAINER ? ", /proc/<pid>/cgroup (the container)" : "");
}

int ns_scan_namespaces(struct ns_scan *scan, unsigned flags, struct ns_error *err)
{
	struct nsi_scanctx c = { .scan = scan, .flags = flags };
	int rc;

	for (int t = 0; t < NS_NTYPES; t++)
		if (scan->entries & (1u << ns_type_entry((enum ns_type)t)))
			c.types |= 1u << t;
	/* mnt always: the mount tables to read are one per mount namespace. */
	c.mask = 0;
	for (int t = 0; t < NS_NTYPES; t++)
		if ((c.types & (1u << t)) || t == NS_MNT)
			c.mask |= 1u << ns_type_entry((enum ns_type)t);
	if (flags & NS_SCAN_HIDDEN)
		c.mask |= (ns_type_entries(NS_PID) | ns_type_entries(NS_TIME)) & scan->entries;
	nsi_nstable_free(scan->nst);
	scan->nst = c.t = calloc(1, sizeof(*c.t));
	if (!c.t)
		return nsi_error(err, NS_STEP_SCAN, ENOMEM, "cannot list the namespaces");
	explain(flags);
	c.owner_fd = -1;
	c.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c.procfd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open /proc");
	rc = scan_proc(&c, err);
	if (!rc && (flags & NS_SCAN_HIDDEN))
		rc = nsi_scan_mounts(&c, err);
	if (!rc)
		rc = nsi_scan_details(&c, err);
	if (!rc && (flags & (NS_SCAN_RELATIONS | NS_SCAN_HIDDEN)))
		rc = nsi_scan_relations(&c, err);
	if (!rc && make_list(c.t) < 0)
		rc = nsi_error(err, NS_STEP_SCAN, ENOMEM, "cannot list the namespaces");
	if (c.owner_fd >= 0)
		close(c.owner_fd);
	close(c.procfd);
	return rc;
}

size_t ns_scan_nnamespaces(const struct ns_scan *scan)
{
	return scan->nst ? scan->nst->nlist : 0;
}

const struct ns_namespace *ns_scan_namespace(const struct ns_scan *scan, size_t i)
{
	return scan->nst && i < scan->nst->nlist ? scan->nst->list[i] : NULL;
}

const struct ns_namespace *ns_scan_find(const struct ns_scan *scan, uint64_t ino)
{
	struct nsi_rec *r = scan->nst ? nsi_nstable_find(scan->nst, ino) : NULL;

	return r && r->listed ? &r->ns : NULL;
}

const char *ns_namespace_holder(const struct ns_namespace *ns, char *buf, size_t size)
{
	const char *child = ns->type == NS_TIME ? "time_for_children" : "pid_for_children";

	switch (ns->holder) {
	case NS_HOLDER_FD:
		snprintf(buf, size, "fd %llu of PID %d", (unsigned long long)ns->holder_num,
			 (int)ns->holder_pid);
		break;
	case NS_HOLDER_MOUNT:
		snprintf(buf, size, "bind mount %s in the mount ns of PID %d", ns->holder_path,
			 (int)ns->holder_pid);
		break;
	case NS_HOLDER_THREAD:
		snprintf(buf, size, "thread %llu of PID %d", (unsigned long long)ns->holder_num,
			 (int)ns->holder_pid);
		break;
	case NS_HOLDER_CHILDREN:
		snprintf(buf, size, "%s of PID %d", child, (int)ns->holder_pid);
		break;
	case NS_HOLDER_PARENT:
	case NS_HOLDER_OWNER:
		snprintf(buf, size, "%s of %llu",
			 ns->holder == NS_HOLDER_PARENT ? "parent" : "owner",
			 (unsigned long long)ns->holder_num);
		break;
	default:
		snprintf(buf, size, "%s", "");
	}
	return buf;
}
