/* newsift — the digest: one model of what a reader is shown, rendered as
 * Markdown, HTML and JSON.
 *
 * The model is built once: the stories are ranked (most articles first,
 * then the latest article date, newest first, then input order), the
 * stories of two or more articles first, then the single-article ones up
 * to options digest_singles.  Each story gets a headline, its summary
 * sentences with the article each comes from, and its articles with their
 * sources, dates and copies.  The headline is the title of the story's
 * most central titled article: the one whose word counts (title and the
 * first words of its text) have the largest cosine to the sum of all its
 * articles' counts, which favours the article that covers what the others
 * share over the first one found or an outlier.  A story without titles is
 * headed by its summary's first sentence cut at a word boundary, and an
 * untitled article is listed by its first sentence, so no reader is shown
 * a bare id.  The renderers only format the model, so the three files
 * list the same stories in the same order.  Every text of the dump is
 * escaped for its format. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "newsift/digest.h"
#include "newsift/sentence.h"
#include "newsift/tokenize.h"

/* Append a string literal (only a literal compiles: "" lit). */
#define NS_PUTS(b, lit) ns_buf_put((b), "" lit, sizeof("" lit) - 1)

/* Every date shown goes through here. */
/* A date newsift understood (ns_date_parse) is shown normalised, in UTC
 * ("2024-03-22 09:00 UTC", or "2024-03-22" at midnight); another is shown
 * as written.  buf holds the normalised form (DATE_BUF bytes). */
#define DATE_BUF 32
static ns_digest_text fmt_date(const ns_docs *ds, uint32_t doc, char *buf)
{
	int64_t t = ns_docs_info(ds, doc)->time;
	if (t != INT64_MIN) {
		ns_time_string(t, buf, DATE_BUF);
		ns_digest_text n = {buf, strlen(buf), 0};
		return n;
	}
	ns_digest_text r = {ns_docs_field(ds, doc, NS_F_DATE), ns_docs_len(ds, doc, NS_F_DATE), 0};
	return r;
}

/* A title as a headline: without a shouted label in front ("BREAKING: ",
 * "UPDATED: ", "WATCH: ": capital letters and spaces before a colon) and
 * without its own source's name behind a separator (" | Bayside Examiner",
 * " - Bayside Examiner" when the source is Bayside Examiner). */
static ns_digest_text headline_of_title(ns_digest_text t, const char *src, size_t srclen)
{
	size_t i = 0;
	while (i < t.len && i < 24 && ((t.p[i] >= 'A' && t.p[i] <= 'Z') || t.p[i] == ' ')) i++;
	if (i >= 4 && i < t.len && t.p[i] == ':' && i + 2 < t.len && t.p[i + 1] == ' ') {
		t.p += i + 2;
		t.len -= i + 2;
	}
	static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "};
	for (size_t k = 0; srclen && k < sizeof(seps) / sizeof(seps[0]); k++) {
		size_t sl = strlen(seps[k]);
		if (t.len <= srclen + sl + 8) continue;
		const char *tail = t.p + t.len - srclen;
		if (!memcmp(tail - sl, seps[k], sl) && !strncasecmp(tail, src, srclen)) {
			t.len -= srclen + sl;
			break;
		}
	}
	return t;
}

/* A summary sentence without the dateline its article opens with
 * ("TILLOW BEND (Wire) - ", "WESTON HILLS, Ore. — "): a place in capitals,
 * maybe a state's short name and an agency in brackets, then a dash.  In a
 * summary of several articles such a prefix reads as noise. */
static ns_digest_text strip_one_dateline(ns_digest_text t);

static ns_digest_text without_dateline(ns_digest_text t)
{
	for (int round = 0; round < 2; round++) { /* a wire's dateline before the paper's */
		ns_digest_text u = strip_one_dateline(t);
		if (u.p == t.p) break;
		t = u;
	}
	return t;
}

static ns_digest_text strip_one_dateline(ns_digest_text t)
{
	size_t i = 0, caps = 0;
	while (i < t.len && i < 48) {
		unsigned char ch = (unsigned char)t.p[i];
		if (ch == 0xE2 && i + 1 < t.len && (unsigned char)t.p[i + 1] == 0x80) break; /* a dash, a quote */
		if (ch >= 'A' && ch <= 'Z') caps++;
		else if (ch >= 'a' && ch <= 'z') break;
		else if (ch == '-' && !(i + 1 < t.len && t.p[i + 1] >= 'A' && t.p[i + 1] <= 'Z')) break; /* WESTON-SUPER-MARE */
		else if (!(ch == ' ' || ch == '.' || ch == '\'' || ch == '-' || ch >= 0x80)) break;
		i++;
	}
	if (caps < 3) return t;
	/* "DETROIT, Mich." */
	if (i + 2 < t.len && t.p[i] == ',' && t.p[i + 1] == ' ' && t.p[i + 2] >= 'A' && t.p[i + 2] <= 'Z') {
		size_t j = i + 3;
		while (j < t.len && j < i + 10 && ((t.p[j] >= 'a' && t.p[j] <= 'z') || t.p[j] == '.')) j++;
		i = j;
	}
	while (i < t.len && t.p[i] == ' ') i++;
	if (i < t.len && t.p[i] == '(') { /* "(Reuters)" */
		size_t j = i + 1;
		while (j < t.len && j < i + 32 && t.p[j] != ')') j++;
		if (j >= t.len || t.p[j] != ')') return t;
		i = j + 1;
		while (i < t.len && t.p[i] == ' ') i++;
	}
	static const char *const dashes[] = {"-", "\xE2\x80\x94", "\xE2\x80\x93"};
	for (size_t k = 0; k < 3; k++) {
		size_t dl = strlen(dashes[k]);
		if (i + dl + 1 < t.len && !memcmp(t.p + i, dashes[k], dl) && t.p[i + dl] == ' ') {
			size_t j = i + dl;
			while (j < t.len && t.p[j] == ' ') j++;
			if (t.len - j < 20) return t;
			t.p += j;
			t.len -= j;
			return t;
		}
	}
	return t;
}

