/* newsift — the command line's option table, its parser and config files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define R CMD_RUN
#define S CMD_SUM
#define RS (CMD_RUN | CMD_SUM)

const cli_opt cli_opts[] = {
	/* every subcommand */
	{"help", 'h', NULL, CMD_ALL, 1},
	{"quiet", 'q', NULL, CMD_ALL, 0},
	/* run and summarize: execution and logs */
	{"output", 'o', "DIR", R, 0},
	{"threads", 't', "N", RS, 0},
	{"config", O_CONFIG, "FILE", RS, 1},
	{"verbose", O_VERBOSE, NULL, RS, 0},
	{"log-json", O_LOGJSON, NULL, RS, 0},
	{"log-file", O_LOGFILE, "FILE", RS, 0},
	{"max-warnings", O_MAXWARN, "N", RS, 0},
	{"tmp-dir", O_TMPDIR, "DIR", RS, 0},
	{"memory-budget", O_MEMBUDGET, "SIZE", RS, 0},
	{"no-dump", O_NODUMP, NULL, R, 0},
	/* input */
	{"format", O_FORMAT, "FORMAT", RS, 0},
	{"extract", O_EXTRACT, "article|text", RS, 0},
	{"field-id", O_FIELD_ID, "NAME", RS, 0},
	{"field-title", O_FIELD_TITLE, "NAME", RS, 0},
	{"field-date", O_FIELD_DATE, "NAME", RS, 0},
	{"field-source", O_FIELD_SOURCE, "NAME", RS, 0},
	{"field-url", O_FIELD_URL, "NAME", RS, 0},
	{"field-text", O_FIELD_TEXT, "NAME", RS, 0},
	{"strict", O_STRICT, NULL, RS, 0},
	{"max-doc-bytes", O_MAXDOC, "N", RS, 0},
	{"batch", O_BATCH, "N", RS, 0},
	/* cleaning */
	{"no-boilerplate", O_NOBOILER, NULL, RS, 0},
	{"no-builtin-boilerplate", O_NOBUILTIN, NULL, RS, 0},
	{"keep-metadata", O_KEEPMETA, NULL, RS, 0},
	{"keep-non-articles", O_KEEPPAGES, NULL, RS, 0},
	{"boiler-min-docs", O_BMINDOCS, "N", RS, 0},
	{"boiler-min-contexts", O_BMINCTX, "N", RS, 0},
	{"boiler-max-words", O_BMAXWORDS, "N", RS, 0},
	/* near-duplicates */
	{"shingle", O_SHINGLE, "K", RS, 0},
	{"num-perm", O_NUMPERM, "N", RS, 0},
	{"minhash", O_MINHASH, "oph|classic|cminhash", RS, 0},
	{"fuzzy-tokens", O_FUZZY, NULL, RS, 0},
	{"no-fuzzy-tokens", O_NOFUZZY, NULL, RS, 0},
	{"threshold", O_THRESHOLD, "J", RS, 0},
	{"containment", O_CONTAIN, "C", RS, 0},
	{"containment-min-jaccard", O_CONTAINJ, "J", RS, 0},
	{"containment-min-words", O_CONTAINW, "N", RS, 0},
	{"containment-numbers", O_CONTAINN, "S", RS, 0},
	{"containment-numbers-min", O_CONTAINNMIN, "N", RS, 0},
	{"align", O_ALIGN, "A", RS, 0},
	{"bands", O_BANDS, "B", RS, 0},
	{"rows", O_ROWS, "R", RS, 0},
	{"max-bucket", O_MAXBUCKET, "N", RS, 0},
	{"seed", O_SEED, "N", RS, 0},
	{"representative", O_REP, "best|centre|earliest|first|longest", RS, 0},
	{"cluster", O_CLUSTER, "centre|pivot|components|first", RS, 0},
	{"centre-relax", O_CRELAX, "R", RS, 0},
	{"centre-rounds", O_CROUNDS, "N", RS, 0},
	{"lsh-fp-weight", O_LSHFP, "W", RS, 0},
	{"lsh-fn-weight", O_LSHFN, "W", RS, 0},
	{"dump-pairs", O_DUMPPAIRS, "FILE", RS, 0},
	/* stories (run only: summarize makes one story, or one per group) */
	{"dedup-only", O_DEDUPONLY, NULL, R, 0},
	{"story-threshold", O_STHRESH, "S", R, 0},
	{"story-merge", O_SMERGE, "S", R, 0},
	{"story-merge-articles", O_SMERGEN, "N", R, 0},
	{"story-link", O_SLINK, "average|centroid", R, 0},
	{"story-terms", O_STERMS, "N", R, 0},
	{"no-stem", O_NOSTEM, NULL, R | CMD_ROUGE, 0},
	{"story-days", O_SDAYS, "N", R, 0},
	{"story-top-terms", O_STOPT, "N", R, 0},
	{"story-min-shared", O_SMINSH, "N", R, 0},
	{"story-max-posting", O_SMAXPOST, "N", R, 0},
	{"story-max-share", O_SMAXSHARE, "S", R, 0},
	{"story-min-posting", O_SMINPOST, "N", R, 0},
	{"story-shared-lines", O_SSHARED, "N", R, 0},
	{"notice-copies", O_NCOPIES, "N", R, 0},
	{"notice-words", O_NWORDS, "N", R, 0},
	/* summaries and outputs */
	{"summary-words", O_SWORDS, "N", RS, 0},
	{"summary-bytes", O_SBYTES, "N", RS, 0},
	{"summary-sentences", O_SSENTS, "N", RS, 0},
	{"redundancy", O_REDUND, "R", RS, 0},
	{"summary-method", O_SMETHOD, "concept|centroid-lead|centroid|lexrank|lead", RS, 0},
	{"digest-singles", O_DSINGLES, "N", R, 0},
	/* nightly runs */
	{"state", O_STATE, "DIR", R, 0},
	{"wait", O_WAIT, NULL, R | CMD_STATE, 0},
	{"run-date", O_RUNDATE, "YYYY-MM-DD", R, 0},
	{"retain-days", O_RETAIN, "N", R | CMD_STATE, 0},
	{"story-continue", O_SCONT, "S", R, 0},
	/* summarize, eval, eval rouge */
	{"json", O_JSON, NULL, S | CMD_EVAL | CMD_ROUGE, 0},
	{"group", O_GROUP, "FILE", S, 0},
	{"group-column", O_GROUPCOL, "NAME", S, 0},
	{"level", O_LEVEL, "dup|story|both", CMD_EVAL, 0},
	{"words", 'l', "N", CMD_ROUGE, 0},
	{"lang", O_LANG, "CODE", CMD_ROUGE, 0},
};
const size_t cli_nopts = sizeof(cli_opts) / sizeof(cli_opts[0]);

