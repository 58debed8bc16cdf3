/* Stage-level tests: each stage through the library, value in, value out.
 *
 * - The stages called one by one (store, read, boilerplate, sketches,
 *   dedup, stories, summaries, write) give the same output files as one
 *   whole run, also when the dedup and story values go through a file
 *   (saved and loaded back) between the stages.
 * - 1, 2, 3 and 8 threads give the same output bytes and the same values.
 * - Save and load round trips; damaged, truncated, foreign or mismatched
 *   value files are refused with NS_ERR_FORMAT, a missing one with
 *   NS_ERR_OPEN.
 * - The log is never called from inside a parallel region, and comes in
 *   input order; a run leaves the caller's OpenMP thread setting alone.
 * - The document store, the near-duplicate test and centre clustering
 *   with its pair check. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "check.h"
#include "tmpfiles.h"
#include "newsift/newsift.h"
#include "newsift/storyvec.h"

/* printf-append into b. */
static void bprintf(ns_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void bprintf(ns_buf *b, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0) ns_buf_put(b, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static const char *sample = "corpora/sample.jsonl.gz";
static const char *files[] = {"clusters.tsv", "deduped.jsonl.gz", "stories.jsonl", "digest.md"};
enum { NFILES = sizeof(files) / sizeof(files[0]) };

/* Whole contents of a file (NULL when unreadable); *n its length. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f) return NULL;
	size_t cap = 1 << 16;
	char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + *n, 1, cap - *n, f)) > 0) {
		*n += k;
		if (*n == cap) b = realloc(b, cap *= 2);
	}
	fclose(f);
	return b;
}

/* Are the output files of two directories byte for byte the same?  The
 * files that differ are named unless quiet (where they should differ). */
static int same_outputs_q(const char *d1, const char *d2, int quiet)
{
	int same = 1;
	for (int i = 0; i < NFILES; i++) {
		char p1[512], p2[512];
		snprintf(p1, sizeof(p1), "%s/%s", d1, files[i]);
		snprintf(p2, sizeof(p2), "%s/%s", d2, files[i]);
		size_t n1, n2;
		char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
		if (!a || !b || n1 != n2 || memcmp(a, b, n1)) {
			if (!quiet) fprintf(stderr, "differs: %s %s\n", p1, p2);
			same = 0;
		}
		free(a);
		free(b);
	}
	return same;
}

static int same_outputs(const char *d1, const char *d2)
{
	return same_outputs_q(d1, d2, 0);
}

static void opts(ns_options *o, int threads)
{
	ns_options_init(o);
	o->threads = threads;
	char err[256];
	if (ns_options_check(o, err, sizeof(err))) fprintf(stderr, "options: %s\n", err);
}

/* One whole run (the CLI's calls) into outdir. */
static ns_status whole_run(const ns_options *o, const char *input, const char *outdir, ns_log_fn log, void *ud)
{
	ns_run *r;
	ns_status st = ns_run_create(&r, o, log, ud);
	if (!st) st = ns_run_read(r, input);
	if (!st) st = ns_run_process(r);
	if (!st) st = ns_run_write(r, outdir);
	ns_run_destroy(r);
	return st;
}

/* The stages called one by one into outdir; with via_files the dedup and
 * story values are saved and loaded back between the stages. */
static ns_status staged_run(const ns_options *o, const char *input, const char *outdir, int via_files)
{
	ns_ctx c;
	ns_ctx_init(&c, o, NULL, NULL);
	ns_times tm;
	memset(&tm, 0, sizeof(tm));
	ns_docs *ds = NULL;
	ns_ingest in;
	ns_boilerplate bp;
	ns_sketches sk;
	ns_dedup dd;
	ns_story_set ss;
	ns_summaries sm;
	memset(&in, 0, sizeof(in));
	memset(&bp, 0, sizeof(bp));
	memset(&sk, 0, sizeof(sk));
	memset(&dd, 0, sizeof(dd));
	memset(&ss, 0, sizeof(ss));
	memset(&sm, 0, sizeof(sm));
	char err[512];
	ns_status st = ns_docs_create(&ds, NULL);
	if (!st) st = ns_ingest_files(&c, ds, &in, &input, 1, SIZE_MAX, &tm);
	if (!st) st = ns_docs_map(ds);
	if (!st) st = ns_boilerplate_apply(&c, ds, in.occ, in.nocc, &bp);
	ns_ingest_free(&in);
	if (!st) st = ns_sketch_all(&c, ds, &sk, &tm);
	if (!st) st = ns_dedup_build(&c, ds, &sk, (uint64_t)64 << 20, &dd, &tm);
	ns_sketches_free(&sk);
	if (!st && via_files) {
		const char *p = path_of("dedup.nsv");
		st = ns_dedup_save(&dd, p, err, sizeof(err));
		ns_dedup_free(&dd);
		if (!st) st = ns_dedup_load(&dd, p, err, sizeof(err));
		if (st) fprintf(stderr, "%s\n", err);
	}
	if (!st) st = ns_story_set_build(&c, ds, &dd, &ss, &tm);
	if (!st && via_files) {
		const char *p = path_of("stories.nsv");
		st = ns_story_set_save(&ss, p, err, sizeof(err));
		ns_story_set_free(&ss);
		if (!st) st = ns_story_set_load(&ss, &dd, p, err, sizeof(err));
		if (st) fprintf(stderr, "%s\n", err);
	}
	if (!st) st = ns_summaries_build(&c, ds, &ss, &sm, &tm);
	if (!st) {
		ns_run_counts counts;
		ns_run_counts_make(&counts, o, &in, &bp, &dd, &ss, &sm);
		ns_outputs out = {ds, &bp, &dd, &ss, &sm, &counts, NULL};
		st = ns_write_outputs(&c, &out, outdir, &tm);
	}
	ns_summaries_free(&sm);
	ns_story_set_free(&ss);
	ns_dedup_free(&dd);
	ns_boilerplate_free(&bp);
	ns_docs_destroy(ds);
	return st;
}

static int same_dedup(const ns_dedup *a, const ns_dedup *b)
{
	size_t n = a->n;
	return a->n == b->n && a->nedge == b->nedge && !memcmp(a->key, b->key, n * 8) && !memcmp(a->status, b->status, n) &&
	       !memcmp(a->kind, b->kind, n) && !memcmp(a->group, b->group, n * 4) && !memcmp(a->partner, b->partner, n * 4) &&
	       !memcmp(a->sim, b->sim, n * 4) && !memcmp(a->ntok, b->ntok, n * 4) &&
	       (!a->nedge || !memcmp(a->edge, b->edge, a->nedge * sizeof(ns_edge))) && a->candidates == b->candidates &&
	       a->kept == b->kept && a->duplicates == b->duplicates && a->exact == b->exact && a->near == b->near &&
	       a->groups == b->groups;
}

/* The dedup value of input made by the stages with threads threads. */
static ns_status dedup_of(const char *input, int threads, ns_dedup *dd, ns_docs **dsp)
{
	ns_options o;
	opts(&o, threads);
	ns_ctx c;
	ns_ctx_init(&c, &o, NULL, NULL);
	ns_ingest in;
	ns_sketches sk;
	memset(&in, 0, sizeof(in));
	memset(&sk, 0, sizeof(sk));
	ns_docs *ds;
	ns_status st = ns_docs_create(&ds, NULL);
	if (!st) st = ns_ingest_files(&c, ds, &in, &input, 1, SIZE_MAX, NULL);
	if (!st) st = ns_docs_map(ds);
	ns_ingest_free(&in);
	if (!st) st = ns_sketch_all(&c, ds, &sk, NULL);
	if (!st) st = ns_dedup_build(&c, ds, &sk, (uint64_t)64 << 20, dd, NULL);
	ns_sketches_free(&sk);
	if (dsp) *dsp = ds;
	else ns_docs_destroy(ds);
	return st;
}

/* Deduplication with its candidates made by a callback and every other
 * pair verified "elsewhere" (ns_dedup_verify with sketches of its own):
 * newsift's value; a failure there stops the stage, and finish is called
 * once either way. */
typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	ns_sketches sv;      /* the other process's sketches: its counts */
	int fail, calls, finished;
	size_t sent;
} fake_dedup;

static ns_status fd_candidates(void *ud, ns_band_files *own, const uint8_t *root, size_t n, ns_pair **out, size_t *nout)
{
	fake_dedup *f = ud;
	ns_pair *all = NULL;
	size_t na = 0;
	ns_lsh_entry *e = NULL;
	size_t ecap = 0;
	ns_status st = NS_OK;
	for (uint32_t j = 0; j < own->n && !st; j++) {
		ns_pair *bp = NULL, *t;
		size_t bn = 0;
		st = ns_band_files_pairs(own, j, root, n, f->c->o->max_bucket, &e, &ecap, NULL, &bp, &bn);
		if (!st && (t = malloc((na + bn + 1) * sizeof(ns_pair)))) {
			na = ns_pairs_merge(all, na, bp, bn, t);
			free(all);
			all = t;
		}
		free(bp);
	}
	free(e);
	*out = all;
	*nout = na;
	return st;
}

static ns_status fd_send(void *ud, const ns_pair *p, size_t np, uint8_t *away)
{
	fake_dedup *f = ud;
	(void)p;
	f->calls++;
	for (size_t i = 0; i < np; i += 2) away[i] = 1;
	f->sent += (np + 1) / 2;
	return NS_OK;
}

static ns_status fd_take(void *ud, const ns_pair *p, size_t np, const uint8_t *away, ns_pair_scores *sc)
{
	fake_dedup *f = ud;
	if (f->fail) return NS_ERR_IO;
	for (size_t i = 0; i < np; i++) {
		if (!away[i]) continue;
		ns_status st = ns_dedup_verify(f->c, f->ds, &f->sv, (uint64_t)64 << 20, &p[i], 1, &sc[i]);
		if (st) return st;
	}
	return NS_OK;
}

static void fd_finish(void *ud)
{
	((fake_dedup *)ud)->finished++;
}

static void test_dedup_remote(const ns_ctx *c, ns_docs *ds, const ns_dedup *ref)
{
	for (int mode = 0; mode < 2; mode++) {
		fake_dedup f = {.c = c, .ds = ds, .fail = mode};
		ns_dedup_remote rem = {fd_candidates, fd_send, fd_take, fd_finish, &f};
		ns_sketches sk;
		ns_dedup dd;
		CHECK(ns_sketch_all(c, ds, &f.sv, NULL) == NS_OK);
		CHECK(ns_sketch_all(c, ds, &sk, NULL) == NS_OK);
		ns_status st = ns_dedup_build_remote(c, ds, &sk, (uint64_t)64 << 20, NULL, &rem, &dd, NULL);
		if (mode == 0) {
			/* the candidates (and the centre clustering's checks, when it has any) */
			CHECK(st == NS_OK && same_dedup(ref, &dd));
			CHECK(f.calls >= 1 && f.sent > 10);
		} else {
			CHECK(st == NS_ERR_IO);
		}
		CHECK(f.finished == 1);
		/* a pair that is not two documents of the store */
		ns_pair bad = {0, (uint32_t)ns_docs_count(ds)};
		ns_pair_scores x;
		CHECK(ns_dedup_verify(c, ds, &f.sv, 1 << 20, &bad, 1, &x) == NS_ERR_FORMAT);
		ns_dedup_free(&dd);
		ns_sketches_free(&sk);
		ns_sketches_free(&f.sv);
	}
}

static void test_stages_match_whole_run(void)
{
	ns_options o;
	opts(&o, 2);
	char whole[300], staged[300], viafile[300];
	snprintf(whole, sizeof(whole), "%s", path_of("whole"));
	snprintf(staged, sizeof(staged), "%s", path_of("staged"));
	snprintf(viafile, sizeof(viafile), "%s", path_of("viafile"));
	CHECK(whole_run(&o, sample, whole, NULL, NULL) == NS_OK);
	CHECK(staged_run(&o, sample, staged, 0) == NS_OK);
	CHECK(staged_run(&o, sample, viafile, 1) == NS_OK);
	CHECK(same_outputs(whole, staged));
	CHECK(same_outputs(whole, viafile));
	/* the comparison can fail: a different option changes the outputs */
	ns_options o2;
	opts(&o2, 2);
	o2.threshold = 0.9;
	ns_options_check(&o2, NULL, 0);
	char other[300];
	snprintf(other, sizeof(other), "%s", path_of("other"));
	CHECK(whole_run(&o2, sample, other, NULL, NULL) == NS_OK);
	CHECK(!same_outputs_q(whole, other, 1));
}

static void test_threads(void)
{
	static const int nt[] = {1, 2, 3, 8};
	char first[300];
	ns_dedup d1;
	CHECK(dedup_of(sample, 1, &d1, NULL) == NS_OK);
	CHECK(d1.n > 100 && d1.duplicates > 0 && d1.nedge > 0);
	for (size_t k = 0; k < sizeof(nt) / sizeof(nt[0]); k++) {
		ns_options o;
		opts(&o, nt[k]);
		char d[300];
		snprintf(d, sizeof(d), "%s/threads%d", dir, nt[k]);
		CHECK(whole_run(&o, sample, d, NULL, NULL) == NS_OK);
		if (k == 0) snprintf(first, sizeof(first), "%s", d);
		else CHECK(same_outputs(first, d));
		ns_dedup dk;
		CHECK(dedup_of(sample, nt[k], &dk, NULL) == NS_OK);
		CHECK(same_dedup(&d1, &dk));
		ns_dedup_free(&dk);
	}
	ns_dedup_free(&d1);
}

/* Copy a file with byte k xor-ed (k < 0: the file cut to -k bytes). */
static void damage(const char *src, const char *dst, long k)
{
	size_t n;
	char *b = slurp(src, &n);
	if (!b) return;
	if (k >= 0 && (size_t)k < n) b[k] ^= 0x5a;
	if (k < 0 && (size_t)-k < n) n = (size_t)-k;
	FILE *f = fopen(dst, "wb");
	if (f) {
		fwrite(b, 1, n, f);
		fclose(f);
	}
	free(b);
}

/* A stand-in for newsift-mpi's other processes: the count vectors of the
 * odd documents made with ns_story_counts_pack into a buffer and read back
 * through a reader fed 777 bytes at a time; with damage a byte of the
 * stream is changed, with fail the stream ends with a failure instead. */
typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	ns_buf stream;
	ns_story_counts_reader *rd;
	size_t at, given, taken;
	int damage, fail;
	/* the second pass made there too (ns_story_vectors_pack) */
	ns_buf vstream;
	ns_story_counts_reader *vrd;
	size_t src_at, vat, vtaken;
	int bad_df; /* damaged frequencies were refused */
	/* the frequencies counted together (count, counted): the remote
	 * articles' vectors read back here, by two counters of half the
	 * blocks each */
	uint32_t *art;        /* the remote articles, ascending */
	size_t m, cat, cread;
	ns_story_counts_reader *crd;
	ns_story_df *half[2];
	size_t windows;
	int counted;
	size_t cand_posts; /* the candidates' postings, all of them */
} fake_remote;

