/* newsift — the nightly history on disk (see state.h).
 *
 * Segment layout (little-endian):
 *
 *   header   magic "NSSEG01\n", version u32, bands u32, records u64,
 *            kept u64, run u32, segment number u32, run time i64, then
 *            NS_SEC sections of (offset u64, length u64, XXH64 u64), then
 *            the XXH64 of everything before it: 8+8+16+8+8 + 24*NS_SEC + 8
 *   records  NS_REC bytes each, in input order (see rec_put)
 *   strings  ids and story labels
 *   exact    u32 record indices sorted by (exact hash, index)
 *   bands    per band, the kept records' (key u32, index u32) sorted
 *   texts    the kept records' compressed texts
 *   sigs     the kept records' story signatures, in record order (or none)
 *
 * A record (NS_REC bytes): exact hash 2 x u64, lead segment u32, lead
 * index u32, text offset u64, compressed length u32, length u32, XXH32 of
 * the compressed bytes u32, id offset u32, id length u32, story offset u32,
 * story length u32, days i32, kept u8, kind u8, two bytes 0, run u32.  A band
 * entry: the high 32 bits of the band key, then the record index (u32):
 * a pair the full keys would not make is verified like any other. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>
#include "internal.h"
#include "newsift/state.h"
#include "vfile.h"

#define SEG_MAGIC "NSSEG01\n"
#define MAN_MAGIC "NSSTATE\n"
enum { SEC_REC, SEC_STR, SEC_EXACT, SEC_BAND, SEC_TEXT, SEC_SIG, NS_SEC };
#define SIG_BYTES (NS_STATE_SIG * 5) /* a signature: its terms (u32), then their weights (u8) */
#define NS_REC 72
#define SEG_HEAD (8 + 8 + 16 + 8 + 8 + 24 * NS_SEC + 8)

typedef struct {
	uint32_t number, run, bands;
	int64_t run_time;
	uint64_t nrec, nkept, nband, size; /* nband: kept records with band keys */
	int drop;                          /* retired: left out of the next manifest */
	uint32_t *kord;                    /* with signatures: each record's kept ordinal */
	const unsigned char *map;
	uint64_t off[NS_SEC], len[NS_SEC], sum[NS_SEC];
} segment;

struct ns_state {
	char *dir;
	int lockfd;
	char params[512];   /* the options the decisions depend on, as text */
	uint32_t runs, next_seg;
	int64_t *run_time;  /* of each run, 1..runs at [0..runs) */
	segment *seg;
	uint32_t nseg;
	uint64_t records, kept;
};

/* The options a state's decisions depend on, as one line of text: a state
 * made with others would judge tonight's records by other rules. */
static void params_of(const ns_options *o, char *out, size_t len)
{
	snprintf(out, len,
	         "shingle=%u num-perm=%u minhash=%d bands=%u rows=%u seed=%llu threshold=%.15g containment=%.15g "
	         "containment-min-jaccard=%.15g containment-min-words=%u containment-numbers=%.15g "
	         "containment-numbers-min=%u align=%.15g boilerplate-max-words=%u fuzzy-tokens=%d builtin-boilerplate=%d "
	         "metadata-lines=%d non-articles=%d cluster=first",
	         o->shingle_k, o->num_perm, o->minhash, o->bands, o->rows, (unsigned long long)o->seed, o->threshold,
	         o->containment, o->containment_min_jaccard, o->containment_min_words, o->containment_numbers,
	         o->containment_numbers_min, o->align, o->boiler_max_words, o->fuzzy_tokens, o->builtin_boilerplate,
	         o->metadata_lines, o->non_articles);
}

/* The first option where two parameter lines differ, for the message. */
static void first_difference(const char *a, const char *b, char *out, size_t len)
{
	while (*a && *b) {
		size_t la = strcspn(a, " "), lb = strcspn(b, " ");
		if (la != lb || memcmp(a, b, la)) {
			snprintf(out, len, "the state has %.*s, this run %.*s", (int)la, a, (int)lb, b);
			return;
		}
		a += la + (a[la] == ' ');
		b += lb + (b[lb] == ' ');
	}
	snprintf(out, len, "the options differ");
}

static char *path_in(const ns_state *s, const char *name)
{
	size_t n = strlen(s->dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p) snprintf(p, n, "%s/%s", s->dir, name);
	return p;
}

