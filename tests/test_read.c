/* The line reader (plain, gzip, damaged gzip, CRLF, BOM, long lines) and the
 * JSONL record parser. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "internal.h"
#include "newsift/newsift.h"
#include "check.h"
#include "tmpfiles.h"

/* Read all lines of a file; returns count, fills lines joined with '|'. */
static int read_all(const char *name, char *joined, size_t cap, int *errors)
{
	ns_reader *r;
	char err[256];
	*errors = 0;
	joined[0] = 0;
	if (ns_reader_open(&r, path_of(name), err, sizeof(err)) != NS_OK) return -1;
	const char *line;
	size_t len;
	uint64_t no;
	int n = 0, k;
	while ((k = ns_reader_next(r, &line, &len, &no, err, sizeof(err))) != 0) {
		if (k < 0) { (*errors)++; continue; }
		n++;
		CHECK_EQ_U(no, (uint64_t)n);
		if (strlen(joined) + len + 2 < cap) {
			if (n > 1) strcat(joined, "|");
			strncat(joined, line, len);
		}
	}
	ns_reader_close(r);
	return n;
}

static void test_reader(void)
{
	char got[4096];
	int errs;
	write_file("plain.jsonl", "a\nb\r\n\nc", 8);
	CHECK_EQ_U(read_all("plain.jsonl", got, sizeof(got), &errs), 4);
	CHECK_STR(got, "a|b||c");
	CHECK_EQ_U(errs, 0);
	write_file("bom.jsonl", "\xEF\xBB\xBFx\ny\n", 7);
	CHECK_EQ_U(read_all("bom.jsonl", got, sizeof(got), &errs), 2);
	CHECK_STR(got, "x|y");
	write_file("empty.jsonl", "", 0);
	CHECK_EQ_U(read_all("empty.jsonl", got, sizeof(got), &errs), 0);

	unsigned char gz[4096], gz2[8192];
	size_t n1 = gz_bytes("one\ntwo\n", gz, sizeof(gz));
	write_file("one.gz", (char *)gz, n1);
	CHECK_EQ_U(read_all("one.gz", got, sizeof(got), &errs), 2);
	CHECK_STR(got, "one|two");
	/* concatenated members read as one stream */
	memcpy(gz2, gz, n1);
	size_t n2 = gz_bytes("three\n", gz2 + n1, sizeof(gz2) - n1);
	write_file("cat.gz", (char *)gz2, n1 + n2);
	CHECK_EQ_U(read_all("cat.gz", got, sizeof(got), &errs), 3);
	CHECK_STR(got, "one|two|three");
	/* truncated: the lines before the cut survive and the error is reported */
	char big[8192];
	big[0] = 0;
	for (int i = 0; i < 300; i++) strcat(big, "line of text\n");
	size_t nb = gz_bytes(big, gz2, sizeof(gz2));
	write_file("trunc.gz", (char *)gz2, nb - 12);
	int lines = read_all("trunc.gz", got, sizeof(got), &errs);
	CHECK(lines >= 1);
	CHECK_EQ_U(errs, 1);

	/* a 3 MB line comes through whole */
	size_t L = 3u << 20;
	char *longl = malloc(L + 2);
	memset(longl, 'x', L);
	longl[L] = '\n';
	write_file("long.jsonl", longl, L + 1);
	ns_reader *r;
	char err[256];
	CHECK(ns_reader_open(&r, path_of("long.jsonl"), err, sizeof(err)) == NS_OK);
	const char *line;
	size_t len;
	uint64_t no;
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 1);
	CHECK_EQ_U(len, L);
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 0);
	ns_reader_close(r);
	free(longl);

	/* a missing file fails to open with its name in the message */
	CHECK(ns_reader_open(&r, path_of("nope.jsonl"), err, sizeof(err)) == NS_ERR_OPEN);
	CHECK(strstr(err, "nope.jsonl") != NULL);
}

static ns_status parse(const char *line, ns_record *rec, char *err, const char **note)
{
	ns_options o;
	ns_options_init(&o);
	ns_parser *p = ns_parser_create(&o);
	ns_status st = ns_parser_parse(p, line, strlen(line), rec, note, err, 256);
	ns_parser_destroy(p);
	return st;
}

