/* HTML detection and HTML-to-text conversion. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "newsift/common.h"
#include "newsift/html.h"
#include "check.h"

static int detect(const char *s)
{
	return ns_html_detect(s, strlen(s));
}

static void test_detect(void)
{
	/* plain text, a stray '<', a single inline tag */
	CHECK(!detect(""));
	CHECK(!detect("Shares fell 3% as rates < 2% and x<y in the model; a <b and c> d."));
	CHECK(!detect("x<y"));
	CHECK(!detect("<b>bold</b>"));
	CHECK(!detect("Prices rose.<br>"));                 /* one block tag is not enough */
	CHECK(!detect("<prefix> and <divx> are no tags, <pre> one"));
	CHECK(!detect("end with <p"));                      /* a name cut off by the end is no tag */
	/* documents and structure */
	CHECK(detect("<!DOCTYPE html><title>x</title>"));
	CHECK(detect("<HTML><body>x"));
	CHECK(detect("<body>x"));
	CHECK(detect("Story text.<script src=t.js>"));
	CHECK(!detect("if x<p.y and y<div.z then"));      /* a name must end the tag name */
	CHECK(detect("text <script>var a;</script>"));
	CHECK(detect("<Style type=\"text/css\">p{}</Style>"));
	CHECK(detect("<p>a</p><p>b</p>"));
	CHECK(detect("<P>a</P>"));
	CHECK(detect("line<br/>line<BR>"));
	CHECK(detect("<div class=x>a</div>"));
	CHECK(detect("<h2>T</h2>\n<li>x"));
	/* a length bounds the scan */
	CHECK(!ns_html_detect("<p>a</p><p>b</p>", 5));
	CHECK(!ns_html_detect(NULL, 0));
}

/* Convert in and compare the text (and the title when want_title is not NULL). */
static void text_is(const char *in, const char *want, const char *want_title)
{
	ns_buf out = {0}, title = {0};
	CHECK(ns_html_text(in, strlen(in), &out, want_title ? &title : NULL) == NS_OK);
	CHECK_STR(out.p, want);
	if (want_title) CHECK_STR(title.p, want_title);
	ns_buf_free(&out);
	ns_buf_free(&title);
}

static void test_page(void)
{
	text_is("<html><head><style>body{color:red}</style><script>var tracking = 1;</script><title>T</title></head>"
	        "<body><nav>Home | World</nav><article><h1>Headline</h1><p>First para &amp; more.</p>"
	        "<p>Second<br>line</p></article><aside>Related</aside><footer>(c) 2024</footer>"
	        "<script>x()</script></body></html>",
	        "Headline\n\nFirst para & more.\n\nSecond\nline", "T");
	/* title: collapsed, trimmed; empty without one; a second one ignored */
	text_is("<title>\n  Big   news\t today </title><p>x</p>", "x", "Big news today");
	text_is("<p>x</p>", "x", "");
	text_is("<head><title>A</title></head><body><title>B</title>y</body>", "y", "A");
	text_is("<p>x</p><title>Late</title>", "x", "Late");
	/* a title in an <svg> is a tooltip, not the document's */
	text_is("<svg><title>icon</title></svg><p>z</p>", "z", "");
}

static void test_dropped(void)
{
	text_is("<p>a</p><noscript>Enable JavaScript</noscript><p>b</p>", "a\n\nb", NULL);
	text_is("<p>a</p><form><label>Email</label><input name=e><button>Subscribe</button></form><p>b</p>",
	        "a\n\nb", NULL);
	text_is("<p>a<span hidden>secret</span>b</p>", "ab", NULL);
	text_is("<div aria-hidden=\"TRUE\">icon</div><div aria-hidden=\"false\">seen</div>", "seen", NULL);
	text_is("<p style=\"color:red; Display : none\">gone</p><p style=\"display:none-ish\">kept</p>", "kept", NULL);
	text_is("<template><p>t</p></template><iframe>f</iframe><select><option>o</select>"
	        "<object>obj</object><svg><text>s</text></svg><p>v</p>", "v", NULL);
	text_is("<p>a<!-- comment --> b</p>", "a b", NULL);
}

