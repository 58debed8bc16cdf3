/* newsift — the read stage: input files -> records in the document store.
 *
 * Lines are read serially into a batch (copied into one buffer), then
 * parsed, cleaned and their lines keyed for boilerplate in parallel into
 * slots indexed by batch position, then appended to the store in input
 * order.  Three batches are in flight: one thread reads batch k+1 and
 * another appends batch k-1 while the rest parse batch k, each joining the
 * parse when done.  The messages of appending are queued and logged after
 * the parallel region, in input order.  As a record is appended its fields
 * leave memory (ns_docs_append); the short lines' occurrences stay, for the
 * boilerplate stage.  A "line" is a JSONL line, a CSV or TSV record (a CSV
 * record goes on over the lines of a quoted field; the header is read
 * first) or a whole text file; directories are expanded into their files
 * before anything is read.  An input's first bytes are looked at before
 * its lines: binary data is refused whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "internal.h"
#include "newsift/formats.h"
#include "newsift/html.h"
#include "newsift/ingest.h"

#define NS_SNIFF_BYTES ((size_t)64 << 10) /* an input's first bytes that tell binary data from text */

/* The state of one call of ns_ingest_files. */
typedef struct {
	const ns_ctx *c;
	ns_docs *ds;
	ns_ingest *in;
	size_t batch_bytes;   /* a batch ends after this many bytes of lines */
	ns_logq q;            /* messages of appending, logged in order */
	double t;
	int fmt;              /* the input's format (NS_FMT_*, never AUTO) */
	const ns_table *tab;  /* CSV or TSV: its columns */
	const char *id;       /* text: the id of its one article */
	uint64_t bytes_total; /* the inputs' sizes on disk (0: not known, e.g. standard input) */
	uint64_t bytes_done;  /* ...of the inputs read to the end */
} ingest;

#define NS_CSV_MAX_LINES 100000 /* a quoted CSV field open for longer is cut there (a stray quote) */

static void log_spill_error(ingest *r)
{
	int e = ns_docs_errno(r->ds);
	ns_logq_addf(&r->q, NS_LOG_ERROR, "temporary file in %s: %s", ns_docs_tmp_dir(r->ds), strerror(e ? e : EIO));
}

/* What cleaning did to one record, beyond its fields. */
typedef struct {
	ns_scrub_stats st;      /* built-in lines and metadata removed */
	uint32_t removed;       /* bytes removed with them */
	int date_filled;        /* its empty date came from its text */
	int page;               /* not an article: why (NS_PAGE_*; -1: an article) */
} clean_info;

/* Result of parsing one line of a batch. */
typedef struct {
	ns_doc_info d;
	ns_record rec;     /* its fields, until ns_docs_append spills them */
	char *reason;      /* rejected: why */
	ns_status st;
	const char *note;  /* repair note (static, or notebuf) */
	char notebuf[160];
	char err[200];
	ns_line_occ *occ;  /* boilerplate: the text's short lines... */
	size_t nocc;
	uint64_t *keys;    /* ...and the keys of all its lines */
	size_t nkeys;
	clean_info ci;     /* what cleaning removed or found */
	unsigned fields;   /* parsed: NS_PARSED and a bit per field with a value, before cleaning */
} slot;

#define NS_PARSED (1u << NS_NFIELDS)

/* A parse thread's scratch for cleaning a record. */
typedef struct {
	ns_buf title, text;   /* the cleaned fields */
	ns_buf html, htitle;  /* a page's visible text and <title> */
	ns_buf scrub;         /* the text without metadata or built-in boilerplate */
} clean_tmp;

static void clean_tmp_free(clean_tmp *t)
{
	ns_buf_free(&t->title);
	ns_buf_free(&t->text);
	ns_buf_free(&t->html);
	ns_buf_free(&t->htitle);
	ns_buf_free(&t->scrub);
}

/* The scraped metadata at the start of text (ns_scrub_meta_lines), then
 * the built-in boilerplate lines (ns_scrub_boiler), out of ct->text; a
 * date found fills *date (11 bytes) when the record has none. */
