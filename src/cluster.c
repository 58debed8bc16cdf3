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

double ns_coverage(const ns_covtext *a, const uint64_t *sb, size_t nb, uint32_t k, uint32_t skip_words,
                   uint8_t *scratch)
{
	if (!a->ntok || !a->nseq) return 0.0;
	uint8_t *shared = scratch, *cov = scratch + a->nsh;
	size_t j = 0;
	for (uint32_t i = 0; i < a->nsh; i++) {
		while (j < nb && sb[j] < a->sh[i]) j++;
		shared[i] = j < nb && sb[j] == a->sh[i];
	}
	uint32_t w = a->ntok < k ? a->ntok : k;
	memset(cov, 0, a->ntok);
	for (uint32_t p = 0; p < a->nseq; p++)
		if (shared[a->seq[p]]) memset(cov + p, 1, w);
	size_t covered = 0, counted = 0;
	for (uint32_t l = 0; l < a->nline; l++) {
		uint32_t s = a->line[l], e = l + 1 < a->nline ? a->line[l + 1] : a->ntok;
		size_t c = 0;
		for (uint32_t t = s; t < e; t++) c += cov[t];
		if (c == 0 && e - s <= skip_words) continue;
		covered += c;
		counted += e - s;
	}
	return counted ? (double)covered / counted : 0.0;
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
