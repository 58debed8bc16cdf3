/* newsift — line reader and JSONL record parser.
 *
 * The reader reads the file in 256 KiB blocks.  Input that starts with the
 * gzip magic bytes is inflated member by member (concatenated members are
 * one stream); other input passes through unchanged.  The inflater is ISA-L's
 * isal_inflate() when the build found libisal (Debian's libisal-dev: about
 * twice zlib's speed here, see results/bench.md), else zlib's inflate(); both
 * stream, and both check each member's CRC.  Driving inflate() directly, rather than through gzread(), lets
 * the reader see what follows the last member: gzread() silently drops
 * trailing bytes that are not another member, and here they are an error
 * ("trailing garbage after gzip data").  A stream that ends inside a member is
 * "truncated gzip input".  Lines are cut with memchr from a buffer that grows
 * for a line longer than it; nothing is ever cut.
 *
 * The parser uses json-c with one tokener per thread (json-c measured fastest
 * of the libraries we tried, see results/libs.md).  Raw NUL bytes in a line are not
 * JSON; they are dropped before parsing, like escaped ones.  Field values are
 * copied into one allocation per record, repaired to valid UTF-8 on the way. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <json-c/json.h>
#include <zstd.h>
#ifdef NS_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif
#include "internal.h"
#include "newsift/read.h"

const char *const ns_field_names[NS_NFIELDS] = {"id", "title", "date", "source", "url", "text"};

#define NS_READ_BLOCK (1u << 20)   /* line buffer: initial size, and least free room per fill */
#define NS_READ_IN (256u << 10)    /* raw (compressed) input block */
#define NS_READ_MAX_CHUNK ((size_t)1 << 30) /* most bytes asked of read() or inflate() at once */
#define NS_MAX_LINE ((size_t)1 << 30)       /* longest line the parser takes */
#define NS_BINARY_NUL_SHARE 32 /* binary: more than 1 byte in 32 is NUL... */
#define NS_BINARY_BAD_SHARE 4  /* ...or more than 1 in 4 is no text */

enum { MODE_UNKNOWN = 0, MODE_PLAIN, MODE_GZIP, MODE_ZSTD };

typedef struct ahead ahead;

struct ns_reader {
	int fd;
	int mode;
	z_stream z;          /* zlib's state; its next_in/avail_in also track the raw block for ISA-L */
	int zinit;           /* inflateInit2 done */
#ifdef NS_HAVE_ISAL
	struct inflate_state *iz; /* ISA-L's state, used instead of zlib's inflate() */
#endif
	int member_end;      /* the last member ended; what follows decides */
	ZSTD_DStream *zd;    /* zstd's state */
	int zframe;          /* inside a zstd frame (its end not yet reached) */
	int raw_eof;         /* read() returned 0 */
	unsigned char *in;   /* raw bytes; the unread ones are z.next_in[0, z.avail_in) */
	uint64_t raw_read;   /* raw bytes read from fd */
	char *buf;
	size_t cap, beg, end; /* unread bytes are buf[beg, end) */
	uint64_t lineno;
	uint64_t taken;      /* bytes given out (lines with their ends, skipped bytes) */
	int eof, err;
	char errmsg[256];
	ahead *ah;           /* not NULL: the bytes come from a read-ahead thread */
	uint64_t limit;      /* a byte range: raw bytes left to read in it (UINT64_MAX: to the end of the file) */
	int mid;             /* a range that starts after line 1: no byte-order mark to strip */
};

ns_status ns_reader_open(ns_reader **rp, const char *path, char *err, size_t errlen)
{
	*rp = NULL;
	ns_reader *r = calloc(1, sizeof(*r));
	if (!r) return NS_ERR_NOMEM;
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(0);
	if (fd < 0) {
		ns_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		free(r);
		return NS_ERR_OPEN;
	}
	/* a directory opens but fails on the first read: say so here */
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		ns_errf(err, errlen, "%s: cannot open: %s", path, strerror(EISDIR));
		close(fd);
		free(r);
		return NS_ERR_OPEN;
	}
	r->fd = fd;
	r->cap = NS_READ_BLOCK;
	r->buf = malloc(r->cap + 1);
	r->in = malloc(NS_READ_IN);
	if (!r->buf || !r->in) {
		close(fd);
		free(r->buf);
		free(r->in);
		free(r);
		return NS_ERR_NOMEM;
	}
	r->z.next_in = r->in;
	r->limit = UINT64_MAX;
	*rp = r;
	return NS_OK;
}

