// SPDX-License-Identifier: LGPL-2.1-or-later
/* /proc/<pid>/ns: parsing the kernel's text, snapshots, comparison, grouping. */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

START_TEST(parse_link_text)
{
	uint64_t ino = 0;
	int type = -2;

	ck_assert_int_eq(ns_link_parse("net:[4026531840]", &type, &ino), 0);
	ck_assert_int_eq(type, NS_NET);
	ck_assert_uint_eq(ino, 4026531840ULL);
	ck_assert_int_eq(ns_link_parse("mnt:[1]", &type, NULL), 0);
	ck_assert_int_eq(type, NS_MNT);
	ck_assert_int_eq(ns_link_parse("time:[18446744073709551615]", &type, &ino), 0);
	ck_assert_uint_eq(ino, UINT64_MAX);
	/* A name outside the table parses, with type -1; the option spelling is not a name. */
	ck_assert_int_eq(ns_link_parse("newtype:[5]", &type, &ino), 0);
	ck_assert_int_eq(type, -1);
	ck_assert_int_eq(ns_link_parse("mount:[5]", &type, &ino), 0);
	ck_assert_int_eq(type, -1);

	static const char *const bad[] = {
		"",	     "net",
		"net:",	     "net:[]",
		"net:[12",   ":[12]",
		"net:[12]x", "net:12",
		"net:[-1]",  "NET:[1]",
		"n t:[1]",   "net:[ 1]",
		"net:[1a]",  "net:[18446744073709551616]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ns_link_parse(bad[i], &type, &ino) == -EINVAL, "accepted '%s'",
			      bad[i]);
	ck_assert_int_eq(ns_link_parse(NULL, NULL, NULL), -EINVAL);
}
END_TEST

START_TEST(snapshot_of_self)
{
	struct ns_snapshot a, b;
	struct ns_error err;

	ck_assert_int_eq(ns_snapshot_read(0, &a, &err), 0);
	ck_assert_int_eq(ns_snapshot_read(getpid(), &b, &err), 0);
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_info *e = ns_entry_info(i);
		char path[64], link[64];
		struct stat st;
		ssize_t n;
		int type;
		uint64_t ino;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", e->name);
		if (stat(path, &st) < 0) {
			ck_assert_int_ne(a.entry[i].error, 0);
			continue;
		}
		ck_assert_int_eq(a.entry[i].error, 0);
		ck_assert_uint_eq(a.entry[i].id.dev, st.st_dev);
		ck_assert_uint_eq(a.entry[i].id.ino, st.st_ino);
		n = readlink(path, link, sizeof(link) - 1);
		ck_assert_int_gt(n, 0);
		link[n] = '\0';
		ck_assert_str_eq(a.entry[i].text, link);
		ck_assert_int_eq(ns_link_parse(a.entry[i].text, &type, &ino), 0);
		ck_assert_int_eq(type, e->type);
		ck_assert_uint_eq(ino, st.st_ino);
		ck_assert_int_eq(ns_entry_compare(&a, &b, i), NS_SHARED);
	}
	ck_assert_uint_eq(ns_snapshot_diff(&a, &b), 0);
}
END_TEST

