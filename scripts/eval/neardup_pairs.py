#!/usr/bin/env python3
"""Pair table for near-duplicate detection: which pairs of documents share shingles, how much, and
what corpusmill and a few candidate rules decide about them.

    python scripts/eval/neardup_pairs.py INPUT_DIR [--bin target/release/corpusmill] [--work DIR]
        [--min-j 0.2] [--lead-words 50] [--judged PAIRS.tsv] [--show N] [--json PATH]

INPUT_DIR is built with `corpusmill build INPUT_DIR --out WORK --tag-near-dups` (so every member of
a cluster keeps its cleaned text) unless WORK already holds such a build and `--no-build` is given.
The texts are read at run time; nothing is copied anywhere.

For every pair of kept documents sharing a shingle it computes, on the build's own shingles
(lowercased runs of letters and digits, word 5-grams, as src/stages/neardup.rs):
  J       true Jaccard similarity of the two shingle sets
  c_ab    containment of a in b, |A ∩ B| / |A| (c_ba the other way)
  lead    Jaccard of the shingles of the first --lead-words words of each (the headline and lead)
  built   whether the build put them in one cluster (`cluster` column)
Pairs with J >= --min-j are listed. Exact duplicates (removed before near-duplicate detection)
are counted, not listed.

--judged PAIRS.tsv: lines `id_a<TAB>id_b<TAB>same|diff` (a human's reading: same story or a repost
vs different stories; order of ids does not matter). With it, each rule's precision and recall
over the judged pairs is printed: a pair counts as found by a rule when the rule joins it
directly (no transitive closure; the table notes where the build's closure differs).
"""
from __future__ import annotations

import argparse
import glob
import itertools
import json
import os
import subprocess
import sys
from collections import defaultdict

SHINGLE_WORDS = 5


def words(text: str) -> list[str]:
    """Lowercased runs of letters and digits, as src/stages/neardup.rs `word_hashes` cuts them."""
    out, cur = [], []
    for ch in text:
        if ch.isalnum():
            cur.append(ch.lower()[:1])
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def shingles(ws: list[str]) -> set[tuple[str, ...]]:
    if not ws:
        return set()
    k = min(SHINGLE_WORDS, len(ws))
    return {tuple(ws[i:i + k]) for i in range(len(ws) - k + 1)}


def read_build(out_dir: str) -> tuple[dict, dict, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    paths = sorted(glob.glob(os.path.join(out_dir, "data", "documents", "*.parquet")))
    if not paths:
        sys.exit(f"neardup_pairs: no documents in {out_dir}")
    rows = pa.concat_tables(
        [pq.read_table(p, columns=["id", "text", "cluster", "cluster_size"]) for p in paths]
    ).to_pylist()
    texts = {r["id"]: r["text"] for r in rows}
    cluster = {r["id"]: r["cluster"] for r in rows if (r["cluster_size"] or 1) > 1}
    exact = 0
    for p in glob.glob(os.path.join(out_dir, "removed", "*.parquet")):
        for r in pq.read_table(p, columns=["reason"]).to_pylist():
            exact += r["reason"] == "duplicate"
    return texts, cluster, exact


def pairs(texts: dict, lead_words: int, min_j: float) -> list[dict]:
    sh, lead, index = {}, {}, defaultdict(list)
    for did, text in texts.items():
        ws = words(text or "")
        sh[did] = shingles(ws)
        lead[did] = shingles(ws[:lead_words])
        for s in sh[did]:
            index[s].append(did)
    shared = defaultdict(int)
    for ids in index.values():
        if len(ids) > 200:  # a shingle in hundreds of documents is site boilerplate
            continue
        for a, b in itertools.combinations(sorted(ids), 2):
            shared[(a, b)] += 1
    out = []
    for (a, b), n in shared.items():
        union = len(sh[a]) + len(sh[b]) - n
        j = n / union if union else 0.0
        if j < min_j:
            continue
        la, lb = lead[a], lead[b]
        lu = len(la | lb)
        out.append(dict(a=a, b=b, j=j, c_ab=n / len(sh[a]), c_ba=n / len(sh[b]),
                        lead=len(la & lb) / lu if lu else 0.0,
                        words_a=len(sh[a]), words_b=len(sh[b])))
    out.sort(key=lambda p: -p["j"])
    return out


RULES = {
    "J>=0.5 (current)": lambda p: p["j"] >= 0.5,
    "J>=0.6": lambda p: p["j"] >= 0.6,
    "J>=0.7": lambda p: p["j"] >= 0.7,
    "J>=0.5 & min containment>=0.7": lambda p: p["j"] >= 0.5 and min(p["c_ab"], p["c_ba"]) >= 0.7,
    "J>=0.5 & lead>=0.3": lambda p: p["j"] >= 0.5 and p["lead"] >= 0.3,
    "J>=0.5 & lead>=0.5": lambda p: p["j"] >= 0.5 and p["lead"] >= 0.5,
    "J>=0.4 & lead>=0.5": lambda p: p["j"] >= 0.4 and p["lead"] >= 0.5,
    # what src/stages/neardup.rs does (on estimates): the lead is not compared for texts alike throughout
    "J>=0.5 & (lead>=0.25 | J>=0.8)": lambda p: p["j"] >= 0.5 and (p["lead"] >= 0.25 or p["j"] >= 0.8),
}


def read_judged(path: str) -> dict:
    judged = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2] in ("same", "diff"):
                judged[tuple(sorted(parts[:2]))] = parts[2] == "same"
    return judged


