/* newsift — sentence splitting for news, in any script.
 *
 * Splitting is one left-to-right pass.  A line end closes the sentence unless
 * it is a hard wrap (the line does not end in a sentence end and the next line
 * starts with a lower-case letter that is not a list label such as "b)").
 * Inside a line a run of end marks (. ! ? …, the Arabic question mark ؟, the
 * Greek question mark U+037E, the Devanagari danda । and ॥, the ideographic
 * 。！？), plus any closing quotes or brackets after it, ends a sentence when
 * white space follows and then a sentence start: an upper-case letter, a
 * digit, or a letter of a script without case (Arabic, Hebrew, Devanagari,
 * CJK ...), optionally behind opening quotes or brackets.  Scripts with no
 * case cannot show a sentence start, so there every end mark before a letter
 * counts.  The ASCII ';' is an end mark only in a sentence with Greek letters
 * (Greek writes its question mark so), and '|' only in one with Devanagari
 * (Hindi texts type it for the danda).  The danda and the ideographic marks
 * end a sentence even with no white space after them.  A French » set off by
 * a space (« Oui. » Il ...) closes like a quote; a spaced « opens a new
 * sentence only when the quotation holds a sentence end of its own.
 *
 * ! ? and their equivalents always end the sentence; a lone period is vetted
 * by the word in front of it: titles, months and the like (English, French,
 * Czech, Greek, Hindi, Hebrew) never end a sentence; a single letter is an
 * initial; "No."-like words end one unless a number follows; company
 * suffixes, US states, "Jr.", and dotted forms such as U.S., a.m., J.-C. or
 * कि.मी. end a sentence only before a usual sentence starter (The, Il, Ο ...),
 * so never before a caseless script.  A number of one or two digits before
 * the period is a list label ("1. Open the box", "Steps: 1. Open") or part
 * of a date written with periods ("1. 1. 2005", Czech "28. října") rather
 * than a sentence end.  An ellipsis ends a sentence only before a capital
 * letter, or before a caseless letter when it is bracketed ([...]). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "newsift/sentence.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define CP_ELLIPSIS 0x2026
#define CP_LAQUO 0x00AB /* « */
#define CP_RAQUO 0x00BB /* » */
#define CP_LSAQUO 0x2039 /* ‹ */
#define CP_RSAQUO 0x203A /* › */
#define CP_DEVA_ABBR 0x0970 /* ॰ */

/* Openers stacked in front of a sentence's first word that are looked past. */
#define MAX_OPENERS 3
/* How far a spaced « is followed to find a sentence end inside the quote. */
#define QUOTE_SCAN_MAX 2000
/* Longest number, in digits, that can be a list marker or a day or month. */
#define SHORT_NUMBER 2
/* Letters in one part of a dotted abbreviation: U.S. has one per part, an
 * abbreviation in a caseless script one syllable (कि.मी., आर.ई.डी.डी.). */
#define DOTTED_CASED 1
#define DOTTED_CASELESS 3
/* Longest label of a list item: "a)", "iv)", "12)". */
#define LIST_MARK_MAX 3
/* Longest word, in bytes, looked up a second time with its first letter in
 * lower case. */
#define ABBR_MAX 32

/* ------------------------------------------------------------------ */
/* Character classes                                                   */
/* ------------------------------------------------------------------ */

/* Marks that end a sentence whatever word is in front of them: ! ? and the
 * question, exclamation and full-stop marks of other scripts. */
static int is_final_mark(int32_t cp)
{
	switch (cp) {
	case '!': case '?':
	case 0x037E:             /* Greek question mark ; */
	case 0x061F:             /* Arabic question mark ؟ */
	case 0x06D4:             /* Arabic full stop ۔ (Urdu) */
	case 0x0964: case 0x0965: /* Devanagari danda । and double danda ॥ */
	case 0x1362: case 0x1367: /* Ethiopic full stop and question mark */
	case 0x203C: case 0x2047: case 0x2048: case 0x2049: /* ‼ ⁇ ⁈ ⁉ */
	case 0x3002:             /* ideographic full stop 。 */
	case 0xFF01: case 0xFF1F: /* fullwidth ！ ？ */
		return 1;
	default:
		return 0;
	}
}

/* End marks of scripts written with no space after a sentence (CJK), or
 * that are never inside a word (the danda), so they end one even when the
 * next sentence follows without white space. */
