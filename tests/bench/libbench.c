/*
 * libbench.c - newsift library micro-benchmark (JSON parsing + utf8proc folding).
 *
 * Build:
 *   cc -O2 -o libbench libbench.c \
 *      $(pkg-config --cflags --libs jansson libcjson json-c libutf8proc)
 * Run:
 *   ./libbench /path/to/articles.jsonl [min_MB]        (min_MB default 200)
 *   ./libbench --check-split                           (exhaustive boundary check)
 *
 * What it does (single-threaded):
 *  1. Reads the JSONL file into memory and physically repeats its lines until the
 *     JSON line bytes total >= min_MB * 1e6 (so the working set is not cache
 *     resident).  MB = 1e6 bytes everywhere.
 *  2. JSON: parses every line with jansson (json_loadb), cJSON
 *     (cJSON_ParseWithLength) and json-c (one reused json_tokener,
 *     json_tokener_parse_ex) and looks up the 6 string fields id, title, date,
 *     source, url, text (pointer + length only; lengths are summed into a
 *     checksum).  MB/s = JSON line bytes (without '\n') / seconds.
 *     An untimed pass over the distinct lines also compares the field *bytes*
 *     (FNV-1a hash per line) between the three libraries.
 *  3. Unicode: over the unescaped text fields of all (repeated) lines:
 *     (a) utf8proc_map(STABLE|COMPAT|COMPOSE|CASEFOLD) on the whole text;
 *     (b) ASCII fast path: the text is cut into "words" at ASCII barrier bytes
 *         (see is_barrier()); words of pure ASCII are lower-cased with a byte
 *         loop, words containing a byte >= 0x80 go through utf8proc_map with
 *         the same flags; barrier bytes are copied unchanged.
 *     MB/s = input text bytes / seconds.  An untimed pass compares (a) and (b)
 *     output bytes for every distinct text, and also reports how a naive split
 *     (maximal ASCII byte runs vs maximal non-ASCII runs) would fare, on the
 *     data and on a small set of hand-written edge cases.
 *  Each measurement is run 3 times (round-robin over the measurements); the
 *  best time is reported.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <cJSON.h>
#include <utf8proc.h>

/*
 * json-c's <json.h> cannot be included next to <jansson.h> in one translation
 * unit: both libraries use the names json_object, json_object_get, json_type
 * and json_object_iter* for different things.  So the few json-c (0.1x)
 * functions used here are declared by hand from json-c's public API
 * (struct tags do not clash; enum parameters/returns are passed as int, which
 * is how they are passed on every ABI we care about).  The two enum values
 * needed are looked up at run time (see jsonc_init_enums()), not hard-coded.
 */
struct json_object;
struct json_tokener;
extern const char *json_c_version(void);
extern struct json_tokener *json_tokener_new(void);
extern void json_tokener_free(struct json_tokener *tok);
extern void json_tokener_reset(struct json_tokener *tok);
extern struct json_object *json_tokener_parse_ex(struct json_tokener *tok, const char *str, int len);
extern int json_tokener_get_error(struct json_tokener *tok);           /* enum json_tokener_error */
extern const char *json_tokener_error_desc(int jerr);                  /* enum json_tokener_error */
extern int json_object_object_get_ex(const struct json_object *obj, const char *key,
                                     struct json_object **value);      /* json_bool */
extern int json_object_is_type(const struct json_object *obj, int type); /* enum json_type */
extern const char *json_type_to_name(int o_type);                      /* enum json_type */
extern const char *json_object_get_string(struct json_object *obj);
extern int json_object_get_string_len(const struct json_object *obj);
extern int json_object_put(struct json_object *obj);

static int g_jc_type_string = -1; /* value of json-c's json_type_string */
static int g_jc_success = -1;     /* value of json-c's json_tokener_success */

