/* Reading in parts, without MPI (what newsift-mpi's processes do, here in
 * one process, so that it runs under the sanitizers too): for 1 to 5 parts,
 * the plan's units cover the inputs in order (a large plain JSONL file cut
 * at line starts), a plan survives its encoding, and packing every part and
 * merging the streams in part order, fed in odd-sized chunks, gives the
 * store of one ns_ingest_files over the same inputs: every record's id,
 * fields, facts, reason and line keys, the inputs, the counts and the
 * boilerplate occurrences; so does reading the first part straight into
 * the store and merging the others.  A damaged stream (a byte changed
 * anywhere, or cut) is refused, never read out of bounds.  The inputs: a 3 MiB JSONL file with a
 * byte-order mark, CRLF lines, blank lines, malformed lines, records
 * without an id and ids that come again later; a gzip file with ids of the
 * first; CSV; a directory of text files; an empty directory and a missing
 * file.  A stream out of order or cut short is refused; a part whose input
 * went missing after the plan says which. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "newsift/newsift.h"
#include "check.h"
#include "tmpfiles.h"

static ns_status mem_sink(void *ud, const void *p, size_t n)
{
	return ns_buf_put(ud, p, n);
}

static void make_inputs(void)
{
	ns_buf b = {0};
	ns_buf_put(&b, "\xEF\xBB\xBF", 3);
	char line[1024];
	for (int i = 0; b.len < (3u << 20); i++) {
		int n;
		if (i % 997 == 500)
			n = snprintf(line, sizeof(line), "{\"id\": \"broken-%d\", \"text\": \n", i);
		else if (i % 1201 == 600)
			n = snprintf(line, sizeof(line), "{\"title\": \"no id %d\", \"text\": \"A text without an id.\"}\n", i);
		else if (i % 800 == 799)
			n = snprintf(line, sizeof(line), "\n   \n");
		else
			n = snprintf(line, sizeof(line),
			             "{\"id\": \"r%d\", \"title\": \"Story %d\", \"date\": \"2026-11-%02d\", \"source\": \"wire\", "
			             "\"text\": \"The council of Tillow Bend met on day %d.\\nAdvertisement\\nIt voted %d to %d on "
			             "the bridge, which costs %d crowns and opens in spring.\\n\\nHarbour weather today: mild and dry\\n\\nResidents "
			             "said the vote in session %d was long awaited by everyone who crosses the river each day to "
			             "reach the market, the school, the mill and the old harbour on the far bank.\", \"extra\": %d}%s\n",
			             i % 1500 == 1499 ? i - 700 : i, i % 37, 1 + i % 28, i % 11, i % 9, i % 5, 1000 + i % 313,
			             i % 17, i, i % 3 ? "" : "\r");
		ns_buf_put(&b, line, (size_t)n);
	}
	write_file("big.jsonl", b.p, b.len);
	b.len = 0;
	for (int i = 0; i < 40; i++) {
		int n = snprintf(line, sizeof(line), "{\"id\": \"%s%d\", \"text\": \"Copy %d of a wire story about the bridge.\"}\n",
		                 i % 10 ? "g" : "r", i, i % 4);
		ns_buf_put(&b, line, (size_t)n);
	}
	unsigned char gz[8192];
	size_t m = gz_bytes(b.p, gz, sizeof(gz));
	write_file("small.jsonl.gz", gz, m);
	const char *csv = "id,title,text\nc1,One,\"A first text,\nover two lines.\"\nc2,Two,A second text.\nr7,Three,An id again.\n";
	write_file("t.csv", csv, strlen(csv));
	mkdir(path_of("d"), 0755);
	mkdir(path_of("e"), 0755);
	write_file("d/a.txt", "Title A\n\nThe text of article A.\n", 31);
	write_file("d/b.txt", "Title B\n\nThe text of article B.\n", 31);
	ns_buf_free(&b);
}

/* Are the two stores and counts the same? */
static void same_store(ns_docs *a, const ns_ingest *ia, ns_docs *b, const ns_ingest *ib, int parts)
{
	CHECK_EQ_U(ia->read, ib->read);
	CHECK_EQ_U(ia->rejected, ib->rejected);
	CHECK_EQ_U(ia->repaired, ib->repaired);
	CHECK_EQ_U(ia->blank_lines, ib->blank_lines);
	CHECK_EQ_U(ia->input_errors, ib->input_errors);
	CHECK_EQ_U(ia->bytes, ib->bytes);
	CHECK_EQ_U(ia->parsed, ib->parsed);
	CHECK_EQ_U(ia->date_filled, ib->date_filled);
	CHECK(!memcmp(ia->with_field, ib->with_field, sizeof(ia->with_field)));
	CHECK(!memcmp(&ia->scrub, &ib->scrub, sizeof(ia->scrub)));
	CHECK_EQ_U(ia->nocc, ib->nocc);
	size_t occ_bad = 0;
	for (size_t i = 0; i < ia->nocc && i < ib->nocc; i++) {
		const ns_line_occ *x = &ia->occ[i], *y = &ib->occ[i];
		if (x->key != y->key || x->ctx != y->ctx || x->doc != y->doc || x->span.start != y->span.start ||
		    x->span.len != y->span.len) {
			if (occ_bad++ < 3) fprintf(stderr, "%d parts: occurrence %zu: doc %u/%u key %llx/%llx\n", parts, i, x->doc, y->doc,
			                           (unsigned long long)x->key, (unsigned long long)y->key);
		}
	}
	CHECK_EQ_U(occ_bad, 0);
	CHECK_EQ_U(ns_docs_ninputs(a), ns_docs_ninputs(b));
	for (size_t f = 0; f < ns_docs_ninputs(a) && f < ns_docs_ninputs(b); f++)
		CHECK_STR(ns_docs_input(a, (uint32_t)f), ns_docs_input(b, (uint32_t)f));
	size_t n = ns_docs_count(a);
	CHECK_EQ_U(n, ns_docs_count(b));
	if (n != ns_docs_count(b) || ns_docs_map(a) || ns_docs_map(b)) return;
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		const ns_doc_info *x = ns_docs_info(a, i), *y = ns_docs_info(b, i);
		int same = x->line == y->line && x->file == y->file && x->days == y->days && x->rejected == y->rejected &&
		           x->repaired == y->repaired && x->numeric == y->numeric && x->removed == y->removed &&
		           x->time == y->time && !strcmp(ns_docs_reason(a, i), ns_docs_reason(b, i));
		for (int f = 0; f < NS_NSTORED; f++)
			same = same && ns_docs_len(a, i, f) == ns_docs_len(b, i, f) &&
			       !memcmp(ns_docs_field(a, i, f), ns_docs_field(b, i, f), ns_docs_len(a, i, f));
		uint32_t ka, kb;
		const uint64_t *pa = ns_docs_line_keys(a, i, &ka), *pb = ns_docs_line_keys(b, i, &kb);
		same = same && ka == kb && (!ka || !memcmp(pa, pb, ka * sizeof(uint64_t)));
		if (!same && bad++ < 3)
			fprintf(stderr, "%d parts: record %zu (%s, line %llu) differs\n", parts, i, ns_docs_field(a, i, NS_F_ID),
			        (unsigned long long)x->line);
	}
	CHECK_EQ_U(bad, 0);
}

