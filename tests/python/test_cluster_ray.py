"""scripts/cluster/ray_build.py on a real (local) Ray cluster: the planned build it runs as Ray
tasks gives byte for byte the dataset `corpusmill build` makes, a task that fails once is
retried, and a task that fails for good fails the build."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# Ray puts a local cluster on the machine's network address; this setting (meant for single
# machines on macOS and Windows) keeps it, and so every byte of the tests, on the loopback
# interface. It is read when ray is imported, here and in the script's process, which inherits
# it. Nothing of what the tests check depends on it.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
import ray  # noqa: E402
from conftest import ROOT, build, corpusmill_bin, files  # noqa: E402

SCRIPT = ROOT / "scripts" / "cluster" / "ray_build.py"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
# The settings conftest.build builds with: the planned build must be planned with the same.
SETTINGS = ["--split", "0.6,0.2,0.2"]
TASKS = 3
RUNS = [("scan", TASKS), ("mark", TASKS), ("count", TASKS), ("sign", TASKS), ("near", TASKS), ("dedup", TASKS),
        ("write", TASKS), ("finalize", 1)]


@pytest.fixture(scope="module")
def cluster():
    """One local cluster for the module, since starting one takes about ten seconds; the
    script connects to it as a driver of its own, as it would to a cluster of many nodes.
    Two CPUs: tasks of one stage run side by side, and wait for each other when there are
    three."""
    context = ray.init(address="local", num_cpus=2, include_dashboard=False)
    address = context.address_info["address"]
    assert address.startswith("127.0.0.1:"), address
    yield address
    ray.shutdown()


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> Path:
    out = build(tmp_path_factory.mktemp("whole") / "ds")
    assert list((out / "data").rglob("*.parquet")), "a dataset with rows to compare"
    return out


def wrapper(tmp_path: Path, fail_code: int | None = None) -> Path:
    """A stand-in binary that records every call, with the name of the process that made it,
    and runs the real one. With fail_code, its first call for sign 1 exits with that code
    instead; the calls after it run the real binary."""
    path = tmp_path / "corpusmill-wrapper"
    fail = ""
    if fail_code is not None:
        fail = f"""if [ "$name $rank" = "sign 1" ] && [ ! -e '{tmp_path}/failed-once' ]; then
    : > '{tmp_path}/failed-once'
    echo "injected failure of sign 1" >&2
    exit {fail_code}
fi
"""
    # Only the stage tasks are recorded: the script also asks `plan --status` for the stages.
    path.write_text(f"""#!/bin/sh
[ "$1" = stage ] || exec '{corpusmill_bin()}' "$@"
name=$2 rank= prev=
for arg in "$@"; do [ "$prev" = --rank ] && rank=$arg; prev=$arg; done
echo "$name $rank $(cat /proc/$PPID/comm)" >> '{tmp_path}/calls'
{fail}exec '{corpusmill_bin()}' "$@"
""")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def calls(tmp_path: Path) -> list[tuple[str, str, str]]:
    return [tuple(line.split(" ", 2)) for line in (tmp_path / "calls").read_text().splitlines()]


def plan(cwd: Path, out: str, work: str):
    subprocess.run([corpusmill_bin(), "plan", str(FIXTURES), "--out", out, "--work", work,
                    "--tasks", str(TASKS), *SETTINGS], cwd=cwd, check=True, capture_output=True)


def ray_build(cwd: Path, binary: Path, work: str, *flags: str, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), str(binary), work, "--cpus-per-task", "1",
                           *flags], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def assert_same_dataset(got: Path, want: Path):
    got_files, want_files = files(got), files(want)
    assert sorted(got_files) == sorted(want_files)
    differ = [name for name in want_files if got_files[name] != want_files[name]]
    assert not differ, f"differ from `corpusmill build`: {differ}"


def test_a_ray_build_is_byte_identical_to_build(cluster, whole, tmp_path):
    # Relative paths, as a user types them: the tasks run in Ray's worker processes, whose
    # working directory is not the one the script was started in.
    plan(tmp_path, "ds", "work")
    binary = wrapper(tmp_path)
    env = {**os.environ, "RAY_ADDRESS": cluster}
    ran = ray_build(tmp_path, binary, "work", env=env)
    assert ran.returncode == 0, ran.stderr
    for name, count in RUNS:
        assert f"ray_build: {name}: {count} task(s) done" in ran.stderr, ran.stderr
    expected = sorted((name, str(rank)) for name, count in RUNS for rank in range(count))
    assert sorted(c[:2] for c in calls(tmp_path)) == expected, "every task once"
    assert all(c[2] == "ray::run_task" for c in calls(tmp_path)), "run by Ray workers"
    assert_same_dataset(tmp_path / "ds", whole)


def test_a_task_that_fails_once_is_retried(cluster, whole, tmp_path):
    plan(tmp_path, str(tmp_path / "ds"), str(tmp_path / "work"))
    ran = ray_build(tmp_path, wrapper(tmp_path, fail_code=1), str(tmp_path / "work"),
                    "--address", cluster, "--retries", "1")
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "failed-once").exists(), "the failure was injected"
    assert [c[:2] for c in calls(tmp_path)].count(("sign", "1")) == 2
    assert_same_dataset(tmp_path / "ds", whole)


@pytest.mark.parametrize("code, retries", [(1, "0"), (2, "3")], ids=["no-retries", "usage-error"])
def test_a_task_that_fails_for_good_fails_the_build_and_a_rerun_finishes_it(
        cluster, whole, tmp_path, code, retries):
    """Exit 2 is corpusmill's usage error, which a rerun would repeat: it is not retried."""
    plan(tmp_path, str(tmp_path / "ds"), str(tmp_path / "work"))
    binary = wrapper(tmp_path, fail_code=code)
    failed = ray_build(tmp_path, binary, str(tmp_path / "work"), "--address", cluster,
                       "--retries", retries)
    assert failed.returncode == 1, failed.stderr
    assert "injected failure of sign 1" in failed.stderr
    assert "stage sign: 1 of 3 task(s) failed for good" in failed.stderr
    ran = [c[:2] for c in calls(tmp_path)]
    assert ran.count(("sign", "1")) == 1 and ("sign", "0") in ran and ("sign", "2") in ran
    assert not any(name in ("near", "dedup", "write", "finalize") for name, _ in ran), ran
    assert not (tmp_path / "ds").exists()

    # The same command again runs what is left: the wrapper's failure was a one-off.
    again = ray_build(tmp_path, binary, str(tmp_path / "work"), "--address", cluster)
    assert again.returncode == 0, again.stderr
    assert_same_dataset(tmp_path / "ds", whole)
