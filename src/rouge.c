/* newsift — ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU (conventions in
 * include/newsift/rouge.h).
 *
 * A text is cut after its word limit, split at line ends into sentences and
 * tokenised; every token (stemmed if asked) is interned to a dense id in a
 * per-call open-addressing table, so everything after tokenisation works on
 * uint32 ids.  N-grams and skip-bigrams become 64-bit keys (first id in the
 * high half; an SU unigram has UINT32_MAX there, which no id reaches), each
 * text's keys are sorted, and the clipped match count is one merge of two
 * sorted arrays: for every key, the smaller of its two run lengths.
 *
 * ROUGE-L computes one LCS table per (reference sentence, candidate
 * sentence), keeping two rows of lengths and one bit per cell for the trace,
 * and traces one LCS back from the corner with ROUGE-1.5.5's preferences
 * (equal tokens: diagonal; otherwise up the reference when that keeps the
 * length, else left), marking the reference positions it passes through
 * diagonally; the union of the marks over the candidate sentences is that
 * reference sentence's union LCS.  Marked words are then taken in reference
 * order and counted only while both whole texts have an unused occurrence
 * left (unigram counts in arrays indexed by id, reset per reference), which
 * keeps ROUGE-L at or below ROUGE-1.
 *
 * Cost: sorting n keys for each n-gram order and n(gap+2) for SU; ROUGE-L
 * takes time m*n summed over sentence pairs and mn/8 bytes for the largest
 * single pair.  Results depend only on the texts: ids are assigned in text
 * order, every tie is broken by a fixed rule, and floating point enters only
 * in the final ratios, summed in reference order (and in story order for
 * files). */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <libstemmer.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/read.h"
#include "newsift/rouge.h"

/* ROUGE-1.5.5 -m leaves tokens of at most this many bytes unstemmed. */
#define STEM_MIN_EXCLUSIVE 3
/* The default ROUGE-SU gap, as in ROUGE-SU4. */
#define DEFAULT_GAP 4
/* High half of an SU unigram key: no token id reaches it. */
#define SU_UNIGRAM ((uint64_t)UINT32_MAX << 32)

void ns_rouge_options_init(ns_rouge_options *o)
{
	memset(o, 0, sizeof *o);
	o->tokenizer = NS_ROUGE_TOK_ENGLISH;
	o->stem = 1;
	o->max_words = 0;
	o->skip_gap = DEFAULT_GAP;
}

ns_status ns_rouge_options_check(const ns_rouge_options *o, char *err, size_t errlen)
{
	if (o->tokenizer != NS_ROUGE_TOK_ENGLISH && o->tokenizer != NS_ROUGE_TOK_UNICODE) {
		ns_errf(err, errlen, "rouge: unknown tokenizer %d", (int)o->tokenizer);
		return NS_ERR_OPTION;
	}
	if (o->stem && o->tokenizer != NS_ROUGE_TOK_ENGLISH) {
		ns_errf(err, errlen, "rouge: stemming is for English tokens only");
		return NS_ERR_OPTION;
	}
	if (o->skip_gap > NS_ROUGE_MAX_GAP) {
		ns_errf(err, errlen, "rouge: skip gap %u is above %u", o->skip_gap, NS_ROUGE_MAX_GAP);
		return NS_ERR_OPTION;
	}
	return NS_OK;
}

const char *ns_rouge_metric_name(ns_rouge_metric m)
{
	switch (m) {
	case NS_ROUGE_1: return "ROUGE-1";
	case NS_ROUGE_2: return "ROUGE-2";
	case NS_ROUGE_L: return "ROUGE-L";
	case NS_ROUGE_SU: return "ROUGE-SU";
	case NS_ROUGE_NMETRICS: break;
	}
	return "";
}

/* ---- interning ------------------------------------------------------------ */

/* Strings back to back in bytes; string k is bytes.p[off[k], off[k+1]).  A
 * slot holds the high 32 bits of the string's XXH3 above k+1 (0 = empty);
 * the home slot comes from those bits too, so growing re-places entries
 * without rehashing the strings. */
typedef struct {
	ns_buf bytes;
	size_t *off;
	size_t n, offcap;
	uint64_t *slot;
	unsigned bits; /* 2^bits slots, at most half full; 0 = no table yet */
} vocab;

#define VOCAB_MIN_BITS 10
#define VOCAB_MAX_BITS 32

static void vocab_free(vocab *v)
{
	ns_buf_free(&v->bytes);
	free(v->off);
	free(v->slot);
	memset(v, 0, sizeof *v);
}

static void vocab_reset(vocab *v)
{
	v->bytes.len = 0;
	v->n = 0;
	if (v->bits) memset(v->slot, 0, ((size_t)1 << v->bits) * sizeof *v->slot);
}

