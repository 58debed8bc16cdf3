/* newsift — charsets (see charset.h).
 *
 * Most pages are UTF-8, so everything is arranged around one fast pass:
 * the bytes are checked for valid UTF-8 once, eight bytes at a time while
 * they are ASCII (a word test for a high bit or a zero byte), a sequence
 * at a time otherwise.  That answer settles most pages without iconv: a
 * UTF-8 page (declared or not) and an ASCII page in an ASCII-compatible
 * charset are copied.  A declaration is then weighed against the bytes,
 * because servers and templates often declare a default the page does not
 * use: utf-8 (or us-ascii) on bytes that are not, or a legacy charset on
 * bytes that are UTF-8 with non-ASCII characters (legacy text is almost
 * never valid UTF-8 by chance), passes to the next declaration (the HTTP
 * header's, then the <meta>'s), and when none holds, to the bytes: valid
 * UTF-8, else libuchardet's guess from 64 KiB that start just before the
 * first byte past ASCII, else windows-1252, the HTML standard's default.
 * Labels go through the WHATWG aliases, a sorted table searched by
 * bisection.  Conversion is glibc's iconv, which has no replacement mode:
 * at an invalid sequence it stops, so U+FFFD is written, one code unit
 * skipped, and it goes on; its output is checked once more, as glibc
 * writes UCS-4 values past U+10FFFF as the long sequences of old UTF-8.
 * Opening iconv (about 0.4 us) and libuchardet (a few us) per call costs
 * less than any cache shared between threads would. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet/uchardet.h>
#include "internal.h"
#include "newsift/charset.h"

/* bytes searched for a <meta> charset: browsers' prescan looks at 1024,
 * but a long <head> of scripts pushes the <meta> further down */
#define NS_META_SCAN 4096
/* bytes libuchardet sees: its guess settles long before, and it reads
 * about 50 MB/s */
#define NS_DETECT_SAMPLE 65536
/* ASCII bytes the sample keeps before the first byte past ASCII */
#define NS_DETECT_LEAD 1024

const char *const ns_charset_how_names[NS_CHARSET_NHOW] = {"BOM", "HEADER", "META", "DETECTED", "DEFAULT"};

/* The WHATWG Encoding Standard's labels and the iconv name of what they
 * decode as, sorted by label (bytes) for bisection.  Its single-byte
 * "replacement" labels (iso-2022-kr, hz-gb-2312, ...) are left to iconv,
 * which decodes them for real. */
