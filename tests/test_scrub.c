/* Built-in scrubbing: boilerplate lines, leading metadata, pages that are
 * not articles. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newsift/scrub.h"
#include "check.h"

/* A scraped page: metadata prefix, misspelt advertisement lines, a
 * heading, Twitter's location notice and a cookie notice. */
static const char fixture[] =
	"date 2024-03-22 On March 21, 2024, U.S. Secretary of State Antony Blinken arrived in Cairo for talks on a "
	"ceasefire, saying the sides were moving towards peace.\n\nAdvertisment\n\nDiplomatic Efforts and Challenges\n\n"
	"The talks were the latest in a series of meetings across the region.\n\nAdvertisment\n\nYou can add location "
	"information to your Tweets, such as your city or precise location, from the web and via third-party "
	"applications. You always have the option to delete your Tweet location history.\n\nWe use cookies to give you "
	"the best experience on our site. By continuing to browse, you agree to our Cookie Policy.";

static const char fixture_out[] =
	"On March 21, 2024, U.S. Secretary of State Antony Blinken arrived in Cairo for talks on a ceasefire, saying the "
	"sides were moving towards peace.\n\nDiplomatic Efforts and Challenges\n\nThe talks were the latest in a series "
	"of meetings across the region.";

static int line_kind(const char *s)
{
	return ns_scrub_boiler_line(s, strlen(s)) - 1;
}

/* Many threads use the tables at once on first use (pthread_once). */
static void *first_use(void *arg)
{
	(void)arg;
	intptr_t k = ns_scrub_boiler_line("Advertisement", 13);
	return (void *)k;
}

static void test_first_use(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, first_use, NULL) == 0);
	for (int i = 0; i < 4; i++) {
		void *r = NULL;
		pthread_join(t[i], &r);
		CHECK((intptr_t)r == NS_SCRUB_ADVERT + 1);
	}
}

static void test_fixture(void)
{
	ns_buf a = { 0 }, b = { 0 };
	ns_scrub_meta m;
	ns_scrub_stats st;
	memset(&st, 0, sizeof st);
	CHECK(ns_scrub_meta_lines(fixture, strlen(fixture), &a, &m) == NS_OK);
	CHECK_STR(m.date, "2024-03-22");
	CHECK_STR(m.byline, "");
	CHECK_EQ_U(m.lines, 1);
	CHECK(a.len > 19 && !memcmp(a.p, "On March 21, 2024, ", 19));
	CHECK(ns_scrub_boiler(a.p, a.len, &b, &st) == NS_OK);
	CHECK_STR(b.p, fixture_out);
	CHECK_EQ_U(b.len, strlen(fixture_out));
	CHECK(!strstr(b.p, "Advertisment") && !strstr(b.p, "Tweets") && !strstr(b.p, "cookie"));
	CHECK(strstr(b.p, "\n\nDiplomatic Efforts and Challenges\n\n") != NULL);
	CHECK_EQ_U(st.lines, 7);
	CHECK_EQ_U(st.removed[NS_SCRUB_ADVERT], 2);
	CHECK_EQ_U(st.removed[NS_SCRUB_SOCIAL], 1);
	CHECK_EQ_U(st.removed[NS_SCRUB_COOKIE], 1);
	uint64_t tot = 0;
	for (size_t k = 0; k < ns_scrub_nkinds(); k++) tot += st.removed[k];
	CHECK_EQ_U(tot, 4);
	/* scrubbing again changes nothing */
	ns_buf c = { 0 };
	CHECK(ns_scrub_boiler(b.p, b.len, &c, NULL) == NS_OK);
	CHECK_STR(c.p, fixture_out);
	/* stats add up over calls */
	CHECK(ns_scrub_boiler(a.p, a.len, &c, &st) == NS_OK);
	CHECK_EQ_U(st.removed[NS_SCRUB_ADVERT], 4);
	CHECK_EQ_U(st.lines, 14);
	ns_buf_free(&a);
	ns_buf_free(&b);
	ns_buf_free(&c);
}

static void test_kinds(void)
{
	static const char *const names[] = { "advertisement", "share", "read-more", "subscribe", "newsletter",
	                                     "cookie-notice", "photo-credit", "copyright", "social-embed", "javascript",
	                                     "page-tool" };
	CHECK_EQ_U(ns_scrub_nkinds(), NS_SCRUB_NKINDS);
	CHECK_EQ_U(ns_scrub_nkinds(), sizeof names / sizeof names[0]);
	for (int k = 0; k < NS_SCRUB_NKINDS; k++) CHECK_STR(ns_scrub_kind_name(k), names[k]);
	CHECK_STR(ns_scrub_kind_name(-1), "");
	CHECK_STR(ns_scrub_kind_name(NS_SCRUB_NKINDS), "");
}

/* Every entry matches a line made of itself, with its kind; every
 * language has entries of the main kinds. */
