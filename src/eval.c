/* newsift — scoring a clustering against gold labels.
 *
 * Everything comes from the contingency table n_ij (items with gold label i
 * and predicted label j), its row sums a_i and column sums b_j.  Each item
 * becomes one 64-bit key (gold << 32 | pred); after an LSD radix sort the
 * equal keys form the cells and the runs of equal high halves form the rows.
 * Rotating every key by 32 bits and sorting again gives the columns the same
 * way.  One scan per order yields sum C(n_ij), sum C(a_i) or sum C(b_j)
 * (C(x) = x(x-1)/2) and, per row or column, sum n_ij^2, which is what B-cubed
 * needs: item-level precision |P(i)∩G(i)|/|P(i)| summed over the items of a
 * cell is n_ij^2/b_j.  The cost is two radix sorts of n keys (at most eight
 * linear passes each) in 16n bytes, and all counting is exact in uint64
 * (n < 2^32 keeps n^2 in range);
 * floating point enters only in the final ratios, summed in label order so
 * the result does not depend on anything but the input.
 *
 * ns_eval_files turns two TSV files into such label arrays.  Ids are interned
 * in one open-addressing table (XXH3, linear probing): gold rows get dense
 * indices 0..n-1 in file order; predicted ids not in the gold are interned
 * after them, so an extra id repeated in the prediction is counted once.
 * Label strings are interned per file.  A gold id absent from the prediction
 * gets a fresh predicted label of its own (a singleton).  A repeated id in
 * the prediction keeps its first row and later rows with that id are ignored
 * without a count (ns_eval_result has no field for them); a fixed rule keeps
 * the score a function of the file.  A repeated id in the gold is an error:
 * the gold defines the items, each once.  Rows are otherwise strict: a
 * missing or repeated header column, a row too short for either column or an
 * empty id is NS_ERR_FORMAT with path:line; labels are compared as bytes, so
 * an empty label is one cluster like any other. */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/eval.h"

/* Longest id quoted in an error message; ids are short, this only stops a
 * garbage line from flooding the message. */
#define ERR_ID_MAX 64

/* Largest n ns_eval_labels accepts: n^2 and every pair count must fit in
 * uint64, and ns_eval_files needs UINT32_MAX free as a "no label" mark. */
#define EVAL_MAX_N ((size_t)UINT32_MAX - 1)

/* ---- counting ---------------------------------------------------------- */

/* Pairs among x items, without forming x(x-1) when that could overflow. */
static uint64_t pairs(uint64_t x)
{
	return x % 2 == 0 ? (x / 2) * (x - 1) : x * ((x - 1) / 2);
}

/* LSD radix sort of n keys, 8 bits per pass.  All eight histograms come from
 * one read of the data; a byte position where every key agrees (the high
 * bytes of small labels, usually) is skipped.  Returns whichever of a and tmp
 * holds the sorted keys. */
static uint64_t *radix_sort(uint64_t *a, uint64_t *tmp, size_t n)
{
	size_t cnt[8][256];
	memset(cnt, 0, sizeof cnt);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = a[i];
		for (unsigned b = 0; b < 8; b++) cnt[b][(k >> (8 * b)) & 255]++;
	}
	for (unsigned b = 0; b < 8; b++) {
		unsigned sh = 8 * b;
		size_t *c = cnt[b];
		/* histograms do not change with order, so a[0] of any pass will do */
		if (c[(a[0] >> sh) & 255] == n) continue;
		size_t sum = 0;
		for (unsigned d = 0; d < 256; d++) {
			size_t x = c[d];
			c[d] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++) tmp[c[(a[i] >> sh) & 255]++] = a[i];
		uint64_t *t = a; a = tmp; tmp = t;
	}
	return a;
}

typedef struct {
	uint64_t cell_pairs;  /* sum over cells of C(n_ij) */
	uint64_t major_pairs; /* sum over majors (rows or columns) of C(size) */
	double bcubed;        /* sum over majors of (sum of n_ij^2) / size */
} scan_sums;

