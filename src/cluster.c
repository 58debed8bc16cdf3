/* newsift — pair verification and union-find.
 *
 * Jaccard and containment come from one merge of the two sorted shingle
 * sets.  The union-find links the larger root under the smaller one, so the
 * root of a group is its smallest document index whatever order the unions
 * come in; path halving keeps finds short. */
#include <stdlib.h>
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
