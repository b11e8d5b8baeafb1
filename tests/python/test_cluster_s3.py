"""A planned build with its inputs, WORK and dataset in S3, against a local S3-compatible server
(moto in server mode), compared with `corpusmill build` on local files."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from conftest import PLANNED_SETTINGS as SETTINGS
from conftest import PLANNED_STAGES as STAGES
from conftest import ROOT, build, files, free_port, run_with, start_server
from conftest import planned_build as planned_build_in

FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
               "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def endpoint():
    server = Path(sys.executable).parent / "moto_server"
    port = free_port()
    proc = start_server([str(server), "-H", "127.0.0.1", "-p", str(port)], port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def s3(endpoint, request):
    client = boto3.client("s3", endpoint_url=endpoint, **{
        "aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"})
    bucket = request.node.name.replace("_", "-")[:60]
    client.create_bucket(Bucket=bucket)
    return client, bucket


def env(endpoint: str) -> dict:
    return {**os.environ, **CREDENTIALS, "AWS_ENDPOINT": endpoint, "AWS_ALLOW_HTTP": "true"}


def corpusmill(endpoint: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run_with(env(endpoint), *args, check=check)


def planned_build(endpoint: str, inputs: str, out: str, work: str) -> None:
    planned_build_in(env(endpoint), inputs, out, work)


def upload(client, bucket: str, prefix: str, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), bucket, f"{prefix}/{path.relative_to(folder).as_posix()}")


def keys(client, bucket: str, prefix: str) -> list:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/")
    return [o["Key"] for page in pages for o in page.get("Contents", [])]


def download(client, bucket: str, prefix: str, folder: Path) -> Path:
    for key in keys(client, bucket, prefix):
        path = folder / key[len(prefix) + 1:]
        path.parent.mkdir(parents=True, exist_ok=True)
        client.download_file(bucket, key, str(path))
    return folder


def test_work_and_dataset_in_s3_give_the_bytes_of_a_local_build(endpoint, s3, tmp_path):
    client, bucket = s3
    whole = build(tmp_path / "whole")
    planned_build(endpoint, str(FIXTURES), f"s3://{bucket}/ds", f"s3://{bucket}/work")
    assert any(k.startswith("work/rank-1/") for k in keys(client, bucket, "work"))
    got = download(client, bucket, "ds", tmp_path / "got")
    assert files(got) == files(whole)


def test_inputs_in_s3_give_the_same_rows_with_their_url_as_the_root(endpoint, s3, tmp_path):
    client, bucket = s3
    whole = build(tmp_path / "whole")
    upload(client, bucket, "in", FIXTURES)
    planned_build(endpoint, f"s3://{bucket}/in", f"s3://{bucket}/ds", f"s3://{bucket}/work")
    got = files(download(client, bucket, "ds", tmp_path / "got"))
    want = files(whole)
    assert sorted(got) == sorted(want)
    # Only the input root differs: the manifest records it as given, and SHA256SUMS lists the
    # manifest's checksum.
    differ = sorted(name for name in want if got[name] != want[name])
    assert differ == ["SHA256SUMS", "manifest.json"], differ
    assert got["manifest.json"].replace(f"s3://{bucket}/in".encode(), str(FIXTURES).encode()) \
        == want["manifest.json"]


def test_a_prefix_without_its_manifest_is_no_dataset(endpoint, s3, tmp_path):
    client, bucket = s3
    out = f"s3://{bucket}/ds"
    work = f"s3://{bucket}/work"
    corpusmill(endpoint, "plan", str(FIXTURES), "--out", out, "--work", work, "--tasks", "2",
               *SETTINGS)
    for stage, tasks in STAGES[:-1]:
        for rank in range(tasks):
            corpusmill(endpoint, "stage", stage, "--work", work, "--rank", str(rank), "--quiet")
    absent = corpusmill(endpoint, "verify", out, check=False)
    assert absent.returncode == 1 and "no manifest.json" in absent.stderr, absent.stderr
    corpusmill(endpoint, "stage", "finalize", "--work", work, "--quiet")
    assert "OK" in corpusmill(endpoint, "verify", out).stdout
    # A copy that lost its manifest (an upload cut short before its last file) is no dataset.
    client.delete_object(Bucket=bucket, Key="ds/manifest.json")
    again = corpusmill(endpoint, "verify", out, check=False)
    assert again.returncode == 1 and "no manifest.json" in again.stderr


def test_a_dataset_in_s3_is_replaced_only_with_overwrite(endpoint, s3, tmp_path):
    client, bucket = s3
    out = f"s3://{bucket}/ds"
    planned_build(endpoint, str(FIXTURES), out, f"s3://{bucket}/work")
    refused = corpusmill(endpoint, "plan", str(FIXTURES), "--out", out, "--work",
                         f"s3://{bucket}/work2", "--tasks", "2", "--seed", "3", *SETTINGS,
                         check=False)
    assert refused.returncode == 2 and "exists" in refused.stderr, refused.stderr
    # A stale shard of an older dataset does not survive the new one.
    client.put_object(Bucket=bucket, Key="ds/data/documents/train-00009-of-00010.parquet",
                      Body=b"old")
    planned_build_flags = ["--seed", "3", "--overwrite"]
    corpusmill(endpoint, "plan", str(FIXTURES), "--out", out, "--work", f"s3://{bucket}/work2",
               "--tasks", "2", *SETTINGS, *planned_build_flags)
    for stage, tasks in STAGES:
        for rank in range(tasks):
            corpusmill(endpoint, "stage", stage, "--work", f"s3://{bucket}/work2", "--rank",
                       str(rank), "--quiet")
    assert "ds/data/documents/train-00009-of-00010.parquet" not in keys(client, bucket, "ds")
    seeded = build(tmp_path / "seeded", "--seed", "3")
    assert files(download(client, bucket, "ds", tmp_path / "got")) == files(seeded)
    shutil.rmtree(tmp_path / "got")
