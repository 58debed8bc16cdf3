/* newsift — the batch driver: read -> boilerplate -> sketch -> dedup ->
 * stories -> summaries -> write, each stage a function over explicit
 * values (see the stage headers).
 *
 * A run owns the document store and every stage's result; it decides the
 * order of the stages, the memory windows (from options memory_budget),
 * the thread count (options threads, as num_threads of every parallel
 * region: no process-wide setting is changed) and the timers.  Output bytes
 * depend only on the inputs and the options, never on the number of
 * threads or the memory budget.  A run is driven from one thread. */
#ifndef NEWSIFT_PIPELINE_H
#define NEWSIFT_PIPELINE_H

#include <signal.h>
#include <stdint.h>
#include "common.h"
#include "context.h"
#include "dedup.h"
#include "docs.h"
#include "ingest.h"
#include "options.h"
#include "stories.h"
#include "summarize.h"
#include "write.h"

typedef struct ns_run ns_run;

/* Create a run.  o must have passed ns_options_check and must outlive the
 * run.  log may be NULL.  NS_ERR_NOMEM. */
ns_status ns_run_create(ns_run **r, const ns_options *o, ns_log_fn log, void *ud);

/* The run checks *flag between steps and stops with NS_ERR_INTERRUPTED when it
 * is non-zero (a signal handler sets it). */
void ns_run_set_stop_flag(ns_run *r, volatile sig_atomic_t *flag);

/* Report each stage's progress to fn (ns_progress_fn, from the calling
 * thread; stages "read", "boilerplate", "dedup", "stories", "summaries",
 * "write").  A run also logs each stage's time and counts as info lines. */
void ns_run_set_progress(ns_run *r, ns_progress_fn fn, void *ud);

/* Read n inputs (paths or "-") in order (ns_ingest_files).  A file that
 * cannot be opened or read to the end is reported and counted
 * (input_errors) and the run goes on.  NS_ERR_STRICT when strict and a
 * record was rejected; NS_ERR_NOMEM, NS_ERR_IO, NS_ERR_INTERRUPTED. */
ns_status ns_run_read_files(ns_run *r, const char *const *paths, size_t n);
/* ns_run_read_files of one input. */
ns_status ns_run_read(ns_run *r, const char *path);

/* A run spread over processes (newsift-mpi), its read stage: each process
 * packs its part of a plan (ns_ingest_pack) with ns_run_pack; the process
 * that runs the later stages reads part `own` (the first parts, or -1:
 * none) straight into its store and then merges the other parts' streams
 * in order with ns_run_read_parts, whose src gives their next bytes into
 * buf (at most cap): their count, 0 after the last, or a negative
 * ns_status when a part failed (src reports why).  An input of its own
 * part that cannot be opened is NS_ERR_OPEN with err saying why.  The
 * store is the one ns_run_read_files makes of the same inputs; the stage's
 * time is the wall time of the call. */
typedef long (*ns_part_source)(void *ud, void *buf, size_t cap);
ns_status ns_run_pack(ns_run *r, const ns_ingest_plan *plan, uint32_t part, int keep, ns_ingest_sink sink, void *ud,
                      char *err, size_t errlen);
ns_status ns_run_read_parts(ns_run *r, const ns_ingest_plan *plan, int own, char *err, size_t errlen,
                            ns_part_source src, void *ud);

/* ...then its boilerplate and sketches.  The merging process removes the
 * boilerplate (ns_run_boilerplate: the lines are learned from every
 * part's occurrences) and hands the learned lines (ns_run_boiler_lines) to
 * the others.  Each other process, which packed its part with keep set
 * (its records stay in its store too), strips them (ns_run_strip) and
 * sketches its records into a packed stream (ns_run_sketch_pack).  The
 * merging process sketches its own records, documents [0, base[1]), and
 * takes the other parts' sketches from src in part order
 * (ns_run_sketch_parts; part k's documents are [base[k], base[k + 1]),
 * base[nparts] the store's count).  ns_run_process then goes on from
 * there, with the bytes ns_run_read_files and ns_run_process give.  A
 * damaged or short stream is NS_ERR_FORMAT. */
