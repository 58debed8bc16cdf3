/* Temporary files for the reader tests: the directory `dir` (made by the
 * test's main with mkdtemp, removed at its end), files in it by name, and
 * the gzip bytes of a string. */
#ifndef NS_TESTS_TMPFILES_H
#define NS_TESTS_TMPFILES_H

#include <stdio.h>
#include <string.h>
#include <zlib.h>

static char dir[] = "/tmp/ns_test_XXXXXX";

static inline const char *path_of(const char *name)
{
	static char p[256];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static inline void write_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");
	if (!f) return;
	if (n) fwrite(data, 1, n, f);
	fclose(f);
}

/* data gzipped (one member, level 6) into out; returns its length. */
static inline size_t gz_bytes(const char *data, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)strlen(data);
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	return n;
}

#endif
