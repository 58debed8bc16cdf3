/* newsift — language detection, stop words and stemming.
 *
 * Detection reads the normalised tokens of a text once: at most
 * LANG_SCAN_TOKENS of them, and of those it looks up at most LANG_VOTE_TOKENS
 * per script in the word lists (the lookups are the cost; a few hundred
 * tokens decide).  Every code point is put in a script (Latin, Greek,
 * Cyrillic, Hebrew, Arabic, Devanagari, other, or none for digits); a token
 * belongs to the script of its first letter.  The script with the most
 * letters wins, counted in letters, not tokens, so a Chinese text whose long
 * runs make few tokens is not outvoted by the English names inside it.  A
 * non-Latin script names its language (Greek -> el, Cyrillic -> ru, Hebrew ->
 * he, Arabic -> ar, Devanagari -> hi) once it has NS_LANG_MIN_HITS tokens.
 *
 * Latin text is decided by votes among nine voters: the eight Latin languages
 * and "other", a list of frequent words of Latin-script languages we do not
 * detect (Polish, Romanian, Swedish, Danish, Turkish, Indonesian, Hungarian,
 * Finnish, Catalan, Slovak).  A token found in the lists of k voters gives
 * each of them 2520/k points (2520 is the least common multiple of 1..9, so
 * the arithmetic is exact integers and the result is the same everywhere):
 * "de" counts for four languages at a quarter each, "the" for English alone,
 * so the English names and quotes inside a French article add little.  News
 * in every language quotes English, so a function word of another language
 * that is also an English word ("die", "war", "car", the "u" of "U.S.")
 * shares its vote with English as well.  The winner must not be "other",
 * must have NS_LANG_MIN_HITS words of its list and a score above every
 * other.
 *
 * Two tests then guard against a language we do not know, for every script:
 * in a text with at least LANG_RATE_TOKENS looked-up tokens of the script,
 * at least one in LANG_RATE_DEN must be in the winner's list (running text
 * of our languages has one in ten to one in three; a list of names, a table
 * or another language has fewer); and no more than one token in
 * LANG_FOREIGN_DEN may hold a letter the winner never writes (Polish ł,
 * Turkish ı, Persian and Urdu letters, Ukrainian or Serbian Cyrillic,
 * Yiddish ligatures).
 *
 * The stop-word lists were written for newsift: frequent function words,
 * pronouns, auxiliaries and news reporting verbs, in ns_tokenize's normal
 * form (accents of Latin, Greek and Cyrillic removed, final sigma folded to
 * σ, ß to ss, й to и).  Each list is sorted by bytes, as strcmp orders UTF-8,
 * and searched by bisection; a unit test keeps them sorted and normalised.
 *
 * Stemming wraps Snowball's libstemmer: one sb_stemmer per language, created
 * on first use and kept in the caller's ns_stemmer (libstemmer's objects are
 * not thread-safe, so neither is ns_stemmer).  Greek, French, German and
 * Spanish stemmers accept accent-free input as it is; the Russian stemmer
 * needs the final "й" of adjectives, which is restored first. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#define XXH_INLINE_ALL /* the stop-word probe hashes short words: no call through the library */
#include <xxhash.h>
#include "internal.h"
#include "newsift/lang.h"

#define LANG_N(a) (sizeof(a) / sizeof((a)[0]))

