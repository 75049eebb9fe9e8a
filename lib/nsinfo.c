// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/<pid>/ns: read one entry, snapshot a process, compare two snapshots, and group every
 * process on the system by the set of namespaces it is in. Nothing here changes the process,
 * so nothing is traced.
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

int ns_link_parse(const char *text, int *type, uint64_t *ino)
{
	const char *colon, *p;
	uint64_t v = 0;
	char name[32];
	size_t len;

	if (!text)
		return -EINVAL;
	colon = strchr(text, ':');
	if (!colon || colon == text || (size_t)(colon - text) >= sizeof(name))
		return -EINVAL;
	len = (size_t)(colon - text);
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)text[i]) && text[i] != '_')
			return -EINVAL;
	if (colon[1] != '[' || !isdigit((unsigned char)colon[2]))
		return -EINVAL;
	for (p = colon + 2; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p[0] != ']' || p[1] != '\0')
		return -EINVAL;
	if (type) {
		const struct ns_type_info *ti;

		memcpy(name, text, len);
		name[len] = '\0';
		ti = ns_type_lookup(name);
		/* Only the kernel's names, not the option spelling "mount". */
		*type = ti && !strcmp(ti->name, name) ? (int)ti->type : -1;
	}
	if (ino)
		*ino = v;
	return 0;
}

static void proc_ns_path(pid_t pid, char *buf, size_t size)
{
	if (pid == 0)
		snprintf(buf, size, "/proc/self/ns");
	else
		snprintf(buf, size, "/proc/%d/ns", (int)pid);
}

/* Reads entry i relative to the process's ns directory: stat for the identity, readlink for
 * the text. Returns 0 or the positive errno. */
static int read_entry_at(int dirfd, size_t i, struct ns_entry_state *st)
{
	const char *name = ns_entry_info(i)->name;
	struct stat sb;
	ssize_t n;

	memset(st, 0, sizeof(*st));
	if (fstatat(dirfd, name, &sb, 0) < 0) {
		st->error = errno;
		/* Unreadable, or not there at all (time on kernels before 5.6)? */
		if (st->error == ENOENT && fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
			st->absent = true;
		return st->error;
	}
	n = readlinkat(dirfd, name, st->text, sizeof(st->text) - 1);
	if (n < 0) {
		st->error = errno;
		st->text[0] = '\0';
		return st->error;
	}
	st->text[n] = '\0';
	st->id.dev = sb.st_dev;
	st->id.ino = sb.st_ino;
	return 0;
}

int ns_entry_read(pid_t pid, size_t entry, struct ns_entry_state *st, struct ns_error *err)
{
	char dir[64];
	int fd, e;

	if (!ns_entry_info(entry))
		return nsi_error(err, NS_STEP_READ, EINVAL, "no namespace entry %zu", entry);
	proc_ns_path(pid, dir, sizeof(dir));
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		memset(st, 0, sizeof(*st));
		st->error = e;
		return nsi_error(err, NS_STEP_OPEN, e, "cannot open %s", dir);
	}
	e = read_entry_at(fd, entry, st);
	close(fd);
	if (e)
		return nsi_error(err, NS_STEP_READ, e, "cannot read %s/%s", dir,
				 ns_entry_info(entry)->name);
	return 0;
}

int ns_snapshot_read(pid_t pid, struct ns_snapshot *snap, struct ns_error *err)
{
	char dir[64];
	int fd;

	memset(snap, 0, sizeof(*snap));
	snap->pid = pid;
	if (pid < 0)
		return nsi_error(err, NS_STEP_PARSE, EINVAL, "invalid PID %d", (int)pid);
	proc_ns_path(pid, dir, sizeof(dir));
	nsi_trace("a process's namespaces are the files of /proc/<pid>/ns: two processes share "
		  "one when their files are the same (device and inode)",
		  "open(\"%s\"), then fstatat() and readlinkat() of each entry", dir);
	/* One descriptor for the directory: each entry is then a short lookup from it. */
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", dir);
	for (size_t i = 0; i < NS_NENTRIES; i++)
		read_entry_at(fd, i, &snap->entry[i]);
	close(fd);
	return 0;
}

