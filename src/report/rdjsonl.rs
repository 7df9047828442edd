//! reviewdog Diagnostic Format, one JSON object per line (`reviewdog -f=rdjsonl`).
//!
//! reviewdog counts columns in UTF-8 bytes, 1-based, end exclusive (unlike the
//! character columns of the other formats), so positions are computed here from
//! the byte offsets rather than taken from the finding's columns.

use std::io::{self, Write};

use serde::Serialize;

use super::finding::Finding;
use crate::document::Document;
use crate::reference::Severity;

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    source: Source,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
}

#[derive(Serialize)]
struct Suggestion {
    range: Range,
    text: String,
}

#[derive(Serialize)]
struct Related<'a> {
    message: String,
    location: Location<'a>,
}

/// The 1-based line and 1-based UTF-8 byte column of a byte offset.
fn position(doc: &Document, offset: usize) -> Position {
    let (line, _) = doc.line_col(offset);
    let line_start = doc.lines.line_range(&doc.source, line).start;
    Position { line, column: offset.saturating_sub(line_start) + 1 }
}

fn range(doc: &Document, start: usize, end: usize) -> Range {
    Range { start: position(doc, start), end: position(doc, end) }
}

/// Writes one diagnostic per line.
pub(super) fn write_findings(out: &mut dyn Write, doc: &Document, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let diagnostic = Diagnostic {
            message: &f.message,
            location: Location { path: &f.path, range: range(doc, f.start, f.end) },
            severity: match f.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            },
            source: Source { name: "claimcheck" },
            code: Code { value: f.code },
            suggestions: f
                .fix
                .iter()
                .map(|fix| Suggestion { range: range(doc, fix.start, fix.end), text: fix.replacement.clone() })
                .collect(),
            related_locations: f
                .related
                .iter()
                .map(|s| Related {
                    message: format!("related: {:?}", s.text),
                    location: Location { path: &f.path, range: range(doc, s.start, s.end) },
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &diagnostic)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
