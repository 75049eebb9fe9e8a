// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff: which namespaces do two processes share? Compares /proc/A/ns with /proc/B/ns, entry
 * by entry; --diff prints what the tutorial's `diff <(ls -Al /proc/A/ns | awk ...)` pipeline
 * prints; --all groups every process on the system by its namespaces, like lsns.
 * The namespace work is libns's (lib/nsinfo.c, lib/mounttab.c); this file parses and prints.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	EXIT_SAME = 0,
	EXIT_DIFFER = 1,
	EXIT_TROUBLE = 2
};

struct options {
	unsigned entries; /* the mask of rows */
	bool quiet;
	bool json;
	bool diff;
	bool all;
	pid_t pid_a, pid_b; /* 0: the calling process */
};

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " %1$s [options] PID_A [PID_B]\n"
	       " %1$s [options] --all\n"
	       "\n"
	       "Compare the namespaces of two processes: a row per entry of /proc/<pid>/ns,\n"
	       "with both identities and whether the processes share it. PID_B defaults to\n"
	       "the calling process; 'self' names it too.\n"
	       "\n"
	       "Options:\n"
	       " -t, --type LIST    only these types or entries, comma separated (below)\n",
	       cli_name());
	printf(" -q, --quiet        print nothing; the exit status tells\n"
	       " -J, --json         print JSON\n"
	       "     --diff         print what diff <(ls -Al /proc/A/ns | awk '{ print $9 $10 $11 }')\n"
	       "                      <(ls -Al /proc/B/ns | awk ...) prints\n"
	       "     --all          every process grouped by its set of namespaces, and the\n"
	       "                      namespaces held by nsfs bind mounts (namespace files)\n"
	       "     --explain      show on stderr where the answer comes from, step by step\n"
	       " -h, --help         display this help\n"
	       " -V, --version      display version\n"
	       "\n"
	       "Exit status: 0 all shared, 1 some differ, 2 trouble.\n"
	       "\n"
	       "Entries, and what a namespace of its own gives a process:\n");
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_info *e = ns_entry_info(i);
		const struct ns_type_info *t = ns_type_info(e->type);

		if (e->for_children)
			printf(" %-18s the %s namespace its children will be in\n", e->name,
			       t->name);
		else
			printf(" %-18s %s\n", e->name, t->what);
	}
	exit(EXIT_SAME);
}

static void parse_types(const char *list, unsigned *mask)
{
	struct ns_error err;

	if (ns_entry_mask_list(list, mask, &err) < 0)
		cli_die(EXIT_TROUBLE, &err);
}

static pid_t parse_pid(const char *s)
{
	pid_t pid;

	if (!strcmp(s, "self"))
		return 0;
	if (cli_parse_pid(s, &pid) < 0)
		cli_errx(EXIT_TROUBLE, "invalid PID argument: '%s'", s);
	return pid;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum {
		OPT_DIFF = 256,
		OPT_ALL,
		OPT_EXPLAIN
	};
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'J' },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->entries = NS_ALL_ENTRIES;
	while ((c = getopt_long(argc, argv, "t:qJhV", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			parse_types(optarg, &o->entries);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'J':
			o->json = true;
			break;
		case OPT_DIFF:
			o->diff = true;
			break;
		case OPT_ALL:
			o->all = true;
			break;
		case OPT_EXPLAIN:
			cli_explain();
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		default:
			cli_usage_error(EXIT_TROUBLE, NULL);
		}
	}
	if (o->json && o->diff)
		cli_usage_error(EXIT_TROUBLE, "--json and --diff are mutually exclusive");
	if (o->all) {
		if (o->diff)
			cli_usage_error(EXIT_TROUBLE, "--all and --diff are mutually exclusive");
		if (optind < argc)
			cli_usage_error(EXIT_TROUBLE, "--all takes no PID");
		return;
	}
	if (optind == argc)
		cli_usage_error(EXIT_TROUBLE, "no PID specified");
	if (argc - optind > 2)
		cli_usage_error(EXIT_TROUBLE, "too many arguments");
	o->pid_a = parse_pid(argv[optind]);
	o->pid_b = optind + 1 < argc ? parse_pid(argv[optind + 1]) : 0;
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string: valid UTF-8 whatever the bytes (a command line may hold any). */
static void json_string(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putchar('"');
	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s < 0x20 || *s == 0x7f)
			printf("\\u%04x", *s);
		else if (n == 0)
			printf("\\ufffd"); /* not UTF-8: the replacement character */
		else
			fwrite(s, 1, n, stdout);
		s += n ? n : 1;
	}
	putchar('"');
}

