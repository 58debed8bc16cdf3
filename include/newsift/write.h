/* newsift — the write stage: every stage's result -> the output files.
 *
 * Consumes: the store and the values of the other stages (ns_outputs).
 * Produces: clusters.tsv (every record: kept, duplicate of X, or rejected
 *   with the reason and file:line), deduped.jsonl.gz (the kept records, one
 *   JSON object a line, unless options no_dump), stories.jsonl, digest.md,
 *   digest.html, digest.json (digest.h)
 *   and report.json (counts, learned boilerplate, rejections, every option,
 *   timings) in an output directory.  Each file is written whole under a
 *   temporary name and renamed into place, report.json last.
 * Holds: one output buffer (flushed every MiB); for deduped.jsonl.gz two
 *   rounds of compressed gzip members.
 * Threads: the gzip members are made in parallel with ctx->threads; the
 *   bytes are the same for any thread count.  Logs from the calling thread
 *   only. */
#ifndef NEWSIFT_WRITE_H
#define NEWSIFT_WRITE_H

#include <stdint.h>
#include "boiler.h"
#include "context.h"
#include "dedup.h"
#include "docs.h"
#include "ingest.h"
#include "stories.h"
#include "summarize.h"

/* Counts of a run, for the report and a caller's summary line. */
typedef struct {
	uint64_t read;        /* records read (non-blank lines) */
	uint64_t kept, duplicate, rejected;
	uint64_t exact_dups, near_dups;
	uint64_t repaired;    /* records kept after a repair (e.g. invalid UTF-8) */
	uint64_t blank_lines; /* blank lines skipped (not records) */
	uint64_t input_errors;/* inputs that could not be opened or read to the end */
	uint64_t input_bytes; /* uncompressed input bytes */
	uint64_t dup_groups;  /* groups of two or more records */
	uint64_t stories, multi_stories, summaries;
	uint64_t boiler_lines, boiler_removed;
	uint64_t builtin_removed[NS_SCRUB_NKINDS]; /* built-in boilerplate lines removed, by kind */
	uint64_t builtin_total, meta_removed, date_filled; /* ...all kinds; metadata lines; dates from texts */
	uint64_t non_articles[NS_PAGE_NKINDS], non_article_total; /* rejected as not articles */
	uint64_t pages[4];    /* records read as web pages, by where their text came from (NS_BODY_*) */
	uint64_t warc[NS_WARC_NTYPES], warc_not_pages[2]; /* WARC records by type; responses that are no page */
	uint64_t candidates, verified;
	uint32_t bands, rows;
} ns_run_counts;

/* The counts of a run from its stage results (any may be NULL: a stage
 * not run counts nothing). */
void ns_run_counts_make(ns_run_counts *c, const ns_options *o, const ns_ingest *in, const ns_boilerplate *bp,
                        const ns_dedup *dd, const ns_story_set *ss, const ns_summaries *sm);

/* What the outputs are made of.  bp and sm may be NULL (no boilerplate
 * learned, no summaries). */
typedef struct {
	const ns_docs *ds;
	const ns_boilerplate *bp;
	const ns_dedup *dd;
	const ns_story_set *ss;
	const ns_summaries *sm;
	const ns_run_counts *counts;
	const ns_state *state; /* the history duplicates may refer to (NULL: none) */
} ns_outputs;

/* The names of every file ns_write_outputs may write into an output
 * directory, NULL-ended: a caller that marks a directory's outputs stale
 * after a failed run reads them here. */
extern const char *const ns_output_files[];

/* Write the outputs into outdir (created with its missing parents).  The
 * write time is added to tm, whose timers go into report.json.
 * NS_ERR_OPEN (the directory), NS_ERR_IO (logged; no output is left
 * half-written), NS_ERR_NOMEM, NS_ERR_INTERRUPTED (nothing renamed into
 * place). */
ns_status ns_write_outputs(const ns_ctx *c, const ns_outputs *out, const char *outdir, ns_times *tm);

#endif
