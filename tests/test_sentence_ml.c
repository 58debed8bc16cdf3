/* newsift — the sentence splitter on real news in seven languages.
 *
 * Reads the MultiLing 2011 articles in place from
 * $NEWSIFT_DATA/multiling2011/<lang>/articles.jsonl (NEWSIFT_DATA defaults to
 * ../shared/data, as for make eval) and skips, passing, when they are absent;
 * the data are never copied into the repository.  There is no sentence gold
 * for these texts, so the checks are properties a good split must have:
 *   - every paragraph gives at least one sentence, and no article has more
 *     sentences than it has end marks plus paragraphs;
 *   - few sentences are very long (a missed end) or are short fragments that
 *     end in a period inside a paragraph (a split at an abbreviation);
 *   - the ten topics x ten articles are translations of one another, so an
 *     article has about as many sentences in every language as in English
 *     (within 20% or one sentence for most articles, and in total);
 *   - the reference summaries come one sentence per line (split by the data
 *     set's own rule-based splitter): joined by spaces and split again, most
 *     of their line ends that follow an end mark are found again, and few
 *     other ends appear.
 * With -v (or NS_VERBOSE=1) it prints a table per language, the sentences
 * that break the length and fragment rules, and the places where the split
 * and the references disagree. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newsift/sentence.h"
#include "check.h"

#define ML_LANGS 7
#define ML_MAX_DOCS 128        /* ids are ml-xx-TT-DD with TT, DD < 10 */
#define LONG_WORDS 80          /* a sentence this long is almost surely two */
#define MAX_LONG_SHARE 0.01    /* at most 1% of sentences that long */
#define FRAG_WORDS 2           /* a period-final sentence this short inside a paragraph ... */
#define MAX_FRAG_SHARE 0.01    /* ... is a split at an abbreviation; at most 1% */
#define MIN_COUNT_RATIO 0.85   /* mean sentences per article / English, per language */
#define MAX_COUNT_RATIO 1.15
#define NEAR_SHARE 0.20        /* an article's count is near the English one within 20% ... */
#define NEAR_ABS 1             /* ... or within one sentence */
#define MIN_NEAR_SHARE 0.70    /* share of articles whose count is near the English one */
#define MIN_REF_RECALL 0.95    /* reference line ends found again */
#define MIN_REF_PRECISION 0.95 /* our ends that are reference line ends */
#define SHOW_MAX 12            /* examples printed per language and kind in -v */
#define REF_CONTEXT 60         /* bytes shown either side of a missed reference end */

static const char *const langs[ML_LANGS] = { "en", "fr", "cs", "el", "ar", "he", "hi" };
static int verbose;

enum { REF_START = 1, OUR_START = 2 }; /* marks of a byte of a joined summary */

typedef struct {
	size_t docs, paras, sents, words, longs, frags, max_words, refs_lines, refs_found, refs_ours;
	size_t count[ML_MAX_DOCS]; /* sentences per article, by topic*10+doc; 0 = absent */
	size_t shown_long, shown_frag, shown_ref;
} lang_stats;

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_ws((unsigned char)s[i]) && (i == 0 || is_ws((unsigned char)s[i - 1]))) w++;
	return w;
}

/* End marks of the seven languages: . ! ? ; (Greek) ؟ ; । ॥ | (Hindi) … */
static const char *const end_marks[] = { ".", "!", "?", ";", "\xd8\x9f", "\xcd\xbe", "\xe0\xa5\xa4", "\xe0\xa5\xa5", "|",
	"\xe2\x80\xa6" };

/* End marks in s[0..n): an upper bound on the sentence ends. */
static size_t count_marks(const char *s, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(end_marks) / sizeof(end_marks[0]); k++) {
			size_t l = strlen(end_marks[k]);
			if (i + l <= n && !memcmp(s + i, end_marks[k], l)) {
				m++;
				i += l - 1;
				break;
			}
		}
	return m;
}

/* Does s[0..n) end in an end mark, behind closing quotes and brackets? */
static int ends_with_mark(const char *s, size_t n)
{
	static const char *const tails[] = { "\"", "'", ")", "]", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb", " ",
		"\xc2\xa0" };
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
			size_t l = strlen(tails[k]);
			if (n >= l && !memcmp(s + n - l, tails[k], l)) {
				n -= l;
				again = 1;
			}
		}
	}
	for (size_t k = 0; k < sizeof(end_marks) / sizeof(end_marks[0]); k++) {
		size_t l = strlen(end_marks[k]);
		if (n >= l && !memcmp(s + n - l, end_marks[k], l)) return 1;
	}
	return 0;
}

/* Paragraphs: runs of text between line ends. */
static size_t count_paras(const char *s, size_t n)
{
	size_t p = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && is_ws((unsigned char)s[i])) i++;
		if (i >= n) break;
		p++;
		while (i < n && s[i] != '\n') i++;
	}
	return p;
}

