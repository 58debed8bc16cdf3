/* Story term vectors against brute force: the hash sort (and the distinct
 * count beside it), the strongest-term selections (with ties), document
 * frequencies counted by windows, the compact vectors and their cosines,
 * and the candidate edges, on random input; the same bytes for any window
 * size and thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/newsift.h"
#include "newsift/storyvec.h"
#include "check.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
	return check_xorshift(&rng);
}

static void test_sort_hashes(void)
{
	ns_hsort hs = {0};
	size_t sizes[] = {0, 1, 2, 47, 48, 49, 1000, 5000};
	for (int mode = 0; mode < 4; mode++)
		for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			size_t n = sizes[si];
			uint64_t *a = malloc((n + 1) * sizeof(uint64_t)), *b = malloc((n + 1) * sizeof(uint64_t));
			for (size_t i = 0; i < n; i++) {
				uint64_t h = next();
				if (mode == 1 && i > 0 && (next() & 1)) h = a[next() % i]; /* many repeats */
				if (mode == 2) h >>= 40;                                  /* one bucket: made to collide */
				if (mode == 3 && (next() & 3) == 0) h = 0;                /* the value that marks empty slots */
				a[i] = b[i] = h;
			}
			/* ns_count_distinct on the unsorted values, against the sort */
			size_t u = ns_count_distinct(a, n, &hs);
			ns_sort_hashes(a, n, &hs);
			qsort(b, n, sizeof(uint64_t), cmp_u64);
			CHECK(n == 0 || !memcmp(a, b, n * sizeof(uint64_t)));
			size_t want = 0;
			for (size_t i = 0; i < n; i++) want += i == 0 || b[i] != b[i - 1];
			CHECK_EQ_U(u, want);
			free(a);
			free(b);
		}
	ns_hsort_free(&hs);
}

/* A random vector of about n distinct terms drawn from a vocabulary of voc
 * terms (so terms are shared), weights from a few values (so there are
 * ties). */
static void random_vec(ns_termvec *v, size_t n, uint64_t voc)
{
	uint64_t *h = malloc((n + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) h[i] = (next() % voc) * 0xD6E8FEB86659FD93ULL;
	qsort(h, n, sizeof(uint64_t), cmp_u64);
	v->t = malloc((n + 1) * sizeof(ns_term));
	v->n = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || h[i] != h[i - 1]) {
			v->t[v->n].term = h[i];
			v->t[v->n].w = (float)(1 + next() % 4); /* a count */
			v->n++;
		}
	free(h);
}