/* Merge the plan's parts into a new store: parts [0, direct) read straight
 * into it, the others' streams fed in chunks of `chunk` bytes (0: whole);
 * it must be the store of one read (ref, iref). */
static void merge_check(const ns_ctx *c, ns_ingest_plan *pl, uint32_t parts, uint32_t direct, const ns_buf *stream,
                        size_t chunk, ns_docs *ref, const ns_ingest *iref)
{
	ns_docs *ds;
	ns_ingest in = {0};
	ns_ingest_merge *m;
	char err[256];
	CHECK(ns_docs_create(&ds, NULL) == NS_OK);
	CHECK(ns_ingest_merge_create(&m, c, ds, &in, pl, SIZE_MAX) == NS_OK);
	ns_status st = NS_OK;
	for (uint32_t k = 0; k < direct && !st; k++) st = ns_ingest_merge_read(m, k, err, sizeof(err));
	for (uint32_t k = direct; k < parts && !st; k++) {
		size_t step = chunk ? chunk : stream[k].len;
		for (size_t at = 0; at < stream[k].len && !st; at += step)
			st = ns_ingest_merge_feed(m, stream[k].p + at, stream[k].len - at < step ? stream[k].len - at : step);
	}
	CHECK(st == NS_OK);
	CHECK(ns_ingest_merge_finish(m) == NS_OK);
	ns_ingest_merge_destroy(m);
	same_store(ref, iref, ds, &in, (int)parts);
	ns_ingest_free(&in);
	ns_docs_destroy(ds);
}

