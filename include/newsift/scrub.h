/* newsift — scrubbing with built-in lists: boilerplate lines, scraped
 * metadata at the start of a text, and pages that are not articles.
 *
 * Nothing here is learned from the dump (the boilerplate that clean.h
 * learns is another step): the lists are built into the library, one table
 * of boilerplate lines in the 13 languages of lang.h (ns_scrub_entries), and
 * smaller ones for metadata words and for pages that are not articles.
 *
 * Lines are compared in a normal form: case-folded, accents of Latin, Greek
 * and Cyrillic letters and the vowel marks of Arabic and Hebrew removed,
 * every character that is not a letter, digit or mark (punctuation,
 * symbols, spaces) taken as a word break, words joined by one space: both
 * "Read more:" and "READ MORE" are "read more", "Publicité" is "publicite".
 * A word here is a run of non-space bytes of the line as written.
 *
 * Kinds of boilerplate line (the names appear in run reports):
 *   advertisement  "Advertisement" (and its misspellings), "Sponsored",
 *                  "Story continues below advertisement", "Anzeige"...
 *   share          "Share", "Share this article", "Tweet", "Partager",
 *                  and lines made only of network names ("Facebook Twitter")
 *   read-more      "Read more: ...", "See also: ...", "Related: ...",
 *                  "Continue reading", "Lire aussi : ...", "Leer más..."
 *   subscribe      "Subscribe", "Sign up", "Log in", "Abonnez-vous"...
 *   newsletter     "Newsletter", "Sign up for our newsletter ...", and
 *                  newsletter notices
 *   cookie-notice  cookie and consent notices ("We use cookies to ... By
 *                  continuing to browse, you agree ...") and their buttons
 *                  ("Accept all", "Manage consent")
 *   photo-credit   "Photo: ...", "Image copyright ...", "Getty Images"...
 *   copyright      "Copyright ...", "© ...", "(c) ...", "All rights reserved"
 *   social-embed   "View this post on Instagram", "A post shared by ... (@...)",
 *                  "Follow us on ...", Twitter's location notice ("You can
 *                  add location information to your Tweets, ..."), "This
 *                  content is not available ..."
 *   javascript     "Please enable JavaScript ...", video player notices
 *   page-tool      "Print", "Comments", "Listen to this article", "Back to
 *                  top"...
 *
 * Thread safety: every function is reentrant.  The lookup tables are built
 * on first use (pthread_once) and read-only afterwards. */
#ifndef NEWSIFT_SCRUB_H
#define NEWSIFT_SCRUB_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Kinds of boilerplate line; ns_scrub_kind_name() names them. */
enum {
	NS_SCRUB_ADVERT = 0,
	NS_SCRUB_SHARE,
	NS_SCRUB_READ_MORE,
	NS_SCRUB_SUBSCRIBE,
	NS_SCRUB_NEWSLETTER,
	NS_SCRUB_COOKIE,
	NS_SCRUB_PHOTO_CREDIT,
	NS_SCRUB_COPYRIGHT,
	NS_SCRUB_SOCIAL,
	NS_SCRUB_JAVASCRIPT,
	NS_SCRUB_PAGE_TOOL,
	NS_SCRUB_NKINDS
};

/* How an entry matches a line (its normal form, see above).  Words are
 * counted in the line as written. */
