#!/usr/bin/env bash
# Sentence segmentation evaluation.
#
# Runs `corpusmill segment --lang LANG` over every gold .jsonl file under
# ../shared/eval/sbd (relative to the repo root), LANG being the file's basename
# (kk.jsonl -> kk), and prints boundary F1, precision and recall per file.
# Skips quietly when the evaluation folder does not exist.
#
#   scripts/eval/segment.sh [FILTER...]    only files whose path contains a FILTER
#   CORPUSMILL=/path/to/binary             use that binary instead of building
#   SBD_DIR=/path/to/sbd                   evaluation folder (default ../shared/eval/sbd)
#   SBD_ERRORS=N                           also print the first N wrong lines per file
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sbd="${SBD_DIR:-$root/../shared/eval/sbd}"
if [[ ! -d "$sbd" ]]; then
    echo "segment.sh: no evaluation data at $sbd, nothing to do" >&2
    exit 0
fi

bin="${CORPUSMILL:-}"
if [[ -z "$bin" ]]; then
    (cd "$root" && cargo build --release --quiet)
    bin="$root/target/release/corpusmill"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Only the "text" field reaches the segmenter, never the gold sentences.
texts_only='import json, sys
for line in sys.stdin:
    if line.strip():
        print(json.dumps({"text": json.loads(line)["text"]}, ensure_ascii=False))'

summary='import json, sys
r = json.load(sys.stdin)["all"]
f1, p, rc, n = (r[k] for k in ("f1", "precision", "recall", "gold_boundaries"))
print("%-24s %7.2f %7.2f %7.2f %7d" % (sys.argv[1], 100 * f1, 100 * p, 100 * rc, n))'

printf '%-24s %7s %7s %7s %7s\n' file F1 P R bounds
status=0
while read -r gold; do
    rel="${gold#"$sbd"/}"
    if [[ $# -gt 0 ]]; then
        keep=0
        for f in "$@"; do [[ "$rel" == *"$f"* ]] && keep=1; done
        [[ $keep == 1 ]] || continue
    fi
    lang="$(basename "$gold" .jsonl)"
    python3 -c "$texts_only" < "$gold" > "$tmp/in.jsonl"
    if ! "$bin" segment --lang "$lang" < "$tmp/in.jsonl" > "$tmp/pred.jsonl"; then
        printf '%-24s %7s\n' "$rel" failed
        status=1
        continue
    fi
    python3 "$sbd/score_sbd.py" "$gold" "$tmp/pred.jsonl" --json | python3 -c "$summary" "$rel"
    if [[ -n "${SBD_ERRORS:-}" ]]; then
        python3 "$sbd/score_sbd.py" "$gold" "$tmp/pred.jsonl" --errors "$SBD_ERRORS" 2>&1 >/dev/null | sed 's/^/    /'
    fi
done < <(find "$sbd" -name '*.jsonl' | sort)
exit "$status"
