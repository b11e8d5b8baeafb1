"""Builds one dataset from tests/fixtures with the real binary, shared by the loading tests."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def corpusmill_bin() -> str:
    return os.environ.get("CORPUSMILL_BIN", str(ROOT / "target" / "debug" / "corpusmill"))


def build(out: Path, *flags: str) -> Path:
    subprocess.run(
        [corpusmill_bin(), "build", str(ROOT / "tests" / "fixtures" / "corpus"),
         "--out", str(out), "--quiet", "--split", "0.6,0.2,0.2", *flags],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("build") / "ds")


@pytest.fixture(scope="session")
def tagged_dataset(tmp_path_factory) -> Path:
    """Near-duplicates kept and tagged with their cluster: the default removes all but one, which
    leaves every cluster in the output with one member."""
    return build(tmp_path_factory.mktemp("build") / "tagged", "--tag-near-dups")


@pytest.fixture(scope="session")
def manifest(dataset) -> dict:
    return json.loads((dataset / "manifest.json").read_text())
