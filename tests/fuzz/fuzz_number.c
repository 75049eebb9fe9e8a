// SPDX-License-Identifier: LGPL-2.1-or-later
/* The tools' strict decimal parsers: never crash, and accept exactly what they claim to. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	unsigned long long v;
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
	return 0;
}