START_TEST(missing_process_names_the_path)
{
	struct ns_snapshot s;
	struct ns_entry_state st;
	struct ns_error err;

	/* Above the kernel's PID_MAX_LIMIT (4194304): never a process. */
	ck_assert_int_eq(ns_snapshot_read(99999999, &s, &err), -ENOENT);
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_str_eq(err.msg, "cannot open /proc/99999999/ns");
	ck_assert_int_eq(ns_entry_read(99999999, 3, &st, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "cannot open /proc/99999999/ns");
	ck_assert_int_eq(ns_entry_read(0, NS_NENTRIES, &st, &err), -EINVAL);
	ck_assert_int_eq(ns_entry_read(0, (size_t)ns_entry_lookup("uts"), &st, &err), 0);
	ck_assert_int_eq(ns_link_parse(st.text, NULL, NULL), 0);
}
END_TEST

START_TEST(unreadable_entry_is_recorded)
{
	int pfc = ns_entry_lookup("pid_for_children"), pipefd[2];
	struct ns_entry_state st;
	struct ns_snapshot s;
	struct ns_error err;
	char expect[96], c;
	pid_t pid;

	if (geteuid() != 0)
		return; /* unshare(CLONE_NEWPID) needs root */
	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* A new PID namespace for children, and no child in it: unreadable. */
		if (unshare(CLONE_NEWPID) < 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	ck_assert_int_eq(ns_snapshot_read(pid, &s, &err), 0);
	ck_assert_int_eq(ns_entry_read(pid, (size_t)pfc, &st, &err), -ENOENT);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	snprintf(expect, sizeof(expect), "cannot read /proc/%d/ns/pid_for_children", (int)pid);
	ck_assert_str_eq(err.msg, expect);
	ck_assert_int_eq(st.error, ENOENT);
	ck_assert(!st.absent);
	ck_assert_int_eq(s.entry[pfc].error, ENOENT);
	ck_assert(!s.entry[pfc].absent);
	ck_assert_str_eq(s.entry[pfc].text, "");
	ck_assert_int_eq(s.entry[ns_entry_lookup("pid")].error, 0);
}
END_TEST

/* A crafted snapshot: entry i in namespace inode base + i (dev 4), or unreadable. */
static void craft(struct ns_snapshot *s, pid_t pid, uint64_t base, unsigned unreadable)
{
	memset(s, 0, sizeof(*s));
	s->pid = pid;
	for (size_t i = 0; i < NS_NENTRIES; i++) {
		struct ns_entry_state *e = &s->entry[i];

		if (unreadable & (1u << i)) {
			e->error = ENOENT;
			continue;
		}
		e->id.dev = 4;
		e->id.ino = base + i;
		snprintf(e->text, sizeof(e->text), "%s:[%llu]",
			 ns_type_info(ns_entry_info(i)->type)->name,
			 (unsigned long long)(base + i));
	}
}

START_TEST(compare_crafted)
{
	int net = ns_entry_lookup("net"), uts = ns_entry_lookup("uts");
	int pfc = ns_entry_lookup("pid_for_children");
	struct ns_snapshot a, b;

	craft(&a, 10, 1000, 0);
	craft(&b, 11, 1000, 1u << pfc);
	ck_assert_uint_eq(ns_snapshot_diff(&a, &b), 0);
	ck_assert_uint_eq(ns_snapshot_unreadable(&a, &b), 1u << pfc);
	ck_assert_int_eq(ns_entry_compare(&a, &b, pfc), NS_UNREADABLE);
	ck_assert_int_eq(ns_entry_compare(&a, &b, net), NS_SHARED);
	b.entry[net].id.ino = 77;
	b.entry[uts].id.ino = 78;
	ck_assert_uint_eq(ns_snapshot_diff(&a, &b), (1u << net) | (1u << uts));
	ck_assert_int_eq(ns_entry_compare(&a, &b, net), NS_DIFFER);
	/* The same inode on another device is another namespace. */
	b.entry[net].id.ino = a.entry[net].id.ino;
	b.entry[net].id.dev = 5;
	ck_assert_int_eq(ns_entry_compare(&a, &b, net), NS_DIFFER);
	/* An unreadable entry on both sides is unreadable, not shared. */
	a.entry[pfc].error = EACCES;
	ck_assert_int_eq(ns_entry_compare(&a, &b, pfc), NS_UNREADABLE);
	ck_assert_int_eq(ns_entry_compare(&a, &b, NS_NENTRIES), NS_UNREADABLE);
}
END_TEST

START_TEST(entry_masks)
{
	int pid = ns_entry_lookup("pid"), pfc = ns_entry_lookup("pid_for_children");

	ck_assert_uint_eq(ns_entry_mask("pid"), (1u << pid) | (1u << pfc));
	ck_assert_uint_eq(ns_entry_mask("pid_for_children"), 1u << pfc);
	ck_assert_uint_eq(ns_entry_mask("mount"), 1u << ns_entry_lookup("mnt"));
	ck_assert_uint_eq(ns_entry_mask("mnt"), 1u << ns_entry_lookup("mnt"));
	ck_assert_uint_eq(ns_entry_mask("bogus"), 0);
	ck_assert_uint_eq(ns_entry_mask(NULL), 0);
}
END_TEST

START_TEST(entry_mask_lists)
{
	int pid = ns_entry_lookup("pid"), pfc = ns_entry_lookup("pid_for_children");
	int net = ns_entry_lookup("net");
	struct ns_error err;
	unsigned mask = 0;

	ck_assert_int_eq(ns_entry_mask_list("net", &mask, &err), 0);
	ck_assert_uint_eq(mask, 1u << net);
	ck_assert_int_eq(ns_entry_mask_list(",net,,pid_for_children,", &mask, &err), 0);
	ck_assert_uint_eq(mask, (1u << net) | (1u << pfc));
	ck_assert_int_eq(ns_entry_mask_list("pid,pid_for_children", &mask, &err), 0);
	ck_assert_uint_eq(mask, (1u << pid) | (1u << pfc));
	mask = 7;
	ck_assert_int_eq(ns_entry_mask_list("net,bogus,pid", &mask, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "unknown namespace type: 'bogus'");
	ck_assert_int_eq(err.code, 0);
	ck_assert_uint_eq(mask, 7);
	ck_assert_int_eq(ns_entry_mask_list("net,NET", &mask, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "unknown namespace type: 'NET'");
	ck_assert_int_eq(ns_entry_mask_list("a-very-long-name-that-is-no-type-at-all", &mask, &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg,
			 "unknown namespace type: 'a-very-long-name-that-is-no-type-at-all'");
	ck_assert_int_eq(ns_entry_mask_list(",,", &mask, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "no namespace type in ',,'");
	ck_assert_int_eq(ns_entry_mask_list("", &mask, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "no namespace type in ''");
}
END_TEST

START_TEST(cmdline_text)
{
	static const char args[] = "sleep\0"
				   "10\0";
	char *t;

	t = ns_cmdline_text(args, sizeof(args) - 1);
	ck_assert_str_eq(t, "sleep 10");
	free(t);
	/* A process that rewrote its arguments: no NUL at the end, NULs inside. */
	t = ns_cmdline_text("a\0\0b", 4);
	ck_assert_str_eq(t, "a  b");
	free(t);
	t = ns_cmdline_text("sshd: root", 10);
	ck_assert_str_eq(t, "sshd: root");
	free(t);
	ck_assert_ptr_null(ns_cmdline_text("\0\0", 2));
	ck_assert_ptr_null(ns_cmdline_text("", 0));
}
END_TEST

START_TEST(grouping_crafted)
{
	struct ns_scan *scan = ns_scan_new(NS_ALL_ENTRIES, NULL);
	int uts = ns_entry_lookup("uts"), pfc = ns_entry_lookup("pid_for_children");
	struct ns_scan_counts counts;
	struct ns_snapshot s;

	ck_assert_ptr_nonnull(scan);
	/* 3 processes in the host's namespaces, added out of PID order. */
	craft(&s, 50, 1000, 0);
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	craft(&s, 7, 1000, 0);
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	craft(&s, 90, 1000, 0);
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	/* 2 in their own uts namespace. */
	craft(&s, 30, 1000, 0);
	s.entry[uts].id.ino = 5000;
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	s.pid = 31;
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	/* One whose pid_for_children cannot be read: a group of its own. */
	craft(&s, 20, 1000, 1u << pfc);
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);

	ck_assert_uint_eq(ns_scan_ngroups(scan), 3);
	ck_assert_int_eq(ns_scan_group(scan, 0)->ns.pid, 7);
	ck_assert_uint_eq(ns_scan_group(scan, 0)->nprocs, 3);
	ck_assert_int_eq(ns_scan_group(scan, 1)->ns.pid, 20);
	ck_assert_uint_eq(ns_scan_group(scan, 1)->nprocs, 1);
	ck_assert_int_eq(ns_scan_group(scan, 2)->ns.pid, 30);
	ck_assert_uint_eq(ns_scan_group(scan, 2)->nprocs, 2);
	ck_assert_uint_eq(ns_scan_group(scan, 2)->ns.entry[uts].id.ino, 5000);
	ck_assert_ptr_null(ns_scan_group(scan, 3));
	/* Still grouping after the sort. */
	craft(&s, 3, 1000, 0);
	ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
	ck_assert_uint_eq(ns_scan_ngroups(scan), 3);
	ck_assert_int_eq(ns_scan_group(scan, 0)->ns.pid, 3);
	ck_assert_uint_eq(ns_scan_group(scan, 0)->nprocs, 4);
	ns_scan_counts(scan, &counts);
	ck_assert_uint_eq(counts.nprocs, 7);
	ns_scan_free(scan);
}
END_TEST

START_TEST(grouping_by_one_type)
{
	struct ns_scan *scan = ns_scan_new(ns_entry_mask("net"), NULL);
	int uts = ns_entry_lookup("uts"), net = ns_entry_lookup("net");
	struct ns_snapshot s;

	craft(&s, 1, 1000, 0);
	ns_scan_add(scan, &s, NULL);
	s.pid = 2;
	s.entry[uts].id.ino = 1; /* another uts: the same group when only net counts */
	ns_scan_add(scan, &s, NULL);
	s.pid = 3;
	s.entry[net].id.ino = 1;
	ns_scan_add(scan, &s, NULL);
	ck_assert_uint_eq(ns_scan_ngroups(scan), 2);
	ck_assert_uint_eq(ns_scan_group(scan, 0)->nprocs, 2);
	/* The entries that play no part are not shown as if read. */
	ck_assert_int_ne(ns_scan_group(scan, 0)->ns.entry[uts].error, 0);
	ns_scan_free(scan);
}
END_TEST

START_TEST(grouping_is_linear)
{
	/* 100000 distinct groups and as many repeats: quadratic grouping would take minutes. */
	struct ns_scan *scan = ns_scan_new(NS_ALL_ENTRIES, NULL);
	int uts = ns_entry_lookup("uts");
	struct ns_snapshot s;

	craft(&s, 1, 1000, 0);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 100000; i++) {
			s.pid = 1 + i + round * 100000;
			s.entry[uts].id.ino = 100000 + (uint64_t)i;
			ck_assert_int_eq(ns_scan_add(scan, &s, NULL), 0);
		}
	ck_assert_uint_eq(ns_scan_ngroups(scan), 100000);
	ck_assert_uint_eq(ns_scan_group(scan, 99999)->nprocs, 2);
	ck_assert_int_eq(ns_scan_group(scan, 99999)->ns.pid, 100000);
	ns_scan_free(scan);
}
END_TEST

START_TEST(scan_of_proc_finds_self)
{
	struct ns_scan *scan = ns_scan_new(NS_ALL_ENTRIES, NULL);
	struct ns_scan_counts counts;
	struct ns_snapshot self;
	struct ns_error err;
	bool found = false;

	ck_assert_int_eq(ns_snapshot_read(0, &self, &err), 0);
	ck_assert_int_eq(ns_scan_proc(scan, &err), 0);
	ns_scan_counts(scan, &counts);
	ck_assert_uint_gt(counts.nprocs, 0);
	for (size_t g = 0; g < ns_scan_ngroups(scan); g++) {
		const struct ns_group *gr = ns_scan_group(scan, g);

		if (g)
			ck_assert_int_lt(ns_scan_group(scan, g - 1)->ns.pid, gr->ns.pid);
		if (ns_snapshot_diff(&gr->ns, &self) == 0 &&
		    ns_snapshot_unreadable(&gr->ns, &self) == 0) {
			found = true;
			ck_assert_int_le(gr->ns.pid, getpid());
			/* The readlink-based identities match the stat-based ones. */
			for (size_t i = 0; i < NS_NENTRIES; i++)
				ck_assert_str_eq(gr->ns.entry[i].text, self.entry[i].text);
		}
	}
	ck_assert(found);
	ns_scan_free(scan);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nsinfo");
	TCase *tc = tcase_create("nsinfo");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parse_link_text);
	tcase_add_test(tc, snapshot_of_self);
	tcase_add_test(tc, missing_process_names_the_path);
	tcase_add_test(tc, unreadable_entry_is_recorded);
	tcase_add_test(tc, compare_crafted);
	tcase_add_test(tc, entry_masks);
	tcase_add_test(tc, entry_mask_lists);
	tcase_add_test(tc, cmdline_text);
	tcase_add_test(tc, grouping_crafted);
	tcase_add_test(tc, grouping_by_one_type);
	tcase_add_test(tc, grouping_is_linear);
	tcase_add_test(tc, scan_of_proc_finds_self);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
