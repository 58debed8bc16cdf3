/* newsift — story term vectors and candidate search.
 *
 * Counting: the tokens of title (twice) and text are hashed, stop words and
 * one-character tokens dropped, and the hashes sorted and run-length counted.
 * Document frequencies, compact vectors and candidates: storyvec.c.
 * Grouping: average-link (or centroid) clustering of the edges.  The stage
 * reads the texts in windows, twice (frequencies, then vectors), so that
 * what it holds beyond a window is the compact vectors. */
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
#include "newsift/storyvec.h"
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

/* The terms of title and of text (its tokens in tok), in language lg,
 * counted into *v; tok is reused for the title. */
static ns_status count_terms(const char *title, size_t tlen, const char *text, ns_tokens *tok, ns_lang lg,
                             ns_stemmer *sm, ns_story_scratch *sc, ns_termvec *v)
{
	size_t n = 0;
	/* the title counts twice; no bigram spans two paragraphs of the text */
	ns_status st = add_terms(text, tok, 1, lg, sm, &sc->h, &n, &sc->hcap);
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

ns_status ns_story_counts(const char *title, size_t tlen, const char *text, size_t len, int stem, ns_tokens *tok,
                          ns_stemmer *stemmer, ns_story_scratch *sc, ns_termvec *v, ns_lang *lang)
{
	v->t = NULL;
	v->n = 0;
	size_t dl = len < NS_DETECT_BYTES ? len : NS_DETECT_BYTES;
	while (dl < len && dl > 0 && ((unsigned char)text[dl] & 0xC0) == 0x80) dl--; /* whole code points */
	if (ns_tokenize(text, dl, tok)) return NS_ERR_NOMEM;
	*lang = ns_lang_detect(tok);
	/* most texts are shorter than the detection bytes: tokenised once */
	if (dl < len && ns_tokenize(text, len, tok)) return NS_ERR_NOMEM;
	return count_terms(title, tlen, text, tok, *lang, stem ? stemmer : NULL, sc, v);
}

ns_status ns_story_counts_lang(const char *title, size_t tlen, const char *text, size_t len, int stem, ns_tokens *tok,
                               ns_stemmer *stemmer, ns_story_scratch *sc, ns_termvec *v, ns_lang lang)
{
	v->t = NULL;
	v->n = 0;
	if (ns_tokenize(text, len, tok)) return NS_ERR_NOMEM;
	return count_terms(title, tlen, text, tok, lang, stem ? stemmer : NULL, sc, v);
}

void ns_story_scratch_destroy(ns_story_scratch *sc)
{
	if (!sc) return;
	free(sc->h);
	ns_hsort_free(&sc->sort);
	free(sc);
}

#define NS_TERM_DROPPED (-1.0f) /* weight of a term left out of the vector */

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
	return ns_story_cluster_avg_levels(n, e, ne, merge_t, NULL, days, max_days, u);
}

ns_status ns_story_cluster_avg_levels(size_t n, const ns_edge *e, size_t ne, double merge_t, const double *level,
                                      const int32_t *days, int max_days, ns_uf *u)
{
	nblist *adj = calloc(n ? n : 1, sizeof(nblist));
	uint32_t *size = malloc((n ? n : 1) * sizeof(uint32_t)), *ver = calloc(n ? n : 1, sizeof(uint32_t));
	int32_t *lo = malloc((n ? n : 1) * sizeof(int32_t)), *hi = malloc((n ? n : 1) * sizeof(int32_t));
	double *lv = malloc((n ? n : 1) * sizeof(double)); /* a group's level: the highest of its members' */
	heap hp = {0};
	ns_status st = NS_ERR_NOMEM;
	if (!adj || !size || !ver || !lo || !hi || !lv) goto done;
	st = NS_OK;
	double least = level ? HUGE_VAL : merge_t; /* no merge below the lowest level */
	for (size_t i = 0; i < n; i++) {
		size[i] = 1;
		lo[i] = hi[i] = days ? days[i] : INT32_MIN;
		lv[i] = level ? level[i] : merge_t;
		if (lv[i] < least) least = lv[i];
	}
	for (size_t k = 0; k < ne && !st; k++) {
		if (e[k].a == e[k].b) continue;
		st = nb_add(&adj[e[k].a], e[k].b, e[k].w);
		if (!st) st = nb_add(&adj[e[k].b], e[k].a, e[k].w);
	}
	for (size_t a = 0; a < n && !st; a++)
		for (uint32_t i = 0; i < adj[a].n && !st; i++) {
			uint32_t b = adj[a].v[i].g;
			if (b <= a || adj[a].v[i].sum < NS_MAX(lv[a], lv[b])) continue;
			hent h = {adj[a].v[i].sum, (uint32_t)a, b, 0, 0};
			st = heap_push(&hp, h);
		}
	while (!st && hp.n) {
		hent h = heap_pop(&hp);
		if (h.va != ver[h.a] || h.vb != ver[h.b]) continue; /* stale */
		if (h.avg < least) break;
		uint32_t a = h.a, b = h.b;
		double need = NS_MAX(lv[a], lv[b]);
		if (h.avg < need) continue; /* levels only rise: this pair is done */
		if (days && max_days >= 0 && lo[a] != INT32_MIN && lo[b] != INT32_MIN) {
			/* far apart in time: one story only on stronger evidence */
			int64_t gap = (int64_t)NS_MAX(lo[a], lo[b]) - NS_MIN(hi[a], hi[b]);
			if (gap > max_days && h.avg < need * NS_STORY_FAR) continue;
		}
		/* merge b into a (a < b); a keeps its id */
		ns_uf_union(u, a, b);
		size[a] += size[b];
		if (lo[b] != INT32_MIN && (lo[a] == INT32_MIN || lo[b] < lo[a])) lo[a] = lo[b];
		if (hi[b] != INT32_MIN && (hi[a] == INT32_MIN || hi[b] > hi[a])) hi[a] = hi[b];
		if (lv[b] > lv[a]) lv[a] = lv[b];
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
			if (avg < NS_MAX(lv[a], lv[g])) continue;
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
	free(lv);
	free(hp.h);
	return st;
}

/* ---- the story stage ---- */

#define NS_STORY_WINDOW 4096 /* articles a window of the two passes over the texts */

/* Progress of the stage, on the scale of the store's records (as the
 * driver reports its start and end): the two passes over the texts take
 * about four fifths of its time, two fifths each; the links the rest. */
static void story_progress(const ns_ctx *c, const ns_docs *ds, int pass, size_t done, size_t m)
{
	uint64_t n = ns_docs_count(ds);
	if (!m) return;
	double f = 0.4 * (double)pass + 0.4 * (double)done / (double)m;
	ns_ctx_progress(c, "stories", (uint64_t)(f * (double)n), n);
}

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
static ns_status shared_lines(const ns_ctx *c, const ns_docs *ds, const uint32_t *reps, const uint32_t *voice, size_t m,
                              const uint8_t *notice, uint8_t *strip, ns_boiler_line **lines, size_t *nlines)
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
				d = voice ? voice[d] : d; /* the copy that speaks for its group */
				/* the read stage's keys while the text is as it was read
				 * (its short lines' keys, 0 for the others), else keyed again */
				uint32_t nrk;
				const uint64_t *rk = ns_docs_line_keys(ds, d, &nrk);
				if (rk) {
					for (uint32_t q = 0; q < nrk; q++) nocc += rk[q] != 0;
				} else if (ns_line_occs_keys(ns_docs_field(ds, d, NS_F_TEXT), ns_docs_len(ds, d, NS_F_TEXT), 0,
				                             o->boiler_max_words, &tok, &occ, &nocc, &cap, NULL, NULL)) {
					nomem = 1;
					continue;
				}
				if (!nocc) continue;
				uint64_t *k = malloc(nocc * sizeof(uint64_t));
				if (!k) { nomem = 1; continue; }
				if (rk) {
					nocc = 0;
					for (uint32_t q = 0; q < nrk; q++)
						if (rk[q]) k[nocc++] = rk[q];
				} else {
					for (size_t q = 0; q < nocc; q++) k[q] = occ[q].key;
				}
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

/* A window of articles' count vectors (made in parallel; each parallel
 * region has its own scratch, so a very long text's scratch does not
 * outlive its window), their terms' numbers and frequencies, and their
 * encoded vectors. */
typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	const uint32_t *reps;
	const uint32_t *voice; /* NULL, or the copy whose text speaks for each kept article */
	const uint8_t *notice, *strip;
	const ns_boiler_line *sl;
	size_t nsl, win;
	int nth;
	uint8_t *lang;       /* every kept article's detected language (ns_lang; notices NS_LANG_NONE) */
	ns_termvec *v;       /* the window's count vectors */
	uint32_t *id, *df;   /* their terms' numbers and frequencies */
	size_t idcap, dfcap;
	uint8_t **enc;       /* each article's encoded vector (room for its largest encoding) */
	size_t *elen;
	float *scale;
	const ns_story_remote *rem; /* the first pass: vectors made by other processes (NULL: none) */
	const ns_story_remote *skip; /* the second pass: articles whose vectors are made elsewhere (NULL: none) */
} counts_window;

