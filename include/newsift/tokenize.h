/* newsift — word tokens and shingles.
 *
 * A token is a maximal run of Unicode letters, digits and combining marks,
 * normalised with NFKC and case folding, accents removed in Latin, Greek
 * and Cyrillic (pure-ASCII tokens take a byte-loop fast path with the same
 * result).  Shingles are hashes of k consecutive
 * tokens, built from per-token XXH3 values, so a shingle hash is stable across
 * platforms and versions for a given seed. */
#ifndef NEWSIFT_TOKENIZE_H
#define NEWSIFT_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Tokens of one text.  Zero-initialise; reused across calls. */
typedef struct {
	ns_buf norm;       /* normalised token bytes, each token NUL-terminated */
	uint32_t *off;     /* token i is norm.p + off[i], length len[i] */
	uint32_t *len;
	uint32_t *src;     /* byte offset of token i in the source text */
	uint32_t *src_len; /* byte length of token i in the source text */
	size_t n, cap;
	int32_t *u32;      /* scratch: code points of a token being normalised */
	size_t u32cap;
	void *scratch;     /* scratch: byte classes and lowered text */
	size_t scap;
} ns_tokens;

void ns_tokens_free(ns_tokens *t);

/* Tokenise text (valid UTF-8) into t, replacing its previous contents. */
ns_status ns_tokenize(const char *text, size_t len, ns_tokens *t);

/* ns_tokenize keeping only the first max_per_line tokens of each line (all
 * when 0): a line's further tokens are skipped, not normalised. */
ns_status ns_tokenize_lines(const char *text, size_t len, size_t max_per_line, ns_tokens *t);

/* XXH3-64 of a normalised token with the given seed. */
uint64_t ns_token_hash(const char *tok, size_t len, uint64_t seed);

/* A token's skeleton, which letter noise (OCR, bad transcoding) rarely
 * changes: letters OCR confuses mapped to one (1 -> l, 0 -> o, 5 -> s,
 * b -> h, f -> t, rn -> m, vv -> w, cl -> d), the letters most often
 * confused with others or dropped (a e i o u y c n) left out, and a letter
 * that repeats the one before it left out; "_" when nothing is left.  Bytes
 * above ASCII are kept.  Writes at most len bytes to out (at most 255 bytes
 * of tok are used); returns its length.  A token that starts with a digit
 * (a number) is not a word: callers keep it as is.
 *
 * For many tokens at once (NUL-separated, as ns_tokens.norm holds them):
 * ns_skeleton_map maps each of len bytes of w to out (0: left out), which
 * needs w[len] readable and is the same across a NUL; ns_skeleton_take then
 * writes one token's kept bytes (m[0..len) of that map) to out and returns
 * their count ("_" and 1 when none).  It reads 16 bytes at m and writes
 * max(len, 1) + 24 bytes at out. */
void ns_skeleton_map(const char *w, size_t len, char *out);
size_t ns_skeleton_take(const char *m, size_t len, char *out);
size_t ns_token_skeleton(const char *tok, size_t len, char *out);

/* Shingle hashes of n token hashes, k per shingle: n-k+1 values, or one when
 * 0 < n < k, none when n == 0.  out must hold max(1, n) values.  The values
 * are sorted and made unique; returns how many remain. */
size_t ns_shingles(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out);

/* The same shingle hashes in text order, repeats kept: what ns_shingles
 * sorts and makes unique (a MinHash needs no more).  Returns the count. */
size_t ns_shingle_list(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out);

/* Like ns_shingles, and also the order: seq[i] (n-k+1 entries, or 1 when
 * 0 < n < k) is the index in out of the i-th shingle of the text.  Returns
 * the number of unique shingles; *nseq gets the number of positions. */
size_t ns_shingle_seq(const uint64_t *tokhash, size_t n, uint32_t k, uint64_t seed, uint64_t *out, uint32_t *seq,
                      size_t *nseq);

#endif
