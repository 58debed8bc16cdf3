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
#include "state.h"
#include "dedup.h"
#include "clean.h"
#include "ingest.h"
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
/* The same for a text whose language is known (as ns_story_counts detected
 * it): no detection. */
ns_status ns_story_counts_lang(const char *title, size_t tlen, const char *text, size_t len, int stem, ns_tokens *tok,
                               ns_stemmer *stemmer, ns_story_scratch *sc, ns_termvec *v, ns_lang lang);

/* Drop the terms marked dropped (weight -1), keep the max_terms strongest
 * (larger weight first, ties to the smaller term) and L2-normalise; v stays
 * sorted by term.  Works in place. */
void ns_story_weigh(ns_termvec *v, uint32_t max_terms);

/* Cosine of two weighted vectors. */
double ns_termvec_cosine(const ns_termvec *a, const ns_termvec *b);

/* The k strongest terms of v (all when it has no more; larger weight
 * first, ties to the smaller term), in term order, into out (room for k);
 * returns how many. */
uint32_t ns_story_top_terms(const ns_termvec *v, uint32_t k, uint64_t *out);

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

/* The same with a level per vertex (level NULL: merge_t for every one): a
 * group's level is the highest of its members', and two groups merge when
 * their similarity reaches the higher of their levels. */
ns_status ns_story_cluster_avg_levels(size_t n, const ns_edge *e, size_t ne, double merge_t, const double *level,
                                      const int32_t *days, int max_days, ns_uf *u);

/* ---- the story stage: duplicate groups -> story vectors -> stories ----
 *
 * Consumes: the store (titles, texts, dates) and the dedup stage's value.
 * Produces: ns_story_set, a value keyed by stable document keys: each
 *   document's story label, and the stories with their members.  Every
 *   duplicate group lies in one story.  Short texts copied verbatim many
 *   times (crawl notices: options notice_copies, notice_words) stay out of
 *   story linking; their copies still form one story.
 * Holds: beyond a window of articles' count vectors, the frequency
 *   table (storyvec.h), then one compact vector per kept article (its
 *   story_terms strongest terms, about 3 bytes a term), the candidate
 *   index and the edges; checked against the memory available after every
 *   window.  The texts are read twice, a window at a time: once to count
 *   document frequencies, once to make the vectors.
 * Threads: counts, frequencies, vectors, candidates and cosines in
 *   parallel with ctx->threads; the links are made serially in edge order,
 *   so the value is the same for any thread count (and window size). */

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
	struct {             /* what the stage held and did (not saved with the value) */
		uint64_t terms;        /* terms kept for story vectors (2 <= df <= the ceiling) */
		uint64_t df_bytes;     /* the frequency table at its largest */
		uint64_t vector_bytes; /* the compact vectors */
		uint64_t index_bytes;  /* the candidate index */
		uint64_t candidates;   /* candidate pairs */
		uint64_t edges;        /* candidate pairs at --story-threshold or above */
		uint64_t peak_bytes;   /* the most of these held at once (windows and the cache aside) */
		uint64_t cache_bytes;  /* count vectors kept from the first pass for the second */
		double merge_min, merge_max; /* the lowest and highest merge level of an article (average link) */
	} stats;
	/* For a history (ns_story_set_build_sig with sig_terms > 0; else NULL, 0): */
	uint32_t nsig;       /* terms of a signature */
	uint32_t *sig_term;  /* per document, nsig: its strongest story terms (high 32 bits of the term's hash;
	                        0: none), strongest first (kept documents only) */
	uint8_t *sig_w;      /* their weights, 255 for the strongest */
	/* Stories that continue a history's (ns_story_continue; else NULL): per label document */
	ns_href *cont;       /* a history article of the story it continues (NS_HREF_NONE: a new story) */
	int64_t *first_seen; /* the first run of that story (seconds since 1970) */
	uint32_t *earlier;   /* its articles in the history */
} ns_story_set;

/* Group the documents of ds into stories from their duplicate groups dd
 * (options dedup_only: each group is a story).  The time goes to tm's
 * stories timer (tm may be NULL).  NS_ERR_MEMORY (logged) when the term
 * vectors would not fit in the memory available; NS_ERR_NOMEM. */
ns_status ns_story_set_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_story_set *ss, ns_times *tm);
/* The same, and with sig_terms > 0 each kept article's signature (its
 * sig_terms strongest terms, for a history's story continuity). */
ns_status ns_story_set_build_sig(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, uint32_t sig_terms,
                                 ns_story_set *ss, ns_times *tm);

