// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xunshare: run a program in new namespaces, as util-linux unshare(1) does. This file only
 * turns options into a struct ns_unshare; libns takes the steps.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cli.h"

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
};

static noreturn void usage(void)
{
	printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n\n", cli_name());
	printf("Run a program with some namespaces unshared from the parent.\n\nOptions:\n");
	for (int t = 0; t < NS_NTYPES; t++) {
		/* util-linux's order: mount uts ipc net pid user cgroup time */
		static const enum ns_type order[NS_NTYPES] = {
			NS_MNT, NS_UTS, NS_IPC, NS_NET, NS_PID, NS_USER, NS_CGROUP, NS_TIME
		};
		const struct ns_type_info *ti = ns_type_info(order[t]);
		char opt[64];

		snprintf(opt, sizeof(opt), "-%c, --%s[=<file>]", ti->letter, ti->option);
		printf(" %-25s unshare %s namespace\n", opt, ti->name);
	}
	fputs("\n"
	      " -f, --fork                fork before launching <program>\n"
	      " --map-user=<uid>|<name>   map current user to uid (implies --user)\n"
	      " --map-group=<gid>|<name>  map current group to gid (implies --user)\n"
	      " -r, --map-root-user       map current user to root (implies --user)\n"
	      " -c, --map-current-user    map current user to itself (implies --user)\n"
	      " --map-auto                map users and groups automatically (implies --user)\n"
	      " --map-subids              map the user's subordinate IDs to themselves (implies "
	      "--user)\n"
	      " --map-users=<inneruid>:<outeruid>:<count>\n"
	      "                           map count users from outeruid to inneruid (implies "
	      "--user)\n"
	      " --map-groups=<innergid>:<outergid>:<count>\n"
	      "                           map count groups from outergid to innergid (implies "
	      "--user)\n"
	      " --owner=<uid>:<gid>       owner of the new user namespace (implies --user)\n"
	      "\n"
	      " --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n"
	      "                             defaults to SIGKILL\n"
	      " --forward-signals         forward SIGTERM and SIGINT to the forked child (implies "
	      "--fork)\n"
	      " --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"
	      " --mount-binfmt[=<dir>]    mount binfmt_misc filesystem (implies --mount)\n"
	      " -l, --load-interp=<rule>  load a binfmt_misc rule (implies --mount-binfmt)\n"
	      " --propagation slave|shared|private|unchanged\n"
	      "                           modify mount propagation in mount namespace\n"
	      " --setgroups allow|deny    control the setgroups syscall in user namespaces\n"
	      " --keep-caps               retain capabilities granted in user namespaces\n"
	      "\n"
	      " -R, --root=<dir>          run the command with root directory set to <dir>\n"
	      " -w, --wd=<dir>            change working directory to <dir>\n"
	      " -S, --setuid <uid>        set uid in entered namespace\n"
	      " -G, --setgid <gid>        set gid in entered namespace\n"
	      " --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"
	      " --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"
	      "\n"
	      " --explain                 show each step (system call) and why, on stderr\n"
	      " -h, --help                display this help\n"
	      " -V, --version             display version\n"
	      "\n"
	      "For more details see xunshare(1).\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static int64_t parse_offset(const char *s, const char *what)
{
	int64_t v;

	if (ns_time_offset_parse(s, &v) < 0)
		cli_errx(EXIT_FAILURE, "failed to parse %s offset: '%s'", what, s);
	return v;
}

static uint32_t parse_id(const char *s, bool group)
{
	struct ns_error err;
	uint32_t id;

	if (ns_id_parse(s, group, &id, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	return id;
}

/* -S and -G take numbers only; too large is an error, not a silent truncation. */
static uint32_t parse_num_id(const char *s, bool group)
{
	unsigned long long v;

	if (cli_parse_u64(s, UINT32_MAX - 1, &v) < 0)
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

static void parse_owner(const char *arg, struct ns_unshare *u)
{
	struct ns_error err;
	uint32_t uid, gid;

	if (ns_owner_parse(arg, &uid, &gid, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	u->owner_uid = uid;
	u->owner_gid = gid;
	u->has_owner = true;
}

int main(int argc, char *argv[])
{
	static struct ns_unshare u;
	static const char *interps[64];
	size_t ninterps = 0;
	int64_t mapuser = -1, mapgroup = -1;
	struct ns_idmap *users = NULL, *groups = NULL;
	static struct ns_idmap users_buf, groups_buf;
	struct option longopts[NS_NTYPES + 32];
	char shortopts[64] = "+";
	size_t n = 0, s = 1;
	struct ns_error err;
	int c, rc, wstatus;
	const char *propagation = NULL;

	cli_init(argv[0], "xunshare", CLI_NAME_SHORT);
	/* The namespace options come from the table: a ninth type would be one row there. */
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);

		longopts[n++] = (struct option){ ti->option, optional_argument, NULL, ti->letter };
		shortopts[s++] = ti->letter;
	}
	strcpy(shortopts + s, "fhVrcR:w:S:G:l:");
	{
		static const struct option rest[] = {
			{ "fork", no_argument, NULL, 'f' },
			{ "help", no_argument, NULL, 'h' },
			{ "version", no_argument, NULL, 'V' },
			{ "mount-proc", optional_argument, NULL, OPT_MOUNTPROC },
			{ "mount-binfmt", optional_argument, NULL, OPT_BINFMT },
			{ "load-interp", required_argument, NULL, 'l' },
			{ "map-user", required_argument, NULL, OPT_MAPUSER },
			{ "map-group", required_argument, NULL, OPT_MAPGROUP },
			{ "map-users", required_argument, NULL, OPT_MAPUSERS },
			{ "map-groups", required_argument, NULL, OPT_MAPGROUPS },
			{ "map-root-user", no_argument, NULL, 'r' },
			{ "map-current-user", no_argument, NULL, 'c' },
			{ "map-auto", no_argument, NULL, OPT_MAPAUTO },
			{ "map-subids", no_argument, NULL, OPT_MAPSUBIDS },
			{ "owner", required_argument, NULL, OPT_OWNER },
			{ "propagation", required_argument, NULL, OPT_PROPAGATION },
			{ "setgroups", required_argument, NULL, OPT_SETGROUPS },
			{ "kill-child", optional_argument, NULL, OPT_KILLCHILD },
			{ "forward-signals", no_argument, NULL, OPT_FORWARD },
			{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
			{ "setuid", required_argument, NULL, 'S' },
			{ "setgid", required_argument, NULL, 'G' },
			{ "root", required_argument, NULL, 'R' },
			{ "wd", required_argument, NULL, 'w' },
			{ "monotonic", required_argument, NULL, OPT_MONOTONIC },
			{ "boottime", required_argument, NULL, OPT_BOOTTIME },
			{ "explain", no_argument, NULL, OPT_EXPLAIN },
			{ NULL, 0, NULL, 0 },
		};
		memcpy(longopts + n, rest, sizeof(rest));
	}
	u.propagation = MS_REC | MS_PRIVATE;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct ns_type_info *ti = NULL;

		for (int t = 0; t < NS_NTYPES && !ti; t++)
			if (ns_type_info(t)->letter == c)
				ti = ns_type_info(t);
		if (ti) {
			u.flags |= ti->flag;
			if (optarg)
				u.persist[ti->type] = optarg;
			continue;
		}
		switch (c) {
		case 'f':
			u.fork = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		case OPT_MOUNTPROC:
			u.flags |= CLONE_NEWNS;
			u.mount_proc = optarg ? optarg : "/proc";
			break;
		case OPT_BINFMT:
			u.flags |= CLONE_NEWNS;
			u.mount_binfmt = optarg ? optarg : "/proc/sys/fs/binfmt_misc";
			break;
		case 'l':
			u.flags |= CLONE_NEWNS;
			if (!u.mount_binfmt)
				u.mount_binfmt = "/proc/sys/fs/binfmt_misc";
			if (ninterps + 1 >= sizeof(interps) / sizeof(interps[0]))
				cli_errx(EXIT_FAILURE, "too many --load-interp options");
			interps[ninterps++] = optarg;
			break;
		case OPT_MAPUSER:
			u.flags |= CLONE_NEWUSER;
			mapuser = parse_id(optarg, false);
			break;
		case OPT_MAPGROUP:
			u.flags |= CLONE_NEWUSER;
			mapgroup = parse_id(optarg, true);
			break;
		case 'r':
			u.flags |= CLONE_NEWUSER;
			mapuser = 0;
			mapgroup = 0;
			break;
		case 'c':
			u.flags |= CLONE_NEWUSER;
			mapuser = geteuid();
			mapgroup = getegid();
			break;
		case OPT_MAPUSERS:
			u.flags |= CLONE_NEWUSER;
			users = &users_buf;
			add_map(users, optarg, false);
			break;
		case OPT_MAPGROUPS:
			u.flags |= CLONE_NEWUSER;
			groups = &groups_buf;
			add_map(groups, optarg, true);
			break;
		case OPT_MAPAUTO:
		case OPT_MAPSUBIDS:
			u.flags |= CLONE_NEWUSER;
			users = &users_buf;
			groups = &groups_buf;
			add_map(users, c == OPT_MAPAUTO ? "auto" : "subids", false);
			add_map(groups, c == OPT_MAPAUTO ? "auto" : "subids", true);
			break;
		case OPT_OWNER:
			u.flags |= CLONE_NEWUSER;
			parse_owner(optarg, &u);
			break;
		case OPT_PROPAGATION:
			propagation = optarg;
			if (ns_propagation_parse(optarg, &u.propagation) < 0)
				cli_errx(EXIT_FAILURE, "unsupported propagation mode: %s", optarg);
			break;
		case OPT_SETGROUPS: {
			bool allow;

			if (ns_setgroups_parse(optarg, &allow) < 0)
				cli_errx(EXIT_FAILURE, "unsupported --setgroups argument '%s'",
					 optarg);
			u.setgroups = allow ? 1 : -1;
			break;
		}
		case OPT_KILLCHILD:
			u.fork = true;
			if (optarg) {
				int sig = ns_signal_parse(optarg);

				if (sig < 0)
					cli_errx(EXIT_FAILURE, "unknown signal: %s", optarg);
				u.kill_child = sig;
			} else {
				u.kill_child = SIGKILL;
			}
			break;
		case OPT_FORWARD:
			u.fork = true;
			u.forward_signals = true;
			break;
		case OPT_KEEPCAPS:
			u.keep_caps = true;
			break;
		case 'S':
			u.uid = parse_num_id(optarg, false);
			u.has_uid = true;
			break;
		case 'G':
			u.gid = parse_num_id(optarg, true);
			u.has_gid = true;
			break;
		case 'R':
			u.root = optarg;
			break;
		case 'w':
			u.wd = optarg;
			break;
		case OPT_MONOTONIC:
			u.monotonic = parse_offset(optarg, "monotonic");
			u.has_monotonic = true;
			break;
		case OPT_BOOTTIME:
			u.boottime = parse_offset(optarg, "boottime");
			u.has_boottime = true;
			break;
		case OPT_EXPLAIN:
			cli_explain();
			break;
		default:
			cli_usage_error(EXIT_FAILURE, NULL);
		}
	}
	(void)propagation;

	if ((u.has_monotonic || u.has_boottime) && !(u.flags & CLONE_NEWTIME))
		cli_errx(EXIT_FAILURE, "options --monotonic and --boottime require "
				       "unsharing of a time namespace (-t)");
	if (mapgroup >= 0 && u.setgroups > 0)
		cli_errx(EXIT_FAILURE, "options --setgroups=allow and --map-group are mutually "
				       "exclusive");

	/* The maps: the single ID first (-r, -c, --map-user), then the ranges. */
	if (mapuser >= 0 && ns_idmap_add(&u.uid_map, (uint32_t)mapuser, geteuid(), 1, &err) < 0)
		cli_die(EXIT_FAILURE, &err);
	if (mapgroup >= 0) {
		if (ns_idmap_add(&u.gid_map, (uint32_t)mapgroup, getegid(), 1, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
		u.deny_setgroups_for_map = true;
	}
	for (size_t i = 0; users && i < users->n; i++)
		if (ns_idmap_add(&u.uid_map, users->range[i].inner, users->range[i].outer,
				 users->range[i].count, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
	for (size_t i = 0; groups && i < groups->n; i++)
		if (ns_idmap_add(&u.gid_map, groups->range[i].inner, groups->range[i].outer,
				 groups->range[i].count, &err) < 0)
			cli_die(EXIT_FAILURE, &err);
	if (ninterps)
		u.load_interp = interps;

	rc = ns_unshare(&u, &wstatus, &err);
	if (rc < 0) {
		if (err.code == EPERM && !strcmp(err.msg, "unshare failed") &&
		    !(u.flags & CLONE_NEWUSER) && geteuid() != 0) {
			cli_warn_error(&err);
			cli_errx(EXIT_FAILURE,
				 "hint: only root may do this; as a user, add -r "
				 "(--map-root-user) to create a user namespace first");
		}
		cli_die(EXIT_FAILURE, &err);
	}
	if (rc > 0) {
		/* The waiting parent is done. _exit: with -p its PID namespace for children is dead,
		 * so nothing may fork at exit (LeakSanitizer's checker would, and fail). */
		fflush(stdout);
		_exit(ns_pass_status(wstatus));
	}

	if (optind < argc)
		rc = ns_exec(argv + optind, &err);
	else
		rc = ns_exec_shell(true, NULL, &err);
	if (strncmp(err.msg, "failed to execute ", 18))
		cli_die(EXIT_FAILURE, &err);
	/* Not err.msg, which is bounded: the name as given, however long. */
	fflush(stdout);
	fprintf(stderr, "%s: failed to execute %s: %s\n", cli_name(),
		optind < argc ? argv[optind] :
				(getenv("SHELL") && *getenv("SHELL") ? getenv("SHELL") : "/bin/sh"),
		strerror(err.code));
	return ns_exec_failure_status(rc);
}
