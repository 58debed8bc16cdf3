/* newsift — grouping related articles into stories.
 *
 * Each article becomes a weighted term vector over its content words
 * (stop words and one-letter tokens left out; the title counts twice);
 * weights are (1 + log tf) · log((N + 1) / df), L2-normalised and cut to the
 * strongest terms.  Candidates are pairs that share at least two of their
 * top terms in an inverted index; a candidate becomes a link when its cosine
 * reaches the story threshold and the dates (when both known) are close.
 * Stories are the components of the links. */
#ifndef NEWSIFT_STORIES_H
#define NEWSIFT_STORIES_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "cluster.h"
#include "context.h"
#include "dedup.h"
#include "docs.h"
#include "lang.h"
#include "lsh.h"
#include "tokenize.h"

/* A term and its weight. */
/* 12 bytes, not 16: a full run holds one vector per article until the
 * vectors are weighed and cut, so the padding cost ~2.5 GB per million
 * articles (x86 and ARM64 read the unaligned term as fast). */
#if defined(__GNUC__)
#define NS_TERM_PACKED __attribute__((packed, aligned(4)))
#else
#define NS_TERM_PACKED
#endif
typedef struct NS_TERM_PACKED {
	uint64_t term;
	float w;
} ns_term;

/* A term vector, sorted by term. */
typedef struct {
	ns_term *t;
	uint32_t n;
} ns_termvec;

/* Term counts of title and text into *v (malloc'd, sorted by term; v->t
 * NULL when there are none): content words of the text's language (detected
 * from its first words; stop words of that language left out, words stemmed
 * when stem is not 0 and the language has a stemmer), names counted twice,
 * and bigrams of adjacent content words.  The title counts twice.  tok,
 * stemmer and sc are per-thread scratch.  *lang gets the detected language. */
typedef struct ns_story_scratch ns_story_scratch; /* per-thread; NULL when out of memory */
ns_story_scratch *ns_story_scratch_create(void);
void ns_story_scratch_destroy(ns_story_scratch *sc);
ns_status ns_story_counts(const char *title, size_t tlen, const char *text, size_t len, int stem, ns_tokens *tok,
                          ns_stemmer *stemmer, ns_story_scratch *sc, ns_termvec *v, ns_lang *lang);

/* Bytes the story stage is expected to hold at its peak for m articles,
 * when `done` of them (0 < done <= m) have count vectors of `used` bytes in
 * all (ns_story_vec_bytes): those vectors scaled to m articles, plus the
 * candidate index and its sort buffer (NS_STORY_INDEX_BYTES an article),
 * which are made while the vectors are still held. */
#define NS_STORY_INDEX_BYTES 1664
uint64_t ns_story_mem_need(uint64_t used, size_t done, size_t m);

/* Heap bytes that vector v holds (its entries and the allocator's header). */
uint64_t ns_story_vec_bytes(const ns_termvec *v);

/* Document frequencies are counted by hash partition so that no step holds
 * or sorts every term of the corpus at once, and so that partitions can be
 * done in parallel: partition p holds the terms whose top `bits` bits are p. */
#define NS_IDF_PART_TERMS ((size_t)1 << 16)  /* aim: at most this many (term, document) entries a partition */
#define NS_IDF_BLOCK_TERMS ((size_t)1 << 24) /* and about this many in a block of partitions (unit of work), */
#define NS_IDF_MAX_BLOCKS 16                 /* in at most this many blocks: each block reads every vector */
#define NS_IDF_MAX_BITS 20                   /* at most 2^20 partitions */
#define NS_IDF_BUCKET 4                      /* entries per lookup bucket inside a partition */

/* How to split the work for the n vectors: 1 << *bits partitions (about
 * NS_IDF_PART_TERMS entries each at most), in *blocks runs of about
 * NS_IDF_BLOCK_TERMS entries, or more when that would be more than
 * NS_IDF_MAX_BLOCKS blocks (1 <= *blocks <= 1 << *bits).  Every block visits
 * every vector, so a number of blocks growing with the corpus would make the
 * work grow as its square; a block's scratch is 12 bytes per entry. */
