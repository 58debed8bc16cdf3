/* newsift — the dedup stage.
 *
 *   exact    documents with equal token-stream hashes joined (serial sort);
 *   lsh      each band file read back, with the entries of the first
 *            document of each exact group only, and paired (parallel over
 *            bands, NS_BAND_GROUP at a time); each band's pairs, sorted and
 *            unique, merged into the sorted set of the earlier ones;
 *   verify   exact Jaccard and coverage of each pair on shingle sets made
 *            again for a window of pairs at a time (parallel);
 *   cluster  verified pairs become weighted edges in sorted pair order;
 *            centre clustering (or pivot, or components) over a union-find
 *            whose roots are the smallest index; each group's
 *            representative by the run's rule.
 * Every parallel loop writes only its own slot and every merge is in index
 * order, so the result is the same for any thread count and window.
 * Spread over processes (ns_dedup_remote), the lsh step is every
 * process's pairing of the keys it owns, merged, and the pairs whose
 * documents are both another process's are verified there; the scores of a
 * pair do not depend on where or with what they are made. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/align.h"
#include "newsift/dedup.h"
#include "newsift/shingle.h"
#include "vfile.h"

#define NS_BAND_GROUP 8           /* bands paired at a time before their pairs are merged */
#define NS_SET_BYTES_PER_TOKEN 16 /* bytes of a re-made shingle set per token */
#define NS_ALIGN_MIN_COVERAGE 0.4 /* the shingle coverage below which a pair's sentences are not aligned */

/* The state of one ns_dedup_build. */
typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	const ns_sketches *sk;
	ns_dedup *dd;
	uint64_t verify_window;
	uint32_t *exact_root;  /* first document with the same exact content */
	float *centre;         /* sum of the weights of a document's edges inside its group */
	/* with a history */
	const ns_state *hist;
	const ns_dedup_remote *remote; /* the candidate pairs made with other processes (NULL: here) */
	ns_href *hbest;        /* a document's most alike history article (NS_HREF_NONE: none verified) */
	float *hw;             /* the weight of that edge (-1: none) */
	uint8_t *hkind;        /* and its kind */
} dedup_run;

/* A candidate pair of a document and a history article. */
typedef struct {
	ns_href h;
	uint32_t doc;
} hpair;

static int live(const dedup_run *r, size_t i)
{
	return !ns_docs_info(r->ds, i)->rejected;
}

typedef struct {
	uint64_t h0, h1;
	uint32_t doc;
} exact_key;

static int cmp_exact(const void *a, const void *b)
{
	const exact_key *x = a, *y = b;
	if (x->h0 != y->h0) return x->h0 < y->h0 ? -1 : 1;
	if (x->h1 != y->h1) return x->h1 < y->h1 ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Join exact copies (union-find roots: the first copy). */
static ns_status exact_groups(dedup_run *r, ns_uf *uf)
{
	ns_dedup *dd = r->dd;
	size_t n = dd->n, m = 0;
	exact_key *k = malloc((n ? n : 1) * sizeof(*k));
	if (!k) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!live(r, i) || !r->sk->ntok[i]) continue;
		k[m].h0 = r->sk->exact[2 * i];
		k[m].h1 = r->sk->exact[2 * i + 1];
		k[m].doc = (uint32_t)i;
		m++;
	}
	ns_qsort(k, m, sizeof(*k), cmp_exact);
	for (size_t i = 1; i < m; i++) {
		if (k[i].h0 == k[i - 1].h0 && k[i].h1 == k[i - 1].h1) {
			ns_uf_union(uf, k[i - 1].doc, k[i].doc);
			uint32_t d = k[i].doc;
			dd->kind[d] = NS_DUP_EXACT;
			dd->partner[d] = k[i - 1].doc;
			dd->sim[d] = 1.0f;
		}
	}
	for (size_t i = 0; i < n; i++) r->exact_root[i] = ns_uf_find(uf, (uint32_t)i);
	free(k);
	if (!r->hist) return NS_OK;
	/* a group whose text a history record has joins that record's group */
	for (size_t i = 0; i < n; i++) {
		dd->exact_hash[2 * i] = r->sk->ntok[i] ? r->sk->exact[2 * i] : 0;
		dd->exact_hash[2 * i + 1] = r->sk->ntok[i] ? r->sk->exact[2 * i + 1] : 0;
		if (!live(r, i) || !r->sk->ntok[i] || r->exact_root[i] != i) continue;
		ns_href h = ns_state_exact(r->hist, r->sk->exact[2 * i], r->sk->exact[2 * i + 1]);
		ns_hrec rec;
		if (h == NS_HREF_NONE || ns_state_rec(r->hist, h, &rec)) continue;
		dd->hlead[i] = rec.lead;
		dd->kind[i] = NS_DUP_EXACT;
		dd->sim[i] = 1.0f;
	}
	return NS_OK;
}

/* A document's shingle set, made again for verification. */
typedef struct {
	uint64_t *sh, *num;
	uint32_t *seq, *ls, *numpos, *numidx;
	uint32_t nseq, nl, nnum, nnumocc;
} vset;

/* Copy a shingle set (in scratch space) into v's one block.  Nonzero when
 * out of memory. */
static int vset_from(const ns_shingle_set *ss, vset *v)
{
	size_t n64 = ss->nsh + ss->nnum, n32 = ss->nseq + ss->nl + 2 * ss->nnumocc;
	v->sh = malloc(n64 * sizeof(uint64_t) + n32 * sizeof(uint32_t) + 8);
	if (!v->sh) return 1;
	v->num = v->sh + ss->nsh;
	v->seq = (uint32_t *)(void *)(v->sh + n64);
	v->ls = v->seq + ss->nseq;
	v->numidx = v->ls + ss->nl;
	v->numpos = v->numidx + ss->nnumocc;
	if (ss->nnum) memcpy(v->num, ss->num, ss->nnum * sizeof(uint64_t));
	if (ss->nnumocc) memcpy(v->numidx, ss->numidx, ss->nnumocc * sizeof(uint32_t));
	if (ss->nnumocc) memcpy(v->numpos, ss->numpos, ss->nnumocc * sizeof(uint32_t));
	v->nnum = (uint32_t)ss->nnum;
	v->nnumocc = (uint32_t)ss->nnumocc;
	if (ss->nsh) memcpy(v->sh, ss->sh, ss->nsh * sizeof(uint64_t));
	if (ss->nseq) memcpy(v->seq, ss->seq, ss->nseq * sizeof(uint32_t));
	if (ss->nl) memcpy(v->ls, ss->ls, ss->nl * sizeof(uint32_t));
	v->nseq = (uint32_t)ss->nseq;
	v->nl = (uint32_t)ss->nl;
	return 0;
}

/* Make the shingle sets of docs[k0..k1) into ws[k0..k1) (parallel). */
static int make_sets(const dedup_run *r, const uint32_t *docs, size_t k0, size_t k1, vset *ws)
{
	const ns_options *o = r->c->o;
	int nomem = 0;
#pragma omp parallel num_threads(r->c->threads) reduction(|:nomem)
	{
		ns_shingle_scratch *s = ns_shingle_scratch_create();
		if (!s) nomem = 1;
#pragma omp for schedule(dynamic, 16)
		for (size_t k = k0; k < k1; k++) {
			ns_shingle_set ss;
			/* one block: the 64-bit arrays first, then the 32-bit ones */
			if (!s || ns_shingle_doc_set(o, r->ds, docs[k], s, &ss) || vset_from(&ss, &ws[k])) nomem = 1;
		}
		ns_shingle_scratch_destroy(s);
	}
	return nomem;
}