enum {
	NS_SCRUB_LINE = 0,  /* the whole line is the entry ("Advertisement") */
	NS_SCRUB_START,     /* the line starts with the entry and has at most
	                     * NS_SCRUB_START_MAX_WORDS words ("Follow us on ...") */
	NS_SCRUB_START_MARK, /* as NS_SCRUB_START, and the entry is followed by
	                     * punctuation, a symbol or a digit, or ends the line:
	                     * "Photo: AP", "Related: ...", not "Related talks ..." */
	NS_SCRUB_START_AT,  /* as NS_SCRUB_START, and the line holds an '@'
	                     * ("A post shared by NASA (@nasa)") */
	NS_SCRUB_PHRASE,    /* anywhere in a line of at most
	                     * NS_SCRUB_PHRASE_MAX_WORDS words; the line is
	                     * boilerplate when such phrases (and the supporting
	                     * ones of their kind) cover at least half its words */
	NS_SCRUB_SUPPORT,   /* a phrase that counts towards that half only when
	                     * an NS_SCRUB_PHRASE of its kind is in the line
	                     * ("you agree", "learn more") */
	NS_SCRUB_WORD       /* a word that makes a line of 2 to
	                     * NS_SCRUB_WORDS_MAX_WORDS words with other single-word
	                     * entries ("Facebook Twitter Email") */
};

#define NS_SCRUB_START_MAX_WORDS 25   /* longest line an NS_SCRUB_START* entry removes */
#define NS_SCRUB_PHRASE_MAX_WORDS 80  /* longest line a phrase entry removes */
#define NS_SCRUB_PHRASE_MAX_BYTES 1280 /* and its length in bytes */
#define NS_SCRUB_WORDS_MAX_WORDS 8    /* longest line of single-word entries */
#define NS_SCRUB_PAGE_MAX_WORDS 120   /* a page of this many words or more is an article */

/* One built-in boilerplate entry. */
typedef struct {
	const char *text;  /* as written, UTF-8 */
	const char *lang;  /* ISO 639-1 code ("en", "fr", ...), "" for any language */
	uint8_t kind;      /* NS_SCRUB_ADVERT ... */
	uint8_t match;     /* NS_SCRUB_LINE ... */
} ns_scrub_entry;

/* The built-in boilerplate table: *n entries in static storage, grouped by
 * language.  For inspection, reports and tests. */
const ns_scrub_entry *ns_scrub_entries(size_t *n);

/* Name of a kind ("advertisement", "cookie-notice", ...); "" out of range.
 * Static string. */
const char *ns_scrub_kind_name(int kind);
/* NS_SCRUB_NKINDS. */
size_t ns_scrub_nkinds(void);

/* Counts of a scrubbing run; zero-initialise, the functions add to it. */
typedef struct {
	uint64_t lines;                     /* non-blank lines looked at by ns_scrub_boiler */
	uint64_t removed[NS_SCRUB_NKINDS];  /* lines ns_scrub_boiler removed, per kind */
	uint64_t meta;                      /* metadata lines or prefixes removed: the caller
	                                     * adds ns_scrub_meta.lines here */
} ns_scrub_stats;

/* Is line[0..len) (one line, no '\n') a built-in boilerplate line?  Returns
 * its kind + 1, or 0.  A line of more than NS_SCRUB_PHRASE_MAX_WORDS words
 * or NS_SCRUB_PHRASE_MAX_BYTES bytes is rejected before any normalisation;
 * in a line of more than NS_SCRUB_START_MAX_WORDS words, phrases are looked
 * for only when the line holds one of their trigger words ("cookie",
 * "JavaScript", "Tweets", "Instagram", ...) as written in the table (a
 * non-Latin trigger in capitals is missed). */
int ns_scrub_boiler_line(const char *line, size_t len);

/* Copy text[0..len) (clean text: '\n' line ends) into out, replacing its
 * contents, without its built-in boilerplate lines.  Paragraph structure is
 * kept: lines are joined by '\n', paragraphs by one blank line, and no
 * blank line leads, trails or repeats.  The output is never longer than the
 * input.  Adds to *st (may be NULL).  text must not point into out.
 * NS_ERR_NOMEM. */
ns_status ns_scrub_boiler(const char *text, size_t len, ns_buf *out, ns_scrub_stats *st);

/* What ns_scrub_meta_lines found. */
typedef struct {
	char date[11];     /* "YYYY-MM-DD", or "" when no date could be read */
	char byline[128];  /* the name(s) after "By" ("Jane Doe and John Smith"), or "" */
	unsigned lines;    /* metadata lines or prefixes removed */
	unsigned dates_only; /* ...of them, lines that were only a date ("Saturday, January 8,
	                      * 2005"): no label, no byline */
} ns_scrub_meta;