static ns_status vocab_grow(vocab *v)
{
	unsigned bits = v->bits ? v->bits + 1 : VOCAB_MIN_BITS;
	if (bits > VOCAB_MAX_BITS) return NS_ERR_NOMEM;
	size_t old = v->bits ? (size_t)1 << v->bits : 0, mask = ((size_t)1 << bits) - 1;
	uint64_t *slot = calloc(mask + 1, sizeof *slot);
	if (!slot) return NS_ERR_NOMEM;
	for (size_t j = 0; j < old; j++) {
		uint64_t e = v->slot[j];
		if (!e) continue;
		size_t i = (size_t)(e >> 32) & mask;
		while (slot[i]) i = (i + 1) & mask;
		slot[i] = e;
	}
	free(v->slot);
	v->slot = slot;
	v->bits = bits;
	return NS_OK;
}

/* Id of s (len bytes), adding it when new; *added (may be NULL) says which. */
static ns_status vocab_intern(vocab *v, const char *s, size_t len, uint32_t *id, int *added)
{
	if (!v->bits || (v->n + 1) * 2 > (size_t)1 << v->bits) {
		ns_status st = vocab_grow(v);
		if (st) return st;
	}
	uint64_t hi = XXH3_64bits(s, len) >> 32;
	size_t mask = ((size_t)1 << v->bits) - 1;
	size_t i = (size_t)hi & mask;
	for (;; i = (i + 1) & mask) {
		uint64_t e = v->slot[i];
		if (!e) break;
		if (e >> 32 != hi) continue;
		size_t k = (size_t)(uint32_t)e - 1;
		if (v->off[k + 1] - v->off[k] == len && !memcmp(v->bytes.p + v->off[k], s, len)) {
			*id = (uint32_t)k;
			if (added) *added = 0;
			return NS_OK;
		}
	}
	/* ids stay below UINT32_MAX - 1 so that k + 1 fits the slot and
	 * UINT32_MAX stays free for SU_UNIGRAM */
	if (v->n >= (size_t)UINT32_MAX - 2) return NS_ERR_NOMEM;
	if (ns_grow((void **)&v->off, &v->offcap, v->n + 2, sizeof *v->off)) return NS_ERR_NOMEM;
	if (ns_buf_put(&v->bytes, s, len)) return NS_ERR_NOMEM;
	v->off[0] = 0;
	v->off[v->n + 1] = v->bytes.len;
	v->slot[i] = hi << 32 | (uint64_t)(v->n + 1);
	*id = (uint32_t)v->n++;
	if (added) *added = 1;
	return NS_OK;
}

/* ---- tokens --------------------------------------------------------------- */

/* A tokenised text: token ids, and where each sentence starts in them. */
typedef struct {
	uint32_t *tok;
	size_t n, cap;
	size_t *sent; /* sentence s is tok[sent[s], sent[s+1]) (the last one ends at n) */
	size_t nsent, sentcap;
	uint32_t words; /* white-space words in the part of the text that was used */
} ttext;

typedef struct {
	uint64_t *k;
	size_t n, cap;
} keys;

enum { K_UNI = 0, K_BI, K_SU, K_COUNT };

struct ns_rouge {
	ns_rouge_options o;
	struct sb_stemmer *stemmer; /* NULL unless o.stem */
	vocab voc;                  /* this call's tokens */
	ns_buf tmp;                 /* a token being lower-cased */
	ttext cand, ref;
	keys ck[K_COUNT], rk[K_COUNT];
	uint32_t *cnt_c, *cnt_r;    /* ROUGE-L clipping: unused occurrences per id */
	size_t cntcap_c, cntcap_r;
	uint32_t *rows;             /* ROUGE-L: two rows of LCS lengths */
	size_t rowcap;
	uint8_t *up;                /* ROUGE-L: one bit per cell, "trace goes up" */
	size_t upcap;
	uint8_t *mark;              /* ROUGE-L: reference positions on a union LCS */
	size_t markcap;
};

static void ttext_free(ttext *t)
{
	free(t->tok);
	free(t->sent);
	memset(t, 0, sizeof *t);
}

ns_status ns_rouge_create(ns_rouge **out, const ns_rouge_options *o)
{
	*out = NULL;
	if (ns_rouge_options_check(o, NULL, 0)) return NS_ERR_OPTION;
	ns_rouge *r = calloc(1, sizeof *r);
	if (!r) return NS_ERR_NOMEM;
	r->o = *o;
	if (o->stem) {
		r->stemmer = sb_stemmer_new("porter", "UTF_8");
		if (!r->stemmer) {
			free(r);
			return NS_ERR_NOMEM;
		}
	}
	*out = r;
	return NS_OK;
}

