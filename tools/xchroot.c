// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xchroot: run a command with another root directory, as GNU coreutils chroot(8) does:
 * the same options, messages (in the C locale) and exit statuses (125 for our own failures,
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

static const struct option long_options[] = {
	{ "groups", required_argument, NULL, OPT_GROUPS },
	{ "userspec", required_argument, NULL, OPT_USERSPEC },
	{ "skip-chdir", no_argument, NULL, OPT_SKIP_CHDIR },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static noreturn void usage(void)
{
	const char *p = cli_name();

	printf("Usage: %s [OPTION] NEWROOT [COMMAND [ARG]...]\n"
	       "  or:  %s OPTION\n"
	       "Run COMMAND with root directory set to NEWROOT.\n"
	       "\n"
	       "      --groups=G_LIST        specify supplementary groups as g1,g2,..,gN\n"
	       "      --userspec=USER:GROUP  specify user and group (ID or name) to use\n"
	       "      --skip-chdir           do not change working directory to '/'\n"
	       "      --explain              describe each step on standard error first\n"
	       "      --help        display this help and exit\n"
	       "      --version     output version information and exit\n"
	       "\n"
	       "If no command is given, run '\"$SHELL\" -i' (default: '/bin/sh -i').\n"
	       "Users and groups are looked up in NEWROOT's /etc/passwd and /etc/group first,\n"
	       "then in the host's.\n",
	       p, p);
	exit(EXIT_SUCCESS); /* close_stdout reports a write error */
}

/* ---- quoting, as GNU coreutils quotes names in its messages (C locale) ---- */

struct text {
	char *s;
	size_t len, size;
};

static void put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->size) {
		size_t size = (t->len + n + 1) * 2;
		char *p = realloc(t->s, size);

		if (!p)
			cli_errx(EXIT_CANCELED, "memory exhausted");
		t->s = p;
		t->size = size;
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static void put_char(struct text *t, char c)
{
	char s[2] = { c, '\0' };

	put(t, s);
}

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* The C escape of a byte that is not printable: "\n", "\033". */
static void put_escape(struct text *t, unsigned char c)
{
	static const char names[] = "abtnvfr"; /* \a = 7 ... \r = 13 */
	char buf[8];

	if (c >= 7 && c <= 13)
		snprintf(buf, sizeof(buf), "\\%c", names[c - 7]);
	else
		snprintf(buf, sizeof(buf), "\\%03o", c);
	put(t, buf);
}

/* quote(): 'name', with backslash escapes for \, ' and what is not printable. */
static const char *quote(const char *s)
{
	static struct text t;

	t.len = 0;
	put(&t, "'");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == '\'') {
			put_char(&t, '\\');
			put_char(&t, (char)*p);
		} else if (!printable(*p)) {
			put_escape(&t, *p);
		} else {
			put_char(&t, (char)*p);
		}
	}
	put(&t, "'");
	return t.s;
}

/* A byte that keeps its meaning inside "...": the test for using double quotes at all. */
static bool double_quote_safe(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (!printable(c))
		return false;
	if (c == '#' || c == '~')
		return i == 0;
	if (c == '{' || c == '}')
		return i == 0 && s[1] == '\0';
	return !strchr("!\"$&()*;<=>?[\\^`|", c);
}

/*
 * quoteaf(): a name as the shell would read it back: 'a b', "it's", 'a'$'\n''b'. A name with
 * a single quote and nothing else special goes in double quotes.
 */
