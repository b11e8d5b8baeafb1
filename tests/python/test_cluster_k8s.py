"""scripts/cluster/k8s: the Indexed Jobs render.py prints for a plan, and their containers'
commands run here exactly as the manifests write them, a process per index with the
JOB_COMPLETION_INDEX Kubernetes would set, give byte for byte the dataset `corpusmill build`
makes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build, corpusmill_bin

RENDER = ROOT / "scripts" / "cluster" / "k8s" / "render.py"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
# The settings conftest.build builds with: the planned build must be planned with the same.
SETTINGS = ["--split", "0.6,0.2,0.2"]
TASKS = 3
STAGES = [("scan", TASKS), ("mark", TASKS), ("count", TASKS), ("sign", TASKS), ("near", TASKS), ("dedup", TASKS),
          ("write", TASKS), ("finalize", 1)]
# What the manifests assume of the image and the pod; the only things the test replaces.
IMAGE_BIN = "/usr/local/bin/corpusmill"
MOUNTED_WORK = "/work"
IMAGE = "registry.example/corpusmill:test"


def render(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RENDER), *args], input=stdin,
                          capture_output=True, text=True)


@pytest.fixture
def planned(tmp_path) -> tuple[Path, Path]:
    work, out = tmp_path / "work", tmp_path / "ds"
    subprocess.run([corpusmill_bin(), "plan", str(FIXTURES), "--out", str(out), "--work",
                    str(work), "--tasks", str(TASKS), *SETTINGS], check=True, capture_output=True)
    return work, out


def jobs(work: Path, *flags: str) -> list[dict]:
    rendered = render(str(work / "plan.json"), "--image", IMAGE, *flags)
    assert rendered.returncode == 0, rendered.stderr
    return list(yaml.safe_load_all(rendered.stdout))


def container(job: dict) -> dict:
    [only] = job["spec"]["template"]["spec"]["containers"]
    return only


def test_one_indexed_job_per_stage_with_the_plans_task_counts(planned):
    work, _ = planned
    rendered = jobs(work, "--work-claim", "shared-work", "--retries", "2")
    assert [job["metadata"]["name"] for job in rendered] == [f"corpusmill-{s}" for s, _ in STAGES]
    for job, (name, tasks) in zip(rendered, STAGES):
        spec, pod = job["spec"], job["spec"]["template"]["spec"]
        assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
        assert spec["completionMode"] == "Indexed"
        assert (spec["completions"], spec["parallelism"]) == (tasks, tasks), name
        assert spec["backoffLimitPerIndex"] == 2 and pod["restartPolicy"] == "Never"
        assert container(job)["image"] == IMAGE
        [mount] = [m for m in container(job)["volumeMounts"] if m["mountPath"] == MOUNTED_WORK]
        [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        assert volume["persistentVolumeClaim"]["claimName"] == "shared-work"
    one = jobs(work, "--stage", "sign", "--work-claim", "shared-work", "--retries", "2")
    assert one == [rendered[3]]
    capped = jobs(work, "--parallelism", "2")
    assert [j["spec"]["parallelism"] for j in capped] == [2, 2, 2, 2, 2, 2, 2, 1]
    assert [j["spec"]["completions"] for j in capped] == [t for _, t in STAGES]


def test_the_containers_commands_run_as_written_build_the_same_dataset(planned, tmp_path):
    work, out = planned
    whole = build(tmp_path / "whole")
    assert list((whole / "data").rglob("*.parquet")), "a dataset with rows to compare"
    # Earlier scheduler variables take precedence over JOB_COMPLETION_INDEX: none may leak in
    # from the machine running the tests.
    base = {k: v for k, v in os.environ.items() if k not in ("SLURM_ARRAY_TASK_ID", "RANK")}
    with open(work / "plan.json") as piped:
        rendered = render("-", "--image", IMAGE, stdin=piped.read())
    assert rendered.returncode == 0, rendered.stderr
    for job in yaml.safe_load_all(rendered.stdout):
        spec, box = job["spec"], container(job)
        assert "args" not in box, "the whole invocation is the command"
        assert box["command"][0] == IMAGE_BIN
        cmd = [corpusmill_bin()] + [str(work) if a == MOUNTED_WORK else a
                                    for a in box["command"][1:]]
        env = {**base, **{e["name"]: e["value"] for e in box.get("env", [])}}
        # All the indexes of the stage at once, as its pods run with parallelism = completions.
        pods = [subprocess.Popen(cmd, env={**env, "JOB_COMPLETION_INDEX": str(index)},
                                 stderr=subprocess.PIPE, text=True)
                for index in range(spec["completions"])]
        for index, pod in enumerate(pods):
            _, said = pod.communicate(timeout=300)
            assert pod.returncode == 0, f"{job['metadata']['name']} index {index}: {said}"
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
           if p.is_file()}
    want = {p.relative_to(whole).as_posix(): p.read_bytes() for p in sorted(whole.rglob("*"))
            if p.is_file()}
    assert sorted(got) == sorted(want)
    assert not [name for name in want if got[name] != want[name]], "differs from build"


def test_a_plan_with_relative_paths_is_refused(tmp_path):
    # The pods would resolve them against the image's working directory. `corpusmill plan`
    # writes absolute paths even when given relative ones; a plan edited by hand may not.
    subprocess.run([corpusmill_bin(), "plan", str(FIXTURES), "--out", "ds", "--work", "work",
                    "--tasks", "2", *SETTINGS], cwd=tmp_path, check=True, capture_output=True)
    plan_file = tmp_path / "work" / "plan.json"
    plan = json.loads(plan_file.read_text())
    assert os.path.isabs(plan["out"]) and all(os.path.isabs(f["path"]) for f in plan["files"])
    plan["out"] = "ds"
    plan_file.write_text(json.dumps(plan))
    refused = render(str(tmp_path / "work"), "--image", IMAGE)
    assert refused.returncode != 0 and refused.stdout == ""
    assert "relative paths (ds)" in refused.stderr, refused.stderr
