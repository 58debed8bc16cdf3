/* newsift — the command line's own parts (not the library): the option
 * table every subcommand parses from, config files, the log sink and
 * progress line, and the marks a failed run leaves in its output directory. */
#ifndef NEWSIFT_CLI_H
#define NEWSIFT_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "newsift/newsift.h"

enum {
	EXIT_OK = 0,        /* success (rejected records are reported, not fatal) */
	EXIT_FATAL = 1,     /* I/O error, out of memory: outputs not (all) written */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_STRICT = 3,    /* --strict and a record was rejected: nothing written */
	EXIT_PARTIAL = 4,   /* outputs written, but an input could not be read fully */
	EXIT_LOCKED = 5,    /* --state: another run holds the state (and --wait was not given) */
	EXIT_NO_RECORDS = 6, /* records were read and every one was rejected: outputs written */
	EXIT_NO_FIELD = 7,  /* a --field-* given explicitly is in no record: outputs written */
};

/* The subcommands, as bits of cli_opt.cmds. */
enum { CMD_RUN = 1, CMD_SUM = 2, CMD_EVAL = 4, CMD_ROUGE = 8, CMD_STATE = 16, CMD_ALL = 31 };

/* Option keys beyond the short letters. */
enum {
	O_FIELD_ID = 256, O_FORMAT, O_FIELD_TITLE, O_FIELD_DATE, O_FIELD_SOURCE, O_FIELD_URL, O_FIELD_TEXT, O_STRICT,
	O_MAXDOC, O_TMPDIR, O_MEMBUDGET, O_BATCH, O_MAXWARN, O_NOBOILER, O_BMINDOCS, O_BMINCTX, O_BMAXWORDS, O_SHINGLE,
	O_NUMPERM, O_THRESHOLD, O_CONTAIN, O_CONTAINJ, O_BANDS, O_ROWS, O_MAXBUCKET, O_SEED, O_REP, O_STHRESH, O_STERMS,
	O_SDAYS, O_SWORDS, O_SBYTES, O_SSENTS, O_REDUND, O_DUMPPAIRS, O_CONTAINW, O_ALIGN, O_NOFUZZY, O_NOBUILTIN,
	O_KEEPMETA, O_KEEPPAGES, O_CLUSTER, O_MINHASH, O_SMERGE, O_SMERGEN, O_SLINK, O_JSON, O_GROUP, O_GROUPCOL,
	O_DEDUPONLY, O_NODUMP, O_NOSTEM, O_SMETHOD, O_LSHFP, O_LSHFN, O_CRELAX, O_CROUNDS, O_STOPT, O_SMINSH,
	O_SMAXPOST, O_SMAXSHARE, O_SMINPOST, O_NCOPIES, O_NWORDS, O_DSINGLES, O_CONTAINN, O_CONTAINNMIN, O_SSHARED,
	O_STATE, O_WAIT, O_RUNDATE, O_RETAIN, O_SCONT, O_FUZZY, O_CONFIG, O_VERBOSE, O_LOGJSON, O_LOGFILE,
	O_LEVEL, O_LANG, O_EXTRACT,
};

/* One option: its long name, getopt key (a letter for the ones with a short
 * form), its value (NULL: a flag; "FILE" and "DIR" complete file names,
 * "a|b|c" lists the choices) and the subcommands that take it.  The one
 * table getopt, config files, refusals, --list-options and the bash
 * completion read; each subcommand's --help is checked against it. */
typedef struct {
	const char *name;
	int key;
	const char *value;
	unsigned cmds;
	int no_config; /* not in a config file (--help, --config) */
} cli_opt;

extern const cli_opt cli_opts[];
extern const size_t cli_nopts;

/* The option of a key; NULL when none. */
const cli_opt *cli_opt_by_key(int key);
/* The bit of a subcommand name ("run", "summarize", "eval", "eval rouge",
 * "state"); 0 when none. */
unsigned cli_cmd_bit(const char *name);

/* An option's handler: label names it in messages ("--threads", or
 * "FILE:LINE: threads" for a config file); arg is NULL for a flag.  Returns
 * 0, -1 after printing a one-line message, or 1 to stop parsing (--help). */
typedef int (*cli_opt_fn)(void *ud, const cli_opt *op, const char *arg, const char *label);

/* Parse argv (argv[0] the subcommand) for subcommand cmd (name cmdname):
 * each option goes to fn in order; an option the subcommand does not take
 * is refused.  Operands are left in argv[optind..].  Returns 0, -1 after a
 * message (a usage error), or what fn returned to stop. */
int cli_parse(unsigned cmd, const char *cmdname, int argc, char **argv, cli_opt_fn fn, void *ud);

/* The path given by --config in argv, or NULL (no message: cli_parse
 * reports a bad command line). */
const char *cli_find_config(int argc, char **argv);

/* Apply config file path for cmd: `key = value` lines (long option names
 * without --; # comments, blank lines; a flag as `key`, `key = true` or
 * `key = false`).  Returns 0, or -1 after a message naming FILE:LINE. */
int cli_config_load(const char *path, unsigned cmd, const char *cmdname, cli_opt_fn fn, void *ud);

/* `newsift --list-options CMD`: one line per option, "--name [VALUE]". */
int cli_list_options(const char *cmdname);

/* The log sink of a command: the library's lines (cli_log_line, an
 * ns_log_fn) and the command line's own (cli_msg), and the progress line
 * (cli_progress, an ns_progress_fn). */
typedef struct {
	int quiet;           /* -q: only errors on stderr, no progress line */
	int verbose;         /* --verbose: info lines (each stage's time and counts) */
	int json;            /* --log-json: each line one JSON object */
	long max_warnings;   /* warnings shown (-1: all) */
	long warnings;       /* warnings met */
	FILE *file;          /* --log-file (NULL: none) */
	char error[512];     /* the first error line, for failed.json */
	int progress;        /* draw the progress line */
	int shown;           /* width of the progress line on the screen (0: none) */
	char stage[32];      /* the stage it shows */
	double t_stage, t_last; /* when that stage began, when the line was drawn */
	int rank;            /* newsift-mpi: a process other than the first names itself (-1: none) */
} cli_log;

void cli_log_init(cli_log *l);
/* --log-file: append to path; -1 after a message. */
int cli_log_open(cli_log *l, const char *path);
/* Wipe the progress line, close the log file. */
void cli_log_close(cli_log *l);
void cli_log_line(void *ud, ns_log_level lv, const char *msg);
/* A line of the command line itself: "newsift: MSG" (JSON: its level). */
void cli_msg(cli_log *l, ns_log_level lv, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Draw progress only on a terminal, and not with -q (set quiet first). */
void cli_progress_enable(cli_log *l);
void cli_progress(void *ud, const char *stage, uint64_t done, uint64_t total);
void cli_progress_clear(cli_log *l);

/* The time now, UTC, ISO 8601 ("2026-12-05T08:51:01Z"). */
void cli_utc_now(char *buf, size_t n);

/* s (NUL-terminated) as a JSON string literal on f. */
void cli_json_str(FILE *f, const char *s);

/* A run into outdir failed (exit code, error its message; argv the command
 * after "newsift"): the outputs an earlier run left there are renamed
 * NAME.stale and outdir/failed.json says {"time", "exit", "error",
 * "command"}.  Problems are printed, never fatal. */
void cli_mark_failed(const char *outdir, int code, const char *error, int argc, char **argv);
/* A run wrote its outputs into outdir: failed.json and NAME.stale go. */
void cli_clear_failed(const char *outdir);

#endif
