/* newsift — pair verification and union-find.
 *
 * Jaccard and containment come from one merge of the two sorted shingle
 * sets.  The union-find links the larger root under the smaller one, so the
 * root of a group is its smallest document index whatever order the unions
 * come in; path halving keeps finds short. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/cluster.h"

double ns_jaccard_sorted(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, double *containment)
{
	size_t i = 0, j = 0, inter = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) i++;
		else if (a[i] > b[j]) j++;
		else { inter++; i++; j++; }
	}
	size_t uni = na + nb - inter, mn = NS_MIN(na, nb);
	if (containment) *containment = mn ? (double)inter / mn : 0.0;
	return uni ? (double)inter / uni : 0.0;
}

void ns_pair_similarity(const ns_covtext *a, const uint64_t *sb, size_t nb, uint32_t k, uint32_t skip_words,
                        uint8_t *scratch, double *jaccard, double *coverage)
{
	/* one merge marks which of a's shingles b has; their count is the
	 * intersection for the Jaccard */
	uint8_t *shared = scratch;
	size_t i = 0, j = 0, inter = 0, na = a->nsh;
	memset(shared, 0, na);
	/* branch-free steps: which side advances depends on the hashes, and a
	 * mispredicted branch per step cost more than the merge itself */
	while (i < na && j < nb) {
		uint64_t x = a->sh[i], y = sb[j];
		shared[i] = x == y;
		inter += x == y;
		i += x <= y;
		j += y <= x;
	}
	size_t uni = a->nsh + nb - inter;
	if (jaccard) *jaccard = uni ? (double)inter / uni : 0.0;
	if (!coverage) return;
	*coverage = 0.0;
	if (!a->ntok || !a->nseq) return;
	/* token t is covered when a shared shingle starts at some p with
	 * t - w < p <= t: the last such start is carried along, line by line */
	uint32_t w = a->ntok < k ? a->ntok : k;
	size_t covered = 0, counted = 0;
	int64_t last = INT64_MIN / 2;
	for (uint32_t l = 0; l < a->nline; l++) {
		uint32_t s0 = a->line[l], e = l + 1 < a->nline ? a->line[l + 1] : a->ntok;
		size_t c = 0;
		for (uint32_t t = s0; t < e; t++) {
			if (t < a->nseq && shared[a->seq[t]]) last = t;
			c += (int64_t)t - last < (int64_t)w;
		}
		if (c == 0 && e - s0 <= skip_words) continue;
		covered += c;
		counted += e - s0;
	}
	*coverage = counted ? (double)covered / counted : 0.0;
}

double ns_coverage(const ns_covtext *a, const uint64_t *sb, size_t nb, uint32_t k, uint32_t skip_words,
                   uint8_t *scratch)
{
	double c;
	ns_pair_similarity(a, sb, nb, k, skip_words, scratch, NULL, &c);
	return c;
}

void ns_line_spans(const ns_covtext *a, const uint8_t *shared, uint32_t k, uint32_t *span)
{
	uint32_t w = a->ntok < k ? a->ntok : k;
	int64_t last = INT64_MIN / 2;
	for (uint32_t l = 0; l < a->nline; l++) {
		uint32_t s0 = a->line[l], e = l + 1 < a->nline ? a->line[l + 1] : a->ntok;
		uint32_t first_cov = UINT32_MAX, last_cov = UINT32_MAX;
		for (uint32_t t = s0; t < e; t++) {
			if (t < a->nseq && shared[a->seq[t]]) last = t;
			if ((int64_t)t - last < (int64_t)w) {
				if (first_cov == UINT32_MAX) first_cov = t;
				last_cov = t;
			}
		}
		span[2 * l] = first_cov;
		span[2 * l + 1] = last_cov;
	}
}

ns_status ns_uf_init(ns_uf *u, size_t n)
{
	u->n = n;
	u->parent = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!u->parent) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) u->parent[i] = (uint32_t)i;
	return NS_OK;
}

void ns_uf_free(ns_uf *u)
{
	free(u->parent);
	u->parent = NULL;
	u->n = 0;
}

