/* newsift — the command line's log sink and progress line.
 *
 * Every line goes to stderr ("newsift: LEVEL: message", or one JSON object
 * with --log-json) unless -q keeps all but errors off it, and to the
 * --log-file, each with its time.  The progress line is drawn on stderr
 * only when it is a terminal, rewritten in place at most PROGRESS_HZ times a
 * second and wiped before any other line and at the end. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

#define PROGRESS_HZ 4

static const char *const level_names[] = {"error", "warning", "info", "debug"};

void cli_log_init(cli_log *l)
{
	memset(l, 0, sizeof(*l));
	l->max_warnings = 50;
	l->rank = -1;
}

int cli_log_open(cli_log *l, const char *path)
{
	l->file = fopen(path, "a");
	if (!l->file) {
		fprintf(stderr, "newsift: --log-file %s: %s\n", path, strerror(errno));
		return -1;
	}
	setvbuf(l->file, NULL, _IOLBF, 0);
	return 0;
}

void cli_log_close(cli_log *l)
{
	cli_progress_clear(l);
	if (l->file) fclose(l->file);
	l->file = NULL;
}

void cli_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
		else if (c == '\n') fputs("\\n", f);
		else if (c == '\t') fputs("\\t", f);
		else if (c < 0x20) fprintf(f, "\\u%04x", c);
		else fputc(c, f);
	}
	fputc('"', f);
}

/* One line to f: text (with a time first when stamped) or JSON.  A stage
 * line ("stage NAME: S s, ...") gives JSON its stage and seconds fields. */
static void put_line(const cli_log *l, FILE *f, int stamped, ns_log_level lv, int labelled, const char *msg)
{
	char now[32];
	cli_utc_now(now, sizeof(now));
	if (l->json) {
		fprintf(f, "{\"time\": \"%s\", \"level\": \"%s\", ", now, level_names[lv]);
		if (l->rank >= 0) fprintf(f, "\"rank\": %d, ", l->rank);
		fputs("\"message\": ", f);
		cli_json_str(f, msg);
		char stage[32];
		double sec;
		if (sscanf(msg, "stage %31[a-z]: %lf s", stage, &sec) == 2) fprintf(f, ", \"stage\": \"%s\", \"seconds\": %.3f", stage, sec);
		fputs("}\n", f);
		return;
	}
	if (stamped) fprintf(f, "%s ", now);
	if (l->rank >= 0 && labelled) fprintf(f, "newsift: rank %d: %s: %s\n", l->rank, level_names[lv], msg);
	else if (l->rank >= 0) fprintf(f, "newsift: rank %d: %s\n", l->rank, msg);
	else if (labelled) fprintf(f, "newsift: %s: %s\n", level_names[lv], msg);
	else fprintf(f, "newsift: %s\n", msg);
}

static void emit(cli_log *l, ns_log_level lv, int labelled, const char *msg)
{
	if (lv == NS_LOG_ERROR && !l->error[0]) snprintf(l->error, sizeof(l->error), "%.*s", (int)sizeof(l->error) - 1, msg);
	if (lv == NS_LOG_WARN) {
		l->warnings++;
		if (l->max_warnings >= 0 && l->warnings > l->max_warnings) return;
	}
	if (lv >= NS_LOG_INFO && !l->verbose) return;
	if (l->file) put_line(l, l->file, 1, lv, labelled, msg);
	if (l->quiet && lv != NS_LOG_ERROR) return;
	cli_progress_clear(l);
	put_line(l, stderr, 0, lv, labelled, msg);
}

void cli_log_line(void *ud, ns_log_level lv, const char *msg)
{
	emit(ud, lv, 1, msg);
}

void cli_msg(cli_log *l, ns_log_level lv, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(l, lv, 0, msg);
}

void cli_progress_enable(cli_log *l)
{
	l->progress = !l->quiet && isatty(STDERR_FILENO);
}

void cli_progress_clear(cli_log *l)
{
	if (!l->shown) return;
	fprintf(stderr, "\r%*s\r", l->shown, "");
	fflush(stderr);
	l->shown = 0;
}

/* 12345678 -> "12,345,678" */
static const char *grouped(uint64_t v, char *buf, size_t n)
{
	char d[32];
	int k = snprintf(d, sizeof(d), "%llu", (unsigned long long)v), o = 0;
	for (int i = 0; i < k && o + 2 < (int)n; i++) {
		if (i && (k - i) % 3 == 0) buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = 0;
	return buf;
}

void cli_progress(void *ud, const char *stage, uint64_t done, uint64_t total)
{
	cli_log *l = ud;
	if (!l->progress) return;
	double now = ns_now();
	int fresh = strcmp(stage, l->stage) != 0;
	if (fresh) {
		snprintf(l->stage, sizeof(l->stage), "%s", stage);
		l->t_stage = now;
	} else if (now - l->t_last < 1.0 / PROGRESS_HZ) {
		return; /* at most PROGRESS_HZ lines a second */
	}
	l->t_last = now;
	char line[160], a[32], b[32];
	double el = now - l->t_stage, rate = el > 0 ? (double)done / el : 0;
	int n;
	if (total) {
		n = snprintf(line, sizeof(line), "newsift: %s %s/%s (%d%%)", stage, grouped(done, a, sizeof(a)),
		             grouped(total, b, sizeof(b)), (int)(100.0 * (double)done / (double)total));
		if (done && rate > 0 && done < total)
			n += snprintf(line + n, sizeof(line) - (size_t)n, ", %s/s, ETA %.0f s", grouped((uint64_t)rate, a, sizeof(a)),
			              (double)(total - done) / rate);
	} else {
		n = snprintf(line, sizeof(line), "newsift: %s %s records", stage, grouped(done, a, sizeof(a)));
		if (el > 0) n += snprintf(line + n, sizeof(line) - (size_t)n, ", %s/s", grouped((uint64_t)rate, a, sizeof(a)));
	}
	if (n >= (int)sizeof(line)) n = (int)sizeof(line) - 1;
	/* pad over a longer line drawn before */
	fprintf(stderr, "\r%s%*s", line, l->shown > n ? l->shown - n : 0, "");
	fflush(stderr);
	if (n > l->shown) l->shown = n;
}
