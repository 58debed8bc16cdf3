/* Fuzz target: WARC framing, WARC records and charsets.  The first byte
 * picks what the rest is:
 *   0    a header block for ns_warc_head_parse, then ns_warc_resync;
 *   1    a whole record for ns_warc_parse;
 *   2, 6 an HTTP response, wrapped in a WARC response record with the
 *        right Content-Length (so that the fuzzer works on HTTP and the
 *        codings, not on framing);
 *   3    a document, wrapped in a resource record whose Content-Type the
 *        second byte picks;
 *   4    a page for ns_charset_to_utf8, the second byte picking the
 *        declared charset from a list;
 *   5, 7 the same with the declared label the first line of the rest.
 * Invariants: results in the documented sets; a header block that is
 * read is read the same from exactly head_len bytes, and asks for more
 * from one byte less; resync's answer is in (0, n] and at a line end; a
 * record has every field NUL-terminated at its length and valid UTF-8
 * without NUL; reasons and notes are one line; a conversion is valid
 * UTF-8 of its length with a charset name. */
#include <string.h>
#include "newsift/charset.h"
#include "newsift/warc.h"
#include "fuzz.h"

/* what the libFuzzer build gives to a decoding (the replay build the same) */
#define FUZZ_MAX_BYTES ((size_t)1 << 20)

static void check_line(const char *s)
{
	FUZZ_ASSERT(s && s[0] && !strchr(s, '\n') && !strchr(s, '\r'));
}

static void check_record(const ns_record *rec)
{
	FUZZ_ASSERT(rec->buf != NULL);
	for (int f = 0; f < NS_NSTORED; f++) {
		FUZZ_ASSERT(rec->f[f] != NULL);
		FUZZ_ASSERT(rec->f[f][rec->len[f]] == 0);
		FUZZ_ASSERT(strlen(rec->f[f]) == rec->len[f]);
		FUZZ_ASSERT(fuzz_valid_utf8(rec->f[f], rec->len[f]));
	}
	FUZZ_ASSERT(rec->len[NS_F_TITLE] == 0 && rec->len[NS_F_EXTRA] == 0);
}

static void head(const char *s, size_t n)
{
	ns_warc_head h, h2;
	char err[256] = "";
	int r = ns_warc_head_parse(s, n, &h, err, sizeof(err));
	FUZZ_ASSERT(r == 1 || r == 0 || r == NS_ERR_FORMAT);
	if (r == NS_ERR_FORMAT) check_line(err);
	if (r == 1) {
		FUZZ_ASSERT(h.head_len <= n && h.head_len <= NS_WARC_MAX_HEAD);
		FUZZ_ASSERT(h.version == 10 || h.version == 11);
		FUZZ_ASSERT(h.type >= 0 && h.type < NS_WARC_NTYPES);
		/* the block alone reads the same; a byte less asks for more */
		FUZZ_ASSERT(ns_warc_head_parse(s, h.head_len, &h2, err, sizeof(err)) == 1);
		FUZZ_ASSERT(h2.head_len == h.head_len && h2.content_len == h.content_len && h2.type == h.type &&
		            h2.version == h.version);
		FUZZ_ASSERT(ns_warc_head_parse(s, h.head_len - 1, &h2, err, sizeof(err)) == 0);
	}
	size_t k = ns_warc_resync(s, n);
	FUZZ_ASSERT(k <= n && (k > 0 || n == 0));
	if (k < n) FUZZ_ASSERT(s[k] == '\n');
}

static void record(const char *s, size_t n)
{
	ns_record rec;
	const char *note = NULL;
	char err[256] = "";
	int r = ns_warc_parse(s, n, FUZZ_MAX_BYTES, &rec, &note, err, sizeof(err));
	FUZZ_ASSERT(r == NS_OK || r == NS_WARC_SKIP || r == NS_ERR_FORMAT || r == NS_ERR_NOMEM);
	if (r == NS_OK) {
		check_record(&rec);
		FUZZ_ASSERT(rec.len[NS_F_TEXT] > 0);
		if (note) check_line(note);
	} else {
		FUZZ_ASSERT(note == NULL);
		if (r != NS_ERR_NOMEM) check_line(err);
		if (rec.buf) {
			check_record(&rec);
			FUZZ_ASSERT(rec.len[NS_F_TEXT] == 0);
		}
	}
	ns_record_free(&rec);
}

