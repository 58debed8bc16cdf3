/* newsift — MinHash variant comparison: estimation error against the exact
 * Jaccard, by Jaccard bucket, and signing speed per article.
 *
 * Usage: minhash_bench ARTICLES.jsonl GOLD.tsv [NUM_PERM]
 * Texts are cleaned and shingled exactly as `newsift run` does (word
 * 5-shingles, XXH3, default seed).  Pairs: every pair of articles that share
 * a gold story (capped per story), so all Jaccard ranges are represented.
 * Prints a Markdown table on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "newsift/newsift.h"

typedef struct {
	char *id, *story;
	uint64_t *sh;
	size_t nsh;
} doc;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_story(const void *a, const void *b)
{
	const doc *x = a, *y = b;
	int c = strcmp(x->story, y->story);
	return c ? c : strcmp(x->id, y->id);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: minhash_bench ARTICLES.jsonl GOLD.tsv [NUM_PERM]\n");
		return 2;
	}
	uint32_t K = argc > 3 ? (uint32_t)atoi(argv[3]) : 128;
	ns_options o;
	ns_options_init(&o);
	char err[256];
	ns_reader *rd;
	if (ns_reader_open(&rd, argv[1], err, sizeof(err))) { fprintf(stderr, "%s\n", err); return 1; }
	ns_parser *p = ns_parser_create(&o);
	doc *d = NULL;
	size_t n = 0, cap = 0;
	ns_tokens tok = {0};
	ns_buf clean = {0};
	const char *line;
	size_t len;
	uint64_t lno;
	while (ns_reader_next(rd, &line, &len, &lno, err, sizeof(err)) == 1) {
		ns_record rec;
		const char *note;
		if (ns_parser_parse(p, line, len, &rec, &note, err, sizeof(err))) continue;
		ns_clean_text(rec.f[NS_F_TEXT], rec.len[NS_F_TEXT], &clean);
		ns_tokenize(clean.p, clean.len, &tok);
		if (n == cap) { cap = cap ? 2 * cap : 1024; d = realloc(d, cap * sizeof(doc)); }
		uint64_t *th = malloc((tok.n + 1) * sizeof(uint64_t));
		for (size_t i = 0; i < tok.n; i++) th[i] = ns_token_hash(tok.norm.p + tok.off[i], tok.len[i], o.seed);
		d[n].sh = malloc((tok.n + 1) * sizeof(uint64_t));
		d[n].nsh = ns_shingles(th, tok.n, o.shingle_k, o.seed, d[n].sh);
		d[n].id = strdup(rec.f[NS_F_ID]);
		d[n].story = NULL;
		free(th);
		ns_record_free(&rec);
		n++;
	}
	ns_reader_close(rd);
	/* stories from the gold file */
	FILE *g = fopen(argv[2], "r");
	if (!g) { perror(argv[2]); return 1; }
	char gl[4096];
	size_t matched = 0;
	fgets(gl, sizeof(gl), g);
	/* ids are looked up by a sorted index */
	while (fgets(gl, sizeof(gl), g)) {
		char *id = strtok(gl, "\t\r\n"), *dg = strtok(NULL, "\t\r\n"), *st = strtok(NULL, "\t\r\n");
		(void)dg;
		if (!id || !st) continue;
		for (size_t i = 0; i < n; i++)
			if (!d[i].story && !strcmp(d[i].id, id)) { d[i].story = strdup(st); matched++; break; }
	}
	fclose(g);
	for (size_t i = 0; i < n; i++) if (!d[i].story) d[i].story = strdup(d[i].id);
	qsort(d, n, sizeof(doc), cmp_story);

	ns_minhash_kind kinds[3] = {NS_MH_OPH, NS_MH_CLASSIC, NS_MH_CMINHASH};
	uint32_t *sig[3];
	double secs[3];
	for (int v = 0; v < 3; v++) {
		ns_minhash m;
		ns_minhash_init(&m, kinds[v], K, o.seed);
		sig[v] = malloc(n * K * sizeof(uint32_t));
		secs[v] = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			double t0 = now();
			for (size_t i = 0; i < n; i++) ns_minhash_sign(&m, d[i].sh, d[i].nsh, sig[v] + i * K);
			double t = now() - t0;
			if (t < secs[v]) secs[v] = t;
		}
		ns_minhash_free(&m);
	}
	/* pairs within a story, at most 400 per story */
	enum { NB = 10 };
	double abserr[3][NB] = {{0}}, sqerr[3][NB] = {{0}};
	size_t cnt[NB] = {0}, pairs = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !strcmp(d[j].story, d[i].story)) j++;
		size_t taken = 0;
		for (size_t a = i; a < j && taken < 400; a++)
			for (size_t b = a + 1; b < j && taken < 400; b++, taken++) {
				if (!d[a].nsh || !d[b].nsh) continue;
				double jx = ns_jaccard_sorted(d[a].sh, d[a].nsh, d[b].sh, d[b].nsh, NULL);
				int bk = jx >= 1.0 ? NB - 1 : (int)(jx * NB);
				cnt[bk]++;
				pairs++;
				for (int v = 0; v < 3; v++) {
					double e = ns_minhash_similarity(sig[v] + a * K, sig[v] + b * K, K) - jx;
					abserr[v][bk] += e < 0 ? -e : e;
					sqerr[v][bk] += e * e;
				}
			}
		i = j;
	}
	size_t tot_sh = 0;
	for (size_t i = 0; i < n; i++) tot_sh += d[i].nsh;
	printf("%zu articles (%zu with a gold story), %.0f shingles per article on average, %u values per signature, "
	       "%zu pairs of articles sharing a story.\n\n", n, matched, (double)tot_sh / n, K, pairs);
	printf("Mean absolute error of the estimated Jaccard, by exact Jaccard bucket:\n\n");
	printf("| exact Jaccard | pairs | oph | classic | cminhash |\n|---|---:|---:|---:|---:|\n");
	double all[3] = {0};
	for (int b = 0; b < NB; b++) {
		if (!cnt[b]) continue;
		printf("| %.1f–%.1f | %zu |", b / 10.0, (b + 1) / 10.0, cnt[b]);
		for (int v = 0; v < 3; v++) {
			printf(" %.4f |", abserr[v][b] / cnt[b]);
			all[v] += abserr[v][b];
		}
		printf("\n");
	}
	printf("| all | %zu | %.4f | %.4f | %.4f |\n\n", pairs, all[0] / pairs, all[1] / pairs, all[2] / pairs);
	printf("Signing speed, one thread, best of 3 over all articles:\n\n");
	printf("| variant | total s | µs per article | relative to classic |\n|---|---:|---:|---:|\n");
	for (int v = 0; v < 3; v++)
		printf("| %s | %.3f | %.1f | %.2f× |\n", ns_minhash_name(kinds[v]), secs[v], 1e6 * secs[v] / n,
		       secs[1] / secs[v]);
	for (size_t i = 0; i < n; i++) { free(d[i].sh); free(d[i].id); free(d[i].story); }
	free(d);
	for (int v = 0; v < 3; v++) free(sig[v]);
	ns_tokens_free(&tok);
	ns_buf_free(&clean);
	ns_parser_destroy(p);
	return 0;
}