/* Stop-word lists, sorted by bytes. */
static const char *const sw_en[] = {
	"a", "about", "according", "after", "against", "all", "also", "although", "am", "among", "an", "and",
	"another", "any", "are", "around", "as", "at", "be", "because", "been", "before", "being", "between",
	"both", "but", "by", "can", "could", "d", "did", "do", "does", "don", "down", "during", "each", "even",
	"every", "for", "from", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how",
	"however", "i", "if", "in", "including", "into", "is", "it", "its", "just", "last", "like", "ll", "m",
	"many", "may", "me", "might", "more", "most", "mr", "mrs", "ms", "much", "must", "my", "new", "no",
	"nor", "not", "now", "of", "off", "on", "one", "only", "or", "other", "others", "our", "out", "over",
	"per", "re", "s", "said", "say", "saying", "says", "she", "should", "since", "so", "some", "still",
	"such", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
	"though", "through", "to", "told", "too", "under", "until", "up", "us", "ve", "very", "via", "was",
	"we", "were", "what", "when", "where", "whether", "which", "while", "who", "whose", "why", "will",
	"with", "within", "without", "would", "you", "your"
};
static const char *const sw_fr[] = {
	"a", "affirme", "afin", "ai", "ainsi", "alors", "apres", "au", "aucun", "aucune", "aujourd", "aupres",
	"aussi", "autre", "autres", "aux", "avaient", "avait", "avant", "avec", "avez", "avoir", "avons", "c",
	"ca", "car", "ce", "cela", "celle", "celles", "celui", "ces", "cet", "cette", "ceux", "chaque", "chez",
	"comme", "comment", "contre", "d", "dans", "de", "declare", "deja", "depuis", "des", "deux", "devant",
	"dit", "doit", "donc", "dont", "du", "elle", "elles", "en", "encore", "entre", "est", "estime", "et",
	"etaient", "etait", "ete", "etre", "eu", "faire", "fait", "fois", "hui", "il", "ils", "indique", "j",
	"jamais", "je", "jusqu", "l", "la", "le", "les", "leur", "leurs", "lors", "lorsqu", "lui", "m", "mais",
	"me", "meme", "mes", "moins", "mon", "n", "ne", "ni", "non", "nos", "notre", "nous", "on", "ont", "ou",
	"par", "parce", "parmi", "pas", "pendant", "peu", "peut", "plus", "plusieurs", "pour", "pourrait",
	"puis", "qu", "quand", "que", "quel", "quelle", "quelque", "qui", "s", "sa", "sans", "se", "selon",
	"sera", "seront", "ses", "si", "son", "sont", "sous", "sur", "t", "ta", "te", "tous", "tout", "toute",
	"toutes", "tres", "trop", "tu", "un", "une", "vers", "y"
};
static const char *const sw_cs[] = {
	"a", "aby", "ale", "ani", "asi", "az", "behem", "bez", "bude", "budou", "by", "byl", "byla", "byli",
	"bylo", "byly", "byt", "co", "coz", "dalsi", "dnes", "do", "dva", "ho", "i", "ja", "jak", "jako", "je",
	"jeho", "jej", "jeji", "jejich", "jen", "jenz", "jeste", "jez", "ji", "jim", "jiz", "jsem", "jsme",
	"jsou", "jste", "k", "kde", "kdy", "kdyz", "ke", "ktera", "ktere", "kteri", "kterou", "ktery",
	"kterych", "kterym", "let", "letos", "ma", "maji", "mezi", "mi", "mnoho", "mu", "muze", "na", "nad",
	"nam", "nas", "nebo", "neni", "nez", "nich", "o", "od", "on", "ona", "oni", "ono", "po", "pod",
	"podle", "pokud", "pouze", "prave", "pred", "pres", "pri", "pro", "proti", "protoze", "rekl", "rekla",
	"roku", "s", "se", "si", "sve", "svou", "svych", "svym", "ta", "tak", "take", "tam", "tato", "te",
	"tedy", "ten", "tento", "teto", "ti", "tim", "to", "tom", "tomu", "toto", "tu", "tuto", "ty", "tyto",
	"u", "uvedl", "uvedla", "uz", "v", "vam", "ve", "velmi", "vice", "vsak", "vsechny", "z", "za", "zadne",
	"zda", "zde", "ze"
};
static const char *const sw_de[] = {
	"ab", "aber", "alle", "allen", "alles", "als", "also", "am", "an", "andere", "anderen", "auch", "auf",
	"aus", "bei", "beim", "bereits", "bis", "bisher", "da", "dabei", "damit", "dann", "das", "dass", "dem",
	"den", "denn", "der", "deren", "des", "dessen", "die", "dies", "diese", "diesem", "diesen", "dieser",
	"dieses", "doch", "dort", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
	"etwa", "fur", "gegen", "gibt", "habe", "haben", "hat", "hatte", "hatten", "heute", "hier", "ich",
	"ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "immer", "in", "ist", "ja",
	"jedoch", "jetzt", "kann", "kein", "keine", "konnen", "konnte", "laut", "man", "mehr", "mit", "muss",
	"mussen", "nach", "nicht", "noch", "nun", "nur", "ob", "oder", "ohne", "sagt", "sagte", "schon", "sei",
	"seien", "sein", "seine", "seinem", "seinen", "seiner", "seit", "sich", "sie", "sind", "so", "soll",
	"sollen", "sowie", "uber", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "waren", "was",
	"weil", "welche", "wenn", "werden", "wie", "wieder", "wir", "wird", "worden", "wurde", "wurden", "zu",
	"zum", "zur", "zwei", "zwischen"
};
static const char *const sw_es[] = {
	"a", "ademas", "afirmo", "al", "algo", "algunas", "algunos", "ano", "anos", "ante", "antes", "aseguro",
	"asi", "aunque", "ayer", "cada", "como", "con", "contra", "cual", "cuando", "cuyo", "de", "del",
	"desde", "despues", "dijo", "donde", "dos", "durante", "e", "el", "ella", "ellas", "ellos", "en",
	"entre", "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estan", "estas",
	"este", "esto", "estos", "explico", "fue", "fueron", "gran", "ha", "habia", "habian", "hace", "hacia",
	"han", "hasta", "hay", "hoy", "indico", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi",
	"mientras", "misma", "mismo", "muy", "nada", "ni", "no", "nos", "o", "otra", "otras", "otro", "otros",
	"para", "pero", "poco", "por", "porque", "puede", "pueden", "que", "quien", "quienes", "se", "segun",
	"senalo", "ser", "sera", "si", "sido", "sin", "sino", "sobre", "solo", "son", "su", "sus", "tambien",
	"tanto", "tiene", "tienen", "todas", "todo", "todos", "tras", "tu", "un", "una", "unas", "uno", "unos",
	"y", "ya", "yo"
};
static const char *const sw_it[] = {
	"a", "ad", "affermato", "agli", "ai", "al", "all", "alla", "alle", "allo", "anche", "ancora", "anni",
	"avere", "aveva", "avevano", "c", "che", "chi", "ci", "come", "con", "contro", "cosa", "cosi", "cui",
	"d", "da", "dai", "dal", "dall", "dalla", "dalle", "degli", "dei", "del", "dell", "della", "delle",
	"dello", "detto", "di", "dichiarato", "dopo", "dove", "due", "e", "ed", "era", "erano", "essere", "fa",
	"fatto", "fra", "gia", "gli", "ha", "hanno", "ho", "i", "il", "in", "l", "la", "le", "lei", "lo",
	"loro", "lui", "ma", "mentre", "molto", "ne", "negli", "nei", "nel", "nell", "nella", "nelle", "nello",
	"noi", "non", "nostro", "o", "oggi", "ogni", "oltre", "ora", "per", "perche", "pero", "piu", "po",
	"poi", "prima", "proprio", "qualche", "quale", "quando", "quanto", "quell", "quella", "quelle",
	"quelli", "quello", "questa", "queste", "questi", "questo", "se", "secondo", "sembra", "senza", "si",
	"sia", "siamo", "sono", "sotto", "spiegato", "sta", "stata", "stati", "stato", "su", "sua", "sue",
	"sui", "sul", "sull", "sulla", "suo", "suoi", "tra", "tutta", "tutti", "tutto", "un", "una", "uno",
	"vengono", "viene"
};
static const char *const sw_pt[] = {
	"a", "afirmou", "agora", "ainda", "ali", "ano", "anos", "antes", "ao", "aos", "apenas", "apos", "aqui",
	"as", "assim", "ate", "bem", "cada", "cerca", "com", "como", "contra", "da", "das", "de", "declarou",
	"depois", "desde", "dessa", "desse", "desta", "deste", "disse", "do", "dois", "dos", "duas", "durante",
	"e", "ela", "elas", "ele", "eles", "em", "embora", "enquanto", "entao", "entre", "era", "eram", "essa",
	"esse", "esta", "estao", "estava", "este", "eu", "explicou", "foi", "foram", "ha", "havia", "hoje",
	"isso", "isto", "ja", "la", "lhe", "mais", "mas", "me", "mesmo", "muito", "muitos", "na", "nada",
	"nao", "nas", "nem", "nessa", "nesse", "nesta", "neste", "no", "nos", "num", "numa", "nunca", "o",
	"onde", "ontem", "os", "ou", "outra", "outro", "outros", "para", "pela", "pelas", "pelo", "pelos",
	"pode", "podem", "pois", "por", "porem", "porque", "pouco", "qual", "quando", "quase", "que", "quem",
	"sao", "se", "segundo", "sem", "sempre", "ser", "sera", "seu", "seus", "sido", "so", "sob", "sobre",
	"sua", "suas", "tambem", "tem", "ter", "tinha", "toda", "todo", "todos", "tudo", "um", "uma", "umas",
	"uns", "vai", "voce"
};
static const char *const sw_nl[] = {
	"aan", "al", "alle", "alleen", "als", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze", "die",
	"dit", "doen", "door", "dus", "echter", "een", "eens", "en", "er", "geen", "geweest", "haar", "had",
	"hadden", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "ja",
	"jaar", "je", "kan", "kon", "konden", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn",
	"moet", "moeten", "na", "naar", "nadat", "niet", "niets", "nog", "nu", "of", "om", "omdat", "onder",
	"ons", "ook", "op", "over", "sinds", "te", "tegen", "terwijl", "toch", "toen", "tot", "tussen", "twee",
	"u", "uit", "van", "veel", "verklaarde", "volgens", "voor", "waar", "waarbij", "waarin", "waren",
	"was", "wat", "we", "wel", "werd", "werden", "wie", "wij", "wil", "worden", "wordt", "zal", "ze",
	"zegt", "zei", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou", "zouden"
};
static const char *const sw_el[] = {
	"ακομα", "ακομη", "αλλα", "αν", "απο", "αυτα", "αυτεσ", "αυτη", "αυτην", "αυτο", "αυτοι", "αυτον",
	"αυτοσ", "αυτων", "αφου", "για", "γιατι", "δεν", "δηλωσε", "δυο", "εαν", "εδω", "ειμαστε", "ειναι",
	"ειπε", "ειχαν", "ειχε", "εκει", "ενα", "ενασ", "ενοσ", "ενω", "επι", "επισησ", "εχει", "εχουν", "εωσ",
	"η", "ηδη", "ηταν", "θα", "καθε", "καθωσ", "και", "κατα", "λογω", "μασ", "με", "μεσω", "μετα",
	"μεταξυ", "μεχρι", "μη", "μην", "μια", "μιασ", "μονο", "να", "νεα", "νεο", "ο", "οι", "ολα", "ολεσ",
	"ολη", "ολο", "ολοι", "ομωσ", "οποια", "οποιασ", "οποιεσ", "οποιο", "οποιοι", "οποιοσ", "οποιου",
	"οποιων", "οπωσ", "οταν", "οτι", "ουτε", "περιπου", "πολυ", "που", "πριν", "προσ", "πωσ", "σασ", "σε",
	"σημερα", "στα", "στη", "στην", "στισ", "στο", "στον", "στουσ", "συμφωνα", "τα", "τη", "την", "τησ",
	"τι", "τισ", "το", "τον", "του", "τουσ", "των", "τωρα", "υπο", "χθεσ", "χωρισ", "ωσ"
};
static const char *const sw_ru[] = {
	"а", "без", "более", "больше", "будет", "будут", "бы", "был", "была", "были", "было", "быть", "в",
	"вас", "во", "вот", "все", "всего", "всех", "вы", "где", "года", "году", "да", "даже", "для", "до",
	"другои", "его", "ее", "еи", "ему", "если", "есть", "еще", "же", "за", "заявил", "заявила", "здесь",
	"и", "из", "или", "им", "их", "к", "как", "какои", "когда", "которая", "которое", "которои", "которые",
	"которыи", "которым", "которых", "кто", "лет", "ли", "между", "меня", "мне", "много", "может", "можно",
	"мы", "на", "над", "нас", "не", "него", "нее", "нет", "ни", "них", "ничего", "но", "о", "об", "один",
	"однако", "около", "он", "она", "они", "от", "перед", "по", "под", "после", "потом", "потому", "при",
	"про", "против", "с", "сам", "своеи", "свои", "своих", "свою", "себе", "себя", "сеичас", "сказал",
	"сказала", "со", "сообщил", "сообщила", "так", "также", "там", "тебя", "тем", "то", "тогда", "того",
	"тоже", "только", "том", "тот", "тут", "ты", "у", "уже", "чего", "чем", "через", "что", "чтобы", "эта",
	"эти", "этим", "этих", "это", "этого", "этои", "этом", "этот", "эту", "я", "является"
};
static const char *const sw_ar[] = {
	"أحد", "أخرى", "أكثر", "أما", "أمام", "أمس", "أن", "أنا", "أنه", "أنها", "أو", "أي", "أيضا", "إذ",
	"إذا", "إلا", "إلى", "إن", "إنه", "إنها", "اذا", "الآن", "الا", "التي", "الذي", "الذين", "الى",
	"اليوم", "ان", "انه", "انها", "او", "ايضا", "بأن", "بشكل", "بعد", "بعض", "بما", "به", "بها", "بين",
	"تكون", "تلك", "تم", "ثم", "جميع", "حتى", "حسب", "حول", "حيث", "حين", "خلال", "ذات", "ذلك", "سوف",
	"ضد", "عدة", "على", "عليه", "عليها", "عن", "عند", "عندما", "غير", "فإن", "فقط", "في", "فيه", "فيها",
	"قال", "قالت", "قبل", "قد", "كان", "كانت", "كانوا", "كل", "كما", "كيف", "لأن", "لا", "لدى", "لقد",
	"لكن", "لم", "لن", "له", "لها", "لهم", "ما", "مثل", "مع", "من", "منذ", "منه", "منها", "نحن", "نحو",
	"هذا", "هذه", "هل", "هم", "هنا", "هناك", "هو", "هي", "و", "وأن", "وإلى", "وان", "وعلى", "وفق", "وفقا",
	"وفي", "وقال", "وقالت", "وقد", "وكان", "وكانت", "ولا", "ولكن", "ومن", "وهو", "وهي", "يتم", "يكون",
	"يمكن"
};
static const char *const sw_he[] = {
	"אבל", "או", "אולם", "אותה", "אותו", "אותם", "אותן", "אחד", "אחר", "אחרי", "אחרים", "אחרת", "אחת",
	"איך", "אין", "אך", "אל", "אלא", "אלה", "אלו", "אם", "אמר", "אמרה", "אמרו", "אנו", "אנחנו", "אני",
	"אף", "אפילו", "אצל", "אשר", "את", "אתה", "ב", "באופן", "בגלל", "בה", "בהם", "בו", "ביותר", "בין",
	"במהלך", "בנוסף", "בעוד", "בעקבות", "בשל", "בתוך", "גם", "ה", "האלה", "הוא", "הזאת", "הזה", "היא",
	"היה", "היו", "היום", "הייתה", "היתה", "הם", "הן", "הרבה", "ו", "ואת", "והוא", "והיא", "ולא", "זאת",
	"זה", "זו", "ידי", "יהיה", "יותר", "יכול", "יכולים", "יש", "כ", "כאן", "כאשר", "כבר", "כדי", "כי",
	"כיום", "כך", "כל", "כמה", "כמו", "כן", "ל", "לא", "לאחר", "לגבי", "לדברי", "לה", "להיות", "להם", "לו",
	"לי", "ליד", "לך", "לכן", "ללא", "למה", "למרות", "לנו", "לפי", "לפני", "מ", "מאוד", "מאז", "מאשר",
	"מה", "מול", "מי", "מן", "מנת", "מעל", "נגד", "נוסף", "עד", "עדיין", "עוד", "עכשיו", "על", "עם",
	"עצמו", "פחות", "פי", "צריך", "רק", "ש", "שהוא", "שהיא", "שוב", "של", "שלא", "שלה", "שלהם", "שלו",
	"שלי", "שלנו", "שם", "תוך"
};
static const char *const sw_hi[] = {
	"अगर", "अपना", "अपनी", "अपने", "अब", "अभी", "आप", "इन", "इस", "इसका", "इसकी", "इसके", "इससे", "इसे",
	"उन", "उनका", "उनकी", "उनके", "उन्होंने", "उस", "उसका", "उसकी", "उसके", "उससे", "उसे", "एक", "एवं",
	"ऐसा", "ऐसे", "और", "कर", "करता", "करते", "करना", "करने", "करें", "कहा", "का", "कि", "किंतु", "किया",
	"किसी", "की", "कुछ", "के", "को", "कोई", "क्या", "गई", "गए", "गया", "गयी", "जब", "जा", "जाता", "जाती",
	"जाने", "जिन", "जिनके", "जिस", "जिसमें", "जिसे", "जो", "तक", "तथा", "तब", "तो", "था", "थी", "थीं",
	"थे", "दौरान", "द्वारा", "नहीं", "ने", "पर", "परंतु", "बताया", "बहुत", "बाद", "भी", "में", "मैं",
	"यदि", "यह", "यहाँ", "यहां", "या", "ये", "रहा", "रही", "रहे", "लिए", "लेकिन", "वह", "वहाँ", "वहां",
	"वाला", "वाली", "वाले", "वे", "सकता", "सकते", "सभी", "साथ", "से", "हम", "ही", "हुआ", "हुई", "हुए",
	"है", "हैं", "हो", "होता", "होती", "होने"
};
static const char *const other_words[] = {
	"aceasta", "acest", "aceste", "acum", "adalah", "af", "ahogy", "ahol", "aixo", "aj", "akan", "aki",
	"akkor", "ako", "alebo", "ama", "amb", "amely", "amelyek", "ami", "amit", "aquest", "aquesta", "ar",
	"asupra", "atau", "att", "av", "azt", "bahwa", "bardzo", "bedzie", "bir", "ble", "blev", "bol", "bola",
	"boli", "bolo", "catre", "cea", "cei", "cel", "cele", "cok", "csak", "cu", "czy", "daha", "dalam",
	"dari", "dedi", "dels", "dengan", "deras", "despre", "det", "dintr", "dintre", "diye", "dla", "doar",
	"doua", "dupa", "efter", "egy", "ei", "eller", "ells", "elott", "els", "ett", "etta", "ez", "ezert",
	"ezt", "fara", "fer", "fi", "foarte", "fost", "fran", "gdy", "gdzie", "gibi", "hade", "har", "hogy",
	"iar", "icin", "ikke", "ile", "inca", "ini", "insa", "inte", "intr", "intre", "ise", "itu", "jag",
	"jednak", "jeg", "jego", "jest", "jeszcze", "joka", "jotka", "juga", "juz", "kadar", "karena", "kata",
	"kell", "kiedy", "kozott", "ktora", "ktore", "ktori", "ktory", "ktorzy", "kuin", "kun", "lesz", "mai",
	"majd", "mar", "mereka", "miatt", "molt", "mondta", "moze", "mukaan", "mutta", "myos", "nie", "niin",
	"och", "ocksa", "og", "olan", "olarak", "ole", "oleh", "oli", "oraz", "ovat", "pa", "pada", "pedig",
	"pel", "pentru", "perque", "podla", "prin", "przed", "przez", "saat", "sau", "segons", "seka", "seva",
	"sig", "sina", "som", "sonra", "spre", "sudah", "sunt", "szerint", "tai", "takze", "tambe", "telah",
	"tersebut", "tez", "tidak", "tiez", "til", "tylko", "unei", "unor", "untuk", "unui", "utan", "va",
	"vagy", "valamint", "var", "vsetky", "vuonna", "wiec", "zostanie"
};
static const char *const english_lookalikes[] = {
	"ab", "ai", "al", "ale", "ali", "ante", "ate", "ben", "ca", "car", "co", "come", "con", "dan",
	"declare", "den", "die", "dies", "door", "dos", "dove", "encore", "er", "era", "eu", "fa", "ha", "han",
	"hat", "hay", "hem", "ho", "hoe", "jim", "lei", "let", "ma", "man", "men", "met", "mon", "non", "nun",
	"op", "par", "pas", "plus", "pod", "pour", "prima", "pro", "sans", "sin", "solo", "son", "take", "ten",
	"tim", "tom", "tot", "tout", "u", "um", "van", "vice", "war", "yo"
};

