/* newsift — the document store.
 *
 * Records live in one array indexed by input position.  The ids are kept
 * in one buffer (NUL-terminated) with an open-addressing table on their
 * XXH3 hash for the repeated-id check.  The other fields, each
 * NUL-terminated and in field order, then the boilerplate line keys
 * (aligned to 8 bytes), go to a spill file as records are appended; the file
 * is mapped back shared and writable once reading ends, so that a text made
 * shorter is written to the file (pwrite, no write fault per page) and read
 * through the mapping. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/docs.h"
#include "spill.h"

typedef struct {
	uint64_t off;          /* fields but the id in the spill file */
	uint64_t idoff;        /* the id in ids */
	uint32_t len[NS_NSTORED];
	uint32_t text_room;    /* the text's bytes in the spill file as appended: a text made shorter
	                        * (ns_docs_set_text) leaves the fields after it where they were */
	uint32_t nkeys;        /* line keys after the fields (see keys_off) */
	ns_doc_info info;
} ns_doc;

typedef struct {
	uint32_t doc;
	char *text;
} ns_reason;

struct ns_docs {
	ns_doc *d;
	size_t n, cap;
	char **inputs;
	size_t ninputs;
	uint32_t *idtab;       /* index + 1 of the record with each id; 0 = empty */
	size_t idcap, nids;
	ns_buf ids;
	ns_spill *texts;
	char *tmap;
	size_t tmap_len;
	ns_reason *reasons;    /* rejected records' reasons, by record */
	size_t nreasons, reasoncap;
	char *tmp_dir;
};

ns_status ns_docs_create(ns_docs **dsp, const char *tmp_dir)
{
	ns_docs *ds = calloc(1, sizeof(*ds));
	*dsp = ds;
	if (!ds) return NS_ERR_NOMEM;
	if (tmp_dir && !(ds->tmp_dir = strdup(tmp_dir))) { free(ds); *dsp = NULL; return NS_ERR_NOMEM; }
	return NS_OK;
}

void ns_docs_destroy(ns_docs *ds)
{
	if (!ds) return;
	free(ds->d);
	for (size_t i = 0; i < ds->nreasons; i++) free(ds->reasons[i].text);
	free(ds->reasons);
	free(ds->idtab);
	if (ds->tmap) munmap(ds->tmap, ds->tmap_len);
	if (ds->texts) ns_spill_close(ds->texts);
	free(ds->texts);
	ns_buf_free(&ds->ids);
	for (size_t i = 0; i < ds->ninputs; i++) free(ds->inputs[i]);
	free(ds->inputs);
	free(ds->tmp_dir);
	free(ds);
}

size_t ns_docs_count(const ns_docs *ds)
{
	return ds->n;
}

ns_status ns_docs_add_input(ns_docs *ds, const char *path, uint32_t *file)
{
	char **ni = realloc(ds->inputs, (ds->ninputs + 1) * sizeof(char *));
	if (!ni) return NS_ERR_NOMEM;
	ds->inputs = ni;
	if (!(ds->inputs[ds->ninputs] = strdup(path))) return NS_ERR_NOMEM;
	*file = (uint32_t)ds->ninputs++;
	return NS_OK;
}

size_t ns_docs_ninputs(const ns_docs *ds)
{
	return ds->ninputs;
}

const char *ns_docs_input(const ns_docs *ds, uint32_t file)
{
	return file < ds->ninputs ? ds->inputs[file] : "";
}

int ns_docs_find_id(const ns_docs *ds, const char *id, size_t n, uint32_t *first)
{
	if (!ds->idcap) return 0;
	size_t h = (size_t)XXH3_64bits(id, n) & (ds->idcap - 1);
	while (ds->idtab[h]) {
		const ns_doc *x = &ds->d[ds->idtab[h] - 1];
		if (x->len[NS_F_ID] == n && !memcmp(ds->ids.p + x->idoff, id, n)) {
			*first = ds->idtab[h] - 1;
			return 1;
		}
		h = (h + 1) & (ds->idcap - 1);
	}
	return 0;
}

