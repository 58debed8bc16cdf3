/* newsift — the batch driver.
 *
 * Reading: lines are read serially into a batch (copied into one buffer),
 * then parsed, cleaned and their lines keyed for boilerplate in parallel
 * into slots indexed by batch position, then appended to the run in input
 * order; messages are logged in that order, after the parallel loop.  As a
 * record is appended its fields leave memory: the id goes to an arena, the
 * other fields and the line keys to a spill file (an unlinked temporary
 * file), which is mapped back once reading is done.  What stays in memory
 * per article is its ns_doc, its id and its short lines' occurrences.
 *
 * Processing, over the whole run:
 *   boilerplate  learned from the short lines' occurrences (serial),
 *                stripped with the spilled keys (parallel);
 *   shingles     tokens, an exact-content hash and a MinHash signature
 *                per document (parallel, in chunks); each chunk's
 *                signatures are cut into LSH band keys at once and spilled,
 *                one file per band: no shingle set or signature is kept;
 *   exact        documents with equal hashes joined (serial sort);
 *   lsh          each band's keys read back, of the first document of each
 *                exact group only, and paired (parallel over bands),
 *                merged and sorted;
 *   verify       exact Jaccard/containment of each pair on shingle sets
 *                made again for a window of pairs at a time (parallel);
 *   cluster      union-find over verified pairs in sorted order (serial);
 *   stories      term vectors (parallel), candidates (serial), cosine
 *                (parallel), links (serial);
 *   summaries    one story per iteration (parallel).
 * Every parallel loop writes only its own slot; every merge is in index
 * order; so the output is the same for any number of threads and any
 * window size. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "run.h"
#include "spill.h"

const char *const ns_timer_names[NS_T_COUNT] = {
	"read_parse_clean", "boilerplate", "tokenize_shingle", "sketch", "lsh", "verify", "cluster",
	"stories", "summaries", "write",
};

double ns_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void ns_run_logf(ns_run *r, ns_log_level lv, const char *fmt, ...)
{
	if (!r->log) return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->log(r->ud, lv, msg);
}

#define NS_VERIFY_WINDOW ((uint64_t)64 << 20) /* bytes of shingle sets made at a time to verify pairs */

static int stopped(const ns_run *r)
{
	return r->stop && *r->stop;
}

ns_status ns_run_create(ns_run **rp, const ns_options *o, ns_log_fn log, void *ud)
{
	ns_run *r = calloc(1, sizeof(*r));
	*rp = r;
	if (!r) return NS_ERR_NOMEM;
	r->o = o;
	r->log = log;
	r->ud = ud;
	r->c.bands = o->bands;
	r->c.rows = o->rows;
	r->verify_window = NS_VERIFY_WINDOW;
	r->batch_bytes = SIZE_MAX;
	if (o->memory_budget) {
		/* the windows' shares of a budget: a quarter for the re-made
		 * shingle sets, an eighth for each of the two read batches */
		r->verify_window = NS_MAX(o->memory_budget / 4, (uint64_t)1 << 16);
		r->batch_bytes = (size_t)NS_MIN(NS_MAX(o->memory_budget / 8, (uint64_t)1 << 16), (uint64_t)SIZE_MAX);
	}
#ifdef _OPENMP
	if (o->threads > 0) omp_set_num_threads(o->threads);
#endif
	return NS_OK;
}

void ns_run_set_stop_flag(ns_run *r, volatile sig_atomic_t *flag)
{
	r->stop = flag;
}

void ns_run_counts_get(const ns_run *r, ns_run_counts *c)
{
	*c = r->c;
}

static void close_bands(ns_run *r);

void ns_run_destroy(ns_run *r)
{
	if (!r) return;
	close_bands(r);
	free(r->docs);
	for (size_t i = 0; i < r->nreasons; i++) free(r->reasons[i].text);
	free(r->reasons);
	free(r->idtab);
	if (r->tmap) munmap(r->tmap, r->tmap_len);
	if (r->texts) ns_spill_close(r->texts);
	free(r->texts);
	ns_buf_free(&r->ids);
	free(r->occ);
	for (size_t i = 0; i < r->ninputs; i++) free(r->inputs[i]);
	free(r->inputs);
	for (size_t i = 0; r->boiler_text && i < r->nboiler; i++) free(r->boiler_text[i]);
	free(r->boiler_text);
	free(r->boiler);
	for (size_t i = 0; i < r->nstories; i++) {
		free(r->stories[i].members);
		free(r->stories[i].articles);
		free(r->stories[i].summary);
	}
	free(r->stories);
	free(r);
}

/* ---- reading ---- */

/* Result of parsing one line of a batch. */
typedef struct {
	ns_doc d;
	ns_record rec;     /* its fields, until append_doc spills them */
	char *reason;      /* rejected: why */
	ns_status st;
	const char *note;  /* repair note */
	char err[200];
	ns_line_occ *occ;  /* boilerplate: the text's short lines... */
	size_t nocc;
	uint64_t *keys;    /* ...and the keys of all its lines */
	size_t nkeys;
} slot;

/* Replace rec's title and text by their cleaned forms (one new allocation). */
static ns_status clean_record(ns_record *rec, uint64_t max_bytes, ns_buf *title, ns_buf *text, int *truncated)
{
	*truncated = 0;
	if (ns_clean_text(rec->f[NS_F_TITLE], rec->len[NS_F_TITLE], title)) return NS_ERR_NOMEM;
	for (size_t i = 0; i < title->len; i++) if (title->p[i] == '\n') title->p[i] = ' ';
	if (ns_clean_text(rec->f[NS_F_TEXT], rec->len[NS_F_TEXT], text)) return NS_ERR_NOMEM;
	if (max_bytes && text->len > max_bytes) {
		/* cut at the last line end within the limit, else at a UTF-8 boundary */
		size_t cut = (size_t)max_bytes;
		while (cut > 0 && text->p[cut] != '\n') cut--;
		if (cut == 0) {
			cut = (size_t)max_bytes;
			while (cut > 0 && ((unsigned char)text->p[cut] & 0xC0) == 0x80) cut--;
		}
		while (cut > 0 && text->p[cut - 1] == '\n') cut--;
		text->len = cut;
		text->p[cut] = 0;
		*truncated = 1;
	}
	size_t total = title->len + text->len + 2;
	for (int f = 0; f < NS_NFIELDS; f++) if (f != NS_F_TITLE && f != NS_F_TEXT) total += rec->len[f] + 1;
	char *buf = malloc(total), *p = buf;
	if (!buf) return NS_ERR_NOMEM;
	for (int f = 0; f < NS_NFIELDS; f++) {
		const char *s = f == NS_F_TITLE ? title->p : f == NS_F_TEXT ? text->p : rec->f[f];
		size_t n = f == NS_F_TITLE ? title->len : f == NS_F_TEXT ? text->len : rec->len[f];
		if (n) memcpy(p, s, n);
		p[n] = 0;
		rec->f[f] = p;
		rec->len[f] = (uint32_t)n;
		p += n + 1;
	}
	free(rec->buf);
	rec->buf = buf;
	return NS_OK;
}

/* Remember doc's id as document index idx; NS_ERR_FORMAT with *first set
 * when the id was seen before.  The documents already in the table are
 * spilled: their ids are in r->ids.  Open addressing on XXH3 of the id; the table
 * holds index + 1, 0 = empty, and is kept at most half full. */
static ns_status id_insert(ns_run *r, const ns_record *d, uint32_t idx, uint32_t *first)
{
	if (2 * (r->nids + 1) > r->idcap) {
		size_t nc = r->idcap ? 2 * r->idcap : 1024;
		uint32_t *t = calloc(nc, sizeof(uint32_t));
		if (!t) return NS_ERR_NOMEM;
		for (size_t i = 0; i < r->idcap; i++) {
			if (!r->idtab[i]) continue;
			const ns_doc *x = &r->docs[r->idtab[i] - 1];
			size_t h = (size_t)XXH3_64bits(r->ids.p + x->idoff, x->len[NS_F_ID]) & (nc - 1);
			while (t[h]) h = (h + 1) & (nc - 1);
			t[h] = r->idtab[i];
		}
		free(r->idtab);
		r->idtab = t;
		r->idcap = nc;
	}
	size_t h = (size_t)XXH3_64bits(d->f[NS_F_ID], d->len[NS_F_ID]) & (r->idcap - 1);
	while (r->idtab[h]) {
		const ns_doc *x = &r->docs[r->idtab[h] - 1];
		if (x->len[NS_F_ID] == d->len[NS_F_ID] && !memcmp(r->ids.p + x->idoff, d->f[NS_F_ID], d->len[NS_F_ID])) {
			*first = r->idtab[h] - 1;
			return NS_ERR_FORMAT;
		}
		h = (h + 1) & (r->idcap - 1);
	}
	r->idtab[h] = idx + 1;
	r->nids++;
	return NS_OK;
}

static void log_spill_error(ns_run *r, const ns_spill *s);

/* Offset of a document's line keys in the text spill file: after its
 * fields, aligned to 8 bytes. */
static uint64_t keys_off(const ns_doc *d)
{
	uint64_t o = d->off;
	for (int f = 1; f < NS_NFIELDS; f++) o += d->len[f] + 1;
	return (o + 7) & ~(uint64_t)7;
}

/* Append d to the run with its record rec, which leaves memory: the id to
 * r->ids, the other fields and the nkeys line keys to the text spill file
 * (mapped back by map_texts), and the reason of a rejected record (NULL
 * for others; the run takes it) to r->reasons.  NS_ERR_NOMEM, NS_ERR_IO
 * (logged); rec and reason are freed either way. */
