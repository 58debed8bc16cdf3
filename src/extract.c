/* newsift — a web page's article.
 *
 * One walk of the tree (explicit stack, no recursion) numbers the elements
 * in document order, remembers each one's parent and the end of its
 * subtree, and cuts the text into blocks: the text between block-level
 * edges (and between the paragraphs of a run of <br><br>), each owned by
 * the nearest block-level element and counting its characters, the
 * characters inside links and its commas.  The same walk reads the page's
 * metadata (meta tags, JSON-LD, <title>, <time>, <html lang>).
 *
 * The article is then found as Readability finds it: each block of 25
 * characters or more gives a score (1, its commas, a point per 100
 * characters up to 3) to the element that holds it and, divided by 2 and
 * then by 3 times the level, to four more ancestors; an element starts
 * from a weight of its tag (div +5, lists and forms -3, headings -5) and
 * its class and id (+25 for article, content, story, entry, post, body,
 * text; -25 for comment, share, related, sidebar, footer, promo, ...) and
 * its final score is scaled by the share of its text outside links.  The
 * best element is the article; siblings that score near it or are plain
 * paragraphs join it (stories cut in two by an advertisement).  Inside,
 * blocks are kept but those under boilerplate (a class or id that says
 * comment, share, related, newsletter, caption, byline...; header, nav,
 * aside, footer, figcaption, forms' controls), mostly links, the <h1>
 * (the title) and a few fixed lines ("Advertisement").  When the markup
 * holds much less than the page's JSON-LD articleBody (a page its scripts
 * fill in), the articleBody is the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <xxhash.h>
#include "internal.h"
#include "html_int.h"
#include "newsift/extract.h"

#define MIN_PARA 25        /* characters: a block shorter gives no score */
#define ANCESTORS 5        /* levels that a block's score reaches */
#define JSONLD_MAX (1u << 22) /* a JSON-LD script longer is not parsed */
#define HINT_SLOTS 256     /* class and id texts remembered per page (direct-mapped by hash) */

typedef struct {
	const GumboNode *g;
	uint32_t parent, end;         /* document order: parent index, end of the subtree */
	uint32_t chars, link_chars;   /* text of the subtree */
	float score;
	int16_t weight;               /* of its tag, class and id */
	uint8_t junk;                 /* boilerplate by tag or hint: nothing under it is kept */
	uint8_t scored;
	uint8_t other;                /* another item's: a comment, a teaser, related stories (not the article's metadata) */
} xnode;

typedef struct {
	uint32_t node;          /* the block element that holds it */
	uint32_t off, len;      /* its text in the page's text buffer */
	uint32_t chars, link_chars, commas;
	uint8_t head;           /* 1..6: a heading */
	uint8_t endstop;        /* ends like a sentence */
} xblock;

typedef struct {
	xnode *n;
	size_t nn, ncap;
	xblock *b;
	size_t nb, bcap;
	ns_buf text;            /* the blocks' text */
	/* the block being read */
	uint32_t owner;
	uint32_t chars, link_chars, commas;
	size_t start;           /* its first byte in text */
	int sep;                /* separator owed: 0 none, 1 space, 2 line */
	int brs;                /* <br>s in a row */
	int head;
	/* metadata, as found */
	ns_buf m_title, m_og_title, m_tw_title, m_ld_title;
	ns_buf m_date[4];       /* by rank: 0 published_time, 1 JSON-LD, 2 itemprop, 3 other meta */
	ns_buf m_time;          /* the first <time datetime> */
	ns_buf m_author, m_ld_author, m_rel_author;
	ns_buf m_lang, m_ld_lang, m_locale, m_content_lang;
	ns_buf m_body;          /* JSON-LD articleBody */
	uint32_t h1_node;       /* the first <h1> (UINT32_MAX: none) */
	struct { uint64_t key; uint32_t flags; } hints[HINT_SLOTS]; /* hint_flags of class and id texts seen */
	uint32_t *dates, *bylines; /* elements that may state the date or the author in their text */
	size_t ndates, nbylines, dcap, ylcap;
	int nomem;
} xstate;

typedef struct {
	const GumboNode *g;
	unsigned next;
	uint32_t idx;       /* its xnode */
	uint32_t owner;     /* the block element its text belongs to */
	int block;          /* a block-level element: its edges end blocks */
	int link;           /* inside <a> */
	int head;
} xframe;

/* ---- small helpers ---- */

static int lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c | 32 : c;
}

static int eq_ci(const char *a, const char *b)
{
	while (*a && lc((unsigned char)*a) == lc((unsigned char)*b)) a++, b++;
	return !*a && !*b;
}

static const char *attr(const GumboElement *el, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
	return a ? a->value : NULL;
}

/* Set b to s collapsed: runs of white space to one space, trimmed. */
static int put_collapsed(ns_buf *b, const char *s, size_t n)
{
	b->len = 0;
	if (ns_buf_reserve(b, n)) return -1;
	const unsigned char *t = (const unsigned char *)s;
	int space = 0;
	for (size_t i = 0; i < n;) {
		size_t w = ns_html_space_len(t + i, n - i);
		if (w) { space = b->len > 0; i += w; continue; }
		if (space) b->p[b->len++] = ' ';
		space = 0;
		b->p[b->len++] = (char)t[i++];
	}
	b->p[b->len] = 0;
	return 0;
}

static void set_once(xstate *x, ns_buf *b, const char *s)
{
	if (b->len || !s) return;
	if (put_collapsed(b, s, strlen(s))) x->nomem = 1;
}

/* ---- class and id hints ---- */

/* Words that mark content (+) or boilerplate (-), matched inside the class
 * and id, lower-cased.  Short ones match only as a whole part between
 * '-', '_', ' ' (so "ad" is not "header" and "nav" not "canvas"). */
static const char *const pos_sub[] = {"article", "content", "entry", "story", "post", "body", "text", "main",
                                      "blog", "hentry", "page"};
static const char *const neg_sub[] = {"comment", "share", "sharing", "social", "related", "sidebar", "footer",
                                      "promo", "sponsor", "widget", "newsletter", "subscri", "signup", "breadcrumb",
                                      "cookie", "consent", "banner", "masthead", "advert", "outbrain", "taboola",
                                      "recommend", "popup", "modal", "toolbar", "byline", "caption", "paywall",
                                      "disqus", "pagination", "pager", "recirc", "trending", "most-read", "mostread",
                                      "more-stories", "read-more", "readmore", "author", "credit", "skyscraper",
                                      "teaser", "gdpr", "shopping", "footnote", "menu"};