def score(table: list[dict], judged: dict) -> list[dict]:
    by_pair = {(p["a"], p["b"]): p for p in table}
    missing = [k for k in judged if k not in by_pair]
    if missing:
        print(f"note: {len(missing)} judged pairs are below --min-j or absent: {missing[:5]}")
    rules = dict(RULES, **{"built (cluster)": lambda p: p["built"]})
    out = []
    for name, rule in rules.items():
        tp = fp = fn = 0
        for k, same in judged.items():
            p = by_pair.get(k)
            hit = bool(p and rule(p))
            tp += hit and same
            fp += hit and not same
            fn += (not hit) and same
        prec = tp / (tp + fp) if tp + fp else None
        rec = tp / (tp + fn) if tp + fn else None
        out.append(dict(rule=name, tp=tp, fp=fp, fn=fn, precision=prec, recall=rec))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("--bin", default=os.environ.get("CORPUSMILL", "target/release/corpusmill"))
    ap.add_argument("--work", default="/tmp/neardup-pairs")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--min-j", type=float, default=0.2)
    ap.add_argument("--lead-words", type=int, default=40)
    ap.add_argument("--judged")
    ap.add_argument("--show", type=int, default=0, help="print the first N words of both texts")
    ap.add_argument("--json")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run([args.bin, "build", args.input, "--out", args.work, "--tag-near-dups",
                        "--overwrite", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    texts, cluster, exact = read_build(args.work)
    table = pairs(texts, args.lead_words, args.min_j)
    for p in table:
        p["built"] = p["a"] in cluster and cluster.get(p["a"]) == cluster.get(p["b"])
    print(f"{len(texts)} kept documents, {exact} exact duplicates removed, "
          f"{len(table)} pairs with J >= {args.min_j}; clustered documents: {len(cluster)}")
    print(f"{'J':>5} {'c_ab':>5} {'c_ba':>5} {'lead':>5} {'|A|':>5} {'|B|':>5} built  a  b")
    for p in table:
        print(f"{p['j']:5.2f} {p['c_ab']:5.2f} {p['c_ba']:5.2f} {p['lead']:5.2f} {p['words_a']:5d} "
              f"{p['words_b']:5d} {'yes' if p['built'] else 'no':>5}  {p['a']}  {p['b']}")
        if args.show:
            for d in (p["a"], p["b"]):
                print("      " + " ".join((texts[d] or "").split()[:args.show]))
    result = dict(pairs=table)
    if args.judged:
        rows = score(table, read_judged(args.judged))
        result["rules"] = rows
        print(f"\n{'rule':34} {'tp':>3} {'fp':>3} {'fn':>3} {'prec':>6} {'recall':>6}")
        for r in rows:
            f = lambda x: "  n/a" if x is None else f"{100 * x:5.1f}"
            print(f"{r['rule']:34} {r['tp']:3d} {r['fp']:3d} {r['fn']:3d} {f(r['precision']):>6} "
                  f"{f(r['recall']):>6}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
