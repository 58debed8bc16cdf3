/* Grouping verified pairs: connected components (ns_cluster_components) and
 * pivot clustering (ns_cluster_pivot) on hand-made graphs with known groups,
 * and against brute force (breadth-first search; a direct pivot loop) on
 * random graphs from a fixed seed, with the edges given in several orders. */
#include <stdlib.h>
#include <string.h>
#include "newsift/newsift.h"
#include "check.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t next(void)
{
	return check_xorshift(&rng);
}

#define WEIGHT_STEPS 16 /* random weights are k / 16: sums of a few are exact, so orders of summing agree */

/* roots[v] = ns_uf_find of every vertex after clustering n vertices with
 * the components (pivot = 0) or pivot kernel. */
static int run_kernel(int pivot, size_t n, const ns_edge *e, size_t ne, uint32_t *roots)
{
	ns_uf u;
	if (ns_uf_init(&u, n) != NS_OK) return -1;
	ns_status st = pivot ? ns_cluster_pivot(&u, n, e, ne) : ns_cluster_components(&u, e, ne);
	for (size_t v = 0; v < n; v++) roots[v] = ns_uf_find(&u, (uint32_t)v);
	ns_uf_free(&u);
	return st == NS_OK ? 0 : -1;
}

static int same_roots(const uint32_t *x, const uint32_t *y, size_t n)
{
	return !memcmp(x, y, n * sizeof(uint32_t));
}

static ns_edge edge(uint32_t a, uint32_t b, float w)
{
	ns_edge x = {a, b, w, 0};
	return x;
}

/* The edges reversed in order and each one's ends swapped. */
static void reverse_edges(const ns_edge *e, size_t ne, ns_edge *out)
{
	for (size_t i = 0; i < ne; i++) {
		out[ne - 1 - i] = e[i];
		out[ne - 1 - i].a = e[i].b;
		out[ne - 1 - i].b = e[i].a;
	}
}

static void shuffle_edges(ns_edge *e, size_t ne)
{
	for (size_t i = ne; i > 1; i--) {
		size_t j = next() % i;
		ns_edge t = e[i - 1];
		e[i - 1] = e[j];
		e[j] = t;
		if (next() & 1) { uint32_t s = e[j].a; e[j].a = e[j].b; e[j].b = s; }
	}
}

static void test_components_known(void)
{
	enum { N = 10 };
	uint32_t r[N], r2[N];
	ns_edge rev[16];

	/* no edges: every vertex alone */
	CHECK(run_kernel(0, N, NULL, 0, r) == 0);
	for (uint32_t v = 0; v < N; v++) CHECK_EQ_U(r[v], v);

	/* a chain 9-8-...-4 given from its far end: one group rooted at 4 */
	ns_edge chain[] = {edge(9, 8, 1), edge(8, 7, 1), edge(7, 6, 1), edge(6, 5, 1), edge(5, 4, 1)};
	size_t nc = sizeof(chain) / sizeof(chain[0]);
	CHECK(run_kernel(0, N, chain, nc, r) == 0);
	for (uint32_t v = 0; v < N; v++) CHECK_EQ_U(r[v], v < 4 ? v : 4);
	reverse_edges(chain, nc, rev);
	CHECK(run_kernel(0, N, rev, nc, r2) == 0);
	CHECK(same_roots(r, r2, N));

	/* a star around 7 whose smallest member is a leaf (2), beside a pair
	 * {3, 6}, a self-loop on 5 and a repeated edge */
	ns_edge star[] = {edge(7, 9, 1), edge(7, 2, 0.5f), edge(6, 3, 1), edge(7, 8, 1), edge(5, 5, 1), edge(3, 6, 1)};
	size_t ns = sizeof(star) / sizeof(star[0]);
	const uint32_t want_star[N] = {0, 1, 2, 3, 4, 5, 3, 2, 2, 2};
	CHECK(run_kernel(0, N, star, ns, r) == 0);
	CHECK(same_roots(r, want_star, N));
	reverse_edges(star, ns, rev);
	CHECK(run_kernel(0, N, rev, ns, r2) == 0);
	CHECK(same_roots(r2, want_star, N));

	/* two chains joined last by an edge between their largest members:
	 * the merged root is still the smallest id of both */
	ns_edge two[] = {edge(8, 9, 1), edge(1, 9, 1), edge(3, 4, 1), edge(4, 0, 1), edge(4, 8, 1)};
	CHECK(run_kernel(0, N, two, sizeof(two) / sizeof(two[0]), r) == 0);
	const uint32_t want_two[N] = {0, 0, 2, 0, 0, 5, 6, 7, 0, 0};
	CHECK(same_roots(r, want_two, N));
}

