#!/usr/bin/env python3
"""Run `claimcheck check` over a JSON Lines corpus on Apache Spark.

Each input line is one document: a JSON object with `id`, `text` and optionally
`date`, `title`, `format` (the `--input-format jsonl` interface of the CLI).
Every partition is piped through one `claimcheck check --input-format jsonl
--format jsonl -` process on an executor; the claim records it prints (each
carrying the document's `id`) become the rows of the findings table, written as
Parquet (or JSON Lines) to --output. Per-verdict counts are printed and written
to a small JSON file (`<output>/_counts.json` unless --counts says otherwise).

Local mode:

    python3 examples/spark/claimcheck_job.py --master 'local[2]' \\
        --binary target/release/claimcheck --input corpus.jsonl --output out/findings

Cluster (the binary and reference are shipped with --files; the job then finds
them by file name):

    spark-submit --master yarn --files target/release/claimcheck,ref.csv \\
        examples/spark/claimcheck_job.py --binary claimcheck --reference ref.csv \\
        --input hdfs:///corpus/*.jsonl --output hdfs:///claimcheck/findings

See examples/spark/README.md.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections import deque

# Exit statuses of `claimcheck check`: 0 nothing inconsistent, 1 something is
# (findings, not a failure), 2 usage, input, rule or reference error.
OK_EXIT_CODES = (0, 1)

# Scalar fields of a claim record, kept as typed columns. Nested parts
# (reference, related, working, fix) are kept as JSON text, and the whole record
# too, so that fields added to the CLI's output later are never lost.
STRING_FIELDS = (
    "id", "path", "text", "kind", "value", "unit", "qualifier", "low", "high",
    "metric", "subject", "rule", "verdict", "reason", "code", "severity",
    "message", "time", "subject_note",
)
INT_FIELDS = ("line", "column", "start", "end")
JSON_FIELDS = ("reference", "related", "working", "fix")
COLUMNS = (
    "id", "path", "line", "column", "start", "end", "text", "kind", "value",
    "unit", "qualifier", "low", "high", "metric", "subject", "rule", "verdict",
    "reason", "code", "severity", "message", "time", "subject_note",
    "reference", "related", "working", "fix", "record",
)

STDERR_TAIL_BYTES = 16 * 1024


class ClaimcheckError(RuntimeError):
    """claimcheck failed on a partition (exit status 2 or a crash)."""


def findings_schema():
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    fields = []
    for name in COLUMNS:
        kind = LongType() if name in INT_FIELDS else StringType()
        fields.append(StructField(name, kind, nullable=(name != "record")))
    return StructType(fields)


def record_to_row(record, reference_names=None):
    """One claim record (a dict parsed from claimcheck's jsonl) -> a tuple in COLUMNS order.

    reference_names maps the executor-local path of a shipped reference CSV back
    to the name it was given on the command line, so that `reference.file` does
    not name a temporary directory of some executor."""
    reference = record.get("reference")
    if reference_names and isinstance(reference, dict) and reference.get("file") in reference_names:
        reference["file"] = reference_names[reference["file"]]
    row = []
    for name in COLUMNS:
        if name == "record":
            row.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
            continue
        value = record.get(name)
        if value is None:
            row.append(None)
        elif name in INT_FIELDS:
            row.append(int(value))
        elif name in JSON_FIELDS:
            row.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif name == "id":
            # ids may be numbers in the input; the join key is kept as text.
            row.append(value if isinstance(value, str) else json.dumps(value))
        else:
            row.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return tuple(row)


def resolve_shipped_file(name):
    """Path of a file shipped with SparkContext.addFile or spark-submit --files,
    as seen on the executor running this task."""
    from pyspark import SparkFiles

    if name.startswith("local:"):
        # Spark's convention for a file already present on every node.
        path = name[len("local:"):]
        path = "/" + path.lstrip("/") if path.startswith("//") else path
        if not os.path.isfile(path):
            raise ClaimcheckError("%s: no such file on this executor" % name)
        return path
    candidates = [SparkFiles.get(name), os.path.join(os.getcwd(), name)]
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise ClaimcheckError(
        "shipped file %r not found on this executor (looked at %s); ship it with "
        "--binary/--reference pointing at a local file, or spark-submit --files"
        % (name, ", ".join(candidates))
    )


def ensure_executable(path):
    """Spark marks fetched files executable, but not every file system keeps the
    bit (and --files on some cluster managers does not set it)."""
    if os.access(path, os.X_OK):
        return path
    try:
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path
    except OSError:
        pass
    copy_dir = tempfile.mkdtemp(prefix="claimcheck-bin-")
    copy = os.path.join(copy_dir, os.path.basename(path))
    shutil.copy2(path, copy)
    os.chmod(copy, 0o755)
    return copy


def make_partition_runner(binary_name, references, extra_args, stderr_lines=None):
    """The function run on each partition (closes over plain values and an
    accumulator only)."""

    def run_partition(index, lines):
        lines = iter(lines)
        first = None
        for line in lines:
            if line.strip():
                first = line
                break
        if first is None:
            return  # empty partition: no process at all

        binary = ensure_executable(resolve_shipped_file(binary_name))
        command = [binary, "check", "--input-format", "jsonl", "--format", "jsonl"]
        shown_names = {}
        for name, severity, given in references:
            local = resolve_shipped_file(name)
            shown_names[local] = given
            command += ["--reference", local + severity]
        command += list(extra_args)
        command.append("-")

        try:
            proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as exc:  # e.g. Exec format error: built for another OS or CPU
            raise ClaimcheckError(
                "cannot start claimcheck on partition %d: %s\ncommand: %s\n(is the binary built "
                "for this executor's OS and architecture?)" % (index, exc, " ".join(command))
            )
        fed = {"documents": 0, "first_id": None, "error": None}
        stderr_tail = deque()
        stderr_size = [0]

        def feed():
            try:
                for line in _chain_first(first, lines):
                    if not line.strip():
                        continue
                    if fed["first_id"] is None:
                        fed["first_id"] = _peek_id(line)
                    proc.stdin.write(line.rstrip("\r\n").encode("utf-8") + b"\n")
                    fed["documents"] += 1
            except BrokenPipeError:
                pass  # claimcheck stopped reading; its exit status says why
            except Exception as exc:  # noqa: BLE001 - reported after the process ends
                fed["error"] = exc
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        def drain_stderr():
            for raw in proc.stderr:
                text = raw.decode("utf-8", "replace")
                # Forward to the executor's log, tagged with the partition.
                sys.stderr.write("[claimcheck partition %d] %s" % (index, text))
                if stderr_lines is not None:
                    stderr_lines.add(1)
                stderr_tail.append(text)
                stderr_size[0] += len(text)
                while stderr_size[0] > STDERR_TAIL_BYTES and len(stderr_tail) > 1:
                    stderr_size[0] -= len(stderr_tail.popleft())

        feeder = threading.Thread(target=feed, name="claimcheck-stdin-%d" % index, daemon=True)
        drainer = threading.Thread(target=drain_stderr, name="claimcheck-stderr-%d" % index, daemon=True)
        feeder.start()
        drainer.start()

        bad_output = None
        try:
            for raw in proc.stdout:
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    record = json.loads(raw)
                except ValueError:
                    bad_output = raw[:500].decode("utf-8", "replace")
                    break
                if not isinstance(record, dict) or "id" not in record:
                    bad_output = raw[:500].decode("utf-8", "replace")
                    break
                yield record_to_row(record, shown_names)
        finally:
            if bad_output is not None:
                proc.kill()
            proc.stdout.close()
            code = proc.wait()
            feeder.join()
            drainer.join()

        where = "partition %d (%d documents, first id %s)" % (index, fed["documents"], fed["first_id"])
        if fed["error"] is not None:
            raise ClaimcheckError("reading the input of %s failed: %r" % (where, fed["error"]))
        if bad_output is not None:
            raise ClaimcheckError(
                "claimcheck printed a line that is not a claim record with an id, in %s: %s"
                % (where, bad_output)
            )
        if code not in OK_EXIT_CODES:
            cause = "exit status %d" % code if code >= 0 else "killed by signal %d" % -code
            raise ClaimcheckError(
                "claimcheck failed with %s on %s\ncommand: %s\nstderr:\n%s"
                % (cause, where, " ".join(command), "".join(stderr_tail).rstrip() or "(empty)")
            )

    return run_partition


def _chain_first(first, rest):
    yield first
    for item in rest:
        yield item


def _peek_id(line):
    try:
        return json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None


SEVERITIES = ("error", "warning", "info")


def split_severity(reference):
    """"ref.csv:warning" -> ("ref.csv", ":warning"); a path or URL keeps its colons."""
    head, sep, tail = reference.rpartition(":")
    if sep and head and tail in SEVERITIES:
        return head, ":" + tail
    return reference, ""


def registered_files(conf):
    """File names already distributed with spark-submit --files (or spark.files)."""
    names = set()
    for key in ("spark.files", "spark.yarn.dist.files"):
        value = conf.get(key, "")
        for entry in value.split(","):
            entry = entry.strip()
            if entry:
                names.add(os.path.basename(entry.split("#", 1)[0]))
    return names


def ship(sc, path, shipped):
    """Ship a file to the executors (addFile) unless it was shipped with --files
    already or is on every node (local:/path); return what executors look it up by.

    A driver-local path is shipped; so is a URL Spark can read (hdfs://, s3a://,
    https://); a bare file name that spark-submit --files shipped is looked up."""
    if path.startswith("local:"):
        return path
    name = os.path.basename(path.rstrip("/"))
    if name in shipped:
        return name
    if "://" in path and not path.startswith("file:"):
        sc.addFile(path)
        shipped.add(name)
        return name
    if path.startswith("file:"):
        path = path[len("file:"):]
        path = "/" + path.lstrip("/") if path.startswith("//") else path
    if not os.path.isfile(path):
        raise SystemExit(
            "error: %s is neither a local file nor a file shipped with spark-submit --files" % path
        )
    sc.addFile(os.path.abspath(path))
    shipped.add(name)
    return name


def write_text_file(spark, path, text):
    """Write one small file through Hadoop's FileSystem, so that the counts land
    next to the findings whatever the file system (local, HDFS, S3A, ...)."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(hadoop_path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="JSON Lines corpus (any path Spark reads; globs and directories too)")
    p.add_argument("--output", required=True, help="directory for the findings (Parquet or JSON Lines)")
    p.add_argument("--binary", required=True,
                   help="claimcheck binary: a driver-local path (shipped with addFile), or the file name "
                        "of one shipped with spark-submit --files")
    p.add_argument("--reference", action="append", default=[], metavar="CSV[:SEVERITY]",
                   help="reference CSV, shipped like --binary; repeatable; without it the built-in reference")
    p.add_argument("--claimcheck-arg", action="append", default=[], metavar="ARG",
                   help="extra argument for claimcheck check (e.g. --claimcheck-arg=--fail-on=warning); repeatable")
    p.add_argument("--output-format", choices=("parquet", "json"), default="parquet")
    p.add_argument("--mode", choices=("errorifexists", "overwrite"), default="errorifexists",
                   help="what to do when --output exists (default: fail)")
    p.add_argument("--counts", help="where to write the per-verdict counts (default: OUTPUT/_counts.json)")
    p.add_argument("--limit", type=int, help="process only the first N documents")
    p.add_argument("--sample", type=float, metavar="FRACTION", help="process a random fraction of the documents")
    p.add_argument("--seed", type=int, default=42, help="seed for --sample (default 42)")
    p.add_argument("--partitions", type=int,
                   help="repartition to N partitions (one claimcheck process each); default: as read")
    p.add_argument("--master", help="Spark master when run with plain python (e.g. local[2]); "
                                    "spark-submit's --master otherwise")
    p.add_argument("--app-name", default="claimcheck")
    p.add_argument("--log-level", default="WARN", help="Spark log level (default WARN)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.sample is not None and not 0.0 < args.sample <= 1.0:
        raise SystemExit("error: --sample must be in (0, 1]")

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    # The findings schema is wide; keep Spark from warning about plan strings.
    builder = SparkSession.builder.appName(args.app_name).config("spark.sql.debug.maxToStringFields", "100")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel(args.log_level)

    shipped = registered_files(sc.getConf())
    binary_name = ship(sc, args.binary, shipped)
    references = []  # (name shipped under, ":severity" or "", path as given)
    for ref in args.reference:
        path, severity = split_severity(ref)
        references.append((ship(sc, path, shipped), severity, path))

    # Lines are read as text and passed on unchanged: no schema inference, no
    # reformatting of the documents claimcheck sees.
    docs = spark.read.text(args.input).where(F.length(F.trim(F.col("value"))) > 0)
    if args.sample is not None:
        docs = docs.sample(fraction=args.sample, seed=args.seed)
    if args.limit is not None:
        docs = docs.limit(args.limit)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    # A separate, cheap pass (reading text only) rather than caching the corpus.
    documents = docs.count()

    # claimcheck reports a malformed line on stderr and skips it (unless
    # --claimcheck-arg=--strict); the driver says how many such lines there were.
    stderr_lines = sc.accumulator(0)
    runner = make_partition_runner(binary_name, references, args.claimcheck_arg, stderr_lines)
    rows = docs.rdd.map(lambda r: r.value).mapPartitionsWithIndex(runner)
    findings = spark.createDataFrame(rows, findings_schema())

    writer = findings.write.mode(args.mode)
    try:
        if args.output_format == "parquet":
            writer.parquet(args.output)
        else:
            writer.json(args.output)
    except Exception as exc:  # surface claimcheck's own message, not only the Java trace
        message = str(exc)
        start = message.find("ClaimcheckError")
        detail = message[start:start + 4000] if start >= 0 else message[:4000]
        sys.stderr.write("error: the job failed:\n%s\n" % detail)
        spark.stop()
        return 2

    # Counts from what was written (claimcheck is not run a second time).
    written = spark.read.parquet(args.output) if args.output_format == "parquet" else \
        spark.read.schema(findings_schema()).json(args.output)
    by_verdict = {r["verdict"] or "none": r["n"] for r in
                  written.groupBy("verdict").agg(F.count("*").alias("n")).collect()}
    by_reason = {r["reason"]: r["n"] for r in
                 written.where(F.col("reason").isNotNull()).groupBy("reason").agg(F.count("*").alias("n")).collect()}
    summary = written.agg(F.count("*").alias("claims"), F.countDistinct("id").alias("docs")).collect()[0]
    counts = {
        "input": args.input,
        "output": args.output,
        "documents": documents,
        "documents_with_claims": summary["docs"],
        "claims": summary["claims"],
        "verdicts": dict(sorted(by_verdict.items())),
        "reasons": dict(sorted(by_reason.items())),
    }
    if stderr_lines.value:
        counts["claimcheck_stderr_lines"] = stderr_lines.value
    counts_path = args.counts or args.output.rstrip("/") + "/_counts.json"
    write_text_file(spark, counts_path, json.dumps(counts, indent=2, sort_keys=True) + "\n")

    print("claimcheck on Spark: %d documents, %d with claims, %d claims -> %s"
          % (documents, counts["documents_with_claims"], counts["claims"], args.output))
    for verdict, n in counts["verdicts"].items():
        print("  %-14s %d" % (verdict, n))
    print("counts: %s" % counts_path)
    if stderr_lines.value:
        print("warning: claimcheck wrote %d line(s) to stderr (malformed documents are skipped); "
              "see the executors' logs" % stderr_lines.value)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
