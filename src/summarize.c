/* newsift — sentence splitting and extractive multi-document summaries.
 *
 * Splitting is one left-to-right pass.  A line end closes the sentence unless
 * it is a hard wrap (the line does not end in a sentence end and the next line
 * starts with a lower-case letter).  Inside a line a run of . ! ? or an
 * ellipsis, plus any closing quotes or brackets after it, ends a sentence when
 * white space follows and then an upper-case letter or digit (optionally
 * behind opening quotes or brackets).  A lone period is then vetted by the
 * word in front of it: titles, months and the like never end a sentence; a
 * single capital is an initial; "No." ends one unless a number follows;
 * company suffixes, "Jr."/"Sr.", a.m./p.m. and dotted forms such as U.S. end a
 * sentence only when the next word is a usual sentence starter (The, He, ...).
 * An ellipsis ends a sentence only before a capital letter.
 *
 * Summaries follow the centroid method (MEAD) with a greedy, MMR-like pick.
 * Every article is split and tokenised once.  Sentences of 6 to 80 words that
 * do not look like headlines, bylines, banners or pieces of a quotation that
 * spans several sentences (unbalanced double quotes) become candidates; if a
 * story has none, every sentence with a letter is a candidate, so a story
 * with text always gets a summary.  Content words (not stop words, at least
 * two bytes) are hashed into 64-bit term ids.  Each article gives a vector of
 * sqrt(tf) over all its words, scaled to unit length so that long articles do
 * not outvote short ones; the centroid is the sum of the article vectors times
 * df/N, the share of articles that use the term, which favours what the
 * sources agree on.  A candidate scores its cosine to the centroid plus a lead
 * prior POS_WEIGHT/(1 + its rank among its article's candidates).  Candidates
 * are then taken best first, skipping any that would overflow the budget or
 * whose cosine to an already chosen sentence exceeds the redundancy limit
 * (exact duplicates always count as redundant), and printed in reading order.
 *
 * Determinism: only + - * / and sqrt are used on doubles (all correctly
 * rounded in IEEE 754, unlike log or pow), every sum runs in a fixed order
 * (sorted term ids, then article index), and every sort has a full tie-break,
 * so the result is the same bytes on every run and platform — as long as the
 * compiler does not fuse a*b+c into one FMA: build with -std=c11 (GCC then
 * keeps -ffp-contract=off) or pass -ffp-contract=off; clang obeys the pragma
 * below.  Nothing here is global or static-mutable, so calls on different
 * stories may run concurrently. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "newsift/summarize.h"
#include "newsift/tokenize.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Character classes                                                   */
/* ------------------------------------------------------------------ */

#define CP_ELLIPSIS 0x2026
#define CP_BAD 0xFFFD

/* Code point at t[i] (i < len).  An invalid byte reads as U+FFFD of length 1
 * so that a scan always advances, even on text that is not valid UTF-8. */
static size_t cp_at(const char *t, size_t len, size_t i, int32_t *cp)
{
	size_t l = ns_utf8_decode((const unsigned char *)t + i, len - i, cp);
	if (!l) {
		*cp = CP_BAD;
		l = 1;
	}
	return l;
}

/* Start of the code point that ends just before t[i] (i > 0). */
static size_t cp_before(const char *t, size_t i, int32_t *cp)
{
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)t[j] & 0xC0) == 0x80) j--;
	if (ns_utf8_decode((const unsigned char *)t + j, i - j, cp) != i - j) {
		*cp = CP_BAD;
		return i - 1;
	}
	return j;
}

/* White space other than a line end; Zs covers no-break and thin spaces,
 * which survive cleaning. */
