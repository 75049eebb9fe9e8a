// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff --list: lsns -l, row for row (util-linux 2.38.1: its columns, widths, formats,
 * filters and messages), plus the namespaces it cannot see, which libns's scan finds: rows
 * with no process, and what holds each (HOLDER). --no-hidden gives lsns's view alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nsdiff.h"

enum {
	C_NS,
	C_TYPE,
	C_PATH,
	C_NPROCS,
	C_PID,
	C_PPID,
	C_COMMAND,
	C_UID,
	C_USER,
	C_NETNSID,
	C_NSFS,
	C_PNS,
	C_ONS,
	C_HOLDER,
	C_CONTAINER,
	C_NCOLS,
	C_LSNS = C_HOLDER /* lsns 2.38.1's columns are the ones before */
};

static const struct tcol columns[C_NCOLS] = {
	[C_NS] = { "NS", 10, COL_RIGHT | COL_NUMBER },
	[C_TYPE] = { "TYPE", 5, 0 },
	[C_PATH] = { "PATH", 0, 0 },
	[C_NPROCS] = { "NPROCS", 5, COL_RIGHT | COL_NUMBER },
	[C_PID] = { "PID", 5, COL_RIGHT | COL_NUMBER },
	[C_PPID] = { "PPID", 5, COL_RIGHT | COL_NUMBER },
	[C_COMMAND] = { "COMMAND", 0, COL_TRUNC },
	[C_UID] = { "UID", 0, COL_RIGHT | COL_NUMBER },
	[C_USER] = { "USER", 0, 0 },
	[C_NETNSID] = { "NETNSID", 0, COL_RIGHT },
	[C_NSFS] = { "NSFS", 0, COL_WRAP },
	[C_PNS] = { "PNS", 10, COL_RIGHT | COL_NUMBER },
	[C_ONS] = { "ONS", 10, COL_RIGHT | COL_NUMBER },
	[C_HOLDER] = { "HOLDER", 0, 0 },
	[C_CONTAINER] = { "CONTAINER", 0, 0 },
};

static const struct tcol json_holder = { "HOLDER", 0, COL_JSON_ONLY };

static const char *const column_help[C_NCOLS] = {
	[C_NS] = "namespace identifier (inode number)",
	[C_TYPE] = "kind of namespace",
	[C_PATH] = "path to the namespace",
	[C_NPROCS] = "number of processes in the namespace",
	[C_PID] = "lowest PID in the namespace",
	[C_PPID] = "PPID of the PID",
	[C_COMMAND] = "command line of the PID",
	[C_UID] = "UID of the PID",
	[C_USER] = "username of the PID",
	[C_NETNSID] = "namespace ID as used by network subsystem",
	[C_NSFS] = "nsfs mountpoint (usually used network subsystem)",
	[C_PNS] = "parent namespace identifier (inode number)",
	[C_ONS] = "owner namespace identifier (inode number)",
	[C_HOLDER] = "what keeps a namespace without processes alive (not in lsns)",
	[C_CONTAINER] = "the container or pod of the PID, by its cgroup (not in lsns)",
};

void nsdiff_list_columns(void)
{
	for (size_t i = 0; i < C_NCOLS; i++)
		printf(" %11s  %s\n", columns[i].name, column_help[i]);
}

struct list {
	const struct options *o;
	int cols[NSDIFF_MAX_COLS];
	size_t ncols;
	unsigned types; /* bit t: type t listed (lsns -t) */
	bool has[C_NCOLS];
	struct ns_file *files; /* the caller's nsfs mounts, for NSFS */
	size_t nfiles;
	uint64_t task_ino[NS_NTYPES]; /* -p: the process's namespaces */
	bool task;
};

static int column_id(const char *name, size_t len)
{
	for (int i = 0; i < C_NCOLS; i++)
		if (!strncasecmp(name, columns[i].name, len) && !columns[i].name[len])
			return i;
	return -1;
}

static void add_col(struct list *l, int id)
{
	if (l->ncols >= NSDIFF_MAX_COLS)
		cli_errx(EXIT_FAILURE, "too many columns specified, the limit is %d columns",
			 NSDIFF_MAX_COLS - 1);
	l->cols[l->ncols++] = id;
}

