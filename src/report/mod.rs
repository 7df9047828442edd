//! Output formats: one module per format, all fed the same [`Record`]s.
//!
//! A record is a claim (from `extract`) or a checked claim (from `check`) with
//! its position in the source file. The claim formats (human, json, jsonl, csv)
//! write records; the CI formats (concise, full, sarif, github, gitlab, rdjsonl,
//! junit) write [`Finding`]s: the inconsistent and unverifiable records plus
//! findings about the document itself (unused suppressions).
//!
//! [`Reporter::document`] is called once per document, in input order. Line
//! formats stream; formats that are one JSON or XML value per run (sarif, gitlab,
//! junit) keep each document's converted results and write at
//! [`Reporter::finish`]. Within a document, findings are sorted by path, offset
//! and code, so output is the same from run to run.

mod concise;
mod csv_out;
pub mod finding;
mod full;
pub mod github;
mod gitlab;
mod html;
mod human;
mod json_record;
pub mod junit;
mod rdjsonl;
pub mod sarif;

use std::collections::HashMap;
use std::io::{self, Write};

pub use finding::Finding;

use serde::Serialize;

use crate::check::{Checked, Verdict, codes};
use crate::claims::Claim;
use crate::document::Document;
use crate::reference::{Reference, Severity};

/// A position in the source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanRecord {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The text of the span.
    pub text: String,
}

/// The reference row behind a verdict, as records carry it.
pub type ReferenceRecord = crate::check::ReferenceRow;

/// The arithmetic behind a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingRecord {
    /// Interval the stated value allows: `[low, high]` as decimals.
    pub interval: Option<[String; 2]>,
    /// Stated value converted into the reference's unit or currency.
    pub converted: Option<String>,
    /// The tolerance applied.
    pub tolerance: Option<String>,
    /// (stated − reference) / reference.
    pub relative_difference: Option<String>,
    /// Exchange rate used: `{"from", "to", "rate", "date"}`.
    pub rate: Option<serde_json::Value>,
    /// Power of ten of a magnitude slip.
    pub factor_power: Option<i32>,
}

/// A safe replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixRecord {
    /// Byte offset where the replaced text starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The replacement.
    pub replacement: String,
}

/// What `check` adds to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRecord {
    /// consistent, inconsistent, unverifiable.
    pub verdict: &'static str,
    /// The reason code (`magnitude`, `internal`, `no_fact`, ...).
    pub reason: &'static str,
    /// The finding code (`CC101`), null when consistent.
    pub code: Option<&'static str>,
    /// error, warning or info.
    pub severity: &'static str,
    /// One line a journalist understands.
    pub message: String,
    /// The reference row used.
    pub reference: Option<ReferenceRecord>,
    /// Other spans the verdict depends on.
    pub related: Vec<SpanRecord>,
    /// The arithmetic.
    pub working: WorkingRecord,
    /// A suggested fix.
    pub fix: Option<FixRecord>,
    /// The time the claim was checked at (ISO 8601).
    pub time: Option<String>,
    /// How an ambiguous subject name was resolved.
    pub subject_note: Option<String>,
}

/// One claim in the output. It serializes as one flat JSON object: the claim's
/// fields, then (for `check`) those of its [`CheckRecord`]. The json and jsonl
/// formats write the same bytes with a writer of their own, which is faster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The id of a document read from JSON Lines (`--input-format jsonl`); absent
    /// (and not written) for files, whose output must not change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The document's name.
    pub path: String,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Byte offset of the span's start in the file.
    pub start: usize,
    /// Byte offset one past the span's end.
    pub end: usize,
    /// The span's text.
    pub text: String,
    /// count, money, percent, quantity, date, duration.
    pub kind: &'static str,
    /// The normalized value: a decimal or an ISO 8601 date; null when unresolved.
    pub value: Option<String>,
    /// ISO 4217 code, unit symbol, counted noun or duration unit.
    pub unit: Option<String>,
    /// exact, approx, at_least, more_than, at_most, less_than, range.
    pub qualifier: &'static str,
    /// Range low end.
    pub low: Option<String>,
    /// Range high end.
    pub high: Option<String>,
    /// What it measures.
    pub metric: Option<String>,
    /// About whom.
    pub subject: Option<String>,
    /// The rule that built the mention.
    pub rule: String,
    /// The check, for `check` output.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckRecord>,
}

