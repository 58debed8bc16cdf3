/* newsift — tests for ROUGE: tokenisation (English with and without Porter
 * stemming, Unicode), the word limit, and ROUGE-1/2/L/SU4 scores computed by
 * hand in the comments next to each case; then several references, the
 * summary-level union LCS with its clipping and its tie rule, errors, and
 * the JSONL file reader on small files in a temporary directory. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "newsift/rouge.h"
#include "check.h"

#define EPS 1e-12
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* "not checked" in a table of expected scores */
#define SKIP (-1.0)

enum { EN = NS_ROUGE_TOK_ENGLISH, UNI = NS_ROUGE_TOK_UNICODE };

static ns_rouge *make(int tokenizer, int stem, uint32_t words)
{
	ns_rouge_options o;
	ns_rouge_options_init(&o);
	o.tokenizer = (ns_rouge_tokenizer)tokenizer;
	o.stem = stem;
	o.max_words = words;
	ns_rouge *r = NULL;
	CHECK(ns_rouge_create(&r, &o) == NS_OK);
	return r;
}

/* ---- tokens --------------------------------------------------------------- */

typedef struct {
	const char *name;
	int tokenizer, stem;
	uint32_t words; /* word limit, 0 = none */
	const char *text, *want; /* want: tokens, one line per sentence */
} tok_case;

static const tok_case tok_cases[] = {
	/* lower-cased; every byte but [a-z0-9] separates: "U.S.-led" is u s led */
	{"ascii", EN, 0, 0, "The U.S.-led force, 2,000 strong!", "the u s led force 2 000 strong\n"},
	/* Porter stems only tokens longer than 3 bytes: running, runs -> run;
	 * cats -> cat; ties -> ti, but tie (3 bytes) stays tie; was stays was */
	{"stem", EN, 1, 0, "Running runs cats ties tie was", "run run cat ti tie was\n"},
	{"no stem", EN, 0, 0, "Running runs cats ties tie was", "running runs cats ties tie was\n"},
	/* a line end starts a sentence; a line without tokens prints nothing */
	{"sentences", EN, 0, 0, "A b.\n-- \nC d", "a b\nc d\n"},
	/* English tokens see only ASCII: Příliš -> p | ř í | li | š, and
	 * žluťoučký -> ž | lu | ť | ou | č | k | ý */
	{"english on czech", EN, 0, 0, "Příliš žluťoučký", "p li lu ou k\n"},
	/* Unicode tokens: lower-cased NFC; apostrophes separate */
	{"french", UNI, 0, 0, "L'Élève ÉTUDIE à l'École.", "l élève étudie à l école\n"},
	/* decomposed input (E + U+0301, e + U+0300) comes out composed */
	{"nfc", UNI, 0, 0, "E\xCC\x81le\xCC\x80ve", "élève\n"},
	{"czech", UNI, 0, 0, "Příliš ŽLUŤOUČKÝ kůň, 2024!", "příliš žluťoučký kůň 2024\n"},
	/* a capital sigma at the end of a word lower-cases to the final form */
	{"greek", UNI, 0, 0, "ΟΔΟΣ οδός Σ", "οδος οδός σ\n"},
	/* combining vowel signs and the virama belong to the word */
	{"hindi", UNI, 0, 0, "हिन्दी भाषा", "हिन्दी भाषा\n"},
	/* the limit counts white-space words of the text: "U.S.-led" and
	 * "forces," are two words, four tokens */
	{"limit words", EN, 0, 2, "U.S.-led forces, well-known", "u s led forces\n"},
	/* the limit runs across sentences and cuts inside one */
	{"limit lines", EN, 0, 3, "a b\nc d\ne", "a b\nc\n"},
	/* a word without tokens still counts */
	{"limit dash", EN, 0, 2, "a -- b", "a\n"},
	{"limit unicode", UNI, 0, 2, "čaj\xC2\xA0kávé mléko", "čaj kávé\n"},
};

