/* newsift — story vectors in bounded memory (see storyvec.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "internal.h"
#include "newsift/storyvec.h"

#define NS_DF_BLOCK_ARTICLES 256 /* about this many articles' terms a block (its filter and table fit the cache) */
#define NS_DF_MAX_BITS 16        /* at most 2^16 blocks */
#define NS_DF_LINE_BITS 512      /* a filter line: one cache line */
#define NS_DF_PROBES 7           /* bits set a term, all in one line */
#define NS_DF_MIN_BLOOM ((size_t)1 << 23) /* filter bits at least (1 MiB: a small dump has no false repeats) */
#define NS_DF_DIR 4              /* terms a directory entry after finish */

typedef struct {
	uint64_t *key; /* 0 = empty (term 0 is stored as 1) */
	uint32_t *cnt;
	uint32_t cap, used;
} df_table;

struct ns_story_df {
	size_t m;
	unsigned bits;       /* blocks: 1 << bits, by the terms' top bits */
	uint32_t nblk;
	uint32_t b0, b1;     /* the blocks counted here (the others' terms are passed over) */
	size_t lines;        /* filter lines a block */
	uint64_t *bloom;     /* nblk * lines * 8 words */
	df_table *tab;       /* one per block */
	/* after finish */
	uint64_t *keys;      /* kept terms, ascending */
	uint32_t *dfv;       /* their frequencies */
	uint32_t nterms;
	unsigned dbits;      /* directory on the top dbits bits */
	uint32_t *dir;       /* terms of prefix j: keys[dir[j] .. dir[j + 1]) */
	/* window scratch, kept from window to window */
	size_t *hist;        /* per thread chunk and block */
	size_t hcap;
	uint64_t *e;         /* the window's terms by block */
	uint32_t *src;       /* and where each came from */
	size_t ecap, scap;
	size_t *aoff;        /* article i's first term in the window */
	size_t acap;
	size_t *bstart;      /* block b's entries: e[bstart[b] .. bstart[b + 1]) */
};

static uint64_t fix0(uint64_t t)
{
	return t ? t : 1;
}

static uint32_t block_of(const ns_story_df *df, uint64_t t)
{
	return df->bits ? (uint32_t)(t >> (64 - df->bits)) : 0;
}

static unsigned block_bits(size_t m)
{
	unsigned bits = 0;
	while (bits < NS_DF_MAX_BITS && ((size_t)NS_DF_BLOCK_ARTICLES << bits) < m) bits++;
	return bits;
}

uint32_t ns_story_df_blocks(size_t m)
{
	return (uint32_t)1 << block_bits(m);
}

unsigned ns_story_df_block_bits(size_t m)
{
	return block_bits(m);
}

ns_status ns_story_df_create(ns_story_df **dfp, size_t m)
{
	return ns_story_df_create_blocks(dfp, m, 0, ns_story_df_blocks(m));
}

ns_status ns_story_df_create_blocks(ns_story_df **dfp, size_t m, uint32_t b0, uint32_t b1)
{
	*dfp = NULL;
	if (b0 >= b1 || b1 > ns_story_df_blocks(m)) return NS_ERR_OPTION;
	ns_story_df *df = calloc(1, sizeof(*df));
	if (!df) return NS_ERR_NOMEM;
	df->m = m;
	df->bits = block_bits(m);
	df->nblk = (uint32_t)1 << df->bits;
	df->b0 = b0;
	df->b1 = b1;
	/* a block's filter is sized by the whole run, whichever blocks are here */
	size_t bits = NS_MAX((size_t)NS_DF_MIN_BLOOM / df->nblk, m * (size_t)NS_STORY_DF_BLOOM / df->nblk);
	bits = NS_MAX(bits, (size_t)NS_DF_LINE_BITS * 8);
	df->lines = (bits + NS_DF_LINE_BITS - 1) / NS_DF_LINE_BITS;
	df->bloom = calloc((size_t)(b1 - b0) * df->lines, NS_DF_LINE_BITS / 8);
	df->tab = calloc(df->nblk, sizeof(df_table));
	df->bstart = malloc((df->nblk + 1) * sizeof(size_t));
	if (!df->bloom || !df->tab || !df->bstart) { ns_story_df_destroy(df); return NS_ERR_NOMEM; }
	*dfp = df;
	return NS_OK;
}

void ns_story_df_destroy(ns_story_df *df)
{
	if (!df) return;
	free(df->bloom);
	for (uint32_t b = 0; df->tab && b < df->nblk; b++) {
		free(df->tab[b].key);
		free(df->tab[b].cnt);
	}
	free(df->tab);
	free(df->keys);
	free(df->dfv);
	free(df->dir);
	free(df->hist);
	free(df->e);
	free(df->src);
	free(df->aoff);
	free(df->bstart);
	free(df);
}

