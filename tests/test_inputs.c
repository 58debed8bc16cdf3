/* Inputs beyond plain JSONL strings: dates as scrapers write them
 * (ns_date_parse, ns_time_string), fields of unexpected types, members
 * passed through, the store's renaming of a rejected record, zstd input,
 * the refusal of binary data, CSV, TSV and text articles, directories. */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "internal.h"
#include "newsift/formats.h"
#include "newsift/newsift.h"
#include "check.h"
#include "tmpfiles.h"

#define T(s) ns_date_parse((s), strlen(s))

static void test_dates(void)
{
	const int64_t day = 1711065600; /* 2024-03-22 00:00:00 UTC */
	CHECK(T("2024-03-22") == day);
	CHECK(T("  2024-03-22 \n") == day);
	CHECK(T("2024-3-2") == day - 20 * 86400);
	CHECK(T("2024-03-22T10:00:00Z") == day + 36000);
	CHECK(T("2024-03-22t10:00:00z") == day + 36000);
	CHECK(T("2024-03-22T10:00:00+01:00") == day + 32400);
	CHECK(T("2024-03-22T10:00:00+0100") == day + 32400);
	CHECK(T("2024-03-22T10:00:00+01") == day + 32400);
	CHECK(T("2024-03-22T10:00:00-05:30") == day + 36000 + 19800);
	CHECK(T("2024-03-22T10:00:00.123456Z") == day + 36000);
	CHECK(T("2024-03-22 10:00:00") == day + 36000);
	CHECK(T("2024-03-22 10:00") == day + 36000);
	CHECK(T("2024-03-22 10:00 UTC") == day + 36000);
	CHECK(T("2024-03-22T00:30:00+01:00") == day - 1800); /* the day before in UTC */
	CHECK(T("Fri, 22 Mar 2024 10:00:00 GMT") == day + 36000);
	CHECK(T("Fri, 22 Mar 2024 10:00:00 +0100") == day + 32400);
	CHECK(T("22 Mar 2024 10:00:00 GMT") == day + 36000);
	CHECK(T("Friday, 22 March 2024 10:00 EST") == day + 36000 + 5 * 3600);
	CHECK(T("22 Mar 2024") == day);
	CHECK(T("1711065600") == day);
	CHECK(T("1711065600123") == day);    /* milliseconds */
	CHECK(T("1711065600.75") == day);
	CHECK(T("0") == 0);
	CHECK(T("253402300799") == 253402300);      /* over 1e11: milliseconds, 1978 */
	CHECK(T("253402300799000") == 253402300799LL); /* the last second of 9999 */
	CHECK(T("253402300800000") == INT64_MIN);
	CHECK(T("2000-02-29") == 951782400);
	/* not understood */
	const char *bad[] = {"", "   ", "yesterday", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
	                     "2024-03-22T25:00:00Z", "2024-03-22T10:00:00+25:00", "2024-03-22 and more",
	                     "Fri, 32 Mar 2024 10:00:00 GMT", "22 Foo 2024", "Fri 22 Mar", "12abc", "1.",
	                     "2024-03-22T10:00:00 Mars", "Blursday, 22 Mar 2024", "99999999999999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = T(bad[i]);
		if (t != INT64_MIN) fprintf(stderr, "understood: \"%s\" -> %lld\n", bad[i], (long long)t);
		CHECK(t == INT64_MIN);
	}
	/* only n bytes are read */
	CHECK(ns_date_parse("2024-03-22T10:00:00Z garbage", 20) == day + 36000);

	char out[32];
	ns_time_string(day, out, sizeof(out));
	CHECK_STR(out, "2024-03-22");
	ns_time_string(day + 36000 + 59, out, sizeof(out));
	CHECK_STR(out, "2024-03-22 10:00 UTC");
	ns_time_string(day - 60, out, sizeof(out));
	CHECK_STR(out, "2024-03-21 23:59 UTC");
	ns_time_string(-86400 + 3600, out, sizeof(out));
	CHECK_STR(out, "1969-12-31 01:00 UTC");
	ns_time_string(INT64_MIN, out, sizeof(out));
	CHECK_STR(out, "");
}

