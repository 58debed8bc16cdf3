/* newsift — cleaning and boilerplate learning.
 *
 * Cleaning is one pass over the text that emits a line at a time: each code
 * point is decoded, mapped (entity, space, invisible, control) and appended;
 * at the line end the line is trimmed, composed to NFC if it holds non-ASCII
 * bytes, and kept unless it would make a second blank line in a row.
 *
 * Boilerplate learning sorts line occurrences by (key, context, doc) and
 * counts per key the distinct documents and distinct contexts.  A context is
 * the pair of neighbouring line keys, so "Advertisement" between paragraphs
 * of a hundred stories has a hundred contexts while a paragraph that one
 * story's copies share has a handful. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/clean.h"

typedef struct {
	const char *name;
	int32_t cp;
} entity;

/* Named entities seen in scraped news; sorted by name for bsearch. */
static const entity entities[] = {
	{"amp", '&'}, {"apos", '\''}, {"bull", 0x2022}, {"copy", 0xA9}, {"eacute", 0xE9},
	{"gt", '>'}, {"hellip", 0x2026}, {"laquo", 0xAB}, {"ldquo", 0x201C}, {"lsquo", 0x2018},
	{"lt", '<'}, {"mdash", 0x2014}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"quot", '"'},
	{"raquo", 0xBB}, {"rdquo", 0x201D}, {"reg", 0xAE}, {"rsquo", 0x2019}, {"trade", 0x2122},
};

static int cmp_entity(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const entity *)e)->name);
}

/* Decode an entity at s ('&' at s[0]); returns its length and *cp, or 0. */
static size_t entity_at(const char *s, size_t n, int32_t *cp)
{
	size_t i = 1, lim = NS_MIN(n, (size_t)12);
	if (i < lim && s[i] == '#') {
		int hex = 0;
		i++;
		if (i < lim && (s[i] == 'x' || s[i] == 'X')) { hex = 1; i++; }
		size_t d0 = i;
		long v = 0;
		for (; i < lim; i++) {
			int c = (unsigned char)s[i], dv;
			if (c >= '0' && c <= '9') dv = c - '0';
			else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f') dv = (c | 32) - 'a' + 10;
			else break;
			v = v * (hex ? 16 : 10) + dv;
		}
		if (i == d0 || i >= lim || s[i] != ';' || v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = (int32_t)v;
		return i + 1;
	}
	char name[12];
	size_t k = 0;
	for (; i < lim && k < sizeof(name) - 1; i++) {
		char c = s[i];
		if (c == ';') break;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
		name[k++] = c;
	}
	if (i >= lim || s[i] != ';' || k == 0) return 0;
	name[k] = 0;
	const entity *e = bsearch(name, entities, sizeof(entities) / sizeof(entities[0]), sizeof(entity), cmp_entity);
	if (!e) return 0;
	*cp = e->cp;
	return i + 1;
}

static int is_space_cp(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_invisible_cp(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) ||
	       cp == 0x2060 || cp == 0xFEFF;
}

/* Append the finished line to out: trimmed, composed to NFC when it has
 * non-ASCII bytes, after a "\n" (or "\n\n" after blank lines). */
static ns_status put_line(ns_buf *out, ns_buf *line, int nonascii, int *blank, int *lines)
{
	while (line->len && line->p[line->len - 1] == ' ') line->len--;
	if (!line->len) {
		*blank = 1;
		return NS_OK;
	}
	if (*lines && ns_buf_put(out, "\n\n", *blank ? 2 : 1)) return NS_ERR_NOMEM;
	ns_status st = NS_OK;
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r = -1;
	if (nonascii)
		r = utf8proc_map((const utf8proc_uint8_t *)line->p, (utf8proc_ssize_t)line->len, &m,
		                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r >= 0) st = ns_buf_put(out, m, (size_t)r);
	else st = ns_buf_put(out, line->p, line->len);
	free(m);
	*blank = 0;
	(*lines)++;
	line->len = 0;
	return st;
}

ns_status ns_clean_text(const char *in, size_t len, ns_buf *out)
{
	const unsigned char *u = (const unsigned char *)in;
	ns_buf line = {0};
	ns_status st = NS_OK;
	out->len = 0;
	if (ns_buf_reserve(out, len) || ns_buf_reserve(&line, 256)) { ns_buf_free(&line); return NS_ERR_NOMEM; }
	out->p[0] = 0;
	int nonascii = 0, blank = 0, lines = 0;
	for (size_t i = 0; i < len && !st;) {
		int32_t cp;
		size_t l;
		if (u[i] < 0x80) { cp = u[i]; l = 1; }
		else {
			l = ns_utf8_decode(u + i, len - i, &cp);
			if (!l) { cp = 0xFFFD; l = 1; }
		}
		if (cp == '&') {
			int32_t e;
			size_t el = entity_at(in + i, len - i, &e);
			if (el) { cp = e; l = el; }
		}
		i += l;
		if (cp == '\r' || cp == '\n' || cp == 0x2028 || cp == 0x2029) {
			if (cp == '\r' && i < len && u[i] == '\n') i++;
			st = put_line(out, &line, nonascii, &blank, &lines);
			nonascii = 0;
		} else if (is_space_cp(cp)) {
			if (line.len && line.p[line.len - 1] != ' ') st = ns_buf_put(&line, " ", 1);
		} else if (!is_invisible_cp(cp)) {
			char enc[4];
			size_t el = ns_utf8_encode(cp, enc);
			nonascii |= cp >= 0x80;
			st = ns_buf_put(&line, enc, el);
		}
	}
	if (!st) st = put_line(out, &line, nonascii, &blank, &lines);
	ns_buf_free(&line);
	if (out->p) out->p[out->len] = 0;
	return st;
}

uint64_t ns_line_key(const char *line, size_t len, ns_tokens *tok, uint32_t *words)
{
	*words = 0;
	if (ns_tokenize(line, len, tok) || tok->n == 0) return 0;
	*words = (uint32_t)tok->n;
	/* norm holds the tokens NUL-separated: hash that byte string */
	uint64_t k = XXH3_64bits(tok->norm.p, tok->norm.len);
	return k ? k : 1;
}

ns_status ns_line_occs(const char *text, size_t len, uint32_t doc, uint32_t max_words, ns_tokens *tok,
                       ns_line_occ **occ, size_t *n, size_t *cap)
{
	/* keys of all non-blank lines first, then the contexts from neighbours */
	size_t first = *n;
	uint64_t prev = 0;
	size_t s = 0;
	uint32_t nlines = 0;
	while (s < len) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e > s) {
			uint32_t w;
			uint64_t k = ns_line_key(text + s, e - s, tok, &w);
			if (ns_grow((void **)occ, cap, *n + 1, sizeof(ns_line_occ))) return NS_ERR_NOMEM;
			ns_line_occ *o = &(*occ)[*n];
			o->key = k;
			o->ctx = prev; /* previous key for now */
			o->doc = doc;
			o->span.start = (uint32_t)s;
			o->span.len = (uint32_t)(e - s);
			/* mark long lines so they can be dropped below */
			if (w > max_words || k == 0) o->doc = UINT32_MAX;
			(*n)++;
			nlines++;
			prev = k;
		}
		s = e + 1;
	}
	/* turn (prev) into hash(prev, next), then keep only short lines */
	size_t w = first;
	for (size_t i = first; i < *n; i++) {
		uint64_t nextk = i + 1 < *n ? (*occ)[i + 1].key : 0;
		uint64_t pair[2] = {(*occ)[i].ctx, nextk};
		ns_line_occ o = (*occ)[i];
		o.ctx = XXH3_64bits(pair, sizeof(pair));
		if (o.doc != UINT32_MAX) (*occ)[w++] = o;
	}
	(void)nlines;
	*n = w;
	return NS_OK;
}