fn span(doc: &Document, start: usize, end: usize) -> SpanRecord {
    let (line, column) = doc.line_col(start);
    SpanRecord { start, end, line, column, text: doc.source.get(start..end).unwrap_or("").to_string() }
}

impl Record {
    /// The record of an extracted (and bound) claim.
    pub fn claim(doc: &Document, claim: &Claim, reference: &Reference) -> Record {
        let m = &claim.mention;
        let (line, column) = doc.line_col(claim.start);
        Record {
            id: None,
            path: doc.path.clone(),
            line,
            column,
            start: claim.start,
            end: claim.end,
            text: doc.source.get(claim.start..claim.end).unwrap_or("").to_string(),
            kind: m.kind.name(),
            value: m.value.to_output(),
            unit: m.unit.clone(),
            qualifier: m.qualifier.name(),
            low: m.low.map(crate::plain::decimal),
            high: m.high.map(crate::plain::decimal),
            metric: claim.metric.clone(),
            subject: claim.subject.map(|s| reference.subjects[s].name.clone()),
            rule: m.rule.to_string(),
            check: None,
        }
    }

    /// The record of a checked claim.
    pub fn checked(doc: &Document, c: &Checked, reference: &Reference) -> Record {
        let mut record = Record::claim(doc, &c.claim, reference);
        let w = &c.working;
        let dec = crate::plain::decimal;
        record.check = Some(CheckRecord {
            verdict: c.verdict.name(),
            reason: c.reason.name(),
            code: (c.verdict == Verdict::Inconsistent || c.verdict == Verdict::Unverifiable)
                .then(|| codes::code_for(c.reason).code),
            severity: c.severity.name(),
            message: c.message.clone(),
            reference: c.reference.clone(),
            related: c.related.iter().map(|&(s, e)| span(doc, s, e)).collect(),
            working: WorkingRecord {
                interval: w.interval.map(|(a, b)| [dec(a), dec(b)]),
                converted: w.converted.map(|d| dec(d.round_dp(6))),
                tolerance: w.tolerance.clone(),
                relative_difference: w.relative_difference.map(dec),
                rate: w.rate.as_ref().map(|(from, to, rate, date)| {
                    serde_json::json!({"from": from, "to": to, "rate": dec(*rate), "date": date})
                }),
                factor_power: w.factor_power,
            },
            fix: c.fix.as_ref().map(|f| FixRecord { start: f.start, end: f.end, replacement: f.replacement.clone() }),
            time: c.claim.time.map(|t| t.to_string()),
            subject_note: c.claim.subject_note.clone(),
        });
        record
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A table (extract) or compiler-style diagnostics (check).
    Human,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// One `path:line:col: CODE message` line per finding.
    Concise,
    /// Compiler-style diagnostics of every finding, with the source line underlined.
    Full,
    /// SARIF 2.1.0 (GitHub code scanning and SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations), plus the step summary.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// reviewdog diagnostics, one JSON object per line.
    Rdjsonl,
    /// JUnit XML.
    Junit,
    /// One self-contained HTML page: the sources with every claim highlighted.
    Html,
}

impl OutputFormat {
    /// The `--format` names, for help and error messages.
    pub const NAMES: &'static [&'static str] =
        &["human", "json", "jsonl", "csv", "concise", "full", "sarif", "github", "gitlab", "rdjsonl", "junit", "html"];

    /// Parses a `--format` name.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        Some(match name {
            "human" | "text" => OutputFormat::Human,
            "json" => OutputFormat::Json,
            "jsonl" | "ndjson" => OutputFormat::Jsonl,
            "csv" => OutputFormat::Csv,
            "concise" => OutputFormat::Concise,
            "full" => OutputFormat::Full,
            "sarif" => OutputFormat::Sarif,
            "github" => OutputFormat::Github,
            "gitlab" => OutputFormat::Gitlab,
            "rdjsonl" => OutputFormat::Rdjsonl,
            "junit" => OutputFormat::Junit,
            "html" => OutputFormat::Html,
            _ => return None,
        })
    }
}

impl OutputFormat {
    /// Whether a document's output in this format is its records rendered alone
    /// ([`render_records`]): json, jsonl and csv.
    pub fn renders_records(self) -> bool {
        matches!(self, OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Csv)
    }
}

