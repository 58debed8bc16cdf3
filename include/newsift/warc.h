/* newsift — WARC input (ISO 28500, WARC/1.0 and WARC/1.1): framing the
 * records of a WARC file, and turning a response or resource record that
 * holds an HTML page into a record.
 *
 * The reader (ns_reader) inflates gzip (per record or whole file), so these
 * functions see plain WARC bytes.  Framing is serial and works on a byte
 * buffer without I/O: ns_warc_head_parse reads a record's header block,
 * whose Content-Length says where the record ends; after the content
 * block come "\r\n\r\n" (the caller skips CR and LF bytes there, be they
 * missing or more).  ns_warc_parse then makes a record of one record's
 * bytes, and is meant to run in parallel. */
#ifndef NEWSIFT_WARC_H
#define NEWSIFT_WARC_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "read.h"

/* WARC-Type values. */
enum {
	NS_WARC_WARCINFO,
	NS_WARC_RESPONSE,
	NS_WARC_RESOURCE,
	NS_WARC_REQUEST,
	NS_WARC_METADATA,
	NS_WARC_REVISIT,
	NS_WARC_CONVERSION,
	NS_WARC_CONTINUATION,
	NS_WARC_OTHER, /* a type not above, or none given */
	NS_WARC_NTYPES
};

/* "warcinfo", "response", ..., "continuation", "other". */
extern const char *const ns_warc_type_names[NS_WARC_NTYPES];

/* ns_warc_parse's result for a record that is not an HTML page (an HTTP
 * status other than 2xx, another media type, an empty payload, ...): a
 * positive value, apart from every ns_status (NS_OK and the negative
 * codes), so it is no error. */
#define NS_WARC_SKIP 1

/* Longest header block (WARC or HTTP) taken, CR and LF bytes before the
 * version line included; a longer one is malformed. */
#define NS_WARC_MAX_HEAD 65536

/* A record's header block. */
typedef struct {
	size_t head_len;      /* bytes of the header block: CR and LF bytes before the version line, the version
	                         line, the named fields and the blank line that ends them */
	uint64_t content_len; /* Content-Length: bytes of the content block, which follows */
	int type;             /* NS_WARC_* */
	int version;          /* 10 (WARC/1.0) or 11 (WARC/1.1) */
} ns_warc_head;

/* Parse the header block at p[0..n), where a record starts (CR and LF
 * bytes before "WARC/" are skipped and counted in head_len).  Line ends
 * "\r\n" or "\n"; field names in any case; a line that starts with a space
 * or tab continues the field before.  The WARC-Type gives type (none:
 * NS_WARC_OTHER).  Returns 1 with *h filled when the whole block is in
 * p[0..n); 0 when more bytes are needed (p[0..n) is the start of a block
 * shorter than NS_WARC_MAX_HEAD so far); NS_ERR_FORMAT with a one-line
 * reason in err: "no WARC/1.0 or WARC/1.1 version line", "missing
 * Content-Length", "bad Content-Length \"x\"", "conflicting
 * Content-Length", "header line without a colon", "header block over
 * 65536 bytes".  Thread-safe. */
int ns_warc_head_parse(const char *p, size_t n, ns_warc_head *h, char *err, size_t errlen);

/* Resync after a malformed record at p: the offset of the "\n" that ends
 * the line before the next line that starts "WARC/1.0" or "WARC/1.1", so
 * that the caller drops p[0..offset) and reads the header block there
 * (ns_warc_head_parse skips line ends before the version line).  Never 0,
 * so a caller stuck at 0 moves on: pass p itself, not p + 1.  A line end
 * whose next line is cut by n but could still start one (p ends "\nWARC/1"
 * or "\n") counts too, so that the caller keeps those bytes and peeks
 * more; a header block that then fails there is part of the same damage.
 * n when there is none.  Thread-safe. */
size_t ns_warc_resync(const char *p, size_t n);

/* Make rec (which the caller frees with ns_record_free, whatever the
 * result) of one record, rec_bytes[0..n): its header block then its
 * content block (head_len + content_len bytes; fewer when the file was cut,
 * which *note tells; bytes past the block are ignored).  As ns_text_parse
 * does: one allocation, every field NUL-terminated, valid UTF-8 without NUL
 * bytes.
 *   id      WARC-Record-ID without "<" ">" and a leading "urn:uuid:";
 *   url     WARC-Target-URI without "<" ">";
 *   source  the url's host, lower-case, without "www.", user and port
 *           ("" when the url has no "//" authority);
 *   date    WARC-Date as written;
 *   title, extra  "";
 *   text    the HTTP payload (response) or the block (resource),
 *           decoded and converted to UTF-8 by ns_charset_to_utf8 with the
 *           Content-Type's charset: the HTML page.
 * A response record's block is an HTTP response (one whose WARC
 * Content-Type is given and is not application/http, such as text/dns, is
 * read as a resource): status line, headers (bare "\n" line ends, folded
 * lines, up to NS_WARC_MAX_HEAD bytes; 1xx interim responses are passed
 * over), then the body: Transfer-Encoding chunked undone (chunk
 * extensions and trailers allowed; a body cut short keeps what came),
 * then the transfer and content codings gzip, x-gzip, deflate (zlib or
 * raw), br, zstd and identity, last applied first.  A resource record's
 * block is the document; its WARC Content-Type gives the media type.
 * Every decoding stops at max_bytes of output (values over 1 GiB read as
 * 1 GiB).
 * Returns:
 *   NS_OK         a page; *note is NULL, or the repairs and guesses
 *                 made, joined by "; ": "record cut short", "record
 *                 truncated by the crawler", "truncated chunked body",
 *                 "truncated gzip body", "charset windows-1252 detected"
 *                 (nothing declared), "charset utf-8 detected, declared
 *                 iso-8859-1 ignored", "charset windows-1252 from <meta>,
 *                 declared utf-8 ignored", "charset windows-1252 assumed"
 *                 (nothing declared or detected), "invalid UTF-8
 *                 repaired", "invalid cp932 bytes replaced", "invalid
 *                 UTF-8 in the WARC header repaired".  A page that
 *                 declares its charset rightly has no note.  The note is
 *                 written into err and *note points there (valid until
 *                 err is reused); with err NULL or errlen 0, *note is the
 *                 static "record repaired";
 *   NS_WARC_SKIP  not an HTML page, a short reason in err: "HTTP 404",
 *                 "image/png" (the media type), "not HTML (no
 *                 Content-Type)", "empty payload", "Content-Encoding
 *                 compress" (a coding not above), "request record" (a type
 *                 other than response and resource);
 *   NS_ERR_FORMAT a damaged record, a one-line reason in err: a bad WARC
 *                 header block (as ns_warc_head_parse), "no HTTP status
 *                 line", "HTTP header block over 65536 bytes", "bad chunk
 *                 size", "invalid gzip data", "invalid br data", "payload
 *                 over N bytes after decoding", "binary payload" (a page
 *                 declared HTML whose bytes are not text);
 *   NS_ERR_NOMEM.
 * The id, url, source and date are filled whatever the result, when the
 * WARC header block could be read.  Thread-safe (no state; libraries are
 * set up per call). */
int ns_warc_parse(const char *rec_bytes, size_t n, size_t max_bytes, ns_record *out, const char **note, char *err,
                  size_t errlen);

#endif