static const char *const neg_part[] = {"ad", "ads", "nav", "meta", "tags", "tag", "hidden", "hid", "header",
                                       "foot", "tools", "tool", "extra", "aside", "related", "promo", "card",
                                       "cards", "links", "date", "time", "dateline", "timestamp", "print", "rss",
                                       "follow", "login", "subscribe", "donate", "sponsored", "list", "rail"};
/* Strong boilerplate: an element inside the article with one of these is
 * dropped whole. */
static const char *const junk_sub[] = {"comment", "share", "sharing", "social", "related", "newsletter", "subscri",
                                       "signup", "sign-up", "breadcrumb", "cookie", "consent", "advert",
                                       "outbrain", "taboola", "recommend", "popup", "modal", "toolbar", "byline",
                                       "caption", "paywall", "disqus", "recirc", "trending", "most-read",
                                       "mostread", "more-stories", "read-more", "readmore", "author", "credit",
                                       "teaser", "gdpr", "promo", "sponsor", "footnote", "pagination", "widget"};
static const char *const junk_part[] = {"ad", "ads", "meta", "tags", "dateline", "timestamp", "date", "time",
                                        "print", "follow", "donate", "sponsored", "rail", "aside", "nav", "sidebar",
                                        "footer", "header", "hidden", "tools", "links", "login", "pullquote",
                                        "pull", "quote"};

static int part_sep(char c)
{
	return c == ' ' || c == '-' || c == '_';
}

static int has_part(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++) {
		if ((i == 0 || part_sep(s[i - 1])) && (i + k == n || part_sep(s[i + k])) && !memcmp(s + i, w, k))
			return 1;
	}
	return 0;
}

static int any_sub(const char *s, const char *const *w, size_t nw)
{
	for (size_t i = 0; i < nw; i++) if (strstr(s, w[i])) return 1;
	return 0;
}

static int any_part(const char *s, size_t n, const char *const *w, size_t nw)
{
	for (size_t i = 0; i < nw; i++) if (has_part(s, n, w[i])) return 1;
	return 0;
}

#define NW(a) (sizeof(a) / sizeof(a[0]))

/* The class and id of el, lower-cased, in buf (cut at its size). */
static size_t hint_text(const GumboElement *el, char *buf, size_t cap)
{
	size_t n = 0;
	const char *v[2] = {attr(el, "class"), attr(el, "id")};
	for (int k = 0; k < 2; k++) {
		if (!v[k]) continue;
		if (n && n + 1 < cap) buf[n++] = ' ';
		for (const char *p = v[k]; *p && n + 1 < cap; p++) buf[n++] = (char)lc((unsigned char)*p);
	}
	buf[n] = 0;
	return n;
}

/* ---- the walk ---- */

enum { T_INLINE = 0, T_BLOCK, T_SKIP, T_BR, T_JUNK_BLOCK };

static int tag_type(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OBJECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
	case GUMBO_TAG_CANVAS: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET: case GUMBO_TAG_NOEMBED:
	case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_DATALIST: case GUMBO_TAG_INPUT: case GUMBO_TAG_OPTION:
	case GUMBO_TAG_HEAD: case GUMBO_TAG_MATH:
		return T_SKIP;
	case GUMBO_TAG_BR:
		return T_BR;
	case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_MENU: case GUMBO_TAG_LEGEND:
		return T_JUNK_BLOCK;
	case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_HGROUP: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_HR: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_LI:
	case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_FIGURE: case GUMBO_TAG_TABLE:
	case GUMBO_TAG_CAPTION: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_DIR: case GUMBO_TAG_CENTER: case GUMBO_TAG_PRE: case GUMBO_TAG_FORM:
	case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_PLAINTEXT:
		return T_BLOCK;
	default:
		return T_INLINE;
	}
}

/* Paragraph-like: its score goes to its parent and up, not to itself. */
static int is_para(GumboTag t)
{
	return t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_LI ||
	       t == GUMBO_TAG_DD || t == GUMBO_TAG_DT || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6);
}

static int tag_weight(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: return 5;
	case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
	case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
	default: return 0;
	}
}

/* End the block being read: its text becomes a block when it has any. */
static void end_block(xstate *x)
{
	if (x->chars) {
		if (x->nb == x->bcap) {
			size_t c = x->bcap ? 2 * x->bcap : 256;
			xblock *g = realloc(x->b, c * sizeof(*g));
			if (!g) { x->nomem = 1; return; }
			x->b = g;
			x->bcap = c;
		}
		const char *t = x->text.p + x->start;
		size_t l = x->text.len - x->start;
		while (l && (t[l - 1] == ' ' || t[l - 1] == '\n')) l--;
		unsigned char last = l ? (unsigned char)t[l - 1] : 0;
		x->b[x->nb++] = (xblock){x->owner, (uint32_t)x->start, (uint32_t)l, x->chars, x->link_chars, x->commas,
		                         (uint8_t)x->head, (uint8_t)(last == '.' || last == '!' || last == '?' ||
		                                                      last == '"' || last == 0x9D /* U+201D */)};
		x->text.len = x->start + l;
	} else {
		x->text.len = x->start;
	}
	x->start = x->text.len;
	x->chars = x->link_chars = x->commas = 0;
	x->sep = 0;
	x->brs = 0;
}

static void add_text(xstate *x, const char *s, size_t n, int link)
{
	const unsigned char *t = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t w = ns_html_space_len(t + i, n - i);
		if (w) {
			int lines = 0;
			do { lines += t[i] == '\n'; i += w; } while (i < n && (w = ns_html_space_len(t + i, n - i)) != 0);
			if (lines > 1) { end_block(x); continue; } /* a blank line in the text: a paragraph of its own */
			if (x->sep < 1) x->sep = 1;
			continue;
		}
		size_t j = i + 1;
		while (j < n && !((t[j] <= ' ' || t[j] >= 0xC2) && ns_html_space_len(t + j, n - j))) j++;
		if (x->chars && x->sep) {
			if (ns_buf_put(&x->text, x->sep == 2 ? "\n" : " ", 1)) { x->nomem = 1; return; }
		}
		x->sep = 0;
		x->brs = 0;
		if (ns_buf_put(&x->text, t + i, j - i)) { x->nomem = 1; return; }
		uint32_t c = 0, commas = 0;
		for (size_t k = i; k < j; k++) {
			c += (t[k] & 0xC0) != 0x80;
			commas += t[k] == ',';
			/* U+3001 and U+FF0C, the CJK commas */
			if (t[k] == 0xE3 && k + 2 < j && t[k + 1] == 0x80 && t[k + 2] == 0x81) commas++;
			if (t[k] == 0xEF && k + 2 < j && t[k + 1] == 0xBC && t[k + 2] == 0x8C) commas++;
		}
		x->chars += c;
		x->commas += commas;
		if (link) x->link_chars += c;
		i = j;
	}
}