/* Brute-force components: breadth-first search from every unvisited vertex
 * in ascending order, so the label of a component is its smallest vertex. */
static void bfs_components(size_t n, const ns_edge *e, size_t ne, uint32_t *label)
{
	uint32_t *queue = malloc((n + 1) * sizeof(uint32_t));
	for (size_t v = 0; v < n; v++) label[v] = UINT32_MAX;
	for (size_t s = 0; s < n; s++) {
		if (label[s] != UINT32_MAX) continue;
		size_t qh = 0, qt = 0;
		queue[qt++] = (uint32_t)s;
		label[s] = (uint32_t)s;
		while (qh < qt) {
			uint32_t x = queue[qh++];
			for (size_t i = 0; i < ne; i++) {
				uint32_t y = e[i].a == x ? e[i].b : e[i].b == x ? e[i].a : UINT32_MAX;
				if (y == UINT32_MAX || label[y] != UINT32_MAX) continue;
				label[y] = (uint32_t)s;
				queue[qt++] = y;
			}
		}
	}
	free(queue);
}

/* A random graph on n vertices: ne edges, weights k / WEIGHT_STEPS. */
static void random_edges(size_t n, ns_edge *e, size_t ne)
{
	for (size_t i = 0; i < ne; i++)
		e[i] = edge((uint32_t)(next() % n), (uint32_t)(next() % n),
		            (float)(1 + next() % WEIGHT_STEPS) / WEIGHT_STEPS);
}

static void test_components_random(void)
{
	size_t sizes[] = {1, 2, 7, 60, 300};
	int bad = 0, rounds = 0;
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
		for (int rep = 0; rep < 20; rep++) {
			size_t n = sizes[si], ne = next() % (n + n / 2 + 1); /* from no edges to one giant part */
			ns_edge *e = malloc((ne + 1) * sizeof(ns_edge));
			uint32_t *want = malloc(n * sizeof(uint32_t)), *got = malloc(n * sizeof(uint32_t));
			random_edges(n, e, ne);
			bfs_components(n, e, ne, want);
			for (int order = 0; order < 3; order++) {
				if (order) shuffle_edges(e, ne);
				if (run_kernel(0, n, e, ne, got) || !same_roots(got, want, n)) bad++;
				rounds++;
			}
			free(e);
			free(want);
			free(got);
		}
	CHECK_EQ_U(bad, 0);
	CHECK_EQ_U(rounds, 5 * 20 * 3);
}

