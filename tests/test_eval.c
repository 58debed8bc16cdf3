/* newsift — tests for the clustering scores: hand-computed known answers,
 * a brute-force O(n^2) cross-check on random labels (fixed seed), a large
 * structured case with a closed form, and the TSV reader on small files in a
 * temporary directory. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "newsift/eval.h"
#include "check.h"

#define EPS 1e-12
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static ns_eval_result score(const uint32_t *g, const uint32_t *p, size_t n)
{
	ns_eval_result r;
	ns_status st = ns_eval_labels(g, p, n, &r);
	CHECK(st == NS_OK);
	return r;
}

static void check_perfect(const ns_eval_result *r)
{
	CHECK_NEAR(r->precision, 1.0, EPS);
	CHECK_NEAR(r->recall, 1.0, EPS);
	CHECK_NEAR(r->f1, 1.0, EPS);
	CHECK_NEAR(r->ari, 1.0, EPS);
	CHECK_NEAR(r->bcubed_p, 1.0, EPS);
	CHECK_NEAR(r->bcubed_r, 1.0, EPS);
	CHECK_NEAR(r->bcubed_f1, 1.0, EPS);
}

static void test_identical(void)
{
	/* Clusters {0,1} {2,3,4} {5}; pred uses other label values for the same
	 * partition.  gold_pairs = pred_pairs = true_pairs = C(2)+C(3)+C(1) = 4. */
	const uint32_t g[] = {0, 0, 1, 1, 1, 2};
	const uint32_t p[] = {5, 5, 7, 7, 7, 9};
	ns_eval_result r = score(g, p, ARRAY_LEN(g));
	CHECK_EQ_U(r.n, 6);
	CHECK_EQ_U(r.gold_pairs, 4);
	CHECK_EQ_U(r.pred_pairs, 4);
	CHECK_EQ_U(r.true_pairs, 4);
	check_perfect(&r);
}

static void test_singletons_vs_one(void)
{
	/* gold all singletons, pred one cluster of 4:
	 * gold_pairs 0, pred_pairs C(4) = 6, true_pairs 0.
	 * P = 0/6 = 0; R = 1 (no gold pairs); F1 = 0.
	 * ARI: N = 6, E = 0*6/6 = 0, max = (0+6)/2 = 3, ARI = (0-0)/(3-0) = 0.
	 * B-cubed: each item's pred cluster has 4 items, 1 of them in its gold
	 * cluster: precision 1/4; recall 1/1.  F1 = 2(1/4)/(5/4) = 0.4. */
	const uint32_t g[] = {0, 1, 2, 3};
	const uint32_t p[] = {9, 9, 9, 9};
	ns_eval_result r = score(g, p, 4);
	CHECK_EQ_U(r.gold_pairs, 0);
	CHECK_EQ_U(r.pred_pairs, 6);
	CHECK_EQ_U(r.true_pairs, 0);
	CHECK_NEAR(r.precision, 0.0, EPS);
	CHECK_NEAR(r.recall, 1.0, EPS);
	CHECK_NEAR(r.f1, 0.0, EPS);
	CHECK_NEAR(r.ari, 0.0, EPS);
	CHECK_NEAR(r.bcubed_p, 0.25, EPS);
	CHECK_NEAR(r.bcubed_r, 1.0, EPS);
	CHECK_NEAR(r.bcubed_f1, 0.4, EPS);

	/* The mirror image swaps precision and recall. */
	r = score(p, g, 4);
	CHECK_EQ_U(r.gold_pairs, 6);
	CHECK_EQ_U(r.pred_pairs, 0);
	CHECK_NEAR(r.precision, 1.0, EPS);
	CHECK_NEAR(r.recall, 0.0, EPS);
	CHECK_NEAR(r.f1, 0.0, EPS);
	CHECK_NEAR(r.ari, 0.0, EPS);
	CHECK_NEAR(r.bcubed_p, 1.0, EPS);
	CHECK_NEAR(r.bcubed_r, 0.25, EPS);
	CHECK_NEAR(r.bcubed_f1, 0.4, EPS);
}

