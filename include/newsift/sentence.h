/* newsift — sentence splitting made for news: abbreviations, initials,
 * decimals and money, ellipses, quotes and quoted sentence ends, hard-wrapped
 * lines, headlines and datelines without a final period, list lines.
 * Reentrant: no globals. */
#ifndef NEWSIFT_SENTENCE_H
#define NEWSIFT_SENTENCE_H

#include <stddef.h>
#include "common.h"

/* Split text into sentences.  Spans are appended to *spans (growable array of
 * *cap elements, realloc'd as needed; *spans may start NULL).  Leading and
 * trailing white space is not part of a span; every line end ends a sentence
 * unless the line does not end in a sentence end and the next line starts
 * with a lower-case letter (a hard wrap).  Returns the number of spans, or
 * (size_t)-1 when memory runs out. */
size_t ns_sent_split(const char *text, size_t len, ns_span **spans, size_t *cap);

#endif
