/* newsift — status names, growable buffers and small shared helpers
 * (UTF-8 coding, JSON string escaping, date parsing). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "internal.h"

const char *ns_strerror(ns_status st)
{
	switch (st) {
	case NS_OK: return "success";
	case NS_ERR_NOMEM: return "out of memory";
	case NS_ERR_IO: return "input/output error";
	case NS_ERR_OPEN: return "cannot open file";
	case NS_ERR_FORMAT: return "malformed input";
	case NS_ERR_OPTION: return "invalid option";
	case NS_ERR_STRICT: return "rejected record in strict mode";
	case NS_ERR_INTERRUPTED: return "interrupted";
	case NS_ERR_MEMORY: return "not enough memory available";
	case NS_ERR_LOCKED: return "in use by another process";
	}
	return "unknown error";
}

ns_status ns_grow(void **arr, size_t *cap, size_t need, size_t elt)
{
	if (need <= *cap) return NS_OK;
	size_t c = *cap ? *cap : 16;
	while (c < need) c += c >> 1;
	void *p = realloc(*arr, c * elt);
	if (!p) return NS_ERR_NOMEM;
	*arr = p;
	*cap = c;
	return NS_OK;
}

ns_status ns_buf_reserve(ns_buf *b, size_t extra)
{
	return ns_grow((void **)&b->p, &b->cap, b->len + extra + 1, 1);
}

ns_status ns_buf_put(ns_buf *b, const void *s, size_t n)
{
	if (ns_buf_reserve(b, n)) return NS_ERR_NOMEM;
	if (n) memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return NS_OK;
}

void ns_buf_free(ns_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

ns_status ns_buf_printf(ns_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ns_buf_reserve(b, (size_t)n)) return NS_ERR_NOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return NS_OK;
}

void ns_errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen) return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

size_t ns_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) { *cp = (int32_t)c; return 1; }
	size_t len;
	int32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
	else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
	else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
	else return 0;
	if (n < len) return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
	*cp = v;
	return len;
}

size_t ns_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
	if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int ns_is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

ns_status ns_json_str(ns_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (ns_buf_reserve(b, n + 2)) return NS_ERR_NOMEM;
	b->p[b->len++] = '"';
	size_t run = 0; /* start of the pending run of bytes that need no escape */
	for (size_t i = 0; i < n; i++) {
#if defined(__SSE2__)
		/* skip 16 bytes at a time that need no escape: none below 0x20
		 * (as signed bytes, those are 0..0x1F: UTF-8's high bytes are
		 * negative), no quote, no backslash */
		while (i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i ctl = _mm_and_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpgt_epi8(v, _mm_set1_epi8(-1)));
			__m128i esc = _mm_or_si128(ctl, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
			unsigned m = (unsigned)_mm_movemask_epi8(esc);
			if (m) { i += (size_t)__builtin_ctz(m); break; }
			i += 16;
		}
		if (i >= n) break;
#endif
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') continue;
		if (ns_buf_put(b, s + run, i - run)) return NS_ERR_NOMEM;
		char e[7] = {'\\', 0, 0, 0, 0, 0, 0};
		size_t el = 2;
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			e[1] = 'u'; e[2] = '0'; e[3] = '0'; e[4] = hex[c >> 4]; e[5] = hex[c & 15];
			el = 6;
		}
		if (ns_buf_put(b, e, el)) return NS_ERR_NOMEM;
		run = i + 1;
	}
	if (ns_buf_put(b, s + run, n - run)) return NS_ERR_NOMEM;
	return ns_buf_put(b, "\"", 1);
}

int32_t ns_date_days(const char *s)
{
	int y, m, d;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) { if (s[i] != '-') return INT32_MIN; }
		else if (s[i] < '0' || s[i] > '9') return INT32_MIN;
	}
	y = atoi(s); m = atoi(s + 5); d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31) return INT32_MIN;
	/* days from civil (H. Hinnant's algorithm) */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void ns_day_string(int64_t t, char *out, size_t len)
{
	/* civil from days (H. Hinnant's algorithm) */
	int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, len, "%04lld-%02u-%02u", (long long)(y + (m <= 2)), m, d);
}

/* ---- dates as scrapers write them (ns_date_parse) ----
 *
 * A small scanner over the string: each form is tried from the start and
 * must use every byte but trailing spaces.  Days from the civil date use
 * H. Hinnant's algorithm (as ns_date_days). */
