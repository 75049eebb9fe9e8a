// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff --all: every process grouped by its set of namespaces, and the namespace files; and
 * --diff: what diff(1) prints for the tutorial's two `ls -Al | awk` listings.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nsdiff.h"

/* ---- --diff: what diff(1) prints for the two `ls -Al | awk` listings -------------------- */

#define MAXLINES (NS_NENTRIES + 1)

struct listing {
	size_t n;
	char line[MAXLINES][NS_TEXT_MAX + 24];
};

/*
 * ls -Al /proc/P/ns | awk '{ print $9 $10 $11 }': "total 0" has no ninth field, so an empty
 * line; then "name->type:[inode]" per entry, or just "name" when ls cannot read the link.
 */
static void make_listing(const struct options *o, const struct ns_snapshot *s, struct listing *l)
{
	bool listable = false;

	/* ls cannot list another user's /proc/<pid>/ns at all (every entry EACCES): then the
	 * pipeline has no line for that side, not even ls's "total 0". */
	for (size_t i = 0; i < NS_NENTRIES; i++)
		listable |= !s->entry[i].absent && s->entry[i].error != EACCES;
	l->n = 0;
	if (!listable)
		return;
	l->line[l->n++][0] = '\0';
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_state *st = &s->entry[i];

		if (!(o->entries & (1u << i)) || st->absent)
			continue;
		if (st->error)
			snprintf(l->line[l->n++], sizeof(l->line[0]), "%s", ns_entry_info(i)->name);
		else
			snprintf(l->line[l->n++], sizeof(l->line[0]), "%s->%s",
				 ns_entry_info(i)->name, st->text);
	}
}

static bool same_listing(const struct listing *a, const struct listing *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->line[i], b->line[i]))
			return false;
	return true;
}

static void print_range(size_t from, size_t to)
{
	/* 1-based, inclusive; a single line is one number. */
	if (from == to)
		printf("%zu", from);
	else
		printf("%zu,%zu", from, to);
}

/*
 * The normal-format output of diff(1). Both listings are sorted by entry name and every line
 * names its entry, so their longest common subsequence is unique and diff(1) finds the same.
 */
static bool print_diff(const struct listing *a, const struct listing *b)
{
	size_t lcs[MAXLINES + 1][MAXLINES + 1];
	size_t i = 0, j = 0;
	bool any = false;

	for (size_t x = a->n + 1; x-- > 0;)
		for (size_t y = b->n + 1; y-- > 0;) {
			if (x == a->n || y == b->n)
				lcs[x][y] = 0;
			else if (!strcmp(a->line[x], b->line[y]))
				lcs[x][y] = lcs[x + 1][y + 1] + 1;
			else
				lcs[x][y] = lcs[x + 1][y] > lcs[x][y + 1] ? lcs[x + 1][y] :
									    lcs[x][y + 1];
		}
	while (i < a->n || j < b->n) {
		size_t i0 = i, j0 = j;

		if (i < a->n && j < b->n && !strcmp(a->line[i], b->line[j])) {
			i++;
			j++;
			continue;
		}
		while ((i < a->n || j < b->n) &&
		       !(i < a->n && j < b->n && !strcmp(a->line[i], b->line[j]))) {
			if (i < a->n && (j == b->n || lcs[i + 1][j] >= lcs[i][j + 1]))
				i++;
			else
				j++;
		}
		any = true;
		if (j == j0) {
			print_range(i0 + 1, i);
			printf("d%zu\n", j0);
		} else if (i == i0) {
			printf("%zua", i0);
			print_range(j0 + 1, j);
			putchar('\n');
		} else {
			print_range(i0 + 1, i);
			putchar('c');
			print_range(j0 + 1, j);
			putchar('\n');
		}
		for (size_t k = i0; k < i; k++)
			printf("< %s\n", a->line[k]);
		if (i > i0 && j > j0)
			printf("---\n");
		for (size_t k = j0; k < j; k++)
			printf("> %s\n", b->line[k]);
	}
	return any;
}

/* ---- --all ----------------------------------------------------------------------------- */

void entry_list(unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NS_NENTRIES && len < size; i++)
		if (mask & (1u << i)) {
			int n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
					 ns_entry_info(i)->name);
			if (n > 0)
				len += (size_t)n;
		}
}

/* The entry a namespace file of this type is compared on: the type's own, not _for_children. */
static int main_entry(int type)
{
	const struct ns_type_info *t = type >= 0 ? ns_type_info((enum ns_type)type) : NULL;

	return t ? ns_entry_lookup(t->name) : -1;
}