static int dup_text(xstate *x, const GumboNode *g, ns_buf *b)
{
	/* the text under g, collapsed (a <title>, an <h1>, a rel=author link) */
	ns_buf t = {0};
	const GumboNode *stack[64];
	unsigned idx[64];
	int sp = 0;
	stack[sp] = g;
	idx[sp++] = 0;
	while (sp) {
		const GumboNode *c = stack[sp - 1];
		const GumboVector *ch = &c->v.element.children;
		if (idx[sp - 1] >= ch->length) { sp--; continue; }
		const GumboNode *k = ch->data[idx[sp - 1]++];
		if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_CDATA) {
			if (ns_buf_put(&t, k->v.text.text, strlen(k->v.text.text)) || ns_buf_put(&t, " ", 1)) goto nomem;
		} else if (k->type == GUMBO_NODE_ELEMENT && sp < 64 && tag_type(k->v.element.tag) != T_SKIP) {
			stack[sp] = k;
			idx[sp++] = 0;
		}
	}
	if (put_collapsed(b, t.p ? t.p : "", t.len)) goto nomem;
	ns_buf_free(&t);
	return 0;
nomem:
	ns_buf_free(&t);
	x->nomem = 1;
	return -1;
}

/* ---- JSON-LD ---- */

static int ld_is_article(json_object *o)
{
	json_object *t;
	if (!json_object_object_get_ex(o, "@type", &t)) return 0;
	static const char *const types[] = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
	                                    "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
	                                    "ReviewNewsArticle", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
	                                    "Report", "WebPage", "SocialMediaPosting", "Blog"};
	size_t nt = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (size_t i = 0; i < nt; i++) {
		json_object *e = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
		if (!json_object_is_type(e, json_type_string)) continue;
		const char *s = json_object_get_string(e);
		for (size_t k = 0; k < NW(types); k++)
			if (!strcmp(s, types[k])) return k < NW(types) - 3 ? 2 : 1; /* an article over a page */
	}
	return 0;
}

static const char *ld_str(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v)) return NULL;
	if (json_object_is_type(v, json_type_string)) return json_object_get_string(v);
	return NULL;
}

static void ld_authors(xstate *x, json_object *a, ns_buf *b)
{
	if (!a || b->len) return;
	size_t n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 1;
	ns_buf t = {0};
	for (size_t i = 0; i < n && i < 8; i++) {
		json_object *e = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : a;
		const char *name = NULL;
		if (json_object_is_type(e, json_type_string)) name = json_object_get_string(e);
		else if (json_object_is_type(e, json_type_object)) name = ld_str(e, "name");
		if (!name || !*name || !strncmp(name, "http", 4)) continue;
		if ((t.len && ns_buf_put(&t, ", ", 2)) || ns_buf_put(&t, name, strlen(name))) { x->nomem = 1; break; }
	}
	if (t.len && put_collapsed(b, t.p, t.len)) x->nomem = 1;
	ns_buf_free(&t);
}

/* The best article object of a JSON-LD value: arrays and @graph searched,
 * an article type over a page type, the first of equals. */
static json_object *ld_find(json_object *o, int depth, int *rank)
{
	if (!o || depth > 4) return NULL;
	json_object *best = NULL;
	*rank = 0;
	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o) && i < 64; i++) {
			int r;
			json_object *f = ld_find(json_object_array_get_idx(o, i), depth + 1, &r);
			if (f && r > *rank) { best = f; *rank = r; }
		}
		return best;
	}
	if (!json_object_is_type(o, json_type_object)) return NULL;
	int r = ld_is_article(o);
	if (r) { best = o; *rank = r; }
	json_object *g;
	if (json_object_object_get_ex(o, "@graph", &g)) {
		int gr;
		json_object *f = ld_find(g, depth + 1, &gr);
		if (f && gr > *rank) { best = f; *rank = gr; }
	}
	return best;
}

static void read_jsonld(xstate *x, const char *s, size_t n)
{
	if (n > JSONLD_MAX || x->m_body.len) return;
	json_tokener *tok = json_tokener_new();
	if (!tok) { x->nomem = 1; return; }
	json_object *o = json_tokener_parse_ex(tok, s, (int)n);
	json_tokener_free(tok);
	if (!o) return;
	int rank;
	json_object *a = ld_find(o, 0, &rank);
	if (a) {
		set_once(x, &x->m_ld_title, ld_str(a, "headline"));
		const char *d = ld_str(a, "datePublished");
		if (d && ns_date_parse(d, strlen(d)) != INT64_MIN) set_once(x, &x->m_date[1], d);
		json_object *au;
		if (json_object_object_get_ex(a, "author", &au)) ld_authors(x, au, &x->m_ld_author);
		set_once(x, &x->m_ld_lang, ld_str(a, "inLanguage"));
		const char *body = ld_str(a, "articleBody");
		if (body && !x->m_body.len && ns_buf_put(&x->m_body, body, strlen(body))) x->nomem = 1;
	}
	json_object_put(o);
}

/* ---- metadata of one element ---- */

static int compact_date(const char *s, char *out);

static void read_meta(xstate *x, const GumboElement *el)
{
	const char *content = attr(el, "content");
	if (!content) return;
	char iso[20];
	if (compact_date(content, iso)) content = iso;
	const char *k = attr(el, "property");
	if (!k) k = attr(el, "name");
	if (!k) k = attr(el, "itemprop");
	const char *he = attr(el, "http-equiv");
	if (he && eq_ci(he, "content-language")) set_once(x, &x->m_content_lang, content);
	if (!k) return;
	if (eq_ci(k, "og:title")) set_once(x, &x->m_og_title, content);
	else if (eq_ci(k, "twitter:title")) set_once(x, &x->m_tw_title, content);
	else if (eq_ci(k, "og:locale")) set_once(x, &x->m_locale, content);
	else if (eq_ci(k, "author") || eq_ci(k, "article:author") || eq_ci(k, "dc.creator") ||
	         eq_ci(k, "parsely-author") || eq_ci(k, "sailthru.author")) {
		if (strncmp(content, "http", 4)) set_once(x, &x->m_author, content);
	} else if (ns_date_parse(content, strlen(content)) != INT64_MIN) {
		if (eq_ci(k, "article:published_time") || eq_ci(k, "og:article:published_time"))
			set_once(x, &x->m_date[0], content);
		else if (eq_ci(k, "datePublished"))
			set_once(x, &x->m_date[2], content);
		else if (eq_ci(k, "date") || eq_ci(k, "pubdate") || eq_ci(k, "publishdate") || eq_ci(k, "publish-date") ||
		         eq_ci(k, "dc.date") || eq_ci(k, "dc.date.issued") || eq_ci(k, "dcterms.created") ||
		         eq_ci(k, "sailthru.date") || eq_ci(k, "parsely-pub-date") || eq_ci(k, "article.published") ||
		         eq_ci(k, "published_time") || eq_ci(k, "publication_date"))
			set_once(x, &x->m_date[3], content);
	}
}

