/* newsift — the boilerplate stage.
 *
 * The lines are learned from their occurrences (ns_boiler_learn: a line in
 * enough documents next to enough different neighbours), then each text is
 * copied without them (ns_boiler_strip_keys, with the line keys the read
 * stage stored) and, when a line went, written back shorter into the
 * store.  The learned lines' texts are copied first, from the documents
 * they were learned in, since stripping removes them there. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/boiler.h"

ns_status ns_boilerplate_apply(const ns_ctx *c, ns_docs *ds, ns_line_occ *occ, size_t nocc, ns_boilerplate *bp)
{
	const ns_options *o = c->o;
	memset(bp, 0, sizeof(*bp));
	ns_status st = ns_boiler_learn(occ, nocc, o, &bp->line, &bp->n);
	if (!st && bp->n) {
		bp->text = calloc(bp->n, sizeof(char *));
		if (!bp->text) st = NS_ERR_NOMEM;
		for (size_t i = 0; i < bp->n && !st; i++) {
			const ns_boiler_line *b = &bp->line[i];
			bp->text[i] = strndup(ns_docs_field(ds, b->doc, NS_F_TEXT) + b->span.start, b->span.len);
			if (!bp->text[i]) st = NS_ERR_NOMEM;
		}
	}
	if (st || !bp->n) return st;
	return ns_boilerplate_strip(c, ds, bp->line, bp->n, &bp->removed);
}

ns_status ns_boilerplate_strip(const ns_ctx *c, ns_docs *ds, const ns_boiler_line *line, size_t nline,
                               uint64_t *removed_out)
{
	size_t n = ns_docs_count(ds);
	uint64_t removed = 0;
	*removed_out = 0;
	if (!nline) return NS_OK;
	int nomem = 0, werr = 0;
#pragma omp parallel num_threads(c->threads) reduction(|:nomem) reduction(+:removed) reduction(max:werr)
	{
		ns_buf out = {0};
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; i++) {
			uint32_t nkeys;
			const uint64_t *keys = ns_docs_line_keys(ds, i, &nkeys);
			if (ns_docs_info(ds, i)->rejected || !keys) continue;
			uint32_t rm;
			if (ns_boiler_strip_keys(ns_docs_field(ds, i, NS_F_TEXT), ns_docs_len(ds, i, NS_F_TEXT), keys, nkeys, line,
			                         nline, &out, &rm)) {
				nomem = 1;
				continue;
			}
			if (!rm) continue;
			removed += rm;
			int e;
			ns_status ss = ns_docs_set_text(ds, i, out.p, out.len, &e);
			if (ss == NS_ERR_IO) werr = e;
			else if (ss) nomem = 1;
		}
		ns_buf_free(&out);
	}
	*removed_out = removed;
	if (werr && !nomem) {
		ns_ctx_logf(c, NS_LOG_ERROR, "temporary file in %s: %s", ns_docs_tmp_dir(ds), strerror(werr));
		return NS_ERR_IO;
	}
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

void ns_boilerplate_free(ns_boilerplate *bp)
{
	for (size_t i = 0; bp->text && i < bp->n; i++) free(bp->text[i]);
	free(bp->text);
	free(bp->line);
	memset(bp, 0, sizeof(*bp));
}
