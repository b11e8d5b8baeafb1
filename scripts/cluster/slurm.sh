#!/usr/bin/env bash
# Runs a planned corpusmill build (`corpusmill plan`) on Slurm: one job array per stage, each
# stage waiting for the whole previous one (--dependency=afterok), each array task running
# `corpusmill stage NAME --work WORK --quiet` with its rank taken from SLURM_ARRAY_TASK_ID.
#
#   scripts/cluster/slurm.sh [OPTIONS] CORPUSMILL WORK [-- SBATCH_OPTION...]
#
#   CORPUSMILL          the corpusmill binary, at a path every compute node can run
#   WORK                the --work folder of `corpusmill plan`, on a filesystem every node shares
#   -p, --partition P   sbatch --partition
#   -c, --cpus-per-task N
#                       sbatch --cpus-per-task; each task runs on that many threads (default 1)
#   -t, --time T        sbatch --time, per task (e.g. 2:00:00)
#   --throttle N        at most N tasks of a stage run at once (--array=...%N);
#                       default $CORPUSMILL_SLURM_THROTTLE, else no limit
#   --log-dir DIR       the tasks' stdout and stderr, as DIR/corpusmill-STAGE-JOB_RANK.out
#                       (default WORK/slurm-logs)
#   --wait              wait until the last job has left the queue, then exit 0 if every task
#                       of the plan is done and 1 otherwise; polls squeue every
#                       $CORPUSMILL_SLURM_POLL seconds (default 10)
#   -- SBATCH_OPTION... given to every sbatch as they are (--account, --qos, --mem, ...);
#                       sbatch's own SBATCH_* environment variables work too
#
# Prints one line per submitted stage: the stage, its job id and the ranks it runs.
#
# Resuming. The stages already done are skipped and, of a stage partly done, only the ranks not
# done are submitted (a done task would only exit 0 at once), so after a failure, a time-out or
# a scancel, fix the cause and run the same command again. The jobs of a failed stage's
# successors are cancelled by Slurm (--kill-on-invalid-dep=yes) rather than left pending
# forever; this script refuses to submit while jobs of the same WORK are still queued, so that
# no task runs twice at once (scancel them first). A task lost with its node is requeued by
# Slurm (--requeue) and simply runs again; `scontrol requeue JOBID_RANK` does the same by hand
# for a task whose successors are still pending.
#
# Relative paths in the plan (inputs, --out) are resolved by each task against the directory
# this script is run from, which Slurm makes the tasks' working directory.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}

die() {
    echo "slurm.sh: $*" >&2
    exit 2
}

throttle=${CORPUSMILL_SLURM_THROTTLE:-}
poll=${CORPUSMILL_SLURM_POLL:-10}
log_dir=
wait=0
sbatch_opts=()
positional=()
while [ $# -gt 0 ]; do
    case $1 in
        -h | --help) usage 0 ;;
        -p | --partition) [ $# -ge 2 ] || die "$1 needs a value"; sbatch_opts+=(--partition="$2"); shift 2 ;;
        -c | --cpus-per-task) [ $# -ge 2 ] || die "$1 needs a value"; sbatch_opts+=(--cpus-per-task="$2"); shift 2 ;;
        -t | --time) [ $# -ge 2 ] || die "$1 needs a value"; sbatch_opts+=(--time="$2"); shift 2 ;;
        --throttle) [ $# -ge 2 ] || die "$1 needs a value"; throttle=$2; shift 2 ;;
        --log-dir) [ $# -ge 2 ] || die "$1 needs a value"; log_dir=$2; shift 2 ;;
        --wait) wait=1; shift ;;
        --) shift; sbatch_opts+=("$@"); break ;;
        -*) echo "slurm.sh: unknown option $1" >&2; usage 2 >&2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} -eq 2 ] || usage 2 >&2
if [ -n "$throttle" ] && ! [[ $throttle =~ ^[1-9][0-9]*$ ]]; then
    die "--throttle must be a positive whole number, not '$throttle'"
fi
[[ $poll =~ ^[1-9][0-9]*$ ]] || die "CORPUSMILL_SLURM_POLL must be a positive whole number"
for tool in sbatch squeue scancel; do
    command -v "$tool" >/dev/null || die "$tool not found: run this on a Slurm login node"
done