static void test_pivot_known(void)
{
	enum { N = 8 };
	uint32_t r[N], r2[N];
	ns_edge rev[8];

	/* no edges: nothing joined */
	CHECK(run_kernel(1, N, NULL, 0, r) == 0);
	for (uint32_t v = 0; v < N; v++) CHECK_EQ_U(r[v], v);
	CHECK(run_kernel(1, 0, NULL, 0, r) == 0);

	/* the path 0-1-2-3-4, equal weights: degrees 1 2 2 2 1, so 1 is the
	 * first centre (tie with 2 and 3 to the smaller index) and takes 0 and
	 * 2; then 3 takes 4.  Components would chain all five. */
	ns_edge path[] = {edge(0, 1, 1), edge(1, 2, 1), edge(2, 3, 1), edge(3, 4, 1)};
	size_t np = sizeof(path) / sizeof(path[0]);
	const uint32_t want_path[N] = {0, 0, 0, 3, 3, 5, 6, 7};
	CHECK(run_kernel(1, N, path, np, r) == 0);
	CHECK(same_roots(r, want_path, N));
	reverse_edges(path, np, rev);
	CHECK(run_kernel(1, N, rev, np, r2) == 0);
	CHECK(same_roots(r2, want_path, N));
	CHECK(run_kernel(0, N, path, np, r) == 0);
	CHECK_EQ_U(r[4], 0);

	/* weights decide the centre: 2 (degree 1.25) before 1 (degree 1.0);
	 * 2 takes 1 and 3, and 0, whose only neighbour is taken, stays alone */
	ns_edge wt[] = {edge(0, 1, 0.75f), edge(1, 2, 0.25f), edge(2, 3, 1.0f)};
	const uint32_t want_wt[N] = {0, 1, 1, 1, 4, 5, 6, 7};
	CHECK(run_kernel(1, N, wt, 3, r) == 0);
	CHECK(same_roots(r, want_wt, N));
	/* with 2-3 lighter, 1 leads (1.0 against 0.75) and takes 0 and 2; 3 alone */
	wt[2].w = 0.5f;
	const uint32_t want_wt2[N] = {0, 0, 0, 3, 4, 5, 6, 7};
	CHECK(run_kernel(1, N, wt, 3, r) == 0);
	CHECK(same_roots(r, want_wt2, N));

	/* a star around 6 with leaves 1, 4, 7 and a light edge 4-5: 6 leads and
	 * takes its leaves; 5 then has no free neighbour.  Root: the smallest
	 * member (1), not the centre. */
	ns_edge star[] = {edge(6, 1, 1), edge(4, 6, 1), edge(7, 6, 1), edge(4, 5, 0.5f)};
	const uint32_t want_star[N] = {0, 1, 2, 3, 1, 5, 1, 1};
	CHECK(run_kernel(1, N, star, 4, r) == 0);
	CHECK(same_roots(r, want_star, N));

	/* a triangle plus a tail 2-3-4: 2 has the largest degree and takes 0, 1
	 * and 3; 4 stays alone */
	ns_edge tri[] = {edge(0, 1, 1), edge(1, 2, 1), edge(0, 2, 1), edge(2, 3, 1), edge(3, 4, 1)};
	const uint32_t want_tri[N] = {0, 0, 0, 0, 4, 5, 6, 7};
	CHECK(run_kernel(1, N, tri, 5, r) == 0);
	CHECK(same_roots(r, want_tri, N));
}

/* Brute-force pivot: the unplaced vertex with edges of largest weighted
 * degree (summed in edge order, as doubles; ties to the smaller index) is
 * the next centre and takes all its unplaced neighbours.  label[v] = the
 * smallest member of v's group. */
