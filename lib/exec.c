// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The last steps of every tool: the descriptor sweep, exec with the 126/127 conventions, and
 * passing a child's end on to our own caller.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/*
 * Descriptors above 2 that our caller passed us, in ascending order: a few fit in the static
 * array, so that the common case does not wake malloc up at start-up.
 */
static int few_fds[16];
static int *passed_fds = few_fds;
static size_t npassed, passed_cap = sizeof(few_fds) / sizeof(few_fds[0]);
static bool have_baseline;

static int add_passed(int fd)
{
	if (npassed == passed_cap) {
		int *p = malloc(2 * passed_cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		memcpy(p, passed_fds, npassed * sizeof(*p));
		if (passed_fds != few_fds)
			free(passed_fds);
		passed_fds = p;
		passed_cap *= 2;
	}
	passed_fds[npassed++] = fd;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Every descriptor at or above this one counts as passed (see quick_baseline): ~0U when the
 * baseline listed them all.
 */
static unsigned int passed_above = ~0U;

#define PROBE_CHUNK 1024

/*
 * Without /proc (a tool run inside a bare chroot): every descriptor up to the soft
 * RLIMIT_NOFILE (at least 1023), by poll(2) over chunks of them, POLLNVAL marking the closed.
 * Above 1023 too: a caller may pass any descriptor its limit allows. Descriptors at or above
 * the limit (opened before it was lowered) count as passed: nothing new can land there. poll
 * takes no more entries than the soft limit; where it refuses, fcntl(F_GETFD) asks each one.
 */
static int probe_baseline(void)
{
	struct pollfd pfd[PROBE_CHUNK];
	struct rlimit rl;
	unsigned long lim = 1024, chunk = PROBE_CHUNK;
	int rc = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur > lim)
			lim = rl.rlim_cur > INT_MAX ? INT_MAX : (unsigned long)rl.rlim_cur;
		if (rl.rlim_cur < chunk)
			chunk = rl.rlim_cur ? (unsigned long)rl.rlim_cur : 1;
	}
	for (unsigned long base = 3; base < lim && !rc; base += chunk) {
		unsigned long n = lim - base < chunk ? lim - base : chunk;

		for (unsigned long i = 0; i < n; i++)
			pfd[i] = (struct pollfd){ .fd = (int)(base + i) };
		if (poll(pfd, n, 0) < 0) {
			for (unsigned long i = 0; i < n; i++)
				pfd[i].revents = fcntl(pfd[i].fd, F_GETFD) < 0 ? POLLNVAL : 0;
		}
		for (unsigned long i = 0; i < n && !rc; i++)
			if (!(pfd[i].revents & POLLNVAL))
				rc = add_passed(pfd[i].fd);
	}
	passed_above = (unsigned int)lim;
	return rc;
}

/* The exact list, from /proc/self/fd (or, without /proc, by probing each possible one). */
static int scan_baseline(void)
{
	DIR *dir;
	struct dirent *d;
	int self, rc = 0;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return probe_baseline();
	self = dirfd(dir);
	while ((d = readdir(dir)) && !rc) {
		char *end;
		long fd = strtol(d->d_name, &end, 10);

		if (*end || end == d->d_name || fd <= 2 || fd == self)
			continue;
		rc = add_passed((int)fd);
	}
	closedir(dir);
	return rc;
}

/* Small: poll(2)'s cost in the kernel grows with the range (1021 entries: 1.3% of a run). */
#define QUICK_FDS 64

/*
 * One poll(2) over descriptors 3 .. QUICK_FDS-1 (or the soft RLIMIT_NOFILE, if lower) lists
 * the open ones among them: POLLNVAL marks the closed. Reading /proc/self/fd costs a run of
 * xchroot more than all the rest of its own work together. Descriptors at or above the bound
 * count as passed: the kernel gives out the lowest free number, and with at least half of
 * the range free, no descriptor opened later by a tool can land above it. When the range is
 * more than half full, the exact scan is made instead.
 */
static int quick_baseline(void)
{
	struct pollfd pfd[QUICK_FDS - 3];
	struct rlimit rl;
	unsigned int lim = QUICK_FDS, n = QUICK_FDS - 3, open = 0;
	int rc = 0;

	for (unsigned int i = 0; i < n; i++) {
		pfd[i].fd = (int)(i + 3);
		pfd[i].events = 0;
		pfd[i].revents = 0;
	}
	/* poll refuses more entries than the soft RLIMIT_NOFILE: ask for it only then. */
	if (poll(pfd, n, 0) < 0) {
		if (errno != EINVAL || getrlimit(RLIMIT_NOFILE, &rl) < 0 ||
		    rl.rlim_cur >= QUICK_FDS)
			return 1;
		lim = (unsigned int)rl.rlim_cur;
		if (lim <= 3) {
			passed_above = 3;
			return 0;
		}
		n = lim - 3;
		if (poll(pfd, n, 0) < 0)
			return 1;
	}
	for (unsigned int i = 0; i < n; i++)
		open += !(pfd[i].revents & POLLNVAL);
	if (open > n / 2)
		return 1;
	for (unsigned int i = 0; i < n && !rc; i++)
		if (!(pfd[i].revents & POLLNVAL))
			rc = add_passed(pfd[i].fd);
	if (rc)
		return rc;
	passed_above = lim;
	return 0;
}

