// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names in messages, quoted as GNU coreutils quotes them: quote() ('name', or ‘name’ in a
 * UTF-8 locale) and quoteaf() (as the shell would read it back). The locale is what coreutils'
 * setlocale(LC_ALL, "") would find, decided from the environment without loading it.
 */
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "cli.h"
#include "quote.h"

#define EXIT_CANCELED 125 /* coreutils' status for its own failures */

/* ---- the locale: what coreutils' setlocale(LC_ALL, "") would find, without loading it ---- */

static const char *const categories[] = { "LC_CTYPE",	  "LC_NUMERIC",	    "LC_TIME",
					  "LC_COLLATE",	  "LC_MONETARY",    "LC_MESSAGES",
					  "LC_PAPER",	  "LC_NAME",	    "LC_ADDRESS",
					  "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION" };

static bool utf8; /* quotes ‘…’ and characters as UTF-8, as coreutils in a UTF-8 locale */
static const char *ctype_name; /* the locale of LC_CTYPE, for the classification */

/* As setlocale reads the environment: LC_ALL, then the category's variable, then LANG. */
static const char *locale_of(const char *category)
{
	const char *v = getenv("LC_ALL");

	if (!v || !*v)
		v = getenv(category);
	if (!v || !*v)
		v = getenv("LANG");
	return v && *v ? v : "C";
}

/*
 * glibc's normalized name: the codeset lower-cased with only letters and digits kept
 * ("en_US.UTF-8" -> "en_US.utf8"), "iso" before a codeset of digits only. *codeset_utf8:
 * whether the codeset is UTF-8. without_modifier: "@..." left off.
 */
static void append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		n = *len < size ? size - 1 - *len : 0;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* No printf and no ctype tables here: both would cost page faults on every run. */
static void normalize(const char *name, bool without_modifier, char *out, size_t size,
		      bool *codeset_utf8)
{
	const char *dot = strchr(name, '.'), *at = strchr(name, '@');
	size_t len = 0, head = dot ? (size_t)(dot - name) : at ? (size_t)(at - name) : strlen(name);

	*codeset_utf8 = false;
	out[0] = '\0';
	append(out, size, &len, name, head);
	if (dot) {
		const char *end = at && at > dot ? at : dot + strlen(dot);
		char cs[64];
		size_t n = 0;
		bool digits = true;

		for (const char *p = dot + 1; p < end && n < sizeof(cs) - 1; p++) {
			char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;

			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				digits = digits && c >= '0' && c <= '9';
				cs[n++] = c;
			}
		}
		cs[n] = '\0';
		*codeset_utf8 = !strcmp(cs, "utf8");
		append(out, size, &len, ".iso", digits ? 4 : 1);
		append(out, size, &len, cs, n);
	}
	if (at && !without_modifier)
		append(out, size, &len, at, strlen(at));
}

/* Whether the locale archive (used when LOCPATH is not set) holds the normalized name. */
static bool in_archive(const char *name)
{
	static char *strings;
	static size_t nstrings;
	static bool read_once;
	uint32_t head[8];

	if (!read_once) {
		int fd = open("/usr/lib/locale/locale-archive", O_RDONLY | O_CLOEXEC);

		read_once = true;
		/* The header: magic, serial, name hash (3), strings: offset, used, size. */
		if (fd >= 0 && pread(fd, head, sizeof(head), 0) == sizeof(head) &&
		    head[0] == 0xde020109 && head[6] < (1u << 24) && (strings = malloc(head[6]))) {
			ssize_t n = pread(fd, strings, head[6], head[5]);

			nstrings = n > 0 ? (size_t)n : 0;
		}
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0, len; i < nstrings; i += len + 1) {
		len = strnlen(strings + i, nstrings - i);
		if (len == strlen(name) && !memcmp(strings + i, name, len))
			return true;
	}
	return false;
}