/// One document's records in a claim format (json, jsonl or csv), rendered
/// without the reporter: in these formats what a document writes depends on its
/// records alone, except for what [`Reporter::rendered`] adds once per run (the
/// JSON array's brackets, the CSV header). Batch runs render on their worker
/// threads, so the thread writing output only copies bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedRecords {
    /// The records: one JSON object a line (jsonl); each object preceded by the
    /// separator `",\n  "` (json); CSV rows without the header (csv).
    pub bytes: Vec<u8>,
    /// How many records.
    pub records: usize,
    /// Verdict counts: consistent, inconsistent, unverifiable.
    pub verdicts: [usize; 3],
    /// Whether the records are checked (the CSV header has the check's columns).
    pub checked: bool,
}

/// Renders one document's `records` in `format`, one of the formats whose
/// [`OutputFormat::renders_records`] holds (any other gives no bytes).
pub fn render_records(format: OutputFormat, records: &[Record]) -> RenderedRecords {
    let checked = records.first().is_some_and(|r| r.check.is_some());
    // About what a record takes in JSON (~300 bytes for a claim, ~650 checked),
    // so that the buffer is seldom copied as it grows.
    let mut bytes = Vec::with_capacity(records.len() * if checked { 768 } else { 384 });
    match format {
        OutputFormat::Jsonl => {
            let mut writer = json_record::RecordWriter::default();
            for r in records {
                writer.write(&mut bytes, r);
                bytes.push(b'\n');
            }
        }
        OutputFormat::Json => {
            let mut writer = json_record::RecordWriter::default();
            for r in records {
                bytes.extend_from_slice(JSON_SEPARATOR);
                writer.write(&mut bytes, r);
            }
        }
        OutputFormat::Csv => csv_out::write_rows(&mut bytes, records).expect("writing to memory"),
        _ => {}
    }
    let mut verdicts = [0; 3];
    for r in records {
        if let Some(c) = &r.check {
            verdicts[verdict_index(c.verdict)] += 1;
        }
    }
    RenderedRecords { bytes, records: records.len(), verdicts, checked }
}

/// What precedes every record of a JSON array but the first, which is preceded
/// by [`JSON_OPEN`] instead: the two have the same length, so a rendered document
/// opens the array by replacing its first byte.
const JSON_SEPARATOR: &[u8] = b",\n  ";
const JSON_OPEN: &[u8] = b"[\n  ";

/// Index into [`Summary::verdicts`].
fn verdict_index(verdict: &str) -> usize {
    match verdict {
        "consistent" => 0,
        "inconsistent" => 1,
        _ => 2,
    }
}

/// Totals for the end of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents read.
    pub documents: usize,
    /// Claims found.
    pub claims: usize,
    /// Verdict counts: consistent, inconsistent, unverifiable.
    pub verdicts: [usize; 3],
    /// Selected findings by severity: error, warning, info (counted for the
    /// finding formats and html; human, json, jsonl and csv write records).
    pub findings: [usize; 3],
}

/// What the whole-run formats hold until [`Reporter::finish`].
enum Buffer {
    None,
    Sarif(Vec<sarif::SarifResult>),
    Gitlab(Vec<gitlab::Issue>),
    Junit(Vec<junit::Suite>),
    /// Every finding, for the step summary.
    Github(Vec<Finding>),
    /// The summary's totals (each document's section is written at once).
    Html(html::Run),
}

/// Writes records in one format, document by document.
pub struct Reporter<W: Write> {
    out: W,
    format: OutputFormat,
    color: bool,
    first: bool,
    csv: Option<csv_out::CsvWriter>,
    selected: Box<dyn Fn(&str) -> bool>,
    fingerprints: HashMap<String, usize>,
    buffer: Buffer,
    /// Totals so far.
    pub summary: Summary,
}

