// SPDX-License-Identifier: LGPL-2.1-or-later
/* Time namespace offsets: parsing --monotonic/--boottime as util-linux does (strtoll). */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "libns.h"
#include "unit.h"

START_TEST(offsets)
{
	int64_t v = 7;

	ck_assert_int_eq(ns_time_offset_parse("86400", &v), 0);
	ck_assert_int_eq(v, 86400);
	ck_assert_int_eq(ns_time_offset_parse("-3600", &v), 0);
	ck_assert_int_eq(v, -3600);
	ck_assert_int_eq(ns_time_offset_parse("+5", &v), 0);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(ns_time_offset_parse(" \t42", &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(ns_time_offset_parse("9223372036854775807", &v), 0);
	ck_assert_int_eq(v, INT64_MAX);
	ck_assert_int_eq(ns_time_offset_parse("-9223372036854775808", &v), 0);
	ck_assert_int_eq(v, INT64_MIN);
	v = 7;
	ck_assert_int_eq(ns_time_offset_parse("9223372036854775808", &v), -ERANGE);
	ck_assert_int_eq(ns_time_offset_parse("-9223372036854775809", &v), -ERANGE);
	ck_assert_int_eq(ns_time_offset_parse("", &v), -EINVAL);
	ck_assert_int_eq(ns_time_offset_parse("-", &v), -EINVAL);
	ck_assert_int_eq(ns_time_offset_parse("12s", &v), -EINVAL);
	ck_assert_int_eq(ns_time_offset_parse("12 ", &v), -EINVAL);
	ck_assert_int_eq(ns_time_offset_parse("0x10", &v), -EINVAL);
	ck_assert_int_eq(ns_time_offset_parse(NULL, &v), -EINVAL);
	ck_assert_int_eq(v, 7); /* untouched by every failure */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("timens");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, offsets);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
