/* newsift — story term vectors and candidate search.
 *
 * Counting: the tokens of title (twice) and text are hashed, stop words and
 * one-character tokens dropped, and the hashes sorted and run-length counted.
 * Document frequency: all vectors' terms are concatenated and sorted.
 * Candidates: every document posts its top terms to an inverted index
 * (sorted (term, doc) entries, too long lists dropped); then, document by
 * document, the later documents of its lists are counted in a dense
 * per-thread array, and those seen min_shared times or more make a pair.
 * So memory is that of the index, not of every co-occurring pair, and rows
 * can be done in parallel.  Everything is sorted, so results do not depend
 * on threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "internal.h"
#include "newsift/clean.h"
#include "newsift/stories.h"
#include "vfile.h"

/* Is the token at source offset off capitalised inside a sentence (a name),
 * rather than capitalised because it starts one? */
static int is_name(const char *s, size_t off)
{
	unsigned char c = (unsigned char)s[off];
	if (!(c >= 'A' && c <= 'Z')) return 0;
	size_t i = off;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '"' || s[i - 1] == '\'' || s[i - 1] == '(')) i--;
	if (i == 0) return 0;
	char p = s[i - 1];
	return !(p == '.' || p == '!' || p == '?' || p == '\n' || p == ':');
}

#define NS_NAME_WEIGHT 2 /* a capitalised word inside a sentence (a name) counts this many times */
#define NS_BIGRAM_MUL 0x9E3779B97F4A7C15ULL

/* Append the terms of s, tokenised in tok, to *h (growable): content words,
 * names counted NS_NAME_WEIGHT times, and bigrams of adjacent content words
 * ("april fools", "mobb deep"), which tell one event from another on the
 * same subject better than single words.  With lines set, no bigram spans a
 * line break (a paragraph's end). */
static ns_status add_terms(const char *s, const ns_tokens *tok, int lines, ns_lang lang, ns_stemmer *stemmer,
                           uint64_t **h, size_t *n, size_t *cap)
{
	if (ns_grow((void **)h, cap, *n + (size_t)(NS_NAME_WEIGHT + 1) * tok->n, sizeof(uint64_t))) return NS_ERR_NOMEM;
	size_t prev_i = SIZE_MAX;
	uint64_t prev_h = 0;
	for (size_t i = 0; i < tok->n; i++) {
		const char *w = tok->norm.p + tok->off[i];
		size_t wl = tok->len[i];
		if (wl < 2) continue;
		/* the word's hash keys the stop-word table and, unstemmed, is the term */
		uint64_t hv = ns_token_hash(w, wl, 0);
		if (ns_lang_stopword_hash(lang, w, wl, hv)) continue;
		/* English is not stemmed: on multinews-val Snowball English lowered
		 * the story ARI (0.751 -> 0.743); other languages gain a lot from it
		 * (multiling2011 fr 0.665 -> 0.793), see results/eval.md */
		if (stemmer && lang != NS_LANG_EN) {
			w = ns_stem(stemmer, lang, w, wl, &wl);
			hv = ns_token_hash(w, wl, 0);
		}
		(*h)[(*n)++] = hv;
		if (prev_i != SIZE_MAX && prev_i + 1 == i) {
			size_t ge = tok->src[prev_i] + tok->src_len[prev_i];
			if (!lines || !memchr(s + ge, '\n', tok->src[i] - ge)) (*h)[(*n)++] = prev_h * NS_BIGRAM_MUL ^ hv;
		}
		prev_i = i;
		prev_h = hv;
		if (is_name(s, tok->src[i]))
			for (int k = 1; k < NS_NAME_WEIGHT; k++) (*h)[(*n)++] = hv;
	}
	return NS_OK;
}

#define NS_DETECT_BYTES 4096 /* the language is told from the text's first bytes */

struct ns_story_scratch {
	uint64_t *h; /* term hashes of one article */
	size_t hcap;
	ns_hsort sort;
};

ns_story_scratch *ns_story_scratch_create(void)
{
	return calloc(1, sizeof(ns_story_scratch));
}

ns_status ns_story_counts(const char *title, size_t tlen, const char *text, size_t len, int stem, ns_tokens *tok,
                          ns_stemmer *stemmer, ns_story_scratch *sc, ns_termvec *v, ns_lang *lang)
{
	size_t n = 0;
	v->t = NULL;
	v->n = 0;
	size_t dl = len < NS_DETECT_BYTES ? len : NS_DETECT_BYTES;
	while (dl < len && dl > 0 && ((unsigned char)text[dl] & 0xC0) == 0x80) dl--; /* whole code points */
	if (ns_tokenize(text, dl, tok)) return NS_ERR_NOMEM;
	ns_lang lg = ns_lang_detect(tok);
	*lang = lg;
	ns_stemmer *sm = stem ? stemmer : NULL;
	/* the title counts twice; no bigram spans two paragraphs of the text
	 * (most texts are shorter than the detection bytes: tokenised once) */
	ns_status st = NS_OK;
	if (dl < len && ns_tokenize(text, len, tok)) return NS_ERR_NOMEM;
	st = add_terms(text, tok, 1, lg, sm, &sc->h, &n, &sc->hcap);
	if (!st && ns_tokenize(title, tlen, tok)) st = NS_ERR_NOMEM;
	if (!st) st = add_terms(title, tok, 0, lg, sm, &sc->h, &n, &sc->hcap);
	if (!st) st = add_terms(title, tok, 0, lg, sm, &sc->h, &n, &sc->hcap);
	if (st || n == 0) return st;
	uint64_t *h = sc->h;
	ns_sort_hashes(h, n, &sc->sort);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) if (i == 0 || h[i] != h[i - 1]) u++;
	v->t = malloc(u * sizeof(ns_term));
	if (!v->t) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || h[i] != h[i - 1]) { v->t[v->n].term = h[i]; v->t[v->n].w = 0; v->n++; }
		v->t[v->n - 1].w += 1.0f;
	}
	return NS_OK;
}

uint64_t ns_story_vec_bytes(const ns_termvec *v)
{
	/* glibc: an 8-byte header, chunks rounded up to 16 bytes */
	return v->t ? ((uint64_t)v->n * sizeof(ns_term) + 8 + 15) & ~(uint64_t)15 : 0;
}

uint64_t ns_story_mem_need(uint64_t used, size_t done, size_t m)
{
	if (!done) return 0;
	long double scaled = (long double)used * (long double)m / (long double)done;
	long double need = scaled + (long double)m * NS_STORY_INDEX_BYTES;
	return need >= 18446744073709551615.0L ? UINT64_MAX : (uint64_t)need;
}

void ns_story_scratch_destroy(ns_story_scratch *sc)
{
	if (!sc) return;
	free(sc->h);
	ns_hsort_free(&sc->sort);
	free(sc);
}

#define NS_STORY_MIN_DF 2
#define NS_LOG_TABLE 256 /* logarithms of counts below this are looked up */
#define NS_TERM_DROPPED (-1.0f) /* weight of a term left out of the vector */

/* Partition of a term: its top bits (all terms are in partition 0 when
 * bits is 0). */
static uint32_t part_of(uint64_t t, unsigned bits)
{
	return bits ? (uint32_t)(t >> (64 - bits)) : 0;
}

/* First position in v whose term is in partition p or a later one.  The
 * terms are uniform hashes, so the position is about v->n times the
 * partition's first value over 2^64: the search starts there and gallops
 * outwards (a binary search from the ends cost ten cache misses per vector
 * and block, and the blocks grow with the corpus). */
static uint32_t part_start(const ns_termvec *v, unsigned bits, uint32_t p)
{
	if (p == 0 || bits == 0 || v->n == 0) return 0;
	uint64_t bound = (uint64_t)p << (64 - bits); /* first term of partition p */
	uint32_t g = (uint32_t)(((uint64_t)v->n * (bound >> 32)) >> 32);
	if (g >= v->n) g = v->n - 1;
	uint32_t lo, hi; /* the answer is in (lo, hi]: t[lo] < bound <= t[hi], with lo = -1 and hi = n as sentinels */
	if (v->t[g].term >= bound) {
		/* gallop left to a term below the bound */
		uint32_t step = 1;
		hi = g;
		for (;;) {
			if (hi < step) { lo = UINT32_MAX; break; }
			if (v->t[hi - step].term < bound) { lo = hi - step; break; }
			hi -= step;
			step *= 2;
		}
	} else {
		uint32_t step = 1;
		lo = g;
		for (;;) {
			if (v->n - lo <= step) { hi = v->n; break; }
			if (v->t[lo + step].term >= bound) { hi = lo + step; break; }
			lo += step;
			step *= 2;
		}
	}
	/* binary search in (lo, hi] */
	uint32_t a = lo + 1, b = hi; /* lo + 1 wraps to 0 for the sentinel */
	while (a < b) {
		uint32_t mid = a + (b - a) / 2;
		if (v->t[mid].term < bound) a = mid + 1;
		else b = mid;
	}
	return a;
}

