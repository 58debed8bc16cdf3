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
