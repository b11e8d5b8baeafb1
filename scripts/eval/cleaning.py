#!/usr/bin/env python3
"""Score corpusmill's cleaning (furniture removal, near-duplicates, splits) against the ground
truth of a synthetic corpus made by scripts/gen_corpus.py (txt format).

    python scripts/eval/cleaning.py --corpus OUT --default DS [--default-summary DS.json]
        [--tag DST] [--tag-summary DST.json] [--json] [--examples N] [--strict]

OUT     folder written by `gen_corpus.py OUT --format txt` (OUT/truth.jsonl is read)
DS      `corpusmill build OUT/articles --out DS --threads 1 -q --json > DS.json`
DST     `corpusmill build OUT/articles --out DST --tag-near-dups -q --json > DST.json`

Either dataset may be left out; the metrics that need it are then skipped. Needs polars.

Line matching. corpusmill rewrites text (NFC, whitespace collapsed, lines trimmed, Latin look-alike
letters inside Cyrillic words made Cyrillic and the reverse), so a truth line and a kept line are
compared by a tolerant key, computed the same way on both sides:
  NFC -> Latin/Cyrillic look-alikes folded to one letter (uppercase A B C E H I K M O P T X Y and
  lowercase a c e h i o p x y, ə -> their Cyrillic twins; the fold happens before lowercasing, so
  Latin "H" goes to "Н" and Latin "h" to "һ") -> lowercase -> only letters and digits kept.
A truth line counts as present in a kept document if its key equals the key of one of the kept
text's lines (whole-line match, as a multiset: body and title lines claim kept lines first, then
furniture lines). A kept line that was changed inside (e.g. a credit glued to a sentence cut off)
therefore counts as lost.

Metrics (targets from the issue):
  * furniture still present in kept text, over the *recurring* furniture lines (a furniture
    line whose key occurs in articles of >= 2 different stories of the same site; reposts and
    duplicates of one story do not make a line recur) -- target <= 2 %; also over all furniture
    lines and per furniture_kind.
  * body (and, separately, title) lines of kept documents missing from their kept text -- <= 0.5 %.
  * reposts (edited_sentences <= 1) grouped with their original -- >= 98 %. Each input id is
    mapped to a group: a kept document's group is its `cluster`; a removed one (duplicate /
    near_duplicate) takes the group of its `duplicate_of`, followed to a kept document. A repost
    is grouped when its group equals its original's group. This covers "same cluster", "either
    removed as a duplicate of a member of the other's cluster" (tag build) and "removed as
    near_duplicate/duplicate of the original's group, or the original removed pointing at the
    repost's group" (default build).
  * originals wrongly grouped: share of kind=original articles whose group holds a document of
    another story -- <= 0.1 %.
  * cross-split leakage: clusters, and truth stories, whose kept documents are in more than one
    split (split = the Parquet file name's prefix) -- 0.
  * throughput from the --json summary of the single-thread build: bytes_in / stage_seconds[x]
    for minhash (target >= 20 MB/s), boilerplate, hash (MB = 10**6 bytes).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

try:
    import polars as pl
except ImportError:  # pragma: no cover
    sys.exit("cleaning.py: needs polars (pip install polars)")

# ------------------------------------------------------------------------------------------------
# Line keys
# ------------------------------------------------------------------------------------------------

FOLD = str.maketrans({
    # uppercase Latin look-alikes -> Cyrillic
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    # lowercase Latin look-alikes -> Cyrillic
    "a": "а", "c": "с", "e": "е", "h": "һ", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у",
    "ə": "ә", "Ə": "Ә",
})
_NON_ALNUM = re.compile(r"[\W_]+")
_FOLDABLE = re.compile("[" + "".join(sorted(chr(c) for c in FOLD)) + "]")


def line_key(s: str) -> str:
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    s = _NON_ALNUM.sub("", s)
    if _FOLDABLE.search(s):  # str.translate is slow; most Cyrillic lines need no fold
        s = s.translate(FOLD)
    return s.lower()


def text_keys(text: str) -> list[str]:
    out = []
    for ln in text.split("\n"):
        k = line_key(ln)
        if k:
            out.append(k)
    return out


def show(s: str, n: int = 110) -> str:
    s = " ".join(s.replace("\r", "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ------------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------------


def load_truth(corpus: str) -> dict:
    path = os.path.join(corpus, "truth.jsonl")
    truth = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            t = json.loads(line)
            if t.get("format", "txt") != "txt":
                continue
            for ln in t["lines"]:
                ln["key"] = line_key(ln["text"])
            truth[t["id"]] = t
    if not truth:
        sys.exit(f"cleaning.py: no txt articles in {path} (generate with --format txt)")
    return truth


class Dataset:
    def __init__(self, path: str, summary: str | None):
        self.path = path
        files = sorted(glob.glob(os.path.join(path, "data", "documents", "*.parquet")))
        if not files:
            sys.exit(f"cleaning.py: no documents in {path}/data/documents")
        frames = []
        for f in files:
            split = os.path.basename(f).split("-", 1)[0]
            df = pl.read_parquet(f, columns=["id", "text", "cluster", "cluster_size", "sha256"])
            frames.append(df.with_columns(pl.lit(split).alias("split")))
        docs = pl.concat(frames)
        self.text = dict(zip(docs["id"].to_list(), docs["text"].to_list()))
        self.cluster = dict(zip(docs["id"].to_list(), docs["cluster"].to_list()))
        self.split = dict(zip(docs["id"].to_list(), docs["split"].to_list()))
        rfiles = sorted(glob.glob(os.path.join(path, "removed", "*.parquet")))
        if rfiles:
            rem = pl.concat([pl.read_parquet(f, columns=["id", "reason", "duplicate_of"]) for f in rfiles])
            self.reason = dict(zip(rem["id"].to_list(), rem["reason"].to_list()))
            self.dup_of = dict(zip(rem["id"].to_list(), rem["duplicate_of"].to_list()))
        else:
            self.reason, self.dup_of = {}, {}
        self.summary = None
        if summary and os.path.exists(summary):
            with open(summary, encoding="utf-8") as fh:
                self.summary = json.load(fh)
        self._group = {}

    def group(self, i: str):
        """Group of an input id: the kept document's cluster, following duplicate_of."""
        if i in self._group:
            return self._group[i]
        seen = []
        cur = i
        g = None
        for _ in range(64):
            if cur in self.cluster:
                g = self.cluster[cur] or cur
                break
            if self.reason.get(cur) in ("duplicate", "near_duplicate") and self.dup_of.get(cur):
                seen.append(cur)
                cur = self.dup_of[cur]
                continue
            break
        self._group[i] = g
        for s in seen:
            self._group[s] = g
        return g

    def dangling(self, i: str) -> bool:
        """True when following duplicate_of from i stops at a duplicate/near_duplicate removal
        that names no document."""
        cur = i
        for _ in range(64):
            if cur in self.cluster:
                return False
            if self.reason.get(cur) in ("duplicate", "near_duplicate"):
                if not self.dup_of.get(cur):
                    return True
                cur = self.dup_of[cur]
                continue
            return False
        return False

    def kept_id_of(self, i: str):
        cur = i
        for _ in range(64):
            if cur in self.text:
                return cur
            if self.reason.get(cur) in ("duplicate", "near_duplicate") and self.dup_of.get(cur):
                cur = self.dup_of[cur]
                continue
            return None
        return None