static void seg_name(uint32_t number, char *out, size_t len)
{
	snprintf(out, len, "seg-%08u.nss", number);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* mkdir -p: dir and its missing parents (dir is modified, then restored) */
static int mkdir_p(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/') continue;
		*p = 0;
		int r = mkdir(dir, 0777);
		*p = '/';
		if (r != 0 && errno != EEXIST) return -1;
	}
	return mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* ---- opening ---- */

static ns_status seg_open(ns_state *s, segment *g, char *err, size_t errlen)
{
	char name[64];
	seg_name(g->number, name, sizeof(name));
	char *path = path_in(s, name);
	if (!path) return NS_ERR_NOMEM;
	ns_status st = NS_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0) {
		ns_errf(err, errlen, "%s: %s (the manifest names it)", path, strerror(errno));
		st = errno == ENOENT ? NS_ERR_FORMAT : NS_ERR_OPEN;
	} else if (fstat(fd, &sb) != 0) {
		ns_errf(err, errlen, "%s: %s", path, strerror(errno));
		st = NS_ERR_IO;
	} else if ((uint64_t)sb.st_size != g->size || g->size < SEG_HEAD) {
		ns_errf(err, errlen, "%s: %llu bytes where the manifest says %llu: cut short or damaged", path,
		        (unsigned long long)sb.st_size, (unsigned long long)g->size);
		st = NS_ERR_FORMAT;
	} else {
		void *m = mmap(NULL, g->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) { ns_errf(err, errlen, "%s: %s", path, strerror(errno)); st = NS_ERR_IO; }
		else g->map = m;
	}
	if (fd >= 0) close(fd);
	const unsigned char *h = g->map;
	const char *why = NULL;
	if (!st) {
		if (memcmp(h, SEG_MAGIC, 8)) why = "not a newsift state segment";
		else if (ns_le32(h + 8) > NS_STATE_VERSION) why = "written by a newer newsift (format version too new)";
		else if (XXH64(h, SEG_HEAD - 8, 0) != ns_le64(h + SEG_HEAD - 8)) why = "header checksum mismatch";
	}
	if (!st && !why) {
		g->bands = ns_le32(h + 12);
		g->nrec = ns_le64(h + 16);
		g->nkept = ns_le64(h + 24);
		if (ns_le32(h + 32) != g->run || ns_le32(h + 36) != g->number) why = "run or segment number differs from the manifest";
		g->run_time = (int64_t)ns_le64(h + 40);
		for (int k = 0; k < NS_SEC && !why; k++) {
			const unsigned char *t = h + 48 + 24 * k;
			g->off[k] = ns_le64(t);
			g->len[k] = ns_le64(t + 8);
			g->sum[k] = ns_le64(t + 16);
			if (g->off[k] > g->size || g->len[k] > g->size - g->off[k]) why = "a section lies outside the file";
		}
		uint64_t per = (uint64_t)g->bands * NS_STATE_BAND_ENTRY;
		g->nband = per ? g->len[SEC_BAND] / per : 0;
		if (!why && (g->len[SEC_REC] != g->nrec * NS_REC || g->nkept > g->nrec || g->nband > g->nkept ||
		             g->nband * per != g->len[SEC_BAND] || g->len[SEC_EXACT] > g->nrec * 4 || g->nrec > UINT32_MAX ||
		             (g->len[SEC_SIG] && g->len[SEC_SIG] != g->nkept * SIG_BYTES)))
			why = "section sizes do not match the record counts";
		/* every section but the texts is checked now; each text when read */
		for (int k = 0; k < NS_SEC && !why; k++)
			if (k != SEC_TEXT && XXH64(h + g->off[k], g->len[k], 0) != g->sum[k]) why = "checksum mismatch";
		for (uint64_t i = 0; i < g->nrec && !why; i++) {
			const unsigned char *r = h + g->off[SEC_REC] + i * NS_REC;
			uint64_t toff = ns_le64(r + 24), idoff = ns_le32(r + 44), stoff = ns_le32(r + 52);
			if (toff > g->len[SEC_TEXT] || ns_le32(r + 32) > g->len[SEC_TEXT] - toff ||
			    idoff > g->len[SEC_STR] || ns_le32(r + 48) > g->len[SEC_STR] - idoff || stoff > g->len[SEC_STR] ||
			    ns_le32(r + 56) > g->len[SEC_STR] - stoff || r[64] > 1 || ns_le32(r + 68) < 1 || ns_le32(r + 68) > s->runs)
				why = "a record points outside its segment";
		}
	}
	if (!st && !why && g->len[SEC_SIG]) {
		if (!(g->kord = malloc((g->nrec ? g->nrec : 1) * sizeof(uint32_t)))) st = NS_ERR_NOMEM;
		uint32_t k = 0;
		for (uint64_t i = 0; i < g->nrec && g->kord; i++) {
			g->kord[i] = k;
			k += g->map[g->off[SEC_REC] + i * NS_REC + 64];
		}
		if (g->kord && k != g->nkept) why = "the kept count does not match the records";
	}
	if (why) {
		ns_errf(err, errlen, "%s: %s", path, why);
		st = NS_ERR_FORMAT;
	}
	free(path);
	return st;
}

static ns_status read_manifest(ns_state *s, int *exists, char *err, size_t errlen)
{
	char *path = path_in(s, "MANIFEST");
	if (!path) return NS_ERR_NOMEM;
	*exists = access(path, F_OK) == 0;
	if (!*exists) { free(path); return NS_OK; }
	ns_buf b = {0};
	/* the version is checked here, not by ns_vfile_read, to say "newer" */
	FILE *f = fopen(path, "rb");
	unsigned char head[12];
	ns_status st = NS_OK;
	if (!f) { ns_errf(err, errlen, "%s: %s", path, strerror(errno)); free(path); return NS_ERR_OPEN; }
	if (fread(head, 1, 12, f) != 12 || memcmp(head, MAN_MAGIC, 8)) {
		ns_errf(err, errlen, "%s: not a newsift state manifest", path);
		st = NS_ERR_FORMAT;
	} else if (ns_le32(head + 8) > NS_STATE_VERSION) {
		ns_errf(err, errlen, "%s: written by a newer newsift (state format %u; this one reads up to %u)", path,
		        ns_le32(head + 8), NS_STATE_VERSION);
		st = NS_ERR_FORMAT;
	}
	fclose(f);
	if (!st) st = ns_vfile_read(path, MAN_MAGIC, ns_le32(head + 8), &b, err, errlen);
	free(path);
	if (st) return st;
	ns_vreader r = {(const unsigned char *)b.p, b.len, 0, 0};
	uint32_t plen = ns_vget_u32(&r);
	const char *why = NULL;
	if (r.bad || plen >= sizeof(s->params) || plen > r.len - r.pos) why = "bad options line";
	else {
		memcpy(s->params, r.p + r.pos, plen);
		s->params[plen] = 0;
		r.pos += plen;
		s->runs = ns_vget_u32(&r);
		s->next_seg = ns_vget_u32(&r);
		s->nseg = ns_vget_u32(&r);
		if (r.bad || s->nseg > (r.len - r.pos) / 24) why = "bad segment count";
	}
	if (!why && s->nseg && !(s->seg = calloc(s->nseg, sizeof(segment)))) st = NS_ERR_NOMEM;
	for (uint32_t k = 0; k < s->nseg && !why && !st; k++) {
		s->seg[k].number = ns_vget_u32(&r);
		s->seg[k].run = ns_vget_u32(&r);
		s->seg[k].size = ns_vget_u64(&r);
		s->seg[k].nrec = ns_vget_u64(&r);
		if (s->seg[k].number >= s->next_seg || (k && s->seg[k].number <= s->seg[k - 1].number)) why = "bad segment list";
	}
	if (!why && !st && s->runs > (r.len - r.pos) / 8) why = "bad run count";
	if (!why && !st && !(s->run_time = malloc((s->runs + 1) * sizeof(int64_t)))) st = NS_ERR_NOMEM;
	for (uint32_t k = 0; k < s->runs && !why && !st; k++) s->run_time[k] = (int64_t)ns_vget_u64(&r);
	if (!why && !st && (r.bad || r.pos != r.len)) why = "the payload's size does not match its counts";
	ns_buf_free(&b);
	if (why) {
		ns_errf(err, errlen, "%s/MANIFEST: %s", s->dir, why);
		return NS_ERR_FORMAT;
	}
	return st;
}

