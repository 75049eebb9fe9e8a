// SPDX-License-Identifier: LGPL-2.1-or-later
/* Signals by name, as kill(1) and util-linux spell them: with or without SIG, any case. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static const struct {
	const char *name;
	int sig;
} names[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },	    { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT },   { "IOT", SIGIOT },	 { "BUS", SIGBUS },
	{ "FPE", SIGFPE },   { "KILL", SIGKILL },   { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE },   { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", 16 },    { "CHLD", SIGCHLD },   { "CLD", SIGCHLD },	 { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP },   { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG },   { "XCPU", SIGXCPU },   { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO },	 { "POLL", SIGPOLL },
	{ "PWR", SIGPWR },   { "SYS", SIGSYS },
};

/* "+3" or "-3" after RTMIN/RTMAX: a small decimal offset. */
static int rt_offset(const char *s, int *off)
{
	int v = 0;

	if (!*s) {
		*off = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -EINVAL;
	if (!s[1] || strlen(s + 1) > 3)
		return -EINVAL;
	for (const char *p = s + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (*p - '0');
	}
	*off = *s == '-' ? -v : v;
	return 0;
}

int ns_signal_parse(const char *name)
{
	int off, sig;

	if (!name || !*name)
		return -EINVAL;
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name))
			return names[i].sig;
	if (!strncasecmp(name, "RTMIN", 5)) {
		if (rt_offset(name + 5, &off) || off < 0)
			return -EINVAL;
		sig = SIGRTMIN + off;
	} else if (!strncasecmp(name, "RTMAX", 5)) {
		if (rt_offset(name + 5, &off) || off > 0)
			return -EINVAL;
		sig = SIGRTMAX + off;
	} else {
		return -EINVAL;
	}
	if (sig < SIGRTMIN || sig > SIGRTMAX)
		return -EINVAL;
	return sig;
}

const char *ns_signal_name(int sig, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig) {
			snprintf(buf, size, "SIG%s", names[i].name);
			return buf;
		}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			snprintf(buf, size, "SIGRTMIN");
		else
			snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
		return buf;
	}
	snprintf(buf, size, "%d", sig);
	return buf;
}
