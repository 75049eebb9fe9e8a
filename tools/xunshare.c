// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xunshare: run a program in new namespaces, as util-linux unshare(1) does. This file only
 * turns options into a struct ns_unshare, through one table that also gives --help; libns
 * takes the steps.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "xunshare_args.h"

enum {
	OPT_MOUNTPROC = 256,
	OPT_PROPAGATION,
	OPT_SETGROUPS,
	OPT_KILLCHILD,
	OPT_FORWARD,
	OPT_KEEPCAPS,
	OPT_MONOTONIC,
	OPT_BOOTTIME,
	OPT_MAPUSER,
	OPT_MAPGROUP,
	OPT_MAPUSERS,
	OPT_MAPGROUPS,
	OPT_MAPAUTO,
	OPT_MAPSUBIDS,
	OPT_OWNER,
	OPT_BINFMT,
	OPT_EXPLAIN,
	OPT_CLEARENV,
	OPT_WHITELISTENV,
};

#define IMPLIES_USER "(implies --user)"
#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"

static const struct cli_opt options[] = {
	{ CLI_NS_ROWS, NULL, optional_argument, "-%c, --%s[=<file>]", "unshare %3$s namespace",
	  CLI_SHORT_NOARG },
	{ CLI_BLANK, NULL, 0, NULL, NULL, 0 },
	{ 'f', "fork", no_argument, "-f, --fork", "fork before launching <program>", 0 },
	{ OPT_MAPUSER, "map-user", required_argument, "--map-user=<uid>|<name>",
	  "map current user to uid " IMPLIES_USER, 0 },
	{ OPT_MAPGROUP, "map-group", required_argument, "--map-group=<gid>|<name>",
	  "map current group to gid " IMPLIES_USER, 0 },
	{ 'r', "map-root-user", no_argument, "-r, --map-root-user",
	  "map current user to root " IMPLIES_USER, 0 },
	{ 'c', "map-current-user", no_argument, "-c, --map-current-user",
	  "map current user to itself " IMPLIES_USER, 0 },
	{ OPT_MAPAUTO, "map-auto", no_argument, "--map-auto",
	  "map users and groups automatically " IMPLIES_USER, 0 },
	{ OPT_MAPSUBIDS, "map-subids", no_argument, "--map-subids",
	  "map the user's subordinate IDs to themselves " IMPLIES_USER, 0 },
	{ OPT_MAPUSERS, "map-users", required_argument, "--map-users=<inneruid>:<outeruid>:<count>",
	  "map count users from outeruid to inneruid " IMPLIES_USER, CLI_WRAP },
	{ OPT_MAPGROUPS, "map-groups", required_argument,
	  "--map-groups=<innergid>:<outergid>:<count>",
	  "map count groups from outergid to innergid " IMPLIES_USER, CLI_WRAP },
	{ OPT_OWNER, "owner", required_argument, "--owner=<uid>:<gid>",
	  "owner of the new user namespace " IMPLIES_USER, 0 },
	{ CLI_BLANK, NULL, 0, NULL, NULL, 0 },
	{ OPT_KILLCHILD, "kill-child", optional_argument, "--kill-child[=<signame>]",
	  "when dying, kill the forked child (implies --fork)\n"
	  "                             defaults to SIGKILL",
	  0 },
	{ OPT_FORWARD, "forward-signals", no_argument, "--forward-signals",
	  "forward SIGTERM and SIGINT to the forked child (implies --fork)", 0 },
	{ OPT_MOUNTPROC, "mount-proc", optional_argument, "--mount-proc[=<dir>]",
	  "mount proc filesystem first (implies --mount)", 0 },
	{ OPT_BINFMT, "mount-binfmt", optional_argument, "--mount-binfmt[=<dir>]",
	  "mount binfmt_misc filesystem (implies --mount)", 0 },
	{ 'l', "load-interp", required_argument, "-l, --load-interp=<rule>",
	  "load a binfmt_misc rule (implies --mount-binfmt)", 0 },
	{ OPT_PROPAGATION, "propagation", required_argument,
	  "--propagation slave|shared|private|unchanged",
	  "modify mount propagation in mount namespace", CLI_WRAP },
	{ OPT_SETGROUPS, "setgroups", required_argument, "--setgroups allow|deny",
	  "control the setgroups syscall in user namespaces", 0 },
	{ OPT_KEEPCAPS, "keep-caps", no_argument, "--keep-caps",
	  "retain capabilities granted in user namespaces", 0 },
	{ CLI_BLANK, NULL, 0, NULL, NULL, 0 },
	{ 'R', "root", required_argument, "-R, --root=<dir>",
	  "run the command with root directory set to <dir>", 0 },
	{ 'w', "wd", required_argument, "-w, --wd=<dir>", "change working directory to <dir>", 0 },
	{ 'S', "setuid", required_argument, "-S, --setuid <uid>", "set uid in entered namespace",
	  0 },
	{ 'G', "setgid", required_argument, "-G, --setgid <gid>", "set gid in entered namespace",
	  0 },
	{ OPT_MONOTONIC, "monotonic", required_argument, "--monotonic <offset>",
	  "set clock monotonic offset (seconds) in time namespaces", 0 },
	{ OPT_BOOTTIME, "boottime", required_argument, "--boottime <offset>",
	  "set clock boottime offset (seconds) in time namespaces", 0 },
	{ OPT_CLEARENV, "clear-env", no_argument, "--clear-env",
	  "do not inherit environment variables from the calling process", 0 },
	{ OPT_WHITELISTENV, "whitelist-env", required_argument, "--whitelist-env <list>",
	  "clear environment except for specified variables", 0 },
	{ CLI_BLANK, NULL, 0, NULL, NULL, 0 },
	{ OPT_EXPLAIN, "explain", no_argument, "--explain",
	  "show each step (system call) and why, on stderr", 0 },
	{ 'h', "help", no_argument, "-h, --help", "display this help", 0 },
	{ 'V', "version", no_argument, "-V, --version", "display version", 0 },
};

