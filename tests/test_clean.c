/* Cleaning and boilerplate learning. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>
#include "newsift/newsift.h"
#include "check.h"

static void clean_is(const char *in, const char *want)
{
	ns_buf b = {0};
	CHECK(ns_clean_text(in, strlen(in), &b) == NS_OK);
	CHECK_STR(b.p ? b.p : "", want);
	ns_buf_free(&b);
}

static void test_clean(void)
{
	clean_is("A\r\nB\rC\n", "A\nB\nC");
	/* hard wraps and hyphenation inside a paragraph are undone */
	clean_is("The river rose in the night and the\nbridge closed at dawn.\n\nNext para.", "The river rose in the night and the bridge closed at dawn.\n\nNext para.");
	clean_is("an eco-\nnomic blow", "an economic blow");
	clean_is("A line that is long enough to have been wrapped by a mail client at\nSeventy columns.", "A line that is long enough to have been wrapped by a mail client at Seventy columns.");
	clean_is("By Staff Writer\nWASHINGTON", "By Staff Writer\nWASHINGTON");
	clean_is("Short line.\nAnother line.", "Short line.\nAnother line.");
	/* HTML markup: block tags break lines, inline tags vanish, unknown stays */
	clean_is("<p>First <b>bold</b> para.</p><p>Second<br/>Line</p>", "First bold para.\n\nSecond\nLine");
	clean_is("a <3 b and x<y>z <!-- note --> end", "a <3 b and x<y>z end");
	clean_is("<div class=\"story\">Text</div>", "Text");
	clean_is("  lead  and   trailing \t ", "lead and trailing");
	clean_is("p1\n\n\n\n p2 \n\n", "p1\n\np2");
	clean_is("\n\n\np1", "p1");
	clean_is("Tom &amp; Jerry &quot;hi&quot; &#39;x&#39; &#x41;&lt;&gt;", "Tom & Jerry \"hi\" 'x' A<>");
	clean_is("not &an entity; &amp &#xZZ; &#0;", "not &an entity; &amp &#xZZ; &#0;");
	clean_is("non\xC2\xA0" "breaking\xE2\x80\x89thin", "non breaking thin");
	clean_is("zero\xE2\x80\x8Bwidth\xC2\xAD soft\xEF\xBB\xBF", "zerowidth soft");
	clean_is("ctrl\x01\x7F chars", "ctrl chars");
	/* decomposed é composes (NFC), curly quotes stay */
	clean_is("Caf\x65\xCC\x81 \xE2\x80\x9Cq\xE2\x80\x9D", "Caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
	/* invalid UTF-8 becomes U+FFFD */
	clean_is("bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte");
	clean_is("", "");
	clean_is(" \n \n", "");
	clean_is("&nbsp;&nbsp;x&mdash;y", "x\xE2\x80\x94y");
	/* mojibake: UTF-8 misread as Windows-1252 is turned back */
	clean_is("don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t", "don\xE2\x80\x99t");       /* donâ€™t -> don’t */
	clean_is("caf\xC3\x83\xC2\xA9 cr\xC3\x83\xC2\xA8me", "caf\xC3\xA9 cr\xC3\xA8me"); /* cafÃ© crÃ¨me */
	clean_is("S\xC3\xA3o Paulo, \xC3\xA9t\xC3\xA9", "S\xC3\xA3o Paulo, \xC3\xA9t\xC3\xA9"); /* real accents stay */
}

