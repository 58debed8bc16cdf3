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
 * first), a whole text file or web page, or a WARC record (framed by its
 * Content-Length; its offset stands for a line number); directories are
 * expanded into their files before anything is read.  An input's first
 * bytes are looked at before its lines: binary data is refused whole (a
 * WARC file excepted: its records are framed, binary payloads skipped).
 * A record whose text is a web page (by its source, or detected) gives
 * its article, or all its visible text (ns_extract_page). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "newsift/formats.h"
#include "newsift/extract.h"
#include "newsift/html.h"
#include "newsift/ingest.h"
#include "newsift/warc.h"
#include "vfile.h"

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
	/* reading a part (ns_ingest_pack): parsed batches go to the sink, not the store */
	ns_ingest_sink sink;
	void *sud;
	ns_status sink_st;    /* the sink's first failure */
	int keep;             /* ...and appended to the store too, silently: the merge logs and counts them */
	int parts;            /* reading a part of a plan: an input that cannot be opened is fatal */
	int cont;             /* the input is a range after its first: no binary check, and its input... */
	uint32_t file;        /* ...is this one of the store (when reading into it) */
	uint64_t line_base;   /* lines of the input before this range */
	char *fail;           /* why an input of the part could not be read (errlen bytes) */
	size_t faillen;
	uint64_t last_line;   /* the last line number of the input read last */
} ingest;

#define NS_CSV_MAX_LINES 100000 /* a quoted CSV field open for longer is cut there (a stray quote) */
#define NS_WARC_MAX_RECORD ((uint64_t)256 << 20) /* a WARC record longer is skipped and rejected */
#define NS_WARC_MAX_PAGE ((size_t)64 << 20)      /* a page longer after decoding is rejected */

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
	int from;               /* a web page: where its text came from (NS_BODY_*; 0: not a page) */
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
	ns_page pg;           /* a web page's parts */
	ns_buf scrub;         /* the text without metadata or built-in boilerplate */
} clean_tmp;

static void clean_tmp_free(clean_tmp *t)
{
	ns_buf_free(&t->title);
	ns_buf_free(&t->text);
	ns_page_free(&t->pg);
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

/* Does the JSON text of members e[0..n) (NS_F_EXTRA) have member key? */
static int has_member(const char *e, size_t n, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = e, *end = e + n; (p = memchr(p, '"', (size_t)(end - p))) != NULL; p++) {
		if ((size_t)(end - p) < k + 2 || memcmp(p + 1, key, k) || p[k + 1] != '"') continue;
		const char *q = p + k + 2;
		while (q < end && (*q == ' ' || *q == '\t')) q++;
		if (q < end && *q == ':') return 1;
	}
	return 0;
}

/* The page's author and language as members of rec's other fields, where
 * the record has none of its own: into ct->scrub (the new NS_F_EXTRA). */
static ns_status page_members(const ns_record *rec, const ns_page *pg, ns_buf *out, int *added)
{
	const char *keys[] = {"author", "lang"};
	const ns_buf *vals[] = {&pg->author, &pg->lang};
	out->len = 0;
	*added = 0;
	if (ns_buf_put(out, rec->f[NS_F_EXTRA], rec->len[NS_F_EXTRA])) return NS_ERR_NOMEM;
	for (int i = 0; i < 2; i++) {
		if (!vals[i]->len || has_member(rec->f[NS_F_EXTRA], rec->len[NS_F_EXTRA], keys[i])) continue;
		if ((out->len && ns_buf_put(out, ", ", 2)) || ns_json_str(out, keys[i], strlen(keys[i])) ||
		    ns_buf_put(out, ": ", 2) || ns_json_str(out, vals[i]->p, vals[i]->len))
			return NS_ERR_NOMEM;
		*added = 1;
	}
	return NS_OK;
}

/* Replace rec's title and text by their cleaned forms (one new allocation).
 * A text that is a web page (by its source, or detected) gives its article
 * or all its visible text (ns_extract_page, by the options); the page's
 * title fills an empty title, its date an empty or stand-in date, its
 * author and language join the other fields.  Then scraped metadata and
 * built-in boilerplate lines go (scrub_text), and a page that is not an
 * article is named in ci. */
static ns_status clean_record(const ns_options *o, ns_record *rec, clean_tmp *ct, int *truncated, clean_info *ci)
{
	uint64_t max_bytes = o->max_doc_bytes;
	ns_buf *title = &ct->title, *text = &ct->text;
	*truncated = 0;
	const char *src = rec->f[NS_F_TEXT];
	size_t slen = rec->len[NS_F_TEXT];
	const char *rdate = rec->f[NS_F_DATE], *extra = rec->f[NS_F_EXTRA];
	size_t rdatel = rec->len[NS_F_DATE], extral = rec->len[NS_F_EXTRA];
	int stand_in = (rec->fallback >> NS_F_DATE) & 1;
	ns_buf extra_buf = {0};
	int page = rec->page || ns_html_detect(src, slen);
	ci->from = 0;
	if (page) {
		ns_page *pg = &ct->pg;
		if (ns_extract_page(src, slen, (ns_extract_mode)o->extract, pg)) return NS_ERR_NOMEM;
		src = pg->text.p;
		slen = pg->text.len;
		ci->from = pg->from;
		if (pg->date.len && (!rdatel || stand_in)) {
			rdate = pg->date.p;
			rdatel = pg->date.len;
			stand_in = 0;
		}
		int added;
		if (page_members(rec, pg, &ct->scrub, &added)) return NS_ERR_NOMEM;
		if (added) {
			/* ct->scrub is reused by scrub_text: the members move out */
			extra_buf = ct->scrub;
			memset(&ct->scrub, 0, sizeof(ct->scrub));
			extra = extra_buf.p;
			extral = extra_buf.len;
		}
	}
	if (page && !rec->len[NS_F_TITLE]) {
		if (ns_clean_text(ct->pg.title.p, ct->pg.title.len, title)) goto nomem;
	} else if (ns_clean_text(rec->f[NS_F_TITLE], rec->len[NS_F_TITLE], title)) {
		goto nomem;
	}
	for (size_t i = 0; i < title->len; i++) if (title->p[i] == '\n') title->p[i] = ' ';
	if (ns_clean_text(src, slen, text)) goto nomem;
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
	if (scrub_text(o, ct, rdatel > 0 && !stand_in, date, ci)) goto nomem;
	text = &ct->text; /* scrub_text may swap the buffers */
	ci->page = -1;
	if (o->non_articles) {
		ci->page = ns_scrub_page(title->p, title->len, text->p, text->len);
		/* a notice page: nothing but built-in boilerplate lines */
		if (ci->page < 0 && !text->len && ci->removed) ci->page = NS_PAGE_BOILERPLATE;
	}
	const char *datep = date[0] ? date : rdate;
	size_t datel = date[0] ? strlen(date) : rdatel;
	size_t total = title->len + text->len + datel + extral + 4;
	for (int f = 0; f < NS_NSTORED; f++)
		if (f != NS_F_TITLE && f != NS_F_TEXT && f != NS_F_DATE && f != NS_F_EXTRA) total += rec->len[f] + 1;
	char *buf = malloc(total), *p = buf;
	if (!buf) goto nomem;
	for (int f = 0; f < NS_NSTORED; f++) {
		const char *s = f == NS_F_TITLE ? title->p : f == NS_F_TEXT ? text->p : f == NS_F_DATE ? datep
		              : f == NS_F_EXTRA ? extra : rec->f[f];
		size_t n = f == NS_F_TITLE ? title->len : f == NS_F_TEXT ? text->len : f == NS_F_DATE ? datel
		         : f == NS_F_EXTRA ? extral : rec->len[f];
		if (n) memcpy(p, s, n);
		p[n] = 0;
		rec->f[f] = p;
		rec->len[f] = (uint32_t)n;
		p += n + 1;
	}
	free(rec->buf);
	rec->buf = buf;
	ns_buf_free(&extra_buf);
	return NS_OK;
nomem:
	ns_buf_free(&extra_buf);
	return NS_ERR_NOMEM;
}

