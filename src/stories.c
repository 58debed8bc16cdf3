/* newsift — story term vectors and candidate search.
 *
 * Counting: the tokens of title (twice) and text are hashed, stop words and
 * one-character tokens dropped, and the hashes sorted and run-length counted.
 * Document frequency: all vectors' terms are concatenated and sorted.
 * Candidates: every document posts its top terms to an inverted index
 * (sorted (term, doc) entries); each posting list emits its document pairs;
 * the pairs are sorted and counted, and those seen min_shared times or more
 * are kept.  Everything is sorted, so results do not depend on threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/stories.h"

/* English function words; the set only has to be good enough to keep story
 * vectors about names, places and topics. */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
	"as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
	"can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
	"further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
	"himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last",
	"like", "made", "make", "many", "may", "me", "more", "most", "mr", "mrs", "ms", "much", "must",
	"my", "myself", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "say", "says", "she",
	"should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
	"then", "there", "these", "they", "this", "those", "through", "to", "too", "two", "under",
	"until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "would", "year", "years", "you", "your", "yours",
	"yourself", "yourselves",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ns_is_stopword(const char *w, size_t n)
{
	char k[16];
	if (n >= sizeof(k)) return 0;
	memcpy(k, w, n);
	k[n] = 0;
	const char *kp = k;
	return bsearch(&kp, stop_words, sizeof(stop_words) / sizeof(stop_words[0]), sizeof(char *), cmp_str) != NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Append content-word hashes of s to *h (growable). */
static ns_status add_terms(const char *s, size_t len, ns_tokens *tok, uint64_t **h, size_t *n, size_t *cap)
{
	if (ns_tokenize(s, len, tok)) return NS_ERR_NOMEM;
	if (ns_grow((void **)h, cap, *n + tok->n, sizeof(uint64_t))) return NS_ERR_NOMEM;
	for (size_t i = 0; i < tok->n; i++) {
		const char *w = tok->norm.p + tok->off[i];
		size_t wl = tok->len[i];
		if (wl < 2 || ns_is_stopword(w, wl)) continue;
		(*h)[(*n)++] = ns_token_hash(w, wl, 0);
	}
	return NS_OK;
}

ns_status ns_story_counts(const char *title, size_t tlen, const char *text, size_t len, ns_tokens *tok,
                          ns_termvec *v)
{
	uint64_t *h = NULL;
	size_t n = 0, cap = 0;
	v->t = NULL;
	v->n = 0;
	ns_status st = add_terms(title, tlen, tok, &h, &n, &cap);
	if (!st) st = add_terms(title, tlen, tok, &h, &n, &cap);
	if (!st) st = add_terms(text, len, tok, &h, &n, &cap);
	if (st || n == 0) { free(h); return st; }
	ns_qsort(h, n, sizeof(uint64_t), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) if (i == 0 || h[i] != h[i - 1]) u++;
	v->t = malloc(u * sizeof(ns_term));
	if (!v->t) { free(h); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || h[i] != h[i - 1]) { v->t[v->n].term = h[i]; v->t[v->n].w = 0; v->n++; }
		v->t[v->n - 1].w += 1.0f;
	}
	free(h);
	return NS_OK;
}

ns_status ns_df_build(const ns_termvec *v, size_t n, ns_df *df)
{
	memset(df, 0, sizeof(*df));
	df->ndocs = n;
	size_t total = 0;
	for (size_t i = 0; i < n; i++) total += v[i].n;
	uint64_t *all = malloc((total ? total : 1) * sizeof(uint64_t));
	if (!all) return NS_ERR_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < v[i].n; j++) all[k++] = v[i].t[j].term;
	ns_qsort(all, total, sizeof(uint64_t), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < total; i++) if (i == 0 || all[i] != all[i - 1]) u++;
	df->term = malloc((u ? u : 1) * sizeof(uint64_t));
	df->df = malloc((u ? u : 1) * sizeof(uint32_t));
	if (!df->term || !df->df) { free(all); ns_df_free(df); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < total; i++) {
		if (i == 0 || all[i] != all[i - 1]) { df->term[df->n] = all[i]; df->df[df->n] = 0; df->n++; }
		df->df[df->n - 1]++;
	}
	free(all);
	return NS_OK;
}

