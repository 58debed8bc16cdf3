/* newsift — sentence alignment: how much of a shorter text is found again,
 * sentence by sentence, in a longer one.
 *
 * A copy that was abridged and reworded (sentences dropped, a word in ten
 * replaced, words added or swapped) keeps few of its word 5-shingles, so
 * neither Jaccard nor shingle coverage finds it; but nearly every sentence
 * it kept still has most of its words in one sentence of the original.  A
 * different report of the same event shares a quote or two and its names,
 * not sentence after sentence.
 *
 * The texts are tokenised as for shingles (ns_tokenize); a sentence ends
 * at a line break or after ".", "!" or "?" followed by a space.  A
 * sentence of the shorter text with at least NS_ALIGN_MIN_WORDS tokens is
 * found again when one sentence of the longer text holds at least
 * NS_ALIGN_SENTENCE_SHARE of its distinct tokens.  The share of the
 * shorter text's tokens (in sentences of at least NS_ALIGN_MIN_WORDS
 * tokens) that lie in found sentences is the alignment, in [0, 1].
 * Thread-safe with one scratch per thread. */
#ifndef NEWSIFT_ALIGN_H
#define NEWSIFT_ALIGN_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#define NS_ALIGN_MIN_WORDS 5
#define NS_ALIGN_SENTENCE_SHARE 0.7

typedef struct ns_align_scratch ns_align_scratch;

ns_align_scratch *ns_align_scratch_create(void);
void ns_align_scratch_destroy(ns_align_scratch *s);

/* The alignment of the shorter of texts a and b (by tokens) in the other
 * into *share: 0 when the shorter has no sentence of NS_ALIGN_MIN_WORDS
 * tokens.  NS_ERR_NOMEM. */
ns_status ns_align_share(const char *a, size_t la, const char *b, size_t lb, ns_align_scratch *s, double *share);

#endif