/* Walk keys sorted with the major label in the high half. */
static scan_sums scan(const uint64_t *k, size_t n)
{
	scan_sums s = {0, 0, 0.0};
	size_t i = 0;
	while (i < n) {
		uint64_t major = k[i] >> 32;
		size_t start = i;
		uint64_t sq = 0;
		while (i < n && k[i] >> 32 == major) {
			size_t cs = i;
			uint64_t key = k[i];
			while (i < n && k[i] == key) i++;
			uint64_t c = i - cs;
			s.cell_pairs += pairs(c);
			sq += c * c;
		}
		uint64_t m = i - start;
		s.major_pairs += pairs(m);
		s.bcubed += (double)sq / (double)m;
	}
	return s;
}

static double harmonic(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

ns_status ns_eval_labels(const uint32_t *gold, const uint32_t *pred, size_t n, ns_eval_result *r)
{
	memset(r, 0, sizeof *r);
	r->n = n;
	if (n > EVAL_MAX_N) return NS_ERR_OPTION;
	if (n == 0) { /* nothing to get wrong */
		r->precision = r->recall = r->f1 = r->ari = 1.0;
		r->bcubed_p = r->bcubed_r = r->bcubed_f1 = 1.0;
		return NS_OK;
	}
	uint64_t *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *tmp);
	if (!a || !tmp) {
		free(a); free(tmp);
		return NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) a[i] = (uint64_t)gold[i] << 32 | pred[i];
	uint64_t *s = radix_sort(a, tmp, n);
	scan_sums by_gold = scan(s, n);
	for (size_t i = 0; i < n; i++) s[i] = s[i] << 32 | s[i] >> 32;
	s = radix_sort(s, s == a ? tmp : a, n);
	scan_sums by_pred = scan(s, n);
	free(a); free(tmp);
	assert(by_gold.cell_pairs == by_pred.cell_pairs); /* both orders see the same cells */

	uint64_t T = by_gold.cell_pairs, G = by_gold.major_pairs, P = by_pred.major_pairs, N = pairs(n);
	r->true_pairs = T;
	r->gold_pairs = G;
	r->pred_pairs = P;
	r->precision = P ? (double)T / (double)P : 1.0;
	r->recall = G ? (double)T / (double)G : 1.0;
	r->f1 = harmonic(r->precision, r->recall);

	/* The ARI denominator 0.5(G+P) - GP/N equals (G(N-P) + P(N-G)) / 2N,
	 * which is zero exactly when both partitions are all singletons, both
	 * are one cluster, or n < 2.  Decide that in integers rather than by
	 * comparing a float with zero.  Each of those cases is a pair of
	 * identical partitions, but the definition asks "identical?", so test
	 * that directly: it holds exactly when T == G == P. */
	if ((G == 0 || P == N) && (P == 0 || G == N)) {
		r->ari = T == G && T == P ? 1.0 : 0.0;
	} else {
		double e = (double)G * (double)P / (double)N;
		r->ari = ((double)T - e) / (0.5 * ((double)G + (double)P) - e);
	}

	r->bcubed_p = by_pred.bcubed / (double)n;
	r->bcubed_r = by_gold.bcubed / (double)n;
	r->bcubed_f1 = harmonic(r->bcubed_p, r->bcubed_r);
	return NS_OK;
}

/* ---- string interning -------------------------------------------------- */

/* Strings back to back in one buffer; string k is bytes[off[k], off[k+1]).
 * A slot holds the high 32 bits of the string's hash above k+1 (0 = empty).
 * The home slot is taken from the top bits of the hash too, so the stored
 * half is enough to place an entry again: growing never rereads or rehashes
 * the strings, and because the old table is (nearly) in hash order, the new
 * one fills (nearly) sequentially.  Lookups compare that half first and so
 * touch the bytes almost only on a real match. */
