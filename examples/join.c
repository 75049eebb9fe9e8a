// SPDX-License-Identifier: LGPL-2.1-or-later
/* join PID TYPE PROGRAM [ARG...]: run PROGRAM in one namespace (net, uts, mnt, ...) of PID. */
#include <libns.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const struct ns_type_info *ti = argc > 3 ? ns_type_lookup(argv[2]) : NULL;
	struct ns_enter_opts o;
	struct ns_enter *e;
	struct ns_error err;
	char msg[NS_ERROR_MAX + 128];
	int status, rc;

	if (!ti) {
		fprintf(stderr, "usage: join PID TYPE PROGRAM [ARG...]\n");
		return 2;
	}
	ns_enter_opts_init(&o);
	o.target = atoi(argv[1]);
	o.ns[ti->type] = true;
	e = ns_enter_open(&o, &err); /* a PID that does not exist: ESRCH, "No such process" */
	if (e && ns_enter_join(e, &err) == 0 && (rc = ns_enter_fork(e, &status, &err)) >= 0) {
		ns_enter_close(e);
		if (rc > 0) /* a PID namespace: the program ran in a child; _exit, as */
			_exit(status); /* nothing may fork into that namespace now */
		ns_exec(argv + 3, &err);
	}
	fprintf(stderr, "join: %s\n", ns_error_format(&err, msg, sizeof(msg)));
	return 1;
}
