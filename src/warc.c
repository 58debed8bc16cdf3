/* newsift — WARC input (see warc.h).
 *
 * A WARC record is a header block of "Name: value" lines after a version
 * line, ended by a blank line, then Content-Length bytes of content.
 * Framing reads the header block alone, line by line with memchr, and
 * keeps only the length and the type, so that the serial reader does
 * little per record; a damaged record is passed over by looking for the
 * next line that starts a version line.  The parallel half then reads the
 * same header block again for the fields a record keeps, and the content:
 * for a response, an HTTP message whose status line and headers are read
 * like the WARC ones (leniently: a line without a colon is passed over,
 * as browsers do), and whose body is undone layer by layer, chunked
 * transfer coding first, then the codings in reverse order of their
 * application, each into a buffer of its own, capped at max_bytes so that
 * a small bomb cannot take the memory.  Whether it is an HTML page is
 * decided as early as possible (status, then media type, before any
 * decoding), as most records of a crawl are not.  An undecoded identity
 * body is never copied: it goes straight from the record's bytes to the
 * charset conversion (charset.c), whose output buffer then becomes the
 * record's one allocation, with the short fields placed after the text. */
#include <brotli/decode.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "internal.h"
#include "newsift/charset.h"
#include "newsift/warc.h"

/* max_bytes is taken up to this, so that a page (up to three UTF-8 bytes
 * a byte after charset conversion) fits a record's 32-bit lengths */
#define NS_WARC_MAX_BYTES ((size_t)1 << 30)
/* binary: more than 1 byte in 16 of the first 64 KiB a NUL or a control
 * character no text has (random bytes: about 1 in 9; text in any
 * ASCII-compatible charset: none) */
#define NS_WARC_BINARY_SAMPLE 65536
#define NS_WARC_BINARY_SHARE 16
/* codings a message may stack, per header */
#define NS_WARC_MAX_CODINGS 8
/* zstd window for Content-Encoding zstd: RFC 9659 caps it at 8 MiB */
#define NS_WARC_ZSTD_WINDOW_LOG 23

const char *const ns_warc_type_names[NS_WARC_NTYPES] = {"warcinfo", "response", "resource", "request", "metadata",
                                                        "revisit", "conversion", "continuation", "other"};

typedef struct {
	const char *p;
	size_t n;
} span;

static int ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static span trim(const char *p, size_t n)
{
	while (n && ws((unsigned char)*p)) { p++; n--; }
	while (n && ws((unsigned char)p[n - 1])) n--;
	return (span){p, n};
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Is s[0..n) the lower-case word w, in any case? */
static int word_is(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n != k) return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)s[i]) != w[i]) return 0;
	return 1;
}

/* Does s[0..n) start with the lower-case word w, in any case? */
static int starts_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && word_is(s, k, w);
}

/* s[0..n) as printable ASCII (others '?'), cut to fit out: for a reason
 * that must be one line whatever the record holds */
static void printable(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (; k < n && k + 1 < cap; k++) {
		unsigned char c = (unsigned char)s[k];
		out[k] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	out[k] = 0;
}

/* ---- header blocks, WARC and HTTP ---- */

typedef int (*field_fn)(void *ctx, const char *name, size_t nl, span v);

/* The fields of the lines from p[i..lim) up to the blank line that ends
 * them ("\r\n" or "\n" line ends), each given to f with its value trimmed;
 * a folded value keeps its line breaks (see unfold).  Returns 1 with *end
 * just past the blank line, 0 when lim comes first, or what f returned
 * when not 0.  A line without a colon is NS_ERR_FORMAT when strict, else
 * passed over. */
static int read_fields(const char *p, size_t lim, size_t i, int strict, field_fn f, void *ctx, size_t *end, char *err,
                       size_t errlen)
{
	const char *name = NULL;
	size_t nl = 0, vs = 0, ve = 0;
	while (i < lim) {
		const char *e = memchr(p + i, '\n', lim - i);
		if (!e) return 0;
		size_t le = (size_t)(e - p), ce = le;
		if (ce > i && p[ce - 1] == '\r') ce--;
		int cont = ce > i && (p[i] == ' ' || p[i] == '\t');
		if (cont) {
			/* a folded line: the field before goes on (none: passed over) */
			if (name) ve = ce;
			i = le + 1;
			continue;
		}
		if (name) {
			int r = f(ctx, name, nl, trim(p + vs, ve - vs));
			if (r) return r;
			name = NULL;
		}
		if (ce == i) {
			*end = le + 1;
			return 1;
		}
		const char *c = memchr(p + i, ':', ce - i);
		size_t k = c ? (size_t)(c - (p + i)) : 0;
		while (k && (p[i + k - 1] == ' ' || p[i + k - 1] == '\t')) k--;
		if (!k) {
			if (strict) {
				ns_errf(err, errlen, "header line without a colon");
				return NS_ERR_FORMAT;
			}
			i = le + 1;
			continue;
		}
		name = p + i;
		nl = k;
		vs = (size_t)(c + 1 - p);
		ve = ce;
		i = le + 1;
	}
	return 0;
}

/* Copy value v into out (v.n bytes of room) with each folding (a line
 * break and the blanks around it) made one space; returns the length. */
static size_t unfold(span v, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < v.n;) {
		if (v.p[i] != '\r' && v.p[i] != '\n') { out[o++] = v.p[i++]; continue; }
		while (o && (out[o - 1] == ' ' || out[o - 1] == '\t')) o--;
		while (i < v.n && ws((unsigned char)v.p[i])) i++;
		out[o++] = ' ';
	}
	return o;
}

