/* newsift — a web page's article: its body, title, date, author and
 * language.
 *
 * A crawled news page holds far more than its story: menus, teasers of
 * other stories, share bars, comments, footers.  ns_extract_page finds the
 * article on the HTML5 tree (libgumbo) by what article extractors have
 * found to work: the text and link density of blocks, where the
 * paragraphs gather, semantic tags and schema.org markup, class and id
 * hints; and reads the page's own statements of its title, date, author
 * and language (Open Graph and article meta tags, JSON-LD, <time>, <html
 * lang>).  Reentrant: no globals; any number of threads may extract at
 * once. */
#ifndef NEWSIFT_EXTRACT_H
#define NEWSIFT_EXTRACT_H

#include <stddef.h>
#include "common.h"

/* What to take from a page. */
typedef enum {
	NS_EXTRACT_ARTICLE = 0, /* the article's body: paragraphs, headings, list items, quotes */
	NS_EXTRACT_TEXT = 1     /* all visible text, as ns_html_text gives it */
} ns_extract_mode;

/* A page's parts.  Zero-initialise; each call replaces the contents (every
 * buffer NUL-terminated, "" when the page does not say); ns_page_free
 * releases. */
typedef struct {
	ns_buf text;   /* the body: one paragraph per line, blank lines between */
	ns_buf title;  /* og:title, JSON-LD headline, twitter:title, the article's <h1>, <title> */
	ns_buf date;   /* as written: article:published_time, JSON-LD datePublished, itemprop
	                * datePublished, other date meta tags, the first <time datetime>; only
	                * values ns_date_parse understands */
	ns_buf author; /* meta author, JSON-LD author names (", " between), rel="author" text */
	ns_buf lang;   /* <html lang>, Content-Language, JSON-LD inLanguage, og:locale; lower case */
	int from;      /* where the body came from (NS_BODY_*) */
} ns_page;

enum {
	NS_BODY_NONE = 0,   /* no text found */
	NS_BODY_HTML,       /* the page's markup */
	NS_BODY_JSONLD,     /* JSON-LD articleBody: the markup held much less (a page its scripts fill in) */
	NS_BODY_ALL         /* no article found: all visible text (or NS_EXTRACT_TEXT) */
};

/* Extract from s[0..n), a page in UTF-8 (invalid bytes become U+FFFD),
 * into pg.  NS_OK or NS_ERR_NOMEM (pg then holds partial results).  Never
 * prints; the tree is walked without recursion. */
ns_status ns_extract_page(const char *s, size_t n, ns_extract_mode mode, ns_page *pg);

/* Release what pg holds and zero it; accepts a zeroed page. */
void ns_page_free(ns_page *pg);

#endif
