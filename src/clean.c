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

/* Windows-1252 bytes 0x80-0x9F as the code points they decode to; 0 where
 * the byte is undefined (decoders then pass it through as U+0080-U+009F). */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a code point came from when UTF-8 was misread as Windows-1252
 * or Latin-1, or -1. */
static int cp1252_byte(int32_t cp)
{
	if (cp < 0x80) return -1;
	if (cp < 0x100) return (int)cp;
	for (int b = 0; b < 32; b++)
		if (cp1252_hi[b] == cp) return 0x80 + b;
	return -1;
}

/* Mojibake at s: a UTF-8 character whose bytes were misread as
 * Windows-1252 ("â€™" for "’", "Ã©" for "é").  The first code point stands
 * for a lead byte, the next ones for continuation bytes; if together they
 * form one valid UTF-8 character, that is returned in *cp with the number of
 * input bytes it replaces. */
static size_t mojibake_at(const unsigned char *s, size_t n, int32_t first, size_t firstlen, int32_t *cp)
{
	int lead = cp1252_byte(first);
	if (lead < 0xC2 || lead > 0xF4) return 0;
	size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1, pos = firstlen;
	unsigned char bytes[4] = {(unsigned char)lead};
	for (size_t k = 1; k <= need; k++) {
		int32_t c;
		size_t l = pos < n ? ns_utf8_decode(s + pos, n - pos, &c) : 0;
		int b = l ? cp1252_byte(c) : -1;
		if (b < 0x80 || b > 0xBF) return 0;
		bytes[k] = (unsigned char)b;
		pos += l;
	}
	return ns_utf8_decode(bytes, need + 1, cp) == need + 1 ? pos : 0;
}

/* HTML tags that scraped text carries; sorted for bsearch.  The value says
 * what the tag does to the text: 0 nothing, 1 ends a line, 2 ends a
 * paragraph. */
static const entity tags[] = {
	{"a", 0}, {"abbr", 0}, {"article", 2}, {"aside", 2}, {"b", 0}, {"blockquote", 2}, {"br", 1},
	{"caption", 1}, {"cite", 0}, {"code", 0}, {"dd", 1}, {"div", 1}, {"dl", 1}, {"dt", 1}, {"em", 0},
	{"figcaption", 1}, {"figure", 1}, {"font", 0}, {"footer", 2}, {"h1", 2}, {"h2", 2}, {"h3", 2},
	{"h4", 2}, {"h5", 2}, {"h6", 2}, {"header", 2}, {"hr", 2}, {"i", 0}, {"iframe", 0}, {"img", 0},
	{"li", 1}, {"nav", 2}, {"ol", 1}, {"p", 2}, {"pre", 1}, {"q", 0}, {"s", 0}, {"section", 2},
	{"small", 0}, {"span", 0}, {"strong", 0}, {"sub", 0}, {"sup", 0}, {"table", 2}, {"tbody", 1},
	{"td", 1}, {"th", 1}, {"thead", 1}, {"tr", 1}, {"u", 0}, {"ul", 1},
};

#define NS_TAG_MAX 300 /* longest tag (with attributes) taken as markup */

/* An HTML tag or comment at s ('<' at s[0]) with a known tag name: its
 * length and in *brk what it does (see tags[]); 0 when s is not one. */