ns_status ns_reader_open_range(ns_reader **rp, const char *path, uint64_t off, uint64_t end, char *err, size_t errlen)
{
	ns_status st = ns_reader_open(rp, path, err, errlen);
	if (st) return st;
	ns_reader *r = *rp;
	if (end < off || lseek(r->fd, (off_t)off, SEEK_SET) == (off_t)-1) {
		ns_errf(err, errlen, "%s: cannot read bytes %llu-%llu: %s", path, (unsigned long long)off,
		        (unsigned long long)end, end < off ? strerror(EINVAL) : strerror(errno));
		ns_reader_close(r);
		*rp = NULL;
		return NS_ERR_OPEN;
	}
	r->mode = MODE_PLAIN;
	r->limit = end - off;
	r->mid = off > 0;
	return NS_OK;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void set_err(ns_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->errmsg, sizeof(r->errmsg), fmt, ap);
	va_end(ap);
	r->err = 1;
}

/* One read() of at most n bytes into p (a short count is the caller's to
 * handle).  Returns bytes read, 0 at end of file, NS_ERR_INTERRUPTED when a
 * signal arrived, NS_ERR_IO (message set) on error. */
static long raw_read(ns_reader *r, void *p, size_t n)
{
	n = NS_MIN(n, NS_READ_MAX_CHUNK);
	if (r->limit != UINT64_MAX) n = (size_t)NS_MIN((uint64_t)n, r->limit);
	ssize_t k = n ? read(r->fd, p, n) : 0;
	if (k < 0) {
		if (errno == EINTR) return NS_ERR_INTERRUPTED;
		set_err(r, "%s", strerror(errno));
		return NS_ERR_IO;
	}
	if (k == 0) r->raw_eof = 1;
	r->raw_read += (uint64_t)k;
	if (r->limit != UINT64_MAX) r->limit -= (uint64_t)k;
	return (long)k;
}

/* Top up the raw input block so that at least want bytes are unread (or the
 * file ended).  Returns 0, NS_ERR_INTERRUPTED or NS_ERR_IO. */
static int raw_fill(ns_reader *r, size_t want)
{
	if (r->z.avail_in && r->z.next_in != r->in) memmove(r->in, r->z.next_in, r->z.avail_in);
	r->z.next_in = r->in;
	while (r->z.avail_in < want && !r->raw_eof) {
		long k = raw_read(r, r->in + r->z.avail_in, NS_READ_IN - r->z.avail_in);
		if (k < 0) return (int)k;
		r->z.avail_in += (uInt)k;
	}
	return 0;
}

/* Raw offset of the next unread byte: where an error was found. */
static unsigned long long raw_pos(const ns_reader *r)
{
	return (unsigned long long)(r->raw_read - r->z.avail_in);
}

/* A member ended: the input ends here (returns 0, eof set), or another
 * member starts (returns 1; the inflater is to be reset), or what follows is
 * not gzip (NS_ERR_IO, message set); or a negative status of raw_fill. */
static int next_member(ns_reader *r)
{
	int st = raw_fill(r, 2);
	if (st) return st;
	if (r->z.avail_in == 0) { r->eof = 1; return 0; }
	if (r->z.avail_in < 2 || r->in[0] != 0x1f || r->in[1] != 0x8b) {
		set_err(r, "trailing garbage after gzip data at byte offset %llu", raw_pos(r));
		return NS_ERR_IO;
	}
	return 1;
}

/* Inflate into buf[end, cap).  Returns bytes produced (0 at the end of the
 * stream, eof set), or a negative status. */
#ifdef NS_HAVE_ISAL
/* ISA-L's error codes in zlib's words, so that messages do not depend on the
 * build. */
static const char *isal_msg(int e)
{
	switch (e) {
	case ISAL_INVALID_BLOCK: return "invalid block type";
	case ISAL_INVALID_SYMBOL: return "invalid code";
	case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER: return "incorrect header check";
	case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
	case ISAL_NEED_DICT: return "need dictionary";
	default: return "inflate error";
	}
}