/* Is kept article i's vector made by another process (rem: NULL, none)? */
static int remote_article(const counts_window *w, const ns_story_remote *rem, size_t i)
{
	size_t d = w->reps[i];
	if (!rem || w->notice[d]) return 0;
	d = w->voice ? w->voice[d] : d;
	return rem->remote(rem->ud, (uint32_t)d);
}

static ns_status counts_window_init(counts_window *w, const ns_ctx *c, const ns_docs *ds, const uint32_t *reps,
                                    const uint8_t *notice, const uint8_t *strip, const ns_boiler_line *sl, size_t nsl,
                                    size_t win)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	w->ds = ds;
	w->reps = reps;
	w->notice = notice;
	w->strip = strip;
	w->sl = sl;
	w->nsl = nsl;
	w->win = win;
	w->nth = c->threads > 0 ? c->threads : 1;
	w->v = calloc(win, sizeof(ns_termvec));
	w->enc = calloc(win, sizeof(uint8_t *));
	w->elen = calloc(win, sizeof(size_t));
	w->scale = calloc(win, sizeof(float));
	return w->v && w->enc && w->elen && w->scale ? NS_OK : NS_ERR_NOMEM;
}

static void counts_window_clear(counts_window *w, size_t n)
{
	for (size_t i = 0; i < n && i < w->win; i++) {
		free(w->v[i].t);
		w->v[i].t = NULL;
		w->v[i].n = 0;
		free(w->enc[i]);
		w->enc[i] = NULL;
	}
}

static void counts_window_free(counts_window *w)
{
	if (w->v) counts_window_clear(w, w->win);
	free(w->v);
	free(w->id);
	free(w->df);
	free(w->enc);
	free(w->elen);
	free(w->scale);
	memset(w, 0, sizeof(*w));
}

/* A thread's scratch space for count vectors. */
typedef struct {
	ns_tokens tok, ltok;
	ns_buf sb;
	ns_story_scratch *sc;
	ns_stemmer *sm;
} count_tmp;

static int count_tmp_init(count_tmp *t)
{
	memset(t, 0, sizeof(*t));
	t->sc = ns_story_scratch_create();
	t->sm = ns_stemmer_create();
	return t->sc && t->sm ? 0 : -1;
}

static void count_tmp_free(count_tmp *t)
{
	ns_tokens_free(&t->tok);
	ns_tokens_free(&t->ltok);
	ns_buf_free(&t->sb);
	ns_story_scratch_destroy(t->sc);
	ns_stemmer_destroy(t->sm);
}

/* The count vector of document d (without the lines sl when strip) into
 * *v; its language is detected into *lang unless *lang is one already (the
 * second pass knows it from the first).  Non-zero when out of memory. */
static int count_one(const ns_options *o, const ns_docs *ds, size_t d, int strip, const ns_boiler_line *sl, size_t nsl,
                     count_tmp *t, ns_termvec *v, uint8_t *lang)
{
	const char *text = ns_docs_field(ds, d, NS_F_TEXT);
	size_t tlen = ns_docs_len(ds, d, NS_F_TEXT);
	if (strip) {
		uint32_t rm;
		if (ns_boiler_strip(text, tlen, sl, nsl, &t->ltok, &t->sb, &rm)) return -1;
		text = t->sb.p;
		tlen = t->sb.len;
	}
	const char *title = ns_docs_field(ds, d, NS_F_TITLE);
	uint32_t tl = ns_docs_len(ds, d, NS_F_TITLE);
	if (*lang < NS_LANG_COUNT)
		return ns_story_counts_lang(title, tl, text, tlen, o->stem, &t->tok, t->sm, t->sc, v, (ns_lang)*lang) != NS_OK;
	ns_lang lg = NS_LANG_UNKNOWN;
	if (ns_story_counts(title, tl, text, tlen, o->stem, &t->tok, t->sm, t->sc, v, &lg)) return -1;
	*lang = (uint8_t)lg;
	return 0;
}

/* Count vectors of kept articles i0 .. i0 + n (reps[] indexes) into w->v:
 * made here, or taken in order from the processes that make them
 * (w->rem).  NS_ERR_NOMEM, or the status of a vector that did not come. */
