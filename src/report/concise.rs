//! Concise: one `path:line:col: CODE message` line per finding, the shape
//! editors' and CI log matchers parse (compiler "file:line:col:" lines).

use std::io::{self, Write};

use super::finding::Finding;

/// Writes one line per finding.
pub(super) fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        writeln!(out, "{}:{}:{}: {} {}", f.path, f.line, f.column, f.code, one_line(&f.message))?;
    }
    Ok(())
}

/// Keeps a finding on one line: a line break inside a message would look like a
/// second, unparsable finding to a line-based matcher.
pub(super) fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}
