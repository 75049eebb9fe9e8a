// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /etc/subuid and /etc/subgid as ns_subid_lookup reads them (--map-auto, --map-subids): the
 * input is the file, served through a memfd at /proc/self/fd/N. Checked against a reader
 * written here from subuid(5): lines NAME_OR_UID:START:COUNT, the first line of the user (by
 * name or number) with decimal START and COUNT below 2^32-1 and COUNT not 0 wins.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "libns.h"

#define UID 4242
#define NAME "alice"

static bool number(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v >= UINT32_MAX) /* leading zeros are fine, an ID of 2^32-1 or more is not */
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* 0 and the range of the first usable line of the user; -1 when there is none. */
static int reference(const char *text, size_t size, struct ns_idmap_range *r)
{
	const char *end = text + size;

	for (const char *line = text; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
		const char *nul = memchr(line, '\0', len), *c1, *c2;
		size_t n = nul ? (size_t)(nul - line) : len; /* the C string the line holds */
		uint32_t start, count;

		c1 = memchr(line, ':', n);
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(line + n - c1 - 1)) : NULL;
		if (c2 &&
		    (((size_t)(c1 - line) == strlen(NAME) && !memcmp(line, NAME, strlen(NAME))) ||
		     ((size_t)(c1 - line) == 4 && !memcmp(line, "4242", 4))) &&
		    number(c1 + 1, (size_t)(c2 - c1 - 1), &start) &&
		    number(c2 + 1, (size_t)(line + n - c2 - 1), &count) && count) {
			r->inner = 0;
			r->outer = start;
			r->count = count;
			return 0;
		}
		line += len + 1;
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct ns_idmap_range got = { 7, 7, 7 }, want;
	struct ns_error err;
	int rc, ref;

	if (fd < 0) {
		fd = memfd_create("subuid", MFD_CLOEXEC);
		FUZZ_ASSERT(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
	err.msg[0] = '\0';
	rc = ns_subid_lookup(path, UID, NAME, &got, &err);
	ref = reference((const char *)data, size, &want);
	if (ref == 0) {
		FUZZ_ASSERT(rc == 0);
		FUZZ_ASSERT(got.inner == 0 && got.outer == want.outer && got.count == want.count);
	} else {
		char msg[128];

		snprintf(msg, sizeof(msg), "no line matching user \"%s\" in %s", NAME, path);
		FUZZ_ASSERT(rc == -EINVAL && got.outer == 7 && got.count == 7);
		FUZZ_ASSERT(!strcmp(err.msg, msg));
	}
	return 0;
}
