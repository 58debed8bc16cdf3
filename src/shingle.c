/* newsift — the sketch stage.
 *
 * Each text is tokenised (ns_tokenize), its tokens hashed, and its word
 * k-shingles hashed with the run's seed.  The token stream's XXH3-128 is
 * the exact-copy key.  The MinHash signature takes the shingle list in text
 * order, repeats kept (a repeat does not move a minimum), so no set is made
 * here; verification makes the sorted set again for the few documents in
 * candidate pairs (ns_shingle_doc_set).  Documents are signed in chunks of
 * NS_SIGN_CHUNK; each chunk's signatures are cut into band keys, and band
 * j's keys appended to band file j, in document order, by one thread per
 * band. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "internal.h"
#include "newsift/shingle.h"
#include "newsift/sketch.h"
#include "spill.h"
#include "vfile.h"

#define NS_SIGN_CHUNK 8192 /* documents signed per round before their band keys are written */
#define NS_BAND_BUF (NS_SIGN_CHUNK * NS_BAND_ENTRY) /* write buffer of a band file */

struct ns_shingle_scratch {
	ns_tokens tok;
	uint64_t *th, *sh, *num;
	uint32_t *seq, *ls, *numpos, *numidx;
	size_t cap, numcap;
	ns_buf skel, skel1; /* --fuzzy-tokens: the text's tokens mapped to skeletons; one token's */
	ns_hsort hs;
};

ns_shingle_scratch *ns_shingle_scratch_create(void)
{
	return calloc(1, sizeof(ns_shingle_scratch));
}

void ns_shingle_scratch_destroy(ns_shingle_scratch *s)
{
	if (!s) return;
	ns_tokens_free(&s->tok);
	free(s->th);
	free(s->sh);
	free(s->num);
	free(s->numidx);
	free(s->numpos);
	free(s->seq);
	free(s->ls);
	ns_buf_free(&s->skel);
	ns_buf_free(&s->skel1);
	ns_hsort_free(&s->hs);
	free(s);
}

/* Tokens of document i's text into s->tok, their hashes into s->th, room
 * for the shingles.  NS_ERR_NOMEM. */
static ns_status tokens_text(const ns_options *o, const char *text, size_t len, ns_shingle_scratch *s)
{
	ns_tokens *tok = &s->tok;
	if (ns_tokenize(text, len, tok)) return NS_ERR_NOMEM;
	if (tok->n + 1 > s->cap) {
		size_t c = tok->n + 1 + (tok->n >> 1);
		uint64_t *th = realloc(s->th, c * sizeof(uint64_t)), *sh = th ? realloc(s->sh, c * sizeof(uint64_t)) : NULL;
		if (th) s->th = th;
		if (sh) s->sh = sh;
		uint32_t *seq = sh ? realloc(s->seq, c * sizeof(uint32_t)) : NULL, *ls = NULL;
		if (seq) s->seq = seq;
		if (seq && (ls = realloc(s->ls, c * sizeof(uint32_t)))) s->ls = ls;
		if (!ls) return NS_ERR_NOMEM;
		s->cap = c;
	}
	if (!o->fuzzy_tokens) {
		for (size_t k = 0; k < tok->n; k++) s->th[k] = ns_token_hash(tok->norm.p + tok->off[k], tok->len[k], o->seed);
		return NS_OK;
	}
	/* --fuzzy-tokens: a word's skeleton, so that letter noise leaves its
	 * shingles alone (numbers stay as they are: a report's numbers tell it
	 * from another).  All tokens are mapped in one pass, then each takes
	 * its kept bytes */
	s->skel1.len = 0;
	if (ns_buf_reserve(&s->skel, tok->norm.len + 17) || ns_buf_reserve(&s->skel1, tok->norm.len + 25)) return NS_ERR_NOMEM;
	ns_skeleton_map(tok->norm.p, tok->norm.len, s->skel.p);
	for (size_t k = 0; k < tok->n; k++) {
		const char *w = tok->norm.p + tok->off[k];
		size_t wl = tok->len[k];
		if ((unsigned)w[0] - '0' >= 10u) {
			wl = ns_skeleton_take(s->skel.p + tok->off[k], wl, s->skel1.p);
			w = s->skel1.p;
		}
		s->th[k] = ns_token_hash(w, wl, o->seed);
	}
	return NS_OK;
}

