// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xchroot: run a command with another root directory, as GNU coreutils chroot(8) does:
 * the same options, messages (quoted as in the locale) and exit statuses (125 for our own failures,
 * 126 when the command cannot run, 127 when it is not found, else the command's).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "quote.h"

#define EXIT_CANCELED 125

struct options {
	const char *userspec; /* --userspec=USER:GROUP */
	const char *groups; /* --groups=G_LIST */
	bool skip_chdir;
	const char *newroot;
	char **command; /* NULL: the shell */
};

enum {
	OPT_GROUPS = 256,
	OPT_USERSPEC,
	OPT_SKIP_CHDIR,
	OPT_EXPLAIN,
	OPT_HELP,
	OPT_VERSION
};

/* coreutils' columns: its own options at one, --help and --version at a narrower one. */
static const struct cli_opt opts[] = {
	{ OPT_GROUPS, "groups", required_argument, "     --groups=G_LIST",
	  "specify supplementary groups as g1,g2,..,gN", 0 },
	{ OPT_USERSPEC, "userspec", required_argument, "     --userspec=USER:GROUP",
	  "specify user and group (ID or name) to use", 0 },
	{ OPT_SKIP_CHDIR, "skip-chdir", no_argument, "     --skip-chdir",
	  "do not change working directory to '/'", 0 },
	{ OPT_EXPLAIN, "explain", no_argument, "     --explain",
	  "describe each step on standard error first", 0 },
	{ OPT_HELP, "help", no_argument, "     --help        ", "display this help and exit",
	  CLI_OWN_COLUMN },
	{ OPT_VERSION, "version", no_argument, "     --version     ",
	  "output version information and exit", CLI_OWN_COLUMN },
};

/* "+": the options end at NEWROOT; every word after it is the command's. */
static struct cli_parser parser = {
	.opts = opts,
	.nopts = sizeof(opts) / sizeof(opts[0]),
	.short_prefix = "+",
	.width = 28,
};

static noreturn void usage(void)
{
	const char *p = cli_name();

	printf("Usage: %s [OPTION] NEWROOT [COMMAND [ARG]...]\n"
	       "  or:  %s OPTION\n"
	       "Run COMMAND with root directory set to NEWROOT.\n"
	       "\n",
	       p, p);
	cli_print_options(&parser);
	printf("\n"
	       "If no command is given, run '\"$SHELL\" -i' (default: '/bin/sh -i').\n"
	       "Users and groups are looked up in NEWROOT's /etc/passwd and /etc/group first,\n"
	       "then in the host's.\n");
	exit(EXIT_SUCCESS); /* close_stdout reports a write error */
}

/* ---- the steps ---- */

static void parse_options(int argc, char **argv, struct options *o)
{
	int c;

	/* getopt names the program by argv[0] in its messages; ours do so by cli_name(). */
	argv[0] = (char *)cli_name();
	while ((c = cli_getopt(&parser, argc, argv)) != -1) {
		switch (c) {
		case OPT_GROUPS:
			o->groups = optarg;
			break;
		case OPT_USERSPEC:
			o->userspec = optarg;
			break;
		case OPT_SKIP_CHDIR:
			o->skip_chdir = true;
			break;
		case OPT_EXPLAIN:
			cli_explain();
			break;
		case OPT_HELP:
			usage();
		case OPT_VERSION:
			cli_version();
		default:
			cli_usage_error(EXIT_CANCELED, NULL);
		}
	}
	if (optind >= argc)
		cli_usage_error(EXIT_CANCELED, "missing operand");
	o->newroot = argv[optind];
	o->command = optind + 1 < argc ? argv + optind + 1 : NULL;
}

static int bad_groups;

/* As coreutils: what --help or --version could not write is an error (exit 125). */
static void close_stdout(void)
{
	bool failed = ferror(stdout), pending = __fpending(stdout) > 0;

	/* A closed stdout is no error as long as nothing was to be written to it. */
	if (fclose(stdout) != 0 && (errno != EBADF || pending))
		failed = true;
	if (failed) {
		fprintf(stderr, "%s: write error: %s\n", cli_name(), strerror(errno ? errno : EIO));
		cli_exit_now(EXIT_CANCELED);
	}
}

static void bad_group(const char *item, int errnum, void *data)
{
	(void)data;
	bad_groups++;
	if (errnum)
		cli_warnx("invalid group %s: %s", quote(item), strerror(errnum));
	else
		cli_warnx("invalid group %s", quote(item));
}

/* After chroot: the names are looked up inside the new root, then set, group before user. */
static void set_credentials(struct ns_creds *c, const char *groups)
{
	struct ns_error err;
	bool dot;

	if (ns_creds_resolve_user(c, &dot, &err))
		cli_die(EXIT_CANCELED, &err);
	if (dot)
		cli_warnx("warning: '.' should be ':'");
	if (ns_creds_resolve_groups(c, bad_group, NULL, &err)) {
		if (bad_groups)
			exit(EXIT_CANCELED);
		/* A parse error that named no item: a list without one. */
		if (err.step == NS_STEP_PARSE && !err.code)
			cli_errx(EXIT_CANCELED, "invalid group list %s", quote(groups));
		cli_die(EXIT_CANCELED, &err);
	}
	if (ns_creds_apply(c, &err) == 0)
		return;
	switch (err.step) {
	case NS_STEP_CRED_GROUPS:
		cli_errx(EXIT_CANCELED, "failed to set supplemental groups: %s",
			 strerror(err.code));
	case NS_STEP_CRED_GID:
		cli_errx(EXIT_CANCELED, "failed to set group-ID: %s", strerror(err.code));
	case NS_STEP_CRED_UID:
		cli_errx(EXIT_CANCELED, "failed to set user-ID: %s", strerror(err.code));
	default:
		cli_die(EXIT_CANCELED, &err);
	}
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct ns_creds creds;
	struct ns_error err;
	bool old_root;
	const char *shell = NULL;
	int rc;

	cli_init(argv[0], "xchroot", CLI_NAME_ARGV0);
	atexit(close_stdout);
	parse_options(argc, argv, &o);
	quote_locale_init();
	quote_prepare(o.command ? o.command[0] : getenv("SHELL"));
	quote_prepare(o.groups);

	/* Only --skip-chdir and the lookups care (and realpath is not free). */
	old_root = (o.skip_chdir || o.userspec || o.groups) && ns_root_is_current(o.newroot);
	if (o.skip_chdir && !old_root)
		cli_usage_error(EXIT_CANCELED,
				"option --skip-chdir only permitted if NEWROOT is old %s",
				quoteaf("/"));
	if (ns_creds_init(&creds, o.userspec, o.groups, &err))
		cli_errx(EXIT_CANCELED, "memory exhausted");
	if (!old_root && (o.userspec || o.groups))
		ns_creds_lookup_host(&creds);

	if (ns_chroot(o.newroot, &err))
		cli_errx(EXIT_CANCELED, "cannot change root directory to %s: %s",
			 quoteaf(o.newroot), strerror(err.code));
	if (!o.skip_chdir && ns_chdir("/", &err))
		cli_errx(EXIT_CANCELED, "cannot chdir to root directory: %s", strerror(err.code));

	if (o.userspec || o.groups)
		set_credentials(&creds, o.groups);
	ns_creds_free(&creds);

	if (o.command) {
		rc = ns_exec(o.command, &err);
	} else {
		shell = getenv("SHELL");
		if (!shell || *shell) {
			rc = ns_exec_shell(false, "-i", &err);
			shell = shell ? shell : "/bin/sh";
		} else {
			/* SHELL set but empty: chroot(8) tries to run "" and says so. */
			char *argv_empty[] = { "", "-i", NULL };

			rc = ns_exec(argv_empty, &err);
		}
	}
	cli_warnx("failed to run command %s: %s", quote(o.command ? o.command[0] : shell),
		  strerror(err.code));
	return ns_exec_failure_status(rc);
}