void ns_story_idf_plan(const ns_termvec *v, size_t n, unsigned *bits, uint32_t *blocks)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) total += v[i].n;
	unsigned b = 0;
	while (b < NS_IDF_MAX_BITS && (total >> b) > NS_IDF_PART_TERMS) b++;
	size_t nblk = NS_MIN(total / NS_IDF_BLOCK_TERMS + 1, (size_t)NS_IDF_MAX_BLOCKS);
	*bits = b;
	*blocks = (uint32_t)NS_MIN(nblk, (size_t)1 << b);
}

#if defined(__GNUC__)
#define NS_PREFETCH(p) __builtin_prefetch(p)
#else
#define NS_PREFETCH(p) ((void)0)
#endif
#define NS_IDF_AHEAD 16 /* entries looked ahead for prefetching in the random-access loops */

/* Scratch of one partition's count. */
typedef struct {
	uint64_t *u;
	uint32_t *cnt, *df;
	size_t ucap, ccap, dcap;
} idf_scratch;

/* Document frequency of each of the nb terms g[] into dfe[] (same order).
 * One counting pass on the bits below the partition bits puts equal terms in
 * one small bucket (about NS_IDF_BUCKET of them: hashes are uniform);
 * sorting and counting each bucket gives the unique terms, in term order,
 * and the bucket starts index them.  The loops that jump around prefetch
 * NS_IDF_AHEAD entries ahead: they are memory-bound. */
static ns_status part_df(const uint64_t *g, size_t nb, unsigned bits, idf_scratch *x, uint32_t *dfe)
{
	if (nb >= UINT32_MAX) return NS_ERR_NOMEM;
	unsigned bb = 1;
	while (bb < 64 - bits && ((size_t)1 << bb) * NS_IDF_BUCKET < nb) bb++;
	size_t nbk = (size_t)1 << bb;
	unsigned sh = 64 - bits - bb;
	if (ns_grow((void **)&x->u, &x->ucap, nb + 1, sizeof(uint64_t)) ||
	    ns_grow((void **)&x->cnt, &x->ccap, nbk + 1, sizeof(uint32_t)) ||
	    ns_grow((void **)&x->df, &x->dcap, nb + 1, sizeof(uint32_t)))
		return NS_ERR_NOMEM;
	uint64_t *u = x->u;
	uint32_t *cnt = x->cnt, *df = x->df;
#define NS_BUCKET(t) ((size_t)((t) >> sh) & (nbk - 1))
	memset(cnt, 0, (nbk + 1) * sizeof(uint32_t));
	for (size_t k = 0; k < nb; k++) {
		if (k + NS_IDF_AHEAD < nb) NS_PREFETCH(&cnt[NS_BUCKET(g[k + NS_IDF_AHEAD]) + 1]);
		cnt[NS_BUCKET(g[k]) + 1]++;
	}
	for (size_t b = 0; b < nbk; b++) cnt[b + 1] += cnt[b];
	for (size_t k = 0; k < nb; k++) {
		if (k + NS_IDF_AHEAD < nb) NS_PREFETCH(&u[cnt[NS_BUCKET(g[k + NS_IDF_AHEAD])]]);
		u[cnt[NS_BUCKET(g[k])]++] = g[k];
	}
	/* cnt[b] is now the end of bucket b; compact each bucket to its unique
	 * terms (in place) and make cnt[b] the start of its uniques */
	size_t nu = 0, from = 0;
	for (size_t b = 0; b < nbk; b++) {
		size_t to = cnt[b];
		cnt[b] = (uint32_t)nu;
		ns_sort_u64(u + from, to - from);
		for (size_t k = from; k < to; k++) {
			if (k > from && u[k] == u[k - 1]) { df[nu - 1]++; continue; }
			u[nu] = u[k];
			df[nu++] = 1;
		}
		from = to;
	}
	cnt[nbk] = (uint32_t)nu;
	for (size_t k = 0; k < nb; k++) {
		if (k + NS_IDF_AHEAD < nb) NS_PREFETCH(&cnt[NS_BUCKET(g[k + NS_IDF_AHEAD])]);
		if (k + NS_IDF_AHEAD / 2 < nb) {
			uint32_t q = cnt[NS_BUCKET(g[k + NS_IDF_AHEAD / 2])];
			NS_PREFETCH(&u[q]);
			NS_PREFETCH(&df[q]);
		}
		uint32_t q = cnt[NS_BUCKET(g[k])];
		while (u[q] != g[k]) q++;
		dfe[k] = df[q];
	}
#undef NS_BUCKET
	return NS_OK;
}

/* The block passes visit vectors far apart in memory: fetch where vector
 * i + NS_IDF_AHEAD's part of the block starts. */
static void fetch_ahead(const ns_termvec *v, size_t n, const uint32_t *cur, size_t i)
{
	if (i + NS_IDF_AHEAD < n && cur[i + NS_IDF_AHEAD] < v[i + NS_IDF_AHEAD].n)
		NS_PREFETCH(&v[i + NS_IDF_AHEAD].t[cur[i + NS_IDF_AHEAD]]);
}

struct ns_idf_scratch {
	idf_scratch x;     /* one partition's count */
	uint32_t *cur;     /* each vector's first entry in the block */
	uint64_t *g;       /* the block's terms, partition after partition */
	uint32_t *dfe;     /* their document frequencies, in the same places */
	size_t *at;        /* partition p's entries start at at[p]; then its read/write position */
	size_t curcap, gcap, dcap, acap;
};

ns_idf_scratch *ns_idf_scratch_create(void)
{
	return calloc(1, sizeof(ns_idf_scratch));
}

void ns_idf_scratch_destroy(ns_idf_scratch *s)
{
	if (!s) return;
	free(s->x.u);
	free(s->x.cnt);
	free(s->x.df);
	free(s->cur);
	free(s->g);
	free(s->dfe);
	free(s->at);
	free(s);
}