static void free_sets(vset *ws, const uint32_t *docs, size_t k0, size_t k1, uint32_t *wslot)
{
	for (size_t k = k0; k < k1; k++) {
		free(ws[k].sh); /* the one block of all its arrays */
		memset(&ws[k], 0, sizeof(ws[k]));
		wslot[docs[k]] = UINT32_MAX;
	}
}

/* Share of the numbers inside x's shared text whose value y has (1 when
 * there are none).  A number counts when covered tokens stand before and
 * after it on its line: the numbers of a template's slots do, where a
 * dateline, a byline or a copyright line that y lacks (its numbers at a
 * line's start or end, or on a line not covered at all) does not.  span
 * is the first and last covered token of each of x's lines; fewer than min
 * numbers cannot tell a different report from an edit, and count as kept. */
/* Which of x's distinct numbers y has (iny, x->nnum bytes): one
 * branch-free merge.  Returns how many. */
static size_t numbers_in(const vset *x, const vset *y, uint8_t *iny)
{
	size_t i = 0, j = 0, n = 0;
	memset(iny, 0, x->nnum);
	while (i < x->nnum && j < y->nnum) {
		uint64_t a = x->num[i], b = y->num[j];
		iny[i] = a == b;
		n += a == b;
		i += a <= b;
		j += b <= a;
	}
	return n;
}

static double numbers_kept(const vset *x, const uint32_t *span, const vset *y, uint32_t min, uint8_t *iny)
{
	size_t in = 0, all = 0, l = 0;
	numbers_in(x, y, iny);
	for (uint32_t k = 0; k < x->nnumocc; k++) {
		uint32_t pos = x->numpos[k];
		while (l + 1 < x->nl && x->ls[l + 1] <= pos) l++;
		/* covered tokens before and after it on its line */
		if (span[2 * l] == UINT32_MAX || span[2 * l] >= pos || span[2 * l + 1] <= pos) continue;
		all++;
		in += iny[x->numidx[k]];
	}
	return all && all >= min ? (double)in / all : 1.0;
}

/* Score the pairs ord[i..j) whose documents' sets are in ws (wslot). */
/* Can the numbers decide pair s?  Only where the containment test passes
 * on its other scores, at a relaxation in use (1 for the edges,
 * centre_relax for the centre check), on the scores or on their float
 * roundings (the edges are weighed in float). */
static int numbers_needed(const ns_options *o, const ns_pair_scores *s)
{
	ns_pair_scores d = *s, f = *s;
	d.numbers = f.numbers = HUGE_VAL;
	f.jaccard = (float)s->jaccard;
	f.coverage = (float)s->coverage;
	double relax[2] = {1.0, o->cluster == NS_CLUSTER_CENTRE ? o->centre_relax : 1.0};
	for (int i = 0; i < 2; i++)
		if (ns_dedup_test(o, &d, relax[i]) == NS_DUP_CONTAIN || ns_dedup_test(o, &f, relax[i]) == NS_DUP_CONTAIN)
			return 1;
	return 0;
}

/* A thread's scratch space for scoring pairs. */
typedef struct {
	uint8_t *scratch; /* which of x's shingles y has */
	uint32_t *span;   /* first and last covered token of each line */
	uint8_t *iny;     /* which of x's numbers y has */
	size_t scap, spancap, inycap;
	ns_align_scratch *al; /* sentence alignment, made when first needed */
} score_tmp;

static void score_tmp_free(score_tmp *t)
{
	free(t->scratch);
	free(t->span);
	free(t->iny);
	ns_align_scratch_destroy(t->al);
}

static int align_candidate(const ns_options *o, const ns_pair_scores *s);
static int align_needed(const ns_options *o, const ns_pair_scores *s);

/* The sentence alignment of a pair that needs it (align_needed), from the
 * two texts.  Nonzero when out of memory. */
static int score_align(const ns_options *o, const char *a, size_t la, const char *b, size_t lb, score_tmp *t,
                       ns_pair_scores *sc)
{
	if (!align_needed(o, sc)) return 0;
	if (!t->al && !(t->al = ns_align_scratch_create())) return 1;
	return ns_align_share(a, la, b, lb, t->al, &sc->aligned) != NS_OK;
}

/* Score the pair (a, b), a the earlier document, from their sets and their
 * token and distinct-shingle counts.  Nonzero when out of memory. */
static int score_one(const ns_options *o, const vset *va, uint32_t ntoka, uint32_t nsha, const vset *vb, uint32_t ntokb,
                     uint32_t nshb, score_tmp *t, ns_pair_scores *sc)
{
	int ax = ntoka <= ntokb;
	const vset *vx = ax ? va : vb, *vy = ax ? vb : va;
	uint32_t ntokx = ax ? ntoka : ntokb, nshx = ax ? nsha : nshb, nshy = ax ? nshb : nsha;
	if (ns_grow((void **)&t->scratch, &t->scap, (size_t)nshx + ntokx + 1, 1)) return 1;
	ns_covtext ct = {vx->sh, nshx, vx->seq, vx->nseq, ntokx, vx->ls, vx->nl};
	ns_pair_similarity(&ct, vy->sh, nshy, o->shingle_k, o->boiler_max_words, t->scratch, &sc->jaccard, &sc->coverage);
	sc->small_ntok = ntokx;
	sc->aligned = sc->align_numbers = -1; /* measured when needed */
	int need = numbers_needed(o, sc);
	sc->numbers = -1.0; /* not needed */
	if (ns_grow((void **)&t->iny, &t->inycap, (size_t)vx->nnum + 1, 1)) return 1;
	if (need) {
		if (ns_grow((void **)&t->span, &t->spancap, 2 * (size_t)vx->nl + 2, sizeof(uint32_t))) return 1;
		if (vx->nseq) ns_line_spans(&ct, t->scratch, o->shingle_k, t->span);
		sc->numbers = vx->nseq ? numbers_kept(vx, t->span, vy, o->containment_numbers_min, t->iny) : 1.0;
	}
	/* for a pair sentence alignment may decide: the shorter text's distinct
	 * numbers that the longer has (1 when it has too few to tell) */
	if (align_candidate(o, sc))
		sc->align_numbers = vx->nnum >= o->containment_numbers_min && vx->nnum
		                  ? (double)numbers_in(vx, vy, t->iny) / vx->nnum : 1.0;
	return 0;
}

static int score_pairs(const dedup_run *r, const ns_pair *p, const uint64_t *ord, size_t i, size_t j, const vset *ws,
                       const uint32_t *wslot, size_t maxscratch, ns_pair_scores *sc)
{
	const ns_options *o = r->c->o;
	const uint32_t *ntok = r->sk->ntok, *nsh = r->sk->nsh;
	int nomem = 0;
#pragma omp parallel num_threads(r->c->threads) reduction(|:nomem)
	{
		score_tmp t = {0};
		if (ns_grow((void **)&t.scratch, &t.scap, maxscratch, 1)) nomem = 1;
#pragma omp for schedule(dynamic, 256)
		for (size_t k = i; k < j; k++) {
			if (!t.scratch) continue;
			size_t q = (uint32_t)ord[k];
			uint32_t a = p[q].a, b = p[q].b;
			if (score_one(o, &ws[wslot[a]], ntok[a], nsh[a], &ws[wslot[b]], ntok[b], nsh[b], &t, &sc[q]) ||
			    score_align(o, ns_docs_field(r->ds, a, NS_F_TEXT), ns_docs_len(r->ds, a, NS_F_TEXT),
			                ns_docs_field(r->ds, b, NS_F_TEXT), ns_docs_len(r->ds, b, NS_F_TEXT), &t, &sc[q]))
				nomem = 1;
		}
		score_tmp_free(&t);
	}
	return nomem;
}

