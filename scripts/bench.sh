#!/usr/bin/env bash
# Corpus throughput of claimcheck on one core, against grep on the same bytes.
#
#   scripts/bench.sh            # Reuters-21578 only
#   scripts/bench.sh --all      # Reuters + BBC + NOAA events + LIAR (mixed register)
#   RUNS=3 scripts/bench.sh     # runs per measurement (median reported; default 5)
#
# Run from the repository root (or anywhere: it cds there). The corpora are read
# in place from ../shared/corpus (CORPUS_DIR overrides); they are research-only
# and are never copied into the repository. Output: a markdown table on stdout,
# progress on stderr.
#
# Measures, per corpus set:
#   - MB/s of `text` and documents/s for extraction (examples/throughput.rs), and
#     for check (document parse + extract + bind + verdicts with the built-in
#     reference), both single-threaded, median of RUNS runs; JSON parsing untimed;
#   - grep -c '[0-9]' over the same text (the concatenated `text` fields, written
#     to a temp file first so both read the same bytes), median of RUNS runs;
#   - peak RSS of one extract run and one check run (/usr/bin/time -v), if present.
# The machines are shared and noisy: compare ratios from one run, not absolute
# numbers across runs.
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS_DIR=${CORPUS_DIR:-../shared/corpus}
RUNS=${RUNS:-5}
ALL=0
for arg in "$@"; do
  case "$arg" in
    --all) ALL=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

REUTERS="$CORPUS_DIR/reuters21578/reuters21578.jsonl"
MIXED=("$REUTERS" "$CORPUS_DIR/bbc-news-2005/bbc-news-2005.jsonl"
       "$CORPUS_DIR/noaa-storm-events-2019q1/events.jsonl" "$CORPUS_DIR/liar/liar.jsonl")
CHECK=("$REUTERS")
[[ $ALL == 1 ]] && CHECK=("${MIXED[@]}")
for f in "${CHECK[@]}"; do
  [[ -r "$f" ]] || { echo "bench.sh: cannot read $f (set CORPUS_DIR)" >&2; exit 2; }
done

echo "building (release)..." >&2
cargo build --release --quiet --example throughput --bin claimcheck
TP=target/release/examples/throughput
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# field NAME: the value of NAME=... on the RESULT line of a throughput run.
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

HAVE_TIME=0
[[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1 && HAVE_TIME=1

# peak_rss ARGS...: peak resident set size in MB of one throughput run.
peak_rss() {
  /usr/bin/time -v "$TP" --runs 1 "$@" >/dev/null 2>"$TMP/time.txt"
  awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$TMP/time.txt"
}

ROWS=()
run_set() {
  local name=$1; shift
  local files=("$@")
  echo "== $name: extract" >&2
  local ex; ex=$("$TP" --runs "$RUNS" "${files[@]}" | grep '^RESULT')
  echo "== $name: check" >&2
  local ck; ck=$("$TP" --check --runs "$RUNS" "${files[@]}" | grep '^RESULT')
  local bytes docs claims ex_mbs ex_docs ck_mbs ck_docs ck_claims
  bytes=$(field bytes "$ex"); docs=$(field docs "$ex"); claims=$(field claims "$ex")
  ex_mbs=$(field mb_s "$ex"); ex_docs=$(field docs_s "$ex")
  ck_mbs=$(field mb_s "$ck"); ck_docs=$(field docs_s "$ck"); ck_claims=$(field claims "$ck")
  echo "== $name: grep" >&2
  "$TP" --dump-text "$TMP/text.txt" "${files[@]}"
  cat "$TMP/text.txt" >/dev/null # warm the page cache
  local gsec=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N)
    LC_ALL=C grep -c '[0-9]' "$TMP/text.txt" >/dev/null
    t1=$(date +%s.%N)
    gsec+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
  done
  local gmed gmbs
  gmed=$(printf '%s\n' "${gsec[@]}" | median)
  gmbs=$(awk -v b="$bytes" -v s="$gmed" 'BEGIN {printf "%.1f", b / 1e6 / s}')
  local rss_ex="n/a" rss_ck="n/a"
  if [[ $HAVE_TIME == 1 ]]; then
    echo "== $name: peak RSS" >&2
    rss_ex="$(peak_rss "${files[@]}") MB"
    rss_ck="$(peak_rss --check "${files[@]}") MB"
  fi
  ROWS+=("$(awk -v n="$name" -v by="$bytes" -v d="$docs" -v c="$claims" -v cc="$ck_claims" \
    -v em="$ex_mbs" -v ed="$ex_docs" -v cm="$ck_mbs" -v cd="$ck_docs" -v gm="$gmbs" \
    -v re="$rss_ex" -v rc="$rss_ck" 'BEGIN {
      printf "| %s | %.1f MB, %d docs | %d / %d | %.2f | %.0f | %.2f | %.0f | %.2fx | %.1f | %.0fx | %s / %s |",
        n, by / 1e6, d, c, cc, em, ed, cm, cd, em / cm, gm, gm / em, re, rc }')")
}

run_set "Reuters-21578" "$REUTERS"
if [[ $ALL == 1 ]]; then
  run_set "Reuters+BBC+NOAA+LIAR" "${MIXED[@]}"
fi

echo
echo "Single thread, median of $RUNS runs; $(nproc) CPUs; $(date -u +%Y-%m-%d)."
echo
echo "| corpus | text | claims (extract / check) | extract MB/s | extract docs/s | check MB/s | check docs/s | check/extract cost | grep -c '[0-9]' MB/s | grep / extract | peak RSS (extract / check) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
if [[ $HAVE_TIME == 0 ]]; then
  echo
  echo "Peak RSS skipped: /usr/bin/time (GNU time with -v) not found."
fi
