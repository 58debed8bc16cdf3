/* newsift — stories across nights (see storyhist.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/storyhist.h"

/* A weighed term of a story (its index among the history's stories, or
 * tonight's story slot). */
typedef struct {
	uint32_t story, term;
	float w;
} sterm;

static int cmp_story_term(const void *a, const void *b)
{
	const sterm *x = a, *y = b;
	if (x->story != y->story) return x->story < y->story ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int cmp_term_story(const void *a, const void *b)
{
	const sterm *x = a, *y = b;
	if (x->term != y->term) return x->term < y->term ? -1 : 1;
	return x->story < y->story ? -1 : x->story > y->story;
}

static int cmp_weight(const void *a, const void *b)
{
	const sterm *x = a, *y = b;
	if (x->w != y->w) return x->w > y->w ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* Add one signature (terms, then u8 weights) to e (growable) for story. */
static int add_sig(sterm **e, size_t *n, size_t *cap, uint32_t story, const uint32_t *term, const uint8_t *w)
{
	if (ns_grow((void **)e, cap, *n + NS_STATE_SIG, sizeof(sterm))) return 1;
	for (int q = 0; q < NS_STATE_SIG; q++) {
		if (!term[q]) break;
		(*e)[*n].story = story;
		(*e)[*n].term = term[q];
		(*e)[(*n)++].w = (float)w[q] / 255.0f;
	}
	return 0;
}

/* The centroid of one story from its articles' signature entries e[0..n)
 * (scratch, reordered): equal terms summed, cut to the strongest
 * NS_STORYHIST_TERMS, L2-normalised, appended to *out. */
static int centroid(sterm *e, size_t n, sterm **out, size_t *nout, size_t *cap)
{
	ns_qsort(e, n, sizeof(sterm), cmp_story_term);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && e[u - 1].term == e[i].term) e[u - 1].w += e[i].w;
		else e[u++] = e[i];
	}
	ns_qsort(e, u, sizeof(sterm), cmp_weight);
	size_t k = NS_MIN(u, (size_t)NS_STORYHIST_TERMS);
	double norm = 0;
	for (size_t q = 0; q < k; q++) norm += (double)e[q].w * e[q].w;
	norm = norm > 0 ? sqrt(norm) : 1;
	if (ns_grow((void **)out, cap, *nout + k + 1, sizeof(sterm))) return 1;
	for (size_t q = 0; q < k; q++) {
		(*out)[*nout] = e[q];
		(*out)[(*nout)++].w = (float)(e[q].w / norm);
	}
	return 0;
}

/* A set of terms: open addressing, 0 = empty (no signature has term 0). */
typedef struct {
	uint32_t *slot;
	size_t mask;
} term_set;

static int term_set_init(term_set *t, const sterm *e, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n + 16) cap <<= 1;
	t->mask = cap - 1;
	if (!(t->slot = calloc(cap, sizeof(uint32_t)))) return 1;
	for (size_t i = 0; i < n; i++) {
		size_t h = (e[i].term * 0x9E3779B1u) & t->mask;
		while (t->slot[h] && t->slot[h] != e[i].term) h = (h + 1) & t->mask;
		t->slot[h] = e[i].term;
	}
	return 0;
}

static int term_set_has(const term_set *t, uint32_t term)
{
	size_t h = (term * 0x9E3779B1u) & t->mask;
	while (t->slot[h]) {
		if (t->slot[h] == term) return 1;
		h = (h + 1) & t->mask;
	}
	return 0;
}

/* A history story: a kept article of it (the first met), when it was first
 * seen, how many of its articles the history holds. */
typedef struct {
	uint64_t key; /* hash of its label */
	ns_href rep;
	int64_t first;
	uint32_t count;
} hstory;

static int cmp_hstory(const void *a, const void *b)
{
	const hstory *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return x->rep < y->rep ? -1 : x->rep > y->rep;
}

typedef struct {
	uint32_t story;
	float dot;
} acc;

static int cmp_acc(const void *a, const void *b)
{
	const acc *x = a, *y = b;
	return x->story < y->story ? -1 : x->story > y->story;
}