static ns_status scrub_text(const ns_options *o, clean_tmp *ct, int has_date, char *date, clean_info *ci)
{
	size_t before = ct->text.len;
	if (o->metadata_lines) {
		ns_scrub_meta m;
		if (ns_scrub_meta_lines(ct->text.p, ct->text.len, &ct->scrub, &m)) return NS_ERR_NOMEM;
		/* a bare dateline moves into an empty date field; beside a date
		 * the record has, it stays (it is never a summary sentence) */
		if (m.lines && !(has_date && m.lines == m.dates_only)) {
			ns_buf t = ct->text;
			ct->text = ct->scrub;
			ct->scrub = t;
			ci->st.meta += m.lines;
			if (!has_date && m.date[0]) {
				memcpy(date, m.date, sizeof(m.date));
				ci->date_filled = 1;
			}
		}
	}
	if (o->builtin_boilerplate) {
		/* the whole text is copied either way: take the copy */
		if (ns_scrub_boiler(ct->text.p, ct->text.len, &ct->scrub, &ci->st)) return NS_ERR_NOMEM;
		ns_buf t = ct->text;
		ct->text = ct->scrub;
		ct->scrub = t;
	}
	ci->removed = (uint32_t)NS_MIN(before - ct->text.len, (size_t)UINT32_MAX);
	return NS_OK;
}

/* Replace rec's title and text by their cleaned forms (one new allocation).
 * A text that holds HTML is parsed first (ns_html_text); its <title> fills
 * an empty title.  Then scraped metadata and built-in boilerplate lines go
 * (scrub_text), and a page that is not an article is named in ci. */
