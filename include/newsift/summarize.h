/* newsift — sentence splitting and extractive multi-document summaries.
 *
 * ns_summarize() scores the sentences of a story's articles, picks a
 * non-redundant set within a budget and orders it by source date and
 * position.  Both are reentrant: no globals, the caller owns every buffer. */
#ifndef NEWSIFT_SUMMARIZE_H
#define NEWSIFT_SUMMARIZE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "options.h"
#include "sentence.h"

/* One article of a story. */
typedef struct {
	const char *text;  /* cleaned text (valid UTF-8) */
	size_t len;
	const char *date;  /* "YYYY-MM-DD" or "" */
	uint32_t order;    /* input position: the final tie-break */
} ns_sum_doc;

/* One chosen sentence. */
typedef struct {
	uint32_t doc;    /* index into the docs array */
	uint32_t sent;   /* sentence index within that doc (ns_sent_split order) */
	ns_span span;    /* bytes of the sentence in that doc's text */
} ns_sum_sent;

/* Summary budget and method. */
typedef struct {
	ns_budget_kind kind;
	uint32_t limit;       /* words, bytes or sentences */
	double redundancy;    /* a sentence whose cosine to a chosen one exceeds this is skipped */
	ns_sum_method method; /* how sentences are scored */
} ns_sum_params;

/* Summarise ndocs articles as one story.  *out is malloc'd (caller frees) and
 * holds *nout sentences in reading order (by doc date, then doc order, then
 * sentence index).  Returns NS_OK or NS_ERR_NOMEM. */
ns_status ns_summarize(const ns_sum_doc *docs, size_t ndocs, const ns_sum_params *prm,
                       ns_sum_sent **out, size_t *nout);

#endif