typedef struct {
	ns_buf bytes;
	uint64_t *off;
	size_t n, offcap;
	uint64_t *slot;
	unsigned bits; /* 2^bits slots, at most half full; 0 = no table yet */
} strtab;

#define STRTAB_MIN_BITS 10
#define STRTAB_MAX_BITS 32 /* the home slot comes from the stored 32 bits */
#define STRTAB_MAX_KEYS (((size_t)1 << (STRTAB_MAX_BITS - 1)) - 1)
#define HASH_HI(h) ((uint32_t)((h) >> 32))

static void strtab_free(strtab *t)
{
	ns_buf_free(&t->bytes);
	free(t->off);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static size_t strtab_home(const strtab *t, uint32_t hi)
{
	return (size_t)(hi >> (32 - t->bits));
}

/* The slot holding s, or the empty slot where it belongs. */
static uint64_t *strtab_probe(const strtab *t, const char *s, size_t len, uint32_t hi)
{
	size_t mask = ((size_t)1 << t->bits) - 1;
	for (size_t i = strtab_home(t, hi);; i = (i + 1) & mask) {
		uint64_t v = t->slot[i];
		if (!v) return &t->slot[i];
		if (HASH_HI(v) != hi) continue;
		size_t k = (size_t)(uint32_t)v - 1;
		if (t->off[k + 1] - t->off[k] == len && !memcmp(t->bytes.p + t->off[k], s, len))
			return &t->slot[i];
	}
}

static ns_status strtab_grow(strtab *t)
{
	unsigned bits = t->bits ? t->bits + 1 : STRTAB_MIN_BITS;
	size_t old = t->bits ? (size_t)1 << t->bits : 0, mask = ((size_t)1 << bits) - 1;
	uint64_t *slot = calloc(mask + 1, sizeof *slot), *from = t->slot;
	if (!slot) return NS_ERR_NOMEM;
	t->slot = slot;
	t->bits = bits;
	for (size_t j = 0; j < old; j++) {
		uint64_t v = from[j];
		if (!v) continue;
		size_t i = strtab_home(t, HASH_HI(v));
		while (slot[i]) i = (i + 1) & mask;
		slot[i] = v;
	}
	free(from);
	return NS_OK;
}

/* Index of s in t, adding it if new (*added says which).  NS_ERR_NOMEM, or
 * NS_ERR_FORMAT when the table already holds STRTAB_MAX_KEYS strings. */
static ns_status strtab_intern(strtab *t, const char *s, size_t len, uint32_t *k, int *added)
{
	if (!t->bits || (t->n + 1) * 2 > (size_t)1 << t->bits) {
		if (t->bits >= STRTAB_MAX_BITS) return NS_ERR_FORMAT;
		ns_status st = strtab_grow(t);
		if (st) return st;
	}
	uint32_t hi = HASH_HI(XXH3_64bits(s, len));
	uint64_t *p = strtab_probe(t, s, len, hi);
	if (*p) {
		*k = (uint32_t)*p - 1;
		*added = 0;
		return NS_OK;
	}
	if (t->n >= STRTAB_MAX_KEYS) return NS_ERR_FORMAT;
	if (ns_grow((void **)&t->off, &t->offcap, t->n + 2, sizeof *t->off)) return NS_ERR_NOMEM;
	if (ns_buf_put(&t->bytes, s, len)) return NS_ERR_NOMEM;
	t->off[0] = 0;
	t->off[t->n + 1] = t->bytes.len;
	*p = (uint64_t)hi << 32 | (uint64_t)(t->n + 1);
	*k = (uint32_t)t->n++;
	*added = 1;
	return NS_OK;
}

/* ---- TSV reading ------------------------------------------------------- */

typedef struct {
	FILE *f;
	const char *path;
	const char *column;
	char *line;
	size_t cap;
	unsigned long long lineno;
	size_t col_id, col_lab, need; /* need = fields a row must have */
} tsv;

static void tsv_close(tsv *t)
{
	if (t->f) fclose(t->f);
	free(t->line);
	t->f = NULL;
	t->line = NULL;
	t->cap = 0;
}

/* Next line without its "\n" or "\r\n": 1, 0 at the end, or a status. */
static int tsv_line(tsv *t, char **s, size_t *len, char *err, size_t errlen)
{
	errno = 0;
	ssize_t n = getline(&t->line, &t->cap, t->f);
	if (n < 0) {
		if (!ferror(t->f)) return 0;
		int e = errno;
		ns_errf(err, errlen, "%s:%llu: read error: %s", t->path, t->lineno + 1, strerror(e));
		return e == ENOMEM ? NS_ERR_NOMEM : NS_ERR_IO;
	}
	t->lineno++;
	if (n > 0 && t->line[n - 1] == '\n') n--;
	if (n > 0 && t->line[n - 1] == '\r') n--;
	*s = t->line;
	*len = (size_t)n;
	return 1;
}

/* Open path and find the "id" and t->column columns in its header. */
static ns_status tsv_open(tsv *t, const char *path, const char *column, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	t->path = path;
	t->column = column;
	t->f = fopen(path, "r");
	if (!t->f) {
		ns_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NS_ERR_OPEN;
	}
	char *s;
	size_t len;
	int rc = tsv_line(t, &s, &len, err, errlen);
	if (rc < 0) return (ns_status)rc;
	if (rc == 0) {
		ns_errf(err, errlen, "%s:1: empty file, expected a header line", path);
		return NS_ERR_FORMAT;
	}
	/* a UTF-8 byte-order mark is not part of the first column's name */
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; len -= 3; }
	const size_t none = SIZE_MAX;
	size_t col_id = none, col_lab = none, clen = strlen(column);
	for (size_t j = 0, start = 0;; j++) {
		const char *tab = memchr(s + start, '\t', len - start);
		size_t end = tab ? (size_t)(tab - s) : len, flen = end - start;
		/* a repeated name would make the choice of column a guess */
		if (flen == 2 && !memcmp(s + start, "id", 2)) {
			if (col_id != none) {
				ns_errf(err, errlen, "%s:1: column 'id' appears twice in the header", path);
				return NS_ERR_FORMAT;
			}
			col_id = j;
		}
		if (flen == clen && !memcmp(s + start, column, clen)) {
			if (col_lab != none) {
				ns_errf(err, errlen, "%s:1: column '%s' appears twice in the header", path, column);
				return NS_ERR_FORMAT;
			}
			col_lab = j;
		}
		if (!tab) break;
		start = end + 1;
	}
	if (col_id == none || col_lab == none) {
		ns_errf(err, errlen, "%s:1: no column '%s' in the header", path, col_id == none ? "id" : column);
		return NS_ERR_FORMAT;
	}
	t->col_id = col_id;
	t->col_lab = col_lab;
	t->need = NS_MAX(col_id, col_lab) + 1;
	return NS_OK;
}