uint64_t ns_story_df_bytes(const ns_story_df *df)
{
	uint64_t b = (df->bloom ? (uint64_t)(df->b1 - df->b0) * df->lines * (NS_DF_LINE_BITS / 8) : 0) +
	             (uint64_t)df->nterms * 12 + (df->dir ? ((uint64_t)1 << df->dbits) * 4 : 0);
	for (uint32_t b2 = 0; df->tab && b2 < df->nblk; b2++) b += (uint64_t)df->tab[b2].cap * 12;
	return b;
}

uint64_t ns_story_df_projected(const ns_story_df *df, size_t done)
{
	uint64_t fixed = df->bloom ? (uint64_t)(df->b1 - df->b0) * df->lines * (NS_DF_LINE_BITS / 8) : 0, used = 0;
	if (!done || !df->bloom) return ns_story_df_bytes(df);
	for (uint32_t b = 0; b < df->nblk; b++) used += df->tab[b].used;
	/* a table doubles when 70% full: about 24 bytes an entry on average */
	long double p = (long double)used * 24 * df->m / done + fixed;
	return p >= 18446744073709551615.0L ? UINT64_MAX : (uint64_t)p;
}

uint64_t ns_story_df_term(const ns_story_df *df, uint32_t id)
{
	return df->keys[id];
}

uint32_t ns_story_df_terms(const ns_story_df *df)
{
	return df->nterms;
}

static uint32_t slot_of(uint64_t t, uint32_t cap)
{
	return (uint32_t)((t * 0x9E3779B97F4A7C15ULL) >> 32) & (cap - 1);
}

static ns_status tab_grow(df_table *t)
{
	uint32_t ncap = t->cap ? t->cap * 2 : 64;
	if (ncap < t->cap) return NS_ERR_NOMEM;
	uint64_t *k = calloc(ncap, sizeof(uint64_t));
	uint32_t *c = malloc((size_t)ncap * sizeof(uint32_t));
	if (!k || !c) { free(k); free(c); return NS_ERR_NOMEM; }
	for (uint32_t i = 0; i < t->cap; i++) {
		if (!t->key[i]) continue;
		uint32_t s = slot_of(t->key[i], ncap);
		while (k[s]) s = (s + 1) & (ncap - 1);
		k[s] = t->key[i];
		c[s] = t->cnt[i];
	}
	free(t->key);
	free(t->cnt);
	t->key = k;
	t->cnt = c;
	t->cap = ncap;
	return NS_OK;
}

#if defined(__GNUC__)
#define NS_PREFETCH(p) __builtin_prefetch(p)
#else
#define NS_PREFETCH(p) ((void)0)
#endif
#define NS_DF_AHEAD 8 /* entries looked ahead: their table slot and filter line are fetched early */

static uint64_t *bloom_line(const ns_story_df *df, uint32_t b, uint64_t t)
{
	return df->bloom + ((size_t)(b - df->b0) * df->lines + (((t & 0xFFFFFFFFu) * df->lines) >> 32)) * (NS_DF_LINE_BITS / 64);
}

/* One term of block b (in article order). */
static ns_status df_count(ns_story_df *df, uint32_t b, uint64_t t)
{
	df_table *tb = &df->tab[b];
	if (tb->cap) {
		uint32_t s = slot_of(t, tb->cap);
		while (tb->key[s]) {
			if (tb->key[s] == t) { if (tb->cnt[s] < UINT32_MAX) tb->cnt[s]++; return NS_OK; }
			s = (s + 1) & (tb->cap - 1);
		}
	}
	/* not in the table: seen before if the filter has all its bits */
	uint64_t *line = bloom_line(df, b, t);
	uint64_t g = t * 0xD6E8FEB86659FD93ULL;
	int all = 1;
	for (int k = 0; k < NS_DF_PROBES; k++) {
		unsigned bit = (unsigned)(g >> (9 * k)) & (NS_DF_LINE_BITS - 1);
		uint64_t mask = (uint64_t)1 << (bit & 63);
		if (!(line[bit >> 6] & mask)) { all = 0; line[bit >> 6] |= mask; }
	}
	if (!all) return NS_OK;
	if ((uint64_t)(tb->used + 1) * 10 > (uint64_t)tb->cap * 7 && tab_grow(tb)) return NS_ERR_NOMEM;
	uint32_t s = slot_of(t, tb->cap);
	while (tb->key[s]) s = (s + 1) & (tb->cap - 1);
	tb->key[s] = t;
	tb->cnt[s] = 2;
	tb->used++;
	return NS_OK;
}

/* Scatter the window's terms by block, in article order within a block:
 * df->e (and df->src: each entry's place in the window, when with_src),
 * df->bstart.  Chunks of articles count their entries per block, a prefix
 * sum in (block, chunk) order gives each chunk's places, and each chunk
 * fills its own. */
