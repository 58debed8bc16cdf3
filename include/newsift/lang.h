/* newsift — languages: codes, detection, stop words and stemming.
 *
 * Everything here works on normalised tokens as ns_tokenize produces them:
 * NFKC, case-folded, and for tokens written only in Latin, Greek or Cyrillic
 * letters without accents ("été" arrives as "ete", "της" as "τησ" because case
 * folding turns the final sigma into σ, "daß" as "dass", "новый" as "новыи").
 * Stop-word lists are written in that form.
 *
 * Thread safety: every function is reentrant and uses no mutable global state,
 * except that an ns_stemmer must be used by one thread at a time (make one per
 * thread). */
#ifndef NEWSIFT_LANG_H
#define NEWSIFT_LANG_H

#include <stddef.h>
#include "common.h"
#include "tokenize.h"

/* Languages newsift knows.  The numeric values may change between versions;
 * store ns_lang_code() strings, not numbers. */
typedef enum {
	NS_LANG_UNKNOWN = 0,
	NS_LANG_EN, NS_LANG_FR, NS_LANG_CS, NS_LANG_DE, NS_LANG_ES, NS_LANG_IT, NS_LANG_PT, NS_LANG_NL,
	NS_LANG_EL, NS_LANG_RU, NS_LANG_AR, NS_LANG_HE, NS_LANG_HI,
	NS_LANG_COUNT
} ns_lang;

/* Fewest pieces of evidence (function-word hits for Latin, tokens of the
 * script otherwise) for ns_lang_detect to name a language. */
#define NS_LANG_MIN_HITS 3

/* ISO 639-1 code of l ("en", "fr", ...); "" for NS_LANG_UNKNOWN or a value out
 * of range.  Static string. */
const char *ns_lang_code(ns_lang l);

/* The language of an ISO 639-1 code, case-insensitive, optionally followed by
 * a region ("pt-BR", "en_GB").  NS_LANG_UNKNOWN for NULL, "" or a code not in
 * the list (the caller handles words like "auto"). */
ns_lang ns_lang_from_code(const char *code);

/* Detect the language of a text from its tokens (as ns_tokenize made them).
 * The script with the most letters decides first: Arabic -> ar, Hebrew -> he,
 * Devanagari -> hi, Greek -> el, Cyrillic -> ru.  Latin text is decided by
 * votes of the function words of en fr cs de es it pt nl.  Returns
 * NS_LANG_UNKNOWN when the evidence is thin (fewer than NS_LANG_MIN_HITS),
 * when two Latin languages tie, when the letters are of another script, when
 * words of Latin-script languages we do not know win the vote (see
 * ns_lang_detect_words), and when a long text has too few function words of
 * the winner or letters that belong to another language of the script
 * (Polish, Turkish, Persian, Urdu, Ukrainian, Serbian, Yiddish...), so such
 * text is not stemmed as a language it is not.  Decides on a prefix: the
 * first few thousand tokens, of which the first few hundred of each script
 * are looked up in the word lists.  Deterministic; reentrant. */
ns_lang ns_lang_detect(const ns_tokens *t);

/* Is the normalised token w (n bytes) a stop word of language l?  The lists
 * hold the most frequent function words of each language plus its news
 * reporting verbs ("said", "says", "told"); NS_LANG_UNKNOWN uses the English
 * list.  Returns 1 or 0. */
int ns_lang_stopword(ns_lang l, const char *w, size_t n);
/* The same, given h = ns_token_hash(w, n, 0) (the table is keyed by that
 * hash, so a caller that needs the token's hash anyway computes it once). */
int ns_lang_stopword_hash(ns_lang l, const char *w, size_t n, uint64_t h);

/* The stop-word list of l (English for NS_LANG_UNKNOWN and out-of-range
 * values): *n words, sorted by strcmp (bytes), unique, static storage. */
const char *const *ns_lang_stopwords(ns_lang l, size_t *n);

/* The detector's own word lists, for inspection and tests (static storage,
 * sorted by strcmp, unique; *n words, or NULL and 0 for another value):
 * NS_LANG_WORDS_OTHER: frequent words of Latin-script languages that
 * ns_lang_detect does not name (Polish, Romanian, Swedish, Turkish, ...),
 * none in a stop-word list; when they win the vote the answer is
 * NS_LANG_UNKNOWN.
 * NS_LANG_WORDS_ENGLISH_LOOKALIKE: function words of the other Latin
 * languages that are also English words ("die", "war", "car", "u" of
 * "U.S."); their vote is shared with English. */
enum { NS_LANG_WORDS_OTHER = 0, NS_LANG_WORDS_ENGLISH_LOOKALIKE = 1 };
const char *const *ns_lang_detect_words(int which, size_t *n);

/* A stemmer (Snowball, libstemmer).  Holds one Snowball stemmer per language,
 * created on first use.  Not thread-safe: one per thread. */
typedef struct ns_stemmer ns_stemmer;

/* NULL when out of memory. */
ns_stemmer *ns_stemmer_create(void);
/* Accepts NULL. */
void ns_stemmer_destroy(ns_stemmer *s);

/* Does l have a stemmer (en fr de es it pt nl el ru ar hi)?  1 or 0. */
int ns_lang_has_stemmer(ns_lang l);

/* Stem the normalised token w (n bytes) as a word of language l.  Returns a
 * pointer to the stem and its length in *outlen; the stem is not
 * NUL-terminated and is valid until the next call with the same stemmer.
 * Languages without a stemmer (cs, he, unknown) return w itself, unchanged,
 * and so does a stemmer that could not be created (out of memory).  For
 * Russian a final "и" after a vowel is first turned back into the "й" that
 * accent stripping removed ("новыи" -> "новый" -> "нов"). */
const char *ns_stem(ns_stemmer *s, ns_lang l, const char *w, size_t n, size_t *outlen);

#endif
