/* Replay driver: runs a fuzz target's LLVMFuzzerTestOneInput over files, so
 * the corpora are regression tests without clang or libFuzzer.
 *
 *   replay_TARGET FILE|DIR...     (a directory: every regular file in it)
 *
 * Prints "replay: N inputs" and exits 0; a broken invariant aborts (the
 * target prints which), and a sanitizer build reports memory errors. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) { perror(path); return -1; }
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t k; buf && (k = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) { free(buf); buf = NULL; }
			buf = nb;
		}
	}
	int err = ferror(f) || !buf;
	fclose(f);
	if (err) { fprintf(stderr, "%s: cannot read\n", path); free(buf); return -1; }
	/* a copy of exactly n bytes, so ASan sees any read past the input */
	uint8_t *in = malloc(n ? n : 1);
	if (!in) { free(buf); return -1; }
	memcpy(in, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(in, n);
	free(in);
	return 0;
}

int main(int argc, char **argv)
{
	long count = 0;
	int bad = 0;
	if (argc < 2) { fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]); return 2; }
	for (int a = 1; a < argc; a++) {
		struct stat sb;
		if (stat(argv[a], &sb) != 0) { perror(argv[a]); bad = 1; continue; }
		if (!S_ISDIR(sb.st_mode)) { bad |= run_file(argv[a]) != 0; count++; continue; }
		DIR *d = opendir(argv[a]);
		if (!d) { perror(argv[a]); bad = 1; continue; }
		char **names = NULL;
		size_t nn = 0;
		for (struct dirent *e; (e = readdir(d));) {
			if (e->d_name[0] == '.') continue;
			char **t = realloc(names, (nn + 1) * sizeof(*names));
			if (!t) { bad = 1; break; }
			names = t;
			size_t l = strlen(argv[a]) + strlen(e->d_name) + 2;
			if (!(names[nn] = malloc(l))) { bad = 1; break; }
			snprintf(names[nn++], l, "%s/%s", argv[a], e->d_name);
		}
		closedir(d);
		/* sorted, so a failure names the same input on every machine */
		if (nn > 1) qsort(names, nn, sizeof(*names), cmp_str);
		for (size_t i = 0; i < nn; i++) {
			struct stat fs;
			if (stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode)) { bad |= run_file(names[i]) != 0; count++; }
			free(names[i]);
		}
		free(names);
	}
	printf("replay: %ld inputs\n", count);
	return bad ? 1 : 0;
}