static ns_status open_common(ns_state **sp, const char *dir, const ns_options *o, int create, int wait, char *err,
                             size_t errlen)
{
	*sp = NULL;
	ns_state *s = calloc(1, sizeof(*s));
	if (!s || !(s->dir = strdup(dir))) { free(s); return NS_ERR_NOMEM; }
	s->lockfd = -1;
	s->next_seg = 1;
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		if (!create || errno != ENOENT || mkdir_p(s->dir) != 0) {
			ns_errf(err, errlen, "%s: %s", dir, strerror(errno));
			ns_state_close(s);
			return NS_ERR_OPEN;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		ns_errf(err, errlen, "%s: not a directory", dir);
		ns_state_close(s);
		return NS_ERR_OPEN;
	}
	char *lp = path_in(s, "LOCK");
	if (!lp) { ns_state_close(s); return NS_ERR_NOMEM; }
	s->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	ns_status st = NS_OK;
	if (s->lockfd < 0) {
		ns_errf(err, errlen, "%s: %s", lp, strerror(errno));
		st = NS_ERR_OPEN;
	} else {
		int r;
		while ((r = flock(s->lockfd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {}
		if (r != 0) {
			if (errno == EWOULDBLOCK) ns_errf(err, errlen, "%s: in use by another newsift run (--wait waits for it)", dir);
			else ns_errf(err, errlen, "%s: %s", lp, strerror(errno));
			st = errno == EWOULDBLOCK ? NS_ERR_LOCKED : NS_ERR_IO;
		}
	}
	free(lp);
	int exists = 0;
	if (!st) st = read_manifest(s, &exists, err, errlen);
	if (!st && !exists && !create) {
		ns_errf(err, errlen, "%s: no state here (no MANIFEST)", dir);
		st = NS_ERR_OPEN;
	}
	if (!st && o) {
		char want[sizeof(s->params)];
		params_of(o, want, sizeof(want));
		if (!exists) memcpy(s->params, want, sizeof(want));
		else if (strcmp(want, s->params)) {
			char d[400];
			first_difference(s->params, want, d, sizeof(d));
			ns_errf(err, errlen, "%s: made with other options (%s); use those options or another state", dir, d);
			st = NS_ERR_OPTION;
		}
	}
	for (uint32_t k = 0; k < s->nseg && !st; k++) {
		st = seg_open(s, &s->seg[k], err, errlen);
		s->records += s->seg[k].nrec;
		s->kept += s->seg[k].nkept;
	}
	if (st) { ns_state_close(s); return st; }
	*sp = s;
	return NS_OK;
}

ns_status ns_state_open(ns_state **sp, const char *dir, const ns_options *o, int create, int wait, char *err,
                        size_t errlen)
{
	return open_common(sp, dir, o, create, wait, err, errlen);
}

ns_status ns_state_open_any(ns_state **sp, const char *dir, int wait, char *err, size_t errlen)
{
	return open_common(sp, dir, NULL, 0, wait, err, errlen);
}

void ns_state_close(ns_state *s)
{
	if (!s) return;
	for (uint32_t k = 0; k < s->nseg; k++) {
		if (s->seg[k].map) munmap((void *)s->seg[k].map, s->seg[k].size);
		free(s->seg[k].kord);
	}
	free(s->seg);
	free(s->run_time);
	if (s->lockfd >= 0) close(s->lockfd); /* releases the lock */
	free(s->dir);
	free(s);
}

uint32_t ns_state_runs(const ns_state *s) { return s->runs; }
uint64_t ns_state_records(const ns_state *s) { return s->records; }
uint64_t ns_state_kept(const ns_state *s) { return s->kept; }
uint32_t ns_state_segments(const ns_state *s) { return s->nseg; }
uint32_t ns_state_segment_number(const ns_state *s, uint32_t k) { return s->seg[k].number; }

void ns_state_stats_get(const ns_state *s, ns_state_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->segments = s->nseg;
	st->records = s->records;
	st->kept = s->kept;
	for (uint32_t k = 0; k < s->nseg; k++) {
		const segment *g = &s->seg[k];
		st->file_bytes += g->size;
		st->text_bytes += g->len[SEC_TEXT];
		st->band_bytes += g->len[SEC_BAND];
		st->record_bytes += g->len[SEC_REC];
		st->other_bytes += g->size - g->len[SEC_TEXT] - g->len[SEC_BAND] - g->len[SEC_REC];
		for (uint64_t i = 0; i < g->nrec; i++) st->text_raw_bytes += ns_le32(g->map + g->off[SEC_REC] + i * NS_REC + 36);
	}
}

/* The segment of reference r (by number: segments are sorted). */
static const segment *seg_of(const ns_state *s, ns_href r, uint64_t *idx)
{
	uint32_t num = (uint32_t)(r >> 32);
	size_t lo = 0, hi = s->nseg;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->seg[mid].number < num) lo = mid + 1;
		else hi = mid;
	}
	if (lo == s->nseg || s->seg[lo].number != num || (uint32_t)r >= s->seg[lo].nrec) return NULL;
	*idx = (uint32_t)r;
	return &s->seg[lo];
}

int ns_state_rec(const ns_state *s, ns_href r, ns_hrec *out)
{
	uint64_t i;
	const segment *g = seg_of(s, r, &i);
	if (!g) return -1;
	const unsigned char *p = g->map + g->off[SEC_REC] + i * NS_REC;
	const char *str = (const char *)g->map + g->off[SEC_STR];
	out->lead = (ns_href)ns_le32(p + 16) << 32 | ns_le32(p + 20);
	out->id = str + ns_le32(p + 44);
	out->id_len = ns_le32(p + 48);
	out->key = XXH3_64bits(out->id, out->id_len);
	out->story = str + ns_le32(p + 52);
	out->story_len = ns_le32(p + 56);
	out->days = (int32_t)ns_le32(p + 60);
	out->kept = p[64];
	out->kind = p[65];
	out->run = ns_le32(p + 68);
	out->run_time = out->run >= 1 && out->run <= s->runs ? s->run_time[out->run - 1] : 0;
	return 0;
}

ns_href ns_state_exact(const ns_state *s, uint64_t h0, uint64_t h1)
{
	for (uint32_t k = 0; k < s->nseg; k++) {
		const segment *g = &s->seg[k];
		const unsigned char *ex = g->map + g->off[SEC_EXACT], *rec = g->map + g->off[SEC_REC];
		size_t lo = 0, hi = g->len[SEC_EXACT] / 4;
		/* the first entry not below (h0, h1) */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			const unsigned char *r = rec + (uint64_t)ns_le32(ex + 4 * mid) * NS_REC;
			uint64_t a = ns_le64(r), b = ns_le64(r + 8);
			if (a < h0 || (a == h0 && b < h1)) lo = mid + 1;
			else hi = mid;
		}
		/* the earliest whose group's kept article is still held */
		for (; lo < g->len[SEC_EXACT] / 4; lo++) {
			uint32_t i = ns_le32(ex + 4 * lo);
			const unsigned char *r = rec + (uint64_t)i * NS_REC;
			if (ns_le64(r) != h0 || ns_le64(r + 8) != h1) break;
			uint64_t li;
			if (seg_of(s, (ns_href)ns_le32(r + 16) << 32 | ns_le32(r + 20), &li)) return (ns_href)g->number << 32 | i;
		}
	}
	return NS_HREF_NONE;
}

