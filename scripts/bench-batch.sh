#!/usr/bin/env bash
# Batch throughput of the command line, as a fact-check desk runs it:
# `claimcheck check --input-format jsonl --format jsonl` over Reuters, BBC, NOAA
# events and LIAR (about 24 MB of text, 52k documents) on 1 and 2 threads, with
# MB/s of text, documents/s, peak memory, and the ratio to `grep -c '[0-9]'` on
# the same text, all measured in one run.
#
#     bash scripts/bench-batch.sh [--reuters-only]
#     RUNS=7 bash scripts/bench-batch.sh    # rounds (default 5)
#
# One thread and two threads run in alternating rounds, so that both see the
# same moments of a shared machine whose speed drifts during a day: the table
# gives the median time of each, and the speedup is also given as the median of
# the rounds' own ratios, with their range.
#
# The timed runs write their output to /dev/null, as hyperfine times a command:
# the figure is claimcheck's own work. Each round also runs both again writing
# the 150 MB of output to a file, which adds the kernel's page-cache work and
# its writeback (kernel threads that take CPU from the run's two cores), and
# the table's last rows give that too.
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
run() { # threads, output file -> "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" check --input-format jsonl --format jsonl --exit-zero --threads "$1" "${files[@]}" > "$2"
  cat "$tmp/time"
}
runs=${RUNS:-5}
: > "$tmp/rounds"
for _ in $(seq "$runs"); do # one round: "t1 m1 t2 m2 f1 _ f2 _"
  echo "$(run 1 /dev/null) $(run 2 /dev/null) $(run 1 "$tmp/out.jsonl") $(run 2 "$tmp/out.jsonl")" >> "$tmp/rounds"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
t1=$(awk '{print $1}' "$tmp/rounds" | median)
m1=$(awk '{print $2}' "$tmp/rounds" | sort -n | tail -1)
t2=$(awk '{print $3}' "$tmp/rounds" | median)
m2=$(awk '{print $4}' "$tmp/rounds" | sort -n | tail -1)
f1=$(awk '{print $5}' "$tmp/rounds" | median)
f2=$(awk '{print $7}' "$tmp/rounds" | median)
ratios=$(awk '{printf "%.3f\n", $1 / $3}' "$tmp/rounds")
ratio_median=$(median <<< "$ratios")
ratio_low=$(sort -g <<< "$ratios" | head -1)
ratio_high=$(sort -g <<< "$ratios" | tail -1)
claims=$(wc -l < "$tmp/out.jsonl")
start=$(date +%s.%N); grep -c '[0-9]' "$tmp/text.txt" > /dev/null; end=$(date +%s.%N)
python3 - "$bytes" "$docs" "$claims" "$t1" "$m1" "$t2" "$m2" "$start" "$end" "$runs" "$ratio_median" "$ratio_low" "$ratio_high" "$f1" "$f2" "$(stat -c %s "$tmp/out.jsonl")" <<'PY'
import sys
b, d, c = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t1, m1, t2, m2 = float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
g = max(float(sys.argv[9]) - float(sys.argv[8]), 1e-6)
runs, r_med, r_lo, r_hi = int(sys.argv[10]), float(sys.argv[11]), float(sys.argv[12]), float(sys.argv[13])
f1, f2, out_mb = float(sys.argv[14]), float(sys.argv[15]), int(sys.argv[16]) / 1e6
mb = b / 1e6
print(f"{d} documents, {mb:.1f} MB of text, {c} claims ({out_mb:.0f} MB of JSON Lines); median of {runs} alternating rounds, peak RSS the highest\n")
print("| threads | output | wall s | MB/s | docs/s | peak RSS | speedup |")
print("|---:|---|---:|---:|---:|---:|---:|")
print(f"| 1 | /dev/null | {t1:.2f} | {mb / t1:.1f} | {d / t1:,.0f} | {m1 / 1024:.0f} MB | 1.00x |")
print(f"| 2 | /dev/null | {t2:.2f} | {mb / t2:.1f} | {d / t2:,.0f} | {m2 / 1024:.0f} MB | {t1 / t2:.2f}x |")
print(f"| 1 | a file | {f1:.2f} | {mb / f1:.1f} | {d / f1:,.0f} | | 1.00x |")
print(f"| 2 | a file | {f2:.2f} | {mb / f2:.1f} | {d / f2:,.0f} | | {f1 / f2:.2f}x |")
print(f"\nspeedup within each round (to /dev/null): median {r_med:.2f}x (from {r_lo:.2f}x to {r_hi:.2f}x)")
print(f"\ngrep -c '[0-9]' on the same text: {mb / g:,.0f} MB/s, {t1 / g:,.0f}x faster than one thread of check")
PY