static const struct alias {
	const char *label, *name;
} aliases[] = {
	{"866", "IBM866"}, {"ansi_x3.4-1968", "WINDOWS-1252"}, {"arabic", "ISO-8859-6"}, {"ascii", "WINDOWS-1252"},
	{"asmo-708", "ISO-8859-6"}, {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"}, {"chinese", "GBK"},
	{"cn-big5", "BIG5-HKSCS"}, {"cp1250", "WINDOWS-1250"}, {"cp1251", "WINDOWS-1251"}, {"cp1252", "WINDOWS-1252"},
	{"cp1253", "WINDOWS-1253"}, {"cp1254", "WINDOWS-1254"}, {"cp1255", "WINDOWS-1255"},
	{"cp1256", "WINDOWS-1256"}, {"cp1257", "WINDOWS-1257"}, {"cp1258", "WINDOWS-1258"}, {"cp819", "WINDOWS-1252"},
	{"cp866", "IBM866"}, {"csbig5", "BIG5-HKSCS"}, {"cseuckr", "CP949"}, {"cseucpkdfmtjapanese", "EUC-JP"},
	{"csgb2312", "GBK"}, {"csibm866", "IBM866"}, {"csiso2022jp", "ISO-2022-JP"}, {"csiso58gb231280", "GBK"},
	{"csiso88596e", "ISO-8859-6"}, {"csiso88596i", "ISO-8859-6"}, {"csiso88598e", "ISO-8859-8"},
	{"csiso88598i", "ISO-8859-8"}, {"csisolatin1", "WINDOWS-1252"}, {"csisolatin2", "ISO-8859-2"},
	{"csisolatin3", "ISO-8859-3"}, {"csisolatin4", "ISO-8859-4"}, {"csisolatin5", "WINDOWS-1254"},
	{"csisolatin6", "ISO-8859-10"}, {"csisolatin9", "ISO-8859-15"}, {"csisolatinarabic", "ISO-8859-6"},
	{"csisolatincyrillic", "ISO-8859-5"}, {"csisolatingreek", "ISO-8859-7"}, {"csisolatinhebrew", "ISO-8859-8"},
	{"cskoi8r", "KOI8-R"}, {"csksc56011987", "CP949"}, {"csmacintosh", "MACINTOSH"}, {"csshiftjis", "CP932"},
	{"csunicode", "UTF-16LE"}, {"cyrillic", "ISO-8859-5"}, {"dos-874", "WINDOWS-874"}, {"ecma-114", "ISO-8859-6"},
	{"ecma-118", "ISO-8859-7"}, {"elot_928", "ISO-8859-7"}, {"euc-jp", "EUC-JP"}, {"euc-kr", "CP949"},
	{"gb18030", "GB18030"}, {"gb2312", "GBK"}, {"gb_2312", "GBK"}, {"gb_2312-80", "GBK"}, {"gbk", "GBK"},
	{"greek", "ISO-8859-7"}, {"greek8", "ISO-8859-7"}, {"hebrew", "ISO-8859-8"}, {"ibm819", "WINDOWS-1252"},
	{"ibm866", "IBM866"}, {"iso-10646-ucs-2", "UTF-16LE"}, {"iso-2022-jp", "ISO-2022-JP"},
	{"iso-8859-1", "WINDOWS-1252"}, {"iso-8859-10", "ISO-8859-10"}, {"iso-8859-11", "WINDOWS-874"},
	{"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"}, {"iso-8859-15", "ISO-8859-15"},
	{"iso-8859-16", "ISO-8859-16"}, {"iso-8859-2", "ISO-8859-2"}, {"iso-8859-3", "ISO-8859-3"},
	{"iso-8859-4", "ISO-8859-4"}, {"iso-8859-5", "ISO-8859-5"}, {"iso-8859-6", "ISO-8859-6"},
	{"iso-8859-6-e", "ISO-8859-6"}, {"iso-8859-6-i", "ISO-8859-6"}, {"iso-8859-7", "ISO-8859-7"},
	{"iso-8859-8", "ISO-8859-8"}, {"iso-8859-8-e", "ISO-8859-8"}, {"iso-8859-8-i", "ISO-8859-8"},
	{"iso-8859-9", "WINDOWS-1254"}, {"iso-ir-100", "WINDOWS-1252"}, {"iso-ir-101", "ISO-8859-2"},
	{"iso-ir-109", "ISO-8859-3"}, {"iso-ir-110", "ISO-8859-4"}, {"iso-ir-126", "ISO-8859-7"},
	{"iso-ir-127", "ISO-8859-6"}, {"iso-ir-138", "ISO-8859-8"}, {"iso-ir-144", "ISO-8859-5"},
	{"iso-ir-148", "WINDOWS-1254"}, {"iso-ir-149", "CP949"}, {"iso-ir-157", "ISO-8859-10"}, {"iso-ir-58", "GBK"},
	{"iso8859-1", "WINDOWS-1252"}, {"iso8859-10", "ISO-8859-10"}, {"iso8859-11", "WINDOWS-874"},
	{"iso8859-13", "ISO-8859-13"}, {"iso8859-14", "ISO-8859-14"}, {"iso8859-15", "ISO-8859-15"},
	{"iso8859-2", "ISO-8859-2"}, {"iso8859-3", "ISO-8859-3"}, {"iso8859-4", "ISO-8859-4"},
	{"iso8859-5", "ISO-8859-5"}, {"iso8859-6", "ISO-8859-6"}, {"iso8859-7", "ISO-8859-7"},
	{"iso8859-8", "ISO-8859-8"}, {"iso8859-9", "WINDOWS-1254"}, {"iso88591", "WINDOWS-1252"},
	{"iso885910", "ISO-8859-10"}, {"iso885911", "WINDOWS-874"}, {"iso885913", "ISO-8859-13"},
	{"iso885914", "ISO-8859-14"}, {"iso885915", "ISO-8859-15"}, {"iso88592", "ISO-8859-2"},
	{"iso88593", "ISO-8859-3"}, {"iso88594", "ISO-8859-4"}, {"iso88595", "ISO-8859-5"},
	{"iso88596", "ISO-8859-6"}, {"iso88597", "ISO-8859-7"}, {"iso88598", "ISO-8859-8"},
	{"iso88599", "WINDOWS-1254"}, {"iso_8859-1", "WINDOWS-1252"}, {"iso_8859-15", "ISO-8859-15"},
	{"iso_8859-1:1987", "WINDOWS-1252"}, {"iso_8859-2", "ISO-8859-2"}, {"iso_8859-2:1987", "ISO-8859-2"},
	{"iso_8859-3", "ISO-8859-3"}, {"iso_8859-3:1988", "ISO-8859-3"}, {"iso_8859-4", "ISO-8859-4"},
	{"iso_8859-4:1988", "ISO-8859-4"}, {"iso_8859-5", "ISO-8859-5"}, {"iso_8859-5:1988", "ISO-8859-5"},
	{"iso_8859-6", "ISO-8859-6"}, {"iso_8859-6:1987", "ISO-8859-6"}, {"iso_8859-7", "ISO-8859-7"},
	{"iso_8859-7:1987", "ISO-8859-7"}, {"iso_8859-8", "ISO-8859-8"}, {"iso_8859-8:1988", "ISO-8859-8"},
	{"iso_8859-9", "WINDOWS-1254"}, {"iso_8859-9:1989", "WINDOWS-1254"}, {"koi", "KOI8-R"}, {"koi8", "KOI8-R"},
	{"koi8-r", "KOI8-R"}, {"koi8-ru", "KOI8-U"}, {"koi8-u", "KOI8-U"}, {"koi8_r", "KOI8-R"}, {"korean", "CP949"},
	{"ks_c_5601-1987", "CP949"}, {"ks_c_5601-1989", "CP949"}, {"ksc5601", "CP949"}, {"ksc_5601", "CP949"},
	{"l1", "WINDOWS-1252"}, {"l2", "ISO-8859-2"}, {"l3", "ISO-8859-3"}, {"l4", "ISO-8859-4"},
	{"l5", "WINDOWS-1254"}, {"l6", "ISO-8859-10"}, {"l9", "ISO-8859-15"}, {"latin1", "WINDOWS-1252"},
	{"latin2", "ISO-8859-2"}, {"latin3", "ISO-8859-3"}, {"latin4", "ISO-8859-4"}, {"latin5", "WINDOWS-1254"},
	{"latin6", "ISO-8859-10"}, {"latin9", "ISO-8859-15"}, {"logical", "ISO-8859-8"}, {"mac", "MACINTOSH"},
	{"macintosh", "MACINTOSH"}, {"ms932", "CP932"}, {"ms_kanji", "CP932"}, {"shift-jis", "CP932"},
	{"shift_jis", "CP932"}, {"sjis", "CP932"}, {"sun_eu_greek", "ISO-8859-7"}, {"tis-620", "WINDOWS-874"},
	{"ucs-2", "UTF-16LE"}, {"unicode", "UTF-16LE"}, {"unicode-1-1-utf-8", "UTF-8"}, {"unicode11utf8", "UTF-8"},
	{"unicode20utf8", "UTF-8"}, {"unicodefeff", "UTF-16LE"}, {"unicodefffe", "UTF-16BE"},
	{"us-ascii", "WINDOWS-1252"}, {"utf-16", "UTF-16LE"}, {"utf-16be", "UTF-16BE"}, {"utf-16le", "UTF-16LE"},
	{"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"visual", "ISO-8859-8"}, {"windows-1250", "WINDOWS-1250"},
	{"windows-1251", "WINDOWS-1251"}, {"windows-1252", "WINDOWS-1252"}, {"windows-1253", "WINDOWS-1253"},
	{"windows-1254", "WINDOWS-1254"}, {"windows-1255", "WINDOWS-1255"}, {"windows-1256", "WINDOWS-1256"},
	{"windows-1257", "WINDOWS-1257"}, {"windows-1258", "WINDOWS-1258"}, {"windows-31j", "CP932"},
	{"windows-874", "WINDOWS-874"}, {"windows-949", "CP949"}, {"x-cp1250", "WINDOWS-1250"},
	{"x-cp1251", "WINDOWS-1251"}, {"x-cp1252", "WINDOWS-1252"}, {"x-cp1253", "WINDOWS-1253"},
	{"x-cp1254", "WINDOWS-1254"}, {"x-cp1255", "WINDOWS-1255"}, {"x-cp1256", "WINDOWS-1256"},
	{"x-cp1257", "WINDOWS-1257"}, {"x-cp1258", "WINDOWS-1258"}, {"x-euc-jp", "EUC-JP"}, {"x-gbk", "GBK"},
	{"x-mac-cyrillic", "MAC-CYRILLIC"}, {"x-mac-roman", "MACINTOSH"}, {"x-mac-ukrainian", "MAC-CYRILLIC"},
	{"x-sjis", "CP932"}, {"x-unicode20utf8", "UTF-8"}, {"x-user-defined", "WINDOWS-1252"},
	{"x-x-big5", "BIG5-HKSCS"}
};

/* labels that mean ASCII: bytes past ASCII contradict them */
static int ascii_label(const char *l)
{
	return !strcmp(l, "ascii") || !strcmp(l, "us-ascii") || !strcmp(l, "ansi_x3.4-1968");
}

/* Is charset name (an iconv name) one in which ASCII bytes are ASCII
 * characters and every other byte is part of a non-ASCII one?  Then ASCII
 * bytes need no conversion, and valid UTF-8 beyond ASCII is a sign the
 * charset is wrong.  The names the aliases give, and the families of
 * single-byte names; not ISO-2022-JP (escape sequences), UTF-16 or the
 * EBCDIC code pages iconv also knows. */
static int ascii_compatible(const char *name)
{
	static const char *const fixed[] = {"IBM866", "MACINTOSH", "MAC-CYRILLIC", "GBK", "GB18030", "BIG5-HKSCS",
	                                    "EUC-JP", "CP932", "CP949"};
	if (!strncmp(name, "ISO-8859-", 9) || !strncmp(name, "WINDOWS-", 8) || !strncmp(name, "KOI8-", 5)) return 1;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(name, fixed[i])) return 1;
	return 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int label_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.' || c == ':' || c == '+' || c == '(' || c == ')';
}

static int cmp_alias(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const struct alias *)e)->label);
}

