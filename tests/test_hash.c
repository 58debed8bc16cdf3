/* Known-answer tests: tokens, token and shingle hashes, MinHash, LSH
 * parameters, Jaccard and union-find. */
#include <stdlib.h>
#include <string.h>
#include "newsift/newsift.h"
#include "check.h"

static void test_tokens(void)
{
	ns_tokens t = {0};
	const char *s = "The U.S. Dr. Müller's ÉCOLE costs $4.2 million—don't!  ﬁne ①";
	CHECK(ns_tokenize(s, strlen(s), &t) == NS_OK);
	const char *want[] = {"the", "u", "s", "dr", "muller", "s", "ecole", "costs", "4", "2", "million", "don", "t",
	                      "fine", "1"};
	CHECK_EQ_U(t.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < t.n && i < sizeof(want) / sizeof(want[0]); i++) CHECK_STR(t.norm.p + t.off[i], want[i]);
	/* source offsets point at the original bytes */
	CHECK_EQ_U(t.src[0], 0);
	CHECK_EQ_U(t.src_len[0], 3);
	CHECK(!strncmp(s + t.src[4], "Müller", t.src_len[4]));
	/* a combining mark stays in its word and composes: e + U+0301 = é */
	CHECK(ns_tokenize("Caf\x65\xCC\x81 x", 8, &t) == NS_OK);
	CHECK_EQ_U(t.n, 2);
	CHECK_STR(t.norm.p + t.off[0], "cafe");
	/* separators only, and empty input */
	CHECK(ns_tokenize(" -- ... ", 8, &t) == NS_OK);
	CHECK_EQ_U(t.n, 0);
	CHECK(ns_tokenize("", 0, &t) == NS_OK);
	CHECK_EQ_U(t.n, 0);
	/* Greek and Cyrillic letters are word characters; case folds */
	CHECK(ns_tokenize("ΑΘΉΝΑ Москва", strlen("ΑΘΉΝΑ Москва"), &t) == NS_OK);
	CHECK_EQ_U(t.n, 2);
	CHECK_STR(t.norm.p + t.off[0], "αθηνα");
	CHECK_STR(t.norm.p + t.off[1], "москва");
	/* a run of combining marks alone (stripped to nothing) is no word */
	CHECK(ns_tokenize("a \xCC\x81 b", 6, &t) == NS_OK);
	CHECK_EQ_U(t.n, 2);
	/* Devanagari keeps its vowel signs (combining marks) */
	CHECK(ns_tokenize("किताब", strlen("किताब"), &t) == NS_OK);
	CHECK_EQ_U(t.n, 1);
	CHECK_STR(t.norm.p + t.off[0], "किताब");
	ns_tokens_free(&t);
}

static void test_hashes(void)
{
	/* XXH3-64 of the empty input with seed 0 is the published value */
	CHECK_EQ_U(ns_token_hash("", 0, 0), 0x2D06800538D394C2ULL);
	/* stable values: a change here changes every signature of every user */
	uint64_t h = ns_token_hash("news", 4, 0);
	CHECK_EQ_U(h, ns_token_hash("news", 4, 0));
	CHECK(h != ns_token_hash("news", 4, 1));
	uint64_t th[7];
	for (int i = 0; i < 7; i++) th[i] = (uint64_t)i * 0x9E3779B97F4A7C15ULL;
	uint64_t sh[7];
	/* 7 tokens, k=5: 3 shingles, sorted */
	CHECK_EQ_U(ns_shingles(th, 7, 5, 0, sh), 3);
	CHECK(sh[0] < sh[1] && sh[1] < sh[2]);
	/* fewer tokens than k: one shingle of all of them */
	CHECK_EQ_U(ns_shingles(th, 3, 5, 0, sh), 1);
	CHECK_EQ_U(ns_shingles(th, 0, 5, 0, sh), 0);
	/* repeated token runs give repeated shingles, removed */
	uint64_t rep[8] = {1, 2, 1, 2, 1, 2, 1, 2};
	CHECK_EQ_U(ns_shingles(rep, 8, 2, 0, sh), 2);
	/* shingle hash = XXH3 over the little-endian token hashes */
	uint64_t one[1] = {0};
	CHECK_EQ_U(ns_shingles(one, 1, 5, 0, sh), 1);
	unsigned char zero8[8] = {0};
	CHECK_EQ_U(sh[0], ns_token_hash((const char *)zero8, 8, 0));
}