static ns_status append_doc(ns_run *r, ns_doc *d, ns_record *rec, char *reason, const uint64_t *keys, size_t nkeys)
{
	ns_status st = NS_OK;
	for (int f = 0; f < NS_NFIELDS; f++) d->len[f] = rec->len[f];
	if (r->ndocs >= UINT32_MAX - 1 || ns_grow((void **)&r->docs, &r->cap, r->ndocs + 1, sizeof(ns_doc))) st = NS_ERR_NOMEM;
	if (!st && !r->texts) {
		if (!(r->texts = calloc(1, sizeof(ns_spill)))) st = NS_ERR_NOMEM;
		else if ((st = ns_spill_open(r->texts, r->o->tmp_dir, (size_t)1 << 20)) == NS_ERR_IO) log_spill_error(r, r->texts);
	}
	if (!st) {
		d->idoff = r->ids.len;
		d->off = r->texts->size;
		if (ns_buf_put(&r->ids, rec->f[NS_F_ID], rec->len[NS_F_ID]) || ns_buf_put(&r->ids, "", 1)) st = NS_ERR_NOMEM;
		for (int f = 1; f < NS_NFIELDS && !st; f++)
			if ((st = ns_spill_write(r->texts, rec->f[f], rec->len[f])) || (st = ns_spill_write(r->texts, "", 1)))
				if (st == NS_ERR_IO) log_spill_error(r, r->texts);
		if (!st && nkeys) {
			static const char pad[8];
			d->nkeys = (uint32_t)nkeys;
			if ((st = ns_spill_write(r->texts, pad, (size_t)(keys_off(d) - r->texts->size))) ||
			    (st = ns_spill_write(r->texts, keys, nkeys * sizeof(uint64_t))))
				if (st == NS_ERR_IO) log_spill_error(r, r->texts);
		}
	}
	if (!st && reason) {
		if (ns_grow((void **)&r->reasons, &r->reasoncap, r->nreasons + 1, sizeof(ns_reason))) {
			st = NS_ERR_NOMEM;
		} else {
			r->reasons[r->nreasons].doc = (uint32_t)r->ndocs;
			r->reasons[r->nreasons++].text = reason;
			reason = NULL;
		}
	}
	ns_record_free(rec);
	free(reason);
	if (!st) r->docs[r->ndocs++] = *d;
	return st;
}

const char *ns_doc_reason(const ns_run *r, uint32_t doc)
{
	size_t lo = 0, hi = r->nreasons;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->reasons[mid].doc < doc) lo = mid + 1;
		else hi = mid;
	}
	return lo < r->nreasons && r->reasons[lo].doc == doc ? r->reasons[lo].text : "";
}

/* Map the spilled texts back (ns_doc_field reads the fields there); once,
 * before processing. */
static ns_status map_texts(ns_run *r)
{
	if (r->tmap || !r->ndocs) return NS_OK;
	if (ns_spill_flush(r->texts)) { log_spill_error(r, r->texts); return NS_ERR_IO; }
	r->tmap_len = (size_t)r->texts->size;
	void *m = mmap(NULL, r->tmap_len, PROT_READ | PROT_WRITE, MAP_SHARED, r->texts->fd, 0);
	if (m == MAP_FAILED) {
		r->texts->err = errno;
		log_spill_error(r, r->texts);
		return NS_ERR_IO;
	}
	r->tmap = m;
	return NS_OK;
}

/* Let the kernel take back the texts' pages (they stay in the file, and
 * in the page cache while memory allows): after each pass over them. */
static void release_texts(ns_run *r)
{
	if (r->tmap) madvise(r->tmap, r->tmap_len, MADV_DONTNEED);
}

/* What reading a batch met: counts and a read error, applied and logged
 * when the batch is appended, so they keep their place in the run's log. */
typedef struct {
	uint64_t bytes, blank;
	int ioerr;            /* a read error came after these lines */
	uint64_t ioerr_line;
	char ioerr_msg[512];
} batch_info;

/* A batch of input lines, copied out of the reader. */
typedef struct {
	ns_buf lines;
	size_t *off, *len;
	uint64_t *lno;
	size_t n;
	batch_info info;
	int eof;              /* the input ended after these lines */
	ns_status st;         /* NS_ERR_NOMEM or NS_ERR_INTERRUPTED: the batch is dropped */
} batch;

/* A parsed batch waiting to be appended: a slot per line (they own their
 * records; the batch's lines may be reused) and what reading it met. */
typedef struct {
	slot *s;
	size_t n;
	batch_info info;
} parsed;

/* Fill b with up to bs non-blank lines.  *ln is the last line number read,
 * across batches.  Never logs: it may run beside a parallel loop. */
static void fill_batch(ns_run *r, ns_reader *rd, batch *b, size_t bs, uint64_t *ln)
{
	b->n = 0;
	b->lines.len = 0;
	memset(&b->info, 0, sizeof(b->info));
	b->eof = 0;
	b->st = NS_OK;
	while (b->n < bs && b->lines.len < r->batch_bytes) {
		if (stopped(r)) { b->st = NS_ERR_INTERRUPTED; return; }
		const char *line;
		size_t l;
		char err[512];
		int k = ns_reader_next(rd, &line, &l, ln, err, sizeof(err));
		if (k == 1) {
			b->info.bytes += l + 1;
			size_t i = 0;
			while (i < l && (line[i] == ' ' || line[i] == '\t')) i++;
			if (i == l) { b->info.blank++; continue; }
			b->off[b->n] = b->lines.len;
			b->len[b->n] = l;
			b->lno[b->n] = *ln;
			if (ns_buf_put(&b->lines, line, l) || ns_buf_put(&b->lines, "", 1)) { b->st = NS_ERR_NOMEM; return; }
			b->n++;
		} else if (k == NS_ERR_IO) {
			/* the reader reports once, then ends */
			b->info.ioerr = 1;
			b->info.ioerr_line = *ln;
			snprintf(b->info.ioerr_msg, sizeof(b->info.ioerr_msg), "%s", err);
		} else if (k < 0) {
			b->st = (ns_status)k;
			return;
		} else {
			b->eof = 1;
			return;
		}
	}
}

/* Account for a batch's reading (counts, its read error) before its
 * records are appended: the same place in the log as when it was read. */
static void batch_log(ns_run *r, const char *path, const batch_info *b)
{
	r->bytes_in += b->bytes;
	r->c.blank_lines += b->blank;
	if (b->ioerr) {
		ns_run_logf(r, NS_LOG_ERROR, "%s: read error after line %llu: %s", path, (unsigned long long)b->ioerr_line,
		            b->ioerr_msg);
		r->c.input_errors++;
	}
}

/* Free a parsed batch that will not be appended. */
static void parsed_free(parsed *pb)
{
	for (size_t i = 0; i < pb->n; i++) {
		ns_record_free(&pb->s[i].rec);
		free(pb->s[i].occ);
		free(pb->s[i].keys);
	}
	free(pb->s);
	memset(pb, 0, sizeof(*pb));
}

/* Append a parsed batch to the run in input order (serial): ids checked,
 * rejections logged, fields spilled.  Frees pb either way. */
static ns_status append_batch(ns_run *r, uint32_t file, const char *path, parsed *pb)
{
	const ns_options *o = r->o;
	slot *s = pb->s;
	size_t n = pb->n;
	ns_status ret = NS_OK;
	batch_log(r, path, &pb->info);
	for (size_t i = 0; i < n; i++) {
		slot *q = &s[i];
		if (ret) { ns_record_free(&q->rec); continue; }
		r->c.read++;
		q->d.group = (uint32_t)r->ndocs;
		q->d.story = (uint32_t)r->ndocs;
		q->d.partner = UINT32_MAX;
		q->d.days = ns_date_days(q->rec.f[NS_F_DATE] ? q->rec.f[NS_F_DATE] : "");
		if (!q->st) {
			uint32_t first;
			ns_status ist = id_insert(r, &q->rec, (uint32_t)r->ndocs, &first);
			if (ist == NS_ERR_NOMEM) { ret = ist; ns_record_free(&q->rec); continue; }
			if (ist) {
				const ns_doc *f = &r->docs[first];
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "duplicate id \"%.60s\" (first at %s:%llu)", q->rec.f[NS_F_ID],
				         r->inputs[f->file], (unsigned long long)f->line);
			}
		}
		if (q->st) {
			size_t need = strlen(q->err) + strlen(path) + 40;
			q->d.status = NS_REJECTED;
			q->reason = malloc(need);
			if (!q->reason) { ret = NS_ERR_NOMEM; ns_record_free(&q->rec); continue; }
			snprintf(q->reason, need, "%s (%s:%llu)", q->err, path, (unsigned long long)q->d.line);
			ns_run_logf(r, NS_LOG_WARN, "%s:%llu: rejected: %s", path, (unsigned long long)q->d.line, q->err);
			r->c.rejected++;
			/* a record that never parsed has no id: name it by its place */
			if (!q->rec.buf || q->rec.len[NS_F_ID] == 0) {
				ns_record_free(&q->rec);
				char id[64];
				int idl = snprintf(id, sizeof(id), "%s:%llu", path, (unsigned long long)q->d.line);
				size_t l = (size_t)idl < sizeof(id) ? (size_t)idl : sizeof(id) - 1;
				q->rec.buf = calloc(l + NS_NFIELDS + 1, 1);
				if (!q->rec.buf) { ret = NS_ERR_NOMEM; free(q->reason); q->reason = NULL; continue; }
				snprintf(q->rec.buf, l + 1, "%s", id);
				q->rec.f[NS_F_ID] = q->rec.buf;
				q->rec.len[NS_F_ID] = (uint32_t)l;
				for (int f = 1; f < NS_NFIELDS; f++) { q->rec.f[f] = q->rec.buf + l + f; q->rec.len[f] = 0; }
			}
		} else if (q->note) {
			q->d.repaired = 1;
			r->c.repaired++;
			ns_run_logf(r, NS_LOG_WARN, "%s:%llu: %s", path, (unsigned long long)q->d.line, q->note);
		}
		if (!q->st && q->nocc) {
			if (ns_grow((void **)&r->occ, &r->occcap, r->nocc + q->nocc, sizeof(ns_line_occ))) {
				ret = NS_ERR_NOMEM;
				ns_record_free(&q->rec);
				free(q->reason);
				q->reason = NULL;
				continue;
			}
			memcpy(r->occ + r->nocc, q->occ, q->nocc * sizeof(ns_line_occ));
			r->nocc += q->nocc;
		}
		q->d.file = file;
		ns_status ast = append_doc(r, &q->d, &q->rec, q->reason, q->st ? NULL : q->keys, q->st ? 0 : q->nkeys);
		q->reason = NULL;
		if (ast) { ret = ast; continue; }
		if (q->st && o->strict) {
			ret = NS_ERR_STRICT; /* the rest of the batch is not part of the run */
			break;
		}
	}
	parsed_free(pb); /* appended records were freed (zeroed) by append_doc; the rest go here */
	return ret;
}

/* Parse and clean batch b in parallel into *out, its records numbered
 * from base.  Beside the parse, one thread reads the next batch into nb
 * (when nb is not NULL) and another appends the batch parsed before (prev,
 * when not NULL; its status in *prev_st); each joins the parse when done. */