void ns_rouge_destroy(ns_rouge *r)
{
	if (!r) return;
	if (r->stemmer) sb_stemmer_delete(r->stemmer);
	vocab_free(&r->voc);
	ns_buf_free(&r->tmp);
	ttext_free(&r->cand);
	ttext_free(&r->ref);
	for (int k = 0; k < K_COUNT; k++) {
		free(r->ck[k].k);
		free(r->rk[k].k);
	}
	free(r->cnt_c);
	free(r->cnt_r);
	free(r->rows);
	free(r->up);
	free(r->mark);
	free(r);
}

static int ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of s that hold its first max words (all of s when max is 0); *words
 * gets the number of words in them. */
static size_t cut_words(const char *s, size_t len, uint32_t max, int unicode, uint32_t *words)
{
	uint32_t w = 0;
	int in_word = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		size_t l = 1;
		if (unicode) l = ns_cp_at(s, len, i, &cp);
		else cp = (unsigned char)s[i];
		if (unicode ? ns_cp_space(cp) : ascii_space((int)cp)) {
			if (in_word && max && w == max) {
				*words = w;
				return i;
			}
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			if (w < UINT32_MAX) w++;
		}
		i += l;
	}
	*words = w;
	return len;
}

static ns_status push_token(ns_rouge *r, ttext *t, const char *s, size_t len)
{
	uint32_t id;
	ns_status st = vocab_intern(&r->voc, s, len, &id, NULL);
	if (st) return st;
	if (ns_grow((void **)&t->tok, &t->cap, t->n + 1, sizeof *t->tok)) return NS_ERR_NOMEM;
	t->tok[t->n++] = id;
	return NS_OK;
}

/* An English token: lower-case, then Porter-stem when longer than 3 bytes. */
static ns_status token_english(ns_rouge *r, ttext *t, const char *s, size_t len)
{
	r->tmp.len = 0;
	if (ns_buf_reserve(&r->tmp, len)) return NS_ERR_NOMEM;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		r->tmp.p[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	r->tmp.len = len;
	if (r->stemmer && len > STEM_MIN_EXCLUSIVE && len <= INT_MAX) {
		const sb_symbol *stem = sb_stemmer_stem(r->stemmer, (const sb_symbol *)r->tmp.p, (int)len);
		if (!stem) return NS_ERR_NOMEM;
		return push_token(r, t, (const char *)stem, (size_t)sb_stemmer_length(r->stemmer));
	}
	return push_token(r, t, r->tmp.p, len);
}

static utf8proc_int32_t lower_cp(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return utf8proc_tolower(cp);
}

/* A Unicode token (valid UTF-8 of word code points): lower-cased NFC. */
static ns_status token_unicode(ns_rouge *r, ttext *t, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && !((unsigned char)s[i] & 0x80)) i++;
	if (i == len) { /* ASCII: lower-casing is all there is to do */
		r->tmp.len = 0;
		if (ns_buf_reserve(&r->tmp, len)) return NS_ERR_NOMEM;
		for (i = 0; i < len; i++) {
			char c = s[i];
			r->tmp.p[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		return push_token(r, t, r->tmp.p, len);
	}
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t m = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
	                                         UTF8PROC_STABLE | UTF8PROC_COMPOSE, lower_cp, NULL);
	if (m < 0) {
		/* only allocation can fail on a run of decoded code points */
		free(dst);
		return m == UTF8PROC_ERROR_NOMEM ? NS_ERR_NOMEM : push_token(r, t, s, len);
	}
	/* Simple lower-casing turns every capital sigma into σ; at the end of a
	 * word after a letter it is the final form ς (Unicode's Final_Sigma
	 * condition, which Python's str.lower() applies too), so "ΟΔΟΣ" and
	 * "οδος" are one token. */
	int32_t last, prev;
	size_t j = ns_cp_before(s, len, &last);
	if (last == 0x03A3 && j > 0 && m >= 2 && dst[m - 2] == 0xCF && dst[m - 1] == 0x83) {
		ns_cp_before(s, j, &prev);
		if (ns_cp_letter(prev)) dst[m - 1] = 0x82;
	}
	ns_status st = push_token(r, t, (const char *)dst, (size_t)m);
	free(dst);
	return st;
}

static ns_status new_sentence(ttext *t)
{
	if (ns_grow((void **)&t->sent, &t->sentcap, t->nsent + 1, sizeof *t->sent)) return NS_ERR_NOMEM;
	t->sent[t->nsent++] = t->n;
	return NS_OK;
}

/* Tokenise s (len bytes) into t; with truncate, its first max_words words. */
static ns_status tokenize(ns_rouge *r, const char *s, size_t len, int truncate, ttext *t)
{
	t->n = t->nsent = 0;
	int unicode = r->o.tokenizer == NS_ROUGE_TOK_UNICODE;
	size_t end = cut_words(s, len, truncate ? r->o.max_words : 0, unicode, &t->words);
	ns_status st = new_sentence(t);
	for (size_t i = 0; !st && i < end;) {
		if (s[i] == '\n') {
			st = new_sentence(t);
			i++;
		} else if (!unicode) {
			if (!ascii_alnum((unsigned char)s[i])) { i++; continue; }
			size_t j = i + 1;
			while (j < end && ascii_alnum((unsigned char)s[j])) j++;
			st = token_english(r, t, s + i, j - i);
			i = j;
		} else {
			int32_t cp;
			size_t l = ns_cp_at(s, end, i, &cp);
			if (!ns_is_word_cp(cp)) { i += l; continue; }
			size_t j = i + l;
			while (j < end) {
				l = ns_cp_at(s, end, j, &cp);
				if (!ns_is_word_cp(cp)) break;
				j += l;
			}
			st = token_unicode(r, t, s + i, j - i);
			i = j;
		}
	}
	return st;
}

/* ---- n-grams -------------------------------------------------------------- */

/* Sorted unigram, bigram and SU keys of t. */
static ns_status make_keys(const ttext *t, uint32_t gap, keys ks[K_COUNT])
{
	size_t n = t->n;
	const uint32_t *w = t->tok;
	size_t su = 0;
	for (size_t i = 0; i + 1 < n; i++) su += 1 + NS_MIN((size_t)gap + 1, n - 1 - i);
	size_t need[K_COUNT] = {n, n ? n - 1 : 0, su};
	for (int k = 0; k < K_COUNT; k++) {
		if (ns_grow((void **)&ks[k].k, &ks[k].cap, NS_MAX(need[k], 1), sizeof *ks[k].k)) return NS_ERR_NOMEM;
		ks[k].n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		ks[K_UNI].k[ks[K_UNI].n++] = w[i];
		if (i + 1 < n) ks[K_BI].k[ks[K_BI].n++] = (uint64_t)w[i] << 32 | w[i + 1];
		/* ROUGE-1.5.5's skip-bigram loop (and with it -u's unigrams) stops
		 * at the second-to-last token */
		if (i + 1 < n) {
			ks[K_SU].k[ks[K_SU].n++] = SU_UNIGRAM | w[i];
			for (size_t j = i + 1; j < n && j - i - 1 <= gap; j++)
				ks[K_SU].k[ks[K_SU].n++] = (uint64_t)w[i] << 32 | w[j];
		}
	}
	assert(ks[K_SU].n == su);
	for (int k = 0; k < K_COUNT; k++) ns_sort_u64(ks[k].k, ks[k].n);
	return NS_OK;
}

/* Sum over keys of min(occurrences in a, occurrences in b); both sorted. */
static uint64_t clipped_hits(const keys *a, const keys *b)
{
	uint64_t hits = 0;
	size_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		uint64_t x = a->k[i], y = b->k[j];
		if (x < y) { i++; continue; }
		if (y < x) { j++; continue; }
		size_t ci = 0, cj = 0;
		while (i < a->n && a->k[i] == x) { i++; ci++; }
		while (j < b->n && b->k[j] == x) { j++; cj++; }
		hits += NS_MIN(ci, cj);
	}
	return hits;
}