static ns_status clean_record(const ns_options *o, ns_record *rec, clean_tmp *ct, int *truncated, clean_info *ci)
{
	uint64_t max_bytes = o->max_doc_bytes;
	ns_buf *title = &ct->title, *text = &ct->text;
	*truncated = 0;
	const char *src = rec->f[NS_F_TEXT];
	size_t slen = rec->len[NS_F_TEXT];
	int page = ns_html_detect(src, slen);
	if (page) {
		if (ns_html_text(src, slen, &ct->html, &ct->htitle)) return NS_ERR_NOMEM;
		src = ct->html.p;
		slen = ct->html.len;
	}
	if (page && !rec->len[NS_F_TITLE]) {
		if (ns_clean_text(ct->htitle.p, ct->htitle.len, title)) return NS_ERR_NOMEM;
	} else if (ns_clean_text(rec->f[NS_F_TITLE], rec->len[NS_F_TITLE], title)) {
		return NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < title->len; i++) if (title->p[i] == '\n') title->p[i] = ' ';
	if (ns_clean_text(src, slen, text)) return NS_ERR_NOMEM;
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
	char date[11] = "";
	if (scrub_text(o, ct, rec->len[NS_F_DATE] > 0, date, ci)) return NS_ERR_NOMEM;
	text = &ct->text; /* scrub_text may swap the buffers */
	ci->page = -1;
	if (o->non_articles) {
		ci->page = ns_scrub_page(title->p, title->len, text->p, text->len);
		/* a notice page: nothing but built-in boilerplate lines */
		if (ci->page < 0 && !text->len && ci->removed) ci->page = NS_PAGE_BOILERPLATE;
	}
	const char *datep = date[0] ? date : rec->f[NS_F_DATE];
	size_t datel = date[0] ? strlen(date) : rec->len[NS_F_DATE];
	size_t total = title->len + text->len + datel + 3;
	for (int f = 0; f < NS_NSTORED; f++)
		if (f != NS_F_TITLE && f != NS_F_TEXT && f != NS_F_DATE) total += rec->len[f] + 1;
	char *buf = malloc(total), *p = buf;
	if (!buf) return NS_ERR_NOMEM;
	for (int f = 0; f < NS_NSTORED; f++) {
		const char *s = f == NS_F_TITLE ? title->p : f == NS_F_TEXT ? text->p : f == NS_F_DATE ? datep : rec->f[f];
		size_t n = f == NS_F_TITLE ? title->len : f == NS_F_TEXT ? text->len : f == NS_F_DATE ? datel : rec->len[f];
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
static void fill_batch(ingest *r, ns_reader *rd, batch *b, size_t bs, uint64_t *ln)
{
	b->n = 0;
	b->lines.len = 0;
	memset(&b->info, 0, sizeof(b->info));
	b->eof = 0;
	b->st = NS_OK;
	int text = r->fmt == NS_FMT_TEXT;
	if (text) {
		/* the whole file is one record, line 1 (an empty file too: it
		 * is accounted for as a record with an empty text) */
		b->off[0] = 0;
		b->lno[0] = 1;
	}
	while (text || (b->n < bs && b->lines.len < r->batch_bytes)) {
		if (ns_ctx_stopped(r->c)) { b->st = NS_ERR_INTERRUPTED; return; }
		const char *line;
		size_t l;
		char err[512];
		int k = ns_reader_next(rd, &line, &l, ln, err, sizeof(err));
		if (k == 1 && text) {
			b->info.bytes += l + 1;
			if ((*ln > 1 && ns_buf_put(&b->lines, "\n", 1)) || ns_buf_put(&b->lines, line, l)) {
				b->st = NS_ERR_NOMEM;
				return;
			}
			continue;
		}
		if (k == 1) {
			b->info.bytes += l + 1;
			size_t i = 0;
			while (i < l && (line[i] == ' ' || line[i] == '\t')) i++;
			if (i == l) { b->info.blank++; continue; }
			b->off[b->n] = b->lines.len;
			b->len[b->n] = l;
			b->lno[b->n] = *ln;
			if (ns_buf_put(&b->lines, line, l)) { b->st = NS_ERR_NOMEM; return; }
			/* a CSV record goes on while a quoted field is open: its
			 * line number is the line where it starts */
			int open = r->fmt == NS_FMT_CSV ? ns_csv_open_after(line, l, 0) : 0;
			for (uint32_t more = 0; open && more < NS_CSV_MAX_LINES; more++) {
				k = ns_reader_next(rd, &line, &l, ln, err, sizeof(err));
				if (k != 1) break;
				b->info.bytes += l + 1;
				if (ns_buf_put(&b->lines, "\n", 1) || ns_buf_put(&b->lines, line, l)) { b->st = NS_ERR_NOMEM; return; }
				open = ns_csv_open_after(line, l, open);
			}
			b->len[b->n] = b->lines.len - b->off[b->n];
			if (ns_buf_put(&b->lines, "", 1)) { b->st = NS_ERR_NOMEM; return; }
			b->n++;
			if (k == 1) continue;
			if (k == 0) { b->eof = 1; return; }
		}
		if (k == NS_ERR_IO) {
			/* the reader reports once, then ends */
			b->info.ioerr = 1;
			b->info.ioerr_line = *ln;
			snprintf(b->info.ioerr_msg, sizeof(b->info.ioerr_msg), "%s", err);
			if (text) break; /* the reader ends after reporting */
		} else if (k < 0) {
			b->st = (ns_status)k;
			return;
		} else {
			b->eof = 1;
			break;
		}
	}
	if (text) {
		b->len[0] = b->lines.len;
		b->n = 1;
		b->eof = 1;
		if (ns_buf_put(&b->lines, "", 1)) b->st = NS_ERR_NOMEM;
	}
}

/* Account for a batch's reading (counts, its read error) before its
 * records are appended: the same place in the log as when it was read. */
static void batch_log(ingest *r, const char *path, const batch_info *b)
{
	r->in->bytes += b->bytes;
	r->in->blank_lines += b->blank;
	if (b->ioerr) {
		ns_logq_addf(&r->q, NS_LOG_ERROR, "%s: read error after line %llu: %s", path, (unsigned long long)b->ioerr_line,
		            b->ioerr_msg);
		r->in->input_errors++;
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

/* The date of a record as a time and a day: any form ns_date_parse
 * knows, else a leading YYYY-MM-DD (midnight UTC). */
static void record_time(ns_doc_info *d, const char *date, size_t n)
{
	d->time = date ? ns_date_parse(date, n) : INT64_MIN;
	if (d->time != INT64_MIN) {
		int64_t day = d->time >= 0 ? d->time / 86400 : -((-d->time + 86399) / 86400);
		d->days = (int32_t)day;
		return;
	}
	d->days = ns_date_days(date ? date : "");
	if (d->days != INT32_MIN) d->time = (int64_t)d->days * 86400;
}

/* Append a parsed batch to the run in input order (serial): ids checked,
 * rejections logged, fields spilled.  Frees pb either way. */
static ns_status append_batch(ingest *r, uint32_t file, const char *path, parsed *pb)
{
	const ns_options *o = r->c->o;
	slot *s = pb->s;
	size_t n = pb->n;
	ns_status ret = NS_OK;
	batch_log(r, path, &pb->info);
	for (size_t i = 0; i < n; i++) {
		slot *q = &s[i];
		if (ret) { ns_record_free(&q->rec); continue; }
		r->in->read++;
		if (q->fields) {
			r->in->parsed++;
			for (int f = 0; f < NS_NFIELDS; f++) r->in->with_field[f] += (q->fields >> f) & 1;
		}
		record_time(&q->d, q->rec.f[NS_F_DATE], q->rec.len[NS_F_DATE]);
		q->d.removed = q->ci.removed;
		if (q->ci.page >= 0) {
			r->in->non_articles[q->ci.page]++;
		} else {
			r->in->scrub.meta += q->ci.st.meta;
			for (int k = 0; k < NS_SCRUB_NKINDS; k++) r->in->scrub.removed[k] += q->ci.st.removed[k];
			r->in->date_filled += (uint64_t)q->ci.date_filled;
		}
		/* an id an earlier record has (rejected or not) names this one
		 * by its place instead, so that ids in the outputs stay unique */
		int repeated = 0;
		if (q->rec.buf && q->rec.len[NS_F_ID]) {
			uint32_t first;
			repeated = ns_docs_find_id(r->ds, q->rec.f[NS_F_ID], q->rec.len[NS_F_ID], &first);
			if (repeated && !q->st && ns_docs_info(r->ds, first)->rejected) {
				/* a usable record takes the id from the rejected one before
				 * it, which is named by its place */
				const ns_doc_info *f = ns_docs_info(r->ds, first);
				char id[64];
				int idl = snprintf(id, sizeof(id), "%s:%llu", ns_docs_input(r->ds, f->file), (unsigned long long)f->line);
				if (ns_docs_rename(r->ds, first, id, (size_t)idl < sizeof(id) ? (size_t)idl : sizeof(id) - 1)) {
					ret = NS_ERR_NOMEM;
					ns_record_free(&q->rec);
					continue;
				}
				repeated = 0;
			}
			if (repeated && !q->st) {
				const ns_doc_info *f = ns_docs_info(r->ds, first);
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "duplicate id \"%.60s\" (first at %s:%llu)", q->rec.f[NS_F_ID],
				         ns_docs_input(r->ds, f->file), (unsigned long long)f->line);
			}
		}
		if (q->st) {
			size_t need = strlen(q->err) + strlen(path) + 40;
			q->d.rejected = 1;
			q->reason = malloc(need);
			if (!q->reason) { ret = NS_ERR_NOMEM; ns_record_free(&q->rec); continue; }
			snprintf(q->reason, need, "%s (%s:%llu)", q->err, path, (unsigned long long)q->d.line);
			ns_logq_addf(&r->q, NS_LOG_WARN, "%s:%llu: rejected: %s", path, (unsigned long long)q->d.line, q->err);
			r->in->rejected++;
			/* a record without an id of its own (it never parsed, has
			 * none, or repeats one): name it by its place */
			if (!q->rec.buf || q->rec.len[NS_F_ID] == 0 || repeated) {
				ns_record_free(&q->rec);
				char id[64];
				int idl = snprintf(id, sizeof(id), "%s:%llu", path, (unsigned long long)q->d.line);
				size_t l = (size_t)idl < sizeof(id) ? (size_t)idl : sizeof(id) - 1;
				q->rec.buf = calloc(l + NS_NSTORED + 1, 1);
				if (!q->rec.buf) { ret = NS_ERR_NOMEM; free(q->reason); q->reason = NULL; continue; }
				snprintf(q->rec.buf, l + 1, "%s", id);
				q->rec.f[NS_F_ID] = q->rec.buf;
				q->rec.len[NS_F_ID] = (uint32_t)l;
				for (int f = 1; f < NS_NSTORED; f++) { q->rec.f[f] = q->rec.buf + l + f; q->rec.len[f] = 0; }
			}
		} else if (q->note) {
			q->d.repaired = 1;
			r->in->repaired++;
			ns_logq_addf(&r->q, NS_LOG_WARN, "%s:%llu: %s", path, (unsigned long long)q->d.line, q->note);
		}
		if (!q->st && q->nocc) {
			if (ns_grow((void **)&r->in->occ, &r->in->occcap, r->in->nocc + q->nocc, sizeof(ns_line_occ))) {
				ret = NS_ERR_NOMEM;
				ns_record_free(&q->rec);
				free(q->reason);
				q->reason = NULL;
				continue;
			}
			memcpy(r->in->occ + r->in->nocc, q->occ, q->nocc * sizeof(ns_line_occ));
			r->in->nocc += q->nocc;
		}
		q->d.file = file;
		ns_status ast = ns_docs_append(r->ds, &q->d, &q->rec, q->reason, q->st ? NULL : q->keys, q->st ? 0 : q->nkeys);
		q->reason = NULL;
		if (ast == NS_ERR_IO) log_spill_error(r);
		if (ast) { ret = ast; continue; }
		if (q->st && o->strict) {
			ret = NS_ERR_STRICT; /* the rest of the batch is not part of the run */
			break;
		}
	}
	parsed_free(pb); /* appended records were freed (zeroed) by ns_docs_append; the rest go here */
	return ret;
}

/* Parse and clean batch b in parallel into *out, its records numbered
 * from base.  Beside the parse, one thread reads the next batch into nb
 * (when nb is not NULL) and another appends the batch parsed before (prev,
 * when not NULL; its status in *prev_st); each joins the parse when done. */
static ns_status parse_batch(ingest *r, uint32_t file, const char *path, const batch *b, size_t base, ns_reader *rd,
                             batch *nb, size_t bs, uint64_t *ln, parsed *prev, ns_status *prev_st, parsed *out)
{
	const ns_options *o = r->c->o;
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
#pragma omp parallel num_threads(r->c->threads) reduction(|:nomem)
	{
		/* reading and appending are serial: one thread fills the next
		 * batch, another appends the last one, the others start on this
		 * one, and each joins them when done */
#pragma omp single nowait
		if (nb) fill_batch(r, rd, nb, bs, ln);
#pragma omp single nowait
		if (prev) pst = append_batch(r, file, path, prev);
		ns_parser *p = ns_parser_create(o);
		clean_tmp ct = {0};
		ns_tokens tok = {0};
		if (!p) nomem = 1;
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; i++) {
			if (!p) continue;
			slot *q = &s[i];
			q->d.line = lineno[i];
			q->ci.page = -1; /* set by cleaning; a record that does not parse is no page */
			if (r->fmt == NS_FMT_CSV || r->fmt == NS_FMT_TSV)
				q->st = ns_table_parse(r->tab, lines + off[i], len[i], &q->rec, &q->note, q->err, sizeof(q->err));
			else if (r->fmt == NS_FMT_TEXT)
				q->st = ns_text_parse(r->id, strlen(r->id), lines + off[i], len[i], &q->rec, &q->note, q->err,
				                      sizeof(q->err));
			else
				q->st = ns_parser_parse(p, lines + off[i], len[i], &q->rec, &q->note, q->err, sizeof(q->err));
			if (q->st == NS_ERR_NOMEM) { nomem = 1; continue; }
			if (q->note) { /* the parser's note lives until its next record */
				snprintf(q->notebuf, sizeof(q->notebuf), "%s", q->note);
				q->note = q->notebuf;
			}
			if (q->st) continue;
			q->fields = NS_PARSED;
			for (int f = 0; f < NS_NFIELDS; f++) q->fields |= (unsigned)(q->rec.len[f] > 0) << f;
			q->d.numeric = q->rec.numeric;
			int trunc;
			if (clean_record(o, &q->rec, &ct, &trunc, &q->ci)) { nomem = 1; q->st = NS_ERR_NOMEM; continue; }
			if (trunc && !q->note) q->note = "text truncated to --max-doc-bytes";
			if (q->rec.len[NS_F_ID] == 0) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "missing id (field \"%s\")", o->field_id);
			} else if (q->rec.len[NS_F_TEXT] == 0 && q->ci.page < 0) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "empty text (field \"%s\")", o->field_text);
			} else if (q->ci.page >= 0) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "not an article: %s", ns_scrub_page_name(q->ci.page));
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
		clean_tmp_free(&ct);
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

