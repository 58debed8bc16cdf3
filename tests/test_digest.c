/* Unit tests of the digest stage on hand-made stories: the most central
 * titled article heads a story (not the first), ties go to the earlier
 * article, a story without titles is headed by its summary's first
 * sentence cut at a word boundary, an untitled article is listed by its
 * first sentence (cut between characters when it has no spaces), the
 * order (articles, then the latest date, then input order), and a
 * single-article story shows its summary when it has one, in all three
 * formats. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "newsift/newsift.h"

typedef struct {
	const char *id, *title, *date, *source, *url, *text;
} rec;

static ns_docs *docs_of(const rec *r, size_t n)
{
	ns_docs *ds;
	if (ns_docs_create(&ds, NULL) != NS_OK) return NULL;
	uint32_t f;
	ns_docs_add_input(ds, "t.jsonl", &f);
	for (size_t i = 0; i < n; i++) {
		const char *vals[NS_NFIELDS] = {r[i].id, r[i].title, r[i].date, r[i].source, r[i].url, r[i].text};
		size_t need = 0;
		for (int k = 0; k < NS_NFIELDS; k++) need += strlen(vals[k]) + 1;
		ns_record x;
		memset(&x, 0, sizeof(x));
		x.buf = calloc(need, 1);
		char *p = x.buf;
		for (int k = 0; k < NS_NFIELDS; k++) {
			size_t l = strlen(vals[k]);
			memcpy(p, vals[k], l);
			x.f[k] = p;
			x.len[k] = (uint32_t)l;
			p += l + 1;
		}
		int64_t t = ns_date_parse(r[i].date, strlen(r[i].date));
		int32_t days = t == INT64_MIN ? INT32_MIN : (int32_t)(t / 86400);
		ns_doc_info info = {(uint64_t)(i + 1), 0, days, 0, 0, 0, 0, t};
		if (ns_docs_append(ds, &info, &x, NULL, NULL, 0) != NS_OK) return NULL;
	}
	return ns_docs_map(ds) == NS_OK ? ds : NULL;
}

/* Render d as fmt into a NUL-terminated malloc'd string. */
static char *render(const ns_digest *d, const ns_docs *ds, ns_digest_format fmt)
{
	ns_buf b = {0};
	if (ns_digest_render(d, ds, fmt, &b, NULL, NULL) != NS_OK) return NULL;
	ns_buf_put(&b, "", 1);
	return b.p;
}

static const char *text_of(ns_digest_text t, char *out, size_t cap)
{
	snprintf(out, cap, "%.*s%s", (int)t.len, t.p, t.cut ? "…" : "");
	return out;
}