/* The first pass's count vectors made by other processes (a run spread
 * over processes, newsift-mpi; the library knows nothing of how).  Before
 * the first pass, begin gets each kept article i's document doc[i] (the
 * copy whose text speaks for it; UINT32_MAX: a scraped notice, which has
 * no vector), whether its story shared lines are stripped (strip[i]) and
 * those lines.  The vectors of the articles whose document is remote(ud,
 * doc) then come from next, in article order: article i's count vector
 * into *v (v->t malloc'd) and its language (ns_lang) into *lang.  next's
 * status (not NS_OK) stops the stage with it.  Without vectors, the
 * second pass makes again, here, what the first pass's cache does not
 * hold.  With vectors, the remote articles' count vectors are not kept
 * here: once the frequencies are counted, vectors(ud, df, m, max_df) hands
 * them to the other processes, which weigh and encode their vectors
 * (ns_story_vectors_pack), and next_vec gives them back in article order
 * (*enc malloc'd, its length, scale and the article's language).
 *
 * With count (and vectors), the frequencies are counted by all the
 * processes together and next is not called: each window's count vectors
 * of the articles made here (the remote ones empty) go to count(ud, i0,
 * wn, v, &need), in article order, which counts them with the other
 * processes' (*need: what this process's share of the counter will hold,
 * projected to all m articles); then counted(ud, st, max_df, &df) gives
 * the whole finished counter (*df, the stage's to destroy) or, st set
 * (this process failed; the others are told), only ends the count.  Their
 * status (not NS_OK) stops the stage.
 *
 * With candidates (and vectors), the story candidates are found by all the
 * processes together: candidates(ud, post, np, nterms, min_shared,
 * max_posting, &c, &nc) gets the postings of the articles made here
 * (term << 32 | article, ns_story_vecs_postings) and gives every
 * candidate pair (*c malloc'd: a << 32 | b ascending, as
 * ns_story_pairs_shared gives them), whose edges the stage then weighs
 * (ns_story_edges_of). */
typedef struct ns_story_df ns_story_df;
typedef struct {
	int (*remote)(void *ud, uint32_t doc);
	ns_status (*begin)(void *ud, const uint32_t *doc, const uint8_t *strip, size_t m, const ns_boiler_line *sl,
	                   size_t nsl);
	ns_status (*next)(void *ud, size_t i, ns_termvec *v, uint8_t *lang);
	ns_status (*count)(void *ud, size_t i0, size_t wn, const ns_termvec *v, uint64_t *need);
	ns_status (*counted)(void *ud, ns_status st, uint32_t max_df, ns_story_df **df);
	ns_status (*candidates)(void *ud, const uint64_t *post, size_t np, uint32_t nterms, uint32_t min_shared,
	                        uint32_t max_posting, uint64_t **c, size_t *nc);
	ns_status (*vectors)(void *ud, ns_story_df *df, size_t m, uint32_t max_df);
	ns_status (*next_vec)(void *ud, size_t i, uint8_t **enc, size_t *len, float *scale, uint8_t *lang);
	void *ud;
} ns_story_remote;
/* ns_story_set_build_sig with vectors made elsewhere (remote may be NULL):
 * the same result. */
ns_status ns_story_set_build_remote(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, uint32_t sig_terms,
                                    const ns_story_remote *remote, ns_story_set *ss, ns_times *tm);

/* The other side: the count vectors of documents doc[0..n) of ds (this
 * process's store), each without the lines sl when strip[k], into a
 * packed stream (events with checksums) given to sink, in order; with
 * each (may be NULL), each chunk's vectors also to each(ud, k0, v, k1):
 * those of doc[k0 .. k0 + k1), before their bytes go to sink.
 * NS_ERR_NOMEM, NS_ERR_INTERRUPTED, the sink's or each's status. */
typedef ns_status (*ns_story_counts_each)(void *ud, size_t k0, const ns_termvec *v, size_t k1);
ns_status ns_story_counts_pack(const ns_ctx *c, const ns_docs *ds, const uint32_t *doc, const uint8_t *strip, size_t n,
                               const ns_boiler_line *sl, size_t nsl, ns_story_counts_each each, ns_ingest_sink sink,
                               void *ud);
/* The other side of the second pass: the count vectors of a stream that
 * ns_story_counts_pack made (its bytes from src, as ns_part_source gives
 * them: a count, 0 at the end, or a negative status) weighed with df's
 * frequencies (of m articles, max_df), cut to the options' story_terms and
 * encoded, into another packed stream given to sink, in order.
 * NS_ERR_FORMAT (a damaged stream), NS_ERR_NOMEM, the sink's status. */
ns_status ns_story_vectors_pack(const ns_ctx *c, ns_story_df *df, size_t m, uint32_t max_df,
                                long (*src)(void *ud, void *buf, size_t cap), void *sud, ns_ingest_sink sink,
                                void *ud);
/* Reading such a stream: feed its bytes (chunks may end anywhere;
 * NS_ERR_FORMAT for a damaged stream), take the vectors decoded so far in
 * order (1, or 0 when none waits; v->t is the caller's to free).  ended
 * says whether the stream's end came, or a failure the sending process
 * put in its stream (*failed its status and *msg why; see
 * ns_story_counts_fail). */
typedef struct ns_story_counts_reader ns_story_counts_reader;
ns_status ns_story_counts_reader_create(ns_story_counts_reader **rd);
ns_status ns_story_counts_reader_feed(ns_story_counts_reader *rd, const void *p, size_t n);
int ns_story_counts_reader_take(ns_story_counts_reader *rd, ns_termvec *v, uint8_t *lang);
/* ...or, from a stream of ns_story_vectors_pack, the next encoded vector
 * (*enc the caller's to free) and its article's language. */
int ns_story_counts_reader_take_vec(ns_story_counts_reader *rd, uint8_t **enc, size_t *len, float *scale,
                                    uint8_t *lang);
int ns_story_counts_reader_ended(const ns_story_counts_reader *rd, const char **msg, ns_status *failed);
void ns_story_counts_reader_destroy(ns_story_counts_reader *rd);
/* The event that ends a stream with a failure (status st, message msg)
 * into b. */
ns_status ns_story_counts_fail(ns_buf *b, ns_status st, const char *msg);

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
