/* newsift — ROUGE scores of a summary against reference summaries.
 *
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4, each as recall, precision and F
 * (F = 2PR/(P+R), ROUGE-1.5.5's alpha 0.5), computed the way ROUGE-1.5.5 is
 * run in papers (-n 2 -2 4 -U -m, stop words kept, -l N):
 *
 * - Texts are plain UTF-8; a line end separates two sentences (that matters
 *   to ROUGE-L only: n-grams and skip-bigrams run across sentence ends, as in
 *   ROUGE-1.5.5).
 * - English tokens (NS_ROUGE_TOK_ENGLISH): the bytes are lower-cased, every
 *   byte but [a-z0-9] separates tokens (so "U.S.-led" gives u s led, and any
 *   non-ASCII byte is a separator, as in ROUGE-1.5.5).  With stem set, a
 *   token longer than 3 bytes is replaced by its Porter stem (libstemmer's
 *   "porter" algorithm); shorter ones are kept as they are (ROUGE-1.5.5 -m).
 * - Unicode tokens (NS_ROUGE_TOK_UNICODE, for other languages): maximal runs
 *   of Unicode letters, digits and combining marks, lower-cased (a final
 *   capital sigma becomes ς) and in NFC; no stemming.
 * - Word limit (-l N): only the first N words of the candidate are scored.  A
 *   word is a maximal run of non-white-space characters of the text as
 *   given (ASCII white space for English, Unicode white space otherwise),
 *   the count ROUGE-1.5.5 uses; "well-known," is one word, two tokens.
 * - Counts are clipped: a candidate n-gram matches at most as many times as
 *   it occurs in the reference.  R = matches / reference n-grams, P =
 *   matches / candidate n-grams; 0/0 scores 0.
 * - ROUGE-L is the summary-level union LCS of ROUGE-1.5.5: for each reference
 *   sentence, the reference words on an LCS with any candidate sentence are
 *   marked (one LCS per candidate sentence, traced back as ROUGE-1.5.5 does:
 *   a match goes diagonally, a tie goes up the reference); the marked words
 *   are then counted in reference order, each only while both texts still
 *   have an unused occurrence of that token (the clipping of 1.4.1).  R = hits
 *   / reference tokens, P = hits / candidate tokens.
 * - ROUGE-SU4: every pair of tokens (a, b) with a before b and at most 4
 *   tokens between them, plus unigrams; as in ROUGE-1.5.5 -u, the last
 *   token of a text adds no unigram (ROUGE-1.5.5 counts unigrams in its
 *   skip-bigram loop, which stops one token short).
 * - Several references: the candidate is scored against each reference and
 *   R, P and F are each averaged over the references (what the evaluation
 *   data asks for).  ROUGE-1.5.5's default ("-f A") instead pools the
 *   counts (total matches / total reference n-grams); with one reference
 *   the two agree.
 *
 * Known differences from ROUGE-1.5.5 beyond the averaging: -l cuts only the
 * candidate (ROUGE-1.5.5 also cuts the references); the WordNet exception
 * list ROUGE-1.5.5 consults before stemming ("went" -> "go") is not used;
 * per-unit scores are not rounded to 5 decimals before averaging.
 *
 * Thread safety: a scorer (ns_rouge) is used by one thread at a time; make
 * one per thread.  Everything else is reentrant.  The library never prints. */
#ifndef NEWSIFT_ROUGE_H
#define NEWSIFT_ROUGE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef enum {
	NS_ROUGE_TOK_ENGLISH = 0, /* ROUGE-1.5.5: ASCII [a-z0-9] runs, optional Porter stemming */
	NS_ROUGE_TOK_UNICODE = 1  /* letter/digit/mark runs, lower-cased NFC, no stemming */
} ns_rouge_tokenizer;

/* Largest skip_gap accepted. */
#define NS_ROUGE_MAX_GAP 1000

/* How scores are made.  Written into every report the CLI prints. */
typedef struct {
	ns_rouge_tokenizer tokenizer; /* default NS_ROUGE_TOK_ENGLISH */
	int stem;                     /* 1: Porter stemming (English only); default 1 */
	uint32_t max_words;           /* score the candidate's first N words; 0 = all (default) */
	uint32_t skip_gap;            /* ROUGE-SU: most tokens between a pair's two; default 4 */
} ns_rouge_options;

/* Defaults: English tokens, stemming, no word limit, gap 4. */
void ns_rouge_options_init(ns_rouge_options *o);