static ns_rouge_prf prf(uint64_t hits, size_t nref, size_t ncand)
{
	ns_rouge_prf s;
	s.r = nref ? (double)hits / (double)nref : 0.0;
	s.p = ncand ? (double)hits / (double)ncand : 0.0;
	s.f = s.p + s.r > 0 ? 2 * s.p * s.r / (s.p + s.r) : 0.0;
	return s;
}

/* ---- ROUGE-L -------------------------------------------------------------- */

/* Mark the reference positions of a[0..m) on one LCS with b[0..n), traced
 * back as ROUGE-1.5.5 does.  The lengths need only two rows; what the trace
 * needs of a cell without a match is one bit, whether it goes up, so an
 * m x n pair costs mn/8 bytes.  rows has 2(n+1) cells, up mn bits. */
static void lcs_mark(const uint32_t *a, size_t m, const uint32_t *b, size_t n, uint32_t *rows, uint8_t *up,
                     uint8_t *mark)
{
	uint32_t *prev = rows, *row = rows + n + 1;
	memset(up, 0, (m * n + 7) / 8);
	for (size_t j = 0; j <= n; j++) prev[j] = 0;
	row[0] = 0;
	for (size_t i = 1; i <= m; i++) {
		size_t cell = (i - 1) * n;
		for (size_t j = 1; j <= n; j++, cell++) {
			if (a[i - 1] == b[j - 1]) {
				row[j] = prev[j - 1] + 1;
			} else if (prev[j] >= row[j - 1]) {
				row[j] = prev[j];
				up[cell >> 3] |= (uint8_t)(1u << (cell & 7));
			} else {
				row[j] = row[j - 1];
			}
		}
		uint32_t *t = prev; prev = row; row = t;
	}
	size_t i = m, j = n;
	while (i > 0 && j > 0) {
		size_t cell = (i - 1) * n + (j - 1);
		if (a[i - 1] == b[j - 1]) {
			mark[--i] = 1;
			j--;
		} else if (up[cell >> 3] >> (cell & 7) & 1) {
			i--;
		} else {
			j--;
		}
	}
}