/* "WARC/1.0" or "WARC/1.1" at q (avail bytes): 10 or 11; -1 when the
 * bytes there are too few to tell but could start one; 0 when not */
static int version_at(const char *q, size_t avail)
{
	static const char v[] = "WARC/1.";
	size_t k = NS_MIN(avail, sizeof(v) - 1);
	if (memcmp(q, v, k)) return 0;
	if (avail < sizeof(v)) return -1;
	return q[7] == '0' ? 10 : q[7] == '1' ? 11 : 0;
}

/* The WARC fields a record keeps, and the framing ones. */
typedef struct {
	uint64_t clen;
	int have_clen, type;
	span id, uri, date, ctype, truncated;
	char *err;
	size_t errlen;
} warc_fields;

static int warc_field(void *ctx, const char *name, size_t nl, span v)
{
	warc_fields *w = ctx;
	if (word_is(name, nl, "content-length")) {
		uint64_t x = 0;
		int ok = v.n > 0 && v.n <= 19; /* 19 digits never overflow */
		for (size_t i = 0; ok && i < v.n; i++) {
			if (v.p[i] < '0' || v.p[i] > '9') ok = 0;
			else x = x * 10 + (uint64_t)(v.p[i] - '0');
		}
		if (!ok) {
			char shown[48];
			printable(v.p, v.n, shown, sizeof(shown));
			ns_errf(w->err, w->errlen, "bad Content-Length \"%s\"", shown);
			return NS_ERR_FORMAT;
		}
		if (w->have_clen && x != w->clen) {
			ns_errf(w->err, w->errlen, "conflicting Content-Length");
			return NS_ERR_FORMAT;
		}
		w->clen = x;
		w->have_clen = 1;
	} else if (word_is(name, nl, "warc-type")) {
		w->type = NS_WARC_OTHER;
		for (int t = 0; t < NS_WARC_OTHER; t++)
			if (word_is(v.p, v.n, ns_warc_type_names[t])) w->type = t;
	} else if (word_is(name, nl, "warc-record-id")) {
		w->id = v;
	} else if (word_is(name, nl, "warc-target-uri")) {
		w->uri = v;
	} else if (word_is(name, nl, "warc-date")) {
		w->date = v;
	} else if (word_is(name, nl, "content-type")) {
		w->ctype = v;
	} else if (word_is(name, nl, "warc-truncated")) {
		w->truncated = v;
	}
	return 0;
}

static int warc_head(const char *p, size_t n, ns_warc_head *h, warc_fields *w, char *err, size_t errlen)
{
	memset(w, 0, sizeof(*w));
	w->type = NS_WARC_OTHER;
	w->err = err;
	w->errlen = errlen;
	size_t lim = NS_MIN(n, (size_t)NS_WARC_MAX_HEAD), i = 0;
	while (i < lim && (p[i] == '\r' || p[i] == '\n')) i++;
	int version = i < lim ? version_at(p + i, lim - i) : -1;
	/* the version line ends right after the version (blanks allowed) */
	size_t j = i + 8;
	if (version > 0) {
		while (j < lim && (p[j] == ' ' || p[j] == '\t')) j++;
		if (j < lim && p[j] == '\r') j++;
		if (j < lim && p[j] != '\n') version = 0;
		else if (j == lim) version = -1;
	}
	if (version < 0 && lim < NS_WARC_MAX_HEAD) return 0;
	if (version <= 0) {
		ns_errf(err, errlen, "no WARC/1.0 or WARC/1.1 version line");
		return NS_ERR_FORMAT;
	}
	size_t end = 0;
	int r = read_fields(p, lim, j + 1, 1, warc_field, w, &end, err, errlen);
	if (r < 0) return r;
	if (r == 0) {
		if (lim < NS_WARC_MAX_HEAD) return 0;
		ns_errf(err, errlen, "header block over %d bytes", NS_WARC_MAX_HEAD);
		return NS_ERR_FORMAT;
	}
	if (!w->have_clen) {
		ns_errf(err, errlen, "missing Content-Length");
		return NS_ERR_FORMAT;
	}
	h->head_len = end;
	h->content_len = w->clen;
	h->type = w->type;
	h->version = version;
	return 1;
}

int ns_warc_head_parse(const char *p, size_t n, ns_warc_head *h, char *err, size_t errlen)
{
	warc_fields w;
	return warc_head(p, n, h, &w, err, errlen);
}