static size_t tag_at(const char *s, size_t n, int *brk)
{
	*brk = 0;
	if (n >= 4 && !memcmp(s, "<!--", 4)) {
		for (size_t i = 4; i + 2 < n && i < 4 * NS_TAG_MAX; i++)
			if (!memcmp(s + i, "-->", 3)) return i + 3;
		return 0;
	}
	size_t i = 1;
	if (i < n && s[i] == '/') i++;
	char name[12];
	size_t k = 0;
	while (i < n && k < sizeof(name) - 1 && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z' ? 1 : (s[i] >= '1' && s[i] <= '6' && k))) {
		name[k++] = (char)(s[i] | (s[i] >= 'A' ? 32 : 0));
		i++;
	}
	if (!k || i >= n || !(s[i] == '>' || s[i] == ' ' || s[i] == '/' || s[i] == '\t' || s[i] == '\n')) return 0;
	name[k] = 0;
	const entity *t = bsearch(name, tags, sizeof(tags) / sizeof(tags[0]), sizeof(entity), cmp_entity);
	if (!t) return 0;
	for (; i < n && i < NS_TAG_MAX; i++) {
		if (s[i] == '<') return 0;
		if (s[i] == '>') { *brk = (int)t->cp; return i + 1; }
	}
	return 0;
}

static int ends_sentence(const char *s, size_t n)
{
	while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' || s[n - 1] == ']')) n--;
	if (n >= 3 && ((unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80)) return 1; /* ” ’ … */
	return n && strchr(".!?:;", s[n - 1]) != NULL;
}

static int starts_lower(const char *s, size_t n)
{
	int32_t cp;
	size_t l = n ? ns_utf8_decode((const unsigned char *)s, n, &cp) : 0;
	if (!l) return 0;
	if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

#define NS_WRAP_MIN 60 /* a line this long without a sentence end was wrapped */

/* Undo hard line wraps inside paragraphs: a line is joined to the next
 * (single line break, no blank line) when the next starts in lower case, or
 * when it is long and does not end a sentence.  A word hyphenated across the
 * break ("eco-" + "nomic") is joined without its hyphen. */
static ns_status unwrap(ns_buf *out, ns_buf *tmp)
{
	tmp->len = 0;
	if (ns_buf_reserve(tmp, out->len)) return NS_ERR_NOMEM;
	size_t s = 0, n = out->len;
	const char *p = out->p;
	while (s < n) {
		const char *nl = memchr(p + s, '\n', n - s);
		size_t e = nl ? (size_t)(nl - p) : n;
		ns_buf_put(tmp, p + s, e - s);
		if (e >= n) break;
		size_t next = e + 1;
		if (next < n && p[next] == '\n') { /* a paragraph break stays */
			ns_buf_put(tmp, "\n\n", 2);
			s = next + 1;
			continue;
		}
		{
			size_t ne = next;
			while (ne < n && p[ne] != '\n') ne++;
			int lower = starts_lower(p + next, ne - next);
			size_t ll = e - s;
			if (lower && ll >= 2 && p[e - 1] == '-' && ((p[e - 2] | 32) >= 'a' && (p[e - 2] | 32) <= 'z')) {
				tmp->len--; /* drop the hyphen */
				s = next;
				continue;
			}
			if (lower || (ll >= NS_WRAP_MIN && !ends_sentence(p + s, ll))) {
				ns_buf_put(tmp, " ", 1);
				s = next;
				continue;
			}
		}
		ns_buf_put(tmp, "\n", 1);
		s = next;
	}
	if (tmp->len > out->cap) { if (ns_buf_reserve(out, tmp->len - out->len)) return NS_ERR_NOMEM; }
	memcpy(out->p, tmp->p, tmp->len);
	out->len = tmp->len;
	out->p[out->len] = 0;
	return NS_OK;
}

/* A reusable code point buffer for NFC. */
typedef struct {
	int32_t *p;
	size_t cap;
} u32buf;

#define NS_NFC_FLAGS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

/* Append utf8proc_map(s, NFC) to out through the buffer u (no malloc per
 * call); *fail is set, and nothing appended, where utf8proc reports an
 * error. */
static ns_status nfc_put(ns_buf *out, const char *s, size_t n, u32buf *u, int *fail)
{
	ptrdiff_t r;
	ns_status st = ns_utf8_map(s, n, NS_NFC_FLAGS, &u->p, &u->cap, &r);
	if (st) return st;
	if (r < 0) { *fail = 1; return NS_OK; }
	return ns_buf_put(out, u->p, (size_t)r);
}

/* Append the NFC form of a line with non-ASCII bytes to out.  Only the
 * stretches around non-ASCII characters go through utf8proc: an ASCII
 * character has combining class 0 and is never the second of a canonical
 * composition, so nothing before it is reordered or composed with anything
 * after it, and NFC of the line is NFC of its pieces cut before ASCII
 * characters.  A piece is a run of non-ASCII characters with the ASCII
 * character before it (which may take combining marks); the ASCII between
 * pieces is its own NFC.  Should utf8proc fail on a piece, the whole line
 * goes through it as before. */
static ns_status put_nfc_line(ns_buf *out, const char *line, size_t n, u32buf *u)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t o0 = out->len, i = 0;
	int fail = 0;
	while (i < n && !fail) {
		size_t a = i;
		while (a < n && p[a] < 0x80) a++;
		if (a == n) return ns_buf_put(out, line + i, n - i);
		size_t s = a > i ? a - 1 : a, q = a;
		while (q < n && p[q] >= 0x80) q++;
		if (ns_buf_put(out, line + i, s - i)) return NS_ERR_NOMEM;
		if (nfc_put(out, line + s, q - s, u, &fail)) return NS_ERR_NOMEM;
		i = q;
	}
	if (!fail) return NS_OK;
	out->len = o0;
	out->p[o0] = 0;
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)line, (utf8proc_ssize_t)n, &m, NS_NFC_FLAGS);
	ns_status st = r >= 0 ? ns_buf_put(out, m, (size_t)r) : ns_buf_put(out, line, n);
	free(m);
	return st;
}