/* -o: a comma-separated list replaces the columns; "+LIST" adds to them (lsns's rule). */
static void parse_columns(struct list *l, const char *arg)
{
	const char *p = arg;

	if (*p == '+')
		p++;
	else
		l->ncols = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int id = len ? column_id(p, len) : -1;

		if (id < 0) {
			cli_warnx("unknown column: %.*s", (int)len, p);
			exit(EXIT_FAILURE);
		}
		add_col(l, id);
		p += len;
		if (*p)
			p++;
	}
}

static void choose_columns(struct list *l)
{
	const struct options *o = l->o;
	bool net = false;

	for (size_t i = 0; i < o->ntypes; i++) {
		const struct ns_type_info *ti = ns_type_lookup(o->types[i]);

		/* lsns's names only: the kernel's, not the option spelling "mount". */
		if (!ti || strcmp(ti->name, o->types[i]))
			cli_errx(EXIT_FAILURE, "unknown namespace type: %s", o->types[i]);
		l->types |= 1u << ti->type;
		net |= ti->type == NS_NET;
	}
	if (!o->ntypes)
		l->types = (1u << NS_NTYPES) - 1;
	if (o->output_all)
		for (int i = 0; i < C_LSNS; i++)
			add_col(l, i);
	if (o->argc && !l->ncols) {
		add_col(l, C_PID);
		add_col(l, C_PPID);
		add_col(l, C_USER);
		add_col(l, C_COMMAND);
	}
	if (!l->ncols) {
		const int def[] = { C_NS, C_TYPE, C_NPROCS, C_PID, C_USER };

		for (size_t i = 0; i < sizeof(def) / sizeof(def[0]); i++)
			add_col(l, def[i]);
		if (net) {
			add_col(l, C_NETNSID);
			add_col(l, C_NSFS);
		}
		add_col(l, C_COMMAND);
	}
	if (o->output)
		parse_columns(l, o->output);
	for (size_t i = 0; i < l->ncols; i++)
		l->has[l->cols[i]] = true;
}

/* lsns -p: strtos32_or_err's messages; a PID of no process lists nothing. */
static void task_filter(struct list *l)
{
	struct ns_snapshot snap;
	struct ns_error err;
	char *end;
	long long v;

	errno = 0;
	v = strtoll(l->o->task, &end, 10);
	if (end == l->o->task || *end)
		cli_errx(EXIT_FAILURE, "invalid PID argument: '%s'", l->o->task);
	if (errno == ERANGE || v > INT32_MAX || v < INT32_MIN)
		cli_errx(EXIT_FAILURE, "invalid PID argument: '%s': %s", l->o->task,
			 strerror(ERANGE));
	if (v == 0)
		return;
	l->task = true;
	if (v < 0 || ns_snapshot_read((pid_t)v, &snap, &err) < 0)
		return;
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_entry_state *st = &snap.entry[ns_type_entry((enum ns_type)t)];

		l->task_ino[t] = st->error ? 0 : st->id.ino;
	}
}

static char *dup_text(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		cli_errx(EXIT_FAILURE, "cannot allocate the output table");
	return d;
}

static char *fmt_u64(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return dup_text(buf);
}

static char *user_name(uid_t uid)
{
	static uid_t last = (uid_t)-1;
	static char name[64];

	if (uid != last || !name[0]) {
		struct passwd *pw = getpwuid(uid);

		if (pw)
			snprintf(name, sizeof(name), "%s", pw->pw_name);
		else
			snprintf(name, sizeof(name), "%u", (unsigned)uid);
		last = uid;
	}
	return dup_text(name);
}

