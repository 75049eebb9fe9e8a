// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The names a UTS namespace holds: the hostname and the NIS domain name. Set in a new UTS
 * namespace they change for its processes only; set without one, for the whole machine.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int ns_hostname_set(const char *name, struct ns_error *err)
{
	size_t len = name ? strlen(name) : 0;

	nsi_trace("the hostname of this UTS namespace: uname -n and hostname(1) show it",
		  "sethostname(\"%s\", %zu)", name ? name : "", len);
	if (sethostname(name ? name : "", len) < 0)
		return nsi_error(err, NS_STEP_HOSTNAME, errno, "cannot set the hostname to '%s'",
				 name ? name : "");
	return 0;
}

int ns_domainname_set(const char *name, struct ns_error *err)
{
	size_t len = name ? strlen(name) : 0;

	nsi_trace("the NIS domain name of this UTS namespace: domainname(1) shows it",
		  "setdomainname(\"%s\", %zu)", name ? name : "", len);
	if (setdomainname(name ? name : "", len) < 0)
		return nsi_error(err, NS_STEP_HOSTNAME, errno, "cannot set the domain name to '%s'",
				 name ? name : "");
	return 0;
}