/* ns_charset_canonical, and the label as lower-cased into low (same size) */
static int canonical(const char *s, size_t n, char *out, char *low)
{
	out[0] = low[0] = 0;
	while (n && (is_space((unsigned char)*s) || *s == '"' || *s == '\'')) { s++; n--; }
	while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\'')) n--;
	if (!n || n >= NS_CHARSET_NAME_MAX) return 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (!label_char(c)) { low[0] = 0; return 0; }
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[n] = 0;
	const struct alias *a = bsearch(low, aliases, sizeof(aliases) / sizeof(aliases[0]), sizeof(aliases[0]), cmp_alias);
	if (a) {
		strcpy(out, a->name);
		return 1;
	}
	for (size_t i = 0; i <= n; i++) out[i] = (char)(low[i] >= 'a' && low[i] <= 'z' ? low[i] - 32 : low[i]);
	return 1;
}

int ns_charset_canonical(const char *s, size_t n, char out[NS_CHARSET_NAME_MAX])
{
	char low[NS_CHARSET_NAME_MAX];
	return canonical(s, n, out, low);
}

/* Byte length of the valid UTF-8 sequence that starts at u[0] >= 0x80
 * (n bytes left), 0 when it is invalid or cut short. */
static inline size_t seq_len(const unsigned char *u, size_t n)
{
	unsigned c = u[0];
	if (c < 0xC2 || c > 0xF4) return 0;
	if (c < 0xE0) return n >= 2 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80) return 0;
		if ((c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] >= 0xA0)) return 0; /* overlong, surrogate */
		return 3;
	}
	if (n < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80) return 0;
	if ((c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] >= 0x90)) return 0; /* overlong, past U+10FFFF */
	return 4;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Length of the run of ASCII bytes other than NUL that starts u[0..n). */
