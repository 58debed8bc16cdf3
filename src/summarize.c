/* newsift — extractive multi-document summaries.
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
#include "newsift/sentence.h"
#include "newsift/lang.h"
#include "newsift/summarize.h"
#include "newsift/tokenize.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif


#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Summaries                                                           */
/* ------------------------------------------------------------------ */

#define SUM_MIN_WORDS 6       /* shorter sentences say too little out of context */
#define SUM_MAX_WORDS 80      /* longer ones are run-ons, tables or missed splits */
#define SUM_HEADLINE_WORDS 8  /* unpunctuated sentences shorter than this are headlines, bylines, datelines */
#define SUM_CAPS_WORDS 20     /* all-capital sentences shorter than this are banners */
#define SUM_POS_WEIGHT 0.5    /* lead prior: added POS_WEIGHT / (1 + rank in the article); 0.3 and 0.8 measured lower on multinews-val (results/eval.md) */
#define SUM_DETECT_BYTES 4096 /* the story's language is told from this much text */
#define SUM_LEX_EDGE 0.1      /* LexRank: sentences more similar than this are linked */
#define SUM_LEX_DAMP 0.85     /* LexRank damping */
#define SUM_LEX_ITER 50       /* LexRank power iterations (fixed: same result everywhere) */
#define SUM_LEX_MAX 2000      /* LexRank over at most this many candidates (the best by position) */
#define SUM_CONCEPT_WEIGHT 2.0 /* concept method: weight of the coverage bonus; 1 and 3 measured lower on multinews-val */
#define SUM_CONCEPT_MIN_DF 2  /* concept method: a bigram counts when this many articles use it */
/* The concept method also differs from centroid-lead in two shapes, both
 * written with sqrt only (see Determinism above): its lead prior decays as
 * 1/sqrt(1 + rank) instead of 1/(1 + rank), and its greedy pick divides a
 * sentence's value by words^(1/4) (cost-scaled greedy, Lin & Bilmes 2010,
 * who used an exponent of 0.3).  Measured in results/eval.md. */
#define SUM_LEAD_BYTES 512   /* a single article's lead is looked for in this much more of its opening than
                                the budget needs (8 bytes a word; all of it when that is not enough) */
#define SUM_LEAD_DETECT 128  /* ...and its language told from this many of its first tokens */
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
static int is_content(ns_lang lang, const char *tok, size_t len)
{
	if (len < 2) return 0;
	if (lang == NS_LANG_EN || lang == NS_LANG_UNKNOWN)
		return !bsearch(tok, stop_words, N_ELEMS(stop_words), sizeof(stop_words[0]), cmp_stop);
	return !ns_lang_stopword(lang, tok, len);
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
	int needs_prev;    /* reads only after the sentence before it (an opening such as "But" or
	                      "He said", a quotation attributed to a pronoun): chosen only with it */
	ns_span span;
	size_t voff, vlen; /* term vector in sum_work.pool, sorted by term */
	size_t coff, clen; /* concepts in sum_work.cpool: sorted, unique (later: indices into ctab) */
	double norm, score;
	double pos;        /* position prior, for LexRank's tie-breaks */
	uint64_t sig;      /* hash of the whole token sequence: equal means duplicate */
} sum_cand;

typedef struct {
	int64_t time;      /* the article's date, INT64_MIN when unknown */
	uint32_t dorder, doc, sent;
	uint32_t slot;     /* 0: the lead fact, 1: the sentences that follow it in its article, 2: the rest */
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
	uint64_t *cpool;    /* candidate concepts (word bigrams) */
	size_t ncpool, cpool_cap;
	uint64_t *cdoc;     /* each article's distinct concepts, all articles */
	size_t ncdoc, cdoc_cap;
	uint64_t *cs;       /* scratch: the current sentence's concepts */
	size_t cs_cap;
	size_t *chosen;     /* indices into cand */
	size_t nchosen;
	ns_lang lang;       /* language of the story: stop words and stems */
	int concepts;       /* collect word-bigram concepts (the concept method only) */
	int english;        /* the story is in English (or unknown): back references are marked */
	ns_stemmer *stemmer;
} sum_work;

static void sum_work_free(sum_work *w)
{
	ns_stemmer_destroy(w->stemmer);
	ns_tokens_free(&w->tok);
	free(w->spans);
	free(w->th);
	free(w->tc);
	free(w->sv);
	free(w->pool);
	free(w->dv);
	free(w->cent);
	free(w->cand);
	free(w->cpool);
	free(w->cdoc);
	free(w->cs);
	free(w->chosen);
}

/* ns_grow on a typed array without punning its pointer through void **;
 * returns NS_ERR_NOMEM from the enclosing function on failure. */
#define GROW_OR_FAIL(arr, cap, need) do { \
		void *p_ = (arr); \
		if (ns_grow(&p_, &(cap), (need), sizeof(*(arr)))) return NS_ERR_NOMEM; \
		(arr) = p_; \
	} while (0)

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

/* Reading order: the lead fact and what follows it in its article first,
 * then dated articles by date, then by input order, then by position. */
