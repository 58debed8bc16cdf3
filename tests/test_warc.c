/* WARC framing (versions, line ends, folded fields, bad and missing
 * Content-Length, resync), WARC records to records (fields, HTTP status
 * and headers, chunked, gzip, deflate, br, zstd, caps, skips, sniffing)
 * and charsets (BOM, header, <meta>, detection, aliases, repairs). */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "internal.h"
#include "newsift/newsift.h"
#include "newsift/charset.h"
#include "newsift/warc.h"
#include "check.h"

/* a literal and its length (the literals may hold NUL bytes) */
#define L(s) s, sizeof(s) - 1

#define MIB ((size_t)1 << 20)

/* ---- making records ---- */

/* The WARC record version + fields + Content-Length + block into b, then
 * "\r\n\r\n"; returns the record's length without those. */
static size_t warc_rec(ns_buf *b, const char *version, const char *fields, const void *block, size_t bn)
{
	b->len = 0;
	ns_buf_printf(b, "%s\r\n%sContent-Length: %zu\r\n\r\n", version, fields, bn);
	ns_buf_put(b, block, bn);
	size_t n = b->len;
	ns_buf_put(b, "\r\n\r\n", 4);
	return n;
}

#define RESP_FIELDS                                                                                                \
	"WARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0f1e2d3c-aaaa-bbbb-cccc-000000000001>\r\n"              \
	"WARC-Target-URI: http://www.Example.com:8080/news/a?x=1\r\nWARC-Date: 2024-03-22T10:00:00Z\r\n"          \
	"Content-Type: application/http; msgtype=response\r\n"

typedef struct {
	int rc;
	ns_record rec;
	const char *note;
	char err[256];
	char notebuf[256]; /* a copy of the note, which may live in err */
} result;

static void res_free(result *r)
{
	ns_record_free(&r->rec);
}

/* ns_warc_parse of a record of fields (WARC/1.0) around block */
static result parse_block(const char *fields, const void *block, size_t bn, size_t max)
{
	result r;
	memset(&r, 0, sizeof(r));
	ns_buf b = {0};
	size_t n = warc_rec(&b, "WARC/1.0", fields, block, bn);
	r.rc = ns_warc_parse(b.p, n, max, &r.rec, &r.note, r.err, sizeof(r.err));
	snprintf(r.notebuf, sizeof(r.notebuf), "%s", r.note ? r.note : "(none)");
	ns_buf_free(&b);
	return r;
}

/* a response record: HTTP head http (with its blank line), then body */
static result resp(const char *http, const void *body, size_t bn, size_t max)
{
	ns_buf blk = {0};
	ns_buf_put(&blk, http, strlen(http));
	ns_buf_put(&blk, body, bn);
	result r = parse_block(RESP_FIELDS, blk.p, blk.len, max);
	ns_buf_free(&blk);
	return r;
}

static size_t zbytes(const void *s, size_t n, int wbits, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int r = deflate(&z, Z_FINISH);
	size_t k = z.total_out;
	deflateEnd(&z);
	return r == Z_STREAM_END ? k : 0;
}

/* every field NUL-terminated at its length and valid UTF-8 */
static int rec_ok(const ns_record *rec)
{
	if (!rec->buf) return 0;
	for (int f = 0; f < NS_NSTORED; f++) {
		if (!rec->f[f] || rec->f[f][rec->len[f]] || strlen(rec->f[f]) != rec->len[f]) return 0;
		if (!ns_charset_is_utf8(rec->f[f], rec->len[f], NULL)) return 0;
	}
	return 1;
}

/* ---- framing ---- */