/* Are the sketches a and b the same: counts, exact hashes, and each band's
 * entries once sorted? */
static void same_sketches(const ns_options *o, ns_sketches *a, ns_sketches *b, uint32_t parts)
{
	CHECK_EQ_U(a->n, b->n);
	if (a->n != b->n) return;
	size_t n = a->n, bad = 0;
	for (size_t i = 0; i < n; i++)
		if (a->ntok[i] != b->ntok[i] || a->nsh[i] != b->nsh[i] || a->exact[2 * i] != b->exact[2 * i] ||
		    a->exact[2 * i + 1] != b->exact[2 * i + 1])
			bad++;
	CHECK_EQ_U(bad, 0);
	uint8_t *use = malloc(n ? n : 1);
	memset(use, 1, n ? n : 1);
	size_t bands_bad = 0, entries = 0;
	for (uint32_t j = 0; j < o->bands; j++) {
		ns_lsh_entry *ea = NULL, *eb = NULL;
		size_t ca = 0, cb = 0, na = 0, nb = 0, pa = 0, pb = 0;
		ns_pair *xa = NULL, *xb = NULL;
		CHECK(ns_band_files_pairs(&a->bands, j, use, n, o->max_bucket, &ea, &ca, &na, &xa, &pa) == NS_OK);
		CHECK(ns_band_files_pairs(&b->bands, j, use, n, o->max_bucket, &eb, &cb, &nb, &xb, &pb) == NS_OK);
		int same = na == nb && pa == pb;
		for (size_t q = 0; same && q < na; q++) same = ea[q].key == eb[q].key && ea[q].doc == eb[q].doc;
		for (size_t q = 0; same && q < pa; q++) same = xa[q].a == xb[q].a && xa[q].b == xb[q].b;
		if (!same) {
			if (bands_bad++ < 2) fprintf(stderr, "%u parts: band %u: %zu/%zu entries, %zu/%zu pairs\n", parts, j, na, nb, pa, pb);
		}
		entries += na;
		free(ea);
		free(eb);
		free(xa);
		free(xb);
	}
	CHECK_EQ_U(bands_bad, 0);
	CHECK(entries > 0);
	free(use);
}

/* The boilerplate and sketches of a spread run: each part packed keeping
 * its records (its stream must still merge into the store of one read),
 * the merged store's boilerplate learned and stripped, the lines stripped
 * from each part's own store, parts 1.. sketched there and merged into the
 * sketches of part 0, fed in chunks of 5,555 bytes: they must be the
 * sketches of one read (sref).  Then damaged and short sketch streams. */
