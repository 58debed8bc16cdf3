/* The reader and parser on damaged input (issue 6): bytes after the last gzip
 * member, a directory, a read interrupted by a signal (nothing lost), raw NUL
 * bytes, JSON values that are not objects, integer ids at the edges of
 * json-c's range, records with few or no fields (buffer sizing). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>
#include "newsift/newsift.h"
#include "check.h"
#include "tmpfiles.h"

/* Read a file: number of lines, the error message (or ""), lines joined by '|'. */
static int read_file(const char *name, char *joined, size_t cap, char *err, size_t errlen)
{
	ns_reader *r;
	joined[0] = 0;
	err[0] = 0;
	if (ns_reader_open(&r, path_of(name), err, errlen) != NS_OK) return -1;
	const char *line;
	size_t len;
	uint64_t no;
	int n = 0, k;
	char e[256];
	while ((k = ns_reader_next(r, &line, &len, &no, e, sizeof(e))) != 0) {
		if (k < 0) { snprintf(err, errlen, "%s", e); continue; }
		n++;
		if (strlen(joined) + len + 2 < cap) {
			if (n > 1) strcat(joined, "|");
			strncat(joined, line, len);
		}
	}
	ns_reader_close(r);
	return n;
}

static void test_gzip_tails(void)
{
	unsigned char gz[512], buf[2048];
	char got[1024], err[256], want[256];
	size_t m = gz_bytes("one\ntwo\n", gz, sizeof(gz));

	/* garbage after the member: lines kept, error names the offset */
	memcpy(buf, gz, m);
	memcpy(buf + m, "garbage\n", 8);
	write_file("garbage.gz", buf, m + 8);
	CHECK_EQ_U(read_file("garbage.gz", got, sizeof(got), err, sizeof(err)), 2);
	CHECK_STR(got, "one|two");
	snprintf(want, sizeof(want), "trailing garbage after gzip data at byte offset %zu", m);
	CHECK_STR(err, want);

	/* zero padding is garbage too; so is one stray byte */
	memset(buf + m, 0, 512);
	write_file("zeros.gz", buf, m + 512);
	CHECK_EQ_U(read_file("zeros.gz", got, sizeof(got), err, sizeof(err)), 2);
	CHECK_STR(err, want);
	write_file("onebyte.gz", buf, m + 1);
	CHECK_EQ_U(read_file("onebyte.gz", got, sizeof(got), err, sizeof(err)), 2);
	CHECK_STR(err, want);

	/* the magic of a next member and nothing else: truncated */
	memcpy(buf + m, "\x1f\x8b", 2);
	write_file("magic.gz", buf, m + 2);
	CHECK_EQ_U(read_file("magic.gz", got, sizeof(got), err, sizeof(err)), 2);
	CHECK_STR(err, "truncated gzip input: unexpected end of file");

	/* a member with a wrong CRC */
	memcpy(buf, gz, m);
	buf[m - 8] ^= 1;
	write_file("crc.gz", buf, m);
	read_file("crc.gz", got, sizeof(got), err, sizeof(err));
	CHECK(strstr(err, "invalid gzip data") && strstr(err, "incorrect data check"));

	/* a line split across two members is one line */
	size_t a = gz_bytes("{\"id\": \"x\", \"te", buf, sizeof(buf));
	size_t b = gz_bytes("xt\": \"y\"}\nlast\n", buf + a, sizeof(buf) - a);
	write_file("split.gz", buf, a + b);
	CHECK_EQ_U(read_file("split.gz", got, sizeof(got), err, sizeof(err)), 2);
	CHECK_STR(got, "{\"id\": \"x\", \"text\": \"y\"}|last");
	CHECK_STR(err, "");

	/* a file that only starts like gzip is plain */
	write_file("one1f.txt", "\x1f", 1);
	CHECK_EQ_U(read_file("one1f.txt", got, sizeof(got), err, sizeof(err)), 1);
	CHECK_STR(got, "\x1f");
	CHECK_STR(err, "");
}

