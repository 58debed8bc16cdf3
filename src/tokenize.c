/* newsift — tokeniser and shingles.
 *
 * The tokeniser walks the text once.  ASCII bytes are classified by a table;
 * a non-ASCII code point is classified by its Unicode category.  A token
 * made of ASCII only is lower-cased byte by byte; one with any non-ASCII code
 * point goes through utf8proc (NFKC + case fold), which for an ASCII-only
 * token would give the same bytes, so the fast path changes speed only.
 *
 * A shingle is XXH3-64 (seeded) over the little-endian bytes of k consecutive
 * token hashes; hashing hashes keeps the cost per shingle constant in k. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/tokenize.h"

void ns_tokens_free(ns_tokens *t)
{
	ns_buf_free(&t->norm);
	free(t->off); free(t->len); free(t->src); free(t->src_len);
	memset(t, 0, sizeof(*t));
}

/* ascii: the token is pure ASCII; strip: it is Latin, Greek or Cyrillic
 * only, whose accents are dropped (an outlet that writes "Muller" or "cafe"
 * still copies "Müller" and "café"); other scripts keep their marks, which
 * carry vowels. */
static ns_status push_token(ns_tokens *t, const char *text, size_t s, size_t e, int ascii, int strip)
{
	if (t->n == t->cap) {
		size_t c = t->cap ? t->cap * 2 : 256;
		uint32_t *a = realloc(t->off, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->off = a;
		a = realloc(t->len, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->len = a;
		a = realloc(t->src, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->src = a;
		a = realloc(t->src_len, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->src_len = a;
		t->cap = c;
	}
	size_t off = t->norm.len, n = e - s;
	if (ascii) {
		if (ns_buf_reserve(&t->norm, n)) return NS_ERR_NOMEM;
		char *o = t->norm.p + off;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)text[s + i];
			o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		t->norm.len += n;
		t->norm.p[t->norm.len] = 0;
	} else {
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)text + s, (utf8proc_ssize_t)n, &m,
		                                  UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
		                                      (strip ? UTF8PROC_STRIPMARK : 0));
		if (r == 0) { /* only combining marks, all stripped: no word */
			free(m);
			return NS_OK;
		}
		if (r < 0) { /* cannot happen on valid UTF-8; keep the bytes as they are */
			if (ns_buf_put(&t->norm, text + s, n)) return NS_ERR_NOMEM;
		} else {
			ns_status st = ns_buf_put(&t->norm, m, (size_t)r);
			free(m);
			if (st) return st;
			n = (size_t)r;
		}
	}
	if (ns_buf_put(&t->norm, "", 0)) return NS_ERR_NOMEM; /* keeps the NUL after the token */
	t->norm.len++; /* step over that NUL so tokens stay separate */
	t->off[t->n] = (uint32_t)off;
	t->len[t->n] = (uint32_t)(t->norm.len - 1 - off);
	t->src[t->n] = (uint32_t)s;
	t->src_len[t->n] = (uint32_t)(e - s);
	t->n++;
	return NS_OK;
}

#define NS_STRIP_LIMIT 0x0500 /* below: Latin, IPA, Greek, Cyrillic and their combining marks */

static inline int is_ascii_word(unsigned c)
{
	return (c - '0' < 10u) || ((c | 32u) - 'a' < 26u);
}

ns_status ns_tokenize(const char *text, size_t len, ns_tokens *t)
{
	const unsigned char *p = (const unsigned char *)text;
	t->n = 0;
	t->norm.len = 0;
	size_t i = 0;
	while (i < len) {
		/* skip separators */
		while (i < len) {
			if (p[i] < 0x80) {
				if (is_ascii_word(p[i])) break;
				i++;
			} else {
				int32_t cp;
				size_t l = ns_utf8_decode(p + i, len - i, &cp);
				if (l && ns_is_word_cp(cp)) break;
				i += l ? l : 1;
			}
		}
		if (i >= len) break;
		size_t s = i;
		int ascii = 1, strip = 1;
		while (i < len) {
			if (p[i] < 0x80) {
				if (!is_ascii_word(p[i])) break;
				i++;
			} else {
				int32_t cp;
				size_t l = ns_utf8_decode(p + i, len - i, &cp);
				if (!l || !ns_is_word_cp(cp)) break;
				ascii = 0;
				if (cp >= NS_STRIP_LIMIT) strip = 0;
				i += l;
			}
		}
		ns_status st = push_token(t, text, s, i, ascii, strip);
		if (st) return st;
	}
	return NS_OK;
}

uint64_t ns_token_hash(const char *tok, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(tok, len, seed);
}

/* The n-k+1 shingle hashes in text order (one when 0 < n < k). */
static size_t shingle_hashes(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out)
{
	if (n == 0 || k == 0) return 0;
	size_t w = n < k ? n : k, m = n - w + 1;
	unsigned char buf[8 * 64];
	unsigned char *b = w <= 64 ? buf : malloc(8 * w);
	if (!b) return 0;
	for (size_t i = 0; i < m; i++) {
		for (size_t j = 0; j < w; j++) {
			uint64_t h = tokhash[i + j];
			for (int q = 0; q < 8; q++) b[8 * j + (size_t)q] = (unsigned char)(h >> (8 * q));
		}
		out[i] = XXH3_64bits_withSeed(b, 8 * w, seed);
	}
	if (b != buf) free(b);
	return m;
}

/* Sort and make unique in place; returns the count. */
static size_t sort_unique(uint64_t *v, size_t m)
{
	ns_sort_u64(v, m);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (u == 0 || v[u - 1] != v[i]) v[u++] = v[i];
	return u;
}

size_t ns_shingles(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out)
{
	return sort_unique(out, shingle_hashes(tokhash, n, k, seed, out));
}

size_t ns_shingle_seq(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out, uint32_t *seq,
                      size_t *nseq)
{
	size_t m = shingle_hashes(tokhash, n, k, seed, out);
	uint64_t *order = malloc((m ? m : 1) * sizeof(uint64_t));
	if (!order) { *nseq = 0; return 0; }
	memcpy(order, out, m * sizeof(uint64_t));
	size_t u = sort_unique(out, m);
	for (size_t i = 0; i < m; i++) {
		size_t lo = 0, hi = u;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (out[mid] < order[i]) lo = mid + 1;
			else hi = mid;
		}
		seq[i] = (uint32_t)lo;
	}
	free(order);
	*nseq = m;
	return u;
}
