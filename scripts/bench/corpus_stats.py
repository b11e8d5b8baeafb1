#!/usr/bin/env python3
"""Shape statistics of a raw corpus, to calibrate scripts/gen_corpus.py against real text.

Standard library only (plus a corpusmill binary for the sentence split, optional). Prints numbers
only, never text, so it can be run on evaluation data that must not be copied.

    python3 scripts/bench/corpus_stats.py DIR [DIR...] [--mb 2,80] [--bin corpusmill]
        [--model src/stages/langid/model/lid.176.ftz] [--json OUT.json]

DIR: a folder of .txt articles (read recursively, in sorted path order, or with --order truth in
the order gen_corpus.py wrote them) or of .jsonl files ("text" field). --mb: prefixes (MB = 10**6 bytes of text, whole articles) at which the vocabulary
figures are taken; the last one also bounds what is read (0 = everything).

What is measured (tokens are whitespace tokens, as fastText and corpusmill's language ID split):
  articles    bytes, characters, non-empty lines and tokens per article (mean, p10/p50/p90)
  sentences   corpusmill's own segmenter (`corpusmill segment --plain`, language detected per
              line) run on every non-empty line when --bin is given, else a simple punctuation
              split: characters and tokens per sentence, and tokens whose end carries . ! ?
  tokens      mean length in characters; share with punctuation attached at either end
              (`жылы,` `«Нұр` `(2024)`); share of pure numbers; share starting with a capital
  vocabulary  type/token ratio of the raw tokens (case and punctuation kept: what the language-ID
              word cache is keyed by) and of lowercased letter-only word forms, at each prefix;
              hapax share of the word-form types; per prefix
  lid cache   a simulation of corpusmill's language-ID word cache (src/stages/langid/fasttext.rs:
              direct-mapped, 32768 slots, slot = fastText's FNV-1a hash of the token's bytes mod
              32768, tokens over 48 bytes never cached, one cache for the run = one thread),
              fed each sentence's tokens in corpus order: the share of all tokens that are
              outside lid.176's word list AND miss the cache (each costs summing its character
              n-gram rows), and how many of a missed word's n-grams fall in buckets the pruned
              model kept (rows actually added). Needs the model file; skipped without it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

CACHE_SLOTS = 1 << 15
KEY_BYTES = 48


def fnv(b: bytes) -> int:
    h = 2166136261
    for x in b:
        h = ((h ^ (x | 0xFFFFFF00 if x >= 0x80 else x)) * 16777619) & 0xFFFFFFFF
    return h


class Model:
    """What the cache simulation needs of a fastText .ftz: its word list, n-gram lengths, bucket
    count and the n-gram buckets the pruned model kept (each a row a missed word adds)."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        args = struct.unpack_from("<12i", data, 8)  # after magic and version
        self.bucket, self.minn, self.maxn = args[8], args[9], args[10]
        pos = 8 + 12 * 4 + 8  # magic, version; 12 int32 args; double t
        size, nwords, nlabels = struct.unpack_from("<iii", data, pos)
        prune = struct.unpack_from("<q", data, pos + 20)[0]
        pos += 12 + 16  # + ntokens, pruneidx_size
        self.words = set()
        for i in range(size):
            end = data.index(b"\0", pos)
            word = data[pos:end]
            pos = end + 1 + 8
            kind = data[pos]
            pos += 1
            if kind == 0:
                self.words.add(word)
        self.kept = {struct.unpack_from("<i", data, pos + 8 * k)[0] for k in range(max(0, prune))}
        self._rows: dict[bytes, int] = {}

    def rows(self, word: bytes) -> int:
        """Kept n-gram rows of a word outside the word list, enumerated as fastText does."""
        n_rows = self._rows.get(word)
        if n_rows is None:
            w = b"<" + word + b">"
            n_rows = 0
            for i in range(len(w)):
                if w[i] & 0xC0 == 0x80:
                    continue
                h, j, n = 2166136261, i, 1
                while j < len(w) and n <= self.maxn:
                    h = ((h ^ (w[j] | 0xFFFFFF00 if w[j] >= 0x80 else w[j])) * 16777619) & 0xFFFFFFFF
                    j += 1
                    while j < len(w) and w[j] & 0xC0 == 0x80:
                        h = ((h ^ (w[j] | 0xFFFFFF00 if w[j] >= 0x80 else w[j])) * 16777619) & 0xFFFFFFFF
                        j += 1
                    if n >= self.minn and not (n == 1 and (i == 0 or j == len(w))) \
                            and h % self.bucket in self.kept:
                        n_rows += 1
                    n += 1
            self._rows[word] = n_rows
        return n_rows


