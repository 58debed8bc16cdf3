/* newsift — HTML pages to plain text.
 *
 * Detection is a scan from '<' to '<' (memchr) that reads a tag name and
 * looks it up in two short lists: document-level tags decide at once, block
 * tags are counted and two decide, so a stray "a < b" or one <b> in plain
 * text never sends a record through the parser.
 *
 * Conversion parses with libgumbo (the HTML5 tree-construction algorithm,
 * so unclosed and misnested tags are repaired as a browser would) and walks
 * the tree depth-first with an explicit, heap-grown stack of (node, next
 * child) frames: hostile input can nest tens of thousands of elements and
 * the walk must not recurse.  Each element maps through a table indexed by
 * its tag to inline, block, <br>, table cell, <pre> or dropped.  Layout is
 * not written as it is met but owed: a separator level (none < space < line
 * break < paragraph break) is raised by white space, <br> and block edges,
 * and paid, once and at its highest level, just before the next visible
 * byte.  Nothing is paid at the start of the output and an owed separator
 * is forgotten at the end, so lines come out trimmed, there is no leading
 * or trailing blank line and never two blank lines in a row without a
 * second pass.  Text runs between separators are copied with one append.
 * gumbo's own cost grows with the square of the nesting depth, so a cheap
 * scan caps the depth of the input before it is parsed (see depth_guard). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gumbo.h>
#include "internal.h"
#include "html_int.h"
#include "newsift/charset.h"
#include "newsift/html.h"

/* ---- detection ---- */

enum { D_NONE = 0, D_DOC, D_BLOCK };

typedef struct {
	const char *name;
	unsigned char kind;
} tag_name;

/* Sorted by name for bsearch. */
static const tag_name detect_tags[] = {
	{"address", D_BLOCK}, {"article", D_BLOCK}, {"aside", D_BLOCK}, {"blockquote", D_BLOCK},
	{"body", D_DOC}, {"br", D_BLOCK}, {"dd", D_BLOCK}, {"div", D_BLOCK}, {"dl", D_BLOCK},
	{"dt", D_BLOCK}, {"figcaption", D_BLOCK}, {"figure", D_BLOCK}, {"footer", D_BLOCK},
	{"h1", D_BLOCK}, {"h2", D_BLOCK}, {"h3", D_BLOCK}, {"h4", D_BLOCK}, {"h5", D_BLOCK},
	{"h6", D_BLOCK}, {"head", D_DOC}, {"header", D_BLOCK}, {"hr", D_BLOCK}, {"html", D_DOC},
	{"li", D_BLOCK}, {"main", D_BLOCK}, {"nav", D_BLOCK}, {"ol", D_BLOCK}, {"p", D_BLOCK},
	{"pre", D_BLOCK}, {"script", D_DOC}, {"section", D_BLOCK}, {"style", D_DOC},
	{"table", D_BLOCK}, {"tbody", D_BLOCK}, {"td", D_BLOCK}, {"th", D_BLOCK}, {"thead", D_BLOCK},
	{"tr", D_BLOCK}, {"ul", D_BLOCK},
};

static int cmp_tag_name(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const tag_name *)e)->name);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c | 32 : c;
}

static int is_alpha(int c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Does a tag name end at c (a byte after the name)? */
static int name_ends(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '>' || c == '/';
}

int ns_html_detect(const char *s, size_t n)
{
	if (!s) return 0;
	const char *p = s, *end = s + n;
	int blocks = 0;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && *p == '!') {
			static const char dt[] = "doctype";
			size_t k = 0;
			p++;
			while (k < sizeof(dt) - 1 && p + k < end && lower((unsigned char)p[k]) == dt[k]) k++;
			if (k == sizeof(dt) - 1 && p + k < end && name_ends((unsigned char)p[k])) return 1;
			continue;
		}
		int closing = 0;
		if (p < end && *p == '/') { closing = 1; p++; }
		if (p >= end || !is_alpha((unsigned char)*p)) continue;
		char name[12];
		size_t k = 0;
		while (p < end && k < sizeof(name) - 1 && (is_alpha((unsigned char)*p) || (*p >= '0' && *p <= '9')))
			name[k++] = (char)lower((unsigned char)*p++);
		if (p >= end || !name_ends((unsigned char)*p)) continue; /* too long, or not a tag */
		name[k] = 0;
		const tag_name *t = bsearch(name, detect_tags, sizeof(detect_tags) / sizeof(detect_tags[0]),
		                            sizeof(tag_name), cmp_tag_name);
		if (!t) continue;
		if (t->kind == D_DOC && !closing) return 1;
		blocks++;
	}
	if (blocks < 2) return 0;
	/* plain text with a tag or two in it (a scraped "<div>Please enable
	 * JavaScript</div>") keeps its blank-line paragraphs, which a parser
	 * would fold into spaces: markup must carry the structure */
	size_t breaks = 0;
	for (const char *q = s; q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
		const char *r = q + 1;
		while (r < end && (*r == ' ' || *r == '\t' || *r == '\r')) r++;
		if (r < end && *r == '\n') { breaks++; q = r; }
	}
	return (size_t)blocks >= breaks;
}

