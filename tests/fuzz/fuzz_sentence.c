/* Fuzz target: the sentence splitter (ns_sent_split) on any bytes (invalid
 * UTF-8 reads as U+FFFD, so any input must be safe).  Invariants: spans lie
 * inside the text, in order, without overlap, non-empty, and neither start
 * nor end with white space; the same text splits the same way twice. */
#include <string.h>
#include "newsift/newsift.h"
#include "fuzz.h"

static int is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text) return 0;
	memcpy(text, data, size);
	text[size] = 0;
	ns_span *spans = NULL;
	size_t cap = 0;
	size_t n = ns_sent_split(text, size, &spans, &cap);
	FUZZ_ASSERT(n != (size_t)-1);
	FUZZ_ASSERT(n <= cap || n == 0);
	size_t end = 0;
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(spans[i].len > 0);
		FUZZ_ASSERT(spans[i].start >= end);
		FUZZ_ASSERT((size_t)spans[i].start + spans[i].len <= size);
		FUZZ_ASSERT(!is_ws(text[spans[i].start]));
		FUZZ_ASSERT(!is_ws(text[spans[i].start + spans[i].len - 1]));
		end = spans[i].start + spans[i].len;
	}
	/* a second call, into a fresh array, gives the same spans */
	ns_span *again = NULL;
	size_t cap2 = 0;
	size_t n2 = ns_sent_split(text, size, &again, &cap2);
	FUZZ_ASSERT(n2 == n && (n == 0 || !memcmp(spans, again, n * sizeof(ns_span))));
	free(again);
	free(spans);
	free(text);
	return 0;
}
