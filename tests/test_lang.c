/* Language module: codes, the word lists (sorted, unique, in normal form),
 * stop words, detection on short made-up sentences in every language (and in
 * languages newsift does not know), and Snowball stems. */
#include <stdlib.h>
#include <string.h>
#include "newsift/newsift.h"
#include "newsift/lang.h"
#include "check.h"
#include "internal.h"

#define NS_T_LIST_MIN 60  /* every stop-word list has at least this many words */
#define NS_T_LIST_MAX 150 /* and at most this many */

static ns_lang detect(const char *s)
{
	ns_tokens t = {0};
	ns_lang l = NS_LANG_UNKNOWN;
	if (ns_tokenize(s, strlen(s), &t) == NS_OK) l = ns_lang_detect(&t);
	ns_tokens_free(&t);
	return l;
}

/* Is the word s, written naturally ("été"), a stop word of l once tokenised? */
static int stop(ns_lang l, const char *s)
{
	ns_tokens t = {0};
	int r = ns_tokenize(s, strlen(s), &t) == NS_OK && t.n == 1 && ns_lang_stopword(l, t.norm.p + t.off[0], t.len[0]);
	ns_tokens_free(&t);
	return r;
}

static void test_codes(void)
{
	for (int l = NS_LANG_UNKNOWN + 1; l < NS_LANG_COUNT; l++) {
		CHECK_EQ_U(strlen(ns_lang_code((ns_lang)l)), 2);
		CHECK_EQ_U(ns_lang_from_code(ns_lang_code((ns_lang)l)), l);
	}
	CHECK_STR(ns_lang_code(NS_LANG_UNKNOWN), "");
	CHECK_STR(ns_lang_code(NS_LANG_COUNT), "");
	CHECK_STR(ns_lang_code((ns_lang)-1), "");
	CHECK_STR(ns_lang_code(NS_LANG_EL), "el");
	CHECK_STR(ns_lang_code(NS_LANG_HE), "he");
	CHECK_EQ_U(ns_lang_from_code("FR"), NS_LANG_FR);
	CHECK_EQ_U(ns_lang_from_code("pt-BR"), NS_LANG_PT);
	CHECK_EQ_U(ns_lang_from_code("en_GB"), NS_LANG_EN);
	CHECK_EQ_U(ns_lang_from_code("english"), NS_LANG_UNKNOWN);
	CHECK_EQ_U(ns_lang_from_code("auto"), NS_LANG_UNKNOWN);
	CHECK_EQ_U(ns_lang_from_code("xx"), NS_LANG_UNKNOWN);
	CHECK_EQ_U(ns_lang_from_code("e"), NS_LANG_UNKNOWN);
	CHECK_EQ_U(ns_lang_from_code(""), NS_LANG_UNKNOWN);
	CHECK_EQ_U(ns_lang_from_code(NULL), NS_LANG_UNKNOWN);
}

/* Sorted for bisection (strictly, so no duplicates), and every word is one
 * token that ns_tokenize leaves as it is, so lookups of real tokens can hit. */
static int list_ok(const char *const *w, size_t n)
{
	int ok = w != NULL && n > 0;
	ns_tokens t = {0};
	for (size_t i = 0; ok && i < n; i++) {
		if (i > 0 && strcmp(w[i - 1], w[i]) >= 0) {
			fprintf(stderr, "list not sorted or duplicate at \"%s\" \"%s\"\n", w[i - 1], w[i]);
			ok = 0;
		}
		if (ns_tokenize(w[i], strlen(w[i]), &t) != NS_OK || t.n != 1 || strcmp(t.norm.p + t.off[0], w[i])) {
			fprintf(stderr, "list word \"%s\" is not in normal form\n", w[i]);
			ok = 0;
		}
	}
	ns_tokens_free(&t);
	return ok;
}

static int in_any_stoplist(const char *w)
{
	for (int l = NS_LANG_UNKNOWN + 1; l < NS_LANG_COUNT; l++)
		if (ns_lang_stopword((ns_lang)l, w, strlen(w))) return 1;
	return 0;
}

