/* newsift — scrubbing with built-in lists.
 *
 * Every table is written as people read it ("Publicité", "Διαφήμιση") and
 * put in normal form once, on first use (pthread_once): case folded with
 * compatibility decomposition (utf8proc), combining marks below U+0900 (the
 * accents of Latin, Greek and Cyrillic, Arabic and Hebrew vowel marks) and
 * the Devanagari nukta dropped, tatweel and format characters dropped,
 * every other character that is not a letter, digit or mark a word break.
 * A line goes through the same function, so the two meet.
 *
 * The normal forms go to one open-addressing hash table per list.  An entry
 * that matches a line or the start of a line is keyed by the hash of its
 * whole normal form: a line is looked up once per prefix of up to the
 * longest entry's word count, longest first.  A phrase entry is keyed by
 * its first word (with a salt): every word of the line is looked up once
 * and the phrases that start there are compared byte for byte.
 *
 * Most lines of an article are ordinary sentences, so the boilerplate
 * check costs little for them: a line of more than
 * NS_SCRUB_PHRASE_MAX_WORDS words is rejected after counting its spaces
 * (a text is cut into lines and their words counted in one pass, with
 * SSE2 where there is), and one of more than NS_SCRUB_START_MAX_WORDS words
 * (only phrases can match it) is normalised only when it holds a trigger:
 * for each strong phrase, a word of it as written (a known rare word such
 * as "cookie" when the phrase has one, else its longest run of letters that
 * neither case folding nor accent removal changes).  Triggers are found in
 * one pass over the bytes: the four bytes at every even offset, ASCII
 * letters folded by | 0x20, hashed and tested in a table of two chosen
 * windows of each trigger (at an even and at an odd offset, so a trigger of
 * five bytes or more is always seen), looked up in a hash table on a hit.
 * Before that, exact prefilters skip the work for lines that cannot match
 * (a superset test: a line that passes takes the full way).  The normal
 * words of a line of ASCII bytes are its runs of letters and digits,
 * lower-cased; such a line is normalised only when its first word or two
 * start a line-role entry (by their hashes) or it holds the anchor of a
 * phrase, a whole word of it, looked for at every fourth offset.  Other
 * lines are normalised and tested by the hashes of their words.  Metadata
 * is parsed only in a line whose first word can open a field.
 *
 * Metadata lines are parsed field by field (label, byline, date, time, time
 * zone, weekday, "N hours ago", outlet after a byline, section before a
 * date) over the words of
 * the line's normal form, with the punctuation read from the line as
 * written; the words of the fields (months, labels, connectors) are another
 * table.  Pages that are not articles are judged line by line with a table
 * of page notices, by the share of the words in notice lines. */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "newsift/scrub.h"

#define SC_N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* The boilerplate table.                                              */

#define LN(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_LINE }
#define ST(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_START }
#define MK(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_START_MARK }
#define AT(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_START_AT }
#define PH(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_PHRASE }
#define SU(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_SUPPORT }
#define WD(t, l, k) { t, l, NS_SCRUB_##k, NS_SCRUB_WORD }

/* Twitter's notice under an embedded tweet's location button. */
#define TWITTER_LOCATION "You can add location information to your Tweets, such as your city or precise location, " \
	"from the web and via third-party applications. You always have the option to delete your Tweet location history."

