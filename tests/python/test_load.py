"""Load a corpusmill dataset the way users do: polars, pyarrow and HF datasets."""

import hashlib
import json
import subprocess
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import yaml
from conftest import corpusmill_bin
from datasets import load_dataset

ROOT = Path(__file__).resolve().parents[2]


def rows_by_split(manifest, config):
    rows = {}
    for f in manifest["files"]:
        if f["config"] == config:
            rows[f["split"]] = rows.get(f["split"], 0) + f["rows"]
    return rows


def test_datasets_loads_every_split_with_manifest_counts(dataset, manifest):
    docs = load_dataset(str(dataset))
    expected = {s: n for s, n in rows_by_split(manifest, "documents").items() if n}
    assert {s: docs[s].num_rows for s in docs} == expected
    sents = load_dataset(str(dataset), "sentences")
    assert {s: sents[s].num_rows for s in sents} == {
        s: n for s, n in rows_by_split(manifest, "sentences").items() if n
    }
    row = docs["train"][0]
    assert isinstance(row["langs"], list) and set(row["langs"][0]) == {"lang", "share"}


def test_polars_scans_with_manifest_counts(dataset, manifest):
    for config in ("documents", "sentences"):
        for split, n in rows_by_split(manifest, config).items():
            got = pl.scan_parquet(dataset / "data" / config / f"{split}-*.parquet").select(pl.len()).collect().item()
            assert got == n, (config, split)
    assert manifest["counts"]["kept"] == sum(rows_by_split(manifest, "documents").values())


def test_every_input_document_is_accounted_for_once(dataset, manifest):
    kept = pl.scan_parquet(dataset / "data" / "documents" / "*.parquet").select("id").collect()["id"].to_list()
    removed = pl.read_parquet(dataset / "removed" / "*.parquet")
    assert len(kept) + removed.height == manifest["counts"]["read"]
    assert len(set(kept)) == len(kept)
    dups = removed.filter(pl.col("reason") == "duplicate")
    assert dups["duplicate_of"].is_in(kept).all()


def test_sentence_offsets_index_the_document_text(dataset):
    docs = pl.read_parquet(dataset / "data" / "documents" / "*.parquet")
    sents = pl.read_parquet(dataset / "data" / "sentences" / "*.parquet")
    texts = dict(zip(docs["id"], docs["text"]))
    for doc_id, start, end, text in sents.select("doc_id", "start", "end", "text").iter_rows():
        assert texts[doc_id][start:end] == text
    counts = sents.group_by("doc_id").len()
    expected = dict(zip(docs["id"], docs["n_sentences"]))
    assert dict(counts.iter_rows()) == expected


def test_hash_and_char_columns_describe_the_text(dataset):
    docs = pl.read_parquet(dataset / "data" / "documents" / "*.parquet")
    for text, sha, n_chars in docs.select("text", "sha256", "n_chars").iter_rows():
        assert hashlib.sha256(text.encode()).hexdigest() == sha
        assert len(text) == n_chars


def test_parquet_files_follow_the_schema_files_and_write_settings(dataset, manifest):
    for f in manifest["files"]:
        path = dataset / f["path"]
        schema = json.loads((ROOT / "schemas" / f"{f['config']}.json").read_text())
        pf = pq.ParquetFile(path)
        assert pf.schema_arrow.names == [field["name"] for field in schema["fields"]]
        meta = pf.metadata
        assert meta.num_rows == f["rows"]
        kv = {k.decode(): v.decode() for k, v in (meta.metadata or {}).items()}
        cdc = json.loads(kv["content_defined_chunking"])
        assert cdc == {"min_chunk_size": 262144, "max_chunk_size": 1048576, "norm_level": 0}
        for rg in range(meta.num_row_groups):
            col = meta.row_group(rg).column(0)
            assert col.compression == "ZSTD"
            assert col.has_offset_index and col.has_column_index
            assert meta.row_group(rg).total_byte_size < 100 * 2**20


def card_front_matter(dataset: Path) -> dict:
    """The card's YAML header as a YAML parser (the one the Hub and `datasets` use) reads it."""
    card = (dataset / "README.md").read_text()
    return yaml.safe_load(card.split("---\n")[1])


def test_dataset_card_declares_splits_and_languages(dataset, manifest):
    front = card_front_matter(dataset)
    assert [c["config_name"] for c in front["configs"]] == ["documents", "sentences"]
    assert "kk" in front["language"]
    assert all(isinstance(lang, str) for lang in front["language"])
    info = {c["config_name"]: c for c in front["dataset_info"]}
    splits = {s["name"]: s["num_examples"] for s in info["documents"]["splits"]}
    assert splits == {s: n for s, n in rows_by_split(manifest, "documents").items() if n}


def test_card_keeps_the_norwegian_code_no_a_string(tmp_path):
    """Regression (issue 24): a plain `- no` in the card's YAML is the boolean false."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Det var en gang en liten gutt som bodde i en by ved havet. Han likte å gå tur langs "
        "stranden hver morgen, og han så ofte båtene som kom inn til havnen.\n"
    )
    out = tmp_path / "ds"
    subprocess.run([corpusmill_bin(), "build", str(corpus), "--out", str(out), "--quiet"], check=True)
    assert card_front_matter(out)["language"] == ["no"]


def test_clusters_never_straddle_splits(tagged_dataset):
    docs = pl.read_parquet(tagged_dataset / "data" / "documents" / "*.parquet", include_file_paths="path")
    docs = docs.with_columns(pl.col("path").str.extract(r"/(train|validation|test)-").alias("split"))
    clusters = docs.group_by("cluster").agg(
        pl.len().alias("members"),
        pl.col("cluster_size").first().alias("size"),
        pl.col("split").n_unique().alias("splits"),
    )
    # With one member per cluster the law below holds whatever the split does.
    assert (clusters["members"] > 1).any(), "no cluster with several members to check"
    assert (clusters["members"] == clusters["size"]).all()
    assert clusters["splits"].max() == 1
    singletons = docs.filter(pl.col("cluster_size") == 1)
    assert (singletons["cluster"] == singletons["sha256"]).all()
