/* newsift — locality-sensitive hashing over MinHash signatures.
 *
 * Signatures are cut into b bands of r rows; two documents are candidates
 * when all rows of some band agree.  ns_lsh_params picks b and r for a
 * Jaccard threshold by minimising the weighted area of false positives
 * (below the threshold) and false negatives (above it) of the S-curve
 * 1 - (1 - s^r)^b, integrated numerically, as datasketch does. */
#ifndef NEWSIFT_LSH_H
#define NEWSIFT_LSH_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Choose bands × rows ≤ num_perm for threshold t with weights on false
 * positive and false negative area (summing to 1). */
void ns_lsh_params(double t, uint32_t num_perm, double w_fp, double w_fn, uint32_t *bands, uint32_t *rows);

/* Probability that a pair of Jaccard s becomes a candidate. */
double ns_lsh_prob(double s, uint32_t bands, uint32_t rows);

/* One document's key in one band. */
typedef struct {
	uint64_t key;
	uint32_t doc;
} ns_lsh_entry;

/* Key of band j of a signature. */
uint64_t ns_lsh_band_key(const uint32_t *sig, uint32_t j, uint32_t rows);

/* A candidate pair, a < b. */
typedef struct {
	uint32_t a, b;
} ns_pair;

/* Sort one band's entries and append the candidate pairs of its buckets to
 * *pairs (growable, *cap).  A bucket of more than max_bucket documents pairs
 * each with the bucket's first document only.  Deterministic. */
ns_status ns_lsh_band_pairs(ns_lsh_entry *e, size_t n, uint32_t max_bucket, ns_pair **pairs, size_t *npairs,
                            size_t *cap);

/* Sort pairs by (a, b) and remove repeats; returns the new count. */
size_t ns_pairs_unique(ns_pair *p, size_t n);

/* Merge two lists sorted by (a, b) without repeats into out (room for
 * nx + ny), the same: the union, in order.  Returns its count. */
size_t ns_pairs_merge(const ns_pair *x, size_t nx, const ns_pair *y, size_t ny, ns_pair *out);

/* Sort pairs and keep one copy of each pair that occurs at least min times;
 * returns the new count. */
size_t ns_pairs_repeated(ns_pair *p, size_t n, uint32_t min);

/* ---- band files: the band keys of a run, one spill file per band ----
 *
 * An entry is NS_BAND_ENTRY bytes: the key (8) then the document (4), in
 * the machine's byte order (the files never outlive the process). */
#define NS_BAND_ENTRY 12

typedef struct {
	struct ns_spill *band; /* one per band */
	uint32_t n;
} ns_band_files;

/* Open n empty band files in dir (NULL: $TMPDIR, else /tmp), each buffering
 * bufsize bytes.  NS_ERR_NOMEM; NS_ERR_IO with ns_band_files_errno set. */
ns_status ns_band_files_open(ns_band_files *bf, uint32_t n, const char *dir, size_t bufsize);
/* Append the n entries at e (n * NS_BAND_ENTRY bytes) to band j.  One
 * thread per band at a time.  NS_ERR_NOMEM, NS_ERR_IO. */
ns_status ns_band_files_put(ns_band_files *bf, uint32_t j, const unsigned char *e, size_t n);
/* errno of the first failure of any band file (0 if none). */
int ns_band_files_errno(const ns_band_files *bf);
/* Close and delete; accepts a zeroed struct. */
void ns_band_files_close(ns_band_files *bf);

/* Encode one entry at e. */
static inline void ns_band_entry_put(unsigned char *e, uint64_t key, uint32_t doc)
{
	for (int i = 0; i < 8; i++) e[i] = ((const unsigned char *)&key)[i];
	for (int i = 0; i < 4; i++) e[8 + i] = ((const unsigned char *)&doc)[i];
}

/* Append to *e (growable, capacity *ecap, *nent entries) the entries of
 * band j whose document plus base (the run's index of a document that bf
 * numbers from 0) is below ndocs and has use[] set, with base added.
 * NS_ERR_NOMEM, NS_ERR_IO. */
ns_status ns_band_files_read(ns_band_files *bf, uint32_t j, uint64_t base, const uint8_t *use, size_t ndocs,
                             ns_lsh_entry **e, size_t *ecap, size_t *nent);

/* The candidate pairs of band j: its entries of the documents with use[doc]
 * set (doc < ndocs) read back, sorted and paired (ns_lsh_band_pairs), the
 * pairs sorted and unique into *bp (*bn; malloc'd).  *e (capacity *ecap) is
 * growable scratch, left holding the *nent entries sorted by key then
 * document (nent may be NULL).  Different bands may be paired by different threads at
 * once.  NS_ERR_NOMEM, NS_ERR_IO. */
ns_status ns_band_files_pairs(ns_band_files *bf, uint32_t j, const uint8_t *use, size_t ndocs, uint32_t max_bucket,
                              ns_lsh_entry **e, size_t *ecap, size_t *nent, ns_pair **bp, size_t *bn);

#endif
