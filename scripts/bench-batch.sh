#!/usr/bin/env bash
# Batch throughput of the command line, as a fact-check desk runs it:
# `claimcheck check --input-format jsonl --format jsonl` over Reuters, BBC, NOAA
# events and LIAR (about 24 MB of text, 52k documents) on 1 and 2 threads, with
# MB/s of text, documents/s, peak memory, and the ratio to `grep -c '[0-9]'` on
# the same text, all measured in one run.
#
#     bash scripts/bench-batch.sh [--reuters-only]
#
# The corpora are read in place from ../shared/corpus (research-only data: never
# copied into the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
files=("$corpus/reuters21578/reuters21578.jsonl")
if [ "${1:-}" != "--reuters-only" ]; then
  files+=("$corpus/bbc-news-2005/bbc-news-2005.jsonl" "$corpus/noaa-storm-events-2019q1/events.jsonl" "$corpus/liar/liar.jsonl")
fi
cargo build --release --quiet
bin=target/release/claimcheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The same text for grep: every record's `text`, one after another.
python3 - "$tmp/text.txt" "${files[@]}" <<'PY'
import json, sys
out = open(sys.argv[1], "w", encoding="utf-8")
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        t = json.loads(line).get("text") or ""
        out.write(t + "\n")
PY
bytes=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]))" "$tmp/text.txt")
docs=$(cat "${files[@]}" | wc -l)
run() { # threads -> "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" check --input-format jsonl --format jsonl --exit-zero --threads "$1" "${files[@]}" > "$tmp/out.jsonl"
  cat "$tmp/time"
}
best() { # threads: median of 3 runs
  for _ in 1 2 3; do run "$1"; done | sort -n | sed -n 2p
}
read -r t1 m1 <<< "$(best 1)"
read -r t2 m2 <<< "$(best 2)"
claims=$(wc -l < "$tmp/out.jsonl")
start=$(date +%s.%N); grep -c '[0-9]' "$tmp/text.txt" > /dev/null; end=$(date +%s.%N)
python3 - "$bytes" "$docs" "$claims" "$t1" "$m1" "$t2" "$m2" "$start" "$end" <<'PY'
import sys
b, d, c = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t1, m1, t2, m2 = float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
g = max(float(sys.argv[9]) - float(sys.argv[8]), 1e-6)
mb = b / 1e6
print(f"{d} documents, {mb:.1f} MB of text, {c} claims; median of 3 runs each\n")
print("| threads | wall s | MB/s | docs/s | peak RSS | speedup |")
print("|---:|---:|---:|---:|---:|---:|")
print(f"| 1 | {t1:.2f} | {mb / t1:.1f} | {d / t1:,.0f} | {m1 / 1024:.0f} MB | 1.00x |")
print(f"| 2 | {t2:.2f} | {mb / t2:.1f} | {d / t2:,.0f} | {m2 / 1024:.0f} MB | {t1 / t2:.2f}x |")
print(f"\ngrep -c '[0-9]' on the same text: {mb / g:,.0f} MB/s, {t1 / g:,.0f}x faster than one thread of check")
PY
