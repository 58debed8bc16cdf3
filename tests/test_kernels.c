/* Kernels of the verify and story stages: token coverage (ns_coverage),
 * average-link story grouping (ns_story_cluster_avg), story term counts
 * (ns_story_counts) and the cosine of term vectors (ns_termvec_cosine), on
 * hand-made known answers and against brute force on random input from a
 * fixed seed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "newsift/newsift.h"
#include "check.h"

static uint64_t rng = 0x853C49E6748FEA9BULL;
static uint64_t next(void)
{
	return check_xorshift(&rng);
}

/* ---- ns_coverage ---- */

#define COV_BASE 64 /* token ids are below this; a shingle is its ids in base 64, so shingles never collide */
#define COV_MAX_TOK 128

/* A text of token ids cut into lines, with its k-shingles as ns_coverage
 * wants them: the sorted unique set and each position's index in it. */
typedef struct {
	uint32_t tok[COV_MAX_TOK], ntok;
	uint64_t list[COV_MAX_TOK]; /* shingle at each position */
	uint64_t sh[COV_MAX_TOK];
	uint32_t seq[COV_MAX_TOK], nseq, nsh;
	uint32_t line[COV_MAX_TOK], nline;
} covtext;

/* Shingles as tokenize.h makes them: ntok - k + 1 positions, or one when
 * 0 < ntok < k. */
static void cov_make(covtext *t, const uint32_t *tok, uint32_t ntok, uint32_t k, const uint32_t *line, uint32_t nline)
{
	memcpy(t->tok, tok, ntok * sizeof(uint32_t));
	t->ntok = ntok;
	t->nseq = ntok == 0 ? 0 : ntok < k ? 1 : ntok - k + 1;
	uint32_t w = ntok < k ? ntok : k;
	for (uint32_t p = 0; p < t->nseq; p++) {
		uint64_t v = 0;
		for (uint32_t j = 0; j < w; j++) v = v * COV_BASE + tok[p + j] + 1;
		t->list[p] = v;
	}
	memcpy(t->sh, t->list, t->nseq * sizeof(uint64_t));
	qsort(t->sh, t->nseq, sizeof(uint64_t), cmp_u64);
	t->nsh = 0;
	for (uint32_t p = 0; p < t->nseq; p++)
		if (p == 0 || t->sh[p] != t->sh[p - 1]) t->sh[t->nsh++] = t->sh[p];
	for (uint32_t p = 0; p < t->nseq; p++) {
		uint64_t *f = bsearch(&t->list[p], t->sh, t->nsh, sizeof(uint64_t), cmp_u64);
		t->seq[p] = (uint32_t)(f - t->sh);
	}
	if (nline) {
		memcpy(t->line, line, nline * sizeof(uint32_t));
		t->nline = nline;
	} else {
		t->line[0] = 0;
		t->nline = 1;
	}
}

/* ns_coverage of a by b (scratch sized exactly, so AddressSanitizer sees
 * any write past it). */
static double cov_kernel(const covtext *a, const covtext *b, uint32_t k, uint32_t skip)
{
	ns_covtext ct = {a->sh, a->nsh, a->seq, a->nseq, a->ntok, a->line, a->nline};
	uint8_t *scratch = malloc((size_t)a->nsh + a->ntok + 1);
	double c = ns_coverage(&ct, b->sh, b->nsh, k, skip, scratch);
	free(scratch);
	return c;
}

/* Brute force from the definition: a token is covered when a shingle of a
 * that holds it is among b's shingles; lines with no covered token and at
 * most skip tokens are left out. */
static double cov_brute(const covtext *a, const covtext *b, uint32_t k, uint32_t skip)
{
	if (!a->ntok) return 0.0;
	uint32_t w = a->ntok < k ? a->ntok : k;
	size_t covered = 0, counted = 0;
	for (uint32_t l = 0; l < a->nline; l++) {
		uint32_t s = a->line[l], e = l + 1 < a->nline ? a->line[l + 1] : a->ntok;
		size_t c = 0;
		for (uint32_t t = s; t < e; t++) {
			int hit = 0;
			for (uint32_t p = t + 1 >= w ? t + 1 - w : 0; p <= t && p < a->nseq && !hit; p++)
				for (uint32_t q = 0; q < b->nseq && !hit; q++) hit = a->list[p] == b->list[q];
			c += (size_t)hit;
		}
		if (c == 0 && e - s <= skip) continue;
		covered += c;
		counted += e - s;
	}
	return counted ? (double)covered / counted : 0.0;
}

static void ids(uint32_t *t, uint32_t from, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) t[i] = from + i;
}

