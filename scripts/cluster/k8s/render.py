#!/usr/bin/env python3
"""Prints the Kubernetes Indexed Jobs that run a planned corpusmill build, one Job per stage,
with the task counts of its plan.

    python3 render.py PLAN --image IMAGE [--stage NAME] [--work-claim corpusmill-work]
        [--data-claim corpusmill-data] [--retries 3] [--parallelism N]

PLAN is WORK/plan.json (or the WORK folder holding it, or - to read it from stdin). What to
fill in, and what the manifests assume:
  --image       an image with corpusmill at /usr/local/bin/corpusmill, the very version that
                made the plan (a task refuses a plan of another version);
  --work-claim  a ReadWriteMany PersistentVolumeClaim, mounted at /work in every pod: WORK;
  --data-claim  a PersistentVolumeClaim mounted at /data, holding the inputs and the place of
                the output folder.
The plan must name its inputs and --out as the pods see them, absolute, so make it in a pod (or
on a machine) that mounts the two claims at /work and /data:

    corpusmill plan /data/news --out /data/dataset --work /work --tasks 8 [build settings]

then get plan.json out (kubectl cp, or kubectl exec POD -- cat /work/plan.json | render.py -)
and run the stages in order, each once the one before it is complete:

    for stage in scan mark count sign near dedup write finalize; do
        python3 render.py plan.json --image IMAGE --stage $stage | kubectl apply -f -
        kubectl wait --for=condition=complete --timeout=24h job/corpusmill-$stage || break
    done

The stages cannot be applied at once: a task needs every task of the stages before it done,
and one started early exits 2, which fails its index for good. A stage that failed for good
(kubectl wait then waits until its timeout; `kubectl get jobs` shows it): fix the cause,
`kubectl delete job corpusmill-STAGE`, and apply it again; its tasks that finished are not run
again. Without --stage, every stage is printed, for reading, not for one `kubectl apply`.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
# The template files are named N-STAGE.yaml, N being the stage's place in the run order.
TEMPLATES = sorted(HERE.glob("[0-9]-*.yaml"))
PLAN_FORMAT = 1


def load_plan(source: str) -> dict:
    if source == "-":
        text, path = sys.stdin.read(), "stdin"
    else:
        path = Path(source) / "plan.json" if Path(source).is_dir() else Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            sys.exit(f"render.py: cannot read the plan: {e}")
    try:
        plan = json.loads(text)
    except ValueError as e:
        sys.exit(f"render.py: {path}: not a corpusmill plan: {e}")
    tasks = plan.get("tasks")
    if plan.get("format") != PLAN_FORMAT or not isinstance(tasks, int) or tasks < 1:
        sys.exit(f"render.py: {path}: plan format {plan.get('format')!r}, tasks {tasks!r}: "
                 f"these manifests are for format {PLAN_FORMAT}")
    # The pods run in the image's working directory, where a relative path means nothing.
    # `corpusmill plan` stores the files and the output as absolute paths (the input roots only
    # name the build in the manifest); object storage URLs are fine anywhere.
    paths = [f.get("path", "") for f in plan.get("files", [])] + [plan.get("out", "")]
    relative = [p for p in paths if "://" not in p and not os.path.isabs(p)]
    if relative:
        sys.exit(f"render.py: {path}: the plan names relative paths ({', '.join(relative)}): "
                 "plan with absolute paths, as the pods see them")
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("plan", metavar="PLAN", help="WORK/plan.json, WORK, or - for stdin")
    parser.add_argument("--image", required=True, help="image with /usr/local/bin/corpusmill")
    parser.add_argument("--stage", help="print only this stage's Job")
    parser.add_argument("--work-claim", default="corpusmill-work",
                        help="PVC mounted at /work as WORK [corpusmill-work]")
    parser.add_argument("--data-claim", default="corpusmill-data",
                        help="PVC mounted at /data: inputs and output [corpusmill-data]")
    parser.add_argument("--retries", type=int, default=3,
                        help="times a task may fail and run again (backoffLimitPerIndex) [3]")
    parser.add_argument("--parallelism", type=int,
                        help="at most this many pods of a stage at once [all its tasks]")
    args = parser.parse_args()
    if args.retries < 0 or (args.parallelism is not None and args.parallelism < 1):
        parser.error("--retries must be at least 0 and --parallelism at least 1")
    names = [t.stem.split("-", 1)[1] for t in TEMPLATES]
    if args.stage is not None and args.stage not in names:
        parser.error(f"no stage {args.stage!r}; the stages are {', '.join(names)}")

    plan = load_plan(args.plan)
    values = {
        "TASKS": plan["tasks"],
        "PARALLELISM": min(plan["tasks"], args.parallelism or plan["tasks"]),
        "RETRIES": args.retries,
        "IMAGE": json.dumps(args.image),
        "WORK_CLAIM": json.dumps(args.work_claim),
        "DATA_CLAIM": json.dumps(args.data_claim),
    }
    rendered = [Template(t.read_text(encoding="utf-8")).substitute(values)
                for t, name in zip(TEMPLATES, names) if args.stage in (None, name)]
    sys.stdout.write("---\n".join(rendered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