# ------------------------------------------------------------------------------------------------
# Metrics
# ------------------------------------------------------------------------------------------------


def pct(n, d):
    return None if not d else 100.0 * n / d


def recurring_furniture(truth: dict) -> set:
    """(site, key) of furniture lines found in articles of >= 2 distinct stories of a site."""
    stories = defaultdict(set)
    for t in truth.values():
        for ln in t["lines"]:
            if ln["label"] == "furniture":
                k = ln["key"]
                if k:
                    stories[(t["site"], k)].add(t["story"])
    return {sk for sk, st in stories.items() if len(st) >= 2}


def folded_line_docs(truth: dict) -> Counter:
    """Number of articles holding each line key with digit runs folded to 0 (the way corpusmill's
    repeated-line counter sees lines)."""
    cnt = Counter()
    for t in truth.values():
        cnt.update({_DIGITS.sub("0", ln["key"]) for ln in t["lines"]})
    return cnt


_DIGITS = re.compile(r"\d+")


def cleaning_metrics(truth: dict, ds: Dataset, recurring: set, folded: Counter, min_docs: int,
                     n_ex: int) -> dict:
    c = Counter()
    per_kind = defaultdict(Counter)
    ex_furn, ex_rec_furn, ex_body, ex_title = [], [], [], []
    missing_truth = 0
    for i, text in ds.text.items():
        t = truth.get(i)
        if t is None:
            missing_truth += 1
            continue
        avail = Counter(text_keys(text))
        c["docs"] += 1
        # body and title first
        for n, ln in enumerate(t["lines"]):
            lab = ln["label"]
            if lab not in ("body", "title"):
                continue
            k = ln["key"]
            if not k:
                continue
            c[lab] += 1
            if avail[k] > 0:
                avail[k] -= 1
            else:
                c[lab + "_lost"] += 1
                if lab == "title" and n > 0:
                    c["title_lost_not_first"] += 1
                if folded[_DIGITS.sub("0", k)] >= min_docs:
                    c[lab + "_lost_folded_common"] += 1
                ex = ex_body if lab == "body" else ex_title
                if len(ex) < n_ex:
                    ex.append((i, ln["text"]))
        for ln in t["lines"]:
            if ln["label"] != "furniture":
                continue
            k = ln["key"]
            if not k:
                continue
            fk = ln.get("furniture_kind") or "?"
            if fk == "read_also_headline" and ln["text"].strip().endswith("?"):
                c["ra_q"] += 1
            rec = (t["site"], k) in recurring
            present = avail[k] > 0
            if present:
                avail[k] -= 1
            c["furn"] += 1
            per_kind[fk]["all"] += 1
            if rec:
                c["furn_rec"] += 1
                per_kind[fk]["rec"] += 1
            if present:
                c["furn_left"] += 1
                if fk == "read_also_headline" and ln["text"].strip().endswith("?"):
                    c["ra_q_left"] += 1
                per_kind[fk]["all_left"] += 1
                if rec:
                    c["furn_rec_left"] += 1
                    per_kind[fk]["rec_left"] += 1
                    if len(ex_rec_furn) < n_ex:
                        ex_rec_furn.append((i, fk, ln["text"]))
                elif len(ex_furn) < n_ex:
                    ex_furn.append((i, fk, ln["text"]))
    return {
        "kept_docs_scored": c["docs"],
        "kept_docs_without_truth": missing_truth,
        "furniture_recurring": {"lines": c["furn_rec"], "left": c["furn_rec_left"],
                                "pct": pct(c["furn_rec_left"], c["furn_rec"])},
        "furniture_all": {"lines": c["furn"], "left": c["furn_left"],
                          "pct": pct(c["furn_left"], c["furn"])},
        "furniture_by_kind": {
            k: {"lines": v["all"], "left": v["all_left"], "pct": pct(v["all_left"], v["all"]),
                "recurring_lines": v["rec"], "recurring_left": v["rec_left"],
                "recurring_pct": pct(v["rec_left"], v["rec"])}
            for k, v in sorted(per_kind.items())},
        "body_lost": {"lines": c["body"], "lost": c["body_lost"], "pct": pct(c["body_lost"], c["body"]),
                      "lost_digit_folded_line_in_min_docs_articles": c["body_lost_folded_common"]},
        "title_lost": {"lines": c["title"], "lost": c["title_lost"], "pct": pct(c["title_lost"], c["title"]),
                       "lost_not_first_line": c["title_lost_not_first"],
                       "lost_digit_folded_line_in_min_docs_articles": c["title_lost_folded_common"]},
        "read_also_headlines_ending_in_question_mark": {"lines": c["ra_q"], "left": c["ra_q_left"]},
        "examples": {
            "recurring_furniture_left": [{"id": a, "kind": b, "line": show(x)} for a, b, x in ex_rec_furn],
            "other_furniture_left": [{"id": a, "kind": b, "line": show(x)} for a, b, x in ex_furn],
            "body_lost": [{"id": a, "line": show(x)} for a, x in ex_body],
            "title_lost": [{"id": a, "line": show(x)} for a, x in ex_title],
        },
    }