typedef struct {
	const char *const *w;
	size_t n;
} word_list;

#define LANG_LIST(a) {a, LANG_N(a)}
static const word_list stop_lists[NS_LANG_COUNT] = {
	[NS_LANG_UNKNOWN] = LANG_LIST(sw_en),
	[NS_LANG_EN] = LANG_LIST(sw_en), [NS_LANG_FR] = LANG_LIST(sw_fr), [NS_LANG_CS] = LANG_LIST(sw_cs),
	[NS_LANG_DE] = LANG_LIST(sw_de), [NS_LANG_ES] = LANG_LIST(sw_es), [NS_LANG_IT] = LANG_LIST(sw_it),
	[NS_LANG_PT] = LANG_LIST(sw_pt), [NS_LANG_NL] = LANG_LIST(sw_nl), [NS_LANG_EL] = LANG_LIST(sw_el),
	[NS_LANG_RU] = LANG_LIST(sw_ru), [NS_LANG_AR] = LANG_LIST(sw_ar), [NS_LANG_HE] = LANG_LIST(sw_he),
	[NS_LANG_HI] = LANG_LIST(sw_hi),
};

static const char *const lang_codes[NS_LANG_COUNT] = {
	"", "en", "fr", "cs", "de", "es", "it", "pt", "nl", "el", "ru", "ar", "he", "hi",
};