size_t ns_warc_resync(const char *p, size_t n)
{
	for (size_t i = 1; i < n;) {
		const char *e = memchr(p + i, '\n', n - i);
		if (!e) break;
		size_t j = (size_t)(e - p);
		if (version_at(p + j + 1, n - j - 1)) return j;
		i = j + 1;
	}
	return n;
}

/* ---- the HTTP message ---- */

enum { COD_GZIP, COD_DEFLATE, COD_BR, COD_ZSTD };

typedef struct {
	span ctype;                          /* the last Content-Type */
	int ce[NS_WARC_MAX_CODINGS], nce;    /* content codings, in the order applied */
	int te[NS_WARC_MAX_CODINGS], nte;    /* transfer codings but chunked, in the order applied */
	int chunked;
	span unknown;                        /* the first coding not known */
	const char *unknown_hdr;
} http_fields;

/* Add the codings of list v ("gzip, br") to c[*nc]. */
static void codings(http_fields *hf, span v, int *c, int *nc, int transfer, const char *hdr)
{
	for (size_t i = 0; i < v.n;) {
		const char *comma = memchr(v.p + i, ',', v.n - i);
		size_t e = comma ? (size_t)(comma - v.p) : v.n;
		span t = trim(v.p + i, e - i);
		i = e + 1;
		/* parameters (";q=1") are no part of the name */
		const char *semi = memchr(t.p, ';', t.n);
		if (semi) t = trim(t.p, (size_t)(semi - t.p));
		int code = -1;
		if (!t.n || word_is(t.p, t.n, "identity")) continue;
		if (transfer && word_is(t.p, t.n, "chunked")) { hf->chunked = 1; continue; }
		if (word_is(t.p, t.n, "gzip") || word_is(t.p, t.n, "x-gzip")) code = COD_GZIP;
		else if (word_is(t.p, t.n, "deflate")) code = COD_DEFLATE;
		else if (word_is(t.p, t.n, "br")) code = COD_BR;
		else if (word_is(t.p, t.n, "zstd")) code = COD_ZSTD;
		if (code < 0 || *nc == NS_WARC_MAX_CODINGS) {
			if (!hf->unknown_hdr) { hf->unknown = t; hf->unknown_hdr = hdr; }
			continue;
		}
		c[(*nc)++] = code;
	}
}

static int http_field(void *ctx, const char *name, size_t nl, span v)
{
	http_fields *hf = ctx;
	if (word_is(name, nl, "content-type")) hf->ctype = v;
	else if (word_is(name, nl, "content-encoding")) codings(hf, v, hf->ce, &hf->nce, 0, "Content-Encoding");
	else if (word_is(name, nl, "transfer-encoding")) codings(hf, v, hf->te, &hf->nte, 1, "Transfer-Encoding");
	return 0;
}

/* The status line at p[i..n) ("HTTP/1.1 200 OK", "HTTP/2 404"): its
 * status, and *next past its line end; 0 when it is none. */
static int status_line(const char *p, size_t n, size_t i, size_t *next)
{
	if (!starts_with(p + i, n - i, "http/")) return 0;
	size_t j = i + 5, d = j;
	while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == '.')) j++;
	if (j == d || j == n || (p[j] != ' ' && p[j] != '\t')) return 0;
	while (j < n && (p[j] == ' ' || p[j] == '\t')) j++;
	if (n - j < 3) return 0;
	int st = 0;
	for (int k = 0; k < 3; k++) {
		if (p[j + k] < '0' || p[j + k] > '9') return 0;
		st = st * 10 + p[j + k] - '0';
	}
	j += 3;
	if (j < n && p[j] != ' ' && p[j] != '\t' && p[j] != '\r' && p[j] != '\n') return 0;
	const char *e = memchr(p + j, '\n', n - j);
	*next = e ? (size_t)(e - p) + 1 : n;
	return st;
}

/* The HTTP response in p[0..n): *status, the fields, *body (offset).
 * NS_OK or NS_ERR_FORMAT. */
static int http_parse(const char *p, size_t n, int *status, http_fields *hf, size_t *body, char *err, size_t errlen)
{
	size_t i = 0;
	for (;;) {
		while (i < n && (p[i] == '\r' || p[i] == '\n')) i++;
		size_t next = 0;
		int st = status_line(p, n, i, &next);
		if (!st) {
			ns_errf(err, errlen, "no HTTP status line");
			return NS_ERR_FORMAT;
		}
		memset(hf, 0, sizeof(*hf));
		size_t lim = NS_MIN(n, i + NS_WARC_MAX_HEAD), end = n;
		int r = read_fields(p, lim, next, 0, http_field, hf, &end, err, errlen);
		if (r == 0 && lim < n) {
			ns_errf(err, errlen, "HTTP header block over %d bytes", NS_WARC_MAX_HEAD);
			return NS_ERR_FORMAT;
		}
		/* r == 0 otherwise: the headers run to the end, no body */
		if (r == 0) end = n;
		/* an interim response (100 Continue) comes before the real one */
		size_t k = end;
		while (k < n && (p[k] == '\r' || p[k] == '\n')) k++;
		if (st >= 100 && st < 200 && status_line(p, n, k, &next)) {
			i = k;
			continue;
		}
		*status = st;
		*body = end;
		return NS_OK;
	}
}