def grouping_metrics(truth: dict, ds: Dataset, n_ex: int) -> dict:
    c = Counter()
    ex_missed, ex_wrong, ex_dup_missed = [], [], []
    members = defaultdict(set)  # group -> stories
    for i, t in truth.items():
        g = ds.group(i)
        if g is not None:
            members[g].add(t["story"])
    for i, t in truth.items():
        kind = t["kind"]
        if kind == "repost" and (t.get("edited_sentences") or 0) <= 1:
            c["reposts"] += 1
            c["reposts_edited"] += int((t.get("edited_sentences") or 0) == 1)
            gr, go = ds.group(i), ds.group(t["of"])
            if gr is not None and gr == go:
                c["reposts_grouped"] += 1
                c["reposts_edited_grouped"] += int((t.get("edited_sentences") or 0) == 1)
                continue
            if ds.dangling(i) or ds.dangling(t["of"]):
                c["reposts_missed_dangling"] += 1
            if len(ex_missed) < n_ex:
                ex_missed.append({"id": i, "of": t["of"], "edited_sentences": t.get("edited_sentences"),
                                  "repost_state": ds.reason.get(i, "kept"),
                                  "original_state": ds.reason.get(t["of"], "kept")})
        elif kind == "duplicate":
            c["dups"] += 1
            gd, go = ds.group(i), ds.group(t["of"])
            if gd is not None and gd == go:
                c["dups_grouped"] += 1
            elif len(ex_dup_missed) < n_ex:
                ex_dup_missed.append({"id": i, "of": t["of"], "variant": t.get("dup_variant"),
                                      "state": ds.reason.get(i, "kept")})
        elif kind == "original":
            c["originals"] += 1
            g = ds.group(i)
            if g is not None and len(members[g]) > 1:
                c["originals_wrong"] += 1
                if len(ex_wrong) < n_ex:
                    others = sorted(j for j, u in truth.items()
                                    if ds.group(j) == g and u["story"] != t["story"])[:3]
                    ex_wrong.append({"id": i, "story": t["story"], "state": ds.reason.get(i, "kept"),
                                     "grouped_with": [{"id": j, "story": truth[j]["story"],
                                                       "state": ds.reason.get(j, "kept")} for j in others]})
    # removals pointing at a document of another story (lost data in the default build)
    bad_removals = 0
    for i, r in ds.reason.items():
        if r in ("duplicate", "near_duplicate") and i in truth:
            k = ds.dup_of.get(i)
            if k in truth and truth[k]["story"] != truth[i]["story"]:
                bad_removals += 1
    return {
        "reposts_grouped": {"n": c["reposts"], "grouped": c["reposts_grouped"],
                            "pct": pct(c["reposts_grouped"], c["reposts"])},
        "reposts_missed_via_missing_duplicate_of": c["reposts_missed_dangling"],
        "reposts_edited_grouped": {"n": c["reposts_edited"], "grouped": c["reposts_edited_grouped"],
                                   "pct": pct(c["reposts_edited_grouped"], c["reposts_edited"])},
        "duplicates_grouped": {"n": c["dups"], "grouped": c["dups_grouped"],
                               "pct": pct(c["dups_grouped"], c["dups"])},
        "originals_wrongly_grouped": {"n": c["originals"], "wrong": c["originals_wrong"],
                                      "pct": pct(c["originals_wrong"], c["originals"])},
        "removed_as_dup_of_other_story": bad_removals,
        "removed_by_reason": dict(sorted(Counter(ds.reason.values()).items())),
        "duplicate_removals_without_duplicate_of": sum(
            1 for i, r in ds.reason.items() if r in ("duplicate", "near_duplicate") and not ds.dup_of.get(i)),
        "examples": {"reposts_missed": ex_missed, "originals_wrong": ex_wrong,
                     "duplicates_missed": ex_dup_missed},
    }


