/* newsift — the sketch stage: cleaned texts -> exact hashes, MinHash
 * signatures and LSH band keys.
 *
 * Consumes: the cleaned texts of the store (mapped).
 * Produces: per document its token and distinct-shingle counts and a
 *   128-bit hash of its token stream (ns_sketches), and the LSH band keys
 *   of its signature in band files (one spill file per band).  Signatures
 *   and shingle sets are not kept: a chunk of signatures is cut into band
 *   keys at once.
 * Holds: 24 bytes per document, NS_SIGN_CHUNK signatures, one band file
 *   write buffer per band.
 * Threads: documents are shingled and signed in parallel, bands written in
 *   parallel (ctx->threads); the band files hold the same bytes for any
 *   thread count.
 *
 * The shingling of one document is also what verification uses
 * (ns_shingle_set), so both see the same tokens. */
#ifndef NEWSIFT_SHINGLE_H
#define NEWSIFT_SHINGLE_H

#include <stddef.h>
#include <stdint.h>
#include "context.h"
#include "docs.h"
#include "ingest.h"
#include "lsh.h"
#include "tokenize.h"

typedef struct {
	size_t n;
	uint32_t *ntok;     /* tokens of each cleaned text (0: none, or rejected) */
	uint32_t *nsh;      /* distinct shingles */
	uint64_t *exact;    /* 2 per document: 128-bit hash of the token stream (high, low) */
	ns_band_files bands;
} ns_sketches;

/* Sketch every document of ds that is not rejected.  The shingling and
 * signing times go to tm's timers (tm may be NULL).  NS_ERR_NOMEM;
 * NS_ERR_IO (logged): a band file; NS_ERR_INTERRUPTED. */
ns_status ns_sketch_all(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, ns_times *tm);
/* Free, band files too; accepts a zeroed struct. */
void ns_sketches_free(ns_sketches *sk);

/* The same in steps, for a run spread over processes.  ns_sketch_begin
 * makes sk for n documents (zeroed counts, empty band files); then
 * ns_sketch_docs sketches documents [i0, i1) of ds into it.  Band files'
 * entries may come in any order of documents: they are sorted when
 * paired.  NS_ERR_NOMEM, NS_ERR_IO (logged), NS_ERR_INTERRUPTED. */
ns_status ns_sketch_begin(const ns_ctx *c, size_t n, ns_sketches *sk);
ns_status ns_sketch_docs(const ns_ctx *c, const ns_docs *ds, size_t i0, size_t i1, ns_sketches *sk, ns_times *tm);

/* Sketch every document of ds (a process's part of the run) into a packed
 * stream (events with checksums, as ns_ingest_pack's) given to sink:
 * each document's counts, exact hash and band keys (about 24 bytes and 8
 * a band a document).  With own the sketches also stay in *own (begun
 * here: ns_sketch_begin; freed by the caller) and the band keys go to its
 * band files instead of the stream, the documents numbered from 0 in ds;
 * the stream says so.  The sink's status, NS_ERR_NOMEM, NS_ERR_IO (own),
 * NS_ERR_INTERRUPTED. */
ns_status ns_sketch_pack(const ns_ctx *c, const ns_docs *ds, ns_sketches *own, ns_ingest_sink sink, void *ud,
                         ns_times *tm);

/* Merge the packed sketches of parts first..nparts-1 into sk (begun for
 * the whole run's store ds), in part order: part k's documents are
 * [base[k], base[k + 1]) of ds.  A document that ds has rejected (an id
 * seen in an earlier part) is left out; a document rejected where it was
 * read but not in ds, a count of documents that differs, or a damaged
 * stream is NS_ERR_FORMAT.  Chunks may end anywhere. */
typedef struct ns_sketch_merge ns_sketch_merge;
ns_status ns_sketch_merge_create(ns_sketch_merge **m, const ns_ctx *c, const ns_docs *ds, ns_sketches *sk,
                                 const size_t *base, uint32_t nparts, uint32_t first);
ns_status ns_sketch_merge_feed(ns_sketch_merge *m, const void *p, size_t n);
/* NS_ERR_FORMAT unless every part came whole. */
ns_status ns_sketch_merge_finish(ns_sketch_merge *m);
void ns_sketch_merge_destroy(ns_sketch_merge *m);

/* A thread's scratch space for shingling one document at a time.  NULL
 * when out of memory; destroy accepts NULL. */
typedef struct ns_shingle_scratch ns_shingle_scratch;
ns_shingle_scratch *ns_shingle_scratch_create(void);
void ns_shingle_scratch_destroy(ns_shingle_scratch *s);

/* One document's shingle set for verification, in scratch space (valid
 * until the scratch is used again). */
typedef struct {
	const uint64_t *sh;  /* sorted unique shingle hashes */
	const uint32_t *seq; /* index into sh of the shingle at each position */
	const uint32_t *ls;  /* first token of each line */
	const uint64_t *num; /* sorted distinct hashes of its number tokens (those that start with a digit) */
	const uint32_t *numpos; /* its number tokens' positions in text order... */
	const uint32_t *numidx; /* ...and the index of each one's value in num */
	size_t nsh, nseq, nl, nnum, nnumocc;
	size_t ntok;
} ns_shingle_set;

/* The shingle set of document i (all counts 0 for a text without tokens).
 * NS_ERR_NOMEM. */
ns_status ns_shingle_doc_set(const ns_options *o, const ns_docs *ds, size_t i, ns_shingle_scratch *s, ns_shingle_set *out);
/* The same for a text that is not in a store (a history article's). */
ns_status ns_shingle_text_set(const ns_options *o, const char *text, size_t len, ns_shingle_scratch *s,
                              ns_shingle_set *out);

#endif