static void jsonc_init_enums(void)
{
    /* json-c's json_type enum: null, boolean, double, int, object, array, string */
    for (int t = 0; t < 7 && g_jc_type_string < 0; t++) {
        const char *name = json_type_to_name(t);
        if (name && strcmp(name, "string") == 0)
            g_jc_type_string = t;
    }
    const char *d = json_tokener_error_desc(0);
    if (d && strcmp(d, "success") == 0)
        g_jc_success = 0;
    if (g_jc_type_string < 0 || g_jc_success < 0) {
        fprintf(stderr, "json-c: could not identify json_type_string/json_tokener_success\n");
        exit(2);
    }
}

#define NFIELDS 6
#define NREPS 3

static const char *const FIELDS[NFIELDS] = {"id", "title", "date", "source", "url", "text"};
static const utf8proc_option_t FOLD_FLAGS =
    (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);

typedef struct {
    const char *p;
    size_t n;
} span;

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(2);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(2);
    }
    return q;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *s = data;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}
#define FNV_INIT 14695981039346656037ULL

/* ------------------------------------------------------------------ JSON */

typedef struct {
    uint64_t sum;     /* sum of field lengths (the timed checksum) */
    size_t failed;    /* lines that did not parse */
    size_t missing;   /* fields absent or not a string */
} json_result;

/* If hashes != NULL, also hash field bytes per line (used only untimed). */
static json_result run_jansson(const span *lines, size_t n, uint64_t *hashes)
{
    json_result r = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        json_error_t err;
        json_t *root = json_loadb(lines[i].p, lines[i].n, 0, &err);
        if (!root) {
            r.failed++;
            continue;
        }
        uint64_t h = FNV_INIT;
        for (int f = 0; f < NFIELDS; f++) {
            json_t *v = json_object_get(root, FIELDS[f]);
            if (!json_is_string(v)) {
                r.missing++;
                continue;
            }
            const char *s = json_string_value(v);
            size_t len = json_string_length(v);
            r.sum += len;
            if (hashes) {
                h = fnv1a(h, s, len);
                h = fnv1a(h, "\x01", 1);
            }
        }
        if (hashes)
            hashes[i] = h;
        json_decref(root);
    }
    return r;
}

static json_result run_cjson(const span *lines, size_t n, uint64_t *hashes)
{
    json_result r = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        cJSON *root = cJSON_ParseWithLength(lines[i].p, lines[i].n);
        if (!root) {
            r.failed++;
            continue;
        }
        uint64_t h = FNV_INIT;
        for (int f = 0; f < NFIELDS; f++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, FIELDS[f]);
            if (!cJSON_IsString(v) || !v->valuestring) {
                r.missing++;
                continue;
            }
            const char *s = v->valuestring;
            size_t len = strlen(s); /* cJSON does not store string lengths */
            r.sum += len;
            if (hashes) {
                h = fnv1a(h, s, len);
                h = fnv1a(h, "\x01", 1);
            }
        }
        if (hashes)
            hashes[i] = h;
        cJSON_Delete(root);
    }
    return r;
}

static struct json_tokener *g_tok; /* the one reused json-c tokener */

static json_result run_jsonc(const span *lines, size_t n, uint64_t *hashes)
{
    json_result r = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        json_tokener_reset(g_tok);
        struct json_object *root = json_tokener_parse_ex(g_tok, lines[i].p, (int)lines[i].n);
        if (!root || json_tokener_get_error(g_tok) != g_jc_success) {
            if (root)
                json_object_put(root);
            r.failed++;
            continue;
        }
        uint64_t h = FNV_INIT;
        for (int f = 0; f < NFIELDS; f++) {
            struct json_object *v = NULL;
            if (!json_object_object_get_ex(root, FIELDS[f], &v) ||
                !json_object_is_type(v, g_jc_type_string)) {
                r.missing++;
                continue;
            }
            const char *s = json_object_get_string(v);
            size_t len = (size_t)json_object_get_string_len(v);
            r.sum += len;
            if (hashes) {
                h = fnv1a(h, s, len);
                h = fnv1a(h, "\x01", 1);
            }
        }
        if (hashes)
            hashes[i] = h;
        json_object_put(root);
    }
    return r;
}

