// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bare_scan_list: the floor for nsdiff --list. Reads what a namespace list must read and
 * nothing more, keeping only a set of the namespaces seen: every process's /proc/<pid>/ns
 * links; for each namespace's first (lowest) PID its owner (stat) and command line. With -H
 * also the sources of the namespaces lsns misses: pid_for_children and time_for_children,
 * each process's descriptors (readlink of /proc/<pid>/fd/N), its threads (the task
 * directory's link count, and each thread's links when there are several), and the mount
 * table of each mount namespace, read once. Benchmark fixture only: libc, no libns.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const types[] = {
	"cgroup",	    "ipc", "mnt", "net", "pid", "time", "user", "uts", "pid_for_children",
	"time_for_children"
};

static uint64_t *set;
static size_t nset, cap = 1 << 16;

/* Adds ino to the set: 1 when it was new. */
static int add(uint64_t ino)
{
	size_t j;

	if (!ino)
		return 0;
	if (nset * 2 >= cap) {
		uint64_t *old = set;
		size_t oc = cap;

		cap *= 2;
		set = calloc(cap, sizeof(*set));
		nset = 0;
		for (size_t i = 0; i < oc; i++)
			if (old[i])
				add(old[i]);
		free(old);
	}
	for (j = (ino * 0x9e3779b97f4a7c15ULL >> 20) & (cap - 1); set[j]; j = (j + 1) & (cap - 1))
		if (set[j] == ino)
			return 0;
	set[j] = ino;
	nset++;
	return 1;
}

static uint64_t link_ino(int dirfd, const char *name)
{
	char buf[64];
	ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf) - 1);
	char *b;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	b = strchr(buf, '[');
	return b && buf[0] != '/' ? strtoull(b + 1, NULL, 10) : 0;
}

static void read_file(int procfd, const char *path)
{
	static char buf[65536];
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

static void hidden(int procfd, const char *pid)
{
	char path[300];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "%s/fd", pid);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && (d = fdopendir(fd))) {
		while ((e = readdir(d)))
			if (isdigit((unsigned char)e->d_name[0]))
				add(link_ino(dirfd(d), e->d_name));
		closedir(d);
	}
	snprintf(path, sizeof(path), "%s/task", pid);
	if (fstatat(procfd, path, &st, 0) < 0 || st.st_nlink <= 3)
		return;
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd)))
		return;
	while ((e = readdir(d))) {
		int nsfd;

		if (!isdigit((unsigned char)e->d_name[0]) || !strcmp(e->d_name, pid))
			continue;
		snprintf(path, sizeof(path), "%s/ns", e->d_name);
		nsfd = openat(dirfd(d), path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		for (size_t i = 0; nsfd >= 0 && i < 10; i++)
			add(link_ino(nsfd, types[i]));
		if (nsfd >= 0)
			close(nsfd);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	int all = argc > 1 && !strcmp(argv[1], "-H"),
	    procfd = open("/proc", O_RDONLY | O_DIRECTORY);
	size_t ntypes = all ? 10 : 8, nprocs = 0;
	DIR *proc = fdopendir(dup(procfd));
	struct dirent *d;

	set = calloc(cap, sizeof(*set));
	if (!proc || !set) {
		perror("bare_scan_list");
		return 1;
	}
	while ((d = readdir(proc))) {
		char path[300];
		int nsfd, leader = 0, newmnt = 0;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/ns", d->d_name);
		nsfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (nsfd < 0)
			continue;
		nprocs++;
		for (size_t i = 0; i < ntypes; i++) {
			int isnew = add(link_ino(nsfd, types[i]));

			leader |= isnew && i < 8;
			newmnt |= isnew && i == 2;
		}
		close(nsfd);
		if (all)
			hidden(procfd, d->d_name);
		if (leader) {
			struct stat st;

			fstatat(procfd, d->d_name, &st, 0);
			snprintf(path, sizeof(path), "%s/cmdline", d->d_name);
			read_file(procfd, path);
		}
		if (all && newmnt) {
			snprintf(path, sizeof(path), "%s/mountinfo", d->d_name);
			read_file(procfd, path);
		}
	}
	closedir(proc);
	printf("%zu processes, %zu namespaces\n", nprocs, nset);
	return 0;
}
