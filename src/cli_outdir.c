/* newsift — what a run leaves in its output directory besides the outputs:
 * after a failed run the earlier run's outputs are renamed NAME.stale and
 * failed.json says what failed; a run that writes its outputs removes both. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

#define FAILED_JSON "failed.json"

/* mkdir -p; 0, or -1 with errno. */
static int make_dirs(const char *path)
{
	char p[4096];
	size_t n = strlen(path);
	if (n >= sizeof(p)) { errno = ENAMETOOLONG; return -1; }
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if ((p[i] != '/' && p[i] != 0) || p[i - 1] == '/') continue;
		char c = p[i];
		p[i] = 0;
		if (mkdir(p, 0755) != 0 && errno != EEXIST) return -1;
		p[i] = c;
	}
	return 0;
}

void cli_utc_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cli_mark_failed(const char *outdir, int code, const char *error, int argc, char **argv)
{
	char path[4096], tmp[4096], stale[4096 + 8];
	/* nothing of an earlier run may pass for this run's */
	for (int i = 0; ns_output_files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, ns_output_files[i]);
		snprintf(stale, sizeof(stale), "%s.stale", path);
		if (rename(path, stale) != 0 && errno != ENOENT)
			fprintf(stderr, "newsift: %s: cannot rename to %s: %s\n", path, stale, strerror(errno));
	}
	if (make_dirs(outdir) != 0) {
		fprintf(stderr, "newsift: %s: cannot create directory for %s: %s\n", outdir, FAILED_JSON, strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/" FAILED_JSON, outdir);
	snprintf(tmp, sizeof(tmp), "%s/." FAILED_JSON ".tmp.%ld", outdir, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "newsift: %s: %s\n", tmp, strerror(errno));
		return;
	}
	char now[32];
	cli_utc_now(now, sizeof(now));
	fprintf(f, "{\"time\": \"%s\", \"exit\": %d, \"error\": ", now, code);
	cli_json_str(f, error && *error ? error : "failed");
	fputs(", \"command\": \"newsift", f);
	for (int i = 0; i < argc; i++) {
		/* the words as a shell would read them back */
		int plain = argv[i][0] && strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		                                          "-_./=:,+@%") == strlen(argv[i]);
		fputc(' ', f);
		if (plain) {
			fputs(argv[i], f);
			continue;
		}
		fputc('\'', f);
		for (const char *p = argv[i]; *p; p++) {
			if (*p == '\'') fputs("'\\\\''", f);
			else if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
			else if ((unsigned char)*p < 0x20) fprintf(f, "\\u%04x", (unsigned char)*p);
			else fputc(*p, f);
		}
		fputc('\'', f);
	}
	fputs("\"}\n", f);
	int bad = ferror(f) | (fflush(f) != 0);
	/* a marker: on a disk whose fsync fails it is still worth leaving */
	(void)fsync(fileno(f));
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		fprintf(stderr, "newsift: %s: cannot write: %s\n", path, strerror(errno));
		unlink(tmp);
	}
}

void cli_clear_failed(const char *outdir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/" FAILED_JSON, outdir);
	if (unlink(path) != 0 && errno != ENOENT) fprintf(stderr, "newsift: %s: cannot remove: %s\n", path, strerror(errno));
	for (int i = 0; ns_output_files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s.stale", outdir, ns_output_files[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			fprintf(stderr, "newsift: %s: cannot remove: %s\n", path, strerror(errno));
	}
}