static void test_boiler(void)
{
	ns_options o;
	ns_options_init(&o);
	o.boiler_min_docs = 3;
	o.boiler_min_contexts = 3;
	/* "Advertisement" between different paragraphs of 4 docs; a paragraph
	 * copied in 4 docs with the same neighbours */
	const char *docs[] = {
		"Alpha one story.\n\nAdvertisement\n\nAlpha second part.\n\nShared line here.\n\nEnd a.",
		"Beta story text.\n\nADVERTISEMENT\n\nBeta more text.\n\nShared line here.\n\nEnd a.",
		"Gamma article text.\n\nAdvertisement\n\nGamma again here.\n\nShared line here.\n\nEnd a.",
		"Delta piece text.\n\nAdvertisement\n\nDelta tail here.\n\nShared line here.\n\nEnd a.",
	};
	ns_tokens tok = {0};
	ns_line_occ *occ = NULL;
	size_t n = 0, cap = 0;
	/* with at most 2 words a line is short: "Advertisement" and "End a." */
	for (uint32_t d = 0; d < 4; d++)
		CHECK(ns_line_occs(docs[d], strlen(docs[d]), d, 2, &tok, &occ, &n, &cap) == NS_OK);
	CHECK_EQ_U(n, 8);
	ns_boiler_line *bl = NULL;
	size_t nb = 0;
	CHECK(ns_boiler_learn(occ, n, &o, &bl, &nb) == NS_OK);
	/* "Advertisement" sits between different long lines in each document: 4
	 * contexts; "End a." always follows "Shared line here.": one context */
	uint32_t w;
	uint64_t kad = ns_line_key("Advertisement", 13, &tok, &w);
	uint64_t kend = ns_line_key("End a.", 6, &tok, &w);
	CHECK(ns_boiler_has(bl, nb, kad));
	CHECK(!ns_boiler_has(bl, nb, kend));
	CHECK_EQ_U(ns_line_key("ADVERTISEMENT!", 14, &tok, &w), kad);
	CHECK_EQ_U(ns_line_key("  ", 2, &tok, &w), 0);
	ns_buf out = {0};
	uint32_t rm;
	CHECK(ns_boiler_strip(docs[0], strlen(docs[0]), bl, nb, &tok, &out, &rm) == NS_OK);
	CHECK(rm >= 1);
	CHECK(strstr(out.p, "Advertisement") == NULL);
	CHECK(!strncmp(out.p, "Alpha one story.\n\nAlpha second part.", 36));
	/* with the keys kept from ns_line_occs_keys: the same text */
	for (uint32_t d = 0; d < 4; d++) {
		ns_line_occ *o2 = NULL;
		size_t n2 = 0, cap2 = 0, nk = 0;
		uint64_t *keys = NULL;
		ns_buf o3 = {0};
		uint32_t rm2, rm3;
		CHECK(ns_line_occs_keys(docs[d], strlen(docs[d]), d, 2, &tok, &o2, &n2, &cap2, &keys, &nk) == NS_OK);
		CHECK_EQ_U(nk, 5); /* non-blank lines */
		CHECK(ns_boiler_strip(docs[d], strlen(docs[d]), bl, nb, &tok, &out, &rm2) == NS_OK);
		CHECK(ns_boiler_strip_keys(docs[d], strlen(docs[d]), keys, nk, bl, nb, &o3, &rm3) == NS_OK);
		CHECK_EQ_U(rm2, rm3);
		CHECK_STR(o3.p, out.p);
		free(o2);
		free(keys);
		ns_buf_free(&o3);
	}
	/* a stricter context minimum learns nothing from 4 documents */
	o.boiler_min_contexts = 5;
	n = 0;
	for (uint32_t d = 0; d < 4; d++) ns_line_occs(docs[d], strlen(docs[d]), d, 2, &tok, &occ, &n, &cap);
	free(bl);
	CHECK(ns_boiler_learn(occ, n, &o, &bl, &nb) == NS_OK);
	CHECK_EQ_U(nb, 0);
	/* long lines are never candidates */
	n = 0;
	CHECK(ns_line_occs(docs[0], strlen(docs[0]), 0, 1, &tok, &occ, &n, &cap) == NS_OK);
	CHECK_EQ_U(n, 1); /* only "Advertisement" has at most one word */
	/* a paragraph repeated with varying short lines around it keeps one
	 * context: its long neighbours are the same */
	const char *cp[] = {
		"Lead para here.\n\nAd\n\nSecond para here.",
		"Lead para here.\n\nPromo\n\nSecond para here.",
		"Head\n\nLead para here.\n\nSecond para here.",
	};
	n = 0;
	for (uint32_t d = 0; d < 3; d++) ns_line_occs(cp[d], strlen(cp[d]), d, 1, &tok, &occ, &n, &cap);
	CHECK_EQ_U(n, 3);
	CHECK(occ[0].ctx == occ[1].ctx);   /* "Ad" and "Promo": same neighbours */
	CHECK(occ[2].ctx != occ[0].ctx);   /* "Head": nothing long before it */
	free(bl);
	free(occ);
	ns_buf_free(&out);
	ns_tokens_free(&tok);
}

static void test_options(void)
{
	ns_options o;
	char err[128];
	ns_options_init(&o);
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_OK);
	/* derived from min(threshold, containment floor) = 0.15 */
	CHECK_EQ_U(o.bands, 64);
	CHECK_EQ_U(o.rows, 2);
	ns_options_init(&o);
	o.containment = 0;
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_OK);
	CHECK_EQ_U(o.bands, 25);
	ns_options_init(&o);
	o.threshold = 1.5;
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_ERR_OPTION);
	CHECK(strstr(err, "--threshold") != NULL);
	ns_options_init(&o);
	o.bands = 20;
	o.rows = 7;
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_ERR_OPTION);
	ns_options_init(&o);
	o.bands = 4;
	CHECK(ns_options_check(&o, err, sizeof(err)) == NS_ERR_OPTION);
}

