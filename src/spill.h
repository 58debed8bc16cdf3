/* newsift — spill files: anonymous temporary files that hold what a run
 * does not keep in memory (band keys for LSH, cleaned texts).
 *
 * A spill file is created in a directory and unlinked at once, so it never
 * outlives the process, even one killed with SIGKILL.  Writes are buffered
 * and append only; reads come after a flush (pread) or through a read-only
 * mapping of the whole file.  One spill file is used by one thread at a
 * time. */
#ifndef NEWSIFT_SPILL_H
#define NEWSIFT_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include "newsift/common.h"

typedef struct ns_spill {
	int fd;           /* -1 when closed */
	char *buf;        /* write buffer */
	size_t len, cap;
	uint64_t size;    /* bytes written so far, buffered ones included */
	int err;          /* errno of the first failure, 0 if none */
	int open;
} ns_spill;

/* Create an empty spill file in dir (NULL: $TMPDIR, else /tmp) that
 * buffers up to bufsize bytes of writes.  On failure s->err holds the
 * errno and NS_ERR_IO is returned. */
ns_status ns_spill_open(ns_spill *s, const char *dir, size_t bufsize);

/* Append n bytes.  NS_ERR_IO (s->err set) when the disk is full or a
 * write fails; NS_ERR_NOMEM. */
ns_status ns_spill_write(ns_spill *s, const void *p, size_t n);

/* Write out the buffer. */
ns_status ns_spill_flush(ns_spill *s);

/* Overwrite n bytes at off, inside what was written and flushed (a shared
 * mapping of the file sees the new bytes).  Thread-safe for disjoint
 * ranges.  Returns 0, or the errno of the failure (s is left as it is). */
int ns_spill_rewrite(ns_spill *s, uint64_t off, const void *p, size_t n);

/* Read n bytes at off (flushed first when needed); thread-safe against
 * other readers once nothing is written. */
ns_status ns_spill_read(ns_spill *s, uint64_t off, void *p, size_t n);

/* Forget the contents: the file is emptied for reuse. */
ns_status ns_spill_reset(ns_spill *s);

/* Close and free; accepts a zeroed or closed spill. */
void ns_spill_close(ns_spill *s);

/* The directory spill files go to when none is given. */
const char *ns_spill_default_dir(void);

#endif