static void test_table(void)
{
	static const char *const langs[] = { "en", "fr", "cs", "de", "es", "it", "pt", "nl", "el", "ru", "ar", "he", "hi" };
	static const int need[] = { NS_SCRUB_ADVERT, NS_SCRUB_SHARE, NS_SCRUB_READ_MORE, NS_SCRUB_SUBSCRIBE,
	                            NS_SCRUB_COOKIE, NS_SCRUB_SOCIAL, NS_SCRUB_JAVASCRIPT };
	size_t n;
	const ns_scrub_entry *e = ns_scrub_entries(&n);
	CHECK(e != NULL && n > 500);
	int self = 0, bad = 0;
	for (size_t i = 0; i < n; i++) {
		CHECK(e[i].kind < NS_SCRUB_NKINDS && e[i].match <= NS_SCRUB_WORD);
		if (e[i].match == NS_SCRUB_SUPPORT || e[i].match == NS_SCRUB_WORD) continue;
		self++;
		if (line_kind(e[i].text) != e[i].kind) {
			bad++;
			fprintf(stderr, "entry \"%s\" (%s) is kind %d as a line, not %d\n", e[i].text, e[i].lang,
			        line_kind(e[i].text), e[i].kind);
		}
	}
	CHECK(self > 400);
	CHECK_EQ_U(bad, 0);
	for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
		size_t cnt = 0;
		for (size_t i = 0; i < n; i++) cnt += !strcmp(e[i].lang, langs[l]);
		if (cnt < 20) fprintf(stderr, "language %s: %zu entries\n", langs[l], cnt);
		CHECK(cnt >= 20);
		for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
			int have = 0;
			for (size_t i = 0; i < n; i++)
				have |= !strcmp(e[i].lang, langs[l]) && e[i].kind == need[k] && e[i].match != NS_SCRUB_SUPPORT;
			if (!have) fprintf(stderr, "language %s has no %s entry\n", langs[l], ns_scrub_kind_name(need[k]));
			CHECK(have);
		}
	}
}

typedef struct {
	const char *line;
	int kind; /* -1: not boilerplate */
} line_case;

static void lines_are(const line_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int k = line_kind(c[i].line);
		if (k != c[i].kind) fprintf(stderr, "\"%s\": kind %d, want %d\n", c[i].line, k, c[i].kind);
		CHECK(k == c[i].kind);
	}
}