int ns_fd_baseline(struct ns_error *err)
{
	int rc;

	npassed = 0;
	passed_above = ~0U;
	rc = quick_baseline();
	if (rc > 0) {
		npassed = 0;
		rc = scan_baseline();
	}
	if (rc)
		return nsi_error(err, NS_STEP_EXEC, -rc, "cannot record the inherited descriptors");
	qsort(passed_fds, npassed, sizeof(*passed_fds), cmp_int);
	have_baseline = true;
	return 0;
}

static int cloexec_range(unsigned int lo, unsigned int hi)
{
	if (lo > hi)
		return 0;
	if (syscall(SYS_close_range, lo, hi, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return -errno;
	/* Kernels before 5.11: one descriptor at a time, up to a sane bound. */
	for (unsigned int fd = lo; fd <= hi && fd < 65536; fd++) {
		int flags = fcntl((int)fd, F_GETFD);

		if (flags >= 0 && !(flags & FD_CLOEXEC))
			fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
	}
	return 0;
}

int ns_fd_sweep(struct ns_error *err)
{
	unsigned int lo = 3;
	int rc = 0;

	if (!have_baseline)
		return cloexec_range(3, ~0U) ?
			       nsi_error(err, NS_STEP_EXEC, errno, "cannot sweep descriptors") :
			       0;
	for (size_t i = 0; i < npassed; i++) {
		rc = cloexec_range(lo, (unsigned int)passed_fds[i] - 1);
		if (rc)
			return nsi_error(err, NS_STEP_EXEC, -rc, "cannot sweep descriptors");
		lo = (unsigned int)passed_fds[i] + 1;
	}
	if (passed_above > lo)
		rc = cloexec_range(lo, passed_above - 1);
	if (rc)
		return nsi_error(err, NS_STEP_EXEC, -rc, "cannot sweep descriptors");
	return 0;
}

pid_t nsi_fork(const char *why, const char *where)
{
	pid_t pid, inner = 0;
	int sv[2], saved;
	char ack = 0;

	if (!nsi_tracing())
		return fork();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		nsi_trace(why, "fork()");
		return fork();
	}
	pid = fork();
	if (pid < 0) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		errno = saved;
		return pid;
	}
	if (pid == 0) {
		inner = getpid();
		close(sv[0]);
		if (write(sv[1], &inner, sizeof(inner)) == sizeof(inner))
			while (read(sv[1], &ack, 1) < 0 && errno == EINTR)
				;
		close(sv[1]);
		return 0;
	}
	close(sv[1]);
	while (read(sv[0], &inner, sizeof(inner)) < 0 && errno == EINTR)
		;
	if (inner > 0 && inner != pid)
		nsi_trace(why, "fork() = %d (PID %d in %s)", (int)pid, (int)inner, where);
	else
		nsi_trace(why, "fork() = %d", (int)pid);
	if (write(sv[0], &ack, 1) < 0) {
		/* The child goes on when it reads end of file instead. */
	}
	close(sv[0]);
	return pid;
}

int ns_exec(char *const argv[], struct ns_error *err)
{
	int rc;

	nsi_trace("replace this process with the program; it keeps the namespaces, root and "
		  "credentials set up so far",
		  "execvp(\"%s\")", argv[0]);
	rc = ns_fd_sweep(err);
	if (rc)
		return rc;
	nsi_coverage_flush();
	execvp(argv[0], argv);
	return nsi_error(err, NS_STEP_EXEC, errno, "failed to execute %s", argv[0]);
}

int ns_exec_shell(bool login, const char *extra, struct ns_error *err)
{
	const char *shell = getenv("SHELL");
	char arg0[PATH_MAX + 1];
	char *argv[3];
	int rc;

	if (!shell || !*shell)
		shell = "/bin/sh";
	if (login) {
		const char *base = strrchr(shell, '/');

		arg0[0] = '-';
		strncpy(arg0 + 1, base ? base + 1 : shell, sizeof(arg0) - 2);
		arg0[sizeof(arg0) - 1] = '\0';
	} else {
		strncpy(arg0, shell, sizeof(arg0) - 1);
		arg0[sizeof(arg0) - 1] = '\0';
	}
	argv[0] = arg0;
	argv[1] = (char *)extra;
	argv[2] = NULL;
	nsi_trace("no program given: run the user's shell", "execv(\"%s\") as \"%s\"%s%s", shell,
		  arg0, extra ? " " : "", extra ? extra : "");
	rc = ns_fd_sweep(err);
	if (rc)
		return rc;
	nsi_coverage_flush();
	if (login)
		execv(shell, argv);
	else
		execvp(shell, argv);
	return nsi_error(err, NS_STEP_EXEC, errno, "failed to execute %s", shell);
}

int ns_exec_failure_status(int rc)
{
	return rc == -ENOENT ? 127 : 126;
}

int ns_wait(pid_t pid, int *wstatus, struct ns_error *err)
{
	for (;;) {
		pid_t r = waitpid(pid, wstatus, 0);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return nsi_error(err, NS_STEP_EXEC, errno, "waitpid failed");
	}
}

int ns_pass_status(int wstatus)
{
	sigset_t set;
	int sig;

	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (!WIFSIGNALED(wstatus))
		return EXIT_FAILURE;
	sig = WTERMSIG(wstatus);
	/* Die the way the child died, so that a shell reports "Killed", "Segmentation fault". */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	nsi_coverage_flush(); /* a process killed by a signal writes no counters */
	kill(getpid(), sig);
	return 128 + sig;
}