static const char *const other_sub[] = {"comment", "related", "teaser", "recirc", "sidebar", "promo", "card",
                                        "most-read", "mostread", "trending", "recommend", "footer", "reply",
                                        "replies", "bio"};
static const char *const date_sub[] = {"date", "time", "publish", "posted", "dateline", "timestamp", "byline",
                                       "meta"};

static void note_node(xstate *x, uint32_t **v, size_t *n, size_t *cap, uint32_t idx)
{
	if (*n >= 64) return; /* the first ones are the page's */
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		uint32_t *g = realloc(*v, c * sizeof(*g));
		if (!g) { x->nomem = 1; return; }
		*v = g;
		*cap = c;
	}
	(*v)[(*n)++] = idx;
}

enum { H_POS = 1, H_NEG = 2, H_JUNK = 4, H_OTHER = 8, H_DATE = 16, H_BYLINE = 32 };

/* What a class and id text h[0..hn) (lower case) says, as H_* bits. */
static uint32_t hint_flags(const char *h, size_t hn)
{
	uint32_t f = 0;
	if (any_sub(h, pos_sub, NW(pos_sub))) f |= H_POS;
	if (any_sub(h, neg_sub, NW(neg_sub)) || any_part(h, hn, neg_part, NW(neg_part))) f |= H_NEG;
	if (any_sub(h, junk_sub, NW(junk_sub)) || any_part(h, hn, junk_part, NW(junk_part))) f |= H_JUNK;
	if (any_sub(h, other_sub, NW(other_sub))) f |= H_OTHER;
	if (any_sub(h, date_sub, NW(date_sub))) f |= H_DATE;
	if (strstr(h, "byline") || has_part(h, hn, "author") || strstr(h, "author-name") || strstr(h, "authorname"))
		f |= H_BYLINE;
	return f;
}

/* hint_flags, once per distinct text of a page: a menu's hundred items
 * share one class, and matching it against the word lists is most of the
 * walk's own time. */
static uint32_t page_hints(xstate *x, const char *h, size_t hn)
{
	uint64_t key = XXH3_64bits(h, hn) | 1; /* 0: an empty slot */
	size_t slot = (size_t)(key >> 56) % HINT_SLOTS;
	if (x->hints[slot].key != key) {
		x->hints[slot].key = key;
		x->hints[slot].flags = hint_flags(h, hn);
	}
	return x->hints[slot].flags;
}

static uint32_t new_node(xstate *x, const GumboNode *g, uint32_t parent)
{
	if (x->nn == x->ncap) {
		size_t c = x->ncap ? 2 * x->ncap : 512;
		xnode *n = realloc(x->n, c * sizeof(*n));
		if (!n) { x->nomem = 1; return UINT32_MAX; }
		x->n = n;
		x->ncap = c;
	}
	x->n[x->nn] = (xnode){.g = g, .parent = parent};
	return (uint32_t)x->nn++;
}