static void test_tokens(void)
{
	for (size_t i = 0; i < ARRAY_LEN(tok_cases); i++) {
		const tok_case *c = &tok_cases[i];
		ns_rouge *r = make(c->tokenizer, c->stem, c->words);
		ns_buf b = {0};
		CHECK(ns_rouge_tokenize(r, c->text, c->words != 0, &b) == NS_OK);
		if (!b.p || strcmp(b.p, c->want)) fprintf(stderr, "token case '%s':\n", c->name);
		CHECK_STR(b.p ? b.p : "", c->want);
		ns_buf_free(&b);
		ns_rouge_destroy(r);
	}
}

/* ---- scores against one reference ----------------------------------------- */

typedef struct {
	const char *name;
	int tokenizer, stem;
	uint32_t words;
	const char *cand, *ref;
	double r[NS_ROUGE_NMETRICS], p[NS_ROUGE_NMETRICS]; /* ROUGE-1, -2, -L, -SU4; SKIP = not checked */
} score_case;

static const score_case score_cases[] = {
	/* cand the cat sat on the mat, ref the cat is on the mat (6 tokens each).
	 * ROUGE-1: the min(2,2) + cat + on + mat = 5 -> R = P = 5/6.
	 * ROUGE-2: cand bigrams the-cat cat-sat sat-on on-the the-mat, ref
	 *   the-cat cat-is is-on on-the the-mat: the-cat, on-the, the-mat = 3 of 5.
	 * ROUGE-L: LCS the cat on the mat = 5 -> 5/6.
	 * ROUGE-SU4: 6 tokens, so every pair is within the gap: C(6,2) = 15
	 *   pairs, plus unigrams of the first 5 tokens = 20 per text.
	 *   Unigrams: cand the cat sat on the, ref the cat is on the -> the 2,
	 *   cat, on = 4.  Pairs in both: the-cat, the-on, the-the, the-mat x2
	 *   (from the 1st and the 5th token in both), cat-on, cat-the, cat-mat,
	 *   on-the, on-mat = 10.  14 / 20 = 0.7 each way. */
	{"cat", EN, 1, 0, "the cat sat on the mat", "the cat is on the mat",
	 {5.0 / 6, 3.0 / 5, 5.0 / 6, 14.0 / 20}, {5.0 / 6, 3.0 / 5, 5.0 / 6, 14.0 / 20}},
	/* -l 4: the cat sat on (4 tokens) against the same reference:
	 * ROUGE-1 the, cat, on = 3: R = 3/6, P = 3/4.  ROUGE-2: the-cat = 1
	 * of 3 cand bigrams, 5 ref.  ROUGE-L: the cat on = 3: 3/6, 3/4.
	 * SU4: cand unigrams the cat sat (3) + pairs the-cat the-sat the-on
	 * cat-sat cat-on sat-on (6) = 9; hits the, cat, the-cat, the-on,
	 * cat-on = 5: R = 5/20, P = 5/9. */
	{"limit", EN, 1, 4, "the cat sat on the mat", "the cat is on the mat",
	 {3.0 / 6, 1.0 / 5, 3.0 / 6, 5.0 / 20}, {3.0 / 4, 1.0 / 3, 3.0 / 4, 5.0 / 9}},
	/* stemming: Running dogs -> run dog, the runner runs -> the runner run.
	 * ROUGE-1: run 1 of 3 ref tokens, 2 cand tokens: R = 1/3, P = 1/2; ROUGE-2:
	 * run-dog against the-runner, runner-run: 0; ROUGE-L: run: 1/3, 1/2. */
	{"stem", EN, 1, 0, "Running dogs", "The runner runs",
	 {1.0 / 3, 0, 1.0 / 3, SKIP}, {1.0 / 2, 0, 1.0 / 2, SKIP}},
	/* without stemming nothing matches */
	{"no stem", EN, 0, 0, "Running dogs", "The runner runs", {0, 0, 0, 0}, {0, 0, 0, 0}},
	/* ROUGE-1.5.5 leaves tokens of <= 3 bytes alone: tie stays tie, ties
	 * becomes ti, so they do not match; cats -> cat matches cat */
	{"short", EN, 1, 0, "tie cats", "ties cat", {1.0 / 2, 0, 1.0 / 2, SKIP}, {1.0 / 2, 0, 1.0 / 2, SKIP}},
	/* clipping: the x4 against the cat.  ROUGE-1: min(4, 1) = 1: R = 1/2,
	 * P = 1/4.  ROUGE-2: the-the x3 against the-cat: 0.  ROUGE-L: one LCS
	 * word: 1/2, 1/4.  SU4: cand unigrams the x3 + pairs the-the x6 = 9;
	 * ref unigram the + pair the-cat = 2; hits: the min(3, 1) = 1: R = 1/2,
	 * P = 1/9. */
	{"clip", EN, 1, 0, "the the the the", "the cat", {1.0 / 2, 0, 1.0 / 2, 1.0 / 2}, {1.0 / 4, 0, 1.0 / 4, 1.0 / 9}},
	/* n-grams run across sentences, ROUGE-L does not.  cand a b | c, ref b c.
	 * ROUGE-2: a-b, b-c against b-c: 1: R = 1/1, P = 1/2.  ROUGE-L: ref
	 * sentence b c: LCS with "a b" marks b, with "c" marks c: union 2:
	 * R = 2/2, P = 2/3. */
	{"lines", EN, 1, 0, "a b\nc", "b c", {1, 1, 1, SKIP}, {2.0 / 3, 1.0 / 2, 2.0 / 3, SKIP}},
	/* SU4 gap: ref a b c d e f g (7 tokens): unigrams a..f (6) and pairs
	 * with at most 4 tokens between: 5+5+4+3+2+1 = 20; a-g (5 between) is
	 * not one.  cand a g: unigram a (the last token adds none) + a-g = 2.
	 * Hits: a = 1: R = 1/26, P = 1/2.  ROUGE-1: a, g: 2/7, 2/2. */
	{"su gap", EN, 1, 0, "a g", "a b c d e f g", {2.0 / 7, 0, 2.0 / 7, 1.0 / 26}, {1, 0, 1, 1.0 / 2}},
	/* cand a f: a-f has 4 tokens between, so it is a pair: hits a + a-f = 2:
	 * R = 2/26, P = 2/2 */
	{"su gap 4", EN, 1, 0, "a f", "a b c d e f g", {2.0 / 7, 0, 2.0 / 7, 2.0 / 26}, {1, 0, 1, 1}},
	/* one token has no SU unigram and no pair: SU4 0/0 scores 0 */
	{"su one", EN, 1, 0, "a", "a", {1, 0, 1, 0}, {1, 0, 1, 0}},
	/* no tokens on either side scores 0 everywhere */
	{"empty cand", EN, 1, 0, "", "the cat", {0, 0, 0, 0}, {0, 0, 0, 0}},
	{"punct cand", EN, 1, 0, "-- !!\n...", "the cat", {0, 0, 0, 0}, {0, 0, 0, 0}},
	{"empty ref", EN, 1, 0, "the cat", "", {0, 0, 0, 0}, {0, 0, 0, 0}},
	/* Unicode, no stemming: cand příliš žluťoučký kůň, ref příliš
	 * zluťoučký kůň úpěl (ž != z).  ROUGE-1: příliš, kůň: R = 2/4, P = 2/3.
	 * ROUGE-2: no common bigram.  ROUGE-L: příliš kůň = 2. */
	{"czech", UNI, 0, 0, "Příliš žluťoučký kůň", "příliš zluťoučký kůň úpěl",
	 {2.0 / 4, 0, 2.0 / 4, SKIP}, {2.0 / 3, 0, 2.0 / 3, SKIP}},
	/* French with accents: élève = ÉLÈVE, école != ecole.  cand l élève
	 * va à l école, ref l élève va à l ecole: ROUGE-1 l x2, élève, va, à
	 * = 5 of 6; ROUGE-2 l-élève, élève-va, va-à, à-l = 4 of 5. */
	{"french", UNI, 0, 0, "L'élève va à l'école.", "L'ÉLÈVE va à l'ecole",
	 {5.0 / 6, 4.0 / 5, 5.0 / 6, SKIP}, {5.0 / 6, 4.0 / 5, 5.0 / 6, SKIP}},
	/* the English tokenizer splits accented words at their non-ASCII bytes:
	 * élève -> l ve, école -> cole, ecole stays ecole; cand l l ve va l cole,
	 * ref l l ve va l ecole: ROUGE-1 l x3, ve, va = 5 of 6 */
	{"french ascii", EN, 0, 0, "L'élève va à l'école.", "L'ÉLÈVE va à l'ecole",
	 {5.0 / 6, SKIP, SKIP, SKIP}, {5.0 / 6, SKIP, SKIP, SKIP}},
};

