/* newsift — input formats beside JSONL: CSV and TSV with a header, and
 * text articles (one per file); the format of an input by its name; the
 * files of a directory.
 *
 * A CSV or TSV input's header names its columns (ns_table); each record
 * is then parsed on its own (ns_table_parse), in parallel.  A text
 * article is a whole file (ns_text_parse).  All parsers give records as
 * ns_parser_parse does: every field valid UTF-8 without NUL bytes, the
 * columns newsift does not use in NS_F_EXTRA as JSON text. */
#ifndef NEWSIFT_FORMATS_H
#define NEWSIFT_FORMATS_H

#include <stddef.h>
#include "common.h"
#include "options.h"
#include "read.h"

/* The format of input path: fmt when it is not NS_FMT_AUTO, else by the
 * name's extension after .gz, .zst or .zstd (case-insensitive): .jsonl
 * .ndjson .json JSONL, .csv CSV, .tsv TSV, .txt .text text; any other
 * name, and "-", JSONL. */
ns_input_format ns_format_of(const char *path, int fmt);

/* The quote state after the n bytes of a CSV line s, given the state
 * before (0: outside a quoted field): non-zero while a quoted field is
 * open, so that the record goes on on the next line. */
int ns_csv_open_after(const char *s, size_t n, int open);

typedef struct ns_table ns_table;

/* The columns of a CSV (fmt NS_FMT_CSV) or TSV (NS_FMT_TSV) input from its
 * header record h[0..n): a column whose name (spaces around it ignored)
 * is one of the options' field names gives that field, exactly or else
 * ignoring case; the others pass through under their names (those
 * deduped.jsonl.gz has itself excepted).  *missing gets a bit (1 << NS_F_*)
 * per field no column gives.  NS_ERR_NOMEM, or NS_ERR_FORMAT with a reason
 * in err (a header that does not parse). */
ns_status ns_table_create(ns_table **t, int fmt, const char *h, size_t n, const ns_options *o, unsigned *missing,
                          char *err, size_t errlen);
/* Destroy; accepts NULL. */
void ns_table_destroy(ns_table *t);

/* Parse one record s[0..n) (a CSV record may hold line ends inside quoted
 * fields) into rec (which the caller frees).  Fewer values than columns:
 * the missing ones are empty.  Invalid UTF-8 is repaired and NULs dropped,
 * *note then says so (a static string), else NULL.  Returns NS_OK,
 * NS_ERR_NOMEM, or NS_ERR_FORMAT with a reason in err: more values than
 * the header has columns, an unterminated quoted field, a record over
 * 1 GiB.  Thread-safe (t is only read). */
ns_status ns_table_parse(const ns_table *t, const char *s, size_t n, ns_record *rec, const char **note, char *err,
                         size_t errlen);

/* One text article, s[0..n) (a whole file), into rec with the id[0..idn).
 * A metadata block at the top fills the fields: lines "key: value" whose
 * key is title, date, source or url (any case), and a bare first line
 * "date VALUE" when VALUE is a date ns_date_parse understands; blank lines
 * before and after the block go; the rest is the text.  Repairs as
 * ns_table_parse.  NS_OK, NS_ERR_NOMEM, NS_ERR_FORMAT (over 1 GiB). */
ns_status ns_text_parse(const char *id, size_t idn, const char *s, size_t n, ns_record *rec, const char **note,
                        char *err, size_t errlen);

/* One web page, s[0..n) (a whole .html file), into rec with the id[0..idn)
 * and the page as its text, converted to UTF-8 (ns_charset_to_utf8: a
 * byte-order mark, a <meta> charset, else detection); rec->page is set, so
 * that cleaning extracts its article.  *note says when bytes were replaced
 * or a declared charset was not used.  NS_OK, NS_ERR_NOMEM, NS_ERR_FORMAT
 * (over 1 GiB). */
ns_status ns_page_parse(const char *id, size_t idn, const char *s, size_t n, ns_record *rec, const char **note,
                        char *err, size_t errlen);

/* The regular files under directory dir, recursively, as paths relative to
 * it, sorted by their bytes (strcmp); names starting with a dot (hidden
 * files and directories) are left out, and symbolic links to directories
 * are not followed.  *rel (an array of *n strings) is the caller's to free,
 * each string and the array.  NS_ERR_OPEN with a reason naming the
 * directory in err when one cannot be read; NS_ERR_NOMEM. */
ns_status ns_dir_list(const char *dir, char ***rel, size_t *n, char *err, size_t errlen);

#endif