static void test_lists(void)
{
	size_t n, nen;
	const char *const *en = ns_lang_stopwords(NS_LANG_EN, &nen);
	for (int l = NS_LANG_UNKNOWN; l < NS_LANG_COUNT; l++) {
		const char *const *w = ns_lang_stopwords((ns_lang)l, &n);
		CHECK(list_ok(w, n));
		CHECK(n >= NS_T_LIST_MIN && n <= NS_T_LIST_MAX);
		/* every word is found by the lookup */
		size_t found = 0;
		for (size_t i = 0; i < n; i++) found += (size_t)ns_lang_stopword((ns_lang)l, w[i], strlen(w[i]));
		CHECK_EQ_U(found, n);
	}
	/* unknown and out-of-range languages use the English list */
	CHECK(ns_lang_stopwords(NS_LANG_UNKNOWN, &n) == en && n == nen);
	CHECK(ns_lang_stopwords(NS_LANG_COUNT, &n) == en && n == nen);
	/* the detector's lists: "other" words are nobody's stop words; English
	 * lookalikes are stop words of some language, but not of English */
	const char *const *o = ns_lang_detect_words(NS_LANG_WORDS_OTHER, &n);
	CHECK(list_ok(o, n));
	size_t clash = 0;
	for (size_t i = 0; i < n; i++) clash += (size_t)in_any_stoplist(o[i]);
	CHECK_EQ_U(clash, 0);
	const char *const *lk = ns_lang_detect_words(NS_LANG_WORDS_ENGLISH_LOOKALIKE, &n);
	CHECK(list_ok(lk, n));
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += (size_t)(ns_lang_stopword(NS_LANG_EN, lk[i], strlen(lk[i])) || !in_any_stoplist(lk[i]));
	CHECK_EQ_U(bad, 0);
	CHECK(ns_lang_detect_words(2, &n) == NULL && n == 0);
}

static void test_stopwords(void)
{
	/* English, with news reporting verbs */
	const char *en[] = {"the", "and", "of", "said", "says", "told", "according", "would"};
	for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++) CHECK(stop(NS_LANG_EN, en[i]));
	CHECK(!stop(NS_LANG_EN, "bridge"));
	CHECK(!stop(NS_LANG_EN, "le"));
	/* lookups take a length: "theory" cut to 3 bytes is "the" */
	CHECK(ns_lang_stopword(NS_LANG_EN, "theory", 3));
	CHECK(!ns_lang_stopword(NS_LANG_EN, "the", 2));
	CHECK(!ns_lang_stopword(NS_LANG_EN, "", 0));
	/* accents are gone in tokens, and in the lists */
	const char *fr[] = {"été", "déjà", "à", "où", "être", "était", "après", "très", "qu", "l"};
	for (size_t i = 0; i < sizeof(fr) / sizeof(fr[0]); i++) CHECK(stop(NS_LANG_FR, fr[i]));
	CHECK(ns_lang_stopword(NS_LANG_FR, "ete", 3));
	CHECK(!ns_lang_stopword(NS_LANG_FR, "été", strlen("été"))); /* never a token */
	const char *cs[] = {"že", "byl", "jeho", "který", "při", "také", "již"};
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) CHECK(stop(NS_LANG_CS, cs[i]));
	const char *de[] = {"der", "dass", "daß", "für", "über", "würde", "sagte"};
	for (size_t i = 0; i < sizeof(de) / sizeof(de[0]); i++) CHECK(stop(NS_LANG_DE, de[i]));
	CHECK(stop(NS_LANG_ES, "según") && stop(NS_LANG_ES, "también") && stop(NS_LANG_ES, "dijo"));
	CHECK(stop(NS_LANG_IT, "perché") && stop(NS_LANG_IT, "più") && stop(NS_LANG_IT, "della"));
	CHECK(stop(NS_LANG_PT, "não") && stop(NS_LANG_PT, "também") && stop(NS_LANG_PT, "disse"));
	CHECK(stop(NS_LANG_NL, "het") && stop(NS_LANG_NL, "volgens") && stop(NS_LANG_NL, "zei"));
	/* Greek: tonos removed, final sigma folded to σ */
	const char *el[] = {"και", "το", "να", "του", "της", "με", "για", "που", "στο", "οι", "τα", "η", "είναι", "ότι"};
	for (size_t i = 0; i < sizeof(el) / sizeof(el[0]); i++) CHECK(stop(NS_LANG_EL, el[i]));
	CHECK(ns_lang_stopword(NS_LANG_EL, "τησ", strlen("τησ")));
	/* Russian: ё and й arrive as е and и */
	const char *ru[] = {"и", "в", "не", "что", "который", "её", "ещё", "заявил"};
	for (size_t i = 0; i < sizeof(ru) / sizeof(ru[0]); i++) CHECK(stop(NS_LANG_RU, ru[i]));
	const char *ar[] = {"في", "من", "على", "إلى", "أن", "التي", "وقال"};
	for (size_t i = 0; i < sizeof(ar) / sizeof(ar[0]); i++) CHECK(stop(NS_LANG_AR, ar[i]));
	const char *he[] = {"של", "את", "על", "עם", "הוא", "היא", "אמר"};
	for (size_t i = 0; i < sizeof(he) / sizeof(he[0]); i++) CHECK(stop(NS_LANG_HE, he[i]));
	const char *hi[] = {"के", "का", "की", "है", "में", "और", "को", "से", "कहा"};
	for (size_t i = 0; i < sizeof(hi) / sizeof(hi[0]); i++) CHECK(stop(NS_LANG_HI, hi[i]));
	/* content words are not stop words */
	CHECK(!stop(NS_LANG_FR, "pont") && !stop(NS_LANG_DE, "Brücke") && !stop(NS_LANG_RU, "мост"));
	CHECK(!stop(NS_LANG_AR, "الجسر") && !stop(NS_LANG_HE, "גשר") && !stop(NS_LANG_HI, "पुल"));
	/* unknown: the English list */
	CHECK(stop(NS_LANG_UNKNOWN, "the") && stop(NS_LANG_UNKNOWN, "said"));
	CHECK(!stop(NS_LANG_UNKNOWN, "der"));
	CHECK(stop(NS_LANG_COUNT, "the"));
}

