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
#include "lsh.h"

/* Jaccard of two sorted unique sets; *containment gets |A∩B| / min(|A|,|B|). */
double ns_jaccard_sorted(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, double *containment);

/* One text as seen by ns_coverage. */
typedef struct {
	const uint64_t *sh;   /* sorted unique shingle hashes */
	uint32_t nsh;
	const uint32_t *seq;  /* index into sh of the shingle at each position */
	uint32_t nseq;
	uint32_t ntok;        /* tokens */
	const uint32_t *line; /* first token of each line (ascending, line[0] = 0) */
	uint32_t nline;
} ns_covtext;

/* Token coverage of text A by text B: the share of A's tokens that lie inside
 * at least one k-shingle of A that B also has.  A word edit uncovers about
 * one token, so coverage measures how much of A is B's text more robustly
 * than shingle containment.  Lines of A with no covered token and at most
 * skip_words words (a header, an ad line, an editor's note that B lacks) are
 * left out of the count.  scratch holds a.nsh + a.ntok bytes. */
double ns_coverage(const ns_covtext *a, const uint64_t *sb, size_t nb, uint32_t k, uint32_t skip_words,
                   uint8_t *scratch);

/* Jaccard of a's and b's shingle sets and ns_coverage of a by b, from one
 * merge of the two sets (either result pointer may be NULL).  The same
 * values as ns_jaccard_sorted and ns_coverage; scratch holds a.nsh bytes
 * and, on return, 1 for each of a's shingles that b has. */
void ns_pair_similarity(const ns_covtext *a, const uint64_t *sb, size_t nb, uint32_t k, uint32_t skip_words,
                        uint8_t *scratch, double *jaccard, double *coverage);

/* The first and the last covered token of each line of a into span (2
 * a.nline entries; UINT32_MAX for a line without one), from the shared
 * flags that ns_pair_similarity left in its scratch. */
void ns_line_spans(const ns_covtext *a, const uint8_t *shared, uint32_t k, uint32_t *span);

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

/* A verified pair with its weight (similarity) and kind. */
typedef struct {
	uint32_t a, b;
	float w;
	uint32_t kind;
} ns_edge;

/* Connected components: join the ends of every edge. */
ns_status ns_cluster_components(ns_uf *u, const ns_edge *e, size_t ne);

/* Pivot (centre) clustering, which does not chain: vertices are taken in
 * order of weighted degree (descending, ties to the smaller index); each one
 * not yet placed becomes a centre and takes every neighbour not yet placed.
 * Every member of a group is thus directly verified against its centre.  n
 * is the number of vertices (edge ends are < n); joins go into u. */
ns_status ns_cluster_pivot(ns_uf *u, size_t n, const ns_edge *e, size_t ne);

/* First-article clustering: vertices in index order; each one joins the
 * earlier leader it has the heaviest edge to (ties to the smaller index),
 * or, having none, becomes a leader itself.  A group is a leader and
 * members each verified against it; adding later vertices never changes
 * the groups of earlier ones.  Leaders from before vertex 0 (a history):
 * ext[v] >= 0 is the weight of v's heaviest edge to one of them; when no
 * edge to a leader among the vertices is heavier, v joins that outside
 * leader (joined[v] = 1, else 0) and leads nothing.  ext and joined may be
 * NULL. */
ns_status ns_cluster_first(ns_uf *u, size_t n, const ns_edge *e, size_t ne, const float *ext, uint8_t *joined);

/* Decide for each of the n pairs p[i] = (member, centre) whether the member
 * may stay with the centre: pass[i] = 1 or 0.  NS_OK, or a failure that
 * ns_cluster_centre returns. */
typedef ns_status (*ns_pairs_check_fn)(void *ud, const ns_pair *p, size_t n, uint8_t *pass);

/* Centre clustering: components, then a check that keeps every group close
 * to its centre, the member with the largest sum of edge weights in the
 * group (ties to the smaller index).  A member with an edge to the centre
 * stays; the others are checked against the centre in one call of check
 * (in member order), and those that fail are detached and grouped again
 * among themselves, up to rounds times.  This cuts the bridges through
 * which components chain unrelated texts (A ~ B ~ C) and keeps copies of
 * copies still close to the original.  Joins go into u (n vertices). */
ns_status ns_cluster_centre(ns_uf *u, size_t n, const ns_edge *e, size_t ne, uint32_t rounds, ns_pairs_check_fn check,
                            void *ud);

#endif
