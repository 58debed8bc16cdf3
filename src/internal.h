/* newsift — helpers shared by the library's .c files; never installed. */
#ifndef NEWSIFT_INTERNAL_H
#define NEWSIFT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "newsift/common.h"
#include "newsift/context.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Little-endian numbers in files (value files, the history's segments). */
static inline uint32_t ns_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t ns_le64(const unsigned char *p)
{
	return (uint64_t)ns_le32(p) | (uint64_t)ns_le32(p + 4) << 32;
}

static inline void ns_put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline void ns_put_le64(unsigned char *p, uint64_t v)
{
	ns_put_le32(p, (uint32_t)v);
	ns_put_le32(p + 4, (uint32_t)(v >> 32));
}

#define NS_MIN(a, b) ((a) < (b) ? (a) : (b))
#define NS_MAX(a, b) ((a) > (b) ? (a) : (b))

/* qsort that accepts an empty (possibly NULL) array: qsort(NULL, 0, ...)
 * is undefined behaviour. */
static inline void ns_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1) qsort(base, n, size, cmp);
}

/* qsort comparison of two uint32_t. */
static inline int ns_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort n 64-bit values ascending (in place, not stable: equal keys are
 * indistinguishable). */
void ns_sort_u64(uint64_t *v, size_t n);

/* Scratch of ns_sort_hashes, reused across calls (zero-initialise). */
typedef struct {
	uint64_t *tmp;
	uint32_t *cnt;
	size_t tcap, ccap;
} ns_hsort;

/* Sort n hash values (uniform over 64 bits; repeats allowed) ascending: a
 * counting pass on the top bits into about one bucket per value, each bucket
 * finished by insertion sort, so linear time where a comparison sort is
 * n log n with a mispredicted branch per comparison.  A bucket that is full
 * anyway (many repeats, or input made to collide) is sorted by ns_sort_u64,
 * so no input is quadratic; so is everything when scratch cannot grow. */
void ns_sort_hashes(uint64_t *v, size_t n, ns_hsort *s);
void ns_hsort_free(ns_hsort *s);

/* The number of distinct values among v[0..n) (hash values, uniform over 64
 * bits), by inserting them in an open-addressing table at most half full
 * (s->tmp): one probe per value for most, where sorting to count touches
 * each value several times.  Values made to collide fall back to a sort
 * once the probes pass a few per value, so no input is quadratic.
 * SIZE_MAX when the scratch cannot grow. */
size_t ns_count_distinct(const uint64_t *v, size_t n, ns_hsort *s);

/* Bytes of memory this process can still take: the system's MemAvailable
 * (/proc/meminfo), and no more than what an address-space limit
 * (RLIMIT_AS) leaves above the process's present size.  UINT64_MAX when
 * neither is known. */
uint64_t ns_mem_available(void);

/* Unsigned LEB128 varints: 7 bits a byte, low bits first. */
static inline size_t ns_varint_len(uint32_t x)
{
	size_t k = 1;
	while (x >= 0x80) { x >>= 7; k++; }
	return k;
}

static inline uint8_t *ns_varint_put(uint8_t *p, uint32_t x)
{
	while (x >= 0x80) { *p++ = (uint8_t)(x | 0x80); x >>= 7; }
	*p++ = (uint8_t)x;
	return p;
}

static inline const uint8_t *ns_varint_get(const uint8_t *p, uint32_t *x)
{
	uint32_t v = 0;
	unsigned sh = 0;
	while (*p & 0x80) { v |= (uint32_t)(*p++ & 0x7F) << sh; sh += 7; }
	*x = v | (uint32_t)*p++ << sh;
	return p;
}

/* ns_varint_get of bytes that end at end: NULL when the number does not
 * end before it (or is longer than 5 bytes). */
static inline const uint8_t *ns_varint_get_n(const uint8_t *p, const uint8_t *end, uint32_t *x)
{
	uint32_t v = 0;
	for (unsigned sh = 0; p < end && sh < 35; sh += 7) {
		uint8_t b = *p++;
		v |= (uint32_t)(b & 0x7F) << sh;
		if (!(b & 0x80)) { *x = v; return p; }
	}
	return NULL;
}

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