def article_paths(root: Path, order: str = "path") -> list[Path]:
    if order == "truth":  # a gen_corpus.py folder: ROOT/../truth.jsonl lists the txt ids in writing order
        with open(root.parent / "truth.jsonl", encoding="utf-8") as fh:
            ids = [json.loads(l)["id"] for l in fh if '"format": "txt"' in l]
        return [root / (i + ".txt") for i in ids]
    txt = sorted(p for p in root.rglob("*.txt") if p.is_file())
    return txt or sorted(p for p in root.rglob("*.jsonl") if p.is_file())


def articles(roots: list[Path], limit: int, order: str = "path"):
    """Texts in order until `limit` bytes (0 = all)."""
    total = 0
    for root in roots:
        for p in article_paths(root, order):
            if p.suffix == ".jsonl":
                texts = (json.loads(l).get("text", "") for l in p.open(encoding="utf-8") if l.strip())
            else:
                texts = [p.read_bytes().decode("utf-8", "replace")]
            for t in texts:
                if limit and total >= limit:
                    return
                total += len(t.encode("utf-8"))
                yield t


_SPLIT = re.compile(r"(?<=[.!?…])[»\")]*\s+(?=[«\"(–—-]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


def split_simple(line: str) -> list[str]:
    return [s for s in _SPLIT.split(line) if s.strip()]


def segment_all(lines: list[str], binary: str | None) -> list[str]:
    if not binary:
        return [s for l in lines for s in split_simple(l)]
    inp = "".join(l.replace("\n", " ") + "\n" for l in lines).encode("utf-8")
    out = subprocess.run([binary, "segment", "--plain"], input=inp, capture_output=True, check=True)
    sents = []
    for row in out.stdout.decode("utf-8").splitlines():
        sents.extend(json.loads(row)["sentences"])
    return sents


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def summary(xs: list[float]) -> dict:
    return {"mean": round(sum(xs) / len(xs), 2) if xs else 0.0, "p10": pct(xs, 0.1),
            "p50": pct(xs, 0.5), "p90": pct(xs, 0.9)}


_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PUNCT_EDGE = re.compile(r"^[^\w]|[^\w]$")


def measure(roots: list[Path], marks: list[int], binary: str | None, model: Model | None,
            order: str = "path"):
    limit = max(marks) if all(marks) else 0
    res = {"articles": 0, "bytes": 0}
    a_bytes, a_chars, a_lines, a_toks = [], [], [], []
    lines_all: list[str] = []
    tok_n = tok_chars = tok_punct = tok_num = tok_cap = tok_letters = 0
    types: set[str] = set()
    forms: dict[str, int] = {}
    n_forms = 0
    prefix = {}
    pending = sorted(m for m in marks if m)
    # cache simulation
    slots = [None] * CACHE_SLOTS
    sim = {"tokens": 0, "known": 0, "misses": 0, "uncacheable": 0, "rows_added": 0}

    def snapshot(at: int) -> dict:
        hapax = sum(1 for c in forms.values() if c == 1)
        return {"mb": round(at / 1e6, 2), "tokens": tok_n, "token_types": len(types),
                "token_ttr": round(len(types) / tok_n, 4) if tok_n else 0,
                "word_forms": n_forms, "form_types": len(forms),
                "form_ttr": round(len(forms) / n_forms, 4) if n_forms else 0,
                "hapax_share_of_form_types": round(hapax / len(forms), 4) if forms else 0}

    for text in articles(roots, limit, order):
        b = len(text.encode("utf-8"))
        res["articles"] += 1
        res["bytes"] += b
        nl = [l for l in text.split("\n") if l.strip()]
        toks = text.split()
        a_bytes.append(b)
        a_chars.append(len(text))
        a_lines.append(len(nl))
        a_toks.append(len(toks))
        lines_all.extend(nl)
        for t in toks:
            tok_n += 1
            tok_chars += len(t)
            types.add(t)
            if _PUNCT_EDGE.search(t) and any(c.isalpha() for c in t):
                tok_punct += 1
            if t.isdigit():
                tok_num += 1
            if t[0].isupper():
                tok_cap += 1
            for w in _LETTERS.findall(t):
                w = w.lower()
                n_forms += 1
                forms[w] = forms.get(w, 0) + 1
        while pending and res["bytes"] >= pending[0]:
            prefix[pending.pop(0)] = snapshot(res["bytes"])
    prefix["all"] = snapshot(res["bytes"])
    res["per_article"] = {"bytes": summary(a_bytes), "chars": summary(a_chars),
                          "lines": summary(a_lines), "tokens": summary(a_toks)}
    res["tokens"] = {"count": tok_n, "mean_chars": round(tok_chars / tok_n, 2) if tok_n else 0,
                     "punct_attached": round(tok_punct / tok_n, 4) if tok_n else 0,
                     "numbers": round(tok_num / tok_n, 4) if tok_n else 0,
                     "capitalised": round(tok_cap / tok_n, 4) if tok_n else 0}
    res["vocabulary"] = prefix
    sents = []
    for i in range(0, len(lines_all), 20000):
        sents.extend(segment_all(lines_all[i:i + 20000], binary))
    s_chars = [len(s) for s in sents]
    s_toks = [len(s.split()) for s in sents]
    res["sentences"] = {"count": len(sents), "per_article": round(len(sents) / max(1, res["articles"]), 2),
                        "chars": summary(s_chars), "tokens": summary(s_toks),
                        "segmenter": "corpusmill segment --plain" if binary else "punctuation regex"}
    if model is not None:
        words = model.words
        for s in sents:
            for t in s.split():
                sim["tokens"] += 1
                tb = t.encode("utf-8")
                if tb in words:
                    sim["known"] += 1
                    continue
                if len(tb) > KEY_BYTES:
                    sim["uncacheable"] += 1
                    sim["misses"] += 1
                    sim["rows_added"] += model.rows(tb)
                    continue
                k = fnv(tb) % CACHE_SLOTS
                if slots[k] != tb:
                    slots[k] = tb
                    sim["misses"] += 1
                    sim["rows_added"] += model.rows(tb)
        n = sim["tokens"] or 1
        res["lid_cache"] = {**sim, "miss_share_of_tokens": round(sim["misses"] / n, 4),
                            "known_share": round(sim["known"] / n, 4),
                            "rows_per_miss": round(sim["rows_added"] / max(1, sim["misses"]), 2),
                            "rows_per_token": round(sim["rows_added"] / n, 3)}
    return res


def fmt(res: dict) -> str:
    pa, s, t = res["per_article"], res["sentences"], res["tokens"]
    out = [f"articles {res['articles']}, {res['bytes'] / 1e6:.2f} MB",
           "per article      mean    p10    p50    p90"]
    for k in ("bytes", "chars", "lines", "tokens"):
        v = pa[k]
        out.append(f"  {k:<12} {v['mean']:>7} {v['p10']:>6} {v['p50']:>6} {v['p90']:>6}")
    out.append(f"sentences {s['count']} ({s['per_article']} per article; {s['segmenter']})")
    for k in ("chars", "tokens"):
        v = s[k]
        out.append(f"  {k:<12} {v['mean']:>7} {v['p10']:>6} {v['p50']:>6} {v['p90']:>6}")
    out.append(f"tokens {t['count']}: mean {t['mean_chars']} chars, punctuation attached "
               f"{t['punct_attached']:.1%}, numbers {t['numbers']:.1%}, capitalised {t['capitalised']:.1%}")
    out.append("vocabulary at       MB   tokens  tok-TTR  word-forms  form-TTR  hapax/types")
    for k, v in res["vocabulary"].items():
        out.append(f"  {str(k):<12} {v['mb']:>7} {v['tokens']:>8} {v['token_ttr']:>8} "
                   f"{v['form_types']:>11} {v['form_ttr']:>9} {v['hapax_share_of_form_types']:>12}")
    if "lid_cache" in res:
        c = res["lid_cache"]
        out.append(f"lid word cache (simulated): {c['miss_share_of_tokens']:.1%} of tokens miss "
                   f"(outside the model's word list {1 - c['known_share']:.1%} of tokens); a miss "
                   f"adds {c['rows_per_miss']} kept n-gram rows ({c['rows_per_token']} per token)")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--mb", default="2,0", help="comma-separated prefixes in MB; 0 = all")
    ap.add_argument("--bin", default=os.environ.get("CORPUSMILL"),
                    help="corpusmill binary for the sentence split (default $CORPUSMILL)")
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--model", default=str(root / "src/stages/langid/model/lid.176.ftz"))
    ap.add_argument("--order", choices=["path", "truth"], default="path",
                    help="path: sorted paths, the order corpusmill reads (default); truth: the order of "
                         "DIR/../truth.jsonl, i.e. as gen_corpus.py wrote them (sites and languages mixed)")
    ap.add_argument("--json")
    args = ap.parse_args()
    marks = [int(float(x) * 1e6) for x in args.mb.split(",") if x.strip()]
    model = Model(Path(args.model)) if args.model and Path(args.model).exists() else None
    res = measure([Path(d) for d in args.dirs], marks, args.bin, model, args.order)
    print(fmt(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
