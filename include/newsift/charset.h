/* newsift — charsets: an HTML page's bytes to UTF-8.
 *
 * The charset of a page is found the way browsers find it, cheaply: a
 * byte-order mark, the charset the HTTP header declares, a <meta> near
 * the top, else the bytes themselves (valid UTF-8, or libuchardet's
 * guess).  Labels are read with the WHATWG Encoding Standard's aliases
 * (iso-8859-1, latin1 and us-ascii are windows-1252, shift_jis is CP932,
 * gb2312 is GBK, ...).  Conversion is glibc's iconv, invalid sequences
 * replaced by U+FFFD.  Every call is self-contained (an iconv descriptor
 * and a detector of its own): thread-safe, no state kept between calls. */
#ifndef NEWSIFT_CHARSET_H
#define NEWSIFT_CHARSET_H

#include <stddef.h>
#include "common.h"

/* Where the charset used came from. */
typedef enum {
	NS_CHARSET_BOM = 0,  /* a byte-order mark: UTF-8, UTF-16LE or UTF-16BE */
	NS_CHARSET_HEADER,   /* the declared charset (the HTTP Content-Type's) */
	NS_CHARSET_META,     /* a <meta charset> or <meta http-equiv> in the first 4096 bytes */
	NS_CHARSET_DETECTED, /* the bytes: valid UTF-8 (not ASCII only), else libuchardet's guess */
	NS_CHARSET_DEFAULT,  /* nothing declared or detected could be used: windows-1252 */
	NS_CHARSET_NHOW
} ns_charset_how;

/* "BOM", "HEADER", "META", "DETECTED", "DEFAULT". */
extern const char *const ns_charset_how_names[NS_CHARSET_NHOW];

/* Room for a charset name with its NUL; longer labels are unknown. */
#define NS_CHARSET_NAME_MAX 40

/* What ns_charset_to_utf8 did.  Plain data in the caller's storage, so a
 * call needs nothing shared. */
typedef struct {
	char name[NS_CHARSET_NAME_MAX];    /* the charset decoded, as iconv names it: "UTF-8", "WINDOWS-1252", "CP932" */
	char ignored[NS_CHARSET_NAME_MAX]; /* the first declaration not followed (unknown to iconv, or contradicted by
	                                      the bytes), as written but cut to printable ASCII ('?' for other bytes);
	                                      "" when none */
	ns_charset_how how;
	size_t replaced; /* invalid sequences replaced by U+FFFD, plus NUL characters dropped */
} ns_charset_info;

/* Convert s[0..n), an HTML page's bytes, to UTF-8 in out (its content is
 * replaced; NUL-terminated, valid UTF-8 without NUL bytes; a byte-order
 * mark is dropped).  declared: the charset label of the HTTP Content-Type
 * (NUL-terminated) or NULL.  The charset is, in this order:
 *  1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
 *  2. declared, else a <meta> label in the first 4096 bytes (the first of
 *     them that iconv knows; a <meta> utf-16 reads as UTF-8, as in
 *     browsers), except that a utf-8 or us-ascii label on bytes that are
 *     not valid UTF-8 (us-ascii: not ASCII), and an ASCII-compatible label
 *     (windows-*, iso-8859-*, koi8-*, CP932, EUC-*, GBK, Big5, ...) on bytes
 *     that are valid UTF-8 with non-ASCII characters, and a UTF-16 or
 *     UTF-32 label on valid UTF-8 (which has no NUL bytes), are
 *     contradicted by the bytes and go to 3;
 *  3. the bytes: valid UTF-8 is UTF-8; else libuchardet on 64 KiB from
 *     just before the first byte past ASCII; when it finds nothing iconv
 *     knows, windows-1252 (DEFAULT).
 * Valid UTF-8 to be read as UTF-8, and ASCII to be read in an
 * ASCII-compatible charset, is copied without iconv.  info says what was
 * done.  Returns NS_OK or NS_ERR_NOMEM (out then holds no page).
 * Thread-safe. */
ns_status ns_charset_to_utf8(const char *s, size_t n, const char *declared, ns_buf *out, ns_charset_info *info);

/* The iconv name of charset label s[0..n) (spaces and quotes around it
 * ignored, any case) by the WHATWG aliases, e.g. "latin1" ->
 * "WINDOWS-1252", "x-sjis" -> "CP932", "utf8" -> "UTF-8"; a label with no
 * alias is upper-cased ("windows-1251" -> "WINDOWS-1251").  Whether iconv
 * knows the name is not checked.  Returns 1, or 0 when the label is empty,
 * longer than NS_CHARSET_NAME_MAX - 1 bytes or holds characters no charset
 * name has (out is then ""). */
int ns_charset_canonical(const char *s, size_t n, char out[NS_CHARSET_NAME_MAX]);

/* Is s[0..n) valid UTF-8 (RFC 3629) without NUL bytes?  *ascii (when not
 * NULL) is set to whether every byte is below 0x80; it is meaningful only
 * when the answer is 1.  Runs at memory speed on ASCII. */
int ns_charset_is_utf8(const char *s, size_t n, int *ascii);

#endif