static void test_lines(void)
{
	static const line_case yes[] = {
		/* advertisement in the 13 languages, and spellings */
		{ "Advertisement", NS_SCRUB_ADVERT }, { "ADVERTISEMENT", NS_SCRUB_ADVERT }, { "Advertisement:", NS_SCRUB_ADVERT },
		{ "Advertisment", NS_SCRUB_ADVERT }, { "Advertisemnt", NS_SCRUB_ADVERT }, { "Advert", NS_SCRUB_ADVERT },
		{ "Ad", NS_SCRUB_ADVERT }, { "- Advertisement -", NS_SCRUB_ADVERT }, { "Sponsored", NS_SCRUB_ADVERT },
		{ "Skip advertisement", NS_SCRUB_ADVERT }, { "Story continues below advertisement", NS_SCRUB_ADVERT },
		{ "Publicité", NS_SCRUB_ADVERT }, { "PUBLICITE", NS_SCRUB_ADVERT }, { "Anzeige", NS_SCRUB_ADVERT },
		{ "Werbung", NS_SCRUB_ADVERT }, { "Publicidad", NS_SCRUB_ADVERT }, { "Pubblicità", NS_SCRUB_ADVERT },
		{ "Publicidade", NS_SCRUB_ADVERT }, { "Advertentie", NS_SCRUB_ADVERT }, { "Reklama", NS_SCRUB_ADVERT },
		{ "Διαφήμιση", NS_SCRUB_ADVERT }, { "ΔΙΑΦΗΜΙΣΗ", NS_SCRUB_ADVERT }, { "Реклама", NS_SCRUB_ADVERT },
		{ "РЕКЛАМА", NS_SCRUB_ADVERT }, { "إعلان", NS_SCRUB_ADVERT }, { "פרסומת", NS_SCRUB_ADVERT },
		{ "विज्ञापन", NS_SCRUB_ADVERT },
		/* share */
		{ "Share", NS_SCRUB_SHARE }, { "Share this article", NS_SCRUB_SHARE }, { "Share on Facebook", NS_SCRUB_SHARE },
		{ "Tweet", NS_SCRUB_SHARE }, { "Facebook Twitter Email", NS_SCRUB_SHARE }, { "Share: Facebook", NS_SCRUB_SHARE },
		{ "Partager", NS_SCRUB_SHARE }, { "Teilen", NS_SCRUB_SHARE }, { "Compartir en WhatsApp", NS_SCRUB_SHARE },
		{ "Condividi", NS_SCRUB_SHARE }, { "Compartilhar", NS_SCRUB_SHARE }, { "Delen", NS_SCRUB_SHARE },
		{ "Sdílet", NS_SCRUB_SHARE }, { "Κοινοποίηση", NS_SCRUB_SHARE }, { "Поделиться", NS_SCRUB_SHARE },
		{ "شارك", NS_SCRUB_SHARE }, { "שתפו", NS_SCRUB_SHARE }, { "शेयर करें", NS_SCRUB_SHARE },
		/* read more: whole lines and prefixes of short lines */
		{ "Read more", NS_SCRUB_READ_MORE }, { "Read more: Biden meets Sisi in Cairo", NS_SCRUB_READ_MORE },
		{ "READ MORE | Ceasefire talks stall", NS_SCRUB_READ_MORE }, { "Read also: The road to Rafah", NS_SCRUB_READ_MORE },
		{ "See also: Gaza timeline", NS_SCRUB_READ_MORE }, { "Related: What the deal says", NS_SCRUB_READ_MORE },
		{ "Continue reading", NS_SCRUB_READ_MORE }, { "Click here to read the full report.", NS_SCRUB_READ_MORE },
		{ "Lire aussi : Le gouvernement veut réformer les retraites", NS_SCRUB_READ_MORE },
		{ "Lesen Sie auch: Was der Kanzler plant", NS_SCRUB_READ_MORE },
		{ "Leer más: El Gobierno aprueba el presupuesto", NS_SCRUB_READ_MORE },
		{ "Leggi anche: Il governo approva la manovra", NS_SCRUB_READ_MORE },
		{ "Leia também: Governo anuncia pacote", NS_SCRUB_READ_MORE }, { "Lees ook: Kabinet valt", NS_SCRUB_READ_MORE },
		{ "Čtěte také: Vláda schválila rozpočet", NS_SCRUB_READ_MORE },
		{ "Διαβάστε επίσης: Η κυβέρνηση", NS_SCRUB_READ_MORE }, { "Читайте также: Правительство", NS_SCRUB_READ_MORE },
		{ "اقرأ أيضاً: الحكومة توافق", NS_SCRUB_READ_MORE }, { "קראו גם: הממשלה אישרה", NS_SCRUB_READ_MORE },
		{ "यह भी पढ़ें: सरकार ने बजट पेश किया", NS_SCRUB_READ_MORE },
		/* subscribe */
		{ "Subscribe", NS_SCRUB_SUBSCRIBE }, { "Sign up", NS_SCRUB_SUBSCRIBE }, { "Abonnez-vous", NS_SCRUB_SUBSCRIBE },
		{ "Jetzt abonnieren", NS_SCRUB_SUBSCRIBE }, { "Suscríbete", NS_SCRUB_SUBSCRIBE }, { "Abbonati", NS_SCRUB_SUBSCRIBE },
		{ "Assine", NS_SCRUB_SUBSCRIBE }, { "Word abonnee", NS_SCRUB_SUBSCRIBE }, { "Předplatné", NS_SCRUB_SUBSCRIBE },
		{ "Συνδρομή", NS_SCRUB_SUBSCRIBE }, { "Подписаться", NS_SCRUB_SUBSCRIBE }, { "اشترك الآن", NS_SCRUB_SUBSCRIBE },
		{ "הירשמו", NS_SCRUB_SUBSCRIBE }, { "सब्सक्राइब करें", NS_SCRUB_SUBSCRIBE },
		/* newsletter */
		{ "Newsletter", NS_SCRUB_NEWSLETTER }, { "Sign up for our newsletter", NS_SCRUB_NEWSLETTER },
		{ "Sign up for the Curbed NY newsletter Sign up for our daily email newsletter and get top stories and breaking "
		  "news delivered to your inbox.", NS_SCRUB_NEWSLETTER },
		{ "Sign up for our morning briefing and get the news you need before breakfast.", NS_SCRUB_NEWSLETTER },
		{ "Get the best of the news delivered to your inbox every morning. Sign up for our newsletter.", NS_SCRUB_NEWSLETTER },
		/* cookie notices: buttons, short notices, and a notice of more
		 * than 25 words (found through its trigger) */
		{ "Accept all", NS_SCRUB_COOKIE }, { "Manage consent", NS_SCRUB_COOKIE }, { "We use cookies.", NS_SCRUB_COOKIE },
		{ "We use cookies on this page", NS_SCRUB_COOKIE }, /* half its words */
		{ "This website uses cookies to improve your experience. Learn more", NS_SCRUB_COOKIE },
		{ "We use cookies and similar technologies to give you the best experience on our website, to personalise "
		  "content and ads and to analyse our traffic. By continuing to browse you agree to our use of cookies. "
		  "Find out more in our cookie policy.", NS_SCRUB_COOKIE },
		{ "Nous utilisons des cookies pour vous offrir la meilleure expérience.", NS_SCRUB_COOKIE },
		{ "Wir verwenden Cookies.", NS_SCRUB_COOKIE }, { "Utilizamos cookies", NS_SCRUB_COOKIE },
		{ "Utilizziamo i cookie", NS_SCRUB_COOKIE }, { "Este site utiliza cookies.", NS_SCRUB_COOKIE },
		{ "Wij gebruiken cookies", NS_SCRUB_COOKIE }, { "Používáme cookies", NS_SCRUB_COOKIE },
		{ "Χρησιμοποιούμε cookies", NS_SCRUB_COOKIE }, { "Мы используем файлы cookie", NS_SCRUB_COOKIE },
		{ "نستخدم ملفات تعريف الارتباط", NS_SCRUB_COOKIE }, { "אנו משתמשים בעוגיות", NS_SCRUB_COOKIE },
		{ "हम कुकीज़ का उपयोग करते हैं", NS_SCRUB_COOKIE },
		/* credits */
		{ "Photo: Reuters", NS_SCRUB_PHOTO_CREDIT }, { "Photograph: Jane Doe/AP", NS_SCRUB_PHOTO_CREDIT },
		{ "Image copyright Getty Images", NS_SCRUB_PHOTO_CREDIT }, { "Image caption The minister in Cairo", NS_SCRUB_PHOTO_CREDIT },
		{ "Getty Images", NS_SCRUB_PHOTO_CREDIT }, { "Picture: PA", NS_SCRUB_PHOTO_CREDIT }, { "Foto: dpa", NS_SCRUB_PHOTO_CREDIT },
		{ "Crédit photo : AFP", NS_SCRUB_PHOTO_CREDIT }, { "Фото: ТАСС", NS_SCRUB_PHOTO_CREDIT },
		{ "צילום: רויטרס", NS_SCRUB_PHOTO_CREDIT },
		{ "© 2024 Reuters", NS_SCRUB_COPYRIGHT }, { "(c) AP 2024", NS_SCRUB_COPYRIGHT },
		{ "Copyright 2024 The Associated Press. All rights reserved.", NS_SCRUB_COPYRIGHT },
		{ "Tous droits réservés", NS_SCRUB_COPYRIGHT },
		/* social embeds */
		{ "View this post on Instagram", NS_SCRUB_SOCIAL }, { "A post shared by NASA (@nasa)", NS_SCRUB_SOCIAL },
		{ "Follow us on Twitter and Facebook", NS_SCRUB_SOCIAL },
		{ "You can add location information to your Tweets, such as your city or precise location, from the web and "
		  "via third-party applications.", NS_SCRUB_SOCIAL },
		{ "This content is not available due to your privacy preferences. Update your settings here to see it.",
		  NS_SCRUB_SOCIAL },
		{ "Voir cette publication sur Instagram", NS_SCRUB_SOCIAL }, { "Suivez-nous sur X", NS_SCRUB_SOCIAL },
		/* javascript */
		{ "Please enable JavaScript to view the comments powered by Disqus.", NS_SCRUB_JAVASCRIPT },
		{ "To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 "
		  "video", NS_SCRUB_JAVASCRIPT },
		{ "Bitte aktivieren Sie JavaScript", NS_SCRUB_JAVASCRIPT }, { "Включите JavaScript", NS_SCRUB_JAVASCRIPT },
		/* page tools */
		{ "Print", NS_SCRUB_PAGE_TOOL }, { "Comments", NS_SCRUB_PAGE_TOOL }, { "Comments (12)", NS_SCRUB_PAGE_TOOL },
		{ "Listen to this article", NS_SCRUB_PAGE_TOOL }, { "Listen to this article - 5 min", NS_SCRUB_PAGE_TOOL },
		{ "Imprimer", NS_SCRUB_PAGE_TOOL }, { "Drucken", NS_SCRUB_PAGE_TOOL },
	};
	static const line_case no[] = {
		/* real sentences with the same words */
		{ "Advertisement for the event was placed in the local paper.", -1 },
		{ "The EU ruled that websites must ask before they use cookies, the court said on Tuesday.", -1 },
		{ "The company updated its cookie policy after the ruling, the regulator said.", -1 },
		{ "The firm changed its cookie policy.", -1 }, /* a third of its words */
		{ "Readers who subscribe before Friday will get a discount, the publisher said.", -1 },
		{ "Subscribers to the service rose by five million in the quarter.", -1 },
		{ "Share prices fell sharply in early trading.", -1 },
		{ "Shares of the carmaker rose 3% on Tuesday.", -1 },
		{ "Facebook", -1 },
		{ "Related talks were held in Doha last week.", -1 },
		{ "Photographs of the scene were shared widely online.", -1 },
		{ "Video shows the moment the bridge collapsed.", -1 },
		{ "Credit Suisse shares fell after the announcement.", -1 },
		{ "Source code for the app was leaked on Monday.", -1 },
		{ "Copyright lawsuits against AI companies have piled up this year.", -1 },
		{ "A post shared by the minister on Sunday drew criticism.", -1 },
		{ "Read more than 200 pages of the report and you will see the problem, she said.", -1 },
		{ "Comments by the minister angered the opposition.", -1 },
		{ "Print newspapers have lost readers for two decades.", -1 },
		{ "Sign up numbers for the draft were low this year.", -1 },
		{ "Leer más libros es bueno para la salud, según un estudio.", -1 },
		{ "Diplomatic Efforts and Challenges", -1 },
		{ "The hackers told users to enable JavaScript in their browsers before the attack, police said.", -1 },
		{ "Twitter said it would let users add location information to their tweets from next month.", -1 },
		{ "Die Anzeige wurde am Montag bei der Polizei erstattet.", -1 },
		{ "La publicité télévisée a reculé de 5 % en 2023.", -1 },
		{ "Реклама на телевидении подорожала на 20% за год.", -1 },
		{ "", -1 }, { "   ", -1 }, { "!!!", -1 },
	};
	lines_are(yes, sizeof yes / sizeof yes[0]);
	lines_are(no, sizeof no / sizeof no[0]);
}

