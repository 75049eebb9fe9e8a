// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *prog = "libns";

void cli_init(const char *name)
{
	struct ns_error err;

	prog = name;
	if (ns_fd_baseline(&err) < 0)
		cli_die(EXIT_FAILURE, &err);
}

const char *cli_name(void)
{
	return prog;
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
	ns_set_trace(explain_step, NULL);
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
