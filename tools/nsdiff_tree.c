// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff --tree: the namespaces as trees (which user namespace owns which namespace; which
 * PID or user namespace is whose parent; which namespace's first process started which),
 * ancestors that no process shows included; --dot: the same as Graphviz DOT. And --pids: one
 * process's PID in every PID namespace from the host's down.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

enum tree_kind {
	TREE_OWNER,
	TREE_PARENT,
	TREE_PROCESS
};

struct tree {
	const struct ns_scan *scan;
	enum tree_kind kind;
	size_t n;
	size_t *parent; /* index + 1 of each node's parent, 0: a root */
	size_t *first, *next; /* children lists: index + 1 */
	bool *in; /* part of this tree */
};

static size_t index_of(const struct tree *t, const struct ns_namespace *ns)
{
	/* The scan's namespaces are in inode order: binary search. */
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint64_t ino = ns_scan_namespace(t->scan, mid)->ino;

		if (ino == ns->ino)
			return mid;
		if (ino < ns->ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* The namespace whose lowest PID is pid (for --tree=process), by a table of leaders. */
static const struct ns_namespace *led_by(const struct tree *t, const size_t *byleader,
					 size_t nleaders, pid_t pid)
{
	size_t lo = 0, hi = nleaders;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		pid_t p = ns_scan_namespace(t->scan, byleader[mid])->pid;

		if (p == pid)
			return ns_scan_namespace(t->scan, byleader[mid]);
		if (p < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct ns_scan *sort_scan;

static int cmp_leader(const void *a, const void *b)
{
	const struct ns_namespace *x = ns_scan_namespace(sort_scan, *(const size_t *)a);
	const struct ns_namespace *y = ns_scan_namespace(sort_scan, *(const size_t *)b);

	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* Each node's parent in this kind of tree. */
static void link_parents(struct tree *t)
{
	size_t *byleader = malloc((t->n + 1) * sizeof(*byleader)), nl = 0;

	if (!byleader)
		cli_errx(EXIT_TROUBLE, "cannot allocate the tree");
	for (size_t i = 0; i < t->n; i++)
		if (ns_scan_namespace(t->scan, i)->pid)
			byleader[nl++] = i;
	sort_scan = t->scan;
	qsort(byleader, nl, sizeof(*byleader), cmp_leader);
	for (size_t i = 0; i < t->n; i++) {
		const struct ns_namespace *ns = ns_scan_namespace(t->scan, i), *up = NULL;

		t->in[i] = t->kind != TREE_PARENT || ns->type == NS_PID || ns->type == NS_USER;
		if (t->kind == TREE_OWNER && ns->owner)
			up = ns_scan_find(t->scan, ns->owner);
		else if (t->kind == TREE_PARENT && ns->parent)
			up = ns_scan_find(t->scan, ns->parent);
		else if (t->kind == TREE_PROCESS && ns->pid && ns->ppid)
			up = led_by(t, byleader, nl, ns->ppid);
		if (up && up != ns)
			t->parent[i] = index_of(t, up) + 1;
	}
	free(byleader);
	/* Children in inode order: built backwards. */
	for (size_t i = t->n; i-- > 0;) {
		size_t p = t->parent[i];

		if (!t->in[i] || !p)
			continue;
		t->next[i] = t->first[p - 1];
		t->first[p - 1] = i + 1;
	}
}

static void node_text(const struct ns_namespace *ns, char *buf, size_t size)
{
	char holder[4300];
	int n = snprintf(buf, size, "%s:[%" PRIu64 "]", ns_type_info(ns->type)->name, ns->ino);

	if (n < 0 || (size_t)n >= size)
		return;
	if (ns->nprocs)
		snprintf(buf + n, size - (size_t)n, "  %zu process%s, PID %d %s", ns->nprocs,
			 ns->nprocs == 1 ? "" : "es", (int)ns->pid,
			 ns->command ? ns->command : "?");
	else
		snprintf(buf + n, size - (size_t)n, "  (%s)",
			 ns_namespace_holder(ns, holder, sizeof(holder)));
}

static void print_node(const struct tree *t, size_t i, const char *prefix, bool last, bool root)
{
	static char text[4600];
	char sub[1024];

	node_text(ns_scan_namespace(t->scan, i), text, sizeof(text));
	printf("%s%s", prefix, root ? "" : last ? "└─" : "├─");
	print_safe(text);
	putchar('\n');
	snprintf(sub, sizeof(sub), "%s%s", prefix, root ? "" : last ? "  " : "│ ");
	for (size_t c = t->first[i]; c; c = t->next[c - 1])
		print_node(t, c - 1, sub, !t->next[c - 1], false);
}

static void print_dot(const struct tree *t)
{
	printf("digraph namespaces {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct ns_namespace *ns = ns_scan_namespace(t->scan, i);
		char text[4600];

		if (!t->in[i])
			continue;
		node_text(ns, text, sizeof(text));
		printf("\t\"%" PRIu64 "\" [label=", ns->ino);
		dot_string(text);
		printf("%s];\n", ns->nprocs ? "" : ", style=dashed");
		if (t->parent[i])
			printf("\t\"%" PRIu64 "\" -> \"%" PRIu64 "\";\n",
			       ns_scan_namespace(t->scan, t->parent[i] - 1)->ino, ns->ino);
	}
	printf("}\n");
}

static enum tree_kind tree_kind(const char *s)
{
	if (!s || !strcmp(s, "owner"))
		return TREE_OWNER;
	if (!strcmp(s, "parent"))
		return TREE_PARENT;
	if (!strcmp(s, "process"))
		return TREE_PROCESS;
	cli_errx(EXIT_FAILURE, "unknown tree type: %s", s);
}

int nsdiff_tree(const struct options *o)
{
	struct tree t = { .kind = tree_kind(o->tree) };
	/* Each kind reads only its links: ioctl_ns(2) for owners and parents, stat for PPIDs;
	 * no tree shows a user. */
	unsigned flags = (t.kind == TREE_PROCESS ? NS_SCAN_PPID : NS_SCAN_RELATIONS) |
			 (o->no_hidden ? 0 : NS_SCAN_HIDDEN) | NS_SCAN_NO_UID;
	struct ns_scan *scan;
	struct ns_error err;

	scan = ns_scan_new(o->entries, &err);
	if (!scan || ns_scan_namespaces(scan, flags, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	t.scan = scan;
	t.n = ns_scan_nnamespaces(scan);
	t.parent = calloc(t.n + 1, sizeof(*t.parent));
	t.first = calloc(t.n + 1, sizeof(*t.first));
	t.next = calloc(t.n + 1, sizeof(*t.next));
	t.in = calloc(t.n + 1, sizeof(*t.in));
	if (!t.parent || !t.first || !t.next || !t.in)
		cli_errx(EXIT_FAILURE, "cannot allocate the tree");
	link_parents(&t);
	if (o->dot)
		print_dot(&t);
	else
		for (size_t i = 0; i < t.n; i++)
			if (t.in[i] && !t.parent[i])
				print_node(&t, i, "", true, true);
	free(t.parent);
	free(t.first);
	free(t.next);
	free(t.in);
	ns_scan_free(scan);
	return EXIT_SUCCESS;
}

int nsdiff_pids(const struct options *o)
{
	struct ns_pid_level levels[64];
	struct ns_error err;
	pid_t pid;
	int n;

	if (cli_parse_pid(o->pids, &pid) < 0)
		cli_errx(EXIT_TROUBLE, "invalid PID argument: '%s'", o->pids);
	n = ns_pids_read(pid, levels, 64, &err);
	if (n < 0)
		cli_die(EXIT_TROUBLE, &err);
	if (o->json) {
		printf("{\"pid\": %d, \"levels\": [", (int)pid);
		for (int i = 0; i < n; i++)
			printf("%s\n  {\"level\": %d, \"pid\": %d, \"ns\": %" PRIu64 "}",
			       i ? "," : "", i, (int)levels[i].pid, levels[i].ino);
		printf("\n]}\n");
		return EXIT_SAME;
	}
	printf("%5s %8s  %s\n", "LEVEL", "PID", "PID NAMESPACE");
	for (int i = 0; i < n; i++) {
		printf("%5d %8d  ", i, (int)levels[i].pid);
		if (levels[i].ino)
			printf("pid:[%" PRIu64 "]%s\n", levels[i].ino,
			       i == 0	  ? " (the one /proc shows)" :
			       i == n - 1 ? " (its own)" :
					    "");
		else
			printf("?\n");
	}
	return EXIT_SAME;
}