/* ---- depth guard ---- */

/* gumbo checks element scopes by walking the stack of open elements, so a
 * start tag costs time in proportion to the depth and N nested <div>s cost
 * N^2: 100,000 take seconds, a megabyte of them minutes.  Browsers cap the
 * tree depth (Blink at 512) and gumbo cannot, so the input is capped before
 * it: a scan keeps a rough stack of open elements (tags that close their own
 * kind, like p, li, td or a, and void tags are not counted; an end tag closes
 * its match among the top END_WINDOW entries, else nothing) and, only when it
 * passes DEPTH_LIMIT, a copy is parsed without the start tags opened past the
 * limit and without their end tags.  Their text stays; their layout and any
 * dropping they would cause is lost. */
#define DEPTH_LIMIT 512
#define END_WINDOW 16

enum { G_COUNT = 0, G_FLAT, G_RAW, G_PLAINTEXT };

/* Tags that are not counted, sorted by name for bsearch: void elements and
 * elements that cannot nest in themselves (G_FLAT), and elements whose
 * content is raw text, skipped to their end tag (G_RAW). */
static const tag_name guard_tags[] = {
	{"a", G_FLAT}, {"area", G_FLAT}, {"base", G_FLAT}, {"basefont", G_FLAT}, {"bgsound", G_FLAT},
	{"body", G_FLAT}, {"br", G_FLAT}, {"button", G_FLAT}, {"caption", G_FLAT}, {"col", G_FLAT},
	{"colgroup", G_FLAT}, {"dd", G_FLAT}, {"dt", G_FLAT}, {"embed", G_FLAT}, {"form", G_FLAT},
	{"frame", G_FLAT}, {"head", G_FLAT}, {"hr", G_FLAT}, {"html", G_FLAT}, {"iframe", G_RAW},
	{"image", G_FLAT}, {"img", G_FLAT}, {"input", G_FLAT}, {"keygen", G_FLAT}, {"li", G_FLAT},
	{"link", G_FLAT}, {"meta", G_FLAT}, {"nobr", G_FLAT}, {"noembed", G_RAW}, {"noframes", G_RAW},
	{"optgroup", G_FLAT}, {"option", G_FLAT}, {"p", G_FLAT}, {"param", G_FLAT},
	{"plaintext", G_PLAINTEXT}, {"rb", G_FLAT}, {"rp", G_FLAT}, {"rt", G_FLAT}, {"rtc", G_FLAT},
	{"script", G_RAW}, {"source", G_FLAT}, {"style", G_RAW}, {"tbody", G_FLAT}, {"td", G_FLAT},
	{"textarea", G_RAW}, {"tfoot", G_FLAT}, {"th", G_FLAT}, {"thead", G_FLAT}, {"title", G_RAW},
	{"tr", G_FLAT}, {"track", G_FLAT}, {"wbr", G_FLAT}, {"xmp", G_RAW},
};

typedef struct {
	uint32_t hash;    /* of the lower-case tag name */
	uint32_t dropped; /* opened past the limit: its tags are left out */
} open_tag;

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The end of a tag whose name ended at p: just after its '>' (or end),
 * skipping quoted attribute values; *selfclose when it ends in "/>". */
static const char *tag_end(const char *p, const char *end, int *selfclose)
{
	*selfclose = 0;
	while (p < end) {
		if (*p == '>') {
			*selfclose = p[-1] == '/';
			return p + 1;
		}
		if (*p++ != '=') continue;
		while (p < end && is_space((unsigned char)*p)) p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
			p = q ? q + 1 : end;
		}
	}
	return end;
}

/* Where raw text that an element name[0..k) opened ends: at its "</name"
 * or at end. */
static const char *raw_end(const char *p, const char *end, const char *name, size_t k)
{
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= k + 3 && p[1] == '/' && name_ends((unsigned char)p[k + 2])) {
			size_t i = 0;
			while (i < k && lower((unsigned char)p[2 + i]) == name[i]) i++;
			if (i == k) return p;
		}
		p++;
	}
	return end;
}