static int is_hspace(int32_t cp)
{
	if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_space(int32_t cp)
{
	return cp == '\n' || is_hspace(cp);
}

static int is_upper(int32_t cp)
{
	if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t cp)
{
	if (cp < 0x80) return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_digit(int32_t cp)
{
	if (cp < 0x80) return cp >= '0' && cp <= '9';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_terminal(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == CP_ELLIPSIS;
}

/* Marks that close a quotation or parenthesis after the final punctuation:
 * " ' ) ] } ” ’ » ›.  The ASCII quotes are both openers and closers; their
 * place (after punctuation or after white space) decides. */
static int is_closer(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case ')': case ']': case '}':
	case 0x201D: case 0x2019: case 0x00BB: case 0x203A:
		return 1;
	default:
		return 0;
	}
}

/* Marks that may precede the first word of a sentence: " ' ( [ { “ ‘ „ « ‹ ¿ ¡. */
static int is_opener(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case '(': case '[': case '{':
	case 0x201C: case 0x2018: case 0x201E: case 0x00AB: case 0x2039: case 0x00BF: case 0x00A1:
		return 1;
	default:
		return 0;
	}
}

/* First position at or after i that is not white space (line ends included). */
static size_t skip_space(const char *t, size_t len, size_t i)
{
	while (i < len) {
		int32_t cp;
		size_t l = cp_at(t, len, i, &cp);
		if (!is_space(cp)) break;
		i += l;
	}
	return i;
}

static size_t skip_hspace(const char *t, size_t len, size_t i)
{
	while (i < len) {
		int32_t cp;
		size_t l = cp_at(t, len, i, &cp);
		if (!is_hspace(cp)) break;
		i += l;
	}
	return i;
}

/* ------------------------------------------------------------------ */
/* Abbreviations                                                       */
/* ------------------------------------------------------------------ */

/* Never end a sentence: titles, months, "St.", "vs.", "etc." (a sentence
 * that ends in "etc." followed by a capital is rarer than "etc. Smith"-like
 * continuations, so we keep it whole), Latin "e.g."/"i.e." and "v." of case
 * names.  Case-sensitive: "Gen." is a rank, "gen." is not. */
static const char *const abbr_always[] = {
	"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Maj", "Adm",
	"Cpl", "Pvt", "Sen", "Rep", "Gov", "Pres", "Rev", "Hon", "Supt", "Det", "Messrs", "Gens",
	"Sens", "Reps", "St", "Mt", "Ft", "vs", "v", "etc", "e.g", "i.e",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
};

/* End a sentence unless a number follows ("No. 3" but: He said "No." Then ...). */
static const char *const abbr_number[] = { "No", "Nos" };

/* Often the last word of a sentence as well as a word inside one ("Acme
 * Inc. The company ..." / "Acme Inc. Chief Executive ..."): a split needs a
 * usual sentence starter after it.  Dotted single letters (U.S., a.m., D.C.)
 * are recognised by shape and treated the same way. */
static const char *const abbr_starter[] = { "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros" };

/* Words that start sentences far more often than they follow a.m., U.S. or
 * Inc. inside one.  Kept short on purpose: a missed split costs less than a
 * sentence cut in two. */
static const char *const starters[] = {
	"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "So", "Yet",
	"This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "In",
};

static int in_list(const char *const *list, size_t n, const char *w, size_t wl)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == wl && !memcmp(list[i], w, wl)) return 1;
	return 0;
}

