/* newsift — input formats beside JSONL (see formats.h).
 *
 * CSV follows RFC 4180: fields separated by commas, a field in double
 * quotes may hold commas, line ends and doubled quotes; leniently, a quote
 * inside an unquoted field is a character and what follows a closing quote
 * up to the next comma is kept.  The reader hands lines over one by one; a
 * record goes on while a quoted field is open (ns_csv_open_after counts
 * the quotes).  TSV is one record per line, fields separated by tabs, with
 * \t \n \r \\ escapes (other backslashes are characters).  A record's
 * values are cut into a scratch buffer of the calling thread, then copied
 * into the record's one allocation, repaired to valid UTF-8 on the way, as
 * the JSONL parser does.  A text article is split into a metadata block
 * and the text by looking at its first lines only. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "internal.h"
#include "newsift/charset.h"
#include "newsift/formats.h"

#define NS_FMT_MAX_RECORD ((size_t)1 << 30) /* longest record the parsers take, as for a JSONL line */

static int ext_is(const char *e, size_t n, const char *x)
{
	return strlen(x) == n && !strncasecmp(e, x, n);
}

ns_input_format ns_format_of(const char *path, int fmt)
{
	if (fmt != NS_FMT_AUTO) return (ns_input_format)fmt;
	if (!strcmp(path, "-")) return NS_FMT_JSONL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	for (int strip = 0; strip < 2; strip++) {
		const char *dot = NULL;
		for (size_t i = n; i > 0; i--)
			if (base[i - 1] == '.') { dot = base + i - 1; break; }
		if (!dot || dot == base) return NS_FMT_JSONL;
		const char *e = dot + 1;
		size_t el = n - (size_t)(e - base);
		if (strip == 0 && (ext_is(e, el, "gz") || ext_is(e, el, "zst") || ext_is(e, el, "zstd"))) {
			n = (size_t)(dot - base);
			continue;
		}
		if (ext_is(e, el, "csv")) return NS_FMT_CSV;
		if (ext_is(e, el, "tsv")) return NS_FMT_TSV;
		if (ext_is(e, el, "txt") || ext_is(e, el, "text")) return NS_FMT_TEXT;
		if (ext_is(e, el, "warc")) return NS_FMT_WARC;
		if (ext_is(e, el, "html") || ext_is(e, el, "htm") || ext_is(e, el, "xhtml")) return NS_FMT_HTML;
		return NS_FMT_JSONL;
	}
	return NS_FMT_JSONL;
}

int ns_csv_open_after(const char *s, size_t n, int open)
{
	/* a doubled quote inside a quoted field toggles twice: only the
	 * parity of the quotes matters */
	for (const char *q = s, *e = s + n; (q = memchr(q, '"', (size_t)(e - q))) != NULL; q++) open = !open;
	return open;
}

/* The values of one record: value k is vals.p[off[k], off[k] + len[k]). */
typedef struct {
	ns_buf vals;
	size_t *off, *len;
	size_t n, cap;
} cells;

static void cells_free(cells *c)
{
	ns_buf_free(&c->vals);
	free(c->off);
	free(c->len);
}

/* End the value that started at vals.len - its length. */
static ns_status cell_end(cells *c, size_t start)
{
	if (c->n == c->cap) {
		size_t nc = c->cap ? 2 * c->cap : 16;
		size_t *o = realloc(c->off, nc * sizeof(size_t));
		if (!o) return NS_ERR_NOMEM;
		c->off = o;
		size_t *l = realloc(c->len, nc * sizeof(size_t));
		if (!l) return NS_ERR_NOMEM;
		c->len = l;
		c->cap = nc;
	}
	c->off[c->n] = start;
	c->len[c->n] = c->vals.len - start;
	c->n++;
	return ns_buf_put(&c->vals, "", 1);
}

/* Cut a CSV record into values.  NS_ERR_FORMAT (err set) for an
 * unterminated quoted field. */
