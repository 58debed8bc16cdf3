/* Article extraction: the body among boilerplate, the page's metadata,
 * the reduction before parsing, and pages that hold no article. */
#include <stdlib.h>
#include <string.h>
#include "newsift/common.h"
#include "newsift/extract.h"
#include "newsift/html.h"
#include "check.h"

static ns_page pg;

static const char *body(const char *html)
{
	CHECK(ns_extract_page(html, strlen(html), NS_EXTRACT_ARTICLE, &pg) == NS_OK);
	return pg.text.p;
}

#define P1 "<p>The river rose to a record level early on Tuesday, and officials said the water would stay high.</p>"
#define P2 "<p>Two shelters opened at the high school, where about 400 people spent the night, the Red Cross said.</p>"
#define P3 "<p>Forecasters expect the water to recede by the weekend, though more rain is due on Thursday.</p>"
#define T1 "The river rose to a record level early on Tuesday, and officials said the water would stay high."
#define T2 "Two shelters opened at the high school, where about 400 people spent the night, the Red Cross said."
#define T3 "Forecasters expect the water to recede by the weekend, though more rain is due on Thursday."

static const char *const nav =
	"<header><nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li><li><a href=/s>Sport, weather and "
	"more sections of the site</a></li></ul></nav></header>";
static const char *const side =
	"<aside class=sidebar><h3>Most read</h3><ul><li><a href=/1>A story about something else, with commas, many, "
	"of them, here</a></li><li><a href=/2>Another story, about another thing, entirely, long enough</a></li></ul>"
	"</aside>";
static const char *const foot = "<footer><p>Copyright 2026 The Courier, all rights reserved, reproduction "
                                "forbidden, terms apply.</p></footer>";

static char *page(const char *head, const char *main_part)
{
	size_t n = strlen(head) + strlen(main_part) + strlen(nav) + strlen(side) + strlen(foot) + 100;
	char *s = malloc(n);
	snprintf(s, n, "<!doctype html><html><head>%s</head><body>%s%s%s%s</body></html>", head, nav, main_part, side,
	         foot);
	return s;
}

static void test_body(void)
{
	/* the article among navigation, a sidebar and a footer */
	char *s = page("", "<main><article><h1>Record crest</h1><div class=byline>By Jane Doe</div>"
	                   "<div class=article-body>" P1 P2 "<h2>Shelters open</h2>" P3 "</div></article></main>");
	CHECK_STR(body(s), T1 "\n\n" T2 "\n\nShelters open\n\n" T3);
	CHECK_EQ_U(pg.from, NS_BODY_HTML);
	CHECK_STR(pg.title.p, "Record crest"); /* the <h1>, when nothing else names the page */
	free(s);
	/* share bars, captions, advertisements, read-more lines and comments go */
	s = page("", "<div id=story><div class=content>" P1 "<div class=ad-slot>Advertisement</div>"
	             "<p>Read more: <a href=/x>The council approves a new flood wall after years of debate</a></p>" P2
	             "<figure><img src=a.jpg><figcaption>Water covers Main Street on Tuesday, as seen from above.</figcaption>"
	             "</figure>" P3 "<div class=share-tools><a>Facebook</a> <a>Twitter</a></div></div>"
	             "<section class=comments><div class=comment><p>This is terrible, I hope everyone is safe, and that "
	             "the council acts, this time, at last, for real.</p></div></section></div>");
	CHECK_STR(body(s), T1 "\n\n" T2 "\n\n" T3);
	free(s);
	/* an article cut in two by an advertisement block: both halves */
	s = page("", "<div><div class=text>" P1 P2 "</div><div class=advert>Sponsored: buy things, now, here</div>"
	             "<div class=text>" P3 "<p>A fourth paragraph, with some more words, commas, and a close.</p></div></div>");
	CHECK_STR(body(s), T1 "\n\n" T2 "\n\n" T3 "\n\nA fourth paragraph, with some more words, commas, and a close.");
	free(s);
	/* paragraphs made with <br><br> in an old table layout */
	s = page("", "<table><tr><td width=150><a href=/a>Home</a><br><a href=/b>Archive</a></td><td><font size=2>"
	             T1 "<br><br>" T2 "<br><br>" T3 "</font></td></tr></table>");
	CHECK_STR(body(s), T1 "\n\n" T2 "\n\n" T3);
	free(s);
	/* lists of the article stay, a list of links does not */
	s = page("", "<article>" P1 "<ul><li>First, the water rises above the gauge, slowly.</li><li>Second, the "
	             "town opens shelters for residents.</li></ul>" P2
	             "<ul><li><a href=/1>Related: a story</a></li><li><a href=/2>Related: another story</a></li></ul>"
	             "</article>");
	CHECK_STR(body(s), T1 "\n\nFirst, the water rises above the gauge, slowly.\n\nSecond, the town opens shelters "
	                   "for residents.\n\n" T2);
	free(s);
	/* hidden elements are not read */
	s = page("", "<article>" P1 "<p hidden>Hidden text that no reader sees, at all, ever.</p>"
	             "<p style='display: none'>Also hidden, by style, from every reader.</p>" P2 "</article>");
	CHECK_STR(body(s), T1 "\n\n" T2);
	free(s);
}