def leakage_metrics(truth: dict, ds: Dataset, n_ex: int) -> dict:
    by_cluster = defaultdict(set)
    by_story = defaultdict(set)
    story_members = defaultdict(list)
    for i, sp in ds.split.items():
        by_cluster[ds.cluster.get(i) or i].add(sp)
        t = truth.get(i)
        if t is not None:
            by_story[t["story"]].add(sp)
            story_members[t["story"]].append((i, sp))
    multi_kept = [s for s, m in story_members.items() if len(m) > 1]
    leaky = [s for s in multi_kept if len(by_story[s]) > 1]
    ex = [{"story": s, "kept": [{"id": i, "split": sp} for i, sp in sorted(story_members[s])]}
          for s in sorted(leaky)[:n_ex]]
    return {
        "clusters": len(by_cluster),
        "clusters_leaking": sum(len(v) > 1 for v in by_cluster.values()),
        "stories": len(by_story),
        "stories_with_several_kept_docs": len(multi_kept),
        "stories_leaking": len(leaky),
        "stories_leaking_pct": pct(len(leaky), len(by_story)),
        "examples": ex,
    }


def throughput(summary: dict | None) -> dict | None:
    if not summary or "stage_seconds" not in summary or not summary.get("bytes_in"):
        return None
    b = summary["bytes_in"]
    return {
        "bytes_in": b,
        "seconds": summary.get("seconds"),
        "mb_per_s": {k: (b / 1e6 / v if v else None) for k, v in sorted(summary["stage_seconds"].items())},
    }


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------


