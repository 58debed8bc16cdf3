/* newsift — HTML pages to plain text.
 *
 * A record whose text is an HTML page or fragment is parsed as HTML5 (with
 * libgumbo, as a browser would, so broken markup is repaired the standard
 * way) and reduced to its visible text: scripts, styles, the head, navigation,
 * asides, footers, forms, embedded objects and hidden elements are dropped;
 * block elements become paragraph breaks, <br> a line break, table cells are
 * separated by a space, inline markup vanishes.  Entities are decoded and
 * white space collapsed, so the result has the shape ns_clean_text() gives.
 * Reentrant: no globals; any number of threads may convert at once. */
#ifndef NEWSIFT_HTML_H
#define NEWSIFT_HTML_H

#include <stddef.h>
#include "common.h"

/* Does s[0..n) look like HTML worth a parser?  A cheap scan, no allocation.
 * True when it holds a document or structural markup: a tag "<html",
 * "<!doctype", "<head", "<body", "<script" or "<style", or at least two tags
 * (opening or closing) of block elements or br: <p>, </p>, <div, <br, <h1>..
 * <h6>, <li, <article, <section, <table, ...), and no fewer of those tags
 * than blank-line paragraph breaks: plain text with a tag or two in it keeps
 * its paragraphs, which a parser would fold.  Case-insensitive.  Plain text
 * with a stray "a < b" or a single "<b>" is not. */
int ns_html_detect(const char *s, size_t n);

/* Parse s[0..n) as HTML5 and replace out's contents with the visible text:
 * - the content of script, style, noscript, template, head (all of it,
 *   <title> included), nav, aside, footer, form, iframe, svg, button, select,
 *   object (and textarea, video, audio, canvas, embed, applet, noembed,
 *   noframes) is dropped, as is any element with the attribute hidden,
 *   aria-hidden="true" or an inline style "display:none";
 * - block elements (p, div, section, article, main, header, h1-h6, li, ul,
 *   ol, table, tr, blockquote, pre, figure, figcaption, dd, dt, dl, address,
 *   hr, ...) make a paragraph break ("\n\n"); <br> a line break ("\n"), two
 *   or more in a row a paragraph break; td and th are separated by a space;
 *   inline elements (a, b, i, span, em, strong, ...) add nothing;
 * - text is entity-decoded; a run of white space (ASCII or Unicode spaces
 *   such as U+00A0) becomes one space, except that line ends inside <pre>
 *   are kept as line breaks and a run with a blank line in it (two line
 *   ends) is a paragraph break anywhere; lines are trimmed, there is no leading or
 *   trailing blank line and never more than one blank line in a row.
 * If title is not NULL, its contents are replaced with the text of the
 * document's <title> (white space collapsed, trimmed; empty when there is
 * none).  out and title are NUL-terminated on return (title may be NULL;
 * out must not).  The output is valid UTF-8: invalid input bytes become
 * U+FFFD.  Returns NS_OK or NS_ERR_NOMEM (out and title then hold partial
 * text).  Never prints.  The tree is walked without recursion, so hostile
 * nesting depth costs heap, not stack. */
ns_status ns_html_text(const char *s, size_t n, ns_buf *out, ns_buf *title);

#endif
