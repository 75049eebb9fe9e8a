// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The names a UTS namespace holds: the hostname and the NIS domain name. Set in a new UTS
 * namespace they change for its processes only; set without one, for the whole machine.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct uts_name {
	const char *call; /* "sethostname" */
	const char *what; /* "hostname" */
	const char *why;
	int (*set)(const char *, size_t);
};

static int set_name(const struct uts_name *n, const char *name, struct ns_error *err)
{
	const char *s = name ? name : "";
	size_t len = strlen(s);

	nsi_trace(n->why, "%s(\"%s\", %zu)", n->call, s, len);
	if (n->set(s, len) < 0)
		return nsi_error(err, NS_STEP_HOSTNAME, errno, "cannot set the %s to '%s'", n->what,
				 s);
	return 0;
}

int ns_hostname_set(const char *name, struct ns_error *err)
{
	static const struct uts_name host = {
		"sethostname", "hostname",
		"the hostname of this UTS namespace: uname -n and hostname(1) show it", sethostname
	};

	return set_name(&host, name, err);
}

int ns_domainname_set(const char *name, struct ns_error *err)
{
	static const struct uts_name domain = {
		"setdomainname", "domain name",
		"the NIS domain name of this UTS namespace: domainname(1) shows it", setdomainname
	};

	return set_name(&domain, name, err);
}
