// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lsns prints through libsmartcols; nsdiff --list prints what it prints, byte for byte,
 * without linking it: the column widths (a cell's width, at least the header's, raised to the
 * width hint when both are below it), no truncation when stdout is not a terminal, the
 * escapes of each format (table: control bytes and "\x" as \xHH; raw: also blanks and
 * backslashes; JSON: its own escapes, numbers bare, no value as null).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "nsdiff.h"

void table_add_column(struct table *t, const struct tcol *col)
{
	if (t->ncols < NSDIFF_MAX_COLS)
		t->cols[t->ncols++] = col;
}

size_t table_new_row(struct table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));

		if (!cells)
			cli_errx(EXIT_FAILURE, "cannot allocate the output table");
		t->cells = cells;
		t->cap = cap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*t->cells));
	return t->nrows++;
}

void table_set(struct table *t, size_t row, size_t col, char *value)
{
	free(t->cells[row * t->ncols + col]);
	t->cells[row * t->ncols + col] = value;
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* The display width of a code point, as wcwidth(3) gives it for the common cases. */
static int cp_width(unsigned cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

static unsigned utf8_cp(const unsigned char *s, size_t n)
{
	unsigned cp = n == 2 ? s[0] & 0x1f : n == 3 ? s[0] & 0x0f : s[0] & 0x07;

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

static size_t hex(char *out, unsigned char c)
{
	static const char digits[] = "0123456789abcdef";

	out[0] = '\\';
	out[1] = 'x';
	out[2] = digits[c >> 4];
	out[3] = digits[c & 15];
	return 4;
}

/*
 * The table format's text of a cell (mbs_safe_encode): control bytes, and a backslash that
 * starts "\x", as \xHH; what the locale cannot print too. *width: its width in columns.
 */
static char *encode_table(const char *str, bool utf8, bool keep_nl, size_t *width)
{
	const unsigned char *s = (const unsigned char *)str;
	char *out = malloc(strlen(str) * 4 + 1), *r = out;

	if (!out)
		cli_errx(EXIT_FAILURE, "cannot allocate the output table");
	*width = 0;
	while (*s) {
		size_t n = utf8 && *s >= 0x80 ? utf8_len(s) : 0;

		if (*s == '\n' && keep_nl) {
			*r++ = (char)*s++;
		} else if ((*s == '\\' && s[1] == 'x') || *s < 0x20 || *s == 0x7f) {
			r += hex(r, *s++);
			*width += 4;
		} else if (*s < 0x80) {
			*r++ = (char)*s++;
			(*width)++;
		} else if (n == 0 || utf8_cp(s, n) < 0xa0) {
			/* not a character here, or a C1 control: each byte */
			for (size_t i = 0; i < (n ? n : 1); i++, *width += 4)
				r += hex(r, *s++);
		} else {
			*width += (size_t)cp_width(utf8_cp(s, n));
			memcpy(r, s, n);
			r += n;
			s += n;
		}
	}
	*r = '\0';
	return out;
}

/* The raw format (fputs_nonblank): blanks, backslashes and all that is not printable ASCII. */
static void put_raw(const char *str)
{
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		char h[4];

		if (*s == ' ' || *s == '\t' || *s == '\\' || *s < 0x20 || *s >= 0x7f)
			fwrite(h, 1, hex(h, *s), stdout);
		else
			putchar(*s);
	}
}

/* JSON as util-linux writes it: '"' and '\\' escaped, controls as \b \f \n \r \t or \u00XX,
 * every other byte as it is. */
static void put_json(const char *str)
{
	putchar('"');
	for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
		const char *esc = strchr("\b\f\n\r\t", *s);

		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s >= 0x20)
			putchar(*s);
		else if (esc)
			printf("\\%c", "bfnrt"[esc - "\b\f\n\r\t"]);
		else
			printf("\\u%04X", *s);
	}
	putchar('"');
}