static ns_status split_csv(const char *s, size_t n, cells *c, char *err, size_t errlen)
{
	c->n = 0;
	c->vals.len = 0;
	if (ns_buf_reserve(&c->vals, n + 1)) return NS_ERR_NOMEM;
	size_t i = 0;
	for (;;) {
		size_t start = c->vals.len;
		char *o = c->vals.p;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					/* the values so far stay (the id among them) */
					ns_errf(err, errlen, "unterminated quoted field (value %zu)", c->n + 1);
					return cell_end(c, start) ? NS_ERR_NOMEM : NS_ERR_FORMAT;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') { o[c->vals.len++] = '"'; i += 2; continue; }
					i++;
					break;
				}
				o[c->vals.len++] = s[i++];
			}
		}
		while (i < n && s[i] != ',') o[c->vals.len++] = s[i++];
		if (cell_end(c, start)) return NS_ERR_NOMEM;
		if (i >= n) return NS_OK;
		i++; /* the comma */
		if (ns_buf_reserve(&c->vals, n - i + 1)) return NS_ERR_NOMEM;
	}
}

/* Cut a TSV record into values, unescaping \t \n \r \\. */
static ns_status split_tsv(const char *s, size_t n, cells *c)
{
	c->n = 0;
	c->vals.len = 0;
	if (ns_buf_reserve(&c->vals, 2 * n + 2)) return NS_ERR_NOMEM;
	size_t i = 0;
	for (;;) {
		size_t start = c->vals.len;
		char *o = c->vals.p;
		while (i < n && s[i] != '\t') {
			if (s[i] == '\\' && i + 1 < n) {
				char e = s[i + 1];
				char r = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
				if (r) { o[c->vals.len++] = r; i += 2; continue; }
			}
			o[c->vals.len++] = s[i++];
		}
		if (cell_end(c, start)) return NS_ERR_NOMEM;
		if (i >= n) return NS_OK;
		i++;
	}
}

struct ns_table {
	int fmt;
	size_t ncols;
	int *field;        /* per column: NS_F_* it gives, or -1 (passed through) */
	char **key;        /* per passed-through column: its name as a JSON string and ": " (NULL: not passed) */
};

void ns_table_destroy(ns_table *t)
{
	if (!t) return;
	for (size_t k = 0; k < t->ncols; k++) free(t->key ? t->key[k] : NULL);
	free(t->key);
	free(t->field);
	free(t);
}

/* s[0..n) without spaces around it. */
static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\r')) { (*s)++; (*n)--; }
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r')) (*n)--;
}

ns_status ns_table_create(ns_table **tp, int fmt, const char *h, size_t n, const ns_options *o, unsigned *missing,
                          char *err, size_t errlen)
{
	*tp = NULL;
	cells c = {0};
	ns_status st = fmt == NS_FMT_CSV ? split_csv(h, n, &c, err, errlen) : split_tsv(h, n, &c);
	if (st) { cells_free(&c); return st; }
	ns_table *t = calloc(1, sizeof(*t));
	if (!t || !(t->field = malloc(c.n * sizeof(int))) || !(t->key = calloc(c.n, sizeof(char *)))) {
		ns_table_destroy(t);
		cells_free(&c);
		return NS_ERR_NOMEM;
	}
	t->fmt = fmt;
	t->ncols = c.n;
	const char *names[NS_NFIELDS] = {o->field_id, o->field_title, o->field_date, o->field_source, o->field_url,
	                                 o->field_text};
	int have[NS_NFIELDS] = {0};
	/* exact names first, then the same ignoring case, each column and
	 * field once */
	for (size_t k = 0; k < c.n; k++) t->field[k] = -1;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < c.n; k++) {
			if (t->field[k] >= 0) continue;
			const char *s = c.vals.p + c.off[k];
			size_t l = c.len[k];
			trim(&s, &l);
			for (int f = 0; f < NS_NFIELDS; f++) {
				if (have[f] || strlen(names[f]) != l) continue;
				if (pass == 0 ? memcmp(s, names[f], l) : strncasecmp(s, names[f], l)) continue;
				t->field[k] = f;
				have[f] = 1;
				break;
			}
		}
	*missing = 0;
	for (int f = 0; f < NS_NFIELDS; f++)
		if (!have[f]) *missing |= 1u << f;
	for (size_t k = 0; k < c.n && !st; k++) {
		if (t->field[k] >= 0) continue;
		const char *s = c.vals.p + c.off[k];
		size_t l = c.len[k];
		trim(&s, &l);
		char *name = malloc(3 * l + 1);
		if (!name) { st = NS_ERR_NOMEM; break; }
		int bad = 0;
		size_t nl = ns_copy_utf8(name, s, l, &bad);
		name[nl] = 0;
		if (!nl || ns_is_output_name(name)) { free(name); continue; }
		ns_buf b = {0};
		if (ns_json_str(&b, name, nl) || ns_buf_put(&b, ": ", 2)) st = NS_ERR_NOMEM;
		free(name);
		t->key[k] = b.p;
	}
	cells_free(&c);
	if (st) { ns_table_destroy(t); return st; }
	*tp = t;
	return NS_OK;
}

