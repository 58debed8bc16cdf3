/* newsift — command-line interface.
 *
 * Thin by design: parses options into ns_options, drives the library
 * (ns_run_* or ns_eval_*), prints the library's log lines to stderr and a
 * summary to stdout, and maps statuses to documented exit codes. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "newsift/newsift.h"
#include "cli.h"
#ifdef NS_MPI
#include "mpi/cli_mpi.h"
#define RANK0 (cli_mpi_rank() == 0)
#else
#define RANK0 1
#endif


static volatile sig_atomic_t g_stop;
static int g_signal;

static void on_signal(int sig)
{
	g_stop = 1;
	g_signal = sig;
}

static void usage_main(FILE *f)
{
	fprintf(f,
	        "newsift %s — clean, deduplicate, group and summarise news dumps\n\n"
	        "Usage:\n"
	        "  newsift run [options] INPUT... -o OUTDIR   run the whole pipeline\n"
	        "  newsift summarize [options] INPUT...        one summary of all inputs (--help)\n"
	        "  newsift eval [--level dup|story|both] [--json] CLUSTERS.tsv GOLD.tsv\n"
	        "  newsift eval rouge [options] SUMMARIES.jsonl REFERENCES.jsonl   ROUGE (--help)\n"
	        "  newsift state stats|verify|compact DIR     inspect, check or compact a --state history\n"
	        "  newsift help [COMMAND] | --help | --version\n"
	        "  newsift --list-options COMMAND             its options, one a line (for completion)\n\n"
	        "INPUT is JSONL, CSV, TSV, a text file or a directory of text files, plain,\n"
	        "gzip or zstd, or - for standard input ('newsift run --help': Input).\n"
	        "'newsift COMMAND --help' (or 'newsift help COMMAND') lists the options of a command;\n"
	        "'man newsift' describes them all.\n",
	        NS_VERSION);
}

static void usage_summarize(FILE *f)
{
	fprintf(f,
	        "Usage: newsift summarize [options] INPUT... [--summary-words N | --summary-bytes N |\n"
	        "                         --summary-sentences N] [--json] [--group GOLD.tsv [--group-column C]]\n\n"
	        "Treats all input articles as one story (after removing boilerplate and duplicates)\n"
	        "and prints its extractive summary, one sentence per line.\n\n"
	        "  --json             print {\"story\", \"summary\": [{\"id\", \"sentence\", \"text\"}]} with the\n"
	        "                     article id and sentence index of every sentence\n"
	        "  --group FILE       a TSV with columns id and C: each group of articles with equal C\n"
	        "                     is summarised as its own story\n"
	        "  --group-column C   the column of --group (default story)\n"
	        "  -h, --help         this help\n\n"
	        "Takes these options of 'newsift run' too, with the same meaning (see run --help):\n");
	/* from the option table, so that the list is always whole */
	int col = 0;
	for (size_t i = 0; i < cli_nopts; i++) {
		const cli_opt *op = &cli_opts[i];
		if (!(op->cmds & CMD_SUM) || !(op->cmds & CMD_RUN) || op->key == 'h') continue;
		int w = (int)strlen(op->name) + 3 + (op->value && op->key != 'h' ? (int)strlen(op->value) + 1 : 0);
		if (col && col + w > 78) { fputc('\n', f); col = 0; }
		col += fprintf(f, "%s--%s%s%s", col ? " " : "  ", op->name, op->value ? " " : "", op->value ? op->value : "");
	}
	fputc('\n', f);
}

