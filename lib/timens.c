// SPDX-License-Identifier: LGPL-2.1-or-later
/* The clock offsets of a new time namespace, fixed before its first process exists. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"

int ns_time_offsets_write(bool has_monotonic, int64_t monotonic, bool has_boottime,
			  int64_t boottime, struct ns_error *err)
{
	static const char path[] = "/proc/self/timens_offsets";
	char text[128];
	int len = 0;

	if (has_monotonic)
		len += snprintf(text + len, sizeof(text) - (size_t)len, "%d %" PRId64 " 0\n",
				CLOCK_MONOTONIC, monotonic);
	if (has_boottime)
		len += snprintf(text + len, sizeof(text) - (size_t)len, "%d %" PRId64 " 0\n",
				CLOCK_BOOTTIME, boottime);
	if (!len)
		return 0;
	if (nsi_tracing()) {
		char shown[128];

		snprintf(shown, sizeof(shown), "%.*s", len - 1, text);
		for (char *c = shown; *c; c++)
			if (*c == '\n')
				*c = ',';
		nsi_trace("shift the clocks of the new time namespace (seconds): its processes see "
			  "CLOCK_MONOTONIC and CLOCK_BOOTTIME moved, e.g. in /proc/uptime",
			  "write(\"%s\", \"%s\") /* clock %d is CLOCK_MONOTONIC, %d "
			  "CLOCK_BOOTTIME */",
			  path, shown, CLOCK_MONOTONIC, CLOCK_BOOTTIME);
	}
	return nsi_write_file(path, text, (size_t)len, err, NS_STEP_TIME, "failed to write to %s",
			      path);
}