ns_status ns_story_idf(ns_termvec *v, size_t n, unsigned bits, uint32_t p0, uint32_t p1, uint32_t max_df,
                       ns_idf_scratch *s)
{
	uint32_t np = p1 > p0 ? p1 - p0 : 0;
	if (ns_grow((void **)&s->cur, &s->curcap, n + 1, sizeof(uint32_t)) ||
	    ns_grow((void **)&s->at, &s->acap, (size_t)np + 2, sizeof(size_t)))
		return NS_ERR_NOMEM;
	uint32_t *cur = s->cur;
	size_t *at = s->at;
	memset(at, 0, ((size_t)np + 2) * sizeof(size_t));
	/* the block's entries counted by partition: each vector's run of the
	 * block's partitions is read here, again to gather them and again to
	 * weigh them; the arrays are the caller's, kept from block to block
	 * (allocating them per block and partition made the kernel clear
	 * gigabytes of fresh pages) */
	uint64_t bound = bits ? (uint64_t)p0 << (64 - bits) : 0;
	for (size_t i = 0; i < n; i++) {
		/* the vectors are far apart in memory: fetch ahead where part_start
		 * will look first */
		if (i + NS_IDF_AHEAD < n && v[i + NS_IDF_AHEAD].n)
			NS_PREFETCH(&v[i + NS_IDF_AHEAD].t[((uint64_t)v[i + NS_IDF_AHEAD].n * (bound >> 32)) >> 32]);
		uint32_t j = cur[i] = part_start(&v[i], bits, p0);
		for (; j < v[i].n; j++) {
			uint32_t p = part_of(v[i].t[j].term, bits);
			if (p >= p1) break;
			at[p - p0 + 2]++;
		}
	}
	for (uint32_t p = 0; p < np; p++) at[p + 2] += at[p + 1];
	size_t total = at[np + 1];
	if (ns_grow((void **)&s->g, &s->gcap, total + 1, sizeof(uint64_t)) ||
	    ns_grow((void **)&s->dfe, &s->dcap, total + 1, sizeof(uint32_t)))
		return NS_ERR_NOMEM;
	uint64_t *g = s->g;
	uint32_t *dfe = s->dfe;
	/* gather: at[p + 1] is partition p's write position, in document order */
	for (size_t i = 0; i < n; i++) {
		fetch_ahead(v, n, cur, i);
		for (uint32_t j = cur[i]; j < v[i].n; j++) {
			uint32_t p = part_of(v[i].t[j].term, bits);
			if (p >= p1) break;
			g[at[p - p0 + 1]++] = v[i].t[j].term;
		}
	}
	/* at[p] is now partition p's start (and at[p + 1] its end) */
	for (uint32_t p = 0; p < np; p++) {
		ns_status st = part_df(g + at[p], at[p + 1] - at[p], bits, &s->x, dfe + at[p]);
		if (st) return st;
	}
	/* weights, reading each partition's frequencies in the same order: a
	 * term of one article only cannot link it to another; it would only
	 * dilute the cosines.  The logarithms of small counts come from tables
	 * of the same expressions, so the values are the same bits. */
	double ltf[NS_LOG_TABLE], lidf[NS_LOG_TABLE];
	for (size_t k = 1; k < NS_LOG_TABLE; k++) {
		ltf[k] = log((float)k);
		lidf[k] = log((double)(n + 1) / (uint32_t)k);
	}
	ltf[0] = lidf[0] = 0;
	for (size_t i = 0; i < n; i++) {
		fetch_ahead(v, n, cur, i);
		for (uint32_t j = cur[i]; j < v[i].n; j++) {
			uint32_t p = part_of(v[i].t[j].term, bits);
			if (p >= p1) break;
			uint32_t d = dfe[at[p - p0]++];
			if (d < NS_STORY_MIN_DF || d > max_df) { v[i].t[j].w = NS_TERM_DROPPED; continue; }
			double idf = d < NS_LOG_TABLE ? lidf[d] : log((double)(n + 1) / d);
			float tf = v[i].t[j].w; /* a count: a whole number */
			double w = (1.0 + (tf < (float)NS_LOG_TABLE ? ltf[(size_t)tf] : log(tf))) * idf;
			v[i].t[j].w = (float)w;
		}
	}
	return NS_OK;
}

/* A weight as an unsigned key in the same order (the float's bits, all
 * flipped for a negative weight, the sign bit flipped otherwise). */
static uint32_t weight_key(float w)
{
	uint32_t u;
	memcpy(&u, &w, sizeof(u));
	return u & 0x80000000u ? ~u : u | 0x80000000u;
}

/* The strongest k of v's terms (0 < k < v->n; larger weight first, ties to
 * the smaller term) are those with a key above the cut's key, and the first
 * `ties` of those with its key, in term order (kth_keep).  kth_key finds the
 * cut by a radix select on the keys, a byte at a time from the top: four
 * counting passes, no copy and no comparison branches (a quickselect on
 * copies of the terms took 8% of the CPU time of a 1M-article full run). */
typedef struct {
	uint32_t key;  /* the k-th strongest's key */
	uint32_t ties; /* how many more with that key are kept */
} kth_cut;

#define NS_KTH_GATHER 1024 /* keys under the prefix so far copied out when at most this many */

static kth_cut kth_key(const ns_termvec *v, uint32_t k)
{
	/* after a pass, the keys under the prefix found so far are copied out
	 * (when few enough), so later passes count those only: float keys
	 * share their top byte (the exponent) more often than not */
	uint32_t keys[NS_KTH_GATHER];
	size_t nk = 0;
	int gathered = 0;
	uint32_t prefix = 0, mask = 0, want = k; /* want: how many still to take at or below the prefix */
	for (int shift = 24; shift >= 0; shift -= 8) {
		uint32_t hist[256] = {0};
		if (gathered) {
			for (size_t i = 0; i < nk; i++) hist[(keys[i] >> shift) & 0xFF]++;
		} else {
			for (uint32_t i = 0; i < v->n; i++) {
				uint32_t key = weight_key(v->t[i].w);
				if ((key & mask) == prefix) hist[(key >> shift) & 0xFF]++;
			}
		}
		uint32_t b = 255;
		while (hist[b] < want) want -= hist[b--]; /* the k-th is in bin b */
		prefix |= b << shift;
		mask |= 0xFFu << shift;
		if (shift == 0 || hist[b] > NS_KTH_GATHER) continue;
		size_t m = 0;
		if (gathered) {
			for (size_t i = 0; i < nk; i++)
				if ((keys[i] & mask) == prefix) keys[m++] = keys[i];
		} else {
			for (uint32_t i = 0; i < v->n; i++) {
				uint32_t key = weight_key(v->t[i].w);
				if ((key & mask) == prefix) keys[m++] = key;
			}
		}
		nk = m;
		gathered = 1;
	}
	return (kth_cut){prefix, want};
}

/* Is the term of weight w, met in term order, one of the strongest k? */
static int kth_keep(kth_cut *c, float w)
{
	uint32_t key = weight_key(w);
	if (key != c->key) return key > c->key;
	if (!c->ties) return 0;
	c->ties--;
	return 1;
}

void ns_story_weigh(ns_termvec *v, uint32_t max_terms)
{
	double norm = 0.0;
	uint32_t k = 0;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->t[i].w != NS_TERM_DROPPED) v->t[k++] = v->t[i];
	v->n = k;
	if (v->n > max_terms) {
		/* keep the strongest in place: the vector stays sorted by term */
		kth_cut c = kth_key(v, max_terms);
		k = 0;
		for (uint32_t i = 0; i < v->n; i++)
			if (kth_keep(&c, v->t[i].w)) v->t[k++] = v->t[i];
		v->n = k;
	}
	for (uint32_t i = 0; i < v->n; i++) norm += (double)v->t[i].w * v->t[i].w;
	norm = sqrt(norm);
	if (norm > 0)
		for (uint32_t i = 0; i < v->n; i++) v->t[i].w = (float)(v->t[i].w / norm);
}

double ns_termvec_cosine(const ns_termvec *a, const ns_termvec *b)
{
	double dot = 0.0;
	uint32_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		if (a->t[i].term < b->t[j].term) i++;
		else if (a->t[i].term > b->t[j].term) j++;
		else { dot += (double)a->t[i].w * b->t[j].w; i++; j++; }
	}
	return dot;
}

