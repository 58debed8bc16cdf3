/* newsift — scoring a clustering against gold labels.
 *
 * Pairwise precision/recall/F1 and the adjusted Rand index (Hubert & Arabie)
 * from the contingency table, and B-cubed precision/recall/F1.  Every gold id
 * is scored; a gold id missing from the prediction counts as a singleton;
 * predicted ids not in the gold are ignored (and counted). */
#ifndef NEWSIFT_EVAL_H
#define NEWSIFT_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef struct {
	size_t n;               /* gold ids scored */
	size_t missing;         /* gold ids absent from the prediction */
	size_t extra;           /* predicted ids absent from the gold */
	uint64_t gold_pairs, pred_pairs, true_pairs;
	double precision, recall, f1;  /* pairwise; 1 when there is nothing to get wrong */
	double ari;
	double bcubed_p, bcubed_r, bcubed_f1;
} ns_eval_result;

/* Score labels: n items, gold[i] and pred[i] are cluster labels (any uint32
 * values; equal value = same cluster).  NS_ERR_NOMEM on failure. */
ns_status ns_eval_labels(const uint32_t *gold, const uint32_t *pred, size_t n, ns_eval_result *r);

/* Score column `column` (e.g. "dup_group" or "story") of the TSV pred_path
 * against the same column of gold_path.  Both files have a header line naming
 * their columns, one of them "id".  On failure err holds a one-line reason
 * with file:line. */
ns_status ns_eval_files(const char *pred_path, const char *gold_path, const char *column,
                        ns_eval_result *r, char *err, size_t errlen);

/* Hard negatives of the duplicate level: of the pairs of gold ids in the same
 * gold story but different gold dup groups (different reports of one event),
 * *total, how many the prediction put in one dup group, *merged.  Both files
 * need the columns id, dup_group and story. */
ns_status ns_eval_same_story(const char *pred_path, const char *gold_path, uint64_t *merged, uint64_t *total,
                             char *err, size_t errlen);

#endif
