//! Batch runs through the binary: JSON Lines input, parallel processing in
//! input order, malformed lines, `--strict`, `--summary`, bounded memory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    // Write from another thread: the child may fill its stdout pipe before it has
    // read all of its input.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A JSONL line with a claim the built-in reference can check.
fn doc_line(id: usize) -> String {
    let text = format!(
        "Officials said {n} people were evacuated from Kherson on Monday.\\nThe city has {p} residents, \
         about {pct}% more than in 2020.",
        n = 100 + id,
        p = 280_000 + id,
        pct = id % 40
    );
    format!(
        r#"{{"id": "doc-{id}", "date": "2023-06-0{}", "title": "Flood number {id}", "text": "{text}"}}"#,
        1 + id % 9
    )
}

fn corpus(n: usize) -> String {
    (0..n).map(|i| doc_line(i) + "\n").collect()
}

fn tmp() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // An isolated directory: no claimcheck.toml above it changes the settings.
    std::fs::write(dir.path().join("claimcheck.toml"), "").unwrap();
    dir
}

fn ids(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn jsonl_records_carry_ids_in_input_order() {
    let dir = tmp();
    let input = corpus(40);
    let out = run(dir.path(), &["check", "--input-format", "jsonl", "--format", "jsonl", "-"], Some(input.as_bytes()));
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let text = stdout(&out);
    let ids = ids(&text);
    assert!(!ids.is_empty());
    let order: Vec<usize> = ids.iter().map(|i| i.trim_start_matches("doc-").parse().unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "out of order: {order:?}");
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["path"], "<stdin>");
    // Positions are relative to `text`: the span is the text at those offsets.
    let source = "Officials said 100 people were evacuated from Kherson on Monday.\nThe city has 280000 residents, \
                  about 0% more than in 2020.";
    for line in text.lines().filter(|l| l.contains("\"doc-0\"")) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        if s < source.len() {
            assert_eq!(&source[s..e], r["text"].as_str().unwrap());
        }
    }
}