/* Jaccard of each pair's shingle sets, and the coverage of its smaller
 * text (by tokens; ties: a's) by the larger one's shingles.  The pairs'
 * documents are shingled again, within verify_window bytes of sets:
 *
 * the documents that are the first of some pair are cut, in index order,
 * into row blocks of at most half the window; a block's sets are made once
 * and kept while its pairs are scored, in the order of their second
 * document, whose sets fill the other half a chunk at a time.  So a
 * document is shingled once as a row and once for each row block it has a
 * partner in: with dense candidate graphs (thousands of templated reports,
 * each a candidate of dozens of others) a handful of times, where windows
 * of consecutive pairs made each partner again for every few rows.  The
 * scores depend only on the pair, not on the order. */
static ns_status verify_pairs(const dedup_run *r, const ns_pair *p, size_t np, ns_pair_scores *sc)
{
	const uint32_t *ntok = r->sk->ntok, *nsh = r->sk->nsh;
	size_t n = r->dd->n;
	if (!np) return NS_OK;
	if (np > UINT32_MAX) return NS_ERR_NOMEM;
	uint64_t half = NS_MAX(r->verify_window / 2, (uint64_t)1);
	/* row block of each document (UINT32_MAX: the first of no pair) */
	uint32_t *blk = malloc((n ? n : 1) * sizeof(uint32_t)), *wslot = malloc((n ? n : 1) * sizeof(uint32_t));
	uint32_t *bstart = NULL, *docs = NULL;
	uint64_t *ord = malloc(np * sizeof(uint64_t));
	vset *ws = NULL;
	size_t nblk = 0, dcap = 0;
	ns_status st = blk && wslot && ord ? NS_OK : NS_ERR_NOMEM;
	if (!st) {
		for (size_t i = 0; i < n; i++) blk[i] = wslot[i] = UINT32_MAX;
		for (size_t q = 0; q < np; q++) blk[p[q].a] = 0;
		uint64_t bytes = 0;
		for (size_t i = 0; i < n; i++) {
			if (blk[i] == UINT32_MAX) continue;
			uint64_t add = (uint64_t)ntok[i] * NS_SET_BYTES_PER_TOKEN;
			if (nblk == 0 || (bytes && bytes + add > half)) { nblk++; bytes = 0; }
			blk[i] = (uint32_t)(nblk - 1);
			bytes += add;
		}
		/* the pairs by row block (a counting sort, stable), then by second
		 * document inside a block: key = second << 32 | pair index */
		if (!(bstart = calloc(nblk + 1, sizeof(uint32_t)))) st = NS_ERR_NOMEM;
	}
	if (!st) {
		for (size_t q = 0; q < np; q++) bstart[blk[p[q].a] + 1]++;
		for (size_t b = 0; b < nblk; b++) bstart[b + 1] += bstart[b];
		uint32_t *fill = malloc((nblk + 1) * sizeof(uint32_t));
		if (!fill) st = NS_ERR_NOMEM;
		else {
			memcpy(fill, bstart, (nblk + 1) * sizeof(uint32_t));
			for (size_t q = 0; q < np; q++) ord[fill[blk[p[q].a]]++] = (uint64_t)p[q].b << 32 | q;
			free(fill);
			for (size_t b = 0; b < nblk; b++) ns_sort_u64(ord + bstart[b], bstart[b + 1] - bstart[b]);
		}
	}
	for (size_t b = 0; b < nblk && !st; b++) {
		/* the block's rows, made once */
		size_t nrow = 0;
		for (size_t k = bstart[b]; k < bstart[b + 1] && !st; k++) {
			uint32_t a = p[(uint32_t)ord[k]].a;
			if (wslot[a] != UINT32_MAX) continue;
			if (ns_grow((void **)&docs, &dcap, nrow + 1, sizeof(uint32_t))) st = NS_ERR_NOMEM;
			else { wslot[a] = (uint32_t)nrow; docs[nrow++] = a; }
		}
		if (st) break;
		/* room for the rows and the largest chunk of columns */
		free(ws);
		size_t maxscratch = 1, wcap = nrow + (bstart[b + 1] - bstart[b]);
		if (!(ws = calloc(wcap ? wcap : 1, sizeof(vset)))) { st = NS_ERR_NOMEM; break; }
		if (ns_grow((void **)&docs, &dcap, wcap + 1, sizeof(uint32_t))) { st = NS_ERR_NOMEM; break; }
		if (make_sets(r, docs, 0, nrow, ws)) { free_sets(ws, docs, 0, nrow, wslot); st = NS_ERR_NOMEM; break; }
		for (size_t k = 0; k < nrow; k++) maxscratch = NS_MAX(maxscratch, (size_t)nsh[docs[k]] + ntok[docs[k]]);
		for (size_t i = bstart[b]; i < bstart[b + 1] && !st;) {
			/* a chunk of columns: pairs i..j-1 */
			size_t j = i, ncol = nrow;
			uint64_t bytes = 0;
			while (j < bstart[b + 1]) {
				uint32_t c = (uint32_t)(ord[j] >> 32);
				if (wslot[c] == UINT32_MAX) {
					uint64_t add = (uint64_t)ntok[c] * NS_SET_BYTES_PER_TOKEN;
					if (j > i && bytes + add > half) break;
					wslot[c] = (uint32_t)ncol;
					docs[ncol++] = c;
					bytes += add;
				}
				j++;
			}
			size_t mx = maxscratch;
			for (size_t k = nrow; k < ncol; k++) mx = NS_MAX(mx, (size_t)nsh[docs[k]] + ntok[docs[k]]);
			int bad = make_sets(r, docs, nrow, ncol, ws);
			if (!bad) bad = score_pairs(r, p, ord, i, j, ws, wslot, mx, sc);
			free_sets(ws, docs, nrow, ncol, wslot);
			if (bad) st = NS_ERR_NOMEM;
			i = j;
		}
		free_sets(ws, docs, 0, nrow, wslot);
	}
	free(ws);
	free(blk);
	free(wslot);
	free(bstart);
	free(docs);
	free(ord);
	return st;
}

/* verify_pairs, with the pairs whose documents are both another
 * process's verified there (ns_dedup_remote's send_pairs) meanwhile. */