/* Start of the paragraph (line) holding s[i], and its end. */
static void para_of(const char *s, size_t n, size_t i, size_t *ps, size_t *pe)
{
	size_t a = i, b = i;
	while (a > 0 && s[a - 1] != '\n') a--;
	while (b < n && s[b] != '\n') b++;
	*ps = a;
	*pe = b;
}

static void show(const char *lang, const char *kind, const char *id, const char *s, size_t n)
{
	fprintf(stderr, "  %s %s %s: %.*s\n", lang, kind, id, (int)(n > 400 ? 400 : n), s);
}

static void article(lang_stats *st, const char *lang, const char *id, const char *text, size_t len, ns_span **sp,
		    size_t *cap)
{
	size_t n = ns_sent_split(text, len, sp, cap);
	CHECK(n != (size_t)-1);
	if (n == (size_t)-1) return;
	size_t paras = count_paras(text, len), marks = count_marks(text, len);
	CHECK(n >= paras);
	CHECK(n <= marks + paras);
	st->docs++;
	st->paras += paras;
	st->sents += n;
	for (size_t i = 0; i < n; i++) {
		const char *s = text + (*sp)[i].start;
		size_t l = (*sp)[i].len, w = count_words(s, l);
		st->words += w;
		if (w > st->max_words) st->max_words = w;
		if (w > LONG_WORDS) {
			st->longs++;
			if (verbose && st->shown_long++ < SHOW_MAX) show(lang, "long", id, s, l);
		}
		size_t ps, pe;
		para_of(text, len, (*sp)[i].start, &ps, &pe);
		int whole = ps == (*sp)[i].start && pe == (*sp)[i].start + l;
		if (w <= FRAG_WORDS && !whole && s[l - 1] == '.') {
			st->frags++;
			if (verbose && st->shown_frag++ < SHOW_MAX) show(lang, "fragment", id, s, l);
		}
	}
	/* ml-xx-TT-DD */
	size_t il = strlen(id);
	if (il >= 5 && id[il - 3] == '-') {
		int t = atoi(id + il - 5), d = atoi(id + il - 2);
		if (t >= 0 && d >= 0 && t * 10 + d < ML_MAX_DOCS) st->count[t * 10 + d] = n;
	}
}

/* One summary: lines are the reference sentences; join them with a space,
 * split, and compare the boundaries (byte offsets of sentence starts). */
static void reference(lang_stats *st, const char *lang, const char *sum, ns_span **sp, size_t *cap)
{
	size_t len = strlen(sum);
	char *j = malloc(len + 1);
	uint8_t *is_start = calloc(len + 1, 1);
	if (!j || !is_start) {
		free(j);
		free(is_start);
		CHECK(!"out of memory");
		return;
	}
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && is_ws((unsigned char)sum[i])) i++;
		if (i >= len) break;
		if (o) j[o++] = ' ';
		size_t e = i;
		while (e < len && sum[e] != '\n') e++;
		size_t t = e;
		while (t > i && is_ws((unsigned char)sum[t - 1])) t--;
		/* a line that ends without an end mark is a wrap of the summary's
		 * file, not a sentence end */
		if (o && ends_with_mark(j, o)) {
			is_start[o] = REF_START;
			st->refs_lines++;
		}
		memcpy(j + o, sum + i, t - i);
		o += t - i;
		i = e;
	}
	j[o] = 0;
	size_t n = ns_sent_split(j, o, sp, cap);
	CHECK(n != (size_t)-1);
	for (size_t i = 1; i < n && n != (size_t)-1; i++) {
		st->refs_ours++;
		st->refs_found += is_start[(*sp)[i].start] & REF_START;
		is_start[(*sp)[i].start] |= OUR_START;
	}
	for (size_t i = 0; verbose && i < o && n != (size_t)-1; i++) {
		int ours = is_start[i] == OUR_START;
		if ((is_start[i] != REF_START && !ours) || st->shown_ref++ >= SHOW_MAX) continue;
		size_t a = i > REF_CONTEXT ? i - REF_CONTEXT : 0, b = i + REF_CONTEXT < o ? i + REF_CONTEXT : o;
		while (a > 0 && ((unsigned char)j[a] & 0xC0) == 0x80) a--;
		while (b < o && ((unsigned char)j[b] & 0xC0) == 0x80) b++;
		fprintf(stderr, "  %s %s: %.*s|%.*s\n", lang, ours ? "split not in the reference" : "reference end missed",
			(int)(i - a), j + a, (int)(b - i), j + i);
	}
	free(j);
	free(is_start);
}

typedef void (*line_fn)(lang_stats *st, const char *lang, json_object *o, ns_span **sp, size_t *cap);

