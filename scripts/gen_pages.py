#!/usr/bin/env python3
"""Generate news web pages with known article bodies, for article-extraction tests.

Writes a corpus of realistic news pages (raw HTML) into --out DIR together
with the true article body, headline, date and author of every page, so an
extractor (and a WARC reader) can be scored with scripts/extract_eval.py:

    pages.jsonl      one object a page: {"id": "p0001", "url": ..., "text": HTML}
    truth.jsonl      one object a page: {"id", "body", "title", "date",
                     "author", "lang", "template", "charset", "url",
                     "body_source"}
    crawl.warc.gz    the same pages as WARC records, one gzip member a record
    crawl-whole.warc.gz, crawl.warc
                     the same records as one gzip stream and uncompressed
                     (only with --all-warc-forms)

Usage:
    python3 scripts/gen_pages.py --out DIR [--count N] [--seed S]
    python3 scripts/gen_pages.py --out DIR --count 3000 --bench
    python3 scripts/gen_pages.py --out DIR --all-warc-forms

--bench writes only pages.jsonl and crawl.warc.gz (for speed tests; 3,000
pages take about 20 s).  The same arguments give byte-identical files: all
randomness comes from seeded random.Random streams (one a page, one a site,
one for the WARC, one for the generated text), nothing depends on the clock
or on hash order.  (The gzip bytes also depend on the zlib library's version,
and the generated text on scripts/gen_corpus.py staying as it is.)

Bodies.  The 45 fictional articles of corpora/articles/*.txt, six short
fictional articles in German, French and Spanish written for this script,
and, for the other pages, text from the article generator of
scripts/gen_corpus.py (invented pseudo-words with Zipf frequencies and real
sentence punctuation; no real-world text is used anywhere).  Every page has
a body of its own.

"body" in truth.jsonl is the article as plain Unicode text, one block a line,
in page order: paragraphs, in-article subheadings, list items, quotations set
as blockquotes, and in a live blog the titles and paragraphs of the updates.
It leaves out everything else, even when it sits inside the article element:
the headline, the standfirst (the summary line under the headline), bylines,
datelines and time stamps, figure captions and photo credits, pull quotes
(they repeat a sentence of the body), share and "like" bars,
"Advertisement" slots, newsletter sign-up boxes, "Read more: ..." /
"Related: ..." / "Don't miss" recommendation lines and link lists, tables of
contents, key-event link lists, tags, author bios, print-edition notes,
paywall offers, navigation, breadcrumbs, sidebars, related and most-read
teasers, comments, cookie banners, footers, scripts and styles.  A "PLACE -"
lead-in that opens a first paragraph is part of that paragraph.  "date" is
the publication date as the page writes it (its own time zone, not UTC), ""
when the page states none; "author" is the byline's name, "" when the page
names no author.  "charset" says how the bytes of the page in the WARC are
encoded and declared, e.g. "utf-8 (header+meta)", "windows-1252 (meta)",
"windows-1252 (undeclared)", "windows-1252 (declared utf-8)"; a page declared
iso-8859-1 holds windows-1252 bytes (curly quotes 0x93/0x94), which the
WHATWG encoding standard decodes as windows-1252.

Templates: 18 site templates (see TEMPLATES), each with random variation of
class names, order of blocks, number of links and presence of each box.
Page sizes follow real news sites: median around 100 KB, from about 15 KB to
about 500 KB, roughly half of the bytes in <script> and <style>.

The WARC: a warcinfo record, then for every page a request and a response
record (and sometimes a metadata record), in WARC/1.0 with some WARC/1.1
records, plus responses a reader must skip (image/png, application/pdf,
application/json, text/css, text/plain, a 404 page, a 301 redirect with an
empty body, revisit records).  HTML responses vary: chunked transfer coding,
Content-Encoding gzip or deflate (a zlib stream), both chunked and gzip,
lower-case header names, charsets declared in the header, in <meta>, not at
all, or wrongly.
"""

import argparse
import base64
import hashlib
import html
import json
import os
import random
import re
import sys
import unicodedata
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # leave no __pycache__ in scripts/
import gen_corpus  # noqa: E402  (the pseudo-word article generator)

DEFAULT_SEED = 1
DEFAULT_COUNT = 240
GZIP_LEVEL = 6
STATE_MAX_KB = 60                # the biggest JSON state blob (__NEXT_DATA__ and the like)
WARC_DAY = "2026-05-04"          # the crawl's day (WARC-Date, HTTP Date)
FIRST_DAY = (2026, 1, 5)         # generated articles are dated in this range
N_DAYS = 115

# ---------------------------------------------------------------------------
# English word pools for the page furniture (teasers, comments, captions).
# Everything is invented.

FIRST = ("Amara Ben Chloe Daniel Elena Farid Grace Hugo Imogen Jonah Keira Liam "
         "Maya Nikhil Olivia Pavel Quinn Rosa Samir Tessa Umar Vera Wesley Yasmin "
         "Zoe Aidan Bianca Caleb Delia Ezra Fiona Gareth Hana Ivan Jade Kofi Lena "
         "Marcus Nadia Owen Priya Rhys Sofia Tobias Una Victor Wren Yusuf Zara "
         "Adele Bruno Cora Dev Esme Felix Gemma Harvey Iris Joel").split()
LAST = ("Abernathy Bellweather Carrow Dunmore Ellery Fairbank Galloway Hartigan "
        "Ingleby Jarrow Kettering Lockwood Marchetti Northcote Okafor Pennington "
        "Quarrie Ravensworth Stallard Thackeray Underhill Varga Whitlock Yardley "
        "Zielinski Ashdown Brannigan Castellan Devereux Eastwood Fenwick Greaves "
        "Holloway Iredale Jessop Kincaid Lindqvist Mallory Nakamura Oduya Prescott "
        "Rutherford Sandoval Tremaine Upton Valcourt Wexford Birtles Calloway "
        "Dacosta Elwood Forsyth Gidley Hammond Ibarra Jennings Kowalczyk Larkin").split()
TOWNS = ("Bramcote", "Eastleigh Vale", "Holtbury", "Kinsford", "Larchmere",
         "Millbrook Cross", "Northam Quay", "Oakhurst", "Redwater", "Saltmarsh",
         "Thornbury Heath", "Upper Wendle", "Westhollow", "Ashby Fold",
         "Brackenridge", "Corrington", "Dunmere", "Fallowfield Green", "Greywick",
         "Ivelbridge", "Kestrel Bay", "Lowick", "Marden Hythe", "Nettlecombe",
         "Penhallow", "Quarry Bank", "Rookham")
ORGS = ("Harwick Foods", "Pellmont Rail", "Corvane Energy", "Stellan Bank",
        "Brightwater Utilities", "Axford Motors", "Lumen Health Trust",
        "Greyline Logistics", "Northwind Airways", "Tamsin Retail Group",
        "Calder Steelworks", "Verity Insurance", "the county council",
        "the regional transport authority", "the district health board",
        "the teachers' union", "Orrin Pharmaceuticals", "Bellhaven Port Authority")
FACILITIES = ("library", "footbridge", "swimming pool", "bus station", "primary school",
              "health centre", "cycle lane network", "sports hall", "car park",
              "market hall", "skate park", "recycling centre", "community garden",
              "fire station", "ferry terminal")
INCIDENTS = ("a fire at a disused warehouse", "a break-in at a pharmacy",
             "a collision on the ring road", "a burst water main",
             "a gas leak near the high street", "a series of thefts from allotments",
             "vandalism at the war memorial", "a power cut affecting 4,000 homes",
             "a landslip on the coast road", "a chemical spill at the industrial estate")
CAUSES = ("costs rise", "orders slow", "energy bills soar", "demand falls",
          "a key contract ends", "online sales grow", "interest rates bite")
GROUPS = ("renters", "farmers", "commuters", "small businesses", "nurses", "parents",
          "pensioners", "students", "cyclists", "shop owners", "bus drivers",
          "dog walkers", "anglers", "teachers")
TOPICS = ("the new parking rules", "rising rents", "the school timetable change",
          "the bypass plan", "water bills", "the hospital merger",
          "the bin collection shake-up", "the ferry timetable", "council tax",
          "the closure of the post office", "the new housing estate",
          "the speed limit review")
EVENTS = ("budget meeting", "cup final", "trade fair", "by-election", "spring festival",
          "marathon", "planning inquiry", "flower show", "jobs fair", "regatta")
ACTIONS = ("boil tap water", "avoid the town centre", "check their bin collection days",
           "register for the new permits", "keep windows closed",
           "report sightings to police", "conserve water", "use the park-and-ride")
TEAMS = ("Bramcote Rovers", "Kinsford Town", "Larchmere United", "Redwater Athletic",
         "Holtbury City", "Saltmarsh Wanderers", "Greywick Albion", "Oakhurst Harriers",
         "Penhallow FC", "Rookham Rangers")
ADJS = ("bold", "quiet", "ambitious", "sprawling", "tender", "uneven", "overdue",
        "surprising", "long-awaited", "modest")
GENRES = ("drama", "thriller", "memoir", "comedy", "documentary", "novel", "musical")
WORKS = ("The Salt Road", "Winter Lanterns", "A House of Kites", "Low Tide",
         "The Glass Orchard", "North of Nowhere", "The Last Ferry", "Paper Harbours")
VERDICTS = ("a quiet triumph", "too long by half", "worth the wait",
            "a missed opportunity", "a delight", "strangely hollow")
WEATHER = ("heavy rain", "strong winds", "a hard frost", "thunderstorms", "fog",
           "snow showers", "a brief heatwave")
REGIONS = ("the north", "the coast", "the valleys", "the east of the county",
           "upland areas", "the south-west", "the islands")
METRICS = ("passenger numbers", "profits", "house prices", "visitor numbers",
           "hospital admissions", "rail delays", "energy use", "applications")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AGENCIES = ("Northlight Images", "Harbour Press Photos", "Keyline Pictures", "Handout",
            "Staff photographer")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")

HEADLINES = (
    "{T} council approves {K} plan for new {F}",
    "{P} named new head of {O}",
    "Police investigate {I} in {T}",
    "{O} to cut {N} jobs as {C}",
    "Why {G} in {T} are worried about {X}",
    "{N} things we learned from the {E}",
    "Residents of {T} asked to {A}",
    "{M} beat {M} {s} in dramatic finish",
    "Review: {J} {V} '{B}' is {D}",
    "Opinion: {X} deserves a better debate",
    "Weather: {H} expected across {R} this weekend",
    "{O} reports {Q} rise in {U}",
    "How {T} fell in love with its {F} again",
    "Watch: the moment {I} brought {T} to a standstill",
    "{P}: 'We cannot keep ignoring {X}'",
    "Plans for {F} in {T} delayed until next year",
    "{G} protest outside {O} offices",
    "Man, {N}, charged after {I}",
    "The {E} in pictures",
    "{T} {F} to close for six months of repairs",
    "Explained: what {X} means for {G}",
    "{O} boss defends {Q} pay rise",
    "Teenager from {T} wins national science prize",
    "Everything you need to know about the {T} {E}",
    "Letters: {X} and the future of {T}",
)
SENTENCES = (
    "Officials in {T} said on {W} that the {F} would reopen within weeks.",
    "{P}, who has lived in {T} for {N} years, said the change came as a surprise.",
    "The decision follows months of complaints from {G} about {X}.",
    "{O} said it expected {U} to recover by the end of the year.",
    "Police said {I} was reported shortly after midnight.",
    "Campaigners say {X} will hit {G} hardest.",
    "The {E} drew more than {K} visitors, organisers said.",
    "A spokesperson for {O} declined to comment on the figures.",
    "Forecasters warned of {H} across {R} from {W}.",
    "Residents have been asked to {A} until further notice.",
    "{M} have now won {N} of their last ten matches.",
    "The report found that {U} rose by {Q} in the past year.",
    "{P} described the plan as {J} but necessary.",
)
COMMENTS = (
    "I have lived in {T} for {N} years and I have never seen anything like this.",
    "Honestly, this is what happens when nobody listens to {G}.",
    "Does anyone know whether the {F} will still be open at weekends?",
    "The council has known about {X} for years and done nothing about it.",
    "Great reporting, thank you for covering this properly.",
    "I don't understand why this is being presented as news at all.",
    "My neighbour works for {O} and says the real story is very different.",
    "We moved here because of the schools, and now look at it.",
    "Anyone who drives through {T} at rush hour could have told you this would happen.",
    "Typical. Spend the money on consultants and then cut the services.",
    "Not everything is bad, though, and the {F} has been brilliant for our kids.",
    "I wrote to my councillor about this in {M2} and never got a reply.",
    "Can we please have a proper debate about {X} instead of the usual shouting?",
    "The comments here are getting ridiculous.",
    "This article could have been half the length.",
    "People forget that {O} employs {K} people in this area.",
    "I remember when there were buses every ten minutes from {T}.",
    "Same thing happened in {T} a few years ago and it took months to sort out.",
    "Has anyone actually read the report, or are we all just reacting to the headline?",
    "Well said, {P}.",
    "If this goes ahead I will be moving out of {T}, simple as that.",
    "Good luck to everyone affected, it must be a nightmare.",
    "They should have asked {G} before deciding anything.",
    "I'm not convinced, but I'm willing to give it a chance.",
    "Why does every story about {T} end up being about {X}?",
    "My family has been here since the fifties and we have seen it all before.",
    "Fair points, but the numbers in the report don't add up.",
    "Absolutely spot on.",
)
CAPTIONS = (
    "{P} at the {F} in {T} on {W}.",
    "Residents gather outside the {F} in {T}.",
    "The {E} in {T} last year.",
    "{P}, left, with volunteers in {T}.",
    "Work on the {F} began in the spring.",
    "A view of {T} from the hills above the town.",
    "Crowds at the {E} on {W}.",
)


def _pick(rng, key):
    if key == "T":
        return rng.choice(TOWNS)
    if key == "P":
        return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
    if key == "O":
        return rng.choice(ORGS)
    if key == "F":
        return rng.choice(FACILITIES)
    if key == "I":
        return rng.choice(INCIDENTS)
    if key == "C":
        return rng.choice(CAUSES)
    if key == "G":
        return rng.choice(GROUPS)
    if key == "X":
        return rng.choice(TOPICS)
    if key == "E":
        return rng.choice(EVENTS)
    if key == "A":
        return rng.choice(ACTIONS)
    if key == "M":
        return rng.choice(TEAMS)
    if key == "N":
        return str(rng.randrange(2, 60))
    if key == "K":
        return "{:,}".format(rng.randrange(11, 990) * 100)
    if key == "Q":
        return "%d%%" % rng.randrange(2, 45)
    if key == "W":
        return rng.choice(WEEKDAYS)
    if key == "R":
        return rng.choice(REGIONS)
    if key == "J":
        return rng.choice(ADJS)
    if key == "V":
        return rng.choice(GENRES)
    if key == "B":
        return rng.choice(WORKS)
    if key == "D":
        return rng.choice(VERDICTS)
    if key == "H":
        return rng.choice(WEATHER)
    if key == "U":
        return rng.choice(METRICS)
    if key == "s":
        return "%d-%d" % (rng.randrange(1, 5), rng.randrange(0, 4))
    if key == "M2":
        return rng.choice(MONTHS_EN)
    return key


_SLOT = re.compile(r"\{(\w+)\}")


def fill(rng, pattern):
    s = _SLOT.sub(lambda m: _pick(rng, m.group(1)), pattern)
    return s[0].upper() + s[1:]


# ---------------------------------------------------------------------------
# Short fictional articles in German, French and Spanish (written for this
# script), and the words their sites use.

FOREIGN = [
    {"lang": "de", "date": "2026-03-16", "author": "Katrin Vogel",
     "title": "Bahnstrecke zwischen Lindau-Ost und Wehrbach nach zwei Jahren wieder offen",
     "paras": [
         "WEHRBACH – Nach fast zwei Jahren Bauzeit rollen seit Montag wieder Züge auf der 38 Kilometer langen Strecke zwischen Lindau-Ost und Wehrbach. Der erste Regionalzug verließ den Bahnhof um 5.12 Uhr, an Bord saßen neben Pendlern auch zahlreiche Eisenbahnfreunde, die den Moment mit ihren Handys festhielten.",
         "Die Sanierung hatte deutlich länger gedauert als geplant. Ursprünglich sollten die Arbeiten nach 14 Monaten abgeschlossen sein, doch marode Brücken und ein Hangrutsch im Frühjahr verzögerten das Projekt. Die Kosten stiegen nach Angaben des Verkehrsverbunds von 61 auf 87 Millionen Euro.",
         "„Wir wissen, dass die Geduld der Fahrgäste auf eine harte Probe gestellt wurde“, sagte Verbandsdirektorin Sabine Kröger bei der Eröffnung. „Dafür haben wir jetzt eine Strecke, die für die nächsten Jahrzehnte zuverlässig funktioniert.“",
         "Künftig fahren die Züge werktags im Halbstundentakt, am Wochenende stündlich. Neu ist ein Halt am Gewerbegebiet Wehrbach-Süd, wo rund 2.300 Menschen arbeiten. Die Fahrzeit zwischen beiden Endpunkten verkürzt sich um sieben auf 34 Minuten.",
         "Nicht alle sind zufrieden. Anwohner im Ortsteil Grünau beklagen den Lärm der neuen Güterzüge, die nachts über die Strecke rollen sollen. Eine Bürgerinitiative hat bereits 1.400 Unterschriften für zusätzliche Schallschutzwände gesammelt.",
         "Der Ersatzverkehr mit Bussen wird zum Monatsende eingestellt. Bis dahin gelten die Fahrkarten sowohl im Zug als auch im Bus, teilte der Verkehrsverbund mit.",
     ]},
    {"lang": "de", "date": "2026-02-27", "author": "Matthias Brandt",
     "title": "Bergheim baut neues Hallenbad – Gemeinderat stimmt knapp zu",
     "paras": [
         "BERGHEIM – Der Gemeinderat von Bergheim an der Ilm hat am Donnerstagabend mit 14 zu 12 Stimmen den Neubau des Hallenbads beschlossen. Das alte Bad aus dem Jahr 1971 war im vergangenen Herbst wegen Schäden am Dach geschlossen worden.",
         "Das neue Bad soll 19,5 Millionen Euro kosten und über ein 25-Meter-Becken mit sechs Bahnen, ein Lehrschwimmbecken und eine kleine Sauna verfügen. Rund ein Drittel der Summe übernimmt das Land aus einem Förderprogramm für Sportstätten.",
         "Bürgermeister Jens Albrecht sprach von einer „Entscheidung für die Kinder dieser Stadt“. Seit der Schließung müssten Schulklassen für den Schwimmunterricht bis nach Hohenried fahren, fast eine halbe Stunde pro Strecke. „Viele Kinder lernen bei uns gar nicht mehr richtig schwimmen“, sagte Albrecht.",
         "Die Opposition hält das Projekt für zu teuer. Stadträtin Petra Hülsmann warnte vor steigenden Betriebskosten, die den Haushalt auf Jahre belasten würden. Sie hatte vorgeschlagen, gemeinsam mit zwei Nachbargemeinden ein größeres Bad zu betreiben.",
         "Baubeginn soll im kommenden Frühjahr sein. Wenn alles nach Plan läuft, könnte das Bad im Sommer 2028 eröffnen. Bis dahin bleibt das Freibad am Stadtrand in der Saison länger geöffnet, kündigte die Verwaltung an.",
     ]},
    {"lang": "fr", "date": "2026-03-10", "author": "Julien Morel",
     "title": "Grève des chauffeurs de bus à Villebrune : le réseau fortement perturbé",
     "paras": [
         "VILLEBRUNE – Les usagers du réseau de bus de Villebrune ont dû s’armer de patience ce mardi. À l’appel de deux syndicats, près de sept chauffeurs sur dix ont cessé le travail pour protester contre la réorganisation des horaires prévue à la rentrée.",
         "Seules quatre lignes sur quinze fonctionnaient normalement en début de matinée, selon la direction du réseau. Les lignes scolaires ont été maintenues, mais avec des retards pouvant atteindre quarante minutes.",
         "« Nous ne sommes pas contre le changement, nous sommes contre des journées de onze heures avec des coupures interminables », explique Karim Benali, délégué syndical et chauffeur depuis dix-huit ans. Selon lui, le nouveau planning allongerait l’amplitude horaire de nombreux conducteurs.",
         "La direction affirme de son côté que la réforme permettra d’augmenter la fréquence des bus aux heures de pointe de 20 %. Elle s’est dite « ouverte au dialogue » et propose une réunion jeudi à la mairie.",
         "Dans les rues du centre, beaucoup d’habitants ont opté pour le vélo ou la marche. Devant l’arrêt Gare-Centre, Élodie, étudiante, attendait depuis vingt-cinq minutes. « Je vais rater mon premier cours, mais je comprends un peu les chauffeurs », confiait-elle.",
         "Le mouvement est reconductible. Un nouveau point sur le trafic sera publié mercredi à 6 heures sur le site du réseau.",
     ]},
    {"lang": "fr", "date": "2026-04-02", "author": "Camille Lefèvre",
     "title": "Une mosaïque romaine découverte sous l’ancienne école de Montclaret",
     "paras": [
         "MONTCLARET – C’est une découverte que les archéologues n’osaient pas espérer. Lors de fouilles préventives sur le terrain de l’ancienne école communale, une équipe a mis au jour une mosaïque romaine d’environ 40 mètres carrés, remarquablement conservée.",
         "Le pavement, daté du IIe siècle après J.-C., représente des motifs géométriques entourant une scène marine : des dauphins, un poisson-lune et ce qui pourrait être une divinité des eaux. Les couleurs, du rouge brique au bleu-gris, sont encore nettement visibles.",
         "« Nous pensions trouver quelques murs et des fragments de céramique », raconte la responsable du chantier, Hélène Vasseur. « Quand les premières tesselles sont apparues, toute l’équipe s’est arrêtée. C’est un moment qu’on vit une fois dans une carrière. »",
         "La mosaïque ornait probablement une pièce de réception d’une riche villa. D’autres vestiges, dont un système de chauffage par le sol, laissent penser que le domaine s’étendait sur plusieurs hectares.",
         "Le projet de logements prévu sur le site est suspendu le temps des fouilles, qui doivent durer au moins jusqu’à la fin de l’été. La commune envisage d’exposer la mosaïque au musée municipal, après sa dépose et sa restauration.",
     ]},
    {"lang": "es", "date": "2026-03-23", "author": "Lucía Herrera",
     "title": "Villaseca del Río limita el riego de jardines por la sequía",
     "paras": [
         "VILLASECA DEL RÍO – El Ayuntamiento de Villaseca del Río aprobó el lunes un decreto que prohíbe regar jardines privados y llenar piscinas entre las 8.00 y las 21.00 horas. La medida responde a la bajada del embalse de La Garganta, que se encuentra al 23 % de su capacidad.",
         "Según la concejala de Medio Ambiente, Marta Iglesias, el consumo de agua del municipio aumentó un 18 % en los dos últimos veranos, en parte por la llegada de nuevos vecinos. «Si no actuamos ahora, en agosto podríamos tener cortes nocturnos», advirtió.",
         "Las multas por incumplir el decreto oscilarán entre 150 y 1.500 euros. La Policía Local realizará inspecciones aleatorias, aunque el Ayuntamiento asegura que la prioridad es informar y no sancionar.",
         "Los agricultores de la comarca, que dependen del mismo embalse, miran con preocupación la evolución de las reservas. La comunidad de regantes ya redujo en marzo las dotaciones de agua para los cultivos de regadío.",
         "¿Es suficiente? Para el hidrólogo Andrés Molina, de la universidad regional, las restricciones son «necesarias pero tardías». A su juicio, el municipio debería invertir en reparar la red de tuberías, donde se pierde cerca de un tercio del agua.",
     ]},
    {"lang": "es", "date": "2026-01-29", "author": "Javier Ortega",
     "title": "Una cooperativa de Torrealba gana el premio al mejor aceite de oliva del año",
     "paras": [
         "TORREALBA – La cooperativa San Isidro de Torrealba ha recibido el premio al mejor aceite de oliva virgen extra de la temporada, otorgado por un jurado de catadores en la feria agroalimentaria de Valdemora. Es la primera vez que una almazara de la comarca logra este reconocimiento.",
         "El aceite premiado procede de aceitunas de la variedad picual recogidas a mediados de octubre, cuando el fruto aún está verde. El jurado destacó sus notas de tomatera, almendra y hierba recién cortada, y un amargor «equilibrado y elegante».",
         "La cooperativa agrupa a 412 socios y molturó la pasada campaña unos 9,6 millones de kilos de aceituna. Su presidente, Francisco Ruiz, atribuye el éxito al trabajo conjunto: «Detrás de cada botella hay familias que llevan generaciones cuidando estos olivos».",
         "El premio llega en un año complicado. La falta de lluvias en primavera redujo la cosecha en casi un 30 %, y los costes de la energía encarecieron la molienda. Aun así, la cooperativa espera que el galardón abra nuevos mercados en el extranjero.",
         "Los socios celebrarán el reconocimiento el próximo sábado con una jornada de puertas abiertas en la almazara, que incluirá visitas guiadas y una cata para el público.",
         "La organización de la feria entregará el trofeo oficial durante una gala en Valdemora a finales de mes.",
     ]},
]

