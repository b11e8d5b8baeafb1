#!/usr/bin/env python3
"""datatrove pipeline for the corpusmill benchmark (scripts/bench/run.sh --datatrove, issue 28).

Does the work of `corpusmill build` as closely as datatrove (pinned in
scripts/bench/requirements-datatrove.txt) allows, with datatrove's own blocks wherever it has
one, run by its LocalPipelineExecutor with `--workers N` (tasks = workers = N, the thread count
of the corpusmill run it is compared with; the MinHash bucket stage needs 20 tasks, one per band,
run N at a time). datatrove deduplicates in several stages that hand over through files on disk,
so the pipeline is six executors run one after the other:

  1  JsonlReader (orjson) -> Normalize -> JsonlWriter (normalized copy, uncompressed)
                          -> ExactDedupSignature (xxhash64 of the text)
  2  ExactFindDedups (1 task: merges the sorted signatures of every rank)
  3  JsonlReader (copy 1) -> ExactDedupFilter -> JsonlWriter (deduplicated copy)
                          -> MinhashDedupSignature
  4  MinhashDedupBuckets (20 tasks, one per band)
  5  MinhashDedupCluster (1 task: union-find over the candidate pairs, one kept per cluster)
  6  JsonlReader (copy 3) -> MinhashDedupFilter -> LanguageFilter(label_only) -> SentenceLID
                          -> ParquetWriter (zstd; documents with a list column of sentences)

Settings mirrored from corpusmill's defaults:
  - MinhashConfig(n_grams=5, num_buckets=20, hashes_per_bucket=5), 64-bit xxhash shingles,
    over lowercased words split like corpusmill's (runs of letters and digits, `[^\\W_]+`, via
    a WordTokenizer given to MinhashDedupSignature) with datatrove's text simplification kept to
    lowercasing and whitespace (no number folding, no diacritics stripping, which corpusmill does
    not do either).
  - Normalize: the same normalization as scripts/bench/reference.py (NFC, newlines, odd spaces,
    zero-width and control characters, trimmed lines, at most one blank line), a BaseFormatter.
  - Language: the vendored src/stages/langid/model/lid.176.ftz, loaded from that file (datatrove's
    FT176LID would download lid.176.bin; VendoredFT176LID below overrides only where the model
    comes from). Documents: datatrove's LanguageFilter(label_only=True) on the first 2000 UTF-8
    bytes (corpusmill's document prefix), top label only (k=1; the stock k=-1 scores all 176
    labels, which we do not need). Sentences: every sentence, top label.
  - Sentences: datatrove's WhitespaceTokenizer sentence splitter (its regex fallback: runs up
    to terminal punctuation or a newline), for every language.

What differs from corpusmill (also in the README's "corpusmill and datatrove side by side"):
  - no site-furniture removal (datatrove has no cross-document repeated-line remover; its line
    filters are English heuristics), no mixed-script repair, no letter-evidence or prior-language
    adjustment of lid.176's answer, no quality filters, no train/validation/test splits,
    manifest, removed-documents table or checksums;
  - exact dedup hashes with 64-bit xxhash instead of SHA-256;
  - a MinHash candidate (signatures equal on one band) is a duplicate as it is: datatrove does not
    confirm candidates at an estimated Jaccard of 0.5 nor compare the articles' leads as corpusmill
    does; which copy of a cluster is kept is union-find's root, not the first;
  - for sentences datatrove would pick spaCy (en, ru) and Stanza (kk, which downloads a model at
    run time, impossible offline); its regex fallback used here is cheaper than either and drops
    trailing text that has no terminal punctuation;
  - sentences are a list column of the documents table, not a table of their own.

    python datatrove_pipeline.py INPUT_DIR --out OUT_DIR [--workers N] [--model lid.176.ftz]

OUT_DIR/data/*.parquet is the dataset; OUT_DIR/work holds the intermediate copies, signatures and
logs (removed at the end unless --keep-work). Prints a JSON summary on stdout (bytes_in = UTF-8
bytes of the input text fields, as corpusmill reports it; documents_in; kept; stage_seconds =
wall seconds of each executor; step_seconds = datatrove's time per block, summed over tasks,
where a block that times its whole loop, as ExactDedupFilter does, includes the blocks after it);
datatrove's own logging goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = ROOT / "src" / "stages" / "langid" / "model" / "lid.176.ftz"


def _offline_guard() -> None:
    """Fail loudly instead of touching the network (datatrove downloads models it lacks). Unix
    sockets stay allowed: the executor's multiprocess Manager talks through one."""

    def _refuse(*_a, **_k):
        raise OSError("datatrove_pipeline.py is offline: network access attempted")

    unix_connect, unix_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def _connect(self, address):
        if self.family != socket.AF_UNIX:
            _refuse()
        return unix_connect(self, address)

    def _connect_ex(self, address):
        if self.family != socket.AF_UNIX:
            _refuse()
        return unix_connect_ex(self, address)

    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.create_connection = _refuse  # type: ignore[assignment]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]