static int cmp_weight_desc(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	if (x->w != y->w) return x->w > y->w ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int cmp_term(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int cmp_entry_key(const void *a, const void *b)
{
	const ns_lsh_entry *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* A document's place in one posting list: the list runs on from pos + 1
 * (later documents) to end. */
typedef struct {
	uint32_t pos, end;
} post_ref;

struct ns_story_index {
	size_t n;
	uint32_t *ldoc;    /* posting lists, one after another, documents ascending */
	uint32_t *dstart;  /* document d's references: ref[dstart[d] .. dstart[d + 1]) */
	post_ref *ref;
};

void ns_story_index_destroy(ns_story_index *ix)
{
	if (!ix) return;
	free(ix->ldoc);
	free(ix->dstart);
	free(ix->ref);
	free(ix);
}

uint32_t ns_story_top_terms(const ns_termvec *v, uint32_t k, uint64_t *out)
{
	uint32_t m = v->n, w = 0;
	if (k >= m) {
		for (uint32_t i = 0; i < m; i++) out[w++] = v->t[i].term;
		return w;
	}
	kth_cut c = kth_key(v, k);
	for (uint32_t i = 0; i < m; i++)
		if (kth_keep(&c, v->t[i].w)) out[w++] = v->t[i].term;
	return w;
}

/* The n entries of e sorted by (key, doc) into out: a counting pass on the
 * top bits of the key below its first skip bits (which all n share)
 * scatters them into small buckets (keys are uniform hashes), then each
 * bucket is sorted in place. */
static ns_status sort_entries(const ns_lsh_entry *e, size_t n, ns_lsh_entry *out, unsigned skip)
{
	unsigned bb = 1;
	while (bb < 32 && ((size_t)1 << bb) * NS_IDF_BUCKET < n) bb++;
	size_t nbk = (size_t)1 << bb;
	unsigned sh = 64 - bb;
	size_t *cnt = calloc(nbk + 1, sizeof(size_t));
	if (!cnt) return NS_ERR_NOMEM;
#define BUCKET(k) ((size_t)(((k) << skip) >> sh))
	for (size_t k = 0; k < n; k++) cnt[BUCKET(e[k].key) + 1]++;
	for (size_t b = 0; b < nbk; b++) cnt[b + 1] += cnt[b];
	for (size_t k = 0; k < n; k++) {
		if (k + NS_IDF_AHEAD < n) NS_PREFETCH(&out[cnt[BUCKET(e[k + NS_IDF_AHEAD].key)]]);
		out[cnt[BUCKET(e[k].key)]++] = e[k];
	}
#undef BUCKET
	size_t from = 0;
	for (size_t b = 0; b < nbk; b++) {
		size_t to = cnt[b];
		ns_qsort(out + from, to - from, sizeof(*out), cmp_entry_key);
		from = to;
	}
	free(cnt);
	return NS_OK;
}

#define NS_INDEX_PART_BITS 8           /* partitions of the index entries, sorted in parallel */
#define NS_INDEX_PAR_MIN ((size_t)1 << 16) /* fewer entries are sorted in one piece */

/* e sorted in place by (key, doc) (tmp: room for n entries), in parallel:
 * each thread counts and scatters its own slice
 * of e into partitions by the key's top NS_INDEX_PART_BITS bits, the
 * slices in order (so the scatter is stable), and the partitions are
 * sorted on their own.  (key, doc) is a total order on the entries (a
 * document's top terms are distinct), so the result is the same for any
 * thread count. */
static ns_status sort_entries_par(ns_lsh_entry *e, size_t n, ns_lsh_entry *tmp, int threads)
{
	if (n < NS_INDEX_PAR_MIN) {
		if (sort_entries(e, n, tmp, 0)) return NS_ERR_NOMEM;
		memcpy(e, tmp, n * sizeof(*e));
		return NS_OK;
	}
	const size_t np = (size_t)1 << NS_INDEX_PART_BITS;
	const unsigned sh = 64 - NS_INDEX_PART_BITS;
	int maxt = threads > 0 ? threads : 1;
	size_t *cnt = calloc((size_t)maxt * np, sizeof(size_t)), *start = malloc((np + 1) * sizeof(size_t));
	int bad = !cnt || !start;
	if (!bad) {
#pragma omp parallel num_threads(maxt) reduction(|:bad)
		{
			int t = 0, nt = 1;
#ifdef _OPENMP
			t = omp_get_thread_num();
			nt = omp_get_num_threads();
#endif
			size_t lo = n / (size_t)nt * (size_t)t + NS_MIN((size_t)t, n % (size_t)nt);
			size_t hi = lo + n / (size_t)nt + ((size_t)t < n % (size_t)nt);
			size_t *c = cnt + (size_t)t * np;
			for (size_t k = lo; k < hi; k++) c[e[k].key >> sh]++;
#pragma omp barrier
#pragma omp single
			{
				/* partition p: thread 0's entries, then thread 1's, ... */
				size_t run = 0;
				for (size_t p = 0; p < np; p++) {
					start[p] = run;
					for (int q = 0; q < nt; q++) {
						size_t x = cnt[(size_t)q * np + p];
						cnt[(size_t)q * np + p] = run;
						run += x;
					}
				}
				start[np] = run;
			}
			for (size_t k = lo; k < hi; k++) tmp[c[e[k].key >> sh]++] = e[k];
#pragma omp barrier
#pragma omp for schedule(dynamic, 1)
			for (size_t p = 0; p < np; p++) {
				/* the partition, scattered into tmp, is sorted back into e */
				size_t s = start[p];
				if (sort_entries(tmp + s, start[p + 1] - s, e + s, NS_INDEX_PART_BITS)) bad = 1;
			}
		}
	}
	free(cnt);
	free(start);
	return bad ? NS_ERR_NOMEM : NS_OK;
}

/* The index from the ne entries e (key = term, doc), sorted here with tmp
 * (room for ne); frees both. */
static ns_status index_from_entries(ns_story_index **ixp, ns_lsh_entry *e, ns_lsh_entry *tmp, size_t ne, size_t n,
                                    uint32_t max_posting, int threads)
{
	ns_story_index *ix = calloc(1, sizeof(*ix));
	ns_status st = ix ? NS_OK : NS_ERR_NOMEM;
	if (!st) st = sort_entries_par(e, ne, tmp, threads);
	free(tmp);
	if (!st && ne >= UINT32_MAX) st = NS_ERR_NOMEM;
	if (!st) {
		ix->n = n;
		ix->ldoc = malloc((ne ? ne : 1) * sizeof(uint32_t));
		ix->dstart = calloc(n + 2, sizeof(uint32_t));
		ix->ref = malloc((ne ? ne : 1) * sizeof(post_ref));
		if (!ix->ldoc || !ix->dstart || !ix->ref) st = NS_ERR_NOMEM;
	}
	if (!st) {
		/* drop posting lists too common to tell stories apart; a list of
		 * one document pairs nothing */
		size_t w = 0;
		for (size_t i = 0; i < ne;) {
			size_t j = i + 1;
			while (j < ne && e[j].key == e[i].key) j++;
			if (j - i >= 2 && j - i <= max_posting) {
				for (size_t q = i; q < j; q++) {
					ix->ldoc[w + q - i] = e[q].doc;
					ix->dstart[e[q].doc + 2]++;
				}
				/* the end of the list, kept in ref[] until the fill below */
				for (size_t q = i; q < j; q++) ix->ref[w + q - i].end = (uint32_t)(w + j - i);
				w += j - i;
			}
			i = j;
		}
		for (size_t d = 0; d < n; d++) ix->dstart[d + 2] += ix->dstart[d + 1];
		/* each document's references, in list order; ref[] is rebuilt in
		 * place through e[] so the lists' ends are not overwritten early */
		for (size_t q = 0; q < w; q++) { e[q].key = ix->ref[q].end; e[q].doc = ix->ldoc[q]; }
		for (size_t q = 0; q < w; q++) {
			post_ref *r = &ix->ref[ix->dstart[e[q].doc + 1]++];
			r->pos = (uint32_t)q;
			r->end = (uint32_t)e[q].key;
		}
	}
	free(e);
	if (st) { ns_story_index_destroy(ix); return st; }
	*ixp = ix;
	return NS_OK;
}

ns_status ns_story_index_create(ns_story_index **ixp, const ns_termvec *v, size_t n, uint32_t top_terms,
                                uint32_t max_posting, int threads)
{
	*ixp = NULL;
	if (n >= UINT32_MAX) return NS_ERR_NOMEM;
	/* document d's entries start at off[d]: it has min(top_terms, terms) */
	size_t *off = malloc((n + 1) * sizeof(size_t));
	if (!off) return NS_ERR_NOMEM;
	off[0] = 0;
	for (size_t d = 0; d < n; d++) off[d + 1] = off[d] + NS_MIN((size_t)top_terms, (size_t)v[d].n);
	size_t ne = off[n];
	ns_lsh_entry *e = malloc((ne ? ne : 1) * sizeof(*e)), *tmp = malloc((ne ? ne : 1) * sizeof(*tmp));
	int bad = !e || !tmp;
	if (!bad) {
#pragma omp parallel num_threads(threads > 0 ? threads : 1) reduction(|:bad)
		{
			uint64_t *top = malloc((top_terms ? top_terms : 1) * sizeof(uint64_t));
			if (!top) bad = 1;
#pragma omp for schedule(dynamic, 256)
			for (size_t d = 0; d < n; d++) {
				if (!top) continue;
				uint32_t k = ns_story_top_terms(&v[d], top_terms, top);
				for (uint32_t i = 0; i < k; i++) { e[off[d] + i].key = top[i]; e[off[d] + i].doc = (uint32_t)d; }
			}
			free(top);
		}
	}
	free(off);
	if (bad) { free(e); free(tmp); return NS_ERR_NOMEM; }
	return index_from_entries(ixp, e, tmp, ne, n, max_posting, threads);
}

ns_status ns_story_index_pairs(const ns_story_index *ix, uint32_t d0, uint32_t d1, uint32_t min_shared,
                               uint32_t *count, uint32_t **touched, size_t *tcap, ns_pair **pairs, size_t *np,
                               size_t *pcap)
{
	for (uint32_t d = d0; d < d1 && d < ix->n; d++) {
		/* count, for every later document, the lists it shares with d */
		size_t nt = 0;
		for (uint32_t k = ix->dstart[d]; k < ix->dstart[d + 1]; k++) {
			const post_ref *r = &ix->ref[k];
			if (ns_grow((void **)touched, tcap, nt + (r->end - r->pos), sizeof(uint32_t))) return NS_ERR_NOMEM;
			for (uint32_t q = r->pos + 1; q < r->end; q++) {
				uint32_t b = ix->ldoc[q];
				if (count[b]++ == 0) (*touched)[nt++] = b;
			}
		}
		size_t keep = 0;
		for (size_t i = 0; i < nt; i++) {
			uint32_t b = (*touched)[i];
			if (count[b] >= min_shared) (*touched)[keep++] = b;
			count[b] = 0;
		}
		ns_qsort(*touched, keep, sizeof(uint32_t), ns_cmp_u32);
		if (ns_grow((void **)pairs, pcap, *np + keep, sizeof(ns_pair))) return NS_ERR_NOMEM;
		for (size_t i = 0; i < keep; i++) { (*pairs)[*np].a = d; (*pairs)[*np].b = (*touched)[i]; (*np)++; }
	}
	return NS_OK;
}

#define NS_STORY_ROWS 1024 /* candidate pairs: documents per block (the unit of parallel work) */

ns_status ns_story_candidates(const ns_termvec *v, size_t n, uint32_t top_terms, uint32_t min_shared,
                              uint32_t max_posting, int threads, ns_pair **pairs, size_t *npairs)
{
	*pairs = NULL;
	*npairs = 0;
	ns_story_index *ix;
	if (threads < 1) threads = 1;
	ns_status st = ns_story_index_create(&ix, v, n, top_terms, max_posting, threads);
	if (st) return st;
	/* the rows of the index in blocks (parallel), concatenated in block order */
	size_t nblk = (n + NS_STORY_ROWS - 1) / NS_STORY_ROWS;
	ns_pair **bp = calloc(nblk ? nblk : 1, sizeof(*bp));
	size_t *bn = calloc(nblk ? nblk : 1, sizeof(size_t));
	int nomem = !bp || !bn;
	if (!nomem) {
#pragma omp parallel num_threads(threads) reduction(|:nomem)
		{
			uint32_t *count = calloc(n ? n : 1, sizeof(uint32_t)), *touched = NULL;
			size_t tcap = 0;
			if (!count) nomem = 1;
#pragma omp for schedule(dynamic, 1)
			for (size_t b = 0; b < nblk; b++) {
				size_t cap = 0;
				if (count && ns_story_index_pairs(ix, (uint32_t)(b * NS_STORY_ROWS), (uint32_t)NS_MIN(n, (b + 1) * NS_STORY_ROWS),
				                                  min_shared, count, &touched, &tcap, &bp[b], &bn[b], &cap))
					nomem = 1;
			}
			free(count);
			free(touched);
		}
	}
	ns_story_index_destroy(ix);
	size_t total = 0;
	for (size_t b = 0; b < nblk && !nomem; b++) total += bn[b];
	if (!nomem && !(*pairs = malloc((total ? total : 1) * sizeof(ns_pair)))) nomem = 1;
	for (size_t b = 0; b < nblk && !nomem; b++) {
		if (bn[b]) memcpy(*pairs + *npairs, bp[b], bn[b] * sizeof(ns_pair));
		*npairs += bn[b];
	}
	for (size_t b = 0; bp && b < nblk; b++) free(bp[b]);
	free(bp);
	free(bn);
	if (nomem) { free(*pairs); *pairs = NULL; *npairs = 0; return NS_ERR_NOMEM; }
	return NS_OK;
}

static int cmp_edge_desc(const void *a, const void *b)
{
	const ns_edge *x = a, *y = b;
	if (x->w != y->w) return x->w > y->w ? -1 : 1;
	if (x->a != y->a) return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* Sum of two sorted vectors, cut to the max_terms strongest terms. */
static ns_status vec_add(const ns_termvec *x, const ns_termvec *y, uint32_t max_terms, ns_termvec *out)
{
	ns_term *t = malloc(((size_t)x->n + y->n + 1) * sizeof(ns_term));
	if (!t) return NS_ERR_NOMEM;
	uint32_t i = 0, j = 0, k = 0;
	while (i < x->n || j < y->n) {
		if (j >= y->n || (i < x->n && x->t[i].term < y->t[j].term)) t[k++] = x->t[i++];
		else if (i >= x->n || y->t[j].term < x->t[i].term) t[k++] = y->t[j++];
		else { t[k] = x->t[i++]; t[k++].w += y->t[j++].w; }
	}
	if (k > max_terms) {
		ns_qsort(t, k, sizeof(ns_term), cmp_weight_desc);
		k = max_terms;
		ns_qsort(t, k, sizeof(ns_term), cmp_term);
	}
	out->t = t;
	out->n = k;
	return NS_OK;
}

static double vec_norm(const ns_termvec *v)
{
	double s = 0;
	for (uint32_t i = 0; i < v->n; i++) s += (double)v->t[i].w * v->t[i].w;
	return sqrt(s);
}

ns_status ns_story_cluster(const ns_termvec *v, size_t n, const ns_edge *e, size_t ne, double merge_t,
                           uint32_t max_terms, const int32_t *days, int max_days, ns_uf *u)
{
	ns_edge *se = malloc((ne ? ne : 1) * sizeof(ns_edge));
	ns_termvec *cent = calloc(n ? n : 1, sizeof(ns_termvec));
	double *norm = malloc((n ? n : 1) * sizeof(double));
	int32_t *lo = malloc((n ? n : 1) * sizeof(int32_t)), *hi = malloc((n ? n : 1) * sizeof(int32_t));
	ns_status st = NS_ERR_NOMEM;
	if (!se || !cent || !norm || !lo || !hi) goto done;
	memcpy(se, e, ne * sizeof(ns_edge));
	ns_qsort(se, ne, sizeof(ns_edge), cmp_edge_desc);
	for (size_t i = 0; i < n; i++) {
		norm[i] = vec_norm(&v[i]);
		lo[i] = hi[i] = days ? days[i] : INT32_MIN;
	}
	st = NS_OK;
	for (size_t k = 0; k < ne && !st; k++) {
		uint32_t a = ns_uf_find(u, se[k].a), b = ns_uf_find(u, se[k].b);
		if (a == b) continue;
		if (days && max_days >= 0 && lo[a] != INT32_MIN && lo[b] != INT32_MIN) {
			int64_t gap = (int64_t)NS_MAX(lo[a], lo[b]) - NS_MIN(hi[a], hi[b]);
			if (gap > max_days) continue;
		}
		const ns_termvec *ca = cent[a].t ? &cent[a] : &v[a], *cb = cent[b].t ? &cent[b] : &v[b];
		double c = norm[a] > 0 && norm[b] > 0 ? ns_termvec_cosine(ca, cb) / (norm[a] * norm[b]) : 0.0;
		if (c < merge_t) continue;
		ns_termvec sum;
		if ((st = vec_add(ca, cb, max_terms, &sum))) break;
		ns_uf_union(u, a, b);
		uint32_t r = ns_uf_find(u, a), o = r == a ? b : a;
		free(cent[r].t);
		free(cent[o].t);
		cent[o].t = NULL;
		cent[r] = sum;
		norm[r] = vec_norm(&sum);
		if (lo[o] != INT32_MIN && (lo[r] == INT32_MIN || lo[o] < lo[r])) lo[r] = lo[o];
		if (hi[o] != INT32_MIN && (hi[r] == INT32_MIN || hi[o] > hi[r])) hi[r] = hi[o];
	}
done:
	if (cent) for (size_t i = 0; i < n; i++) free(cent[i].t);
	free(cent);
	free(se);
	free(norm);
	free(lo);
	free(hi);
	return st;
}

/* A neighbour of a group in average-link clustering. */
typedef struct {
	uint32_t g;   /* neighbour group (its current id) */
	double sum;   /* sum of edge weights between the two groups */
} nb;

typedef struct {
	nb *v;
	uint32_t n, cap;
} nblist;

/* Heap entry: a candidate merge, valid while both versions are current. */
typedef struct {
	double avg;
	uint32_t a, b, va, vb;
} hent;

static int hent_less(const hent *x, const hent *y)
{
	/* max-heap on avg; ties to the smaller (a, b) */
	if (x->avg != y->avg) return x->avg > y->avg;
	if (x->a != y->a) return x->a < y->a;
	return x->b < y->b;
}

typedef struct {
	hent *h;
	size_t n, cap;
} heap;

static ns_status heap_push(heap *hp, hent e)
{
	if (ns_grow((void **)&hp->h, &hp->cap, hp->n + 1, sizeof(hent))) return NS_ERR_NOMEM;
	size_t i = hp->n++;
	hp->h[i] = e;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!hent_less(&hp->h[i], &hp->h[p])) break;
		hent t = hp->h[i]; hp->h[i] = hp->h[p]; hp->h[p] = t;
		i = p;
	}
	return NS_OK;
}

static hent heap_pop(heap *hp)
{
	hent top = hp->h[0];
	hp->h[0] = hp->h[--hp->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < hp->n && hent_less(&hp->h[l], &hp->h[m])) m = l;
		if (r < hp->n && hent_less(&hp->h[r], &hp->h[m])) m = r;
		if (m == i) break;
		hent t = hp->h[i]; hp->h[i] = hp->h[m]; hp->h[m] = t;
		i = m;
	}
	return top;
}

static ns_status nb_add(nblist *l, uint32_t g, double w)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i].g == g) { l->v[i].sum += w; return NS_OK; }
	if (l->n == l->cap) {
		uint32_t c = l->cap ? 2 * l->cap : 4;
		nb *v = realloc(l->v, c * sizeof(nb));
		if (!v) return NS_ERR_NOMEM;
		l->v = v;
		l->cap = c;
	}
	l->v[l->n].g = g;
	l->v[l->n].sum = w;
	l->n++;
	return NS_OK;
}