/* Snowball algorithm names; NULL: no stemmer. */
static const char *const stem_names[NS_LANG_COUNT] = {
	[NS_LANG_EN] = "english", [NS_LANG_FR] = "french", [NS_LANG_DE] = "german", [NS_LANG_ES] = "spanish",
	[NS_LANG_IT] = "italian", [NS_LANG_PT] = "portuguese", [NS_LANG_NL] = "dutch", [NS_LANG_EL] = "greek",
	[NS_LANG_RU] = "russian", [NS_LANG_AR] = "arabic", [NS_LANG_HI] = "hindi",
};

static int valid_lang(ns_lang l)
{
	return (unsigned)l < (unsigned)NS_LANG_COUNT;
}

const char *ns_lang_code(ns_lang l)
{
	return valid_lang(l) ? lang_codes[l] : "";
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

ns_lang ns_lang_from_code(const char *code)
{
	if (!code || !code[0] || !code[1]) return NS_LANG_UNKNOWN;
	if (code[2] && code[2] != '-' && code[2] != '_') return NS_LANG_UNKNOWN;
	char a = ascii_lower(code[0]), b = ascii_lower(code[1]);
	for (int l = NS_LANG_UNKNOWN + 1; l < NS_LANG_COUNT; l++)
		if (lang_codes[l][0] == a && lang_codes[l][1] == b) return (ns_lang)l;
	return NS_LANG_UNKNOWN;
}

/* Order of the list entry e against the token w (n bytes, not
 * NUL-terminated): the order strcmp gives, without measuring e first. */
static inline int entry_cmp(const char *e, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)e[i], b = (unsigned char)w[i];
		if (a != b) return a < b ? -1 : 1;
		if (!a) return -1; /* a NUL inside w: e ended first */
	}
	return e[n] != 0;
}