/* Enter record idx's id in the table, kept at most half full. */
static ns_status id_insert(ns_docs *ds, const char *id, size_t n, uint32_t idx)
{
	if (2 * (ds->nids + 1) > ds->idcap) {
		size_t nc = ds->idcap ? 2 * ds->idcap : 1024;
		uint32_t *t = calloc(nc, sizeof(uint32_t));
		if (!t) return NS_ERR_NOMEM;
		for (size_t i = 0; i < ds->idcap; i++) {
			if (!ds->idtab[i]) continue;
			const ns_doc *x = &ds->d[ds->idtab[i] - 1];
			size_t h = (size_t)XXH3_64bits(ds->ids.p + x->idoff, x->len[NS_F_ID]) & (nc - 1);
			while (t[h]) h = (h + 1) & (nc - 1);
			t[h] = ds->idtab[i];
		}
		free(ds->idtab);
		ds->idtab = t;
		ds->idcap = nc;
	}
	size_t h = (size_t)XXH3_64bits(id, n) & (ds->idcap - 1);
	while (ds->idtab[h]) h = (h + 1) & (ds->idcap - 1);
	ds->idtab[h] = idx + 1;
	ds->nids++;
	return NS_OK;
}

ns_status ns_docs_rename(ns_docs *ds, size_t i, const char *id, size_t n)
{
	ns_doc *d = &ds->d[i];
	if (!d->info.rejected) return NS_ERR_OPTION;
	/* out of the table: linear probing's deletion, moving back the
	 * entries after it that would no longer be found */
	if (ds->idcap) {
		size_t mask = ds->idcap - 1, h = (size_t)XXH3_64bits(ds->ids.p + d->idoff, d->len[NS_F_ID]) & mask;
		while (ds->idtab[h] && ds->idtab[h] != i + 1) h = (h + 1) & mask;
		if (ds->idtab[h]) {
			ds->idtab[h] = 0;
			ds->nids--;
			for (size_t j = (h + 1) & mask; ds->idtab[j]; j = (j + 1) & mask) {
				const ns_doc *x = &ds->d[ds->idtab[j] - 1];
				size_t home = (size_t)XXH3_64bits(ds->ids.p + x->idoff, x->len[NS_F_ID]) & mask;
				/* the entry stays unless its home lies cyclically in (h, j] */
				if (((j - home) & mask) >= ((j - h) & mask)) {
					ds->idtab[h] = ds->idtab[j];
					ds->idtab[j] = 0;
					h = j;
				}
			}
		}
	}
	uint64_t off = ds->ids.len;
	if (ns_buf_put(&ds->ids, id, n) || ns_buf_put(&ds->ids, "", 1)) return NS_ERR_NOMEM;
	d->idoff = off;
	d->len[NS_F_ID] = (uint32_t)n;
	return NS_OK;
}

/* Offset of a record's line keys in the spill file: after its fields,
 * aligned to 8 bytes. */
static uint64_t keys_off(const ns_doc *d)
{
	uint64_t o = d->off;
	for (int f = 1; f < NS_NSTORED; f++) o += (f == NS_F_TEXT ? d->text_room : d->len[f]) + 1;
	return (o + 7) & ~(uint64_t)7;
}

ns_status ns_docs_append(ns_docs *ds, const ns_doc_info *info, ns_record *rec, char *reason, const uint64_t *keys,
                         size_t nkeys)
{
	ns_status st = NS_OK;
	ns_doc d;
	memset(&d, 0, sizeof(d));
	d.info = *info;
	for (int f = 0; f < NS_NSTORED; f++) d.len[f] = rec->f[f] ? rec->len[f] : 0;
	d.text_room = d.len[NS_F_TEXT];
	if (ds->n >= UINT32_MAX - 1 || ns_grow((void **)&ds->d, &ds->cap, ds->n + 1, sizeof(ns_doc))) st = NS_ERR_NOMEM;
	if (!st && !ds->texts) {
		if (!(ds->texts = calloc(1, sizeof(ns_spill)))) st = NS_ERR_NOMEM;
		else st = ns_spill_open(ds->texts, ds->tmp_dir, (size_t)1 << 20);
	}
	if (!st) {
		d.idoff = ds->ids.len;
		d.off = ds->texts->size;
		if (ns_buf_put(&ds->ids, rec->f[NS_F_ID], rec->len[NS_F_ID]) || ns_buf_put(&ds->ids, "", 1)) st = NS_ERR_NOMEM;
		for (int f = 1; f < NS_NSTORED && !st; f++)
			if (!(st = ns_spill_write(ds->texts, rec->f[f] ? rec->f[f] : "", d.len[f]))) st = ns_spill_write(ds->texts, "", 1);
		if (!st && nkeys) {
			static const char pad[8];
			d.nkeys = (uint32_t)nkeys;
			if (!(st = ns_spill_write(ds->texts, pad, (size_t)(keys_off(&d) - ds->texts->size))))
				st = ns_spill_write(ds->texts, keys, nkeys * sizeof(uint64_t));
		}
	}
	uint32_t first;
	if (!st && (!info->rejected || !ns_docs_find_id(ds, rec->f[NS_F_ID], rec->len[NS_F_ID], &first)))
		st = id_insert(ds, rec->f[NS_F_ID], rec->len[NS_F_ID], (uint32_t)ds->n);
	if (!st && reason) {
		if (ns_grow((void **)&ds->reasons, &ds->reasoncap, ds->nreasons + 1, sizeof(ns_reason))) {
			st = NS_ERR_NOMEM;
		} else {
			ds->reasons[ds->nreasons].doc = (uint32_t)ds->n;
			ds->reasons[ds->nreasons++].text = reason;
			reason = NULL;
		}
	}
	ns_record_free(rec);
	free(reason);
	if (!st) ds->d[ds->n++] = d;
	return st;
}