static void test_coverage_known(void)
{
	enum { K = 3 };
	static covtext a, b;
	uint32_t t[COV_MAX_TOK];
	ids(t, 0, 10);
	cov_make(&a, t, 10, K, NULL, 0);

	/* the same text: all covered */
	cov_make(&b, t, 10, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 1.0, 0);
	/* nothing shared */
	ids(t, 20, 10);
	cov_make(&b, t, 10, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 0.0, 0);
	/* b is the first half of a: shingles 0..2, tokens 0..4 covered */
	ids(t, 0, 5);
	cov_make(&b, t, 5, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 5.0 / 10, 0);
	/* the other way round: all of the short text lies in the long one */
	CHECK_NEAR(cov_kernel(&b, &a, K, 0), 1.0, 0);
	/* one shared shingle covers its K tokens */
	ids(t, 0, K);
	cov_make(&b, t, K, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), (double)K / 10, 0);
	/* a word edit in the middle of b (token 5 replaced) uncovers only that
	 * token of a: every other token lies in an unedited shingle */
	ids(t, 0, 10);
	t[5] = 40;
	cov_make(&b, t, 10, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 9.0 / 10, 0);

	/* a two-word first line (a header) that b lacks: left out of the count
	 * when skip_words >= 2, counted (as uncovered) otherwise */
	const uint32_t lines[] = {0, 2};
	ids(t, 0, 10);
	cov_make(&a, t, 10, K, lines, 2);
	ids(t, 2, 8);
	cov_make(&b, t, 8, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 2), 1.0, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 3), 1.0, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 1), 8.0 / 10, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 8.0 / 10, 0);
	/* a short line with a covered token is always counted: b = tokens 0..5
	 * covers the header too */
	ids(t, 0, 6);
	cov_make(&b, t, 6, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 5), 6.0 / 10, 0);
	/* every line short and uncovered: nothing is counted */
	ids(t, 30, 5);
	cov_make(&b, t, 5, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 8), 0.0, 0);

	/* repeated shingles: x y x y x with k = 2 has shingles xy yx xy yx; b
	 * holds only xy (positions 0 and 2), which cover tokens 0..3 */
	const uint32_t rep[] = {1, 2, 1, 2, 1}, xy[] = {1, 2};
	cov_make(&a, rep, 5, 2, NULL, 0);
	CHECK_EQ_U(a.nsh, 2);
	cov_make(&b, xy, 2, 2, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, 2, 0), 4.0 / 5, 0);

	/* a text shorter than k has one shingle over all its tokens */
	const uint32_t two[] = {4, 5};
	cov_make(&a, two, 2, K, NULL, 0);
	CHECK_EQ_U(a.nseq, 1);
	cov_make(&b, two, 2, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 1.0, 0);
	ids(t, 4, 3);
	cov_make(&b, t, 3, K, NULL, 0); /* 4 5 6 has the shingle 456, not 45 */
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 0.0, 0);

	/* an empty text covers nothing and is covered by nothing */
	ids(t, 0, 10);
	cov_make(&a, t, 10, K, NULL, 0);
	cov_make(&b, t, 0, K, NULL, 0);
	CHECK_NEAR(cov_kernel(&a, &b, K, 0), 0.0, 0);
	CHECK_NEAR(cov_kernel(&b, &a, K, 0), 0.0, 0);
}

static void test_coverage_random(void)
{
	static covtext a, b;
	uint32_t ta[COV_MAX_TOK], tb[COV_MAX_TOK], la[COV_MAX_TOK];
	int bad = 0, some_partial = 0;
	for (int rep = 0; rep < 3000; rep++) {
		uint32_t k = 1 + (uint32_t)(next() % 5), voc = 3 + (uint32_t)(next() % 20);
		uint32_t na = (uint32_t)(next() % 70), nb = (uint32_t)(next() % 90);
		for (uint32_t i = 0; i < na; i++) ta[i] = (uint32_t)(next() % voc);
		/* b: an edited copy of a (so there is much to cover) or random */
		int copy = (int)(next() % 3);
		for (uint32_t i = 0; i < nb; i++)
			tb[i] = copy && i < na && next() % 8 ? ta[i] : (uint32_t)(next() % voc);
		/* lines of a: random breaks */
		uint32_t nl = 1;
		la[0] = 0;
		for (uint32_t i = 1; i < na; i++)
			if (next() % 6 == 0) la[nl++] = i;
		uint32_t skip = (uint32_t)(next() % 4);
		cov_make(&a, ta, na, k, la, nl);
		cov_make(&b, tb, nb, k, NULL, 0);
		double got = cov_kernel(&a, &b, k, skip), want = cov_brute(&a, &b, k, skip);
		if (got != want) bad++;
		/* the one-merge kernel: the same coverage, and ns_jaccard_sorted's Jaccard */
		ns_covtext ct = {a.sh, a.nsh, a.seq, a.nseq, a.ntok, a.line, a.nline};
		uint8_t *scr = malloc((size_t)a.nsh + 1);
		double pj = -1, pc = -1;
		ns_pair_similarity(&ct, b.sh, b.nsh, k, skip, scr, &pj, &pc);
		if (pc != want || pj != ns_jaccard_sorted(a.sh, a.nsh, b.sh, b.nsh, NULL)) bad++;
		/* the lines' first and last covered tokens, from the shared flags,
		 * against covered tokens by the definition */
		uint32_t span[2 * COV_MAX_TOK + 2];
		if (a.nseq) {
			ns_line_spans(&ct, scr, k, span);
			uint32_t w = a.ntok < k ? a.ntok : k;
			for (uint32_t l = 0; l < a.nline; l++) {
				uint32_t s0 = a.line[l], e = l + 1 < a.nline ? a.line[l + 1] : a.ntok, f = UINT32_MAX, g = UINT32_MAX;
				for (uint32_t t = s0; t < e; t++) {
					int cv = 0;
					for (uint32_t p = t + 1 > w ? t + 1 - w : 0; p <= t && p < a.nseq && !cv; p++)
						cv = bsearch(&a.list[p], b.sh, b.nsh, sizeof(uint64_t), cmp_u64) != NULL;
					if (cv) { if (f == UINT32_MAX) f = t; g = t; }
				}
				if (span[2 * l] != f || span[2 * l + 1] != g) bad++;
			}
		}
		free(scr);
		some_partial += want > 0 && want < 1;
	}
	CHECK_EQ_U(bad, 0);
	CHECK(some_partial > 100); /* the comparison saw more than 0 and 1 */
}

