/* failwrite — an LD_PRELOAD shim that injects I/O failures into the files a
 * program writes under one directory, to test that newsift reports them and
 * leaves no truncated output in place.  Files elsewhere (stderr, inputs) are
 * untouched.
 *
 *   FAILWRITE_DIR=/abs/dir   the directory whose files are affected (required;
 *                            compared with the path of the fd in /proc/self/fd)
 *   FAILWRITE_AFTER=N        write() succeeds for the first N bytes written in
 *                            total under DIR (a write that crosses N is short),
 *                            then fails with FAILWRITE_ERRNO
 *   FAILWRITE_ERRNO=E        errno number for failed write()s (default ENOSPC)
 *   FAILWRITE_RAISE=SIG      instead of failing, raise signal SIG: once, when the
 *                            N bytes are used up (a signal in the middle of
 *                            writing), or before the K-th rename (with SIGKILL: a
 *                            kill in the middle of the commit)
 *   FAILWRITE_FSYNC=1        fsync()/fdatasync() of a file under DIR fails (EIO)
 *   FAILWRITE_RENAME=K       the K-th rename() into DIR (1-based) fails (EIO)
 *   FAILWRITE_LOG=1          one line on stderr for each injected failure
 *   FAILWRITE_COUNT=1        no failure: at exit, one line on stderr with the
 *                            bytes written under DIR ("failwrite: N bytes")
 *
 * Built by the Makefile into $(BUILD)/preload/failwrite.so without sanitizers.
 * Under AddressSanitizer set ASAN_OPTIONS=verify_asan_link_order=0. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);

static char dir[PATH_MAX];
static size_t dirlen;
static long long budget = -1; /* bytes left before failing; -1 = no limit */
static int fail_errno = ENOSPC, raise_sig, fail_fsync, fail_rename, log_on;
static int renames, raised, count_on;
static long long written;

__attribute__((constructor)) static void init(void)
{
	real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	const char *d = getenv("FAILWRITE_DIR"), *v;
	if (!d || !realpath(d, dir)) { dir[0] = 0; return; }
	dirlen = strlen(dir);
	if ((v = getenv("FAILWRITE_AFTER"))) budget = atoll(v);
	if ((v = getenv("FAILWRITE_ERRNO"))) fail_errno = atoi(v);
	if ((v = getenv("FAILWRITE_RAISE"))) raise_sig = atoi(v);
	if ((v = getenv("FAILWRITE_FSYNC"))) fail_fsync = atoi(v);
	if ((v = getenv("FAILWRITE_RENAME"))) fail_rename = atoi(v);
	if ((v = getenv("FAILWRITE_LOG"))) log_on = atoi(v);
	if ((v = getenv("FAILWRITE_COUNT"))) count_on = atoi(v);
}

__attribute__((destructor)) static void fini(void)
{
	if (!count_on || !real_write) return;
	char line[64];
	int n = snprintf(line, sizeof(line), "failwrite: %lld bytes\n", written);
	if (n > 0) real_write(2, line, (size_t)n);
}

static int under_dir(const char *path)
{
	return dirlen && !strncmp(path, dir, dirlen) && path[dirlen] == '/';
}

static int fd_under_dir(int fd, char *path, size_t cap)
{
	char link[64];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, cap - 1);
	if (n < 0) return 0;
	path[n] = 0;
	return under_dir(path);
}

static void note(const char *what, const char *path, int e)
{
	if (!log_on) return;
	char line[PATH_MAX + 128];
	int n = snprintf(line, sizeof(line), "failwrite: %s %s: %s\n", what, path, e ? strerror(e) : "");
	if (n > 0 && real_write) real_write(2, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	char path[PATH_MAX];
	if (count_on && fd > 2 && fd_under_dir(fd, path, sizeof(path))) {
		ssize_t w = real_write(fd, buf, n);
		if (w > 0) written += w;
		return w;
	}
	if (budget < 0 || fd <= 2 || !fd_under_dir(fd, path, sizeof(path))) return real_write(fd, buf, n);
	if (raise_sig) {
		if (!raised && (long long)n >= budget) {
			raised = 1;
			note("raising a signal while writing", path, 0);
			raise(raise_sig);
		}
		budget = budget > (long long)n ? budget - (long long)n : 0;
		return real_write(fd, buf, n);
	}
	if (budget == 0) {
		note("write failed on", path, fail_errno);
		errno = fail_errno;
		return -1;
	}
	size_t k = (long long)n > budget ? (size_t)budget : n;
	ssize_t w = real_write(fd, buf, k);
	if (w > 0) budget -= w;
	return w;
}

int fsync(int fd)
{
	char path[PATH_MAX];
	if (fail_fsync && fd_under_dir(fd, path, sizeof(path))) {
		note("fsync failed on", path, EIO);
		errno = EIO;
		return -1;
	}
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	char path[PATH_MAX];
	if (fail_fsync && fd_under_dir(fd, path, sizeof(path))) {
		note("fdatasync failed on", path, EIO);
		errno = EIO;
		return -1;
	}
	return real_fdatasync(fd);
}

int rename(const char *from, const char *to)
{
	char res[PATH_MAX], d[PATH_MAX];
	/* the directory part of `to`, resolved, decides */
	snprintf(d, sizeof(d), "%s", to);
	char *slash = strrchr(d, '/');
	if (slash) *slash = 0;
	else snprintf(d, sizeof(d), ".");
	if (fail_rename && dirlen && realpath(*d ? d : "/", res)) {
		if (!strncmp(res, dir, dirlen) && (res[dirlen] == 0 || res[dirlen] == '/') && ++renames == fail_rename) {
			if (raise_sig) {
				note("raising a signal before renaming", to, 0);
				raise(raise_sig);
				return real_rename(from, to);
			}
			note("rename failed on", to, EIO);
			errno = EIO;
			return -1;
		}
	}
	return real_rename(from, to);
}
