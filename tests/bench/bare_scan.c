// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bare_scan: the floor for a scan of every process's namespaces. Reads the /proc directory
 * and readlink()s each /proc/<pid>/ns/<entry>, keeping nothing: no grouping, no output but
 * a count. nsdiff --all is measured against it (scripts/bench.d/nsdiff).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

static const char *const entries[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
	"user",	  "uts"
};

int main(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	long nprocs = 0, nlinks = 0;

	if (!proc) {
		perror("bare_scan: /proc");
		return 1;
	}
	while ((d = readdir(proc))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		nprocs++;
		for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
			char path[320], link[64];

			snprintf(path, sizeof(path), "/proc/%s/ns/%s", d->d_name, entries[i]);
			if (readlink(path, link, sizeof(link)) > 0)
				nlinks++;
		}
	}
	closedir(proc);
	printf("%ld processes, %ld links\n", nprocs, nlinks);
	return 0;
}