/* ---- undoing the codings ---- */

enum { DEC_OK = 0, DEC_INVALID = 1, DEC_OVER = 2 }; /* and NS_ERR_NOMEM */

/* Undo chunked transfer coding of s[0..n) into out. */
static int dechunk(const char *s, size_t n, size_t max, ns_buf *out, int *truncated)
{
	out->len = 0;
	if (ns_buf_reserve(out, NS_MIN(n, max))) return NS_ERR_NOMEM;
	size_t i = 0;
	for (;;) {
		if (i == n) { *truncated = 1; break; }
		/* the size line: hex digits, then blanks, a ";ext" or the line end */
		while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
		uint64_t size = 0;
		size_t d = i;
		for (; i < n; i++) {
			int c = lower((unsigned char)s[i]), v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (v < 0) break;
			if (size >> 59) return DEC_INVALID; /* over 2^63 */
			size = size << 4 | (uint64_t)v;
		}
		if (i == n) { *truncated = 1; break; }
		if (i == d) return DEC_INVALID;
		while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
		if (i < n && s[i] != ';' && s[i] != '\r' && s[i] != '\n') return DEC_INVALID;
		const char *e = memchr(s + i, '\n', n - i);
		if (!e) { *truncated = 1; break; }
		i = (size_t)(e - s) + 1;
		if (!size) break; /* the last chunk; trailers follow, unused */
		size_t take = size > n - i ? n - i : (size_t)size;
		if (out->len + take > max) return DEC_OVER;
		if (ns_buf_put(out, s + i, take)) return NS_ERR_NOMEM;
		i += take;
		if (take < size) { *truncated = 1; break; }
		if (i < n && s[i] == '\r') i++;
		if (i < n && s[i] == '\n') i++;
	}
	out->p[out->len] = 0;
	return DEC_OK;
}

/* Make room for more output in out, at most max + 1 bytes in all (one
 * over, so that going over shows).  0, or NS_ERR_NOMEM. */
static int grow_out(ns_buf *out, size_t max)
{
	size_t want = out->cap ? out->cap : 16384;
	if (want > max + 1 - out->len) want = max + 1 - out->len;
	return ns_buf_reserve(out, want) ? NS_ERR_NOMEM : 0;
}

/* gzip (gzip and zlib wrappers both taken, as browsers do; gzip members
 * one after another) or deflate (zlib, or raw as some servers send it). */
static int inflate_to(const char *s, size_t n, int gzip, size_t max, ns_buf *out, int *truncated)
{
	const unsigned char *u = (const unsigned char *)s;
	int wbits = 15 + 32;
	if (!gzip) {
		int zlib = n >= 2 && (u[0] & 0x0F) == 8 && (u[0] >> 4) <= 7 && ((unsigned)u[0] << 8 | u[1]) % 31 == 0;
		wbits = zlib ? 15 : -15;
	}
	z_stream z;
	memset(&z, 0, sizeof(z));
	int zr = inflateInit2(&z, wbits);
	if (zr != Z_OK) return zr == Z_MEM_ERROR ? NS_ERR_NOMEM : DEC_INVALID;
	out->len = 0;
	size_t in = 0;
	int res = DEC_OK;
	for (;;) {
		if (out->len > max) { res = DEC_OVER; break; }
		if (out->cap - out->len <= 1 && (res = grow_out(out, max))) break;
		/* zlib's counts are 32-bit: the input goes in pieces */
		size_t feed = NS_MIN(n - in, (size_t)1 << 30);
		z.next_in = (Bytef *)(uintptr_t)(s + in);
		z.avail_in = (uInt)feed;
		z.next_out = (Bytef *)out->p + out->len;
		z.avail_out = (uInt)NS_MIN(out->cap - out->len - 1, (size_t)1 << 30);
		zr = inflate(&z, Z_NO_FLUSH);
		in += feed - z.avail_in;
		out->len = (size_t)((char *)z.next_out - out->p);
		if (zr == Z_STREAM_END) {
			/* another gzip member follows, or the rest is ignored (as
			 * browsers ignore bytes after the stream) */
			if (gzip && n - in >= 2 && u[in] == 0x1F && u[in + 1] == 0x8B && inflateReset(&z) == Z_OK) continue;
			break;
		}
		if (zr == Z_MEM_ERROR) { res = NS_ERR_NOMEM; break; }
		if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT || zr == Z_STREAM_ERROR) { res = DEC_INVALID; break; }
		/* Z_OK or Z_BUF_ERROR: the end of the input before the stream's */
		if (in == n && z.avail_out) { *truncated = 1; break; }
	}
	inflateEnd(&z);
	if (res == DEC_OK && out->len > max) res = DEC_OVER;
	if (res == DEC_OK) out->p[out->len] = 0;
	return res;
}