ns_status ns_state_text(const ns_state *s, ns_href r, char **out, size_t *cap, size_t *len, char *err, size_t errlen)
{
	uint64_t i;
	const segment *g = seg_of(s, r, &i);
	if (!g) { ns_errf(err, errlen, "%s: no record %u of segment %u", s->dir, (uint32_t)r, (uint32_t)(r >> 32)); return NS_ERR_FORMAT; }
	const unsigned char *p = g->map + g->off[SEC_REC] + i * NS_REC;
	uint64_t off = ns_le64(p + 24);
	uint32_t zl = ns_le32(p + 32), n = ns_le32(p + 36), sum = ns_le32(p + 40);
	const unsigned char *z = g->map + g->off[SEC_TEXT] + off;
	if (ns_grow((void **)out, cap, (size_t)n + 1, 1)) return NS_ERR_NOMEM;
	uLongf dl = n;
	if (XXH32(z, zl, 0) != sum || (n && (uncompress((Bytef *)*out, &dl, z, zl) != Z_OK || dl != n))) {
		char name[64];
		seg_name(g->number, name, sizeof(name));
		ns_errf(err, errlen, "%s/%s: the text of record %llu is damaged (checksum or size mismatch)", s->dir, name,
		        (unsigned long long)i);
		return NS_ERR_FORMAT;
	}
	*len = n;
	return NS_OK;
}

const unsigned char *ns_state_sig(const ns_state *s, ns_href r)
{
	uint64_t i;
	const segment *g = seg_of(s, r, &i);
	if (!g || !g->kord || !g->map[g->off[SEC_REC] + i * NS_REC + 64]) return NULL;
	return g->map + g->off[SEC_SIG] + (uint64_t)g->kord[i] * SIG_BYTES;
}

uint64_t ns_state_segment_records(const ns_state *s, uint32_t k)
{
	return s->seg[k].nrec;
}

const unsigned char *ns_state_band(const ns_state *s, uint32_t k, uint32_t j, size_t *n)
{
	const segment *g = &s->seg[k];
	if (j >= g->bands) { *n = 0; return NULL; }
	*n = (size_t)g->nband;
	return g->map + g->off[SEC_BAND] + (uint64_t)j * g->nband * NS_STATE_BAND_ENTRY;
}

ns_status ns_state_verify(const ns_state *s, char *err, size_t errlen)
{
	for (uint32_t k = 0; k < s->nseg; k++) {
		const segment *g = &s->seg[k];
		char name[64];
		seg_name(g->number, name, sizeof(name));
		if (XXH64(g->map + g->off[SEC_TEXT], g->len[SEC_TEXT], 0) != g->sum[SEC_TEXT]) {
			ns_errf(err, errlen, "%s/%s: texts: checksum mismatch", s->dir, name);
			return NS_ERR_FORMAT;
		}
		char *t = NULL;
		size_t cap = 0, len;
		for (uint64_t i = 0; i < g->nrec; i++) {
			const unsigned char *p = g->map + g->off[SEC_REC] + i * NS_REC;
			if (!p[64]) continue;
			ns_status st = ns_state_text(s, (ns_href)g->number << 32 | i, &t, &cap, &len, err, errlen);
			if (st) { free(t); return st; }
		}
		free(t);
		/* the band keys sorted, and every lead a kept record */
		for (uint32_t j = 0; j < g->bands; j++) {
			size_t n;
			const unsigned char *e = ns_state_band(s, k, j, &n);
			for (size_t q = 1; q < n; q++)
				if (ns_le32(e + q * NS_STATE_BAND_ENTRY) < ns_le32(e + (q - 1) * NS_STATE_BAND_ENTRY)) {
					ns_errf(err, errlen, "%s/%s: band %u not sorted", s->dir, name, j);
					return NS_ERR_FORMAT;
				}
		}
		for (uint64_t i = 0; i < g->nrec; i++) {
			ns_hrec h, l;
			ns_state_rec(s, (ns_href)g->number << 32 | i, &h);
			/* a lead in a segment retention dropped is forgotten, not missing */
			uint32_t ls = (uint32_t)(h.lead >> 32);
			int listed = 0;
			for (uint32_t q = 0; q < s->nseg && !listed; q++) listed = s->seg[q].number == ls;
			if (!listed && ls < g->number) continue;
			if (ns_state_rec(s, h.lead, &l) != 0 || !l.kept) {
				ns_errf(err, errlen, "%s/%s: record %llu names a missing or duplicate lead", s->dir, name,
				        (unsigned long long)i);
				return NS_ERR_FORMAT;
			}
		}
	}
	return NS_OK;
}

