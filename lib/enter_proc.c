// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What else ns_enter_open() takes from the target: its cgroup.procs (--join-cgroup), the
 * parent of a user namespace (--user-parent), the network namespace of one of its sockets
 * (-N); and the parsers of the /proc text it reads (cgroup, environ).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enter.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int nsi_read_all(int fd, char **out, size_t *len)
{
	size_t size = 4096, n = 0;
	char *buf = malloc(size + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r = read(fd, buf + n, size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == size) {
			char *p = realloc(buf, size * 2 + 1);

			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
			size *= 2;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* --join-cgroup: the target's cgroup.procs, opened now, written after entering. */
int nsi_enter_open_cgroup(struct ns_enter *e, struct ns_error *err)
{
	char buf[64], *text, path[PATH_MAX], *procs;
	struct statfs sfs;
	size_t len;
	int fd, rc;

	if (statfs("/sys/fs/cgroup", &sfs) < 0)
		return nsi_error(err, NS_STEP_SETNS, errno, "statfs /sys/fs/cgroup failed");
	if (sfs.f_type != CGROUP2_SUPER_MAGIC)
		return nsi_error(err, NS_STEP_SETNS, 0,
				 "--join-cgroup is only supported in cgroup v2");
	fd = nsi_enter_open_target(e, "cgroup", NULL, buf, sizeof(buf), 0, NULL, err);
	if (fd < 0)
		return fd;
	rc = nsi_read_all(fd, &text, &len);
	close(fd);
	if (rc)
		return nsi_error(err, NS_STEP_SETNS, -rc, "failed to get cgroup path");
	rc = ns_cgroup2_path_parse(text, path, sizeof(path));
	free(text);
	if (rc || asprintf(&procs, "/sys/fs/cgroup%s/cgroup.procs", path) < 0)
		return nsi_error(err, NS_STEP_SETNS, 0, "failed to get cgroup path");
	fd = open(procs, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		rc = nsi_error(err, NS_STEP_OPEN, errno, "failed to open %s", procs);
		free(procs);
		return rc;
	}
	free(procs);
	e->cgroup_fd = fd;
	return 0;
}

/* --user-parent: the user namespace above the one that would be entered. */
int nsi_enter_open_user_parent(struct ns_enter *e, struct ns_error *err)
{
	int src = e->ns_fd[NS_USER], own = -1, parent;
	const char *from = NULL;
	char from_name[64];

	/* With -U, its parent; else the owner of any other namespace to enter. */
	if (src >= 0)
		from = nsi_enter_ns_name(e, NS_USER);
	for (int i = 0; i < NS_NTYPES && src < 0; i++)
		if (e->ns_fd[nsi_enter_order[i]] >= 0) {
			src = e->ns_fd[nsi_enter_order[i]];
			from = nsi_enter_ns_name(e, nsi_enter_order[i]);
		}
	if (src < 0) {
		own = nsi_enter_open_target(e, "ns/user", NULL, e->ns_path[NS_USER],
					    sizeof(e->ns_path[NS_USER]), 0, NULL, err);
		if (own < 0)
			return own;
		src = own;
		from = e->ns_path[NS_USER];
	}
	parent = ioctl(src, NS_GET_USERNS);
	if (parent < 0) {
		int rc = nsi_error(err, NS_STEP_OPEN, errno, "failed to open parent namespace");

		nsi_close_fd(&own);
		return rc;
	}
	nsi_close_fd(&own);
	snprintf(from_name, sizeof(from_name), "%s", from);
	snprintf(e->ns_path[NS_USER], sizeof(e->ns_path[NS_USER]), "ioctl(%.40s, NS_GET_USERNS)",
		 from_name);
	nsi_close_fd(&e->ns_fd[NS_USER]);
	e->ns_file[NS_USER] = NULL;
	e->ns_fd[NS_USER] = parent;
	e->wanted |= CLONE_NEWUSER;
	return 0;
}

/* -N: the network namespace of one of the target's sockets (Linux 5.6: pidfd_getfd). */
int nsi_enter_open_socket_net(struct ns_enter *e, struct ns_error *err)
{
	const struct ns_enter_opts *o = e->opts;
	int sk, nsfd, rc;

	if (e->gone)
		return nsi_error(err, NS_STEP_OPEN, ESRCH, "pidfd_open(%d) failed", (int)e->target);
	if (e->pidfd < 0) {
		e->pidfd = ns_pidfd_open(e->target, 0, err);
		if (e->pidfd < 0)
			return e->pidfd;
	}
	sk = (int)syscall(SYS_pidfd_getfd, e->pidfd, o->net_socket, 0);
	if (sk < 0)
		return nsi_error(err, NS_STEP_SETNS, errno,
				 "cannot get descriptor %d of process %d", o->net_socket,
				 (int)e->target);
	nsfd = ioctl(sk, SIOCGSKNS);
	if (nsfd < 0) {
		rc = nsi_error(err, NS_STEP_SETNS, errno,
			       "ioctl(SIOCGSKNS) on descriptor %d of process %d failed",
			       o->net_socket, (int)e->target);
		close(sk);
		return rc;
	}
	close(sk);
	nsi_close_fd(&e->ns_fd[NS_NET]);
	e->ns_file[NS_NET] = NULL;
	snprintf(e->ns_path[NS_NET], sizeof(e->ns_path[NS_NET]), "socket %d of %d", o->net_socket,
		 (int)e->target);
	e->ns_fd[NS_NET] = nsfd;
	e->wanted |= CLONE_NEWNET;
	return 0;
}

int ns_cgroup2_path_parse(const char *text, char *path, size_t size)
{
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");

		if (len >= 3 && !strncmp(line, "0::", 3)) {
			if (len - 3 >= size)
				return -ENAMETOOLONG;
			memcpy(path, line + 3, len - 3);
			path[len - 3] = '\0';
			return 0;
		}
		line += len;
		if (*line)
			line++;
	}
	return -ENOENT;
}

int ns_environ_parse(char *buf, size_t len, ns_environ_fn fn, void *data)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *next = memchr(p, '\0', (size_t)(end - p));
		char *eq;
		int rc;

		next = next ? next + 1 : end;
		eq = memchr(p, '=', (size_t)(next - p));
		if (eq && eq != p) {
			*eq = '\0';
			rc = fn(p, eq + 1, data);
			if (rc)
				return rc;
		}
		p = next;
	}
	return 0;
}
