/* Inputs beyond plain JSONL strings: dates as scrapers write them
 * (ns_date_parse, ns_time_string), fields of unexpected types, members
 * passed through, and the store's renaming of a rejected record. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/newsift.h"
#include "check.h"

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
		ns_doc_info info = {(uint64_t)i + 1, 0, INT32_MIN, (uint8_t)(i % 3 == 0), 0, 0, INT64_MIN};
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

int main(void)
{
	test_dates();
	test_types_and_extra();
	test_rename();
	return TEST_DONE();
}