static int is_ascii_alpha(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

enum { ABBR_NONE, ABBR_ALWAYS, ABBR_NUMBER, ABBR_STARTER, ABBR_INITIAL };

/* Single ASCII letters joined by periods, at least two of them: U.S, a.m, J.R. */
static int is_dotted(const char *w, size_t wl)
{
	if (wl < 3 || !(wl & 1)) return 0;
	for (size_t i = 0; i < wl; i++) {
		unsigned c = (unsigned char)w[i];
		if (i & 1) {
			if (c != '.') return 0;
		} else if (!is_ascii_alpha(c)) {
			return 0;
		}
	}
	return 1;
}

/* Class of the word that ends just before the period at t[i]: the run of
 * non-space characters before it, without leading openers or trailing
 * closers (so "(Mr." and "\"No\"." are looked up as Mr and No). */
static int abbr_class(const char *t, size_t len, size_t i)
{
	size_t ws = i, we = i;
	int32_t cp;
	while (ws > 0) {
		size_t p = cp_before(t, ws, &cp);
		if (is_space(cp)) break;
		ws = p;
	}
	while (ws < we) {
		size_t l = cp_at(t, len, ws, &cp);
		if (!is_opener(cp)) break;
		ws += l;
	}
	while (we > ws) {
		size_t p = cp_before(t, we, &cp);
		if (!is_closer(cp)) break;
		we = p;
	}
	const char *w = t + ws;
	size_t wl = we - ws;
	if (!wl) return ABBR_NONE;
	if (in_list(abbr_always, N_ELEMS(abbr_always), w, wl)) return ABBR_ALWAYS;
	if (in_list(abbr_number, N_ELEMS(abbr_number), w, wl)) return ABBR_NUMBER;
	if (in_list(abbr_starter, N_ELEMS(abbr_starter), w, wl) || is_dotted(w, wl)) return ABBR_STARTER;
	if (cp_at(t, len, ws, &cp) == wl && is_upper(cp)) return ABBR_INITIAL;
	return ABBR_NONE;
}

/* Is the word at t[w] one of the usual sentence starters? */
static int is_starter(const char *t, size_t len, size_t w)
{
	size_t e = w;
	while (e < len && is_ascii_alpha((unsigned char)t[e])) e++;
	if (e < len) {
		int32_t cp;
		cp_at(t, len, e, &cp);
		if (is_letter(cp) || is_digit(cp)) return 0;
	}
	return in_list(starters, N_ELEMS(starters), t + w, e - w);
}

/* ------------------------------------------------------------------ */
/* Sentence ends                                                       */
/* ------------------------------------------------------------------ */

enum { RUN_STOP, RUN_ELLIPSIS, RUN_EXCLAIM };

/* Kind of the run of final punctuation t[i..j): any ! or ? makes it an
 * exclamation or question; two or more periods or a … make an ellipsis. */
static int run_kind(const char *t, size_t len, size_t i, size_t j)
{
	int dots = 0, ell = 0;
	while (i < j) {
		int32_t cp;
		i += cp_at(t, len, i, &cp);
		if (cp == '!' || cp == '?') return RUN_EXCLAIM;
		if (cp == '.') dots++;
		else ell = 1;
	}
	return ell || dots > 1 ? RUN_ELLIPSIS : RUN_STOP;
}

/* Does the run t[i..j) end a sentence whatever follows?  Used at line ends,
 * where the next line is lower-case: only a plain period after an ordinary
 * word (or "No."), or ! and ?, count. */
static int is_sentence_end(const char *t, size_t len, size_t i, size_t j)
{
	switch (run_kind(t, len, i, j)) {
	case RUN_EXCLAIM: return 1;
	case RUN_ELLIPSIS: return 0;
	default: break;
	}
	int c = abbr_class(t, len, i);
	return c == ABBR_NONE || c == ABBR_NUMBER;
}

/* Should the run t[i..j) split inside a line, with the next word (after
 * white space) at t[m]? */
static int split_inline(const char *t, size_t len, size_t i, size_t j, size_t m)
{
	int32_t cp;
	size_t w = m;
	for (int q = 0; q < 3 && w < len; q++) { /* at most a few stacked openers: (“ */
		size_t l = cp_at(t, len, w, &cp);
		if (!is_opener(cp)) break;
		w += l;
	}
	if (w >= len) return 0;
	cp_at(t, len, w, &cp);
	int up = is_upper(cp), dig = is_digit(cp);
	if (!up && !dig) return 0;
	switch (run_kind(t, len, i, j)) {
	case RUN_EXCLAIM: return 1;
	case RUN_ELLIPSIS: return up;
	default: break;
	}
	switch (abbr_class(t, len, i)) {
	case ABBR_ALWAYS: case ABBR_INITIAL: return 0;
	case ABBR_NUMBER: return !dig;
	case ABBR_STARTER: return up && is_starter(t, len, w);
	default: return 1;
	}
}

/* Is the line end at t[nl] a hard wrap inside a sentence? */
static int line_joins(const char *t, size_t len, size_t nl)
{
	int32_t cp;
	size_t m = skip_hspace(t, len, nl + 1);
	if (m >= len) return 0;
	cp_at(t, len, m, &cp);
	if (!is_lower(cp)) return 0;
	size_t e = nl;
	while (e > 0) {
		size_t p = cp_before(t, e, &cp);
		if (!is_hspace(cp)) break;
		e = p;
	}
	while (e > 0) {
		size_t p = cp_before(t, e, &cp);
		if (!is_closer(cp)) break;
		e = p;
	}
	if (e == 0) return 0;
	cp_before(t, e, &cp);
	if (cp == '\n') return 0; /* an empty line is a paragraph break */
	if (!is_terminal(cp)) return 1;
	size_t i = e;
	while (i > 0) {
		size_t p = cp_before(t, i, &cp);
		if (!is_terminal(cp)) break;
		i = p;
	}
	return !is_sentence_end(t, len, i, e);
}

/* Append t[s..e) without trailing white space, unless nothing is left. */
static int emit(const char *t, size_t s, size_t e, ns_span **spans, size_t *cap, size_t *n)
{
	while (e > s) {
		int32_t cp;
		size_t p = cp_before(t, e, &cp);
		if (!is_space(cp)) break;
		e = p;
	}
	if (e <= s) return 0;
	void *p = *spans;
	if (ns_grow(&p, cap, *n + 1, sizeof(ns_span))) return -1;
	*spans = p;
	(*spans)[*n].start = (uint32_t)s;
	(*spans)[*n].len = (uint32_t)(e - s);
	(*n)++;
	return 0;
}

/* The header says spans are "appended"; with no count passed in, that means
 * the array is refilled from index 0 and only grows.  Texts of 4 GiB or more
 * cannot be described by 32-bit spans and fail like an allocation. */
size_t ns_sent_split(const char *text, size_t len, ns_span **spans, size_t *cap)
{
	size_t n = 0;
	if (len > UINT32_MAX) return (size_t)-1;
	size_t start = skip_space(text, len, 0), i = start;
	while (i < len) {
		int32_t cp;
		size_t l = cp_at(text, len, i, &cp);
		if (cp == '\n') {
			if (line_joins(text, len, i)) {
				i++;
				continue;
			}
			if (emit(text, start, i, spans, cap, &n)) return (size_t)-1;
			start = i = skip_space(text, len, i + 1);
			continue;
		}
		if (!is_terminal(cp)) {
			i += l;
			continue;
		}
		size_t j = i + l, k;
		while (j < len) {
			l = cp_at(text, len, j, &cp);
			if (!is_terminal(cp)) break;
			j += l;
		}
		for (k = j; k < len; k += l) {
			l = cp_at(text, len, k, &cp);
			if (!is_closer(cp)) break;
		}
		/* A line end after the punctuation is left to the line-end rule. */
		if (k < len) {
			cp_at(text, len, k, &cp);
			if (is_hspace(cp)) {
				size_t m = skip_hspace(text, len, k);
				if (m < len && text[m] != '\n' && split_inline(text, len, i, j, m)) {
					if (emit(text, start, k, spans, cap, &n)) return (size_t)-1;
					start = i = m;
					continue;
				}
			}
		}
		i = j;
	}
	if (emit(text, start, len, spans, cap, &n)) return (size_t)-1;
	return n;
}

/* ------------------------------------------------------------------ */
/* Summaries                                                           */
/* ------------------------------------------------------------------ */

#define SUM_MIN_WORDS 6       /* shorter sentences say too little out of context */
#define SUM_MAX_WORDS 80      /* longer ones are run-ons, tables or missed splits */
#define SUM_HEADLINE_WORDS 8  /* unpunctuated sentences shorter than this are headlines, bylines, datelines */
#define SUM_CAPS_WORDS 20     /* all-capital sentences shorter than this are banners */
#define SUM_POS_WEIGHT 0.3    /* lead prior: added POS_WEIGHT / (1 + rank in the article) */
#define SUM_TERM_SEED 0       /* term ids only need to agree within one call */
#define SUM_SIG_MUL 0x9E3779B97F4A7C15ULL

/* English function words, plus reporting verbs ("said", "told") and titles
 * that every news article is full of.  Kept in strcmp order for bsearch. */
static const char *const stop_words[] = {
	"about", "above", "according", "across", "after", "again", "against", "ago", "all", "almost",
	"along", "already", "also", "although", "am", "among", "an", "and", "another", "any",
	"anyone", "anything", "are", "aren", "around", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could",
	"couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "dr",
	"during", "each", "either", "else", "even", "ever", "every", "few", "for", "from",
	"further", "get", "got", "had", "hadn", "has", "hasn", "have", "haven", "having",
	"he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
	"if", "in", "including", "into", "is", "isn", "it", "its", "itself", "just",
	"least", "less", "like", "ll", "made", "make", "many", "may", "me", "might",
	"more", "most", "mr", "mrs", "ms", "much", "must", "my", "myself", "near",
	"neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once",
	"one", "only", "onto", "or", "other", "others", "our", "ours", "ourselves", "out",
	"over", "own", "per", "rather", "re", "really", "said", "same", "say", "saying",
	"says", "she", "should", "shouldn", "since", "so", "some", "still", "such", "than",
	"that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "though", "through", "thus", "to", "told", "too", "toward", "under",
	"until", "up", "upon", "us", "ve", "very", "via", "was", "wasn", "we",
	"were", "weren", "what", "when", "where", "whether", "which", "while", "who", "whom",
	"whose", "why", "will", "with", "within", "without", "would", "wouldn", "yet", "you",
	"your", "yours", "yourself",
};

static int cmp_stop(const void *key, const void *elt)
{
	return strcmp((const char *)key, *(const char *const *)elt);
}

#ifndef NDEBUG
static int stop_words_sorted(void)
{
	for (size_t i = 1; i < N_ELEMS(stop_words); i++)
		if (strcmp(stop_words[i - 1], stop_words[i]) >= 0) return 0;
	return 1;
}
#endif

/* A normalised (NUL-terminated) token that carries topic: two bytes or more
 * (single letters are mostly split contractions: the s of "it's") and not a
 * stop word.  Numbers count: shared figures tie reports of one event. */
static int is_content(const char *tok, size_t len)
{
	return len >= 2 && !bsearch(tok, stop_words, N_ELEMS(stop_words), sizeof(stop_words[0]), cmp_stop);
}

typedef struct {
	uint64_t term;
	double w;
} sum_tw;

typedef struct {
	uint64_t term;
	uint32_t doc;
	double w;
} sum_dtw;

typedef struct {
	uint32_t doc, sent, words;
	uint32_t dorder;   /* docs[doc].order, kept here for the sort */
	uint32_t rank[2];  /* rank among the article's candidates: [0] fallback tier, [1] strict tier */
	int strict;        /* passed every filter; else a fallback candidate only */
	ns_span span;
	size_t voff, vlen; /* term vector in sum_work.pool, sorted by term */
	double norm, score;
	uint64_t sig;      /* hash of the whole token sequence: equal means duplicate */
} sum_cand;

typedef struct {
	const char *date;
	uint32_t dorder, doc, sent;
	ns_span span;
} sum_pick;

/* Everything one call allocates; sum_work_free releases it all. */
typedef struct {
	ns_tokens tok;
	ns_span *spans;
	size_t spans_cap;
	uint64_t *th;       /* hash of each token of the current article */
	unsigned char *tc;  /* is that token a content word */
	size_t th_cap, tc_cap;
	uint64_t *sv;       /* scratch: content term ids to sort and count */
	size_t sv_cap;
	sum_tw *pool;       /* candidate vectors */
	size_t npool, pool_cap;
	sum_dtw *dv;        /* article vectors, all articles */
	size_t ndv, dv_cap;
	sum_tw *cent;       /* centroid, sorted by term */
	size_t ncent;
	sum_cand *cand;
	size_t ncand, cand_cap;
	size_t *chosen;     /* indices into cand */
	size_t nchosen;
} sum_work;

static void sum_work_free(sum_work *w)
{
	ns_tokens_free(&w->tok);
	free(w->spans);
	free(w->th);
	free(w->tc);
	free(w->sv);
	free(w->pool);
	free(w->dv);
	free(w->cent);
	free(w->cand);
	free(w->chosen);
}

/* ns_grow on a typed array without punning its pointer through void **;
 * returns NS_ERR_NOMEM from the enclosing function on failure. */
#define GROW_OR_FAIL(arr, cap, need) do { \
		void *p_ = (arr); \
		if (ns_grow(&p_, &(cap), (need), sizeof(*(arr)))) return NS_ERR_NOMEM; \
		(arr) = p_; \
	} while (0)

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_dtw(const void *a, const void *b)
{
	const sum_dtw *x = a, *y = b;
	if (x->term != y->term) return x->term < y->term ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Best score first; equal scores in input order (doc order, doc index,
 * sentence index) so that the pick never depends on qsort's whims. */
static int cmp_score(const void *a, const void *b)
{
	const sum_cand *x = a, *y = b;
	if (x->score != y->score) return x->score > y->score ? -1 : 1;
	if (x->dorder != y->dorder) return x->dorder < y->dorder ? -1 : 1;
	if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
	return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* Reading order: dated articles first, by date, then by input order. */
static int cmp_pick(const void *a, const void *b)
{
	const sum_pick *x = a, *y = b;
	int ex = !x->date[0], ey = !y->date[0];
	if (ex != ey) return ex - ey;
	int c = strcmp(x->date, y->date);
	if (c) return c < 0 ? -1 : 1;
	if (x->dorder != y->dorder) return x->dorder < y->dorder ? -1 : 1;
	if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
	return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* Which tier a sentence s[0..n) of `words` tokens qualifies for: 2 = a
 * candidate, 1 = only a fallback candidate (it has a letter), 0 = never. */
static int sent_tier(const char *s, size_t n, uint32_t words)
{
	int letter = 0, lower = 0;
	size_t straight = 0, open = 0, close = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += cp_at(s, n, i, &cp);
		if (is_letter(cp)) {
			letter = 1;
			lower |= is_lower(cp);
		}
		straight += cp == '"';
		open += cp == 0x201C;
		close += cp == 0x201D;
	}
	if (!letter) return 0;
	if (words < SUM_MIN_WORDS || words > SUM_MAX_WORDS) return 1;
	if (!lower && words < SUM_CAPS_WORDS) return 1;
	/* Unbalanced double quotes mark a piece of a quotation that runs over
	 * several sentences; out of context it reads as a fragment. */
	if ((straight & 1) || open != close) return 1;
	/* Look at the last mark, behind closing quotes. */
	size_t e = n;
	int32_t cp = 0;
	while (e > 0) {
		size_t p = cp_before(s, e, &cp);
		if (!is_closer(cp)) break;
		e = p;
	}
	if (e > 0 && !is_terminal(cp)) {
		/* A colon announces a quote or list that the summary will not carry. */
		if (cp == ':') return 1;
		if (words < SUM_HEADLINE_WORDS) return 1;
	}
	return 2;
}

/* Append the unit-length vector of the article's content terms to w->dv. */
static ns_status add_doc_vector(sum_work *w, uint32_t d, size_t nh)
{
	uint64_t *v = w->sv;
	ns_qsort(v, nh, sizeof(uint64_t), cmp_u64);
	size_t first = w->ndv;
	double ss = 0;
	for (size_t i = 0; i < nh;) {
		size_t j = i + 1;
		while (j < nh && v[j] == v[i]) j++;
		GROW_OR_FAIL(w->dv, w->dv_cap, w->ndv + 1);
		double tf = (double)(j - i);
		w->dv[w->ndv].term = v[i];
		w->dv[w->ndv].doc = d;
		w->dv[w->ndv].w = sqrt(tf);
		w->ndv++;
		ss += tf; /* sqrt(tf)^2, exactly */
		i = j;
	}
	double norm = sqrt(ss);
	for (size_t i = first; i < w->ndv; i++) w->dv[i].w /= norm;
	return NS_OK;
}

/* Append the candidate's vector (sqrt(tf) per content term) to w->pool. */
static ns_status add_sent_vector(sum_work *w, sum_cand *c, size_t nh)
{
	uint64_t *v = w->sv;
	ns_qsort(v, nh, sizeof(uint64_t), cmp_u64);
	c->voff = w->npool;
	double ss = 0;
	for (size_t i = 0; i < nh;) {
		size_t j = i + 1;
		while (j < nh && v[j] == v[i]) j++;
		GROW_OR_FAIL(w->pool, w->pool_cap, w->npool + 1);
		double tf = (double)(j - i);
		w->pool[w->npool].term = v[i];
		w->pool[w->npool].w = sqrt(tf);
		w->npool++;
		ss += tf;
		i = j;
	}
	c->vlen = w->npool - c->voff;
	c->norm = sqrt(ss);
	return NS_OK;
}

/* Split and tokenise article d, add its vector and its candidate sentences. */
static ns_status add_doc(sum_work *w, const ns_sum_doc *doc, uint32_t d)
{
	if (!doc->len) return NS_OK;
	size_t ns = ns_sent_split(doc->text, doc->len, &w->spans, &w->spans_cap);
	if (ns == (size_t)-1) return NS_ERR_NOMEM;
	ns_status st = ns_tokenize(doc->text, doc->len, &w->tok);
	if (st) return st;
	const ns_tokens *t = &w->tok;
	size_t nt = t->n;
	GROW_OR_FAIL(w->th, w->th_cap, nt + 1);
	GROW_OR_FAIL(w->tc, w->tc_cap, nt + 1);
	GROW_OR_FAIL(w->sv, w->sv_cap, nt + 1);
	size_t nh = 0;
	for (size_t k = 0; k < nt; k++) {
		const char *tok = t->norm.p + t->off[k];
		w->th[k] = ns_token_hash(tok, t->len[k], SUM_TERM_SEED);
		w->tc[k] = (unsigned char)is_content(tok, t->len[k]);
		if (w->tc[k]) w->sv[nh++] = w->th[k];
	}
	if ((st = add_doc_vector(w, d, nh))) return st;

	/* Tokens and sentences are both in text order, and sentence spans only
	 * leave out white space, so one merge walk assigns tokens to sentences. */
	size_t k = 0;
	uint32_t rank[2] = {0, 0};
	for (size_t s = 0; s < ns; s++) {
		ns_span sp = w->spans[s];
		size_t end = (size_t)sp.start + sp.len;
		while (k < nt && t->src[k] < sp.start) k++;
		size_t a = k;
		while (k < nt && t->src[k] < end) k++;
		uint32_t words = (uint32_t)(k - a);
		int tier = sent_tier(doc->text + sp.start, sp.len, words);
		if (!tier) continue;
		GROW_OR_FAIL(w->cand, w->cand_cap, w->ncand + 1);
		sum_cand *c = &w->cand[w->ncand];
		memset(c, 0, sizeof(*c));
		c->doc = d;
		c->sent = (uint32_t)s;
		c->words = words;
		c->dorder = doc->order;
		c->strict = tier == 2;
		c->rank[0] = rank[0]++;
		c->rank[1] = c->strict ? rank[1]++ : 0;
		c->span = sp;
		uint64_t sig = words;
		nh = 0;
		for (size_t q = a; q < k; q++) {
			sig = (sig ^ w->th[q]) * SUM_SIG_MUL;
			sig ^= sig >> 32;
			if (w->tc[q]) w->sv[nh++] = w->th[q];
		}
		c->sig = sig;
		if ((st = add_sent_vector(w, c, nh))) return st;
		w->ncand++;
	}
	return NS_OK;
}

/* Centroid: for each term, the sum of the article weights (in article
 * order) times the share of articles that use it. */
static ns_status build_centroid(sum_work *w, size_t ndocs, double *cnorm)
{
	ns_qsort(w->dv, w->ndv, sizeof(sum_dtw), cmp_dtw);
	w->cent = malloc((w->ndv ? w->ndv : 1) * sizeof(sum_tw));
	if (!w->cent) return NS_ERR_NOMEM;
	double ss = 0;
	for (size_t i = 0; i < w->ndv;) {
		size_t j = i;
		double sum = 0;
		while (j < w->ndv && w->dv[j].term == w->dv[i].term) sum += w->dv[j++].w;
		double cw = sum * ((double)(j - i) / (double)ndocs);
		w->cent[w->ncent].term = w->dv[i].term;
		w->cent[w->ncent].w = cw;
		w->ncent++;
		ss += cw * cw;
		i = j;
	}
	*cnorm = sqrt(ss);
	return NS_OK;
}

static double cent_weight(const sum_work *w, uint64_t term)
{
	size_t lo = 0, hi = w->ncent;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->cent[mid].term < term) lo = mid + 1;
		else hi = mid;
	}
	return lo < w->ncent && w->cent[lo].term == term ? w->cent[lo].w : 0.0;
}