static void test_open_errors(void)
{
	ns_reader *r;
	char err[256];
	CHECK(ns_reader_open(&r, dir, err, sizeof(err)) == NS_ERR_OPEN);
	CHECK(r == NULL);
	CHECK(strstr(err, "cannot open: Is a directory") != NULL);
	CHECK(strstr(err, dir) != NULL);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A read interrupted by a signal returns NS_ERR_INTERRUPTED, and calling
 * again goes on without losing a byte. */
static void test_interrupted(void)
{
	int fds[2];
	if (pipe(fds) != 0) { CHECK(0); return; }
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: read() fails with EINTR */
	sigaction(SIGALRM, &sa, &old);
	char p[64];
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fds[0]);
	ns_reader *r;
	char err[256];
	CHECK(ns_reader_open(&r, p, err, sizeof(err)) == NS_OK);
	if (write(fds[1], "first\nsec", 9) != 9) CHECK(0);
	const char *line;
	size_t len;
	uint64_t no;
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 1);
	CHECK(len == 5 && !memcmp(line, "first", 5));
	struct itimerval it = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
	/* "sec" is buffered, the rest not yet written: the read blocks, the alarm interrupts */
	CHECK_EQ_U((unsigned)-ns_reader_next(r, &line, &len, &no, err, sizeof(err)), (unsigned)-NS_ERR_INTERRUPTED);
	if (write(fds[1], "ond\n", 4) != 4) CHECK(0);
	close(fds[1]);
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 1);
	CHECK(len == 6 && !memcmp(line, "second", 6));
	CHECK_EQ_U(no, 2);
	CHECK_EQ_U(ns_reader_next(r, &line, &len, &no, err, sizeof(err)), 0);
	ns_reader_close(r);
	close(fds[0]);
	sigaction(SIGALRM, &old, NULL);
}

static ns_status parse(const char *line, size_t len, ns_record *rec, char *err, const char **note)
{
	ns_options o;
	ns_options_init(&o);
	ns_parser *p = ns_parser_create(&o);
	ns_status st = ns_parser_parse(p, line, len, rec, note, err, 256);
	ns_parser_destroy(p);
	return st;
}

static void test_parser_edges(void)
{
	ns_record rec;
	char err[256];
	const char *note;
	/* raw NUL bytes are dropped, the record is kept and noted */
	static const char raw[] = "{\"id\": \"a\0b\", \"text\": \"x\0\0y\"}";
	CHECK(parse(raw, sizeof(raw) - 1, &rec, err, &note) == NS_OK);
	CHECK_STR(rec.f[NS_F_ID], "ab");
	CHECK_STR(rec.f[NS_F_TEXT], "xy");
	CHECK(note != NULL);
	ns_record_free(&rec);
	/* top-level values that are not objects, including ones json-c needs the
	 * end of input to finish */
	const char *notobj[] = {"null", "42", "-1.5e3", "true", "\"s\"", "[]", " null "};
	for (size_t i = 0; i < sizeof(notobj) / sizeof(notobj[0]); i++) {
		err[0] = 0;
		CHECK(parse(notobj[i], strlen(notobj[i]), &rec, err, &note) == NS_ERR_FORMAT);
		CHECK_STR(err, "JSON value is not an object");
	}
	CHECK(parse("42 43", 5, &rec, err, &note) == NS_ERR_FORMAT);
	CHECK(strstr(err, "trailing characters") != NULL);
	/* integer ids: exact inside the range, rejected where json-c saturates */
	const char *okid[][2] = {{"{\"id\": 18446744073709551614, \"text\": \"x\"}", "18446744073709551614"},
	                         {"{\"id\": 9223372036854775808, \"text\": \"x\"}", "9223372036854775808"},
	                         {"{\"id\": -9223372036854775807, \"text\": \"x\"}", "-9223372036854775807"},
	                         {"{\"id\": 0, \"text\": \"x\"}", "0"}};
	for (size_t i = 0; i < 4; i++) {
		CHECK(parse(okid[i][0], strlen(okid[i][0]), &rec, err, &note) == NS_OK);
		CHECK_STR(rec.f[NS_F_ID], okid[i][1]);
		ns_record_free(&rec);
	}
	const char *badid[] = {"{\"id\": 18446744073709551615, \"text\": \"x\"}", "{\"id\": 99999999999999999999, \"text\": \"x\"}",
	                       "{\"id\": -9223372036854775808, \"text\": \"x\"}", "{\"id\": -99999999999999999999, \"text\": \"x\"}"};
	for (size_t i = 0; i < 4; i++) {
		CHECK(parse(badid[i], strlen(badid[i]), &rec, err, &note) == NS_ERR_FORMAT);
		CHECK_STR(err, "field \"id\" is an integer out of range, not a string");
	}
	/* few or no fields: every field still gets its own NUL (found by fuzzing:
	 * "{}" wrote 6 bytes into a 1-byte buffer) */
	const char *few[] = {"{}", "{\"id\": \"a\"}", "{\"text\": \"\"}", "{\"url\": null}"};
	for (size_t i = 0; i < 4; i++) {
		CHECK(parse(few[i], strlen(few[i]), &rec, err, &note) == NS_OK);
		for (int f = 0; f < NS_NFIELDS; f++) CHECK(rec.f[f] && strlen(rec.f[f]) == rec.len[f]);
		ns_record_free(&rec);
	}
}

int main(void)
{
	if (!mkdtemp(dir)) return 1;
	test_gzip_tails();
	test_open_errors();
	test_interrupted();
	test_parser_edges();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) return 1;
	return TEST_DONE();
}