typedef struct {
	ns_lang lang;
	const char *text;
} sample;

/* Made-up news sentences: three per language, and a short one. */
static const sample samples[] = {
	{NS_LANG_EN, "The mayor said on Tuesday that the new bridge over the river would open before the end of the year."},
	{NS_LANG_EN, "Police told reporters they were still looking for two men who had escaped from the prison."},
	{NS_LANG_EN, "According to the report, prices of bread and milk have risen sharply since the spring."},
	{NS_LANG_EN, "He said it was over."},
	{NS_LANG_FR, "Le maire a déclaré mardi que le nouveau pont sur la rivière serait ouvert avant la fin de l'année."},
	{NS_LANG_FR, "La police a indiqué aux journalistes qu'elle recherchait toujours deux hommes évadés de la prison."},
	{NS_LANG_FR, "Selon le rapport, les prix du pain et du lait ont fortement augmenté depuis le printemps."},
	{NS_LANG_FR, "Il a été arrêté."},
	{NS_LANG_CS, "Starosta v úterý řekl, že nový most přes řeku bude otevřen ještě před koncem roku."},
	{NS_LANG_CS, "Policie uvedla, že stále hledá dva muže, kteří utekli z vězení."},
	{NS_LANG_CS, "Podle zprávy ceny chleba a mléka od jara prudce vzrostly."},
	{NS_LANG_CS, "Je to jeho dům."},
	{NS_LANG_DE, "Der Bürgermeister sagte am Dienstag, dass die neue Brücke über den Fluss vor Ende des Jahres öffnet."},
	{NS_LANG_DE, "Die Polizei teilte mit, dass sie weiterhin nach zwei Männern sucht, die aus dem Gefängnis geflohen sind."},
	{NS_LANG_DE, "Laut dem Bericht sind die Preise für Brot und Milch seit dem Frühjahr stark gestiegen."},
	{NS_LANG_DE, "Er ist nicht hier."},
	{NS_LANG_ES, "El alcalde dijo el martes que el nuevo puente sobre el río se abrirá antes de que termine el año."},
	{NS_LANG_ES, "La policía informó a los periodistas que todavía busca a dos hombres que escaparon de la cárcel."},
	{NS_LANG_ES, "Según el informe, los precios del pan y de la leche han subido mucho desde la primavera."},
	{NS_LANG_ES, "Él dijo que no."},
	{NS_LANG_IT, "Il sindaco ha detto martedì che il nuovo ponte sul fiume sarà aperto prima della fine dell'anno."},
	{NS_LANG_IT, "La polizia ha spiegato ai giornalisti che sta ancora cercando due uomini fuggiti dal carcere."},
	{NS_LANG_IT, "Secondo il rapporto, i prezzi del pane e del latte sono aumentati molto dalla primavera."},
	{NS_LANG_IT, "Non è stato lui."},
	{NS_LANG_PT, "O prefeito disse na terça-feira que a nova ponte sobre o rio será aberta antes do fim do ano."},
	{NS_LANG_PT, "A polícia afirmou aos jornalistas que ainda procura dois homens que fugiram da prisão."},
	{NS_LANG_PT, "Segundo o relatório, os preços do pão e do leite subiram muito desde a primavera."},
	{NS_LANG_PT, "Ele não disse nada."},
	{NS_LANG_NL, "De burgemeester zei dinsdag dat de nieuwe brug over de rivier voor het einde van het jaar opent."},
	{NS_LANG_NL, "De politie verklaarde dat zij nog steeds op zoek is naar twee mannen die uit de gevangenis zijn ontsnapt."},
	{NS_LANG_NL, "Volgens het rapport zijn de prijzen van brood en melk sinds het voorjaar sterk gestegen."},
	{NS_LANG_NL, "Hij is er niet."},
	{NS_LANG_EL, "Ο δήμαρχος δήλωσε την Τρίτη ότι η νέα γέφυρα πάνω από το ποτάμι θα ανοίξει πριν από το τέλος του έτους."},
	{NS_LANG_EL, "Η αστυνομία είπε στους δημοσιογράφους ότι ακόμη αναζητά δύο άνδρες που δραπέτευσαν από τη φυλακή."},
	{NS_LANG_EL, "Σύμφωνα με την έκθεση, οι τιμές του ψωμιού και του γάλακτος αυξήθηκαν πολύ από την άνοιξη."},
	{NS_LANG_EL, "Νέα γέφυρα Αθήνα"},
	{NS_LANG_RU, "Мэр заявил во вторник, что новый мост через реку откроется до конца года."},
	{NS_LANG_RU, "Полиция сообщила журналистам, что до сих пор ищет двух мужчин, которые сбежали из тюрьмы."},
	{NS_LANG_RU, "Согласно докладу, цены на хлеб и молоко резко выросли с весны."},
	{NS_LANG_RU, "Новый мост открыт"},
	{NS_LANG_AR, "قال رئيس البلدية يوم الثلاثاء إن الجسر الجديد على النهر سيفتح قبل نهاية العام."},
	{NS_LANG_AR, "وقالت الشرطة للصحفيين إنها لا تزال تبحث عن رجلين هربا من السجن."},
	{NS_LANG_AR, "وبحسب التقرير، ارتفعت أسعار الخبز والحليب بشكل حاد منذ الربيع."},
	{NS_LANG_AR, "جسر جديد في المدينة"},
	{NS_LANG_HE, "ראש העיר אמר ביום שלישי כי הגשר החדש מעל הנהר ייפתח לפני סוף השנה."},
	{NS_LANG_HE, "המשטרה אמרה לעיתונאים כי היא עדיין מחפשת אחר שני גברים שברחו מהכלא."},
	{NS_LANG_HE, "לפי הדוח, מחירי הלחם והחלב עלו מאוד מאז האביב."},
	{NS_LANG_HE, "גשר חדש בעיר"},
	{NS_LANG_HI, "महापौर ने मंगलवार को कहा कि नदी पर बना नया पुल साल के अंत से पहले खुल जाएगा।"},
	{NS_LANG_HI, "पुलिस ने पत्रकारों को बताया कि वह अभी भी जेल से भागे दो लोगों की तलाश कर रही है।"},
	{NS_LANG_HI, "रिपोर्ट के अनुसार, वसंत के बाद से रोटी और दूध की कीमतें तेजी से बढ़ी हैं।"},
	{NS_LANG_HI, "शहर में नया पुल"},
	/* names and quotes of another language inside the text */
	{NS_LANG_FR, "Le président George W. Bush a rencontré mardi les journalistes du White House Press Corps et a dit qu'il "
	             "était satisfait de l'accord signé avec le Royaume-Uni."},
	{NS_LANG_FR, "« We will never give up », a lancé le ministre devant les députés, selon l'agence Reuters."},
	{NS_LANG_DE, "Die Band spielte ihren Hit \"Born in the U.S.A.\" vor 40.000 Fans in der Münchner Olympiahalle."},
	{NS_LANG_EN, "The German chancellor's motto, \"Wir schaffen das\", was quoted by Le Monde and Die Zeit on Monday."},
	{NS_LANG_EN, "The U.S. and the U.K. said the war would not end soon; the U.N. envoy told them to wait."},
	{NS_LANG_AR, "قال رئيس شركة Apple Inc. إن الشركة ستفتح متجرا جديدا في دبي قبل نهاية العام."},
	{NS_LANG_EL, "Η Microsoft ανακοίνωσε ότι το Windows Vista θα κυκλοφορήσει τον Ιανουάριο."},
	{NS_LANG_RU, "Компания Google заявила, что сервис Gmail будет доступен и в России."},
	{NS_LANG_HI, "कंपनी ने कहा कि iPhone की बिक्री भारत में बढ़ी है।"},
	/* too little evidence, a tie, another script, digits */
	{NS_LANG_UNKNOWN, ""},
	{NS_LANG_UNKNOWN, "2005 12.5 100 000"},
	{NS_LANG_UNKNOWN, "Obama Merkel Berlin"},
	{NS_LANG_UNKNOWN, "de la"},
	{NS_LANG_UNKNOWN, "Παρίσι"},
	{NS_LANG_UNKNOWN, "市长周二表示，河上的新桥将在年底前开通。"},
	{NS_LANG_UNKNOWN, "東京で新しい橋が開通した。市長は記者会見で計画を説明した。"},
	/* Latin-script languages newsift does not know */
	{NS_LANG_UNKNOWN, "Burmistrz powiedział we wtorek, że nowy most na rzece zostanie otwarty jeszcze przed końcem roku, "
	                  "ale mieszkańcy nie są zadowoleni."},
	{NS_LANG_UNKNOWN, "Primarul a declarat marți că noul pod peste râu va fi deschis înainte de sfârșitul anului, dar "
	                  "locuitorii nu sunt mulțumiți de această decizie."},
	{NS_LANG_UNKNOWN, "Borgmästaren sade på tisdagen att den nya bron över floden ska öppnas före årets slut, men "
	                  "invånarna är inte nöjda med beslutet."},
	{NS_LANG_UNKNOWN, "Belediye başkanı salı günü nehir üzerindeki yeni köprünün yıl sonundan önce açılacağını söyledi, "
	                  "ancak sakinler bu karardan memnun değil."},
	{NS_LANG_UNKNOWN, "Wali kota mengatakan pada hari Selasa bahwa jembatan baru di atas sungai itu akan dibuka sebelum "
	                  "akhir tahun, tetapi warga tidak puas dengan keputusan tersebut."},
	{NS_LANG_UNKNOWN, "A polgármester kedden azt mondta, hogy az új híd a folyó felett még az év vége előtt megnyílik, de "
	                  "a lakók nem elégedettek a döntéssel."},
	{NS_LANG_UNKNOWN, "Pormestari sanoi tiistaina, että uusi silta joen yli avataan ennen vuoden loppua, mutta asukkaat "
	                  "eivät ole tyytyväisiä päätökseen."},
	/* other languages of the non-Latin scripts: Ukrainian, Persian */
	{NS_LANG_UNKNOWN, "Мер заявив у вівторок, що новий міст через річку відкриють до кінця року, але мешканці не "
	                  "задоволені цим рішенням."},
	{NS_LANG_UNKNOWN, "شهردار روز سه شنبه گفت که پل جدید روی رودخانه پیش از پایان سال باز خواهد شد، اما ساکنان از این "
	                  "تصمیم راضی نیستند."},
};

