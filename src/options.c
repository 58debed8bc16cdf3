/* newsift — option defaults and validation. */
#include <string.h>
#include "internal.h"
#include "newsift/extract.h"
#include "newsift/lsh.h"
#include "newsift/options.h"
#include "newsift/sketch.h"

void ns_options_init(ns_options *o)
{
	memset(o, 0, sizeof(*o));
	o->field_id = "id";
	o->field_title = "title";
	o->field_date = "date";
	o->field_source = "source";
	o->field_url = "url";
	o->field_text = "text";
	o->batch_size = 4096;
	o->threads = 0;
	o->boilerplate = 1;
	o->builtin_boilerplate = 1;
	o->metadata_lines = 1;
	o->non_articles = 1;
	o->boiler_min_docs = 4;
	o->boiler_min_contexts = 8;
	o->boiler_max_words = 24;
	o->shingle_k = 5;
	o->num_perm = 128;
	o->minhash = NS_MH_OPH;
	o->threshold = 0.5;
	o->containment = 0.85;
	o->containment_min_jaccard = 0.15;
	o->containment_min_words = 50;
	o->containment_numbers = 0.5;
	o->containment_numbers_min = 3;
	o->align = 0.9;
	o->fuzzy_tokens = 1;
	o->max_bucket = 200;
	o->lsh_fp_weight = 0.5;
	o->lsh_fn_weight = 0.5;
	o->centre_relax = 0.8;
	o->centre_rounds = 4;
	o->seed = 0x6E657773696674ULL; /* "newsift" */
	o->rep = NS_REP_BEST;
	o->cluster = NS_CLUSTER_CENTRE;
	o->story_threshold = 0.03;
	o->story_merge = 0.15;
	o->story_merge_articles = 600;
	o->story_link = NS_LINK_AVERAGE;
	o->stem = 1;

	o->story_terms = 400;
	o->story_days = 7;
	o->story_top_terms = 50;
	o->story_min_shared = 2;
	o->story_max_posting = 1000;
	o->story_max_share = 0.1;
	o->story_min_posting = 50;
	o->story_shared_lines = 3;
	o->story_continue = 0.2;
	o->notice_copies = 3;
	o->notice_words = 128;
	o->digest_singles = 100;
	o->max_warnings = 50;
	o->budget_kind = NS_BUDGET_WORDS;
	o->budget = 100;
	o->redundancy = 0.5;
	o->summary_method = NS_SUM_CONCEPT;
}

ns_status ns_options_check(ns_options *o, char *err, size_t errlen)
{
#define BAD(...) do { ns_errf(err, errlen, __VA_ARGS__); return NS_ERR_OPTION; } while (0)
	const char *names[] = {o->field_id, o->field_title, o->field_date, o->field_source, o->field_url, o->field_text};
	for (int i = 0; i < 6; i++) if (!names[i] || !*names[i]) BAD("field names must not be empty");
	if (o->batch_size < 1 || o->batch_size > (1u << 24)) BAD("--batch must be 1..16777216");
	if (o->input_format < NS_FMT_AUTO || o->input_format > NS_FMT_HTML)
		BAD("--format must be jsonl, csv, tsv, text, warc or html");
	if (o->extract != NS_EXTRACT_ARTICLE && o->extract != NS_EXTRACT_TEXT) BAD("--extract must be article or text");
	if (o->threads < 0 || o->threads > 1024) BAD("--threads must be 0..1024");
	if (o->shingle_k < 1 || o->shingle_k > 64) BAD("--shingle must be 1..64");
	if (o->num_perm < 1 || o->num_perm > 4096) BAD("--num-perm must be 1..4096");
	if (o->minhash < NS_MH_OPH || o->minhash > NS_MH_CMINHASH) BAD("--minhash must be oph, classic or cminhash");
	if (!(o->threshold > 0.0 && o->threshold <= 1.0)) BAD("--threshold must be in (0, 1]");
	if (!(o->containment >= 0.0 && o->containment <= 1.0)) BAD("--containment must be in [0, 1]");
	if (!(o->containment_min_jaccard > 0.0 && o->containment_min_jaccard <= 1.0))
		BAD("--containment-min-jaccard must be in (0, 1]");
	if (!(o->containment_numbers >= 0.0 && o->containment_numbers <= 1.0))
		BAD("--containment-numbers must be in [0, 1]");
	if (o->max_bucket < 2) BAD("--max-bucket must be at least 2");
	if (!(o->story_threshold > 0.0 && o->story_threshold <= 1.0)) BAD("--story-threshold must be in (0, 1]");
	if (!(o->story_continue > 0.0 && o->story_continue <= 1.0)) BAD("--story-continue must be in (0, 1]");
	if (!(o->story_merge > 0.0 && o->story_merge <= 1.0)) BAD("--story-merge must be in (0, 1]");
	if (o->story_terms < 2 || o->story_terms > 100000) BAD("--story-terms must be 2..100000");
	if (o->budget < 1) BAD("the summary budget must be at least 1");
	if (!(o->redundancy > 0.0 && o->redundancy <= 1.0)) BAD("--redundancy must be in (0, 1]");
	if (!(o->lsh_fp_weight >= 0.0 && o->lsh_fn_weight >= 0.0 && o->lsh_fp_weight + o->lsh_fn_weight > 0.0))
		BAD("--lsh-weights must be two non-negative weights, not both 0");
	if (!(o->centre_relax > 0.0 && o->centre_relax <= 1.0)) BAD("--centre-relax must be in (0, 1]");
	if (o->centre_rounds < 1 || o->centre_rounds > 1000) BAD("--centre-rounds must be 1..1000");
	if (o->story_top_terms < 1 || o->story_top_terms > 100000) BAD("--story-top-terms must be 1..100000");
	if (o->story_min_shared < 1) BAD("--story-min-shared must be at least 1");
	if (o->story_max_posting < 2) BAD("--story-max-posting must be at least 2");
	if (!(o->story_max_share > 0.0 && o->story_max_share <= 1.0)) BAD("--story-max-share must be in (0, 1]");
	if (o->story_min_posting < 2) BAD("--story-min-posting must be at least 2");
	if (o->story_shared_lines == 1) BAD("--story-shared-lines must be 0 (off) or at least 2");
	if (o->notice_copies < 2) BAD("--notice-copies must be at least 2");
	if (o->max_warnings < -1) BAD("--max-warnings must be -1 or more");
	if (o->boiler_min_docs < 2 || o->boiler_min_contexts < 2) BAD("boilerplate minimums must be at least 2");
	if (o->bands || o->rows) {
		if (!o->bands || !o->rows) BAD("--bands and --rows go together");
		if ((uint64_t)o->bands * o->rows > o->num_perm) BAD("--bands × --rows must not exceed --num-perm");
	} else {
		/* LSH must also find abridged copies, whose Jaccard can be as low as
		 * the containment floor */
		double t = o->threshold;
		if (o->containment > 0 && o->containment_min_jaccard < t) t = o->containment_min_jaccard;
		double wsum = o->lsh_fp_weight + o->lsh_fn_weight;
		ns_lsh_params(t, o->num_perm, o->lsh_fp_weight / wsum, o->lsh_fn_weight / wsum, &o->bands, &o->rows);
	}
	return NS_OK;
#undef BAD
}
