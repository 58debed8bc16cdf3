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
#include "warc.h"


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
	uint64_t warc[NS_WARC_NTYPES]; /* WARC records met, by type (NS_WARC_*) */
	uint64_t warc_not_pages[2]; /* WARC responses that are no web page: [0] HTTP status not 2xx, [1] the rest
	                             * (media type, empty payload, unknown encoding) */
	uint64_t pages[4];     /* records read as web pages, by where their text came from (NS_BODY_*) */
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

/* ---- Reading in parts (a run spread over processes: newsift-mpi) ----
 *
 * A plan cuts the inputs into units, in input order: whole inputs, or
 * byte ranges of a large uncompressed JSONL file cut at line starts (at
 * least NS_PART_MIN_BYTES each).  The units go to parts in order, each
 * part a run of consecutive units of about the same number of bytes
 * (standard input: part 0).  Each part reads and cleans its units into a
 * packed stream of parsed records (ns_ingest_pack); one process merges
 * the streams in part order into its store (ns_ingest_merge_*), where ids
 * are checked, rejections named and records numbered: the store, the
 * counts and the occurrences are those ns_ingest_files makes of the same
 * inputs.  A stream is read by the same build that wrote it (it holds
 * structs as they are in memory). */
#define NS_PART_MIN_BYTES ((uint64_t)1 << 20)

typedef struct ns_ingest_plan ns_ingest_plan;

/* Plan the reading of paths[0..n) in nparts parts (directories expanded,
 * sizes and line starts read from the files).  NS_ERR_NOMEM. */
ns_status ns_ingest_plan_make(const ns_options *o, const char *const *paths, size_t n, uint32_t nparts,
                              ns_ingest_plan **plan);
/* A plan as bytes (appended to out), and back: NS_ERR_NOMEM, NS_ERR_FORMAT. */
ns_status ns_ingest_plan_encode(const ns_ingest_plan *plan, ns_buf *out);
ns_status ns_ingest_plan_decode(const void *p, size_t n, ns_ingest_plan **plan);
void ns_ingest_plan_free(ns_ingest_plan *plan);
/* Units of the plan, and what unit u is: its part, its bytes on disk (0
 * when not known) and its path. */
size_t ns_ingest_plan_units(const ns_ingest_plan *plan);
uint32_t ns_ingest_plan_part(const ns_ingest_plan *plan, size_t u);
uint64_t ns_ingest_plan_bytes(const ns_ingest_plan *plan, size_t u);
const char *ns_ingest_plan_path(const ns_ingest_plan *plan, size_t u);

/* Where a part's packed stream goes: n bytes at p, in order.  Returns 0
 * or a status (the sink keeps its reason). */
typedef ns_status (*ns_ingest_sink)(void *ud, const void *p, size_t n);

/* Read and clean the units of part `part` into sink.  What reading an input
 * meets (a damaged gzip member, a bad header) is logged here and counted in
 * the stream; an input of the part that cannot be opened is NS_ERR_OPEN
 * with err saying why (the plan's process could open it).  With keep (not
 * NULL), the part's records are also appended to that store and *kin, in
 * order and without messages: the process that merges the streams logs
 * them (a range's line numbers there count from its start, and ids are
 * checked within the part only).  NS_ERR_NOMEM, NS_ERR_IO (the kept
 * store's file), NS_ERR_INTERRUPTED, or the sink's status.  Read time goes
 * to tm. */
ns_status ns_ingest_pack(const ns_ctx *c, const ns_ingest_plan *plan, uint32_t part, size_t batch_bytes, ns_docs *keep,
                         ns_ingest *kin, ns_ingest_sink sink, void *ud, ns_times *tm, char *err, size_t errlen);

typedef struct ns_ingest_merge ns_ingest_merge;
/* Start merging the parts of plan into ds and *in (zeroed, or after
 * earlier reads).  NS_ERR_NOMEM. */
ns_status ns_ingest_merge_create(ns_ingest_merge **m, const ns_ctx *c, ns_docs *ds, ns_ingest *in,
                                 const ns_ingest_plan *plan, size_t batch_bytes);
/* The next n bytes of the streams, part 0's first (a chunk may end
 * anywhere).  Rejections are logged as the records are appended.
 * NS_ERR_STRICT, NS_ERR_NOMEM, NS_ERR_IO (the store's spill file, logged),
 * NS_ERR_FORMAT (a stream out of order or damaged). */
ns_status ns_ingest_merge_feed(ns_ingest_merge *m, const void *p, size_t n);
/* Read the units of part `part`, which must come next, straight into the
 * store (what the merging process does with its own part: no stream).  An
 * input of the part that cannot be opened is NS_ERR_OPEN, err saying why;
 * else as ns_ingest_merge_feed. */
ns_status ns_ingest_merge_read(ns_ingest_merge *m, uint32_t part, char *err, size_t errlen);
/* After the last chunk: NS_ERR_FORMAT when a unit is missing or cut. */
ns_status ns_ingest_merge_finish(ns_ingest_merge *m);
void ns_ingest_merge_destroy(ns_ingest_merge *m);

#endif