static void json_entry_state(const struct ns_entry_state *st)
{
	if (st->error) {
		printf("{\"inode\": null, \"error\": ");
		json_string(strerror(st->error));
		putchar('}');
	} else {
		printf("{\"dev\": %llu, \"inode\": %llu, \"text\": ",
		       (unsigned long long)st->id.dev, (unsigned long long)st->id.ino);
		json_string(st->text);
		putchar('}');
	}
}

static void json_entry_list(unsigned mask)
{
	bool first = true;

	putchar('[');
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (mask & (1u << i)) {
			printf("%s", first ? "" : ", ");
			json_string(ns_entry_info(i)->name);
			first = false;
		}
	putchar(']');
}

/* For the terminal: control characters and bytes that are not UTF-8 as \xHH, as lsns does. */
static void print_safe(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n = utf8_len(s);

		if (n == 0 || *s < 0x20 || *s == 0x7f || *s == '\\')
			printf("\\x%02x", *s);
		else
			fwrite(s, 1, n, stdout);
		s += n ? n : 1;
	}
}

/* ---- nsdiff PID_A PID_B ---------------------------------------------------------------- */

static void entry_list(unsigned mask, char *buf, size_t size);

static const char *const relation_name[] = { "shared", "differ", "unreadable" };

static void describe_pid(pid_t pid, char *buf, size_t size)
{
	if (pid == 0)
		snprintf(buf, size, "PID %d (self)", (int)getpid());
	else
		snprintf(buf, size, "PID %d", (int)pid);
}

static void print_table(const struct options *o, const struct ns_snapshot *a,
			const struct ns_snapshot *b)
{
	int wname = (int)strlen("ENTRY"), wa, wb;
	unsigned differ = 0, unreadable = 0, shown = 0;
	char head_a[64], head_b[64];

	describe_pid(a->pid, head_a, sizeof(head_a));
	describe_pid(b->pid, head_b, sizeof(head_b));
	wa = (int)strlen(head_a);
	wb = (int)strlen(head_b);
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		if (!(o->entries & (1u << i)))
			continue;
		if ((int)strlen(ns_entry_info(i)->name) > wname)
			wname = (int)strlen(ns_entry_info(i)->name);
		if ((int)strlen(a->entry[i].text) > wa)
			wa = (int)strlen(a->entry[i].text);
		if ((int)strlen(b->entry[i].text) > wb)
			wb = (int)strlen(b->entry[i].text);
	}
	printf("%-*s  %-*s  %-*s  %s\n", wname, "ENTRY", wa, head_a, wb, head_b, "STATE");
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_state *x = &a->entry[i], *y = &b->entry[i];
		enum ns_relation r;

		if (!(o->entries & (1u << i)))
			continue;
		shown++;
		r = ns_entry_compare(a, b, i);
		printf("%-*s  %-*s  %-*s  %s", wname, ns_entry_info(i)->name, wa,
		       x->error ? "-" : x->text, wb, y->error ? "-" : y->text, relation_name[r]);
		if (r == NS_DIFFER)
			differ++;
		if (r == NS_UNREADABLE) {
			unreadable++;
			/* Why, for each side that could not be read. */
			if (x->error && y->error && x->error == y->error)
				printf(" (both: %s)", strerror(x->error));
			else if (x->error && y->error)
				printf(" (A: %s; B: %s)", strerror(x->error), strerror(y->error));
			else
				printf(" (%s: %s)", x->error ? "A" : "B",
				       strerror(x->error ? x->error : y->error));
		}
		putchar('\n');
	}
	if (differ) {
		char list[256];

		entry_list(ns_snapshot_diff(a, b) & o->entries, list, sizeof(list));
		printf("%u of %u entries differ: %s", differ, shown, list);
	} else if (shown == unreadable) {
		printf("no entry could be compared");
	} else {
		printf("all %u readable entries are shared", shown - unreadable);
	}
	if (unreadable)
		printf(", %u unreadable", unreadable);
	printf("\n");
}