static void test_jsonld(void)
{
	/* a page its scripts fill in: the body is in JSON-LD only */
	const char *s =
		"<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
		"{\"@type\":\"WebSite\",\"name\":\"Courier\"},{\"@type\":\"NewsArticle\",\"headline\":\"Record crest\","
		"\"datePublished\":\"2026-04-07T08:00:00+02:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},"
		"{\"@type\":\"Person\",\"name\":\"Sam Roe\"}],\"inLanguage\":\"en-US\",\"articleBody\":\"" T1 "\\n\\n" T2
		"\\n" T3 "\"}]}</script></head><body><div id=root><p>Loading</p></div></body></html>";
	CHECK_STR(body(s), T1 "\n\n" T2 "\n\n" T3);
	CHECK_EQ_U(pg.from, NS_BODY_JSONLD);
	CHECK_STR(pg.title.p, "Record crest");
	CHECK_STR(pg.date.p, "2026-04-07T08:00:00+02:00");
	CHECK_STR(pg.author.p, "Jane Doe, Sam Roe");
	CHECK_STR(pg.lang.p, "en-us");
	/* with the body in the markup too, the markup's paragraphs win */
	char *m = page("<script type=application/ld+json>{\"@type\":\"Article\",\"articleBody\":\"" T1 " " T2 "\"}</script>",
	               "<article>" P1 P2 "</article>");
	CHECK_STR(body(m), T1 "\n\n" T2);
	CHECK_EQ_U(pg.from, NS_BODY_HTML);
	free(m);
	/* broken JSON is no metadata */
	m = page("<script type=application/ld+json>{\"@type\":\"Article\",\"headline\":</script><title>A title that is "
	         "long enough | Site</title>", "<article>" P1 "</article>");
	CHECK_STR(body(m), T1);
	CHECK_STR(pg.title.p, "A title that is long enough");
	free(m);
}

static void test_meta(void)
{
	char *s = page("<title>The headline of the page | The Courier</title>"
	               "<meta property=og:title content='The headline, as shared'>"
	               "<meta property=article:published_time content=2026-04-07T08:00:00Z>"
	               "<meta name=author content='Jane Doe'><meta property=og:locale content=en_GB>",
	               "<article><h1>The headline</h1>" P1 "</article>");
	body(s);
	CHECK_STR(pg.title.p, "The headline, as shared");
	CHECK_STR(pg.date.p, "2026-04-07T08:00:00Z");
	CHECK_STR(pg.author.p, "Jane Doe");
	CHECK_STR(pg.lang.p, "en-gb");
	free(s);
	/* <html lang> over og:locale; <time datetime>; a rel=author link; the
	 * <title> without its site name; a date that does not parse is none */
	const char *t = "<html lang=DE><head><title>Hochwasser erreicht Rekordstand am Dienstag - Kurier</title>"
	                "<meta property=og:locale content=en_US><meta name=date content='next week'></head><body>"
	                "<article><p class=meta><time datetime=2026-04-07>7. April</time> von <a rel=author "
	                "href=/a>Hans Meier</a></p><p>Der Fluss stieg am Dienstag auf einen Rekordstand, sagten die "
	                "Behörden, und blieb hoch.</p></article></body></html>";
	CHECK_STR(body(t), "Der Fluss stieg am Dienstag auf einen Rekordstand, sagten die Behörden, und blieb hoch.");
	CHECK_STR(pg.lang.p, "de");
	CHECK_STR(pg.date.p, "2026-04-07");
	CHECK_STR(pg.author.p, "Hans Meier");
	CHECK_STR(pg.title.p, "Hochwasser erreicht Rekordstand am Dienstag");
	/* a URL is no author */
	s = page("<meta property=article:author content=https://facebook.com/x>", "<article>" P1 "</article>");
	body(s);
	CHECK_STR(pg.author.p, "");
	free(s);
}

