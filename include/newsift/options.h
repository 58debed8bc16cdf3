/* newsift — every tunable of a run, in one struct.
 *
 * ns_options_init() fills in the defaults, ns_options_check() validates a
 * filled struct and derives dependent values (LSH bands × rows).  The options
 * are written into report.json so that a result always says how it was made. */
#ifndef NEWSIFT_OPTIONS_H
#define NEWSIFT_OPTIONS_H

#include <stdint.h>
#include "common.h"

/* Representative of a duplicate group. */
/* BEST: a title when any copy has one, then the most article text after
 * cleaning (tokens), then the least boilerplate removed, then the earliest
 * date, then input order. */
typedef enum { NS_REP_FIRST = 0, NS_REP_EARLIEST = 1, NS_REP_LONGEST = 2, NS_REP_CENTRE = 3, NS_REP_BEST = 4 } ns_rep_rule;

/* Grouping of verified near-duplicate pairs. */
/* FIRST takes the articles in input order: each joins the earlier kept
 * article it is most alike (a verified copy of), or is kept; a group never
 * re-forms when later articles come, which a nightly history needs. */
typedef enum { NS_CLUSTER_COMPONENTS = 0, NS_CLUSTER_PIVOT = 1, NS_CLUSTER_CENTRE = 2, NS_CLUSTER_FIRST = 3 } ns_cluster_method;

/* How candidate links between articles form stories. */
typedef enum { NS_LINK_AVERAGE = 0, NS_LINK_CENTROID = 1 } ns_story_link;

/* Sentence scoring of summaries: centroid + lead prior (default), centroid
 * alone (MEAD's centroid baseline), LexRank, or lead sentences. */
typedef enum { NS_SUM_CENTROID_POS = 0, NS_SUM_CENTROID = 1, NS_SUM_LEXRANK = 2, NS_SUM_LEAD = 3, NS_SUM_CONCEPT = 4 } ns_sum_method;

/* Format of an input.  AUTO: by the name's extension after .gz, .zst or
 * .zstd (.jsonl .ndjson .json: JSONL; .csv; .tsv; .txt .text: text;
 * .warc: WARC; .html .htm .xhtml: a web page; other names and
 * standard input: JSONL, or WARC when the data starts "WARC/1."); a
 * directory is its files, each by its name, text by default. */
typedef enum { NS_FMT_AUTO = 0, NS_FMT_JSONL, NS_FMT_CSV, NS_FMT_TSV, NS_FMT_TEXT, NS_FMT_WARC, NS_FMT_HTML } ns_input_format;

/* Summary length budget unit. */
typedef enum { NS_BUDGET_WORDS = 0, NS_BUDGET_BYTES = 1, NS_BUDGET_SENTENCES = 2 } ns_budget_kind;

