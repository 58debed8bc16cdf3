/* newsift — the nightly history: what earlier runs kept, on disk.
 *
 * A state is a directory:
 *
 *   LOCK             taken (flock) by the one run or command using the state
 *   MANIFEST         a versioned value file (vfile.h): the format version,
 *                    the options a state's decisions depend on, the run
 *                    count and the list of segments with their sizes
 *   seg-NNNNNNNN.nss one segment per run that added articles, append only
 *
 * A segment holds every record a run accounted for that was not rejected:
 * its key, exact hash, id, date, whether it was kept or is a duplicate of
 * which kept article (a reference: segment number and record index), and,
 * for a kept article, its LSH band keys (their high 32 bits, sorted per
 * band, for a merge join with a run's own), its story signature and its cleaned text, zlib-compressed, with a checksum.
 * Numbers are little-endian.  Sections carry XXH64 checksums, checked when
 * the segment is opened (the texts: each one when it is read, and all by
 * ns_state_verify).  A run writes its segment and then a new manifest, each
 * under a temporary name, fsync'd, renamed, and the directory fsync'd: a
 * run stopped at any moment leaves the previous manifest, and a segment no
 * manifest names is never read (it is removed by the next update).
 *
 * Threads: lookups on an open state are read-only and may run in parallel;
 * opening, appending and closing are for one thread. */
#ifndef NEWSIFT_STATE_H
#define NEWSIFT_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "options.h"

#define NS_STATE_VERSION 1
#define NS_STATE_SIG 32 /* terms of a kept article's story signature */

typedef struct ns_state ns_state;

/* A record of the history: segment number << 32 | index in the segment. */
typedef uint64_t ns_href;
#define NS_HREF_NONE UINT64_MAX

/* What a history record says about itself. */
typedef struct {
	uint64_t key;      /* XXH3-64 of its id, as ns_docs_key */
	const char *id;    /* not NUL-terminated: id_len bytes */
	uint32_t id_len;
	const char *story; /* its story's label when it was kept (kept records only) */
	uint32_t story_len;
	int32_t days;      /* its date, days since 1970 (INT32_MIN: none) */
	uint8_t kept;      /* 1: kept; 0: a duplicate of lead */
	uint8_t kind;      /* NS_DUP_* of a duplicate */
	ns_href lead;      /* the kept article of its group (itself when kept) */
	uint32_t run;      /* the run that added it (1, 2, ...) */
	int64_t run_time;  /* that run's start, seconds since 1970 */
} ns_hrec;

/* Open (creating it when create is set and it does not exist) the state in
 * dir for a run with options o, taking its lock: when another process holds
 * it, wait for it (wait set) or fail with NS_ERR_LOCKED.  NS_ERR_FORMAT: a
 * manifest or segment that is damaged, cut short or from a newer format
 * version; NS_ERR_OPTION: a state made with other options (err names the
 * first that differs); NS_ERR_OPEN, NS_ERR_IO, NS_ERR_NOMEM.  err gets a
 * one-line reason. */
ns_status ns_state_open(ns_state **sp, const char *dir, const ns_options *o, int create, int wait, char *err,
                        size_t errlen);
/* Open an existing state for inspection: lock taken, options not compared
 * (o may be NULL).  Same errors. */
ns_status ns_state_open_any(ns_state **sp, const char *dir, int wait, char *err, size_t errlen);
/* Unmap, release the lock, free; accepts NULL. */
void ns_state_close(ns_state *s);

/* Runs recorded so far, and records and kept articles held. */
uint32_t ns_state_runs(const ns_state *s);
uint64_t ns_state_records(const ns_state *s);
uint64_t ns_state_kept(const ns_state *s);
/* Segments, and bytes of each part of them (for `state stats`). */
typedef struct {
	uint32_t segments;
	uint64_t records, kept, file_bytes, text_bytes, text_raw_bytes, band_bytes, record_bytes, other_bytes;
} ns_state_stats;
void ns_state_stats_get(const ns_state *s, ns_state_stats *st);

