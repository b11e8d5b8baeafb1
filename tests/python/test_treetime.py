"""scripts/bench/treetime.py counts the CPU and memory of a command's whole process tree, including
workers that GNU time misses (a forkserver's pool, an orphaned grandchild)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREETIME = ROOT / "scripts" / "bench" / "treetime.py"

BURN = textwrap.dedent("""
    import multiprocessing as mp, os, sys, time

    def burn(seconds, mb=0):
        buf = bytearray(mb * 1024 * 1024)
        for i in range(0, len(buf), 4096):
            buf[i] = 1  # touch every page: resident
        t = time.process_time()
        while time.process_time() - t < seconds:
            pass
        return len(buf)

    if __name__ == "__main__":
        if sys.argv[1] == "pool":
            # as datatrove's LocalPipelineExecutor: a forkserver pool; nobody waits for the
            # forkserver, so its workers' CPU never reaches the parent's rusage
            with mp.get_context("forkserver").Pool(2) as pool:
                pool.starmap(burn, [(0.6, 64), (0.6, 64)])
        else:
            # an orphan: the child forks a grandchild and exits at once
            if os.fork() == 0:
                burn(0.6)
                os._exit(0)
""")


def run(tmp_path: Path, mode: str) -> dict:
    script = tmp_path / "burn.py"
    script.write_text(BURN)
    out_json, out_time = tmp_path / f"{mode}.json", tmp_path / f"{mode}.time"
    subprocess.run([sys.executable, str(TREETIME), "-o", str(out_time), "--json", str(out_json),
                    "--interval", "0.05", "--", sys.executable, str(script), mode],
                   check=True, timeout=120)
    m = json.loads(out_json.read_text())
    wall, peak, user, sys_ = out_time.read_text().split()
    assert float(user) == round(m["user_seconds"], 2) and int(peak) == m["peak_rss_kb"]
    assert float(wall) > 0 and float(sys_) >= 0
    return m


def test_pool_workers_cpu_and_memory_are_counted(tmp_path: Path) -> None:
    m = run(tmp_path, "pool")
    assert m["exit_status"] == 0 and m["subreaper"]
    # two workers burned 0.6 s of CPU each (process_time counts user + system)
    assert m["user_seconds"] + m["sys_seconds"] >= 1.15, m
    # each worker held 64 MiB: the tree's summed RSS saw both at once, no single process did
    assert m["peak_rss_sum_sampled_kb"] >= 2 * 64 * 1024, m
    assert m["peak_pss_sum_sampled_kb"] >= 2 * 60 * 1024, m
    assert m["peak_rss_kb"] >= m["max_single_process_rss_kb"]
    assert m["processes_seen"] >= 3  # the script, the forkserver, two workers (some may be quick)


def test_orphaned_grandchild_is_waited_for_and_counted(tmp_path: Path) -> None:
    m = run(tmp_path, "orphan")
    assert m["exit_status"] == 0
    assert m["user_seconds"] + m["sys_seconds"] >= 0.55, m
    # the command itself exited at once; the tree lasted until the grandchild finished
    assert m["tree_wall_seconds"] >= 0.55 and m["wall_seconds"] < m["tree_wall_seconds"], m


def test_exit_status_passes_through(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(TREETIME), "--", sys.executable, "-c",
                        "import sys; sys.exit(3)"], timeout=60)
    assert r.returncode == 3