enum ns_relation ns_entry_compare(const struct ns_snapshot *a, const struct ns_snapshot *b,
				  size_t entry)
{
	const struct ns_entry_state *x, *y;

	if (entry >= NS_NENTRIES)
		return NS_UNREADABLE;
	x = &a->entry[entry];
	y = &b->entry[entry];
	if (x->error || y->error)
		return NS_UNREADABLE;
	return x->id.dev == y->id.dev && x->id.ino == y->id.ino ? NS_SHARED : NS_DIFFER;
}

unsigned ns_snapshot_diff(const struct ns_snapshot *a, const struct ns_snapshot *b)
{
	unsigned mask = 0;

	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (ns_entry_compare(a, b, i) == NS_DIFFER)
			mask |= 1u << i;
	return mask;
}

unsigned ns_snapshot_unreadable(const struct ns_snapshot *a, const struct ns_snapshot *b)
{
	unsigned mask = 0;

	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (a->entry[i].error || b->entry[i].error)
			mask |= 1u << i;
	return mask;
}

unsigned ns_entry_mask(const char *name)
{
	const struct ns_type_info *ti;
	unsigned mask = 0;
	int i;

	if (!name)
		return 0;
	i = ns_entry_lookup(name);
	if (i >= 0)
		mask = 1u << i;
	ti = ns_type_lookup(name);
	if (ti)
		for (size_t j = 0; j < NS_NENTRIES; j++)
			if (ns_entry_info(j)->type == ti->type)
				mask |= 1u << j;
	return mask;
}

int ns_entry_mask_list(const char *list, unsigned *mask, struct ns_error *err)
{
	unsigned m = 0;

	if (!list)
		return nsi_error(err, NS_STEP_READ, 0, "no namespace type in '%s'", "");
	/* Items between commas; empty ones are skipped, as strtok(3) skips them. */
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		char name[32];
		unsigned one = 0;

		if (len && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			one = ns_entry_mask(name);
		}
		if (len && !one)
			return nsi_error(err, NS_STEP_PARSE, 0, "unknown namespace type: '%.*s'",
					 (int)len, p);
		m |= one;
		p += len;
		if (*p)
			p++;
	}
	if (!m)
		return nsi_error(err, NS_STEP_READ, 0, "no namespace type in '%s'", list);
	*mask = m;
	return 0;
}

char *ns_cmdline_text(const char *raw, size_t len)
{
	char *text;

	while (len > 0 && raw[len - 1] == '\0')
		len--;
	if (!len)
		return NULL;
	text = malloc(len + 1);
	if (!text)
		return NULL;
	for (size_t i = 0; i < len; i++)
		text[i] = raw[i] ? raw[i] : ' ';
	text[len] = '\0';
	return text;
}

/* ---- grouping ------------------------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static uint64_t snapshot_hash(const struct ns_scan *scan, const struct ns_snapshot *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < NS_NENTRIES; i++) {
		if (!(scan->entries & (1u << i)))
			continue;
		if (s->entry[i].error)
			h = mix(h, i + 1);
		else
			h = mix(mix(h, s->entry[i].id.ino), s->entry[i].id.dev);
	}
	/* Final avalanche (splitmix64), so that the low bits index well. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static bool same_namespaces(const struct ns_scan *scan, const struct ns_snapshot *a,
			    const struct ns_snapshot *b)
{
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_state *x = &a->entry[i], *y = &b->entry[i];

		if (!(scan->entries & (1u << i)))
			continue;
		if (!!x->error != !!y->error)
			return false;
		if (!x->error && (x->id.dev != y->id.dev || x->id.ino != y->id.ino))
			return false;
	}
	return true;
}

static int rehash(struct ns_scan *scan, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t g = 0; g < scan->ngroups; g++) {
		size_t j = snapshot_hash(scan, &scan->groups[g].ns) & (nslots - 1);

		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = g + 1;
	}
	free(scan->slots);
	scan->slots = slots;
	scan->nslots = nslots;
	return 0;
}

struct ns_scan *ns_scan_new(unsigned entries, struct ns_error *err)
{
	struct ns_scan *scan = calloc(1, sizeof(*scan));

	if (!scan || rehash(scan, 64) < 0) {
		free(scan);
		nsi_error(err, NS_STEP_READ, ENOMEM, "cannot allocate a process scan");
		return NULL;
	}
	scan->entries = entries & NS_ALL_ENTRIES;
	if (!scan->entries)
		scan->entries = NS_ALL_ENTRIES;
	scan->sorted = true;
	return scan;
}

void ns_scan_free(struct ns_scan *scan)
{
	if (!scan)
		return;
	for (size_t g = 0; g < scan->ngroups; g++)
		free(scan->groups[g].command);
	free(scan->groups);
	free(scan->slots);
	nsi_nstable_free(scan->nst);
	free(scan);
}

/*
 * Puts snap in its group. Returns the group's index, and *leader = true when snap is now
 * the group's lowest PID (a new group, or a lower PID than any before); or -ENOMEM.
 */
