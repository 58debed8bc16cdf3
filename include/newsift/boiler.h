/* newsift — the boilerplate stage: lines that recur across the dump
 * ("Advertisement", "Share this article", an outlet's footer) are learned
 * and removed from every text.
 *
 * Consumes: the short lines' occurrences the read stage gathered and the
 *   line keys it stored with each record.
 * Produces: the learned lines (ns_boilerplate) and, in the store, every
 *   text without them (ns_docs_set_text).
 * Holds: the occurrences while learning (they are sorted in place and
 *   freed by the caller), then the learned lines; one output buffer per
 *   thread while stripping.
 * Threads: learning and stripping run in parallel with ctx->threads; the
 *   result does not depend on the thread count. */
#ifndef NEWSIFT_BOILER_H
#define NEWSIFT_BOILER_H

#include <stddef.h>
#include <stdint.h>
#include "clean.h"
#include "context.h"
#include "docs.h"

/* The learned lines, for the report. */
typedef struct {
	ns_boiler_line *line; /* sorted by key */
	char **text;          /* a copy of each line's text */
	size_t n;
	uint64_t removed;     /* lines removed from the texts */
} ns_boilerplate;

/* Learn from occ[0..nocc) (sorted in place) and strip the learned lines
 * from every text of ds, which must be mapped.  NS_ERR_NOMEM; NS_ERR_IO
 * (logged) when the store's file cannot be rewritten. */
ns_status ns_boilerplate_apply(const ns_ctx *c, ns_docs *ds, ns_line_occ *occ, size_t nocc, ns_boilerplate *bp);

/* Strip lines[0..nline) (learned elsewhere: by the process that has every
 * occurrence, in a run spread over processes) from every text of ds,
 * mapped; *removed gets the lines removed.  As ns_boilerplate_apply. */
ns_status ns_boilerplate_strip(const ns_ctx *c, ns_docs *ds, const ns_boiler_line *lines, size_t nline,
                               uint64_t *removed);

/* Free; accepts a zeroed struct. */
void ns_boilerplate_free(ns_boilerplate *bp);

#endif