static ns_digest_text field(const ns_docs *ds, uint32_t doc, int f)
{
	ns_digest_text t = {ns_docs_field(ds, doc, f), ns_docs_len(ds, doc, f), 0};
	return t;
}

typedef struct {
	uint32_t story;   /* index into the story list */
	uint32_t narticles;
	int32_t last;     /* its latest article date, days since 1970 (INT32_MIN: none) */
} story_rank;

/* Reading order: most articles, then the latest news first, then input
 * order. */
static int cmp_rank(const void *a, const void *b)
{
	const story_rank *x = a, *y = b;
	if (x->narticles != y->narticles) return x->narticles > y->narticles ? -1 : 1;
	if (x->last != y->last) return x->last > y->last ? -1 : 1;
	return x->story < y->story ? -1 : x->story > y->story;
}

#define NS_CUT_WORDS 12       /* a headline or listing made from a sentence: about this many words */
#define NS_CUT_BYTES 90       /* ...and no more bytes (before the "…") */
#define NS_CENTRAL_WORDS 300  /* words of a text (after its title) that say what it is about */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The start of p[0..n) at a word boundary: at most NS_CUT_WORDS words and
 * NS_CUT_BYTES bytes (a first word longer than that is cut between two
 * characters); cut set when something was left out.  White space at both
 * ends is dropped, and punctuation that would dangle before the "…". */
static ns_digest_text cut_words(const char *p, size_t n)
{
	while (n && is_blank(*p)) { p++; n--; }
	while (n && is_blank(p[n - 1])) n--;
	ns_digest_text t = {p, n, 0};
	size_t i = 0, end = 0;
	unsigned words = 0;
	while (i < n) {
		size_t w = i;
		while (w < n && !is_blank(p[w])) w++;
		if (words == NS_CUT_WORDS || w > NS_CUT_BYTES) break;
		end = w;
		words++;
		i = w;
		while (i < n && is_blank(p[i])) i++;
	}
	if (i >= n && end == n) return t;
	if (end == 0) { /* one long word: cut between characters */
		end = NS_MIN(n, NS_CUT_BYTES);
		while (end > 0 && ((unsigned char)p[end] & 0xC0) == 0x80) end--;
	}
	while (end > 1 && (is_blank(p[end - 1]) || (p[end - 1] && strchr(",;:-", p[end - 1])))) end--;
	t.len = end;
	t.cut = 1;
	return t;
}

static size_t prefix_words(const char *t, size_t n, unsigned max);

/* The first sentence of document doc's text, cut by cut_words.  Only the
 * text's first words are split: a first sentence longer than they are is
 * cut shorter anyway. */
static ns_digest_text first_sentence(const ns_docs *ds, uint32_t doc, ns_span **sp, size_t *cap)
{
	const char *t = ns_docs_field(ds, doc, NS_F_TEXT);
	size_t n = prefix_words(t, ns_docs_len(ds, doc, NS_F_TEXT), NS_CENTRAL_WORDS);
	size_t k = ns_sent_split(t, n, sp, cap);
	if (k != (size_t)-1 && k > 0) return cut_words(t + (*sp)[0].start, (*sp)[0].len);
	return cut_words(t, n);
}

/* Bytes of t[0..n) that hold its first max words. */
static size_t prefix_words(const char *t, size_t n, unsigned max)
{
	size_t i = 0;
	for (unsigned w = 0; i < n; w++) {
		while (i < n && is_blank(t[i])) i++;
		if (w == max) return i;
		while (i < n && !is_blank(t[i])) i++;
	}
	return n;
}

/* Word counts: sorted token hashes with their counts. */
typedef struct {
	uint64_t h;
	uint32_t n;
} word_count;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_wc(const void *a, const void *b)
{
	return cmp_u64(&((const word_count *)a)->h, &((const word_count *)b)->h);
}