static void on_article(lang_stats *st, const char *lang, json_object *o, ns_span **sp, size_t *cap)
{
	json_object *id, *text;
	CHECK(json_object_object_get_ex(o, "id", &id) && json_object_object_get_ex(o, "text", &text));
	if (!id || !text) return;
	article(st, lang, json_object_get_string(id), json_object_get_string(text),
		(size_t)json_object_get_string_len(text), sp, cap);
}

static void on_reference(lang_stats *st, const char *lang, json_object *o, ns_span **sp, size_t *cap)
{
	json_object *sums;
	CHECK(json_object_object_get_ex(o, "summaries", &sums));
	if (!sums) return;
	for (size_t i = 0; i < json_object_array_length(sums); i++)
		reference(st, lang, json_object_get_string(json_object_array_get_idx(sums, i)), sp, cap);
}

/* Each line of path through fn; 0 when the file cannot be opened. */
static int each_line(const char *path, lang_stats *st, const char *lang, line_fn fn)
{
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	ssize_t r;
	ns_span *sp = NULL;
	while ((r = getline(&line, &lcap, f)) > 0) {
		json_object *o = json_tokener_parse(line);
		CHECK(o != NULL);
		if (!o) continue;
		fn(st, lang, o, &sp, &cap);
		json_object_put(o);
	}
	free(sp);
	free(line);
	fclose(f);
	return 1;
}

int main(int argc, char **argv)
{
	verbose = (argc > 1 && !strcmp(argv[1], "-v")) || (getenv("NS_VERBOSE") && *getenv("NS_VERBOSE") == '1');
	const char *data = getenv("NEWSIFT_DATA");
	char dir[4096], path[4200];
	snprintf(dir, sizeof(dir), "%s/multiling2011", data && *data ? data : "../shared/data");
	static lang_stats st[ML_LANGS];
	int found = 0;
	for (int l = 0; l < ML_LANGS; l++) {
		snprintf(path, sizeof(path), "%s/%s/articles.jsonl", dir, langs[l]);
		if (!each_line(path, &st[l], langs[l], on_article)) continue;
		found++;
		snprintf(path, sizeof(path), "%s/%s/references.jsonl", dir, langs[l]);
		each_line(path, &st[l], langs[l], on_reference);
	}
	if (!found) {
		fprintf(stderr, "%s: %s not found, skipped\n", __FILE__, dir);
		return TEST_DONE();
	}
	if (verbose)
		fprintf(stderr, "lang docs paras sents words/sent max long frag count/en same near ref-recall ref-prec\n");
	for (int l = 0; l < ML_LANGS; l++) {
		lang_stats *s = &st[l];
		if (!s->docs) continue;
		size_t pairs = 0, same = 0, near = 0, sum_l = 0, sum_en = 0;
		for (int d = 0; d < ML_MAX_DOCS; d++) {
			if (!s->count[d] || !st[0].count[d]) continue;
			size_t a = s->count[d], b = st[0].count[d], diff = a > b ? a - b : b - a;
			pairs++;
			same += a == b;
			near += diff <= NEAR_ABS || (double)diff <= NEAR_SHARE * (double)b;
			sum_l += s->count[d];
			sum_en += st[0].count[d];
		}
		double ratio = sum_en ? (double)sum_l / (double)sum_en : 1;
		double same_share = pairs ? (double)same / (double)pairs : 1;
		double near_share = pairs ? (double)near / (double)pairs : 1;
		double recall = s->refs_lines ? (double)s->refs_found / (double)s->refs_lines : 1;
		double prec = s->refs_ours ? (double)s->refs_found / (double)s->refs_ours : 1;
		double long_share = (double)s->longs / (double)s->sents, frag_share = (double)s->frags / (double)s->sents;
		if (verbose)
			fprintf(stderr, "%-4s %4zu %5zu %5zu %10.1f %3zu %4zu %4zu %8.3f %4.2f %4.2f %10.3f %8.3f\n", langs[l],
				s->docs, s->paras, s->sents, (double)s->words / (double)s->sents, s->max_words, s->longs,
				s->frags, ratio, same_share, near_share, recall, prec);
		int before = ns_t_fail;
		CHECK(long_share <= MAX_LONG_SHARE);
		CHECK(frag_share <= MAX_FRAG_SHARE);
		CHECK(ratio >= MIN_COUNT_RATIO && ratio <= MAX_COUNT_RATIO);
		CHECK(near_share >= MIN_NEAR_SHARE);
		CHECK(recall >= MIN_REF_RECALL);
		CHECK(prec >= MIN_REF_PRECISION);
		if (ns_t_fail != before) fprintf(stderr, "  in language %s\n", langs[l]);
	}
	return TEST_DONE();
}
