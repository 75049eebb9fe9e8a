// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *prog = "libns";
static bool have_stderr = true;

/*
 * A closed 0, 1 or 2 is held by /dev/null opened the wrong way round (stdin write-only,
 * stdout and stderr read-only): a read or write on it fails with EBADF as on a closed
 * descriptor, the next open(2) cannot land there, and close-on-exec gives the program the
 * descriptor closed, as its caller left it.
 */
static void hold_closed_stdio(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (fd == STDERR_FILENO)
			have_stderr = false;
		int h = open("/dev/null", (fd ? O_RDONLY : O_WRONLY) | O_CLOEXEC);

		if (h >= 0 && h != fd) {
			/* A lower one was closed too and is held already: move this one up. */
			if (dup3(h, fd, O_CLOEXEC) < 0)
				_exit(EXIT_FAILURE);
			close(h);
		}
	}
}

void cli_init(const char *argv0, const char *own, enum cli_naming naming)
{
	struct ns_error err;
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	hold_closed_stdio();
	base = base ? base + 1 : argv0;
	if (!base || !*base || !strcmp(base, own))
		prog = own;
	else
		prog = naming == CLI_NAME_SHORT ? base : argv0;
	if (ns_fd_baseline(&err) < 0)
		cli_die(EXIT_FAILURE, &err);
}

const char *cli_name(void)
{
	return prog;
}

bool cli_have_stderr(void)
{
	return have_stderr;
}

