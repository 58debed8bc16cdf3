/* newsift — line reader and JSONL record parser.
 *
 * The reader pulls 1 MiB blocks through zlib's gz* interface, which inflates
 * gzip (all concatenated members) and passes other input through unchanged,
 * and cuts the block into lines with memchr.  A line longer than the block
 * grows the buffer; nothing is ever cut.
 *
 * The parser uses json-c with one tokener per thread (json-c measured fastest
 * of the libraries we tried, see README).  Field values are copied into one
 * allocation per record, repaired to valid UTF-8 on the way. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <json-c/json.h>
#include "internal.h"
#include "newsift/read.h"

const char *const ns_field_names[NS_NFIELDS] = {"id", "title", "date", "source", "url", "text"};

#define NS_READ_BLOCK (1u << 20)

struct ns_reader {
	gzFile gz;
	char *buf;
	size_t cap, beg, end; /* unread bytes are buf[beg, end) */
	uint64_t lineno;
	int eof, err;
	char errmsg[256];
};

ns_status ns_reader_open(ns_reader **rp, const char *path, char *err, size_t errlen)
{
	*rp = NULL;
	ns_reader *r = calloc(1, sizeof(*r));
	if (!r) return NS_ERR_NOMEM;
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : dup(0);
	if (fd < 0) {
		ns_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		free(r);
		return NS_ERR_OPEN;
	}
	r->gz = gzdopen(fd, "rb");
	r->cap = NS_READ_BLOCK;
	r->buf = malloc(r->cap + 1);
	if (!r->gz || !r->buf) {
		if (r->gz) gzclose(r->gz); else close(fd);
		free(r->buf);
		free(r);
		return NS_ERR_NOMEM;
	}
	gzbuffer(r->gz, 256u << 10);
	/* reading a directory fails on the first read; check here for a clear message */
	*rp = r;
	return NS_OK;
}

/* Read more bytes at the end of the buffer, compacting or growing it first. */
static int fill(ns_reader *r)
{
	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->beg = 0;
	}
	if (r->cap - r->end < NS_READ_BLOCK / 2) {
		size_t nc = r->cap * 2;
		char *nb = realloc(r->buf, nc + 1);
		if (!nb) return NS_ERR_NOMEM;
		r->buf = nb;
		r->cap = nc;
	}
	int n = gzread(r->gz, r->buf + r->end, (unsigned)NS_MIN(r->cap - r->end, (size_t)1 << 30));
	if (n < 0) {
		int zerr;
		const char *m = gzerror(r->gz, &zerr);
		if (zerr == Z_ERRNO) m = strerror(errno);
		snprintf(r->errmsg, sizeof(r->errmsg), "%s", m && *m ? m : "read error");
		r->err = 1;
		return NS_ERR_IO;
	}
	if (n == 0) {
		/* gzread reports a truncated stream only through gzerror */
		int zerr;
		gzerror(r->gz, &zerr);
		if (zerr == Z_BUF_ERROR) {
			snprintf(r->errmsg, sizeof(r->errmsg), "truncated gzip input: unexpected end of file");
			r->err = 1;
		}
		r->eof = 1;
	}
	r->end += (size_t)n;
	return n;
}