static ns_status lcs_hits(ns_rouge *r, uint64_t *hits)
{
	const ttext *c = &r->cand, *f = &r->ref;
	size_t v = r->voc.n;
	*hits = 0;
	if (!c->n || !f->n) return NS_OK;
	if (ns_grow((void **)&r->cnt_c, &r->cntcap_c, v, sizeof *r->cnt_c) ||
	    ns_grow((void **)&r->cnt_r, &r->cntcap_r, v, sizeof *r->cnt_r))
		return NS_ERR_NOMEM;
	memset(r->cnt_c, 0, v * sizeof *r->cnt_c);
	memset(r->cnt_r, 0, v * sizeof *r->cnt_r);
	for (size_t i = 0; i < c->n; i++) r->cnt_c[c->tok[i]]++;
	for (size_t i = 0; i < f->n; i++) r->cnt_r[f->tok[i]]++;
	for (size_t s = 0; s < f->nsent; s++) {
		size_t a0 = f->sent[s], a1 = s + 1 < f->nsent ? f->sent[s + 1] : f->n, m = a1 - a0;
		if (!m) continue;
		if (ns_grow((void **)&r->mark, &r->markcap, m, 1)) return NS_ERR_NOMEM;
		memset(r->mark, 0, m);
		for (size_t q = 0; q < c->nsent; q++) {
			size_t b0 = c->sent[q], b1 = q + 1 < c->nsent ? c->sent[q + 1] : c->n, n = b1 - b0;
			if (!n) continue;
			if (m > (SIZE_MAX - 7) / n) return NS_ERR_NOMEM;
			if (ns_grow((void **)&r->rows, &r->rowcap, 2 * (n + 1), sizeof *r->rows) ||
			    ns_grow((void **)&r->up, &r->upcap, (m * n + 7) / 8, 1))
				return NS_ERR_NOMEM;
			lcs_mark(f->tok + a0, m, c->tok + b0, n, r->rows, r->up, r->mark);
		}
		for (size_t k = 0; k < m; k++) {
			uint32_t id = f->tok[a0 + k];
			if (r->mark[k] && r->cnt_r[id] && r->cnt_c[id]) {
				(*hits)++;
				r->cnt_r[id]--;
				r->cnt_c[id]--;
			}
		}
	}
	return NS_OK;
}

/* ---- scoring -------------------------------------------------------------- */

ns_status ns_rouge_score(ns_rouge *r, const char *cand, const char *const *refs, size_t nrefs,
                         ns_rouge_scores *out)
{
	memset(out, 0, sizeof *out);
	if (!r || !cand || !refs || !nrefs) return NS_ERR_OPTION;
	for (size_t i = 0; i < nrefs; i++)
		if (!refs[i]) return NS_ERR_OPTION;
	double sum[NS_ROUGE_NMETRICS][3];
	memset(sum, 0, sizeof sum);
	vocab_reset(&r->voc);
	ns_status st = tokenize(r, cand, strlen(cand), 1, &r->cand);
	if (!st) st = make_keys(&r->cand, r->o.skip_gap, r->ck);
	for (size_t i = 0; !st && i < nrefs; i++) {
		if ((st = tokenize(r, refs[i], strlen(refs[i]), 0, &r->ref))) break;
		if ((st = make_keys(&r->ref, r->o.skip_gap, r->rk))) break;
		ns_rouge_prf s[NS_ROUGE_NMETRICS];
		s[NS_ROUGE_1] = prf(clipped_hits(&r->ck[K_UNI], &r->rk[K_UNI]), r->rk[K_UNI].n, r->ck[K_UNI].n);
		s[NS_ROUGE_2] = prf(clipped_hits(&r->ck[K_BI], &r->rk[K_BI]), r->rk[K_BI].n, r->ck[K_BI].n);
		s[NS_ROUGE_SU] = prf(clipped_hits(&r->ck[K_SU], &r->rk[K_SU]), r->rk[K_SU].n, r->ck[K_SU].n);
		uint64_t lh;
		if ((st = lcs_hits(r, &lh))) break;
		s[NS_ROUGE_L] = prf(lh, r->ref.n, r->cand.n);
		for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
			sum[k][0] += s[k].r;
			sum[k][1] += s[k].p;
			sum[k][2] += s[k].f;
		}
	}
	if (st) return st;
	for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
		out->m[k].r = sum[k][0] / (double)nrefs;
		out->m[k].p = sum[k][1] / (double)nrefs;
		out->m[k].f = sum[k][2] / (double)nrefs;
	}
	out->cand_words = r->cand.words;
	out->cand_tokens = r->cand.n > UINT32_MAX ? UINT32_MAX : (uint32_t)r->cand.n;
	return NS_OK;
}

