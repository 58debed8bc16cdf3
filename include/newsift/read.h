/* newsift — reading a dump: line reader (plain or gzip, "-" = stdin) and the
 * JSONL record parser.
 *
 * The line reader is sequential; the record parser works on one line and is
 * meant to run in parallel, one ns_parser per thread. */
#ifndef NEWSIFT_READ_H
#define NEWSIFT_READ_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "options.h"

/* Field indices of a record.  NS_F_EXTRA is not a field of its own: it
 * holds the input's other members (those newsift does not use) as the JSON
 * text of an object's inside, e.g. `"author": "A", "tags": ["x"]` ("" when
 * none), written unchanged after the known fields of deduped.jsonl.gz. */
enum { NS_F_ID = 0, NS_F_TITLE, NS_F_DATE, NS_F_SOURCE, NS_F_URL, NS_F_TEXT, NS_NFIELDS,
       NS_F_EXTRA = NS_NFIELDS, NS_NSTORED };

/* Field names as written in outputs ("id", "title", ...). */
extern const char *const ns_field_names[NS_NFIELDS];

/* One record.  All field strings live in one allocation, buf, owned by the
 * record; each is NUL-terminated and valid UTF-8 without NUL bytes once
 * parsed.  An absent field is "" with length 0. */
typedef struct {
	char *buf;
	const char *f[NS_NSTORED];
	uint32_t len[NS_NSTORED];
	uint8_t numeric;   /* bit f: field f was a JSON number, kept as its text (a title, source, url or date) */
	uint8_t page;      /* the text is a web page by its source (WARC, .html): extracted without detection */
	uint8_t fallback;  /* bit f: field f only stands in (a WARC-Date): the page's own value replaces it */
} ns_record;

/* Free what a record owns and zero it; accepts a zeroed record. */
void ns_record_free(ns_record *rec);

typedef struct ns_reader ns_reader;

/* Open path for reading lines; "-" reads standard input.  gzip (including
 * concatenated members) and zstd (including concatenated and skippable
 * frames) are detected by their magic bytes and decompressed
 * transparently.  *r is NULL on failure (NS_ERR_OPEN: missing, unreadable, a
 * directory) and err holds a one-line reason naming path. */
ns_status ns_reader_open(ns_reader **r, const char *path, char *err, size_t errlen);

/* ns_reader_open for the bytes [off, end) of a plain (uncompressed) file
 * only, read as they are: a share of a large JSONL file, cut at line
 * starts.  Line numbers count from 1 at off; a range that starts after
 * byte 0 has no byte-order mark stripped.  NS_ERR_OPEN (err says why). */
ns_status ns_reader_open_range(ns_reader **r, const char *path, uint64_t off, uint64_t end, char *err, size_t errlen);

/* ns_reader_open, and when path is a regular file, a thread of its own
 * reads and inflates it up to `ahead` bytes ahead of ns_reader_next (0:
 * none), so that several files can inflate at once; ns_reader_next gives
 * the same lines, line numbers and errors either way.  Standard input and
 * pipes are read directly. */
ns_status ns_reader_open_ahead(ns_reader **r, const char *path, size_t ahead, char *err, size_t errlen);

/* Next line, without its line end ("\n" or "\r\n") and, on line 1, without a
 * UTF-8 byte-order mark.  *line is valid until the next call.  Returns 1 for a
 * line, 0 at the end of input, NS_ERR_IO on a read or gzip error (err says
 * what: a read error, "truncated gzip input", "invalid gzip data", or
 * "trailing garbage after gzip data" for bytes after the last gzip member
 * that do not start another one; "truncated zstd input" or "invalid zstd
 * data" (trailing bytes that are no frame among them); lines read before the error remain valid,
 * a partial last line is returned first as a line of its own, and the
 * reader ends after reporting), NS_ERR_INTERRUPTED when a signal interrupted
 * a read (nothing is lost: call again to go on), NS_ERR_NOMEM. */
int ns_reader_next(ns_reader *r, const char **line, size_t *len, uint64_t *lineno, char *err, size_t errlen);

/* The first bytes of the input after decompression, before any line is
 * taken: *p and *n (at most want bytes; fewer when the input is shorter or
 * a read error came first, which ns_reader_next then reports) are valid
 * until the next call on r.  Returns 0, NS_ERR_NOMEM or
 * NS_ERR_INTERRUPTED (call again). */
int ns_reader_peek(ns_reader *r, const char **p, size_t *n, size_t want);

/* Records that are not lines (WARC): ns_reader_peek what is needed, then
 * consume n bytes of it (at most those peeked).  Line numbers do not move. */
void ns_reader_skip(ns_reader *r, size_t n);

/* Bytes consumed so far by ns_reader_next and ns_reader_skip, after
 * decompression: the offset of the next byte in the input's data. */
uint64_t ns_reader_offset(const ns_reader *r);

/* When reading stopped on an error (ns_reader_peek then gives fewer bytes
 * than asked though the input is not at its end): 1 and the reason in
 * err, once; the reader then ends.  Else 0. */
int ns_reader_error(ns_reader *r, char *err, size_t errlen);

/* Do the n bytes at p (an input's first bytes) look like binary data
 * rather than text: NUL bytes more than 1 in 32, or NULs, control
 * characters (but white space and escape) and bytes of no valid UTF-8
 * sequence together more than 1 in 4?  A text with a few bad bytes is
 * text (they are repaired when read). */
int ns_looks_binary(const char *p, size_t n);

/* Do the n bytes at p start gzip or zstd data (what ns_reader_open
 * decompresses)? */
int ns_looks_compressed(const void *p, size_t n);

/* Raw (compressed) input bytes consumed so far. */
uint64_t ns_reader_bytes_out(const ns_reader *r);

/* Close; accepts NULL. */
void ns_reader_close(ns_reader *r);

typedef struct ns_parser ns_parser;

/* A JSONL record parser; one per thread (not thread-safe itself). */
ns_parser *ns_parser_create(const ns_options *o);
void ns_parser_destroy(ns_parser *p);

/* Parse one JSON line into rec (which the caller frees).  Field names come
 * from the options.  Field values are strings or null (absent); an integer
 * id is turned into its decimal string (one json-c cannot hold exactly,
 * 2^64-1 and up or -2^63 and down, is rejected); a number in title, date,
 * source or url is its text as written (a date of digits is an epoch time,
 * see ns_date_parse); a list, object or boolean there is dropped with a
 * repair note.  Other members go to NS_F_EXTRA as JSON text, in their order
 * (names deduped.jsonl.gz has itself excepted).  Invalid UTF-8 is repaired
 * with U+FFFD and NUL characters, escaped or raw bytes in the line, dropped.
 * *repaired is set to a short note of what was repaired or dropped (valid
 * until the next call on p), or NULL.  Returns NS_OK, NS_ERR_NOMEM, or
 * NS_ERR_FORMAT with a one-line reason in err: malformed JSON, not an
 * object, an id or a text of the wrong type (rec then holds the fields that
 * were read, the id among them), a line over 1 GiB. */
ns_status ns_parser_parse(ns_parser *p, const char *line, size_t len, ns_record *rec,
                          const char **repaired, char *err, size_t errlen);

#endif