static const ns_scrub_entry boiler_tab[] = {
	/* ---- English ---- */
	LN("Advertisement", "en", ADVERT), LN("Advertisements", "en", ADVERT), LN("Advertisment", "en", ADVERT),
	LN("Advertisemnt", "en", ADVERT), LN("Advertisemet", "en", ADVERT),
	LN("Advertisment - scroll to continue", "en", ADVERT),
	LN("Advert", "en", ADVERT), LN("Adverts", "en", ADVERT), LN("Ad", "en", ADVERT), LN("Ads", "en", ADVERT),
	LN("Sponsored", "en", ADVERT), LN("Sponsored content", "en", ADVERT), LN("Sponsored post", "en", ADVERT),
	LN("Paid content", "en", ADVERT), LN("Paid post", "en", ADVERT), LN("Promoted", "en", ADVERT),
	LN("Promoted content", "en", ADVERT), LN("Partner content", "en", ADVERT), LN("Skip advertisement", "en", ADVERT),
	LN("Skip ad", "en", ADVERT), LN("Advertisement - scroll to continue", "en", ADVERT),
	LN("Scroll to continue with content", "en", ADVERT), LN("Story continues below advertisement", "en", ADVERT),
	LN("Article continues below advertisement", "en", ADVERT), LN("Story continues below", "en", ADVERT),
	LN("Article continues below", "en", ADVERT), LN("Continue reading the main story", "en", ADVERT),
	LN("Content continues below", "en", ADVERT), LN("Ad feedback", "en", ADVERT), LN("Remove ads", "en", ADVERT),
	LN("Advertise with us", "en", ADVERT), LN("Report this ad", "en", ADVERT),
	LN("Advertisement - Continue reading below", "en", ADVERT), LN("Story continued below", "en", ADVERT),
	LN("Advertisement Continue reading the main story", "en", ADVERT),

	MK("Share", "en", SHARE), LN("Share this", "en", SHARE), LN("Share this article", "en", SHARE),
	LN("Share this story", "en", SHARE), LN("Share this page", "en", SHARE), LN("Share this post", "en", SHARE),
	LN("Share article", "en", SHARE), LN("Share story", "en", SHARE), LN("Share full article", "en", SHARE),
	LN("Share options", "en", SHARE), ST("Share on", "en", SHARE), ST("Share via", "en", SHARE),
	LN("Share by email", "en", SHARE), ST("Share this with", "en", SHARE), LN("Tweet", "en", SHARE),
	LN("Copy link", "en", SHARE), LN("Copy article link", "en", SHARE), LN("Link copied", "en", SHARE),
	WD("Facebook", "", SHARE), WD("Twitter", "", SHARE), WD("WhatsApp", "", SHARE), WD("LinkedIn", "", SHARE),
	WD("Pinterest", "", SHARE), WD("Reddit", "", SHARE), WD("Telegram", "", SHARE), WD("Messenger", "", SHARE),
	WD("Flipboard", "", SHARE), WD("Bluesky", "", SHARE), WD("Threads", "", SHARE), WD("Mail", "", SHARE),

	MK("Read more", "en", READ_MORE), MK("Read also", "en", READ_MORE), MK("Also read", "en", READ_MORE),
	MK("See also", "en", READ_MORE), MK("Related", "en", READ_MORE), LN("Related articles", "en", READ_MORE),
	LN("Related stories", "en", READ_MORE), LN("Related content", "en", READ_MORE),
	LN("Related coverage", "en", READ_MORE),
	LN("Related news", "en", READ_MORE), LN("Related topics", "en", READ_MORE), LN("More on this story", "en", READ_MORE),
	LN("More stories", "en", READ_MORE), MK("More on this", "en", READ_MORE), MK("Recommended", "en", READ_MORE),
	LN("Recommended for you", "en", READ_MORE), LN("Recommended stories", "en", READ_MORE),
	LN("Most read", "en", READ_MORE),
	LN("Most popular", "en", READ_MORE), LN("Most viewed", "en", READ_MORE), LN("Popular now", "en", READ_MORE),
	LN("Trending", "en", READ_MORE), LN("Trending now", "en", READ_MORE), LN("Top stories", "en", READ_MORE),
	LN("Latest stories", "en", READ_MORE), LN("Latest news", "en", READ_MORE), MK("Continue reading", "en", READ_MORE),
	LN("Continue reading below", "en", READ_MORE), LN("Read the full story", "en", READ_MORE),
	LN("Read full story", "en", READ_MORE), LN("Read full article", "en", READ_MORE),
	LN("Read the full article", "en", READ_MORE), MK("Read next", "en", READ_MORE), MK("Up next", "en", READ_MORE),
	LN("What to read next", "en", READ_MORE), LN("You may also like", "en", READ_MORE),
	LN("You might also like", "en", READ_MORE), LN("You may be interested in", "en", READ_MORE),
	LN("Don't miss", "en", READ_MORE), LN("Must read", "en", READ_MORE), LN("Editor's picks", "en", READ_MORE),
	LN("Further reading", "en", READ_MORE), MK("Also", "en", READ_MORE), ST("Click here to", "en", READ_MORE),
	ST("Click here for", "en", READ_MORE),

	MK("Subscribe", "en", SUBSCRIBE), LN("Subscribe now", "en", SUBSCRIBE), LN("Subscribe today", "en", SUBSCRIBE),
	LN("Subscribe here", "en", SUBSCRIBE), ST("Subscribe to our", "en", SUBSCRIBE),
	ST("Subscribe now for", "en", SUBSCRIBE),
	LN("Sign up", "en", SUBSCRIBE), LN("Sign up now", "en", SUBSCRIBE), LN("Sign in", "en", SUBSCRIBE),
	LN("Log in", "en", SUBSCRIBE), LN("Login", "en", SUBSCRIBE), LN("Log out", "en", SUBSCRIBE),
	LN("Register", "en", SUBSCRIBE), LN("Create an account", "en", SUBSCRIBE),
	LN("Create a free account", "en", SUBSCRIBE),
	LN("Become a member", "en", SUBSCRIBE), LN("Become a subscriber", "en", SUBSCRIBE), LN("Support us", "en", SUBSCRIBE),
	LN("Donate", "en", SUBSCRIBE), LN("Support our journalism", "en", SUBSCRIBE),
	ST("Already a subscriber", "en", SUBSCRIBE),
	LN("Already have an account", "en", SUBSCRIBE), LN("Subscribers only", "en", SUBSCRIBE),
	LN("Unlock this article", "en", SUBSCRIBE), LN("Get unlimited access", "en", SUBSCRIBE),
	LN("Start your free trial", "en", SUBSCRIBE),

	MK("Newsletter", "en", NEWSLETTER), LN("Newsletters", "en", NEWSLETTER), LN("Newsletter sign-up", "en", NEWSLETTER),
	LN("Newsletter signup", "en", NEWSLETTER), ST("Sign up for our", "en", NEWSLETTER),
	ST("Sign up to our", "en", NEWSLETTER),
	ST("Sign up to receive", "en", NEWSLETTER),
	ST("Subscribe to our newsletter", "en", NEWSLETTER), ST("Get our newsletter", "en", NEWSLETTER),
	ST("Get the newsletter", "en", NEWSLETTER), LN("Enter your email address", "en", NEWSLETTER),
	LN("Enter your email", "en", NEWSLETTER), LN("Your email address", "en", NEWSLETTER),
	PH("sign up for our newsletter", "en", NEWSLETTER), PH("sign up to our newsletter", "en", NEWSLETTER),
	PH("subscribe to our newsletter", "en", NEWSLETTER), PH("our newsletter", "en", NEWSLETTER),
	PH("delivered to your inbox", "en", NEWSLETTER), PH("straight to your inbox", "en", NEWSLETTER),
	PH("newsletter sign up", "en", NEWSLETTER), PH("daily newsletter", "en", NEWSLETTER),
	PH("join our mailing list", "en", NEWSLETTER),
	SU("sign up", "en", NEWSLETTER), SU("by signing up", "en", NEWSLETTER), SU("you agree to our", "en", NEWSLETTER),
	SU("privacy policy", "en", NEWSLETTER), SU("terms of use", "en", NEWSLETTER), SU("terms of service", "en", NEWSLETTER),
	SU("you can unsubscribe at any time", "en", NEWSLETTER), SU("unsubscribe at any time", "en", NEWSLETTER),
	SU("thank you for signing up", "en", NEWSLETTER), SU("thanks for signing up", "en", NEWSLETTER),
	SU("get the latest", "en", NEWSLETTER), SU("the latest news", "en", NEWSLETTER), SU("every morning", "en", NEWSLETTER),
	SU("every day", "en", NEWSLETTER), SU("email address", "en", NEWSLETTER), SU("enter your email", "en", NEWSLETTER),
	SU("your email", "en", NEWSLETTER), SU("for free", "en", NEWSLETTER), SU("daily", "en", NEWSLETTER),
	SU("weekly", "en", NEWSLETTER), SU("the best of", "en", NEWSLETTER), SU("newsletter", "", NEWSLETTER),
	SU("sign up for", "en", NEWSLETTER), SU("top stories", "en", NEWSLETTER), SU("breaking news", "en", NEWSLETTER),
	SU("and get", "en", NEWSLETTER), SU("keep up to date", "en", NEWSLETTER),
	SU("fill in your contact details in the form below", "en", NEWSLETTER),

	LN("Accept", "en", COOKIE), LN("Accept all", "en", COOKIE), LN("Reject all", "en", COOKIE),
	LN("Accept cookies", "en", COOKIE), LN("Accept all cookies", "en", COOKIE), LN("Allow all", "en", COOKIE),
	LN("Allow cookies", "en", COOKIE), LN("Allow all cookies", "en", COOKIE), LN("Cookie settings", "en", COOKIE),
	LN("Cookie policy", "en", COOKIE), LN("Cookies policy", "en", COOKIE), LN("Manage cookies", "en", COOKIE),
	LN("Manage consent", "en", COOKIE), LN("Manage preferences", "en", COOKIE), LN("Manage options", "en", COOKIE),
	LN("Privacy settings", "en", COOKIE), LN("Privacy policy", "en", COOKIE), LN("Got it", "en", COOKIE),
	LN("I agree", "en", COOKIE), LN("I accept", "en", COOKIE), LN("We value your privacy", "en", COOKIE),
	LN("Do not sell my personal information", "en", COOKIE),
	LN("Do not sell or share my personal information", "en", COOKIE),
	PH("we use cookies", "en", COOKIE), PH("this site uses cookies", "en", COOKIE),
	PH("this website uses cookies", "en", COOKIE), PH("our site uses cookies", "en", COOKIE),
	PH("our website uses cookies", "en", COOKIE), PH("uses cookies", "en", COOKIE), PH("use of cookies", "en", COOKIE),
	PH("accept cookies", "en", COOKIE), PH("accept all cookies", "en", COOKIE), PH("allow cookies", "en", COOKIE),
	PH("cookie policy", "en", COOKIE), PH("cookies policy", "en", COOKIE), PH("cookie settings", "en", COOKIE),
	PH("cookie preferences", "en", COOKIE), PH("cookie notice", "en", COOKIE), PH("cookie statement", "en", COOKIE),
	PH("manage cookies", "en", COOKIE), PH("by continuing to browse", "en", COOKIE),
	PH("by continuing to use this site", "en", COOKIE), PH("by continuing to use our site", "en", COOKIE),
	PH("by continuing to use this website", "en", COOKIE), PH("by continuing to use our website", "en", COOKIE),
	PH("we value your privacy", "en", COOKIE), PH("manage consent", "en", COOKIE),
	PH("and similar technologies", "en", COOKIE), PH("store and/or access information on a device", "en", COOKIE),
	PH("personalised ads and content", "en", COOKIE), PH("personalized ads and content", "en", COOKIE),
	PH("ad and content measurement", "en", COOKIE), PH("audience insights and product development", "en", COOKIE),
	SU("you agree", "en", COOKIE), SU("you are agreeing", "en", COOKIE), SU("you accept", "en", COOKIE),
	SU("you consent to", "en", COOKIE), SU("to give you the best experience", "en", COOKIE),
	SU("to give you the best possible experience", "en", COOKIE),
	SU("to ensure you get the best experience", "en", COOKIE),
	SU("to ensure that we give you the best experience", "en", COOKIE), SU("to improve your experience", "en", COOKIE),
	SU("to enhance your experience", "en", COOKIE), SU("to improve your browsing experience", "en", COOKIE),
	SU("to personalise content and ads", "en", COOKIE), SU("to personalize content and ads", "en", COOKIE),
	SU("to analyse our traffic", "en", COOKIE), SU("to analyze our traffic", "en", COOKIE),
	SU("social media features", "en", COOKIE), SU("find out more", "en", COOKIE), SU("learn more", "en", COOKIE),
	SU("more information", "en", COOKIE), SU("more info", "en", COOKIE), SU("read more", "en", COOKIE),
	SU("privacy policy", "en", COOKIE), SU("our partners", "en", COOKIE), SU("we and our partners", "en", COOKIE),
	SU("third parties", "en", COOKIE), SU("on our website", "en", COOKIE), SU("on our site", "en", COOKIE),
	SU("this site", "en", COOKIE), SU("this website", "en", COOKIE), SU("our website", "en", COOKIE),
	SU("our site", "en", COOKIE), SU("the site", "en", COOKIE), SU("accept", "en", COOKIE), SU("ok", "en", COOKIE),
	SU("got it", "en", COOKIE), SU("i agree", "en", COOKIE), SU("i accept", "en", COOKIE), SU("reject", "en", COOKIE),
	SU("decline", "en", COOKIE), SU("settings", "en", COOKIE), SU("preferences", "en", COOKIE), SU("close", "en", COOKIE),
	SU("cookies", "", COOKIE), SU("cookie", "", COOKIE), SU("to our", "en", COOKIE), SU("personal data", "en", COOKIE),

	MK("Photo", "en", PHOTO_CREDIT), MK("Photos", "en", PHOTO_CREDIT), MK("Image", "en", PHOTO_CREDIT),
	MK("Images", "en", PHOTO_CREDIT), MK("Picture", "en", PHOTO_CREDIT), MK("Pictures", "en", PHOTO_CREDIT),
	MK("Photograph", "en", PHOTO_CREDIT), MK("Photography", "en", PHOTO_CREDIT), MK("Illustration", "en", PHOTO_CREDIT),
	MK("Credit", "en", PHOTO_CREDIT), MK("Credits", "en", PHOTO_CREDIT), MK("Caption", "en", PHOTO_CREDIT),
	MK("Source", "en", PHOTO_CREDIT), MK("Video", "en", PHOTO_CREDIT), MK("Getty Images", "", PHOTO_CREDIT),
	MK("AP Photo", "en", PHOTO_CREDIT), ST("Photo by", "en", PHOTO_CREDIT), ST("Photos by", "en", PHOTO_CREDIT),
	ST("Image by", "en", PHOTO_CREDIT), ST("Photograph by", "en", PHOTO_CREDIT), ST("Photo credit", "en", PHOTO_CREDIT),
	ST("Photo courtesy of", "en", PHOTO_CREDIT), ST("Image courtesy of", "en", PHOTO_CREDIT),
	ST("Image copyright", "en", PHOTO_CREDIT), ST("Image caption", "en", PHOTO_CREDIT),
	ST("Image source", "en", PHOTO_CREDIT),
	ST("Media caption", "en", PHOTO_CREDIT), ST("Photo illustration", "en", PHOTO_CREDIT),
	ST("File photo", "en", PHOTO_CREDIT),

	MK("Copyright", "en", COPYRIGHT), LN("All rights reserved", "en", COPYRIGHT),
	LN("This material may not be published, broadcast, rewritten or redistributed", "en", COPYRIGHT),

	LN("View this post on Instagram", "en", SOCIAL), LN("View on Instagram", "en", SOCIAL),
	LN("View on Twitter", "en", SOCIAL), LN("View on X", "en", SOCIAL), LN("View on Facebook", "en", SOCIAL),
	LN("Watch on YouTube", "en", SOCIAL), LN("Watch on TikTok", "en", SOCIAL), MK("Follow us", "en", SOCIAL),
	ST("Follow us on", "en", SOCIAL), ST("Join us on Facebook", "en", SOCIAL),
	LN("Add a location to your Tweets", "en", SOCIAL), AT("Follow", "en", SOCIAL),
	LN("Tweet with a location", "en", SOCIAL), ST("Like us on Facebook", "en", SOCIAL),
	AT("A post shared by", "en", SOCIAL),
	ST("Skip Twitter post", "en", SOCIAL), ST("Skip X post", "en", SOCIAL), ST("Skip Instagram post", "en", SOCIAL),
	ST("Skip Facebook post", "en", SOCIAL), ST("Skip YouTube post", "en", SOCIAL), ST("Skip TikTok post", "en", SOCIAL),
	ST("End of Twitter post", "en", SOCIAL), ST("End of X post", "en", SOCIAL), ST("End of Instagram post", "en", SOCIAL),
	ST("End of Facebook post", "en", SOCIAL), ST("End of YouTube post", "en", SOCIAL),
	ST("End of TikTok post", "en", SOCIAL),
	PH(TWITTER_LOCATION, "en", SOCIAL), PH("you can add location information to your Tweets", "en", SOCIAL),
	PH("you always have the option to delete your Tweet location history", "en", SOCIAL),
	PH("when you tweet with a location, Twitter stores that location", "en", SOCIAL),
	PH("you can switch location on/off before each Tweet", "en", SOCIAL),
	SU("and always have the option to delete your location history", "en", SOCIAL),
	PH("view this post on Instagram", "en", SOCIAL), PH("this content is not available", "en", SOCIAL),
	PH("this content is currently unavailable", "en", SOCIAL),
	PH("this article contains content provided by", "en", SOCIAL),
	PH("we ask for your permission before anything is loaded", "en", SOCIAL),
	SU("a post shared by", "en", SOCIAL), SU("in your region", "en", SOCIAL),
	SU("due to your privacy preferences", "en", SOCIAL), SU("update your settings here to see it", "en", SOCIAL),
	SU("update your settings", "en", SOCIAL), SU("such as your city or precise location", "en", SOCIAL),
	SU("from the web and via third-party applications", "en", SOCIAL),
	SU("as they may be using cookies and other technologies", "en", SOCIAL), SU("accept and continue", "en", SOCIAL),
	SU("you may want to read", "en", SOCIAL), SU("before accepting", "en", SOCIAL),
	SU("to view this content", "en", SOCIAL),
	SU("learn more", "en", SOCIAL), SU("allow", "en", SOCIAL), SU("like us", "en", SOCIAL),
	SU("and you'll find top breaking news in your Facebook newsfeed", "en", SOCIAL),

	PH("please enable JavaScript", "en", JAVASCRIPT), PH("enable JavaScript", "en", JAVASCRIPT),
	PH("JavaScript is disabled", "en", JAVASCRIPT), PH("JavaScript is required", "en", JAVASCRIPT),
	PH("requires JavaScript", "en", JAVASCRIPT), PH("JavaScript must be enabled", "en", JAVASCRIPT),
	PH("turn on JavaScript", "en", JAVASCRIPT), PH("you need to enable JavaScript", "en", JAVASCRIPT),
	PH("JavaScript is not enabled", "en", JAVASCRIPT), PH("JavaScript enabled", "en", JAVASCRIPT),
	PH("supports HTML5 video", "en", JAVASCRIPT), PH("media playback is unsupported on your device", "en", JAVASCRIPT),
	PH("this video can not be played", "en", JAVASCRIPT), PH("this video cannot be played", "en", JAVASCRIPT),
	PH("your browser does not support the video tag", "en", JAVASCRIPT),
	SU("to view this video", "en", JAVASCRIPT), SU("and consider upgrading to a web browser that", "en", JAVASCRIPT),
	SU("upgrade your browser", "en", JAVASCRIPT), SU("in your browser", "en", JAVASCRIPT),
	SU("your browser", "en", JAVASCRIPT),
	SU("please", "en", JAVASCRIPT), SU("to play this video you need to", "en", JAVASCRIPT),
	SU("and reload the page", "en", JAVASCRIPT), SU("and refresh the page", "en", JAVASCRIPT),
	SU("to run this app", "en", JAVASCRIPT), SU("to continue", "en", JAVASCRIPT), SU("to use this site", "en", JAVASCRIPT),
	SU("to view the comments powered by Disqus", "en", JAVASCRIPT), SU("in order to", "en", JAVASCRIPT),
	SU("to view this content", "en", JAVASCRIPT), SU("to watch this video", "en", JAVASCRIPT),

	LN("Print", "en", PAGE_TOOL), LN("Print this article", "en", PAGE_TOOL), LN("Print article", "en", PAGE_TOOL),
	LN("Print this page", "en", PAGE_TOOL), LN("Email", "en", PAGE_TOOL), LN("Email this article", "en", PAGE_TOOL),
	LN("E-mail", "en", PAGE_TOOL), MK("Comments", "en", PAGE_TOOL), LN("Comment", "en", PAGE_TOOL),
	LN("Leave a comment", "en", PAGE_TOOL), LN("Add a comment", "en", PAGE_TOOL), LN("Post a comment", "en", PAGE_TOOL),
	LN("Show comments", "en", PAGE_TOOL), LN("View comments", "en", PAGE_TOOL), LN("Hide comments", "en", PAGE_TOOL),
	LN("Join the conversation", "en", PAGE_TOOL), ST("Listen to this article", "en", PAGE_TOOL),
	LN("Listen", "en", PAGE_TOOL), LN("Listen to article", "en", PAGE_TOOL), LN("Listen to this story", "en", PAGE_TOOL),
	LN("Save", "en", PAGE_TOOL), LN("Save article", "en", PAGE_TOOL), LN("Save for later", "en", PAGE_TOOL),
	LN("Saved", "en", PAGE_TOOL), LN("Bookmark", "en", PAGE_TOOL), LN("Font size", "en", PAGE_TOOL),
	LN("Text size", "en", PAGE_TOOL), LN("Back to top", "en", PAGE_TOOL), LN("Skip to main content", "en", PAGE_TOOL),
	LN("Skip to content", "en", PAGE_TOOL), LN("Skip to navigation", "en", PAGE_TOOL), LN("Close", "en", PAGE_TOOL),
	LN("Menu", "en", PAGE_TOOL), LN("Search", "en", PAGE_TOOL), LN("Loading", "en", PAGE_TOOL),
	LN("Expand", "en", PAGE_TOOL), LN("Collapse", "en", PAGE_TOOL), LN("Show more", "en", PAGE_TOOL),
	LN("Show less", "en", PAGE_TOOL), LN("Load more", "en", PAGE_TOOL), LN("Gift this article", "en", PAGE_TOOL),
	LN("Give this article", "en", PAGE_TOOL), LN("Gift article", "en", PAGE_TOOL),
	LN("Enlarge this image", "en", PAGE_TOOL),
	LN("Toggle caption", "en", PAGE_TOOL), LN("Hide caption", "en", PAGE_TOOL), MK("Reading time", "en", PAGE_TOOL),
	LN("Comments are closed", "en", PAGE_TOOL), ST("Have a news tip", "en", PAGE_TOOL),
	ST("Have a tip we should know", "en", PAGE_TOOL), LN("From Wikipedia, the free encyclopedia", "en", PAGE_TOOL),

	/* ---- French ---- */
	LN("Publicité", "fr", ADVERT), LN("Pub", "fr", ADVERT), LN("Contenu sponsorisé", "fr", ADVERT),
	LN("Sponsorisé", "fr", ADVERT), LN("Contenu partenaire", "fr", ADVERT),
	LN("La suite après cette publicité", "fr", ADVERT), LN("L'article continue ci-dessous", "fr", ADVERT),
	MK("Partager", "fr", SHARE), LN("Partager cet article", "fr", SHARE), LN("Partager sur Facebook", "fr", SHARE),
	LN("Partager sur Twitter", "fr", SHARE), LN("Partager sur X", "fr", SHARE), LN("Partager sur WhatsApp", "fr", SHARE),
	LN("Partager sur LinkedIn", "fr", SHARE),
	LN("Copier le lien", "fr", SHARE),
	ST("Lire aussi", "fr", READ_MORE), ST("À lire aussi", "fr", READ_MORE), MK("Lire la suite", "fr", READ_MORE),
	MK("Voir aussi", "fr", READ_MORE), MK("Sur le même sujet", "fr", READ_MORE), LN("Lire plus", "fr", READ_MORE),
	LN("Les plus lus", "fr", READ_MORE), MK("À voir aussi", "fr", READ_MORE), ST("Lisez aussi", "fr", READ_MORE),
	LN("S'abonner", "fr", SUBSCRIBE), LN("Abonnez-vous", "fr", SUBSCRIBE), LN("Je m'abonne", "fr", SUBSCRIBE),
	LN("Se connecter", "fr", SUBSCRIBE), LN("Connexion", "fr", SUBSCRIBE), MK("Déjà abonné", "fr", SUBSCRIBE),
	ST("Inscrivez-vous à notre newsletter", "fr", NEWSLETTER), ST("Recevez notre newsletter", "fr", NEWSLETTER),
	ST("Abonnez-vous à notre newsletter", "fr", NEWSLETTER), PH("inscrivez-vous à notre newsletter", "fr", NEWSLETTER),
	PH("recevez notre newsletter", "fr", NEWSLETTER),
	LN("Tout accepter", "fr", COOKIE), LN("Tout refuser", "fr", COOKIE), LN("Paramétrer les cookies", "fr", COOKIE),
	LN("Gérer les cookies", "fr", COOKIE), LN("Accepter et fermer", "fr", COOKIE),
	LN("Continuer sans accepter", "fr", COOKIE),
	PH("nous utilisons des cookies", "fr", COOKIE), PH("ce site utilise des cookies", "fr", COOKIE),
	PH("utilisation des cookies", "fr", COOKIE), PH("accepter les cookies", "fr", COOKIE),
	PH("politique de cookies", "fr", COOKIE), PH("en poursuivant votre navigation", "fr", COOKIE),
	PH("gérer les cookies", "fr", COOKIE),
	SU("vous acceptez", "fr", COOKIE), SU("pour vous offrir", "fr", COOKIE), SU("la meilleure expérience", "fr", COOKIE),
	SU("en savoir plus", "fr", COOKIE), SU("sur notre site", "fr", COOKIE), SU("nos partenaires", "fr", COOKIE),
	LN("Voir cette publication sur Instagram", "fr", SOCIAL), ST("Suivez-nous sur", "fr", SOCIAL),
	AT("Une publication partagée par", "fr", SOCIAL), PH("voir cette publication sur Instagram", "fr", SOCIAL),
	PH("veuillez activer JavaScript", "fr", JAVASCRIPT), PH("activer JavaScript", "fr", JAVASCRIPT),
	PH("activez JavaScript", "fr", JAVASCRIPT),
	LN("Imprimer", "fr", PAGE_TOOL), MK("Commentaires", "fr", PAGE_TOOL), LN("Écouter cet article", "fr", PAGE_TOOL),
	LN("Réagir", "fr", PAGE_TOOL), LN("Partager par e-mail", "fr", SHARE),
	ST("Crédit photo", "fr", PHOTO_CREDIT), ST("Crédits photo", "fr", PHOTO_CREDIT), MK("Légende", "fr", PHOTO_CREDIT),
	LN("Tous droits réservés", "fr", COPYRIGHT),

	/* ---- German ---- */
	LN("Anzeige", "de", ADVERT), LN("Werbung", "de", ADVERT), LN("Gesponsert", "de", ADVERT),
	LN("Weiter nach der Anzeige", "de", ADVERT), LN("Artikel wird nach der Anzeige fortgesetzt", "de", ADVERT),
	MK("Teilen", "de", SHARE), LN("Artikel teilen", "de", SHARE), LN("Beitrag teilen", "de", SHARE),
	LN("Auf Facebook teilen", "de", SHARE), LN("Auf X teilen", "de", SHARE), LN("Auf Twitter teilen", "de", SHARE),
	LN("Per WhatsApp teilen", "de", SHARE), LN("Per E-Mail teilen", "de", SHARE), LN("Link kopieren", "de", SHARE),
	ST("Lesen Sie auch", "de", READ_MORE), ST("Lesen Sie mehr", "de", READ_MORE), MK("Mehr zum Thema", "de", READ_MORE),
	MK("Auch interessant", "de", READ_MORE), LN("Weiterlesen", "de", READ_MORE), LN("Mehr lesen", "de", READ_MORE),
	LN("Das könnte Sie auch interessieren", "de", READ_MORE), LN("Meistgelesen", "de", READ_MORE),
	MK("Lesetipp", "de", READ_MORE),
	LN("Abonnieren", "de", SUBSCRIBE), LN("Jetzt abonnieren", "de", SUBSCRIBE), LN("Anmelden", "de", SUBSCRIBE),
	LN("Registrieren", "de", SUBSCRIBE), LN("Einloggen", "de", SUBSCRIBE), MK("Bereits Abonnent", "de", SUBSCRIBE),
	LN("Newsletter abonnieren", "de", NEWSLETTER), ST("Melden Sie sich für unseren Newsletter an", "de", NEWSLETTER),
	ST("Zum Newsletter anmelden", "de", NEWSLETTER), PH("newsletter abonnieren", "de", NEWSLETTER),
	LN("Alle akzeptieren", "de", COOKIE), LN("Alle ablehnen", "de", COOKIE), LN("Cookie-Einstellungen", "de", COOKIE),
	LN("Einstellungen verwalten", "de", COOKIE), LN("Zustimmen", "de", COOKIE), LN("Akzeptieren", "de", COOKIE),
	PH("wir verwenden Cookies", "de", COOKIE), PH("wir nutzen Cookies", "de", COOKIE),
	PH("diese Website verwendet Cookies", "de", COOKIE), PH("diese Webseite verwendet Cookies", "de", COOKIE),
	PH("Cookies akzeptieren", "de", COOKIE), PH("Cookie-Einstellungen", "de", COOKIE),
	PH("Verwendung von Cookies", "de", COOKIE), PH("Einsatz von Cookies", "de", COOKIE),
	SU("Datenschutzerklärung", "de", COOKIE), SU("mehr erfahren", "de", COOKIE), SU("Sie stimmen", "de", COOKIE),
	SU("auf unserer Website", "de", COOKIE), SU("unsere Partner", "de", COOKIE),
	LN("Diesen Beitrag auf Instagram ansehen", "de", SOCIAL), ST("Folgen Sie uns auf", "de", SOCIAL),
	AT("Ein Beitrag geteilt von", "de", SOCIAL), PH("diesen Beitrag auf Instagram ansehen", "de", SOCIAL),
	PH("bitte aktivieren Sie JavaScript", "de", JAVASCRIPT), PH("JavaScript aktivieren", "de", JAVASCRIPT),
	PH("JavaScript ist deaktiviert", "de", JAVASCRIPT),
	LN("Drucken", "de", PAGE_TOOL), MK("Kommentare", "de", PAGE_TOOL), LN("Artikel vorlesen", "de", PAGE_TOOL),
	LN("Artikel anhören", "de", PAGE_TOOL), LN("Merken", "de", PAGE_TOOL), LN("Artikel merken", "de", PAGE_TOOL),
	MK("Foto", "de", PHOTO_CREDIT), MK("Bild", "de", PHOTO_CREDIT), MK("Bildquelle", "de", PHOTO_CREDIT),
	MK("Quelle", "de", PHOTO_CREDIT), LN("Alle Rechte vorbehalten", "de", COPYRIGHT),

	/* ---- Spanish ---- */
	LN("Publicidad", "es", ADVERT), LN("Anuncio", "es", ADVERT), LN("Contenido patrocinado", "es", ADVERT),
	LN("Patrocinado", "es", ADVERT),
	MK("Compartir", "es", SHARE), LN("Compartir en Facebook", "es", SHARE), LN("Compartir en Twitter", "es", SHARE),
	LN("Compartir en X", "es", SHARE), LN("Compartir en WhatsApp", "es", SHARE), LN("Comparte este artículo", "es", SHARE),
	LN("Compartir esta noticia", "es", SHARE),
	MK("Leer más", "es", READ_MORE), ST("Lee también", "es", READ_MORE), ST("Lea también", "es", READ_MORE),
	MK("Te puede interesar", "es", READ_MORE), MK("Ver también", "es", READ_MORE),
	MK("Noticias relacionadas", "es", READ_MORE), LN("Seguir leyendo", "es", READ_MORE),
	LN("Lo más leído", "es", READ_MORE),
	LN("Suscríbete", "es", SUBSCRIBE), LN("Suscribirse", "es", SUBSCRIBE), LN("Iniciar sesión", "es", SUBSCRIBE),
	LN("Regístrate", "es", SUBSCRIBE), ST("¿Ya eres suscriptor", "es", SUBSCRIBE),
	ST("Suscríbete a nuestro boletín", "es", NEWSLETTER), ST("Suscríbete a nuestra newsletter", "es", NEWSLETTER),
	LN("Boletín", "es", NEWSLETTER), PH("suscríbete a nuestro boletín", "es", NEWSLETTER),
	LN("Aceptar todo", "es", COOKIE), LN("Rechazar todo", "es", COOKIE), LN("Aceptar cookies", "es", COOKIE),
	LN("Configurar cookies", "es", COOKIE), LN("Aceptar", "es", COOKIE),
	PH("utilizamos cookies", "es", COOKIE), PH("usamos cookies", "es", COOKIE),
	PH("este sitio web utiliza cookies", "es", COOKIE), PH("este sitio utiliza cookies", "es", COOKIE),
	PH("política de cookies", "es", COOKIE), PH("aceptar cookies", "es", COOKIE), PH("uso de cookies", "es", COOKIE),
	SU("si continúa navegando", "es", COOKIE), SU("consideramos que acepta", "es", COOKIE),
	SU("más información", "es", COOKIE),
	SU("para mejorar", "es", COOKIE), SU("su experiencia", "es", COOKIE),
	LN("Ver esta publicación en Instagram", "es", SOCIAL), ST("Síguenos en", "es", SOCIAL),
	AT("Una publicación compartida de", "es", SOCIAL), AT("Una publicación compartida por", "es", SOCIAL),
	PH("ver esta publicación en Instagram", "es", SOCIAL),
	PH("por favor habilita JavaScript", "es", JAVASCRIPT), PH("habilita JavaScript", "es", JAVASCRIPT),
	PH("habilite JavaScript", "es", JAVASCRIPT), PH("activa JavaScript", "es", JAVASCRIPT),
	LN("Imprimir", "es", PAGE_TOOL), MK("Comentarios", "es", PAGE_TOOL), LN("Escuchar este artículo", "es", PAGE_TOOL),
	LN("Escuchar", "es", PAGE_TOOL), LN("Guardar", "es", PAGE_TOOL),
	MK("Imagen", "es", PHOTO_CREDIT), MK("Fuente", "es", PHOTO_CREDIT),
	LN("Todos los derechos reservados", "es", COPYRIGHT),

	/* ---- Italian ---- */
	LN("Pubblicità", "it", ADVERT), LN("Contenuto sponsorizzato", "it", ADVERT), LN("Sponsorizzato", "it", ADVERT),
	MK("Condividi", "it", SHARE), LN("Condividi su Facebook", "it", SHARE), LN("Condividi su Twitter", "it", SHARE),
	LN("Condividi su X", "it", SHARE), LN("Condividi su WhatsApp", "it", SHARE),
	LN("Condividi questo articolo", "it", SHARE),
	ST("Leggi anche", "it", READ_MORE), MK("Leggi di più", "it", READ_MORE), LN("Leggi tutto", "it", READ_MORE),
	MK("Potrebbe interessarti", "it", READ_MORE), MK("Articoli correlati", "it", READ_MORE),
	LN("I più letti", "it", READ_MORE),
	LN("Abbonati", "it", SUBSCRIBE), LN("Iscriviti", "it", SUBSCRIBE), LN("Accedi", "it", SUBSCRIBE),
	LN("Registrati", "it", SUBSCRIBE), MK("Sei già abbonato", "it", SUBSCRIBE),
	ST("Iscriviti alla newsletter", "it", NEWSLETTER), PH("iscriviti alla newsletter", "it", NEWSLETTER),
	LN("Accetta tutti", "it", COOKIE), LN("Rifiuta tutti", "it", COOKIE), LN("Accetta", "it", COOKIE),
	LN("Accetta tutto", "it", COOKIE), LN("Rifiuta tutto", "it", COOKIE),
	PH("utilizziamo i cookie", "it", COOKIE), PH("questo sito utilizza cookie", "it", COOKIE),
	PH("questo sito utilizza i cookie", "it", COOKIE), PH("accetta i cookie", "it", COOKIE),
	PH("informativa sui cookie", "it", COOKIE), PH("uso dei cookie", "it", COOKIE),
	SU("acconsenti", "it", COOKIE), SU("per saperne di più", "it", COOKIE), SU("maggiori informazioni", "it", COOKIE),
	LN("Visualizza questo post su Instagram", "it", SOCIAL), ST("Seguici su", "it", SOCIAL),
	AT("Un post condiviso da", "it", SOCIAL), PH("visualizza questo post su Instagram", "it", SOCIAL),
	PH("abilita JavaScript", "it", JAVASCRIPT), PH("attiva JavaScript", "it", JAVASCRIPT),
	LN("Stampa", "it", PAGE_TOOL), MK("Commenti", "it", PAGE_TOOL), LN("Ascolta questo articolo", "it", PAGE_TOOL),
	LN("Ascolta", "it", PAGE_TOOL), MK("Fonte", "it", PHOTO_CREDIT), LN("Tutti i diritti riservati", "it", COPYRIGHT),

	/* ---- Portuguese ---- */
	LN("Publicidade", "pt", ADVERT), LN("Conteúdo patrocinado", "pt", ADVERT), LN("Patrocinado por", "pt", ADVERT),
	LN("Continua depois da publicidade", "pt", ADVERT), LN("Continua após a publicidade", "pt", ADVERT),
	MK("Compartilhar", "pt", SHARE), MK("Partilhar", "pt", SHARE), MK("Compartilhe", "pt", SHARE),
	LN("Compartilhe esta notícia", "pt", SHARE),
	ST("Leia também", "pt", READ_MORE), MK("Leia mais", "pt", READ_MORE), ST("Veja também", "pt", READ_MORE),
	MK("Saiba mais", "pt", READ_MORE), LN("Continue lendo", "pt", READ_MORE), LN("Continuar a ler", "pt", READ_MORE),
	LN("Mais lidas", "pt", READ_MORE),
	LN("Assine", "pt", SUBSCRIBE), LN("Assine já", "pt", SUBSCRIBE), LN("Inscreva-se", "pt", SUBSCRIBE),
	LN("Entrar", "pt", SUBSCRIBE), LN("Assinar", "pt", SUBSCRIBE), MK("Já é assinante", "pt", SUBSCRIBE),
	ST("Receba nossa newsletter", "pt", NEWSLETTER), ST("Inscreva-se na nossa newsletter", "pt", NEWSLETTER),
	PH("receba nossa newsletter", "pt", NEWSLETTER),
	LN("Aceitar todos", "pt", COOKIE), LN("Rejeitar todos", "pt", COOKIE), LN("Aceitar", "pt", COOKIE),
	LN("Aceitar tudo", "pt", COOKIE), LN("Rejeitar tudo", "pt", COOKIE),
	PH("este site utiliza cookies", "pt", COOKIE), PH("este site usa cookies", "pt", COOKIE),
	PH("aceitar cookies", "pt", COOKIE), SU("política de privacidade", "pt", COOKIE),
	SU("ao continuar navegando", "pt", COOKIE), SU("você concorda", "pt", COOKIE), SU("saiba mais", "pt", COOKIE),
	SU("para melhorar a sua experiência", "pt", COOKIE),
	LN("Ver essa foto no Instagram", "pt", SOCIAL), LN("Ver esta publicação no Instagram", "pt", SOCIAL),
	MK("Siga-nos", "pt", SOCIAL), AT("Uma publicação compartilhada por", "pt", SOCIAL),
	PH("ver essa foto no Instagram", "pt", SOCIAL), PH("ver esta publicação no Instagram", "pt", SOCIAL),
	PH("ative o JavaScript", "pt", JAVASCRIPT), PH("habilite o JavaScript", "pt", JAVASCRIPT),
	LN("Ouvir", "pt", PAGE_TOOL), LN("Ouça este artigo", "pt", PAGE_TOOL), LN("Salvar", "pt", PAGE_TOOL),
	MK("Imagem", "pt", PHOTO_CREDIT), LN("Todos os direitos reservados", "pt", COPYRIGHT),

	/* ---- Dutch ---- */
	LN("Advertentie", "nl", ADVERT), LN("Gesponsord", "nl", ADVERT), LN("Gesponsorde inhoud", "nl", ADVERT),
	MK("Delen", "nl", SHARE), LN("Deel dit artikel", "nl", SHARE), LN("Delen op Facebook", "nl", SHARE),
	LN("Delen op Twitter", "nl", SHARE), LN("Delen op X", "nl", SHARE), LN("Delen op WhatsApp", "nl", SHARE),
	ST("Lees ook", "nl", READ_MORE), MK("Lees meer", "nl", READ_MORE), MK("Meer over", "nl", READ_MORE),
	ST("Bekijk ook", "nl", READ_MORE), LN("Lees verder", "nl", READ_MORE), LN("Meest gelezen", "nl", READ_MORE),
	LN("Abonneren", "nl", SUBSCRIBE), LN("Word abonnee", "nl", SUBSCRIBE), LN("Inloggen", "nl", SUBSCRIBE),
	LN("Registreren", "nl", SUBSCRIBE), MK("Al abonnee", "nl", SUBSCRIBE),
	ST("Schrijf je in voor onze nieuwsbrief", "nl", NEWSLETTER), ST("Meld je aan voor onze nieuwsbrief", "nl", NEWSLETTER),
	MK("Nieuwsbrief", "nl", NEWSLETTER), PH("schrijf je in voor onze nieuwsbrief", "nl", NEWSLETTER),
	LN("Alles accepteren", "nl", COOKIE), LN("Alles weigeren", "nl", COOKIE), LN("Accepteren", "nl", COOKIE),
	LN("Cookie-instellingen", "nl", COOKIE),
	PH("wij gebruiken cookies", "nl", COOKIE), PH("we gebruiken cookies", "nl", COOKIE),
	PH("deze website gebruikt cookies", "nl", COOKIE), PH("deze site gebruikt cookies", "nl", COOKIE),
	PH("cookies accepteren", "nl", COOKIE), PH("cookiebeleid", "nl", COOKIE),
	SU("meer informatie", "nl", COOKIE), SU("u gaat akkoord", "nl", COOKIE), SU("je gaat akkoord", "nl", COOKIE),
	LN("Dit bericht op Instagram bekijken", "nl", SOCIAL), ST("Volg ons op", "nl", SOCIAL),
	AT("Een bericht gedeeld door", "nl", SOCIAL), PH("dit bericht op Instagram bekijken", "nl", SOCIAL),
	PH("schakel JavaScript in", "nl", JAVASCRIPT),
	LN("Afdrukken", "nl", PAGE_TOOL), MK("Reacties", "nl", PAGE_TOOL), LN("Luister naar dit artikel", "nl", PAGE_TOOL),
	LN("Opslaan", "nl", PAGE_TOOL), MK("Beeld", "nl", PHOTO_CREDIT), MK("Bron", "nl", PHOTO_CREDIT),
	LN("Alle rechten voorbehouden", "nl", COPYRIGHT),

	/* ---- Czech ---- */
	LN("Reklama", "cs", ADVERT), LN("Komerční sdělení", "cs", ADVERT), LN("Pokračování článku pod reklamou", "cs", ADVERT),
	MK("Sdílet", "cs", SHARE), LN("Sdílejte", "cs", SHARE), LN("Sdílet na Facebooku", "cs", SHARE),
	LN("Sdílet na Twitteru", "cs", SHARE),
	LN("Sdílet na X", "cs", SHARE), LN("Sdílet článek", "cs", SHARE),
	ST("Čtěte také", "cs", READ_MORE), ST("Přečtěte si také", "cs", READ_MORE), MK("Související články", "cs", READ_MORE),
	ST("Čtěte více", "cs", READ_MORE), LN("Nejčtenější", "cs", READ_MORE), ST("Mohlo by vás zajímat", "cs", READ_MORE),
	LN("Přihlásit se", "cs", SUBSCRIBE), LN("Předplatné", "cs", SUBSCRIBE), LN("Předplaťte si", "cs", SUBSCRIBE),
	LN("Registrovat", "cs", SUBSCRIBE),
	ST("Přihlaste se k odběru newsletteru", "cs", NEWSLETTER), ST("Odebírejte newsletter", "cs", NEWSLETTER),
	PH("přihlaste se k odběru newsletteru", "cs", NEWSLETTER),
	LN("Přijmout vše", "cs", COOKIE), LN("Odmítnout vše", "cs", COOKIE), LN("Souhlasím", "cs", COOKIE),
	PH("používáme cookies", "cs", COOKIE), PH("používáme soubory cookie", "cs", COOKIE),
	PH("tento web používá cookies", "cs", COOKIE), PH("tento web používá soubory cookie", "cs", COOKIE),
	SU("více informací", "cs", COOKIE), SU("souhlasíte", "cs", COOKIE),
	LN("Zobrazit tento příspěvek na Instagramu", "cs", SOCIAL), ST("Sledujte nás na", "cs", SOCIAL),
	PH("zobrazit tento příspěvek na Instagramu", "cs", SOCIAL),
	PH("povolte JavaScript", "cs", JAVASCRIPT), PH("zapněte JavaScript", "cs", JAVASCRIPT),
	LN("Tisk", "cs", PAGE_TOOL), LN("Vytisknout", "cs", PAGE_TOOL), MK("Komentáře", "cs", PAGE_TOOL),
	MK("Diskuse", "cs", PAGE_TOOL), MK("Zdroj", "cs", PHOTO_CREDIT), ST("Ilustrační foto", "cs", PHOTO_CREDIT),
	LN("Všechna práva vyhrazena", "cs", COPYRIGHT),

	/* ---- Greek ---- */
	LN("Διαφήμιση", "el", ADVERT), LN("Χορηγούμενο", "el", ADVERT), LN("Χορηγούμενο περιεχόμενο", "el", ADVERT),
	MK("Κοινοποίηση", "el", SHARE), LN("Μοιραστείτε", "el", SHARE), LN("Κοινοποιήστε", "el", SHARE),
	ST("Διαβάστε επίσης", "el", READ_MORE), ST("Διαβάστε ακόμη", "el", READ_MORE), ST("Διαβάστε ακόμα", "el", READ_MORE),
	MK("Διαβάστε περισσότερα", "el", READ_MORE), MK("Σχετικά άρθρα", "el", READ_MORE), LN("Δημοφιλή", "el", READ_MORE),
	LN("Εγγραφή", "el", SUBSCRIBE), LN("Συνδρομή", "el", SUBSCRIBE), LN("Σύνδεση", "el", SUBSCRIBE),
	ST("Εγγραφείτε στο newsletter", "el", NEWSLETTER), PH("εγγραφείτε στο newsletter", "el", NEWSLETTER),
	LN("Αποδοχή όλων", "el", COOKIE), LN("Απόρριψη όλων", "el", COOKIE), LN("Αποδέχομαι", "el", COOKIE),
	PH("χρησιμοποιούμε cookies", "el", COOKIE), PH("αυτός ο ιστότοπος χρησιμοποιεί cookies", "el", COOKIE),
	PH("χρησιμοποιεί cookies", "el", COOKIE), SU("περισσότερες πληροφορίες", "el", COOKIE),
	LN("Δείτε αυτή τη δημοσίευση στο Instagram", "el", SOCIAL), ST("Ακολουθήστε μας στο", "el", SOCIAL),
	PH("δείτε αυτή τη δημοσίευση στο Instagram", "el", SOCIAL),
	PH("ενεργοποιήστε τη JavaScript", "el", JAVASCRIPT), PH("ενεργοποιήστε το JavaScript", "el", JAVASCRIPT),
	LN("Εκτύπωση", "el", PAGE_TOOL), MK("Σχόλια", "el", PAGE_TOOL),
	MK("Φωτογραφία", "el", PHOTO_CREDIT), MK("Πηγή", "el", PHOTO_CREDIT),
	LN("Με επιφύλαξη παντός δικαιώματος", "el", COPYRIGHT),

	/* ---- Russian ---- */
	LN("Реклама", "ru", ADVERT), LN("На правах рекламы", "ru", ADVERT), LN("Партнерский материал", "ru", ADVERT),
	MK("Поделиться", "ru", SHARE), LN("Поделиться статьей", "ru", SHARE),
	ST("Читайте также", "ru", READ_MORE), LN("Читать далее", "ru", READ_MORE), ST("Смотрите также", "ru", READ_MORE),
	MK("Подробнее", "ru", READ_MORE), LN("Читать полностью", "ru", READ_MORE), LN("Самое читаемое", "ru", READ_MORE),
	ST("Читайте нас в", "ru", SOCIAL),
	LN("Подписаться", "ru", SUBSCRIBE), LN("Подпишитесь", "ru", SUBSCRIBE), LN("Войти", "ru", SUBSCRIBE),
	LN("Регистрация", "ru", SUBSCRIBE),
	ST("Подпишитесь на нашу рассылку", "ru", NEWSLETTER), LN("Рассылка", "ru", NEWSLETTER),
	PH("подпишитесь на нашу рассылку", "ru", NEWSLETTER),
	LN("Принять все", "ru", COOKIE), LN("Отклонить все", "ru", COOKIE), LN("Принять", "ru", COOKIE),
	PH("мы используем файлы cookie", "ru", COOKIE), PH("мы используем cookie", "ru", COOKIE),
	PH("сайт использует файлы cookie", "ru", COOKIE), PH("использует файлы cookie", "ru", COOKIE),
	SU("вы соглашаетесь", "ru", COOKIE), SU("подробнее", "ru", COOKIE),
	LN("Посмотреть эту публикацию в Instagram", "ru", SOCIAL), ST("Подписывайтесь на нас в", "ru", SOCIAL),
	AT("Публикация от", "ru", SOCIAL), PH("посмотреть эту публикацию в Instagram", "ru", SOCIAL),
	PH("включите JavaScript", "ru", JAVASCRIPT),
	LN("Печать", "ru", PAGE_TOOL), LN("Распечатать", "ru", PAGE_TOOL), MK("Комментарии", "ru", PAGE_TOOL),
	MK("Фото", "ru", PHOTO_CREDIT), MK("Источник", "ru", PHOTO_CREDIT), LN("Все права защищены", "ru", COPYRIGHT),

	/* ---- Arabic ---- */
	LN("إعلان", "ar", ADVERT), LN("إعلانات", "ar", ADVERT), LN("محتوى مدعوم", "ar", ADVERT),
	MK("شارك", "ar", SHARE), LN("مشاركة", "ar", SHARE), LN("شارك المقال", "ar", SHARE), LN("شارك الخبر", "ar", SHARE),
	ST("اقرأ أيضاً", "ar", READ_MORE), MK("اقرأ المزيد", "ar", READ_MORE), MK("مواضيع ذات صلة", "ar", READ_MORE),
	MK("أخبار ذات صلة", "ar", READ_MORE), LN("الأكثر قراءة", "ar", READ_MORE),
	LN("اشترك", "ar", SUBSCRIBE), LN("اشترك الآن", "ar", SUBSCRIBE), LN("تسجيل الدخول", "ar", SUBSCRIBE),
	ST("اشترك في النشرة الإخبارية", "ar", NEWSLETTER), LN("النشرة البريدية", "ar", NEWSLETTER),
	PH("اشترك في النشرة الإخبارية", "ar", NEWSLETTER),
	LN("قبول الكل", "ar", COOKIE), LN("رفض الكل", "ar", COOKIE), LN("موافق", "ar", COOKIE),
	PH("نستخدم ملفات تعريف الارتباط", "ar", COOKIE), PH("يستخدم هذا الموقع ملفات تعريف الارتباط", "ar", COOKIE),
	PH("ملفات تعريف الارتباط", "ar", COOKIE), PH("ملفات الكوكيز", "ar", COOKIE), SU("المزيد من المعلومات", "ar", COOKIE),
	LN("عرض هذا المنشور على Instagram", "ar", SOCIAL), ST("تابعونا على", "ar", SOCIAL),
	PH("عرض هذا المنشور على Instagram", "ar", SOCIAL),
	PH("يرجى تفعيل JavaScript", "ar", JAVASCRIPT), PH("تفعيل جافا سكريبت", "ar", JAVASCRIPT),
	LN("طباعة", "ar", PAGE_TOOL), MK("تعليقات", "ar", PAGE_TOOL), MK("التعليقات", "ar", PAGE_TOOL),
	MK("صورة", "ar", PHOTO_CREDIT), MK("المصدر", "ar", PHOTO_CREDIT), LN("جميع الحقوق محفوظة", "ar", COPYRIGHT),

	/* ---- Hebrew ---- */
	LN("פרסומת", "he", ADVERT), LN("תוכן ממומן", "he", ADVERT), LN("בשיתוף", "he", ADVERT),
	MK("שתפו", "he", SHARE), LN("שיתוף", "he", SHARE), LN("שתף", "he", SHARE), LN("שתפו כתבה", "he", SHARE),
	ST("קראו גם", "he", READ_MORE), MK("עוד באותו נושא", "he", READ_MORE), LN("כתבות נוספות", "he", READ_MORE),
	ST("עוד בנושא", "he", READ_MORE), LN("הנקראים ביותר", "he", READ_MORE),
	LN("הירשמו", "he", SUBSCRIBE), LN("התחברות", "he", SUBSCRIBE), LN("הרשמה", "he", SUBSCRIBE),
	LN("להרשמה", "he", SUBSCRIBE),
	ST("הירשמו לניוזלטר", "he", NEWSLETTER), LN("ניוזלטר", "he", NEWSLETTER), PH("הירשמו לניוזלטר", "he", NEWSLETTER),
	LN("אישור", "he", COOKIE), LN("קבל הכל", "he", COOKIE),
	PH("אנו משתמשים בעוגיות", "he", COOKIE), PH("האתר משתמש בעוגיות", "he", COOKIE),
	PH("משתמש בקובצי cookie", "he", COOKIE), PH("אנחנו משתמשים בקובצי cookie", "he", COOKIE),
	SU("מידע נוסף", "he", COOKIE),
	LN("הצג את הפוסט הזה באינסטגרם", "he", SOCIAL), ST("עקבו אחרינו", "he", SOCIAL),
	PH("הצג את הפוסט הזה באינסטגרם", "he", SOCIAL),
	PH("יש להפעיל JavaScript", "he", JAVASCRIPT), PH("יש לאפשר JavaScript", "he", JAVASCRIPT),
	LN("הדפסה", "he", PAGE_TOOL), MK("תגובות", "he", PAGE_TOOL),
	MK("צילום", "he", PHOTO_CREDIT), MK("קרדיט", "he", PHOTO_CREDIT), LN("כל הזכויות שמורות", "he", COPYRIGHT),

	/* ---- Hindi ---- */
	LN("विज्ञापन", "hi", ADVERT), LN("प्रायोजित", "hi", ADVERT),
	MK("शेयर करें", "hi", SHARE), LN("शेयर", "hi", SHARE),
	ST("यह भी पढ़ें", "hi", READ_MORE), MK("और पढ़ें", "hi", READ_MORE), MK("संबंधित खबरें", "hi", READ_MORE),
	ST("ये भी पढ़ें", "hi", READ_MORE), LN("सबसे ज्यादा पढ़ी गई", "hi", READ_MORE),
	LN("सब्सक्राइब करें", "hi", SUBSCRIBE), LN("लॉग इन करें", "hi", SUBSCRIBE), LN("लॉगिन", "hi", SUBSCRIBE),
	LN("न्यूज़लेटर", "hi", NEWSLETTER), ST("न्यूज़लेटर के लिए साइन अप करें", "hi", NEWSLETTER),
	PH("न्यूज़लेटर के लिए साइन अप करें", "hi", NEWSLETTER),
	LN("सभी स्वीकार करें", "hi", COOKIE), LN("स्वीकार करें", "hi", COOKIE),
	PH("हम कुकीज़ का उपयोग करते हैं", "hi", COOKIE), PH("कुकीज़ स्वीकार करें", "hi", COOKIE),
	PH("कुकीज़ का उपयोग", "hi", COOKIE), SU("अधिक जानकारी", "hi", COOKIE),
	LN("Instagram पर यह पोस्ट देखें", "hi", SOCIAL), ST("हमें फॉलो करें", "hi", SOCIAL),
	PH("Instagram पर यह पोस्ट देखें", "hi", SOCIAL),
	PH("कृपया JavaScript सक्षम करें", "hi", JAVASCRIPT), PH("JavaScript सक्षम करें", "hi", JAVASCRIPT),
	LN("प्रिंट", "hi", PAGE_TOOL), MK("टिप्पणियां", "hi", PAGE_TOOL),
	MK("फ़ोटो", "hi", PHOTO_CREDIT), MK("तस्वीर", "hi", PHOTO_CREDIT),
	MK("स्रोत", "hi", PHOTO_CREDIT), LN("सर्वाधिकार सुरक्षित", "hi", COPYRIGHT),
};

