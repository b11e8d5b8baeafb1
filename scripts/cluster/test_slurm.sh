#!/usr/bin/env bash
# scripts/cluster/slurm.sh against a real Slurm: a one-node cluster on this machine (slurmctld,
# slurmd and munged of its own, in a temporary folder, on free ports), a planned build of the
# fixture corpus run through it, byte for byte against `corpusmill build`; then a task that
# fails once, whose successors must not run, and the build resumed by submitting again; then a
# running task requeued (`scontrol requeue`), which must run again and let the build finish.
#
#   scripts/cluster/test_slurm.sh [CORPUSMILL]     (default: target/debug/corpusmill)
#
# Needs root, since slurmd starts the jobs. Installs Debian's slurm-wlm and munge when they are
# missing and apt-get is there; skips (exit 0, saying so) only where it cannot do either. CI runs
# as root on Debian, so there it always runs. CORPUSMILL_SLURM_TIMEOUT bounds each wait for the
# jobs (default 300 s).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${1:-$ROOT/target/debug/corpusmill}
[ -x "$bin" ] || { echo "test_slurm: $bin not built" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
submit=$ROOT/scripts/cluster/slurm.sh
corpus=$ROOT/tests/fixtures/corpus
settings=(--split "0.6,0.2,0.2")
timeout=${CORPUSMILL_SLURM_TIMEOUT:-300}

fail() {
    echo "test_slurm: FAIL: $*" >&2
    exit 1
}

if [ "$(id -u)" != 0 ]; then
    echo "SKIP test_slurm: not root (slurmd must run as root to start jobs)"
    exit 0
fi
daemons=(munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo scancel)
missing() {
    local tool
    for tool in "${daemons[@]}"; do
        command -v "$tool" >/dev/null || return 0
    done
    return 1
}
if missing; then
    if ! command -v apt-get >/dev/null; then
        echo "SKIP test_slurm: Slurm is not installed and there is no apt-get to install it"
        exit 0
    fi
    echo "== installing slurm-wlm and munge (for the Slurm test)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }
    ! missing || fail "slurm-wlm and munge installed, yet one of ${daemons[*]} is missing"
fi

# The submitting shell's Slurm settings (a user's SBATCH_PARTITION, say) are not this cluster's.
for var in $(compgen -e); do
    case $var in SBATCH_* | SLURM_*) unset "$var" ;; esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/corpusmill-slurm.XXXXXX")
export SLURM_CONF=$tmp/slurm.conf

stop() {
    local rc=$? pidfile pid
    # Jobs still running when slurmd goes would leave their slurmstepd behind.
    if [ -f "$tmp/slurmctld.pid" ] && scancel --user=root >/dev/null 2>&1; then
        for _ in $(seq 20); do
            [ -z "$(squeue --noheader 2>/dev/null)" ] && break
            sleep 0.5
        done
    fi
    # slurmd before slurmctld before munged: each needs the next to shut down cleanly.
    for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munged.pid"; do
        pid=$(cat "$pidfile" 2>/dev/null) || continue
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    done
    rm -rf "$tmp"
    exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

diagnose() {
    echo "---- squeue" >&2
    squeue >&2 || true
    echo "---- scontrol show job" >&2
    scontrol show job >&2 || true
    echo "---- sinfo" >&2
    sinfo -N -l >&2 || true
    local log
    for log in "$tmp"/*.err "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/work*/slurm-logs/*; do
        [ -f "$log" ] || continue
        echo "---- $log" >&2
        tail -n 40 "$log" >&2
    done
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== Slurm $(slurmctld -V | awk '{print $2}'): a one-node cluster in $tmp"
mkdir -p "$tmp/state" "$tmp/spool"
# munged serves every user, so it wants its socket's folders searchable by all.
chmod 755 "$tmp"
mungekey --create --keyfile="$tmp/munge.key"
munged --key-file="$tmp/munge.key" --socket="$tmp/munge.socket" --pid-file="$tmp/munged.pid" \
    --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed"

# `slurmd -C` describes this machine as slurm.conf wants its node (NodeName= CPUs= ... RealMemory=),
# so the node is never found smaller than configured and drained.
node=$(slurmd -C | head -n 1)
node_name=${node%% *}
node_name=${node_name#NodeName=}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))
# No cgroups (a container seldom lets us have them), no accounting database, no MPI: what is
# left is what slurm.sh relies on: arrays, dependencies, requeue. The scheduler runs every second
# rather than batching submissions for 3 s and sweeping every 60 s, and a requeued task waits
# 5 s (cred_expire) rather than 120 s before it may start again, or the test would mostly wait.
cat >"$SLURM_CONF" <<EOF
ClusterName=corpusmill-test
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.socket,cred_expire=5
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=3600
SchedulerParameters=batch_sched_delay=0,sched_interval=1
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    [ "$(sinfo --noheader --nodes="$node_name" --format=%t 2>/dev/null)" = idle ] && break
    sleep 1
done
[ "$(sinfo --noheader --nodes="$node_name" --format=%t 2>/dev/null)" = idle ] ||
    { diagnose; fail "node $node_name not idle after 60 s"; }

echo "== corpusmill build (the reference)"
"$bin" build "$corpus" --out "$tmp/whole" --quiet "${settings[@]}" >/dev/null

# Runs slurm.sh --wait; its job lines go to $1, what it says to $1.err; its exit code to
# submit_rc.
run_submit() {
    local out=$1
    shift
    set +e
    CORPUSMILL_SLURM_POLL=1 timeout "$timeout" "$submit" --wait "$@" >"$out" 2>"$out.err"
    submit_rc=$?
    set -e
    echo "   slurm.sh submitted (stage job ranks): $(paste -sd ';' "$out" | sed 's/;/; /g')"
    if [ "$submit_rc" = 124 ]; then
        diagnose
        fail "the jobs did not finish in $timeout s"
    fi
}

# Job $1's array tasks, a line each: "rank state exit-code". A pending array that was cancelled
# before it started is one record for all its ranks (ArrayTaskId=0-2): it is spelled out.
job_tasks() {
    scontrol show job "$1" | awk '
        /^JobId=/ { for (i = 1; i <= NF; i++) if ($i ~ /^ArrayTaskId=/) ids = substr($i, 13) }
        / JobState=/ { for (i = 1; i <= NF; i++) if ($i ~ /^JobState=/) state = substr($i, 10) }
        / ExitCode=/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^ExitCode=/) code = substr($i, 10)
            sub(/%.*/, "", ids)
            n = split(ids, parts, ",")
            for (p = 1; p <= n; p++) {
                if (split(parts[p], ends, "-") == 1) ends[2] = ends[1]
                for (r = ends[1] + 0; r <= ends[2] + 0; r++) print r, state, code
            }
        }' | sort -n
}