/* ---- appending ---- */

typedef struct {
	uint64_t h0, h1;
	uint32_t rec;
} exact_ent;

static int cmp_exact_ent(const void *x, const void *y)
{
	const exact_ent *a = x, *c = y;
	if (a->h0 != c->h0) return a->h0 < c->h0 ? -1 : 1;
	if (a->h1 != c->h1) return a->h1 < c->h1 ? -1 : 1;
	return a->rec < c->rec ? -1 : a->rec > c->rec;
}

/* Remove segment files no manifest names (left by a run stopped before its
 * manifest was renamed into place). */
static void remove_strays(const ns_state *s)
{
	DIR *d = opendir(s->dir);
	if (!d) return;
	struct dirent *e;
	while ((e = readdir(d))) {
		unsigned num;
		char tail[8];
		int tmp = strstr(e->d_name, ".tmp") != NULL;
		if (!tmp && sscanf(e->d_name, "seg-%8u.nss%1s", &num, tail) != 1) continue;
		if (!tmp) {
			int named = 0;
			for (uint32_t k = 0; k < s->nseg && !named; k++) named = s->seg[k].number == num;
			if (named) continue;
		} else if (strncmp(e->d_name, "seg-", 4) && strncmp(e->d_name, "MANIFEST", 8)) continue;
		char *p = path_in(s, e->d_name);
		if (p) unlink(p);
		free(p);
	}
	closedir(d);
}

/* A segment being made: its records, strings, exact index, bands and texts. */
typedef struct {
	unsigned char *recs;
	size_t n;
	uint64_t nkept, nband;
	uint32_t bands;
	ns_buf str, text;
	exact_ent *ex;
	size_t nex;
	unsigned char *band; /* bands x nband entries */
	ns_buf sig;          /* signatures of the kept records, or none */
} seg_build;

static void seg_build_free(seg_build *b)
{
	free(b->recs);
	ns_buf_free(&b->str);
	ns_buf_free(&b->text);
	free(b->ex);
	free(b->band);
	ns_buf_free(&b->sig);
}

/* Write b as segment number (run, run time), fsync'd and renamed into
 * place; *size gets its bytes. */
static ns_status seg_write(ns_state *s, seg_build *b, uint32_t number, uint32_t run, int64_t run_time, uint64_t *size,
                           char *err, size_t errlen)
{
	qsort(b->ex, b->nex, sizeof(exact_ent), cmp_exact_ent);
	char name[64], tmpname[80];
	seg_name(number, name, sizeof(name));
	snprintf(tmpname, sizeof(tmpname), "%s.tmp", name);
	char *path = path_in(s, name), *tmp = path_in(s, tmpname);
	unsigned char *exb = malloc(4 * (b->nex ? b->nex : 1));
	ns_status st = path && tmp && exb ? NS_OK : NS_ERR_NOMEM;
	if (!st) {
		for (size_t i = 0; i < b->nex; i++) ns_put_le32(exb + 4 * i, b->ex[i].rec);
		unsigned char h[SEG_HEAD];
		memset(h, 0, sizeof(h));
		memcpy(h, SEG_MAGIC, 8);
		ns_put_le32(h + 8, NS_STATE_VERSION);
		ns_put_le32(h + 12, b->bands);
		ns_put_le64(h + 16, b->n);
		ns_put_le64(h + 24, b->nkept);
		ns_put_le32(h + 32, run);
		ns_put_le32(h + 36, number);
		ns_put_le64(h + 40, (uint64_t)run_time);
		uint64_t bandlen = (uint64_t)b->bands * b->nband * NS_STATE_BAND_ENTRY;
		const void *part[NS_SEC] = {b->recs, b->str.p, exb, b->band, b->text.p, b->sig.p};
		uint64_t len[NS_SEC] = {(uint64_t)b->n * NS_REC, b->str.len, (uint64_t)b->nex * 4, bandlen, b->text.len,
		                        b->sig.len};
		uint64_t off = SEG_HEAD;
		for (int k = 0; k < NS_SEC; k++) {
			ns_put_le64(h + 48 + 24 * k, off);
			ns_put_le64(h + 48 + 24 * k + 8, len[k]);
			ns_put_le64(h + 48 + 24 * k + 16, XXH64(len[k] ? part[k] : "", len[k], 0));
			off += len[k];
		}
		ns_put_le64(h + SEG_HEAD - 8, XXH64(h, SEG_HEAD - 8, 0));
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		int bad = fd < 0;
		int e = errno;
		if (!bad) bad = ns_write_all(fd, h, SEG_HEAD);
		for (int k = 0; k < NS_SEC && !bad; k++) bad = len[k] && ns_write_all(fd, part[k], len[k]);
		if (!bad) bad = fsync(fd) != 0;
		if (bad) e = errno;
		if (fd >= 0 && close(fd) != 0 && !bad) { bad = 1; e = errno; }
		if (!bad && rename(tmp, path) != 0) { bad = 1; e = errno; }
		if (bad) {
			unlink(tmp);
			ns_errf(err, errlen, "%s: cannot write: %s; the state is as it was", path, strerror(e));
			st = NS_ERR_IO;
		}
		*size = off;
	}
	free(exb);
	free(path);
	free(tmp);
	return st;
}

/* Write a manifest naming the state's segments but those with drop set,
 * then extra (NULL: none), with runs and next_seg; fsync'd, renamed and the
 * directory fsync'd.  On failure extra's file is removed. */
