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
};

static const struct option fixed_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "target", required_argument, NULL, 't' },
	{ "net-socket", required_argument, NULL, 'N' },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CRED },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", optional_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "follow-context", no_argument, NULL, 'Z' },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
};

#define NFIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))

static void usage(void)
{
	printf("Usage:\n %s [options] [<program> [<argument>...]]\n\n", cli_name());
	printf("Run a program with namespaces of other processes.\n\nOptions:\n");
	printf(" -a, --all                 enter all namespaces\n");
	printf(" -t, --target <pid>[:<inode>]  target process to get namespaces from\n");
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);
		char opt[32];

		snprintf(opt, sizeof(opt), "%s[=<file>]", ti->option);
		printf(" -%c, --%-21s enter %s namespace\n", ti->letter, opt, ti->name);
	}
	printf(" -N, --net-socket <fd>     enter socket's network namespace (needs --target)\n");
	printf("     --user-parent         enter parent user namespace\n");
	printf(" -S, --setuid <uid>|follow set uid in entered namespace\n");
	printf(" -G, --setgid <gid>|follow set gid in entered namespace\n");
	printf("     --preserve-credentials do not touch uids or gids\n");
	printf("     --keep-caps           retain capabilities granted in user namespaces\n");
	printf(" -r, --root[=<dir>]        set the root directory\n");
	printf(" -w, --wd[=<dir>]          set the working directory\n");
	printf(" -W, --wdns <dir>          set the working directory in namespace\n");
	printf(" -e, --env                 inherit environment variables from target process\n");
	printf(" -F, --no-fork             do not fork before exec'ing <program>\n");
	printf(" -c, --join-cgroup         join the cgroup of the target process (cgroup v2)\n");
	printf(" -Z, --follow-context      accepted; without SELinux it does nothing\n");
	printf("     --explain             show each step (system call) as it is taken\n\n");
	printf(" -h, --help                display this help\n");
	printf(" -V, --version             display version\n\n");
	printf("For more details see nsenter-lite(1).\n");
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

static void parse_options(int argc, char **argv, struct ns_enter_opts *o)
{
	struct option longopts[NFIXED + NS_NTYPES + 1];
	char shortopts[64] = "+at:N:S:G:r::w::W:ecFZhV";
	size_t n = 0, len = strlen(shortopts);
	int c, rc;

	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);

		longopts[n++] = (struct option){ ti->option, optional_argument, NULL, ti->letter };
		shortopts[len++] = ti->letter;
		shortopts[len++] = ':';
		shortopts[len++] = ':';
	}
	shortopts[len] = '\0';
	memcpy(longopts + n, fixed_options, sizeof(fixed_options));
	memset(&longopts[n + NFIXED], 0, sizeof(longopts[0]));

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct ns_type_info *ti = NULL;

		for (int t = 0; t < NS_NTYPES && !ti; t++)
			if (c == ns_type_info(t)->letter)
				ti = ns_type_info(t);
		if (ti) {
			o->ns[ti->type] = true;
			o->ns_file[ti->type] = optarg;
			continue;
		}
		switch (c) {
		case 'a':
			o->all = true;
			break;
		case 't':
			/* As util-linux 2.38.1: a later --target wins, and 0 is no target. */
			rc = cli_parse_target(optarg, &o->target, &o->target_inode);
			if (rc)
				bad_number(rc, "pid", optarg);
			break;
		case 'N': {
			unsigned long long v;

			rc = cli_parse_u64(optarg, INT32_MAX, &v);
			if (rc)
				bad_number(rc, "file descriptor", optarg);
			o->net_socket = (int)v;
			break;
		}
		case OPT_USER_PARENT:
			o->user_parent = true;
			break;
		case 'S':
			parse_id(optarg, "uid", &o->uid_follow, &o->uid);
			o->set_uid = true;
			break;
		case 'G':
			parse_id(optarg, "gid", &o->gid_follow, &o->gid);
			o->set_gid = true;
			break;
		case OPT_PRESERVE_CRED:
			o->preserve_credentials = true;
			break;
		case OPT_KEEP_CAPS:
			o->keep_caps = true;
			break;
		case 'r':
			o->root = true;
			o->root_dir = optarg;
			break;
		case 'w':
			if (o->wdns)
				cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --wdns --wd");
			o->wd = true;
			o->wd_dir = optarg;
			break;
		case 'W':
			if (o->wd)
				cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --wdns --wd");
			o->wdns = optarg;
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
			break;
		case 'V':
			cli_version();
			break;
		default:
			cli_usage_error(EXIT_FAILURE, NULL);
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
	die(ns_exec_failure_status(-rc), &err);
}
