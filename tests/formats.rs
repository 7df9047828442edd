//! The output formats, run through the binary on the acceptance seed draft and
//! through the library on hand-made findings.
//!
//! Snapshots are plain files, `tests/snapshots/<format>.snap`, compared after
//! normalizing what depends on the machine (the version, the checkout path). To
//! accept new output after an intended change, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test formats` and review the diff.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimcheck::document::{Document, Format};
use claimcheck::reference::Severity;
use claimcheck::report::{Finding, FixRecord, OutputFormat, Reporter, github, junit};

const DRAFT: &str = "../shared/acceptance/seed-draft.md";
const REFERENCE: &str = "../shared/acceptance/seed-reference.csv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `claimcheck check` in `dir` with the seed reference; returns stdout and the exit code.
/// `GITHUB_STEP_SUMMARY` is removed unless given, so a test run inside GitHub
/// Actions never writes into the real job summary.
fn check_in(dir: &Path, format: &str, files: &[&str], env: &[(&str, &str)]) -> (String, i32) {
    let reference = root().join(REFERENCE);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimcheck"));
    cmd.current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .args(["check", "--reference"])
        .arg(&reference)
        .args(["--format", format])
        .args(files);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run claimcheck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr for {format}: {stderr}");
    (String::from_utf8(out.stdout).expect("UTF-8 output"), out.status.code().expect("exit code"))
}

fn check_seed(format: &str) -> String {
    let (out, code) = check_in(&root(), format, &[DRAFT], &[]);
    assert_eq!(code, 1, "the seed draft has findings ({format})");
    out
}

/// Replaces what differs between machines and releases.
fn normalize(text: &str) -> String {
    let root = root();
    let reference = root.join(REFERENCE);
    text.replace(&reference.display().to_string(), "[REFERENCE]")
        .replace(&root.display().to_string(), "[ROOT]")
        .replace(&format!("\"{}\"", env!("CARGO_PKG_VERSION")), "\"[VERSION]\"")
}