static void check_prf(const ns_rouge_prf *got, double r, double p, const char *name, int metric)
{
	int ok = 1;
	if (r != SKIP) { CHECK_NEAR(got->r, r, EPS); ok &= got->r - r < EPS && r - got->r < EPS; }
	if (p != SKIP) { CHECK_NEAR(got->p, p, EPS); ok &= got->p - p < EPS && p - got->p < EPS; }
	if (r != SKIP && p != SKIP) {
		double f = r + p > 0 ? 2 * r * p / (r + p) : 0;
		CHECK_NEAR(got->f, f, EPS);
		ok &= got->f - f < EPS && f - got->f < EPS;
	}
	if (!ok) fprintf(stderr, "score case '%s', %s\n", name, ns_rouge_metric_name((ns_rouge_metric)metric));
}

static void test_scores(void)
{
	for (size_t i = 0; i < ARRAY_LEN(score_cases); i++) {
		const score_case *c = &score_cases[i];
		ns_rouge *r = make(c->tokenizer, c->stem, c->words);
		const char *refs[1] = {c->ref};
		ns_rouge_scores s;
		CHECK(ns_rouge_score(r, c->cand, refs, 1, &s) == NS_OK);
		for (int k = 0; k < NS_ROUGE_NMETRICS; k++) check_prf(&s.m[k], c->r[k], c->p[k], c->name, k);
		ns_rouge_destroy(r);
	}
}

