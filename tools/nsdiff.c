// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff: which namespaces do two processes share? Compares /proc/A/ns with /proc/B/ns, entry
 * by entry; --diff prints what the tutorial's `diff <(ls -Al /proc/A/ns | awk ...)` pipeline
 * prints; --all groups every process on the system by its namespaces; --list lists every
 * namespace as lsns does, and those lsns cannot see. The namespace work is libns's
 * (lib/nsinfo.c, lib/scan*.c, lib/mounttab.c); nsdiff parses and prints: this file the
 * options and the comparison, nsdiff_all.c --all and --diff, nsdiff_list.c --list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsdiff.h"

enum {
	OPT_DIFF = 256,
	OPT_ALL,
	OPT_EXPLAIN,
	OPT_LIST,
	OPT_NO_HIDDEN,
	OPT_OUTPUT_ALL,
	OPT_TREE,
	OPT_DOT,
	OPT_PIDS,
};

static const struct cli_opt opts[] = {
	{ 't', "type", required_argument, "-t, --type LIST",
	  "only these types or entries, comma separated (below)", 0 },
	{ 'q', "quiet", no_argument, "-q, --quiet", "print nothing; the exit status tells", 0 },
	{ 'J', "json", no_argument, "-J, --json", "print JSON", 0 },
	{ OPT_DIFF, "diff", no_argument, "    --diff",
	  "print what diff <(ls -Al /proc/A/ns | awk '{ print $9 $10 $11 }')\n"
	  "                      <(ls -Al /proc/B/ns | awk ...) prints",
	  0 },
	{ OPT_ALL, "all", no_argument, "    --all",
	  "every process grouped by its set of namespaces, and the\n"
	  "                      namespaces held by nsfs bind mounts (namespace files)",
	  0 },
	{ OPT_LIST, "list", no_argument, "    --list",
	  "every namespace, as lsns -l lists it, and those lsns cannot\n"
	  "                      see (held by a descriptor, a thread, a bind mount)",
	  0 },
	{ OPT_TREE, "tree", optional_argument, "    --tree[=KIND]",
	  "the namespaces as trees: owner (which user namespace owns\n"
	  "                      which), parent (PID and user namespaces), process",
	  0 },
	{ OPT_DOT, "dot", no_argument, "    --dot", "with --tree or --all: print Graphviz DOT", 0 },
	{ OPT_PIDS, "pids", required_argument, "    --pids PID",
	  "the PID of a process in every PID namespace, host down", 0 },
	{ OPT_NO_HIDDEN, "no-hidden", no_argument, "    --no-hidden",
	  "with --list, --tree: only what lsns 2.38.1 sees", 0 },
	{ 'o', "output", required_argument, "-o, --output LIST",
	  "with --list: these columns (below); +LIST adds to the default", 0 },
	{ OPT_OUTPUT_ALL, "output-all", no_argument, "    --output-all",
	  "with --list: every column", 0 },
	{ 'n', "noheadings", no_argument, "-n, --noheadings", "with --list: no header line", 0 },
	{ 'r', "raw", no_argument, "-r, --raw", "with --list: the raw format", 0 },
	{ 'u', "notruncate", no_argument, "-u, --notruncate",
	  "with --list: never truncate text to the terminal", 0 },
	{ 'W', "nowrap", no_argument, "-W, --nowrap", "with --list: every cell on one line", 0 },
	{ 'p', "task", required_argument, "-p, --task PID",
	  "with --list: the namespaces of this process", 0 },
	{ OPT_EXPLAIN, "explain", no_argument, "    --explain",
	  "show on stderr where the answer comes from, step by step", 0 },
	{ 'h', "help", no_argument, "-h, --help", "display this help", 0 },
	{ 'V', "version", no_argument, "-V, --version", "display version", 0 },
	{ 'l', NULL, no_argument, "-l", NULL, 0 },
};

static struct cli_parser parser = {
	opts, sizeof(opts) / sizeof(opts[0]), NULL, NULL, 19, NULL, NULL
};