static void print_json(const struct options *o, const struct ns_snapshot *a,
		       const struct ns_snapshot *b)
{
	const struct ns_snapshot *side[2] = { a, b };
	bool first = true;

	printf("{\n");
	for (int s = 0; s < 2; s++)
		printf("  \"%c\": {\"pid\": %d, \"self\": %s},\n", 'a' + s,
		       side[s]->pid ? (int)side[s]->pid : (int)getpid(),
		       side[s]->pid ? "false" : "true");
	printf("  \"entries\": [\n");
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_info *e = ns_entry_info(i);

		if (!(o->entries & (1u << i)))
			continue;
		printf("%s    {\"entry\": ", first ? "" : ",\n");
		first = false;
		json_string(e->name);
		printf(", \"type\": ");
		json_string(ns_type_info(e->type)->name);
		printf(", \"a\": ");
		json_entry_state(&a->entry[i]);
		printf(", \"b\": ");
		json_entry_state(&b->entry[i]);
		printf(", \"state\": \"%s\"}", relation_name[ns_entry_compare(a, b, i)]);
	}
	printf("\n  ],\n  \"differ\": ");
	json_entry_list(ns_snapshot_diff(a, b) & o->entries);
	printf(",\n  \"unreadable\": ");
	json_entry_list(ns_snapshot_unreadable(a, b) & o->entries);
	printf("\n}\n");
}

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
	l->n = 0;
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

static int compare(const struct options *o)
{
	struct ns_snapshot a, b;
	struct ns_error err;

	if (ns_snapshot_read(o->pid_a, &a, &err) < 0 || ns_snapshot_read(o->pid_b, &b, &err) < 0)
		cli_die(EXIT_TROUBLE, &err);
	if (o->diff) {
		struct listing la, lb;
		bool any;

		make_listing(o, &a, &la);
		make_listing(o, &b, &lb);
		if (o->quiet)
			return same_listing(&la, &lb) ? EXIT_SAME : EXIT_DIFFER;
		/* Like diff(1): the status says whether any line differs. */
		any = print_diff(&la, &lb);
		return any ? EXIT_DIFFER : EXIT_SAME;
	}
	if (!o->quiet) {
		if (o->json)
			print_json(o, &a, &b);
		else
			print_table(o, &a, &b);
	}
	if (ns_snapshot_diff(&a, &b) & o->entries)
		return EXIT_DIFFER;
	/* Nothing compared is not "all shared": say so, as trouble. */
	if ((ns_snapshot_unreadable(&a, &b) & o->entries) == o->entries) {
		cli_warnx("no entry could be compared: every one is unreadable");
		return EXIT_TROUBLE;
	}
	return EXIT_SAME;
}

/* ---- --all ----------------------------------------------------------------------------- */

static void entry_list(unsigned mask, char *buf, size_t size)
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
	printf("%zu processes in %zu groups", counts.nprocs, ngroups);
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

static int all(const struct options *o)
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
		if (o->json)
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

int main(int argc, char **argv)
{
	struct options o;
	int status;

	cli_init(argv[0], "nsdiff", CLI_NAME_SHORT);
	parse_options(argc, argv, &o);
	status = o.all ? all(&o) : compare(&o);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_err(EXIT_TROUBLE, "write error");
	return status;
}
