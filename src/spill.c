/* newsift — spill files (see spill.h). */
#include "spill.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

const char *ns_spill_default_dir(void)
{
	const char *d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

ns_status ns_spill_open(ns_spill *s, const char *dir, size_t bufsize)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->cap = bufsize ? bufsize : 1;
	if (!dir) dir = ns_spill_default_dir();
	size_t l = strlen(dir);
	char *path = malloc(l + 32);
	if (!path) return NS_ERR_NOMEM;
	snprintf(path, l + 32, "%s/newsift-spill.XXXXXX", dir);
	s->fd = mkstemp(path);
	if (s->fd < 0) {
		s->err = errno;
		free(path);
		return NS_ERR_IO;
	}
	unlink(path);
	free(path);
	s->open = 1;
	return NS_OK;
}

ns_status ns_spill_flush(ns_spill *s)
{
	if (s->err) return NS_ERR_IO;
	size_t done = 0;
	while (done < s->len) {
		ssize_t w = write(s->fd, s->buf + done, s->len - done);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : ENOSPC;
			return NS_ERR_IO;
		}
		done += (size_t)w;
	}
	s->len = 0;
	return NS_OK;
}

ns_status ns_spill_write(ns_spill *s, const void *p, size_t n)
{
	if (s->err) return NS_ERR_IO;
	if (!s->buf && !(s->buf = malloc(s->cap))) return NS_ERR_NOMEM;
	const char *c = p;
	while (n) {
		if (s->len == s->cap && ns_spill_flush(s)) return NS_ERR_IO;
		size_t k = NS_MIN(n, s->cap - s->len);
		memcpy(s->buf + s->len, c, k);
		s->len += k;
		s->size += k;
		c += k;
		n -= k;
	}
	return NS_OK;
}

ns_status ns_spill_read(ns_spill *s, uint64_t off, void *p, size_t n)
{
	if (s->len && ns_spill_flush(s)) return NS_ERR_IO;
	char *c = p;
	while (n) {
		ssize_t r = pread(s->fd, c, n, (off_t)off);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) {
			s->err = r < 0 ? errno : EIO;
			return NS_ERR_IO;
		}
		c += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return NS_OK;
}

int ns_spill_rewrite(ns_spill *s, uint64_t off, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = pwrite(s->fd, c, n, (off_t)off);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) return w < 0 ? errno : EIO;
		c += w;
		off += (uint64_t)w;
		n -= (size_t)w;
	}
	return 0;
}

ns_status ns_spill_reset(ns_spill *s)
{
	s->len = 0;
	s->size = 0;
	if (s->err) return NS_ERR_IO;
	if (ftruncate(s->fd, 0) != 0) {
		s->err = errno;
		return NS_ERR_IO;
	}
	if (lseek(s->fd, 0, SEEK_SET) < 0) {
		s->err = errno;
		return NS_ERR_IO;
	}
	return NS_OK;
}

void ns_spill_close(ns_spill *s)
{
	if (s->open) close(s->fd);
	free(s->buf);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}
