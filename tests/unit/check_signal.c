// SPDX-License-Identifier: LGPL-2.1-or-later
/* Signal names for --kill-child: with or without SIG, any case, RTMIN+n; no numbers. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "libns.h"
#include "unit.h"

START_TEST(names)
{
	ck_assert_int_eq(ns_signal_parse("KILL"), SIGKILL);
	ck_assert_int_eq(ns_signal_parse("SIGKILL"), SIGKILL);
	ck_assert_int_eq(ns_signal_parse("kill"), SIGKILL);
	ck_assert_int_eq(ns_signal_parse("sigterm"), SIGTERM);
	ck_assert_int_eq(ns_signal_parse("HUP"), SIGHUP);
	ck_assert_int_eq(ns_signal_parse("SIGUSR2"), SIGUSR2);
	ck_assert_int_eq(ns_signal_parse("CHLD"), SIGCHLD);
	ck_assert_int_eq(ns_signal_parse("CLD"), SIGCHLD);
	ck_assert_int_eq(ns_signal_parse("IOT"), SIGABRT);
	ck_assert_int_eq(ns_signal_parse("SYS"), SIGSYS);
}
END_TEST

START_TEST(realtime)
{
	ck_assert_int_eq(ns_signal_parse("RTMIN"), SIGRTMIN);
	ck_assert_int_eq(ns_signal_parse("SIGRTMIN+2"), SIGRTMIN + 2);
	ck_assert_int_eq(ns_signal_parse("rtmin+1"), SIGRTMIN + 1);
	ck_assert_int_eq(ns_signal_parse("RTMAX"), SIGRTMAX);
	ck_assert_int_eq(ns_signal_parse("SIGRTMAX-1"), SIGRTMAX - 1);
	ck_assert_int_eq(ns_signal_parse("RTMIN+99"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("RTMIN-1"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("RTMAX+1"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("RTMIN+"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("RTMIN+1x"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("RTMIN+0001"), -EINVAL);
}
END_TEST

START_TEST(refused)
{
	ck_assert_int_eq(ns_signal_parse("9"), -EINVAL); /* as util-linux */
	ck_assert_int_eq(ns_signal_parse(""), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("SIG"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse(NULL), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("FOO"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse("KILLX"), -EINVAL);
	ck_assert_int_eq(ns_signal_parse(" KILL"), -EINVAL);
}
END_TEST

START_TEST(names_back)
{
	char buf[32];

	ck_assert_str_eq(ns_signal_name(SIGKILL, buf, sizeof(buf)), "SIGKILL");
	ck_assert_str_eq(ns_signal_name(SIGABRT, buf, sizeof(buf)), "SIGABRT");
	ck_assert_str_eq(ns_signal_name(SIGRTMIN, buf, sizeof(buf)), "SIGRTMIN");
	ck_assert_str_eq(ns_signal_name(SIGRTMIN + 3, buf, sizeof(buf)), "SIGRTMIN+3");
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		if (sig > 31 && sig < SIGRTMIN)
			continue;
		ck_assert_int_eq(ns_signal_parse(ns_signal_name(sig, buf, sizeof(buf))), sig);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("signal");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, names);
	tcase_add_test(tc, realtime);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, names_back);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