static ns_status counts_window_make(counts_window *w, size_t i0, size_t n)
{
	const ns_options *o = w->c->o;
	const ns_story_remote *rem = w->rem;
	int nomem = 0;
#pragma omp parallel num_threads(w->nth) reduction(|:nomem)
	{
		count_tmp t;
		if (count_tmp_init(&t)) nomem = 1;
#pragma omp for schedule(dynamic, 32)
		for (size_t k = 0; k < n; k++) {
			size_t i = i0 + k, d = w->reps[i];
			if (w->notice[d] || nomem || remote_article(w, rem ? rem : w->skip, i)) continue;
			d = w->voice ? w->voice[d] : d;
			if (count_one(o, w->ds, d, w->strip[i], w->sl, w->nsl, &t, &w->v[k], &w->lang[i])) nomem = 1;
		}
		count_tmp_free(&t);
	}
	if (nomem) return NS_ERR_NOMEM;
	for (size_t k = 0; rem && k < n; k++) {
		size_t i = i0 + k;
		if (!remote_article(w, rem, i)) continue;
		ns_status st = rem->next(rem->ud, i, &w->v[k], &w->lang[i]);
		if (st) return st;
	}
	return NS_OK;
}

/* Count vectors v[0..n) weighed with df's frequencies, cut and encoded
 * into enc[k] (malloc'd), elen[k], scale[k]; *id and *dfs are growable
 * scratch. */
static ns_status encode_vectors(const ns_termvec *v, size_t n, ns_story_df *df, const ns_story_logs *lg,
                                uint32_t story_terms, uint32_t top_terms, int nth, uint32_t **id, size_t *idcap,
                                uint32_t **dfs, size_t *dfcap, uint8_t **enc, size_t *elen, float *scale)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++) total += v[k].n;
	if (ns_grow((void **)id, idcap, total + 1, sizeof(uint32_t)) ||
	    ns_grow((void **)dfs, dfcap, total + 1, sizeof(uint32_t)))
		return NS_ERR_NOMEM;
	if (ns_story_df_lookup(df, v, n, *id, *dfs, nth)) return NS_ERR_NOMEM;
	int nomem = 0;
	size_t *at = malloc((n + 1) * sizeof(size_t));
	if (!at) return NS_ERR_NOMEM;
	at[0] = 0;
	for (size_t k = 0; k < n; k++) at[k + 1] = at[k] + v[k].n;
	const uint32_t *ids = *id, *dfv = *dfs;
#pragma omp parallel num_threads(nth) reduction(|:nomem)
	{
		ns_termvec u = {NULL, 0}; /* one article's weighed vector */
		size_t ucap = 0;
		uint64_t *top = malloc(((size_t)top_terms + 1) * sizeof(uint64_t));
		if (!top) nomem = 1;
#pragma omp for schedule(dynamic, 32)
		for (size_t k = 0; k < n; k++) {
			const ns_termvec *cv = &v[k];
			if (!top || ns_grow((void **)&u.t, &ucap, (size_t)cv->n + 1, sizeof(ns_term))) { nomem = 1; continue; }
			ns_story_vec_weights(cv, ids + at[k], dfv + at[k], lg, &u);
			ns_story_weigh(&u, story_terms);
			if (!(enc[k] = malloc(NS_STORY_VEC_MAX_BYTES(u.n)))) { nomem = 1; continue; }
			elen[k] = ns_story_vec_encode(&u, top_terms, top, enc[k], &scale[k]);
		}
		free(u.t);
		free(top);
	}
	free(at);
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

/* The window's vectors weighed with df's frequencies, cut and encoded. */
static ns_status counts_window_encode(counts_window *w, ns_story_df *df, const ns_story_logs *lg, size_t n,
                                      uint32_t story_terms, uint32_t top_terms)
{
	return encode_vectors(w->v, n, df, lg, story_terms, top_terms, w->nth, &w->id, &w->idcap, &w->df, &w->dfcap,
	                      w->enc, w->elen, w->scale);
}

/* Append the window's encoded vectors in article order. */
static ns_status counts_window_append(counts_window *w, ns_story_vecs *sv, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (ns_story_vecs_append(sv, w->enc[k], w->elen[k], w->scale[k])) return NS_ERR_NOMEM;
	return NS_OK;
}

/* Unrelated articles are similar by chance, and the share of unrelated
 * pairs at cosine s or above falls about exponentially in s: by a factor e
 * every 0.025-0.056 on the shared sets (results/stories.md).  An article
 * meets every other article of its language, so the number of chance
 * partners it has above a level grows with their count; the level that
 * keeps that number the same rises by NS_STORY_NOISE_SCALE for every factor
 * e of articles.  --story-merge is the level for story_merge_articles
 * articles of one language; each article gets the level for the kept
 * articles of its language (an article of no detected language meets them
 * all).  A small corpus has few frequent terms to leave out and weighs the
 * rest alike, so its unrelated articles are more alike: the level does not
 * go below NS_STORY_MEAN_MUL times the mean cosine of two of those
 * articles (pairs without a link count 0), nor below NS_STORY_MERGE_FLOOR,
 * unless --story-merge itself is lower. */
#define NS_STORY_NOISE_SCALE 0.04
#define NS_STORY_MEAN_MUL 2.0
#define NS_STORY_MERGE_FLOOR 0.05 /* the cosine unrelated candidate pairs typically have */
#define NS_LANG_NONE 0xFF /* lang[] of a notice page: it has no story terms and meets no article */

/* Each kept article's merge level into level (m entries), from the
 * articles' languages and the links e; the lowest and highest into ss's
 * stats. */
static void story_levels(const ns_options *o, const uint8_t *lang, size_t m, const ns_edge *e, size_t ne, double *level,
                         ns_story_set *ss)
{
	size_t cnt[NS_LANG_COUNT] = {0}, nvec = 0;
	for (size_t i = 0; i < m; i++)
		if (lang[i] < NS_LANG_COUNT) { cnt[lang[i]]++; nvec++; }
	/* link mass among the articles each language's articles meet */
	double mass[NS_LANG_COUNT] = {0}, unk = 0, total = 0;
	for (size_t k = 0; k < ne; k++) {
		uint8_t la = lang[e[k].a], lb = lang[e[k].b];
		if (la >= NS_LANG_COUNT || lb >= NS_LANG_COUNT || e[k].a == e[k].b) continue;
		total += e[k].w;
		if (la == NS_LANG_UNKNOWN && lb == NS_LANG_UNKNOWN) unk += e[k].w;
		else if (la == lb || lb == NS_LANG_UNKNOWN) mass[la] += e[k].w;
		else if (la == NS_LANG_UNKNOWN) mass[lb] += e[k].w;
	}
	double lv[NS_LANG_COUNT];
	for (int l = 0; l < NS_LANG_COUNT; l++) {
		size_t meets = l == NS_LANG_UNKNOWN ? nvec : cnt[l] + cnt[NS_LANG_UNKNOWN];
		double ms = l == NS_LANG_UNKNOWN ? total : mass[l] + unk;
		double t = o->story_merge;
		if (o->story_merge_articles && meets >= 2) {
			double mean = ms / ((double)meets * (meets - 1) / 2);
			double floor = NS_MIN(o->story_merge, NS_MAX(NS_STORY_MERGE_FLOOR, NS_STORY_MEAN_MUL * mean));
			t += NS_STORY_NOISE_SCALE * log((double)meets / o->story_merge_articles);
			t = NS_MIN(1.0, NS_MAX(floor, t));
		}
		lv[l] = t;
	}
	for (size_t i = 0; i < m; i++) {
		level[i] = lv[lang[i] < NS_LANG_COUNT ? lang[i] : NS_LANG_UNKNOWN];
		if (lang[i] >= NS_LANG_COUNT) continue;
		if (!ss->stats.merge_max || level[i] < ss->stats.merge_min) ss->stats.merge_min = level[i];
		if (level[i] > ss->stats.merge_max) ss->stats.merge_max = level[i];
	}
}

