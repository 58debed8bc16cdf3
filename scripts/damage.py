#!/usr/bin/env python3
"""Make a harder variant of an evaluation set, for robustness checks.

Usage: damage.py ARTICLES.jsonl GOLD.tsv OUTDIR [--seed N] [--only KIND[+KIND...]] [--rate R]

Reads a set in place and writes OUTDIR/articles.jsonl and OUTDIR/gold.tsv
(outside the repository: the data's licence forbids copies in it).  Every
article that is not the first of its dup group gets one or two kinds of
damage that syndication-dev does not show:

  mojibake   UTF-8 read as Windows-1252 ("don’t" -> "donâ€™t")
  accents    accents stripped ("café" -> "cafe")
  upper      the whole text in capitals
  wrap       hard-wrapped at 72 columns, long words hyphenated at the break
  html       paragraphs wrapped in <p> tags, <br> inside, a <div> around
  shuffle    two paragraphs swapped
  ocr        1% of words with OCR confusions (rn->m, l->1, e->c, O->0)
  social     "Follow us", "Click here", emoji lines between paragraphs
  truncate   cut in the middle of a sentence at 60-90% and "..." added
  letters    character noise as OCR and bad transcoding make it: a share R
             (--rate, default 0.01) of the letters changed: confusions
             (rn/m, l/1/I, e/c, cl/d, vv/w, h/b, u/n, O/0, S/5), letters
             dropped, doubled or swapped with the next
  foreign    header and footer lines in other languages (French, German,
             Spanish, Italian, Portuguese: follow us, all rights reserved,
             read also)
  abridge    an abridged copy: a random 45-75% of the sentences kept, in
             their order (the first always)
  reword     an edited copy: about one word in eight reworded (a synonym
             from a small list of news words, a function word dropped or
             added, two neighbours swapped)

--only takes one kind or several joined by "+" (letters+truncate: letter
noise on an abridged copy); without it each copy gets one or two kinds of
the first nine at random.

Standard library only.
"""
import json
import random
import sys
import textwrap
import unicodedata

KINDS = ["mojibake", "accents", "upper", "wrap", "html", "shuffle", "ocr", "social", "truncate"]
EXTRA = ["letters", "foreign", "abridge", "reword"]
RATE = 0.01


def mojibake(t):
    try:
        return t.encode("utf-8").decode("cp1252", errors="strict")
    except UnicodeDecodeError:
        return t.encode("utf-8").decode("latin-1")


def accents(t):
    return "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))


def wrap(t, rng):
    out = []
    for p in t.split("\n\n"):
        lines = textwrap.wrap(p, 72, break_long_words=False, break_on_hyphens=False)
        fixed = []
        for ln in lines:
            words = ln.split(" ")
            if len(words) > 3 and len(words[-1]) > 7 and words[-1].isalpha() and rng.random() < 0.3:
                w = words[-1]
                cut = len(w) // 2
                fixed.append(" ".join(words[:-1] + [w[:cut] + "-"]))
                fixed.append(w[cut:])
            else:
                fixed.append(ln)
        # merge the hyphen remainder with the following line
        merged, i = [], 0
        while i < len(fixed):
            if fixed[i].endswith("-") and i + 1 < len(fixed):
                merged.append(fixed[i]); merged.append(fixed[i + 1] + (" " + fixed[i + 2] if i + 2 < len(fixed) else ""))
                i += 3
            else:
                merged.append(fixed[i]); i += 1
        out.append("\n".join(merged))
    return "\n\n".join(out)


def html(t, rng):
    paras = t.split("\n\n")
    body = "".join("<p>" + p.replace(". ", ".<br>", 1 if rng.random() < 0.3 else 0) + "</p>\n" for p in paras)
    return '<div class="article-body">\n' + body + "</div>"


def shuffle(t, rng):
    p = t.split("\n\n")
    if len(p) >= 3:
        i = rng.randrange(len(p) - 1)
        p[i], p[i + 1] = p[i + 1], p[i]
    return "\n\n".join(p)


