// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The floor for `xunshare -U -r true`: unshare(CLONE_NEWUSER), "deny" to setgroups, the
 * uid and gid maps of root inside, exec true. Only libc.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

int main(void)
{
	char map[64];
	unsigned uid = geteuid(), gid = getegid();

	if (unshare(CLONE_NEWUSER) < 0)
		return 1;
	if (put("/proc/self/setgroups", "deny") < 0)
		return 1;
	snprintf(map, sizeof(map), "0 %u 1\n", uid);
	if (put("/proc/self/uid_map", map) < 0)
		return 1;
	snprintf(map, sizeof(map), "0 %u 1\n", gid);
	if (put("/proc/self/gid_map", map) < 0)
		return 1;
	execlp("true", "true", (char *)NULL);
	return 127;
}
