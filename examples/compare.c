// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which namespaces do two processes share? Type by type: compare 1234 self */
#include <libns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pid_t pid_arg(const char *s)
{
	return strcmp(s, "self") ? (pid_t)atoi(s) : 0;
}

int main(int argc, char **argv)
{
	const char *rel[] = { "shared", "differs", "unreadable" };
	struct ns_snapshot a, b;
	struct ns_error err;
	char msg[NS_ERROR_MAX + 64];
	int count[3] = { 0 };

	if (argc != 3 || ns_snapshot_read(pid_arg(argv[1]), &a, &err) < 0 ||
	    ns_snapshot_read(pid_arg(argv[2]), &b, &err) < 0) {
		fprintf(stderr, "compare: %s\n",
			argc != 3 ? "usage: compare PID_A PID_B" :
				    ns_error_format(&err, msg, sizeof(msg)));
		return 2;
	}
	for (int t = 0; t < NS_NTYPES; t++) {
		enum ns_relation r = ns_entry_compare(&a, &b, (size_t)ns_type_entry(t));

		printf("%-7s %s\n", ns_type_info(t)->name, rel[r]);
		count[r]++;
	}
	/* 1: some differ; 2: nothing could be compared (not "all shared") */
	return count[NS_DIFFER] ? 1 : count[NS_UNREADABLE] == NS_NTYPES ? 2 : 0;
}
