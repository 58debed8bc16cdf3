/* newsift — the dedup stage: sketches -> candidate pairs -> verified edges
 * -> duplicate groups with representatives.
 *
 * Consumes: the store (texts, dates) and the sketch stage's result (exact
 *   hashes, token counts, band files, which it closes).
 * Produces: ns_dedup, a value keyed by stable document keys: each
 *   document's status (kept, duplicate, rejected), its group's
 *   representative, how it matched (exact copy, near copy, contained copy)
 *   and with what similarity, and every verified edge.  It can be saved to
 *   and loaded from a versioned file.
 * Holds: the candidate pairs (8 bytes each) and their scores (16 bytes),
 *   one band's entries at a time per thread, the shingle sets of a window
 *   of documents (verify_window bytes) while verifying, and about 40 bytes
 *   per document.
 * Threads: bands are paired and pairs verified in parallel with
 *   ctx->threads; every merge is in index order, so the value is the same
 *   for any thread count and window size. */
#ifndef NEWSIFT_DEDUP_H
#define NEWSIFT_DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include "cluster.h"
#include "context.h"
#include "docs.h"
#include "shingle.h"
#include "state.h"

/* A document's status. */
enum { NS_KEPT = 0, NS_DUPLICATE = 1, NS_REJECTED = 2 };
/* How a duplicate matched. */
enum { NS_DUP_NONE = 0, NS_DUP_EXACT = 1, NS_DUP_NEAR = 2, NS_DUP_CONTAIN = 3, NS_DUP_EDITED = 4 };

/* The stage's result.  Indices are document indices (input order) and
 * key[i] is document i's stable key (ns_docs_key). */
typedef struct {
	size_t n;
	uint64_t *key;
	uint8_t *status;     /* NS_KEPT, NS_DUPLICATE, NS_REJECTED */
	uint8_t *kind;       /* NS_DUP_*: how a duplicate matched */
	uint32_t *group;     /* its group's representative (itself when kept or rejected) */
	uint32_t *partner;   /* the document it matched (UINT32_MAX: none) */
	float *sim;          /* the similarity of that match (1 for an exact copy) */
	uint32_t *ntok;      /* tokens of its cleaned text */
	uint32_t *voice;     /* NULL, or per kept document: the copy of its group whose text the story
	                        stage reads (with --representative best, the most central copy;
	                        itself for every other document) */
	ns_edge *edge;       /* verified near-duplicate edges, a < b, in (a, b) order */
	size_t nedge;
	uint64_t candidates; /* LSH candidate pairs verified */
	uint64_t kept, duplicates, exact, near, groups; /* groups: of two or more */
	/* With a history (ns_dedup_build_hist), else NULL and 0: */
	ns_href *hlead;      /* per document: the history article its group joined (NS_HREF_NONE: none) */
	uint64_t *exact_hash; /* per document: its exact hash (2 u64; 0 0 without tokens) */
	uint32_t nbands;     /* the kept documents' band keys, per band sorted by key then document */
	uint64_t **band_key;
	uint32_t **band_doc;
	size_t *band_n;
	uint64_t hist_candidates, hist_dups; /* pairs with history articles verified; documents that joined one */
} ns_dedup;

/* Deduplicate the documents of ds (mapped) from their sketches; sk's band
 * files are closed and its token counts move to dd (sk->ntok becomes
 * NULL).  verify_window bounds the bytes of shingle sets made at
 * a time.  Times go to tm's lsh, verify and cluster timers (tm may be
 * NULL).  NS_ERR_NOMEM; NS_ERR_IO (logged); NS_ERR_INTERRUPTED. */
ns_status ns_dedup_build(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window, ns_dedup *dd,
                         ns_times *tm);

/* The same against a history of earlier runs (hist; NULL: none), with
 * first-article clustering (o->cluster must be NS_CLUSTER_FIRST): the
 * history's articles come before every document.  A document whose exact
 * hash a history record has joins that record's group; a document's LSH
 * candidates among the history's kept articles are verified like any pair,
 * and a document joins the one it is most alike when no earlier kept
 * document of this run is more alike.  dd also keeps what the history's
 * next segment needs (exact hashes, the kept documents' band keys).
 * NS_ERR_FORMAT (logged): a history text is damaged. */