void ns_story_idf_plan(const ns_termvec *v, size_t n, unsigned *bits, uint32_t *blocks);

/* Turn the counts of the terms in partitions [p0, p1) (a block: the work
 * reads each vector once, and holds 12 bytes per entry of the block) of all
 * n vectors into TF-IDF weights (1 + log tf) · log((n + 1) / df), df = the number of
 * vectors with the term; a term of a single vector, or of more than max_df
 * vectors (too common to tell stories apart), is marked to be dropped by
 * ns_story_weigh.  Only the entries of those partitions are touched, so
 * calls on disjoint ranges may run concurrently (each with its own scratch s,
 * from ns_idf_scratch_create).  NS_ERR_NOMEM on failure (the weights of the
 * range are then partly computed). */
typedef struct ns_idf_scratch ns_idf_scratch; /* per-thread, reused from block to block */
ns_idf_scratch *ns_idf_scratch_create(void);
void ns_idf_scratch_destroy(ns_idf_scratch *s);
ns_status ns_story_idf(ns_termvec *v, size_t n, unsigned bits, uint32_t p0, uint32_t p1, uint32_t max_df,
                       ns_idf_scratch *s);

/* After ns_story_idf: drop the marked terms, keep the max_terms strongest
 * (larger weight first, ties to the smaller term) and L2-normalise; v stays
 * sorted by term.  Works in place. */
void ns_story_weigh(ns_termvec *v, uint32_t max_terms);

/* Cosine of two weighted vectors. */
double ns_termvec_cosine(const ns_termvec *a, const ns_termvec *b);

/* The candidate index: an inverted index of the top_terms strongest terms
 * of every vector (after ns_story_weigh); posting lists longer than max_posting are left out
 * (terms too common to tell stories apart).  Opaque; read-only once made. */
typedef struct ns_story_index ns_story_index;

/* The k strongest terms of v (all when it has no more; larger weight
 * first, ties to the smaller term), in term order, into out (room for k);
 * returns how many. */
uint32_t ns_story_top_terms(const ns_termvec *v, uint32_t k, uint64_t *out);

/* The index of the n weighed vectors: the top_terms strongest terms of each
 * (as ns_story_top_terms gives them), written straight into the index
 * entries in parallel (threads threads). */
ns_status ns_story_index_create(ns_story_index **ix, const ns_termvec *v, size_t n, uint32_t top_terms,
                                uint32_t max_posting, int threads);
void ns_story_index_destroy(ns_story_index *ix);

/* Candidate pairs (a, b) with d0 <= a < d1 and a < b: documents that share
 * at least min_shared posting lists of ix.  They are appended to *pairs
 * (growable: *np entries used, *pcap capacity), sorted by (a, b).  count is
 * caller scratch of n zeros (zeros again on return), *touched (capacity
 * *tcap) a growable scratch buffer; with scratch of its own, each thread may
 * call this on a shared index.  NS_ERR_NOMEM on failure. */
ns_status ns_story_index_pairs(const ns_story_index *ix, uint32_t d0, uint32_t d1, uint32_t min_shared,
                               uint32_t *count, uint32_t **touched, size_t *tcap, ns_pair **pairs, size_t *np,
                               size_t *pcap);

/* All candidate pairs at once: the index, the pairs of every document
 * (blocks of documents on threads threads), and the index freed.  *pairs
 * is malloc'd, sorted, unique, the same for any thread count. */
ns_status ns_story_candidates(const ns_termvec *v, size_t n, uint32_t top_terms, uint32_t min_shared,
                              uint32_t max_posting, int threads, ns_pair **pairs, size_t *npairs);