static void test_degenerate(void)
{
	/* Both all singletons: no pairs anywhere, P = R = 1 by definition, and
	 * the ARI denominator 0.5(0+0) - 0 is zero with identical partitions. */
	const uint32_t s1[] = {1, 2, 3}, s2[] = {7, 8, 9};
	ns_eval_result r = score(s1, s2, 3);
	CHECK_EQ_U(r.gold_pairs, 0);
	CHECK_EQ_U(r.pred_pairs, 0);
	check_perfect(&r);

	/* Both one cluster: G = P = T = N = 3, E = 3*3/3 = 3, max = 3: 0/0. */
	const uint32_t o1[] = {4, 4, 4}, o2[] = {0, 0, 0};
	r = score(o1, o2, 3);
	CHECK_EQ_U(r.true_pairs, 3);
	check_perfect(&r);

	/* One item, and no items at all: nothing to get wrong. */
	r = score(o1, s2, 1);
	CHECK_EQ_U(r.n, 1);
	check_perfect(&r);
	r = score(NULL, NULL, 0);
	CHECK_EQ_U(r.n, 0);
	check_perfect(&r);
}

static void test_classic(void)
{
	/* gold {a,a,a,b,b,b}, pred {x,x,y,y,z,z}.  Contingency:
	 *        x  y  z | a_i
	 *    a   2  1  0 |  3
	 *    b   0  1  2 |  3
	 *   b_j  2  2  2 |  6
	 * T = C(2)+C(1)+C(1)+C(2) = 2; G = C(3)+C(3) = 6; P = 3*C(2) = 3; N = C(6) = 15.
	 * Pairwise P = 2/3, R = 2/6 = 1/3, F1 = 2(2/9)/(1) = 4/9.
	 * ARI: E = 6*3/15 = 1.2, max = (6+3)/2 = 4.5,
	 *      ARI = (2-1.2)/(4.5-1.2) = 0.8/3.3 = 8/33.
	 * B-cubed precision per item: items 0,1 (a,x): 2/2; item 2 (a,y): 1/2;
	 *   item 3 (b,y): 1/2; items 4,5 (b,z): 2/2.  Mean (4 + 1)/6 = 5/6.
	 * B-cubed recall: items 0,1: 2/3; item 2: 1/3; item 3: 1/3; items 4,5: 2/3.
	 *   Mean (8/3 + 2/3)/6 = 5/9.
	 * F1 = 2(5/6)(5/9)/(5/6+5/9) = (50/54)/(25/18) = 2/3. */
	const uint32_t g[] = {0, 0, 0, 1, 1, 1};
	const uint32_t p[] = {10, 10, 20, 20, 30, 30};
	ns_eval_result r = score(g, p, 6);
	CHECK_EQ_U(r.true_pairs, 2);
	CHECK_EQ_U(r.gold_pairs, 6);
	CHECK_EQ_U(r.pred_pairs, 3);
	CHECK_NEAR(r.precision, 2.0 / 3, EPS);
	CHECK_NEAR(r.recall, 1.0 / 3, EPS);
	CHECK_NEAR(r.f1, 4.0 / 9, EPS);
	CHECK_NEAR(r.ari, 8.0 / 33, EPS);
	CHECK_NEAR(r.bcubed_p, 5.0 / 6, EPS);
	CHECK_NEAR(r.bcubed_r, 5.0 / 9, EPS);
	CHECK_NEAR(r.bcubed_f1, 2.0 / 3, EPS);
}