/* Fixed vectors: these values are part of the on-disk contract (signatures
 * of one run must match those of another); the token hash was checked with
 * the xxhsum tool (`printf the | xxhsum -H3`). */
static void test_known_answers(void)
{
	ns_tokens t = {0};
	const char *s = "The quick brown fox jumps over the lazy dog";
	CHECK(ns_tokenize(s, strlen(s), &t) == NS_OK);
	uint64_t th[16], sh[16];
	for (size_t i = 0; i < t.n; i++) th[i] = ns_token_hash(t.norm.p + t.off[i], t.len[i], 0);
	CHECK_EQ_U(th[0], 0xcb1283631cf33d7dULL);
	size_t n = ns_shingles(th, t.n, 5, 0, sh);
	CHECK_EQ_U(n, 5);
	CHECK_EQ_U(sh[0], 0x5a2485b2b09ef47aULL);
	CHECK_EQ_U(sh[4], 0xe44ad0d4a2feccdeULL);
	ns_minhash m;
	CHECK(ns_minhash_init(&m, NS_MH_CLASSIC, 8, 0) == NS_OK);
	uint32_t sig[8];
	ns_minhash_sign(&m, sh, n, sig);
	const uint32_t want[8] = {0x33aefba2, 0x049111ab, 0x3b744274, 0x202fc657,
	                          0x478ff354, 0x582d5d88, 0x4fc21355, 0x0bd61981};
	for (int i = 0; i < 8; i++) CHECK_EQ_U(sig[i], want[i]);
	ns_minhash_free(&m);
	ns_tokens_free(&t);
}

static void test_minhash_variant(ns_minhash_kind kind)
{
	ns_minhash_kind kinds[1] = {kind};
	int v = 0;
	ns_minhash m;
	CHECK(ns_minhash_init(&m, kinds[v], 128, 42) == NS_OK);
	/* SplitMix64's first output for state 0 is the published 0xE220A8397B1DCDAF */
	uint64_t st = 0;
	CHECK_EQ_U(ns_splitmix64(&st), 0xE220A8397B1DCDAFULL);
	/* sets with known Jaccard: estimates within a few standard errors */
	enum { N = 2000 };
	uint64_t *a = malloc(N * sizeof(uint64_t)), *b = malloc(N * sizeof(uint64_t));
	uint32_t sa[128], sb[128];
	double targets[] = {0.0, 0.2, 0.5, 0.8, 1.0};
	for (int k = 0; k < 5; k++) {
		/* |A|=|B|=N, overlap x: J = x / (2N - x) */
		size_t x = (size_t)(2.0 * N * targets[k] / (1.0 + targets[k]) + 0.5);
		uint64_t s2 = 7;
		for (size_t i = 0; i < N; i++) a[i] = ns_splitmix64(&s2);
		for (size_t i = 0; i < N; i++) b[i] = i < x ? a[i] : ns_splitmix64(&s2);
		ns_minhash_sign(&m, a, N, sa);
		ns_minhash_sign(&m, b, N, sb);
		double jt = (double)x / (2.0 * N - (double)x);
		CHECK_NEAR(ns_minhash_similarity(sa, sb, 128), jt, 0.15);
	}
	/* an empty set signs as all UINT32_MAX */
	ns_minhash_sign(&m, a, 0, sa);
	CHECK_EQ_U(sa[0], UINT32_MAX);
	CHECK_EQ_U(sa[127], UINT32_MAX);
	/* same seed, same signature */
	ns_minhash m2;
	CHECK(ns_minhash_init(&m2, kinds[v], 128, 42) == NS_OK);
	ns_minhash_sign(&m, a, N, sa);
	ns_minhash_sign(&m2, a, N, sb);
	CHECK(!memcmp(sa, sb, sizeof(sa)));
	ns_minhash_free(&m);
	ns_minhash_free(&m2);
	free(a);
	free(b);
}

