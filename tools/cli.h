/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the four tools share: the program name, error printing in the original tools'
 * formats, the usage hint, --version, --explain and number parsing. No namespace logic.
 */
#ifndef LIBNS_CLI_H
#define LIBNS_CLI_H

#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "libns.h"

#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Names the program in every message and records the descriptors the caller passed. */
void cli_init(const char *name);
const char *cli_name(void);

/* "name: msg" (cli_warnx), "name: msg: strerror(errno)" (cli_warn): of any length (a path
 * may be PATH_MAX long). */
void cli_warnx(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warn(const char *fmt, ...) CLI_PRINTF(1, 2);
noreturn void cli_errx(int status, const char *fmt, ...) CLI_PRINTF(2, 3);
noreturn void cli_err(int status, const char *fmt, ...) CLI_PRINTF(2, 3);

/* "name: <err->msg>: <strerror(err->code)>" (without ": ..." when err->code is 0). */
void cli_warn_error(const struct ns_error *err);

/* cli_warn_error(err), then exit(status). */
noreturn void cli_die(int status, const struct ns_error *err);

/* "name: msg" (when fmt is not NULL), then "Try 'name --help' for more information." */
noreturn void cli_usage_error(int status, const char *fmt, ...) CLI_PRINTF(2, 3);

/* "name from libns VERSION" on stdout, exit 0. */
noreturn void cli_version(void);

/* --explain: every step the library announces goes to stderr, one write per step. */
void cli_explain(void);

/*
 * Strict decimal parsing: digits only (no sign, no blanks, nothing after), value <= max.
 * Returns 0, -EINVAL (not a number) or -ERANGE (too large).
 */
int cli_parse_u64(const char *s, unsigned long long max, unsigned long long *out);

/* A process ID: 1 .. INT_MAX. */
int cli_parse_pid(const char *s, pid_t *out);

/*
 * nsenter's -S/-G: "follow" (*follow set: the target's ID), or an ID as cli_parse_u64 reads
 * it, up to UINT32_MAX (*follow cleared). Returns 0, -EINVAL or -ERANGE; nothing is set then.
 */
int cli_parse_id_follow(const char *s, bool *follow, uint32_t *id);

#endif /* LIBNS_CLI_H */
