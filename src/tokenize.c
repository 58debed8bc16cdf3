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
#include <pthread.h>
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
	free(t->scratch);
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
	ptrdiff_t r;
	ns_status st = ns_utf8_map(text + s, e - s, NS_TOK_FLAGS | (strip ? UTF8PROC_STRIPMARK : 0), &t->u32, &t->u32cap, &r);
	if (st) return st;
	if (r < 0) { /* cannot happen on valid UTF-8; keep the bytes as they are */
		*n = e - s;
		return ns_buf_put(&t->norm, text + s, e - s);
	}
	*n = (size_t)r;
	return r ? ns_buf_put(&t->norm, t->u32, (size_t)r) : NS_OK;
}

#define NS_STRIP_LIMIT 0x0500 /* below: Latin, IPA, Greek, Cyrillic and their combining marks */

/* Classify the text once, 64 bytes to a word: bit j of wm[] is set when
 * text[j] is an ASCII letter or digit, of hm[] when it is a non-ASCII
 * byte; low[] is the text with ASCII capitals lowered (and 64 bytes of
 * slack).  Finding a token's start and end is then a count of zero bits,
 * with no chain of dependent loads and no branch per byte. */
static ns_status classify(ns_tokens *t, const unsigned char *p, size_t len, uint64_t **wmp, uint64_t **hmp,
                          unsigned char **lowp)
{
	size_t nw = len / 64 + 1, need = 2 * nw * sizeof(uint64_t) + len + 64;
	if (need > t->scap) {
		void *b = malloc(need);
		if (!b) return NS_ERR_NOMEM;
		free(t->scratch);
		t->scratch = b;
		t->scap = need;
	}
	uint64_t *wm = t->scratch, *hm = wm + nw;
	unsigned char *low = (unsigned char *)(hm + nw);
	size_t i = 0, w = 0;
#if defined(__SSE2__)
	for (; i + 64 <= len; i += 64, w++) {
		uint64_t a = 0, h = 0;
		for (unsigned k = 0; k < 4; k++) {
			__m128i up, v = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16 * k));
			a |= (uint64_t)(unsigned)_mm_movemask_epi8(ns_word_bytes16(v, &up)) << (16 * k);
			h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * k);
			_mm_storeu_si128((__m128i *)(void *)(low + i + 16 * k), _mm_add_epi8(v, _mm_and_si128(up, _mm_set1_epi8(0x20))));
		}
		wm[w] = a;
		hm[w] = h;
	}
#endif
	for (; i < len; i += 64, w++) {
		uint64_t a = 0, h = 0;
		size_t e = NS_MIN(len, i + 64);
		for (size_t j = i; j < e; j++) {
			unsigned c = p[j];
			a |= (uint64_t)ns_ascii_word_byte(c) << (j - i);
			h |= (uint64_t)(c >= 0x80) << (j - i);
			low[j] = (unsigned char)(c - 'A' < 26u ? c + 32 : c);
		}
		wm[w] = a;
		hm[w] = h;
	}
	for (; w < nw; w++) wm[w] = hm[w] = 0;
	*wmp = wm;
	*hmp = hm;
	*lowp = low;
	return NS_OK;
}

/* First position at or after i (< len) of a set bit of a | b, or of a
 * clear bit of a when b is NULL; len when there is none. */
static inline size_t next_bit(const uint64_t *a, const uint64_t *b, size_t i, size_t len)
{
	size_t w = i >> 6, nw = len / 64 + 1;
	uint64_t x = (b ? a[w] | b[w] : ~a[w]) & (~(uint64_t)0 << (i & 63));
	while (!x) {
		if (++w >= nw) return len;
		x = b ? a[w] | b[w] : ~a[w];
	}
	size_t r = (w << 6) + ns_ctz64(x);
	return r < len ? r : len;
}