/* Next data row: its id and label fields.  1, 0 at the end, or a status. */
static int tsv_row(tsv *t, const char **id, size_t *idlen, const char **lab, size_t *lablen,
                   char *err, size_t errlen)
{
	char *s;
	size_t len;
	int rc = tsv_line(t, &s, &len, err, errlen);
	if (rc <= 0) return rc;
	size_t j = 0, start = 0;
	for (;; j++) {
		const char *tab = memchr(s + start, '\t', len - start);
		size_t end = tab ? (size_t)(tab - s) : len;
		if (j == t->col_id) { *id = s + start; *idlen = end - start; }
		if (j == t->col_lab) { *lab = s + start; *lablen = end - start; }
		if (j + 1 == t->need) break;
		if (!tab) {
			ns_errf(err, errlen, "%s:%llu: short row: %zu field%s, the header needs %zu",
			        t->path, t->lineno, j + 1, j ? "s" : "", t->need);
			return NS_ERR_FORMAT;
		}
		start = end + 1;
	}
	if (*idlen == 0) {
		ns_errf(err, errlen, "%s:%llu: empty id", t->path, t->lineno);
		return NS_ERR_FORMAT;
	}
	return 1;
}

/* ---- files ------------------------------------------------------------- */

#define NO_LABEL UINT32_MAX