/* ---- ns_story_cluster_avg ---- */

#define STORY_FAR 1.5 /* as the kernel: groups further apart than the date window need this factor more similarity */
#define DAY_UNKNOWN INT32_MIN

static ns_edge edge(uint32_t a, uint32_t b, float w)
{
	ns_edge x = {a, b, w, 0};
	return x;
}

/* roots[v] after ns_story_cluster_avg; -1 when the kernel fails. */
static int avg_kernel(size_t n, const ns_edge *e, size_t ne, double t, const int32_t *days, int max_days,
                      uint32_t *roots)
{
	ns_uf u;
	if (ns_uf_init(&u, n) != NS_OK) return -1;
	ns_status st = ns_story_cluster_avg(n, e, ne, t, days, max_days, &u);
	for (size_t v = 0; v < n; v++) roots[v] = ns_uf_find(&u, (uint32_t)v);
	ns_uf_free(&u);
	return st == NS_OK ? 0 : -1;
}

static int roots_are(const uint32_t *r, const uint32_t *want, size_t n)
{
	return !memcmp(r, want, n * sizeof(uint32_t));
}

static void test_avg_known(void)
{
	enum { N = 4 };
	uint32_t r[N];

	/* one edge: merged when its weight reaches the threshold (equal counts) */
	ns_edge one[] = {edge(1, 2, 0.625f)};
	const uint32_t joined[N] = {0, 1, 1, 3}, apart[N] = {0, 1, 2, 3};
	CHECK(avg_kernel(N, one, 1, 0.5, NULL, -1, r) == 0 && roots_are(r, joined, N));
	CHECK(avg_kernel(N, one, 1, 0.625, NULL, -1, r) == 0 && roots_are(r, joined, N));
	CHECK(avg_kernel(N, one, 1, 0.75, NULL, -1, r) == 0 && roots_are(r, apart, N));
	CHECK(avg_kernel(N, NULL, 0, 0.5, NULL, -1, r) == 0 && roots_are(r, apart, N));

	/* a triangle: {0, 1} first (0.875); then 2 against {0, 1} averages
	 * (0.625 + w02) / 2 */
	ns_edge tri[] = {edge(1, 2, 0.625f), edge(0, 2, 0.25f), edge(0, 1, 0.875f)};
	const uint32_t pair01[N] = {0, 0, 2, 3}, all3[N] = {0, 0, 0, 3};
	CHECK(avg_kernel(N, tri, 3, 0.5, NULL, -1, r) == 0 && roots_are(r, pair01, N)); /* 0.4375 */
	tri[1].w = 0.375f;
	CHECK(avg_kernel(N, tri, 3, 0.5, NULL, -1, r) == 0 && roots_are(r, all3, N)); /* 0.5 */

	/* a chain 0-1-2 does not chain: 2 against {0, 1} has 1.0 over 2 pairs
	 * (0-2 has no edge and counts 0); the tie between 0-1 and 1-2 goes to
	 * the smaller ids, so 0 and 1 merge first */
	ns_edge chain[] = {edge(2, 1, 1.0f), edge(0, 1, 1.0f)};
	CHECK(avg_kernel(N, chain, 2, 0.75, NULL, -1, r) == 0 && roots_are(r, pair01, N));
	CHECK(avg_kernel(N, chain, 2, 0.5, NULL, -1, r) == 0 && roots_are(r, all3, N));
	/* the same with the tie broken by weight the other way: 1-2 first */
	chain[1].w = 0.9375f;
	const uint32_t pair12[N] = {0, 1, 1, 3};
	CHECK(avg_kernel(N, chain, 2, 0.75, NULL, -1, r) == 0 && roots_are(r, pair12, N));

	/* two pairs joined by two edges: {0,1} and {2,3} average
	 * (0.5 + 0.5) / 4 = 0.25 */
	ns_edge two[] = {edge(0, 1, 1.0f), edge(2, 3, 1.0f), edge(0, 2, 0.5f), edge(1, 3, 0.5f)};
	const uint32_t pairs[N] = {0, 0, 2, 2}, one_group[N] = {0, 0, 0, 0};
	CHECK(avg_kernel(N, two, 4, 0.3, NULL, -1, r) == 0 && roots_are(r, pairs, N));
	CHECK(avg_kernel(N, two, 4, 0.25, NULL, -1, r) == 0 && roots_are(r, one_group, N));

	/* dates: 0.625 at threshold 0.5 is below STORY_FAR times it, so a
	 * date distance over max_days blocks the link */
	int32_t days[N] = {0, 0, 10, 3};
	CHECK(avg_kernel(N, one, 1, 0.5, days, 7, r) == 0 && roots_are(r, apart, N));
	CHECK(avg_kernel(N, one, 1, 0.5, days, 10, r) == 0 && roots_are(r, joined, N)); /* gap 10 <= 10 */
	CHECK(avg_kernel(N, one, 1, 0.5, days, -1, r) == 0 && roots_are(r, joined, N)); /* dates ignored */
	days[2] = DAY_UNKNOWN;
	CHECK(avg_kernel(N, one, 1, 0.5, days, 0, r) == 0 && roots_are(r, joined, N)); /* unknown: no limit */
	days[2] = 10;
	/* strong enough evidence crosses the window: weight >= STORY_FAR x threshold */
	ns_edge strong[] = {edge(1, 2, (float)(0.5 * STORY_FAR))};
	CHECK(avg_kernel(N, strong, 1, 0.5, days, 7, r) == 0 && roots_are(r, joined, N));
	strong[0].w = 0.7421875f; /* just below 0.75 */
	CHECK(avg_kernel(N, strong, 1, 0.5, days, 7, r) == 0 && roots_are(r, apart, N));

	/* date ranges of groups: {0, 1} at days 0 and 5 spans [0, 5]; 2 at day
	 * 12 is 7 days from its end (allowed with max_days 7), 13 is 8 (not);
	 * 2 against {0, 1} averages 0.875 / 2 = 0.4375, inside [t, STORY_FAR t) */
	ns_edge rng3[] = {edge(0, 1, 1.0f), edge(1, 2, 0.875f)};
	int32_t d3[N] = {0, 5, 12, 0};
	CHECK(avg_kernel(N, rng3, 2, 0.375, d3, 7, r) == 0 && roots_are(r, all3, N));
	d3[2] = 13;
	CHECK(avg_kernel(N, rng3, 2, 0.375, d3, 7, r) == 0 && roots_are(r, pair01, N));
	/* a member with an unknown date takes the range of its group: 1
	 * unknown, {0, 1} spans [0, 0], and 2 at day 8 is 8 days away */
	int32_t d4[N] = {0, DAY_UNKNOWN, 8, 0};
	CHECK(avg_kernel(N, rng3, 2, 0.375, d4, 7, r) == 0 && roots_are(r, pair01, N));
	d4[2] = 7;
	CHECK(avg_kernel(N, rng3, 2, 0.375, d4, 7, r) == 0 && roots_are(r, all3, N));
}