#define NS_DATE_MAX ((int64_t)253402300799) /* 9999-12-31 23:59:59 UTC: the last time of a four-digit year */

typedef struct {
	const char *s;
	size_t n, i;
} date_scan;

static int ds_end(const date_scan *d)
{
	return d->i >= d->n;
}

static int ds_is(const date_scan *d, char c)
{
	return d->i < d->n && d->s[d->i] == c;
}

static int ds_digit(const date_scan *d)
{
	return d->i < d->n && d->s[d->i] >= '0' && d->s[d->i] <= '9';
}

/* Exactly k digits (k > 0) into *v; 0 when they are not there. */
static int ds_num(date_scan *d, int k, int *v)
{
	int x = 0;
	for (int j = 0; j < k; j++) {
		if (!ds_digit(d)) return 0;
		x = x * 10 + (d->s[d->i++] - '0');
	}
	*v = x;
	return 1;
}

/* 1 or 2 digits. */
static int ds_num12(date_scan *d, int *v)
{
	if (!ds_num(d, 1, v)) return 0;
	if (ds_digit(d)) *v = *v * 10 + (d->s[d->i++] - '0');
	return 1;
}

static void ds_spaces(date_scan *d)
{
	while (d->i < d->n && (d->s[d->i] == ' ' || d->s[d->i] == '\t')) d->i++;
}

/* A case-insensitive word of letters at i: its length (i not moved). */
static size_t ds_word(const date_scan *d, char *w, size_t cap)
{
	size_t k = 0;
	while (d->i + k < d->n && ((d->s[d->i + k] | 0x20) >= 'a' && (d->s[d->i + k] | 0x20) <= 'z')) {
		if (k + 1 < cap) w[k] = (char)(d->s[d->i + k] | 0x20);
		k++;
	}
	w[k < cap ? k : cap - 1] = 0;
	return k;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : dm[m - 1];
}

static int64_t civil_seconds(int y, int m, int d, int hh, int mm, int ss)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = (int64_t)era * 146097 + (int64_t)doe - 719468;
	return days * 86400 + hh * 3600 + mm * 60 + ss;
}

/* A zone: Z, +HH:MM, +HHMM, +HH, or a name (UTC, GMT, UT, US zones); an
 * optional space before it.  *off gets seconds east of UTC.  Nothing at
 * all is UTC.  0 when what is there is not a zone. */