static void test_negative_ari(void)
{
	/* gold {0,0,1,1}, pred {0,1,0,1}: every cell holds one item.
	 * T = 0, G = P = 2, N = 6; E = 2*2/6 = 2/3, max = 2,
	 * ARI = (0 - 2/3)/(2 - 2/3) = -1/2.  Pairwise P = R = F1 = 0.
	 * B-cubed: every item shares its pred cluster (size 2) with one other
	 * item of another gold cluster: precision 1/2, recall 1/2, F1 1/2. */
	const uint32_t g[] = {0, 0, 1, 1};
	const uint32_t p[] = {0, 1, 0, 1};
	ns_eval_result r = score(g, p, 4);
	CHECK_NEAR(r.ari, -0.5, EPS);
	CHECK_NEAR(r.precision, 0.0, EPS);
	CHECK_NEAR(r.recall, 0.0, EPS);
	CHECK_NEAR(r.f1, 0.0, EPS);
	CHECK_NEAR(r.bcubed_p, 0.5, EPS);
	CHECK_NEAR(r.bcubed_r, 0.5, EPS);
	CHECK_NEAR(r.bcubed_f1, 0.5, EPS);
}

static void test_bcubed(void)
{
	/* gold {A,A,A,A,B,B}, pred {1,1,1,2,2,2}; items in input order.
	 * items 0-2 (A,1): P = {0,1,2}, G = {0..3}, P∩G = 3: prec 3/3, rec 3/4.
	 * item 3 (A,2):    P = {3,4,5}, G = {0..3}, P∩G = 1: prec 1/3, rec 1/4.
	 * items 4,5 (B,2): P = {3,4,5}, G = {4,5},  P∩G = 2: prec 2/3, rec 2/2.
	 * B-P = (3 + 1/3 + 4/3)/6 = 7/9;  B-R = (9/4 + 1/4 + 2)/6 = 3/4;
	 * B-F1 = 2(7/9)(3/4)/(7/9 + 3/4) = (42/36)/(55/36) = 42/55.
	 * Pairwise: cells 3,1,2 -> T = 3+0+1 = 4; G = C(4)+C(2) = 7;
	 * P = C(3)+C(3) = 6.  P = 2/3, R = 4/7, F1 = (16/21)/(26/21) = 8/13.
	 * ARI: N = 15, E = 7*6/15 = 2.8, max = 6.5, ARI = 1.2/3.7 = 12/37. */
	const uint32_t g[] = {0, 0, 0, 0, 1, 1};
	const uint32_t p[] = {1, 1, 1, 2, 2, 2};
	ns_eval_result r = score(g, p, 6);
	CHECK_EQ_U(r.true_pairs, 4);
	CHECK_EQ_U(r.gold_pairs, 7);
	CHECK_EQ_U(r.pred_pairs, 6);
	CHECK_NEAR(r.bcubed_p, 7.0 / 9, EPS);
	CHECK_NEAR(r.bcubed_r, 3.0 / 4, EPS);
	CHECK_NEAR(r.bcubed_f1, 42.0 / 55, EPS);
	CHECK_NEAR(r.precision, 2.0 / 3, EPS);
	CHECK_NEAR(r.recall, 4.0 / 7, EPS);
	CHECK_NEAR(r.f1, 8.0 / 13, EPS);
	CHECK_NEAR(r.ari, 12.0 / 37, EPS);
}

static void test_wide_labels(void)
{
	/* Labels that differ only in high bytes exercise every radix pass; the
	 * partition is the classic one above, so the answers are the same. */
	const uint32_t g[] = {0xFF000000u, 0xFF000000u, 0xFF000000u, 0x00FF0000u, 0x00FF0000u, 0x00FF0000u};
	const uint32_t p[] = {UINT32_MAX, UINT32_MAX, 0x80000000u, 0x80000000u, 0u, 0u};
	ns_eval_result r = score(g, p, 6);
	CHECK_EQ_U(r.true_pairs, 2);
	CHECK_NEAR(r.ari, 8.0 / 33, EPS);
	CHECK_NEAR(r.bcubed_f1, 2.0 / 3, EPS);
}

static void test_too_many(void)
{
#if SIZE_MAX > UINT32_MAX
	/* n is checked before the arrays are touched. */
	ns_eval_result r;
	CHECK(ns_eval_labels(NULL, NULL, (size_t)UINT32_MAX + 1, &r) == NS_ERR_OPTION);
#endif
}

/* ---- brute force ------------------------------------------------------- */