static bool take_list_option(int c, struct options *o)
{
	switch (c) {
	case OPT_NO_HIDDEN:
		o->no_hidden = true;
		break;
	case 'o':
		o->output = optarg;
		break;
	case OPT_OUTPUT_ALL:
		o->output_all = true;
		break;
	case 'n':
		o->noheadings = true;
		break;
	case 'r':
		if (o->json)
			cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --json --raw");
		o->raw = true;
		break;
	case 'u':
		o->notruncate = true;
		break;
	case 'W':
		o->nowrap = true;
		break;
	case 'p':
		o->task = optarg;
		break;
	default:
		cli_usage_error(o->mode == MODE_LIST ? EXIT_FAILURE : EXIT_TROUBLE, NULL);
	}
	return true;
}

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " %1$s [options] PID_A [PID_B]\n"
	       " %1$s [options] --all\n"
	       " %1$s [options] --list [NAMESPACE]\n"
	       " %1$s [options] --tree[=KIND] | --pids PID\n"
	       "\n"
	       "Compare the namespaces of two processes: a row per entry of /proc/<pid>/ns,\n"
	       "with both identities and whether the processes share it. PID_B defaults to\n"
	       "the calling process; 'self' names it too.\n"
	       "\n"
	       "Options:\n",
	       cli_name());
	cli_print_options(&parser);
	printf("\nExit status: 0 all shared, 1 some differ, 2 trouble (--list: 0, or 1).\n"
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
	printf("\nColumns of --list (lsns's, and HOLDER: what keeps a namespace alive):\n");
	nsdiff_list_columns();
	exit(EXIT_SAME);
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

/* One option: true when it is for --list only (checked once the mode is known). */
static bool take_option(int c, struct options *o)
{
	switch (c) {
	case 't':
		if (o->ntypes < NSDIFF_MAX_TYPES)
			o->types[o->ntypes++] = optarg;
		return false;
	case 'q':
		o->quiet = true;
		return false;
	case 'J':
		if (o->raw)
			cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --json --raw");
		o->json = true;
		return false;
	case OPT_DIFF:
		o->diff = true;
		return false;
	case OPT_ALL:
		o->mode = MODE_ALL;
		return false;
	case OPT_LIST:
	case 'l':
		o->mode = MODE_LIST;
		return false;
	case OPT_TREE:
		o->mode = MODE_TREE;
		o->tree = optarg;
		return false;
	case OPT_DOT:
		o->dot = true;
		return false;
	case OPT_PIDS:
		o->mode = MODE_PIDS;
		o->pids = optarg;
		return false;
	case OPT_EXPLAIN:
		cli_explain();
		return false;
	case 'h':
		usage();
	case 'V':
		cli_version();
	default:
		return take_list_option(c, o);
	}
}

static void compare_operands(int argc, char **argv, struct options *o)
{
	if (o->json && o->diff)
		cli_usage_error(EXIT_TROUBLE, "--json and --diff are mutually exclusive");
	for (size_t i = 0; i < o->ntypes; i++) {
		unsigned mask;
		struct ns_error err;

		if (ns_entry_mask_list(o->types[i], &mask, &err) < 0)
			cli_die(EXIT_TROUBLE, &err);
		o->entries = i ? o->entries | mask : mask;
	}
	if (o->mode == MODE_TREE || o->mode == MODE_PIDS) {
		if (optind < argc)
			cli_usage_error(EXIT_TROUBLE, "too many arguments");
		return;
	}
	if (o->mode == MODE_ALL) {
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

static void parse_options(int argc, char **argv, struct options *o)
{
	const char *list_only = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	o->entries = NS_ALL_ENTRIES;
	while ((c = cli_getopt(&parser, argc, argv)) != -1)
		if (take_option(c, o) && !list_only)
			list_only = argv[optind - 1];
	o->argc = argc - optind;
	o->argv = argv + optind;
	if (o->mode == MODE_LIST) {
		if (o->diff)
			cli_usage_error(EXIT_FAILURE, "--list and --diff are mutually exclusive");
		return;
	}
	if (list_only &&
	    !(o->mode == MODE_TREE && o->no_hidden && !strcmp(list_only, "--no-hidden")))
		cli_usage_error(EXIT_TROUBLE, "%s is an option of --list", list_only);
	if (o->dot && o->mode != MODE_TREE && o->mode != MODE_ALL)
		cli_usage_error(EXIT_TROUBLE, "--dot is for --tree and --all");
	compare_operands(argc, argv, o);
}

/* ---- nsdiff PID_A PID_B ---------------------------------------------------------------- */

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

int nsdiff_compare(const struct options *o)
{
	struct ns_snapshot a, b;
	struct ns_error err;

	if (ns_snapshot_read(o->pid_a, &a, &err) < 0 || ns_snapshot_read(o->pid_b, &b, &err) < 0)
		cli_die(EXIT_TROUBLE, &err);
	if (o->diff)
		return nsdiff_diff(o, &a, &b);
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

int main(int argc, char **argv)
{
	struct options o;
	int status;

	cli_init(argv[0], "nsdiff", CLI_NAME_SHORT);
	parse_options(argc, argv, &o);
	switch (o.mode) {
	case MODE_ALL:
		status = nsdiff_all(&o);
		break;
	case MODE_LIST:
		status = nsdiff_list(&o);
		break;
	case MODE_TREE:
		status = nsdiff_tree(&o);
		break;
	case MODE_PIDS:
		status = nsdiff_pids(&o);
		break;
	default:
		status = nsdiff_compare(&o);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_err(EXIT_TROUBLE, "write error");
	return status;
}
