// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One process, many PIDs: its number in every PID namespace from the one /proc shows down to
 * its own (the NSpid line of /proc/<pid>/status), each level with its namespace, found by
 * walking up from the process's own with ioctl(NS_GET_PARENT).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The NSpid numbers of pid into v (at most max): their count, or -errno. */
static int read_nspid(pid_t pid, pid_t *v, size_t max, struct ns_error *err)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd, count = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno == ENOENT ? ESRCH : errno,
				 "cannot open %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return nsi_error(err, NS_STEP_READ, errno, "cannot read %s", path);
	buf[n] = '\0';
	p = strstr(buf, "\nNSpid:");
	if (!p)
		return nsi_error(err, NS_STEP_READ, ENOTSUP, "no NSpid line in %s", path);
	for (p += 7; *p && *p != '\n' && (size_t)count < max;) {
		char *end;
		long v1 = strtol(p, &end, 10);

		if (end == p)
			break;
		v[count++] = (pid_t)v1;
		p = end;
	}
	return count ? count : nsi_error(err, NS_STEP_PARSE, EPROTO, "no PID in %s", path);
}

int ns_pids_read(pid_t pid, struct ns_pid_level *levels, size_t max, struct ns_error *err)
{
	pid_t v[64];
	char path[64];
	int n, fd;

	nsi_trace("a process has a PID in its own PID namespace and in every ancestor: the kernel "
		  "lists them from the one /proc belongs to down",
		  "read /proc/%d/status (NSpid), open /proc/%d/ns/pid, then ioctl(NS_GET_PARENT) "
		  "level by level",
		  (int)pid, (int)pid);
	n = read_nspid(pid, v, sizeof(v) / sizeof(v[0]), err);
	if (n < 0)
		return n;
	if ((size_t)n > max)
		return nsi_error(err, NS_STEP_READ, ERANGE, "process %d has %d PID levels",
				 (int)pid, n);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	/* The deepest level is the process's own namespace; each one up is its parent. */
	for (int i = n - 1; i >= 0; i--) {
		struct stat st;
		int up;

		levels[i].pid = v[i];
		levels[i].ino = fstat(fd, &st) == 0 ? st.st_ino : 0;
		up = i ? ioctl(fd, NS_GET_PARENT) : -1;
		close(fd);
		fd = up;
		if (i && fd < 0) {
			for (int j = i - 1; j >= 0; j--)
				levels[j] = (struct ns_pid_level){ v[j], 0 };
			break;
		}
	}
	if (fd >= 0)
		close(fd);
	return n;
}