static void sketch_check(const ns_ctx *c, ns_ingest_plan *pl, uint32_t parts, const ns_buf *stream, ns_sketches *sref,
                         ns_docs *ref, const ns_ingest *iref)
{
	ns_buf *kst = calloc(parts, sizeof(ns_buf));
	ns_docs **pds = calloc(parts, sizeof(*pds));
	ns_ingest *pin = calloc(parts, sizeof(*pin));
	ns_buf *sks = calloc(parts, sizeof(ns_buf));
	size_t *base = calloc(parts + 1, sizeof(size_t));
	for (uint32_t k = 0; k < parts; k++) {
		char err[256];
		CHECK(ns_docs_create(&pds[k], NULL) == NS_OK);
		CHECK(ns_ingest_pack(c, pl, k, SIZE_MAX, pds[k], &pin[k], mem_sink, &kst[k], NULL, err, sizeof(err)) == NS_OK);
	}
	merge_check(c, pl, parts, 0, kst, 3333, ref, iref);
	for (uint32_t k = 0; k < parts; k++) ns_buf_free(&kst[k]);
	free(kst);
	/* the merged store, each part's first document noted */
	ns_docs *ds;
	ns_ingest in = {0};
	ns_ingest_merge *m;
	CHECK(ns_docs_create(&ds, NULL) == NS_OK);
	CHECK(ns_ingest_merge_create(&m, c, ds, &in, pl, SIZE_MAX) == NS_OK);
	for (uint32_t k = 0; k < parts; k++) {
		base[k] = ns_docs_count(ds);
		CHECK(ns_ingest_merge_feed(m, stream[k].p, stream[k].len) == NS_OK);
		CHECK_EQ_U(ns_docs_count(pds[k]), ns_docs_count(ds) - base[k]);
	}
	base[parts] = ns_docs_count(ds);
	CHECK(ns_ingest_merge_finish(m) == NS_OK);
	ns_ingest_merge_destroy(m);
	ns_boilerplate bp;
	CHECK(ns_docs_map(ds) == NS_OK);
	CHECK(ns_boilerplate_apply(c, ds, in.occ, in.nocc, &bp) == NS_OK);
	CHECK(bp.n > 0 && bp.removed > 0);
	for (uint32_t k = 1; k < parts; k++) {
		uint64_t removed = 0;
		CHECK(ns_docs_map(pds[k]) == NS_OK);
		CHECK(ns_boilerplate_strip(c, pds[k], bp.line, bp.n, &removed) == NS_OK);
		CHECK(ns_sketch_pack(c, pds[k], NULL, mem_sink, &sks[k], NULL) == NS_OK);
	}
	ns_sketches sk;
	ns_sketch_merge *sm;
	CHECK(ns_sketch_begin(c, base[parts], &sk) == NS_OK);
	CHECK(ns_sketch_docs(c, ds, 0, base[1], &sk, NULL) == NS_OK);
	CHECK(ns_sketch_merge_create(&sm, c, ds, &sk, base, parts, 1) == NS_OK);
	ns_status st = NS_OK;
	for (uint32_t k = 1; k < parts && !st; k++)
		for (size_t at = 0; at < sks[k].len && !st; at += 5555)
			st = ns_sketch_merge_feed(sm, sks[k].p + at, sks[k].len - at < 5555 ? sks[k].len - at : 5555);
	CHECK(st == NS_OK);
	CHECK(ns_sketch_merge_finish(sm) == NS_OK);
	ns_sketch_merge_destroy(sm);
	same_sketches(c->o, sref, &sk, parts);
	ns_sketches_free(&sk);
	if (parts >= 2) {
		/* the band keys kept where they were made (own band files, numbered
		 * from each part's first document) and streams without them: part
		 * 0's band files and the parts' own ones read back with their base
		 * give one read's entries and pairs, band by band */
		ns_sketches *own = calloc(parts, sizeof(ns_sketches));
		ns_buf *sk2 = calloc(parts, sizeof(ns_buf));
		for (uint32_t k = 1; k < parts; k++) {
			CHECK(ns_sketch_pack(c, pds[k], &own[k], mem_sink, &sk2[k], NULL) == NS_OK);
			/* the counts stay there too */
			size_t cbad = own[k].n != base[k + 1] - base[k];
			for (size_t i = 0; !cbad && i < own[k].n; i++)
				cbad = !ns_docs_info(ds, base[k] + i)->rejected &&
				       (own[k].ntok[i] != sref->ntok[base[k] + i] || own[k].nsh[i] != sref->nsh[base[k] + i]);
			CHECK_EQ_U(cbad, 0);
			/* the stream is shorter by the keys: 8 bytes a band a signed document */
			size_t nk = ns_docs_count(pds[k]), ns = 0, ecap = 0;
			uint8_t *all = malloc(nk + 1);
			ns_lsh_entry *e = NULL;
			memset(all, 1, nk + 1);
			CHECK(ns_band_files_read(&own[k].bands, 0, 0, all, nk, &e, &ecap, &ns) == NS_OK);
			CHECK_EQ_U(sks[k].len - sk2[k].len, (size_t)c->o->bands * 8 * ns);
			free(all);
			free(e);
		}
		ns_sketches ska;
		CHECK(ns_sketch_begin(c, base[parts], &ska) == NS_OK);
		CHECK(ns_sketch_docs(c, ds, 0, base[1], &ska, NULL) == NS_OK);
		CHECK(ns_sketch_merge_create(&sm, c, ds, &ska, base, parts, 1) == NS_OK);
		st = NS_OK;
		for (uint32_t k = 1; k < parts && !st; k++) st = ns_sketch_merge_feed(sm, sk2[k].p, sk2[k].len);
		CHECK(st == NS_OK && ns_sketch_merge_finish(sm) == NS_OK);
		ns_sketch_merge_destroy(sm);
		size_t n = base[parts], bands_bad = 0;
		uint8_t *use = malloc(n ? n : 1);
		/* a document the merge rejected (an id of an earlier part) is not paired */
		for (size_t i = 0; i < n; i++) use[i] = !ns_docs_info(ds, i)->rejected;
		for (uint32_t j = 0; j < c->o->bands; j++) {
			ns_lsh_entry *ea = NULL, *eb = NULL;
			size_t ca = 0, cb = 0, na = 0, nb = 0, pa = 0, pb = 0, pcap = 0;
			ns_pair *xa = NULL, *xb = NULL;
			CHECK(ns_band_files_pairs(&sref->bands, j, use, n, c->o->max_bucket, &ea, &ca, &na, &xa, &pa) == NS_OK);
			CHECK(ns_band_files_read(&ska.bands, j, 0, use, n, &eb, &cb, &nb) == NS_OK);
			for (uint32_t k = 1; k < parts; k++)
				CHECK(ns_band_files_read(&own[k].bands, j, base[k], use, n, &eb, &cb, &nb) == NS_OK);
			CHECK(ns_lsh_band_pairs(eb, nb, c->o->max_bucket, &xb, &pb, &pcap) == NS_OK);
			pb = ns_pairs_unique(xb, pb);
			int same = na == nb && pa == pb;
			for (size_t q = 0; same && q < na; q++) same = ea[q].key == eb[q].key && ea[q].doc == eb[q].doc;
			for (size_t q = 0; same && q < pa; q++) same = xa[q].a == xb[q].a && xa[q].b == xb[q].b;
			bands_bad += !same;
			free(ea);
			free(eb);
			free(xa);
			free(xb);
		}
		CHECK_EQ_U(bands_bad, 0);
		free(use);
		ns_sketches_free(&ska);
		for (uint32_t k = 1; k < parts; k++) {
			ns_sketches_free(&own[k]);
			ns_buf_free(&sk2[k]);
		}
		free(own);
		free(sk2);
	}
	if (parts >= 2) {
		/* damaged (bytes changed) or cut: refused */
		uint64_t seed = 0x2545F4914F6CDD1Dull + parts;
		size_t refused = 0, trials = 20;
		const ns_buf *x = &sks[parts - 1];
		unsigned char *dam = malloc(x->len);
		for (size_t t = 0; t < trials; t++) {
			memcpy(dam, x->p, x->len);
			size_t len = t % 2 ? (size_t)(check_xorshift(&seed) % x->len) : x->len;
			if (t % 2 == 0) dam[check_xorshift(&seed) % len] ^= (unsigned char)(1 + check_xorshift(&seed) % 255);
			ns_sketches s2;
			if (ns_sketch_begin(c, base[parts], &s2)) break;
			st = ns_sketch_merge_create(&sm, c, ds, &s2, base, parts, parts - 1);
			if (!st) st = ns_sketch_merge_feed(sm, dam, len);
			if (!st) st = ns_sketch_merge_finish(sm);
			refused += st == NS_ERR_FORMAT;
			ns_sketch_merge_destroy(sm);
			ns_sketches_free(&s2);
		}
		CHECK_EQ_U(refused, trials);
		free(dam);
		/* a part whose count of documents is not the plan's: refused */
		size_t save = base[parts - 1];
		base[parts - 1] = save + 1;
		ns_sketches s3;
		CHECK(ns_sketch_begin(c, base[parts], &s3) == NS_OK);
		CHECK(ns_sketch_merge_create(&sm, c, ds, &s3, base, parts, parts - 1) == NS_OK);
		CHECK(ns_sketch_merge_feed(sm, x->p, x->len) == NS_ERR_FORMAT);
		ns_sketch_merge_destroy(sm);
		ns_sketches_free(&s3);
		base[parts - 1] = save;
	}
	ns_boilerplate_free(&bp);
	ns_ingest_free(&in);
	ns_docs_destroy(ds);
	for (uint32_t k = 0; k < parts; k++) {
		ns_ingest_free(&pin[k]);
		ns_docs_destroy(pds[k]);
		ns_buf_free(&sks[k]);
	}
	free(pds);
	free(pin);
	free(sks);
	free(base);
}