static int is_tight_mark(int32_t cp)
{
	return cp == 0x0964 || cp == 0x0965 || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

/* A quick test that rules out letters and most other characters for the
 * scan: line ends, end marks, ';' and '|' pass (and a few more). */
static int maybe_special(int32_t cp)
{
	if (cp < 0x80) return cp == '\n' || cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == '|';
	if (cp >= 0x2000) return cp <= 0x25FF || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
	switch (cp >> 8) { /* by block, so a letter costs one or two tests */
	case 0x03: return cp == 0x037E;
	case 0x06: return cp == 0x061F || cp == 0x06D4;
	case 0x09: return cp == 0x0964 || cp == 0x0965;
	case 0x13: return cp == 0x1362 || cp == 0x1367;
	default: return 0;
	}
}

static int is_term(int32_t cp)
{
	return cp == '.' || cp == CP_ELLIPSIS || is_final_mark(cp);
}

enum { SEEN_GREEK = 1, SEEN_DEVANAGARI = 2 };

/* The SEEN_ bit of a letter of a script whose text gives an ASCII mark the
 * meaning of an end mark, unless seen has it already (a category lookup per
 * character would cost more than the rest of the scan); else 0. */
static unsigned script_of(int32_t cp, unsigned seen)
{
	if (!(seen & SEEN_GREEK) && ((cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF)))
		return ns_cp_letter(cp) ? SEEN_GREEK : 0;
	if (!(seen & SEEN_DEVANAGARI) && cp >= 0x0900 && cp <= 0x097F) return ns_cp_letter(cp) ? SEEN_DEVANAGARI : 0;
	return 0;
}

/* A letter of a script without case (category Lo: Arabic, Hebrew,
 * Devanagari, CJK, Thai ...): such a letter may start a sentence. */
static int is_caseless(int32_t cp)
{
	return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LO;
}

/* Combining marks: vowel signs, viramas, nuktas, Hebrew points, harakat. */
static int is_comb(int32_t cp)
{
	if (cp < 0x300) return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* Invisible format characters (bidi marks around Arabic and Hebrew
 * punctuation, zero-width space): looked past like quotes. */
static int is_format(int32_t cp)
{
	return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

/* Marks that may precede the first word of a sentence: " ' ( [ { “ ‘ „ « ‹ ¿ ¡
 * and the CJK brackets 「 『 （ 【 〈 《. */
static int is_opener(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case '(': case '[': case '{':
	case 0x201C: case 0x2018: case 0x201E: case CP_LAQUO: case CP_LSAQUO: case 0x00BF: case 0x00A1:
	case 0x300C: case 0x300E: case 0xFF08: case 0x3010: case 0x3008: case 0x300A:
		return 1;
	default:
		return 0;
	}
}

/* Closers after the final punctuation: those of ns_cp_closer, the CJK
 * brackets, and invisible format characters. */
static int is_closer(int32_t cp)
{
	switch (cp) {
	case 0x300D: case 0x300F: case 0xFF09: case 0x3011: case 0x3009: case 0x300B:
		return 1;
	default:
		return ns_cp_closer(cp) || is_format(cp);
	}
}

/* Opening quotation marks that also serve as closing ones in some
 * languages or some hands: “ (German closing), ‘ (Hindi ‘‘), „ and the
 * guillemets « ‹ (German »…«). */
static int is_quote_opener(int32_t cp)
{
	return cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == CP_LAQUO || cp == CP_LSAQUO;
}

/* List bullets, looked past like an opening quote after a sentence end.
 * U+00B7 is not one, as it is the Greek ano teleia.  A bullet with no end
 * mark before it does not split: news pages use it as a separator in
 * bylines and contact lines ("Mary Lynn Smith • 612-673-4788") as often as
 * in flattened lists. */
static int is_bullet(int32_t cp)
{
	return cp == 0x2022 || cp == 0x2023 || cp == 0x25AA || cp == 0x25A0 || cp == 0x25CF || cp == 0x25E6;
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

static int is_ascii_alnum(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int cp_is(const char *t, size_t len, size_t i, int (*pred)(int32_t))
{
	int32_t cp;
	if (i >= len) return 0;
	ns_cp_at(t, len, i, &cp);
	return pred(cp);
}

/* ------------------------------------------------------------------ */
/* Abbreviations                                                       */
/* ------------------------------------------------------------------ */

enum { ABBR_NONE, ABBR_ALWAYS, ABBR_NUMBER, ABBR_STARTER, ABBR_STATE, ABBR_INITIAL };

typedef struct {
	const char *w;
	unsigned char len, cls;
} abbr_entry;

#define AB(w, cls) { w, sizeof(w) - 1, cls }

/* Words that take a period, without it, by class.  Case-sensitive ("Ill."
 * is a state, "ill." ends sentences), but a lower-case entry also matches
 * the word with its first letter capitalised, as at the start of a sentence
 * ("Např. Praha").  Words that also end sentences in another language are
 * left out (Czech "arm." for armádní: English "his arm.").
 *
 * ABBR_ALWAYS never ends a sentence: titles and ranks, months, "St.", "vs.",
 * "etc." (a sentence that ends in "etc." followed by a capital is rarer than
 * "etc. Smith"-like continuations), Latin "e.g."/"i.e.", "v." of case names,
 * and their French, Czech and Greek counterparts.
 *
 * ABBR_NUMBER ends a sentence unless a number follows: "No. 3", "str. 5", but
 * He said "No." Then ...
 *
 * ABBR_STARTER is often the last word of a sentence as well as a word inside
 * one ("Acme Inc. The company ..." / "Acme Inc. Chief Executive ..."): a
 * split needs a usual sentence starter after it.  Dotted single letters
 * (U.S., a.m., D.C., J.-C.) are recognised by shape and treated the same way.
 *
 * Czech "atd." and "apod." and Greek "κλπ." are left out on purpose: they
 * close enumerations, which mostly close the sentence too. */
static const abbr_entry abbrs[] = {
	/* English titles, ranks, places, months, Latin */
	AB("Mr", ABBR_ALWAYS), AB("Mrs", ABBR_ALWAYS), AB("Ms", ABBR_ALWAYS), AB("Dr", ABBR_ALWAYS),
	AB("Prof", ABBR_ALWAYS), AB("Gen", ABBR_ALWAYS), AB("Col", ABBR_ALWAYS), AB("Lt", ABBR_ALWAYS),
	AB("Sgt", ABBR_ALWAYS), AB("Capt", ABBR_ALWAYS), AB("Cmdr", ABBR_ALWAYS), AB("Maj", ABBR_ALWAYS),
	AB("Adm", ABBR_ALWAYS), AB("Cpl", ABBR_ALWAYS), AB("Pvt", ABBR_ALWAYS), AB("Brig", ABBR_ALWAYS),
	AB("Sen", ABBR_ALWAYS), AB("Rep", ABBR_ALWAYS), AB("Gov", ABBR_ALWAYS), AB("Pres", ABBR_ALWAYS),
	AB("Rev", ABBR_ALWAYS), AB("Hon", ABBR_ALWAYS), AB("Supt", ABBR_ALWAYS), AB("Det", ABBR_ALWAYS),
	AB("Insp", ABBR_ALWAYS), AB("Atty", ABBR_ALWAYS), AB("Msgr", ABBR_ALWAYS), AB("Fr", ABBR_ALWAYS),
	AB("Messrs", ABBR_ALWAYS), AB("Gens", ABBR_ALWAYS), AB("Sens", ABBR_ALWAYS), AB("Reps", ABBR_ALWAYS),
	AB("St", ABBR_ALWAYS), AB("Mt", ABBR_ALWAYS), AB("Ft", ABBR_ALWAYS), AB("vs", ABBR_ALWAYS),
	AB("v", ABBR_ALWAYS), AB("etc", ABBR_ALWAYS), AB("e.g", ABBR_ALWAYS), AB("i.e", ABBR_ALWAYS),
	AB("cf", ABBR_ALWAYS), AB("approx", ABBR_ALWAYS),
	AB("Jan", ABBR_ALWAYS), AB("Feb", ABBR_ALWAYS), AB("Mar", ABBR_ALWAYS), AB("Apr", ABBR_ALWAYS),
	AB("Jun", ABBR_ALWAYS), AB("Jul", ABBR_ALWAYS), AB("Aug", ABBR_ALWAYS), AB("Sep", ABBR_ALWAYS),
	AB("Sept", ABBR_ALWAYS), AB("Oct", ABBR_ALWAYS), AB("Nov", ABBR_ALWAYS), AB("Dec", ABBR_ALWAYS),
	AB("No", ABBR_NUMBER), AB("Nos", ABBR_NUMBER), AB("art", ABBR_NUMBER), AB("vol", ABBR_NUMBER),
	AB("pp", ABBR_NUMBER), AB("fig", ABBR_NUMBER), AB("ch", ABBR_NUMBER), AB("sec", ABBR_NUMBER),
	/* units: a number after them is a conversion or a range ("3 mi. (5 km)") */
	AB("mi", ABBR_NUMBER), AB("ft", ABBR_NUMBER), AB("yd", ABBR_NUMBER), AB("lb", ABBR_NUMBER),
	AB("lbs", ABBR_NUMBER), AB("oz", ABBR_NUMBER), AB("gal", ABBR_NUMBER),
	AB("Inc", ABBR_STARTER), AB("Corp", ABBR_STARTER), AB("Ltd", ABBR_STARTER), AB("Co", ABBR_STARTER),
	AB("Jr", ABBR_STARTER), AB("Sr", ABBR_STARTER), AB("Bros", ABBR_STARTER), AB("Ph.D", ABBR_STARTER),
	AB("Ave", ABBR_STARTER), AB("Blvd", ABBR_STARTER), AB("Rd", ABBR_STARTER), AB("al", ABBR_STARTER),
	/* US states as AP writes them after a town: inside a sentence a comma
	 * follows ("Salem, Ore., police said"), so before a capital the state
	 * ends the sentence ("in Salem, Ore. Police said") unless it is in a
	 * dateline ("SALEM, Ore. (AP) \xe2\x80\x94") */
	AB("Ala", ABBR_STATE), AB("Ariz", ABBR_STATE), AB("Ark", ABBR_STATE), AB("Calif", ABBR_STATE),
	AB("Colo", ABBR_STATE), AB("Conn", ABBR_STATE), AB("Del", ABBR_STATE), AB("Fla", ABBR_STATE),
	AB("Ga", ABBR_STATE), AB("Ill", ABBR_STATE), AB("Ind", ABBR_STATE), AB("Kan", ABBR_STATE),
	AB("Ky", ABBR_STATE), AB("La", ABBR_STATE), AB("Md", ABBR_STATE), AB("Mass", ABBR_STATE),
	AB("Mich", ABBR_STATE), AB("Minn", ABBR_STATE), AB("Miss", ABBR_STATE), AB("Mo", ABBR_STATE),
	AB("Mont", ABBR_STATE), AB("Neb", ABBR_STATE), AB("Nev", ABBR_STATE), AB("Okla", ABBR_STATE),
	AB("Ore", ABBR_STATE), AB("Pa", ABBR_STATE), AB("Tenn", ABBR_STATE), AB("Tex", ABBR_STATE),
	AB("Va", ABBR_STATE), AB("Vt", ABBR_STATE), AB("Wash", ABBR_STATE), AB("Wis", ABBR_STATE),
	AB("Wyo", ABBR_STATE),
	/* French: MM. (messieurs), Mme, Mlle (usually written without a
	 * period, sometimes with one), Pr (professeur), Ste, p. ex., av./apr.
	 * J.-C., env., éd., chap. */
	AB("MM", ABBR_ALWAYS), AB("Mme", ABBR_ALWAYS), AB("Mmes", ABBR_ALWAYS), AB("Mlle", ABBR_ALWAYS),
	AB("Mlles", ABBR_ALWAYS), AB("Pr", ABBR_ALWAYS), AB("Ste", ABBR_ALWAYS),
	AB("ex", ABBR_ALWAYS), AB("av", ABBR_ALWAYS), AB("apr", ABBR_ALWAYS), AB("env", ABBR_ALWAYS),
	AB("\xc3\xa9" "d", ABBR_ALWAYS), AB("chap", ABBR_NUMBER),
	/* Czech: např., tzv., tj., tzn., resp., popř., příp., mj., cca, sv.
	 * (svatý), odst., čl., titles and ranks; mil./mld./tis. precede a
	 * currency or a noun far more often than they end a sentence. */
	AB("nap\xc5\x99", ABBR_ALWAYS), AB("tzv", ABBR_ALWAYS), AB("tj", ABBR_ALWAYS), AB("tzn", ABBR_ALWAYS),
	AB("resp", ABBR_ALWAYS), AB("pop\xc5\x99", ABBR_ALWAYS), AB("p\xc5\x99\xc3\xadp", ABBR_ALWAYS),
	AB("mj", ABBR_ALWAYS), AB("cca", ABBR_ALWAYS), AB("sv", ABBR_ALWAYS), AB("ev", ABBR_ALWAYS),
	AB("Ing", ABBR_ALWAYS), AB("Mgr", ABBR_ALWAYS), AB("Bc", ABBR_ALWAYS), AB("MUDr", ABBR_ALWAYS),
	AB("JUDr", ABBR_ALWAYS), AB("PhDr", ABBR_ALWAYS), AB("RNDr", ABBR_ALWAYS), AB("doc", ABBR_ALWAYS),
	AB("prof", ABBR_ALWAYS), AB("gen", ABBR_ALWAYS), AB("pplk", ABBR_ALWAYS), AB("plk", ABBR_ALWAYS),
	AB("mjr", ABBR_ALWAYS), AB("kpt", ABBR_ALWAYS), AB("npor", ABBR_ALWAYS), AB("por", ABBR_ALWAYS),
	AB("genmjr", ABBR_ALWAYS), AB("p\xc3\xad", ABBR_ALWAYS), AB("sl", ABBR_ALWAYS),
	AB("ul", ABBR_ALWAYS), AB("n\xc3\xa1m", ABBR_ALWAYS),
	AB("str", ABBR_NUMBER), AB("\xc4\x8dl", ABBR_NUMBER), AB("odst", ABBR_NUMBER), AB("p\xc3\xads", ABBR_NUMBER),
	AB("mil", ABBR_STARTER), AB("mld", ABBR_STARTER), AB("tis", ABBR_STARTER),
	/* Greek: δηλ. (that is), π.χ. (e.g.), βλ. (see), κκ. (Messrs), Δρ,
	 * καθ. (professor), Αγ. (saint), στρ. (general); αρ. and σελ. number
	 * things; εκατ./δισ. (million/billion) precede a currency. */
	AB("\xce\xb4\xce\xb7\xce\xbb", ABBR_ALWAYS), AB("\xcf\x80.\xcf\x87", ABBR_ALWAYS),
	AB("\xce\xb2\xce\xbb", ABBR_ALWAYS), AB("\xce\xba\xce\xba", ABBR_ALWAYS),
	AB("\xce\x94\xcf\x81", ABBR_ALWAYS), AB("\xce\xba\xce\xb1\xce\xb8", ABBR_ALWAYS),
	AB("\xce\x91\xce\xb3", ABBR_ALWAYS), AB("\xcf\x83\xcf\x84\xcf\x81", ABBR_ALWAYS),
	AB("\xce\xb1\xcf\x81", ABBR_NUMBER), AB("\xcf\x83\xce\xb5\xce\xbb", ABBR_NUMBER),
	AB("\xce\xb5\xce\xba\xce\xb1\xcf\x84", ABBR_STARTER), AB("\xce\xb4\xce\xb9\xcf\x83", ABBR_STARTER),
	/* Hindi: डॉ. (doctor), कि. मि. (km), syllables that is_initial does not
	 * take; कि is also "that", which never ends a sentence either.  Hebrew
	 * מר. (Mr.) */
	AB("\xe0\xa4\xa1\xe0\xa5\x89", ABBR_ALWAYS), AB("\xe0\xa4\x95\xe0\xa4\xbf", ABBR_ALWAYS),
	AB("\xe0\xa4\xae\xe0\xa4\xbf", ABBR_ALWAYS), AB("\xd7\x9e\xd7\xa8", ABBR_ALWAYS),
};

/* Words that start sentences far more often than they follow a.m., U.S.,
 * Inc., J.-C. or mil. inside one.  Kept short on purpose: a missed split
 * costs less than a sentence cut in two. */
static const char *const starters[] = {
	"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "So", "Yet",
	"This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "In",
	/* French */
	"Le", "La", "Les", "Il", "Elle", "Ils", "Elles", "Un", "Une", "Ce", "Cette", "Ces", "Mais",
	"Selon", "Nous", "On",
	/* Czech */
	"Ten", "To", "Ta", "Tento", "Tato", "Toto", "Ale", "Podle", "Je",
	/* Greek: Ο Η Το Οι Τα Αυτό Σύμφωνα */
	"\xce\x9f", "\xce\x97", "\xce\xa4\xce\xbf", "\xce\x9f\xce\xb9", "\xce\xa4\xce\xb1",
	"\xce\x91\xcf\x85\xcf\x84\xcf\x8c", "\xce\xa3\xcf\x8d\xce\xbc\xcf\x86\xcf\x89\xce\xbd\xce\xb1",
};

static int in_list(const char *const *list, size_t n, const char *w, size_t wl)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == wl && !memcmp(list[i], w, wl)) return 1;
	return 0;
}

static int abbr_lookup(const char *w, size_t wl)
{
	for (size_t i = 0; i < N_ELEMS(abbrs); i++)
		if (abbrs[i].len == wl && abbrs[i].w[0] == w[0] && !memcmp(abbrs[i].w, w, wl))
			return abbrs[i].cls;
	return ABBR_NONE;
}

/* abbr_lookup, and again with the first letter in lower case ("Např",
 * "Tzv"), so that lower-case entries also match at a sentence start. */
static int abbr_lookup_folded(const char *w, size_t wl)
{
	int c = abbr_lookup(w, wl);
	if (c != ABBR_NONE || wl > ABBR_MAX) return c;
	int32_t cp;
	size_t l = ns_cp_at(w, wl, 0, &cp);
	if (!ns_cp_upper(cp)) return ABBR_NONE;
	char buf[ABBR_MAX + 8];
	utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)buf);
	if (n <= 0) return ABBR_NONE;
	memcpy(buf + n, w + l, wl - l);
	return abbr_lookup(buf, (size_t)n + wl - l);
}