static long gz_fill(ns_reader *r)
{
	size_t room = NS_MIN(r->cap - r->end, NS_READ_MAX_CHUNK);
	struct inflate_state *z = r->iz;
	for (;;) {
		if (r->member_end) {
			int st = next_member(r);
			if (st <= 0) return st;
			isal_inflate_reset(z);
			z->crc_flag = ISAL_GZIP;
			r->member_end = 0;
		}
		if (r->z.avail_in == 0) {
			int st = raw_fill(r, 1);
			if (st) return st;
		}
		int at_eof = r->z.avail_in == 0 && r->raw_eof;
		uInt in0 = r->z.avail_in;
		z->next_in = r->z.next_in;
		z->avail_in = r->z.avail_in;
		z->next_out = (unsigned char *)r->buf + r->end;
		z->avail_out = (uint32_t)room;
		int zr = isal_inflate(z);
		size_t made = room - z->avail_out;
		r->z.next_in = z->next_in;
		r->z.avail_in = z->avail_in;
		r->end += made;
		if (zr < 0 || zr == ISAL_NEED_DICT) {
			set_err(r, "invalid gzip data at byte offset %llu: %s", raw_pos(r), isal_msg(zr));
			return made ? (long)made : NS_ERR_IO;
		}
		if (z->block_state == ISAL_BLOCK_FINISH) r->member_end = 1;
		else if (!made && r->z.avail_in == in0) {
			/* no progress: the input ended inside a member, or more is needed */
			if (at_eof || r->raw_eof) {
				set_err(r, "truncated gzip input: unexpected end of file");
				return NS_ERR_IO;
			}
			int st = raw_fill(r, (size_t)r->z.avail_in + 1);
			if (st) return st;
		}
		if (made) return (long)made;
	}
}
#else
static long gz_fill(ns_reader *r)
{
	size_t room = NS_MIN(r->cap - r->end, NS_READ_MAX_CHUNK);
	for (;;) {
		if (r->member_end) {
			int st = next_member(r);
			if (st <= 0) return st;
			if (inflateReset(&r->z) != Z_OK) { set_err(r, "inflateReset failed"); return NS_ERR_IO; }
			r->member_end = 0;
		}
		if (r->z.avail_in == 0) {
			int st = raw_fill(r, 1);
			if (st) return st;
		}
		int at_eof = r->z.avail_in == 0 && r->raw_eof;
		r->z.next_out = (unsigned char *)r->buf + r->end;
		r->z.avail_out = (uInt)room;
		int zr = inflate(&r->z, Z_NO_FLUSH);
		size_t made = room - r->z.avail_out;
		r->end += made;
		if (zr == Z_STREAM_END) r->member_end = 1;
		else if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR) {
			set_err(r, "invalid gzip data at byte offset %llu", raw_pos(r));
			if (r->z.msg) {
				size_t l = strlen(r->errmsg);
				snprintf(r->errmsg + l, sizeof(r->errmsg) - l, ": %s", r->z.msg);
			}
			return made ? (long)made : NS_ERR_IO;
		} else if (zr == Z_MEM_ERROR) {
			return NS_ERR_NOMEM;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			set_err(r, "gzip error %d", zr); /* Z_STREAM_ERROR: cannot happen; never loop on it */
			return made ? (long)made : NS_ERR_IO;
		} else if (zr == Z_BUF_ERROR || (zr == Z_OK && !made && at_eof)) {
			/* no progress possible: the input ended inside a member */
			if (at_eof || (r->z.avail_in == 0 && r->raw_eof)) {
				set_err(r, "truncated gzip input: unexpected end of file");
				return made ? (long)made : NS_ERR_IO;
			}
		}
		if (made) return (long)made;
	}
}
#endif

/* Decompress zstd into buf[end, cap): frames one after the other are one
 * stream (ZSTD_decompressStream goes on to the next by itself).  Returns
 * bytes produced (0 at the end of the input, which must end a frame), or a
 * negative status. */