/* A window of count vectors kept from the first pass for the second,
 * packed: for each article its term count (varint), its terms (8 bytes
 * each) and their counts (varints): about 9 bytes a term where the vectors
 * take 12 and an allocation each. */
typedef struct {
	uint8_t *buf;
	size_t *off; /* article k's bytes: buf[off[k] .. off[k + 1]) */
	size_t n;
} packed_win;

static void packed_free(packed_win *p)
{
	if (!p) return;
	free(p->buf);
	free(p->off);
	free(p);
}

/* A count vector packed (counts are whole numbers): a varint count of
 * terms, their hashes (u64 each), their counts (varints).  counts_len: its
 * bytes; counts_put: it written at q (returns the byte after it);
 * counts_get: read back from [q, end) into *v (malloc'd), the byte after
 * it, or NULL when the bytes are not such a vector (*nomem set when out of
 * memory). */
static size_t counts_len(const ns_termvec *v)
{
	size_t b = ns_varint_len(v->n) + (size_t)v->n * 8;
	for (uint32_t j = 0; j < v->n; j++) b += ns_varint_len((uint32_t)v->t[j].w);
	return b;
}

static uint8_t *counts_put(uint8_t *q, const ns_termvec *v)
{
	q = ns_varint_put(q, v->n);
	for (uint32_t j = 0; j < v->n; j++, q += 8) memcpy(q, &v->t[j].term, 8);
	for (uint32_t j = 0; j < v->n; j++) q = ns_varint_put(q, (uint32_t)v->t[j].w);
	return q;
}

static const uint8_t *counts_get(const uint8_t *q, const uint8_t *end, ns_termvec *v, int *nomem)
{
	uint32_t n;
	v->n = 0;
	v->t = NULL;
	if (!(q = ns_varint_get_n(q, end, &n)) || n > (size_t)(end - q) / 9) return NULL;
	if (!n) return q;
	if (!(v->t = malloc((size_t)n * sizeof(ns_term)))) { *nomem = 1; return NULL; }
	for (uint32_t j = 0; j < n; j++, q += 8) memcpy(&v->t[j].term, q, 8);
	for (uint32_t j = 0; j < n && q; j++) {
		uint32_t c = 0;
		q = ns_varint_get_n(q, end, &c);
		v->t[j].w = (float)c;
	}
	if (!q) { free(v->t); v->t = NULL; return NULL; }
	v->n = n;
	return q;
}

/* Pack v[0..n); NULL when out of memory. */
static packed_win *packed_make(const ns_termvec *v, size_t n, int threads)
{
	packed_win *p = calloc(1, sizeof(*p));
	if (!p || !(p->off = malloc((n + 1) * sizeof(size_t)))) { packed_free(p); return NULL; }
	p->n = n;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
	for (size_t k = 0; k < n; k++) p->off[k + 1] = counts_len(&v[k]);
	p->off[0] = 0;
	for (size_t k = 0; k < n; k++) p->off[k + 1] += p->off[k];
	if (!(p->buf = malloc(p->off[n] ? p->off[n] : 1))) { packed_free(p); return NULL; }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
	for (size_t k = 0; k < n; k++) counts_put(p->buf + p->off[k], &v[k]);
	return p;
}

static uint64_t packed_bytes(const packed_win *p)
{
	return p->off[p->n] + (p->n + 1) * sizeof(size_t) + sizeof(*p);
}

/* The window's count vectors back into v[0..p->n) (malloc'd). */
static ns_status packed_open(const packed_win *p, ns_termvec *v, int threads)
{
	int nomem = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64) reduction(|:nomem)
	for (size_t k = 0; k < p->n; k++)
		counts_get(p->buf + p->off[k], p->buf + p->off[k + 1], &v[k], &nomem); /* packed here: whole */
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

/* ---- count vectors made by another process ----
 *
 * A packed stream of events (ns_event_emit): 'V' a chunk of articles
 * (u32 count; each its language (u8), then as packed_make: a varint count
 * of terms, their hashes (u64 each), their counts (varints)); 'E' the end;
 * 'X' a failure (u32 status, then a message). */
#define NS_COUNTS_CHUNK 1024 /* articles made in parallel, then sent */

ns_status ns_story_counts_pack(const ns_ctx *c, const ns_docs *ds, const uint32_t *doc, const uint8_t *strip, size_t n,
                               const ns_boiler_line *sl, size_t nsl, ns_story_counts_each each, ns_ingest_sink sink,
                               void *ud)
{
	const ns_options *o = c->o;
	int nth = c->threads > 0 ? c->threads : 1;
	ns_termvec *v = calloc(NS_COUNTS_CHUNK, sizeof(*v));
	uint8_t *lang = malloc(NS_COUNTS_CHUNK);
	ns_buf b = {0};
	ns_status st = v && lang ? NS_OK : NS_ERR_NOMEM;
	for (size_t i0 = 0; i0 < n && !st; i0 += NS_COUNTS_CHUNK) {
		size_t k1 = NS_MIN((size_t)NS_COUNTS_CHUNK, n - i0);
		int nomem = 0;
#pragma omp parallel num_threads(nth) reduction(|:nomem)
		{
			count_tmp t;
			if (count_tmp_init(&t)) nomem = 1;
#pragma omp for schedule(dynamic, 32)
			for (size_t k = 0; k < k1; k++) {
				lang[k] = NS_LANG_NONE;
				if (!nomem && count_one(o, ds, doc[i0 + k], strip[i0 + k], sl, nsl, &t, &v[k], &lang[k])) nomem = 1;
			}
			count_tmp_free(&t);
		}
		b.len = 0;
		if (nomem || ns_vput_u32(&b, (uint32_t)k1)) st = NS_ERR_NOMEM;
		if (!st && each) st = each(ud, i0, v, k1);
		for (size_t k = 0; k < k1 && !st; k++) {
			if (ns_vput_u8(&b, lang[k]) || ns_buf_reserve(&b, counts_len(&v[k]))) st = NS_ERR_NOMEM;
			else b.len = (size_t)(counts_put((uint8_t *)b.p + b.len, &v[k]) - (uint8_t *)b.p);
		}
		for (size_t k = 0; k < k1; k++) {
			free(v[k].t);
			v[k].t = NULL;
			v[k].n = 0;
		}
		if (!st) st = ns_event_emit(sink, ud, 'V', b.p, b.len);
		if (!st && ns_ctx_stopped(c)) st = NS_ERR_INTERRUPTED;
	}
	if (!st) st = ns_event_emit(sink, ud, 'E', NULL, 0);
	ns_buf_free(&b);
	free(v);
	free(lang);
	return st;
}