static ns_status intern_error(ns_status st, const tsv *t, const char *what, char *err, size_t errlen)
{
	if (st == NS_ERR_NOMEM) ns_errf(err, errlen, "%s:%llu: out of memory", t->path, t->lineno);
	else ns_errf(err, errlen, "%s:%llu: more than %zu distinct %s", t->path, t->lineno, STRTAB_MAX_KEYS, what);
	return st;
}

/* Read column `column` of gold and pred into label arrays in gold row
 * order (*gold_out, *pred_out, malloc'd, *n_out entries); a gold id missing
 * from pred gets a fresh singleton label. */
static ns_status load_labels(const char *pred_path, const char *gold_path, const char *column, uint32_t **gold_out,
                             uint32_t **pred_out, size_t *n_out, size_t *missing_out, size_t *extra_out, char *err,
                             size_t errlen)
{
	*gold_out = *pred_out = NULL;
	*n_out = *missing_out = *extra_out = 0;
	if (err && errlen) err[0] = 0;
	strtab ids = {0}, glab = {0}, plab = {0};
	uint32_t *gold = NULL, *pred = NULL;
	size_t gcap = 0, n = 0, missing = 0, extra = 0;
	const char *id = NULL, *lab = NULL;
	size_t idlen = 0, lablen = 0;
	uint32_t k, l;
	int added, rc;
	tsv t = {0};
	ns_status st = tsv_open(&t, gold_path, column, err, errlen);
	if (st) goto out;
	while ((rc = tsv_row(&t, &id, &idlen, &lab, &lablen, err, errlen)) == 1) {
		if ((st = strtab_intern(&ids, id, idlen, &k, &added))) {
			intern_error(st, &t, "ids", err, errlen);
			goto out;
		}
		if (!added) {
			ns_errf(err, errlen, "%s:%llu: duplicate id '%.*s'", t.path, t.lineno,
			        (int)NS_MIN(idlen, ERR_ID_MAX), id);
			st = NS_ERR_FORMAT;
			goto out;
		}
		if ((st = strtab_intern(&glab, lab, lablen, &l, &added))) {
			intern_error(st, &t, "labels", err, errlen);
			goto out;
		}
		if (ns_grow((void **)&gold, &gcap, (size_t)k + 1, sizeof *gold)) {
			st = intern_error(NS_ERR_NOMEM, &t, "", err, errlen);
			goto out;
		}
		gold[k] = l;
	}
	if (rc < 0) { st = (ns_status)rc; goto out; }
	tsv_close(&t);
	n = ids.n;

	pred = malloc((n ? n : 1) * sizeof *pred);
	if (!pred) {
		ns_errf(err, errlen, "%s: out of memory", pred_path);
		st = NS_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) pred[i] = NO_LABEL;
	if ((st = tsv_open(&t, pred_path, column, err, errlen))) goto out;
	while ((rc = tsv_row(&t, &id, &idlen, &lab, &lablen, err, errlen)) == 1) {
		/* extras go into the id table too, so a repeated one counts once */
		if ((st = strtab_intern(&ids, id, idlen, &k, &added))) {
			intern_error(st, &t, "ids", err, errlen);
			goto out;
		}
		if (k >= n) {
			if (added) extra++;
			continue;
		}
		if (pred[k] != NO_LABEL) continue; /* repeated id: the first row stands */
		if ((st = strtab_intern(&plab, lab, lablen, &l, &added))) {
			intern_error(st, &t, "labels", err, errlen);
			goto out;
		}
		pred[k] = l;
	}
	if (rc < 0) { st = (ns_status)rc; goto out; }
	tsv_close(&t);

	/* Fresh labels above every interned one; plab.n + missing <= n, and n
	 * < UINT32_MAX, so they cannot reach NO_LABEL. */
	uint32_t next = (uint32_t)plab.n;
	for (size_t i = 0; i < n; i++)
		if (pred[i] == NO_LABEL) { pred[i] = next++; missing++; }
	/* the strings are done with; let the sort have their memory */
	strtab_free(&ids);
	strtab_free(&glab);
	strtab_free(&plab);

	*gold_out = gold;
	*pred_out = pred;
	*n_out = n;
	*missing_out = missing;
	*extra_out = extra;
	gold = pred = NULL;
out:
	tsv_close(&t);
	strtab_free(&ids);
	strtab_free(&glab);
	strtab_free(&plab);
	free(gold);
	free(pred);
	return st;
}

