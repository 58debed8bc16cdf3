/* The reader and parser on damaged input: bytes after the last gzip
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

static size_t g_ahead; /* read-ahead limit of the readers read_file opens (0: none) */

/* Read a file: number of lines, the error message (or ""), lines joined by '|'. */
static int read_file(const char *name, char *joined, size_t cap, char *err, size_t errlen)
{
	ns_reader *r;
	joined[0] = 0;
	err[0] = 0;
	if (ns_reader_open_ahead(&r, path_of(name), g_ahead, err, errlen) != NS_OK) return -1;
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

/* Everything a reader gives for a file, folded into a hash: each line's
 * number, length and bytes, the error message, the number of lines. */
static uint64_t read_all(const char *name, size_t ahead, int *lines, char *err, size_t errlen)
{
	ns_reader *r;
	err[0] = 0;
	*lines = 0;
	if (ns_reader_open_ahead(&r, path_of(name), ahead, err, errlen) != NS_OK) return 0;
	const char *line;
	size_t len;
	uint64_t no, h = 1469598103934665603ULL;
	int k;
	char e[256];
	while ((k = ns_reader_next(r, &line, &len, &no, e, sizeof(e))) != 0) {
		if (k < 0) { snprintf(err, errlen, "%s", e); h = (h ^ 0xEE) * 1099511628211ULL; continue; }
		(*lines)++;
		h = (h ^ no) * 1099511628211ULL;
		h = (h ^ len) * 1099511628211ULL;
		for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)line[i]) * 1099511628211ULL;
	}
	ns_reader_close(r);
	return h;
}

/* A reader with read-ahead gives what the plain reader gives: a few MB of
 * lines (one of 3 MB, CRLF ends, a BOM) plain, in many gzip members, with a
 * truncated last member and with garbage after the last, whatever the limit
 * (1 byte: every block waits for the reader). */
static void test_read_ahead(void)
{
	size_t cap = 16u << 20, n = 0;
	char *text = malloc(cap);
	uint64_t st = 5;
	n += (size_t)snprintf(text, cap, "\xEF\xBB\xBF{\"id\": \"bom\"}\n");
	for (int i = 0; i < 60000 && n < cap - 4000000; i++) {
		size_t l = (size_t)(ns_splitmix64(&st) % 200);
		if (i == 30000) l = 3u << 20;
		n += (size_t)snprintf(text + n, cap - n, "line %d ", i);
		for (size_t j = 0; j < l; j++) text[n++] = (char)('a' + j % 26);
		if (i % 7 == 0) text[n++] = '\r';
		text[n++] = '\n';
	}
	text[n] = 0;
	write_file("big.txt", text, n);
	/* gzip members of 100 KB of text each */
	size_t gcap = n + n / 2 + 65536, g = 0;
	unsigned char *gz = malloc(gcap);
	for (size_t o = 0; o < n; o += 100000) {
		size_t e = o + 100000 < n ? o + 100000 : n;
		char save = text[e];
		text[e] = 0;
		g += gz_bytes(text + o, gz + g, gcap - g);
		text[e] = save;
	}
	write_file("big.gz", gz, g);
	write_file("bigtrunc.gz", gz, g - 10);
	memcpy(gz + g, "junk", 4);
	write_file("bigjunk.gz", gz, g + 4);
	const char *names[4] = {"big.txt", "big.gz", "bigtrunc.gz", "bigjunk.gz"};
	const size_t limits[3] = {1, 1u << 16, 1u << 24};
	int same = 1;
	for (int f = 0; f < 4; f++) {
		char e0[256], e1[256];
		int n0, n1;
		uint64_t h0 = read_all(names[f], 0, &n0, e0, sizeof(e0));
		CHECK(n0 > 50000);
		for (int k = 0; k < 3; k++) {
			uint64_t h1 = read_all(names[f], limits[k], &n1, e1, sizeof(e1));
			if (h1 != h0 || n1 != n0 || strcmp(e0, e1)) same = 0;
		}
	}
	CHECK(same);
	/* the errors are there to compare */
	char e[256];
	int nl;
	read_all("bigtrunc.gz", 1u << 16, &nl, e, sizeof(e));
	CHECK_STR(e, "truncated gzip input: unexpected end of file");
	read_all("bigjunk.gz", 1u << 16, &nl, e, sizeof(e));
	CHECK(strstr(e, "trailing garbage after gzip data") != NULL);
	/* a reader closed early stops its thread (a leak or a hang would show) */
	ns_reader *r;
	CHECK(ns_reader_open_ahead(&r, path_of("big.gz"), 1u << 16, e, sizeof(e)) == NS_OK);
	const char *line;
	size_t len;
	uint64_t no;
	CHECK(ns_reader_next(r, &line, &len, &no, e, sizeof(e)) == 1);
	ns_reader_close(r);
	free(text);
	free(gz);
}

int main(void)
{
	if (!mkdtemp(dir)) return 1;
	test_gzip_tails();
	g_ahead = 1; /* the same through read-ahead readers */
	test_gzip_tails();
	g_ahead = 1u << 16;
	test_gzip_tails();
	g_ahead = 0;
	test_read_ahead();
	test_open_errors();
	test_interrupted();
	test_parser_edges();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) return 1;
	return TEST_DONE();
}
