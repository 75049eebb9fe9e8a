// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one table of namespace types (DESIGN.md rule 2). Option parsing, nsdiff's rows,
 * --explain and the help texts all derive from it: a ninth type would be one row here.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct ns_type_info types[NS_NTYPES] = {
	{ NS_CGROUP, "cgroup", "cgroup", 'C', CLONE_NEWCGROUP, "CLONE_NEWCGROUP", NULL,
	  "its own cgroup root: /proc/self/cgroup shows its cgroup as /" },
	{ NS_IPC, "ipc", "ipc", 'i', CLONE_NEWIPC, "CLONE_NEWIPC", NULL,
	  "its own System V IPC objects and POSIX message queues" },
	{ NS_MNT, "mnt", "mount", 'm', CLONE_NEWNS, "CLONE_NEWNS", NULL,
	  "its own mount table: what it mounts is not seen outside" },
	{ NS_NET, "net", "net", 'n', CLONE_NEWNET, "CLONE_NEWNET", NULL,
	  "its own network devices, addresses, routes and ports: only lo, and it is down" },
	{ NS_PID, "pid", "pid", 'p', CLONE_NEWPID, "CLONE_NEWPID", "pid_for_children",
	  "its own process numbers: the first process in it is PID 1" },
	{ NS_TIME, "time", "time", 'T', CLONE_NEWTIME, "CLONE_NEWTIME", "time_for_children",
	  "its own offsets of the monotonic and boot-time clocks" },
	{ NS_USER, "user", "user", 'U', CLONE_NEWUSER, "CLONE_NEWUSER", NULL,
	  "its own user and group IDs and capabilities: root inside, anybody outside" },
	{ NS_UTS, "uts", "uts", 'u', CLONE_NEWUTS, "CLONE_NEWUTS", NULL,
	  "its own hostname and NIS domain name" },
};

static const struct ns_entry_info entries[NS_NENTRIES] = {
	{ "cgroup", NS_CGROUP, false }, { "ipc", NS_IPC, false },
	{ "mnt", NS_MNT, false },	{ "net", NS_NET, false },
	{ "pid", NS_PID, false },	{ "pid_for_children", NS_PID, true },
	{ "time", NS_TIME, false },	{ "time_for_children", NS_TIME, true },
	{ "user", NS_USER, false },	{ "uts", NS_UTS, false },
};

const struct ns_type_info *ns_type_info(enum ns_type type)
{
	if ((unsigned)type >= NS_NTYPES)
		return NULL;
	return &types[type];
}

const struct ns_type_info *ns_type_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NS_NTYPES; i++)
		if (!strcmp(name, types[i].name) || !strcmp(name, types[i].option))
			return &types[i];
	return NULL;
}

const struct ns_type_info *ns_type_by_flag(int flag)
{
	for (size_t i = 0; i < NS_NTYPES; i++)
		if (types[i].flag == flag)
			return &types[i];
	return NULL;
}

const char *ns_flags_name(int flags, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < NS_NTYPES && size; i++) {
		int n;

		if (!(flags & types[i].flag))
			continue;
		flags &= ~types[i].flag;
		n = snprintf(buf + len, size - len, "%s%s", len ? "|" : "", types[i].clone_name);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0'; /* keep whole names only */
			return buf;
		}
		len += n;
	}
	if (flags && size && len < size)
		snprintf(buf + len, size - len, "%s%#x", len ? "|" : "", (unsigned)flags);
	else if (!len && size > 1)
		snprintf(buf, size, "0");
	return buf;
}

const struct ns_entry_info *ns_entry_info(size_t i)
{
	return i < NS_NENTRIES ? &entries[i] : NULL;
}

int ns_entry_lookup(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (!strcmp(name, entries[i].name))
			return (int)i;
	return -1;
}

unsigned ns_type_entries(enum ns_type type)
{
	unsigned mask = 0;

	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (entries[i].type == type)
			mask |= 1u << i;
	return mask;
}

int ns_type_entry(enum ns_type type)
{
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (entries[i].type == type && !entries[i].for_children)
			return (int)i;
	return -1;
}

int ns_entry_type(size_t entry)
{
	return entry < NS_NENTRIES ? (int)entries[entry].type : -1;
}
