"""A planned build with its inputs, WORK and dataset in Azure Blob Storage (`az://`), against
Azurite, Microsoft's local Blob server (npm; `scripts/test` installs it, and without it this
test says it is skipped), compared with `corpusmill build` on local files."""

import os
import subprocess

import pytest
from conftest import ROOT, build, files, free_port, run_with, start_server
from conftest import planned_build as planned_build_in

FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
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


def env(endpoint: str) -> dict:
    return {**os.environ, "AZURE_STORAGE_USE_EMULATOR": "true",
            "AZURITE_BLOB_STORAGE_URL": endpoint}


def corpusmill(endpoint: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run_with(env(endpoint), *args, check=check)


def planned_build(endpoint: str, inputs: str, out: str, work: str) -> None:
    planned_build_in(env(endpoint), inputs, out, work)


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