/* ascii: the token is pure ASCII; strip: it is Latin, Greek or Cyrillic
 * only, whose accents are dropped (an outlet that writes "Muller" or "cafe"
 * still copies "Müller" and "café"); other scripts keep their marks, which
 * carry vowels.
 *
 * A pure-ASCII token (nearly all of them) is found in the bit maps and
 * copied from the lowered text; one that meets a non-ASCII code point is
 * scanned on byte by byte, dropped from norm and normalised by utf8proc
 * from its source bytes. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline ns_status tokenize(const char *text, size_t len, size_t line_cap, ns_tokens *t)
{
	const unsigned char *p = (const unsigned char *)text;
	t->n = 0;
	t->norm.len = 0;
	if (ns_buf_reserve(&t->norm, len + 1)) return NS_ERR_NOMEM;
	t->norm.p[0] = 0;
	uint64_t *wm, *hm;
	unsigned char *low;
	if (classify(t, p, len, &wm, &hm, &low)) return NS_ERR_NOMEM;
	size_t i = 0, inl = 0, nl = 0; /* tokens of the current line, its end (valid once i <= nl) */
	if (line_cap) {
		const void *q = memchr(p, '\n', len);
		nl = q ? (size_t)((const unsigned char *)q - p) : len;
	}
	while (i < len) {
		/* skip separators: to the next ASCII word byte or non-ASCII byte */
		for (;;) {
			i = next_bit(wm, hm, i, len);
			if (i >= len || p[i] < 0x80) break;
			int32_t cp;
			size_t l = ns_utf8_decode(p + i, len - i, &cp);
			if (l && ns_is_word_cp(cp)) break;
			i += l ? l : 1;
		}
		if (i >= len) break;
		if (line_cap) {
			/* a token past the line's quota: on to the line end, a separator */
			if (i > nl) {
				const void *q = memchr(p + i, '\n', len - i);
				nl = q ? (size_t)((const unsigned char *)q - p) : len;
				inl = 0;
			}
			if (inl == line_cap) {
				i = nl;
				continue;
			}
			inl++;
		}
		if (t->n == t->cap && grow_tokens(t)) return NS_ERR_NOMEM;
		/* room for the rest of the text as one token and its NUL: pure-ASCII
		 * tokens take no more than their bytes plus a separator's */
		if (t->norm.cap - t->norm.len < len - i + 2 && ns_buf_reserve(&t->norm, len - i + 1)) return NS_ERR_NOMEM;
		size_t s = i, off = t->norm.len;
		unsigned char *o = (unsigned char *)t->norm.p + off;
		int ascii = 1, strip = 1;
		size_t e = next_bit(wm, NULL, i, len), w = e - i;
		if (w <= 16 && len - i >= 16) memcpy(o, low + i, 16); /* one fixed-size move; norm has the room */
		else memcpy(o, low + i, w);
		o += w;
		i = e;
		while (i < len) {
			if (p[i] < 0x80) {
				if (!ns_ascii_word_byte(p[i])) break;
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

ns_status ns_tokenize(const char *text, size_t len, ns_tokens *t)
{
	return tokenize(text, len, 0, t);
}

ns_status ns_tokenize_lines(const char *text, size_t len, size_t max_per_line, ns_tokens *t)
{
	return tokenize(text, len, max_per_line, t);
}

/* What a byte becomes in a skeleton: itself, a letter it is confused with,
 * or 0 (left out).  The pairs OCR reads as one letter (rn -> m, vv -> w,
 * cl -> d): skel_next[c] is the second byte of the pair c starts (0xFF,
 * never in UTF-8, when none) and skel_pair[c] what the pair becomes. */
static unsigned char skel_map[256], skel_next[256], skel_pair[256];
/* made once, before any thread reads them: a second initialisation racing
 * a reader would show it a byte reset to itself for a moment (a vowel kept),
 * and so one text a skeleton another run does not give it */
static pthread_once_t skel_once = PTHREAD_ONCE_INIT;

static void skel_init(void)
{
	for (int c = 0; c < 256; c++) {
		skel_map[c] = (unsigned char)c;
		skel_next[c] = 0xFF;
	}
	const char *out = "aeiouycn";
	for (const char *p = out; *p; p++) skel_map[(unsigned char)*p] = 0;
	skel_map['1'] = 'l';
	skel_map['0'] = 0; /* o, left out */
	skel_map['5'] = 's';
	skel_map['b'] = 'h';
	skel_map['f'] = 't';
	skel_next['r'] = 'n', skel_pair['r'] = 'm'; /* what OCR reads as one letter */
	skel_next['v'] = 'v', skel_pair['v'] = 'w';
	skel_next['c'] = 'l', skel_pair['c'] = 'd';
}

/* One byte's skeleton value from the byte before it, itself and the byte
 * after it, before a repeat is left out. */
static inline unsigned skel_value(unsigned prev, unsigned c, unsigned d)
{
	unsigned v = skel_next[c] == d ? skel_pair[c] : skel_map[c];
	return skel_next[prev] == c ? 0 : v;
}

#if defined(__SSE2__)
static inline __m128i skel_eq(__m128i x, char c)
{
	return _mm_cmpeq_epi8(x, _mm_set1_epi8(c));
}

static inline __m128i skel_put(__m128i v, __m128i m, char c)
{
	return _mm_or_si128(_mm_andnot_si128(m, v), _mm_and_si128(m, _mm_set1_epi8(c)));
}

/* skel_value of 16 bytes at once (p: the byte before them, c: them, d:
 * the byte after each) */
static inline __m128i skel_value16(__m128i p, __m128i c, __m128i d)
{
	__m128i out = _mm_or_si128(_mm_or_si128(_mm_or_si128(skel_eq(c, 'a'), skel_eq(c, 'e')),
	                                        _mm_or_si128(skel_eq(c, 'i'), skel_eq(c, 'o'))),
	                           _mm_or_si128(_mm_or_si128(skel_eq(c, 'u'), skel_eq(c, 'y')),
	                                        _mm_or_si128(skel_eq(c, 'c'), skel_eq(c, 'n'))));
	__m128i v = _mm_andnot_si128(_mm_or_si128(out, skel_eq(c, '0')), c);
	v = skel_put(v, skel_eq(c, '1'), 'l');
	v = skel_put(v, skel_eq(c, '5'), 's');
	v = skel_put(v, skel_eq(c, 'b'), 'h');
	v = skel_put(v, skel_eq(c, 'f'), 't');
	__m128i rn = _mm_and_si128(skel_eq(c, 'r'), skel_eq(d, 'n')), vv = _mm_and_si128(skel_eq(c, 'v'), skel_eq(d, 'v')),
	        cl = _mm_and_si128(skel_eq(c, 'c'), skel_eq(d, 'l'));
	v = skel_put(skel_put(skel_put(v, rn, 'm'), vv, 'w'), cl, 'd');
	__m128i end = _mm_or_si128(_mm_or_si128(_mm_and_si128(skel_eq(p, 'r'), skel_eq(c, 'n')),
	                                        _mm_and_si128(skel_eq(p, 'v'), skel_eq(c, 'v'))),
	                           _mm_and_si128(skel_eq(p, 'c'), skel_eq(c, 'l')));
	return _mm_andnot_si128(end, v);
}
#endif

/* Every byte is mapped on its own (the letters are as good as random, so a
 * branch on them would be missed half the time), 16 at a time where SSE2
 * is: a byte that ends a pair or repeats the value before it becomes 0. */
void ns_skeleton_map(const char *w, size_t len, char *out)
{
	pthread_once(&skel_once, skel_init);
	const unsigned char *u = (const unsigned char *)w;
	unsigned prev = 0, pv = 0;
	size_t i = 0;
	if (len) {
		pv = skel_value(0, u[0], u[1]);
		out[0] = (char)pv;
		prev = u[0];
		i = 1;
	}
#if defined(__SSE2__)
	for (; i + 16 < len; i += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		__m128i p = _mm_loadu_si128((const __m128i *)(const void *)(u + i - 1));
		__m128i d = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
		__m128i v = skel_value16(p, c, d);
		__m128i before = _mm_or_si128(_mm_slli_si128(v, 1), _mm_cvtsi32_si128((int)pv));
		_mm_storeu_si128((__m128i *)(void *)(out + i), _mm_andnot_si128(_mm_cmpeq_epi8(v, before), v));
		pv = (unsigned)_mm_cvtsi128_si32(_mm_srli_si128(v, 15)) & 0xFF;
		prev = u[i + 15];
	}
#endif
	for (; i < len; i++) {
		unsigned c = u[i], v = skel_value(prev, c, u[i + 1]);
		out[i] = (char)(v == pv ? 0 : v);
		pv = v;
		prev = c;
	}
}

static size_t take_bytes(const char *m, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		out[n] = m[i];
		n += m[i] != 0;
	}
	return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
/* For each 8-bit mask, the positions of its set bits in order (then 0x80,
 * which pshufb makes 0): the shuffle that moves kept bytes to the front. */
static unsigned char take_shuf[256][8], take_cnt[256];
static int take_ssse3_ok;
static pthread_once_t take_once = PTHREAD_ONCE_INIT; /* the tables are whole before a thread reads them */

static void take_init(void)
{
	for (int k = 0; k < 256; k++) {
		int n = 0;
		for (int b = 0; b < 8; b++)
			if (k >> b & 1) take_shuf[k][n++] = (unsigned char)b;
		take_cnt[k] = (unsigned char)n;
		for (; n < 8; n++) take_shuf[k][n] = 0x80;
	}
	__builtin_cpu_init();
	take_ssse3_ok = __builtin_cpu_supports("ssse3") ? 1 : 0;
}

/* Up to 16 bytes without a branch per byte: the kept bytes of each half
 * moved to its front by one shuffle, the two halves stored one after the
 * other.  Reads 16 bytes at m, writes 24 at out. */
__attribute__((target("ssse3"))) static size_t take16(const char *m, size_t len, char *out)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)m);
	unsigned keep = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & ((1u << len) - 1);
	unsigned lo = keep & 0xFF, hi = keep >> 8, nlo = take_cnt[lo];
	__m128i a = _mm_shuffle_epi8(v, _mm_loadl_epi64((const __m128i *)(const void *)take_shuf[lo]));
	__m128i b = _mm_shuffle_epi8(_mm_srli_si128(v, 8), _mm_loadl_epi64((const __m128i *)(const void *)take_shuf[hi]));
	_mm_storel_epi64((__m128i *)(void *)out, a);
	_mm_storel_epi64((__m128i *)(void *)(out + nlo), b);
	return nlo + take_cnt[hi];
}
#endif

size_t ns_skeleton_take(const char *m, size_t len, char *out)
{
	size_t n;
#if defined(__x86_64__) && defined(__GNUC__)
	pthread_once(&take_once, take_init);
	if (take_ssse3_ok && len <= 16) n = take16(m, len, out);
	else
#endif
		n = take_bytes(m, len, out);
	if (!n) out[n++] = '_';
	return n;
}

size_t ns_token_skeleton(const char *w, size_t wl, char *b)
{
	char tmp[256];
	if (wl >= sizeof(tmp)) wl = sizeof(tmp) - 1;
	memcpy(tmp, w, wl);
	tmp[wl] = 0;
	char m[256 + 16] = {0}, o[256 + 24];
	ns_skeleton_map(tmp, wl, m);
	size_t n = ns_skeleton_take(m, wl, o);
	memcpy(b, o, n);
	return n;
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

size_t ns_shingle_list(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out)
{
	return shingle_hashes(tokhash, n, k, seed, out);
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