static ns_status parse_batch(ns_run *r, uint32_t file, const char *path, const batch *b, size_t base, ns_reader *rd,
                             batch *nb, size_t bs, uint64_t *ln, parsed *prev, ns_status *prev_st, parsed *out)
{
	const ns_options *o = r->o;
	const char *lines = b->lines.p;
	const size_t *off = b->off, *len = b->len;
	const uint64_t *lineno = b->lno;
	size_t n = b->n;
	memset(out, 0, sizeof(*out));
	*prev_st = NS_OK;
	slot *s = calloc(n ? n : 1, sizeof(slot));
	if (!s) {
		if (prev) parsed_free(prev);
		return NS_ERR_NOMEM;
	}
	int nomem = 0;
	ns_status pst = NS_OK;
#pragma omp parallel reduction(|:nomem)
	{
		/* reading and appending are serial: one thread fills the next
		 * batch, another appends the last one, the others start on this
		 * one, and each joins them when done */
#pragma omp single nowait
		if (nb) fill_batch(r, rd, nb, bs, ln);
#pragma omp single nowait
		if (prev) pst = append_batch(r, file, path, prev);
		ns_parser *p = ns_parser_create(o);
		ns_buf tb = {0}, xb = {0};
		ns_tokens tok = {0};
		if (!p) nomem = 1;
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; i++) {
			if (!p) continue;
			slot *q = &s[i];
			q->d.line = lineno[i];
			q->st = ns_parser_parse(p, lines + off[i], len[i], &q->rec, &q->note, q->err, sizeof(q->err));
			if (q->st == NS_ERR_NOMEM) { nomem = 1; continue; }
			if (q->st) continue;
			int trunc;
			if (clean_record(&q->rec, o->max_doc_bytes, &tb, &xb, &trunc)) { nomem = 1; q->st = NS_ERR_NOMEM; continue; }
			if (trunc && !q->note) q->note = "text truncated to --max-doc-bytes";
			if (q->rec.len[NS_F_ID] == 0) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "missing id (field \"%s\")", o->field_id);
			} else if (q->rec.len[NS_F_TEXT] == 0) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "empty text (field \"%s\")", o->field_text);
			}
			/* boilerplate: the lines are keyed now, while the text is at hand */
			size_t cap = 0;
			if (!q->st && o->boilerplate &&
			    ns_line_occs_keys(q->rec.f[NS_F_TEXT], q->rec.len[NS_F_TEXT], (uint32_t)(base + i), o->boiler_max_words,
			                      &tok, &q->occ, &q->nocc, &cap, &q->keys, &q->nkeys)) {
				nomem = 1;
				q->st = NS_ERR_NOMEM;
			}
		}
		ns_parser_destroy(p);
		ns_buf_free(&tb);
		ns_buf_free(&xb);
		ns_tokens_free(&tok);
	}
	*prev_st = pst;
	out->s = s;
	out->n = n;
	out->info = b->info;
	if (nomem) {
		parsed_free(out);
		return NS_ERR_NOMEM;
	}
	return NS_OK;
}

static ns_status batch_init(batch *b, size_t bs)
{
	memset(b, 0, sizeof(*b));
	b->off = malloc(bs * sizeof(size_t));
	b->len = malloc(bs * sizeof(size_t));
	b->lno = malloc(bs * sizeof(uint64_t));
	return b->off && b->len && b->lno ? NS_OK : NS_ERR_NOMEM;
}

static void batch_free(batch *b)
{
	ns_buf_free(&b->lines);
	free(b->off);
	free(b->len);
	free(b->lno);
}

/* Read one input through rd, which the caller opened (NULL when that
 * failed: ost and oerr say why). */
static ns_status read_input(ns_run *r, const char *path, ns_reader *rd, ns_status ost, const char *oerr)
{
	double t0 = ns_now();
	/* keep every input name: documents refer to them by index */
	char **ni = realloc(r->inputs, (r->ninputs + 1) * sizeof(char *));
	if (!ni) return NS_ERR_NOMEM;
	r->inputs = ni;
	r->inputs[r->ninputs] = strdup(path);
	if (!r->inputs[r->ninputs]) return NS_ERR_NOMEM;
	uint32_t file = (uint32_t)r->ninputs++;
	if (ost == NS_ERR_NOMEM) return ost;
	if (ost) {
		ns_run_logf(r, NS_LOG_ERROR, "%s", oerr);
		r->c.input_errors++;
		r->t[NS_T_READ] += ns_now() - t0;
		return NS_OK;
	}
	/* a pipeline of three: batch k+1 is read while batch k is parsed and
	 * batch k-1 appended; two batch buffers, since a parsed batch owns its
	 * records and no longer needs its lines */
	size_t bs = r->o->batch_size;
	uint64_t ln = 0;
	batch bb[2];
	parsed pend = {0};
	int have = 0, cur = 0;
	ns_status st = batch_init(&bb[0], bs);
	if (batch_init(&bb[1], bs)) st = NS_ERR_NOMEM;
	if (!st) fill_batch(r, rd, &bb[0], bs, &ln);
	while (!st) {
		batch *b = &bb[cur], *nb = &bb[cur ^ 1];
		if (b->st || b->n == 0) {
			/* the end, or a batch cut short (not part of the run): the
			 * batch before it is appended, then what reading it met logged */
			if (have) { have = 0; st = append_batch(r, file, path, &pend); }
			if (!st) { batch_log(r, path, &b->info); st = b->st; }
			break;
		}
		parsed cp;
		ns_status ast;
		size_t base = r->ndocs + (have ? pend.n : 0);
		st = parse_batch(r, file, path, b, base, rd, b->eof ? NULL : nb, bs, &ln, have ? &pend : NULL, &ast, &cp);
		have = 0;
		if (!st && ast) { parsed_free(&cp); st = ast; }
		if (st) break;
		pend = cp;
		have = 1;
		if (b->eof) break;
		cur ^= 1;
	}
	if (have) st = append_batch(r, file, path, &pend);
	batch_free(&bb[0]);
	batch_free(&bb[1]);
	r->t[NS_T_READ] += ns_now() - t0;
	return st;
}

#define NS_AHEAD_FILES 2                  /* inputs opened ahead of the one being read */
#define NS_AHEAD_BYTES ((size_t)16 << 20) /* bytes each input is read and inflated ahead */
#define NS_AHEAD_MIN_THREADS 3            /* threads from which inputs are read ahead */

ns_status ns_run_read_files(ns_run *r, const char *const *paths, size_t n)
{
	/* With several inputs and NS_AHEAD_MIN_THREADS threads or more, every
	 * regular file is read and inflated by a thread of its own, up to
	 * NS_AHEAD_BYTES ahead, and the next NS_AHEAD_FILES inputs are opened
	 * (and start inflating) while one is read: gzip input is not inflated
	 * by one thread at a time.  With fewer threads the team's reading
	 * thread inflates between parsing, which measured faster on 2 cores
	 * (README).  The lines are the same either way. */
	int nt = 1;
#ifdef _OPENMP
	nt = omp_get_max_threads();
#endif
	size_t ahead = nt >= NS_AHEAD_MIN_THREADS && n >= 2 ? NS_AHEAD_BYTES : 0, files = ahead ? NS_AHEAD_FILES : 0;
	if (ahead && r->o->memory_budget) ahead = (size_t)NS_MIN((uint64_t)ahead, NS_MAX(r->o->memory_budget / 64, (uint64_t)1 << 20));
	enum { SLOTS = NS_AHEAD_FILES + 1 };
	ns_reader *rd[SLOTS] = {0};
	ns_status ost[SLOTS] = {0};
	char err[SLOTS][512];
	size_t opened = 0;
	ns_status st = NS_OK;
	for (size_t i = 0; i < n && !st; i++) {
		for (; opened < n && opened <= i + files; opened++) {
			size_t k = opened % SLOTS;
			err[k][0] = 0;
			ost[k] = ns_reader_open_ahead(&rd[k], paths[opened], ahead, err[k], sizeof(err[k]));
		}
		size_t k = i % SLOTS;
		st = read_input(r, paths[i], rd[k], ost[k], err[k]);
		ns_reader_close(rd[k]);
		rd[k] = NULL;
	}
	for (size_t k = 0; k < SLOTS; k++) ns_reader_close(rd[k]);
	return st;
}

ns_status ns_run_read(ns_run *r, const char *path)
{
	return ns_run_read_files(r, &path, 1);
}

/* ---- processing ---- */

static int live(const ns_doc *d)
{
	return d->status != NS_REJECTED;
}

/* Learn boilerplate from the short lines' occurrences gathered while
 * reading, then strip the learned lines from every text (parallel), with
 * the line keys spilled after each text. */
static ns_status learn_boilerplate(ns_run *r)
{
	const ns_options *o = r->o;
	size_t n = r->ndocs;
	ns_status st = ns_boiler_learn(r->occ, r->nocc, o, &r->boiler, &r->nboiler);
	free(r->occ);
	r->occ = NULL;
	r->nocc = r->occcap = 0;
	if (!st) r->c.boiler_lines = r->nboiler;
	if (!st && r->nboiler) {
		r->boiler_text = calloc(r->nboiler, sizeof(char *));
		if (!r->boiler_text) st = NS_ERR_NOMEM;
		for (size_t i = 0; i < r->nboiler && !st; i++) {
			const ns_boiler_line *b = &r->boiler[i];
			r->boiler_text[i] = strndup(ns_doc_field(r, &r->docs[b->doc], NS_F_TEXT) + b->span.start, b->span.len);
			if (!r->boiler_text[i]) st = NS_ERR_NOMEM;
		}
	}
	if (st || !r->nboiler) return st;
	/* strip the learned lines; the learned line texts stay readable because
	 * report.json takes them from the documents before this point */
	uint64_t removed = 0;
	int nomem = 0, werr = 0;
#pragma omp parallel reduction(|:nomem) reduction(+:removed) reduction(max:werr)
	{
		ns_buf out = {0};
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; i++) {
			ns_doc *d = &r->docs[i];
			if (!live(d) || !d->nkeys) continue;
			const uint64_t *keys = (const uint64_t *)(void *)(r->tmap + keys_off(d));
			uint32_t rm;
			if (ns_boiler_strip_keys(ns_doc_field(r, d, NS_F_TEXT), d->len[NS_F_TEXT], keys, d->nkeys, r->boiler, r->nboiler, &out,
			                         &rm)) {
				nomem = 1;
				continue;
			}
			d->nkeys = 0; /* used once; keys_off moves with the text's length */
			if (!rm) continue;
			removed += rm;
			/* the stripped text is never longer: it goes in place, written
			 * to the file (the shared mapping sees it) rather than through
			 * the mapping, which made a write fault per page */
			const char *t = ns_doc_field(r, d, NS_F_TEXT);
			int e = ns_spill_rewrite(r->texts, (uint64_t)(t - r->tmap), out.p, out.len + 1);
			if (e) { werr = e; continue; }
			d->len[NS_F_TEXT] = (uint32_t)out.len;
		}
		ns_buf_free(&out);
	}
	r->c.boiler_removed = removed;
	if (werr && !nomem) {
		r->texts->err = werr;
		log_spill_error(r, r->texts);
		return NS_ERR_IO;
	}
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

