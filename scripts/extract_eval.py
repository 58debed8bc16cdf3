#!/usr/bin/env python3
"""Score extracted article bodies (and titles, dates, authors) against a truth file.

    python3 scripts/extract_eval.py TRUTH PRED [--json] [--min-f1 X]
                                    [--field NAME] [--by FIELD]... [--worst N]

TRUTH is the truth.jsonl of scripts/gen_pages.py: one JSON object a page with
"id", "body", "title", "date", "author", "template" (and "url", "lang",
"charset", "body_source").  PRED is JSONL, plain or gzip (found by its magic
bytes, so newsift's deduped.jsonl.gz works as it is), one object a page with
"id" and the extracted body in "text" (or the field named by --field).  A
prediction is matched to its page by "id"; when its id is not a truth id, by
its "url" field or by an id that is the page's URL (so records read from the
WARC can be scored too).  A page with no prediction counts as an empty
prediction; predictions matching no page are counted as "extra" (the
non-article records of the WARC, when a reader keeps them) and otherwise
ignored; of two predictions for one page the first counts.

Body score: token-level precision and recall, as in the public
article-extraction benchmarks.  Tokens are the words of the text,
re.findall(r"\\w+", text.lower()) (Unicode word characters), compared as
multisets (collections.Counter intersection), so order and line breaks do
not matter and a repeated word counts as often as it appears.  Per page:

    P = |pred & truth| / |pred|      R = |pred & truth| / |truth|
    F1 = 2PR / (P + R)  (0 when P + R = 0)

with these edge cases: empty prediction and non-empty truth: P = R = F1 = 0;
both empty: P = R = F1 = 1; non-empty prediction and empty truth: P = 0,
R = 1, F1 = 0.  The report gives the mean P and mean R over pages, the
overall F1 as the harmonic mean of those two means (the benchmarks' way),
and the mean of the per-page F1 as well; the same per template (and per any
truth field named with --by, e.g. --by lang --by charset --by body_source),
and the N worst pages by per-page F1.

Metadata: for each of "title", "date" and "author" that at least one matched
prediction has, the fraction of truth pages whose predicted value equals the
truth after whitespace normalisation (runs of white space made one space,
ends stripped); dates are compared on their first 10 characters (YYYY-MM-DD).
A missing page, a missing field or null counts as "", which is right only
when the truth is "" too (a page that states no date or no author).

--json prints the summary as JSON on standard output instead of the report.
--min-f1 X makes the exit status 1 when the overall F1 is below X.  Exit
status 2 means the input could not be read.
"""

import argparse
import collections
import gzip
import io
import json
import re
import signal
import sys

TOKEN = re.compile(r"\w+")
META_FIELDS = ("title", "date", "author")


def tokens(text):
    return TOKEN.findall(text.lower())


def page_scores(pred, truth):
    """(P, R, F1) of one page from its token lists."""
    if not truth:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 1.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    common = sum((collections.Counter(pred) & collections.Counter(truth)).values())
    p = common / len(pred)
    r = common / len(truth)
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def open_text(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    # lines end at \n only: a stray \r or U+2028 inside a record must not split it
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.GzipFile(fileobj=f), encoding="utf-8", newline="\n")
    return io.TextIOWrapper(f, encoding="utf-8", newline="\n")