/* Scratch for centrality. */
typedef struct {
	ns_tokens tok;
	uint64_t *h;
	size_t hcap;
	word_count *v;      /* every article's counts, one after the other */
	size_t vcap;
	size_t *start;      /* article i's counts: v[start[i]..start[i + 1]) */
	size_t scap;
	word_count *sum;
	size_t sumcap;
	ns_span *spans;
	size_t spcap;
} central_scratch;

static void central_free(central_scratch *c)
{
	ns_tokens_free(&c->tok);
	free(c->h);
	free(c->v);
	free(c->start);
	free(c->sum);
	free(c->spans);
}

/* Append the token hashes of t[0..n) to c->h (from *nh).  NS_ERR_NOMEM. */
static ns_status add_tokens(central_scratch *c, const char *t, size_t n, size_t *nh)
{
	ns_status st = ns_tokenize(t, n, &c->tok);
	if (st != NS_OK) return st;
	if (ns_grow((void **)&c->h, &c->hcap, *nh + c->tok.n, sizeof(*c->h))) return NS_ERR_NOMEM;
	for (size_t i = 0; i < c->tok.n; i++)
		c->h[(*nh)++] = ns_token_hash(c->tok.norm.p + c->tok.off[i], c->tok.len[i], 0);
	return NS_OK;
}

/* The most central of the story's articles (titled ones only when
 * titled): the largest cosine of its word counts (title and the first
 * NS_CENTRAL_WORDS words of its text, tokens as ns_tokenize makes them) to
 * the sum of every article's counts; ties to the earlier article.  *best
 * gets its index, UINT32_MAX when no article qualifies. */
static ns_status most_central(const ns_docs *ds, const ns_story *s, int titled, central_scratch *c, uint32_t *best)
{
	*best = UINT32_MAX;
	uint32_t cands = 0;
	for (uint32_t i = 0; i < s->narticles; i++) {
		if (titled && !ns_docs_len(ds, s->articles[i], NS_F_TITLE)) continue;
		if (*best == UINT32_MAX) *best = i;
		cands++;
	}
	if (cands < 2) return NS_OK;
	if (ns_grow((void **)&c->start, &c->scap, (size_t)s->narticles + 1, sizeof(*c->start))) return NS_ERR_NOMEM;
	size_t nv = 0;
	for (uint32_t i = 0; i < s->narticles; i++) {
		uint32_t doc = s->articles[i];
		const char *text = ns_docs_field(ds, doc, NS_F_TEXT);
		size_t nh = 0;
		ns_status st = add_tokens(c, ns_docs_field(ds, doc, NS_F_TITLE), ns_docs_len(ds, doc, NS_F_TITLE), &nh);
		if (st == NS_OK)
			st = add_tokens(c, text, prefix_words(text, ns_docs_len(ds, doc, NS_F_TEXT), NS_CENTRAL_WORDS), &nh);
		if (st != NS_OK) return st;
		ns_qsort(c->h, nh, sizeof(*c->h), cmp_u64);
		if (ns_grow((void **)&c->v, &c->vcap, nv + nh, sizeof(*c->v))) return NS_ERR_NOMEM;
		c->start[i] = nv;
		for (size_t k = 0; k < nh; k++) {
			if (nv > c->start[i] && c->v[nv - 1].h == c->h[k]) c->v[nv - 1].n++;
			else c->v[nv++] = (word_count){c->h[k], 1};
		}
	}
	c->start[s->narticles] = nv;
	/* the sum of all: the counts sorted by word, runs added */
	if (ns_grow((void **)&c->sum, &c->sumcap, nv ? nv : 1, sizeof(*c->sum))) return NS_ERR_NOMEM;
	if (nv) memcpy(c->sum, c->v, nv * sizeof(*c->v));
	ns_qsort(c->sum, nv, sizeof(*c->sum), cmp_wc);
	size_t ns = 0;
	for (size_t k = 0; k < nv; k++) {
		if (ns && c->sum[ns - 1].h == c->sum[k].h) c->sum[ns - 1].n += c->sum[k].n;
		else c->sum[ns++] = c->sum[k];
	}
	/* the sum's norm is the same for every article: it does not change
	 * which is the largest */
	double top = -1;
	for (uint32_t i = 0; i < s->narticles; i++) {
		if (titled && !ns_docs_len(ds, s->articles[i], NS_F_TITLE)) continue;
		uint64_t dot = 0, norm = 0;
		size_t j = 0;
		for (size_t k = c->start[i]; k < c->start[i + 1]; k++) {
			const word_count *w = &c->v[k];
			while (c->sum[j].h < w->h) j++; /* both sorted; every word of an article is in the sum */
			dot += (uint64_t)w->n * c->sum[j].n;
			norm += (uint64_t)w->n * w->n;
		}
		double cos = norm ? (double)dot / sqrt((double)norm) : 0;
		if (cos > top) { top = cos; *best = i; }
	}
	return NS_OK;
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
                            const uint32_t *copies, uint32_t k, central_scratch *cs, ns_digest_story *e)
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
		else a->list = first_sentence(ds, doc, &cs->spans, &cs->spcap);
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
	if (sm && k < sm->n && sm->sent && sm->nsent[k]) {
		e->nsummary = (uint32_t)sm->nsent[k];
		e->summary = malloc(e->nsummary * sizeof(*e->summary));
		if (!e->summary) return NS_ERR_NOMEM;
		for (uint32_t i = 0; i < e->nsummary; i++) {
			const ns_sum_sent *x = &sm->sent[k][i];
			uint32_t doc = s->articles[x->doc];
			e->summary[i].article = x->doc;
			e->summary[i].sent = x->sent;
			e->summary[i].text =
				without_dateline((ns_digest_text){ns_docs_field(ds, doc, NS_F_TEXT) + x->span.start, x->span.len, 0});
		}
	}
	/* the headline: the most central titled article's title; without
	 * titles, the summary's first sentence (the summary stage puts its
	 * most central sentence first), else the most central article's */
	ns_status rc = most_central(ds, s, 1, cs, &e->central);
	if (rc != NS_OK) return rc;
	if (e->central != UINT32_MAX) {
		uint32_t doc = e->articles[e->central].doc;
		e->headline = headline_of_title(e->articles[e->central].list, ns_docs_field(ds, doc, NS_F_SOURCE),
		                                ns_docs_len(ds, doc, NS_F_SOURCE));
		e->head_from = NS_HEAD_TITLE;
	} else if (e->nsummary) {
		e->central = e->summary[0].article;
		e->headline = cut_words(e->summary[0].text.p, e->summary[0].text.len);
		e->head_from = NS_HEAD_SUMMARY;
	} else {
		rc = most_central(ds, s, 0, cs, &e->central);
		if (rc != NS_OK) return rc;
		if (e->central == UINT32_MAX) e->central = 0;
		if (s->narticles) e->headline = e->articles[e->central].list;
		e->head_from = NS_HEAD_TEXT;
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
	central_scratch cs = {0};
	story_rank *rk = malloc((n ? n : 1) * sizeof(*rk));
	uint32_t *copies = calloc(dd->n ? dd->n : 1, sizeof(*copies));
	d->stories = calloc(n ? n : 1, sizeof(*d->stories));
	ns_status rc = !rk || !copies || !d->stories ? NS_ERR_NOMEM : NS_OK;
	for (size_t i = 0; rc == NS_OK && i < dd->n; i++)
		if (dd->status[i] != NS_REJECTED) copies[dd->group[i]]++;
	for (size_t k = 0; rc == NS_OK && k < n; k++) {
		rk[k].story = (uint32_t)k;
		rk[k].narticles = ss->list[k].narticles;
		rk[k].last = INT32_MIN;
		for (uint32_t i = 0; i < ss->list[k].narticles; i++)
			rk[k].last = NS_MAX(rk[k].last, ns_docs_info(ds, ss->list[k].articles[i])->days);
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
			rc = story_make(ds, ss, sm, st, copies, rk[q].story, &cs, &d->stories[d->nstories]);
			d->stories[d->nstories].single = pass == 1;
			d->nstories++;
		}
		if (pass == 0) d->nmulti = d->nstories;
	}
	free(rk);
	free(copies);
	central_free(&cs);
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
		if (strchr("\\`*_[]<>#|", c)) NS_PUTS(b, "\\");
		ns_buf_put(b, &c, 1);
	}
}