/* Without out: 1 when the rough stack of s[0..n) passes DEPTH_LIMIT, else 0.
 * With out: append s to out without the tags opened past the limit and
 * their end tags; 0, or -1 when memory runs out. */
static int depth_guard(const char *s, size_t n, ns_buf *out)
{
	const char *p = s, *end = s + n, *copied = s;
	open_tag *st = NULL;
	size_t sp = 0, cap = 0;
	int rc = 0;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char *lt = p++;
		if (p >= end) break;
		if (*p == '!' || *p == '?') {
			const char *q;
			if (*p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-') {
				/* from p + 1, so that "<!-->" and "<!--->" end at once, as in HTML5 */
				q = memmem(p + 1, (size_t)(end - p - 1), "-->", 3);
				p = q ? q + 3 : end;
			} else {
				q = memchr(p, '>', (size_t)(end - p));
				p = q ? q + 1 : end;
			}
			continue;
		}
		int closing = *p == '/';
		p += closing;
		if (p >= end || !is_alpha((unsigned char)*p)) continue;
		char name[16];
		size_t k = 0;
		uint32_t h = 2166136261u;
		for (; p < end && !name_ends((unsigned char)*p); p++, k++) {
			int c = lower((unsigned char)*p);
			h = (h ^ (uint32_t)c) * 16777619u;
			if (k < sizeof(name)) name[k] = (char)c;
		}
		int kind = G_COUNT;
		if (k < sizeof(name)) {
			name[k] = 0;
			const tag_name *t = bsearch(name, guard_tags, sizeof(guard_tags) / sizeof(guard_tags[0]),
			                            sizeof(tag_name), cmp_tag_name);
			if (t) kind = t->kind;
		}
		int selfclose;
		p = tag_end(p, end, &selfclose);
		if (closing) {
			if (kind != G_COUNT) continue;
			size_t i = sp, lim = sp > END_WINDOW ? sp - END_WINDOW : 0;
			while (i > lim && st[i - 1].hash != h) i--;
			if (i == lim) continue;
			sp = i - 1;
			if (out && st[sp].dropped) {
				if (ns_buf_put(out, copied, (size_t)(lt - copied))) { rc = -1; goto done; }
				copied = p;
			}
			continue;
		}
		if (kind == G_RAW) {
			p = raw_end(p, end, name, k);
			continue;
		}
		if (kind == G_PLAINTEXT) break;
		if (kind == G_FLAT) continue;
		/* "/>" ends only foreign elements (svg, math): not a known HTML name */
		if (selfclose && (k >= sizeof(name) || gumbo_tagn_enum(name, (unsigned)k) == GUMBO_TAG_UNKNOWN)) continue;
		if (!out && sp >= DEPTH_LIMIT) { rc = 1; goto done; }
		if (sp == cap) {
			size_t nc = cap ? 2 * cap : 64;
			open_tag *g = realloc(st, nc * sizeof(*st));
			if (!g) { rc = -1; goto done; }
			st = g;
			cap = nc;
		}
		st[sp].hash = h;
		st[sp].dropped = sp >= DEPTH_LIMIT;
		if (st[sp++].dropped) {
			if (ns_buf_put(out, copied, (size_t)(lt - copied))) { rc = -1; goto done; }
			copied = p;
		}
	}
	if (out && ns_buf_put(out, copied, (size_t)(end - copied))) rc = -1;
done:
	free(st);
	return rc;
}

/* ---- reduction before parsing ---- */

/* gumbo reads every byte through a character-level state machine, some
 * 20 to 25 MB/s, and on a news page most bytes are of no use to a reader:
 * scripts, style sheets, inline SVG drawings, comments, and attributes
 * such as href, src, srcset, data-* or on*.  A scan copies the page
 * without them first, so gumbo parses a third of it or less.  The scan
 * follows the HTML tokenizer where it matters: a tag starts at '<' and a
 * letter (or "</" and a letter), quoted attribute values may hold '>',
 * the content of raw-text elements (script, style, iframe, noembed,
 * noframes, noscript, textarea, xmp) runs to "</name", comments end at
 * "-->" (or "<!-->" at once).  What it keeps: all text, every tag with
 * the attributes that say something about content or metadata (id,
 * class, itemprop, itemtype, role, hidden, aria-hidden, a style that
 * mentions display, lang, name, property, content, charset, http-equiv,
 * datetime, rel, type), <title>'s text and JSON-LD scripts.  A tag whose
 * attributes all stay is copied as written. */