def ocr(t, rng):
    subs = [("rn", "m"), ("l", "1"), ("e", "c"), ("O", "0"), ("m", "rn"), ("i", "l")]
    words = t.split(" ")
    for k in range(len(words)):
        if rng.random() < 0.01:
            a, b = rng.choice(subs)
            if a in words[k]:
                words[k] = words[k].replace(a, b, 1)
    return " ".join(words)


def social(t, rng):
    lines = ["Follow us on Instagram 📸", "Click here to subscribe ➡️", "👍 Like our page for more news",
             "Tap to unmute", "Watch: the video above 🎥"]
    p = t.split("\n\n")
    for _ in range(rng.randint(1, 3)):
        p.insert(rng.randint(0, len(p)), rng.choice(lines))
    return "\n\n".join(p)


def truncate(t, rng):
    cut = int(len(t) * rng.uniform(0.6, 0.9))
    sp = t.rfind(" ", 0, cut)
    return t[: sp if sp > 0 else cut] + "..."


# what OCR and transcoding confuse, both ways
CONFUSE = [("rn", "m"), ("m", "rn"), ("l", "1"), ("1", "l"), ("I", "l"), ("l", "I"), ("e", "c"), ("c", "e"),
           ("cl", "d"), ("d", "cl"), ("vv", "w"), ("w", "vv"), ("h", "b"), ("b", "h"), ("u", "n"), ("n", "u"),
           ("O", "0"), ("0", "O"), ("S", "5"), ("5", "S"), ("a", "o"), ("o", "a"), ("t", "f"), ("f", "t")]


def letters(t, rng, rate):
    """Each letter is damaged with probability rate: confused (as above,
    when one applies at that place), dropped, doubled, or swapped with the
    next letter; the rest of the text is untouched."""
    out, i, n = [], 0, len(t)
    while i < n:
        c = t[i]
        if not c.isalnum() or rng.random() >= rate:
            out.append(c); i += 1; continue
        r = rng.random()
        if r < 0.5:
            hit = [(a, b) for a, b in CONFUSE if t.startswith(a, i)]
            if hit:
                a, b = rng.choice(hit)
                out.append(b); i += len(a); continue
            r = 0.5 + rng.random() * 0.5  # no confusion here: one of the others
        if r < 0.7:
            i += 1  # dropped
        elif r < 0.85:
            out.append(c + c); i += 1  # doubled
        elif i + 1 < n and t[i + 1].isalnum():
            out.append(t[i + 1] + c); i += 2  # swapped with the next
        else:
            out.append(c); i += 1
    return "".join(out)


def foreign(t, rng):
    heads = ["Suivez-nous sur Facebook et Twitter", "Folgen Sie uns auf Facebook", "Síguenos en redes sociales",
             "Seguici anche su Instagram", "Siga-nos nas redes sociais"]
    foots = ["© Tous droits réservés. Reproduction interdite.", "Alle Rechte vorbehalten.",
             "Lea también: las claves del día", "Riproduzione riservata ©", "Leia também: as principais notícias",
             "Cet article a été publié initialement en anglais.", "Mehr zum Thema lesen Sie hier."]
    p = t.split("\n\n")
    if rng.random() < 0.7:
        p.insert(0, rng.choice(heads))
    for _ in range(rng.randint(1, 3)):
        p.append(rng.choice(foots))
    return "\n\n".join(p)


def abridge(t, rng):
    keep = rng.uniform(0.45, 0.75)
    out = []
    for para in t.split("\n\n"):
        sents, start = [], 0
        for i, c in enumerate(para):
            if c in ".!?" and (i + 1 == len(para) or para[i + 1] == " "):
                sents.append(para[start:i + 1].strip()); start = i + 1
        if para[start:].strip():
            sents.append(para[start:].strip())
        kept = [x for x in sents if (not out and x is sents[0]) or rng.random() < keep]
        if kept:
            out.append(" ".join(kept))
    return "\n\n".join(out) if out else t