/* Limits by length: a notice inside a line of more than 80 words, or more
 * than NS_SCRUB_PHRASE_MAX_BYTES bytes, is an article's line. */
static void test_long_lines(void)
{
	ns_buf b = { 0 };
	const char *notice = "We use cookies. By continuing to browse you agree to our cookie policy. ";
	ns_buf_put(&b, notice, strlen(notice));
	CHECK(ns_scrub_boiler_line(b.p, b.len) == NS_SCRUB_COOKIE + 1);
	while (b.len < 900) ns_buf_put(&b, notice, strlen(notice));
	/* 12 words a copy: over 80 words, though every word is the notice's */
	CHECK(ns_scrub_boiler_line(b.p, b.len) == 0);
	CHECK(ns_scrub_boiler_line(b.p, 5 * strlen(notice)) == NS_SCRUB_COOKIE + 1); /* 60 words */
	b.len = 0;
	for (int i = 0; i < 200; i++) ns_buf_put(&b, "cookies ", 8); /* 1600 bytes */
	CHECK(ns_scrub_boiler_line(b.p, b.len) == 0);
	ns_buf_free(&b);
}

static void boiler_is(const char *in, const char *want, uint64_t removed)
{
	ns_buf b = { 0 };
	ns_scrub_stats st;
	memset(&st, 0, sizeof st);
	CHECK(ns_scrub_boiler(in, strlen(in), &b, &st) == NS_OK);
	CHECK_STR(b.p, want);
	uint64_t tot = 0;
	for (size_t k = 0; k < NS_SCRUB_NKINDS; k++) tot += st.removed[k];
	CHECK_EQ_U(tot, removed);
	ns_buf_free(&b);
}

