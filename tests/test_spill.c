/* Spill files: writes across the buffer size read back at any offset
 * (flushed or still buffered), rewrites seen by reads and by a shared
 * mapping, reset, close, the file unlinked at once, the default directory,
 * and the errors of a directory that does not exist. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "spill.h"
#include "check.h"

static char dir[] = "/tmp/ns_test_spill_XXXXXX";

/* Entries of dir other than . and .. */
static int dir_entries(void)
{
	DIR *d = opendir(dir);
	if (!d) return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
	closedir(d);
	return n;
}

/* The byte at offset i of the test pattern: not periodic in the buffer size. */
static unsigned char pat(uint64_t i)
{
	return (unsigned char)(i * 131 + (i >> 8) * 7 + 1);
}

static int matches_pattern(const unsigned char *p, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pat(off + i)) return 0;
	return 1;
}

#define SMALL_BUF 16 /* a buffer far smaller than the writes */

static void test_write_read(void)
{
	ns_spill s;
	CHECK(ns_spill_open(&s, dir, SMALL_BUF) == NS_OK);
	CHECK(s.fd >= 0 && s.err == 0 && s.size == 0);
	/* unlinked at once: nothing left in the directory while it is open */
	CHECK_EQ_U(dir_entries(), 0);

	/* 1000 bytes in pieces of 1..40 bytes, across many buffer fills */
	enum { TOTAL = 1000 };
	unsigned char src[TOTAL], got[TOTAL];
	for (size_t i = 0; i < TOTAL; i++) src[i] = pat(i);
	size_t done = 0, piece = 1;
	int bad = 0;
	while (done < TOTAL) {
		size_t k = piece < TOTAL - done ? piece : TOTAL - done;
		if (ns_spill_write(&s, src + done, k) != NS_OK) bad++;
		done += k;
		piece = piece % 40 + 1;
		if (s.size != done || s.len > SMALL_BUF) bad++;
	}
	CHECK_EQ_U(bad, 0);
	CHECK_EQ_U(s.size, TOTAL);

	/* reads at offsets, some straddling buffer boundaries; the last bytes
	 * may still be in the buffer, and a read flushes them first */
	const uint64_t offs[] = {0, 1, 15, 16, 17, 500, 999};
	const size_t lens[] = {TOTAL, 40, 2, 16, 33, 500, 1};
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		memset(got, 0, sizeof(got));
		CHECK(ns_spill_read(&s, offs[i], got, lens[i]) == NS_OK);
		CHECK(matches_pattern(got, offs[i], lens[i]));
	}
	CHECK_EQ_U(s.len, 0);

	/* more writes after reads append at the end */
	unsigned char tail[5];
	for (size_t i = 0; i < sizeof(tail); i++) tail[i] = pat(TOTAL + i);
	CHECK(ns_spill_write(&s, tail, sizeof(tail)) == NS_OK);
	CHECK_EQ_U(s.size, TOTAL + sizeof(tail));
	CHECK(s.len == sizeof(tail)); /* still buffered */
	memset(got, 0, sizeof(got));
	CHECK(ns_spill_read(&s, TOTAL - 3, got, 8) == NS_OK); /* 3 flushed, 5 buffered */
	CHECK(matches_pattern(got, TOTAL - 3, 8));

	/* one write much larger than the buffer */
	enum { BIG = 10000 };
	unsigned char *big = malloc(BIG), *back = malloc(BIG);
	for (size_t i = 0; i < BIG; i++) big[i] = pat(TOTAL + sizeof(tail) + i);
	CHECK(ns_spill_write(&s, big, BIG) == NS_OK);
	CHECK(ns_spill_flush(&s) == NS_OK);
	CHECK_EQ_U(s.len, 0);
	CHECK(ns_spill_read(&s, TOTAL + sizeof(tail), back, BIG) == NS_OK);
	CHECK(!memcmp(back, big, BIG));
	struct stat st;
	CHECK(fstat(s.fd, &st) == 0 && (uint64_t)st.st_size == s.size);
	free(big);
	free(back);

	/* a read past the end fails and says why */
	CHECK(ns_spill_read(&s, s.size - 2, got, 4) == NS_ERR_IO);
	CHECK(s.err != 0);

	ns_spill_close(&s);
	CHECK(s.fd == -1 && s.buf == NULL && s.open == 0);
	ns_spill_close(&s); /* twice is harmless */
	CHECK_EQ_U(dir_entries(), 0);
}