static const char *const repair_note = "invalid UTF-8 or NUL characters repaired";

/* Copy the fields val/vlen (NS_NSTORED of them) into rec's one
 * allocation, repaired; *bad counts repairs. */
static ns_status fill_record(ns_record *rec, const char *const *val, const size_t *vlen, int *bad)
{
	size_t total = NS_NSTORED;
	for (int f = 0; f < NS_NSTORED; f++) total += 3 * vlen[f];
	rec->buf = malloc(total);
	if (!rec->buf) return NS_ERR_NOMEM;
	size_t o = 0;
	for (int f = 0; f < NS_NSTORED; f++) {
		size_t k = ns_copy_utf8(rec->buf + o, val[f], vlen[f], bad);
		rec->buf[o + k] = 0;
		rec->f[f] = rec->buf + o;
		rec->len[f] = (uint32_t)k;
		o += k + 1;
	}
	return NS_OK;
}

ns_status ns_table_parse(const ns_table *t, const char *s, size_t n, ns_record *rec, const char **note, char *err,
                         size_t errlen)
{
	memset(rec, 0, sizeof(*rec));
	*note = NULL;
	if (n > NS_FMT_MAX_RECORD) { ns_errf(err, errlen, "record longer than 1 GiB"); return NS_ERR_FORMAT; }
	cells c = {0};
	ns_status st = t->fmt == NS_FMT_CSV ? split_csv(s, n, &c, err, errlen) : split_tsv(s, n, &c);
	/* too many values: rejected, with the fields of the columns there are
	 * (the id among them) */
	int too_many = !st && c.n > t->ncols;
	if (too_many) ns_errf(err, errlen, "%zu values, the header has %zu columns", c.n, t->ncols);
	if (st == NS_ERR_NOMEM) c.n = 0;
	ns_status fst = st; /* the values read are kept either way */
	st = NS_OK;
	const char *val[NS_NSTORED];
	size_t vlen[NS_NSTORED];
	for (int f = 0; f < NS_NSTORED; f++) { val[f] = ""; vlen[f] = 0; }
	ns_buf extra = {0};
	int bad = 0;
	for (size_t k = 0; k < c.n && k < t->ncols && !st; k++) {
		const char *v = c.vals.p + c.off[k];
		if (t->field[k] >= 0) {
			val[t->field[k]] = v;
			vlen[t->field[k]] = c.len[k];
			continue;
		}
		if (!t->key[k]) continue;
		/* a passed-through value: a JSON string of its repaired bytes */
		char *r = malloc(3 * c.len[k] + 1);
		if (!r) { st = NS_ERR_NOMEM; break; }
		size_t rl = ns_copy_utf8(r, v, c.len[k], &bad);
		if ((extra.len && ns_buf_put(&extra, ", ", 2)) || ns_buf_put(&extra, t->key[k], strlen(t->key[k])) ||
		    ns_json_str(&extra, r, rl))
			st = NS_ERR_NOMEM;
		free(r);
	}
	val[NS_F_EXTRA] = extra.p ? extra.p : "";
	vlen[NS_F_EXTRA] = extra.len;
	/* the fields read so far are kept, for the id of a rejected record */
	if (st != NS_ERR_NOMEM && fill_record(rec, val, vlen, &bad)) st = NS_ERR_NOMEM;
	ns_buf_free(&extra);
	cells_free(&c);
	if (!st && (too_many || fst)) st = fst ? fst : NS_ERR_FORMAT;
	if (!st && bad) *note = repair_note;
	return st;
}