static ns_status manifest_write(ns_state *s, const segment *extra, uint32_t runs, uint32_t next_seg, const int64_t *rtime,
                                char *err, size_t errlen)
{
	ns_buf m = {0};
	size_t pl = strlen(s->params);
	uint32_t nseg = (extra != NULL);
	for (uint32_t k = 0; k < s->nseg; k++) nseg += !s->seg[k].drop;
	int mb = ns_vput_u32(&m, (uint32_t)pl) || ns_buf_put(&m, s->params, pl) || ns_vput_u32(&m, runs) ||
	         ns_vput_u32(&m, next_seg) || ns_vput_u32(&m, nseg);
	for (uint32_t k = 0; k <= s->nseg && !mb; k++) {
		const segment *g = k < s->nseg ? &s->seg[k] : extra;
		if (!g || (k < s->nseg && g->drop)) continue;
		mb = ns_vput_u32(&m, g->number) || ns_vput_u32(&m, g->run) || ns_vput_u64(&m, g->size) ||
		     ns_vput_u64(&m, g->nrec);
	}
	/* the date of every run */
	for (uint32_t r = 0; r < runs && !mb; r++) mb = ns_vput_u64(&m, (uint64_t)rtime[r]);
	char *mp = path_in(s, "MANIFEST");
	ns_status st = NS_OK;
	if (mb || !mp) st = NS_ERR_NOMEM;
	else if ((st = ns_vfile_write(mp, MAN_MAGIC, NS_STATE_VERSION, &m, err, errlen)) != NS_OK) {
		if (st != NS_ERR_NOMEM) st = NS_ERR_IO;
	} else if (fsync_dir(s->dir) != 0) {
		ns_errf(err, errlen, "%s: cannot sync the directory: %s", s->dir, strerror(errno));
		st = NS_ERR_IO;
	}
	if (st && extra) {
		char name[64];
		seg_name(extra->number, name, sizeof(name));
		char *sp = path_in(s, name);
		if (sp) unlink(sp);
		free(sp);
	}
	free(mp);
	ns_buf_free(&m);
	return st;
}

/* After a manifest was written: the open state becomes what it names. */
static ns_status state_adopt(ns_state *s, const segment *extra, uint32_t runs, uint32_t next_seg, int64_t *rtime,
                             char *err, size_t errlen)
{
	uint32_t w = 0;
	for (uint32_t k = 0; k < s->nseg; k++) {
		if (s->seg[k].drop) {
			if (s->seg[k].map) munmap((void *)s->seg[k].map, s->seg[k].size);
			free(s->seg[k].kord);
			continue;
		}
		s->seg[w++] = s->seg[k];
	}
	s->nseg = w;
	free(s->run_time);
	s->run_time = rtime;
	s->runs = runs;
	s->next_seg = next_seg;
	ns_status st = NS_OK;
	if (extra) {
		segment *ns = realloc(s->seg, (s->nseg + 1) * sizeof(segment));
		if (!ns) return NS_ERR_NOMEM;
		s->seg = ns;
		s->seg[s->nseg] = *extra;
		st = seg_open(s, &s->seg[s->nseg], err, errlen);
		if (!st) s->nseg++;
	}
	s->records = s->kept = 0;
	for (uint32_t k = 0; k < s->nseg; k++) {
		s->records += s->seg[k].nrec;
		s->kept += s->seg[k].nkept;
	}
	remove_strays(s);
	return st;
}