static const char *quoteaf(const char *s)
{
	static struct text t;
	bool has_quote = strchr(s, '\'') != NULL, plain = true, escaping = false;

	for (size_t i = 0; s[i] && plain; i++)
		plain = double_quote_safe(s, i);
	t.len = 0;
	if (has_quote && plain) {
		put(&t, "\"");
		put(&t, s);
		put(&t, "\"");
		return t.s;
	}
	/*
	 * gnulib reads such a name twice and starts the second pass still "inside $'...'" when
	 * the name ends in an escape: an extra '' (or no $' at all) at the start. Same here.
	 */
	escaping = has_quote && *s && !printable((unsigned char)s[strlen(s) - 1]);
	put(&t, "'");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (!printable(*p)) {
			if (!escaping)
				put(&t, "'$'");
			escaping = true;
			put_escape(&t, *p);
		} else if (*p == '\'') {
			put(&t, "'\\''");
			escaping = false;
		} else {
			if (escaping)
				put(&t, "''");
			escaping = false;
			put_char(&t, (char)*p);
		}
	}
	put(&t, "'");
	return t.s;
}

/*
 * LeakSanitizer (a LIBNS_SANITIZE build) reads /proc/<pid>/task at exit, and a new root
 * seldom has a /proc: without one its check is skipped rather than failing the run.
 */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return access("/proc/self/task", R_OK) != 0;
}

/* ---- the steps ---- */

static void parse_options(int argc, char **argv, struct options *o)
{
	int c;

	/* getopt names the program by argv[0] in its messages; ours do so by cli_name(). */
	argv[0] = (char *)cli_name();
	while ((c = getopt_long(argc, argv, "+", long_options, NULL)) != -1) {
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
		_exit(EXIT_CANCELED);
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
static void set_credentials(struct ns_creds *c)
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
		cli_die(EXIT_CANCELED, &err);
	}
	if (c->set_groups && ns_setgroups(c->ngids, c->gids, &err))
		cli_errx(EXIT_CANCELED, "failed to set supplemental groups: %s",
			 strerror(err.code));
	if (c->gid != NS_GID_UNSET && ns_setgid(c->gid, &err))
		cli_errx(EXIT_CANCELED, "failed to set group-ID: %s", strerror(err.code));
	if (c->uid != NS_UID_UNSET && ns_setuid(c->uid, &err))
		cli_errx(EXIT_CANCELED, "failed to set user-ID: %s", strerror(err.code));
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct ns_creds creds;
	struct ns_error err;
	bool old_root;
	const char *shell = NULL;

	cli_init(argv[0], "xchroot", CLI_NAME_ARGV0);
	atexit(close_stdout);
	parse_options(argc, argv, &o);

	/* Only --skip-chdir and the lookups care (and realpath is not free). */
	old_root = (o.skip_chdir || o.userspec || o.groups) && ns_is_old_root(o.newroot);
	if (o.skip_chdir && !old_root)
		cli_usage_error(EXIT_CANCELED,
				"option --skip-chdir only permitted if NEWROOT is old %s",
				quoteaf("/"));
	ns_creds_init(&creds, o.userspec, o.groups);
	if (!old_root && (o.userspec || o.groups))
		ns_creds_lookup_host(&creds);

	if (ns_chroot(o.newroot, &err))
		cli_errx(EXIT_CANCELED, "cannot change root directory to %s: %s",
			 quoteaf(o.newroot), strerror(err.code));
	if (!o.skip_chdir && ns_chdir("/", &err))
		cli_errx(EXIT_CANCELED, "cannot chdir to root directory: %s", strerror(err.code));

	if (o.userspec || o.groups)
		set_credentials(&creds);
	ns_creds_free(&creds);

	if (o.command) {
		ns_exec(o.command, &err);
	} else {
		shell = getenv("SHELL");
		if (!shell || *shell) {
			ns_exec_shell(false, "-i", &err);
			shell = shell ? shell : "/bin/sh";
		} else {
			/* SHELL set but empty: chroot(8) tries to run "" and says so. */
			char *argv_empty[] = { "", "-i", NULL };

			ns_exec(argv_empty, &err);
		}
	}
	cli_warnx("failed to run command %s: %s", quote(o.command ? o.command[0] : shell),
		  strerror(err.code));
	return ns_exec_failure_status(err.code);
}