static int ds_zone(date_scan *d, int *off)
{
	*off = 0;
	ds_spaces(d);
	if (ds_end(d)) return 1;
	if (ds_is(d, '+') || ds_is(d, '-')) {
		int sign = d->s[d->i++] == '-' ? -1 : 1, h, m = 0;
		if (!ds_num(d, 2, &h)) return 0;
		if (ds_is(d, ':')) { d->i++; if (!ds_num(d, 2, &m)) return 0; }
		else if (ds_digit(d) && !ds_num(d, 2, &m)) return 0;
		if (h > 23 || m > 59) return 0;
		*off = sign * (h * 3600 + m * 60);
		return 1;
	}
	static const struct { const char *name; int hours; } zones[] = {
		{"z", 0}, {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"est", -5}, {"edt", -4},
		{"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
	};
	char w[8];
	size_t k = ds_word(d, w, sizeof(w));
	for (size_t z = 0; k && k < sizeof(w) && z < sizeof(zones) / sizeof(zones[0]); z++) {
		if (strcmp(w, zones[z].name)) continue;
		d->i += k;
		*off = zones[z].hours * 3600;
		/* "GMT+01:00" and the like */
		if (ds_is(d, '+') || ds_is(d, '-')) {
			int more;
			if (!ds_zone(d, &more)) return 0;
			*off += more;
		}
		return 1;
	}
	return 0;
}

/* HH:MM[:SS[.frac]] into the three; 0 when not a time. */
static int ds_time(date_scan *d, int *hh, int *mm, int *ss)
{
	*ss = 0;
	if (!ds_num12(d, hh) || !ds_is(d, ':')) return 0;
	d->i++;
	if (!ds_num(d, 2, mm)) return 0;
	if (ds_is(d, ':')) {
		d->i++;
		if (!ds_num(d, 2, ss)) return 0;
		if (ds_is(d, '.') || ds_is(d, ',')) {
			d->i++;
			if (!ds_digit(d)) return 0;
			while (ds_digit(d)) d->i++;
		}
	}
	return *hh <= 23 && *mm <= 59 && *ss <= 60;
}

static int64_t finish(date_scan *d, int y, int m, int dd, int hh, int mm, int ss, int off)
{
	ds_spaces(d);
	if (!ds_end(d) || y < 1 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > days_in_month(y, m)) return INT64_MIN;
	if (ss == 60) ss = 59; /* a leap second: the second before */
	return civil_seconds(y, m, dd, hh, mm, ss) - off;
}

static int64_t parse_iso(date_scan *d)
{
	int y, m, dd, hh = 0, mm = 0, ss = 0, off = 0;
	if (!ds_num(d, 4, &y) || !ds_is(d, '-')) return INT64_MIN;
	d->i++;
	if (!ds_num12(d, &m) || !ds_is(d, '-')) return INT64_MIN;
	d->i++;
	if (!ds_num12(d, &dd)) return INT64_MIN;
	if (ds_is(d, 'T') || ds_is(d, 't') || ds_is(d, ' ')) {
		size_t at = d->i;
		d->i++;
		ds_spaces(d);
		if (ds_time(d, &hh, &mm, &ss)) {
			if (!ds_zone(d, &off)) return INT64_MIN;
		} else {
			d->i = at;
		}
	}
	return finish(d, y, m, dd, hh, mm, ss, off);
}

static int64_t parse_rfc2822(date_scan *d)
{
	static const char *months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                 "jul", "aug", "sep", "oct", "nov", "dec"};
	char w[16];
	size_t k = ds_word(d, w, sizeof(w));
	if (k) {
		/* a weekday (any day name, at least its three letters), then a comma or a space */
		static const char *wd[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
		int ok = 0;
		for (int j = 0; j < 7 && !ok; j++) ok = k >= 3 && !strncmp(w, wd[j], 3);
		if (!ok) return INT64_MIN;
		d->i += k;
		if (ds_is(d, ',')) d->i++;
		ds_spaces(d);
	}
	int dd, y, m = 0, hh = 0, mm = 0, ss = 0, off = 0;
	if (!ds_num12(d, &dd)) return INT64_MIN;
	ds_spaces(d);
	k = ds_word(d, w, sizeof(w));
	if (k < 3) return INT64_MIN;
	for (int j = 0; j < 12 && !m; j++)
		if (!strncmp(w, months[j], 3)) m = j + 1;
	if (!m) return INT64_MIN;
	d->i += k;
	ds_spaces(d);
	if (!ds_num(d, 4, &y)) return INT64_MIN;
	ds_spaces(d);
	if (!ds_end(d)) {
		if (!ds_time(d, &hh, &mm, &ss) || !ds_zone(d, &off)) return INT64_MIN;
	}
	return finish(d, y, m, dd, hh, mm, ss, off);
}

int64_t ns_date_parse(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
	if (!n) return INT64_MIN;
	date_scan d = {s, n, 0};
	size_t digits = 0;
	while (digits < n && s[digits] >= '0' && s[digits] <= '9') digits++;
	if (digits == 4 && n > 4 && s[4] == '-') return parse_iso(&d);
	if (digits && (digits == n || (s[digits] == '.' && digits + 1 < n))) {
		/* epoch seconds, or milliseconds over 1e11 (after 5138 in seconds) */
		for (size_t j = digits + 1; j < n; j++)
			if (s[j] < '0' || s[j] > '9') return INT64_MIN;
		if (digits > 15) return INT64_MIN;
		int64_t v = 0;
		for (size_t j = 0; j < digits; j++) v = v * 10 + (s[j] - '0');
		if (v > (int64_t)100000000000) v /= 1000;
		return v <= NS_DATE_MAX ? v : INT64_MIN;
	}
	return parse_rfc2822(&d);
}

void ns_time_string(int64_t t, char *out, size_t len)
{
	if (!len) return;
	if (t == INT64_MIN) { out[0] = 0; return; }
	char day[32];
	ns_day_string(t, day, sizeof(day));
	int64_t sec = t % 86400;
	if (sec < 0) sec += 86400;
	if (sec == 0) snprintf(out, len, "%s", day);
	else snprintf(out, len, "%s %02d:%02d UTC", day, (int)(sec / 3600), (int)(sec / 60 % 60));
}

/* ---- code point classes shared by the sentence splitter and the summariser ---- */

/* Code point at t[i] (i < len).  An invalid byte reads as U+FFFD of length 1
 * so that a scan always advances, even on text that is not valid UTF-8. */
size_t ns_cp_at(const char *t, size_t len, size_t i, int32_t *cp)
{
	size_t l = ns_utf8_decode((const unsigned char *)t + i, len - i, cp);
	if (!l) {
		*cp = 0xFFFD;
		l = 1;
	}
	return l;
}

/* Start of the code point that ends just before t[i] (i > 0). */
size_t ns_cp_before(const char *t, size_t i, int32_t *cp)
{
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)t[j] & 0xC0) == 0x80) j--;
	if (ns_utf8_decode((const unsigned char *)t + j, i - j, cp) != i - j) {
		*cp = 0xFFFD;
		return i - 1;
	}
	return j;
}

