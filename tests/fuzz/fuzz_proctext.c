// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The /proc text the library reads whole: uid_map/gid_map ("0 1000 1" lines), the cgroup v2
 * line of /proc/<pid>/cgroup, and the NUL-separated /proc/<pid>/environ.
 */
#include <errno.h>

#include "fuzz_common.h"
#include "libns.h"

struct seen {
	size_t n;
	const char *lo, *hi;
};

static int hear(const char *name, const char *value, void *data)
{
	struct seen *s = data;

	/* A name is never empty, holds no '=', and both lie inside the buffer. */
	FUZZ_ASSERT(*name && !strchr(name, '='));
	FUZZ_ASSERT(name >= s->lo && value > name && value <= s->hi);
	s->n++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_idmap map, again;
	struct ns_error err;
	char *s = fuzz_string(data, size, 4096), path[64], text[NS_IDMAP_MAX * 36];
	struct seen seen = { 0 };
	size_t equals = 0;
	int n, rc;

	if (!s)
		return 0;
	/* A map that parses prints back as text that parses to the same ranges. */
	map.n = again.n = 0;
	n = ns_idmap_parse_text(s, &map, &err);
	FUZZ_ASSERT(n == -EINVAL || n == -E2BIG || (n >= 0 && (size_t)n == map.n));
	if (n > 0 && ns_idmap_format(&map, text, sizeof(text)) >= 0) {
		FUZZ_ASSERT(ns_idmap_parse_text(text, &again, &err) == n);
		FUZZ_ASSERT(!memcmp(map.range, again.range, map.n * sizeof(map.range[0])));
	}

	rc = ns_cgroup2_path_parse(s, path, sizeof(path));
	FUZZ_ASSERT(rc == 0 || rc == -ENOENT || rc == -ENAMETOOLONG);
	if (rc == 0)
		FUZZ_ASSERT(!strchr(path, '\n') && strstr(s, path));

	/* The environment walk, over the raw bytes (NULs included). */
	memcpy(s, data, size);
	for (size_t i = 0; i < size; i++)
		equals += s[i] == '=';
	seen.lo = s;
	seen.hi = s + size;
	FUZZ_ASSERT(ns_environ_parse(s, size, hear, &seen) == 0);
	FUZZ_ASSERT(seen.n <= equals);
	free(s);
	return 0;
}