/* util-linux's order of the namespace options: mount uts ipc net pid user cgroup time. */
static const enum ns_type ns_order[NS_NTYPES] = { NS_MNT, NS_UTS,  NS_IPC,    NS_NET,
						  NS_PID, NS_USER, NS_CGROUP, NS_TIME };

static struct cli_parser parser = {
	.opts = options,
	.nopts = sizeof(options) / sizeof(options[0]),
	.short_prefix = "+",
	.ns_order = ns_order,
	.width = 26,
};

/* What the options say, before it becomes a struct ns_unshare. */
struct args {
	struct ns_unshare u;
	int64_t mapuser, mapgroup; /* -1: none */
	struct ns_idmap users, groups; /* --map-users, --map-groups */
	const char *interps[64];
	size_t ninterps;
	bool clear_env;
	char **kept_env; /* --whitelist-env: NAME, VALUE, NAME, VALUE ... */
	size_t nkept_env;
};

static noreturn void usage(void)
{
	printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n\n", cli_name());
	printf("Run a program with some namespaces unshared from the parent.\n\nOptions:\n");
	cli_print_options(&parser);
	printf("\nFor more details see xunshare(1).\n");
	exit(EXIT_SUCCESS);
}

static int64_t parse_offset(const char *s, const char *what)
{
	int64_t v;
	int rc = xunshare_parse_offset(s, &v);

	if (rc == -ERANGE) {
		errno = ERANGE;
		cli_err(EXIT_FAILURE, "failed to parse %s offset: '%s'", what, s);
	}
	if (rc < 0)
		cli_errx(EXIT_FAILURE, "failed to parse %s offset: '%s'", what, s);
	return v;
}

