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

/* The n-k+1 shingle hashes in text order (one when 0 < n < k).  A shingle
 * hashes the little-endian bytes of its token hashes; on a little-endian
 * machine those are the array's own bytes, hashed where they lie. */
static size_t shingle_hashes(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out)
{
	if (n == 0 || k == 0) return 0;
	size_t w = n < k ? n : k, m = n - w + 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (size_t i = 0; i < m; i++) out[i] = XXH3_64bits_withSeed(tokhash + i, 8 * w, seed);
#else
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
#endif
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

/* A shingle hash and where it stands in the text. */
typedef struct {
	uint64_t h;
	uint64_t pos;
} hpos;

static int cmp_hpos(const void *a, const void *b)
{
	const hpos *x = a, *y = b;
	if (x->h != y->h) return x->h < y->h ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

#define NS_BUCKET_SMALL 32     /* a bucket up to this size is insertion-sorted */
#define NS_BUCKET_BITS_MAX 24  /* at most 2^24 buckets: larger texts get fuller ones */

/* Sort (hash, position) pairs by hash.  Shingle hashes are uniform, so one
 * counting pass on the top bits into about one bucket per pair leaves
 * buckets of one or two pairs, each finished by insertion sort: linear time
 * where a comparison sort followed by a binary search per shingle was not.
 * A bucket that is large anyway (input made to collide) falls back to
 * qsort, so no input is quadratic. */
static void sort_hpos(const uint64_t *h, size_t m, hpos *out, uint32_t *cnt, unsigned bits)
{
	size_t nb = (size_t)1 << bits;
	unsigned shift = 64 - bits;
	memset(cnt, 0, (nb + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < m; i++) cnt[(h[i] >> shift) + 1]++;
	for (size_t b = 0; b < nb; b++) cnt[b + 1] += cnt[b];
	/* cnt[b] is now the start of bucket b; advancing it while scattering
	 * leaves it at the start of bucket b + 1 */
	for (size_t i = 0; i < m; i++) {
		hpos *o = &out[cnt[h[i] >> shift]++];
		o->h = h[i];
		o->pos = i;
	}
	size_t s = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t e = cnt[b];
		if (e - s > NS_BUCKET_SMALL) {
			qsort(out + s, e - s, sizeof(hpos), cmp_hpos);
		} else {
			for (size_t i = s + 1; i < e; i++) {
				hpos x = out[i];
				size_t j = i;
				while (j > s && out[j - 1].h > x.h) { out[j] = out[j - 1]; j--; }
				out[j] = x;
			}
		}
		s = e;
	}
}

size_t ns_shingle_seq(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out, uint32_t *seq,
                      size_t *nseq)
{
	size_t m = shingle_hashes(tokhash, n, k, seed, out);
	if (m == 0) { *nseq = 0; return 0; }
	unsigned bits = 1;
	while (bits < NS_BUCKET_BITS_MAX && ((size_t)1 << bits) < m) bits++;
	size_t nb = (size_t)1 << bits;
	/* one block: the pairs, then the bucket counts */
	hpos *p = malloc(m * sizeof(hpos) + (nb + 1) * sizeof(uint32_t));
	if (!p) { *nseq = 0; return 0; }
	sort_hpos(out, m, p, (uint32_t *)(p + m), bits);
	/* the sorted hashes made unique are the set; each position gets the
	 * index of its hash there */
	size_t u = 0;
	for (size_t i = 0; i < m; i++) {
		if (u == 0 || out[u - 1] != p[i].h) out[u++] = p[i].h;
		seq[p[i].pos] = (uint32_t)(u - 1);
	}
	free(p);
	*nseq = m;
	return u;
}