static long zstd_fill(ns_reader *r)
{
	size_t room = NS_MIN(r->cap - r->end, NS_READ_MAX_CHUNK);
	for (;;) {
		if (r->z.avail_in == 0) {
			int st = raw_fill(r, 1);
			if (st) return st;
			if (r->z.avail_in == 0) {
				if (!r->zframe) return 0;
				set_err(r, "truncated zstd input: unexpected end of file");
				return NS_ERR_IO;
			}
		}
		ZSTD_inBuffer in = {r->z.next_in, r->z.avail_in, 0};
		ZSTD_outBuffer out = {r->buf + r->end, room, 0};
		size_t ret = ZSTD_decompressStream(r->zd, &out, &in);
		r->z.next_in += in.pos;
		r->z.avail_in -= (uInt)in.pos;
		r->end += out.pos;
		if (ZSTD_isError(ret)) {
			set_err(r, "invalid zstd data at byte offset %llu: %s", raw_pos(r), ZSTD_getErrorName(ret));
			return out.pos ? (long)out.pos : NS_ERR_IO;
		}
		/* 0: a frame ended and everything of it was given out */
		r->zframe = ret != 0;
		if (out.pos) return (long)out.pos;
	}
}

/* zstd frames (28 b5 2f fd) and skippable frames (5? 2a 4d 18) */
static int zstd_magic(const unsigned char *p, size_t n)
{
	if (n < 4) return 0;
	if (p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD) return 1;
	return (p[0] & 0xF0) == 0x50 && p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18;
}

static int gzip_magic(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

int ns_looks_compressed(const void *p, size_t n)
{
	return gzip_magic(p, n) || zstd_magic(p, n);
}

/* Read more bytes at the end of the buffer, compacting or growing it first.
 * Returns bytes added (0 at the end of input), or a negative status. */
static long fill(ns_reader *r)
{
	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->beg = 0;
	}
	if (r->cap - r->end < NS_READ_BLOCK / 2) {
		size_t nc = r->cap * 2;
		char *nb = realloc(r->buf, nc + 1);
		if (!nb) return NS_ERR_NOMEM;
		r->buf = nb;
		r->cap = nc;
	}
	if (r->mode == MODE_UNKNOWN) {
		/* gzip starts with 1f 8b, zstd with its magic number; anything
		 * else is read as it is */
		int st = raw_fill(r, 4);
		if (st) return st;
		if (zstd_magic(r->in, r->z.avail_in)) {
			if (!(r->zd = ZSTD_createDStream())) return NS_ERR_NOMEM;
			ZSTD_initDStream(r->zd);
			r->mode = MODE_ZSTD;
		} else if (gzip_magic(r->in, r->z.avail_in)) {
#ifdef NS_HAVE_ISAL
			if (!(r->iz = malloc(sizeof(*r->iz)))) return NS_ERR_NOMEM;
			isal_inflate_init(r->iz);
			r->iz->crc_flag = ISAL_GZIP;
#else
			if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK) return NS_ERR_NOMEM;
			r->zinit = 1;
#endif
			r->mode = MODE_GZIP;
		} else {
			r->mode = MODE_PLAIN;
		}
	}
	if (r->mode == MODE_GZIP || r->mode == MODE_ZSTD) {
		long n = r->mode == MODE_GZIP ? gz_fill(r) : zstd_fill(r);
		if (n == 0) r->eof = 1;
		return n;
	}
	/* plain: the bytes left in the raw block first, then straight from the file */
	size_t n;
	if (r->z.avail_in) {
		n = NS_MIN((size_t)r->z.avail_in, r->cap - r->end);
		memcpy(r->buf + r->end, r->z.next_in, n);
		r->z.next_in += n;
		r->z.avail_in -= (uInt)n;
	} else {
		long k = raw_read(r, r->buf + r->end, r->cap - r->end);
		if (k < 0) return k;
		n = (size_t)k;
	}
	if (n == 0) r->eof = 1;
	r->end += n;
	return (long)n;
}

/* ---- read-ahead ----
 *
 * A reader opened with ns_reader_open_ahead on a regular file gets a thread
 * of its own.  That thread drives a plain reader of the file (the fill()
 * above: read, inflate) and queues what each fill() made, as a block with
 * the end or error that came with it, at most `limit` bytes ahead;
 * ns_reader_next takes the blocks in order.  The lines, their numbers and
 * the errors are what the plain reader would give, in the same places; only
 * the inflating runs beside the caller, so several files can inflate at
 * once.  Standard input and pipes are read directly: a thread waiting in
 * read() there could not be stopped. */
typedef struct ablock {
	struct ablock *next;
	size_t n;
	int eof, err;        /* the end, or an error, follows the bytes */
	char errmsg[256];
	char data[];
} ablock;