static void test_structure(void)
{
	boiler_is("A.\n\nAdvertisement\n\nB.", "A.\n\nB.", 1);
	boiler_is("A.\nAdvertisement\nB.", "A.\nB.", 1);
	boiler_is("A.\nAdvertisement\n\nB.", "A.\n\nB.", 1);
	boiler_is("Advertisement\n\nA.", "A.", 1);
	boiler_is("A.\n\nShare\n\nTweet", "A.", 2);
	boiler_is("Advertisement\n\nShare", "", 2);
	boiler_is("", "", 0);
	boiler_is("A.\n\nB.", "A.\n\nB.", 0);
	/* an output buffer with old contents is replaced */
	ns_buf b = { 0 };
	ns_buf_put(&b, "old contents", 12);
	CHECK(ns_scrub_boiler("x\n\nAd", 5, &b, NULL) == NS_OK);
	CHECK_STR(b.p, "x");
	ns_buf_free(&b);
}

typedef struct {
	const char *in, *out, *date, *byline;
	unsigned lines;
} meta_case;

static void test_meta(void)
{
	static const meta_case c[] = {
		{ "By Jane Doe | Updated 10:32 AM EST, Mon March 4, 2024\n\nThe talks began.", "The talks began.", "2024-03-04",
		  "Jane Doe", 1 },
		{ "By Jane Doe, Reuters\n\nThe talks began.", "The talks began.", "", "Jane Doe", 1 },
		{ "By Jane Doe and John Smith\nThe talks began.", "The talks began.", "", "Jane Doe and John Smith", 1 },
		{ "By Ursula von der Leyen | 2024-03-04\n\nText.", "Text.", "2024-03-04", "Ursula von der Leyen", 1 },
		{ "By Seán O'Brien, The Associated Press\nText.", "Text.", "", "Seán O'Brien", 1 },
		{ "Published: 22 March 2024\n\nThe talks began.", "The talks began.", "2024-03-22", "", 1 },
		{ "Updated: 2 hours ago\n\nThe talks began.", "The talks began.", "", "", 1 },
		{ "Posted on March 22, 2024 by admin\n\nThe talks began.", "The talks began.", "2024-03-22", "admin", 1 },
		{ "Last updated 2024-03-22 10:00\n\nThe talks began.", "The talks began.", "2024-03-22", "", 1 },
		{ "22 March 2024 | 10:32\n\nThe talks began.", "The talks began.", "2024-03-22", "", 1 },
		{ "2024-03-22T10:32:00Z\n\nThe talks began.", "The talks began.", "2024-03-22", "", 1 },
		{ "Publié le 22 mars 2024 à 10h32\n\nLe texte.", "Le texte.", "2024-03-22", "", 1 },
		{ "Veröffentlicht am 22.03.2024, 10:32 Uhr\n\nDer Text.", "Der Text.", "2024-03-22", "", 1 },
		{ "Publicado el 22 de marzo de 2024\n\nEl texto.", "El texto.", "2024-03-22", "", 1 },
		{ "Опубликовано 22 марта 2024 г.\n\nТекст.", "Текст.", "2024-03-22", "", 1 },
		{ "World | January 5, 2016\n\nText.", "Text.", "2016-01-05", "", 1 },
		{ "World Cup | The final\n\nText.", "World Cup | The final\n\nText.", "", "", 0 },
		/* a numeric date whose month cannot be told: removed, not read */
		{ "03/04/2024\n\nText.", "Text.", "", "", 1 },
		{ "29.02.2023\n\nText.", "Text.", "", "", 1 },
		/* a headline is kept and the lines after it looked at */
		{ "Blinken arrives in Cairo\n\nBy Jane Doe\n\nMarch 4, 2024\n\nThe minister said.",
		  "Blinken arrives in Cairo\n\nThe minister said.", "2024-03-04", "Jane Doe", 2 },
		/* boilerplate lines are passed over, not counted */
		{ "Share this article\n\nListen to this article\n\nReading time: 3 min\n\nBy Jane Doe\n\nPublished: 22 March 2024\n\n"
		  "Text.", "Share this article\n\nListen to this article\n\nReading time: 3 min\n\nText.", "2024-03-22",
		  "Jane Doe", 2 },
		/* prefixes before article text */
		{ "date 2024-03-22 \"Peace is near,\" he said.", "\"Peace is near,\" he said.", "2024-03-22", "", 1 },
		{ "date 2024-03-22 March 21 was a long day.", "March 21 was a long day.", "2024-03-22", "", 1 },
		{ "date 2024-03-22 Monday police said the road was shut.", "Monday police said the road was shut.",
		  "2024-03-22", "", 1 }, /* text does not start at a lower-case word */
		{ "date 2024-03-22 Sun-Times reporters saw it.", "Sun-Times reporters saw it.", "2024-03-22", "", 1 },
		/* a second date is the article's dateline */
		{ "date 2024-03-22 21 March 2024: The talks began.", "21 March 2024: The talks began.", "2024-03-22", "", 1 },
		{ "By Jane Doe | March 4, 2024 | The talks began on Monday.", "The talks began on Monday.", "2024-03-04",
		  "Jane Doe", 1 },
		/* article text that looks like metadata stays */
		{ "By the time police arrived, the crowd had gone.", "By the time police arrived, the crowd had gone.", "", "", 0 },
		{ "Published reports said the deal was close.", "Published reports said the deal was close.", "", "", 0 },
		{ "By Christmas, most shoppers had finished.", "By Christmas, most shoppers had finished.", "", "", 0 },
		{ "By Tuesday, the toll had risen to 40.", "By Tuesday, the toll had risen to 40.", "", "", 0 },
		{ "Updated guidance was issued on March 4, 2024.", "Updated guidance was issued on March 4, 2024.", "", "", 0 },
		{ "March 21, 2024 - The president said the talks would go on.",
		  "March 21, 2024 - The president said the talks would go on.", "", "", 0 },
		/* a paragraph of article text ends the search */
		{ "The talks began on Monday in Cairo, where delegations from both sides met mediators from Egypt and Qatar.\n\n"
		  "By Jane Doe",
		  "The talks began on Monday in Cairo, where delegations from both sides met mediators from Egypt and Qatar.\n\n"
		  "By Jane Doe", "", "", 0 },
		{ "", "", "", "", 0 },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		ns_buf b = { 0 };
		ns_scrub_meta m;
		CHECK(ns_scrub_meta_lines(c[i].in, strlen(c[i].in), &b, &m) == NS_OK);
		if (strcmp(b.p, c[i].out) || strcmp(m.date, c[i].date) || strcmp(m.byline, c[i].byline) || m.lines != c[i].lines)
			fprintf(stderr, "meta case %zu: \"%s\" date \"%s\" byline \"%s\" lines %u\n", i, b.p, m.date, m.byline,
			        m.lines);
		CHECK_STR(b.p, c[i].out);
		CHECK_STR(m.date, c[i].date);
		CHECK_STR(m.byline, c[i].byline);
		CHECK_EQ_U(m.lines, c[i].lines);
		ns_buf_free(&b);
	}
	/* every month name, in the languages with month names, and the weekdays */
	static const char *const months[][12] = {
		{ "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
		  "November", "December" },
		{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
		  "décembre" },
		{ "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
		  "Dezember" },
		{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
		  "noviembre", "diciembre" },
		{ "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
		  "novembre", "dicembre" },
		{ "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
		  "novembro", "dezembro" },
		{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
		  "november", "december" },
		{ "ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu",
		  "prosince" },
		{ "Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου",
		  "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου" },
		{ "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
		  "декабря" },
	};
	static const char *const weekdays[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	                                        "Sunday", "Mon", "Sat", "lundi", "Freitag", "domingo", "zaterdag" };
	int months_ok = 0;
	for (size_t l = 0; l < sizeof months / sizeof months[0]; l++)
		for (int mo = 0; mo < 12; mo++) {
			char in[128], want[32];
			snprintf(in, sizeof in, "%s, 5 %s 2024\nText.", weekdays[mo % (sizeof weekdays / sizeof weekdays[0])],
			         months[l][mo]);
			snprintf(want, sizeof want, "2024-%02d-05", mo + 1);
			ns_buf b = { 0 };
			ns_scrub_meta m;
			int ok = ns_scrub_meta_lines(in, strlen(in), &b, &m) == NS_OK && !strcmp(b.p, "Text.") && !strcmp(m.date, want);
			if (!ok) fprintf(stderr, "month: \"%s\" -> \"%s\" date %s\n", in, b.p, m.date);
			months_ok += ok;
			ns_buf_free(&b);
		}
	CHECK_EQ_U(months_ok, 12 * (sizeof months / sizeof months[0]));
	/* a byline longer than the field is cut at a character */
	ns_buf in = { 0 }, out = { 0 };
	const char *name = "Ééééééééééééééééééééééé Óóóóóóóóóóóóóóóóóó"; /* 81 bytes */
	ns_buf_put(&in, "By ", 3);
	for (int i = 0; i < 3; i++) {
		if (i) ns_buf_put(&in, " and ", 5);
		ns_buf_put(&in, name, strlen(name));
	}
	ns_buf_put(&in, "\nText.", 6);
	ns_scrub_meta m;
	CHECK(ns_scrub_meta_lines(in.p, in.len, &out, &m) == NS_OK);
	CHECK_STR(out.p, "Text.");
	size_t bl = strlen(m.byline);
	CHECK(bl > 100 && bl < sizeof m.byline && !memcmp(m.byline, in.p + 3, bl));
	CHECK(((unsigned char)in.p[3 + bl] & 0xC0) != 0x80); /* the next byte starts a character */
	ns_buf_free(&in);
	ns_buf_free(&out);
}

