// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsdiff's text: JSON strings that are valid UTF-8 whatever the bytes, terminal text with
 * the bytes that are not as \xHH, and whether the environment's locale is UTF-8 (no
 * setlocale: DESIGN.md).
 */
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one. */
size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string: valid UTF-8 whatever the bytes (a command line may hold any). */
void json_string(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putchar('"');
	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s < 0x20 || *s == 0x7f)
			printf("\\u%04x", *s);
		else if (n == 0)
			printf("\\ufffd"); /* not UTF-8: the replacement character */
		else
			fwrite(s, 1, n, stdout);
		s += n ? n : 1;
	}
	putchar('"');
}

/* For the terminal: control characters and bytes that are not UTF-8 as \xHH, as lsns does. */
void print_safe(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n = 0;

		/* A run of plain ASCII in one write: most text is nothing else. */
		while (s[n] >= 0x20 && s[n] < 0x7f && s[n] != '\\')
			n++;
		if (n) {
			fwrite(s, 1, n, stdout);
			s += n;
			continue;
		}
		n = utf8_len(s);
		if (n == 0 || *s < 0x20 || *s == 0x7f || *s == '\\')
			printf("\\x%02x", *s);
		else
			fwrite(s, 1, n, stdout);
		s += n ? n : 1;
	}
}

void json_entry_state(const struct ns_entry_state *st)
{
	if (st->error) {
		printf("{\"inode\": null, \"error\": ");
		json_string(strerror(st->error));
		putchar('}');
	} else {
		printf("{\"dev\": %llu, \"inode\": %llu, \"text\": ",
		       (unsigned long long)st->id.dev, (unsigned long long)st->id.ino);
		json_string(st->text);
		putchar('}');
	}
}

void json_entry_list(unsigned mask)
{
	bool first = true;

	putchar('[');
	for (size_t i = 0; i < NS_NENTRIES; i++)
		if (mask & (1u << i)) {
			printf("%s", first ? "" : ", ");
			json_string(ns_entry_info(i)->name);
			first = false;
		}
	putchar(']');
}

/* ---- nsdiff PID_A PID_B ---------------------------------------------------------------- */

bool locale_utf8(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

void dot_string(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putchar('"');
	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '\n')
			printf("\\n");
		else if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s < 0x20 || *s == 0x7f || n == 0)
			printf("\\\\x%02x", *s); /* shown as \xHH */
		else
			fwrite(s, 1, n, stdout);
		s += n ? n : 1;
	}
	putchar('"');
}