static double cos_sents(const sum_work *w, const sum_cand *x, const sum_cand *y)
{
	if (x->norm == 0 || y->norm == 0) return 0;
	const sum_tw *a = w->pool + x->voff, *b = w->pool + y->voff;
	size_t i = 0, j = 0;
	double dot = 0;
	while (i < x->vlen && j < y->vlen) {
		if (a[i].term < b[j].term) i++;
		else if (a[i].term > b[j].term) j++;
		else dot += a[i++].w * b[j++].w;
	}
	return dot / (x->norm * y->norm);
}

static uint64_t budget_cost(const sum_cand *c, ns_budget_kind kind)
{
	switch (kind) {
	case NS_BUDGET_WORDS: return c->words;
	case NS_BUDGET_BYTES: return (uint64_t)c->span.len + 1; /* + a separator */
	case NS_BUDGET_SENTENCES: return 1;
	}
	return 1;
}

ns_status ns_summarize(const ns_sum_doc *docs, size_t ndocs, const ns_sum_params *prm,
                       ns_sum_sent **out, size_t *nout)
{
	assert(stop_words_sorted());
	*out = NULL;
	*nout = 0;
	if (prm->kind != NS_BUDGET_WORDS && prm->kind != NS_BUDGET_BYTES && prm->kind != NS_BUDGET_SENTENCES)
		return NS_ERR_OPTION;
	if (ndocs > UINT32_MAX) return NS_ERR_NOMEM;
	sum_work w;
	memset(&w, 0, sizeof(w));
	ns_status st = NS_OK;
	sum_pick *picks = NULL;
	for (size_t d = 0; d < ndocs; d++) {
		if (docs[d].len > UINT32_MAX) { st = NS_ERR_NOMEM; goto done; }
		if ((st = add_doc(&w, &docs[d], (uint32_t)d))) goto done;
	}
	if (!w.ncand) goto done;

	/* Fall back to every sentence with a letter only when no sentence
	 * passed the filters. */
	int strict = 0;
	for (size_t i = 0; i < w.ncand; i++) strict |= w.cand[i].strict;
	if (strict) {
		size_t m = 0;
		for (size_t i = 0; i < w.ncand; i++)
			if (w.cand[i].strict) w.cand[m++] = w.cand[i];
		w.ncand = m;
	}

	double cnorm;
	if ((st = build_centroid(&w, ndocs, &cnorm))) goto done;
	for (size_t i = 0; i < w.ncand; i++) {
		sum_cand *c = &w.cand[i];
		double dot = 0;
		const sum_tw *v = w.pool + c->voff;
		for (size_t q = 0; q < c->vlen; q++) dot += v[q].w * cent_weight(&w, v[q].term);
		double cs = c->norm > 0 && cnorm > 0 ? dot / (c->norm * cnorm) : 0.0;
		c->score = cs + SUM_POS_WEIGHT / (1.0 + (double)c->rank[strict]);
	}
	ns_qsort(w.cand, w.ncand, sizeof(sum_cand), cmp_score);

	w.chosen = malloc(w.ncand * sizeof(size_t));
	if (!w.chosen) { st = NS_ERR_NOMEM; goto done; }
	uint64_t used = 0;
	for (size_t i = 0; i < w.ncand; i++) {
		const sum_cand *c = &w.cand[i];
		uint64_t cost = budget_cost(c, prm->kind);
		if (used + cost > prm->limit) continue;
		int redundant = 0;
		for (size_t q = 0; q < w.nchosen && !redundant; q++) {
			const sum_cand *o = &w.cand[w.chosen[q]];
			redundant = o->sig == c->sig || cos_sents(&w, c, o) > prm->redundancy;
		}
		if (redundant) continue;
		w.chosen[w.nchosen++] = i;
		used += cost;
		if (used >= prm->limit) break;
	}
	if (!w.nchosen) w.chosen[w.nchosen++] = 0; /* never an empty summary when there is text */

	picks = malloc(w.nchosen * sizeof(sum_pick));
	*out = malloc(w.nchosen * sizeof(ns_sum_sent));
	if (!picks || !*out) {
		free(*out);
		*out = NULL;
		st = NS_ERR_NOMEM;
		goto done;
	}
	for (size_t q = 0; q < w.nchosen; q++) {
		const sum_cand *c = &w.cand[w.chosen[q]];
		const char *date = docs[c->doc].date;
		picks[q].date = date ? date : "";
		picks[q].dorder = c->dorder;
		picks[q].doc = c->doc;
		picks[q].sent = c->sent;
		picks[q].span = c->span;
	}
	ns_qsort(picks, w.nchosen, sizeof(sum_pick), cmp_pick);
	for (size_t q = 0; q < w.nchosen; q++) {
		(*out)[q].doc = picks[q].doc;
		(*out)[q].sent = picks[q].sent;
		(*out)[q].span = picks[q].span;
	}
	*nout = w.nchosen;
done:
	free(picks);
	sum_work_free(&w);
	return st;
}