/* small sets (fewer shingles than bins) exercise OPH densification: the
 * estimate must still track the Jaccard, and identical sets match fully */
static void test_minhash_small(ns_minhash_kind kind)
{
	ns_minhash m;
	CHECK(ns_minhash_init(&m, kind, 128, 9) == NS_OK);
	uint64_t a[40], b[40];
	uint64_t s = 3;
	for (int i = 0; i < 40; i++) a[i] = ns_splitmix64(&s);
	for (int i = 0; i < 40; i++) b[i] = i < 30 ? a[i] : ns_splitmix64(&s);
	uint32_t sa[128], sb[128];
	ns_minhash_sign(&m, a, 40, sa);
	ns_minhash_sign(&m, b, 40, sb);
	CHECK_NEAR(ns_minhash_similarity(sa, sb, 128), 30.0 / 50.0, 0.2);
	ns_minhash_sign(&m, a, 40, sb);
	CHECK_NEAR(ns_minhash_similarity(sa, sb, 128), 1.0, 0.0);
	/* OPH: one shingle fills every bin with its value */
	ns_minhash_sign(&m, a, 1, sa);
	CHECK(sa[0] != UINT32_MAX);
	if (kind == NS_MH_OPH) CHECK(sa[0] == sa[127]);
	ns_minhash_free(&m);
}

static void test_minhash(void)
{
	ns_minhash_kind kinds[3] = {NS_MH_OPH, NS_MH_CLASSIC, NS_MH_CMINHASH};
	for (int v = 0; v < 3; v++) {
		test_minhash_variant(kinds[v]);
		test_minhash_small(kinds[v]);
	}
	CHECK_STR(ns_minhash_name(NS_MH_OPH), "oph");
	/* fixed vectors of the other variants, as for classic above */
	uint64_t sh[3] = {1, 2, 3};
	uint32_t sig[4];
	ns_minhash m;
	ns_minhash_init(&m, NS_MH_OPH, 4, 0);
	ns_minhash_sign(&m, sh, 3, sig);
	CHECK(sig[0] == 0xe31428f0 && sig[1] == 0x100b05e5 && sig[2] == 0x3a2b148a);
	CHECK_EQ_U(sig[3], sig[2]); /* bin 3 is empty and copies bin 2 */
	ns_minhash_free(&m);
	ns_minhash_init(&m, NS_MH_CMINHASH, 4, 0);
	ns_minhash_sign(&m, sh, 3, sig);
	CHECK(sig[0] == 0x55b3ed03 && sig[1] == 0x7a3e8c94 && sig[2] == 0x39d08a5e && sig[3] == 0x1c9b17fc);
	ns_minhash_free(&m);
}