LOCAL = {
    "de": {
        "site": ("Rheinwald Zeitung", "rheinwald-zeitung.example"),
        "nav": ("Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Panorama", "Region",
                "Lindau", "Wehrbach", "Bergheim", "Meinung", "Wissen", "Reise", "Auto",
                "Digital", "Gesundheit", "Immobilien", "Stellenmarkt", "Traueranzeigen",
                "E-Paper", "Abo", "Newsletter", "Podcasts", "Videos", "Bildergalerien",
                "Wetter", "Verkehr", "Leserbriefe", "Kontakt", "Gewinnspiele"),
        "footer": ("Impressum", "Datenschutz", "AGB", "Kontakt", "Mediadaten",
                   "Barrierefreiheit", "Cookie-Einstellungen", "Karriere", "Über uns",
                   "Abo kündigen", "Hilfe", "Leserservice"),
        "ad": "Anzeige", "readmore": "Lesen Sie auch:", "related": "Mehr zum Thema:",
        "comments": "Kommentare", "reply": "Antworten", "by": "Von",
        "published": "Veröffentlicht am", "updated": "Aktualisiert am",
        "share": "Teilen", "most_read": "Meistgelesen", "home": "Startseite",
        "cookie": "Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu personalisieren, Funktionen für soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren. Mit einem Klick auf „Alle akzeptieren“ stimmen Sie der Verwendung zu. Ihre Einwilligung können Sie jederzeit widerrufen.",
        "accept": "Alle akzeptieren", "manage": "Einstellungen",
        "nl_title": "Der Morgen-Newsletter",
        "nl_text": "Die wichtigsten Nachrichten aus der Region jeden Morgen kostenlos in Ihrem Postfach.",
        "nl_button": "Jetzt anmelden", "email": "Ihre E-Mail-Adresse",
        "copyright": "Alle Rechte vorbehalten.",
        "months": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                   "September", "Oktober", "November", "Dezember"),
        "headlines": ("Neue Radwege: Stadt legt Pläne für die Innenstadt vor",
                      "Feuerwehr rückt zu Großeinsatz im Gewerbegebiet aus",
                      "Tabellenführer verliert überraschend gegen Aufsteiger",
                      "Wochenmarkt zieht im Sommer auf den Kirchplatz",
                      "Kita-Gebühren steigen ab August um zwölf Prozent",
                      "Polizei sucht Zeugen nach Unfall auf der Landstraße",
                      "Bäckerei in dritter Generation schließt nach 92 Jahren",
                      "Musikschule feiert Jubiläum mit großem Konzert",
                      "Hochwasserschutz: Deich wird auf drei Kilometern erhöht",
                      "Neuer Hausarzt für das Dorf gefunden"),
        "comment_sents": ("Endlich passiert da mal etwas.",
                          "Das hätte man auch billiger haben können.",
                          "Ich wohne seit zwanzig Jahren hier und habe so etwas noch nicht erlebt.",
                          "Wer soll das am Ende bezahlen?",
                          "Danke für den ausführlichen Bericht.",
                          "Die Verwaltung hätte die Bürger früher einbeziehen müssen.",
                          "Typisch, erst wird geplant und dann wundert man sich über die Kosten.",
                          "Ich sehe das etwas anders als die meisten hier."),
    },
    "fr": {
        "site": ("Le Courrier du Val", "courrierduval.example"),
        "nav": ("Accueil", "Actualité", "Politique", "Économie", "Société", "Sports",
                "Culture", "Régions", "Villebrune", "Montclaret", "Faits divers", "Opinions",
                "Santé", "Environnement", "Éducation", "Loisirs", "Sorties", "Immobilier",
                "Emploi", "Avis de décès", "Journal numérique", "Abonnement", "Newsletters",
                "Podcasts", "Vidéos", "Photos", "Météo", "Trafic", "Courrier des lecteurs",
                "Contact"),
        "footer": ("Mentions légales", "Politique de confidentialité", "CGU", "Contact",
                   "Publicité", "Accessibilité", "Gestion des cookies", "Recrutement",
                   "Qui sommes-nous", "Plan du site", "Aide", "Service client"),
        "ad": "Publicité", "readmore": "Lire aussi :", "related": "À lire également :",
        "comments": "Commentaires", "reply": "Répondre", "by": "Par",
        "published": "Publié le", "updated": "Mis à jour le",
        "share": "Partager", "most_read": "Les plus lus", "home": "Accueil",
        "cookie": "Avec votre accord, nous et nos partenaires utilisons des cookies ou technologies similaires pour stocker et accéder à des informations personnelles comme votre visite sur ce site. Vous pouvez retirer votre consentement ou vous opposer aux traitements à tout moment.",
        "accept": "Tout accepter", "manage": "Paramétrer",
        "nl_title": "La newsletter du matin",
        "nl_text": "L’essentiel de l’actualité de votre région chaque matin dans votre boîte mail.",
        "nl_button": "Je m’inscris", "email": "Votre adresse e-mail",
        "copyright": "Tous droits réservés.",
        "months": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"),
        "headlines": ("Le marché de Noël déménage sur la place de la Mairie",
                      "Un nouveau médecin s’installe à la maison de santé",
                      "Football : le club local arrache le nul en fin de match",
                      "Travaux : la rue principale fermée pendant trois semaines",
                      "La médiathèque prolonge ses horaires le samedi",
                      "Un incendie détruit un hangar agricole",
                      "Les tarifs de la cantine augmentent à la rentrée",
                      "Festival d’été : la programmation dévoilée",
                      "La piscine municipale rouvre après deux ans de travaux",
                      "Une boulangerie centenaire ferme ses portes"),
        "comment_sents": ("Enfin une bonne nouvelle pour la ville.",
                          "Qui va payer tout ça ?",
                          "Merci pour cet article très complet.",
                          "On nous promet ça depuis des années.",
                          "Je ne suis pas d’accord avec la majorité des commentaires.",
                          "La mairie aurait dû consulter les habitants avant.",
                          "C’est toujours la même chose, on découvre les coûts après.",
                          "Bravo aux équipes sur place."),
    },
    "es": {
        "site": ("El Diario del Sur", "diariodelsur.example"),
        "nav": ("Portada", "Actualidad", "Política", "Economía", "Sociedad", "Deportes",
                "Cultura", "Provincia", "Villaseca", "Torrealba", "Sucesos", "Opinión",
                "Salud", "Medio ambiente", "Educación", "Ocio", "Agenda", "Vivienda",
                "Empleo", "Esquelas", "Hemeroteca", "Suscripción", "Boletines", "Pódcast",
                "Vídeos", "Fotogalerías", "El tiempo", "Tráfico", "Cartas al director",
                "Contacto"),
        "footer": ("Aviso legal", "Política de privacidad", "Condiciones de uso", "Contacto",
                   "Publicidad", "Accesibilidad", "Configuración de cookies", "Trabaja con nosotros",
                   "Quiénes somos", "Mapa web", "Ayuda", "Atención al suscriptor"),
        "ad": "Publicidad", "readmore": "Lee también:", "related": "Más información:",
        "comments": "Comentarios", "reply": "Responder", "by": "Por",
        "published": "Publicado el", "updated": "Actualizado el",
        "share": "Compartir", "most_read": "Lo más leído", "home": "Portada",
        "cookie": "Utilizamos cookies propias y de terceros para mejorar nuestros servicios, elaborar información estadística y mostrarte publicidad relacionada con tus preferencias. Puedes aceptar todas las cookies, rechazarlas o configurar tus preferencias.",
        "accept": "Aceptar todas", "manage": "Configurar",
        "nl_title": "El boletín de la mañana",
        "nl_text": "Las noticias más importantes de la provincia cada mañana en tu correo.",
        "nl_button": "Suscribirme", "email": "Tu correo electrónico",
        "copyright": "Todos los derechos reservados.",
        "months": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"),
        "headlines": ("El mercado de abastos reabre tras su reforma",
                      "Un incendio calcina varias hectáreas de monte bajo",
                      "El equipo local asciende de categoría dos jornadas antes del final",
                      "Cortes de tráfico en el centro por las obras del colector",
                      "La biblioteca municipal amplía su horario en verano",
                      "Detenido un hombre por una serie de robos en trasteros",
                      "Las tasas de basura subirán un ocho por ciento",
                      "La feria de primavera bate récord de visitantes",
                      "Nuevo centro de salud para los barrios del norte",
                      "Cierra la ferretería más antigua de la ciudad"),
        "comment_sents": ("Ya era hora de que se hiciera algo.",
                          "¿Y quién va a pagar todo esto?",
                          "Gracias por la información, muy completa.",
                          "Llevamos años esperando una solución.",
                          "No estoy de acuerdo con la mayoría de los comentarios.",
                          "El Ayuntamiento debería haber consultado a los vecinos.",
                          "Siempre pasa lo mismo, los costes se descubren después.",
                          "Ánimo a todos los afectados."),
    },
}


# ---------------------------------------------------------------------------
# Bulk filler: minified-looking CSS and JavaScript, SVG paths.  One pool of
# each is made per run; a site takes its own slices of it (real sites share
# the same framework code over all their pages).

CSS_WORDS = ("header", "nav", "menu", "item", "link", "card", "teaser", "story", "article",
             "body", "title", "headline", "meta", "byline", "date", "share", "icon",
             "button", "footer", "sidebar", "widget", "list", "grid", "col", "row",
             "container", "wrapper", "inner", "media", "image", "caption", "ad", "slot",
             "label", "promo", "newsletter", "form", "input", "badge", "tag", "section",
             "hero", "lead", "related", "comments", "modal", "overlay", "cookie",
             "banner", "consent", "masthead", "logo", "search", "drawer", "toggle")
CSS_MODS = ("active", "open", "large", "small", "dark", "light", "sticky", "hidden",
            "primary", "secondary", "featured", "compact")
NAV_WORDS = ("Home", "News", "World", "UK", "US", "Europe", "Asia", "Africa", "Americas",
             "Middle East", "Politics", "Business", "Markets", "Economy", "Companies",
             "Personal Finance", "Money", "Tech", "Science", "Health", "Climate",
             "Environment", "Education", "Sport", "Football", "Cricket", "Rugby", "Tennis",
             "Golf", "Motor Racing", "Athletics", "Cycling", "Culture", "Film",
             "TV & Radio", "Music", "Books", "Art & Design", "Stage", "Games", "Travel",
             "Food", "Recipes", "Wine", "Lifestyle", "Fashion", "Beauty", "Family",
             "Relationships", "Home & Garden", "Property", "Cars", "Motoring", "Opinion",
             "Editorials", "Columnists", "Letters", "Cartoons", "Obituaries", "Weather",
             "Video", "Podcasts", "Photography", "Puzzles", "Crosswords", "Sudoku",
             "Newsletters", "Events", "Jobs", "Dating", "Shop", "Offers", "Competitions",
             "Local", "Crime", "Courts", "Transport", "Council", "Schools", "Planning",
             "Community", "Nostalgia", "What's On", "Nature", "Farming", "Fact Check",
             "Explainers", "Investigations", "Interviews", "Analysis", "Live", "Latest",
             "Trending", "Archive", "E-paper", "Print edition", "Apps")
FOOTER_WORDS = ("About us", "Contact us", "Advertise with us", "Careers", "Terms of use",
                "Privacy policy", "Cookie policy", "Cookie settings", "Accessibility",
                "Complaints", "Corrections", "Help", "FAQ", "RSS feeds", "Sitemap",
                "Syndication", "Licensing", "Press office", "Work for us",
                "Modern slavery statement", "Subscribe", "Manage subscription",
                "Gift subscriptions", "Newsletters", "Events", "Reader offers", "Archive",
                "Code of practice", "Editorial standards", "Our journalists", "Tip us off",
                "Apps", "Podcasts", "Puzzles", "Jobs", "Dating", "Shop")


def _b36(rng, n):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def make_css_pool(rng, nbytes):
    decls = []
    for _ in range(1500):
        u = rng.randrange(14)
        if u == 0:
            decls.append("display:" + rng.choice(("flex", "block", "none", "grid", "inline-block", "inline-flex")))
        elif u == 1:
            decls.append("margin:%dpx %s" % (rng.randrange(0, 40), rng.choice(("auto", "0", "%dpx" % rng.randrange(40)))))
        elif u == 2:
            decls.append("padding:%dpx %dpx" % (rng.randrange(0, 32), rng.randrange(0, 32)))
        elif u == 3:
            decls.append("font-size:%.3frem" % rng.uniform(0.7, 2.6))
        elif u == 4:
            decls.append("color:#%06x" % rng.getrandbits(24))
        elif u == 5:
            decls.append("background-color:#%06x" % rng.getrandbits(24))
        elif u == 6:
            decls.append("line-height:%.2f" % rng.uniform(1.0, 1.8))
        elif u == 7:
            decls.append("font-family:%s" % rng.choice(("Georgia,serif", "\"Helvetica Neue\",Arial,sans-serif",
                                                         "var(--font-sans)", "system-ui,-apple-system,sans-serif")))
        elif u == 8:
            decls.append("border-%s:%dpx solid #%06x" % (rng.choice(("top", "bottom", "left", "right")),
                                                        rng.randrange(1, 4), rng.getrandbits(24)))
        elif u == 9:
            decls.append("transition:%s %dms ease-in-out" % (rng.choice(("opacity", "transform", "color", "all")),
                                                             rng.randrange(100, 600)))
        elif u == 10:
            decls.append("grid-template-columns:repeat(%d,minmax(0,1fr))" % rng.randrange(1, 13))
        elif u == 11:
            decls.append("%s:%d%%" % (rng.choice(("width", "max-width", "height", "flex-basis")), rng.randrange(5, 101)))
        elif u == 12:
            decls.append("-webkit-box-%s:%s" % (rng.choice(("orient", "align", "pack")), rng.choice(("vertical", "center", "start"))))
        else:
            decls.append("z-index:%d;position:%s" % (rng.randrange(0, 9999), rng.choice(("relative", "absolute", "fixed", "sticky"))))
    out = []
    total = 0
    while total < nbytes:
        r = rng.random()
        if r < 0.35:
            sel = ".css-" + _b36(rng, rng.choice((5, 6, 7)))
        elif r < 0.8:
            sel = "." + "-".join(rng.choice(CSS_WORDS) for _ in range(rng.randrange(1, 4)))
            if rng.random() < 0.4:
                sel += "__" + rng.choice(CSS_WORDS)
            if rng.random() < 0.2:
                sel += "--" + rng.choice(CSS_MODS)
            if rng.random() < 0.2:
                sel += rng.choice((":hover", ":focus", "::before", "::after", " a", " > li"))
        else:
            sel = ".%s .%s,.%s:hover" % (rng.choice(CSS_WORDS), rng.choice(CSS_WORDS), rng.choice(CSS_WORDS))
        rule = sel + "{" + ";".join(rng.choice(decls) for _ in range(rng.randrange(1, 9))) + "}"
        if rng.random() < 0.08:
            rule = "@media (min-width:%dpx){%s}" % (rng.choice((600, 768, 1024, 1280)), rule)
        out.append(rule)
        total += len(rule)
    return "".join(out)


JS_IDS = tuple("etnriosaucl") + ("_", "$", "fn", "cb", "ev", "el", "ctx", "opts", "cfg")
JS_PROPS = ("push", "length", "prototype", "call", "apply", "createElement", "setAttribute",
            "addEventListener", "querySelector", "dataset", "getItem", "setItem", "then",
            "split", "join", "indexOf", "map", "filter", "forEach", "keys", "assign",
            "defineProperty", "hasOwnProperty", "innerHTML", "classList", "style",
            "offsetHeight", "getBoundingClientRect", "slot", "targeting", "consent", "cmd",
            "display", "refresh", "observe", "disconnect", "dispatch", "subscribe", "track",
            "pageview", "cookie", "readyState", "visibilityState", "sendBeacon")
JS_STMTS = (
    "function {a}({b},{c}){{return {b}&&{b}.{p}?{b}.{p}({c}):{n}}}",
    "var {a}={b}.{p}||[];",
    "{a}.{p}=function({b}){{this.{q}={b};return this}};",
    "if(!{a}||typeof {a}.{p}!==\"function\"){{{a}={{}}}}",
    "for(var {a}=0;{a}<{b}.length;{a}++){{{c}.push({b}[{a}].{p})}}",
    "{a}.addEventListener(\"{ev}\",function({b}){{{b}.preventDefault();{c}({b}.target)}},!1);",
    "{a}[\"{s}\"]={n};",
    "!function({a},{b}){{\"use strict\";{a}.{p}={b}.{q}||{n}}}(window,document);",
    "const {A}=({a})=>{a}.{p}.map(({b})=>({b}.{q}));",
    "try{{{a}=JSON.parse(localStorage.getItem(\"{s}\"))}}catch({b}){{{a}=null}}",
    "{a}.{p}({b},{{{q}:\"{s}\",{r}:{n}}});",
    "Promise.resolve().then(function(){{return {a}({b})}});",
    "{a}.{p}&&{a}.{p}.{q}(\"data-{s}\",\"{n}\");",
    "var {A}={{{q}:{n},{r}:\"{s}\",{p}:function({a}){{return {a}*{n}}}}};",
    "{a}=({b}|{n})>>>0,{c}^={a}<<{m};",
    "window.{A}=window.{A}||[];",
)
JS_EVENTS = ("click", "scroll", "load", "resize", "message", "visibilitychange", "keydown")


def make_js_pool(rng, nbytes):
    stmts = []
    for _ in range(3000):
        t = rng.choice(JS_STMTS)
        stmts.append(t.format(a=rng.choice(JS_IDS), b=rng.choice(JS_IDS), c=rng.choice(JS_IDS),
                              A=rng.choice(JS_IDS).upper() + _b36(rng, 2),
                              p=rng.choice(JS_PROPS), q=rng.choice(JS_PROPS), r=rng.choice(JS_PROPS),
                              n=rng.randrange(0, 100000), m=rng.randrange(1, 31),
                              s=rng.choice(CSS_WORDS) + "-" + _b36(rng, 4),
                              ev=rng.choice(JS_EVENTS)))
    out = []
    total = 0
    while total < nbytes:
        s = rng.choice(stmts)
        out.append(s)
        total += len(s)
    return "".join(out)


def svg_path(rng, nseg):
    parts = ["M%d.%02d %d.%02d" % (rng.randrange(24), rng.randrange(100), rng.randrange(24), rng.randrange(100))]
    for _ in range(nseg):
        k = rng.randrange(6)
        if k < 3:
            parts.append("c" + "".join(("%.2f" % rng.uniform(-9, 9)).replace("0.", ".", 1) if i else
                                       "%.2f" % rng.uniform(-9, 9) for i in range(6)))
        elif k == 3:
            parts.append("l%.2f %.2f" % (rng.uniform(-9, 9), rng.uniform(-9, 9)))
        elif k == 4:
            parts.append("%s%.2f" % (rng.choice("hv"), rng.uniform(-12, 12)))
        else:
            parts.append("s%.2f %.2f %.2f %.2f" % tuple(rng.uniform(-9, 9) for _ in range(4)))
    parts.append("z")
    return "".join(parts)


ICONS = ("facebook", "twitter", "email", "whatsapp", "linkedin", "search", "menu", "close",
         "arrow", "play", "comment", "bookmark", "print", "link", "user")