#define NS_STORY_FAR 1.5 /* groups further apart than the date window need this factor more similarity */

ns_status ns_story_cluster_avg(size_t n, const ns_edge *e, size_t ne, double merge_t, const int32_t *days,
                               int max_days, ns_uf *u)
{
	nblist *adj = calloc(n ? n : 1, sizeof(nblist));
	uint32_t *size = malloc((n ? n : 1) * sizeof(uint32_t)), *ver = calloc(n ? n : 1, sizeof(uint32_t));
	int32_t *lo = malloc((n ? n : 1) * sizeof(int32_t)), *hi = malloc((n ? n : 1) * sizeof(int32_t));
	heap hp = {0};
	ns_status st = NS_ERR_NOMEM;
	if (!adj || !size || !ver || !lo || !hi) goto done;
	st = NS_OK;
	for (size_t i = 0; i < n; i++) { size[i] = 1; lo[i] = hi[i] = days ? days[i] : INT32_MIN; }
	for (size_t k = 0; k < ne && !st; k++) {
		if (e[k].a == e[k].b) continue;
		st = nb_add(&adj[e[k].a], e[k].b, e[k].w);
		if (!st) st = nb_add(&adj[e[k].b], e[k].a, e[k].w);
	}
	for (size_t a = 0; a < n && !st; a++)
		for (uint32_t i = 0; i < adj[a].n && !st; i++) {
			uint32_t b = adj[a].v[i].g;
			if (b <= a || adj[a].v[i].sum < merge_t) continue;
			hent h = {adj[a].v[i].sum, (uint32_t)a, b, 0, 0};
			st = heap_push(&hp, h);
		}
	while (!st && hp.n) {
		hent h = heap_pop(&hp);
		if (h.va != ver[h.a] || h.vb != ver[h.b]) continue; /* stale */
		if (h.avg < merge_t) break;
		uint32_t a = h.a, b = h.b;
		if (days && max_days >= 0 && lo[a] != INT32_MIN && lo[b] != INT32_MIN) {
			/* far apart in time: one story only on stronger evidence */
			int64_t gap = (int64_t)NS_MAX(lo[a], lo[b]) - NS_MIN(hi[a], hi[b]);
			if (gap > max_days && h.avg < merge_t * NS_STORY_FAR) continue;
		}
		/* merge b into a (a < b); a keeps its id */
		ns_uf_union(u, a, b);
		size[a] += size[b];
		if (lo[b] != INT32_MIN && (lo[a] == INT32_MIN || lo[b] < lo[a])) lo[a] = lo[b];
		if (hi[b] != INT32_MIN && (hi[a] == INT32_MIN || hi[b] > hi[a])) hi[a] = hi[b];
		ver[a]++;
		ver[b]++;
		for (uint32_t i = 0; i < adj[b].n && !st; i++) {
			uint32_t g = adj[b].v[i].g;
			if (g == a) continue;
			st = nb_add(&adj[a], g, adj[b].v[i].sum);
			/* g's list: move the sum from b to a */
			for (uint32_t q = 0; q < adj[g].n; q++)
				if (adj[g].v[q].g == b) { adj[g].v[q] = adj[g].v[--adj[g].n]; break; }
			if (!st) st = nb_add(&adj[g], a, adj[b].v[i].sum);
		}
		free(adj[b].v);
		adj[b].v = NULL;
		adj[b].n = adj[b].cap = 0;
		/* drop a's link to b, then queue a's links at their new averages */
		for (uint32_t q = 0; q < adj[a].n; q++)
			if (adj[a].v[q].g == b) { adj[a].v[q] = adj[a].v[--adj[a].n]; break; }
		for (uint32_t q = 0; q < adj[a].n && !st; q++) {
			uint32_t g = adj[a].v[q].g;
			double avg = adj[a].v[q].sum / ((double)size[a] * size[g]);
			if (avg < merge_t) continue;
			hent x = {avg, NS_MIN(a, g), NS_MAX(a, g), 0, 0};
			x.va = ver[x.a];
			x.vb = ver[x.b];
			st = heap_push(&hp, x);
		}
	}
done:
	if (adj) for (size_t i = 0; i < n; i++) free(adj[i].v);
	free(adj);
	free(size);
	free(ver);
	free(lo);
	free(hi);
	free(hp.h);
	return st;
}

