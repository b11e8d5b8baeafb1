"""`corpusmill diff --json` against the same counts computed independently with polars from the two
releases' Parquet files: texts compared as text (the diff compares the `sha256` column), sentences
counted in the sentences table (the diff reads `n_sentences`), characters counted in the text (the
diff reads `n_chars`)."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT, corpusmill_bin


def build(out: Path, inputs: list[Path], *flags: str) -> Path:
    subprocess.run(
        [corpusmill_bin(), "build", *map(str, inputs), "--out", str(out), "--quiet",
         "--split", "0.6,0.2,0.2", *flags],
        check=True,
    )
    return out


def table(ds: Path, config: str, columns: list[str]) -> pl.DataFrame:
    """`columns` of every file of `config`, with the file's split."""
    manifest = json.loads((ds / "manifest.json").read_text())
    return pl.concat([
        pl.read_parquet(ds / f["path"], columns=columns).with_columns(split=pl.lit(f["split"]))
        for f in manifest["files"] if f["config"] == config
    ])


def documents(ds: Path) -> pl.DataFrame:
    """id, split, lang, text, sentences and characters of every kept document."""
    docs = table(ds, "documents", ["id", "lang", "text"])
    sentences = table(ds, "sentences", ["doc_id"]).group_by("doc_id").len(name="sentences")
    return docs.join(sentences, left_on="id", right_on="doc_id", how="left").with_columns(
        sentences=pl.col("sentences").fill_null(0),
        characters=pl.col("text").str.len_chars(),
    )


def tally(df: pl.DataFrame) -> dict:
    return {
        "documents": df.height,
        "sentences": int(df["sentences"].sum()),
        "characters": int(df["characters"].sum()),
    }


def expected_buckets(old: pl.DataFrame, new: pl.DataFrame) -> dict:
    """(split, lang) -> the diff's bucket: added and kept where they are now, dropped where they were."""
    kept = new.join(old, on="id", how="inner", suffix="_old")
    added = new.join(old, on="id", how="anti")
    dropped = old.join(new, on="id", how="anti")
    places = set(zip(old["split"], old["lang"])) | set(zip(new["split"], new["lang"]))
    buckets = {}
    for split, lang in places:
        def at(df):
            return df.filter((pl.col("split") == split) & (pl.col("lang") == lang))
        here = at(kept)
        buckets[(split, lang)] = {
            "old": tally(at(old)),
            "new": tally(at(new)),
            "added": tally(at(added)),
            "dropped": tally(at(dropped)),
            "kept": tally(here),
            "changed_text": here.filter(pl.col("text") != pl.col("text_old")).height,
            "changed_lang": here.filter(pl.col("lang") != pl.col("lang_old")).height,
            "moved_split": here.filter(pl.col("split") != pl.col("split_old")).height,
        }
    return buckets


def flatten(value, prefix=""):
    if isinstance(value, dict) and value:
        out = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def expected_config(old: dict, new: dict) -> dict:
    old, new = flatten(old), flatten(new)
    changes = {}
    for key in sorted(old.keys() | new.keys()):
        if old.get(key, KeyError) != new.get(key, KeyError):
            change = {}
            if key in old:
                change["old"] = old[key]
            if key in new:
                change["new"] = new[key]
            changes[key] = change
    return changes


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """1.0.0 from kk and ru; 1.1.0 from kk, with one article edited, and feeds, with min_chars."""
    tmp = tmp_path_factory.mktemp("diff")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", corpus)
    for version in ("1.0.0", "1.1.0"):
        (tmp / f"{version}.toml").write_text(f'[release]\nversion = "{version}"\n')
    old = build(tmp / "old", [corpus / "kk", corpus / "ru"], "--config", str(tmp / "1.0.0.toml"))
    edited = corpus / "kk" / "a04.txt"
    edited.write_text(edited.read_text() + "\nКітапхана күн сайын ашық.\n")
    new = build(tmp / "new", [corpus / "kk", corpus / "feeds"], "--min-chars", "50",
                "--config", str(tmp / "1.1.0.toml"))
    out = subprocess.run([corpusmill_bin(), "diff", str(old), str(new), "--json"],
                         check=True, capture_output=True)
    return old, new, json.loads(out.stdout)


def test_diff_counts_match_polars_per_split_and_language(releases):
    old, new, diff = releases
    expected = expected_buckets(documents(old), documents(new))
    got = {
        (split, lang): bucket
        for split, s in diff["documents"]["splits"].items()
        for lang, bucket in s["languages"].items()
    }
    assert got == expected
    total = diff["documents"]["total"]
    gone = documents(old).join(documents(new), on="id", how="anti")
    assert diff["dropped"] == sorted(gone["id"].to_list())
    assert total["changed_text"] == 1
    assert total["added"]["documents"] > 0 and total["dropped"]["documents"] > 0
    for split, s in diff["documents"]["splits"].items():
        summed = {k: sum(b[k]["documents"] for b in s["languages"].values())
                  for k in ("old", "new", "added", "dropped", "kept")}
        assert summed == {k: s["total"][k]["documents"] for k in summed}, split


def test_diff_lists_the_split_moves_polars_finds(releases):
    old, new, diff = releases
    kept = documents(new).join(documents(old), on="id", suffix="_old")
    moved = kept.filter(pl.col("split") != pl.col("split_old")).group_by("split_old", "split").len()
    expected = {}
    for was, now, n in moved.iter_rows():
        expected.setdefault(was, {})[now] = n
    assert diff["moved"] == expected


def test_diff_reports_removals_settings_and_versions_from_the_manifests(releases):
    old, new, diff = releases
    manifests = [json.loads((ds / "manifest.json").read_text()) for ds in (old, new)]
    removed = [m["counts"]["removed"] for m in manifests]
    assert diff["removed"] == {
        reason: {"old": removed[0].get(reason, 0), "new": removed[1].get(reason, 0),
                 "delta": removed[1].get(reason, 0) - removed[0].get(reason, 0)}
        for reason in removed[0].keys() | removed[1].keys()
    }
    config = expected_config(manifests[0]["config"], manifests[1]["config"])
    assert diff["config"] == config
    assert set(config) == {"min_chars", "release.version"}
    for side, ds, m, version in (("old", old, manifests[0], "1.0.0"), ("new", new, manifests[1], "1.1.0")):
        release = diff[side]
        assert release["release_version"] == version
        assert release["manifest_sha256"] == hashlib.sha256((ds / "manifest.json").read_bytes()).hexdigest()
        assert release["format_version"] == m["format_version"]
        assert release["tool"] == m["tool"]
        assert (release["read"], release["kept"]) == (m["counts"]["read"], m["counts"]["kept"])