/* A thread's scratch space for shingling one document at a time. */
typedef struct {
	ns_tokens tok;
	uint64_t *th, *sh;
	uint32_t *seq, *ls;
	size_t cap;
	ns_hsort hs;
} shingle_scratch;

static void shingle_scratch_free(shingle_scratch *s)
{
	ns_tokens_free(&s->tok);
	free(s->th);
	free(s->sh);
	free(s->seq);
	free(s->ls);
	ns_hsort_free(&s->hs);
}

/* Tokens of d's text (s->tok) and its shingles.  When lines is set: the
 * sorted unique set s->sh (*nsh values), the sequence s->seq (*nseq) and
 * the first token of each line (s->ls, *nl).  When it is not: s->sh is the
 * list of *nseq shingle hashes in text order, repeats kept (all a MinHash
 * needs), and *nsh the number of distinct ones.  *nsh = 0 for a text
 * without tokens.  NS_ERR_NOMEM. */
static ns_status shingle_doc(const ns_run *r, const ns_doc *d, shingle_scratch *s, int lines, size_t *nsh, size_t *nseq,
                             size_t *nl)
{
	const ns_options *o = r->o;
	*nsh = *nseq = *nl = 0;
	ns_tokens *tok = &s->tok;
	if (ns_tokenize(ns_doc_field(r, d, NS_F_TEXT), d->len[NS_F_TEXT], tok)) return NS_ERR_NOMEM;
	if (tok->n + 1 > s->cap) {
		size_t c = tok->n + 1 + (tok->n >> 1);
		uint64_t *th = realloc(s->th, c * sizeof(uint64_t)), *sh = th ? realloc(s->sh, c * sizeof(uint64_t)) : NULL;
		if (th) s->th = th;
		if (sh) s->sh = sh;
		uint32_t *seq = sh ? realloc(s->seq, c * sizeof(uint32_t)) : NULL, *ls = NULL;
		if (seq) s->seq = seq;
		if (seq && (ls = realloc(s->ls, c * sizeof(uint32_t)))) s->ls = ls;
		if (!ls) return NS_ERR_NOMEM;
		s->cap = c;
	}
	if (!tok->n) return NS_OK;
	for (size_t k = 0; k < tok->n; k++) s->th[k] = ns_token_hash(tok->norm.p + tok->off[k], tok->len[k], o->seed);
	if (!lines) {
		*nseq = ns_shingle_list(s->th, tok->n, o->shingle_k, o->seed, s->sh);
		size_t u = *nseq ? ns_count_distinct(s->sh, *nseq, &s->hs) : 0;
		if (u == SIZE_MAX) return NS_ERR_NOMEM;
		*nsh = u;
		return NS_OK;
	}
	*nsh = ns_shingle_seq(s->th, tok->n, o->shingle_k, o->seed, s->sh, s->seq, nseq);
	/* line starts, for coverage: a line break lies between two tokens.  The
	 * gaps are a byte or two: a plain loop */
	size_t n = 1;
	const char *txt = ns_doc_field(r, d, NS_F_TEXT);
	s->ls[0] = 0;
	for (size_t k = 1; k < tok->n; k++) {
		const char *g = txt + tok->src[k - 1] + tok->src_len[k - 1], *ge = txt + tok->src[k];
		while (g < ge && *g != '\n') g++;
		if (g < ge) s->ls[n++] = (uint32_t)k;
	}
	*nl = n;
	return NS_OK;
}

/* Bytes of a band entry in a spill file: key (8), document (4). */
#define NS_BAND_ENTRY 12
#define NS_SIGN_CHUNK 8192 /* documents signed per round before their band keys are spilled */
#define NS_BAND_BUF (NS_SIGN_CHUNK * NS_BAND_ENTRY) /* write buffer of a band's spill file */
#define NS_BAND_GROUP 8 /* bands paired at a time before their pairs are merged */

static void log_spill_error(ns_run *r, const ns_spill *s)
{
	ns_run_logf(r, NS_LOG_ERROR, "temporary file in %s: %s", r->o->tmp_dir ? r->o->tmp_dir : ns_spill_default_dir(),
	            strerror(s->err ? s->err : EIO));
}

/* Tokens, exact hashes and MinHash signatures of every document
 * (parallel); the signatures are cut into LSH band keys at once and the
 * keys of band j appended to spill file r->band[j], so neither shingle sets
 * nor signatures stay in memory. */
static ns_status shingle_all(ns_run *r)
{
	const ns_options *o = r->o;
	size_t n = r->ndocs;
	uint32_t K = o->num_perm, B = o->bands, R = o->rows;
	double t0 = ns_now(), tsign = 0;
	ns_minhash mh;
	if (ns_minhash_init(&mh, (ns_minhash_kind)o->minhash, K, o->seed)) return NS_ERR_NOMEM;
	uint32_t *sig = malloc((size_t)NS_SIGN_CHUNK * K * sizeof(uint32_t));
	uint8_t *has = malloc(NS_SIGN_CHUNK);
	r->band = calloc(B, sizeof(ns_spill));
	ns_status st = sig && has && r->band ? NS_OK : NS_ERR_NOMEM;
	if (r->band) r->nband = B;
	for (uint32_t j = 0; j < B && !st; j++)
		if ((st = ns_spill_open(&r->band[j], o->tmp_dir, NS_BAND_BUF)) == NS_ERR_IO) log_spill_error(r, &r->band[j]);
	for (size_t c0 = 0; c0 < n && !st; c0 += NS_SIGN_CHUNK) {
		size_t c1 = NS_MIN(n, c0 + NS_SIGN_CHUNK);
		int nomem = 0;
#pragma omp parallel reduction(|:nomem) reduction(+:tsign)
		{
			shingle_scratch s = {0};
#pragma omp for schedule(dynamic, 64)
			for (size_t i = c0; i < c1; i++) {
				ns_doc *d = &r->docs[i];
				has[i - c0] = 0;
				if (!live(d)) continue;
				size_t nsh, nseq, nl;
				if (shingle_doc(r, d, &s, 0, &nsh, &nseq, &nl)) { nomem = 1; continue; }
				d->ntok = (uint32_t)s.tok.n;
				d->nsh = (uint32_t)nsh;
				if (!d->ntok) continue;
				XXH128_hash_t h = XXH3_128bits_withSeed(s.tok.norm.p, s.tok.norm.len, o->seed);
				d->exact[0] = h.high64;
				d->exact[1] = h.low64;
				if (!nsh) { nomem = 1; continue; }
				double ts = ns_now();
				ns_minhash_sign(&mh, s.sh, nseq, sig + (i - c0) * K); /* repeats do not move a minimum */
				tsign += ns_now() - ts;
				has[i - c0] = 1;
			}
			shingle_scratch_free(&s);
		}
		if (nomem) { st = NS_ERR_NOMEM; break; }
		int bad = 0;
#pragma omp parallel reduction(|:bad)
		{
			unsigned char *e = malloc(NS_SIGN_CHUNK * NS_BAND_ENTRY);
			if (!e) bad |= 1;
#pragma omp for schedule(dynamic, 1)
			for (uint32_t j = 0; j < B; j++) {
				if (!e) continue;
				size_t k = 0;
				for (size_t i = c0; i < c1; i++) {
					if (!has[i - c0]) continue;
					uint64_t key = ns_lsh_band_key(sig + (i - c0) * K, j, R);
					uint32_t doc = (uint32_t)i;
					memcpy(e + k, &key, 8);
					memcpy(e + k + 8, &doc, 4);
					k += NS_BAND_ENTRY;
				}
				ns_status ws = ns_spill_write(&r->band[j], e, k);
				if (ws) bad |= ws == NS_ERR_IO ? 2 : 1;
			}
			free(e);
		}
		if (bad & 2) {
			for (uint32_t j = 0; j < B; j++)
				if (r->band[j].err) { log_spill_error(r, &r->band[j]); break; }
			st = NS_ERR_IO;
		} else if (bad) {
			st = NS_ERR_NOMEM;
		}
		if (!st && stopped(r)) st = NS_ERR_INTERRUPTED;
	}
	ns_minhash_free(&mh);
	free(sig);
	free(has);
	/* the signing ran on every thread: its share of the wall time */
	int nt = 1;
#ifdef _OPENMP
	nt = omp_get_max_threads();
#endif
	double sk = tsign / nt, all = ns_now() - t0;
	r->t[NS_T_SKETCH] += sk;
	r->t[NS_T_SHINGLE] += all > sk ? all - sk : 0;
	return st;
}

static void close_bands(ns_run *r)
{
	for (uint32_t j = 0; r->band && j < r->nband; j++) ns_spill_close(&r->band[j]);
	free(r->band);
	r->band = NULL;
	r->nband = 0;
}

typedef struct {
	uint64_t h0, h1;
	uint32_t doc;
} exact_key;

static int cmp_exact(const void *a, const void *b)
{
	const exact_key *x = a, *y = b;
	if (x->h0 != y->h0) return x->h0 < y->h0 ? -1 : 1;
	if (x->h1 != y->h1) return x->h1 < y->h1 ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Join exact copies; returns the first document of each exact group via
 * the union-find (root = smallest index). */
static ns_status exact_groups(ns_run *r, ns_uf *uf)
{
	size_t n = r->ndocs, m = 0;
	exact_key *k = malloc((n ? n : 1) * sizeof(*k));
	if (!k) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (!live(d) || !d->ntok) continue;
		k[m].h0 = d->exact[0];
		k[m].h1 = d->exact[1];
		k[m].doc = (uint32_t)i;
		m++;
	}
	ns_qsort(k, m, sizeof(*k), cmp_exact);
	for (size_t i = 1; i < m; i++) {
		if (k[i].h0 == k[i - 1].h0 && k[i].h1 == k[i - 1].h1) {
			ns_uf_union(uf, k[i - 1].doc, k[i].doc);
			ns_doc *d = &r->docs[k[i].doc];
			d->dup_kind = NS_DUP_EXACT;
			d->partner = k[i - 1].doc;
			d->sim = 1.0f;
		}
	}
	for (size_t i = 0; i < r->ndocs; i++) r->docs[i].exact_root = ns_uf_find(uf, (uint32_t)i);
	free(k);
	return NS_OK;
}

/* Shingle sets of a window of documents, made again for verification:
 * they are not kept between stages.  ~bytes they take per token. */
#define NS_SET_BYTES_PER_TOKEN 16

