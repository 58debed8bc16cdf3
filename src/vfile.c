/* newsift — versioned value files (see vfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include "internal.h"
#include "vfile.h"

#define NS_VFILE_HEAD 24 /* magic, version, flags, length */

ns_status ns_vput_u8(ns_buf *b, uint8_t v)
{
	return ns_buf_put(b, &v, 1);
}

ns_status ns_vput_u32(ns_buf *b, uint32_t v)
{
	unsigned char x[4];
	for (int i = 0; i < 4; i++) x[i] = (unsigned char)(v >> (8 * i));
	return ns_buf_put(b, x, 4);
}

ns_status ns_vput_u64(ns_buf *b, uint64_t v)
{
	unsigned char x[8];
	for (int i = 0; i < 8; i++) x[i] = (unsigned char)(v >> (8 * i));
	return ns_buf_put(b, x, 8);
}

ns_status ns_vput_f32(ns_buf *b, float v)
{
	uint32_t u;
	memcpy(&u, &v, 4);
	return ns_vput_u32(b, u);
}

uint8_t ns_vget_u8(ns_vreader *r)
{
	if (r->bad || r->len - r->pos < 1) { r->bad = 1; return 0; }
	return r->p[r->pos++];
}

uint32_t ns_vget_u32(ns_vreader *r)
{
	if (r->bad || r->len - r->pos < 4) { r->bad = 1; return 0; }
	uint32_t v = ns_le32(r->p + r->pos);
	r->pos += 4;
	return v;
}

uint64_t ns_vget_u64(ns_vreader *r)
{
	if (r->bad || r->len - r->pos < 8) { r->bad = 1; return 0; }
	uint64_t v = ns_le64(r->p + r->pos);
	r->pos += 8;
	return v;
}

float ns_vget_f32(ns_vreader *r)
{
	uint32_t u = ns_vget_u32(r);
	float v;
	memcpy(&v, &u, 4);
	return v;
}

int ns_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) {
			if (w == 0) errno = EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

ns_status ns_vfile_write(const char *path, const char magic[8], uint32_t version, const ns_buf *payload, char *err,
                         size_t errlen)
{
	ns_buf h = {0};
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (ns_buf_put(&h, magic, 8) || ns_vput_u32(&h, version) || ns_vput_u32(&h, 0) || ns_vput_u64(&h, payload->len)) {
		ns_buf_free(&h);
		return NS_ERR_NOMEM;
	}
	unsigned char sum[8];
	uint64_t x = XXH64(payload->p ? payload->p : "", payload->len, 0);
	for (int i = 0; i < 8; i++) sum[i] = (unsigned char)(x >> (8 * i));
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ns_errf(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
		ns_buf_free(&h);
		return NS_ERR_OPEN;
	}
	int bad = ns_write_all(fd, h.p, h.len) || (payload->len && ns_write_all(fd, payload->p, payload->len)) ||
	          ns_write_all(fd, sum, 8) || fsync(fd) != 0;
	int e = errno;
	if (close(fd) != 0 && !bad) { bad = 1; e = errno; }
	ns_buf_free(&h);
	if (!bad && rename(tmp, path) != 0) { bad = 1; e = errno; }
	if (bad) {
		unlink(tmp);
		ns_errf(err, errlen, "%s: write failed: %s", path, strerror(e));
		return NS_ERR_IO;
	}
	return NS_OK;
}

ns_status ns_vfile_read(const char *path, const char magic[8], uint32_t version, ns_buf *payload, char *err,
                        size_t errlen)
{
	memset(payload, 0, sizeof(*payload));
	FILE *f = fopen(path, "rb");
	if (!f) {
		ns_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NS_ERR_OPEN;
	}
	unsigned char h[NS_VFILE_HEAD];
	ns_status st = NS_OK;
	if (fread(h, 1, sizeof(h), f) != sizeof(h) || memcmp(h, magic, 8) != 0) {
		ns_errf(err, errlen, "%s: not a %.7s file", path, magic);
		st = NS_ERR_FORMAT;
	} else if (ns_le32(h + 8) != version) {
		ns_errf(err, errlen, "%s: version %u, this newsift reads version %u", path, (unsigned)ns_le32(h + 8),
		        (unsigned)version);
		st = NS_ERR_FORMAT;
	}
	uint64_t len = st ? 0 : ns_le64(h + 16);
	if (!st && (len > (uint64_t)SIZE_MAX - 16 || ns_buf_reserve(payload, (size_t)len + 8))) st = NS_ERR_NOMEM;
	if (!st) {
		size_t got = fread(payload->p, 1, (size_t)len + 8, f);
		if (ferror(f)) {
			ns_errf(err, errlen, "%s: read failed: %s", path, strerror(errno));
			st = NS_ERR_IO;
		} else if (got != len + 8 || fgetc(f) != EOF) {
			ns_errf(err, errlen, "%s: truncated or too long (%zu of %llu payload bytes)", path, got,
			        (unsigned long long)len + 8);
			st = NS_ERR_FORMAT;
		} else if (XXH64(payload->p, (size_t)len, 0) != ns_le64((const unsigned char *)payload->p + len)) {
			ns_errf(err, errlen, "%s: checksum mismatch", path);
			st = NS_ERR_FORMAT;
		} else {
			payload->len = (size_t)len;
		}
	}
	fclose(f);
	if (st) ns_buf_free(payload);
	return st;
}

ns_status ns_event_emit(ns_status (*sink)(void *ud, const void *p, size_t n), void *ud, int tag, const void *p,
                        size_t n)
{
	unsigned char h[NS_EVENT_HEAD];
	uint64_t x = XXH3_64bits(n ? p : "", n);
	h[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++) h[1 + i] = (unsigned char)((uint64_t)n >> (8 * i));
	for (int i = 0; i < 8; i++) h[9 + i] = (unsigned char)(x >> (8 * i));
	ns_status st = sink(ud, h, sizeof(h));
	return st || !n ? st : sink(ud, p, n);
}

ns_status ns_event_feed(ns_buf *pend, const void *p, size_t n, ns_event_fn fn, void *ud)
{
	if (ns_buf_put(pend, p, n)) return NS_ERR_NOMEM;
	const unsigned char *b = (const unsigned char *)pend->p;
	size_t at = 0, len = pend->len;
	ns_status st = NS_OK;
	while (!st && len - at >= NS_EVENT_HEAD) {
		uint64_t pl = 0, x = 0;
		for (int i = 0; i < 8; i++) pl |= (uint64_t)b[at + 1 + i] << (8 * i);
		for (int i = 0; i < 8; i++) x |= (uint64_t)b[at + 9 + i] << (8 * i);
		if (pl > len - at - NS_EVENT_HEAD) break;
		const unsigned char *q = b + at + NS_EVENT_HEAD;
		if (XXH3_64bits(q, (size_t)pl) != x) return NS_ERR_FORMAT;
		st = fn(ud, b[at], q, (size_t)pl);
		at += NS_EVENT_HEAD + (size_t)pl;
	}
	if (at) {
		/* what is left of a cut event waits for the next chunk */
		memmove(pend->p, pend->p + at, len - at);
		pend->len = len - at;
	}
	return st;
}