/* Brute force: merge, while any pair of groups linked by edges qualifies,
 * the pair with the largest average (sum of edge weights between members
 * over the product of sizes; ties to the smaller group ids, a group's id
 * being its smallest member); a pair qualifies when its average reaches t
 * and, with dates, its date ranges are within max_days or the average
 * reaches STORY_FAR t. */
static void avg_brute(size_t n, const ns_edge *e, size_t ne, double t, const int32_t *days, int max_days,
                      uint32_t *gid)
{
	uint32_t *size = malloc(n * sizeof(uint32_t));
	int32_t *lo = malloc(n * sizeof(int32_t)), *hi = malloc(n * sizeof(int32_t));
	for (size_t v = 0; v < n; v++) {
		gid[v] = (uint32_t)v;
		size[v] = 1;
		lo[v] = hi[v] = days ? days[v] : DAY_UNKNOWN;
	}
	for (;;) {
		size_t ba = 0, bb = 0;
		double best = -1;
		for (size_t a = 0; a < n; a++) {
			if (gid[a] != a) continue;
			for (size_t b = a + 1; b < n; b++) {
				if (gid[b] != b) continue;
				double s = 0;
				int any = 0;
				for (size_t i = 0; i < ne; i++) {
					uint32_t x = gid[e[i].a], y = gid[e[i].b];
					if (e[i].a == e[i].b || !((x == a && y == b) || (x == b && y == a))) continue;
					s += e[i].w;
					any = 1;
				}
				if (!any) continue;
				double avg = s / ((double)size[a] * size[b]);
				if (avg < t) continue;
				if (days && max_days >= 0 && lo[a] != DAY_UNKNOWN && lo[b] != DAY_UNKNOWN) {
					int64_t gap = (int64_t)(lo[a] > lo[b] ? lo[a] : lo[b]) - (hi[a] < hi[b] ? hi[a] : hi[b]);
					if (gap > max_days && avg < t * STORY_FAR) continue;
				}
				if (avg > best) { best = avg; ba = a; bb = b; }
			}
		}
		if (best < 0) break;
		for (size_t v = 0; v < n; v++)
			if (gid[v] == bb) gid[v] = (uint32_t)ba;
		size[ba] += size[bb];
		if (lo[bb] != DAY_UNKNOWN && (lo[ba] == DAY_UNKNOWN || lo[bb] < lo[ba])) lo[ba] = lo[bb];
		if (hi[bb] != DAY_UNKNOWN && (hi[ba] == DAY_UNKNOWN || hi[bb] > hi[ba])) hi[ba] = hi[bb];
	}
	free(size);
	free(lo);
	free(hi);
}

#define AVG_WEIGHT_STEPS 16 /* weights k / 16: every sum the kernel and the reference make is exact */

/* Per-vertex levels (ns_story_cluster_avg_levels): a group's level is the
 * highest of its members', and two groups merge at the higher of theirs. */