SYNONYMS = [("said", "stated"), ("says", "states"), ("people", "residents"), ("government", "administration"),
            ("company", "firm"), ("announced", "unveiled"), ("increase", "rise"), ("big", "large"),
            ("started", "began"), ("help", "assist"), ("show", "indicate"), ("shows", "indicates"),
            ("also", "additionally"), ("however", "but"), ("because", "as"), ("about", "around"),
            ("more than", "over"), ("children", "kids"), ("police", "officers"), ("killed", "slain"),
            ("week", "seven days"), ("year", "twelve months"), ("told", "informed"), ("buy", "purchase"),
            ("new", "fresh"), ("expected", "anticipated"), ("plan", "proposal"), ("country", "nation"),
            ("city", "town"), ("officials", "authorities"), ("after", "following"), ("before", "prior to")]
FUNCTION = ["the", "a", "an", "that", "very", "just", "then", "of the"]


def reword(t, rng):
    words = t.split(" ")
    for k in range(len(words)):
        if rng.random() >= 0.125:
            continue
        w = words[k]
        low = w.lower().strip(".,;:!?\"'")
        r = rng.random()
        syn = [b for a, b in SYNONYMS if a == low] + [a for a, b in SYNONYMS if b == low]
        if syn and r < 0.8:
            words[k] = w.lower().replace(low, syn[0], 1) if w[:1].islower() else syn[0].capitalize() + w[len(low):]
        elif low in FUNCTION and "\n" not in w:
            words[k] = ""  # dropped
        elif r < 0.5 and k + 1 < len(words) and "\n" not in w + words[k + 1] and w.isalpha() and words[k + 1].isalpha():
            words[k], words[k + 1] = words[k + 1], w  # neighbours swapped
        else:
            words[k] = rng.choice(["the", "very", "also", "then"]) + " " + w  # a word added
    return " ".join(x for x in words if x != "")


def damage(t, kind, rng):
    if kind == "mojibake": return mojibake(t)
    if kind == "accents": return accents(t)
    if kind == "upper": return t.upper()
    if kind == "wrap": return wrap(t, rng)
    if kind == "html": return html(t, rng)
    if kind == "shuffle": return shuffle(t, rng)
    if kind == "ocr": return ocr(t, rng)
    if kind == "social": return social(t, rng)
    if kind == "truncate": return truncate(t, rng)
    if kind == "letters": return letters(t, rng, RATE)
    if kind == "foreign": return foreign(t, rng)
    if kind == "abridge": return abridge(t, rng)
    if kind == "reword": return reword(t, rng)
    raise ValueError(kind)


def main():
    args = [a for a in sys.argv[1:]]
    seed, only = 7, None
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only"); only = args[i + 1]; del args[i:i + 2]
    if "--rate" in args:
        global RATE
        i = args.index("--rate"); RATE = float(args[i + 1]); del args[i:i + 2]
    src, gold, out = args
    rng = random.Random(seed)
    first = set()
    with open(gold, encoding="utf-8") as f:
        f.readline()
        seen = set()
        for line in f:
            i, g = line.rstrip("\n").split("\t")[:2]
            if g not in seen:
                seen.add(g); first.add(i)
    counts = {k: 0 for k in KINDS + EXTRA}
    with open(src, encoding="utf-8") as f, open(out + "/articles.jsonl", "w", encoding="utf-8") as w:
        for line in f:
            d = json.loads(line)
            if d["id"] not in first:
                kinds = only.split("+") if only else rng.sample(KINDS, rng.choice([1, 2]))
                for k in kinds:
                    d["text"] = damage(d["text"], k, rng)
                    counts[k] += 1
            w.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(gold, encoding="utf-8") as f, open(out + "/gold.tsv", "w", encoding="utf-8") as w:
        w.write(f.read())
    print("damage:", ", ".join(f"{k} {v}" for k, v in counts.items() if v), file=sys.stderr)


if __name__ == "__main__":
    main()