static void put_md_text(ns_buf *b, ns_digest_text t)
{
	put_md(b, t.p, t.len);
	if (t.cut) NS_PUTS(b, "…");
}

static void md_article(ns_buf *b, const ns_docs *ds, const ns_digest_article *a)
{
	char db[DATE_BUF];
	ns_digest_text src = field(ds, a->doc, NS_F_SOURCE), date = fmt_date(ds, a->doc, db);
	const char *id = ns_docs_field(ds, a->doc, NS_F_ID);
	/* a title in bold, the first sentence of an untitled article in italics */
	ns_buf_put(b, "**", a->titled ? 2 : 1);
	put_md_text(b, a->list);
	ns_buf_put(b, "**", a->titled ? 2 : 1);
	if (src.len) { NS_PUTS(b, " — "); put_md_text(b, src); }
	if (date.len) { NS_PUTS(b, ", "); put_md_text(b, date); }
	NS_PUTS(b, " (`");
	ns_buf_put(b, id, strcspn(id, "`"));
	NS_PUTS(b, "`");
	if (a->copies) ns_buf_printf(b, ", +%u cop%s", a->copies, a->copies == 1 ? "y" : "ies");
	NS_PUTS(b, ")\n");
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
		NS_PUTS(b, "- ");
		md_article(b, ds, &e->articles[0]);
		for (uint32_t k = 0; k < e->nsummary; k++) { /* its summary, when it has one */
			if (k) NS_PUTS(b, " ");
			else NS_PUTS(b, "  ");
			put_md_text(b, e->summary[k].text);
		}
		if (e->nsummary) NS_PUTS(b, "\n");
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
		if (k) NS_PUTS(b, " ");
		put_md_text(b, e->summary[k].text);
		ns_buf_printf(b, " [%u]", e->summary[k].article + 1);
	}
	if (e->nsummary) NS_PUTS(b, "\n\n");
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