#undef R
#undef S
#undef RS

static const struct {
	const char *name;
	unsigned bit;
} cmd_names[] = {
	{"run", CMD_RUN}, {"summarize", CMD_SUM}, {"summarise", CMD_SUM}, {"eval", CMD_EVAL},
	{"eval rouge", CMD_ROUGE}, {"rouge", CMD_ROUGE}, {"state", CMD_STATE},
};

unsigned cli_cmd_bit(const char *name)
{
	for (size_t i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++)
		if (!strcmp(cmd_names[i].name, name)) return cmd_names[i].bit;
	return 0;
}

const cli_opt *cli_opt_by_key(int key)
{
	for (size_t i = 0; i < cli_nopts; i++)
		if (cli_opts[i].key == key) return &cli_opts[i];
	return NULL;
}

static const cli_opt *opt_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < cli_nopts; i++)
		if (strlen(cli_opts[i].name) == len && !memcmp(cli_opts[i].name, name, len)) return &cli_opts[i];
	return NULL;
}

/* getopt's view of the table: every option of every subcommand, so that
 * one a subcommand does not take is named, not "unrecognized". */
static const struct option *long_options(void)
{
	static struct option lo[128];
	if (!lo[0].name) {
		for (size_t i = 0; i < cli_nopts && i + 1 < sizeof(lo) / sizeof(lo[0]); i++)
			lo[i] = (struct option){cli_opts[i].name, cli_opts[i].value ? required_argument : no_argument, 0,
			                        cli_opts[i].key};
	}
	return lo;
}

static const char *short_options(void)
{
	static char so[32];
	if (!so[0]) {
		size_t n = 0;
		so[n++] = ':'; /* report a missing value ourselves */
		for (size_t i = 0; i < cli_nopts && n + 3 < sizeof(so); i++) {
			if (cli_opts[i].key >= 256) continue;
			so[n++] = (char)cli_opts[i].key;
			if (cli_opts[i].value) so[n++] = ':';
		}
		so[n] = 0;
	}
	return so;
}

