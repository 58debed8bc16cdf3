/* newsift — writing the outputs.
 *
 * Every output is built in memory (or streamed through zlib) into a
 * temporary file in the output directory (".NAME.tmp.PID"), flushed, fsync'd
 * and closed.  Only when all seven are complete, and the caller has not asked
 * the run to stop, are they renamed over the final names: first the old
 * report.json is removed, then the six data files are renamed, report.json
 * last, and the directory is fsync'd.  So a reader never sees a half-written
 * file, a crash or a kill leaves only stray temporaries, and a report.json
 * that is present belongs to the same finished run as the files beside it.
 * Every write's result is checked.  Documents are written in input order;
 * stories in the order of their first document.
 *
 * deduped.jsonl.gz is compressed in parallel: each block of NS_WRITE_BLOCK
 * documents is built and compressed by one thread into its own gzip member
 * (concatenated members are one gzip stream to gzip, zcat and newsift's
 * reader), and the members are written in input order, one round's by one
 * thread while the others compress the next round's.  The blocks depend on
 * the documents only, so the file is the same for any number of threads.
 * Like the driver's loops, these write only their own slots and log after
 * the loop.  The members are made by a whole-buffer compressor found by
 * pkg-config at build time: ISA-L's (libisal-dev) at its level 1, its
 * working memory zeroed for every member, else libdeflate's (libdeflate-dev)
 * at level 1, about half as fast, else zlib's deflate at level 1, slower
 * again (results/libs.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#if defined(NS_HAVE_ISAL)
#include <isa-l/igzip_lib.h>
#elif defined(NS_HAVE_LIBDEFLATE)
#include <libdeflate.h>
#endif
#include "internal.h"
#include "newsift/digest.h"
#include "newsift/extract.h"
#include "newsift/sketch.h"
#include "newsift/write.h"

#define NS_GZ_LEVEL 1 /* zlib level: fast; the output is an intermediate */

/* One compressed member. */
typedef struct {
	unsigned char *p;
	size_t len, cap;
	int err;     /* zlib status when compression failed, else Z_OK */
} gz_member;

typedef struct {
	const ns_ctx *c;
	const char *dir;
	char tmp[4096], dst[4096];
	int fd;
	ns_buf b;    /* pending bytes */
	int failed;
	int werr;    /* errno of a failed write, logged by out_finish */
} out_file;