static void walk(xstate *x, const GumboNode *root)
{
	size_t sp = 0, cap = 64;
	xframe *st = malloc(cap * sizeof(*st));
	if (!st) { x->nomem = 1; return; }
	uint32_t r = new_node(x, root, UINT32_MAX);
	if (r == UINT32_MAX) { free(st); return; }
	x->owner = r;
	st[sp++] = (xframe){root, 0, r, r, 1, 0, 0};
	while (sp > 0 && !x->nomem) {
		xframe *f = &st[sp - 1];
		const GumboVector *ch = f->g->type == GUMBO_NODE_DOCUMENT ? &f->g->v.document.children
		                                                           : &f->g->v.element.children;
		if (f->next >= ch->length) {
			x->n[f->idx].end = (uint32_t)x->nn;
			if (f->block) {
				end_block(x);
				x->owner = sp > 1 ? st[sp - 2].owner : r;
				x->head = sp > 1 ? st[sp - 2].head : 0;
			}
			sp--;
			continue;
		}
		const GumboNode *c = ch->data[f->next++];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
			add_text(x, c->v.text.text, strlen(c->v.text.text), f->link);
			continue;
		}
		if (c->type == GUMBO_NODE_WHITESPACE) {
			add_text(x, c->v.text.text, strlen(c->v.text.text), f->link);
			continue;
		}
		if (c->type != GUMBO_NODE_ELEMENT) continue;
		const GumboElement *el = &c->v.element;
		GumboTag tag = el->tag;
		int type = tag_type(tag);
		if (tag == GUMBO_TAG_HTML) set_once(x, &x->m_lang, attr(el, "lang"));
		if (tag == GUMBO_TAG_META) { read_meta(x, el); continue; }
		if (tag == GUMBO_TAG_TITLE && !x->m_title.len) { dup_text(x, c, &x->m_title); continue; }
		if (tag == GUMBO_TAG_SCRIPT) {
			const char *ty = attr(el, "type");
			if (ty && strstr(ty, "ld+json") && el->children.length == 1) {
				const GumboNode *t = el->children.data[0];
				if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE)
					read_jsonld(x, t->v.text.text, strlen(t->v.text.text));
			}
			continue;
		}
		if (tag == GUMBO_TAG_TIME && !x->m_time.len) {
			const char *d = attr(el, "datetime");
			if (d && ns_date_parse(d, strlen(d)) != INT64_MIN) set_once(x, &x->m_time, d);
		}
		const char *ip = NULL, *rel = NULL; /* read once: the metadata's and the hints' */
		if (el->attributes.length) {
			ip = attr(el, "itemprop");
			rel = attr(el, "rel");
			if (ip && eq_ci(ip, "datePublished")) {
				const char *d = attr(el, "datetime");
				if (!d) d = attr(el, "content");
				if (d && ns_date_parse(d, strlen(d)) != INT64_MIN) set_once(x, &x->m_date[2], d);
			}
			if (rel && tag == GUMBO_TAG_A && eq_ci(rel, "author") && !x->m_rel_author.len)
				dup_text(x, c, &x->m_rel_author);
		}
		if (type == T_SKIP) {
			if (tag == GUMBO_TAG_HEAD) goto descend; /* its meta, title and scripts */
			continue;
		}
		if (type == T_BR) {
			if (++x->brs >= 2) end_block(x);
			else if (x->sep < 2 && x->chars) x->sep = 2;
			continue;
		}
		if (el->attributes.length && ns_html_hidden(el)) continue;
	descend:;
		uint32_t idx = new_node(x, c, f->idx);
		if (idx == UINT32_MAX) break;
		xnode *nd = &x->n[idx];
		int block = type == T_BLOCK || type == T_JUNK_BLOCK;
		nd->weight = (int16_t)tag_weight(tag);
		if (type == T_JUNK_BLOCK || tag == GUMBO_TAG_H1) nd->junk = 1;
		if (tag == GUMBO_TAG_H1 && x->h1_node == UINT32_MAX) x->h1_node = idx;
		nd->other = f->idx != UINT32_MAX && x->n[f->idx].other;
		if (tag == GUMBO_TAG_TIME) note_node(x, &x->dates, &x->ndates, &x->dcap, idx);
		if (el->attributes.length) {
			char h[256];
			size_t hn = hint_text(el, h, sizeof(h));
			uint32_t hf = hn ? page_hints(x, h, hn) : 0;
			if (hf & H_OTHER) nd->other = 1;
			if ((hf & H_DATE) && tag != GUMBO_TAG_TIME) note_node(x, &x->dates, &x->ndates, &x->dcap, idx);
			if ((hf & H_BYLINE) || (ip && eq_ci(ip, "author")) || (rel && eq_ci(rel, "author")))
				note_node(x, &x->bylines, &x->nbylines, &x->ylcap, idx);
			if (hf & H_POS) nd->weight += 25;
			if (hf & H_NEG) nd->weight -= 25;
			if (hf & H_JUNK) nd->junk = 1;
			if (ip && eq_ci(ip, "articleBody")) { nd->weight += 50; nd->junk = 0; }
			const char *role = attr(el, "role");
			if (role && (eq_ci(role, "navigation") || eq_ci(role, "complementary") || eq_ci(role, "banner") ||
			             eq_ci(role, "contentinfo") || eq_ci(role, "menu") || eq_ci(role, "dialog")))
				nd->junk = 1;
			if (role && (eq_ci(role, "main") || eq_ci(role, "article"))) nd->weight += 10;
		}
		if (tag == GUMBO_TAG_ARTICLE) nd->weight += 10;
		if (tag == GUMBO_TAG_MAIN) nd->weight += 5;
		if (sp == cap) {
			xframe *g = realloc(st, 2 * cap * sizeof(*st));
			if (!g) { x->nomem = 1; break; }
			st = g;
			cap *= 2;
			f = &st[sp - 1];
		}
		int head = tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6 ? (int)(tag - GUMBO_TAG_H1) + 1 : f->head;
		if (block) {
			end_block(x);
			x->owner = idx;
			x->head = head;
		}
		st[sp++] = (xframe){c, 0, idx, block ? idx : f->owner, block, f->link || tag == GUMBO_TAG_A, head};
	}
	/* close what a stop left open */
	while (sp > 0) x->n[st[--sp].idx].end = (uint32_t)x->nn;
	end_block(x);
	free(st);
}

/* ---- finding the article ---- */

static int inside(const xstate *x, uint32_t node, uint32_t root)
{
	return node >= root && node < x->n[root].end;
}

static float final_score(const xnode *n)
{
	float ld = n->chars ? (float)n->link_chars / (float)n->chars : 0;
	return n->score * (1 - ld);
}

/* Is the block element a list item or table cell (a menu's entries)? */
static int is_item(const xstate *x, uint32_t node)
{
	const GumboNode *g = x->n[node].g;
	if (g->type != GUMBO_NODE_ELEMENT) return 0;
	GumboTag t = g->v.element.tag;
	return t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_DT || t == GUMBO_TAG_DD;
}

/* Is a block under boilerplate, between it and the article's root? */
static int under_junk(const xstate *x, uint32_t node, uint32_t root)
{
	for (uint32_t i = node; i != UINT32_MAX && i != root; i = x->n[i].parent)
		if (x->n[i].junk) return 1;
	return 0;
}

static int fixed_line(const char *s, size_t n)
{
	static const char *const lines[] = {"advertisement", "advertisements", "advertising", "sponsored",
	                                    "sponsored content", "story continues below advertisement",
	                                    "continue reading", "continue reading below", "share", "share this",
	                                    "share this article", "share this story", "skip advertisement",
	                                    "article continues below", "scroll to continue", "related",
	                                    "related stories", "related articles", "read more", "more stories",
	                                    "recommended", "trending", "most read", "loading...", "loading",
	                                    "print", "email", "comments"};
	if (n > 40) return 0;
	char b[41];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) b[k++] = (char)lc((unsigned char)s[i]);
	while (k && (b[k - 1] == ':' || b[k - 1] == ' ')) k--;
	b[k] = 0;
	for (size_t i = 0; i < NW(lines); i++) if (!strcmp(b, lines[i])) return 1;
	return 0;
}

/* A lead-in of a recommendation: "Read more: <a>...</a>". */
static int lead_in(const char *s, size_t n)
{
	static const char *const leads[] = {"read more:", "read more ", "related:", "see also:", "also read:",
	                                    "read also:", "more:", "recommended:", "watch:", "listen:", "read:",
	                                    "click here", "sign up", "subscribe to", "follow us", "related coverage:"};
	for (size_t i = 0; i < NW(leads); i++) {
		size_t k = strlen(leads[i]);
		if (n >= k) {
			size_t j = 0;
			while (j < k && lc((unsigned char)s[j]) == leads[i][j]) j++;
			if (j == k) return 1;
		}
	}
	return 0;
}

static int keep_block(const xstate *x, const xblock *b, uint32_t root)
{
	const char *s = x->text.p + b->off;
	if (under_junk(x, b->node, root)) return 0;
	/* mostly links: a menu, a teaser, a list of related stories, a
	 * headline; a sentence of the article with many links in it stays */
	if (b->chars && b->link_chars * 2 > b->chars &&
	    (b->chars < 40 || b->chars - b->link_chars < 15 || !b->endstop || b->head || is_item(x, b->node)))
		return 0;
	if (fixed_line(s, b->len)) return 0;
	if (b->chars < 200 && lead_in(s, b->len) && b->link_chars) return 0;
	if (b->chars < 120 && lead_in(s, b->len) && !b->endstop) return 0;
	return 1;
}