/* The shingle list of document i in text order, repeats kept (s->sh,
 * *nseq), and the number of distinct shingles (*nsh). */
static ns_status shingle_list(const ns_options *o, const ns_docs *ds, size_t i, ns_shingle_scratch *s, size_t *nsh,
                              size_t *nseq)
{
	*nsh = *nseq = 0;
	if (tokens_text(o, ns_docs_field(ds, i, NS_F_TEXT), ns_docs_len(ds, i, NS_F_TEXT), s)) return NS_ERR_NOMEM;
	if (!s->tok.n) return NS_OK;
	*nseq = ns_shingle_list(s->th, s->tok.n, o->shingle_k, o->seed, s->sh);
	size_t u = *nseq ? ns_count_distinct(s->sh, *nseq, &s->hs) : 0;
	if (u == SIZE_MAX) return NS_ERR_NOMEM;
	*nsh = u;
	return NS_OK;
}

ns_status ns_shingle_doc_set(const ns_options *o, const ns_docs *ds, size_t i, ns_shingle_scratch *s, ns_shingle_set *out)
{
	return ns_shingle_text_set(o, ns_docs_field(ds, i, NS_F_TEXT), ns_docs_len(ds, i, NS_F_TEXT), s, out);
}

ns_status ns_shingle_text_set(const ns_options *o, const char *txt, size_t len, ns_shingle_scratch *s,
                              ns_shingle_set *out)
{
	memset(out, 0, sizeof(*out));
	if (tokens_text(o, txt, len, s)) return NS_ERR_NOMEM;
	ns_tokens *tok = &s->tok;
	if (!tok->n) return NS_OK;
	size_t nseq;
	out->nsh = ns_shingle_seq(s->th, tok->n, o->shingle_k, o->seed, s->sh, s->seq, &nseq);
	/* line starts, for coverage: a line break lies between two tokens.  The
	 * gaps are a byte or two: a plain loop */
	size_t n = 1;
	s->ls[0] = 0;
	for (size_t k = 1; k < tok->n; k++) {
		const char *g = txt + tok->src[k - 1] + tok->src_len[k - 1], *ge = txt + tok->src[k];
		while (g < ge && *g != '\n') g++;
		if (g < ge) s->ls[n++] = (uint32_t)k;
	}
	/* the distinct number tokens */
	if (tok->n + 1 > s->numcap) {
		size_t c = tok->n + 1 + (tok->n >> 1);
		uint64_t *a = realloc(s->num, c * sizeof(uint64_t));
		if (a) s->num = a;
		uint32_t *b2 = a ? realloc(s->numidx, c * sizeof(uint32_t)) : NULL;
		if (b2) s->numidx = b2;
		uint32_t *p2 = b2 ? realloc(s->numpos, c * sizeof(uint32_t)) : NULL;
		if (!p2) return NS_ERR_NOMEM;
		s->numpos = p2;
		s->numcap = c;
	}
	size_t nn = 0;
	const char *norm = tok->norm.p;
	for (size_t k = 0; k < tok->n; k++) {
		/* a number: a token that starts with a digit */
		s->num[nn] = s->th[k];
		s->numpos[nn] = (uint32_t)k;
		nn += (unsigned)norm[tok->off[k]] - '0' < 10u;
	}
	out->numpos = s->numpos;
	out->nnumocc = nn;
	ns_sort_u64(s->num, nn);
	size_t u = 0;
	for (size_t k = 0; k < nn; k++)
		if (!u || s->num[u - 1] != s->num[k]) s->num[u++] = s->num[k];
	/* each occurrence's place among the distinct values: found again by
	 * its token's hash */
	for (size_t k = 0; k < nn; k++) {
		uint64_t h = s->th[s->numpos[k]];
		size_t lo = 0, hi = u;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->num[mid] < h) lo = mid + 1;
			else hi = mid;
		}
		s->numidx[k] = (uint32_t)lo;
	}
	out->numidx = s->numidx;
	out->num = s->num;
	out->nnum = u;
	out->sh = s->sh;
	out->seq = s->seq;
	out->ls = s->ls;
	out->nseq = nseq;
	out->nl = n;
	out->ntok = tok->n;
	return NS_OK;
}