/* Append the finished line to out: trimmed, composed to NFC when it has
 * non-ASCII bytes, after a "\n" (or "\n\n" after blank lines). */
static ns_status put_line(ns_buf *out, ns_buf *line, int nonascii, int *blank, int *lines, u32buf *u)
{
	while (line->len && line->p[line->len - 1] == ' ') line->len--;
	if (!line->len) {
		*blank = 1;
		return NS_OK;
	}
	if (*lines && ns_buf_put(out, "\n\n", *blank ? 2 : 1)) return NS_ERR_NOMEM;
	ns_status st = nonascii ? put_nfc_line(out, line->p, line->len, u) : ns_buf_put(out, line->p, line->len);
	*blank = 0;
	(*lines)++;
	line->len = 0;
	return st;
}

/* Printable ASCII that cleaning copies as it is (not '&' or '<', which may
 * start an entity or a tag); a space is copied unless it follows one. */
static inline int plain_byte(unsigned c)
{
	return c - 0x20u < 0x5Fu && c != '&' && c != '<';
}

ns_status ns_clean_text(const char *in, size_t len, ns_buf *out)
{
	const unsigned char *u = (const unsigned char *)in;
	ns_buf line = {0};
	u32buf cps = {0};
	ns_status st = NS_OK;
	out->len = 0;
	if (ns_buf_reserve(out, len) || ns_buf_reserve(&line, 256)) { ns_buf_free(&line); return NS_ERR_NOMEM; }
	out->p[0] = 0;
	int nonascii = 0, blank = 0, lines = 0;
	for (size_t i = 0; i < len && !st;) {
		/* fast path: a run of printable ASCII other than & and < is copied
		 * as it is, runs of spaces made one, no space at a line start */
		if (plain_byte(u[i])) {
			/* room for the rest of the input: a plain run is never longer */
			if (line.cap - line.len < len - i + 1 && ns_buf_reserve(&line, len - i)) { st = NS_ERR_NOMEM; continue; }
			char *o = line.p + line.len, last = line.len ? line.p[line.len - 1] : ' ';
			for (;;) {
#if defined(__SSE2__)
				/* 16 plain bytes with no space after a space are copied as
				 * they are, in one move */
				while (i + 16 <= len) {
					__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
					__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F)));
					ok = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), ok);
					ok = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), ok);
					if (_mm_movemask_epi8(ok) != 0xFFFF) break;
					unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
					if (sp & ((sp << 1) | (last == ' '))) break;
					_mm_storeu_si128((__m128i *)(void *)o, v);
					o += 16;
					i += 16;
					last = (char)u[i - 1];
				}
