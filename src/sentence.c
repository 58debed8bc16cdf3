/* newsift — sentence splitting for news.
 *
 * Splitting is one left-to-right pass.  A line end closes the sentence unless
 * it is a hard wrap (the line does not end in a sentence end and the next line
 * starts with a lower-case letter).  Inside a line a run of . ! ? or an
 * ellipsis, plus any closing quotes or brackets after it, ends a sentence when
 * white space follows and then an upper-case letter or digit (optionally
 * behind opening quotes or brackets).  A lone period is then vetted by the
 * word in front of it: titles, months and the like never end a sentence; a
 * single capital is an initial; "No." ends one unless a number follows;
 * company suffixes, "Jr."/"Sr.", a.m./p.m. and dotted forms such as U.S. end a
 * sentence only when the next word is a usual sentence starter (The, He, ...).
 * An ellipsis ends a sentence only before a capital letter. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "newsift/sentence.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define CP_ELLIPSIS 0x2026
#define CP_BAD 0xFFFD

/* ------------------------------------------------------------------ */
/* Character classes                                                   */
/* ------------------------------------------------------------------ */

/* Marks that may precede the first word of a sentence: " ' ( [ { “ ‘ „ « ‹ ¿ ¡. */
static int is_opener(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case '(': case '[': case '{':
	case 0x201C: case 0x2018: case 0x201E: case 0x00AB: case 0x2039: case 0x00BF: case 0x00A1:
		return 1;
	default:
		return 0;
	}
}

/* First position at or after i that is not white space (line ends included). */
static size_t skip_space(const char *t, size_t len, size_t i)
{
	while (i < len) {
		int32_t cp;
		size_t l = ns_cp_at(t, len, i, &cp);
		if (!ns_cp_space(cp)) break;
		i += l;
	}
	return i;
}

static size_t skip_hspace(const char *t, size_t len, size_t i)
{
	while (i < len) {
		int32_t cp;
		size_t l = ns_cp_at(t, len, i, &cp);
		if (!ns_cp_hspace(cp)) break;
		i += l;
	}
	return i;
}

/* ------------------------------------------------------------------ */
/* Abbreviations                                                       */
/* ------------------------------------------------------------------ */

/* Never end a sentence: titles, months, "St.", "vs.", "etc." (a sentence
 * that ends in "etc." followed by a capital is rarer than "etc. Smith"-like
 * continuations, so we keep it whole), Latin "e.g."/"i.e." and "v." of case
 * names.  Case-sensitive: "Gen." is a rank, "gen." is not. */
static const char *const abbr_always[] = {
	"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Maj", "Adm",
	"Cpl", "Pvt", "Sen", "Rep", "Gov", "Pres", "Rev", "Hon", "Supt", "Det", "Messrs", "Gens",
	"Sens", "Reps", "St", "Mt", "Ft", "vs", "v", "etc", "e.g", "i.e",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
};

/* End a sentence unless a number follows ("No. 3" but: He said "No." Then ...). */
static const char *const abbr_number[] = { "No", "Nos" };

/* Often the last word of a sentence as well as a word inside one ("Acme
 * Inc. The company ..." / "Acme Inc. Chief Executive ..."): a split needs a
 * usual sentence starter after it.  Dotted single letters (U.S., a.m., D.C.)
 * are recognised by shape and treated the same way. */
static const char *const abbr_starter[] = { "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros" };

/* Words that start sentences far more often than they follow a.m., U.S. or
 * Inc. inside one.  Kept short on purpose: a missed split costs less than a
 * sentence cut in two. */
static const char *const starters[] = {
	"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "So", "Yet",
	"This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "In",
};

static int in_list(const char *const *list, size_t n, const char *w, size_t wl)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == wl && !memcmp(list[i], w, wl)) return 1;
	return 0;
}

