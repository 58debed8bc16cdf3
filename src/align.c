/* newsift — sentence alignment (see align.h).
 *
 * The longer text becomes one sorted array of its (token, sentence) pairs,
 * each packed in 64 bits: the top 44 bits of the token's hash, then the
 * sentence number.  Each sentence of the shorter text looks its distinct
 * tokens up there and counts, per sentence of the longer text, how many it
 * found; the best count decides. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/align.h"
#include "newsift/tokenize.h"

#define SENT_BITS 20
#define SENT_MAX ((1u << SENT_BITS) - 1)

struct ns_align_scratch {
	ns_tokens ta, tb;
	uint64_t *pairs, *sent; /* the longer text's pairs; one sentence's tokens of the shorter */
	size_t pcap, scap;
	uint32_t *cnt, *touched; /* per sentence of the longer text */
	size_t ccap, tcap;
};

ns_align_scratch *ns_align_scratch_create(void)
{
	return calloc(1, sizeof(ns_align_scratch));
}

void ns_align_scratch_destroy(ns_align_scratch *s)
{
	if (!s) return;
	ns_tokens_free(&s->ta);
	ns_tokens_free(&s->tb);
	free(s->pairs);
	free(s->sent);
	free(s->cnt);
	free(s->touched);
	free(s);
}

/* Does a sentence end between token k-1 and token k of t (text txt)? */
static int sentence_break(const char *txt, const ns_tokens *t, size_t k)
{
	const char *g = txt + t->src[k - 1] + t->src_len[k - 1], *e = txt + t->src[k];
	int stop = 0;
	for (; g < e; g++) {
		if (*g == '\n') return 1;
		if (*g == '.' || *g == '!' || *g == '?') stop = 1;
		else if (stop && (*g == ' ' || *g == '\t')) return 1;
	}
	return 0;
}

static inline uint64_t tok_key(const ns_tokens *t, size_t k)
{
	return ns_token_hash(t->norm.p + t->off[k], t->len[k], 0) >> SENT_BITS << SENT_BITS;
}

static size_t lower_bound(const uint64_t *v, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (v[m] < key) lo = m + 1;
		else hi = m;
	}
	return lo;
}

ns_status ns_align_share(const char *a, size_t la, const char *b, size_t lb, ns_align_scratch *s, double *share)
{
	*share = 0;
	if (ns_tokenize(a, la, &s->ta) || ns_tokenize(b, lb, &s->tb)) return NS_ERR_NOMEM;
	const ns_tokens *x = &s->ta, *y = &s->tb;
	const char *tx = a, *ty = b;
	if (x->n > y->n || (x->n == y->n && la > lb)) {
		x = &s->tb, y = &s->ta;
		tx = b, ty = a;
	}
	if (x->n < NS_ALIGN_MIN_WORDS || !y->n) return NS_OK;
	/* the longer text's (token, sentence) pairs, sorted and unique */
	if (ns_grow((void **)&s->pairs, &s->pcap, y->n, sizeof(uint64_t))) return NS_ERR_NOMEM;
	uint32_t sent = 0;
	for (size_t k = 0; k < y->n; k++) {
		if (k && sentence_break(ty, y, k) && sent < SENT_MAX) sent++;
		s->pairs[k] = tok_key(y, k) | sent;
	}
	size_t np = y->n, w = 0;
	ns_sort_u64(s->pairs, np);
	for (size_t k = 0; k < np; k++)
		if (!w || s->pairs[k] != s->pairs[w - 1]) s->pairs[w++] = s->pairs[k];
	np = w;
	size_t nsent = (size_t)sent + 1;
	if (ns_grow((void **)&s->cnt, &s->ccap, nsent, sizeof(uint32_t)) ||
	    ns_grow((void **)&s->touched, &s->tcap, nsent, sizeof(uint32_t)) ||
	    ns_grow((void **)&s->sent, &s->scap, x->n, sizeof(uint64_t)))
		return NS_ERR_NOMEM;
	memset(s->cnt, 0, nsent * sizeof(uint32_t));
	/* each sentence of the shorter text */
	size_t total = 0, found = 0, k0 = 0;
	for (size_t k = 1; k <= x->n; k++) {
		if (k < x->n && !sentence_break(tx, x, k)) continue;
		size_t len = k - k0;
		if (len >= NS_ALIGN_MIN_WORDS) {
			size_t nd = 0;
			for (size_t q = k0; q < k; q++) s->sent[nd++] = tok_key(x, q);
			ns_sort_u64(s->sent, nd);
			size_t u = 0;
			for (size_t q = 0; q < nd; q++)
				if (!u || s->sent[q] != s->sent[u - 1]) s->sent[u++] = s->sent[q];
			size_t nt = 0;
			uint32_t best = 0;
			for (size_t q = 0; q < u; q++) {
				for (size_t p = lower_bound(s->pairs, np, s->sent[q]); p < np && (s->pairs[p] >> SENT_BITS) == (s->sent[q] >> SENT_BITS); p++) {
					uint32_t j = (uint32_t)(s->pairs[p] & SENT_MAX);
					if (!s->cnt[j]++) s->touched[nt++] = j;
					if (s->cnt[j] > best) best = s->cnt[j];
				}
			}
			for (size_t q = 0; q < nt; q++) s->cnt[s->touched[q]] = 0;
			total += len;
			if ((double)best >= NS_ALIGN_SENTENCE_SHARE * (double)u) found += len;
		}
		k0 = k;
	}
	*share = total ? (double)found / (double)total : 0;
	return NS_OK;
}
