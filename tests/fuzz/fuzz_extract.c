/* Fuzz target: article extraction (ns_extract_page) in both modes, on any
 * bytes.  The first byte picks the mode.  Invariants: every part of the
 * page is NUL-terminated at its length, valid UTF-8 without NUL; a date is
 * one ns_date_parse understands; the body has no blank line at either end
 * and no run of more than one blank line; the source says where the body
 * came from, and NONE only for an empty body. */
#include <string.h>
#include "newsift/newsift.h"
#include "fuzz.h"

static void check_buf(const ns_buf *b)
{
	FUZZ_ASSERT(b->p != NULL);
	FUZZ_ASSERT(b->p[b->len] == 0);
	FUZZ_ASSERT(strlen(b->p) == b->len);
	FUZZ_ASSERT(fuzz_valid_utf8(b->p, b->len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	ns_extract_mode mode = data[0] & 1 ? NS_EXTRACT_TEXT : NS_EXTRACT_ARTICLE;
	ns_page pg = {0};
	if (ns_extract_page((const char *)data + 1, size - 1, mode, &pg) != NS_OK) abort();
	check_buf(&pg.text);
	check_buf(&pg.title);
	check_buf(&pg.date);
	check_buf(&pg.author);
	check_buf(&pg.lang);
	if (pg.date.len) FUZZ_ASSERT(ns_date_parse(pg.date.p, pg.date.len) != INT64_MIN);
	const char *t = pg.text.p;
	size_t n = pg.text.len;
	if (n) {
		FUZZ_ASSERT(t[0] != '\n' && t[n - 1] != '\n');
		FUZZ_ASSERT(strstr(t, "\n\n\n") == NULL);
	}
	FUZZ_ASSERT((pg.from == NS_BODY_NONE) == (n == 0));
	ns_page_free(&pg);
	return 0;
}