/* Letters in w[0..wl), or -1 when it holds anything but letters and
 * combining marks (or starts with a mark) or more than max letters.
 * *caseless tells whether the letters are of a caseless script. */
static int count_letters(const char *w, size_t wl, int max, int *caseless)
{
	int n = 0;
	*caseless = 0;
	for (size_t i = 0; i < wl;) {
		int32_t cp;
		i += ns_cp_at(w, wl, i, &cp);
		if (ns_cp_letter(cp)) {
			if (++n > max) return -1;
			*caseless |= is_caseless(cp);
		} else if (!n || !is_comb(cp)) {
			return -1;
		}
	}
	return n;
}

/* Short letter groups joined by periods (or ".-" as in French J.-C., or the
 * Devanagari abbreviation sign ॰), at least two of them: U.S, a.m, J.R,
 * J.-C, π.μ, कि.मी, यू॰एन॰एफ॰सी.सी. */
static int is_dotted(const char *w, size_t wl)
{
	size_t parts = 0, s = 0;
	if (!memchr(w, '.', wl) && !memmem(w, wl, "\xe0\xa5\xb0", 3)) return 0; /* ॰ */
	for (size_t i = 0; i <= wl;) {
		int32_t cp = '.';
		size_t l = i < wl ? ns_cp_at(w, wl, i, &cp) : 1;
		if (cp != '.' && cp != CP_DEVA_ABBR) {
			i += l;
			continue;
		}
		int caseless, n = count_letters(w + s, i - s, DOTTED_CASELESS, &caseless);
		if (n < 1 || n > (caseless ? DOTTED_CASELESS : DOTTED_CASED)) return 0;
		parts++;
		i += l;
		s = i;
		if (s < wl && w[s] == '-') s = ++i;
	}
	return parts >= 2;
}