static int is_ascii_alpha(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

enum { ABBR_NONE, ABBR_ALWAYS, ABBR_NUMBER, ABBR_STARTER, ABBR_INITIAL };

/* Single ASCII letters joined by periods, at least two of them: U.S, a.m, J.R. */
static int is_dotted(const char *w, size_t wl)
{
	if (wl < 3 || !(wl & 1)) return 0;
	for (size_t i = 0; i < wl; i++) {
		unsigned c = (unsigned char)w[i];
		if (i & 1) {
			if (c != '.') return 0;
		} else if (!is_ascii_alpha(c)) {
			return 0;
		}
	}
	return 1;
}

/* Class of the word that ends just before the period at t[i]: the run of
 * non-space characters before it, without leading openers or trailing
 * closers (so "(Mr." and "\"No\"." are looked up as Mr and No). */
static int abbr_class(const char *t, size_t len, size_t i)
{
	size_t ws = i, we = i;
	int32_t cp;
	while (ws > 0) {
		size_t p = ns_cp_before(t, ws, &cp);
		if (ns_cp_space(cp)) break;
		ws = p;
	}
	while (ws < we) {
		size_t l = ns_cp_at(t, len, ws, &cp);
		if (!is_opener(cp)) break;
		ws += l;
	}
	while (we > ws) {
		size_t p = ns_cp_before(t, we, &cp);
		if (!ns_cp_closer(cp)) break;
		we = p;
	}
	const char *w = t + ws;
	size_t wl = we - ws;
	if (!wl) return ABBR_NONE;
	if (in_list(abbr_always, N_ELEMS(abbr_always), w, wl)) return ABBR_ALWAYS;
	if (in_list(abbr_number, N_ELEMS(abbr_number), w, wl)) return ABBR_NUMBER;
	if (in_list(abbr_starter, N_ELEMS(abbr_starter), w, wl) || is_dotted(w, wl)) return ABBR_STARTER;
	if (ns_cp_at(t, len, ws, &cp) == wl && ns_cp_upper(cp)) return ABBR_INITIAL;
	return ABBR_NONE;
}

/* Is the word at t[w] one of the usual sentence starters? */
static int is_starter(const char *t, size_t len, size_t w)
{
	size_t e = w;
	while (e < len && is_ascii_alpha((unsigned char)t[e])) e++;
	if (e < len) {
		int32_t cp;
		ns_cp_at(t, len, e, &cp);
		if (ns_cp_letter(cp) || ns_cp_digit(cp)) return 0;
	}
	return in_list(starters, N_ELEMS(starters), t + w, e - w);
}

/* ------------------------------------------------------------------ */
/* Sentence ends                                                       */
/* ------------------------------------------------------------------ */

enum { RUN_STOP, RUN_ELLIPSIS, RUN_EXCLAIM };

/* Kind of the run of final punctuation t[i..j): any ! or ? makes it an
 * exclamation or question; two or more periods or a … make an ellipsis. */
static int run_kind(const char *t, size_t len, size_t i, size_t j)
{
	int dots = 0, ell = 0;
	while (i < j) {
		int32_t cp;
		i += ns_cp_at(t, len, i, &cp);
		if (cp == '!' || cp == '?') return RUN_EXCLAIM;
		if (cp == '.') dots++;
		else ell = 1;
	}
	return ell || dots > 1 ? RUN_ELLIPSIS : RUN_STOP;
}

/* Does the run t[i..j) end a sentence whatever follows?  Used at line ends,
 * where the next line is lower-case: only a plain period after an ordinary
 * word (or "No."), or ! and ?, count. */
static int is_sentence_end(const char *t, size_t len, size_t i, size_t j)
{
	switch (run_kind(t, len, i, j)) {
	case RUN_EXCLAIM: return 1;
	case RUN_ELLIPSIS: return 0;
	default: break;
	}
	int c = abbr_class(t, len, i);
	return c == ABBR_NONE || c == ABBR_NUMBER;
}

/* Should the run t[i..j) split inside a line, with the next word (after
 * white space) at t[m]? */
static int split_inline(const char *t, size_t len, size_t i, size_t j, size_t m)
{
	int32_t cp;
	size_t w = m;
	for (int q = 0; q < 3 && w < len; q++) { /* at most a few stacked openers: (“ */
		size_t l = ns_cp_at(t, len, w, &cp);
		if (!is_opener(cp)) break;
		w += l;
	}
	if (w >= len) return 0;
	ns_cp_at(t, len, w, &cp);
	int up = ns_cp_upper(cp), dig = ns_cp_digit(cp);
	if (!up && !dig) return 0;
	switch (run_kind(t, len, i, j)) {
	case RUN_EXCLAIM: return 1;
	case RUN_ELLIPSIS: return up;
	default: break;
	}
	switch (abbr_class(t, len, i)) {
	case ABBR_ALWAYS: case ABBR_INITIAL: return 0;
	case ABBR_NUMBER: return !dig;
	case ABBR_STARTER: return up && is_starter(t, len, w);
	default: return 1;
	}
}

/* Is the line end at t[nl] a hard wrap inside a sentence? */
static int line_joins(const char *t, size_t len, size_t nl)
{
	int32_t cp;
	size_t m = skip_hspace(t, len, nl + 1);
	if (m >= len) return 0;
	ns_cp_at(t, len, m, &cp);
	if (!ns_cp_lower(cp)) return 0;
	size_t e = nl;
	while (e > 0) {
		size_t p = ns_cp_before(t, e, &cp);
		if (!ns_cp_hspace(cp)) break;
		e = p;
	}
	while (e > 0) {
		size_t p = ns_cp_before(t, e, &cp);
		if (!ns_cp_closer(cp)) break;
		e = p;
	}
	if (e == 0) return 0;
	ns_cp_before(t, e, &cp);
	if (cp == '\n') return 0; /* an empty line is a paragraph break */
	if (!ns_cp_terminal(cp)) return 1;
	size_t i = e;
	while (i > 0) {
		size_t p = ns_cp_before(t, i, &cp);
		if (!ns_cp_terminal(cp)) break;
		i = p;
	}
	return !is_sentence_end(t, len, i, e);
}

/* Append t[s..e) without trailing white space, unless nothing is left. */
static int emit(const char *t, size_t s, size_t e, ns_span **spans, size_t *cap, size_t *n)
{
	while (e > s) {
		int32_t cp;
		size_t p = ns_cp_before(t, e, &cp);
		if (!ns_cp_space(cp)) break;
		e = p;
	}
	if (e <= s) return 0;
	void *p = *spans;
	if (ns_grow(&p, cap, *n + 1, sizeof(ns_span))) return -1;
	*spans = p;
	(*spans)[*n].start = (uint32_t)s;
	(*spans)[*n].len = (uint32_t)(e - s);
	(*n)++;
	return 0;
}

/* The header says spans are "appended"; with no count passed in, that means
 * the array is refilled from index 0 and only grows.  Texts of 4 GiB or more
 * cannot be described by 32-bit spans and fail like an allocation. */
size_t ns_sent_split(const char *text, size_t len, ns_span **spans, size_t *cap)
{
	size_t n = 0;
	if (len > UINT32_MAX) return (size_t)-1;
	size_t start = skip_space(text, len, 0), i = start;
	while (i < len) {
		int32_t cp;
		size_t l = ns_cp_at(text, len, i, &cp);
		if (cp == '\n') {
			if (line_joins(text, len, i)) {
				i++;
				continue;
			}
			if (emit(text, start, i, spans, cap, &n)) return (size_t)-1;
			start = i = skip_space(text, len, i + 1);
			continue;
		}
		if (!ns_cp_terminal(cp)) {
			i += l;
			continue;
		}
		size_t j = i + l, k;
		while (j < len) {
			l = ns_cp_at(text, len, j, &cp);
			if (!ns_cp_terminal(cp)) break;
			j += l;
		}
		for (k = j; k < len; k += l) {
			l = ns_cp_at(text, len, k, &cp);
			if (!ns_cp_closer(cp)) break;
		}
		/* A line end after the punctuation is left to the line-end rule. */
		if (k < len) {
			ns_cp_at(text, len, k, &cp);
			if (ns_cp_hspace(cp)) {
				size_t m = skip_hspace(text, len, k);
				if (m < len && text[m] != '\n' && split_inline(text, len, i, j, m)) {
					if (emit(text, start, k, spans, cap, &n)) return (size_t)-1;
					start = i = m;
					continue;
				}
			}
		}
		i = j;
	}
	if (emit(text, start, len, spans, cap, &n)) return (size_t)-1;
	return n;
}