static void test_detect(void)
{
	size_t n = sizeof(samples) / sizeof(samples[0]);
	for (size_t i = 0; i < n; i++) {
		ns_lang got = detect(samples[i].text);
		if (got != samples[i].lang)
			fprintf(stderr, "detect: want '%s', got '%s': %s\n", ns_lang_code(samples[i].lang), ns_lang_code(got),
			        samples[i].text);
		CHECK_EQ_U(got, samples[i].lang);
	}
	/* every language's sentences are covered */
	for (int l = NS_LANG_UNKNOWN + 1; l < NS_LANG_COUNT; l++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) k += samples[i].lang == (ns_lang)l;
		CHECK(k >= 4);
	}
	/* empty tokens (zero-initialised) */
	ns_tokens t = {0};
	CHECK_EQ_U(ns_lang_detect(&t), NS_LANG_UNKNOWN);
	/* the same answer from any thread, concurrently */
	ns_lang want[sizeof(samples) / sizeof(samples[0])];
	for (size_t i = 0; i < n; i++) want[i] = detect(samples[i].text);
	int mismatch = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : mismatch)
	for (int r = 0; r < 8 * (int)n; r++) mismatch += detect(samples[(size_t)r % n].text) != want[(size_t)r % n];
	CHECK_EQ_U(mismatch, 0);
}