int ns_docs_errno(const ns_docs *ds)
{
	return ds->texts && ds->texts->err ? ds->texts->err : 0;
}

const char *ns_docs_tmp_dir(const ns_docs *ds)
{
	return ds->tmp_dir ? ds->tmp_dir : ns_spill_default_dir();
}

ns_status ns_docs_map(ns_docs *ds)
{
	if (ds->tmap || !ds->n) return NS_OK;
	if (ns_spill_flush(ds->texts)) return NS_ERR_IO;
	ds->tmap_len = (size_t)ds->texts->size;
	void *m = mmap(NULL, ds->tmap_len, PROT_READ | PROT_WRITE, MAP_SHARED, ds->texts->fd, 0);
	if (m == MAP_FAILED) {
		ds->texts->err = errno;
		return NS_ERR_IO;
	}
	ds->tmap = m;
	return NS_OK;
}

void ns_docs_release(ns_docs *ds)
{
	if (ds->tmap) madvise(ds->tmap, ds->tmap_len, MADV_DONTNEED);
}

const char *ns_docs_field(const ns_docs *ds, size_t i, int f)
{
	const ns_doc *d = &ds->d[i];
	if (f == NS_F_ID) return ds->ids.p + d->idoff;
	const char *p = ds->tmap + d->off;
	for (int k = 1; k < f; k++) p += (k == NS_F_TEXT ? d->text_room : d->len[k]) + 1;
	return p;
}

uint32_t ns_docs_len(const ns_docs *ds, size_t i, int f)
{
	return ds->d[i].len[f];
}

const ns_doc_info *ns_docs_info(const ns_docs *ds, size_t i)
{
	return &ds->d[i].info;
}

const char *ns_docs_reason(const ns_docs *ds, size_t doc)
{
	size_t lo = 0, hi = ds->nreasons;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ds->reasons[mid].doc < doc) lo = mid + 1;
		else hi = mid;
	}
	return lo < ds->nreasons && ds->reasons[lo].doc == doc ? ds->reasons[lo].text : "";
}

uint64_t ns_docs_key(const ns_docs *ds, size_t i)
{
	return XXH3_64bits(ds->ids.p + ds->d[i].idoff, ds->d[i].len[NS_F_ID]);
}

uint64_t ns_docs_bytes(const ns_docs *ds)
{
	return (uint64_t)ds->n * sizeof(ns_doc) + ds->ids.len + ds->idcap * sizeof(uint32_t);
}

const uint64_t *ns_docs_line_keys(const ns_docs *ds, size_t i, uint32_t *n)
{
	const ns_doc *d = &ds->d[i];
	*n = d->nkeys;
	return d->nkeys && ds->tmap ? (const uint64_t *)(const void *)(ds->tmap + keys_off(d)) : NULL;
}

ns_status ns_docs_set_text(ns_docs *ds, size_t i, const char *t, size_t len, int *err)
{
	ns_doc *d = &ds->d[i];
	if (err) *err = 0;
	d->nkeys = 0; /* the keys are of the text before */
	if (len > d->len[NS_F_TEXT]) return NS_ERR_OPTION;
	const char *cur = ns_docs_field(ds, i, NS_F_TEXT);
	/* the new text with its NUL, copied out first: t may lie in the
	 * mapping itself, where the rewrite would overwrite it */
	char *tmp = malloc(len + 1);
	if (!tmp) return NS_ERR_NOMEM;
	memcpy(tmp, t, len);
	tmp[len] = 0;
	int e = ns_spill_rewrite(ds->texts, (uint64_t)(cur - ds->tmap), tmp, len + 1);
	free(tmp);
	if (e) {
		if (err) *err = e;
		return NS_ERR_IO;
	}
	d->info.removed += d->len[NS_F_TEXT] - (uint32_t)len;
	d->len[NS_F_TEXT] = (uint32_t)len;
	return NS_OK;
}