static int cmp_occ(const void *a, const void *b)
{
	const ns_line_occ *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	if (x->ctx != y->ctx) return x->ctx < y->ctx ? -1 : 1;
	if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
	return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

ns_status ns_boiler_learn(ns_line_occ *occ, size_t n, const ns_options *o, ns_boiler_line **lines,
                          size_t *nlines)
{
	*lines = NULL;
	*nlines = 0;
	size_t cap = 0;
	ns_qsort(occ, n, sizeof(*occ), cmp_occ);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		uint32_t contexts = 0, first_doc = UINT32_MAX;
		ns_span first_span = {0, 0};
		while (j < n && occ[j].key == occ[i].key) {
			if (j == i || occ[j].ctx != occ[j - 1].ctx) contexts++;
			if (occ[j].doc < first_doc) { first_doc = occ[j].doc; first_span = occ[j].span; }
			j++;
		}
		/* distinct documents: count after sorting the doc numbers of this key */
		uint32_t docs = 0;
		if (contexts >= o->boiler_min_contexts && j - i >= o->boiler_min_docs) {
			uint32_t *d = malloc((j - i) * sizeof(uint32_t));
			if (!d) { free(*lines); *lines = NULL; return NS_ERR_NOMEM; }
			for (size_t q = i; q < j; q++) d[q - i] = occ[q].doc;
			for (size_t a = 1; a < j - i; a++) { /* insertion sort is fine: groups are small */
				uint32_t v = d[a];
				size_t b = a;
				while (b > 0 && d[b - 1] > v) { d[b] = d[b - 1]; b--; }
				d[b] = v;
			}
			for (size_t q = 0; q < j - i; q++) if (q == 0 || d[q] != d[q - 1]) docs++;
			free(d);
		}
		if (docs >= o->boiler_min_docs && contexts >= o->boiler_min_contexts) {
			if (ns_grow((void **)lines, &cap, *nlines + 1, sizeof(ns_boiler_line))) {
				free(*lines); *lines = NULL; *nlines = 0;
				return NS_ERR_NOMEM;
			}
			ns_boiler_line *b = &(*lines)[(*nlines)++];
			b->key = occ[i].key;
			b->docs = docs;
			b->contexts = contexts;
			b->doc = first_doc;
			b->span = first_span;
		}
		i = j;
	}
	return NS_OK;
}

int ns_boiler_has(const ns_boiler_line *lines, size_t nlines, uint64_t key)
{
	size_t lo = 0, hi = nlines;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lines[mid].key < key) lo = mid + 1;
		else hi = mid;
	}
	return lo < nlines && lines[lo].key == key;
}

ns_status ns_boiler_strip(const char *text, size_t len, const ns_boiler_line *lines, size_t nlines,
                          ns_tokens *tok, ns_buf *out, uint32_t *removed)
{
	out->len = 0;
	*removed = 0;
	if (ns_buf_reserve(out, len)) return NS_ERR_NOMEM;
	out->p[0] = 0;
	int blank = 0;
	size_t s = 0;
	while (s < len) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e == s) {
			blank = 1;
		} else {
			uint32_t w;
			uint64_t k = nlines ? ns_line_key(text + s, e - s, tok, &w) : 0;
			if (k && ns_boiler_has(lines, nlines, k)) {
				(*removed)++;
			} else {
				if (out->len) ns_buf_put(out, "\n\n", blank ? 2 : 1);
				if (ns_buf_put(out, text + s, e - s)) return NS_ERR_NOMEM;
				blank = 0;
			}
		}
		s = e + 1;
	}
	return NS_OK;
}
