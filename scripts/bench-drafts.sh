#!/usr/bin/env bash
# Checks a generated repository of 1,000 Markdown drafts on one core and prints
# the time per 100 drafts (issue: "well under a second per 100 drafts").
#
#     bash scripts/bench-drafts.sh [N_DRAFTS]
#
# Each draft is a short news draft of our own wording with front matter, a
# heading, three paragraphs with populations, money, dates and a planted error,
# and a code block that must be skipped. Uses the built-in reference.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cities=(Berlin Warsaw Lisbon Porto Kharkiv Odesa Lviv Kraków)
for i in $(seq 1 "$n"); do
  c=${cities[$((i % ${#cities[@]}))]}
  mkdir -p "$dir/drafts/$((i % 10))"
  cat > "$dir/drafts/$((i % 10))/draft-$i.md" <<DRAFT
---
title: "Draft $i: $c plans a new tram line"
date: 2025-11-$(( (i % 28) + 1 ))
---

# $c plans a new tram line

$c, a city of about $(( (i % 9) + 1 )) million people, will spend €$(( i % 90 + 10 ))m on a
new tram line, officials said on Tuesday. The line will be 12 km long and carry
some 40,000 passengers a day, up from 31,000 on the buses it replaces.

Poland covers 312,685 square kilometres and has a population of roughly 38
million. Germany has a population of more than 90 million, the draft says.

\`\`\`text
archive: population 9,999,999
\`\`\`

Work starts in March 2026 and should take two years; 30% of the cost comes from
EU funds.
DRAFT
done
start=$(date +%s.%N)
taskset -c 0 target/release/claimcheck check --format concise --exit-zero "$dir/drafts" > "$dir/out.txt" 2>&1 || true
end=$(date +%s.%N)
lines=$(wc -l < "$dir/out.txt")
python3 - "$start" "$end" "$n" "$lines" <<'PY'
import sys
start, end, n, lines = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t = end - start
print(f"{n} drafts checked in {t:.2f} s on one core: {t / n * 100:.3f} s per 100 drafts ({lines} output lines)")
PY