static void brute_pivot(size_t n, const ns_edge *e, size_t ne, uint32_t *label)
{
	double *deg = calloc(n + 1, sizeof(double));
	uint8_t *has = calloc(n + 1, 1), *placed = calloc(n + 1, 1);
	uint32_t *centre = malloc((n + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < ne; i++) {
		deg[e[i].a] += e[i].w;
		deg[e[i].b] += e[i].w;
		has[e[i].a] = has[e[i].b] = 1;
	}
	for (size_t v = 0; v < n; v++) centre[v] = (uint32_t)v;
	for (;;) {
		size_t c = SIZE_MAX;
		for (size_t v = 0; v < n; v++)
			if (has[v] && !placed[v] && (c == SIZE_MAX || deg[v] > deg[c])) c = v;
		if (c == SIZE_MAX) break;
		placed[c] = 1;
		for (size_t i = 0; i < ne; i++) {
			uint32_t m = e[i].a == c ? e[i].b : e[i].b == c ? e[i].a : UINT32_MAX;
			if (m == UINT32_MAX || placed[m]) continue;
			placed[m] = 1;
			centre[m] = (uint32_t)c;
		}
	}
	for (size_t v = 0; v < n; v++) label[v] = UINT32_MAX;
	for (size_t v = 0; v < n; v++) /* ascending: the first member seen is the smallest */
		if (label[centre[v]] == UINT32_MAX) label[centre[v]] = (uint32_t)v;
	for (size_t v = 0; v < n; v++) label[v] = label[centre[v]];
	free(deg);
	free(has);
	free(placed);
	free(centre);
}

/* Is there an edge between x and y? */
static int linked(const ns_edge *e, size_t ne, uint32_t x, uint32_t y)
{
	for (size_t i = 0; i < ne; i++)
		if ((e[i].a == x && e[i].b == y) || (e[i].a == y && e[i].b == x)) return 1;
	return 0;
}

/* The promise of the pivot kernel itself, checked without a reference:
 * every group of two or more has a member linked to all the others (its
 * centre), groups lie inside components, and no edge joins two vertices
 * left alone (the first of them taken as a centre would have taken the
 * other). */
static int pivot_promise_holds(size_t n, const ns_edge *e, size_t ne, const uint32_t *root, const uint32_t *comp)
{
	size_t *gsize = calloc(n + 1, sizeof(size_t));
	int ok = 1;
	for (size_t v = 0; v < n; v++) {
		gsize[root[v]]++;
		if (comp[v] != comp[root[v]]) ok = 0;
	}
	for (size_t g = 0; g < n && ok; g++) {
		if (gsize[g] < 2) continue;
		int found = 0;
		for (size_t c = 0; c < n && !found; c++) {
			if (root[c] != g) continue;
			int all = 1;
			for (size_t m = 0; m < n && all; m++)
				if (m != c && root[m] == g && !linked(e, ne, (uint32_t)c, (uint32_t)m)) all = 0;
			found = all;
		}
		if (!found) ok = 0;
	}
	for (size_t i = 0; i < ne && ok; i++)
		if (e[i].a != e[i].b && gsize[root[e[i].a]] == 1 && gsize[root[e[i].b]] == 1) ok = 0;
	free(gsize);
	return ok;
}

static void test_pivot_random(void)
{
	size_t sizes[] = {1, 3, 12, 80, 250};
	int bad_ref = 0, bad_order = 0, bad_promise = 0, rounds = 0;
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
		for (int rep = 0; rep < 20; rep++) {
			size_t n = sizes[si], ne = next() % (2 * n + 1);
			ns_edge *e = malloc((ne + 1) * sizeof(ns_edge));
			uint32_t *want = malloc(n * sizeof(uint32_t)), *got = malloc(n * sizeof(uint32_t));
			uint32_t *first = malloc(n * sizeof(uint32_t)), *comp = malloc(n * sizeof(uint32_t));
			random_edges(n, e, ne);
			brute_pivot(n, e, ne, want);
			bfs_components(n, e, ne, comp);
			if (run_kernel(1, n, e, ne, first) || !same_roots(first, want, n)) bad_ref++;
			if (!pivot_promise_holds(n, e, ne, first, comp)) bad_promise++;
			/* degrees are exact sums here, so the order of the edges
			 * changes nothing */
			for (int order = 0; order < 2; order++) {
				shuffle_edges(e, ne);
				if (run_kernel(1, n, e, ne, got) || !same_roots(got, first, n)) bad_order++;
			}
			rounds++;
			free(e);
			free(want);
			free(got);
			free(first);
			free(comp);
		}
	CHECK_EQ_U(bad_ref, 0);
	CHECK_EQ_U(bad_order, 0);
	CHECK_EQ_U(bad_promise, 0);
	CHECK_EQ_U(rounds, 5 * 20);
}

/* First-article clustering straight from its definition: vertices in
 * order, each joins the earlier leader with the heaviest edge (ties to the
 * smaller; an outside leader, ext >= 0, is smaller than all), else leads;
 * label UINT32_MAX: joined an outside leader. */
static void brute_first(size_t n, const ns_edge *e, size_t ne, const float *ext, uint32_t *label)
{
	uint8_t *lead = calloc(n ? n : 1, 1);
	for (size_t v = 0; v < n; v++) {
		uint32_t best = UINT32_MAX;
		float bw = 0;
		for (size_t i = 0; i < ne; i++) {
			uint32_t a = e[i].a < e[i].b ? e[i].a : e[i].b, b = e[i].a < e[i].b ? e[i].b : e[i].a;
			if (b != v || a == b || !lead[a]) continue;
			if (best == UINT32_MAX || e[i].w > bw || (e[i].w == bw && a < best)) { best = a; bw = e[i].w; }
		}
		int out = ext && ext[v] >= 0 && (best == UINT32_MAX || ext[v] >= bw);
		label[v] = out ? UINT32_MAX : best == UINT32_MAX ? (uint32_t)v : best;
		lead[v] = best == UINT32_MAX && !out;
	}
	free(lead);
}

/* roots as ns_uf_find gives them, UINT32_MAX for a vertex that joined an
 * outside leader */
static int run_first(size_t n, const ns_edge *e, size_t ne, const float *ext, uint32_t *roots)
{
	ns_uf u;
	uint8_t joined[256];
	if (n > 256 || ns_uf_init(&u, n) != NS_OK) return -1;
	ns_status st = ns_cluster_first(&u, n, e, ne, ext, joined);
	for (size_t v = 0; v < n; v++) roots[v] = ext && joined[v] ? UINT32_MAX : ns_uf_find(&u, (uint32_t)v);
	ns_uf_free(&u);
	return st == NS_OK ? 0 : -1;
}

static void test_first(void)
{
	enum { N = 6 };
	uint32_t r[N];
	/* the path 0-1-2-3-4: 1 joins 0; 2 has no edge to a leader (1 is not
	 * one) and leads; 3 joins 2; 4 leads.  5 is alone. */
	ns_edge path[] = {edge(0, 1, 1), edge(1, 2, 1), edge(2, 3, 1), edge(3, 4, 1)};
	const uint32_t want[N] = {0, 0, 2, 2, 4, 5};
	CHECK(run_first(N, path, 4, NULL, r) == 0);
	CHECK(same_roots(r, want, N));
	/* the heavier edge wins: 2 is linked to leaders 0 (0.5) and 1 (0.9) */
	ns_edge two[] = {edge(0, 2, 0.5f), edge(1, 2, 0.9f)};
	const uint32_t want2[N] = {0, 1, 1, 3, 4, 5};
	CHECK(run_first(N, two, 2, NULL, r) == 0);
	CHECK(same_roots(r, want2, N));
	/* 0 joins an outside leader and so leads nothing: 2 joins 1; 3's only
	 * edge is to 2, no leader; 4's outside edge is as heavy as its edge to
	 * leader 1, and the outside leader is the earlier; 5's is lighter */
	const float ext[N] = {0.7f, -1, -1, 0.6f, 0.6f, 0.2f};
	ns_edge three[] = {edge(0, 2, 0.5f), edge(1, 2, 0.9f), edge(2, 3, 0.6f), edge(1, 4, 0.6f), edge(1, 5, 0.3f)};
	const uint32_t want3[N] = {UINT32_MAX, 1, 1, UINT32_MAX, UINT32_MAX, 1};
	CHECK(run_first(N, three, 5, ext, r) == 0);
	CHECK(same_roots(r, want3, N));

	/* random graphs: brute force, edge order and direction, and the promise
	 * that later vertices never regroup earlier ones */
	enum { RN = 60, RE = 150 };
	ns_edge re[RE], sh[RE];
	uint32_t got[RN], ref[RN], pre[RN];
	float ex[RN];
	for (int round = 0; round < 200; round++) {
		random_edges(RN, re, RE);
		for (size_t v = 0; v < RN; v++) ex[v] = next() % 6 == 0 ? (float)(1 + next() % WEIGHT_STEPS) / WEIGHT_STEPS : -1;
		brute_first(RN, re, RE, round & 1 ? ex : NULL, ref);
		CHECK(run_first(RN, re, RE, round & 1 ? ex : NULL, got) == 0);
		CHECK(same_roots(got, ref, RN));
		memcpy(sh, re, sizeof(re));
		shuffle_edges(sh, RE);
		ns_edge tmp[RE / 2];
		reverse_edges(sh, RE / 2, tmp); /* half of them with their ends swapped */
		memcpy(sh, tmp, sizeof(tmp));
		CHECK(run_first(RN, sh, RE, round & 1 ? ex : NULL, got) == 0);
		CHECK(same_roots(got, ref, RN));
		size_t k = 1 + next() % RN, m = 0;
		for (size_t i = 0; i < RE; i++)
			if (re[i].a < k && re[i].b < k) sh[m++] = re[i];
		CHECK(run_first(k, sh, m, round & 1 ? ex : NULL, pre) == 0);
		CHECK(same_roots(pre, got, k));
	}
}

int main(void)
{
	test_components_known();
	test_components_random();
	test_pivot_known();
	test_pivot_random();
	test_first();
	return TEST_DONE();
}