static int out_open(out_file *f, const ns_ctx *c, const char *dir, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->c = c;
	f->dir = dir;
	f->fd = -1;
	snprintf(f->dst, sizeof(f->dst), "%s/%s", dir, name);
	snprintf(f->tmp, sizeof(f->tmp), "%s/.%s.tmp.%ld", dir, name, (long)getpid());
	f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (f->fd < 0) {
		ns_ctx_logf(c, NS_LOG_ERROR, "%s: cannot create: %s", f->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write n bytes to the file.  It may run inside a parallel region: a
 * failure is only noted, and out_finish logs it. */
static void out_write(out_file *f, const void *p, size_t n)
{
	size_t off = 0;
	while (off < n && !f->failed) {
		ssize_t w = write(f->fd, (const char *)p + off, n - off);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) {
			f->werr = w < 0 ? errno : EIO;
			f->failed = 1;
			break;
		}
		off += (size_t)w;
	}
}

#if defined(NS_HAVE_ISAL)
typedef struct {
	unsigned char *level_buf; /* ISA-L's working memory for its level 1 */
} gz_coder;

static gz_coder *gz_coder_new(void)
{
	gz_coder *c = malloc(sizeof(*c));
	if (c && !(c->level_buf = calloc(1, ISAL_DEF_LVL1_DEFAULT))) { free(c); c = NULL; }
	return c;
}

static void gz_coder_free(gz_coder *c)
{
	if (c) free(c->level_buf);
	free(c);
}

/* Compress in[0..n) into one gzip member m.  The working memory is zeroed
 * first, so a member never depends on what the coder compressed before. */
static void gz_compress(gz_coder *c, const unsigned char *in, size_t n, gz_member *m)
{
	/* room for incompressible input (stored blocks), grown once if short */
	size_t bound = n + n / 8 + 1024;
	for (int tries = 0; tries < 2; tries++, bound = 2 * n + 65536) {
		m->len = 0;
		if (n > UINT32_MAX / 2) { m->err = Z_BUF_ERROR; return; } /* ISA-L counts in 32 bits */
		if (ns_grow((void **)&m->p, &m->cap, bound, 1)) { m->err = Z_MEM_ERROR; return; }
		struct isal_zstream z;
		isal_deflate_stateless_init(&z);
		memset(c->level_buf, 0, ISAL_DEF_LVL1_DEFAULT);
		z.level = 1;
		z.level_buf = c->level_buf;
		z.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
		z.gzip_flag = IGZIP_GZIP;
		z.end_of_stream = 1;
		z.flush = NO_FLUSH;
		z.next_in = (uint8_t *)in;
		z.avail_in = (uint32_t)n;
		z.next_out = m->p;
		z.avail_out = (uint32_t)bound;
		int e = isal_deflate_stateless(&z);
		if (e == COMP_OK) { m->len = z.total_out; m->err = Z_OK; return; }
		m->err = e == STATELESS_OVERFLOW ? Z_BUF_ERROR : Z_STREAM_ERROR;
		if (e != STATELESS_OVERFLOW) return;
	}
}
#elif defined(NS_HAVE_LIBDEFLATE)
typedef struct libdeflate_compressor gz_coder;

static gz_coder *gz_coder_new(void)
{
	return libdeflate_alloc_compressor(NS_GZ_LEVEL);
}

static void gz_coder_free(gz_coder *c)
{
	if (c) libdeflate_free_compressor(c);
}

/* Compress in[0..n) into one gzip member m. */
static void gz_compress(gz_coder *c, const unsigned char *in, size_t n, gz_member *m)
{
	m->len = 0;
	size_t bound = libdeflate_gzip_compress_bound(c, n);
	if (ns_grow((void **)&m->p, &m->cap, bound, 1)) { m->err = Z_MEM_ERROR; return; }
	m->len = libdeflate_gzip_compress(c, in, n, m->p, bound);
	m->err = m->len ? Z_OK : Z_BUF_ERROR;
}
#else
typedef z_stream gz_coder;

static gz_coder *gz_coder_new(void)
{
	z_stream *z = calloc(1, sizeof(*z));
	if (z && deflateInit2(z, NS_GZ_LEVEL, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static void gz_coder_free(gz_coder *z)
{
	if (z) deflateEnd(z);
	free(z);
}

/* Compress in[0..n) into one gzip member m, through the stream z (made by
 * deflateInit2 with a gzip wrapper). */
static void gz_compress(z_stream *z, const unsigned char *in, size_t n, gz_member *m)
{
	m->len = 0;
	m->err = deflateReset(z);
	if (m->err != Z_OK) return;
	size_t bound = deflateBound(z, (uLong)n);
	if (ns_grow((void **)&m->p, &m->cap, bound, 1)) { m->err = Z_MEM_ERROR; return; }
	z->next_in = (unsigned char *)in;
	z->avail_in = (uInt)n;
	z->next_out = m->p;
	z->avail_out = (uInt)bound;
	int e = deflate(z, Z_FINISH);
	m->err = e == Z_STREAM_END ? Z_OK : e == Z_OK ? Z_BUF_ERROR : e;
	m->len = bound - z->avail_out;
}
#endif

/* Move pending bytes to the file. */
static void out_flush(out_file *f)
{
	if (f->failed) { f->b.len = 0; return; }
	out_write(f, f->b.p, f->b.len);
	f->b.len = 0;
}

static void out_maybe_flush(out_file *f)
{
	if (f->b.len >= (1u << 20)) out_flush(f);
}

/* Finish: flush, close, fsync.  Returns 0 when the temporary is complete;
 * on failure it is removed. */
static int out_finish(out_file *f)
{
	out_flush(f);
	ns_buf_free(&f->b);
	if (f->werr) ns_ctx_logf(f->c, NS_LOG_ERROR, "%s: write failed: %s", f->tmp, strerror(f->werr));
	if (!f->failed && fsync(f->fd) != 0) {
		ns_ctx_logf(f->c, NS_LOG_ERROR, "%s: fsync failed: %s", f->tmp, strerror(errno));
		f->failed = 1;
	}
	if (close(f->fd) != 0 && !f->failed) {
		ns_ctx_logf(f->c, NS_LOG_ERROR, "%s: close failed: %s", f->tmp, strerror(errno));
		f->failed = 1;
	}
	f->fd = -1;
	if (f->failed) unlink(f->tmp);
	return f->failed ? -1 : 0;
}

/* TSV cell: tabs and line ends become spaces. */
static void put_tsv_n(ns_buf *b, const char *s, size_t n)
{
	size_t start = b->len;
	ns_buf_put(b, s, n);
	for (size_t i = start; i < b->len; i++)
		if (b->p[i] == '\t' || b->p[i] == '\n' || b->p[i] == '\r') b->p[i] = ' ';
}

static void put_tsv(ns_buf *b, const char *s)
{
	put_tsv_n(b, s, strlen(s));
}

static const char *status_name(int s)
{
	return s == NS_KEPT ? "kept" : s == NS_DUPLICATE ? "duplicate" : "rejected";
}

/* The id of document i. */
static const char *idof(const ns_outputs *r, size_t i)
{
	return ns_docs_field(r->ds, i, NS_F_ID);
}

/* Does the story labelled by document label continue one of the
 * history's?  h gets a history article of it. */
static int continuing(const ns_outputs *r, uint32_t label, ns_hrec *h)
{
	return r->state && r->ss->cont && r->ss->cont[label] != NS_HREF_NONE && !ns_state_rec(r->state, r->ss->cont[label], h);
}

/* The name of the story labelled by document label: the history's label
 * of a story it continues, else its label document's id. */
static void put_story(ns_buf *b, const ns_outputs *r, uint32_t label, int json)
{
	ns_hrec h;
	const char *s = idof(r, label);
	size_t n = strlen(s);
	if (continuing(r, label, &h)) {
		s = h.story;
		n = h.story_len;
	}
	if (json) ns_json_str(b, s, n);
	else put_tsv_n(b, s, n);
}

static int write_clusters(const ns_outputs *r, const ns_ctx *c, const char *dir, out_file *fp)
{
	static const char *kind[] = {"near", "exact", "near", "contained", "edited"}; /* by NS_DUP_* */
	static const char *score[] = {"jaccard", "jaccard", "jaccard", "coverage", "aligned"};
	out_file f;
	const ns_dedup *dd = r->dd;
	if (out_open(&f, c, dir, "clusters.tsv")) return -1;
	ns_buf_put(&f.b, "id\tdup_group\tstory\tstatus\treason\n", 33);
	for (size_t i = 0; i < dd->n; i++) {
		const char *id = idof(r, i);
		int st = dd->status[i], kd = dd->kind[i];
		uint32_t partner = dd->partner[i];
		ns_hrec h;
		if (dd->hlead && dd->hlead[i] != NS_HREF_NONE && r->state && !ns_state_rec(r->state, dd->hlead[i], &h)) {
			/* a duplicate of an article an earlier run kept */
			put_tsv(&f.b, id);
			ns_buf_put(&f.b, "\t", 1);
			put_tsv_n(&f.b, h.id, h.id_len);
			ns_buf_put(&f.b, "\t", 1);
			put_tsv_n(&f.b, h.story, h.story_len);
			ns_buf_printf(&f.b, "\tduplicate\t%s", kind[kd]);
			if (kd == NS_DUP_EXACT) ns_buf_put(&f.b, " copy of ", 9);
			else ns_buf_printf(&f.b, " %s=%.3f with ", score[kd], (double)dd->sim[i]);
			put_tsv_n(&f.b, h.id, h.id_len);
			char day[32];
			ns_day_string(h.run_time, day, sizeof(day));
			ns_buf_printf(&f.b, ", kept by run %u (%s)\n", h.run, day);
			out_maybe_flush(&f);
			continue;
		}
		put_tsv(&f.b, id);
		ns_buf_put(&f.b, "\t", 1);
		put_tsv(&f.b, st == NS_REJECTED ? id : idof(r, dd->group[i]));
		ns_buf_put(&f.b, "\t", 1);
		if (st == NS_REJECTED) put_tsv(&f.b, id);
		else put_story(&f.b, r, r->ss->label[i], 0);
		ns_buf_printf(&f.b, "\t%s\t", status_name(st));
		if (st == NS_REJECTED) {
			put_tsv(&f.b, ns_docs_reason(r->ds, i));
		} else if (st == NS_DUPLICATE) {
			ns_buf_printf(&f.b, "%s", kind[kd]);
			if (kd != NS_DUP_EXACT && partner != UINT32_MAX)
				ns_buf_printf(&f.b, " %s=%.3f with ", score[kd], (double)dd->sim[i]);
			else if (partner != UINT32_MAX)
				ns_buf_put(&f.b, " copy of ", 9);
			if (partner != UINT32_MAX) put_tsv(&f.b, idof(r, partner));
		}
		ns_buf_put(&f.b, "\n", 1);
		out_maybe_flush(&f);
	}
	int rc = out_finish(&f);
	*fp = f;
	return rc;
}

/* Members of each duplicate group: start[rep]..start[rep+1] in list. */
typedef struct {
	uint32_t *start, *list;
} groups;

static int group_lists(const ns_dedup *dd, groups *g)
{
	size_t n = dd->n;
	g->start = calloc(n + 2, sizeof(uint32_t));
	g->list = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!g->start || !g->list) return -1;
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED) g->start[dd->group[i] + 2]++;
	for (size_t i = 0; i < n; i++) g->start[i + 2] += g->start[i + 1];
	for (size_t i = 0; i < n; i++)
		if (dd->status[i] != NS_REJECTED) g->list[g->start[dd->group[i] + 1]++] = (uint32_t)i;
	return 0;
}

/* The deduped.jsonl line of kept document i into b; non-zero when out of
 * memory. */
static int deduped_line(ns_buf *b, const ns_outputs *r, const groups *g, size_t i)
{
	int bad = ns_buf_put(b, "{", 1) != NS_OK;
	for (int k = 0; k < NS_NFIELDS; k++) {
		if (k) bad |= ns_buf_put(b, ", ", 2) != NS_OK;
		bad |= ns_buf_put(b, "\"", 1) != NS_OK;
		bad |= ns_buf_put(b, ns_field_names[k], strlen(ns_field_names[k])) != NS_OK;
		bad |= ns_buf_put(b, "\": ", 3) != NS_OK;
		/* a number stays a number (its text as written: valid JSON) */
		if ((ns_docs_info(r->ds, i)->numeric >> k & 1) && ns_docs_len(r->ds, i, k))
			bad |= ns_buf_put(b, ns_docs_field(r->ds, i, k), ns_docs_len(r->ds, i, k)) != NS_OK;
		else
			bad |= ns_json_str(b, ns_docs_field(r->ds, i, k), ns_docs_len(r->ds, i, k)) != NS_OK;
	}
	/* the input's other members, as they came */
	if (ns_docs_len(r->ds, i, NS_F_EXTRA)) {
		bad |= ns_buf_put(b, ", ", 2) != NS_OK;
		bad |= ns_buf_put(b, ns_docs_field(r->ds, i, NS_F_EXTRA), ns_docs_len(r->ds, i, NS_F_EXTRA)) != NS_OK;
	}
	bad |= ns_buf_put(b, ", \"story\": ", 11) != NS_OK;
	const char *sid = idof(r, r->ss->label[i]);
	bad |= ns_json_str(b, sid, strlen(sid)) != NS_OK;
	uint32_t a = g->start[i], e = g->start[i + 1];
	bad |= ns_buf_printf(b, ", \"dup_group_size\": %u, \"duplicates\": [", e - a) != NS_OK;
	int first = 1;
	for (uint32_t k = a; k < e; k++) {
		if (g->list[k] == i) continue;
		const char *id = idof(r, g->list[k]);
		if (!first) bad |= ns_buf_put(b, ", ", 2) != NS_OK;
		bad |= ns_json_str(b, id, strlen(id)) != NS_OK;
		first = 0;
	}
	bad |= ns_buf_put(b, "]}\n", 3) != NS_OK;
	return bad;
}

#define NS_WRITE_BLOCK 256 /* documents per gzip member: one thread builds and compresses them */
#define NS_WRITE_ROUND 32  /* members compressed per round, then written in order */

static int write_deduped(const ns_outputs *r, const ns_ctx *c, const char *dir, const groups *g, out_file *fp)
{
	out_file f;
	size_t n = r->dd->n;
	if (out_open(&f, c, dir, "deduped.jsonl.gz")) return -1;
	size_t nblk = (n + NS_WRITE_BLOCK - 1) / NS_WRITE_BLOCK, nround = (nblk + NS_WRITE_ROUND - 1) / NS_WRITE_ROUND;
	size_t members = 0;
	/* two rounds of members: one is written while the next is compressed */
	gz_member *mem = calloc(2 * NS_WRITE_ROUND, sizeof(gz_member));
	int nomem = mem == NULL, cerr = 0;
	for (size_t rd = 0; rd <= nround && !nomem && !cerr && !f.failed; rd++) {
		gz_member *cur = mem + (rd & 1) * NS_WRITE_ROUND, *prev = mem + ((rd & 1) ^ 1) * NS_WRITE_ROUND;
		/* this round's blocks b0..b1 (none in the last round, which only
		 * writes), the previous round's nprev members */
		size_t b0 = NS_MIN(nblk, rd * NS_WRITE_ROUND), b1 = NS_MIN(nblk, b0 + NS_WRITE_ROUND);
		size_t nprev = rd ? b0 - (rd - 1) * NS_WRITE_ROUND : 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem)
		{
#pragma omp single nowait
			for (size_t k = 0; k < nprev && !f.failed; k++)
				if (prev[k].len) { out_write(&f, prev[k].p, prev[k].len); members++; }
			gz_coder *z = NULL;
			ns_buf tb = {0};
#pragma omp for schedule(dynamic, 1)
			for (size_t b = b0; b < b1; b++) {
				gz_member *x = &cur[b - b0];
				x->len = 0;
				x->err = Z_OK;
				tb.len = 0;
				size_t e = NS_MIN(n, (b + 1) * NS_WRITE_BLOCK);
				for (size_t i = b * NS_WRITE_BLOCK; i < e; i++)
					if (r->dd->status[i] == NS_KEPT) nomem |= deduped_line(&tb, r, g, i);
				if (!tb.len) continue; /* no kept document: no member */
				if (!z && !(z = gz_coder_new())) { x->err = Z_MEM_ERROR; continue; }
				gz_compress(z, (const unsigned char *)tb.p, tb.len, x);
			}
			gz_coder_free(z);
			ns_buf_free(&tb);
		}
		for (size_t k = 0; k < b1 - b0 && !nomem && !cerr; k++) {
			if (cur[k].err == Z_OK) continue;
			ns_ctx_logf(c, NS_LOG_ERROR, "%s: gzip compression failed: %s", f.tmp,
			            cur[k].err == Z_MEM_ERROR ? "out of memory" : "compressor error");
			cerr = 1;
		}
	}
	if (!nomem && !cerr && !f.failed && members == 0) {
		/* nothing kept: one empty member, so the file is still gzip */
		gz_coder *z = gz_coder_new();
		static const unsigned char nothing[1];
		if (z) gz_compress(z, nothing, 0, &mem[0]);
		if (!z || mem[0].err != Z_OK) nomem = 1;
		else out_write(&f, mem[0].p, mem[0].len);
		gz_coder_free(z);
	}
	for (size_t k = 0; mem && k < 2 * NS_WRITE_ROUND; k++) free(mem[k].p);
	free(mem);
	if (nomem && !f.failed) ns_ctx_logf(c, NS_LOG_ERROR, "%s: out of memory", f.tmp);
	if (nomem || cerr) f.failed = 1;
	int rc = out_finish(&f);
	*fp = f;
	return rc;
}

static void json_id_list(ns_buf *b, const ns_outputs *r, const uint32_t *ids, uint32_t n)
{
	ns_buf_put(b, "[", 1);
	for (uint32_t i = 0; i < n; i++) {
		const char *id = idof(r, ids[i]);
		if (i) ns_buf_put(b, ", ", 2);
		ns_json_str(b, id, strlen(id));
	}
	ns_buf_put(b, "]", 1);
}

/* The summary of story k (NULL, 0 when none). */
static const ns_sum_sent *summary_of(const ns_outputs *r, size_t k, size_t *n)
{
	if (!r->sm || k >= r->sm->n || !r->sm->sent) { *n = 0; return NULL; }
	*n = r->sm->nsent[k];
	return r->sm->sent[k];
}

static int write_stories(const ns_outputs *r, const ns_ctx *c, const char *dir, out_file *fp)
{
	out_file f;
	if (out_open(&f, c, dir, "stories.jsonl")) return -1;
	for (size_t k = 0; k < r->ss->nlist; k++) {
		const ns_story *s = &r->ss->list[k];
		if (!s->narticles) continue; /* copies of articles an earlier run kept */
		size_t nsum;
		const ns_sum_sent *sum = summary_of(r, k, &nsum);
		ns_buf_put(&f.b, "{\"story\": ", 10);
		put_story(&f.b, r, s->story, 1);
		if (r->state) {
			/* with a history: new tonight, or going on from an earlier night */
			ns_hrec h;
			if (continuing(r, s->story, &h)) {
				char day[32];
				ns_day_string(r->ss->first_seen[s->story], day, sizeof(day));
				ns_buf_printf(&f.b, ", \"status\": \"continuing\", \"first_seen\": \"%s\", \"earlier_articles\": %u", day,
				              r->ss->earlier[s->story]);
			} else {
				ns_buf_put(&f.b, ", \"status\": \"new\"", 17);
			}
		}
		ns_buf_printf(&f.b, ", \"size\": %u, \"articles\": ", s->nmembers);
		json_id_list(&f.b, r, s->articles, s->narticles);
		ns_buf_put(&f.b, ", \"members\": ", 13);
		json_id_list(&f.b, r, s->members, s->nmembers);
		ns_buf_put(&f.b, ", \"summary\": [", 14);
		for (size_t i = 0; i < nsum; i++) {
			const ns_sum_sent *ss = &sum[i];
			uint32_t d = s->articles[ss->doc];
			if (i) ns_buf_put(&f.b, ", ", 2);
			ns_buf_put(&f.b, "{\"id\": ", 7);
			ns_json_str(&f.b, idof(r, d), ns_docs_len(r->ds, d, NS_F_ID));
			ns_buf_printf(&f.b, ", \"sentence\": %u, \"text\": ", ss->sent);
			ns_json_str(&f.b, ns_docs_field(r->ds, d, NS_F_TEXT) + ss->span.start, ss->span.len);
			ns_buf_put(&f.b, "}", 1);
		}
		ns_buf_put(&f.b, "]}\n", 3);
		out_maybe_flush(&f);
	}
	int rc = out_finish(&f);
	*fp = f;
	return rc;
}

/* Hands the digest's rendered bytes to the file once a MiB has gathered. */
static int digest_sink(void *ud, ns_buf *b)
{
	out_file *f = ud;
	(void)b; /* f->b */
	out_maybe_flush(f);
	return f->failed;
}

/* The digest model of the run, built once by ns_digest_build. */
static ns_status digest_model(const ns_outputs *r, const ns_ctx *cx, ns_digest *d)
{
	const ns_run_counts *c = r->counts;
	ns_digest_counts dc = {c->read, c->kept, c->duplicate, c->exact_dups, c->near_dups, c->rejected, c->stories,
	                       c->multi_stories};
	return ns_digest_build(cx, r->ds, r->dd, r->ss, r->sm, r->state, &dc, d);
}

/* One rendering of the digest into the temporary of name. */
static int write_digest(const ns_outputs *r, const ns_ctx *cx, const char *dir, const ns_digest *d, const char *name,
                        ns_digest_format fmt, out_file *fp)
{
	out_file f;
	if (out_open(&f, cx, dir, name)) return -1;
	ns_status st = ns_digest_render(d, r->ds, fmt, &f.b, digest_sink, &f);
	if (st == NS_ERR_NOMEM) {
		ns_ctx_logf(cx, NS_LOG_ERROR, "%s: out of memory", f.tmp);
		f.failed = 1;
	}
	int rc = out_finish(&f);
	*fp = f;
	return rc;
}

static void json_key(ns_buf *b, const char *k, int *first)
{
	ns_buf_printf(b, "%s\n    \"%s\": ", *first ? "" : ",", k);
	*first = 0;
}

static void report_options(ns_buf *b, const ns_options *o)
{
	static const char *reps[] = {"first", "earliest", "longest", "centre", "best"};
	static const char *clusters[] = {"components", "pivot", "centre", "first"};
	static const char *budgets[] = {"words", "bytes", "sentences"};
	int first = 1;
	ns_buf_put(b, "{", 1);
	const char *fn[] = {"field_id", "field_title", "field_date", "field_source", "field_url", "field_text"};
	const char *fv[] = {o->field_id, o->field_title, o->field_date, o->field_source, o->field_url, o->field_text};
	for (int i = 0; i < 6; i++) { json_key(b, fn[i], &first); ns_json_str(b, fv[i], strlen(fv[i])); }
	json_key(b, "strict", &first); ns_buf_printf(b, "%s", o->strict ? "true" : "false");
	json_key(b, "batch_size", &first); ns_buf_printf(b, "%u", o->batch_size);
	json_key(b, "max_doc_bytes", &first); ns_buf_printf(b, "%llu", (unsigned long long)o->max_doc_bytes);
	static const char *formats[] = {"auto", "jsonl", "csv", "tsv", "text", "warc", "html"};
	json_key(b, "format", &first); ns_buf_printf(b, "\"%s\"", formats[o->input_format]);
	json_key(b, "extract", &first); ns_buf_printf(b, "\"%s\"", o->extract == NS_EXTRACT_TEXT ? "text" : "article");
	json_key(b, "threads", &first); ns_buf_printf(b, "%d", o->threads);
	json_key(b, "memory_budget", &first); ns_buf_printf(b, "%llu", (unsigned long long)o->memory_budget);
	json_key(b, "boilerplate", &first); ns_buf_printf(b, "%s", o->boilerplate ? "true" : "false");
	json_key(b, "builtin_boilerplate", &first); ns_buf_printf(b, "%s", o->builtin_boilerplate ? "true" : "false");
	json_key(b, "metadata_lines", &first); ns_buf_printf(b, "%s", o->metadata_lines ? "true" : "false");
	json_key(b, "non_articles", &first); ns_buf_printf(b, "%s", o->non_articles ? "true" : "false");
	json_key(b, "boiler_min_docs", &first); ns_buf_printf(b, "%u", o->boiler_min_docs);
	json_key(b, "boiler_min_contexts", &first); ns_buf_printf(b, "%u", o->boiler_min_contexts);
	json_key(b, "boiler_max_words", &first); ns_buf_printf(b, "%u", o->boiler_max_words);
	json_key(b, "shingle", &first); ns_buf_printf(b, "%u", o->shingle_k);
	json_key(b, "num_perm", &first); ns_buf_printf(b, "%u", o->num_perm);
	json_key(b, "minhash", &first); ns_buf_printf(b, "\"%s\"", ns_minhash_name((ns_minhash_kind)o->minhash));
	json_key(b, "threshold", &first); ns_buf_printf(b, "%.6g", o->threshold);
	json_key(b, "containment", &first); ns_buf_printf(b, "%.6g", o->containment);
	json_key(b, "containment_min_jaccard", &first); ns_buf_printf(b, "%.6g", o->containment_min_jaccard);
	json_key(b, "containment_min_words", &first); ns_buf_printf(b, "%u", o->containment_min_words);
	json_key(b, "containment_numbers", &first); ns_buf_printf(b, "%.6g", o->containment_numbers);
	json_key(b, "containment_numbers_min", &first); ns_buf_printf(b, "%u", o->containment_numbers_min);
	json_key(b, "align", &first); ns_buf_printf(b, "%.2f", o->align);
	json_key(b, "bands", &first); ns_buf_printf(b, "%u", o->bands);
	json_key(b, "rows", &first); ns_buf_printf(b, "%u", o->rows);
	json_key(b, "max_bucket", &first); ns_buf_printf(b, "%u", o->max_bucket);
	json_key(b, "lsh_fp_weight", &first); ns_buf_printf(b, "%.6g", o->lsh_fp_weight);
	json_key(b, "lsh_fn_weight", &first); ns_buf_printf(b, "%.6g", o->lsh_fn_weight);
	json_key(b, "seed", &first); ns_buf_printf(b, "%llu", (unsigned long long)o->seed);
	json_key(b, "representative", &first); ns_buf_printf(b, "\"%s\"", reps[o->rep]);
	json_key(b, "cluster", &first); ns_buf_printf(b, "\"%s\"", clusters[o->cluster]);
	json_key(b, "centre_relax", &first); ns_buf_printf(b, "%.6g", o->centre_relax);
	json_key(b, "centre_rounds", &first); ns_buf_printf(b, "%u", o->centre_rounds);
	json_key(b, "dedup_only", &first); ns_buf_printf(b, "%s", o->dedup_only ? "true" : "false");
	json_key(b, "no_dump", &first); ns_buf_printf(b, "%s", o->no_dump ? "true" : "false");
	json_key(b, "fuzzy_tokens", &first); ns_buf_printf(b, "%s", o->fuzzy_tokens ? "true" : "false");
	json_key(b, "story_threshold", &first); ns_buf_printf(b, "%.6g", o->story_threshold);
	json_key(b, "story_continue", &first); ns_buf_printf(b, "%.6g", o->story_continue);
	json_key(b, "story_merge", &first); ns_buf_printf(b, "%.6g", o->story_merge);
	json_key(b, "story_merge_articles", &first); ns_buf_printf(b, "%u", o->story_merge_articles);
	json_key(b, "story_link", &first); ns_buf_printf(b, "\"%s\"", o->story_link == NS_LINK_AVERAGE ? "average" : "centroid");
	json_key(b, "stem", &first); ns_buf_printf(b, "%s", o->stem ? "true" : "false");
	json_key(b, "story_terms", &first); ns_buf_printf(b, "%u", o->story_terms);
	json_key(b, "story_days", &first); ns_buf_printf(b, "%d", o->story_days);
	json_key(b, "story_top_terms", &first); ns_buf_printf(b, "%u", o->story_top_terms);
	json_key(b, "story_min_shared", &first); ns_buf_printf(b, "%u", o->story_min_shared);
	json_key(b, "story_max_posting", &first); ns_buf_printf(b, "%u", o->story_max_posting);
	json_key(b, "story_max_share", &first); ns_buf_printf(b, "%.6g", o->story_max_share);
	json_key(b, "story_min_posting", &first); ns_buf_printf(b, "%u", o->story_min_posting);
	json_key(b, "story_shared_lines", &first); ns_buf_printf(b, "%u", o->story_shared_lines);
	json_key(b, "notice_copies", &first); ns_buf_printf(b, "%u", o->notice_copies);
	json_key(b, "notice_words", &first); ns_buf_printf(b, "%u", o->notice_words);
	json_key(b, "summary_budget", &first); ns_buf_printf(b, "%u", o->budget);
	json_key(b, "summary_unit", &first); ns_buf_printf(b, "\"%s\"", budgets[o->budget_kind]);
	json_key(b, "redundancy", &first); ns_buf_printf(b, "%.6g", o->redundancy);
	json_key(b, "summary_method", &first); ns_buf_printf(b, "\"%s\"", ns_sum_method_name(o->summary_method));
	json_key(b, "digest_singles", &first); ns_buf_printf(b, "%u", o->digest_singles);
	json_key(b, "tmp_dir", &first);
	if (o->tmp_dir) ns_json_str(b, o->tmp_dir, strlen(o->tmp_dir));
	else ns_buf_put(b, "null", 4);
	json_key(b, "max_warnings", &first); ns_buf_printf(b, "%ld", o->max_warnings);
	json_key(b, "memory_available", &first); ns_buf_printf(b, "%llu", (unsigned long long)o->mem_available);
	json_key(b, "dump_pairs", &first);
	if (o->pairs_path) ns_json_str(b, o->pairs_path, strlen(o->pairs_path));
	else ns_buf_put(b, "null", 4);
	json_key(b, "config", &first);
	if (o->config) ns_json_str(b, o->config, strlen(o->config));
	else ns_buf_put(b, "null", 4);
	ns_buf_put(b, "\n  }", 4);
}

#define NS_REPORT_REJECTS 100 /* rejected records listed by name in the report */

static int write_report(const ns_outputs *r, const ns_ctx *cx, const ns_times *tm, const char *dir, out_file *fp)
{
	out_file f;
	if (out_open(&f, cx, dir, "report.json")) return -1;
	ns_buf *b = &f.b;
	const ns_run_counts *c = r->counts;
	ns_buf_printf(b, "{\n  \"newsift\": \"%s\",\n  \"inputs\": [", NS_VERSION);
	for (size_t i = 0; i < ns_docs_ninputs(r->ds); i++) {
		const char *in = ns_docs_input(r->ds, (uint32_t)i);
		if (i) ns_buf_put(b, ", ", 2);
		ns_json_str(b, in, strlen(in));
	}
	ns_buf_printf(b, "],\n  \"input_bytes\": %llu,\n  \"counts\": {", (unsigned long long)c->input_bytes);
	struct { const char *k; uint64_t v; } cs[] = {
		{"read", c->read}, {"kept", c->kept}, {"duplicate", c->duplicate}, {"rejected", c->rejected},
		{"exact_duplicates", c->exact_dups}, {"near_duplicates", c->near_dups}, {"repaired", c->repaired},
		{"blank_lines", c->blank_lines}, {"input_errors", c->input_errors}, {"dup_groups", c->dup_groups},
		{"stories", c->stories}, {"multi_article_stories", c->multi_stories}, {"summaries", c->summaries},
		{"boilerplate_lines_learned", c->boiler_lines}, {"boilerplate_lines_removed", c->boiler_removed},
		{"builtin_boilerplate_lines_removed", c->builtin_total}, {"metadata_lines_removed", c->meta_removed},
		{"dates_from_text", c->date_filled}, {"not_articles", c->non_article_total},
		{"lsh_candidate_pairs", c->candidates}, {"verified_pairs", c->verified},
	};
	int first = 1;
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		json_key(b, cs[i].k, &first);
		ns_buf_printf(b, "%llu", (unsigned long long)cs[i].v);
	}
	ns_buf_printf(b, "\n  },\n  \"lsh\": {\"bands\": %u, \"rows\": %u},\n", c->bands, c->rows);
	/* the built-in boilerplate lines removed, by kind; the pages rejected
	 * as not articles, by reason */
	ns_buf_printf(b, "  \"builtin_boilerplate\": {");
	first = 1;
	for (int k = 0; k < NS_SCRUB_NKINDS; k++) {
		const char *kn = ns_scrub_kind_name(k);
		json_key(b, kn, &first);
		ns_buf_printf(b, "%llu", (unsigned long long)c->builtin_removed[k]);
	}
	ns_buf_printf(b, "\n  },\n  \"not_articles\": {");
	first = 1;
	for (int k = 0; k < NS_PAGE_NKINDS; k++) {
		json_key(b, ns_scrub_page_name(k), &first);
		ns_buf_printf(b, "%llu", (unsigned long long)c->non_articles[k]);
	}
	/* web pages by where their text came from; WARC records by type */
	ns_buf_printf(b, "\n  },\n  \"web_pages\": {\"article\": %llu, \"article_from_jsonld\": %llu, \"all_text\": %llu},\n",
	              (unsigned long long)c->pages[NS_BODY_HTML], (unsigned long long)c->pages[NS_BODY_JSONLD],
	              (unsigned long long)c->pages[NS_BODY_ALL]);
	ns_buf_printf(b, "  \"warc\": {\"records\": {");
	first = 1;
	for (int k = 0; k < NS_WARC_NTYPES; k++) {
		json_key(b, ns_warc_type_names[k], &first);
		ns_buf_printf(b, "%llu", (unsigned long long)c->warc[k]);
	}
	ns_buf_printf(b, "}, \"responses_not_pages\": {\"http_status\": %llu, \"not_html\": %llu}},\n",
	              (unsigned long long)c->warc_not_pages[0], (unsigned long long)c->warc_not_pages[1]);
	if (r->state && r->dd)
		ns_buf_printf(b,
		              "  \"history\": {\"runs_before\": %u, \"records_before\": %llu, \"kept_before\": %llu, "
		              "\"candidate_pairs\": %llu, \"duplicates_of_history\": %llu},\n",
		              ns_state_runs(r->state), (unsigned long long)ns_state_records(r->state),
		              (unsigned long long)ns_state_kept(r->state), (unsigned long long)r->dd->hist_candidates,
		              (unsigned long long)r->dd->hist_dups);
	ns_buf_printf(b, "  \"boilerplate\": [");
	size_t nb = r->bp ? r->bp->n : 0;
	for (size_t i = 0; i < nb; i++) {
		ns_buf_put(b, i ? ",\n    {\"line\": " : "\n    {\"line\": ", i ? 15 : 14);
		const char *t = r->bp->text ? r->bp->text[i] : "";
		ns_json_str(b, t, strlen(t));
		ns_buf_printf(b, ", \"docs\": %u, \"contexts\": %u}", r->bp->line[i].docs, r->bp->line[i].contexts);
	}
	ns_buf_put(b, nb ? "\n  ],\n  \"rejected\": [" : "],\n  \"rejected\": [", nb ? 21 : 18);
	size_t shown = 0;
	for (size_t i = 0; i < r->dd->n && shown < NS_REPORT_REJECTS; i++) {
		if (r->dd->status[i] != NS_REJECTED) continue;
		ns_buf_put(b, shown ? ",\n    " : "\n    ", shown ? 6 : 5);
		const char *why = ns_docs_reason(r->ds, i);
		ns_json_str(b, why, strlen(why));
		shown++;
	}
	ns_buf_put(b, shown ? "\n  ],\n  \"options\": " : "],\n  \"options\": ", shown ? 19 : 16);
	report_options(b, cx->o);
	ns_buf_put(b, ",\n  \"timings\": {", 16);
	double total = 0;
	first = 1;
	for (int i = 0; i < NS_T_COUNT; i++) {
		json_key(b, ns_timer_names[i], &first);
		ns_buf_printf(b, "%.6f", tm->t[i]);
		total += tm->t[i];
	}
	ns_buf_printf(b, ",\n    \"total\": %.6f\n  },\n  \"story_steps\": {", total);
	first = 1;
	for (int i = 0; i < NS_TS_COUNT; i++) {
		json_key(b, ns_story_step_names[i], &first);
		ns_buf_printf(b, "%.6f", tm->story[i]);
	}
	ns_buf_printf(b, "\n  },\n  \"story_stats\": {");
	const ns_story_set *ss = r->ss;
	struct { const char *k; uint64_t v; } st[] = {
		{"terms", ss->stats.terms}, {"frequency_table_bytes", ss->stats.df_bytes},
		{"vector_bytes", ss->stats.vector_bytes}, {"index_bytes", ss->stats.index_bytes},
		{"candidate_pairs", ss->stats.candidates}, {"edges", ss->stats.edges},
		{"peak_bytes", ss->stats.peak_bytes}, {"count_cache_bytes", ss->stats.cache_bytes},
	};
	first = 1;
	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		json_key(b, st[i].k, &first);
		ns_buf_printf(b, "%llu", (unsigned long long)st[i].v);
	}
	json_key(b, "merge_level_min", &first);
	ns_buf_printf(b, "%.4f", ss->stats.merge_min);
	json_key(b, "merge_level_max", &first);
	ns_buf_printf(b, "%.4f", ss->stats.merge_max);
	ns_buf_printf(b, "\n  }\n}\n");
	int rc = out_finish(&f);
	*fp = f;
	return rc;
}

