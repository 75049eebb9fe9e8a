// SPDX-License-Identifier: LGPL-2.1-or-later
/* The tools' strict decimal parsers (tools/cli.c): accept exactly what they claim to. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	unsigned long long v;
	bool follow;
	uint32_t id;
	pid_t pid;
	int rc;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = cli_parse_u64(s, ~0ULL, &v);
	if (rc == 0) {
		/* Accepted: digits only, and the value reads back. */
		if (strspn(s, "0123456789") != strlen(s) || !*s || strtoull(s, NULL, 10) != v)
			abort();
	} else if (rc != -EINVAL && rc != -ERANGE) {
		abort();
	}
	rc = cli_parse_pid(s, &pid);
	if (rc == 0 && pid <= 0)
		abort();
	/* nsenter's -S/-G: "follow", or what cli_parse_u64 takes up to UINT32_MAX. */
	follow = true;
	id = 7;
	rc = cli_parse_id_follow(s, &follow, &id);
	if (!strcmp(s, "follow")) {
		if (rc || !follow || id != 7)
			abort();
	} else if (cli_parse_u64(s, UINT32_MAX, &v) == 0) {
		if (rc || follow || id != v)
			abort();
	} else if ((rc != -EINVAL && rc != -ERANGE) || !follow || id != 7) {
		abort();
	}
	return 0;
}
