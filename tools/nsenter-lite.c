// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsenter-lite: run a program in the namespaces of another process, as util-linux nsenter(1)
 * does. This file only maps options onto struct ns_enter_opts; libns (lib/enter.c) does the
 * rest. The namespace options come from the table of namespace types.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_PRESERVE_CRED = 0x100,
	OPT_KEEP_CAPS,
	OPT_USER_PARENT,
	OPT_EXPLAIN,
	OPT_WDNS_LONG,
};

/* The one table: getopt's options, --help's lines (and so the bash completion). */
static const struct cli_opt options[] = {
	{ 'a', "all", no_argument, "-a, --all", "enter all namespaces", 0 },
	{ 't', "target", required_argument, "-t, --target <pid>[:<inode>]",
	  "target process to get namespaces from", 0 },
	/* util-linux pads "--%-21s": two spaces more than the column below. */
	{ CLI_NS_ROWS, NULL, optional_argument, "-%c, --%s[=<file>]", "  enter %3$s namespace", 0 },
	{ 'N', "net-socket", required_argument, "-N, --net-socket <fd>",
	  "enter socket's network namespace (needs --target)", 0 },
	{ OPT_USER_PARENT, "user-parent", no_argument, "    --user-parent",
	  "enter parent user namespace", 0 },
	{ 'S', "setuid", required_argument, "-S, --setuid <uid>|follow",
	  "set uid in entered namespace", 0 },
	{ 'G', "setgid", required_argument, "-G, --setgid <gid>|follow",
	  "set gid in entered namespace", 0 },
	{ OPT_PRESERVE_CRED, "preserve-credentials", no_argument, "    --preserve-credentials",
	  "do not touch uids or gids", CLI_TIGHT },
	{ OPT_KEEP_CAPS, "keep-caps", no_argument, "    --keep-caps",
	  "retain capabilities granted in user namespaces", 0 },
	{ 'r', "root", optional_argument, "-r, --root[=<dir>]", "set the root directory", 0 },
	{ 'w', "wd", optional_argument, "-w, --wd[=<dir>]", "set the working directory", 0 },
	/* As util-linux: -W takes its argument, --wdns only attached (--wdns=DIR). */
	{ 'W', NULL, required_argument, "-W, --wdns <dir>",
	  "set the working directory in namespace", 0 },
	{ OPT_WDNS_LONG, "wdns", optional_argument, NULL, NULL, 0 },
	{ 'e', "env", no_argument, "-e, --env", "inherit environment variables from target process",
	  0 },
	{ 'F', "no-fork", no_argument, "-F, --no-fork", "do not fork before exec'ing <program>",
	  0 },
	{ 'c', "join-cgroup", no_argument, "-c, --join-cgroup",
	  "join the cgroup of the target process (cgroup v2)", 0 },
	{ 'Z', "follow-context", no_argument, "-Z, --follow-context",
	  "accepted; without SELinux it does nothing", 0 },
	{ OPT_EXPLAIN, "explain", no_argument, "    --explain",
	  "show each step (system call) as it is taken", 0 },
	{ CLI_BLANK, NULL, 0, NULL, NULL, 0 },
	{ 'h', "help", no_argument, "-h, --help", "display this help", 0 },
	{ 'V', "version", no_argument, "-V, --version", "display version", 0 },
};

static struct cli_parser parser = {
	.opts = options,
	.nopts = sizeof(options) / sizeof(options[0]),
	.short_prefix = "+",
	.width = 26,
};

static noreturn void usage(void)
{
	printf("Usage:\n %s [options] [<program> [<argument>...]]\n\n", cli_name());
	printf("Run a program with namespaces of other processes.\n\nOptions:\n");
	cli_print_options(&parser);
	printf("\nFor more details see nsenter-lite(1).\n");
	exit(EXIT_SUCCESS);
}

/*
 * A number that is not one: "failed to parse pid: 'abc'"; one out of range names the errno,
 * as util-linux's str2num_or_err does ("...: Numerical result out of range").
 */
static noreturn void bad_number(int rc, const char *what, const char *arg)
{
	if (rc == -ERANGE) {
		errno = ERANGE;
		cli_err(EXIT_FAILURE, "failed to parse %s: '%s'", what, arg);
	}
	cli_errx(EXIT_FAILURE, "failed to parse %s: '%s'", what, arg);
}

/* "UID", "GID" or "follow" (the target's). */
static void parse_id(const char *arg, const char *what, bool *follow, uint32_t *id)
{
	int rc = cli_parse_id_follow(arg, follow, id);

	if (rc)
		bad_number(rc, what, arg);
}