static ns_status put_block(ns_buf *out, const char *s, size_t n)
{
	if (out->len && ns_buf_put(out, "\n\n", 2)) return NS_ERR_NOMEM;
	return ns_buf_put(out, s, n);
}

/* Sum each node's own text into its ancestors (children come after their
 * parents in document order, so one backward pass suffices). */
static void sum_text(xstate *x)
{
	for (size_t i = 0; i < x->nb; i++) {
		x->n[x->b[i].node].chars += x->b[i].chars;
		x->n[x->b[i].node].link_chars += x->b[i].link_chars;
	}
	for (size_t i = x->nn; i-- > 1;) {
		xnode *n = &x->n[i];
		if (n->parent == UINT32_MAX) continue;
		x->n[n->parent].chars += n->chars;
		x->n[n->parent].link_chars += n->link_chars;
	}
}

static void score(xstate *x)
{
	for (size_t i = 0; i < x->nb; i++) {
		const xblock *b = &x->b[i];
		if (b->chars < MIN_PARA) continue;
		float s = 1.0f + (float)b->commas + (float)NS_MIN(b->chars / 100, 3u);
		uint32_t a = b->node;
		const GumboNode *g = x->n[a].g;
		if (g->type == GUMBO_NODE_ELEMENT && is_para(g->v.element.tag)) a = x->n[a].parent;
		for (int level = 0; level < ANCESTORS && a != UINT32_MAX; level++, a = x->n[a].parent) {
			xnode *n = &x->n[a];
			if (n->g->type != GUMBO_NODE_ELEMENT) break;
			if (!n->scored) {
				n->scored = 1;
				n->score = n->weight;
			}
			n->score += s / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f);
		}
	}
}

static ns_status take_blocks(xstate *x, uint32_t root, ns_buf *out, int all)
{
	for (size_t i = 0; i < x->nb; i++) {
		const xblock *b = &x->b[i];
		if (!inside(x, b->node, root)) continue;
		if (!all && !keep_block(x, b, root)) continue;
		if (put_block(out, x->text.p + b->off, b->len)) return NS_ERR_NOMEM;
	}
	return NS_OK;
}

static int same_class(const xnode *a, const xnode *b)
{
	const char *ca = attr(&a->g->v.element, "class"), *cb = attr(&b->g->v.element, "class");
	return ca && cb && *ca && !strcmp(ca, cb);
}

static ns_status article(xstate *x, ns_buf *out, int *from)
{
	sum_text(x);
	score(x);
	uint32_t top = UINT32_MAX;
	float best = 0;
	for (size_t i = 0; i < x->nn; i++) {
		if (!x->n[i].scored) continue;
		float f = final_score(&x->n[i]);
		if (top == UINT32_MAX || f > best) { best = f; top = (uint32_t)i; }
	}
	out->len = 0;
	if (top == UINT32_MAX) {
		/* no paragraph anywhere: every visible block but boilerplate */
		for (size_t i = 0; i < x->nb; i++)
			if (keep_block(x, &x->b[i], 0) && put_block(out, x->text.p + x->b[i].off, x->b[i].len))
				return NS_ERR_NOMEM;
		*from = out->len ? NS_BODY_ALL : NS_BODY_NONE;
		return NS_OK;
	}
	/* the siblings that belong with it */
	uint32_t parent = x->n[top].parent;
	float threshold = NS_MAX(10.0f, best * 0.2f);
	if (parent == UINT32_MAX) return take_blocks(x, top, out, 0);
	for (uint32_t s = parent + 1; s < x->n[parent].end; s = x->n[s].end) {
		const xnode *n = &x->n[s];
		int join = s == top;
		if (!join && n->scored && !n->junk) {
			/* a sibling that scores near the article and is prose, not
			 * a column of teasers (a layout table's other cell) */
			int same = same_class(n, &x->n[top]);
			float ld = n->chars ? (float)n->link_chars / (float)n->chars : 0;
			join = final_score(n) + (same ? best * 0.2f : 0) >= threshold && (same || ld < 0.2f);
		}
		if (!join && !n->junk && n->g->type == GUMBO_NODE_ELEMENT && n->g->v.element.tag == GUMBO_TAG_P &&
		    n->chars) {
			float ld = (float)n->link_chars / (float)n->chars;
			join = (n->chars > 80 && ld < 0.25f) || (ld == 0 && n->chars <= 80 && n->end == s + 1);
		}
		if (join && take_blocks(x, s, out, 0)) return NS_ERR_NOMEM;
	}
	*from = out->len ? NS_BODY_HTML : NS_BODY_NONE;
	return NS_OK;
}

/* ---- dates and authors in the text ---- */

/* Month names, English, German, French and Spanish, lower case; index % 12
 * is the month. */
static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
	"december", "januar", "februar", "m\xc3\xa4rz", "april", "mai", "juni", "juli", "august", "september",
	"oktober", "november", "dezember", "janvier", "f\xc3\xa9vrier", "mars", "avril", "mai", "juin", "juillet",
	"ao\xc3\xbbt", "septembre", "octobre", "novembre", "d\xc3\xa9" "cembre", "enero", "febrero", "marzo", "abril",
	"mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "jan", "feb", "mar",
	"apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/* The month a word s[0..n) names (1..12), or 0. */
static int month_of(const char *s, size_t n)
{
	char w[16];
	if (n >= sizeof(w)) return 0;
	for (size_t i = 0; i < n; i++) w[i] = (char)lc((unsigned char)s[i]);
	w[n] = 0;
	if (n == 4 && !strcmp(w, "sept")) return 9;
	for (size_t i = 0; i < NW(months); i++) if (!strcmp(w, months[i])) return (int)(i % 12) + 1;
	return 0;
}

static int num_at(const char *s, size_t n, size_t *i, int maxd)
{
	int v = 0, d = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && d < maxd) v = v * 10 + (s[(*i)++] - '0'), d++;
	return d ? v : -1;
}

