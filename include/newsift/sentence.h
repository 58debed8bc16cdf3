/* newsift — sentence splitting made for news: abbreviations, initials,
 * decimals and money, ellipses, quotes and quoted sentence ends, hard-wrapped
 * lines, headlines and datelines without a final period, list lines, in
 * English, French, Czech and Greek and in scripts without case (Arabic,
 * Hebrew, Devanagari, CJK), with their own end marks (؟, the Greek question
 * mark, । ॥ 。).  No language has to be named: the characters choose the
 * rules.  Reentrant: no globals. */
#ifndef NEWSIFT_SENTENCE_H
#define NEWSIFT_SENTENCE_H

#include <stddef.h>
#include "common.h"

/* Split text (UTF-8; invalid bytes are tolerated) into sentences.  Spans are
 * written to *spans from index 0 (growable array of *cap elements, realloc'd
 * as needed; *spans may start NULL; the caller frees it).  Leading and
 * trailing white space is not part of a span; every line end ends a sentence
 * unless the line does not end in a sentence end and the next line starts
 * with a lower-case letter that is not a list label (a hard wrap).  Returns
 * the number of spans, or (size_t)-1 when memory runs out or len is 4 GiB or
 * more.  Thread-safe: no shared state. */
size_t ns_sent_split(const char *text, size_t len, ns_span **spans, size_t *cap);

#endif