/* A vector decoded and not taken yet: a count vector and its language
 * ('V'), or an encoded vector ('W'). */
typedef struct {
	ns_termvec v;
	uint8_t lang;
	uint8_t *enc;
	size_t len;
	float scale;
} counts_item;

struct ns_story_counts_reader {
	ns_buf pend;
	counts_item *q;    /* q[at .. n) wait */
	size_t n, at, cap;
	int kind;          /* 'V' or 'W', from the first chunk (a stream has one kind) */
	int ended;
	ns_status failed;  /* an 'X' event: its status and message */
	char msg[512];
};

ns_status ns_story_counts_reader_create(ns_story_counts_reader **rp)
{
	*rp = calloc(1, sizeof(**rp));
	return *rp ? NS_OK : NS_ERR_NOMEM;
}

void ns_story_counts_reader_destroy(ns_story_counts_reader *rd)
{
	if (!rd) return;
	for (size_t k = rd->at; k < rd->n; k++) {
		free(rd->q[k].v.t);
		free(rd->q[k].enc);
	}
	free(rd->q);
	ns_buf_free(&rd->pend);
	free(rd);
}

/* Room for k more items of a chunk of tag (the stream's kind) after those
 * not taken yet, which move to the front. */
static ns_status reader_room(ns_story_counts_reader *rd, int tag, size_t k)
{
	if (rd->kind && rd->kind != tag) return NS_ERR_FORMAT;
	rd->kind = tag;
	if (rd->at) {
		memmove(rd->q, rd->q + rd->at, (rd->n - rd->at) * sizeof(*rd->q));
		rd->n -= rd->at;
		rd->at = 0;
	}
	return ns_grow((void **)&rd->q, &rd->cap, rd->n + k, sizeof(*rd->q)) ? NS_ERR_NOMEM : NS_OK;
}

/* A 'W' event: u32 count, then each vector's article's language (u8),
 * scale (f32), length (varint) and bytes. */
static ns_status vectors_event(ns_story_counts_reader *rd, const unsigned char *p, size_t n)
{
	ns_vreader v = {p, n, 0, 0};
	uint32_t k1 = ns_vget_u32(&v);
	if (v.bad || k1 > NS_COUNTS_CHUNK) return NS_ERR_FORMAT;
	ns_status st = reader_room(rd, 'W', k1);
	if (st) return st;
	const uint8_t *end = p + n;
	for (uint32_t k = 0; k < k1; k++) {
		uint8_t lg = ns_vget_u8(&v);
		float sc = ns_vget_f32(&v);
		uint32_t len;
		const uint8_t *q = v.bad ? NULL : ns_varint_get_n(p + v.pos, end, &len);
		if (!q || len > (size_t)(end - q)) return NS_ERR_FORMAT;
		uint8_t *e = malloc(len ? len : 1);
		if (!e) return NS_ERR_NOMEM;
		memcpy(e, q, len);
		rd->q[rd->n++] = (counts_item){.enc = e, .len = len, .scale = sc, .lang = lg};
		v.pos = (size_t)(q - p) + len;
	}
	return v.pos == n ? NS_OK : NS_ERR_FORMAT;
}

static ns_status counts_event(void *ud, int tag, const unsigned char *p, size_t n)
{
	ns_story_counts_reader *rd = ud;
	ns_vreader v = {p, n, 0, 0};
	if (rd->ended || rd->failed) return NS_ERR_FORMAT;
	if (tag == 'E') {
		if (n) return NS_ERR_FORMAT;
		rd->ended = 1;
		return NS_OK;
	}
	if (tag == 'X') {
		uint32_t s = ns_vget_u32(&v);
		if (v.bad || !s) return NS_ERR_FORMAT;
		rd->failed = (ns_status)(int32_t)s;
		snprintf(rd->msg, sizeof(rd->msg), "%.*s", (int)NS_MIN(n - v.pos, sizeof(rd->msg) - 1), (const char *)p + v.pos);
		return NS_OK;
	}
	if (tag == 'W') return vectors_event(rd, p, n);
	if (tag != 'V') return NS_ERR_FORMAT;
	uint32_t k1 = ns_vget_u32(&v);
	if (v.bad || k1 > NS_COUNTS_CHUNK) return NS_ERR_FORMAT;
	ns_status st = reader_room(rd, 'V', k1);
	if (st) return st;
	const uint8_t *end = p + n;
	for (uint32_t k = 0; k < k1; k++) {
		counts_item *it = &rd->q[rd->n];
		memset(it, 0, sizeof(*it));
		it->lang = ns_vget_u8(&v);
		int nomem = 0;
		const uint8_t *q = v.bad ? NULL : counts_get(p + v.pos, end, &it->v, &nomem);
		if (!q) return nomem ? NS_ERR_NOMEM : NS_ERR_FORMAT;
		rd->n++;
		v.pos = (size_t)(q - p);
	}
	return v.pos == n ? NS_OK : NS_ERR_FORMAT;
}

ns_status ns_story_counts_reader_feed(ns_story_counts_reader *rd, const void *p, size_t n)
{
	return ns_event_feed(&rd->pend, p, n, counts_event, rd);
}

int ns_story_counts_reader_take_vec(ns_story_counts_reader *rd, uint8_t **enc, size_t *len, float *scale,
                                    uint8_t *lang)
{
	if (rd->kind != 'W' || rd->at == rd->n) return 0;
	const counts_item *it = &rd->q[rd->at++];
	*enc = it->enc;
	*len = it->len;
	*scale = it->scale;
	*lang = it->lang;
	return 1;
}

int ns_story_counts_reader_take(ns_story_counts_reader *rd, ns_termvec *v, uint8_t *lang)
{
	if (rd->kind != 'V' || rd->at == rd->n) return 0;
	const counts_item *it = &rd->q[rd->at++];
	*v = it->v;
	*lang = it->lang;
	return 1;
}