/* A metadata line: "key: value" with one of the four keys (any case), or
 * on the first line "date VALUE" with a date.  *f and the value's span. */
static int meta_line(const char *s, size_t n, int first, int *f, const char **v, size_t *vn)
{
	static const struct { const char *key; int f; } keys[] = {
		{"title", NS_F_TITLE}, {"date", NS_F_DATE}, {"source", NS_F_SOURCE}, {"url", NS_F_URL}};
	const char *p = s, *e = s + n;
	while (p < e && (*p == ' ' || *p == '\t')) p++;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t kl = strlen(keys[k].key);
		if ((size_t)(e - p) < kl || strncasecmp(p, keys[k].key, kl)) continue;
		const char *q = p + kl;
		int colon = 0;
		while (q < e && (*q == ' ' || *q == '\t')) q++;
		if (q < e && *q == ':') { colon = 1; q++; }
		if (!colon && !(first && keys[k].f == NS_F_DATE && q > p + kl)) continue;
		while (q < e && (*q == ' ' || *q == '\t')) q++;
		const char *ve = e;
		while (ve > q && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r')) ve--;
		if (!colon && ns_date_parse(q, (size_t)(ve - q)) == INT64_MIN) continue;
		*f = keys[k].f;
		*v = q;
		*vn = (size_t)(ve - q);
		return 1;
	}
	return 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
	return 1;
}

ns_status ns_text_parse(const char *id, size_t idn, const char *s, size_t n, ns_record *rec, const char **note,
                        char *err, size_t errlen)
{
	memset(rec, 0, sizeof(*rec));
	*note = NULL;
	if (n > NS_FMT_MAX_RECORD) { ns_errf(err, errlen, "file longer than 1 GiB"); return NS_ERR_FORMAT; }
	const char *val[NS_NSTORED];
	size_t vlen[NS_NSTORED];
	for (int f = 0; f < NS_NSTORED; f++) { val[f] = ""; vlen[f] = 0; }
	val[NS_F_ID] = id;
	vlen[NS_F_ID] = idn;
	size_t i = 0;
	int first = 1, inblock = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (blank_line(s + i, e - i)) {
			i = e + (nl != NULL);
			if (inblock) break; /* a blank line ends the block */
			continue;
		}
		int f;
		const char *v;
		size_t vn;
		if (!meta_line(s + i, e - i, first, &f, &v, &vn)) break;
		if (!vlen[f]) { val[f] = v; vlen[f] = vn; }
		inblock = 1;
		first = 0;
		i = e + (nl != NULL);
	}
	while (i < n) {
		/* blank lines between the block and the text */
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (!blank_line(s + i, e - i)) break;
		i = e + (nl != NULL);
	}
	val[NS_F_TEXT] = s + i;
	vlen[NS_F_TEXT] = n - i;
	int bad = 0;
	if (fill_record(rec, val, vlen, &bad)) return NS_ERR_NOMEM;
	if (bad) *note = repair_note;
	return NS_OK;
}

