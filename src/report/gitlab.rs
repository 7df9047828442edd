//! GitLab Code Quality: one JSON array of issues for the merge request widget
//! (`artifacts:reports:codequality`). GitLab keeps only one issue per fingerprint,
//! so the reporter makes fingerprints unique within the run before they get here.

use std::io::{self, Write};

use serde::Serialize;

use super::finding::Finding;
use crate::reference::Severity;

/// One Code Quality issue.
#[derive(Serialize)]
pub(super) struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// Code Quality's scale is blocker, critical, major, minor, info. A wrong figure
/// is a real defect but not a broken build, so error maps to major (as the
/// common ESLint and Ruff exporters do), warning to minor, info to info.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The issue of a finding.
pub(super) fn issue(f: &Finding) -> Issue {
    Issue {
        description: format!("{} {}: {}", f.code, f.name, f.message),
        check_name: f.code,
        fingerprint: f.fingerprint.clone(),
        severity: severity(f.severity),
        location: Location {
            path: f.path.clone(),
            lines: Lines { begin: f.line.max(1), end: f.end_line.max(f.line.max(1)) },
        },
    }
}

/// Writes the array.
pub(super) fn write_issues(out: &mut dyn Write, issues: &[Issue]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, issues)?;
    out.write_all(b"\n")
}
