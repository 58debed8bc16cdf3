/* newsift — LSH banding.
 *
 * Parameters: for every r ≤ num_perm and b = floor(num_perm / r), the areas
 * FP = ∫_0^t P(s) ds and FN = ∫_t^1 (1 - P(s)) ds are integrated with the
 * trapezoid rule on a fixed grid; the (b, r) with the least weighted sum
 * wins, ties to the smaller r.  Fixed grid and order make the choice the same
 * everywhere.
 *
 * Buckets: a band's (key, doc) entries are sorted; equal keys form a bucket.
 * Sorting instead of hashing gives the same pair order on every run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/lsh.h"
#include "spill.h"

#define NS_LSH_GRID 1000

double ns_lsh_prob(double s, uint32_t bands, uint32_t rows)
{
	return 1.0 - pow(1.0 - pow(s, rows), bands);
}

static double area(double lo, double hi, uint32_t b, uint32_t r, int fn)
{
	if (hi <= lo) return 0.0;
	double h = (hi - lo) / NS_LSH_GRID, sum = 0.0;
	for (int i = 0; i <= NS_LSH_GRID; i++) {
		double s = lo + h * i, p = ns_lsh_prob(s, b, r);
		double v = fn ? 1.0 - p : p;
		sum += (i == 0 || i == NS_LSH_GRID) ? v / 2 : v;
	}
	return sum * h;
}

void ns_lsh_params(double t, uint32_t num_perm, double w_fp, double w_fn, uint32_t *bands, uint32_t *rows)
{
	double best = INFINITY;
	*bands = num_perm;
	*rows = 1;
	for (uint32_t r = 1; r <= num_perm; r++) {
		uint32_t b = num_perm / r;
		double err = w_fp * area(0.0, t, b, r, 0) + w_fn * area(t, 1.0, b, r, 1);
		if (err < best - 1e-12) {
			best = err;
			*bands = b;
			*rows = r;
		}
	}
}

uint64_t ns_lsh_band_key(const uint32_t *sig, uint32_t j, uint32_t rows)
{
	/* the band number is the seed so equal rows in different bands differ */
	return XXH3_64bits_withSeed(sig + (size_t)j * rows, rows * sizeof(uint32_t), j);
}

static int cmp_entry(const void *a, const void *b)
{
	const ns_lsh_entry *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static inline int entry_less(const ns_lsh_entry *x, const ns_lsh_entry *y)
{
	return x->key < y->key || (x->key == y->key && x->doc < y->doc);
}

static void insertion_entries(ns_lsh_entry *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		ns_lsh_entry x = e[i];
		size_t j = i;
		while (j > 0 && entry_less(&x, &e[j - 1])) { e[j] = e[j - 1]; j--; }
		e[j] = x;
	}
}

#define NS_LSH_SMALL 32     /* buckets up to this size are insertion-sorted */
#define NS_LSH_BITS_MAX 24  /* at most 2^24 buckets */

/* Sort entries by (key, doc), the order cmp_entry gives.  Band keys are
 * hashes, so one counting pass on their top bits into about one bucket per
 * entry and insertion sort inside each is linear; a bucket that is large
 * anyway (many documents with one key: copies) goes to qsort. */
static ns_status sort_entries(ns_lsh_entry *e, size_t n)
{
	if (n <= NS_LSH_SMALL) { insertion_entries(e, n); return NS_OK; }
	unsigned bits = 1;
	while (bits < NS_LSH_BITS_MAX && ((size_t)1 << bits) < n) bits++;
	size_t nb = (size_t)1 << bits;
	unsigned shift = 64 - bits;
	ns_lsh_entry *t = malloc(n * sizeof(*t) + (nb + 1) * sizeof(uint32_t));
	if (!t) return NS_ERR_NOMEM;
	uint32_t *cnt = (uint32_t *)(t + n);
	memset(cnt, 0, (nb + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) cnt[(e[i].key >> shift) + 1]++;
	for (size_t b = 0; b < nb; b++) cnt[b + 1] += cnt[b];
	for (size_t i = 0; i < n; i++) t[cnt[e[i].key >> shift]++] = e[i];
	size_t s = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t f = cnt[b];
		if (f - s > NS_LSH_SMALL) qsort(t + s, f - s, sizeof(*t), cmp_entry);
		else insertion_entries(t + s, f - s);
		s = f;
	}
	memcpy(e, t, n * sizeof(*t));
	free(t);
	return NS_OK;
}

ns_status ns_lsh_band_pairs(ns_lsh_entry *e, size_t n, uint32_t max_bucket, ns_pair **pairs, size_t *npairs,
                            size_t *cap)
{
	if (sort_entries(e, n)) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].key == e[i].key) j++;
		size_t m = j - i;
		if (m > 1) {
			size_t add = m <= max_bucket ? m * (m - 1) / 2 : m - 1;
			if (ns_grow((void **)pairs, cap, *npairs + add, sizeof(ns_pair))) return NS_ERR_NOMEM;
			ns_pair *p = *pairs + *npairs;
			if (m <= max_bucket) {
				for (size_t x = i; x < j; x++)
					for (size_t y = x + 1; y < j; y++) { p->a = e[x].doc; p->b = e[y].doc; p++; }
			} else {
				for (size_t y = i + 1; y < j; y++) { p->a = e[i].doc; p->b = e[y].doc; p++; }
			}
			*npairs += add;
		}
		i = j;
	}
	return NS_OK;
}