/* A single letter: an initial (J. R. R. Tolkien, Ö. Yilmaz, א. ב. יהושע) or a
 * one-letter abbreviation (Greek κ. for κύριος, Czech č. for číslo, French
 * p. ex.).  In a caseless script a letter with a vowel sign is a whole
 * syllable and often a word (Hindi है, था end most sentences), so there only a
 * bare letter counts. */
static int is_initial(const char *w, size_t wl)
{
	int32_t cp;
	size_t l = ns_cp_at(w, wl, 0, &cp);
	if (!ns_cp_letter(cp)) return 0;
	if (l == wl) return 1;
	int caseless;
	return !is_caseless(cp) && count_letters(w, wl, 1, &caseless) == 1;
}

/* The word that ends just before the period at t[i]: the run of non-space
 * characters before it; [*raw, i) with leading openers, [*ws, *we) without
 * them and without trailing closers (so "(Mr." and "\"No\"." are looked up
 * as Mr and No). */
static void word_before(const char *t, size_t len, size_t i, size_t *raw, size_t *ws, size_t *we)
{
	size_t s = i, e = i;
	int32_t cp;
	while (s > 0) {
		size_t p = ns_cp_before(t, s, &cp);
		if (ns_cp_space(cp)) break;
		s = p;
	}
	*raw = s;
	while (s < e) {
		size_t l = ns_cp_at(t, len, s, &cp);
		if (!is_opener(cp)) break;
		s += l;
	}
	while (e > s) {
		size_t p = ns_cp_before(t, e, &cp);
		if (!is_closer(cp)) break;
		e = p;
	}
	*ws = s;
	*we = e;
}

