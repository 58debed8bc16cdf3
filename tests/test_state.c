/* The history's format and look-ups (state.h), through its API on batches
 * made by hand: what a segment gives back (records, leads, texts, exact
 * look-ups earliest first, band keys sorted, signatures), across segments,
 * after retention and after compaction; and what it refuses (other
 * options, a second holder of the lock, a damaged record or text). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "newsift/newsift.h"
#include "check.h"
#include "tmpfiles.h"

enum { N = 6, BANDS = 3 };

/* A night of N documents: 0 kept, 1 a copy of 0 (same exact hash), 2 kept,
 * 3 a near copy of 2, 4 kept, 5 a copy of history article hl (when given). */
typedef struct {
	const char *id[N], *text[N];
	uint64_t key[N], exact[2 * N];
	uint8_t kept[N], kind[N];
	uint32_t lead[N], doc[N];
	ns_href hlead[N];
	int32_t days[N];
	uint32_t sig_term[N * NS_STATE_SIG];
	uint8_t sig_w[N * NS_STATE_SIG];
	uint64_t bkey[BANDS][N];
	uint32_t bdoc[BANDS][N];
	size_t bn[BANDS];
} night;

static const char *field(void *ud, uint32_t d, int what, size_t *len)
{
	const night *g = ud;
	const char *s = what == 0 ? g->id[d] : what == 1 ? g->id[d] : g->text[d];
	*len = strlen(s);
	return s;
}

static void make_night(night *g, const char *prefix, uint64_t salt, ns_href hl)
{
	static char ids[2][N][32], texts[2][N][64];
	int w = salt & 1;
	memset(g, 0, sizeof(*g));
	for (uint32_t d = 0; d < N; d++) {
		snprintf(ids[w][d], sizeof(ids[w][d]), "%s-%u", prefix, d);
		snprintf(texts[w][d], sizeof(texts[w][d]), "text %u of night %llu", d, (unsigned long long)salt);
		g->id[d] = ids[w][d];
		g->text[d] = texts[w][d];
		g->key[d] = salt * 100 + d;
		g->exact[2 * d] = salt * 1000 + (d == 1 ? 0 : d) + 1;
		g->exact[2 * d + 1] = 7;
		g->kept[d] = d == 0 || d == 2 || d == 4;
		g->kind[d] = d == 1 ? NS_DUP_EXACT : g->kept[d] ? NS_DUP_NONE : NS_DUP_NEAR;
		g->lead[d] = d == 1 ? 0 : d == 3 ? 2 : d;
		g->hlead[d] = NS_HREF_NONE;
		g->doc[d] = d;
		g->days[d] = 20000 + (int32_t)d;
		for (int q = 0; q < 4 && g->kept[d]; q++) {
			g->sig_term[d * NS_STATE_SIG + q] = (uint32_t)(salt * 10 + d + q + 1);
			g->sig_w[d * NS_STATE_SIG + q] = (uint8_t)(255 - 10 * q);
		}
	}
	if (hl != NS_HREF_NONE) {
		g->kept[5] = 0;
		g->kind[5] = NS_DUP_EXACT;
		g->hlead[5] = hl;
	} else {
		g->kept[5] = 0;
		g->kind[5] = NS_DUP_NEAR;
		g->lead[5] = 4;
	}
	/* band keys of the kept documents 0, 2, 4: ascending with the document */
	for (int j = 0; j < BANDS; j++) {
		for (uint32_t q = 0; q < 3; q++) {
			g->bkey[j][q] = ((salt * 7 + 2 * q + (uint64_t)j) << 32) | 5;
			g->bdoc[j][q] = 2 * q;
		}
		g->bn[j] = 3;
	}
}

static ns_status append(ns_state *s, night *g, int64_t t, char *err)
{
	const uint64_t *bk[BANDS] = {g->bkey[0], g->bkey[1], g->bkey[2]};
	const uint32_t *bd[BANDS] = {g->bdoc[0], g->bdoc[1], g->bdoc[2]};
	ns_state_batch b = {N, g->doc, g->key, g->exact, g->kept, g->kind, g->lead, g->hlead, g->days, field, g,
	                    BANDS, bk, bd, g->bn, g->sig_term, g->sig_w, t, 1};
	return ns_state_append(s, &b, err, 512);
}

static int text_is(const ns_state *s, ns_href r, const char *want)
{
	char *t = NULL, err[512];
	size_t cap = 0, len = 0;
	int ok = ns_state_text(s, r, &t, &cap, &len, err, sizeof(err)) == NS_OK && len == strlen(want) && !memcmp(t, want, len);
	free(t);
	return ok;
}