static int word_char(unsigned char c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A date written for readers in s[0..n): 2026-03-05, March 5, 2026,
 * Mar. 5 2026, 5 March 2026, 5. März 2026, 5 de marzo de 2026; the first
 * one found, as YYYY-MM-DD in out (11 bytes).  0 when none. */
static int text_date(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i && (word_char((unsigned char)s[i - 1]) || is_digit(s[i - 1]))) continue;
		int y = -1, m = 0, d = -1;
		size_t j = i;
		if (is_digit(s[i])) {
			int a = num_at(s, n, &j, 4);
			if (j - i == 4 && j < n && s[j] == '-') { /* 2026-03-05 */
				size_t k = j + 1;
				int mm = num_at(s, n, &k, 2);
				if (k < n && s[k] == '-') {
					k++;
					int dd = num_at(s, n, &k, 2);
					if (mm >= 1 && dd >= 1) { y = a; m = mm; d = dd; }
				}
			} else if (j - i <= 2) { /* 5 March 2026, 5. März 2026, 5 de marzo de 2026 */
				d = a;
				if (j < n && s[j] == '.') j++;
				while (j < n && s[j] == ' ') j++;
				if (j + 3 < n && !memcmp(s + j, "de ", 3)) j += 3;
				size_t w = j;
				while (j < n && word_char((unsigned char)s[j])) j++;
				m = month_of(s + w, j - w);
				if (j < n && s[j] == '.') j++;
				while (j < n && (s[j] == ' ' || s[j] == ',')) j++;
				if (j + 3 < n && !memcmp(s + j, "de ", 3)) j += 3;
				size_t k = j;
				y = num_at(s, n, &k, 4);
				if (k - j != 4) y = -1;
			}
		} else if (word_char((unsigned char)s[i])) { /* March 5, 2026 */
			while (j < n && word_char((unsigned char)s[j])) j++;
			m = month_of(s + i, j - i);
			if (!m) { i = j - 1; continue; }
			if (j < n && s[j] == '.') j++;
			while (j < n && s[j] == ' ') j++;
			d = num_at(s, n, &j, 2);
			if (j + 1 < n && strchr("snrt", s[j]) && strchr("tdh", s[j + 1])) j += 2; /* 5th, 1st, 2nd, 3rd */
			while (j < n && (s[j] == ',' || s[j] == ' ')) j++;
			size_t k = j;
			y = num_at(s, n, &k, 4);
			if (k - j != 4) y = -1;
		}
		if (y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
			snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
			if (ns_date_parse(out, 10) != INT64_MIN) return 1;
		}
	}
	return 0;
}

/* A date of digits only, YYYYMMDD, YYYYMMDDhhmm or YYYYMMDDhhmmss (as some
 * sites write their meta tags), in ISO form into out (20 bytes); 0 when
 * it is not one. */
static int compact_date(const char *s, char *out)
{
	size_t n = strlen(s);
	if (n != 8 && n != 12 && n != 14) return 0;
	for (size_t i = 0; i < n; i++) if (!is_digit(s[i])) return 0;
	if (memcmp(s, "19", 2) && memcmp(s, "20", 2) && memcmp(s, "21", 2)) return 0;
	if (n == 8) snprintf(out, 20, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	else if (n == 12) snprintf(out, 20, "%.4s-%.2s-%.2sT%.2s:%.2s", s, s + 4, s + 6, s + 8, s + 10);
	else snprintf(out, 20, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", s, s + 4, s + 6, s + 8, s + 10, s + 12);
	return ns_date_parse(out, strlen(out)) != INT64_MIN;
}

static int starts_ci(const char *s, const char *w)
{
	while (*w && lc((unsigned char)*s) == *w) s++, w++;
	return !*w;
}

/* The date the page's own date elements (not a comment's or a teaser's)
 * state in their text; an update's is not the date. */
static void date_from_text(xstate *x, ns_buf *out)
{
	ns_buf t = {0};
	char d[11];
	for (size_t i = 0; i < x->ndates && !out->len && !x->nomem; i++) {
		const xnode *n = &x->n[x->dates[i]];
		if (n->other || dup_text(x, n->g, &t)) continue;
		if (starts_ci(t.p, "updated") || starts_ci(t.p, "last updated") || starts_ci(t.p, "modified") ||
		    starts_ci(t.p, "aktualisiert") || starts_ci(t.p, "mis \xc3\xa0 jour") || starts_ci(t.p, "actualizado"))
			continue;
		if (text_date(t.p, t.len, d) && ns_buf_put(out, d, 10)) x->nomem = 1;
	}
	ns_buf_free(&t);
}

/* The author a byline states: "By Jane Doe, Political Correspondent" is
 * Jane Doe. */
static void author_from_text(xstate *x, ns_buf *out)
{
	ns_buf t = {0};
	static const char *const by[] = {"words by ", "written by ", "reporting by ", "posted by ", "story by ",
	                                 "by ", "von ", "par ", "por ", "de "};
	for (size_t i = 0; i < x->nbylines && !out->len && !x->nomem; i++) {
		const xnode *n = &x->n[x->bylines[i]];
		if (n->other) continue;
		/* a name the markup names: itemprop=name inside */
		const GumboNode *g = n->g;
		for (uint32_t k = x->bylines[i] + 1; k < n->end; k++) {
			const GumboNode *c = x->n[k].g;
			const char *ip = c->type == GUMBO_NODE_ELEMENT ? attr(&c->v.element, "itemprop") : NULL;
			if (ip && eq_ci(ip, "name")) { g = c; break; }
		}
		if (dup_text(x, g, &t)) continue;
		const char *s = t.p;
		for (size_t k = 0; k < NW(by); k++)
			if (starts_ci(s, by[k])) { s += strlen(by[k]); break; }
		size_t l = strlen(s);
		/* the name ends at a comma, a bar, a bracket, a digit, a bullet or a dash */
		for (size_t k = 0; k < l; k++) {
			unsigned char c = (unsigned char)s[k];
			unsigned char c1 = k + 1 < l ? (unsigned char)s[k + 1] : 0, c2 = k + 2 < l ? (unsigned char)s[k + 2] : 0;
			if (c == ',' || c == '|' || c == '(' || is_digit((char)c) ||
			    (c == 0xE2 && c1 == 0x80 && (c2 == 0xA2 || c2 == 0x94 || c2 == 0x93)) || (c == 0xC2 && c1 == 0xB7)) {
				l = k;
				break;
			}
		}
		while (l && s[l - 1] == ' ') l--;
		int words = 1;
		for (size_t k = 0; k < l; k++) words += s[k] == ' ';
		if (l >= 3 && l <= 60 && words <= 6 && ns_buf_put(out, s, l)) x->nomem = 1;
	}
	ns_buf_free(&t);
}

/* ---- the page ---- */

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* JSON-LD articleBody as text: its line ends are paragraph breaks. */
static ns_status body_lines(const ns_buf *b, ns_buf *out)
{
	out->len = 0;
	const char *s = b->p, *end = b->p + b->len;
	ns_buf line = {0};
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		if (put_collapsed(&line, s, (size_t)(e - s)) || (line.len && put_block(out, line.p, line.len))) {
			ns_buf_free(&line);
			return NS_ERR_NOMEM;
		}
		s = e + 1;
	}
	ns_buf_free(&line);
	return NS_OK;
}

static ns_status copy_buf(ns_buf *dst, const ns_buf *src)
{
	dst->len = 0;
	if (ns_buf_reserve(dst, src->len)) return NS_ERR_NOMEM;
	if (src->len) memcpy(dst->p, src->p, src->len);
	dst->len = src->len;
	dst->p[dst->len] = 0;
	return NS_OK;
}

static ns_status reset(ns_buf *b)
{
	b->len = 0;
	if (ns_buf_reserve(b, 0)) return NS_ERR_NOMEM;
	b->p[0] = 0;
	return NS_OK;
}

/* "Headline | Site" and "Headline - Site": the longest part, when the
 * separator leaves one that is clearly the headline. */
static ns_status title_of_tag(const ns_buf *t, ns_buf *out)
{
	static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xBB "};
	const char *s = t->p;
	size_t n = t->len, bs = 0, bl = n;
	for (size_t k = 0; k < NW(seps); k++) {
		const char *p = strstr(s, seps[k]);
		if (!p) continue;
		/* parts split by this separator: keep the longest */
		size_t l = strlen(seps[k]), best_s = 0, best_l = 0;
		const char *q = s;
		while (q) {
			const char *e = strstr(q, seps[k]);
			size_t pl = e ? (size_t)(e - q) : (size_t)(s + n - q);
			if (pl > best_l) { best_l = pl; best_s = (size_t)(q - s); }
			q = e ? e + l : NULL;
		}
		if (best_l >= 15) { bs = best_s; bl = best_l; }
		break;
	}
	out->len = 0;
	if (ns_buf_put(out, s + bs, bl)) return NS_ERR_NOMEM;
	return NS_OK;
}

/* The first of v[0..n) that is not empty: the page's statements, best first. */
static const ns_buf *first_set(const ns_buf *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i]->len) return v[i];
	return NULL;
}

