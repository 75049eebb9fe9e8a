// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User and group ID maps of a user namespace: parsing the forms util-linux accepts, the
 * subordinate IDs of /etc/subuid and /etc/subgid, and writing uid_map, gid_map and setgroups,
 * directly or through the setuid helpers newuidmap/newgidmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* Strict decimal up to UINT32_MAX - 1 ((uid_t)-1 means "no ID" to the kernel). */
static int parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (!len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v >= UINT32_MAX)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}

int ns_idmap_parse_range(const char *s, struct ns_idmap_range *range, struct ns_error *err)
{
	uint32_t v[3];
	const char *p = s;
	char sep;
	int n = 0, rc;

	if (!s)
		return nsi_error(err, NS_STEP_PARSE, 0, "could not parse ID: ''");
	/* util-linux 2.39 turned OUTER,INNER,COUNT into INNER:OUTER:COUNT; both are accepted. */
	sep = strchr(s, ':') ? ':' : ',';
	for (;;) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (n == 3)
			return nsi_error(err, NS_STEP_PARSE, 0,
					 "mapping '%s' contains more than 3 elements", s);
		rc = parse_u32(p, len, &v[n]);
		if (rc)
			return nsi_error(err, NS_STEP_PARSE, rc == -ERANGE ? ERANGE : 0,
					 "could not parse ID: '%.*s'", (int)len, p);
		n++;
		if (!end)
			break;
		p = end + 1;
	}
	if (n < 3)
		return nsi_error(err, NS_STEP_PARSE, 0, "mapping '%s' contains only %d elements", s,
				 n);
	if (sep == ':') {
		range->inner = v[0];
		range->outer = v[1];
	} else {
		range->outer = v[0];
		range->inner = v[1];
	}
	range->count = v[2];
	if (!range->count)
		return nsi_error(err, NS_STEP_PARSE, 0, "mapping '%s' has a count of 0", s);
	if ((uint64_t)range->inner + range->count > UINT32_MAX ||
	    (uint64_t)range->outer + range->count > UINT32_MAX)
		return nsi_error(err, NS_STEP_PARSE, 0, "mapping '%s' goes beyond the last ID", s);
	return 0;
}

int ns_idmap_add(struct ns_idmap *map, uint32_t inner, uint32_t outer, uint32_t count,
		 struct ns_error *err)
{
	if (map->n >= NS_IDMAP_MAX)
		return nsi_error(err, NS_STEP_IDMAP, E2BIG, "too many ID mappings");
	map->range[map->n].inner = inner;
	map->range[map->n].outer = outer;
	map->range[map->n].count = count;
	map->n++;
	return 0;
}

/* The k-th ID of a range start.. that leaves out the ID skip. */
static uint32_t id_skipping(uint32_t start, uint32_t skip, uint64_t k)
{
	return (uint32_t)(start + k + (skip >= start && start + k >= skip));
}

int ns_idmap_add_except(struct ns_idmap *map, const struct ns_idmap_range *range, uint32_t inner,
			uint32_t outer, struct ns_error *err)
{
	uint64_t n = range->count, cut[4], k;
	size_t ncut = 0;
	int rc;

	/* One ID fewer when the single mapping's IDs fall in the range (the end counts, as in
	 * util-linux), then each side skips its single ID. */
	if (((uint64_t)inner - range->inner <= n && inner >= range->inner) ||
	    ((uint64_t)outer - range->outer <= n && outer >= range->outer))
		n--;
	cut[ncut++] = 0;
	if (inner > range->inner && inner - range->inner < n)
		cut[ncut++] = inner - range->inner;
	if (outer > range->outer && outer - range->outer < n)
		cut[ncut++] = outer - range->outer;
	if (ncut == 3 && cut[1] > cut[2]) {
		k = cut[1];
		cut[1] = cut[2];
		cut[2] = k;
	}
	cut[ncut++] = n;
	for (size_t i = 0; i + 1 < ncut; i++) {
		if (cut[i + 1] <= cut[i])
			continue;
		rc = ns_idmap_add(map, id_skipping(range->inner, inner, cut[i]),
				  id_skipping(range->outer, outer, cut[i]),
				  (uint32_t)(cut[i + 1] - cut[i]), err);
		if (rc)
			return rc;
	}
	return 0;
}

int ns_subid_lookup(const char *path, uid_t uid, const char *name, struct ns_idmap_range *range,
		    struct ns_error *err)
{
	char *line = NULL, num[16];
	size_t cap = 0;
	FILE *f;

