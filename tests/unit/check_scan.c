// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lib/scan*.c: the namespace list of the running system (the caller's own namespaces are in
 * it, once each, in inode order, with a process), what holds one, the PID levels of a process,
 * and the container names the runtimes' cgroup paths give.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns.h"
#include "unit.h"

#define H "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

START_TEST(lists_the_callers_namespaces)
{
	struct ns_snapshot self;
	struct ns_error err;
	struct ns_scan *scan = ns_scan_new(NS_ALL_ENTRIES, &err);

	ck_assert_ptr_nonnull(scan);
	ck_assert_int_eq(ns_scan_namespaces(scan, NS_SCAN_PPID | NS_SCAN_RELATIONS, &err), 0);
	ck_assert_int_eq(ns_snapshot_read(0, &self, &err), 0);
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct ns_entry_state *st = &self.entry[ns_type_entry(t)];
		const struct ns_namespace *ns;

		if (st->error)
			continue;
		ns = ns_scan_find(scan, st->id.ino);
		ck_assert_ptr_nonnull(ns);
		ck_assert_int_eq(ns->type, t);
		ck_assert_uint_ge(ns->nprocs, 1);
		ck_assert_int_gt(ns->pid, 0);
		ck_assert_int_le(ns->pid, getpid());
		ck_assert_int_eq(ns->holder, NS_HOLDER_PROCESS);
	}
	for (size_t i = 1; i < ns_scan_nnamespaces(scan); i++)
		ck_assert_uint_lt(ns_scan_namespace(scan, i - 1)->ino,
				  ns_scan_namespace(scan, i)->ino);
	ck_assert_ptr_null(ns_scan_namespace(scan, ns_scan_nnamespaces(scan)));
	ck_assert_ptr_null(ns_scan_find(scan, 1));
	ns_scan_free(scan);
}
END_TEST

START_TEST(holders_as_people_say_them)
{
	struct ns_namespace ns = {
		.type = NS_NET, .holder = NS_HOLDER_FD, .holder_pid = 812, .holder_num = 5
	};
	char buf[128];

	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)), "fd 5 of PID 812");
	ns.holder = NS_HOLDER_MOUNT;
	ns.holder_pid = 77;
	ns.holder_path = "/run/netns/a";
	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)),
			 "bind mount /run/netns/a in the mount ns of PID 77");
	ns.holder = NS_HOLDER_THREAD;
	ns.holder_num = 130;
	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)), "thread 130 of PID 77");
	ns.type = NS_TIME;
	ns.holder = NS_HOLDER_CHILDREN;
	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)), "time_for_children of PID 77");
	ns.holder = NS_HOLDER_PARENT;
	ns.holder_num = 4026532290ULL;
	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)), "parent of 4026532290");
	ns.holder = NS_HOLDER_PROCESS;
	ck_assert_str_eq(ns_namespace_holder(&ns, buf, sizeof(buf)), "");
}
END_TEST

START_TEST(pid_levels_of_self)
{
	struct ns_pid_level lv[8];
	struct ns_error err;
	int n = ns_pids_read(getpid(), lv, 8, &err);

	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(lv[0].pid, getpid());
	ck_assert_int_eq(ns_pids_read(getpid(), lv, 0, &err), -ERANGE);
	ck_assert_int_eq(ns_pids_read(999999999, lv, 8, &err), -ESRCH);
	ck_assert_int_eq(err.step, NS_STEP_OPEN);
}
END_TEST

START_TEST(opens_and_asks_a_namespace)
{
	struct ns_snapshot self;
	struct ns_error err;
	struct ns_scan *scan = ns_scan_new(ns_type_entries(NS_NET), &err);
	const struct ns_namespace *ns;
	int fd, id = -2;

	ck_assert_int_eq(ns_scan_namespaces(scan, 0, &err), 0);
	ck_assert_int_eq(ns_snapshot_read(0, &self, &err), 0);
	ns = ns_scan_find(scan, self.entry[ns_type_entry(NS_NET)].id.ino);
	ck_assert_ptr_nonnull(ns);
	fd = ns_namespace_open(ns, &err);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* The caller's own network namespace: an ID, or none assigned (-1). */
	ck_assert_int_eq(ns_namespace_netnsid(ns, &id, &err), 0);
	ck_assert_int_ge(id, -1);
	ns_scan_free(scan);
	{
		struct ns_namespace uts = { .type = NS_UTS, .holder = NS_HOLDER_OWNER, .ino = 5 };

		ck_assert_int_eq(ns_namespace_netnsid(&uts, &id, &err), -EINVAL);
		ck_assert_int_eq(ns_namespace_open(&uts, &err), -ENOENT);
	}
}
END_TEST

static const char *parsed(const char *text)
{
	static char buf[400];
	struct ns_container c;

	if (ns_container_parse(text, &c) != 1)
		return "-";
	return ns_container_format(&c, buf, sizeof(buf));
}

START_TEST(containers_by_cgroup_path)
{
	ck_assert_str_eq(parsed("12:pids:/docker/" H "\n0::/\n"), "docker 0123456789ab");
	ck_assert_str_eq(parsed("0::/system.slice/docker-" H ".scope"), "docker 0123456789ab");
	ck_assert_str_eq(parsed("0::/kubepods.slice/kubepods-burstable.slice/"
				"kubepods-burstable-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice/"
				"cri-containerd-" H ".scope"),
			 "pod 1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901 containerd 0123456789ab");
	ck_assert_str_eq(parsed("/kubepods/besteffort/pod1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901/" H),
			 "pod 1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901 kubernetes 0123456789ab");
	ck_assert_str_eq(parsed("/kubepods/pod1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"),
			 "pod 1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901");
	ck_assert_str_eq(parsed("0::/machine.slice/libpod-" H ".scope/container"),
			 "podman 0123456789ab");
	ck_assert_str_eq(parsed("0::/machine.slice/crio-" H ".scope"), "cri-o 0123456789ab");
	ck_assert_str_eq(parsed("0::/machine.slice/machine-web\\x2d1.scope/payload"),
			 "systemd-nspawn web-1");
	ck_assert_str_eq(parsed("5:pids:/lxc/c1"), "lxc c1");
	ck_assert_str_eq(parsed("0::/lxc.payload.c1/init.scope"), "lxc c1");
	ck_assert_str_eq(parsed("4:memory:/process_api/45aab101a218b1e174783258810ad699\n0::/"),
			 "-");
	ck_assert_str_eq(parsed("0::/user.slice/docker-short.scope"), "-");
	ck_assert_str_eq(parsed(""), "-");
	ck_assert_int_eq(ns_container_parse(NULL, NULL), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("scan");

	tcase_add_test(tc, lists_the_callers_namespaces);
	tcase_add_test(tc, holders_as_people_say_them);
	tcase_add_test(tc, pid_levels_of_self);
	tcase_add_test(tc, opens_and_asks_a_namespace);
	tcase_add_test(tc, containers_by_cgroup_path);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