static void test_edges(void)
{
	/* nothing, no body, binary junk, unclosed and misnested tags */
	CHECK_STR(body(""), "");
	CHECK_EQ_U(pg.from, NS_BODY_NONE);
	CHECK_STR(body("<html><head><title>Only a title</title></head><body></body></html>"), "");
	CHECK_STR(pg.title.p, "Only a title");
	const char junk[] = "\x01\x02<p>\xff\xfe text</p>\x00 more";
	CHECK(ns_extract_page(junk, sizeof(junk) - 1, NS_EXTRACT_ARTICLE, &pg) == NS_OK);
	CHECK(strstr(pg.text.p, "\xEF\xBF\xBD") != NULL); /* invalid bytes become U+FFFD */
	CHECK_STR(body("<div><p>Short, but the only text there is, so it stays.<div><b><i>Bold and</b> italic</i>"),
	          "Short, but the only text there is, so it stays.\n\nBold and italic");
	/* no paragraph of 25 characters: all the blocks but boilerplate */
	CHECK_STR(body("<p>Short one.</p><p>Another.</p><nav><a>Menu</a></nav>"), "Short one.\n\nAnother.");
	CHECK_EQ_U(pg.from, NS_BODY_ALL);
	/* deep nesting costs heap, not stack */
	size_t depth = 100000, n = depth * 5 + 200;
	char *deep = malloc(n), *p = deep;
	for (size_t i = 0; i < depth; i++) p += sprintf(p, "<div>");
	p += sprintf(p, "%s", P1);
	*p = 0;
	CHECK_STR(body(deep), T1);
	free(deep);
	/* the text mode is ns_html_text's text */
	char *s = page("<title>T</title>", "<article>" P1 "<div class=share>Share this</div></article>");
	ns_buf ref = {0};
	CHECK(ns_html_text(s, strlen(s), &ref, NULL) == NS_OK);
	CHECK(ns_extract_page(s, strlen(s), NS_EXTRACT_TEXT, &pg) == NS_OK);
	CHECK_STR(pg.text.p, ref.p);
	CHECK(strstr(pg.text.p, "Share this") != NULL);
	CHECK_EQ_U(pg.from, NS_BODY_ALL);
	ns_buf_free(&ref);
	free(s);
}

static void test_reduce(void)
{
	/* what the scan leaves out before parsing does not change the text:
	 * '>' in quoted attributes, comments, raw text with tags in it, a tag
	 * cut by the end, and an attribute kept after one dropped */
	const char *s = "<div data-x='a > b' class=\"article-body\" onclick=\"if(a>b){}\" id=main>"
	                "<!-- <p>commented out</p> --><script>document.write('<p>no</p>')</script>"
	                "<style>p::after{content:'</p>'}</style><svg><text>no</text></svg><noscript><p>no</p></noscript>"
	                "<p title='x>y'>The text of the article, which is long enough to count, stays.</p></div><p";
	CHECK_STR(body(s), "The text of the article, which is long enough to count, stays.");
	ns_buf t = {0};
	CHECK(ns_html_text(s, strlen(s), &t, NULL) == NS_OK);
	CHECK_STR(t.p, "The text of the article, which is long enough to count, stays.");
	ns_buf_free(&t);
}

int main(void)
{
	test_body();
	test_jsonld();
	test_meta();
	test_edges();
	test_reduce();
	ns_page_free(&pg);
	ns_page_free(&pg); /* a zeroed page */
	printf("tests/test_extract.c: %d passed, %d failed\n", ns_t_pass, ns_t_fail);
	return ns_t_fail != 0;
}