static inline size_t ascii_run(const unsigned char *u, size_t n)
{
	size_t i = 0;
	while (i + 16 <= n) {
		uint64_t a, b;
		memcpy(&a, u + i, 8);
		memcpy(&b, u + i + 8, 8);
		/* a high bit, or a zero byte (the classic has-zero test: exact
		 * where no high bit is set, which the first term rules out) */
		if (((a | b) & HIGHS) | ((a - ONES) & ~a & HIGHS) | ((b - ONES) & ~b & HIGHS)) break;
		i += 16;
	}
	while (i < n && u[i] && u[i] < 0x80) i++;
	return i;
}

int ns_charset_is_utf8(const char *s, size_t n, int *ascii)
{
	const unsigned char *u = (const unsigned char *)s;
	int only_ascii = 1;
	for (size_t i = 0;;) {
		i += ascii_run(u + i, n - i);
		if (i == n) break;
		if (!u[i]) return 0;
		only_ascii = 0;
		/* in non-Latin text sequences follow each other: stay with them */
		do {
			size_t l = seq_len(u + i, n - i);
			if (!l) return 0;
			i += l;
		} while (i < n && u[i] >= 0x80);
	}
	if (ascii) *ascii = only_ascii;
	return 1;
}

/* out = s[0..n) repaired to valid UTF-8: U+FFFD for each invalid byte, NULs
 * dropped; each repair counted in *replaced. */