static void usage_run(FILE *f, const ns_options *d)
{
	fprintf(f,
	        "Usage: newsift run [options] INPUT... -o OUTDIR\n\n"
	        "Input:\n"
	        "  INPUT is a file (plain, gzip or zstd, found by their first bytes), - for\n"
	        "  standard input, or a directory: every regular file under it, in the byte order\n"
	        "  of their paths, is one article whose id is its path under the directory (a\n"
	        "  text file, or by its name a web page or a WARC file).\n"
	        "  --format jsonl|csv|tsv|text|warc|html\n"
	        "                           the format of every INPUT file; by default by the name\n"
	        "                           without .gz/.zst: .jsonl .ndjson .json JSONL, .csv CSV\n"
	        "                           (RFC 4180), .tsv TSV (\\t \\n \\\\ escapes), .txt .text one\n"
	        "                           article per file (id: the path as given), .warc WARC\n"
	        "                           1.0/1.1 (one article per HTML response), .html .htm\n"
	        "                           .xhtml one web page per file; others JSONL, or WARC when\n"
	        "                           the data starts with a WARC record.\n"
	        "                           CSV and TSV have a header naming the columns; a text\n"
	        "                           file may start with lines 'title: ...', 'date: ...',\n"
	        "                           'source: ...', 'url: ...' or a bare 'date 2024-03-22'\n"
	        "  --field-id NAME, --field-title NAME, --field-date NAME,\n"
	        "  --field-source NAME, --field-url NAME, --field-text NAME\n"
	        "                           JSON field or CSV/TSV column names (default: id title\n"
	        "                           date source url text); other fields pass through to\n"
	        "                           deduped.jsonl.gz.  Dates: 2024-03-22, ISO 8601 with a\n"
	        "                           time and zone, RFC 2822, epoch seconds or milliseconds\n"
	        "  --extract article|text   what a web page gives (a WARC response, an .html file, or\n"
	        "                           a text field holding HTML): its article, without menus,\n"
	        "                           teasers, comments or share bars, and its title, date,\n"
	        "                           author and language (default article); or all its\n"
	        "                           visible text\n"
	        "  --strict                 stop (exit 3, no outputs) at the first rejected record\n"
	        "  --max-doc-bytes N        cut longer texts at a line end (default 0 = no limit)\n"
	        "  --batch N                records per parallel batch (default %u)\n"
	        "Execution:\n"
	        "  -o, --output DIR         output directory (created if missing)\n"
	        "  -t, --threads N          threads (default 0 = all cores)\n"
	        "  --tmp-dir DIR            temporary files (spilled texts and LSH keys; deleted at once,\n"
	        "                           so never left behind) go here (default $TMPDIR, else /tmp)\n"
	        "  --memory-budget SIZE     bound the run's working windows (read batches, re-shingled\n"
	        "                           verification sets) to about SIZE bytes (K, M, G suffixes);\n"
	        "                           a warning says when the per-article state alone is larger\n"
	        "  --no-dump                do not write deduped.jsonl.gz (clusters.tsv and the report\n"
	        "                           still account for every record; one left by an earlier run\n"
	        "                           in OUTDIR is removed)\n"
	        "  -q, --quiet              only errors: no warnings, no progress line, no summary on stdout\n"
	        "  --verbose                also each stage's time and counts (records, duplicates, candidate\n"
	        "                           pairs, stories, ...) as info lines\n"
	        "  --log-json               each line on stderr one JSON object: {\"time\" (UTC), \"level\",\n"
	        "                           \"message\"}, and \"stage\" and \"seconds\" on a stage's line\n"
	        "  --log-file FILE          append the log lines to FILE too, each with its time (with -q too:\n"
	        "                           -q --verbose --log-file F puts the details in F alone)\n"
	        "                           On a terminal, a progress line on stderr (stage, records, rate,\n"
	        "                           time left) is rewritten in place and wiped at the end.\n"
	        "  -h, --help               this help\n"
	        "  --config FILE            options from FILE first, one 'key = value' a line: the long\n"
	        "                           names without --, a flag as 'key' or 'key = true|false', # comments;\n"
	        "                           the command line wins; report.json names FILE\n"
	        "  --max-warnings N         print at most N warnings (default 50, -1 = all)\n"
	        "Cleaning:\n"
	        "  --no-boilerplate         do not learn and remove boilerplate lines\n"
	        "  --no-builtin-boilerplate keep the lines of the built-in list (\"Advertisement\", \"Share\n"
	        "                           this article\", cookie notices, ... in 13 languages)\n"
	        "  --keep-metadata          keep a text's leading scraped metadata (\"date 2024-03-22\",\n"
	        "                           \"By NAME | Updated ...\"), which by default is dropped and its\n"
	        "                           date used when the record has none\n"
	        "  --keep-non-articles      do not reject pages that are not articles (paywall stubs,\n"
	        "                           \"Please enable JavaScript\", cookie walls, error pages)\n"
	        "  --boiler-min-docs N      a boilerplate line occurs in >= N documents (default %u)\n"
	        "  --boiler-min-contexts N  ... next to >= N different neighbours (default %u)\n"
	        "  --boiler-max-words N     ... and has at most N words (default %u)\n"
	        "Near-duplicates:\n"
	        "  --shingle K              words per shingle (default %u)\n"
	        "  --num-perm N             MinHash values per signature (default %u)\n"
	        "  --minhash VARIANT        oph | classic | cminhash (default oph)\n"
	        "  --no-fuzzy-tokens        shingles of the words as written, not of their skeletons (by\n"
	        "                           default vowels and the letters OCR confuses or drops are left\n"
	        "                           out, so that copies with letter noise are found;\n"
	        "                           --fuzzy-tokens is that default)\n"
	        "  --threshold J            Jaccard for a near-duplicate (default %.2f)\n"
	        "  --containment C          share of the shorter text's words covered by shingles it\n"
	        "                           shares with the longer one, for an abridged copy; 0 = off\n"
	        "                           (default %.2f)\n"
	        "  --containment-min-jaccard J  Jaccard floor with containment (default %.2f)\n"
	        "  --containment-min-words N    the shorter text has at least N words (default %u)\n"
	        "  --containment-numbers S      ...and at least a share S of the numbers inside its shared text\n"
	        "                           are in the longer one (templated reports differ in their numbers;\n"
	        "                           default %.2f), when it has at least\n"
	        "  --containment-numbers-min N  N of them (default %u)\n"
	        "  --align A                share of the shorter text's words in sentences found again in\n"
	        "                           the longer one (most of their words in one sentence), for an\n"
	        "                           abridged and reworded copy that keeps its numbers; 0 = off\n"
	        "                           (default %.2f)\n"
	        "  --bands B --rows R       LSH banding (default: derived from the thresholds)\n"
	        "  --max-bucket N           LSH bucket size beyond which pairs are thinned (default %u)\n"
	        "  --seed N                 hash seed (default %llu)\n"
	        "  --representative RULE    best | centre | earliest | first | longest (default best)\n"
	        "  --cluster METHOD         centre | pivot | components | first (default centre; first\n"
	        "                           with --representative first: each article joins the\n"
	        "                           first kept article it copies)\n"
	        "  --centre-relax R         centre clustering: a member not linked to its centre stays when\n"
	        "                           it passes the test with every threshold times R (default %.2f)\n"
	        "  --centre-rounds N        centre clustering: detached members regrouped N times (default %u)\n"
	        "  --lsh-fp-weight W, --lsh-fn-weight W\n"
	        "                           weights of false positives and negatives when bands and rows\n"
	        "                           are derived (default %.2f, %.2f)\n"
	        "Stories and summaries:\n"
	        "  --dedup-only             no story grouping or summaries: each duplicate group is a story\n"
	        "  --story-threshold S      cosine that makes two articles a candidate link (default %.2f)\n"
	        "  --story-merge S          similarity two stories need to merge in a corpus of N kept\n"
	        "                           articles of one language, N = --story-merge-articles (default %.2f)...\n"
	        "  --story-merge-articles N ...with more articles the level rises by 0.04 per factor e (more\n"
	        "                           unrelated pairs alike by chance), with fewer it falls (not below\n"
	        "                           twice their mean cosine); 0 = one level for any corpus (default %u;\n"
	        "                           average link only)\n"
	        "  --story-link METHOD      average (average link) | centroid (default average)\n"
	        "  --story-terms N          terms kept per article vector (default %u)\n"
	        "  --no-stem                do not stem story terms (default: Snowball stemming by the\n"
	        "                           detected language; English is never stemmed)\n"
	        "  --story-days N           max days between linked articles, -1 = ignore (default %d)\n"
	        "  --story-top-terms N      strongest terms of an article in the candidate index (default %u)\n"
	        "  --story-min-shared N     a candidate pair shares at least N of them (default %u)\n"
	        "  --story-max-posting N    terms in more than N articles are not used for candidates...\n"
	        "  --story-max-share S      ...and terms in more than a share S of them not at all...\n"
	        "  --story-min-posting N    ...unless in at most N (defaults %u, %.2f, %u)\n"
	        "  --story-shared-lines N   a short line found in N or more articles (a cookie notice, a\n"
	        "                           footer that boilerplate learning left) gives no story terms;\n"
	        "                           0 = off (default %u)\n"
	        "  --notice-copies N, --notice-words N\n"
	        "                           a text of fewer than N words copied at least N times is a\n"
	        "                           notice page, not linked to other articles (its copies stay\n"
	        "                           one story; defaults %u, %u)\n"
	        "  --summary-words N        summary budget in words (default %u)\n"
	        "  --summary-bytes N        ... or in bytes\n"
	        "  --summary-sentences N    ... or in sentences\n"
	        "  --redundancy R           max cosine to a chosen sentence (default %.2f)\n"
	        "  --summary-method M       concept | centroid-lead | centroid | lexrank | lead (default concept)\n"
	        "Outputs:\n"
	        "  --digest-singles N       single-article stories listed in the digest (default %u)\n"
	        "Nightly runs:\n"
	        "  --state DIR              a history of what earlier runs kept (created if missing): a record\n"
	        "                           that copies an earlier run's article is its duplicate, and this\n"
	        "                           run's records are added after its outputs are written; implies\n"
	        "                           --representative first (each group keeps its first article)\n"
	        "  --wait                   wait for another run that holds the state (default: exit 5)\n"
	        "  --run-date YYYY-MM-DD    the date this run is recorded under (default: now)\n"
	        "  --retain-days N          forget the runs of the history older than N days before this\n"
	        "                           run's date (by run date; removed when this run is recorded)\n"
	        "  --story-continue S       a story continues one of the history's (of the last\n"
	        "                           --story-days) when their centroids' cosine reaches S (default 0.2)\n"
	        "Diagnostics:\n"
	        "  --dump-pairs FILE        write every LSH candidate pair with its Jaccard and containment\n\n"
	        "Environment: TMPDIR (spill files when --tmp-dir is not given); NEWSIFT_MEMORY_AVAILABLE=SIZE,\n"
	        "the memory the story stage may assume free (default: MemAvailable); when its term vectors\n"
	        "would need more, the run stops with exit code 1.\n\n"
	        "An option without effect is a usage error (exit 2): with --dedup-only those of summaries and\n"
	        "story grouping, with --no-boilerplate those of boilerplate learning; --wait, --run-date,\n"
	        "--story-continue and --retain-days without --state.\n\n"
	        "Exit codes: 0 ok, 1 fatal error, 2 usage, 3 --strict stop, 4 an input unreadable,\n"
	        "5 --state in use by another run, 6 every record rejected (outputs written),\n"
	        "7 a field named explicitly (--field-title NAME, ...) is in no record (outputs written),\n"
	        "130/143 interrupted by SIGINT/SIGTERM.  With several: 7, then 4, then 6.\n"
	        "After a failed run (1, 3, 5, 130, 143) OUTDIR holds failed.json ({time, exit, error, command})\n"
	        "and an earlier run's outputs renamed NAME.stale; a run that writes its outputs removes them.\n",
	        d->batch_size, d->boiler_min_docs, d->boiler_min_contexts, d->boiler_max_words, d->shingle_k,
	        d->num_perm, d->threshold, d->containment, d->containment_min_jaccard, d->containment_min_words,
	        d->containment_numbers, d->containment_numbers_min, d->align,
	        d->max_bucket,
	        (unsigned long long)d->seed, d->centre_relax, d->centre_rounds, d->lsh_fp_weight, d->lsh_fn_weight,
	        d->story_threshold, d->story_merge, d->story_merge_articles, d->story_terms, d->story_days, d->story_top_terms, d->story_min_shared,
	        d->story_max_posting, d->story_max_share, d->story_min_posting, d->story_shared_lines, d->notice_copies,
	        d->notice_words, d->budget,
	        d->redundancy, d->digest_singles);
}

static int parse_u(const char *s, const char *opt, unsigned long long max, unsigned long long *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || x > max) {
		fprintf(stderr, "newsift: %s: not a whole number in 0..%llu: '%s'\n", opt, max, s);
		return -1;
	}
	*v = x;
	return 0;
}

/* A byte count: digits with an optional K, M, G or T (powers of 1024). */
static int parse_size(const char *s, const char *opt, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	int sh = 0;
	if (*end && !end[1]) {
		const char *u = strchr("KkMmGgTt", *end);
		if (u) { sh = 10 * (int)((u - "KkMmGgTt") / 2 + 1); end++; }
	}
	if (errno || end == s || *end || s[0] == '-' || (sh && x > (UINT64_MAX >> sh))) {
		fprintf(stderr, "newsift: %s: not a size (bytes, or a number with K, M, G or T): '%s'\n", opt, s);
		return -1;
	}
	*v = (uint64_t)x << sh;
	return 0;
}

