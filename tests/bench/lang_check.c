/* newsift — language detection accuracy on real articles.
 *
 * Usage: lang_check [DIR] [CODE=FILE.jsonl ...]
 * DIR (default /work/shared/data/multiling2011) holds one folder per language,
 * named by its ISO 639-1 code, each with articles.jsonl; the folder name is the
 * truth.  CODE=FILE adds a file whose articles are all in language CODE (e.g.
 * en=/work/shared/data/bbc/articles.jsonl).  The data are read in place.
 *
 * Each article's text is cleaned and tokenised as `newsift run` does, then
 * detected three ways: the whole text, its first SHORT_TOKENS tokens, and the
 * title alone.  A Markdown table on stdout gives, per folder, the articles,
 * the correct, unknown and wrong answers and the accuracy of each, and the
 * lowest share of tokens that are stop words of the true language (the margin
 * above detection's rate test).  Exit status 0, or 1 when a file is missing or
 * a folder's full-text accuracy is below MIN_ACCURACY. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newsift/newsift.h"
#include "newsift/lang.h"

#define SHORT_TOKENS 12
#define MIN_ACCURACY 0.99
#define DEFAULT_DIR "/work/shared/data/multiling2011"

typedef struct {
	size_t n, ok, unknown, wrong;
	size_t confused[NS_LANG_COUNT];
} tally;

static void count(tally *t, ns_lang got, ns_lang truth)
{
	t->n++;
	if (got == truth) t->ok++;
	else if (got == NS_LANG_UNKNOWN) t->unknown++;
	else { t->wrong++; t->confused[got]++; }
}

static void cell(const tally *t)
{
	printf(" %zu / %zu / %zu (%.1f%%)", t->ok, t->unknown, t->wrong, t->n ? 100.0 * (double)t->ok / (double)t->n : 0.0);
	for (int l = 1; l < NS_LANG_COUNT; l++)
		if (t->confused[l]) printf(" %s:%zu", ns_lang_code((ns_lang)l), t->confused[l]);
	printf(" |");
}

/* Returns 0, 1 when the file is absent, 2 when accuracy is below the floor. */
static int check_file(const char *name, const char *path, ns_lang truth, const ns_options *o)
{
	char err[256];
	ns_reader *rd;
	if (ns_reader_open(&rd, path, err, sizeof(err))) {
		fprintf(stderr, "lang_check: skip %s: %s\n", name, err);
		return 1;
	}
	ns_parser *p = ns_parser_create(o);
	ns_tokens tok = {0};
	ns_buf clean = {0};
	tally full = {0}, shrt = {0}, title = {0};
	double min_rate = 1.0;
	const char *line;
	size_t len;
	uint64_t lno;
	while (ns_reader_next(rd, &line, &len, &lno, err, sizeof(err)) == 1) {
		ns_record rec;
		const char *note;
		if (ns_parser_parse(p, line, len, &rec, &note, err, sizeof(err))) {
			fprintf(stderr, "%s:%llu: %s\n", path, (unsigned long long)lno, err);
			continue;
		}
		ns_clean_text(rec.f[NS_F_TEXT], rec.len[NS_F_TEXT], &clean);
		ns_tokenize(clean.p, clean.len, &tok);
		ns_lang got = ns_lang_detect(&tok);
		count(&full, got, truth);
		if (got != truth) fprintf(stderr, "%s: %s detected as '%s'\n", name, rec.f[NS_F_ID], ns_lang_code(got));
		size_t stop = 0;
		for (size_t i = 0; i < tok.n; i++) stop += (size_t)ns_lang_stopword(truth, tok.norm.p + tok.off[i], tok.len[i]);
		if (tok.n && (double)stop / (double)tok.n < min_rate) min_rate = (double)stop / (double)tok.n;
		ns_tokens head = tok;
		if (head.n > SHORT_TOKENS) head.n = SHORT_TOKENS;
		count(&shrt, ns_lang_detect(&head), truth);
		ns_tokenize(rec.f[NS_F_TITLE], rec.len[NS_F_TITLE], &tok);
		count(&title, ns_lang_detect(&tok), truth);
		ns_record_free(&rec);
	}
	ns_reader_close(rd);
	ns_parser_destroy(p);
	ns_tokens_free(&tok);
	ns_buf_free(&clean);
	printf("| %s | %zu |", name, full.n);
	cell(&full);
	cell(&shrt);
	cell(&title);
	printf(" %.1f%% |\n", 100.0 * min_rate);
	return full.n && (double)full.ok / (double)full.n >= MIN_ACCURACY ? 0 : 2;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 && !strchr(argv[1], '=') ? argv[1] : DEFAULT_DIR;
	ns_options o;
	ns_options_init(&o);
	printf("| folder | articles | full text: ok / unknown / wrong | first %d tokens | title | min stop-word share |\n",
	       SHORT_TOKENS);
	printf("|---|---|---|---|---|---|\n");
	static const char *const folders[] = {"ar", "cs", "el", "en", "fr", "he", "hi"};
	int bad = 0, missing = 0;
	char path[4096];
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/articles.jsonl", dir, folders[i]);
		int r = check_file(folders[i], path, ns_lang_from_code(folders[i]), &o);
		missing += r == 1;
		bad += r == 2;
	}
	for (int a = 1; a < argc; a++) {
		const char *eq = strchr(argv[a], '=');
		if (!eq) continue;
		char code[8] = {0};
		memcpy(code, argv[a], (size_t)(eq - argv[a]) < sizeof(code) - 1 ? (size_t)(eq - argv[a]) : sizeof(code) - 1);
		ns_lang l = ns_lang_from_code(code);
		if (l == NS_LANG_UNKNOWN) { fprintf(stderr, "lang_check: unknown language '%s'\n", code); return 2; }
		int r = check_file(argv[a], eq + 1, l, &o);
		missing += r == 1;
		bad += r == 2;
	}
	if (missing) fprintf(stderr, "lang_check: %d file(s) absent, skipped\n", missing);
	return bad ? 1 : 0;
}