/* utf8proc_map(s, n, opt) without a malloc per call: the code points go to
 * the reused buffer *buf (capacity *cap, grown as needed) and the UTF-8
 * result is left at its start, as bytes.  *len is its length, or negative
 * when utf8proc reports an error.  Returns NS_OK or NS_ERR_NOMEM. */
ns_status ns_utf8_map(const char *s, size_t n, int opt, int32_t **buf, size_t *cap, ptrdiff_t *len);

/* Days since 1970-01-01 of a "YYYY-MM-DD" prefix, or INT32_MIN if s is not one. */
int32_t ns_date_days(const char *s);

/* Copy s[0..n) into out as valid UTF-8: invalid bytes become U+FFFD, NULs
 * are dropped.  out has room for 3 * n bytes.  Returns bytes written; *bad
 * counts the repairs (read.c). */
size_t ns_copy_utf8(char *out, const char *s, size_t n, int *bad);
/* Names an output line of deduped.jsonl.gz has itself (id, title, date,
 * source, url, text, story, dup_group_size, duplicates): an input member or
 * column of that name is not passed through (read.c). */
int ns_is_output_name(const char *k);
/* The UTC day of a time (seconds since 1970) as YYYY-MM-DD. */
void ns_day_string(int64_t t, char *out, size_t len);

/* lang.c: the stop-word lookup by bisection of the sorted lists, which the
 * hash table of ns_lang_stopword replaces; the tests compare the two. */
int ns_lang_stopword_bisect(int l, const char *w, size_t n);

/* ---- ASCII words: runs of ASCII letters and digits, the common case of
 * the tokeniser and of line keys.  With SSE2 (every x86-64) 16 bytes are
 * classified at a time; elsewhere, and for the last bytes, byte by byte.
 * Both paths give the same result. */

/* Index of the lowest set bit of x (x != 0). */
static inline unsigned ns_ctz64(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(x);
#else
	unsigned n = 0;
	while (!(x & 1)) { x >>= 1; n++; }
	return n;
#endif
}

static inline int ns_ascii_word_byte(unsigned c)
{
	return c - '0' < 10u || (c | 32u) - 'a' < 26u;
}

#if defined(__SSE2__)
/* 0xFF in each byte of v that is an ASCII letter or digit; *upper gets
 * 0xFF in the upper-case letters. */
static inline __m128i ns_word_bytes16(__m128i v, __m128i *upper)
{
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
	__m128i lo = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
	__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	*upper = up;
	return _mm_or_si128(_mm_or_si128(up, lo), dg);
}
#endif

/* Copy the run of ASCII letters and digits that starts p[0, n) into o,
 * lower-cased; returns its length.  o has room for n bytes (whole blocks
 * are stored, past the run's end). */
static inline size_t ns_ascii_word_copy(const unsigned char *p, size_t n, unsigned char *o)
{
	size_t i = 0;
#if defined(__SSE2__)
	while (i + 16 <= n) {
		__m128i up, v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned m = (unsigned)_mm_movemask_epi8(ns_word_bytes16(v, &up)) ^ 0xFFFFu;
		_mm_storeu_si128((__m128i *)(void *)(o + i), _mm_add_epi8(v, _mm_and_si128(up, _mm_set1_epi8(0x20))));
		if (m) return i + ns_ctz64(m);
		i += 16;
	}
#endif
	for (; i < n && ns_ascii_word_byte(p[i]); i++) o[i] = (unsigned char)((unsigned)p[i] - 'A' < 26u ? p[i] + 32 : p[i]);
	return i;
}

/* Length of the run of ASCII bytes other than letters and digits that
 * starts p[0, n): where the next ASCII word or non-ASCII byte begins. */
static inline size_t ns_ascii_sep_len(const unsigned char *p, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	while (i + 16 <= n) {
		__m128i up, v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i stop = _mm_or_si128(ns_word_bytes16(v, &up), _mm_cmplt_epi8(v, _mm_setzero_si128()));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		if (m) return i + ns_ctz64(m);
		i += 16;
	}
#endif
	while (i < n && p[i] < 0x80 && !ns_ascii_word_byte(p[i])) i++;
	return i;
}


#endif