static int parse_i(const char *s, const char *opt, long lo, long hi, long *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 10);
	if (errno || end == s || *end || x < lo || x > hi) {
		fprintf(stderr, "newsift: %s: not a whole number in %ld..%ld: '%s'\n", opt, lo, hi, s);
		return -1;
	}
	*v = x;
	return 0;
}

static int parse_d(const char *s, const char *opt, double *v)
{
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (errno || end == s || *end) {
		fprintf(stderr, "newsift: %s: not a number: '%s'\n", opt, s);
		return -1;
	}
	*v = x;
	return 0;
}


/* Group labels for `summarize --group`: id -> label, sorted by id. */
typedef struct {
	char **id, **label;
	size_t n;
} label_map;

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *label_lookup(void *ud, const char *id)
{
	label_map *m = ud;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->id[mid], id);
		if (!c) return m->label[mid];
		if (c < 0) lo = mid + 1;
		else hi = mid;
	}
	return NULL;
}

/* Read columns id and `column` of a TSV with a header.  Returns 0 or -1
 * with a message printed. */
static int label_map_load(label_map *m, const char *path, const char *column)
{
	FILE *f = fopen(path, "r");
	if (!f) { fprintf(stderr, "newsift: %s: cannot open: %s\n", path, strerror(errno)); return -1; }
	char *line = NULL;
	size_t cap = 0, cap_n = 0;
	ssize_t len;
	int cid = -1, clab = -1, lineno = 0;
	char **pairs = NULL; /* "id\0label" strings */
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
		char *fields[64];
		int nf = 0;
		for (char *p = line, *t; nf < 64; p = t + 1) {
			fields[nf++] = p;
			t = strchr(p, '\t');
			if (!t) break;
			*t = 0;
		}
		if (lineno == 1) {
			for (int i = 0; i < nf; i++) {
				if (!strcmp(fields[i], "id")) cid = i;
				if (!strcmp(fields[i], column)) clab = i;
			}
			if (cid < 0 || clab < 0) {
				fprintf(stderr, "newsift: %s:1: needs columns id and %s\n", path, column);
				free(line); fclose(f); return -1;
			}
			continue;
		}
		if (nf <= cid || nf <= clab) { fprintf(stderr, "newsift: %s:%d: short row\n", path, lineno); continue; }
		if (m->n == cap_n) {
			cap_n = cap_n ? 2 * cap_n : 1024;
			pairs = realloc(pairs, cap_n * sizeof(char *));
			if (!pairs) { free(line); fclose(f); return -1; }
		}
		size_t a = strlen(fields[cid]), b = strlen(fields[clab]);
		char *pr = malloc(a + b + 2);
		if (!pr) { free(line); fclose(f); return -1; }
		memcpy(pr, fields[cid], a + 1);
		memcpy(pr + a + 1, fields[clab], b + 1);
		pairs[m->n++] = pr;
	}
	free(line);
	fclose(f);
	qsort(pairs, m->n, sizeof(char *), cmp_str_ptr);
	m->id = pairs;
	m->label = malloc((m->n ? m->n : 1) * sizeof(char *));
	if (!m->label) return -1;
	for (size_t i = 0; i < m->n; i++) m->label[i] = pairs[i] + strlen(pairs[i]) + 1;
	return 0;
}

static void label_map_free(label_map *m)
{
	for (size_t i = 0; i < m->n; i++) free(m->id[i]);
	free(m->id);
	free(m->label);
}

/* Print a JSON string (the library's writer is internal). */
static void print_json_str(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') { putchar('\\'); putchar(c); }
		else if (c == '\n') fputs("\\n", stdout);
		else if (c < 0x20) printf("\\u%04x", c);
		else putchar(c);
	}
	putchar('"');
}

typedef struct {
	int json, grouped;
	long stories;
	cli_log *log;   /* its progress line is wiped before the first summary */
} summary_out;

static void print_summary(void *ud, const char *label, const ns_run_sentence *s, size_t n)
{
	summary_out *so = ud;
	cli_progress_clear(so->log);
	so->log->progress = 0;
	if (so->json) {
		fputs("{\"story\": ", stdout);
		print_json_str(label, strlen(label));
		fputs(", \"summary\": [", stdout);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ", {\"id\": " : "{\"id\": ", stdout);
			print_json_str(s[i].id, strlen(s[i].id));
			printf(", \"sentence\": %u, \"text\": ", s[i].sentence);
			print_json_str(s[i].text, s[i].len);
			putchar('}');
		}
		fputs("]}\n", stdout);
	} else {
		if (so->grouped) printf("%s# %s\n", so->stories ? "\n" : "", label);
		for (size_t i = 0; i < n; i++) {
			/* one sentence per line: line ends inside a sentence become spaces */
			for (size_t k = 0; k < s[i].len; k++) putchar(s[i].text[k] == '\n' ? ' ' : s[i].text[k]);
			putchar('\n');
		}
	}
	so->stories++;
}

typedef struct {
	ns_options o;
	const char *outdir, *group, *group_col, *state_dir;
	int json, cluster_set, rep_set, wait, budgets;
	long retain_days;
	int64_t run_time;
	cli_log *ls;
	const char *config;
	const char *log_file;   /* --log-file */     /* --config FILE (read before the command line) */
	int in_config;          /* the options come from it now */
	int config_budgets;     /* the summary budgets it gives (the command line's win) */
	unsigned char given[128]; /* by cli_opts index: given in the file or on the command line */
} run_args;

static int given(const run_args *a, int key)
{
	const cli_opt *op = cli_opt_by_key(key);
	return op && a->given[op - cli_opts];
}

/* Options that contradict each other, or one that means nothing without
 * another: a usage error rather than an option silently without effect. */
static int contradictions(const run_args *a, const char *cmd)
{
	static const int stories[] = {O_SWORDS, O_SBYTES, O_SSENTS, O_SMETHOD, O_REDUND, O_STHRESH, O_SMERGE, O_SMERGEN,
	                              O_SLINK, 0};
	static const int boiler[] = {O_BMINDOCS, O_BMINCTX, O_BMAXWORDS, 0};
	static const int state[] = {O_WAIT, O_RUNDATE, O_SCONT, O_RETAIN, 0};
	static const int group[] = {O_GROUPCOL, 0};
	static const struct {
		int key, with;     /* with: the others contradict key; else they need it */
		const int *others;
		const char *why;
	} rules[] = {
		{O_DEDUPONLY, 1, stories, "which makes no stories and no summaries"},
		{O_NOBOILER, 1, boiler, "which learns no boilerplate"},
		{O_STATE, 0, state, ""},
		{O_GROUP, 0, group, ""},
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (given(a, rules[i].key) != rules[i].with) continue;
		for (const int *k = rules[i].others; *k; k++) {
			if (!given(a, *k)) continue;
			const char *name = cli_opt_by_key(*k)->name, *kname = cli_opt_by_key(rules[i].key)->name;
			if (rules[i].with) fprintf(stderr, "newsift: %s: --%s contradicts --%s, %s\n", cmd, name, kname, rules[i].why);
			else fprintf(stderr, "newsift: %s: --%s needs --%s\n", cmd, name, kname);
			return -1;
		}
	}
	return 0;
}

/* The summary budgets given so far by the config file or the command line:
 * two in one place are a usage error, the command line's wins over the file's. */
static int *budget_bits(run_args *a)
{
	return a->in_config ? &a->config_budgets : &a->budgets;
}