static ns_status buf_sink(void *ud, const void *p, size_t n)
{
	return ns_buf_put(ud, p, n);
}

static int fr_remote(void *ud, uint32_t d)
{
	(void)ud;
	return d & 1;
}

static ns_status fr_begin(void *ud, const uint32_t *doc, const uint8_t *strip, size_t m, const ns_boiler_line *sl,
                          size_t nsl)
{
	fake_remote *f = ud;
	uint32_t *ld = malloc((m ? m : 1) * sizeof(uint32_t));
	uint8_t *lst = malloc(m ? m : 1);
	size_t n = 0;
	f->m = m;
	f->art = malloc((m ? m : 1) * sizeof(uint32_t));
	for (size_t i = 0; ld && lst && f->art && i < m; i++)
		if (doc[i] != UINT32_MAX && (doc[i] & 1)) {
			f->art[n] = (uint32_t)i;
			ld[n] = doc[i];
			lst[n++] = strip[i];
		}
	ns_status st = ld && lst ? ns_story_counts_pack(f->c, f->ds, ld, lst, n, sl, nsl, NULL, buf_sink, &f->stream) : NS_ERR_NOMEM;
	if (!st && f->fail) {
		f->stream.len = 0; /* it failed before its first vector */
		st = ns_story_counts_fail(&f->stream, NS_ERR_IO, "on vm: temporary file in /scratch: No space left on device");
	}
	if (!st && f->damage) f->stream.p[f->stream.len / 2] ^= 0x5a;
	if (!st) st = ns_story_counts_reader_create(&f->rd);
	f->given = n;
	free(ld);
	free(lst);
	return st;
}

