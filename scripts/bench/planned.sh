#!/usr/bin/env bash
# A planned build (corpusmill plan + stage) against `build`, on one machine (issue 25's target:
# with TASKS tasks per stage run as separate processes side by side, at least 90% of
# `build --threads TASKS`'s throughput, and no task's peak RSS above the build's).
#
#   scripts/bench/planned.sh CORPUS [--tasks N] [--rounds N] [--bin PATH] [--dir DIR]
#
# CORPUS is any input folder or file (e.g. target/bench/corpus/100mb/articles from run.sh).
# Rounds alternate the two ways, so a busy minute of the machine hurts both alike. Each stage's
# tasks start together, each with one thread (the single finalize task gets all TASKS), as
# a scheduler with one core per task would run them; every round checks that the dataset is
# byte-identical to the build's (SHA256SUMS). Prints per round the wall times, the ratio and
# the peak RSS of the build and of the largest task, then the medians.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
corpus=${1:?usage: planned.sh CORPUS [--tasks N] [--rounds N] [--bin PATH] [--dir DIR]}
shift
tasks=2 rounds=3 bin="$ROOT/target/release/corpusmill" dir=${BENCH_DIR:-$ROOT/target/bench}/planned
while [ $# -gt 0 ]; do
    case $1 in
        --tasks) tasks=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        *) echo "planned.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "planned.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }
mkdir -p "$dir"

now() { date +%s.%N; }

# Wall seconds of `build`; its peak RSS (KB) in $dir/build.rss.
run_build() {
    local start
    start=$(now)
    /usr/bin/time -f %M -o "$dir/build.rss" "$bin" build "$corpus" --out "$dir/built" \
        --overwrite --quiet --threads "$tasks" >/dev/null
    echo "$(now) - $start" | bc
}

# Wall seconds of plan + every stage; the largest task's peak RSS (KB) in $dir/planned.rss.
run_planned() {
    local start stage n threads rank
    rm -rf "$dir/work" "$dir/planned" "$dir"/rss.*
    start=$(now)
    "$bin" plan "$corpus" --out "$dir/planned" --work "$dir/work" --tasks "$tasks" >/dev/null
    for stage in scan mark count sign near dedup write finalize; do
        case $stage in finalize) n=1 threads=$tasks ;; *) n=$tasks threads=1 ;; esac
        for ((rank = 0; rank < n; rank++)); do
            /usr/bin/time -f %M -o "$dir/rss.$stage.$rank" "$bin" stage "$stage" \
                --work "$dir/work" --rank "$rank" --threads "$threads" --quiet &
        done
        wait
    done
    echo "$(now) - $start" | bc
    sort -n "$dir"/rss.* | tail -1 > "$dir/planned.rss"
}

ratios=() builds=() planneds=()
for ((round = 1; round <= rounds; round++)); do
    b=$(run_build)
    p=$(run_planned)
    cmp -s "$dir/built/SHA256SUMS" "$dir/planned/SHA256SUMS" ||
        { echo "planned.sh: round $round: the planned dataset differs from the build's" >&2; exit 1; }
    ratio=$(echo "scale=3; $b / $p" | bc)
    ratios+=("$ratio") builds+=("$b") planneds+=("$p")
    printf 'round %d: build %.2f s (%d MB), planned %.2f s (largest task %d MB): %.1f%% of build throughput\n' \
        "$round" "$b" "$(( $(cat "$dir/build.rss") / 1024 ))" "$p" \
        "$(( $(cat "$dir/planned.rss") / 1024 ))" "$(echo "$ratio * 100" | bc)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'median of %d rounds, %d tasks: build %.2f s, planned %.2f s, planned/build throughput %.1f%%\n' \
    "$rounds" "$tasks" "$(median "${builds[@]}")" "$(median "${planneds[@]}")" \
    "$(echo "$(median "${ratios[@]}") * 100" | bc)"