static int unbrotli(const char *s, size_t n, size_t max, ns_buf *out, int *truncated)
{
	BrotliDecoderState *b = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!b) return NS_ERR_NOMEM;
	out->len = 0;
	const uint8_t *in = (const uint8_t *)s;
	size_t left = n;
	int res = DEC_OK;
	for (;;) {
		if (out->len > max) { res = DEC_OVER; break; }
		if (out->cap - out->len <= 1 && (res = grow_out(out, max))) break;
		uint8_t *o = (uint8_t *)out->p + out->len;
		size_t room = out->cap - out->len - 1;
		BrotliDecoderResult r = BrotliDecoderDecompressStream(b, &left, &in, &room, &o, NULL);
		out->len = (size_t)((char *)o - out->p);
		if (r == BROTLI_DECODER_RESULT_SUCCESS) break;
		if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
		if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) { *truncated = 1; break; }
		BrotliDecoderErrorCode ec = BrotliDecoderGetErrorCode(b);
		res = ec <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES && ec >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES
		              ? NS_ERR_NOMEM
		              : DEC_INVALID;
		break;
	}
	BrotliDecoderDestroyInstance(b);
	if (res == DEC_OK && out->len > max) res = DEC_OVER;
	if (res == DEC_OK) out->p[out->len] = 0;
	return res;
}

static int unzstd(const char *s, size_t n, size_t max, ns_buf *out, int *truncated)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	if (!z) return NS_ERR_NOMEM;
	ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, NS_WARC_ZSTD_WINDOW_LOG);
	out->len = 0;
	ZSTD_inBuffer in = {s, n, 0};
	int res = DEC_OK;
	size_t zr = 0;
	while (res == DEC_OK) {
		if (out->len > max) { res = DEC_OVER; break; }
		if (out->cap - out->len <= 1 && (res = grow_out(out, max))) break;
		ZSTD_outBuffer ob = {out->p, out->cap - 1, out->len};
		zr = ZSTD_decompressStream(z, &ob, &in);
		out->len = ob.pos;
		if (ZSTD_isError(zr)) {
			res = ZSTD_getErrorCode(zr) == ZSTD_error_memory_allocation ? NS_ERR_NOMEM : DEC_INVALID;
			break;
		}
		/* the input is used up and nothing more is waiting for room */
		if (in.pos == in.size && ob.pos < ob.size) break;
	}
	if (res == DEC_OK && zr) *truncated = 1; /* within a frame at the end */
	ZSTD_freeDCtx(z);
	if (res == DEC_OK && out->len > max) res = DEC_OVER;
	if (res == DEC_OK) out->p[out->len] = 0;
	return res;
}

static const char *const coding_names[] = {"gzip", "deflate", "br", "zstd"};

static int decode(int code, const char *s, size_t n, size_t max, ns_buf *out, int *truncated)
{
	switch (code) {
	case COD_GZIP: return inflate_to(s, n, 1, max, out, truncated);
	case COD_DEFLATE: return inflate_to(s, n, 0, max, out, truncated);
	case COD_BR: return unbrotli(s, n, max, out, truncated);
	default: return unzstd(s, n, max, out, truncated);
	}
}

/* ---- the page ---- */

/* The media type of Content-Type v, lower-cased into mt, and its charset
 * parameter (as written) into cs. */
static void media_type(span v, char *mt, size_t mcap, char *cs, size_t ccap)
{
	mt[0] = cs[0] = 0;
	const char *semi = memchr(v.p, ';', v.n);
	span t = trim(v.p, semi ? (size_t)(semi - v.p) : v.n);
	printable(t.p, t.n, mt, mcap);
	for (char *c = mt; *c; c++) *c = (char)lower((unsigned char)*c);
	while (semi) {
		size_t at = (size_t)(semi + 1 - v.p);
		semi = memchr(v.p + at, ';', v.n - at);
		span prm = trim(v.p + at, semi ? (size_t)(semi - (v.p + at)) : v.n - at);
		const char *eq = memchr(prm.p, '=', prm.n);
		if (!eq) continue;
		span name = trim(prm.p, (size_t)(eq - prm.p));
		if (!word_is(name.p, name.n, "charset")) continue;
		span val = trim(eq + 1, prm.n - (size_t)(eq + 1 - prm.p));
		if (val.n >= 2 && (val.p[0] == '"' || val.p[0] == '\'') && val.p[val.n - 1] == val.p[0]) {
			val.p++;
			val.n -= 2;
		}
		printable(val.p, val.n, cs, ccap);
		return;
	}
}

static int html_type(const char *mt)
{
	return !strcmp(mt, "text/html") || !strcmp(mt, "application/xhtml+xml");
}

/* Does payload s[0..n) start (after white space and a UTF-8 byte-order
 * mark) like an HTML document? */
static int sniff_html(const char *s, size_t n)
{
	static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body"};
	size_t i = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
	while (i < n && (ws((unsigned char)s[i]) || s[i] == '\f')) i++;
	for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
		size_t l = strlen(starts[k]);
		if (!starts_with(s + i, n - i, starts[k])) continue;
		/* the name ends there: "<header" is no "<head" */
		if (i + l == n || !(((unsigned)s[i + l] | 32) - 'a' < 26u || (unsigned)s[i + l] - '0' < 10u)) return 1;
	}
	return 0;
}

