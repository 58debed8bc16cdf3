/* Story term vectors against brute force: the hash sort (and the distinct
 * count beside it), document
 * frequencies and weights by partition, the strongest-term selections
 * (with ties), on random input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/newsift.h"
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

static void test_idf_and_weigh(void)
{
	enum { N = 300 };
	ns_termvec v[N], ref[N];
	for (int i = 0; i < N; i++) {
		random_vec(&v[i], 50 + next() % 700, i % 2 ? 4000 : 200000); /* common and rare terms */
		ref[i].n = v[i].n;
		ref[i].t = malloc((v[i].n + 1) * sizeof(ns_term));
		memcpy(ref[i].t, v[i].t, v[i].n * sizeof(ns_term));
	}
	/* document frequencies by brute force, through a sorted list of all terms */
	size_t total = 0;
	for (int i = 0; i < N; i++) total += ref[i].n;
	uint64_t *all = malloc(total * sizeof(uint64_t));
	size_t k = 0;
	for (int i = 0; i < N; i++)
		for (uint32_t j = 0; j < ref[i].n; j++) all[k++] = ref[i].t[j].term;
	qsort(all, total, sizeof(uint64_t), cmp_u64);
	/* several partition layouts and blocks, as the pipeline splits them */
	unsigned bits_try[] = {0, 3, 9};
	/* with and without a df ceiling (terms in more than max_df vectors are
	 * dropped); the last layout leaves v weighed without one for the
	 * weigh tests below */
	uint32_t maxdf_try[] = {5, 15, UINT32_MAX};
	int dropped_common = 0;
	for (int bt = 0; bt < 3; bt++) {
		unsigned bits = bits_try[bt];
		uint32_t maxdf = maxdf_try[bt];
		for (int i = 0; i < N; i++) memcpy(v[i].t, ref[i].t, ref[i].n * sizeof(ns_term)), v[i].n = ref[i].n;
		uint32_t nparts = 1u << bits, nblk = bits ? 5 : 1;
		ns_idf_scratch *sc = ns_idf_scratch_create(); /* reused by every block, as a thread does */
		for (uint32_t b = 0; b < nblk; b++)
			CHECK(ns_story_idf(v, N, bits, (uint32_t)((uint64_t)nparts * b / nblk),
			                   (uint32_t)((uint64_t)nparts * (b + 1) / nblk), maxdf, sc) == NS_OK);
		ns_idf_scratch_destroy(sc);
		int bad = 0;
		for (int i = 0; i < N; i++)
			for (uint32_t j = 0; j < ref[i].n; j++) {
				uint64_t t = ref[i].t[j].term;
				uint64_t *lo = bsearch(&t, all, total, sizeof(uint64_t), cmp_u64);
				while (lo > all && lo[-1] == t) lo--;
				size_t df = 0;
				while (lo + df < all + total && lo[df] == t) df++;
				float want = df < 2 || df > maxdf ? -1.0f
				                                  : (float)((1.0 + log(ref[i].t[j].w)) * log((double)(N + 1) / (uint32_t)df));
				dropped_common += df > maxdf;
				if (v[i].t[j].w != want || v[i].t[j].term != t) bad++;
			}
		CHECK_EQ_U(bad, 0);
	}
	CHECK(dropped_common > 100); /* the ceilings met common terms */
	/* weigh: the strongest max_terms of the kept terms, in term order */
	uint32_t maxt[] = {1, 7, 100, 100000};
	int badsel = 0, badtop = 0;
	for (int i = 0; i < N; i++) {
		ns_termvec w = {malloc((v[i].n + 1) * sizeof(ns_term)), 0};
		for (uint32_t j = 0; j < v[i].n; j++)
			if (v[i].t[j].w != -1.0f) w.t[w.n++] = v[i].t[j];
		/* top terms of the unweighed vector (ties abound: weights repeat) */
		for (int mt = 0; mt < 4; mt++) {
			uint32_t kk = maxt[mt];
			uint64_t *out = malloc(((size_t)kk < w.n ? kk : w.n) * sizeof(uint64_t) + 8);
			uint32_t got = ns_story_top_terms(&w, kk, out);
			ns_term *s = malloc((w.n + 1) * sizeof(ns_term));
			memcpy(s, w.t, w.n * sizeof(ns_term));
			qsort(s, w.n, sizeof(ns_term), cmp_strength);
			uint32_t want = kk < w.n ? kk : w.n;
			qsort(s, want, sizeof(ns_term), cmp_term_asc);
			if (got != want) badtop++;
			for (uint32_t q = 0; q < want && got == want; q++)
				if (out[q] != s[q].term) { badtop++; break; }
			free(out);
			free(s);
		}
		for (int mt = 0; mt < 4; mt++) {
			uint32_t kk = maxt[mt];
			ns_termvec x = {malloc((v[i].n + 1) * sizeof(ns_term)), v[i].n};
			memcpy(x.t, v[i].t, v[i].n * sizeof(ns_term));
			ns_story_weigh(&x, kk);
			if (!weigh_matches(&x, w.t, w.n, kk)) badsel++;
			free(x.t);
		}
		free(w.t);
	}
	CHECK_EQ_U(badtop, 0);
	CHECK_EQ_U(badsel, 0);
	free(all);
	for (int i = 0; i < N; i++) {
		free(v[i].t);
		free(ref[i].t);
	}
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

/* The story stage's memory estimate: measured vectors scaled to every
 * article, plus the candidate index's share. */