static void test_avg_levels(void)
{
	enum { N = 4 };
	uint32_t r[N];
	ns_uf u;
	const uint32_t joined[N] = {0, 1, 1, 3}, apart[N] = {0, 1, 2, 3}, all3[N] = {0, 0, 0, 3};
	ns_edge one[] = {edge(1, 2, 0.625f)};
	double lv[N] = {0.5, 0.5, 0.5, 0.5};
	/* levels NULL: the same as ns_story_cluster_avg at merge_t */
	for (int k = 0; k < 3; k++) {
		const double lvl[3] = {0.5, 0.625, 0.75};
		for (int v = 0; v < N; v++) lv[v] = lvl[k];
		CHECK(ns_uf_init(&u, N) == NS_OK);
		CHECK(ns_story_cluster_avg_levels(N, one, 1, 0.9, lv, NULL, -1, &u) == NS_OK);
		for (size_t v = 0; v < N; v++) r[v] = ns_uf_find(&u, (uint32_t)v);
		ns_uf_free(&u);
		CHECK(roots_are(r, k < 2 ? joined : apart, N));
	}
	/* the higher level of the two ends decides */
	double mixed[N] = {0.1, 0.1, 0.7, 0.1};
	CHECK(ns_uf_init(&u, N) == NS_OK);
	CHECK(ns_story_cluster_avg_levels(N, one, 1, 0.1, mixed, NULL, -1, &u) == NS_OK);
	for (size_t v = 0; v < N; v++) r[v] = ns_uf_find(&u, (uint32_t)v);
	ns_uf_free(&u);
	CHECK(roots_are(r, apart, N));
	/* a group keeps the highest level of its members: {0, 1} merge at 0.9
	 * (levels 0.1 and 0.4); 2 (level 0.1) against {0, 1} averages
	 * 0.6 / 2 = 0.3 < 0.4, and merges when 1's level is 0.3 */
	ns_edge tri[] = {edge(0, 1, 0.9f), edge(1, 2, 0.6f)};
	double grp[N] = {0.1, 0.4, 0.1, 0.1};
	for (int k = 0; k < 2; k++) {
		grp[1] = k ? 0.3 : 0.4;
		CHECK(ns_uf_init(&u, N) == NS_OK);
		CHECK(ns_story_cluster_avg_levels(N, tri, 2, 0.1, grp, NULL, -1, &u) == NS_OK);
		for (size_t v = 0; v < N; v++) r[v] = ns_uf_find(&u, (uint32_t)v);
		ns_uf_free(&u);
		const uint32_t pair01[N] = {0, 0, 2, 3};
		CHECK(roots_are(r, k ? all3 : pair01, N));
	}
	/* NULL levels: merge_t for every vertex */
	CHECK(ns_uf_init(&u, N) == NS_OK);
	CHECK(ns_story_cluster_avg_levels(N, one, 1, 0.75, NULL, NULL, -1, &u) == NS_OK);
	for (size_t v = 0; v < N; v++) r[v] = ns_uf_find(&u, (uint32_t)v);
	ns_uf_free(&u);
	CHECK(roots_are(r, apart, N));
}

static void test_avg_random(void)
{
	int bad_ref = 0, bad_repeat = 0, bad_order = 0, merged_some = 0, rounds = 0;
	const int max_days_try[] = {-1, 0, 3, 7};
	for (int rep = 0; rep < 400; rep++) {
		size_t n = 1 + next() % 40, ne = next() % (3 * n + 1);
		ns_edge *e = malloc((ne + 1) * sizeof(ns_edge));
		int32_t *days = malloc(n * sizeof(int32_t));
		uint32_t *want = malloc(n * sizeof(uint32_t)), *got = malloc(n * sizeof(uint32_t)),
		         *again = malloc(n * sizeof(uint32_t));
		for (size_t i = 0; i < ne; i++) /* self-loops and repeated pairs included */
			e[i] = edge((uint32_t)(next() % n), (uint32_t)(next() % n),
			            (float)(1 + next() % AVG_WEIGHT_STEPS) / AVG_WEIGHT_STEPS);
		for (size_t v = 0; v < n; v++) days[v] = next() % 5 == 0 ? DAY_UNKNOWN : (int32_t)(next() % 20);
		const int32_t *dp = rep % 4 == 0 ? NULL : days;
		int max_days = max_days_try[next() % 4];
		double t = (double)(1 + next() % 12) / AVG_WEIGHT_STEPS; /* 1/16 .. 3/4 */
		avg_brute(n, e, ne, t, dp, max_days, want);
		if (avg_kernel(n, e, ne, t, dp, max_days, got) || !roots_are(got, want, n)) bad_ref++;
		if (avg_kernel(n, e, ne, t, dp, max_days, again) || !roots_are(again, got, n)) bad_repeat++;
		/* the edges in another order, ends swapped: the same groups */
		for (size_t i = ne; i > 1; i--) {
			size_t j = next() % i;
			ns_edge x = e[i - 1];
			e[i - 1] = e[j];
			e[j] = x;
			if (next() & 1) { uint32_t s = e[j].a; e[j].a = e[j].b; e[j].b = s; }
		}
		if (avg_kernel(n, e, ne, t, dp, max_days, again) || !roots_are(again, want, n)) bad_order++;
		for (size_t v = 0; v < n; v++) merged_some += want[v] != v;
		rounds++;
		free(e);
		free(days);
		free(want);
		free(got);
		free(again);
	}
	CHECK_EQ_U(bad_ref, 0);
	CHECK_EQ_U(bad_repeat, 0);
	CHECK_EQ_U(bad_order, 0);
	CHECK_EQ_U(rounds, 400);
	CHECK(merged_some > 1000); /* the graphs were not all left apart */
}

/* ---- ns_story_counts ---- */

typedef struct {
	ns_tokens tok;
	ns_stemmer *stemmer;
	ns_story_scratch *sc;
} counter;

static int same_vec(const ns_termvec *x, const ns_termvec *y)
{
	if (x->n != y->n) return 0;
	for (uint32_t i = 0; i < x->n; i++)
		if (x->t[i].term != y->t[i].term || x->t[i].w != y->t[i].w) return 0;
	return 1;
}

/* Count title and text; v->t is malloc'd (free it).  Counting again in
 * the language found gives the same vector. */