# Checks that job $1 has exactly ranks $2 (e.g. "0 1 2"), every one ended in state $3 with exit
# code $4.
expect_job() {
    local job=$1 ranks=$2 state=$3 code=$4 got want
    got=$(job_tasks "$job")
    want=$(for r in $ranks; do echo "$r $state $code"; done)
    [ "$got" = "$want" ] ||
        { diagnose; fail "job $job: wanted"$'\n'"$want"$'\n'"got"$'\n'"$got"; }
}

# The ranks of a --array list such as "0-2" or "1": "0 1 2", "1".
ranks_of() {
    case $1 in
        *-*) seq -s ' ' "${1%-*}" "${1#*-}" ;;
        *) echo "$1" ;;
    esac
}

# The stage lines slurm.sh printed ("stage job ranks"), without the job ids.
stages_submitted() {
    awk '{print $1, $3}' "$1" | paste -sd ' ' -
}

# Checks that every job slurm.sh listed in $1 ran every rank it was given, successfully.
expect_completed() {
    local name job ranks
    while read -r name job ranks; do
        expect_job "$job" "$(ranks_of "$ranks")" COMPLETED 0:0
    done <"$1"
}

plan() {
    "$bin" plan "$corpus" --out "$tmp/$1" --work "$tmp/work-$1" --tasks 3 "${settings[@]}" >/dev/null
}

echo "== a planned build, 3 tasks a stage, through slurm.sh"
plan planned
start=$SECONDS
run_submit "$tmp/jobs" "$bin" "$tmp/work-planned" --throttle 2
[ "$submit_rc" = 0 ] || { diagnose; fail "slurm.sh --wait exited $submit_rc"; }
echo "   the seven stages ran in $((SECONDS - start)) s"
[ "$(stages_submitted "$tmp/jobs")" = "scan 0-2 mark 0-2 count 0-2 sign 0-2 near 0-2 dedup 0-2 write 0-2 finalize 0" ] ||
    fail "slurm.sh submitted: $(stages_submitted "$tmp/jobs")"
expect_completed "$tmp/jobs"
status=$("$bin" plan --status "$tmp/work-planned")
! grep -v ' done$' <<<"$status" || fail "tasks not done"
diff -r "$tmp/whole" "$tmp/planned" || fail "the Slurm-built dataset differs from build's"
echo "   every task COMPLETED; the dataset is byte-identical to build's"

echo "== sign task 1 fails once: nothing after sign runs; submitting again finishes the build"
failed=$tmp/sign-1-failed
flaky=$tmp/flaky-corpusmill
cat >"$flaky" <<EOF
#!/bin/sh
if [ "\$1 \$2" = "stage sign" ] && [ "\${SLURM_ARRAY_TASK_ID:-}" = 1 ] && [ ! -e '$failed' ]; then
    : >'$failed'
    echo "flaky-corpusmill: sign 1 fails this once" >&2
    exit 1