/* The next piece (at most `piece` bytes) of stream b from *at into rd:
 * its status, the failure its stream ended with, or NS_ERR_FORMAT when the
 * stream ended without the vector that was wanted. */
static ns_status fr_feed(ns_story_counts_reader *rd, const ns_buf *b, size_t *at, size_t piece)
{
	const char *msg;
	ns_status failed;
	if (ns_story_counts_reader_ended(rd, &msg, &failed)) return failed ? failed : NS_ERR_FORMAT;
	if (*at >= b->len) return NS_ERR_FORMAT;
	size_t k = b->len - *at < piece ? b->len - *at : piece;
	ns_status st = ns_story_counts_reader_feed(rd, b->p + *at, k);
	*at += k;
	return st;
}

static ns_status fr_next(void *ud, size_t i, ns_termvec *v, uint8_t *lang)
{
	fake_remote *f = ud;
	(void)i;
	while (!ns_story_counts_reader_take(f->rd, v, lang)) {
		ns_status st = fr_feed(f->rd, &f->stream, &f->at, 777);
		if (st) return st;
	}
	f->taken++;
	return NS_OK;
}

/* The count vectors' stream, read back by the vectors' maker. */
static long fr_src(void *ud, void *buf, size_t cap)
{
	fake_remote *f = ud;
	size_t k = f->stream.len - f->src_at < cap ? f->stream.len - f->src_at : cap;
	if (k > 5000) k = 5000; /* in pieces */
	memcpy(buf, f->stream.p + f->src_at, k);
	f->src_at += k;
	return (long)k;
}

static ns_status fr_vectors(void *ud, ns_story_df *df, size_t m, uint32_t max_df)
{
	fake_remote *f = ud;
	/* the frequencies travel as newsift-mpi sends them */
	ns_buf b = {0};
	ns_story_df *there = NULL, *bad = NULL;
	ns_status st = ns_story_df_save(df, &b);
	if (!st) st = ns_story_df_load(&there, b.p, b.len);
	if (!st && b.len > 40) {
		/* two terms swapped: refused */
		unsigned char t[8];
		memcpy(t, b.p + 12, 8);
		memcpy(b.p + 12, b.p + 20, 8);
		memcpy(b.p + 20, t, 8);
		f->bad_df = ns_story_df_load(&bad, b.p, b.len) == NS_ERR_FORMAT && !bad;
		f->bad_df &= ns_story_df_load(&bad, b.p, b.len - 1) == NS_ERR_FORMAT;
	}
	ns_buf_free(&b);
	if (!st) st = ns_story_vectors_pack(f->c, there, m, max_df, fr_src, f, buf_sink, &f->vstream);
	ns_story_df_destroy(there);
	if (!st) st = ns_story_counts_reader_create(&f->vrd);
	return st;
}

/* A window's vectors: those made here (v) and the remote ones, read from
 * the count stream, counted by the two halves of the blocks. */
static ns_status fr_count(void *ud, size_t i0, size_t wn, const ns_termvec *v, uint64_t *need)
{
	fake_remote *f = ud;
	ns_status st = NS_OK;
	uint32_t nb = ns_story_df_blocks(f->m);
	if (!f->half[0] && !f->half[1]) {
		/* with one block, one counter of it */
		if (nb > 1 && ns_story_df_create_blocks(&f->half[0], f->m, 0, nb / 2)) return NS_ERR_NOMEM;
		if (ns_story_df_create_blocks(&f->half[1], f->m, nb > 1 ? nb / 2 : 0, nb)) return NS_ERR_NOMEM;
		st = ns_story_counts_reader_create(&f->crd);
	}
	ns_termvec *w = calloc(wn ? wn : 1, sizeof(*w));
	if (!w) return NS_ERR_NOMEM;
	for (size_t k = 0; k < wn && !st; k++) {
		if (f->cat < f->given && f->art[f->cat] == i0 + k) {
			uint8_t lang;
			CHECK(v[k].n == 0); /* not made here */
			while (!st && !ns_story_counts_reader_take(f->crd, &w[k], &lang))
				st = fr_feed(f->crd, &f->stream, &f->cread, 555);
			f->cat++;
		} else {
			w[k] = v[k];
		}
	}
	*need = 0;
	for (int h = 0; h < 2 && !st; h++)
		if (f->half[h]) {
			if (ns_story_df_add(f->half[h], w, wn, 1)) st = NS_ERR_NOMEM;
			*need += ns_story_df_bytes(f->half[h]);
		}
	for (size_t k = 0; k < wn; k++)
		if (w[k].t != v[k].t) free(w[k].t);
	free(w);
	f->windows++;
	return st;
}

