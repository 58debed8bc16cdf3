/* Fuzz target: the line reader (ns_reader_*) on a whole file, plain, gzip or
 * zstd.
 *
 * The input becomes a file (a memfd, opened by its /proc path as a user's file
 * would be).  Invariants: lines carry no '\n', are NUL-terminated, numbered
 * 1, 2, ...; after an error the reader ends.  Oracle: zlib's gz* API reads
 * the same file; when the reader reports no error, or only trailing garbage
 * (which gzread drops silently), its lines are exactly gzread's bytes cut at
 * '\n', less one '\r' before each '\n' and a UTF-8 BOM on line 1.  A file
 * that starts with a zstd (or skippable) frame has libzstd's streaming
 * decoder for oracle instead. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "newsift/newsift.h"
#include "fuzz.h"

typedef struct {
	char *p;
	size_t len, cap;
} bytes;

static void put(bytes *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = (b->len + n + 1) * 2;
		char *np = realloc(b->p, nc);
		if (!np) abort();
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void as_lines(bytes *rawp, bytes *out);

/* gzread's bytes, normalised like the reader's lines joined with '\n' */
static int gz_expect(const char *path, bytes *out)
{
	gzFile g = gzopen(path, "rb");
	if (!g) return -1;
	bytes raw = {0};
	char buf[65536];
	int n;
	while ((n = gzread(g, buf, sizeof(buf))) > 0) put(&raw, buf, (size_t)n);
	int e;
	gzerror(g, &e);
	gzclose(g);
	if (n < 0 || (e != Z_OK && e != Z_STREAM_END)) { free(raw.p); return -1; }
	as_lines(&raw, out);
	return 0;
}

static int zstd_magic(const uint8_t *p, size_t n)
{
	if (n < 4) return 0;
	if (p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD) return 1;
	return (p[0] & 0xF0) == 0x50 && p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18;
}

/* libzstd's bytes of the whole input (frames one after the other), as
 * lines; -1 when it reports an error or the input ends inside a frame */
static int zstd_expect(const uint8_t *data, size_t size, bytes *out)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	if (!z) abort();
	ZSTD_initDStream(z);
	bytes raw = {0};
	static char buf[65536];
	ZSTD_inBuffer in = {data, size, 0};
	size_t ret = 0;
	for (;;) {
		ZSTD_outBuffer o = {buf, sizeof(buf), 0};
		ret = ZSTD_decompressStream(z, &o, &in);
		if (ZSTD_isError(ret)) { ZSTD_freeDStream(z); free(raw.p); return -1; }
		put(&raw, buf, o.pos);
		if (in.pos == in.size && o.pos < o.size) break;
	}
	ZSTD_freeDStream(z);
	if (ret != 0) { free(raw.p); return -1; }
	as_lines(&raw, out);
	return 0;
}

/* raw (freed) cut into lines as documented: at '\n' (a last line without
 * one counts), one '\r' before it dropped, then a BOM dropped from line 1,
 * each line with '\n' after it */
static void as_lines(bytes *rawp, bytes *out)
{
	bytes raw = *rawp;
	for (size_t i = 0; i < raw.len;) {
		char *nl = memchr(raw.p + i, '\n', raw.len - i);
		size_t l = nl ? (size_t)(nl - (raw.p + i)) : raw.len - i;
		size_t k = l && raw.p[i + l - 1] == '\r' ? l - 1 : l, b = 0;
		if (i == 0 && k >= 3 && !memcmp(raw.p, "\xEF\xBB\xBF", 3)) b = 3;
		put(out, raw.p + i + b, k - b);
		put(out, "\n", 1);
		i += l + 1;
	}
	free(raw.p);
	rawp->p = NULL;
}

/* gzip members of payload, split into m parts, at level lv */
static void gz_members(const uint8_t *p, size_t n, int m, int lv, bytes *out, size_t *last)
{
	for (int i = 0; i < m; i++) {
		size_t a = n * (size_t)i / (size_t)m, b = n * (size_t)(i + 1) / (size_t)m;
		z_stream z;
		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, lv, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
		size_t cap = deflateBound(&z, (uLong)(b - a)) + 64;
		unsigned char *o = malloc(cap);
		if (!o) abort();
		z.next_in = (unsigned char *)(uintptr_t)(p + a);
		z.avail_in = (uInt)(b - a);
		z.next_out = o;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
		*last = z.total_out;
		put(out, o, z.total_out);
		deflateEnd(&z);
		free(o);
	}
}

static void check_file(const uint8_t *data, size_t size, const bytes *expect, int tail, size_t cut_in_last);

/* Structured mode (data[0] & 0x80): the harness makes the gzip file itself
 * from the payload data[2..], so that the fuzzer explores member boundaries,
 * lines split across members, stored blocks and damaged tails with a known
 * answer.  data[0]: bits 0-1 members - 1, bit 2 stored blocks, bits 3-4 the
 * tail (0 none, 1 garbage, 2 truncated, 3 an empty member); data[1] sizes
 * the garbage or the cut. */