/* A document's shingle set, made again for verification. */
typedef struct {
	uint64_t *sh;
	uint32_t *seq, *ls;
	uint32_t nseq, nl;
} vset;

/* Jaccard of each pair's shingle sets, and the coverage of its smaller
 * text (by tokens; ties: a's) by the larger one's shingles.  The pairs'
 * documents are shingled again, a window at a time: as many pairs as
 * r->verify_window bytes of shingle sets allow (at least one). */
static ns_status verify_pairs(ns_run *r, const ns_pair *p, size_t np, double *jac, double *con)
{
	const ns_options *o = r->o;
	size_t n = r->ndocs, ndocs = 0, dcap = 0, maxscratch = 1;
	/* each document's place in the window's sets, UINT32_MAX when out */
	uint32_t *wslot = malloc((n ? n : 1) * sizeof(uint32_t)), *docs = NULL;
	vset *ws = NULL;
	if (!wslot) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) wslot[i] = UINT32_MAX;
	ns_status st = NS_OK;
	for (size_t i = 0; i < np && !st;) {
		/* the window: pairs i..j-1 and their documents */
		size_t j = i;
		uint64_t bytes = 0;
		ndocs = 0;
		while (j < np) {
			uint32_t a = p[j].a, b = p[j].b;
			uint64_t add = 0;
			if (wslot[a] == UINT32_MAX) add += (uint64_t)r->docs[a].ntok * NS_SET_BYTES_PER_TOKEN;
			if (wslot[b] == UINT32_MAX && b != a) add += (uint64_t)r->docs[b].ntok * NS_SET_BYTES_PER_TOKEN;
			if (j > i && bytes + add > r->verify_window) break;
			if (ns_grow((void **)&docs, &dcap, ndocs + 2, sizeof(uint32_t))) { st = NS_ERR_NOMEM; break; }
			if (wslot[a] == UINT32_MAX) { wslot[a] = (uint32_t)ndocs; docs[ndocs++] = a; }
			if (wslot[b] == UINT32_MAX) { wslot[b] = (uint32_t)ndocs; docs[ndocs++] = b; }
			bytes += add;
			j++;
		}
		if (st || !(ws = calloc(ndocs ? ndocs : 1, sizeof(vset)))) { st = NS_ERR_NOMEM; break; }
		for (size_t k = 0; k < ndocs; k++) maxscratch = NS_MAX(maxscratch, (size_t)r->docs[docs[k]].nsh + r->docs[docs[k]].ntok);
		int nomem = 0;
#pragma omp parallel reduction(|:nomem)
		{
			shingle_scratch s = {0};
#pragma omp for schedule(dynamic, 16)
			for (size_t k = 0; k < ndocs; k++) {
				const ns_doc *d = &r->docs[docs[k]];
				vset *v = &ws[k];
				size_t nsh, nseq, nl;
				if (shingle_doc(r, d, &s, 1, &nsh, &nseq, &nl)) { nomem = 1; continue; }
				v->sh = malloc((nsh ? nsh : 1) * sizeof(uint64_t));
				v->seq = malloc((nseq ? nseq : 1) * sizeof(uint32_t));
				v->ls = malloc((nl ? nl : 1) * sizeof(uint32_t));
				if (!v->sh || !v->seq || !v->ls) { nomem = 1; continue; }
				memcpy(v->sh, s.sh, nsh * sizeof(uint64_t));
				memcpy(v->seq, s.seq, nseq * sizeof(uint32_t));
				memcpy(v->ls, s.ls, nl * sizeof(uint32_t));
				v->nseq = (uint32_t)nseq;
				v->nl = (uint32_t)nl;
			}
			shingle_scratch_free(&s);
		}
		if (!nomem) {
#pragma omp parallel reduction(|:nomem)
			{
				uint8_t *scratch = malloc(maxscratch);
				if (!scratch) nomem = 1;
#pragma omp for schedule(dynamic, 256)
				for (size_t q = i; q < j; q++) {
					if (!scratch) continue;
					const ns_doc *a = &r->docs[p[q].a], *b = &r->docs[p[q].b];
					const vset *va = &ws[wslot[p[q].a]], *vb = &ws[wslot[p[q].b]];
					jac[q] = ns_jaccard_sorted(va->sh, a->nsh, vb->sh, b->nsh, NULL);
					int ax = a->ntok <= b->ntok;
					const ns_doc *x = ax ? a : b, *y = ax ? b : a;
					const vset *vx = ax ? va : vb, *vy = ax ? vb : va;
					ns_covtext ct = {vx->sh, x->nsh, vx->seq, vx->nseq, x->ntok, vx->ls, vx->nl};
					con[q] = ns_coverage(&ct, vy->sh, y->nsh, o->shingle_k, o->boiler_max_words, scratch);
				}
				free(scratch);
			}
		}
		for (size_t k = 0; k < ndocs; k++) {
			free(ws[k].sh);
			free(ws[k].seq);
			free(ws[k].ls);
			wslot[docs[k]] = UINT32_MAX;
		}
		free(ws);
		ws = NULL;
		if (nomem) st = NS_ERR_NOMEM;
		i = j;
	}
	free(wslot);
	free(docs);
	return st;
}

/* Does a pair pass the near-duplicate test with every threshold multiplied
 * by relax, given its Jaccard j and coverage c (as verify_pairs gives
 * them)? */
static int close_enough(const ns_run *r, uint32_t ia, uint32_t ib, double relax, double j, double c)
{
	const ns_options *o = r->o;
	if (j >= relax * o->threshold) return 1;
	const ns_doc *a = &r->docs[ia], *b = &r->docs[ib];
	const ns_doc *x = a->ntok <= b->ntok ? a : b;
	if (o->containment <= 0 || x->ntok < o->containment_min_words || j < relax * o->containment_min_jaccard) return 0;
	return c >= relax * o->containment;
}

typedef struct {
	uint32_t root, doc;
} member;

static int cmp_member(const void *a, const void *b)
{
	const member *x = a, *y = b;
	if (x->root != y->root) return x->root < y->root ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

#define NS_CENTRE_RELAX 0.8 /* members must pass the test at 80% of each threshold */
#define NS_CENTRE_ROUNDS 4  /* detached members are regrouped this many times */

/* Components, then a check that keeps every group close to its centre: the
 * member with the largest sum of edge weights in the group.  A member with
 * no verified edge to the centre stays only when it passes the test at
 * relaxed thresholds; the others are detached and grouped again among
 * themselves.  This cuts the bridges through which connected components
 * chain unrelated texts (A ~ B ~ C), and keeps copies of copies that are
 * still close to the original. */
static ns_status centre_clusters(ns_run *r, ns_uf *uf, const ns_edge *e, size_t ne)
{
	size_t n = r->ndocs;
	uint8_t *active = malloc(n ? n : 1);
	double *deg = malloc((n ? n : 1) * sizeof(double));
	member *mem = malloc((n ? n : 1) * sizeof(member));
	ns_edge *sub = malloc((ne ? ne : 1) * sizeof(ns_edge));
	uint8_t *adjc = malloc(n ? n : 1);
	/* the neighbours of each vertex among the active edges, in CSR form, so
	 * that finding a centre's neighbours costs its degree, not all edges */
	uint32_t *nbs = malloc((n + 1) * sizeof(uint32_t)), *nb = malloc((2 * ne + 1) * sizeof(uint32_t));
	/* each member's centre, and the (member, centre) pairs to check */
	uint32_t *centre = malloc((n ? n : 1) * sizeof(uint32_t));
	ns_pair *chk = NULL;
	double *cj = NULL, *cc = NULL;
	size_t chkcap = 0, cjcap = 0, cccap = 0;
	ns_uf g = {0};
	ns_status st = NS_ERR_NOMEM;
	if (!active || !deg || !mem || !sub || !adjc || !nbs || !nb || !centre || ns_uf_init(&g, n)) goto done;
	/* every vertex with an edge starts active */
	memset(active, 0, n);
	for (size_t i = 0; i < ne; i++) active[e[i].a] = active[e[i].b] = 1;
	for (int round = 0; round < NS_CENTRE_ROUNDS; round++) {
		/* components of the edges among the active vertices */
		size_t ns = 0;
		for (size_t i = 0; i < ne; i++)
			if (active[e[i].a] && active[e[i].b]) sub[ns++] = e[i];
		if (!ns) break;
		for (size_t i = 0; i < n; i++) g.parent[i] = (uint32_t)i;
		ns_cluster_components(&g, sub, ns);
		memset(deg, 0, n * sizeof(double));
		for (size_t i = 0; i < ns; i++) { deg[sub[i].a] += sub[i].w; deg[sub[i].b] += sub[i].w; }
		memset(nbs, 0, (n + 1) * sizeof(uint32_t));
		for (size_t i = 0; i < ns; i++) { nbs[sub[i].a + 1]++; nbs[sub[i].b + 1]++; }
		for (size_t i = 0; i < n; i++) nbs[i + 1] += nbs[i];
		for (size_t i = 0; i < ns; i++) { nb[nbs[sub[i].a]++] = sub[i].b; nb[nbs[sub[i].b]++] = sub[i].a; }
		/* the fill moved each start to the next vertex's: shift back */
		for (size_t i = n; i > 0; i--) nbs[i] = nbs[i - 1];
		nbs[0] = 0;
		size_t nm = 0;
		for (size_t i = 0; i < n; i++)
			if (active[i] && deg[i] > 0) { mem[nm].root = ns_uf_find(&g, (uint32_t)i); mem[nm].doc = (uint32_t)i; nm++; }
		ns_qsort(mem, nm, sizeof(member), cmp_member);
		/* each component's centre; the members not linked to it are
		 * checked against it, all in one batch */
		memset(adjc, 0, n);
		size_t nchk = 0;
		for (size_t i = 0; i < nm;) {
			size_t j = i;
			uint32_t c = mem[i].doc;
			while (j < nm && mem[j].root == mem[i].root) {
				if (deg[mem[j].doc] > deg[c]) c = mem[j].doc;
				j++;
			}
			for (uint32_t q = nbs[c]; q < nbs[c + 1]; q++) adjc[nb[q]] = 1;
			for (size_t q = i; q < j; q++) {
				uint32_t m = mem[q].doc;
				centre[m] = c;
				if (m == c || adjc[m]) continue;
				if (ns_grow((void **)&chk, &chkcap, nchk + 1, sizeof(ns_pair))) goto done;
				chk[nchk].a = m;
				chk[nchk].b = c;
				nchk++;
			}
			i = j;
		}
		if (ns_grow((void **)&cj, &cjcap, nchk + 1, sizeof(double)) || ns_grow((void **)&cc, &cccap, nchk + 1, sizeof(double)))
			goto done;
		if ((st = verify_pairs(r, chk, nchk, cj, cc))) goto done;
		st = NS_ERR_NOMEM;
		int detached = 0;
		size_t k = 0;
		for (size_t q = 0; q < nm; q++) {
			uint32_t m = mem[q].doc, c = centre[m];
			int ok = m == c || adjc[m];
			if (!ok) {
				/* the checks are in member order */
				ok = close_enough(r, m, c, NS_CENTRE_RELAX, cj[k], cc[k]);
				k++;
			}
			if (ok) {
				ns_uf_union(uf, m, c);
				active[m] = 0;
			} else {
				detached = 1; /* stays active for the next round */
			}
		}
		for (size_t q = 0; q < nm; q++) active[centre[mem[q].doc]] = 0;
		if (!detached) break;
	}
	st = NS_OK;
done:
	free(active);
	free(deg);
	free(mem);
	free(sub);
	free(adjc);
	free(nbs);
	free(nb);
	free(centre);
	free(chk);
	free(cj);
	free(cc);
	ns_uf_free(&g);
	return st;
}

/* Diagnostics: every candidate pair with its scores, for tuning. */
static void dump_pairs(ns_run *r, const char *path, const ns_pair *pairs, size_t np, const double *jac, const double *con)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		ns_run_logf(r, NS_LOG_ERROR, "%s: cannot write pairs", path);
		return;
	}
	fprintf(f, "a\tb\tjaccard\tcoverage\ttokens_a\ttokens_b\n");
	for (size_t i = 0; i < np; i++) {
		const ns_doc *a = &r->docs[pairs[i].a], *b = &r->docs[pairs[i].b];
		fprintf(f, "%s\t%s\t%.4f\t%.4f\t%u\t%u\n", ns_doc_field(r, a, NS_F_ID), ns_doc_field(r, b, NS_F_ID), (double)(float)jac[i], (double)(float)con[i],
		        a->ntok, b->ntok);
	}
	if (fclose(f) != 0) ns_run_logf(r, NS_LOG_ERROR, "%s: write failed", path);
}

