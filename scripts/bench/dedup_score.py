#!/usr/bin/env python3
"""Deduplication accuracy of a tool's output against scripts/gen_corpus.py's ground truth.

    python dedup_score.py --truth CORPUS/truth.jsonl OUTPUT [OUTPUT...]   (needs pyarrow)

OUTPUT: Parquet files or folders searched for *.parquet; the kept documents are the values of
their `id` column (corpusmill: OUT/data/documents; datatrove_pipeline.py: OUT/data; reference.py:
OUT/documents.parquet). The same scorer reads every tool, so a document counts as removed when
its id is in the truth but in no output file, whatever the tool's reason was.

The truth groups the articles by story: an original, its reposts (near-duplicates, possibly
edited) and exact or whitespace-variant duplicates of either. Ideally every story keeps exactly
one of its n copies, and n - 1 are removed. With k copies of a story kept:

  correct removals (tp)   min(n - k, n - 1)  removing a copy is right while the story keeps one
  wrong removals (fp)     1 if k = 0         a story lost entirely: one of its removals (the copy
                                             that should have stayed) was wrong
  missed (fn)             max(k - 1, 0)      copies kept beyond the first
  precision = tp / (tp + fp) = right share of the removals
  recall    = tp / (tp + fn) = share of the n - 1 surplus copies removed (tp + fn = their sum)

Also counted: unique_wrongly_removed (stories of one article that lost it), stories_lost (k = 0),
multi_kept_stories (k > 1; stories of several copies partly deduplicated), and the kinds of the
copies kept beyond the first. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


KIND_ORDER = ["original", "repost", "duplicate"]


def kept_ids(paths: list[str]) -> list[str]:
    import pyarrow.parquet as pq

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(p.rglob("*.parquet"))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"dedup_score.py: no such output: {p}")
    if not files:
        raise SystemExit(f"dedup_score.py: no Parquet files in {paths}")
    ids: list[str] = []
    for f in files:
        ids += [str(x) for x in pq.read_table(f, columns=["id"]).column("id").to_pylist()]
    return ids


def score(truth_rows: list[dict], kept: list[str]) -> dict:
    story_of = {r["id"]: r["story"] for r in truth_rows}
    kind_of = {r["id"]: r["kind"] for r in truth_rows}
    copies: Counter = Counter(story_of.values())
    kept_set = set(kept)
    unknown = sorted(kept_set - story_of.keys())
    twice = sum(c - 1 for c in Counter(kept).values() if c > 1)
    kept_by_story: dict[str, list[str]] = defaultdict(list)
    for i in kept_set & story_of.keys():
        kept_by_story[story_of[i]].append(i)

    tp = fp = fn = unique_lost = lost = multi = 0
    extra_kinds: Counter = Counter()
    for story, n in copies.items():
        ks = kept_by_story.get(story, [])
        k = len(ks)
        tp += min(n - k, n - 1)
        if k == 0:
            fp += 1
            lost += 1
            unique_lost += n == 1
        if k > 1:
            fn += k - 1
            multi += 1
            # which copies were kept beyond one: the story's one kept copy is counted as its
            # original if that was kept, else a repost, else a duplicate
            kinds = sorted((kind_of[i] for i in ks), key=KIND_ORDER.index)
            extra_kinds.update(kinds[1:])
    articles = len(story_of)
    surplus = sum(n - 1 for n in copies.values())
    removed = articles - len(kept_set & story_of.keys())
    removed_kinds = Counter(kind_of[i] for i in story_of.keys() - kept_set)
    return {
        "articles": articles,
        "stories": len(copies),
        "stories_with_copies": sum(n > 1 for n in copies.values()),
        "surplus_copies": surplus,
        "kept": len(kept_set & story_of.keys()),
        "removed": removed,
        "removed_by_kind": dict(sorted(removed_kinds.items())),
        "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "unique_wrongly_removed": unique_lost,
        "stories_lost": lost,
        "multi_kept_stories": multi,
        "extra_copies_kept": fn,
        "extra_copies_kept_by_kind": dict(sorted(extra_kinds.items())),
        "ids_not_in_truth": len(unknown),
        "ids_written_twice": twice,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--truth", required=True, help="truth.jsonl of the generated corpus")
    ap.add_argument("outputs", nargs="+", help="Parquet files or folders with an id column")
    args = ap.parse_args()
    with open(args.truth, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    print(json.dumps(score(rows, kept_ids(args.outputs)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
