#!/usr/bin/env python3
"""Compare the findings of the Spark job with a single-machine claimcheck run.

    compare_findings.py --case NAME SPARK_OUTPUT EXPECTED.jsonl [--case ...]

SPARK_OUTPUT is the job's --output directory (Parquet, or JSON Lines with
--format json); EXPECTED.jsonl is what `claimcheck check --input-format jsonl
--format jsonl` printed for the same input on one machine. For each case the
multisets of (id, start, end, verdict, reason) must be equal (order is free), the
full records must be equal too, and OUTPUT/_counts.json must agree with the
expected verdict counts. Prints a diff and exits 1 on any mismatch.
"""

import argparse
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from claimcheck_job import findings_schema  # noqa: E402

KEY = ("id", "start", "end", "verdict", "reason")
SHOW = 20


def key_of(record):
    rid = record.get("id")
    rid = rid if isinstance(rid, str) or rid is None else json.dumps(rid)
    return (rid, record.get("start"), record.get("end"), record.get("verdict"), record.get("reason"))


def canonical(record):
    """The record as sorted JSON. `reference.file` is compared by file name: the
    job names a shipped reference by the path it was given, not where it landed."""
    record = dict(record)
    reference = record.get("reference")
    if isinstance(reference, dict) and reference.get("file"):
        record["reference"] = dict(reference, file=os.path.basename(reference["file"]))
    if record.get("id") is not None and not isinstance(record["id"], str):
        record["id"] = json.dumps(record["id"])
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def load_expected(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    raise SystemExit("%s:%d: not JSON: %s" % (path, number, exc))
    return records


def show_diff(title, counter):
    lines = []
    items = sorted(counter.items(), key=lambda kv: tuple("" if v is None else str(v) for v in kv[0]))
    for item, n in items[:SHOW]:
        lines.append("    %s%s" % (item, "" if n == 1 else "  x%d" % n))
    if len(items) > SHOW:
        lines.append("    ... and %d more" % (len(items) - SHOW))
    return "  %s (%d):\n%s" % (title, sum(counter.values()), "\n".join(lines))


def compare_case(spark, name, output, expected_path):
    expected = load_expected(expected_path)
    if os.path.isdir(output) and any(f.endswith(".parquet") for f in os.listdir(output)):
        frame = spark.read.parquet(output)
    else:
        frame = spark.read.schema(findings_schema()).json(output)
    rows = frame.select("id", "start", "end", "verdict", "reason", "record").collect()
    problems = []

    got_keys = Counter((r["id"], r["start"], r["end"], r["verdict"], r["reason"]) for r in rows)
    want_keys = Counter(key_of(r) for r in expected)
    if got_keys != want_keys:
        missing = want_keys - got_keys
        extra = got_keys - want_keys
        text = "(id, start, end, verdict, reason) differ"
        if missing:
            text += "\n" + show_diff("only in the single-machine run", missing)
        if extra:
            text += "\n" + show_diff("only in the Spark output", extra)
        problems.append(text)
    else:
        got_records = Counter(canonical(json.loads(r["record"])) for r in rows)
        want_records = Counter(canonical(r) for r in expected)
        if got_records != want_records:
            missing = want_records - got_records
            extra = got_records - want_records
            problems.append(
                "same (id, start, end, verdict, reason) but the full records differ:\n"
                "  single machine: %s\n  spark:          %s"
                % (next(iter(missing), "-")[:600], next(iter(extra), "-")[:600])
            )

    counts_path = os.path.join(output, "_counts.json")
    want_verdicts = Counter(r.get("verdict") or "none" for r in expected)
    try:
        with open(counts_path, encoding="utf-8") as f:
            counts = json.load(f)
        if counts.get("verdicts") != dict(want_verdicts) or counts.get("claims") != len(expected):
            problems.append("%s says %s claims %s; the single-machine run has %d claims %s"
                            % (counts_path, counts.get("claims"), counts.get("verdicts"),
                               len(expected), dict(sorted(want_verdicts.items()))))
        if counts.get("documents_with_claims") != len({key_of(r)[0] for r in expected}):
            problems.append("%s: documents_with_claims %s, single-machine run %d"
                            % (counts_path, counts.get("documents_with_claims"),
                               len({key_of(r)[0] for r in expected})))
    except (OSError, ValueError) as exc:
        problems.append("counts file: %s" % exc)

    docs = len({key_of(r)[0] for r in expected})
    verdicts = ", ".join("%s %d" % kv for kv in sorted(want_verdicts.items())) or "no claims"
    if problems:
        print("FAIL %s: spark %d claims, single machine %d claims" % (name, len(rows), len(expected)))
        for p in problems:
            print("  " + p.replace("\n", "\n  "))
        return False
    print("ok   %s: %d claims in %d documents, identical on Spark and one machine (%s)"
          % (name, len(rows), docs, verdicts))
    return True


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", nargs=3, action="append", required=True,
                   metavar=("NAME", "SPARK_OUTPUT", "EXPECTED_JSONL"))
    args = p.parse_args()

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").appName("claimcheck-compare").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        results = [compare_case(spark, *case) for case in args.case]
    finally:
        spark.stop()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