/* Class of the word that ends just before the period at t[i]. */
static int abbr_class(const char *t, size_t len, size_t i)
{
	size_t raw, ws, we;
	word_before(t, len, i, &raw, &ws, &we);
	const char *w = t + ws;
	size_t wl = we - ws;
	if (!wl) return ABBR_NONE;
	int c = abbr_lookup_folded(w, wl);
	/* "(17,6 mil)." or "a \"U.S\".": a period after a closing bracket or
	 * quote is not the word's own */
	if (we < i && c != ABBR_NUMBER) return ABBR_NONE;
	if (c != ABBR_NONE) return c;
	if (is_dotted(w, wl)) return ABBR_STARTER;
	if (is_initial(w, wl)) return ABBR_INITIAL;
	return ABBR_NONE;
}

/* Is the word at t[w] one of the usual sentence starters? */
static int is_starter(const char *t, size_t len, size_t w)
{
	size_t e = w;
	while (e < len) {
		int32_t cp;
		size_t l = ns_cp_at(t, len, e, &cp);
		if (!ns_cp_letter(cp)) {
			if (ns_cp_digit(cp)) return 0;
			break;
		}
		e += l;
	}
	return in_list(starters, N_ELEMS(starters), t + w, e - w);
}

/* Does t[s..e) hold a letter, and no lower-case one?  (A dateline city.) */
static int all_caps(const char *t, size_t len, size_t s, size_t e)
{
	int up = 0;
	while (s < e) {
		int32_t cp;
		s += ns_cp_at(t, len, s, &cp);
		if (ns_cp_lower(cp)) return 0;
		up |= ns_cp_upper(cp);
	}
	return up;
}

