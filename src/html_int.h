/* newsift — the HTML stage's parts shared by html.c (pages to visible
 * text) and extract.c (pages to their article); never installed. */
#ifndef NEWSIFT_HTML_INT_H
#define NEWSIFT_HTML_INT_H

#include <gumbo.h>
#include "newsift/common.h"

/* An HTML page s[0..n) without what no reader sees and no extractor
 * needs, into out (replaced; not NUL-terminated): comments, the content
 * of script (but JSON-LD), style, iframe, noscript, noembed, noframes,
 * textarea and svg elements, and the attributes but id, class, itemprop,
 * itemtype, role, hidden, aria-hidden, style (when it mentions display),
 * lang, name, property, content, charset, http-equiv, datetime, rel and
 * type.  Text, tags and their nesting are as written, so an HTML5 parser
 * builds the same tree less what was left out, several times faster.
 * NS_OK or NS_ERR_NOMEM. */
ns_status ns_html_reduce(const char *s, size_t n, ns_buf *out);

/* A parsed page: gumbo's tree and the buffers it was parsed from. */
typedef struct {
	GumboOutput *g;
	GumboOptions opt;
	ns_buf reduced, capped;
} ns_html_doc;

/* Parse s[0..n) (a byte order mark skipped) after ns_html_reduce and the
 * depth cap (html.c).  On NS_OK d->g is the tree; free with
 * ns_html_doc_free.  NS_ERR_NOMEM leaves nothing to free. */
ns_status ns_html_parse(const char *s, size_t n, ns_html_doc *d);
void ns_html_doc_free(ns_html_doc *d);

/* The visible text of the tree under root into out (and <title> into
 * title when not NULL): what ns_html_text gives. */
ns_status ns_html_walk_text(const GumboNode *root, ns_buf *out, ns_buf *title);

/* Replace invalid UTF-8 (and NUL bytes) in b by U+FFFD (dropped); b stays
 * NUL-terminated.  NS_OK or NS_ERR_NOMEM. */
ns_status ns_html_fix_utf8(ns_buf *b);

/* The length of the white space character at t (n > 0 bytes), or 0; the
 * Unicode spaces ns_html_text collapses. */
size_t ns_html_space_len(const unsigned char *t, size_t n);

/* Is the element hidden (hidden, aria-hidden="true", display:none)? */
int ns_html_hidden(const GumboElement *el);

#endif