ns_status ns_state_append(ns_state *s, const ns_state_batch *b, char *err, size_t errlen)
{
	size_t n = b->n;
	uint32_t number = s->next_seg, run = s->runs + 1;
	/* tonight's document -> its record index (for leads inside the batch) */
	uint32_t maxdoc = 0;
	for (size_t i = 0; i < n; i++) maxdoc = NS_MAX(maxdoc, b->doc[i] + 1);
	uint32_t *recof = malloc(((size_t)maxdoc + 1) * sizeof(uint32_t));
	seg_build sb = {0};
	sb.n = n;
	sb.bands = b->bands;
	sb.recs = calloc(n ? n : 1, NS_REC);
	sb.ex = malloc((n + 1) * sizeof(exact_ent));
	int64_t *rtime = malloc((run + 1) * sizeof(int64_t));
	/* compressed texts, made in parallel, then laid out in order */
	unsigned char **z = calloc(n ? n : 1, sizeof(*z));
	uLongf *zl = calloc(n ? n : 1, sizeof(*zl));
	ns_status st = recof && sb.recs && sb.ex && z && zl && rtime ? NS_OK : NS_ERR_NOMEM;
	for (size_t i = 0; i < n && !st; i++) {
		recof[b->doc[i]] = (uint32_t)i;
		sb.nkept += b->kept[b->doc[i]] != 0;
	}
	if (!st) {
		int nomem = 0;
#pragma omp parallel for num_threads(b->threads > 0 ? b->threads : 1) schedule(dynamic, 64) reduction(|:nomem)
		for (size_t i = 0; i < n; i++) {
			if (!b->kept[b->doc[i]]) continue;
			size_t tl;
			const char *t = b->field(b->ud, b->doc[i], 2, &tl);
			uLongf bound = compressBound((uLong)tl);
			z[i] = malloc(bound ? bound : 1);
			zl[i] = bound;
			if (!z[i] || compress2(z[i], &zl[i], (const Bytef *)t, (uLong)tl, 1) != Z_OK) nomem = 1;
		}
		if (nomem) st = NS_ERR_NOMEM;
	}
	for (size_t i = 0; i < n && !st; i++) {
		uint32_t d = b->doc[i];
		unsigned char *r = sb.recs + i * NS_REC;
		size_t idl, sl = 0, tl = 0;
		const char *id = b->field(b->ud, d, 0, &idl);
		const char *story = b->kept[d] ? b->field(b->ud, d, 1, &sl) : "";
		if (b->kept[d]) b->field(b->ud, d, 2, &tl);
		ns_put_le64(r, b->exact[2 * d]);
		ns_put_le64(r + 8, b->exact[2 * d + 1]);
		ns_href lead = b->kept[d] ? ((ns_href)number << 32 | i)
		             : b->hlead[d] != NS_HREF_NONE ? b->hlead[d] : ((ns_href)number << 32 | recof[b->lead[d]]);
		ns_put_le32(r + 16, (uint32_t)(lead >> 32));
		ns_put_le32(r + 20, (uint32_t)lead);
		ns_put_le64(r + 24, sb.text.len);
		if (b->kept[d]) {
			ns_put_le32(r + 32, (uint32_t)zl[i]);
			ns_put_le32(r + 36, (uint32_t)tl);
			ns_put_le32(r + 40, XXH32(z[i], zl[i], 0));
			if (ns_buf_put(&sb.text, z[i], zl[i])) st = NS_ERR_NOMEM;
			if (b->sig_term) {
				unsigned char sg[SIG_BYTES];
				for (int q = 0; q < NS_STATE_SIG; q++) {
					ns_put_le32(sg + 4 * q, b->sig_term[(size_t)d * NS_STATE_SIG + q]);
					sg[4 * NS_STATE_SIG + q] = b->sig_w[(size_t)d * NS_STATE_SIG + q];
				}
				if (ns_buf_put(&sb.sig, sg, SIG_BYTES)) st = NS_ERR_NOMEM;
			}
		}
		free(z[i]);
		z[i] = NULL;
		ns_put_le32(r + 44, (uint32_t)sb.str.len);
		ns_put_le32(r + 48, (uint32_t)idl);
		if (ns_buf_put(&sb.str, id, idl)) st = NS_ERR_NOMEM;
		ns_put_le32(r + 52, (uint32_t)sb.str.len);
		ns_put_le32(r + 56, (uint32_t)sl);
		if (sl && ns_buf_put(&sb.str, story, sl)) st = NS_ERR_NOMEM;
		ns_put_le32(r + 60, (uint32_t)b->days[d]);
		r[64] = b->kept[d] ? 1 : 0;
		r[65] = b->kind[d];
		ns_put_le32(r + 68, run);
		if (sb.str.len > UINT32_MAX) st = NS_ERR_NOMEM;
		/* exact hashes (a record without tokens has none) */
		if (b->exact[2 * d] || b->exact[2 * d + 1]) {
			sb.ex[sb.nex].h0 = b->exact[2 * d];
			sb.ex[sb.nex].h1 = b->exact[2 * d + 1];
			sb.ex[sb.nex++].rec = (uint32_t)i;
		}
	}
	/* bands: the kept documents' entries with record indices (a kept text
	 * without shingles has none; every other has one in every band) */
	sb.nband = b->bands ? b->band_n[0] : 0;
	uint64_t bandlen = (uint64_t)b->bands * sb.nband * NS_STATE_BAND_ENTRY;
	if (!st && !(sb.band = malloc(bandlen ? bandlen : 1))) st = NS_ERR_NOMEM;
	for (uint32_t j = 0; j < b->bands && !st; j++) {
		if (b->band_n[j] != sb.nband || sb.nband > sb.nkept) {
			ns_errf(err, errlen, "band %u: %zu entries where band 0 has %llu", j, b->band_n[j],
			        (unsigned long long)sb.nband);
			st = NS_ERR_FORMAT;
			break;
		}
		unsigned char *e = sb.band + (uint64_t)j * sb.nband * NS_STATE_BAND_ENTRY;
		for (size_t q = 0; q < b->band_n[j]; q++) {
			ns_put_le32(e + q * NS_STATE_BAND_ENTRY, (uint32_t)(b->band_key[j][q] >> 32));
			ns_put_le32(e + q * NS_STATE_BAND_ENTRY + 4, recof[b->band_doc[j][q]]);
		}
	}
	segment g = {0};
	g.number = number;
	g.run = run;
	g.nrec = n;
	if (!st) st = seg_write(s, &sb, number, run, b->run_time, &g.size, err, errlen);
	if (!st) {
		if (s->runs) memcpy(rtime, s->run_time, s->runs * sizeof(int64_t));
		rtime[run - 1] = b->run_time;
		st = manifest_write(s, &g, run, number + 1, rtime, err, errlen);
	}
	if (!st) {
		st = state_adopt(s, &g, run, number + 1, rtime, err, errlen);
		rtime = NULL;
	}
	free(rtime);
	for (size_t i = 0; z && i < n; i++) free(z[i]);
	free(z);
	free(zl);
	free(recof);
	seg_build_free(&sb);
	return st;
}

uint64_t ns_state_retire(ns_state *s, int64_t cutoff)
{
	uint64_t gone = 0;
	uint32_t w = 0;
	for (uint32_t k = 0; k < s->nseg; k++) {
		segment *g = &s->seg[k];
		if (g->run_time < cutoff) {
			gone += g->nrec;
			s->records -= g->nrec;
			s->kept -= g->nkept;
			munmap((void *)g->map, g->size);
			free(g->kord);
			continue;
		}
		s->seg[w++] = *g;
	}
	s->nseg = w;
	return gone;
}