static void test_layout(void)
{
	/* inline markup adds nothing; white space collapses, entities decode */
	text_is("<p>A <b>bold</b><i>it</i> <a href=x>link</a>\n\t end&nbsp;&nbsp;x&eacute;</p>",
	        "A boldit link end x\xC3\xA9", NULL);
	/* nested blocks and blank text between them: one blank line at most */
	text_is("<div>\n <div><div><p>  one </p></div></div>\n\n<div></div><div><div>two</div></div></div>\n",
	        "one\n\ntwo", NULL);
	text_is("<ul><li>x</li><li>y</li></ul><hr><blockquote>q</blockquote>", "x\n\ny\n\nq", NULL);
	/* br: one is a line break, two a paragraph break, more no more */
	text_is("a<br>b<br><br>c<br> <br> <br><br>d<br>", "a\nb\n\nc\n\nd", NULL);
	/* a table: cells separated by a space, rows apart */
	text_is("<table><tr><th>Name</th><th>Votes</th></tr><tr><td>Ann</td><td> 12 </td></tr></table>",
	        "Name Votes\n\nAnn 12", NULL);
	/* pre keeps its line ends */
	text_is("<pre>line 1\nline 2\n\n\nline 3</pre>", "line 1\nline 2\n\nline 3", NULL);
	/* unclosed and misnested markup is repaired the HTML5 way */
	text_is("<p>one<p>two<b>bo<i>th</b>it</i>", "one\n\ntwobothit", NULL);
	/* a fragment with no markup at all, and only white space */
	text_is("  just text  ", "just text", NULL);
	text_is(" \n\t ", "", NULL);
	text_is("\xEF\xBB\xBF<p>bom</p>", "bom", NULL);
}