int ns_reader_next(ns_reader *r, const char **line, size_t *len, uint64_t *lineno, char *err, size_t errlen)
{
	for (;;) {
		char *s = r->buf + r->beg;
		char *nl = memchr(s, '\n', r->end - r->beg);
		if (nl || ((r->eof || r->err) && r->end > r->beg)) {
			size_t n = nl ? (size_t)(nl - s) : r->end - r->beg;
			r->beg += nl ? n + 1 : n;
			if (n && s[n - 1] == '\r') n--;
			if (r->lineno == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
			s[n] = 0;
			*line = s;
			*len = n;
			*lineno = ++r->lineno;
			return 1;
		}
		if (r->err) {
			ns_errf(err, errlen, "%s", r->errmsg);
			r->err = 0;
			r->eof = 1; /* report once, then end */
			return NS_ERR_IO;
		}
		if (r->eof) return 0;
		int st = fill(r);
		if (st == NS_ERR_NOMEM) return NS_ERR_NOMEM;
	}
}

uint64_t ns_reader_bytes_out(const ns_reader *r)
{
	return r ? (uint64_t)gzoffset(r->gz) : 0;
}

void ns_reader_close(ns_reader *r)
{
	if (!r) return;
	gzclose(r->gz);
	free(r->buf);
	free(r);
}

void ns_record_free(ns_record *rec)
{
	free(rec->buf);
	memset(rec, 0, sizeof(*rec));
}

struct ns_parser {
	json_tokener *tok;
	const char *names[NS_NFIELDS];
};

ns_parser *ns_parser_create(const ns_options *o)
{
	ns_parser *p = calloc(1, sizeof(*p));
	if (!p) return NULL;
	p->tok = json_tokener_new();
	if (!p->tok) { free(p); return NULL; }
	p->names[NS_F_ID] = o->field_id;
	p->names[NS_F_TITLE] = o->field_title;
	p->names[NS_F_DATE] = o->field_date;
	p->names[NS_F_SOURCE] = o->field_source;
	p->names[NS_F_URL] = o->field_url;
	p->names[NS_F_TEXT] = o->field_text;
	return p;
}

void ns_parser_destroy(ns_parser *p)
{
	if (!p) return;
	json_tokener_free(p->tok);
	free(p);
}

/* Copy s into out as valid UTF-8: invalid bytes become U+FFFD, NULs are
 * dropped.  out has room for 3 * n bytes.  Returns bytes written; *bad counts
 * the repairs. */
static size_t copy_utf8(char *out, const char *s, size_t n, int *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (u[i] && u[i] < 0x80) { out[o++] = (char)u[i++]; continue; }
		if (!u[i]) { (*bad)++; i++; continue; }
		int32_t cp;
		size_t l = ns_utf8_decode(u + i, n - i, &cp);
		if (l) { memcpy(out + o, s + i, l); o += l; i += l; }
		else { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; i++; (*bad)++; }
	}
	return o;
}

ns_status ns_parser_parse(ns_parser *p, const char *line, size_t len, ns_record *rec,
                          const char **repaired, char *err, size_t errlen)
{
	memset(rec, 0, sizeof(*rec));
	*repaired = NULL;
	json_tokener_reset(p->tok);
	if (len > INT32_MAX) { ns_errf(err, errlen, "line longer than 2 GiB"); return NS_ERR_FORMAT; }
	json_object *obj = json_tokener_parse_ex(p->tok, line, (int)len);
	enum json_tokener_error je = json_tokener_get_error(p->tok);
	if (!obj || je != json_tokener_success) {
		if (je == json_tokener_continue) ns_errf(err, errlen, "malformed JSON: unexpected end of line");
		else ns_errf(err, errlen, "malformed JSON: %s at byte %zu", json_tokener_error_desc(je),
		             json_tokener_get_parse_end(p->tok) + 1);
		if (obj) json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	size_t end = json_tokener_get_parse_end(p->tok);
	while (end < len && (line[end] == ' ' || line[end] == '\t')) end++;
	if (end < len) {
		ns_errf(err, errlen, "malformed JSON: trailing characters at byte %zu", end + 1);
		json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		ns_errf(err, errlen, "JSON value is not an object");
		json_object_put(obj);
		return NS_ERR_FORMAT;
	}
	const char *val[NS_NFIELDS];
	size_t vlen[NS_NFIELDS], total = 0;
	char idnum[32];
	for (int f = 0; f < NS_NFIELDS; f++) {
		json_object *v = NULL;
		val[f] = "";
		vlen[f] = 0;
		if (!json_object_object_get_ex(obj, p->names[f], &v) || !v) continue;
		if (json_object_is_type(v, json_type_string)) {
			val[f] = json_object_get_string(v);
			vlen[f] = (size_t)json_object_get_string_len(v);
		} else if (f == NS_F_ID && json_object_is_type(v, json_type_int)) {
			vlen[f] = (size_t)snprintf(idnum, sizeof(idnum), "%lld", (long long)json_object_get_int64(v));
			val[f] = idnum;
		} else {
			ns_errf(err, errlen, "field \"%s\" is %s, not a string", p->names[f],
			        json_type_to_name(json_object_get_type(v)));
			json_object_put(obj);
			return NS_ERR_FORMAT;
		}
		total += 3 * vlen[f] + 1;
	}
	rec->buf = malloc(total ? total : 1);
	if (!rec->buf) { json_object_put(obj); return NS_ERR_NOMEM; }
	size_t o = 0;
	int bad = 0;
	for (int f = 0; f < NS_NFIELDS; f++) {
		size_t n = copy_utf8(rec->buf + o, val[f], vlen[f], &bad);
		rec->buf[o + n] = 0;
		rec->f[f] = rec->buf + o;
		rec->len[f] = (uint32_t)n;
		o += n + 1;
	}
	if (bad) *repaired = "invalid UTF-8 or NUL characters repaired";
	json_object_put(obj);
	return NS_OK;
}