static void test_head(void)
{
	ns_warc_head h;
	char err[256];
	ns_buf b = {0};
	static const char blk[] = "0123456789";
	/* WARC/1.0, CR LF */
	size_t n = warc_rec(&b, "WARC/1.0", "WARC-Type: response\r\n", blk, 10);
	CHECK_EQ_U(ns_warc_head_parse(b.p, b.len, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.head_len, n - 10);
	CHECK_EQ_U(h.head_len, strlen("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n"));
	CHECK_EQ_U(h.content_len, 10);
	CHECK_EQ_U(h.type, NS_WARC_RESPONSE);
	CHECK_EQ_U(h.version, 10);
	/* the header block alone is enough; one byte less is not */
	CHECK_EQ_U(ns_warc_head_parse(b.p, h.head_len, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(ns_warc_head_parse(b.p, h.head_len - 1, &h, err, sizeof(err)), 0);
	for (size_t k = 0; k < 12; k++) CHECK_EQ_U(ns_warc_head_parse(b.p, k, &h, err, sizeof(err)), 0);

	/* WARC/1.1, names in any case, a type not known */
	warc_rec(&b, "WARC/1.1", "warc-type: RESOURCE\r\n", blk, 3);
	CHECK_EQ_U(ns_warc_head_parse(b.p, b.len, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.type, NS_WARC_RESOURCE);
	CHECK_EQ_U(h.version, 11);
	CHECK_EQ_U(h.content_len, 3);
	warc_rec(&b, "WARC/1.1", "WARC-Type: bogus\r\n", blk, 3);
	CHECK_EQ_U(ns_warc_head_parse(b.p, b.len, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.type, NS_WARC_OTHER);
	warc_rec(&b, "WARC/1.1", "", blk, 3);
	CHECK_EQ_U(ns_warc_head_parse(b.p, b.len, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.type, NS_WARC_OTHER);
	CHECK_STR(ns_warc_type_names[NS_WARC_REVISIT], "revisit");
	CHECK_STR(ns_warc_type_names[NS_WARC_OTHER], "other");

	/* bare LF, leading line ends counted in head_len, a folded field, a
	 * version line with blanks after it */
	static const char lf[] = "\r\n\nWARC/1.0 \nWARC-Type:\n  request\nWARC-Date: 2024\nContent-Length:  42 \n\nrest";
	CHECK_EQ_U(ns_warc_head_parse(L(lf), &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.head_len, sizeof(lf) - 1 - 4);
	CHECK_EQ_U(h.type, NS_WARC_REQUEST);
	CHECK_EQ_U(h.content_len, 42);
	/* a folded line before Content-Length does not hide it */
	static const char fold[] = "WARC/1.0\r\nWARC-Type: resource\r\nX-Long: a\r\n\tb\r\n c\r\nContent-Length: 7\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(fold), &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.content_len, 7);
	CHECK_EQ_U(h.head_len, sizeof(fold) - 1);

	/* malformed */
	static const char nolen[] = "WARC/1.0\r\nWARC-Type: response\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(nolen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "missing Content-Length");
	static const char badlen[] = "WARC/1.0\r\nContent-Length: 12x\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(badlen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "bad Content-Length \"12x\"");
	static const char neglen[] = "WARC/1.0\r\nContent-Length: -1\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(neglen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "bad Content-Length \"-1\"");
	static const char hugelen[] = "WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(hugelen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "bad Content-Length \"99999999999999999999\"");
	static const char emptylen[] = "WARC/1.0\r\nContent-Length:\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(emptylen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "bad Content-Length \"\"");
	static const char twolen[] = "WARC/1.0\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(twolen), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "conflicting Content-Length");
	static const char samelen[] = "WARC/1.0\r\nContent-Length: 5\r\ncontent-length: 05\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(samelen), &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.content_len, 5);
	static const char nocolon[] = "WARC/1.0\r\nWARC-Type response\r\nContent-Length: 5\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(nocolon), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "header line without a colon");
	static const char http[] = "HTTP/1.1 200 OK\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(http), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "no WARC/1.0 or WARC/1.1 version line");
	static const char v12[] = "WARC/1.2\r\nContent-Length: 5\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(v12), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "no WARC/1.0 or WARC/1.1 version line");
	static const char v100[] = "WARC/1.00\r\nContent-Length: 5\r\n\r\n";
	CHECK_EQ_U(ns_warc_head_parse(L(v100), &h, err, sizeof(err)), NS_ERR_FORMAT);
	/* wrong from the first bytes: no need to wait */
	CHECK_EQ_U(ns_warc_head_parse(L("WARX"), &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_EQ_U(ns_warc_head_parse(L("\r\n\r\nWAR"), &h, err, sizeof(err)), 0);
	CHECK_EQ_U(ns_warc_head_parse(L("WARC/1.0"), &h, err, sizeof(err)), 0);
	CHECK_EQ_U(ns_warc_head_parse(L("WARC/1.0\r"), &h, err, sizeof(err)), 0);

	/* the 64 KiB cap: a block without its blank line waits below it and
	 * is malformed at it */
	size_t big = NS_WARC_MAX_HEAD + 100;
	char *p = malloc(big);
	memcpy(p, "WARC/1.0\r\n", 10);
	for (size_t i = 10; i < big; i += 10) memcpy(p + i, "X-Pad: ab\n", NS_MIN((size_t)10, big - i));
	CHECK_EQ_U(ns_warc_head_parse(p, 60000, &h, err, sizeof(err)), 0);
	CHECK_EQ_U(ns_warc_head_parse(p, big, &h, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "header block over 65536 bytes");
	/* and a block just under it is read */
	size_t under = 65536 - 30;
	memcpy(p + under - 10, "X-Pad: ab\n", 10);
	memcpy(p + under, "Content-Length: 1\r\n\r\n", 21);
	CHECK_EQ_U(ns_warc_head_parse(p, big, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.head_len, under + 21);
	free(p);
	ns_buf_free(&b);
}

static void test_resync(void)
{
	static const char a[] = "garbage\r\nmore WARC/1.0 not at a line start\nWARC/1.1\r\nContent-Length: 0\r\n\r\n";
	size_t r = ns_warc_resync(L(a));
	CHECK_EQ_U(r, strlen("garbage\r\nmore WARC/1.0 not at a line start"));
	/* the caller goes on there: the line end is skipped */
	ns_warc_head h;
	char err[128];
	CHECK_EQ_U(ns_warc_head_parse(a + r, sizeof(a) - 1 - r, &h, err, sizeof(err)), 1);
	CHECK_EQ_U(h.version, 11);
	/* none */
	CHECK_EQ_U(ns_warc_resync(L("abc\ndef\nWARC/2.0\nWARC/1.x\n")), strlen("abc\ndef\nWARC/2.0\nWARC/1.x"));
	CHECK_EQ_U(ns_warc_resync(L("abc\ndef\nWARC/2.0\nWARC/1.x")), sizeof("abc\ndef\nWARC/2.0\nWARC/1.x") - 1);
	CHECK_EQ_U(ns_warc_resync(L("")), 0);
	CHECK_EQ_U(ns_warc_resync(L("no line end at all")), 18);
	/* never offset 0, so a caller stuck there moves on */
	CHECK_EQ_U(ns_warc_resync(L("\nWARC/1.0\r\nx\nWARC/1.0\r\n")), 12);
	CHECK_EQ_U(ns_warc_resync(L("WARC/1.0\r\nx\n")), 11);
	/* a possible start cut by the end is kept */
	CHECK_EQ_U(ns_warc_resync(L("abc\r\nWARC/1")), 4);
	CHECK_EQ_U(ns_warc_resync(L("abc\r\nWA")), 4);
	CHECK_EQ_U(ns_warc_resync(L("abc\r\n")), 4);
	CHECK_EQ_U(ns_warc_resync(L("abc\r\nWB")), 7);
}

/* ---- records ---- */

static const char page[] = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello, world.</p></body></html>";

static void test_fields(void)
{
	result r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n", L(page), 64 * MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK(rec_ok(&r.rec));
	CHECK_STR(r.rec.f[NS_F_ID], "0f1e2d3c-aaaa-bbbb-cccc-000000000001");
	CHECK_STR(r.rec.f[NS_F_URL], "http://www.Example.com:8080/news/a?x=1");
	CHECK_STR(r.rec.f[NS_F_SOURCE], "example.com");
	CHECK_STR(r.rec.f[NS_F_DATE], "2024-03-22T10:00:00Z");
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	CHECK_STR(r.rec.f[NS_F_TITLE], "");
	CHECK_STR(r.rec.f[NS_F_EXTRA], "");
	CHECK(r.note == NULL);
	res_free(&r);

	/* ids without urn:uuid, urls in <>, hosts with users, ports, IPv6,
	 * trailing dots, no authority; folded fields */
	static const struct {
		const char *fields, *id, *url, *source;
	} v[] = {
		{"WARC-Record-ID: <urn:x:1>\r\nWARC-Target-URI: <https://user:pw@WWW.News.Example.ORG.:443/x>\r\n", "urn:x:1",
		 "https://user:pw@WWW.News.Example.ORG.:443/x", "news.example.org"},
		{"WARC-Record-ID: abc\r\nWARC-Target-URI: http://[::1]:80/p\r\n", "abc", "http://[::1]:80/p", "[::1]"},
		{"WARC-Record-ID: <URN:UUID:ABC>\r\nWARC-Target-URI: dns:example.com\r\n", "ABC", "dns:example.com", ""},
		{"WARC-Record-ID:\r\n <urn:uuid:f-o-l-d>\r\nWARC-Target-URI: http://wwwexample.com?q=1\r\n", "f-o-l-d",
		 "http://wwwexample.com?q=1", "wwwexample.com"},
		{"WARC-Target-URI: http://a.example/\r\n", "", "http://a.example/", "a.example"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char f[512];
		snprintf(f, sizeof(f), "WARC-Type: resource\r\n%sContent-Type: text/html\r\n", v[i].fields);
		r = parse_block(f, L(page), MIB);
		CHECK_EQ_U(r.rc, NS_OK);
		CHECK_STR(r.rec.f[NS_F_ID], v[i].id);
		CHECK_STR(r.rec.f[NS_F_URL], v[i].url);
		CHECK_STR(r.rec.f[NS_F_SOURCE], v[i].source);
		CHECK_STR(r.rec.f[NS_F_DATE], "");
		CHECK_STR(r.rec.f[NS_F_TEXT], page);
		res_free(&r);
	}
	/* invalid UTF-8 in a WARC field is repaired and noted */
	r = parse_block("WARC-Type: resource\r\nWARC-Record-ID: a\xFF" "b\r\nContent-Type: text/html\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_ID], "a\xEF\xBF\xBD" "b");
	CHECK_STR(r.notebuf, "invalid UTF-8 in the WARC header repaired");
	res_free(&r);
	/* the bytes past the block (the record's "\r\n\r\n") are ignored;
	 * a block cut short is kept, noted */
	ns_buf b = {0};
	size_t n = warc_rec(&b, "WARC/1.1", "WARC-Type: resource\r\nContent-Type: text/html\r\n", L(page));
	ns_record rec;
	const char *note;
	char err[256];
	CHECK_EQ_U(ns_warc_parse(b.p, b.len, MIB, &rec, &note, err, sizeof(err)), NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], page);
	CHECK(note == NULL);
	ns_record_free(&rec);
	CHECK_EQ_U(ns_warc_parse(b.p, n - 7, MIB, &rec, &note, err, sizeof(err)), NS_OK);
	CHECK_EQ_U(rec.len[NS_F_TEXT], sizeof(page) - 1 - 7);
	CHECK(note == err);
	CHECK_STR(note, "record cut short");
	ns_record_free(&rec);
	/* no err buffer: a static note */
	CHECK_EQ_U(ns_warc_parse(b.p, n - 7, MIB, &rec, &note, NULL, 0), NS_OK);
	CHECK_STR(note, "record repaired");
	ns_record_free(&rec);
	/* a header block cut short */
	CHECK_EQ_U(ns_warc_parse(b.p, 20, MIB, &rec, &note, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "truncated WARC header block");
	CHECK(rec.buf == NULL);
	CHECK_EQ_U(ns_warc_parse(L("WARC/1.0\r\n\r\n"), MIB, &rec, &note, err, sizeof(err)), NS_ERR_FORMAT);
	CHECK_STR(err, "missing Content-Length");
	ns_buf_free(&b);
	/* WARC-Truncated */
	r = parse_block("WARC-Type: resource\r\nWARC-Truncated: length\r\nContent-Type: text/html\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.notebuf, "record truncated by the crawler");
	res_free(&r);
}

static void test_http(void)
{
	/* bare LF, a folded Content-Type, a reason phrase missing, HTTP/2 */
	result r = resp("HTTP/2 200\nServer: x\nContent-Type: text/html;\n charset=windows-1252\n\n", L("<p>\x93q\x94</p>"),
	                MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>\xE2\x80\x9Cq\xE2\x80\x9D</p>");
	CHECK(r.note == NULL);
	res_free(&r);
	/* an interim 100 Continue before the response */
	r = resp("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	res_free(&r);
	/* a header line without a colon is passed over */
	r = resp("HTTP/1.0 200 OK\r\ngarbage line\r\nContent-Type: TEXT/HTML\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	res_free(&r);
	/* XHTML */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	res_free(&r);

	/* skipped, the fields kept */
	r = resp("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "HTTP 404");
	CHECK_STR(r.rec.f[NS_F_ID], "0f1e2d3c-aaaa-bbbb-cccc-000000000001");
	CHECK_STR(r.rec.f[NS_F_SOURCE], "example.com");
	CHECK_STR(r.rec.f[NS_F_TEXT], "");
	CHECK(r.note == NULL);
	CHECK(rec_ok(&r.rec));
	res_free(&r);
	r = resp("HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\n\r\n", "", 0, MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "HTTP 301");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: image/PNG\r\n\r\n", L("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "image/png");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", L(" \r\n\t"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "empty payload");
	res_free(&r);
	r = resp("HTTP/1.1 204 No Content\r\n\r\n", "", 0, MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "empty payload");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: compress\r\n\r\n", L("x"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "Content-Encoding compress");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: x-weird, chunked\r\n\r\n", L("0\r\n\r\n"),
	         MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "Transfer-Encoding x-weird");
	res_free(&r);

	/* no Content-Type: sniffed */
	r = resp("HTTP/1.1 200 OK\r\n\r\n", L("\xEF\xBB\xBF \n<!doctype HTML>\n<p>x</p>"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], " \n<!doctype HTML>\n<p>x</p>");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\n\r\n", L("<HEAD><title>x</title></HEAD>"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\n\r\n", L("<header>not a document</header>"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "not HTML (no Content-Type)");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\n\r\n", L("plain text"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "not HTML (no Content-Type)");
	res_free(&r);
	/* binary after an HTML start: sniffed out, or damaged when declared */
	char bin[600];
	memcpy(bin, "<html>", 6);
	uint64_t seed = 42;
	for (size_t i = 6; i < sizeof(bin); i++) bin[i] = (char)check_xorshift(&seed);
	r = resp("HTTP/1.1 200 OK\r\n\r\n", bin, sizeof(bin), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "not HTML (no Content-Type)");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", bin, sizeof(bin), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "binary payload");
	CHECK_STR(r.rec.f[NS_F_URL], "http://www.Example.com:8080/news/a?x=1");
	res_free(&r);

	/* damaged */
	r = resp("HTTP/1.1 2OO OK\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "no HTTP status line");
	res_free(&r);
	r = resp("", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "no HTTP status line");
	CHECK_STR(r.rec.f[NS_F_ID], "0f1e2d3c-aaaa-bbbb-cccc-000000000001");
	res_free(&r);
	size_t big = NS_WARC_MAX_HEAD + 64;
	char *h = malloc(big + 1);
	memcpy(h, "HTTP/1.1 200 OK\r\n", 17);
	for (size_t i = 17; i < big; i++) h[i] = i % 40 == 39 ? '\n' : 'x';
	h[big] = 0;
	r = resp(h, L(page), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "HTTP header block over 65536 bytes");
	res_free(&r);
	free(h);

	/* other record types */
	r = parse_block("WARC-Type: request\r\n", L("GET / HTTP/1.1\r\n\r\n"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "request record");
	res_free(&r);
	r = parse_block("WARC-Type: metadata\r\n", L("x"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "metadata record");
	res_free(&r);
	/* a response that is no HTTP message */
	r = parse_block("WARC-Type: response\r\nWARC-Target-URI: dns:example.com\r\nContent-Type: text/dns\r\n",
	                L("20240322100000\nexample.com. 300 IN A 1.2.3.4\n"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "text/dns");
	res_free(&r);
	/* a resource: its media type, sniffing without one */
	r = parse_block("WARC-Type: resource\r\nContent-Type: text/html; charset=\"windows-1252\"\r\n", L("<p>\x93q\x94</p>"),
	                MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>\xE2\x80\x9Cq\xE2\x80\x9D</p>");
	res_free(&r);
	r = parse_block("WARC-Type: resource\r\n", L("<html>x</html>"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	res_free(&r);
	r = parse_block("WARC-Type: resource\r\nContent-Type: application/pdf\r\n", L("%PDF-1.4"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "application/pdf");
	res_free(&r);
	r = parse_block("WARC-Type: resource\r\nContent-Type: text/html\r\n", L(page), 10);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "payload over 10 bytes after decoding");
	res_free(&r);
}

static void test_chunked(void)
{
	static const char hd[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
	result r = resp(hd, L("7;name=\"v\"\r\n<p>Hell\r\n9 \r\no, world.\r\n4\r\n</p>\r\n0\r\nX-Trailer: 1\r\n\r\n"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>Hello, world.</p>");
	CHECK(r.note == NULL);
	res_free(&r);
	/* bare LF, upper-case hex, no final CR LF */
	r = resp(hd, L("0000D\n<p>Hello</p>\n0\n"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>Hello</p>\n");
	res_free(&r);
	/* cut short: in a chunk, between chunks, in a size line */
	static const char *const cut[] = {"7\r\n<p>Hell\r\n5\r\no, w", "7\r\n<p>Hell\r\n", "7\r\n<p>Hell\r\n5"};
	static const char *const kept[] = {"<p>Hello, w", "<p>Hell", "<p>Hell"};
	for (int i = 0; i < 3; i++) {
		r = resp(hd, cut[i], strlen(cut[i]), MIB);
		CHECK_EQ_U(r.rc, NS_OK);
		CHECK_STR(r.rec.f[NS_F_TEXT], kept[i]);
		CHECK_STR(r.notebuf, "truncated chunked body");
		res_free(&r);
	}
	/* bad sizes */
	static const char *const bad[] = {"zz\r\nabc\r\n0\r\n\r\n", "7\r\n<p>Hell\r\n<p>\r\n0\r\n\r\n", "-1\r\nx\r\n",
	                                  "7 x\r\n<p>Hell\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFF\r\nx\r\n"};
	for (int i = 0; i < 5; i++) {
		r = resp(hd, bad[i], strlen(bad[i]), MIB);
		CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
		CHECK_STR(r.err, "bad chunk size");
		res_free(&r);
	}
	/* a chunk over the cap */
	r = resp(hd, L("20\r\n<p>0123456789012345678901234</p>\r\n0\r\n\r\n"), 16);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "payload over 16 bytes after decoding");
	res_free(&r);
}

/* "<p>Brotli: x.</p>" compressed by libbrotlienc (quality 11) */
static const char br_html[] = "<html><head><title>Brotli</title></head><body><p>Compressed with brotli, brotli, "
                              "brotli.</p></body></html>";
static const char br_data[] =
	"\x1B\x69\x00\x48\x2C\x8F\xB7\x89\xF1\x6B\x46\x24\x9B\x65\xAA\x64\x0F\xDF\x96\x3C\x42\x43\x25\x86\x56\x2F\x70"
	"\xF5\x26\xD7\x3E\x69\x6C\x6D\x9A\xC5\x85\x87\x4E\xF9\xD0\x81\x43\x0E\x5C\xB2\x8C\x6F\xCD\x5B\x84\x79\x8C\x8D"
	"\x69\xB9\xE4\x78\xCE\x07\x1F\x5B\x48\x8C\x3A\x83\x16\x24\xDA\xDF\x75\xCC\x58\xF0\x91\x9A\x01";

static void test_codings(void)
{
	unsigned char z[4096], z2[8192];
	size_t pn = sizeof(page) - 1;
	struct {
		int wbits;
		const char *hdr;
	} zv[] = {{15 + 16, "Content-Encoding: gzip"}, {15 + 16, "Content-Encoding: X-GZIP"},
	          {15, "Content-Encoding: deflate"}, {-15, "Content-Encoding: deflate"},
	          {15, "Content-Encoding: gzip"}, /* zlib sent as gzip: taken, as browsers do */
	          {15 + 16, "Transfer-Encoding: gzip"}};
	for (size_t i = 0; i < sizeof(zv) / sizeof(zv[0]); i++) {
		size_t zn = zbytes(page, pn, zv[i].wbits, z, sizeof(z));
		CHECK(zn > 0);
		char hd[256];
		snprintf(hd, sizeof(hd), "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n%s\r\n\r\n", zv[i].hdr);
		result r = resp(hd, z, zn, MIB);
		CHECK_EQ_U(r.rc, NS_OK);
		CHECK_STR(r.rec.f[NS_F_TEXT], page);
		CHECK(r.note == NULL);
		res_free(&r);
		/* invalid data */
		memset(z + 10, 0xFF, zn > 20 ? 10 : 0);
		r = resp(hd, z, zn, MIB);
		CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
		CHECK_STR(r.err, zv[i].wbits == -15 || strstr(zv[i].hdr, "deflate") ? "invalid deflate data"
		                                                                     : "invalid gzip data");
		res_free(&r);
	}
	/* gzip members one after another, trailing bytes after the last */
	size_t z1 = zbytes("<p>one</p>", 10, 31, z2, sizeof(z2));
	size_t zt = zbytes("<p>two</p>", 10, 31, z2 + z1, sizeof(z2) - z1);
	memcpy(z2 + z1 + zt, "\0\0junk", 6);
	result r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", z2, z1 + zt + 6, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>one</p><p>two</p>");
	res_free(&r);
	/* gzip cut short: what came is kept */
	char big[4000];
	for (size_t i = 0; i < sizeof(big); i++) big[i] = "<p>abcdefghijklmnopqrstuvwxyz</p>\n"[i % 34];
	size_t zn = zbytes(big, sizeof(big), 31, z, sizeof(z));
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", z, zn - 8 - 20, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK(r.rec.len[NS_F_TEXT] > 0 && r.rec.len[NS_F_TEXT] < sizeof(big));
	CHECK(!memcmp(r.rec.f[NS_F_TEXT], big, r.rec.len[NS_F_TEXT]));
	CHECK_STR(r.notebuf, "truncated gzip body");
	res_free(&r);
	/* gzip then chunked */
	zn = zbytes(page, pn, 31, z, sizeof(z));
	ns_buf ch = {0};
	ns_buf_printf(&ch, "%zx\r\n", (size_t)10);
	ns_buf_put(&ch, z, 10);
	ns_buf_printf(&ch, "\r\n%zx;x=y\r\n", zn - 10);
	ns_buf_put(&ch, z + 10, zn - 10);
	ns_buf_printf(&ch, "\r\n0\r\n\r\n");
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
	         ch.p, ch.len, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	res_free(&r);
	ns_buf_free(&ch);
	/* stacked: deflate then gzip, undone in reverse */
	size_t d1 = zbytes(page, pn, 15, z2, sizeof(z2));
	zn = zbytes(z2, d1, 31, z, sizeof(z));
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate, gzip\r\n\r\n", z, zn, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	res_free(&r);

	/* br */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n", L(br_data), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], br_html);
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n", br_data, sizeof(br_data) - 1 - 5,
	         MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK(r.rec.len[NS_F_TEXT] > 0 && r.rec.len[NS_F_TEXT] < sizeof(br_html) - 1);
	CHECK(!memcmp(r.rec.f[NS_F_TEXT], br_html, r.rec.len[NS_F_TEXT]));
	CHECK_STR(r.notebuf, "truncated br body");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n", L("\xFF\xFF\xFF\xFF garbage"), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "invalid br data");
	res_free(&r);
	/* zstd */
	zn = ZSTD_compress(z, sizeof(z), page, pn, 3);
	CHECK(!ZSTD_isError(zn));
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: zstd\r\n\r\n", z, zn, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: zstd\r\n\r\n", L("not zstd at all"), MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "invalid zstd data");
	res_free(&r);
	/* identity is nothing */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: identity\r\n\r\n", L(page), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], page);
	res_free(&r);

	/* bombs: 8 MiB of one byte is a few KiB of gzip (or zstd); refused at
	 * the cap, taken under a larger one */
	size_t bn = 8 * MIB;
	char *bomb = malloc(bn);
	memcpy(bomb, "<html>", 6);
	memset(bomb + 6, 'a', bn - 6);
	size_t cap = bn / 100;
	unsigned char *zb = malloc(cap);
	zn = zbytes(bomb, bn, 31, zb, cap);
	CHECK(zn > 0 && zn < bn / 500);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", zb, zn, MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "payload over 1048576 bytes after decoding");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", zb, zn, 8 * MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_EQ_U(r.rec.len[NS_F_TEXT], bn);
	res_free(&r);
	/* exactly at the cap is taken, one byte over is not */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", zb, zn, bn - 1);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	res_free(&r);
	zn = ZSTD_compress(zb, cap, bomb, bn, 3);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: zstd\r\n\r\n", zb, zn, MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "payload over 1048576 bytes after decoding");
	res_free(&r);
	/* an identity body over the cap */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", bomb, 2 * MIB, MIB);
	CHECK_EQ_U(r.rc, NS_ERR_FORMAT);
	CHECK_STR(r.err, "payload over 1048576 bytes after decoding");
	res_free(&r);
	free(zb);
	free(bomb);
}

/* ---- charsets ---- */

typedef struct {
	ns_status st;
	ns_charset_info ci;
	char out[512];
} conv_result;

static conv_result conv(const char *s, size_t n, const char *declared)
{
	conv_result c;
	memset(&c, 0, sizeof(c));
	ns_buf b = {0};
	c.st = ns_charset_to_utf8(s, n, declared, &b, &c.ci);
	snprintf(c.out, sizeof(c.out), "%s", b.p ? b.p : "(null)");
	if (b.p && (strlen(b.p) != b.len || !ns_charset_is_utf8(b.p, b.len, NULL))) c.st = NS_ERR_FORMAT;
	ns_buf_free(&b);
	return c;
}

/* French in windows-1252, curly quotes and apostrophes included */
static const char fr1252[] = "<html><body><p>Le gar\xE7on a dit \x93" "bonjour\x94 \xE0 la cafeti\xE8re, puis il est all\xE9 "
                             "\xE0 l\x92\xE9" "cole. C\x92\xE9tait d\xE9j\xE0 l\x92\xE9t\xE9.</p></body></html>";
static const char fr_utf8[] = "<html><body><p>Le gar\xC3\xA7on a dit \xE2\x80\x9C" "bonjour\xE2\x80\x9D \xC3\xA0 la "
                              "cafeti\xC3\xA8re, puis il est all\xC3\xA9 \xC3\xA0 l\xE2\x80\x99\xC3\xA9" "cole. "
                              "C\xE2\x80\x99\xC3\xA9tait d\xC3\xA9j\xC3\xA0 l\xE2\x80\x99\xC3\xA9t\xC3\xA9.</p></body></html>";
/* "Привет, как дела? Это тест текста на русском языке." in KOI8-R */
static const char ru_koi8[] = "<p>\xF0\xD2\xC9\xD7\xC5\xD4, \xCB\xC1\xCB \xC4\xC5\xCC\xC1? \xFC\xD4\xCF \xD4\xC5\xD3\xD4 "
                              "\xD4\xC5\xCB\xD3\xD4\xC1 \xCE\xC1 \xD2\xD5\xD3\xD3\xCB\xCF\xCD \xD1\xDA\xD9\xCB\xC5.</p>";
static const char ru_utf8[] = "<p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBA\xD0\xB0\xD0\xBA "
                              "\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB0? \xD0\xAD\xD1\x82\xD0\xBE \xD1\x82\xD0\xB5\xD1\x81\xD1\x82 "
                              "\xD1\x82\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82\xD0\xB0 \xD0\xBD\xD0\xB0 "
                              "\xD1\x80\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xBE\xD0\xBC "
                              "\xD1\x8F\xD0\xB7\xD1\x8B\xD0\xBA\xD0\xB5.</p>";
/* "日本語のテキストです。C:\dir ~" in Shift_JIS: backslash and tilde stay
 * ASCII (CP932, as browsers read Shift_JIS) */
static const char ja_sjis[] = "<p>\x93\xFA\x96{\x8C\xEA\x82\xCC\x83" "e\x83L\x83X\x83g\x82\xC5\x82\xB7\x81" "BC:\\dir ~</p>";
static const char ja_utf8[] = "<p>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9"
                              "\xE3\x83\x88\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82" "C:\\dir ~</p>";

static void test_charset(void)
{
	/* declared in the header */
	conv_result c = conv(L("<p>\x93q\x94 caf\xE9</p>"), "windows-1252");
	CHECK_EQ_U(c.st, NS_OK);
	CHECK_STR(c.out, "<p>\xE2\x80\x9Cq\xE2\x80\x9D caf\xC3\xA9</p>");
	CHECK_STR(c.ci.name, "WINDOWS-1252");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	CHECK_STR(c.ci.ignored, "");
	CHECK_EQ_U(c.ci.replaced, 0);
	/* latin1 and iso-8859-1 read as windows-1252: 0x93 0x94 are quotes */
	static const char *const l1[] = {"latin1", "ISO-8859-1", " \"iso_8859-1\" ", "l1", "cp819"};
	for (int i = 0; i < 5; i++) {
		c = conv(L("<p>\x93q\x94</p>"), l1[i]);
		CHECK_STR(c.out, "<p>\xE2\x80\x9Cq\xE2\x80\x9D</p>");
		CHECK_STR(c.ci.name, "WINDOWS-1252");
		CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	}
	/* <meta charset>, <meta http-equiv>, comments passed over */
	c = conv(L("<html><head><meta charset=\"windows-1252\"></head><body>\x93q\x94</body></html>"), NULL);
	CHECK_STR(c.out, "<html><head><meta charset=\"windows-1252\"></head><body>\xE2\x80\x9Cq\xE2\x80\x9D</body></html>");
	CHECK_STR(c.ci.name, "WINDOWS-1252");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_META);
	c = conv(L("<HEAD><!-- <meta charset=koi8-r> --><META HTTP-EQUIV=\"Content-Type\" "
	           "CONTENT=\"text/html; charset=ISO-8859-15\"></HEAD>\xA4"),
	         NULL);
	CHECK_STR(c.ci.name, "ISO-8859-15");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_META);
	CHECK(strstr(c.out, "\xE2\x82\xAC") != NULL); /* 0xA4 is the euro sign in latin9 */
	c = conv(L("<meta content='text/html;charset=koi8-r' http-equiv=content-type>\xF0\xD2\xC9"), NULL);
	CHECK_STR(c.ci.name, "KOI8-R");
	CHECK_STR(c.out, "<meta content='text/html;charset=koi8-r' http-equiv=content-type>\xD0\x9F\xD1\x80\xD0\xB8");
	/* the header wins over <meta> */
	c = conv(L("<meta charset=koi8-r>\xF0"), "windows-1251");
	CHECK_STR(c.ci.name, "WINDOWS-1251");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	/* a <meta> cannot say UTF-16 */
	c = conv(L("<meta charset=utf-16><p>caf\xC3\xA9</p>"), NULL);
	CHECK_STR(c.ci.name, "UTF-8");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_META);
	CHECK_STR(c.out, "<meta charset=utf-16><p>caf\xC3\xA9</p>");

	/* undeclared: detected */
	c = conv(L(fr1252), NULL);
	CHECK_STR(c.out, fr_utf8);
	CHECK_STR(c.ci.name, "WINDOWS-1252");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "");
	c = conv(L(ru_koi8), NULL);
	CHECK_STR(c.out, ru_utf8);
	CHECK_STR(c.ci.name, "KOI8-R");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	c = conv(L(ja_sjis), NULL);
	CHECK_STR(c.out, ja_utf8);
	CHECK_STR(c.ci.name, "CP932");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	/* undeclared UTF-8 and ASCII: UTF-8, no detector */
	c = conv(L(fr_utf8), NULL);
	CHECK_STR(c.out, fr_utf8);
	CHECK_STR(c.ci.name, "UTF-8");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	/* declared utf-8 on windows-1252 bytes: the declaration lied */
	c = conv(L(fr1252), "utf-8");
	CHECK_STR(c.out, fr_utf8);
	CHECK_STR(c.ci.name, "WINDOWS-1252");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "utf-8");
	/* ... and a <meta> that tells the truth is taken before the detector */
	c = conv(L("<meta charset=\"windows-1252\">\x93q\x94"), "UTF8");
	CHECK_STR(c.out, "<meta charset=\"windows-1252\">\xE2\x80\x9Cq\xE2\x80\x9D");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_META);
	CHECK_STR(c.ci.ignored, "UTF8");
	/* us-ascii on bytes past ASCII lied too */
	c = conv(L(fr1252), "us-ascii");
	CHECK_STR(c.out, fr_utf8);
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "us-ascii");
	/* a legacy charset declared on UTF-8 bytes */
	c = conv(L("<p>caf\xC3\xA9</p>"), "iso-8859-1");
	CHECK_STR(c.out, "<p>caf\xC3\xA9</p>");
	CHECK_STR(c.ci.name, "UTF-8");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "iso-8859-1");
	/* UTF-16 declared on bytes without NULs */
	c = conv(L("<p>caf\xC3\xA9</p>"), "utf-16");
	CHECK_STR(c.out, "<p>caf\xC3\xA9</p>");
	CHECK_STR(c.ci.name, "UTF-8");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "utf-16");
	/* ASCII in an ASCII-compatible charset: copied, the name kept */
	c = conv(L("<p>plain</p>"), "windows-1252");
	CHECK_STR(c.out, "<p>plain</p>");
	CHECK_STR(c.ci.name, "WINDOWS-1252");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	/* an unknown name: the detector */
	c = conv(L(ja_sjis), "x-nonsense");
	CHECK_STR(c.out, ja_utf8);
	CHECK_STR(c.ci.name, "CP932");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_DETECTED);
	CHECK_STR(c.ci.ignored, "x-nonsense");
	c = conv(L(ja_sjis), "bad name\x01\xFF");
	CHECK_STR(c.ci.ignored, "bad name??");
	CHECK_STR(c.out, ja_utf8);

	/* Shift_JIS and its aliases, KOI8-R, ISO-2022-JP, UTF-16 declared */
	static const char *const sj[] = {"Shift_JIS", "x-sjis", "SJIS", "windows-31j", "ms_kanji"};
	for (int i = 0; i < 5; i++) {
		c = conv(L(ja_sjis), sj[i]);
		CHECK_STR(c.out, ja_utf8);
		CHECK_STR(c.ci.name, "CP932");
		CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	}
	c = conv(L(ru_koi8), "KOI8-R");
	CHECK_STR(c.out, ru_utf8);
	CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);
	c = conv(L("<p>\x1B$B$3$s$K$A$O\x1B(B</p>"), "iso-2022-jp");
	CHECK_STR(c.out, "<p>\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF</p>");
	CHECK_STR(c.ci.name, "ISO-2022-JP");
	c = conv(L("<\0p\0>\0\xDC\0"), "utf-16le");
	CHECK_STR(c.out, "<p>\xC3\x9C");
	CHECK_STR(c.ci.name, "UTF-16LE");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_HEADER);

	/* byte-order marks win over everything */
	c = conv(L("\xFF\xFE\xDC\x00n\x00\xEF\x00" "c\x00o\x00" "d\x00" "e\x00 \x00\xBD\x00"), "windows-1252");
	CHECK_STR(c.out, "\xC3\x9Cn\xC3\xAF" "code \xC2\xBD");
	CHECK_STR(c.ci.name, "UTF-16LE");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_BOM);
	c = conv(L("\xFE\xFF\x00\xDC\x00n\x00\xEF\x00" "c\x00o\x00" "d\x00" "e\x00 \x00\xBD"), NULL);
	CHECK_STR(c.out, "\xC3\x9Cn\xC3\xAF" "code \xC2\xBD");
	CHECK_STR(c.ci.name, "UTF-16BE");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_BOM);
	c = conv(L("\xEF\xBB\xBF<p>caf\xC3\xA9</p>"), "koi8-r");
	CHECK_STR(c.out, "<p>caf\xC3\xA9</p>");
	CHECK_STR(c.ci.name, "UTF-8");
	CHECK_EQ_U(c.ci.how, NS_CHARSET_BOM);

	/* repairs: U+FFFD for each invalid byte or sequence, NULs dropped */
	c = conv(L("\xEF\xBB\xBF" "a\xFF" "b\xC3" "c\0d\xE2\x82"), NULL);
	CHECK_STR(c.out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "cd\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_EQ_U(c.ci.replaced, 5);
	c = conv(L("<p>a\x81" "b</p>"), "windows-1252"); /* 0x81: no character in windows-1252 */
	CHECK_STR(c.out, "<p>a\xEF\xBF\xBD" "b</p>");
	CHECK_EQ_U(c.ci.replaced, 1);
	c = conv(L("<p>\x93\xFA\x96"), "shift_jis"); /* a lead byte cut by the end */
	CHECK_STR(c.out, "<p>\xE6\x97\xA5\xEF\xBF\xBD");
	CHECK_EQ_U(c.ci.replaced, 1);
	c = conv(L("\xFF\xFE" "a\0\0\0b\0\x00\xD8" "c\0"), NULL); /* a NUL and a lone surrogate */
	CHECK_STR(c.out, "ab\xEF\xBF\xBD" "c");
	CHECK_EQ_U(c.ci.replaced, 2);
	c = conv(L("<p>caf\xE9\0</p>"), "windows-1252");
	CHECK_STR(c.out, "<p>caf\xC3\xA9</p>");
	CHECK_EQ_U(c.ci.replaced, 1);
	/* UCS-4 past U+10FFFF: glibc writes an old 6-byte sequence, each of
	 * whose bytes is replaced; UTF-32 surrogates are refused by iconv */
	c = conv(L("\0\0\0a\x6F\xBB\x01\0\0\0\0b"), "UCS-4");
	CHECK_STR(c.out, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	CHECK_EQ_U(c.ci.replaced, 6);
	c = conv(L("\0\0\0a\0\0\xD8\0\0\0\0b"), "UTF-32BE");
	CHECK_STR(c.out, "a\xEF\xBF\xBD" "b");
	CHECK_EQ_U(c.ci.replaced, 1);
	c = conv("", 0, NULL);
	CHECK_EQ_U(c.st, NS_OK);
	CHECK_STR(c.out, "");

	/* labels */
	static const struct {
		const char *label, *name;
	} lab[] = {{"866", "IBM866"},        {"ANSI_X3.4-1968", "WINDOWS-1252"}, {"big5", "BIG5-HKSCS"},
	           {"CP1252", "WINDOWS-1252"}, {"csshiftjis", "CP932"},         {"euc-kr", "CP949"},
	           {"gb2312", "GBK"},           {"GBK", "GBK"},                   {"iso-8859-9", "WINDOWS-1254"},
	           {"iso-8859-8-i", "ISO-8859-8"}, {"ks_c_5601-1987", "CP949"},  {"latin2", "ISO-8859-2"},
	           {"tis-620", "WINDOWS-874"},  {"unicode-1-1-utf-8", "UTF-8"},  {"us-ascii", "WINDOWS-1252"},
	           {"utf-16", "UTF-16LE"},      {"utf8", "UTF-8"},                {"windows-1251", "WINDOWS-1251"},
	           {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"x-sjis", "CP932"},      {"x-user-defined", "WINDOWS-1252"},
	           {"x-x-big5", "BIG5-HKSCS"},  {"iso-8859-5", "ISO-8859-5"},     {"koi", "KOI8-R"},
	           {"iso-2022-kr", "ISO-2022-KR"}, {"'utf-8'", "UTF-8"}};
	for (size_t i = 0; i < sizeof(lab) / sizeof(lab[0]); i++) {
		char out[NS_CHARSET_NAME_MAX];
		CHECK_EQ_U(ns_charset_canonical(lab[i].label, strlen(lab[i].label), out), 1);
		CHECK_STR(out, lab[i].name);
	}
	char out[NS_CHARSET_NAME_MAX];
	CHECK_EQ_U(ns_charset_canonical(L("utf 8"), out), 0);
	CHECK_STR(out, "");
	CHECK_EQ_U(ns_charset_canonical(L("  "), out), 0);
	CHECK_EQ_U(ns_charset_canonical(L("a-name-that-is-far-too-long-for-any-charset"), out), 0);
	CHECK_STR(ns_charset_how_names[NS_CHARSET_DETECTED], "DETECTED");
}

/* The reference: RFC 3629 one sequence at a time. */
static int ref_utf8(const unsigned char *s, size_t n, int *ascii)
{
	*ascii = 1;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (!c) return 0;
		if (c < 0x80) { i++; continue; }
		*ascii = 0;
		size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (!l || c > 0xF4 || n - i < l) return 0;
		for (size_t k = 1; k < l; k++)
			if ((s[i + k] & 0xC0) != 0x80) return 0;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) || (c == 0xF0 && s[i + 1] < 0x90) ||
		    (c == 0xF4 && s[i + 1] >= 0x90))
			return 0;
		i += l;
	}
	return 1;
}

static void test_utf8_check(void)
{
	static const struct {
		const char *s;
		size_t n;
		int valid, ascii;
	} v[] = {{L(""), 1, 1},
	         {L("plain ascii text that is longer than sixteen bytes"), 1, 1},
	         {L("0123456789abcdef\0"), 0, 0},
	         {L("0123456789abcde\xC3\xA9"), 1, 0},
	         {L("\xC0\x80"), 0, 0},           /* overlong NUL */
	         {L("\xE0\x9F\xBF"), 0, 0},       /* overlong */
	         {L("\xED\xA0\x80"), 0, 0},       /* surrogate */
	         {L("\xF4\x90\x80\x80"), 0, 0},   /* past U+10FFFF */
	         {L("\xF0\x9F\x98\x80"), 1, 0},   /* U+1F600 */
	         {L("\xEF\xBF\xBF"), 1, 0},       /* U+FFFF */
	         {L("0123456789abcdef0123456789\xE2\x82"), 0, 0}};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int a = -1;
		CHECK_EQ_U(ns_charset_is_utf8(v[i].s, v[i].n, &a), v[i].valid);
		if (v[i].valid) CHECK_EQ_U(a, v[i].ascii);
	}
	/* random strings of ASCII runs and bytes from sequences, against the
	 * reference, at every alignment */
	uint64_t seed = 7;
	int agree = 1, valid_seen = 0, invalid_seen = 0;
	unsigned char s[200];
	for (int t = 0; t < 20000; t++) {
		size_t n = check_xorshift(&seed) % sizeof(s);
		/* mostly ASCII and whole sequences; now and then any byte */
		static const char *const seqs[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xED\x9F\xBF"};
		int rare = (int)(check_xorshift(&seed) % 4);
		for (size_t i = 0; i < n;) {
			uint64_t x = check_xorshift(&seed);
			if (x % 2000 < (uint64_t)rare) { s[i++] = (unsigned char)(x >> 8); continue; }
			if (x % 16) { s[i++] = (unsigned char)('a' + (x >> 8) % 26); continue; }
			const char *q = seqs[(x >> 8) % 4];
			for (size_t k = 0; q[k] && i < n; k++) s[i++] = (unsigned char)q[k];
		}
		int a = 0, ra = 0, ok = ns_charset_is_utf8((const char *)s, n, &a), rok = ref_utf8(s, n, &ra);
		if (ok != rok || (ok && a != ra)) agree = 0;
		valid_seen += ok;
		invalid_seen += !ok;
	}
	CHECK(agree);
	CHECK(valid_seen > 1000 && invalid_seen > 1000);
}

/* Notes of the WARC parser for charsets: guesses and repairs only. */
static void test_notes(void)
{
	static const char ct1252[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n";
	static const char ctutf8[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
	static const char ctnone[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
	result r = resp(ct1252, L(fr1252), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], fr_utf8);
	CHECK(r.note == NULL); /* declared rightly: no repair */
	res_free(&r);
	r = resp(ctnone, L(fr1252), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], fr_utf8);
	CHECK_STR(r.notebuf, "charset windows-1252 detected");
	res_free(&r);
	r = resp(ctutf8, L(fr1252), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], fr_utf8);
	CHECK_STR(r.notebuf, "charset windows-1252 detected, declared utf-8 ignored");
	res_free(&r);
	r = resp(ctutf8, L("<meta charset=windows-1252><p>\x93q\x94</p>"), MIB);
	CHECK_STR(r.notebuf, "charset windows-1252 from <meta>, declared utf-8 ignored");
	res_free(&r);
	r = resp(ct1252, L(fr_utf8), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], fr_utf8);
	CHECK_STR(r.notebuf, "charset utf-8 detected, declared windows-1252 ignored");
	res_free(&r);
	r = resp(ctnone, L(fr_utf8), MIB);
	CHECK(r.note == NULL);
	res_free(&r);
	r = resp(ctnone, L(ru_koi8), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], ru_utf8);
	CHECK_STR(r.notebuf, "charset koi8-r detected");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=KOI8-R\r\n\r\n", L(ru_koi8), MIB);
	CHECK(r.note == NULL);
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-sjis\r\n\r\n", L(ja_sjis), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], ja_utf8);
	CHECK(r.note == NULL);
	res_free(&r);
	r = resp(ct1252, L("<p>a\x81" "b</p>"), MIB);
	CHECK_STR(r.notebuf, "invalid windows-1252 bytes replaced");
	res_free(&r);
	r = resp(ctnone, L("\xEF\xBB\xBF<p>a\xFF</p>"), MIB);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<p>a\xEF\xBF\xBD</p>");
	CHECK_STR(r.notebuf, "invalid UTF-8 repaired");
	res_free(&r);
	/* several notes at once */
	static const char tch[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
	ns_buf b = {0};
	ns_buf_printf(&b, "%zx\r\n", sizeof(fr1252) - 1);
	ns_buf_put(&b, fr1252, sizeof(fr1252) - 1);
	ns_buf_printf(&b, "\r\n10\r\nabc");
	r = resp(tch, b.p, b.len, MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.notebuf, "truncated chunked body; charset windows-1252 detected");
	res_free(&r);
	ns_buf_free(&b);
	/* UTF-16 pages are not binary for their NULs */
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-16le\r\n\r\n",
	         L("<\0h\0t\0m\0l\0>\0\xDC\0<\0/\0h\0t\0m\0l\0>\0"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<html>\xC3\x9C</html>");
	res_free(&r);
	r = resp(ctnone, L("\xFF\xFE<\0h\0t\0m\0l\0>\0"), MIB);
	CHECK_EQ_U(r.rc, NS_OK);
	CHECK_STR(r.rec.f[NS_F_TEXT], "<html>");
	res_free(&r);
	/* nothing but a byte-order mark, or NULs: empty */
	r = resp(ctnone, L("\xFF\xFE"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "empty payload");
	CHECK_STR(r.rec.f[NS_F_TEXT], "");
	res_free(&r);
	r = resp("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-16le\r\n\r\n", L("\0\0 \0"), MIB);
	CHECK_EQ_U(r.rc, NS_WARC_SKIP);
	CHECK_STR(r.err, "empty payload");
	res_free(&r);
}

/* The same records through several threads at once give the same
 * records. */
static void test_threads(void)
{
	unsigned char z[4096];
	size_t zn = zbytes(fr1252, sizeof(fr1252) - 1, 31, z, sizeof(z));
	ns_buf blk = {0}, rec = {0};
	ns_buf_printf(&blk, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n");
	ns_buf_put(&blk, z, zn);
	size_t n = warc_rec(&rec, "WARC/1.1", RESP_FIELDS, blk.p, blk.len);
	int bad = 0;
#pragma omp parallel for num_threads(4) reduction(+ : bad)
	for (int i = 0; i < 64; i++) {
		ns_record r;
		const char *note;
		char err[256];
		int rc = ns_warc_parse(rec.p, n, MIB, &r, &note, err, sizeof(err));
		if (rc != NS_OK || strcmp(r.f[NS_F_TEXT], fr_utf8) || !note || strcmp(note, "charset windows-1252 detected")) bad++;
		ns_record_free(&r);
	}
	CHECK_EQ_U(bad, 0);
	ns_buf_free(&blk);
	ns_buf_free(&rec);
}

int main(void)
{
	test_head();
	test_resync();
	test_fields();
	test_http();
	test_chunked();
	test_codings();
	test_charset();
	test_utf8_check();
	test_notes();
	test_threads();
	return TEST_DONE();
}