static void test_edges(void)
{
	ns_buf out = {0}, title = {0};
	/* empty input: empty, NUL-terminated output, even into a used buffer */
	CHECK(ns_buf_put(&out, "old", 3) == NS_OK);
	CHECK(ns_buf_put(&title, "old", 3) == NS_OK);
	CHECK(ns_html_text("", 0, &out, &title) == NS_OK);
	CHECK(out.len == 0 && out.p && out.p[0] == 0);
	CHECK(title.len == 0 && title.p && title.p[0] == 0);
	CHECK(ns_html_text(NULL, 0, &out, NULL) == NS_OK);
	CHECK(out.len == 0);
	/* the length bounds the input: no read past n */
	CHECK(ns_html_text("<p>abc</p>xyz", 10, &out, NULL) == NS_OK);
	CHECK_STR(out.p, "abc");

	/* invalid UTF-8: no crash, valid output with U+FFFD */
	static const char bad[] = "<p>a\xFF\xFE b\xC3(\xE2\x82 c\xF0\x9F</p><p>\x80\x80 \xC0\xAF</p>";
	CHECK(ns_html_text(bad, sizeof(bad) - 1, &out, &title) == NS_OK);
	CHECK(out.len > 0 && utf8proc_decompose((const utf8proc_uint8_t *)out.p, (utf8proc_ssize_t)out.len,
	                                        NULL, 0, 0) >= 0);
	CHECK(strstr(out.p, "\xEF\xBF\xBD") != NULL);
	CHECK(strstr(out.p, "\n\n") != NULL);
	/* NUL bytes inside the input */
	static const char nul[] = "<p>a\0b</p><p>c</p>";
	CHECK(ns_html_text(nul, sizeof(nul) - 1, &out, NULL) == NS_OK);
	CHECK(out.len >= 4 && !strncmp(out.p, "a", 1) && !strcmp(out.p + out.len - 3, "\n\nc"));

	/* 100,000 nested divs: no stack overflow, the inner text survives */
	size_t depth = 100000;
	ns_buf deep = {0};
	for (size_t i = 0; i < depth; i++)
		if (ns_buf_put(&deep, "<div>", 5)) break;
	CHECK(ns_buf_put(&deep, "deep text", 9) == NS_OK);
	for (size_t i = 0; i < depth; i++)
		if (ns_buf_put(&deep, "</div>", 6)) break;
	CHECK(ns_html_text(deep.p, deep.len, &out, NULL) == NS_OK);
	CHECK_STR(out.p, "deep text");
	/* the same, unclosed and with inline elements in between */
	deep.len = 0;
	for (size_t i = 0; i < depth; i++)
		if (ns_buf_put(&deep, i % 2 ? "<span>" : "<div>", i % 2 ? 6 : 5)) break;
	CHECK(ns_buf_put(&deep, "inner", 5) == NS_OK);
	CHECK(ns_html_text(deep.p, deep.len, &out, NULL) == NS_OK);
	CHECK_STR(out.p, "inner");
	/* past the depth cap, what follows the deep part keeps its structure */
	deep.len = 0;
	for (size_t i = 0; i < 2000; i++)
		if (ns_buf_put(&deep, "<div class=\"a>b\"><!-- <div> -->", 31)) break;
	CHECK(ns_buf_put(&deep, "core<script>if (a<b) s = '<div>';</script>", 42) == NS_OK);
	for (size_t i = 0; i < 2000; i++)
		if (ns_buf_put(&deep, "</div>", 6)) break;
	CHECK(ns_buf_put(&deep, "<p>a</p><nav>menu</nav><p>b</p>", 31) == NS_OK);
	CHECK(ns_html_text(deep.p, deep.len, &out, NULL) == NS_OK);
	CHECK_STR(out.p, "core\n\na\n\nb");
	/* many flat or void tags are no depth: every paragraph and line stays */
	deep.len = 0;
	for (size_t i = 0; i < 3000; i++)
		if (ns_buf_put(&deep, "<p>x<br><img src=a><li>y<a href=b>z</a><td>", 43)) break;
	CHECK(ns_html_text(deep.p, deep.len, &out, NULL) == NS_OK);
	size_t breaks = 0;
	for (size_t i = 0; i + 1 < out.len; i++) breaks += out.p[i] == '\n' && out.p[i + 1] != '\n';
	CHECK_EQ_U(breaks, 2 * 3000 - 1);
	CHECK(!strncmp(out.p, "x\n\nyz\n\nx\n\nyz", 12));
	/* svg drawings close their own elements ("/>") */
	deep.len = 0;
	CHECK(ns_buf_put(&deep, "<div><svg>", 10) == NS_OK);
	for (size_t i = 0; i < 2000; i++)
		if (ns_buf_put(&deep, "<path d=\"M0 0\"/>", 16)) break;
	CHECK(ns_buf_put(&deep, "</svg><div><p>kept</p></div></div><aside>no</aside>", 51) == NS_OK);
	CHECK(ns_html_text(deep.p, deep.len, &out, NULL) == NS_OK);
	CHECK_STR(out.p, "kept");
	ns_buf_free(&deep);

	/* a ~1 MB page converts, with every paragraph */
	ns_buf big = {0};
	CHECK(ns_buf_put(&big, "<html><body>", 12) == NS_OK);
	size_t paras = 0;
	while (big.len < (1u << 20)) {
		if (ns_buf_put(&big, "<p>The council <b>voted</b> on the budget &amp; the plan.</p>\n", 62)) break;
		paras++;
	}
	CHECK(ns_html_text(big.p, big.len, &out, NULL) == NS_OK);
	CHECK_EQ_U(out.len, paras * 43 + (paras - 1) * 2);
	ns_buf_free(&big);

	ns_buf_free(&out);
	ns_buf_free(&title);
}

/* Scraped plain text with a tag or two keeps its paragraphs: it is not
 * taken for a page, and a page's blank-line paragraphs stay paragraphs. */
static void test_plain_with_tags(void)
{
	const char *t = "First paragraph of the story.\n\nSecond paragraph.\n\nThird one.\n\n"
	                "// <div>Please enable Javascript to watch this video</div>";
	CHECK(!ns_html_detect(t, strlen(t)));
	const char *u = "<p>one</p>\n\n<p>two</p>";
	CHECK(ns_html_detect(u, strlen(u)));
	ns_buf out = {0};
	const char *v = "<script>x()</script>Plain first paragraph.\n\nPlain second paragraph.";
	CHECK(ns_html_detect(v, strlen(v)));
	CHECK(ns_html_text(v, strlen(v), &out, NULL) == NS_OK);
	CHECK_STR(out.p, "Plain first paragraph.\n\nPlain second paragraph.");
	ns_buf_free(&out);
}

int main(void)
{
	test_plain_with_tags();
	test_detect();
	test_page();
	test_dropped();
	test_layout();
	test_edges();
	return TEST_DONE();
}