static void vwarn(bool with_errno, int errnum, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void cli_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(false, 0, fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(true, errnum, fmt, ap);
	va_end(ap);
}

void cli_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(false, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void cli_err(int status, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(true, errnum, fmt, ap);
	va_end(ap);
	exit(status);
}

void cli_warn_error(const struct ns_error *err)
{
	fflush(stdout);
	if (err->code)
		fprintf(stderr, "%s: %s: %s\n", prog, err->msg, strerror(err->code));
	else
		fprintf(stderr, "%s: %s\n", prog, err->msg);
}

void cli_die(int status, const struct ns_error *err)
{
	cli_warn_error(err);
	exit(status);
}

void cli_usage_error(int status, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vwarn(false, 0, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(status);
}

#ifdef LIBNS_COVERAGE
void __gcov_dump(void);
#endif

/*
 * LeakSanitizer (a LIBNS_SANITIZE build) reads /proc/<pid>/task at exit, and a new root
 * (xchroot, xunshare -R, nsenter-lite -r) seldom has a /proc: without one its check is
 * skipped rather than failing the run.
 */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return access("/proc/self/task", R_OK) != 0;
}

void cli_exit_now(int status)
{
#ifdef LIBNS_COVERAGE
	if (access(LIBNS_COV_DIR, W_OK) == 0) /* not in another root (lib/internal.h) */
		__gcov_dump();
#endif
	_exit(status);
}

void cli_version(void)
{
	printf("%s from libns %s\n", prog, LIBNS_VERSION);
	exit(EXIT_SUCCESS);
}

static void explain_step(const char *call, const char *why, void *data)
{
	char line[2048];
	int n;

	(void)data;
	/* One write per step, so that the lines of a parent and its child never interleave. */
	n = snprintf(line, sizeof(line), "%s: + %s\n%*s    %s\n", prog, call, (int)strlen(prog), "",
		     why);
	if (n > 0) {
		if ((size_t)n >= sizeof(line))
			n = sizeof(line) - 1;
		if (write(STDERR_FILENO, line, (size_t)n) < 0)
			return;
	}
}

void cli_explain(void)
{
	/* Only to a stderr the caller gave: never into a descriptor that took its place. */
	if (have_stderr)
		ns_trace_set(explain_step, NULL);
}

int cli_parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (ULLONG_MAX - (unsigned)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int cli_parse_id_follow(const char *s, bool *follow, uint32_t *id)
{
	unsigned long long v;
	int rc;

	if (s && !strcmp(s, "follow")) {
		*follow = true;
		return 0;
	}
	rc = cli_parse_u64(s, UINT32_MAX, &v);
	if (rc)
		return rc;
	*follow = false;
	*id = (uint32_t)v;
	return 0;
}

int cli_parse_target(const char *s, pid_t *pid, uint64_t *inode)
{
	unsigned long long v = 0, ino = 0;
	const char *p = s;
	bool big = false;

	/*
	 * Digits only, up to INT_MAX. util-linux 2.38.1 takes strtoul's "-1" and truncates
	 * "99999999999" to a PID that may well exist: refused here (ERANGE, once it is known to
	 * be all digits). 0 is "no target", as there.
	 */
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (!big)
			v = v * 10 + (unsigned)(*p - '0');
		big = big || v > INT_MAX;
	}
	if (*p == ':') {
		if (*++p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (ino > (UINT64_MAX - (unsigned)(*p - '0')) / 10)
				big = true;
			else
				ino = ino * 10 + (unsigned)(*p - '0');
		}
		if (!ino)
			return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	if (big)
		return -ERANGE;
	*pid = (pid_t)v;
	*inode = ino;
	return 0;
}

int cli_parse_pid(const char *s, pid_t *out)
{
	unsigned long long v;
	int rc = cli_parse_u64(s, INT_MAX, &v);

	if (rc)
		return rc;
	if (v == 0)
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

int cli_ns_type(int id)
{
	return id >= CLI_NS_BASE && id < CLI_NS_BASE + NS_NTYPES ? id - CLI_NS_BASE : -1;
}

static enum ns_type ns_row_type(const struct cli_parser *p, int i)
{
	return p->ns_order ? p->ns_order[i] : (enum ns_type)i;
}

static size_t rows(const struct cli_parser *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nopts; i++)
		n += p->opts[i].id == CLI_NS_ROWS ? NS_NTYPES : 1;
	return n;
}

static void add_short(char *s, size_t *len, int letter, int has_arg)
{
	s[(*len)++] = (char)letter;
	if (has_arg != no_argument)
		s[(*len)++] = ':';
	if (has_arg == optional_argument)
		s[(*len)++] = ':';
}

static void build(struct cli_parser *p)
{
	size_t n = rows(p), nl = 0, ns = 0;
	const char *pre = p->short_prefix ? p->short_prefix : "";

	/* Static room for a tool's table: a first malloc() costs brk and getrandom at start-up. */
	static struct option longbuf[96];
	static char shortbuf[3 * 96 + 8];

	if (n + 1 <= sizeof(longbuf) / sizeof(longbuf[0]) &&
	    strlen(pre) + 3 * n + 1 <= sizeof(shortbuf) && !longbuf[0].name) {
		p->longopts = longbuf;
		p->shortopts = shortbuf;
	} else {
		p->longopts = calloc(n + 1, sizeof(*p->longopts));
		p->shortopts = calloc(strlen(pre) + 3 * n + 1, 1);
	}
	if (!p->longopts || !p->shortopts)
		cli_errx(EXIT_FAILURE, "cannot allocate the option table");
	strcpy(p->shortopts, pre);
	ns = strlen(pre);
	for (size_t i = 0; i < p->nopts; i++) {
		const struct cli_opt *o = &p->opts[i];

		if (o->id == CLI_NS_ROWS) {
			for (int t = 0; t < NS_NTYPES; t++) {
				const struct ns_type_info *ti = ns_type_info(ns_row_type(p, t));

				p->longopts[nl++] = (struct option){ ti->option, o->has_arg, NULL,
								     CLI_NS_ID(ti->type) };
				add_short(p->shortopts, &ns, ti->letter,
					  o->flags & CLI_SHORT_NOARG ? no_argument : o->has_arg);
			}
			continue;
		}
		if (o->id == CLI_BLANK)
			continue;
		if (o->name)
			p->longopts[nl++] = (struct option){ o->name, o->has_arg, NULL, o->id };
		if (o->id > 0 && o->id < 256)
			add_short(p->shortopts, &ns, o->id,
				  o->flags & CLI_SHORT_NOARG ? no_argument : o->has_arg);
	}
}

int cli_getopt(struct cli_parser *p, int argc, char **argv)
{
	int c;

	if (!p->longopts)
		build(p);
	c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	if (c > 0 && c < 256) {
		/* A namespace's letter stands for its row. */
		for (int t = 0; t < NS_NTYPES; t++)
			if (ns_type_info(t)->letter == c) {
				for (size_t i = 0; i < p->nopts; i++)
					if (p->opts[i].id == CLI_NS_ROWS)
						return CLI_NS_ID(t);
			}
	}
	return c;
}

static void print_row(int width, const char *left, const char *help, unsigned flags)
{
	if (flags & CLI_WRAP)
		printf(" %s\n %*s%s\n", left, width, "", help);
	else if (flags & CLI_OWN_COLUMN)
		printf(" %s%s\n", left, help);
	else if ((int)strlen(left) < width)
		printf(" %-*s%s\n", width, left, help);
	else
		printf(" %s%s%s\n", left, flags & CLI_TIGHT ? " " : "  ", help);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void cli_print_options(const struct cli_parser *p)
{
	for (size_t i = 0; i < p->nopts; i++) {
		const struct cli_opt *o = &p->opts[i];

		if (o->id == CLI_BLANK) {
			putchar('\n');
		} else if (o->id == CLI_NS_ROWS) {
			for (int t = 0; t < NS_NTYPES; t++) {
				const struct ns_type_info *ti = ns_type_info(ns_row_type(p, t));
				char left[96], help[160];

				snprintf(left, sizeof(left), o->left, ti->letter, ti->option,
					 ti->name);
				snprintf(help, sizeof(help), o->help, ti->letter, ti->option,
					 ti->name);
				print_row(p->width, left, help, o->flags);
			}
		} else if (o->help) {
			print_row(p->width, o->left, o->help, o->flags);
		}
	}
}
#pragma GCC diagnostic pop