/* One option of run or summarize (from the command line or a config file). */
static int run_opt(void *ud, const cli_opt *op, const char *arg, const char *lab)
{
	run_args *a = ud;
	ns_options *o = &a->o;
	if ((size_t)(op - cli_opts) < sizeof(a->given)) a->given[op - cli_opts] = 1;
	unsigned long long u;
	long l;
	int bad = 0;
	switch (op->key) {
	case 'o': a->outdir = arg; break;
	case O_JSON: a->json = 1; break;
	case O_DEDUPONLY: o->dedup_only = 1; break;
	case O_NODUMP: o->no_dump = 1; break;
	case O_NOSTEM: o->stem = 0; break;
	case O_SMETHOD:
		if (!strcmp(arg, "centroid-lead")) o->summary_method = NS_SUM_CENTROID_POS;
		else if (!strcmp(arg, "centroid")) o->summary_method = NS_SUM_CENTROID;
		else if (!strcmp(arg, "lexrank")) o->summary_method = NS_SUM_LEXRANK;
		else if (!strcmp(arg, "lead")) o->summary_method = NS_SUM_LEAD;
		else if (!strcmp(arg, "concept")) o->summary_method = NS_SUM_CONCEPT;
		else { fprintf(stderr, "newsift: %s: concept, centroid-lead, centroid, lexrank or lead\n", lab); bad = 1; }
		break;
	case O_GROUP: a->group = arg; break;
	case O_GROUPCOL: a->group_col = arg; break;
	case 't': bad = parse_i(arg, lab, 0, 1024, &l); o->threads = (int)l; break;
	case 'q': a->ls->quiet = 1; break;
	case O_VERBOSE: a->ls->verbose = 1; break;
	case O_LOGJSON: a->ls->json = 1; break;
	case O_LOGFILE: a->log_file = arg; break;
	case 'h': return 1;
	case O_CONFIG:
		/* read before the command line (cli_find_config): here only checked */
		if (!a->config || strcmp(a->config, arg)) {
			fprintf(stderr, "newsift: %s: write --config FILE in full, once\n", lab);
			bad = 1;
		}
		break;
	case O_FIELD_ID: o->field_id = arg; break;
	case O_FIELD_TITLE: o->field_title = arg; break;
	case O_FIELD_DATE: o->field_date = arg; break;
	case O_FIELD_SOURCE: o->field_source = arg; break;
	case O_FIELD_URL: o->field_url = arg; break;
	case O_FIELD_TEXT: o->field_text = arg; break;
	case O_FORMAT: {
		static const char *const fmts[] = {"jsonl", "csv", "tsv", "text", "warc", "html"};
		o->input_format = NS_FMT_AUTO;
		for (int k = 0; k < 6; k++)
			if (!strcmp(arg, fmts[k])) o->input_format = NS_FMT_JSONL + k;
		if (o->input_format == NS_FMT_AUTO) {
			fprintf(stderr, "newsift: --format must be jsonl, csv, tsv, text, warc or html, not '%s'\n", arg);
			bad = 1;
		}
		break;
	}
	case O_STRICT: o->strict = 1; break;
	case O_EXTRACT:
		if (!strcmp(arg, "article")) o->extract = NS_EXTRACT_ARTICLE;
		else if (!strcmp(arg, "text")) o->extract = NS_EXTRACT_TEXT;
		else { fprintf(stderr, "newsift: %s: article or text\n", lab); bad = 1; }
		break;
	case O_MAXDOC: bad = parse_u(arg, lab, UINT32_MAX, &u); o->max_doc_bytes = u; break;
	case O_BATCH: bad = parse_u(arg, lab, 1u << 24, &u); o->batch_size = (uint32_t)u; break;
	case O_TMPDIR: o->tmp_dir = arg; break;
	case O_MEMBUDGET: bad = parse_size(arg, lab, &o->memory_budget); break;
	case O_MAXWARN: bad = parse_i(arg, lab, -1, LONG_MAX, &o->max_warnings); break;
	case O_NOBOILER: o->boilerplate = 0; break;
	case O_NOBUILTIN: o->builtin_boilerplate = 0; break;
	case O_KEEPMETA: o->metadata_lines = 0; break;
	case O_KEEPPAGES: o->non_articles = 0; break;
	case O_BMINDOCS: bad = parse_u(arg, lab, UINT32_MAX, &u); o->boiler_min_docs = (uint32_t)u; break;
	case O_BMINCTX: bad = parse_u(arg, lab, UINT32_MAX, &u); o->boiler_min_contexts = (uint32_t)u; break;
	case O_BMAXWORDS: bad = parse_u(arg, lab, UINT32_MAX, &u); o->boiler_max_words = (uint32_t)u; break;
	case O_SHINGLE: bad = parse_u(arg, lab, 64, &u); o->shingle_k = (uint32_t)u; break;
	case O_NUMPERM: bad = parse_u(arg, lab, 4096, &u); o->num_perm = (uint32_t)u; break;
	case O_THRESHOLD: bad = parse_d(arg, lab, &o->threshold); break;
	case O_CONTAIN: bad = parse_d(arg, lab, &o->containment); break;
	case O_ALIGN: bad = parse_d(arg, lab, &o->align); break;
	case O_CONTAINJ: bad = parse_d(arg, lab, &o->containment_min_jaccard); break;
	case O_CONTAINW: bad = parse_u(arg, lab, UINT32_MAX, &u); o->containment_min_words = (uint32_t)u; break;
	case O_CONTAINN: bad = parse_d(arg, lab, &o->containment_numbers); break;
	case O_SSHARED: bad = parse_u(arg, lab, UINT32_MAX, &u); o->story_shared_lines = (uint32_t)u; break;
	case O_CONTAINNMIN: bad = parse_u(arg, lab, UINT32_MAX, &u); o->containment_numbers_min = (uint32_t)u; break;
	case O_BANDS: bad = parse_u(arg, lab, 4096, &u); o->bands = (uint32_t)u; break;
	case O_ROWS: bad = parse_u(arg, lab, 4096, &u); o->rows = (uint32_t)u; break;
	case O_MAXBUCKET: bad = parse_u(arg, lab, UINT32_MAX, &u); o->max_bucket = (uint32_t)u; break;
	case O_SEED: bad = parse_u(arg, lab, UINT64_MAX, &u); o->seed = u; break;
	case O_REP:
		if (!strcmp(arg, "first")) o->rep = NS_REP_FIRST;
		else if (!strcmp(arg, "earliest")) o->rep = NS_REP_EARLIEST;
		else if (!strcmp(arg, "longest")) o->rep = NS_REP_LONGEST;
		else if (!strcmp(arg, "centre") || !strcmp(arg, "center")) o->rep = NS_REP_CENTRE;
		else if (!strcmp(arg, "best")) o->rep = NS_REP_BEST;
		else { fprintf(stderr, "newsift: %s: best, centre, earliest, first or longest\n", lab); bad = 1; }
		a->rep_set = 1;
		break;
	case O_MINHASH:
		if (!strcmp(arg, "oph")) o->minhash = NS_MH_OPH;
		else if (!strcmp(arg, "classic")) o->minhash = NS_MH_CLASSIC;
		else if (!strcmp(arg, "cminhash")) o->minhash = NS_MH_CMINHASH;
		else { fprintf(stderr, "newsift: %s: oph, classic or cminhash\n", lab); bad = 1; }
		break;
	case O_CLUSTER:
		if (!strcmp(arg, "pivot")) o->cluster = NS_CLUSTER_PIVOT;
		else if (!strcmp(arg, "centre") || !strcmp(arg, "center")) o->cluster = NS_CLUSTER_CENTRE;
		else if (!strcmp(arg, "components")) o->cluster = NS_CLUSTER_COMPONENTS;
		else if (!strcmp(arg, "first")) o->cluster = NS_CLUSTER_FIRST;
		else { fprintf(stderr, "newsift: %s: centre, pivot, components or first\n", lab); bad = 1; }
		a->cluster_set = 1;
		break;
	case O_STHRESH: bad = parse_d(arg, lab, &o->story_threshold); break;
	case O_SMERGE: bad = parse_d(arg, lab, &o->story_merge); break;
	case O_SMERGEN: bad = parse_i(arg, lab, 0, 1000000000, &l); o->story_merge_articles = (uint32_t)l; break;
	case O_SLINK:
		if (!strcmp(arg, "average")) o->story_link = NS_LINK_AVERAGE;
		else if (!strcmp(arg, "centroid")) o->story_link = NS_LINK_CENTROID;
		else { fprintf(stderr, "newsift: %s: average or centroid\n", lab); bad = 1; }
		break;
	case O_STERMS: bad = parse_u(arg, lab, 100000, &u); o->story_terms = (uint32_t)u; break;
	case O_SDAYS: bad = parse_i(arg, lab, -1, 100000, &l); o->story_days = (int)l; break;
	case O_SWORDS: bad = parse_u(arg, lab, UINT32_MAX, &u); o->budget = (uint32_t)u; o->budget_kind = NS_BUDGET_WORDS; *budget_bits(a) |= 1; break;
	case O_SBYTES: bad = parse_u(arg, lab, UINT32_MAX, &u); o->budget = (uint32_t)u; o->budget_kind = NS_BUDGET_BYTES; *budget_bits(a) |= 2; break;
	case O_SSENTS: bad = parse_u(arg, lab, UINT32_MAX, &u); o->budget = (uint32_t)u; o->budget_kind = NS_BUDGET_SENTENCES; *budget_bits(a) |= 4; break;
	case O_REDUND: bad = parse_d(arg, lab, &o->redundancy); break;
	case O_DUMPPAIRS: o->pairs_path = arg; break;
	case O_LSHFP: bad = parse_d(arg, lab, &o->lsh_fp_weight); break;
	case O_LSHFN: bad = parse_d(arg, lab, &o->lsh_fn_weight); break;
	case O_CRELAX: bad = parse_d(arg, lab, &o->centre_relax); break;
	case O_CROUNDS: bad = parse_u(arg, lab, 1000, &u); o->centre_rounds = (uint32_t)u; break;
	case O_STOPT: bad = parse_u(arg, lab, 100000, &u); o->story_top_terms = (uint32_t)u; break;
	case O_SMINSH: bad = parse_u(arg, lab, UINT32_MAX, &u); o->story_min_shared = (uint32_t)u; break;
	case O_SMAXPOST: bad = parse_u(arg, lab, UINT32_MAX, &u); o->story_max_posting = (uint32_t)u; break;
	case O_SMAXSHARE: bad = parse_d(arg, lab, &o->story_max_share); break;
	case O_SMINPOST: bad = parse_u(arg, lab, UINT32_MAX, &u); o->story_min_posting = (uint32_t)u; break;
	case O_NCOPIES: bad = parse_u(arg, lab, UINT32_MAX, &u); o->notice_copies = (uint32_t)u; break;
	case O_NWORDS: bad = parse_u(arg, lab, UINT32_MAX, &u); o->notice_words = (uint32_t)u; break;
	case O_DSINGLES: bad = parse_u(arg, lab, UINT32_MAX, &u); o->digest_singles = (uint32_t)u; break;
	case O_STATE: a->state_dir = arg; break;
	case O_FUZZY: o->fuzzy_tokens = 1; break;
	case O_NOFUZZY: o->fuzzy_tokens = 0; break;
	case O_SCONT: bad = parse_d(arg, lab, &o->story_continue); break;
	case O_RETAIN: bad = parse_i(arg, lab, 0, 1000000, &a->retain_days); break;
	case O_WAIT: a->wait = 1; break;
	case O_RUNDATE: {
		struct tm tm = {0};
		char tail;
		if (sscanf(arg, "%4d-%2d-%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tail) != 3 ||
		    tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31) {
			fprintf(stderr, "newsift: %s: a date YYYY-MM-DD\n", lab);
			bad = 1;
			break;
		}
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		a->run_time = (int64_t)timegm(&tm);
		break;
	}
	default: bad = 1;
	}
	return bad ? -1 : 0;
}

/* What a run leaves for the caller's bookkeeping of OUTDIR. */
typedef struct {
	const char *outdir;  /* set once the command line is good */
	cli_log log;         /* its first error goes into failed.json */
	int argc;            /* the command as given, for failed.json */
	char **argv;
} run_end;

static int run_main(int argc, char **argv, int summarize, run_end *end)
{
	ns_options defaults;
	ns_options_init(&defaults);
	cli_log *ls = &end->log;
	run_args ra = {.group_col = "story", .retain_days = -1, .run_time = (int64_t)time(NULL), .ls = ls};
	ns_options_init(&ra.o);
	const char *cmd = summarize ? "summarize" : "run";
	unsigned bit = summarize ? CMD_SUM : CMD_RUN;
	/* a config file first, so that the command line wins */
	int bad = 0;
	if ((ra.config = cli_find_config(argc, argv))) {
		ra.in_config = 1;
		bad = cli_config_load(ra.config, bit, cmd, run_opt, &ra);
		ra.in_config = 0;
		ra.o.config = ra.config;
	}
	if (!bad) bad = cli_parse(bit, cmd, argc, argv, run_opt, &ra);
	if (bad > 0) {
		if (summarize) usage_summarize(stdout);
		else usage_run(stdout, &defaults);
		return EXIT_OK;
	}
	ns_options o = ra.o;
	const char *outdir = ra.outdir, *group = ra.group, *group_col = ra.group_col, *state_dir = ra.state_dir;
	int json = ra.json, cluster_set = ra.cluster_set, rep_set = ra.rep_set, wait = ra.wait, budgets = ra.budgets;
	long retain_days = ra.retain_days;
	int64_t run_time = ra.run_time;
	/* one summary budget */
	if (!budgets) budgets = ra.config_budgets;
	if (!bad) bad = contradictions(&ra, cmd);
	if (!bad && (budgets & (budgets - 1))) {
		fprintf(stderr, "newsift: %s: --summary-words, --summary-bytes and --summary-sentences are one budget: give one\n", cmd);
		bad = 1;
	}
	if (bad) { fprintf(stderr, "Try 'newsift %s --help'.\n", cmd); return EXIT_USAGE; }
	if (!outdir && !summarize) { fprintf(stderr, "newsift: run: -o OUTDIR is required\n"); return EXIT_USAGE; }
	if (optind >= argc) { fprintf(stderr, "newsift: %s: no INPUT given\n", cmd); return EXIT_USAGE; }
	/* the memory the story stage may assume is free (default: what the
	 * system reports); for tests, and for machines shared with other work */
	const char *ma = getenv("NEWSIFT_MEMORY_AVAILABLE");
	if (ma && *ma && parse_size(ma, "NEWSIFT_MEMORY_AVAILABLE", &o.mem_available)) return EXIT_USAGE;
	/* the first article of a group is its representative: later articles
	 * join the first one they copy, unless another clustering is asked for */
	if (o.rep == NS_REP_FIRST && !cluster_set) o.cluster = NS_CLUSTER_FIRST;
	if (state_dir) {
		/* a history never regroups what it holds: each group keeps its first */
		if ((rep_set && o.rep != NS_REP_FIRST) || (cluster_set && o.cluster != NS_CLUSTER_FIRST)) {
			fprintf(stderr, "newsift: --state keeps the first article of each group: --representative and "
			                "--cluster can only be first\n");
			return EXIT_USAGE;
		}
		o.rep = NS_REP_FIRST;
		o.cluster = NS_CLUSTER_FIRST;
	}
	char err[600];
	if (ns_options_check(&o, err, sizeof(err))) {
		if (ra.config) fprintf(stderr, "newsift: %s (options from %s and the command line)\n", err, ra.config);
		else fprintf(stderr, "newsift: %s\n", err);
		return EXIT_USAGE;
	}
	ls->max_warnings = o.max_warnings;
	/* newsift-mpi: the first process logs to the file and draws the
	 * progress; the others name their rank on stderr */
	if (ra.log_file && RANK0 && cli_log_open(ls, ra.log_file)) return EXIT_USAGE;
	if (RANK0) cli_progress_enable(ls);
	end->outdir = outdir;
#ifdef NS_MPI
	if (!RANK0) ls->rank = cli_mpi_rank();
#endif

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	label_map lm = {0};
	if (group && label_map_load(&lm, group, group_col)) return EXIT_FATAL;
	ns_state *state = NULL;
	if (state_dir && !RANK0) {
		/* newsift-mpi: the history is rank 0's alone */
	} else if (state_dir) {
		ns_status ss = ns_state_open(&state, state_dir, &o, 1, wait, err, sizeof(err));
		if (ss) {
			cli_msg(ls, NS_LOG_ERROR, "--state %s", err);
			return ss == NS_ERR_LOCKED ? EXIT_LOCKED : ss == NS_ERR_OPTION ? EXIT_USAGE : EXIT_FATAL;
		}
		/* retention by run date: whole runs older than the limit are forgotten
		 * now and removed when this run is recorded */
		if (retain_days >= 0) ns_state_retire(state, run_time - (int64_t)retain_days * 86400);
	} else if (retain_days >= 0) {
		fprintf(stderr, "newsift: --retain-days belongs with --state\n");
		return EXIT_USAGE;
	}
	summary_out so = {json, group != NULL, 0, ls};
	ns_run *r = NULL;
	ns_status st = ns_run_create(&r, &o, cli_log_line, ls);
	if (!st) ns_run_set_stop_flag(r, &g_stop);
	if (!st) ns_run_set_progress(r, cli_progress, ls);
	if (!st && state) ns_run_set_state(r, state, run_time);
#ifdef NS_MPI
	/* a process of the job may be killed and rank 0 with it, before it
	 * could say so: until the run ends well its outputs are marked failed */
	if (!st && RANK0)
		cli_mark_failed(outdir, EXIT_FATAL, "the run did not end: a process of the MPI job stopped (killed, or its node lost)",
		                end->argc, end->argv);
	if (!st) st = cli_mpi_read(r, &o, state_dir != NULL, (const char *const *)(argv + optind), (size_t)(argc - optind), ls);
	if (!RANK0) {
		/* the rest of the run is rank 0's; it says how it ended */
		ns_run_destroy(r);
		label_map_free(&lm);
		return st ? EXIT_FATAL : EXIT_OK;
	}
#else
	if (!st) st = ns_run_read_files(r, (const char *const *)(argv + optind), (size_t)(argc - optind));
#endif
	if (summarize) {
		if (!st) st = ns_run_summarize(r, group ? label_lookup : NULL, &lm, print_summary, &so);
		if (!st && fflush(stdout) != 0) st = NS_ERR_IO;
	} else {
		if (!st) st = ns_run_process(r);
		if (!st) st = ns_run_write(r, outdir);
		/* the history learns of this run only once its outputs are in place */
		if (!st && state && !g_stop) {
			char serr[600];
			ns_status cs = ns_run_commit_state(r, serr, sizeof(serr));
			if (cs) {
				cli_msg(ls, NS_LOG_ERROR, "--state: %s; the outputs are written but the history is not updated: "
				              "run this night again", serr);
				ns_run_destroy(r);
				ns_state_close(state);
				label_map_free(&lm);
				return EXIT_FATAL;
			}
		}
	}
	label_map_free(&lm);
	ns_run_counts cnt = {0};
	if (r) ns_run_counts_get(r, &cnt);
	ns_ingest in = {0};
	if (r) in = *ns_run_ingest(r);
	ns_run_destroy(r);
	ns_state_close(state);
	cli_progress_clear(ls);
	ls->progress = 0;
	if (ls->max_warnings >= 0 && ls->warnings > ls->max_warnings) {
		long hidden = ls->warnings - ls->max_warnings;
		ls->max_warnings = -1; /* this line is not one of them */
		cli_msg(ls, NS_LOG_WARN, "%ld more warnings not shown (see clusters.tsv and report.json)", hidden);
	}
	if (st == NS_ERR_INTERRUPTED) {
		cli_msg(ls, NS_LOG_ERROR, "interrupted by signal %d; no outputs written", g_signal);
		return 128 + g_signal;
	}
	if (st == NS_ERR_STRICT) {
		cli_msg(ls, NS_LOG_ERROR, "stopped: a record was rejected and --strict is set; no outputs written");
		return EXIT_STRICT;
	}
	if (st) {
		cli_msg(ls, NS_LOG_ERROR, "%s failed: %s", cmd, ns_strerror(st));
		return EXIT_FATAL;
	}
	/* a schema change (a field renamed) rejects every record: from cron that
	 * must not look like a quiet night */
	int none = cnt.read > 0 && cnt.kept + cnt.duplicate == 0;
	if (none)
		cli_msg(ls, NS_LOG_ERROR, "all %llu records were rejected (reasons in %s); check the input and --field-* names",
		        (unsigned long long)cnt.read, summarize ? "the warnings above" : "clusters.tsv and report.json");
	/* a --field-* name given explicitly that no record has: a renamed field
	 * or a typing error, which a run must not take quietly */
	static const int fkeys[NS_NFIELDS] = {O_FIELD_ID, O_FIELD_TITLE, O_FIELD_DATE, O_FIELD_SOURCE, O_FIELD_URL, O_FIELD_TEXT};
	const char *fval[NS_NFIELDS] = {o.field_id, o.field_title, o.field_date, o.field_source, o.field_url, o.field_text};
	int nofield = 0;
	for (int f = 0; f < NS_NFIELDS; f++) {
		if (!given(&ra, fkeys[f]) || !in.parsed || in.with_field[f]) continue;
		cli_msg(ls, NS_LOG_ERROR, "--%s %s: no record has this field", cli_opt_by_key(fkeys[f])->name, fval[f]);
		nofield = 1;
	}
	if (summarize) {
		if (nofield) return EXIT_NO_FIELD;
		if (cnt.input_errors) return EXIT_PARTIAL;
		if (none) return EXIT_NO_RECORDS;
		return EXIT_OK;
	}
	/* the run's summary on stdout; -q: only errors, anywhere */
	if (!ls->quiet) {
		printf("newsift: %llu records: %llu kept, %llu duplicates (%llu exact, %llu near), %llu rejected; "
		       "%llu stories (%llu with 2+ articles), %llu summaries\n",
		       (unsigned long long)cnt.read, (unsigned long long)cnt.kept, (unsigned long long)cnt.duplicate,
		       (unsigned long long)cnt.exact_dups, (unsigned long long)cnt.near_dups,
		       (unsigned long long)cnt.rejected, (unsigned long long)cnt.stories,
		       (unsigned long long)cnt.multi_stories, (unsigned long long)cnt.summaries);
		printf("newsift: outputs in %s/: %sclusters.tsv stories.jsonl digest.md digest.html digest.json report.json\n", outdir,
		       o.no_dump ? "" : "deduped.jsonl.gz ");
	}
	if (cnt.input_errors)
		cli_msg(ls, NS_LOG_ERROR, "%llu input(s) could not be read completely", (unsigned long long)cnt.input_errors);
	if (nofield) return EXIT_NO_FIELD;
	if (cnt.input_errors) return EXIT_PARTIAL;
	return none ? EXIT_NO_RECORDS : EXIT_OK;
}

/* run and summarize.  A run that fails (exit 1, 3, 5, a signal) leaves in
 * OUTDIR no output that looks current, and failed.json; one that writes its
 * outputs (exit 0, 4, 6, 7) removes both marks. */
static int cmd_run(int argc, char **argv, int summarize)
{
	run_end end = {NULL, {0}, 0, NULL};
	cli_log_init(&end.log);
	/* the command as given, for failed.json (getopt reorders argv) */
	char **given_argv = malloc((size_t)argc * sizeof(char *));
	if (given_argv) memcpy(given_argv, argv, (size_t)argc * sizeof(char *));
	end.argc = argc;
	end.argv = given_argv ? given_argv : argv;
	int rc = run_main(argc, argv, summarize, &end);
#ifdef NS_MPI
	cli_mpi_finish();
#endif
	if (!summarize && end.outdir && RANK0) {
		if (rc == EXIT_OK || rc == EXIT_PARTIAL || rc == EXIT_NO_RECORDS || rc == EXIT_NO_FIELD)
			cli_clear_failed(end.outdir);
		else if (rc != EXIT_USAGE)
			cli_mark_failed(end.outdir, rc, end.log.error, argc, given_argv ? given_argv : argv);
	}
	cli_log_close(&end.log);
	free(given_argv);
	return rc;
}

static void print_eval(const char *level, const ns_eval_result *e, int json, int first)
{
	if (json) {
		printf("%s\"%s\": {\"n\": %zu, \"missing\": %zu, \"extra\": %zu, \"gold_pairs\": %llu, "
		       "\"pred_pairs\": %llu, \"true_pairs\": %llu, \"precision\": %.6f, \"recall\": %.6f, "
		       "\"f1\": %.6f, \"ari\": %.6f, \"bcubed_precision\": %.6f, \"bcubed_recall\": %.6f, "
		       "\"bcubed_f1\": %.6f}",
		       first ? "" : ", ", level, e->n, e->missing, e->extra, (unsigned long long)e->gold_pairs,
		       (unsigned long long)e->pred_pairs, (unsigned long long)e->true_pairs, e->precision, e->recall,
		       e->f1, e->ari, e->bcubed_p, e->bcubed_r, e->bcubed_f1);
	} else {
		printf("%-6s n=%zu missing=%zu extra=%zu gold_pairs=%llu pred_pairs=%llu true_pairs=%llu\n"
		       "       pairwise P=%.4f R=%.4f F1=%.4f  ARI=%.4f  B3 P=%.4f R=%.4f F1=%.4f\n",
		       level, e->n, e->missing, e->extra, (unsigned long long)e->gold_pairs,
		       (unsigned long long)e->pred_pairs, (unsigned long long)e->true_pairs, e->precision, e->recall,
		       e->f1, e->ari, e->bcubed_p, e->bcubed_r, e->bcubed_f1);
	}
}

static const char rouge_help[] =
	"ROUGE-1, ROUGE-2, ROUGE-L (summary-level union LCS) and ROUGE-SU4 recall, precision\n"
	"and F of each story's summary against its references (ROUGE-1.5.5 conventions:\n"
	"-m -n 2 -2 4 -U), averaged over the story's references, then over the stories of\n"
	"REFERENCES.jsonl; a story without a summary scores 0.\n\n"
	"  -l, --words N   score only the first N words of each summary (default: all)\n"
	"  --lang CODE     en (default): ASCII tokens, Porter stemming; any other language:\n"
	"                  Unicode letter/digit tokens, lower-cased NFC, no stemming\n"
	"  --no-stem       no stemming\n"
	"  --json          print the scores (fractions) as JSON\n"
	"  -q, --quiet     no warnings about skipped lines\n"
	"  -h, --help      this help\n\n"
	"SUMMARIES.jsonl: {\"story\", \"summary\": TEXT} or {\"story\", \"summary\": [{\"text\"}, ...]}\n"
	"(stories.jsonl, summarize --json); REFERENCES.jsonl: {\"story\", \"summaries\": [TEXT, ...]}.\n"
	"In a TEXT, sentences are separated by line ends.\n";

typedef struct {
	ns_rouge_options o;
	int json, nostem;
	const char *lang;
	cli_log ls;
} rouge_args;

static int rouge_opt(void *ud, const cli_opt *op, const char *arg, const char *lab)
{
	rouge_args *a = ud;
	unsigned long long u;
	switch (op->key) {
	case 'l':
		if (parse_u(arg, lab, UINT32_MAX, &u)) return -1;
		a->o.max_words = (uint32_t)u;
		return 0;
	case O_LANG: a->lang = arg; return 0;
	case O_NOSTEM: a->nostem = 1; return 0;
	case O_JSON: a->json = 1; return 0;
	case 'q': a->ls.quiet = 1; return 0;
	case 'h': return 1;
	}
	return -1;
}

/* `newsift eval rouge`: ROUGE of a summaries file against the references. */
static int cmd_eval_rouge(int argc, char **argv)
{
	static const char usage[] =
		"Usage: newsift eval rouge [--words N] [--lang en|XX] [--no-stem] [--json] SUMMARIES.jsonl REFERENCES.jsonl\n";
	rouge_args ra = {.lang = "en"};
	cli_log_init(&ra.ls);
	ns_rouge_options_init(&ra.o);
	int bad = cli_parse(CMD_ROUGE, "eval rouge", argc, argv, rouge_opt, &ra);
	if (bad > 0) {
		printf("%s%s", usage, rouge_help);
		return EXIT_OK;
	}
	ns_rouge_options o = ra.o;
	const char *lang = ra.lang;
	int json = ra.json, nostem = ra.nostem;
	cli_log ls = ra.ls;
	if (bad) { fprintf(stderr, "Try 'newsift eval rouge --help'.\n"); return EXIT_USAGE; }
	size_t ll = strspn(lang, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	if (ll < 2 || ll > 3 || (lang[ll] && lang[ll] != '-' && lang[ll] != '_') ||
	    strspn(lang + ll, "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != strlen(lang + ll)) {
		fprintf(stderr, "newsift: eval rouge: --lang: a language code like en, fr or pt-BR: '%s'\n", lang);
		return EXIT_USAGE;
	}
	int english = ll == 2 && (lang[0] | 0x20) == 'e' && (lang[1] | 0x20) == 'n';
	o.tokenizer = english ? NS_ROUGE_TOK_ENGLISH : NS_ROUGE_TOK_UNICODE;
	o.stem = english && !nostem;
	if (argc - optind != 2) { fprintf(stderr, "%s", usage); return EXIT_USAGE; }
	ns_rouge_report rep;
	char err[512];
	ns_status st = ns_rouge_files(argv[optind], argv[optind + 1], &o, &rep, cli_log_line, &ls, err, sizeof(err));
	if (st) {
		fprintf(stderr, "newsift: eval rouge: %s\n", err);
		return st == NS_ERR_OPTION ? EXIT_USAGE : EXIT_FATAL;
	}
	const char *tokname = english ? "english" : "unicode", *stemname = o.stem ? "porter" : "none";
	if (json) {
		printf("{\"stories\": %zu, \"missing\": %zu, \"extra\": %zu, \"skipped_reference_lines\": %zu, "
		       "\"skipped_summary_lines\": %zu, \"mean_words\": %.6f, \"options\": {\"words\": %u, \"lang\": \"%s\", "
		       "\"tokenizer\": \"%s\", \"stem\": \"%s\", \"skip_gap\": %u, \"references\": \"average\"}",
		       rep.stories, rep.missing, rep.extra, rep.bad_ref_lines, rep.bad_sum_lines, rep.mean_words,
		       o.max_words, lang, tokname, stemname, o.skip_gap);
		for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
			char name[32];
			snprintf(name, sizeof name, "%s%.0u", ns_rouge_metric_name((ns_rouge_metric)k), k == NS_ROUGE_SU ? o.skip_gap : 0);
			for (char *p = name; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			printf(", \"%s\": {\"r\": %.6f, \"p\": %.6f, \"f\": %.6f}", name, rep.m[k].r, rep.m[k].p, rep.m[k].f);
		}
		printf("}\n");
	} else {
		printf("rouge  stories=%zu missing=%zu extra=%zu skipped_lines=%zu+%zu mean_words=%.1f\n"
		       "       words=%s%.0u lang=%s tokens=%s stem=%s references=average\n",
		       rep.stories, rep.missing, rep.extra, rep.bad_ref_lines, rep.bad_sum_lines, rep.mean_words,
		       o.max_words ? "" : "all", o.max_words, lang, tokname, stemname);
		for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
			char name[32];
			snprintf(name, sizeof name, "%s%.0u", ns_rouge_metric_name((ns_rouge_metric)k), k == NS_ROUGE_SU ? o.skip_gap : 0);
			printf("%-10s R=%5.2f P=%5.2f F=%5.2f\n", name, 100 * rep.m[k].r, 100 * rep.m[k].p, 100 * rep.m[k].f);
		}
	}
	if (rep.missing)
		fprintf(stderr, "newsift: eval rouge: %zu of %zu stories have no summary; each scores 0\n", rep.missing,
		        rep.stories);
	return EXIT_OK;
}

static const char eval_help[] =
	"Usage: newsift eval [--level dup|story|both] [--json] CLUSTERS.tsv GOLD.tsv\n"
	"       newsift eval rouge [options] SUMMARIES.jsonl REFERENCES.jsonl   (see eval rouge --help)\n"
	"Pairwise precision/recall/F1, ARI and B-cubed of the dup_group and/or story\n"
	"columns of CLUSTERS.tsv against GOLD.tsv (both with a header naming 'id').\n\n"
	"  --level L       dup, story or both (default both)\n"
	"  --json          print the scores as one JSON object\n"
	"  -q, --quiet     accepted, for symmetry (eval prints no warnings)\n"
	"  -h, --help      this help\n";

typedef struct {
	const char *level;
	int json;
} eval_args;

static int eval_opt(void *ud, const cli_opt *op, const char *arg, const char *lab)
{
	eval_args *a = ud;
	(void)lab;
	switch (op->key) {
	case O_LEVEL: a->level = arg; return 0;
	case O_JSON: a->json = 1; return 0;
	case 'q': return 0;
	case 'h': return 1;
	}
	return -1;
}

static int cmd_eval(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "rouge")) return cmd_eval_rouge(argc - 1, argv + 1);
	eval_args ea = {"both", 0};
	int bad = cli_parse(CMD_EVAL, "eval", argc, argv, eval_opt, &ea);
	if (bad > 0) {
		printf("%s", eval_help);
		return EXIT_OK;
	}
	if (bad) { fprintf(stderr, "Try 'newsift eval --help'.\n"); return EXIT_USAGE; }
	const char *level = ea.level;
	int json = ea.json;
	if (strcmp(level, "dup") && strcmp(level, "story") && strcmp(level, "both")) {
		fprintf(stderr, "newsift: eval: --level is dup, story or both\n");
		return EXIT_USAGE;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "Usage: newsift eval [--level dup|story|both] [--json] CLUSTERS.tsv GOLD.tsv\n");
		return EXIT_USAGE;
	}
	const char *levels[2] = {"dup", "story"}, *cols[2] = {"dup_group", "story"};
	if (json) printf("{");
	int first = 1;
	for (int k = 0; k < 2; k++) {
		if (strcmp(level, "both") && strcmp(level, levels[k])) continue;
		ns_eval_result e;
		char err[512];
		ns_status st = ns_eval_files(argv[optind], argv[optind + 1], cols[k], &e, err, sizeof(err));
		if (st) {
			if (json) printf("}\n");
			fprintf(stderr, "newsift: eval: %s\n", err);
			return st == NS_ERR_NOMEM ? EXIT_FATAL : EXIT_FATAL;
		}
		print_eval(levels[k], &e, json, first);
		first = 0;
		uint64_t merged, total;
		if (k == 0 && !ns_eval_same_story(argv[optind], argv[optind + 1], &merged, &total, err, sizeof(err))) {
			double rate = total ? (double)merged / total : 0.0;
			if (json)
				printf(", \"same_story\": {\"pairs\": %llu, \"merged\": %llu, \"rate\": %.6f}",
				       (unsigned long long)total, (unsigned long long)merged, rate);
			else
				printf("       same-story pairs of different articles: %llu, wrongly merged %llu (%.4f%%)\n",
				       (unsigned long long)total, (unsigned long long)merged, 100.0 * rate);
		}
	}
	if (json) printf("}\n");
	return EXIT_OK;
}