def read_jsonl(path, what, problems):
    out = []
    with open_text(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append("%s:%d: not JSON (%s)" % (path, lineno, e))
                continue
            if not isinstance(obj, dict):
                problems.append("%s:%d: not a JSON object" % (path, lineno))
                continue
            out.append(obj)
    return out


def norm_ws(v):
    if v is None:
        return ""
    return " ".join(str(v).split())


def agg(rows):
    """Mean P, mean R, F1 of the means, mean page F1 of (P, R, F1) rows."""
    n = len(rows)
    if n == 0:
        return {"n": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "mean_page_f1": 0.0}
    mp = sum(r[0] for r in rows) / n
    mr = sum(r[1] for r in rows) / n
    f = 2 * mp * mr / (mp + mr) if mp + mr > 0 else 0.0
    return {"n": n, "precision": mp, "recall": mr, "f1": f, "mean_page_f1": sum(r[2] for r in rows) / n}


def evaluate(truth_recs, pred_recs, field, by_fields, worst_n):
    truth = {}
    order = []
    by_url = {}
    for t in truth_recs:
        tid = str(t.get("id", ""))
        if tid in truth:
            raise ValueError("truth: duplicate id %r" % tid)
        truth[tid] = t
        order.append(tid)
        if t.get("url"):
            by_url[t["url"]] = tid
    pred = {}
    extra = duplicates = no_field = 0
    for p in pred_recs:
        pid = str(p.get("id", ""))
        key = None
        if pid in truth:
            key = pid
        elif isinstance(p.get("url"), str) and p["url"] in by_url:
            key = by_url[p["url"]]
        elif pid in by_url:
            key = by_url[pid]
        if key is None:
            extra += 1
            continue
        if key in pred:
            duplicates += 1
            continue
        if not isinstance(p.get(field), str):
            no_field += 1
        pred[key] = p

    rows = {}
    for tid in order:
        t = truth[tid]
        p = pred.get(tid)
        text = p.get(field) if p is not None and isinstance(p.get(field), str) else ""
        rows[tid] = page_scores(tokens(text), tokens(t.get("body") or ""))

    summary = {
        "pages": len(order), "predicted": len(pred), "missing": len(order) - len(pred),
        "extra": extra, "duplicates": duplicates, "without_field": no_field, "field": field,
        "body": agg(list(rows.values())),
    }
    groups = collections.defaultdict(list)
    for tid in order:
        groups[str(truth[tid].get("template", ""))].append(rows[tid])
    summary["templates"] = {k: agg(groups[k]) for k in sorted(groups)}
    summary["by"] = {}
    for fld in by_fields:
        g = collections.defaultdict(list)
        for tid in order:
            g[str(truth[tid].get(fld, ""))].append(rows[tid])
        summary["by"][fld] = {k: agg(g[k]) for k in sorted(g)}
    worst = sorted(order, key=lambda tid: (rows[tid][2], rows[tid][0] + rows[tid][1], tid))[:worst_n]
    summary["worst"] = [{"id": tid, "template": truth[tid].get("template", ""), "precision": rows[tid][0],
                         "recall": rows[tid][1], "f1": rows[tid][2]} for tid in worst]
    meta = {}
    for fld in META_FIELDS:
        if not any(fld in p for p in pred.values()):
            continue
        right = 0
        for tid in order:
            want = norm_ws(truth[tid].get(fld))
            p = pred.get(tid)
            got = norm_ws(p.get(fld)) if p is not None else ""
            if fld == "date":
                want, got = want[:10], got[:10]
            right += want == got
        meta[fld] = {"correct": right, "n": len(order), "accuracy": right / len(order) if order else 0.0}
    summary["metadata"] = meta
    return summary


def report(s, out):
    w = out.write
    w("pages %d: %d predicted, %d missing (empty), %d extra predictions, %d duplicates, %d without \"%s\"\n"
      % (s["pages"], s["predicted"], s["missing"], s["extra"], s["duplicates"], s["without_field"], s["field"]))
    b = s["body"]
    w("body     P=%.4f R=%.4f F1=%.4f (of the means)  mean page F1=%.4f\n"
      % (b["precision"], b["recall"], b["f1"], b["mean_page_f1"]))
    for fld, m in s["metadata"].items():
        w("%-8s %.4f exact (%d/%d)\n" % (fld, m["accuracy"], m["correct"], m["n"]))

    def table(title, d):
        width = max([len(title)] + [len(k) for k in d])
        w("\n%-*s %5s %7s %7s %7s %7s\n" % (width, title, "n", "P", "R", "F1", "pageF1"))
        for k, a in d.items():
            w("%-*s %5d %7.4f %7.4f %7.4f %7.4f\n" % (width, k, a["n"], a["precision"], a["recall"], a["f1"], a["mean_page_f1"]))
    table("template", s["templates"])
    for fld, d in s["by"].items():
        table(fld, d)
    if s["worst"]:
        w("\nworst pages\n%-8s %-18s %7s %7s %7s\n" % ("id", "template", "P", "R", "F1"))
        for x in s["worst"]:
            w("%-8s %-18s %7.4f %7.4f %7.4f\n" % (x["id"], x["template"], x["precision"], x["recall"], x["f1"]))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Token-level precision/recall/F1 of extracted article bodies against truth.jsonl.")
    ap.add_argument("truth", help="truth.jsonl of scripts/gen_pages.py")
    ap.add_argument("pred", help="predictions: JSONL or JSONL.gz with id and the extracted text")
    ap.add_argument("--field", default="text", help="prediction field holding the body (default %(default)s)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--min-f1", type=float, default=None, metavar="X", help="exit 1 when the overall F1 is below X")
    ap.add_argument("--by", action="append", default=[], metavar="FIELD",
                    help="also report per value of this truth field (lang, charset, body_source, ...); repeatable")
    ap.add_argument("--worst", type=int, default=10, metavar="N", help="list the N worst pages (default %(default)s)")
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    problems = []
    try:
        truth = read_jsonl(args.truth, "truth", problems)
        if problems:
            for p in problems[:10]:
                sys.stderr.write("extract_eval: %s\n" % p)
            return 2
        pred = read_jsonl(args.pred, "prediction", problems)
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as e:
        sys.stderr.write("extract_eval: %s\n" % e)
        return 2
    for p in problems[:10]:
        sys.stderr.write("extract_eval: warning: %s\n" % p)
    try:
        s = evaluate(truth, pred, args.field, args.by, max(0, args.worst))
    except ValueError as e:
        sys.stderr.write("extract_eval: %s\n" % e)
        return 2
    s["malformed_prediction_lines"] = len(problems)
    if args.json:
        sys.stdout.write(json.dumps(s, indent=1, sort_keys=False) + "\n")
    else:
        report(s, sys.stdout)
        if problems:
            sys.stdout.write("\n%d malformed prediction lines ignored\n" % len(problems))
    if args.min_f1 is not None and s["body"]["f1"] < args.min_f1:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