static ns_status verify_some(const dedup_run *r, const ns_pair *p, size_t np, ns_pair_scores *sc)
{
	const ns_dedup_remote *rem = r->remote;
	if (!rem || !rem->send_pairs || !np) return verify_pairs(r, p, np, sc);
	uint8_t *away = calloc(np, 1);
	ns_pair *q = malloc(np * sizeof(ns_pair));
	ns_pair_scores *qs = malloc(np * sizeof(ns_pair_scores));
	ns_status st = away && q && qs ? rem->send_pairs(rem->ud, p, np, away) : NS_ERR_NOMEM;
	size_t m = 0;
	for (size_t i = 0; !st && i < np; i++)
		if (!away[i]) q[m++] = p[i];
	if (!st) st = verify_pairs(r, q, m, qs);
	for (size_t i = 0, k = 0; !st && i < np; i++)
		if (!away[i]) sc[i] = qs[k++];
	/* after a failure here the answers still owed are the caller's to drop */
	if (!st) st = rem->take_scores(rem->ud, p, np, away, sc);
	free(away);
	free(q);
	free(qs);
	return st;
}

ns_status ns_dedup_verify(const ns_ctx *c, const ns_docs *ds, const ns_sketches *sk, uint64_t verify_window,
                          const ns_pair *p, size_t np, ns_pair_scores *sc)
{
	size_t n = ns_docs_count(ds);
	for (size_t i = 0; i < np; i++)
		if (p[i].a == p[i].b || p[i].a >= n || p[i].b >= n || p[i].a >= sk->n || p[i].b >= sk->n) return NS_ERR_FORMAT;
	ns_dedup dd = {.n = n};
	dedup_run r = {.c = c, .ds = ds, .sk = sk, .dd = &dd, .verify_window = verify_window};
	return verify_pairs(&r, p, np, sc);
}

int ns_dedup_test(const ns_options *o, const ns_pair_scores *s, double relax)
{
	if (s->jaccard >= relax * o->threshold) return NS_DUP_NEAR;
	/* a short text inside a longer one is weak evidence (a notice page
	 * inside another page): short texts count by Jaccard only; and a copy
	 * keeps its numbers, where reports written from one template (markets,
	 * sports, weather) share most words but not the numbers */
	if (o->containment > 0 && s->small_ntok >= o->containment_min_words &&
	    s->jaccard >= relax * o->containment_min_jaccard && s->numbers >= relax * o->containment_numbers &&
	    s->coverage >= relax * o->containment)
		return NS_DUP_CONTAIN;
	/* an abridged and reworded copy: sentence after sentence found again */
	if (o->align > 0 && s->small_ntok >= o->containment_min_words && s->aligned >= relax * o->align &&
	    s->align_numbers >= relax * o->containment_numbers)
		return NS_DUP_EDITED;
	return NS_DUP_NONE;
}

/* May sentence alignment decide pair s (alignment not measured yet)?  When
 * the tests before it do not pass and the shingles show the shorter text,
 * long enough, partly inside the longer one. */
static int align_candidate(const ns_options *o, const ns_pair_scores *s)
{
	if (o->align <= 0 || s->small_ntok < o->containment_min_words || s->coverage < NS_ALIGN_MIN_COVERAGE) return 0;
	ns_pair_scores f = *s;
	f.aligned = f.align_numbers = -1;
	f.jaccard = (float)s->jaccard;
	f.coverage = (float)s->coverage;
	/* failing at the strictest relaxation (1) is enough: the edges use it */
	return ns_dedup_test(o, &f, 1.0) == NS_DUP_NONE || ns_dedup_test(o, s, 1.0) == NS_DUP_NONE;
}

/* Is the alignment of pair s worth measuring?  When it may decide (score_one
 * measured its numbers, -1 otherwise) and the shorter text keeps its numbers
 * at the loosest relaxation in use. */
static int align_needed(const ns_options *o, const ns_pair_scores *s)
{
	double relax = o->cluster == NS_CLUSTER_CENTRE ? NS_MIN(1.0, o->centre_relax) : 1.0;
	return s->align_numbers >= 0 && s->align_numbers >= relax * o->containment_numbers;
}

/* The weight of a verified pair's edge: the score that passed. */
static float edge_weight(const ns_pair_scores *f, int kind)
{
	return (float)(kind == NS_DUP_NEAR ? f->jaccard : kind == NS_DUP_EDITED ? f->aligned : f->coverage);
}

/* The centre check of ns_cluster_centre: a member stays with its centre
 * when the pair passes the near-duplicate test at relaxed thresholds. */
static ns_status centre_check(void *ud, const ns_pair *p, size_t n, uint8_t *pass)
{
	const dedup_run *r = ud;
	ns_pair_scores *sc = malloc((n ? n : 1) * sizeof(*sc));
	ns_status st = sc ? verify_some(r, p, n, sc) : NS_ERR_NOMEM;
	for (size_t i = 0; i < n && !st; i++) pass[i] = ns_dedup_test(r->c->o, &sc[i], r->c->o->centre_relax) != NS_DUP_NONE;
	free(sc);
	return st;
}

/* Diagnostics: every candidate pair with its scores, for tuning. */
static void dump_pairs(const dedup_run *r, const char *path, const ns_pair *pairs, size_t np, const ns_pair_scores *sc)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		ns_ctx_logf(r->c, NS_LOG_ERROR, "%s: cannot write pairs", path);
		return;
	}
	fprintf(f, "a\tb\tjaccard\tcoverage\ttokens_a\ttokens_b\tnumbers\n");
	for (size_t i = 0; i < np; i++) {
		uint32_t a = pairs[i].a, b = pairs[i].b;
		fprintf(f, "%s\t%s\t%.4f\t%.4f\t%u\t%u\t%.4f\n", ns_docs_field(r->ds, a, NS_F_ID), ns_docs_field(r->ds, b, NS_F_ID),
		        (double)(float)sc[i].jaccard, (double)(float)sc[i].coverage, r->sk->ntok[a], r->sk->ntok[b],
		        (double)(float)sc[i].numbers);
	}
	if (fclose(f) != 0) ns_ctx_logf(r->c, NS_LOG_ERROR, "%s: write failed", path);
}

static void log_band_error(const dedup_run *r)
{
	int e = ns_band_files_errno(&r->sk->bands);
	ns_ctx_logf(r->c, NS_LOG_ERROR, "temporary file in %s: %s",
	            r->c->o->tmp_dir ? r->c->o->tmp_dir : ns_docs_tmp_dir(r->ds), strerror(e ? e : EIO));
}