/* Bisection in a list sorted by strcmp (only while the word table is built). */
static int list_has(const word_list *L, const char *w, size_t n)
{
	size_t lo = 0, hi = L->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = entry_cmp(L->w[mid], w, n);
		if (c == 0) return 1;
		if (c < 0) lo = mid + 1;
		else hi = mid;
	}
	return 0;
}

static const word_list other_list, lookalike_list;

/* Every word of every list in one hash table, with a bit per list it is in:
 * bit l for the stop words of language l, WT_OTHER, WT_LOOKALIKE.  One probe
 * replaces the ten bisections that detection made per token.  Built once
 * (pthread_once), read-only afterwards, so concurrent calls are safe. */
#define WT_OTHER (1u << NS_LANG_COUNT)
#define WT_LOOKALIKE (1u << (NS_LANG_COUNT + 1))
#define WT_BITS 13 /* 8192 slots for the ~3,000 words: probes stay short */
typedef struct {
	const char *w;
	uint32_t len, mask;
} wt_slot;
static wt_slot wt[1u << WT_BITS];
static pthread_once_t wt_once = PTHREAD_ONCE_INIT;

/* A word's home slot: the top bits of XXH3-64 of its bytes, which is
 * ns_token_hash(w, n, 0) (XXH3 with seed 0 is XXH3 unseeded). */
