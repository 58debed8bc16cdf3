/* newsift — common types: status codes, log callback, byte spans.
 *
 * Every library function that can fail returns an ns_status (NS_OK = 0,
 * failures negative).  The library never prints and never exits: anything a
 * user should see goes through the ns_log callback installed by the caller. */
#ifndef NEWSIFT_COMMON_H
#define NEWSIFT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define NS_VERSION "0.1.0"

typedef enum {
	NS_OK = 0,
	NS_ERR_NOMEM = -1,   /* allocation failed */
	NS_ERR_IO = -2,      /* read or write failed (errno kept in message) */
	NS_ERR_OPEN = -3,    /* an input or output could not be opened */
	NS_ERR_FORMAT = -4,  /* malformed input where it cannot be skipped */
	NS_ERR_OPTION = -5,  /* an option value is out of range */
	NS_ERR_STRICT = -6,  /* --strict and a record was rejected */
	NS_ERR_INTERRUPTED = -7, /* the caller asked the run to stop */
	NS_ERR_MEMORY = -8,  /* the data would need more memory than is available (checked before) */
	NS_ERR_LOCKED = -9   /* a state is in use by another process */
} ns_status;

/* Name of a status code; static string, never NULL. */
const char *ns_strerror(ns_status st);

typedef enum { NS_LOG_ERROR = 0, NS_LOG_WARN = 1, NS_LOG_INFO = 2, NS_LOG_DEBUG = 3 } ns_log_level;

/* Log sink: msg is one line without a trailing newline, valid only during the
 * call.  Called from the driving thread only, never from a parallel region. */
typedef void (*ns_log_fn)(void *ud, ns_log_level level, const char *msg);

/* A byte range [start, start+len) in some text. */
typedef struct {
	uint32_t start, len;
} ns_span;

/* A growable byte buffer.  Zero-initialise, then use; ns_buf_free releases. */
typedef struct {
	char *p;
	size_t len, cap;
} ns_buf;

/* Make room for extra more bytes (plus a NUL).  NS_ERR_NOMEM on failure. */
ns_status ns_buf_reserve(ns_buf *b, size_t extra);
/* Append n bytes; keeps the buffer NUL-terminated. */
ns_status ns_buf_put(ns_buf *b, const void *s, size_t n);
void ns_buf_free(ns_buf *b);

/* A date as scrapers write it, s[0..n) (surrounding spaces ignored), in
 * seconds since 1970 UTC; INT64_MIN when not understood.  Understood:
 * "2024-03-22" (midnight UTC); ISO 8601 with a time, "T" or a space between,
 * optional seconds and fraction (dropped) and a zone "Z", "+01:00", "+0100",
 * "+01", " UTC" or " GMT" (none: UTC), e.g. "2024-03-22T10:00:00.5+01:00";
 * RFC 2822 with or without the weekday, time optional, zone "+0100", "GMT",
 * "UT", "UTC", "Z" or a US zone (EST ... PDT), e.g. "Fri, 22 Mar 2024
 * 10:00:00 GMT"; epoch seconds as digits, milliseconds when the number is
 * over 1e11 (a fraction after a dot is dropped), up to the end of 9999.
 * Years 1..9999 only; a day is checked against its month.  Thread-safe. */
int64_t ns_date_parse(const char *s, size_t n);

/* t (seconds since 1970 UTC) as "YYYY-MM-DD HH:MM UTC", or "YYYY-MM-DD"
 * when t is midnight UTC exactly (a date without a time reads the same);
 * "" for INT64_MIN.  out gets at most len bytes with the NUL (24 suffice). */
void ns_time_string(int64_t t, char *out, size_t len);

#endif
