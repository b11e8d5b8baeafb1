"""Two releases of one generated corpus, the second built on the first (`build --previous`),
checked independently with polars: no old document changes split or cluster, no new document
is kept as a copy or near copy of an old one, and the release's `changes.json` holds the counts
computed here from the two releases' Parquet files."""

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT, corpusmill_bin
from test_diff import build, documents, expected_buckets, table


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """1.0.0 from half the sites of a generated news corpus; 1.1.0 from all of them, on 1.0.0."""
    tmp = tmp_path_factory.mktemp("releases")
    corpus = tmp / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), str(corpus),
                    "--docs", "1500", "--format", "jsonl", "--seed", "5"],
                   check=True, capture_output=True)
    everything = corpus / "articles"
    half = tmp / "half"
    half.mkdir()
    # Every other site, so old and new documents interleave in input order.
    for path in sorted(everything.iterdir())[::2]:
        (half / path.name).write_bytes(path.read_bytes())
    for version in ("1.0.0", "1.1.0"):
        (tmp / f"{version}.toml").write_text(f'[release]\nversion = "{version}"\n')
    old = build(tmp / "v1", [half], "--config", str(tmp / "1.0.0.toml"))
    new = build(tmp / "v1.1", [everything], "--config", str(tmp / "1.1.0.toml"),
                "--previous", str(old))
    return old, new


def kept(ds: Path) -> pl.DataFrame:
    return table(ds, "documents", ["id", "sha256", "cluster"])


def test_no_old_document_changes_split_or_cluster(releases):
    old, new = releases
    both = kept(old).join(kept(new), on="id", suffix="_new")
    assert both.height == kept(old).height, "every old document is kept again"
    assert both.filter(pl.col("split") != pl.col("split_new")).height == 0
    assert both.filter(pl.col("cluster") != pl.col("cluster_new")).height == 0


def test_no_new_document_copies_an_old_one(releases):
    old, new = releases
    added = kept(new).join(kept(old), on="id", how="anti")
    assert added.height > 0
    assert added.join(kept(old), on="sha256").height == 0, "exact copies of old documents"
    assert added.join(kept(old), on="cluster").height == 0, "near copies of old documents"
    manifest = json.loads((new / "manifest.json").read_text())
    removed = pl.concat([pl.read_parquet(new / f["path"]) for f in manifest["files"]
                         if f["config"] == "removed"])
    of_old = removed.filter(pl.col("detail").str.contains("previous release"))
    assert of_old.height > 0
    assert of_old["duplicate_of"].is_in(kept(old)["id"].implode()).all()


def test_changelog_counts_match_polars(releases):
    old, new = releases
    changes = json.loads((new / "changes.json").read_text())
    got = {
        (split, lang): bucket
        for split, s in changes["documents"]["splits"].items()
        for lang, bucket in s["languages"].items()
    }
    assert got == expected_buckets(documents(old), documents(new))
    assert changes["moved"] == {}
    assert (changes["old"]["release_version"], changes["new"]["release_version"]) == ("1.0.0", "1.1.0")
    manifest = json.loads((new / "manifest.json").read_text())
    assert manifest["previous"]["version"] == "1.0.0"
    assert manifest["previous"]["manifest_sha256"] == changes["old"]["manifest_sha256"]
    assert "# Changes from 1.0.0 to 1.1.0" in (new / "CHANGES.md").read_text()