/* ---- HTML ---- */

/* HTML text or attribute value: the five characters that could end one or
 * start markup are escaped, and line ends become spaces. */
static void put_html(ns_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = NULL;
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		case '\n': case '\r': case '\t': e = " "; break;
		default: continue;
		}
		ns_buf_put(b, s + run, i - run);
		ns_buf_put(b, e, strlen(e));
		run = i + 1;
	}
	ns_buf_put(b, s + run, n - run);
}

static void put_html_text(ns_buf *b, ns_digest_text t)
{
	put_html(b, t.p, t.len);
	if (t.cut) NS_PUTS(b, "…");
}

/* Is u[0..n) a link a reader may follow: http or https, no white space or
 * control characters?  Other schemes (javascript:, data:, file:) are shown
 * as text, never as links. */
static int web_url(const char *u, size_t n)
{
	size_t k = n >= 7 && !strncasecmp(u, "http://", 7) ? 7 : n >= 8 && !strncasecmp(u, "https://", 8) ? 8 : 0;
	if (!k || n == k) return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)u[i] <= ' ' || u[i] == 0x7F) return 0;
	return 1;
}

/* The href of article i of story number rank: its url when it is a web
 * url, else the anchor of its entry in the page. */
static void html_href(ns_buf *b, const ns_docs *ds, const ns_digest_article *a, size_t rank, uint32_t i)
{
	ns_digest_text u = field(ds, a->doc, NS_F_URL);
	if (web_url(u.p, u.len)) put_html(b, u.p, u.len);
	else ns_buf_printf(b, "#s%zu-a%u", rank, i + 1);
}

static const char html_style[] =
	":root{color-scheme:light dark;--bg:#f7f5f0;--card:#fff;--fg:#1c1c1c;--muted:#545454;--link:#14509e;"
	"--rule:#d9d3c7;--line:#e4dfd5;--accent:#9a3412}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#121417;--card:#1b1e22;--fg:#e9e7e3;--muted:#a9aeb5;"
	"--link:#8fbaff;--rule:#33373d;--line:#3a3f46;--accent:#fdba74}}\n"
	"*{box-sizing:border-box}\n"
	"html{font-size:clamp(16px,0.9rem + 0.3vw,19px);-webkit-text-size-adjust:100%}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.6 Georgia,Charter,'Times New Roman',serif;"
	"overflow-wrap:break-word}\n"
	"header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}\n"
	"header{padding-top:1.5rem}\n"
	"h1,h2,.meta,.counts,details,footer,.singles ul{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
	"'Helvetica Neue',Arial,sans-serif}\n"
	"h1{font-size:clamp(1.7rem,1.2rem + 2vw,2.4rem);line-height:1.15;margin:0 0 .4rem;letter-spacing:-.01em}\n"
	".counts{color:var(--muted);font-size:.9rem;margin:0 0 1rem}\n"
	".story{background:var(--card);border:1px solid var(--rule);border-radius:12px;padding:1rem 1.2rem 1.1rem;"
	"margin:0 0 1.1rem}\n"
	"h2{font-size:clamp(1.15rem,1rem + .8vw,1.5rem);line-height:1.25;margin:0 0 .4rem}\n"
	".rank{color:var(--accent);margin-right:.1em}\n"
	".meta{color:var(--muted);font-size:.85rem;line-height:1.45;margin:0 0 .75rem}\n"
	".summary{margin:0 0 .8rem}\n"
	".summary a{color:inherit;text-decoration:underline;text-decoration-color:var(--line);"
	"text-decoration-thickness:1px;text-underline-offset:.2em}\n"
	".summary a:hover,.summary a:focus{color:var(--link);text-decoration-color:currentColor}\n"
	"a{color:var(--link)}\n"
	"details{border-top:1px solid var(--rule);padding-top:.6rem;font-size:.9rem}\n"
	"summary{cursor:pointer;color:var(--link);font-weight:600}\n"
	"ol.members,.singles ul{margin:.5rem 0 0;padding-left:1.5rem}\n"
	"li{margin:.4rem 0;line-height:1.45}\n"
	".untitled{font-style:italic}\n"
	".about{color:var(--muted)}\n"
	"code{font-size:.85em;overflow-wrap:anywhere}\n"
	".singles{margin:1.5rem 0}\n"
	".singles h2{font-size:1.2rem}\n"
	".singles ul{font-size:.9rem;padding-left:1.2rem}\n"
	".lead{margin:.25rem 0 .6rem;font-family:Georgia,Charter,'Times New Roman',serif;font-size:1rem}\n"
	"footer{color:var(--muted);font-size:.8rem;padding-top:.5rem;padding-bottom:2rem}\n"
	":target{outline:2px solid var(--accent);outline-offset:2px;border-radius:4px}\n"
	"@media (max-width:34rem){header,main,footer{padding:0 .6rem}header{padding-top:1rem}"
	".story{padding:.8rem .85rem .9rem;border-radius:10px}ol.members{padding-left:1.2rem}}\n";