/* --------------------------------------------------------------- Unicode */

typedef struct {
    unsigned char *p;
    size_t len, cap;
} obuf;

static void ob_reserve(obuf *b, size_t extra)
{
    if (b->len + extra > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->len + extra)
            c *= 2;
        b->p = xrealloc(b->p, c);
        b->cap = c;
    }
}

static void ob_put(obuf *b, const void *s, size_t n)
{
    ob_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* Append utf8proc_map(s) to b; returns 0 or a utf8proc error code. */
static utf8proc_ssize_t ob_put_mapped(obuf *b, const unsigned char *s, size_t n)
{
    utf8proc_uint8_t *o = NULL;
    utf8proc_ssize_t r = utf8proc_map(s, (utf8proc_ssize_t)n, &o, FOLD_FLAGS);
    if (r < 0)
        return r;
    ob_put(b, o, (size_t)r);
    free(o);
    return 0;
}

/*
 * An ASCII byte is a safe word boundary ("barrier") if, under
 * NFKC + casefold, nothing can compose with it or reorder across it:
 *  - every ASCII character has canonical combining class 0 (a starter), so
 *    canonical reordering never crosses it;
 *  - no ASCII character is the *second* element of a canonical composition;
 *  - ASCII letters and '<' '=' '>' ARE the *first* element of canonical
 *    compositions (e.g. "e"+U+0301 -> U+00E9, "="+U+0338 -> U+2260), so a
 *    following combining mark in the next word would compose with them.
 *    They are therefore NOT barriers: they stay inside the word.
 * Everything else (space, tab, CR, LF, digits, punctuation, controls) is a
 * barrier, maps to itself with these flags, and is copied unchanged.
 * `./libbench --check-split` verifies this exhaustively for all assigned code
 * points.
 */
static unsigned char g_barrier[256];

static void init_barrier(void)
{
    for (int c = 0; c < 128; c++) {
        int letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        g_barrier[c] = !(letter || c == '<' || c == '=' || c == '>');
    }
    /* bytes >= 0x80 are never barriers */
}

static inline int is_barrier(unsigned char c) { return g_barrier[c]; }

/* (a) whole text through one utf8proc_map call (copied into `out`; used by the
 * untimed checks - the timed loop is run_full_map()) */
static int fold_full(const unsigned char *s, size_t n, obuf *out)
{
    out->len = 0;
    return (int)ob_put_mapped(out, s, n);
}

/* (b) ASCII fast path */
static int fold_fast(const unsigned char *s, size_t n, obuf *out)
{
    out->len = 0;
    ob_reserve(out, n); /* ASCII output is the same length; words may grow */
    size_t i = 0;
    while (i < n) {
        /* barrier run: copied unchanged */
        size_t j = i;
        while (j < n && is_barrier(s[j]))
            j++;
        if (j > i) {
            ob_put(out, s + i, j - i);
            i = j;
            if (i >= n)
                break;
        }
        /* word: up to the next barrier byte */
        unsigned hi = 0;
        while (j < n && !is_barrier(s[j]))
            hi |= s[j++];
        if (hi & 0x80) {
            utf8proc_ssize_t r = ob_put_mapped(out, s + i, j - i);
            if (r < 0)
                return (int)r;
        } else {
            ob_reserve(out, j - i);
            unsigned char *d = out->p + out->len;
            for (size_t k = i; k < j; k++) {
                unsigned char c = s[k];
                d[k - i] = (unsigned char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
            }
            out->len += j - i;
        }
        i = j;
    }
    return 0;
}

/* naive split, for comparison only (NOT correct in general): maximal runs of
 * ASCII bytes are lower-cased, maximal runs of non-ASCII bytes are mapped. */
static int fold_naive(const unsigned char *s, size_t n, obuf *out)
{
    out->len = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        if (s[i] < 0x80) {
            while (j < n && s[j] < 0x80)
                j++;
            ob_reserve(out, j - i);
            for (size_t k = i; k < j; k++) {
                unsigned char c = s[k];
                out->p[out->len++] = (unsigned char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
            }
        } else {
            while (j < n && s[j] >= 0x80)
                j++;
            utf8proc_ssize_t r = ob_put_mapped(out, s + i, j - i);
            if (r < 0)
                return (int)r;
        }
        i = j;
    }
    return 0;
}

typedef int (*fold_fn)(const unsigned char *, size_t, obuf *);

typedef struct {
    uint64_t out_bytes;
    size_t errors;
} uni_result;

static uni_result run_fold(fold_fn fn, const span *texts, size_t n, obuf *out)
{
    uni_result r = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (fn((const unsigned char *)texts[i].p, texts[i].n, out) != 0)
            r.errors++;
        else
            r.out_bytes += out->len;
    }
    return r;
}

/* (a) as timed: exactly one utf8proc_map call per text, result freed. */
static uni_result run_full_map(const span *texts, size_t n)
{
    uni_result r = {0, 0};
    for (size_t i = 0; i < n; i++) {
        utf8proc_uint8_t *o = NULL;
        utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)texts[i].p,
                                            (utf8proc_ssize_t)texts[i].n, &o, FOLD_FLAGS);
        if (len < 0) {
            r.errors++;
            continue;
        }
        r.out_bytes += (uint64_t)len;
        free(o);
    }
    return r;
}

