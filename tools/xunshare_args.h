/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xunshare's option syntax (util-linux unshare's): parsers no library user needs, so they
 * live with the tool (DESIGN.md rule 8). The fuzz targets and unit tests link them too.
 */
#ifndef XUNSHARE_ARGS_H
#define XUNSHARE_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns.h"

/*
 * A user (group) by number or by name: "1000", "nobody". Errors: "failed to parse uid: 'S'"
 * (-ERANGE, code ERANGE, for a number of 2^32 - 1 or more; else -EINVAL, code 0).
 */
int xunshare_parse_id(const char *s, bool group, uint32_t *id, struct ns_error *err);

/*
 * --owner UID:GID, each a number or a name as xunshare_parse_id reads it, split at the first
 * ':'. *uid and *gid change only on success. Errors: "failed to parse owner: 'S'" (no ':', or
 * 64 bytes or more), then those of xunshare_parse_id.
 */
int xunshare_parse_owner(const char *s, uint32_t *uid, uint32_t *gid, struct ns_error *err);

/* --setgroups allow|deny: *allow set; -EINVAL for anything else. */
int xunshare_parse_setgroups(const char *s, bool *allow);

/* --propagation slave|shared|private|unchanged into MS_REC|MS_SLAVE etc. (0: unchanged). */
int xunshare_parse_propagation(const char *s, unsigned long *flags);

/*
 * --monotonic/--boottime OFFSET: a signed decimal number of seconds as strtoll(3) reads it
 * (leading blanks and a sign allowed, nothing after). Returns 0, -EINVAL or -ERANGE.
 */
int xunshare_parse_offset(const char *s, int64_t *offset);

#endif /* XUNSHARE_ARGS_H */