#endif
				/* byte by byte to the next block, or to the run's end */
				size_t stop = NS_MIN(len, i + 16);
				while (i < stop && plain_byte(u[i])) {
					char c = (char)u[i++];
					if (c == ' ' && last == ' ') continue;
					*o++ = c;
					last = c;
				}
				if (i < stop || i == len || !plain_byte(u[i])) break;
			}
			line.len = (size_t)(o - line.p);
			line.p[line.len] = 0;
			continue;
		}
		int32_t cp;
		size_t l;
		if (u[i] < 0x80) { cp = u[i]; l = 1; }
		else {
			l = ns_utf8_decode(u + i, len - i, &cp);
			if (!l) { cp = 0xFFFD; l = 1; }
			int32_t fixed;
			size_t ml = mojibake_at(u + i, len - i, cp, l, &fixed);
			if (ml) { cp = fixed; l = ml; }
		}
		if (cp == '&') {
			int32_t e;
			size_t el = entity_at(in + i, len - i, &e);
			if (el) { cp = e; l = el; }
		} else if (cp == '<') {
			int brk;
			size_t tl = tag_at(in + i, len - i, &brk);
			if (tl) {
				i += tl;
				/* a block tag ends the line; an inline tag joins like a space
				 * would not, so nothing is added */
				if (brk) { st = put_line(out, &line, nonascii, &blank, &lines, &cps); nonascii = 0; }
				if (brk == 2) blank = lines > 0;
				continue;
			}
		}
		i += l;
		if (cp == '\r' || cp == '\n' || cp == 0x2028 || cp == 0x2029) {
			if (cp == '\r' && i < len && u[i] == '\n') i++;
			st = put_line(out, &line, nonascii, &blank, &lines, &cps);
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
	if (!st) st = put_line(out, &line, nonascii, &blank, &lines, &cps);
	if (!st) st = unwrap(out, &line);
	ns_buf_free(&line);
	free(cps.p);
	if (out->p) out->p[out->len] = 0;
	return st;
}

#define NS_ANCHOR_WORDS 8   /* a long line is known by its first words */

/* Key of a line and, when anchor is not NULL, the hash of its first
 * NS_ANCHOR_WORDS normalised words. */
static uint64_t line_key(const char *line, size_t len, ns_tokens *tok, uint32_t *words, uint64_t *anchor)
{
	*words = 0;
	if (anchor) *anchor = 0;
	/* A pure-ASCII line is keyed without the tokeniser, into its norm
	 * buffer: the same bytes the tokeniser would give, words lower-cased,
	 * each followed by a NUL.  The first non-ASCII byte sends the line to
	 * the tokeniser. */
	if (ns_buf_reserve(&tok->norm, len + 1)) return 0;
	const unsigned char *p = (const unsigned char *)line;
	char *buf = tok->norm.p, *o = buf;
	size_t i = 0, abytes = 0;
	uint32_t w = 0;
	int ascii = 1;
	while (i < len) {
		i += ns_ascii_sep_len(p + i, len - i);
		if (i == len) break;
		if (p[i] >= 0x80) { ascii = 0; break; }
		size_t wl = ns_ascii_word_copy(p + i, len - i, (unsigned char *)o);
		o += wl;
		i += wl;
		*o++ = 0;
		if (++w == NS_ANCHOR_WORDS) abytes = (size_t)(o - buf);
		if (i < len && p[i] >= 0x80) { ascii = 0; break; }
	}
	if (ascii) {
		size_t n = (size_t)(o - buf);
		*words = w;
		if (!w) return 0;
		if (anchor) *anchor = XXH3_64bits(buf, abytes ? abytes : n);
		uint64_t k = XXH3_64bits(buf, n);
		return k ? k : 1;
	}
	if (ns_tokenize(line, len, tok) || tok->n == 0) return 0;
	*words = (uint32_t)tok->n;
	if (anchor) {
		size_t m = tok->n < NS_ANCHOR_WORDS ? tok->n : NS_ANCHOR_WORDS;
		*anchor = XXH3_64bits(tok->norm.p, tok->off[m - 1] + tok->len[m - 1] + 1);
	}
	/* norm holds the tokens NUL-separated: hash that byte string */
	uint64_t k = XXH3_64bits(tok->norm.p, tok->norm.len);
	return k ? k : 1;
}