static ns_status parse(ns_parser *p, const char *line, ns_record *rec, char *err, const char **note)
{
	return ns_parser_parse(p, line, strlen(line), rec, note, err, 256);
}

static void test_types_and_extra(void)
{
	ns_options o;
	ns_options_init(&o);
	ns_parser *p = ns_parser_create(&o);
	ns_record rec;
	char err[256];
	const char *note;
	/* a number date is its text; the others pass through, in order */
	CHECK(parse(p, "{\"author\": \"A\", \"id\": \"a\", \"date\": 1711065600, \"text\": \"x\", "
	               "\"tags\": [\"x\", \"a/b\"], \"score\": 1.50, \"n\": null, \"o\": {\"k\": true}}",
	            &rec, err, &note) == NS_OK);
	CHECK(note == NULL);
	CHECK_STR(rec.f[NS_F_DATE], "1711065600");
	CHECK(ns_date_parse(rec.f[NS_F_DATE], rec.len[NS_F_DATE]) == 1711065600);
	CHECK_STR(rec.f[NS_F_EXTRA], "\"author\": \"A\", \"tags\": [\"x\",\"a/b\"], \"score\": 1.50, \"n\": null, \"o\": {\"k\":true}");
	CHECK_EQ_U(rec.len[NS_F_EXTRA], strlen(rec.f[NS_F_EXTRA]));
	ns_record_free(&rec);
	/* no other members: an empty extra */
	CHECK(parse(p, "{\"id\": \"a\", \"text\": \"x\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_EXTRA], "");
	ns_record_free(&rec);
	/* names the output line has itself are not repeated */
	o.field_text = "body";
	ns_parser *pb = ns_parser_create(&o);
	CHECK(parse(pb, "{\"id\": \"a\", \"body\": \"B\", \"text\": \"T\", \"story\": 1, \"lang\": \"en\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "B");
	CHECK_STR(rec.f[NS_F_EXTRA], "\"lang\": \"en\"");
	ns_record_free(&rec);
	ns_parser_destroy(pb);
	/* invalid UTF-8 inside a member passed through is repaired too */
	CHECK(parse(p, "{\"id\": \"a\", \"text\": \"x\", \"by\": \"\xC3\x28\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_EXTRA], "\"by\": \"\xEF\xBF\xBD(\"");
	CHECK(note != NULL);
	ns_record_free(&rec);
	/* a list, object or boolean in title, date, source or url: dropped, noted */
	const char *drop[][2] = {{"{\"id\": \"a\", \"text\": \"x\", \"title\": [\"t\"]}", "field \"title\" is array, not a string: dropped"},
	                         {"{\"id\": \"a\", \"text\": \"x\", \"date\": true}", "field \"date\" is boolean, not a string: dropped"},
	                         {"{\"id\": \"a\", \"text\": \"x\", \"source\": {\"n\": 1}}", "field \"source\" is object, not a string: dropped"},
	                         {"{\"id\": \"a\", \"text\": \"x\", \"url\": [], \"title\": false}", "field \"url\" is array, not a string: dropped"}};
	for (size_t i = 0; i < 4; i++) {
		note = NULL;
		CHECK(parse(p, drop[i][0], &rec, err, &note) == NS_OK);
		CHECK_STR(note, drop[i][1]);
		CHECK_STR(rec.f[NS_F_ID], "a");
		CHECK_EQ_U(rec.len[NS_F_TITLE] + rec.len[NS_F_DATE] + rec.len[NS_F_SOURCE] + rec.len[NS_F_URL], 0);
		ns_record_free(&rec);
	}
	/* dropped and repaired: both in the note */
	CHECK(parse(p, "{\"id\": \"a\", \"text\": \"\xC3\x28\", \"title\": [1]}", &rec, err, &note) == NS_OK);
	CHECK(note && strstr(note, "dropped") && strstr(note, "invalid UTF-8"));
	ns_record_free(&rec);
	/* a number in title or url is its text */
	CHECK(parse(p, "{\"id\": \"a\", \"text\": \"x\", \"title\": 2024, \"url\": 1.5}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_TITLE], "2024");
	CHECK_STR(rec.f[NS_F_URL], "1.5");
	ns_record_free(&rec);
	/* two options naming one member: both fields get it */
	o.field_title = "headline";
	o.field_text = "headline";
	ns_parser *ph = ns_parser_create(&o);
	CHECK(parse(ph, "{\"id\": \"h\", \"headline\": \"Both\"}", &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_TITLE], "Both");
	CHECK_STR(rec.f[NS_F_TEXT], "Both");
	ns_record_free(&rec);
	ns_parser_destroy(ph);
	ns_options_init(&o);
	/* a text that is not a string still rejects, the id kept for the outputs */
	CHECK(parse(p, "{\"text\": [\"x\"], \"id\": \"k\"}", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK_STR(err, "field \"text\" is array, not a string");
	CHECK(rec.buf != NULL);
	CHECK_STR(rec.f[NS_F_ID], "k");
	ns_record_free(&rec);
	CHECK(parse(p, "{\"id\": true, \"text\": \"x\"}", &rec, err, &note) == NS_ERR_FORMAT);
	CHECK_STR(err, "field \"id\" is boolean, not a string");
	CHECK(rec.buf == NULL || rec.len[NS_F_ID] == 0);
	ns_record_free(&rec);
	ns_parser_destroy(p);
}

/* Renaming rejected records takes their ids out of the table while every
 * other id is still found (deletion from a linear-probing table). */
static void test_rename(void)
{
	ns_docs *ds;
	CHECK(ns_docs_create(&ds, NULL) == NS_OK);
	enum { N = 3000 };
	int bad = 0;
	for (int i = 0; i < N; i++) {
		char id[32];
		int l = snprintf(id, sizeof(id), "id%d", i);
		ns_record rec;
		memset(&rec, 0, sizeof(rec));
		rec.buf = malloc((size_t)l + 1);
		memcpy(rec.buf, id, (size_t)l + 1);
		rec.f[NS_F_ID] = rec.buf;
		rec.len[NS_F_ID] = (uint32_t)l;
		ns_doc_info info = {(uint64_t)i + 1, 0, INT32_MIN, (uint8_t)(i % 3 == 0), 0, 0, 0, INT64_MIN};
		if (ns_docs_append(ds, &info, &rec, info.rejected ? strdup("why") : NULL, NULL, 0) != NS_OK) bad++;
	}
	CHECK_EQ_U(bad, 0);
	for (int i = 0; i < N; i += 3) {
		char nid[32];
		int l = snprintf(nid, sizeof(nid), "f:%d", i + 1);
		if (ns_docs_rename(ds, (size_t)i, nid, (size_t)l) != NS_OK) bad++;
	}
	CHECK_EQ_U(bad, 0);
	int found = 0, gone = 0, right = 0;
	for (int i = 0; i < N; i++) {
		char id[32];
		int l = snprintf(id, sizeof(id), "id%d", i);
		uint32_t first;
		if (ns_docs_find_id(ds, id, (size_t)l, &first)) {
			found++;
			right += first == (uint32_t)i;
		} else {
			gone++;
		}
	}
	CHECK_EQ_U(gone, N / 3);
	CHECK_EQ_U(found, N - N / 3);
	CHECK_EQ_U(right, found);
	CHECK_STR(ns_docs_field(ds, 3, NS_F_ID), "f:4");
	CHECK_EQ_U(ns_docs_len(ds, 3, NS_F_ID), 3);
	CHECK(ns_docs_rename(ds, 1, "x", 1) == NS_ERR_OPTION);
	ns_docs_destroy(ds);
}

/* All lines of a file joined with '|'; *errors counts read errors, err
 * keeps the last one. */
static int read_lines(const char *name, char *joined, size_t cap, int *errors, char *err, size_t errlen)
{
	ns_reader *r;
	*errors = 0;
	joined[0] = 0;
	if (ns_reader_open(&r, path_of(name), err, errlen) != NS_OK) return -1;
	const char *line;
	size_t len;
	uint64_t no;
	int n = 0, k;
	char e[256];
	while ((k = ns_reader_next(r, &line, &len, &no, e, sizeof(e))) != 0) {
		if (k < 0) { (*errors)++; snprintf(err, errlen, "%s", e); continue; }
		n++;
		if (strlen(joined) + len + 2 < cap) {
			if (n > 1) strcat(joined, "|");
			strncat(joined, line, len);
		}
	}
	ns_reader_close(r);
	return n;
}

static size_t zst(const char *s, unsigned char *out, size_t cap)
{
	size_t n = ZSTD_compress(out, cap, s, strlen(s), 3);
	return ZSTD_isError(n) ? 0 : n;
}

static void test_zstd(void)
{
	char got[8192], err[256];
	int errs;
	unsigned char z[4096], cat[8192];
	size_t n1 = zst("one\ntwo\n", z, sizeof(z));
	CHECK(n1 > 0);
	write_file("a.zst", z, n1);
	CHECK_EQ_U(read_lines("a.zst", got, sizeof(got), &errs, err, sizeof(err)), 2);
	CHECK_STR(got, "one|two");
	CHECK_EQ_U(errs, 0);
	/* concatenated frames, a skippable frame between them */
	memcpy(cat, z, n1);
	static const unsigned char skip[] = {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'};
	memcpy(cat + n1, skip, sizeof(skip));
	size_t n2 = zst("three\n", cat + n1 + sizeof(skip), sizeof(cat) - n1 - sizeof(skip));
	size_t nc = n1 + sizeof(skip) + n2;
	write_file("cat.zst", cat, nc);
	CHECK_EQ_U(read_lines("cat.zst", got, sizeof(got), &errs, err, sizeof(err)), 3);
	CHECK_STR(got, "one|two|three");
	CHECK_EQ_U(errs, 0);
	/* a file starting with a skippable frame is zstd too */
	write_file("skip.zst", cat + n1, nc - n1);
	CHECK_EQ_U(read_lines("skip.zst", got, sizeof(got), &errs, err, sizeof(err)), 1);
	CHECK_STR(got, "three");
	/* truncated: the lines before the cut, then one error */
	char big[16384];
	big[0] = 0;
	for (int i = 0; i < 600; i++) {
		char l[40];
		snprintf(l, sizeof(l), "line %d of the text\n", i * 7919 % 1000);
		strcat(big, l);
	}
	unsigned char zb[16384];
	size_t nb = zst(big, zb, sizeof(zb));
	write_file("trunc.zst", zb, nb - 9);
	int lines = read_lines("trunc.zst", got, sizeof(got), &errs, err, sizeof(err));
	CHECK(lines >= 0 && lines < 600);
	CHECK_EQ_U(errs, 1);
	CHECK(strstr(err, "truncated zstd input") != NULL);
	/* corrupt bytes: an error naming zstd */
	memcpy(cat, zb, nb);
	for (size_t i = nb / 2; i < nb / 2 + 8; i++) cat[i] ^= 0x5A;
	write_file("bad.zst", cat, nb);
	read_lines("bad.zst", got, sizeof(got), &errs, err, sizeof(err));
	CHECK_EQ_U(errs, 1);
	CHECK(strstr(err, "invalid zstd data") != NULL);
	/* bytes after the last frame that are no frame */
	memcpy(cat, z, n1);
	memcpy(cat + n1, "junk\n", 5);
	write_file("junk.zst", cat, n1 + 5);
	CHECK_EQ_U(read_lines("junk.zst", got, sizeof(got), &errs, err, sizeof(err)), 2);
	CHECK_EQ_U(errs, 1);
	CHECK(strstr(err, "invalid zstd data") != NULL);
}

static void test_binary(void)
{
	uint64_t seed = 12345;
	char rnd[65536];
	for (size_t i = 0; i < sizeof(rnd); i++) rnd[i] = (char)(check_xorshift(&seed) >> 56);
	CHECK(ns_looks_binary(rnd, sizeof(rnd)));
	CHECK(ns_looks_binary(rnd, 64));
	/* UTF-16: every other byte NUL */
	const char u16[] = "{\0\"\0i\0d\0\"\0:\0 \0\"\0a\0\"\0}\0\n\0";
	CHECK(ns_looks_binary(u16, sizeof(u16) - 1));
	/* text: ASCII, UTF-8, a few bad bytes, a NUL in a damaged line, Latin-1 accents */
	const char *text[] = {"{\"id\": \"a\", \"text\": \"plain\"}\n",
	                      "{\"id\": \"b\", \"text\": \"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80\"}\n",
	                      "{\"id\": \"c\", \"text\": \"one bad \xC3\x28 byte and another \xFF here\"}\n",
	                      "{\"id\": \"n1\", \"text\": \"raw\0NUL inside the text of the record\"}\n"
	                      "{\"id\": \"n2\", \"text\": \"escaped NUL inside the text\"}\n",
	                      "id,title,text\n1,Caf\xE9,Un caf\xE9 \xE0 la gare et une cr\xEApe\n",
	                      "\x1b[1mbold\x1b[0m\ttab\r\n\f"};
	size_t tl[] = {0, 0, 0, 98, 0, 0};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		CHECK(!ns_looks_binary(text[i], tl[i] ? tl[i] : strlen(text[i])));
	/* a UTF-8 sequence cut by the end of the sample is no sign */
	CHECK(!ns_looks_binary("\xE2\x80", 2));
	CHECK(!ns_looks_binary("", 0));
	/* through the reader: gzip or zstd, the check sees the inflated bytes */
	unsigned char z[4096];
	size_t n = zst("{\"id\": \"a\", \"text\": \"x\"}\n", z, sizeof(z));
	write_file("t.zst", z, n);
	ns_reader *r;
	char err[256];
	const char *p;
	size_t got;
	CHECK(ns_reader_open(&r, path_of("t.zst"), err, sizeof(err)) == NS_OK);
	CHECK(ns_reader_peek(r, &p, &got, 1 << 16) == 0);
	CHECK_EQ_U(got, 25);
	CHECK(got == 25 && !memcmp(p, "{\"id\"", 5));
	CHECK(!ns_looks_binary(p, got));
	/* peeking takes no line away */
	const char *line;
	size_t len;
	uint64_t no;
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 1);
	CHECK_EQ_U(len, 24);
	CHECK_EQ_U(no, 1);
	ns_reader_close(r);
	write_file("r.bin", rnd, sizeof(rnd));
	CHECK(ns_reader_open(&r, path_of("r.bin"), err, sizeof(err)) == NS_OK);
	CHECK(ns_reader_peek(r, &p, &got, 1 << 16) == 0);
	CHECK_EQ_U(got, sizeof(rnd));
	CHECK(ns_looks_binary(p, got));
	ns_reader_close(r);
}

static void test_format_of(void)
{
	const char *cases[][2] = {{"a.jsonl", "j"}, {"a.ndjson.gz", "j"}, {"x/a.JSON.zst", "j"}, {"a.csv", "c"},
	                          {"dir.v2/a.CSV.gz", "c"}, {"a.tsv.zstd", "t"}, {"a.txt", "x"}, {"a.text.gz", "x"},
	                          {"a.log", "j"}, {"noext", "j"}, {".csv", "j"}, {"-", "j"}, {"a.gz", "j"},
	                          {"a.csv.bak", "j"}, {"a.gz.csv", "c"}, {"d.txt/a", "j"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ns_input_format f = ns_format_of(cases[i][0], NS_FMT_AUTO);
		char g = f == NS_FMT_JSONL ? 'j' : f == NS_FMT_CSV ? 'c' : f == NS_FMT_TSV ? 't' : f == NS_FMT_TEXT ? 'x' : '?';
		if (g != cases[i][1][0]) fprintf(stderr, "format of %s: %c\n", cases[i][0], g);
		CHECK(g == cases[i][1][0]);
	}
	CHECK(ns_format_of("a.jsonl", NS_FMT_CSV) == NS_FMT_CSV);
	CHECK(ns_format_of("-", NS_FMT_TEXT) == NS_FMT_TEXT);
	CHECK(ns_csv_open_after("a,\"b", 4, 0) == 1);
	CHECK(ns_csv_open_after("c\"\"d\",e", 7, 1) == 0);
	CHECK(ns_csv_open_after("a,\"b\"\"\",c", 10, 0) == 0);
	CHECK(ns_csv_open_after("", 0, 1) == 1);
}

static ns_table *table(int fmt, const char *h, const ns_options *o, unsigned *missing)
{
	ns_table *t = NULL;
	char err[256];
	CHECK(ns_table_create(&t, fmt, h, strlen(h), o, missing, err, sizeof(err)) == NS_OK);
	return t;
}

static ns_status trow(const ns_table *t, const char *s, ns_record *rec, const char **note, char *err)
{
	return ns_table_parse(t, s, strlen(s), rec, note, err, 256);
}

static void test_tables(void)
{
	ns_options o;
	ns_options_init(&o);
	unsigned missing;
	ns_record rec;
	const char *note;
	char err[256];
	/* CSV: exact and case-insensitive names, spaces around; other columns pass through */
	ns_table *t = table(NS_FMT_CSV, " ID ,Text,title,Author,\"odd \"\"name\"\"\",story,", &o, &missing);
	CHECK_EQ_U(missing, (1u << NS_F_DATE) | (1u << NS_F_SOURCE) | (1u << NS_F_URL));
	CHECK(trow(t, "a1,\"Hello, \"\"world\"\"\nline two\",The title,Ann,x,s,", &rec, &note, err) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "a1");
	CHECK_STR(rec.f[NS_F_TEXT], "Hello, \"world\"\nline two");
	CHECK_STR(rec.f[NS_F_TITLE], "The title");
	CHECK_STR(rec.f[NS_F_EXTRA], "\"Author\": \"Ann\", \"odd \\\"name\\\"\": \"x\"");
	CHECK(note == NULL);
	ns_record_free(&rec);
	/* fewer values: the rest empty; quote inside an unquoted value kept */
	CHECK(trow(t, "a2,say \"hi\"", &rec, &note, err) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "say \"hi\"");
	CHECK_STR(rec.f[NS_F_EXTRA], "");
	ns_record_free(&rec);
	/* more values than columns: rejected, the id kept */
	CHECK(trow(t, "a3,t,ti,au,x,s,,extra", &rec, &note, err) == NS_ERR_FORMAT);
	CHECK_STR(err, "8 values, the header has 7 columns");
	CHECK_STR(rec.f[NS_F_ID], "a3");
	ns_record_free(&rec);
	/* an unterminated quote */
	CHECK(trow(t, "a4,\"open", &rec, &note, err) == NS_ERR_FORMAT);
	CHECK_STR(err, "unterminated quoted field (value 2)");
	CHECK_STR(rec.f[NS_F_ID], "a4");
	ns_record_free(&rec);
	/* invalid UTF-8 and NULs repaired, with a note */
	CHECK(ns_table_parse(t, "a5,b\xFF\0c", 7, &rec, &note, err, sizeof(err)) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "b\xEF\xBF\xBD" "c");
	CHECK(note != NULL);
	ns_record_free(&rec);
	ns_table_destroy(t);
	/* an exact name wins over one that differs in case; --field names */
	o.field_text = "body";
	t = table(NS_FMT_CSV, "id,Body,body", &o, &missing);
	CHECK(trow(t, "x,upper,lower", &rec, &note, err) == NS_OK);
	CHECK_STR(rec.f[NS_F_TEXT], "lower");
	CHECK_STR(rec.f[NS_F_EXTRA], "\"Body\": \"upper\"");
	ns_record_free(&rec);
	ns_table_destroy(t);
	ns_options_init(&o);
	/* TSV escapes; a backslash before another letter stays */
	t = table(NS_FMT_TSV, "id\ttext\tx", &o, &missing);
	CHECK(trow(t, "t\\\\1\ta\\tb\\nc\\\\d\\q\tv\\r", &rec, &note, err) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "t\\1");
	CHECK_STR(rec.f[NS_F_TEXT], "a\tb\nc\\d\\q");
	CHECK_STR(rec.f[NS_F_EXTRA], "\"x\": \"v\\r\"");
	ns_record_free(&rec);
	CHECK(trow(t, "a\tb\tc\td", &rec, &note, err) == NS_ERR_FORMAT);
	ns_record_free(&rec);
	ns_table_destroy(t);
	/* a header that does not parse */
	CHECK(ns_table_create(&t, NS_FMT_CSV, "id,\"text", 8, &o, &missing, err, sizeof(err)) == NS_ERR_FORMAT);
	CHECK(t == NULL);
}

static ns_status text(const char *s, ns_record *rec)
{
	const char *note;
	char err[256];
	return ns_text_parse("f.txt", 5, s, strlen(s), rec, &note, err, sizeof(err));
}

static void test_text(void)
{
	ns_record rec;
	CHECK(text("\n\nTITLE: A title \nDate: 2024-03-22\nsource:Wire\nUrl: http://x/y\n\nBody line one.\nline two.\n", &rec) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "f.txt");
	CHECK_STR(rec.f[NS_F_TITLE], "A title");
	CHECK_STR(rec.f[NS_F_DATE], "2024-03-22");
	CHECK_STR(rec.f[NS_F_SOURCE], "Wire");
	CHECK_STR(rec.f[NS_F_URL], "http://x/y");
	CHECK_STR(rec.f[NS_F_TEXT], "Body line one.\nline two.\n");
	ns_record_free(&rec);
	/* a bare date line first, then the text at once */
	CHECK(text("date 2024-03-22T10:00:00Z\nThe text.", &rec) == NS_OK);
	CHECK_STR(rec.f[NS_F_DATE], "2024-03-22T10:00:00Z");
	CHECK_STR(rec.f[NS_F_TEXT], "The text.");
	ns_record_free(&rec);
	/* "date" not followed by a date, a bare date line that is not first, other keys: text */
	const char *plain[] = {"Date night ideas for the weekend.\nMore.", "title: T\ndate 2024-03-22\nText.",
	                       "Author: Ann\nText.", "Titles: many\nText."};
	const char *want[] = {"Date night ideas for the weekend.\nMore.", "date 2024-03-22\nText.", "Author: Ann\nText.",
	                      "Titles: many\nText."};
	for (int i = 0; i < 4; i++) {
		CHECK(text(plain[i], &rec) == NS_OK);
		CHECK_STR(rec.f[NS_F_TEXT], want[i]);
		ns_record_free(&rec);
	}
	/* only metadata, or nothing: an empty text */
	CHECK(text("title: T\n", &rec) == NS_OK);
	CHECK_EQ_U(rec.len[NS_F_TEXT], 0);
	CHECK_STR(rec.f[NS_F_TITLE], "T");
	ns_record_free(&rec);
	CHECK(text("", &rec) == NS_OK);
	CHECK_EQ_U(rec.len[NS_F_TEXT], 0);
	ns_record_free(&rec);
}

static void test_dir(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd),
	         "cd %s && mkdir -p d/b d/a/z d/.git && echo x > d/b/1 && echo x > d/a/z/2 && echo x > d/a-b && "
	         "echo x > d/a/y && echo x > d/.git/h && echo x > d/.hid && echo x > 'd/\303\251' && echo x > d/B && "
	         "ln -s ../d/b d/link && ln -s a-b d/flink",
	         dir);
	CHECK(system(cmd) == 0);
	char **rel;
	size_t n;
	char err[256];
	CHECK(ns_dir_list(path_of("d/"), &rel, &n, err, sizeof(err)) == NS_OK);
	const char *want[] = {"B", "a-b", "a/y", "a/z/2", "b/1", "flink", "\303\251"};
	CHECK_EQ_U(n, 7);
	for (size_t i = 0; i < n && i < 7; i++) CHECK_STR(rel[i], want[i]);
	for (size_t i = 0; i < n; i++) free(rel[i]);
	free(rel);
	CHECK(ns_dir_list(path_of("nodir"), &rel, &n, err, sizeof(err)) == NS_ERR_OPEN);
	CHECK(strstr(err, "nodir: cannot read directory") != NULL);
}

int main(void)
{
	test_dates();
	test_types_and_extra();
	test_rename();
	if (!mkdtemp(dir)) return 1;
	test_zstd();
	test_binary();
	test_format_of();
	test_tables();
	test_text();
	test_dir();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) return 1;
	return TEST_DONE();
}