/* Known rare words of strong phrases, preferred as their triggers. */
static const char *const boiler_trigger_words[] = {
	"cookie", "javascript", "tweet", "instagram", "newsletter", "nieuwsbrief", "html5", "playback", "inbox",
	"рассылк", "الارتباط", "الكوكيز", "עוגיות", "कुकी", "न्यूज", "ניוזלטר", "النشرة", "bolet", "permission",
	"unavailable", "poursuivant", "continuing to", "insights", "access information", "this video", "video tag",
	"content provided", "this content is",
};

/* ------------------------------------------------------------------ */
/* Pages that are not articles: notices by reason (the kind field).    */

enum {
	R_PAYWALL = NS_PAGE_PAYWALL, R_JS = NS_PAGE_JAVASCRIPT, R_COOKIE = NS_PAGE_COOKIE, R_CONSENT = NS_PAGE_CONSENT,
	R_ERROR = NS_PAGE_ERROR, R_CAPTCHA = NS_PAGE_CAPTCHA, R_N = NS_PAGE_BOILERPLATE /* the kinds judged here */
};
static const char *const reason_name[NS_PAGE_NKINDS] = {
	"paywall stub", "javascript required", "cookie wall", "consent page", "error page", "captcha page",
	"only boilerplate",
};

const char *ns_scrub_page_name(int kind)
{
	return kind >= 0 && kind < NS_PAGE_NKINDS ? reason_name[kind] : "";
}

#define PL(t, r) { t, "", r, NS_SCRUB_LINE }
#define PM(t, r) { t, "", r, NS_SCRUB_START_MARK }
#define PP(t, r) { t, "", r, NS_SCRUB_PHRASE }
#define PS(t, r) { t, "", r, NS_SCRUB_SUPPORT }

