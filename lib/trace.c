// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The explain channel (DESIGN.md rule 3): every step that changes the process is announced
 * here before it is taken. The library itself never prints; a tool's --explain sets a
 * callback that does.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static ns_trace_fn trace_fn;
static void *trace_data;

void ns_trace_set(ns_trace_fn fn, void *data)
{
	trace_fn = fn;
	trace_data = data;
}

bool nsi_tracing(void)
{
	return trace_fn != NULL;
}

void nsi_trace(const char *why, const char *fmt, ...)
{
	char call[1024];
	va_list ap;

	if (!trace_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(call, sizeof(call), fmt, ap);
	va_end(ap);
	trace_fn(call, why, trace_data);
}
