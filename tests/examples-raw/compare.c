// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * compare PID_A PID_B with raw system calls, to compare with examples/compare.c (not built by
 * examples/CMakeLists.txt): /proc/<pid>/ns opened, each type's file stat'ed for its identity,
 * unreadable entries told apart from differing ones, the exit status by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const types[] = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts" };

static int open_ns(const char *pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/ns", strcmp(pid, "self") ? pid : "self");
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		fprintf(stderr, "compare: cannot open %s: %s\n", path, strerror(errno));
	return fd;
}

int main(int argc, char **argv)
{
	const char *rel[] = { "shared", "differs", "unreadable" };
	int count[3] = { 0 }, a, b;

	if (argc != 3) {
		fprintf(stderr, "compare: usage: compare PID_A PID_B\n");
		return 2;
	}
	a = open_ns(argv[1]);
	b = a < 0 ? -1 : open_ns(argv[2]);
	if (a < 0 || b < 0)
		return 2;
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		struct stat sa, sb;
		int r;

		if (fstatat(a, types[t], &sa, 0) < 0 || fstatat(b, types[t], &sb, 0) < 0)
			r = 2;
		else
			r = sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino;
		printf("%-7s %s\n", types[t], rel[r]);
		count[r]++;
	}
	return count[1] ? 1 : count[2] == 8 ? 2 : 0;
}