ns_status ns_run_boilerplate(ns_run *r);
const ns_boiler_line *ns_run_boiler_lines(const ns_run *r, size_t *n);
ns_status ns_run_strip(ns_run *r, const ns_boiler_line *lines, size_t n);
ns_status ns_run_sketch_pack(ns_run *r, int own_bands, ns_ingest_sink sink, void *ud);
ns_status ns_run_sketch_parts(ns_run *r, const size_t *base, uint32_t nparts, ns_part_source src, void *ud);
/* ...and the story stage's count vectors: made by the process that has
 * each kept article's text (ns_story_remote, borrowed until the run is
 * destroyed; the other processes make them with ns_story_counts_pack). */
void ns_run_set_story_remote(ns_run *r, const ns_story_remote *rem);
/* ns_story_vectors_pack with the frequencies another process saved
 * (ns_story_df_save: dflen bytes at df): NS_ERR_FORMAT when they are not
 * such bytes. */
ns_status ns_run_story_vectors(ns_run *r, const void *df, size_t dflen, size_t m, uint32_t max_df,
                               long (*src)(void *ud, void *buf, size_t cap), void *sud, ns_ingest_sink sink, void *ud);
/* ns_story_counts_pack of this process's store: NS_ERR_FORMAT when a
 * document is not in it. */
ns_status ns_run_story_counts(ns_run *r, const uint32_t *doc, const uint8_t *strip, size_t n, const ns_boiler_line *sl,
                              size_t nsl, ns_story_counts_each each, ns_ingest_sink sink, void *ud);
/* With own_bands, ns_run_sketch_pack keeps the band keys in the process's
 * own band files (ns_run_band_files, NULL until then) and the merging
 * process's dedup stage makes the candidate pairs with the others through
 * ns_dedup_remote (borrowed until the run is destroyed). */
ns_band_files *ns_run_band_files(ns_run *r);
void ns_run_set_dedup_remote(ns_run *r, const ns_dedup_remote *rem);
/* ...and verifies the pairs of its own documents the merging process sends
 * it (numbered in its store): ns_dedup_verify with the sketches it kept. */
ns_status ns_run_verify(ns_run *r, const ns_pair *p, size_t np, ns_pair_scores *sc);
/* ...and the summaries: each story whose articles are all in one other
 * process's store is summarised there (ns_summary_remote, borrowed until
 * the run is destroyed; the other process makes them with
 * ns_run_summaries_pack, ns_summaries_pack of its store). */
void ns_run_set_summary_remote(ns_run *r, const ns_summary_remote *rem);
ns_status ns_run_summaries_pack(ns_run *r, const uint32_t *narts, size_t n, const uint32_t *doc, size_t ndoc, ns_buf *out);

/* Remove boilerplate and duplicates, group and summarise everything read.
 * NS_ERR_MEMORY when the story stage would not fit in memory (logged). */
ns_status ns_run_process(ns_run *r);

/* Only the dedup part of ns_run_process: boilerplate, sketches, duplicate
 * groups (ns_run_dedup is then set; stories are not made). */
ns_status ns_run_dedup_only(ns_run *r);

/* Write all outputs into outdir (created if missing), each complete under a
 * temporary name first and then renamed into place. */
ns_status ns_run_write(ns_run *r, const char *outdir);

/* Deduplicate against the history in s (open, locked, made with this run's
 * options; the run borrows it), and continue its stories, for a run at
 * run_time (seconds since 1970): set before ns_run_process.  The options
 * must use first-article clustering. */
void ns_run_set_state(ns_run *r, ns_state *s, int64_t run_time);
/* After ns_run_write: add this run's records to the history.  NS_ERR_IO
 * (err says why; the history is as it was), NS_ERR_NOMEM. */
ns_status ns_run_commit_state(ns_run *r, char *err, size_t errlen);

void ns_run_counts_get(const ns_run *r, ns_run_counts *c);
/* What reading met (ns_ingest's counts; its occurrences are gone after
 * ns_run_process). */
const ns_ingest *ns_run_ingest(const ns_run *r);

/* The run's store and stage results: NULL until the stage has run; valid
 * until ns_run_destroy. */
const ns_docs *ns_run_docs(const ns_run *r);
const ns_dedup *ns_run_dedup(const ns_run *r);
const ns_story_set *ns_run_stories(const ns_run *r);

/* Instead of ns_run_process: remove boilerplate and duplicates, then
 * summarise the kept articles grouped by label_of (NULL: all articles form
 * one story, labelled "").  Summaries go to out, from the calling thread. */
ns_status ns_run_summarize(ns_run *r, ns_label_fn label_of, void *lud, ns_summary_fn out, void *oud);

/* Destroy; accepts NULL. */
void ns_run_destroy(ns_run *r);

#endif