/* Candidate pairs of one band: its spilled keys of the documents that are
 * sketched (root[doc]), read back, sorted, paired. */
static ns_status band_pairs(ns_run *r, uint32_t j, const uint8_t *root, ns_lsh_entry **e, size_t *ecap, ns_pair **bp,
                            size_t *bn)
{
	ns_spill *s = &r->band[j];
	size_t total = (size_t)(s->size / NS_BAND_ENTRY), m = 0;
	if (ns_grow((void **)e, ecap, total + 1, sizeof(ns_lsh_entry))) return NS_ERR_NOMEM;
	enum { CH = 1 << 16 };
	unsigned char *buf = malloc((size_t)CH * NS_BAND_ENTRY);
	if (!buf) return NS_ERR_NOMEM;
	ns_status st = NS_OK;
	for (size_t i = 0; i < total && !st; i += CH) {
		size_t k = NS_MIN((size_t)CH, total - i);
		if ((st = ns_spill_read(s, (uint64_t)i * NS_BAND_ENTRY, buf, k * NS_BAND_ENTRY))) break;
		for (size_t q = 0; q < k; q++) {
			ns_lsh_entry x;
			memcpy(&x.key, buf + q * NS_BAND_ENTRY, 8);
			memcpy(&x.doc, buf + q * NS_BAND_ENTRY + 8, 4);
			if (x.doc < r->ndocs && root[x.doc]) (*e)[m++] = x;
		}
	}
	free(buf);
	size_t cap = 0;
	if (!st && ns_lsh_band_pairs(*e, m, r->o->max_bucket, bp, bn, &cap)) st = NS_ERR_NOMEM;
	if (!st) *bn = ns_pairs_unique(*bp, *bn); /* here, in parallel: the merge is then linear */
	return st;
}

static ns_status near_groups(ns_run *r, ns_uf *uf)
{
	const ns_options *o = r->o;
	size_t n = r->ndocs;
	uint32_t B = r->nband;
	/* the documents sketched for LSH: first of each exact group, with shingles */
	uint8_t *root = malloc(n ? n : 1);
	if (!root) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		root[i] = live(d) && d->nsh && ns_uf_find(uf, (uint32_t)i) == i;
	}
	double t1 = ns_now();
	/* candidates, one band per iteration, NS_BAND_GROUP bands at a time;
	 * each band's pairs, sorted and unique, are merged into the sorted
	 * unique set of the earlier ones, so a pair found in many bands is held
	 * once, not once per band */
	ns_pair **bp = calloc(NS_BAND_GROUP, sizeof(*bp));
	size_t *bn = calloc(NS_BAND_GROUP, sizeof(size_t));
	size_t np = 0, pcap = 0, tcap = 0;
	ns_pair *pairs = NULL, *tmp = NULL;
	int bad = !bp || !bn;
	for (uint32_t g0 = 0; g0 < B && !bad; g0 += NS_BAND_GROUP) {
		uint32_t g1 = NS_MIN(B, g0 + NS_BAND_GROUP);
#pragma omp parallel reduction(|:bad)
		{
			ns_lsh_entry *e = NULL;
			size_t ecap = 0;
#pragma omp for schedule(dynamic, 1)
			for (uint32_t j = g0; j < g1; j++) {
				ns_status bs = band_pairs(r, j, root, &e, &ecap, &bp[j - g0], &bn[j - g0]);
				if (bs) bad |= bs == NS_ERR_IO ? 2 : 1;
			}
			free(e);
		}
		for (uint32_t j = 0; j < g1 - g0; j++) {
			/* only the merge's target needs the room: the two swap */
			if (!bad && ns_grow((void **)&tmp, &tcap, np + bn[j] + 1, sizeof(ns_pair))) bad = 1;
			if (!bad) {
				np = ns_pairs_merge(pairs, np, bp[j], bn[j], tmp);
				ns_pair *t = pairs; pairs = tmp; tmp = t;
				size_t c = pcap; pcap = tcap; tcap = c;
			}
			free(bp[j]);
			bp[j] = NULL;
			bn[j] = 0;
		}
	}
	free(tmp);
	if (bad & 2)
		for (uint32_t j = 0; j < B; j++)
			if (r->band[j].err) { log_spill_error(r, &r->band[j]); break; }
	close_bands(r);
	free(root);
	free(bp);
	free(bn);
	double t2 = ns_now();
	r->t[NS_T_LSH] += t2 - t1;
	if (bad) { free(pairs); return bad & 2 ? NS_ERR_IO : NS_ERR_NOMEM; }
	r->c.candidates = np;
	if (stopped(r)) { free(pairs); return NS_ERR_INTERRUPTED; }

	/* verify on the exact shingle sets */
	double *jac = malloc((np ? np : 1) * sizeof(double)), *con = malloc((np ? np : 1) * sizeof(double));
	ns_status st = jac && con ? verify_pairs(r, pairs, np, jac, con) : NS_ERR_NOMEM;
	if (st) { free(pairs); free(jac); free(con); return st; }
	double t3 = ns_now();
	r->t[NS_T_VERIFY] += t3 - t2;

	/* verified pairs become weighted edges, in sorted pair order */
	ns_edge *edges = malloc((np ? np : 1) * sizeof(ns_edge));
	size_t ne = 0;
	int nomem = !edges;
	for (size_t i = 0; i < np && edges; i++) {
		/* edges are weighed in float, and the thresholds apply to those
		 * weights */
		float fj = (float)jac[i], fc = (float)con[i];
		int byj = fj >= o->threshold;
		/* a short text inside a longer one is weak evidence (a notice page
		 * inside another page): short texts count by Jaccard only */
		uint32_t small = NS_MIN(r->docs[pairs[i].a].ntok, r->docs[pairs[i].b].ntok);
		int byc = o->containment > 0 && fc >= o->containment && fj >= o->containment_min_jaccard &&
		          small >= o->containment_min_words;
		if (!byj && !byc) continue;
		edges[ne].a = pairs[i].a;
		edges[ne].b = pairs[i].b;
		edges[ne].w = byj ? fj : fc;
		edges[ne].kind = byj ? NS_DUP_NEAR : NS_DUP_CONTAIN;
		ne++;
	}
	r->c.verified = ne;
	if (o->pairs_path) dump_pairs(r, o->pairs_path, pairs, np, jac, con);
	free(pairs);
	free(jac);
	free(con);
	st = nomem ? NS_ERR_NOMEM
	   : o->cluster == NS_CLUSTER_PIVOT ? ns_cluster_pivot(uf, r->ndocs, edges, ne)
	   : o->cluster == NS_CLUSTER_CENTRE ? centre_clusters(r, uf, edges, ne)
	                                     : ns_cluster_components(uf, edges, ne);
	if (!st) {
		/* each near duplicate names its strongest edge inside its group; the
		 * edge weights inside a group rank the representative */
		for (size_t i = 0; i < ne; i++) {
			uint32_t a = edges[i].a, b = edges[i].b;
			if (ns_uf_find(uf, a) != ns_uf_find(uf, b)) continue;
			r->docs[a].centre += edges[i].w;
			r->docs[b].centre += edges[i].w;
			uint32_t ends[2][2] = {{a, b}, {b, a}};
			for (int k = 0; k < 2; k++) {
				ns_doc *d = &r->docs[ends[k][0]];
				if (d->dup_kind == NS_DUP_EXACT) continue;
				if (d->partner == UINT32_MAX || edges[i].w > d->sim) {
					d->partner = ends[k][1];
					d->sim = edges[i].w;
					d->dup_kind = edges[i].kind;
				}
			}
		}
	}
	free(edges);
	r->t[NS_T_CLUSTER] += ns_now() - t3;
	return st;
}

/* Is a better representative than b under the run's rule? */
static int better_rep(const ns_run *r, uint32_t a, uint32_t b)
{
	const ns_doc *x = &r->docs[a], *y = &r->docs[b];
	switch (r->o->rep) {
	case NS_REP_CENTRE: {
		/* exact copies share the centrality of their group's first copy */
		float cx = r->docs[x->exact_root].centre, cy = r->docs[y->exact_root].centre;
		if (cx != cy) return cx > cy;
	}
		/* ties go to the earliest date */
		/* fall through */
	case NS_REP_EARLIEST:
		if (x->days != y->days) {
			if (x->days == INT32_MIN) return 0;
			if (y->days == INT32_MIN) return 1;
			return x->days < y->days;
		}
		break;
	case NS_REP_LONGEST:
		if (x->ntok != y->ntok) return x->ntok > y->ntok;
		break;
	case NS_REP_FIRST:
		break;
	}
	return a < b;
}

