/* newsift — the digest: one model of what a reader is shown, rendered as
 * Markdown, HTML and JSON.
 *
 * The model is built once: the stories are ranked (most articles first,
 * then most records, then input order), the stories of two or more
 * articles first, then the single-article ones up to options
 * digest_singles.  Each story gets a headline, its summary sentences with
 * the article each comes from, and its articles with their sources, dates
 * and copies.  The renderers only format the model, so the three files
 * list the same stories in the same order.  Every text of the dump is
 * escaped for its format. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/digest.h"

/* Every date shown goes through here. */
static ns_digest_text fmt_date(const ns_docs *ds, uint32_t doc)
{
	ns_digest_text t = {ns_docs_field(ds, doc, NS_F_DATE), ns_docs_len(ds, doc, NS_F_DATE), 0};
	return t;
}

static ns_digest_text field(const ns_docs *ds, uint32_t doc, int f)
{
	ns_digest_text t = {ns_docs_field(ds, doc, f), ns_docs_len(ds, doc, f), 0};
	return t;
}

typedef struct {
	uint32_t story;   /* index into the story list */
	uint32_t narticles, nmembers;
} story_rank;

static int cmp_rank(const void *a, const void *b)
{
	const story_rank *x = a, *y = b;
	if (x->narticles != y->narticles) return x->narticles > y->narticles ? -1 : 1;
	if (x->nmembers != y->nmembers) return x->nmembers > y->nmembers ? -1 : 1;
	return x->story < y->story ? -1 : x->story > y->story;
}

/* Does the story labelled label continue one of the history's?  h gets a
 * history article of it. */
static int continuing(const ns_story_set *ss, const ns_state *st, uint32_t label, ns_hrec *h)
{
	return st && ss->cont && ss->cont[label] != NS_HREF_NONE && !ns_state_rec(st, ss->cont[label], h);
}

/* Fill story k of ss into e.  copies[doc] counts the records of each kept
 * document's group.  NS_ERR_NOMEM. */
static ns_status story_make(const ns_docs *ds, const ns_story_set *ss, const ns_summaries *sm, const ns_state *st,
                            const uint32_t *copies, uint32_t k, ns_digest_story *e)
{
	const ns_story *s = &ss->list[k];
	memset(e, 0, sizeof(*e));
	e->story = k;
	e->label = s->story;
	e->narticles = s->narticles;
	e->nrecords = s->nmembers;
	e->first_date = e->last_date = UINT32_MAX;
	e->last_days = INT32_MIN;
	e->articles = calloc(s->narticles ? s->narticles : 1, sizeof(*e->articles));
	e->sources = malloc((s->narticles ? s->narticles : 1) * sizeof(*e->sources));
	if (!e->articles || !e->sources) return NS_ERR_NOMEM;
	int32_t first_days = INT32_MAX;
	for (uint32_t i = 0; i < s->narticles; i++) {
		uint32_t doc = s->articles[i];
		ns_digest_article *a = &e->articles[i];
		a->doc = doc;
		a->copies = copies[doc] ? copies[doc] - 1 : 0;
		a->titled = ns_docs_len(ds, doc, NS_F_TITLE) > 0;
		if (a->titled) a->list = field(ds, doc, NS_F_TITLE);
		else a->list = (ns_digest_text){"(untitled)", 10, 0};
		uint32_t sl = ns_docs_len(ds, doc, NS_F_SOURCE);
		if (sl) {
			const char *src = ns_docs_field(ds, doc, NS_F_SOURCE);
			uint32_t j = 0;
			while (j < e->nsources && (ns_docs_len(ds, e->sources[j], NS_F_SOURCE) != sl ||
			                           memcmp(ns_docs_field(ds, e->sources[j], NS_F_SOURCE), src, sl)))
				j++;
			if (j == e->nsources) e->sources[e->nsources++] = doc;
		}
		int32_t days = ns_docs_info(ds, doc)->days;
		if (days == INT32_MIN) continue;
		if (days > e->last_days) { e->last_days = days; e->last_date = doc; }
		if (days < first_days) { first_days = days; e->first_date = doc; }
	}
	if (s->narticles) {
		uint32_t lead = s->articles[0];
		e->central = 0;
		if (ns_docs_len(ds, lead, NS_F_TITLE)) {
			e->headline = field(ds, lead, NS_F_TITLE);
			e->head_from = NS_HEAD_TITLE;
		} else {
			e->headline = field(ds, lead, NS_F_ID);
			e->head_from = NS_HEAD_TEXT;
		}
	}
	if (sm && k < sm->n && sm->sent && sm->nsent[k]) {
		e->nsummary = (uint32_t)sm->nsent[k];
		e->summary = malloc(e->nsummary * sizeof(*e->summary));
		if (!e->summary) return NS_ERR_NOMEM;
		for (uint32_t i = 0; i < e->nsummary; i++) {
			const ns_sum_sent *x = &sm->sent[k][i];
			uint32_t doc = s->articles[x->doc];
			e->summary[i].article = x->doc;
			e->summary[i].sent = x->sent;
			e->summary[i].text = (ns_digest_text){ns_docs_field(ds, doc, NS_F_TEXT) + x->span.start, x->span.len, 0};
		}
	}
	ns_hrec h;
	e->continuing = continuing(ss, st, s->story, &h);
	if (e->continuing) {
		e->name = h.story;
		e->name_len = h.story_len;
		ns_day_string(ss->first_seen[s->story], e->first_seen, sizeof(e->first_seen));
		e->earlier = ss->earlier[s->story];
	} else {
		e->name = ns_docs_field(ds, s->story, NS_F_ID);
		e->name_len = ns_docs_len(ds, s->story, NS_F_ID);
	}
	return NS_OK;
}

