/* Fuzz target: the parsers of the other input formats.  The first byte
 * picks one: CSV or TSV (the rest's first line is the header, the rest
 * after it one record), a text article, or a date (ns_date_parse, then
 * ns_time_string); ns_looks_binary sees every input.  Invariants: a record
 * (parsed, or rejected with NS_ERR_FORMAT and a one-line reason) has every
 * field NUL-terminated at its length and valid UTF-8 without NUL; a date
 * is INT64_MIN or within the years 1..9999, and its string is one line. */
#include <string.h>
#include "newsift/newsift.h"
#include "newsift/formats.h"
#include "fuzz.h"

static void check_record(const ns_record *rec)
{
	for (int f = 0; rec->buf && f < NS_NSTORED; f++) {
		FUZZ_ASSERT(rec->f[f] != NULL);
		FUZZ_ASSERT(rec->f[f][rec->len[f]] == 0);
		FUZZ_ASSERT(strlen(rec->f[f]) == rec->len[f]);
		FUZZ_ASSERT(fuzz_valid_utf8(rec->f[f], rec->len[f]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ns_options o;
	static int init;
	if (!init) { ns_options_init(&o); init = 1; }
	if (size < 1) return 0;
	int mode = data[0] & 3;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	(void)ns_looks_binary(s, n);
	char err[256];
	const char *note = NULL;
	ns_record rec;
	if (mode == 0 || mode == 1) {
		const char *nl = memchr(s, '\n', n);
		size_t hl = nl ? (size_t)(nl - s) : n;
		ns_table *t = NULL;
		unsigned missing;
		err[0] = 0;
		ns_status st = ns_table_create(&t, mode ? NS_FMT_TSV : NS_FMT_CSV, s, hl, &o, &missing, err, sizeof(err));
		if (st) {
			FUZZ_ASSERT(st == NS_ERR_FORMAT && t == NULL && err[0] && !strchr(err, '\n'));
			return 0;
		}
		const char *r = nl ? nl + 1 : s + n;
		err[0] = 0;
		st = ns_table_parse(t, r, (size_t)(s + n - r), &rec, &note, err, sizeof(err));
		FUZZ_ASSERT(st == NS_OK || st == NS_ERR_FORMAT);
		if (st) FUZZ_ASSERT(err[0] && !strchr(err, '\n') && note == NULL);
		else FUZZ_ASSERT(rec.buf != NULL);
		check_record(&rec);
		ns_record_free(&rec);
		ns_table_destroy(t);
	} else if (mode == 2) {
		ns_status st = ns_text_parse("id", 2, s, n, &rec, &note, err, sizeof(err));
		FUZZ_ASSERT(st == NS_OK && rec.buf != NULL);
		FUZZ_ASSERT(!strcmp(rec.f[NS_F_ID], "id"));
		check_record(&rec);
		ns_record_free(&rec);
	} else {
		int64_t t = ns_date_parse(s, n);
		/* 0001-01-01 .. 9999-12-31 with a day of zone either side */
		FUZZ_ASSERT(t == INT64_MIN || (t >= -62135596800LL - 86400 && t <= 253402300799LL + 86400));
		char out[32];
		ns_time_string(t, out, sizeof(out));
		FUZZ_ASSERT(strlen(out) < sizeof(out) && !strchr(out, '\n'));
	}
	return 0;
}