struct ahead {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* a block was queued or taken, or stop was set */
	ablock *head, *tail;
	size_t queued, limit;
	int stop;            /* the consumer closes: the thread ends */
	int nomem;           /* the thread could not queue its last block */
	int done;            /* the thread queued its last block (or gave up) */
	uint64_t raw;        /* raw bytes the thread has consumed */
	ns_reader *src;
};

static void *ahead_main(void *arg)
{
	ahead *a = arg;
	ns_reader *s = a->src;
	for (;;) {
		pthread_mutex_lock(&a->mu);
		while (a->queued >= a->limit && !a->stop) pthread_cond_wait(&a->cv, &a->mu);
		int stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop) break;
		s->beg = s->end = 0;
		long k = fill(s);
		size_t n = s->end;
		ablock *b = malloc(sizeof(*b) + (n ? n : 1));
		int last = k == NS_ERR_NOMEM || s->eof || s->err;
		pthread_mutex_lock(&a->mu);
		if (!b || k == NS_ERR_NOMEM) {
			free(b);
			a->nomem = 1;
			last = 1;
		} else {
			memcpy(b->data, s->buf, n);
			b->next = NULL;
			b->n = n;
			b->eof = s->eof;
			b->err = s->err;
			memcpy(b->errmsg, s->errmsg, sizeof(b->errmsg));
			if (a->tail) a->tail->next = b;
			else a->head = b;
			a->tail = b;
			a->queued += n;
		}
		if (last) a->done = 1;
		a->raw = s->raw_read - s->z.avail_in;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (last) break;
	}
	return NULL;
}

/* fill() for a reader with read-ahead: the next block's bytes. */
static long ahead_fill(ns_reader *r)
{
	ahead *a = r->ah;
	pthread_mutex_lock(&a->mu);
	while (!a->head && !a->done) pthread_cond_wait(&a->cv, &a->mu);
	ablock *b = a->head;
	if (b) {
		a->head = b->next;
		if (!a->head) a->tail = NULL;
		a->queued -= b->n;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->mu);
	if (!b) return NS_ERR_NOMEM; /* done without a last block: the thread ran out of memory */
	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->beg = 0;
	}
	if (r->cap - r->end < b->n) {
		size_t nc = r->cap;
		while (nc - r->end < b->n) nc *= 2;
		char *nb = realloc(r->buf, nc + 1);
		if (!nb) { free(b); return NS_ERR_NOMEM; }
		r->buf = nb;
		r->cap = nc;
	}
	memcpy(r->buf + r->end, b->data, b->n);
	r->end += b->n;
	if (b->err) {
		memcpy(r->errmsg, b->errmsg, sizeof(r->errmsg));
		r->err = 1;
	}
	if (b->eof) r->eof = 1;
	long n = (long)b->n;
	free(b);
	return n;
}

