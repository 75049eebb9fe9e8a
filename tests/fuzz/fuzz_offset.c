// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xunshare's --monotonic/--boottime OFFSET. Checked against a parser written here from the
 * contract (blanks, an optional sign, decimal digits, nothing after, within int64_t): the
 * same inputs are accepted with the same value, an out-of-range number is -ERANGE, every
 * other refusal -EINVAL, and a refusal leaves the output alone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "libns.h"
#include "xunshare_args.h"

/* 0 with *v, -EINVAL, or -ERANGE; the digits summed in 128 bits, saturating. */
static int reference(const char *s, int64_t *v)
{
	const __int128 cap = (__int128)INT64_MAX + 2; /* saturate: enough to know it is too big */
	__int128 acc = 0;
	bool neg = false;
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		acc = acc * 10 + (*p - '0');
		if (acc > cap)
			acc = cap;
	}
	/* strtoll reports the range before anything that follows the digits. */
	if (neg ? acc > (__int128)INT64_MAX + 1 : acc > INT64_MAX)
		return -ERANGE;
	if (*p)
		return -EINVAL;
	*v = (int64_t)(neg ? -acc : acc);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 256), back[32];
	int64_t v = 0x5eed, w = 0x5eed, again = 0;
	int rc, want;

	if (!s)
		return 0;
	rc = xunshare_parse_offset(s, &v);
	want = reference(s, &w);
	FUZZ_ASSERT(rc == want);
	FUZZ_ASSERT(v == w);
	if (rc == 0) {
		/* What was accepted prints back as a number that reads the same. */
		snprintf(back, sizeof(back), "%lld", (long long)v);
		FUZZ_ASSERT(xunshare_parse_offset(back, &again) == 0 && again == v);
	}
	free(s);
	return 0;
}