ns_status ns_state_compact(ns_state *s, int64_t cutoff, uint64_t *dropped, char *err, size_t errlen)
{
	/* the new index of every record (UINT32_MAX: dropped) */
	uint32_t oldn = s->nseg; /* the segments being compacted (the state is one segment after) */
	uint32_t **nidx = calloc(s->nseg ? s->nseg : 1, sizeof(uint32_t *));
	seg_build sb = {0};
	uint32_t bands = s->nseg ? s->seg[0].bands : 0;
	uint32_t number = s->next_seg;
	int64_t newest = INT64_MIN;
	ns_status st = nidx ? NS_OK : NS_ERR_NOMEM;
	size_t cap = 0;
	int with_sig = 0;
	for (uint32_t k = 0; k < s->nseg; k++) with_sig |= s->seg[k].kord != NULL;
	*dropped = 0;
	for (uint32_t k = 0; k < s->nseg && !st; k++) {
		const segment *g = &s->seg[k];
		if (g->bands != bands) { ns_errf(err, errlen, "%s: segments with different band counts", s->dir); st = NS_ERR_FORMAT; break; }
		if (!(nidx[k] = malloc((g->nrec ? g->nrec : 1) * sizeof(uint32_t)))) { st = NS_ERR_NOMEM; break; }
		const char *str = (const char *)g->map + g->off[SEC_STR];
		for (uint64_t i = 0; i < g->nrec && !st; i++) {
			const unsigned char *r = g->map + g->off[SEC_REC] + i * NS_REC;
			uint32_t run = ns_le32(r + 68), ls = ns_le32(r + 16), li = ns_le32(r + 20);
			int64_t rt = s->run_time[run - 1];
			nidx[k][i] = UINT32_MAX;
			if (rt < cutoff) { (*dropped)++; continue; }
			/* a duplicate stays while its group's kept article does */
			uint32_t nlead = UINT32_MAX;
			if (!r[64]) {
				for (uint32_t q = 0; q <= k; q++)
					if (s->seg[q].number == ls && li < s->seg[q].nrec && (q < k || li < i)) nlead = nidx[q][li];
				if (nlead == UINT32_MAX) { (*dropped)++; continue; }
			}
			if (ns_grow((void **)&sb.recs, &cap, (sb.n + 1) * NS_REC, 1)) { st = NS_ERR_NOMEM; break; }
			unsigned char *o = sb.recs + sb.n * NS_REC;
			memcpy(o, r, NS_REC);
			nidx[k][i] = (uint32_t)sb.n;
			ns_put_le32(o + 16, number);
			ns_put_le32(o + 20, r[64] ? (uint32_t)sb.n : nlead);
			if (r[64]) {
				ns_put_le64(o + 24, sb.text.len);
				if (ns_buf_put(&sb.text, g->map + g->off[SEC_TEXT] + ns_le64(r + 24), ns_le32(r + 32))) st = NS_ERR_NOMEM;
				/* signatures stay (none: zeros) when a segment has them */
				static const unsigned char none[SIG_BYTES];
				if (with_sig && ns_buf_put(&sb.sig, g->kord ? g->map + g->off[SEC_SIG] + (uint64_t)g->kord[i] * SIG_BYTES
				                                            : none, SIG_BYTES))
					st = NS_ERR_NOMEM;
				sb.nkept++;
			}
			ns_put_le32(o + 44, (uint32_t)sb.str.len);
			if (ns_buf_put(&sb.str, str + ns_le32(r + 44), ns_le32(r + 48))) st = NS_ERR_NOMEM;
			ns_put_le32(o + 52, (uint32_t)sb.str.len);
			if (ns_buf_put(&sb.str, str + ns_le32(r + 52), ns_le32(r + 56))) st = NS_ERR_NOMEM;
			newest = NS_MAX(newest, rt);
			sb.n++;
		}
	}
	/* the exact index and the bands, with the new indices */
	if (!st && !(sb.ex = malloc((sb.n + 1) * sizeof(exact_ent)))) st = NS_ERR_NOMEM;
	for (size_t i = 0; i < sb.n && !st; i++) {
		const unsigned char *o = sb.recs + i * NS_REC;
		if (!ns_le64(o) && !ns_le64(o + 8)) continue;
		sb.ex[sb.nex].h0 = ns_le64(o);
		sb.ex[sb.nex].h1 = ns_le64(o + 8);
		sb.ex[sb.nex++].rec = (uint32_t)i;
	}
	sb.bands = bands;
	for (uint32_t k = 0; k < s->nseg && !st; k++)
		for (uint64_t q = 0; q < s->seg[k].nband; q++) {
			const unsigned char *e = s->seg[k].map + s->seg[k].off[SEC_BAND] + q * NS_STATE_BAND_ENTRY;
			sb.nband += nidx[k][ns_le32(e + 4)] != UINT32_MAX;
		}
	uint64_t *tmp = NULL;
	if (!st && (!(sb.band = malloc(bands * sb.nband * NS_STATE_BAND_ENTRY + 1)) ||
	            !(tmp = malloc((sb.nband + 1) * sizeof(uint64_t)))))
		st = NS_ERR_NOMEM;
	for (uint32_t j = 0; j < bands && !st; j++) {
		size_t m = 0;
		for (uint32_t k = 0; k < s->nseg; k++) {
			size_t n;
			const unsigned char *e = ns_state_band(s, k, j, &n);
			for (size_t q = 0; q < n; q++) {
				uint32_t ni = nidx[k][ns_le32(e + q * NS_STATE_BAND_ENTRY + 4)];
				if (ni != UINT32_MAX) tmp[m++] = (uint64_t)ns_le32(e + q * NS_STATE_BAND_ENTRY) << 32 | ni;
			}
		}
		ns_sort_u64(tmp, m);
		unsigned char *out = sb.band + (uint64_t)j * sb.nband * NS_STATE_BAND_ENTRY;
		for (size_t q = 0; q < m; q++) {
			ns_put_le32(out + q * NS_STATE_BAND_ENTRY, (uint32_t)(tmp[q] >> 32));
			ns_put_le32(out + q * NS_STATE_BAND_ENTRY + 4, (uint32_t)tmp[q]);
		}
	}
	free(tmp);
	segment g = {0};
	g.number = number;
	g.run = s->runs;
	g.nrec = sb.n;
	int64_t *rtime = st ? NULL : malloc((s->runs + 1) * sizeof(int64_t));
	if (!st && !rtime) st = NS_ERR_NOMEM;
	if (!st) st = seg_write(s, &sb, number, s->runs, newest == INT64_MIN ? 0 : newest, &g.size, err, errlen);
	if (!st) {
		memcpy(rtime, s->run_time, s->runs * sizeof(int64_t));
		for (uint32_t k = 0; k < s->nseg; k++) s->seg[k].drop = 1;
		st = manifest_write(s, &g, s->runs, number + 1, rtime, err, errlen);
		if (st) for (uint32_t k = 0; k < s->nseg; k++) s->seg[k].drop = 0;
	}
	if (!st) {
		st = state_adopt(s, &g, s->runs, number + 1, rtime, err, errlen);
		rtime = NULL;
	}
	free(rtime);
	for (uint32_t k = 0; nidx && k < oldn; k++) free(nidx[k]);
	free(nidx);
	seg_build_free(&sb);
	return st;
}

int64_t ns_state_last_run_time(const ns_state *s)
{
	return s->runs ? s->run_time[s->runs - 1] : 0;
}