def fmt_pct(p, digits=2):
    return "   n/a" if p is None else f"{p:6.{digits}f}%"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="gen_corpus.py output folder (has truth.jsonl)")
    ap.add_argument("--default", help="dataset built with default settings (remove near-dups)")
    ap.add_argument("--default-summary", help="its `build --json` output (for throughput; "
                    "built with --threads 1)")
    ap.add_argument("--default-cpu-share", type=float, default=None,
                    help="(user+sys)/wall seconds of the --threads 1 build; when given, MB/s are also "
                         "shown divided by it (a rough correction for a busy machine)")
    ap.add_argument("--tag", help="dataset built with --tag-near-dups")
    ap.add_argument("--tag-summary", help="its `build --json` output")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON instead of a table")
    ap.add_argument("--examples", type=int, default=3, help="examples per failure kind (default 3)")
    ap.add_argument("--min-docs", type=int, default=10,
                    help="corpusmill's [boilerplate] min_docs, for the 'lost line recurs in >= N articles "
                         "once digits are folded' diagnostic (default 10)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    if not args.default and not args.tag:
        ap.error("give --default and/or --tag")

    truth = load_truth(args.corpus)
    recurring = recurring_furniture(truth)
    folded = folded_line_docs(truth)
    res = {"corpus": os.path.abspath(args.corpus), "articles": len(truth), "min_docs": args.min_docs,
           "kinds": dict(sorted(Counter(t["kind"] for t in truth.values()).items()))}
    builds = {}
    if args.default:
        builds["default"] = Dataset(args.default, args.default_summary)
    if args.tag:
        builds["tag"] = Dataset(args.tag, args.tag_summary)
    for name, ds in builds.items():
        r = {"path": os.path.abspath(ds.path), "kept": len(ds.text), "removed": len(ds.reason),
             "unaccounted": sum(1 for i in truth if i not in ds.text and i not in ds.reason)}
        r["cleaning"] = cleaning_metrics(truth, ds, recurring, folded, args.min_docs, args.examples)
        r["grouping"] = grouping_metrics(truth, ds, args.examples)
        r["leakage"] = leakage_metrics(truth, ds, args.examples)
        r["throughput"] = throughput(ds.summary)
        if name == "default" and r["throughput"] and args.default_cpu_share:
            share = args.default_cpu_share
            r["throughput"]["cpu_share"] = share
            r["throughput"]["mb_per_s_cpu_adjusted"] = {
                k: (v / share if v else None) for k, v in r["throughput"]["mb_per_s"].items()}
        if ds.summary:
            r["summary_threads_note"] = "throughput is meaningful for a --threads 1 build"
        res[name] = r

    # targets
    checks = []

    def check(label, build, value, op, target, unit="%"):
        if value is None:
            ok = None
        else:
            ok = value <= target if op == "<=" else value >= target if op == ">=" else value == target
        checks.append({"metric": label, "build": build, "value": value, "target": f"{op} {target}{unit}",
                       "ok": ok})

    main_b = "default" if "default" in res else "tag"
    tag_b = "tag" if "tag" in res else "default"
    cm = res[main_b]["cleaning"]
    check("recurring furniture lines left", main_b, cm["furniture_recurring"]["pct"], "<=", 2)
    check("body lines lost", main_b, cm["body_lost"]["pct"], "<=", 0.5)
    check("title lines lost", main_b, cm["title_lost"]["pct"], "<=", 0.5)
    check("reposts grouped with original", tag_b, res[tag_b]["grouping"]["reposts_grouped"]["pct"], ">=", 98)
    if tag_b != "default" and "default" in res:
        check("reposts grouped with original", "default",
              res["default"]["grouping"]["reposts_grouped"]["pct"], ">=", 98)
    check("originals wrongly grouped", tag_b, res[tag_b]["grouping"]["originals_wrongly_grouped"]["pct"],
          "<=", 0.1)
    for b in res:
        if b in builds:
            check("split leakage by cluster", b, res[b]["leakage"]["clusters_leaking"], "==", 0, "")
            check("split leakage by truth story", b, res[b]["leakage"]["stories_leaking"], "==", 0, "")
    tp = res.get("default", {}).get("throughput") if "default" in res else None
    if tp:
        check("near-dup (minhash) MB/s", "default", tp["mb_per_s"].get("minhash"), ">=", 20, " MB/s")
    res["checks"] = checks

    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        print_table(res, builds)
    if args.strict and any(c["ok"] is False for c in checks):
        return 1
    return 0


def print_table(res: dict, builds: dict) -> None:
    names = list(builds)
    w = 44
    print(f"corpus {res['corpus']}: {res['articles']} articles {res['kinds']}")
    for b in names:
        r = res[b]
        print(f"  {b:8s} build {r['path']}: kept {r['kept']}, removed {r['removed']} "
              f"{r['grouping']['removed_by_reason']}, unaccounted {r['unaccounted']}")
    print()
    print("Targets")
    print(f"  {'metric':{w}s} {'build':8s} {'value':>12s}  {'target':>12s}  ok")
    for c in res["checks"]:
        v = c["value"]
        vs = "n/a" if v is None else (f"{v:.3f}%" if c["target"].endswith("%") else
                                      f"{v:.1f} MB/s" if "MB/s" in c["target"] else f"{v}")
        ok = "-" if c["ok"] is None else ("yes" if c["ok"] else "NO")
        print(f"  {c['metric']:{w}s} {c['build']:8s} {vs:>12s}  {c['target']:>12s}  {ok}")

    print()
    print("Details" + "".join(f"  {b:>26s}" for b in names))

    def row(label, fn):
        cells = []
        for b in names:
            try:
                cells.append(fn(res[b]))
            except (KeyError, TypeError):
                cells.append("n/a")
        print(f"  {label:{w - 2}s}" + "".join(f"  {c:>26s}" for c in cells))

    def frac(d, num, den, p="pct"):
        return f"{d[num]}/{d[den]} {fmt_pct(d[p], 3)}"

    row("furniture left, recurring lines", lambda r: frac(r["cleaning"]["furniture_recurring"], "left", "lines"))
    row("furniture left, all lines", lambda r: frac(r["cleaning"]["furniture_all"], "left", "lines"))
    kinds = sorted({k for b in names for k in res[b]["cleaning"]["furniture_by_kind"]})
    for k in kinds:
        row(f"  {k}: all", lambda r, k=k: frac(r["cleaning"]["furniture_by_kind"][k], "left", "lines"))
        row(f"  {k}: recurring", lambda r, k=k: frac(r["cleaning"]["furniture_by_kind"][k],
                                                     "recurring_left", "recurring_lines", "recurring_pct"))
    row("body lines lost (kept docs)", lambda r: frac(r["cleaning"]["body_lost"], "lost", "lines"))
    row("  of which line recurs, digits folded (*)",
        lambda r: str(r["cleaning"]["body_lost"]["lost_digit_folded_line_in_min_docs_articles"]))
    row("title lines lost (kept docs)", lambda r: frac(r["cleaning"]["title_lost"], "lost", "lines"))
    row("  of which title was not the first line",
        lambda r: str(r["cleaning"]["title_lost"]["lost_not_first_line"]))
    row("  of which line recurs, digits folded (*)",
        lambda r: str(r["cleaning"]["title_lost"]["lost_digit_folded_line_in_min_docs_articles"]))
    row("read-also headlines ending in '?' left",
        lambda r: "{left}/{lines}".format(**r["cleaning"]["read_also_headlines_ending_in_question_mark"]))
    row("reposts grouped with original", lambda r: frac(r["grouping"]["reposts_grouped"], "grouped", "n"))
    row("  edited ones (1 sentence changed)", lambda r: frac(r["grouping"]["reposts_edited_grouped"], "grouped", "n"))
    row("  missed: chain ends at null duplicate_of",
        lambda r: str(r["grouping"]["reposts_missed_via_missing_duplicate_of"]))
    row("duplicates grouped with source", lambda r: frac(r["grouping"]["duplicates_grouped"], "grouped", "n"))
    row("originals wrongly grouped", lambda r: frac(r["grouping"]["originals_wrongly_grouped"], "wrong", "n"))
    row("removed as dup of another story", lambda r: str(r["grouping"]["removed_as_dup_of_other_story"]))
    row("dup/near-dup removals w/o duplicate_of",
        lambda r: str(r["grouping"]["duplicate_removals_without_duplicate_of"]))
    row("clusters spanning >1 split", lambda r: f"{r['leakage']['clusters_leaking']}/{r['leakage']['clusters']}")
    row("stories spanning >1 split", lambda r: f"{r['leakage']['stories_leaking']}/{r['leakage']['stories']}")
    row("stories with >1 kept doc", lambda r: f"{r['leakage']['stories_with_several_kept_docs']}")
    for st in ("minhash", "boilerplate", "count_lines", "hash", "normalize"):
        row(f"{st} MB/s (bytes_in/stage_seconds)",
            lambda r, st=st: f"{r['throughput']['mb_per_s'][st]:.1f}")
    if any((res[b].get("throughput") or {}).get("cpu_share") for b in names):
        row("CPU share of the build ((user+sys)/wall)",
            lambda r: f"{r['throughput']['cpu_share']:.2f}")
        for st in ("minhash", "boilerplate", "hash"):
            row(f"{st} MB/s, divided by CPU share",
                lambda r, st=st: f"{r['throughput']['mb_per_s_cpu_adjusted'][st]:.1f}")
    row("build seconds (wall)", lambda r: f"{r['throughput']['seconds']:.1f}")
    print(f"  (*) the digit-folded line occurs in >= {res['min_docs']} articles, i.e. corpusmill's "
          "repeated-line rule may have taken it")
    print("  MB/s = bytes_in / stage_seconds (wall time summed over threads); only a --threads 1 "
          "build on an idle machine gives a fair figure")

    # examples
    for b in names:
        ex = res[b]["cleaning"]["examples"]
        gx = res[b]["grouping"]["examples"]
        lx = res[b]["leakage"]["examples"]
        parts = [
            ("recurring furniture left", [f"{e['id']} [{e['kind']}] {e['line']}" for e in ex["recurring_furniture_left"]]),
            ("non-recurring furniture left", [f"{e['id']} [{e['kind']}] {e['line']}" for e in ex["other_furniture_left"]]),
            ("body lines lost", [f"{e['id']}: {e['line']}" for e in ex["body_lost"]]),
            ("title lines lost", [f"{e['id']}: {e['line']}" for e in ex["title_lost"]]),
            ("reposts not grouped", [f"{e['id']} (of {e['of']}, edited {e['edited_sentences']}; "
                                     f"repost {e['repost_state']}, original {e['original_state']})"
                                     for e in gx["reposts_missed"]]),
            ("duplicates not grouped", [f"{e['id']} (of {e['of']}, {e['variant']}; {e['state']})"
                                        for e in gx["duplicates_missed"]]),
            ("originals wrongly grouped", [f"{e['id']} ({e['story']}, {e['state']}) with " +
                                           ", ".join(f"{o['id']} ({o['story']}, {o['state']})"
                                                     for o in e["grouped_with"])
                                           for e in gx["originals_wrong"]]),
            ("stories leaking across splits", [f"{e['story']}: " + ", ".join(f"{k['id']}={k['split']}"
                                                                            for k in e["kept"])
                                               for e in lx]),
        ]
        if any(p for _, p in parts):
            print()
            print(f"Examples ({b} build)")
            for title, lines in parts:
                if lines:
                    print(f"  {title}:")
                    for ln in lines:
                        print(f"    {ln}")


if __name__ == "__main__":
    sys.exit(main())