int cli_parse(unsigned cmd, const char *cmdname, int argc, char **argv, cli_opt_fn fn, void *ud)
{
	int c, li;
	optind = 1;
	opterr = 0;
	while ((li = -1, c = getopt_long(argc, argv, short_options(), long_options(), &li)) != -1) {
		if (c == '?' || c == ':') {
			const char *a = argv[optind - 1];
			if (c == ':') fprintf(stderr, "newsift: %s: %s needs a value\n", cmdname, a);
			else if (optopt && optopt < 256) fprintf(stderr, "newsift: %s: unknown option -%c\n", cmdname, optopt);
			else fprintf(stderr, "newsift: %s: unknown option %s\n", cmdname, a);
			return -1;
		}
		const cli_opt *op = li >= 0 ? &cli_opts[li] : cli_opt_by_key(c);
		if (!op) return -1;
		char label[80];
		if (li >= 0) snprintf(label, sizeof(label), "--%s", op->name);
		else snprintf(label, sizeof(label), "-%c", c);
		if (!(op->cmds & cmd)) {
			fprintf(stderr, "newsift: %s: %s does not apply to %s\n", cmdname, label, cmdname);
			return -1;
		}
		int r = fn(ud, op, op->value ? optarg : NULL, label);
		if (r) return r;
	}
	return 0;
}

const char *cli_find_config(int argc, char **argv)
{
	const char *path = NULL;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc) path = argv[++i];
		else if (!strncmp(argv[i], "--config=", 9)) path = argv[i] + 9;
	}
	return path;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t') s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
	return s;
}

/* The values read from config files: the options point into them until the
 * process ends. */
static char **kept;
static size_t nkept;

static void kept_free(void)
{
	for (size_t i = 0; i < nkept; i++) free(kept[i]);
	free(kept);
}

static char *keep(const char *s)
{
	char **k = realloc(kept, (nkept + 1) * sizeof(*kept));
	if (!k) return NULL;
	if (!kept) atexit(kept_free);
	kept = k;
	return (kept[nkept] = strdup(s)) ? kept[nkept++] : NULL;
}

int cli_config_load(const char *path, unsigned cmd, const char *cmdname, cli_opt_fn fn, void *ud)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "newsift: --config %s: %s\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;
	while (!rc && getline(&line, &cap, f) > 0) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#') continue;
		char *eq = strchr(s, '=');
		char *key = s, *val = NULL;
		if (eq) {
			*eq = 0;
			key = trim(s);
			val = trim(eq + 1);
		}
		char label[600];
		snprintf(label, sizeof(label), "%s:%ld: %s", path, lineno, key);
		const cli_opt *op = opt_by_name(key, strlen(key));
		if (!op || op->no_config) {
			fprintf(stderr, "newsift: %s:%ld: unknown key '%s'\n", path, lineno, key);
			rc = -1;
		} else if (!(op->cmds & cmd)) {
			fprintf(stderr, "newsift: %s:%ld: %s does not apply to %s\n", path, lineno, key, cmdname);
			rc = -1;
		} else if (!op->value) {
			if (val && strcmp(val, "true") && strcmp(val, "false")) {
				fprintf(stderr, "newsift: %s: a flag is true or false: '%s'\n", label, val);
				rc = -1;
			} else if (!val || !strcmp(val, "true")) {
				rc = fn(ud, op, NULL, label);
			}
		} else if (!val || !*val) {
			fprintf(stderr, "newsift: %s: needs a value (%s = %s)\n", label, key, op->value);
			rc = -1;
		} else if (!(val = keep(val))) {
			fprintf(stderr, "newsift: %s: out of memory\n", label);
			rc = -1;
		} else {
			rc = fn(ud, op, val, label);
		}
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "newsift: --config %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int cli_list_options(const char *cmdname)
{
	unsigned bit = cli_cmd_bit(cmdname);
	if (!bit) {
		fprintf(stderr, "newsift: --list-options: run, summarize, eval, eval rouge or state\n");
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < cli_nopts; i++) {
		if (!(cli_opts[i].cmds & bit)) continue;
		if (cli_opts[i].value) printf("--%s %s\n", cli_opts[i].name, cli_opts[i].value);
		else printf("--%s\n", cli_opts[i].name);
	}
	return EXIT_OK;
}