#[test]
fn numeric_ids_and_files_are_named_by_file() {
    let dir = tmp();
    std::fs::write(dir.path().join("in.jsonl"), "{\"id\": 12, \"text\": \"Deaths rose to 40 on Monday.\"}\n").unwrap();
    let out = run(dir.path(), &["extract", "--input-format", "jsonl", "--format", "jsonl", "in.jsonl"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!((r["id"].as_str(), r["path"].as_str(), r["line"].as_u64()), (Some("12"), Some("in.jsonl"), Some(1)));
}

#[test]
fn plain_files_have_no_id() {
    let dir = tmp();
    std::fs::write(dir.path().join("a.txt"), "Deaths rose to 40 on Monday.\n").unwrap();
    let out = run(dir.path(), &["extract", "--format", "jsonl", "a.txt"], None);
    assert!(!stdout(&out).contains("\"id\""), "{}", stdout(&out));
}

const MALFORMED: &str = "{\"id\": 1, \"text\": \"Deaths rose to 40.\"}\n\
    {not json\n\
    \n\
    {\"text\": \"no id\"}\n\
    {\"id\": 3, \"text\": 5}\n\
    {\"id\": 4, \"text\": \"x\", \"date\": \"yesterday\"}\n\
    {\"id\": 5, \"text\": \"Deaths rose to 50.\"}\n";

#[test]
fn malformed_lines_are_reported_with_line_numbers_and_skipped() {
    let dir = tmp();
    std::fs::write(dir.path().join("m.jsonl"), MALFORMED).unwrap();
    let out = run(dir.path(), &["extract", "--input-format", "jsonl", "--format", "jsonl", "m.jsonl"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for line in [2, 4, 5, 6] {
        assert!(err.contains(&format!("m.jsonl:{line}:")), "line {line} not reported: {err}");
    }
    assert!(!err.contains("m.jsonl:3:"), "blank line reported: {err}");
    assert_eq!(ids(&stdout(&out)), ["1", "5"]);
}

#[test]
fn strict_fails_the_run_but_loses_nothing() {
    let dir = tmp();
    let out = run(
        dir.path(),
        &["extract", "--input-format", "jsonl", "--format", "jsonl", "--strict", "-"],
        Some(MALFORMED.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<stdin>:2:"));
    assert_eq!(ids(&stdout(&out)), ["1", "5"]);
}

#[test]
fn one_and_two_threads_give_identical_jsonl_output() {
    let dir = tmp();
    let input = corpus(600);
    let args = |t: &'static str| ["check", "--input-format", "jsonl", "--format", "jsonl", "--threads", t, "-"];
    let one = run(dir.path(), &args("1"), Some(input.as_bytes()));
    let two = run(dir.path(), &args("2"), Some(input.as_bytes()));
    assert_eq!(one.status.code(), two.status.code());
    assert!(!one.stdout.is_empty());
    assert_eq!(stdout(&one), stdout(&two));
    // More documents than one chunk holds, so chunk hand-over is exercised.
    assert!(ids(&stdout(&one)).iter().any(|i| i == "doc-599"));
}

#[test]
fn json_and_csv_rendered_by_the_workers_open_once_after_empty_documents() {
    let dir = tmp();
    let input = r#"{"id": "quiet", "text": "Nothing to count here."}"#.to_string() + "\n" + &corpus(300);
    for threads in ["1", "2"] {
        let args = ["check", "--input-format", "jsonl", "--format", "json", "--threads", threads, "-"];
        let json = run(dir.path(), &args, Some(input.as_bytes()));
        let parsed: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let records = parsed.as_array().unwrap();
        assert_eq!(records[0]["id"], "doc-0");
        assert_eq!(records.last().unwrap()["id"], "doc-299");
        let args = ["check", "--input-format", "jsonl", "--format", "csv", "--threads", threads, "-"];
        let csv = stdout(&run(dir.path(), &args, Some(input.as_bytes())));
        assert_eq!(csv.lines().filter(|l| l.starts_with("path,line,column")).count(), 1);
        // The header has the check's columns, though the first document had no records.
        assert!(csv.lines().next().unwrap().contains(",verdict,reason,"));
        assert!(csv.lines().nth(1).unwrap().starts_with("<stdin>,"));
    }
    let empty = run(
        dir.path(),
        &["check", "--input-format", "jsonl", "--format", "json", "-"],
        Some(b"{\"id\": 1, \"text\": \"x\"}\n"),
    );
    assert_eq!(stdout(&empty), "[]\n");
}

#[test]
fn a_directory_in_parallel_matches_one_thread() {
    let dir = tmp();
    let docs = dir.path().join("docs");
    for i in 0..30 {
        let name = format!("{:02}-{}.{}", i, i * 7 % 13, ["txt", "md", "html"][i % 3]);
        let body =
            format!("Officials said {} people were evacuated from Kherson.\n\nThe city has 280000 residents.\n", i);
        let body = if i % 3 == 2 { format!("<p>{body}</p>") } else { body };
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(name), body).unwrap();
    }
    for format in ["jsonl", "json", "csv", "human", "sarif", "concise"] {
        let args = |t: &'static str| ["check", "--format", format, "--color", "never", "--threads", t, "docs"];
        let one = run(dir.path(), &args("1"), None);
        let two = run(dir.path(), &args("2"), None);
        assert!(format == "concise" || !one.stdout.is_empty(), "{format}");
        assert_eq!(stdout(&one), stdout(&two), "{format}");
        assert_eq!(one.status.code(), two.status.code());
    }
}

#[test]
fn summary_goes_to_stderr_with_totals() {
    let dir = tmp();
    let input = corpus(20) + "{broken\n";
    let out = run(
        dir.path(),
        &["check", "--input-format", "jsonl", "--format", "jsonl", "--summary", "-"],
        Some(input.as_bytes()),
    );
    let err = stderr(&out);
    for want in ["summary:", "documents        20", "skipped          1", "claims", "verdicts", "findings", "MB/s"] {
        assert!(err.contains(want), "{want:?} missing from:\n{err}");
    }
    assert!(err.contains("count"), "claims by kind missing:\n{err}");
    assert!(err.contains("elapsed"), "{err}");
    // Standard output holds only records.
    assert!(stdout(&out).lines().all(|l| l.starts_with('{')));
    let quiet =
        run(dir.path(), &["check", "--input-format", "jsonl", "--format", "jsonl", "-"], Some(input.as_bytes()));
    assert!(!stderr(&quiet).contains("summary:"));
}

/// Runs a check of `docs` generated JSONL documents through standard input and
/// returns the child's peak resident set size in kB (VmHWM, sampled from /proc
/// until it exits) and the number of output lines.
fn peak_rss_kb(docs: usize) -> (u64, usize) {
    let dir = tmp();
    let mut child = Command::new(BIN)
        .args(["check", "--input-format", "jsonl", "--format", "jsonl", "--threads", "2", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut pipe = child.stdin.take().unwrap();
    // Generated as it is written: the input never exists in memory at once.
    let writer = std::thread::spawn(move || {
        for i in 0..docs {
            if pipe.write_all((doc_line(i) + "\n").as_bytes()).is_err() {
                break;
            }
        }
    });
    let sampler = std::thread::spawn(move || {
        let mut peak = 0;
        while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
            match hwm.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()) {
                Some(kb) => peak = peak.max(kb),
                None => break, // a zombie: it has exited
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        peak
    });
    let mut lines = 0;
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0 {
        lines += 1;
        line.clear();
    }
    child.wait().unwrap();
    writer.join().unwrap();
    (sampler.join().unwrap(), lines)
}

#[test]
fn memory_stays_bounded_over_many_chunks() {
    // About 20 chunks of input: enough that an unbounded reader would show.
    let (kb, lines) = peak_rss_kb(5_000);
    assert!(lines > 5_000, "{lines} records");
    assert!(kb > 0 && kb < 150_000, "peak RSS {kb} kB");
}

/// 200,000 documents (~60 MB of JSONL, ~800 chunks). Slow in a debug build:
/// run with `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn memory_stays_bounded_over_200k_documents() {
    let (kb, lines) = peak_rss_kb(200_000);
    assert!(lines > 200_000, "{lines} records");
    assert!(kb > 0 && kb < 200_000, "peak RSS {kb} kB");
}