int main(void)
{
	if (!mkdtemp(dir)) return 1;
	make_inputs();
	char p0[256], p1[256], p2[256], p3[256], p4[256], p5[256];
	snprintf(p0, sizeof(p0), "%s", path_of("big.jsonl"));
	snprintf(p1, sizeof(p1), "%s", path_of("small.jsonl.gz"));
	snprintf(p2, sizeof(p2), "%s", path_of("t.csv"));
	snprintf(p3, sizeof(p3), "%s", path_of("d"));
	snprintf(p4, sizeof(p4), "%s", path_of("e"));
	snprintf(p5, sizeof(p5), "%s", path_of("missing.jsonl"));
	const char *paths[] = {p0, p1, p2, p3, p4, p5};
	size_t np = sizeof(paths) / sizeof(paths[0]);
	ns_options o;
	ns_options_init(&o);
	o.threads = 2;
	o.batch_size = 1000; /* many batches in each part */
	char oerr[256];
	CHECK(ns_options_check(&o, oerr, sizeof(oerr)) == 0);
	ns_ctx c;
	ns_ctx_init(&c, &o, NULL, NULL);

	/* one read of everything */
	ns_docs *ref;
	ns_ingest iref = {0};
	CHECK(ns_docs_create(&ref, NULL) == NS_OK);
	CHECK(ns_ingest_files(&c, ref, &iref, paths, np, SIZE_MAX, NULL) == NS_OK);
	CHECK(iref.read > 6000 && iref.rejected > 10 && iref.input_errors == 2 && iref.blank_lines > 0 && iref.nocc > 0);
	/* ...and its sketches, made from a copy of the store (boilerplate stripped) */
	ns_sketches sref;
	{
		ns_docs *ds2;
		ns_ingest in2 = {0};
		ns_boilerplate bp;
		CHECK(ns_docs_create(&ds2, NULL) == NS_OK);
		CHECK(ns_ingest_files(&c, ds2, &in2, paths, np, SIZE_MAX, NULL) == NS_OK);
		CHECK(ns_docs_map(ds2) == NS_OK);
		CHECK(ns_boilerplate_apply(&c, ds2, in2.occ, in2.nocc, &bp) == NS_OK);
		CHECK(ns_sketch_all(&c, ds2, &sref, NULL) == NS_OK);
		ns_boilerplate_free(&bp);
		ns_ingest_free(&in2);
		ns_docs_destroy(ds2);
	}

	for (uint32_t parts = 1; parts <= 5; parts++) {
		ns_ingest_plan *pl0, *pl;
		CHECK(ns_ingest_plan_make(&o, paths, np, parts, &pl0) == NS_OK);
		ns_buf enc = {0}, enc2 = {0};
		CHECK(ns_ingest_plan_encode(pl0, &enc) == NS_OK);
		CHECK(ns_ingest_plan_decode(enc.p, enc.len, &pl) == NS_OK);
		CHECK(ns_ingest_plan_encode(pl, &enc2) == NS_OK);
		CHECK(enc.len == enc2.len && !memcmp(enc.p, enc2.p, enc.len));
		ns_ingest_plan_free(pl0);
		CHECK(ns_ingest_plan_decode(enc.p, enc.len - 1, &pl0) == NS_ERR_FORMAT && pl0 == NULL);
		/* units in order, parts never going back, big.jsonl cut with more parts */
		size_t nu = ns_ingest_plan_units(pl), cut = 0;
		uint64_t big = 0;
		int order = 1;
		for (size_t u = 0; u < nu; u++) {
			if (u && ns_ingest_plan_part(pl, u) < ns_ingest_plan_part(pl, u - 1)) order = 0;
			if (!strcmp(ns_ingest_plan_path(pl, u), p0)) { cut++; big += ns_ingest_plan_bytes(pl, u); }
			CHECK(ns_ingest_plan_part(pl, u) < parts);
		}
		CHECK(order);
		struct stat sb;
		CHECK(stat(p0, &sb) == 0 && big == (uint64_t)sb.st_size);
		CHECK(parts == 1 ? cut == 1 : cut >= 2);
		CHECK_EQ_U(nu, cut + 2 + 2 + 1 + 1); /* + gzip, csv, the directory's two files, e/, missing */

		/* each part packed, then merged in order in chunks of 7,777 bytes */
		ns_buf *stream = calloc(parts, sizeof(ns_buf));
		for (uint32_t k = 0; k < parts; k++) {
			char err[256];
			CHECK(ns_ingest_pack(&c, pl, k, SIZE_MAX, NULL, NULL, mem_sink, &stream[k], NULL, err, sizeof(err)) == NS_OK);
		}
		merge_check(&c, pl, parts, 0, stream, 7777, ref, &iref);
		/* part 0 read straight into the store (as rank 0 does), the rest merged */
		merge_check(&c, pl, parts, 1, stream, 0, ref, &iref);
		/* every part read straight into the store: ranges after the first too */
		merge_check(&c, pl, parts, parts, stream, 0, ref, &iref);
		/* boilerplate and sketches made where the parts are */
		sketch_check(&c, pl, parts, stream, &sref, ref, &iref);

		if (parts >= 2) {
			/* the second part before the first: refused */
			ns_docs *ds;
			ns_ingest_merge *m;
			ns_ingest in2 = {0};
			CHECK(ns_docs_create(&ds, NULL) == NS_OK);
			CHECK(ns_ingest_merge_create(&m, &c, ds, &in2, pl, SIZE_MAX) == NS_OK);
			CHECK(ns_ingest_merge_feed(m, stream[parts - 1].p, stream[parts - 1].len) == NS_ERR_FORMAT);
			ns_ingest_merge_destroy(m);
			ns_ingest_free(&in2);
			ns_docs_destroy(ds);
			/* the first part cut short: the merge does not end well */
			CHECK(ns_docs_create(&ds, NULL) == NS_OK);
			CHECK(ns_ingest_merge_create(&m, &c, ds, &in2, pl, SIZE_MAX) == NS_OK);
			CHECK(ns_ingest_merge_feed(m, stream[0].p, stream[0].len / 2) == NS_OK);
			CHECK(ns_ingest_merge_finish(m) == NS_ERR_FORMAT);
			ns_ingest_merge_destroy(m);
			ns_ingest_free(&in2);
			ns_docs_destroy(ds);
		}
		for (uint32_t k = 0; k < parts; k++) ns_buf_free(&stream[k]);
		free(stream);
		ns_buf_free(&enc);
		ns_buf_free(&enc2);
		ns_ingest_plan_free(pl);
	}

	/* damaged streams (bytes changed, cut anywhere) are refused (each event
	 * carries the XXH3 of its payload), never read out of bounds */
	{
		ns_ingest_plan *pl2;
		CHECK(ns_ingest_plan_make(&o, paths, np, 2, &pl2) == NS_OK);
		ns_buf s1 = {0};
		char e1[256];
		CHECK(ns_ingest_pack(&c, pl2, 1, SIZE_MAX, NULL, NULL, mem_sink, &s1, NULL, e1, sizeof(e1)) == NS_OK);
		uint64_t seed = 0x9E3779B97F4A7C15ull;
		size_t refused = 0, trials = 60;
		unsigned char *dam = malloc(s1.len ? s1.len : 1);
		for (size_t t = 0; t < trials && dam; t++) {
			memcpy(dam, s1.p, s1.len);
			size_t len = s1.len;
			if (t % 3 == 2) len = (size_t)(check_xorshift(&seed) % (s1.len + 1)); /* cut */
			for (int k = 0; k < 1 + (int)(t % 8); k++) {
				/* flip a byte, often in the first events' headers and sizes */
				size_t at = (size_t)(check_xorshift(&seed) % (t % 2 ? (len ? len : 1) : (len < 4096 ? (len ? len : 1) : 4096)));
				if (at < len) dam[at] ^= (unsigned char)(1 + check_xorshift(&seed) % 255);
			}
			ns_docs *ds;
			ns_ingest in = {0};
			ns_ingest_merge *m;
			char e0[256];
			if (ns_docs_create(&ds, NULL)) break;
			ns_status st = ns_ingest_merge_create(&m, &c, ds, &in, pl2, SIZE_MAX);
			if (!st) st = ns_ingest_merge_read(m, 0, e0, sizeof(e0));
			if (!st) st = ns_ingest_merge_feed(m, dam, len);
			if (!st) st = ns_ingest_merge_finish(m);
			refused += st != NS_OK;
			ns_ingest_merge_destroy(m);
			ns_ingest_free(&in);
			ns_docs_destroy(ds);
		}
		CHECK_EQ_U(refused, trials);
		free(dam);
		ns_buf_free(&s1);
		ns_ingest_plan_free(pl2);
	}

	/* an input gone after the plan: its part cannot be read, and says which */
	ns_ingest_plan *pl;
	CHECK(ns_ingest_plan_make(&o, paths, np, 2, &pl) == NS_OK);
	rename(p2, path_of("t.csv.gone"));
	char err[512] = "";
	ns_buf sbuf = {0};
	uint32_t last = ns_ingest_plan_part(pl, ns_ingest_plan_units(pl) - 1);
	CHECK(ns_ingest_pack(&c, pl, last, SIZE_MAX, NULL, NULL, mem_sink, &sbuf, NULL, err, sizeof(err)) == NS_ERR_OPEN);
	CHECK(strstr(err, "t.csv: cannot open") != NULL);
	/* the same when the merging process reads that part itself */
	{
		ns_docs *ds;
		ns_ingest in = {0};
		ns_ingest_merge *m;
		CHECK(ns_docs_create(&ds, NULL) == NS_OK);
		CHECK(ns_ingest_merge_create(&m, &c, ds, &in, pl, SIZE_MAX) == NS_OK);
		ns_status st = NS_OK;
		for (uint32_t k = 0; k <= last && !st; k++) st = ns_ingest_merge_read(m, k, err, sizeof(err));
		CHECK(st == NS_ERR_OPEN && strstr(err, "t.csv: cannot open") != NULL);
		ns_ingest_merge_destroy(m);
		ns_ingest_free(&in);
		ns_docs_destroy(ds);
	}
	ns_buf_free(&sbuf);
	ns_ingest_plan_free(pl);

	ns_sketches_free(&sref);
	ns_ingest_free(&iref);
	ns_docs_destroy(ref);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd)) {}
	return TEST_DONE();
}