typedef struct {
	const char *title, *text, *reason; /* reason NULL: an article */
} page_case;

static void test_pages(void)
{
	/* a long article (well over 120 words) that mentions the phrases */
	ns_buf art = { 0 };
	const char *para = "The newspaper said its readers would now see a notice asking them to subscribe before they "
	                   "can read most of its reporting, a change that follows a fall in advertising revenue. ";
	for (int i = 0; i < 5; i++) ns_buf_put(&art, para, strlen(para));
	ns_buf_put(&art, "\n\nSubscribe to continue reading", 30);
	CHECK(ns_scrub_not_article("Paper to charge readers", 23, art.p, art.len) == NULL);
	CHECK(ns_scrub_not_article("Error", 5, art.p, art.len) == NULL); /* a title decides short texts only */
	static const page_case c[] = {
		{ "Some page", "Please enable JavaScript", "javascript required" },
		{ "App", "You need to enable JavaScript to run this app.", "javascript required" },
		{ "Tariffs", "Trump's new tariffs hit European exporters hard as talks stall in Brussels over steel quotas.\n\n"
		  "Subscribe to continue reading.", "paywall stub" },
		{ "Tariffs", "Trump's new tariffs hit European exporters hard as talks stall in Brussels over steel quotas.\n\n"
		  "Subscribe to continue reading.\n\nLog in\n\nSubscribe", "paywall stub" }, /* buttons after the notice */
		{ "Tariffs", "Trump's new tariffs hit European exporters hard as talks stall in Brussels over steel quotas.\n\n"
		  "Log in", NULL }, /* a button alone is no paywall */
		{ "News", "This article is for subscribers only.\n\nAlready a subscriber? Log in\n\nOnly 1 euro for the first month",
		  "paywall stub" },
		{ "Le Monde", "Cet article est réservé aux abonnés.\n\nSe connecter", "paywall stub" },
		{ "Die Zeit", "Dieser Artikel ist nur für Abonnenten.", "paywall stub" },
		{ "El País", "Contenido exclusivo para suscriptores", "paywall stub" },
		{ "News", "We use cookies to improve your experience.\n\nAccept cookies\n\nCookie settings", "cookie wall" },
		{ "News", "We value your privacy\n\nWe and our partners store and/or access information on a device, such as "
		  "cookies and process personal data, such as unique identifiers and standard information sent by a device "
		  "for personalised ads and content, ad and content measurement, and audience insights, as well as to develop "
		  "and improve products.\n\nAccept all\n\nReject all\n\nManage consent", "consent page" },
		{ "Oops", "404\n\nPage not found\n\nThe page you requested could not be found.", "error page" },
		{ "Site", "403 Forbidden", "error page" },
		{ "Site", "Service unavailable", "error page" },
		{ "Site", "Are you a robot?", "captcha page" },
		{ "example.com", "Checking your browser before accessing example.com.\n\nThis process is automatic. Your browser "
		  "will redirect to your requested content shortly.\n\nPlease allow up to 5 seconds...", "captcha page" },
		{ "404 Not Found", "", "error page" },
		{ "Just a moment...", "", "captcha page" },
		{ "Page not found | The Daily", "Sorry.", "error page" },
		{ "Attention Required! | Cloudflare", "Please wait.", "captcha page" },
		/* articles */
		{ "Paper changes", "The newspaper said readers now see a 'Subscribe to continue reading' message on most "
		  "articles, the editor said on Monday in a note to staff about the change.", NULL },
		{ "Job cuts", "The carmaker said it would cut 404 jobs at its plant in the north, where demand for its "
		  "models has fallen.", NULL },
		{ "Court", "The court said websites must ask before they use cookies.", NULL },
		{ "Access denied: the fight over medical records", "Patients say they are being refused their files.", NULL },
		{ "Title", "", NULL },
		{ "", "", NULL },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *r = ns_scrub_not_article(c[i].title, strlen(c[i].title), c[i].text, strlen(c[i].text));
		if (c[i].reason) {
			if (!r || strcmp(r, c[i].reason)) fprintf(stderr, "page case %zu: %s\n", i, r ? r : "(article)");
			CHECK_STR(r, c[i].reason);
		} else {
			if (r) fprintf(stderr, "page case %zu: %s\n", i, r);
			CHECK(r == NULL);
		}
	}
	CHECK(ns_scrub_not_article(NULL, 0, NULL, 0) == NULL);
	ns_buf_free(&art);
}

