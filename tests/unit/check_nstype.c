// SPDX-License-Identifier: LGPL-2.1-or-later
/* The namespace table: complete, consistent, and the lookups and names derived from it. */
#include <check.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "libns.h"
#include "unit.h"

START_TEST(every_type_has_a_row)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_type_info *ti = ns_type_info(t);

		ck_assert_ptr_nonnull(ti);
		ck_assert_int_eq(ti->type, t);
		ck_assert_ptr_nonnull(ti->name);
		ck_assert_ptr_nonnull(ti->what);
		ck_assert_int_ne(ti->flag, 0);
		ck_assert_ptr_eq(ns_type_lookup(ti->name), ti);
		ck_assert_ptr_eq(ns_type_lookup(ti->option), ti);
		ck_assert_ptr_eq(ns_type_by_flag(ti->flag), ti);
	}
	ck_assert_ptr_null(ns_type_info(NS_NTYPES));
	ck_assert_ptr_null(ns_type_lookup("nosuch"));
	ck_assert_ptr_null(ns_type_lookup(NULL));
	ck_assert_ptr_null(ns_type_by_flag(CLONE_NEWNS | CLONE_NEWPID));
}
END_TEST

START_TEST(entries_are_the_kernels)
{
	static const char *const expect[NS_NENTRIES] = { "cgroup", "ipc",
							 "mnt",	   "net",
							 "pid",	   "pid_for_children",
							 "time",   "time_for_children",
							 "user",   "uts" };

	for (size_t i = 0; i < NS_NENTRIES; i++) {
		const struct ns_entry_info *e = ns_entry_info(i);

		ck_assert_str_eq(e->name, expect[i]);
		ck_assert_int_eq(ns_entry_lookup(expect[i]), (int)i);
		ck_assert_int_eq(e->for_children, strstr(expect[i], "_for_children") != NULL);
		if (e->for_children)
			ck_assert_str_eq(ns_type_info(e->type)->children, e->name);
		else
			ck_assert_str_eq(ns_type_info(e->type)->name, e->name);
	}
	ck_assert_ptr_null(ns_entry_info(NS_NENTRIES));
	ck_assert_int_eq(ns_entry_lookup("mount"), -1);
}
END_TEST

START_TEST(flag_names)
{
	char buf[128];

	ck_assert_str_eq(ns_flags_name(CLONE_NEWNS | CLONE_NEWPID, buf, sizeof(buf)),
			 "CLONE_NEWNS|CLONE_NEWPID");
	ck_assert_str_eq(ns_flags_name(CLONE_NEWUTS, buf, sizeof(buf)), "CLONE_NEWUTS");
	ck_assert_str_eq(ns_flags_name(0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(ns_flags_name(CLONE_NEWNET | 0x1, buf, sizeof(buf)), "CLONE_NEWNET|0x1");
	/* Truncation never overruns. */
	ck_assert_str_eq(ns_flags_name(CLONE_NEWNS | CLONE_NEWPID, buf, 8), "");
}
END_TEST

START_TEST(type_to_entries_and_back)
{
	unsigned all = 0;

	ck_assert_uint_eq(ns_type_entries(NS_PID),
			  (1u << ns_entry_lookup("pid")) |
				  (1u << ns_entry_lookup("pid_for_children")));
	ck_assert_uint_eq(ns_type_entries(NS_NET), 1u << ns_entry_lookup("net"));
	ck_assert_int_eq(ns_type_entry(NS_TIME), ns_entry_lookup("time"));
	ck_assert_int_eq(ns_type_entry(NS_NTYPES), -1);
	ck_assert_int_eq(ns_entry_type(NS_NENTRIES), -1);
	for (int t = 0; t < NS_NTYPES; t++) {
		ck_assert_int_eq(ns_entry_type((size_t)ns_type_entry(t)), t);
		ck_assert_uint_eq(all & ns_type_entries(t), 0);
		all |= ns_type_entries(t);
	}
	ck_assert_uint_eq(all, NS_ALL_ENTRIES);
	for (size_t i = 0; i < NS_NENTRIES; i++)
		ck_assert(ns_type_entries(ns_entry_type(i)) & (1u << i));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nstype");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, every_type_has_a_row);
	tcase_add_test(tc, entries_are_the_kernels);
	tcase_add_test(tc, flag_names);
	tcase_add_test(tc, type_to_entries_and_back);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