static void test_lsh(void)
{
	/* values from an independent Python computation of the same integrals */
	struct { double t; uint32_t k, b, r; } v[] = {
		{0.5, 128, 25, 5}, {0.3, 128, 42, 3}, {0.8, 128, 9, 13}, {0.5, 64, 16, 4}, {0.9, 256, 9, 28}, {0.7, 100, 11, 9},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint32_t b, r;
		ns_lsh_params(v[i].t, v[i].k, 0.5, 0.5, &b, &r);
		CHECK_EQ_U(b, v[i].b);
		CHECK_EQ_U(r, v[i].r);
	}
	CHECK_NEAR(ns_lsh_prob(1.0, 25, 5), 1.0, 1e-12);
	CHECK_NEAR(ns_lsh_prob(0.0, 25, 5), 0.0, 1e-12);
	CHECK_NEAR(ns_lsh_prob(0.5, 1, 1), 0.5, 1e-12);
	/* buckets: docs 0,2,3 share a key, 1 alone */
	ns_lsh_entry e[4] = {{7, 3}, {9, 1}, {7, 0}, {7, 2}};
	ns_pair *p = NULL;
	size_t np = 0, cap = 0;
	CHECK(ns_lsh_band_pairs(e, 4, 10, &p, &np, &cap) == NS_OK);
	CHECK_EQ_U(np, 3);
	CHECK(p[0].a == 0 && p[0].b == 2 && p[1].a == 0 && p[1].b == 3 && p[2].a == 2 && p[2].b == 3);
	/* an oversized bucket pairs with its first member only */
	ns_lsh_entry f[4] = {{5, 3}, {5, 1}, {5, 0}, {5, 2}};
	np = 0;
	CHECK(ns_lsh_band_pairs(f, 4, 3, &p, &np, &cap) == NS_OK);
	CHECK_EQ_U(np, 3);
	CHECK(p[0].a == 0 && p[0].b == 1 && p[2].b == 3);
	ns_pair q[5] = {{2, 3}, {0, 1}, {2, 3}, {0, 1}, {0, 2}};
	CHECK_EQ_U(ns_pairs_unique(q, 5), 3);
	ns_pair w[5] = {{2, 3}, {0, 1}, {2, 3}, {0, 1}, {0, 2}};
	CHECK_EQ_U(ns_pairs_repeated(w, 5, 2), 2);
	free(p);
	/* merging sorted unique lists gives ns_pairs_unique of their
	 * concatenation: random lists sharing pairs, one or both empty */
	enum { M = 3000 };
	ns_pair *x = malloc(M * sizeof(ns_pair)), *y = malloc(M * sizeof(ns_pair)), *all = malloc(2 * M * sizeof(ns_pair)),
	        *out = malloc(2 * M * sizeof(ns_pair));
	uint64_t st = 3;
	int same = 1;
	for (int r = 0; r < 50; r++) {
		size_t nx = r % 7 == 0 ? 0 : ns_splitmix64(&st) % M, ny = r % 11 == 0 ? 0 : ns_splitmix64(&st) % M;
		uint32_t span = 2 + (uint32_t)(ns_splitmix64(&st) % 60);
		for (size_t i = 0; i < nx; i++) { x[i].a = (uint32_t)(ns_splitmix64(&st) % span); x[i].b = (uint32_t)(ns_splitmix64(&st) % span); }
		for (size_t i = 0; i < ny; i++) { y[i].a = (uint32_t)(ns_splitmix64(&st) % span); y[i].b = (uint32_t)(ns_splitmix64(&st) % span); }
		nx = ns_pairs_unique(x, nx);
		ny = ns_pairs_unique(y, ny);
		memcpy(all, x, nx * sizeof(ns_pair));
		memcpy(all + nx, y, ny * sizeof(ns_pair));
		size_t na = ns_pairs_unique(all, nx + ny), no = ns_pairs_merge(x, nx, y, ny, out);
		same &= na == no && (na == 0 || !memcmp(all, out, na * sizeof(ns_pair)));
	}
	CHECK(same);
	free(x); free(y); free(all); free(out);
}

static void test_cluster(void)
{
	uint64_t a[] = {1, 2, 3, 4}, b[] = {3, 4, 5, 6, 7, 8};
	double c;
	CHECK_NEAR(ns_jaccard_sorted(a, 4, b, 6, &c), 2.0 / 8.0, 1e-12);
	CHECK_NEAR(c, 0.5, 1e-12);
	CHECK_NEAR(ns_jaccard_sorted(a, 4, a, 4, &c), 1.0, 1e-12);
	CHECK_NEAR(ns_jaccard_sorted(a, 0, b, 0, &c), 0.0, 1e-12);
	ns_uf u;
	CHECK(ns_uf_init(&u, 6) == NS_OK);
	ns_uf_union(&u, 5, 3);
	ns_uf_union(&u, 3, 4);
	ns_uf_union(&u, 2, 1);
	/* roots are the smallest members whatever the union order */
	CHECK_EQ_U(ns_uf_find(&u, 5), 3);
	CHECK_EQ_U(ns_uf_find(&u, 4), 3);
	CHECK_EQ_U(ns_uf_find(&u, 2), 1);
	ns_uf_union(&u, 4, 1);
	CHECK_EQ_U(ns_uf_find(&u, 5), 1);
	CHECK_EQ_U(ns_uf_find(&u, 0), 0);
	ns_uf_free(&u);
}