enum { R_DROP = 1, R_KEEP };

/* Sorted for bsearch; the attributes kept. */
static const char *const kept_attrs[] = {
	"aria-hidden", "charset", "class", "content", "datetime", "hidden", "http-equiv", "id",
	"itemprop", "itemtype", "lang", "name", "property", "rel", "role", "style", "type",
};

static int cmp_str(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

/* The raw-text elements whose content goes (R_DROP) or stays (R_KEEP). */
static int raw_kind(const char *name, size_t k)
{
	static const struct { const char *n; unsigned char kind; } raw[] = {
		{"iframe", R_DROP}, {"noembed", R_DROP}, {"noframes", R_DROP}, {"noscript", R_DROP},
		{"script", R_DROP}, {"style", R_DROP}, {"textarea", R_DROP}, {"title", R_KEEP}, {"xmp", R_KEEP},
	};
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
		if (strlen(raw[i].n) == k && !memcmp(raw[i].n, name, k)) return raw[i].kind;
	return 0;
}

static const char *find_ci(const char *p, const char *end, const char *w)
{
	size_t k = strlen(w);
	for (; (size_t)(end - p) >= k; p++) {
		size_t i = 0;
		while (i < k && lower((unsigned char)p[i]) == w[i]) i++;
		if (i == k) return p;
	}
	return NULL;
}

ns_status ns_html_reduce(const char *s, size_t n, ns_buf *out)
{
	out->len = 0;
	if (ns_buf_reserve(out, n / 2 + 16)) return NS_ERR_NOMEM;
	const char *p = s, *end = s + n, *copied = s;
#define FLUSH(upto) do { if (ns_buf_put(out, copied, (size_t)((upto) - copied))) return NS_ERR_NOMEM; } while (0)
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char *lt = p++;
		if (p >= end) break;
		if (*p == '!' || *p == '?') {
			if (*p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-') {
				const char *q = memmem(p + 1, (size_t)(end - p - 1), "-->", 3);
				FLUSH(lt);
				p = copied = q ? q + 3 : end;
			} else if (*p == '?') {
				const char *q = memchr(p, '>', (size_t)(end - p));
				FLUSH(lt);
				p = copied = q ? q + 1 : end;
			} else { /* a doctype (it sets the parsing mode) or a bogus comment: kept */
				const char *q = memchr(p, '>', (size_t)(end - p));
				p = q ? q + 1 : end;
			}
			continue;
		}
		int closing = *p == '/';
		const char *nm = p + closing;
		if (nm >= end || !is_alpha((unsigned char)*nm)) continue;
		char name[16];
		size_t k = 0;
		for (p = nm; p < end && !name_ends((unsigned char)*p); p++, k++)
			if (k < sizeof(name)) name[k] = (char)lower((unsigned char)*p);
		if (k < sizeof(name)) name[k] = 0;
		else name[0] = 0, k = 0;
		if (k == 9 && !memcmp(name, "plaintext", 9) && !closing) break; /* the rest is text */
		/* the attributes: each dropped one ends the verbatim copy */
		int dropped = 0, selfclose = 0;
		size_t tag_at = out->len + (size_t)(lt - copied); /* where the tag starts in out, once copied */
		const char *ldjson = NULL;
		while (p < end) {
			while (p < end && (is_space((unsigned char)*p) || *p == '/')) {
				selfclose = *p == '/';
				p++;
			}
			if (p >= end || *p == '>') break;
			selfclose = 0;
			const char *an = p;
			p++; /* the first character may be '=' */
			while (p < end && !is_space((unsigned char)*p) && *p != '/' && *p != '>' && *p != '=') p++;
			const char *ane = p, *av = NULL, *ave = NULL;
			const char *q = p;
			while (q < end && is_space((unsigned char)*q)) q++;
			if (q < end && *q == '=') {
				q++;
				while (q < end && is_space((unsigned char)*q)) q++;
				if (q < end && (*q == '"' || *q == '\'')) {
					const char *c = memchr(q + 1, *q, (size_t)(end - q - 1));
					av = q + 1;
					ave = c ? c : end;
					p = c ? c + 1 : end;
				} else {
					av = q;
					while (q < end && !is_space((unsigned char)*q) && *q != '>') q++;
					ave = p = q;
				}
			}
			char an_l[16];
			size_t al = (size_t)(ane - an), i;
			int keep = 0;
			if (al < sizeof(an_l)) {
				for (i = 0; i < al; i++) an_l[i] = (char)lower((unsigned char)an[i]);
				an_l[al] = 0;
				keep = bsearch(an_l, kept_attrs, sizeof(kept_attrs) / sizeof(kept_attrs[0]), sizeof(char *),
				               cmp_str) != NULL;
				if (keep && al == 5 && !memcmp(an_l, "style", 5)) keep = av && find_ci(av, ave, "display") != NULL;
				if (al == 4 && !memcmp(an_l, "type", 4) && av && find_ci(av, ave, "ld+json")) ldjson = av;
			}
			if (!keep && !dropped) {
				/* from here on the tag is rewritten: what came before this
				 * attribute as written, then only the kept attributes */
				dropped = 1;
				FLUSH(an);
			}
			if (keep && dropped) {
				if (ns_buf_put(out, " ", 1) || ns_buf_put(out, an, (size_t)(p - an))) return NS_ERR_NOMEM;
			}
		}
		if (p >= end) {
			/* a tag cut by the end of input is no tag (HTML drops it) */
			if (dropped) {
				out->len = tag_at;
				copied = end;
			}
			break;
		}
		const char *gt = p + 1;
		if (dropped) {
			if ((selfclose && ns_buf_put(out, "/", 1)) || ns_buf_put(out, ">", 1)) return NS_ERR_NOMEM;
			copied = gt;
		}
		p = gt;
		if (closing) continue;
		int rk = k ? raw_kind(name, k) : 0;
		if (k == 3 && !memcmp(name, "svg", 3) && !selfclose) {
			/* a drawing: its paths are bytes without text; the element stays, empty */
			const char *e = raw_end(p, end, "svg", 3);
			FLUSH(p);
			p = copied = e;
			continue;
		}
		if (!rk) continue;
		const char *e = raw_end(p, end, name, k);
		if (rk == R_DROP && !ldjson) {
			FLUSH(p);
			copied = e;
		}
		p = e;
	}
	if (ns_buf_put(out, copied, (size_t)(end - copied))) return NS_ERR_NOMEM;
#undef FLUSH
	return NS_OK;
}

