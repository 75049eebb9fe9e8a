/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What nsdiff's files share: the options, the output helpers, and the table printer that
 * writes lsns's formats (libsmartcols' table, raw and JSON) byte for byte.
 */
#ifndef NSDIFF_H
#define NSDIFF_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

enum {
	EXIT_SAME = 0,
	EXIT_DIFFER = 1,
	EXIT_TROUBLE = 2
};

enum nsdiff_mode {
	MODE_COMPARE,
	MODE_ALL,
	MODE_LIST,
	MODE_TREE,
	MODE_PIDS
};

#define NSDIFF_MAX_TYPES 32
#define NSDIFF_MAX_COLS 64

struct options {
	enum nsdiff_mode mode;
	unsigned entries; /* the mask of rows (compare, --all) */
	bool quiet;
	bool json;
	bool diff;
	pid_t pid_a, pid_b; /* 0: the calling process */
	/* --list, as lsns takes them */
	const char *types[NSDIFF_MAX_TYPES]; /* -t, each one name */
	size_t ntypes;
	const char *output; /* -o */
	bool output_all, noheadings, raw, notruncate, nowrap, no_hidden, dot;
	const char *task; /* -p */
	const char *tree; /* --tree=KIND, or "owner" */
	const char *pids; /* --pids PID */
	int argc; /* the operands */
	char **argv;
};

/* ---- nsdiff_out.c: text for people and for JSON ----------------------------------------- */

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one. */
size_t utf8_len(const unsigned char *s);

/* A JSON string: valid UTF-8 whatever the bytes (a command line may hold any). */
void json_string(const char *str);

/* A Graphviz DOT string: quoted, newlines as \\n, what is not UTF-8 as \\xHH. */
void dot_string(const char *str);

/* Control characters and bytes that are not UTF-8 as \xHH (nsdiff --all). */
void print_safe(const char *str);

/* An entry's state and a list of entries, as nsdiff's JSON gives them. */
void json_entry_state(const struct ns_entry_state *st);
void json_entry_list(unsigned mask);

/* Whether the locale the environment names (LC_ALL, LC_CTYPE, LANG) is UTF-8. */
bool locale_utf8(void);

/* ---- nsdiff_table.c: libsmartcols' output, for lsns's rows ----------------------------- */

#define COL_RIGHT 0x1u /* right-aligned */
#define COL_TRUNC 0x2u /* may be truncated on a terminal */
#define COL_WRAP 0x4u /* lines of a cell on lines of output (NSFS) */
#define COL_NUMBER 0x8u /* a JSON number */
#define COL_JSON_ONLY 0x10u /* only in JSON, and only where the cell has a value */

struct tcol {
	const char *name;
	int whint; /* width hint */
	unsigned flags;
};

struct table {
	const struct tcol *cols[NSDIFF_MAX_COLS];
	size_t ncols;
	char **cells; /* nrows * ncols, malloc'ed strings; NULL: no value */
	size_t nrows, cap;
	bool raw, json, noheadings, notruncate, nowrap;
	const char *json_name; /* "namespaces" */
};

void table_add_column(struct table *t, const struct tcol *col);
/* A new row: its ncols cells, all NULL; set them with table_set. */
size_t table_new_row(struct table *t);
void table_set(struct table *t, size_t row, size_t col, char *value);
void table_print(struct table *t);
void table_free(struct table *t);

/* ---- the modes ------------------------------------------------------------------------- */

int nsdiff_compare(const struct options *o);
int nsdiff_all(const struct options *o);
int nsdiff_list(const struct options *o);
int nsdiff_tree(const struct options *o);
int nsdiff_pids(const struct options *o);
int nsdiff_diff(const struct options *o, const struct ns_snapshot *a, const struct ns_snapshot *b);
void nsdiff_list_columns(void);
void entry_list(unsigned mask, char *buf, size_t size);

#endif /* NSDIFF_H */