static int cmp_hpair(const void *a, const void *b)
{
	const hpair *x = a, *y = b;
	if (x->h != y->h) return x->h < y->h ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Band j's sorted entries e[0..ne) (this run's documents): kept for the
 * history's next segment, and joined with every history segment's band j
 * (both sorted by key) into candidate pairs *out (*nout; malloc'd). */
static int history_band(dedup_run *r, uint32_t j, const ns_lsh_entry *e, size_t ne, hpair **out, size_t *nout)
{
	ns_dedup *dd = r->dd;
	dd->band_key[j] = malloc((ne ? ne : 1) * sizeof(uint64_t));
	dd->band_doc[j] = malloc((ne ? ne : 1) * sizeof(uint32_t));
	if (!dd->band_key[j] || !dd->band_doc[j]) return 1;
	for (size_t i = 0; i < ne; i++) {
		dd->band_key[j][i] = e[i].key;
		dd->band_doc[j][i] = e[i].doc;
	}
	dd->band_n[j] = ne;
	size_t n = 0, cap = 0;
	*out = NULL;
	for (uint32_t k = 0; k < ns_state_segments(r->hist); k++) {
		size_t m;
		const unsigned char *t = ns_state_band(r->hist, k, j, &m);
		ns_href seg = (ns_href)ns_state_segment_number(r->hist, k) << 32;
		size_t a = 0, b = 0;
		while (a < ne && b < m) {
			/* the history keeps the keys' high 32 bits: the same order */
			uint32_t ka = (uint32_t)(e[a].key >> 32), kb = ns_le32(t + b * NS_STATE_BAND_ENTRY);
			if (ka < kb) { a++; continue; }
			if (ka > kb) { b++; continue; }
			/* every pair of the two runs of equal keys */
			size_t a1 = a, b1 = b;
			while (a1 < ne && (uint32_t)(e[a1].key >> 32) == kb) a1++;
			while (b1 < m && ns_le32(t + b1 * NS_STATE_BAND_ENTRY) == kb) b1++;
			if (ns_grow((void **)out, &cap, n + (a1 - a) * (b1 - b) + 1, sizeof(hpair))) return 1;
			for (size_t x = a; x < a1; x++)
				for (size_t y = b; y < b1; y++) {
					(*out)[n].h = seg | ns_le32(t + y * NS_STATE_BAND_ENTRY + 4);
					(*out)[n].doc = e[x].doc;
					n++;
				}
			a = a1;
			b = b1;
		}
	}
	*nout = n;
	return 0;
}

/* Verify the pairs p[0..n) (sorted by history article): each article's text
 * read and shingled once, then scored against each of its documents as the
 * earlier of the pair; a document keeps its most alike article that passes
 * the near-duplicate test (ties to the earlier article). */
static ns_status history_verify(dedup_run *r, const hpair *p, size_t n)
{
	const ns_options *o = r->c->o;
	/* the runs of one article */
	size_t nart = 0;
	uint32_t *start = malloc((n + 1) * sizeof(uint32_t));
	if (!start) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (!i || p[i].h != p[i - 1].h) start[nart++] = (uint32_t)i;
	start[nart] = (uint32_t)n;
	ns_pair_scores *sc = malloc((n ? n : 1) * sizeof(*sc));
	int nomem = !sc, damaged = 0;
	char err[512] = "";
	size_t bad_at = SIZE_MAX;
#pragma omp parallel num_threads(r->c->threads) reduction(|:nomem)
	{
		ns_shingle_scratch *s = ns_shingle_scratch_create();
		score_tmp t = {0};
		char *text = NULL, lerr[512];
		size_t tcap = 0, tlen;
		if (!s) nomem = 1;
#pragma omp for schedule(dynamic, 4)
		for (size_t a = 0; a < nart; a++) {
			if (!s || !sc) continue;
			ns_shingle_set ss;
			vset hv = {0};
			ns_status ts = ns_state_text(r->hist, p[start[a]].h, &text, &tcap, &tlen, lerr, sizeof(lerr));
			if (ts == NS_ERR_FORMAT) {
#pragma omp critical(ns_history_damage)
				if (start[a] < bad_at) { bad_at = start[a]; damaged = 1; memcpy(err, lerr, sizeof(err)); }
				continue;
			}
			if (ts || ns_shingle_text_set(o, text, tlen, s, &ss) || vset_from(&ss, &hv)) { nomem = 1; continue; }
			uint32_t hntok = (uint32_t)ss.ntok, hnsh = (uint32_t)ss.nsh;
			for (size_t q = start[a]; q < start[a + 1]; q++) {
				uint32_t d = p[q].doc;
				ns_shingle_set ds;
				vset dv = {0};
				if (ns_shingle_doc_set(o, r->ds, d, s, &ds) || vset_from(&ds, &dv) ||
				    score_one(o, &hv, hntok, hnsh, &dv, r->sk->ntok[d], r->sk->nsh[d], &t, &sc[q]) ||
				    score_align(o, text, tlen, ns_docs_field(r->ds, d, NS_F_TEXT), ns_docs_len(r->ds, d, NS_F_TEXT), &t,
				                &sc[q]))
					nomem = 1;
				free(dv.sh);
			}
			free(hv.sh);
		}
		ns_shingle_scratch_destroy(s);
		score_tmp_free(&t);
		free(text);
	}
	ns_status st = nomem ? NS_ERR_NOMEM : NS_OK;
	if (damaged) {
		ns_ctx_logf(r->c, NS_LOG_ERROR, "%s", err);
		st = NS_ERR_FORMAT;
	}
	/* each document's most alike article that passes (in article order, so
	 * ties go to the earlier) */
	for (size_t q = 0; q < n && !st; q++) {
		float fj = (float)sc[q].jaccard, fc = (float)sc[q].coverage;
		ns_pair_scores f = {fj, fc, sc[q].numbers, sc[q].small_ntok, (float)sc[q].aligned, sc[q].align_numbers};
		int kind = ns_dedup_test(o, &f, 1.0);
		if (kind == NS_DUP_NONE) continue;
		float w = edge_weight(&f, kind);
		uint32_t d = p[q].doc;
		if (r->hw[d] < 0.0f || w > r->hw[d]) {
			r->hw[d] = w;
			r->hbest[d] = p[q].h;
			r->hkind[d] = (uint8_t)kind;
		}
	}
	free(sc);
	free(start);
	return st;
}

/* The candidate pairs of every band, sorted and unique. */
static ns_status band_candidates(dedup_run *r, ns_sketches *sk, const ns_uf *uf0, ns_pair **out, size_t *nout)
{
	size_t n = r->dd->n;
	uint32_t B = sk->bands.n;
	ns_uf *uf = (ns_uf *)uf0;
	/* the documents sketched for LSH: first of each exact group, with shingles */
	uint8_t *root = malloc(n ? n : 1);
	if (!root) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		root[i] = live(r, i) && sk->nsh[i] && ns_uf_find(uf, (uint32_t)i) == i &&
		          !(r->dd->hlead && r->dd->hlead[i] != NS_HREF_NONE);
	if (r->remote) {
		/* every process pairs the keys routed to it: the same pairs */
		ns_status st = r->remote->candidates(r->remote->ud, &sk->bands, root, n, out, nout);
		ns_band_files_close(&sk->bands);
		free(root);
		return st;
	}
	ns_dedup *dd = r->dd;
	hpair **hp = NULL; /* per band of a group: candidate pairs with history articles */
	size_t *hn = NULL, nh = 0, hcap = 0;
	hpair *hall = NULL;
	if (r->hist) {
		dd->nbands = B;
		dd->band_key = calloc(B ? B : 1, sizeof(uint64_t *));
		dd->band_doc = calloc(B ? B : 1, sizeof(uint32_t *));
		dd->band_n = calloc(B ? B : 1, sizeof(size_t));
		hp = calloc(NS_BAND_GROUP, sizeof(*hp));
		hn = calloc(NS_BAND_GROUP, sizeof(size_t));
		if (!dd->band_key || !dd->band_doc || !dd->band_n || !hp || !hn) { free(root); free(hp); free(hn); return NS_ERR_NOMEM; }
	}
	/* one band per iteration, NS_BAND_GROUP bands at a time; each band's
	 * pairs, sorted and unique, are merged into the sorted unique set of
	 * the earlier ones, so a pair found in many bands is held once */
	ns_pair **bp = calloc(NS_BAND_GROUP, sizeof(*bp));
	size_t *bn = calloc(NS_BAND_GROUP, sizeof(size_t));
	size_t np = 0, pcap = 0, tcap = 0;
	ns_pair *pairs = NULL, *tmp = NULL;
	int bad = !bp || !bn;
	for (uint32_t g0 = 0; g0 < B && !bad; g0 += NS_BAND_GROUP) {
		uint32_t g1 = NS_MIN(B, g0 + NS_BAND_GROUP);
#pragma omp parallel num_threads(r->c->threads) reduction(|:bad)
		{
			ns_lsh_entry *e = NULL;
			size_t ecap = 0, ne = 0;
#pragma omp for schedule(dynamic, 1)
			for (uint32_t j = g0; j < g1; j++) {
				ns_status bs = ns_band_files_pairs(&sk->bands, j, root, n, r->c->o->max_bucket, &e, &ecap, &ne,
				                                   &bp[j - g0], &bn[j - g0]);
				if (bs) bad |= bs == NS_ERR_IO ? 2 : 1;
				if (!bs && r->hist && history_band(r, j, e, ne, &hp[j - g0], &hn[j - g0])) bad |= 1;
			}
			free(e);
		}
		for (uint32_t j = 0; j < g1 - g0; j++) {
			/* only the merge's target needs the room: the two swap */
			if (!bad && ns_grow((void **)&tmp, &tcap, np + bn[j] + 1, sizeof(ns_pair))) bad = 1;
			if (!bad) {
				np = ns_pairs_merge(pairs, np, bp[j], bn[j], tmp);
				ns_pair *t = pairs; pairs = tmp; tmp = t;
				size_t c = pcap; pcap = tcap; tcap = c;
			}
			free(bp[j]);
			bp[j] = NULL;
			bn[j] = 0;
			if (hp && !bad && ns_grow((void **)&hall, &hcap, nh + hn[j] + 1, sizeof(hpair))) bad = 1;
			if (hp && !bad && hn[j]) memcpy(hall + nh, hp[j], hn[j] * sizeof(hpair));
			if (hp) { nh += hn[j]; free(hp[j]); hp[j] = NULL; hn[j] = 0; }
		}
	}
	free(hp);
	free(hn);
	if (r->hist && !bad) {
		/* the history pairs, sorted by article then document, unique */
		ns_qsort(hall, nh, sizeof(hpair), cmp_hpair);
		size_t u = 0;
		for (size_t i = 0; i < nh; i++)
			if (!u || hall[u - 1].h != hall[i].h || hall[u - 1].doc != hall[i].doc) hall[u++] = hall[i];
		nh = u;
		dd->hist_candidates = nh;
		ns_status hs = history_verify(r, hall, nh);
		if (hs) bad |= hs == NS_ERR_FORMAT ? 4 : 1;
	}
	free(hall);
	free(tmp);
	if (bad & 2) log_band_error(r);
	ns_band_files_close(&sk->bands);
	free(root);
	free(bp);
	free(bn);
	if (bad) { free(pairs); return bad & 2 ? NS_ERR_IO : bad & 4 ? NS_ERR_FORMAT : NS_ERR_NOMEM; }
	*out = pairs;
	*nout = np;
	return NS_OK;
}

static ns_status near_groups(dedup_run *r, ns_sketches *sk, ns_uf *uf, ns_times *tm)
{
	const ns_options *o = r->c->o;
	ns_dedup *dd = r->dd;
	double t1 = ns_now();
	ns_pair *pairs = NULL;
	size_t np = 0;
	ns_status st = band_candidates(r, sk, uf, &pairs, &np);
	double t2 = ns_now();
	if (tm) tm->t[NS_T_LSH] += t2 - t1;
	if (st) return st;
	dd->candidates = np;
	if (ns_ctx_stopped(r->c)) { free(pairs); return NS_ERR_INTERRUPTED; }

	/* verify on the exact shingle sets */
	ns_pair_scores *sc = malloc((np ? np : 1) * sizeof(*sc));
	st = sc ? verify_some(r, pairs, np, sc) : NS_ERR_NOMEM;
	if (st) { free(pairs); free(sc); return st; }
	double t3 = ns_now();
	if (tm) tm->t[NS_T_VERIFY] += t3 - t2;

	/* verified pairs become weighted edges, in sorted pair order; edges are
	 * weighed in float, and the thresholds apply to those weights */
	ns_edge *edges = malloc((np ? np : 1) * sizeof(ns_edge));
	uint8_t *joined = r->hist ? calloc(dd->n ? dd->n : 1, 1) : NULL; /* joined a history article */
	size_t ne = 0;
	int nomem = !edges || (r->hist && !joined);
	for (size_t i = 0; i < np && edges; i++) {
		float fj = (float)sc[i].jaccard, fc = (float)sc[i].coverage;
		ns_pair_scores f = {fj, fc, sc[i].numbers, sc[i].small_ntok, (float)sc[i].aligned, sc[i].align_numbers};
		int kind = ns_dedup_test(o, &f, 1.0);
		if (kind == NS_DUP_NONE) continue;
		edges[ne].a = pairs[i].a;
		edges[ne].b = pairs[i].b;
		edges[ne].w = edge_weight(&f, kind);
		edges[ne].kind = (uint32_t)kind;
		ne++;
	}
	if (o->pairs_path) dump_pairs(r, o->pairs_path, pairs, np, sc);
	free(pairs);
	free(sc);
	st = nomem ? NS_ERR_NOMEM
	   : o->cluster == NS_CLUSTER_PIVOT ? ns_cluster_pivot(uf, dd->n, edges, ne)
	   : o->cluster == NS_CLUSTER_CENTRE ? ns_cluster_centre(uf, dd->n, edges, ne, o->centre_rounds, centre_check, r)
	   : o->cluster == NS_CLUSTER_FIRST ? ns_cluster_first(uf, dd->n, edges, ne, r->hist ? r->hw : NULL, joined)
	                                     : ns_cluster_components(uf, edges, ne);
	if (!st) {
		/* each near duplicate names its strongest edge inside its group; the
		 * edge weights inside a group rank the representative */
		for (size_t i = 0; i < ne; i++) {
			uint32_t a = edges[i].a, b = edges[i].b;
			if (ns_uf_find(uf, a) != ns_uf_find(uf, b)) continue;
			r->centre[a] += edges[i].w;
			r->centre[b] += edges[i].w;
			uint32_t ends[2][2] = {{a, b}, {b, a}};
			for (int k = 0; k < 2; k++) {
				uint32_t d = ends[k][0];
				if (dd->kind[d] == NS_DUP_EXACT) continue;
				if (dd->partner[d] == UINT32_MAX || edges[i].w > dd->sim[d]) {
					dd->partner[d] = ends[k][1];
					dd->sim[d] = edges[i].w;
					dd->kind[d] = (uint8_t)edges[i].kind;
				}
			}
		}
	}
	for (size_t d = 0; joined && !st && d < dd->n; d++) {
		if (!joined[d]) continue;
		dd->hlead[d] = r->hbest[d];
		dd->kind[d] = r->hkind[d];
		dd->sim[d] = r->hw[d];
		dd->partner[d] = UINT32_MAX;
	}
	free(joined);
	if (st) { free(edges); return st; }
	dd->edge = ne ? edges : (free(edges), NULL);
	dd->nedge = ne;
	if (tm) tm->t[NS_T_CLUSTER] += ns_now() - t3;
	return NS_OK;
}

/* Is a better representative than b under rule? */
static int better_rep(const dedup_run *r, ns_rep_rule rule, uint32_t a, uint32_t b)
{
	const ns_doc_info *x = ns_docs_info(r->ds, a), *y = ns_docs_info(r->ds, b);
	switch (rule) {
	case NS_REP_CENTRE: {
		/* exact copies share the centrality of their group's first copy */
		float cx = r->centre[r->exact_root[a]], cy = r->centre[r->exact_root[b]];
		if (cx != cy) return cx > cy;
	}
		/* ties go to the earliest date */
		/* fall through */
	case NS_REP_EARLIEST:
		if (x->time != y->time) {
			if (x->time == INT64_MIN) return 0;
			if (y->time == INT64_MIN) return 1;
			return x->time < y->time;
		}
		break;
	case NS_REP_LONGEST:
		if (r->sk->ntok[a] != r->sk->ntok[b]) return r->sk->ntok[a] > r->sk->ntok[b];
		break;
	case NS_REP_BEST: {
		/* a title when any copy has one, the most article text, the
		 * least boilerplate, then the earliest */
		int ta = ns_docs_len(r->ds, a, NS_F_TITLE) > 0, tb = ns_docs_len(r->ds, b, NS_F_TITLE) > 0;
		if (ta != tb) return ta;
		if (r->sk->ntok[a] != r->sk->ntok[b]) return r->sk->ntok[a] > r->sk->ntok[b];
		if (x->removed != y->removed) return x->removed < y->removed;
		if (x->time != y->time) {
			if (x->time == INT64_MIN) return 0;
			if (y->time == INT64_MIN) return 1;
			return x->time < y->time;
		}
		break;
	}
	case NS_REP_FIRST:
		break;
	}
	return a < b;
}

/* Group, status and counts from the union-find. */
static ns_status assign_groups(dedup_run *r, ns_uf *uf)
{
	ns_dedup *dd = r->dd;
	size_t n = dd->n;
	uint8_t *counted = calloc(n ? n : 1, 1);
	if (!counted) return NS_ERR_NOMEM;
	/* representative per root: kept in the root's group slot first; with
	 * the best copy kept, the most central one speaks for the group in
	 * story grouping (its voice) */
	ns_rep_rule rule = r->c->o->rep;
	if (rule == NS_REP_BEST && !(dd->voice = malloc(n ? n * sizeof(uint32_t) : 1))) {
		free(counted);
		return NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (dd->voice) dd->voice[i] = (uint32_t)i;
		if (live(r, i) && ns_uf_find(uf, (uint32_t)i) == i) dd->group[i] = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++) {
		if (!live(r, i)) continue;
		uint32_t root = ns_uf_find(uf, (uint32_t)i);
		if (better_rep(r, rule, (uint32_t)i, dd->group[root])) dd->group[root] = (uint32_t)i;
		if (dd->voice && better_rep(r, NS_REP_CENTRE, (uint32_t)i, dd->voice[root])) dd->voice[root] = (uint32_t)i;
	}
	for (size_t i = 0; i < n && dd->voice; i++) {
		/* the kept copy takes its root's voice */
		if (!live(r, i) || ns_uf_find(uf, (uint32_t)i) != i) continue;
		uint32_t v = dd->voice[i];
		dd->voice[i] = (uint32_t)i;
		dd->voice[dd->group[i]] = v;
	}
	for (size_t i = 0; i < n; i++) {
		if (!live(r, i)) continue;
		uint32_t root = ns_uf_find(uf, (uint32_t)i);
		if (dd->hlead && dd->hlead[root] != NS_HREF_NONE) {
			/* the group joined a history article: all of it is duplicates */
			dd->hlead[i] = dd->hlead[root];
			dd->group[i] = root;
			dd->status[i] = NS_DUPLICATE;
			dd->duplicates++;
			dd->hist_dups++;
			if (dd->kind[i] == NS_DUP_EXACT) dd->exact++;
			else dd->near++;
			continue;
		}
		uint32_t rep = dd->group[root];
		if (root != i) dd->group[i] = rep;
		if (rep == i) {
			dd->status[i] = NS_KEPT;
			dd->kept++;
		} else {
			dd->status[i] = NS_DUPLICATE;
			dd->duplicates++;
			if (dd->kind[i] == NS_DUP_EXACT) dd->exact++;
			else dd->near++;
			/* a group of two or more, counted at its root's first duplicate */
			if (!counted[root]) { counted[root] = 1; dd->groups++; }
		}
	}
	free(counted);
	return NS_OK;
}

ns_status ns_dedup_build(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window, ns_dedup *dd,
                         ns_times *tm)
{
	return ns_dedup_build_hist(c, ds, sk, verify_window, NULL, dd, tm);
}

/* Keep the band entries of the kept documents only. */
static void kept_bands(ns_dedup *dd)
{
	for (uint32_t j = 0; j < dd->nbands; j++) {
		size_t w = 0;
		for (size_t i = 0; i < dd->band_n[j]; i++) {
			uint32_t d = dd->band_doc[j][i];
			if (dd->status[d] != NS_KEPT) continue;
			dd->band_key[j][w] = dd->band_key[j][i];
			dd->band_doc[j][w++] = d;
		}
		dd->band_n[j] = w;
	}
}

ns_status ns_dedup_build_hist(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window,
                              const ns_state *hist, ns_dedup *dd, ns_times *tm)
{
	return ns_dedup_build_remote(c, ds, sk, verify_window, hist, NULL, dd, tm);
}

ns_status ns_dedup_build_remote(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window,
                                const ns_state *hist, const ns_dedup_remote *remote, ns_dedup *dd, ns_times *tm)
{
	size_t n = ns_docs_count(ds);
	memset(dd, 0, sizeof(*dd));
	dd->n = n;
	size_t m = n ? n : 1;
	if (hist && c->o->cluster != NS_CLUSTER_FIRST) return NS_ERR_OPTION;
	dd->key = malloc(m * sizeof(uint64_t));
	dd->status = malloc(m);
	dd->kind = calloc(m, 1);
	dd->group = malloc(m * sizeof(uint32_t));
	dd->partner = malloc(m * sizeof(uint32_t));
	dd->sim = calloc(m, sizeof(float));
	dedup_run r = {c, ds, sk, dd, verify_window, malloc(m * sizeof(uint32_t)), calloc(m, sizeof(float)), hist,
	               hist ? NULL : remote, NULL, NULL, NULL};
	ns_uf uf = {0};
	ns_status st = dd->key && dd->status && dd->kind && dd->group && dd->partner && dd->sim && r.exact_root &&
	               r.centre && !ns_uf_init(&uf, n) ? NS_OK : NS_ERR_NOMEM;
	if (hist && !st) {
		dd->hlead = malloc(m * sizeof(ns_href));
		dd->exact_hash = calloc(2 * m, sizeof(uint64_t));
		r.hbest = malloc(m * sizeof(ns_href));
		r.hw = malloc(m * sizeof(float));
		r.hkind = calloc(m, 1);
		if (!dd->hlead || !dd->exact_hash || !r.hbest || !r.hw || !r.hkind) st = NS_ERR_NOMEM;
		for (size_t i = 0; i < n && !st; i++) {
			dd->hlead[i] = r.hbest[i] = NS_HREF_NONE;
			r.hw[i] = -1.0f;
		}
	}
	for (size_t i = 0; i < n && !st; i++) {
		dd->key[i] = ns_docs_key(ds, i);
		dd->status[i] = live(&r, i) ? NS_KEPT : NS_REJECTED;
		dd->group[i] = (uint32_t)i;
		dd->partner[i] = UINT32_MAX;
	}
	double t0 = ns_now();
	if (!st) st = exact_groups(&r, &uf);
	if (tm) tm->t[NS_T_CLUSTER] += ns_now() - t0;
	if (!st) st = near_groups(&r, sk, &uf, tm);
	if (!st) {
		double t1 = ns_now();
		st = assign_groups(&r, &uf);
		if (tm) tm->t[NS_T_CLUSTER] += ns_now() - t1;
	}
	if (!st && hist) kept_bands(dd);
	if (r.remote && r.remote->finish) r.remote->finish(r.remote->ud);
	ns_uf_free(&uf);
	free(r.exact_root);
	free(r.centre);
	free(r.hbest);
	free(r.hw);
	free(r.hkind);
	/* the token counts pass to the value (the sketches need them no more) */
	dd->ntok = sk->ntok;
	sk->ntok = NULL;
	if (!st && ns_ctx_stopped(c)) st = NS_ERR_INTERRUPTED;
	return st;
}

void ns_dedup_free(ns_dedup *dd)
{
	free(dd->key);
	free(dd->status);
	free(dd->kind);
	free(dd->group);
	free(dd->partner);
	free(dd->sim);
	free(dd->ntok);
	free(dd->voice);
	free(dd->edge);
	free(dd->hlead);
	free(dd->exact_hash);
	for (uint32_t j = 0; j < dd->nbands; j++) {
		if (dd->band_key) free(dd->band_key[j]);
		if (dd->band_doc) free(dd->band_doc[j]);
	}
	free(dd->band_key);
	free(dd->band_doc);
	free(dd->band_n);
	memset(dd, 0, sizeof(*dd));
}

#define NS_DEDUP_MAGIC "NSDEDUP\n"
#define NS_DEDUP_VERSION 2

ns_status ns_dedup_save(const ns_dedup *dd, const char *path, char *err, size_t errlen)
{
	ns_buf b = {0};
	int bad = ns_buf_reserve(&b, dd->n * 30 + dd->nedge * 16 + 64) != NS_OK;
	bad |= ns_vput_u64(&b, dd->n) != NS_OK;
	for (size_t i = 0; i < dd->n && !bad; i++)
		bad |= ns_vput_u64(&b, dd->key[i]) || ns_vput_u8(&b, dd->status[i]) || ns_vput_u8(&b, dd->kind[i]) ||
		       ns_vput_u32(&b, dd->group[i]) || ns_vput_u32(&b, dd->partner[i]) || ns_vput_f32(&b, dd->sim[i]) ||
		       ns_vput_u32(&b, dd->ntok[i]) || ns_vput_u32(&b, dd->voice ? dd->voice[i] : (uint32_t)i);
	bad |= ns_vput_u64(&b, dd->nedge) != NS_OK;
	for (size_t i = 0; i < dd->nedge && !bad; i++)
		bad |= ns_vput_u32(&b, dd->edge[i].a) || ns_vput_u32(&b, dd->edge[i].b) || ns_vput_f32(&b, dd->edge[i].w) ||
		       ns_vput_u32(&b, dd->edge[i].kind);
	const uint64_t counts[] = {dd->candidates, dd->kept, dd->duplicates, dd->exact, dd->near, dd->groups};
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]) && !bad; i++) bad |= ns_vput_u64(&b, counts[i]) != NS_OK;
	ns_status st = bad ? NS_ERR_NOMEM : ns_vfile_write(path, NS_DEDUP_MAGIC, NS_DEDUP_VERSION, &b, err, errlen);
	if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s: out of memory", path);
	ns_buf_free(&b);
	return st;
}