/* Random bytes: outputs are never longer than inputs, and the boilerplate
 * output's lines are lines of the input. */
static void test_random(void)
{
	uint64_t seed = 0x5c7b1234abcdULL;
	static const char alphabet[] = "ab Ad\n\n.:|@\xC3\xA9\xCE\xB1\xD7\x90\xE0\xA4\x95\xFF\x80-12";
	ns_buf in = { 0 }, out = { 0 };
	int longer = 0, foreign = 0;
	for (int r = 0; r < 3000; r++) {
		in.len = 0;
		size_t n = check_xorshift(&seed) % 300;
		for (size_t i = 0; i < n; i++) {
			char c = alphabet[check_xorshift(&seed) % (sizeof alphabet - 1)];
			ns_buf_put(&in, &c, 1);
		}
		ns_scrub_meta m;
		if (ns_scrub_boiler(in.p, in.len, &out, NULL) != NS_OK || out.len > in.len) longer++;
		for (size_t p = 0; p < out.len;) { /* each output line is an input line */
			const char *nl = memchr(out.p + p, '\n', out.len - p);
			size_t e = nl ? (size_t)(nl - out.p) : out.len;
			if (e > p) {
				int found = 0;
				for (size_t q = 0; q + (e - p) <= in.len && !found; q++)
					found = (q == 0 || in.p[q - 1] == '\n') && !memcmp(in.p + q, out.p + p, e - p) &&
					        (q + (e - p) == in.len || in.p[q + (e - p)] == '\n');
				foreign += !found;
			}
			p = e + 1;
		}
		if (ns_scrub_meta_lines(in.p, in.len, &out, &m) != NS_OK || out.len > in.len || strlen(m.date) > 10) longer++;
		(void)ns_scrub_not_article(in.p, in.len, in.p, in.len);
	}
	CHECK_EQ_U(longer, 0);
	CHECK_EQ_U(foreign, 0);
	ns_buf_free(&in);
	ns_buf_free(&out);
}