/* Is payload s[0..n) binary rather than text, in any charset but UTF-16
 * and UTF-32 (which the caller leaves out)?  Invalid UTF-8 is no sign:
 * a windows-1251 or Shift_JIS page is all of it. */
static int binary_payload(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t m = NS_MIN(n, (size_t)NS_WARC_BINARY_SAMPLE), bad = 0;
	for (size_t i = 0; i < m;) {
		if (i + 8 <= m) {
			/* eight bytes at a time while none is below 0x20 or DEL (the
			 * has-less-than and has-zero word tests) */
			uint64_t x, ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
			memcpy(&x, u + i, 8);
			uint64_t d = x ^ (ones * 0x7F);
			if (!(((x - ones * 0x20) & ~x & highs) | ((d - ones) & ~d & highs))) {
				i += 8;
				continue;
			}
		}
		for (size_t e = NS_MIN(m, i + 8); i < e; i++) {
			unsigned c = u[i];
			bad += (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) || c == 0x7F;
		}
	}
	return bad * NS_WARC_BINARY_SHARE > m;
}

static int wide_charset(const unsigned char *u, size_t n, const char *declared)
{
	char name[NS_CHARSET_NAME_MAX];
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) return 1;
	return declared[0] && ns_charset_canonical(declared, strlen(declared), name) &&
	       (!strncmp(name, "UTF-16", 6) || !strncmp(name, "UTF-32", 6) || !strncmp(name, "UCS-", 4));
}

/* Append note s to the notes so far in nb (cap bytes), "; " between. */
static void note_add(char *nb, size_t cap, const char *s)
{
	size_t l = strlen(nb);
	if (l + 2 < cap) snprintf(nb + l, cap - l, "%s%s", l ? "; " : "", s);
}

/* The charset's notes: only guesses and repairs, not a page that
 * declared its charset rightly. */
static void charset_notes(const ns_charset_info *ci, char *nb, size_t cap)
{
	char name[NS_CHARSET_NAME_MAX], line[160];
	size_t k = 0;
	for (; ci->name[k]; k++) name[k] = (char)lower((unsigned char)ci->name[k]);
	name[k] = 0;
	static const char *const how[NS_CHARSET_NHOW] = {"from its byte-order mark", "from the header", "from <meta>",
	                                                 "detected", "assumed"};
	if (ci->ignored[0]) {
		snprintf(line, sizeof(line), "charset %s %s, declared %s ignored", name, how[ci->how], ci->ignored);
		note_add(nb, cap, line);
	} else if ((ci->how == NS_CHARSET_DETECTED && strcmp(ci->name, "UTF-8")) || ci->how == NS_CHARSET_DEFAULT) {
		snprintf(line, sizeof(line), "charset %s %s", name, how[ci->how]);
		note_add(nb, cap, line);
	}
	if (ci->replaced) {
		if (!strcmp(ci->name, "UTF-8")) snprintf(line, sizeof(line), "invalid UTF-8 repaired");
		else snprintf(line, sizeof(line), "invalid %s bytes replaced", name);
		note_add(nb, cap, line);
	}
}

/* The host of url u[0..n): after "//", before the path, without a user
 * and a port, lower-case, without "www." and a final dot. */
static span url_host(const char *u, size_t n, char *low)
{
	const char *ss = n >= 2 ? memmem(u, n, "//", 2) : NULL;
	if (!ss) return (span){low, 0};
	const char *a = ss + 2, *e = u + n, *q = a;
	while (q < e && *q != '/' && *q != '?' && *q != '#' && *q != '\\') q++;
	for (const char *at = a; at < q; at++)
		if (*at == '@') a = at + 1;
	const char *he = a;
	if (a < q && *a == '[') {
		while (he < q && *he != ']') he++;
		if (he < q) he++;
	} else {
		while (he < q && *he != ':') he++;
	}
	size_t k = 0;
	for (const char *c = a; c < he; c++) low[k++] = (char)lower((unsigned char)*c);
	while (k && low[k - 1] == '.') k--;
	size_t off = k >= 4 && !memcmp(low, "www.", 4) ? 4 : 0;
	return (span){low + off, k - off};
}

/* Bytes build needs after the text for the other fields: each repaired
 * (up to 3 bytes a byte) and NUL-terminated; the host is part of the url. */
static size_t fields_room(const warc_fields *w)
{
	return 3 * (w->id.n + 2 * w->uri.n + w->date.n) + NS_NSTORED + 1;
}

/* Fill rec: text (the page, or empty; its buffer becomes the record's)
 * and the fields of w.  *bad counts repairs in the fields. */