fn assert_snapshot(name: &str, actual: &str) {
    let actual = normalize(actual);
    let path = root().join("tests/snapshots").join(format!("{name}.snap"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        panic!(
            "{name} differs from {} (first differing line: {:?})\n--- actual ---\n{actual}",
            path.display(),
            first.map(|i| i + 1)
        );
    }
}

#[test]
fn every_format_matches_its_snapshot() {
    for &name in OutputFormat::NAMES {
        assert_snapshot(name, &check_seed(name));
    }
}

#[test]
fn unknown_format_names_the_choices() {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(root())
        .args(["check", "--format", "xml", DRAFT])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sarif") && stderr.contains("rdjsonl"), "{stderr}");
}

#[test]
fn concise_is_one_parsable_line_per_finding() {
    let out = check_seed("concise");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[1].split(": ").next().unwrap(), format!("{DRAFT}:12:41"));
    assert!(lines[1].contains(": CC101 population of Zaporizhzhia"));
    // Sorted by offset within the document.
    let positions: Vec<(usize, usize)> = lines
        .iter()
        .map(|l| {
            let mut parts = l[DRAFT.len() + 1..].split(':');
            (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().parse().unwrap())
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn full_colours_only_when_asked() {
    let plain = check_seed("full");
    assert!(!plain.contains('\x1b'));
    let (coloured, _) = check_in(&root(), "full", &["--color", "always", DRAFT], &[]);
    assert!(coloured.contains("\x1b[1;31merror[CC101]"));
    assert!(plain.contains("= help: replace \"90-million-euro\" with \"90-billion-euro\""));
    assert!(plain.contains("   |        ^^^^^^^^^^^^^^^ loan of Ukraine"), "{plain}");
    assert!(plain.ends_with("Found 5 finding(s) in 1 document(s): 5 error(s), 0 warning(s), 0 info.\n"));
}

#[test]
fn sarif_has_the_required_fields() {
    let text = check_seed("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().starts_with("https://"));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "claimcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    if let Some(uri) = driver.get("informationUri") {
        assert!(uri.as_str().unwrap().starts_with("https://"), "informationUri must be absolute: {uri}");
    }
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), claimcheck::check::codes::CODES.len());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().starts_with("CC"));
        assert!(rule["name"].is_string());
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(rule["fullDescription"]["text"].is_string());
        assert!(rule["help"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    let mut fingerprints = HashSet::new();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert_eq!(r["level"], "error");
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], DRAFT);
        for key in ["startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength"] {
            assert!(loc["region"][key].is_u64(), "{key} in {r}");
        }
        assert!(fingerprints.insert(r["partialFingerprints"]["claimcheck/v1"].as_str().unwrap().to_string()));
    }
    // The magnitude slip in "90-million-euro" comes with its fix.
    let source = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    let at = source.find("90-million-euro").unwrap();
    let loan = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "90-million-euro")
        .expect("the loan finding");
    assert_eq!(loan["ruleId"], "CC101");
    let region = &loan["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 24);
    assert_eq!(region["startColumn"], 8);
    assert_eq!(region["endColumn"], 23);
    assert_eq!(region["charOffset"], source[..at].chars().count());
    assert_eq!(region["charLength"], 15);
    let change = &loan["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], DRAFT);
    let replacement = &change["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "90-billion-euro");
    assert_eq!(replacement["deletedRegion"], {
        let mut r = region.clone();
        r.as_object_mut().unwrap().remove("snippet");
        r
    });
    // The internal contradiction points at the other statement.
    let internal = results.iter().find(|r| r["ruleId"] == "CC201").unwrap();
    assert_eq!(internal["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

/// Undoes the runner's escaping.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

fn finding(message: &str, path: &str) -> Finding {
    Finding {
        code: "CC102",
        name: "mismatch",
        severity: Severity::Warning,
        message: message.to_string(),
        path: path.to_string(),
        start: 0,
        end: 4,
        line: 3,
        column: 5,
        end_line: 3,
        end_column: 9,
        text: "7.1m".to_string(),
        subject: None,
        metric: None,
        reference: None,
        related: Vec::new(),
        fix: None,
        fingerprint: "0".repeat(16),
    }
}

#[test]
fn github_commands_round_trip() {
    // %0A written literally must survive too: it is why `%` is escaped first.
    let message = "100% of 5,000: up\nby 3,\r\ndone %0A";
    let path = "dir,with:odd%/a.md";
    let line = github::command(&finding(message, path));
    assert!(!line.contains('\n') && !line.contains('\r'));
    let rest = line.strip_prefix("::warning ").expect("warning command");
    let (props, data) = rest.split_once("::").expect("properties end with ::");
    assert_eq!(unescape(data), message);
    let props: Vec<(&str, &str)> = props.split(',').map(|p| p.split_once('=').unwrap()).collect();
    let get = |key: &str| unescape(props.iter().find(|(k, _)| *k == key).unwrap().1);
    assert_eq!(get("file"), path);
    assert_eq!(get("title"), "CC102 mismatch");
    assert_eq!(
        (get("line"), get("endLine"), get("col"), get("endColumn")),
        ("3".into(), "3".into(), "5".into(), "9".into())
    );

    // No columns on a span over several lines (GitHub rejects them).
    let mut multi = finding("m", "a.md");
    multi.end_line = 4;
    let line = github::command(&multi);
    assert!(!line.contains("col=") && line.contains("endLine=4"), "{line}");
    // Info is a notice.
    multi.severity = Severity::Info;
    assert!(github::command(&multi).starts_with("::notice "));
}

#[test]
fn github_writes_the_step_summary_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let summary_arg = summary.to_str().unwrap();
    let (out, code) = check_in(&root(), "github", &[DRAFT], &[("GITHUB_STEP_SUMMARY", summary_arg)]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().filter(|l| l.starts_with("::error ")).count(), 5);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## claimcheck\n"), "appends: {md}");
    assert!(md.contains("| Severity | Code | Location | Message |"));
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| error |")).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[3].contains(&format!("CC101 magnitude | {DRAFT}:24:8 |")), "{}", rows[3]);

    // Unset (check_in removes it): the file is left alone.
    check_in(&root(), "github", &[DRAFT], &[]);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md);
    // Set twice in one job: each run appends its own section.
    check_in(&root(), "github", &[DRAFT], &[("GITHUB_STEP_SUMMARY", summary_arg)]);
    assert_eq!(std::fs::read_to_string(&summary).unwrap().matches("## claimcheck").count(), 2);
}

#[test]
fn step_summary_cells_cannot_break_the_table() {
    let f = finding("a | b\nc <b>x</b> *y*", "p|q.md");
    let summary = claimcheck::report::Summary { documents: 1, claims: 1, verdicts: [0, 1, 0], findings: [0, 1, 0] };
    let md = github::summary_markdown(&[f], &summary);
    let row = md.lines().find(|l| l.starts_with("| warning |")).unwrap();
    // Exactly the five unescaped pipes of a four-column row.
    let unescaped = row.match_indices('|').filter(|(i, _)| *i == 0 || &row[i - 1..*i] != "\\").count();
    assert_eq!(unescaped, 5, "{row}");
    assert!(row.contains("a \\| b c \\<b\\>x\\</b\\> \\*y\\*"), "{row}");
}

#[test]
fn gitlab_fingerprints_are_unique() {
    // The same draft at two paths, and the same finding twice in one file: each
    // finding has an identical twin in text, subject and metric.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    std::fs::write(dir.path().join("a.md"), &text).unwrap();
    std::fs::write(dir.path().join("b.md"), format!("{text}\n{text}")).unwrap();
    let (out, _) = check_in(dir.path(), "gitlab", &["a.md", "b.md"], &[]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(issues.len() >= 10, "{out}");
    let prints: HashSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints collide: {out}");
    for i in &issues {
        assert!(i["description"].as_str().unwrap().starts_with(i["check_name"].as_str().unwrap()));
        assert!(["blocker", "critical", "major", "minor", "info"].contains(&i["severity"].as_str().unwrap()));
        assert!(["a.md", "b.md"].contains(&i["location"]["path"].as_str().unwrap()));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    // Two identical claims in one document.
    let dir = tempfile::tempdir().unwrap();
    let text = "Zaporizhzhia had a population of 7.1 million.\n\nZaporizhzhia had a population of 7.1 million.\n";
    std::fs::write(dir.path().join("twice.md"), text).unwrap();
    let (out, _) = check_in(dir.path(), "gitlab", &["twice.md"], &[]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(issues.len(), 2, "{out}");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

/// The fingerprints of a gitlab run, keyed by line for the message.
fn fingerprints(dir: &Path, file: &str) -> Vec<(String, u64)> {
    let (out, _) = check_in(dir, "gitlab", &[file], &[]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    issues
        .iter()
        .map(|i| (i["fingerprint"].as_str().unwrap().to_string(), i["location"]["lines"]["begin"].as_u64().unwrap()))
        .collect()
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    std::fs::write(dir.path().join("draft.md"), &source).unwrap();
    let before = fingerprints(dir.path(), "draft.md");
    let edited = source.replacen("# Air raids", "An editor's note.\n\nAnother one.\n\n# Air raids", 1);
    std::fs::write(dir.path().join("draft.md"), edited).unwrap();
    let after = fingerprints(dir.path(), "draft.md");
    assert_eq!(before.len(), 5);
    assert_eq!(before.len(), after.len());
    for ((fa, la), (fb, lb)) in before.iter().zip(&after) {
        assert_eq!(fa, fb, "fingerprint changed when lines were inserted above");
        assert_eq!(la + 4, *lb, "the finding did move");
    }
}

#[test]
fn rdjsonl_lines_are_reviewdog_diagnostics() {
    let out = check_seed("rdjsonl");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 5);
    for d in &lines {
        assert!(d["message"].is_string());
        assert_eq!(d["location"]["path"], DRAFT);
        for end in ["start", "end"] {
            assert!(d["location"]["range"][end]["line"].as_u64().unwrap() >= 1);
            assert!(d["location"]["range"][end]["column"].as_u64().unwrap() >= 1);
        }
        assert!(["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap()));
        assert_eq!(d["source"]["name"], "claimcheck");
        assert!(d["code"]["value"].as_str().unwrap().starts_with("CC"));
    }
    let loan = lines.iter().find(|d| d["suggestions"].is_array()).expect("a suggestion");
    assert_eq!(loan["suggestions"][0]["text"], "90-billion-euro");
    assert_eq!(loan["suggestions"][0]["range"], loan["location"]["range"]);
    assert_eq!(loan["location"]["range"]["start"], serde_json::json!({"line": 24, "column": 8}));
}

#[test]
fn rdjsonl_columns_count_bytes_where_others_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    // "—" is one character and three bytes.
    let text = "Zaporizhzhia — which had a population of 7.1 million — waits.\n";
    std::fs::write(dir.path().join("dash.md"), text).unwrap();
    let (concise, _) = check_in(dir.path(), "concise", &["dash.md"], &[]);
    assert!(concise.starts_with("dash.md:1:42: CC101"), "{concise}");
    let (rd, _) = check_in(dir.path(), "rdjsonl", &["dash.md"], &[]);
    let d: serde_json::Value = serde_json::from_str(rd.lines().next().unwrap()).unwrap();
    assert_eq!(d["location"]["range"]["start"]["column"], 44);
    assert_eq!(d["location"]["range"]["end"]["column"], 44 + "7.1 million".len());
    let (sarif, _) = check_in(dir.path(), "sarif", &["dash.md"], &[]);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startColumn"].as_u64(), region["charOffset"].as_u64()), (Some(42), Some(41)));
}

/// Checks that `xml` is well-formed enough for a JUnit consumer: tags balance,
/// `<` and `&` only start markup or references, attribute values are quoted
/// and hold no raw `<` or `"`. Returns the unescaped attribute values of `failure` tags.
fn check_xml(xml: &str) -> Vec<String> {
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut messages = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]);
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "unbalanced </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        while !attrs.trim().is_empty() {
            let (key, after) = attrs.trim_start().split_once("=\"").expect("quoted attribute");
            let end = after.find('"').expect("attribute closes");
            let value = &after[..end];
            assert!(!value.contains('<'), "raw < in {key}");
            check_text(value);
            if name == "failure" && key == "message" {
                messages.push(unescape_xml(value));
            }
            attrs = &after[end + 1..];
        }
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    assert!(rest.trim().is_empty() && stack.is_empty(), "unclosed: {stack:?}");
    messages
}

fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..i + text[i..].find(';').expect("reference ends with ;") + 1];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#13;", "&#9;"].contains(&entity),
            "bad reference {entity}"
        );
    }
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#9;", "\t")
        .replace("&amp;", "&")
}

#[test]
fn junit_is_well_formed_and_escaped() {
    let xml = check_seed("junit");
    let messages = check_xml(&xml);
    assert_eq!(messages.len(), 5);
    assert!(xml.contains(r#"<testsuites name="claimcheck" tests="5" failures="5" errors="0">"#));

    // Markup characters in a path and message, and a document without findings.
    let doc = Document::parse("a<&\"b.md", "Nothing to see.\n".to_string(), Format::Markdown);
    let clean = Document::parse("clean.md", "Nothing here either.\n".to_string(), Format::Markdown);
    let message = "x < y & \"z\" \u{1}\n'q'";
    let mut f = finding(message, &doc.path);
    f.code = "CC901";
    f.name = "unused-suppression";
    let mut reporter = Reporter::new(Vec::new(), OutputFormat::Junit, false);
    reporter.document(&doc, &[], &[f]).unwrap();
    reporter.document(&clean, &[], &[]).unwrap();
    let xml = String::from_utf8(reporter.finish().unwrap()).unwrap();
    let messages = check_xml(&xml);
    assert_eq!(messages, vec!["x < y & \"z\" \u{FFFD}\n'q'".to_string()]);
    assert!(xml.contains(r#"<testsuite name="a&lt;&amp;&quot;b.md" tests="1" failures="1""#), "{xml}");
    assert!(xml.contains(r#"<testcase name="no findings" classname="clean.md" file="clean.md" line="1"/>"#));
    assert_eq!(junit::escape("<&\">", false), "&lt;&amp;&quot;&gt;");
}

#[test]
fn unused_suppressions_are_findings() {
    let source = "Intro.\n\n<!-- claimcheck-disable-next-line CC101 -- checked by hand -->\nNo numbers here.\n";
    let doc = Document::parse("s.md", source.to_string(), Format::Markdown);
    assert_eq!(doc.suppressions.len(), 1);
    let f = Finding::unused_suppression(&doc, &doc.suppressions[0]);
    assert_eq!((f.code, f.name, f.severity), ("CC901", "unused-suppression", Severity::Warning));
    assert_eq!((f.line, f.column, f.end_line), (3, 1, 3));
    assert_eq!(f.text, "<!-- claimcheck-disable-next-line CC101 -- checked by hand -->");
    assert_eq!(f.end_column, f.text.chars().count() + 1);
    assert!(f.message.contains("CC101"));

    // Finding formats report it; human prints it; jsonl (claims only) does not.
    let render = |format| {
        let mut reporter = Reporter::new(Vec::new(), format, false);
        reporter.document(&doc, &[], std::slice::from_ref(&f)).unwrap();
        String::from_utf8(reporter.finish().unwrap()).unwrap()
    };
    assert_eq!(render(OutputFormat::Concise), format!("s.md:3:1: CC901 {}\n", f.message));
    assert!(render(OutputFormat::Human).starts_with("warning[CC901]: unused suppression"));
    assert_eq!(render(OutputFormat::Jsonl), "");
    let sarif: serde_json::Value = serde_json::from_str(&render(OutputFormat::Sarif)).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleIndex"], 10);

    // Selection applies to extra findings as well.
    let mut reporter = Reporter::new(Vec::new(), OutputFormat::Concise, false);
    reporter.select(|code| code != "CC901");
    reporter.document(&doc, &[], std::slice::from_ref(&f)).unwrap();
    assert!(reporter.finish().unwrap().is_empty());
}

#[test]
fn fixes_appear_in_every_format_that_carries_them() {
    let doc = Document::parse("f.md", "It cost 5 milion.\n".to_string(), Format::Markdown);
    let mut f = finding("typo", "f.md");
    f.code = "CC901";
    (f.start, f.end, f.line, f.column, f.end_line, f.end_column) = (10, 16, 1, 11, 1, 17);
    f.fix = Some(FixRecord { start: 10, end: 16, replacement: "million".to_string() });
    let render = |format| {
        let mut reporter = Reporter::new(Vec::new(), format, false);
        reporter.document(&doc, &[], std::slice::from_ref(&f)).unwrap();
        String::from_utf8(reporter.finish().unwrap()).unwrap()
    };
    let rd: serde_json::Value = serde_json::from_str(render(OutputFormat::Rdjsonl).trim()).unwrap();
    assert_eq!(rd["suggestions"][0]["text"], "million");
    assert_eq!(rd["suggestions"][0]["range"]["start"]["column"], 11);
    let sarif: serde_json::Value = serde_json::from_str(&render(OutputFormat::Sarif)).unwrap();
    let deleted = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
    assert_eq!((deleted["charOffset"].as_u64(), deleted["charLength"].as_u64()), (Some(10), Some(6)));
    assert!(render(OutputFormat::Full).contains("= help: replace \"milion\" with \"million\""));
}