ns_status ns_rouge_tokenize(ns_rouge *r, const char *text, int truncate, ns_buf *out)
{
	vocab_reset(&r->voc);
	ns_status st = tokenize(r, text, strlen(text), truncate, &r->cand);
	if (st) return st;
	const ttext *t = &r->cand;
	if (ns_buf_reserve(out, 0)) return NS_ERR_NOMEM;
	for (size_t s = 0; s < t->nsent; s++) {
		size_t a = t->sent[s], b = s + 1 < t->nsent ? t->sent[s + 1] : t->n;
		for (size_t i = a; i < b; i++) {
			uint32_t id = t->tok[i];
			const vocab *v = &r->voc;
			if (i > a && ns_buf_put(out, " ", 1)) return NS_ERR_NOMEM;
			if (ns_buf_put(out, v->bytes.p + v->off[id], v->off[id + 1] - v->off[id])) return NS_ERR_NOMEM;
		}
		if (b > a && ns_buf_put(out, "\n", 1)) return NS_ERR_NOMEM;
	}
	return NS_OK;
}

/* ---- files ---------------------------------------------------------------- */

/* Longest story id quoted in a message. */
#define MSG_ID_MAX 64

typedef struct {
	size_t first, n;  /* its references: ref_off[first, first + n) */
	int seen;         /* a summary was scored */
	ns_rouge_prf m[NS_ROUGE_NMETRICS];
} story;

typedef struct {
	ns_log_fn log;
	void *ud;
} logger;

static void warnf(const logger *lg, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void warnf(const logger *lg, const char *fmt, ...)
{
	if (!lg->log) return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lg->log(lg->ud, NS_LOG_WARN, msg);
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
	return 1;
}

/* One JSON object from a line; NULL with a reason in why. */
static json_object *parse_object(json_tokener *tok, const char *line, size_t len, char *why, size_t whylen)
{
	if (len > INT32_MAX) {
		ns_errf(why, whylen, "line longer than 2 GiB");
		return NULL;
	}
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, line, (int)len);
	enum json_tokener_error je = json_tokener_get_error(tok);
	if (!obj || je != json_tokener_success) {
		if (je == json_tokener_continue) ns_errf(why, whylen, "malformed JSON: unexpected end of line");
		else ns_errf(why, whylen, "malformed JSON: %s", json_tokener_error_desc(je));
		if (obj) json_object_put(obj);
		return NULL;
	}
	size_t end = json_tokener_get_parse_end(tok);
	while (end < len && (line[end] == ' ' || line[end] == '\t' || line[end] == '\r')) end++;
	if (end < len || !json_object_is_type(obj, json_type_object)) {
		ns_errf(why, whylen, end < len ? "malformed JSON: trailing characters" : "JSON value is not an object");
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* The "story" member as bytes (an integer as its decimal string in num). */
static int story_id(json_object *obj, char *num, size_t numlen, const char **id, size_t *idlen, char *why,
                    size_t whylen)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, "story", &v) || !v) {
		ns_errf(why, whylen, "no \"story\"");
		return -1;
	}
	if (json_object_is_type(v, json_type_string)) {
		*id = json_object_get_string(v);
		*idlen = (size_t)json_object_get_string_len(v);
	} else if (json_object_is_type(v, json_type_int)) {
		snprintf(num, numlen, "%lld", (long long)json_object_get_int64(v));
		*id = num;
		*idlen = strlen(num);
	} else {
		ns_errf(why, whylen, "\"story\" is %s, not a string", json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	if (!*idlen) {
		ns_errf(why, whylen, "empty \"story\"");
		return -1;
	}
	return 0;
}

/* Append s (n bytes) to b, NUL bytes as spaces: texts are NUL-terminated
 * from here on, and a NUL separates words like any other non-word byte. */
static ns_status put_text(ns_buf *b, const char *s, size_t n)
{
	if (ns_buf_reserve(b, n)) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) b->p[b->len + i] = s[i] ? s[i] : ' ';
	b->len += n;
	b->p[b->len] = 0;
	return NS_OK;
}