ns_status ns_eval_files(const char *pred_path, const char *gold_path, const char *column,
                        ns_eval_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	uint32_t *gold, *pred;
	size_t n, missing, extra;
	ns_status st = load_labels(pred_path, gold_path, column, &gold, &pred, &n, &missing, &extra, err, errlen);
	if (st) return st;
	if ((st = ns_eval_labels(gold, pred, n, r))) ns_errf(err, errlen, "%s: %s", gold_path, ns_strerror(st));
	r->missing = missing;
	r->extra = extra;
	free(gold);
	free(pred);
	return st;
}

typedef struct {
	uint32_t story, pred, dup;
} triple;

static int cmp_triple(const void *a, const void *b)
{
	const triple *x = a, *y = b;
	if (x->story != y->story) return x->story < y->story ? -1 : 1;
	if (x->pred != y->pred) return x->pred < y->pred ? -1 : 1;
	return x->dup < y->dup ? -1 : x->dup > y->dup;
}

static int cmp_story_dup(const void *a, const void *b)
{
	const triple *x = a, *y = b;
	if (x->story != y->story) return x->story < y->story ? -1 : 1;
	return x->dup < y->dup ? -1 : x->dup > y->dup;
}

/* Pairs in the same block (same story, and the same predicted group when
 * by_pred) whose gold duplicate groups differ: all pairs of the block minus
 * those within one gold group.  t is sorted by block, then gold group. */
static uint64_t cross_group_pairs(const triple *t, size_t n, int by_pred)
{
	uint64_t all = 0, same = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j].story == t[i].story && (!by_pred || t[j].pred == t[i].pred)) j++;
		all += pairs(j - i);
		for (size_t q = i; q < j;) {
			size_t w = q;
			while (w < j && t[w].dup == t[q].dup) w++;
			same += pairs(w - q);
			q = w;
		}
		i = j;
	}
	return all - same;
}

ns_status ns_eval_same_story(const char *pred_path, const char *gold_path, uint64_t *merged, uint64_t *total,
                             char *err, size_t errlen)
{
	*merged = *total = 0;
	uint32_t *gdup, *pdup, *gstory, *pstory;
	size_t n, n2, missing, extra;
	ns_status st = load_labels(pred_path, gold_path, "dup_group", &gdup, &pdup, &n, &missing, &extra, err, errlen);
	if (st) return st;
	st = load_labels(pred_path, gold_path, "story", &gstory, &pstory, &n2, &missing, &extra, err, errlen);
	if (st) { free(gdup); free(pdup); return st; }
	triple *t = malloc((n ? n : 1) * sizeof *t);
	if (!t) { st = NS_ERR_NOMEM; goto out; }
	/* same story, different gold group: all pairs within a story minus those
	 * within a (story, group); merged ones: the same within (story, pred) */
	for (size_t i = 0; i < n; i++) { t[i].story = gstory[i]; t[i].pred = pdup[i]; t[i].dup = gdup[i]; }
	qsort(t, n, sizeof *t, cmp_triple);
	*merged = cross_group_pairs(t, n, 1);
	qsort(t, n, sizeof *t, cmp_story_dup);
	*total = cross_group_pairs(t, n, 0);
	free(t);
out:
	free(gdup); free(pdup); free(gstory); free(pstory);
	return st;
}