static ns_status count(counter *c, const char *title, const char *text, int stem, ns_termvec *v, ns_lang *lang)
{
	ns_status st = ns_story_counts(title, strlen(title), text, strlen(text), stem, &c->tok, c->stemmer, c->sc, v, lang);
	if (st) return st;
	ns_termvec again;
	st = ns_story_counts_lang(title, strlen(title), text, strlen(text), stem, &c->tok, c->stemmer, c->sc, &again, *lang);
	CHECK(st == NS_OK && same_vec(v, &again));
	free(again.t);
	return st;
}

static uint64_t word(const char *w)
{
	return ns_token_hash(w, strlen(w), 0);
}

/* The count of term h in v (0 when absent). */
static float count_of(const ns_termvec *v, uint64_t h)
{
	for (uint32_t i = 0; i < v->n; i++)
		if (v->t[i].term == h) return v->t[i].w;
	return 0;
}

/* Sorted by term, unique, every count a positive whole number. */
static int well_formed(const ns_termvec *v)
{
	for (uint32_t i = 0; i < v->n; i++) {
		if (i && v->t[i - 1].term >= v->t[i].term) return 0;
		if (!(v->t[i].w >= 1) || v->t[i].w != floorf(v->t[i].w)) return 0;
	}
	return 1;
}

static float total(const ns_termvec *v)
{
	float s = 0;
	for (uint32_t i = 0; i < v->n; i++) s += v->t[i].w;
	return s;
}

/* The one term of v that is none of the n words given (a bigram), or 0. */
static uint64_t other_term(const ns_termvec *v, const char *const *words, size_t n)
{
	uint64_t found = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		int known = 0;
		for (size_t j = 0; j < n; j++) known |= v->t[i].term == word(words[j]);
		if (!known) found = found ? UINT64_MAX : v->t[i].term;
	}
	return found == UINT64_MAX ? 0 : found;
}