/* Lines with non-ASCII characters are composed (NFC) piece by piece
 * around their non-ASCII runs: the result must be utf8proc_map() of the
 * whole line.  Random lines from code points that compose, reorder,
 * decompose or are excluded from composition, next to ASCII. */
static void test_nfc_pieces(void)
{
	static const int32_t pool[] = {
		'a', 'e', 'o', 'A', 'x', '1', '.', '-', 'n', 'u',
		0x0301, 0x0300, 0x0308, 0x0327, 0x0323, 0x031B, 0x0345, 0x0344, 0x0340,
		0x03B1, 0x03C9, 0x0101, 0x1E69, 0x01D5,
		0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,
		0x0B47, 0x0B3E, 0x0B57, 0x0928, 0x093C, 0x0929, 0x0CBF, 0x0CD5,
		0x0F73, 0x0F71, 0x0F72, 0x212B, 0x2126, 0xF900, 0x2014, 0x4E2D, 0x0627, 0x0653,
	};
	const size_t np = sizeof(pool) / sizeof(pool[0]);
	uint64_t st = 99;
	int bad = 0;
	for (int t = 0; t < 20000; t++) {
		char in[64];
		size_t n = 0, k = 1 + ns_splitmix64(&st) % 12;
		for (size_t i = 0; i < k; i++) n += (size_t)utf8proc_encode_char(pool[ns_splitmix64(&st) % np], (utf8proc_uint8_t *)in + n);
		in[n] = 0;
		utf8proc_uint8_t *want = NULL;
		utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)n, &want,
		                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		ns_buf b = {0};
		if (ns_clean_text(in, n, &b) != NS_OK || r < 0 || (size_t)r != b.len || memcmp(b.p, want, b.len)) {
			if (bad++ < 5) fprintf(stderr, "NFC of \"%s\" differs\n", in);
		}
		free(want);
		ns_buf_free(&b);
	}
	CHECK_EQ_U(bad, 0);
}

/* ns_line_occs_keys tokenises the whole text once, a line's first words
 * only: the key of a line of at most 24 words must be ns_line_key of the
 * line alone, for ASCII and non-ASCII lines; a longer line's is 0; and the
 * occurrences (keys, contexts from the long lines' anchors) must be those
 * of ns_line_occs_keys with a limit no line reaches, where every line is
 * tokenised whole. */
static void test_line_keys_whole(void)
{
	static const char *words[] = {"the", "Caf\xC3\xA9", "M\xC3\xBCller", "\xE2\x80\x94", "2024", "a,", "b.",
	                              "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", "don't", "x\xCC\x81", "\xEF\xAC\x81ne"};
	const size_t nw = sizeof(words) / sizeof(words[0]);
	uint64_t st = 17;
	ns_tokens tok = {0}, t2 = {0};
	int bad = 0;
	for (int r = 0; r < 300; r++) {
		char text[8192];
		size_t n = 0, lines = 1 + ns_splitmix64(&st) % 12;
		for (size_t l = 0; l < lines; l++) {
			size_t w = ns_splitmix64(&st) % 200;
			if (ns_splitmix64(&st) % 3 == 0) w %= 4;
			for (size_t i = 0; i < w && n < 7000; i++) {
				const char *x = words[ns_splitmix64(&st) % nw];
				memcpy(text + n, x, strlen(x));
				n += strlen(x);
				text[n++] = ' ';
			}
			text[n++] = '\n';
			if (ns_splitmix64(&st) % 2) text[n++] = '\n';
		}
		text[n] = 0;
		ns_line_occ *occ = NULL;
		size_t nocc = 0, cap = 0, nk = 0;
		uint64_t *keys = NULL;
		if (ns_line_occs_keys(text, n, 0, 24, &tok, &occ, &nocc, &cap, &keys, &nk) != NS_OK) { bad++; continue; }
		size_t j = 0;
		for (size_t s = 0; s < n;) {
			const char *nl = memchr(text + s, '\n', n - s);
			size_t e = nl ? (size_t)(nl - text) : n;
			if (e > s) {
				uint32_t w;
				uint64_t k = ns_line_key(text + s, e - s, &t2, &w);
				if (j >= nk || keys[j] != (w <= 24 ? k : 0)) bad++;
				j++;
			}
			s = e + 1;
		}
		if (j != nk) bad++;
		/* the occurrences against each line tokenised alone and whole */
		uint64_t anc[64], key[64];
		uint32_t wds[64], st0[64], ln0[64];
		size_t nl = 0;
		for (size_t s = 0; s < n && nl < 64;) {
			const char *nlp = memchr(text + s, '\n', n - s);
			size_t e = nlp ? (size_t)(nlp - text) : n;
			if (e > s) {
				key[nl] = ns_line_key(text + s, e - s, &t2, &wds[nl]);
				anc[nl] = 0;
				if (ns_tokenize(text + s, e - s, &t2) == NS_OK && t2.n) {
					size_t m = t2.n < 8 ? t2.n : 8;
					anc[nl] = XXH3_64bits(t2.norm.p, t2.off[m - 1] + t2.len[m - 1] + 1);
				}
				st0[nl] = (uint32_t)s;
				ln0[nl] = (uint32_t)(e - s);
				nl++;
			}
			s = e + 1;
		}
		size_t q = 0;
		for (size_t l = 0; l < nl; l++) {
			if (wds[l] > 24 || !key[l]) continue;
			uint64_t pair[2] = {0, 0};
			for (size_t b = l; b-- > 0;) if (wds[b] > 24) { pair[0] = anc[b]; break; }
			for (size_t a = l + 1; a < nl; a++) if (wds[a] > 24) { pair[1] = anc[a]; break; }
			if (q >= nocc || occ[q].key != key[l] || occ[q].ctx != XXH3_64bits(pair, sizeof(pair)) ||
			    occ[q].span.start != st0[l] || occ[q].span.len != ln0[l])
				bad++;
			q++;
		}
		if (q != nocc) bad++;
		free(occ);
		free(keys);
	}
	CHECK_EQ_U(bad, 0);
	ns_tokens_free(&tok);
	ns_tokens_free(&t2);
}