fi
exec '$bin' "\$@"
EOF
chmod +x "$flaky"
plan resumed
run_submit "$tmp/jobs-failed" "$flaky" "$tmp/work-resumed"
[ "$submit_rc" = 1 ] || { diagnose; fail "slurm.sh --wait exited $submit_rc, not 1, on a failed task"; }
[ -e "$failed" ] || fail "the failing task never ran"
grep -q 'not every task is done' "$tmp/jobs-failed.err" ||
    fail "slurm.sh did not say the build is unfinished: $(cat "$tmp/jobs-failed.err")"
declare -A job_of
while read -r name job ranks; do job_of[$name]=$job; done <"$tmp/jobs-failed"
expect_job "${job_of[scan]}" "0 1 2" COMPLETED 0:0
expect_job "${job_of[mark]}" "0 1 2" COMPLETED 0:0
expect_job "${job_of[count]}" "0 1 2" COMPLETED 0:0
[ "$(job_tasks "${job_of[sign]}" | paste -sd ' ' -)" = "0 COMPLETED 0:0 1 FAILED 1:0 2 COMPLETED 0:0" ] ||
    { diagnose; fail "sign: $(job_tasks "${job_of[sign]}" | paste -sd ' ' -)"; }
for name in near dedup write finalize; do
    ranks=0
    case $name in near|dedup|write) ranks="0 1 2" ;; esac
    expect_job "${job_of[$name]}" "$ranks" CANCELLED 0:0
    # A job cancelled for its dependency before it started left no log file.
    ! compgen -G "$tmp/work-resumed/slurm-logs/corpusmill-$name-*" >/dev/null ||
        fail "$name ran after sign failed"
done
[ ! -e "$tmp/resumed" ] || fail "a dataset appeared though sign failed"
"$bin" plan --status "$tmp/work-resumed" | grep -q '^sign .* 2/3 .*to do: 1$' ||
    fail "sign: $("$bin" plan --status "$tmp/work-resumed")"

# While jobs of the build are queued, another submission is refused.
"$submit" "$flaky" "$tmp/work-resumed" -- --hold >"$tmp/jobs-held"
if "$submit" "$flaky" "$tmp/work-resumed" >/dev/null 2>"$tmp/refused"; then
    fail "a second submission was accepted while the first was queued"
fi
grep -q 'still queued' "$tmp/refused" || fail "refused without saying why: $(cat "$tmp/refused")"
mapfile -t held < <(awk '{print $2}' "$tmp/jobs-held")
scancel "${held[@]}"
for _ in $(seq 30); do
    [ -z "$(squeue --noheader)" ] && break
    sleep 1
done

run_submit "$tmp/jobs-resumed" "$flaky" "$tmp/work-resumed"
[ "$submit_rc" = 0 ] || { diagnose; fail "resuming: slurm.sh --wait exited $submit_rc"; }
[ "$(stages_submitted "$tmp/jobs-resumed")" = "sign 1 near 0-2 dedup 0-2 write 0-2 finalize 0" ] ||
    fail "resuming submitted: $(stages_submitted "$tmp/jobs-resumed")"
expect_completed "$tmp/jobs-resumed"
diff -r "$tmp/whole" "$tmp/resumed" || fail "the resumed dataset differs from build's"
echo "   near, dedup, write and finalize were cancelled, not run; resumed, the dataset is byte-identical"

echo "== write task 0 requeued while it runs (scontrol requeue): it runs again, the rest follows"
started=$tmp/write-0-started
stuck=$tmp/stuck-corpusmill
cat >"$stuck" <<EOF
#!/bin/sh
if [ "\$1 \$2" = "stage write" ] && [ "\${SLURM_ARRAY_TASK_ID:-}" = 0 ] && [ ! -e '$started' ]; then
    : >'$started'
    # The first run of this task never ends by itself: only a requeue gets the build on.
    exec sleep 3600
fi
exec '$bin' "\$@"
EOF
chmod +x "$stuck"
plan requeued
{
    run_submit "$tmp/jobs-requeued" "$stuck" "$tmp/work-requeued"
    exit "$submit_rc"
} &
waiting=$!
for _ in $(seq "$timeout"); do
    [ -e "$started" ] && break
    sleep 1
done
[ -e "$started" ] || { diagnose; fail "write 0 never started"; }
write_job=$(awk '$1 == "write" {print $2}' "$tmp/jobs-requeued")
scontrol requeue "${write_job}_0"
wait "$waiting" || fail "slurm.sh --wait failed after the requeue"
expect_completed "$tmp/jobs-requeued"
scontrol show job "${write_job}_0" | grep -q ' Restarts=1 ' ||
    fail "write 0 was not restarted: $(scontrol show job "${write_job}_0")"
diff -r "$tmp/whole" "$tmp/requeued" || fail "the dataset of the requeued build differs from build's"
echo "   write 0 ran twice, the stages after it once; the dataset is byte-identical"
echo "test_slurm: ok"