static ns_status fr_counted(void *ud, ns_status st, uint32_t max_df, ns_story_df **df)
{
	fake_remote *f = ud;
	ns_buf parts[2] = {{0}, {0}}, all = {0};
	size_t np = 0;
	*df = NULL;
	f->counted++;
	for (int h = 0; h < 2 && !st; h++)
		if (f->half[h]) {
			st = ns_story_df_finish(f->half[h], max_df, 1);
			if (!st) st = ns_story_df_save(f->half[h], &parts[np++]);
		}
	if (!st) st = ns_story_df_join(parts, np, &all);
	if (!st) st = ns_story_df_load(df, all.p, all.len);
	for (int h = 0; h < 2; h++) {
		ns_story_df_destroy(f->half[h]);
		f->half[h] = NULL;
		ns_buf_free(&parts[h]);
	}
	ns_buf_free(&all);
	return st;
}

/* The candidates: the postings given (the articles made here) and those
 * of the remote articles' encoded vectors, read again from their stream,
 * all in one list's pairs, those in min_shared lists kept. */
static ns_status fr_candidates(void *ud, const uint64_t *post, size_t np, uint32_t nterms, uint32_t min_shared,
                               uint32_t max_posting, uint64_t **c, size_t *nc)
{
	fake_remote *f = ud;
	(void)nterms;
	uint64_t *all = malloc((np + 1) * sizeof(uint64_t)), *pairs = NULL;
	size_t n = np, cap = np + 1, npairs = 0, pcap = 0, at = 0, k = 0;
	ns_story_counts_reader *rd = NULL;
	ns_status st = all ? ns_story_counts_reader_create(&rd) : NS_ERR_NOMEM;
	if (all) memcpy(all, post, np * sizeof(uint64_t));
	while (!st && k < f->given) {
		uint8_t *enc, lang;
		size_t len;
		float scale;
		if (!ns_story_counts_reader_take_vec(rd, &enc, &len, &scale, &lang)) {
			st = fr_feed(rd, &f->vstream, &at, 4096);
			continue;
		}
		st = ns_story_vec_postings(enc, len, f->art[k++], &all, &n, &cap);
		free(enc);
	}
	if (!st) st = ns_story_list_pairs(all, n, max_posting, &pairs, &npairs, &pcap);
	*nc = st ? 0 : ns_story_pairs_shared(pairs, npairs, min_shared);
	*c = pairs;
	f->cand_posts = n;
	ns_story_counts_reader_destroy(rd);
	free(all);
	return st;
}

static ns_status fr_next_vec(void *ud, size_t i, uint8_t **enc, size_t *len, float *scale, uint8_t *lang)
{
	fake_remote *f = ud;
	(void)i;
	while (!ns_story_counts_reader_take_vec(f->vrd, enc, len, scale, lang)) {
		ns_status st = fr_feed(f->vrd, &f->vstream, &f->vat, 333);
		if (st) return st;
	}
	f->vtaken++;
	return NS_OK;
}

/* The story stage with half its count vectors made elsewhere: the stories
 * of ns_story_set_build; a damaged stream or one that says its process
 * failed stops the stage with NS_ERR_FORMAT or that failure. */
static void test_story_remote(const ns_ctx *c, const ns_docs *ds, const ns_dedup *dd, const ns_story_set *ss)
{
	for (int mode = 0; mode < 5; mode++) {
		fake_remote f = {.c = c, .ds = ds, .damage = mode == 1, .fail = mode == 2};
		ns_story_remote rem = {.remote = fr_remote, .begin = fr_begin, .next = fr_next, .ud = &f};
		if (mode >= 3) {
			/* the second pass there too: the vectors weighed and encoded elsewhere */
			rem.vectors = fr_vectors;
			rem.next_vec = fr_next_vec;
		}
		if (mode == 4) {
			/* and the frequencies counted by block ranges, the remote
			 * articles' vectors not taken by the stage */
			rem.count = fr_count;
			rem.counted = fr_counted;
			rem.candidates = fr_candidates;
		}
		ns_story_set s2;
		ns_status st = ns_story_set_build_remote(c, ds, dd, 0, &rem, &s2, NULL);
		if (mode == 0 || mode >= 3) {
			CHECK(st == NS_OK);
			CHECK(f.given > 10 && f.taken == (mode == 4 ? 0 : f.given));
			CHECK(mode == 0 || (f.vtaken == f.given && f.vrd && f.bad_df));
			CHECK(mode != 4 || (f.cat == f.given && f.windows > 0 && f.counted == 1 && s2.stats.terms == ss->stats.terms));
			CHECK(mode != 4 || (f.cand_posts > 10 && s2.stats.candidates > 0));
			CHECK(st == NS_OK && s2.n == ss->n && !memcmp(s2.label, ss->label, ss->n * 4) && s2.nlist == ss->nlist &&
			      s2.stats.candidates == ss->stats.candidates && s2.stats.edges == ss->stats.edges);
		} else if (mode == 1) {
			CHECK(st == NS_ERR_FORMAT);
		} else {
			const char *msg = "";
			ns_status failed = NS_OK;
			CHECK(st == NS_ERR_IO);
			CHECK(f.rd && ns_story_counts_reader_ended(f.rd, &msg, &failed) && failed == NS_ERR_IO &&
			      strstr(msg, "No space left") != NULL);
		}
		ns_story_set_free(&s2); /* what a failed build left too */
		ns_story_counts_reader_destroy(f.rd);
		ns_story_counts_reader_destroy(f.vrd);
		ns_story_counts_reader_destroy(f.crd);
		free(f.art);
		ns_buf_free(&f.stream);
		ns_buf_free(&f.vstream);
	}
}

/* Summaries made elsewhere: every other story packed (ns_summaries_pack)
 * and unpacked as another process's; damage is refused. */
typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	ns_buf b;
	uint32_t *story;
	size_t n;
	int damage; /* 1: a span past its text, 2: cut short, 3: a document the store lacks */
} fake_sum;