ns_status ns_story_vectors_pack(const ns_ctx *c, ns_story_df *df, size_t m, uint32_t max_df,
                                long (*src)(void *ud, void *buf, size_t cap), void *sud, ns_ingest_sink sink,
                                void *ud)
{
	enum { IN = 1 << 20 };
	const ns_options *o = c->o;
	int nth = c->threads > 0 ? c->threads : 1;
	ns_story_logs lg;
	ns_story_counts_reader *rd = NULL;
	char *in = malloc(IN);
	ns_termvec *v = calloc(NS_COUNTS_CHUNK, sizeof(*v));
	uint8_t **enc = calloc(NS_COUNTS_CHUNK, sizeof(*enc));
	size_t *elen = calloc(NS_COUNTS_CHUNK, sizeof(*elen));
	float *scale = calloc(NS_COUNTS_CHUNK, sizeof(*scale));
	uint8_t *lang = malloc(NS_COUNTS_CHUNK);
	uint32_t *id = NULL, *dfs = NULL;
	size_t idcap = 0, dfcap = 0;
	ns_buf b = {0};
	int logs = 0, eof = 0;
	ns_status st = in && v && enc && elen && scale && lang ? ns_story_counts_reader_create(&rd) : NS_ERR_NOMEM;
	if (!st && !(st = ns_story_logs_init(&lg, m, max_df))) logs = 1;
	while (!st) {
		/* a chunk of count vectors, read on as far as needed */
		size_t n = 0;
		while (!st && n < NS_COUNTS_CHUNK) {
			if (ns_story_counts_reader_take(rd, &v[n], &lang[n])) { n++; continue; }
			if (eof) break;
			long k = src(sud, in, IN);
			if (k < 0) st = (ns_status)k;
			else if (k == 0) eof = 1;
			else st = ns_story_counts_reader_feed(rd, in, (size_t)k);
		}
		const char *msg;
		ns_status failed;
		if (!st && eof && !n && !ns_story_counts_reader_ended(rd, &msg, &failed)) st = NS_ERR_FORMAT; /* cut short */
		if (!st && n)
			st = encode_vectors(v, n, df, &lg, o->story_terms, o->story_top_terms, nth, &id, &idcap, &dfs, &dfcap, enc,
			                    elen, scale);
		b.len = 0;
		if (!st && n && ns_vput_u32(&b, (uint32_t)n)) st = NS_ERR_NOMEM;
		for (size_t k = 0; k < n && !st; k++) {
			uint8_t vb[5];
			if (ns_vput_u8(&b, lang[k]) || ns_vput_f32(&b, scale[k]) ||
			    ns_buf_put(&b, vb, (size_t)(ns_varint_put(vb, (uint32_t)elen[k]) - vb)) ||
			    ns_buf_put(&b, enc[k], elen[k]))
				st = NS_ERR_NOMEM;
		}
		for (size_t k = 0; k < n; k++) {
			free(v[k].t);
			v[k].t = NULL;
			v[k].n = 0;
			free(enc[k]);
			enc[k] = NULL;
		}
		if (!st) st = ns_event_emit(sink, ud, n ? 'W' : 'E', b.p, n ? b.len : 0);
		if (!st && !n) break;
		if (!st && ns_ctx_stopped(c)) st = NS_ERR_INTERRUPTED;
	}
	if (logs) ns_story_logs_free(&lg);
	ns_story_counts_reader_destroy(rd);
	ns_buf_free(&b);
	free(in);
	free(v);
	free(enc);
	free(elen);
	free(scale);
	free(lang);
	free(id);
	free(dfs);
	return st;
}

static ns_status buf_sink(void *ud, const void *p, size_t n)
{
	return ns_buf_put(ud, p, n);
}

ns_status ns_story_counts_fail(ns_buf *b, ns_status st, const char *msg)
{
	ns_buf x = {0};
	ns_status r = ns_vput_u32(&x, (uint32_t)(int32_t)(st ? st : NS_ERR_IO));
	if (!r) r = ns_buf_put(&x, msg, strlen(msg));
	if (!r) r = ns_event_emit(buf_sink, b, 'X', x.p, x.len);
	ns_buf_free(&x);
	return r;
}

int ns_story_counts_reader_ended(const ns_story_counts_reader *rd, const char **msg, ns_status *failed)
{
	*failed = rd->failed;
	*msg = rd->msg;
	return rd->ended || rd->failed;
}

ns_status ns_story_set_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_story_set *ss, ns_times *tm)
{
	return ns_story_set_build_sig(c, ds, dd, 0, ss, tm);
}

/* Each kept article's signature from its vector: its nsig strongest terms
 * by hash (high 32 bits), strongest first, weights relative to the first. */
static int signatures(ns_story_set *ss, const ns_story_vecs *sv, const ns_story_df *df, const uint32_t *reps, size_t m,
                      uint32_t nsig, int threads)
{
	size_t n = ss->n;
	ss->nsig = nsig;
	ss->sig_term = calloc((n ? n : 1) * nsig, sizeof(uint32_t));
	ss->sig_w = calloc((n ? n : 1) * nsig, 1);
	if (!ss->sig_term || !ss->sig_w) return 1;
	int nomem = 0;
#pragma omp parallel for num_threads(threads > 0 ? threads : 1) schedule(dynamic, 256) reduction(|:nomem)
	for (size_t i = 0; i < m; i++) {
		ns_termvec v;
		if (ns_story_vec_decode(sv, i, &v)) { nomem = 1; continue; }
		/* the nsig strongest (ties to the smaller term), then strongest first */
		uint64_t top[64];
		uint32_t k = ns_story_top_terms(&v, NS_MIN(nsig, 64u), top), q = 0;
		ns_term sel[64];
		for (uint32_t a = 0, j = 0; a < k; a++) {
			while (j < v.n && v.t[j].term < top[a]) j++;
			if (j < v.n) sel[q++] = v.t[j];
		}
		qsort(sel, q, sizeof(ns_term), cmp_weight_desc);
		uint32_t *st = ss->sig_term + (size_t)reps[i] * nsig;
		uint8_t *sw = ss->sig_w + (size_t)reps[i] * nsig;
		for (uint32_t a = 0; a < q && sel[0].w > 0; a++) {
			st[a] = (uint32_t)(ns_story_df_term(df, (uint32_t)sel[a].term) >> 32);
			long w = lround(255.0 * sel[a].w / sel[0].w);
			sw[a] = (uint8_t)(w < 1 ? 1 : w > 255 ? 255 : w);
		}
		free(v.t);
	}
	return nomem;
}

ns_status ns_story_set_build_sig(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, uint32_t sig_terms,
                                 ns_story_set *ss, ns_times *tm)
{
	return ns_story_set_build_remote(c, ds, dd, sig_terms, NULL, ss, tm);
}