static void html_head(ns_buf *b, const ns_digest *d)
{
	const ns_digest_counts *c = &d->counts;
	NS_PUTS(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	           "<meta name=\"color-scheme\" content=\"light dark\">\n"
	           "<meta name=\"generator\" content=\"newsift " NS_VERSION "\">\n<title>newsift digest</title>\n<style>\n");
	ns_buf_put(b, html_style, sizeof(html_style) - 1);
	ns_buf_printf(b, "</style>\n</head>\n<body>\n<header>\n<h1>newsift digest</h1>\n"
	              "<p class=\"counts\">%llu records read: %llu kept, %llu duplicates (%llu exact, %llu near), "
	              "%llu rejected. %llu stories, %llu with two or more articles.</p>\n</header>\n<main>\n",
	              (unsigned long long)c->read, (unsigned long long)c->kept, (unsigned long long)c->duplicates,
	              (unsigned long long)c->exact, (unsigned long long)c->near, (unsigned long long)c->rejected,
	              (unsigned long long)c->stories, (unsigned long long)c->multi);
}

/* Article i of story number rank as a list entry: its title or first
 * sentence (a link when it has a web url), source, date, id, copies. */
static void html_article(ns_buf *b, const ns_docs *ds, const ns_digest_article *a, size_t rank, uint32_t i)
{
	char db[DATE_BUF];
	ns_digest_text src = field(ds, a->doc, NS_F_SOURCE), date = fmt_date(ds, a->doc, db), u = field(ds, a->doc, NS_F_URL);
	ns_buf_printf(b, "<li id=\"s%zu-a%u\">", rank, i + 1);
	int link = web_url(u.p, u.len);
	if (link) {
		NS_PUTS(b, "<a href=\"");
		put_html(b, u.p, u.len);
		NS_PUTS(b, "\"");
		if (!a->titled) NS_PUTS(b, " class=\"untitled\"");
		NS_PUTS(b, ">");
	} else if (!a->titled) {
		NS_PUTS(b, "<span class=\"untitled\">");
	}
	put_html_text(b, a->list);
	if (link) NS_PUTS(b, "</a>");
	else if (!a->titled) NS_PUTS(b, "</span>");
	NS_PUTS(b, " <span class=\"about\">");
	if (src.len) { NS_PUTS(b, "— "); put_html_text(b, src); }
	if (date.len) {
		if (src.len) NS_PUTS(b, ", ");
		else NS_PUTS(b, "— ");
		put_html_text(b, date);
	}
	NS_PUTS(b, " · <code>");
	put_html(b, ns_docs_field(ds, a->doc, NS_F_ID), ns_docs_len(ds, a->doc, NS_F_ID));
	NS_PUTS(b, "</code>");
	if (a->copies) ns_buf_printf(b, " · %u more cop%s", a->copies, a->copies == 1 ? "y" : "ies");
	NS_PUTS(b, "</span>");
}

/* The summary sentences of story number rank, each a link to the article
 * it comes from. */
static void html_summary(ns_buf *b, const ns_docs *ds, const ns_digest_story *e, size_t rank)
{
	for (uint32_t k = 0; k < e->nsummary; k++) {
		const ns_digest_sentence *x = &e->summary[k];
		const ns_digest_article *a = &e->articles[x->article];
		if (k) NS_PUTS(b, " ");
		NS_PUTS(b, "<a href=\"");
		html_href(b, ds, a, rank, x->article);
		NS_PUTS(b, "\" title=\"");
		ns_digest_text src = field(ds, a->doc, NS_F_SOURCE);
		if (src.len) { put_html_text(b, src); NS_PUTS(b, ": "); }
		put_html_text(b, a->list);
		NS_PUTS(b, "\">");
		put_html_text(b, x->text);
		NS_PUTS(b, "</a>");
	}
}

static void html_singles_open(ns_buf *b)
{
	NS_PUTS(b, "<section class=\"singles\" aria-labelledby=\"singles\">\n<h2 id=\"singles\">Single articles</h2>\n");
}