uint32_t ns_uf_find(ns_uf *u, uint32_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

void ns_uf_union(ns_uf *u, uint32_t x, uint32_t y)
{
	x = ns_uf_find(u, x);
	y = ns_uf_find(u, y);
	if (x == y) return;
	if (x < y) u->parent[y] = x;
	else u->parent[x] = y;
}

ns_status ns_cluster_components(ns_uf *u, const ns_edge *e, size_t ne)
{
	for (size_t i = 0; i < ne; i++) ns_uf_union(u, e[i].a, e[i].b);
	return NS_OK;
}

typedef struct {
	double deg;
	uint32_t v;
} vrank;

static int cmp_vrank(const void *a, const void *b)
{
	const vrank *x = a, *y = b;
	if (x->deg != y->deg) return x->deg > y->deg ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

ns_status ns_cluster_pivot(ns_uf *u, size_t n, const ns_edge *e, size_t ne)
{
	/* adjacency in CSR form over the vertices that have edges */
	uint32_t *start = calloc(n + 1, sizeof(uint32_t)), *adj = malloc((2 * ne + 1) * sizeof(uint32_t));
	double *deg = calloc(n ? n : 1, sizeof(double));
	uint8_t *placed = calloc(n ? n : 1, 1);
	vrank *order = NULL;
	size_t nv = 0;
	ns_status st = NS_ERR_NOMEM;
	if (!start || !adj || !deg || !placed) goto done;
	for (size_t i = 0; i < ne; i++) {
		start[e[i].a + 1]++;
		start[e[i].b + 1]++;
		deg[e[i].a] += e[i].w;
		deg[e[i].b] += e[i].w;
	}
	for (size_t v = 0; v < n; v++) start[v + 1] += start[v];
	{
		uint32_t *fill = malloc((n ? n : 1) * sizeof(uint32_t));
		if (!fill) goto done;
		memcpy(fill, start, n * sizeof(uint32_t));
		for (size_t i = 0; i < ne; i++) {
			adj[fill[e[i].a]++] = e[i].b;
			adj[fill[e[i].b]++] = e[i].a;
		}
		free(fill);
	}
	for (size_t v = 0; v < n; v++) nv += start[v + 1] > start[v];
	order = malloc((nv ? nv : 1) * sizeof(vrank));
	if (!order) goto done;
	nv = 0;
	for (size_t v = 0; v < n; v++)
		if (start[v + 1] > start[v]) { order[nv].deg = deg[v]; order[nv].v = (uint32_t)v; nv++; }
	ns_qsort(order, nv, sizeof(vrank), cmp_vrank);
	for (size_t i = 0; i < nv; i++) {
		uint32_t c = order[i].v;
		if (placed[c]) continue;
		placed[c] = 1;
		for (uint32_t k = start[c]; k < start[c + 1]; k++) {
			uint32_t m = adj[k];
			if (placed[m]) continue;
			placed[m] = 1;
			ns_uf_union(u, c, m);
		}
	}
	st = NS_OK;
done:
	free(start);
	free(adj);
	free(deg);
	free(placed);
	free(order);
	return st;
}

typedef struct {
	uint32_t root, doc;
} member;

static int cmp_member(const void *a, const void *b)
{
	const member *x = a, *y = b;
	if (x->root != y->root) return x->root < y->root ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

ns_status ns_cluster_centre(ns_uf *uf, size_t n, const ns_edge *e, size_t ne, uint32_t rounds, ns_pairs_check_fn check,
                           void *ud)
{
	uint8_t *active = malloc(n ? n : 1);
	double *deg = malloc((n ? n : 1) * sizeof(double));
	member *mem = malloc((n ? n : 1) * sizeof(member));
	ns_edge *sub = malloc((ne ? ne : 1) * sizeof(ns_edge));
	uint8_t *adjc = malloc(n ? n : 1);
	/* the neighbours of each vertex among the active edges, in CSR form, so
	 * that finding a centre's neighbours costs its degree, not all edges */
	uint32_t *nbs = malloc((n + 1) * sizeof(uint32_t)), *nb = malloc((2 * ne + 1) * sizeof(uint32_t));
	/* each member's centre, and the (member, centre) pairs to check */
	uint32_t *centre = malloc((n ? n : 1) * sizeof(uint32_t));
	ns_pair *chk = NULL;
	uint8_t *pass = NULL;
	size_t chkcap = 0, passcap = 0;
	ns_uf g = {0};
	ns_status st = NS_ERR_NOMEM;
	if (!active || !deg || !mem || !sub || !adjc || !nbs || !nb || !centre || ns_uf_init(&g, n)) goto done;
	/* every vertex with an edge starts active */
	memset(active, 0, n);
	for (size_t i = 0; i < ne; i++) active[e[i].a] = active[e[i].b] = 1;
	for (uint32_t round = 0; round < rounds; round++) {
		/* components of the edges among the active vertices */
		size_t ns = 0;
		for (size_t i = 0; i < ne; i++)
			if (active[e[i].a] && active[e[i].b]) sub[ns++] = e[i];
		if (!ns) break;
		for (size_t i = 0; i < n; i++) g.parent[i] = (uint32_t)i;
		ns_cluster_components(&g, sub, ns);
		memset(deg, 0, n * sizeof(double));
		for (size_t i = 0; i < ns; i++) { deg[sub[i].a] += sub[i].w; deg[sub[i].b] += sub[i].w; }
		memset(nbs, 0, (n + 1) * sizeof(uint32_t));
		for (size_t i = 0; i < ns; i++) { nbs[sub[i].a + 1]++; nbs[sub[i].b + 1]++; }
		for (size_t i = 0; i < n; i++) nbs[i + 1] += nbs[i];
		for (size_t i = 0; i < ns; i++) { nb[nbs[sub[i].a]++] = sub[i].b; nb[nbs[sub[i].b]++] = sub[i].a; }
		/* the fill moved each start to the next vertex's: shift back */
		for (size_t i = n; i > 0; i--) nbs[i] = nbs[i - 1];
		nbs[0] = 0;
		size_t nm = 0;
		for (size_t i = 0; i < n; i++)
			if (active[i] && deg[i] > 0) { mem[nm].root = ns_uf_find(&g, (uint32_t)i); mem[nm].doc = (uint32_t)i; nm++; }
		ns_qsort(mem, nm, sizeof(member), cmp_member);
		/* each component's centre; the members not linked to it are
		 * checked against it, all in one batch */
		memset(adjc, 0, n);
		size_t nchk = 0;
		for (size_t i = 0; i < nm;) {
			size_t j = i;
			uint32_t c = mem[i].doc;
			while (j < nm && mem[j].root == mem[i].root) {
				if (deg[mem[j].doc] > deg[c]) c = mem[j].doc;
				j++;
			}
			for (uint32_t q = nbs[c]; q < nbs[c + 1]; q++) adjc[nb[q]] = 1;
			for (size_t q = i; q < j; q++) {
				uint32_t m = mem[q].doc;
				centre[m] = c;
				if (m == c || adjc[m]) continue;
				if (ns_grow((void **)&chk, &chkcap, nchk + 1, sizeof(ns_pair))) goto done;
				chk[nchk].a = m;
				chk[nchk].b = c;
				nchk++;
			}
			i = j;
		}
		if (ns_grow((void **)&pass, &passcap, nchk + 1, 1)) goto done;
		if ((st = check(ud, chk, nchk, pass))) goto done;
		st = NS_ERR_NOMEM;
		int detached = 0;
		size_t k = 0;
		for (size_t q = 0; q < nm; q++) {
			uint32_t m = mem[q].doc, c = centre[m];
			int ok = m == c || adjc[m];
			if (!ok) {
				/* the checks are in member order */
				ok = pass[k++];
			}
			if (ok) {
				ns_uf_union(uf, m, c);
				active[m] = 0;
			} else {
				detached = 1; /* stays active for the next round */
			}
		}
		for (size_t q = 0; q < nm; q++) active[centre[mem[q].doc]] = 0;
		if (!detached) break;
	}
	st = NS_OK;
done:
	free(active);
	free(deg);
	free(mem);
	free(sub);
	free(adjc);
	free(nbs);
	free(nb);
	free(centre);
	free(chk);
	free(pass);
	ns_uf_free(&g);
	return st;
}

ns_status ns_cluster_first(ns_uf *u, size_t n, const ns_edge *e, size_t ne, const float *ext, uint8_t *joined)
{
	/* each vertex's edges to earlier vertices, in CSR form by the later end */
	uint32_t *start = calloc(n + 1, sizeof(uint32_t)), *at = malloc((ne ? ne : 1) * sizeof(uint32_t));
	uint8_t *lead = malloc(n ? n : 1);
	ns_status st = NS_ERR_NOMEM;
	if (!start || !at || !lead) goto done;
	for (size_t i = 0; i < ne; i++) start[NS_MAX(e[i].a, e[i].b) + 1]++;
	for (size_t v = 0; v < n; v++) start[v + 1] += start[v];
	{
		uint32_t *fill = malloc((n ? n : 1) * sizeof(uint32_t));
		if (!fill) goto done;
		memcpy(fill, start, n * sizeof(uint32_t));
		for (size_t i = 0; i < ne; i++) at[fill[NS_MAX(e[i].a, e[i].b)]++] = (uint32_t)i;
		free(fill);
	}
	for (size_t v = 0; v < n; v++) {
		uint32_t best = UINT32_MAX;
		float bw = 0.0f;
		for (uint32_t k = start[v]; k < start[v + 1]; k++) {
			const ns_edge *x = &e[at[k]];
			uint32_t a = NS_MIN(x->a, x->b);
			if (a == v || !lead[a]) continue;
			if (best == UINT32_MAX || x->w > bw || (x->w == bw && a < best)) { best = a; bw = x->w; }
		}
		/* an outside leader is earlier than every vertex: it wins ties */
		int out = ext && ext[v] >= 0.0f && (best == UINT32_MAX || ext[v] >= bw);
		if (joined) joined[v] = (uint8_t)out;
		lead[v] = best == UINT32_MAX && !out;
		if (best != UINT32_MAX && !out) ns_uf_union(u, best, (uint32_t)v);
	}
	st = NS_OK;
done:
	free(start);
	free(at);
	free(lead);
	return st;
}
