/* newsift — the batch driver.
 *
 * The stages, in order, each a function over explicit values:
 *
 *   records      ns_ingest_files: inputs -> the document store (ids in
 *                memory, fields and line keys in a spill file) and the
 *                short lines' occurrences;
 *   boilerplate  ns_boilerplate_apply: occurrences -> learned lines; the
 *                store's texts stripped of them;
 *   sketches     ns_sketch_all: texts -> exact hashes, token counts and
 *                LSH band keys in band files;
 *   dedup        ns_dedup_build_hist: sketches -> candidate pairs ->
 *                verified edges -> duplicate groups (ns_dedup), against a
 *                history of earlier runs too when one is set;
 *   stories      ns_story_set_build_sig: groups -> story vectors -> stories;
 *                with a history, ns_story_continue: stories that go on
 *                from earlier runs keep their label;
 *   summaries    ns_summaries_build: stories -> summaries;
 *   write        ns_write_outputs: everything -> the output files;
 *   history      ns_run_commit_state: this run's records -> a new segment
 *                of the history (after the outputs are in place).
 *
 * A run spread over processes (newsift-mpi) enters the same stages in
 * steps: the read merged from the parts (ns_run_read_parts), the
 * boilerplate learned here and stripped there (ns_run_boilerplate,
 * ns_run_strip), the sketches made where the records are
 * (ns_run_sketch_pack, ns_run_sketch_parts), the candidate pairs and their
 * verification with the other processes (ns_run_set_dedup_remote;
 * ns_run_band_files, ns_run_verify), the story vectors
 * (ns_run_set_story_remote; ns_run_story_counts, ns_run_story_vectors) and
 * the summaries (ns_run_set_summary_remote; ns_run_summaries_pack) where
 * the articles are; ns_run_process then skips what is done.
 *
 * The driver owns the values, frees each when no later stage needs it
 * (the occurrences after boilerplate, the sketches after dedup), lets the
 * kernel take back the mapped texts after each pass over them, sizes the
 * memory windows and keeps the timers and counts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/boiler.h"
#include "newsift/ingest.h"
#include "newsift/pipeline.h"
#include "newsift/shingle.h"
#include "newsift/storyhist.h"
#include "newsift/storyvec.h"

#define NS_VERIFY_WINDOW ((uint64_t)64 << 20) /* bytes of shingle sets made at a time to verify pairs */

struct ns_run {
	ns_ctx c;
	ns_docs *ds;
	ns_ingest in;
	ns_boilerplate bp;
	ns_sketches sk;
	ns_dedup dd;
	ns_story_set ss;
	ns_summaries sm;
	int have_dedup, have_stories;
	int boiled, sketched;   /* boilerplate removed; sketches made (each once) */
	const ns_story_remote *story_remote; /* borrowed: story count vectors made by other processes (NULL: none) */
	const ns_summary_remote *summary_remote; /* borrowed: summaries made by other processes (NULL: none) */
	const ns_dedup_remote *dedup_remote;     /* borrowed: candidate pairs made with other processes (NULL: none) */
	ns_run_counts counts;
	ns_times tm;
	ns_state *state;        /* borrowed: the history (NULL: none) */
	int64_t run_time;       /* this run's date, for the history */
	uint64_t verify_window; /* bytes of shingle sets re-made at a time for verification */
	size_t batch_bytes;     /* a read batch ends after this many bytes of lines */
};

ns_status ns_run_create(ns_run **rp, const ns_options *o, ns_log_fn log, void *ud)
{
	ns_run *r = calloc(1, sizeof(*r));
	*rp = r;
	if (!r) return NS_ERR_NOMEM;
	ns_ctx_init(&r->c, o, log, ud);
	r->verify_window = NS_VERIFY_WINDOW;
	r->batch_bytes = SIZE_MAX;
	if (o->memory_budget) {
		/* the windows' shares of a budget: a quarter for the re-made
		 * shingle sets, an eighth for each of the two read batches */
		r->verify_window = NS_MAX(o->memory_budget / 4, (uint64_t)1 << 16);
		r->batch_bytes = (size_t)NS_MIN(NS_MAX(o->memory_budget / 8, (uint64_t)1 << 16), (uint64_t)SIZE_MAX);
	}
	return ns_docs_create(&r->ds, o->tmp_dir);
}