static void print_json(const struct table *t)
{
	printf("{\n   \"%s\": [\n", t->json_name);
	for (size_t r = 0; r < t->nrows; r++) {
		bool first = true;

		printf("%s\n", r ? ",{" : "      {");
		for (size_t c = 0; c < t->ncols; c++) {
			const struct tcol *col = t->cols[c];
			const char *v = t->cells[r * t->ncols + c];

			if ((col->flags & COL_JSON_ONLY) && !v)
				continue;
			printf("%s         \"", first ? "" : ",\n");
			first = false;
			for (const char *p = col->name; *p; p++)
				putchar(tolower((unsigned char)*p));
			printf("\": ");
			if (!v || !*v)
				printf("null");
			else if (col->flags & COL_NUMBER)
				fputs(v, stdout);
			else
				put_json(v);
		}
		printf("\n      }");
	}
	printf("\n   ]\n}\n");
}

static void print_raw(const struct table *t)
{
	size_t n = 0;
	const struct tcol *cols[NSDIFF_MAX_COLS];
	size_t idx[NSDIFF_MAX_COLS];

	for (size_t c = 0; c < t->ncols; c++)
		if (!(t->cols[c]->flags & COL_JSON_ONLY)) {
			idx[n] = c;
			cols[n++] = t->cols[c];
		}
	if (!t->noheadings)
		for (size_t c = 0; c < n; c++) {
			put_raw(cols[c]->name);
			putchar(c + 1 < n ? ' ' : '\n');
		}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < n; c++) {
			const char *v = t->cells[r * t->ncols + idx[c]];

			if (v)
				put_raw(v);
			putchar(c + 1 < n ? ' ' : '\n');
		}
}

/* The width in columns of len bytes of encoded text (every byte printable by now). */
static size_t text_width(const char *str, size_t len, bool utf8, size_t max, size_t *cut)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0, i = 0;

	while (i < len) {
		size_t n = utf8 && s[i] >= 0x80 ? utf8_len(s + i) : 1;
		size_t cw = n > 1 ? (size_t)cp_width(utf8_cp(s + i, n)) : 1;

		if (!n)
			n = 1;
		if (w + cw > max)
			break;
		w += cw;
		i += n;
	}
	if (cut)
		*cut = i;
	return w;
}

/* Line k of a cell (lines are '\n'-separated in a wrapped cell): its start and length. */
static bool cell_line(const char *v, size_t k, const char **start, size_t *len)
{
	const char *p = v ? v : "";

	for (; k > 0; k--) {
		p = strchr(p, '\n');
		if (!p)
			return false;
		p++;
	}
	*start = p;
	*len = strcspn(p, "\n");
	return true;
}

struct layout {
	size_t n; /* visible columns */
	size_t idx[NSDIFF_MAX_COLS]; /* their index in the table */
	size_t width[NSDIFF_MAX_COLS], min[NSDIFF_MAX_COLS];
	bool trunc[NSDIFF_MAX_COLS], hidden[NSDIFF_MAX_COLS];
	char **enc; /* encoded cells, nrows * n */
	bool utf8, wrap;
};

static size_t cell_width(const struct layout *l, const char *v)
{
	size_t w = 0;
	const char *line;
	size_t len;

	for (size_t k = 0; cell_line(v, k, &line, &len); k++) {
		size_t lw = text_width(line, len, l->utf8, SIZE_MAX, NULL);

		if (lw > w)
			w = lw;
	}
	return w;
}

/* libsmartcols' widths: the widest cell, at least the header, raised to the hint when both
 * are narrower. */
static void count_widths(const struct table *t, struct layout *l)
{
	for (size_t c = 0; c < l->n; c++) {
		const struct tcol *col = t->cols[l->idx[c]];
		size_t w = 0, min = strlen(col->name) ? strlen(col->name) : 1;

		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = cell_width(l, l->enc[r * l->n + c]);

			if (cw > w)
				w = cw;
		}
		if (w < min)
			w = min;
		else if (col->whint >= 1 && w < (size_t)col->whint && min < (size_t)col->whint)
			w = (size_t)col->whint;
		l->width[c] = w;
		l->min[c] = min;
		l->trunc[c] = (col->flags & COL_TRUNC) && !t->notruncate;
		if ((col->flags & COL_WRAP) && t->nowrap)
			l->trunc[c] = false;
	}
}

/* On a terminal only: the truncatable columns give a column at a time until the row fits;
 * with --nowrap the last columns are then cut or dropped. */