	if (!name) {
		struct passwd *pw = getpwuid(uid);

		name = pw ? pw->pw_name : NULL;
	}
	snprintf(num, sizeof(num), "%u", (unsigned)uid);
	f = fopen(path, "re");
	if (!f)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	/* Whole lines, however long: the tail of a long line read as a line of its own could
	 * name the user. */
	while (getline(&line, &cap, f) >= 0) {
		char *start, *count, *nl;
		uint32_t s, c;

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		start = strchr(line, ':');
		if (!start)
			continue;
		*start++ = '\0';
		count = strchr(start, ':');
		if (!count)
			continue;
		*count++ = '\0';
		if (strcmp(line, num) && (!name || strcmp(line, name)))
			continue;
		if (parse_u32(start, strlen(start), &s) || parse_u32(count, strlen(count), &c) ||
		    !c)
			continue;
		fclose(f);
		free(line);
		range->inner = 0;
		range->outer = s;
		range->count = c;
		return 0;
	}
	fclose(f);
	free(line);
	return nsi_error(err, NS_STEP_IDMAP, 0, "no line matching user \"%s\" in %s",
			 name ? name : num, path);
}

int ns_idmap_parse_text(const char *text, struct ns_idmap *map, struct ns_error *err)
{
	const char *p = text;
	int line = 0, rc;

	while (*p) {
		unsigned long long v[3];

		line++;
		for (int i = 0; i < 3; i++) {
			char *end;

			while (*p == ' ' || *p == '\t')
				p++;
			if (*p < '0' || *p > '9')
				return nsi_error(err, NS_STEP_PARSE, EINVAL,
						 "cannot parse ID map line %d", line);
			errno = 0;
			v[i] = strtoull(p, &end, 10);
			if (errno || v[i] > UINT32_MAX)
				return nsi_error(err, NS_STEP_PARSE, EINVAL,
						 "cannot parse ID map line %d", line);
			p = end;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '\n')
			return nsi_error(err, NS_STEP_PARSE, EINVAL, "cannot parse ID map line %d",
					 line);
		if (*p)
			p++;
		rc = ns_idmap_add(map, (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2], err);
		if (rc)
			return rc;
	}
	return line;
}