ns_status ns_dedup_build_hist(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window,
                              const ns_state *hist, ns_dedup *dd, ns_times *tm);


/* What verification measures of a candidate pair. */
typedef struct {
	double jaccard;      /* of the two shingle sets */
	double coverage;     /* of the shorter text by the longer one's shingles (ns_coverage) */
	double numbers;      /* share of the numbers inside the shorter text's shared text that the longer
	                        has (1: too few to tell; -1: not measured, the containment test cannot
	                        pass on coverage and Jaccard alone) */
	uint32_t small_ntok; /* tokens of the shorter text */
	double aligned;      /* sentence alignment of the shorter text in the longer (ns_align_share;
	                        -1: not measured, a test before it decided) */
	double align_numbers; /* share of the shorter text's distinct numbers that the longer has
	                        (1: fewer than containment_numbers_min; -1: not measured, alignment
	                        cannot decide the pair) */
} ns_pair_scores;

/* Deduplication with other processes (newsift-mpi), without a history
 * only (with one, remote is not used).
 *
 * candidates: sk's band files (own) hold this process's documents only;
 * it is given the documents to pair (root, n of them: the first of each
 * exact group, with shingles) and returns every process's pairs, sorted
 * and unique, in *pairs (malloc'd): the pairs the band files of all
 * processes together give.
 *
 * send_pairs (NULL: every pair is verified here): of the np pairs to
 * verify, it marks in away[] those it sends to be verified elsewhere (by
 * the process that has both documents, ns_dedup_verify); the rest are
 * verified here meanwhile; then take_scores puts the scores of those
 * marked into sc.  Called for the candidates and for each round of the
 * centre clustering's checks.  finish, when set, is called once at the end
 * of the stage, whatever its outcome: no more pairs will come. */
typedef struct {
	ns_status (*candidates)(void *ud, ns_band_files *own, const uint8_t *root, size_t n, ns_pair **pairs, size_t *np);
	ns_status (*send_pairs)(void *ud, const ns_pair *p, size_t np, uint8_t *away);
	ns_status (*take_scores)(void *ud, const ns_pair *p, size_t np, const uint8_t *away, ns_pair_scores *sc);
	void (*finish)(void *ud);
	void *ud;
} ns_dedup_remote;
/* Verify the np pairs p (two documents of ds each; the order matters: on
 * equal lengths a counts as the shorter) with the counts of sk
 * (ns_sketch_pack's own sketches of ds): their scores into sc, as the
 * dedup stage scores them.  NS_ERR_FORMAT when a pair is not two of ds's
 * documents, NS_ERR_NOMEM. */
ns_status ns_dedup_verify(const ns_ctx *c, const ns_docs *ds, const ns_sketches *sk, uint64_t verify_window,
                          const ns_pair *p, size_t np, ns_pair_scores *sc);
ns_status ns_dedup_build_remote(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, uint64_t verify_window,
                                const ns_state *hist, const ns_dedup_remote *remote, ns_dedup *dd, ns_times *tm);

/* Does a pair pass the near-duplicate test with every threshold of o
 * multiplied by relax?  NS_DUP_NEAR (by Jaccard), NS_DUP_CONTAIN (by
 * coverage: the shorter text is long enough, inside the longer one, and
 * keeps its numbers), NS_DUP_EDITED (by sentence alignment: the shorter
 * text is long enough, nearly all its sentences are found again in the
 * longer one, and it keeps its numbers) or NS_DUP_NONE. */
int ns_dedup_test(const ns_options *o, const ns_pair_scores *s, double relax);

/* Save dd to path (written whole under a temporary name, then renamed).
 * NS_ERR_IO, NS_ERR_OPEN, NS_ERR_NOMEM; err gets a one-line reason. */
ns_status ns_dedup_save(const ns_dedup *dd, const char *path, char *err, size_t errlen);
/* Load what ns_dedup_save wrote.  NS_ERR_FORMAT for a file that is not one
 * (wrong magic, version, size or checksum, an index out of range);
 * NS_ERR_OPEN, NS_ERR_IO, NS_ERR_NOMEM; err gets a one-line reason. */
ns_status ns_dedup_load(ns_dedup *dd, const char *path, char *err, size_t errlen);
/* Free; accepts a zeroed struct. */
void ns_dedup_free(ns_dedup *dd);

#endif