/* -------------------------------------------------------- split self-tests */

static int same_output(fold_fn fn, const unsigned char *s, size_t n, obuf *a, obuf *b)
{
    int ra = fold_full(s, n, a);
    int rb = fn(s, n, b);
    if (ra != 0 || rb != 0)
        return ra == rb;
    return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

static const char *const EDGE_CASES[] = {
    "cafe\xcc\x81 au lait",              /* e + U+0301 COMBINING ACUTE -> e-acute */
    "a =\xcc\xb8 b, x <\xcc\xb8 y",     /* = + U+0338 -> U+2260, < + U+0338 -> U+226E */
    "Ange\xcc\x8astro\xcc\x88m",        /* A+ring, o+diaeresis */
    "q\xcc\x87\xcc\xa3 reorder",        /* q + dot above + dot below (reordering) */
    "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 hangul", /* conjoining jamo L V T */
    "Stra\xc3\x9f" "e \xef\xac\x81nal",  /* sharp s, fi ligature */
    "\xc4\xb0stanbul \xe2\x84\xaa" "elvin", /* I with dot above, KELVIN SIGN */
    "a\xc2\xa0" "b \xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\xa6", /* NBSP, curly quotes, ellipsis */
    "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 fullwidth", /* fullwidth ABC */
    "word \xcc\x81 lone mark after space",
    "1\xcc\x81 digit + mark, .\xcc\x81 dot + mark",
    "\xc7\x84 DZ caron, \xe2\x91\xb4 parenthesized one",
};

/* Exhaustive check that every barrier byte really is a barrier, and report
 * which non-barrier ASCII bytes actually interact with a neighbour. */
static int check_split_exhaustive(void)
{
    obuf a = {0}, b = {0};
    size_t bad_barrier = 0, cps = 0;
    int interacts[128] = {0};
    for (utf8proc_int32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CN)
            continue;
        cps++;
        unsigned char x[4];
        utf8proc_ssize_t xn = utf8proc_encode_char(cp, x);
        /* map(x) once */
        obuf mx = {0};
        ob_put_mapped(&mx, x, (size_t)xn);
        for (int c = 0; c < 128; c++) {
            unsigned char cc = (unsigned char)c;
            unsigned char lc = (unsigned char)((unsigned)(cc - 'A') < 26u ? cc + 32 : cc);
            for (int order = 0; order < 2; order++) {
                unsigned char s[5];
                if (order == 0) { s[0] = cc; memcpy(s + 1, x, (size_t)xn); }
                else { memcpy(s, x, (size_t)xn); s[xn] = cc; }
                fold_full(s, (size_t)xn + 1, &a);
                b.len = 0;
                if (order == 0) { ob_put(&b, &lc, 1); ob_put(&b, mx.p, mx.len); }
                else { ob_put(&b, mx.p, mx.len); ob_put(&b, &lc, 1); }
                if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
                    interacts[c]++;
                    if (is_barrier(cc)) {
                        bad_barrier++;
                        if (bad_barrier <= 10)
                            printf("  barrier 0x%02x interacts with U+%04X (order %d)\n",
                                   c, (unsigned)cp, order);
                    }
                }
            }
        }
        free(mx.p);
    }
    printf("checked %zu assigned non-ASCII code points x 128 ASCII bytes x 2 orders\n", cps);
    printf("ASCII bytes that interact with some neighbour (pairs):");
    for (int c = 0; c < 128; c++)
        if (interacts[c])
            printf(" '%c'(%d)", c >= 32 && c < 127 ? c : '?', interacts[c]);
    printf("\nbarrier bytes that interact: %zu -> %s\n", bad_barrier,
           bad_barrier ? "SPLIT RULE WRONG" : "split rule OK");
    free(a.p);
    free(b.p);
    return bad_barrier ? 1 : 0;
}