ns_status ns_story_continue(const ns_ctx *c, const ns_dedup *dd, const ns_state *hist, int64_t run_time,
                            ns_story_set *ss)
{
	const ns_options *o = c->o;
	size_t n = ss->n;
	ns_status st = NS_OK;
	if (!(ss->cont = malloc((n ? n : 1) * sizeof(ns_href))) || !(ss->first_seen = calloc(n ? n : 1, sizeof(int64_t))) ||
	    !(ss->earlier = calloc(n ? n : 1, sizeof(uint32_t))))
		return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) ss->cont[i] = NS_HREF_NONE;
	if (!ss->sig_term || ss->nsig != NS_STATE_SIG) return NS_OK;
	int64_t cutoff = o->story_days >= 0 ? run_time - (int64_t)o->story_days * 86400 : INT64_MIN;
	/* the history's recent stories: one entry per article, then per story */
	hstory *hs = NULL;
	size_t nhs = 0, hscap = 0;
	for (uint32_t k = 0; k < ns_state_segments(hist) && !st; k++) {
		uint64_t nr = ns_state_segment_records(hist, k);
		ns_href seg = (ns_href)ns_state_segment_number(hist, k) << 32;
		for (uint64_t i = 0; i < nr; i++) {
			ns_hrec h;
			if (ns_state_rec(hist, seg | i, &h) || !h.kept || h.run_time < cutoff || !h.story_len) continue;
			if (!ns_state_sig(hist, seg | i)) continue;
			if (ns_grow((void **)&hs, &hscap, nhs + 1, sizeof(hstory))) { st = NS_ERR_NOMEM; break; }
			hs[nhs].key = XXH3_64bits(h.story, h.story_len);
			hs[nhs].rep = seg | i;
			hs[nhs].first = h.run_time;
			hs[nhs++].count = 1;
		}
	}
	/* one entry per story (the first article met), then the articles' sums */
	ns_qsort(hs, nhs, sizeof(hstory), cmp_hstory);
	size_t nstory = 0;
	uint32_t *story_of = malloc((nhs ? nhs : 1) * sizeof(uint32_t));
	hstory *stories = malloc((nhs ? nhs : 1) * sizeof(hstory));
	if (!st && (!story_of || !stories)) st = NS_ERR_NOMEM;
	for (size_t i = 0; i < nhs && !st; i++) {
		if (!nstory || stories[nstory - 1].key != hs[i].key) stories[nstory++] = hs[i];
		else {
			hstory *s = &stories[nstory - 1];
			s->count++;
			if (hs[i].first < s->first) s->first = hs[i].first;
		}
		story_of[i] = (uint32_t)(nstory - 1);
	}
	sterm *he = NULL, *te = NULL, *sc = NULL;
	size_t nhe = 0, hecap = 0, nte = 0, tecap = 0, nsc = 0, sccap = 0;
	/* tonight's stories' centroids, one story at a time */
	for (size_t k = 0; k < ss->nlist && !st; k++) {
		const ns_story *s = &ss->list[k];
		nsc = 0;
		for (uint32_t a = 0; a < s->narticles && !st; a++) {
			size_t d = s->articles[a];
			if (add_sig(&sc, &nsc, &sccap, (uint32_t)k, ss->sig_term + d * NS_STATE_SIG, ss->sig_w + d * NS_STATE_SIG))
				st = NS_ERR_NOMEM;
		}
		if (!st && nsc && centroid(sc, nsc, &te, &nte, &tecap)) st = NS_ERR_NOMEM;
	}
	/* the history's, of the terms tonight's have only (the others add
	 * nothing to a cosine): one story at a time, its articles together */
	term_set ts = {0};
	if (!st && term_set_init(&ts, te, nte)) st = NS_ERR_NOMEM;
	for (size_t i = 0; i < nhs && !st;) {
		size_t j = i;
		nsc = 0;
		for (; j < nhs && story_of[j] == story_of[i] && !st; j++) {
			const unsigned char *sg = ns_state_sig(hist, hs[j].rep);
			uint32_t term[NS_STATE_SIG];
			for (int q = 0; q < NS_STATE_SIG; q++) term[q] = ns_le32(sg + 4 * q);
			if (add_sig(&sc, &nsc, &sccap, story_of[i], term, sg + 4 * NS_STATE_SIG)) st = NS_ERR_NOMEM;
		}
		size_t before = nhe;
		if (!st && j == i + 1 && nsc) {
			/* one article (most stories): its signature is its centroid,
			 * unique terms strongest first */
			double norm = 0;
			for (size_t q = 0; q < nsc; q++) norm += (double)sc[q].w * sc[q].w;
			norm = norm > 0 ? sqrt(norm) : 1;
			if (ns_grow((void **)&he, &hecap, nhe + nsc + 1, sizeof(sterm))) st = NS_ERR_NOMEM;
			for (size_t q = 0; q < nsc && !st; q++) {
				he[nhe] = sc[q];
				he[nhe++].w = (float)(sc[q].w / norm);
			}
		} else if (!st && nsc && centroid(sc, nsc, &he, &nhe, &hecap)) st = NS_ERR_NOMEM;
		size_t w = before;
		for (size_t q = before; q < nhe; q++)
			if (term_set_has(&ts, he[q].term)) he[w++] = he[q];
		nhe = w;
		i = j;
	}
	free(ts.slot);
	free(sc);
	free(hs);
	free(story_of);
	/* the history's centroids as postings by term, tonight's by story */
	if (!st) ns_qsort(he, nhe, sizeof(sterm), cmp_term_story);
	/* each of tonight's stories: the history story of the highest cosine */
	uint32_t *best = malloc((ss->nlist ? ss->nlist : 1) * sizeof(uint32_t));
	acc *ac = NULL;
	size_t accap = 0;
	if (!st && !best) st = NS_ERR_NOMEM;
	for (size_t k = 0; best && k < ss->nlist; k++) best[k] = UINT32_MAX;
	for (size_t i = 0; i < nte && !st;) {
		size_t j = i, na = 0;
		while (j < nte && te[j].story == te[i].story) j++;
		for (size_t q = i; q < j && !st; q++) {
			size_t lo = 0, hi = nhe;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (he[mid].term < te[q].term) lo = mid + 1;
				else hi = mid;
			}
			size_t end = lo;
			while (end < nhe && he[end].term == te[q].term) end++;
			/* a term of very many stories does not tell them apart */
			if (end - lo > o->story_max_posting) continue;
			if (ns_grow((void **)&ac, &accap, na + (end - lo) + 1, sizeof(acc))) { st = NS_ERR_NOMEM; break; }
			for (size_t p = lo; p < end; p++) {
				ac[na].story = he[p].story;
				ac[na++].dot = te[q].w * he[p].w;
			}
		}
		ns_qsort(ac, na, sizeof(acc), cmp_acc);
		uint32_t pick = UINT32_MAX;
		double pickv = 0;
		for (size_t a = 0; a < na;) {
			size_t b = a;
			double dot = 0;
			while (b < na && ac[b].story == ac[a].story) dot += ac[b++].dot;
			/* ties to the story first seen (then its first article) */
			if (dot >= o->story_continue &&
			    (pick == UINT32_MAX || dot > pickv ||
			     (dot == pickv && (stories[ac[a].story].first < stories[pick].first ||
			                       (stories[ac[a].story].first == stories[pick].first &&
			                        stories[ac[a].story].rep < stories[pick].rep))))) {
				pick = ac[a].story;
				pickv = dot;
			}
			a = b;
		}
		best[te[i].story] = pick;
		i = j;
	}
	free(ac);
	if (!st) {
		/* stories without articles (copies of the history's) have no centroid */
		for (size_t k = 0; k < ss->nlist; k++) if (!ss->list[k].narticles) best[k] = UINT32_MAX;
		/* tonight's stories of one history story become one, the first's */
		uint32_t *first = malloc((nstory ? nstory : 1) * sizeof(uint32_t));
		uint32_t *relabel = malloc((n ? n : 1) * sizeof(uint32_t));
		if (!first || !relabel) st = NS_ERR_NOMEM;
		for (size_t h = 0; h < nstory && !st; h++) first[h] = UINT32_MAX;
		for (size_t i = 0; i < n && !st; i++) relabel[i] = (uint32_t)i;
		for (size_t k = 0; k < ss->nlist && !st; k++) {
			if (best[k] == UINT32_MAX) continue;
			uint32_t lab = ss->list[k].story;
			if (first[best[k]] == UINT32_MAX) {
				first[best[k]] = lab;
				ss->cont[lab] = stories[best[k]].rep;
				ss->first_seen[lab] = stories[best[k]].first;
				ss->earlier[lab] = stories[best[k]].count;
			} else {
				relabel[lab] = first[best[k]];
			}
		}
		for (size_t i = 0; i < n && !st; i++)
			if (dd->status[i] != NS_REJECTED) ss->label[i] = relabel[ss->label[i]];
		free(first);
		free(relabel);
		if (!st) {
			for (size_t k = 0; k < ss->nlist; k++) {
				free(ss->list[k].members);
				free(ss->list[k].articles);
			}
			free(ss->list);
			ss->list = NULL;
			ss->nlist = 0;
			st = ns_story_set_collect(ss, dd);
		}
	}
	free(best);
	free(he);
	free(te);
	free(stories);
	return st;
}