static ns_status build(ns_record *rec, ns_buf *text, const warc_fields *w, int *bad)
{
	span raw[4] = {w->id, w->uri, w->date, {NULL, 0}};
	size_t total = 0;
	for (int k = 0; k < 3; k++) total += raw[k].n;
	char *scratch = malloc(2 * total + 1);
	if (!scratch) return NS_ERR_NOMEM;
	/* unfolded: id, url, date; then the host */
	span v[4];
	size_t o = 0;
	for (int k = 0; k < 3; k++) {
		v[k].p = scratch + o;
		v[k].n = raw[k].n ? unfold(raw[k], scratch + o) : 0;
		o += v[k].n;
	}
	if (v[0].n >= 2 && v[0].p[0] == '<' && v[0].p[v[0].n - 1] == '>') { v[0].p++; v[0].n -= 2; }
	if (starts_with(v[0].p, v[0].n, "urn:uuid:")) { v[0].p += 9; v[0].n -= 9; }
	if (v[1].n >= 2 && v[1].p[0] == '<' && v[1].p[v[1].n - 1] == '>') { v[1].p++; v[1].n -= 2; }
	v[3] = url_host(v[1].p, v[1].n, scratch + o);
	const char *val[NS_NSTORED] = {0};
	size_t vlen[NS_NSTORED] = {0};
	val[NS_F_ID] = v[0].p, vlen[NS_F_ID] = v[0].n;
	val[NS_F_URL] = v[1].p, vlen[NS_F_URL] = v[1].n;
	val[NS_F_DATE] = v[2].p, vlen[NS_F_DATE] = v[2].n;
	val[NS_F_SOURCE] = v[3].p, vlen[NS_F_SOURCE] = v[3].n;
	size_t need = 1;
	for (int f = 0; f < NS_NSTORED; f++)
		if (f != NS_F_TEXT) need += 3 * vlen[f] + 1;
	if (ns_buf_reserve(text, need)) { free(scratch); return NS_ERR_NOMEM; }
	size_t off[NS_NSTORED];
	text->p[text->len] = 0;
	off[NS_F_TEXT] = 0;
	rec->len[NS_F_TEXT] = (uint32_t)text->len;
	o = text->len + 1;
	for (int f = 0; f < NS_NSTORED; f++) {
		if (f == NS_F_TEXT) continue;
		size_t k = vlen[f] ? ns_copy_utf8(text->p + o, val[f], vlen[f], bad) : 0;
		text->p[o + k] = 0;
		off[f] = o;
		rec->len[f] = (uint32_t)k;
		o += k + 1;
	}
	free(scratch);
	rec->buf = text->p;
	for (int f = 0; f < NS_NSTORED; f++) rec->f[f] = rec->buf + off[f];
	*text = (ns_buf){0};
	return NS_OK;
}