static const ns_scrub_entry page_tab[] = {
	/* paywall */
	PL("Subscribe", R_PAYWALL), PL("Subscribe now", R_PAYWALL), PL("Log in", R_PAYWALL), PL("Sign in", R_PAYWALL),
	PL("Login", R_PAYWALL), PL("Register", R_PAYWALL), PL("Already a subscriber? Log in", R_PAYWALL),
	PL("Already a subscriber? Sign in", R_PAYWALL), PL("Se connecter", R_PAYWALL), PL("S'abonner", R_PAYWALL),
	PL("Je m'abonne", R_PAYWALL), PL("Anmelden", R_PAYWALL), PL("Jetzt abonnieren", R_PAYWALL),
	PL("Iniciar sesión", R_PAYWALL), PL("Suscríbete", R_PAYWALL), PL("Accedi", R_PAYWALL), PL("Abbonati", R_PAYWALL),
	PL("Entrar", R_PAYWALL), PL("Assine", R_PAYWALL), PL("Inloggen", R_PAYWALL), PL("Word abonnee", R_PAYWALL),
	PL("Přihlásit se", R_PAYWALL), PL("Σύνδεση", R_PAYWALL), PL("Войти", R_PAYWALL), PL("تسجيل الدخول", R_PAYWALL),
	PL("התחברות", R_PAYWALL), PL("लॉग इन करें", R_PAYWALL),
	PP("subscribe to continue reading", R_PAYWALL), PP("subscribe to read", R_PAYWALL),
	PP("subscribe to keep reading", R_PAYWALL), PP("subscribe to unlock", R_PAYWALL), PP("to continue reading", R_PAYWALL),
	PP("sign in to continue reading", R_PAYWALL), PP("log in to continue reading", R_PAYWALL),
	PP("this article is for subscribers", R_PAYWALL), PP("this article is reserved for subscribers", R_PAYWALL),
	PP("this content is reserved for subscribers", R_PAYWALL), PP("this content is for subscribers", R_PAYWALL),
	PP("for subscribers only", R_PAYWALL), PP("subscribers only", R_PAYWALL), PP("exclusive to subscribers", R_PAYWALL),
	PP("already a subscriber", R_PAYWALL), PP("subscribe now for", R_PAYWALL),
	PP("only 1 euro for the first month", R_PAYWALL), PP("for the first month", R_PAYWALL),
	PP("you have reached your limit of free articles", R_PAYWALL),
	PP("you have reached your free article limit", R_PAYWALL),
	PP("you've reached your free article limit", R_PAYWALL), PP("you have read all your free articles", R_PAYWALL),
	PP("free articles", R_PAYWALL), PP("unlock this article", R_PAYWALL), PP("become a subscriber", R_PAYWALL),
	PP("start your subscription", R_PAYWALL), PP("subscribe for unlimited access", R_PAYWALL),
	PP("get unlimited access", R_PAYWALL), PP("this is a premium article", R_PAYWALL), PP("premium content", R_PAYWALL),
	PP("réservé aux abonnés", R_PAYWALL), PP("cet article est réservé aux abonnés", R_PAYWALL),
	PP("la suite est réservée aux abonnés", R_PAYWALL), PP("abonnez-vous pour lire la suite", R_PAYWALL),
	PP("dieser Artikel ist nur für Abonnenten", R_PAYWALL), PP("nur für Abonnenten", R_PAYWALL),
	PP("exklusiv für Abonnenten", R_PAYWALL), PP("weiterlesen mit", R_PAYWALL),
	PP("contenido exclusivo para suscriptores", R_PAYWALL), PP("exclusivo para suscriptores", R_PAYWALL),
	PP("suscríbete para seguir leyendo", R_PAYWALL), PP("suscríbete para continuar leyendo", R_PAYWALL),
	PP("para seguir leyendo", R_PAYWALL), PP("contenuto riservato agli abbonati", R_PAYWALL),
	PP("riservato agli abbonati", R_PAYWALL), PP("per continuare a leggere", R_PAYWALL),
	PP("conteúdo exclusivo para assinantes", R_PAYWALL), PP("exclusivo para assinantes", R_PAYWALL),
	PP("assine para continuar lendo", R_PAYWALL), PP("para continuar lendo", R_PAYWALL),
	PP("para continuar a ler", R_PAYWALL), PP("alleen voor abonnees", R_PAYWALL),
	PP("dit artikel is alleen voor abonnees", R_PAYWALL), PP("lees verder met", R_PAYWALL),
	PP("pouze pro předplatitele", R_PAYWALL), PP("exkluzivně pro předplatitele", R_PAYWALL),
	PP("μόνο για συνδρομητές", R_PAYWALL), PP("αποκλειστικά για συνδρομητές", R_PAYWALL),
	PP("только для подписчиков", R_PAYWALL), PP("доступно только подписчикам", R_PAYWALL),
	PP("للمشتركين فقط", R_PAYWALL), PP("למנויים בלבד", R_PAYWALL), PP("केवल सब्सक्राइबर्स के लिए", R_PAYWALL),
	PS("log in", R_PAYWALL), PS("sign in", R_PAYWALL), PS("login", R_PAYWALL), PS("subscribe", R_PAYWALL),
	PS("subscription", R_PAYWALL), PS("subscribe now", R_PAYWALL), PS("cancel anytime", R_PAYWALL),
	PS("cancel at any time", R_PAYWALL), PS("per month", R_PAYWALL), PS("a month", R_PAYWALL), PS("per week", R_PAYWALL),
	PS("offer", R_PAYWALL), PS("special offer", R_PAYWALL), PS("limited time offer", R_PAYWALL),
	PS("already have an account", R_PAYWALL), PS("create a free account", R_PAYWALL), PS("register", R_PAYWALL),
	PS("then", R_PAYWALL), PS("only", R_PAYWALL), PS("euro", R_PAYWALL), PS("digital access", R_PAYWALL),
	PS("se connecter", R_PAYWALL), PS("s'abonner", R_PAYWALL), PS("je m'abonne", R_PAYWALL), PS("abonnez-vous", R_PAYWALL),
	PS("anmelden", R_PAYWALL), PS("abonnieren", R_PAYWALL), PS("jetzt abonnieren", R_PAYWALL), PS("einloggen", R_PAYWALL),
	PS("iniciar sesión", R_PAYWALL), PS("suscríbete", R_PAYWALL), PS("accedi", R_PAYWALL), PS("abbonati", R_PAYWALL),
	PS("entrar", R_PAYWALL), PS("assine", R_PAYWALL), PS("inloggen", R_PAYWALL), PS("abonneer", R_PAYWALL),
	PS("přihlásit se", R_PAYWALL), PS("předplatné", R_PAYWALL), PS("σύνδεση", R_PAYWALL), PS("войти", R_PAYWALL),
	PS("подписка", R_PAYWALL), PS("تسجيل الدخول", R_PAYWALL), PS("התחברות", R_PAYWALL), PS("लॉग इन", R_PAYWALL),

	/* JavaScript */
	PP("please enable JavaScript", R_JS), PP("enable JavaScript", R_JS),
	PP("you need to enable JavaScript to run this app", R_JS), PP("JavaScript is disabled", R_JS),
	PP("JavaScript is required", R_JS), PP("this site requires JavaScript", R_JS), PP("requires JavaScript", R_JS),
	PP("please turn on JavaScript", R_JS), PP("JavaScript must be enabled", R_JS), PP("JavaScript is not enabled", R_JS),
	PP("JavaScript is turned off", R_JS), PP("your browser does not support JavaScript", R_JS),
	PP("doesn't work properly without JavaScript enabled", R_JS), PP("activez JavaScript", R_JS),
	PP("activer JavaScript", R_JS), PP("JavaScript aktivieren", R_JS), PP("aktivieren Sie JavaScript", R_JS),
	PP("habilita JavaScript", R_JS), PP("habilite JavaScript", R_JS), PP("activa JavaScript", R_JS),
	PP("abilita JavaScript", R_JS), PP("ative o JavaScript", R_JS), PP("schakel JavaScript in", R_JS),
	PP("povolte JavaScript", R_JS), PP("ενεργοποιήστε τη JavaScript", R_JS), PP("включите JavaScript", R_JS),
	PP("يرجى تفعيل JavaScript", R_JS), PP("تفعيل جافا سكريبت", R_JS), PP("יש להפעיל JavaScript", R_JS),
	PP("JavaScript सक्षम करें", R_JS),
	PS("please", R_JS), PS("to continue", R_JS), PS("in your browser", R_JS), PS("your browser", R_JS),
	PS("to run this app", R_JS), PS("to use this site", R_JS), PS("and reload the page", R_JS),
	PS("and refresh the page", R_JS), PS("for the best experience", R_JS), PS("this app", R_JS),
	PS("to view this page", R_JS), PS("to view this website", R_JS), PS("we're sorry but", R_JS),
	PS("please enable it to continue", R_JS), PS("veuillez", R_JS), PS("bitte", R_JS), PS("por favor", R_JS),

	/* cookie wall */
	PP("we use cookies", R_COOKIE), PP("this site uses cookies", R_COOKIE), PP("this website uses cookies", R_COOKIE),
	PP("uses cookies", R_COOKIE), PP("accept cookies", R_COOKIE), PP("accept all cookies", R_COOKIE),
	PP("cookie policy", R_COOKIE), PP("cookie settings", R_COOKIE), PP("use of cookies", R_COOKIE),
	PP("by continuing to browse", R_COOKIE), PP("by continuing to use", R_COOKIE), PP("enable cookies", R_COOKIE),
	PP("cookies are disabled", R_COOKIE), PP("cookies must be enabled", R_COOKIE),
	PP("nous utilisons des cookies", R_COOKIE), PP("ce site utilise des cookies", R_COOKIE),
	PP("wir verwenden Cookies", R_COOKIE), PP("diese Website verwendet Cookies", R_COOKIE),
	PP("utilizamos cookies", R_COOKIE), PP("usamos cookies", R_COOKIE), PP("utilizziamo i cookie", R_COOKIE),
	PP("questo sito utilizza cookie", R_COOKIE), PP("este site utiliza cookies", R_COOKIE),
	PP("wij gebruiken cookies", R_COOKIE), PP("we gebruiken cookies", R_COOKIE), PP("používáme cookies", R_COOKIE),
	PP("χρησιμοποιούμε cookies", R_COOKIE), PP("мы используем файлы cookie", R_COOKIE),
	PP("نستخدم ملفات تعريف الارتباط", R_COOKIE), PP("אנו משתמשים בעוגיות", R_COOKIE),
	PP("हम कुकीज़ का उपयोग करते हैं", R_COOKIE),
	PL("Accept cookies", R_COOKIE), PL("Accept all cookies", R_COOKIE), PL("Allow all cookies", R_COOKIE),
	PL("Cookie settings", R_COOKIE), PL("Necessary cookies only", R_COOKIE), PL("Cookie policy", R_COOKIE),
	PS("you agree", R_COOKIE), PS("you accept", R_COOKIE), PS("to give you the best experience", R_COOKIE),
	PS("to improve your experience", R_COOKIE), PS("find out more", R_COOKIE), PS("learn more", R_COOKIE),
	PS("more information", R_COOKIE), PS("privacy policy", R_COOKIE), PS("on our website", R_COOKIE),
	PS("on our site", R_COOKIE), PS("accept", R_COOKIE), PS("ok", R_COOKIE), PS("cookies", R_COOKIE),
	PS("cookie", R_COOKIE), PS("to our", R_COOKIE), PS("please", R_COOKIE), PS("in your browser", R_COOKIE),

	/* consent */
	PL("Accept all", R_CONSENT), PL("Reject all", R_CONSENT), PL("Manage consent", R_CONSENT),
	PL("Manage options", R_CONSENT), PL("Manage preferences", R_CONSENT), PL("Agree", R_CONSENT),
	PL("I agree", R_CONSENT), PL("Disagree", R_CONSENT), PL("More options", R_CONSENT),
	PL("Continue without accepting", R_CONSENT), PL("Accept and close", R_CONSENT), PL("Save and exit", R_CONSENT),
	PL("Tout accepter", R_CONSENT), PL("Tout refuser", R_CONSENT), PL("Alle akzeptieren", R_CONSENT),
	PL("Alle ablehnen", R_CONSENT), PL("Aceptar todo", R_CONSENT), PL("Rechazar todo", R_CONSENT),
	PL("Accetta tutto", R_CONSENT), PL("Rifiuta tutto", R_CONSENT), PL("Aceitar tudo", R_CONSENT),
	PL("Rejeitar tudo", R_CONSENT), PL("Alles accepteren", R_CONSENT), PL("Alles weigeren", R_CONSENT),
	PL("Přijmout vše", R_CONSENT), PL("Odmítnout vše", R_CONSENT), PL("Αποδοχή όλων", R_CONSENT),
	PL("Απόρριψη όλων", R_CONSENT), PL("Принять все", R_CONSENT), PL("Отклонить все", R_CONSENT),
	PL("قبول الكل", R_CONSENT), PL("رفض الكل", R_CONSENT),
	PP("we value your privacy", R_CONSENT), PP("manage consent", R_CONSENT), PP("manage your consent", R_CONSENT),
	PP("we and our partners", R_CONSENT), PP("store and/or access information on a device", R_CONSENT),
	PP("personalised ads and content", R_CONSENT), PP("personalized ads and content", R_CONSENT),
	PP("ad and content measurement", R_CONSENT), PP("audience insights and product development", R_CONSENT),
	PP("legitimate interest", R_CONSENT), PP("consent preferences", R_CONSENT), PP("privacy preferences", R_CONSENT),
	PP("your privacy choices", R_CONSENT), PP("do not sell my personal information", R_CONSENT),
	PP("accept all", R_CONSENT), PP("reject all", R_CONSENT), PP("nous et nos partenaires", R_CONSENT),
	PP("tout accepter", R_CONSENT), PP("tout refuser", R_CONSENT), PP("wir und unsere Partner", R_CONSENT),
	PP("alle akzeptieren", R_CONSENT), PP("alle ablehnen", R_CONSENT), PP("nosotros y nuestros socios", R_CONSENT),
	PP("aceptar todo", R_CONSENT), PP("rechazar todo", R_CONSENT), PP("noi e terze parti selezionate", R_CONSENT),
	PP("accetta tutto", R_CONSENT), PP("rifiuta tutto", R_CONSENT), PP("nós e os nossos parceiros", R_CONSENT),
	PP("aceitar tudo", R_CONSENT), PP("rejeitar tudo", R_CONSENT), PP("wij en onze partners", R_CONSENT),
	PP("alles accepteren", R_CONSENT), PP("alles weigeren", R_CONSENT), PP("přijmout vše", R_CONSENT),
	PP("odmítnout vše", R_CONSENT), PP("αποδοχή όλων", R_CONSENT), PP("απόρριψη όλων", R_CONSENT),
	PP("принять все", R_CONSENT), PP("отклонить все", R_CONSENT), PP("قبول الكل", R_CONSENT), PP("رفض الكل", R_CONSENT),
	PS("personal data", R_CONSENT), PS("such as cookies", R_CONSENT), PS("unique identifiers", R_CONSENT),
	PS("standard information sent by a device", R_CONSENT), PS("for personalised advertising", R_CONSENT),
	PS("for personalized advertising", R_CONSENT), PS("vendors", R_CONSENT), PS("partners", R_CONSENT),
	PS("precise geolocation data", R_CONSENT), PS("and identification through device scanning", R_CONSENT),
	PS("you can change your choices at any time", R_CONSENT), PS("privacy policy", R_CONSENT), PS("settings", R_CONSENT),
	PS("options", R_CONSENT), PS("more options", R_CONSENT), PS("purposes", R_CONSENT), PS("consent", R_CONSENT),
	PS("object", R_CONSENT), PS("list of partners", R_CONSENT), PS("agree", R_CONSENT), PS("disagree", R_CONSENT),
	PS("such as", R_CONSENT),

	/* error */
	PL("404", R_ERROR), PL("Error", R_ERROR), PL("Go to homepage", R_ERROR), PL("Back to homepage", R_ERROR),
	PL("Return to homepage", R_ERROR), PL("Go back", R_ERROR), PL("Back to home", R_ERROR),
	PP("404", R_ERROR), PP("page not found", R_ERROR), PP("not found", R_ERROR), PP("error 404", R_ERROR),
	PP("the page you requested could not be found", R_ERROR), PP("the page you are looking for", R_ERROR),
	PP("the page you were looking for", R_ERROR), PP("could not be found", R_ERROR), PP("cannot be found", R_ERROR),
	PP("can't be found", R_ERROR), PP("doesn't exist", R_ERROR), PP("does not exist", R_ERROR),
	PP("no longer exists", R_ERROR), PP("no longer available", R_ERROR), PP("may have been moved", R_ERROR),
	PP("has been moved", R_ERROR), PP("has been removed", R_ERROR), PP("access denied", R_ERROR),
	PP("403 forbidden", R_ERROR), PP("forbidden", R_ERROR), PP("you don't have permission to access", R_ERROR),
	PP("you do not have permission to access", R_ERROR), PP("service unavailable", R_ERROR),
	PP("temporarily unavailable", R_ERROR), PP("internal server error", R_ERROR), PP("bad gateway", R_ERROR),
	PP("gateway timeout", R_ERROR), PP("something went wrong", R_ERROR), PP("an error occurred", R_ERROR),
	PP("an error has occurred", R_ERROR), PP("we can't find", R_ERROR), PP("we couldn't find", R_ERROR),
	PP("page introuvable", R_ERROR), PP("page non trouvée", R_ERROR), PP("la page demandée", R_ERROR),
	PP("n'existe pas", R_ERROR), PP("Seite nicht gefunden", R_ERROR), PP("die Seite wurde nicht gefunden", R_ERROR),
	PP("existiert nicht", R_ERROR), PP("página no encontrada", R_ERROR), PP("la página que buscas", R_ERROR),
	PP("no existe", R_ERROR), PP("pagina non trovata", R_ERROR), PP("la pagina che cerchi", R_ERROR),
	PP("non esiste", R_ERROR), PP("página não encontrada", R_ERROR), PP("não existe", R_ERROR),
	PP("pagina niet gevonden", R_ERROR), PP("bestaat niet", R_ERROR), PP("stránka nenalezena", R_ERROR),
	PP("stránka nebyla nalezena", R_ERROR), PP("η σελίδα δεν βρέθηκε", R_ERROR), PP("δεν βρέθηκε", R_ERROR),
	PP("страница не найдена", R_ERROR), PP("не найдена", R_ERROR), PP("الصفحة غير موجودة", R_ERROR),
	PP("הדף לא נמצא", R_ERROR), PP("पृष्ठ नहीं मिला", R_ERROR), PP("पेज नहीं मिला", R_ERROR),
	PS("sorry", R_ERROR), PS("oops", R_ERROR), PS("please", R_ERROR), PS("try again", R_ERROR),
	PS("try again later", R_ERROR), PS("go to homepage", R_ERROR), PS("go to the homepage", R_ERROR),
	PS("return to the homepage", R_ERROR), PS("back to homepage", R_ERROR), PS("back to home", R_ERROR),
	PS("home page", R_ERROR), PS("homepage", R_ERROR), PS("search", R_ERROR), PS("check the url", R_ERROR),
	PS("the address", R_ERROR), PS("error", R_ERROR), PS("server", R_ERROR), PS("request", R_ERROR), PS("nginx", R_ERROR),
	PS("apache", R_ERROR), PS("the requested url", R_ERROR), PS("was not found on this server", R_ERROR),
	PS("the page", R_ERROR), PS("you requested", R_ERROR), PS("on this server", R_ERROR),

	/* captcha */
	PL("I'm not a robot", R_CAPTCHA), PL("Press and hold", R_CAPTCHA), PL("Verify", R_CAPTCHA),
	PM("Ray ID", R_CAPTCHA), PL("Just a moment", R_CAPTCHA),
	PP("are you a robot", R_CAPTCHA), PP("verify you are human", R_CAPTCHA), PP("verify that you are human", R_CAPTCHA),
	PP("verify you are a human", R_CAPTCHA), PP("checking your browser before accessing", R_CAPTCHA),
	PP("checking if the site connection is secure", R_CAPTCHA), PP("please complete the security check", R_CAPTCHA),
	PP("complete the security check to access", R_CAPTCHA), PP("press and hold", R_CAPTCHA),
	PP("I'm not a robot", R_CAPTCHA), PP("I am not a robot", R_CAPTCHA), PP("captcha", R_CAPTCHA),
	PP("recaptcha", R_CAPTCHA), PP("performance & security by Cloudflare", R_CAPTCHA),
	PP("DDoS protection by Cloudflare", R_CAPTCHA), PP("unusual traffic from your computer network", R_CAPTCHA),
	PP("we've detected unusual activity", R_CAPTCHA), PP("prove you're human", R_CAPTCHA),
	PP("human verification", R_CAPTCHA), PP("just a moment", R_CAPTCHA),
	PP("enable JavaScript and cookies to continue", R_CAPTCHA),
	PP("needs to review the security of your connection before proceeding", R_CAPTCHA),
	PP("this process is automatic", R_CAPTCHA),
	PP("your browser will redirect to your requested content shortly", R_CAPTCHA),
	PS("ray id", R_CAPTCHA), PS("please wait", R_CAPTCHA), PS("please stand by", R_CAPTCHA),
	PS("while we are checking your browser", R_CAPTCHA), PS("redirecting", R_CAPTCHA), PS("cloudflare", R_CAPTCHA),
	PS("security check", R_CAPTCHA), PS("why do i have to complete a captcha", R_CAPTCHA),
	PS("gives you temporary access to the web property", R_CAPTCHA), PS("please allow up to 5 seconds", R_CAPTCHA),
	PS("verify", R_CAPTCHA), PS("continue", R_CAPTCHA), PS("to continue", R_CAPTCHA), PS("please", R_CAPTCHA),
};

/* Titles of such pages: the whole title, or one of its parts between " | ",
 * " - " and the like ("Page not found | The Daily"). */
static const ns_scrub_entry title_tab[] = {
	PL("404", R_ERROR), PL("404 Not Found", R_ERROR), PL("Not Found", R_ERROR), PL("Page not found", R_ERROR),
	PL("404 Page not found", R_ERROR), PL("Error 404", R_ERROR), PL("404 Error", R_ERROR),
	PL("Error 404 Not Found", R_ERROR), PL("Error 404 Page not found", R_ERROR), PL("403 Forbidden", R_ERROR),
	PL("Forbidden", R_ERROR), PL("403", R_ERROR), PL("Access denied", R_ERROR), PL("Error", R_ERROR),
	PL("500 Internal Server Error", R_ERROR), PL("Internal Server Error", R_ERROR), PL("502 Bad Gateway", R_ERROR),
	PL("Bad Gateway", R_ERROR), PL("503 Service Unavailable", R_ERROR), PL("Service Unavailable", R_ERROR),
	PL("504 Gateway Timeout", R_ERROR), PL("Page introuvable", R_ERROR), PL("Erreur 404", R_ERROR),
	PL("Page non trouvée", R_ERROR), PL("Seite nicht gefunden", R_ERROR), PL("Fehler 404", R_ERROR),
	PL("Página no encontrada", R_ERROR), PL("Pagina non trovata", R_ERROR), PL("Página não encontrada", R_ERROR),
	PL("Pagina niet gevonden", R_ERROR), PL("Stránka nenalezena", R_ERROR), PL("Η σελίδα δεν βρέθηκε", R_ERROR),
	PL("Страница не найдена", R_ERROR), PL("Ошибка 404", R_ERROR), PL("الصفحة غير موجودة", R_ERROR),
	PL("הדף לא נמצא", R_ERROR), PL("पृष्ठ नहीं मिला", R_ERROR),
	PL("Just a moment", R_CAPTCHA), PL("Attention Required", R_CAPTCHA), PL("Are you a robot", R_CAPTCHA),
	PL("Robot check", R_CAPTCHA), PL("Security check", R_CAPTCHA), PL("Captcha", R_CAPTCHA),
	PL("Verify you are human", R_CAPTCHA), PL("Access to this page has been denied", R_CAPTCHA),
	PL("Human verification", R_CAPTCHA), PL("One moment, please", R_CAPTCHA), PL("DDoS-Guard", R_CAPTCHA),
	PL("Checking your browser", R_CAPTCHA),
	PL("Subscribe to read", R_PAYWALL),
	PL("Please enable JavaScript", R_JS), PL("JavaScript is disabled", R_JS), PL("JavaScript required", R_JS),
	PL("Before you continue", R_CONSENT), PL("Before you continue to Google", R_CONSENT),
	PL("Privacy settings", R_CONSENT), PL("We value your privacy", R_CONSENT),
	PL("Cookie consent", R_COOKIE),
};

/* ------------------------------------------------------------------ */
/* Metadata words: the kind field holds the category (low four bits) and
 * its value (the month's number, high four bits).                      */

enum { M_MONTH = 1, M_WEEKDAY, M_LABEL, M_CONNECT, M_BY, M_TZ, M_AGO_UNIT, M_AGO, M_READ, M_TIMESUF, M_YEARSUF };

#define MW(t, c, v) { t, "", (uint8_t)((c) | (v) << 4), NS_SCRUB_LINE }