/* The columns of a CSV or TSV input from its first non-blank line (*ln
 * its number): *tab, NULL for an empty input or one whose reading failed
 * (logged and counted). */
static ns_status read_header(ingest *r, const char *path, ns_reader *rd, uint64_t *ln, ns_table **tab)
{
	*tab = NULL;
	for (;;) {
		if (ns_ctx_stopped(r->c)) return NS_ERR_INTERRUPTED;
		const char *line;
		size_t l;
		char err[512];
		int k = ns_reader_next(rd, &line, &l, ln, err, sizeof(err));
		if (k == 0) return NS_OK;
		if (k == NS_ERR_IO) {
			ns_ctx_logf(r->c, NS_LOG_ERROR, "%s: read error after line %llu: %s", path, (unsigned long long)*ln, err);
			r->in->input_errors++;
			return NS_OK;
		}
		if (k < 0) return (ns_status)k;
		r->in->bytes += l + 1;
		size_t i = 0;
		while (i < l && (line[i] == ' ' || line[i] == '\t')) i++;
		if (i == l) { r->in->blank_lines++; continue; }
		unsigned missing;
		ns_status st = ns_table_create(tab, r->fmt, line, l, r->c->o, &missing, err, sizeof(err));
		if (st == NS_ERR_FORMAT) {
			ns_ctx_logf(r->c, NS_LOG_ERROR, "%s:%llu: header: %s", path, (unsigned long long)*ln, err);
			r->in->input_errors++;
			return NS_OK;
		}
		if (st) return st;
		/* without these columns every record is rejected: say why once */
		const char *need[] = {r->c->o->field_id, r->c->o->field_text};
		int nf[] = {NS_F_ID, NS_F_TEXT};
		for (int j = 0; j < 2; j++)
			if (missing & (1u << nf[j]))
				ns_ctx_logf(r->c, NS_LOG_WARN, "%s:%llu: the header has no column \"%s\"", path, (unsigned long long)*ln,
				            need[j]);
		return NS_OK;
	}
}