static ns_status utf8_repair(const char *s, size_t n, ns_buf *out, size_t *replaced)
{
	const unsigned char *u = (const unsigned char *)s;
	out->len = 0;
	if (ns_buf_reserve(out, n + 16)) return NS_ERR_NOMEM;
	for (size_t i = 0; i < n;) {
		/* the valid run from i, copied at once */
		size_t j = i;
		for (;;) {
			j += ascii_run(u + j, n - j);
			if (j == n || !u[j]) break;
			size_t l = seq_len(u + j, n - j);
			if (!l) break;
			j += l;
		}
		if (ns_buf_put(out, s + i, j - i)) return NS_ERR_NOMEM;
		if (j == n) break;
		(*replaced)++;
		if (u[j] && ns_buf_put(out, "\xEF\xBF\xBD", 3)) return NS_ERR_NOMEM;
		i = j + 1;
	}
	out->p[out->len] = 0;
	return NS_OK;
}

static ns_status copy_bytes(const char *s, size_t n, ns_buf *out)
{
	out->len = 0;
	return ns_buf_put(out, s, n);
}

/* iconv's code unit in name: how many bytes to skip at an invalid one */
static size_t code_unit(const char *name)
{
	if (!strncmp(name, "UTF-16", 6) || !strncmp(name, "UCS-2", 5)) return 2;
	if (!strncmp(name, "UTF-32", 6) || !strncmp(name, "UCS-4", 5)) return 4;
	return 1;
}

/* out = s[0..n) converted from charset name with iconv, invalid
 * sequences replaced, NULs dropped.  Returns 1, 0 when iconv does not
 * know name (out untouched), or NS_ERR_NOMEM. */
static int conv(const char *s, size_t n, const char *name, ns_buf *out, size_t *replaced)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1) return errno == EINVAL ? 0 : NS_ERR_NOMEM;
	size_t unit = code_unit(name);
	out->len = 0;
	int st = ns_buf_reserve(out, n + n / 4 + 64) ? NS_ERR_NOMEM : 1;
	char *in = (char *)(uintptr_t)s; /* iconv's prototype lacks the const */
	size_t left = n;
	/* the last round, with no input, writes what a stateful decoder
	 * (ISO-2022-JP, windows-1255's combining marks) still holds */
	for (int flush = 0; st == 1;) {
		char *o = out->p + out->len;
		size_t room = out->cap - out->len - 1; /* the NUL's byte stays free */
		size_t r = flush ? iconv(cd, NULL, NULL, &o, &room) : iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->p);
		if (r != (size_t)-1) {
			if (flush) break;
			flush = !left;
			continue;
		}
		if (errno == E2BIG) {
			if (ns_buf_reserve(out, out->cap)) st = NS_ERR_NOMEM;
			continue;
		}
		if (flush) break;
		/* EILSEQ: an invalid sequence; EINVAL: one cut by the end */
		(*replaced)++;
		size_t skip = errno == EINVAL ? left : NS_MIN(unit, left);
		in += skip;
		left -= skip;
		flush = !left;
		if (ns_buf_put(out, "\xEF\xBF\xBD", 3)) st = NS_ERR_NOMEM;
	}
	iconv_close(cd);
	if (st != 1) return st;
	/* U+0000 decodes to a NUL byte, which no field may hold; and iconv's
	 * UTF-8 is not always valid: glibc writes UCS-4 values past U+10FFFF
	 * as the 5- and 6-byte sequences of old */
	out->p[out->len] = 0;
	if (!ns_charset_is_utf8(out->p, out->len, NULL)) {
		ns_buf fixed = {0};
		if (utf8_repair(out->p, out->len, &fixed, replaced)) {
			ns_buf_free(&fixed);
			return NS_ERR_NOMEM;
		}
		ns_buf_free(out);
		*out = fixed;
	}
	return 1;
}

