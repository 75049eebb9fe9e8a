// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A network namespace's ID as the caller's network namespace knows it (lsns's NETNSID): the
 * kernel answers RTM_GETNSID on a routing netlink socket, given a descriptor of the
 * namespace. And a descriptor of any namespace the scan found, by the way it found it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "scan.h"

int ns_namespace_open(const struct ns_namespace *ns, struct ns_error *err)
{
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (procfd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open /proc");
	fd = nsi_open_ns(procfd, ns);
	close(procfd);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, ns->holder >= NS_HOLDER_PARENT ? ENOENT : errno,
				 "cannot open namespace %llu", (unsigned long long)ns->ino);
	return fd;
}

static int ask(int sock, int nsfd)
{
	unsigned char req[NLMSG_SPACE(sizeof(struct rtgenmsg)) + RTA_SPACE(sizeof(int32_t))];
	struct nlmsghdr *nh = (struct nlmsghdr *)req;
	struct rtattr *rta = (struct rtattr *)(req + NLMSG_SPACE(sizeof(struct rtgenmsg)));
	int32_t fd = nsfd;

	memset(req, 0, sizeof(req));
	nh->nlmsg_len = sizeof(req);
	nh->nlmsg_type = RTM_GETNSID;
	nh->nlmsg_flags = NLM_F_REQUEST;
	((struct rtgenmsg *)NLMSG_DATA(nh))->rtgen_family = AF_UNSPEC;
	rta->rta_type = NETNSA_FD;
	rta->rta_len = RTA_LENGTH(sizeof(int32_t));
	memcpy(RTA_DATA(rta), &fd, sizeof(fd));
	return send(sock, req, sizeof(req), 0) < 0 ? -errno : 0;
}

static int answer(int sock, int *nsid)
{
	unsigned char res[512];
	struct nlmsghdr *nh = (struct nlmsghdr *)res;
	ssize_t n = recv(sock, res, sizeof(res), 0);
	struct rtattr *rta;
	int len;

	if (n < 0)
		return -errno;
	if (!NLMSG_OK(nh, (size_t)n) || nh->nlmsg_type != RTM_NEWNSID)
		return -EPROTO;
	len = (int)NLMSG_PAYLOAD(nh, sizeof(struct rtgenmsg));
	rta = (struct rtattr *)(res + NLMSG_SPACE(sizeof(struct rtgenmsg)));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == NETNSA_NSID) {
			memcpy(nsid, RTA_DATA(rta), sizeof(*nsid));
			return 0;
		}
	return -EPROTO;
}

int ns_namespace_netnsid(const struct ns_namespace *ns, int *nsid, struct ns_error *err)
{
	int fd, sock, rc;

	if (ns->type != NS_NET)
		return nsi_error(err, NS_STEP_READ, EINVAL, "%llu is not a network namespace",
				 (unsigned long long)ns->ino);
	fd = ns_namespace_open(ns, err);
	if (fd < 0)
		return fd;
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sock < 0) {
		rc = nsi_error(err, NS_STEP_READ, errno, "cannot open a netlink socket");
		close(fd);
		return rc;
	}
	rc = ask(sock, fd);
	if (rc == 0)
		rc = answer(sock, nsid);
	close(sock);
	close(fd);
	if (rc < 0)
		return nsi_error(err, NS_STEP_READ, -rc,
				 "cannot read the ID of network namespace %llu",
				 (unsigned long long)ns->ino);
	return 0;
}