/* ---- conversion ---- */

enum { K_INLINE = 0, K_BLOCK, K_BR, K_CELL, K_PRE, K_DROP };

static const unsigned char tag_kind[GUMBO_TAG_LAST + 1] = {
	[GUMBO_TAG_HEAD] = K_DROP, [GUMBO_TAG_TITLE] = K_DROP, [GUMBO_TAG_STYLE] = K_DROP,
	[GUMBO_TAG_SCRIPT] = K_DROP, [GUMBO_TAG_NOSCRIPT] = K_DROP, [GUMBO_TAG_TEMPLATE] = K_DROP,
	[GUMBO_TAG_NAV] = K_DROP, [GUMBO_TAG_ASIDE] = K_DROP, [GUMBO_TAG_FOOTER] = K_DROP,
	[GUMBO_TAG_FORM] = K_DROP, [GUMBO_TAG_IFRAME] = K_DROP, [GUMBO_TAG_SVG] = K_DROP,
	[GUMBO_TAG_BUTTON] = K_DROP, [GUMBO_TAG_SELECT] = K_DROP, [GUMBO_TAG_OBJECT] = K_DROP,
	[GUMBO_TAG_TEXTAREA] = K_DROP, [GUMBO_TAG_VIDEO] = K_DROP, [GUMBO_TAG_AUDIO] = K_DROP,
	[GUMBO_TAG_CANVAS] = K_DROP, [GUMBO_TAG_EMBED] = K_DROP, [GUMBO_TAG_APPLET] = K_DROP,
	[GUMBO_TAG_NOEMBED] = K_DROP, [GUMBO_TAG_NOFRAMES] = K_DROP, [GUMBO_TAG_DATALIST] = K_DROP,

	[GUMBO_TAG_HTML] = K_BLOCK, [GUMBO_TAG_BODY] = K_BLOCK, [GUMBO_TAG_P] = K_BLOCK,
	[GUMBO_TAG_DIV] = K_BLOCK, [GUMBO_TAG_SECTION] = K_BLOCK, [GUMBO_TAG_ARTICLE] = K_BLOCK,
	[GUMBO_TAG_MAIN] = K_BLOCK, [GUMBO_TAG_HEADER] = K_BLOCK, [GUMBO_TAG_HGROUP] = K_BLOCK,
	[GUMBO_TAG_H1] = K_BLOCK, [GUMBO_TAG_H2] = K_BLOCK, [GUMBO_TAG_H3] = K_BLOCK,
	[GUMBO_TAG_H4] = K_BLOCK, [GUMBO_TAG_H5] = K_BLOCK, [GUMBO_TAG_H6] = K_BLOCK,
	[GUMBO_TAG_ADDRESS] = K_BLOCK, [GUMBO_TAG_HR] = K_BLOCK, [GUMBO_TAG_BLOCKQUOTE] = K_BLOCK,
	[GUMBO_TAG_OL] = K_BLOCK, [GUMBO_TAG_UL] = K_BLOCK, [GUMBO_TAG_LI] = K_BLOCK,
	[GUMBO_TAG_DL] = K_BLOCK, [GUMBO_TAG_DT] = K_BLOCK, [GUMBO_TAG_DD] = K_BLOCK,
	[GUMBO_TAG_FIGURE] = K_BLOCK, [GUMBO_TAG_FIGCAPTION] = K_BLOCK, [GUMBO_TAG_TABLE] = K_BLOCK,
	[GUMBO_TAG_CAPTION] = K_BLOCK, [GUMBO_TAG_THEAD] = K_BLOCK, [GUMBO_TAG_TBODY] = K_BLOCK,
	[GUMBO_TAG_TFOOT] = K_BLOCK, [GUMBO_TAG_TR] = K_BLOCK, [GUMBO_TAG_FIELDSET] = K_BLOCK,
	[GUMBO_TAG_LEGEND] = K_BLOCK, [GUMBO_TAG_DETAILS] = K_BLOCK, [GUMBO_TAG_SUMMARY] = K_BLOCK,
	[GUMBO_TAG_MENU] = K_BLOCK, [GUMBO_TAG_DIR] = K_BLOCK, [GUMBO_TAG_CENTER] = K_BLOCK,
	[GUMBO_TAG_FRAMESET] = K_BLOCK, [GUMBO_TAG_FRAME] = K_BLOCK,

	[GUMBO_TAG_PRE] = K_PRE, [GUMBO_TAG_LISTING] = K_PRE, [GUMBO_TAG_XMP] = K_PRE,
	[GUMBO_TAG_PLAINTEXT] = K_PRE,

	[GUMBO_TAG_BR] = K_BR,
	[GUMBO_TAG_TD] = K_CELL, [GUMBO_TAG_TH] = K_CELL,
};