static void story_free(ns_digest_story *e)
{
	free(e->articles);
	free(e->summary);
	free(e->sources);
}

void ns_digest_free(ns_digest *d)
{
	for (size_t i = 0; d->stories && i < d->nstories; i++) story_free(&d->stories[i]);
	free(d->stories);
	memset(d, 0, sizeof(*d));
}

ns_status ns_digest_build(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, const ns_story_set *ss,
                          const ns_summaries *sm, const ns_state *st, const ns_digest_counts *counts, ns_digest *d)
{
	memset(d, 0, sizeof(*d));
	d->counts = *counts;
	d->history = st != NULL;
	size_t n = ss->nlist;
	story_rank *rk = malloc((n ? n : 1) * sizeof(*rk));
	uint32_t *copies = calloc(dd->n ? dd->n : 1, sizeof(*copies));
	d->stories = calloc(n ? n : 1, sizeof(*d->stories));
	ns_status rc = !rk || !copies || !d->stories ? NS_ERR_NOMEM : NS_OK;
	for (size_t i = 0; rc == NS_OK && i < dd->n; i++)
		if (dd->status[i] != NS_REJECTED) copies[dd->group[i]]++;
	for (size_t k = 0; rc == NS_OK && k < n; k++) {
		rk[k].story = (uint32_t)k;
		rk[k].narticles = ss->list[k].narticles;
		rk[k].nmembers = ss->list[k].nmembers;
	}
	if (rc == NS_OK) ns_qsort(rk, n, sizeof(*rk), cmp_rank);
	/* the stories of two or more articles (and those going on from the
	 * history's), then the single ones */
	for (int pass = 0; pass < 2 && rc == NS_OK; pass++) {
		for (size_t q = 0; q < n && rc == NS_OK; q++) {
			const ns_story *s = &ss->list[rk[q].story];
			ns_hrec h;
			int cont = s->narticles && continuing(ss, st, s->story, &h);
			int multi = s->narticles >= 2 || cont;
			if (pass == 0 && !multi) { d->singles += s->narticles == 1; continue; }
			if (pass == 1 && (multi || s->narticles != 1)) continue;
			if (pass == 1 && d->nstories - d->nmulti >= c->o->digest_singles) break;
			rc = story_make(ds, ss, sm, st, copies, rk[q].story, &d->stories[d->nstories]);
			d->stories[d->nstories].single = pass == 1;
			d->nstories++;
		}
		if (pass == 0) d->nmulti = d->nstories;
	}
	free(rk);
	free(copies);
	if (rc != NS_OK) ns_digest_free(d);
	return rc;
}

/* ---- Markdown ---- */

/* Markdown text: escape the characters that would start markup. */
static void put_md(ns_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n') c = ' ';
		if (strchr("\\`*_[]<>#|", c)) ns_buf_put(b, "\\", 1);
		ns_buf_put(b, &c, 1);
	}
}

