#!/usr/bin/env bash
# Cleaning evaluation on a synthetic corpus with ground truth: site furniture left in the text,
# article lines lost, reposts grouped with their original, distinct articles wrongly grouped,
# cross-split leakage, and near-duplicate stage throughput (see cleaning.py for definitions).
#
#   scripts/eval/cleaning.sh [DOCS] [SEED] [cleaning.py options, e.g. --json --examples 5]
#                                           defaults: 20000 articles, seed 1
#   CORPUSMILL=/path/to/binary     binary to use (default target/release/corpusmill; not rebuilt)
#   VENV=/path/to/venv             Python with polars (else .venv, else /tmp/venvtest, else python3)
#   WORK=/path/to/dir              keep corpus and datasets there (reused when DOCS/SEED match);
#                                  default: a temporary folder removed at exit
#
# Steps: gen_corpus.py WORK/corpus --docs DOCS --seed SEED --format txt;
#        corpusmill build WORK/corpus/articles --out WORK/default --threads 1 -q --json
#        corpusmill build WORK/corpus/articles --out WORK/tag --tag-near-dups -q --json
#        cleaning.py on both. Everything runs under `nice`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

docs=20000
seed=1
pos=0
extra=()
# DOCS and SEED come first; from the first option on, everything goes to cleaning.py.
for a in "$@"; do
    if [[ "$a" != -* && $pos -lt 2 && ${#extra[@]} -eq 0 ]]; then
        if [[ $pos -eq 0 ]]; then docs="$a"; else seed="$a"; fi
        pos=$((pos + 1))
    else
        extra+=("$a")
    fi
done

py=""
for cand in "${VENV:+$VENV/bin/python}" "$root/.venv/bin/python" /tmp/venvtest/bin/python; do
    if [[ -n "$cand" && -x "$cand" ]]; then py="$cand"; break; fi
done
if [[ -z "$py" ]]; then py="$(command -v python3)"; fi
if ! "$py" -c 'import polars' 2>/dev/null; then
    echo "cleaning.sh: $py has no polars; set VENV to a venv with polars" >&2
    exit 2
fi

bin="${CORPUSMILL:-$root/target/release/corpusmill}"
if [[ ! -x "$bin" ]]; then
    echo "cleaning.sh: no corpusmill binary at $bin (build it with cargo build --release)" >&2
    exit 2
fi
newer="$(find "$root/src" -newer "$bin" -type f 2>/dev/null | head -3 | tr '\n' ' ')"
say() { echo "cleaning.sh: $*" >&2; }
say "binary $bin (modified $(date -u -r "$bin" +%FT%TZ))"
if [[ -n "$newer" ]]; then
    echo "cleaning.sh: note: $bin is older than some sources ($newer...); using it anyway" >&2
fi

if [[ -n "${WORK:-}" ]]; then
    work="$WORK"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi

t0=$(date +%s)

corpus="$work/corpus"
if [[ -f "$corpus/truth_summary.json" ]] && "$py" - "$corpus/truth_summary.json" "$docs" "$seed" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["args"]
sys.exit(0 if (a["docs"], a["seed"]) == (int(sys.argv[2]), int(sys.argv[3])) else 1)
PY
then
    say "reusing corpus $corpus ($docs articles, seed $seed)"
else
    rm -rf "$corpus"
    say "generating $docs articles (seed $seed) into $corpus"
    nice "$py" "$root/scripts/gen_corpus.py" "$corpus" --docs "$docs" --seed "$seed" --format txt
fi
t1=$(date +%s)

say "default build (--threads 1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU share of the single-thread build: the stage timings are wall time, so on a busy machine
# they understate throughput; cleaning.py also prints MB/s divided by this share.
cpu_share=()
TIMEFORMAT='%R %U %S'
{ time nice "$bin" build "$corpus/articles" --out "$work/default" --threads 1 -q --json --overwrite \
    > "$work/default.json" ; } 2> "$work/default.time"
unset TIMEFORMAT
share="$(awk 'END { if ($1 > 0) printf "%.3f", ($2 + $3) / $1 }' "$work/default.time")"
if [[ -n "$share" ]]; then cpu_share=(--default-cpu-share "$share"); fi
t2=$(date +%s)
say "tag build (--tag-near-dups); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
nice "$bin" build "$corpus/articles" --out "$work/tag" --tag-near-dups -q --json --overwrite \
    > "$work/tag.json"
t3=$(date +%s)

nice "$py" "$root/scripts/eval/cleaning.py" --corpus "$corpus" \
    --default "$work/default" --default-summary "$work/default.json" \
    --tag "$work/tag" --tag-summary "$work/tag.json" ${cpu_share[@]+"${cpu_share[@]}"} \
    ${extra[@]+"${extra[@]}"}
t4=$(date +%s)
say "seconds: generate $((t1 - t0)), default build $((t2 - t1)), tag build $((t3 - t2)), score $((t4 - t3)), total $((t4 - t0))"