static void test_rewrite_reset(void)
{
	ns_spill s;
	CHECK(ns_spill_open(&s, dir, SMALL_BUF) == NS_OK);
	enum { TOTAL = 300 };
	unsigned char src[TOTAL], got[TOTAL];
	for (size_t i = 0; i < TOTAL; i++) src[i] = pat(i);
	CHECK(ns_spill_write(&s, src, TOTAL) == NS_OK);
	CHECK(ns_spill_flush(&s) == NS_OK);

	/* a shared mapping made before the rewrite sees it */
	unsigned char *map = mmap(NULL, TOTAL, PROT_READ, MAP_SHARED, s.fd, 0);
	CHECK(map != MAP_FAILED);

	/* rewrite 20 bytes across a buffer boundary: only they change */
	const unsigned char *patch = (const unsigned char *)"REWRITTEN-TWENTY-BYT";
	enum { OFF = 10, N = 20 };
	CHECK(ns_spill_rewrite(&s, OFF, patch, N) == 0);
	memcpy(src + OFF, patch, N);
	CHECK(ns_spill_read(&s, 0, got, TOTAL) == NS_OK);
	CHECK(!memcmp(got, src, TOTAL));
	CHECK_EQ_U(s.size, TOTAL); /* a rewrite does not grow the file */
	if (map != MAP_FAILED) {
		CHECK(!memcmp(map, src, TOTAL));
		munmap(map, TOTAL);
	}
	/* writes after a rewrite still append at the end */
	CHECK(ns_spill_write(&s, "xyz", 3) == NS_OK);
	CHECK(ns_spill_read(&s, TOTAL - 1, got, 4) == NS_OK);
	CHECK(got[0] == src[TOTAL - 1] && !memcmp(got + 1, "xyz", 3));

	/* reset empties it for reuse, buffered bytes included */
	CHECK(ns_spill_write(&s, "buffered", 8) == NS_OK);
	CHECK(ns_spill_reset(&s) == NS_OK);
	CHECK(s.size == 0 && s.len == 0);
	struct stat st;
	CHECK(fstat(s.fd, &st) == 0 && st.st_size == 0);
	CHECK(ns_spill_write(&s, "again", 5) == NS_OK);
	memset(got, 0, sizeof(got));
	CHECK(ns_spill_read(&s, 0, got, 5) == NS_OK);
	CHECK(!memcmp(got, "again", 5));
	CHECK(fstat(s.fd, &st) == 0 && st.st_size == 5);
	ns_spill_close(&s);
}

static void test_tiny_buffer_and_default_dir(void)
{
	/* bufsize 0 is a one-byte buffer, not a failure */
	ns_spill s;
	CHECK(ns_spill_open(&s, dir, 0) == NS_OK);
	CHECK(ns_spill_write(&s, "abcdef", 6) == NS_OK);
	char got[8] = "";
	CHECK(ns_spill_read(&s, 2, got, 4) == NS_OK);
	CHECK(!memcmp(got, "cdef", 4));
	ns_spill_close(&s);

	/* no directory given: $TMPDIR, or /tmp when it is unset or empty */
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", dir, 1);
	CHECK_STR(ns_spill_default_dir(), dir);
	CHECK(ns_spill_open(&s, NULL, SMALL_BUF) == NS_OK);
	CHECK(ns_spill_write(&s, "tmpdir", 6) == NS_OK);
	CHECK(ns_spill_read(&s, 0, got, 6) == NS_OK && !memcmp(got, "tmpdir", 6));
	ns_spill_close(&s);
	setenv("TMPDIR", "", 1);
	CHECK_STR(ns_spill_default_dir(), "/tmp");
	unsetenv("TMPDIR");
	CHECK_STR(ns_spill_default_dir(), "/tmp");
	if (saved) setenv("TMPDIR", saved, 1);
	free(saved);

	/* a zeroed spill closes */
	ns_spill z;
	memset(&z, 0, sizeof(z));
	ns_spill_close(&z);
	CHECK(z.fd == -1);
}

static void test_errors(void)
{
	char missing[sizeof(dir) + 16];
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	ns_spill s;
	CHECK(ns_spill_open(&s, missing, SMALL_BUF) == NS_ERR_IO);
	CHECK_EQ_U(s.err, ENOENT);
	CHECK(s.fd == -1 && s.open == 0);
	/* the failure sticks: writes and flushes refuse */
	CHECK(ns_spill_write(&s, "x", 1) == NS_ERR_IO);
	CHECK(ns_spill_flush(&s) == NS_ERR_IO);
	ns_spill_close(&s);
	CHECK(s.fd == -1);

	/* a regular file where the directory should be */
	char file[sizeof(dir) + 16];
	snprintf(file, sizeof(file), "%s/file", dir);
	FILE *f = fopen(file, "w");
	CHECK(f != NULL);
	if (f) fclose(f);
	CHECK(ns_spill_open(&s, file, SMALL_BUF) == NS_ERR_IO);
	CHECK_EQ_U(s.err, ENOTDIR);
	ns_spill_close(&s);
	unlink(file);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_write_read();
	test_rewrite_reset();
	test_tiny_buffer_and_default_dir();
	test_errors();
	CHECK(rmdir(dir) == 0); /* empty: no spill file was left behind */
	return TEST_DONE();
}
