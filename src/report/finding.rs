//! Findings: what the CI formats (concise, full, sarif, github, gitlab, rdjsonl,
//! junit) report. A finding is an inconsistent or unverifiable claim, or something
//! about the document itself such as an unused suppression comment; consistent
//! claims are not findings.
//!
//! Positions come from the record's byte offsets through the document's line
//! index, never from searching the text, so every format agrees on where a
//! finding is.

use std::collections::HashMap;

use super::{FixRecord, Record, ReferenceRecord, SpanRecord};
use crate::check::codes::{self, Code};
use crate::document::{Document, Suppression};
use crate::reference::Severity;

/// One reported problem, with everything the formats need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code from the registry (`CC101`).
    pub code: &'static str,
    /// The code's kebab-case name (`magnitude`).
    pub name: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// One line a journalist understands.
    pub message: String,
    /// The document's name.
    pub path: String,
    /// Byte offset of the span's start.
    pub start: usize,
    /// Byte offset one past the span's end.
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end, in characters, exclusive.
    pub end_column: usize,
    /// The span's text.
    pub text: String,
    /// About whom.
    pub subject: Option<String>,
    /// What it measures.
    pub metric: Option<String>,
    /// The reference row behind the verdict.
    pub reference: Option<ReferenceRecord>,
    /// Other spans the verdict depends on.
    pub related: Vec<SpanRecord>,
    /// A safe replacement.
    pub fix: Option<FixRecord>,
    /// A hex hash that identifies the finding across edits elsewhere in the file
    /// (see [`fingerprint`]); unique within a run once [`make_unique`] has run.
    pub fingerprint: String,
}

impl Finding {
    /// The finding of a checked claim: `None` for a consistent verdict or a plain
    /// extracted claim; an inconsistent verdict gets its reason's code, an
    /// unverifiable one CC301.
    pub fn from_record(doc: &Document, r: &Record) -> Option<Finding> {
        let c = r.check.as_ref()?;
        let code: &'static Code = match c.verdict {
            "inconsistent" => codes::lookup(c.code?)?,
            "unverifiable" => codes::lookup("CC301")?,
            _ => return None,
        };
        // The record's severity comes from the reference file; the registry's is the fallback.
        let severity = Severity::from_name(c.severity).unwrap_or(code.severity);
        let (end_line, end_column) = doc.line_col(r.end);
        let fingerprint = fingerprint(code.code, &r.path, r.subject.as_deref(), r.metric.as_deref(), &r.text);
        Some(Finding {
            code: code.code,
            name: code.name,
            severity,
            message: c.message.clone(),
            path: r.path.clone(),
            start: r.start,
            end: r.end,
            line: r.line,
            column: r.column,
            end_line,
            end_column,
            text: r.text.clone(),
            subject: r.subject.clone(),
            metric: r.metric.clone(),
            reference: c.reference.clone(),
            related: c.related.clone(),
            fix: c.fix.clone(),
            fingerprint,
        })
    }

    /// CC901 for a suppression comment that silenced nothing. The span is the
    /// comment's whole line (without its line break): the suppression records only
    /// its line, and the line is what a reader deletes.
    pub fn unused_suppression(doc: &Document, s: &Suppression) -> Finding {
        let code = codes::lookup("CC901").expect("CC901 is registered");
        let range = doc.lines.line_range(&doc.source, s.line);
        let text = doc.source[range.clone()].to_string();
        let (line, column) = doc.line_col(range.start);
        let (end_line, end_column) = doc.line_col(range.end);
        let what = if s.codes.is_empty() { "claimcheck-disable comment".to_string() } else { s.codes.join(", ") };
        let message = if s.codes.is_empty() {
            format!("unused suppression: this {what} suppresses nothing; remove it")
        } else {
            format!("unused suppression: no {what} finding here to suppress; remove the comment")
        };
        Finding {
            code: code.code,
            name: code.name,
            severity: code.severity,
            message,
            path: doc.path.clone(),
            start: range.start,
            end: range.end,
            line,
            column,
            end_line,
            end_column,
            fingerprint: fingerprint(code.code, &doc.path, None, None, &text),
            text,
            subject: None,
            metric: None,
            reference: None,
            related: Vec::new(),
            fix: None,
        }
    }

    /// The registry entry of the finding's code.
    pub fn rule(&self) -> &'static Code {
        codes::lookup(self.code).expect("findings carry registered codes")
    }

    /// The registry index of the code (SARIF's `ruleIndex`).
    pub fn rule_index(&self) -> usize {
        codes::CODES.iter().position(|c| c.code == self.code).expect("findings carry registered codes")
    }
}

/// FNV-1a, 64 bits: tiny, dependency-free, and stable across Rust versions and
/// platforms (unlike `DefaultHasher`), which is what a fingerprint stored by
/// GitHub or GitLab between runs needs. Not for anything adversarial.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The fingerprint of a finding: a 16-digit hex hash of its code, path, subject,
/// metric and claim text. The line number is left out on purpose so that a
/// finding keeps its identity when lines are added or removed elsewhere; runs of
/// whitespace in the text count as one space so that re-wrapping a paragraph
/// does not change it either.
pub fn fingerprint(code: &str, path: &str, subject: Option<&str>, metric: Option<&str>, text: &str) -> String {
    // 0xFF never occurs in UTF-8, so it separates fields unambiguously; 0xFE marks
    // a missing value so that `None` and `Some("")` differ.
    let mut bytes = Vec::with_capacity(code.len() + path.len() + text.len() + 32);
    let mut field = |value: Option<&str>| {
        match value {
            Some(v) => bytes.extend_from_slice(v.as_bytes()),
            None => bytes.push(0xFE),
        }
        bytes.push(0xFF);
    };
    field(Some(code));
    field(Some(path));
    field(subject);
    field(metric);
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    field(Some(&squeezed));
    format!("{:016x}", fnv1a(bytes))
}

/// Makes fingerprints unique within a run: the first finding with a fingerprint
/// keeps it, the n-th identical one gets a hash of it and n (GitLab keeps only
/// one issue per fingerprint). `seen` carries the fingerprints of earlier
/// documents; call this after sorting so the numbering follows the text.
pub fn make_unique(findings: &mut [Finding], seen: &mut HashMap<String, usize>) {
    for f in findings {
        let base = f.fingerprint.clone();
        let mut candidate = base.clone();
        loop {
            let count = seen.entry(candidate.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                break;
            }
            let n = *count;
            candidate = format!("{:016x}", fnv1a(base.bytes().chain([0xFF]).chain(n.to_string().into_bytes())));
        }
        f.fingerprint = candidate;
    }
}

/// Sorts one document's findings by path, offset, code (then end), the order
/// every format reports them in.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (&a.path, a.start, a.code, a.end).cmp(&(&b.path, b.start, b.code, b.end)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_wrapping_but_not_fields() {
        let a = fingerprint("CC101", "a.md", Some("X"), Some("population"), "7.1\nmillion");
        assert_eq!(a, fingerprint("CC101", "a.md", Some("X"), Some("population"), "7.1 million"));
        assert_ne!(a, fingerprint("CC102", "a.md", Some("X"), Some("population"), "7.1 million"));
        assert_ne!(a, fingerprint("CC101", "a.md", None, Some("population"), "7.1 million"));
        assert_ne!(
            fingerprint("CC101", "a.md", Some(""), None, "x"),
            fingerprint("CC101", "a.md", None, Some(""), "x")
        );
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(*b"foobar"), 0x8594_4171_f739_67e8);
    }
}