void ns_run_counts_make(ns_run_counts *c, const ns_options *o, const ns_ingest *in, const ns_boilerplate *bp,
                        const ns_dedup *dd, const ns_story_set *ss, const ns_summaries *sm)
{
	memset(c, 0, sizeof(*c));
	if (in) {
		c->read = in->read;
		c->rejected = in->rejected;
		c->repaired = in->repaired;
		c->blank_lines = in->blank_lines;
		c->input_errors = in->input_errors;
		c->input_bytes = in->bytes;
		for (int k = 0; k < NS_SCRUB_NKINDS; k++) {
			c->builtin_removed[k] = in->scrub.removed[k];
			c->builtin_total += in->scrub.removed[k];
		}
		c->meta_removed = in->scrub.meta;
		c->date_filled = in->date_filled;
		for (int k = 0; k < NS_PAGE_NKINDS; k++) {
			c->non_articles[k] = in->non_articles[k];
			c->non_article_total += in->non_articles[k];
		}
		memcpy(c->pages, in->pages, sizeof(c->pages));
		memcpy(c->warc, in->warc, sizeof(c->warc));
		memcpy(c->warc_not_pages, in->warc_not_pages, sizeof(c->warc_not_pages));
	}
	if (bp) {
		c->boiler_lines = bp->n;
		c->boiler_removed = bp->removed;
	}
	c->bands = o->bands;
	c->rows = o->rows;
	if (dd) {
		c->kept = dd->kept;
		c->duplicate = dd->duplicates;
		c->exact_dups = dd->exact;
		c->near_dups = dd->near;
		c->dup_groups = dd->groups;
		c->candidates = dd->candidates;
		c->verified = dd->nedge;
	}
	if (ss) {
		c->stories = 0;
		for (size_t k = 0; k < ss->nlist; k++) c->stories += ss->list[k].narticles > 0;
		c->multi_stories = ss->multi;
	}
	if (sm) c->summaries = sm->done;
}