/* One input to read: a file or standard input, or a file of a directory
 * (then id is its path under the directory), or a directory that could not
 * be listed (err says why). */
typedef struct {
	char *path, *id, *err;
	int fmt;
} input;

/* Read one input through rd, which the caller opened (NULL when that
 * failed: ost and oerr say why). */
static ns_status read_input(ingest *r, const input *inp, ns_reader *rd, ns_status ost, const char *oerr)
{
	const char *path = inp->path;
	double t0 = ns_now();
	/* keep every input name: documents refer to them by index */
	uint32_t file;
	if (ns_docs_add_input(r->ds, path, &file)) return NS_ERR_NOMEM;
	if (ost == NS_ERR_NOMEM) return ost;
	if (ost) {
		ns_ctx_logf(r->c, NS_LOG_ERROR, "%s", oerr);
		r->in->input_errors++;
		r->t += ns_now() - t0;
		return NS_OK;
	}
	/* a file of no known format is refused whole: not thousands of
	 * rejected "lines" */
	const char *head;
	size_t hn;
	int pk;
	while ((pk = ns_reader_peek(rd, &head, &hn, NS_SNIFF_BYTES)) == NS_ERR_INTERRUPTED && !ns_ctx_stopped(r->c)) {}
	if (pk) { r->t += ns_now() - t0; return (ns_status)pk; }
	if (ns_looks_binary(head, hn)) {
		ns_ctx_logf(r->c, NS_LOG_ERROR, "%s: binary data, not JSONL, CSV, TSV or text", path);
		r->in->input_errors++;
		r->t += ns_now() - t0;
		return NS_OK;
	}
	r->fmt = inp->fmt;
	r->id = inp->id ? inp->id : path;
	uint64_t ln = 0;
	ns_table *tab = NULL;
	if (r->fmt == NS_FMT_CSV || r->fmt == NS_FMT_TSV) {
		ns_status hst = read_header(r, path, rd, &ln, &tab);
		if (hst || !tab) { r->t += ns_now() - t0; return hst; }
	}
	r->tab = tab;
	/* a pipeline of three: batch k+1 is read while batch k is parsed and
	 * batch k-1 appended; two batch buffers, since a parsed batch owns its
	 * records and no longer needs its lines */
	size_t bs = r->c->o->batch_size;
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
		size_t base = ns_docs_count(r->ds) + (have ? pend.n : 0);
		st = parse_batch(r, file, path, b, base, rd, b->eof ? NULL : nb, bs, &ln, have ? &pend : NULL, &ast, &cp);
		have = 0;
		if (!st && ast) { parsed_free(&cp); st = ast; }
		if (!st) st = ns_logq_flush(&r->q, r->c);
		if (st) break;
		/* the records to come, estimated from the input bytes read so far */
		uint64_t now = r->bytes_done + ns_reader_bytes_out(rd), total = 0;
		if (r->bytes_total && now && now < r->bytes_total)
			total = (uint64_t)((double)r->in->read * ((double)r->bytes_total / (double)now));
		ns_ctx_progress(r->c, "read", r->in->read, total);
		pend = cp;
		have = 1;
		if (b->eof) break;
		cur ^= 1;
	}
	if (have) st = append_batch(r, file, path, &pend);
	ns_status lst = ns_logq_flush(&r->q, r->c);
	if (!st) st = lst;
	batch_free(&bb[0]);
	batch_free(&bb[1]);
	ns_table_destroy(tab);
	r->tab = NULL;
	r->t += ns_now() - t0;
	return st;
}