static const ns_scrub_entry meta_tab[] = {
	MW("january", M_MONTH, 1), MW("february", M_MONTH, 2), MW("march", M_MONTH, 3), MW("april", M_MONTH, 4),
	MW("may", M_MONTH, 5), MW("june", M_MONTH, 6), MW("july", M_MONTH, 7), MW("august", M_MONTH, 8),
	MW("september", M_MONTH, 9), MW("october", M_MONTH, 10), MW("november", M_MONTH, 11), MW("december", M_MONTH, 12),
	MW("jan", M_MONTH, 1), MW("feb", M_MONTH, 2), MW("mar", M_MONTH, 3), MW("apr", M_MONTH, 4), MW("jun", M_MONTH, 6),
	MW("jul", M_MONTH, 7), MW("aug", M_MONTH, 8), MW("sep", M_MONTH, 9), MW("sept", M_MONTH, 9), MW("oct", M_MONTH, 10),
	MW("nov", M_MONTH, 11), MW("dec", M_MONTH, 12),
	MW("janvier", M_MONTH, 1), MW("février", M_MONTH, 2), MW("mars", M_MONTH, 3), MW("avril", M_MONTH, 4),
	MW("mai", M_MONTH, 5), MW("juin", M_MONTH, 6), MW("juillet", M_MONTH, 7), MW("août", M_MONTH, 8),
	MW("septembre", M_MONTH, 9), MW("octobre", M_MONTH, 10), MW("novembre", M_MONTH, 11), MW("décembre", M_MONTH, 12),
	MW("janv", M_MONTH, 1), MW("févr", M_MONTH, 2), MW("avr", M_MONTH, 4), MW("juil", M_MONTH, 7),
	MW("Januar", M_MONTH, 1), MW("Jänner", M_MONTH, 1), MW("Februar", M_MONTH, 2), MW("März", M_MONTH, 3),
	MW("Juni", M_MONTH, 6), MW("Juli", M_MONTH, 7), MW("Oktober", M_MONTH, 10), MW("Dezember", M_MONTH, 12),
	MW("Okt", M_MONTH, 10), MW("Dez", M_MONTH, 12), MW("Mrz", M_MONTH, 3),
	MW("enero", M_MONTH, 1), MW("febrero", M_MONTH, 2), MW("marzo", M_MONTH, 3), MW("abril", M_MONTH, 4),
	MW("mayo", M_MONTH, 5), MW("junio", M_MONTH, 6), MW("julio", M_MONTH, 7), MW("agosto", M_MONTH, 8),
	MW("septiembre", M_MONTH, 9), MW("setiembre", M_MONTH, 9), MW("octubre", M_MONTH, 10), MW("noviembre", M_MONTH, 11),
	MW("diciembre", M_MONTH, 12), MW("ene", M_MONTH, 1), MW("abr", M_MONTH, 4), MW("dic", M_MONTH, 12),
	MW("gennaio", M_MONTH, 1), MW("febbraio", M_MONTH, 2), MW("aprile", M_MONTH, 4), MW("maggio", M_MONTH, 5),
	MW("giugno", M_MONTH, 6), MW("luglio", M_MONTH, 7), MW("settembre", M_MONTH, 9), MW("ottobre", M_MONTH, 10),
	MW("dicembre", M_MONTH, 12),
	MW("janeiro", M_MONTH, 1), MW("fevereiro", M_MONTH, 2), MW("março", M_MONTH, 3), MW("maio", M_MONTH, 5),
	MW("junho", M_MONTH, 6), MW("julho", M_MONTH, 7), MW("setembro", M_MONTH, 9), MW("outubro", M_MONTH, 10),
	MW("novembro", M_MONTH, 11), MW("dezembro", M_MONTH, 12),
	MW("januari", M_MONTH, 1), MW("februari", M_MONTH, 2), MW("maart", M_MONTH, 3), MW("mei", M_MONTH, 5),
	MW("augustus", M_MONTH, 8), MW("mrt", M_MONTH, 3),
	MW("ledna", M_MONTH, 1), MW("února", M_MONTH, 2), MW("března", M_MONTH, 3), MW("dubna", M_MONTH, 4),
	MW("května", M_MONTH, 5), MW("června", M_MONTH, 6), MW("července", M_MONTH, 7), MW("srpna", M_MONTH, 8),
	MW("září", M_MONTH, 9), MW("října", M_MONTH, 10), MW("listopadu", M_MONTH, 11), MW("prosince", M_MONTH, 12),
	MW("Ιανουαρίου", M_MONTH, 1), MW("Φεβρουαρίου", M_MONTH, 2), MW("Μαρτίου", M_MONTH, 3), MW("Απριλίου", M_MONTH, 4),
	MW("Μαΐου", M_MONTH, 5), MW("Ιουνίου", M_MONTH, 6), MW("Ιουλίου", M_MONTH, 7), MW("Αυγούστου", M_MONTH, 8),
	MW("Σεπτεμβρίου", M_MONTH, 9), MW("Οκτωβρίου", M_MONTH, 10), MW("Νοεμβρίου", M_MONTH, 11),
	MW("Δεκεμβρίου", M_MONTH, 12),
	MW("января", M_MONTH, 1), MW("февраля", M_MONTH, 2), MW("марта", M_MONTH, 3), MW("апреля", M_MONTH, 4),
	MW("мая", M_MONTH, 5), MW("июня", M_MONTH, 6), MW("июля", M_MONTH, 7), MW("августа", M_MONTH, 8),
	MW("сентября", M_MONTH, 9), MW("октября", M_MONTH, 10), MW("ноября", M_MONTH, 11), MW("декабря", M_MONTH, 12),

	MW("monday", M_WEEKDAY, 1), MW("tuesday", M_WEEKDAY, 2), MW("wednesday", M_WEEKDAY, 3),
	MW("thursday", M_WEEKDAY, 4), MW("friday", M_WEEKDAY, 5), MW("saturday", M_WEEKDAY, 6), MW("sunday", M_WEEKDAY, 7),
	MW("mon", M_WEEKDAY, 1), MW("tue", M_WEEKDAY, 2), MW("tues", M_WEEKDAY, 2), MW("wed", M_WEEKDAY, 3),
	MW("thu", M_WEEKDAY, 4), MW("thur", M_WEEKDAY, 4), MW("thurs", M_WEEKDAY, 4), MW("fri", M_WEEKDAY, 5),
	MW("sat", M_WEEKDAY, 6), MW("sun", M_WEEKDAY, 7),
	MW("lundi", M_WEEKDAY, 1), MW("mardi", M_WEEKDAY, 2), MW("mercredi", M_WEEKDAY, 3), MW("jeudi", M_WEEKDAY, 4),
	MW("vendredi", M_WEEKDAY, 5), MW("samedi", M_WEEKDAY, 6), MW("dimanche", M_WEEKDAY, 7),
	MW("Montag", M_WEEKDAY, 1), MW("Dienstag", M_WEEKDAY, 2), MW("Mittwoch", M_WEEKDAY, 3),
	MW("Donnerstag", M_WEEKDAY, 4), MW("Freitag", M_WEEKDAY, 5), MW("Samstag", M_WEEKDAY, 6), MW("Sonntag", M_WEEKDAY, 7),
	MW("lunes", M_WEEKDAY, 1), MW("martes", M_WEEKDAY, 2), MW("miércoles", M_WEEKDAY, 3), MW("jueves", M_WEEKDAY, 4),
	MW("viernes", M_WEEKDAY, 5), MW("sábado", M_WEEKDAY, 6), MW("domingo", M_WEEKDAY, 7),
	MW("lunedì", M_WEEKDAY, 1), MW("martedì", M_WEEKDAY, 2), MW("mercoledì", M_WEEKDAY, 3),
	MW("giovedì", M_WEEKDAY, 4), MW("venerdì", M_WEEKDAY, 5), MW("sabato", M_WEEKDAY, 6),
	MW("domenica", M_WEEKDAY, 7),
	MW("segunda-feira", M_WEEKDAY, 1), MW("terça-feira", M_WEEKDAY, 2), MW("quarta-feira", M_WEEKDAY, 3),
	MW("quinta-feira", M_WEEKDAY, 4), MW("sexta-feira", M_WEEKDAY, 5),
	MW("maandag", M_WEEKDAY, 1), MW("dinsdag", M_WEEKDAY, 2), MW("woensdag", M_WEEKDAY, 3),
	MW("donderdag", M_WEEKDAY, 4), MW("vrijdag", M_WEEKDAY, 5), MW("zaterdag", M_WEEKDAY, 6), MW("zondag", M_WEEKDAY, 7),

	MW("date", M_LABEL, 0), MW("dated", M_LABEL, 0), MW("published", M_LABEL, 0), MW("first published", M_LABEL, 0),
	MW("last published", M_LABEL, 0), MW("updated", M_LABEL, 0), MW("last updated", M_LABEL, 0),
	MW("posted", M_LABEL, 0), MW("modified", M_LABEL, 0), MW("last modified", M_LABEL, 0), MW("created", M_LABEL, 0),
	MW("publié", M_LABEL, 0), MW("mis à jour", M_LABEL, 0), MW("mise à jour", M_LABEL, 0), MW("modifié", M_LABEL, 0),
	MW("actualisé", M_LABEL, 0), MW("veröffentlicht", M_LABEL, 0), MW("aktualisiert", M_LABEL, 0),
	MW("zuletzt aktualisiert", M_LABEL, 0), MW("Stand", M_LABEL, 0), MW("Datum", M_LABEL, 0), MW("erstellt", M_LABEL, 0),
	MW("publicado", M_LABEL, 0), MW("actualizado", M_LABEL, 0), MW("fecha", M_LABEL, 0),
	MW("última actualización", M_LABEL, 0), MW("pubblicato", M_LABEL, 0), MW("aggiornato", M_LABEL, 0),
	MW("ultimo aggiornamento", M_LABEL, 0), MW("data", M_LABEL, 0), MW("atualizado", M_LABEL, 0),
	MW("última atualização", M_LABEL, 0), MW("gepubliceerd", M_LABEL, 0), MW("bijgewerkt", M_LABEL, 0),
	MW("laatst bijgewerkt", M_LABEL, 0), MW("publikováno", M_LABEL, 0), MW("aktualizováno", M_LABEL, 0),
	MW("δημοσιεύθηκε", M_LABEL, 0), MW("δημοσίευση", M_LABEL, 0), MW("ενημερώθηκε", M_LABEL, 0),
	MW("τελευταία ενημέρωση", M_LABEL, 0), MW("опубликовано", M_LABEL, 0), MW("обновлено", M_LABEL, 0),
	MW("дата", M_LABEL, 0), MW("дата публикации", M_LABEL, 0), MW("نشر", M_LABEL, 0), MW("تاريخ النشر", M_LABEL, 0),
	MW("آخر تحديث", M_LABEL, 0), MW("تم النشر", M_LABEL, 0), MW("פורסם", M_LABEL, 0), MW("עודכן", M_LABEL, 0),
	MW("עדכון אחרון", M_LABEL, 0), MW("प्रकाशित", M_LABEL, 0), MW("अपडेट", M_LABEL, 0), MW("अपडेटेड", M_LABEL, 0),

	MW("on", M_CONNECT, 0), MW("at", M_CONNECT, 0), MW("le", M_CONNECT, 0), MW("à", M_CONNECT, 0),
	MW("am", M_CONNECT, 0), MW("um", M_CONNECT, 0), MW("el", M_CONNECT, 0), MW("il", M_CONNECT, 0),
	MW("alle", M_CONNECT, 0), MW("em", M_CONNECT, 0), MW("às", M_CONNECT, 0), MW("op", M_CONNECT, 0),
	MW("om", M_CONNECT, 0), MW("dne", M_CONNECT, 0), MW("v", M_CONNECT, 0), MW("в", M_CONNECT, 0),
	MW("στις", M_CONNECT, 0), MW("في", M_CONNECT, 0),

	MW("by", M_BY, 0), MW("written by", M_BY, 0), MW("reporting by", M_BY, 0), MW("words by", M_BY, 0),
	MW("par", M_BY, 0), MW("von", M_BY, 0), MW("por", M_BY, 0), MW("di", M_BY, 0), MW("door", M_BY, 0),

	MW("EST", M_TZ, 0), MW("EDT", M_TZ, 0), MW("CST", M_TZ, 0), MW("CDT", M_TZ, 0), MW("MST", M_TZ, 0),
	MW("MDT", M_TZ, 0), MW("PST", M_TZ, 0), MW("PDT", M_TZ, 0), MW("ET", M_TZ, 0), MW("CT", M_TZ, 0),
	MW("PT", M_TZ, 0), MW("GMT", M_TZ, 0), MW("UTC", M_TZ, 0), MW("BST", M_TZ, 0), MW("CET", M_TZ, 0),
	MW("CEST", M_TZ, 0), MW("EET", M_TZ, 0), MW("EEST", M_TZ, 0), MW("IST", M_TZ, 0), MW("MSK", M_TZ, 0),
	MW("JST", M_TZ, 0), MW("AEST", M_TZ, 0), MW("AEDT", M_TZ, 0), MW("HKT", M_TZ, 0), MW("SGT", M_TZ, 0),
	MW("WIB", M_TZ, 0), MW("MEZ", M_TZ, 0), MW("MESZ", M_TZ, 0),

	MW("minute", M_AGO_UNIT, 0), MW("minutes", M_AGO_UNIT, 0), MW("min", M_AGO_UNIT, 0), MW("mins", M_AGO_UNIT, 0),
	MW("hour", M_AGO_UNIT, 0), MW("hours", M_AGO_UNIT, 0), MW("hr", M_AGO_UNIT, 0), MW("hrs", M_AGO_UNIT, 0),
	MW("day", M_AGO_UNIT, 0), MW("days", M_AGO_UNIT, 0), MW("week", M_AGO_UNIT, 0), MW("weeks", M_AGO_UNIT, 0),
	MW("ago", M_AGO, 0), MW("read", M_READ, 0),
	MW("uhr", M_TIMESUF, 0), MW("h", M_TIMESUF, 0), MW("hod", M_TIMESUF, 0), MW("ч", M_TIMESUF, 0),
	MW("г", M_YEARSUF, 0), MW("года", M_YEARSUF, 0),
};

/* Lower-case words allowed between the capitalised words of a name, and
 * the words that join two names of a byline. */
static const char *const name_particles[] = {
	"al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "el", "ibn", "la", "le",
	"st", "ten", "ter", "van", "von", "zu",
};
static const char *const name_joins[] = { "and", "e", "en", "et", "i", "y", "und", "и", "και" };

/* ------------------------------------------------------------------ */
/* Normal form.                                                        */

#define NORM_CAP 4096   /* bytes of a normal form; a longer line matches nothing */
#define NORM_MAXW 192   /* words of a normal form; a line with more matches nothing */
#define NORM_DECOMP 32  /* code points one character may decompose into */
#define NORM_FLAGS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD)

/* A line in normal form: word i is s[ws[i]..we[i]), from raw[rs[i]..re[i]). */
typedef struct {
	char s[NORM_CAP];
	size_t len;
	unsigned nw;
	uint16_t ws[NORM_MAXW], we[NORM_MAXW];
	uint32_t rs[NORM_MAXW], re[NORM_MAXW];
} normline;

enum { C_SEP = 0, C_KEEP, C_DROP };

static inline char ascii_fold(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return (char)(c + 32);
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return (char)c;
	return 0;
}

/* What becomes of a code point of a decomposed, case-folded character. */
static int cp_class(int32_t d)
{
	if (d < 0x80) return ascii_fold((unsigned char)d) ? C_KEEP : C_SEP;
	switch (utf8proc_category(d)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_KEEP;
	case UTF8PROC_CATEGORY_LM:
		return d == 0x0640 ? C_DROP : C_KEEP; /* Arabic tatweel only stretches a word */
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_ME:
		/* accents, Arabic and Hebrew vowel marks, the Devanagari nukta;
		 * Devanagari vowel signs stay */
		return d < 0x0900 || d == 0x093C ? C_DROP : C_KEEP;
	case UTF8PROC_CATEGORY_CF:
		return C_DROP;
	default:
		return C_SEP;
	}
}

static int word_open(normline *L, size_t at)
{
	if (L->nw >= NORM_MAXW) return -1;
	if (L->len) {
		if (L->len + 1 >= NORM_CAP) return -1;
		L->s[L->len++] = ' ';
	}
	L->ws[L->nw] = (uint16_t)L->len;
	L->rs[L->nw] = (uint32_t)at;
	return 0;
}

static void word_close(normline *L, int *in)
{
	if (!*in) return;
	L->we[L->nw++] = (uint16_t)L->len;
	*in = 0;
}

/* The normal form of raw[0..n) into *L, or of its first maxw words only
 * (then 1 when words were left out).  -1 when it would be longer than
 * NORM_CAP bytes or NORM_MAXW words. */
static int norm_words(const char *raw, size_t n, normline *L, unsigned maxw)
{
	L->len = 0;
	L->nw = 0;
	int in = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)raw[i];
		if (c < 0x80) {
			char o = ascii_fold(c);
			if (!o) {
				word_close(L, &in);
			} else {
				if (!in) {
					if (L->nw >= maxw && maxw < NORM_MAXW) goto stop;
					if (word_open(L, i)) return -1;
				}
				in = 1;
				if (L->len + 1 >= NORM_CAP) return -1;
				L->s[L->len++] = o;
				L->re[L->nw] = (uint32_t)(i + 1);
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp, d[NORM_DECOMP];
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)raw + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) { /* invalid UTF-8: a word break */
			word_close(L, &in);
			i++;
			continue;
		}
		int bc = 0;
		utf8proc_ssize_t m = utf8proc_decompose_char(cp, d, NORM_DECOMP, NORM_FLAGS, &bc);
		if (m <= 0 || m > NORM_DECOMP) {
			word_close(L, &in);
			i += (size_t)k;
			continue;
		}
		for (utf8proc_ssize_t j = 0; j < m; j++) {
			int cl = cp_class(d[j]);
			if (cl == C_SEP) {
				word_close(L, &in);
			} else if (cl == C_DROP) {
				if (in) L->re[L->nw] = (uint32_t)(i + (size_t)k);
			} else {
				if (!in) {
					if (L->nw >= maxw && maxw < NORM_MAXW) goto stop;
					if (word_open(L, i)) return -1;
				}
				in = 1;
				if (L->len + 5 >= NORM_CAP) return -1;
				if (d[j] < 0x80) L->s[L->len++] = ascii_fold((unsigned char)d[j]);
				else L->len += (size_t)utf8proc_encode_char(d[j], (utf8proc_uint8_t *)L->s + L->len);
				L->re[L->nw] = (uint32_t)(i + (size_t)k);
			}
		}
		i += (size_t)k;
	}
	word_close(L, &in);
	L->s[L->len] = 0;
	return 0;
stop: /* the next word would open: the ones before it are closed */
	L->s[L->len] = 0;
	return 1;
}

/* The normal form of raw[0..n) into *L.  -1 when it would be longer than
 * NORM_CAP bytes or NORM_MAXW words. */
static int norm_line(const char *raw, size_t n, normline *L)
{
	return norm_words(raw, n, L, NORM_MAXW);
}

/* High bit of each byte of x that equals the byte of c (c repeated). */
static inline uint64_t bytes_eq(uint64_t x, uint64_t c)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t t = x ^ c;
	return ~(((t & low7) + low7) | t | low7);
}

/* Words of raw[0..n): runs of bytes other than space, tab and CR; counting
 * stops above stop.  Eight bytes at a time: a word starts at a byte that
 * is no space after one that is. */
static unsigned raw_words(const char *s, size_t n, unsigned stop)
{
	const uint64_t hi = 0x8080808080808080ULL;
	unsigned w = 0;
	uint64_t prev = 0x80; /* a space before the first byte */
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap64(x);
#endif
		uint64_t sp = bytes_eq(x, 0x2020202020202020ULL) | bytes_eq(x, 0x0909090909090909ULL) |
		              bytes_eq(x, 0x0d0d0d0d0d0d0d0dULL);
		uint64_t starts = (((sp << 8) | prev) & ~sp & hi) >> 7; /* 0 or 1 per byte */
		w += (unsigned)((starts * 0x0101010101010101ULL) >> 56);
		prev = sp >> 56;
		if (w > stop) return w;
	}
	int in = !prev;
	for (; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
		w += !sp && !in;
		in = !sp;
	}
	return w;
}

#if defined(__SSE2__)
static inline unsigned pop16(unsigned x) /* bits set in x < 2^16 */
{
	x = x - (x >> 1 & 0x5555u);
	x = (x & 0x3333u) + (x >> 2 & 0x3333u);
	x = (x + (x >> 4)) & 0x0f0fu;
	return (x + (x >> 8)) & 0x1fu;
}
#endif

static int is_ascii(const char *s, size_t n)
{
	uint64_t any = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		any |= x;
	}
	for (; i < n; i++) any |= (unsigned char)s[i];
	return !(any & 0x8080808080808080ULL);
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Entry sets.                                                          */

#define POOL_CAP 65536      /* normal forms of all tables and the trigger words */
#define NCLS 16             /* kinds and reasons a phrase may have */
#define PHRASE_SALT 0x5bd1e9955bd1e995ULL

static char pool[POOL_CAP];
static size_t pool_len;

#define FNV_INIT 0xcbf29ce484222325ULL

static inline uint64_t fnv_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline uint64_t fnv_mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return h ? h : 1;
}

static uint64_t hbytes(const char *s, size_t n)
{
	return fnv_mix(fnv_bytes(FNV_INIT, s, n)); /* FNV-1a, then a mix */
}

static uint64_t phrase_key(const char *s, size_t n)
{
	uint64_t h = hbytes(s, n) ^ PHRASE_SALT;
	return h ? h : 1;
}

static int line_role(unsigned match)
{
	return match != NS_SCRUB_PHRASE && match != NS_SCRUB_SUPPORT;
}

typedef struct {
	const ns_scrub_entry *e;
	size_t n;
	uint32_t *off;    /* normal form of entry i: pool + off[i], len[i] bytes, nw[i] words */
	uint16_t *len;
	uint8_t *nw;
	int32_t *next;    /* next entry of the same key, -1 */
	uint64_t *skey;   /* open addressing: key (0 = empty slot) -> first entry */
	int32_t *shead;
	size_t mask;
	unsigned max_line_words; /* most words of a line-role entry */
} scrub_set;

/* Storage of a set over table tab: 4 slots per entry, of which the largest
 * power of two is used (at least 2 per entry). */
#define SET_STORE(name, tab)                                                                                   \
	static uint32_t name##_off[SC_N(tab)];                                                                 \
	static uint16_t name##_len[SC_N(tab)];                                                                 \
	static uint8_t name##_nw[SC_N(tab)];                                                                   \
	static int32_t name##_next[SC_N(tab)];                                                                 \
	static uint64_t name##_skey[4 * SC_N(tab)];                                                            \
	static int32_t name##_shead[4 * SC_N(tab)];                                                            \
	static scrub_set name = { tab, SC_N(tab), name##_off, name##_len, name##_nw, name##_next,              \
	                          name##_skey, name##_shead, 0, 0 }

SET_STORE(boiler_set, boiler_tab);
SET_STORE(page_set, page_tab);
SET_STORE(title_set, title_tab);
SET_STORE(meta_set, meta_tab);

static normline build_scratch; /* used under pthread_once only */

static int same_entry(const scrub_set *S, int32_t a, size_t b)
{
	unsigned ma = S->e[a].match, mb = S->e[b].match;
	if (line_role(ma) != line_role(mb)) return 0;
	if (!line_role(ma) && S->e[a].kind != S->e[b].kind) return 0; /* a phrase may serve several kinds */
	return S->len[a] == S->len[b] && !memcmp(pool + S->off[a], pool + S->off[b], S->len[a]);
}

static void set_build(scrub_set *S)
{
	size_t cap = 1;
	while (cap * 2 <= 4 * S->n) cap *= 2;
	S->mask = cap - 1;
	for (size_t i = 0; i < S->n; i++) {
		normline *L = &build_scratch;
		int r = norm_line(S->e[i].text, strlen(S->e[i].text), L);
		/* a table entry is short, has words and fits */
		assert(r == 0 && L->nw > 0 && L->nw < 256 && pool_len + L->len + 1 <= POOL_CAP);
		(void)r;
		memcpy(pool + pool_len, L->s, L->len + 1);
		S->off[i] = (uint32_t)pool_len;
		S->len[i] = (uint16_t)L->len;
		S->nw[i] = (uint8_t)L->nw;
		pool_len += L->len + 1;
		S->next[i] = -1;
		assert(line_role(S->e[i].match) || S->e[i].kind < NCLS); /* a phrase's kind is a bit of a mask */
		uint64_t key;
		if (line_role(S->e[i].match)) {
			key = hbytes(L->s, L->len);
			if (L->nw > S->max_line_words) S->max_line_words = L->nw;
		} else {
			key = phrase_key(L->s, L->we[0]);
		}
		size_t j = key & S->mask;
		while (S->skey[j] && S->skey[j] != key) j = (j + 1) & S->mask;
		if (!S->skey[j]) {
			S->skey[j] = key;
			S->shead[j] = (int32_t)i;
			continue;
		}
		int32_t t = S->shead[j];
		for (;;) {
			assert(!same_entry(S, t, i)); /* each entry once */
			if (S->next[t] < 0) break;
			t = S->next[t];
		}
		S->next[t] = (int32_t)i;
	}
}

static int32_t set_chain(const scrub_set *S, uint64_t key)
{
	for (size_t j = key & S->mask; S->skey[j]; j = (j + 1) & S->mask)
		if (S->skey[j] == key) return S->shead[j];
	return -1;
}

/* The line-role entry whose normal form is s[0..n) (of hash key), or -1. */
static int32_t set_line_key(const scrub_set *S, const char *s, size_t n, uint64_t key)
{
	for (int32_t e = set_chain(S, key); e >= 0; e = S->next[e])
		if (line_role(S->e[e].match) && S->len[e] == n && !memcmp(pool + S->off[e], s, n)) return e;
	return -1;
}

static int32_t set_line(const scrub_set *S, const char *s, size_t n)
{
	return set_line_key(S, s, n, hbytes(s, n));
}

/* ------------------------------------------------------------------ */
/* Triggers of the boilerplate phrases.                                */

#define TRIG_MAX 256        /* trigger words */
#define TRIG_MIN 5          /* bytes of a trigger: it has windows at an even and an odd offset */
#define TKEY_MAX 2048       /* four-byte windows of all triggers: more make trig.all */
#define TKEY_BITS 12
#define TKEY_SLOTS (1u << TKEY_BITS)
#define TRIG_HASH_BITS 14   /* a byte a hash value: 16 KB */

/* A set of strings looked for in lines (with ASCII letters folded by
 * | 0x20): the triggers of the phrases. */
typedef struct {
	uint32_t off[TRIG_MAX];           /* folded bytes in the pool */
	uint16_t len[TRIG_MAX];
	size_t n;
	struct {
		uint32_t key;                 /* four folded bytes, little-endian */
		uint16_t str, off;            /* of string str at offset off */
	} key[2 * TRIG_MAX];
	size_t nkey, nwin;                /* windows in key; windows of the strings */
	uint16_t slot[TKEY_SLOTS];        /* open addressing: key index + 1, 0 = empty */
	unsigned char seen[1u << TRIG_HASH_BITS]; /* 1 for the hash of a window in key */
	int all;                          /* a string could not be added: every line holds one */
} tset;

static tset trig; /* triggers of the phrases: a phrase without one makes trig.all */

/* A little-endian 32-bit value as loaded from memory, in host order. */
static inline uint32_t le32_host(uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

static inline uint32_t tkey_hash(uint32_t w)
{
	return (w * 0x9e3779b1u) >> (32 - TKEY_BITS);
}

/* The hash of a window w (four folded bytes, the first in the low byte):
 * its two halves multiplied in 16 bits, so that SSE2 hashes eight at once. */
#define TRIG_K1 0x9e37u
#define TRIG_K2 0x85ebu
static inline unsigned trig_bhash(uint32_t w)
{
	unsigned a = ((w & 0xffffu) * TRIG_K1 + (w >> 16) * TRIG_K2) & 0xffffu;
	return (a ^ a >> 7) >> (16 - TRIG_HASH_BITS);
}

static int folded_eq(const char *a, const char *folded, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)a[i] | 0x20u) != (unsigned char)folded[i]) return 0;
	return 1;
}