ns_status ns_page_parse(const char *id, size_t idn, const char *s, size_t n, ns_record *rec, const char **note,
                        char *err, size_t errlen)
{
	memset(rec, 0, sizeof(*rec));
	*note = NULL;
	if (n > NS_FMT_MAX_RECORD) { ns_errf(err, errlen, "file longer than 1 GiB"); return NS_ERR_FORMAT; }
	ns_buf u = {0};
	ns_charset_info ci;
	if (ns_charset_to_utf8(s, n, NULL, &u, &ci)) { ns_buf_free(&u); return NS_ERR_NOMEM; }
	const char *val[NS_NSTORED];
	size_t vlen[NS_NSTORED];
	for (int f = 0; f < NS_NSTORED; f++) { val[f] = ""; vlen[f] = 0; }
	val[NS_F_ID] = id;
	vlen[NS_F_ID] = idn;
	val[NS_F_TEXT] = u.p ? u.p : "";
	vlen[NS_F_TEXT] = u.len;
	int bad = 0;
	ns_status st = fill_record(rec, val, vlen, &bad) ? NS_ERR_NOMEM : NS_OK;
	ns_buf_free(&u);
	if (st) return st;
	rec->page = 1;
	if (bad || ci.replaced) *note = "invalid bytes of the page replaced";
	else if (ci.ignored[0]) *note = "the page's declared charset does not fit its bytes: decoded as detected";
	return NS_OK;
}

/* ---- directories ---- */

typedef struct {
	char **v;
	size_t n, cap;
} strv;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the files under root/rel (rel "" for root itself). */
static ns_status walk(const char *root, const char *rel, strv *out, char *err, size_t errlen)
{
	size_t rl = strlen(root), ll = strlen(rel);
	char *path = malloc(rl + ll + 2);
	if (!path) return NS_ERR_NOMEM;
	memcpy(path, root, rl);
	if (ll) { path[rl] = '/'; memcpy(path + rl + 1, rel, ll + 1); }
	else path[rl] = 0;
	DIR *d = opendir(path);
	if (!d) {
		ns_errf(err, errlen, "%s: cannot read directory: %s", path, strerror(errno));
		free(path);
		return NS_ERR_OPEN;
	}
	ns_status st = NS_OK;
	struct dirent *de;
	while (!st && (errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') continue; /* ".", "..", and hidden files */
		size_t nl = strlen(de->d_name);
		char *sub = malloc(ll + nl + 2), *full = malloc(strlen(path) + nl + 2);
		if (!sub || !full) { free(sub); free(full); st = NS_ERR_NOMEM; break; }
		if (ll) snprintf(sub, ll + nl + 2, "%s/%s", rel, de->d_name);
		else memcpy(sub, de->d_name, nl + 1);
		snprintf(full, strlen(path) + nl + 2, "%s/%s", path, de->d_name);
		struct stat sb, lb;
		int isdir = 0, isreg = 0;
		if (lstat(full, &lb) == 0) {
			if (S_ISDIR(lb.st_mode)) isdir = 1;
			else if (S_ISREG(lb.st_mode)) isreg = 1;
			else if (S_ISLNK(lb.st_mode) && stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) isreg = 1;
		}
		free(full);
		if (isdir) {
			st = walk(root, sub, out, err, errlen);
			free(sub);
		} else if (isreg) {
			if (ns_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(char *))) { free(sub); st = NS_ERR_NOMEM; }
			else out->v[out->n++] = sub;
		} else {
			free(sub);
		}
	}
	if (!st && errno) {
		ns_errf(err, errlen, "%s: cannot read directory: %s", path, strerror(errno));
		st = NS_ERR_OPEN;
	}
	closedir(d);
	free(path);
	return st;
}

ns_status ns_dir_list(const char *dir, char ***rel, size_t *n, char *err, size_t errlen)
{
	strv out = {0};
	/* the directory without trailing slashes, so that paths read dir/rel */
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/') dl--;
	char *root = malloc(dl + 1);
	if (!root) return NS_ERR_NOMEM;
	memcpy(root, dir, dl);
	root[dl] = 0;
	ns_status st = walk(root, "", &out, err, errlen);
	free(root);
	if (st) {
		for (size_t i = 0; i < out.n; i++) free(out.v[i]);
		free(out.v);
		*rel = NULL;
		*n = 0;
		return st;
	}
	if (out.n) qsort(out.v, out.n, sizeof(char *), cmp_str);
	*rel = out.v;
	*n = out.n;
	return NS_OK;
}
