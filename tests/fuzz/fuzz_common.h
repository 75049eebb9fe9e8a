/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the fuzz targets share: the input as a NUL-terminated string. */
#ifndef LIBNS_FUZZ_COMMON_H
#define LIBNS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A malloc'ed copy of the input with a NUL after it (so ASan sees any overrun), or NULL. */
static inline char *fuzz_string(const uint8_t *data, size_t size, size_t max)
{
	char *s;

	if (size > max)
		return NULL;
	s = malloc(size + 1);
	if (!s)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_ASSERT(cond)        \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#endif