static void lang_norm(ns_buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		b->p[i] = (char)lc((unsigned char)b->p[i]);
		if (b->p[i] == '_') b->p[i] = '-';
	}
}

ns_status ns_extract_page(const char *s, size_t n, ns_extract_mode mode, ns_page *pg)
{
	if (reset(&pg->text) || reset(&pg->title) || reset(&pg->date) || reset(&pg->author) || reset(&pg->lang))
		return NS_ERR_NOMEM;
	pg->from = NS_BODY_NONE;
	ns_html_doc d;
	if (ns_html_parse(s, n, &d)) return NS_ERR_NOMEM;
	xstate x = {0};
	x.h1_node = UINT32_MAX;
	walk(&x, d.g->document);
	ns_status rc = x.nomem ? NS_ERR_NOMEM : NS_OK;
	if (!rc && mode == NS_EXTRACT_TEXT) {
		rc = ns_html_walk_text(d.g->document, &pg->text, NULL);
		pg->from = pg->text.len ? NS_BODY_ALL : NS_BODY_NONE;
	} else if (!rc) {
		rc = article(&x, &pg->text, &pg->from);
		/* a page its scripts fill in: the markup has a fraction of the body */
		if (!rc && x.m_body.len) {
			size_t body = utf8_chars(x.m_body.p, x.m_body.len), got = utf8_chars(pg->text.p, pg->text.len);
			if (got * 2 < body) {
				rc = body_lines(&x.m_body, &pg->text);
				pg->from = NS_BODY_JSONLD;
			}
		}
	}
	if (!pg->text.len) pg->from = NS_BODY_NONE;
	/* title, date, author, language: the page's own statements, best first */
	if (!rc) {
		const ns_buf *t = first_set((const ns_buf *[]){&x.m_og_title, &x.m_ld_title, &x.m_tw_title}, 3);
		if (t) rc = copy_buf(&pg->title, t);
		else if (x.h1_node != UINT32_MAX && !dup_text(&x, x.n[x.h1_node].g, &pg->title) && pg->title.len) rc = NS_OK;
		else if (x.m_title.len) rc = title_of_tag(&x.m_title, &pg->title);
		if (x.nomem) rc = NS_ERR_NOMEM;
	}
	if (!rc) {
		const ns_buf *dt =
			first_set((const ns_buf *[]){&x.m_date[0], &x.m_date[1], &x.m_date[2], &x.m_date[3], &x.m_time}, 5);
		if (dt) rc = copy_buf(&pg->date, dt);
		else date_from_text(&x, &pg->date);
		if (x.nomem) rc = NS_ERR_NOMEM;
	}
	if (!rc) {
		const ns_buf *a = first_set((const ns_buf *[]){&x.m_author, &x.m_ld_author, &x.m_rel_author}, 3);
		if (a) rc = copy_buf(&pg->author, a);
		else author_from_text(&x, &pg->author);
		if (x.nomem) rc = NS_ERR_NOMEM;
	}
	if (!rc) {
		const ns_buf *l = first_set((const ns_buf *[]){&x.m_lang, &x.m_content_lang, &x.m_ld_lang, &x.m_locale}, 4);
		if (l && l->len <= 35 && !(rc = copy_buf(&pg->lang, l))) lang_norm(&pg->lang);
	}
	ns_buf *parts[] = {&pg->text, &pg->title, &pg->date, &pg->author, &pg->lang};
	for (size_t i = 0; i < NW(parts) && !rc; i++) rc = ns_html_fix_utf8(parts[i]);
	free(x.n);
	free(x.b);
	free(x.dates);
	free(x.bylines);
	ns_buf_free(&x.text);
	ns_buf *bufs[] = {&x.m_title, &x.m_og_title, &x.m_tw_title, &x.m_ld_title, &x.m_date[0],
	                  &x.m_date[1], &x.m_date[2], &x.m_date[3], &x.m_time, &x.m_author, &x.m_ld_author,
	                  &x.m_rel_author, &x.m_lang, &x.m_ld_lang, &x.m_locale, &x.m_content_lang, &x.m_body};
	for (size_t i = 0; i < NW(bufs); i++) ns_buf_free(bufs[i]);
	ns_html_doc_free(&d);
	return rc;
}

void ns_page_free(ns_page *pg)
{
	if (!pg) return;
	ns_buf_free(&pg->text);
	ns_buf_free(&pg->title);
	ns_buf_free(&pg->date);
	ns_buf_free(&pg->author);
	ns_buf_free(&pg->lang);
	memset(pg, 0, sizeof(*pg));
}