ns_status ns_reader_open_ahead(ns_reader **rp, const char *path, size_t limit, char *err, size_t errlen)
{
	ns_status st = ns_reader_open(rp, path, err, errlen);
	struct stat sb;
	if (st || limit == 0 || fstat((*rp)->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) return st;
	ns_reader *r = *rp, *src = calloc(1, sizeof(*src));
	ahead *a = calloc(1, sizeof(*a));
	char *sbuf = malloc(r->cap + 1);
	if (!src || !a || !sbuf) { free(src); free(a); free(sbuf); return NS_OK; } /* read directly */
	/* the thread reads through a reader of its own (the file, the raw
	 * block, the inflater); this one keeps only its line buffer */
	*src = *r;
	src->buf = sbuf;
	r->fd = -1;
	r->in = NULL;
	a->src = src;
	a->limit = limit;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	/* signals are for the caller's threads: the read-ahead thread never
	 * sees EINTR */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int pe = pthread_create(&a->th, NULL, ahead_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pe != 0) {
		/* no thread: read directly after all */
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		r->fd = src->fd;
		r->in = src->in;
		r->z = src->z;
		free(src->buf);
		free(src);
		free(a);
		return NS_OK;
	}
	r->ah = a;
	return NS_OK;
}

int ns_reader_next(ns_reader *r, const char **line, size_t *len, uint64_t *lineno, char *err, size_t errlen)
{
	for (;;) {
		char *s = r->buf + r->beg;
		char *nl = memchr(s, '\n', r->end - r->beg);
		if (nl || ((r->eof || r->err) && r->end > r->beg)) {
			size_t n = nl ? (size_t)(nl - s) : r->end - r->beg;
			r->beg += nl ? n + 1 : n;
			r->taken += nl ? n + 1 : n;
			if (n && s[n - 1] == '\r') n--;
			if (r->lineno == 0 && !r->mid && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
			s[n] = 0;
			*line = s;
			*len = n;
			*lineno = ++r->lineno;
			return 1;
		}
		if (r->err) {
			ns_errf(err, errlen, "%s", r->errmsg);
			r->err = 0;
			r->eof = 1; /* report once, then end */
			return NS_ERR_IO;
		}
		if (r->eof) return 0;
		long st = r->ah ? ahead_fill(r) : fill(r);
		if (st == NS_ERR_NOMEM || st == NS_ERR_INTERRUPTED) return (int)st;
	}
}

int ns_reader_peek(ns_reader *r, const char **p, size_t *n, size_t want)
{
	while (r->end - r->beg < want && !r->eof && !r->err) {
		long st = r->ah ? ahead_fill(r) : fill(r);
		if (st == NS_ERR_NOMEM || st == NS_ERR_INTERRUPTED) return (int)st;
	}
	*p = r->buf + r->beg;
	*n = NS_MIN(r->end - r->beg, want);
	return 0;
}

void ns_reader_skip(ns_reader *r, size_t n)
{
	n = NS_MIN(n, r->end - r->beg);
	r->beg += n;
	r->taken += n;
}

uint64_t ns_reader_offset(const ns_reader *r)
{
	return r->taken;
}

int ns_reader_error(ns_reader *r, char *err, size_t errlen)
{
	if (!r->err) return 0;
	ns_errf(err, errlen, "%s", r->errmsg);
	r->err = 0;
	r->eof = 1;
	return 1;
}

int ns_looks_binary(const char *p, size_t n)
{
	/* a NUL is never text, but a damaged line may hold one: many are
	 * binary; so is a sample whose bytes are a quarter or more NULs,
	 * control characters other than white space and escape, or bytes of
	 * no valid UTF-8 sequence (random bytes: about half) */
	const unsigned char *u = (const unsigned char *)p;
	size_t nul = 0, bad = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		if (c >= 0x20 && c < 0x7F) { i++; continue; }
		if (c < 0x80) {
			nul += c == 0;
			bad += c == 0 || (c < 0x20 && !strchr("\t\n\v\f\r\x1b", (int)c)) || c == 0x7F;
			i++;
			continue;
		}
		int32_t cp;
		size_t l = ns_utf8_decode(u + i, n - i, &cp);
		/* a sequence cut by the end of the sample is not held against it */
		if (!l && n - i < 4) break;
		if (!l) { bad++; l = 1; }
		i += l;
	}
	return n && (nul * NS_BINARY_NUL_SHARE > n || bad * NS_BINARY_BAD_SHARE > n);
}

uint64_t ns_reader_bytes_out(const ns_reader *r)
{
	if (r && r->ah) {
		/* the read-ahead thread's count, which runs ahead of the lines */
		pthread_mutex_lock(&r->ah->mu);
		uint64_t b = r->ah->raw;
		pthread_mutex_unlock(&r->ah->mu);
		return b;
	}
	return r ? r->raw_read - r->z.avail_in : 0;
}

void ns_reader_close(ns_reader *r)
{
	if (!r) return;
	if (r->ah) {
		ahead *a = r->ah;
		pthread_mutex_lock(&a->mu);
		a->stop = 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->th, NULL);
		for (ablock *b = a->head, *nx; b; b = nx) {
			nx = b->next;
			free(b);
		}
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		ns_reader_close(a->src);
		free(a);
		r->ah = NULL;
	}
	if (r->zinit) inflateEnd(&r->z);
	ZSTD_freeDStream(r->zd);
#ifdef NS_HAVE_ISAL
	free(r->iz);
#endif
	if (r->fd >= 0) close(r->fd);
	free(r->in);
	free(r->buf);
	free(r);
}

void ns_record_free(ns_record *rec)
{
	free(rec->buf);
	memset(rec, 0, sizeof(*rec));
}

struct ns_parser {
	json_tokener *tok;
	const char *names[NS_NFIELDS];
	ns_buf nonul;   /* a line with raw NUL bytes, without them */
	ns_buf extra;   /* the members passed through, as JSON text */
	char note[160]; /* the repair note of the last record */
};