void ns_run_set_stop_flag(ns_run *r, volatile sig_atomic_t *flag)
{
	r->c.stop = flag;
}

void ns_run_destroy(ns_run *r)
{
	if (!r) return;
	ns_summaries_free(&r->sm);
	ns_story_set_free(&r->ss);
	ns_dedup_free(&r->dd);
	ns_sketches_free(&r->sk);
	ns_boilerplate_free(&r->bp);
	ns_ingest_free(&r->in);
	ns_docs_destroy(r->ds);
	free(r);
}

void ns_run_set_progress(ns_run *r, ns_progress_fn fn, void *ud)
{
	r->c.progress = fn;
	r->c.pud = ud;
}

/* Seconds in timers [a, b] since *since (updated). */
static double lap(const ns_run *r, int a, int b, double *since)
{
	double t = 0;
	for (int i = a; i <= b; i++) t += r->tm.t[i];
	double d = t - *since;
	*since = t;
	return d;
}

/* The end of the read stage: its progress and log line (s seconds). */
static void read_done(ns_run *r, double s)
{
	ns_ctx_progress(&r->c, "read", r->in.read, r->in.read);
	ns_ctx_logf(&r->c, NS_LOG_INFO, "stage read: %.3f s, %llu records (%llu rejected, %llu repaired), %llu bytes", s,
	            (unsigned long long)r->in.read, (unsigned long long)r->in.rejected, (unsigned long long)r->in.repaired,
	            (unsigned long long)r->in.bytes);
}

ns_status ns_run_read_files(ns_run *r, const char *const *paths, size_t n)
{
	double t0 = r->tm.t[NS_T_READ];
	ns_status st = ns_ingest_files(&r->c, r->ds, &r->in, paths, n, r->batch_bytes, &r->tm);
	read_done(r, lap(r, NS_T_READ, NS_T_READ, &t0));
	return st;
}

ns_status ns_run_read(ns_run *r, const char *path)
{
	return ns_run_read_files(r, &path, 1);
}

ns_status ns_run_pack(ns_run *r, const ns_ingest_plan *plan, uint32_t part, int keep, ns_ingest_sink sink, void *ud,
                      char *err, size_t errlen)
{
	return ns_ingest_pack(&r->c, plan, part, r->batch_bytes, keep ? r->ds : NULL, keep ? &r->in : NULL, sink, ud, &r->tm,
	                      err, errlen);
}

/* Give feed what src gives (the parts' streams, in order, cap bytes at a
 * time into buf) until src ends (0) or fails (a negative status). */
static ns_status feed_parts(ns_part_source src, void *ud, char *buf, size_t cap,
                            ns_status (*feed)(void *m, const void *p, size_t n), void *m)
{
	for (;;) {
		long k = src(ud, buf, cap);
		if (k <= 0) return (ns_status)k;
		ns_status st = feed(m, buf, (size_t)k);
		if (st) return st;
	}
}

static ns_status read_feed(void *m, const void *p, size_t n)
{
	return ns_ingest_merge_feed(m, p, n);
}

static ns_status sketch_feed(void *m, const void *p, size_t n)
{
	return ns_sketch_merge_feed(m, p, n);
}

ns_status ns_run_read_parts(ns_run *r, const ns_ingest_plan *plan, int own, char *err, size_t errlen,
                            ns_part_source src, void *ud)
{
	double w0 = ns_now();
	enum { CHUNK = 4 << 20 };
	ns_ingest_merge *m = NULL;
	char *buf = malloc(CHUNK);
	if (errlen) err[0] = 0;
	ns_status st = buf ? ns_ingest_merge_create(&m, &r->c, r->ds, &r->in, plan, r->batch_bytes) : NS_ERR_NOMEM;
	/* its own part straight into the store, as newsift reads */
	if (!st && own >= 0) st = ns_ingest_merge_read(m, (uint32_t)own, err, errlen);
	if (!st) st = feed_parts(src, ud, buf, CHUNK, read_feed, m);
	if (!st) st = ns_ingest_merge_finish(m);
	ns_ingest_merge_destroy(m);
	free(buf);
	/* the read stage's time is the wall time of all parts, packing included */
	r->tm.t[NS_T_READ] = ns_now() - w0;
	read_done(r, r->tm.t[NS_T_READ]);
	return st;
}