/* White space other than a line end; Zs covers no-break and thin spaces,
 * which survive cleaning. */
int ns_cp_hspace(int32_t cp)
{
	if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

int ns_cp_space(int32_t cp)
{
	return cp == '\n' || ns_cp_hspace(cp);
}

int ns_cp_upper(int32_t cp)
{
	if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int ns_cp_lower(int32_t cp)
{
	if (cp < 0x80) return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int ns_cp_digit(int32_t cp)
{
	if (cp < 0x80) return cp >= '0' && cp <= '9';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int ns_cp_letter(int32_t cp)
{
	if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}


int ns_cp_terminal(int32_t cp)
{
	/* also the Arabic question mark, the Greek question mark, the danda and
	 * double danda, and the CJK full stop */
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x061F || cp == 0x037E || cp == 0x0964 ||
	       cp == 0x0965 || cp == 0x3002;
}

/* Marks that close a quotation or parenthesis after the final punctuation:
 * " ' ) ] } ” ’ » ›.  The ASCII quotes are both openers and closers; their
 * place (after punctuation or after white space) decides. */
int ns_cp_closer(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case ')': case ']': case '}':
	case 0x201D: case 0x2019: case 0x00BB: case 0x203A:
		return 1;
	default:
		return 0;
	}
}


/* Sorting 64-bit keys is on the hot path (shingle sets, term ids): an
 * introsort-free quicksort (median of three, smaller side first, so the
 * stack stays O(log n)) with insertion sort below 24 elements, specialised
 * for uint64_t so no comparison goes through a function pointer. */
static void insertion_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) { v[j] = v[j - 1]; j--; }
		v[j] = x;
	}
}

void ns_sort_u64(uint64_t *v, size_t n)
{
	while (n > 24) {
		size_t m = n / 2;
		/* median of three into v[m] */
		if (v[0] > v[m]) { uint64_t t = v[0]; v[0] = v[m]; v[m] = t; }
		if (v[m] > v[n - 1]) { uint64_t t = v[m]; v[m] = v[n - 1]; v[n - 1] = t; }
		if (v[0] > v[m]) { uint64_t t = v[0]; v[0] = v[m]; v[m] = t; }
		uint64_t pivot = v[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < pivot) i++;
			while (v[j] > pivot) j--;
			if (i >= j) break;
			uint64_t t = v[i]; v[i] = v[j]; v[j] = t;
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j+1, n): recurse on the smaller side */
		size_t left = j + 1;
		if (left < n - left) {
			ns_sort_u64(v, left);
			v += left;
			n -= left;
		} else {
			ns_sort_u64(v + left, n - left);
			n = left;
		}
	}
	insertion_u64(v, n);
}

#define NS_HSORT_SMALL 48 /* a bucket up to this size is insertion-sorted */