static uint32_t parse_id(const char *s, bool group)
{
	struct ns_error err;
	uint32_t id;

	if (xunshare_parse_id(s, group, &id, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	return id;
}

/* -S and -G take numbers only; too large is an error, not a silent truncation. */
static uint32_t parse_num_id(const char *s, bool group)
{
	unsigned long long v;
	int rc = cli_parse_u64(s, UINT32_MAX - 1, &v);

	if (rc == -ERANGE) {
		errno = ERANGE;
		cli_err(EXIT_FAILURE, "failed to parse %s: '%s'", group ? "gid" : "uid", s);
	}
	if (rc < 0)
		cli_errx(EXIT_FAILURE, "failed to parse %s: '%s'", group ? "gid" : "uid", s);
	return (uint32_t)v;
}

/* --map-users/--map-groups: a range, or auto (subordinate IDs from 0), subids (identity). */
static void add_map(struct ns_idmap *map, const char *arg, bool group)
{
	struct ns_idmap_range r;
	struct ns_error err;

	if (!strcmp(arg, "all")) {
		if (ns_idmap_add_all(map, group, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
		return;
	}
	if (!strcmp(arg, "auto") || !strcmp(arg, "subids")) {
		if (ns_subid_lookup(group ? "/etc/subgid" : "/etc/subuid", geteuid(), NULL, &r,
				    &err) < 0)
			cli_die(EXIT_FAILURE, &err);
		if (arg[0] == 's')
			r.inner = r.outer;
	} else if (ns_idmap_parse_range(arg, &r, &err) < 0) {
		cli_die(EXIT_FAILURE, &err);
	}
	if (ns_idmap_add(map, r.inner, r.outer, r.count, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
}

/*
 * --whitelist-env NAME,...: the values as they are when the option is read, set again after
 * the environment is cleared, just before the exec (util-linux master).
 */
static void keep_env(struct args *a, const char *list)
{
	char *copy = strdup(list), *save = NULL;

	if (!copy)
		cli_errx(EXIT_FAILURE, "cannot allocate memory");
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const char *value = getenv(name);
		char **more;

		if (!value)
			continue;
		more = realloc(a->kept_env, (a->nkept_env + 2) * sizeof(*a->kept_env));
		if (!more)
			cli_errx(EXIT_FAILURE, "cannot allocate memory");
		a->kept_env = more;
		a->kept_env[a->nkept_env++] = strdup(name);
		a->kept_env[a->nkept_env++] = strdup(value);
		if (!a->kept_env[a->nkept_env - 1] || !a->kept_env[a->nkept_env - 2])
			cli_errx(EXIT_FAILURE, "cannot allocate memory");
	}
	free(copy);
}

static void set_env(const struct args *a)
{
	clearenv();
	for (size_t i = 0; i < a->nkept_env; i += 2)
		if (setenv(a->kept_env[i], a->kept_env[i + 1], 0) < 0)
			cli_err(EXIT_FAILURE, "failed to set whitelisted environment variables");
}

/* The options of the user namespace and its maps; false: not one of them. */
static bool user_option(struct args *a, int c, const char *arg)
{
	struct ns_error err;

	switch (c) {
	case OPT_MAPUSER:
		a->mapuser = parse_id(arg, false);
		break;
	case OPT_MAPGROUP:
		a->mapgroup = parse_id(arg, true);
		break;
	case 'r':
		a->mapuser = 0;
		a->mapgroup = 0;
		break;
	case 'c':
		a->mapuser = geteuid();
		a->mapgroup = getegid();
		break;
	case OPT_MAPUSERS:
		add_map(&a->users, arg, false);
		break;
	case OPT_MAPGROUPS:
		add_map(&a->groups, arg, true);
		break;
	case OPT_MAPAUTO:
	case OPT_MAPSUBIDS:
		add_map(&a->users, c == OPT_MAPAUTO ? "auto" : "subids", false);
		add_map(&a->groups, c == OPT_MAPAUTO ? "auto" : "subids", true);
		break;
	case OPT_OWNER:
		if (xunshare_parse_owner(arg, &a->u.owner_uid, &a->u.owner_gid, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
		break;
	default:
		return false;
	}
	a->u.flags |= CLONE_NEWUSER;
	return true;
}

/* --mount-proc, --mount-binfmt, -l, --propagation; false: not one of them. */
static bool mount_option(struct args *a, int c, const char *arg)
{
	switch (c) {
	case OPT_MOUNTPROC:
		a->u.mount_proc = arg ? arg : "/proc";
		break;
	case OPT_BINFMT:
		a->u.mount_binfmt = arg ? arg : BINFMT_DIR;
		break;
	case 'l':
		if (a->ninterps + 1 >= sizeof(a->interps) / sizeof(a->interps[0]))
			cli_errx(EXIT_FAILURE, "too many --load-interp options");
		a->interps[a->ninterps++] = arg;
		if (!a->u.mount_binfmt)
			a->u.mount_binfmt = BINFMT_DIR;
		break;
	case OPT_PROPAGATION:
		if (xunshare_parse_propagation(arg, &a->u.propagation) < 0)
			cli_errx(EXIT_FAILURE, "unsupported propagation mode: %s", arg);
		return true;
	default:
		return false;
	}
	a->u.flags |= CLONE_NEWNS;
	return true;
}

/* --kill-child, --forward-signals, -S, -G, --monotonic, --boottime, -R, -w, the rest. */
static void other_option(struct args *a, int c, const char *arg)
{
	bool allow;

	switch (c) {
	case OPT_SETGROUPS:
		if (xunshare_parse_setgroups(arg, &allow) < 0)
			cli_errx(EXIT_FAILURE, "unsupported --setgroups argument '%s'", arg);
		a->u.setgroups = allow ? 1 : -1;
		break;
	case OPT_KILLCHILD:
		a->u.fork = true;
		a->u.kill_child = arg ? ns_signal_parse(arg) : SIGKILL;
		if (a->u.kill_child < 0)
			cli_errx(EXIT_FAILURE, "unknown signal: %s", arg);
		break;
	case OPT_FORWARD:
		a->u.fork = a->u.forward_signals = true;
		break;
	case 'S':
		a->u.uid = parse_num_id(arg, false);
		break;
	case 'G':
		a->u.gid = parse_num_id(arg, true);
		break;
	case OPT_MONOTONIC:
		a->u.monotonic = parse_offset(arg, "monotonic");
		a->u.has_monotonic = true;
		break;
	case OPT_BOOTTIME:
		a->u.boottime = parse_offset(arg, "boottime");
		a->u.has_boottime = true;
		break;
	default:
		cli_usage_error(EXIT_FAILURE, NULL);
	}
}

static void parse(struct args *a, int argc, char **argv)
{
	int c;

	while ((c = cli_getopt(&parser, argc, argv)) != -1) {
		int t = cli_ns_type(c);

		if (t >= 0) {
			a->u.flags |= ns_type_info(t)->flag;
			if (optarg)
				a->u.persist[t] = optarg;
		} else if (c == 'f') {
			a->u.fork = true;
		} else if (c == 'h') {
			usage();
		} else if (c == 'V') {
			cli_version();
		} else if (c == 'R' || c == 'w') {
			*(c == 'R' ? &a->u.root : &a->u.wd) = optarg;
		} else if (c == OPT_KEEPCAPS) {
			a->u.keep_caps = true;
		} else if (c == OPT_EXPLAIN) {
			cli_explain();
		} else if (c == OPT_CLEARENV || c == OPT_WHITELISTENV) {
			a->clear_env = true;
			if (c == OPT_WHITELISTENV)
				keep_env(a, optarg);
		} else if (!user_option(a, c, optarg) && !mount_option(a, c, optarg)) {
			other_option(a, c, optarg);
		}
	}
}

/* The ranges, around the single mapping (single, of to's first range) when there is one. */
static void add_all(struct ns_idmap *to, const struct ns_idmap *from, bool single)
{
	struct ns_error err;
	int rc;

	for (size_t i = 0; i < from->n; i++) {
		const struct ns_idmap_range *r = &from->range[i];

		if (single)
			rc = ns_idmap_add_except(to, r, to->range[0].inner, to->range[0].outer,
						 &err);
		else
			rc = ns_idmap_add(to, r->inner, r->outer, r->count, &err);
		if (rc < 0)
			cli_die(EXIT_FAILURE, &err);
	}
}

/* The checks across options, then the maps: the single ID first (-r, -c, --map-user). */
static void finish(struct args *a)
{
	bool owner = a->u.owner_uid != NS_UID_UNSET;
	struct ns_error err;

	if ((a->u.has_monotonic || a->u.has_boottime) && !(a->u.flags & CLONE_NEWTIME))
		cli_errx(EXIT_FAILURE, "options --monotonic and --boottime require "
				       "unsharing of a time namespace (-t)");
	/* With --owner a privileged helper writes the gid map: no "deny" is needed (util-linux). */
	if (a->mapgroup >= 0 && a->u.setgroups > 0 && !owner)
		cli_errx(EXIT_FAILURE, "options --setgroups=allow and --map-group are mutually "
				       "exclusive");
	if (a->mapuser >= 0 &&
	    ns_idmap_add(&a->u.uid_map, (uint32_t)a->mapuser, geteuid(), 1, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	if (a->mapgroup >= 0) {
		if (ns_idmap_add(&a->u.gid_map, (uint32_t)a->mapgroup, getegid(), 1, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
		a->u.deny_setgroups_for_map = !owner;
	}
	add_all(&a->u.uid_map, &a->users, a->mapuser >= 0);
	add_all(&a->u.gid_map, &a->groups, a->mapgroup >= 0);
	if (a->ninterps)
		a->u.load_interp = a->interps;
}

/*
 * Leaves with status. Once a PID namespace was made, its first child may already be gone (a
 * persistence helper), and then nothing may fork at exit (LeakSanitizer's checker would, and
 * spin): _exit then.
 */
static noreturn void leave(const struct args *a, int status)
{
	fflush(stdout);
	if (a->u.flags & CLONE_NEWPID)
		cli_exit_now(status);
	exit(status);
}

static void unshare_or_die(const struct args *a)
{
	struct ns_error err;
	int rc, status;

	rc = ns_unshare(&a->u, &status, &err);
	if (rc < 0) {
		if (err.step == NS_STEP_UNSHARE && err.code == EPERM &&
		    !(a->u.flags & CLONE_NEWUSER) && geteuid() != 0) {
			cli_warn_error(&err);
			cli_errx(EXIT_FAILURE,
				 "hint: only root may do this; as a user, add -r "
				 "(--map-root-user) to create a user namespace first");
		}
		cli_warn_error(&err);
		leave(a, EXIT_FAILURE);
	}
	if (rc > 0) {
		/* The waiting parent is done. _exit: with -p its PID namespace for children is dead,
		 * so nothing may fork at exit (LeakSanitizer's checker would, and fail). */
		fflush(stdout);
		cli_exit_now(status);
	}
}

int main(int argc, char *argv[])
{
	static struct args a;
	struct ns_error err;
	const char *shell;

	cli_init(argv[0], "xunshare", CLI_NAME_SHORT);
	ns_unshare_init(&a.u);
	a.mapuser = a.mapgroup = -1;
	parse(&a, argc, argv);
	finish(&a);
	unshare_or_die(&a);
	if (a.clear_env)
		set_env(&a);
	if (optind < argc)
		ns_exec(argv + optind, &err);
	else
		ns_exec_shell(true, NULL, &err);
	if (err.step != NS_STEP_EXEC) {
		cli_warn_error(&err);
		leave(&a, EXIT_FAILURE);
	}
	/* Not err.msg, which is bounded: the name as given, however long. */
	shell = getenv("SHELL") && *getenv("SHELL") ? getenv("SHELL") : "/bin/sh";
	fflush(stdout);
	fprintf(stderr, "%s: failed to execute %s: %s\n", cli_name(),
		optind < argc ? argv[optind] : shell, strerror(err.code));
	leave(&a, ns_exec_failure_status(-err.code));
}