/* The store mapped; a failure of its file logged. */
static ns_status map_docs(ns_run *r)
{
	ns_status st = ns_docs_map(r->ds);
	if (st == NS_ERR_IO) {
		int e = ns_docs_errno(r->ds);
		ns_ctx_logf(&r->c, NS_LOG_ERROR, "temporary file in %s: %s", ns_docs_tmp_dir(r->ds), strerror(e ? e : EIO));
	}
	return st;
}

ns_status ns_run_boilerplate(ns_run *r)
{
	const ns_options *o = r->c.o;
	if (r->boiled) return NS_OK;
	ns_status st = map_docs(r);
	if (st) return st;
	/* what stays in memory for every article, against the budget */
	size_t n = ns_docs_count(r->ds);
	uint64_t held = ns_docs_bytes(r->ds) + (uint64_t)r->in.nocc * sizeof(ns_line_occ);
	if (o->memory_budget && held > o->memory_budget)
		ns_ctx_logf(&r->c, NS_LOG_WARN,
		            "--memory-budget %llu bytes is below what %zu articles keep in memory (%llu bytes, about %llu "
		            "each); going on",
		            (unsigned long long)o->memory_budget, n, (unsigned long long)held,
		            (unsigned long long)(held / (n ? n : 1)));
	double t0 = ns_now();
	ns_ctx_progress(&r->c, "boilerplate", 0, n);
	if (o->boilerplate) st = ns_boilerplate_apply(&r->c, r->ds, r->in.occ, r->in.nocc, &r->bp);
	ns_ingest_free(&r->in);
	if (st) return st;
	ns_docs_release(r->ds);
	r->boiled = 1;
	r->tm.t[NS_T_BOILER] += ns_now() - t0;
	ns_ctx_progress(&r->c, "boilerplate", n, n);
	ns_run_counts k;
	ns_run_counts_get(r, &k);
	ns_ctx_logf(&r->c, NS_LOG_INFO, "stage boilerplate: %.3f s, %llu lines learned, %llu lines removed",
	            r->tm.t[NS_T_BOILER], (unsigned long long)k.boiler_lines, (unsigned long long)k.boiler_removed);
	return ns_ctx_stopped(&r->c) ? NS_ERR_INTERRUPTED : NS_OK;
}

const ns_boiler_line *ns_run_boiler_lines(const ns_run *r, size_t *n)
{
	*n = r->bp.n;
	return r->bp.line;
}

ns_status ns_run_strip(ns_run *r, const ns_boiler_line *lines, size_t n)
{
	if (r->boiled) return NS_ERR_OPTION;
	ns_status st = map_docs(r);
	uint64_t removed = 0;
	if (!st) st = ns_boilerplate_strip(&r->c, r->ds, lines, n, &removed);
	ns_ingest_free(&r->in);
	if (st) return st;
	ns_docs_release(r->ds);
	r->boiled = 1;
	return NS_OK;
}

ns_status ns_run_sketch_pack(ns_run *r, int own_bands, ns_ingest_sink sink, void *ud)
{
	ns_status st = map_docs(r);
	ns_sketches_free(&r->sk);
	if (!st) st = ns_sketch_pack(&r->c, r->ds, own_bands ? &r->sk : NULL, sink, ud, &r->tm);
	ns_docs_release(r->ds);
	return st;
}

ns_band_files *ns_run_band_files(ns_run *r)
{
	return r->sk.bands.band ? &r->sk.bands : NULL;
}

void ns_run_set_dedup_remote(ns_run *r, const ns_dedup_remote *rem)
{
	r->dedup_remote = rem;
}

ns_status ns_run_verify(ns_run *r, const ns_pair *p, size_t np, ns_pair_scores *sc)
{
	ns_status st = map_docs(r);
	if (!st) st = ns_dedup_verify(&r->c, r->ds, &r->sk, r->verify_window, p, np, sc);
	ns_docs_release(r->ds);
	return st;
}