/* What reading a batch met: counts and a read error, applied and logged
 * when the batch is appended, so they keep their place in the run's log. */
typedef struct {
	uint64_t bytes, blank;
	uint64_t warc[NS_WARC_NTYPES]; /* WARC records met, by type */
	int ioerr;            /* a read error came after these lines */
	uint64_t ioerr_line;
	char ioerr_msg[512];
} batch_info;

/* A batch of input lines, copied out of the reader. */
typedef struct {
	ns_buf lines;
	size_t *off, *len;
	uint64_t *lno;
	unsigned char *bad;   /* a WARC input: 1 when the entry is not a record but why it could not be read */
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

static ns_status pack_batch(ingest *r, parsed *pb);
static void parsed_free(parsed *pb);
static ns_status append_batch(ingest *r, uint32_t file, const char *path, parsed *pb);

/* A parsed batch to the store (in input order), or packed into the sink
 * when reading a part (and kept in the store too when asked); frees it
 * either way. */
static ns_status take_batch(ingest *r, uint32_t file, const char *path, parsed *pb)
{
	if (!r->sink) return append_batch(r, file, path, pb);
	ns_status st = pack_batch(r, pb);
	if (!st && r->keep) return append_batch(r, file, path, pb);
	parsed_free(pb);
	return st;
}

/* The next entry of a WARC batch: bytes p[0..n) at offset off, a record
 * (bad 0) or the reason one could not be read (bad 1). */
static int warc_entry(batch *b, const char *p, size_t n, uint64_t off, int bad)
{
	b->off[b->n] = b->lines.len;
	b->len[b->n] = n;
	b->lno[b->n] = off;
	b->bad[b->n] = (unsigned char)bad;
	if (ns_buf_put(&b->lines, p, n) || ns_buf_put(&b->lines, "", 1)) { b->st = NS_ERR_NOMEM; return -1; }
	b->n++;
	return 0;
}

static int warc_bad(batch *b, uint64_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int warc_bad(batch *b, uint64_t off, const char *fmt, ...)
{
	char m[300];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	return warc_entry(b, m, k < 0 ? 0 : (size_t)k < sizeof(m) ? (size_t)k : sizeof(m) - 1, off, 1);
}

/* Peek at least want bytes (fewer at the end of input); 0, or the status
 * to stop with (b->st set). */
static int warc_peek(ingest *r, ns_reader *rd, batch *b, size_t want, const char **p, size_t *n)
{
	int k;
	while ((k = ns_reader_peek(rd, p, n, want)) == NS_ERR_INTERRUPTED && !ns_ctx_stopped(r->c)) {}
	if (k) b->st = (ns_status)k;
	return k;
}

/* Consume len bytes (a record skipped) without holding them; the bytes
 * there were, which fall short of len at the end of input. */
static uint64_t warc_skip(ingest *r, ns_reader *rd, batch *b, uint64_t len)
{
	uint64_t done = 0;
	while (done < len) {
		const char *p;
		size_t n;
		if (warc_peek(r, rd, b, (size_t)NS_MIN(len - done, (uint64_t)1 << 20), &p, &n) || n == 0) break;
		ns_reader_skip(rd, n);
		done += n;
	}
	b->info.bytes += done;
	return done;
}

/* After a record that does not frame, the next version line: bytes up to
 * it are skipped. */
static void warc_resync(ingest *r, ns_reader *rd, batch *b)
{
	for (;;) {
		const char *p;
		size_t n, want = (size_t)1 << 20;
		if (warc_peek(r, rd, b, want, &p, &n) || n <= 1) {
			if (n) { ns_reader_skip(rd, n); b->info.bytes += n; }
			return;
		}
		size_t at = ns_warc_resync(p, n); /* never 0: the next record, not this one */
		if (at < n || n < want) {
			ns_reader_skip(rd, at);
			b->info.bytes += at;
			return;
		}
		/* keep a tail: a version line may be cut at the end of the peek */
		ns_reader_skip(rd, n - 16);
		b->info.bytes += n - 16;
	}
}

/* Fill b with up to bs WARC entries: the response and resource records
 * whole, the other records counted and skipped, and an entry of its own
 * for each record that cannot be read (a header that does not parse, a
 * record cut short, one over NS_WARC_MAX_RECORD bytes) at its offset. */
static void fill_warc(ingest *r, ns_reader *rd, batch *b, size_t bs, uint64_t *ln)
{
	while (b->n < bs && b->lines.len < r->batch_bytes) {
		if (ns_ctx_stopped(r->c)) { b->st = NS_ERR_INTERRUPTED; return; }
		const char *p;
		size_t n;
		if (warc_peek(r, rd, b, 4096, &p, &n)) return;
		size_t k = 0;
		while (k < n && (p[k] == '\r' || p[k] == '\n')) k++;
		if (k) { /* the line ends between records */
			ns_reader_skip(rd, k);
			b->info.bytes += k;
			continue;
		}
		uint64_t off = ns_reader_offset(rd);
		*ln = off;
		if (n == 0) break;
		ns_warc_head h;
		char err[256];
		int hr;
		size_t want = 8192;
		for (;;) {
			if (warc_peek(r, rd, b, want, &p, &n)) return;
			hr = ns_warc_head_parse(p, n, &h, err, sizeof(err));
			if (hr != 0 || n < want) break;
			want *= 2;
		}
		if (hr == 0) {
			if (warc_bad(b, off, "truncated WARC record: the input ends in its header (offset %llu)",
			             (unsigned long long)off))
				return;
			warc_skip(r, rd, b, n);
			break;
		}
		if (hr < 0) {
			if (warc_bad(b, off, "malformed WARC record at offset %llu: %s", (unsigned long long)off, err)) return;
			warc_resync(r, rd, b);
			if (b->st) return;
			continue;
		}
		b->info.warc[h.type]++;
		uint64_t total = h.head_len + h.content_len;
		int take = h.type == NS_WARC_RESPONSE || h.type == NS_WARC_RESOURCE;
		if (!take || total > NS_WARC_MAX_RECORD) {
			uint64_t got = warc_skip(r, rd, b, total);
			if (b->st) return;
			if (take && warc_bad(b, off, "WARC %s record at offset %llu: %llu bytes, over the limit of %llu",
			                     ns_warc_type_names[h.type], (unsigned long long)off, (unsigned long long)total,
			                     (unsigned long long)NS_WARC_MAX_RECORD))
				return;
			if (got < total) {
				if (!take && warc_bad(b, off, "truncated WARC %s record at offset %llu: Content-Length %llu, %llu "
				                      "bytes there", ns_warc_type_names[h.type], (unsigned long long)off,
				                      (unsigned long long)h.content_len,
				                      (unsigned long long)(got > h.head_len ? got - h.head_len : 0)))
					return;
				break;
			}
			continue;
		}
		if (warc_peek(r, rd, b, (size_t)total, &p, &n)) return;
		if (n < total) {
			if (warc_bad(b, off, "truncated WARC %s record at offset %llu: Content-Length %llu, %llu bytes there",
			             ns_warc_type_names[h.type], (unsigned long long)off, (unsigned long long)h.content_len,
			             (unsigned long long)(n > h.head_len ? n - h.head_len : 0)))
				return;
			ns_reader_skip(rd, n);
			b->info.bytes += n;
			break;
		}
		if (warc_entry(b, p, (size_t)total, off, 0)) return;
		ns_reader_skip(rd, (size_t)total);
		b->info.bytes += total;
	}
	if (b->n < bs && b->lines.len < r->batch_bytes) {
		/* the end of input, or the read error that ended it */
		char err[512];
		if (ns_reader_error(rd, err, sizeof(err))) {
			b->info.ioerr = 1;
			b->info.ioerr_line = ns_reader_offset(rd);
			snprintf(b->info.ioerr_msg, sizeof(b->info.ioerr_msg), "%s", err);
		}
		b->eof = 1;
	}
}

/* Fill b with up to bs non-blank lines.  *ln is the last line number read,
 * across batches.  Never logs: it may run beside a parallel loop. */
static void fill_batch(ingest *r, ns_reader *rd, batch *b, size_t bs, uint64_t *ln)
{
	b->n = 0;
	b->lines.len = 0;
	memset(&b->info, 0, sizeof(b->info));
	b->eof = 0;
	b->st = NS_OK;
	if (r->fmt == NS_FMT_WARC) {
		fill_warc(r, rd, b, bs, ln);
		return;
	}
	int text = r->fmt == NS_FMT_TEXT || r->fmt == NS_FMT_HTML;
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
			b->info.ioerr_line = *ln + r->line_base;
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
	for (int k = 0; k < NS_WARC_NTYPES; k++) r->in->warc[k] += b->warc[k];
	if (b->ioerr) {
		ns_logq_addf(&r->q, NS_LOG_ERROR, r->fmt == NS_FMT_WARC ? "%s: read error at offset %llu: %s"
		                                                        : "%s: read error after line %llu: %s",
		             path, (unsigned long long)b->ioerr_line,
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
	if (!r->keep) batch_log(r, path, &pb->info);
	for (size_t i = 0; i < n; i++) {
		slot *q = &s[i];
		if (ret) { ns_record_free(&q->rec); continue; }
		if ((int)q->st == NS_WARC_SKIP) {
			/* a WARC response that is no web page: not a record */
			r->in->warc_not_pages[!strncmp(q->err, "HTTP ", 5) ? 0 : 1]++;
			ns_record_free(&q->rec);
			continue;
		}
		r->in->read++;
		if (q->ci.from > 0 && q->ci.from < 4) r->in->pages[q->ci.from]++;
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
			if (!r->keep) ns_logq_addf(&r->q, NS_LOG_WARN, "%s:%llu: rejected: %s", path, (unsigned long long)q->d.line, q->err);
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
			if (!r->keep) ns_logq_addf(&r->q, NS_LOG_WARN, "%s:%llu: %s", path, (unsigned long long)q->d.line, q->note);
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
		if (prev) pst = take_batch(r, file, path, prev);
		ns_parser *p = ns_parser_create(o);
		clean_tmp ct = {0};
		ns_tokens tok = {0};
		if (!p) nomem = 1;
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; i++) {
			if (!p) continue;
			slot *q = &s[i];
			char e[sizeof(q->err) - 40];
			q->d.line = lineno[i] + r->line_base;
			q->ci.page = -1; /* set by cleaning; a record that does not parse is no page */
			if (r->fmt == NS_FMT_CSV || r->fmt == NS_FMT_TSV) {
				q->st = ns_table_parse(r->tab, lines + off[i], len[i], &q->rec, &q->note, q->err, sizeof(q->err));
			} else if (r->fmt == NS_FMT_TEXT) {
				q->st = ns_text_parse(r->id, strlen(r->id), lines + off[i], len[i], &q->rec, &q->note, q->err,
				                      sizeof(q->err));
			} else if (r->fmt == NS_FMT_HTML) {
				q->st = ns_page_parse(r->id, strlen(r->id), lines + off[i], len[i], &q->rec, &q->note, q->err,
				                      sizeof(q->err));
			} else if (r->fmt == NS_FMT_WARC && b->bad[i]) {
				q->st = NS_ERR_FORMAT;
				snprintf(q->err, sizeof(q->err), "%s", lines + off[i]);
			} else if (r->fmt == NS_FMT_WARC) {
				/* its note (a charset, a repair) is written in e */
				int w = ns_warc_parse(lines + off[i], len[i], NS_WARC_MAX_PAGE, &q->rec, &q->note, e, sizeof(e));
				/* a record that is no page keeps NS_WARC_SKIP as its status
				 * (and why in err): appending counts it and goes on */
				q->st = (ns_status)w;
				if (w == NS_WARC_SKIP) {
					snprintf(q->err, sizeof(q->err), "%s", e);
					continue;
				}
				if (w == NS_ERR_FORMAT)
					snprintf(q->err, sizeof(q->err), "WARC record at offset %llu: %s", (unsigned long long)lineno[i], e);
				if (!w) {
					q->rec.page = 1;
					q->rec.fallback = 1u << NS_F_DATE; /* WARC-Date: when the page was fetched */
				}
			} else {
				q->st = ns_parser_parse(p, lines + off[i], len[i], &q->rec, &q->note, q->err, sizeof(q->err));
			}
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
	b->bad = malloc(bs);
	return b->off && b->len && b->lno && b->bad ? NS_OK : NS_ERR_NOMEM;
}

static void batch_free(batch *b)
{
	ns_buf_free(&b->lines);
	free(b->off);
	free(b->len);
	free(b->lno);
	free(b->bad);
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

/* Is the format of inputs by their names (no --format)? */
static int o_auto(const ingest *r)
{
	return r->c->o->input_format == NS_FMT_AUTO;
}

/* Read one input through rd, which the caller opened (NULL when that
 * failed: ost and oerr say why). */
static ns_status read_input(ingest *r, const input *inp, ns_reader *rd, ns_status ost, const char *oerr)
{
	const char *path = inp->path;
	double t0 = ns_now();
	/* keep every input name: documents refer to them by index */
	uint32_t file = r->file;
	if (!r->cont && ns_docs_add_input(r->ds, path, &file)) return NS_ERR_NOMEM;
	if (ost == NS_ERR_NOMEM) return ost;
	if (ost && r->parts && !inp->err) {
		/* a part that cannot open what the plan gave it (a node without
		 * the file system of the others): the run cannot be complete */
		ns_errf(r->fail, r->faillen, "%s", oerr);
		r->t += ns_now() - t0;
		return NS_ERR_OPEN;
	}
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
	r->fmt = inp->fmt;
	/* a crawl read from standard input or under another name */
	if (r->fmt == NS_FMT_JSONL && o_auto(r) && hn >= 7 && !memcmp(head, "WARC/1.", 7)) r->fmt = NS_FMT_WARC;
	/* a WARC file holds binary payloads; a page in UTF-16 has NULs */
	int utf16 = hn >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'));
	if (!r->cont && r->fmt != NS_FMT_WARC && !(r->fmt == NS_FMT_HTML && utf16) && ns_looks_binary(head, hn)) {
		ns_ctx_logf(r->c, NS_LOG_ERROR, "%s: binary data, not JSONL, CSV, TSV, text, HTML or WARC", path);
		r->in->input_errors++;
		r->t += ns_now() - t0;
		return NS_OK;
	}
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
			if (have) { have = 0; st = take_batch(r, file, path, &pend); }
			if (!st && r->sink) {
				/* what reading met goes with an empty batch */
				parsed e = {NULL, 0, b->info};
				st = pack_batch(r, &e);
				parsed_free(&e);
				if (!st) st = b->st;
			} else if (!st) {
				batch_log(r, path, &b->info);
				st = b->st;
			}
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
	if (have) st = take_batch(r, file, path, &pend);
	r->last_line = ln;
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
			/* a text file or page given by name: its id is its path as given */
			if (e->fmt == NS_FMT_TEXT || e->fmt == NS_FMT_HTML) e->id = dup_or_null(paths[i], &nomem);
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
				/* a page or a crawl by its name; any other file is a text article */
				int f = o->input_format != NS_FMT_AUTO ? o->input_format : (int)ns_format_of(rel[k], NS_FMT_AUTO);
				e->fmt = f == NS_FMT_HTML || f == NS_FMT_WARC ? f : NS_FMT_TEXT;
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
	ingest ig = {.c = c, .ds = ds, .in = in, .batch_bytes = batch_bytes, .fmt = NS_FMT_JSONL}, *r = &ig;
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


/* ---- reading in parts ----
 *
 * A packed stream is a sequence of events, each a tag byte, its payload's
 * length and XXH3-64 (u64 each) and the payload: 'U' a unit starts (u32 index), 'B' a
 * parsed batch (what reading met, then each record as the parse left it),
 * 'Z' the unit ends (its last line number and what reading it counted
 * outside the batches).  The merge appends each batch with append_batch,
 * the one the plain read uses, after numbering its lines and occurrences
 * in the whole run. */

typedef struct {
	input in;            /* path, id, err, format */
	uint32_t input;      /* the input's index in the run */
	uint64_t off, end;   /* range: the bytes [off, end) of a plain JSONL file */
	uint64_t size;       /* bytes on disk (0: not known) */
	uint32_t part;
	uint8_t range, cont; /* a byte range; one after its input's first */
} unit;

struct ns_ingest_plan {
	unit *u;
	size_t n;
	uint32_t ninputs;
};

void ns_ingest_plan_free(ns_ingest_plan *p)
{
	if (!p) return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->u[i].in.path);
		free(p->u[i].in.id);
		free(p->u[i].in.err);
	}
	free(p->u);
	free(p);
}

size_t ns_ingest_plan_units(const ns_ingest_plan *p) { return p->n; }
uint32_t ns_ingest_plan_part(const ns_ingest_plan *p, size_t u) { return p->u[u].part; }
uint64_t ns_ingest_plan_bytes(const ns_ingest_plan *p, size_t u)
{
	return p->u[u].range ? p->u[u].end - p->u[u].off : p->u[u].size;
}
const char *ns_ingest_plan_path(const ns_ingest_plan *p, size_t u) { return p->u[u].in.path; }

/* The first line start at or after pos in fd (size bytes). */
static uint64_t line_start(int fd, uint64_t pos, uint64_t size)
{
	if (pos == 0) return 0;
	char b[65536];
	for (uint64_t at = pos - 1; at < size;) {
		ssize_t k = pread(fd, b, sizeof(b), (off_t)at);
		if (k <= 0) return size;
		char *nl = memchr(b, '\n', (size_t)k);
		if (nl) return at + (uint64_t)(nl - b) + 1;
		at += (uint64_t)k;
	}
	return size;
}

/* May input e (size bytes) be cut into ranges: a plain JSONL file whose
 * head is text, not gzip or zstd? */
static int splittable(const input *e, int fd)
{
	if (e->err || e->fmt != NS_FMT_JSONL) return 0;
	char *head = malloc(NS_SNIFF_BYTES);
	if (!head) return 0;
	ssize_t k = pread(fd, head, NS_SNIFF_BYTES, 0);
	int ok = k >= 4 && !ns_looks_compressed(head, (size_t)k) && !ns_looks_binary(head, (size_t)k);
	free(head);
	return ok;
}

static ns_status plan_add(ns_ingest_plan *p, size_t *cap, const input *e, uint32_t idx, uint64_t off, uint64_t end,
                          uint64_t size, int range, int cont)
{
	if (ns_grow((void **)&p->u, cap, p->n + 1, sizeof(unit))) return NS_ERR_NOMEM;
	unit *u = &p->u[p->n];
	memset(u, 0, sizeof(*u));
	int nomem = 0;
	u->in.path = dup_or_null(e->path, &nomem);
	u->in.id = dup_or_null(e->id, &nomem);
	u->in.err = dup_or_null(e->err, &nomem);
	u->in.fmt = e->fmt;
	u->input = idx;
	u->off = off;
	u->end = end;
	u->size = size;
	u->range = (uint8_t)range;
	u->cont = (uint8_t)cont;
	p->n++;
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

ns_status ns_ingest_plan_make(const ns_options *o, const char *const *paths, size_t n, uint32_t nparts,
                              ns_ingest_plan **out)
{
	*out = NULL;
	if (nparts == 0) nparts = 1;
	input *inp;
	size_t ninp;
	if (list_inputs(o, paths, n, &inp, &ninp)) return NS_ERR_NOMEM;
	ns_ingest_plan *p = calloc(1, sizeof(*p));
	uint64_t *size = calloc(ninp ? ninp : 1, sizeof(uint64_t)), total = 0;
	ns_status st = p && size ? NS_OK : NS_ERR_NOMEM;
	for (size_t i = 0; i < ninp && !st; i++) {
		struct stat sb;
		if (inp[i].err || !strcmp(inp[i].path, "-")) continue;
		/* an input the planning process cannot open is one newsift could
		 * not open either: logged and counted where it is read, the run
		 * goes on (the part that reads it is not at fault).  A named pipe
		 * or a device is only checked, never opened: opening would wait
		 * for a writer, or take what is meant for the part that reads it. */
		int fd = -1, reg = !stat(inp[i].path, &sb) && S_ISREG(sb.st_mode);
		if (reg ? (fd = open(inp[i].path, O_RDONLY | O_CLOEXEC)) < 0 : access(inp[i].path, R_OK) != 0) {
			char e[600];
			snprintf(e, sizeof(e), "%s: cannot open: %s", inp[i].path, strerror(errno));
			int nomem = 0;
			inp[i].err = dup_or_null(e, &nomem);
			if (nomem) st = NS_ERR_NOMEM;
			continue;
		}
		if (fd >= 0 && !fstat(fd, &sb) && S_ISREG(sb.st_mode)) size[i] = (uint64_t)sb.st_size;
		if (fd >= 0) close(fd);
		total += size[i];
	}
	/* a file larger than a part's share is cut at line starts */
	uint64_t share = total / nparts + 1;
	size_t cap = 0;
	for (size_t i = 0; i < ninp && !st; i++) {
		uint64_t pieces = 1;
		int fd = -1;
		if (nparts > 1 && size[i] > share && size[i] >= 2 * NS_PART_MIN_BYTES &&
		    (fd = open(inp[i].path, O_RDONLY | O_CLOEXEC)) >= 0 && splittable(&inp[i], fd))
			pieces = NS_MIN((size[i] + share - 1) / share, size[i] / NS_PART_MIN_BYTES);
		if (pieces <= 1) {
			st = plan_add(p, &cap, &inp[i], (uint32_t)i, 0, 0, size[i], 0, 0);
		} else {
			uint64_t from = 0;
			for (uint64_t k = 1; k <= pieces && !st; k++) {
				uint64_t to = k == pieces ? size[i] : line_start(fd, size[i] / pieces * k, size[i]);
				if (to <= from) continue;
				st = plan_add(p, &cap, &inp[i], (uint32_t)i, from, to, to - from, 1, from > 0);
				from = to;
			}
		}
		if (fd >= 0) close(fd);
	}
	/* consecutive units of about total / nparts bytes for each part: a
	 * unit goes to the part its middle byte falls in */
	uint64_t acc = 0;
	size_t last_stdin = SIZE_MAX;
	for (size_t u = 0; u < p->n && !st; u++) {
		uint64_t b = ns_ingest_plan_bytes(p, u);
		long double mid = (long double)acc + (long double)b / 2;
		uint32_t part = total ? (uint32_t)NS_MIN((long double)(nparts - 1), mid * nparts / (long double)total) : 0;
		p->u[u].part = u && part < p->u[u - 1].part ? p->u[u - 1].part : part;
		acc += b;
		if (!strcmp(p->u[u].in.path, "-")) last_stdin = u;
	}
	/* only the first process reads standard input (mpirun's) */
	if (!st && last_stdin != SIZE_MAX)
		for (size_t u = 0; u <= last_stdin; u++) p->u[u].part = 0;
	if (!st) p->ninputs = (uint32_t)ninp;
	free(size);
	inputs_free(inp, ninp);
	if (st) { ns_ingest_plan_free(p); return st; }
	*out = p;
	return NS_OK;
}

static ns_status put_str(ns_buf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
	ns_status st = ns_vput_u32(b, n);
	return st || !s ? st : ns_buf_put(b, s, n);
}

static char *get_str(ns_vreader *v, int *bad)
{
	uint32_t n = ns_vget_u32(v);
	if (v->bad || n == UINT32_MAX) return NULL;
	if (n > v->len - v->pos) { v->bad = 1; return NULL; }
	char *s = malloc((size_t)n + 1);
	if (!s) { *bad = 1; return NULL; }
	memcpy(s, v->p + v->pos, n);
	s[n] = 0;
	v->pos += n;
	return s;
}

ns_status ns_ingest_plan_encode(const ns_ingest_plan *p, ns_buf *out)
{
	ns_status st = ns_vput_u64(out, p->n);
	if (!st) st = ns_vput_u32(out, p->ninputs);
	for (size_t i = 0; i < p->n && !st; i++) {
		const unit *u = &p->u[i];
		st = put_str(out, u->in.path);
		if (!st) st = put_str(out, u->in.id);
		if (!st) st = put_str(out, u->in.err);
		if (!st) st = ns_vput_u32(out, (uint32_t)u->in.fmt);
		if (!st) st = ns_vput_u32(out, u->input);
		if (!st) st = ns_vput_u64(out, u->off);
		if (!st) st = ns_vput_u64(out, u->end);
		if (!st) st = ns_vput_u64(out, u->size);
		if (!st) st = ns_vput_u32(out, u->part);
		if (!st) st = ns_vput_u8(out, u->range);
		if (!st) st = ns_vput_u8(out, u->cont);
	}
	return st;
}

ns_status ns_ingest_plan_decode(const void *buf, size_t len, ns_ingest_plan **out)
{
	*out = NULL;
	ns_vreader v = {buf, len, 0, 0};
	uint64_t n = ns_vget_u64(&v);
	uint32_t ninputs = ns_vget_u32(&v);
	if (v.bad || n > len) return NS_ERR_FORMAT;
	ns_ingest_plan *p = calloc(1, sizeof(*p));
	if (!p || !(p->u = calloc(n ? n : 1, sizeof(unit)))) { free(p); return NS_ERR_NOMEM; }
	p->ninputs = ninputs;
	int nomem = 0;
	for (uint64_t i = 0; i < n && !v.bad && !nomem; i++) {
		unit *u = &p->u[i];
		p->n++;
		u->in.path = get_str(&v, &nomem);
		u->in.id = get_str(&v, &nomem);
		u->in.err = get_str(&v, &nomem);
		u->in.fmt = (int)ns_vget_u32(&v);
		u->input = ns_vget_u32(&v);
		u->off = ns_vget_u64(&v);
		u->end = ns_vget_u64(&v);
		u->size = ns_vget_u64(&v);
		u->part = ns_vget_u32(&v);
		u->range = ns_vget_u8(&v);
		u->cont = ns_vget_u8(&v);
		if (!u->in.path || u->input >= ninputs) v.bad = 1;
	}
	if (nomem || v.bad || v.pos != len) {
		ns_ingest_plan_free(p);
		return nomem ? NS_ERR_NOMEM : NS_ERR_FORMAT;
	}
	*out = p;
	return NS_OK;
}

/* Open unit u's reader: *rd, or NULL with err saying why (NS_ERR_OPEN;
 * the plan's own reason for an input it could not open). */
static ns_status open_unit(const unit *u, ns_reader **rd, char *err, size_t errlen)
{
	*rd = NULL;
	err[0] = 0;
	if (u->in.err) {
		snprintf(err, errlen, "%s", u->in.err);
		return NS_ERR_OPEN;
	}
	return u->range ? ns_reader_open_range(rd, u->in.path, u->off, u->end, err, errlen)
	                : ns_reader_open(rd, u->in.path, err, errlen);
}

/* One event of the packed stream (with its checksum: a damaged spill file
 * or transfer is refused, not read as records). */
static ns_status emit(ingest *r, char tag, const ns_buf *payload)
{
	ns_status st = ns_event_emit(r->sink, r->sud, tag, payload->p, payload->len);
	if (st && !r->sink_st) r->sink_st = st;
	return st;
}

/* Pack a parsed batch into the sink. */
static ns_status pack_batch(ingest *r, parsed *pb)
{
	ns_buf b = {0};
	ns_status st = r->sink_st;
	if (!st) st = ns_buf_put(&b, &pb->info, sizeof(pb->info));
	if (!st) st = ns_vput_u32(&b, (uint32_t)pb->n);
	for (size_t i = 0; i < pb->n && !st; i++) {
		const slot *q = &pb->s[i];
		unsigned nulls = 0;
		for (int f = 0; f < NS_NSTORED; f++) nulls |= (unsigned)(q->rec.f[f] == NULL) << f;
		st = ns_buf_put(&b, &q->d, sizeof(q->d));
		if (!st) st = ns_vput_u32(&b, (uint32_t)q->st);
		if (!st) st = ns_vput_u32(&b, q->fields);
		if (!st) st = ns_buf_put(&b, &q->ci, sizeof(q->ci));
		if (!st) st = ns_vput_u8(&b, q->rec.numeric);
		if (!st) st = ns_vput_u8(&b, q->rec.buf != NULL);
		if (!st) st = ns_vput_u32(&b, nulls);
		for (int f = 0; f < NS_NSTORED && !st; f++) {
			uint32_t l = q->rec.f[f] ? q->rec.len[f] : 0;
			st = ns_vput_u32(&b, l);
			if (!st && l) st = ns_buf_put(&b, q->rec.f[f], l);
		}
		if (!st) st = put_str(&b, q->note);
		if (!st) st = put_str(&b, q->st ? q->err : NULL);
		if (!st) st = ns_vput_u32(&b, (uint32_t)q->nocc);
		if (!st && q->nocc) st = ns_buf_put(&b, q->occ, q->nocc * sizeof(ns_line_occ));
		if (!st) st = ns_vput_u32(&b, (uint32_t)q->nkeys);
		if (!st && q->nkeys) st = ns_buf_put(&b, q->keys, q->nkeys * sizeof(uint64_t));
	}
	if (!st) st = emit(r, 'B', &b);
	ns_buf_free(&b);
	return st;
}

/* Unpack a 'B' payload into *pb; the records' occurrences are numbered
 * from doc0, their lines from base. */
static ns_status unpack_batch(ns_vreader *v, uint64_t base, uint32_t doc0, parsed *pb)
{
	memset(pb, 0, sizeof(*pb));
	if (v->len - v->pos < sizeof(pb->info) + 4) return NS_ERR_FORMAT;
	memcpy(&pb->info, v->p + v->pos, sizeof(pb->info));
	v->pos += sizeof(pb->info);
	if (pb->info.ioerr) pb->info.ioerr_line += base;
	uint32_t n = ns_vget_u32(v);
	if (n > v->len) return NS_ERR_FORMAT;
	pb->s = calloc(n ? n : 1, sizeof(slot));
	if (!pb->s) return NS_ERR_NOMEM;
	pb->n = n;
	int nomem = 0;
	for (uint32_t i = 0; i < n && !v->bad && !nomem; i++) {
		slot *q = &pb->s[i];
		if (v->len - v->pos < sizeof(q->d)) { v->bad = 1; break; }
		memcpy(&q->d, v->p + v->pos, sizeof(q->d));
		v->pos += sizeof(q->d);
		q->d.line += base;
		q->st = (ns_status)(int32_t)ns_vget_u32(v);
		q->fields = ns_vget_u32(v);
		if (v->len - v->pos < sizeof(q->ci)) { v->bad = 1; break; }
		memcpy(&q->ci, v->p + v->pos, sizeof(q->ci));
		v->pos += sizeof(q->ci);
		q->rec.numeric = ns_vget_u8(v);
		int hasbuf = ns_vget_u8(v);
		uint32_t nulls = ns_vget_u32(v);
		/* the fields, each NUL-terminated in one buffer */
		size_t at = v->pos, need = 0;
		uint32_t len[NS_NSTORED];
		for (int f = 0; f < NS_NSTORED && !v->bad; f++) {
			len[f] = ns_vget_u32(v);
			if (len[f] > v->len - v->pos) { v->bad = 1; break; }
			v->pos += len[f];
			need += (size_t)len[f] + 1;
		}
		if (v->bad) break;
		if (hasbuf) {
			if (!(q->rec.buf = malloc(need))) { nomem = 1; break; }
			char *o = q->rec.buf;
			v->pos = at;
			for (int f = 0; f < NS_NSTORED; f++) {
				v->pos += 4;
				memcpy(o, v->p + v->pos, len[f]);
				o[len[f]] = 0;
				v->pos += len[f];
				q->rec.f[f] = (nulls >> f) & 1 ? NULL : o;
				q->rec.len[f] = len[f];
				o += len[f] + 1;
			}
		}
		char *note = get_str(v, &nomem), *err = get_str(v, &nomem);
		if (note) {
			snprintf(q->notebuf, sizeof(q->notebuf), "%s", note);
			q->note = q->notebuf;
		}
		if (err) snprintf(q->err, sizeof(q->err), "%s", err);
		free(note);
		free(err);
		uint32_t nocc = ns_vget_u32(v);
		if (v->bad || (uint64_t)nocc * sizeof(ns_line_occ) > v->len - v->pos) { v->bad = 1; break; }
		if (nocc) {
			if (!(q->occ = malloc(nocc * sizeof(ns_line_occ)))) { nomem = 1; break; }
			memcpy(q->occ, v->p + v->pos, nocc * sizeof(ns_line_occ));
			v->pos += nocc * sizeof(ns_line_occ);
			for (uint32_t k = 0; k < nocc; k++) q->occ[k].doc = doc0 + i;
			q->nocc = nocc;
		}
		uint32_t nkeys = ns_vget_u32(v);
		if (v->bad || (uint64_t)nkeys * 8 > v->len - v->pos) { v->bad = 1; break; }
		if (nkeys) {
			if (!(q->keys = malloc(nkeys * sizeof(uint64_t)))) { nomem = 1; break; }
			memcpy(q->keys, v->p + v->pos, nkeys * sizeof(uint64_t));
			v->pos += nkeys * sizeof(uint64_t);
			q->nkeys = nkeys;
		}
	}
	if (nomem || v->bad) {
		parsed_free(pb);
		return nomem ? NS_ERR_NOMEM : NS_ERR_FORMAT;
	}
	return NS_OK;
}

ns_status ns_ingest_pack(const ns_ctx *c, const ns_ingest_plan *plan, uint32_t part, size_t batch_bytes, ns_docs *keep,
                         ns_ingest *kin, ns_ingest_sink sink, void *ud, ns_times *tm, char *err, size_t errlen)
{
	ns_docs *ds = keep;
	ns_ingest loc = {0}, *in = keep ? kin : &loc;
	ns_status st = keep ? NS_OK : ns_docs_create(&ds, c->o->tmp_dir);
	/* each input's index in a kept store (a range after its input's first
	 * may be this part's first of it) */
	uint32_t *lfile = keep ? malloc((plan->ninputs ? plan->ninputs : 1) * sizeof(uint32_t)) : NULL;
	if (keep && !lfile) st = NS_ERR_NOMEM;
	for (uint32_t k = 0; lfile && k < plan->ninputs; k++) lfile[k] = UINT32_MAX;
	ingest ig = {.c = c, .ds = ds, .in = in, .batch_bytes = batch_bytes, .fmt = NS_FMT_JSONL, .sink = sink, .sud = ud,
	             .keep = keep != NULL, .parts = 1, .fail = err, .faillen = errlen},
	       *r = &ig;
	if (errlen) err[0] = 0;
	ns_buf b = {0};
	for (size_t i = 0; i < plan->n && !st; i++) {
		const unit *u = &plan->u[i];
		if (u->part != part) continue;
		b.len = 0;
		st = ns_vput_u32(&b, (uint32_t)i);
		if (!st) st = emit(r, 'U', &b);
		if (st) break;
		ns_ingest before = *in;
		char oerr[512];
		ns_reader *rd;
		ns_status ost = open_unit(u, &rd, oerr, sizeof(oerr));
		r->cont = u->cont;
		if (keep && u->cont && lfile[u->input] == UINT32_MAX && ns_docs_add_input(ds, u->in.path, &lfile[u->input]))
			st = NS_ERR_NOMEM;
		if (keep && u->cont) r->file = lfile[u->input];
		r->last_line = 0;
		if (!st) st = read_input(r, &u->in, rd, ost, oerr);
		ns_reader_close(rd);
		if (st) break;
		if (keep && !u->cont) lfile[u->input] = (uint32_t)ns_docs_ninputs(ds) - 1;
		b.len = 0;
		st = ns_vput_u64(&b, r->last_line);
		if (!st) st = ns_vput_u64(&b, in->input_errors - before.input_errors);
		if (!st) st = ns_vput_u64(&b, in->bytes - before.bytes);
		if (!st) st = ns_vput_u64(&b, in->blank_lines - before.blank_lines);
		if (!st) st = emit(r, 'Z', &b);
	}
	if (r->sink_st && (!st || st == r->sink_st)) st = r->sink_st;
	ns_buf_free(&b);
	ns_logq_free(&r->q);
	free(lfile);
	if (!keep) {
		ns_ingest_free(&loc);
		ns_docs_destroy(ds);
	}
	if (tm) tm->t[NS_T_READ] += r->t;
	return st;
}

struct ns_ingest_merge {
	ingest r;
	ns_ingest_plan *plan;   /* borrowed */
	ns_buf pend;            /* bytes of an event not complete yet */
	size_t next;            /* the unit expected next */
	int open;               /* inside unit cur */
	size_t cur;
	uint64_t base;          /* lines of cur's input before cur */
	uint32_t *file;         /* each input's index in the store */
	uint64_t *lines;        /* lines of each input merged so far */
	ns_status st;
};

ns_status ns_ingest_merge_create(ns_ingest_merge **mp, const ns_ctx *c, ns_docs *ds, ns_ingest *in,
                                 const ns_ingest_plan *plan, size_t batch_bytes)
{
	ns_ingest_merge *m = calloc(1, sizeof(*m));
	*mp = m;
	if (!m) return NS_ERR_NOMEM;
	m->r = (ingest){.c = c, .ds = ds, .in = in, .batch_bytes = batch_bytes, .fmt = NS_FMT_JSONL};
	m->plan = (ns_ingest_plan *)plan;
	m->file = calloc(plan->ninputs ? plan->ninputs : 1, sizeof(uint32_t));
	m->lines = calloc(plan->ninputs ? plan->ninputs : 1, sizeof(uint64_t));
	return m->file && m->lines ? NS_OK : NS_ERR_NOMEM;
}

void ns_ingest_merge_destroy(ns_ingest_merge *m)
{
	if (!m) return;
	ns_buf_free(&m->pend);
	ns_logq_free(&m->r.q);
	free(m->file);
	free(m->lines);
	free(m);
}

/* Apply one event. */
static ns_status merge_event(ns_ingest_merge *m, int tag, const unsigned char *p, size_t n)
{
	ns_vreader v = {p, n, 0, 0};
	ingest *r = &m->r;
	if (tag == 'U') {
		uint32_t u = ns_vget_u32(&v);
		if (v.bad || m->open || u != m->next || u >= m->plan->n) return NS_ERR_FORMAT;
		const unit *un = &m->plan->u[u];
		if (!un->cont && ns_docs_add_input(r->ds, un->in.path, &m->file[un->input])) return NS_ERR_NOMEM;
		if (!un->cont) m->lines[un->input] = 0;
		m->base = m->lines[un->input];
		m->cur = u;
		m->open = 1;
		return NS_OK;
	}
	if (!m->open) return NS_ERR_FORMAT;
	const unit *un = &m->plan->u[m->cur];
	if (tag == 'B') {
		parsed pb;
		ns_status st = unpack_batch(&v, m->base, (uint32_t)ns_docs_count(r->ds), &pb);
		if (st) return st;
		if (v.pos != n) { parsed_free(&pb); return NS_ERR_FORMAT; }
		st = append_batch(r, m->file[un->input], un->in.path, &pb);
		ns_status lst = ns_logq_flush(&r->q, r->c);
		return st ? st : lst;
	}
	if (tag == 'Z') {
		uint64_t last = ns_vget_u64(&v), ie = ns_vget_u64(&v), by = ns_vget_u64(&v), bl = ns_vget_u64(&v);
		if (v.bad || v.pos != n) return NS_ERR_FORMAT;
		m->lines[un->input] = m->base + last;
		r->in->input_errors += ie;
		r->in->bytes += by;
		r->in->blank_lines += bl;
		m->open = 0;
		m->next++;
		ns_ctx_progress(r->c, "read", r->in->read, 0);
		return NS_OK;
	}
	return NS_ERR_FORMAT;
}

static ns_status merge_event_fn(void *ud, int tag, const unsigned char *p, size_t n)
{
	ns_ingest_merge *m = ud;
	ns_status st = merge_event(m, tag, p, n);
	if (!st && ns_ctx_stopped(m->r.c)) st = NS_ERR_INTERRUPTED;
	return st;
}

ns_status ns_ingest_merge_feed(ns_ingest_merge *m, const void *p, size_t n)
{
	if (m->st) return m->st;
	return m->st = ns_event_feed(&m->pend, p, n, merge_event_fn, m);
}

ns_status ns_ingest_merge_read(ns_ingest_merge *m, uint32_t part, char *err, size_t errlen)
{
	if (m->st) return m->st;
	if (m->open) return m->st = NS_ERR_FORMAT;
	ingest *r = &m->r;
	r->parts = 1;
	r->fail = err;
	r->faillen = errlen;
	if (errlen) err[0] = 0;
	ns_status st = NS_OK;
	for (size_t u = m->next; u < m->plan->n && m->plan->u[u].part == part && !st; u++) {
		const unit *un = &m->plan->u[u];
		char oerr[512];
		ns_reader *rd;
		ns_status ost = open_unit(un, &rd, oerr, sizeof(oerr));
		r->cont = un->cont;
		r->file = m->file[un->input];
		r->line_base = un->cont ? m->lines[un->input] : 0;
		r->last_line = 0;
		st = read_input(r, &un->in, rd, ost, oerr);
		ns_reader_close(rd);
		if (st) break;
		if (!un->cont) m->file[un->input] = (uint32_t)ns_docs_ninputs(r->ds) - 1;
		m->lines[un->input] = r->line_base + r->last_line;
		m->next = u + 1;
	}
	r->parts = r->cont = 0;
	r->line_base = 0;
	r->fail = NULL;
	r->faillen = 0;
	if (st) m->st = st;
	return st;
}

ns_status ns_ingest_merge_finish(ns_ingest_merge *m)
{
	if (m->st) return m->st;
	return m->open || m->pend.len || m->next != m->plan->n ? NS_ERR_FORMAT : NS_OK;
}