static int bands_sorted(const ns_state *s, uint32_t k, size_t want_n)
{
	for (uint32_t j = 0; j < BANDS; j++) {
		size_t n;
		const unsigned char *e = ns_state_band(s, k, j, &n);
		if (n != want_n) return 0;
		for (size_t q = 1; q < n; q++) {
			uint32_t a = (uint32_t)e[(q - 1) * 8] | (uint32_t)e[(q - 1) * 8 + 1] << 8 | (uint32_t)e[(q - 1) * 8 + 2] << 16 |
			             (uint32_t)e[(q - 1) * 8 + 3] << 24;
			uint32_t b = (uint32_t)e[q * 8] | (uint32_t)e[q * 8 + 1] << 8 | (uint32_t)e[q * 8 + 2] << 16 |
			             (uint32_t)e[q * 8 + 3] << 24;
			if (b < a) return 0;
		}
	}
	return 1;
}

int main(void)
{
	if (!mkdtemp(dir)) return 1;
	char st_dir[300], err[512];
	snprintf(st_dir, sizeof(st_dir), "%s/st", dir);
	ns_options o;
	ns_options_init(&o);
	o.rep = NS_REP_FIRST;
	o.cluster = NS_CLUSTER_FIRST;
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_OK);

	ns_state *s = NULL;
	CHECK(ns_state_open(&s, st_dir, &o, 1, 0, err, sizeof(err)) == NS_OK);
	if (!s) return TEST_DONE();
	CHECK_EQ_U(ns_state_runs(s), 0);
	/* a second holder of the lock */
	ns_state *s2 = NULL;
	CHECK(ns_state_open(&s2, st_dir, &o, 1, 0, err, sizeof(err)) == NS_ERR_LOCKED);

	night g1, g2;
	make_night(&g1, "a", 1, NS_HREF_NONE);
	CHECK(append(s, &g1, 86400 * 20000, err) == NS_OK);
	CHECK_EQ_U(ns_state_runs(s), 1);
	CHECK_EQ_U(ns_state_records(s), N);
	CHECK_EQ_U(ns_state_kept(s), 3);
	ns_href seg1 = (ns_href)ns_state_segment_number(s, 0) << 32;
	ns_hrec h;
	CHECK(ns_state_rec(s, seg1 | 3, &h) == 0 && !h.kept && h.lead == (seg1 | 2) && h.kind == NS_DUP_NEAR && h.run == 1);
	CHECK(h.id_len == 3 && !memcmp(h.id, "a-3", 3) && h.days == 20003 && h.run_time == 86400LL * 20000);
	CHECK(ns_state_rec(s, seg1 | 0, &h) == 0 && h.kept && h.lead == (seg1 | 0));
	CHECK(text_is(s, seg1 | 2, "text 2 of night 1"));
	/* records 0 and 1 share a text: the earlier is found */
	CHECK(ns_state_exact(s, 1001, 7) == (seg1 | 0));
	CHECK(ns_state_exact(s, 1006, 7) == (seg1 | 5));
	CHECK(ns_state_exact(s, 1001, 8) == NS_HREF_NONE);
	CHECK(bands_sorted(s, 0, 3));
	const unsigned char *sg = ns_state_sig(s, seg1 | 2);
	CHECK(sg && sg[0] == 13 && sg[4 * NS_STATE_SIG] == 255 && sg[4 * NS_STATE_SIG + 1] == 245);
	CHECK(ns_state_sig(s, seg1 | 1) == NULL);

	/* night 2: its record 5 copies night 1's article 2; the same texts of
	 * night 1 are found in night 1 first */
	make_night(&g2, "b", 2, seg1 | 2);
	g2.exact[2 * 5] = 1003; /* night 1's record 2's hash */
	CHECK(append(s, &g2, 86400 * 20001, err) == NS_OK);
	ns_href seg2 = (ns_href)ns_state_segment_number(s, 1) << 32;
	CHECK(ns_state_rec(s, seg2 | 5, &h) == 0 && h.lead == (seg1 | 2) && h.run == 2);
	CHECK(ns_state_exact(s, 1003, 7) == (seg1 | 2));
	CHECK(ns_state_exact(s, 2001, 7) == (seg2 | 0));
	CHECK(ns_state_verify(s, err, sizeof(err)) == NS_OK);
	ns_state_close(s);

	/* reopened: the same; with other options: refused, naming the option */
	CHECK(ns_state_open(&s, st_dir, &o, 0, 0, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(ns_state_runs(s), 2);
	CHECK(text_is(s, seg2 | 4, "text 4 of night 2"));
	ns_state_close(s);
	ns_options o2 = o;
	o2.threshold = 0.6;
	CHECK(ns_state_open(&s, st_dir, &o2, 0, 0, err, sizeof(err)) == NS_ERR_OPTION);
	CHECK(strstr(err, "threshold=0.5") && strstr(err, "threshold=0.6"));

	/* retention: night 1 forgotten; night 2's copy of it no longer matches */
	CHECK(ns_state_open(&s, st_dir, &o, 0, 0, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(ns_state_retire(s, 86400LL * 20001), N);
	CHECK_EQ_U(ns_state_records(s), N);
	CHECK(ns_state_exact(s, 1003, 7) == NS_HREF_NONE);
	CHECK(ns_state_exact(s, 2001, 7) == (seg2 | 0));
	CHECK(ns_state_rec(s, seg1 | 0, &h) == -1);
	ns_state_close(s); /* nothing written: night 1 is still there */
	CHECK(ns_state_open(&s, st_dir, &o, 0, 0, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(ns_state_records(s), 2 * N);

	/* compaction: one segment; look-ups, texts and signatures the same */
	uint64_t dropped = 1;
	CHECK(ns_state_compact(s, INT64_MIN, &dropped, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(dropped, 0);
	CHECK_EQ_U(ns_state_segments(s), 1);
	ns_href c = (ns_href)ns_state_segment_number(s, 0) << 32;
	CHECK(ns_state_exact(s, 1003, 7) == (c | 2));
	CHECK(ns_state_exact(s, 2001, 7) == (c | N));
	CHECK(ns_state_rec(s, c | (N + 5), &h) == 0 && h.lead == (c | 2) && h.run == 2);
	CHECK(text_is(s, c | (N + 4), "text 4 of night 2"));
	CHECK(bands_sorted(s, 0, 6));
	sg = ns_state_sig(s, c | (N + 2));
	CHECK(sg && sg[0] == 23);
	CHECK(ns_state_verify(s, err, sizeof(err)) == NS_OK);
	/* compaction with retention: night 1's records go, and night 2's copy of
	 * night 1's article with them */
	CHECK(ns_state_compact(s, 86400LL * 20001, &dropped, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(dropped, N + 1);
	CHECK_EQ_U(ns_state_records(s), N - 1);
	CHECK_EQ_U(ns_state_kept(s), 3);
	CHECK(ns_state_verify(s, err, sizeof(err)) == NS_OK);
	c = (ns_href)ns_state_segment_number(s, 0) << 32;
	ns_state_close(s);

	/* damage: a text (found when read), a record (found when opened) */
	char segp[400];
	snprintf(segp, sizeof(segp), "%s/seg-%08u.nss", st_dir, (uint32_t)(c >> 32));
	FILE *f = fopen(segp, "r+b");
	unsigned char head[176];
	CHECK(f && fread(head, 1, sizeof(head), f) == sizeof(head));
	uint64_t toff = 0, roff = 0;
	for (int i = 7; i >= 0; i--) toff = toff << 8 | head[48 + 24 * 4 + i];
	for (int i = 7; i >= 0; i--) roff = roff << 8 | head[48 + i];
	if (f) {
		fseek(f, (long)toff + 3, SEEK_SET);
		int ch = fgetc(f);
		fseek(f, (long)toff + 3, SEEK_SET);
		fputc(ch ^ 0x40, f);
		fclose(f);
	}
	CHECK(ns_state_open(&s, st_dir, &o, 0, 0, err, sizeof(err)) == NS_OK);
	char *t = NULL;
	size_t cap = 0, len;
	CHECK(ns_state_text(s, c | 0, &t, &cap, &len, err, sizeof(err)) == NS_ERR_FORMAT && strstr(err, "damaged"));
	CHECK(ns_state_verify(s, err, sizeof(err)) == NS_ERR_FORMAT);
	free(t);
	ns_state_close(s);
	f = fopen(segp, "r+b");
	if (f) {
		fseek(f, (long)roff + 10, SEEK_SET);
		int ch = fgetc(f);
		fseek(f, (long)roff + 10, SEEK_SET);
		fputc(ch ^ 1, f);
		fclose(f);
	}
	CHECK(ns_state_open(&s, st_dir, &o, 0, 0, err, sizeof(err)) == NS_ERR_FORMAT && strstr(err, "checksum mismatch"));

	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
