/* newsift — story vectors in bounded memory: document frequencies counted
 * in a streaming pass, compact weighted vectors, and candidate pairs with
 * their cosines.
 *
 * Document frequencies (ns_story_df).  The articles' count vectors are
 * given a window at a time, in article order, and counted in a table of the
 * terms seen in two or more articles: a term's first occurrence only sets
 * its bits in a Bloom filter; a term whose bits are all set already enters
 * the table with the count 2.  The table and the filter are split into
 * blocks by the terms' top bits; a window's terms are scattered by block in
 * article order and each block is updated by one thread, so what is touched
 * at a time fits the cache, and the counts are the same for any thread count
 * and window size.  A term of one article whose bits other terms had all set
 * (about 1 in 2,000 with NS_STORY_DF_BLOOM bits an article) counts one
 * article more than it has; every other count is exact.  Memory: the filter
 * (NS_STORY_DF_BLOOM / 8 bytes an article) and the table (16 bytes a slot,
 * at most 70% full, for each term seen twice or more).
 *
 * ns_story_df_finish keeps the terms with 2 <= df <= max_df, sorted by
 * term and numbered 0..T-1 in that order (a term number orders as its
 * hash), with a directory on their top bits: about 13 bytes a term.
 *
 * Vectors (ns_story_vecs).  An article's vector is its strongest terms,
 * L2-normalised, stored as term numbers (varint deltas, with a flag for the
 * top_terms strongest that the candidate index posts) and 8-bit weights with
 * a scale per vector: about 3 bytes a term where the terms' floats and
 * 64-bit hashes took 12.  Cosines are integer dot products times the two
 * scales, so they do not depend on the order of the work.
 *
 * Candidates.  An inverted index of the flagged terms (term number ->
 * documents, compressed-row form: 4 bytes a posting and 4 a term); lists
 * longer than max_posting are left out; a pair of documents sharing
 * min_shared lists or more is a candidate, and its cosine is computed at
 * once; candidates at threshold or above are the edges. */
#ifndef NEWSIFT_STORYVEC_H
#define NEWSIFT_STORYVEC_H

#include <stddef.h>
#include <stdint.h>
#include "cluster.h"
#include "common.h"
#include "stories.h"

#define NS_STORY_DF_BLOOM 2048 /* Bloom filter bits an article (about 20 a term seen in one article) */

typedef struct ns_story_df ns_story_df;

/* A counter for the terms of m articles. */
ns_status ns_story_df_create(ns_story_df **df, size_t m);
void ns_story_df_destroy(ns_story_df *df);

/* The counter is cut into ns_story_df_blocks(m) blocks by the terms' top
 * bits, each with its own filter and table, each counted in article
 * order: so a counter of blocks [b0, b1) only (the terms of the others are
 * passed over, and it holds the filter of its own blocks only), given the
 * same windows, counts those blocks exactly as the whole counter does.
 * The saves of finished counters of consecutive block ranges, joined in
 * block order (ns_story_df_join), are the whole counter's save, byte for
 * byte: a count spread over processes, each owning a range of blocks. */
uint32_t ns_story_df_blocks(size_t m);
/* Term t's block in a counter of m articles: t >> (64 - bits), bits =
 * ns_story_df_block_bits(m) (block 0 for every term when bits is 0). */
unsigned ns_story_df_block_bits(size_t m);
ns_status ns_story_df_create_blocks(ns_story_df **df, size_t m, uint32_t b0, uint32_t b1);
/* Join the k saves parts[0..k) (ns_story_df_save of finished counters of
 * consecutive block ranges of one m, in block order) into out.
 * NS_ERR_FORMAT when they are not such saves, NS_ERR_NOMEM. */
ns_status ns_story_df_join(const ns_buf *parts, size_t k, ns_buf *out);

/* Count the next n articles' terms (v[i]: sorted by term, distinct; its
 * weights are not read).  Windows must come in article order. */
ns_status ns_story_df_add(ns_story_df *df, const ns_termvec *v, size_t n, int threads);

/* Keep the terms with 2 <= df <= max_df and number them; frees the filter
 * and the counting table. */
ns_status ns_story_df_finish(ns_story_df *df, uint32_t max_df, int threads);

/* After finish: the number of terms kept. */
uint32_t ns_story_df_terms(const ns_story_df *df);
/* The hash of kept term number id (after ns_story_df_finish). */
uint64_t ns_story_df_term(const ns_story_df *df, uint32_t id);

/* After finish: the kept terms and their frequencies appended to b
 * (about 12 bytes a term), and a finished counter made again from them
 * (for another process: ns_story_df_lookup gives the same numbers and
 * frequencies).  NS_ERR_NOMEM; NS_ERR_OPTION (not finished); NS_ERR_FORMAT
 * (not such bytes). */
ns_status ns_story_df_save(const ns_story_df *df, ns_buf *b);
ns_status ns_story_df_load(ns_story_df **df, const void *p, size_t n);

/* Bytes held now beyond the window's scratch (filter and table, or the
 * kept terms). */
uint64_t ns_story_df_bytes(const ns_story_df *df);

/* What the counter will hold when all m articles are counted, projected
 * from the done counted so far: the filter is fixed; the table's entries
 * grow at most as the articles (repeated terms become fewer per article as
 * the vocabulary fills), about 24 bytes each. */
uint64_t ns_story_df_projected(const ns_story_df *df, size_t done);

/* After finish: for each term of v[0..n), in order (v[0]'s terms, then
 * v[1]'s, ...), its number into id[] (UINT32_MAX when it was not kept) and
 * its document frequency into dfo[]. */
ns_status ns_story_df_lookup(ns_story_df *df, const ns_termvec *v, size_t n, uint32_t *id, uint32_t *dfo, int threads);

