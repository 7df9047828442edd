//! Full: compiler-style diagnostics, one block per finding: the code and message,
//! `--> path:line:col`, the source line with the claim underlined, then the
//! reference and its source, related spans and the fix. Colour only when the
//! reporter was told to use it (the CLI decides from the TTY, `NO_COLOR`, `--color`).

use std::io::{self, Write};

use super::Summary;
use super::finding::Finding;
use crate::document::Document;
use crate::reference::Severity;

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes one finding as a block followed by a blank line.
pub(super) fn write_finding(out: &mut dyn Write, doc: &Document, f: &Finding, color: bool) -> io::Result<()> {
    let paint = |style: &str, text: &str| if color { format!("{style}{text}{RESET}") } else { text.to_string() };
    let (style, level) = match f.severity {
        Severity::Error => (RED, "error"),
        Severity::Warning => (YELLOW, "warning"),
        Severity::Info => (CYAN, "info"),
    };
    writeln!(out, "{}{}", paint(style, &format!("{level}[{}]", f.code)), paint(BOLD, &format!(": {}", f.message)))?;
    let gutter = f.line.to_string();
    let pad = " ".repeat(gutter.len());
    writeln!(out, "{pad}{} {}:{}:{}", paint(BLUE, "-->"), f.path, f.line, f.column)?;
    let range = doc.lines.line_range(&doc.source, f.line);
    // Tabs become one space each so that the underline, counted in characters, lines up.
    let line_text = doc.source[range.clone()].replace('\t', " ");
    writeln!(out, "{pad} {}", paint(BLUE, "|"))?;
    writeln!(out, "{} {} {}", paint(BLUE, &gutter), paint(BLUE, "|"), line_text)?;
    // A span running past its first line is underlined to the end of that line.
    let end_in_line = f.end.min(range.end).max(f.start);
    let width = doc.source.get(f.start..end_in_line).map_or(1, |s| s.chars().count()).max(1);
    let label = match (&f.metric, &f.subject) {
        (Some(m), Some(s)) => format!("{} of {s}", m.replace('_', " ")),
        (Some(m), None) => m.replace('_', " "),
        _ => f.name.to_string(),
    };
    writeln!(
        out,
        "{pad} {} {}{} {}",
        paint(BLUE, "|"),
        " ".repeat(f.column.saturating_sub(1)),
        paint(style, &"^".repeat(width)),
        paint(style, &label)
    )?;
    if let Some(r) = &f.reference {
        let as_of = r.as_of.as_ref().map(|d| format!(" as of {d}")).unwrap_or_default();
        writeln!(out, "{pad} = reference: {} {} {}{as_of} ({}:{})", r.value, r.unit, r.metric, r.file, r.line)?;
        writeln!(out, "{pad} = source: {}", r.source)?;
    }
    for rel in &f.related {
        writeln!(out, "{pad} = see also {}:{}:{}: {:?}", f.path, rel.line, rel.column, rel.text)?;
    }
    if let Some(fix) = &f.fix {
        let old = doc.source.get(fix.start..fix.end).unwrap_or("");
        writeln!(out, "{pad} = {}: replace {old:?} with {:?}", paint(BOLD, "help"), fix.replacement)?;
    }
    writeln!(out)
}

/// The closing count, as compilers print it.
pub(super) fn write_summary(out: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let [errors, warnings, infos] = s.findings;
    let total = errors + warnings + infos;
    if total == 0 {
        writeln!(out, "No findings in {} document(s).", s.documents)
    } else {
        writeln!(
            out,
            "Found {total} finding(s) in {} document(s): {errors} error(s), {warnings} warning(s), {infos} info.",
            s.documents
        )
    }
}