/* Where a person opens it: the lowest PID's entry, else the descriptor, thread or mount. */
static char *path_of(const struct ns_namespace *ns)
{
	const struct ns_type_info *ti = ns_type_info(ns->type);
	char buf[4200];

	switch (ns->holder) {
	case NS_HOLDER_PROCESS:
		snprintf(buf, sizeof(buf), "/proc/%d/ns/%s", (int)ns->pid, ti->name);
		break;
	case NS_HOLDER_CHILDREN:
		snprintf(buf, sizeof(buf), "/proc/%d/ns/%s", (int)ns->holder_pid, ti->children);
		break;
	case NS_HOLDER_FD:
		snprintf(buf, sizeof(buf), "/proc/%d/fd/%" PRIu64, (int)ns->holder_pid,
			 ns->holder_num);
		break;
	case NS_HOLDER_THREAD:
		snprintf(buf, sizeof(buf), "/proc/%d/task/%" PRIu64 "/ns/%s", (int)ns->holder_pid,
			 ns->holder_num, ti->name);
		break;
	case NS_HOLDER_MOUNT:
		snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)ns->holder_pid, ns->holder_path);
		break;
	default:
		return NULL;
	}
	return dup_text(buf);
}

/* Whether elt is one of the sep-separated paths of set (lsns's is_path_included). */
static bool path_included(const char *set, const char *elt, char sep)
{
	size_t len = strlen(elt);

	for (const char *p = set; (p = strstr(p, elt)); p++)
		if ((p == set || p[-1] == sep) && (p[len] == sep || !p[len]))
			return true;
	return false;
}

/* NSFS: the caller's nsfs mounts of this namespace, one a line (--nowrap: comma-separated). */
static char *nsfs_of(const struct list *l, const struct ns_namespace *ns)
{
	char want[NS_TEXT_MAX], sep = l->o->nowrap || l->o->raw ? ',' : '\n';
	char *s = NULL;
	size_t len = 0;

	snprintf(want, sizeof(want), "%s:[%" PRIu64 "]", ns_type_info(ns->type)->name, ns->ino);
	for (size_t i = 0; i < l->nfiles; i++) {
		const char *tgt = l->files[i].path;
		char *n;

		if (strcmp(l->files[i].text, want) || (s && path_included(s, tgt, sep)))
			continue;
		n = realloc(s, len + strlen(tgt) + 2);
		if (!n)
			cli_errx(EXIT_FAILURE, "cannot allocate the output table");
		s = n;
		len += (size_t)sprintf(s + len, "%s%s", len ? (char[]){ sep, 0 } : "", tgt);
	}
	return s;
}

/* NETNSID: a number, "unassigned", or no value when the kernel cannot say. */
static char *netnsid_of(const struct ns_namespace *ns)
{
	int id;

	if (ns->type != NS_NET || !ns->pid || ns_namespace_netnsid(ns, &id, NULL) < 0)
		return NULL;
	return id >= 0 ? fmt_u64((uint64_t)id) : dup_text("unassigned");
}

static char *cell(const struct list *l, int col, const struct ns_namespace *ns)
{
	char holder[4300], paren[4304];

	switch (col) {
	case C_NS:
		return fmt_u64(ns->ino);
	case C_TYPE:
		return dup_text(ns_type_info(ns->type)->name);
	case C_PATH:
		return path_of(ns);
	case C_NPROCS:
		return fmt_u64(ns->nprocs);
	case C_PID:
		return ns->pid ? fmt_u64((uint64_t)ns->pid) : NULL;
	case C_PPID:
		return ns->pid ? fmt_u64((uint64_t)ns->ppid) : NULL;
	case C_COMMAND:
		if (ns->command)
			return dup_text(ns->command);
		/* Without a HOLDER column, what keeps it alive is said where the command is. */
		if (ns->nprocs || l->has[C_HOLDER] || l->o->json)
			return NULL;
		snprintf(paren, sizeof(paren), "(%s)",
			 ns_namespace_holder(ns, holder, sizeof(holder)));
		return dup_text(paren);
	case C_UID:
		return ns->has_uid ? fmt_u64(ns->uid) : NULL;
	case C_USER:
		return ns->has_uid ? user_name(ns->uid) : NULL;
	case C_NETNSID:
		return netnsid_of(ns);
	case C_NSFS:
		return nsfs_of(l, ns);
	case C_PNS:
		return fmt_u64(ns->parent);
	case C_ONS:
		return fmt_u64(ns->owner);
	case C_HOLDER:
		return ns->nprocs ? NULL :
				    dup_text(ns_namespace_holder(ns, holder, sizeof(holder)));
	case C_CONTAINER:
		return ns->container ? dup_text(ns->container) : NULL;
	default:
		return NULL;
	}
}

