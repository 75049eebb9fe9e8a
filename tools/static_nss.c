// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Only in a static build (LIBNS_STATIC_TOOLS): the tools are linked with --wrap for the
 * user and group lookups, which land here. A static program cannot load the other services
 * of the host's /etc/nsswitch.conf (systemd, sss, ldap): glibc would dlopen them with a
 * second libc, and the host's libnss_systemd crashes there. So the first lookup limits
 * passwd, group and initgroups to glibc's built-in files service (/etc/passwd, /etc/group),
 * as in a container without nsswitch.conf; a run that looks nothing up pays nothing.
 */
#include <grp.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>

struct passwd *__real_getpwnam(const char *name);
struct passwd *__real_getpwuid(uid_t uid);
struct group *__real_getgrnam(const char *name);
struct group *__real_getgrgid(gid_t gid);
int __real_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);
int __real_getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
		      struct passwd **result);
int __real_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result);
int __real_getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
		      struct group **result);
int __real_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result);

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void files_only(void)
{
	__nss_configure_lookup("passwd", "files");
	__nss_configure_lookup("group", "files");
	__nss_configure_lookup("initgroups", "files");
}

#define FILES_ONLY() pthread_once(&once, files_only)

struct passwd *__wrap_getpwnam(const char *name)
{
	FILES_ONLY();
	return __real_getpwnam(name);
}

struct passwd *__wrap_getpwuid(uid_t uid)
{
	FILES_ONLY();
	return __real_getpwuid(uid);
}

struct group *__wrap_getgrnam(const char *name)
{
	FILES_ONLY();
	return __real_getgrnam(name);
}

struct group *__wrap_getgrgid(gid_t gid)
{
	FILES_ONLY();
	return __real_getgrgid(gid);
}

int __wrap_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	FILES_ONLY();
	return __real_getgrouplist(user, group, groups, ngroups);
}

int __wrap_getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
		      struct passwd **result)
{
	FILES_ONLY();
	return __real_getpwnam_r(name, pw, buf, size, result);
}

int __wrap_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
	FILES_ONLY();
	return __real_getpwuid_r(uid, pw, buf, size, result);
}

int __wrap_getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
		      struct group **result)
{
	FILES_ONLY();
	return __real_getgrnam_r(name, gr, buf, size, result);
}

int __wrap_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
	FILES_ONLY();
	return __real_getgrgid_r(gid, gr, buf, size, result);
}
