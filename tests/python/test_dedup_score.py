"""scripts/bench/dedup_score.py: precision and recall of removals against the generator's truth."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench" / "dedup_score.py"
spec = importlib.util.spec_from_file_location("dedup_score", SCRIPT)
dedup_score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dedup_score)

TRUTH = [
    # s0: original, a repost and a duplicate of the repost
    {"id": "a", "story": "s0", "kind": "original"},
    {"id": "b", "story": "s0", "kind": "repost"},
    {"id": "c", "story": "s0", "kind": "duplicate"},
    # s1, s2: unique articles
    {"id": "d", "story": "s1", "kind": "original"},
    {"id": "e", "story": "s2", "kind": "original"},
    # s3: original and a repost
    {"id": "f", "story": "s3", "kind": "original"},
    {"id": "g", "story": "s3", "kind": "repost"},
]


def test_ideal_output_scores_one() -> None:
    s = dedup_score.score(TRUTH, ["b", "d", "e", "f"])
    assert (s["tp"], s["fp"], s["fn"]) == (3, 0, 0)
    assert s["precision"] == 1.0 and s["recall"] == 1.0 and s["surplus_copies"] == 3


def test_mistakes_are_counted() -> None:
    # s0 keeps two copies (one missed), s1 is lost (a unique article removed), s3 is lost whole
    s = dedup_score.score(TRUTH, ["a", "c", "e"])
    assert s["tp"] == 0 + 0 + 1 + 0 + 1  # s0: n-k=1; s3: min(2, 1)=1
    assert s["fp"] == 2 and s["fn"] == 1
    assert s["unique_wrongly_removed"] == 1 and s["stories_lost"] == 2
    assert s["multi_kept_stories"] == 1 and s["extra_copies_kept_by_kind"] == {"duplicate": 1}
    assert s["removed"] == 4 and s["tp"] + s["fp"] == s["removed"]
    assert s["tp"] + s["fn"] == s["surplus_copies"]


def test_cli_reads_parquet_folders(tmp_path: Path) -> None:
    truth = tmp_path / "truth.jsonl"
    truth.write_text("".join(json.dumps(r) + "\n" for r in TRUTH))
    out = tmp_path / "out" / "documents"
    out.mkdir(parents=True)
    pq.write_table(pa.table({"id": ["b", "d"]}), out / "train.parquet")
    pq.write_table(pa.table({"id": ["e", "f", "zz"]}), out / "test.parquet")
    r = subprocess.run([sys.executable, str(SCRIPT), "--truth", str(truth), str(tmp_path / "out")],
                       capture_output=True, text=True, check=True)
    s = json.loads(r.stdout)
    assert s["precision"] == 1.0 and s["recall"] == 1.0 and s["ids_not_in_truth"] == 1