static int cmp_pick(const void *a, const void *b)
{
	const sum_pick *x = a, *y = b;
	if (x->slot != y->slot) return x->slot < y->slot ? -1 : 1;
	int ex = x->time == INT64_MIN, ey = y->time == INT64_MIN;
	if (ex != ey) return ex - ey;
	if (x->time != y->time) return x->time < y->time ? -1 : 1;
	if (x->dorder != y->dorder) return x->dorder < y->dorder ? -1 : 1;
	if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
	return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* Openings of an English sentence that point back to the sentence before
 * it: pronouns, demonstratives and connectives.  Out of its article such a
 * sentence reads as an answer without its question ("Again, the leader
 * said ...", "He was released in 2019.").  Lower case, in strcmp order. */
static const char *const back_refs[] = {
	"again", "also", "and", "another", "besides", "both", "but", "furthermore", "he", "her",
	"hers", "him", "his", "however", "instead", "it", "its", "likewise", "meanwhile", "moreover",
	"nevertheless", "nonetheless", "or", "otherwise", "she", "similarly", "so", "still", "such", "that",
	"their", "them", "then", "therefore", "these", "they", "this", "those", "thus", "yet",
};

/* Pronouns that name a quotation's speaker only through an earlier
 * sentence ("..., he said."), in strcmp order. */
static const char *const speaker_pronouns[] = { "he", "it", "she", "they", "we" };

static int in_list(const char *const *list, size_t n, const char *w)
{
	return bsearch(w, list, n, sizeof(list[0]), cmp_stop) != NULL;
}

/* The ASCII word at s[i..n) lower-cased into w (cap bytes, cut words and
 * words with other letters give ""); returns the index after it. */
static size_t ascii_word(const char *s, size_t n, size_t i, char *w, size_t cap)
{
	size_t k = 0, j = i;
	int ok = 1;
	for (; j < n; j++) {
		unsigned char ch = (unsigned char)s[j];
		if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
			if (k + 1 < cap) w[k++] = (char)(ch | 0x20);
			else ok = 0;
		} else if (ch >= 0x80) {
			ok = 0;
		} else {
			break;
		}
	}
	w[ok ? k : 0] = 0;
	return j;
}

static int is_open_quote(int32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201E || cp == 0x00AB || cp == 0x2018;
}

/* Which tier a sentence s[0..n) of `words` tokens qualifies for: 2 = a
 * candidate, 1 = only a fallback candidate (it has a letter), 0 = never.
 * english: also mark (*needs_prev) a sentence that reads only after the
 * one before it: a back-referring opening (back_refs) or a quotation whose
 * speaker is a pronoun ("..., he said."). */
static int sent_tier(const char *s, size_t n, uint32_t words, int english, int *needs_prev)
{
	int letter = 0, lower = 0;
	size_t straight = 0, open = 0, close = 0;
	*needs_prev = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += ns_cp_at(s, n, i, &cp);
		if (ns_cp_letter(cp)) {
			letter = 1;
			lower |= ns_cp_lower(cp);
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
	/* A fragment: a sentence that starts in lower case or with punctuation
	 * that continues something (a split inside a sentence, a list item). */
	int32_t first;
	ns_cp_at(s, n, 0, &first);
	if (ns_cp_lower(first) || first == ',' || first == ';' || first == ')' || first == 0x2014 || first == 0x2013 ||
	    first == 0x2026)
		return 1;
	/* Look at the last mark, behind closing quotes. */
	size_t e = n;
	int32_t cp = 0;
	while (e > 0) {
		size_t p = ns_cp_before(s, e, &cp);
		if (!ns_cp_closer(cp)) break;
		e = p;
	}
	if (e > 0 && !ns_cp_terminal(cp)) {
		/* A colon announces a quote or list that the summary will not carry. */
		if (cp == ':') return 1;
		/* a short line without a final mark is a heading, a byline or a
		 * dateline: never a summary sentence */
		if (words < SUM_HEADLINE_WORDS) return 0;
	}
	/* a sentence cut short ("...", an ellipsis) */
	if (cp == 0x2026 || (e >= 3 && !memcmp(s + e - 3, "...", 3))) return 1;
	/* A quotation: the words outside the quotation marks say who speaks. */
	if (straight || open) {
		size_t outside = 0, pron = 0, depth = 0;
		char w[16];
		for (size_t i = 0; i < n;) {
			int32_t c;
			size_t l = ns_cp_at(s, n, i, &c);
			if (c == '"') { depth = !depth; i += l; continue; }
			if (c == 0x201C) { depth = 1; i += l; continue; }
			if (c == 0x201D) { depth = 0; i += l; continue; }
			if (!depth && ns_cp_letter(c)) {
				outside++;
				size_t j = ascii_word(s, n, i, w, sizeof(w));
				pron += english && in_list(speaker_pronouns, N_ELEMS(speaker_pronouns), w);
				i = j > i ? j : i + l;
				while (i < n) { /* to the end of this word */
					size_t l2 = ns_cp_at(s, n, i, &c);
					if (!ns_cp_letter(c)) break;
					i += l2;
				}
				continue;
			}
			i += l;
		}
		/* a whole quoted sentence has its speaker in the sentence before
		 * ("..., the mayor said. \"...\""), and "..., he said." names the
		 * speaker only after the sentence before */
		if (!outside || (pron && outside <= 4)) *needs_prev = 1;
	}
	if (english && !is_open_quote(first)) {
		char w[16];
		ascii_word(s, n, 0, w, sizeof(w));
		if (w[0] && in_list(back_refs, N_ELEMS(back_refs), w)) *needs_prev = 1;
	}
	return 2;
}

/* A word bigram's id. */
static uint64_t concept_of(uint64_t a, uint64_t b)
{
	uint64_t h = (a ^ (b >> 7)) * SUM_SIG_MUL + b;
	return h ^ (h >> 29);
}

/* Remove repeats from a sorted array; returns the new length. */
static size_t uniq_u64(uint64_t *v, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i]) v[m++] = v[i];
	return m;
}