static const char state_help[] =
	"Usage: newsift state stats|verify|compact [--wait] [--retain-days N] DIR\n"
	"  stats    what the history holds: runs, records, kept articles, bytes\n"
	"  verify   read and check every byte (exit 1 and the first fault if damaged)\n"
	"  compact  rewrite it as one segment; with --retain-days N without the runs\n"
	"           older than N days before its latest run, and their copies\n\n"
	"  --wait           wait for a run that holds the history (default: exit 5)\n"
	"  --retain-days N  compact only: forget the runs older than N days\n"
	"  -q, --quiet      accepted, for symmetry (state prints no warnings)\n"
	"  -h, --help       this help\n";

typedef struct {
	int wait;
	long retain;
} state_args;

static int state_opt(void *ud, const cli_opt *op, const char *arg, const char *lab)
{
	state_args *a = ud;
	switch (op->key) {
	case O_WAIT: a->wait = 1; return 0;
	case O_RETAIN: return parse_i(arg, lab, 0, 1000000, &a->retain);
	case 'q': return 0;
	case 'h': return 1;
	}
	return -1;
}

/* newsift state stats|verify|compact [--wait] [--retain-days N] DIR */
static int cmd_state(int argc, char **argv)
{
	state_args sa = {0, -1};
	int bad = cli_parse(CMD_STATE, "state", argc, argv, state_opt, &sa);
	if (bad > 0) { fputs(state_help, stdout); return EXIT_OK; }
	int wait = sa.wait;
	long retain = sa.retain;
	const char *sub = optind < argc ? argv[optind] : "", *dir = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (!bad && strcmp(sub, "stats") && strcmp(sub, "verify") && strcmp(sub, "compact")) {
		fprintf(stderr, "newsift: state: stats, verify or compact, then DIR\n");
		bad = 1;
	}
	if (!bad && (!dir || optind + 2 != argc)) {
		fprintf(stderr, "newsift: state %s: one DIR\n", sub);
		bad = 1;
	}
	if (!bad && retain >= 0 && strcmp(sub, "compact")) {
		fprintf(stderr, "newsift: state %s: --retain-days applies to state compact only\n", sub);
		bad = 1;
	}
	if (bad) { fprintf(stderr, "Try 'newsift state --help'.\n"); return EXIT_USAGE; }
	char err[600];
	ns_state *s = NULL;
	ns_status st = ns_state_open_any(&s, dir, wait, err, sizeof(err));
	if (st) {
		fprintf(stderr, "newsift: state: %s\n", err);
		return st == NS_ERR_LOCKED ? EXIT_LOCKED : EXIT_FATAL;
	}
	if (!strcmp(sub, "compact")) {
		uint64_t before = ns_state_records(s), dropped = 0;
		int64_t cutoff = retain >= 0 ? ns_state_last_run_time(s) - (int64_t)retain * 86400 : INT64_MIN;
		st = ns_state_compact(s, cutoff, &dropped, err, sizeof(err));
		if (st) fprintf(stderr, "newsift: state: %s\n", err);
		else
			printf("newsift: %s: %llu records, %llu dropped, %llu kept articles\n", dir, (unsigned long long)before,
			       (unsigned long long)dropped, (unsigned long long)ns_state_kept(s));
		ns_state_close(s);
		return st ? EXIT_FATAL : EXIT_OK;
	}
	if (!strcmp(sub, "verify")) {
		st = ns_state_verify(s, err, sizeof(err));
		if (st) fprintf(stderr, "newsift: state: %s\n", err);
		else
			printf("newsift: %s: %u runs, %llu records, %llu kept articles: sound\n", dir, ns_state_runs(s),
			       (unsigned long long)ns_state_records(s), (unsigned long long)ns_state_kept(s));
		ns_state_close(s);
		return st ? EXIT_FATAL : EXIT_OK;
	}
	ns_state_stats t;
	ns_state_stats_get(s, &t);
	uint64_t k = t.kept ? t.kept : 1;
	printf("runs\t%u\nsegments\t%u\nrecords\t%llu\nkept\t%llu\nbytes\t%llu\ntext_bytes\t%llu\n"
	       "text_raw_bytes\t%llu\nband_bytes\t%llu\nrecord_bytes\t%llu\nother_bytes\t%llu\n"
	       "bytes_per_kept_beyond_text\t%.1f\n",
	       ns_state_runs(s), t.segments, (unsigned long long)t.records, (unsigned long long)t.kept,
	       (unsigned long long)t.file_bytes, (unsigned long long)t.text_bytes, (unsigned long long)t.text_raw_bytes,
	       (unsigned long long)t.band_bytes, (unsigned long long)t.record_bytes, (unsigned long long)t.other_bytes,
	       (double)(t.file_bytes - t.text_bytes) / (double)k);
	ns_state_close(s);
	return EXIT_OK;
}

