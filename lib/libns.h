/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libns: the Linux primitives behind containers, one system call at a time.
 *
 * Rules: the library never prints and never exits. A function returns 0 (or a
 * non-negative value) on success and a negative errno on failure, and then fills the caller's
 * struct ns_error with the message the tool shows ("cannot open /proc/42/ns/net"); the tool
 * adds its name and strerror(err->code). Every step that changes the process is announced
 * first through the trace callback (ns_trace_set). Every descriptor the library opens is
 * O_CLOEXEC.
 */
#ifndef LIBNS_H
#define LIBNS_H

/*
 * The parts, one area each (section-3 pages: ns_error(3), ns_trace(3), ns_exec(3),
 * ns_creds(3), ns_snapshot(3), ns_unshare(3), ns_root_pivot(3), ns_enter(3); libns(3) is the
 * map).
 */
#include "libns/core.h"
#include "libns/process.h"
#include "libns/inspect.h"
#include "libns/unshare.h"
#include "libns/enter.h"

#endif /* LIBNS_H */