/* Many occurrences: ns_boiler_learn partitions them by key and learns
 * each partition on its own; the result must be what the rule says for
 * every key, in key order, whatever the input order. */
static void test_boiler_many(void)
{
	ns_options o;
	ns_options_init(&o);
	o.boiler_min_docs = 4;
	o.boiler_min_contexts = 8;
	enum { DOCS = 60000, KEYS = 3000 };
	/* key k (1..KEYS, spread over the 64-bit range) occurs in docs
	 * k, k + KEYS, ... ; with k % 3 == 0 every occurrence has its own
	 * context, else one context.  One more key sits in every document
	 * (a group of 60,000). */
	size_t cap = (size_t)DOCS * 2, n = 0;
	ns_line_occ *occ = malloc(cap * sizeof(*occ)), *rev = malloc(cap * sizeof(*occ));
	uint64_t big = 0x8000000000000001ull;
	for (uint32_t d = 0; d < DOCS; d++) {
		uint32_t k = 1 + d % KEYS;
		occ[n].key = (uint64_t)k * 0x9E3779B97F4A7C15ull;
		occ[n].ctx = k % 3 == 0 ? d : 7;
		occ[n].doc = d;
		occ[n].span.start = 0;
		occ[n].span.len = 3;
		n++;
		occ[n].key = big;
		occ[n].ctx = d % 100;
		occ[n].doc = d;
		occ[n].span.start = 10;
		occ[n].span.len = 2;
		n++;
	}
	for (size_t i = 0; i < n; i++) rev[i] = occ[n - 1 - i];
	ns_boiler_line *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	CHECK(ns_boiler_learn(occ, n, &o, &a, &na) == NS_OK);
	CHECK(ns_boiler_learn(rev, n, &o, &b, &nb) == NS_OK);
	CHECK_EQ_U(na, KEYS / 3 + 1);
	CHECK_EQ_U(na, nb);
	int sorted = 1, same = na == nb, learned_big = 0, rule = 1;
	for (size_t i = 0; i < na; i++) {
		if (i && a[i - 1].key >= a[i].key) sorted = 0;
		if (a[i].key != b[i].key || a[i].docs != b[i].docs || a[i].contexts != b[i].contexts || a[i].doc != b[i].doc ||
		    a[i].span.start != b[i].span.start || a[i].span.len != b[i].span.len)
			same = 0;
		if (a[i].key == big) {
			learned_big = a[i].docs == DOCS && a[i].contexts == 100 && a[i].doc == 0 && a[i].span.start == 10;
		} else {
			uint32_t k = (uint32_t)(a[i].key * 0xF1DE83E19937733Dull); /* the inverse of the multiplier mod 2^64 */
			if (k % 3 != 0 || a[i].docs != DOCS / KEYS || a[i].contexts != DOCS / KEYS || a[i].doc != k - 1) rule = 0;
		}
	}
	CHECK(sorted);
	CHECK(same);
	CHECK(learned_big);
	CHECK(rule);
	free(a);
	free(b);
	free(occ);
	free(rev);
}

int main(void)
{
	test_boiler_many();
	test_clean();
	test_line_keys_whole();
	test_nfc_pieces();
	test_boiler();
	test_options();
	return TEST_DONE();
}