static ns_status fs_send(void *ud, const ns_story_set *ss, uint8_t *away)
{
	fake_sum *f = ud;
	uint32_t *narts = malloc(ss->nlist * 4 + 4), *doc = malloc(ss->n * 4 + 4);
	f->story = malloc(ss->nlist * 4 + 4);
	size_t nd = 0;
	f->n = 0;
	for (size_t k = 0; k < ss->nlist; k += 2) {
		away[k] = 1;
		f->story[f->n] = (uint32_t)k;
		narts[f->n++] = ss->list[k].narticles;
		for (uint32_t a = 0; a < ss->list[k].narticles; a++) doc[nd++] = ss->list[k].articles[a];
	}
	if (f->damage == 3) doc[nd / 2] = (uint32_t)ns_docs_count(f->ds);
	ns_status st = ns_summaries_pack(f->c, f->ds, narts, f->n, doc, nd, &f->b);
	free(narts);
	free(doc);
	return st;
}

static ns_status fs_take(void *ud, const ns_story_set *ss, const uint8_t *away, ns_summaries *sm)
{
	fake_sum *f = ud;
	(void)away;
	if (f->damage == 1) {
		/* the first story with a sentence: its span's length made too long */
		uint32_t m, len = UINT32_MAX / 2;
		memcpy(&m, f->b.p, 4);
		if (m) memcpy(f->b.p + 4 + 12, &len, 4);
	}
	size_t len = f->damage == 2 ? f->b.len - 3 : f->b.len;
	return ns_summaries_unpack(f->b.p, len, f->ds, ss, f->story, f->n, sm);
}

static void test_summary_remote(const ns_ctx *c, const ns_docs *ds, const ns_story_set *ss)
{
	ns_summaries sm, s2;
	CHECK(ns_summaries_build(c, ds, ss, &sm, NULL) == NS_OK);
	CHECK(sm.done > 10);
	for (int mode = 0; mode < 4; mode++) {
		fake_sum f = {.c = c, .ds = ds, .damage = mode};
		ns_summary_remote rem = {fs_send, fs_take, &f};
		ns_status st = ns_summaries_build_remote(c, ds, ss, &rem, &s2, NULL);
		if (mode == 0) {
			int same = st == NS_OK && s2.n == sm.n && s2.done == sm.done && f.n > 5;
			for (size_t k = 0; same && k < sm.n; k++)
				same = s2.nsent[k] == sm.nsent[k] &&
				       (!sm.nsent[k] || !memcmp(s2.sent[k], sm.sent[k], sm.nsent[k] * sizeof(ns_sum_sent)));
			CHECK(same);
		} else {
			CHECK(st == NS_ERR_FORMAT);
		}
		ns_summaries_free(&s2);
		ns_buf_free(&f.b);
		free(f.story);
	}
	ns_summaries_free(&sm);
}

static void test_value_files(void)
{
	ns_dedup dd, back;
	ns_docs *ds = NULL;
	char err[512];
	CHECK(dedup_of(sample, 2, &dd, &ds) == NS_OK);
	char p[300], q[300];
	snprintf(p, sizeof(p), "%s", path_of("v.nsdedup"));
	snprintf(q, sizeof(q), "%s", path_of("v.nsstory"));
	CHECK(ns_dedup_save(&dd, p, err, sizeof(err)) == NS_OK);
	CHECK(ns_dedup_load(&back, p, err, sizeof(err)) == NS_OK);
	CHECK(same_dedup(&dd, &back));
	/* the keys are the documents' ids, hashed */
	int keys = 1;
	for (size_t i = 0; i < dd.n; i++) keys &= back.key[i] == ns_docs_key(ds, i);
	CHECK(keys);
	ns_dedup_free(&back);
	/* a damaged payload, a cut file, another version, a missing file */
	size_t n;
	char *whole = slurp(p, &n);
	free(whole);
	char bad[300];
	snprintf(bad, sizeof(bad), "%s", path_of("bad.nsdedup"));
	long spots[] = {0, 8, 16, 30, (long)n / 2, (long)n - 1, -(long)n / 2, -20};
	for (size_t i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		damage(p, bad, spots[i]);
		err[0] = 0;
		CHECK(ns_dedup_load(&back, bad, err, sizeof(err)) == NS_ERR_FORMAT);
		CHECK(err[0] != 0);
		CHECK(back.n == 0 && back.key == NULL);
	}
	CHECK(ns_dedup_load(&back, path_of("none.nsdedup"), err, sizeof(err)) == NS_ERR_OPEN);
	CHECK(ns_dedup_save(&dd, "/nonexistent-dir/x.nsdedup", err, sizeof(err)) == NS_ERR_OPEN);

	/* the story set: round trip, and refused for other documents */
	ns_options o;
	opts(&o, 2);
	ns_ctx c;
	ns_ctx_init(&c, &o, NULL, NULL);
	ns_story_set ss, sb;
	CHECK(ns_story_set_build(&c, ds, &dd, &ss, NULL) == NS_OK);
	CHECK(ss.nlist > 0 && ss.multi > 0);
	test_story_remote(&c, ds, &dd, &ss);
	test_summary_remote(&c, ds, &ss);
	test_dedup_remote(&c, ds, &dd);
	CHECK(ns_story_set_save(&ss, q, err, sizeof(err)) == NS_OK);
	CHECK(ns_story_set_load(&sb, &dd, q, err, sizeof(err)) == NS_OK);
	CHECK(sb.n == ss.n && !memcmp(sb.label, ss.label, ss.n * 4) && sb.nlist == ss.nlist && sb.multi == ss.multi);
	int lists = sb.nlist == ss.nlist;
	for (size_t k = 0; lists && k < ss.nlist; k++)
		lists = sb.list[k].story == ss.list[k].story && sb.list[k].nmembers == ss.list[k].nmembers &&
		        sb.list[k].narticles == ss.list[k].narticles &&
		        !memcmp(sb.list[k].members, ss.list[k].members, ss.list[k].nmembers * 4) &&
		        !memcmp(sb.list[k].articles, ss.list[k].articles, ss.list[k].narticles * 4);
	CHECK(lists);
	ns_story_set_free(&sb);
	/* a dedup file is not a story file, and a story file belongs to its documents */
	CHECK(ns_story_set_load(&sb, &dd, p, err, sizeof(err)) == NS_ERR_FORMAT);
	CHECK(ns_dedup_load(&back, q, err, sizeof(err)) == NS_ERR_FORMAT);
	dd.key[3] ^= 1;
	CHECK(ns_story_set_load(&sb, &dd, q, err, sizeof(err)) == NS_ERR_FORMAT);
	CHECK(strstr(err, "not made for these documents") != NULL);
	dd.key[3] ^= 1;
	damage(q, bad, 40);
	CHECK(ns_story_set_load(&sb, &dd, bad, err, sizeof(err)) == NS_ERR_FORMAT);
	ns_story_set_free(&ss);
	ns_dedup_free(&dd);
	ns_docs_destroy(ds);
}

/* The log: never inside a parallel region, lines in input order. */
typedef struct {
	int calls, in_parallel;
	long lines[64];
	int nlines;
} log_seen;