/* Group articles into stories without chaining: edges (candidate pairs with
 * their cosine, any order) are taken strongest first; the groups of the two
 * ends merge when the cosine of the groups' centroids (sums of their members'
 * vectors, cut to max_terms terms) reaches merge_t, and, when days is not
 * NULL and max_days >= 0, the groups' date ranges (INT32_MIN = unknown) are
 * at most max_days apart.  A strong pair between two big stories about
 * different events does not merge them: their centroids differ.  Joins go
 * into u (n vertices). */
ns_status ns_story_cluster(const ns_termvec *v, size_t n, const ns_edge *e, size_t ne, double merge_t,
                           uint32_t max_terms, const int32_t *days, int max_days, ns_uf *u);

/* Average-link agglomerative clustering on a sparse graph: the similarity of
 * two groups is the sum of the edge weights between their members divided by
 * the product of their sizes (pairs without an edge count as 0); the most
 * similar pair of groups is merged while that similarity reaches merge_t
 * (ties: the smaller group ids).  Date ranges as in ns_story_cluster.  Joins
 * go into u (n vertices).  O(E log E) with per-group neighbour lists. */
ns_status ns_story_cluster_avg(size_t n, const ns_edge *e, size_t ne, double merge_t, const int32_t *days,
                               int max_days, ns_uf *u);

/* ---- the story stage: duplicate groups -> story vectors -> stories ----
 *
 * Consumes: the store (titles, texts, dates) and the dedup stage's value.
 * Produces: ns_story_set, a value keyed by stable document keys: each
 *   document's story label, and the stories with their members.  Every
 *   duplicate group lies in one story.  Short texts copied verbatim many
 *   times (crawl notices: options notice_copies, notice_words) stay out of
 *   story linking; their copies still form one story.
 * Holds: one term vector per kept article (several KB each before they are
 *   cut to story_terms terms; checked against the memory available, see
 *   ns_story_mem_need), the candidate index, the candidate pairs and their
 *   cosines.
 * Threads: vectors, document frequencies, candidates and cosines in
 *   parallel with ctx->threads; the links are made serially in pair order,
 *   so the value is the same for any thread count. */

typedef struct {
	uint32_t story;      /* its label document */
	uint32_t *members;   /* every document of the story, input order */
	uint32_t nmembers;
	uint32_t *articles;  /* its kept documents (representatives), input order */
	uint32_t narticles;
} ns_story;

typedef struct {
	size_t n;            /* documents */
	uint64_t *key;       /* stable document keys (ns_docs_key) */
	uint32_t *label;     /* each document's story: the index of the story's first document (rejected: itself) */
	ns_story *list;      /* the stories, in order of their label (ns_story_set_collect) */
	size_t nlist;
	uint64_t multi;      /* stories with two or more articles */
} ns_story_set;

/* Group the documents of ds into stories from their duplicate groups dd
 * (options dedup_only: each group is a story).  The time goes to tm's
 * stories timer (tm may be NULL).  NS_ERR_MEMORY (logged) when the term
 * vectors would not fit in the memory available; NS_ERR_NOMEM. */
ns_status ns_story_set_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_story_set *ss, ns_times *tm);

/* Make ss->list from ss->label (the documents' statuses from dd).
 * NS_ERR_FORMAT when a label does not name a document that labels itself. */
ns_status ns_story_set_collect(ns_story_set *ss, const ns_dedup *dd);

/* Save the labels to path (versioned file, written whole then renamed);
 * load them back (and collect the list with dd).  NS_ERR_OPEN, NS_ERR_IO,
 * NS_ERR_NOMEM, NS_ERR_FORMAT (not such a file, or not made for dd's
 * documents); err gets a one-line reason. */
ns_status ns_story_set_save(const ns_story_set *ss, const char *path, char *err, size_t errlen);
ns_status ns_story_set_load(ns_story_set *ss, const ns_dedup *dd, const char *path, char *err, size_t errlen);

/* Free; accepts a zeroed struct. */
void ns_story_set_free(ns_story_set *ss);

#endif
