"""A planned build with its inputs, WORK and dataset in Azure Blob Storage (`az://`), against
Azurite, Microsoft's local Blob server (npm; `scripts/test` installs it, and without it this
test says it is skipped), compared with `corpusmill build` on local files."""

import os
import subprocess

import pytest
from conftest import ROOT, build, corpusmill_bin, files, free_port, start_server

FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
SETTINGS = ["--split", "0.6,0.2,0.2"]
STAGES = [("scan", 2), ("count", 1), ("sign", 2), ("dedup", 1), ("write", 2), ("finalize", 1)]
AZURITE = os.environ.get("CORPUSMILL_AZURITE")
# Azurite's well-known development account (public, in Microsoft's documentation).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

pytestmark = pytest.mark.skipif(not AZURITE, reason="no Azurite (scripts/test installs it with npm)")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("azurite")
    proc = start_server([AZURITE, "--blobHost", "127.0.0.1", "--blobPort", str(port),
                         "--location", str(data), "--skipApiVersionCheck", "--silent"], port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def container(endpoint, request):
    from azure.storage.blob import BlobServiceClient
    service = BlobServiceClient.from_connection_string(
        f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
        f"BlobEndpoint={endpoint}/{ACCOUNT};")
    name = request.node.name.replace("_", "-")[:60]
    return service.create_container(name), name


def corpusmill(endpoint: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "AZURE_STORAGE_USE_EMULATOR": "true",
           "AZURITE_BLOB_STORAGE_URL": endpoint}
    done = subprocess.run([corpusmill_bin(), *args], env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, f"{args}: {done.stderr}"
    return done


def planned_build(endpoint: str, inputs: str, out: str, work: str) -> None:
    corpusmill(endpoint, "plan", inputs, "--out", out, "--work", work, "--tasks", "2", *SETTINGS)
    for stage, tasks in STAGES:
        for rank in range(tasks):
            corpusmill(endpoint, "stage", stage, "--work", work, "--rank", str(rank), "--quiet")


def download(client, prefix: str) -> dict:
    return {blob.name[len(prefix) + 1:]: client.download_blob(blob.name).readall()
            for blob in client.list_blobs(name_starts_with=prefix + "/")}


def test_work_and_dataset_in_azure_give_the_bytes_of_a_local_build(endpoint, container, tmp_path):
    client, name = container
    whole = build(tmp_path / "whole")
    planned_build(endpoint, str(FIXTURES), f"az://{name}/ds", f"az://{name}/work")
    assert any(b.name.startswith("work/rank-1/") for b in client.list_blobs())
    assert download(client, "ds") == files(whole)
    assert "OK" in corpusmill(endpoint, "verify", f"az://{name}/ds").stdout


def test_inputs_in_azure_give_the_rows_of_a_local_build(endpoint, container, tmp_path):
    client, name = container
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file():
            client.upload_blob(f"in/{path.relative_to(FIXTURES).as_posix()}", path.read_bytes())
    whole = files(build(tmp_path / "whole"))
    planned_build(endpoint, f"az://{name}/in", f"az://{name}/ds", f"az://{name}/work")
    got = download(client, "ds")
    # Only the input root differs: the manifest records it as given.
    assert sorted(f for f in whole if got.get(f) != whole[f]) == ["SHA256SUMS", "manifest.json"]
    assert got["manifest.json"].replace(f"az://{name}/in".encode(), str(FIXTURES).encode()) \
        == whole["manifest.json"]