/* -S, -G, -t, -N: the options that take a number. */
static void number_option(int c, const char *arg, struct ns_enter_opts *o)
{
	unsigned long long v;
	int rc;

	switch (c) {
	case 't':
		/* As util-linux 2.38.1: a later --target wins, and 0 is no target. */
		rc = cli_parse_target(arg, &o->target, &o->target_inode);
		if (rc)
			bad_number(rc, "pid", arg);
		break;
	case 'N':
		rc = cli_parse_u64(arg, INT32_MAX, &v);
		if (rc)
			bad_number(rc, "file descriptor", arg);
		o->net_socket = (int)v;
		break;
	case 'S':
		parse_id(arg, "uid", &o->uid_follow, &o->uid);
		o->set_uid = true;
		break;
	case 'G':
		parse_id(arg, "gid", &o->gid_follow, &o->gid);
		o->set_gid = true;
		break;
	}
}

/* -r, -w, -W: directories (-w and -W exclude each other, whichever comes first). */
static void dir_option(int c, const char *arg, struct ns_enter_opts *o)
{
	if (c == 'r') {
		o->root = true;
		o->root_dir = arg;
		return;
	}
	if ((c == 'w' && o->wdns) || (c != 'w' && o->wd))
		cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --wdns --wd");
	if (c == 'w') {
		o->wd = true;
		o->wd_dir = arg;
	} else {
		o->wdns = arg;
	}
}

/* The options that only switch something on. */
static void flag_option(int c, struct ns_enter_opts *o)
{
	switch (c) {
	case 'a':
		o->all = true;
		break;
	case OPT_USER_PARENT:
		o->user_parent = true;
		break;
	case OPT_PRESERVE_CRED:
		o->preserve_credentials = true;
		break;
	case OPT_KEEP_CAPS:
		o->keep_caps = true;
		break;
	case 'e':
		o->env = true;
		break;
	case 'F':
		o->no_fork = true;
		break;
	case 'c':
		o->join_cgroup = true;
		break;
	case 'Z':
		/* SELinux contexts: without SELinux (these machines) there is none to follow. */
		break;
	case OPT_EXPLAIN:
		cli_explain();
		break;
	case 'h':
		usage();
	case 'V':
		cli_version();
	default:
		cli_usage_error(EXIT_FAILURE, NULL);
	}
}

static void parse_options(int argc, char **argv, struct ns_enter_opts *o)
{
	int c;

	while ((c = cli_getopt(&parser, argc, argv)) != -1) {
		int t = cli_ns_type(c);

		if (t >= 0) {
			o->ns[t] = true;
			o->ns_file[t] = optarg;
		} else if (c < 256 && strchr("tNSG", c)) {
			number_option(c, optarg, o);
		} else if (c < 256 && strchr("rwW", c)) {
			dir_option(c, optarg, o);
		} else if (c == OPT_WDNS_LONG) {
			dir_option('W', optarg, o);
		} else {
			flag_option(c, o);
		}
	}
}

/*
 * Once a PID namespace may have been entered, this process's children would be born in it:
 * exit handlers that fork (LeakSanitizer's checker does) must not run, so leave by _exit,
 * with cli_die()'s message.
 */
static noreturn void die(int status, const struct ns_error *err)
{
	cli_warn_error(err);
	_exit(status);
}

/*
 * A target that does not exist: the library says ESRCH ("No such process") and names the
 * first /proc/PID file it needed; nsenter, which opens those files, gets ENOENT there, and
 * says that. Only the pidfd's own messages (-N, PID:INODE) keep ESRCH, as util-linux's do.
 */
static noreturn void open_failed(const struct ns_enter_opts *o, struct ns_error *err)
{
	if (err->code == ESRCH && err->step == NS_STEP_OPEN && !o->target_inode &&
	    o->net_socket < 0)
		err->code = ENOENT;
	cli_die(EXIT_FAILURE, err);
}

int main(int argc, char **argv)
{
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	int status, rc;

	cli_init(argv[0], "nsenter-lite", CLI_NAME_SHORT);
	/* getopt names the program by argv[0]: make that our name, not a path. */
	argv[0] = (char *)cli_name();
	ns_enter_opts_init(&o);
	parse_options(argc, argv, &o);

	e = ns_enter_open(&o, &err);
	if (!e)
		open_failed(&o, &err);
	if (ns_enter_join(e, &err) < 0)
		die(EXIT_FAILURE, &err);
	rc = ns_enter_fork(e, &status, &err);
	if (rc < 0)
		die(EXIT_FAILURE, &err);
	if (rc > 0) {
		fflush(stdout);
		_exit(status);
	}
	if (ns_enter_cred_set(e, &err) < 0)
		die(EXIT_FAILURE, &err);
	ns_enter_close(e);

	if (optind < argc)
		rc = ns_exec(argv + optind, &err);
	else
		rc = ns_exec_shell(true, NULL, &err); /* "-sh", as util-linux runs it */
	die(ns_exec_failure_status(rc), &err);
}
