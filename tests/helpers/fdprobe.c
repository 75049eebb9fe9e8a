// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fdprobe: prints the descriptors open in this process ("0 1 2"), found with fcntl(F_GETFD)
 * so that looking opens nothing. Static, so it runs inside a bare new root too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl;
	int max = 4096, first = 1;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536)
		max = (int)rl.rlim_cur;
	for (int fd = 0; fd < max; fd++) {
		if (fcntl(fd, F_GETFD) < 0)
			continue;
		printf(first ? "%d" : " %d", fd);
		first = 0;
	}
	printf("\n");
	return 0;
}