static uint64_t rng_state;
static uint32_t rng(void) /* splitmix64, high half */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static void brute(const uint32_t *g, const uint32_t *p, size_t n)
{
	/* Pair counts straight from the definition, ARI in the 2x2 pair
	 * confusion form (Steinley 2004), a formula independent of the
	 * contingency one: ARI = 2(tp*tn - fn*fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)). */
	uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
	double bp = 0, br = 0;
	for (size_t i = 0; i < n; i++) {
		size_t same_p = 0, same_g = 0, both = 0;
		for (size_t j = 0; j < n; j++) {
			int sg = g[i] == g[j], sp = p[i] == p[j];
			same_g += (size_t)sg;
			same_p += (size_t)sp;
			both += (size_t)(sg && sp);
			if (j <= i) continue;
			if (sg && sp) tp++;
			else if (sp) fp++;
			else if (sg) fn++;
			else tn++;
		}
		bp += (double)both / (double)same_p;
		br += (double)both / (double)same_g;
	}
	ns_eval_result r = score(g, p, n);
	CHECK_EQ_U(r.true_pairs, tp);
	CHECK_EQ_U(r.pred_pairs, tp + fp);
	CHECK_EQ_U(r.gold_pairs, tp + fn);
	double P = tp + fp ? (double)tp / (double)(tp + fp) : 1.0;
	double R = tp + fn ? (double)tp / (double)(tp + fn) : 1.0;
	CHECK_NEAR(r.precision, P, EPS);
	CHECK_NEAR(r.recall, R, EPS);
	CHECK_NEAR(r.f1, P + R > 0 ? 2 * P * R / (P + R) : 0.0, EPS);
	double den = (double)(tp + fn) * (double)(fn + tn) + (double)(tp + fp) * (double)(fp + tn);
	double ari = den ? 2.0 * ((double)tp * (double)tn - (double)fn * (double)fp) / den : 1.0;
	CHECK_NEAR(r.ari, ari, 1e-9);
	CHECK_NEAR(r.bcubed_p, bp / (double)n, 1e-9);
	CHECK_NEAR(r.bcubed_r, br / (double)n, 1e-9);
}

static void test_random(void)
{
	/* Sizes and label ranges chosen to cover mostly-singletons, a few big
	 * clusters, and labels spread over the whole uint32 range. */
	static const struct { size_t n; uint32_t gk, pk; } cases[] = {
		{2, 2, 2}, {7, 3, 2}, {50, 5, 8}, {200, 40, 30}, {300, 300, 300},
		{400, 3, 50}, {500, 0, 0}, {999, 100, 7},
	};
	rng_state = 20261125;
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		size_t n = cases[c].n;
		uint32_t *g = malloc(n * sizeof *g), *p = malloc(n * sizeof *p);
		CHECK(g && p);
		if (!g || !p) { free(g); free(p); return; }
		for (size_t i = 0; i < n; i++) {
			/* range 0 means "any uint32" */
			g[i] = cases[c].gk ? rng() % cases[c].gk : rng();
			/* pred: mostly a relabelled gold, sometimes a random label */
			p[i] = cases[c].pk ? (rng() % 4 ? g[i] * 2654435761u : rng() % cases[c].pk) : rng();
		}
		brute(g, p, n);
		free(g);
		free(p);
	}
}

