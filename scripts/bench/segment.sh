#!/usr/bin/env bash
# Segmenter speed (issue 3): `corpusmill segment --lang kk` on concatenated Kazakh news text.
#
#   scripts/bench/segment.sh [--size-mb N] [--runs N] [--no-build] [--bench-dir DIR]
#
#   --size-mb N     size of the generated Kazakh text (default 50)
#   --runs N        timed runs; medians are reported (default 5)
#   --no-build      use the existing target/release/corpusmill
#   --bench-dir DIR work dir (default $BENCH_DIR or target/bench)
#
# The text is scripts/gen_corpus.py --langs kk --seed 7: news articles with their headlines,
# captions and site furniture, one article per JSONL line. One thread (the command is
# sequential). Prints, per run, the segmenter's own throughput (time inside the splitter, from
# `segment --profile`) and the whole command's (reading JSON, splitting, writing JSON), then
# the medians.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

BENCH_DIR=${BENCH_DIR:-target/bench}
SIZE_MB=50
RUNS=5
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) SIZE_MB=${2:?--size-mb needs a number}; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --no-build) BUILD=0 ;;
    --bench-dir) BENCH_DIR=${2:?--bench-dir needs a path}; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "segment.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$SIZE_MB" "$RUNS"; do
  case "$n" in ''|*[!0-9]*|0) echo "segment.sh: --size-mb and --runs must be positive integers" >&2; exit 2 ;; esac
done

if [ "$BUILD" = 1 ]; then
  cargo build --release --locked --quiet
fi
BIN="$ROOT/target/release/corpusmill"

corpus="$BENCH_DIR/corpus/kk-${SIZE_MB}mb"
text="$corpus/kk.jsonl"
if [ ! -s "$text" ]; then
  rm -rf "$corpus"
  python3 scripts/gen_corpus.py "$corpus" --size-mb "$SIZE_MB" --seed 7 --langs kk \
    --format jsonl > /dev/null
  # One article per line, only the text: what `segment` reads.
  python3 - "$corpus/articles" "$text.partial" <<'EOF'
import json, pathlib, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(pathlib.Path(sys.argv[1]).glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            out.write(json.dumps({"text": json.loads(line)["text"]}, ensure_ascii=False) + "\n")
EOF
  mv "$text.partial" "$text"
fi
cat "$text" > /dev/null # warm the page cache

echo "machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "text: $text, $(wc -l < "$text") articles, $(wc -c < "$text") bytes of JSONL"
log="$BENCH_DIR/segment-runs.txt"
: > "$log"
for run in $(seq 1 "$RUNS"); do
  "$BIN" segment --lang kk --profile < "$text" 2>> "$log" > /dev/null
  echo "run $run: $(tail -n 1 "$log")"
done
python3 - "$log" <<'EOF'
import re, statistics, sys
rows = [re.findall(r"\(([\d.]+) MB/s\)", line) for line in open(sys.argv[1])]
rows = [[float(x) for x in r] for r in rows if len(r) == 2]
split = statistics.median(r[0] for r in rows)
whole = statistics.median(r[1] for r in rows)
print(f"median of {len(rows)}: segmenter {split:.1f} MB/s, whole command {whole:.1f} MB/s "
      f"(target >= 100 MB/s single thread)")
EOF
