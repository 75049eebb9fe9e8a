/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xchroot's quoting of names, as GNU coreutils quotes them (see quote.c). */
#ifndef LIBNS_QUOTE_H
#define LIBNS_QUOTE_H

/* Decides the quotes from LC_ALL, LC_* and LANG and the installed locales: call before chroot. */
void quote_locale_init(void);

/*
 * Loads the locale's character classes if s has a non-ASCII character: call before chroot for
 * a name that may be quoted after it. Each call of quote() and quoteaf() makes it too.
 */
void quote_prepare(const char *s);

/* 'name' (‘name’ in a UTF-8 locale) with C escapes; static storage, until the next call. */
const char *quote(const char *s);

/* The name as the shell would read it back: 'a b', "it's", 'a'$'\n''b'; static storage. */
const char *quoteaf(const char *s);

#endif
