//! From checked claims to reported findings: selection, `claimcheck-disable`
//! comments, and `--diff-base` lines, in that order.
//!
//! A checked claim is a *finding* when its verdict is inconsistent or
//! unverifiable (each maps to a code in [`codes`]). A finding is reported when its
//! code is selected, no suppression comment covers it, and (with `--diff-base`)
//! it lies on a changed line. Suppressions are matched only against selected
//! findings, so a comment that silences a code nobody reports is unused, as
//! ruff's RUF100 treats a `noqa` for a disabled rule: the comment does nothing
//! and can go. An unused suppression is itself a finding, CC901.

use crate::check::codes::{self, Code};
use crate::check::{Checked, Verdict};
use crate::diff::ChangedLines;
use crate::document::{Document, Suppression};
use crate::reference::Severity;
use crate::select::{Selection, Selector};

/// The code of a checked claim's finding; `None` for a consistent claim.
pub fn finding_code(c: &Checked) -> Option<&'static Code> {
    match c.verdict {
        Verdict::Consistent => None,
        Verdict::Inconsistent | Verdict::Unverifiable => Some(codes::code_for(c.reason)),
    }
}

/// Whether a suppression covers a finding with this code on this line. A
/// suppression without codes covers every code; a listed code may be written as
/// code, name or prefix (`CC101`, `magnitude`, `CC1`), as selectors are.
pub fn covers(s: &Suppression, line: usize, code: &Code) -> bool {
    let (first, last) = s.lines;
    first <= line
        && line <= last
        && (s.codes.is_empty() || s.codes.iter().any(|k| Selector::parse(k).is_some_and(|sel| sel.matches(code))))
}

/// What the suppressions of a document did to its checked claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed<'d> {
    /// For each checked claim, in order: the index in `doc.suppressions` of the
    /// first suppression covering it, if it is a selected finding and one does.
    pub by: Vec<Option<usize>>,
    /// The suppressions that covered no selected finding, in source order.
    pub unused: Vec<&'d Suppression>,
}

/// Matches a document's suppressions against its checked claims (see the module
/// doc). The claims must come from this document.
pub fn apply<'d>(doc: &'d Document, checked: &[Checked], selection: &Selection) -> Suppressed<'d> {
    let mut used = vec![false; doc.suppressions.len()];
    let mut by = Vec::with_capacity(checked.len());
    for c in checked {
        let Some(code) = finding_code(c).filter(|code| selection.is_selected(code)) else {
            by.push(None);
            continue;
        };
        if doc.suppressions.is_empty() {
            by.push(None);
            continue;
        }
        let line = doc.line_of(c.claim.start);
        let mut first = None;
        // Every covering comment counts as used, not just the first: two
        // overlapping ones that both name the code are both doing their job.
        for (i, s) in doc.suppressions.iter().enumerate() {
            if covers(s, line, code) {
                used[i] = true;
                first.get_or_insert(i);
            }
        }
        by.push(first);
    }
    let unused = doc.suppressions.iter().zip(&used).filter(|(_, u)| !**u).map(|(s, _)| s).collect();
    Suppressed { by, unused }
}

/// Why a checked claim is or is not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A consistent claim: nothing to report.
    NoFinding,
    /// Its code is not selected.
    Unselected,
    /// A comment (index into `doc.suppressions`) suppresses it.
    Suppressed(usize),
    /// It is not on a line `--diff-base` counts as changed.
    Unchanged,
    /// It is reported.
    Reported,
}

/// The outcome for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage<'d> {
    /// One status per checked claim, in order.
    pub status: Vec<Status>,
    /// The unused suppressions to report as CC901: empty unless CC901 is selected,
    /// and (with `--diff-base`) only those on changed lines.
    pub unused: Vec<&'d Suppression>,
}

impl Triage<'_> {
    /// Whether any reported finding (claims and unused suppressions) has a
    /// severity that `fails` says fails the run.
    pub fn fails(&self, checked: &[Checked], fails: impl Fn(Severity) -> bool) -> bool {
        let claims = checked.iter().zip(&self.status).any(|(c, s)| *s == Status::Reported && fails(c.severity));
        claims || (!self.unused.is_empty() && fails(codes::lookup("CC901").expect("CC901 is registered").severity))
    }
}

/// Decides, for each checked claim of a document, whether it is reported; and
/// which unused suppressions are reported. `changed` restricts both to changed
/// lines (a finding counts when any line of its span changed).
pub fn triage<'d>(
    doc: &'d Document,
    checked: &[Checked],
    selection: &Selection,
    changed: Option<&ChangedLines>,
) -> Triage<'d> {
    let suppressed = apply(doc, checked, selection);
    let on_changed = |first: usize, last: usize| changed.is_none_or(|c| c.touches(first, last));
    // A span's lines, only looked up when `--diff-base` asks which lines changed.
    let span_on_changed = |c: &Checked| {
        changed.is_none_or(|lines| {
            lines.touches(doc.line_of(c.claim.start), doc.line_of(c.claim.end.saturating_sub(1).max(c.claim.start)))
        })
    };
    let status = checked
        .iter()
        .zip(&suppressed.by)
        .map(|(c, by)| {
            let Some(code) = finding_code(c) else { return Status::NoFinding };
            if !selection.is_selected(code) {
                return Status::Unselected;
            }
            if let Some(i) = by {
                return Status::Suppressed(*i);
            }
            if span_on_changed(c) { Status::Reported } else { Status::Unchanged }
        })
        .collect();
    let unused = if !suppressed.unused.is_empty() && selection.is_selected_code("CC901") {
        suppressed.unused.into_iter().filter(|s| on_changed(s.line, s.line)).collect()
    } else {
        Vec::new()
    };
    Triage { status, unused }
}