/* How common a folded byte is in text (English letter frequencies, per
 * mille): the rarest windows of a string are the ones looked for. */
static uint64_t byte_freq(unsigned char c)
{
	static const unsigned char letter[26] = { 82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24,
	                                          67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1 };
	if (c >= 'a' && c <= 'z') return letter[c - 'a'];
	if (c == ' ') return 180;
	return c < 0x80 ? 10 : 1;
}

static uint64_t window_score(const char *f)
{
	return byte_freq((unsigned char)f[0]) * byte_freq((unsigned char)f[1]) * byte_freq((unsigned char)f[2]) *
	       byte_freq((unsigned char)f[3]);
}

static void tset_add(tset *T, const char *b, size_t n)
{
	if (n < TRIG_MIN || T->n >= TRIG_MAX || T->nwin + n > TKEY_MAX || pool_len + n > POOL_CAP) {
		T->all = 1;
		return;
	}
	char *f = pool + pool_len;
	for (size_t i = 0; i < n; i++) f[i] = (char)((unsigned char)b[i] | 0x20u);
	for (size_t t = 0; t < T->n; t++)
		if (T->len[t] == n && !memcmp(pool + T->off[t], f, n)) return;
	T->off[T->n] = (uint32_t)pool_len;
	T->len[T->n] = (uint16_t)n;
	pool_len += n;
	T->nwin += n - 3;
	/* lines are read at even places: a string that starts at an even
	 * place has its windows at even offsets there, one at an odd place
	 * those at odd offsets.  One of each suffices: the rarest. */
	for (size_t par = 0; par < 2; par++) {
		size_t best = par;
		uint64_t bests = ~(uint64_t)0;
		for (size_t o = par; o + 4 <= n; o += 2)
			if (window_score(f + o) < bests) best = o, bests = window_score(f + o);
		uint32_t key;
		memcpy(&key, f + best, 4);
		key = le32_host(key);
		T->key[T->nkey].key = key;
		T->key[T->nkey].str = (uint16_t)T->n;
		T->key[T->nkey].off = (uint16_t)best;
		uint32_t h = tkey_hash(key);
		while (T->slot[h]) h = (h + 1) & (TKEY_SLOTS - 1);
		T->slot[h] = (uint16_t)++T->nkey;
		T->seen[trig_bhash(key)] = 1;
	}
	T->n++;
}

static void trig_add(const char *b, size_t n)
{
	tset_add(&trig, b, n);
}

/* Does cp survive normalisation unchanged (so its bytes in a line are the
 * bytes of the table)? */
static int cp_stable(int32_t cp)
{
	if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	utf8proc_int32_t d[4];
	int bc = 0;
	utf8proc_category_t c = utf8proc_category(cp);
	if (c != UTF8PROC_CATEGORY_LL && c != UTF8PROC_CATEGORY_LO) return 0;
	return utf8proc_decompose_char(cp, d, 4, NORM_FLAGS, &bc) == 1 && d[0] == cp;
}

/* The trigger of phrase t: a known rare word in it, else its longest run
 * of stable letters. */
static void trig_for(const char *t)
{
	size_t n = strlen(t);
	for (size_t w = 0; w < SC_N(boiler_trigger_words); w++) {
		const char *tw = boiler_trigger_words[w];
		size_t m = strlen(tw);
		char f[64];
		assert(m < sizeof f);
		for (size_t i = 0; i < m; i++) f[i] = (char)((unsigned char)tw[i] | 0x20u);
		for (size_t i = 0; i + m <= n; i++)
			if (folded_eq(t + i, f, m)) {
				trig_add(tw, m);
				return;
			}
	}
	size_t best = 0, bestlen = 0, run = 0, i = 0;
	int inrun = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) k = 1, cp = -1;
		if (cp >= 0 && cp_stable(cp)) {
			if (!inrun) run = i;
			inrun = 1;
			if (i + (size_t)k - run > bestlen) best = run, bestlen = i + (size_t)k - run;
		} else {
			inrun = 0;
		}
		i += (size_t)k;
	}
	trig_add(t + best, bestlen);
}

/* Is a string of T at s[i..) whose window at its offset there is w (folded)? */
static int tset_at(const tset *T, const char *s, size_t n, size_t i, uint32_t w)
{
	for (uint32_t h = tkey_hash(w); T->slot[h]; h = (h + 1) & (TKEY_SLOTS - 1)) {
		size_t k = T->slot[h] - 1u, o = T->key[k].off, t = T->key[k].str;
		if (T->key[k].key == w && i >= o && i - o + T->len[t] <= n && folded_eq(s + i - o, pool + T->off[t], T->len[t]))
			return 1;
	}
	return 0;
}

static inline uint32_t folded_window(const char *s)
{
	uint32_t w;
	memcpy(&w, s, 4);
	return le32_host(w) | 0x20202020u;
}

/* Does s[0..n) hold a string of T?  The four bytes at every even place,
 * folded, are hashed and tested in a table of the hashes of the chosen
 * windows, and looked up on a hit: a string of TRIG_MIN bytes or more has
 * a chosen window at an even place wherever it starts.  Eight places a
 * round (with SSE2) or four, with one branch. */
static int tset_find(const tset *T, const char *s, size_t n)
{
	if (T->all) return 1;
	const unsigned char *seen = T->seen;
	size_t i = 0;
#if defined(__SSE2__)
	const __m128i f = _mm_set1_epi8(0x20), k1 = _mm_set1_epi16((short)TRIG_K1), k2 = _mm_set1_epi16((short)TRIG_K2);
	for (; i + 18 <= n; i += 16) {
		__m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), f);
		__m128i y = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 2)), f);
		__m128i a = _mm_add_epi16(_mm_mullo_epi16(x, k1), _mm_mullo_epi16(y, k2));
		a = _mm_srli_epi16(_mm_xor_si128(a, _mm_srli_epi16(a, 7)), 16 - TRIG_HASH_BITS);
		uint16_t h[8];
		_mm_storeu_si128((__m128i *)(void *)h, a);
		if (!(seen[h[0]] | seen[h[1]] | seen[h[2]] | seen[h[3]] | seen[h[4]] | seen[h[5]] | seen[h[6]] | seen[h[7]]))
			continue;
		for (size_t k = 0; k < 8; k++)
			if (seen[h[k]] && tset_at(T, s, n, i + 2 * k, folded_window(s + i + 2 * k))) return 1;
	}
#endif
	for (; i + 10 <= n; i += 8) {
		uint32_t w0 = folded_window(s + i), w1 = folded_window(s + i + 2), w2 = folded_window(s + i + 4),
			 w3 = folded_window(s + i + 6);
		unsigned b0 = seen[trig_bhash(w0)], b1 = seen[trig_bhash(w1)], b2 = seen[trig_bhash(w2)],
			 b3 = seen[trig_bhash(w3)];
		if (!(b0 | b1 | b2 | b3)) continue;
		if ((b0 && tset_at(T, s, n, i, w0)) || (b1 && tset_at(T, s, n, i + 2, w1)) ||
		    (b2 && tset_at(T, s, n, i + 4, w2)) || (b3 && tset_at(T, s, n, i + 6, w3)))
			return 1;
	}
	for (; i + 4 <= n; i += 2) {
		uint32_t w = folded_window(s + i);
		if (seen[trig_bhash(w)] && tset_at(T, s, n, i, w)) return 1;
	}
	return 0;
}

/* Does s[0..n) hold a trigger? */
static int has_trigger(const char *s, size_t n)
{
	return tset_find(&trig, s, n);
}

/* ------------------------------------------------------------------ */
/* Anchors of the phrases.                                             */

/* Where a phrase matches a line of ASCII bytes, the line holds (folded)
 * each word of the phrase's normal form, so a part of one will do as the
 * phrase's anchor (anchor_for).  Anchors are looked for like triggers but
 * at every fourth place only: an anchor of seven bytes or more has a window
 * inside it at such a place wherever it starts; one of six bytes lacks one
 * for one start in four, where the window holds its last three bytes and
 * the byte after it.  An anchor is a whole word, so that byte is no letter
 * or digit (or the end of the line, read as a space): the 38 values such a
 * byte of an ASCII line may have folded are entered (with the digits, from
 * the control bytes 0x10 to 0x19). */

#define ANCHOR_MIN 6        /* bytes of an anchor */
#define ANCHOR_MAX 256      /* anchors */
#define AKEY_MAX 2048       /* windows entered */
#define AKEY_BITS 12
#define AKEY_SLOTS (1u << AKEY_BITS)
#define ANCHOR_HASH_BITS 15 /* a byte a hash value: 32 KB */
#define ANCHOR_K 0x7feb352du /* two 16-bit factors, for SSE2's pmaddwd */

static struct {
	uint32_t off[ANCHOR_MAX];         /* folded bytes in the pool */
	uint16_t len[ANCHOR_MAX];
	size_t n;
	struct {
		uint32_t key;                 /* four folded bytes, little-endian */
		uint16_t str, off;            /* of anchor str at offset off */
	} key[AKEY_MAX];
	size_t nkey;
	uint16_t slot[AKEY_SLOTS];        /* open addressing: key index + 1, 0 = empty */
	unsigned char seen[1u << ANCHOR_HASH_BITS]; /* 1 for the hash of a window in key */
	int all;                          /* a phrase without an anchor: every line may hold one */
} anchor;

static inline int32_t int16_of(uint32_t v)
{
	return (int32_t)(v & 0xffffu) - (int32_t)(v & 0x8000u) * 2;
}

/* The hash of a window w: its halves times the halves of ANCHOR_K as
 * signed 16-bit numbers, summed (pmaddwd), mixed. */
static inline unsigned anchor_hash(uint32_t w)
{
	uint32_t a = (uint32_t)(int16_of(w) * int16_of(ANCHOR_K) + int16_of(w >> 16) * int16_of(ANCHOR_K >> 16));
	return (a ^ a >> 15) & ((1u << ANCHOR_HASH_BITS) - 1);
}

static void anchor_key(uint32_t key, size_t str, size_t off)
{
	assert(anchor.nkey < AKEY_MAX);
	anchor.key[anchor.nkey].key = key;
	anchor.key[anchor.nkey].str = (uint16_t)str;
	anchor.key[anchor.nkey].off = (uint16_t)off;
	uint32_t h = tkey_hash(key) >> (TKEY_BITS - AKEY_BITS);
	while (anchor.slot[h]) h = (h + 1) & (AKEY_SLOTS - 1);
	anchor.slot[h] = (uint16_t)++anchor.nkey;
	anchor.seen[anchor_hash(key)] = 1;
}

static void anchor_add(const char *b, size_t n)
{
	if (n < ANCHOR_MIN || anchor.n >= ANCHOR_MAX || anchor.nkey + 4 + 64 > AKEY_MAX || pool_len + n > POOL_CAP) {
		anchor.all = 1;
		return;
	}
	char *f = pool + pool_len;
	for (size_t i = 0; i < n; i++) f[i] = (char)((unsigned char)b[i] | 0x20u);
	for (size_t t = 0; t < anchor.n; t++)
		if (anchor.len[t] == n && !memcmp(pool + anchor.off[t], f, n)) return;
	size_t t = anchor.n++;
	anchor.off[t] = (uint32_t)pool_len;
	anchor.len[t] = (uint16_t)n;
	pool_len += n;
	/* for each start modulo 4, the rarest window at a place divisible by 4 */
	for (size_t r = 0; r < 4; r++) {
		size_t best = 0;
		uint64_t bests = ~(uint64_t)0;
		for (size_t o = (4 - r) % 4; o + 4 <= n; o += 4)
			if (window_score(f + o) < bests) best = o, bests = window_score(f + o);
		uint32_t key;
		if (bests != ~(uint64_t)0) {
			memcpy(&key, f + best, 4);
			anchor_key(le32_host(key), t, best);
			continue;
		}
		assert(n == 6 && r == 1); /* offset 3: the last three bytes and the next */
		key = (unsigned char)f[3] | (uint32_t)(unsigned char)f[4] << 8 | (uint32_t)(unsigned char)f[5] << 16;
		for (unsigned v = 0x20; v < 0x80; v++) { /* each folded value once */
			if (!(v & 0x20) || (ascii_fold((unsigned char)v) && ascii_fold((unsigned char)(v & ~0x20u)))) continue;
			anchor_key(key | (uint32_t)v << 24, t, 3);
		}
	}
}

/* Is an anchor at s[i..) whose window at its offset there is w (folded)? */
static int anchor_at(const char *s, size_t n, size_t i, uint32_t w)
{
	for (uint32_t h = tkey_hash(w) >> (TKEY_BITS - AKEY_BITS); anchor.slot[h]; h = (h + 1) & (AKEY_SLOTS - 1)) {
		size_t k = anchor.slot[h] - 1u, o = anchor.key[k].off, t = anchor.key[k].str;
		if (anchor.key[k].key == w && i >= o && i - o + anchor.len[t] <= n &&
		    folded_eq(s + i - o, pool + anchor.off[t], anchor.len[t]))
			return 1;
	}
	return 0;
}

/* Does s[0..n) hold an anchor?  The window at every fourth place is
 * hashed and tested, four a round with one branch (hashed at once with
 * SSE2); at the last place a window may reach one byte past the end,
 * which reads as a space. */
static int anchor_find(const char *s, size_t n)
{
	if (anchor.all) return 1;
	const unsigned char *seen = anchor.seen;
	size_t i = 0;
#if defined(__SSE2__)
	const __m128i f = _mm_set1_epi8(0x20), k = _mm_set1_epi32((int)ANCHOR_K),
		      mask = _mm_set1_epi32((1 << ANCHOR_HASH_BITS) - 1);
	for (; i + 16 <= n; i += 16) {
		__m128i a = _mm_madd_epi16(_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), f), k);
		a = _mm_and_si128(_mm_xor_si128(a, _mm_srli_epi32(a, 15)), mask);
		uint32_t h[4];
		_mm_storeu_si128((__m128i *)(void *)h, a);
		if (!(seen[h[0]] | seen[h[1]] | seen[h[2]] | seen[h[3]])) continue;
		for (size_t j = 0; j < 4; j++)
			if (seen[h[j]] && anchor_at(s, n, i + 4 * j, folded_window(s + i + 4 * j))) return 1;
	}
#endif
	for (; i + 4 <= n; i += 4) {
		uint32_t w = folded_window(s + i);
		if (seen[anchor_hash(w)] && anchor_at(s, n, i, w)) return 1;
	}
	if (i + 3 == n) {
		uint32_t w = ((unsigned char)s[i] | (uint32_t)(unsigned char)s[i + 1] << 8 |
		              (uint32_t)(unsigned char)s[i + 2] << 16 | 0x20000000u) | 0x00202020u;
		if (seen[anchor_hash(w)] && anchor_at(s, n, i, w)) return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Prefilters: which entries can start at a word.                      */

/* Most lines are neither boilerplate nor metadata, and the normal form
 * (utf8proc per character) and the lookups cost more than the answer is
 * worth.  So a line is first tested against exact supersets, by hashes
 * of its normal words: a line-role entry matches only when the line's
 * first word is a one-word entry or its first two words start an entry;
 * a strong phrase (phrase_kind needs one) only when a word is a one-word
 * phrase or two adjacent words start one (or, in a line of ASCII bytes,
 * when the line holds the phrase's anchor); a metadata field only at a
 * first word that starts a label, byline, date, weekday, time zone or
 * connector, or at a digit, or in a line with a '|' (a section).  A
 * line that passes (or whose hashes collide) takes the full way.  In a
 * line of ASCII bytes the normal words are the runs of ASCII letters and
 * digits, lower-cased: they are hashed from the line as written, without
 * normalising it. */

#define WSET_BITS 10        /* slots of an exact key set: half filled at most */
#define WSET_LINE_BITS 11   /* of the line-role keys */
#define WSET_BLOOM_BITS 15  /* a bitmap before each set: a missing key rarely reaches the set */

typedef struct {
	uint64_t *slot;
	unsigned bits;
	size_t used;
	uint64_t bloom[1u << (WSET_BLOOM_BITS - 6)];
} wset;

static uint64_t wset_line_slot[1u << WSET_LINE_BITS], wset_phrase_slot[1u << WSET_BITS],
	wset_meta_slot[1u << WSET_BITS];
static wset wset_line = { wset_line_slot, WSET_LINE_BITS, 0, { 0 } };   /* line-role entries' heads */
static wset wset_phrase = { wset_phrase_slot, WSET_BITS, 0, { 0 } };    /* strong phrases' heads */
static wset wset_meta = { wset_meta_slot, WSET_BITS, 0, { 0 } };        /* words that open a field */
static unsigned char fold_tab[256]; /* ascii_fold, and 0 for bytes that are no ASCII */

static inline uint64_t wh_step(uint64_t h, unsigned char c)
{
	return (h << 7 | h >> 57) ^ c;
}

static uint64_t wh_bytes(const char *s, size_t n)
{
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++) h = wh_step(h, (unsigned char)s[i]);
	return h;
}

/* The key of one word, and of two adjacent words. */
static inline uint64_t wkey(uint64_t h)
{
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return h ? h : 1;
}

static inline uint64_t wkey2(uint64_t a, uint64_t b)
{
	return wkey(a * 0xff51afd7ed558ccdULL + b + 0x632be59bd9b4e019ULL);
}

static inline int wset_has(const wset *t, uint64_t k)
{
	uint64_t b = k >> (64 - WSET_BLOOM_BITS);
	if (!(t->bloom[b >> 6] >> (b & 63) & 1)) return 0;
	size_t mask = ((size_t)1 << t->bits) - 1;
	for (size_t j = k & mask; t->slot[j]; j = (j + 1) & mask)
		if (t->slot[j] == k) return 1;
	return 0;
}

static void wset_add(wset *t, uint64_t k)
{
	size_t mask = ((size_t)1 << t->bits) - 1, j = k & mask;
	for (; t->slot[j]; j = (j + 1) & mask)
		if (t->slot[j] == k) return;
	assert(2 * (t->used + 1) <= mask + 1); /* half filled at most */
	t->slot[j] = k;
	t->used++;
	uint64_t b = k >> (64 - WSET_BLOOM_BITS);
	t->bloom[b >> 6] |= 1ULL << (b & 63);
}

/* The hashes of the first two words of entry i (its normal form in the
 * pool, words joined by one space); how many words (at most 2). */
static unsigned entry_heads(const scrub_set *S, size_t i, uint64_t *h0, uint64_t *h1)
{
	const char *p = pool + S->off[i], *e = p + S->len[i], *sp = memchr(p, ' ', S->len[i]);
	*h0 = wh_bytes(p, (size_t)((sp ? sp : e) - p));
	if (!sp) return 1;
	const char *q = sp + 1, *sp2 = memchr(q, ' ', (size_t)(e - q));
	*h1 = wh_bytes(q, (size_t)((sp2 ? sp2 : e) - q));
	return 2;
}

/* The anchor of phrase entry i: a whole word of its normal form, of
 * ANCHOR_MIN bytes or more, the one holding a known rare word
 * (boiler_trigger_words) if one does, else the rarest.  A phrase that is
 * not ASCII matches no line of ASCII bytes and needs none. */
static void anchor_for(const scrub_set *S, size_t i)
{
	const char *p = pool + S->off[i];
	size_t n = S->len[i];
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)p[k] >= 0x80) return;
	size_t best = 0, bestlen = 0;
	double bests = 2;
	for (size_t a = 0, b; a < n; a = b + 1) {
		const char *sp = memchr(p + a, ' ', n - a);
		b = sp ? (size_t)(sp - p) : n;
		if (b - a < ANCHOR_MIN) continue;
		double sc = 1;
		for (size_t k = a; k < b; k++) sc *= (double)byte_freq((unsigned char)p[k]) / 1000;
		for (size_t t = 0; t < SC_N(boiler_trigger_words); t++) {
			size_t m = strlen(boiler_trigger_words[t]);
			for (size_t k = a; k + m <= b; k++)
				if (!memcmp(p + k, boiler_trigger_words[t], m)) sc = 0; /* rarer than any */
		}
		if (sc < bests) best = a, bestlen = b - a, bests = sc;
	}
	anchor_add(p + best, bestlen); /* none of ANCHOR_MIN bytes: anchor.all */
}

static void prefilter_build(void)
{
	for (size_t i = 0; i < boiler_set.n; i++) {
		unsigned m = boiler_tab[i].match;
		if (m == NS_SCRUB_SUPPORT) continue;
		uint64_t h0, h1;
		uint64_t k = entry_heads(&boiler_set, i, &h0, &h1) == 1 ? wkey(h0) : wkey2(h0, h1);
		wset_add(m == NS_SCRUB_PHRASE ? &wset_phrase : &wset_line, k);
	}
	for (size_t i = 0; i < meta_set.n; i++) {
		int cat = meta_tab[i].kind & 15;
		if (cat != M_LABEL && cat != M_BY && cat != M_MONTH && cat != M_TZ && cat != M_WEEKDAY && cat != M_CONNECT)
			continue;
		uint64_t h0, h1;
		entry_heads(&meta_set, i, &h0, &h1);
		wset_add(&wset_meta, wkey(h0));
	}
	for (unsigned c = 0; c < 0x80; c++) fold_tab[c] = (unsigned char)ascii_fold((unsigned char)c);
	for (size_t i = 0; i < boiler_set.n; i++)
		if (boiler_tab[i].match == NS_SCRUB_PHRASE) anchor_for(&boiler_set, i);
}

