/* newsift — MinHash signatures of shingle sets.
 *
 * Three variants, chosen by measurement (results/minhash.md):
 *   classic  num_perm independent functions h_i(x) = a_i x + b_i (mod 2^64),
 *            a_i odd, from a seeded SplitMix64 stream; cost num_perm
 *            multiply-adds per shingle;
 *   oph      one-permutation hashing with optimal densification
 *            (Shrivastava 2017): one hash per shingle picks a bin and a
 *            value, each bin keeps its minimum, and an empty bin copies the
 *            value of a non-empty bin found by a seeded probe sequence that
 *            depends only on the bin, so two sets with the same empty bins
 *            copy from the same places; cost one hash per shingle;
 *   cminhash C-MinHash (Li & Li 2021): one initial permutation sigma and one
 *            permutation pi shifted circularly: h_k(x) = pi(sigma(x) + k);
 *            cost num_perm mixes per shingle, lower variance than classic.
 * Signatures keep 32 bits per value.  The same seed gives the same
 * signatures on every platform. */
#ifndef NEWSIFT_SKETCH_H
#define NEWSIFT_SKETCH_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef enum { NS_MH_OPH = 0, NS_MH_CLASSIC = 1, NS_MH_CMINHASH = 2 } ns_minhash_kind;

/* Name of a variant ("oph", "classic", "cminhash"). */
const char *ns_minhash_name(ns_minhash_kind k);

typedef struct {
	ns_minhash_kind kind;
	uint32_t num_perm;
	uint64_t seed;
	uint64_t *a, *b;     /* classic: the functions */
} ns_minhash;

/* Prepare a variant.  ns_minhash_free releases it. */
ns_status ns_minhash_init(ns_minhash *m, ns_minhash_kind kind, uint32_t num_perm, uint64_t seed);
void ns_minhash_free(ns_minhash *m);

/* Signature (num_perm values) of n shingle hashes; an empty set gives all
 * UINT32_MAX.  Only the set counts: order and repeats do not change it.
 * Reentrant. */
void ns_minhash_sign(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig);

/* Fraction of equal positions: the MinHash estimate of the Jaccard. */
double ns_minhash_similarity(const uint32_t *x, const uint32_t *y, uint32_t num_perm);

/* SplitMix64 step, the project's one seeded stream. */
uint64_t ns_splitmix64(uint64_t *state);

#endif