int ns_is_output_name(const char *k)
{
	static const char *const out[] = {"id", "title", "date", "source", "url", "text", "story", "dup_group_size",
	                                   "duplicates"};
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		if (!strcmp(k, out[i])) return 1;
	return 0;
}

ns_parser *ns_parser_create(const ns_options *o)
{
	ns_parser *p = calloc(1, sizeof(*p));
	if (!p) return NULL;
	p->tok = json_tokener_new();
	if (!p->tok) { free(p); return NULL; }
	p->names[NS_F_ID] = o->field_id;
	p->names[NS_F_TITLE] = o->field_title;
	p->names[NS_F_DATE] = o->field_date;
	p->names[NS_F_SOURCE] = o->field_source;
	p->names[NS_F_URL] = o->field_url;
	p->names[NS_F_TEXT] = o->field_text;
	return p;
}

void ns_parser_destroy(ns_parser *p)
{
	if (!p) return;
	json_tokener_free(p->tok);
	ns_buf_free(&p->nonul);
	ns_buf_free(&p->extra);
	free(p);
}

size_t ns_copy_utf8(char *out, const char *s, size_t n, int *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (u[i] && u[i] < 0x80) { out[o++] = (char)u[i++]; continue; }
		if (!u[i]) { (*bad)++; i++; continue; }
		int32_t cp;
		size_t l = ns_utf8_decode(u + i, n - i, &cp);
		if (l) { memcpy(out + o, s + i, l); o += l; i += l; }
		else { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; i++; (*bad)++; }
	}
	return o;
}