/* ns_shingle_seq against ns_shingles and one shingle at a time: texts of
 * distinct shingles, and of a few repeated ones (buckets that overflow to
 * the fallback sort). */
static void test_shingle_seq(void)
{
	enum { N = 5000 };
	uint64_t *th = malloc(N * sizeof(uint64_t)), *a = malloc(N * sizeof(uint64_t)), *b = malloc(N * sizeof(uint64_t));
	uint32_t *seq = malloc(N * sizeof(uint32_t));
	const size_t vocab[3] = {1000000, 40, 2};
	const uint32_t ks[3] = {5, 1, 3};
	for (int v = 0; v < 3; v++) {
		uint64_t st = 11 + (uint64_t)v;
		for (size_t i = 0; i < N; i++) th[i] = ns_splitmix64(&st) % vocab[v];
		size_t u = ns_shingles(th, N, ks[v], 7, a), nseq = 0;
		size_t u2 = ns_shingle_seq(th, N, ks[v], 7, b, seq, &nseq);
		CHECK_EQ_U(u2, u);
		CHECK_EQ_U(nseq, N - ks[v] + 1);
		CHECK(!memcmp(a, b, u * sizeof(uint64_t)));
		int ok = 1;
		for (size_t i = 0; i < nseq; i++) {
			uint64_t one;
			ns_shingles(th + i, ks[v], ks[v], 7, &one);
			if (seq[i] >= u || b[seq[i]] != one) ok = 0;
		}
		CHECK(ok);
		/* the list in text order: ns_shingles is it sorted and made
		 * unique, and every MinHash of the list is that of the set */
		CHECK_EQ_U(ns_shingle_list(th, N, ks[v], 7, b), nseq);
		for (size_t i = 0; i < nseq; i++) {
			uint64_t one;
			ns_shingles(th + i, ks[v], ks[v], 7, &one);
			if (b[i] != one) ok = 0;
		}
		CHECK(ok);
		for (int kind = 0; kind < 3; kind++) {
			ns_minhash m;
			uint32_t s1[64], s2[64];
			CHECK(ns_minhash_init(&m, kind == 0 ? NS_MH_OPH : kind == 1 ? NS_MH_CLASSIC : NS_MH_CMINHASH, 64, 3) == NS_OK);
			ns_minhash_sign(&m, a, u, s1);
			ns_minhash_sign(&m, b, nseq, s2);
			CHECK(!memcmp(s1, s2, sizeof(s1)));
			ns_minhash_free(&m);
		}
	}
	free(th); free(a); free(b); free(seq);
}

/* ns_tokenize_lines against each line tokenised alone with ns_tokenize
 * and cut to the quota: the same tokens, bytes and source offsets. */
static void test_tokenize_lines(void)
{
	static const char *words[] = {"the", "Caf\xC3\xA9", "2024", "a,", "b.", "\xCE\x91\xCE\xB8\xCE\xAE", "x\xCC\x81", "--", "\n", "\n\n"};
	ns_tokens t = {0}, u = {0};
	uint64_t st = 99;
	int bad = 0;
	for (int r = 0; r < 400; r++) {
		char text[4096];
		size_t n = 0, w = ns_splitmix64(&st) % 300;
		for (size_t i = 0; i < w && n < 3500; i++) {
			const char *x = words[ns_splitmix64(&st) % 10];
			memcpy(text + n, x, strlen(x));
			n += strlen(x);
			text[n++] = ' ';
		}
		size_t cap = 1 + ns_splitmix64(&st) % 12;
		if (ns_tokenize_lines(text, n, cap, &t) != NS_OK) { bad++; continue; }
		size_t k = 0;
		for (size_t s = 0; s <= n;) {
			const char *nl = memchr(text + s, '\n', n - s);
			size_t e = nl ? (size_t)(nl - text) : n;
			if (ns_tokenize(text + s, e - s, &u) != NS_OK) { bad++; break; }
			for (size_t j = 0; j < u.n && j < cap; j++, k++)
				if (k >= t.n || t.len[k] != u.len[j] || strcmp(t.norm.p + t.off[k], u.norm.p + u.off[j]) ||
				    t.src[k] != s + u.src[j] || t.src_len[k] != u.src_len[j])
					bad++;
			s = e + 1;
		}
		if (k != t.n) bad++;
	}
	CHECK_EQ_U(bad, 0);
	ns_tokens_free(&t);
	ns_tokens_free(&u);
}

