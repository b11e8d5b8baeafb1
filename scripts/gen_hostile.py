#!/usr/bin/env python3
"""Writes a hostile-input corpus for corpusmill's reliability tests (standard library only).

Every case is a file or folder named after what it tests; `expect.json` says what corpusmill
should do with each: the removal reason of its document(s) or the skip reason of the file.

    python3 scripts/gen_hostile.py OUT_DIR [--big]

By default the large cases are small enough for CI (a few MB); --big writes the real sizes
(a 2 GB single JSONL line, a 1 GB text file, a 10 GB decompression bomb) for manual runs.
"""

import argparse
import gzip
import json
import os
import random
import zlib

RU = "Новый мост через Иртыш открыли в Павлодаре в пятницу. Движение по нему начнётся в понедельник."
KK = "Қазақстанда жаңа әуежай ашылды. Ол жылына үш миллион жолаушыға қызмет көрсетеді."


def web_decode(data, codec):
    """Decodes like a browser (WHATWG): bytes a code page leaves undefined become C1 controls."""
    return "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in data)


def text(base, case):
    """A distinct text per case, so no two cases are duplicates of each other."""
    return f"{base} Бұл жағдай: {case}."


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def gz_stream(path, chunks):
    """Gzip-compresses an iterator of byte chunks without holding them."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as f:
        for chunk in chunks:
            f.write(comp.compress(chunk))
        f.write(comp.flush())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--big", action="store_true", help="real sizes (GBs): for manual runs")
    args = ap.parse_args()
    out = args.out
    rng = random.Random(7)
    mb = 1 << 20
    line_size = 2048 * mb if args.big else 3 * mb
    file_size = 1024 * mb if args.big else 3 * mb
    bomb_size = 10240 * mb if args.big else 64 * mb
    expect = {}

    write(f"{out}/good/ru.txt", text(RU, "good ru"))
    expect["good/ru"] = "kept"
    write(f"{out}/good/kk.txt", text(KK, "good kk"))
    expect["good/kk"] = "kept"

    write(f"{out}/binary/random.txt", bytes(rng.randrange(256) for _ in range(4096)))
    expect["binary/random"] = "binary"
    write(f"{out}/binary/nul-in-text.txt", RU.encode() + b"\0" + KK.encode())
    expect["binary/nul-in-text"] = "binary"
    write(f"{out}/empty/empty.txt", b"")
    expect["empty/empty"] = "empty"
    write(f"{out}/empty/spaces.txt", " \n\t\u00a0\u200b\n".encode())
    expect["empty/spaces"] = "empty"

    write(f"{out}/encodings/cp1251.txt", text(RU, "cp1251").replace("Бұл жағдай", "Этот случай").encode("cp1251"))
    expect["encodings/cp1251"] = "kept:windows-1251"
    write(f"{out}/encodings/koi8r.txt", text(RU, "koi8r").replace("Бұл жағдай", "Этот случай").encode("koi8_r"))
    expect["encodings/koi8r"] = "kept:koi8"
    write(f"{out}/encodings/kz1048.txt", text(KK, "kz1048").encode("kz1048"))
    expect["encodings/kz1048"] = "kept:kz-1048"
    write(f"{out}/encodings/utf16.txt", text(RU, "utf16").encode("utf-16"))
    expect["encodings/utf16"] = "kept:utf-16le"
    write(f"{out}/encodings/mojibake-1251.txt", web_decode(text(RU, "moji1251").encode(), "cp1251"))
    expect["encodings/mojibake-1251"] = "kept:utf-8/windows-1251"
    write(f"{out}/encodings/mojibake-1252.txt", web_decode(text(RU, "moji1252").encode(), "cp1252"))
    expect["encodings/mojibake-1252"] = "kept:utf-8/windows-1252"
    write(f"{out}/encodings/broken-utf8.txt", b"\xc3\x28 " + text(RU, "broken").encode()[:41] + b"\xfd\xfe")
    expect["encodings/broken-utf8"] = "invalid_encoding"

    os.makedirs(f"{out}/large", exist_ok=True)
    with open(f"{out}/large/one-line.jsonl", "wb") as f:
        f.write(b'{"id": "huge", "text": "')
        chunk = b"a" * mb
        for _ in range(line_size // mb):
            f.write(chunk)
        f.write(b'"}\n')
        f.write(json.dumps({"id": "after-huge", "text": text(RU, "after huge")}, ensure_ascii=False).encode() + b"\n")
    expect["large/one-line.jsonl:1"] = "too_large"
    expect["after-huge"] = "kept"
    with open(f"{out}/large/big.txt", "wb") as f:
        chunk = (RU + "\n").encode() * (mb // 200)
        written = 0
        while written < file_size:
            f.write(chunk)
            written += len(chunk)
    expect["large/big"] = "too_large"
    gz_stream(f"{out}/large/bomb.jsonl.gz", (b"\0" * mb for _ in range(bomb_size // mb)))
    expect["large/bomb.jsonl.gz:1"] = "too_large"

    words = RU.split()
    good = "".join(
        json.dumps({"id": f"gz{i}", "text": " ".join(rng.sample(words, len(words))) + f" {i}"}, ensure_ascii=False) + "\n"
        for i in range(200)
    )
    whole = gzip.compress(good.encode(), mtime=0)
    os.makedirs(f"{out}/archives", exist_ok=True)
    write(f"{out}/archives/truncated.jsonl.gz", whole[: len(whole) // 2])
    expect["archives/truncated.jsonl.gz"] = "kept-some+unreadable"
    write(f"{out}/archives/not-gzip.jsonl.gz", good.encode())
    expect["archives/not-gzip.jsonl.gz:1"] = "unreadable"
    write(f"{out}/archives/garbage.jsonl.zst", bytes(rng.randrange(256) for _ in range(1000)))
    expect["archives/garbage.jsonl.zst"] = "skipped-or-unreadable"

    lines = [
        "not json at all",
        '{"id": "no-text", "body": "x"}',
        '{"id": "num-text", "text": 5}',
        "[1, 2, 3]",
        '{"id": "ok-line", "text": "' + text(KK, "ok line") + '"}',
        '{"id": "truncated", "text": "Қаза',
    ]
    write(f"{out}/jsonl/bad-lines.jsonl", "\n".join(lines) + "\n")
    expect.update({"jsonl/bad-lines.jsonl:1": "bad_json", "no-text": "missing_text", "num-text": "missing_text",
                   "jsonl/bad-lines.jsonl:4": "bad_json", "ok-line": "kept", "jsonl/bad-lines.jsonl:6": "bad_json"})

    write(f"{out}/parquet/not-parquet.parquet", b"PAR1 this is not parquet")
    expect["parquet/not-parquet.parquet"] = "skipped"

    deep = f"{out}/deep" + "/d" * 200
    write(f"{deep}/deep.txt", text(KK, "терең"))
    expect["deep" + "/d" * 200 + "/deep"] = "kept"

    os.makedirs(f"{out}/links", exist_ok=True)
    for name, target in [("loop", ".."), ("self", "self"), ("escape", "/etc"), ("escape-file.txt", "/etc/hostname")]:
        try:
            os.symlink(target, f"{out}/links/{name}")
        except OSError:
            pass
    expect["links/*"] = "skipped"

    write(f"{out}/unreadable/locked.txt", text(RU, "locked"))
    os.chmod(f"{out}/unreadable/locked.txt", 0)
    expect["unreadable/locked"] = "unreadable unless run as root"

    write(f"{out}/other/image.png", b"\x89PNG\r\n\x1a\n")
    expect["other/image.png"] = "skipped"

    with open(f"{out}/expect.json", "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