/* Set group, status and counts from the union-find. */
static void assign_groups(ns_run *r, ns_uf *uf)
{
	size_t n = r->ndocs;
	/* representative per root: stored in the root's group field first */
	for (size_t i = 0; i < n; i++) {
		if (!live(&r->docs[i])) continue;
		uint32_t root = ns_uf_find(uf, (uint32_t)i);
		if (root == i) r->docs[i].group = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++) {
		if (!live(&r->docs[i])) continue;
		uint32_t root = ns_uf_find(uf, (uint32_t)i);
		ns_doc *rd = &r->docs[root];
		if (better_rep(r, (uint32_t)i, rd->group)) rd->group = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++) {
		ns_doc *d = &r->docs[i];
		if (!live(d)) continue;
		uint32_t root = ns_uf_find(uf, (uint32_t)i);
		uint32_t rep = r->docs[root].group;
		if (root != i) d->group = rep;
		if (rep == i) {
			d->status = NS_KEPT;
			r->c.kept++;
		} else {
			d->status = NS_DUPLICATE;
			r->c.duplicate++;
			if (d->dup_kind == NS_DUP_EXACT) r->c.exact_dups++;
			else r->c.near_dups++;
			/* a group of two or more, counted at its root's first duplicate */
			if (!(r->docs[root].repaired & 2)) { r->docs[root].repaired |= 2; r->c.dup_groups++; }
		}
	}
	for (size_t i = 0; i < n; i++) r->docs[i].repaired &= 1;
}

#define NS_STORY_TOP_TERMS 50 /* strongest terms of an article posted to the candidate index */
#define NS_STORY_MIN_SHARED 2 /* a candidate pair shares at least this many of them */
#define NS_STORY_MAX_POSTING 1000 /* longest posting list used for candidates, whatever the corpus size */
#define NS_STORY_ROWS 1024 /* candidate pairs: documents per block (unit of parallel work) */
#define NS_STORY_CHUNKS 16       /* count vectors are made in this many steps, memory checked after each */
#define NS_STORY_CHUNK_MIN 256    /* ...when every step has at least this many articles */
#define NS_NOTICE_COPIES 3 /* a notice page: at least this many copies... */
#define NS_NOTICE_WORDS 128  /* ...of a text shorter than this */

static ns_status collect_stories(ns_run *r);

/* Candidate pairs of the m story vectors, sorted: rows of the candidate
 * index in blocks (parallel), concatenated in block order. */
static ns_status story_pairs(const ns_termvec *v, size_t m, uint32_t max_posting, ns_pair **pairs, size_t *np)
{
	*pairs = NULL;
	*np = 0;
	ns_story_index *ix;
	if (ns_story_index_create(&ix, v, m, NS_STORY_TOP_TERMS, max_posting)) return NS_ERR_NOMEM;
	size_t nblk = (m + NS_STORY_ROWS - 1) / NS_STORY_ROWS;
	ns_pair **bp = calloc(nblk ? nblk : 1, sizeof(*bp));
	size_t *bn = calloc(nblk ? nblk : 1, sizeof(size_t));
	int nomem = !bp || !bn;
	if (!nomem) {
#pragma omp parallel reduction(|:nomem)
		{
			uint32_t *count = calloc(m ? m : 1, sizeof(uint32_t)), *touched = NULL;
			size_t tcap = 0;
			if (!count) nomem = 1;
#pragma omp for schedule(dynamic, 1)
			for (size_t b = 0; b < nblk; b++) {
				size_t cap = 0;
				if (count && ns_story_index_pairs(ix, (uint32_t)(b * NS_STORY_ROWS), (uint32_t)NS_MIN(m, (b + 1) * NS_STORY_ROWS),
				                                  NS_STORY_MIN_SHARED, count, &touched, &tcap, &bp[b], &bn[b], &cap))
					nomem = 1;
			}
			free(count);
			free(touched);
		}
	}
	ns_story_index_destroy(ix);
	size_t total = 0;
	for (size_t b = 0; b < nblk && !nomem; b++) total += bn[b];
	if (!nomem && !(*pairs = malloc((total ? total : 1) * sizeof(ns_pair)))) nomem = 1;
	for (size_t b = 0; b < nblk && !nomem; b++) {
		if (bn[b]) memcpy(*pairs + *np, bp[b], bn[b] * sizeof(ns_pair));
		*np += bn[b];
	}
	for (size_t b = 0; bp && b < nblk; b++) free(bp[b]);
	free(bp);
	free(bn);
	if (nomem) { free(*pairs); *pairs = NULL; *np = 0; return NS_ERR_NOMEM; }
	return NS_OK;
}

/* n bytes for a message: "12.3 GiB", "4.0 MiB", "512.0 KiB" or "100 bytes". */
static const char *fmt_bytes(uint64_t n, char *buf, size_t len)
{
	static const char *unit[] = {"KiB", "MiB", "GiB", "TiB"};
	if (n < 1024) { snprintf(buf, len, "%llu bytes", (unsigned long long)n); return buf; }
	double x = (double)n / 1024;
	int u = 0;
	while (x >= 1024 && u < 3) { x /= 1024; u++; }
	snprintf(buf, len, "%.1f %s", x, unit[u]);
	return buf;
}

static ns_status build_stories(ns_run *r)
{
	const ns_options *o = r->o;
	if (o->dedup_only) {
		/* every duplicate group is its own story */
		for (size_t i = 0; i < r->ndocs; i++)
			if (live(&r->docs[i])) r->docs[i].story = r->docs[i].group;
		return collect_stories(r);
	}
	size_t n = r->ndocs, m = 0;
	uint32_t *reps = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!reps) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (live(&r->docs[i]) && r->docs[i].status == NS_KEPT) reps[m++] = (uint32_t)i;
	ns_termvec *v = calloc(m ? m : 1, sizeof(*v));
	/* Short texts repeated verbatim in many places (crawl notices, cookie
	 * walls, "Tweet with a location") are scraped notices, not stories: they
	 * stay out of story grouping and each copy is a story of its own. */
	uint8_t *notice = calloc(n ? n : 1, 1);
	uint32_t *gsize = calloc(n ? n : 1, sizeof(uint32_t));
	if (!v || !notice || !gsize) { free(reps); free(v); free(notice); free(gsize); return NS_ERR_NOMEM; }
	for (size_t i = 0; i < n; i++)
		if (live(&r->docs[i])) gsize[r->docs[i].group]++;
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (live(d) && d->status == NS_KEPT && gsize[i] >= NS_NOTICE_COPIES && d->ntok < NS_NOTICE_WORDS) notice[i] = 1;
	}
	free(gsize);
	int nomem = 0;
	/* the count vectors are the stage's peak (several KB an article): they
	 * are made in NS_STORY_CHUNKS steps, and the stage stops with an error
	 * as soon as the vectors so far, scaled to every article, would not fit
	 * in the memory available, rather than run the machine out of memory */
	uint64_t avail = o->mem_available ? o->mem_available : ns_mem_available(), used = 0, need = 0;
	size_t nch = m >= (size_t)NS_STORY_CHUNKS * NS_STORY_CHUNK_MIN ? NS_STORY_CHUNKS : 1, checked = 0;
	int over = 0;
#pragma omp parallel reduction(|:nomem)
	{
		ns_tokens tok = {0};
		ns_story_scratch *sc = ns_story_scratch_create();
		ns_stemmer *sm = ns_stemmer_create();
		if (!sm || !sc) nomem = 1;
		for (size_t ch = 0; ch < nch; ch++) {
			size_t c0 = m * ch / nch, c1 = m * (ch + 1) / nch;
#pragma omp for schedule(dynamic, 32) reduction(+:used)
			for (size_t i = c0; i < c1; i++) {
				ns_doc *d = &r->docs[reps[i]];
				if (notice[reps[i]] || !sm || !sc) continue;
				ns_lang lg;
				if (ns_story_counts(ns_doc_field(r, d, NS_F_TITLE), d->len[NS_F_TITLE], ns_doc_field(r, d, NS_F_TEXT),
				                    d->len[NS_F_TEXT], o->stem, &tok, sm, sc, &v[i], &lg))
					nomem = 1;
				d->lang = (uint8_t)lg;
				used += ns_story_vec_bytes(&v[i]);
			}
#pragma omp single
			{
				need = ns_story_mem_need(used, c1, m);
				checked = c1;
				if (need > avail) over = 1;
			}
			if (over) break;
		}
		ns_stemmer_destroy(sm);
		ns_tokens_free(&tok);
		ns_story_scratch_destroy(sc);
	}
	if (over && !nomem) {
		char a[32], b[32];
		ns_run_logf(r, NS_LOG_ERROR,
		            "stories: the term vectors of %zu articles need about %s, more than the %s of memory available "
		            "(estimated from the first %zu); --dedup-only runs without stories",
		            m, fmt_bytes(need, a, sizeof(a)), fmt_bytes(avail, b, sizeof(b)), checked);
	}
	if (over) nomem = 1;
	ns_pair *pairs = NULL;
	size_t np = 0;
	ns_uf uf = {0};
	if (!nomem) {
		/* document frequencies and weights by term partition, a block of
		 * partitions per iteration; each touches only its own terms */
		unsigned bits;
		uint32_t nblk;
		ns_story_idf_plan(v, m, &bits, &nblk);
		uint32_t nparts = (uint32_t)1 << bits;
#pragma omp parallel reduction(|:nomem)
		{
			ns_idf_scratch *sc = ns_idf_scratch_create();
			if (!sc) nomem = 1;
#pragma omp for schedule(dynamic, 1)
			for (uint32_t b = 0; b < nblk; b++) {
				uint32_t p0 = (uint32_t)((uint64_t)nparts * b / nblk), p1 = (uint32_t)((uint64_t)nparts * (b + 1) / nblk);
				if (!sc || ns_story_idf(v, m, bits, p0, p1, sc)) nomem = 1;
			}
			ns_idf_scratch_destroy(sc);
		}
	}
	if (!nomem) {
#pragma omp parallel for schedule(dynamic, 64)
		for (size_t i = 0; i < m; i++) ns_story_weigh(&v[i], o->story_terms);
	}
	if (!nomem) {
		/* a term in more than a tenth of the articles (at least 50), or in
		 * more than NS_STORY_MAX_POSTING of them, does not tell stories
		 * apart; the fixed ceiling keeps the candidate work linear in the
		 * articles (each list costs the square of its length) */
		uint32_t max_posting = (uint32_t)NS_MAX((size_t)50, NS_MIN(m / 10, (size_t)NS_STORY_MAX_POSTING));
		if (story_pairs(v, m, max_posting, &pairs, &np)) nomem = 1;
	}
	float *cs = NULL;
	if (!nomem) {
		cs = malloc((np ? np : 1) * sizeof(float));
		if (!cs || ns_uf_init(&uf, m)) nomem = 1;
	}
	if (!nomem) {
#pragma omp parallel for schedule(dynamic, 256)
		for (size_t i = 0; i < np; i++) cs[i] = (float)ns_termvec_cosine(&v[pairs[i].a], &v[pairs[i].b]);
		ns_edge *e = malloc((np ? np : 1) * sizeof(ns_edge));
		int32_t *days = malloc((m ? m : 1) * sizeof(int32_t));
		size_t ne = 0;
		if (!e || !days) nomem = 1;
		for (size_t i = 0; i < np && !nomem; i++) {
			if (cs[i] < o->story_threshold) continue;
			e[ne].a = pairs[i].a;
			e[ne].b = pairs[i].b;
			e[ne].w = cs[i];
			e[ne].kind = 0;
			ne++;
		}
		for (size_t i = 0; i < m && days; i++) days[i] = r->docs[reps[i]].days;
		if (!nomem && (o->story_link == NS_LINK_AVERAGE
		                   ? ns_story_cluster_avg(m, e, ne, o->story_merge, days, o->story_days, &uf)
		                   : ns_story_cluster(v, m, e, ne, o->story_merge, o->story_terms, days, o->story_days, &uf)))
			nomem = 1;
		free(e);
		free(days);
	}
	if (!nomem) {
		/* label = the smallest document index of the story; reps are in
		 * input order so the union-find root is that document */
		for (size_t i = 0; i < m; i++) r->docs[reps[i]].story = reps[ns_uf_find(&uf, (uint32_t)i)];
		for (size_t i = 0; i < n; i++) {
			ns_doc *d = &r->docs[i];
			if (live(d) && d->status == NS_DUPLICATE) d->story = r->docs[d->group].story;
		}
		/* a notice page repeated verbatim is a story of its own everywhere */
		for (size_t i = 0; i < n; i++) {
			ns_doc *d = &r->docs[i];
			if (live(d) && notice[d->group]) d->story = (uint32_t)i;
		}
	}
	for (size_t i = 0; i < m; i++) free(v[i].t);
	free(v);
	free(pairs);
	free(cs);
	ns_uf_free(&uf);
	free(reps);
	free(notice);
	if (nomem) return NS_ERR_NOMEM;
	return collect_stories(r);
}