static int cmp_pair(const void *a, const void *b)
{
	const ns_pair *x = a, *y = b;
	if (x->a != y->a) return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

size_t ns_pairs_unique(ns_pair *p, size_t n)
{
	/* (a, b) as one 64-bit key sorts in the same order, without a call
	 * through a function pointer per comparison (glibc's qsort of the
	 * pairs was a fifth of the LSH stage at 1M articles) */
	uint64_t *k = n > 1 ? malloc(n * sizeof(uint64_t)) : NULL;
	if (k) {
		for (size_t i = 0; i < n; i++) k[i] = (uint64_t)p[i].a << 32 | p[i].b;
		ns_sort_u64(k, n);
		size_t u = 0;
		for (size_t i = 0; i < n; i++)
			if (u == 0 || k[u - 1] != k[i]) k[u++] = k[i];
		for (size_t i = 0; i < u; i++) { p[i].a = (uint32_t)(k[i] >> 32); p[i].b = (uint32_t)k[i]; }
		free(k);
		return u;
	}
	ns_qsort(p, n, sizeof(*p), cmp_pair);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || p[u - 1].a != p[i].a || p[u - 1].b != p[i].b) p[u++] = p[i];
	return u;
}

size_t ns_pairs_merge(const ns_pair *x, size_t nx, const ns_pair *y, size_t ny, ns_pair *out)
{
	size_t i = 0, j = 0, u = 0;
	while (i < nx && j < ny) {
		uint64_t kx = (uint64_t)x[i].a << 32 | x[i].b, ky = (uint64_t)y[j].a << 32 | y[j].b;
		out[u++] = kx <= ky ? x[i] : y[j];
		i += kx <= ky;
		j += ky <= kx;
	}
	while (i < nx) out[u++] = x[i++];
	while (j < ny) out[u++] = y[j++];
	return u;
}

size_t ns_pairs_repeated(ns_pair *p, size_t n, uint32_t min)
{
	ns_qsort(p, n, sizeof(*p), cmp_pair);
	size_t u = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && p[j].a == p[i].a && p[j].b == p[i].b) j++;
		if (j - i >= min) p[u++] = p[i];
		i = j;
	}
	return u;
}

ns_status ns_band_files_open(ns_band_files *bf, uint32_t n, const char *dir, size_t bufsize)
{
	memset(bf, 0, sizeof(*bf));
	if (!(bf->band = calloc(n ? n : 1, sizeof(ns_spill)))) return NS_ERR_NOMEM;
	bf->n = n;
	for (uint32_t j = 0; j < n; j++) {
		ns_status st = ns_spill_open(&bf->band[j], dir, bufsize);
		if (st) return st;
	}
	return NS_OK;
}

ns_status ns_band_files_put(ns_band_files *bf, uint32_t j, const unsigned char *e, size_t n)
{
	return ns_spill_write(&bf->band[j], e, n * NS_BAND_ENTRY);
}

int ns_band_files_errno(const ns_band_files *bf)
{
	for (uint32_t j = 0; bf->band && j < bf->n; j++)
		if (bf->band[j].err) return bf->band[j].err;
	return 0;
}

void ns_band_files_close(ns_band_files *bf)
{
	for (uint32_t j = 0; bf->band && j < bf->n; j++) ns_spill_close(&bf->band[j]);
	free(bf->band);
	bf->band = NULL;
	bf->n = 0;
}

ns_status ns_band_files_read(ns_band_files *bf, uint32_t j, uint64_t base, const uint8_t *use, size_t ndocs,
                             ns_lsh_entry **e, size_t *ecap, size_t *nent)
{
	ns_spill *s = &bf->band[j];
	size_t total = (size_t)(s->size / NS_BAND_ENTRY), m = *nent;
	if (ns_grow((void **)e, ecap, m + total + 1, sizeof(ns_lsh_entry))) return NS_ERR_NOMEM;
	enum { CH = 1 << 16 };
	unsigned char *buf = malloc((size_t)CH * NS_BAND_ENTRY);
	if (!buf) return NS_ERR_NOMEM;
	ns_status st = NS_OK;
	for (size_t i = 0; i < total && !st; i += CH) {
		size_t k = NS_MIN((size_t)CH, total - i);
		if ((st = ns_spill_read(s, (uint64_t)i * NS_BAND_ENTRY, buf, k * NS_BAND_ENTRY))) break;
		for (size_t q = 0; q < k; q++) {
			ns_lsh_entry x;
			uint32_t d;
			memcpy(&x.key, buf + q * NS_BAND_ENTRY, 8);
			memcpy(&d, buf + q * NS_BAND_ENTRY + 8, 4);
			if (base + d >= ndocs || !use[base + d]) continue;
			x.doc = (uint32_t)(base + d);
			(*e)[m++] = x;
		}
	}
	free(buf);
	*nent = m;
	return st;
}

ns_status ns_band_files_pairs(ns_band_files *bf, uint32_t j, const uint8_t *use, size_t ndocs, uint32_t max_bucket,
                              ns_lsh_entry **e, size_t *ecap, size_t *nent, ns_pair **bp, size_t *bn)
{
	size_t m = 0;
	*bp = NULL;
	*bn = 0;
	ns_status st = ns_band_files_read(bf, j, 0, use, ndocs, e, ecap, &m);
	size_t cap = 0;
	if (!st && ns_lsh_band_pairs(*e, m, max_bucket, bp, bn, &cap)) st = NS_ERR_NOMEM;
	if (nent) *nent = m;
	if (!st) *bn = ns_pairs_unique(*bp, *bn); /* here, in parallel: the merge is then linear */
	return st;
}