static size_t procs_in(const struct ns_scan *scan, const struct ns_file *f)
{
	int e = main_entry(f->type);
	size_t n = 0;

	if (e < 0)
		return 0;
	for (size_t g = 0; g < ns_scan_ngroups(scan); g++) {
		const struct ns_entry_state *st = &ns_scan_group(scan, g)->ns.entry[e];

		if (!st->error && st->id.dev == f->id.dev && st->id.ino == f->id.ino)
			n += ns_scan_group(scan, g)->nprocs;
	}
	return n;
}

static bool file_shown(const struct options *o, const struct ns_file *f)
{
	int e = main_entry(f->type);

	return e >= 0 && (o->entries & (1u << e));
}

/*
 * What the DIFFER FROM CALLER column says: the entries that differ; else, for a group apart
 * from the caller's only because some entry of it could not be read, which; else that it is
 * the caller's own group.
 */
static void group_differences(const struct options *o, const struct ns_group *gr,
			      const struct ns_snapshot *self, char *buf, size_t size)
{
	unsigned unreadable = 0;
	char list[200];

	entry_list(ns_snapshot_diff(&gr->ns, self) & o->entries, buf, size);
	if (buf[0])
		return;
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if ((o->entries & (1u << i)) && !gr->ns.entry[i].error != !self->entry[i].error)
			unreadable |= 1u << i;
	if (!unreadable) {
		snprintf(buf, size, "none (yours)");
		return;
	}
	entry_list(unreadable, list, sizeof(list));
	snprintf(buf, size, "unreadable: %s", list);
}

static void print_all_table(const struct options *o, const struct ns_scan *scan,
			    const struct ns_snapshot *self, const struct ns_file *files,
			    size_t nfiles)
{
	const char *head = "DIFFER FROM CALLER";
	size_t ngroups = ns_scan_ngroups(scan);
	struct ns_scan_counts counts;
	int wdiff = (int)strlen(head);
	char list[256];
	size_t nshown = 0;

	for (size_t g = 0; g < ngroups; g++) {
		group_differences(o, ns_scan_group(scan, g), self, list, sizeof(list));
		if ((int)strlen(list) > wdiff)
			wdiff = (int)strlen(list);
	}
	printf("%6s %8s  %-*s  %s\n", "PROCS", "PID", wdiff, head, "COMMAND");
	for (size_t g = 0; g < ngroups; g++) {
		const struct ns_group *gr = ns_scan_group(scan, g);

		group_differences(o, gr, self, list, sizeof(list));
		printf("%6zu %8d  %-*s  ", gr->nprocs, (int)gr->ns.pid, wdiff, list);
		print_safe(gr->command ? gr->command : "?");
		putchar('\n');
	}
	ns_scan_counts(scan, &counts);
	printf("%zu process%s in %zu group%s", counts.nprocs, counts.nprocs == 1 ? "" : "es",
	       ngroups, ngroups == 1 ? "" : "s");
	if (counts.nunreadable)
		printf("; %zu process%s could not be read", counts.nunreadable,
		       counts.nunreadable == 1 ? "" : "es");
	printf("\n");
	for (size_t i = 0; i < nfiles; i++)
		nshown += file_shown(o, &files[i]);
	if (!nshown)
		return;
	printf("\nNamespace files (nsfs bind mounts):\n");
	printf("%-6s  %-20s  %6s  %s\n", "TYPE", "NAMESPACE", "PROCS", "PATH");
	for (size_t i = 0; i < nfiles; i++) {
		const struct ns_file *f = &files[i];

		if (!file_shown(o, f))
			continue;
		printf("%-6s  %-20s  %6zu  ", ns_type_info((enum ns_type)f->type)->name, f->text,
		       procs_in(scan, f));
		print_safe(f->path);
		if (f->pid)
			printf("  (in the mount namespace of PID %d)", (int)f->pid);
		putchar('\n');
	}
}