SITE_NAMES = {
    "wordpress": ("Larchmere Notes", "larchmerenotes.example"),
    "divsoup": ("The Daily Meridian", "dailymeridian.example"),
    "article_teasers": ("Northgate Today", "northgatetoday.example"),
    "semantic": ("The Kestrel Post", "kestrelpost.example"),
    "table_legacy": ("Holtbury Gazette", "holtburygazette.example"),
    "div_paragraphs": ("Wendle Valley Echo", "wendlevalleyecho.example"),
    "amp": ("The Harbour Courier", "harbourcourier.example"),
    "jsonld_only": ("Pulse24", "pulse24.example"),
    "jsonld_and_html": ("The Corrington Standard", "corringtonstandard.example"),
    "liveblog": ("Metro Wire", "metrowire.example"),
    "lists_subheads": ("The Brief", "thebrief.example"),
    "short_sidebar": ("Oakhurst Chronicle", "oakhurstchronicle.example"),
    "link_dense": ("The Roundup", "theroundup.example"),
    "paywall": ("The Financial Ledger", "financialledger.example"),
    "magazine": ("Longitude Magazine", "longitudemag.example"),
    "ads_readmore": ("Redwater Evening News", "redwatereveningnews.example"),
    "microdata": ("Saltmarsh Observer", "saltmarshobserver.example"),
}


class Site:
    """A fictional site: name, domain, navigation vocabulary, icons, filler offsets."""

    def __init__(self, key, lang, rng, css_pool, js_pool):
        self.key = key
        self.lang = lang
        if key == "intl":
            self.name, self.domain = LOCAL[lang]["site"]
        else:
            self.name, self.domain = SITE_NAMES[key]
        self.base = "https://www." + self.domain if rng.random() < 0.5 else "https://" + self.domain
        self.cdn = "https://%s.%s" % (rng.choice(("cdn", "static", "img", "media", "assets")), self.domain)
        self.css_pool = css_pool
        self.js_pool = js_pool
        self.css_off = rng.randrange(len(css_pool) // 2)
        self.js_off = rng.randrange(len(js_pool) // 2)
        self.handle = "@" + re.sub(r"[^A-Za-z0-9]", "", self.name)[:15]
        self.color = "#%06x" % rng.getrandbits(24)
        words = list(LOCAL[lang]["nav"] if key == "intl" else NAV_WORDS + TOWNS)
        # every site orders (and thins) its menu its own way; the home link stays first
        rest = [w for w in words[1:] if rng.random() < 0.85]
        for i in range(len(rest) - 1):
            if rng.random() < 0.3:
                j = min(len(rest) - 1, i + rng.randrange(1, 12))
                rest[i], rest[j] = rest[j], rest[i]
        self.nav_words = [words[0]] + rest
        self.footer_words = list(LOCAL[lang]["footer"]) if key == "intl" else list(FOOTER_WORDS)
        self.sections = [w for w in self.nav_words[1:14]]
        self.icons = {}
        for name in ICONS:
            self.icons[name] = svg_path(rng, rng.randrange(8, 60))
        self.logo = svg_path(rng, rng.randrange(120, 420))
        self.smart_quotes = rng.random() < 0.5
        self.build = _b36(rng, 20)
        self.link_style = rng.randrange(3)


def slugify(text):
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:70].rstrip("-") or "article"


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def ld_dumps(obj, rng=None):
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":") if rng is None or rng.random() < 0.6 else (", ", ": "))
    return s.replace("</", "<\\/")


def smart_quotes(text):
    out = []
    prev = " "
    for ch in text:
        if ch == '"':
            out.append("\u201c" if prev in " (\u2014\u2013-[" else "\u201d")
        elif ch == "'":
            out.append("\u2018" if prev in " (\u2014[" else "\u2019")
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


# ---------------------------------------------------------------------------
# Rendering helpers shared by the templates.  A Ctx is one page being
# rendered: its spec, its site and its own random stream.

DEFAULT_FMT = {
    "p": "<p>{}</p>", "h2": "<h2>{}</h2>", "h3": "<h3>{}</h3>",
    "quote": "<blockquote><p>{}</p></blockquote>",
    "ul_open": "<ul>", "ul_close": "</ul>", "ol_open": "<ol>", "ol_close": "</ol>",
    "li": "<li>{}</li>",
}
TZ_NAMES = {"Z": "GMT", "+00:00": "GMT", "+01:00": "CET", "+02:00": "CEST", "-05:00": "EST", "-04:00": "EDT"}
ROLES = ("Political Correspondent", "Senior Reporter", "Business Editor", "Health Reporter",
         "Chief Reporter", "Local Democracy Reporter", "Transport Correspondent")


def add_days(d, k):
    import datetime as _dt
    x = _dt.date.fromisoformat(d) + _dt.timedelta(days=k)
    return x.isoformat()


def weekday(d):
    import datetime as _dt
    return _dt.date.fromisoformat(d).weekday()


