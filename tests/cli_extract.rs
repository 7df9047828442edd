//! `claimcheck extract` output formats and `claimcheck rules test`, through the binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn claimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run claimcheck")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(out));
}

/// Line 1 is ASCII; line 2 has multi-byte characters before its amounts
/// ("é" is 2 bytes, "€" 3), so byte offsets and character columns differ.
const STORY: &str = "Floods hit Kharkiv as 1,250 people flee\n\
Café owners said damage reached €4.5 million, up 12% from last year.\n\
\n\
The storm hit yesterday, officials said.\n";

fn story(dir: &Path) -> String {
    let p = dir.join("story.txt");
    std::fs::write(&p, STORY).unwrap();
    p.to_str().unwrap().to_string()
}

const FIELDS: [&str; 15] = [
    "path",
    "line",
    "column",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "metric",
    "subject",
    "rule",
];

fn jsonl(path: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend_from_slice(extra);
    args.push(path);
    let out = claimcheck(&args);
    ok(&out);
    stdout(&out).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

fn find<'a>(records: &'a [serde_json::Value], text: &str) -> &'a serde_json::Value {
    records.iter().find(|r| r["text"] == text).unwrap_or_else(|| panic!("no record {text:?} in {records:#?}"))
}

#[test]
fn jsonl_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = story(dir.path());
    let records = jsonl(&path, &[]);
    assert!(records.len() >= 4, "{records:#?}");
    for r in &records {
        let obj = r.as_object().expect("record is an object");
        for f in FIELDS {
            assert!(obj.contains_key(f), "missing {f} in {r}");
        }
        assert_eq!(r["path"], path.as_str());
        let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert!(start < end && end <= STORY.len());
        assert_eq!(&STORY[start..end], r["text"].as_str().unwrap(), "text is the source span");
        assert!(r["rule"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let people = find(&records, "1,250 people");
    assert_eq!(people["kind"], "count");
    assert_eq!(people["value"], "1250");
    assert_eq!(people["unit"], "people");
    assert_eq!(people["qualifier"], "exact");
    assert!(people["low"].is_null() && people["high"].is_null());
    let money = find(&records, "€4.5 million");
    assert_eq!(money["kind"], "money");
    assert_eq!(money["value"], "4500000");
    assert_eq!(money["unit"], "EUR");
    let pct = find(&records, "12%");
    assert_eq!(pct["kind"], "percent");
    assert_eq!(pct["value"], "12");
}

#[test]
fn line_and_column_are_one_based_characters() {
    let dir = tempfile::tempdir().unwrap();
    let records = jsonl(&story(dir.path()), &[]);
    let people = find(&records, "1,250 people");
    assert_eq!((people["line"].as_u64(), people["column"].as_u64()), (Some(1), Some(23)));
    assert_eq!(people["start"], 22);
    // Line 2 starts at byte 40; "Café owners said damage reached " is 32 characters
    // but 33 bytes, so "€" is column 33, byte 40 + 33.
    let money = find(&records, "€4.5 million");
    assert_eq!((money["line"].as_u64(), money["column"].as_u64()), (Some(2), Some(33)));
    assert_eq!(money["start"], 73);
    // After "€" (3 bytes, 1 character): "€4.5 million, up " is 17 characters.
    let pct = find(&records, "12%");
    assert_eq!((pct["line"].as_u64(), pct["column"].as_u64()), (Some(2), Some(50)));
    assert_eq!(pct["start"], 40 + 33 + 19);
    let yesterday = find(&records, "yesterday");
    assert_eq!((yesterday["line"].as_u64(), yesterday["column"].as_u64()), (Some(4), Some(15)));
}

#[test]
fn csv_has_a_header_and_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = story(dir.path());
    let count = jsonl(&path, &[]).len();
    let out = claimcheck(&["extract", "--format", "csv", &path]);
    ok(&out);
    let text = stdout(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    for f in FIELDS {
        assert!(header.iter().any(|h| h == f), "csv header lacks {f}: {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("csv row")).collect();
    assert_eq!(rows.len(), count);
    let text_col = header.iter().position(|h| h == "text").unwrap();
    assert!(rows.iter().any(|r| &r[text_col] == "€4.5 million"));
}

#[test]
fn json_is_one_array_of_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = story(dir.path());
    let lines = jsonl(&path, &[]);
    let out = claimcheck(&["extract", "--format", "json", &path]);
    ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output parses");
    let arr = v.as_array().expect("an array");
    assert_eq!(arr, &lines);
}

#[test]
fn human_format_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = claimcheck(&["extract", &story(dir.path())]);
    ok(&out);
    assert!(stdout(&out).contains("1,250 people"), "{}", stdout(&out));
}

#[test]
fn date_resolves_yesterday() {
    let dir = tempfile::tempdir().unwrap();
    let path = story(dir.path());
    let undated = jsonl(&path, &[]);
    let y = find(&undated, "yesterday");
    assert_eq!(y["kind"], "date");
    assert!(y["value"].is_null(), "unresolved without a date: {y}");
    let dated = jsonl(&path, &["--date", "2024-03-01"]);
    assert_eq!(find(&dated, "yesterday")["value"], "2024-02-29");
}

#[test]
fn rules_test_passes_on_the_default_rules() {
    let out = claimcheck(&["rules", "test"]);
    ok(&out);
    assert!(stdout(&out).contains(" 0 failed"), "{}", stdout(&out));
}

#[test]
fn rules_test_fails_on_a_bad_example_and_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("newsroom.toml");
    std::fs::write(
        &file,
        "# Our own examples.\n\
         \n\
         [[example]]\n\
         text = \"Officials counted 40 people.\"\n\
         expect = [{ span = \"40 people\", kind = \"count\", value = \"40\", unit = \"people\" }]\n\
         \n\
         [[example]]\n\
         text = \"Officials counted 41 people.\"\n\
         expect = [{ span = \"41 people\", kind = \"count\", value = \"14\", unit = \"people\" }]\n",
    )
    .unwrap();
    let out = claimcheck(&["rules", "test", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "stdout: {}\nstderr: {}", stdout(&out), stderr(&out));
    let report = stdout(&out);
    let at = format!("{}:7", file.to_str().unwrap());
    assert!(report.contains(&at), "expected {at} in {report}");
    assert!(!report.contains(&format!("{}:3", file.to_str().unwrap())), "{report}");
    assert!(report.contains("1 failed"), "{report}");

    // Only the directory's files.
    let out = claimcheck(&["rules", "test", "--no-default-rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}