static void test_counts(void)
{
	/* "U.S.-led forces, well-known" with -l 2: 2 words, 4 tokens */
	ns_rouge *r = make(EN, 1, 2);
	const char *refs[1] = {"forces"};
	ns_rouge_scores s;
	CHECK(ns_rouge_score(r, "U.S.-led forces, well-known", refs, 1, &s) == NS_OK);
	CHECK_EQ_U(s.cand_words, 2);
	CHECK_EQ_U(s.cand_tokens, 4);
	CHECK_NEAR(s.m[NS_ROUGE_1].p, 1.0 / 4, EPS);
	ns_rouge_destroy(r);
}

/* ---- several references --------------------------------------------------- */

static void test_multi_ref(void)
{
	/* cand the cat sat; refs "the cat" and "a dog sat".
	 * ref 1: ROUGE-1 hits the, cat = 2: R = 2/2, P = 2/3, F = 2(2/3)/(5/3) = 0.8.
	 * ref 2: hits sat = 1: R = 1/3, P = 1/3, F = 1/3.
	 * Averages: R = (1 + 1/3)/2 = 2/3, P = (2/3 + 1/3)/2 = 1/2,
	 * F = (0.8 + 1/3)/2 = 17/30 -- not 2RP/(R+P) of the averages (4/7), and
	 * not ROUGE-1.5.5's pooled R = 3/5.
	 * ROUGE-2: ref 1: the-cat: R = 1/1, P = 1/2, F = 2/3; ref 2: none.
	 * Averages R = 1/2, P = 1/4, F = 1/3. */
	ns_rouge *r = make(EN, 1, 0);
	const char *refs[2] = {"the cat", "a dog sat"};
	ns_rouge_scores s;
	CHECK(ns_rouge_score(r, "the cat sat", refs, 2, &s) == NS_OK);
	CHECK_NEAR(s.m[NS_ROUGE_1].r, 2.0 / 3, EPS);
	CHECK_NEAR(s.m[NS_ROUGE_1].p, 1.0 / 2, EPS);
	CHECK_NEAR(s.m[NS_ROUGE_1].f, 17.0 / 30, EPS);
	CHECK_NEAR(s.m[NS_ROUGE_2].r, 1.0 / 2, EPS);
	CHECK_NEAR(s.m[NS_ROUGE_2].p, 1.0 / 4, EPS);
	CHECK_NEAR(s.m[NS_ROUGE_2].f, 1.0 / 3, EPS);
	/* the order of the references does not matter */
	const char *rev[2] = {"a dog sat", "the cat"};
	ns_rouge_scores t;
	CHECK(ns_rouge_score(r, "the cat sat", rev, 2, &t) == NS_OK);
	for (int k = 0; k < NS_ROUGE_NMETRICS; k++) {
		CHECK_NEAR(t.m[k].r, s.m[k].r, EPS);
		CHECK_NEAR(t.m[k].f, s.m[k].f, EPS);
	}
	ns_rouge_destroy(r);
}