static void test_mem_need(void)
{
	ns_term t[3] = {{1, 1}, {2, 1}, {3, 1}};
	ns_termvec v = {t, 3}, e = {NULL, 0};
	/* 36 bytes of entries + an 8-byte header, rounded to 16 */
	CHECK_EQ_U(ns_story_vec_bytes(&v), 48);
	CHECK_EQ_U(ns_story_vec_bytes(&e), 0);
	CHECK_EQ_U(ns_story_mem_need(0, 0, 10), 0);
	CHECK_EQ_U(ns_story_mem_need(480, 10, 10), 480 + 10 * NS_STORY_INDEX_BYTES);
	/* a tenth measured: ten times the bytes */
	CHECK_EQ_U(ns_story_mem_need(480, 10, 100), 4800 + 100 * NS_STORY_INDEX_BYTES);
	/* ten million articles of 10 KB: more than 64 bits never, about 100 GB */
	uint64_t big = ns_story_mem_need((uint64_t)10000 * 100000, 100000, 10000000);
	CHECK(big > (uint64_t)100000000000 && big < (uint64_t)130000000000);
	CHECK_EQ_U(ns_story_mem_need(UINT64_MAX, 1, 1000), UINT64_MAX);
}

static int cmp_pair_ab(const void *a, const void *b)
{
	const ns_pair *x = a, *y = b;
	if (x->a != y->a) return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* The candidate index against brute force, with more entries than are
 * sorted in one piece (the index sorts them in parallel partitions):
 * the pairs of documents sharing at least 2 terms whose document
 * frequency is 2..max_posting. */
static void test_index_pairs(void)
{
	enum { N = 3000, K = 30, V = 20000, MAXP = 40 };
	uint64_t *top = malloc((size_t)N * K * sizeof(uint64_t));
	uint32_t *df = calloc(V, sizeof(uint32_t));
	uint16_t *shared = calloc((size_t)N * N, sizeof(uint16_t));
	uint32_t *tid = malloc((size_t)N * K * sizeof(uint32_t));
	for (size_t d = 0; d < N; d++) {
		uint32_t n = 0;
		while (n < K) {
			uint32_t t = (uint32_t)(next() % V), dup = 0;
			for (uint32_t i = 0; i < n; i++) dup |= tid[d * K + i] == t;
			if (!dup) tid[d * K + n++] = t;
		}
		for (uint32_t i = 0; i < n; i++) { top[d * K + i] = (uint64_t)(tid[d * K + i] + 1) * 0x9E3779B97F4A7C15ULL; df[tid[d * K + i]]++; }
		qsort(top + d * K, n, sizeof(uint64_t), cmp_u64);
	}
	/* brute force: every kept term adds one to each pair of its documents */
	for (uint32_t t = 0; t < V; t++) {
		if (df[t] < 2 || df[t] > MAXP) continue;
		uint32_t docs[MAXP], m = 0;
		for (uint32_t d = 0; d < N; d++)
			for (uint32_t i = 0; i < K; i++) if (tid[d * K + i] == t) docs[m++] = d;
		for (uint32_t i = 0; i < m; i++)
			for (uint32_t j = i + 1; j < m; j++) shared[(size_t)docs[i] * N + docs[j]]++;
	}
	/* each document's vector: its K terms are its strongest, among 10
	 * weaker ones of its own */
	ns_termvec *v = calloc(N, sizeof(*v));
	for (size_t d = 0; d < N; d++) {
		v[d].t = malloc((K + 10) * sizeof(ns_term));
		for (uint32_t i = 0; i < K; i++) { v[d].t[i].term = top[d * K + i]; v[d].t[i].w = 0.5f + (float)(i % 7) / 10.0f; }
		for (uint32_t i = 0; i < 10; i++) {
			v[d].t[K + i].term = (uint64_t)(d * 10 + i + 1) * 0xC2B2AE3D27D4EB4FULL;
			v[d].t[K + i].w = 0.01f;
		}
		v[d].n = K + 10;
		qsort(v[d].t, v[d].n, sizeof(ns_term), cmp_term_asc);
	}
	ns_story_index *ix;
	CHECK(ns_story_index_create(&ix, v, N, K, MAXP, 2) == NS_OK);
	uint32_t *count = calloc(N, sizeof(uint32_t)), *touched = NULL;
	ns_pair *p = NULL;
	size_t tcap = 0, np = 0, pcap = 0;
	CHECK(ns_story_index_pairs(ix, 0, N, 2, count, &touched, &tcap, &p, &np, &pcap) == NS_OK);
	qsort(p, np, sizeof(ns_pair), cmp_pair_ab);
	size_t want = 0, bad = 0;
	for (uint32_t a = 0; a < N; a++)
		for (uint32_t b = a + 1; b < N; b++)
			if (shared[(size_t)a * N + b] >= 2) {
				if (want >= np || p[want].a != a || p[want].b != b) bad++;
				want++;
			}
	CHECK_EQ_U(np, want);
	CHECK_EQ_U(bad, 0);
	CHECK(want > 100); /* the test has pairs to find */
	ns_story_index_destroy(ix);
	/* the same pairs from ns_story_candidates (index, pairs, index freed) */
	size_t np2 = 0;
	ns_pair *p2 = NULL;
	CHECK(ns_story_candidates(v, N, K, 2, MAXP, 2, &p2, &np2) == NS_OK);
	qsort(p2, np2, sizeof(ns_pair), cmp_pair_ab);
	CHECK_EQ_U(np2, np);
	CHECK(np2 == np && memcmp(p2, p, np * sizeof(ns_pair)) == 0);
	for (size_t d = 0; d < N; d++) free(v[d].t);
	free(v);
	free(p2);
	free(top); free(df); free(shared); free(tid); free(count); free(touched); free(p);
}

int main(void)
{
	test_sort_hashes();
	test_idf_and_weigh();
	test_all_ties();
	test_mem_need();
	test_weigh_long();
	test_index_pairs();
	return TEST_DONE();
}