int main(void)
{
	static const rec r[] = {
		/* story A (0, 1, 2): the first is an aside, the second covers what all share */
		{"a1", "Cafés stay open", "2026-03-02", "Side", "", "Cafés near the harbour stayed open while crews worked on the quay."},
		{"a2", "Fire destroys harbour warehouse", "2026-03-01", "Courier", "https://c.example/a2",
		 "A fire destroyed the harbour warehouse. Firefighters fought the warehouse fire at the harbour all night."},
		{"a3", "Warehouse fire at harbour", "2026-03-01", "Wire", "",
		 "The harbour warehouse fire started in a hall. Firefighters fought the fire."},
		/* story B (3, 4): no titles */
		{"b1", "", "2026-02-10", "Daily", "",
		 "The old stone bridge over the river collapsed early on Tuesday after days of heavy rain in the valley. More text."},
		{"b2", "", "2026-02-11", "Post", "", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五。"},
		/* story C (5, 6): two equal articles: the tie goes to the first */
		{"c1", "Same words here", "2026-01-01", "X", "", "same words here"},
		{"c2", "Here same words", "2026-01-01", "Y", "", "same words here"},
		/* singles (7, 8): the untitled one has a summary (a lead summary) */
		{"s1", "", "2026-01-09", "Lone", "javascript:alert(1)", "Volunteers counted swans on the lake. The count is held every year."},
		{"s2", "Quiz night", "2026-01-08", "Parish", "", "The parish quiz night raised money for the roof."},
	};
	size_t n = sizeof(r) / sizeof(r[0]);
	ns_docs *ds = docs_of(r, n);
	CHECK(ds != NULL);
	if (!ds) return TEST_DONE();

	uint8_t status[9];
	uint32_t group[9], label[9];
	memset(status, NS_KEPT, sizeof(status));
	for (uint32_t i = 0; i < n; i++) group[i] = i;
	ns_dedup dd;
	memset(&dd, 0, sizeof(dd));
	dd.n = n;
	dd.status = status;
	dd.group = group;
	uint32_t ma[] = {0, 1, 2}, mb[] = {3, 4}, mc[] = {5, 6}, m7[] = {7}, m8[] = {8};
	ns_story list[] = {{0, ma, 3, ma, 3}, {3, mb, 2, mb, 2}, {5, mc, 2, mc, 2}, {7, m7, 1, m7, 1}, {8, m8, 1, m8, 1}};
	for (uint32_t k = 0; k < 5; k++)
		for (uint32_t i = 0; i < list[k].nmembers; i++) label[list[k].members[i]] = list[k].story;
	ns_story_set ss;
	memset(&ss, 0, sizeof(ss));
	ss.n = n;
	ss.label = label;
	ss.list = list;
	ss.nlist = 5;
	/* summaries: story B b1's first sentence, then the start of b2's; single s1 its first sentence */
	ns_sum_sent sb[] = {{0, 0, {0, 102}}, {1, 0, {0, 9}}};
	ns_sum_sent s7[] = {{0, 0, {0, 37}}};
	ns_sum_sent *sent[] = {NULL, sb, NULL, s7, NULL};
	size_t nsent[] = {0, 2, 0, 1, 0};
	ns_summaries sm = {sent, nsent, 5, 2};

	ns_options o;
	ns_options_init(&o);
	ns_ctx c;
	ns_ctx_init(&c, &o, NULL, NULL);
	ns_digest_counts counts = {9, 9, 0, 0, 0, 0, 5, 3};
	ns_digest d;
	CHECK(ns_digest_build(&c, ds, &dd, &ss, &sm, NULL, &counts, &d) == NS_OK);
	char t[256];
	CHECK_EQ_U(d.nstories, 5);
	CHECK_EQ_U(d.nmulti, 3);
	CHECK_EQ_U(d.singles, 2);
	/* order: A (3 articles), then B (latest 02-11) before C (01-01); singles newest first */
	CHECK_EQ_U(d.stories[0].story, 0);
	CHECK_EQ_U(d.stories[1].story, 1);
	CHECK_EQ_U(d.stories[2].story, 2);
	CHECK_EQ_U(d.stories[3].story, 3);
	CHECK_EQ_U(d.stories[4].story, 4);
	/* A: the second article is the most central */
	CHECK(d.stories[0].head_from == NS_HEAD_TITLE);
	CHECK_EQ_U(d.stories[0].central, 1);
	CHECK_STR(text_of(d.stories[0].headline, t, sizeof(t)), "Fire destroys harbour warehouse");
	CHECK_EQ_U(d.stories[0].first_date, 1);
	CHECK_EQ_U(d.stories[0].last_date, 0);
	CHECK_EQ_U(d.stories[0].nsources, 3);
	/* B: headline from the summary's first sentence, 12 words and "…" */
	CHECK(d.stories[1].head_from == NS_HEAD_SUMMARY);
	CHECK_STR(text_of(d.stories[1].headline, t, sizeof(t)),
	          "The old stone bridge over the river collapsed early on Tuesday after…");
	CHECK_STR(text_of(d.stories[1].articles[0].list, t, sizeof(t)),
	          "The old stone bridge over the river collapsed early on Tuesday after…");
	CHECK(!d.stories[1].articles[0].titled);
	/* a first sentence without spaces: cut between characters, at most 90 bytes */
	CHECK(d.stories[1].articles[1].list.cut);
	CHECK_EQ_U(d.stories[1].articles[1].list.len, 90);
	/* C: a tie goes to the earlier article */
	CHECK_EQ_U(d.stories[2].central, 0);
	CHECK_STR(text_of(d.stories[2].headline, t, sizeof(t)), "Same words here");
	/* the untitled single with a summary */
	CHECK(d.stories[3].single && d.stories[3].head_from == NS_HEAD_SUMMARY);
	CHECK_STR(text_of(d.stories[3].headline, t, sizeof(t)), "Volunteers counted swans on the lake.");
	CHECK_EQ_U(d.stories[3].nsummary, 1);

	char *md = render(&d, ds, NS_DIGEST_MD), *html = render(&d, ds, NS_DIGEST_HTML), *js = render(&d, ds, NS_DIGEST_JSON);
	CHECK(md && html && js);
	if (md && html && js) {
		CHECK(strstr(md, "## 1. Fire destroys harbour warehouse\n") != NULL);
		CHECK(strstr(md, "## 2. The old stone bridge over the river collapsed early on Tuesday after…\n") != NULL);
		CHECK(strstr(md, "- *Volunteers counted swans on the lake.* — Lone, 2026-01-09 "
		                 "(`s1`)\n  Volunteers counted swans on the lake.\n") != NULL);
		CHECK(strstr(html, "<p class=\"summary lead\"><a href=\"#s4-a1\" title=\"Lone: Volunteers counted swans on "
		                   "the lake.\">Volunteers counted swans on the lake.</a></p></li>") != NULL);
		CHECK(strstr(html, "javascript") == NULL);
		CHECK(strstr(html, "<a href=\"https://c.example/a2\">Fire destroys harbour warehouse</a>") != NULL);
		CHECK(strstr(js, "\"rank\": 4, \"story\": \"s1\", \"single\": true") != NULL);
		CHECK(strstr(js, "\"summary\": [\n       {\"text\": \"Volunteers counted swans on the lake.\", \"article\": 1, "
		                 "\"id\": \"s1\", \"sentence\": 0, \"url\": null}]") != NULL);
		CHECK(strstr(js, "\"headline_from\": \"summary\", \"headline_article\": 1") != NULL);
		CHECK(strstr(js, "\"headline_from\": \"title\", \"headline_article\": 2") != NULL);
	}
	free(md);
	free(html);
	free(js);

	/* digest_singles 1: the newest single only */
	ns_digest_free(&d);
	o.digest_singles = 1;
	CHECK(ns_digest_build(&c, ds, &dd, &ss, &sm, NULL, &counts, &d) == NS_OK);
	CHECK_EQ_U(d.nstories, 4);
	CHECK_EQ_U(d.singles, 2);
	CHECK_EQ_U(d.stories[3].story, 3);
	ns_digest_free(&d);
	ns_digest_free(&d); /* a freed model frees again */
	ns_docs_destroy(ds);
	return TEST_DONE();
}