/* NS_OK, or NS_ERR_OPTION with a one-line reason in err (err may be NULL):
 * an unknown tokenizer, stemming with Unicode tokens, skip_gap above
 * NS_ROUGE_MAX_GAP. */
ns_status ns_rouge_options_check(const ns_rouge_options *o, char *err, size_t errlen);

typedef enum { NS_ROUGE_1 = 0, NS_ROUGE_2, NS_ROUGE_L, NS_ROUGE_SU, NS_ROUGE_NMETRICS } ns_rouge_metric;

/* "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-SU" (the caller appends the gap);
 * "" for a value out of range.  Static string. */
const char *ns_rouge_metric_name(ns_rouge_metric m);

typedef struct {
	double r, p, f; /* recall, precision, F; fractions in [0, 1] */
} ns_rouge_prf;

/* One candidate's scores, averaged over its references. */
typedef struct {
	ns_rouge_prf m[NS_ROUGE_NMETRICS]; /* indexed by ns_rouge_metric */
	uint32_t cand_words;               /* words of the candidate scored (after the limit) */
	uint32_t cand_tokens;              /* tokens of the candidate scored */
} ns_rouge_scores;

typedef struct ns_rouge ns_rouge;

/* A scorer with options o (copied).  *out is NULL on failure: NS_ERR_OPTION
 * (o fails ns_rouge_options_check), NS_ERR_NOMEM (also when libstemmer
 * cannot make its "porter" stemmer). */
ns_status ns_rouge_create(ns_rouge **out, const ns_rouge_options *o);

/* Accepts NULL. */
void ns_rouge_destroy(ns_rouge *r);

/* Score the NUL-terminated candidate against refs[0..nrefs) (NUL-terminated,
 * borrowed for the call).  Sentences are separated by "\n".  A text without
 * tokens scores 0.  NS_ERR_OPTION when nrefs is 0 or a pointer is NULL,
 * NS_ERR_NOMEM; *out is zeroed on failure.  The buffers the scorer keeps for
 * reuse grow with the largest texts seen (ROUGE-L needs m*n bits for an
 * m-token reference sentence and an n-token candidate sentence). */
ns_status ns_rouge_score(ns_rouge *r, const char *cand, const char *const *refs, size_t nrefs,
                         ns_rouge_scores *out);

/* The tokens ROUGE sees in text (NUL-terminated), for inspection and tests:
 * appended to out, separated by one space, each sentence that has tokens on
 * its own line ending in "\n".  With truncate set, only the first max_words
 * words are used.  NS_ERR_NOMEM. */
ns_status ns_rouge_tokenize(ns_rouge *r, const char *text, int truncate, ns_buf *out);

/* ---- files ---------------------------------------------------------------- */

/* Scores of a summaries file against a references file. */
typedef struct {
	ns_rouge_prf m[NS_ROUGE_NMETRICS]; /* mean over the stories with references */
	size_t stories;       /* stories with references (the denominator) */
	size_t missing;       /* of them, without a summary: each scores 0 */
	size_t extra;         /* distinct stories with a summary but no references (ignored) */
	size_t bad_ref_lines; /* reference lines skipped: malformed, no summaries, repeated story */
	size_t bad_sum_lines; /* summary lines skipped: malformed, repeated story */
	double mean_words;    /* mean words per scored summary (after the limit); 0 if none */
} ns_rouge_report;

/* Score summaries_path against refs_path (JSONL, plain or gzip, "-" for
 * standard input in one of them).
 *
 * refs_path: {"story": ID, "summaries": [TEXT, ...]} per line.
 * summaries_path: {"story": ID, "summary": TEXT} or {"story": ID, "summary":
 * [{"text": SENTENCE, ...}, ...]} (newsift's stories.jsonl and summarize
 * --json), where each list item is one sentence (a plain string item is
 * accepted too).  An integer ID is read as its decimal string.
 *
 * Blank lines are ignored.  A skipped line is counted in the report and
 * named through log (NS_LOG_WARN, "path:line: ..."; log may be NULL).
 * Stories are averaged in the order of refs_path.  Fails with a one-line
 * reason in err on NS_ERR_OPEN, NS_ERR_IO (read error), NS_ERR_NOMEM,
 * NS_ERR_OPTION (bad options) and NS_ERR_FORMAT (no usable reference line). */
ns_status ns_rouge_files(const char *summaries_path, const char *refs_path, const ns_rouge_options *o,
                         ns_rouge_report *rep, ns_log_fn log, void *ud, char *err, size_t errlen);

#endif