/* ---- ROUGE-L -------------------------------------------------------------- */

typedef struct {
	const char *name, *cand, *ref;
	double r, p;
} lcs_case;

static const lcs_case lcs_cases[] = {
	/* Lin's (2004) union LCS example, with a second reference sentence.
	 * ref: [a b c d e] [a b] (7 tokens); cand: [a b f g h] [a c h i e] (10).
	 * Sentence 1: LCS with cand 1 = a b, with cand 2 = a c e; union
	 *   {a, b, c, e}.  Unused counts (ref/cand): a 2/2, b 2/1, c 1/1, e 1/1;
	 *   all four hit -> 4; left a 1/1, b 1/0.
	 * Sentence 2: LCS with cand 1 = a b, with cand 2 = a; union {a, b}: a
	 *   hits (1/1 -> 0/0), b does not (cand has no b left) -> 1.
	 * Hits 5: R = 5/7, P = 5/10.  Without the clipping b would count twice
	 * and give 6. */
	{"union", "a b f g h\na c h i e", "a b c d e\na b", 5.0 / 7, 5.0 / 10},
	/* Two identical candidate sentences trace the same LCS: ref a a, cand
	 * [a] [a]: both mark the second a; union 1: R = 1/2, P = 1/2 (ROUGE-1
	 * is 2/2 here). */
	{"same trace", "a\na", "a a", 1.0 / 2, 1.0 / 2},
	/* The tie rule.  ref [a b] [a], cand [b a].  For "a b" vs "b a" the LCS
	 * length is 1 and both a and b would do; ROUGE-1.5.5 goes up the
	 * reference on a tie, which ends on a.  Sentence 1 hits a (cand a
	 * used up); sentence 2's a finds no unused cand a.  Hits 1: R = 1/3,
	 * P = 1/2.  (Going left on ties would mark b and score 2.) */
	{"tie", "b a", "a b\na", 1.0 / 3, 1.0 / 2},
	/* LCS is a subsequence, not a substring: a x b y c vs a b c = 3 */
	{"subsequence", "a x b y c", "a b c", 3.0 / 3, 3.0 / 5},
	/* sentences without tokens change nothing: ref [c b a], cand [a b] []
	 * [] [c]: the LCS with "a b" is one word (a or b), with "c" it is c;
	 * union 2: R = 2/3, P = 2/3 */
	{"empty line", "a b\n\n--\nc", "c b a", 2.0 / 3, 2.0 / 3},
};

static void test_lcs(void)
{
	ns_rouge *r = make(EN, 1, 0);
	for (size_t i = 0; i < ARRAY_LEN(lcs_cases); i++) {
		const lcs_case *c = &lcs_cases[i];
		const char *refs[1] = {c->ref};
		ns_rouge_scores s;
		CHECK(ns_rouge_score(r, c->cand, refs, 1, &s) == NS_OK);
		check_prf(&s.m[NS_ROUGE_L], c->r, c->p, c->name, NS_ROUGE_L);
	}
	ns_rouge_destroy(r);
}

/* ROUGE-L never exceeds ROUGE-1 (the clipping's purpose), and a scorer
 * gives the same numbers however often it is reused. */
