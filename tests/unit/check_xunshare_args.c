// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xunshare's option syntax (tools/xunshare_args.c): IDs by number and name, --owner,
 * --setgroups, --propagation, and --monotonic/--boottime as util-linux reads them (strtoll).
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "xunshare_args.h"

START_TEST(ids)
{
	struct ns_error err;
	uint32_t id;

	ck_assert_int_eq(xunshare_parse_id("1000", false, &id, &err), 0);
	ck_assert_uint_eq(id, 1000);
	ck_assert_int_eq(xunshare_parse_id("root", false, &id, &err), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_eq(xunshare_parse_id("root", true, &id, &err), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_lt(xunshare_parse_id("nosuchuser-xyz", false, &id, &err), 0);
	ck_assert_str_eq(err.msg, "failed to parse uid: 'nosuchuser-xyz'");
	ck_assert_int_lt(xunshare_parse_id("nosuchgroup-xyz", true, &id, &err), 0);
	ck_assert_str_eq(err.msg, "failed to parse gid: 'nosuchgroup-xyz'");
	ck_assert_int_lt(xunshare_parse_id("99999999999", false, &id, &err), 0);
	ck_assert_int_lt(xunshare_parse_id("4294967295", false, &id, &err), 0);
	ck_assert_int_lt(xunshare_parse_id("", false, &id, &err), 0);
	ck_assert_int_lt(xunshare_parse_id("12abc", false, &id, &err), 0);
}
END_TEST

START_TEST(owner)
{
	char longest[80];
	struct ns_error err;
	uint32_t uid = 7, gid = 7;

	ck_assert_int_eq(xunshare_parse_owner("1000:100", &uid, &gid, &err), 0);
	ck_assert_uint_eq(uid, 1000);
	ck_assert_uint_eq(gid, 100);
	ck_assert_int_eq(xunshare_parse_owner("root:root", &uid, &gid, &err), 0);
	ck_assert_uint_eq(uid, 0);
	ck_assert_uint_eq(gid, 0);
	uid = gid = 7;
	ck_assert_int_eq(xunshare_parse_owner("1000", &uid, &gid, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "failed to parse owner: '1000'");
	ck_assert_int_eq(xunshare_parse_owner("1:2:3", &uid, &gid, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "failed to parse gid: '2:3'");
	ck_assert_int_eq(xunshare_parse_owner(":0", &uid, &gid, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "failed to parse uid: ''");
	ck_assert_int_eq(xunshare_parse_owner("nosuchuser-xyz:0", &uid, &gid, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "failed to parse uid: 'nosuchuser-xyz'");
	/* Nothing is set when either half fails. */
	ck_assert_uint_eq(uid, 7);
	ck_assert_uint_eq(gid, 7);
	memset(longest, '1', 63);
	longest[63] = '\0';
	longest[1] = ':';
	ck_assert_int_eq(xunshare_parse_owner(longest, &uid, &gid, &err), -ERANGE);
	/* 63 bytes: split, the gid too large for an ID (ERANGE, named as util-linux does). */
	ck_assert_uint_eq(strlen(err.msg), strlen("failed to parse gid: ''") + 61);
	strcat(longest, "1");
	ck_assert_int_eq(xunshare_parse_owner(longest, &uid, &gid, &err), -EINVAL);
	ck_assert_msg(!strncmp(err.msg, "failed to parse owner: '1:", 26), "%s", err.msg);
}
END_TEST

START_TEST(setgroups_words)
{
	bool allow = false;

	ck_assert_int_eq(xunshare_parse_setgroups("allow", &allow), 0);
	ck_assert(allow);
	ck_assert_int_eq(xunshare_parse_setgroups("deny", &allow), 0);
	ck_assert(!allow);
	ck_assert_int_eq(xunshare_parse_setgroups("Allow", &allow), -EINVAL);
	ck_assert_int_eq(xunshare_parse_setgroups("deny ", &allow), -EINVAL);
	ck_assert_int_eq(xunshare_parse_setgroups("", &allow), -EINVAL);
	ck_assert_int_eq(xunshare_parse_setgroups(NULL, &allow), -EINVAL);
	ck_assert(!allow);
}
END_TEST

START_TEST(propagation)
{
	unsigned long flags = 1;

	ck_assert_int_eq(xunshare_parse_propagation("private", &flags), 0);
	ck_assert_uint_ne(flags, 0);
	ck_assert_int_eq(xunshare_parse_propagation("unchanged", &flags), 0);
	ck_assert_uint_eq(flags, 0);
	ck_assert_int_eq(xunshare_parse_propagation("slave", &flags), 0);
	ck_assert_int_eq(xunshare_parse_propagation("shared", &flags), 0);
	ck_assert_int_eq(xunshare_parse_propagation("bogus", &flags), -EINVAL);
	ck_assert_int_eq(xunshare_parse_propagation(NULL, &flags), -EINVAL);
}
END_TEST

START_TEST(offsets)
{
	int64_t v = 7;

	ck_assert_int_eq(xunshare_parse_offset("86400", &v), 0);
	ck_assert_int_eq(v, 86400);
	ck_assert_int_eq(xunshare_parse_offset("-3600", &v), 0);
	ck_assert_int_eq(v, -3600);
	ck_assert_int_eq(xunshare_parse_offset("+5", &v), 0);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(xunshare_parse_offset(" \t42", &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(xunshare_parse_offset("9223372036854775807", &v), 0);
	ck_assert_int_eq(v, INT64_MAX);
	ck_assert_int_eq(xunshare_parse_offset("-9223372036854775808", &v), 0);
	ck_assert_int_eq(v, INT64_MIN);
	v = 7;
	ck_assert_int_eq(xunshare_parse_offset("9223372036854775808", &v), -ERANGE);
	ck_assert_int_eq(xunshare_parse_offset("-9223372036854775809", &v), -ERANGE);
	ck_assert_int_eq(xunshare_parse_offset("", &v), -EINVAL);
	ck_assert_int_eq(xunshare_parse_offset("-", &v), -EINVAL);
	ck_assert_int_eq(xunshare_parse_offset("12s", &v), -EINVAL);
	ck_assert_int_eq(xunshare_parse_offset("12 ", &v), -EINVAL);
	ck_assert_int_eq(xunshare_parse_offset("0x10", &v), -EINVAL);
	ck_assert_int_eq(xunshare_parse_offset(NULL, &v), -EINVAL);
	ck_assert_int_eq(v, 7); /* untouched by every failure */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xunshare_args");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, ids);
	tcase_add_test(tc, owner);
	tcase_add_test(tc, setgroups_words);
	tcase_add_test(tc, propagation);
	tcase_add_test(tc, offsets);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