static void seen_log(void *ud, ns_log_level lv, const char *msg)
{
	log_seen *s = ud;
	(void)lv;
	s->calls++;
#ifdef _OPENMP
	if (omp_in_parallel()) s->in_parallel++;
#endif
	const char *c = strstr(msg, "bad.jsonl:");
	if (c && s->nlines < 64) s->lines[s->nlines++] = strtol(c + 10, NULL, 10);
}

static void test_log_and_threads_setting(void)
{
	/* rejected records on many lines, spread over several batches */
	ns_buf b = {0};
	for (int i = 0; i < 200; i++) {
		if (i % 37 == 5) bprintf(&b, "{not json\n");
		else if (i % 41 == 7) bprintf(&b, "{\"id\": \"a1\", \"text\": \"repeated id\"}\n");
		else if (i % 43 == 9) bprintf(&b, "{\"id\": \"e%d\", \"text\": \"\"}\n", i);
		else bprintf(&b, "{\"id\": \"a%d\", \"title\": \"T%d\", \"text\": \"Story %d about river number %d.\"}\n", i, i, i, i);
	}
	write_file("bad.jsonl", b.p, b.len);
	ns_buf_free(&b);
	ns_options o;
	opts(&o, 4);
	o.batch_size = 16;
#ifdef _OPENMP
	omp_set_num_threads(3);
#endif
	log_seen s;
	memset(&s, 0, sizeof(s));
	char in[300];
	snprintf(in, sizeof(in), "%s", path_of("bad.jsonl"));
	CHECK(whole_run(&o, in, path_of("badout"), seen_log, &s) == NS_OK);
	CHECK(s.calls >= 10);
	CHECK_EQ_U(s.in_parallel, 0);
	int ordered = s.nlines >= 10;
	for (int i = 1; i < s.nlines; i++) ordered &= s.lines[i] > s.lines[i - 1];
	CHECK(ordered);
#ifdef _OPENMP
	CHECK_EQ_U(omp_get_max_threads(), 3); /* the run used 4 and left the setting alone */
#endif
}

static void test_docs_store(void)
{
	ns_docs *ds;
	CHECK(ns_docs_create(&ds, NULL) == NS_OK);
	uint32_t f0, f1;
	CHECK(ns_docs_add_input(ds, "in0.jsonl", &f0) == NS_OK && f0 == 0);
	CHECK(ns_docs_add_input(ds, "in1.jsonl", &f1) == NS_OK && f1 == 1);
	const char *ids[] = {"x", "y", "z"};
	for (int i = 0; i < 3; i++) {
		ns_record rec;
		memset(&rec, 0, sizeof(rec));
		char text[64];
		int tl = snprintf(text, sizeof(text), "line one of %s\nline two", ids[i]);
		size_t need = 1 + 1 + 10 + 1 + 1 + 1 + (size_t)tl + 1;
		rec.buf = calloc(need, 1);
		char *p = rec.buf;
		const char *vals[NS_NFIELDS] = {ids[i], "", "2024-01-02", "", "", text};
		for (int f = 0; f < NS_NFIELDS; f++) {
			size_t l = strlen(vals[f]);
			memcpy(p, vals[f], l);
			rec.f[f] = p;
			rec.len[f] = (uint32_t)l;
			p += l + 1;
		}
		ns_doc_info info = {(uint64_t)(10 + i), (uint32_t)(i == 2), 0, (uint8_t)(i == 1), 0, 0, 0, INT64_MIN};
		uint64_t keys[2] = {11u + (uint64_t)i, 22};
		char *reason = i == 1 ? strdup("because (in0.jsonl:11)") : NULL;
		CHECK(ns_docs_append(ds, &info, &rec, reason, keys, 2) == NS_OK);
		CHECK(rec.buf == NULL);
	}
	CHECK_EQ_U(ns_docs_count(ds), 3);
	uint32_t first = 99;
	CHECK(ns_docs_find_id(ds, "x", 1, &first) && first == 0);
	CHECK(ns_docs_find_id(ds, "y", 1, &first) && first == 1); /* a rejected record's id is entered */
	CHECK(ns_docs_rename(ds, 0, "other", 5) == NS_ERR_OPTION); /* only a rejected record is renamed */
	CHECK(ns_docs_rename(ds, 1, "in0.jsonl:11", 12) == NS_OK);
	CHECK(!ns_docs_find_id(ds, "y", 1, &first));
	CHECK(ns_docs_find_id(ds, "x", 1, &first) && first == 0);
	CHECK_STR(ns_docs_field(ds, 1, NS_F_ID), "in0.jsonl:11");
	CHECK(!ns_docs_find_id(ds, "w", 1, &first));
	CHECK_STR(ns_docs_field(ds, 2, NS_F_ID), "z");
	CHECK(ns_docs_map(ds) == NS_OK);
	CHECK_STR(ns_docs_field(ds, 0, NS_F_TEXT), "line one of x\nline two");
	CHECK_STR(ns_docs_field(ds, 1, NS_F_DATE), "2024-01-02");
	CHECK_STR(ns_docs_reason(ds, 1), "because (in0.jsonl:11)");
	CHECK_STR(ns_docs_reason(ds, 0), "");
	CHECK_STR(ns_docs_input(ds, ns_docs_info(ds, 2)->file), "in1.jsonl");
	CHECK_EQ_U(ns_docs_info(ds, 1)->line, 11);
	uint32_t nk;
	const uint64_t *k = ns_docs_line_keys(ds, 2, &nk);
	CHECK(k && nk == 2 && k[0] == 13 && k[1] == 22);
	CHECK(ns_docs_key(ds, 0) != ns_docs_key(ds, 1));
	/* a shorter text replaces the old one; the keys go; a longer one is refused */
	CHECK(ns_docs_set_text(ds, 2, "line two", 8, NULL) == NS_OK);
	CHECK_STR(ns_docs_field(ds, 2, NS_F_TEXT), "line two");
	CHECK_EQ_U(ns_docs_len(ds, 2, NS_F_TEXT), 8);
	CHECK(ns_docs_line_keys(ds, 2, &nk) == NULL && nk == 0);
	CHECK(ns_docs_set_text(ds, 2, "a much longer text than before", 30, NULL) == NS_ERR_OPTION);
	/* from the mapping itself (a part of its own text) */
	const char *t0 = ns_docs_field(ds, 0, NS_F_TEXT);
	CHECK(ns_docs_set_text(ds, 0, t0 + 5, 3, NULL) == NS_OK);
	CHECK_STR(ns_docs_field(ds, 0, NS_F_TEXT), "one");
	CHECK_STR(ns_docs_field(ds, 1, NS_F_TEXT), "line one of y\nline two");
	ns_docs_destroy(ds);
	ns_docs_destroy(NULL);
}

static int near_test(const ns_options *o, double j, double c, uint32_t small, double numbers, double relax)
{
	ns_pair_scores s = {j, c, numbers, small, -1, -1};
	return ns_dedup_test(o, &s, relax);
}

