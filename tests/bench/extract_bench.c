/* extract_bench — the speed of reading a crawl and extracting its articles,
 * one thread, through the library's public API.
 *
 *   extract_bench CRAWL.warc[.gz] [ROUNDS]
 *
 * The WARC file is read and framed once (ns_reader, ns_warc_head_parse) and
 * its response records kept in memory; then, ROUNDS times (default 3), the
 * three steps are timed on all of them:
 *   record : ns_warc_parse (HTTP headers, chunked and compressed bodies,
 *            charset to UTF-8) of each record
 *   article: ns_extract_page(NS_EXTRACT_ARTICLE) of each page
 *   text   : ns_extract_page(NS_EXTRACT_TEXT) of each page
 * and the best round of each is printed as MB/s of HTML (the decoded page
 * bytes), with the pages and bytes, one line per step:
 *   STEP pages=N html_bytes=B seconds=S mb_per_s=R */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "newsift/newsift.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
	char *p;
	size_t n;
} rec;

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: extract_bench CRAWL.warc[.gz] [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	if (rounds < 1) rounds = 1;
	char err[512];
	ns_reader *rd;
	if (ns_reader_open(&rd, argv[1], err, sizeof(err))) {
		fprintf(stderr, "extract_bench: %s\n", err);
		return 1;
	}
	rec *v = NULL;
	size_t nv = 0, cap = 0;
	for (;;) {
		const char *p;
		size_t n;
		if (ns_reader_peek(rd, &p, &n, 4096) || n == 0) break;
		size_t k = 0;
		while (k < n && (p[k] == '\r' || p[k] == '\n')) k++;
		if (k) { ns_reader_skip(rd, k); continue; }
		ns_warc_head h;
		size_t want = 8192;
		int hr;
		for (;;) {
			if (ns_reader_peek(rd, &p, &n, want)) return 1;
			hr = ns_warc_head_parse(p, n, &h, err, sizeof(err));
			if (hr != 0 || n < want) break;
			want *= 2;
		}
		if (hr <= 0) {
			fprintf(stderr, "extract_bench: a record does not frame at offset %llu\n",
			        (unsigned long long)ns_reader_offset(rd));
			return 1;
		}
		size_t total = h.head_len + (size_t)h.content_len;
		if (ns_reader_peek(rd, &p, &n, total) || n < total) break;
		if (h.type == NS_WARC_RESPONSE) {
			if (nv == cap) {
				cap = cap ? 2 * cap : 1024;
				v = realloc(v, cap * sizeof(*v));
				if (!v) return 1;
			}
			v[nv].p = malloc(total);
			if (!v[nv].p) return 1;
			memcpy(v[nv].p, p, total);
			v[nv++].n = total;
		}
		ns_reader_skip(rd, total);
	}
	ns_reader_close(rd);
	ns_record *r = calloc(nv ? nv : 1, sizeof(*r));
	int *page = calloc(nv ? nv : 1, sizeof(int));
	if (!r || !page) return 1;
	double best[3] = {1e30, 1e30, 1e30};
	size_t pages = 0, bytes = 0;
	ns_page pg = {0};
	for (int round = 0; round < rounds; round++) {
		double t0 = now();
		pages = bytes = 0;
		for (size_t i = 0; i < nv; i++) {
			ns_record_free(&r[i]);
			const char *note;
			page[i] = ns_warc_parse(v[i].p, v[i].n, (size_t)64 << 20, &r[i], &note, err, sizeof(err)) == NS_OK;
			if (page[i]) { pages++; bytes += r[i].len[NS_F_TEXT]; }
		}
		double t1 = now();
		for (size_t i = 0; i < nv; i++)
			if (page[i] && ns_extract_page(r[i].f[NS_F_TEXT], r[i].len[NS_F_TEXT], NS_EXTRACT_ARTICLE, &pg)) return 1;
		double t2 = now();
		for (size_t i = 0; i < nv; i++)
			if (page[i] && ns_extract_page(r[i].f[NS_F_TEXT], r[i].len[NS_F_TEXT], NS_EXTRACT_TEXT, &pg)) return 1;
		double t3 = now();
		double t[3] = {t1 - t0, t2 - t1, t3 - t2};
		for (int k = 0; k < 3; k++) if (t[k] < best[k]) best[k] = t[k];
	}
	const char *names[3] = {"record", "article", "text"};
	for (int k = 0; k < 3; k++)
		printf("%s pages=%zu html_bytes=%zu seconds=%.4f mb_per_s=%.1f\n", names[k], pages, bytes, best[k],
		       best[k] > 0 ? (double)bytes / best[k] / 1e6 : 0.0);
	for (size_t i = 0; i < nv; i++) { ns_record_free(&r[i]); free(v[i].p); }
	ns_page_free(&pg);
	free(r);
	free(page);
	free(v);
	return 0;
}