static ssize_t group_add(struct ns_scan *scan, const struct ns_snapshot *snap, bool *leader)
{
	size_t j = snapshot_hash(scan, snap) & (scan->nslots - 1);
	struct ns_group *g;

	for (; scan->slots[j]; j = (j + 1) & (scan->nslots - 1)) {
		g = &scan->groups[scan->slots[j] - 1];
		if (same_namespaces(scan, &g->ns, snap)) {
			g->nprocs++;
			*leader = snap->pid < g->ns.pid;
			if (*leader) {
				g->ns.pid = snap->pid;
				scan->sorted = false;
			}
			return (ssize_t)(scan->slots[j] - 1);
		}
	}
	if (scan->ngroups == scan->capacity) {
		size_t cap = scan->capacity ? scan->capacity * 2 : 64;
		struct ns_group *groups = realloc(scan->groups, cap * sizeof(*groups));

		if (!groups)
			return -ENOMEM;
		scan->groups = groups;
		scan->capacity = cap;
	}
	g = &scan->groups[scan->ngroups];
	g->ns = *snap;
	/* Entries outside the mask play no part: keep them out of what callers see. */
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (!(scan->entries & (1u << i))) {
			memset(&g->ns.entry[i], 0, sizeof(g->ns.entry[i]));
			g->ns.entry[i].error = ENODATA;
		}
	g->nprocs = 1;
	g->command = NULL;
	if (scan->ngroups && snap->pid < scan->groups[scan->ngroups - 1].ns.pid)
		scan->sorted = false;
	scan->slots[j] = ++scan->ngroups;
	*leader = true;
	if (scan->ngroups * 2 > scan->nslots && rehash(scan, scan->nslots * 2) < 0)
		return -ENOMEM;
	return (ssize_t)(scan->ngroups - 1);
}

int ns_scan_add(struct ns_scan *scan, const struct ns_snapshot *snap, struct ns_error *err)
{
	bool leader;

	if (group_add(scan, snap, &leader) < 0)
		return nsi_error(err, NS_STEP_READ, ENOMEM, "cannot group process %d",
				 (int)snap->pid);
	scan->counts.nprocs++;
	return 0;
}

/* Reads <pid>/<file> below procfd into buf (NUL-terminated): its length, or -1. */
static ssize_t read_proc_file(int procfd, const char *pid, const char *file, char *buf, size_t size)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", pid, file);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* The command line of pid, its arguments joined by spaces; else its name (kernel threads,
 * zombies); NULL when the process is gone. */
static char *read_command(int procfd, const char *pid)
{
	char buf[4096];
	ssize_t n;

	n = read_proc_file(procfd, pid, "cmdline", buf, sizeof(buf));
	if (n > 0) {
		char *text = ns_cmdline_text(buf, (size_t)n);

		if (text)
			return text;
	}
	n = read_proc_file(procfd, pid, "comm", buf, sizeof(buf));
	if (n <= 0)
		return NULL;
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return strdup(buf);
}

/* The device of the one nsfs instance, from stat of one of the caller's own entries. */
static uint64_t nsfs_dev(void)
{
	struct stat sb;
	char path[64];

	for (size_t i = 0; i < NS_NENTRIES; i++) {
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_entry_info(i)->name);
		if (stat(path, &sb) == 0)
			return sb.st_dev;
	}
	return 0;
}

/*
 * Reads the entries in the mask with readlinkat() alone. stat() would give the same identity
 * but costs twice as much: following an nsfs link makes the kernel build a dentry and inode
 * for a namespace nobody holds open, and free them again; readlink only prints its name.
 * All namespaces live on the single nsfs superblock, so the device is the same for all.
 */