int ns_idmap_add_all(struct ns_idmap *map, bool group, struct ns_error *err)
{
	const char *path = group ? "/proc/self/gid_map" : "/proc/self/uid_map";
	struct ns_idmap own = { 0 };
	char buf[NS_IDMAP_MAX * 36 + 1];
	ssize_t n = 0, r;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsi_error(err, NS_STEP_OPEN, errno, "cannot open %s", path);
	while ((size_t)n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	rc = ns_idmap_parse_text(buf, &own, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return nsi_error(err, NS_STEP_IDMAP, 0, "%s maps no IDs", path);
	/* Every ID this namespace has is mapped to itself in the new one. */
	for (size_t i = 0; i < own.n; i++) {
		rc = ns_idmap_add(map, own.range[i].inner, own.range[i].inner, own.range[i].count,
				  err);
		if (rc)
			return rc;
	}
	return 0;
}

int ns_idmap_format(const struct ns_idmap *map, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < map->n; i++) {
		int n = snprintf(buf + len, size - len, "%u %u %u\n", (unsigned)map->range[i].inner,
				 (unsigned)map->range[i].outer, (unsigned)map->range[i].count);

		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return (int)len;
}

static void proc_path(char *buf, size_t size, pid_t pid, const char *file)
{
	if (pid)
		snprintf(buf, size, "/proc/%d/%s", (int)pid, file);
	else
		snprintf(buf, size, "/proc/self/%s", file);
}

int ns_idmap_write(pid_t pid, bool group, const struct ns_idmap *map, struct ns_error *err)
{
	char path[64], text[NS_IDMAP_MAX * 36];
	int len = ns_idmap_format(map, text, sizeof(text));

	if (len < 0)
		return nsi_error(err, NS_STEP_IDMAP, -len, "ID map too long");
	proc_path(path, sizeof(path), pid, group ? "gid_map" : "uid_map");
	if (nsi_tracing()) {
		char shown[256];
		size_t n = (size_t)len < sizeof(shown) - 1 ? (size_t)len - 1 : sizeof(shown) - 1;

		memcpy(shown, text, n);
		shown[n] = '\0';
		for (char *c = shown; *c; c++)
			if (*c == '\n')
				*c = ',';
		nsi_trace(
			group ? "map group IDs: INNER OUTER COUNT, inside the namespace INNER is "
				"OUTER outside" :
				"map user IDs: INNER OUTER COUNT, inside the namespace INNER is OUTER "
				"outside",
			"write(\"%s\", \"%s\")", path, shown);
	}
	return nsi_write_file(path, text, (size_t)len, err, NS_STEP_IDMAP, "write failed %s", path);
}

int ns_idmap_newidmap(pid_t pid, bool group, const struct ns_idmap *map, struct ns_error *err)
{
	const char *prog = group ? "newgidmap" : "newuidmap";
	char *argv[3 + 3 * NS_IDMAP_MAX + 1];
	char nums[1 + 3 * NS_IDMAP_MAX][12];
	int pipefd[2], status, child_errno = 0, rc = 0;
	size_t argc = 0, k = 0;
	pid_t child;
	ssize_t n;

	argv[argc++] = (char *)prog;
	snprintf(nums[k], sizeof(nums[k]), "%d", pid ? (int)pid : (int)getpid());
	argv[argc++] = nums[k++];
	for (size_t i = 0; i < map->n; i++) {
		snprintf(nums[k], sizeof(nums[k]), "%u", (unsigned)map->range[i].inner);
		argv[argc++] = nums[k++];
		snprintf(nums[k], sizeof(nums[k]), "%u", (unsigned)map->range[i].outer);
		argv[argc++] = nums[k++];
		snprintf(nums[k], sizeof(nums[k]), "%u", (unsigned)map->range[i].count);
		argv[argc++] = nums[k++];
	}
	argv[argc] = NULL;
	if (nsi_tracing()) {
		char line[512];
		size_t len = 0;

		for (size_t i = 0; i < argc && len < sizeof(line) - 16; i++)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
						i ? " " : "", argv[i]);
		nsi_trace(
			group ? "map group IDs through the setuid helper, which checks "
				"/etc/subgid" :
				"map user IDs through the setuid helper, which checks /etc/subuid",
			"%s", line);
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nsi_error(err, NS_STEP_IDMAP, errno, "pipe failed");
	child = fork();
	if (child < 0) {
		rc = nsi_error(err, NS_STEP_IDMAP, errno, "fork failed");
		close(pipefd[0]);
		close(pipefd[1]);
		return rc;
	}
	if (child == 0) {
		int e;

		nsi_coverage_flush();
		execvp(prog, argv);
		e = errno;
		if (write(pipefd[1], &e, sizeof(e)) < 0)
			nsi_exit(127);
		nsi_exit(127);
	}
	close(pipefd[1]);
	n = read(pipefd[0], &child_errno, sizeof(child_errno));
	close(pipefd[0]);
	rc = ns_wait(child, &status, err);
	if (rc)
		return rc;
	if (n == (ssize_t)sizeof(child_errno)) {
		if (child_errno == ENOENT)
			return nsi_error(err, NS_STEP_IDMAP, child_errno,
					 "failed to execute %s (it is in the uidmap package)",
					 prog);
		return nsi_error(err, NS_STEP_IDMAP, child_errno, "failed to execute %s", prog);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return nsi_error(err, NS_STEP_IDMAP, 0, "%s failed", prog);
	return 0;
}

static bool reads_as(const char *path, const char *want)
{
	char cur[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, cur, sizeof(cur) - 1);
	close(fd);
	if (n <= 0)
		return false;
	cur[n] = '\0';
	return !strncmp(cur, want, strlen(want)) && cur[strlen(want)] == '\n';
}

int ns_idmap_setgroups(pid_t pid, bool allow, struct ns_error *err)
{
	const char *want = allow ? "allow" : "deny";
	char path[64];
	int rc;

	proc_path(path, sizeof(path), pid, "setgroups");
	nsi_trace(
		allow ? "allow setgroups(2) in the user namespace" :
			"forbid setgroups(2) in the user namespace for good: the kernel demands it "
			"before an unprivileged process writes gid_map",
		"write(\"%s\", \"%s\")", path, want);
	rc = nsi_write_file(path, want, strlen(want), err, NS_STEP_SETGROUPS, "write failed %s",
			    path);
	/* Once a gid map is written the file is frozen: asking again for what it already says
	 * (-r --setgroups=deny) is not an error, unlike util-linux 2.38. */
	if (rc == -EPERM && reads_as(path, want))
		return 0;
	return rc;
}