typedef struct {
	/* input */
	const char *field_id, *field_title, *field_date, *field_source, *field_url, *field_text;
	int strict;              /* a rejected record makes the run fail */
	uint32_t batch_size;     /* records read and processed per parallel batch */
	uint64_t max_doc_bytes;  /* longer texts are truncated at a line boundary (0 = no limit) */
	/* input formats */
	int input_format;        /* ns_input_format: NS_FMT_AUTO (each input by its name) or the one of every input */
	int extract;             /* ns_extract_mode: what a web page gives, its article (default) or all its text */
	/* execution */
	int threads;             /* 0 = all cores */
	const char *tmp_dir;     /* temporary (spill) files go here; NULL = $TMPDIR, else /tmp */
	uint64_t memory_budget;  /* bytes for the run's working windows (0 = no limit) */
	/* cleaning */
	int boilerplate;         /* learn and remove boilerplate lines */
	int builtin_boilerplate; /* remove the built-in boilerplate lines (ns_scrub_boiler) */
	int metadata_lines;      /* move or drop scraped metadata at a text's start (ns_scrub_meta_lines) */
	int non_articles;        /* reject pages that are not articles (ns_scrub_not_article) */
	uint32_t boiler_min_docs;     /* a line must occur in at least this many documents ... */
	uint32_t boiler_min_contexts; /* ... next to this many different neighbour lines */
	uint32_t boiler_max_words;    /* longer lines are never boilerplate */
	/* near-duplicates */
	uint32_t shingle_k;      /* words per shingle */
	uint32_t num_perm;       /* MinHash values per signature */
	int minhash;             /* ns_minhash_kind: oph, classic or cminhash */
	int fuzzy_tokens;        /* shingles of word skeletons (ns_token_skeleton): copies with letter noise */
	double threshold;        /* Jaccard threshold for a near-duplicate */
	double containment;      /* coverage of the shorter text by the longer (abridged copies); 0 = off */
	double containment_min_jaccard; /* Jaccard floor that goes with containment */
	uint32_t containment_min_words; /* the shorter text has at least this many words */
	double containment_numbers;     /* ...and at least this share of the numbers inside its shared text
	                                   are in the longer one... */
	uint32_t containment_numbers_min; /* ...when it has at least this many (fewer cannot tell an edit) */
	double align;            /* sentence alignment of the shorter text in the longer (ns_align_share) that,
	                            with its numbers kept, makes an edited copy; 0 = off */
	uint32_t bands, rows;    /* LSH banding; 0 = derived from threshold */
	uint32_t max_bucket;     /* larger LSH buckets pair each member with the first only */
	double lsh_fp_weight;    /* weight of false positives when bands/rows are derived... */
	double lsh_fn_weight;    /* ...and of false negatives (the two sum to 1) */
	uint64_t seed;           /* hash seed for shingles and MinHash */
	ns_rep_rule rep;         /* representative rule */
	ns_cluster_method cluster; /* how verified pairs form groups */
	double centre_relax;     /* centre clustering: a member without an edge to its centre stays
	                            when it passes the test with thresholds times this */
	uint32_t centre_rounds;  /* centre clustering: detached members are regrouped this many times */
	int dedup_only;          /* skip story grouping and summaries (each duplicate group is a story) */
	int no_dump;             /* do not write deduped.jsonl.gz (clusters.tsv still accounts for every record) */
	/* stories */
	int stem;                /* stem story terms (Snowball, by detected language) */
	double story_threshold;  /* cosine that makes two articles a candidate link */
	double story_merge;      /* similarity of two stories needed to merge them... */
	uint32_t story_merge_articles; /* ...in a corpus of this many kept articles: the level moves with
	                                  the log of the kept articles (0 = story_merge for any corpus) */
	ns_story_link story_link; /* average link or centroid */
	uint32_t story_terms;    /* top terms per article in the candidate index */
	int story_days;          /* max date distance in days for a link (<0 = ignore dates) */
	uint32_t story_top_terms;   /* strongest terms of an article posted to the candidate index */
	uint32_t story_min_shared;  /* a candidate pair shares at least this many of them */
	uint32_t story_max_posting; /* longest posting list used for candidates */
	double story_max_share;     /* a term in more than this share of the articles is left out of
	                               the candidate index and of the vectors... */
	uint32_t story_min_posting; /* ...unless in no more articles than this */
	uint32_t story_shared_lines; /* a short line found in at least this many kept articles gives no
	                                story terms (0 = off) */
	double story_continue;   /* with a history: centroid cosine at which a story continues an earlier one */
	uint32_t notice_copies;  /* a notice page (kept out of stories): at least this many copies... */
	uint32_t notice_words;   /* ...of a text of fewer words than this */
	/* summaries */
	ns_budget_kind budget_kind;
	uint32_t budget;         /* words, bytes or sentences */
	double redundancy;       /* max cosine of a new sentence to one already chosen */
	ns_sum_method summary_method;
	/* outputs */
	uint32_t digest_singles; /* single-article stories listed in digest.md */
	long max_warnings;       /* warnings a caller's log prints (-1 = all); the library only reports it */
	/* diagnostics */
	const char *pairs_path;  /* write every LSH candidate pair with its scores here (NULL = no) */
	/* the config file the caller read options from (NULL: none), for the report */
	const char *config;
	/* resources */
	uint64_t mem_available;  /* memory the story stage may take, in bytes (0 = what the system reports) */
} ns_options;

/* Fill *o with the defaults. */
void ns_options_init(ns_options *o);

/* Validate *o and derive bands/rows where 0.  On failure writes a one-line
 * reason into err (size errlen) and returns NS_ERR_OPTION. */
ns_status ns_options_check(ns_options *o, char *err, size_t errlen);

#endif