/* May a line-role entry match a line whose first normal words hash to
 * h[0..nw) (nw: 2, or fewer when the line has fewer)?  Only when its first
 * word is a one-word entry or its first two start one. */
static int line_maybe(const uint64_t *h, size_t nw)
{
	return nw && (wset_has(&wset_line, wkey(h[0])) || (nw > 1 && wset_has(&wset_line, wkey2(h[0], h[1]))));
}

/* May a strong phrase match a line whose normal words hash to h[0..nw)? */
static int phrase_maybe(const uint64_t *h, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		if (wset_has(&wset_phrase, wkey(h[i])) || (i && wset_has(&wset_phrase, wkey2(h[i - 1], h[i])))) return 1;
	return 0;
}

/* The hashes of the first two normal words of s[0..n), a line of ASCII
 * bytes (its runs of letters and digits, lower-cased): how many. */
static unsigned ascii_heads(const char *s, size_t n, uint64_t *h)
{
	unsigned nw = 0;
	size_t i = 0;
	while (nw < 2) {
		while (i < n && !fold_tab[(unsigned char)s[i]]) i++;
		if (i == n) break;
		h[nw] = 0;
		for (; i < n && fold_tab[(unsigned char)s[i]]; i++) h[nw] = wh_step(h[nw], fold_tab[(unsigned char)s[i]]);
		nw++;
	}
	return nw;
}

/* The hashes of the normal words of L. */
static void norm_hashes(const normline *L, uint64_t *h)
{
	for (unsigned i = 0; i < L->nw; i++) h[i] = wh_bytes(L->s + L->ws[i], (size_t)(L->we[i] - L->ws[i]));
}

static pthread_once_t sc_once = PTHREAD_ONCE_INIT;

static void sc_build(void)
{
	set_build(&boiler_set);
	set_build(&page_set);
	set_build(&title_set);
	set_build(&meta_set);
	for (size_t i = 0; i < SC_N(boiler_tab); i++)
		if (boiler_tab[i].match == NS_SCRUB_PHRASE) trig_for(boiler_tab[i].text);
	prefilter_build();
}

static void sc_init(void)
{
	pthread_once(&sc_once, sc_build);
}

/* ------------------------------------------------------------------ */
/* Matching a line.                                                     */

/* Is the character at raw[p] (after spaces) not a letter or mark, or the
 * end of the line? */
static int mark_after(const char *raw, size_t n, size_t p)
{
	while (p < n && (raw[p] == ' ' || raw[p] == '\t')) p++;
	if (p >= n) return 1;
	unsigned char c = (unsigned char)raw[p];
	if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)raw + p, (utf8proc_ssize_t)(n - p), &cp) <= 0) return 1;
	utf8proc_category_t k = utf8proc_category(cp);
	return !(k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME);
}

/* The kind of a line-role entry that matches L (raw[0..n), rawwords
 * words), or -1. */
static int line_kind(const scrub_set *S, const normline *L, const char *raw, size_t n, unsigned rawwords)
{
	unsigned kmax = L->nw < S->max_line_words ? L->nw : S->max_line_words;
	uint64_t pre[NORM_MAXW]; /* FNV-1a of the first k words, as hbytes has it */
	uint64_t h = FNV_INIT;
	for (unsigned k = 1; k <= kmax; k++) {
		h = fnv_bytes(h, L->s + (k > 1 ? L->we[k - 2] : 0), L->we[k - 1] - (k > 1 ? L->we[k - 2] : 0));
		pre[k - 1] = h;
	}
	for (unsigned k = kmax; k >= 1; k--) {
		int32_t e = set_line_key(S, L->s, L->we[k - 1], fnv_mix(pre[k - 1]));
		if (e < 0) continue;
		unsigned m = S->e[e].match;
		if (m == NS_SCRUB_WORD) continue;
		if (k == L->nw) return S->e[e].kind;
		if (m == NS_SCRUB_LINE || rawwords > NS_SCRUB_START_MAX_WORDS) continue;
		if (m == NS_SCRUB_START_MARK && !mark_after(raw, n, L->re[k - 1])) continue;
		if (m == NS_SCRUB_START_AT && !memchr(raw, '@', n)) continue;
		return S->e[e].kind;
	}
	/* a line of single-word entries */
	if (L->nw < 2 || L->nw > NS_SCRUB_WORDS_MAX_WORDS) return -1;
	int kind = -1;
	for (unsigned i = 0; i < L->nw; i++) {
		int32_t e = set_line(S, L->s + L->ws[i], (size_t)(L->we[i] - L->ws[i]));
		if (e < 0) return -1;
		if (kind < 0) kind = S->e[e].kind;
	}
	return kind;
}

static inline void bits_set(uint64_t *b, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++) b[i >> 6] |= 1ULL << (i & 63);
}

/* The kind whose phrases dominate L: phrases of kinds with a strong phrase
 * in the line cover at least half its words; the kind covering most wins
 * (the lowest on a tie).  -1 when none. */
static int phrase_kind(const scrub_set *S, const normline *L)
{
	uint64_t cov[NCLS][NORM_MAXW / 64];
	uint32_t strong = 0;
	memset(cov, 0, sizeof cov);
	for (unsigned i = 0; i < L->nw; i++) {
		const char *w = L->s + L->ws[i];
		for (int32_t e = set_chain(S, phrase_key(w, (size_t)(L->we[i] - L->ws[i]))); e >= 0; e = S->next[e]) {
			unsigned m = S->e[e].match, k = S->nw[e];
			if (line_role(m) || i + k > L->nw) continue;
			if ((size_t)(L->we[i + k - 1] - L->ws[i]) != S->len[e] || memcmp(w, pool + S->off[e], S->len[e]))
				continue;
			bits_set(cov[S->e[e].kind], i, i + k);
			if (m == NS_SCRUB_PHRASE) strong |= 1u << S->e[e].kind;
		}
	}
	if (!strong) return -1;
	uint64_t all[NORM_MAXW / 64] = { 0 };
	int best = -1, bestn = 0;
	for (int c = 0; c < NCLS; c++) {
		if (!(strong >> c & 1)) continue;
		int nc = 0;
		for (unsigned j = 0; j < NORM_MAXW / 64; j++) {
			all[j] |= cov[c][j];
			nc += __builtin_popcountll(cov[c][j]);
		}
		if (nc > bestn) best = c, bestn = nc;
	}
	int tot = 0;
	for (unsigned j = 0; j < NORM_MAXW / 64; j++) tot += __builtin_popcountll(all[j]);
	return 2 * (unsigned)tot >= L->nw ? best : -1;
}

/* "© 2024 ...", "(c) AP": a copyright line, told before normalisation
 * (which drops the sign). */
static int copyright_sign(const char *s, size_t n)
{
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA9) return 1;
	return n >= 4 && s[0] == '(' && (s[1] == 'c' || s[1] == 'C') && s[2] == ')' &&
	       (s[3] == ' ' || (s[3] >= '0' && s[3] <= '9'));
}

/* ns_scrub_boiler_line for a line of w words (as raw_words(line, len,
 * NS_SCRUB_PHRASE_MAX_WORDS) counts them: exactly up to that many), of
 * ASCII bytes only when ascii is set. */
static int boiler_line(const char *line, size_t len, unsigned w, int ascii)
{
	if (!len || len > NS_SCRUB_PHRASE_MAX_BYTES || !w || w > NS_SCRUB_PHRASE_MAX_WORDS) return 0;
	normline L;
	if (w > NS_SCRUB_START_MAX_WORDS) { /* an ASCII line without an anchor holds no phrase */
		if ((ascii && !anchor_find(line, len)) || !has_trigger(line, len) || norm_line(line, len, &L)) return 0;
		return phrase_kind(&boiler_set, &L) + 1;
	}
	if (copyright_sign(line, len)) return NS_SCRUB_COPYRIGHT + 1;
	/* only what may match is looked for: a line-role entry (lm), a phrase
	 * (pm, -1 until known) */
	int lm, pm = -1;
	uint64_t h[NORM_MAXW];
	if (ascii) {
		unsigned nw = ascii_heads(line, len, h);
		if (!nw) return 0; /* no normal words */
		lm = line_maybe(h, nw);
		if (!lm && !(pm = anchor_find(line, len))) return 0;
		if (norm_line(line, len, &L) || !L.nw) return 0;
	} else {
		if (norm_line(line, len, &L) || !L.nw) return 0;
		norm_hashes(&L, h);
		lm = line_maybe(h, L.nw < 2 ? L.nw : 2);
		pm = phrase_maybe(h, L.nw);
		if (!lm && !pm) return 0;
	}
	int k = lm ? line_kind(&boiler_set, &L, line, len, w) : -1;
	if (k >= 0) return k + 1;
	if (pm < 0) pm = anchor_find(line, len);
	return pm ? phrase_kind(&boiler_set, &L) + 1 : 0;
}

int ns_scrub_boiler_line(const char *line, size_t len)
{
	if (!len || len > NS_SCRUB_PHRASE_MAX_BYTES) return 0;
	sc_init();
	return boiler_line(line, len, raw_words(line, len, NS_SCRUB_PHRASE_MAX_WORDS), is_ascii(line, len));
}

/* The first line of s[0..n): its length (up to the first '\n', or n),
 * in *words its words (raw_words: exactly, or with SSE2 all of them), and
 * in *ascii whether all its bytes are ASCII.  One pass, sixteen bytes at a
 * time where SSE2 is. */
static size_t line_words(const char *s, size_t n, unsigned *words, int *ascii)
{
#if defined(__SSE2__)
	/* a space: ' ', or '\t' or '\r', the bytes that | 0x04 makes '\r' */
	const __m128i nl = _mm_set1_epi8('\n'), sp = _mm_set1_epi8(' '), b4 = _mm_set1_epi8(0x04),
		      cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
	__m128i prev = _mm_set1_epi8(-1); /* a space before the first byte */
	__m128i sum = zero;               /* 255 a word start, in two 64-bit sums */
	__m128i hi = zero;                /* bytes above 0x7f */
	uint64_t w = 0;
	unsigned tail = 0;
	size_t i = 0;
	int end = 0;
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i isp = _mm_or_si128(_mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(_mm_or_si128(x, b4), cr));
		__m128i st = _mm_andnot_si128(isp, _mm_or_si128(_mm_slli_si128(isp, 1), _mm_srli_si128(prev, 15)));
		unsigned e = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl));
		if (e) {
			unsigned k = (unsigned)__builtin_ctz(e), below = (1u << k) - 1;
			w += pop16((unsigned)_mm_movemask_epi8(st) & below);
			tail = (unsigned)_mm_movemask_epi8(x) & below;
			i += k;
			end = 1;
			break;
		}
		sum = _mm_add_epi64(sum, _mm_sad_epu8(st, zero));
		hi = _mm_or_si128(hi, x);
		prev = isp;
	}
	if (!end) {
		unsigned pv = (unsigned)_mm_movemask_epi8(prev) >> 15;
		for (; i < n && s[i] != '\n'; i++) {
			unsigned c = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
			w += (c ^ 1) & pv;
			pv = c;
			tail |= (unsigned char)s[i] >> 7;
		}
	}
	uint64_t sums[2];
	_mm_storeu_si128((__m128i *)(void *)sums, sum);
	w += (sums[0] + sums[1]) / 255;
	*words = w > UINT32_MAX ? UINT32_MAX : (unsigned)w;
	*ascii = !tail && !_mm_movemask_epi8(hi);
	return i;
#else
	const char *e = memchr(s, '\n', n);
	size_t len = e ? (size_t)(e - s) : n;
	*words = raw_words(s, len, NS_SCRUB_PHRASE_MAX_WORDS);
	*ascii = is_ascii(s, len);
	return len;
#endif
}

ns_status ns_scrub_boiler(const char *text, size_t len, ns_buf *out, ns_scrub_stats *st)
{
	out->len = 0;
	if (ns_buf_reserve(out, len)) return NS_ERR_NOMEM;
	out->p[0] = 0;
	sc_init();
	/* The output is never longer than the input: room was reserved.  Kept
	 * lines are copied in runs: a line kept after the last one kept, with
	 * just the separator it gets between them, extends the run. */
	char *o = out->p;
	size_t olen = 0, rs = 0, re = 0; /* the run: text[rs..re) */
	int blank = 0, kept = 0;
	size_t p = 0;
	while (p < len) {
		unsigned w;
		int ascii;
		size_t at = p, n = line_words(text + p, len - p, &w, &ascii);
		p = at + n < len ? at + n + 1 : len;
		if (!w) { /* a blank line (is_blank) */
			blank = kept;
			continue;
		}
		if (st) st->lines++;
		int k = boiler_line(text + at, n, w, ascii);
		if (k) {
			if (st) st->removed[k - 1]++;
			continue;
		}
		size_t sep = !kept ? 0 : blank ? 2 : 1;
		if (kept && at - re == sep && !memcmp(text + re, "\n\n", sep)) {
			re = at + n;
		} else {
			if (kept) {
				memcpy(o + olen, text + rs, re - rs);
				olen += re - rs;
				memcpy(o + olen, "\n\n", sep);
				olen += sep;
			}
			rs = at;
			re = at + n;
		}
		kept = 1;
		blank = 0;
	}
	if (kept) {
		memcpy(o + olen, text + rs, re - rs);
		olen += re - rs;
	}
	o[olen] = 0;
	out->len = olen;
	return NS_OK;
}

const ns_scrub_entry *ns_scrub_entries(size_t *n)
{
	*n = SC_N(boiler_tab);
	return boiler_tab;
}

static const char *const kind_name[NS_SCRUB_NKINDS] = {
	"advertisement", "share", "read-more", "subscribe", "newsletter", "cookie-notice",
	"photo-credit", "copyright", "social-embed", "javascript", "page-tool",
};

const char *ns_scrub_kind_name(int kind)
{
	return kind >= 0 && kind < NS_SCRUB_NKINDS ? kind_name[kind] : "";
}

size_t ns_scrub_nkinds(void)
{
	return NS_SCRUB_NKINDS;
}

/* ------------------------------------------------------------------ */
/* Metadata at the start of a text.                                    */

#define META_LINES 3            /* non-blank lines looked at */
#define META_SCAN_BYTES 600     /* of a line: metadata never runs longer */
#define META_HEADLINE_WORDS 15  /* a kept line this short (a headline) does not end the search */
#define META_BOILER_MAX 8       /* boilerplate lines passed over ("Share this article") */
#define NAME_WORDS_MAX 4        /* capitalised words of one name */
#define NAMES_MAX 3             /* names joined in one byline */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at raw[p]: how many (0 when none or more than maxd), value in *v. */
static unsigned rdig(const char *s, size_t n, size_t p, unsigned maxd, int *v)
{
	unsigned k = 0;
	int x = 0;
	while (p + k < n && is_digit(s[p + k])) {
		if (++k > maxd) return 0;
		x = x * 10 + (s[p + k - 1] - '0');
	}
	*v = x;
	return k;
}

/* Does a word end at raw[p]: the end, or a character that is no letter,
 * digit or mark? */
static int raw_boundary(const char *s, size_t n, size_t p)
{
	if (p >= n) return 1;
	unsigned char c = (unsigned char)s[p];
	if (c < 0x80) return !ascii_fold(c);
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(n - p), &cp) <= 0) return 1;
	utf8proc_category_t k = utf8proc_category(cp);
	return !(k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO);
}

static int upper_at(const char *s, size_t n, size_t p)
{
	utf8proc_int32_t cp;
	if (p >= n || utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(n - p), &cp) <= 0) return 0;
	utf8proc_category_t k = utf8proc_category(cp);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static int lower_at(const char *s, size_t n, size_t p)
{
	utf8proc_int32_t cp;
	if (p >= n || utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(n - p), &cp) <= 0) return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* The first word of L at or after raw offset p. */
static unsigned word_from(const normline *L, unsigned i, size_t p)
{
	while (i < L->nw && L->rs[i] < p) i++;
	return i;
}

static int word_is(const normline *L, unsigned i, const char *w)
{
	size_t n = strlen(w);
	return i < L->nw && (size_t)(L->we[i] - L->ws[i]) == n && !memcmp(L->s + L->ws[i], w, n);
}

static int word_in(const normline *L, unsigned i, const char *const *list, size_t nlist)
{
	for (size_t k = 0; k < nlist; k++)
		if (word_is(L, i, list[k])) return 1;
	return 0;
}

/* Words i.. (at most 3, longest first) that are a metadata word of
 * category cat: how many, 0 when none; its value in *val. */
static unsigned meta_cat(const normline *L, unsigned i, int cat, int *val)
{
	for (unsigned k = 3; k >= 1; k--) {
		if (i + k > L->nw) continue;
		int32_t e = set_line(&meta_set, L->s + L->ws[i], (size_t)(L->we[i + k - 1] - L->ws[i]));
		if (e >= 0 && (meta_set.e[e].kind & 15) == cat) {
			if (val) *val = meta_set.e[e].kind >> 4;
			return k;
		}
	}
	return 0;
}

static int is_meta_word(const normline *L, unsigned i)
{
	return set_line(&meta_set, L->s + L->ws[i], (size_t)(L->we[i] - L->ws[i])) >= 0;
}

typedef struct {
	int y, m, d;
	int has_year;  /* a year was read */
	int ok;        /* y-m-d is a valid, unambiguous date */
} sc_date;

static int days_in(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return dm[m - 1];
}

static int date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

/* A day of the month as a word: 1 or 2 digits and maybe an ordinal ending
 * ("21st", "1er", "1o" from "1º"). */
static int day_word(const normline *L, unsigned i, int *d)
{
	static const char *const ord[] = { "", "st", "nd", "rd", "th", "er", "e", "o", "a" };
	if (i >= L->nw) return 0;
	const char *w = L->s + L->ws[i];
	size_t n = (size_t)(L->we[i] - L->ws[i]), k = 0;
	int v = 0;
	while (k < n && k < 3 && is_digit(w[k])) v = v * 10 + (w[k++] - '0');
	if (k == 0 || k > 2 || v < 1 || v > 31) return 0;
	for (size_t o = 0; o < SC_N(ord); o++)
		if (n - k == strlen(ord[o]) && !memcmp(w + k, ord[o], n - k)) {
			*d = v;
			return 1;
		}
	return 0;
}

static int year_word(const normline *L, unsigned i, int *y)
{
	if (i >= L->nw || L->we[i] - L->ws[i] != 4) return 0;
	const char *w = L->s + L->ws[i];
	int v = 0;
	for (int k = 0; k < 4; k++) {
		if (!is_digit(w[k])) return 0;
		v = v * 10 + (w[k] - '0');
	}
	if (v < 1900 || v > 2099) return 0;
	*y = v;
	return 1;
}

static void date_set(sc_date *dt, int y, int m, int d)
{
	dt->y = y, dt->m = m, dt->d = d;
	dt->has_year = 1;
	dt->ok = date_valid(y, m, d);
}

/* "T10:32:00Z", "T10:32+01:00" after an ISO date: its end. */
static size_t iso_time_end(const char *s, size_t n, size_t p)
{
	int v;
	if (p >= n || (s[p] != 'T' && s[p] != 't') || rdig(s, n, p + 1, 2, &v) != 2 || p + 3 >= n || s[p + 3] != ':' ||
	    rdig(s, n, p + 4, 2, &v) != 2)
		return p;
	size_t e = p + 6;
	if (e < n && s[e] == ':' && rdig(s, n, e + 1, 2, &v) == 2) e += 3;
	if (e < n && s[e] == '.') {
		size_t f = e + 1;
		while (f < n && is_digit(s[f])) f++;
		if (f > e + 1) e = f;
	}
	if (e < n && (s[e] == 'Z' || s[e] == 'z')) return e + 1;
	if (e < n && (s[e] == '+' || s[e] == '-') && rdig(s, n, e + 1, 2, &v) == 2) {
		e += 3;
		if (e < n && s[e] == ':') e++;
		if (rdig(s, n, e, 2, &v) == 2) e += 2;
	}
	return e;
}

/* A date at word i: ISO, numeric, "21 March 2024", "21 de marzo de 2024",
 * "March 21, 2024", "March 21".  Returns the next word, 0 when none. */
static unsigned parse_date(const normline *L, const char *s, size_t n, unsigned i, sc_date *dt)
{
	memset(dt, 0, sizeof *dt);
	if (i >= L->nw) return 0;
	size_t p = L->rs[i];
	int a = 0, b = 0, c = 0, mo = 0, y = 0;
	if (is_digit(s[p])) {
		unsigned la = rdig(s, n, p, 4, &a);
		size_t q = p + la;
		char sep = q < n ? s[q] : 0;
		if ((la == 4 || la == 1 || la == 2) && (sep == '-' || sep == '/' || sep == '.')) {
			unsigned lb = rdig(s, n, q + 1, 2, &b);
			size_t r = q + 1 + lb;
			unsigned lc = lb && r < n && s[r] == sep ? rdig(s, n, r + 1, 4, &c) : 0;
			size_t e = r + 1 + lc;
			if (la == 4 && lc >= 1 && lc <= 2) {
				e = iso_time_end(s, n, e);
				if (!raw_boundary(s, n, e)) return 0;
				date_set(dt, a, b, c);
				return word_from(L, i, e);
			}
			if (la <= 2 && (lc == 2 || lc == 4) && raw_boundary(s, n, e)) {
				y = lc == 2 ? 2000 + c : c;
				if (a > 12 && b <= 12) date_set(dt, y, b, a);       /* day first */
				else if (b > 12 && a <= 12) date_set(dt, y, a, b);  /* month first */
				else {
					date_set(dt, y, b, a);
					dt->ok = dt->ok && a == b; /* 03/04/2024: which is the month? */
				}
				return word_from(L, i, e);
			}
		}
		if (!day_word(L, i, &a)) return 0;
		unsigned j = i + 1, k;
		if (word_is(L, j, "de")) j++;
		if (!(k = meta_cat(L, j, M_MONTH, &mo))) return 0;
		j += k;
		unsigned jy = j + ((word_is(L, j, "de") || word_is(L, j, "del")) ? 1 : 0);
		if (year_word(L, jy, &y)) {
			date_set(dt, y, mo, a);
			j = jy + 1;
			if ((k = meta_cat(L, j, M_YEARSUF, NULL))) j += k;
		} else {
			dt->m = mo, dt->d = a;
		}
		return j;
	}
	unsigned k = meta_cat(L, i, M_MONTH, &mo);
	if (!k || !day_word(L, i + k, &a)) return 0;
	unsigned j = i + k + 1;
	if (year_word(L, j, &y)) {
		date_set(dt, y, mo, a);
		return j + 1;
	}
	dt->m = mo, dt->d = a;
	return j;
}

