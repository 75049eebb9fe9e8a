/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the four tools share: the program name, error printing in the original tools'
 * formats, the usage hint, --version, --explain and number parsing. No namespace logic.
 */
#ifndef LIBNS_CLI_H
#define LIBNS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "libns.h"

#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * How a tool names itself in its messages, when installed or linked under another name
 * (unshare, nsenter, chroot): as util-linux does, by the short invoked name; as coreutils
 * does, by argv[0] as given. Under its own name (own), a tool says own.
 */
enum cli_naming {
	CLI_NAME_SHORT, /* util-linux: program_invocation_short_name */
	CLI_NAME_ARGV0, /* coreutils: argv[0] as given */
};

/*
 * Names the program in every message (see enum cli_naming), records the descriptors the
 * caller passed, and holds a closed 0, 1 or 2 with a close-on-exec placeholder (reads and
 * writes on it fail with EBADF, as on a closed descriptor), so that no descriptor a tool
 * opens lands there and the program still starts with them closed.
 */
void cli_init(const char *argv0, const char *own, enum cli_naming naming);
const char *cli_name(void);

/* Whether the caller gave this process a stderr (--explain writes only there). */
bool cli_have_stderr(void);

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

/*
 * _exit(status), for a process whose exit handlers must not run (a parent whose PID namespace
 * for children is dead, a forked child); in a coverage build the counters are written first.
 */
noreturn void cli_exit_now(int status);

/* "name from libns VERSION" on stdout, exit 0. */
noreturn void cli_version(void);

/* --explain: every step the library announces goes to stderr, one write per step. */
void cli_explain(void);

/*
 * Strict decimal parsing: digits only (no sign, no blanks, nothing after), value <= max.
 * Returns 0, -EINVAL (not a number) or -ERANGE (too large).
 */
int cli_parse_u64(const char *s, unsigned long long max, unsigned long long *out);

/*
 * nsenter's -t: "PID" or "PID:INODE" (the inode of the process's pidfd, as util-linux 2.41
 * writes targets), digits only; 0 is "no target". Returns 0, -EINVAL, or -ERANGE (all digits,
 * too large); *inode is 0 without ":INODE".
 */
int cli_parse_target(const char *s, pid_t *pid, uint64_t *inode);

/* A process ID: 1 .. INT_MAX. */
int cli_parse_pid(const char *s, pid_t *out);

/*
 * nsenter's -S/-G: "follow" (*follow set: the target's ID), or an ID as cli_parse_u64 reads
 * it, up to UINT32_MAX (*follow cleared). Returns 0, -EINVAL or -ERANGE; nothing is set then.
 */
int cli_parse_id_follow(const char *s, bool *follow, uint32_t *id);

/*
 * A tool's options, as one table: getopt_long's long options and short string, --help's
 * lines (and so the bash completion, which reads --help) all come from it.
 *
 * A row with a letter is returned by cli_getopt as that letter, one without by its id (>= 256).
 * left is help's left column as printed ("-f, --fork", "--root=<dir>"); help the text beside
 * it (NULL: not in --help). A row with id CLI_BLANK prints an empty line; one with id
 * CLI_NS_ROWS stands for the eight namespace types, in the parser's ns_order: left and help
 * are formats that take the type's letter, option name and kernel name ("-%c, --%s[=<file>]",
 * "unshare %3$s namespace"), has_arg applies to each, and cli_getopt returns
 * CLI_NS_ID(type).
 */
#define CLI_BLANK (-1)
#define CLI_NS_ROWS (-2)
#define CLI_NS_BASE 0x1000
#define CLI_NS_ID(type) (CLI_NS_BASE + (int)(type))
#define CLI_WRAP 1u /* help text on the next line, below the column */
#define CLI_SHORT_NOARG 2u /* the letter takes no argument, only the long option (unshare -m) */
#define CLI_OWN_COLUMN 4u /* left is padded already: the help follows it directly */
#define CLI_TIGHT 8u /* a left part as wide as the column: one space before the help, not two */

struct cli_opt {
	int id; /* the letter, an id >= 256, CLI_BLANK or CLI_NS_ROWS */
	const char *name; /* the long option, or NULL */
	int has_arg; /* no_argument, required_argument, optional_argument */
	const char *left;
	const char *help;
	unsigned flags;
};

struct cli_parser {
	const struct cli_opt *opts;
	size_t nopts;
	const char *short_prefix; /* "+": stop at the first non-option, as util-linux */
	const enum ns_type *ns_order; /* NS_NTYPES types for CLI_NS_ROWS; NULL: table order */
	int width; /* the left column's width in --help */
	/* built on first use */
	struct option *longopts;
	char *shortopts;
};

/* The type a CLI_NS_ID(type) stands for, or -1. */
int cli_ns_type(int id);

/* getopt_long over the table: the row's id, '?' for a bad option, -1 at the end. */
int cli_getopt(struct cli_parser *p, int argc, char **argv);

/* The table's --help lines, to stdout. */
void cli_print_options(const struct cli_parser *p);

#endif /* LIBNS_CLI_H */
