#!/usr/bin/env python3
"""Runs a planned corpusmill build (`corpusmill plan`) as Ray tasks.

    corpusmill plan news/ --out dataset --work work --tasks 8 [build settings]
    python3 scripts/cluster/ray_build.py CORPUSMILL_BIN WORK [--address ADDR]
        [--cpus-per-task K] [--retries N]

Stage by stage in run order, one Ray task per rank runs
`CORPUSMILL_BIN stage NAME --work WORK --rank R --quiet --threads K`; a stage starts once every
task of the one before it is done. A failed task is run again up to --retries times: a rerun
of a task is safe, and one that already finished is a no-op. A usage error of the binary
(exit 2: a missing input, a plan of another corpusmill version, an earlier stage not done) is
not retried, since a rerun would fail the same way.

Every Ray worker runs the binary itself, so CORPUSMILL_BIN, WORK, the inputs and the output
folder must be on a filesystem every node of the cluster shares, at the same paths (or in
object storage: `s3://`, `gs://`, `az://`). `corpusmill plan` stores the input files and the
output folder as absolute paths; the tasks run in the directory this script is started in.

--address: a running cluster's address (`auto` finds the one on this node). Without it, the
cluster in RAY_ADDRESS, else a new local one on this machine, stopped when the build ends.

Exits 0 once the finalize stage is done, 1 if a task failed for good.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import ray

USAGE_EXIT = 2


class TaskFailed(Exception):
    """A stage task exited non-zero; running it again may succeed (a lost node, a full disk)."""


class TaskRefused(Exception):
    """A stage task exited with a usage error, which running it again would repeat."""


def stages_of(binary, work):
    """The plan's stages in run order with their task counts, as the binary that runs them
    lists them (so this script never carries a stage list of its own, and WORK may be in object
    storage)."""
    done = subprocess.run([binary, "plan", "--status", work, "--json"], capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.exit(f"ray_build: {done.stderr.strip() or 'corpusmill plan --status failed'}")
    try:
        return [(s["name"], s["tasks"]) for s in json.loads(done.stdout)["stages"]]
    except (ValueError, KeyError, TypeError) as e:
        sys.exit(f"ray_build: `corpusmill plan --status --json` gave no stage list: {e}")


def run_task(binary, work, name, rank, threads, cwd):
    cmd = [binary, "stage", name, "--work", work, "--rank", str(rank), "--quiet",
           "--threads", str(threads)]
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except OSError as e:
        # On a node without the shared filesystem: worth another node, so retried.
        raise TaskFailed(f"{name} {rank} on {os.uname().nodename}: cannot run {binary} in "
                         f"{cwd}: {e}") from None
    if done.returncode != 0:
        said = done.stderr.strip() or "(nothing on stderr)"
        kind = TaskRefused if done.returncode == USAGE_EXIT else TaskFailed
        raise kind(f"{name} {rank} on {os.uname().nodename} exited with {done.returncode}: "
                   f"{said}")
    return rank


def build(binary, work, cpus_per_task, retries, log):
    task = ray.remote(run_task).options(
        num_cpus=cpus_per_task,
        max_retries=retries,
        retry_exceptions=[TaskFailed],
    )
    cwd = os.getcwd()
    for name, count in stages_of(binary, work):
        started = time.monotonic()
        refs = [task.remote(binary, work, name, rank, cpus_per_task, cwd) for rank in range(count)]
        # Every task of the stage is waited for, even after one failed for good: what the
        # others finish is kept in WORK, so running this script again does only what is left.
        failed = []
        for rank, ref in enumerate(refs):
            try:
                ray.get(ref)
            except ray.exceptions.RayTaskError as e:
                failed.append(str(getattr(e, "cause", None) or e))
            except ray.exceptions.RayError as e:
                failed.append(f"{name} {rank}: lost ({type(e).__name__}): {e}")
        if failed:
            for what in failed:
                log(f"ray_build: {what}")
            log(f"ray_build: stage {name}: {len(failed)} of {count} task(s) failed for good")
            return False
        log(f"ray_build: {name}: {count} task(s) done in {time.monotonic() - started:.1f} s")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("binary", metavar="CORPUSMILL_BIN", help="the corpusmill binary")
    parser.add_argument("work", metavar="WORK", help="the WORK folder of `corpusmill plan`")
    parser.add_argument("--address", help="Ray cluster to connect to (`auto`: the one on this "
                        "node) [default: RAY_ADDRESS, else start a local one]")
    parser.add_argument("--cpus-per-task", type=int, default=1, metavar="K",
                        help="CPUs Ray reserves for each task, and its worker threads [1]")
    parser.add_argument("--retries", type=int, default=3, metavar="N",
                        help="runs of a failed task after the first [3]")
    args = parser.parse_args()
    if args.cpus_per_task < 1 or args.retries < 0:
        parser.error("--cpus-per-task must be at least 1 and --retries at least 0")

    # A bare name is looked up on each node's PATH; a path is made absolute here, so that every
    # task, and every message of a failed one, names the same file.
    binary = os.path.abspath(args.binary) if os.sep in args.binary else args.binary
    work = args.work if "://" in args.work else os.path.abspath(args.work)
    stages_of(binary, work)  # a bad WORK is reported before a cluster is started for nothing
    address = args.address or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address)
    else:
        ray.init(include_dashboard=False)
    try:
        ok = build(binary, work, args.cpus_per_task, args.retries,
                   lambda line: print(line, file=sys.stderr, flush=True))
    finally:
        ray.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