_offline_guard()
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from datatrove.data import Document, DocumentsPipeline  # noqa: E402
from datatrove.executor.local import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.pipeline.dedup.exact_dedup import (  # noqa: E402
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)
from datatrove.pipeline.dedup.minhash import (  # noqa: E402
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.filters.language_filter import LanguageFilter  # noqa: E402
from datatrove.pipeline.formatters.base import BaseFormatter  # noqa: E402
from datatrove.pipeline.readers.jsonl import JsonlReader  # noqa: E402
from datatrove.pipeline.writers.jsonl import JsonlWriter  # noqa: E402
from datatrove.pipeline.writers.parquet import ParquetWriter  # noqa: E402
from datatrove.utils.hashing import HashConfig  # noqa: E402
from datatrove.utils.lid import FT176LID  # noqa: E402
from datatrove.utils.text import TextNormConfig  # noqa: E402
from datatrove.utils.word_tokenizers import WhitespaceTokenizer, WordTokenizer  # noqa: E402

DOC_PREFIX_BYTES = 2000  # corpusmill guesses a document's language from this prefix
NGRAMS, BANDS, ROWS = 5, 20, 5  # corpusmill's near-duplicate defaults

# Normalization and versions: scripts/bench/pipeline_common.py, shared by both pipelines.
from pipeline_common import normalize, package_version as _version  # noqa: E402

class Normalize(BaseFormatter):
    """reference.py's normalization; also counts the input's text bytes (bytes_in) and drops
    documents left empty (corpusmill keeps no empty document either)."""

    name = "🧽 normalize (as reference.py)"

    def format(self, text: str) -> str:
        return normalize(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update("total")
            self.stat_update("bytes_in", value=len(doc.text.encode("utf-8")))
            with self.track_time():
                doc.text = normalize(doc.text)
            if not doc.text:
                self.stat_update("dropped_empty")
                continue
            yield doc


# -------------------------------------------------------------------------------------------
# Language ID with the vendored lid.176.ftz
# -------------------------------------------------------------------------------------------


class VendoredFT176LID(FT176LID):
    """datatrove's FT176LID, loading the vendored lid.176.ftz instead of downloading
    lid.176.bin, and predicting on a document's first `prefix_bytes` UTF-8 bytes (0: all)."""

    def __init__(self, model_path: str, k: int = 1, prefix_bytes: int = 0) -> None:
        super().__init__(None, k=k)
        self.model_path = model_path
        self.prefix_bytes = prefix_bytes

    @property
    def model(self):
        if self._model is None:
            from fasttext.FastText import _FastText

            self._model = _FastText(self.model_path)
        return self._model

    def predict(self, doc: Document):
        text = doc.text
        if self.prefix_bytes and len(text) * 4 > self.prefix_bytes:
            text = text.encode("utf-8")[: self.prefix_bytes].decode("utf-8", "ignore")
        return super().predict(Document(text=text, id=doc.id))

    def top(self, text: str) -> tuple[str, float]:
        labels, scores = self.model.predict(text.replace("\n", " "), k=1)
        if not labels:
            return "und", 0.0
        return labels[0].removeprefix("__label__"), float(scores[0])


class SentenceLID(PipelineStep):
    """Splits a document into sentences with datatrove's WhitespaceTokenizer and labels each
    with lid.176 (datatrove has no per-sentence language step)."""

    name = "🔤 sentences + language"
    type = "🏷 - ANNOTATE"

    def __init__(self, model_path: str) -> None:
        super().__init__()
        self.lid = VendoredFT176LID(model_path, k=1)
        self.splitter = WhitespaceTokenizer()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                text = doc.text
                sents = []
                for start, end in self.splitter.span_tokenize(text):
                    s = text[start:end]
                    lang, score = self.lid.top(s)
                    sents.append({"text": s, "start": start, "end": end, "lang": lang,
                                  "lang_score": score})
                doc.metadata["sentences"] = sents
                self.stat_update("sentences", value=len(sents))
            yield doc


# -------------------------------------------------------------------------------------------
# MinHash words as corpusmill splits them
# -------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


class CorpusmillWords(WordTokenizer):
    """Runs of letters and digits (corpusmill's and reference.py's words)."""

    def word_tokenize(self, text: str) -> list[str]:
        return _WORD.findall(text)

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


def doc_text(doc: Document) -> str:
    """The exact-dedup key: the normalized text."""
    return doc.text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    ap.add_argument("--workers", type=int, default=1,
                    help="tasks and parallel workers of each multi-task stage")
    ap.add_argument("--model", default=str(DEFAULT_MODEL), help="lid.176.ftz to load")
    ap.add_argument("--keep-work", action="store_true", help="keep OUT/work (intermediates)")
    args = ap.parse_args()

    t_start = time.perf_counter()
    # Any datatrove output on stdout would spoil the JSON summary: send it to stderr.
    real_stdout, sys.stdout = sys.stdout, sys.stderr

    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    work = out / "work"
    data_out = out / "data"
    n = args.workers
    model = str(Path(args.model).resolve())
    if not Path(model).is_file():
        raise SystemExit(f"datatrove_pipeline.py: no language model at {model}")

    minhash = MinhashConfig(
        n_grams=NGRAMS, num_buckets=BANDS, hashes_per_bucket=ROWS,
        norm_config=TextNormConfig(lowercase=True, norm_whitespace=True, remove_punctuation=False,
                                   norm_unicode_diacritics=False, norm_numbers=False),
        hash_config=HashConfig(precision=64, hash_fc="xxhash"),
    )
    exact = ExactDedupConfig(content_getter=doc_text)
    doc_lid = LanguageFilter(label_only=True)
    doc_lid.model = VendoredFT176LID(model, k=1, prefix_bytes=DOC_PREFIX_BYTES)

    def reader(folder: Path) -> JsonlReader:
        return JsonlReader(str(folder), glob_pattern="*.jsonl", add_file_path=False)

    def jsonl_writer(folder: Path) -> JsonlWriter:
        return JsonlWriter(str(folder), output_filename="${rank}.jsonl", compression=None)

    stages = [
        ("1_read_normalize_exact_sig", n, [
            JsonlReader(args.input, glob_pattern="*.jsonl", add_file_path=False),
            Normalize(),
            jsonl_writer(work / "normalized"),
            ExactDedupSignature(str(work / "exact_sigs"), config=exact),
        ]),
        ("2_exact_find", 1, [
            ExactFindDedups(str(work / "exact_sigs"), str(work / "exact_dups"), config=exact),
        ]),
        ("3_exact_filter_minhash_sig", n, [
            reader(work / "normalized"),
            ExactDedupFilter(str(work / "exact_dups"), config=exact),
            jsonl_writer(work / "deduped"),
            MinhashDedupSignature(str(work / "minhash_sigs"), config=minhash,
                                  language=CorpusmillWords()),
        ]),
        ("4_minhash_buckets", BANDS, [
            MinhashDedupBuckets(str(work / "minhash_sigs"), str(work / "minhash_buckets"),
                                config=minhash),
        ]),
        ("5_minhash_cluster", 1, [
            MinhashDedupCluster(str(work / "minhash_buckets"), str(work / "minhash_remove"),
                                config=minhash),
        ]),
        ("6_minhash_filter_lid_sentences_write", n, [
            reader(work / "deduped"),
            MinhashDedupFilter(str(work / "minhash_remove")),
            doc_lid,
            SentenceLID(model),
            ParquetWriter(str(data_out), output_filename="${rank}.parquet", compression="zstd",
                          expand_metadata=True, schema=_schema()),
        ]),
    ]

    stage_seconds: dict[str, float] = {}
    stats: dict[str, dict] = {}
    for name, tasks, pipeline in stages:
        t = time.perf_counter()
        ex = LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=min(n, tasks),
                                   logging_dir=str(work / "logs" / name))
        ex.run()
        stage_seconds[name] = time.perf_counter() - t
        stats[name] = json.loads((work / "logs" / name / "stats.json").read_text())

    def stat(stage: str, step_prefix: str, key: str) -> int:
        for step in stats[stage]:
            if step["name"].startswith(step_prefix) or step_prefix in step["name"]:
                v = step["stats"].get(key)
                if v is not None:
                    return int(v["total"] if isinstance(v, dict) else v)
        return 0

    documents_in = stat("1_read_normalize_exact_sig", "🧽", "total")
    bytes_in = stat("1_read_normalize_exact_sig", "🧽", "bytes_in")
    empty = stat("1_read_normalize_exact_sig", "🧽", "dropped_empty")
    exact_removed = stat("3_exact_filter_minhash_sig", "💥", "dropped")
    near_removed = stat("6_minhash_filter_lid_sentences_write", "🎯", "dropped")
    kept = stat("6_minhash_filter_lid_sentences_write", "🎯", "forwarded")
    sentences = stat("6_minhash_filter_lid_sentences_write", "🔤", "sentences")
    # datatrove's own time per block (summed over tasks): where the stage's time went
    step_seconds = {f"{name}: {step['name']}": step["time_stats"]["total"]
                    for name, st in stats.items() for step in st
                    if isinstance(step.get("time_stats"), dict) and "total" in step["time_stats"]}
    if not args.keep_work:
        shutil.rmtree(work)

    import datatrove
    import pyarrow

    summary = {
        "tool": "datatrove",
        "workers": n,
        "documents_in": documents_in,
        "bytes_in": bytes_in,
        "kept": kept,
        "duplicates": exact_removed,
        "near_duplicates": near_removed,
        "empty": empty,
        "sentences": sentences,
        "stage_seconds": stage_seconds,
        "step_seconds": step_seconds,
        "seconds": time.perf_counter() - t_start,
        "versions": {"python": sys.version.split()[0], "datatrove": datatrove.__version__
                     if hasattr(datatrove, "__version__") else _version("datatrove"),
                     "pyarrow": pyarrow.__version__,
                     "fasttext-numpy2-wheel": _version("fasttext-numpy2-wheel"),
                     "xxhash": _version("xxhash"), "orjson": _version("orjson")},
        "langid_model": model,
        "minhash": str(minhash),
    }
    sys.stdout = real_stdout
    print(json.dumps(summary, indent=2))
    return 0


def _schema():
    import pyarrow as pa

    sentence = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                          ("lang", pa.string()), ("lang_score", pa.float32())])
    return pa.schema([
        ("id", pa.string()), ("text", pa.string()), ("language", pa.string()),
        ("language_score", pa.float32()), ("url", pa.string()), ("title", pa.string()),
        ("date", pa.string()), ("sentences", pa.list_(sentence)),
    ])


if __name__ == "__main__":
    sys.exit(main())