ns_status ns_parser_parse(ns_parser *p, const char *line, size_t len, ns_record *rec,
                          const char **repaired, char *err, size_t errlen)
{
	memset(rec, 0, sizeof(*rec));
	*repaired = NULL;
	json_tokener_reset(p->tok);
	/* json-c takes an int length, and a repaired field (3 bytes per bad byte)
	 * must fit its uint32_t length */
	if (len > NS_MAX_LINE) { ns_errf(err, errlen, "line longer than 1 GiB"); return NS_ERR_FORMAT; }
	/* json-c stops at a raw NUL byte: drop them (the record counts as repaired) */
	int bad = 0;
	const char *nul = memchr(line, 0, len);
	if (nul) {
		p->nonul.len = 0;
		if (ns_buf_reserve(&p->nonul, len)) return NS_ERR_NOMEM;
		for (const char *e = line + len; line < e;) {
			const char *z = memchr(line, 0, (size_t)(e - line));
			size_t k = z ? (size_t)(z - line) : (size_t)(e - line);
			memcpy(p->nonul.p + p->nonul.len, line, k);
			p->nonul.len += k;
			line += k;
			while (line < e && !*line) { line++; bad++; }
		}
		line = p->nonul.p;
		len = p->nonul.len;
	}
	json_object *obj = json_tokener_parse_ex(p->tok, line, (int)len);
	enum json_tokener_error je = json_tokener_get_error(p->tok);
	size_t end = json_tokener_get_parse_end(p->tok);
	if (!obj && je == json_tokener_continue) {
		/* a number or literal at the end of the line ends there ("42", "null");
		 * json-c needs the terminating NUL to know */
		obj = json_tokener_parse_ex(p->tok, "", 1);
		je = json_tokener_get_error(p->tok);
		if (je != json_tokener_success) je = json_tokener_continue;
		end = len;
	}
	if (je != json_tokener_success) {
		if (je == json_tokener_continue) ns_errf(err, errlen, "malformed JSON: unexpected end of line");
		else ns_errf(err, errlen, "malformed JSON: %s at byte %zu", json_tokener_error_desc(je), end + 1);
		if (obj) json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	while (end < len && (line[end] == ' ' || line[end] == '\t')) end++;
	if (end < len) {
		ns_errf(err, errlen, "malformed JSON: trailing characters at byte %zu", end + 1);
		if (obj) json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	/* a JSON null parses to no object */
	if (!obj || !json_object_is_type(obj, json_type_object)) {
		ns_errf(err, errlen, "JSON value is not an object");
		json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	const char *val[NS_NSTORED];
	size_t vlen[NS_NSTORED];
	uint8_t numeric = 0;
	char idnum[32];
	int fail = 0;       /* the record is rejected (err says why), its fields kept */
	p->extra.len = 0;
	p->note[0] = 0;
	for (int f = 0; f < NS_NSTORED; f++) { val[f] = ""; vlen[f] = 0; }
	json_object_object_foreach(obj, key, v) {
		unsigned fields = 0; /* the fields this member gives (two options may name one member) */
		for (int f = 0; f < NS_NFIELDS; f++)
			if (!strcmp(key, p->names[f])) fields |= 1u << f;
		if (!fields) {
			/* a member newsift does not use: passed through as JSON text,
			 * unless its name is one the output line already has */
			if (ns_is_output_name(key)) continue;
			if ((p->extra.len && ns_buf_put(&p->extra, ", ", 2)) || ns_json_str(&p->extra, key, strlen(key)) ||
			    ns_buf_put(&p->extra, ": ", 2)) {
				json_object_put(obj);
				return NS_ERR_NOMEM;
			}
			const char *js = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
			if (!js || ns_buf_put(&p->extra, js, strlen(js))) { json_object_put(obj); return NS_ERR_NOMEM; }
			continue;
		}
		if (!v) continue; /* null: absent */
		json_type t = json_object_get_type(v);
		for (int f = 0; f < NS_NFIELDS; f++) {
			if (!(fields & (1u << f))) continue;
			if (t == json_type_string) {
				val[f] = json_object_get_string(v);
				vlen[f] = (size_t)json_object_get_string_len(v);
			} else if (f == NS_F_ID && t == json_type_int) {
				/* json-c saturates integers outside int64/uint64 without a word,
				 * so the extremes may stand for other numbers: two different ids
				 * must never become one */
				int64_t i = json_object_get_int64(v);
				uint64_t u = json_object_get_uint64(v);
				if (i == INT64_MIN || u == UINT64_MAX) {
					ns_errf(err, errlen, "field \"%s\" is an integer out of range, not a string", p->names[f]);
					json_object_put(obj);
					return NS_ERR_FORMAT;
				}
				if (i < 0) vlen[f] = (size_t)snprintf(idnum, sizeof(idnum), "%lld", (long long)i);
				else vlen[f] = (size_t)snprintf(idnum, sizeof(idnum), "%llu", (unsigned long long)u);
				val[f] = idnum;
			} else if (f != NS_F_ID && f != NS_F_TEXT && (t == json_type_int || t == json_type_double)) {
				/* a number as it was written: a date of digits is an epoch time */
				val[f] = json_object_get_string(v);
				vlen[f] = strlen(val[f]);
				numeric |= (uint8_t)(1u << f);
			} else if (f == NS_F_ID || f == NS_F_TEXT) {
				if (!fail)
					ns_errf(err, errlen, "field \"%s\" is %s, not a string", p->names[f], json_type_to_name(t));
				fail = 1;
			} else if (!p->note[0]) {
				/* a list, an object or a boolean where a string belongs:
				 * the field goes, the record stays */
				snprintf(p->note, sizeof(p->note), "field \"%.40s\" is %s, not a string: dropped", p->names[f],
				         json_type_to_name(t));
			}
		}
	}
	val[NS_F_EXTRA] = p->extra.p ? p->extra.p : "";
	vlen[NS_F_EXTRA] = p->extra.len;
	/* one NUL per field, absent ones included, plus 3 bytes per input byte
	 * (the worst case of repair: every byte becomes U+FFFD) */
	size_t total = NS_NSTORED;
	for (int f = 0; f < NS_NSTORED; f++) total += 3 * vlen[f];
	rec->buf = malloc(total);
	if (!rec->buf) { json_object_put(obj); return NS_ERR_NOMEM; }
	size_t o = 0;
	for (int f = 0; f < NS_NSTORED; f++) {
		size_t n = ns_copy_utf8(rec->buf + o, val[f], vlen[f], &bad);
		rec->buf[o + n] = 0;
		rec->f[f] = rec->buf + o;
		rec->len[f] = (uint32_t)n;
		o += n + 1;
	}
	json_object_put(obj);
	rec->numeric = numeric;
	if (fail) return NS_ERR_FORMAT;
	if (bad && p->note[0]) {
		size_t l = strlen(p->note);
		snprintf(p->note + l, sizeof(p->note) - l, "; invalid UTF-8 or NUL characters repaired");
	} else if (bad) {
		snprintf(p->note, sizeof(p->note), "invalid UTF-8 or NUL characters repaired");
	}
	if (p->note[0]) *repaired = p->note;
	return NS_OK;
}