/* The charset label of the first <meta> in s[0..n) (at most NS_META_SCAN
 * bytes) that has one, in either form (<meta charset=X>, or a
 * content="text/html; charset=X"), loosely: any "charset=" inside the
 * tag.  Comments are skipped. */
static int meta_label(const char *s, size_t n, const char **l, size_t *ln)
{
	const char *p = s, *e = s + NS_MIN(n, (size_t)NS_META_SCAN);
	while ((p = memchr(p, '<', (size_t)(e - p)))) {
		if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
			const char *c = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
			if (!c) return 0;
			p = c + 3;
			continue;
		}
		if (e - p < 6 || (p[1] | 32) != 'm' || (p[2] | 32) != 'e' || (p[3] | 32) != 't' || (p[4] | 32) != 'a' ||
		    !(is_space((unsigned char)p[5]) || p[5] == '/')) {
			p++;
			continue;
		}
		const char *gt = memchr(p, '>', (size_t)(e - p)), *te = gt ? gt : e;
		for (const char *q = p + 5; te - q >= 7; q++) {
			if ((q[0] | 32) != 'c' || (q[1] | 32) != 'h' || (q[2] | 32) != 'a' || (q[3] | 32) != 'r' ||
			    (q[4] | 32) != 's' || (q[5] | 32) != 'e' || (q[6] | 32) != 't')
				continue;
			const char *v = q + 7;
			while (v < te && is_space((unsigned char)*v)) v++;
			if (v == te || *v != '=') continue;
			v++;
			while (v < te && is_space((unsigned char)*v)) v++;
			if (v < te && (*v == '"' || *v == '\'')) v++;
			const char *ve = v;
			while (ve < te && !is_space((unsigned char)*ve) && *ve != '"' && *ve != '\'' && *ve != ';' && *ve != '/')
				ve++;
			if (ve > v) {
				*l = v;
				*ln = (size_t)(ve - v);
				return 1;
			}
		}
		if (!gt) return 0;
		p = gt + 1;
	}
	return 0;
}

/* Keep the first declaration not followed, cut to printable ASCII, for a
 * note that is one line whatever the page holds. */