/* The summary of a summaries line into b (sentences joined by "\n"). */
static int summary_text(json_object *obj, ns_buf *b, char *why, size_t whylen, ns_status *st)
{
	json_object *v;
	b->len = 0;
	if ((*st = ns_buf_reserve(b, 0))) return -1;
	b->p[0] = 0;
	if (!json_object_object_get_ex(obj, "summary", &v) || !v) {
		ns_errf(why, whylen, "no \"summary\"");
		return -1;
	}
	if (json_object_is_type(v, json_type_string)) {
		*st = put_text(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
		return *st ? -1 : 0;
	}
	if (!json_object_is_type(v, json_type_array)) {
		ns_errf(why, whylen, "\"summary\" is %s, not a string or a list", json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	size_t n = json_object_array_length(v);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i), *t = e;
		if (e && json_object_is_type(e, json_type_object) && !json_object_object_get_ex(e, "text", &t)) t = NULL;
		if (!t || !json_object_is_type(t, json_type_string)) {
			ns_errf(why, whylen, "\"summary\" item %zu has no \"text\" string", i + 1);
			return -1;
		}
		if ((i && (*st = put_text(b, "\n", 1))) ||
		    (*st = put_text(b, json_object_get_string(t), (size_t)json_object_get_string_len(t))))
			return -1;
	}
	return 0;
}

typedef struct {
	vocab ids;          /* story ids; the first nstories are the reference stories */
	story *s;
	size_t nstories, scap;
	ns_buf texts;       /* reference texts, each NUL-terminated */
	size_t *off;        /* reference k starts at texts.p + off[k] */
	size_t nref, offcap;
	const char **ptr;   /* the same as pointers, once texts stops growing */
} refset;

static void refset_free(refset *rs)
{
	vocab_free(&rs->ids);
	free(rs->s);
	ns_buf_free(&rs->texts);
	free(rs->off);
	free(rs->ptr);
}

static ns_status read_refs(const char *path, refset *rs, json_tokener *tok, const logger *lg, ns_rouge_report *rep,
                           char *err, size_t errlen)
{
	ns_reader *rd;
	ns_status st = ns_reader_open(&rd, path, err, errlen);
	if (st) return st;
	const char *line;
	size_t len;
	uint64_t lineno;
	char why[256], num[32];
	int rc;
	while ((rc = ns_reader_next(rd, &line, &len, &lineno, err, errlen)) == 1) {
		if (blank_line(line, len)) continue;
		json_object *obj = parse_object(tok, line, len, why, sizeof why), *v = NULL;
		const char *id;
		size_t idlen, n = 0;
		int bad = !obj || story_id(obj, num, sizeof num, &id, &idlen, why, sizeof why);
		if (!bad) {
			if (!json_object_object_get_ex(obj, "summaries", &v) || !v || !json_object_is_type(v, json_type_array)) {
				ns_errf(why, sizeof why, "no \"summaries\" list");
				bad = 1;
			} else if (!(n = json_object_array_length(v))) {
				ns_errf(why, sizeof why, "\"summaries\" is empty");
				bad = 1;
			}
			for (size_t i = 0; !bad && i < n; i++) {
				json_object *e = json_object_array_get_idx(v, i);
				if (!e || !json_object_is_type(e, json_type_string)) {
					ns_errf(why, sizeof why, "\"summaries\" item %zu is not a string", i + 1);
					bad = 1;
				}
			}
		}
		uint32_t k = 0;
		int added = 0;
		if (!bad && (st = vocab_intern(&rs->ids, id, idlen, &k, &added))) {
			json_object_put(obj);
			break;
		}
		if (!bad && !added) {
			ns_errf(why, sizeof why, "story '%.*s' already has references", (int)NS_MIN(idlen, MSG_ID_MAX), id);
			bad = 1;
		}
		if (bad) {
			rep->bad_ref_lines++;
			warnf(lg, "%s:%llu: skipped: %s", path, (unsigned long long)lineno, why);
			if (obj) json_object_put(obj);
			continue;
		}
		if (ns_grow((void **)&rs->s, &rs->scap, rs->nstories + 1, sizeof *rs->s) ||
		    ns_grow((void **)&rs->off, &rs->offcap, rs->nref + n, sizeof *rs->off)) {
			st = NS_ERR_NOMEM;
			json_object_put(obj);
			break;
		}
		story *s = &rs->s[rs->nstories++];
		memset(s, 0, sizeof *s);
		s->first = rs->nref;
		s->n = n;
		for (size_t i = 0; !st && i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i);
			rs->off[rs->nref++] = rs->texts.len;
			st = put_text(&rs->texts, json_object_get_string(e), (size_t)json_object_get_string_len(e));
			if (!st) st = ns_buf_put(&rs->texts, "", 1); /* the terminator becomes part of the buffer */
		}
		json_object_put(obj);
		if (st) break;
	}
	if (rc < 0) st = (ns_status)rc;
	ns_reader_close(rd);
	if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s: out of memory", path);
	if (st) return st;
	if (!rs->nstories) {
		ns_errf(err, errlen, "%s: no usable reference line", path);
		return NS_ERR_FORMAT;
	}
	rs->ptr = malloc(rs->nref * sizeof *rs->ptr);
	if (!rs->ptr) {
		ns_errf(err, errlen, "%s: out of memory", path);
		return NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < rs->nref; i++) rs->ptr[i] = rs->texts.p + rs->off[i];
	return NS_OK;
}