/* Logarithms taken once for m articles: of term counts below
 * NS_STORY_LOGS, and the idf of every frequency up to max_df, so the
 * weights have the same bits as (1 + log tf) * log((m + 1) / df) computed
 * directly.  ns_story_logs_free frees the table. */
#define NS_STORY_LOGS 256
typedef struct {
	double ltf[NS_STORY_LOGS];
	double *lidf; /* max_df + 1 entries */
	uint32_t max_df;
	size_t m;
} ns_story_logs;
ns_status ns_story_logs_init(ns_story_logs *l, size_t m, uint32_t max_df);
void ns_story_logs_free(ns_story_logs *l);

/* The weighed vector of counts c (terms: hashes, w: counts) whose terms'
 * numbers and frequencies are id[] and df[] (as ns_story_df_lookup gives
 * them): the kept terms, term = number, w = (1 + log tf) * log((m + 1) /
 * df), into *out (room for c->n terms), still sorted by term. */
void ns_story_vec_weights(const ns_termvec *c, const uint32_t *id, const uint32_t *df, const ns_story_logs *l,
                          ns_termvec *out);

/* Compact vectors, appended in article order. */
typedef struct {
	size_t n;       /* vectors appended */
	uint64_t *off;  /* vector i's bytes: data[off[i] .. off[i + 1]) (room for cap + 1) */
	float *scale;   /* the weight of one unit of vector i's 8-bit weights */
	uint8_t *data;
	size_t len, dcap, cap;
} ns_story_vecs;

ns_status ns_story_vecs_init(ns_story_vecs *sv, size_t cap);
void ns_story_vecs_free(ns_story_vecs *sv);
uint64_t ns_story_vecs_bytes(const ns_story_vecs *sv);
/* Give back the room grown beyond the vectors appended. */
void ns_story_vecs_fit(ns_story_vecs *sv);

/* Bytes ns_story_vec_encode may write for a vector of n terms. */
#define NS_STORY_VEC_MAX_BYTES(n) (5 + (size_t)(n) * 6)

/* Encode v (weighed, L2-normalised, sorted by term number; terms below
 * 2^31) into out (room for NS_STORY_VEC_MAX_BYTES(v->n)), flagging its
 * top_terms strongest (as ns_story_top_terms chooses them); returns the
 * bytes written, *scale its scale.  tmp: room for top_terms terms. */
size_t ns_story_vec_encode(const ns_termvec *v, uint32_t top_terms, uint64_t *tmp, uint8_t *out, float *scale);

/* Append an encoded vector. */
ns_status ns_story_vecs_append(ns_story_vecs *sv, const uint8_t *p, size_t len, float scale);

/* Vector i back as floats (term = number, w = weight) into *out
 * (malloc'd; NULL when empty). */
ns_status ns_story_vec_decode(const ns_story_vecs *sv, size_t i, ns_termvec *out);

/* Cosine of vectors a and b. */
double ns_story_vec_cosine(const ns_story_vecs *sv, size_t a, size_t b);

/* The edges: candidate pairs (a, b), a < b, that share min_shared or more
 * posting lists of at most max_posting documents, with their cosine when it
 * is at least threshold; malloc'd into *e, sorted by (a, b), the same for
 * any thread count.  nterms: term numbers are below it.  *ncand gets the
 * number of candidate pairs, *index_bytes the index's size. */
ns_status ns_story_edges(const ns_story_vecs *sv, uint32_t nterms, uint32_t min_shared, uint32_t max_posting,
                         double threshold, int threads, ns_edge **e, size_t *ne, size_t *ncand, uint64_t *index_bytes);

/* The same work in three steps, so that it can be spread by term (a run
 * over processes, newsift-mpi): the postings of the flagged terms, the
 * pairs of each posting list, the pairs found in min_shared lists or more,
 * and their edges.  ns_story_edges_of(ns_story_pairs_shared(pairs of the
 * lists of all the postings)) are ns_story_edges's edges and candidates.
 *
 * The postings of encoded vector p[0..len) (as ns_story_vec_encode wrote
 * it) of article a: (term << 32 | a) of its flagged terms, in term order,
 * appended to *out (*n of them, capacity *cap).  NS_ERR_FORMAT when the
 * bytes are not such a vector, NS_ERR_NOMEM. */
ns_status ns_story_vec_postings(const uint8_t *p, size_t len, uint32_t a, uint64_t **out, size_t *n, size_t *cap);
/* ...of vector i of sv. */
ns_status ns_story_vecs_postings(const ns_story_vecs *sv, size_t i, uint64_t **out, size_t *n, size_t *cap);
/* The postings p[0..np) (any order; sorted here) make one list a term;
 * every list of 2 to max_posting articles gives each pair of its articles
 * (a << 32 | b, a < b) appended to *out (*n, capacity *cap), in no
 * particular order.  The postings of a term must all be here.
 * NS_ERR_NOMEM. */
ns_status ns_story_list_pairs(uint64_t *p, size_t np, uint32_t max_posting, uint64_t **out, size_t *n, size_t *cap);
/* The pairs p[0..n) (from all the lists that hold a's pairs; any order;
 * sorted here): those found min_shared times or more, once each,
 * ascending, moved to the front; returns how many. */
size_t ns_story_pairs_shared(uint64_t *p, size_t n, uint32_t min_shared);
/* The edges of candidates c[0..nc) (a << 32 | b, a < b < sv->n,
 * ascending): those whose cosine is at least threshold, in that order,
 * malloc'd into *e.  NS_ERR_FORMAT (a pair out of range), NS_ERR_NOMEM. */
ns_status ns_story_edges_of(const ns_story_vecs *sv, const uint64_t *c, size_t nc, double threshold, int threads,
                            ns_edge **e, size_t *ne);

#endif