static void ignore(ns_charset_info *info, const char *l, size_t ln)
{
	if (info->ignored[0]) return;
	while (ln && is_space((unsigned char)*l)) { l++; ln--; }
	while (ln && is_space((unsigned char)l[ln - 1])) ln--;
	size_t k = 0;
	for (; k < ln && k < NS_CHARSET_NAME_MAX - 1; k++) {
		unsigned char c = (unsigned char)l[k];
		info->ignored[k] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	info->ignored[k] = 0;
	if (!k) strcpy(info->ignored, "\"\"");
}

static void set_name(ns_charset_info *info, const char *name, ns_charset_how how)
{
	snprintf(info->name, sizeof(info->name), "%s", name);
	info->how = how;
}

/* libuchardet's guess for s[0..n) into name: 1, 0 for none, NS_ERR_NOMEM */
static int detect(const char *s, size_t n, char name[NS_CHARSET_NAME_MAX])
{
	name[0] = 0;
	uchardet_t u = uchardet_new();
	if (!u) return NS_ERR_NOMEM;
	/* the sample starts a little before the first byte past ASCII: a long
	 * <head> of scripts and styles before it tells the detector nothing
	 * and would take the sample's room */
	size_t first = 0;
	for (;;) {
		first += ascii_run((const unsigned char *)s + first, n - first);
		if (first == n || s[first]) break;
		first++; /* a NUL is ASCII too */
	}
	size_t start = first > NS_DETECT_LEAD ? first - NS_DETECT_LEAD : 0;
	/* it fails only when its probers cannot be allocated */
	if (uchardet_handle_data(u, s + start, NS_MIN(n - start, (size_t)NS_DETECT_SAMPLE))) {
		uchardet_delete(u);
		return NS_ERR_NOMEM;
	}
	uchardet_data_end(u);
	const char *g = uchardet_get_charset(u);
	int ok = g && ns_charset_canonical(g, strlen(g), name);
	uchardet_delete(u);
	return ok;
}

ns_status ns_charset_to_utf8(const char *s, size_t n, const char *declared, ns_buf *out, ns_charset_info *info)
{
	memset(info, 0, sizeof(*info));
	out->len = 0;
	const unsigned char *u = (const unsigned char *)s;
	int r;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		set_name(info, "UTF-8", NS_CHARSET_BOM);
		if (ns_charset_is_utf8(s + 3, n - 3, NULL)) return copy_bytes(s + 3, n - 3, out);
		return utf8_repair(s + 3, n - 3, out, &info->replaced);
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		set_name(info, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NS_CHARSET_BOM);
		r = conv(s + 2, n - 2, info->name, out, &info->replaced);
		if (r) return r < 0 ? (ns_status)r : NS_OK;
		/* an iconv without UTF-16 (none known): bytes as they are */
		return utf8_repair(s + 2, n - 2, out, &info->replaced);
	}
	int ascii = 0, valid = ns_charset_is_utf8(s, n, &ascii);
	for (int k = 0; k < 2; k++) {
		const char *l;
		size_t ln;
		if (k == 0) {
			if (!declared || !declared[0]) continue;
			l = declared;
			ln = strlen(declared);
		} else if (!meta_label(s, n, &l, &ln)) {
			continue;
		}
		ns_charset_how how = k ? NS_CHARSET_META : NS_CHARSET_HEADER;
		char name[NS_CHARSET_NAME_MAX], low[NS_CHARSET_NAME_MAX];
		if (!canonical(l, ln, name, low)) { ignore(info, l, ln); continue; }
		/* a <meta> cannot name UTF-16: the bytes that hold it are not */
		if (k && !strncmp(name, "UTF-16", 6)) strcpy(name, "UTF-8");
		if (!strcmp(name, "UTF-8") || ascii_label(low)) {
			if (!valid || (!ascii && ascii_label(low))) { ignore(info, l, ln); continue; }
			set_name(info, name, how);
			return copy_bytes(s, n, out);
		}
		if (ascii_compatible(name)) {
			if (valid && !ascii) { ignore(info, l, ln); continue; }
			if (valid) { set_name(info, name, how); return copy_bytes(s, n, out); }
		}
		/* UTF-16 and UTF-32 text has NUL bytes (in every ASCII
		 * character), which valid here excludes */
		if (valid && code_unit(name) > 1) { ignore(info, l, ln); continue; }
		r = conv(s, n, name, out, &info->replaced);
		if (r < 0) return (ns_status)r;
		if (r) { set_name(info, name, how); return NS_OK; }
		ignore(info, l, ln);
	}
	if (valid) {
		set_name(info, "UTF-8", NS_CHARSET_DETECTED);
		return copy_bytes(s, n, out);
	}
	char name[NS_CHARSET_NAME_MAX];
	r = detect(s, n, name);
	if (r < 0) return (ns_status)r;
	if (r && !strcmp(name, "UTF-8")) {
		set_name(info, name, NS_CHARSET_DETECTED);
		return utf8_repair(s, n, out, &info->replaced);
	}
	if (r) {
		size_t replaced = 0;
		r = conv(s, n, name, out, &replaced);
		if (r < 0) return (ns_status)r;
		if (r) {
			set_name(info, name, NS_CHARSET_DETECTED);
			info->replaced = replaced;
			return NS_OK;
		}
	}
	set_name(info, "WINDOWS-1252", NS_CHARSET_DEFAULT);
	r = conv(s, n, info->name, out, &info->replaced);
	if (r < 0) return (ns_status)r;
	return r ? NS_OK : utf8_repair(s, n, out, &info->replaced);
}