static void test_near_test(void)
{
	ns_options o;
	opts(&o, 1); /* threshold 0.5, containment 0.85 with Jaccard >= 0.15 and 50 words */
	CHECK(near_test(&o, 0.5, 0.0, 10, 1.0, 1.0) == NS_DUP_NEAR);
	CHECK(near_test(&o, 0.49, 0.9, 60, 1.0, 1.0) == NS_DUP_CONTAIN);
	CHECK(near_test(&o, 0.49, 0.9, 49, 1.0, 1.0) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.14, 0.99, 60, 1.0, 1.0) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.49, 0.84, 60, 1.0, 1.0) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.4, 0.0, 10, 1.0, 0.8) == NS_DUP_NEAR);
	CHECK(near_test(&o, 0.39, 0.67, 60, 1.0, 0.8) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.39, 0.69, 60, 1.0, 0.8) == NS_DUP_CONTAIN);
	CHECK(near_test(&o, 0.11, 0.99, 60, 1.0, 0.8) == NS_DUP_NONE);
	/* a copy keeps its numbers: half of them at least (0.4 with relax 0.8) */
	CHECK(near_test(&o, 0.49, 0.9, 60, 0.5, 1.0) == NS_DUP_CONTAIN);
	CHECK(near_test(&o, 0.49, 0.9, 60, 0.49, 1.0) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.39, 0.9, 60, 0.41, 0.8) == NS_DUP_CONTAIN);
	CHECK(near_test(&o, 0.39, 0.9, 60, 0.39, 0.8) == NS_DUP_NONE);
	CHECK(near_test(&o, 0.5, 0.0, 60, 0.0, 1.0) == NS_DUP_NEAR); /* not for the Jaccard test */
	o.containment = 0;
	CHECK(near_test(&o, 0.49, 1.0, 60, 1.0, 1.0) == NS_DUP_NONE);
}

typedef struct {
	int calls;
	ns_pair seen[8];
	size_t nseen;
	uint8_t answer;
} check_state;

static ns_status check_pairs(void *ud, const ns_pair *p, size_t n, uint8_t *pass)
{
	check_state *s = ud;
	s->calls++;
	for (size_t i = 0; i < n; i++) {
		if (s->nseen < 8) s->seen[s->nseen++] = p[i];
		pass[i] = s->answer;
	}
	return NS_OK;
}

static ns_status failing_check(void *ud, const ns_pair *p, size_t n, uint8_t *pass)
{
	(void)ud;
	(void)p;
	(void)n;
	(void)pass;
	return NS_ERR_IO;
}

static void test_centre_clustering(void)
{
	/* 1 is the centre (weighted degree 2.7); 3 has no edge to it */
	ns_edge e[] = {{0, 1, 0.9f, 0}, {1, 2, 0.9f, 0}, {2, 3, 0.9f, 0}, {1, 4, 0.9f, 0}};
	for (int answer = 0; answer < 2; answer++) {
		ns_uf u;
		CHECK(ns_uf_init(&u, 5) == NS_OK);
		check_state s;
		memset(&s, 0, sizeof(s));
		s.answer = (uint8_t)answer;
		CHECK(ns_cluster_centre(&u, 5, e, 4, 4, check_pairs, &s) == NS_OK);
		CHECK(s.nseen == 1 && s.seen[0].a == 3 && s.seen[0].b == 1);
		CHECK(ns_uf_find(&u, 0) == 0 && ns_uf_find(&u, 2) == 0 && ns_uf_find(&u, 4) == 0);
		CHECK((ns_uf_find(&u, 3) == 0) == (answer == 1));
		ns_uf_free(&u);
	}
	/* a failing check is returned */
	ns_uf u;
	CHECK(ns_uf_init(&u, 5) == NS_OK);
	CHECK(ns_cluster_centre(&u, 5, e, 4, 4, failing_check, NULL) == NS_ERR_IO);
	ns_uf_free(&u);
}

/* Every duplicate group lies in exactly one story. */
static int groups_in_one_story(const ns_dedup *dd, const ns_story_set *ss)
{
	for (size_t i = 0; i < dd->n; i++)
		if (dd->status[i] != NS_REJECTED && ss->label[i] != ss->label[dd->group[i]]) return 0;
	return 1;
}

static void test_copies_stay_together(void)
{
	/* a 48-word wire brief copied four times (a short text with three or
	 * more copies is kept out of story linking), among other articles */
	static const char *brief =
	    "The Harlow county council voted on Tuesday to close the Meadow Street bridge for six weeks of repairs "
	    "starting next month, after inspectors found corroded steel beams under the eastern span. Buses will "
	    "use the Mill Road crossing, and the council will publish a detour map this week.";
	ns_buf b = {0};
	for (int i = 0; i < 4; i++)
		bprintf(&b, "{\"id\": \"brief%d\", \"title\": \"Bridge to close\", \"date\": \"2024-03-0%d\", \"text\": \"%s\"}\n", i,
		        i + 1, brief);
	static const char *topics[] = {"orchard", "stadium", "library", "harbour", "festival", "railway"};
	for (int i = 0; i < 6; i++)
		bprintf(&b,
		        "{\"id\": \"other%d\", \"title\": \"News of the %s\", \"date\": \"2024-03-02\", \"text\": \"The %s "
		        "committee met on Monday to discuss the %s budget, the %s staff and the plans for the %s next year, "
		        "which members described as ambitious but affordable for the %s.\"}\n",
		        i, topics[i], topics[i], topics[i], topics[i], topics[i], topics[i]);
	write_file("briefs.jsonl", b.p, b.len);
	ns_buf_free(&b);
	char in[300];
	snprintf(in, sizeof(in), "%s", path_of("briefs.jsonl"));
	ns_options o;
	opts(&o, 2);
	ns_run *r;
	CHECK(ns_run_create(&r, &o, NULL, NULL) == NS_OK);
	CHECK(ns_run_read(r, in) == NS_OK);
	CHECK(ns_run_process(r) == NS_OK);
	const ns_dedup *dd = ns_run_dedup(r);
	const ns_story_set *ss = ns_run_stories(r);
	CHECK(dd && ss && dd->n == 10);
	if (dd && ss && dd->n == 10) {
		CHECK(dd->group[1] == dd->group[0] && dd->group[2] == dd->group[0] && dd->group[3] == dd->group[0]);
		CHECK(ss->label[0] == ss->label[1] && ss->label[0] == ss->label[2] && ss->label[0] == ss->label[3]);
		CHECK(groups_in_one_story(dd, ss));
		/* the brief's story: one article, four records */
		int found = 0;
		for (size_t k = 0; k < ss->nlist; k++)
			if (ss->list[k].story == ss->label[0]) found = ss->list[k].narticles == 1 && ss->list[k].nmembers == 4;
		CHECK(found);
	}
	ns_run_destroy(r);
	/* the invariant on the sample too */
	opts(&o, 2);
	CHECK(ns_run_create(&r, &o, NULL, NULL) == NS_OK);
	CHECK(ns_run_read(r, sample) == NS_OK);
	CHECK(ns_run_process(r) == NS_OK);
	CHECK(ns_run_dedup(r) && ns_run_stories(r) && groups_in_one_story(ns_run_dedup(r), ns_run_stories(r)));
	ns_run_destroy(r);
}