static void log_band_error(const ns_ctx *c, const ns_band_files *bf)
{
	int e = ns_band_files_errno(bf);
	ns_ctx_logf(c, NS_LOG_ERROR, "temporary file in %s: %s", c->o->tmp_dir ? c->o->tmp_dir : ns_spill_default_dir(),
	            strerror(e ? e : EIO));
}

/* What is done with a chunk's signatures: documents [c0, c1) of the
 * range, has[i - c0] set for each one signed (its signature at
 * sig + (i - c0) * K). */
typedef ns_status (*chunk_fn)(void *ud, size_t c0, size_t c1, const uint32_t *sig, const uint8_t *has);

/* Shingle and sign documents [i0, i1) of ds into sk's arrays (indexed by
 * document) and give each chunk's signatures to out. */
static ns_status sketch_range(const ns_ctx *c, const ns_docs *ds, size_t i0, size_t i1, ns_sketches *sk, chunk_fn out,
                              void *ud, ns_times *tm)
{
	const ns_options *o = c->o;
	uint32_t K = o->num_perm;
	double t0 = ns_now(), tsign = 0;
	ns_minhash mh;
	if (ns_minhash_init(&mh, (ns_minhash_kind)o->minhash, K, o->seed)) return NS_ERR_NOMEM;
	uint32_t *sig = malloc((size_t)NS_SIGN_CHUNK * K * sizeof(uint32_t));
	uint8_t *has = malloc(NS_SIGN_CHUNK);
	ns_status st = sig && has ? NS_OK : NS_ERR_NOMEM;
	for (size_t c0 = i0; c0 < i1 && !st; c0 += NS_SIGN_CHUNK) {
		size_t c1 = NS_MIN(i1, c0 + NS_SIGN_CHUNK);
		int nomem = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem) reduction(+:tsign)
		{
			ns_shingle_scratch *s = ns_shingle_scratch_create();
			if (!s) nomem = 1;
#pragma omp for schedule(dynamic, 64)
			for (size_t i = c0; i < c1; i++) {
				has[i - c0] = 0;
				if (!s || ns_docs_info(ds, i)->rejected) continue;
				size_t nsh, nseq;
				if (shingle_list(o, ds, i, s, &nsh, &nseq)) { nomem = 1; continue; }
				sk->ntok[i] = (uint32_t)s->tok.n;
				sk->nsh[i] = (uint32_t)nsh;
				if (!s->tok.n) continue;
				XXH128_hash_t h = XXH3_128bits_withSeed(s->tok.norm.p, s->tok.norm.len, o->seed);
				sk->exact[2 * i] = h.high64;
				sk->exact[2 * i + 1] = h.low64;
				if (!nsh) { nomem = 1; continue; }
				double ts = ns_now();
				ns_minhash_sign(&mh, s->sh, nseq, sig + (i - c0) * K); /* repeats do not move a minimum */
				tsign += ns_now() - ts;
				has[i - c0] = 1;
			}
			ns_shingle_scratch_destroy(s);
		}
		if (nomem) { st = NS_ERR_NOMEM; break; }
		st = out(ud, c0, c1, sig, has);
		if (!st && ns_ctx_stopped(c)) st = NS_ERR_INTERRUPTED;
	}
	ns_minhash_free(&mh);
	free(sig);
	free(has);
	/* the signing ran on every thread: its share of the wall time */
	double skt = tsign / c->threads, all = ns_now() - t0;
	if (tm) {
		tm->t[NS_T_SKETCH] += skt;
		tm->t[NS_T_SHINGLE] += all > skt ? all - skt : 0;
	}
	return st;
}

/* A chunk's band keys into band files. */
typedef struct {
	const ns_ctx *c;
	ns_band_files *bf;
} bands_out;