/* The record r; 0, or -1 when r is not one. */
int ns_state_rec(const ns_state *s, ns_href r, ns_hrec *out);
/* The earliest record whose exact hash is (h0, h1), or NS_HREF_NONE. */
ns_href ns_state_exact(const ns_state *s, uint64_t h0, uint64_t h1);
/* The cleaned text of kept record r, decompressed into *out (growable; not
 * NUL-terminated, *len bytes).  NS_ERR_FORMAT when its checksum or size is
 * wrong (err says which record of which segment), NS_ERR_NOMEM. */
ns_status ns_state_text(const ns_state *s, ns_href r, char **out, size_t *cap, size_t *len, char *err, size_t errlen);

/* Segments in order, and band j of segment k: its kept articles' band keys
 * sorted by key, *n entries of NS_STATE_BAND_ENTRY bytes: the key's high 32
 * bits (u32) then the record index (u32). */
#define NS_STATE_BAND_ENTRY 8
uint32_t ns_state_segments(const ns_state *s);
uint32_t ns_state_segment_number(const ns_state *s, uint32_t k);
const unsigned char *ns_state_band(const ns_state *s, uint32_t k, uint32_t j, size_t *n);
/* Records of segment k. */
uint64_t ns_state_segment_records(const ns_state *s, uint32_t k);
/* The story signature of kept record r: NS_STATE_SIG terms (u32, the high
 * 32 bits of the story term's hash, 0: none), strongest first, then their
 * weights (u8, 255 for the strongest); NULL when it has none. */
const unsigned char *ns_state_sig(const ns_state *s, ns_href r);

/* A run's records, to append as a new segment.  Indices are the run's
 * document indices; rec lists the records to keep (not rejected), in input
 * order. */
typedef struct {
	size_t n;            /* records */
	const uint32_t *doc; /* their document indices */
	const uint64_t *key, *exact; /* per document: key; exact hash (2 u64) */
	const uint8_t *kept; /* per document: 1 kept */
	const uint8_t *kind; /* per document: NS_DUP_* */
	const uint32_t *lead;/* per document: the document it is a duplicate of (its group's kept one) ... */
	const ns_href *hlead;/* ... or, when not NS_HREF_NONE, the history record */
	const int32_t *days;
	/* per document: id, story label, cleaned text */
	const char *(*field)(void *ud, uint32_t doc, int what, size_t *len); /* what: 0 id, 1 story, 2 text */
	void *ud;
	uint32_t bands;
	/* band keys of the kept documents: bands arrays of (key, doc) entries in
	 * ns_lsh_entry order, sorted by key then doc, kept documents only */
	const uint64_t *const *band_key;
	const uint32_t *const *band_doc;
	const size_t *band_n;
	/* per document, NS_STATE_SIG each: story signatures of the kept ones (NULL: none) */
	const uint32_t *sig_term;
	const uint8_t *sig_w;
	int64_t run_time;
	int threads;
} ns_state_batch;

/* Write b as the next segment and a manifest naming it (the update is
 * atomic: see above).  NS_ERR_IO (err says which file and why: a full disk
 * leaves the state as it was), NS_ERR_NOMEM. */
ns_status ns_state_append(ns_state *s, const ns_state_batch *b, char *err, size_t errlen);

/* Retention by run date: forget the segments whose newest run is older
 * than cutoff (seconds since 1970).  They are left out of lookups at once
 * and out of the next manifest written, and removed then; returns their
 * records.  A duplicate whose group's kept article is forgotten no longer
 * matches. */
uint64_t ns_state_retire(ns_state *s, int64_t cutoff);
/* Rewrite the history as one segment: the records of runs older than
 * cutoff (INT64_MIN: none) left out, and with them the duplicates of the
 * kept articles left out; *dropped counts them.  Atomic like an append.  NS_ERR_IO,
 * NS_ERR_NOMEM, NS_ERR_FORMAT. */
ns_status ns_state_compact(ns_state *s, int64_t cutoff, uint64_t *dropped, char *err, size_t errlen);
/* The time of the latest run (0: none). */
int64_t ns_state_last_run_time(const ns_state *s);

/* Read and check every byte of every segment (texts included): 0 when all
 * are sound, else NS_ERR_FORMAT with the first fault in err. */
ns_status ns_state_verify(const ns_state *s, char *err, size_t errlen);

#endif