static void fit_terminal(const struct table *t, struct layout *l)
{
	struct winsize ws;
	size_t term = 80, total = 0;
	const char *cols = getenv("COLUMNS");
	bool changed = true;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		term = ws.ws_col;
	else if (cols && atoi(cols) > 0)
		term = (size_t)atoi(cols);
	for (size_t c = 0; c < l->n; c++)
		total += l->width[c] + (c + 1 < l->n);
	while (total > term && changed) {
		changed = false;
		for (size_t c = 0; c < l->n && total > term; c++)
			if (l->trunc[c] && l->width[c] > l->min[c]) {
				l->width[c]--;
				total--;
				changed = true;
			}
	}
	for (size_t c = l->n; t->nowrap && total > term && c-- > 0;) {
		if (total - l->width[c] < term) {
			l->trunc[c] = true;
			l->width[c] -= total - term;
			total = term;
		} else {
			l->hidden[c] = true;
			total -= l->width[c] + 1;
		}
	}
}

static void print_cell(const struct layout *l, size_t c, const char *data, size_t bytes, bool right,
		       bool last)
{
	size_t w = l->width[c], cut = bytes;
	size_t len = text_width(data, bytes, l->utf8, SIZE_MAX, NULL);

	if (last && len < w && !right)
		w = len;
	if (len > w && l->trunc[c])
		len = text_width(data, bytes, l->utf8, w, &cut);
	if (right)
		for (; len < w; len++)
			putchar(' ');
	fwrite(data, 1, cut, stdout);
	for (; len < w; len++)
		putchar(' ');
	if (!last)
		putchar(' ');
}

static void print_row(const struct table *t, const struct layout *l, char **cells)
{
	size_t last = 0, nlines = 1;

	for (size_t c = 0; c < l->n; c++)
		if (!l->hidden[c])
			last = c;
	for (size_t c = 0; l->wrap && c < l->n; c++) {
		const char *line;
		size_t len, k = 0;

		while (cell_line(cells[c], k, &line, &len))
			k++;
		if (k > nlines)
			nlines = k;
	}
	for (size_t k = 0; k < nlines; k++) {
		for (size_t c = 0; c < l->n; c++) {
			const char *line = "";
			size_t len = 0;

			if (l->hidden[c])
				continue;
			if (!l->wrap && cells[c]) {
				line = cells[c];
				len = strlen(line);
			} else if (!cell_line(cells[c], k, &line, &len)) {
				line = "";
			}
			print_cell(l, c, line, len, t->cols[l->idx[c]]->flags & COL_RIGHT,
				   c == last);
		}
		putchar('\n');
	}
}

static void print_table(const struct table *t, bool utf8)
{
	struct layout l = { .utf8 = utf8, .wrap = !t->nowrap };
	char *head[NSDIFF_MAX_COLS];

	for (size_t c = 0; c < t->ncols; c++)
		if (!(t->cols[c]->flags & COL_JSON_ONLY))
			l.idx[l.n++] = c;
	l.enc = calloc(t->nrows * l.n + 1, sizeof(*l.enc));
	if (!l.enc)
		cli_errx(EXIT_FAILURE, "cannot allocate the output table");
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < l.n; c++) {
			const char *v = t->cells[r * t->ncols + l.idx[c]];
			size_t w;

			if (v)
				l.enc[r * l.n + c] = encode_table(
					v, utf8, (t->cols[l.idx[c]]->flags & COL_WRAP) && l.wrap,
					&w);
		}
	count_widths(t, &l);
	if (isatty(STDOUT_FILENO))
		fit_terminal(t, &l);
	for (size_t c = 0; c < l.n; c++)
		head[c] = (char *)t->cols[l.idx[c]]->name;
	if (!t->noheadings)
		print_row(t, &l, head);
	for (size_t r = 0; r < t->nrows; r++)
		print_row(t, &l, &l.enc[r * l.n]);
	for (size_t i = 0; i < t->nrows * l.n; i++)
		free(l.enc[i]);
	free(l.enc);
}

void table_print(struct table *t)
{
	if (t->json)
		print_json(t);
	else if (!t->nrows)
		return; /* libsmartcols prints nothing for an empty table, not even the header */
	else if (t->raw)
		print_raw(t);
	else
		print_table(t, locale_utf8());
}