/* ---- the story stage ---- */

#define NS_STORY_CHUNKS 16     /* count vectors are made in this many steps, memory checked after each */
#define NS_STORY_CHUNK_MIN 256 /* ...when every step has at least this many articles */

/* n bytes for a message: "12.3 GiB", "4.0 MiB", "512.0 KiB" or "100 bytes". */
static const char *fmt_bytes(uint64_t n, char *buf, size_t len)
{
	static const char *unit[] = {"KiB", "MiB", "GiB", "TiB"};
	if (n < 1024) { snprintf(buf, len, "%llu bytes", (unsigned long long)n); return buf; }
	double x = (double)n / 1024;
	int u = 0;
	while (x >= 1024 && u < 3) { x /= 1024; u++; }
	snprintf(buf, len, "%.1f %s", x, unit[u]);
	return buf;
}

/* The short lines found in story_shared_lines or more of the m kept articles reps[]
 * (notices left out): sorted unique keys into *lines (as boilerplate lines,
 * for ns_boiler_strip), and strip[i] set for the articles that have one. */
static ns_status shared_lines(const ns_ctx *c, const ns_docs *ds, const uint32_t *reps, size_t m, const uint8_t *notice,
                              uint8_t *strip, ns_boiler_line **lines, size_t *nlines)
{
	const ns_options *o = c->o;
	uint64_t **lk = calloc(m ? m : 1, sizeof(*lk));
	uint32_t *nlk = calloc(m ? m : 1, sizeof(uint32_t));
	int nomem = !lk || !nlk;
	if (!nomem) {
#pragma omp parallel num_threads(c->threads) reduction(|:nomem)
		{
			ns_tokens tok = {0};
			ns_line_occ *occ = NULL;
			size_t cap = 0;
#pragma omp for schedule(dynamic, 64)
			for (size_t i = 0; i < m; i++) {
				size_t d = reps[i], nocc = 0;
				if (notice[d]) continue;
				if (ns_line_occs_keys(ns_docs_field(ds, d, NS_F_TEXT), ns_docs_len(ds, d, NS_F_TEXT), 0, o->boiler_max_words,
				                      &tok, &occ, &nocc, &cap, NULL, NULL)) { nomem = 1; continue; }
				if (!nocc) continue;
				uint64_t *k = malloc(nocc * sizeof(uint64_t));
				if (!k) { nomem = 1; continue; }
				for (size_t q = 0; q < nocc; q++) k[q] = occ[q].key;
				ns_sort_u64(k, nocc);
				size_t u = 0;
				for (size_t q = 0; q < nocc; q++)
					if (!u || k[u - 1] != k[q]) k[u++] = k[q];
				lk[i] = k;
				nlk[i] = (uint32_t)u;
			}
			ns_tokens_free(&tok);
			free(occ);
		}
	}
	size_t total = 0;
	for (size_t i = 0; i < m && !nomem; i++) total += nlk[i];
	uint64_t *all = nomem ? NULL : malloc((total ? total : 1) * sizeof(uint64_t));
	if (!all) nomem = 1;
	size_t ns = 0;
	if (!nomem) {
		size_t k = 0;
		for (size_t i = 0; i < m; i++) {
			if (nlk[i]) memcpy(all + k, lk[i], nlk[i] * sizeof(uint64_t));
			k += nlk[i];
		}
		ns_sort_u64(all, total);
		/* keys in two or more articles (each article's keys are unique) */
		for (size_t i = 0; i < total;) {
			size_t j = i + 1;
			while (j < total && all[j] == all[i]) j++;
			if (j - i >= o->story_shared_lines) all[ns++] = all[i];
			i = j;
		}
		if (!(*lines = calloc(ns ? ns : 1, sizeof(ns_boiler_line)))) nomem = 1;
	}
	for (size_t q = 0; q < ns && !nomem; q++) (*lines)[q].key = all[q];
	if (!nomem) *nlines = ns;
	for (size_t i = 0; i < m && !nomem && ns; i++)
		for (uint32_t q = 0; q < nlk[i] && !strip[i]; q++)
			strip[i] = ns_boiler_has(*lines, ns, lk[i][q]);
	for (size_t i = 0; lk && i < m; i++) free(lk[i]);
	free(lk);
	free(nlk);
	free(all);
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

ns_status ns_story_set_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_story_set *ss, ns_times *tm)
{
	const ns_options *o = c->o;
	size_t n = dd->n, m = 0;
	double t0 = ns_now();
	memset(ss, 0, sizeof(*ss));
	ss->n = n;
	ss->key = malloc((n ? n : 1) * sizeof(uint64_t));
	ss->label = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!ss->key || !ss->label) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		ss->key[i] = dd->key[i];
		ss->label[i] = (uint32_t)i;
	}
	if (o->dedup_only) {
		/* every duplicate group is its own story */
		for (size_t i = 0; i < n; i++)
			if (dd->status[i] != NS_REJECTED) ss->label[i] = dd->group[i];
		return ns_story_set_collect(ss, dd);
	}
	uint32_t *reps = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!reps) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] == NS_KEPT) reps[m++] = (uint32_t)i;
	ns_termvec *v = calloc(m ? m : 1, sizeof(*v));
	/* Short texts repeated verbatim in many places (crawl notices, cookie
	 * walls, "Tweet with a location") are scraped notices, not stories: they
	 * stay out of story linking.  Their copies stay together (a group is
	 * never split between stories): the same rule cannot tell such a
	 * notice from a short wire brief syndicated three times. */
	uint8_t *notice = calloc(n ? n : 1, 1);
	uint32_t *gsize = calloc(n ? n : 1, sizeof(uint32_t));
	if (!v || !notice || !gsize) { free(reps); free(v); free(notice); free(gsize); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED) gsize[dd->group[i]]++;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] == NS_KEPT && gsize[i] >= o->notice_copies && dd->ntok[i] < o->notice_words) notice[i] = 1;
	free(gsize);
	int nomem = 0;
	/* Lines that are not news: a short line (at most boiler_max_words
	 * words) found verbatim in story_shared_lines or more kept articles (a
	 * cookie notice, an outlet's footer, a share prompt) that boilerplate
	 * learning left in the texts, as it does in a dump too small to learn
	 * from.  It stays in the text but gives no story terms, so it cannot
	 * link unrelated articles.  Copies are one kept article, so a copied
	 * line does not count; two articles sharing a short line (a quote) is
	 * news, and measured so on multiling2011 (results/stories.md). */
	ns_boiler_line *sl = NULL;
	size_t nsl = 0;
	uint8_t *strip = calloc(m ? m : 1, 1);
	if (!strip) nomem = 1;
	if (!nomem && o->story_shared_lines) nomem = shared_lines(c, ds, reps, m, notice, strip, &sl, &nsl) != NS_OK;
	/* the count vectors are the stage's peak (several KB an article): they
	 * are made in NS_STORY_CHUNKS steps, and the stage stops with an error
	 * as soon as the vectors so far, scaled to every article, would not fit
	 * in the memory available, rather than run the machine out of memory */
	uint64_t avail = o->mem_available ? o->mem_available : ns_mem_available(), used = 0, need = 0;
	size_t nch = m >= (size_t)NS_STORY_CHUNKS * NS_STORY_CHUNK_MIN ? NS_STORY_CHUNKS : 1, checked = 0;
	int over = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem)
	{
		ns_tokens tok = {0}, ltok = {0};
		ns_buf sb = {0};
		ns_story_scratch *sc = ns_story_scratch_create();
		ns_stemmer *sm = ns_stemmer_create();
		if (!sm || !sc) nomem = 1;
		for (size_t ch = 0; ch < nch; ch++) {
			size_t c0 = m * ch / nch, c1 = m * (ch + 1) / nch;
#pragma omp for schedule(dynamic, 32) reduction(+:used)
			for (size_t i = c0; i < c1; i++) {
				size_t d = reps[i];
				if (notice[d] || !sm || !sc) continue;
				ns_lang lg;
				const char *text = ns_docs_field(ds, d, NS_F_TEXT);
				size_t tlen = ns_docs_len(ds, d, NS_F_TEXT);
				if (strip[i]) {
					uint32_t rm;
					if (ns_boiler_strip(text, tlen, sl, nsl, &ltok, &sb, &rm)) { nomem = 1; continue; }
					text = sb.p;
					tlen = sb.len;
				}
				if (ns_story_counts(ns_docs_field(ds, d, NS_F_TITLE), ns_docs_len(ds, d, NS_F_TITLE), text, tlen, o->stem,
				                    &tok, sm, sc, &v[i], &lg))
					nomem = 1;
				used += ns_story_vec_bytes(&v[i]);
			}
#pragma omp single
			{
				need = ns_story_mem_need(used, c1, m);
				checked = c1;
				if (need > avail) over = 1;
			}
			if (over) break;
		}
		ns_stemmer_destroy(sm);
		ns_tokens_free(&tok);
		ns_tokens_free(&ltok);
		ns_buf_free(&sb);
		ns_story_scratch_destroy(sc);
	}
	free(sl);
	free(strip);
	if (over && !nomem) {
		char a[32], b[32];
		ns_ctx_logf(c, NS_LOG_ERROR,
		            "stories: the term vectors of %zu articles need about %s, more than the %s of memory available "
		            "(estimated from the first %zu); --dedup-only runs without stories",
		            m, fmt_bytes(need, a, sizeof(a)), fmt_bytes(avail, b, sizeof(b)), checked);
	}
	int short_of_memory = over && !nomem;
	if (over) nomem = 1;
	ns_pair *pairs = NULL;
	size_t np = 0;
	ns_uf uf = {0};
	if (!nomem) {
		/* document frequencies and weights by term partition, a block of
		 * partitions per iteration; each touches only its own terms */
		unsigned bits;
		uint32_t nblk;
		ns_story_idf_plan(v, m, &bits, &nblk);
		uint32_t nparts = (uint32_t)1 << bits;
		/* a term in more than story_max_share of the articles (and more than
		 * story_min_posting) does not tell stories apart: it is left out of
		 * the vectors, as it is left out of the candidate index */
		uint32_t max_df = (uint32_t)NS_MIN((size_t)UINT32_MAX,
		                                   NS_MAX((size_t)o->story_min_posting, (size_t)((double)m * o->story_max_share)));
#pragma omp parallel num_threads(c->threads) reduction(|:nomem)
		{
			ns_idf_scratch *sc = ns_idf_scratch_create();
			if (!sc) nomem = 1;
#pragma omp for schedule(dynamic, 1)
			for (uint32_t b = 0; b < nblk; b++) {
				uint32_t p0 = (uint32_t)((uint64_t)nparts * b / nblk), p1 = (uint32_t)((uint64_t)nparts * (b + 1) / nblk);
				if (!sc || ns_story_idf(v, m, bits, p0, p1, max_df, sc)) nomem = 1;
			}
			ns_idf_scratch_destroy(sc);
		}
	}
	if (!nomem) {
#pragma omp parallel for num_threads(c->threads) schedule(dynamic, 64)
		for (size_t i = 0; i < m; i++) ns_story_weigh(&v[i], o->story_terms);
	}
	if (!nomem) {
		/* a term in more than story_max_share of the articles (but at
		 * least story_min_posting), or in more than story_max_posting of
		 * them, does not tell stories apart; the fixed ceiling keeps the
		 * candidate work linear in the articles (each list costs the square
		 * of its length) */
		size_t share = (size_t)((double)m * o->story_max_share);
		uint32_t max_posting = (uint32_t)NS_MAX((size_t)o->story_min_posting, NS_MIN(share, (size_t)o->story_max_posting));
		if (ns_story_candidates(v, m, o->story_top_terms, o->story_min_shared, max_posting, c->threads, &pairs, &np))
			nomem = 1;
	}
	float *cs = NULL;
	if (!nomem) {
		cs = malloc((np ? np : 1) * sizeof(float));
		if (!cs || ns_uf_init(&uf, m)) nomem = 1;
	}
	if (!nomem) {
#pragma omp parallel for num_threads(c->threads) schedule(dynamic, 256)
		for (size_t i = 0; i < np; i++) cs[i] = (float)ns_termvec_cosine(&v[pairs[i].a], &v[pairs[i].b]);
		ns_edge *e = malloc((np ? np : 1) * sizeof(ns_edge));
		int32_t *days = malloc((m ? m : 1) * sizeof(int32_t));
		size_t ne = 0;
		if (!e || !days) nomem = 1;
		for (size_t i = 0; i < np && !nomem; i++) {
			if (cs[i] < o->story_threshold) continue;
			e[ne].a = pairs[i].a;
			e[ne].b = pairs[i].b;
			e[ne].w = cs[i];
			e[ne].kind = 0;
			ne++;
		}
		for (size_t i = 0; i < m && days; i++) days[i] = ns_docs_info(ds, reps[i])->days;
		if (!nomem && (o->story_link == NS_LINK_AVERAGE
		                   ? ns_story_cluster_avg(m, e, ne, o->story_merge, days, o->story_days, &uf)
		                   : ns_story_cluster(v, m, e, ne, o->story_merge, o->story_terms, days, o->story_days, &uf)))
			nomem = 1;
		free(e);
		free(days);
	}
	if (!nomem) {
		/* label = the smallest document index of the story; reps are in
		 * input order so the union-find root is that document */
		for (size_t i = 0; i < m; i++) ss->label[reps[i]] = reps[ns_uf_find(&uf, (uint32_t)i)];
		for (size_t i = 0; i < n; i++)
			if (dd->status[i] == NS_DUPLICATE) ss->label[i] = ss->label[dd->group[i]];
	}
	for (size_t i = 0; i < m; i++) free(v[i].t);
	free(v);
	free(pairs);
	free(cs);
	ns_uf_free(&uf);
	free(reps);
	free(notice);
	if (tm) tm->t[NS_T_STORIES] += ns_now() - t0;
	if (short_of_memory) return NS_ERR_MEMORY;
	if (nomem) return NS_ERR_NOMEM;
	return ns_story_set_collect(ss, dd);
}