static void html_story(ns_buf *b, const ns_digest *d, const ns_docs *ds, size_t i)
{
	const ns_digest_story *e = &d->stories[i];
	size_t rank = i + 1;
	if (e->single) {
		if (i == d->nmulti) { html_singles_open(b); NS_PUTS(b, "<ul>\n"); }
		html_article(b, ds, &e->articles[0], rank, 0);
		if (e->nsummary) { /* its summary, when it has one */
			NS_PUTS(b, "\n<p class=\"summary lead\">");
			html_summary(b, ds, e, rank);
			NS_PUTS(b, "</p>");
		}
		NS_PUTS(b, "</li>\n");
		return;
	}
	ns_buf_printf(b, "<article class=\"story\" id=\"s%zu\" aria-labelledby=\"s%zu-h\">\n<h2 id=\"s%zu-h\">"
	              "<span class=\"rank\">%zu.</span> ", rank, rank, rank, rank);
	put_html_text(b, e->headline);
	NS_PUTS(b, "</h2>\n<p class=\"meta\">");
	if (e->continuing)
		ns_buf_printf(b, "%u new article%s, %u records; first seen %s, %u articles before", e->narticles,
		              e->narticles == 1 ? "" : "s", e->nrecords, e->first_seen, e->earlier);
	else
		ns_buf_printf(b, "%u articles, %u records%s", e->narticles, e->nrecords, d->history ? "; new" : "");
	for (uint32_t k = 0; k < e->nsources; k++) {
		if (k) NS_PUTS(b, ", ");
		else NS_PUTS(b, " · ");
		put_html_text(b, field(ds, e->sources[k], NS_F_SOURCE));
	}
	if (e->first_date != UINT32_MAX) {
		char db[DATE_BUF];
		NS_PUTS(b, " · ");
		put_html_text(b, fmt_date(ds, e->first_date, db));
		if (e->last_date != e->first_date && ns_docs_info(ds, e->last_date)->days != ns_docs_info(ds, e->first_date)->days) {
			NS_PUTS(b, " – ");
			put_html_text(b, fmt_date(ds, e->last_date, db));
		}
	}
	NS_PUTS(b, "</p>\n");
	if (e->nsummary) {
		NS_PUTS(b, "<p class=\"summary\">");
		html_summary(b, ds, e, rank);
		NS_PUTS(b, "</p>\n");
	}
	ns_buf_printf(b, "<details>\n<summary>The %u article%s (%u records)</summary>\n<ol class=\"members\">\n", e->narticles,
	              e->narticles == 1 ? "" : "s", e->nrecords);
	for (uint32_t k = 0; k < e->narticles; k++) {
		html_article(b, ds, &e->articles[k], rank, k);
		NS_PUTS(b, "</li>\n");
	}
	NS_PUTS(b, "</ol>\n</details>\n</article>\n");
}

static void html_tail(ns_buf *b, const ns_digest *d)
{
	size_t shown = d->nstories - d->nmulti;
	if (shown) NS_PUTS(b, "</ul>\n");
	else if (d->singles) html_singles_open(b);
	if (d->singles > shown) ns_buf_printf(b, "<p>…and %zu more (see stories.jsonl).</p>\n", d->singles - shown);
	if (d->singles) NS_PUTS(b, "</section>\n");
	if (!d->nstories && !d->singles) NS_PUTS(b, "<p>No stories.</p>\n");
	NS_PUTS(b, "</main>\n<footer>\n<p>Made by newsift " NS_VERSION ". Stories with the most articles first, then the "
	           "newest; each summary sentence links to the article it comes from.</p>\n</footer>\n</body>\n</html>\n");
}

/* ---- JSON (schema in README.md, "digest.json") ---- */

#define NS_DIGEST_JSON_VERSION 1

static void put_json_text(ns_buf *b, ns_digest_text t)
{
	if (!t.cut && !memchr(t.p, '\n', t.len) && !memchr(t.p, '\r', t.len) && !memchr(t.p, '\t', t.len)) {
		ns_json_str(b, t.p, t.len);
		return;
	}
	/* a line break inside a sentence or title is a space to a reader, as in
	 * digest.md and digest.html */
	ns_buf tb = {0};
	ns_buf_put(&tb, t.p, t.len);
	for (size_t i = 0; tb.p && i < tb.len; i++)
		if (tb.p[i] == '\n' || tb.p[i] == '\r' || tb.p[i] == '\t') tb.p[i] = ' ';
	if (t.cut) NS_PUTS(&tb, "…");
	ns_json_str(b, tb.p ? tb.p : "", tb.len);
	ns_buf_free(&tb);
}

/* A field as a JSON string, null when empty. */
static void put_json_field(ns_buf *b, ns_digest_text t)
{
	if (t.len) put_json_text(b, t);
	else NS_PUTS(b, "null");
}

static void put_json_url(ns_buf *b, const ns_docs *ds, uint32_t doc)
{
	ns_digest_text u = field(ds, doc, NS_F_URL);
	if (web_url(u.p, u.len)) ns_json_str(b, u.p, u.len);
	else NS_PUTS(b, "null");
}

static void json_head(ns_buf *b, const ns_digest *d)
{
	const ns_digest_counts *c = &d->counts;
	ns_buf_printf(b, "{\n  \"version\": %d,\n  \"newsift\": \"%s\",\n  \"counts\": {\"read\": %llu, \"kept\": %llu, "
	              "\"duplicates\": %llu, \"exact_duplicates\": %llu, \"near_duplicates\": %llu, \"rejected\": %llu, "
	              "\"stories\": %llu, \"multi_article_stories\": %llu, \"single_article_stories\": %zu, "
	              "\"singles_shown\": %zu},\n  \"history\": %s,\n  \"stories\": [",
	              NS_DIGEST_JSON_VERSION, NS_VERSION, (unsigned long long)c->read, (unsigned long long)c->kept,
	              (unsigned long long)c->duplicates, (unsigned long long)c->exact, (unsigned long long)c->near,
	              (unsigned long long)c->rejected, (unsigned long long)c->stories, (unsigned long long)c->multi,
	              d->singles, d->nstories - d->nmulti, d->history ? "true" : "false");
}

