//! JUnit XML, for the test-report views of GitLab, Jenkins and Azure: one
//! testsuite per document, one failing testcase per finding, and a passing
//! testcase for a document without findings so that it still shows as checked.

use std::io::{self, Write};

use super::finding::Finding;

/// One document's suite, built while the document is at hand.
pub(super) struct Suite {
    path: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    line: usize,
    failure: Option<Failure>,
}

struct Failure {
    message: String,
    kind: &'static str,
    body: String,
}

/// The suite of one document's findings.
pub(super) fn suite(path: &str, findings: &[Finding]) -> Suite {
    let mut cases: Vec<Case> = findings
        .iter()
        .map(|f| {
            let mut body = format!(
                "{}:{}:{}: {} {} ({})\n{}\nclaim: {:?}",
                f.path,
                f.line,
                f.column,
                f.code,
                f.name,
                f.severity.name(),
                f.message,
                f.text
            );
            if let Some(r) = &f.reference {
                body.push_str(&format!(
                    "\nreference: {} {} ({}:{}), source: {}",
                    r.value, r.unit, r.file, r.line, r.source
                ));
            }
            if let Some(fix) = &f.fix {
                body.push_str(&format!("\nfix: {:?}", fix.replacement));
            }
            Case {
                name: format!("{} {} at {}:{}", f.code, f.name, f.line, f.column),
                line: f.line,
                failure: Some(Failure { message: f.message.clone(), kind: f.code, body }),
            }
        })
        .collect();
    if cases.is_empty() {
        cases.push(Case { name: "no findings".to_string(), line: 1, failure: None });
    }
    Suite { path: path.to_string(), cases }
}

/// Escapes text for XML 1.0. Control characters XML cannot represent at all,
/// even as references, become U+FFFD; in attributes, tabs and line breaks are
/// written as references because parsers would otherwise normalize them to spaces.
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the whole report.
pub(super) fn write_report(out: &mut dyn Write, suites: &[Suite]) -> io::Result<()> {
    let failures = |s: &Suite| s.cases.iter().filter(|c| c.failure.is_some()).count();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failed: usize = suites.iter().map(failures).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="claimcheck" tests="{tests}" failures="{failed}" errors="0">"#)?;
    for s in suites {
        let path = escape(&s.path, true);
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0" skipped="0">"#,
            s.cases.len(),
            failures(s)
        )?;
        for c in &s.cases {
            let open = format!(
                r#"    <testcase name="{}" classname="{path}" file="{path}" line="{}""#,
                escape(&c.name, true),
                c.line
            );
            match &c.failure {
                None => writeln!(out, "{open}/>")?,
                Some(f) => {
                    writeln!(out, "{open}>")?;
                    writeln!(
                        out,
                        r#"      <failure message="{}" type="{}">{}</failure>"#,
                        escape(&f.message, true),
                        escape(f.kind, true),
                        escape(&f.body, false)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