static ns_status scatter(ns_story_df *df, const ns_termvec *v, size_t n, int threads, int with_src)
{
	if (threads < 1) threads = 1;
	uint32_t nb = df->nblk;
	size_t nc = (size_t)threads;
	if (ns_grow((void **)&df->aoff, &df->acap, n + 1, sizeof(size_t)) ||
	    ns_grow((void **)&df->hist, &df->hcap, nc * nb, sizeof(size_t)))
		return NS_ERR_NOMEM;
	df->aoff[0] = 0;
	for (size_t i = 0; i < n; i++) df->aoff[i + 1] = df->aoff[i] + v[i].n;
	size_t total = df->aoff[n];
	if (ns_grow((void **)&df->e, &df->ecap, total + 1, sizeof(uint64_t))) return NS_ERR_NOMEM;
	if (with_src && (total >= UINT32_MAX || ns_grow((void **)&df->src, &df->scap, total + 1, sizeof(uint32_t))))
		return NS_ERR_NOMEM;
	size_t *hist = df->hist;
	memset(hist, 0, nc * nb * sizeof(size_t));
#pragma omp parallel for num_threads(threads) schedule(static, 1)
	for (size_t c = 0; c < nc; c++) {
		size_t i0 = n * c / nc, i1 = n * (c + 1) / nc;
		size_t *h = hist + c * nb;
		for (size_t i = i0; i < i1; i++)
			for (uint32_t j = 0; j < v[i].n; j++) h[block_of(df, v[i].t[j].term)]++;
	}
	size_t pos = 0;
	for (uint32_t b = 0; b < nb; b++) {
		df->bstart[b] = pos;
		for (size_t c = 0; c < nc; c++) {
			size_t k = hist[c * nb + b];
			hist[c * nb + b] = pos;
			pos += k;
		}
	}
	df->bstart[nb] = pos;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
	for (size_t c = 0; c < nc; c++) {
		size_t i0 = n * c / nc, i1 = n * (c + 1) / nc;
		size_t *h = hist + c * nb;
		for (size_t i = i0; i < i1; i++)
			for (uint32_t j = 0; j < v[i].n; j++) {
				uint64_t t = v[i].t[j].term;
				size_t p = h[block_of(df, t)]++;
				df->e[p] = fix0(t);
				if (with_src) df->src[p] = (uint32_t)(df->aoff[i] + j);
			}
	}
	return NS_OK;
}

ns_status ns_story_df_add(ns_story_df *df, const ns_termvec *v, size_t n, int threads)
{
	if (!df->bloom) return NS_ERR_NOMEM; /* finished */
	ns_status st = scatter(df, v, n, threads, 0);
	if (st) return st;
	int bad = 0;
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 16) reduction(|:bad)
	for (uint32_t b = df->b0; b < df->b1; b++) {
		size_t end = df->bstart[b + 1];
		for (size_t k = df->bstart[b]; k < end && !bad; k++) {
			if (k + NS_DF_AHEAD < end) {
				uint64_t t = df->e[k + NS_DF_AHEAD];
				const df_table *tb = &df->tab[b];
				if (tb->cap) NS_PREFETCH(&tb->key[slot_of(t, tb->cap)]);
				NS_PREFETCH(bloom_line(df, b, t));
			}
			if (df_count(df, b, df->e[k])) bad = 1;
		}
	}
	return bad ? NS_ERR_NOMEM : NS_OK;
}

/* The directory of the kept terms on their top dbits bits. */
static void df_directory(ns_story_df *df)
{
	size_t nd = (size_t)1 << df->dbits, k = 0, total = df->nterms;
	for (size_t j = 0; j < nd; j++) {
		df->dir[j] = (uint32_t)k;
		while (k < total && (df->dbits ? df->keys[k] >> (64 - df->dbits) : 0) == j) k++;
	}
	df->dir[nd] = (uint32_t)total;
}

ns_status ns_story_df_save(const ns_story_df *df, ns_buf *b)
{
	if (!df->dir) return NS_ERR_OPTION; /* not finished */
	uint64_t m = df->m;
	uint32_t t = df->nterms;
	ns_status st = ns_buf_reserve(b, 12 + (size_t)t * 12);
	if (!st) st = ns_buf_put(b, &m, 8);
	if (!st) st = ns_buf_put(b, &t, 4);
	if (!st && t) st = ns_buf_put(b, df->keys, (size_t)t * 8);
	if (!st && t) st = ns_buf_put(b, df->dfv, (size_t)t * 4);
	return st;
}