ns_status ns_story_set_build_remote(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, uint32_t sig_terms,
                                    const ns_story_remote *remote, ns_story_set *ss, ns_times *tm)
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
	/* Short texts repeated verbatim in many places (crawl notices, cookie
	 * walls, "Tweet with a location") are scraped notices, not stories: they
	 * stay out of story linking.  Their copies stay together (a group is
	 * never split between stories): the same rule cannot tell such a
	 * notice from a short wire brief syndicated three times. */
	uint8_t *notice = calloc(n ? n : 1, 1);
	uint32_t *gsize = calloc(n ? n : 1, sizeof(uint32_t));
	if (!notice || !gsize) { free(reps); free(notice); free(gsize); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED) gsize[dd->group[i]]++;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] == NS_KEPT && gsize[i] >= o->notice_copies && dd->ntok[dd->voice ? dd->voice[i] : i] < o->notice_words)
			notice[i] = 1;
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
	if (!nomem && o->story_shared_lines) nomem = shared_lines(c, ds, reps, dd->voice, m, notice, strip, &sl, &nsl) != NS_OK;
	/* Two passes over the texts, a window of articles at a time, so that
	 * no article's full count vector (several KB) outlives its window:
	 * the first counts document frequencies, the second makes each
	 * article's weighed vector, cut to story_terms and stored compact.
	 * What is held beyond the windows is checked against the memory
	 * available after every window; the stage stops with an error as soon
	 * as it, scaled to every article, would not fit. */
	uint64_t avail = o->mem_available ? o->mem_available : ns_mem_available(), need = 0;
	size_t checked = 0;
	int over = 0;
	size_t win = NS_STORY_WINDOW;
	if (o->memory_budget) win = (size_t)NS_MAX((uint64_t)64, NS_MIN((uint64_t)win, o->memory_budget / 16384));
	counts_window cw = {0};
	ns_story_df *df = NULL;
	ns_story_vecs sv = {0};
	uint32_t max_df = (uint32_t)NS_MIN((size_t)UINT32_MAX,
	                                   NS_MAX((size_t)o->story_min_posting, (size_t)((double)m * o->story_max_share)));
	uint8_t *lang = malloc(m ? m : 1);
	if (!lang) nomem = 1;
	else memset(lang, NS_LANG_NONE, m ? m : 1);
	/* spread: the frequencies are counted by every process together */
	int spread = remote && remote->count && remote->counted && remote->vectors, counting = 0;
	if (!nomem && (counts_window_init(&cw, c, ds, reps, notice, strip, sl, nsl, win) ||
	               (!spread && ns_story_df_create(&df, m))))
		nomem = 1;
	cw.voice = dd->voice;
	cw.lang = lang;
	ns_status rst = NS_OK; /* why a vector made by another process did not come */
	if (!nomem && remote) {
		/* the other processes make the first pass's vectors of their documents */
		uint32_t *doc = malloc((m ? m : 1) * sizeof(uint32_t));
		if (!doc) nomem = 1;
		for (size_t i = 0; doc && i < m; i++)
			doc[i] = notice[reps[i]] ? UINT32_MAX : dd->voice ? dd->voice[reps[i]] : reps[i];
		if (doc && (rst = remote->begin(remote->ud, doc, strip, m, sl, nsl))) nomem = 1;
		free(doc);
		/* spread, the remote articles' count vectors are not taken here */
		if (spread) cw.skip = remote;
		else cw.rem = remote;
		counting = spread && !nomem;
	}
	double ts = ns_now();
	/* pass 1: document frequencies (a term of more than story_max_share of
	 * the articles, and more than story_min_posting, does not tell stories
	 * apart and is left out, as are terms of one article) */
	/* The count vectors of the first windows are kept for the second pass
	 * while they fit in a quarter of the memory available (half of
	 * --memory-budget when one is given), so that it need not read those
	 * texts again; the vectors are the same either way. */
	uint64_t cache_cap = o->memory_budget ? o->memory_budget / 2 : avail / 4, cache_used = 0;
	size_t nwin = (m + win - 1) / win;
	packed_win **cache = calloc(nwin ? nwin : 1, sizeof(*cache));
	if (!cache) nomem = 1;
	for (size_t i0 = 0; i0 < m && !nomem && !over; i0 += win) {
		size_t wn = NS_MIN(win, m - i0);
		ns_status ms = counts_window_make(&cw, i0, wn);
		if (ms && ms != NS_ERR_NOMEM) rst = ms;
		uint64_t held = 0;
		if (!ms && spread && (ms = remote->count(remote->ud, i0, wn, cw.v, &held))) rst = ms;
		if (ms || (!spread && ns_story_df_add(df, cw.v, wn, c->threads))) nomem = 1;
		/* vectors weighed elsewhere in the second pass are not kept here */
		for (size_t k = 0; !nomem && remote && remote->vectors && k < wn; k++)
			if (remote_article(&cw, remote, i0 + k)) {
				free(cw.v[k].t);
				cw.v[k].t = NULL;
				cw.v[k].n = 0;
			}
		/* about 9 bytes a term packed: a window that may not fit is not packed */
		uint64_t wbytes = wn * 16;
		for (size_t k = 0; k < wn; k++) wbytes += (uint64_t)cw.v[k].n * 9;
		if (!nomem && cache_used + wbytes <= cache_cap && (cache[i0 / win] = packed_make(cw.v, wn, cw.nth))) {
			uint64_t got = packed_bytes(cache[i0 / win]);
			if (cache_used + got <= cache_cap) cache_used += got;
			else { packed_free(cache[i0 / win]); cache[i0 / win] = NULL; }
		}
		counts_window_clear(&cw, wn);
		ss->stats.df_bytes = spread ? held : ns_story_df_bytes(df);
		ss->stats.peak_bytes = NS_MAX(ss->stats.peak_bytes, ss->stats.df_bytes);
		/* projected once a sixteenth is counted (the first windows' tables
		 * are mostly room), what is held until then */
		need = spread ? held : i0 + wn >= m / 16 ? ns_story_df_projected(df, i0 + wn) : ns_story_df_bytes(df);
		checked = i0 + wn;
		if (need > avail) over = 1;
		story_progress(c, ds, 0, i0 + wn, m);
	}
	if (counting) {
		/* the count ends on every process, after a failure here too */
		ns_status cst = remote->counted(remote->ud, nomem || over ? (rst ? rst : NS_ERR_NOMEM) : NS_OK, max_df, &df);
		if (cst && !nomem && !over) {
			rst = cst;
			nomem = 1;
		}
	} else if (!nomem && !over && ns_story_df_finish(df, max_df, c->threads)) {
		nomem = 1;
	}
	if (tm) tm->story[NS_TS_FREQ] += ns_now() - ts;
	cw.rem = NULL; /* the second pass makes what the cache does not hold here */
	if (!nomem && !over && remote && remote->vectors) {
		/* ...and the other processes weigh theirs with these frequencies */
		if ((rst = remote->vectors(remote->ud, df, m, max_df))) nomem = 1;
		cw.skip = remote;
	}
	ts = ns_now();
	/* pass 2: vectors */
	if (!nomem && !over && ns_story_vecs_init(&sv, m)) nomem = 1;
	if (!nomem && !over) {
		ns_story_logs lg;
		if (ns_story_logs_init(&lg, m, max_df)) nomem = 1;
		for (size_t i0 = 0; i0 < m && !nomem && !over; i0 += win) {
			size_t wn = NS_MIN(win, m - i0);
			packed_win *kept = cache[i0 / win];
			if (kept && packed_open(kept, cw.v, cw.nth)) nomem = 1;
			packed_free(kept);
			cache[i0 / win] = NULL;
			if (nomem || (!kept && counts_window_make(&cw, i0, wn)) ||
			    counts_window_encode(&cw, df, &lg, wn, o->story_terms, o->story_top_terms))
				nomem = 1;
			for (size_t k = 0; !nomem && cw.skip && k < wn; k++) {
				if (!remote_article(&cw, cw.skip, i0 + k)) continue;
				free(cw.enc[k]);
				cw.enc[k] = NULL;
				if ((rst = cw.skip->next_vec(cw.skip->ud, i0 + k, &cw.enc[k], &cw.elen[k], &cw.scale[k], &lang[i0 + k])))
					nomem = 1;
			}
			if (!nomem && counts_window_append(&cw, &sv, wn)) nomem = 1;
			counts_window_clear(&cw, wn);
			/* held: the vectors so far scaled, the frequencies, and the candidate index to come */
			need = (uint64_t)((long double)sv.len / (i0 + wn) * m) + (uint64_t)m * 12 + ns_story_df_bytes(df) +
			       (uint64_t)m * o->story_top_terms * 4;
			checked = i0 + wn;
			if (need > avail) over = 1;
			story_progress(c, ds, 1, i0 + wn, m);
		}
		ns_story_logs_free(&lg);
	}
	uint32_t nterms = df ? ns_story_df_terms(df) : 0;
	if (df) ss->stats.df_bytes = NS_MAX(ss->stats.df_bytes, ns_story_df_bytes(df));
	/* the second pass ends holding the kept terms and every vector */
	ss->stats.peak_bytes = NS_MAX(ss->stats.peak_bytes, (df ? ns_story_df_bytes(df) : 0) + ns_story_vecs_bytes(&sv));
	ss->stats.cache_bytes = cache_used;
	ss->stats.terms = nterms;
	ns_story_vecs_fit(&sv);
	ss->stats.vector_bytes = ns_story_vecs_bytes(&sv);
	/* the candidates found by every process together: the postings of the
	 * articles made here */
	uint64_t *post = NULL;
	size_t npost = 0, cpost = 0;
	int together = !nomem && !over && remote && remote->candidates && cw.skip == remote;
	for (size_t i = 0; together && !nomem && i < m; i++)
		if (!remote_article(&cw, remote, i) && ns_story_vecs_postings(&sv, i, &post, &npost, &cpost)) nomem = 1;
	if (!nomem && !over && sig_terms && signatures(ss, &sv, df, reps, m, sig_terms, c->threads)) nomem = 1;
	if (tm) tm->story[NS_TS_VECTORS] += ns_now() - ts;
	ts = ns_now();
	ns_story_df_destroy(df);
	counts_window_free(&cw);
	for (size_t w = 0; cache && w < nwin; w++) packed_free(cache[w]);
	free(cache);
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
	ns_uf uf = {0};
	ns_edge *e = NULL;
	size_t ne = 0, ncand = 0;
	uint64_t ixb = 0;
	/* a term in more than story_max_share of the articles (but at least
	 * story_min_posting), or in more than story_max_posting of them, does
	 * not tell stories apart; the fixed ceiling keeps the candidate work
	 * linear in the articles (each list costs the square of its length) */
	size_t share = (size_t)((double)m * o->story_max_share);
	uint32_t max_posting = (uint32_t)NS_MAX((size_t)o->story_min_posting, NS_MIN(share, (size_t)o->story_max_posting));
	if (!nomem && together) {
		uint64_t *cand = NULL;
		ns_status cst = remote->candidates(remote->ud, post, npost, nterms, o->story_min_shared, max_posting, &cand,
		                                   &ncand);
		if (!cst) cst = ns_story_edges_of(&sv, cand, ncand, o->story_threshold, c->threads, &e, &ne);
		if (cst && cst != NS_ERR_NOMEM) rst = cst;
		if (cst) nomem = 1;
		ixb = npost * 8; /* the postings of the articles made here */
		free(cand);
	} else if (!nomem && ns_story_edges(&sv, nterms, o->story_min_shared, max_posting, o->story_threshold, c->threads,
	                                    &e, &ne, &ncand, &ixb)) {
		nomem = 1;
	}
	free(post);
	ss->stats.candidates = ncand;
	ss->stats.edges = ne;
	ss->stats.index_bytes = ixb;
	ss->stats.peak_bytes = NS_MAX(ss->stats.peak_bytes, ss->stats.vector_bytes + ixb + ne * sizeof(ns_edge));
	if (tm) tm->story[NS_TS_EDGES] += ns_now() - ts;
	ts = ns_now();
	if (!nomem && ns_uf_init(&uf, m)) nomem = 1;
	if (!nomem) {
		int32_t *days = malloc((m ? m : 1) * sizeof(int32_t));
		if (!days) nomem = 1;
		for (size_t i = 0; i < m && days; i++) days[i] = ns_docs_info(ds, dd->voice ? dd->voice[reps[i]] : reps[i])->days;
		double *level = NULL;
		if (!nomem && o->story_link == NS_LINK_AVERAGE) {
			if (!(level = malloc((m ? m : 1) * sizeof(double)))) nomem = 1;
			if (!nomem) story_levels(o, lang, m, e, ne, level, ss);
			if (!nomem && ns_story_cluster_avg_levels(m, e, ne, o->story_merge, level, days, o->story_days, &uf))
				nomem = 1;
			free(level);
		}
		if (!nomem && o->story_link != NS_LINK_AVERAGE) {
			/* centroids need the vectors as floats */
			ns_termvec *v = calloc(m ? m : 1, sizeof(*v));
			if (!v) nomem = 1;
			for (size_t i = 0; i < m && !nomem; i++) nomem = ns_story_vec_decode(&sv, i, &v[i]) != NS_OK;
			if (!nomem && ns_story_cluster(v, m, e, ne, o->story_merge, o->story_terms, days, o->story_days, &uf))
				nomem = 1;
			for (size_t i = 0; v && i < m; i++) free(v[i].t);
			free(v);
		}
		free(days);
	}
	free(e);
	free(lang);
	ns_story_vecs_free(&sv);
	if (tm) tm->story[NS_TS_GROUPS] += ns_now() - ts;
	if (!nomem) {
		/* label = the smallest document index of the story; reps are in
		 * input order so the union-find root is that document */
		for (size_t i = 0; i < m; i++) ss->label[reps[i]] = reps[ns_uf_find(&uf, (uint32_t)i)];
		for (size_t i = 0; i < n; i++)
			if (dd->status[i] == NS_DUPLICATE) ss->label[i] = ss->label[dd->group[i]];
	}
	ns_uf_free(&uf);
	free(reps);
	free(notice);
	if (tm) tm->t[NS_T_STORIES] += ns_now() - t0;
	if (short_of_memory) return NS_ERR_MEMORY;
	if (rst) return rst;
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
	free(ss->sig_term);
	free(ss->sig_w);
	free(ss->cont);
	free(ss->first_seen);
	free(ss->earlier);
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
