//! Human output: a table of claims for `extract`; for `check`, every
//! inconsistency as a compiler-style diagnostic with the line underlined.

use std::io::{self, Write};

use super::{Record, Summary};
use crate::document::Document;

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

pub(super) fn write_document(out: &mut dyn Write, doc: &Document, records: &[Record], color: bool) -> io::Result<()> {
    let paint = |style: &str, text: &str| if color { format!("{style}{text}{RESET}") } else { text.to_string() };
    if records.iter().all(|r| r.check.is_none()) {
        for r in records {
            let value = r.value.clone().unwrap_or_else(|| "?".into());
            let unit = r.unit.clone().unwrap_or_default();
            let mut extra = String::new();
            if let (Some(lo), Some(hi)) = (&r.low, &r.high) {
                extra.push_str(&format!(" [{lo}, {hi}]"));
            }
            if let Some(m) = &r.metric {
                extra.push_str(&format!(" metric={m}"));
            }
            if let Some(s) = &r.subject {
                extra.push_str(&format!(" subject={s}"));
            }
            writeln!(
                out,
                "{}:{}:{}: {:<8} {:>16} {:<7} {:<9} {:?}{extra}",
                r.path, r.line, r.column, r.kind, value, unit, r.qualifier, r.text
            )?;
        }
        return Ok(());
    }
    for r in records {
        let Some(c) = &r.check else { continue };
        if c.verdict != "inconsistent" {
            continue;
        }
        let (style, level) = match c.severity {
            "error" => (RED, "error"),
            "warning" => (YELLOW, "warning"),
            _ => (BLUE, "info"),
        };
        let code = c.code.unwrap_or("");
        writeln!(out, "{}{}", paint(style, &format!("{level}[{code}]")), paint(BOLD, &format!(": {}", c.message)))?;
        writeln!(out, "  {} {}:{}:{}", paint(BLUE, "-->"), r.path, r.line, r.column)?;
        let range = doc.lines.line_range(&doc.source, r.line);
        let line_text = &doc.source[range.clone()];
        let gutter = r.line.to_string();
        let pad = " ".repeat(gutter.len());
        writeln!(out, "{pad} {}", paint(BLUE, "|"))?;
        writeln!(out, "{} {} {}", paint(BLUE, &gutter), paint(BLUE, "|"), line_text.replace('\t', " "))?;
        let start_col = r.column - 1;
        let end_in_line = r.end.min(range.end);
        let width = doc.source.get(r.start..end_in_line).map_or(1, |s| s.chars().count()).max(1);
        let label = match &r.metric {
            Some(m) => format!("{} of {}", m.replace('_', " "), r.subject.clone().unwrap_or_default()),
            None => String::new(),
        };
        writeln!(
            out,
            "{pad} {} {}{} {}",
            paint(BLUE, "|"),
            " ".repeat(start_col),
            paint(style, &"^".repeat(width)),
            paint(style, &label)
        )?;
        if let Some(reference) = &c.reference {
            let as_of = reference.as_of.clone().map(|d| format!(", {d}")).unwrap_or_default();
            writeln!(
                out,
                "{pad} = reference: {} {} {}{as_of} ({}:{}), source: {}",
                reference.value, reference.unit, reference.metric, reference.file, reference.line, reference.source
            )?;
        }
        for rel in &c.related {
            writeln!(out, "{pad} = see also {}:{}:{}: {:?}", r.path, rel.line, rel.column, rel.text)?;
        }
        if let Some(fix) = &c.fix {
            writeln!(out, "{pad} = help: write {:?}", fix.replacement)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub(super) fn write_summary(out: &mut dyn Write, s: &Summary) -> io::Result<()> {
    if s.verdicts.iter().sum::<usize>() > 0 {
        writeln!(
            out,
            "{} document(s), {} claim(s): {} consistent, {} inconsistent, {} unverifiable",
            s.documents, s.claims, s.verdicts[0], s.verdicts[1], s.verdicts[2]
        )?;
    } else {
        writeln!(out, "{} document(s), {} claim(s)", s.documents, s.claims)?;
    }
    Ok(())
}