int ns_warc_parse(const char *rec_bytes, size_t n, size_t max_bytes, ns_record *out, const char **note, char *err,
                  size_t errlen)
{
	memset(out, 0, sizeof(*out));
	*note = NULL;
	if (max_bytes > NS_WARC_MAX_BYTES) max_bytes = NS_WARC_MAX_BYTES;
	ns_warc_head h;
	warc_fields w;
	int r = warc_head(rec_bytes, n, &h, &w, err, errlen);
	if (r == 0) {
		ns_errf(err, errlen, "truncated WARC header block");
		return NS_ERR_FORMAT;
	}
	if (r < 0) return r;
	char notes[512] = "";
	const char *block = rec_bytes + h.head_len;
	size_t bn = n - h.head_len;
	if (bn > h.content_len) bn = (size_t)h.content_len;
	else if (bn < h.content_len) note_add(notes, sizeof(notes), "record cut short");
	if (w.truncated.n) note_add(notes, sizeof(notes), "record truncated by the crawler");

	/* the outcome: NS_OK, NS_WARC_SKIP or an error, with its reason */
	int res = NS_OK;
	char reason[128] = "";
	ns_buf text = {0}, bufs[2] = {{0}, {0}};
	const char *pay = NULL;
	size_t pn = 0;
	char mt[96], cs[NS_CHARSET_NAME_MAX * 2];
	int have_type = 0;
	if (h.type != NS_WARC_RESPONSE && h.type != NS_WARC_RESOURCE) {
		res = NS_WARC_SKIP;
		snprintf(reason, sizeof(reason), "%s record", ns_warc_type_names[h.type]);
	} else if (h.type == NS_WARC_RESOURCE || (w.ctype.n && !starts_with(w.ctype.p, w.ctype.n, "application/http"))) {
		/* the block is the document */
		pay = block;
		pn = bn;
		if (w.ctype.n) {
			media_type(w.ctype, mt, sizeof(mt), cs, sizeof(cs));
			have_type = mt[0] != 0;
		}
		if (pn > max_bytes) {
			res = NS_ERR_FORMAT;
			snprintf(reason, sizeof(reason), "payload over %zu bytes after decoding", max_bytes);
		}
	} else {
		int status;
		http_fields hf;
		size_t body;
		if (http_parse(block, bn, &status, &hf, &body, reason, sizeof(reason))) {
			res = NS_ERR_FORMAT;
		} else if (status < 200 || status > 299) {
			res = NS_WARC_SKIP;
			snprintf(reason, sizeof(reason), "HTTP %d", status);
		} else {
			if (hf.ctype.n) {
				media_type(hf.ctype, mt, sizeof(mt), cs, sizeof(cs));
				have_type = mt[0] != 0;
			}
			if (have_type && !html_type(mt)) {
				res = NS_WARC_SKIP;
			} else if (hf.unknown_hdr) {
				char shown[48];
				printable(hf.unknown.p, hf.unknown.n, shown, sizeof(shown));
				res = NS_WARC_SKIP;
				snprintf(reason, sizeof(reason), "%s %s", hf.unknown_hdr, shown);
			}
			pay = block + body;
			pn = bn - body;
			int cur = 0, trunc = 0;
			if (!res && hf.chunked) {
				int d = dechunk(pay, pn, max_bytes, &bufs[cur], &trunc);
				if (d == NS_ERR_NOMEM) res = NS_ERR_NOMEM;
				else if (d == DEC_INVALID) { res = NS_ERR_FORMAT; snprintf(reason, sizeof(reason), "bad chunk size"); }
				else if (d == DEC_OVER) res = DEC_OVER;
				else {
					if (trunc) note_add(notes, sizeof(notes), "truncated chunked body");
					pay = bufs[cur].p;
					pn = bufs[cur].len;
					cur ^= 1;
				}
			}
			if (!res && pn > max_bytes) res = DEC_OVER;
			/* transfer codings were applied last, so they come off first */
			for (int k = hf.nce + hf.nte - 1; k >= 0 && !res; k--) {
				int code = k >= hf.nce ? hf.te[k - hf.nce] : hf.ce[k];
				trunc = 0;
				int d = decode(code, pay, pn, max_bytes, &bufs[cur], &trunc);
				if (d == NS_ERR_NOMEM) res = NS_ERR_NOMEM;
				else if (d == DEC_INVALID) {
					res = NS_ERR_FORMAT;
					snprintf(reason, sizeof(reason), "invalid %s data", coding_names[code]);
				} else if (d == DEC_OVER) res = DEC_OVER;
				else {
					if (trunc) {
						char line[64];
						snprintf(line, sizeof(line), "truncated %s body", coding_names[code]);
						note_add(notes, sizeof(notes), line);
					}
					pay = bufs[cur].p;
					pn = bufs[cur].len;
					cur ^= 1;
				}
			}
			if (res == DEC_OVER) {
				res = NS_ERR_FORMAT;
				snprintf(reason, sizeof(reason), "payload over %zu bytes after decoding", max_bytes);
			}
		}
	}
	if (!res && have_type && !html_type(mt)) res = NS_WARC_SKIP;
	if (res == NS_WARC_SKIP && !reason[0]) snprintf(reason, sizeof(reason), "%s", mt);
	if (!res) {
		size_t k = 0;
		while (k < pn && (ws((unsigned char)pay[k]) || pay[k] == '\f')) k++;
		int wide = wide_charset((const unsigned char *)pay, pn, have_type ? cs : "");
		if (k == pn) {
			res = NS_WARC_SKIP;
			snprintf(reason, sizeof(reason), "empty payload");
		} else if (!have_type && (!sniff_html(pay, pn) || binary_payload(pay, pn))) {
			res = NS_WARC_SKIP;
			snprintf(reason, sizeof(reason), "not HTML (no Content-Type)");
		} else if (!wide && binary_payload(pay, pn)) {
			res = NS_ERR_FORMAT;
			snprintf(reason, sizeof(reason), "binary payload");
		}
	}
	if (!res) {
		ns_charset_info ci;
		/* room for the fields after the text from the start, so that a
		 * page copied as it is is copied once */
		if (ns_buf_reserve(&text, pn + fields_room(&w)) ||
		    ns_charset_to_utf8(pay, pn, have_type && cs[0] ? cs : NULL, &text, &ci)) {
			res = NS_ERR_NOMEM;
		} else {
			/* a page that was only a byte-order mark, or NULs */
			size_t k = 0;
			while (k < text.len && (ws((unsigned char)text.p[k]) || text.p[k] == '\f')) k++;
			if (k == text.len) {
				res = NS_WARC_SKIP;
				snprintf(reason, sizeof(reason), "empty payload");
			} else {
				charset_notes(&ci, notes, sizeof(notes));
			}
		}
	}
	ns_buf_free(&bufs[0]);
	ns_buf_free(&bufs[1]);
	if (res == NS_ERR_NOMEM) {
		ns_buf_free(&text);
		return NS_ERR_NOMEM;
	}
	if (res) text.len = 0;
	int bad = 0;
	if (build(out, &text, &w, &bad)) {
		ns_buf_free(&text);
		memset(out, 0, sizeof(*out));
		return NS_ERR_NOMEM;
	}
	if (res) {
		ns_errf(err, errlen, "%s", reason);
		return res;
	}
	if (bad) note_add(notes, sizeof(notes), "invalid UTF-8 in the WARC header repaired");
	if (notes[0]) {
		if (err && errlen) {
			snprintf(err, errlen, "%s", notes);
			*note = err;
		} else {
			*note = "record repaired";
		}
	}
	return NS_OK;
}