static int cmp_lsh_ref(const void *a, const void *b)
{
	const ns_lsh_entry *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* ns_lsh_band_pairs sorts its entries by (key, doc): against qsort, with
 * keys spread over 64 bits and with a few keys shared by many documents. */
static void test_lsh_sort(void)
{
	enum { N = 20000 };
	ns_lsh_entry *e = malloc(N * sizeof(*e)), *f = malloc(N * sizeof(*f));
	for (int v = 0; v < 2; v++) {
		uint64_t st = 5 + (uint64_t)v;
		for (size_t i = 0; i < N; i++) {
			uint64_t k = ns_splitmix64(&st);
			e[i].key = v ? (k % 7) * 0x9E3779B97F4A7C15ULL : k;
			e[i].doc = (uint32_t)(ns_splitmix64(&st) % N);
		}
		memcpy(f, e, N * sizeof(*e));
		qsort(f, N, sizeof(*f), cmp_lsh_ref);
		ns_pair *p = NULL;
		size_t np = 0, cap = 0;
		CHECK(ns_lsh_band_pairs(e, N, 10, &p, &np, &cap) == NS_OK);
		int same = 1;
		for (size_t i = 0; i < N; i++) same &= e[i].key == f[i].key && e[i].doc == f[i].doc;
		CHECK(same);
		free(p);
	}
	free(e);
	free(f);
}

/* ASCII text, with runs of every length around the 16-byte blocks of the
 * vector path: tokens against a plain reference (split on bytes that are
 * not letters or digits, lower-cased), and line keys against the
 * tokeniser's (a non-ASCII separator at the end sends a line there). */
static void test_ascii_runs(void)
{
	static const char alpha[] = "aZ09 ,.-'\"Q\tx(M)";
	uint64_t st = 3;
	ns_tokens t = {0};
	int bad = 0, badkey = 0;
	for (int r = 0; r < 3000; r++) {
		char s[300], ref[600], line[310];
		size_t n = ns_splitmix64(&st) % 280, nref = 0;
		for (size_t i = 0; i < n; i++) {
			/* long runs of one class now and then */
			if (ns_splitmix64(&st) % 8 == 0) {
				size_t run = ns_splitmix64(&st) % 40, c = ns_splitmix64(&st) % 2;
				for (size_t j = 0; j < run && i < n; j++, i++) s[i] = c ? (char)('a' + j % 26) : ' ';
				if (i >= n) break;
			}
			s[i] = alpha[ns_splitmix64(&st) % (sizeof(alpha) - 1)];
		}
		s[n] = 0;
		int inw = 0;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			int w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			if (w) { ref[nref++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); inw = 1; }
			else if (inw) { ref[nref++] = 0; inw = 0; }
		}
		if (inw) ref[nref++] = 0;
		if (ns_tokenize(s, n, &t) != NS_OK || t.norm.len != nref || memcmp(t.norm.p, ref, nref)) bad++;
		memcpy(line, s, n);
		memcpy(line + n, " \xE2\x80\x94", 4);
		uint32_t w1, w2;
		uint64_t k1 = ns_line_key(s, n, &t, &w1), k2 = ns_line_key(line, n + 4, &t, &w2);
		if (k1 != k2 || w1 != w2) badkey++;
	}
	CHECK_EQ_U(bad, 0);
	CHECK_EQ_U(badkey, 0);
	ns_tokens_free(&t);
}

int main(void)
{
	test_tokens();
	test_ascii_runs();
	test_shingle_seq();
	test_tokenize_lines();
	test_hashes();
	test_known_answers();
	test_minhash();
	test_lsh();
	test_lsh_sort();
	test_cluster();
	return TEST_DONE();
}