static size_t wt_home_hash(uint64_t h)
{
	return (size_t)(h >> (64 - WT_BITS));
}

static size_t wt_home(const char *w, size_t n)
{
	return wt_home_hash(XXH3_64bits(w, n));
}

static void wt_add(const char *w, uint32_t bit)
{
	size_t n = strlen(w), i = wt_home(w, n);
	while (wt[i].w && !(wt[i].len == n && !memcmp(wt[i].w, w, n))) i = (i + 1) & ((1u << WT_BITS) - 1);
	wt[i].w = w;
	wt[i].len = (uint32_t)n;
	wt[i].mask |= bit;
}

static void wt_build(void)
{
	for (int l = NS_LANG_UNKNOWN + 1; l < NS_LANG_COUNT; l++)
		for (size_t i = 0; i < stop_lists[l].n; i++) wt_add(stop_lists[l].w[i], 1u << l);
	for (size_t i = 0; i < other_list.n; i++) wt_add(other_list.w[i], WT_OTHER);
	for (size_t i = 0; i < lookalike_list.n; i++) wt_add(lookalike_list.w[i], WT_LOOKALIKE);
}

/* The lists w (n bytes, home slot `home`) is in, as WT bits; 0 for none. */
static uint32_t wt_mask_at(const char *w, size_t n, size_t home)
{
	pthread_once(&wt_once, wt_build);
	if (n >= UINT32_MAX) return 0;
	for (size_t i = home;; i = (i + 1) & ((1u << WT_BITS) - 1)) {
		if (!wt[i].w) return 0;
		if (wt[i].len == n && !memcmp(wt[i].w, w, n)) return wt[i].mask;
	}
}

static uint32_t wt_mask(const char *w, size_t n)
{
	return wt_mask_at(w, n, wt_home(w, n));
}

int ns_lang_stopword(ns_lang l, const char *w, size_t n)
{
	/* unknown: the English list */
	ns_lang k = valid_lang(l) && l != NS_LANG_UNKNOWN ? l : NS_LANG_EN;
	return (int)(wt_mask(w, n) >> k & 1);
}

int ns_lang_stopword_hash(ns_lang l, const char *w, size_t n, uint64_t h)
{
	ns_lang k = valid_lang(l) && l != NS_LANG_UNKNOWN ? l : NS_LANG_EN;
	return (int)(wt_mask_at(w, n, wt_home_hash(h)) >> k & 1);
}

/* The slow lookup the table replaces, for the tests. */
int ns_lang_stopword_bisect(int l, const char *w, size_t n)
{
	return list_has(&stop_lists[valid_lang(l) ? l : NS_LANG_UNKNOWN], w, n);
}

const char *const *ns_lang_stopwords(ns_lang l, size_t *n)
{
	const word_list *L = &stop_lists[valid_lang(l) ? l : NS_LANG_UNKNOWN];
	*n = L->n;
	return L->w;
}

static const word_list other_list = LANG_LIST(other_words);
static const word_list lookalike_list = LANG_LIST(english_lookalikes);

const char *const *ns_lang_detect_words(int which, size_t *n)
{
	const word_list *L = which == NS_LANG_WORDS_OTHER ? &other_list
	                     : which == NS_LANG_WORDS_ENGLISH_LOOKALIKE ? &lookalike_list : NULL;
	*n = L ? L->n : 0;
	return L ? L->w : NULL;
}

/* ---- detection ---- */

enum { SC_NONE = 0, SC_LATIN, SC_GREEK, SC_CYRILLIC, SC_HEBREW, SC_ARABIC, SC_DEVANAGARI, SC_OTHER, SC_COUNT };

#define LANG_SCAN_TOKENS 4096 /* detection reads at most this many tokens */
#define LANG_VOTE_TOKENS 256  /* and looks up at most this many of each script in the lists */
#define LANG_RATE_TOKENS 40   /* from this many looked-up tokens on, the rate test applies */
#define LANG_RATE_DEN 20      /* ... which wants at least 1 token in 20 from the winner's list */
#define LANG_FOREIGN_DEN 10   /* more than 1 token in 10 with foreign letters: not this language */
#define LANG_VOTE_UNIT 2520   /* lcm(1..9): a shared word's vote divides exactly */

static const ns_lang script_lang[SC_COUNT] = {
	[SC_GREEK] = NS_LANG_EL, [SC_CYRILLIC] = NS_LANG_RU, [SC_HEBREW] = NS_LANG_HE,
	[SC_ARABIC] = NS_LANG_AR, [SC_DEVANAGARI] = NS_LANG_HI,
};

/* The Latin languages, in vote order (bit j of a vote mask; English first),
 * and after them one more voter: the languages we do not know
 * (NS_LANG_UNKNOWN). */
