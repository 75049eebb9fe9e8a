// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Keeping capabilities across execve(): a program run as a non-root user inside a user
 * namespace keeps the capabilities it has there only through the ambient set.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

int ns_caps_keep(struct ns_error *err)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	uint64_t permitted;

	nsi_trace("copy the permitted capabilities into the inheritable and ambient sets, so that "
		  "the program keeps them after execve()",
		  "capset(inheritable = permitted); prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, "
		  "each)");
	if (syscall(SYS_capget, &hdr, data) < 0)
		return nsi_error(err, NS_STEP_CAPS, errno, "capget failed");
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return nsi_error(err, NS_STEP_CAPS, errno, "capset failed");
	permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	/* The bounding set's PR_CAPBSET_READ fails past the kernel's last capability. */
	for (int cap = 0; cap < 64 && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
		if (!(permitted & (1ULL << cap)))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return nsi_error(err, NS_STEP_CAPS, errno, "prctl(PR_CAP_AMBIENT) failed");
	}
	return 0;
}