static void print_all_json(const struct options *o, const struct ns_scan *scan,
			   const struct ns_snapshot *self, const struct ns_file *files,
			   size_t nfiles)
{
	size_t ngroups = ns_scan_ngroups(scan);
	struct ns_scan_counts counts;
	bool first = true;

	ns_scan_counts(scan, &counts);
	printf("{\n  \"nprocs\": %zu,\n  \"unreadable\": %zu,\n  \"groups\": [\n", counts.nprocs,
	       counts.nunreadable);
	for (size_t g = 0; g < ngroups; g++) {
		const struct ns_group *gr = ns_scan_group(scan, g);
		bool f1 = true;

		printf("    {\"pid\": %d, \"nprocs\": %zu, \"command\": ", (int)gr->ns.pid,
		       gr->nprocs);
		if (gr->command)
			json_string(gr->command);
		else
			printf("null");
		printf(", \"differ\": ");
		json_entry_list(ns_snapshot_diff(&gr->ns, self) & o->entries);
		printf(", \"namespaces\": {");
		for (size_t i = 0; i < NS_NENTRIES; i++) {
			if (!(o->entries & (1u << i)))
				continue;
			printf("%s\"%s\": ", f1 ? "" : ", ", ns_entry_info(i)->name);
			json_entry_state(&gr->ns.entry[i]);
			f1 = false;
		}
		printf("}}%s\n", g + 1 < ngroups ? "," : "");
	}
	printf("  ],\n  \"files\": [");
	for (size_t i = 0; i < nfiles; i++) {
		const struct ns_file *f = &files[i];

		if (!file_shown(o, f))
			continue;
		printf("%s\n    {\"path\": ", first ? "" : ",");
		first = false;
		json_string(f->path);
		printf(", \"type\": \"%s\", \"dev\": %llu, \"inode\": %llu, \"nprocs\": %zu, "
		       "\"mount_table_pid\": %d}",
		       ns_type_info((enum ns_type)f->type)->name, (unsigned long long)f->id.dev,
		       (unsigned long long)f->id.ino, procs_in(scan, f), (int)f->pid);
	}
	printf("%s]\n}\n", first ? "" : "\n  ");
}

/* --all --dot: a box per group, an ellipse per namespace it does not share with the caller. */
static void print_all_dot(const struct options *o, const struct ns_scan *scan,
			  const struct ns_snapshot *self)
{
	printf("digraph groups {\n\trankdir=LR;\n\tnode [fontname=\"monospace\"];\n");
	for (size_t g = 0; g < ns_scan_ngroups(scan); g++) {
		const struct ns_group *gr = ns_scan_group(scan, g);
		unsigned differ = ns_snapshot_diff(&gr->ns, self) & o->entries;
		char label[4200];

		snprintf(label, sizeof(label), "PID %d %s\n%zu process%s%s", (int)gr->ns.pid,
			 gr->command ? gr->command : "?", gr->nprocs, gr->nprocs == 1 ? "" : "es",
			 differ ? "" : " (yours)");
		printf("\t\"g%d\" [shape=box, label=", (int)gr->ns.pid);
		dot_string(label);
		printf("];\n");
		for (size_t i = 0; i < NS_NENTRIES; i++)
			if (differ & (1u << i))
				printf("\t\"%s\" [shape=ellipse];\n\t\"g%d\" -> \"%s\";\n",
				       gr->ns.entry[i].text, (int)gr->ns.pid, gr->ns.entry[i].text);
	}
	printf("}\n");
}

int nsdiff_all(const struct options *o)
{
	struct ns_file *files = NULL;
	struct ns_snapshot self;
	struct ns_scan *scan;
	struct ns_error err;
	size_t nfiles = 0;
	int status = EXIT_SAME;

	if (ns_snapshot_read(0, &self, &err) < 0)
		cli_die(EXIT_TROUBLE, &err);
	scan = ns_scan_new(o->entries, &err);
	if (!scan || ns_scan_proc(scan, &err) < 0)
		cli_die(EXIT_TROUBLE, &err);
	/* Without the namespace files the groups are still worth showing; then the trouble. */
	if (ns_scan_nsfs_mounts(scan, &files, &nfiles, &err) < 0)
		status = EXIT_TROUBLE;
	if (!o->quiet) {
		if (o->dot)
			print_all_dot(o, scan, &self);
		else if (o->json)
			print_all_json(o, scan, &self, files, nfiles);
		else
			print_all_table(o, scan, &self, files, nfiles);
	}
	if (status == EXIT_TROUBLE) {
		char buf[NS_ERROR_MAX + 128];

		cli_warnx("namespace files not listed: %s",
			  ns_error_format(&err, buf, sizeof(buf)));
	}
	ns_files_free(files, nfiles);
	ns_scan_free(scan);
	return status;
}

int nsdiff_diff(const struct options *o, const struct ns_snapshot *a, const struct ns_snapshot *b)
{
	struct listing la, lb;

	make_listing(o, a, &la);
	make_listing(o, b, &lb);
	if (o->quiet)
		return same_listing(&la, &lb) ? EXIT_SAME : EXIT_DIFFER;
	/* Like diff(1): the status says whether any line differs. */
	return print_diff(&la, &lb) ? EXIT_DIFFER : EXIT_SAME;
}