void ns_sort_hashes(uint64_t *v, size_t n, ns_hsort *s)
{
	if (n <= NS_HSORT_SMALL) { insertion_u64(v, n); return; }
	unsigned bits = 1;
	while (bits < 24 && ((size_t)1 << bits) < n) bits++;
	size_t nb = (size_t)1 << bits;
	unsigned shift = 64 - bits;
	if (ns_grow((void **)&s->tmp, &s->tcap, n, sizeof(uint64_t)) ||
	    ns_grow((void **)&s->cnt, &s->ccap, nb + 1, sizeof(uint32_t))) {
		ns_sort_u64(v, n);
		return;
	}
	uint64_t *t = s->tmp;
	uint32_t *cnt = s->cnt;
	memset(cnt, 0, (nb + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) cnt[(v[i] >> shift) + 1]++;
	for (size_t b = 0; b < nb; b++) cnt[b + 1] += cnt[b];
	/* cnt[b] is the start of bucket b; advancing it while scattering leaves
	 * it at the start of bucket b + 1 */
	for (size_t i = 0; i < n; i++) t[cnt[v[i] >> shift]++] = v[i];
	size_t from = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t to = cnt[b];
		if (to - from > NS_HSORT_SMALL) ns_sort_u64(t + from, to - from);
		else insertion_u64(t + from, to - from);
		from = to;
	}
	memcpy(v, t, n * sizeof(uint64_t));
}

#define NS_DISTINCT_PROBES 8 /* average probes per value before the sort takes over */

size_t ns_count_distinct(const uint64_t *v, size_t n, ns_hsort *s)
{
	if (n <= 1) return n;
	unsigned bits = 6;
	while (((size_t)1 << bits) < 2 * n) bits++;
	size_t nt = (size_t)1 << bits, mask = nt - 1;
	if (ns_grow((void **)&s->tmp, &s->tcap, nt, sizeof(uint64_t))) return SIZE_MAX;
	uint64_t *t = s->tmp;
	memset(t, 0, nt * sizeof(uint64_t));
	/* 0 marks an empty slot: the value 0 is counted aside */
	size_t u = 0, probes = 0, limit = NS_DISTINCT_PROBES * n;
	int zero = 0;
	unsigned shift = 64 - bits;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		if (!x) { zero = 1; continue; }
		size_t h = (size_t)(x >> shift);
		while (t[h] && t[h] != x) {
			h = (h + 1) & mask;
			if (++probes > limit) goto sort;
		}
		if (!t[h]) { t[h] = x; u++; }
	}
	return u + (size_t)zero;
sort:
	memcpy(t, v, n * sizeof(uint64_t));
	ns_sort_u64(t, n);
	u = 1;
	for (size_t i = 1; i < n; i++) u += t[i] != t[i - 1];
	return u;
}

void ns_hsort_free(ns_hsort *s)
{
	free(s->tmp);
	free(s->cnt);
	memset(s, 0, sizeof(*s));
}

ns_status ns_utf8_map(const char *s, size_t n, int opt, int32_t **buf, size_t *cap, ptrdiff_t *len)
{
	const utf8proc_uint8_t *src = (const utf8proc_uint8_t *)s;
	utf8proc_option_t o = (utf8proc_option_t)opt;
	utf8proc_ssize_t r = utf8proc_decompose_custom(src, (utf8proc_ssize_t)n, *buf, (utf8proc_ssize_t)*cap, o, NULL, NULL);
	if (r >= 0 && (size_t)r >= *cap) {
		/* one code point more than the result: the re-encoder writes a NUL
		 * after the UTF-8, which is never longer than 4 bytes a code point */
		size_t c = NS_MAX((size_t)r + 1, 2 * *cap);
		int32_t *b = realloc(*buf, c * sizeof(int32_t));
		if (!b) return NS_ERR_NOMEM;
		*buf = b;
		*cap = c;
		r = utf8proc_decompose_custom(src, (utf8proc_ssize_t)n, *buf, (utf8proc_ssize_t)*cap, o, NULL, NULL);
	}
	if (r >= 0) r = utf8proc_reencode(*buf, r, o);
	*len = r;
	return NS_OK;
}

uint64_t ns_mem_available(void)
{
	uint64_t avail = UINT64_MAX;
	FILE *f = fopen("/proc/meminfo", "r");
	if (f) {
		char line[256];
		unsigned long long kb;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) { avail = (uint64_t)kb * 1024; break; }
		fclose(f);
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		uint64_t used = 0;
		unsigned long long pages;
		long pg = sysconf(_SC_PAGESIZE);
		f = fopen("/proc/self/statm", "r");
		if (f) {
			if (fscanf(f, "%llu", &pages) == 1 && pg > 0) used = (uint64_t)pages * (uint64_t)pg;
			fclose(f);
		}
		uint64_t room = (uint64_t)rl.rlim_cur > used ? (uint64_t)rl.rlim_cur - used : 0;
		if (room < avail) avail = room;
	}
	return avail;
}