class Ctx:
    def __init__(self, spec, site, rng):
        self.spec = spec
        self.s = site
        self.rng = rng
        self.lang = spec["lang"]
        self.L = LOCAL.get(self.lang)
        self.title = spec["title"]
        self.url = spec["url"]
        self.path = spec["url"].split("/", 3)[3] if spec["url"].count("/") >= 3 else ""
        self.dm = spec["dmodes"]
        self.am = spec["amodes"]
        self.date = spec["date"] if self.dm else ""
        self.author = spec["author"] if self.am else ""
        self.blocks = spec["blocks"]
        self.section = spec["section"]
        self.hh, self.mi = spec["time"]
        self.tz = spec["tz"]
        self.updated = None
        if self.date and rng.random() < 0.4:
            k = rng.choice((0, 0, 0, 1, 1, 2, 5))
            uh = min(23, self.hh + rng.randrange(1, 6)) if k == 0 else rng.randrange(6, 23)
            self.updated = (add_days(self.date, k), uh, rng.randrange(60))
        self.date_style = rng.randrange(6)
        self.desc = spec.get("dek") or self._truncate(self.blocks[0][1] if self.blocks else self.title, 24)
        self.image_hex = self.hex(32)

    # -- small things ---------------------------------------------------
    def hex(self, n):
        return "%0*x" % (n, self.rng.getrandbits(4 * n))

    def ob(self):
        """An obfuscated CSS-in-JS class name."""
        r = self.rng
        c = "css-" + _b36(r, r.choice((5, 6, 7)))
        if r.random() < 0.5:
            c += " e" + _b36(r, 6) + str(r.randrange(10))
        return c

    @staticmethod
    def _truncate(text, nwords):
        ws = text.split()
        return " ".join(ws[:nwords]) + ("\u2026" if len(ws) > nwords else "")

    def person(self):
        if self.lang == "en":
            return "%s %s" % (self.rng.choice(FIRST), self.rng.choice(LAST))
        return "%s %s" % (self.rng.choice(("Anna", "Paul", "Marie", "Luis", "Sophie", "Hugo", "Elena", "Jonas")),
                          self.rng.choice(("Keller", "Martin", "García", "Roux", "Becker", "Navarro", "Weber")))

    def headline(self):
        if self.lang == "en":
            return fill(self.rng, self.rng.choice(HEADLINES))
        return self.rng.choice(self.L["headlines"])

    def sentence(self):
        if self.lang == "en":
            return fill(self.rng, self.rng.choice(SENTENCES))
        return self.rng.choice(self.L["comment_sents"])

    def link(self, text=None):
        slug = slugify(text) if text else _b36(self.rng, 10)
        sec = slugify(self.rng.choice(self.s.sections))
        if self.rng.random() < 0.3:
            return "%s/%s/%s-%d" % (self.s.base, sec, slug, self.rng.randrange(10 ** 6, 10 ** 7))
        return "/%s/%s-%d" % (sec, slug, self.rng.randrange(10 ** 6, 10 ** 7))

    def teasers(self, n):
        return [(h, self.link(h)) for h in (self.headline() for _ in range(n))]

    # -- dates and bylines ----------------------------------------------
    def iso(self, d=None, hm=None, style=None):
        d = d or self.date
        hh, mi = hm or (self.hh, self.mi)
        tz = self.tz
        style = self.rng.randrange(4) if style is None else style
        if style == 0:
            return "%sT%02d:%02d:00%s" % (d, hh, mi, tz)
        if style == 1:
            return "%sT%02d:%02d:%02d.000%s" % (d, hh, mi, self.rng.randrange(60), tz)
        if style == 2:
            return "%sT%02d:%02d:00%s" % (d, hh, mi, tz)
        return "%sT%02d:%02d%s" % (d, hh, mi, tz)

    def vis_date(self, d=None, hm=None, style=None):
        d = d or self.date
        hh, mi = hm or (self.hh, self.mi)
        y, m, dd = int(d[:4]), int(d[5:7]), int(d[8:10])
        if self.lang == "de":
            return "%d. %s %d, %02d:%02d Uhr" % (dd, self.L["months"][m - 1], y, hh, mi)
        if self.lang == "fr":
            return "%d %s %d à %dh%02d" % (dd, self.L["months"][m - 1], y, hh, mi)
        if self.lang == "es":
            return "%d de %s de %d - %02d:%02d" % (dd, self.L["months"][m - 1], y, hh, mi)
        st = self.date_style if style is None else style
        mon = MONTHS_EN[m - 1]
        if st == 0:
            return "%s %d, %d" % (mon, dd, y)
        if st == 1:
            return "%d %s %d" % (dd, mon, y)
        if st == 2:
            return "%s %d %s %d %02d.%02d %s" % (WEEKDAYS[weekday(d)][:3], dd, mon[:3], y, hh, mi, TZ_NAMES[self.tz])
        if st == 3:
            return "%s %d, %d, %d:%02d %s %s" % (mon[:3] + ("." if len(mon) > 3 else ""), dd, y,
                                                 (hh - 1) % 12 + 1, mi, "a.m." if hh < 12 else "p.m.", TZ_NAMES[self.tz])
        if st == 4:
            return "%d %s %d \u2022 %d:%02d%s" % (dd, mon, y, (hh - 1) % 12 + 1, mi, "am" if hh < 12 else "pm")
        return "%s %d, %d at %d:%02d %s" % (mon, dd, y, (hh - 1) % 12 + 1, mi, "AM" if hh < 12 else "PM")

    def date_html(self, cls="date", prefix=None, tag="span"):
        """The visible publication date as this page shows it ('' if none)."""
        if not self.date:
            return ""
        if prefix is None:
            prefix = (self.L["published"] + " ") if self.L else self.rng.choice(("", "", "Published ", "Published: ", "Posted "))
        out = ""
        if "time" in self.dm:
            out = '<%s class="%s">%s<time datetime="%s">%s</time></%s>' % (
                tag, cls, esc(prefix), self.iso(), esc(self.vis_date()), tag)
        elif "text" in self.dm:
            out = '<%s class="%s">%s%s</%s>' % (tag, cls, esc(prefix), esc(self.vis_date()), tag)
        else:
            return ""
        if self.updated:
            upd = (self.L["updated"] + " ") if self.L else self.rng.choice(("Updated ", "Last updated: ", "Updated: "))
            ud, uh, um = self.updated[0], self.updated[1], self.updated[2]
            if "time" in self.dm:
                out += ' <%s class="%s-updated">%s<time datetime="%s">%s</time></%s>' % (
                    tag, cls, esc(upd), self.iso(ud, (uh, um)), esc(self.vis_date(ud, (uh, um))), tag)
            else:
                out += ' <%s class="%s-updated">%s%s</%s>' % (tag, cls, esc(upd), esc(self.vis_date(ud, (uh, um))), tag)
        return out

    def byline_html(self, cls="byline", prefix=None, tag="span"):
        """The visible byline ('' if the page shows none)."""
        if not self.author:
            return ""
        if prefix is None:
            prefix = (self.L["by"] + " ") if self.L else self.rng.choice(("By ", "By ", "Words by ", "by "))
        slug = slugify(self.author)
        if "rel" in self.am:
            return '<%s class="%s">%s<a rel="author" href="/author/%s/">%s</a></%s>' % (
                tag, cls, esc(prefix), slug, esc(self.author), tag)
        if "text" in self.am:
            r = self.rng.random()
            if r < 0.2 and self.lang == "en":
                return '<%s class="%s"><strong>%s</strong>, %s</%s>' % (tag, cls, esc(self.author), self.rng.choice(ROLES), tag)
            if r < 0.5:
                return '<%s class="%s">%s<a href="/profile/%s">%s</a></%s>' % (tag, cls, esc(prefix), slug, esc(self.author), tag)
            return '<%s class="%s">%s%s</%s>' % (tag, cls, esc(prefix), esc(self.author), tag)
        return ""

    # -- head -----------------------------------------------------------
    def title_tag(self, sep=None):
        sep = sep or self.rng.choice((" | ", " - ", " \u2013 ", " | "))
        return "<title>%s%s%s</title>" % (esc(self.title), sep, esc(self.s.name))

    def charset_meta(self):
        cs = self.spec["charset"]
        if cs["meta"] == "charset":
            return '<meta charset="%s">' % cs["meta_label"]
        if cs["meta"] == "http-equiv":
            return '<meta http-equiv="Content-Type" content="text/html; charset=%s">' % cs["meta_label"]
        return ""

    def metas(self, og=True, twitter=True):
        r = self.rng
        t = self.title
        out = ['<meta name="viewport" content="width=device-width, initial-scale=1">',
               '<meta name="description" content="%s">' % attr(self.desc),
               '<link rel="canonical" href="%s">' % attr(self.url)]
        img = "%s/images/%s/1200x675.jpg" % (self.s.cdn, self.image_hex)
        if og:
            out += ['<meta property="og:type" content="article">',
                    '<meta property="og:title" content="%s">' % attr(t),
                    '<meta property="og:description" content="%s">' % attr(self.desc),
                    '<meta property="og:url" content="%s">' % attr(self.url),
                    '<meta property="og:site_name" content="%s">' % attr(self.s.name),
                    '<meta property="og:image" content="%s">' % img,
                    '<meta property="og:image:width" content="1200">',
                    '<meta property="og:image:height" content="675">',
                    '<meta property="og:locale" content="%s">' % {"en": "en_GB", "de": "de_DE", "fr": "fr_FR", "es": "es_ES"}[self.lang]]
        if twitter:
            out += ['<meta name="twitter:card" content="summary_large_image">',
                    '<meta name="twitter:site" content="%s">' % self.s.handle,
                    '<meta name="twitter:title" content="%s">' % attr(t),
                    '<meta name="twitter:description" content="%s">' % attr(self.desc),
                    '<meta name="twitter:image" content="%s">' % img]
        if self.date and "meta" in self.dm:
            u = r.random()
            if u < 0.85:
                out.append('<meta property="article:published_time" content="%s">' % self.iso())
            if u < 0.15 or u >= 0.85:
                v = r.randrange(3)
                if v == 0:
                    out.append('<meta name="pubdate" content="%s%02d%02d">' % (self.date.replace("-", ""), self.hh, self.mi))
                elif v == 1:
                    out.append('<meta name="parsely-pub-date" content="%s">' % self.iso())
                else:
                    out.append('<meta name="date" content="%s">' % self.date)
            if self.updated:
                out.append('<meta property="article:modified_time" content="%s">' % self.iso(self.updated[0], self.updated[1:]))
        out.append('<meta property="article:section" content="%s">' % attr(self.section))
        for tag in self.spec["tags"]:
            out.append('<meta property="article:tag" content="%s">' % attr(tag))
        if self.author and "meta" in self.am:
            out.append('<meta name="author" content="%s">' % attr(self.author))
            if r.random() < 0.3:
                out.append('<meta property="article:author" content="%s/author/%s">' % (self.s.base, slugify(self.author)))
        if self.author and r.random() < 0.3:
            out.append('<meta name="twitter:creator" content="@%s">' % re.sub(r"\W", "", self.author.lower())[:12])
        out += ['<meta name="robots" content="max-image-preview:large">',
                '<meta name="theme-color" content="%s">' % self.s.color,
                '<link rel="icon" href="/favicon.ico" sizes="32x32">',
                '<link rel="apple-touch-icon" href="%s/icons/apple-touch-icon-180.png">' % self.s.cdn,
                '<link rel="manifest" href="/manifest.webmanifest">',
                '<link rel="preconnect" href="%s" crossorigin>' % self.s.cdn]
        if r.random() < 0.5:
            out.append('<link rel="alternate" type="application/rss+xml" title="%s" href="/rss.xml">' % attr(self.s.name))
        if r.random() < 0.5:
            out.append('<meta property="fb:app_id" content="%d">' % r.randrange(10 ** 14, 10 ** 15))
        return out

    def ld_article(self, typ="NewsArticle", body=None, extra=None):
        d = {"@context": "https://schema.org", "@type": typ,
             "mainEntityOfPage": {"@type": "WebPage", "@id": self.url},
             "headline": self.title, "description": self.desc,
             "image": ["%s/images/%s/%s.jpg" % (self.s.cdn, self.image_hex, s) for s in ("1200x675", "1200x900", "1200x1200")]}
        if self.date and "jsonld" in self.dm:
            d["datePublished"] = self.iso()
            d["dateModified"] = self.iso(self.updated[0], self.updated[1:]) if self.updated else d["datePublished"]
        if self.author and "jsonld" in self.am:
            person = {"@type": "Person", "name": self.author, "url": "%s/author/%s" % (self.s.base, slugify(self.author))}
            d["author"] = [person] if self.rng.random() < 0.5 else person
        d["publisher"] = {"@type": "Organization", "name": self.s.name,
                          "logo": {"@type": "ImageObject", "url": "%s/logo-600x60.png" % self.s.cdn, "width": 600, "height": 60}}
        d["articleSection"] = self.section
        d["keywords"] = list(self.spec["tags"])
        d["inLanguage"] = self.lang
        if body is not None:
            d["articleBody"] = body
        if extra:
            d.update(extra)
        return '<script type="application/ld+json">%s</script>' % ld_dumps(d, self.rng)

    def ld_breadcrumbs(self):
        items = [{"@type": "ListItem", "position": 1, "name": self.L["home"] if self.L else "Home", "item": self.s.base + "/"},
                 {"@type": "ListItem", "position": 2, "name": self.section, "item": "%s/%s/" % (self.s.base, slugify(self.section))}]
        return '<script type="application/ld+json">%s</script>' % ld_dumps(
            {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}, self.rng)

    def ld_org(self):
        return '<script type="application/ld+json">%s</script>' % ld_dumps(
            {"@context": "https://schema.org", "@type": "NewsMediaOrganization", "name": self.s.name,
             "url": self.s.base + "/", "logo": "%s/logo.png" % self.s.cdn,
             "sameAs": ["https://social.example/%s" % self.s.handle[1:], "https://video.example/%s" % self.s.handle[1:]]}, self.rng)

    # -- bulk: styles, scripts, state blobs ------------------------------
    def css(self, kb):
        pool = self.s.css_pool
        n = int(kb * 1024)
        start = self.s.css_off + self.rng.randrange(3000)
        start = pool.find("}", start) + 1
        n = min(n, len(pool) - start - 1)
        end = pool.find("}", start + n) + 1 or len(pool)
        return pool[start:end]

    def js(self, kb):
        pool = self.s.js_pool
        n = int(kb * 1024)
        start = self.s.js_off + self.rng.randrange(3000)
        start = pool.find(";", start) + 1
        n = min(n, len(pool) - start - 1)
        end = pool.find(";", start + n) + 1 or len(pool)
        return pool[start:end]

    def style_tag(self, kb, attrs=""):
        return "<style%s>%s</style>" % (attrs, self.css(kb))

    def script_tag(self, kb, attrs=""):
        return "<script%s>%s</script>" % (attrs, self.js(kb))

    def analytics(self):
        r = self.rng
        layer = {"pageType": "article", "section": self.section, "contentId": self.hex(12),
                 "wordCount": sum(len(t.split()) for _, t in self.blocks), "paywall": False}
        if self.date:
            layer["publishDate"] = self.date
        if self.author and r.random() < 0.5:
            layer["author"] = self.author
        s = ("window.dataLayer=window.dataLayer||[];dataLayer.push(%s);"
             "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
             "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
             "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
             "(window,document,'script','dataLayer','GTM-%s');") % (json.dumps(layer, ensure_ascii=True), _b36(r, 7).upper())
        if r.random() < 0.5:
            s += ("var _sf_async_config=window._sf_async_config||{};_sf_async_config.uid=%d;_sf_async_config.domain='%s';"
                  "_sf_async_config.sections='%s';_sf_async_config.useCanonical=true;") % (
                r.randrange(10000, 99999), self.s.domain, self.section.replace("'", ""))
        return "<script>%s</script>" % s

    def adloader(self, nslots):
        r = self.rng
        unit = "/%d/%s/%s" % (r.randrange(10 ** 6, 10 ** 8), slugify(self.s.name), slugify(self.section))
        parts = ["window.googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){"]
        for i in range(nslots):
            parts.append("googletag.defineSlot('%s',[[300,250],[728,90],[970,250]],'div-gpt-ad-%d-%d').addService(googletag.pubads());"
                         % (unit, r.randrange(10 ** 12, 10 ** 13), i))
        parts.append("googletag.pubads().setTargeting('section','%s');googletag.pubads().enableLazyLoad({fetchMarginPercent:200});"
                     "googletag.enableServices();});" % slugify(self.section))
        return "<script>%s</script>" % "".join(parts)

    def state_json(self, kb, with_body=False, kind="next"):
        r = self.rng
        kb = min(kb, STATE_MAX_KB)
        art = {"id": self.hex(24), "type": "story", "headline": {"basic": self.title},
               "canonical_url": self.url, "section": {"name": self.section, "path": "/" + slugify(self.section)},
               "taxonomy": {"tags": [{"slug": slugify(t), "text": t} for t in self.spec["tags"]]},
               "promo_items": {"basic": {"url": "%s/images/%s/1200x675.jpg" % (self.s.cdn, self.image_hex),
                                         "width": 1200, "height": 675}}}
        if self.date:
            art["display_date"] = self.iso()
        if self.author:
            art["credits"] = {"by": [{"name": self.author, "type": "author"}]}
        if with_body:
            art["content_elements"] = [{"_id": self.hex(16), "type": "header" if k in ("h2", "h3") else "text",
                                        "content": t} for k, t in self.blocks]
        related = []
        d = {"props": {"pageProps": {"article": art, "related": related,
                                     "features": {("ff_" + _b36(r, 6)): r.random() < 0.5 for _ in range(30)},
                                     "ads": {"unit": "/%d/%s" % (r.randrange(10 ** 6, 10 ** 8), slugify(self.section)),
                                             "refresh": r.randrange(15, 60)}}},
             "page": "/[section]/[...slug]", "query": {"section": slugify(self.section), "slug": [self.hex(8)]},
             "buildId": self.s.build, "isFallback": False, "gssp": True}
        base = len(json.dumps(d))
        need = max(0, int(kb * 1024) - base)
        for _ in range(need // 420 + 1):
            h = self.headline()
            related.append({"id": self.hex(24), "headline": h, "url": self.link(h),
                            "image": {"url": "%s/images/%s/640x360.jpg" % (self.s.cdn, self.hex(32)),
                                      "alt": h, "width": 640, "height": 360},
                            "section": r.choice(self.s.sections), "label": r.choice(("", "", "Exclusive", "Analysis", "Live", "Video"))})
        s = json.dumps(d, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        if kind == "next":
            return '<script id="__NEXT_DATA__" type="application/json">%s</script>' % s
        if kind == "preloaded":
            return "<script>window.__PRELOADED_STATE__=%s;</script>" % s
        return '<script type="application/json" id="%s">%s</script>' % (kind, s)

    # -- furniture --------------------------------------------------------
    def svg(self, name, cls=None):
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
                'focusable="false" class="%s"><path d="%s"/></svg>' % (cls or "icon icon-" + name, self.s.icons[name]))

    def logo_svg(self):
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 48" role="img" aria-label="%s"><title>%s</title>'
                '<path fill="currentColor" d="%s"/></svg>' % (attr(self.s.name), esc(self.s.name), self.s.logo))

    def img(self, w=1200, h=675, alt="", cls="", lazy=True):
        hx = self.hex(32)
        base = "%s/images/%s/%s" % (self.s.cdn, hx[:2], hx)
        widths = [x for x in (320, 480, 640, 800, 1024, 1280, 1600, 2048) if x <= w * 2]
        srcset = ", ".join("%s/%dx%d.jpg?auto=webp&amp;quality=75 %dw" % (base, x, x * h // w, x) for x in widths)
        return ('<img src="%s/%dx%d.jpg?auto=webp&amp;quality=75" srcset="%s" sizes="(max-width: 768px) 100vw, 720px" '
                'alt="%s" width="%d" height="%d"%s%s>' % (base, w, h, srcset, attr(alt), w, h,
                                                           ' loading="lazy" decoding="async"' if lazy else "",
                                                           ' class="%s"' % cls if cls else ""))

    def caption(self):
        if self.lang == "en":
            cap = fill(self.rng, self.rng.choice(CAPTIONS))
            credit = "Photo: %s/%s" % (self.person(), self.rng.choice(AGENCIES))
        else:
            cap = self.rng.choice(self.L["headlines"]) + "."
            credit = {"de": "Foto: ", "fr": "Photo : ", "es": "Foto: "}[self.lang] + self.person()
        return cap, credit

    def figure(self, fcls="figure", ccls="caption", credit_cls="credit"):
        cap, credit = self.caption()
        return ('<figure class="%s">%s<figcaption class="%s">%s <span class="%s">%s</span></figcaption></figure>'
                % (fcls, self.img(1024, 576, cap), ccls, esc(cap), credit_cls, esc(credit)))

    def nav_links(self, n):
        words = self.s.nav_words
        out = []
        i = 0
        while len(out) < n:
            w = words[i % len(words)]
            if i >= len(words):
                w = "%s %s" % (self.rng.choice(TOWNS) if self.lang == "en" else words[1], w)
            if self.rng.random() < 0.92:
                out.append((w, "/%s/" % slugify(w)))
            i += 1
        return out

    def footer_links(self, n):
        words = self.s.footer_words + self.s.nav_words
        return [(w, "/%s" % slugify(w)) for w in words[:n]]

    def links_html(self, links, sep="", li=False, cls=None, area="nav"):
        c = ' class="%s"' % cls if cls else ""
        st = self.s.link_style
        if st == 0:
            fmt = '<a%s href="%s">%s</a>'
            a = [fmt % (c, h, esc(t)) for t, h in links]
        elif st == 1:
            a = ['<a%s href="%s" data-link-name="%s : %s">%s</a>' % (c, h, area, attr(t), esc(t)) for t, h in links]
        else:
            a = ['<a%s href="%s" data-analytics=\'{"event":"%s_click","label":"%s","position":%d}\'>%s</a>'
                 % (c, h, area, attr(t), i + 1, esc(t)) for i, (t, h) in enumerate(links)]
        if li:
            lc = ' class="%s__item"' % (cls or area)
            return "".join("<li%s>%s</li>" % (lc, x) for x in a)
        return sep.join(a)

    def svg_sprite(self):
        """An inline SVG sprite of the site's icons, as many sites put at the top of <body>."""
        return ('<svg xmlns="http://www.w3.org/2000/svg" style="display:none">%s<symbol id="logo" viewBox="0 0 320 48"><path d="%s"/></symbol></svg>'
                % ("".join('<symbol id="icon-%s" viewBox="0 0 24 24"><path d="%s"/></symbol>' % (n, p) for n, p in sorted(self.s.icons.items())),
                   self.s.logo))

    def cookie_banner(self):
        r = self.rng
        if self.L:
            text, acc, man = self.L["cookie"], self.L["accept"], self.L["manage"]
        else:
            text = r.choice((
                "We and our partners use cookies and similar technologies to store and access information on your device "
                "for ads and content personalisation, ad and content measurement, audience insights and product development. "
                "You can accept all cookies, reject non-essential cookies or manage your preferences at any time by clicking "
                "'Privacy settings' at the bottom of the page.",
                "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.",
                "We value your privacy. We use cookies to enhance your browsing experience, serve personalised ads or content, "
                "and analyse our traffic. By clicking \"Accept All\", you consent to our use of cookies."))
            acc, man = r.choice((("Accept all", "Manage preferences"), ("I agree", "More options"), ("Accept", "Settings")))
        bid = r.choice(("onetrust-banner-sdk", "cookie-notice", "cmp-banner", "gdpr-consent", "sp_message_container"))
        return ('<div id="%s" class="cookie-banner" role="dialog" aria-label="Cookie consent"><div class="cookie-banner__text"><p>%s '
                '<a href="/privacy-policy">Privacy policy</a></p></div><div class="cookie-banner__buttons">'
                '<button type="button" class="btn btn-primary" id="accept-cookies">%s</button>'
                '<button type="button" class="btn btn-secondary">%s</button></div></div>' % (bid, esc(text), esc(acc), esc(man)))

    def share_bar(self, cls="share"):
        label = self.L["share"] if self.L else self.rng.choice(("Share", "Share this article", "Share this:"))
        nets = ("facebook", "twitter", "email", "whatsapp", "linkedin", "link")
        names = {"facebook": "Facebook", "twitter": "Twitter", "email": "Email", "whatsapp": "WhatsApp",
                 "linkedin": "LinkedIn", "link": "Copy link"}
        items = "".join('<li><a class="%s__link %s__link--%s" href="#" aria-label="%s">%s<span>%s</span></a></li>'
                        % (cls, cls, n, names[n], self.svg(n), names[n]) for n in nets if self.rng.random() < 0.85)
        return '<div class="%s"><span class="%s__label">%s</span><ul>%s</ul></div>' % (cls, cls, esc(label), items)

    def newsletter_box(self, cls="newsletter"):
        if self.L:
            t, x, b, e = self.L["nl_title"], self.L["nl_text"], self.L["nl_button"], self.L["email"]
            small = ""
        else:
            t = self.rng.choice(("Sign up to the Morning Briefing", "Get our free daily newsletter",
                                 "Don't miss a story", "The Evening Edition"))
            x = self.rng.choice(("Get the day's top stories and analysis straight to your inbox every weekday morning.",
                                 "The stories that matter, handpicked by our editors and delivered every evening.",
                                 "Sign up for breaking news alerts and our weekly round-up of local stories."))
            b, e = "Sign up", "Enter your email address"
            small = ("<p class=\"%s__legal\">We use your sign-up to provide content in ways you've consented to and to improve "
                     "our understanding of you. This may include adverts from us and 3rd parties based on our understanding. "
                     "You can unsubscribe at any time. <a href=\"/privacy\">More info</a></p>" % cls)
        return ('<div class="%s"><h3 class="%s__title">%s</h3><p>%s</p><form action="/newsletters/subscribe" method="post">'
                '<input type="email" name="email" placeholder="%s" required><button type="submit">%s</button></form>%s</div>'
                % (cls, cls, esc(t), esc(x), attr(e), esc(b), small))

    def ad_slot(self, cls="ad-slot", label=None):
        label = label or (self.L["ad"] if self.L else self.rng.choice(("Advertisement", "Advertisement", "ADVERTISEMENT", "Ad")))
        return ('<div class="%s" aria-hidden="true"><span class="%s__label">%s</span><div id="div-gpt-ad-%d-%d" class="gpt-slot" '
                'data-sizes="[[300,250],[728,90]]"></div></div>' % (cls, cls, esc(label), self.rng.randrange(10 ** 12, 10 ** 13),
                                                                   self.rng.randrange(10)))

    def read_more(self, kind=None):
        r = self.rng
        h = self.headline()
        if self.L:
            label = self.L["readmore"] if r.random() < 0.6 else self.L["related"]
        else:
            label = kind or r.choice(("Read more:", "Read more:", "READ MORE:", "Related:", "Read next:"))
        if r.random() < 0.5:
            return '<p><strong>%s</strong> <a href="%s">%s</a></p>' % (esc(label), self.link(h), esc(h))
        return '<p class="read-more">%s <a href="%s">%s</a></p>' % (esc(label), self.link(h), esc(h))

    def comment_paras(self, long=True):
        r = self.rng
        n = r.randrange(1, 4) if long else 1
        out = []
        for _ in range(n):
            k = r.randrange(2, 7) if long else r.randrange(1, 3)
            if self.lang == "en":
                out.append(" ".join(fill(r, r.choice(COMMENTS)) for _ in range(k)))
            else:
                out.append(" ".join(r.choice(self.L["comment_sents"]) for _ in range(k)))
        return out

    def comment_handle(self):
        r = self.rng
        u = r.random()
        if u < 0.4:
            return self.person()
        if u < 0.8:
            return r.choice(("", "the", "old", "real", "mr", "ms")) + r.choice(LAST).lower() + str(r.randrange(1, 999))
        return r.choice(("Concerned resident", "Local taxpayer", "Anonymous", "Disappointed reader", "Long-time subscriber"))

    # -- the article body ---------------------------------------------------
    def inline(self, text, links=0.0, emph=0.03):
        r = self.rng
        if links <= 0.0 and r.random() > 0.3:
            return esc(text)
        words = text.split(" ")
        n = len(words)
        out = []
        i = 0
        while i < n:
            u = r.random()
            if u < links:
                k = min(n - i, r.randrange(1, 6))
                out.append('<a href="%s">%s</a>' % (attr(self.link()), esc(" ".join(words[i:i + k]))))
                i += k
            elif u < links + emph:
                k = min(n - i, r.randrange(1, 4))
                tag = r.choice(("em", "strong", "b", "i"))
                out.append("<%s>%s</%s>" % (tag, esc(" ".join(words[i:i + k])), tag))
                i += k
            else:
                out.append(esc(words[i]))
                i += 1
        return " ".join(out)

    def body_html(self, blocks=None, fmt=None, links=0.0, emph=0.03, between=None, sep="\n"):
        """The body blocks in this site's markup; between maps a block index
        to markup inserted after that block (ads, read-more lines, ...)."""
        blocks = self.blocks if blocks is None else blocks
        f = DEFAULT_FMT if fmt is None else dict(DEFAULT_FMT, **fmt)
        between = between or {}
        out = []
        i = 0
        n = len(blocks)
        while i < n:
            kind, text = blocks[i]
            if kind in ("ul", "ol"):
                j = i
                items = []
                while j < n and blocks[j][0] == kind:
                    items.append(f["li"].format(self.inline(blocks[j][1], links, emph)))
                    j += 1
                out.append(f[kind + "_open"] + "".join(items) + f[kind + "_close"])
            else:
                j = i + 1
                out.append(f[kind].format(self.inline(text, links, emph)))
            for k in range(i, j):
                if k in between:
                    out.append(between[k])
            i = j
        return sep.join(out)

    def slots(self, every, lo=1, avoid_last=True, k=None):
        """Indices after which to insert something: about every `every` blocks."""
        n = len(self.blocks)
        hi = n - 2 if avoid_last else n - 1
        if hi < lo:
            return []
        if k is None:
            k = max(0, (n - 1) // every)
        cand = [i for i in range(lo, hi + 1) if self.blocks[i][0] not in ("h2", "h3") and
                (i + 1 >= n or self.blocks[i + 1][0] not in ("ul", "ol") or self.blocks[i][0] != self.blocks[i + 1][0])]
        k = min(k, len(cand))
        return sorted(self.rng.sample(cand, k))


# ---------------------------------------------------------------------------
# The templates.  Each renders one page (a Ctx) to an HTML string.

def doc(c, head, body, body_attrs="", html_attrs=None, doctype="<!DOCTYPE html>"):
    if html_attrs is None:
        hl = c.spec["html_lang"]
        html_attrs = ' lang="%s"' % hl if hl else ""
    head = [h for h in head if h]
    return "%s\n<html%s>\n<head>\n%s\n</head>\n<body%s>\n%s\n</body>\n</html>\n" % (
        doctype, html_attrs, "\n".join(head), body_attrs, "\n".join(b for b in body if b))


def kb(c, lo, hi):
    """A filler size in KB, scaled by the page's bulk factor."""
    return c.rng.uniform(lo, hi) * c.spec["bulk"] * 0.8


def ext_scripts(c, n):
    r = c.rng
    names = ("vendor", "main", "runtime", "polyfills", "framework", "app", "article", "ads", "consent", "video-player")
    return "\n".join('<script src="%s/_next/static/chunks/%s-%s.js" %s></script>' % (
        c.s.cdn, r.choice(names), c.hex(16), r.choice(("defer", "async", "defer", ""))) for _ in range(n))


def head_std(c, title_sep=None, ld=True, ld_body=None, css=(10, 40), js=(3, 12), extra=()):
    m = c.metas()
    head = [c.charset_meta(), m[0], c.title_tag(title_sep)] + m[1:]
    head.append('<link rel="stylesheet" href="%s/css/main.%s.css">' % (c.s.cdn, c.hex(8)))
    head.append(c.style_tag(kb(c, *css)))
    if ld:
        head.append(c.ld_article(body=ld_body))
        if c.rng.random() < 0.6:
            head.append(c.ld_breadcrumbs())
    head.append(c.analytics())
    head.append(c.script_tag(kb(c, *js)))
    head.extend(extra)
    return head


def breadcrumbs(c, cls="breadcrumbs"):
    home = c.L["home"] if c.L else "Home"
    return ('<nav class="%s" aria-label="Breadcrumb"><ol><li><a href="/">%s</a></li><li><a href="/%s/">%s</a></li></ol></nav>'
            % (cls, esc(home), slugify(c.section), esc(c.section)))


def t_wordpress(c):
    r = c.rng
    pid = r.randrange(1000, 99999)
    m = c.metas()
    head = [c.charset_meta(), m[0], c.title_tag(" \u2013 "),
            "<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />",
            "<!-- This site is optimized with the Yoast SEO plugin v21.5 - https://yoast.com/wordpress/plugins/seo/ -->"]
    head += m[1:]
    head.append(c.ld_article("Article"))
    head.append("<!-- / Yoast SEO plugin. -->")
    head.append("<link rel='dns-prefetch' href='//fonts.googleapis.com' />")
    head.append("<script>window._wpemojiSettings = {\"baseUrl\":\"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0\\/72x72\\/\"};"
                + c.js(kb(c, 2, 5)) + "</script>")
    head.append("<style id='wp-block-library-inline-css'>" + c.css(kb(c, 8, 30)) + "</style>")
    head.append("<style id='global-styles-inline-css'>body{--wp--preset--color--black: #000000;--wp--preset--color--white: #ffffff;}"
                + c.css(kb(c, 4, 12)) + "</style>")
    head.append("<link rel='stylesheet' id='theme-style-css' href='https://%s/wp-content/themes/larch/style.css?ver=1.%d' media='all' />"
                % (c.s.domain, r.randrange(9)))
    head.append("<script src='https://%s/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>" % c.s.domain)
    head.append('<meta name="generator" content="WordPress 6.4.%d" />' % r.randrange(5))
    head.append(c.analytics())

    nav = c.nav_links(r.randrange(20, 60))
    items = []
    for i, (t, h) in enumerate(nav):
        items.append('<li id="menu-item-%d" class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-%d"><a href="%s">%s</a></li>'
                     % (100 + i, 100 + i, h, esc(t)))
    header = ('<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">%s</a></p>'
              '<p class="site-description">Notes, news and opinion from %s</p></div><nav id="site-navigation" class="main-navigation">'
              '<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>'
              '<div class="menu-primary-container"><ul id="primary-menu" class="menu">%s</ul></div></nav></header>'
              % (esc(c.s.name), r.choice(TOWNS), "".join(items)))
    posted = ""
    dh = c.date_html("posted-on", prefix="Posted on ")
    if dh:
        posted = dh.replace("<time ", '<time class="entry-date published" ', 1)
    by = c.byline_html("byline", prefix=" by ")
    if by:
        by = by.replace('<a ', '<span class="author vcard"><a class="url fn n" ', 1).replace("</a>", "</a></span>", 1)
    fmt = {"p": "<p>{}</p>" if r.random() < 0.5 else '<p class="wp-block-paragraph">{}</p>',
           "h2": '<h2 class="wp-block-heading">{}</h2>', "h3": '<h3 class="wp-block-heading">{}</h3>',
           "quote": '<blockquote class="wp-block-quote"><p>{}</p></blockquote>',
           "ul_open": '<ul class="wp-block-list">', "ol_open": '<ol class="wp-block-list">'}
    between = {}
    for i in c.slots(6, k=r.randrange(0, 3)):
        cap, credit = c.caption()
        between[i] = ('<figure class="wp-block-image size-large">%s<figcaption class="wp-element-caption">%s</figcaption></figure>'
                      % (c.img(1024, 683, cap, "wp-image-%d" % r.randrange(1000, 9999)), esc(cap + " " + credit)))
    body = c.body_html(fmt=fmt, between=between)
    extra = []
    if r.random() < 0.8:
        extra.append('<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">'
                     '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a class="share-twitter sd-button" href="#"><span>Twitter</span></a></li>'
                     '<li class="share-facebook"><a class="share-facebook sd-button" href="#"><span>Facebook</span></a></li>'
                     '<li class="share-email"><a class="share-email sd-button" href="#"><span>Email</span></a></li></ul></div></div></div>')
    if r.random() < 0.6:
        extra.append("<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper'><h3 class=\"sd-title\">Like this:</h3>"
                     "<div class='likes-widget-placeholder post-likes-widget-placeholder'><span class='button'><span>Like</span></span> "
                     "<span class=\"loading\">Loading...</span></div></div>")
    if r.random() < 0.6:
        rel = "".join('<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="%s">%s</a></h4>'
                      '<p class="jp-relatedposts-post-excerpt">%s</p><p class="jp-relatedposts-post-context">In &quot;%s&quot;</p></div>'
                      % (h, esc(t), esc(c.sentence()), esc(r.choice(c.s.sections))) for t, h in c.teasers(3))
        extra.append("<div id='jp-relatedposts' class='jp-relatedposts'><h3 class=\"jp-relatedposts-headline\"><em>Related</em></h3>%s</div>" % rel)
    thumb = ('<div class="post-thumbnail">%s</div>' % c.img(1200, 800, c.title, "attachment-post-thumbnail wp-post-image", lazy=False)
             if r.random() < 0.7 else "")
    tags = ", ".join('<a href="/tag/%s/" rel="tag">%s</a>' % (slugify(t), esc(t)) for t in c.spec["tags"])
    article = ('<article id="post-%d" class="post-%d post type-post status-publish format-standard has-post-thumbnail hentry category-%s">'
               '<header class="entry-header"><h1 class="entry-title">%s</h1><div class="entry-meta">%s%s</div></header>%s'
               '<div class="entry-content">\n%s\n%s</div><footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/%s/" rel="category tag">%s</a></span>'
               '<span class="tags-links">Tagged %s</span></footer></article>'
               % (pid, pid, slugify(c.section), esc(c.title), posted, by, thumb, body, "".join(extra),
                  slugify(c.section), esc(c.section), tags))
    bio = ""
    if c.author and r.random() < 0.4:
        bio = ('<div class="author-info"><div class="author-avatar"><img src="https://secure.gravatar.com/avatar/%s?s=80" alt=""></div>'
               '<div class="author-description"><h2 class="author-title">Published by %s</h2><p class="author-bio">%s writes about %s and %s. '
               '<a class="author-link" href="/author/%s/" rel="author">View all posts by %s</a></p></div></div>'
               % (c.hex(32), esc(c.author), esc(c.author.split()[0]), esc(r.choice(TOPICS)), esc(r.choice(TOPICS)),
                  slugify(c.author), esc(c.author)))
    (pt, ph), (nt, nh) = c.teasers(2)
    postnav = ('<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">'
               '<div class="nav-previous"><a href="%s" rel="prev"><span class="meta-nav">Previous Post</span> <span class="post-title">%s</span></a></div>'
               '<div class="nav-next"><a href="%s" rel="next"><span class="meta-nav">Next Post</span> <span class="post-title">%s</span></a></div></div></nav>'
               % (ph, esc(pt), nh, esc(nt)))
    ncom = r.randrange(3, 30)
    coms = []
    base_d = c.spec["date"]
    for i in range(ncom):
        cid = r.randrange(10000, 99999)
        d = add_days(base_d, r.randrange(0, 4))
        hh, mi = r.randrange(24), r.randrange(60)
        paras = "".join("<p>%s</p>" % esc(p) for p in c.comment_paras())
        depth = 2 if (i and r.random() < 0.3) else 1
        coms.append('<li id="comment-%d" class="comment %s depth-%d"><article id="div-comment-%d" class="comment-body"><footer class="comment-meta">'
                    '<div class="comment-author vcard"><img alt=\'\' src=\'https://secure.gravatar.com/avatar/%s?s=56&#038;d=mm&#038;r=g\' class=\'avatar avatar-56 photo\' height=\'56\' width=\'56\' loading=\'lazy\'/>'
                    '<b class="fn">%s</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="%s#comment-%d">'
                    '<time datetime="%sT%02d:%02d:00+00:00">%s at %d:%02d %s</time></a></div></footer><div class="comment-content">%s</div>'
                    '<div class="reply"><a rel=\'nofollow\' class=\'comment-reply-link\' href=\'#comment-%d\'>Reply</a></div></article></li>'
                    % (cid, "even" if i % 2 == 0 else "odd", depth, cid, c.hex(32), esc(c.comment_handle()), c.url, cid,
                       d, hh, mi, esc(c.vis_date(d, style=0)), (hh - 1) % 12 + 1, mi, "am" if hh < 12 else "pm", paras, cid))
    comments = ('<div id="comments" class="comments-area"><h2 class="comments-title">%d thoughts on &ldquo;%s&rdquo;</h2>'
                '<ol class="comment-list">%s</ol><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply '
                '<small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3>'
                '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes"><span id="email-notes">'
                'Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>'
                '<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label><textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>'
                '<p class="comment-form-author"><label for="author">Name</label><input id="author" name="author" type="text"></p>'
                '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p></form></div></div>'
                % (ncom, esc(c.title), "".join(coms)))
    widgets = ['<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/">'
               '<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" name="s"></label>'
               '<input type="submit" class="search-submit" value="Search"></form></section>',
               '<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>%s</ul></section>'
               % "".join('<li><a href="%s">%s</a></li>' % (h, esc(t)) for t, h in c.teasers(r.randrange(5, 11))),
               '<section id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments</h2><ul>%s</ul></section>'
               % "".join('<li class="recentcomments"><span class="comment-author-link">%s</span> on <a href="%s">%s</a></li>'
                         % (esc(c.comment_handle()), h, esc(t)) for t, h in c.teasers(5)),
               '<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul>%s</ul></section>'
               % "".join('<li><a href="/%d/%02d/">%s %d</a></li>' % (y, mo, MONTHS_EN[mo - 1], y)
                         for y in (2026, 2025) for mo in range(12, 0, -1) if r.random() < 0.8),
               '<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>%s</ul></section>'
               % "".join('<li class="cat-item"><a href="/category/%s/">%s</a></li>' % (slugify(w), esc(w)) for w in c.s.sections),
               '<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul><li><a href="/wp-login.php">Log in</a></li>'
               '<li><a href="/feed/">Entries feed</a></li><li><a href="/comments/feed/">Comments feed</a></li><li><a href="https://wordpress.org/">WordPress.org</a></li></ul></section>']
    r.shuffle(widgets)
    sidebar = '<aside id="secondary" class="widget-area">%s</aside>' % "".join(widgets[:r.randrange(3, len(widgets) + 1)])
    footer = ('<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a>'
              '<span class="sep"> | </span>Theme: Larch by Example Themes.</div></footer>')
    crumbs = ""
    if r.random() < 0.5:
        # Yoast breadcrumbs end with the headline itself
        crumbs = ('<nav aria-label="breadcrumbs" class="yoast-breadcrumbs"><p id="breadcrumbs"><span><span><a href="/">Home</a></span> \u00bb '
                  '<span><a href="/category/%s/">%s</a></span> \u00bb <span class="breadcrumb_last" aria-current="page">%s</span></span></p></nav>'
                  % (slugify(c.section), esc(c.section), esc(c.title)))
    main = ('<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">%s%s%s%s%s</main></div>%s</div>'
            % (crumbs, article, bio, postnav, comments if r.random() < 0.95 else "", sidebar))
    body = ['<div id="page" class="site"><a class="skip-link screen-reader-text" href="#primary">Skip to content</a>', header, main, footer, "</div>",
            c.cookie_banner() if r.random() < 0.7 else "",
            "<script id='wp-embed-js'>" + c.js(kb(c, 3, 15)) + "</script>",
            "<script id='jetpack-stats'>var _stq = window._stq || [];_stq.push([ 'view', {v:'ext',blog:'%d',post:'%d'} ]);</script>" % (r.randrange(10 ** 8), pid)]
    return doc(c, head, body, body_attrs=' class="post-template-default single single-post postid-%d single-format-standard wp-embed-responsive"' % pid)


def t_divsoup(c):
    r = c.rng
    ob = c.ob
    head = head_std(c, css=(40, 190), js=(8, 30))
    head.insert(3, "".join('<link rel="preload" href="%s/fonts/%s.woff2" as="font" type="font/woff2" crossorigin>' % (c.s.cdn, c.hex(12))
                           for _ in range(r.randrange(2, 6))))

    def emo():
        return '<style data-emotion="css %s">%s</style>' % (_b36(r, 6), c.css(kb(c, 0.3, 3)))

    nav = c.nav_links(r.randrange(60, 150))
    groups = []
    per = r.randrange(6, 12)
    for i in range(0, len(nav), per):
        grp = nav[i:i + per]
        groups.append('<div class="%s"><div class="%s"><a class="%s" href="%s">%s</a></div><div class="%s">%s</div></div>'
                      % (ob(), ob(), ob(), grp[0][1], esc(grp[0][0]), ob(),
                         "".join('<div class="%s"><a class="%s" href="%s">%s</a></div>' % (ob(), ob(), h, esc(t)) for t, h in grp[1:])))
    header = ('<div class="%s" data-testid="masthead"><div class="%s"><a class="%s" href="/" aria-label="%s home">%s</a></div>'
              '<div class="%s">%s%s</div><div class="%s" data-testid="mega-menu">%s</div></div>'
              % (ob(), ob(), ob(), attr(c.s.name), c.logo_svg(), ob(), c.svg("search"), c.svg("menu"), ob(), "".join(groups)))
    top_ad = '<div class="%s"><div class="%s"><p class="%s">Advertisement</p><div id="dfp-ad-top" class="%s"></div></div></div>' % (ob(), ob(), ob(), ob())
    cap, credit = c.caption()
    lead = ('<div class="%s"><div class="%s">%s</div><div class="%s"><span class="%s">%s</span><span class="%s"><span class="%s">Credit...</span>%s</span></div></div>'
            % (ob(), ob(), c.img(1200, 800, cap, lazy=False), ob(), ob(), esc(cap), ob(), ob(), esc(credit))) if r.random() < 0.8 else ""
    dek = '<p class="%s" id="article-summary">%s</p>' % (ob(), esc(c.spec["dek"])) if c.spec.get("dek") else ""
    meta = '<div class="%s"><div class="%s">%s</div><div class="%s">%s</div></div>' % (
        ob(), ob(), c.byline_html(ob(), tag="div"), ob(), c.date_html(ob(), tag="div"))
    tools = '<div class="%s">%s</div>' % (ob(), "".join('<div class="%s"><a href="#">%s</a></div>' % (ob(), c.svg(n)) for n in ("facebook", "twitter", "email", "link", "bookmark")))
    # the body: groups of paragraphs in "companion columns" with ad wrappers between
    cls_p = ob()
    fmt = {"p": '<p class="%s">{}</p>' % cls_p, "h2": '<h2 class="%s">{}</h2>' % ob(), "h3": '<h3 class="%s">{}</h3>' % ob(),
           "quote": '<blockquote class="%s"><p class="%s">{}</p></blockquote>' % (ob(), cls_p),
           "ul_open": '<ul class="%s">' % ob(), "ol_open": '<ol class="%s">' % ob(), "li": '<li class="%s">{}</li>' % ob()}
    col_open = '<div class="%s StoryBodyCompanionColumn"><div class="%s">' % (ob(), ob())
    between = {}
    for k, i in enumerate(c.slots(r.randrange(3, 6))):
        adw = ('</div></div><div id="story-ad-%d-wrapper" class="%s"><div class="%s"><p class="%s">Advertisement</p><div id="story-ad-%d" class="%s"></div>'
               '<div class="%s"><a href="#after-story-ad-%d" class="%s">Continue reading the main story</a></div></div></div>%s%s'
               % (k + 1, ob(), ob(), ob(), k + 1, ob(), ob(), k + 1, ob(), emo() if r.random() < 0.5 else "", col_open))
        between[i] = adw
    body = '<div class="%s" data-testid="article-body">%s%s\n%s</div></div></div>' % (ob(), emo(), col_open, c.body_html(fmt=fmt, between=between))
    after = []
    if c.date and r.random() < 0.4:
        d2 = add_days(c.spec["date"], 1)
        after.append('<div class="%s"><p class="%s">A version of this article appears in print on %s, Section A, Page %d of the National edition with the headline: %s.</p></div>'
                     % (ob(), ob(), esc(c.vis_date(d2, style=0)), r.randrange(1, 30), esc(c.title)))
    more = "".join('<div class="%s"><a class="%s" href="%s"><div class="%s">%s</div><h3 class="%s">%s</h3><p class="%s">%s</p></a></div>'
                   % (ob(), ob(), h, ob(), c.img(400, 225, t), ob(), esc(t), ob(), esc(c.sentence())) for t, h in c.teasers(r.randrange(4, 12)))
    after.append('<div class="%s"><h2 class="%s">More in %s</h2><div class="%s">%s</div></div>' % (ob(), ob(), esc(c.section), ob(), more))
    popular = "".join('<div class="%s"><span class="%s">%d</span><a class="%s" href="%s">%s</a></div>' % (ob(), ob(), i + 1, ob(), h, esc(t))
                      for i, (t, h) in enumerate(c.teasers(10)))
    after.append('<div class="%s"><h2 class="%s">Most Popular</h2>%s</div>' % (ob(), ob(), popular))
    r.shuffle(after)
    fl = c.footer_links(r.randrange(30, 80))
    footer = '<div class="%s" data-testid="footer"><div class="%s">%s</div><div class="%s">\u00a9 2026 %s</div></div>' % (
        ob(), ob(), "".join('<div class="%s"><a href="%s">%s</a></div>' % (ob(), h, esc(t)) for t, h in fl), ob(), esc(c.s.name))
    kicker = '<div class="%s"><a class="%s" href="/%s/">%s</a></div>' % (ob(), ob(), slugify(c.section), esc(c.section))
    story = '<div class="%s" id="story">%s<h1 class="%s" data-testid="headline">%s</h1>%s%s%s%s%s</div>' % (
        ob(), kicker, ob(), esc(c.title), dek, lead if r.random() < 0.5 else "", meta, tools, body)
    parts = ['<div id="app"><div class="%s">' % ob(), emo(), top_ad, header, emo(), '<div class="%s" id="site-content">' % ob(),
             story, "".join(after), "</div>", footer, "</div></div>",
             c.cookie_banner() if r.random() < 0.8 else "",
             c.state_json(kb(c, 20, 60), with_body=True, kind="next"),
             c.adloader(r.randrange(4, 12)), ext_scripts(c, r.randrange(4, 12)), c.script_tag(kb(c, 5, 25))]
    return doc(c, head, parts)


def t_article_teasers(c):
    r = c.rng
    head = head_std(c, css=(15, 50), js=(5, 20))
    nav = c.nav_links(r.randrange(25, 80))
    header = ('<header class="site-header"><a class="site-header__logo" href="/">%s</a><nav class="site-nav"><ul>%s</ul></nav>'
              '<button class="site-header__menu" aria-label="Menu">%s</button></header>' % (c.logo_svg(), c.links_html(nav, li=True), c.svg("menu")))

    def card(cls, n_sent):
        h, link = c.teasers(1)[0]
        summ = " ".join(c.sentence() for _ in range(n_sent))
        when = "%d hours ago" % r.randrange(1, 23) if r.random() < 0.5 else ""
        return ('<article class="%s"><a href="%s" class="%s__link">%s<h3 class="%s__title">%s</h3></a><p class="%s__summary">%s</p>%s</article>'
                % (cls, link, cls, c.img(480, 270, h) if r.random() < 0.7 else "", cls, esc(h), cls, esc(summ),
                   '<span class="%s__time">%s</span>' % (cls, when) if when else ""))
    top = ('<section class="top-stories"><h2 class="section-title">Top stories</h2>%s</section>'
           % "".join(card("card", r.randrange(1, 3)) for _ in range(r.randrange(4, 9)))) if r.random() < 0.6 else ""
    acls = r.choice(("story", "article", "", "post", "content"))
    figure = c.figure("story__figure", "story__caption") if r.random() < 0.6 else ""
    meta = '<div class="story__meta">%s %s</div>' % (c.byline_html("story__byline"), c.date_html("story__date"))
    between = {}
    for i in c.slots(5, k=r.randrange(0, 2)):
        between[i] = c.ad_slot("story__ad")
    tags = "".join('<li><a href="/topic/%s">%s</a></li>' % (slugify(t), esc(t)) for t in c.spec["tags"])
    story = ('<article%s%s><header class="story__header"><p class="story__kicker"><a href="/%s/">%s</a></p><h1 class="story__headline">%s</h1>%s%s</header>'
             '%s<div class="%s">\n%s\n</div><footer class="story__footer"><ul class="story__tags">%s</ul>%s</footer></article>'
             % (' class="%s"' % acls if acls else "", ' id="story-%d"' % r.randrange(10 ** 6) if r.random() < 0.5 else "",
                slugify(c.section), esc(c.section), esc(c.title),
                '<p class="story__standfirst">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "", meta, figure,
                r.choice(("story-body", "story__body", "article__body", "body-copy")), c.body_html(between=between), tags,
                c.share_bar() if r.random() < 0.6 else ""))
    more = ('<section class="more-from"><h2>More from %s</h2><div class="grid">%s</div></section>'
            % (esc(c.section), "".join(card("card card--wide", r.randrange(2, 4)) for _ in range(r.randrange(6, 13)))))
    side = ('<aside class="sidebar"><h2>Most read</h2>%s</aside>' % "".join(card("teaser", 1) for _ in range(r.randrange(5, 11))))
    fl = c.footer_links(r.randrange(20, 50))
    footer = '<footer class="site-footer"><ul>%s</ul><p>&copy; 2026 %s</p></footer>' % (c.links_html(fl, li=True), esc(c.s.name))
    main = '<main id="content" class="page">%s%s</main>' % (story, more) if r.random() < 0.7 else '<div id="content" class="page">%s%s</div>' % (story, more)
    parts = [c.cookie_banner() if r.random() < 0.5 else "", header, breadcrumbs(c) if r.random() < 0.5 else "", top, main, side, footer,
             c.state_json(kb(c, 5, 30), kind="preloaded") if r.random() < 0.7 else "", c.adloader(r.randrange(2, 8)),
             ext_scripts(c, r.randrange(2, 8)), c.script_tag(kb(c, 5, 25))]
    return doc(c, head, parts)


def t_semantic(c):
    r = c.rng
    head = head_std(c, css=(10, 45), js=(4, 20))
    nav = c.nav_links(r.randrange(20, 70))
    header = ('<header class="masthead" role="banner"><a class="skip-link" href="#main">Skip to main content</a><a href="/" class="masthead__logo">%s</a>'
              '<nav aria-label="Main" class="primary-nav"><ul>%s</ul></nav><form role="search" action="/search"><input type="search" name="q" '
              'placeholder="Search"><button type="submit">%s</button></form></header>' % (c.logo_svg(), c.links_html(nav, li=True), c.svg("search")))
    lead = c.figure("lead-figure", "lead-figure__caption") if r.random() < 0.7 else ""
    between = {}
    for i in c.slots(6, k=r.randrange(0, 3)):
        between[i] = c.figure("inline-figure", "inline-figure__caption")
    section_tag = r.choice(("section", "div"))
    art = ('<article class="article"><header class="article__header"><h1>%s</h1>%s<p class="article__meta">%s %s</p></header>%s'
           '<%s class="article__body" itemprop="articleBody">\n%s\n</%s><footer class="article__footer"><ul class="tags">%s</ul>%s</footer></article>'
           % (esc(c.title), '<p class="standfirst">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "",
              c.byline_html(), c.date_html(), lead, section_tag, c.body_html(between=between), section_tag,
              "".join('<li><a href="/topic/%s">%s</a></li>' % (slugify(t), esc(t)) for t in c.spec["tags"]),
              c.share_bar() if r.random() < 0.7 else ""))
    if not c.spec["html_lang"]:
        art = art.replace("itemprop=\"articleBody\"", "")
    related = ('<aside class="related" aria-label="Related stories"><h2>Related stories</h2><ul>%s</ul></aside>'
               % "".join('<li><a href="%s">%s</a> <span>%s</span></li>' % (h, esc(t), esc(c.sentence())) for t, h in c.teasers(r.randrange(3, 8))))
    side = ('<aside class="sidebar"><section><h2>Most read</h2><ol>%s</ol></section>%s</aside>'
            % (c.links_html(c.teasers(10), li=True), c.newsletter_box("sidebar-newsletter") if r.random() < 0.5 else ""))
    fl = c.footer_links(r.randrange(25, 60))
    footer = ('<footer class="site-footer" role="contentinfo"><nav aria-label="Footer"><ul>%s</ul></nav><p><small>&copy; 2026 %s. All rights reserved.</small></p></footer>'
              % (c.links_html(fl, li=True), esc(c.s.name)))
    parts = [header, breadcrumbs(c) if r.random() < 0.7 else "", '<main id="main">%s%s</main>' % (art, related if r.random() < 0.8 else ""),
             side, footer, c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(2, 6)),
             ext_scripts(c, r.randrange(1, 5)), c.script_tag(kb(c, 4, 20))]
    return doc(c, head, parts)


def to_entities(s):
    from html.entities import codepoint2name
    out = []
    for ch in s:
        o = ord(ch)
        if o < 128:
            out.append(ch)
        elif o in codepoint2name:
            out.append("&%s;" % codepoint2name[o])
        else:
            out.append("&#%d;" % o)
    return "".join(out)


def upper_tags(s):
    """Tag and attribute names in upper case, as old hand-written pages have them."""
    s = re.sub(r"</?[a-z]+", lambda m: m.group(0).upper(), s)
    return re.sub(r" ([a-z]+)=", lambda m: " " + m.group(1).upper() + "=", s)


def t_table_legacy(c):
    r = c.rng
    up = upper_tags if r.random() < 0.4 else (lambda s: s)
    head = [c.charset_meta(), c.title_tag(" - "),
            '<meta name="description" content="%s">' % attr(c.desc),
            '<meta name="keywords" content="%s">' % attr(", ".join(c.spec["tags"]))]
    if r.random() < 0.5:
        head += ['<meta property="og:title" content="%s">' % attr(c.title), '<meta property="og:description" content="%s">' % attr(c.desc)]
    if c.author and "meta" in c.am:
        head.append('<meta name="author" content="%s">' % attr(c.author))
    head.append('<link rel="stylesheet" type="text/css" href="/styles/main.css">')
    head.append('<style type="text/css">\n<!--\n.body {font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 12px}\n'
                + c.css(kb(c, 0.5, 4)) + "\n-->\n</style>")
    head.append('<script language="JavaScript" type="text/JavaScript">\n<!--\nfunction MM_swapImgRestore() { //v3.0\n'
                '  var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc;\n}\n'
                + c.js(kb(c, 0.5, 5)) + "\n//-->\n</script>")
    left = "<br>\n".join('<img src="/images/bullet.gif" width="7" height="7" border="0"> <a href="%s" class="nav">%s</a>' % (h, esc(t))
                         for t, h in c.nav_links(r.randrange(30, 75)))
    right = "<br><br>\n".join('<a href="%s"><b>%s</b></a><br><font size="1">%s</font>' % (h, esc(t), esc(c.sentence()))
                              for t, h in c.teasers(r.randrange(6, 14)))
    more = "".join('<tr><td><font size="1" color="#999999">%02d/%02d</font></td><td><font size="2"><a href="%s">%s</a></font></td></tr>\n'
                   % (r.randrange(1, 13), r.randrange(1, 29), h, esc(t)) for t, h in c.teasers(r.randrange(8, 25)))
    poll = ('<form action="/poll.asp" method="post"><font size="2"><b>Reader poll</b><br>Should the %s be rebuilt?<br>'
            '<input type="radio" name="v" value="1"> Yes<br><input type="radio" name="v" value="2"> No<br><input type="radio" name="v" value="3"> Not sure<br>'
            '<input type="submit" value="Vote"></font></form>' % esc(r.choice(FACILITIES)))
    meta = []
    if c.date:
        meta.append(c.date_html("date", prefix=r.choice(("Published ", "Posted: ", ""))))
    if c.author:
        meta.append(c.byline_html("author"))
    # paragraphs separated by <br><br>, headings in <b>, lists as "- " lines
    chunks = []
    for kind, text in c.blocks:
        t = c.inline(text, 0.0, 0.02)
        if kind in ("h2", "h3"):
            chunks.append("<b>%s</b>" % t)
        elif kind in ("ul", "ol"):
            chunks.append("&middot; " + t)
        elif kind == "quote":
            chunks.append("<i>%s</i>" % t)
        else:
            chunks.append(t)
    sep = r.choice(("<br><br>\n", "<BR><BR>\n", "<br>\n<br>\n"))
    story = sep.join(chunks)
    article = ('<font face="Verdana, Arial, Helvetica, sans-serif" size="2"><b><font size="4">%s</font></b><br>\n'
               '<font size="1" color="#666666">%s</font><br><br>\n%s\n</font>' % (esc(c.title), " | ".join(m for m in meta if m), story))
    tools = '<p><font size="1"><a href="/print.asp?id=%d">Print this story</a> | <a href="/email.asp?id=%d">E-mail this story</a></font></p>' % (
        r.randrange(10 ** 5), r.randrange(10 ** 5))
    foot = "<center><font size=\"1\">Copyright &copy; 2003-2026 %s. All rights reserved.<br>%s</font></center>" % (
        esc(c.s.name), " | ".join('<a href="%s">%s</a>' % (h, esc(t)) for t, h in c.footer_links(r.randrange(8, 20))))
    body = [up('<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr><td><a href="/"><img src="/images/logo.gif" width="300" height="60" border="0" alt="Holtbury Gazette"></a></td>'
               '<td align="right"><iframe src="/ads/banner.asp?zone=1" width="468" height="60" frameborder="0" scrolling="no"></iframe></td></tr></table>'),
            up('<table width="780" border="0" cellpadding="4" cellspacing="0"><tr><td width="160" valign="top" bgcolor="#EEEEEE"><font size="2">'),
            left, up('</font></td><td valign="top">'), article, tools, up('</td><td width="160" valign="top"><font size="2"><b>Latest Headlines</b><br>'),
            right, "<br><br>", poll, up("</font></td></tr></table>"),
            up('<table width="780" border="0" cellpadding="2" cellspacing="0"><tr><td colspan="2" bgcolor="#003366"><font color="#FFFFFF" size="2"><b>More Headlines</b></font></td></tr>'),
            more, up("</table>"), foot]
    page = doc(c, head, body, body_attrs=' bgcolor="#FFFFFF" leftmargin="0" topmargin="0"',
               doctype='<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">')
    if c.spec.get("entities") and c.spec["charset"]["enc"] == "utf-8":
        # an old CMS that writes every non-ASCII letter as an entity (so a
        # windows-1252 page keeps its 8-bit bytes and its charset test)
        page = to_entities(page)
    return page


def std_header(c, nlo, nhi, cls="site-header"):
    r = c.rng
    nav = c.nav_links(r.randrange(nlo, nhi))
    drawer = ""
    if r.random() < 0.6:
        # the mobile menu: the same links again, grouped, hidden until opened
        per = r.randrange(5, 10)
        groups = "".join('<li class="drawer__group"><button class="drawer__toggle" aria-expanded="false">%s</button><ul>%s</ul></li>'
                         % (esc(nav[i][0]), c.links_html(nav[i:i + per], li=True, cls="drawer__link", area="drawer"))
                         for i in range(0, len(nav), per))
        drawer = '<div class="drawer" id="drawer" hidden><button class="drawer__close" aria-label="Close">%s</button><ul>%s</ul></div>' % (
            c.svg("close"), groups)
    return ('%s<header class="%s"><div class="%s__top"><a href="/" class="%s__logo">%s</a>%s<a class="%s__subscribe" href="/subscribe">Subscribe</a>'
            '<a class="%s__signin" href="/login">%s Sign in</a></div><nav class="%s__nav"><ul>%s</ul></nav>%s</header>'
            % (c.svg_sprite() if r.random() < 0.6 else "", cls, cls, cls, c.logo_svg(), c.svg("search"), cls, cls, c.svg("user"), cls,
               c.links_html(nav, li=True, cls="%s__link" % cls), drawer))


def std_footer(c, nlo, nhi, cls="site-footer"):
    fl = c.footer_links(c.rng.randrange(nlo, nhi))
    copy = c.L["copyright"] if c.L else "All rights reserved."
    r = c.rng
    ncol = r.randrange(2, 6)
    per = len(fl) // ncol + 1
    heads = ("Sections", "About us", "Help", "More", "Follow us") if c.lang == "en" else tuple(c.s.footer_words[:5])
    cols = "".join('<div class="%s__col"><h3 class="%s__heading">%s</h3><ul>%s</ul></div>'
                   % (cls, cls, esc(heads[k % len(heads)]), c.links_html(fl[k * per:(k + 1) * per], li=True, area="footer"))
                   for k in range(ncol))
    legal = ""
    if c.lang == "en" and r.random() < 0.6:
        legal = ('<p class="%s__legal">%s is published by %s Media Ltd, registered in England and Wales, company number %08d. '
                 'Registered office: %d High Street, %s.</p>' % (cls, esc(c.s.name), esc(c.s.name.replace("The ", "")),
                                                                 r.randrange(10 ** 7), r.randrange(1, 200), r.choice(TOWNS)))
    apps = "".join('<a class="%s__app" href="#">%s</a>' % (cls, c.logo_svg()) for _ in range(r.randrange(0, 3)))
    return ('<footer class="%s"><div class="%s__logo">%s</div><div class="%s__links">%s</div><div class="%s__social">%s</div>%s%s'
            '<p class="%s__copy">&copy; 2026 %s. %s</p></footer>'
            % (cls, cls, c.logo_svg(), cls, cols, cls, "".join('<a href="#">%s</a>' % c.svg(n) for n in ("facebook", "twitter", "linkedin")),
               apps, legal, cls, esc(c.s.name), esc(copy)))


def most_read(c, n, summaries=0, cls="most-read"):
    title = c.L["most_read"] if c.L else c.rng.choice(("Most read", "Most popular", "Trending now"))
    items = []
    pics = c.rng.random() < 0.5
    for i, (t, h) in enumerate(c.teasers(n)):
        s = " ".join(c.sentence() for _ in range(summaries))
        img = c.img(160, 90, t, "%s__thumb" % cls) if pics else ""
        items.append('<li class="%s__item"><span class="%s__rank">%d</span>%s<a href="%s">%s</a>%s</li>'
                     % (cls, cls, i + 1, img, h, esc(t), '<p>%s</p>' % esc(s) if s else ""))
    return '<div class="%s"><h2 class="%s__title">%s</h2><ol>%s</ol></div>' % (cls, cls, esc(title), "".join(items))


def t_div_paragraphs(c):
    r = c.rng
    head = head_std(c, css=(8, 35), js=(3, 15))
    pcls = r.choice(("text-block", "paragraph", "p", "article-para", "txt"))
    mode = r.randrange(3)
    if mode < 2:
        fmt = {"p": '<div class="%s">{}</div>' % pcls, "h2": '<div class="subhead"><strong>{}</strong></div>',
               "h3": '<div class="subhead subhead--small"><b>{}</b></div>', "quote": '<div class="quote-block">{}</div>',
               "ul_open": '<div class="bullets">', "ul_close": "</div>", "ol_open": '<div class="bullets bullets--num">', "ol_close": "</div>",
               "li": '<div class="bullet">\u2022 {}</div>'}
        if mode == 1:
            fmt["p"] = "<div>{}</div>"
        between = {}
        for i in c.slots(5, k=r.randrange(0, 3)):
            between[i] = c.ad_slot("inline-ad")
        text = c.body_html(fmt=fmt, between=between)
    else:
        # one container, paragraphs separated by <br><br>
        parts = []
        for kind, t in c.blocks:
            h = c.inline(t)
            parts.append("<b>%s</b>" % h if kind in ("h2", "h3") else ("\u2022 " + h if kind in ("ul", "ol") else h))
        text = "<div>%s</div>" % "<br><br>\n".join(parts)
    art = ('<div class="article-container"><div class="headline-wrap"><h1 class="headline">%s</h1></div><div class="article-meta">%s %s</div>'
           '%s<div class="article-text" id="articleText">\n%s\n</div><div class="article-tools">%s</div></div>'
           % (esc(c.title), c.byline_html("author-name", tag="div"), c.date_html("pub-date", tag="div"),
              '<div class="lead-image">%s</div>' % c.img(960, 540, c.title) if r.random() < 0.6 else "", text, c.share_bar("tools")))
    side = '<div class="right-rail">%s%s</div>' % (most_read(c, r.randrange(5, 11)), c.ad_slot("rail-ad"))
    parts = [c.cookie_banner() if r.random() < 0.6 else "", '<div class="wrapper">', std_header(c, 20, 60), breadcrumbs(c) if r.random() < 0.4 else "",
             '<div class="content-row"><div class="main-col">', art, '</div>', side, "</div>", std_footer(c, 15, 40), "</div>",
             c.adloader(r.randrange(2, 6)), c.script_tag(kb(c, 4, 20))]
    return doc(c, head, parts)


def t_amp(c):
    r = c.rng
    m = c.metas(twitter=False)
    head = ['<meta charset="utf-8">', '<script async src="https://cdn.ampproject.org/v0.js"></script>',
            '<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>',
            '<script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script>',
            '<script async custom-element="amp-sidebar" src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>',
            '<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>',
            '<script async custom-element="amp-user-notification" src="https://cdn.ampproject.org/v0/amp-user-notification-0.1.js"></script>',
            c.title_tag(), '<link rel="canonical" href="%s">' % attr(c.url.replace("/amp/", "/")),
            '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">'] + m[1:2] + m[3:]
    head.append(c.ld_article())
    head.append("<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;-moz-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
                "animation:-amp-start 8s steps(1,end) 0s 1 normal both}@-webkit-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
                "@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}</style><noscript><style amp-boilerplate>body{-webkit-animation:none;"
                "-moz-animation:none;animation:none}</style></noscript>")
    head.append("<style amp-custom>%s</style>" % c.css(min(74.0, kb(c, 20, 60))))
    nav = c.nav_links(r.randrange(20, 50))
    sidebar = '<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav><ul>%s</ul></nav></amp-sidebar>' % c.links_html(nav, li=True)
    analytics = ('<amp-analytics type="googleanalytics"><script type="application/json">%s</script></amp-analytics>'
                 % json.dumps({"vars": {"account": "UA-%d-1" % r.randrange(10 ** 7)}, "triggers": {
                     "trackPageview": {"on": "visible", "request": "pageview"},
                     "scroll": {"on": "scroll", "scrollSpec": {"verticalBoundaries": [25, 50, 75, 100]}, "request": "event"}},
                     "extraUrlParams": {"cd1": c.section, "cd2": c.hex(10)}}))
    cap, credit = c.caption()
    lead = ('<figure class="amp-lead"><amp-img src="%s/images/%s/1200x675.jpg" width="1200" height="675" layout="responsive" alt="%s"></amp-img>'
            '<figcaption>%s <span class="credit">%s</span></figcaption></figure>' % (c.s.cdn, c.image_hex, attr(cap), esc(cap), esc(credit)))
    between = {}
    for i in c.slots(4, k=r.randrange(1, 4)):
        between[i] = ('<amp-ad width="300" height="250" type="doubleclick" data-slot="/%d/amp/%s" layout="fixed"><div fallback>Advertisement</div></amp-ad>'
                      % (r.randrange(10 ** 6, 10 ** 8), slugify(c.section)))
    share = "".join('<amp-social-share type="%s" width="40" height="40"></amp-social-share>' % n for n in ("twitter", "facebook", "email", "whatsapp"))
    art = ('<article class="amp-article"><header><p class="kicker">%s</p><h1>%s</h1>%s<div class="meta">%s %s</div></header>%s'
           '<div class="amp-body">\n%s\n</div><div class="share">%s</div></article>'
           % (esc(c.section), esc(c.title), '<p class="dek">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "",
              c.byline_html(), c.date_html(), lead, c.body_html(between=between), share))
    related = ('<section class="related"><h2>More stories</h2><ul>%s</ul></section>'
               % "".join('<li><a href="%s">%s</a></li>' % (h.replace(c.s.base, "") + "/amp", esc(t)) for t, h in c.teasers(r.randrange(4, 10))))
    header = ('<header class="amp-header"><button on="tap:sidebar.toggle" aria-label="Menu">%s</button><a href="/">%s</a></header>'
              % (c.svg("menu"), c.logo_svg()))
    notice = ('<amp-user-notification layout="nodisplay" id="cookie-notice"><p>%s</p><button on="tap:cookie-notice.dismiss">I accept</button></amp-user-notification>'
              % esc("We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies."))
    parts = [analytics, sidebar, header, art, related, std_footer(c, 10, 30), notice]
    return doc(c, head, parts, html_attrs=' \u26a1 lang="%s"' % (c.spec["html_lang"] or "en"), doctype="<!doctype html>")


def ld_body_text(c, style):
    lines = [t for _, t in c.blocks]
    if style == 0:
        return "\n\n".join(lines)
    if style == 1:
        return " ".join(lines)
    return "\n".join(lines)


def t_jsonld_only(c):
    r = c.rng
    m = c.metas()
    head = [c.charset_meta(), m[0], c.title_tag()] + m[1:]
    head.append(c.ld_article(body=ld_body_text(c, r.randrange(3))))
    head.append(c.ld_org())
    head += ['<link rel="preload" href="%s/static/js/main.%s.js" as="script">' % (c.s.cdn, c.hex(8)),
             '<link rel="stylesheet" href="%s/static/css/main.%s.css">' % (c.s.cdn, c.hex(8)),
             c.style_tag(kb(c, 3, 12), ' id="app-shell"'), c.analytics()]
    cfg = {"apiBase": "https://api.%s/v3" % c.s.domain, "env": "production", "release": c.s.build,
           "features": {("ff_" + _b36(r, 6)): r.random() < 0.5 for _ in range(40)},
           "i18n": {("k_" + _b36(r, 5)): c.headline() for _ in range(r.randrange(10, 80))}}
    parts = ['<noscript>You need to enable JavaScript to run this app.</noscript>',
             '<div id="%s"><div class="app-shell"><div class="app-shell__bar"></div><div class="spinner" role="status">%s</div></div></div>'
             % (r.choice(("root", "app", "__nuxt")), r.choice(("Loading\u2026", "Loading...", ""))),
             '<script id="__APP_CONFIG__" type="application/json">%s</script>' % json.dumps(cfg, separators=(",", ":")).replace("</", "<\\/"),
             c.script_tag(kb(c, 20, 70)), ext_scripts(c, r.randrange(3, 9)), c.adloader(r.randrange(2, 6))]
    return doc(c, head, parts)


def t_jsonld_and_html(c):
    r = c.rng
    style = r.randrange(3)
    body = ld_body_text(c, style)
    if r.random() < 0.3:
        # a truncated articleBody: the full text is only in the HTML
        lines = [t for _, t in c.blocks]
        body = ("\n\n" if style == 0 else " ").join(lines[:2]) + "\u2026"
    head = head_std(c, ld_body=body, css=(10, 40), js=(4, 15))
    between = {}
    for i in c.slots(4, k=r.randrange(0, 3)):
        between[i] = c.ad_slot("ad-container")
    art = ('<div class="story-wrapper"><div class="story-header"><h1 class="story-title">%s</h1><div class="story-meta">%s%s</div></div>%s'
           '<div class="story-text">\n%s\n</div>%s</div>'
           % (esc(c.title), c.byline_html("story-author"), c.date_html("story-date"),
              c.figure("story-figure") if r.random() < 0.6 else "", c.body_html(between=between), c.share_bar()))
    parts = [std_header(c, 25, 90), breadcrumbs(c), '<div class="layout"><div class="layout__main">', art,
             most_read(c, r.randrange(4, 8), 1, "more-stories"), '</div><div class="layout__rail">', most_read(c, 10), c.ad_slot(), "</div></div>",
             std_footer(c, 20, 60), c.cookie_banner() if r.random() < 0.6 else "",
             c.state_json(kb(c, 5, 25), with_body=r.random() < 0.5, kind="preloaded") if r.random() < 0.6 else "",
             c.adloader(r.randrange(3, 9)), ext_scripts(c, r.randrange(2, 6)), c.script_tag(kb(c, 5, 25))]
    return doc(c, head, parts)


def t_liveblog(c):
    r = c.rng
    entries = c.spec["entries"]
    updates = []
    for e in entries:
        u = {"@type": "BlogPosting", "headline": e["title"] or c._truncate(e["paras"][0], 10),
             "articleBody": " ".join(e["paras"])}
        if c.date:
            u["datePublished"] = c.iso(hm=e["hm"], style=0)
        updates.append(u)
    extra = {"coverageStartTime": c.iso(hm=entries[-1]["hm"], style=0)} if c.date and "jsonld" in c.dm else {}
    extra["liveBlogUpdate"] = updates
    m = c.metas()
    head = [c.charset_meta(), m[0], c.title_tag()] + m[1:] + [c.ld_article("LiveBlogPosting", extra=extra),
                                                              c.style_tag(kb(c, 10, 40)), c.analytics(), c.script_tag(kb(c, 4, 15))]
    ids = [c.hex(24) for _ in entries]
    key = "".join('<li><a href="#block-%s"><time>%02d:%02d</time> %s</a></li>' % (ids[i], e["hm"][0], e["hm"][1], esc(e["title"]))
                  for i, e in enumerate(entries) if e["title"] and r.random() < 0.7)
    blocks = []
    for i, e in enumerate(entries):
        hh, mi = e["hm"]
        t = '<time datetime="%s" class="block-time">%02d:%02d</time>' % (c.iso(hm=(hh, mi), style=0), hh, mi) if c.date else \
            '<span class="block-time">%02d:%02d</span>' % (hh, mi)
        title = '<h3 class="block-title">%s</h3>' % esc(e["title"]) if e["title"] else ""
        paras = "".join("<p>%s</p>" % c.inline(p) for p in e["paras"])
        foot = '<div class="block-footer">%s<a href="#block-%s" class="block-share">%s Share</a></div>' % (
            '<span class="block-byline">Posted by %s</span>' % esc(c.person()) if r.random() < 0.3 else "", ids[i], c.svg("link"))
        blocks.append('<div class="block" id="block-%s"><div class="block-header">%s<span class="block-rel">%s</span></div>%s<div class="block-elements">%s</div>%s</div>'
                      % (ids[i], t, "%d min ago" % (5 + 7 * i) if i < 8 else "", title, paras, foot))
        if i and i % r.randrange(4, 7) == 0:
            blocks.append(c.ad_slot("liveblog-ad"))
    live = ('<div class="liveblog"><div class="liveblog__header"><span class="live-badge">LIVE</span><h1>%s</h1>%s<div class="meta">%s %s</div></div>'
            '%s<div class="liveblog__body">%s</div><button class="load-more" type="button">Load more updates</button>'
            '<div class="pagination"><a href="?page=1">Newest</a> <a href="?page=1">Previous</a> <span>1 of %d</span> <a href="?page=2">Next</a> <a href="?page=9">Oldest</a></div></div>'
            % (esc(c.title), '<p class="standfirst">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "", c.byline_html(), c.date_html(),
               '<div class="key-events"><h2>Key events</h2><ul>%s</ul></div>' % key if key else "", "".join(blocks), r.randrange(2, 9)))
    parts = [std_header(c, 30, 100), breadcrumbs(c) if r.random() < 0.5 else "", '<main>', live, '</main>', '<aside>%s</aside>' % most_read(c, 8), std_footer(c, 20, 50),
             c.cookie_banner() if r.random() < 0.7 else "", c.state_json(kb(c, 10, 40), kind="next"), c.adloader(r.randrange(2, 7)),
             ext_scripts(c, r.randrange(3, 8))]
    return doc(c, head, parts)


def t_lists_subheads(c):
    r = c.rng
    head = head_std(c, css=(10, 40), js=(3, 12))
    body = c.body_html()
    n = [0]

    def sub(mo):
        n[0] += 1
        return '<h2 id="section-%d">' % n[0]
    body = re.sub(r"<h2>", sub, body)
    heads = [t for k, t in c.blocks if k == "h2"]
    toc = ('<nav class="toc" aria-label="Contents"><h2 class="toc__title">%s</h2><ol>%s</ol></nav>'
           % (r.choice(("Contents", "In this article", "Jump to")),
              "".join('<li><a href="#section-%d">%s</a></li>' % (i + 1, esc(h)) for i, h in enumerate(heads)))) if heads and r.random() < 0.8 else ""
    art = ('<article class="explainer"><header><p class="label">Explainer</p><h1>%s</h1>%s<div class="meta">%s %s</div></header>%s'
           '<div class="explainer__body">\n%s\n</div><div class="explainer__footer">%s%s</div></article>'
           % (esc(c.title), '<p class="dek">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "", c.byline_html(), c.date_html(),
              toc, body, c.share_bar(), c.newsletter_box() if r.random() < 0.5 else ""))
    parts = [std_header(c, 20, 70), breadcrumbs(c) if r.random() < 0.6 else "", '<main class="main">', art, '</main>', '<aside class="rail">%s</aside>' % most_read(c, r.randrange(5, 10), 1),
             std_footer(c, 15, 45), c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(1, 5)),
             c.state_json(kb(c, 5, 20), kind="preloaded") if r.random() < 0.5 else "", c.script_tag(kb(c, 5, 20))]
    return doc(c, head, parts)


def t_short_sidebar(c):
    r = c.rng
    head = head_std(c, css=(8, 30), js=(3, 12))
    art = ('<div class="article"><h1 class="article__title">%s</h1><div class="article__meta">%s %s</div><div class="article__body">\n%s\n</div></div>'
           % (esc(c.title), c.byline_html(), c.date_html(), c.body_html()))
    coms = []
    for _ in range(r.randrange(8, 35)):
        coms.append('<div class="comment"><div class="comment__head"><span class="comment__author">%s</span> <span class="comment__time">%d hours ago</span></div>'
                    '<div class="comment__text">%s</div><div class="comment__actions"><a href="#">Reply</a> <a href="#">Report</a> <span>%d likes</span></div></div>'
                    % (esc(c.comment_handle()), r.randrange(1, 48), "".join("<p>%s</p>" % esc(p) for p in c.comment_paras()), r.randrange(0, 300)))
    comments = '<div class="comments" id="comments"><h2>Comments (%d)</h2>%s</div>' % (len(coms), "".join(coms))
    side = ('<div class="sidebar">%s%s%s</div>'
            % (most_read(c, 10, r.randrange(1, 3), "sidebar-popular"), most_read(c, 10, 2, "sidebar-latest"),
               most_read(c, r.randrange(3, 6), 2, "sidebar-opinion")))
    main = '<div class="main-col">%s%s</div>' % (art, comments)
    cols = [main, side]
    if r.random() < 0.4:
        cols.reverse()
    parts = [std_header(c, 20, 60), breadcrumbs(c) if r.random() < 0.6 else "", '<div class="columns">', cols[0], cols[1], '</div>', std_footer(c, 15, 40),
             c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(1, 5)), c.script_tag(kb(c, 5, 20))]
    return doc(c, head, parts)