static void json_story(ns_buf *b, const ns_digest *d, const ns_docs *ds, size_t i)
{
	static const char *from[] = {"title", "summary", "text"}; /* by ns_digest_head */
	const ns_digest_story *e = &d->stories[i];
	ns_buf_printf(b, "%s\n    {\"rank\": %zu, \"story\": ", i ? "," : "", i + 1);
	ns_json_str(b, e->name, e->name_len);
	ns_buf_printf(b, ", \"single\": %s, \"status\": ", e->single ? "true" : "false");
	if (!d->history) NS_PUTS(b, "null");
	else if (!e->continuing) NS_PUTS(b, "\"new\"");
	else ns_buf_printf(b, "\"continuing\", \"first_seen\": \"%s\", \"earlier_articles\": %u", e->first_seen, e->earlier);
	NS_PUTS(b, ",\n     \"headline\": ");
	put_json_text(b, e->headline);
	ns_buf_printf(b, ", \"headline_from\": \"%s\", \"headline_article\": %u,\n     \"articles\": %u, \"records\": %u, "
	              "\"sources\": [", from[e->head_from], e->central + 1, e->narticles, e->nrecords);
	for (uint32_t k = 0; k < e->nsources; k++) {
		if (k) NS_PUTS(b, ", ");
		put_json_text(b, field(ds, e->sources[k], NS_F_SOURCE));
	}
	char db[DATE_BUF];
	NS_PUTS(b, "], \"first_date\": ");
	if (e->first_date != UINT32_MAX) put_json_field(b, fmt_date(ds, e->first_date, db));
	else NS_PUTS(b, "null");
	NS_PUTS(b, ", \"last_date\": ");
	if (e->last_date != UINT32_MAX) put_json_field(b, fmt_date(ds, e->last_date, db));
	else NS_PUTS(b, "null");
	NS_PUTS(b, ",\n     \"summary\": [");
	for (uint32_t k = 0; k < e->nsummary; k++) {
		const ns_digest_sentence *x = &e->summary[k];
		uint32_t doc = e->articles[x->article].doc;
		if (k) NS_PUTS(b, ",");
		NS_PUTS(b, "\n       {\"text\": ");
		put_json_text(b, x->text);
		ns_buf_printf(b, ", \"article\": %u, \"id\": ", x->article + 1);
		ns_json_str(b, ns_docs_field(ds, doc, NS_F_ID), ns_docs_len(ds, doc, NS_F_ID));
		ns_buf_printf(b, ", \"sentence\": %u, \"url\": ", x->sent);
		put_json_url(b, ds, doc);
		NS_PUTS(b, "}");
	}
	NS_PUTS(b, "],\n     \"members\": [");
	for (uint32_t k = 0; k < e->narticles; k++) {
		const ns_digest_article *a = &e->articles[k];
		ns_buf_printf(b, "%s\n       {\"n\": %u, \"id\": ", k ? "," : "", k + 1);
		ns_json_str(b, ns_docs_field(ds, a->doc, NS_F_ID), ns_docs_len(ds, a->doc, NS_F_ID));
		NS_PUTS(b, ", \"title\": ");
		put_json_field(b, field(ds, a->doc, NS_F_TITLE));
		NS_PUTS(b, ", \"listing\": ");
		put_json_text(b, a->list);
		ns_buf_printf(b, ", \"listing_from\": \"%s\", \"source\": ", a->titled ? "title" : "text");
		put_json_field(b, field(ds, a->doc, NS_F_SOURCE));
		NS_PUTS(b, ", \"date\": ");
		put_json_field(b, fmt_date(ds, a->doc, db));
		NS_PUTS(b, ", \"url\": ");
		put_json_url(b, ds, a->doc);
		ns_buf_printf(b, ", \"copies\": %u}", a->copies);
	}
	NS_PUTS(b, "]}");
}

static void json_tail(ns_buf *b, const ns_digest *d)
{
	if (d->nstories) NS_PUTS(b, "\n  ]\n}\n");
	else NS_PUTS(b, "]\n}\n");
}

ns_status ns_digest_render(const ns_digest *d, const ns_docs *ds, ns_digest_format fmt, ns_buf *b, ns_digest_sink sink,
                           void *ud)
{
	static void (*const head[])(ns_buf *, const ns_digest *) = {md_head, html_head, json_head};
	static void (*const story[])(ns_buf *, const ns_digest *, const ns_docs *, size_t) = {md_story, html_story,
	                                                                                       json_story};
	static void (*const tail[])(ns_buf *, const ns_digest *) = {md_tail, html_tail, json_tail};
	if ((unsigned)fmt > NS_DIGEST_JSON) return NS_ERR_OPTION;
	head[fmt](b, d);
	for (size_t i = 0; i < d->nstories; i++) {
		story[fmt](b, d, ds, i);
		if (sink && sink(ud, b)) return NS_ERR_IO;
	}
	tail[fmt](b, d);
	return NS_OK;
}