/* Whether a locale directory has the name: $LOCPATH's, then the default. */
static bool in_path(const char *name, const char *category)
{
	const char *locpath = getenv("LOCPATH");
	char path[PATH_MAX];

	for (const char *p = locpath && *locpath ? locpath : ""; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(path, sizeof(path), "%.*s/%s/%s", (int)n, p, name, category);
		if (access(path, F_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	snprintf(path, sizeof(path), "/usr/lib/locale/%s/%s", name, category);
	return access(path, F_OK) == 0;
}

/* A category's locale loads (*is_utf8: as a UTF-8 one): the lookups glibc makes, in order. */
static bool locale_loads(const char *name, const char *category, bool *is_utf8)
{
	const char *locpath = getenv("LOCPATH");
	char norm[256];

	*is_utf8 = false;
	if (!strcmp(name, "C") || !strcmp(name, "POSIX"))
		return true;
	if (strchr(name, '/') || strlen(name) >= 200)
		return false;
	/*
	 * C.UTF-8 comes with glibc itself (libc-bin here): taken as installed without a look,
	 * which would cost a run of xchroot 2% in the most common UTF-8 locale.
	 */
	normalize(name, true, norm, sizeof(norm), is_utf8);
	if (!strcmp(norm, "C.utf8"))
		return true;
	*is_utf8 = false;
	for (int without_modifier = 0; without_modifier < 2; without_modifier++) {
		bool cs_utf8;

		normalize(name, without_modifier, norm, sizeof(norm), &cs_utf8);
		/* glibc looks in the archive first; the answer is the same in either order. */
		if (in_path(norm, category) || (!without_modifier && in_path(name, category)) ||
		    ((!locpath || !*locpath) && in_archive(norm))) {
			*is_utf8 = cs_utf8;
			return true;
		}
	}
	return false;
}

/*
 * coreutils quotes with ‘…’ when setlocale(LC_ALL, "") succeeded and LC_CTYPE's codeset is
 * UTF-8. It fails, leaving the C locale, when any category's locale is not installed.
 */
void quote_locale_init(void)
{
	const char *names[sizeof(categories) / sizeof(categories[0])];
	bool ctype_utf8 = false;

	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
		bool is_utf8 = false, seen = false;

		names[i] = locale_of(categories[i]);
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(names[j], names[i]);
		if (!seen && !locale_loads(names[i], categories[i], &is_utf8))
			return;
		if (i == 0)
			ctype_utf8 = is_utf8;
	}
	utf8 = ctype_utf8;
	ctype_name = names[0];
}

/* ---- quoting, as GNU coreutils quotes names in its messages ---- */

struct text {
	char *s;
	size_t len, size;
};

static void put_n(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->size) {
		size_t size = (t->len + n + 1) * 2;
		char *p = realloc(t->s, size);

		if (!p)
			cli_errx(EXIT_CANCELED, "memory exhausted");
		t->s = p;
		t->size = size;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void put(struct text *t, const char *s)
{
	put_n(t, s, strlen(s));
}

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/*
 * Whether a character prints, by the locale's own classification (iswprint), loaded only
 * for a name that has a non-ASCII character, and before chroot (see quote_prepare). Without
 * it: every valid character but the C1 controls and the line and paragraph separators.
 */
static locale_t ctype;
static bool wide_printable(uint32_t cp)
{
	if (ctype)
		return iswprint_l((wint_t)cp, ctype);
	return cp >= 0xa0 && cp != 0x2028 && cp != 0x2029 && (cp & 0xfffe) != 0xfffe;
}

/* The length of the UTF-8 character at s (0: not a valid one) and its code point. */
static size_t utf8_char(const unsigned char *s, uint32_t *cp)
{
	size_t len = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t v = *s & (0x7f >> len);

	if (*s < 0xc2 || *s > 0xf4)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/*
 * The next character of s: its length, and *print whether it prints as itself. A character
 * that does not is escaped byte by byte (length 1), as gnulib's quotearg does.
 */
static size_t next_char(const char *s, bool *print)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t len;

	*print = printable(*u);
	if (*u < 0x80 || !utf8)
		return 1;
	len = utf8_char(u, &cp);
	*print = len && wide_printable(cp);
	return *print ? len : 1;
}

/* Names quoted after chroot are classified before it, while the host's locale is reachable. */
void quote_prepare(const char *s)
{
	if (!utf8 || ctype || !s)
		return;
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80) {
			ctype = newlocale(LC_CTYPE_MASK, ctype_name, (locale_t)0);
			return;
		}
}

/* The C escape of a byte that is not printable: "\n", "\033". */
static void put_escape(struct text *t, unsigned char c)
{
	static const char names[] = "abtnvfr"; /* \a = 7 ... \r = 13 */
	char buf[8];

	if (c >= 7 && c <= 13)
		snprintf(buf, sizeof(buf), "\\%c", names[c - 7]);
	else
		snprintf(buf, sizeof(buf), "\\%03o", c);
	put(t, buf);
}

#define LEFT_QUOTE "\xe2\x80\x98"
#define RIGHT_QUOTE "\xe2\x80\x99"

/*
 * quote(): 'name' (‘name’ in a UTF-8 locale), with backslash escapes for \, the closing
 * quote and what does not print.
 */
const char *quote(const char *s)
{
	static struct text t;
	const char *right = utf8 ? RIGHT_QUOTE : "'";
	size_t rlen = strlen(right);

	quote_prepare(s);
	t.len = 0;
	put(&t, utf8 ? LEFT_QUOTE : "'");
	while (*s) {
		bool print;
		size_t n = next_char(s, &print);

		if (!print) {
			put_escape(&t, (unsigned char)*s);
		} else {
			if (*s == '\\' || !strncmp(s, right, rlen))
				put(&t, "\\");
			put_n(&t, s, n);
		}
		s += n;
	}
	put(&t, right);
	return t.s;
}

/* A character that keeps its meaning inside "...": the test for using double quotes at all. */
static bool double_quote_safe(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	bool print;

	if (c >= 0x80) {
		next_char(s + i, &print);
		return print;
	}
	if (!printable(c))
		return false;
	if (c == '#' || c == '~')
		return i == 0;
	if (c == '{' || c == '}')
		return i == 0 && s[1] == '\0';
	return !strchr("!\"$&()*;<=>?[\\^`|", c);
}

/* Whether the last character of s does not print. */
static bool ends_unprintable(const char *s)
{
	bool print = true;

	while (*s)
		s += next_char(s, &print);
	return !print;
}

/*
 * quoteaf(): a name as the shell would read it back: 'a b', "it's", 'a'$'\n''b'. A name with
 * a single quote and nothing else special goes in double quotes.
 */
const char *quoteaf(const char *s)
{
	static struct text t;
	bool has_quote = strchr(s, '\'') != NULL, plain = true, escaping = false;

	quote_prepare(s);
	for (size_t i = 0, n; s[i] && plain; i += n) {
		bool print;

		n = next_char(s + i, &print);
		plain = double_quote_safe(s, i);
	}
	t.len = 0;
	if (has_quote && plain) {
		put(&t, "\"");
		put(&t, s);
		put(&t, "\"");
		return t.s;
	}
	/*
	 * gnulib reads such a name twice and starts the second pass still "inside $'...'" when
	 * the name ends in an escape: an extra '' (or no $' at all) at the start. Same here.
	 */
	escaping = has_quote && ends_unprintable(s);
	put(&t, "'");
	while (*s) {
		bool print;
		size_t n = next_char(s, &print);

		if (!print) {
			if (!escaping)
				put(&t, "'$'");
			escaping = true;
			put_escape(&t, (unsigned char)*s);
		} else if (*s == '\'') {
			put(&t, "'\\''");
			escaping = false;
		} else {
			if (escaping)
				put(&t, "''");
			escaping = false;
			put_n(&t, s, n);
		}
		s += n;
	}
	put(&t, "'");
	return t.s;
}