static void add_row(const struct list *l, struct table *t, const struct ns_namespace *ns)
{
	size_t row = table_new_row(t);

	for (size_t c = 0; c < l->ncols; c++)
		table_set(t, row, c, cell(l, l->cols[c], ns));
	if (t->ncols > l->ncols)
		table_set(t, row, l->ncols, cell(l, C_HOLDER, ns));
}

static bool shown(const struct list *l, const struct ns_namespace *ns)
{
	if (l->task)
		return ns->nprocs && l->task_ino[ns->type] == ns->ino;
	return true;
}

static struct ns_scan *scan_all(const struct list *l)
{
	unsigned entries = 0, flags = l->o->no_hidden ? 0 : NS_SCAN_HIDDEN;
	struct ns_scan *scan;
	struct ns_error err;

	for (int t = 0; t < NS_NTYPES; t++)
		if (l->types & (1u << t))
			entries |= ns_type_entries((enum ns_type)t);
	if (l->has[C_PNS] || l->has[C_ONS])
		flags |= NS_SCAN_RELATIONS;
	if (l->has[C_PPID] && !l->o->argc)
		flags |= NS_SCAN_PPID;
	if (l->has[C_CONTAINER])
		flags |= NS_SCAN_CONTAINER;
	scan = ns_scan_new(entries, &err);
	if (!scan || ns_scan_namespaces(scan, flags, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	return scan;
}

static void init_table(const struct list *l, struct table *t)
{
	const struct options *o = l->o;

	memset(t, 0, sizeof(*t));
	t->raw = o->raw;
	t->json = o->json;
	t->noheadings = o->noheadings;
	t->notruncate = o->notruncate;
	t->nowrap = o->nowrap || o->raw;
	t->json_name = "namespaces";
	for (size_t c = 0; c < l->ncols; c++)
		table_add_column(t, &columns[l->cols[c]]);
	if (o->json && !l->has[C_HOLDER])
		table_add_column(t, &json_holder);
}

/* lsns NAMESPACE: a row per process in it. */
static void add_members(const struct list *l, struct table *t, const struct ns_scan *scan)
{
	const struct ns_namespace *ns;
	struct ns_process *procs;
	unsigned long long ino;
	struct ns_error err;
	size_t n;

	if (l->o->task)
		cli_errx(EXIT_FAILURE, "--task is mutually exclusive with <namespace>");
	if (cli_parse_u64(l->o->argv[0], UINT64_MAX, &ino) < 0)
		cli_errx(EXIT_FAILURE, "invalid namespace argument: '%s'", l->o->argv[0]);
	ns = ns_scan_find(scan, ino);
	if (!ns)
		cli_errx(EXIT_FAILURE, "not found namespace: %llu", ino);
	if (ns_namespace_processes(ino, &procs, &n, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	for (size_t i = 0; i < n; i++) {
		struct ns_namespace one = *ns;

		one.pid = procs[i].pid;
		one.ppid = procs[i].ppid;
		one.has_uid = procs[i].has_uid;
		one.uid = procs[i].uid;
		one.command = procs[i].command;
		one.holder = NS_HOLDER_PROCESS;
		add_row(l, t, &one);
	}
	ns_processes_free(procs, n);
}

int nsdiff_list(const struct options *o)
{
	struct list l = { .o = o };
	struct ns_scan *scan;
	struct table t;
	struct ns_error err;

	choose_columns(&l);
	if (o->task)
		task_filter(&l);
	scan = scan_all(&l);
	if (l.has[C_NSFS] && ns_nsfs_mounts(NULL, &l.files, &l.nfiles, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	init_table(&l, &t);
	if (o->argc)
		add_members(&l, &t, scan);
	for (size_t i = 0; !o->argc && i < ns_scan_nnamespaces(scan); i++) {
		const struct ns_namespace *ns = ns_scan_namespace(scan, i);

		if (shown(&l, ns))
			add_row(&l, &t, ns);
	}
	table_print(&t);
	table_free(&t);
	ns_files_free(l.files, l.nfiles);
	ns_scan_free(scan);
	return EXIT_SUCCESS;
}
