/* newsift — helpers shared by the library's .c files; never installed. */
#ifndef NEWSIFT_INTERNAL_H
#define NEWSIFT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "newsift/common.h"

#define NS_MIN(a, b) ((a) < (b) ? (a) : (b))
#define NS_MAX(a, b) ((a) > (b) ? (a) : (b))

/* qsort that accepts an empty (possibly NULL) array: qsort(NULL, 0, ...)
 * is undefined behaviour. */
static inline void ns_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1) qsort(base, n, size, cmp);
}

/* Sort n 64-bit values ascending (in place, not stable: equal keys are
 * indistinguishable). */
void ns_sort_u64(uint64_t *v, size_t n);

/* Grow *arr (of element size elt) to hold at least need elements. */
ns_status ns_grow(void **arr, size_t *cap, size_t need, size_t elt);

/* snprintf into err when err is not NULL. */
void ns_errf(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Decode one UTF-8 code point at s (n bytes available).  Returns its length
 * (1-4) and stores it in *cp, or 0 for an invalid or truncated sequence. */
size_t ns_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Encode cp into out (4 bytes room); returns the length. */
size_t ns_utf8_encode(int32_t cp, char *out);

/* Is cp part of a word (letter, digit or combining mark)? */
int ns_is_word_cp(int32_t cp);

/* Code point at t[i] (i < len); an invalid byte reads as U+FFFD of length
 * 1 so a scan always advances.  Returns the length. */
size_t ns_cp_at(const char *t, size_t len, size_t i, int32_t *cp);
/* Start of the code point that ends just before t[i] (i > 0). */
size_t ns_cp_before(const char *t, size_t i, int32_t *cp);
/* Classes: white space but line ends (Zs included), any white space,
 * upper case (Lu, Lt), lower case (Ll), decimal digit, letter (L*). */
int ns_cp_hspace(int32_t cp);
int ns_cp_space(int32_t cp);
int ns_cp_upper(int32_t cp);
int ns_cp_lower(int32_t cp);
int ns_cp_digit(int32_t cp);
int ns_cp_letter(int32_t cp);
/* Sentence-final punctuation: . ! ? and the ellipsis character. */
int ns_cp_terminal(int32_t cp);
/* Quotes and brackets that close after final punctuation. */
int ns_cp_closer(int32_t cp);

/* Write s as a JSON string literal (with quotes) into b. */
ns_status ns_json_str(ns_buf *b, const char *s, size_t n);

/* printf-append into b. */
ns_status ns_buf_printf(ns_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Days since 1970-01-01 of a "YYYY-MM-DD" prefix, or INT32_MIN if s is not one. */
int32_t ns_date_days(const char *s);

/* lang.c: the stop-word lookup by bisection of the sorted lists, which the
 * hash table of ns_lang_stopword replaces; the tests compare the two. */
int ns_lang_stopword_bisect(int l, const char *w, size_t n);

#endif