/* Reports written from one template (most words shared, the numbers
 * changed) are different articles; a syndicated copy with a dateline and a
 * copyright line of its own is still a copy. */
static void test_templated_reports(void)
{
	static const char *words[] = {"shares", "index", "closed", "trading", "market", "investors", "points", "session",
	                              "rose", "fell", "banks", "energy", "stocks", "bond", "yields", "dollar", "analysts",
	                              "said", "week", "gains", "losses", "sector", "futures", "oil", "prices", "demand",
	                              "growth", "report", "central", "rates", "inflation", "quarter", "earnings", "tech",
	                              "retail", "volume", "exchange", "currency", "gold", "outlook"};
	uint64_t x = 12345;
	/* the template: 240 words, a number slot every tenth word */
	int tw[240];
	for (int i = 0; i < 240; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		tw[i] = i % 10 == 5 ? -1 : (int)((x >> 33) % (sizeof(words) / sizeof(words[0])));
	}
	ns_buf b = {0};
	char text[4096];
	for (int r = 0; r < 3; r++) {
		/* report r: the first 240 - 60 r words, its own numbers */
		size_t n = 0;
		for (int i = 0; i < 240 - 60 * r; i++) {
			int k = tw[i] < 0 ? snprintf(text + n, sizeof(text) - n, "%s%d", i ? " " : "", 1000 * (r + 1) + i)
			                  : snprintf(text + n, sizeof(text) - n, "%s%s", i ? " " : "", words[tw[i]]);
			n += (size_t)k;
			if (i % 40 == 39) text[n++] = '.', text[n++] = '\\', text[n++] = 'n', text[n++] = '\\', text[n++] = 'n';
		}
		text[n] = 0;
		bprintf(&b, "{\"id\": \"report%d\", \"title\": \"Markets\", \"text\": \"", r);
		ns_buf_put(&b, text, n);
		bprintf(&b, "\"}\n");
		if (r == 0) {
			/* a syndicated copy of report 0: a dateline before it, a copyright line after */
			bprintf(&b, "{\"id\": \"copy0\", \"title\": \"Markets\", \"text\": \"LONDON, Jan. 31 (AFP) - ");
			ns_buf_put(&b, text, n);
			bprintf(&b, "\\n\\nCopyright 2016 Wire\"}\n");
		}
	}
	write_file("reports.jsonl", b.p, b.len);
	ns_buf_free(&b);
	char in[300];
	snprintf(in, sizeof(in), "%s", path_of("reports.jsonl"));
	for (int numbers = 0; numbers < 2; numbers++) {
		ns_options o;
		opts(&o, 2);
		if (!numbers) o.containment_numbers = 0; /* the rule off: the reports pass as abridged copies */
		ns_run *r;
		CHECK(ns_run_create(&r, &o, NULL, NULL) == NS_OK);
		CHECK(ns_run_read(r, in) == NS_OK);
		CHECK(ns_run_dedup_only(r) == NS_OK);
		const ns_dedup *dd = ns_run_dedup(r);
		CHECK(dd && dd->n == 4);
		if (dd && dd->n == 4) {
			/* documents: report0, copy0, report1, report2 */
			CHECK(dd->group[1] == dd->group[0]);
			if (numbers) CHECK(dd->group[2] != dd->group[0] && dd->group[3] != dd->group[0] && dd->group[2] != dd->group[3]);
			else CHECK(dd->group[2] == dd->group[0] || dd->group[3] == dd->group[0]);
		}
		ns_run_destroy(r);
	}
}

/* In a small dump, lines that are not news (a cookie notice, an outlet's
 * footer: in too few documents to be learned as boilerplate) do not link
 * unrelated articles into one story. */
static void test_small_dump_shared_lines(void)
{
	static const char *topics[][6] = {
	    {"obituary", "poet", "funeral", "widow", "verses", "cemetery"},
	    {"warehouse", "fire", "firefighters", "blaze", "smoke", "sprinklers"},
	    {"football", "striker", "goal", "referee", "stadium", "penalty"},
	    {"budget", "treasury", "deficit", "taxes", "spending", "minister"},
	    {"storm", "rainfall", "flooding", "forecasters", "winds", "evacuation"},
	    {"orchestra", "conductor", "symphony", "violinist", "concert", "rehearsal"},
	};
	ns_buf b = {0};
	for (int t = 0; t < 6; t++) {
		const char *const *w = topics[t];
		bprintf(&b, "{\"id\": \"a%d\", \"title\": \"The %s and the %s\", \"date\": \"2024-05-02\", \"text\": \"", t, w[0], w[1]);
		for (int p = 0; p < 4; p++) /* topic words only, in a few orders */
			bprintf(&b, "%s %s %s, %s %s %s. ", w[p % 6], w[(p + 1) % 6], w[(p + 3) % 6], w[(p + 2) % 6], w[(p + 5) % 6],
			        w[(p + 4) % 6]);
		if (t < 3) /* three unrelated articles carry the same notice and footer */
			bprintf(&b, "\\n\\nWe use cookies to improve your experience and to show you personalised advertising.\\n\\n"
			            "Subscribe to the Valley Courier newsletter for daily headlines in your inbox.");
		bprintf(&b, "\"}\n");
	}
	write_file("small.jsonl", b.p, b.len);
	ns_buf_free(&b);
	char in[300];
	snprintf(in, sizeof(in), "%s", path_of("small.jsonl"));
	for (int on = 0; on < 2; on++) {
		ns_options o;
		opts(&o, 2);
		if (!on) o.story_shared_lines = 0;
		ns_run *r;
		CHECK(ns_run_create(&r, &o, NULL, NULL) == NS_OK);
		CHECK(ns_run_read(r, in) == NS_OK);
		CHECK(ns_run_process(r) == NS_OK);
		const ns_story_set *ss = ns_run_stories(r);
		CHECK(ss && ss->n == 6);
		if (ss && ss->n == 6) {
			int linked = ss->label[0] == ss->label[1] || ss->label[0] == ss->label[2] || ss->label[1] == ss->label[2];
			if (on) CHECK(!linked && ss->nlist == 6);
			else CHECK(linked); /* without the rule, the notice and footer link them */
		}
		ns_run_destroy(r);
	}
}

int main(void)
{
	if (!mkdtemp(dir)) return 2;
	if (getenv("NS_TEST_KEEP")) fprintf(stderr, "test dir %s\n", dir);
	test_docs_store();
	test_near_test();
	test_centre_clustering();
	test_stages_match_whole_run();
	test_threads();
	test_value_files();
	test_log_and_threads_setting();
	test_copies_stay_together();
	test_templated_reports();
	test_small_dump_shared_lines();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (!getenv("NS_TEST_KEEP") && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
