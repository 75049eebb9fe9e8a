// SPDX-License-Identifier: LGPL-2.1-or-later
/* --kill-child signal names: a name that parses prints back as a name that parses the same. */
#include <errno.h>
#include <signal.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size, 128), name[32];
	int sig;

	if (!s)
		return 0;
	sig = ns_signal_parse(s);
	FUZZ_ASSERT(sig == -EINVAL || (sig > 0 && sig < _NSIG));
	if (sig > 0)
		FUZZ_ASSERT(ns_signal_parse(ns_signal_name(sig, name, sizeof(name))) == sig);
	free(s);
	return 0;
}