static ns_status put_bands(void *ud, size_t c0, size_t c1, const uint32_t *sig, const uint8_t *has)
{
	bands_out *bo = ud;
	const ns_ctx *c = bo->c;
	uint32_t K = c->o->num_perm, B = c->o->bands, R = c->o->rows;
	int bad = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:bad)
	{
		unsigned char *e = malloc(NS_SIGN_CHUNK * NS_BAND_ENTRY);
		if (!e) bad |= 1;
#pragma omp for schedule(dynamic, 1)
		for (uint32_t j = 0; j < B; j++) {
			if (!e) continue;
			size_t k = 0;
			for (size_t i = c0; i < c1; i++) {
				if (!has[i - c0]) continue;
				ns_band_entry_put(e + k * NS_BAND_ENTRY, ns_lsh_band_key(sig + (i - c0) * K, j, R), (uint32_t)i);
				k++;
			}
			ns_status ws = ns_band_files_put(bo->bf, j, e, k);
			if (ws) bad |= ws == NS_ERR_IO ? 2 : 1;
		}
		free(e);
	}
	if (bad & 2) {
		log_band_error(c, bo->bf);
		return NS_ERR_IO;
	}
	return bad ? NS_ERR_NOMEM : NS_OK;
}

/* sk's per-document arrays for n documents, zeroed; no band files. */
static ns_status sketch_arrays(ns_sketches *sk, size_t n)
{
	memset(sk, 0, sizeof(*sk));
	sk->n = n;
	sk->ntok = calloc(n ? n : 1, sizeof(uint32_t));
	sk->nsh = calloc(n ? n : 1, sizeof(uint32_t));
	sk->exact = calloc(n ? 2 * n : 1, sizeof(uint64_t));
	return sk->ntok && sk->nsh && sk->exact ? NS_OK : NS_ERR_NOMEM;
}

ns_status ns_sketch_begin(const ns_ctx *c, size_t n, ns_sketches *sk)
{
	if (sketch_arrays(sk, n)) return NS_ERR_NOMEM;
	ns_status st = ns_band_files_open(&sk->bands, c->o->bands, c->o->tmp_dir, NS_BAND_BUF);
	if (st == NS_ERR_IO) log_band_error(c, &sk->bands);
	return st;
}

ns_status ns_sketch_docs(const ns_ctx *c, const ns_docs *ds, size_t i0, size_t i1, ns_sketches *sk, ns_times *tm)
{
	bands_out bo = {c, &sk->bands};
	return sketch_range(c, ds, i0, NS_MIN(i1, sk->n), sk, put_bands, &bo, tm);
}

ns_status ns_sketch_all(const ns_ctx *c, const ns_docs *ds, ns_sketches *sk, ns_times *tm)
{
	size_t n = ns_docs_count(ds);
	ns_status st = ns_sketch_begin(c, n, sk);
	return st ? st : ns_sketch_docs(c, ds, 0, n, sk, tm);
}

/* ---- sketches made by another process ----
 *
 * A packed stream of events (ns_event_emit): 'H' its documents (u64) and
 * whether the band keys come in the stream (u8; if not, the process keeps
 * them in its own band files), then
 * per chunk 'S': the chunk's first document and count (u64, u32), per
 * document its token and shingle counts (u32 each), exact hash (2 u64) and
 * flags (u8: 1 signed, 2 rejected there), then per band the keys of the
 * signed documents in order (u64 each); 'E' ends it.  A document's index in
 * the whole run is its part's first index plus its own. */
enum { SK_SIGNED = 1, SK_REJECTED = 2 };

typedef struct {
	const ns_ctx *c;
	const ns_docs *ds;
	ns_sketches *sk;
	ns_ingest_sink sink;
	void *ud;
	ns_buf b;
	int own;            /* the band keys go to sk's band files, not into the stream */
} pack_out;

static ns_status pack_emit(pack_out *po, int tag)
{
	return ns_event_emit(po->sink, po->ud, tag, po->b.p, po->b.len);
}

