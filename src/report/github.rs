//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
//! finding, which the runner turns into annotations on the pull request.
//!
//! GitHub shows only a handful of annotations of each level per step, so when
//! `GITHUB_STEP_SUMMARY` names a file, the complete list is appended to it as a
//! Markdown table, which appears on the run's summary page.

use std::io::{self, Write};

use super::Summary;
use super::finding::Finding;
use crate::reference::Severity;

/// Escapes a command's message: the runner decodes `%25`, `%0D`, `%0A`, so a
/// literal `%` must be encoded first or it would be misread as an escape.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): as data, plus `:` (which would end
/// the properties) and `,` (which would start the next property).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of a finding, without the line break.
pub fn command(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // Line 0 annotations never show in the "Files changed" view: clamp to 1.
    let line = f.line.max(1);
    let end_line = f.end_line.max(line);
    let mut props = format!("file={},line={line},endLine={end_line}", escape_property(&f.path));
    // GitHub rejects col/endColumn on an annotation spanning several lines.
    if end_line == line {
        props.push_str(&format!(",col={},endColumn={}", f.column, f.end_column));
    }
    props.push_str(&format!(",title={}", escape_property(&format!("{} {}", f.code, f.name))));
    format!("::{level} {props}::{}", escape_data(&f.message))
}

/// Writes one command line per finding.
pub(super) fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        writeln!(out, "{}", command(f))?;
    }
    Ok(())
}

/// Escapes text for a Markdown table cell: a `|` would split the cell, a line
/// break would end the row, and markup characters would format or hide text.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The Markdown summary of a run: counts, then a table of every finding.
pub fn summary_markdown(findings: &[Finding], summary: &Summary) -> String {
    let [errors, warnings, infos] = summary.findings;
    let mut md = String::from("## claimcheck\n\n");
    if findings.is_empty() {
        md.push_str(&format!("No findings in {} document(s).\n\n", summary.documents));
        return md;
    }
    md.push_str(&format!(
        "{} finding(s) in {} document(s): {errors} error(s), {warnings} warning(s), {infos} notice(s).\n\n",
        findings.len(),
        summary.documents
    ));
    md.push_str("| Severity | Code | Location | Message |\n| --- | --- | --- | --- |\n");
    for f in findings {
        md.push_str(&format!(
            "| {} | {} {} | {}:{}:{} | {} |\n",
            f.severity.name(),
            f.code,
            cell(f.name),
            cell(&f.path),
            f.line,
            f.column,
            cell(&f.message)
        ));
    }
    md.push('\n');
    md
}

/// Appends the summary to the file `GITHUB_STEP_SUMMARY` names, if it is set.
pub(super) fn append_step_summary(findings: &[Finding], summary: &Summary) -> io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let text = summary_markdown(findings, summary);
    // Name the file in the error: "writing output: permission denied" alone would
    // send the user looking at stdout.
    let wrap = |e: io::Error| io::Error::new(e.kind(), format!("GITHUB_STEP_SUMMARY {}: {e}", path.to_string_lossy()));
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(wrap)?;
    file.write_all(text.as_bytes()).map_err(wrap)
}