uint64_t ns_line_key(const char *line, size_t len, ns_tokens *tok, uint32_t *words)
{
	return line_key(line, len, tok, words, NULL);
}

typedef struct {
	uint64_t key, anchor;
	uint64_t after;   /* anchor of the next long line, 0 if none */
	uint32_t words;
	ns_span span;
} line_info;

ns_status ns_line_occs_keys(const char *text, size_t len, uint32_t doc, uint32_t max_words, ns_tokens *tok,
                            ns_line_occ **occ, size_t *n, size_t *cap, uint64_t **keys, size_t *nkeys)
{
	/* Pass 1: every non-blank line's key; long lines also get an anchor,
	 * the hash of their first words, which word edits rarely touch.
	 * Pass 2: each short line's context is the anchors of the nearest long
	 * lines before and after it.  Copies of one story share those anchors,
	 * so a paragraph repeated by syndication has few contexts, while
	 * "Advertisement" or a footer sits next to a different story each time. */
	line_info stack[64], *li = stack;
	size_t nli = 0, licap = 64;
	ns_status st = NS_OK;
	size_t s = 0, k = 0;
	/* The whole text is tokenised once; a line's tokens are the ones that
	 * start inside it (no token crosses a line end) and their normalised
	 * bytes lie together in norm, each with its NUL: the bytes line_key
	 * hashes for the line alone.  Only the first max_words + 1 tokens of a
	 * line are made (at least the anchor's): a line with more is long, its
	 * anchor is all that is used of it, and its key is 0, for no learned
	 * line is that long. */
	size_t quota = NS_MAX((size_t)max_words + 1, (size_t)NS_ANCHOR_WORDS);
	if (ns_tokenize_lines(text, len, quota, tok)) return NS_ERR_NOMEM;
	while (s < len) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e > s) {
			if (nli == licap) {
				line_info *g = malloc(2 * licap * sizeof(*g));
				if (!g) { st = NS_ERR_NOMEM; break; }
				memcpy(g, li, nli * sizeof(*g));
				if (li != stack) free(li);
				li = g;
				licap *= 2;
			}
			line_info *l = &li[nli++];
			size_t a = k;
			while (k < tok->n && tok->src[k] < e) k++;
			l->words = (uint32_t)(k - a);
			l->key = l->anchor = 0;
			if (k > a) {
				const char *b = tok->norm.p + tok->off[a];
				size_t m = NS_MIN(k - a, (size_t)NS_ANCHOR_WORDS);
				l->anchor = XXH3_64bits(b, tok->off[a + m - 1] + tok->len[a + m - 1] + 1 - tok->off[a]);
				if (k - a <= max_words) {
					l->key = XXH3_64bits(b, tok->off[k - 1] + tok->len[k - 1] + 1 - tok->off[a]);
					if (!l->key) l->key = 1;
				}
			}
			l->span.start = (uint32_t)s;
			l->span.len = (uint32_t)(e - s);
		}
		s = e + 1;
	}
	/* the anchor of the next long line after each line, from the end: one
	 * pass, where a search per line was quadratic in a text of short lines */
	uint64_t next = 0;
	for (size_t i = nli; i-- > 0 && !st;) {
		uint64_t a = li[i].words > max_words ? li[i].anchor : 0;
		li[i].after = next;
		if (li[i].words > max_words) next = a;
	}
	uint64_t before = 0;
	for (size_t i = 0; i < nli && !st; i++) {
		if (li[i].words > max_words) { before = li[i].anchor; continue; }
		if (!li[i].key) continue;
		uint64_t after = li[i].after;
		if (ns_grow((void **)occ, cap, *n + 1, sizeof(ns_line_occ))) { st = NS_ERR_NOMEM; break; }
		uint64_t pair[2] = {before, after};
		ns_line_occ *o = &(*occ)[(*n)++];
		o->key = li[i].key;
		o->ctx = XXH3_64bits(pair, sizeof(pair));
		o->doc = doc;
		o->span = li[i].span;
	}
	if (keys && !st) {
		/* every non-blank line's key, for ns_boiler_strip_keys */
		*keys = malloc((nli ? nli : 1) * sizeof(uint64_t));
		if (!*keys) st = NS_ERR_NOMEM;
		for (size_t i = 0; i < nli && !st; i++) (*keys)[i] = li[i].key;
		*nkeys = st ? 0 : nli;
	}
	if (li != stack) free(li);
	return st;
}

