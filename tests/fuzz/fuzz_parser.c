/* Fuzz target: the JSONL record parser (ns_parser_parse) on one line.
 * Invariants: a parsed record has six fields, each NUL-terminated at its
 * length, valid UTF-8 without NUL; a failure is NS_ERR_FORMAT with a
 * one-line reason; "repaired" is set only on success. */
#include <string.h>
#include "newsift/newsift.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ns_parser *p;
	static ns_options o;
	if (!p) {
		ns_options_init(&o);
		p = ns_parser_create(&o);
		if (!p) abort();
	}
	/* the reader hands over NUL-terminated lines without their line end */
	char *line = malloc(size + 1);
	if (!line) return 0;
	memcpy(line, data, size);
	line[size] = 0;
	ns_record rec;
	const char *repaired = NULL;
	char err[256];
	err[0] = 0;
	ns_status st = ns_parser_parse(p, line, size, &rec, &repaired, err, sizeof(err));
	if (st == NS_OK) {
		FUZZ_ASSERT(rec.buf != NULL);
		for (int f = 0; f < NS_NSTORED; f++) {
			FUZZ_ASSERT(rec.f[f] != NULL);
			FUZZ_ASSERT(rec.f[f][rec.len[f]] == 0);
			FUZZ_ASSERT(strlen(rec.f[f]) == rec.len[f]);
			FUZZ_ASSERT(fuzz_valid_utf8(rec.f[f], rec.len[f]));
		}
	} else {
		FUZZ_ASSERT(st == NS_ERR_FORMAT);
		FUZZ_ASSERT(repaired == NULL);
		FUZZ_ASSERT(err[0] != 0 && strchr(err, '\n') == NULL);
		/* a JSON object whose id or text has the wrong type keeps the
		 * fields that were read */
		for (int f = 0; rec.buf && f < NS_NSTORED; f++)
			FUZZ_ASSERT(rec.f[f] && strlen(rec.f[f]) == rec.len[f] && fuzz_valid_utf8(rec.f[f], rec.len[f]));
	}
	ns_record_free(&rec);
	free(line);
	return 0;
}
