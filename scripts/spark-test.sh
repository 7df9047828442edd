#!/usr/bin/env bash
# Runs examples/spark/claimcheck_job.py on Spark in local mode and checks that
# its findings equal a single-machine run of the same binary on the same JSONL.
#
#   scripts/spark-test.sh BINARY        (e.g. target/release/claimcheck)
#
# Cases: (a) the acceptance seed draft as one JSONL record, with its reference,
# shipped the spark-submit --files way; (b) the first REUTERS_LINES (300) lines of
# the Reuters-21578 corpus, built-in reference, shipped with addFile; (c)
# documents with no claims (and a malformed one, which claimcheck reports and
# skips) and more partitions than documents; (d) a claimcheck
# error (exit 2) must fail the job with claimcheck's message.
#
# Needs Java 8/11/17 and Python 3. pyspark (pinned below) is used if importable,
# else installed into a venv at $CLAIMCHECK_SPARK_VENV (default
# ~/.cache/claimcheck/spark-venv), which later runs reuse; pip's cache is kept.
# Environment: SHARED_DIR (default ../shared), REUTERS_LINES, KEEP=1 keeps the
# work directory.
set -euo pipefail

PYSPARK_VERSION=3.5.8

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BINARY" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[[ -x $binary ]] || { echo "error: $1 is not an executable file" >&2; exit 2; }
shared=${SHARED_DIR:-$root/../shared}
seed_draft=$shared/acceptance/seed-draft.md
seed_ref=$shared/acceptance/seed-reference.csv
reuters=$shared/corpus/reuters21578/reuters21578.jsonl
reuters_lines=${REUTERS_LINES:-300}
for f in "$seed_draft" "$seed_ref" "$reuters"; do
    [[ -f $f ]] || { echo "error: $f not found (set SHARED_DIR)" >&2; exit 2; }
done
command -v java >/dev/null || { echo "error: Spark needs Java (8, 11 or 17) on PATH" >&2; exit 2; }

# --- pyspark ---------------------------------------------------------------
python=python3
if ! "$python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    venv=${CLAIMCHECK_SPARK_VENV:-$HOME/.cache/claimcheck/spark-venv}
    python=$venv/bin/python
    if ! "$python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
        echo "installing pyspark==$PYSPARK_VERSION into $venv ..."
        python3 -m venv "$venv"
        "$python" -m pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
    fi