static void test_large(void)
{
	/* n = 2^20 items; gold clusters of 4 consecutive items, each split into
	 * two pred clusters of 2.  Per gold cluster: C(4) = 6 gold pairs, 2 pred
	 * pairs, both true.  So T = P = n/2, G = 6n/4 = 3n/2, precision 1,
	 * recall 1/3, B-cubed precision 1, recall 2/4 = 1/2. */
	const size_t n = (size_t)1 << 20;
	uint32_t *g = malloc(n * sizeof *g), *p = malloc(n * sizeof *p);
	CHECK(g && p);
	if (!g || !p) { free(g); free(p); return; }
	for (size_t i = 0; i < n; i++) {
		/* scatter the gold labels over uint32 so the sort has work to do */
		g[i] = (uint32_t)(n - 1 - i / 4) * 2654435761u;
		p[i] = (uint32_t)(i / 2);
	}
	ns_eval_result r = score(g, p, n);
	CHECK_EQ_U(r.true_pairs, n / 2);
	CHECK_EQ_U(r.pred_pairs, n / 2);
	CHECK_EQ_U(r.gold_pairs, 3 * n / 2);
	CHECK_NEAR(r.precision, 1.0, EPS);
	CHECK_NEAR(r.recall, 1.0 / 3, EPS);
	CHECK_NEAR(r.bcubed_p, 1.0, EPS);
	CHECK_NEAR(r.bcubed_r, 0.5, EPS);
	/* ARI = (T - E)/(max - E) with N = C(n), E = G*P/N. */
	double N = (double)n * (double)(n - 1) / 2, G = 1.5 * (double)n, P = 0.5 * (double)n;
	double E = G * P / N;
	CHECK_NEAR(r.ari, (P - E) / (0.5 * (G + P) - E), 1e-12);
	free(g);
	free(p);
}

/* ---- files ------------------------------------------------------------- */

static char tmpdir[64];
static char *paths[32];
static size_t npaths;

static const char *write_file(const char *name, const char *content)
{
	char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
	if (!path) return "/nonexistent";
	sprintf(path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(content, 1, strlen(content), f) == strlen(content));
		CHECK(fclose(f) == 0);
	}
	if (npaths < ARRAY_LEN(paths)) paths[npaths++] = path;
	return path;
}

/* Does err start with "path:line:"? */
static void check_err_at(const char *err, const char *path, unsigned line)
{
	char want[512];
	snprintf(want, sizeof want, "%s:%u:", path, line);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	if (strncmp(err, want, strlen(want))) fprintf(stderr, "  got: %s\n  want prefix: %s\n", err, want);
}

static const char GOLD[] =
	"id\tdup_group\tstory\n"
	"a\tg1\ts1\n"
	"b\tg1\ts1\n"
	"c\tg2\ts1\n"
	"d\tg3\ts2\n";

static void test_files(void)
{
	char err[512];
	ns_eval_result r;
	const char *gold = write_file("gold.tsv", GOLD);

	/* Columns in another order, an extra column, CRLF line ends, no final
	 * line end; d is missing (a singleton), e is extra (twice, counted
	 * once), and b appears twice: the first row stands.
	 * dup_group: pred clusters {a,b,c} {d}, gold {a,b} {c} {d}.
	 *   T = 1, G = 1, P = C(3) = 3, N = C(4) = 6.  P = 1/3, R = 1.
	 *   ARI: E = 1*3/6 = 0.5, max = 2, ARI = 0.5/1.5 = 1/3.
	 * story: pred {a,b,c} {d} equals gold {a,b,c} {d}: all 1. */
	const char *pred = write_file("pred.tsv",
		"story\tscore\tid\tdup_group\r\n"
		"S\t0.9\ta\tX\r\n"
		"S\t0.8\tb\tX\r\n"
		"e1\t0.1\te\tZ\r\n"
		"T\t0.5\tb\tY\r\n"
		"S\t0.7\tc\tX\r\n"
		"e1\t0.1\te\tZ");
	CHECK(ns_eval_files(pred, gold, "dup_group", &r, err, sizeof err) == NS_OK);
	CHECK_EQ_U(r.n, 4);
	CHECK_EQ_U(r.missing, 1);
	CHECK_EQ_U(r.extra, 1);
	CHECK_EQ_U(r.true_pairs, 1);
	CHECK_EQ_U(r.gold_pairs, 1);
	CHECK_EQ_U(r.pred_pairs, 3);
	CHECK_NEAR(r.precision, 1.0 / 3, EPS);
	CHECK_NEAR(r.recall, 1.0, EPS);
	CHECK_NEAR(r.ari, 1.0 / 3, EPS);

	CHECK(ns_eval_files(pred, gold, "story", &r, err, sizeof err) == NS_OK);
	CHECK_EQ_U(r.missing, 1);
	CHECK_EQ_U(r.extra, 1);
	CHECK_EQ_U(r.true_pairs, 3);
	check_perfect(&r);

	/* The gold scored against itself, with a byte-order mark on the pred
	 * header: every id found, nothing extra. */
	char bom[sizeof GOLD + 3] = "\xEF\xBB\xBF";
	strcat(bom, GOLD);
	const char *self = write_file("self.tsv", bom);
	CHECK(ns_eval_files(self, gold, "dup_group", &r, err, sizeof err) == NS_OK);
	CHECK_EQ_U(r.missing, 0);
	CHECK_EQ_U(r.extra, 0);
	check_perfect(&r);

	/* A pred with no rows: every gold id is a singleton.  dup_group gold has
	 * one pair, pred none: P = 1, R = 0, ARI = 0 (E = 0, max = 0.5). */
	const char *empty_pred = write_file("empty_pred.tsv", "id\tdup_group\n");
	CHECK(ns_eval_files(empty_pred, gold, "dup_group", &r, err, sizeof err) == NS_OK);
	CHECK_EQ_U(r.missing, 4);
	CHECK_NEAR(r.precision, 1.0, EPS);
	CHECK_NEAR(r.recall, 0.0, EPS);
	CHECK_NEAR(r.ari, 0.0, EPS);
}