static void structured(const uint8_t *data, size_t size)
{
	if (size < 2) return;
	int flags = data[0], param = data[1];
	const uint8_t *p = data + 2;
	size_t n = size - 2, last = 0;
	bytes file = {0}, expect = {0};
	gz_members(p, n, 1 + (flags & 3), (flags & 4) ? 0 : 6, &file, &last);
	int tail = (flags >> 3) & 3;
	size_t cut = 0;
	if (tail == 1) {
		/* garbage that cannot start a member */
		for (int i = 0; i <= param; i++) put(&file, i ? "\x1f" : "G", 1);
	} else if (tail == 2) {
		/* inside the last member, leaving at least its 2 magic bytes */
		cut = 1 + (size_t)param % (last - 2);
		file.len -= cut;
	} else if (tail == 3) {
		gz_members(p, 0, 1, 6, &file, &last);
	}
	/* the payload as the reader's lines must give it */
	for (size_t i = 0; i < n;) {
		const uint8_t *nl = memchr(p + i, '\n', n - i);
		size_t l = nl ? (size_t)(nl - (p + i)) : n - i;
		size_t k = l && p[i + l - 1] == '\r' ? l - 1 : l, b = 0;
		if (i == 0 && k >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) b = 3;
		put(&expect, p + i + b, k - b);
		put(&expect, "\n", 1);
		i += l + 1;
	}
	check_file((const uint8_t *)file.p, file.len, &expect, tail, cut);
	free(file.p);
	free(expect.p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && (data[0] & 0x80)) structured(data, size);
	else check_file(data, size, NULL, 0, 0);
	return 0;
}

/* Read the bytes as a file and check the lines: against expect when given
 * (structured mode, with what the tail must cause), else against gzread. */
static void check_file(const uint8_t *data, size_t size, const bytes *expect, int tail, size_t cut)
{
	int fd = memfd_create("fuzz_reader", MFD_CLOEXEC);
	if (fd < 0) return;
	for (size_t off = 0; off < size;) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0) { close(fd); return; }
		off += (size_t)w;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ns_reader *r;
	char err[256];
	if (ns_reader_open(&r, path, err, sizeof(err)) != NS_OK) { close(fd); return; }
	bytes got = {0};
	const char *line;
	size_t len;
	uint64_t no, want_no = 1;
	int k, errors = 0, garbage = 0;
	while ((k = ns_reader_next(r, &line, &len, &no, err, sizeof(err))) != 0) {
		if (k < 0) {
			FUZZ_ASSERT(k == NS_ERR_IO);
			FUZZ_ASSERT(err[0] && !strchr(err, '\n'));
			errors++;
			garbage = strstr(err, "trailing garbage after gzip data") != NULL;
			continue;
		}
		FUZZ_ASSERT(k == 1);
		FUZZ_ASSERT(errors == 0); /* nothing after the error */
		FUZZ_ASSERT(no == want_no++);
		FUZZ_ASSERT(line[len] == 0);
		FUZZ_ASSERT(memchr(line, '\n', len) == NULL);
		put(&got, line, len);
		put(&got, "\n", 1);
	}
	FUZZ_ASSERT(errors <= 1);
	FUZZ_ASSERT(ns_reader_next(r, &line, &len, &no, err, sizeof(err)) == 0); /* stays at the end */
	ns_reader_close(r);
	if (expect) {
		if (tail == 0 || tail == 3) {
			FUZZ_ASSERT(errors == 0);
		} else if (tail == 1) {
			FUZZ_ASSERT(garbage);
		} else {
			FUZZ_ASSERT(errors == 1 && !garbage);
			/* whole lines before the damage are the payload's; the last may be cut */
			size_t keep = got.len;
			if (keep) keep--; /* the '\n' after the last line */
			while (keep > 0 && got.p[keep - 1] != '\n') keep--;
			FUZZ_ASSERT(keep <= expect->len && (keep == 0 || !memcmp(got.p, expect->p, keep)));
		}
		if (tail != 2) {
			FUZZ_ASSERT(got.len == expect->len);
			FUZZ_ASSERT(got.len == 0 || !memcmp(got.p, expect->p, got.len));
		}
		(void)cut;
	} else if (zstd_magic(data, size)) {
		bytes want = {0};
		int ok = zstd_expect(data, size, &want) == 0;
		/* the reader and libzstd agree on whether the input is whole... */
		FUZZ_ASSERT(ok == (errors == 0));
		/* ...and then on its lines */
		if (ok) FUZZ_ASSERT(want.len == got.len && (got.len == 0 || !memcmp(want.p, got.p, got.len)));
		free(want.p);
	} else if (errors == 0 || garbage) {
		bytes want = {0};
		if (gz_expect(path, &want) == 0) {
			FUZZ_ASSERT(want.len == got.len);
			FUZZ_ASSERT(got.len == 0 || !memcmp(want.p, got.p, got.len));
		} else {
			FUZZ_ASSERT(garbage); /* gzread failed where the reader saw no error */
		}
		free(want.p);
	}
	free(got.p);
	close(fd);
}