ns_status ns_story_df_load(ns_story_df **dfp, const void *p, size_t n)
{
	*dfp = NULL;
	const unsigned char *q = p;
	uint64_t m;
	uint32_t t;
	if (n < 12) return NS_ERR_FORMAT;
	memcpy(&m, q, 8);
	memcpy(&t, q + 8, 4);
	if (t >= ((size_t)1 << 31) || n != 12 + (size_t)t * 12) return NS_ERR_FORMAT;
	ns_story_df *df = calloc(1, sizeof(*df));
	if (!df) return NS_ERR_NOMEM;
	df->m = (size_t)m;
	df->bits = block_bits(df->m);
	df->nblk = (uint32_t)1 << df->bits;
	df->b1 = df->nblk;
	df->nterms = t;
	while (df->dbits < 32 && ((size_t)NS_DF_DIR << df->dbits) < t) df->dbits++;
	df->dbits = NS_MAX(df->dbits, df->bits);
	df->tab = calloc(df->nblk, sizeof(df_table));
	df->bstart = malloc((df->nblk + 1) * sizeof(size_t));
	df->keys = malloc(((size_t)t + 1) * sizeof(uint64_t));
	df->dfv = malloc(((size_t)t + 1) * sizeof(uint32_t));
	df->dir = malloc((((size_t)1 << df->dbits) + 1) * sizeof(uint32_t));
	if (!df->tab || !df->bstart || !df->keys || !df->dfv || !df->dir) { ns_story_df_destroy(df); return NS_ERR_NOMEM; }
	if (t) memcpy(df->keys, q + 12, (size_t)t * 8);
	if (t) memcpy(df->dfv, q + 12 + (size_t)t * 8, (size_t)t * 4);
	for (uint32_t k = 1; k < t; k++)
		if (df->keys[k] <= df->keys[k - 1]) { ns_story_df_destroy(df); return NS_ERR_FORMAT; }
	df_directory(df);
	*dfp = df;
	return NS_OK;
}

ns_status ns_story_df_join(const ns_buf *parts, size_t k, ns_buf *out)
{
	uint64_t m = 0, total = 0, last = 0;
	int any = 0;
	for (size_t i = 0; i < k; i++) {
		uint64_t mi;
		uint32_t t;
		const unsigned char *q = (const unsigned char *)parts[i].p;
		if (parts[i].len < 12) return NS_ERR_FORMAT;
		memcpy(&mi, q, 8);
		memcpy(&t, q + 8, 4);
		if (parts[i].len != 12 + (size_t)t * 12 || (i && mi != m)) return NS_ERR_FORMAT;
		m = mi;
		/* each part's terms ascending, and after the part before */
		for (uint32_t j = 0; j < t; j++) {
			uint64_t key;
			memcpy(&key, q + 12 + (size_t)j * 8, 8);
			if (any && key <= last) return NS_ERR_FORMAT;
			last = key;
			any = 1;
		}
		total += t;
	}
	if (total >= ((uint64_t)1 << 31)) return NS_ERR_FORMAT;
	uint32_t t32 = (uint32_t)total;
	ns_status st = ns_buf_reserve(out, 12 + (size_t)total * 12);
	if (!st) st = ns_buf_put(out, &m, 8);
	if (!st) st = ns_buf_put(out, &t32, 4);
	/* the terms of every part, then the frequencies of every part */
	for (size_t i = 0; !st && i < k; i++) {
		uint32_t t;
		memcpy(&t, parts[i].p + 8, 4);
		st = ns_buf_put(out, parts[i].p + 12, (size_t)t * 8);
	}
	for (size_t i = 0; !st && i < k; i++) {
		uint32_t t;
		memcpy(&t, parts[i].p + 8, 4);
		st = ns_buf_put(out, parts[i].p + 12 + (size_t)t * 8, (size_t)t * 4);
	}
	return st;
}

