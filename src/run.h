/* newsift — the run's state, shared by the driver (pipeline.c) and the
 * writer (write.c); internal. */
#ifndef NEWSIFT_RUN_H
#define NEWSIFT_RUN_H

#include "newsift/newsift.h"

enum { NS_KEPT = 0, NS_DUPLICATE = 1, NS_REJECTED = 2 };
enum { NS_DUP_NONE = 0, NS_DUP_EXACT = 1, NS_DUP_NEAR = 2, NS_DUP_CONTAIN = 3 };

/* One input record and everything the run learns about it.  Lives in the
 * run-owned array r->docs, indexed by input position; kept small (it is
 * what a run holds per article): the fields themselves are in the text
 * spill file (ns_doc_field), a rejection's reason in r->reasons. */
typedef struct {
	uint64_t off;         /* fields but the id in the text spill file, each NUL-terminated, in field order */
	uint64_t idoff;       /* the id in r->ids */
	uint64_t line;
	uint64_t exact[2];    /* 128-bit hash of the token stream */
	uint32_t len[NS_NFIELDS]; /* field lengths; the text is the cleaned text */
	uint32_t file;        /* index into r->inputs */
	uint32_t group;       /* representative's index (self when kept) */
	uint32_t story;       /* story label: smallest index of its story */
	uint32_t partner;     /* near duplicate: the document it matched */
	uint32_t exact_root;  /* first document with the same exact content */
	uint32_t ntok;        /* tokens in the cleaned text */
	uint32_t nsh;         /* distinct shingles */
	uint32_t nkeys;       /* boilerplate line keys spilled after the fields (see keys_off) */
	float sim;            /* and the similarity of that match */
	float centre;         /* sum of the weights of its edges inside its group */
	int32_t days;         /* date as days since 1970, INT32_MIN if unknown */
	uint8_t status, dup_kind, repaired;
	uint8_t lang;         /* ns_lang of the text (representatives) */
} ns_doc;

/* The reason a record was rejected. */
typedef struct {
	uint32_t doc;
	char *text;
} ns_reason;

typedef struct {
	uint32_t story;       /* label doc */
	uint32_t *members;    /* all documents, input order */
	uint32_t nmembers;
	uint32_t *articles;   /* representatives, input order */
	uint32_t narticles;
	ns_sum_sent *summary;
	size_t nsummary;
} ns_story;

/* Stage timer names, in report order. */
enum { NS_T_READ, NS_T_BOILER, NS_T_SHINGLE, NS_T_SKETCH, NS_T_LSH, NS_T_VERIFY, NS_T_CLUSTER,
       NS_T_STORIES, NS_T_SUMMARY, NS_T_WRITE, NS_T_COUNT };
extern const char *const ns_timer_names[NS_T_COUNT];

struct ns_run {
	const ns_options *o;
	ns_log_fn log;
	void *ud;
	volatile sig_atomic_t *stop;
	char **inputs;
	size_t ninputs;
	ns_doc *docs;
	size_t ndocs, cap;
	uint32_t *idtab;     /* ids seen so far (see id_insert) */
	size_t idcap, nids;
	ns_boiler_line *boiler;
	char **boiler_text;  /* a copy of each learned line, for the report */
	size_t nboiler;
	ns_story *stories;
	size_t nstories;
	ns_run_counts c;
	double t[NS_T_COUNT];
	uint64_t bytes_in;   /* uncompressed input bytes */
	struct ns_spill *band; /* LSH band keys, one spill file per band (shingles to LSH) */
	struct ns_spill *texts;/* the records' fields but ids, spilled as they are read... */
	char *tmap;            /* ...and mapped back for processing (rec.f[] point into it) */
	size_t tmap_len;
	ns_buf ids;            /* every record's id, NUL-terminated */
	ns_reason *reasons;    /* rejected records' reasons, by document */
	size_t nreasons, reasoncap;
	ns_line_occ *occ;      /* short lines met while reading, for boilerplate learning */
	size_t nocc, occcap;
	uint32_t nband;
	uint64_t verify_window; /* bytes of shingle sets re-made at a time for verification */
	size_t batch_bytes;     /* a read batch ends after this many bytes of lines */
};

/* Log a formatted line through the run's callback. */
void ns_run_logf(ns_run *r, ns_log_level lv, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Field f of d (NUL-terminated; d->len[f] bytes).  The id is readable
 * from the start, the other fields once the texts are mapped (processing). */
static inline const char *ns_doc_field(const ns_run *r, const ns_doc *d, int f)
{
	if (f == NS_F_ID) return r->ids.p + d->idoff;
	const char *p = r->tmap + d->off;
	for (int k = 1; k < f; k++) p += d->len[k] + 1;
	return p;
}

/* Why document doc was rejected ("" when it was not). */
const char *ns_doc_reason(const ns_run *r, uint32_t doc);

/* Seconds on a monotonic clock. */
double ns_now(void);

#endif
