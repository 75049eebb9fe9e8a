// SPDX-License-Identifier: LGPL-2.1-or-later
/* The ID map parsers: both range forms, subordinate IDs, the kernel's text, formatting. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

START_TEST(range_new_form)
{
	struct ns_idmap_range r;
	struct ns_error err;

	ck_assert_int_eq(ns_idmap_parse_range("0:100000:65536", &r, &err), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 100000);
	ck_assert_uint_eq(r.count, 65536);
	ck_assert_int_eq(ns_idmap_parse_range("1000:1000:1", &r, &err), 0);
	ck_assert_uint_eq(r.inner, 1000);
	ck_assert_uint_eq(r.outer, 1000);
}
END_TEST

START_TEST(range_old_form)
{
	struct ns_idmap_range r;
	struct ns_error err;

	/* OUTER,INNER,COUNT: util-linux before 2.39 */
	ck_assert_int_eq(ns_idmap_parse_range("100000,0,65536", &r, &err), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 100000);
	ck_assert_uint_eq(r.count, 65536);
}
END_TEST

START_TEST(range_errors)
{
	struct ns_idmap_range r;
	struct ns_error err;

	ck_assert_int_lt(ns_idmap_parse_range("1,2", &r, &err), 0);
	ck_assert_str_eq(err.msg, "mapping '1,2' contains only 2 elements");
	ck_assert_int_eq(err.step, NS_STEP_PARSE); /* bad input, not a failed write */
	ck_assert_int_lt(ns_idmap_parse_range("a,b,c", &r, &err), 0);
	ck_assert_str_eq(err.msg, "could not parse ID: 'a'");
	ck_assert_int_lt(ns_idmap_parse_range("0:1:2:3", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("0::1", &r, &err), 0);
	ck_assert_int_eq(err.step, NS_STEP_PARSE);
	ck_assert_int_lt(ns_idmap_parse_range("0:0:0", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("-1:0:1", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("0:0:99999999999", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("0:4294967295:1", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range("4294967294:0:2", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range(" 0:0:1", &r, &err), 0);
	ck_assert_int_lt(ns_idmap_parse_range(NULL, &r, &err), 0);
}
END_TEST

START_TEST(format_and_add)
{
	static struct ns_idmap map;
	struct ns_error err;
	char buf[128];

	ck_assert_int_eq(ns_idmap_add(&map, 0, 1000, 1, &err), 0);
	ck_assert_int_eq(ns_idmap_add(&map, 1, 100000, 65536, &err), 0);
	ck_assert_int_eq(ns_idmap_format(&map, buf, sizeof(buf)), 24);
	ck_assert_str_eq(buf, "0 1000 1\n1 100000 65536\n");
	ck_assert_int_eq(ns_idmap_format(&map, buf, 10), -ENOSPC);
	map.n = NS_IDMAP_MAX;
	ck_assert_int_eq(ns_idmap_add(&map, 0, 0, 1, &err), -E2BIG);
}
END_TEST

/* The single mapping's IDs are left out of the range, as util-linux does (-r --map-auto). */
static const char *except(uint32_t inner, uint32_t outer, uint32_t i0, uint32_t o0, uint32_t n)
{
	static struct ns_idmap map;
	static char buf[256];
	struct ns_idmap_range r = { i0, o0, n };
	struct ns_error err;

	map.n = 0;
	ck_assert_int_eq(ns_idmap_add(&map, inner, outer, 1, &err), 0);
	ck_assert_int_eq(ns_idmap_add_except(&map, &r, inner, outer, &err), 0);
	ck_assert_int_gt(ns_idmap_format(&map, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(add_except)
{
	/* unshare -r --map-auto, the subordinate IDs from 0 (util-linux 2.38.1's maps) */
	ck_assert_str_eq(except(0, 4242, 0, 200000, 65536), "0 4242 1\n1 200000 65535\n");
	/* --map-user=5 --map-auto: split around inner 5 */
	ck_assert_str_eq(except(5, 0, 0, 200000, 65536), "5 0 1\n0 200000 5\n6 200005 65530\n");
	/* the outer ID inside the range too: split around both, three ranges */
	ck_assert_str_eq(except(10, 200003, 0, 200000, 100),
			 "10 200003 1\n0 200000 3\n3 200004 7\n11 200011 89\n");
	/* no overlap: the range whole */
	ck_assert_str_eq(except(0, 1000, 100, 200000, 10), "0 1000 1\n100 200000 10\n");
}
END_TEST

START_TEST(subids)
{
	char path[] = "/tmp/check_idmap.XXXXXX";
	struct ns_idmap_range r;
	struct ns_error err;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("# comment\nalice:100000:65536\n1234:300000:1000\nbob:200000:0\nbob:400000:10\n", f);
	fclose(f);
	ck_assert_int_eq(ns_subid_lookup(path, 4321, "alice", &r, &err), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 100000);
	ck_assert_uint_eq(r.count, 65536);
	ck_assert_int_eq(ns_subid_lookup(path, 1234, "carol", &r, &err), 0);
	ck_assert_uint_eq(r.outer, 300000);
	/* A block of 0 IDs is skipped: the first usable one counts. */
	ck_assert_int_eq(ns_subid_lookup(path, 4322, "bob", &r, &err), 0);
	ck_assert_uint_eq(r.outer, 400000);
	ck_assert_int_lt(ns_subid_lookup(path, 4323, "dave", &r, &err), 0);
	ck_assert_msg(strstr(err.msg, "no line matching user \"dave\"") != NULL, "%s", err.msg);
	/* A line longer than any buffer is one line: its tail does not name dave. */
	f = fopen(path, "w");
	fputc('#', f);
	for (int i = 0; i < 600; i++)
		fputc('x', f);
	fputs("dave:1:1\ncarol:500000:7\n", f);
	fclose(f);
	ck_assert_int_lt(ns_subid_lookup(path, 4323, "dave", &r, &err), 0);
	ck_assert_int_eq(ns_subid_lookup(path, 4324, "carol", &r, &err), 0);
	ck_assert_uint_eq(r.outer, 500000);
	ck_assert_uint_eq(r.count, 7);
	unlink(path);
	ck_assert_int_lt(ns_subid_lookup("/nonexistent/subuid", 0, "root", &r, &err), 0);
	ck_assert_int_eq(err.code, ENOENT);
}
END_TEST

START_TEST(map_text)
{
	struct ns_idmap map = { 0 };
	struct ns_error err;
	char text[128];

	/* As the kernel pads them. */
	ck_assert_int_eq(ns_idmap_parse_text("         0          0 4294967295\n", &map, &err), 1);
	ck_assert_uint_eq(map.range[0].count, 4294967295u);
	map.n = 0;
	ck_assert_int_eq(ns_idmap_parse_text("0 1000 1\n1 100000 65536", &map, &err), 2);
	ck_assert_uint_eq(map.range[1].outer, 100000);
	ck_assert_int_gt(ns_idmap_format(&map, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "0 1000 1\n1 100000 65536\n");
	map.n = 0;
	ck_assert_int_eq(ns_idmap_parse_text("", &map, &err), 0);
	ck_assert_int_eq(ns_idmap_parse_text("0 1000\n", &map, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "cannot parse ID map line 1");
	ck_assert_int_eq(ns_idmap_parse_text("0 0 1\n0 0 4294967296\n", &map, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "cannot parse ID map line 2");
	ck_assert_int_eq(ns_idmap_parse_text("0 -1 1\n", &map, &err), -EINVAL);
	ck_assert_int_eq(ns_idmap_parse_text("0 0 1 9\n", &map, &err), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("idmap");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, range_new_form);
	tcase_add_test(tc, range_old_form);
	tcase_add_test(tc, range_errors);
	tcase_add_test(tc, format_and_add);
	tcase_add_test(tc, add_except);
	tcase_add_test(tc, subids);
	tcase_add_test(tc, map_text);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