static void inputs_free(input *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].id);
		free(v[i].err);
	}
	free(v);
}

static char *dup_or_null(const char *s, int *nomem)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d) *nomem = 1;
	return d;
}

/* The inputs of paths: a directory becomes its files (text articles, in
 * the byte order of their paths under it), each file gets its format. */
static ns_status list_inputs(const ns_options *o, const char *const *paths, size_t n, input **out, size_t *nout)
{
	input *v = NULL;
	size_t nv = 0, cap = 0;
	int nomem = 0;
	for (size_t i = 0; i < n && !nomem; i++) {
		struct stat sb;
		char **rel = NULL;
		size_t nrel = 0;
		char err[600] = "";
		int isdir = strcmp(paths[i], "-") && stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode);
		ns_status st = isdir ? ns_dir_list(paths[i], &rel, &nrel, err, sizeof(err)) : NS_OK;
		if (st == NS_ERR_NOMEM) { nomem = 1; break; }
		if (isdir && !st && nrel == 0) {
			/* nothing to read where articles were expected: an error */
			snprintf(err, sizeof(err), "%s: no files in the directory", paths[i]);
			st = NS_ERR_OPEN;
		}
		size_t add = isdir && !st ? nrel : 1;
		if (ns_grow((void **)&v, &cap, nv + add, sizeof(input))) {
			nomem = 1;
		} else if (!isdir || st) {
			input *e = &v[nv++];
			memset(e, 0, sizeof(*e));
			e->path = dup_or_null(paths[i], &nomem);
			e->fmt = ns_format_of(paths[i], o->input_format);
			if (st) e->err = dup_or_null(err, &nomem);
			/* a text file given by name: its id is its path as given */
			if (e->fmt == NS_FMT_TEXT) e->id = dup_or_null(paths[i], &nomem);
		} else {
			size_t dl = strlen(paths[i]);
			while (dl > 1 && paths[i][dl - 1] == '/') dl--;
			for (size_t k = 0; k < nrel && !nomem; k++) {
				input *e = &v[nv++];
				memset(e, 0, sizeof(*e));
				size_t pl = dl + strlen(rel[k]) + 2;
				if (!(e->path = malloc(pl))) { nomem = 1; break; }
				snprintf(e->path, pl, "%.*s/%s", (int)dl, paths[i], rel[k]);
				e->id = dup_or_null(rel[k], &nomem);
				e->fmt = NS_FMT_TEXT;
			}
		}
		for (size_t k = 0; k < nrel; k++) free(rel[k]);
		free(rel);
	}
	if (nomem) { inputs_free(v, nv); return NS_ERR_NOMEM; }
	*out = v;
	*nout = nv;
	return NS_OK;
}