ns_status ns_story_df_finish(ns_story_df *df, uint32_t max_df, int threads)
{
	uint32_t nb = df->nblk;
	size_t *kept = calloc(nb + 1, sizeof(size_t));
	uint64_t **bk = calloc(nb, sizeof(*bk));
	int bad = !kept || !bk;
	if (!bad) {
		/* each block's kept terms, sorted (block b's terms all sort before block b + 1's) */
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 16) reduction(|:bad)
		for (uint32_t b = 0; b < nb; b++) {
			df_table *t = &df->tab[b];
			size_t k = 0;
			for (uint32_t s = 0; s < t->cap; s++) k += t->key[s] && t->cnt[s] <= max_df;
			if (!k) continue;
			if (!(bk[b] = malloc(k * sizeof(uint64_t)))) { bad = 1; continue; }
			k = 0;
			for (uint32_t s = 0; s < t->cap; s++)
				if (t->key[s] && t->cnt[s] <= max_df) bk[b][k++] = t->key[s];
			ns_sort_u64(bk[b], k);
			kept[b + 1] = k;
		}
	}
	size_t total = 0;
	for (uint32_t b = 0; !bad && b < nb; b++) kept[b + 1] = total += kept[b + 1];
	if (!bad && total >= ((size_t)1 << 31)) bad = 1; /* numbers are encoded with a flag bit in 32 */
	if (!bad) {
		df->nterms = (uint32_t)total;
		while (df->dbits < 32 && ((size_t)NS_DF_DIR << df->dbits) < total) df->dbits++;
		df->dbits = NS_MAX(df->dbits, df->bits);
		df->keys = malloc((total + 1) * sizeof(uint64_t));
		df->dfv = malloc((total + 1) * sizeof(uint32_t));
		df->dir = malloc((((size_t)1 << df->dbits) + 1) * sizeof(uint32_t));
		if (!df->keys || !df->dfv || !df->dir) bad = 1;
	}
	if (!bad) {
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 16)
		for (uint32_t b = 0; b < nb; b++) {
			df_table *t = &df->tab[b];
			for (size_t k = kept[b]; k < kept[b + 1]; k++) {
				uint64_t key = bk[b][k - kept[b]];
				uint32_t s = slot_of(key, t->cap);
				while (t->key[s] != key) s = (s + 1) & (t->cap - 1);
				df->keys[k] = key;
				df->dfv[k] = t->cnt[s];
			}
		}
		df_directory(df);
	}
	for (uint32_t b = 0; bk && b < nb; b++) free(bk[b]);
	free(bk);
	free(kept);
	/* the counting structures are done with */
	for (uint32_t b = 0; b < nb; b++) {
		free(df->tab[b].key);
		free(df->tab[b].cnt);
		df->tab[b].key = NULL;
		df->tab[b].cnt = NULL;
		df->tab[b].cap = df->tab[b].used = 0;
	}
	free(df->bloom);
	df->bloom = NULL;
	return bad ? NS_ERR_NOMEM : NS_OK;
}

ns_status ns_story_df_lookup(ns_story_df *df, const ns_termvec *v, size_t n, uint32_t *id, uint32_t *dfo, int threads)
{
	if (!df->dir) return NS_ERR_NOMEM; /* not finished */
	ns_status st = scatter(df, v, n, threads, 1);
	if (st) return st;
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 16)
	for (uint32_t b = 0; b < df->nblk; b++)
		for (size_t k = df->bstart[b], kend = df->bstart[b + 1]; k < kend; k++) {
			if (k + 2 * NS_DF_AHEAD < kend) {
				uint64_t t2 = df->e[k + 2 * NS_DF_AHEAD];
				NS_PREFETCH(&df->dir[df->dbits ? (size_t)(t2 >> (64 - df->dbits)) : 0]);
			}
			if (k + NS_DF_AHEAD < kend) {
				uint64_t t1 = df->e[k + NS_DF_AHEAD];
				NS_PREFETCH(&df->keys[df->dir[df->dbits ? (size_t)(t1 >> (64 - df->dbits)) : 0]]);
			}
			uint64_t t = df->e[k];
			size_t j = df->dbits ? (size_t)(t >> (64 - df->dbits)) : 0;
			uint32_t q = df->dir[j], end = df->dir[j + 1], got = UINT32_MAX, f = 0;
			for (; q < end; q++)
				if (df->keys[q] == t) { got = q; f = df->dfv[q]; break; }
			id[df->src[k]] = got;
			dfo[df->src[k]] = f;
		}
	return NS_OK;
}

ns_status ns_story_logs_init(ns_story_logs *l, size_t m, uint32_t max_df)
{
	l->m = m;
	l->max_df = max_df;
	if (!(l->lidf = malloc(((size_t)max_df + 1) * sizeof(double)))) return NS_ERR_NOMEM;
	l->ltf[0] = l->lidf[0] = 0;
	for (size_t k = 1; k < NS_STORY_LOGS; k++) l->ltf[k] = log((float)k);
	for (size_t k = 1; k <= max_df; k++) l->lidf[k] = log((double)(m + 1) / (uint32_t)k);
	return NS_OK;
}

void ns_story_logs_free(ns_story_logs *l)
{
	free(l->lidf);
	l->lidf = NULL;
}

void ns_story_vec_weights(const ns_termvec *c, const uint32_t *id, const uint32_t *df, const ns_story_logs *l,
                          ns_termvec *out)
{
	uint32_t k = 0;
	for (uint32_t j = 0; j < c->n; j++) {
		if (id[j] == UINT32_MAX) continue;
		uint32_t d = df[j];
		double idf = d <= l->max_df ? l->lidf[d] : log((double)(l->m + 1) / d);
		float tf = c->t[j].w; /* a count: a whole number */
		double w = (1.0 + (tf < (float)NS_STORY_LOGS ? l->ltf[(size_t)tf] : log(tf))) * idf;
		out->t[k].term = id[j];
		out->t[k].w = (float)w;
		k++;
	}
	out->n = k;
}

/* ---- compact vectors ---- */

ns_status ns_story_vecs_init(ns_story_vecs *sv, size_t cap)
{
	memset(sv, 0, sizeof(*sv));
	sv->off = malloc((cap + 1) * sizeof(uint64_t));
	sv->scale = malloc((cap ? cap : 1) * sizeof(float));
	if (!sv->off || !sv->scale) { ns_story_vecs_free(sv); return NS_ERR_NOMEM; }
	sv->off[0] = 0;
	sv->cap = cap;
	return NS_OK;
}