static void test_files_many(void)
{
	/* Enough ids to make the id and label tables grow several times.  Gold
	 * clusters are runs of 3; the prediction, written in reverse order,
	 * merges gold clusters in twos (runs of 6) and leaves every tenth id out.
	 * The same partition built directly as label arrays must score the same. */
	enum { MANY = 5000, MISSING_EVERY = 10 };
	ns_buf gb = {0}, pb = {0};
	uint32_t *g = malloc(MANY * sizeof *g), *p = malloc(MANY * sizeof *p);
	int ok = g && p && !ns_buf_put(&gb, "id\tdup_group\n", 13) && !ns_buf_put(&pb, "dup_group\tid\n", 13);
	for (unsigned i = 0; ok && i < MANY; i++) {
		char row[64];
		snprintf(row, sizeof row, "doc%05u\tg%u\n", i, i / 3);
		ok = !ns_buf_put(&gb, row, strlen(row));
		g[i] = i / 3;
		unsigned j = MANY - 1 - i; /* reverse order */
		if (j % MISSING_EVERY) {
			snprintf(row, sizeof row, "p%u\tdoc%05u\n", j / 6, j);
			ok = ok && !ns_buf_put(&pb, row, strlen(row));
		}
		p[i] = i % MISSING_EVERY ? i / 6 : MANY + i; /* missing: a label of its own */
	}
	CHECK(ok);
	if (ok) {
		const char *gold = write_file("many_gold.tsv", gb.p), *pred = write_file("many_pred.tsv", pb.p);
		char err[512];
		ns_eval_result r, want = score(g, p, MANY);
		CHECK(ns_eval_files(pred, gold, "dup_group", &r, err, sizeof err) == NS_OK);
		CHECK_EQ_U(r.n, MANY);
		CHECK_EQ_U(r.missing, MANY / MISSING_EVERY);
		CHECK_EQ_U(r.extra, 0);
		CHECK_EQ_U(r.true_pairs, want.true_pairs);
		CHECK_EQ_U(r.gold_pairs, want.gold_pairs);
		CHECK_EQ_U(r.pred_pairs, want.pred_pairs);
		CHECK_NEAR(r.ari, want.ari, EPS);
		CHECK_NEAR(r.f1, want.f1, EPS);
		CHECK_NEAR(r.bcubed_p, want.bcubed_p, EPS);
		CHECK_NEAR(r.bcubed_r, want.bcubed_r, EPS);
	}
	ns_buf_free(&gb);
	ns_buf_free(&pb);
	free(g);
	free(p);
}