static const ns_lang latin_langs[] = {
	NS_LANG_EN, NS_LANG_FR, NS_LANG_CS, NS_LANG_DE, NS_LANG_ES, NS_LANG_IT, NS_LANG_PT, NS_LANG_NL,
	NS_LANG_UNKNOWN,
};
#define LANG_NLATIN ((int)LANG_N(latin_langs))

static int script_of(int32_t cp)
{
	if (cp < 0x80) return ((cp | 32) >= 'a' && (cp | 32) <= 'z') ? SC_LATIN : SC_NONE;
	if ((cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
	    (cp >= 0xA720 && cp <= 0xA7FF))
		return cp == 0x00D7 || cp == 0x00F7 ? SC_NONE : SC_LATIN;
	if ((cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF)) return SC_GREEK;
	if (cp >= 0x0400 && cp <= 0x052F) return SC_CYRILLIC;
	if ((cp >= 0x0590 && cp <= 0x05FF) || (cp >= 0xFB1D && cp <= 0xFB4F)) return SC_HEBREW;
	if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF) ||
	    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
		return cp >= 0x0660 && cp <= 0x0669 ? SC_NONE : SC_ARABIC; /* Arabic-Indic digits are no evidence */
	if ((cp >= 0x0900 && cp <= 0x097F) || (cp >= 0xA8E0 && cp <= 0xA8FF))
		return cp >= 0x0966 && cp <= 0x096F ? SC_NONE : SC_DEVANAGARI;
	return ns_cp_letter(cp) ? SC_OTHER : SC_NONE;
}

/* A letter of its script that the language we would name never writes:
 * Latin letters that keep their shape after accent stripping and belong to
 * none of our eight (Polish ł, Turkish ı, Danish and Norwegian ø æ,
 * Icelandic þ ð, South Slavic đ, Maltese ħ); Persian and Urdu letters in
 * Arabic script; Cyrillic beyond Russian's а..я (ё and й arrive stripped to е
 * and и), i.e. Ukrainian, Belarusian, Serbian, Macedonian, Kazakh...; the
 * Yiddish ligatures in Hebrew script. */
static int foreign_letter(int sc, int32_t cp)
{
	switch (sc) {
	case SC_LATIN:
		return cp == 0x0142 || cp == 0x0131 || cp == 0x00F8 || cp == 0x00E6 || cp == 0x00FE || cp == 0x00F0 ||
		       cp == 0x0111 || cp == 0x0127;
	case SC_ARABIC:
		switch (cp) {
		case 0x067E: case 0x0686: case 0x0698: case 0x06AF: case 0x06A9: case 0x06CC: /* Persian */
		case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06BE: case 0x06C1: case 0x06D2:
		case 0x06D3: /* Urdu */
			return 1;
		default:
			return 0;
		}
	case SC_CYRILLIC:
		return cp < 0x0430 || cp > 0x044F;
	case SC_HEBREW:
		return cp >= 0x05F0 && cp <= 0x05F2;
	default:
		return 0;
	}
}

ns_lang ns_lang_detect(const ns_tokens *t)
{
	uint64_t letters[SC_COUNT] = {0};
	uint32_t tokens[SC_COUNT] = {0}, foreign[SC_COUNT] = {0}, voted[SC_COUNT] = {0};
	uint32_t hits[NS_LANG_COUNT] = {0};
	uint64_t score[LANG_NLATIN];
	memset(score, 0, sizeof(score));
	size_t nt = NS_MIN(t->n, (size_t)LANG_SCAN_TOKENS);
	for (size_t i = 0; i < nt; i++) {
		const char *w = t->norm.p + t->off[i];
		size_t n = t->len[i];
		int sc = SC_NONE, alien = 0;
		/* an ASCII word (most): its letters are Latin, none foreign */
		size_t a = 0;
		uint32_t al = 0;
		while (a < n && (unsigned char)w[a] < 0x80) al += (unsigned)(((unsigned char)w[a++] | 32) - 'a') < 26;
		if (a == n && al) {
			letters[SC_LATIN] += al;
			sc = SC_LATIN;
		}
		for (size_t j = a == n ? n : 0; j < n;) {
			int32_t cp = (unsigned char)w[j];
			size_t l = cp < 0x80 ? 1 : ns_cp_at(w, n, j, &cp);
			int s = script_of(cp);
			if (s == SC_NONE) { j += l; continue; } /* digits: no script */
			letters[s]++;
			if (sc == SC_NONE) sc = s;
			if (s == sc && foreign_letter(s, cp)) alien = 1;
			j += l;
		}
		if (sc == SC_NONE) continue;
		tokens[sc]++;
		foreign[sc] += (uint32_t)alien;
		/* the lookups are most of the cost; a few hundred tokens decide */
		if (voted[sc] == LANG_VOTE_TOKENS) continue;
		voted[sc]++;
		if (sc == SC_LATIN) {
			unsigned mask = 0, k = 0;
			/* "com" is Portuguese "with", and the end of every web address */
			if (n == 3 && !memcmp(w, "com", 3)) continue;
			uint32_t in = wt_mask(w, n);
			if (!in) continue;
			for (int j = 0; j < LANG_NLATIN; j++)
				if (in & (latin_langs[j] ? 1u << latin_langs[j] : WT_OTHER)) {
					mask |= 1u << j;
					k++;
				}
			/* an English word that is a function word elsewhere ("war", "die",
			 * "u" of "U.S.") shares its vote with English, though it is not an
			 * English hit */
			unsigned share_en = mask && (in & WT_LOOKALIKE);
			k += share_en;
			if (share_en) score[0] += LANG_VOTE_UNIT / k;
			for (int j = 0; j < LANG_NLATIN; j++)
				if (mask >> j & 1) { score[j] += LANG_VOTE_UNIT / k; hits[latin_langs[j]]++; }
		} else if (script_lang[sc] != NS_LANG_UNKNOWN && (wt_mask(w, n) >> script_lang[sc] & 1)) {
			hits[script_lang[sc]]++;
		}
	}
	/* the script with the most letters; on a tie the first in enum order */
	int best = SC_NONE;
	for (int s = SC_LATIN; s < SC_COUNT; s++)
		if (letters[s] > letters[best]) best = s;
	if (best == SC_NONE || best == SC_OTHER || tokens[best] < NS_LANG_MIN_HITS) return NS_LANG_UNKNOWN;
	if ((uint64_t)foreign[best] * LANG_FOREIGN_DEN > tokens[best]) return NS_LANG_UNKNOWN;
	ns_lang l = script_lang[best];
	if (best == SC_LATIN) {
		int top = 0, tie = 0;
		for (int j = 1; j < LANG_NLATIN; j++) {
			if (score[j] > score[top]) { top = j; tie = 0; }
			else if (score[j] == score[top]) tie = 1;
		}
		l = latin_langs[top];
		if (tie || l == NS_LANG_UNKNOWN || hits[l] < NS_LANG_MIN_HITS) return NS_LANG_UNKNOWN;
	}
	if (voted[best] >= LANG_RATE_TOKENS && (uint64_t)hits[l] * LANG_RATE_DEN < voted[best]) return NS_LANG_UNKNOWN;
	return l;
}