static void put_md_text(ns_buf *b, ns_digest_text t)
{
	put_md(b, t.p, t.len);
	if (t.cut) ns_buf_put(b, "…", 3);
}

static void md_article(ns_buf *b, const ns_docs *ds, const ns_digest_article *a)
{
	ns_digest_text src = field(ds, a->doc, NS_F_SOURCE), date = fmt_date(ds, a->doc);
	const char *id = ns_docs_field(ds, a->doc, NS_F_ID);
	ns_buf_put(b, "**", 2);
	put_md_text(b, a->list);
	ns_buf_put(b, "**", 2);
	if (src.len) { ns_buf_put(b, " — ", 5); put_md_text(b, src); }
	if (date.len) { ns_buf_put(b, ", ", 2); put_md_text(b, date); }
	ns_buf_put(b, " (`", 3);
	ns_buf_put(b, id, strcspn(id, "`"));
	ns_buf_put(b, "`", 1);
	if (a->copies) ns_buf_printf(b, ", +%u cop%s", a->copies, a->copies == 1 ? "y" : "ies");
	ns_buf_put(b, ")\n", 2);
}

static void md_head(ns_buf *b, const ns_digest *d)
{
	const ns_digest_counts *c = &d->counts;
	ns_buf_printf(b, "# newsift digest\n\n%llu records read: %llu kept, %llu duplicates (%llu exact, %llu near), "
	              "%llu rejected. %llu stories, %llu with two or more articles.\n",
	              (unsigned long long)c->read, (unsigned long long)c->kept, (unsigned long long)c->duplicates,
	              (unsigned long long)c->exact, (unsigned long long)c->near, (unsigned long long)c->rejected,
	              (unsigned long long)c->stories, (unsigned long long)c->multi);
}

static void md_story(ns_buf *b, const ns_digest *d, const ns_docs *ds, size_t i)
{
	const ns_digest_story *e = &d->stories[i];
	if (e->single) {
		if (i == d->nmulti) ns_buf_printf(b, "\n## Single articles\n\n");
		ns_buf_put(b, "- ", 2);
		md_article(b, ds, &e->articles[0]);
		return;
	}
	ns_buf_printf(b, "\n## %zu. ", i + 1);
	put_md_text(b, e->headline);
	if (e->continuing) {
		ns_buf_printf(b, "\n\n*%u new article%s, %u records; first seen %s, %u articles before*\n\n", e->narticles,
		              e->narticles == 1 ? "" : "s", e->nrecords, e->first_seen, e->earlier);
	} else {
		/* with a history, a story not seen before says so */
		ns_buf_printf(b, "\n\n*%u articles, %u records%s*\n\n", e->narticles, e->nrecords, d->history ? "; new" : "");
	}
	for (uint32_t k = 0; k < e->nsummary; k++) {
		if (k) ns_buf_put(b, " ", 1);
		put_md_text(b, e->summary[k].text);
		ns_buf_printf(b, " [%u]", e->summary[k].article + 1);
	}
	if (e->nsummary) ns_buf_put(b, "\n\n", 2);
	for (uint32_t k = 0; k < e->narticles; k++) {
		ns_buf_printf(b, "%u. ", k + 1);
		md_article(b, ds, &e->articles[k]);
	}
}

static void md_tail(ns_buf *b, const ns_digest *d)
{
	if (d->singles == 0) return;
	size_t shown = d->nstories - d->nmulti;
	if (!shown) ns_buf_printf(b, "\n## Single articles\n\n");
	if (d->singles > shown) ns_buf_printf(b, "\n…and %zu more (see stories.jsonl).\n", d->singles - shown);
}

ns_status ns_digest_render(const ns_digest *d, const ns_docs *ds, ns_digest_format fmt, ns_buf *b, ns_digest_sink sink,
                           void *ud)
{
	if (fmt != NS_DIGEST_MD) return NS_ERR_OPTION;
	md_head(b, d);
	for (size_t i = 0; i < d->nstories; i++) {
		md_story(b, d, ds, i);
		if (sink && sink(ud, b)) return NS_ERR_IO;
	}
	md_tail(b, d);
	return NS_OK;
}
