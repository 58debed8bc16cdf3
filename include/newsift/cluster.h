/* newsift — verifying candidate pairs and grouping documents.
 *
 * A candidate pair is verified on the exact shingle sets (sorted unique
 * hashes): Jaccard, and containment of the smaller set in the larger.
 * Groups are the components of a union-find whose root is always the
 * smallest member, so group ids do not depend on the order of unions. */
#ifndef NEWSIFT_CLUSTER_H
#define NEWSIFT_CLUSTER_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Jaccard of two sorted unique sets; *containment gets |A∩B| / min(|A|,|B|). */
double ns_jaccard_sorted(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, double *containment);

/* Union-find over n elements. */
typedef struct {
	uint32_t *parent;
	size_t n;
} ns_uf;

ns_status ns_uf_init(ns_uf *u, size_t n);
void ns_uf_free(ns_uf *u);
/* Root of x (with path halving). */
uint32_t ns_uf_find(ns_uf *u, uint32_t x);
/* Join the groups of x and y; the smaller root becomes the root. */
void ns_uf_union(ns_uf *u, uint32_t x, uint32_t y);

#endif