void ns_story_vecs_free(ns_story_vecs *sv)
{
	free(sv->off);
	free(sv->scale);
	free(sv->data);
	memset(sv, 0, sizeof(*sv));
}

void ns_story_vecs_fit(ns_story_vecs *sv)
{
	uint8_t *p = sv->len ? realloc(sv->data, sv->len) : NULL;
	if (p) {
		sv->data = p;
		sv->dcap = sv->len;
	}
}

uint64_t ns_story_vecs_bytes(const ns_story_vecs *sv)
{
	return (uint64_t)sv->dcap + (uint64_t)(sv->cap + 1) * 8 + (uint64_t)sv->cap * 4;
}

size_t ns_story_vec_encode(const ns_termvec *v, uint32_t top_terms, uint64_t *tmp, uint8_t *out, float *scale)
{
	uint8_t *p = ns_varint_put(out, v->n);
	float wmax = 0;
	for (uint32_t i = 0; i < v->n; i++) wmax = v->t[i].w > wmax ? v->t[i].w : wmax;
	uint32_t nt = ns_story_top_terms(v, top_terms, tmp), k = 0;
	uint64_t sq = 0;
	uint32_t prev = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		uint32_t t = (uint32_t)v->t[i].term;
		int top = k < nt && tmp[k] == t;
		k += top;
		uint32_t q = wmax > 0 ? (uint32_t)((double)v->t[i].w / wmax * 255.0 + 0.5) : 0;
		if (q < 1) q = 1;
		if (q > 255) q = 255;
		sq += (uint64_t)q * q;
		p = ns_varint_put(p, (t - prev) << 1 | (uint32_t)top);
		*p++ = (uint8_t)q;
		prev = t;
	}
	*scale = sq ? (float)(1.0 / sqrt((double)sq)) : 0.0f;
	return (size_t)(p - out);
}

ns_status ns_story_vecs_append(ns_story_vecs *sv, const uint8_t *p, size_t len, float scale)
{
	if (sv->n >= sv->cap) return NS_ERR_NOMEM;
	if (ns_grow((void **)&sv->data, &sv->dcap, sv->len + len + 1, 1)) return NS_ERR_NOMEM;
	memcpy(sv->data + sv->len, p, len);
	sv->len += len;
	sv->scale[sv->n] = scale;
	sv->off[++sv->n] = sv->len;
	return NS_OK;
}

/* A reader of one vector. */
typedef struct {
	const uint8_t *p;
	uint32_t left, id, q, top;
} vec_reader;

static uint32_t reader_open(vec_reader *r, const ns_story_vecs *sv, size_t i)
{
	r->p = ns_varint_get(sv->data + sv->off[i], &r->left);
	r->id = 0;
	return r->left;
}

static int reader_next(vec_reader *r)
{
	if (!r->left) return 0;
	uint32_t d;
	r->p = ns_varint_get(r->p, &d);
	r->id += d >> 1;
	r->top = d & 1;
	r->q = *r->p++;
	r->left--;
	return 1;
}

ns_status ns_story_vec_decode(const ns_story_vecs *sv, size_t i, ns_termvec *out)
{
	vec_reader r;
	uint32_t n = reader_open(&r, sv, i);
	out->t = NULL;
	out->n = 0;
	if (!n) return NS_OK;
	if (!(out->t = malloc(n * sizeof(ns_term)))) return NS_ERR_NOMEM;
	while (reader_next(&r)) {
		out->t[out->n].term = r.id;
		out->t[out->n].w = (float)((double)r.q * sv->scale[i]);
		out->n++;
	}
	return NS_OK;
}

double ns_story_vec_cosine(const ns_story_vecs *sv, size_t a, size_t b)
{
	vec_reader x, y;
	if (!reader_open(&x, sv, a) || !reader_open(&y, sv, b)) return 0.0;
	uint64_t dot = 0;
	int ok = reader_next(&x) && reader_next(&y);
	while (ok) {
		if (x.id < y.id) ok = reader_next(&x);
		else if (x.id > y.id) ok = reader_next(&y);
		else {
			dot += (uint64_t)x.q * y.q;
			ok = reader_next(&x) && reader_next(&y);
		}
	}
	return (double)dot * sv->scale[a] * sv->scale[b];
}

/* ---- candidates ---- */

/* Each flagged term t of every vector: at[t]++ when doc is NULL (a count),
 * else doc[at[t]++] = the vector's index (places taken atomically, so each
 * list's order depends on the threads until it is sorted). */