static void test_reuse(void)
{
	static const char *const texts[] = {
		"the cat sat on the mat\nthe dog sat too",
		"a dog sat on the mat\nthe cat ran",
		"on the mat the cat sat\nsat sat sat",
		"mat",
	};
	ns_rouge *r = make(EN, 1, 0);
	ns_rouge_scores first[4][4], again;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				const char *refs[1] = {texts[j]};
				ns_rouge_scores *s = pass ? &again : &first[i][j];
				CHECK(ns_rouge_score(r, texts[i], refs, 1, s) == NS_OK);
				CHECK(s->m[NS_ROUGE_L].r <= s->m[NS_ROUGE_1].r + EPS);
				CHECK(s->m[NS_ROUGE_L].p <= s->m[NS_ROUGE_1].p + EPS);
				if (pass) CHECK(!memcmp(&again, &first[i][j], sizeof again));
			}
	ns_rouge_destroy(r);
}

/* ---- options and errors --------------------------------------------------- */

static void test_errors(void)
{
	ns_rouge_options o;
	ns_rouge_options_init(&o);
	CHECK(o.tokenizer == NS_ROUGE_TOK_ENGLISH && o.stem == 1 && o.max_words == 0 && o.skip_gap == 4);
	CHECK(ns_rouge_options_check(&o, NULL, 0) == NS_OK);
	char err[128];
	o.tokenizer = NS_ROUGE_TOK_UNICODE; /* stemming is for English only */
	CHECK(ns_rouge_options_check(&o, err, sizeof err) == NS_ERR_OPTION);
	ns_rouge *r = (ns_rouge *)&o;
	CHECK(ns_rouge_create(&r, &o) == NS_ERR_OPTION);
	CHECK(r == NULL);
	o.stem = 0;
	o.skip_gap = NS_ROUGE_MAX_GAP + 1;
	CHECK(ns_rouge_options_check(&o, err, sizeof err) == NS_ERR_OPTION);
	CHECK_STR(ns_rouge_metric_name(NS_ROUGE_SU), "ROUGE-SU");
	CHECK_STR(ns_rouge_metric_name(NS_ROUGE_NMETRICS), "");

	r = make(EN, 1, 0);
	ns_rouge_scores s;
	const char *refs[2] = {"a", NULL};
	CHECK(ns_rouge_score(r, "a", refs, 0, &s) == NS_ERR_OPTION); /* nothing to score against */
	CHECK(ns_rouge_score(r, "a", refs, 2, &s) == NS_ERR_OPTION); /* a NULL reference */
	CHECK(ns_rouge_score(r, NULL, refs, 1, &s) == NS_ERR_OPTION);
	CHECK(s.m[NS_ROUGE_1].r == 0);
	ns_rouge_destroy(r);
	ns_rouge_destroy(NULL);
}

/* ---- files ---------------------------------------------------------------- */

typedef struct {
	int warnings;
	char last[256];
} log_sink;

static void sink(void *ud, ns_log_level lv, const char *msg)
{
	log_sink *ls = ud;
	if (lv == NS_LOG_WARN) ls->warnings++;
	snprintf(ls->last, sizeof ls->last, "%s", msg);
}