impl<W: Write> Reporter<W> {
    /// A reporter writing to `out`; `color` only affects human and full output.
    /// Findings of the codes enabled by default are reported (see [`Reporter::select`]).
    pub fn new(out: W, format: OutputFormat, color: bool) -> Reporter<W> {
        let buffer = match format {
            OutputFormat::Sarif => Buffer::Sarif(Vec::new()),
            OutputFormat::Gitlab => Buffer::Gitlab(Vec::new()),
            OutputFormat::Junit => Buffer::Junit(Vec::new()),
            OutputFormat::Github => Buffer::Github(Vec::new()),
            OutputFormat::Html => Buffer::Html(html::Run::new()),
            _ => Buffer::None,
        };
        Reporter {
            out,
            format,
            color,
            first: true,
            csv: None,
            selected: Box::new(|code| codes::lookup(code).is_some_and(|c| c.enabled_by_default)),
            fingerprints: HashMap::new(),
            buffer,
            summary: Summary::default(),
        }
    }

    /// Chooses which finding codes the finding formats report (and the summary
    /// counts); the claim formats always write every record. The default is the
    /// registry's `enabled_by_default`, which leaves out CC301 (unverifiable).
    pub fn select(&mut self, selected: impl Fn(&str) -> bool + 'static) {
        self.selected = Box::new(selected);
    }

    /// Writes the records of one document, with `extra` findings about the
    /// document that are not claims (such as unused suppressions). The claim
    /// formats ignore `extra`, except human, which prints them after its diagnostics.
    pub fn document(&mut self, doc: &Document, records: &[Record], extra: &[Finding]) -> io::Result<()> {
        if self.format.renders_records() {
            return self.rendered(&render_records(self.format, records));
        }
        self.summary.documents += 1;
        self.summary.claims += records.len();
        for r in records {
            if let Some(c) = &r.check {
                self.summary.verdicts[verdict_index(c.verdict)] += 1;
            }
        }
        // Human output prints records; the finding formats and html need findings,
        // and only those that print fingerprints need them unique in the run.
        let mut findings: Vec<Finding> = match self.format {
            OutputFormat::Human => Vec::new(),
            _ => records
                .iter()
                .filter_map(|r| Finding::from_record(doc, r))
                .chain(extra.iter().cloned())
                .filter(|f| (self.selected)(f.code))
                .collect(),
        };
        finding::sort(&mut findings);
        if matches!(self.format, OutputFormat::Sarif | OutputFormat::Gitlab | OutputFormat::Html) {
            finding::make_unique(&mut findings, &mut self.fingerprints);
        }
        for f in &findings {
            self.summary.findings[severity_index(f.severity)] += 1;
        }
        match self.format {
            OutputFormat::Jsonl | OutputFormat::Json | OutputFormat::Csv => unreachable!("rendered above"),
            OutputFormat::Human => {
                human::write_document(&mut self.out, doc, records, self.color)?;
                let mut extra: Vec<&Finding> = extra.iter().filter(|f| (self.selected)(f.code)).collect();
                extra.sort_by(|a, b| (&a.path, a.start, a.code, a.end).cmp(&(&b.path, b.start, b.code, b.end)));
                for f in extra {
                    full::write_finding(&mut self.out, doc, f, self.color)?;
                }
            }
            OutputFormat::Concise => concise::write_findings(&mut self.out, &findings)?,
            OutputFormat::Full => {
                for f in &findings {
                    full::write_finding(&mut self.out, doc, f, self.color)?;
                }
            }
            OutputFormat::Rdjsonl => rdjsonl::write_findings(&mut self.out, doc, &findings)?,
            OutputFormat::Github => github::write_findings(&mut self.out, &findings)?,
            OutputFormat::Html => {
                if let Buffer::Html(run) = &mut self.buffer {
                    run.document(&mut self.out, doc, records, &findings)?;
                }
            }
            OutputFormat::Sarif | OutputFormat::Gitlab | OutputFormat::Junit => {}
        }
        match &mut self.buffer {
            Buffer::None | Buffer::Html(_) => {}
            Buffer::Sarif(results) => results.extend(findings.iter().map(|f| sarif::result(doc, f))),
            Buffer::Gitlab(issues) => issues.extend(findings.iter().map(gitlab::issue)),
            Buffer::Junit(suites) => suites.push(junit::suite(&doc.path, &findings)),
            Buffer::Github(all) => all.extend(findings),
        }
        Ok(())
    }