/* a WARC record of type, with a Content-Type field ct (or none), around
 * block s[0..n) */
static void wrapped(const char *type, const char *ct, const char *s, size_t n)
{
	char hd[512];
	int hl = snprintf(hd, sizeof(hd),
	                  "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: "
	                  "http://www.example.com/a\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n%s%s%sContent-Length: %zu\r\n\r\n",
	                  type, ct ? "Content-Type: " : "", ct ? ct : "", ct ? "\r\n" : "", n);
	char *rec = malloc((size_t)hl + n + 4);
	if (!rec) return;
	memcpy(rec, hd, (size_t)hl);
	memcpy(rec + hl, s, n);
	memcpy(rec + hl + n, "\r\n\r\n", 4);
	record(rec, (size_t)hl + n);
	free(rec);
}

static void charset(const char *s, size_t n, const char *declared)
{
	ns_buf out = {0};
	ns_charset_info ci;
	ns_status st = ns_charset_to_utf8(s, n, declared, &out, &ci);
	FUZZ_ASSERT(st == NS_OK || st == NS_ERR_NOMEM);
	if (st == NS_OK) {
		FUZZ_ASSERT(out.p != NULL && strlen(out.p) == out.len);
		FUZZ_ASSERT(fuzz_valid_utf8(out.p, out.len));
		FUZZ_ASSERT(ci.name[0] && ci.how >= 0 && ci.how < NS_CHARSET_NHOW);
		for (const char *c = ci.ignored; *c; c++) FUZZ_ASSERT(*c >= 0x20 && *c < 0x7F);
		int ascii = 0;
		/* valid UTF-8 read as UTF-8 comes out unchanged */
		if (!strcmp(ci.name, "UTF-8") && ci.how != NS_CHARSET_BOM && ns_charset_is_utf8(s, n, &ascii))
			FUZZ_ASSERT(out.len == n && !memcmp(out.p, s, n));
	}
	ns_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {"text/html", "text/html; charset=windows-1252", "application/xhtml+xml",
	                                    "text/html; charset=\"utf-8\"", "image/png", NULL, "text/html; charset=shift_jis",
	                                    "text/html;charset=utf-16le"};
	static const char *const labels[] = {NULL,        "utf-8",     "windows-1252", "latin1",   "us-ascii",
	                                     "shift_jis", "euc-jp",    "koi8-r",       "utf-16le", "utf-16be",
	                                     "gbk",       "gb18030",   "big5",         "euc-kr",   "iso-2022-jp",
	                                     "x-unknown", "iso-8859-8-i", "windows-1255", "UTF-32",  "utf-7",
	                                     "hz-gb-2312", ""};
	if (size < 1) return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	switch (data[0] & 7) {
	case 0: head(s, n); break;
	case 1: record(s, n); break;
	case 2:
	case 6: wrapped("response", "application/http; msgtype=response", s, n); break;
	case 3:
		if (n < 1) return 0;
		wrapped("resource", types[(unsigned char)s[0] % (sizeof(types) / sizeof(types[0]))], s + 1, n - 1);
		break;
	case 4:
		if (n < 1) return 0;
		charset(s + 1, n - 1, labels[(unsigned char)s[0] % (sizeof(labels) / sizeof(labels[0]))]);
		break;
	default: {
		const char *nl = memchr(s, '\n', n);
		size_t ll = nl ? (size_t)(nl - s) : n;
		char label[64];
		if (ll >= sizeof(label)) ll = sizeof(label) - 1;
		memcpy(label, s, ll);
		label[ll] = 0;
		const char *rest = nl ? nl + 1 : s + n;
		/* a NUL in the label ends it, as it would any C string */
		charset(rest, (size_t)(s + n - rest), label);
		break;
	}
	}
	return 0;
}