static void test_counts(void)
{
	counter c = {0};
	c.stemmer = ns_stemmer_create();
	c.sc = ns_story_scratch_create();
	CHECK(c.stemmer && c.sc);
	if (!c.stemmer || !c.sc) return;
	ns_termvec v, w;
	ns_lang lang;
	/* the examples rest on these list memberships */
	CHECK(ns_lang_stopword(NS_LANG_EN, "the", 3) && ns_lang_stopword(NS_LANG_EN, "of", 2));
	CHECK(!ns_lang_stopword(NS_LANG_EN, "volcano", 7) && !ns_lang_stopword(NS_LANG_EN, "erupts", 6));

	/* nothing: no vector */
	CHECK(count(&c, "", "", 0, &v, &lang) == NS_OK);
	CHECK(v.t == NULL && v.n == 0);
	CHECK(count(&c, "the", "of the", 0, &v, &lang) == NS_OK); /* stop words only */
	CHECK(v.t == NULL && v.n == 0);

	/* "the volcano erupts": two content words and their bigram, once each */
	const char *ve[] = {"volcano", "erupts"};
	CHECK(count(&c, "", "the volcano erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 3);
	CHECK(well_formed(&v));
	CHECK(count_of(&v, word("volcano")) == 1 && count_of(&v, word("erupts")) == 1);
	CHECK(count_of(&v, word("the")) == 0);
	uint64_t big_ve = other_term(&v, ve, 2);
	CHECK(big_ve != 0 && count_of(&v, big_ve) == 1);
	free(v.t);
	/* the bigram depends on the order of its words */
	CHECK(count(&c, "", "erupts volcano", 0, &v, &lang) == NS_OK);
	CHECK(v.n == 3 && count_of(&v, big_ve) == 0);
	free(v.t);

	/* the title counts twice: 1 + 2 for volcano */
	CHECK(count(&c, "volcano", "the volcano erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 3);
	CHECK(count_of(&v, word("volcano")) == 3 && count_of(&v, word("erupts")) == 1 && count_of(&v, big_ve) == 1);
	free(v.t);
	/* a capitalised word inside the title is a name (twice per copy); its
	 * first word is not; the title's bigram counts once per copy */
	CHECK(count(&c, "Volcano Erupts", "the volcano erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 3);
	CHECK(count_of(&v, word("volcano")) == 1 + 2 && count_of(&v, word("erupts")) == 1 + 2 * 2);
	CHECK(count_of(&v, big_ve) == 1 + 2);
	free(v.t);

	/* a name inside a sentence counts twice; after a full stop it is the
	 * sentence's start, not a name */
	const char *tsw[] = {"team", "smith", "won"};
	CHECK(count(&c, "", "the team of Smith won", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 4);
	CHECK(count_of(&v, word("team")) == 1 && count_of(&v, word("smith")) == 2 && count_of(&v, word("won")) == 1);
	uint64_t big_sw = other_term(&v, tsw, 3); /* smith won; team and smith are not adjacent */
	CHECK(big_sw != 0 && count_of(&v, big_sw) == 1);
	free(v.t);
	CHECK(count(&c, "", "the team lost. Smith won", 0, &v, &lang) == NS_OK);
	CHECK(count_of(&v, word("smith")) == 1 && count_of(&v, big_sw) == 1);
	free(v.t);

	/* a line break in the text ends bigrams; a stop word or a one-letter
	 * token between two words leaves them unpaired too */
	CHECK(count(&c, "", "heavy rain volcano erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 4 + 3);
	free(v.t);
	CHECK(count(&c, "", "heavy rain\nvolcano erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 4 + 2);
	CHECK(count_of(&v, big_ve) == 1);
	CHECK(count(&c, "", "rain volcano", 0, &w, &lang) == NS_OK);
	const char *rv[] = {"rain", "volcano"};
	uint64_t big_rv = other_term(&w, rv, 2);
	CHECK(big_rv != 0 && count_of(&v, big_rv) == 0);
	free(v.t);
	free(w.t);
	CHECK(count(&c, "", "volcano x erupts", 0, &v, &lang) == NS_OK);
	CHECK(v.n == 2 && count_of(&v, word("volcano")) == 1 && count_of(&v, word("erupts")) == 1);
	free(v.t);
	CHECK(count(&c, "", "volcano and erupts", 0, &v, &lang) == NS_OK);
	CHECK_EQ_U(v.n, 2);
	free(v.t);

	/* French: the stop words of the detected language are left out, and
	 * with stemming "montagnes" and "montagne" are one term */
	const char *fr = "le volcan est dans les montagnes et la montagne est dans le nord";
	CHECK(count(&c, "", fr, 0, &v, &lang) == NS_OK);
	CHECK(lang == NS_LANG_FR);
	CHECK_EQ_U(v.n, 4); /* volcan montagnes montagne nord, no two adjacent */
	CHECK(count_of(&v, word("montagnes")) == 1 && count_of(&v, word("montagne")) == 1);
	CHECK(count_of(&v, word("dans")) == 0 && count_of(&v, word("le")) == 0);
	CHECK(well_formed(&v));
	size_t l1, l2;
	char s1[32] = "", s2[32] = "";
	const char *p1 = ns_stem(c.stemmer, NS_LANG_FR, "montagnes", 9, &l1);
	if (l1 < sizeof(s1)) memcpy(s1, p1, l1), s1[l1] = 0;
	const char *p2 = ns_stem(c.stemmer, NS_LANG_FR, "montagne", 8, &l2);
	if (l2 < sizeof(s2)) memcpy(s2, p2, l2), s2[l2] = 0;
	CHECK(!strcmp(s1, s2) && strcmp(s1, "montagnes") && strcmp(s1, "montagne")); /* the example stems */
	CHECK(count(&c, "", fr, 1, &w, &lang) == NS_OK);
	CHECK(lang == NS_LANG_FR);
	CHECK_EQ_U(w.n, 3);
	CHECK(count_of(&w, word(s1)) == 2);
	CHECK(count_of(&w, word("montagnes")) == 0 && count_of(&w, word("montagne")) == 0);
	CHECK(total(&v) == 4 && total(&w) == 4);
	CHECK(well_formed(&w));
	free(v.t);
	free(w.t);

	/* English is not stemmed even when asked (stories.c measured it to
	 * lower the story scores) */
	const char *en = "the volcanoes erupted and the villages were evacuated";
	CHECK(count(&c, "", en, 0, &v, &lang) == NS_OK);
	CHECK(lang == NS_LANG_EN);
	CHECK(count(&c, "", en, 1, &w, &lang) == NS_OK);
	CHECK(same_vec(&v, &w));
	CHECK(count_of(&w, word("volcanoes")) == 1 && count_of(&w, word("villages")) == 1);
	free(v.t);
	free(w.t);

	ns_tokens_free(&c.tok);
	ns_stemmer_destroy(c.stemmer);
	ns_story_scratch_destroy(c.sc);
}

/* ---- ns_termvec_cosine ---- */

static void unit_vec(ns_termvec *v, ns_term *t, uint32_t n)
{
	double s = 0;
	for (uint32_t i = 0; i < n; i++) s += (double)t[i].w * t[i].w;
	for (uint32_t i = 0; i < n; i++) t[i].w = (float)(t[i].w / sqrt(s));
	v->t = t;
	v->n = n;
}

/* Brute force: the dot product over every pair of entries with equal
 * terms, over the norms. */
static double cos_brute(const ns_termvec *a, const ns_termvec *b)
{
	double dot = 0, na = 0, nb = 0;
	for (uint32_t i = 0; i < a->n; i++) {
		na += (double)a->t[i].w * a->t[i].w;
		for (uint32_t j = 0; j < b->n; j++)
			if (a->t[i].term == b->t[j].term) dot += (double)a->t[i].w * b->t[j].w;
	}
	for (uint32_t j = 0; j < b->n; j++) nb += (double)b->t[j].w * b->t[j].w;
	return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0.0;
}

#define COS_EPS 1e-6 /* float weights normalised in float */

static void test_cosine(void)
{
	ns_term ta[3] = {{10, 3}, {20, 4}, {30, 0}}, tb[2] = {{40, 1}, {50, 2}}, tc[2] = {{20, 3}, {30, 4}};
	ns_termvec a, b, c, empty = {NULL, 0};
	unit_vec(&a, ta, 2); /* 0.6, 0.8 */
	unit_vec(&b, tb, 2);
	unit_vec(&c, tc, 2); /* 0.6, 0.8 */
	CHECK_NEAR(ns_termvec_cosine(&a, &a), 1.0, COS_EPS);
	CHECK_NEAR(ns_termvec_cosine(&a, &b), 0.0, 0);
	CHECK_NEAR(ns_termvec_cosine(&a, &c), 0.8 * 0.6, COS_EPS); /* term 20 only */
	CHECK_NEAR(ns_termvec_cosine(&c, &a), 0.8 * 0.6, COS_EPS);
	CHECK_NEAR(ns_termvec_cosine(&a, &empty), 0.0, 0);
	CHECK_NEAR(ns_termvec_cosine(&empty, &empty), 0.0, 0);

	int bad = 0, asym = 0, over = 0;
	for (int rep = 0; rep < 2000; rep++) {
		uint32_t n[2];
		ns_term *t[2];
		ns_termvec v[2];
		uint64_t voc = 2 + next() % 300; /* small vocabularies share many terms */
		for (int s = 0; s < 2; s++) {
			uint64_t *h = malloc(200 * sizeof(uint64_t));
			uint32_t m = (uint32_t)(next() % 200);
			for (uint32_t i = 0; i < m; i++) h[i] = (next() % voc) * 0x9E3779B97F4A7C15ULL;
			qsort(h, m, sizeof(uint64_t), cmp_u64);
			t[s] = malloc(201 * sizeof(ns_term));
			n[s] = 0;
			for (uint32_t i = 0; i < m; i++)
				if (i == 0 || h[i] != h[i - 1]) {
					t[s][n[s]].term = h[i];
					t[s][n[s]].w = (float)(1 + next() % 1000) / 100;
					n[s]++;
				}
			unit_vec(&v[s], t[s], n[s]);
			free(h);
		}
		double got = ns_termvec_cosine(&v[0], &v[1]), want = cos_brute(&v[0], &v[1]);
		if (fabs(got - want) > COS_EPS) bad++;
		if (got != ns_termvec_cosine(&v[1], &v[0])) asym++;
		if (got > 1 + COS_EPS || got < 0) over++;
		if (n[0] && fabs(ns_termvec_cosine(&v[0], &v[0]) - 1) > COS_EPS) bad++;
		free(t[0]);
		free(t[1]);
	}
	CHECK_EQ_U(bad, 0);
	CHECK_EQ_U(asym, 0);
	CHECK_EQ_U(over, 0);
}

/* Word skeletons (--fuzzy-tokens): what letter noise changes maps back. */
static void skel_is(const char *w, const char *want)
{
	char out[64];
	size_t n = ns_token_skeleton(w, strlen(w), out);
	out[n] = 0;
	CHECK_STR(out, want);
}

static void test_skeleton(void)
{
	skel_is("world", "wrld");
	skel_is("wor1d", "wrld");  /* l read as 1 */
	skel_is("wrold", "wrld");  /* a vowel moved */
	skel_is("worrld", "wrld"); /* a letter doubled */
	skel_is("modern", "mdm");  /* its "rn" reads as m too */
	skel_is("rnodem", "mdm");  /* m read as rn */
	skel_is("clue", "d");      /* d read as cl */
	skel_is("aeiou", "_");     /* nothing left */
	skel_is("h\xc3\xa9llo", "h\xc3\xa9l"); /* bytes above ASCII stay */
	skel_is("vvorld", "wrld");
	skel_is("bread", "hrd");   /* b and h confused */
}

/* Sentence alignment: an abridged, reworded copy is found sentence by
 * sentence; another report of the same event is not. */
static void test_align(void)
{
	const char *orig =
	    "The city council voted on Tuesday to close the old harbour bridge for repairs.\n\n"
	    "Engineers found cracks in two of the main supports during an inspection last month.\n\n"
	    "The bridge carries about 12,000 cars a day, and traffic will be sent through the tunnel.\n\n"
	    "Work is expected to take eight months and cost 4.2 million euros, the mayor said.\n\n"
	    "Shop owners near the bridge said they feared losing customers during the closure.";
	/* two sentences dropped, words changed in the rest */
	const char *copy =
	    "The city council voted on Tuesday to shut the old harbour bridge for repairs.\n\n"
	    "The bridge carries around 12,000 cars a day, and traffic will then be sent through the tunnel.\n\n"
	    "Work is anticipated to take eight months and cost 4.2 million euros, the mayor stated.";
	/* the same event, written anew: names and a number shared, no sentence */
	const char *other =
	    "Drivers face long detours after the harbour bridge was closed by a council vote.\n\n"
	    "Cracks discovered last month in the supports forced the decision, officials explained.\n\n"
	    "The mayor put the bill at 4.2 million euros and said the tunnel would take the traffic.";
	ns_align_scratch *s = ns_align_scratch_create();
	double a = -1, b = -1, c = -1, d = -1;
	CHECK(s != NULL);
	CHECK(ns_align_share(copy, strlen(copy), orig, strlen(orig), s, &a) == NS_OK);
	CHECK(ns_align_share(orig, strlen(orig), copy, strlen(copy), s, &b) == NS_OK);
	CHECK(ns_align_share(other, strlen(other), orig, strlen(orig), s, &c) == NS_OK);
	CHECK(ns_align_share("Too short.", 10, orig, strlen(orig), s, &d) == NS_OK);
	CHECK_NEAR(a, 1.0, 1e-9); /* every sentence of the copy is found */
	CHECK_NEAR(b, a, 1e-12);  /* the shorter text is measured either way */
	CHECK(c < 0.5);
	CHECK_NEAR(d, 0.0, 1e-12);
	/* one sentence of three rewritten beyond recognition */
	const char *part =
	    "The city council voted on Tuesday to shut the old harbour bridge for repairs.\n\n"
	    "Motorists will have to find other ways into town for most of the year.\n\n"
	    "Work is anticipated to take eight months and cost 4.2 million euros, the mayor stated.";
	CHECK(ns_align_share(part, strlen(part), orig, strlen(orig), s, &a) == NS_OK);
	CHECK(a > 0.5 && a < 0.8);
	ns_align_scratch_destroy(s);
}

int main(void)
{
	test_align();
	test_skeleton();
	test_coverage_known();
	test_coverage_random();
	test_avg_known();
	test_avg_levels();
	test_avg_random();
	test_counts();
	test_cosine();
	return TEST_DONE();
}