    /// Writes one document rendered by [`render_records`] in this reporter's
    /// format (json, jsonl or csv), with what depends on the run: the opening of
    /// the JSON array, the CSV header.
    pub fn rendered(&mut self, r: &RenderedRecords) -> io::Result<()> {
        self.summary.documents += 1;
        self.summary.claims += r.records;
        for (total, n) in self.summary.verdicts.iter_mut().zip(r.verdicts) {
            *total += n;
        }
        match self.format {
            OutputFormat::Json if self.first && !r.bytes.is_empty() => {
                self.first = false;
                self.out.write_all(JSON_OPEN)?;
                self.out.write_all(&r.bytes[JSON_SEPARATOR.len()..])
            }
            OutputFormat::Csv => {
                let writer = self.csv.get_or_insert_with(csv_out::CsvWriter::new);
                writer.header(&mut self.out, r.records > 0, r.checked)?;
                self.out.write_all(&r.bytes)
            }
            _ => self.out.write_all(&r.bytes),
        }
    }

    /// Closes the output: the JSON array, the whole-run formats, the summaries
    /// (and, for github, the step summary file when `GITHUB_STEP_SUMMARY` is set).
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            OutputFormat::Json => self.out.write_all(if self.first { b"[]\n" } else { b"\n]\n" })?,
            OutputFormat::Human => human::write_summary(&mut self.out, &self.summary)?,
            OutputFormat::Full => full::write_summary(&mut self.out, &self.summary)?,
            _ => {}
        }
        match &mut self.buffer {
            Buffer::None => {}
            Buffer::Html(run) => run.finish(&mut self.out, &self.summary)?,
            Buffer::Sarif(results) => sarif::write_log(&mut self.out, results)?,
            Buffer::Gitlab(issues) => gitlab::write_issues(&mut self.out, issues)?,
            Buffer::Junit(suites) => junit::write_report(&mut self.out, suites)?,
            Buffer::Github(all) => {
                // Flush the annotations first: they matter more than the summary file.
                self.out.flush()?;
                github::append_step_summary(all, &self.summary)?;
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Index into [`Summary::findings`].
fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            id: None,
            path: "a.md".into(),
            line: 2,
            column: 5,
            start: 10,
            end: 18,
            text: "$2.4 \"bn\"".into(),
            kind: "money",
            value: Some("2400000000".into()),
            unit: Some("USD".into()),
            qualifier: "exact",
            low: None,
            high: None,
            metric: Some("gdp".into()),
            subject: None,
            rule: "patterns:money".into(),
            check: None,
        }
    }

    fn keys(json: &str) -> Vec<String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let object = value.as_object().unwrap();
        // serde_json's map is sorted; the order written is found in the text.
        let mut keys: Vec<(usize, String)> =
            object.keys().map(|k| (json.find(&format!("\"{k}\":")).unwrap(), k.clone())).collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn record_json_is_one_flat_object() {
        let mut r = record();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(keys(&json), csv_out::CLAIM_FIELDS);
        assert!(json.contains(r#""text":"$2.4 \"bn\"""#), "{json}");

        r.id = Some("doc-1".into());
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with(r#"{"id":"doc-1","path":"a.md","line":2,"#), "{json}");

        let check = CheckRecord {
            verdict: "inconsistent",
            reason: "magnitude",
            code: Some("CC102"),
            severity: "error",
            message: "off by 1,000".into(),
            reference: None,
            related: vec![SpanRecord { start: 1, end: 2, line: 1, column: 2, text: "x".into() }],
            working: WorkingRecord {
                interval: None,
                converted: Some("2.4".into()),
                tolerance: None,
                relative_difference: None,
                rate: None,
                factor_power: Some(3),
            },
            fix: None,
            time: Some("2024".into()),
            subject_note: None,
        };
        r.check = Some(check.clone());
        let json = serde_json::to_string(&r).unwrap();
        // The check's own fields follow the claim's, in the order its derived
        // serialization gives them, with the same values.
        let alone = serde_json::to_string(&check).unwrap();
        let mut expected = vec!["id".to_string()];
        expected.extend(csv_out::CLAIM_FIELDS.iter().map(|k| k.to_string()));
        expected.extend(keys(&alone));
        assert_eq!(keys(&json), expected);
        let whole: serde_json::Value = serde_json::from_str(&json).unwrap();
        let part: serde_json::Value = serde_json::from_str(&alone).unwrap();
        for (k, v) in part.as_object().unwrap() {
            assert_eq!(&whole[k], v, "{k}");
        }
        assert!(json.ends_with(r#""time":"2024","subject_note":null}"#), "{json}");
    }
}