ns_status ns_run_sketch_parts(ns_run *r, const size_t *base, uint32_t nparts, ns_part_source src, void *ud)
{
	enum { CHUNK = 4 << 20 };
	if (r->sketched || !r->boiled || nparts < 1 || base[nparts] != ns_docs_count(r->ds)) return NS_ERR_OPTION;
	size_t n = ns_docs_count(r->ds);
	ns_status st = map_docs(r);
	if (st) return st;
	ns_ctx_progress(&r->c, "dedup", 0, n);
	ns_sketch_merge *m = NULL;
	char *buf = malloc(CHUNK);
	if (!buf) st = NS_ERR_NOMEM;
	/* its own documents here, the others' sketches from their processes */
	if (!st) st = ns_sketch_begin(&r->c, n, &r->sk);
	if (!st) st = ns_sketch_docs(&r->c, r->ds, 0, base[1], &r->sk, &r->tm);
	double t0 = ns_now();
	if (!st) st = ns_sketch_merge_create(&m, &r->c, r->ds, &r->sk, base, nparts, 1);
	if (!st) st = feed_parts(src, ud, buf, CHUNK, sketch_feed, m);
	if (!st) st = ns_sketch_merge_finish(m);
	ns_sketch_merge_destroy(m);
	free(buf);
	/* waiting for the other parts counts as shingling: the stage's wall time */
	r->tm.t[NS_T_SHINGLE] += ns_now() - t0;
	ns_docs_release(r->ds);
	if (!st) r->sketched = 1;
	return st;
}

/* Boilerplate, sketches, exact and near duplicates: the part of a run that
 * `summarize` needs too. */
static ns_status dedup(ns_run *r)
{
	ns_status st = ns_run_boilerplate(r);
	if (st) return st;
	size_t n = ns_docs_count(r->ds);
	if ((st = map_docs(r))) return st;
	/* the stage's time: its timers from the start (sketches made by the
	 * parts of a spread run included) */
	double since = 0;
	ns_run_counts k;
	if (!r->sketched) {
		ns_ctx_progress(&r->c, "dedup", 0, n);
		if ((st = ns_sketch_all(&r->c, r->ds, &r->sk, &r->tm))) return st;
		r->sketched = 1;
		ns_docs_release(r->ds);
		if (ns_ctx_stopped(&r->c)) return NS_ERR_INTERRUPTED;
	}
	st = ns_dedup_build_remote(&r->c, r->ds, &r->sk, r->verify_window, r->state, r->dedup_remote, &r->dd, &r->tm);
	ns_sketches_free(&r->sk);
	r->have_dedup = !st;
	if (st) return st;
	ns_ctx_progress(&r->c, "dedup", n, n);
	ns_run_counts_get(r, &k);
	ns_ctx_logf(&r->c, NS_LOG_INFO,
	            "stage dedup: %.3f s, %llu candidate pairs, %llu verified, %llu duplicates (%llu exact, %llu near), "
	            "%llu kept",
	            lap(r, NS_T_SHINGLE, NS_T_CLUSTER, &since), (unsigned long long)k.candidates,
	            (unsigned long long)k.verified, (unsigned long long)k.duplicate, (unsigned long long)k.exact_dups,
	            (unsigned long long)k.near_dups, (unsigned long long)k.kept);
	return st;
}

ns_status ns_run_dedup_only(ns_run *r)
{
	return dedup(r);
}