void ns_df_free(ns_df *df)
{
	free(df->term);
	free(df->df);
	memset(df, 0, sizeof(*df));
}

static uint32_t df_of(const ns_df *df, uint64_t t)
{
	size_t lo = 0, hi = df->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (df->term[mid] < t) lo = mid + 1;
		else hi = mid;
	}
	return lo < df->n && df->term[lo] == t ? df->df[lo] : 1;
}

static int cmp_weight_desc(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	if (x->w != y->w) return x->w > y->w ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int cmp_term(const void *a, const void *b)
{
	const ns_term *x = a, *y = b;
	return x->term < y->term ? -1 : x->term > y->term;
}

void ns_story_weigh(ns_termvec *v, const ns_df *df, uint32_t max_terms)
{
	double norm = 0.0;
	for (uint32_t i = 0; i < v->n; i++) {
		double idf = log((double)(df->ndocs + 1) / df_of(df, v->t[i].term));
		double w = (1.0 + log(v->t[i].w)) * idf;
		v->t[i].w = (float)w;
	}
	if (v->n > max_terms) {
		ns_qsort(v->t, v->n, sizeof(ns_term), cmp_weight_desc);
		v->n = max_terms;
		ns_qsort(v->t, v->n, sizeof(ns_term), cmp_term);
	}
	for (uint32_t i = 0; i < v->n; i++) norm += (double)v->t[i].w * v->t[i].w;
	norm = sqrt(norm);
	if (norm > 0)
		for (uint32_t i = 0; i < v->n; i++) v->t[i].w = (float)(v->t[i].w / norm);
}

double ns_termvec_cosine(const ns_termvec *a, const ns_termvec *b)
{
	double dot = 0.0;
	uint32_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		if (a->t[i].term < b->t[j].term) i++;
		else if (a->t[i].term > b->t[j].term) j++;
		else { dot += (double)a->t[i].w * b->t[j].w; i++; j++; }
	}
	return dot;
}

static int cmp_entry_key(const void *a, const void *b)
{
	const ns_lsh_entry *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

ns_status ns_story_candidates(const ns_termvec *v, size_t n, uint32_t top_terms, uint32_t min_shared,
                              uint32_t max_posting, ns_pair **pairs, size_t *npairs)
{
	*pairs = NULL;
	*npairs = 0;
	ns_lsh_entry *e = NULL;
	size_t ne = 0, ecap = 0, pcap = 0;
	ns_term *tmp = NULL;
	size_t tcap = 0;
	ns_status st = NS_OK;
	for (size_t d = 0; d < n && !st; d++) {
		uint32_t m = v[d].n;
		if (!m) continue;
		if (ns_grow((void **)&tmp, &tcap, m, sizeof(ns_term))) { st = NS_ERR_NOMEM; break; }
		memcpy(tmp, v[d].t, m * sizeof(ns_term));
		ns_qsort(tmp, m, sizeof(ns_term), cmp_weight_desc);
		uint32_t k = NS_MIN(m, top_terms);
		if (ns_grow((void **)&e, &ecap, ne + k, sizeof(ns_lsh_entry))) { st = NS_ERR_NOMEM; break; }
		for (uint32_t i = 0; i < k; i++) { e[ne].key = tmp[i].term; e[ne].doc = (uint32_t)d; ne++; }
	}
	free(tmp);
	/* drop posting lists too common to tell stories apart, then pair */
	if (!st) {
		ns_lsh_entry *sorted = e;
		size_t w = 0;
		ns_qsort(sorted, ne, sizeof(*sorted), cmp_entry_key);
		for (size_t i = 0; i < ne;) {
			size_t j = i + 1;
			while (j < ne && e[j].key == e[i].key) j++;
			if (j - i <= max_posting)
				for (size_t q = i; q < j; q++) e[w++] = e[q];
			i = j;
		}
		st = ns_lsh_band_pairs(e, w, max_posting, pairs, npairs, &pcap);
	}
	free(e);
	if (st) { free(*pairs); *pairs = NULL; *npairs = 0; return st; }
	*npairs = ns_pairs_repeated(*pairs, *npairs, min_shared);
	return NS_OK;
}