/* "am", "pm", "a.m.", "p.m." at raw[p]: its length, 0 when none. */
static size_t ampm(const char *s, size_t n, size_t p)
{
	if (p + 2 > n) return 0;
	char a = (char)(s[p] | 0x20);
	if (a != 'a' && a != 'p') return 0;
	if ((s[p + 1] | 0x20) == 'm' && raw_boundary(s, n, p + 2)) return 2;
	if (p + 4 <= n && s[p + 1] == '.' && (s[p + 2] | 0x20) == 'm' && s[p + 3] == '.') return 4;
	return 0;
}

/* A time at word i: "10:32", "10.32", "10h32", "10:32:05", "10 am",
 * "10:32 AM", "10:32 Uhr".  The next word, 0 when none. */
static unsigned parse_time(const normline *L, const char *s, size_t n, unsigned i)
{
	if (i >= L->nw) return 0;
	size_t p = L->rs[i];
	int h, mm;
	unsigned lh = rdig(s, n, p, 2, &h);
	if (!lh || h > 24) return 0;
	size_t e = p + lh;
	int minutes = 0;
	if (e < n && memchr(":.hH", s[e], 4) && rdig(s, n, e + 1, 2, &mm) == 2 && mm < 60) {
		e += 3;
		minutes = 1;
		if (e < n && s[e] == ':' && rdig(s, n, e + 1, 2, &mm) == 2) e += 3;
	}
	size_t f = e;
	while (f < n && s[f] == ' ') f++;
	size_t g = ampm(s, n, f);
	if (g) e = f + g;
	else if (!minutes) return 0;
	if (!raw_boundary(s, n, e)) return 0;
	unsigned j = word_from(L, i, e), k;
	if ((k = meta_cat(L, j, M_TIMESUF, NULL))) j += k;
	return j;
}

/* A time zone in capitals at word i ("EST", "GMT+1"): the next word or 0. */
static unsigned parse_tz(const normline *L, const char *s, size_t n, unsigned i)
{
	if (i >= L->nw || !meta_cat(L, i, M_TZ, NULL)) return 0;
	for (size_t p = L->rs[i]; p < L->re[i]; p++)
		if (s[p] < 'A' || s[p] > 'Z') return 0;
	size_t e = L->re[i];
	int v;
	unsigned k;
	if (e < n && (s[e] == '+' || s[e] == '-') && (k = rdig(s, n, e + 1, 2, &v))) {
		e += 1 + k;
		if (e < n && s[e] == ':' && rdig(s, n, e + 1, 2, &v) == 2) e += 3;
	}
	return word_from(L, i + 1, e);
}

/* "2 hours ago", "5 min read": the next word or 0. */
static unsigned parse_ago(const normline *L, const char *s, size_t n, unsigned i, int *ago)
{
	int v;
	(void)n;
	if (i + 2 >= L->nw || rdig(L->s, L->len, L->ws[i], 3, &v) != (unsigned)(L->we[i] - L->ws[i])) return 0;
	(void)s;
	if (!meta_cat(L, i + 1, M_AGO_UNIT, NULL)) return 0;
	if (meta_cat(L, i + 2, M_AGO, NULL)) {
		*ago = 1;
		return i + 3;
	}
	if (meta_cat(L, i + 2, M_READ, NULL)) {
		*ago = 0;
		return i + 3;
	}
	return 0;
}

/* The length of a separator at s[p] that is no ASCII: "–", "—", "•" (3
 * bytes) or "·" (2); 0 for anything else. */
static size_t wide_sep(const char *s, size_t n, size_t p)
{
	const unsigned char *u = (const unsigned char *)s + p;
	if (p + 1 < n && u[0] == 0xC2 && u[1] == 0xB7) return 2;
	if (p + 2 < n && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94 || u[2] == 0xA2)) return 3;
	return 0;
}

/* Raw bytes between two words hold only spaces, or an initial's period,
 * or one apostrophe or hyphen with no space (O'Brien, Jean-Pierre). */
static int gap_in_name(const char *s, size_t a, size_t b)
{
	if (b == a + 1 && (s[a] == '\'' || s[a] == '-')) return 1;
	if (b == a + 3 && !memcmp(s + a, "\xE2\x80\x99", 3)) return 1; /* ’ */
	size_t p = a;
	if (p < b && s[p] == '.') p++;
	if (p == b) return 0;
	for (; p < b; p++)
		if (s[p] != ' ') return 0;
	return 1;
}

static int gap_joined(const char *s, size_t a, size_t b)
{
	return b > a && b - a <= 3 && !(b == a + 1 && s[a] == ' ') && gap_in_name(s, a, b) && s[a] != '.';
}

/* Raw bytes between two fields hold a separator: | , ; / ( • · – — or a
 * spaced hyphen. */
static int gap_sep(const char *s, size_t a, size_t b)
{
	for (size_t p = a; p < b; p++) {
		char c = s[p];
		if (c == '|' || c == ',' || c == ';' || c == '/' || c == '(' || c == '&') return 1;
		if ((c == '-' && p > a && s[p - 1] == ' ') || wide_sep(s, b, p)) return 1;
	}
	return 0;
}

static int gap_has_space(const char *s, size_t a, size_t b)
{
	for (size_t p = a; p < b; p++)
		if (s[p] == ' ' || s[p] == '\t') return 1;
	return 0;
}

static int name_word(const normline *L, const char *s, size_t n, unsigned i)
{
	return i < L->nw && upper_at(s, n, L->rs[i]) && !is_meta_word(L, i);
}

/* A name at word i: 1 to maxw capitalised words, maybe with particles
 * ("Ursula von der Leyen") and initials ("J. R. Smith").  Its word count,
 * 0 when none. */
static unsigned name_at(const normline *L, const char *s, size_t n, unsigned i, unsigned maxw)
{
	if (!name_word(L, s, n, i)) return 0;
	unsigned j = i + 1, names = 1, parts = 0;
	while (j < L->nw) {
		if (gap_joined(s, L->re[j - 1], L->rs[j])) { /* the rest of "O'Brien", "Jean-Pierre" */
			j++;
			continue;
		}
		if (!gap_in_name(s, L->re[j - 1], L->rs[j])) break;
		if (name_word(L, s, n, j) && names < maxw) {
			names++;
			j++;
			continue;
		}
		unsigned k = j;
		while (k < L->nw && k - j < 2 && word_in(L, k, name_particles, SC_N(name_particles)) &&
		       !upper_at(s, n, L->rs[k]) && gap_in_name(s, L->re[k - 1], L->rs[k]))
			k++;
		if (k > j && parts + (k - j) <= 2 && name_word(L, s, n, k) && gap_in_name(s, L->re[k - 1], L->rs[k]) &&
		    names < maxw) {
			parts += k - j;
			names++;
			j = k + 1;
			continue;
		}
		break;
	}
	return j - i;
}

/* A byline at word i: "By Jane Doe", "By Jane Doe and John Smith", ending
 * at the end of the line, a separator or a date; with late set (after
 * other metadata) "by admin" too.  The next word, 0 when none; the names
 * are raw[*bs..*be). */
static unsigned parse_byline(const normline *L, const char *s, size_t n, unsigned i, int late, size_t *bs, size_t *be,
                             int *credit)
{
	*credit = 0;
	unsigned k = meta_cat(L, i, M_BY, NULL);
	if (!k) return 0;
	unsigned j = i + k;
	if (j >= L->nw) return 0;
	if (late) {
		unsigned m = 0;
		while (j + m < L->nw && m < NAME_WORDS_MAX && (m == 0 || gap_in_name(s, L->re[j + m - 1], L->rs[j + m])))
			m++;
		if (j + m < L->nw && !gap_sep(s, L->re[j + m - 1], L->rs[j + m])) return 0;
		*bs = L->rs[j];
		*be = L->re[j + m - 1];
		return j + m;
	}
	*bs = L->rs[j];
	for (unsigned names = 0;;) {
		unsigned m = name_at(L, s, n, j, NAME_WORDS_MAX);
		if (!m) return 0;
		j += m;
		*be = L->re[j - 1];
		if (++names >= NAMES_MAX || j >= L->nw) break;
		if (word_in(L, j, name_joins, SC_N(name_joins)) && !upper_at(s, n, L->rs[j]) &&
		    name_at(L, s, n, j + 1, NAME_WORDS_MAX)) {
			j++;
			continue;
		}
		size_t a = L->re[j - 1], b = L->rs[j];
		if (memchr(s + a, '&', b - a) && name_at(L, s, n, j, NAME_WORDS_MAX)) continue;
		break;
	}
	/* "By Jane Doe/Getty Images" credits a photograph */
	*credit = j < L->nw && s[L->re[j - 1]] == '/';
	if (j >= L->nw || gap_sep(s, L->re[j - 1], L->rs[j])) return j;
	sc_date dt;
	if (parse_date(L, s, n, j, &dt) || parse_time(L, s, n, j) || meta_cat(L, j, M_LABEL, NULL)) return j;
	return 0;
}

/* A label and its connector ("Published", "Posted on", "Publié le")
 * followed, after weekdays, by a date, a time or "2 hours ago".  The word
 * after the label and connector, 0 when none. */
static unsigned parse_label(const normline *L, const char *s, size_t n, unsigned i)
{
	unsigned k = meta_cat(L, i, M_LABEL, NULL);
	if (!k) return 0;
	unsigned j0 = i + k;
	for (int conn = 1; conn >= 0; conn--) {
		unsigned j = j0, t, w;
		if (conn) {
			if (!(w = meta_cat(L, j, M_CONNECT, NULL))) continue;
			j += w;
		}
		t = j;
		while ((w = meta_cat(L, t, M_WEEKDAY, NULL))) t += w;
		sc_date dt;
		int ago;
		if (parse_date(L, s, n, t, &dt) || parse_time(L, s, n, t) || parse_ago(L, s, n, t, &ago)) return j;
	}
	return 0;
}

/* A byline outlet after a byline's separator: "Reuters", "The Associated
 * Press", "Staff Writer". */
#define OUTLET_WORDS_MAX 5

typedef struct {
	int whole;          /* the line is metadata */
	int cut;            /* a metadata prefix ends at raw[cut_at] */
	size_t cut_at;
	sc_date date;       /* the first date with a year */
	int dated;
	size_t bs, be;      /* the first byline */
	int by;
	int labelled;       /* a label ("Published:", "date") was read */
} meta_res;

enum { F_NONE = 0, F_LABEL, F_BY, F_DATE, F_TIME, F_TZ, F_WEEKDAY, F_AGO, F_CONNECT, F_OUTLET, F_SECTION };

#define SECTION_WORDS_MAX 3 /* "World | January 5, 2016" */

/* A section name that starts a line: capitalised words, a '|' and a
 * date with a year.  The next word, 0 when none. */
static unsigned parse_section(const normline *L, const char *s, size_t n)
{
	unsigned k = name_at(L, s, n, 0, SECTION_WORDS_MAX);
	sc_date dt;
	if (!k || k >= L->nw || !memchr(s + L->re[k - 1], '|', L->rs[k] - L->re[k - 1])) return 0;
	return parse_date(L, s, n, k, &dt) && dt.has_year ? k : 0;
}

/* Parse the fields of one line (L is its normal form); partial: L holds
 * only the line's first META_SCAN_BYTES. */
static void meta_parse(const char *s, size_t n, const normline *L, int partial, meta_res *r)
{
	memset(r, 0, sizeof *r);
	unsigned i = 0;
	int strong = 0, labelled = 0, valued = 0, last = F_NONE, date_since_label = 0;
	size_t best_cut = 0;
	int have_cut = 0;
	while (i < L->nw) {
		unsigned j;
		int f = F_NONE;
		sc_date dt;
		size_t bs, be;
		int ago, credit;
		if ((j = parse_label(L, s, n, i))) {
			f = F_LABEL;
			strong = 1;
			date_since_label = 0;
		} else if ((j = parse_byline(L, s, n, i, 0, &bs, &be, &credit))) {
			f = F_BY;
			strong = 1;
			if (!r->by && !credit) r->by = 1, r->bs = bs, r->be = be;
		} else if (!date_since_label && (j = parse_date(L, s, n, i, &dt))) {
			f = F_DATE;
			date_since_label = 1;
			if (dt.has_year) strong = 1;
			if (dt.ok && !r->dated) r->dated = 1, r->date = dt;
		} else if ((j = parse_time(L, s, n, i))) {
			f = F_TIME;
		} else if ((j = parse_tz(L, s, n, i))) {
			f = F_TZ;
		} else if ((j = meta_cat(L, i, M_WEEKDAY, NULL))) {
			j += i;
			f = F_WEEKDAY;
		} else if ((j = parse_ago(L, s, n, i, &ago))) {
			f = F_AGO; /* "2 hours ago", "5 min read": metadata even alone */
			strong = 1;
		} else if (meta_cat(L, i, M_CONNECT, NULL) == 1 && parse_time(L, s, n, i + 1)) {
			j = i + 1;
			f = F_CONNECT;
		} else if (strong && (j = parse_byline(L, s, n, i, 1, &bs, &be, &credit))) {
			f = F_BY;
			if (!r->by) r->by = 1, r->bs = bs, r->be = be;
		} else if (i == 0 && (j = parse_section(L, s, n))) {
			f = F_SECTION;
		} else if ((last == F_BY || last == F_OUTLET) && i > 0 && gap_sep(s, L->re[i - 1], L->rs[i]) &&
		           (j = name_at(L, s, n, i, OUTLET_WORDS_MAX))) {
			j += i;
			f = F_OUTLET;
		} else {
			break;
		}
		/* a value after a label (perhaps after a weekday or "at") */
		if (f == F_LABEL) labelled = 1;
		if (f == F_DATE || f == F_TIME || f == F_AGO) valued |= labelled;
		last = f;
		i = j;
		/* a place where article text may start: after a labelled value,
		 * or a byline and a dated field */
		if (i < L->nw && (f != F_LABEL && f != F_CONNECT) && (valued || (r->by && r->dated))) {
			size_t q = L->re[i - 1];
			if (gap_has_space(s, q, L->rs[i])) {
				for (size_t w; q < n;) {
					if (memchr(" |,;:-", s[q], 6)) q++;
					else if ((w = wide_sep(s, n, q))) q += w;
					else break;
				}
				if (q < n && !lower_at(s, n, q)) best_cut = q, have_cut = 1;
			}
		}
	}
	r->labelled = labelled;
	if (i == L->nw && strong && !partial) {
		r->whole = 1;
	} else if (have_cut) {
		r->cut = 1;
		r->cut_at = best_cut;
	}
}

static void meta_take(const char *s, const meta_res *r, ns_scrub_meta *m)
{
	if (r->dated && !m->date[0]) { /* a valid date: 1900..2099, 1..12, 1..31 */
		unsigned y = (unsigned)r->date.y, mo = (unsigned)r->date.m, d = (unsigned)r->date.d;
		char *o = m->date;
		o[0] = (char)('0' + y / 1000), o[1] = (char)('0' + y / 100 % 10), o[2] = (char)('0' + y / 10 % 10);
		o[3] = (char)('0' + y % 10), o[4] = '-', o[5] = (char)('0' + mo / 10), o[6] = (char)('0' + mo % 10);
		o[7] = '-', o[8] = (char)('0' + d / 10), o[9] = (char)('0' + d % 10), o[10] = 0;
	}
	if (r->by && !m->byline[0]) {
		size_t n = r->be - r->bs;
		if (n >= sizeof m->byline) {
			n = sizeof m->byline - 1;
			while (n > 0 && ((unsigned char)s[r->bs + n] & 0xC0) == 0x80) n--; /* a whole character */
		}
		memcpy(m->byline, s + r->bs, n);
		m->byline[n] = 0;
	}
}

/* Can meta_parse read a field at the first word of s[0..n)?  Every field
 * it may start with opens with a word of the metadata table (a label,
 * "by", a month, a weekday, a time zone, a connector before a time), a
 * digit (a date, a time, "2 hours ago") or a section name before a '|'.
 * L gets the first word. */
static int meta_maybe(const char *s, size_t n, normline *L)
{
	if (norm_words(s, n, L, 1) < 0 || !L->nw) return 0;
	if (is_digit(s[L->rs[0]]) || is_digit(L->s[0])) return 1;
	if (wset_has(&wset_meta, wkey(wh_bytes(L->s, L->we[0])))) return 1;
	return memchr(s, '|', n) != NULL;
}

ns_status ns_scrub_meta_lines(const char *text, size_t len, ns_buf *out, ns_scrub_meta *m)
{
	memset(m, 0, sizeof *m);
	out->len = 0;
	if (ns_buf_reserve(out, len)) return NS_ERR_NOMEM;
	out->p[0] = 0;
	sc_init();
	normline L;
	/* the parts of the lines looked at that stay, written when metadata
	 * was found (else the output is the text) */
	struct {
		size_t from, to;
		unsigned sep; /* 0, 1 or 2 line ends before it */
	} seg[META_LINES + META_BOILER_MAX];
	size_t p = 0, nseg = 0;
	unsigned seen = 0, boiler = 0;
	int blank = 0;
	while (p < len && seen < META_LINES) {
		unsigned w;
		int ascii;
		const char *s = text + p;
		size_t n = line_words(s, len - p, &w, &ascii), next = p + n < len ? p + n + 1 : len;
		if (!w) { /* a blank line (is_blank) */
			blank = nseg > 0;
			p = next;
			continue;
		}
		/* built-in boilerplate (scrubbed before or after) neither counts
		 * nor ends the search */
		int bl = boiler < META_BOILER_MAX && boiler_line(s, n, w, ascii);
		boiler += bl;
		seen += !bl;
		size_t scan = n;
		int partial = 0;
		if (scan > META_SCAN_BYTES) {
			scan = META_SCAN_BYTES;
			while (scan > 0 && s[scan] != ' ') scan--;
			partial = 1;
		}
		meta_res r;
		memset(&r, 0, sizeof r);
		if (!bl && meta_maybe(s, scan, &L) && !norm_line(s, scan, &L)) meta_parse(s, n, &L, partial, &r);
		if (r.whole || r.cut) {
			m->lines++;
			m->dates_only += r.whole && !r.labelled && !r.by && r.dated;
			meta_take(s, &r, m);
		}
		if (r.whole) {
			p = next;
			continue;
		}
		assert(nseg < SC_N(seg));
		seg[nseg].from = p + (r.cut ? r.cut_at : 0);
		seg[nseg].to = p + n;
		seg[nseg].sep = !nseg ? 0 : blank ? 2 : 1;
		nseg++;
		blank = 0;
		p = next;
		if (r.cut || (!bl && w > META_HEADLINE_WORDS)) break;
	}
	if (!m->lines) { /* nothing found: the text as it is */
		if (len) memcpy(out->p, text, len);
		out->p[len] = 0;
		out->len = len;
		return NS_OK;
	}
	for (size_t k = 0; k < nseg; k++) { /* the output is never longer than the input */
		memcpy(out->p + out->len, "\n\n", seg[k].sep);
		out->len += seg[k].sep;
		memcpy(out->p + out->len, text + seg[k].from, seg[k].to - seg[k].from);
		out->len += seg[k].to - seg[k].from;
	}
	while (p < len) { /* blank lines before the rest */
		const char *nl = memchr(text + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (!is_blank(text + p, e - p)) break;
		blank = out->len > 0;
		p = nl ? e + 1 : len;
	}
	if (p < len) {
		if (out->len) {
			memcpy(out->p + out->len, "\n\n", blank ? 2 : 1);
			out->len += blank ? 2 : 1;
		}
		memcpy(out->p + out->len, text + p, len - p);
		out->len += len - p;
	}
	out->p[out->len] = 0;
	return NS_OK;
}

/* ------------------------------------------------------------------ */
/* Pages that are not articles.                                         */

/* Does a separator of a title's parts start at t[p]: '|', '•', '·' or a
 * dash with spaces around it?  Its length, or 0. */
static size_t title_sep(const char *t, size_t n, size_t p)
{
	if (t[p] == '|') return 1;
	if (t[p] == '-' && p > 0 && t[p - 1] == ' ' && p + 1 < n && t[p + 1] == ' ') return 1;
	return wide_sep(t, n, p);
}

static int title_lookup(const char *t, size_t n, normline *L)
{
	if (norm_line(t, n, L) || !L->nw) return -1;
	int32_t e = set_line(&title_set, L->s, L->len);
	return e >= 0 ? title_set.e[e].kind : -1;
}

/* The reason of a title that is (or has a part that is) such a page's
 * title ("Page not found | The Daily"), or -1. */
static int title_reason(const char *t, size_t n, normline *L)
{
	int r = title_lookup(t, n, L);
	for (size_t a = 0, p = 0; p <= n && r < 0; p++) {
		size_t w = p < n ? title_sep(t, n, p) : 1;
		if (!w) continue;
		if (p > a) r = title_lookup(t + a, p - a, L);
		p += w - 1;
		a = p + 1;
	}
	return r;
}

int ns_scrub_page(const char *title, size_t tlen, const char *text, size_t len)
{
	unsigned words = raw_words(text, len, NS_SCRUB_PAGE_MAX_WORDS);
	if (words >= NS_SCRUB_PAGE_MAX_WORDS) return -1;
	sc_init();
	normline L;
	int r = tlen ? title_reason(title, tlen, &L) : -1;
	if (r >= 0) return r;
	unsigned cover[R_N] = { 0 }, total = 0;
	unsigned tail = 0; /* reasons with a notice in the text's last run of notice lines */
	size_t p = 0;
	while (p < len) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - text) : len;
		const char *s = text + p;
		size_t n = e - p;
		p = nl ? e + 1 : len;
		if (is_blank(s, n)) continue;
		unsigned w = raw_words(s, n, NS_SCRUB_PAGE_MAX_WORDS);
		if (norm_line(s, n, &L) || !L.nw) {
			total += w;
			tail = 0;
			continue;
		}
		total += L.nw;
		int c = line_kind(&page_set, &L, s, n, w);
		if (c < 0 && (c = phrase_kind(&page_set, &L)) >= 0) tail |= 1u << c; /* a notice, not a button */
		if (c >= 0) cover[c] += L.nw;
		else tail = 0;
	}
	if (!total) return -1;
	unsigned sum = 0;
	int best = -1;
	for (int c = 0; c < R_N; c++) {
		sum += cover[c];
		if (cover[c] && (best < 0 || cover[c] > cover[best])) best = c;
	}
	if (2 * sum >= total) return best;
	/* a teaser and then the paywall (or a script's notice), buttons after it */
	if (tail >> R_PAYWALL & 1) return R_PAYWALL;
	if (tail >> R_JS & 1) return R_JS;
	return -1;
}

const char *ns_scrub_not_article(const char *title, size_t tlen, const char *text, size_t len)
{
	int k = ns_scrub_page(title, tlen, text, len);
	return k < 0 ? NULL : reason_name[k];
}
