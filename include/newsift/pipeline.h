/* newsift — the batch driver: read -> clean -> dedup -> stories ->
 * summaries -> write.
 *
 * A run reads its inputs in batches (lines read serially, parsed and cleaned
 * in parallel into slots indexed by input position), then processes the
 * whole set and writes the outputs.  The records' texts and the LSH band
 * keys go to spill files (unlinked temporary files in options.tmp_dir), so
 * a run holds about 250 bytes per article beyond its bounded windows (see
 * src/pipeline.c).  Output bytes depend only on the inputs and the options,
 * never on the number of threads or the memory budget. */
#ifndef NEWSIFT_PIPELINE_H
#define NEWSIFT_PIPELINE_H

#include <signal.h>
#include <stdint.h>
#include "common.h"
#include "options.h"

typedef struct ns_run ns_run;

/* Counts of a run, for the caller's summary line. */
typedef struct {
	uint64_t read;        /* records read (non-blank lines) */
	uint64_t kept, duplicate, rejected;
	uint64_t exact_dups, near_dups;
	uint64_t repaired;    /* records kept after a repair (e.g. invalid UTF-8) */
	uint64_t blank_lines; /* blank lines skipped (not records) */
	uint64_t input_errors;/* inputs that could not be opened or read to the end */
	uint64_t dup_groups;  /* groups of two or more records */
	uint64_t stories, multi_stories, summaries;
	uint64_t boiler_lines, boiler_removed;
	uint64_t candidates, verified;
	uint32_t bands, rows;
} ns_run_counts;

/* Create a run.  o must have passed ns_options_check and must outlive the
 * run.  log may be NULL. */
ns_status ns_run_create(ns_run **r, const ns_options *o, ns_log_fn log, void *ud);

/* The run checks *flag between steps and stops with NS_ERR_INTERRUPTED when it
 * is non-zero (a signal handler sets it). */
void ns_run_set_stop_flag(ns_run *r, volatile sig_atomic_t *flag);

/* Read one input (path or "-").  A file that cannot be opened or read to the
 * end is reported and counted (input_errors) and NS_OK returned: the run
 * goes on.  NS_ERR_STRICT when strict and a record was rejected;
 * NS_ERR_NOMEM, NS_ERR_INTERRUPTED. */
ns_status ns_run_read(ns_run *r, const char *path);

/* Read n inputs in order, as ns_run_read each.  With several inputs and
 * three threads or more, each regular file is read and inflated by a thread
 * of its own a little ahead of the parsing, and the next inputs are opened
 * and start inflating while one is parsed; the records, the log and the
 * outcome are the same as reading them one by one. */
ns_status ns_run_read_files(ns_run *r, const char *const *paths, size_t n);

/* Clean, deduplicate, group and summarise everything read. */
ns_status ns_run_process(ns_run *r);

/* Write all outputs into outdir (created if missing), each complete under a
 * temporary name first and then renamed into place. */
ns_status ns_run_write(ns_run *r, const char *outdir);

void ns_run_counts_get(const ns_run *r, ns_run_counts *c);

/* One summary sentence as `summarize` delivers it; the strings point into the
 * run and stay valid until ns_run_destroy (text is not NUL-terminated). */
typedef struct {
	const char *id;       /* the article's id */
	uint32_t sentence;    /* index of the sentence in the article's cleaned text */
	const char *text;
	size_t len;
} ns_run_sentence;

/* Label of an article for `summarize`: articles with equal labels form one
 * story; NULL leaves the article out.  The string must outlive the call to
 * ns_run_summarize. */
typedef const char *(*ns_label_fn)(void *ud, const char *id);

/* Receives each story's summary, in order of the story's first article. */
typedef void (*ns_summary_fn)(void *ud, const char *label, const ns_run_sentence *s, size_t n);

/* Instead of ns_run_process: remove boilerplate and duplicates, then
 * summarise the kept articles grouped by label_of (NULL: all articles form
 * one story, labelled "").  Summaries go to out, from the calling thread. */
ns_status ns_run_summarize(ns_run *r, ns_label_fn label_of, void *lud, ns_summary_fn out, void *oud);

/* Destroy; accepts NULL. */
void ns_run_destroy(ns_run *r);

#endif