/* A line that is only a date is told from a labelled one (ns_scrub_meta.dates_only). */
static void test_dates_only(void)
{
	ns_buf b = {0};
	ns_scrub_meta m;
	const char *bare = "Saturday, January 8, 2005\n\nText of the article.";
	CHECK(ns_scrub_meta_lines(bare, strlen(bare), &b, &m) == NS_OK);
	CHECK_EQ_U(m.lines, 1);
	CHECK_EQ_U(m.dates_only, 1);
	CHECK_STR(m.date, "2005-01-08");
	const char *lab = "Published: 22 March 2024\n\nText of the article.";
	CHECK(ns_scrub_meta_lines(lab, strlen(lab), &b, &m) == NS_OK);
	CHECK_EQ_U(m.lines, 1);
	CHECK_EQ_U(m.dates_only, 0);
	const char *by = "By Jane Doe | March 4, 2024\n\nText of the article.";
	CHECK(ns_scrub_meta_lines(by, strlen(by), &b, &m) == NS_OK);
	CHECK_EQ_U(m.lines, 1);
	CHECK_EQ_U(m.dates_only, 0);
	ns_buf_free(&b);
}

int main(void)
{
	test_dates_only();
	test_first_use();
	test_fixture();
	test_kinds();
	test_table();
	test_lines();
	test_long_lines();
	test_structure();
	test_meta();
	test_pages();
	test_random();
	return TEST_DONE();
}