/* Gather the stories from the documents' labels, in order of their label
 * document. */
ns_status ns_story_set_collect(ns_story_set *ss, const ns_dedup *dd)
{
	size_t n = ss->n;
	uint32_t *slot_of = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!slot_of) return NS_ERR_NOMEM;
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) slot_of[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED && ss->label[i] == i) slot_of[i] = (uint32_t)ns++;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED && slot_of[ss->label[i]] == UINT32_MAX) { free(slot_of); return NS_ERR_FORMAT; }
	ss->list = calloc(ns ? ns : 1, sizeof(ns_story));
	if (!ss->list) { free(slot_of); return NS_ERR_NOMEM; }
	ss->nlist = ns;
	for (size_t i = 0; i < n; i++) {
		if (dd->status[i] == NS_REJECTED) continue;
		ns_story *s = &ss->list[slot_of[ss->label[i]]];
		s->story = ss->label[i];
		s->nmembers++;
		if (dd->status[i] == NS_KEPT) s->narticles++;
	}
	for (size_t k = 0; k < ns; k++) {
		ns_story *s = &ss->list[k];
		s->members = malloc(s->nmembers * sizeof(uint32_t));
		s->articles = malloc((s->narticles ? s->narticles : 1) * sizeof(uint32_t));
		if (!s->members || !s->articles) { free(slot_of); return NS_ERR_NOMEM; }
		s->nmembers = s->narticles = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (dd->status[i] == NS_REJECTED) continue;
		ns_story *s = &ss->list[slot_of[ss->label[i]]];
		s->members[s->nmembers++] = (uint32_t)i;
		if (dd->status[i] == NS_KEPT) s->articles[s->narticles++] = (uint32_t)i;
	}
	free(slot_of);
	ss->multi = 0;
	for (size_t k = 0; k < ns; k++) ss->multi += ss->list[k].narticles >= 2;
	return NS_OK;
}

