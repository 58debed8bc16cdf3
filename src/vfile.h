/* newsift — versioned value files: how stage results are saved; internal.
 *
 * A file is: 8 magic bytes naming the value, a version (u32), a flags word
 * (u32, 0), the payload's length (u64), the payload, and the XXH64 of the
 * payload (u64); numbers little-endian.  The payload is built in memory and
 * written to a temporary name, flushed, fsync'd and renamed into place, so a
 * reader never sees half a file. */
#ifndef NEWSIFT_VFILE_H
#define NEWSIFT_VFILE_H

#include <stddef.h>
#include <stdint.h>
#include "newsift/common.h"

/* Append little-endian numbers and raw floats to a payload. */
ns_status ns_vput_u8(ns_buf *b, uint8_t v);
ns_status ns_vput_u32(ns_buf *b, uint32_t v);
ns_status ns_vput_u64(ns_buf *b, uint64_t v);
ns_status ns_vput_f32(ns_buf *b, float v);

/* Write all n bytes to fd (retrying short and interrupted writes): 0, or
 * -1 with errno set. */
int ns_write_all(int fd, const void *p, size_t n);
/* Write payload to path under magic and version.  NS_ERR_OPEN, NS_ERR_IO;
 * err gets the reason. */
ns_status ns_vfile_write(const char *path, const char magic[8], uint32_t version, const ns_buf *payload, char *err,
                         size_t errlen);

/* Read path's payload into *payload (a buffer the caller frees), checking
 * magic, version, length and checksum.  NS_ERR_OPEN, NS_ERR_IO, NS_ERR_NOMEM,
 * NS_ERR_FORMAT; err gets the reason. */
ns_status ns_vfile_read(const char *path, const char magic[8], uint32_t version, ns_buf *payload, char *err,
                        size_t errlen);

/* A cursor over a payload; bad is set by a read past the end. */
typedef struct {
	const unsigned char *p;
	size_t len, pos;
	int bad;
} ns_vreader;

uint8_t ns_vget_u8(ns_vreader *r);
uint32_t ns_vget_u32(ns_vreader *r);
uint64_t ns_vget_u64(ns_vreader *r);
float ns_vget_f32(ns_vreader *r);

/* Packed streams (the parts of a run spread over processes): a sequence of
 * events, each a tag byte, its payload's length and XXH3-64 (u64 each,
 * little-endian), then the payload. */
#define NS_EVENT_HEAD 17
/* An event of tag with the n bytes at p, head then payload, given to sink.
 * The sink's status. */
ns_status ns_event_emit(ns_status (*sink)(void *ud, const void *p, size_t n), void *ud, int tag, const void *p,
                        size_t n);
/* What is done with each whole event. */
typedef ns_status (*ns_event_fn)(void *ud, int tag, const unsigned char *p, size_t n);
/* The next n bytes of a stream (a chunk may end anywhere): each event
 * complete with them goes to fn, in order; the rest of a cut event waits in
 * *pend.  NS_ERR_FORMAT when a payload does not match its checksum;
 * NS_ERR_NOMEM; fn's status. */
ns_status ns_event_feed(ns_buf *pend, const void *p, size_t n, ns_event_fn fn, void *ud);

#endif
