// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The floor for `xchroot NEWROOT COMMAND...`: bare_chroot NEWROOT COMMAND [ARG]... makes the
 * same three system calls and nothing else, linked only to libc: chroot(NEWROOT), chdir("/"),
 * execvp(COMMAND).
 */
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 125;
	if (chroot(argv[1]) < 0 || chdir("/") < 0)
		return 125;
	execvp(argv[2], argv + 2);
	return 127;
}