/* Number of digits of t[s..e) when it is all digits, else 0. */
static size_t digits(const char *t, size_t s, size_t e)
{
	size_t n = 0;
	for (size_t i = s; i < e;) {
		int32_t cp;
		i += ns_cp_at(t, e, i, &cp);
		if (!ns_cp_digit(cp)) return 0;
		n++;
	}
	return n;
}

/* Is the period at t[i], after a number of at most SHORT_NUMBER digits that
 * spans [ws, i), a list marker or a part of a date rather than a sentence
 * end?  The next word starts at t[w]; the sentence at t[start]. */
static int number_period(const char *t, size_t len, size_t i, size_t raw, size_t ws, size_t w, size_t start)
{
	size_t nd = digits(t, ws, i);
	if (!nd || nd > SHORT_NUMBER) return 0;
	/* "1. Open the box" */
	if (raw == start) return 1;
	/* prev: the last character before the number in this sentence */
	size_t p = raw;
	int32_t prev = 0, cp;
	while (p > start) {
		size_t q = ns_cp_before(t, p, &prev);
		if (!ns_cp_hspace(prev)) break;
		p = q;
	}
	if (p <= start) prev = 0;
	/* "Steps: 1. Open the box" */
	if (prev == ':') return 1;
	if (!cp_is(t, len, w, ns_cp_digit)) return 0;
	/* "1. 1. 2005": a day before a month number, */
	size_t e = w;
	while (e < len) {
		size_t l = ns_cp_at(t, len, e, &cp);
		if (!ns_cp_digit(cp)) break;
		e += l;
	}
	if (e < len && t[e] == '.' && digits(t, w, e) <= SHORT_NUMBER) return 1;
	/* or a month after a day, before the year */
	if (prev == '.') {
		size_t raw2, ws2, we2;
		word_before(t, len, p - 1, &raw2, &ws2, &we2);
		nd = digits(t, ws2, we2);
		if (nd && nd <= SHORT_NUMBER) return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sentence ends                                                       */
/* ------------------------------------------------------------------ */

enum { RUN_STOP, RUN_ELLIPSIS, RUN_FINAL };

/* Kind of the run of final punctuation t[i..j): any ! ? or a mark of
 * is_final_mark (or a Greek ';', a Hindi '|') makes it final; two or more
 * periods or a … make an ellipsis. */
static int run_kind(const char *t, size_t len, size_t i, size_t j)
{
	int dots = 0, ell = 0;
	while (i < j) {
		int32_t cp;
		i += ns_cp_at(t, len, i, &cp);
		if (is_final_mark(cp) || cp == ';' || cp == '|') return RUN_FINAL;
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
	case RUN_FINAL: return 1;
	case RUN_ELLIPSIS: return 0;
	default: break;
	}
	int c = abbr_class(t, len, i);
	return c == ABBR_NONE || c == ABBR_NUMBER;
}

/* Does the quotation opened by a spaced « (or ‹) before t[w] hold a
 * sentence end before it closes or the line ends (or within QUOTE_SCAN_MAX
 * bytes, past which it surely does)?  Only then does the quotation start a
 * new sentence: « Non », dit-elle stays attached. */
static int quote_has_end(const char *t, size_t len, size_t w, int32_t close)
{
	size_t lim = len - w > QUOTE_SCAN_MAX ? w + QUOTE_SCAN_MAX : len;
	for (size_t i = w; i < lim;) {
		int32_t cp;
		i += ns_cp_at(t, len, i, &cp);
		if (cp == close || cp == '\n') return 0;
		if (is_term(cp)) return 1;
	}
	return lim < len;
}

/* Is t[s..e) nothing but opening quotes and brackets? */
static int only_openers(const char *t, size_t len, size_t s, size_t e)
{
	while (s < e) {
		int32_t cp;
		s += ns_cp_at(t, len, s, &cp);
		if (!is_opener(cp) && !is_format(cp)) return 0;
	}
	return 1;
}

/* Is the run t[i..j) inside brackets: [...] or (...)? */
static int bracketed(const char *t, size_t len, size_t i, size_t j)
{
	int32_t b, a;
	if (i == 0 || j >= len) return 0;
	ns_cp_before(t, i, &b);
	ns_cp_at(t, len, j, &a);
	return (b == '[' && a == ']') || (b == '(' && a == ')');
}

/* Should the run t[i..j) split inside a line, with the next word (after
 * white space) at t[m]?  The sentence began at t[start]. */
static int split_inline(const char *t, size_t len, size_t i, size_t j, size_t m, size_t start)
{
	int32_t cp, spaced = 0;
	size_t w = m;
	for (int q = 0; q < MAX_OPENERS && w < len; q++) { /* at most a few stacked openers: (“ */
		size_t l = ns_cp_at(t, len, w, &cp);
		if (is_opener(cp) || is_format(cp)) {
			w += l;
			/* French « Bonjour » has a (no-break) space inside, and
			 * Arabic texts often write " نص" */
			if ((cp == CP_LAQUO || cp == CP_LSAQUO) && cp_is(t, len, w, ns_cp_hspace)) {
				spaced = cp == CP_LAQUO ? CP_RAQUO : CP_RSAQUO;
				w = skip_hspace(t, len, w);
			} else if ((cp == '"' || cp == 0x201C || cp == 0x201E) && cp_is(t, len, w, ns_cp_hspace)) {
				w = skip_hspace(t, len, w);
			}
		} else if ((cp == CP_RAQUO || cp == CP_RSAQUO) && cp_is(t, len, w + l, ns_cp_letter)) {
			w += l; /* German »Zitat« opens with » */
		} else if (is_bullet(cp) && cp_is(t, len, w + l, ns_cp_hspace)) {
			w = skip_hspace(t, len, w + l); /* "Sales rose. • Costs fell." */
		} else {
			break;
		}
	}
	if (w >= len) return 0;
	ns_cp_at(t, len, w, &cp);
	int up = ns_cp_upper(cp), dig = ns_cp_digit(cp), caseless = is_caseless(cp);
	if (!up && !dig && !caseless) return 0;
	if (spaced && !quote_has_end(t, len, w, spaced)) return 0;
	switch (run_kind(t, len, i, j)) {
	case RUN_FINAL: return 1;
	case RUN_ELLIPSIS:
		/* "[...] It would appear": an ellipsis that opens a quotation
		 * marks words left out, and no sentence */
		if (only_openers(t, len, start, i)) return 0;
		/* In a caseless script only the bracketed ellipsis of a
		 * quotation stitched from pieces is taken for an end: a bare
		 * one is as often inside a sentence. */
		return up || (caseless && bracketed(t, len, i, j));
	default: break;
	}
	size_t raw, ws, we;
	word_before(t, len, i, &raw, &ws, &we);
	switch (abbr_class(t, len, i)) {
	case ABBR_ALWAYS: case ABBR_INITIAL: return 0;
	case ABBR_NUMBER: return !dig;
	case ABBR_STARTER: return up && is_starter(t, len, w);
	case ABBR_STATE: return !all_caps(t, len, start, raw);
	default: break;
	}
	return !number_period(t, len, i, raw, ws, w, start);
}

/* Does a list item marker start at t[m]: "a) ", "iv) ", "b. "?  Such a
 * line is a new item, even in lower case. */
static int list_marker(const char *t, size_t len, size_t m)
{
	size_t e = m;
	while (e < len && e - m <= LIST_MARK_MAX && is_ascii_alnum((unsigned char)t[e])) e++;
	if (e == m || e - m > LIST_MARK_MAX || e + 1 >= len) return 0;
	if (t[e] != ')' && !(t[e] == '.' && e - m == 1)) return 0;
	return cp_is(t, len, e + 1, ns_cp_hspace);
}

/* Is the line end at t[nl] a hard wrap inside a sentence? */
static int line_joins(const char *t, size_t len, size_t nl)
{
	int32_t cp;
	size_t m = skip_hspace(t, len, nl + 1);
	if (m >= len) return 0;
	ns_cp_at(t, len, m, &cp);
	if (!ns_cp_lower(cp) || list_marker(t, len, m)) return 0;
	size_t e = nl;
	while (e > 0) {
		size_t p = ns_cp_before(t, e, &cp);
		if (!ns_cp_hspace(cp)) break;
		e = p;
	}
	while (e > 0) {
		size_t p = ns_cp_before(t, e, &cp);
		if (!is_closer(cp)) break;
		e = p;
	}
	if (e == 0) return 0;
	ns_cp_before(t, e, &cp);
	if (cp == '\n') return 0; /* an empty line is a paragraph break */
	if (!is_term(cp)) return 1;
	size_t i = e;
	while (i > 0) {
		size_t p = ns_cp_before(t, i, &cp);
		if (!is_term(cp)) break;
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

/* Is a straight double quote open at t[e]?  Counted from the start of the
 * line (a paragraph; a quotation may run over several sentences of it), at
 * most QUOTE_SCAN_MAX bytes back. */
static int quote_open(const char *t, size_t e)
{
	int open = 0;
	for (size_t i = e; i > 0 && e - i < QUOTE_SCAN_MAX && t[i - 1] != '\n'; i--) open ^= t[i - 1] == '"';
	return open;
}

/* End of the closers after the end marks that finish at t[j]: quotes, brackets, format characters,
 * opening quotes used as closing ones, and a French » or an open straight
 * quote set off by a space when something other than a word follows it
 * ("Oui. » Il", "Oui ? », dit-il"). */
static size_t skip_closers(const char *t, size_t len, size_t j)
{
	size_t k = j;
	while (k < len) {
		int32_t cp;
		size_t l = ns_cp_at(t, len, k, &cp);
		if (is_closer(cp)) {
			k += l;
			continue;
		}
		/* Opening quotes followed by white space close a quotation:
		 * German »Komm.« and „Ja.“, Hindi texts that write ‘‘ on both
		 * sides. */
		size_t q = k;
		while (q < len) {
			size_t ql = ns_cp_at(t, len, q, &cp);
			if (!is_quote_opener(cp)) break;
			q += ql;
		}
		if (q > k && (q >= len || cp_is(t, len, q, ns_cp_space))) {
			k = q;
			continue;
		}
		ns_cp_at(t, len, k, &cp);
		if (!ns_cp_hspace(cp)) break;
		size_t g = skip_hspace(t, len, k);
		if (g >= len) break;
		l = ns_cp_at(t, len, g, &cp);
		if (cp_is(t, len, g + l, ns_cp_letter) || cp_is(t, len, g + l, ns_cp_digit)) break;
		/* a straight quote set off by spaces closes a quotation when one
		 * is open: "... community. " A spokesman said */
		if (cp != CP_RAQUO && cp != CP_RSAQUO &&
		    !(cp == '"' && (g + l >= len || cp_is(t, len, g + l, ns_cp_space)) && quote_open(t, j)))
			break;
		k = g + l;
	}
	return k;
}

/* With no count passed in, the span array is refilled from index 0 and only
 * grows.  Texts of 4 GiB or more cannot be described by 32-bit spans and fail
 * like an allocation. */
size_t ns_sent_split(const char *text, size_t len, ns_span **spans, size_t *cap)
{
	size_t n = 0;
	if (len > UINT32_MAX) return (size_t)-1;
	size_t start = skip_space(text, len, 0), i = start;
	/* Scripts seen since the sentence start: after a Greek letter ';' is a
	 * question mark, after a Devanagari one '|' stands in for the danda. */
	unsigned seen = 0;
	while (i < len) {
		int32_t cp;
		size_t l = ns_cp_at(text, len, i, &cp);
		if (!maybe_special(cp)) {
			if (cp >= 0x370) seen |= script_of(cp, seen);
			i += l;
			continue;
		}
		if (cp == '\n') {
			if (line_joins(text, len, i)) {
				i++;
				continue;
			}
			if (emit(text, start, i, spans, cap, &n)) return (size_t)-1;
			start = i = skip_space(text, len, i + 1);
			seen = 0;
			continue;
		}
		if (!is_term(cp) && !(cp == ';' && (seen & SEEN_GREEK)) && !(cp == '|' && (seen & SEEN_DEVANAGARI))) {
			i += l;
			continue;
		}
		size_t j = i + l, k;
		int tight = is_tight_mark(cp) || cp == '|';
		while (j < len) {
			l = ns_cp_at(text, len, j, &cp);
			if (!is_term(cp)) break;
			tight |= is_tight_mark(cp);
			j += l;
		}
		k = skip_closers(text, len, j);
		/* A line end after the punctuation is left to the line-end rule. */
		if (k < len) {
			ns_cp_at(text, len, k, &cp);
			if (ns_cp_hspace(cp)) {
				size_t m = skip_hspace(text, len, k);
				if (m < len && text[m] != '\n' && split_inline(text, len, i, j, m, start)) {
					if (emit(text, start, k, spans, cap, &n)) return (size_t)-1;
					start = i = m;
					seen = 0;
					continue;
				}
			} else if (tight && !ns_cp_space(cp)) {
				if (emit(text, start, k, spans, cap, &n)) return (size_t)-1;
				start = i = k;
				seen = 0;
				continue;
			}
		}
		i = j;
	}
	if (emit(text, start, len, spans, cap, &n)) return (size_t)-1;
	return n;
}