/* Stem of the natural word s (tokenised first) in language l. */
static int stems_to(ns_stemmer *st, ns_lang l, const char *s, const char *want)
{
	ns_tokens t = {0};
	int ok = 0;
	if (ns_tokenize(s, strlen(s), &t) == NS_OK && t.n == 1) {
		size_t n;
		const char *r = ns_stem(st, l, t.norm.p + t.off[0], t.len[0], &n);
		ok = n == strlen(want) && !memcmp(r, want, n);
		if (!ok) fprintf(stderr, "stem(%s, %s) = \"%.*s\", want \"%s\"\n", ns_lang_code(l), s, (int)n, r, want);
	}
	ns_tokens_free(&t);
	return ok;
}

static void test_stem(void)
{
	ns_stemmer *st = ns_stemmer_create();
	CHECK(st != NULL);
	if (!st) return;
	/* Snowball's output (libstemmer 2.2) on tokens, i.e. without accents */
	CHECK(stems_to(st, NS_LANG_EN, "running", "run"));
	CHECK(stems_to(st, NS_LANG_EN, "Studies", "studi"));
	CHECK(stems_to(st, NS_LANG_FR, "nationales", "national"));
	CHECK(stems_to(st, NS_LANG_FR, "élections", "elect"));
	CHECK(stems_to(st, NS_LANG_DE, "Häuser", "haus"));
	CHECK(stems_to(st, NS_LANG_DE, "Regierungen", "regier"));
	CHECK(stems_to(st, NS_LANG_ES, "nacionales", "nacional"));
	CHECK(stems_to(st, NS_LANG_ES, "elecciones", "eleccion"));
	CHECK(stems_to(st, NS_LANG_IT, "nazionali", "nazional"));
	CHECK(stems_to(st, NS_LANG_PT, "nacionais", "nacion"));
	CHECK(stems_to(st, NS_LANG_PT, "eleições", "eleico"));
	CHECK(stems_to(st, NS_LANG_NL, "verkiezingen", "verkiez"));
	/* Greek: the token has σ for ς and no tonos; both forms meet */
	CHECK(stems_to(st, NS_LANG_EL, "ανθρώπους", "ανθρωπ"));
	CHECK(stems_to(st, NS_LANG_EL, "κυβέρνησης", "κυβερνησ"));
	CHECK(stems_to(st, NS_LANG_EL, "Κυβέρνηση", "κυβερνησ"));
	/* Russian: "новый" arrives as "новыи"; its "й" is restored */
	CHECK(stems_to(st, NS_LANG_RU, "новый", "нов"));
	CHECK(stems_to(st, NS_LANG_RU, "новые", "нов"));
	CHECK(stems_to(st, NS_LANG_RU, "Новая", "нов"));
	CHECK(stems_to(st, NS_LANG_RU, "линий", "лин"));
	CHECK(stems_to(st, NS_LANG_AR, "الكتاب", "كتاب"));
	CHECK(stems_to(st, NS_LANG_AR, "الحكومة", "حكوم"));
	CHECK(stems_to(st, NS_LANG_HI, "लड़कियों", "लड़क"));
	CHECK(stems_to(st, NS_LANG_HI, "सरकारों", "सरकार"));
	/* Czech: the light stemmer strips one ending, keeping three letters */
	const char *w = "volbach";
	size_t n = 0;
	CHECK(ns_stem(st, NS_LANG_CS, w, strlen(w), &n) == w && n == 4);      /* volb */
	CHECK(ns_stem(st, NS_LANG_CS, "volby", 5, &n) != NULL && n == 4);     /* volb */
	CHECK(ns_stem(st, NS_LANG_CS, "vlady", 5, &n) != NULL && n == 4);     /* vlad */
	CHECK(ns_stem(st, NS_LANG_CS, "dum", 3, &n) != NULL && n == 3);       /* too short to strip */
	/* no stemmer: the word itself comes back */
	const char *h = "הממשלה";
	CHECK(ns_stem(st, NS_LANG_HE, h, strlen(h), &n) == h && n == strlen(h));
	CHECK(ns_stem(st, NS_LANG_UNKNOWN, "running", 7, &n) != NULL && n == 7);
	CHECK(ns_stem(st, NS_LANG_COUNT, "running", 7, &n) != NULL && n == 7);
	CHECK(ns_stem(st, NS_LANG_EN, "", 0, &n) != NULL && n == 0);
	/* w need not be NUL-terminated: "runningX" cut to 7 bytes */
	const char *r = ns_stem(st, NS_LANG_EN, "runningX", 7, &n);
	CHECK(n == 3 && !memcmp(r, "run", 3));
	for (int l = NS_LANG_UNKNOWN; l < NS_LANG_COUNT; l++)
		CHECK_EQ_U(ns_lang_has_stemmer((ns_lang)l), l != NS_LANG_UNKNOWN && l != NS_LANG_HE);
	/* one stemmer per thread, concurrently: same stems */
	int mismatch = 0;
#pragma omp parallel reduction(+ : mismatch)
	{
		ns_stemmer *mine = ns_stemmer_create();
		for (int i = 0; mine && i < 200; i++) {
			mismatch += !stems_to(mine, NS_LANG_FR, "nationales", "national");
			mismatch += !stems_to(mine, NS_LANG_RU, "новый", "нов");
		}
		mismatch += mine == NULL;
		ns_stemmer_destroy(mine);
	}
	CHECK_EQ_U(mismatch, 0);
	ns_stemmer_destroy(st);
	ns_stemmer_destroy(NULL);
}