static void test_file_errors(void)
{
	char err[512];
	ns_eval_result r;
	const char *gold = write_file("gold2.tsv", GOLD);
	const char *pred = write_file("pred2.tsv", "id\tdup_group\na\tX\n");

	/* A column neither file has. */
	CHECK(ns_eval_files(pred, gold, "cluster", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, gold, 1);
	CHECK(strstr(err, "'cluster'") != NULL);

	/* The pred lacks "story". */
	CHECK(ns_eval_files(pred, gold, "story", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, pred, 1);

	/* No "id" column. */
	const char *noid = write_file("noid.tsv", "ident\tdup_group\na\tX\n");
	CHECK(ns_eval_files(noid, gold, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, noid, 1);
	CHECK(strstr(err, "'id'") != NULL);

	/* A repeated header name. */
	const char *twice = write_file("twice.tsv", "id\tdup_group\tid\na\tX\ta\n");
	CHECK(ns_eval_files(twice, gold, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, twice, 1);

	/* Duplicate gold id on line 4. */
	const char *dup = write_file("dup.tsv", "id\tdup_group\na\tg1\nb\tg1\na\tg2\n");
	CHECK(ns_eval_files(pred, dup, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, dup, 4);
	CHECK(strstr(err, "duplicate id 'a'") != NULL);

	/* A row too short for the label column, on line 3 of the pred. */
	const char *shortrow = write_file("short.tsv", "dup_group\tid\tstory\nX\ta\ts\nY\tb\n");
	CHECK(ns_eval_files(shortrow, gold, "story", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, shortrow, 3);
	/* ... which is long enough when only dup_group is needed. */
	CHECK(ns_eval_files(shortrow, gold, "dup_group", &r, err, sizeof err) == NS_OK);
	CHECK_EQ_U(r.missing, 2);

	/* An empty line is a short row, an empty id is an error. */
	const char *blank = write_file("blank.tsv", "id\tdup_group\na\tX\n\nb\tX\n");
	CHECK(ns_eval_files(blank, gold, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, blank, 3);
	const char *noname = write_file("noname.tsv", "id\tdup_group\n\tX\n");
	CHECK(ns_eval_files(noname, gold, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, noname, 2);

	/* An empty file has no header. */
	const char *empty = write_file("empty.tsv", "");
	CHECK(ns_eval_files(pred, empty, "dup_group", &r, err, sizeof err) == NS_ERR_FORMAT);
	check_err_at(err, empty, 1);

	/* A file that is not there, either side; err may also be NULL. */
	char missing[128];
	snprintf(missing, sizeof missing, "%s/no-such-file.tsv", tmpdir);
	CHECK(ns_eval_files(missing, gold, "dup_group", &r, err, sizeof err) == NS_ERR_OPEN);
	CHECK(strncmp(err, missing, strlen(missing)) == 0);
	CHECK(ns_eval_files(pred, missing, "dup_group", &r, err, sizeof err) == NS_ERR_OPEN);
	CHECK(ns_eval_files(pred, missing, "dup_group", &r, NULL, 0) == NS_ERR_OPEN);

	/* A directory opens but cannot be read: an I/O error on line 1. */
	CHECK(ns_eval_files(tmpdir, gold, "dup_group", &r, err, sizeof err) == NS_ERR_IO);
	check_err_at(err, tmpdir, 1);
}

int main(void)
{
	test_identical();
	test_singletons_vs_one();
	test_degenerate();
	test_classic();
	test_negative_ari();
	test_bcubed();
	test_wide_labels();
	test_too_many();
	test_random();
	test_large();

	snprintf(tmpdir, sizeof tmpdir, "/tmp/newsift-test-eval-XXXXXX");
	const char *tmpenv = getenv("TMPDIR");
	if (tmpenv && strlen(tmpenv) + 32 < sizeof tmpdir)
		snprintf(tmpdir, sizeof tmpdir, "%s/newsift-test-eval-XXXXXX", tmpenv);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_files();
	test_files_many();
	test_file_errors();
	for (size_t i = 0; i < npaths; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	rmdir(tmpdir);
	return TEST_DONE();
}
