// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * chroot(8)'s --userspec and --groups: the number syntax, the USER:GROUP forms, group lists,
 * and the two rounds of lookup (the host's, then the new root's) in a scratch root.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

START_TEST(ids)
{
	unsigned long v;

	ck_assert_int_eq(ns_id_parse_number("0", 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(ns_id_parse_number("+42", 100, &v), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(ns_id_parse_number(" \t7", 100, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(ns_id_parse_number("4294967295", 4294967295UL, &v), 0);
	ck_assert_int_eq(ns_id_parse_number("4294967296", 4294967295UL, &v), -ERANGE);
	ck_assert_int_eq(ns_id_parse_number("99999999999999999999999", ~0UL, &v), -ERANGE);
	ck_assert_int_eq(ns_id_parse_number("99999999999999999999999x", ~0UL, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("", 10, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("+", 10, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("-1", 10, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("+ 1", 10, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("1 ", 10, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("0x10", 100, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number("5k", 100, &v), -EINVAL);
	ck_assert_int_eq(ns_id_parse_number(NULL, 100, &v), -EINVAL);
}
END_TEST

/* spec resolves to (uid, gid) from unset, with dot as given; or fails with msg. */
static void spec_ok(const char *spec, uid_t uid, gid_t gid, bool dot)
{
	uid_t u = NS_UID_UNSET;
	gid_t g = NS_GID_UNSET;
	bool d = !dot;
	struct ns_error err;

	ck_assert_msg(ns_userspec_parse(spec, &u, &g, &d, &err) == 0, "'%s' refused: %s", spec,
		      err.msg);
	ck_assert_msg(u == uid && g == gid && d == dot, "'%s': uid %d gid %d dot %d", spec, (int)u,
		      (int)g, d);
}

static void spec_bad(const char *spec, const char *msg)
{
	uid_t u = 7;
	gid_t g = 8;
	struct ns_error err;

	ck_assert_msg(ns_userspec_parse(spec, &u, &g, NULL, &err) == -EINVAL, "'%s' accepted",
		      spec);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_int_eq(err.code, 0);
	ck_assert_msg(u == 7 && g == 8, "'%s' changed the IDs on failure", spec);
}

START_TEST(userspecs)
{
	spec_ok("", NS_UID_UNSET, NS_GID_UNSET, false);
	spec_ok(":", NS_UID_UNSET, NS_GID_UNSET, false);
	spec_ok("root", 0, NS_GID_UNSET, false);
	spec_ok("root:", 0, 0, false); /* the login group */
	spec_ok("root:root", 0, 0, false);
	spec_ok(":root", NS_UID_UNSET, 0, false);
	spec_ok("+0:+0", 0, 0, false);
	spec_ok("+22:+42", 22, 42, false);
	spec_ok(":+1", NS_UID_UNSET, 1, false);
	spec_ok("1234567", 1234567, NS_GID_UNSET, false);
	spec_ok(" 12", 12, NS_GID_UNSET, false);
	spec_ok("root.root", 0, 0, true);
	spec_ok("+5.+6", 5, 6, true);
	spec_ok("root.", 0, 0, true);
	spec_ok(".", NS_UID_UNSET, NS_GID_UNSET, true);
	spec_ok("4294967294", 4294967294U, NS_GID_UNSET, false);
	spec_bad("4294967295", "invalid user"); /* (uid_t)-1 means "unchanged" */
	spec_bad("+4294967296:+0", "invalid user");
	spec_bad("+0:+4294967295", "invalid group");
	spec_bad(":+4294967296", "invalid group");
	spec_bad("+1:", "invalid spec"); /* no entry, so no login group */
	spec_bad("nosuchuser_libns", "invalid user");
	spec_bad(":nosuchgroup_libns", "invalid group");
	spec_bad("root:nosuchgroup_libns", "invalid group");
	spec_bad("-1", "invalid user");
	spec_bad("1 ", "invalid user");
	spec_bad("x.y:z", "invalid user"); /* with a ':' the '.' is part of the name */
	spec_bad("+1.", "invalid user"); /* the error is the first reading's */
	spec_bad("root::x", "invalid group");
}
END_TEST

static int nbad;
static char bad_seen[256];

static void bad(const char *item, int errnum, void *data)
{
	(void)errnum;
	(void)data;
	nbad++;
	strncat(bad_seen, item, sizeof(bad_seen) - strlen(bad_seen) - 2);
	strcat(bad_seen, ";");
}

START_TEST(group_lists)
{
	struct ns_error err;
	gid_t *g;

	ck_assert_int_eq(ns_grouplist_parse("root", &g, NULL, NULL, &err), 1);
	ck_assert_uint_eq(g[0], 0);
	free(g);
	ck_assert_int_eq(ns_grouplist_parse(",+5,,root, 7,", &g, NULL, NULL, &err), 3);
	ck_assert_uint_eq(g[0], 5);
	ck_assert_uint_eq(g[1], 0);
	ck_assert_uint_eq(g[2], 7);
	free(g);
	ck_assert_int_eq(ns_grouplist_parse("+4294967295", &g, NULL, NULL, &err), 1);
	ck_assert_uint_eq(g[0], 4294967295U); /* setgroups refuses it, not the parser */
	free(g);

	ck_assert_int_eq(ns_grouplist_parse(",", &g, NULL, NULL, &err), -EINVAL);
	ck_assert_ptr_null(g);
	ck_assert_str_eq(err.msg, "invalid group list ','");
	ck_assert_int_eq(ns_grouplist_parse("nosuch_a,root,nosuch_b", &g, NULL, NULL, &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg, "invalid group 'nosuch_a'");

	nbad = 0;
	bad_seen[0] = '\0';
	ck_assert_int_eq(ns_grouplist_parse("nosuch_a,root,1x,-1,99999999999", &g, bad, NULL, &err),
			 -EINVAL);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(nbad, 4);
	ck_assert_str_eq(bad_seen, "nosuch_a;1x;-1;99999999999;");
	ck_assert_str_eq(err.msg, "invalid group 'nosuch_a'");
}
END_TEST

/* A scratch root with users and groups of its own; the test process then lives inside it. */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

/* Made by the parent once, before the tests fork (an unchecked fixture), removed after. */
static char root_etc[] = "/tmp/check_cred.XXXXXX", root_bare[] = "/tmp/check_cred.XXXXXX";

static void make_roots(void)
{
	char path[64];

	strcpy(root_etc, "/tmp/check_cred.XXXXXX");
	strcpy(root_bare, "/tmp/check_cred.XXXXXX");
	if (!mkdtemp(root_etc) || !mkdtemp(root_bare))
		abort();
	/* mkdtemp makes them 0700: the test that becomes another user must still reach its /. */
	chmod(root_etc, 0755);
	chmod(root_bare, 0755);
	snprintf(path, sizeof(path), "%s/proc", root_etc);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc", root_bare);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc", root_etc);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/passwd", root_etc);
	write_file(path, "root:x:0:0::/:/bin/sh\n"
			 "libns_alice:x:4242:4343::/:/bin/sh\n");
	snprintf(path, sizeof(path), "%s/etc/group", root_etc);
	write_file(path, "root:x:0:\n"
			 "libns_wheel:x:4343:\n"
			 "libns_extra:x:4500:libns_alice\n"
			 "1234:x:4600:\n");
}

static void remove_roots(void)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/etc/passwd", root_etc);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/group", root_etc);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc", root_etc);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/proc", root_etc);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/proc", root_bare);
	rmdir(path);
	unit_drop_counters(root_etc);
	unit_drop_counters(root_bare);
	rmdir(root_etc);
	rmdir(root_bare);
}

/*
 * The test's child chroots there, with a proc of its own mounted in a private mount namespace
 * (LeakSanitizer reads /proc at exit); both go when the child ends.
 */
static void enter_scratch_root(bool with_etc)
{
	const char *dir = with_etc ? root_etc : root_bare;
	struct ns_error err;
	char proc[64];

	snprintf(proc, sizeof(proc), "%s/proc", dir);
	ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL), 0);
	ck_assert_int_eq(unit_keep_counters(dir), 0);
	ck_assert_int_eq(ns_chroot(dir, &err), 0);
	ck_assert_int_eq(ns_chdir("/", &err), 0);
}

#define NEED_ROOT()                                                                   \
	do {                                                                          \
		if (geteuid() != 0)                                                   \
			return; /* chroot needs root; the CLI tests cover the rest */ \
	} while (0)

START_TEST(inside_the_new_root)
{
	struct ns_creds c;
	struct ns_error err;
	bool dot;

	NEED_ROOT();
	ck_assert_int_eq(ns_creds_init(&c, "libns_alice:", NULL, &err), 0);
	ns_creds_lookup_host(&c);
	ck_assert_int_eq(c.uid, NS_UID_UNSET); /* the host has no such user */
	enter_scratch_root(true);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	ck_assert(!dot);
	ck_assert_int_eq(c.uid, 4242);
	ck_assert_int_eq(c.gid, 4343);
	ck_assert_int_eq(ns_creds_resolve_groups(&c, NULL, NULL, &err), 0);
	ck_assert(c.set_groups);
	ck_assert_uint_eq(c.ngids, 2);
	ck_assert_uint_eq(c.gids[0], 4343);
	ck_assert_uint_eq(c.gids[1], 4500);
	ns_creds_free(&c);

	/* A number that names a group inside means that group; "+N" the number. */
	ck_assert_int_eq(ns_creds_init(&c, NULL, "1234,+1234,libns_extra", &err), 0);
	ns_creds_lookup_host(&c);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_groups(&c, NULL, NULL, &err), 0);
	ck_assert_uint_eq(c.ngids, 3);
	ck_assert_uint_eq(c.gids[0], 4600);
	ck_assert_uint_eq(c.gids[1], 1234);
	ck_assert_uint_eq(c.gids[2], 4500);
	ns_creds_free(&c);

	/* A group alone: no setgroups, the caller's supplementary groups stay. */
	ck_assert_int_eq(ns_creds_init(&c, ":libns_wheel", NULL, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_groups(&c, NULL, NULL, &err), 0);
	ck_assert(!c.set_groups);
	ck_assert_int_eq(c.uid, NS_UID_UNSET);
	ck_assert_int_eq(c.gid, 4343);
	ns_creds_free(&c);

	/* --groups='' clears them. */
	ck_assert_int_eq(ns_creds_init(&c, "+4242", "", &err), 0);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_groups(&c, NULL, NULL, &err), 0);
	ck_assert(c.set_groups);
	ck_assert_uint_eq(c.ngids, 0);
	ns_creds_free(&c);

	/* A uid nobody knows needs a group. */
	ck_assert_int_eq(ns_creds_init(&c, "+99999", NULL, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "no group specified for unknown uid: 99999");
	ns_creds_free(&c);
}
END_TEST

START_TEST(host_stands_in)
{
	struct ns_creds c;
	struct ns_error err;
	bool dot;

	NEED_ROOT();
	/* root:root is known on the host; the new root has no /etc at all. */
	ck_assert_int_eq(ns_creds_init(&c, NULL, "root", &err), 0);
	ns_creds_lookup_host(&c);
	enter_scratch_root(false);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	nbad = 0;
	ck_assert_int_eq(ns_creds_resolve_groups(&c, bad, NULL, &err), 0);
	ck_assert_int_eq(nbad, 0); /* not asked: the host's answer stands in */
	ck_assert_uint_eq(c.ngids, 1);
	ck_assert_uint_eq(c.gids[0], 0);
	ns_creds_free(&c);

	/* Nothing known anywhere: every bad item is reported. */
	ck_assert_int_eq(ns_creds_init(&c, NULL, "nosuch_a,nosuch_b", &err), 0);
	ns_creds_lookup_host(&c);
	nbad = 0;
	bad_seen[0] = '\0';
	ck_assert_int_eq(ns_creds_resolve_groups(&c, bad, NULL, &err), -EINVAL);
	ck_assert_str_eq(bad_seen, "nosuch_a;nosuch_b;");
	ns_creds_free(&c);
}
END_TEST

START_TEST(apply)
{
	struct ns_creds c;
	struct ns_error err;
	gid_t groups[8];
	bool dot;

	NEED_ROOT();
	enter_scratch_root(true);
	ck_assert_int_eq(ns_creds_init(&c, "libns_alice", NULL, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_user(&c, &dot, &err), 0);
	ck_assert_int_eq(ns_creds_resolve_groups(&c, NULL, NULL, &err), 0);
	ck_assert_int_eq(ns_creds_apply(&c, &err), 0);
	ck_assert_int_eq(getuid(), 4242);
	ck_assert_int_eq(geteuid(), 4242);
	ck_assert_int_eq(getgid(), 4343);
	ck_assert_int_eq(getgroups(8, groups), 2);
	ck_assert_uint_eq(groups[0], 4343);
	ck_assert_uint_eq(groups[1], 4500);
	/* The user went last: no way back now. */
	{
		struct ns_cred back;

		ns_cred_init(&back);
		back.uid = 0;
		ck_assert_int_eq(ns_cred_set(&back, &err), -EPERM);
		ck_assert_str_eq(err.msg, "setuid failed");
		ck_assert_int_eq(err.step, NS_STEP_CRED_UID);
		ns_cred_init(&back);
		back.gid = 0;
		ck_assert_int_eq(ns_cred_set(&back, &err), -EPERM);
		ck_assert_int_eq(err.step, NS_STEP_CRED_GID);
		ns_cred_init(&back);
		back.set_groups = true;
		ck_assert_int_eq(ns_cred_set(&back, &err), -EPERM);
		ck_assert_int_eq(err.step, NS_STEP_CRED_GROUPS);
		back.groups_may_fail = true; /* EPERM is then no error */
		ck_assert_int_eq(ns_cred_set(&back, &err), 0);
	}
	ns_creds_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cred");
	TCase *parse = tcase_create("parse"), *lookup;

	tcase_add_test(parse, ids);
	tcase_add_test(parse, userspecs);
	tcase_add_test(parse, group_lists);
	suite_add_tcase(s, parse);
	/* These chroot: only in a child of their own (not under valgrind's CK_FORK=no). */
	if (!getenv("CK_FORK") || strcmp(getenv("CK_FORK"), "no")) {
		lookup = tcase_create("lookup");
		tcase_add_unchecked_fixture(lookup, make_roots, remove_roots);
		tcase_add_test(lookup, inside_the_new_root);
		tcase_add_test(lookup, host_stands_in);
		tcase_add_test(lookup, apply);
		suite_add_tcase(s, lookup);
	}
	return unit_run(s);
}