ns_status ns_line_occs(const char *text, size_t len, uint32_t doc, uint32_t max_words, ns_tokens *tok,
                       ns_line_occ **occ, size_t *n, size_t *cap)
{
	return ns_line_occs_keys(text, len, doc, max_words, tok, occ, n, cap, NULL, NULL);
}

static int cmp_occ(const void *a, const void *b)
{
	const ns_line_occ *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	if (x->ctx != y->ctx) return x->ctx < y->ctx ? -1 : 1;
	if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
	return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

/* Learn from n occurrences sorted by cmp_occ: append the learned lines to
 * *lines (growable, *cap). */
static ns_status learn_sorted(const ns_line_occ *occ, size_t n, const ns_options *o, ns_boiler_line **lines,
                              size_t *nlines, size_t *cap)
{
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
			if (!d) return NS_ERR_NOMEM;
			for (size_t q = i; q < j; q++) d[q - i] = occ[q].doc;
			/* a line like "Advertisement" has a group of a few hundred
			 * thousand occurrences at a million articles: no insertion sort */
			ns_qsort(d, j - i, sizeof(uint32_t), ns_cmp_u32);
			for (size_t q = 0; q < j - i; q++) if (q == 0 || d[q] != d[q - 1]) docs++;
			free(d);
		}
		if (docs >= o->boiler_min_docs && contexts >= o->boiler_min_contexts) {
			if (ns_grow((void **)lines, cap, *nlines + 1, sizeof(ns_boiler_line))) return NS_ERR_NOMEM;
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

#define NS_OCC_PART 65536   /* aim: occurrences per key partition */
#define NS_OCC_BITS_MAX 16  /* at most 65536 partitions */

/* Partition occ in place by the top `bits` bits of the key (American flag
 * sort: one counting pass, then each occurrence swapped into its
 * partition's next free place); partition p is [start[p], start[p + 1]). */
static void partition_occ(ns_line_occ *occ, size_t n, unsigned bits, size_t *start, size_t *next)
{
	size_t np = (size_t)1 << bits;
	unsigned sh = 64 - bits;
	memset(start, 0, (np + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++) start[(occ[i].key >> sh) + 1]++;
	for (size_t p = 0; p < np; p++) start[p + 1] += start[p];
	memcpy(next, start, np * sizeof(size_t));
	for (size_t p = 0; p < np; p++) {
		while (next[p] < start[p + 1]) {
			ns_line_occ x = occ[next[p]];
			size_t b = (size_t)(x.key >> sh);
			while (b != p) {
				ns_line_occ y = occ[next[b]];
				occ[next[b]++] = x;
				x = y;
				b = (size_t)(x.key >> sh);
			}
			occ[next[p]++] = x;
		}
	}
}

ns_status ns_boiler_learn(ns_line_occ *occ, size_t n, const ns_options *o, ns_boiler_line **lines,
                          size_t *nlines)
{
	*lines = NULL;
	*nlines = 0;
	/* the order is by key first: partitions by the key's top bits, each
	 * sorted and learned on its own (in parallel), give the lines of one
	 * global sort, in the same order, without sorting everything at once */
	unsigned bits = 0;
	while (bits < NS_OCC_BITS_MAX && (n >> bits) > NS_OCC_PART) bits++;
	size_t np = (size_t)1 << bits;
	size_t *start = malloc((np + 1) * sizeof(size_t)), *next = malloc(np * sizeof(size_t));
	ns_boiler_line **pl = calloc(np, sizeof(*pl));
	size_t *pn = calloc(np, sizeof(size_t));
	ns_status st = start && next && pl && pn ? NS_OK : NS_ERR_NOMEM;
	if (!st) {
		if (bits) partition_occ(occ, n, bits, start, next);
		else { start[0] = 0; start[1] = n; }
		int nomem = 0;
#pragma omp parallel for num_threads(ns_threads(o->threads)) schedule(dynamic, 1) reduction(|:nomem)
		for (size_t p = 0; p < np; p++) {
			size_t cap = 0;
			ns_qsort(occ + start[p], start[p + 1] - start[p], sizeof(*occ), cmp_occ);
			if (learn_sorted(occ + start[p], start[p + 1] - start[p], o, &pl[p], &pn[p], &cap)) nomem = 1;
		}
		if (nomem) st = NS_ERR_NOMEM;
	}
	size_t total = 0;
	for (size_t p = 0; pn && p < np; p++) total += pn[p];
	if (!st && total && !(*lines = malloc(total * sizeof(ns_boiler_line)))) st = NS_ERR_NOMEM;
	for (size_t p = 0; !st && p < np; p++) {
		if (pn[p]) memcpy(*lines + *nlines, pl[p], pn[p] * sizeof(ns_boiler_line));
		*nlines += pn[p];
	}
	for (size_t p = 0; pl && p < np; p++) free(pl[p]);
	free(pl);
	free(pn);
	free(start);
	free(next);
	if (st) { free(*lines); *lines = NULL; *nlines = 0; }
	return st;
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

/* The copy loop of ns_boiler_strip, with the key of the j-th non-blank
 * line from keys when it is given, else computed. */
static ns_status strip_lines(const char *text, size_t len, const uint64_t *keys, size_t nkeys,
                             const ns_boiler_line *lines, size_t nlines, ns_tokens *tok, ns_buf *out,
                             uint32_t *removed)
{
	out->len = 0;
	*removed = 0;
	if (ns_buf_reserve(out, len)) return NS_ERR_NOMEM;
	out->p[0] = 0;
	int blank = 0;
	size_t s = 0, j = 0;
	while (s < len) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e == s) {
			blank = 1;
		} else {
			uint32_t w;
			uint64_t k = !nlines ? 0 : keys ? (j < nkeys ? keys[j] : 0) : ns_line_key(text + s, e - s, tok, &w);
			j++;
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

ns_status ns_boiler_strip(const char *text, size_t len, const ns_boiler_line *lines, size_t nlines,
                          ns_tokens *tok, ns_buf *out, uint32_t *removed)
{
	return strip_lines(text, len, NULL, 0, lines, nlines, tok, out, removed);
}

ns_status ns_boiler_strip_keys(const char *text, size_t len, const uint64_t *keys, size_t nkeys,
                               const ns_boiler_line *lines, size_t nlines, ns_buf *out, uint32_t *removed)
{
	return strip_lines(text, len, keys, nkeys, lines, nlines, NULL, out, removed);
}