static ns_status score_summaries(const char *path, refset *rs, ns_rouge *r, json_tokener *tok, const logger *lg,
                                 ns_rouge_report *rep, uint64_t *words, size_t *scored, char *err, size_t errlen)
{
	ns_reader *rd;
	ns_status st = ns_reader_open(&rd, path, err, errlen);
	if (st) return st;
	const char *line;
	size_t len;
	uint64_t lineno;
	char why[256], num[32];
	ns_buf text = {0};
	int rc;
	while ((rc = ns_reader_next(rd, &line, &len, &lineno, err, errlen)) == 1) {
		if (blank_line(line, len)) continue;
		json_object *obj = parse_object(tok, line, len, why, sizeof why);
		const char *id;
		size_t idlen;
		int bad = !obj || story_id(obj, num, sizeof num, &id, &idlen, why, sizeof why);
		if (!bad && summary_text(obj, &text, why, sizeof why, &st)) bad = 1;
		if (st) {
			json_object_put(obj);
			break;
		}
		uint32_t k = 0;
		int added = 0;
		if (!bad && (st = vocab_intern(&rs->ids, id, idlen, &k, &added))) {
			json_object_put(obj);
			break;
		}
		if (!bad && k >= rs->nstories) { /* no references: counted once per story */
			if (added) rep->extra++;
			json_object_put(obj);
			continue;
		}
		if (!bad && rs->s[k].seen) {
			ns_errf(why, sizeof why, "story '%.*s' already has a summary", (int)NS_MIN(idlen, MSG_ID_MAX), id);
			bad = 1;
		}
		if (obj) json_object_put(obj);
		if (bad) {
			rep->bad_sum_lines++;
			warnf(lg, "%s:%llu: skipped: %s", path, (unsigned long long)lineno, why);
			continue;
		}
		story *s = &rs->s[k];
		ns_rouge_scores sc;
		if ((st = ns_rouge_score(r, text.p, rs->ptr + s->first, s->n, &sc))) break;
		memcpy(s->m, sc.m, sizeof s->m);
		s->seen = 1;
		*words += sc.cand_words;
		(*scored)++;
	}
	if (rc < 0) st = (ns_status)rc;
	else if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s:%llu: out of memory", path, (unsigned long long)lineno);
	ns_buf_free(&text);
	ns_reader_close(rd);
	return st;
}

ns_status ns_rouge_files(const char *summaries_path, const char *refs_path, const ns_rouge_options *o,
                         ns_rouge_report *rep, ns_log_fn log, void *ud, char *err, size_t errlen)
{
	memset(rep, 0, sizeof *rep);
	if (err && errlen) err[0] = 0;
	ns_status st = ns_rouge_options_check(o, err, errlen);
	if (st) return st;
	logger lg = {log, ud};
	refset rs;
	memset(&rs, 0, sizeof rs);
	ns_rouge *r = NULL;
	json_tokener *tok = json_tokener_new();
	uint64_t words = 0;
	size_t scored = 0;
	if (!tok) { st = NS_ERR_NOMEM; goto nomem; }
	if ((st = ns_rouge_create(&r, o))) goto nomem;
	if ((st = read_refs(refs_path, &rs, tok, &lg, rep, err, errlen))) goto out;
	if ((st = score_summaries(summaries_path, &rs, r, tok, &lg, rep, &words, &scored, err, errlen))) goto out;

	double sum[NS_ROUGE_NMETRICS][3];
	memset(sum, 0, sizeof sum);
	for (size_t i = 0; i < rs.nstories; i++) {
		const story *s = &rs.s[i];
		if (!s->seen) {
			rep->missing++;
			continue;
		}
		for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
			sum[k][0] += s->m[k].r;
			sum[k][1] += s->m[k].p;
			sum[k][2] += s->m[k].f;
		}
	}
	rep->stories = rs.nstories;
	for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
		rep->m[k].r = sum[k][0] / (double)rs.nstories;
		rep->m[k].p = sum[k][1] / (double)rs.nstories;
		rep->m[k].f = sum[k][2] / (double)rs.nstories;
	}
	rep->mean_words = scored ? (double)words / (double)scored : 0.0;
	goto out;
nomem:
	ns_errf(err, errlen, "rouge: out of memory");
out:
	ns_rouge_destroy(r);
	if (tok) json_tokener_free(tok);
	refset_free(&rs);
	return st;
}