static ns_status pack_chunk(void *ud, size_t c0, size_t c1, const uint32_t *sig, const uint8_t *has)
{
	pack_out *po = ud;
	const ns_options *o = po->c->o;
	ns_sketches *sk = po->sk;
	uint32_t K = o->num_perm, B = o->bands, R = o->rows;
	size_t ns = 0;
	for (size_t i = c0; i < c1; i++) ns += has[i - c0];
	if (po->own) {
		/* the keys into this process's band files, its own numbering */
		bands_out bo = {po->c, &sk->bands};
		ns_status st = put_bands(&bo, c0, c1, sig, has);
		if (st) return st;
		B = 0;
	}
	po->b.len = 0;
	ns_status st = ns_buf_reserve(&po->b, 12 + (c1 - c0) * 25 + (size_t)B * ns * 8);
	if (!st) st = ns_vput_u64(&po->b, c0);
	if (!st) st = ns_vput_u32(&po->b, (uint32_t)(c1 - c0));
	for (size_t i = c0; i < c1 && !st; i++) {
		uint8_t f = (uint8_t)(has[i - c0] ? SK_SIGNED : 0) | (ns_docs_info(po->ds, i)->rejected ? SK_REJECTED : 0);
		st = ns_vput_u32(&po->b, sk->ntok[i]);
		if (!st) st = ns_vput_u32(&po->b, sk->nsh[i]);
		if (!st) st = ns_vput_u64(&po->b, sk->exact[2 * i]);
		if (!st) st = ns_vput_u64(&po->b, sk->exact[2 * i + 1]);
		if (!st) st = ns_vput_u8(&po->b, f);
	}
	for (uint32_t j = 0; j < B && !st; j++)
		for (size_t i = c0; i < c1 && !st; i++)
			if (has[i - c0]) st = ns_vput_u64(&po->b, ns_lsh_band_key(sig + (i - c0) * K, j, R));
	return st ? st : pack_emit(po, 'S');
}

ns_status ns_sketch_pack(const ns_ctx *c, const ns_docs *ds, ns_sketches *own, ns_ingest_sink sink, void *ud,
                         ns_times *tm)
{
	size_t n = ns_docs_count(ds);
	ns_sketches local, *sk = own ? own : &local;
	pack_out po = {c, ds, sk, sink, ud, {0}, own != NULL};
	ns_status st = own ? ns_sketch_begin(c, n, own) : sketch_arrays(&local, n);
	if (!st) st = ns_vput_u64(&po.b, n);
	if (!st) st = ns_vput_u8(&po.b, own == NULL);
	if (!st) st = pack_emit(&po, 'H');
	if (!st) st = sketch_range(c, ds, 0, n, sk, pack_chunk, &po, tm);
	po.b.len = 0;
	if (!st) st = pack_emit(&po, 'E');
	ns_buf_free(&po.b);
	if (!own) ns_sketches_free(&local);
	return st;
}

struct ns_sketch_merge {
	const ns_ctx *c;
	const ns_docs *ds;
	ns_sketches *sk;
	const size_t *base; /* part k's documents are [base[k], base[k + 1]) */
	uint32_t nparts, part; /* the part being merged (0: none yet) */
	int open;
	int keys;           /* the part's band keys come in its stream */
	size_t next;        /* the part's next document */
	ns_buf pend;
	unsigned char *e;   /* band entries of a chunk */
	uint8_t *sgn;       /* a chunk's documents: signed there, then signed and kept here */
	ns_status st;
};

ns_status ns_sketch_merge_create(ns_sketch_merge **mp, const ns_ctx *c, const ns_docs *ds, ns_sketches *sk,
                                 const size_t *base, uint32_t nparts, uint32_t first)
{
	ns_sketch_merge *m = calloc(1, sizeof(*m));
	*mp = m;
	if (!m) return NS_ERR_NOMEM;
	*m = (ns_sketch_merge){.c = c, .ds = ds, .sk = sk, .base = base, .nparts = nparts, .part = first};
	m->e = malloc(NS_SIGN_CHUNK * NS_BAND_ENTRY);
	m->sgn = malloc(2 * NS_SIGN_CHUNK);
	return m->e && m->sgn ? NS_OK : NS_ERR_NOMEM;
}

void ns_sketch_merge_destroy(ns_sketch_merge *m)
{
	if (!m) return;
	ns_buf_free(&m->pend);
	free(m->e);
	free(m->sgn);
	free(m);
}