/* ------------------------------------------------------------------ main */

static void fmt_row(const char *name, double mb, const double *t, const char *check)
{
    double best = t[0];
    for (int k = 1; k < NREPS; k++)
        if (t[k] < best)
            best = t[k];
    printf("| %-34s | %8.1f | %7.3f | %8.1f | %6.1f / %6.1f / %6.1f | %s |\n", name, mb, best,
           mb / best, mb / t[0], mb / t[1], mb / t[2], check);
}

int main(int argc, char **argv)
{
    init_barrier();
    if (argc >= 2 && strcmp(argv[1], "--check-split") == 0)
        return check_split_exhaustive();
    if (argc < 2) {
        fprintf(stderr, "usage: %s articles.jsonl [min_MB=200] | --check-split\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    double min_mb = argc >= 3 ? atof(argv[2]) : 200.0;

    /* ---- load */
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 2;
    }
    fseek(fp, 0, SEEK_END);
    long fsz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    if (fsz <= 0) {
        fprintf(stderr, "%s: empty or unreadable\n", path);
        return 2;
    }
    char *file = xmalloc((size_t)fsz);
    if (fread(file, 1, (size_t)fsz, fp) != (size_t)fsz) {
        fprintf(stderr, "%s: short read\n", path);
        return 2;
    }
    fclose(fp);

    /* count non-empty lines and their bytes (without '\n' / '\r') */
    size_t nbase = 0, base_bytes = 0;
    for (size_t i = 0; i < (size_t)fsz;) {
        size_t j = i;
        while (j < (size_t)fsz && file[j] != '\n')
            j++;
        size_t e = j;
        if (e > i && file[e - 1] == '\r')
            e--;
        if (e > i) {
            nbase++;
            base_bytes += e - i;
        }
        i = j + 1;
    }
    size_t reps = (size_t)((min_mb * 1e6 + (double)base_bytes - 1) / (double)base_bytes);
    if (reps < 1)
        reps = 1;

    /* physically repeat: big buffer holding the file `reps` times */
    char *big = xmalloc((size_t)fsz * reps);
    for (size_t r = 0; r < reps; r++)
        memcpy(big + r * (size_t)fsz, file, (size_t)fsz);
    free(file);
    size_t nlines = nbase * reps;
    span *lines = xmalloc(nlines * sizeof *lines);
    size_t li = 0;
    for (size_t r = 0; r < reps; r++) {
        const char *f = big + r * (size_t)fsz;
        for (size_t i = 0; i < (size_t)fsz;) {
            size_t j = i;
            while (j < (size_t)fsz && f[j] != '\n')
                j++;
            size_t e = j;
            if (e > i && f[e - 1] == '\r')
                e--;
            if (e > i)
                lines[li++] = (span){f + i, e - i};
            i = j + 1;
        }
    }
    double json_mb = (double)base_bytes * (double)reps / 1e6;

    jsonc_init_enums();
    g_tok = json_tokener_new();

    printf("file: %s (%ld bytes, %zu lines)\n", path, fsz, nbase);
    printf("repeated x%zu in memory: %zu lines, %.1f MB of JSON\n", reps, nlines, json_mb);
    printf("jansson %s, cJSON %s, json-c %s, utf8proc %s (unicode %s)\n", JANSSON_VERSION,
           cJSON_Version(), json_c_version(), utf8proc_version(), utf8proc_unicode_version());

    /* ---- untimed: field bytes equal across the three libraries? */
    uint64_t *h1 = xmalloc(nbase * sizeof *h1), *h2 = xmalloc(nbase * sizeof *h2),
             *h3 = xmalloc(nbase * sizeof *h3);
    json_result v1 = run_jansson(lines, nbase, h1);
    json_result v2 = run_cjson(lines, nbase, h2);
    json_result v3 = run_jsonc(lines, nbase, h3);
    size_t diff12 = 0, diff13 = 0;
    for (size_t i = 0; i < nbase; i++) {
        diff12 += h1[i] != h2[i];
        diff13 += h1[i] != h3[i];
    }
    printf("field-bytes check on %zu distinct lines: failed parses jansson=%zu cJSON=%zu json-c=%zu; "
           "missing fields %zu/%zu/%zu; lines differing vs jansson: cJSON=%zu json-c=%zu\n",
           nbase, v1.failed, v2.failed, v3.failed, v1.missing, v2.missing, v3.missing, diff12,
           diff13);
    free(h1);
    free(h2);
    free(h3);

    /* ---- extract unescaped text fields (jansson), physically repeated like the lines */
    obuf tb = {0};
    size_t *toff = xmalloc(nbase * sizeof *toff), *tlen = xmalloc(nbase * sizeof *tlen);
    size_t ntexts = 0;
    for (size_t i = 0; i < nbase; i++) {
        json_error_t err;
        json_t *root = json_loadb(lines[i].p, lines[i].n, 0, &err);
        json_t *v = root ? json_object_get(root, "text") : NULL;
        if (json_is_string(v)) {
            toff[ntexts] = tb.len;
            tlen[ntexts] = json_string_length(v);
            ob_put(&tb, json_string_value(v), tlen[ntexts]);
            ntexts++;
        }
        if (root)
            json_decref(root);
    }
    size_t tbase_bytes = tb.len;
    char *tbig = xmalloc(tbase_bytes * reps);
    for (size_t r = 0; r < reps; r++)
        memcpy(tbig + r * tbase_bytes, tb.p, tbase_bytes);
    free(tb.p);
    size_t ntall = ntexts * reps;
    span *texts = xmalloc(ntall * sizeof *texts);
    for (size_t r = 0; r < reps; r++)
        for (size_t i = 0; i < ntexts; i++)
            texts[r * ntexts + i] = (span){tbig + r * tbase_bytes + toff[i], tlen[i]};
    free(toff);
    free(tlen);
    double text_mb = (double)tbase_bytes * (double)reps / 1e6;
    size_t ascii_only = 0;
    for (size_t i = 0; i < ntexts; i++) {
        unsigned hi = 0;
        for (size_t k = 0; k < texts[i].n; k++)
            hi |= (unsigned char)texts[i].p[k];
        ascii_only += !(hi & 0x80);
    }
    printf("texts: %zu distinct (%zu pure ASCII), %zu total, %.1f MB\n", ntexts, ascii_only, ntall,
           text_mb);

    /* ---- untimed: (a) vs (b) output bytes, per distinct text */
    obuf oa = {0}, ob = {0};
    size_t mism_fast = 0, mism_naive = 0, errs = 0;
    for (size_t i = 0; i < ntexts; i++) {
        const unsigned char *s = (const unsigned char *)texts[i].p;
        if (fold_full(s, texts[i].n, &oa) != 0)
            errs++;
        mism_fast += !same_output(fold_fast, s, texts[i].n, &oa, &ob);
        mism_naive += !same_output(fold_naive, s, texts[i].n, &oa, &ob);
    }
    size_t nedge = sizeof EDGE_CASES / sizeof EDGE_CASES[0];
    size_t edge_fast = 0, edge_naive = 0;
    for (size_t i = 0; i < nedge; i++) {
        const unsigned char *s = (const unsigned char *)EDGE_CASES[i];
        size_t n = strlen(EDGE_CASES[i]);
        edge_fast += !same_output(fold_fast, s, n, &oa, &ob);
        edge_naive += !same_output(fold_naive, s, n, &oa, &ob);
    }
    printf("unicode check: utf8proc errors %zu; texts where (b) != (a): %zu of %zu; "
           "naive byte-run split != (a): %zu of %zu\n",
           errs, mism_fast, ntexts, mism_naive, ntexts);
    printf("edge cases (%zu hand-written strings): (b) != (a): %zu; naive != (a): %zu\n", nedge,
           edge_fast, edge_naive);

    /* ---- timed runs, round-robin */
    enum { M_JANSSON, M_CJSON, M_JSONC, M_UNI_A, M_UNI_B, NM };
    double t[NM][NREPS];
    json_result jr[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    uni_result ur[2] = {{0, 0}, {0, 0}};
    for (int rep = 0; rep < NREPS; rep++) {
        double t0;
        t0 = now_sec(); jr[0] = run_jansson(lines, nlines, NULL); t[M_JANSSON][rep] = now_sec() - t0;
        t0 = now_sec(); jr[1] = run_cjson(lines, nlines, NULL);   t[M_CJSON][rep] = now_sec() - t0;
        t0 = now_sec(); jr[2] = run_jsonc(lines, nlines, NULL);   t[M_JSONC][rep] = now_sec() - t0;
        t0 = now_sec(); ur[0] = run_full_map(texts, ntall);       t[M_UNI_A][rep] = now_sec() - t0;
        t0 = now_sec(); ur[1] = run_fold(fold_fast, texts, ntall, &ob); t[M_UNI_B][rep] = now_sec() - t0;
        fprintf(stderr, "round %d/%d done\n", rep + 1, NREPS);
    }

    char chk[5][96];
    for (int k = 0; k < 3; k++)
        snprintf(chk[k], sizeof chk[k], "sum(len)=%llu fail=%zu %s", (unsigned long long)jr[k].sum,
                 jr[k].failed, jr[k].sum == jr[0].sum ? "same" : "DIFFERENT");
    for (int k = 0; k < 2; k++)
        snprintf(chk[3 + k], sizeof chk[3 + k], "out=%llu B err=%zu %s",
                 (unsigned long long)ur[k].out_bytes, ur[k].errors,
                 ur[k].out_bytes == ur[0].out_bytes ? "same" : "DIFFERENT");

    printf("\n| measurement                        | input MB | best s  | MB/s best| MB/s run1 / run2 / run3  | check |\n");
    printf("|------------------------------------|---------:|--------:|---------:|--------------------------|-------|\n");
    fmt_row("JSON jansson json_loadb", json_mb, t[M_JANSSON], chk[0]);
    fmt_row("JSON cJSON cJSON_ParseWithLength", json_mb, t[M_CJSON], chk[1]);
    fmt_row("JSON json-c tokener_parse_ex", json_mb, t[M_JSONC], chk[2]);
    fmt_row("(a) utf8proc_map whole text", text_mb, t[M_UNI_A], chk[3]);
    fmt_row("(b) ASCII fast path + utf8proc_map", text_mb, t[M_UNI_B], chk[4]);
    printf("\n(b) vs (a) identical output: %zu mismatching texts of %zu distinct (x%zu repeats)\n",
           mism_fast, ntexts, reps);

    free(ob.p);
    free(oa.p);
    free(texts);
    free(tbig);
    free(lines);
    free(big);
    json_tokener_free(g_tok);
    return 0;
}