void ns_story_set_free(ns_story_set *ss)
{
	for (size_t k = 0; ss->list && k < ss->nlist; k++) {
		free(ss->list[k].members);
		free(ss->list[k].articles);
	}
	free(ss->list);
	free(ss->key);
	free(ss->label);
	memset(ss, 0, sizeof(*ss));
}

#define NS_STORIES_MAGIC "NSSTORY\n"
#define NS_STORIES_VERSION 1

ns_status ns_story_set_save(const ns_story_set *ss, const char *path, char *err, size_t errlen)
{
	ns_buf b = {0};
	int bad = ns_buf_reserve(&b, ss->n * 12 + 16) != NS_OK || ns_vput_u64(&b, ss->n) != NS_OK;
	for (size_t i = 0; i < ss->n && !bad; i++) bad |= ns_vput_u64(&b, ss->key[i]) || ns_vput_u32(&b, ss->label[i]);
	ns_status st = bad ? NS_ERR_NOMEM : ns_vfile_write(path, NS_STORIES_MAGIC, NS_STORIES_VERSION, &b, err, errlen);
	if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s: out of memory", path);
	ns_buf_free(&b);
	return st;
}

ns_status ns_story_set_load(ns_story_set *ss, const ns_dedup *dd, const char *path, char *err, size_t errlen)
{
	memset(ss, 0, sizeof(*ss));
	ns_buf b;
	ns_status st = ns_vfile_read(path, NS_STORIES_MAGIC, NS_STORIES_VERSION, &b, err, errlen);
	if (st) return st;
	ns_vreader r = {(const unsigned char *)b.p, b.len, 0, 0};
	uint64_t n = ns_vget_u64(&r);
	const char *why = NULL;
	if (n != dd->n || n > (b.len - r.pos) / 12) why = "not made for these documents (count)";
	if (!why) {
		ss->n = (size_t)n;
		ss->key = malloc((n ? n : 1) * sizeof(uint64_t));
		ss->label = malloc((n ? n : 1) * sizeof(uint32_t));
		if (!ss->key || !ss->label) st = NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < ss->n && !st && !why; i++) {
		ss->key[i] = ns_vget_u64(&r);
		ss->label[i] = ns_vget_u32(&r);
		if (ss->key[i] != dd->key[i]) why = "not made for these documents (keys)";
		else if (ss->label[i] >= n) why = "a label out of range";
	}
	if (!st && !why && (r.bad || r.pos != r.len)) why = "the payload's size does not match its count";
	ns_buf_free(&b);
	if (!st && !why && (st = ns_story_set_collect(ss, dd)) == NS_ERR_FORMAT) why = "a label that names no story";
	if (why) { ns_errf(err, errlen, "%s: %s", path, why); st = NS_ERR_FORMAT; }
	else if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s: out of memory", path);
	if (st) ns_story_set_free(ss);
	return st;
}
