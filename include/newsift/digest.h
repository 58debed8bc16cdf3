/* newsift — the digest stage: stories -> a digest for people to read.
 *
 * Consumes: the store (titles, texts, sources, dates, urls), the dedup
 *   stage's groups, the stories, their summaries and the history (when a
 *   run has one).
 * Produces: one digest model (ns_digest): the stories a reader is shown,
 *   in reading order (most articles first, then the latest article date,
 *   newest first, then input order), each with a headline, its summary
 *   sentences and the article each comes from, its articles with the text
 *   that lists them, its sources and date range; then the single-article
 *   stories, as many as options digest_singles allows.  The model is
 *   rendered three ways, all with the same stories in the same order:
 *   Markdown (digest.md), one self-contained HTML page (digest.html) and
 *   JSON (digest.json, schema in README.md).
 * Holds: the model (a few words per story and article shown; the texts stay
 *   in the store, which must outlive it) and, while building, one story's
 *   word counts.
 * Threads: built and rendered by the calling thread. */
#ifndef NEWSIFT_DIGEST_H
#define NEWSIFT_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "context.h"
#include "dedup.h"
#include "docs.h"
#include "state.h"
#include "stories.h"
#include "summarize.h"

/* A piece of text in the store: len bytes at p (not NUL-terminated); cut
 * set when it is the start of a longer text, shown followed by "…". */
typedef struct {
	const char *p;
	size_t len;
	int cut;
} ns_digest_text;

/* Where a headline comes from. */
typedef enum {
	NS_HEAD_TITLE,   /* the title of the story's most central titled article */
	NS_HEAD_SUMMARY, /* no article has a title: the summary's first sentence */
	NS_HEAD_TEXT     /* neither: the first sentence of the most central article */
} ns_digest_head;

/* One article (kept record) of a story. */
typedef struct {
	uint32_t doc;        /* its document index */
	ns_digest_text list; /* how it is listed: its title, else its first sentence (cut at a word boundary) */
	int titled;          /* list is its title */
	uint32_t copies;     /* other records of its duplicate group */
} ns_digest_article;

/* One summary sentence. */
typedef struct {
	uint32_t article;    /* index into the story's articles */
	uint32_t sent;       /* sentence index in that article's text (ns_sent_split order) */
	ns_digest_text text;
} ns_digest_sentence;

typedef struct {
	uint32_t story;      /* index into the story list */
	uint32_t label;      /* its label document */
	ns_digest_text headline;
	ns_digest_head head_from;
	uint32_t central;    /* index into articles of the article the headline stands for */
	ns_digest_article *articles; /* input order */
	uint32_t narticles;
	uint32_t nrecords;   /* its records, copies included */
	ns_digest_sentence *summary; /* reading order */
	uint32_t nsummary;
	uint32_t *sources;   /* documents whose source field names each distinct source, in article order */
	uint32_t nsources;
	uint32_t first_date, last_date; /* documents with the earliest and latest date (UINT32_MAX: none known) */
	int32_t last_days;   /* the latest date, days since 1970 (INT32_MIN: none) */
	int single;          /* listed with the single-article stories */
	int continuing;      /* continues a story of the history (with one) */
	const char *name;    /* its name: the history's story label when continuing, else its label's id */
	size_t name_len;
	char first_seen[16]; /* when continuing: the day the history first saw it */
	uint32_t earlier;    /* when continuing: its articles in the history */
} ns_digest_story;

/* The counts of the run that the digest's heading states. */
typedef struct {
	uint64_t read, kept, duplicates, exact, near, rejected, stories, multi;
} ns_digest_counts;

typedef struct {
	ns_digest_counts counts;
	int history;         /* the run has a history: stories say whether they are new */
	ns_digest_story *stories; /* the stories of two or more articles (and continuing ones), then the singles shown */
	size_t nstories;
	size_t nmulti;       /* stories before the singles */
	size_t singles;      /* single-article stories in the run (nstories - nmulti of them shown) */
} ns_digest;

/* Build the digest of a run.  ds must be mapped; sm and st may be NULL (no
 * summaries, no history); counts is copied.  The model points into ds,
 * sm's sentences and st, which must outlive it.  NS_ERR_NOMEM. */
ns_status ns_digest_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, const ns_story_set *ss,
                          const ns_summaries *sm, const ns_state *st, const ns_digest_counts *counts, ns_digest *d);
/* Free what ns_digest_build allocated; accepts a zeroed or freed model. */
void ns_digest_free(ns_digest *d);

/* Output formats. */
typedef enum { NS_DIGEST_MD, NS_DIGEST_HTML, NS_DIGEST_JSON } ns_digest_format;

/* Called with the rendered bytes so far (b); it may take them (write them
 * and empty b).  Non-zero stops the rendering. */
typedef int (*ns_digest_sink)(void *ud, ns_buf *b);

/* Render d as format fmt into b, calling sink (may be NULL) after each
 * story.  ds is the store d was built from.  NS_ERR_NOMEM; NS_ERR_IO when
 * sink stopped it. */
ns_status ns_digest_render(const ns_digest *d, const ns_docs *ds, ns_digest_format fmt, ns_buf *b, ns_digest_sink sink,
                           void *ud);

#endif