/* The hash table answers exactly as bisection of the sorted lists does: for
 * every list word in every language, and for prefixes, extensions and
 * altered copies of them that are mostly not list words. */
static void test_stopword_table(void)
{
	size_t checked = 0, yes = 0;
	char buf[128];
	for (int src = 0; src < NS_LANG_COUNT; src++) {
		size_t nw;
		const char *const *w = ns_lang_stopwords((ns_lang)src, &nw);
		for (size_t i = 0; i < nw; i++) {
			size_t n = strlen(w[i]);
			if (n + 2 > sizeof(buf)) continue;
			for (int v = 0; v < 5; v++) {
				size_t m = n;
				memcpy(buf, w[i], n);
				if (v == 1 && m > 1) m--;                /* a prefix */
				if (v == 2) buf[m++] = 's';              /* an extension */
				if (v == 3) buf[0] ^= 0x20;              /* case changed */
				if (v == 4) { buf[m++] = 0; buf[m++] = 'x'; } /* a NUL inside */
				for (int l = -1; l <= NS_LANG_COUNT; l++) {
					int a = ns_lang_stopword((ns_lang)l, buf, m), b = ns_lang_stopword_bisect(l, buf, m);
					CHECK_EQ_U(a, b);
					/* with the token's hash given */
					CHECK_EQ_U(ns_lang_stopword_hash((ns_lang)l, buf, m, ns_token_hash(buf, m, 0)), b);
					checked++;
					yes += (size_t)a;
				}
			}
		}
	}
	CHECK(checked > 10000);
	CHECK(yes > 2000); /* the list words themselves were found */
	CHECK(!ns_lang_stopword(NS_LANG_EN, "", 0));
}

int main(void)
{
	test_codes();
	test_lists();
	test_stopwords();
	test_stopword_table();
	test_detect();
	test_stem();
	return TEST_DONE();
}
