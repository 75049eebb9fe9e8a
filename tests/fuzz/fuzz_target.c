// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The keyword and PID parsers: nsenter's --target PID or PID:INODE, type and entry names
 * (nsdiff, the option table), --propagation and --setgroups words. Accepted values print
 * back as text that reads the same; names are found exactly when the table has them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "cli.h"
#include "fuzz_common.h"
#include "libns.h"
#include "xunshare_args.h"

/* Known answers of cli_parse_target (tools/cli.c, nsenter's -t), checked once. */
static void target_known_answers(void)
{
	static const char *const bad[] = { "",	  "abc",   "12x",  "1:",   "1:x",  "1:0",
					   ":5",  "1:5:6", "1: 5", "1:-5", "1:5 ", "99999999999:x",
					   " 42", "+42",   "-1" };
	static const char *const big[] = { "99999999999999999999999", "2147483648",
					   "1:18446744073709551616" };
	static bool done;
	uint64_t ino = 7;
	pid_t pid = -1;

	if (done)
		return;
	done = true;
	FUZZ_ASSERT(cli_parse_target("42", &pid, &ino) == 0 && pid == 42 && ino == 0);
	FUZZ_ASSERT(cli_parse_target("42:1234", &pid, &ino) == 0 && pid == 42 && ino == 1234);
	FUZZ_ASSERT(cli_parse_target("0", &pid, &ino) == 0 && pid == 0);
	FUZZ_ASSERT(cli_parse_target("1:18446744073709551615", &pid, &ino) == 0 &&
		    ino == UINT64_MAX);
	FUZZ_ASSERT(cli_parse_target("2147483647", &pid, &ino) == 0 && pid == 2147483647);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		FUZZ_ASSERT(cli_parse_target(bad[i], &pid, &ino) == -EINVAL);
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		FUZZ_ASSERT(cli_parse_target(big[i], &pid, &ino) == -ERANGE);
	FUZZ_ASSERT(cli_parse_target(NULL, &pid, &ino) == -EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 128), back[64];
	const struct ns_type_info *ti;
	unsigned long flags = 12345;
	uint64_t inode = 7, ino2;
	pid_t pid = -7, pid2;
	bool allow = true;
	int rc, e;

	target_known_answers();
	if (!s)
		return 0;
	rc = cli_parse_target(s, &pid, &inode);
	/* 0 is "no target", as util-linux reads it; no negative or truncated PID. */
	FUZZ_ASSERT(rc == -EINVAL || rc == -ERANGE || (rc == 0 && pid >= 0));
	FUZZ_ASSERT(rc != -ERANGE || strspn(s, "0123456789:") == strlen(s));
	if (rc == 0) {
		FUZZ_ASSERT(strspn(s, "0123456789:") == strlen(s));
		FUZZ_ASSERT(strchr(s, ':') ? inode != 0 : inode == 0);
		if (inode)
			snprintf(back, sizeof(back), "%d:%llu", (int)pid,
				 (unsigned long long)inode);
		else
			snprintf(back, sizeof(back), "%d", (int)pid);
		FUZZ_ASSERT(cli_parse_target(back, &pid2, &ino2) == 0 && pid2 == pid &&
			    ino2 == inode);
	} else {
		FUZZ_ASSERT(pid == -7 && inode == 7);
	}

	FUZZ_ASSERT((ns_entry_mask(s) & ~NS_ALL_ENTRIES) == 0);
	ti = ns_type_lookup(s);
	e = ns_entry_lookup(s);
	FUZZ_ASSERT(!ti || !strcmp(ti->name, s) || !strcmp(ti->option, s));
	FUZZ_ASSERT(e < 0 || (e < NS_NENTRIES && !strcmp(ns_entry_info((size_t)e)->name, s)));
	FUZZ_ASSERT((ns_entry_mask(s) != 0) == (ti || e >= 0));

	rc = xunshare_parse_propagation(s, &flags);
	FUZZ_ASSERT(rc == -EINVAL || rc == 0);
	FUZZ_ASSERT((rc == 0) == (!strcmp(s, "slave") || !strcmp(s, "shared") ||
				  !strcmp(s, "private") || !strcmp(s, "unchanged")));
	FUZZ_ASSERT(rc == 0 || flags == 12345);

	rc = xunshare_parse_setgroups(s, &allow);
	FUZZ_ASSERT(rc == 0 ? allow == !strcmp(s, "allow") && (allow || !strcmp(s, "deny")) :
			      rc == -EINVAL && allow);
	free(s);
	return 0;
}
