/* newsift — the document store: every input record's id, fields and
 * read-stage facts, in input order.
 *
 * The read stage appends records (ns_docs_append); every later stage reads
 * them through this API, by document index (input position, 0..n-1).  A
 * record's id stays in memory; its other fields and its boilerplate line
 * keys go to a spill file (an unlinked temporary file) as it is appended,
 * and are readable once ns_docs_map has mapped that file back.  What the
 * store holds in memory per record: its ns_doc (about 80 bytes), its id and
 * an 8-byte id table slot; the fields stay in the file and the page cache.
 *
 * The one change after reading is a text made shorter in place
 * (ns_docs_set_text: the boilerplate stage), so every later reader sees the
 * cleaned text.  Reads are thread-safe; appends are not (one thread). */
#ifndef NEWSIFT_DOCS_H
#define NEWSIFT_DOCS_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "read.h"

typedef struct ns_docs ns_docs;

/* What the read stage knows of one record. */
typedef struct {
	uint64_t line;      /* line in its input */
	uint32_t file;      /* index of its input (ns_docs_input) */
	int32_t days;       /* date as days since 1970 (time / 86400), INT32_MIN if unknown */
	uint8_t rejected;   /* not a usable record (see ns_docs_reason) */
	uint8_t repaired;   /* kept after a repair (e.g. invalid UTF-8) */
	uint8_t numeric;    /* bit f: field f was a JSON number (written back as one) */
	uint32_t removed;   /* bytes of its text removed as boilerplate or metadata
	                       (built-in lines when read, learned lines later) */
	int64_t time;       /* seconds since 1970 UTC, INT64_MIN if unknown (ns_date_parse) */
} ns_doc_info;

/* Create an empty store whose spill file goes to tmp_dir (NULL: $TMPDIR,
 * else /tmp).  NS_ERR_NOMEM. */
ns_status ns_docs_create(ns_docs **ds, const char *tmp_dir);
/* Destroy; accepts NULL. */
void ns_docs_destroy(ns_docs *ds);

/* Records in the store. */
size_t ns_docs_count(const ns_docs *ds);

/* Add an input name; *file gets its index.  NS_ERR_NOMEM. */
ns_status ns_docs_add_input(ns_docs *ds, const char *path, uint32_t *file);
size_t ns_docs_ninputs(const ns_docs *ds);
const char *ns_docs_input(const ns_docs *ds, uint32_t file);

/* Is id (n bytes) already in the store (a rejected record's too)?  *first
 * gets the index of the record that has it.  Appending does not check: the
 * read stage does, so that a repeated id is a rejection with a reason. */
int ns_docs_find_id(const ns_docs *ds, const char *id, size_t n, uint32_t *first);

/* Give rejected record i the id[0..n) instead of its own, which leaves
 * the id table (a later record may have it).  The new id is not entered.
 * NS_ERR_OPTION when i is not rejected, NS_ERR_NOMEM. */
ns_status ns_docs_rename(ns_docs *ds, size_t i, const char *id, size_t n);

/* Append a record: its fields (rec, which is freed and zeroed), its facts,
 * the reason of a rejected record (NULL for others; the store takes it)
 * and the keys of its text's lines for the boilerplate stage (nkeys may be
 * 0).  The id must not be in the store yet unless the record is rejected
 * (a rejected record's id is entered when it is not).  The fields are
 * NS_NSTORED (a NULL one is empty).
 * NS_ERR_NOMEM; NS_ERR_IO when the spill file cannot be written (errno in
 * ns_docs_errno).  rec and reason are freed either way. */
ns_status ns_docs_append(ns_docs *ds, const ns_doc_info *info, ns_record *rec, char *reason, const uint64_t *keys,
                         size_t nkeys);

/* errno of the spill file's first failure (0 if none). */
int ns_docs_errno(const ns_docs *ds);
/* The directory of the spill file. */
const char *ns_docs_tmp_dir(const ns_docs *ds);

/* Map the spilled fields back: once, after the last append and before the
 * first field but the id is read.  NS_ERR_IO. */
ns_status ns_docs_map(ns_docs *ds);
/* Let the kernel take back the mapped pages (they stay in the file and in
 * the page cache while memory allows): after a pass over the texts. */
void ns_docs_release(ns_docs *ds);

/* Field f (NS_F_*, NS_F_EXTRA too) of record i, NUL-terminated, ns_docs_len bytes.  The id
 * is readable at once, the other fields once mapped. */
const char *ns_docs_field(const ns_docs *ds, size_t i, int f);
uint32_t ns_docs_len(const ns_docs *ds, size_t i, int f);
/* The read stage's facts of record i. */
const ns_doc_info *ns_docs_info(const ns_docs *ds, size_t i);
/* Why record i was rejected ("" when it was not). */
const char *ns_docs_reason(const ns_docs *ds, size_t i);
/* The stable 64-bit key of record i: XXH3-64 of its id (seed 0).  Stage
 * results are saved keyed by it. */
uint64_t ns_docs_key(const ns_docs *ds, size_t i);
/* Bytes held in memory for the records (ids, records, id table). */
uint64_t ns_docs_bytes(const ns_docs *ds);

/* The line keys appended with record i (*n of them; NULL when none). */
const uint64_t *ns_docs_line_keys(const ns_docs *ds, size_t i, uint32_t *n);
/* Replace the text of record i by t[0..len), len no more than its present
 * length (the text is rewritten in place in the spill file, so the mapping
 * sees it); its line keys are dropped and the bytes cut are added to its
 * info's removed.  Thread-safe for different i.
 * NS_ERR_OPTION when len is longer, NS_ERR_NOMEM, NS_ERR_IO with the errno
 * of the failed write in *err (err may be NULL). */
ns_status ns_docs_set_text(ns_docs *ds, size_t i, const char *t, size_t len, int *err);

#endif