static int write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f) return -1;
	size_t n = strlen(s);
	int ok = fwrite(s, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void test_files(void)
{
	char dir[] = "/tmp/ns_rouge_XXXXXX";
	if (!mkdtemp(dir)) { CHECK(0); return; }
	char refs[256], sums[256], none[256];
	snprintf(refs, sizeof refs, "%s/refs.jsonl", dir);
	snprintf(sums, sizeof sums, "%s/sums.jsonl", dir);
	snprintf(none, sizeof none, "%s/absent.jsonl", dir);
	/* Stories s1 (two references), 7 (integer id), s3; then a malformed
	 * line, a story without summaries, and a repeated s3: 3 skipped. */
	CHECK(write_file(refs,
	                 "{\"story\": \"s1\", \"summaries\": [\"the cat\", \"a dog sat\"]}\n"
	                 "\n"
	                 "{\"story\": 7, \"summaries\": [\"one two\\nthree\"]}\n"
	                 "{\"story\": \"s3\", \"summaries\": [\"x y\"]}\n"
	                 "{\"story\": \"s4\", \"summaries\": [\"x y\"]\n"
	                 "{\"story\": \"s5\", \"summaries\": []}\n"
	                 "{\"story\": \"s3\", \"summaries\": [\"z\"]}\n") == 0);
	/* s1 as a plain string (scores of test_multi_ref); "7" as a list of
	 * sentence objects, with a NUL between two words; s9 has no references
	 * (twice: one extra story); a second s1 and a line without "summary"
	 * are skipped; s3 has no summary (scores 0). */
	CHECK(write_file(sums,
	                 "{\"story\": \"s1\", \"summary\": \"the cat sat\"}\n"
	                 "{\"story\": \"7\", \"summary\": [{\"id\": \"d1\", \"text\": \"one\\u0000two\"}, "
	                 "{\"text\": \"three\"}]}\n"
	                 "{\"story\": \"s9\", \"summary\": \"x\"}\n"
	                 "{\"story\": \"s9\", \"summary\": \"y\"}\n"
	                 "{\"story\": \"s1\", \"summary\": \"x y\"}\n"
	                 "{\"story\": \"s2\"}\n") == 0);
	ns_rouge_options o;
	ns_rouge_options_init(&o);
	ns_rouge_report rep;
	log_sink ls = {0, ""};
	char err[256];
	CHECK(ns_rouge_files(sums, refs, &o, &rep, sink, &ls, err, sizeof err) == NS_OK);
	CHECK_EQ_U(rep.stories, 3);
	CHECK_EQ_U(rep.missing, 1);
	CHECK_EQ_U(rep.extra, 1);
	CHECK_EQ_U(rep.bad_ref_lines, 3);
	CHECK_EQ_U(rep.bad_sum_lines, 2);
	CHECK_EQ_U(ls.warnings, 5);
	CHECK(strstr(ls.last, "sums.jsonl:6: skipped: no \"summary\"") != NULL);
	/* ROUGE-1 per story: s1 R 2/3, P 1/2 (test_multi_ref); 7: one two
	 * three against itself: 1, 1; s3: 0.  Means over 3 stories:
	 * R = (2/3 + 1)/3 = 5/9, P = (1/2 + 1)/3 = 1/2, F = (17/30 + 1)/3 = 47/90.
	 * Words: 3 and 3 (the NUL became a space) -> 3. */
	CHECK_NEAR(rep.m[NS_ROUGE_1].r, 5.0 / 9, EPS);
	CHECK_NEAR(rep.m[NS_ROUGE_1].p, 1.0 / 2, EPS);
	CHECK_NEAR(rep.m[NS_ROUGE_1].f, 47.0 / 90, EPS);
	CHECK_NEAR(rep.mean_words, 3.0, EPS);
	/* ROUGE-L of "7": ref [one two] [three], cand [one two] [three]: 3/3 */
	CHECK_NEAR(rep.m[NS_ROUGE_L].r, (2.0 / 3 + 1) / 3, EPS);

	/* a missing file is NS_ERR_OPEN with its name */
	CHECK(ns_rouge_files(none, refs, &o, &rep, NULL, NULL, err, sizeof err) == NS_ERR_OPEN);
	CHECK(strstr(err, "absent.jsonl") != NULL);
	/* references without one usable line */
	CHECK(write_file(none, "{\"story\": \"s5\", \"summaries\": []}\n") == 0);
	CHECK(ns_rouge_files(sums, none, &o, &rep, NULL, NULL, err, sizeof err) == NS_ERR_FORMAT);
	o.stem = 1;
	o.tokenizer = NS_ROUGE_TOK_UNICODE;
	CHECK(ns_rouge_files(sums, refs, &o, &rep, NULL, NULL, err, sizeof err) == NS_ERR_OPTION);
	unlink(refs);
	unlink(sums);
	unlink(none);
	rmdir(dir);
}

int main(void)
{
	test_tokens();
	test_scores();
	test_counts();
	test_multi_ref();
	test_lcs();
	test_reuse();
	test_errors();
	test_files();
	return TEST_DONE();
}