static void post_flagged(const ns_story_vecs *sv, uint32_t *at, uint32_t *doc, int threads)
{
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024)
	for (size_t d = 0; d < sv->n; d++) {
		vec_reader r;
		reader_open(&r, sv, d);
		while (reader_next(&r)) {
			if (!r.top) continue;
			uint32_t k;
#pragma omp atomic capture
			k = at[r.id]++;
			if (doc) doc[k] = (uint32_t)d;
		}
	}
}

#define NS_EDGE_ROWS 1024 /* documents a block of candidate work */

ns_status ns_story_edges(const ns_story_vecs *sv, uint32_t nterms, uint32_t min_shared, uint32_t max_posting,
                         double threshold, int threads, ns_edge **ep, size_t *nep, size_t *ncand, uint64_t *index_bytes)
{
	size_t n = sv->n;
	*ep = NULL;
	*nep = 0;
	*ncand = 0;
	if (threads < 1) threads = 1;
	if (n >= UINT32_MAX) return NS_ERR_NOMEM;
	/* posting lists of the flagged terms: counted, filled in parallel
	 * (places taken atomically), then each list sorted: the same lists for
	 * any thread count */
	uint32_t *start = calloc((size_t)nterms + 2, sizeof(uint32_t));
	if (!start) return NS_ERR_NOMEM;
	post_flagged(sv, start + 2, NULL, threads);
	uint64_t total = 0;
	for (uint32_t t = 0; t < nterms; t++) {
		total += start[t + 2];
		if (total >= UINT32_MAX) { free(start); return NS_ERR_NOMEM; }
		start[t + 2] = (uint32_t)total;
	}
	uint32_t *doc = malloc((total ? total : 1) * sizeof(uint32_t));
	if (!doc) { free(start); return NS_ERR_NOMEM; }
	post_flagged(sv, start + 1, doc, threads);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4096)
	for (uint32_t t = 0; t < nterms; t++) ns_qsort(doc + start[t], start[t + 1] - start[t], sizeof(uint32_t), ns_cmp_u32);
	/* start[t] .. start[t + 1] is now term t's list */
	*index_bytes = ((uint64_t)nterms + 2) * 4 + total * 4;
	size_t nblk = (n + NS_EDGE_ROWS - 1) / NS_EDGE_ROWS;
	ns_edge **be = calloc(nblk ? nblk : 1, sizeof(*be));
	size_t *bn = calloc(nblk ? nblk : 1, sizeof(size_t));
	int nomem = !be || !bn;
	size_t cand = 0;
	if (!nomem) {
#pragma omp parallel num_threads(threads) reduction(|:nomem) reduction(+:cand)
		{
			uint32_t *count = calloc(n ? n : 1, sizeof(uint32_t)), *touched = NULL;
			size_t tcap = 0;
			if (!count) nomem = 1;
#pragma omp for schedule(dynamic, 1)
			for (size_t b = 0; b < nblk; b++) {
				size_t cap = 0;
				for (size_t d = b * NS_EDGE_ROWS; d < NS_MIN(n, (b + 1) * NS_EDGE_ROWS) && count && !nomem; d++) {
					/* count, for every later document, the lists it shares with d */
					size_t nt = 0;
					vec_reader r;
					reader_open(&r, sv, d);
					while (reader_next(&r)) {
						if (!r.top) continue;
						uint32_t s0 = start[r.id], s1 = start[r.id + 1];
						if (s1 - s0 < 2 || s1 - s0 > max_posting) continue;
						/* d's place in the list (ascending documents) */
						uint32_t lo = s0, hi = s1;
						while (lo < hi) {
							uint32_t mid = lo + (hi - lo) / 2;
							if (doc[mid] <= d) lo = mid + 1;
							else hi = mid;
						}
						if (ns_grow((void **)&touched, &tcap, nt + (s1 - lo), sizeof(uint32_t))) { nomem = 1; break; }
						for (uint32_t q = lo; q < s1; q++)
							if (count[doc[q]]++ == 0) touched[nt++] = doc[q];
					}
					size_t keep = 0;
					for (size_t i = 0; i < nt; i++) {
						uint32_t o = touched[i];
						if (count[o] >= min_shared) touched[keep++] = o;
						count[o] = 0;
					}
					if (nomem) break;
					ns_qsort(touched, keep, sizeof(uint32_t), ns_cmp_u32);
					cand += keep;
					for (size_t i = 0; i < keep; i++) {
						double c = ns_story_vec_cosine(sv, d, touched[i]);
						if (c < threshold) continue;
						if (ns_grow((void **)&be[b], &cap, bn[b] + 1, sizeof(ns_edge))) { nomem = 1; break; }
						ns_edge *x = &be[b][bn[b]++];
						x->a = (uint32_t)d;
						x->b = touched[i];
						x->w = (float)c;
						x->kind = 0;
					}
				}
			}
			free(count);
			free(touched);
		}
	}
	free(start);
	free(doc);
	size_t ne = 0;
	for (size_t b = 0; b < nblk && !nomem; b++) ne += bn[b];
	if (!nomem && !(*ep = malloc((ne ? ne : 1) * sizeof(ns_edge)))) nomem = 1;
	for (size_t b = 0; b < nblk && !nomem; b++) {
		if (bn[b]) memcpy(*ep + *nep, be[b], bn[b] * sizeof(ns_edge));
		*nep += bn[b];
	}
	for (size_t b = 0; be && b < nblk; b++) free(be[b]);
	free(be);
	free(bn);
	if (nomem) { free(*ep); *ep = NULL; *nep = 0; return NS_ERR_NOMEM; }
	*ncand = cand;
	return NS_OK;
}