static void test_parser(void)
{
	ns_record rec;
	char err[256];
	const char *note;
	CHECK(parse("{\"id\": \"a1\", \"title\": \"T\", \"text\": \"Hello\\nworld \\u00e9\", \"extra\": 5}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "a1");
	CHECK_STR(rec.f[NS_F_TEXT], "Hello\nworld \xC3\xA9");
	CHECK_STR(rec.f[NS_F_DATE], "");
	CHECK_EQ_U(rec.len[NS_F_SOURCE], 0);
	CHECK(note == NULL);
	ns_record_free(&rec);
	/* integer id becomes a string; null fields are empty */
	CHECK(parse("{\"id\": 42, \"text\": \"x\", \"url\": null}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "42");
	CHECK_STR(rec.f[NS_F_URL], "");
	ns_record_free(&rec);
	/* NUL characters dropped, invalid UTF-8 replaced, both noted */
	CHECK(parse("{\"id\": \"n\", \"text\": \"a\\u0000b\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "ab");
	CHECK(note != NULL);
	ns_record_free(&rec);
	CHECK(parse("{\"id\": \"u\", \"text\": \"bad \xC3\x28 byte\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "bad \xEF\xBF\xBD( byte");
	CHECK(note != NULL);
	ns_record_free(&rec);
	/* failures, each with a reason */
	CHECK(parse("{\"id\": \"a\", \"text\": ", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK(strstr(err, "malformed JSON") != NULL);
	CHECK(parse("[1, 2]", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK(strstr(err, "not an object") != NULL);
	CHECK(parse("{\"id\": \"a\", \"text\": 5}", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK(strstr(err, "\"text\"") != NULL);
	CHECK_STR(rec.f[NS_F_ID], "a"); /* the id of a record rejected for its text stays */
	ns_record_free(&rec);
	CHECK(parse("{\"id\": \"a\"} trailing", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK(strstr(err, "trailing") != NULL);
	CHECK(parse("{\"id\": [\"a\"], \"text\": \"x\"}", &rec, err, &note) == NS_ERR_FORMAT);
	ns_record_free(&rec);
	CHECK(parse("not json", &rec, err, &note) == NS_ERR_FORMAT);
	/* configurable field names */
	ns_options o;
	ns_options_init(&o);
	o.field_id = "guid";
	o.field_text = "body";
	ns_parser *p = ns_parser_create(&o);
	const char *l = "{\"guid\": \"g\", \"body\": \"B\", \"text\": \"ignored\"}";
	CHECK(ns_parser_parse(p, l, strlen(l), &rec, &note, err, sizeof(err)) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "g");
	CHECK_STR(rec.f[NS_F_TEXT], "B");
	ns_record_free(&rec);
	ns_parser_destroy(p);
}

/* JSON string escaping against a byte-at-a-time reference, on random
 * strings of every byte value and length (the escaper skips 16 bytes at a
 * time where it can). */
static void test_json_str(void)
{
	uint64_t x = 88172645463325252ULL;
	ns_buf b = {0};
	char s[200], want[1400];
	int bad = 0;
	for (int it = 0; it < 20000; it++) {
		size_t n = (size_t)(it % 97) + (it % 3 == 0 ? 100 : 0);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			unsigned r = (unsigned)(x % 100);
			/* mostly plain text, some specials, some high bytes */
			s[i] = r < 70 ? (char)('a' + x % 26) : r < 75 ? '"' : r < 80 ? '\\' : r < 85 ? (char)(x % 32)
			     : r < 90 ? (char)0x7F : (char)(0x80 + x % 128);
		}
		size_t w = 0;
		want[w++] = '"';
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\') { want[w++] = '\\'; want[w++] = (char)c; }
			else if (c == '\n') { want[w++] = '\\'; want[w++] = 'n'; }
			else if (c == '\r') { want[w++] = '\\'; want[w++] = 'r'; }
			else if (c == '\t') { want[w++] = '\\'; want[w++] = 't'; }
			else if (c < 0x20) w += (size_t)snprintf(want + w, 7, "\\u%04x", c);
			else want[w++] = (char)c;
		}
		want[w++] = '"';
		b.len = 0;
		if (ns_json_str(&b, s, n) != NS_OK || b.len != w || memcmp(b.p, want, w)) bad++;
	}
	CHECK_EQ_U(bad, 0);
	ns_buf_free(&b);
}

int main(void)
{
	test_json_str();
	if (!mkdtemp(dir)) return 1;
	test_reader();
	test_parser();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) return 1;
	return TEST_DONE();
}