# The job scripts outlive this shell and run elsewhere: every path in them must be absolute.
bin=${positional[0]}
case $bin in
    */*) [ -x "$bin" ] || die "$bin is not an executable"; bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
    *) bin=$(command -v "$bin") || die "${positional[0]} not found on PATH" ;;
esac
work=${positional[1]}
[ -f "$work/plan.json" ] || die "$work/plan.json not found: run \`corpusmill plan ... --work $work\` first"
work=$(cd "$work" && pwd)
log_dir=${log_dir:-$work/slurm-logs}
mkdir -p "$log_dir"
log_dir=$(cd "$log_dir" && pwd)
# Tags this build's jobs, so that a second submission can see the first is still queued.
tag="corpusmill:$work"

queued() {
    squeue --noheader --user="$(id -un)" --format='%i|%k|%T|%r' | awk -F'|' -v tag="$tag" '$2 == tag'
}

# A stage's ranks still to do, as an --array list with runs folded: "0-2,5". Besides
# checking that the plan is this binary's, `plan --status` is what says which tasks are done:
#   scan         1/3    to do: 0 2
#   finalize     1/1    done
todo=$("$bin" plan --status "$work" | awk '
    {
        spec = ""
        if ($3 != "done") {
            for (i = 5; i <= NF; i++) {
                r = $i + 0
                if (i > 5 && r == last + 1) { last = r; continue }
                if (i > 5) spec = spec (last > first ? "-" last : "") ","
                spec = spec r; first = r; last = r
            }
            spec = spec (last > first ? "-" last : "")
        }
        print $1, spec
    }')
[ -n "$todo" ] || die "\`corpusmill plan --status $work\` listed no stages"

already=$(queued)
if [ -n "$already" ]; then
    echo "slurm.sh: jobs of $work are still queued (job|tag|state|reason):" >&2
    echo "$already" >&2
    die "wait for them or scancel them, then run this again"
fi

# SBATCH_WAIT in the environment would make every submission below block until its job ends.
unset SBATCH_WAIT

submitted=()
cancel_submitted() {
    if [ ${#submitted[@]} -gt 0 ]; then
        echo "slurm.sh: cancelling the jobs submitted so far: ${submitted[*]}" >&2
        scancel "${submitted[@]}" || true
    fi
}

previous=
while read -r name ranks; do
    [ -n "$ranks" ] || continue
    # shellcheck disable=SC2016 # SLURM_CPUS_PER_TASK is the task's, expanded where it runs.
    script=$(printf '#!/bin/bash\nexec %q stage %q --work %q --quiet --threads "${SLURM_CPUS_PER_TASK:-1}"\n' \
        "$bin" "$name" "$work")
    args=(--parsable --output="$log_dir/%x-%A_%a.out" --open-mode=append "${sbatch_opts[@]}"
        --job-name="corpusmill-$name" --comment="$tag" --array="$ranks${throttle:+%$throttle}"
        --requeue --kill-on-invalid-dep=yes)
    if [ -n "$previous" ]; then
        args+=(--dependency="afterok:$previous")
    fi
    if ! id=$(sbatch "${args[@]}" <<<"$script"); then
        cancel_submitted
        die "sbatch failed for stage $name"
    fi
    # --parsable prints "id" or "id;cluster".
    id=${id%%;*}
    submitted+=("$id")
    previous=$id
    echo "$name $id $ranks"
done <<<"$todo"

if [ ${#submitted[@]} -eq 0 ]; then
    echo "slurm.sh: every task of $work is done already" >&2
    exit 0
fi
[ "$wait" = 1 ] || exit 0

while :; do
    if ! left=$(queued); then
        # The controller may be briefly unreachable; squeue says why on stderr.
        sleep "$poll"
        continue
    fi
    [ -n "$left" ] || break
    # Should the next job after a failed stage stay pending rather than be cancelled (a site
    # whose job_submit plugin drops --kill-on-invalid-dep), it waits with
    # DependencyNeverSatisfied and its successors with Dependency, for ever: once nothing else
    # is left, nothing more will run.
    if grep -q '|PENDING|DependencyNeverSatisfied$' <<<"$left" &&
        ! grep -qv '|PENDING|Dependency\(NeverSatisfied\)\{0,1\}$' <<<"$left"; then
        echo "slurm.sh: the jobs left can never start (DependencyNeverSatisfied):" >&2
        echo "$left" >&2
        echo "slurm.sh: scancel $(cut -d'|' -f1 <<<"$left" | sed 's/_.*//' | sort -u | paste -sd ' ' -) before resuming" >&2
        break
    fi
    sleep "$poll"
done

status=$("$bin" plan --status "$work")
echo "$status" >&2
if grep -qv ' done$' <<<"$status"; then
    echo "slurm.sh: not every task is done; see $log_dir, then run this again to resume" >&2
    exit 1
fi
