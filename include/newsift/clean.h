/* newsift — text cleaning and boilerplate learning.
 *
 * ns_clean_text() turns scraped text into clean text: line ends unified,
 * HTML entities decoded, invisible characters removed, Unicode spaces made
 * plain, runs of spaces collapsed, lines trimmed, blank-line runs collapsed
 * to one, and lines with non-ASCII characters composed (NFC).
 *
 * Boilerplate is learned from the dump: a short line ("Advertisement",
 * "Share this article") is boilerplate when it occurs in many documents next
 * to many different neighbour lines; a paragraph of a syndicated story, even
 * copied many times, keeps the same few neighbours. */
#ifndef NEWSIFT_CLEAN_H
#define NEWSIFT_CLEAN_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "options.h"
#include "tokenize.h"

/* Clean len bytes of valid UTF-8 into out (replacing its contents). */
ns_status ns_clean_text(const char *in, size_t len, ns_buf *out);

/* One line occurrence, for boilerplate learning. */
typedef struct {
	uint64_t key;     /* ns_line_key of the line */
	uint64_t ctx;     /* hash of the keys of the lines before and after it */
	uint32_t doc;     /* document index */
	ns_span span;     /* the line's bytes in that document's clean text */
} ns_line_occ;

/* Key of one line: XXH3 of its normalised tokens (0 when it has none); the
 * token count goes to *words.  tok is scratch space. */
uint64_t ns_line_key(const char *line, size_t len, ns_tokens *tok, uint32_t *words);

/* Append the occurrences of lines of at most max_words words in text (doc
 * number doc) to *occ (growable array of *cap elements). */
ns_status ns_line_occs(const char *text, size_t len, uint32_t doc, uint32_t max_words, ns_tokens *tok,
                       ns_line_occ **occ, size_t *n, size_t *cap);

/* ns_line_occs, and also the keys of all non-blank lines of text in order
 * (*keys malloc'd, *nkeys of them; the caller frees it) for
 * ns_boiler_strip_keys, so the text is keyed once: ns_line_key for a line
 * of at most max_words words, 0 (never boilerplate: no learned line has
 * more words) for a longer one.  keys may be NULL. */
ns_status ns_line_occs_keys(const char *text, size_t len, uint32_t doc, uint32_t max_words, ns_tokens *tok,
                            ns_line_occ **occ, size_t *n, size_t *cap, uint64_t **keys, size_t *nkeys);

/* A learned boilerplate line. */
typedef struct {
	uint64_t key;
	uint32_t docs;      /* documents it occurs in */
	uint32_t contexts;  /* different neighbour pairs it occurs with */
	uint32_t doc;       /* a document where it occurs (the first), and where */
	ns_span span;
} ns_boiler_line;

/* Learn boilerplate from n occurrences (sorted in place).  *lines is
 * malloc'd, sorted by key, *nlines entries. */
ns_status ns_boiler_learn(ns_line_occ *occ, size_t n, const ns_options *o, ns_boiler_line **lines,
                          size_t *nlines);

/* Is key one of the learned lines? */
int ns_boiler_has(const ns_boiler_line *lines, size_t nlines, uint64_t key);

/* Copy text into out without the lines whose key is learned boilerplate,
 * keeping paragraph structure.  Returns the number of lines removed via
 * *removed. */
ns_status ns_boiler_strip(const char *text, size_t len, const ns_boiler_line *lines, size_t nlines,
                          ns_tokens *tok, ns_buf *out, uint32_t *removed);

/* ns_boiler_strip with the line keys that ns_line_occs_keys gave for the
 * same text: the same result without keying the lines again. */
ns_status ns_boiler_strip_keys(const char *text, size_t len, const uint64_t *keys, size_t nkeys,
                               const ns_boiler_line *lines, size_t nlines, ns_buf *out, uint32_t *removed);

#endif