ns_status ns_run_process(ns_run *r)
{
	ns_status st = dedup(r);
	if (st) return st;
	size_t n = ns_docs_count(r->ds);
	double since = 0;
	lap(r, NS_T_STORIES, NS_T_STORIES, &since);
	ns_ctx_progress(&r->c, "stories", 0, n);
	double t1 = ns_now();
	st = ns_story_set_build_remote(&r->c, r->ds, &r->dd, r->state ? NS_STATE_SIG : 0, r->story_remote, &r->ss,
	                               r->c.o->dedup_only ? NULL : &r->tm);
	if (!st && r->state) {
		/* stories that go on from earlier nights keep their label */
		double t0 = ns_now();
		st = ns_story_continue(&r->c, &r->dd, r->state, r->run_time, &r->ss);
		r->tm.t[NS_T_STORIES] += ns_now() - t0;
	}
	if (st) return st;
	r->have_stories = 1;
	ns_docs_release(r->ds);
	ns_ctx_progress(&r->c, "stories", n, n);
	ns_run_counts k;
	ns_run_counts_get(r, &k);
	/* with --dedup-only the story stage is not timed: its wall time */
	double ts = r->c.o->dedup_only ? ns_now() - t1 : lap(r, NS_T_STORIES, NS_T_STORIES, &since);
	ns_ctx_logf(&r->c, NS_LOG_INFO, "stage stories: %.3f s, %llu stories (%llu with 2+ articles), %llu candidate pairs",
	            ts, (unsigned long long)k.stories, (unsigned long long)k.multi_stories,
	            (unsigned long long)r->ss.stats.candidates);
	if (r->c.o->dedup_only) return NS_OK;
	if (ns_ctx_stopped(&r->c)) return NS_ERR_INTERRUPTED;
	ns_ctx_progress(&r->c, "summaries", 0, k.stories);
	since = 0;
	lap(r, NS_T_SUMMARY, NS_T_SUMMARY, &since);
	st = ns_summaries_build_remote(&r->c, r->ds, &r->ss, r->summary_remote, &r->sm, &r->tm);
	if (st) return st;
	ns_ctx_progress(&r->c, "summaries", k.stories, k.stories);
	ns_run_counts_get(r, &k);
	ns_ctx_logf(&r->c, NS_LOG_INFO, "stage summaries: %.3f s, %llu summaries", lap(r, NS_T_SUMMARY, NS_T_SUMMARY, &since),
	            (unsigned long long)k.summaries);
	return NS_OK;
}

void ns_run_counts_get(const ns_run *r, ns_run_counts *c)
{
	ns_run_counts_make(c, r->c.o, &r->in, &r->bp, r->have_dedup ? &r->dd : NULL, r->have_stories ? &r->ss : NULL, &r->sm);
}

ns_status ns_run_write(ns_run *r, const char *outdir)
{
	if (!r->have_stories) return NS_ERR_OPTION; /* nothing processed */
	ns_run_counts counts;
	ns_run_counts_get(r, &counts);
	ns_outputs out = {r->ds, &r->bp, &r->dd, &r->ss, &r->sm, &counts, r->state};
	double since = 0;
	lap(r, NS_T_WRITE, NS_T_WRITE, &since);
	ns_ctx_progress(&r->c, "write", 0, counts.read);
	ns_status st = ns_write_outputs(&r->c, &out, outdir, &r->tm);
	if (st) return st;
	ns_ctx_progress(&r->c, "write", counts.read, counts.read);
	ns_ctx_logf(&r->c, NS_LOG_INFO, "stage write: %.3f s, %llu records in %s", lap(r, NS_T_WRITE, NS_T_WRITE, &since),
	            (unsigned long long)counts.read, outdir);
	return NS_OK;
}

const ns_ingest *ns_run_ingest(const ns_run *r)
{
	return &r->in;
}

const ns_docs *ns_run_docs(const ns_run *r)
{
	return r->ds;
}

const ns_dedup *ns_run_dedup(const ns_run *r)
{
	return r->have_dedup ? &r->dd : NULL;
}

const ns_story_set *ns_run_stories(const ns_run *r)
{
	return r->have_stories ? &r->ss : NULL;
}

ns_status ns_run_summarize(ns_run *r, ns_label_fn label_of, void *lud, ns_summary_fn out, void *oud)
{
	ns_status st = dedup(r);
	if (st) return st;
	double t0 = ns_now();
	ns_ctx_progress(&r->c, "summaries", 0, 0);
	st = ns_summarize_labels(&r->c, r->ds, &r->dd, label_of, lud, out, oud);
	r->tm.t[NS_T_SUMMARY] += ns_now() - t0;
	if (!st) ns_ctx_logf(&r->c, NS_LOG_INFO, "stage summaries: %.3f s", ns_now() - t0);
	return st;
}

