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
#include "stories.h"

/* One article of a story. */
typedef struct {
	const char *text;  /* cleaned text (valid UTF-8) */
	size_t len;
	int64_t time;      /* date, seconds since 1970 UTC; INT64_MIN when unknown */
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

/* Name of a method ("concept", "centroid-lead", "centroid", "lexrank",
 * "lead"), as the command line spells it. */
const char *ns_sum_method_name(ns_sum_method m);

/* Summarise ndocs articles as one story.  *out is malloc'd (caller frees) and
 * holds *nout sentences in reading order: the lead fact (the best sentence)
 * first, with the sentences that follow it in its article, then the rest by
 * article date (unknown last), input order and position.  Fragments (a
 * start in lower case, a cut end, a quotation without its speaker) are
 * left out while other sentences are left; in English, a sentence that
 * points back to the one before it ("But ...", "Again, ...", "He said ...",
 * "...," he said.") is chosen only together with that sentence.  Returns
 * NS_OK or NS_ERR_NOMEM. */
ns_status ns_summarize(const ns_sum_doc *docs, size_t ndocs, const ns_sum_params *prm,
                       ns_sum_sent **out, size_t *nout);

/* ---- the summary stage: stories -> summaries ----
 *
 * Consumes: the store's texts and dates, the stories.
 * Produces: one summary per story (ns_summaries, indexed like the story
 *   list; sentences name the article by its place in the story's
 *   articles): a multi-document summary of two or more articles, the lead
 *   (--summary-method lead) of a single article's opening paragraphs.
 * Holds: the chosen sentences; each thread's scratch for one story.
 * Threads: one story per iteration, in parallel with ctx->threads. */
typedef struct {
	ns_sum_sent **sent;   /* per story (NULL: none) */
	size_t *nsent;
	size_t n;             /* stories */
	uint64_t done;        /* summaries made */
} ns_summaries;

/* Summarise every story of ss.  The time goes to
 * tm's summaries timer (tm may be NULL).  NS_ERR_NOMEM. */
ns_status ns_summaries_build(const ns_ctx *c, const ns_docs *ds, const ns_story_set *ss, ns_summaries *sm, ns_times *tm);
void ns_summaries_free(ns_summaries *sm);

/* Summaries made by other processes, each by the one that has a story's
 * articles (newsift-mpi): send gets the stories and marks in away[k] those
 * it sends to be made elsewhere; the rest are made here meanwhile; then
 * take puts theirs into sm->sent[k] and sm->nsent[k] (ns_summaries_unpack).
 * The result is ns_summaries_build's. */
typedef struct {
	ns_status (*send)(void *ud, const ns_story_set *ss, uint8_t *away);
	ns_status (*take)(void *ud, const ns_story_set *ss, const uint8_t *away, ns_summaries *sm);
	void *ud;
} ns_summary_remote;
ns_status ns_summaries_build_remote(const ns_ctx *c, const ns_docs *ds, const ns_story_set *ss,
                                    const ns_summary_remote *rem, ns_summaries *sm, ns_times *tm);
/* The other side: the summaries of n stories whose articles are documents
 * of ds (a story's articles are the next narts[k] of doc[0..ndoc), in input
 * order), packed and appended to out: per story a u32 count, then per
 * sentence four u32 (its article's place in the story, the sentence, the
 * span's start and length).  NS_ERR_FORMAT when the lists do not add up or
 * name a document ds does not have, NS_ERR_NOMEM. */
ns_status ns_summaries_pack(const ns_ctx *c, const ns_docs *ds, const uint32_t *narts, size_t n, const uint32_t *doc,
                            size_t ndoc, ns_buf *out);
/* Such packed summaries of the stories story[0..n) of ss into sm (made by
 * ns_summaries_build_remote; their texts in ds): NS_ERR_FORMAT when the
 * bytes are not that, or a span is not in its article's text. */
ns_status ns_summaries_unpack(const void *p, size_t len, const ns_docs *ds, const ns_story_set *ss,
                              const uint32_t *story, size_t n, ns_summaries *sm);

/* One summary sentence as ns_summarize_labels delivers it; the strings
 * point into the store (text is not NUL-terminated). */
typedef struct {
	const char *id;       /* the article's id */
	uint32_t sentence;    /* index of the sentence in the article's cleaned text */
	const char *text;
	size_t len;
} ns_run_sentence;

/* Label of an article: articles with equal labels form one story; NULL
 * leaves the article out.  The string must outlive ns_summarize_labels. */
typedef const char *(*ns_label_fn)(void *ud, const char *id);

/* Receives each story's summary, in order of the story's first article. */
typedef void (*ns_summary_fn)(void *ud, const char *label, const ns_run_sentence *s, size_t n);

/* Summarise the kept documents of dd grouped by label_of (NULL: all form
 * one story, labelled "").  Summaries go to out from the calling thread.
 * NS_ERR_NOMEM. */
ns_status ns_summarize_labels(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_label_fn label_of, void *lud,
                              ns_summary_fn out, void *oud);

#endif