/* ---- the candidates in steps ---- */

ns_status ns_story_vec_postings(const uint8_t *p, size_t len, uint32_t a, uint64_t **out, size_t *n, size_t *cap)
{
	const uint8_t *end = p + len;
	uint32_t nt, id = 0;
	p = ns_varint_get_n(p, end, &nt);
	if (!p || nt > len) return NS_ERR_FORMAT;
	for (uint32_t k = 0; k < nt; k++) {
		uint32_t d;
		p = ns_varint_get_n(p, end, &d);
		if (!p || p >= end) return NS_ERR_FORMAT;
		p++; /* the weight */
		id += d >> 1;
		if (!(d & 1)) continue;
		if (ns_grow((void **)out, cap, *n + 1, sizeof(uint64_t))) return NS_ERR_NOMEM;
		(*out)[(*n)++] = (uint64_t)id << 32 | a;
	}
	return p == end ? NS_OK : NS_ERR_FORMAT;
}

ns_status ns_story_vecs_postings(const ns_story_vecs *sv, size_t i, uint64_t **out, size_t *n, size_t *cap)
{
	return ns_story_vec_postings(sv->data + sv->off[i], (size_t)(sv->off[i + 1] - sv->off[i]), (uint32_t)i, out, n, cap);
}

ns_status ns_story_list_pairs(uint64_t *p, size_t np, uint32_t max_posting, uint64_t **out, size_t *n, size_t *cap)
{
	ns_sort_u64(p, np);
	for (size_t s0 = 0, s1; s0 < np; s0 = s1) {
		for (s1 = s0 + 1; s1 < np && p[s1] >> 32 == p[s0] >> 32; s1++) {}
		size_t len = s1 - s0;
		if (len < 2 || len > max_posting) continue;
		if (ns_grow((void **)out, cap, *n + len * (len - 1) / 2, sizeof(uint64_t))) return NS_ERR_NOMEM;
		for (size_t i = s0; i < s1; i++)
			for (size_t j = i + 1; j < s1; j++) (*out)[(*n)++] = (p[i] & 0xFFFFFFFFu) << 32 | (p[j] & 0xFFFFFFFFu);
	}
	return NS_OK;
}

size_t ns_story_pairs_shared(uint64_t *p, size_t n, uint32_t min_shared)
{
	ns_sort_u64(p, n);
	size_t keep = 0;
	for (size_t s0 = 0, s1; s0 < n; s0 = s1) {
		for (s1 = s0 + 1; s1 < n && p[s1] == p[s0]; s1++) {}
		if (s1 - s0 >= min_shared) p[keep++] = p[s0];
	}
	return keep;
}

ns_status ns_story_edges_of(const ns_story_vecs *sv, const uint64_t *c, size_t nc, double threshold, int threads,
                            ns_edge **ep, size_t *nep)
{
	*ep = NULL;
	*nep = 0;
	for (size_t k = 0; k < nc; k++)
		if ((c[k] >> 32) >= (c[k] & 0xFFFFFFFFu) || (c[k] & 0xFFFFFFFFu) >= sv->n || (k && c[k] <= c[k - 1]))
			return NS_ERR_FORMAT;
	/* each candidate's cosine in parallel; the edges kept in order */
	float *w = malloc((nc ? nc : 1) * sizeof(float));
	if (!w) return NS_ERR_NOMEM;
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 1024)
	for (size_t k = 0; k < nc; k++) {
		double x = ns_story_vec_cosine(sv, (size_t)(c[k] >> 32), (size_t)(c[k] & 0xFFFFFFFFu));
		w[k] = x < threshold ? -1.0f : (float)x;
	}
	size_t ne = 0;
	for (size_t k = 0; k < nc; k++) ne += w[k] >= 0;
	ns_edge *e = malloc((ne ? ne : 1) * sizeof(ns_edge));
	if (!e) { free(w); return NS_ERR_NOMEM; }
	ne = 0;
	for (size_t k = 0; k < nc; k++)
		if (w[k] >= 0) e[ne++] = (ns_edge){(uint32_t)(c[k] >> 32), (uint32_t)(c[k] & 0xFFFFFFFFu), w[k], 0};
	free(w);
	*ep = e;
	*nep = ne;
	return NS_OK;
}