ns_status ns_dedup_load(ns_dedup *dd, const char *path, char *err, size_t errlen)
{
	memset(dd, 0, sizeof(*dd));
	ns_buf b;
	ns_status st = ns_vfile_read(path, NS_DEDUP_MAGIC, NS_DEDUP_VERSION, &b, err, errlen);
	if (st) return st;
	ns_vreader r = {(const unsigned char *)b.p, b.len, 0, 0};
	uint64_t n = ns_vget_u64(&r);
	if (n > (b.len - r.pos) / 30) { ns_buf_free(&b); ns_errf(err, errlen, "%s: bad document count", path); return NS_ERR_FORMAT; }
	size_t m = n ? (size_t)n : 1;
	dd->n = (size_t)n;
	dd->key = malloc(m * sizeof(uint64_t));
	dd->status = malloc(m);
	dd->kind = malloc(m);
	dd->group = malloc(m * sizeof(uint32_t));
	dd->partner = malloc(m * sizeof(uint32_t));
	dd->sim = malloc(m * sizeof(float));
	dd->ntok = malloc(m * sizeof(uint32_t));
	dd->voice = malloc(m * sizeof(uint32_t));
	if (!dd->key || !dd->status || !dd->kind || !dd->group || !dd->partner || !dd->sim || !dd->ntok || !dd->voice)
		st = NS_ERR_NOMEM;
	const char *why = NULL;
	for (size_t i = 0; i < dd->n && !st && !why; i++) {
		dd->key[i] = ns_vget_u64(&r);
		dd->status[i] = ns_vget_u8(&r);
		dd->kind[i] = ns_vget_u8(&r);
		dd->group[i] = ns_vget_u32(&r);
		dd->partner[i] = ns_vget_u32(&r);
		dd->sim[i] = ns_vget_f32(&r);
		dd->ntok[i] = ns_vget_u32(&r);
		dd->voice[i] = ns_vget_u32(&r);
		if (dd->status[i] > NS_REJECTED || dd->kind[i] > NS_DUP_EDITED || dd->group[i] >= n || dd->voice[i] >= n ||
		    (dd->partner[i] != UINT32_MAX && dd->partner[i] >= n))
			why = "a document entry out of range";
	}
	uint64_t ne = st || why ? 0 : ns_vget_u64(&r);
	if (!st && !why && ne > (b.len - r.pos) / 16) why = "bad edge count";
	if (!st && !why && ne && !(dd->edge = malloc((size_t)ne * sizeof(ns_edge)))) st = NS_ERR_NOMEM;
	dd->nedge = st || why ? 0 : (size_t)ne;
	for (size_t i = 0; i < dd->nedge && !why; i++) {
		ns_edge *e = &dd->edge[i];
		e->a = ns_vget_u32(&r);
		e->b = ns_vget_u32(&r);
		e->w = ns_vget_f32(&r);
		e->kind = ns_vget_u32(&r);
		if (e->a >= e->b || e->b >= n) why = "an edge out of range";
	}
	if (!st && !why) {
		uint64_t *counts[] = {&dd->candidates, &dd->kept, &dd->duplicates, &dd->exact, &dd->near, &dd->groups};
		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) *counts[i] = ns_vget_u64(&r);
		if (r.bad || r.pos != r.len) why = "the payload's size does not match its counts";
	}
	ns_buf_free(&b);
	if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s: out of memory", path);
	if (!st && why) { ns_errf(err, errlen, "%s: %s", path, why); st = NS_ERR_FORMAT; }
	if (st) ns_dedup_free(dd);
	return st;
}