enum { SEP_NONE = 0, SEP_SPACE, SEP_LINE, SEP_PARA };

typedef struct {
	ns_buf *out;
	int sep; /* separator owed before the next visible byte */
	int pre; /* open <pre>-like elements: line ends in text are kept */
} emitter;

static void owe(emitter *e, int sep)
{
	if (sep > e->sep) e->sep = sep;
}

/* Length of the white space character at t[0] (n > 0 bytes available), or
 * 0: HTML's ASCII white space, U+0085, U+00A0, U+1680, U+2000..U+200A,
 * U+2028, U+2029, U+202F, U+205F and U+3000. */
static size_t space_len(const unsigned char *t, size_t n)
{
	unsigned c = t[0];
	if (c < 0x80) return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
	if (c == 0xC2) return n >= 2 && (t[1] == 0xA0 || t[1] == 0x85) ? 2 : 0;
	if (c == 0xE1) return n >= 3 && t[1] == 0x9A && t[2] == 0x80 ? 3 : 0;
	if (c == 0xE2)
		return n >= 3 && ((t[1] == 0x80 && (t[2] <= 0x8A || t[2] == 0xA8 || t[2] == 0xA9 || t[2] == 0xAF)) ||
		                  (t[1] == 0x81 && t[2] == 0x9F)) ? 3 : 0;
	if (c == 0xE3) return n >= 3 && t[1] == 0x80 && t[2] == 0x80 ? 3 : 0;
	return 0;
}

static ns_status emit_text(emitter *e, const char *text, size_t n)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		size_t w = space_len(t + i, n - i);
		if (w) {
			int lines = 0;
			do {
				lines += t[i] == '\n';
				i += w;
			} while (i < n && (w = space_len(t + i, n - i)) != 0);
			/* a blank line is a paragraph break even outside <pre>: scraped
			 * text often mixes plain paragraphs with a little markup */
			owe(e, lines > 1 ? SEP_PARA : e->pre && lines ? SEP_LINE : SEP_SPACE);
			continue;
		}
		size_t j = i + 1;
		/* only bytes up to ' ' and lead bytes from 0xC2 can start white space */
		while (j < n && !((t[j] <= ' ' || t[j] >= 0xC2) && space_len(t + j, n - j))) j++;
		if (e->out->len > 0 && e->sep != SEP_NONE) {
			static const char *const seps[] = {"", " ", "\n", "\n\n"};
			if (ns_buf_put(e->out, seps[e->sep], strlen(seps[e->sep]))) return NS_ERR_NOMEM;
		}
		e->sep = SEP_NONE;
		if (ns_buf_put(e->out, t + i, j - i)) return NS_ERR_NOMEM;
		i = j;
	}
	return NS_OK;
}

