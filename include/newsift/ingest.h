/* newsift — the read stage: input files -> records in the document store.
 *
 * Consumes: input paths ("-" is standard input; gzip and zstd are
 *   detected; the format is the options' or by the name, ns_format_of; a
 *   directory is its files, ns_dir_list, each a text article).
 * Produces: one record per non-blank JSONL line, CSV or TSV record (after
 *   the header) or text file appended to the store, in input order
 *   (rejected ones too, with their reason and file:line), the counts
 *   below, and the short lines' occurrences the boilerplate stage learns
 *   from.
 * Holds: two batches of lines (options batch_size lines or batch_bytes
 *   bytes each) and the parsed records of one more; the occurrences list
 *   (about 16 bytes per short line).
 * Threads: parses in parallel with ctx->threads; logs from the calling
 *   thread after each parallel region; the records, counts, log lines and
 *   outcome are the same for any thread count. */
#ifndef NEWSIFT_INGEST_H
#define NEWSIFT_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include "clean.h"
#include "context.h"
#include "docs.h"
#include "read.h"
#include "scrub.h"


/* What reading met, over all calls. */
typedef struct {
	uint64_t read;         /* records (non-blank lines) */
	uint64_t rejected, repaired;
	uint64_t blank_lines;  /* blank lines skipped (not records) */
	uint64_t input_errors; /* inputs that could not be opened or read to the end */
	uint64_t bytes;        /* uncompressed input bytes */
	ns_scrub_stats scrub;  /* built-in boilerplate lines and metadata removed */
	uint64_t date_filled;  /* empty dates filled from a text's metadata */
	uint64_t non_articles[NS_PAGE_NKINDS]; /* records rejected as not articles, by NS_PAGE_* kind */
	uint64_t parsed;       /* records that parsed as JSON objects... */
	uint64_t with_field[NS_NFIELDS]; /* ...and of them, those with a value in field NS_F_* (as read) */
	ns_line_occ *occ;      /* short lines met, for boilerplate learning */
	size_t nocc, occcap;
} ns_ingest;

/* Read n inputs in order into ds, adding to *in (zero it before the first
 * call).  A file that cannot be opened or read to the end, holds binary
 * data (ns_looks_binary), or a directory that cannot be listed or has no
 * files, is logged and counted and the read goes on.  With several inputs and three threads or
 * more, each regular file is read and inflated by a thread of its own
 * a little ahead of the parsing.  batch_bytes ends a batch early (SIZE_MAX:
 * only batch_size counts).  NS_ERR_STRICT when options strict and a record
 * was rejected; NS_ERR_NOMEM, NS_ERR_IO (the spill file), NS_ERR_INTERRUPTED.
 * The time goes to tm's read timer (tm may be NULL). */
ns_status ns_ingest_files(const ns_ctx *c, ns_docs *ds, ns_ingest *in, const char *const *paths, size_t n,
                          size_t batch_bytes, ns_times *tm);

/* Free the occurrences (the counts stay); accepts a zeroed struct. */
void ns_ingest_free(ns_ingest *in);

#endif