static bool scan_entries(int nsfd, unsigned mask, uint64_t dev, struct ns_snapshot *snap)
{
	bool any = false;

	for (size_t i = 0; i < NS_NENTRIES; i++) {
		struct ns_entry_state *st = &snap->entry[i];
		ssize_t n;

		if (!(mask & (1u << i)))
			continue;
		n = readlinkat(nsfd, ns_entry_info(i)->name, st->text, sizeof(st->text) - 1);
		if (n < 0) {
			st->error = errno;
			st->text[0] = '\0';
			continue;
		}
		st->text[n] = '\0';
		if (ns_link_parse(st->text, NULL, &st->id.ino) < 0) {
			st->error = EPROTO;
			continue;
		}
		st->error = 0;
		st->id.dev = dev;
		any = true;
	}
	return any;
}

static bool all_gone(unsigned mask, const struct ns_snapshot *snap)
{
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if ((mask & (1u << i)) && snap->entry[i].error != ENOENT &&
		    snap->entry[i].error != ESRCH)
			return false;
	return true;
}

static int cmp_group(const void *a, const void *b)
{
	const struct ns_group *x = a, *y = b;

	return (x->ns.pid > y->ns.pid) - (x->ns.pid < y->ns.pid);
}

static int sort_groups(struct ns_scan *scan)
{
	if (scan->sorted)
		return 0;
	qsort(scan->groups, scan->ngroups, sizeof(*scan->groups), cmp_group);
	scan->sorted = true;
	return rehash(scan, scan->nslots);
}

int ns_scan_proc(struct ns_scan *scan, struct ns_error *err)
{
	uint64_t dev = nsfs_dev();
	struct ns_snapshot snap;
	struct dirent *d;
	int procfd, rc = 0;
	DIR *dir;

	nsi_trace("every process's namespaces, read as files: processes are grouped by the "
		  "identities of theirs in a hash table",
		  "readdir(\"/proc\"), then readlinkat() of each /proc/<pid>/ns/<entry>");
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open /proc");
	dir = fdopendir(fcntl(procfd, F_DUPFD_CLOEXEC, 0));
	if (!dir) {
		rc = nsi_error(err, NS_STEP_READ, errno, "cannot read /proc");
		close(procfd);
		return rc;
	}
	memset(&snap, 0, sizeof(snap));
	while ((errno = 0, d = readdir(dir))) {
		char path[300];
		ssize_t g;
		bool leader;
		int nsfd;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/ns", d->d_name);
		nsfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (nsfd < 0) {
			scan->counts.nvanished++;
			continue;
		}
		snap.pid = (pid_t)strtol(d->d_name, NULL, 10);
		if (!scan_entries(nsfd, scan->entries, dev, &snap)) {
			close(nsfd);
			/* Every link gone (ENOENT) is a process that ended after the open. */
			if (all_gone(scan->entries, &snap))
				scan->counts.nvanished++;
			else
				scan->counts.nunreadable++;
			continue;
		}
		close(nsfd);
		g = group_add(scan, &snap, &leader);
		if (g < 0) {
			rc = nsi_error(err, NS_STEP_READ, ENOMEM, "cannot group process %s",
				       d->d_name);
			break;
		}
		scan->counts.nprocs++;
		/* Only a group's lowest PID has its command read: one read per group. */
		if (leader) {
			free(scan->groups[g].command);
			scan->groups[g].command = read_command(procfd, d->d_name);
		}
	}
	if (!rc && errno)
		rc = nsi_error(err, NS_STEP_READ, errno, "cannot read /proc");
	closedir(dir);
	close(procfd);
	if (!rc && sort_groups(scan) < 0)
		rc = nsi_error(err, NS_STEP_READ, ENOMEM, "cannot sort the process groups");
	return rc;
}

size_t ns_scan_ngroups(const struct ns_scan *scan)
{
	return scan->ngroups;
}

const struct ns_group *ns_scan_group(const struct ns_scan *scan, size_t i)
{
	if (i >= scan->ngroups)
		return NULL;
	/* Groups added out of PID order are put in order on first look. */
	if (!scan->sorted && sort_groups((struct ns_scan *)scan) < 0)
		return NULL;
	return &scan->groups[i];
}

void ns_scan_counts(const struct ns_scan *scan, struct ns_scan_counts *counts)
{
	*counts = scan->counts;
}