def t_link_dense(c):
    r = c.rng
    head = head_std(c, css=(8, 35), js=(3, 15))
    art = ('<article class="briefing"><header><h1>%s</h1><div class="byline-block">%s %s</div></header><div class="briefing__body">\n%s\n</div>%s</article>'
           % (esc(c.title), c.byline_html(), c.date_html(), c.body_html(links=r.uniform(0.12, 0.3), emph=0.02), c.share_bar()))
    parts = [std_header(c, 30, 90), breadcrumbs(c) if r.random() < 0.5 else "", '<main>', art,
             '<section class="more">%s</section>' % most_read(c, r.randrange(4, 9), 1, "more-briefings"), '</main>',
             std_footer(c, 20, 60), c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(1, 5)), c.script_tag(kb(c, 5, 25))]
    return doc(c, head, parts)


def t_paywall(c):
    r = c.rng
    extra = {"isAccessibleForFree": False,
             "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}}
    m = c.metas()
    head = [c.charset_meta(), m[0], c.title_tag()] + m[1:] + [c.ld_article(extra=extra), c.style_tag(kb(c, 15, 50)),
                                                              c.analytics(), c.script_tag(kb(c, 5, 20))]
    benefits = ["Unlimited access to every article on any device", "The daily e-paper edition, from 6am",
                "Exclusive analysis from our markets team", "Subscriber-only newsletters and events",
                "Ad-light reading and offline access in our app"]
    offers = "".join('<div class="offer"><h3>%s</h3><p class="offer__price">%s</p><p class="offer__terms">%s</p><a class="btn" href="/subscribe?plan=%s">Subscribe now</a></div>'
                     % (n, p, t, slugify(n)) for n, p, t in (("Digital", "\u00a31 for 4 weeks", "Then \u00a329 per month. Cancel anytime."),
                                                             ("Digital + Print", "\u00a39 for 4 weeks", "Then \u00a349 per month. Cancel anytime."),
                                                             ("Team", "Contact us", "Access for 5 or more readers with a single invoice.")))
    wall = ('<div class="paywall" id="paywall"><div class="paywall__fade"></div><div class="paywall__inner"><h2>%s</h2>'
            '<p>%s</p><ul class="paywall__benefits">%s</ul><div class="offers">%s</div><p class="paywall__login">Already a subscriber? <a href="/login">Sign in</a></p></div></div>'
            % (r.choice(("Subscribe to read the full story", "Subscribe to read", "This article is for subscribers")),
               r.choice(("Get unlimited access to trusted journalism for less than the price of a coffee a week.",
                         "Keep reading with a subscription. Independent reporting on business, markets and the economy.")),
               "".join("<li>%s</li>" % b for b in benefits if r.random() < 0.85), offers))
    art = ('<article class="article article--premium"><header><span class="premium-badge">Premium</span><h1>%s</h1>%s<div class="meta">%s %s</div></header>'
           '<div class="article__body">\n%s\n</div>%s</article>'
           % (esc(c.title), '<p class="standfirst">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "", c.byline_html(), c.date_html(),
              c.body_html(), wall))
    parts = [std_header(c, 25, 80), breadcrumbs(c) if r.random() < 0.6 else "", '<main>', art, '</main>', '<aside>%s</aside>' % most_read(c, 8, 1), std_footer(c, 20, 50),
             c.cookie_banner() if r.random() < 0.7 else "", c.state_json(kb(c, 5, 25), kind="next"), ext_scripts(c, r.randrange(2, 6))]
    return doc(c, head, parts)


def t_magazine(c):
    r = c.rng
    head = head_std(c, css=(15, 60), js=(5, 20))
    blocks = c.blocks
    first = ""
    rest_from = 0
    if blocks and blocks[0][0] == "p" and blocks[0][1][:1].isalpha() and r.random() < 0.7:
        t = blocks[0][1]
        first = '<p class="has-dropcap"><span class="dropcap">%s</span>%s</p>' % (esc(t[0]), esc(t[1:]))
        rest_from = 1
    between = {}
    for i in c.slots(4, k=r.randrange(1, 4)):
        if r.random() < 0.5:
            between[i] = c.figure("mag-figure", "mag-figure__caption")
        else:
            sents = [s for k, p in blocks if k == "p" for s in re.split(r"(?<=[.!?])\s+", p) if 6 <= len(s.split()) <= 30]
            if sents:
                q = r.choice(sents)
                between[i] = (r.choice(('<aside class="pullquote"><blockquote><p>{}</p></blockquote></aside>',
                                        '<blockquote class="pull-quote">{}</blockquote>',
                                        '<div class="pullquote"><p>{}</p></div>')).format(esc(q)))
    shifted = {k - rest_from: v for k, v in between.items() if k - rest_from >= 0}
    body = first + "\n" + c.body_html(blocks=blocks[rest_from:], between=shifted,
                                      fmt={"quote": '<blockquote class="quote"><p>{}</p></blockquote>'})
    bio = ""
    if c.author and r.random() < 0.6:
        bio = ('<div class="author-bio"><p><strong>%s</strong> is a writer based in %s. Their work has appeared in %s and %s.</p></div>'
               % (esc(c.author), r.choice(TOWNS), r.choice(list(SITE_NAMES.values()))[0], r.choice(list(SITE_NAMES.values()))[0]))
    hero = ('<header class="hero">%s<div class="hero__text"><p class="kicker">%s</p><h1 class="hero__title">%s</h1>%s<p class="hero__byline">%s %s</p></div></header>'
            % (c.img(2000, 1125, c.title, "hero__image", lazy=False), r.choice(("Feature", "Long read", "The Big Story", "Profile")),
               esc(c.title), '<p class="hero__dek">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "", c.byline_html(), c.date_html()))
    art = '<article class="longform">%s<div class="longform__body">\n%s\n</div>%s%s</article>' % (hero, body, bio, c.share_bar())
    parts = [std_header(c, 20, 60), breadcrumbs(c) if r.random() < 0.3 else "", '<main>', art, '</main>', '<section class="read-next"><h2>Read next</h2>%s</section>'
             % "".join('<div class="read-next__item"><a href="%s">%s<h3>%s</h3></a><p>%s</p></div>' % (h, c.img(600, 400, t), esc(t), esc(c.sentence()))
                       for t, h in c.teasers(r.randrange(3, 7))),
             std_footer(c, 20, 50), c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(1, 4)), c.script_tag(kb(c, 8, 30))]
    return doc(c, head, parts)


def t_ads_readmore(c):
    r = c.rng
    head = head_std(c, css=(15, 50), js=(8, 30))
    between = {}
    for i in c.slots(2):
        u = r.random()
        if u < 0.4:
            between[i] = c.ad_slot("mod-ad")
        elif u < 0.75:
            between[i] = c.read_more()
        elif u < 0.85:
            between[i] = '<div class="ad-label">Story continues below</div>' + c.ad_slot("mod-ad")
        else:
            between[i] = ('<p><strong>%s</strong></p><ul class="link-list">%s</ul>'
                          % (r.choice(("Don't miss", "Most read", "More on this story")), c.links_html(c.teasers(r.randrange(2, 5)), li=True)))
    mid = c.slots(3, k=1)
    if mid and r.random() < 0.7:
        between[mid[0]] = between.get(mid[0], "") + c.newsletter_box("newsletter-inline")
    mid = c.slots(3, k=1)
    if mid and r.random() < 0.5:
        between[mid[0]] = between.get(mid[0], "") + most_read(c, 5, 0, "most-read-inline")
    art = ('<article class="article-main"><div class="article-header"><h1 class="section-theme-highlight">%s</h1>%s<div class="article-information">%s %s</div>%s</div>'
           '%s<div class="article-body" itemprop="articleBody">\n%s\n</div>%s<div class="article-comments"><a href="#comments">%d comments</a></div></article>'
           % (esc(c.title), '<p class="sub-title">%s</p>' % esc(c.spec["dek"]) if c.spec.get("dek") else "",
              c.byline_html("author"), c.date_html("time-container"), c.share_bar("social-share"),
              c.figure("lead-image") if r.random() < 0.8 else "", c.body_html(between=between),
              '<div class="tag-list">%s</div>' % " ".join('<a href="/all-about/%s">%s</a>' % (slugify(t), esc(t)) for t in c.spec["tags"]),
              r.randrange(0, 400)))
    parts = [c.ad_slot("top-ad"), std_header(c, 40, 120), breadcrumbs(c) if r.random() < 0.7 else "", '<div class="content-wrapper">', art,
             '<div class="sidebar">%s%s</div>' % (most_read(c, 10), c.ad_slot("mpu")), "</div>",
             '<div class="more-on">%s</div>' % most_read(c, r.randrange(6, 12), 1, "more-on-this"),
             std_footer(c, 30, 80), c.cookie_banner() if r.random() < 0.8 else "", c.adloader(r.randrange(6, 14)),
             ext_scripts(c, r.randrange(4, 10)), c.script_tag(kb(c, 10, 40)),
             c.state_json(kb(c, 5, 30), kind="preloaded") if r.random() < 0.5 else ""]
    return doc(c, head, parts)


def t_microdata(c):
    r = c.rng
    head = head_std(c, ld=r.random() < 0.4 or "jsonld" in c.dm or "jsonld" in c.am, css=(8, 30), js=(3, 15))
    dh = c.date_html("published")
    if "<time " in dh:
        dh = dh.replace("<time ", '<time itemprop="datePublished" ', 1)
    elif c.date and "meta" in c.dm:
        dh = '<meta itemprop="datePublished" content="%s">' % c.iso()
    by = ""
    if c.author:
        if "rel" in c.am or "text" in c.am:
            by = ('<span class="author" itemprop="author" itemscope itemtype="https://schema.org/Person">%s<span itemprop="name">%s</span></span>'
                  % ("By " if c.lang == "en" else c.L["by"] + " ", esc(c.author)))
        elif "meta" in c.am:
            by = '<span itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="%s"></span>' % attr(c.author)
    art = ('<div class="news-item" itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">%s</h1><div class="info">%s %s</div>'
           '<div class="image" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">%s<meta itemprop="url" content="%s/images/%s/1200x675.jpg"></div>'
           '<div class="news-text" itemprop="articleBody">\n%s\n</div></div>'
           % (esc(c.title), by, dh, c.img(800, 450, c.title), c.s.cdn, c.image_hex, c.body_html()))
    parts = [std_header(c, 20, 70), breadcrumbs(c), '<div id="content">', art, most_read(c, r.randrange(5, 10), r.randrange(0, 2), "related-news"), "</div>",
             '<div id="sidebar">%s%s</div>' % (most_read(c, 8), c.newsletter_box() if r.random() < 0.5 else ""),
             std_footer(c, 20, 50), c.cookie_banner() if r.random() < 0.6 else "", c.adloader(r.randrange(1, 6)), c.script_tag(kb(c, 4, 20))]
    return doc(c, head, parts)


def t_intl(c):
    r = c.rng
    L = c.L
    head = head_std(c, css=(10, 45), js=(4, 20))
    between = {}
    for i in c.slots(2, k=r.randrange(1, 4)):
        between[i] = c.ad_slot("ad", L["ad"]) if r.random() < 0.5 else c.read_more()
    coms = "".join('<li class="comment"><strong>%s</strong> <span class="when">%s</span><p>%s</p><a href="#">%s</a></li>'
                   % (esc(c.comment_handle()), esc(c.vis_date(c.spec["date"])), esc(" ".join(c.comment_paras(long=False))), esc(L["reply"]))
                   for _ in range(r.randrange(0, 12)))
    semantic = r.random() < 0.5
    a_open, a_close = ("<article class=\"artikel\">", "</article>") if semantic else ('<div class="article">', "</div>")
    art = ('%s<h1>%s</h1><div class="meta">%s %s</div>%s<div class="text">\n%s\n</div>%s%s%s'
           % (a_open, esc(c.title), c.byline_html(), c.date_html(), c.figure() if r.random() < 0.6 else "",
              c.body_html(between=between), c.newsletter_box() if r.random() < 0.6 else "", c.share_bar(), a_close))
    comments = '<section class="comments"><h2>%s</h2><ul>%s</ul></section>' % (esc(L["comments"]), coms) if coms else ""
    parts = [c.cookie_banner() if r.random() < 0.8 else "", std_header(c, 25, 70), breadcrumbs(c),
             '<main>' if semantic else '<div id="main">', art, comments, "</main>" if semantic else "</div>",
             '<aside>%s</aside>' % most_read(c, r.randrange(5, 10)), std_footer(c, 12, 40), c.adloader(r.randrange(1, 6)),
             c.script_tag(kb(c, 5, 25))]
    return doc(c, head, parts)


TEMPLATES = {
    "wordpress": (t_wordpress, "full"),
    "divsoup": (t_divsoup, "full"),
    "article_teasers": (t_article_teasers, "full"),
    "semantic": (t_semantic, "full"),
    "table_legacy": (t_table_legacy, "full"),
    "div_paragraphs": (t_div_paragraphs, "full"),
    "amp": (t_amp, "full"),
    "jsonld_only": (t_jsonld_only, "full"),
    "jsonld_and_html": (t_jsonld_and_html, "full"),
    "liveblog": (t_liveblog, "live"),
    "lists_subheads": (t_lists_subheads, "lists"),
    "short_sidebar": (t_short_sidebar, "short"),
    "link_dense": (t_link_dense, "full"),
    "paywall": (t_paywall, "paywall"),
    "magazine": (t_magazine, "full"),
    "ads_readmore": (t_ads_readmore, "full"),
    "microdata": (t_microdata, "full"),
    "intl": (t_intl, "intl"),
}
# How each template may state its date and author (see Ctx.metas/date_html/byline_html).
DATE_WAYS = {"table_legacy": ("text",), "jsonld_only": ("meta", "jsonld"), "divsoup": ("meta", "jsonld", "text"),
             "amp": ("jsonld", "time", "text", "meta")}
AUTHOR_WAYS = {"table_legacy": ("text", "meta"), "jsonld_only": ("meta", "jsonld"), "divsoup": ("meta", "jsonld", "text")}


# ---------------------------------------------------------------------------
# Bodies and page specs.

TAGS_EN = ("Flooding", "Transport", "Local government", "Crime", "Health", "Business", "Energy",
           "Education", "Weather", "Housing", "Environment", "Courts", "Sport", "Culture",
           "Science", "Technology", "Jobs", "Planning")


DATELINE = re.compile("^[A-Z]+ \u2014 ")


class PseudoText:
    """Article text from scripts/gen_corpus.py's generator (pseudo-words)."""

    def __init__(self, seed):
        ns = argparse.Namespace(seed=seed, start="2026-01-05", days=N_DAYS, templates=0, templated=0, window=1)
        self.g = gen_corpus.Generator(ns)
        self.rng = self.g.rng

    def paras(self, words, lead=False):
        """Paragraphs of about `words` words; only an article's lead may open
        with a "PLACE — " dateline."""
        ps = [" ".join(p.split()) for p in self.g.paragraphs(max(8, words))]
        if not lead:
            ps[0] = DATELINE.sub("", ps[0])
        return ps

    def title(self):
        return self.g.title()

    def phrase(self, lo, hi):
        ws = [w.rstrip(",") for w in self.g.words(self.rng.randrange(lo, hi + 1))]
        s = " ".join(ws)
        return s[0].upper() + s[1:]


def load_articles(dirpath):
    arts = []
    if not os.path.isdir(dirpath):
        return arts
    for name in sorted(os.listdir(dirpath)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(dirpath, name), encoding="utf-8") as f:
            text = f.read()
        headtxt, _, rest = text.partition("\n\n")
        meta = {}
        for line in headtxt.splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
        paras = [" ".join(p.split()) for p in rest.split("\n\n") if p.strip()]
        arts.append({"name": name[:-4], "title": meta.get("title", ""), "date": meta.get("date", ""), "paras": paras})
    return arts


def gen_blocks(pt, kind, rng):
    """Body blocks (kind, text) of a generated article of the given kind,
    and for a live blog its updates."""
    entries = None
    if kind == "full":
        target = min(1500, 150 + int(rng.expovariate(1 / 420.0)))
        blocks = [("p", p) for p in pt.paras(target, lead=True)]
        if len(blocks) >= 6 and rng.random() < 0.3:
            for i in sorted(rng.sample(range(2, len(blocks) - 1), min(3, rng.randrange(1, 4))), reverse=True):
                blocks.insert(i, ("h2", pt.phrase(3, 8)))
        if len(blocks) >= 4 and rng.random() < 0.15:
            i = rng.randrange(1, len(blocks))
            if blocks[i][0] == "p":
                blocks[i] = ("quote", blocks[i][1])
    elif kind == "lists":
        blocks = [("p", p) for p in pt.paras(rng.randrange(40, 120), lead=True)]
        for _ in range(rng.randrange(3, 7)):
            blocks.append(("h2", pt.phrase(2, 7)))
            blocks += [("p", p) for p in pt.paras(rng.randrange(30, 140))]
            if rng.random() < 0.55:
                lk = rng.choice(("ul", "ol"))
                for _ in range(rng.randrange(3, 8)):
                    item = pt.phrase(3, 14) if rng.random() < 0.6 else " ".join(pt.paras(rng.randrange(8, 25)))
                    blocks.append((lk, item))
                if rng.random() < 0.5:
                    blocks += [("p", p) for p in pt.paras(rng.randrange(20, 60))]
    elif kind == "short":
        blocks = [("p", " ".join(pt.paras(rng.randrange(10, 28), lead=i == 0))) for i in range(2)]
    elif kind == "paywall":
        blocks = [("p", " ".join(pt.paras(rng.randrange(35, 80), lead=i == 0))) for i in range(2)]
    elif kind == "live":
        n = rng.randrange(6, 22)
        t = rng.randrange(6 * 60, 10 * 60)
        times = []
        for _ in range(n):
            times.append(divmod(t, 60))
            t = min(t + rng.randrange(4, 45), 23 * 60 + 59)
        entries = []
        for hm in reversed(times):
            title = pt.phrase(4, 10) if rng.random() < 0.6 else None
            paras = [" ".join(pt.paras(rng.randrange(20, 70))) for _ in range(rng.randrange(1, 4))]
            entries.append({"hm": hm, "title": title, "paras": paras})
        blocks = []
        for e in entries:
            if e["title"]:
                blocks.append(("h3", e["title"]))
            blocks += [("p", p) for p in e["paras"]]
    else:
        raise ValueError(kind)
    return blocks, entries


def inject_accent(blocks, rng):
    """Give a capitalised word of the body an accented letter (for pages whose
    charset test needs non-ASCII letters)."""
    cands = [(bi, wi) for bi, (k, t) in enumerate(blocks) for wi, w in enumerate(t.split(" "))
             if wi > 0 and w[:1].isupper() and any(ch in "aeiou" for ch in w[1:])]
    if not cands:
        return blocks
    bi, wi = rng.choice(cands)
    k, t = blocks[bi]
    ws = t.split(" ")
    w = ws[wi]
    j = next(j for j in range(1, len(w)) if w[j] in "aeiou")
    ws[wi] = w[:j] + {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}[w[j]] + w[j + 1:]
    blocks = list(blocks)
    blocks[bi] = (k, " ".join(ws))
    return blocks


def pick_modes(rng, ways, p_none, p_meta=0.55):
    """The ways a page states its date (or author): () for none."""
    if rng.random() < p_none:
        return ()
    if "text" in ways and rng.random() < 0.15:
        return ("text",)
    chosen = tuple(w for w in ways if rng.random() < (p_meta if w == "meta" else 0.55))
    return chosen or (rng.choice(ways),)


def charset_plan(rng, template, can_1252):
    """How the page's bytes are encoded and declared in the WARC."""
    if template in ("amp",) or not can_1252:
        u = rng.random()
        if template != "amp" and u < 0.12:
            return {"enc": "utf-8", "header": None, "meta": rng.choice(("charset", "http-equiv")), "meta_label": "utf-8",
                    "bom": False, "desc": "utf-8 (meta)"}
        return {"enc": "utf-8", "header": "utf-8", "meta": "charset", "meta_label": "utf-8", "bom": False, "desc": "utf-8 (header+meta)"}
    u = rng.random()
    if template == "table_legacy":
        u = 0.5 + u * 0.5 if rng.random() < 0.7 else u
    lab = rng.choice(("windows-1252", "iso-8859-1", "ISO-8859-1", "Windows-1252"))
    ml = rng.choice(("utf-8", "UTF-8"))
    if u < 0.50:
        return {"enc": "utf-8", "header": rng.choice(("utf-8", "UTF-8")), "meta": "charset", "meta_label": ml, "bom": False, "desc": "utf-8 (header+meta)"}
    if u < 0.62:
        m = rng.choice(("charset", "http-equiv"))
        return {"enc": "utf-8", "header": None, "meta": m, "meta_label": ml, "bom": False,
                "desc": "utf-8 (meta)" if m == "charset" else "utf-8 (meta http-equiv)"}
    if u < 0.71:
        return {"enc": "utf-8", "header": "utf-8", "meta": None, "meta_label": None, "bom": False, "desc": "utf-8 (header)"}
    if u < 0.73:
        return {"enc": "utf-8", "header": None, "meta": None, "meta_label": None, "bom": False, "desc": "utf-8 (undeclared)"}
    if u < 0.75:
        return {"enc": "utf-8", "header": None, "meta": rng.choice(("charset", None)), "meta_label": ml, "bom": True, "desc": "utf-8 (bom)"}
    if u < 0.83:
        same = rng.random() < 0.5
        return {"enc": "cp1252", "header": lab, "meta": "http-equiv" if same else None, "meta_label": lab, "bom": False,
                "desc": "%s (header%s)" % (lab.lower(), "+meta" if same else "")}
    if u < 0.90:
        m = rng.choice(("charset", "http-equiv"))
        return {"enc": "cp1252", "header": None, "meta": m, "meta_label": lab, "bom": False,
                "desc": "%s (%s)" % (lab.lower(), "meta" if m == "charset" else "meta http-equiv")}
    if u < 0.94:
        return {"enc": "cp1252", "header": None, "meta": None, "meta_label": None, "bom": False, "desc": "windows-1252 (undeclared)"}
    if u < 0.98:
        return {"enc": "cp1252", "header": "utf-8", "meta": rng.choice(("charset", None)), "meta_label": "utf-8", "bom": False,
                "desc": "windows-1252 (declared utf-8)"}
    return {"enc": "cp1252", "header": "windows-1252", "meta": "charset", "meta_label": "utf-8", "bom": False,
            "desc": "windows-1252 (header; meta says utf-8)"}


def encodable_1252(texts):
    try:
        for t in texts:
            t.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def make_url(site, template, sec, slug, date, num):
    b = site.base
    y, m, d = (date[:4], date[5:7], date[8:10]) if date else ("", "", "")
    if template == "wordpress":
        return "%s/%s/%s/%s/%s/" % (b, y, m, d, slug) if date else "%s/?p=%d" % (b, num)
    if template == "divsoup" and date:
        return "%s/%s/%s/%s/%s/%s.html" % (b, y, m, d, sec, slug)
    if template == "amp":
        return "%s/amp/%s/%s-%d" % (b, sec, slug, num)
    if template == "liveblog":
        return "%s/live/%s-%d" % (b, slug, num)
    if template == "table_legacy":
        return "%s/news/story.asp?id=%d" % (b, num)
    if template == "intl":
        return "%s/%s/%s-%d.html" % (b, sec, slug, num)
    k = num % 3
    if k == 0:
        return "%s/%s/%s-%d" % (b, sec, slug, num)
    if k == 1:
        return "%s/news/%s/article%d.ece" % (b, sec, num)
    return "%s/article/%d/%s" % (b, num, slug)


def build_specs(args, sites, pt):
    """The page specs in output order (ids p0001, ...)."""
    rng = random.Random(args.seed * 7919 + 3)
    arts = load_articles(args.articles)
    n = args.count
    n_for = min(len(FOREIGN), n // 20)
    n_cor = min(len(arts), (n - n_for) // 5)
    eng = sorted(k for k in TEMPLATES if k != "intl")
    tl = []
    while len(tl) < n - n_for:
        cyc = list(eng)
        rng.shuffle(cyc)
        tl.extend(cyc)
    tl = tl[:n - n_for]
    full_idx = [i for i, t in enumerate(tl) if TEMPLATES[t][1] == "full"]
    cor_idx = sorted(rng.sample(full_idx, min(n_cor, len(full_idx))))
    cor_arts = list(arts)
    rng.shuffle(cor_arts)
    src = [("gen", None)] * len(tl)
    for j, i in enumerate(cor_idx):
        src[i] = ("corpus", cor_arts[j])
    items = list(zip(tl, src)) + [("intl", ("foreign", FOREIGN[i])) for i in range(n_for)]
    rng.shuffle(items)
    specs = []
    for idx, (tmpl, (kind, art)) in enumerate(items):
        prng = random.Random(args.seed * 1000003 + idx * 7 + 1)
        lang = art["lang"] if kind == "foreign" else "en"
        site = sites[(tmpl, lang)]
        entries = None
        dek = None
        if kind == "gen":
            blocks, entries = gen_blocks(pt, TEMPLATES[tmpl][1], prng)
            title = pt.title()
            if prng.random() < 0.5:
                dek = pt.phrase(10, 22) + "."
            date = "%04d-%02d-%02d" % (FIRST_DAY)
            date = add_days(date, prng.randrange(N_DAYS))
            author = "%s %s" % (prng.choice(FIRST), prng.choice(LAST))
            source = "generated"
        elif kind == "corpus":
            blocks = [("p", p) for p in art["paras"]]
            title, date = art["title"], art["date"]
            author = "%s %s" % (prng.choice(FIRST), prng.choice(LAST))
            source = "articles"
        else:
            blocks = [("p", p) for p in art["paras"]]
            title, date, author = art["title"], art["date"], art["author"]
            source = "foreign-" + lang
        dways = DATE_WAYS.get(tmpl, ("meta", "jsonld", "time", "text"))
        aways = AUTHOR_WAYS.get(tmpl, ("meta", "jsonld", "rel", "text"))
        dmodes = pick_modes(prng, dways, 0.08, p_meta=0.85)
        amodes = pick_modes(prng, aways, 0.2)
        texts = [t for _, t in blocks] + [title, author, dek or ""]
        cs = charset_plan(prng, tmpl, encodable_1252(texts))
        if kind != "foreign" and (site.smart_quotes or cs["enc"] == "cp1252"):
            blocks = [(k, smart_quotes(t)) for k, t in blocks]
            if entries:
                entries = [dict(e, title=smart_quotes(e["title"]) if e["title"] else None,
                                paras=[smart_quotes(p) for p in e["paras"]]) for e in entries]
        if cs["enc"] == "cp1252" and kind == "gen" and not any(ord(ch) > 127 and ch.isalpha() for _, t in blocks for ch in t):
            blocks = inject_accent(blocks, prng)
            if entries:  # keep the live blog's updates in step with its blocks
                it = iter(t for k, t in blocks)
                entries = [dict(e, title=next(it) if e["title"] else None, paras=[next(it) for _ in e["paras"]]) for e in entries]
        sec = prng.choice(site.sections)
        num = 100000 + idx * 37 + prng.randrange(37)
        stated = date if dmodes else ""
        url = make_url(site, tmpl, slugify(sec), slugify(title)[:60].rstrip("-"), stated, num)
        tags = tuple(prng.sample(TAGS_EN, prng.randrange(1, 4))) if lang == "en" else tuple(prng.sample(site.nav_words[1:20], 2))
        hl = lang if lang != "en" else prng.choice(("en", "en", "en-GB", "en-US", "en-gb"))
        if tmpl == "table_legacy" and prng.random() < 0.7:
            hl = ""
        tz = prng.choice(("Z", "+00:00", "+01:00", "-05:00", "+02:00", "-04:00")) if lang == "en" else prng.choice(("+01:00", "+02:00"))
        specs.append({
            "id": "p%04d" % (idx + 1), "url": url, "template": tmpl, "lang": lang, "html_lang": hl,
            "title": title, "date": date, "author": author, "dmodes": dmodes, "amodes": amodes,
            "time": (prng.randrange(6, 23), prng.randrange(60)), "tz": tz,
            "blocks": blocks, "entries": entries, "dek": dek, "section": sec, "tags": tags,
            "charset": cs, "bulk": 2.718281828 ** prng.gauss(0, 0.5), "entities": prng.random() < 0.6,
            "source": source, "seed": args.seed * 1000003 + idx * 7 + 2,
        })
    return specs


def render(spec, sites):
    site = sites[(spec["template"], spec["lang"])]
    c = Ctx(spec, site, random.Random(spec["seed"]))
    page = TEMPLATES[spec["template"]][0](c)
    if spec["charset"]["enc"] == "cp1252":
        page = page.encode("cp1252", "xmlcharrefreplace").decode("cp1252")
    return page


def truth_of(spec):
    return {"id": spec["id"], "body": "\n".join(t for _, t in spec["blocks"]), "title": spec["title"],
            "date": spec["date"] if spec["dmodes"] else "", "author": spec["author"] if spec["amodes"] else "",
            "lang": spec["lang"], "template": spec["template"], "charset": spec["charset"]["desc"],
            "url": spec["url"], "body_source": spec["source"]}


# ---------------------------------------------------------------------------
# WARC output.

def gzip_bytes(data, level=GZIP_LEVEL):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def http_date(ts):
    """ts = seconds since WARC_DAY 00:00 UTC."""
    import datetime as _dt
    d = _dt.datetime.fromisoformat(WARC_DAY) + _dt.timedelta(seconds=ts)
    return d.strftime("%a, %d %b %Y %H:%M:%S GMT")


def warc_date(ts, frac=None):
    import datetime as _dt
    d = _dt.datetime.fromisoformat(WARC_DAY) + _dt.timedelta(seconds=ts)
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    return s + (".%06d" % frac if frac is not None else "") + "Z"


def chunked(rng, data):
    out = []
    i = 0
    while i < len(data):
        k = min(len(data) - i, rng.randrange(512, 16384))
        out.append(("%x" % k if rng.random() < 0.8 else "%X" % k).encode() + b"\r\n" + data[i:i + k] + b"\r\n")
        i += k
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def http_response(rng, status, headers, body, te_chunked=False, encoding=None, lower=False):
    """An HTTP/1.1 response as a crawler records it: (bytes, payload bytes)."""
    if encoding == "gzip":
        body = gzip_bytes(body)
    elif encoding == "deflate":
        body = zlib.compress(body, 6)
    hs = list(headers)
    if encoding:
        hs.append(("Content-Encoding", encoding))
    if te_chunked:
        hs.append(("Transfer-Encoding", "chunked"))
        payload = chunked(rng, body)
    else:
        hs.append(("Content-Length", str(len(body))))
        payload = body
    if rng.random() < 0.5:
        hs.append(("Vary", "Accept-Encoding"))
    lines = ["HTTP/1.1 " + status] + ["%s: %s" % (k.lower() if lower else k, v) for k, v in hs]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload, payload


class Warc:
    """WARC writer: each record one gzip member (and, with all_forms, the
    same records as one gzip stream and uncompressed)."""

    def __init__(self, outdir, all_forms, seed):
        self.rng = random.Random(seed * 104729 + 11)
        self.outdir = outdir
        self.paths = [os.path.join(outdir, "crawl.warc.gz")]
        self.f = open(self.paths[0] + ".tmp", "wb")
        self.whole = self.plain = None
        if all_forms:
            self.paths += [os.path.join(outdir, "crawl-whole.warc.gz"), os.path.join(outdir, "crawl.warc")]
            self.whole_f = open(self.paths[1] + ".tmp", "wb")
            self.whole = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
            self.plain = open(self.paths[2] + ".tmp", "wb")
        self.ts = 8 * 3600
        self.info_id = self.new_id()

    def new_id(self):
        return "<urn:uuid:%s>" % uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def tick(self):
        self.ts += self.rng.randrange(0, 4)
        return self.ts

    def record(self, wtype, headers, block, rid=None, v11=None):
        r = self.rng
        if v11 is None:
            v11 = r.random() < 0.15
        rid = rid or self.new_id()
        ts = self.tick()
        hs = [("WARC-Type", wtype), ("WARC-Record-ID", rid),
              ("WARC-Date", warc_date(ts, r.randrange(10 ** 6) if v11 else None))]
        hs += headers
        if wtype != "warcinfo":
            hs.append(("WARC-Warcinfo-ID", self.info_id))
        if r.random() < 0.7:
            hs.append(("WARC-Block-Digest", sha1_b32(block)))
        hs.append(("Content-Length", str(len(block))))
        head = ("WARC/1.1" if v11 else "WARC/1.0") + "\r\n" + "".join("%s: %s\r\n" % kv for kv in hs) + "\r\n"
        rec = head.encode("utf-8") + block + b"\r\n\r\n"
        self.f.write(gzip_bytes(rec))
        if self.whole:
            self.whole_f.write(self.whole.compress(rec))
            self.plain.write(rec)
        return rid, ts

    def close(self):
        self.f.close()
        if self.whole:
            self.whole_f.write(self.whole.flush())
            self.whole_f.close()
            self.plain.close()
        for p in self.paths:
            os.replace(p + ".tmp", p)


SERVERS = ("nginx", "Apache", "cloudflare", "AmazonS3", "Varnish", "Microsoft-IIS/8.5", "openresty", "ATS/9.1.2")


def request_block(url, rng):
    host = url.split("/")[2]
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    return ("GET %s HTTP/1.1\r\nUser-Agent: Mozilla/5.0 (compatible; newsift-testcrawler/1.0; +https://crawler.example/bot)\r\n"
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-GB,en;q=0.8\r\n"
            "Accept-Encoding: gzip, deflate\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, host)).encode("latin-1")


def write_exchange(w, url, status, headers, body, te_chunked=False, encoding=None, lower=False, metadata=False, v11=None):
    """request + response (+ metadata) records of one fetch; returns (response id, payload digest, ts)."""
    r = w.rng
    if v11 is None:
        v11 = r.random() < 0.15
    resp, payload = http_response(r, status, headers, body, te_chunked, encoding, lower)
    rid = w.new_id()
    target = "<%s>" % url if v11 and r.random() < 0.2 else url
    pd = sha1_b32(payload)
    rh = [("WARC-Target-URI", target), ("WARC-IP-Address", "192.0.2.%d" % r.randrange(1, 255)),
          ("Content-Type", "application/http; msgtype=response")]
    if r.random() < 0.8:
        rh.append(("WARC-Payload-Digest", pd))
    req = request_block(url, r)
    reqh = [("WARC-Target-URI", target), ("WARC-Concurrent-To", rid), ("Content-Type", "application/http; msgtype=request")]
    if r.random() < 0.75:
        w.record("request", reqh, req, v11=v11)
        _, ts = w.record("response", rh, resp, rid=rid, v11=v11)
    else:
        _, ts = w.record("response", rh, resp, rid=rid, v11=v11)
        w.record("request", reqh, req, v11=v11)
    if metadata:
        host = url.split("/")[2]
        meta = ("via: https://%s/\r\nhopsFromSeed: L\r\nsourceTag: news\r\nfetchTimeMs: %d\r\ncharsetForLinkExtraction: UTF-8\r\n"
                "outlink: https://%s/ L a/@href\r\noutlink: https://%s/favicon.ico E link/@href\r\n"
                % (host, r.randrange(40, 900), host, host)).encode("latin-1")
        w.record("metadata", [("WARC-Target-URI", target), ("WARC-Concurrent-To", rid),
                              ("Content-Type", "application/warc-fields")], meta, v11=v11)
    return rid, pd, ts


def page_headers(rng, cs, ts):
    ct = "text/html"
    if cs["header"]:
        ct += rng.choice(("; charset=%s", ";charset=%s", '; charset="%s"')) % cs["header"]
    if rng.random() < 0.02:
        ct = ct.replace("text/html", "application/xhtml+xml")
    hs = [("Date", http_date(ts)), ("Server", rng.choice(SERVERS)), ("Content-Type", ct)]
    if rng.random() < 0.6:
        hs.append(("Cache-Control", "max-age=%d, public" % rng.choice((30, 60, 120, 300))))
    if rng.random() < 0.5:
        hs.append(("Set-Cookie", "sid=%032x; Path=/; Secure; HttpOnly; SameSite=Lax" % rng.getrandbits(128)))
    if rng.random() < 0.4:
        hs.append(("X-Cache", rng.choice(("HIT", "MISS", "HIT, HIT"))))
    if rng.random() < 0.3:
        hs.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    if rng.random() < 0.3:
        hs.append(("ETag", '"%016x"' % rng.getrandbits(64)))
    rng.shuffle(hs)
    return hs


def png_bytes(rng, w, h):
    import struct
    raw = b"".join(b"\x00" + rng.randbytes(w * 3) for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def pdf_bytes(rng, text):
    stream = zlib.compress(("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text).encode("latin-1", "replace") + rng.randbytes(200))
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
            b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return out


EXTRA_KINDS = ("png", "pdf", "json", "css", "robots", "404", "301", "revisit")


def write_extra(w, kind, sites, done, css_pool):
    """A record that is not an article page (a reader must skip it)."""
    r = w.rng
    keys = sorted(sites, key=lambda k: (k[0], k[1]))
    site = sites[keys[r.randrange(len(keys))]]
    ts = w.ts
    base = site.base
    if kind == "revisit" and done:
        url, pd, rid, _ = done[r.randrange(len(done))]
        hdr = ("HTTP/1.1 200 OK\r\nDate: %s\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" % http_date(ts)).encode()
        w.record("revisit", [("WARC-Target-URI", url), ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                             ("WARC-Refers-To", rid), ("WARC-Refers-To-Target-URI", url), ("WARC-Payload-Digest", pd),
                             ("Content-Type", "application/http; msgtype=response")], hdr, v11=False)
        return
    if kind == "revisit":
        kind = "css"
    date = [("Date", http_date(ts)), ("Server", r.choice(SERVERS))]
    if kind == "png":
        body = png_bytes(r, r.randrange(8, 48), r.randrange(8, 48))
        write_exchange(w, "%s/images/%032x/thumb.png" % (site.cdn, r.getrandbits(128)), "200 OK",
                       date + [("Content-Type", "image/png")], body)
    elif kind == "pdf":
        body = pdf_bytes(r, "Annual report %d" % r.randrange(2019, 2026))
        write_exchange(w, "%s/documents/annual-report-%d.pdf" % (base, r.randrange(1000)), "200 OK",
                       date + [("Content-Type", "application/pdf")], body)
    elif kind == "json":
        data = {"data": [{"id": "%012x" % r.getrandbits(48), "headline": fill(r, r.choice(HEADLINES)),
                          "url": "%s/news/%d" % (base, r.randrange(10 ** 6))} for _ in range(r.randrange(5, 30))],
                "meta": {"page": 1, "total": r.randrange(100, 9999)}}
        write_exchange(w, "%s/api/v2/latest?section=news" % base, "200 OK",
                       date + [("Content-Type", "application/json; charset=utf-8")], json.dumps(data).encode(),
                       encoding=r.choice((None, "gzip")))
    elif kind == "css":
        off = r.randrange(len(css_pool) - 60000)
        body = css_pool[off:off + r.randrange(2000, 50000)].encode()
        write_exchange(w, "%s/css/main.%08x.css" % (site.cdn, r.getrandbits(32)), "200 OK",
                       date + [("Content-Type", "text/css")], body, encoding=r.choice((None, "gzip")))
    elif kind == "robots":
        body = ("User-agent: *\nDisallow: /search\nDisallow: /account/\nDisallow: /api/\n\nUser-agent: GPTBot\nDisallow: /\n\n"
                "Sitemap: %s/sitemap.xml\nSitemap: %s/news-sitemap.xml\n" % (base, base)).encode()
        write_exchange(w, base + "/robots.txt", "200 OK", date + [("Content-Type", "text/plain")], body)
    elif kind == "404":
        links = "".join('<li><a href="/%s/">%s</a></li>' % (slugify(t), esc(t)) for t in site.nav_words[:r.randrange(10, 40)])
        body = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found | %s</title></head><body>'
                '<header><nav><ul>%s</ul></nav></header><main><h1>Page not found</h1><p>Sorry, we couldn\'t find the page you were looking for. '
                'It may have been moved or deleted.</p><p><a href="/">Go to the home page</a></p></main></body></html>'
                % (esc(site.name), links)).encode()
        write_exchange(w, "%s/news/%d/old-story" % (base, r.randrange(10 ** 6)), "404 Not Found",
                       date + [("Content-Type", "text/html; charset=utf-8")], body, te_chunked=r.random() < 0.5)
    elif kind == "301":
        write_exchange(w, "http://%s/news/%d" % (site.domain, r.randrange(10 ** 6)), "301 Moved Permanently",
                       date + [("Location", "%s/news/%d" % (base, r.randrange(10 ** 6))), ("Content-Type", "text/html")], b"")


def write_page(w, spec, page, done):
    r = w.rng
    cs = spec["charset"]
    data = page.encode("cp1252" if cs["enc"] == "cp1252" else "utf-8")
    if cs["bom"]:
        data = b"\xef\xbb\xbf" + data
    u = r.random()
    te, enc = False, None
    if u < 0.18:
        te = True
    elif u < 0.36:
        enc = "gzip"
    elif u < 0.46:
        enc = "deflate"
    elif u < 0.54:
        te, enc = True, "gzip"
    hs = page_headers(r, cs, w.ts)
    rid, pd, ts = write_exchange(w, spec["url"], r.choice(("200 OK", "200 OK", "200 OK", "200")), hs, data, te, enc,
                                 lower=r.random() < 0.1, metadata=r.random() < 0.3)
    done.append((spec["url"], pd, rid, ts))


def warcinfo(w, count):
    info = ("software: newsift scripts/gen_pages.py\r\nformat: WARC File Format 1.0\r\n"
            "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
            "isPartOf: newsift-extraction-eval\r\ndescription: %d generated news pages with known article bodies\r\n"
            "robots: ignore\r\nhttp-header-user-agent: Mozilla/5.0 (compatible; newsift-testcrawler/1.0)\r\n" % count).encode()
    w.record("warcinfo", [("WARC-Filename", "crawl.warc.gz"), ("Content-Type", "application/warc-fields")], info,
             rid=w.info_id, v11=False)


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate news web pages with known article bodies (pages.jsonl, truth.jsonl, crawl.warc.gz).")
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT, help="number of article pages (default %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    ap.add_argument("--bench", action="store_true", help="write only pages.jsonl and crawl.warc.gz")
    ap.add_argument("--all-warc-forms", action="store_true", help="also write crawl-whole.warc.gz and crawl.warc")
    ap.add_argument("--articles", default=os.path.join(ROOT, "corpora", "articles"),
                    help="directory of the fictional articles (default %(default)s)")
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")
    os.makedirs(args.out, exist_ok=True)

    css_pool = make_css_pool(random.Random(args.seed * 31 + 1), 400000)
    js_pool = make_js_pool(random.Random(args.seed * 31 + 2), 500000)
    sites = {}
    for key in sorted(TEMPLATES):
        langs = ("de", "fr", "es") if key == "intl" else ("en",)
        for lang in langs:
            sites[(key, lang)] = Site(key, lang, random.Random("site:%d:%s:%s" % (args.seed, key, lang)), css_pool, js_pool)
    pt = PseudoText(args.seed * 1000003 + 17)
    specs = build_specs(args, sites, pt)
    bodies = set()
    for s in specs:
        b = "\n".join(t for _, t in s["blocks"])
        if b in bodies:
            raise SystemExit("gen_pages: internal error: two pages with the same body")
        bodies.add(b)

    pages_path = os.path.join(args.out, "pages.jsonl")
    truth_path = os.path.join(args.out, "truth.jsonl")
    pf = open(pages_path + ".tmp", "w", encoding="utf-8", newline="\n")
    tf = None if args.bench else open(truth_path + ".tmp", "w", encoding="utf-8", newline="\n")
    w = Warc(args.out, args.all_warc_forms, args.seed)
    warcinfo(w, len(specs))
    # the records a reader must skip, at fixed places among the pages
    n_extra = max(len(EXTRA_KINDS), len(specs) // 12)
    kinds = [EXTRA_KINDS[i % len(EXTRA_KINDS)] for i in range(n_extra)]
    w.rng.shuffle(kinds)
    at = {}
    for k in kinds:
        at.setdefault(w.rng.randrange(1, len(specs) + 1), []).append(k)
    done = []
    for i, spec in enumerate(specs):
        for k in at.get(i, ()):
            write_extra(w, k, sites, done, css_pool)
        page = render(spec, sites)
        pf.write(json.dumps({"id": spec["id"], "url": spec["url"], "text": page}, ensure_ascii=False) + "\n")
        if tf:
            tf.write(json.dumps(truth_of(spec), ensure_ascii=False) + "\n")
        write_page(w, spec, page, done)
    for k in at.get(len(specs), ()):
        write_extra(w, k, sites, done, css_pool)
    w.close()
    pf.close()
    os.replace(pages_path + ".tmp", pages_path)
    if tf:
        tf.close()
        os.replace(truth_path + ".tmp", truth_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
