"""Builds one dataset from tests/fixtures with the real binary, shared by the loading tests."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def corpusmill_bin() -> str:
    return os.environ.get("CORPUSMILL_BIN", str(ROOT / "target" / "debug" / "corpusmill"))


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "ds"
    subprocess.run(
        [corpusmill_bin(), "build", str(ROOT / "tests" / "fixtures" / "corpus"),
         "--out", str(out), "--quiet", "--split", "0.6,0.2,0.2"],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def manifest(dataset) -> dict:
    return json.loads((dataset / "manifest.json").read_text())