/* ---- stemming ---- */

struct ns_stemmer {
	struct sb_stemmer *sb[NS_LANG_COUNT];
	unsigned char failed[NS_LANG_COUNT]; /* sb_stemmer_new returned NULL: do not retry every word */
	char *buf;                           /* the Russian word with its "й" restored */
	size_t cap;
};

ns_stemmer *ns_stemmer_create(void)
{
	return calloc(1, sizeof(ns_stemmer));
}

void ns_stemmer_destroy(ns_stemmer *s)
{
	if (!s) return;
	for (int l = 0; l < NS_LANG_COUNT; l++)
		if (s->sb[l]) sb_stemmer_delete(s->sb[l]);
	free(s->buf);
	free(s);
}

int ns_lang_has_stemmer(ns_lang l)
{
	return valid_lang(l) && (stem_names[l] != NULL || l == NS_LANG_CS);
}

/* Czech has no Snowball stemmer: a light one that strips one case or
 * number ending (on accent-stripped words, longest ending first), keeping at
 * least three letters, after the "light" stemmers of Dolamic & Savoy.  It
 * joins the forms of a noun or adjective ("volby", "voleb", "volbach"). */
static size_t cs_light_stem(const char *w, size_t n)
{
	static const char *const endings[] = {
		"atech", "etem", "atum", "ech", "ich", "ych", "ama", "ami", "emi", "ata", "aty", "ove", "ovi", "ymi",
		"imu", "emu", "ach", "um", "em", "im", "ym", "ou", "ho", "mi", "ov", "a", "e", "i", "o", "u", "y",
	};
	static const unsigned char elen[] = {5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	                                     2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1};
	_Static_assert(sizeof(elen) == sizeof(endings) / sizeof(endings[0]), "one length per ending");
	for (size_t k = 0; k < sizeof(endings) / sizeof(endings[0]); k++) {
		size_t el = elen[k];
		if (n >= el + 3 && !memcmp(w + n - el, endings[k], el)) return n - el;
	}
	return n;
}

/* Is the 2-byte UTF-8 sequence at p a Russian vowel (а е и о у ы э ю я)? */
static int ru_vowel(const unsigned char *p)
{
	if (p[0] == 0xD0) return p[1] == 0xB0 || p[1] == 0xB5 || p[1] == 0xB8 || p[1] == 0xBE;
	if (p[0] == 0xD1) return p[1] == 0x83 || p[1] == 0x8B || p[1] == 0x8D || p[1] == 0x8E || p[1] == 0x8F;
	return 0;
}

/* Accent stripping turned "й" (и + breve) into "и".  Word-final vowel + и
 * is, in Russian, nearly always vowel + й ("новый", "мой", "герой"); the few
 * plurals it catches ("мои", "герои") belong to the same word anyway.  The
 * stemmer knows the endings "ый", "ий", "ой" only with the breve. */
static const char *ru_restore_short_i(ns_stemmer *s, const char *w, size_t n)
{
	const unsigned char *u = (const unsigned char *)w;
	if (n < 4 || u[n - 2] != 0xD0 || u[n - 1] != 0xB8 || !ru_vowel(u + n - 4)) return w;
	if (ns_grow((void **)&s->buf, &s->cap, n, 1)) return w;
	memcpy(s->buf, w, n);
	s->buf[n - 1] = (char)0xB9; /* и U+0438 -> й U+0439 */
	return s->buf;
}

const char *ns_stem(ns_stemmer *s, ns_lang l, const char *w, size_t n, size_t *outlen)
{
	*outlen = n;
	if (l == NS_LANG_CS) { *outlen = cs_light_stem(w, n); return w; }
	if (!ns_lang_has_stemmer(l) || n == 0 || n > (size_t)INT_MAX || s->failed[l]) return w;
	if (!s->sb[l]) {
		s->sb[l] = sb_stemmer_new(stem_names[l], "UTF_8");
		if (!s->sb[l]) { s->failed[l] = 1; return w; }
	}
	const char *in = l == NS_LANG_RU ? ru_restore_short_i(s, w, n) : w;
	const sb_symbol *r = sb_stemmer_stem(s->sb[l], (const sb_symbol *)in, (int)n);
	if (!r) return w;
	*outlen = (size_t)sb_stemmer_length(s->sb[l]);
	return (const char *)r;
}
