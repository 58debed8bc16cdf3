/* newsift — MinHash signatures of shingle sets.
 *
 * Classic MinHash with num_perm independent hash functions
 * h_i(x) = a_i * x + b_i (mod 2^64), a_i odd, drawn from a seeded
 * SplitMix64 stream; a signature keeps the high 32 bits of each minimum.
 * The same seed gives the same signatures on every platform. */
#ifndef NEWSIFT_SKETCH_H
#define NEWSIFT_SKETCH_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef struct {
	uint32_t num_perm;
	uint64_t *a, *b;
} ns_minhash;

/* Draw the hash functions.  ns_minhash_free releases them. */
ns_status ns_minhash_init(ns_minhash *m, uint32_t num_perm, uint64_t seed);
void ns_minhash_free(ns_minhash *m);

/* Signature (num_perm values) of n shingle hashes; an empty set gives all
 * UINT32_MAX.  Reentrant. */
void ns_minhash_sign(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig);

/* Fraction of equal positions: the MinHash estimate of the Jaccard. */
double ns_minhash_similarity(const uint32_t *x, const uint32_t *y, uint32_t num_perm);

/* SplitMix64 step, the project's one seeded stream. */
uint64_t ns_splitmix64(uint64_t *state);

#endif
