"""A `.jsonl.zst` file written by a real seekable-zstd writer (pyzstd's SeekableZstdFile) is
cut into pieces by `corpusmill plan`, read by several tasks from their frames, and gives the
dataset `build` gives from the whole file."""

import json
import os

import pyzstd

from conftest import PLANNED_SETTINGS, files, planned_build, run_with


def test_a_seekable_zstd_file_from_pyzstd_is_read_in_pieces(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = "".join(
        json.dumps({"text": f"Жаңалық {i}: облыста жол жөнделіп жатыр. "
                            f"News item {i}: the council approved the budget today."},
                   ensure_ascii=False) + "\n"
        for i in range(3000))
    # Frames of 4 KiB, most of them starting inside a line.
    with pyzstd.SeekableZstdFile(corpus / "big.jsonl.zst", "w",
                                 max_frame_content_size=4096) as f:
        f.write(lines.encode())
    env = dict(os.environ)
    run_with(env, "build", str(corpus), "--out", str(tmp_path / "whole"), "--quiet",
             *PLANNED_SETTINGS)
    planned_build(env, str(corpus), str(tmp_path / "planned"), str(tmp_path / "work"))
    plan = json.loads((tmp_path / "work" / "plan.json").read_text())
    pieces = [part["piece"] for part in plan["parts"]]
    assert len(pieces) == 2 and all(p and p["frame"] for p in pieces), pieces
    assert pieces[1]["lines_before"] > 0
    assert files(tmp_path / "planned") == files(tmp_path / "whole")