/* The text of an element's text children (a <title>), collapsed. */
static ns_status emit_children_text(emitter *e, const GumboNode *node)
{
	const GumboVector *ch = &node->v.element.children;
	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *c = ch->data[i];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA)
			if (emit_text(e, c->v.text.text, strlen(c->v.text.text))) return NS_ERR_NOMEM;
	}
	return NS_OK;
}

static int is_html_tag(const GumboNode *n, GumboTag tag)
{
	return (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) && n->v.element.tag == tag &&
	       n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

/* Does s hold the word w (lower case) at i, case-insensitively? */
static int word_at(const char *s, size_t i, const char *w)
{
	for (size_t k = 0; w[k]; k++)
		if (lower((unsigned char)s[i + k]) != w[k]) return 0; /* stops at s's NUL: w has none */
	return 1;
}

static int css_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int css_ident(char c)
{
	return is_alpha((unsigned char)c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Does an inline style declare display:none? */
static int style_hides(const char *v)
{
	for (size_t i = 0; v[i]; i++) {
		if ((v[i] | 32) != 'd' || (i > 0 && css_ident(v[i - 1])) || !word_at(v, i, "display")) continue;
		size_t j = i + 7;
		while (css_space(v[j])) j++;
		if (v[j] != ':') continue;
		j++;
		while (css_space(v[j])) j++;
		if (word_at(v, j, "none") && !css_ident(v[j + 4])) return 1;
	}
	return 0;
}

static int is_hidden(const GumboElement *el)
{
	const GumboVector *a = &el->attributes;
	for (unsigned i = 0; i < a->length; i++) {
		const GumboAttribute *at = a->data[i];
		const char *name = at->name, *v = at->value;
		if (!strcmp(name, "hidden")) return 1;
		if (!strcmp(name, "aria-hidden")) {
			while (css_space(*v)) v++;
			if (word_at(v, 0, "true") && (!v[4] || css_space(v[4]))) return 1;
		} else if (!strcmp(name, "style") && style_hides(v)) {
			return 1;
		}
	}
	return 0;
}

static int element_kind(const GumboNode *n)
{
	const GumboElement *el = &n->v.element;
	/* by tag alone, whatever the namespace: the content of <svg> is never
	 * reached, and MathML's own tags (mi, mo, ...) are inline */
	int kind = (unsigned)el->tag <= GUMBO_TAG_LAST ? tag_kind[el->tag] : K_INLINE;
	if (kind != K_DROP && el->attributes.length && is_hidden(el)) kind = K_DROP;
	return kind;
}

typedef struct {
	const GumboNode *node;
	unsigned next; /* index of the next child to visit */
	int kind;      /* the node's K_ kind (K_INLINE for the document) */
} frame;

static const GumboVector *children(const GumboNode *n)
{
	return n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
}

/* Leave len = 0 and a NUL in b. */
static ns_status buf_reset(ns_buf *b)
{
	b->len = 0;
	if (ns_buf_reserve(b, 0)) return NS_ERR_NOMEM;
	b->p[0] = 0;
	return NS_OK;
}

static ns_status walk(const GumboNode *root, ns_buf *out, ns_buf *title)
{
	emitter e = {out, SEP_NONE, 0}, te = {title, SEP_NONE, 0};
	int have_title = title == NULL;
	size_t sp = 0, cap = 64;
	frame *st = malloc(cap * sizeof(*st));
	if (!st) return NS_ERR_NOMEM;
	ns_status rc = NS_OK;
	st[sp++] = (frame){root, 0, K_INLINE};
	while (sp > 0) {
		frame *f = &st[sp - 1];
		const GumboVector *ch = children(f->node);
		if (f->next >= ch->length) {
			if (f->kind == K_PRE) e.pre--;
			owe(&e, f->kind == K_CELL ? SEP_SPACE : f->kind == K_INLINE ? SEP_NONE : SEP_PARA);
			sp--;
			continue;
		}
		const GumboNode *c = ch->data[f->next++];
		switch (c->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			if ((rc = emit_text(&e, c->v.text.text, strlen(c->v.text.text))) != NS_OK) goto done;
			break;
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE: {
			int kind = element_kind(c);
			if (kind == K_DROP) {
				if (have_title) break;
				const GumboNode *t = NULL;
				if (is_html_tag(c, GUMBO_TAG_TITLE)) {
					t = c;
				} else if (is_html_tag(c, GUMBO_TAG_HEAD)) {
					const GumboVector *hc = &c->v.element.children;
					for (unsigned i = 0; i < hc->length && !t; i++)
						if (is_html_tag(hc->data[i], GUMBO_TAG_TITLE)) t = hc->data[i];
				}
				if (t) {
					have_title = 1;
					if ((rc = emit_children_text(&te, t)) != NS_OK) goto done;
				}
				break;
			}
			if (kind == K_BR) {
				owe(&e, e.sep >= SEP_LINE ? SEP_PARA : SEP_LINE);
				break;
			}
			if (kind == K_PRE) e.pre++;
			owe(&e, kind == K_CELL ? SEP_SPACE : kind == K_INLINE ? SEP_NONE : SEP_PARA);
			if (sp == cap) {
				frame *g = realloc(st, 2 * cap * sizeof(*st));
				if (!g) { rc = NS_ERR_NOMEM; goto done; }
				st = g;
				cap *= 2;
			}
			st[sp++] = (frame){c, 0, kind};
			break;
		}
		default: /* comments; a document node is only the root */
			break;
		}
	}
done:
	free(st);
	return rc;
}

ns_status ns_html_parse(const char *s, size_t n, ns_html_doc *d)
{
	memset(d, 0, sizeof(*d));
	if (!s) n = 0;
	/* a byte order mark is an encoding signature, not text; gumbo would keep it */
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
	if (ns_html_reduce(s ? s : "", n, &d->reduced)) goto nomem;
	s = d->reduced.p ? d->reduced.p : "";
	n = d->reduced.len;
	if (n > 3 * DEPTH_LIMIT && depth_guard(s, n, NULL)) {
		if (ns_buf_reserve(&d->capped, n) || depth_guard(s, n, &d->capped)) goto nomem;
		s = d->capped.p;
		n = d->capped.len;
	}
	/* Parse errors are not kept: gumbo copies the stack of open elements
	 * into each, which for deep input is quadratic memory. */
	d->opt = kGumboDefaultOptions;
	d->opt.max_errors = 0;
	d->g = gumbo_parse_with_options(&d->opt, s, n);
	if (d->g) return NS_OK;
nomem:
	ns_html_doc_free(d);
	return NS_ERR_NOMEM;
}

void ns_html_doc_free(ns_html_doc *d)
{
	if (d->g) gumbo_destroy_output(&d->opt, d->g);
	d->g = NULL;
	ns_buf_free(&d->reduced);
	ns_buf_free(&d->capped);
}

ns_status ns_html_fix_utf8(ns_buf *b)
{
	/* gumbo re-encodes what it decodes, but a character reference that
	 * fails next to invalid bytes can leave them as they were */
	if (ns_charset_is_utf8(b->p, b->len, NULL)) return NS_OK;
	int bad = 0;
	size_t alloc = 3 * b->len + 1;
	char *o = malloc(alloc);
	if (!o) return NS_ERR_NOMEM;
	size_t n = ns_copy_utf8(o, b->p, b->len, &bad);
	o[n] = 0;
	free(b->p);
	b->p = o;
	b->len = n;
	b->cap = alloc;
	return NS_OK;
}

ns_status ns_html_walk_text(const GumboNode *root, ns_buf *out, ns_buf *title)
{
	if (buf_reset(out) || (title && buf_reset(title))) return NS_ERR_NOMEM;
	return walk(root, out, title);
}

size_t ns_html_space_len(const unsigned char *t, size_t n)
{
	return space_len(t, n);
}

int ns_html_hidden(const GumboElement *el)
{
	return is_hidden(el);
}

ns_status ns_html_text(const char *s, size_t n, ns_buf *out, ns_buf *title)
{
	if (buf_reset(out) || (title && buf_reset(title))) return NS_ERR_NOMEM;
	ns_html_doc d;
	if (ns_html_parse(s, n, &d)) return NS_ERR_NOMEM;
	ns_status rc = walk(d.g->document, out, title);
	ns_html_doc_free(&d);
	if (!rc) rc = ns_html_fix_utf8(out);
	if (!rc && title) rc = ns_html_fix_utf8(title);
	return rc;
}
