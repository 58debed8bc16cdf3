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
	free(t->u32);
	memset(t, 0, sizeof(*t));
}

static ns_status grow_tokens(ns_tokens *t)
{
	size_t c = t->cap ? t->cap * 2 : 256;
	uint32_t *a = realloc(t->off, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->off = a;
	a = realloc(t->len, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->len = a;
	a = realloc(t->src, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->src = a;
	a = realloc(t->src_len, c * sizeof(uint32_t)); if (!a) return NS_ERR_NOMEM; t->src_len = a;
	t->cap = c;
	return NS_OK;
}

#define NS_TOK_FLAGS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)

/* Append the normalised form of a token with non-ASCII code points to norm
 * (no NUL); *n gets its length, 0 when nothing is left.  This is what
 * utf8proc_map() does (decompose, then normalise and re-encode in place),
 * into a code point buffer kept in t instead of one malloc'd per token. */
static ns_status map_token(ns_tokens *t, const char *text, size_t s, size_t e, int strip, size_t *n)
{
	utf8proc_option_t opt = NS_TOK_FLAGS | (strip ? UTF8PROC_STRIPMARK : 0);
	const utf8proc_uint8_t *src = (const utf8proc_uint8_t *)text + s;
	utf8proc_ssize_t sl = (utf8proc_ssize_t)(e - s);
	utf8proc_ssize_t r = utf8proc_decompose_custom(src, sl, t->u32, (utf8proc_ssize_t)t->u32cap, opt, NULL, NULL);
	if (r >= 0 && (size_t)r >= t->u32cap) {
		/* at least one code point more than the result: the re-encoder
		 * writes a NUL after the UTF-8, which is never longer than 4 bytes
		 * per code point */
		size_t c = NS_MAX((size_t)r + 1, 2 * t->u32cap);
		int32_t *b = realloc(t->u32, c * sizeof(int32_t));
		if (!b) return NS_ERR_NOMEM;
		t->u32 = b;
		t->u32cap = c;
		r = utf8proc_decompose_custom(src, sl, t->u32, (utf8proc_ssize_t)t->u32cap, opt, NULL, NULL);
	}
	if (r >= 0) r = utf8proc_reencode(t->u32, r, opt);
	if (r < 0) { /* cannot happen on valid UTF-8; keep the bytes as they are */
		*n = e - s;
		return ns_buf_put(&t->norm, text + s, e - s);
	}
	*n = (size_t)r;
	return r ? ns_buf_put(&t->norm, t->u32, (size_t)r) : NS_OK;
}

#define NS_STRIP_LIMIT 0x0500 /* below: Latin, IPA, Greek, Cyrillic and their combining marks */

/* ASCII bytes: 1 for a word byte (letter or digit), else 0; the lower-case
 * form in the second table. */
static const unsigned char ascii_word[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
	['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
	['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
	['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* ascii: the token is pure ASCII; strip: it is Latin, Greek or Cyrillic
 * only, whose accents are dropped (an outlet that writes "Muller" or "cafe"
 * still copies "Müller" and "café"); other scripts keep their marks, which
 * carry vowels.
 *
 * The scan copies a token's bytes lower-cased into norm as it goes, so a
 * pure-ASCII token (nearly all of them) is done when its end is found; one
 * that meets a non-ASCII code point is dropped from norm and normalised by
 * utf8proc from its source bytes. */
ns_status ns_tokenize(const char *text, size_t len, ns_tokens *t)
{
	const unsigned char *p = (const unsigned char *)text;
	t->n = 0;
	t->norm.len = 0;
	if (ns_buf_reserve(&t->norm, len + 1)) return NS_ERR_NOMEM;
	t->norm.p[0] = 0;
	size_t i = 0;
	while (i < len) {
		/* skip separators */
		while (i < len) {
			i += ns_ascii_sep_len(p + i, len - i);
			if (i >= len) break;
			if (p[i] < 0x80) {
				break; /* an ASCII word starts */
			} else {
				int32_t cp;
				size_t l = ns_utf8_decode(p + i, len - i, &cp);
				if (l && ns_is_word_cp(cp)) break;
				i += l ? l : 1;
			}
		}
		if (i >= len) break;
		if (t->n == t->cap && grow_tokens(t)) return NS_ERR_NOMEM;
		/* room for the rest of the text as one token and its NUL: pure-ASCII
		 * tokens take no more than their bytes plus a separator's */
		if (t->norm.cap - t->norm.len < len - i + 2 && ns_buf_reserve(&t->norm, len - i + 1)) return NS_ERR_NOMEM;
		size_t s = i, off = t->norm.len;
		unsigned char *o = (unsigned char *)t->norm.p + off;
		int ascii = 1, strip = 1;
		size_t w = ns_ascii_word_copy(p + i, len - i, o);
		o += w;
		i += w;
		while (i < len) {
			if (p[i] < 0x80) {
				if (!ascii_word[p[i]]) break;
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
		size_t n = (size_t)(o - (unsigned char *)t->norm.p) - off;
		if (ascii) {
			t->norm.len += n;
		} else {
			ns_status st = map_token(t, text, s, i, strip, &n);
			if (st) return st;
			if (n == 0) continue; /* only combining marks, all stripped: no word */
			if (ns_buf_reserve(&t->norm, 1)) return NS_ERR_NOMEM;
		}
		t->norm.p[t->norm.len++] = 0; /* tokens stay separate, each NUL-terminated */
		t->norm.p[t->norm.len] = 0;
		t->off[t->n] = (uint32_t)off;
		t->len[t->n] = (uint32_t)n;
		t->src[t->n] = (uint32_t)s;
		t->src_len[t->n] = (uint32_t)(i - s);
		t->n++;
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