#define NS_NOUT 7 /* output files (one less with --no-dump); report.json is the last */

const char *const ns_output_files[] = {"clusters.tsv", "deduped.jsonl.gz", "stories.jsonl", "digest.md", "digest.html", "digest.json", "report.json", NULL};

/* mkdir -p: the directory and its missing parents.  0, or -1 with errno. */
static int make_dirs(const char *path)
{
	size_t n = strlen(path);
	char *p = malloc(n + 1);
	if (!p) return -1;
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != 0) continue;
		if (p[i - 1] == '/') continue; /* "a//b" */
		char c = p[i];
		p[i] = 0;
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		p[i] = c;
	}
	free(p);
	return 0;
}

ns_status ns_write_outputs(const ns_ctx *c, const ns_outputs *r, const char *outdir, ns_times *tm)
{
	double t0 = ns_now();
	if (make_dirs(outdir) != 0) {
		ns_ctx_logf(c, NS_LOG_ERROR, "%s: cannot create directory: %s", outdir, strerror(errno));
		return NS_ERR_OPEN;
	}
	struct stat sb;
	if (stat(outdir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		ns_ctx_logf(c, NS_LOG_ERROR, "%s: not a directory", outdir);
		return NS_ERR_OPEN;
	}
	groups g = {0};
	if (group_lists(r->dd, &g)) { free(g.start); free(g.list); return NS_ERR_NOMEM; }
	out_file f[NS_NOUT];
	int done = 0, bad = 0, nout = c->o->no_dump ? NS_NOUT - 1 : NS_NOUT;
	/* all temporaries first; stop at the first failure */
	if (!bad) { bad = write_clusters(r, c, outdir, &f[done]) != 0; done += !bad; }
	if (!bad && !c->o->no_dump) { bad = write_deduped(r, c, outdir, &g, &f[done]) != 0; done += !bad; }
	if (!bad) { bad = write_stories(r, c, outdir, &f[done]) != 0; done += !bad; }
	ns_digest dg;
	if (!bad && digest_model(r, c, &dg) != NS_OK) {
		ns_ctx_logf(c, NS_LOG_ERROR, "%s: digest: out of memory", outdir);
		bad = 1;
	} else if (!bad) {
		bad = write_digest(r, c, outdir, &dg, "digest.md", NS_DIGEST_MD, &f[done]) != 0;
		done += !bad;
		if (!bad) { bad = write_digest(r, c, outdir, &dg, "digest.html", NS_DIGEST_HTML, &f[done]) != 0; done += !bad; }
		if (!bad) { bad = write_digest(r, c, outdir, &dg, "digest.json", NS_DIGEST_JSON, &f[done]) != 0; done += !bad; }
		ns_digest_free(&dg);
	}
	free(g.start);
	free(g.list);
	tm->t[NS_T_WRITE] += ns_now() - t0;
	if (!bad) { bad = write_report(r, c, tm, outdir, &f[done]) != 0; done += !bad; }
	int stop = !bad && ns_ctx_stopped(c);
	if (bad || stop) {
		for (int i = 0; i < done; i++) unlink(f[i].tmp);
		return bad ? NS_ERR_IO : NS_ERR_INTERRUPTED;
	}
	/* commit: without the old report, a half-renamed set never looks finished */
	if (unlink(f[nout - 1].dst) != 0 && errno != ENOENT) {
		ns_ctx_logf(c, NS_LOG_ERROR, "%s: cannot remove: %s", f[nout - 1].dst, strerror(errno));
		bad = 1;
	}
	if (!bad && c->o->no_dump) {
		/* a dump left by an earlier run would pass for this run's */
		char old[4096];
		snprintf(old, sizeof(old), "%s/deduped.jsonl.gz", outdir);
		if (unlink(old) != 0 && errno != ENOENT) {
			ns_ctx_logf(c, NS_LOG_ERROR, "%s: cannot remove: %s", old, strerror(errno));
			bad = 1;
		}
	}
	int i = 0;
	for (; !bad && i < nout; i++) {
		if (rename(f[i].tmp, f[i].dst) != 0) {
			ns_ctx_logf(c, NS_LOG_ERROR, "%s: rename failed: %s", f[i].dst, strerror(errno));
			bad = 1;
			break;
		}
	}
	for (; i < nout; i++) unlink(f[i].tmp);
	if (bad) return NS_ERR_IO;
	/* make the renames durable; the outputs are complete and in place
	 * either way, so a failure here is only a warning */
	int dfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL))
		ns_ctx_logf(c, NS_LOG_WARN, "%s: fsync of the directory failed: %s", outdir, strerror(errno));
	if (dfd >= 0) close(dfd);
	return NS_OK;
}
