"""Builds one dataset from tests/fixtures with the real binary, shared by the loading tests."""

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def corpusmill_bin() -> str:
    return os.environ.get("CORPUSMILL_BIN", str(ROOT / "target" / "debug" / "corpusmill"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(argv: list, port: int) -> subprocess.Popen:
    """Starts a local server (the object stores the cluster tests run against) and returns once
    it accepts connections on `port`; fails the test when it does not within 30 s."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"{Path(argv[0]).name} did not start")
            time.sleep(0.2)


def files(folder: Path) -> dict:
    """Every file below `folder`, by its `/`-separated path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# The cluster tests' plan: two tasks a stage, with the settings `build` above uses.
PLANNED_SETTINGS = ["--split", "0.6,0.2,0.2"]
PLANNED_STAGES = [("scan", 2), ("mark", 2), ("count", 2), ("sign", 2), ("near", 2), ("dedup", 2),
                  ("write", 2), ("finalize", 1)]


def run_with(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The binary run with `args` in `env` (an object store's endpoint and credentials)."""
    done = subprocess.run([corpusmill_bin(), *args], env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, f"{args}: {done.stderr}"
    return done


def planned_build(env: dict, inputs: str, out: str, work: str) -> None:
    """`plan` and every task of every stage, one after another, in `env`."""
    run_with(env, "plan", inputs, "--out", out, "--work", work, "--tasks", "2",
             *PLANNED_SETTINGS)
    for stage, tasks in PLANNED_STAGES:
        for rank in range(tasks):
            run_with(env, "stage", stage, "--work", work, "--rank", str(rank), "--quiet")


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
