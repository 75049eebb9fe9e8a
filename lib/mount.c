// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mounts a new namespace needs, each one mount(2) (DESIGN.md rule 5): a fresh /proc, the
 * propagation of /, binfmt_misc, and the bind mounts that keep a namespace alive.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "internal.h"

int ns_proc_mount(const char *dir, struct ns_error *err)
{
	nsi_trace("a /proc of the new PID namespace: ps and /proc/self show its processes, not the "
		  "host's",
		  "mount(\"proc\", \"%s\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC)", dir);
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return nsi_error(err, NS_STEP_MOUNT, errno, "mount %s failed", dir);
	return 0;
}

int ns_binfmt_mount(const char *dir, struct ns_error *err)
{
	nsi_trace("a binfmt_misc of this namespace: which interpreters run which file formats",
		  "mount(\"binfmt_misc\", \"%s\", \"binfmt_misc\", MS_NOSUID|MS_NODEV|MS_NOEXEC)",
		  dir);
	if (mount("binfmt_misc", dir, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return nsi_error(err, NS_STEP_MOUNT, errno, "mount %s failed", dir);
	return 0;
}

int ns_binfmt_register(const char *dir, const char *rule, struct ns_error *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/register", dir);
	nsi_trace("register an interpreter with binfmt_misc", "write(\"%s\", \"%s\")", path, rule);
	return nsi_write_file(path, rule, strlen(rule), err, NS_STEP_MOUNT,
			      "cannot register interpreter '%s'", rule);
}

static const struct {
	unsigned long flags;
	const char *shown;
} propagations[] = {
	{ MS_REC | MS_SLAVE, "MS_REC|MS_SLAVE" },
	{ MS_REC | MS_SHARED, "MS_REC|MS_SHARED" },
	{ MS_REC | MS_PRIVATE, "MS_REC|MS_PRIVATE" },
	{ 0, "0" },
};

static const char *flags_shown(unsigned long flags, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(propagations) / sizeof(propagations[0]); i++)
		if (propagations[i].flags == flags)
			return propagations[i].shown;
	snprintf(buf, size, "%#lx", flags);
	return buf;
}

int ns_propagation_set(const char *dir, unsigned long flags, struct ns_error *err)
{
	char buf[32];

	nsi_trace("mounts and unmounts below stay in this namespace (private), or are received "
		  "from (slave) or also shared with (shared) the parent namespace",
		  "mount(\"none\", \"%s\", NULL, %s)", dir, flags_shown(flags, buf, sizeof(buf)));
	if (mount("none", dir, NULL, flags, NULL) < 0)
		return nsi_error(err, NS_STEP_PROPAGATION, errno,
				 "cannot change %s filesystem propagation", dir);
	return 0;
}

int ns_nsfile_bind(pid_t pid, const char *entry, const char *file, struct ns_error *err)
{
	char src[64];

	snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int)pid, entry);
	/* The mount point must exist already: util-linux creates nothing either. */
	nsi_trace("keep the namespace alive after its last process: nsenter can join it through "
		  "this file until it is unmounted",
		  "mount(\"%s\", \"%s\", NULL, MS_BIND)", src, file);
	if (mount(src, file, NULL, MS_BIND, NULL) < 0)
		return nsi_error(err, NS_STEP_BIND, errno, "mount %s on %s failed", src, file);
	return 0;
}
