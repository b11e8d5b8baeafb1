"""croissant.json: mlcroissant validates it without errors or warnings, and its records are the
dataset's rows; the card carries the release's name and license."""

import json
import subprocess

import pyarrow.parquet as pq
import pytest
import yaml

from conftest import ROOT, corpusmill_bin

mlc = pytest.importorskip("mlcroissant")

RELEASE = """
[release]
name = "Kazakh news sample"
version = "1.0.0"
description = "Articles from the test fixtures."
license = "CC-BY-4.0"
citation = "corpusmill test fixtures (2026)"
homepage = "https://example.org/kk-news"
date = "2026-12-01"
"""


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    config = tmp / "release.toml"
    config.write_text(RELEASE)
    out = tmp / "ds"
    subprocess.run(
        [corpusmill_bin(), "build", str(ROOT / "tests" / "fixtures" / "corpus"), "--out", str(out),
         "--quiet", "--split", "0.6,0.2,0.2", "--config", str(config)],
        check=True,
    )
    return out


def test_croissant_validates_without_errors_or_warnings(released):
    dataset = mlc.Dataset(jsonld=str(released / "croissant.json"))
    report = dataset.metadata.issues.report()
    assert report == "", report


def test_croissant_records_are_the_dataset_rows(released):
    manifest = json.loads((released / "manifest.json").read_text())
    dataset = mlc.Dataset(jsonld=str(released / "croissant.json"))
    rows = {}
    for f in manifest["files"]:
        key = f"{f['config']}-{f['split']}" if f.get("split") else f["config"]
        rows[key] = rows.get(key, 0) + f["rows"]
    seen = {}
    for record_set in dataset.metadata.record_sets:
        key = record_set.uuid.removesuffix("/records")
        records = list(dataset.records(record_set=record_set.uuid))
        seen[key] = len(records)
        if key == "documents-train":
            ids = sorted(r[f"{key}/id"].decode() for r in records)
            table = pq.read_table(sorted((released / "data" / "documents").glob("train-*.parquet")))
            assert ids == sorted(table.column("id").to_pylist())
            langs = records[0][f"{key}/langs"]
            assert langs and f"{key}/langs/share" in langs[0]
    assert seen == rows


def test_croissant_carries_each_file_checksum(released):
    manifest = json.loads((released / "manifest.json").read_text())
    croissant = json.loads((released / "croissant.json").read_text())
    sums = {d["contentUrl"]: d["sha256"] for d in croissant["distribution"]
            if d["@type"] == "cr:FileObject"}
    assert sums == {f["path"]: f["sha256"] for f in manifest["files"]}


def test_card_front_matter_has_the_release_name_and_license(released):
    card = (released / "README.md").read_text()
    front = yaml.safe_load(card.split("---\n")[1])
    assert front["pretty_name"] == "Kazakh news sample"
    assert front["license"] == "cc-by-4.0"
    assert "corpusmill test fixtures (2026)" in card
