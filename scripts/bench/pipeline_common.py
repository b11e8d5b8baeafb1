"""What the benchmark's Python pipelines share (scripts/bench/reference.py and
scripts/bench/datatrove_pipeline.py): the text normalization `corpusmill build` applies before
hashing, and a package's version for their summaries. Standard library only, so that each
pipeline's venv can import it."""

from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n?")
# zero-width space/no-break, BOM, soft hyphen, word joiner, C0/C1 controls except \n
# (ZWJ/ZWNJ kept, as corpusmill does)
_DROP = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but newline (tabs, NBSP, odd spaces)
_BLANKS = re.compile(r"\n{3,}")
_TAB_LIKE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def normalize(text: str) -> str:
    """NFC; CRLF/CR -> LF; odd spaces and tabs -> space; zero-width characters, soft hyphens
    and controls removed; runs of spaces collapsed; lines trimmed; at most one blank line
    between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _TAB_LIKE.sub(" ", text)
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANKS.sub("\n\n", text)
    return text.strip()


def package_version(dist: str) -> str:
    """The installed version of distribution `dist`, or "?"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"