static ns_status sketch_event(void *ud, int tag, const unsigned char *p, size_t n)
{
	ns_sketch_merge *m = ud;
	ns_vreader v = {p, n, 0, 0};
	if (tag == 'H') {
		uint64_t nd = ns_vget_u64(&v);
		uint8_t keys = ns_vget_u8(&v);
		if (v.bad || v.pos != n || m->open || m->part >= m->nparts || keys > 1 ||
		    nd != m->base[m->part + 1] - m->base[m->part])
			return NS_ERR_FORMAT;
		m->open = 1;
		m->keys = keys;
		m->next = 0;
		return NS_OK;
	}
	if (!m->open) return NS_ERR_FORMAT;
	size_t base = m->base[m->part], nd = m->base[m->part + 1] - base;
	if (tag == 'E') {
		if (v.pos != n || m->next != nd) return NS_ERR_FORMAT;
		m->open = 0;
		m->part++;
		return NS_OK;
	}
	if (tag != 'S') return NS_ERR_FORMAT;
	uint64_t c0 = ns_vget_u64(&v);
	uint32_t k = ns_vget_u32(&v);
	if (v.bad || c0 != m->next || k > NS_SIGN_CHUNK || k > nd - c0 || v.len - v.pos < (size_t)k * 25) return NS_ERR_FORMAT;
	ns_sketches *sk = m->sk;
	uint8_t *sgn = m->sgn, *use = m->sgn + NS_SIGN_CHUNK;
	size_t ns = 0;
	for (uint32_t i = 0; i < k; i++) {
		size_t g = base + c0 + i;
		uint32_t nt = ns_vget_u32(&v), nh = ns_vget_u32(&v);
		uint64_t hi = ns_vget_u64(&v), lo = ns_vget_u64(&v);
		uint8_t f = ns_vget_u8(&v);
		sgn[i] = f & SK_SIGNED;
		ns += sgn[i];
		use[i] = 0;
		if (ns_docs_info(m->ds, g)->rejected) continue; /* an id met in an earlier part, say */
		/* a record rejected where it was read is rejected in the run too */
		if (f & SK_REJECTED) return NS_ERR_FORMAT;
		sk->ntok[g] = nt;
		sk->nsh[g] = nh;
		sk->exact[2 * g] = hi;
		sk->exact[2 * g + 1] = lo;
		use[i] = sgn[i];
	}
	uint32_t B = m->keys ? m->c->o->bands : 0;
	if (v.bad || v.len - v.pos != (size_t)B * ns * 8) return NS_ERR_FORMAT;
	/* band j's keys: one for each signed document, in order */
	for (uint32_t j = 0; j < B; j++) {
		size_t q = 0;
		for (uint32_t i = 0; i < k; i++) {
			if (!sgn[i]) continue;
			uint64_t key = ns_vget_u64(&v);
			if (use[i]) ns_band_entry_put(m->e + q++ * NS_BAND_ENTRY, key, (uint32_t)(base + c0 + i));
		}
		ns_status ws = ns_band_files_put(&sk->bands, j, m->e, q);
		if (ws == NS_ERR_IO) log_band_error(m->c, &sk->bands);
		if (ws) return ws;
	}
	m->next = c0 + k;
	if (ns_ctx_stopped(m->c)) return NS_ERR_INTERRUPTED;
	return NS_OK;
}

ns_status ns_sketch_merge_feed(ns_sketch_merge *m, const void *p, size_t n)
{
	if (m->st) return m->st;
	return m->st = ns_event_feed(&m->pend, p, n, sketch_event, m);
}

ns_status ns_sketch_merge_finish(ns_sketch_merge *m)
{
	if (m->st) return m->st;
	return m->open || m->pend.len || m->part != m->nparts ? NS_ERR_FORMAT : NS_OK;
}

void ns_sketches_free(ns_sketches *sk)
{
	free(sk->ntok);
	free(sk->nsh);
	free(sk->exact);
	ns_band_files_close(&sk->bands);
	memset(sk, 0, sizeof(*sk));
}