/* Append the unit-length vector of the article's content terms to w->dv. */
static ns_status add_doc_vector(sum_work *w, uint32_t d, size_t nh)
{
	uint64_t *v = w->sv;
	ns_sort_u64(v, nh);
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
	ns_sort_u64(v, nh);
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
		size_t tl = t->len[k];
		w->tc[k] = (unsigned char)is_content(w->lang, tok, tl);
		/* stems join inflected forms (not in English, see stories.c) */
		if (w->tc[k] && w->stemmer && w->lang != NS_LANG_EN) tok = ns_stem(w->stemmer, w->lang, tok, tl, &tl);
		w->th[k] = ns_token_hash(tok, tl, SUM_TERM_SEED);
		if (w->tc[k]) w->sv[nh++] = w->th[k];
	}
	if ((st = add_doc_vector(w, d, nh))) return st;

	/* Tokens and sentences are both in text order, and sentence spans only
	 * leave out white space, so one merge walk assigns tokens to sentences. */
	size_t k = 0;
	uint32_t rank[2] = {0, 0};
	size_t cdoc0 = w->ncdoc;
	for (size_t s = 0; s < ns; s++) {
		ns_span sp = w->spans[s];
		size_t end = (size_t)sp.start + sp.len;
		while (k < nt && t->src[k] < sp.start) k++;
		size_t a = k;
		while (k < nt && t->src[k] < end) k++;
		uint32_t words = (uint32_t)(k - a);
		/* concepts: word bigrams within the sentence with a content word */
		size_t nc = 0;
		GROW_OR_FAIL(w->cs, w->cs_cap, k - a + 1);
		for (size_t q = a; w->concepts && q + 1 < k; q++)
			if (w->tc[q] || w->tc[q + 1]) w->cs[nc++] = concept_of(w->th[q], w->th[q + 1]);
		ns_sort_u64(w->cs, nc);
		nc = uniq_u64(w->cs, nc);
		if (nc) {
			GROW_OR_FAIL(w->cdoc, w->cdoc_cap, w->ncdoc + nc);
			memcpy(w->cdoc + w->ncdoc, w->cs, nc * sizeof(uint64_t));
			w->ncdoc += nc;
		}
		int needs_prev;
		int tier = sent_tier(doc->text + sp.start, sp.len, words, w->english, &needs_prev);
		if (!tier) continue;
		GROW_OR_FAIL(w->cand, w->cand_cap, w->ncand + 1);
		sum_cand *c = &w->cand[w->ncand];
		memset(c, 0, sizeof(*c));
		c->doc = d;
		c->sent = (uint32_t)s;
		c->words = words;
		c->dorder = doc->order;
		c->strict = tier == 2;
		c->needs_prev = needs_prev;
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
		if (nc) {
			GROW_OR_FAIL(w->cpool, w->cpool_cap, w->ncpool + nc);
			memcpy(w->cpool + w->ncpool, w->cs, nc * sizeof(uint64_t));
		}
		c->coff = w->ncpool;
		c->clen = nc;
		w->ncpool += nc;
		w->ncand++;
	}
	/* the article's distinct concepts, for their document frequency */
	if (w->ncdoc > cdoc0) {
		ns_sort_u64(w->cdoc + cdoc0, w->ncdoc - cdoc0);
		w->ncdoc = cdoc0 + uniq_u64(w->cdoc + cdoc0, w->ncdoc - cdoc0);
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

/* LexRank (Erkan & Radev 2004): the stationary distribution of a random
 * walk on the graph of candidates linked when their cosine exceeds
 * SUM_LEX_EDGE, with damping; a fixed number of iterations in a fixed order
 * keeps the result identical everywhere.  The score adds a small position
 * prior so that ties go to leads. */
static ns_status lexrank(sum_work *w)
{
	size_t n = w->ncand < SUM_LEX_MAX ? w->ncand : SUM_LEX_MAX;
	double *adj = calloc(n * n + 1, sizeof(double)), *deg = calloc(n + 1, sizeof(double));
	double *p = malloc((n + 1) * sizeof(double)), *q = malloc((n + 1) * sizeof(double));
	if (!adj || !deg || !p || !q) { free(adj); free(deg); free(p); free(q); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double c = cos_sents(w, &w->cand[i], &w->cand[j]);
			if (c > SUM_LEX_EDGE) { adj[i * n + j] = adj[j * n + i] = 1.0; deg[i] += 1.0; deg[j] += 1.0; }
		}
	for (size_t i = 0; i < n; i++) p[i] = 1.0 / (double)n;
	for (int it = 0; it < SUM_LEX_ITER; it++) {
		for (size_t j = 0; j < n; j++) {
			double sum = 0;
			for (size_t i = 0; i < n; i++)
				if (adj[i * n + j] > 0) sum += p[i] / deg[i];
			q[j] = (1.0 - SUM_LEX_DAMP) / (double)n + SUM_LEX_DAMP * sum;
		}
		double *t = p; p = q; q = t;
	}
	for (size_t i = 0; i < w->ncand; i++)
		w->cand[i].score = (i < n ? p[i] * (double)n : 0.0) + 0.01 * w->cand[i].pos;
	free(adj); free(deg); free(p); free(q);
	return NS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t budget_cost(const sum_cand *c, ns_budget_kind kind);

/* Is candidate c free to be chosen: it needs no sentence before it, or
 * that sentence (the one before it in its article) is chosen already. */
static int prev_ok(const sum_work *w, const sum_cand *c)
{
	if (!c->needs_prev) return 1;
	for (size_t q = 0; q < w->nchosen; q++) {
		const sum_cand *o = &w->cand[w->chosen[q]];
		if (o->doc == c->doc && o->sent + 1 == c->sent) return 1;
	}
	return 0;
}

/* The concept method: the centroid-lead score plus a coverage bonus in the
 * manner of Gillick & Favre (2009).  Concepts are word bigrams with a content
 * word, weighted by the number of articles that use them (those in one
 * article only weigh nothing when the story has three or more).  Sentences
 * are taken greedily by
 *     (score + SUM_CONCEPT_WEIGHT * (weight of its concepts not yet covered)
 *                                   / (its words * articles)) / words^(1/4),
 * where score is the cosine to the centroid plus SUM_POS_WEIGHT /
 * sqrt(1 + lead rank) and the bonus lies in [0, 1]: a fact the summary
 * already states earns nothing the second time, and one many sources repeat
 * earns most.  The division by words^(1/4) is the cost scaling of Lin &
 * Bilmes (2010): without it a long sentence wins on its score alone although
 * two short ones fit in its place.  The plain greedy coverage of Gillick &
 * Favre (bonus alone, with or without a lead prior) and the submodular
 * objective of Lin & Bilmes (2011) measured lower; see results/eval.md. */
static ns_status concept_pick(sum_work *w, size_t ndocs, const ns_sum_params *prm,
                              unsigned char *taken, uint64_t *usedp)
{
	size_t nt = w->ncdoc;
	uint64_t *term = malloc((nt ? nt : 1) * sizeof(uint64_t));
	double *cw = malloc((nt ? nt : 1) * sizeof(double));
	unsigned char *cov = calloc(nt ? nt : 1, 1);
	uint32_t *idx = malloc((w->ncpool ? w->ncpool : 1) * sizeof(uint32_t));
	if (!term || !cw || !cov || !idx) { free(term); free(cw); free(cov); free(idx); return NS_ERR_NOMEM; }
	if (nt) memcpy(term, w->cdoc, nt * sizeof(uint64_t));
	ns_sort_u64(term, nt);
	size_t m = 0;
	uint32_t min_df = ndocs >= 3 ? SUM_CONCEPT_MIN_DF : 1;
	for (size_t i = 0; i < nt;) {
		size_t j = i + 1;
		while (j < nt && term[j] == term[i]) j++;
		term[m] = term[i];
		cw[m] = j - i >= min_df ? (double)(j - i) : 0.0;
		m++;
		i = j;
	}
	/* every candidate concept is some article's concept */
	for (size_t i = 0; i < w->ncpool; i++)
		idx[i] = (uint32_t)((const uint64_t *)bsearch(&w->cpool[i], term, m, sizeof(uint64_t), cmp_u64) - term);
	uint64_t used = *usedp;
	for (;;) {
		size_t best = SIZE_MAX;
		double bs = 0;
		for (size_t i = 0; i < w->ncand; i++) {
			const sum_cand *c = &w->cand[i];
			if (taken[i] || used + budget_cost(c, prm->kind) > prm->limit || !prev_ok(w, c)) continue;
			double gain = 0;
			for (size_t q = 0; q < c->clen; q++)
				if (!cov[idx[c->coff + q]]) gain += cw[idx[c->coff + q]];
			double sc = c->score + SUM_CONCEPT_WEIGHT * gain / ((double)c->words * (double)ndocs);
			/* cost scaling: value per words^(1/4) */
			sc /= sqrt(sqrt((double)c->words));
			/* strictly better: ties go to the earlier candidate (cmp_score order) */
			if (best == SIZE_MAX || sc > bs) { bs = sc; best = i; }
		}
		if (best == SIZE_MAX) break;
		const sum_cand *c = &w->cand[best];
		taken[best] = 1;
		int redundant = 0;
		for (size_t q = 0; q < w->nchosen && !redundant; q++) {
			const sum_cand *o = &w->cand[w->chosen[q]];
			redundant = o->sig == c->sig || cos_sents(w, c, o) > prm->redundancy;
		}
		if (redundant) continue;
		for (size_t q = 0; q < c->clen; q++) cov[idx[c->coff + q]] = 1;
		w->chosen[w->nchosen++] = best;
		used += budget_cost(c, prm->kind);
	}
	*usedp = used;
	free(term); free(cw); free(cov); free(idx);
	return NS_OK;
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
	unsigned char *taken = NULL;
	/* the story's language: that of its longest article's opening */
	size_t longest = 0;
	for (size_t d = 1; d < ndocs; d++)
		if (docs[d].len > docs[longest].len) longest = d;
	w.lang = NS_LANG_UNKNOWN;
	w.concepts = prm->method == NS_SUM_CONCEPT;
	if (ndocs && docs[longest].len) {
		size_t dl = docs[longest].len < SUM_DETECT_BYTES ? docs[longest].len : SUM_DETECT_BYTES;
		while (dl > 0 && dl < docs[longest].len && ((unsigned char)docs[longest].text[dl] & 0xC0) == 0x80) dl--;
		if ((st = ns_tokenize(docs[longest].text, dl, &w.tok))) goto done;
		w.lang = ns_lang_detect(&w.tok);
	}
	w.english = w.lang == NS_LANG_EN || w.lang == NS_LANG_UNKNOWN;
	if (ns_lang_has_stemmer(w.lang) && !(w.stemmer = ns_stemmer_create())) { st = NS_ERR_NOMEM; goto done; }
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
		double pos = 1.0 / (1.0 + (double)c->rank[strict]);
		switch (prm->method) {
		case NS_SUM_CENTROID: c->score = cs; break;
		case NS_SUM_LEAD: c->score = pos + 1e-3 * cs; break;
		case NS_SUM_LEXRANK: c->score = 0; c->pos = pos; break;
		case NS_SUM_CONCEPT: c->score = cs + SUM_POS_WEIGHT / sqrt(1.0 + (double)c->rank[strict]); break;
		case NS_SUM_CENTROID_POS: default: c->score = cs + SUM_POS_WEIGHT * pos; break;
		}
	}
	if (prm->method == NS_SUM_LEXRANK && (st = lexrank(&w))) goto done;
	ns_qsort(w.cand, w.ncand, sizeof(sum_cand), cmp_score);

	w.chosen = malloc(w.ncand * sizeof(size_t));
	taken = calloc(w.ncand, 1);
	if (!w.chosen || !taken) { st = NS_ERR_NOMEM; goto done; }
	uint64_t used = 0;
	if (prm->method == NS_SUM_CONCEPT && (st = concept_pick(&w, ndocs, prm, taken, &used))) goto done;
	/* best first; a sentence that waits for the one before it gets another
	 * pass once something was chosen */
	for (int again = 1; again && used < prm->limit;) {
		int waiting = 0;
		size_t before = w.nchosen;
		for (size_t i = 0; i < w.ncand && used < prm->limit; i++) {
			const sum_cand *c = &w.cand[i];
			if (taken[i]) continue;
			uint64_t cost = budget_cost(c, prm->kind);
			if (used + cost > prm->limit) continue;
			if (!prev_ok(&w, c)) { waiting = 1; continue; }
			int redundant = 0;
			for (size_t q = 0; q < w.nchosen && !redundant; q++) {
				const sum_cand *o = &w.cand[w.chosen[q]];
				redundant = o->sig == c->sig || cos_sents(&w, c, o) > prm->redundancy;
			}
			if (redundant) continue;
			taken[i] = 1;
			w.chosen[w.nchosen++] = i;
			used += cost;
		}
		again = waiting && w.nchosen > before;
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
	/* the lead fact opens the summary: the chosen sentence of the best
	 * score (cand is sorted by it) that reads on its own, whatever its cost
	 * made the greedy pick take first; the sentences that follow it in its
	 * article stay behind it */
	size_t lq = 0; /* the greedy's first pick never waits for a sentence before it */
	for (size_t q = 1; q < w.nchosen; q++)
		if (w.chosen[q] < w.chosen[lq] && !w.cand[w.chosen[q]].needs_prev) lq = q;
	const sum_cand *lead = &w.cand[w.chosen[lq]];
	for (size_t q = 0; q < w.nchosen; q++) {
		const sum_cand *c = &w.cand[w.chosen[q]];
		picks[q].time = docs[c->doc].time;
		picks[q].slot = q == lq ? 0 : 2;
		picks[q].dorder = c->dorder;
		picks[q].doc = c->doc;
		picks[q].sent = c->sent;
		picks[q].span = c->span;
	}
	for (uint32_t next = lead->sent + 1;; next++) {
		size_t q = 0;
		while (q < w.nchosen && !(picks[q].slot && picks[q].doc == lead->doc && picks[q].sent == next)) q++;
		if (q == w.nchosen) break;
		picks[q].slot = 1;
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
	free(taken);
	sum_work_free(&w);
	return st;
}

/* The lead of a single article: its first candidate sentences, in order,
 * up to the first that would overflow the budget, by the same filters as
 * ns_summarize (a sentence that waits for the one before it comes only
 * right after it; a repeated sentence is left out; when no sentence passes
 * the filters, the fallback tier).  Sentences are tokenised one at a time
 * as far as the lead goes and no term vectors are made: this runs for every
 * single-article story of a run. */
static ns_status lead_summary(const ns_sum_doc *doc, const ns_sum_params *prm, ns_tokens *tok, ns_span **spans,
                              size_t *spans_cap, ns_sum_sent **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!doc->len) return NS_OK;
	/* the opening the budget needs, its last (maybe cut) sentence left out */
	uint64_t want = SUM_LEAD_BYTES + (prm->kind == NS_BUDGET_WORDS ? (uint64_t)prm->limit * 8
	                                 : prm->kind == NS_BUDGET_BYTES ? (uint64_t)prm->limit
	                                 : (uint64_t)prm->limit * 400);
	size_t len = doc->len;
	if (want < len) {
		len = (size_t)want;
		while (len > 0 && ((unsigned char)doc->text[len] & 0xC0) == 0x80) len--;
	}
again:;
	size_t ns = ns_sent_split(doc->text, len, spans, spans_cap);
	if (ns == (size_t)-1) return NS_ERR_NOMEM;
	if (len < doc->len && ns) ns--;
	if (!ns && len == doc->len) return NS_OK;
	/* the opening's tokens, and its language */
	ns_status st = ns_tokenize(doc->text, ns ? (size_t)(*spans)[ns - 1].start + (*spans)[ns - 1].len : 0, tok);
	if (st) return st;
	/* the language from the lead's own words: its first SUM_LEAD_DETECT tokens */
	size_t ntok = tok->n;
	if (tok->n > SUM_LEAD_DETECT) tok->n = SUM_LEAD_DETECT;
	ns_lang lang = ns_lang_detect(tok);
	tok->n = ntok;
	int english = lang == NS_LANG_EN || lang == NS_LANG_UNKNOWN;
	size_t cap = 64;
	ns_sum_sent *o = malloc(cap * sizeof(*o));
	uint64_t *sig = malloc(cap * sizeof(*sig));
	if (!o || !sig) { free(o); free(sig); return NS_ERR_NOMEM; }
	size_t n = 0;
	int full = 0; /* sentences that pass the filters filled the budget within the opening */
	for (int tier = 2; tier >= 1 && !n; tier--) {
		uint64_t used = 0;
		size_t k = 0;
		for (size_t i = 0; i < ns && used < prm->limit; i++) {
			/* tokens and sentences are both in text order (see add_doc) */
			ns_span sp = (*spans)[i];
			size_t end = (size_t)sp.start + sp.len;
			while (k < tok->n && tok->src[k] < sp.start) k++;
			size_t a = k;
			while (k < tok->n && tok->src[k] < end) k++;
			uint32_t words = (uint32_t)(k - a);
			int back;
			if (sent_tier(doc->text + sp.start, sp.len, words, english, &back) != tier) continue;
			/* a sentence repeated word for word (here: byte for byte) is left out */
			uint64_t h = ns_token_hash(doc->text + sp.start, sp.len, SUM_TERM_SEED);
			if (back && !(n && o[n - 1].sent + 1 == i)) continue;
			sum_cand c;
			c.words = words;
			c.span = sp;
			uint64_t cost = budget_cost(&c, prm->kind);
			if (used + cost > prm->limit && n) { full = tier == 2; break; }
			int dup = 0;
			for (size_t q = 0; q < n && !dup; q++) dup = sig[q] == h;
			if (dup) continue;
			if (n == cap) {
				cap *= 2;
				void *p1 = realloc(o, cap * sizeof(*o)), *p2 = p1 ? realloc(sig, cap * sizeof(*sig)) : NULL;
				if (p1) o = p1;
				if (p2) sig = p2;
				if (!p1 || !p2) { st = NS_ERR_NOMEM; goto fail; }
			}
			o[n].doc = 0;
			o[n].sent = (uint32_t)i;
			o[n].span = sp;
			sig[n] = h;
			n++;
			used += cost;
		}
		full |= tier == 2 && used >= prm->limit;
	}
	free(sig);
	if (!full && len < doc->len) {
		/* the opening did not hold the lead: all of the text */
		free(o);
		len = doc->len;
		goto again;
	}
	if (!n) { free(o); o = NULL; }
	*out = o;
	*nout = n;
	return NS_OK;
fail:
	free(o);
	free(sig);
	return st;
}

/* ---- the summary stage ---- */

/* The n documents docs[] of one story as ns_summarize takes them, into *sd
 * (growable, capacity *cap).  NS_ERR_NOMEM. */
static ns_status sum_docs(const ns_docs *ds, const uint32_t *docs, uint32_t n, ns_sum_doc **sd, size_t *cap)
{
	if (ns_grow((void **)sd, cap, n ? n : 1, sizeof(**sd))) return NS_ERR_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t d = docs[i];
		(*sd)[i].text = ns_docs_field(ds, d, NS_F_TEXT);
		(*sd)[i].len = ns_docs_len(ds, d, NS_F_TEXT);
		(*sd)[i].time = ns_docs_info(ds, d)->time;
		(*sd)[i].order = d;
	}
	return NS_OK;
}

/* The summaries of the stories list[k], k in [0, n), that away does not
 * mark (away NULL: all), into sent[k] and nsent[k]; *done counts those
 * with a sentence.  In parallel, one story per iteration.  NS_ERR_NOMEM. */
static ns_status summarize_list(const ns_ctx *c, const ns_docs *ds, const ns_story *list, size_t n, const uint8_t *away,
                                ns_sum_sent **sent, size_t *nsent, uint64_t *done_out)
{
	const ns_options *o = c->o;
	ns_sum_params prm = {o->budget_kind, o->budget, o->redundancy, o->summary_method};
	int nomem = 0;
	uint64_t done = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem) reduction(+:done)
	{
		ns_sum_doc *sd = NULL;
		size_t cap = 0, spans_cap = 0;
		ns_tokens tok;
		ns_span *spans = NULL;
		memset(&tok, 0, sizeof(tok));
#pragma omp for schedule(dynamic, 16)
		for (size_t k = 0; k < n; k++) {
			const ns_story *s = &list[k];
			if (!s->narticles || (away && away[k])) continue;
			if (sum_docs(ds, s->articles, s->narticles, &sd, &cap)) { nomem = 1; continue; }
			ns_status st;
			if (s->narticles == 1) {
				/* one article: its lead, from its opening paragraphs */
				st = lead_summary(&sd[0], &prm, &tok, &spans, &spans_cap, &sent[k], &nsent[k]);
			} else {
				st = ns_summarize(sd, s->narticles, &prm, &sent[k], &nsent[k]);
			}
			if (st) {
				nomem = 1;
				continue;
			}
			done += nsent[k] > 0;
		}
		free(sd);
		free(spans);
		ns_tokens_free(&tok);
	}
	*done_out = done;
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

ns_status ns_summaries_build(const ns_ctx *c, const ns_docs *ds, const ns_story_set *ss, ns_summaries *sm, ns_times *tm)
{
	return ns_summaries_build_remote(c, ds, ss, NULL, sm, tm);
}

ns_status ns_summaries_build_remote(const ns_ctx *c, const ns_docs *ds, const ns_story_set *ss,
                                    const ns_summary_remote *rem, ns_summaries *sm, ns_times *tm)
{
	double t0 = ns_now();
	memset(sm, 0, sizeof(*sm));
	sm->n = ss->nlist;
	sm->sent = calloc(sm->n ? sm->n : 1, sizeof(*sm->sent));
	sm->nsent = calloc(sm->n ? sm->n : 1, sizeof(size_t));
	uint8_t *away = rem ? calloc(sm->n ? sm->n : 1, 1) : NULL;
	ns_status st = !sm->sent || !sm->nsent || (rem && !away) ? NS_ERR_NOMEM : NS_OK;
	/* the stories made elsewhere are sent first, so that they are made
	 * there while this process makes the rest */
	if (!st && rem) st = rem->send(rem->ud, ss, away);
	if (!st) st = summarize_list(c, ds, ss->list, ss->nlist, away, sm->sent, sm->nsent, &sm->done);
	if (!st && rem) st = rem->take(rem->ud, ss, away, sm);
	for (size_t k = 0; !st && away && k < sm->n; k++) sm->done += away[k] && sm->nsent[k] > 0;
	free(away);
	if (tm) tm->t[NS_T_SUMMARY] += ns_now() - t0;
	return st;
}

/* The packed form of one summary: its count (u32), then each sentence as
 * four u32: its article's place in the story, the sentence, its span. */
ns_status ns_summaries_pack(const ns_ctx *c, const ns_docs *ds, const uint32_t *narts, size_t n, const uint32_t *doc,
                            size_t ndoc, ns_buf *out)
{
	ns_story *list = calloc(n ? n : 1, sizeof(ns_story));
	ns_sum_sent **sent = calloc(n ? n : 1, sizeof(*sent));
	size_t *nsent = calloc(n ? n : 1, sizeof(size_t));
	ns_status st = list && sent && nsent ? NS_OK : NS_ERR_NOMEM;
	size_t at = 0;
	for (size_t k = 0; !st && k < n; k++) {
		if (narts[k] > ndoc - at) { st = NS_ERR_FORMAT; break; }
		list[k].articles = (uint32_t *)doc + at;
		list[k].narticles = narts[k];
		at += narts[k];
	}
	if (!st && at != ndoc) st = NS_ERR_FORMAT;
	for (size_t i = 0; !st && i < ndoc; i++)
		if (doc[i] >= ns_docs_count(ds)) st = NS_ERR_FORMAT;
	uint64_t done = 0;
	if (!st) st = summarize_list(c, ds, list, n, NULL, sent, nsent, &done);
	for (size_t k = 0; !st && k < n; k++) {
		uint32_t m = (uint32_t)nsent[k];
		st = ns_buf_reserve(out, 4 + (size_t)m * 16);
		if (st) break;
		ns_buf_put(out, &m, 4);
		for (uint32_t q = 0; q < m; q++) {
			const ns_sum_sent *x = &sent[k][q];
			uint32_t v[4] = {x->doc, x->sent, x->span.start, x->span.len};
			ns_buf_put(out, v, sizeof(v));
		}
	}
	for (size_t k = 0; sent && k < n; k++) free(sent[k]);
	free(sent);
	free(nsent);
	free(list);
	return st;
}

ns_status ns_summaries_unpack(const void *p, size_t len, const ns_docs *ds, const ns_story_set *ss,
                              const uint32_t *story, size_t n, ns_summaries *sm)
{
	const unsigned char *b = p, *e = b + len;
	for (size_t k = 0; k < n; k++) {
		uint32_t m;
		if (story[k] >= ss->nlist || sm->sent[story[k]] || e - b < 4) return NS_ERR_FORMAT;
		memcpy(&m, b, 4);
		b += 4;
		if ((size_t)(e - b) / 16 < m) return NS_ERR_FORMAT;
		const ns_story *s = &ss->list[story[k]];
		ns_sum_sent *x = m ? malloc(m * sizeof(ns_sum_sent)) : NULL;
		if (m && !x) return NS_ERR_NOMEM;
		for (uint32_t q = 0; q < m; q++, b += 16) {
			uint32_t v[4];
			memcpy(v, b, sizeof(v));
			/* a span must lie in its article's text */
			if (v[0] >= s->narticles ||
			    (uint64_t)v[2] + v[3] > ns_docs_len(ds, s->articles[v[0]], NS_F_TEXT)) {
				free(x);
				return NS_ERR_FORMAT;
			}
			x[q] = (ns_sum_sent){v[0], v[1], {v[2], v[3]}};
		}
		sm->sent[story[k]] = x;
		sm->nsent[story[k]] = m;
	}
	return b == e ? NS_OK : NS_ERR_FORMAT;
}

/* One group of `summarize`: the kept documents with one label. */
typedef struct {
	const char *label;
	uint32_t first;   /* first document, for output order */
	uint32_t *docs;
	uint32_t n;
	ns_sum_sent *sum;
	size_t nsum;
} label_group;

static int cmp_lg(const void *a, const void *b)
{
	const label_group *x = a, *y = b;
	int c = strcmp(x->label, y->label);
	return c ? c : (x->first < y->first ? -1 : x->first > y->first);
}

static int cmp_lg_first(const void *a, const void *b)
{
	const label_group *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

ns_status ns_summarize_labels(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, ns_label_fn label_of, void *lud,
                              ns_summary_fn out, void *oud)
{
	const ns_options *o = c->o;
	size_t n = dd->n, ng = 0, nl = 0;
	label_group *g = calloc(n ? n : 1, sizeof(label_group));
	uint32_t *all = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!g || !all) { free(g); free(all); return NS_ERR_NOMEM; }
	/* one entry per kept document with its label, sorted to group them */
	for (size_t i = 0; i < n; i++) {
		if (dd->status[i] != NS_KEPT) continue;
		const char *lab = label_of ? label_of(lud, ns_docs_field(ds, i, NS_F_ID)) : "";
		if (!lab) continue; /* in no group */
		g[ng].label = lab;
		g[ng].first = (uint32_t)i;
		ng++;
	}
	ns_qsort(g, ng, sizeof(label_group), cmp_lg);
	for (size_t i = 0; i < ng;) {
		label_group lg = {g[i].label, g[i].first, all + i, 0, NULL, 0};
		size_t j = i;
		while (j < ng && !strcmp(g[j].label, g[i].label)) all[i + lg.n++] = g[j++].first;
		g[nl++] = lg;
		i = j;
	}
	ns_qsort(g, nl, sizeof(label_group), cmp_lg_first);
	ns_sum_params prm = {o->budget_kind, o->budget, o->redundancy, o->summary_method};
	int nomem = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem)
	{
		ns_sum_doc *sd = NULL;
		size_t cap = 0;
#pragma omp for schedule(dynamic, 1)
		for (size_t k = 0; k < nl; k++) {
			label_group *lg = &g[k];
			if (sum_docs(ds, lg->docs, lg->n, &sd, &cap) || ns_summarize(sd, lg->n, &prm, &lg->sum, &lg->nsum)) nomem = 1;
		}
		free(sd);
	}
	ns_run_sentence *ss = NULL;
	size_t sscap = 0;
	for (size_t k = 0; k < nl && !nomem; k++) {
		label_group *lg = &g[k];
		if (ns_grow((void **)&ss, &sscap, lg->nsum + 1, sizeof(*ss))) { nomem = 1; break; }
		for (size_t i = 0; i < lg->nsum; i++) {
			uint32_t d = lg->docs[lg->sum[i].doc];
			ss[i].id = ns_docs_field(ds, d, NS_F_ID);
			ss[i].sentence = lg->sum[i].sent;
			ss[i].text = ns_docs_field(ds, d, NS_F_TEXT) + lg->sum[i].span.start;
			ss[i].len = lg->sum[i].span.len;
		}
		out(oud, lg->label, ss, lg->nsum);
	}
	for (size_t k = 0; k < nl; k++) free(g[k].sum);
	free(ss);
	free(all);
	free(g);
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

void ns_summaries_free(ns_summaries *sm)
{
	for (size_t k = 0; sm->sent && k < sm->n; k++) free(sm->sent[k]);
	free(sm->sent);
	free(sm->nsent);
	memset(sm, 0, sizeof(*sm));
}

const char *ns_sum_method_name(ns_sum_method m)
{
	switch (m) {
	case NS_SUM_CENTROID_POS: return "centroid-lead";
	case NS_SUM_CENTROID: return "centroid";
	case NS_SUM_LEXRANK: return "lexrank";
	case NS_SUM_LEAD: return "lead";
	case NS_SUM_CONCEPT: return "concept";
	}
	return "unknown";
}