/* Replace out's contents with text[0..len) without scraped metadata at its
 * start, and fill *m.  Up to the first 3 non-blank lines are looked at (a
 * short line that is not metadata, such as a headline, is kept and the next
 * looked at; a longer one ends the search; built-in boilerplate lines such
 * as "Share this article" are kept and not counted, so the function may run
 * before or after ns_scrub_boiler).  A line that is only metadata is
 * removed:
 *   a byline: "By", "Par", "Von", "Por", "Di" or "Door" and 1 to 4
 *     capitalised name words followed by the end of the line, "|", ",",
 *     "-", "and" and another name, or a date ("By Jane Doe, Reuters");
 *   a label and a date or time: "Published: 22 March 2024",
 *     "Updated 10:32 AM EST, Mon March 4, 2024", "Posted on March 22, 2024
 *     by admin", "Publié le ...", "Veröffentlicht am ...", "Publicado el ...";
 *   a date with a year, with times, weekdays and time zones:
 *     "22 March 2024 | 10:32".
 * A label and a date (or a byline and a date) that start a line of article
 * text are cut off: "date 2024-03-22 On March 21, ..." keeps "On March 21,
 * ...".  "By the time police arrived" and "Published reports said" stay.
 * Dates are read as ISO dates, day-month-year and month-day-year with month
 * names in English, French, German, Spanish, Italian, Portuguese, Dutch,
 * Czech, Greek and Russian, and numeric dates whose day is above 12 (or
 * equal to the month); the first date read goes to m->date.  text must not
 * point into out.  NS_ERR_NOMEM. */
ns_status ns_scrub_meta_lines(const char *text, size_t len, ns_buf *out, ns_scrub_meta *m);

/* Why a record is not an article; ns_scrub_page_name() names them
 * ("paywall stub", ...).  NS_PAGE_BOILERPLATE ("only boilerplate") is
 * not judged here: a caller sets it for a text that ns_scrub_boiler left
 * empty. */
enum {
	NS_PAGE_PAYWALL = 0,
	NS_PAGE_JAVASCRIPT,
	NS_PAGE_COOKIE,
	NS_PAGE_CONSENT,
	NS_PAGE_ERROR,
	NS_PAGE_CAPTCHA,
	NS_PAGE_BOILERPLATE,
	NS_PAGE_NKINDS
};

/* Name of a page kind; "" out of range.  Static string. */
const char *ns_scrub_page_name(int kind);

/* ns_scrub_not_article as a kind (NS_PAGE_*), -1 for an article. */
int ns_scrub_page(const char *title, size_t tlen, const char *text, size_t len);

/* Is a record not an article?  title[0..tlen) and the text (after
 * ns_scrub_meta_lines and ns_scrub_boiler) decide.  Returns NULL for an
 * article, else a static reason: "paywall stub", "javascript required",
 * "cookie wall", "consent page", "error page" or "captcha page".  Only a
 * text of fewer than NS_SCRUB_PAGE_MAX_WORDS words can be one, and then
 * when its title is such a page's title ("404 Not Found", "Just a
 * moment...", "Access denied | Site"), when notice lines ("Subscribe to
 * continue reading", "Please enable JavaScript", "We value your privacy",
 * "Page not found", "Verify you are human", in the 13 languages) make at
 * least half its words, or when its last lines are notices, one of them a
 * paywall or JavaScript notice (a teaser, then "Subscribe to continue
 * reading" and perhaps a "Log in" button).  An empty text
 * with an ordinary title is not judged (NULL): the caller handles empty
 * texts.  Either pointer may be NULL when its length is 0. */
const char *ns_scrub_not_article(const char *title, size_t tlen, const char *text, size_t len);

#endif