/* Gather the stories from the documents' labels, in order of their label
 * document. */
static ns_status collect_stories(ns_run *r)
{
	size_t n = r->ndocs;
	uint32_t *slot_of = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!slot_of) return NS_ERR_NOMEM;
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) slot_of[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (live(d) && d->story == i) slot_of[i] = (uint32_t)ns++;
	}
	r->stories = calloc(ns ? ns : 1, sizeof(ns_story));
	if (!r->stories) { free(slot_of); return NS_ERR_NOMEM; }
	r->nstories = ns;
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (!live(d)) continue;
		ns_story *s = &r->stories[slot_of[d->story]];
		s->story = d->story;
		s->nmembers++;
		if (d->status == NS_KEPT) s->narticles++;
	}
	for (size_t k = 0; k < ns; k++) {
		ns_story *s = &r->stories[k];
		s->members = malloc(s->nmembers * sizeof(uint32_t));
		s->articles = malloc((s->narticles ? s->narticles : 1) * sizeof(uint32_t));
		if (!s->members || !s->articles) { free(slot_of); return NS_ERR_NOMEM; }
		s->nmembers = s->narticles = 0;
	}
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (!live(d)) continue;
		ns_story *s = &r->stories[slot_of[d->story]];
		s->members[s->nmembers++] = (uint32_t)i;
		if (d->status == NS_KEPT) s->articles[s->narticles++] = (uint32_t)i;
	}
	free(slot_of);
	r->c.stories = ns;
	for (size_t k = 0; k < ns; k++) r->c.multi_stories += r->stories[k].narticles >= 2;
	return NS_OK;
}

static ns_status summarize_all(ns_run *r)
{
	const ns_options *o = r->o;
	ns_sum_params prm = {o->budget_kind, o->budget, o->redundancy, o->summary_method};
	int nomem = 0;
	uint64_t done = 0;
#pragma omp parallel reduction(|:nomem) reduction(+:done)
	{
		ns_sum_doc *sd = NULL;
		size_t cap = 0;
#pragma omp for schedule(dynamic, 1)
		for (size_t k = 0; k < r->nstories; k++) {
			ns_story *s = &r->stories[k];
			if (s->narticles < 2) continue;
			if (ns_grow((void **)&sd, &cap, s->narticles, sizeof(*sd))) { nomem = 1; continue; }
			for (uint32_t i = 0; i < s->narticles; i++) {
				const ns_doc *d = &r->docs[s->articles[i]];
				sd[i].text = ns_doc_field(r, d, NS_F_TEXT);
				sd[i].len = d->len[NS_F_TEXT];
				sd[i].date = ns_doc_field(r, d, NS_F_DATE);
				sd[i].order = s->articles[i];
			}
			if (ns_summarize(sd, s->narticles, &prm, &s->summary, &s->nsummary)) { nomem = 1; continue; }
			done++;
		}
		free(sd);
	}
	r->c.summaries = done;
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

/* Boilerplate, shingles, exact and near duplicates: the part of a run that
 * `summarize` needs too. */
static ns_status dedup(ns_run *r)
{
	ns_status st;
	if ((st = map_texts(r))) return st;
	/* what stays in memory for every article, against the budget */
	uint64_t held = (uint64_t)r->ndocs * sizeof(ns_doc) + r->ids.len + r->idcap * sizeof(uint32_t) +
	                (uint64_t)r->nocc * sizeof(ns_line_occ);
	if (r->o->memory_budget && held > r->o->memory_budget)
		ns_run_logf(r, NS_LOG_WARN,
		            "--memory-budget %llu bytes is below what %zu articles keep in memory (%llu bytes, about %llu "
		            "each); going on",
		            (unsigned long long)r->o->memory_budget, r->ndocs, (unsigned long long)held,
		            (unsigned long long)(held / (r->ndocs ? r->ndocs : 1)));
	double t0 = ns_now();
	if (r->o->boilerplate && (st = learn_boilerplate(r))) return st;
	release_texts(r);
	double t1 = ns_now();
	r->t[NS_T_BOILER] += t1 - t0;
	if (stopped(r)) return NS_ERR_INTERRUPTED;
	if ((st = shingle_all(r))) return st;
	release_texts(r);
	if (stopped(r)) return NS_ERR_INTERRUPTED;
	ns_uf uf;
	if (ns_uf_init(&uf, r->ndocs)) return NS_ERR_NOMEM;
	double t2 = ns_now();
	st = exact_groups(r, &uf);
	r->t[NS_T_CLUSTER] += ns_now() - t2;
	if (!st) st = near_groups(r, &uf);
	if (!st) {
		double t3 = ns_now();
		assign_groups(r, &uf);
		r->t[NS_T_CLUSTER] += ns_now() - t3;
	}
	ns_uf_free(&uf);
	if (st) return st;
	return stopped(r) ? NS_ERR_INTERRUPTED : NS_OK;
}

ns_status ns_run_process(ns_run *r)
{
	ns_status st = dedup(r);
	if (st) return st;
	double t4 = ns_now();
	if ((st = build_stories(r))) return st;
	release_texts(r);
	if (r->o->dedup_only) return NS_OK;
	double t5 = ns_now();
	r->t[NS_T_STORIES] += t5 - t4;
	if (stopped(r)) return NS_ERR_INTERRUPTED;
	st = summarize_all(r);
	r->t[NS_T_SUMMARY] += ns_now() - t5;
	return st;
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

ns_status ns_run_summarize(ns_run *r, ns_label_fn label_of, void *lud, ns_summary_fn out, void *oud)
{
	ns_status st = dedup(r);
	if (st) return st;
	double t0 = ns_now();
	size_t n = r->ndocs, ng = 0, nl = 0;
	label_group *g = calloc(n ? n : 1, sizeof(label_group));
	uint32_t *all = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!g || !all) { free(g); free(all); return NS_ERR_NOMEM; }
	/* one entry per kept document with its label, sorted to group them */
	for (size_t i = 0; i < n; i++) {
		const ns_doc *d = &r->docs[i];
		if (d->status != NS_KEPT) continue;
		const char *lab = label_of ? label_of(lud, ns_doc_field(r, d, NS_F_ID)) : "";
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
	ns_sum_params prm = {r->o->budget_kind, r->o->budget, r->o->redundancy, r->o->summary_method};
	int nomem = 0;
#pragma omp parallel reduction(|:nomem)
	{
		ns_sum_doc *sd = NULL;
		size_t cap = 0;
#pragma omp for schedule(dynamic, 1)
		for (size_t k = 0; k < nl; k++) {
			label_group *lg = &g[k];
			if (ns_grow((void **)&sd, &cap, lg->n, sizeof(*sd))) { nomem = 1; continue; }
			for (uint32_t i = 0; i < lg->n; i++) {
				const ns_doc *d = &r->docs[lg->docs[i]];
				sd[i].text = ns_doc_field(r, d, NS_F_TEXT);
				sd[i].len = d->len[NS_F_TEXT];
				sd[i].date = ns_doc_field(r, d, NS_F_DATE);
				sd[i].order = lg->docs[i];
			}
			if (ns_summarize(sd, lg->n, &prm, &lg->sum, &lg->nsum)) nomem = 1;
		}
		free(sd);
	}
	ns_run_sentence *ss = NULL;
	size_t sscap = 0;
	for (size_t k = 0; k < nl && !nomem; k++) {
		label_group *lg = &g[k];
		if (ns_grow((void **)&ss, &sscap, lg->nsum + 1, sizeof(*ss))) { nomem = 1; break; }
		for (size_t i = 0; i < lg->nsum; i++) {
			const ns_doc *d = &r->docs[lg->docs[lg->sum[i].doc]];
			ss[i].id = ns_doc_field(r, d, NS_F_ID);
			ss[i].sentence = lg->sum[i].sent;
			ss[i].text = ns_doc_field(r, d, NS_F_TEXT) + lg->sum[i].span.start;
			ss[i].len = lg->sum[i].span.len;
		}
		out(oud, lg->label, ss, lg->nsum);
	}
	for (size_t k = 0; k < nl; k++) free(g[k].sum);
	free(ss);
	free(all);
	free(g);
	r->t[NS_T_SUMMARY] += ns_now() - t0;
	return nomem ? NS_ERR_NOMEM : NS_OK;
}
