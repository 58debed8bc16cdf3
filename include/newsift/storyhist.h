/* newsift — stories across nights: tonight's stories that continue a
 * history's.
 *
 * Consumes: tonight's story set with its kept articles' signatures
 *   (ns_story_set_build_sig) and a history (ns_state) whose kept articles
 *   carry theirs and the label of the story they belonged to.
 * Produces: in the story set, for each story that continues one of the
 *   history's, that story (a history article of it), when it was first seen
 *   and how many of its articles the history holds (ss->cont, first_seen,
 *   earlier); tonight's stories that continue the same history story become
 *   one story.
 * How: a story's centroid is the sum of its articles' signatures (their
 *   strongest terms, weighed), cut to its NS_STORYHIST_TERMS strongest terms
 *   and L2-normalised.  The history's stories are those of its articles
 *   from runs at most options story_days before this run (all: story_days
 *   < 0).  Tonight's story continues the history story whose centroid has
 *   the highest cosine with its own, when that reaches options
 *   story_continue (ties to the story seen first).
 * Holds: the centroids of the history's recent stories and tonight's.
 * Threads: one; the work is a sort of the centroids' terms. */
#ifndef NEWSIFT_STORYHIST_H
#define NEWSIFT_STORYHIST_H

#include <stdint.h>
#include "context.h"
#include "dedup.h"
#include "state.h"
#include "stories.h"

#define NS_STORYHIST_TERMS 64 /* terms of a story's centroid */

/* Link tonight's stories in ss (collected, with signatures) to the
 * history's, for a run at run_time (seconds since 1970).  ss->list is
 * collected again.  NS_ERR_NOMEM, NS_ERR_FORMAT (a label out of range). */
ns_status ns_story_continue(const ns_ctx *c, const ns_dedup *dd, const ns_state *hist, int64_t run_time,
                            ns_story_set *ss);

#endif