ns_status ns_run_story_counts(ns_run *r, const uint32_t *doc, const uint8_t *strip, size_t n, const ns_boiler_line *sl,
                              size_t nsl, ns_story_counts_each each, ns_ingest_sink sink, void *ud)
{
	for (size_t k = 0; k < n; k++)
		if (doc[k] >= ns_docs_count(r->ds)) return NS_ERR_FORMAT;
	ns_status st = map_docs(r);
	if (!st) st = ns_story_counts_pack(&r->c, r->ds, doc, strip, n, sl, nsl, each, sink, ud);
	ns_docs_release(r->ds);
	return st;
}

ns_status ns_run_story_vectors(ns_run *r, const void *df, size_t dflen, size_t m, uint32_t max_df,
                               long (*src)(void *ud, void *buf, size_t cap), void *sud, ns_ingest_sink sink, void *ud)
{
	ns_story_df *f = NULL;
	ns_status st = ns_story_df_load(&f, df, dflen);
	if (!st) st = ns_story_vectors_pack(&r->c, f, m, max_df, src, sud, sink, ud);
	ns_story_df_destroy(f);
	return st;
}

void ns_run_set_story_remote(ns_run *r, const ns_story_remote *rem)
{
	r->story_remote = rem;
}

void ns_run_set_summary_remote(ns_run *r, const ns_summary_remote *rem)
{
	r->summary_remote = rem;
}

ns_status ns_run_summaries_pack(ns_run *r, const uint32_t *narts, size_t n, const uint32_t *doc, size_t ndoc, ns_buf *out)
{
	ns_status st = map_docs(r);
	if (!st) st = ns_summaries_pack(&r->c, r->ds, narts, n, doc, ndoc, out);
	ns_docs_release(r->ds);
	return st;
}

void ns_run_set_state(ns_run *r, ns_state *s, int64_t run_time)
{
	r->state = s;
	r->run_time = run_time;
}

static const char *batch_field(void *ud, uint32_t d, int what, size_t *len)
{
	const ns_run *r = ud;
	uint32_t i = what == 1 ? r->ss.label[d] : d;
	ns_hrec h;
	/* a story that continues an earlier one keeps its label */
	if (what == 1 && r->ss.cont && r->ss.cont[i] != NS_HREF_NONE && !ns_state_rec(r->state, r->ss.cont[i], &h)) {
		*len = h.story_len;
		return h.story;
	}
	int f = what == 2 ? NS_F_TEXT : NS_F_ID;
	*len = ns_docs_len(r->ds, i, f);
	return ns_docs_field(r->ds, i, f);
}

ns_status ns_run_commit_state(ns_run *r, char *err, size_t errlen)
{
	int64_t run_time = r->run_time;
	if (!r->state || !r->have_stories || !r->dd.hlead) return NS_ERR_OPTION;
	const ns_dedup *dd = &r->dd;
	size_t n = dd->n, m = 0;
	uint32_t *doc = malloc((n ? n : 1) * sizeof(uint32_t)), *lead = malloc((n ? n : 1) * sizeof(uint32_t));
	uint8_t *kept = malloc(n ? n : 1);
	int32_t *days = malloc((n ? n : 1) * sizeof(int32_t));
	ns_status st = doc && lead && kept && days ? ns_docs_map(r->ds) : NS_ERR_NOMEM;
	for (size_t i = 0; i < n && !st; i++) {
		kept[i] = dd->status[i] == NS_KEPT;
		/* a duplicate's group is its kept document's (or a history article's) */
		lead[i] = dd->group[i];
		days[i] = ns_docs_info(r->ds, i)->days;
		if (dd->status[i] != NS_REJECTED) doc[m++] = (uint32_t)i;
	}
	ns_state_batch b = {m, doc, dd->key, dd->exact_hash, kept, dd->kind, lead, dd->hlead, days, batch_field, r,
	                    dd->nbands, (const uint64_t *const *)dd->band_key, (const uint32_t *const *)dd->band_doc,
	                    dd->band_n, r->ss.nsig == NS_STATE_SIG ? r->ss.sig_term : NULL,
	                    r->ss.nsig == NS_STATE_SIG ? r->ss.sig_w : NULL, run_time, r->c.threads};
	if (!st) st = ns_state_append(r->state, &b, err, errlen);
	ns_docs_release(r->ds);
	free(doc);
	free(lead);
	free(kept);
	free(days);
	return st;
}