/* `newsift help [SUBCOMMAND]`: the subcommand's --help. */
static int cmd_help(int argc, char **argv)
{
	if (argc < 2) { usage_main(stdout); return EXIT_OK; }
	char *hv[4] = {argv[1], NULL, NULL, NULL};
	int n = 1;
	if (!strcmp(argv[1], "eval") && argc > 2 && !strcmp(argv[2], "rouge")) hv[n++] = argv[2];
	hv[n++] = (char *)"--help";
	if (!strcmp(argv[1], "run")) return cmd_run(n, hv, 0);
	if (cli_cmd_bit(argv[1]) == CMD_SUM) return cmd_run(n, hv, 1);
	if (!strcmp(argv[1], "eval")) return cmd_eval(n, hv);
	if (!strcmp(argv[1], "state")) return cmd_state(n, hv);
	fprintf(stderr, "newsift: help: no command '%s' (run, summarize, eval, eval rouge, state)\n", argv[1]);
	return EXIT_USAGE;
}

#ifdef NS_MPI
/* newsift-mpi: `run` only, every process with the same command line; the
 * exit code is rank 0's on every process. */
int main(int argc, char **argv)
{
	if (cli_mpi_init(&argc, &argv)) return EXIT_FATAL;
	cli_mpi_set_stop(&g_stop);
	int rc;
	const char *cmd = argc >= 2 ? argv[1] : "";
	if (!strcmp(cmd, "run")) {
		rc = cmd_run(argc - 1, argv + 1, 0);
	} else if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		if (RANK0) printf("newsift-mpi %s\n", NS_VERSION);
		rc = EXIT_OK;
	} else if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		if (RANK0)
			printf("Usage: mpirun -np N newsift-mpi run [OPTION]... INPUT... -o OUTDIR\n\n"
			       "The run of `newsift run` spread over the processes of an MPI job: each process reads and\n"
			       "cleans its share of the inputs, rank 0 runs the later stages and writes the outputs, which\n"
			       "are those of `newsift run` with the same options.  The options are newsift run's\n"
			       "(`newsift run --help`); --state and --log-file are rank 0's.\n");
		rc = EXIT_OK;
	} else {
		if (RANK0) fprintf(stderr, "newsift-mpi: only `run` (use newsift for '%s')\n", cmd);
		rc = EXIT_USAGE;
	}
	fflush(stdout);
	return cli_mpi_end(rc);
}
#else
int main(int argc, char **argv)
{
	if (argc < 2) { usage_main(stderr); return EXIT_USAGE; }
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) { usage_main(stdout); return EXIT_OK; }
	if (!strcmp(cmd, "help")) return cmd_help(argc - 1, argv + 1);
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) { printf("newsift %s\n", NS_VERSION); return EXIT_OK; }
	/* for the bash completion and the tests: the options of a subcommand */
	if (!strcmp(cmd, "--list-options")) {
		if (argc == 4 && !strcmp(argv[2], "eval") && !strcmp(argv[3], "rouge")) return cli_list_options("eval rouge");
		if (argc == 3) return cli_list_options(argv[2]);
		fprintf(stderr, "newsift: --list-options SUBCOMMAND\n");
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1, 0);
	if (!strcmp(cmd, "summarize") || !strcmp(cmd, "summarise")) return cmd_run(argc - 1, argv + 1, 1);
	if (!strcmp(cmd, "eval")) return cmd_eval(argc - 1, argv + 1);
	if (!strcmp(cmd, "state")) return cmd_state(argc - 1, argv + 1);
	fprintf(stderr, "newsift: unknown command '%s'\n", cmd);
	usage_main(stderr);
	return EXIT_USAGE;
}
#endif
