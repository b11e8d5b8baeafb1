#!/usr/bin/env python3
"""Time a command and its whole process tree: wall, CPU and peak memory (issue 28).

    python3 scripts/bench/treetime.py [-o FILE] [--json FILE] [--interval S] -- CMD [ARG...]

GNU time reports the CPU of the descendants that were waited for, and the peak RSS of the single
largest process. A tool that runs workers misses from both: datatrove's LocalPipelineExecutor
forks its workers from a forkserver process that nobody waits for, so their CPU never reaches
`time`, and its memory is spread over several processes. This meter:

  - makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so a descendant whose parent
    exits is re-parented to the meter, not to init; after the command exits it waits for every
    remaining descendant, so getrusage(RUSAGE_CHILDREN) then holds the user and system CPU of the
    whole tree (each process is counted once it is reaped, by its parent or by the meter);
  - samples the tree every --interval seconds from /proc (parent links from /proc/PID/stat) and
    keeps the peak of the summed RSS (/proc/PID/statm) and of the summed PSS
    (/proc/PID/smaps_rollup, which shares pages between the processes that map them, so forked
    workers are not counted twice);
  - wall time runs from the start to the command's own exit (as GNU time's does); the time until
    the last descendant exited is reported beside it.

-o FILE gets one line in GNU time's `-f '%e %M %U %S'` format: wall seconds, peak RSS kB, user
seconds, system seconds, where peak RSS is the larger of the sampled peak of the tree's summed
RSS and the largest single process's ru_maxrss (exact for one process, which sampling can miss).
--json FILE gets every number. The command's stdout and stderr pass through; the exit status is
the command's (128 + signal when it was killed). Standard library only; Linux only.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLK_TCK = os.sysconf("SC_CLK_TCK")


def set_subreaper() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except OSError:
        return False


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, user+system CPU seconds so far) of a process, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            s = f.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    rest = s[s.rfind(b")") + 2:].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / CLK_TCK


def descendants(root: int) -> dict[int, float]:
    """Live descendants of `root`: pid -> CPU seconds so far."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        st = _stat(name)
        if st is None:
            continue
        pid = int(name)
        children.setdefault(st[0], []).append(pid)
        cpu[pid] = st[1]
    out: dict[int, float] = {}
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        out[pid] = cpu[pid]
        stack.extend(children.get(pid, []))
    return out


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class Sampler(threading.Thread):
    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.peak_rss_kb = self.peak_pss_kb = self.max_procs = self.samples = 0
        self.cpu_seen: dict[int, float] = {}  # pid -> last CPU seconds seen (cross-check only)
        self.pids_seen: set[int] = set()

    def sample(self) -> None:
        procs = descendants(self.root)
        self.samples += 1
        self.max_procs = max(self.max_procs, len(procs))
        self.pids_seen.update(procs)
        self.cpu_seen.update(procs)
        self.peak_rss_kb = max(self.peak_rss_kb, sum(rss_kb(p) for p in procs))
        self.peak_pss_kb = max(self.peak_pss_kb, sum(pss_kb(p) for p in procs))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", help="write 'wall_s peak_rss_kb user_s sys_s' here")
    ap.add_argument("--json", help="write all measurements here as JSON")
    ap.add_argument("--interval", type=float, default=0.1, help="sampling period, seconds")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command given")

    subreaper = set_subreaper()
    t0 = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd)
    except OSError as e:
        print(f"treetime: cannot run {cmd[0]}: {e}", file=sys.stderr)
        return 127
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda s, _f: proc.send_signal(s))
    sampler = Sampler(os.getpid(), args.interval)
    sampler.start()
    status = proc.wait()
    wall = time.perf_counter() - t0
    # Reap whatever the command left running or unreaped (re-parented to us as the subreaper).
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
    tree_wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = max(sampler.peak_rss_kb, ru.ru_maxrss)
    if args.output:
        with open(args.output, "w") as f:
            f.write(f"{wall:.2f} {peak_kb} {ru.ru_utime:.2f} {ru.ru_stime:.2f}\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "cmd": cmd, "exit_status": status, "subreaper": subreaper,
                "wall_seconds": wall, "tree_wall_seconds": tree_wall,
                "user_seconds": ru.ru_utime, "sys_seconds": ru.ru_stime,
                "peak_rss_kb": peak_kb, "peak_rss_sum_sampled_kb": sampler.peak_rss_kb,
                "peak_pss_sum_sampled_kb": sampler.peak_pss_kb,
                "max_single_process_rss_kb": ru.ru_maxrss,
                "cpu_seconds_sampled": sum(sampler.cpu_seen.values()),
                "processes_seen": len(sampler.pids_seen), "max_processes": sampler.max_procs,
                "samples": sampler.samples, "interval_seconds": args.interval,
            }, f, indent=1)
            f.write("\n")
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main())