/* x before y in strength order: larger weight, ties to the smaller term. */
static int cmp_strength(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	if (x->w != y->w) return x->w > y->w ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int cmp_term_asc(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* Does x, weighed by ns_story_weigh(x, k), hold what brute force makes of
 * the n kept (undropped, unweighed) terms: the k strongest (ties to the
 * smaller term), in term order, L2-normalised? */
static int weigh_matches(const ns_termvec *x, const ns_term *kept, uint32_t n, uint32_t k)
{
	ns_term *s = malloc((n + 1) * sizeof(ns_term));
	memcpy(s, kept, n * sizeof(ns_term));
	qsort(s, n, sizeof(ns_term), cmp_strength);
	uint32_t want = k < n ? k : n;
	qsort(s, want, sizeof(ns_term), cmp_term_asc);
	double norm = 0;
	for (uint32_t q = 0; q < want; q++) norm += (double)s[q].w * s[q].w;
	norm = sqrt(norm);
	int ok = x->n == want;
	for (uint32_t q = 0; q < want && ok; q++)
		if (x->t[q].term != s[q].term || x->t[q].w != (float)(s[q].w / norm)) ok = 0;
	free(s);
	return ok;
}

/* All weights equal: the strongest are the smallest terms. */
static void test_all_ties(void)
{
	ns_term t[10];
	for (int i = 0; i < 10; i++) { t[i].term = (uint64_t)(i + 1) << 60; t[i].w = 0.5f; }
	ns_termvec v = {t, 10};
	uint64_t out[4];
	CHECK_EQ_U(ns_story_top_terms(&v, 4, out), 4);
	for (int i = 0; i < 4; i++) CHECK_EQ_U(out[i], (uint64_t)(i + 1) << 60);
	ns_story_weigh(&v, 3);
	CHECK_EQ_U(v.n, 3);
	CHECK_EQ_U(v.t[2].term, (uint64_t)3 << 60);
	CHECK_NEAR(v.t[0].w, 1 / sqrt(3.0), 1e-6);
}

/* Long vectors against brute force: more keys than the cut's selection
 * copies out (its first passes then count the whole vector), few distinct
 * weights (ties at the cut) or many. */
static void test_weigh_long(void)
{
	uint32_t sizes[] = {1500, 3000, 5000};
	uint32_t ks[] = {1, 400, 1025, 2999};
	int bad = 0, cases = 0;
	for (int si = 0; si < 3; si++)
		for (int distinct = 0; distinct < 2; distinct++)
			for (int ki = 0; ki < 4; ki++) {
				uint32_t n = sizes[si], k = ks[ki];
				ns_term *t = malloc(n * sizeof(ns_term)), *s = malloc(n * sizeof(ns_term));
				for (uint32_t i = 0; i < n; i++) {
					t[i].term = (uint64_t)(i + 1) * 0x9E3779B97F4A7C15ULL >> 1 | ((uint64_t)i << 52);
					uint32_t r = (i * 7919u) % (distinct ? 100003u : 5u);
					t[i].w = distinct ? 1.0f + (float)r / 1000.0f : (float)(1 + r);
				}
				qsort(t, n, sizeof(ns_term), cmp_term_asc);
				memcpy(s, t, n * sizeof(ns_term));
				ns_termvec v = {t, n};
				ns_story_weigh(&v, k);
				if (!weigh_matches(&v, s, n, k)) bad++;
				cases++;
				free(t);
				free(s);
			}
	CHECK_EQ_U(cases, 24);
	CHECK_EQ_U(bad, 0);
}

/* ---- frequencies, compact vectors and edges against brute force ---- */

#define NV 700      /* articles */
#define VOC 3000    /* vocabulary: terms are shared */
#define MAXDF 14    /* frequency ceiling: about the mean frequency of the common terms */
#define KEEP 60     /* story_terms */
#define TOP 12      /* top_terms */

static int cmp_u64p(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Brute force: exact frequencies, the kept terms (2 <= df <= MAXDF) in
 * hash order (their numbers), and each article's weighed vector
 * (number, weight), strongest KEEP, normalised. */
typedef struct {
	uint64_t *kept;
	size_t nkept, at_max, over_max; /* terms with df = MAXDF, and MAXDF + 1 */
	ns_termvec w[NV];
} brute;

static uint32_t df_of(const ns_termvec *v, uint64_t t)
{
	uint32_t d = 0;
	for (size_t i = 0; i < NV; i++)
		for (uint32_t j = 0; j < v[i].n; j++) d += v[i].t[j].term == t;
	return d;
}

static void brute_make(brute *b, const ns_termvec *v)
{
	size_t total = 0;
	for (size_t i = 0; i < NV; i++) total += v[i].n;
	uint64_t *all = malloc((total + 1) * sizeof(uint64_t));
	size_t k = 0;
	for (size_t i = 0; i < NV; i++)
		for (uint32_t j = 0; j < v[i].n; j++) all[k++] = v[i].t[j].term;
	qsort(all, total, sizeof(uint64_t), cmp_u64p);
	b->kept = malloc((total + 1) * sizeof(uint64_t));
	b->nkept = b->at_max = b->over_max = 0;
	for (size_t i = 0; i < total;) {
		size_t e = i + 1;
		while (e < total && all[e] == all[i]) e++;
		if (e - i >= 2 && e - i <= MAXDF) b->kept[b->nkept++] = all[i];
		b->at_max += e - i == MAXDF;
		b->over_max += e - i == MAXDF + 1;
		i = e;
	}
	for (size_t i = 0; i < NV; i++) {
		ns_term *t = malloc((v[i].n + 1) * sizeof(ns_term));
		uint32_t n = 0;
		for (uint32_t j = 0; j < v[i].n; j++) {
			uint64_t term = v[i].t[j].term; /* ns_term is packed: its term may be misaligned */
			uint64_t *f = bsearch(&term, b->kept, b->nkept, sizeof(uint64_t), cmp_u64p);
			if (!f) continue;
			uint32_t d = df_of(v, v[i].t[j].term);
			t[n].term = (uint64_t)(f - b->kept);
			t[n].w = (float)((1.0 + log(v[i].t[j].w)) * log((double)(NV + 1) / d));
			n++;
		}
		/* the KEEP strongest, normalised */
		qsort(t, n, sizeof(ns_term), cmp_strength);
		if (n > KEEP) n = KEEP;
		qsort(t, n, sizeof(ns_term), cmp_term_asc);
		double norm = 0;
		for (uint32_t q = 0; q < n; q++) norm += (double)t[q].w * t[q].w;
		norm = sqrt(norm);
		for (uint32_t q = 0; q < n; q++) t[q].w = (float)(t[q].w / norm);
		b->w[i].t = t;
		b->w[i].n = n;
	}
	free(all);
}

/* The stage's way: frequencies by windows of win articles, then vectors. */
static int make_vecs(const ns_termvec *v, size_t win, int threads, ns_story_vecs *sv, uint32_t *nterms)
{
	ns_story_df *df;
	if (ns_story_df_create(&df, NV)) return -1;
	for (size_t i0 = 0; i0 < NV; i0 += win)
		if (ns_story_df_add(df, v + i0, NS_MIN(win, NV - i0), threads)) return -1;
	if (ns_story_df_finish(df, MAXDF, threads)) return -1;
	*nterms = ns_story_df_terms(df);
	ns_story_logs lg;
	if (ns_story_logs_init(&lg, NV, MAXDF)) return -1;
	if (ns_story_vecs_init(sv, NV)) return -1;
	for (size_t i0 = 0; i0 < NV; i0 += win) {
		size_t n = NS_MIN(win, NV - i0), total = 0;
		for (size_t i = i0; i < i0 + n; i++) total += v[i].n;
		uint32_t *id = malloc((total + 1) * sizeof(uint32_t)), *dfo = malloc((total + 1) * sizeof(uint32_t));
		if (ns_story_df_lookup(df, v + i0, n, id, dfo, threads)) return -1;
		size_t at = 0;
		for (size_t i = i0; i < i0 + n; i++) {
			ns_termvec u = {malloc((v[i].n + 1) * sizeof(ns_term)), 0};
			uint64_t top[TOP];
			uint8_t *enc = malloc(NS_STORY_VEC_MAX_BYTES(v[i].n));
			float scale;
			ns_story_vec_weights(&v[i], id + at, dfo + at, &lg, &u);
			ns_story_weigh(&u, KEEP);
			size_t len = ns_story_vec_encode(&u, TOP, top, enc, &scale);
			if (ns_story_vecs_append(sv, enc, len, scale)) return -1;
			at += v[i].n;
			free(u.t);
			free(enc);
		}
		free(id);
		free(dfo);
	}
	ns_story_df_destroy(df);
	ns_story_logs_free(&lg);
	return 0;
}

static void test_vectors(void)
{
	ns_termvec v[NV];
	for (size_t i = 0; i < NV; i++) random_vec(&v[i], i % 50 == 7 ? 0 : 20 + next() % 120, i % 3 ? VOC : 40 * VOC);
	brute b;
	brute_make(&b, v);
	ns_story_vecs ref;
	uint32_t nterms;
	CHECK(make_vecs(v, 64, 2, &ref, &nterms) == 0);
	CHECK_EQ_U(nterms, b.nkept);
	CHECK(b.nkept > 500); /* the test means something: many terms kept, and dropped */
	CHECK(b.at_max > 10 && b.over_max > 10);
	/* decoded vectors against brute force: same terms, weights within the
	 * 8-bit step */
	int bad_terms = 0, bad_w = 0, some_long = 0;
	for (size_t i = 0; i < NV; i++) {
		ns_termvec d;
		CHECK(ns_story_vec_decode(&ref, i, &d) == NS_OK);
		some_long += b.w[i].n == KEEP;
		if (d.n != b.w[i].n) { bad_terms++; free(d.t); continue; }
		float wmax = 0;
		for (uint32_t q = 0; q < d.n; q++) wmax = b.w[i].t[q].w > wmax ? b.w[i].t[q].w : wmax;
		for (uint32_t q = 0; q < d.n; q++) {
			if (d.t[q].term != b.w[i].t[q].term) bad_terms++;
			if (fabs(d.t[q].w - b.w[i].t[q].w) > 2.0 * wmax / 255) bad_w++;
		}
		/* a cosine with itself is 1 */
		if (d.n && fabs(ns_story_vec_cosine(&ref, i, i) - 1.0) > 1e-5) bad_w++;
		free(d.t);
	}
	CHECK_EQ_U(bad_terms, 0);
	CHECK_EQ_U(bad_w, 0);
	CHECK(some_long > 10);
	/* window size and thread count change nothing */
	size_t wins[] = {1, 7, NV};
	int threads[] = {1, 3, 2};
	for (int k = 0; k < 3; k++) {
		ns_story_vecs sv;
		uint32_t nt;
		CHECK(make_vecs(v, wins[k], threads[k], &sv, &nt) == 0);
		CHECK(sv.len == ref.len && !memcmp(sv.data, ref.data, ref.len));
		CHECK(!memcmp(sv.scale, ref.scale, NV * sizeof(float)));
		ns_story_vecs_free(&sv);
	}
	/* edges against brute force: pairs sharing 2 or more top terms (the
	 * TOP strongest of each brute vector) in lists of at most MAXP
	 * documents, with cosine >= T */
#define MAXP 30
#define T 0.05
	uint32_t *post = calloc(b.nkept, sizeof(uint32_t));
	uint64_t (*top)[TOP] = malloc(NV * sizeof(*top));
	uint32_t *ntop = malloc(NV * sizeof(uint32_t));
	for (size_t i = 0; i < NV; i++) {
		ntop[i] = ns_story_top_terms(&b.w[i], TOP, top[i]);
		for (uint32_t q = 0; q < ntop[i]; q++) post[top[i][q]]++;
	}
	size_t want = 0, cands = 0, bad_edges = 0;
	ns_edge *e;
	size_t ne, nc;
	uint64_t ixb;
	CHECK(ns_story_edges(&ref, nterms, 2, MAXP, T, 2, &e, &ne, &nc, &ixb) == NS_OK);
	for (size_t a = 0; a < NV; a++)
		for (size_t c = a + 1; c < NV; c++) {
			uint32_t shared = 0;
			for (uint32_t p = 0; p < ntop[a]; p++)
				for (uint32_t q = 0; q < ntop[c]; q++)
					shared += top[a][p] == top[c][q] && post[top[a][p]] <= MAXP;
			if (shared < 2) continue;
			cands++;
			double cs = ns_story_vec_cosine(&ref, a, c);
			if (cs < T) continue;
			/* the edges are in (a, b) order */
			if (want >= ne || e[want].a != a || e[want].b != c || e[want].w != (float)cs) bad_edges++;
			want++;
		}
	CHECK_EQ_U(ne, want);
	CHECK_EQ_U(nc, cands);
	CHECK_EQ_U(bad_edges, 0);
	CHECK(want > 20 && cands > want); /* some pairs are edges, some are not */
	/* the same edges with 1 and 3 threads */
	for (int th = 1; th <= 3; th += 2) {
		ns_edge *e2;
		size_t ne2, nc2;
		CHECK(ns_story_edges(&ref, nterms, 2, MAXP, T, th, &e2, &ne2, &nc2, &ixb) == NS_OK);
		CHECK(ne2 == ne && !memcmp(e2, e, ne * sizeof(ns_edge)));
		free(e2);
	}
	/* the same edges in steps, spread as over 3 processes: the postings
	 * split by term, each part's list pairs split by their first article,
	 * each part's pairs found in 2 lists or more, the parts' candidates
	 * one after the other, then their edges */
	{
		enum { P = 3 };
		uint64_t *po = NULL, *pp[P] = {0}, *pa[P] = {0}, *cand = NULL;
		size_t npo = 0, cpo = 0, npp[P] = {0}, cpp[P] = {0}, npa[P] = {0}, cpa[P] = {0}, ncand = 0;
		int bad = 0;
		for (size_t i = 0; i < NV && !bad; i++) bad = ns_story_vecs_postings(&ref, i, &po, &npo, &cpo) != NS_OK;
		for (size_t k = 0; k < npo && !bad; k++) {
			size_t o = (size_t)((po[k] >> 32) * P / nterms);
			bad = ns_grow((void **)&pp[o], &cpp[o], npp[o] + 1, sizeof(uint64_t)) != 0;
			if (!bad) pp[o][npp[o]++] = po[k];
		}
		uint64_t *lp = NULL;
		size_t nlp = 0, clp = 0;
		for (int o = 0; o < P && !bad; o++) {
			nlp = 0;
			bad = ns_story_list_pairs(pp[o], npp[o], MAXP, &lp, &nlp, &clp) != NS_OK;
			for (size_t k = 0; k < nlp && !bad; k++) {
				size_t g = (size_t)((lp[k] >> 32) * P / NV);
				bad = ns_grow((void **)&pa[g], &cpa[g], npa[g] + 1, sizeof(uint64_t)) != 0;
				if (!bad) pa[g][npa[g]++] = lp[k];
			}
		}
		cand = malloc((npa[0] + npa[1] + npa[2] + 1) * sizeof(uint64_t));
		for (int g = 0; g < P && !bad && cand; g++) {
			size_t kept = ns_story_pairs_shared(pa[g], npa[g], 2);
			memcpy(cand + ncand, pa[g], kept * sizeof(uint64_t));
			ncand += kept;
		}
		CHECK(!bad && cand);
		CHECK(npp[0] && npp[1] && npp[2] && npa[0] && npa[1]); /* every part had work */
		CHECK_EQ_U(ncand, nc);
		ns_edge *e3 = NULL;
		size_t ne3 = 0;
		CHECK(cand && ns_story_edges_of(&ref, cand, ncand, T, 2, &e3, &ne3) == NS_OK);
		CHECK(ne3 == ne && e3 && !memcmp(e3, e, ne * sizeof(ns_edge)));
		/* candidates out of order, or past the vectors, are refused */
		if (ncand > 2) {
			uint64_t sw = cand[0];
			cand[0] = cand[1];
			cand[1] = sw;
			ns_edge *e4 = NULL;
			size_t ne4 = 0;
			CHECK(ns_story_edges_of(&ref, cand, ncand, T, 2, &e4, &ne4) == NS_ERR_FORMAT && !e4);
			uint64_t past = (uint64_t)1 << 32 | NV;
			CHECK(ns_story_edges_of(&ref, &past, 1, T, 2, &e4, &ne4) == NS_ERR_FORMAT);
		}
		/* a damaged vector's bytes are refused */
		size_t n0 = 0;
		uint8_t badv[3] = {5, 3, 1}; /* five terms, one and a half given */
		CHECK(ns_story_vec_postings(badv, sizeof(badv), 0, &po, &n0, &cpo) == NS_ERR_FORMAT);
		free(e3);
		free(cand);
		free(lp);
		free(po);
		for (int o = 0; o < P; o++) { free(pp[o]); free(pa[o]); }
	}
	free(e);
	free(post);
	free(top);
	free(ntop);
	ns_story_vecs_free(&ref);
	for (size_t i = 0; i < NV; i++) { free(v[i].t); free(b.w[i].t); }
	free(b.kept);
#undef MAXP
#undef T
}

/* A counter cut into block ranges (one process each) gives, joined, the
 * whole counter's save byte for byte, its filter's false repeats too. */
static ns_status df_save_of(const ns_termvec *v, size_t n, uint32_t b0, uint32_t b1, int whole, ns_buf *out)
{
	ns_story_df *df;
	ns_status st = whole ? ns_story_df_create(&df, n) : ns_story_df_create_blocks(&df, n, b0, b1);
	for (size_t i0 = 0; !st && i0 < n; i0 += 4096) st = ns_story_df_add(df, v + i0, NS_MIN(4096, n - i0), 2);
	if (!st) st = ns_story_df_finish(df, 50, 2);
	if (!st) st = ns_story_df_save(df, out);
	if (df) ns_story_df_destroy(df);
	return st;
}

static int cmp_u64q(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void test_df_blocks(void)
{
	size_t sizes[] = {700, 20000};
	for (int si = 0; si < 2; si++) {
		size_t n = sizes[si];
		ns_termvec *v = malloc(n * sizeof(ns_termvec));
		for (size_t i = 0; i < n; i++) random_vec(&v[i], si ? 400 : 25, si ? 40000000 : 5000);
		uint32_t nb = ns_story_df_blocks(n);
		CHECK(nb == (si ? 128u : 4u));
		ns_buf ref = {0}, joined = {0};
		CHECK(df_save_of(v, n, 0, 0, 1, &ref) == NS_OK);
		/* three ranges, one of a single block */
		uint32_t cut[4] = {0, 1, nb / 2 + 1, nb};
		ns_buf parts[3] = {{0}};
		for (int k = 0; k < 3; k++) CHECK(df_save_of(v, n, cut[k], cut[k + 1], 0, &parts[k]) == NS_OK);
		CHECK(ns_story_df_join(parts, 3, &joined) == NS_OK);
		CHECK(joined.len == ref.len && joined.len > 12 && !memcmp(joined.p, ref.p, ref.len));
		/* out of block order, or of another run: refused */
		ns_buf swapped[3] = {parts[1], parts[0], parts[2]}, other = {0}, bad = {0};
		CHECK(parts[0].len > 12 && parts[1].len > 12);
		CHECK(ns_story_df_join(swapped, 3, &bad) == NS_ERR_FORMAT);
		CHECK(df_save_of(v, n - 1, 0, ns_story_df_blocks(n - 1), 0, &other) == NS_OK);
		ns_buf mixed[2] = {parts[0], other};
		bad.len = 0;
		CHECK(ns_story_df_join(mixed, 2, &bad) == NS_ERR_FORMAT);
		ns_story_df *x = NULL;
		CHECK(ns_story_df_create_blocks(&x, n, 2, 2) == NS_ERR_OPTION && !x);
		CHECK(ns_story_df_create_blocks(&x, n, 0, nb + 1) == NS_ERR_OPTION && !x);
		if (si) {
			/* the filter's false repeats are there, and the same: some kept
			 * term's count is one above its true frequency */
			size_t total = 0, k = 0, high = 0;
			for (size_t i = 0; i < n; i++) total += v[i].n;
			uint64_t *all = malloc(total * sizeof(uint64_t));
			for (size_t i = 0; i < n; i++)
				for (uint32_t j = 0; j < v[i].n; j++) all[k++] = v[i].t[j].term;
			qsort(all, total, sizeof(uint64_t), cmp_u64q);
			uint32_t t;
			memcpy(&t, ref.p + 8, 4);
			for (uint32_t j = 0; j < t; j++) {
				uint64_t key;
				uint32_t f;
				memcpy(&key, ref.p + 12 + (size_t)j * 8, 8);
				memcpy(&f, ref.p + 12 + (size_t)t * 8 + (size_t)j * 4, 4);
				uint64_t *lo = bsearch(&key, all, total, sizeof(uint64_t), cmp_u64q);
				size_t c = 0;
				if (lo) {
					while (lo > all && lo[-1] == key) lo--;
					while (lo + c < all + total && lo[c] == key) c++;
				}
				high += f == c + 1;
			}
			CHECK(high > 0);
			free(all);
		}
		for (int k = 0; k < 3; k++) ns_buf_free(&parts[k]);
		ns_buf_free(&ref);
		ns_buf_free(&joined);
		ns_buf_free(&other);
		ns_buf_free(&bad);
		for (size_t i = 0; i < n; i++) free(v[i].t);
		free(v);
	}
}

int main(void)
{
	test_sort_hashes();
	test_all_ties();
	test_weigh_long();
	test_vectors();
	test_df_blocks();
	return TEST_DONE();
}