fi
spark_submit=$("$python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')
export PYSPARK_PYTHON=$python PYSPARK_DRIVER_PYTHON=$python
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-spark-test.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
    echo "work directory: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# Quiet Spark: a log4j2 configuration that shows errors only.
cat > "$work/log4j2.properties" <<'EOF'
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.spark.name = org.apache.spark
logger.spark.level = error
EOF
export SPARK_SUBMIT_OPTS="-Dlog4j2.configurationFile=file:$work/log4j2.properties"
# Plain `python job.py` starts the JVM through spark-submit as well; these keep
# the UI and the driver's memory small.
spark_conf=(--conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false
            --conf spark.sql.shuffle.partitions=4 --driver-memory 1g)
export PYSPARK_SUBMIT_ARGS="${spark_conf[*]} pyspark-shell"

job=$root/examples/spark/claimcheck_job.py
start=$SECONDS

# single BINARY ARGS... < IN > OUT: the one-machine run; exit 0 or 1 is fine.
single() {
    local out=$1 in=$2
    shift 2
    local rc=0
    "$binary" check --input-format jsonl --format jsonl "$@" - < "$in" > "$out" 2> "$out.stderr" || rc=$?
    if [[ $rc -ne 0 && $rc -ne 1 ]]; then
        echo "FAIL single-machine claimcheck exited $rc on $in:" >&2
        cat "$out.stderr" >&2
        exit 1
    fi
    if [[ -s $out.stderr ]]; then
        echo "   single-machine claimcheck stderr on $(basename "$in"):"
        sed 's/^/   | /' "$out.stderr" | head -n 5
    fi
}

# --- inputs ---------------------------------------------------------------
"$python" - "$seed_draft" "$work/seed.jsonl" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(json.dumps({"id": "seed-draft", "date": "2025-12-16", "format": "md", "text": text}) + "\n")
EOF
head -n "$reuters_lines" "$reuters" > "$work/reuters.jsonl"
cat > "$work/empty.jsonl" <<'EOF'
{"id": "no-claims-1", "text": "The council met on a quiet afternoon and adjourned without a vote."}

{"id": "no-claims-2", "format": "txt", "text": "Nothing in this note is a number."}
{"id": "malformed-no-text"}
EOF

# --- (a) seed draft: spark-submit --files, reference shipped too ------------
echo "== (a) seed draft: spark-submit --master local[2] --files claimcheck,seed-reference.csv"
single "$work/seed.expected.jsonl" "$work/seed.jsonl" --reference "$seed_ref"
cp "$binary" "$work/claimcheck"   # --files ships by file name
"$spark_submit" --master 'local[2]' "${spark_conf[@]}" \
    --files "$work/claimcheck,$seed_ref" \
    "$job" --input "$work/seed.jsonl" --output "$work/out-seed" --partitions 2 \
    --binary claimcheck --reference seed-reference.csv

# --- (b) Reuters slice: python driver, addFile ------------------------------
echo "== (b) Reuters-21578, first $reuters_lines stories: python job --master local[2] --binary PATH (addFile)"
single "$work/reuters.expected.jsonl" "$work/reuters.jsonl"
"$python" "$job" --master 'local[2]' --input "$work/reuters.jsonl" --output "$work/out-reuters" \
    --partitions 4 --binary "$binary"

# --- (c) no claims, more partitions than documents, JSON output --------------
echo "== (c) documents without claims and a malformed one, 4 partitions for 3 documents, JSON output"
single "$work/empty.expected.jsonl" "$work/empty.jsonl"
"$python" "$job" --master 'local[2]' --input "$work/empty.jsonl" --output "$work/out-empty" \
    --partitions 4 --output-format json --binary "$binary" 2> "$work/empty.stderr" | tee "$work/empty.stdout"
if ! grep -q "warning: claimcheck wrote" "$work/empty.stdout" || ! grep -q "malformed-no-text\|text" "$work/empty.stderr"; then
    echo "FAIL (c): the malformed line was not reported" >&2
    cat "$work/empty.stderr" >&2
    exit 1
fi
grep "\[claimcheck partition" "$work/empty.stderr" | sed 's/^/   | /'

# --- (d) claimcheck exits 2: the job must fail and say why -------------------
echo "== (d) claimcheck error (missing reference file): the job must fail with claimcheck's message"
rc=0
"$python" "$job" --master 'local[2]' --input "$work/empty.jsonl" --output "$work/out-error" \
    --binary "$binary" --claimcheck-arg=--reference="$work/no-such-reference.csv" \
    > "$work/error.stdout" 2> "$work/error.stderr" || rc=$?
if [[ $rc -eq 0 ]] || ! grep -q "exit status 2" "$work/error.stderr" \
        || ! grep -q "no-such-reference.csv" "$work/error.stderr"; then
    echo "FAIL (d): job exited $rc; expected a failure naming claimcheck's exit status 2 and its message. stderr:" >&2
    tail -n 40 "$work/error.stderr" >&2
    exit 1
fi
grep -m1 -A3 "claimcheck failed with" "$work/error.stderr" | sed 's/^/   | /'
echo "ok   error: job exited $rc with claimcheck's exit status and stderr"

# --- compare ------------------------------------------------------------------
echo "== compare with single-machine runs of the same binary"
"$python" "$root/examples/spark/compare_findings.py" \
    --case seed-draft "$work/out-seed" "$work/seed.expected.jsonl" \
    --case "reuters-$reuters_lines" "$work/out-reuters" "$work/reuters.expected.jsonl" \
    --case no-claims "$work/out-empty" "$work/empty.expected.jsonl"
echo "spark-test: all cases passed in $((SECONDS - start))s"