#define NS_AHEAD_FILES 2                  /* inputs opened ahead of the one being read */
#define NS_AHEAD_BYTES ((size_t)16 << 20) /* bytes each input is read and inflated ahead */
#define NS_AHEAD_MIN_THREADS 3            /* threads from which inputs are read ahead */

ns_status ns_ingest_files(const ns_ctx *c, ns_docs *ds, ns_ingest *in, const char *const *paths, size_t n,
                          size_t batch_bytes, ns_times *tm)
{
	ingest ig = {c, ds, in, batch_bytes, {0}, 0, NS_FMT_JSONL, NULL, NULL, 0, 0}, *r = &ig;
	input *inp;
	size_t ninp;
	if (list_inputs(c->o, paths, n, &inp, &ninp)) return NS_ERR_NOMEM;
	n = ninp;
	/* With several inputs and NS_AHEAD_MIN_THREADS threads or more, every
	 * regular file is read and inflated by a thread of its own, up to
	 * NS_AHEAD_BYTES ahead, and the next NS_AHEAD_FILES inputs are opened
	 * (and start inflating) while one is read: gzip input is not inflated
	 * by one thread at a time.  With fewer threads the parallel loop's reading
	 * thread inflates between parsing, which measured faster on 2 cores
	 * (results/libs.md).  The lines are the same either way. */
	int nt = c->threads;
	size_t ahead = nt >= NS_AHEAD_MIN_THREADS && n >= 2 ? NS_AHEAD_BYTES : 0, files = ahead ? NS_AHEAD_FILES : 0;
	if (ahead && r->c->o->memory_budget) ahead = (size_t)NS_MIN((uint64_t)ahead, NS_MAX(r->c->o->memory_budget / 64, (uint64_t)1 << 20));
	enum { SLOTS = NS_AHEAD_FILES + 1 };
	ns_reader *rd[SLOTS] = {0};
	ns_status ost[SLOTS] = {0};
	char err[SLOTS][512];
	size_t opened = 0;
	ns_status st = NS_OK;
	/* the inputs' sizes, for the progress reports' estimate of what is to come */
	uint64_t *size = calloc(n ? n : 1, sizeof(uint64_t));
	if (!size) st = NS_ERR_NOMEM;
	for (size_t i = 0; i < n && !st; i++) {
		struct stat sb;
		if (strcmp(inp[i].path, "-") && !stat(inp[i].path, &sb) && S_ISREG(sb.st_mode)) size[i] = (uint64_t)sb.st_size;
		else { r->bytes_total = 0; break; }
		r->bytes_total += size[i];
	}
	for (size_t i = 0; i < n && !st; i++) {
		for (; opened < n && opened <= i + files; opened++) {
			size_t k = opened % SLOTS;
			err[k][0] = 0;
			if (inp[opened].err) {
				rd[k] = NULL;
				ost[k] = NS_ERR_OPEN;
				snprintf(err[k], sizeof(err[k]), "%s", inp[opened].err);
			} else {
				ost[k] = ns_reader_open_ahead(&rd[k], inp[opened].path, ahead, err[k], sizeof(err[k]));
			}
		}
		size_t k = i % SLOTS;
		st = read_input(r, &inp[i], rd[k], ost[k], err[k]);
		r->bytes_done += size[i];
		ns_reader_close(rd[k]);
		rd[k] = NULL;
	}
	free(size);
	for (size_t k = 0; k < SLOTS; k++) ns_reader_close(rd[k]);
	inputs_free(inp, ninp);
	ns_logq_free(&r->q);
	if (tm) tm->t[NS_T_READ] += r->t;
	return st;
}

void ns_ingest_free(ns_ingest *in)
{
	free(in->occ);
	in->occ = NULL;
	in->nocc = in->occcap = 0;
}

