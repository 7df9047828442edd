//! HTML: one self-contained page for editors (inline CSS and JS, no fetches).
//!
//! Layout of the page, in output order:
//!
//! 1. the head (styles) and a page header, written at the first document;
//! 2. one `<section class="doc">` per document, written when
//!    [`Reporter::document`](super::Reporter::document) is called: the path, the
//!    source text (escaped, never rendered) with every claim wrapped in a
//!    `<mark class="claim VERDICT">`, the hidden detail panels the tooltip shows,
//!    and the document's findings;
//! 3. the summary (totals, findings by code, filters, the list of documents),
//!    written at [`Reporter::finish`](super::Reporter::finish) because only then
//!    are the totals known. The inline script moves it to the top of the page;
//!    CSS `order` shows it first even with scripts off.
//!
//! So memory holds one document's section at a time plus a line per document
//! for the summary's list, however large the run.
//!
//! Everything from the input (source text, paths, messages, reference fields) goes
//! through [`escape`]; ids and classes are built from numbers and registry codes
//! only. A Content-Security-Policy of `default-src 'none'` keeps the browser from
//! loading anything, should a stray URL ever get through.

use std::collections::HashMap;
use std::io::{self, Write};

use super::finding::Finding;
use super::{Record, Summary};
use crate::check::codes;
use crate::document::Document;
use crate::reference::Severity;

/// What the page keeps between documents: enough for the summary.
#[derive(Debug, Default)]
pub(super) struct Run {
    /// Whether the page head has been written.
    started: bool,
    /// Findings per code, indexed like [`codes::CODES`].
    by_code: Vec<usize>,
    /// One entry per document, for the summary's table.
    documents: Vec<DocumentEntry>,
    /// Which verdict classes occur, for the filters (extract output has none).
    unchecked: bool,
}

/// A line of the summary's document table.
#[derive(Debug)]
struct DocumentEntry {
    path: String,
    claims: usize,
    inconsistent: usize,
    findings: usize,
}

/// Appends `text` with `& < > " '` replaced by entities: safe in element content
/// and in double- or single-quoted attribute values alike.
pub(super) fn escape(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// [`escape`] into a new string, for `format!` arguments.
fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape(&mut s, text);
    s
}

/// The verdict class of a record: its verdict, or `unchecked` for extract output.
fn verdict(r: &Record) -> &'static str {
    r.check.as_ref().map_or("unchecked", |c| c.verdict)
}

/// The small sign shown with a verdict, so that colour is never the only cue.
fn verdict_label(v: &str) -> &'static str {
    match v {
        "inconsistent" => "Inconsistent",
        "consistent" => "Consistent",
        "unverifiable" => "Unverifiable",
        _ => "Claim",
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

impl Run {
    /// A run with no documents yet.
    pub(super) fn new() -> Run {
        Run { by_code: vec![0; codes::CODES.len()], ..Run::default() }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            out.write_all(head().as_bytes())?;
        }
        Ok(())
    }

    /// Writes one document's section: the source with its claims marked, the
    /// claims' detail panels and the findings list.
    pub(super) fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Document,
        records: &[Record],
        findings: &[Finding],
    ) -> io::Result<()> {
        self.start(out)?;
        let n = self.documents.len() + 1;
        for f in findings {
            if let Some(i) = codes::CODES.iter().position(|c| c.code == f.code) {
                self.by_code[i] += 1;
            }
        }
        self.unchecked |= records.iter().any(|r| r.check.is_none());
        let inconsistent = records.iter().filter(|r| verdict(r) == "inconsistent").count();
        self.documents.push(DocumentEntry {
            path: doc.path.clone(),
            claims: records.len(),
            inconsistent,
            findings: findings.len(),
        });

        let mut s = String::with_capacity(doc.source.len() * 2 + 4096);
        s.push_str(&format!(
            "<section class=\"doc\" id=\"doc-{n}\" data-findings=\"{}\" aria-labelledby=\"doc-{n}-title\">\n",
            findings.len()
        ));
        s.push_str(&format!("<h2 id=\"doc-{n}-title\"><span class=\"path\">{}</span></h2>\n", esc(&doc.path)));
        s.push_str(&format!(
            "<p class=\"doc-counts\">{} claim(s): {} inconsistent, {} consistent, {} unverifiable · {} finding(s)</p>\n",
            records.len(),
            inconsistent,
            records.iter().filter(|r| verdict(r) == "consistent").count(),
            records.iter().filter(|r| verdict(r) == "unverifiable").count(),
            findings.len()
        ));
        s.push_str("<pre class=\"source\">");
        write_source(&mut s, n, doc, records);
        s.push_str("</pre>\n<div class=\"details\" hidden>\n");
        for (i, r) in records.iter().enumerate() {
            write_detail(&mut s, &format!("d{n}-c{i}"), r);
        }
        s.push_str("</div>\n");
        write_findings(&mut s, n, records, findings);
        s.push_str("</section>\n");
        out.write_all(s.as_bytes())
    }

    /// Writes the summary and closes the page.
    pub(super) fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let mut s = String::new();
        let [consistent, inconsistent, unverifiable] = summary.verdicts;
        s.push_str("<section class=\"summary\" id=\"summary\" aria-labelledby=\"summary-title\">\n");
        s.push_str("<h2 id=\"summary-title\">Summary</h2>\n<div class=\"tiles\">\n");
        let tile = |s: &mut String, class: &str, n: usize, label: &str| {
            s.push_str(&format!(
                "<div class=\"tile {class}\"><span class=\"num\" data-count=\"{class}\">{n}</span> <span class=\"lbl\">{label}</span></div>\n"
            ));
        };
        tile(&mut s, "documents", summary.documents, "documents");
        tile(&mut s, "claims", summary.claims, "claims");
        tile(&mut s, "inconsistent", inconsistent, "inconsistent");
        tile(&mut s, "consistent", consistent, "consistent");
        tile(&mut s, "unverifiable", unverifiable, "unverifiable");
        s.push_str("</div>\n");

        // Filters: one checkbox per verdict and per code that occurs. The script
        // hides findings and un-highlights claims that are filtered out.
        s.push_str(
            "<form class=\"filters\" id=\"filters\" aria-label=\"Filters\">\n<fieldset><legend>Verdict</legend>\n",
        );
        let mut verdicts =
            vec![("inconsistent", inconsistent), ("consistent", consistent), ("unverifiable", unverifiable)];
        if self.unchecked {
            verdicts.push(("unchecked", summary.claims - inconsistent - consistent - unverifiable));
        }
        for (v, count) in verdicts {
            s.push_str(&format!(
                "<label class=\"chip {v}\"><input type=\"checkbox\" name=\"verdict\" value=\"{v}\" checked> <span class=\"sign\" aria-hidden=\"true\"></span>{} <span class=\"n\">{count}</span></label>\n",
                verdict_label(v)
            ));
        }
        s.push_str("</fieldset>\n<fieldset><legend>Findings by code</legend>\n");
        let mut any = false;
        for (c, &count) in codes::CODES.iter().zip(&self.by_code) {
            if count == 0 {
                continue;
            }
            any = true;
            s.push_str(&format!(
                "<label class=\"chip code sev-{sev}\" title=\"{doc}\"><input type=\"checkbox\" name=\"code\" value=\"{code}\" checked> <span class=\"code-id\">{code}</span> {name} <span class=\"n\">{count}</span></label>\n",
                sev = severity_name(c.severity),
                doc = esc(c.doc),
                code = c.code,
                name = c.name,
            ));
        }
        if !any {
            s.push_str("<p class=\"none\">No findings.</p>\n");
        }
        s.push_str("</fieldset>\n<fieldset><legend>Documents</legend>\n<label class=\"chip\"><input type=\"checkbox\" name=\"only-findings\"> only documents with findings shown</label>\n</fieldset>\n</form>\n");

        if self.documents.len() > 1 {
            s.push_str("<table class=\"docs\"><thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Claims</th><th scope=\"col\">Inconsistent</th><th scope=\"col\">Findings</th></tr></thead><tbody>\n");
            for (i, d) in self.documents.iter().enumerate() {
                s.push_str(&format!(
                    "<tr><td><a href=\"#doc-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    i + 1,
                    esc(&d.path),
                    d.claims,
                    d.inconsistent,
                    d.findings
                ));
            }
            s.push_str("</tbody></table>\n");
        }
        s.push_str(LEGEND);
        s.push_str("</section>\n</main>\n<script>");
        s.push_str(SCRIPT);
        s.push_str("</script>\n</body>\n</html>\n");
        out.write_all(s.as_bytes())
    }
}

/// The page head, the floating tooltip and the opening of `<main>`.
fn head() -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"claimcheck\">\n<meta name=\"claimcheck-version\" content=\"{version}\">\n\
         <title>claimcheck report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <div id=\"tip\" class=\"tip\" role=\"tooltip\" hidden></div>\n\
         <header class=\"top\"><h1>claimcheck report</h1>\
         <p class=\"meta\">Numeric claims checked against the reference · <a href=\"#summary\">Summary</a></p></header>\n\
         <main class=\"report\" id=\"report\">\n"
    )
}

/// One element to open: a claim, or the rest of a claim that crossed the end
/// of an enclosing one.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    record: usize,
    /// The first element of its claim carries the id; continuations do not.
    first: bool,
}

/// Writes the escaped source with a `<mark>` per claim.
///
/// Spans are byte offsets into the source. Claims are opened in order of start
/// (longest first), as a stack: a claim inside another nests; a claim that
/// crosses the end of an enclosing one is cut there and continued by a second
/// element after it (same classes and data, no id), so the markup stays well
/// formed. Spans that are out of range or not on character boundaries are not
/// marked (the claim is still listed and has its detail panel).
fn write_source(s: &mut String, n: usize, doc: &Document, records: &[Record]) {
    let src = doc.source.as_str();
    let valid = |a: usize, b: usize| a <= b && b <= src.len() && src.is_char_boundary(a) && src.is_char_boundary(b);
    let mut queue: Vec<Span> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| valid(r.start, r.end))
        .map(|(i, r)| Span { start: r.start, end: r.end, record: i, first: true })
        .collect();
    // Sorted descending so that `pop` yields the next span: by start, then the
    // longer first (so it encloses), then input order.
    let key = |a: &Span| (a.start, std::cmp::Reverse(a.end), !a.first, a.record);
    queue.sort_by_key(|a| std::cmp::Reverse(key(a)));
    let mut stack: Vec<Span> = Vec::new();
    let mut pos = 0;
    while let Some(mut span) = queue.pop() {
        // Close what ends at or before this span's start.
        while let Some(top) = stack.last().copied()
            && top.end <= span.start
        {
            escape(s, &src[pos..top.end]);
            pos = top.end;
            s.push_str("</mark>");
            stack.pop();
        }
        escape(s, &src[pos..span.start]);
        pos = span.start;
        if let Some(top) = stack.last()
            && span.end > top.end
        {
            // Crosses the enclosing claim's end: cut here, continue after it.
            let rest = Span { start: top.end, end: span.end, record: span.record, first: false };
            let at = queue.partition_point(|a| key(a) > key(&rest));
            queue.insert(at, rest);
            span.end = top.end;
        }
        open_mark(s, n, &records[span.record], span);
        stack.push(span);
    }
    while let Some(top) = stack.pop() {
        escape(s, &src[pos..top.end]);
        pos = top.end;
        s.push_str("</mark>");
    }
    escape(s, &src[pos..]);
}

fn open_mark(s: &mut String, n: usize, r: &Record, span: Span) {
    let v = verdict(r);
    let id = format!("d{n}-c{}", span.record);
    let code = r.check.as_ref().and_then(|c| c.code).unwrap_or("");
    if span.first {
        s.push_str(&format!("<mark class=\"claim {v}\" id=\"{id}\" tabindex=\"0\" aria-describedby=\"{id}-tip\""));
    } else {
        s.push_str(&format!("<mark class=\"claim {v} cont\" data-for=\"{id}\""));
    }
    s.push_str(&format!(
        " data-verdict=\"{v}\" data-code=\"{}\" data-start=\"{}\" data-end=\"{}\">",
        esc(code),
        r.start,
        r.end
    ));
}

/// A row of a detail panel, left out when there is no value.
fn row(s: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        s.push_str(&format!("<dt>{name}</dt><dd>{}</dd>", esc(v)));
    }
}

/// The hidden panel the tooltip shows for one claim: verdict, message, the
/// claim's values and the reference row.
fn write_detail(s: &mut String, id: &str, r: &Record) {
    let v = verdict(r);
    s.push_str(&format!("<div class=\"detail {v}\" id=\"{id}-tip\">"));
    s.push_str(&format!("<p class=\"head\"><span class=\"badge {v}\">{}</span>", verdict_label(v)));
    if let Some(c) = &r.check {
        if let Some(code) = c.code.and_then(codes::lookup) {
            s.push_str(&format!(" <span class=\"code-id\">{}</span> {}", code.code, code.name));
        }
        s.push_str(&format!(" <span class=\"sev\">{}</span>", esc(c.severity)));
    }
    s.push_str("</p>");
    if let Some(c) = &r.check {
        s.push_str(&format!("<p class=\"msg\">{}</p>", esc(&c.message)));
    }
    s.push_str("<dl class=\"claim-fields\">");
    row(s, "Text", Some(&r.text));
    let value = match (&r.value, &r.unit) {
        (Some(v), Some(u)) => Some(format!("{v} {u}")),
        (Some(v), None) => Some(v.clone()),
        (None, Some(u)) => Some(format!("? {u}")),
        (None, None) => None,
    };
    row(s, "Value", value.as_deref());
    let qualifier = match (&r.low, &r.high) {
        (Some(lo), Some(hi)) => format!("{} ({lo} to {hi})", r.qualifier),
        _ => r.qualifier.to_string(),
    };
    row(s, "Qualifier", Some(&qualifier));
    row(s, "Kind", Some(r.kind));
    row(s, "Metric", r.metric.as_deref());
    row(s, "Subject", r.subject.as_deref());
    row(s, "Where", Some(&format!("line {}, column {}", r.line, r.column)));
    if let Some(c) = &r.check {
        row(s, "Subject note", c.subject_note.as_deref());
        row(s, "Time", c.time.as_deref());
    }
    s.push_str("</dl>");
    if let Some(c) = &r.check {
        if let Some(rf) = &c.reference {
            s.push_str("<p class=\"sub\">Reference</p><dl class=\"ref\">");
            row(s, "Value", Some(&format!("{} {}", rf.value, rf.unit)));
            row(s, "As of", rf.as_of.as_deref());
            row(s, "Source", Some(&rf.source));
            row(s, "Row", Some(&format!("{}:{}", rf.file, rf.line)));
            row(s, "Note", rf.note.as_deref());
            s.push_str("</dl>");
        }
        let w = &c.working;
        let mut working = String::new();
        row(&mut working, "Relative difference", w.relative_difference.as_deref());
        row(&mut working, "Tolerance", w.tolerance.as_deref());
        row(&mut working, "Converted", w.converted.as_deref());
        if let Some([lo, hi]) = &w.interval {
            row(&mut working, "Interval", Some(&format!("{lo} to {hi}")));
        }
        if let Some(rate) = &w.rate {
            row(&mut working, "Rate", Some(&rate.to_string()));
        }
        if let Some(fix) = &c.fix {
            row(&mut working, "Suggested fix", Some(&format!("replace with \u{201c}{}\u{201d}", fix.replacement)));
        }
        for rel in &c.related {
            row(&mut working, "See also", Some(&format!("line {}: \u{201c}{}\u{201d}", rel.line, rel.text)));
        }
        if !working.is_empty() {
            s.push_str("<dl class=\"working\">");
            s.push_str(&working);
            s.push_str("</dl>");
        }
    }
    s.push_str("</div>\n");
}

/// The document's findings, each with a stable anchor (`f-` and its
/// fingerprint) and a link to its claim in the source.
fn write_findings(s: &mut String, n: usize, records: &[Record], findings: &[Finding]) {
    if findings.is_empty() {
        s.push_str("<p class=\"no-findings\">No findings in this document.</p>\n");
        return;
    }
    // A finding made from a claim links to that claim's element.
    let mut claim_at: HashMap<(usize, usize, &str), usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        claim_at.entry((r.start, r.end, r.text.as_str())).or_insert(i);
    }
    s.push_str(&format!("<h3 id=\"doc-{n}-findings\">Findings</h3>\n<ol class=\"findings\">\n"));
    for f in findings {
        let claim = claim_at.get(&(f.start, f.end, f.text.as_str())).copied();
        let v = claim.map_or("", |i| verdict(&records[i]));
        let sev = severity_name(f.severity);
        s.push_str(&format!(
            "<li class=\"finding sev-{sev}\" id=\"f-{fp}\" data-verdict=\"{v}\" data-code=\"{code}\">",
            fp = esc(&f.fingerprint),
            code = esc(f.code)
        ));
        let location = format!("{}:{}", f.line, f.column);
        match claim {
            Some(i) => s.push_str(&format!("<a class=\"loc\" href=\"#d{n}-c{i}\">{location}</a>")),
            None => s.push_str(&format!("<span class=\"loc\">{location}</span>")),
        }
        s.push_str(&format!(
            " <span class=\"sev\">{sev}</span> <span class=\"code-id\">{}</span> <span class=\"name\">{}</span> \
             <q class=\"text\">{}</q> <span class=\"msg\">{}</span> \
             <a class=\"anchor\" href=\"#f-{fp}\" aria-label=\"Link to this finding\">#</a></li>\n",
            esc(f.code),
            esc(f.name),
            esc(f.text.trim()),
            esc(&f.message),
            fp = esc(&f.fingerprint),
        ));
    }
    s.push_str("</ol>\n");
}

const LEGEND: &str = "<p class=\"legend\"><mark class=\"claim inconsistent\">inconsistent</mark> \
<mark class=\"claim consistent\">consistent</mark> <mark class=\"claim unverifiable\">unverifiable</mark> \
Hover, focus (Tab) or tap a claim for its value, the reference and the message; Esc closes.</p>\n";

const STYLE: &str = r#"
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;
--bad:#b42318;--bad-bg:#fde7e4;--ok:#146c2e;--ok-bg:#dff3e4;--unk:#5b4a00;--unk-bg:#fbf1c7;--plain-bg:#e3ecfa;--plain:#1f4f99}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0a58ca}
.top{padding:14px 24px;background:#fff;border-bottom:1px solid var(--line)}
.top h1{margin:0;font-size:20px}
.meta{margin:2px 0 0;color:var(--muted);font-size:13px}
.report{display:flex;flex-direction:column;gap:18px;max-width:1100px;margin:0 auto;padding:18px 24px 48px}
.summary{order:-1}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px}
h2{margin:0 0 8px;font-size:17px}
h2 .path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
h3{font-size:15px;margin:16px 0 6px}
.doc-counts{margin:0 0 10px;color:var(--muted);font-size:13px}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:12px}
.tile{flex:1 1 120px;border:1px solid var(--line);border-radius:6px;padding:8px 12px;background:var(--bg)}
.tile .num{display:block;font-size:24px;font-weight:650;line-height:1.2}
.tile .lbl{color:var(--muted);font-size:13px}
.tile.inconsistent{border-left:5px solid var(--bad)}.tile.consistent{border-left:5px solid var(--ok)}.tile.unverifiable{border-left:5px solid #a08000}
.filters{display:flex;flex-wrap:wrap;gap:10px 24px;margin:0 0 8px}
fieldset{border:0;padding:0;margin:0}
legend{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-bottom:4px}
.chip{display:inline-flex;align-items:center;gap:4px;border:1px solid var(--line);border-radius:999px;padding:2px 10px 2px 6px;margin:0 6px 6px 0;font-size:13px;background:#fff;cursor:pointer}
.chip .n{color:var(--muted);font-variant-numeric:tabular-nums}
.chip input{margin:0 2px 0 0}
.chip.inconsistent .sign::before{content:"\26A0\FE0E";color:var(--bad)}
.chip.consistent .sign::before{content:"\2713";color:var(--ok)}
.chip.unverifiable .sign::before{content:"?";color:var(--unk);font-weight:700}
.code-id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
.none,.no-findings{color:var(--muted);margin:4px 0}
table.docs{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
table.docs th,table.docs td{text-align:left;border-bottom:1px solid var(--line);padding:4px 8px}
.legend{font-size:13px;color:var(--muted);margin:8px 0 0}
pre.source{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.75 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fbfcfd;border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:0}
mark.claim{color:inherit;border-radius:3px;padding:1px 1px;cursor:help;text-decoration:none}
mark.claim.inconsistent{background:var(--bad-bg);border-bottom:2px dashed var(--bad);font-weight:600}
mark.claim.inconsistent:not(.cont)::before{content:"!";display:inline-block;width:1.25em;height:1.25em;line-height:1.25em;margin-right:3px;border-radius:50%;background:var(--bad);color:#fff;font:700 .72em/1.25em system-ui,sans-serif;text-align:center;vertical-align:.12em}
mark.claim.consistent{background:var(--ok-bg);border-bottom:2px solid var(--ok)}
mark.claim.unverifiable{background:var(--unk-bg);border-bottom:2px dotted #8a6d00}
mark.claim.unchecked{background:var(--plain-bg);border-bottom:2px solid var(--plain)}
mark.claim mark.claim{padding:0}
mark.claim.off{background:none;border-bottom:0;font-weight:inherit;cursor:auto}
mark.claim.off::before{content:none}
mark.claim:focus-visible,mark.claim:target{outline:3px solid #0a58ca;outline-offset:1px}
.legend mark.claim{font-family:inherit}
ol.findings{margin:0;padding-left:22px}
.finding{padding:4px 0;border-bottom:1px solid #eef0f2}
.finding:target{background:#fff8c5}
.finding .loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.finding .sev{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;padding:0 5px;border-radius:3px;background:#eaeef2;color:var(--fg)}
.finding.sev-error .sev{background:var(--bad);color:#fff}
.finding.sev-warning .sev{background:#9a6700;color:#fff}
.finding .text{font-weight:600}
.finding .anchor{color:var(--muted);text-decoration:none;margin-left:4px}
.finding[hidden],.doc[hidden]{display:none}
.tip{position:absolute;z-index:10;max-width:min(460px,calc(100vw - 16px));background:#fff;color:var(--fg);border:1px solid #8c959f;border-radius:8px;box-shadow:0 8px 24px rgba(31,35,40,.2);padding:10px 12px;font-size:13px;line-height:1.45}
.tip[hidden]{display:none}
.tip.inconsistent{border-top:4px solid var(--bad)}.tip.consistent{border-top:4px solid var(--ok)}.tip.unverifiable{border-top:4px solid #a08000}
.tip .head{margin:0 0 4px}
.tip .msg{margin:0 0 6px;font-weight:600}
.tip .sub{margin:6px 0 2px;font-size:11px;font-weight:700;text-transform:uppercase;color:var(--muted)}
.tip dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:0}
.tip dt{color:var(--muted)}
.tip dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:3px}
.badge.inconsistent{background:var(--bad);color:#fff}.badge.consistent{background:var(--ok);color:#fff}.badge.unverifiable{background:#f0d264;color:#3d3100}.badge.unchecked{background:var(--plain);color:#fff}
.sev{color:var(--muted)}
@media print{.filters,.tip{display:none}}
"#;

/// Moves the summary up, wires the tooltip and the filters, then marks the page
/// ready (`data-ready="1"` on `<body>`), which the browser test waits for.
const SCRIPT: &str = r##"
(function () {
  "use strict";
  var report = document.getElementById("report");
  var summary = document.getElementById("summary");
  var tip = document.getElementById("tip");
  // The summary is written last (the totals are known only then); put it first
  // in document order too, so keyboard and screen-reader order match the view.
  if (report && summary) report.insertBefore(summary, report.firstChild);

  var shown = null, pinned = null;
  function claimOf(node) {
    var m = node && node.closest ? node.closest("mark.claim") : null;
    if (m && m.dataset.for) m = document.getElementById(m.dataset.for);
    return m && m.id && !m.classList.contains("off") && m.closest("#report") ? m : null;
  }
  function show(m) {
    var detail = document.getElementById(m.id + "-tip");
    if (!detail) return;
    if (shown !== m) {
      tip.replaceChildren();
      detail.childNodes.forEach(function (n) { tip.appendChild(n.cloneNode(true)); });
      tip.className = "tip " + (m.dataset.verdict || "");
      tip.dataset.for = m.id;
    }
    tip.hidden = false;
    var r = m.getClientRects()[0] || m.getBoundingClientRect();
    var width = tip.offsetWidth, view = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, view - width - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    if (shown && shown !== m) shown.removeAttribute("aria-expanded");
    m.setAttribute("aria-expanded", "true");
    shown = m;
  }
  function hide() {
    tip.hidden = true;
    if (shown) shown.removeAttribute("aria-expanded");
    shown = null; pinned = null;
  }
  report.addEventListener("mouseover", function (e) { var m = claimOf(e.target); if (m && !pinned) show(m); });
  report.addEventListener("mouseout", function (e) {
    var m = claimOf(e.target);
    if (m && m === shown && !pinned && document.activeElement !== m && !m.contains(e.relatedTarget)) hide();
  });
  report.addEventListener("focusin", function (e) { var m = claimOf(e.target); if (m) { pinned = null; show(m); } });
  report.addEventListener("focusout", function (e) {
    var m = claimOf(e.target);
    if (m && m === shown && !pinned) hide();
  });
  report.addEventListener("click", function (e) {
    var m = claimOf(e.target);
    if (m) { show(m); pinned = m; e.stopPropagation(); }
  });
  document.addEventListener("click", function (e) { if (pinned && !tip.contains(e.target)) hide(); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
    else if ((e.key === "Enter" || e.key === " ") && claimOf(document.activeElement) === document.activeElement) {
      e.preventDefault(); show(document.activeElement); pinned = document.activeElement;
    }
  });
  // Following a finding's link focuses its claim and opens the tooltip.
  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var m = id ? document.getElementById(id) : null;
    if (m && m.matches("mark.claim") && !m.classList.contains("off")) { m.focus(); show(m); pinned = m; }
  }
  window.addEventListener("hashchange", followHash);
  window.addEventListener("resize", function () { if (shown) show(shown); });

  var form = document.getElementById("filters");
  function applyFilters() {
    if (!form) return;
    var off = {};
    form.querySelectorAll("input[name=verdict], input[name=code]").forEach(function (i) {
      if (!i.checked) off[i.name + ":" + i.value] = true;
    });
    var only = form.querySelector("input[name=only-findings]").checked;
    function visible(el) {
      var v = el.dataset.verdict, c = el.dataset.code;
      return !(v && off["verdict:" + v]) && !(c && off["code:" + c]);
    }
    report.querySelectorAll(".doc mark.claim").forEach(function (m) {
      var on = visible(m);
      m.classList.toggle("off", !on);
      if (m.id) m.tabIndex = on ? 0 : -1;
    });
    report.querySelectorAll("section.doc").forEach(function (d) {
      var left = 0;
      d.querySelectorAll("li.finding").forEach(function (f) { f.hidden = !visible(f); if (!f.hidden) left++; });
      d.hidden = only && left === 0;
    });
    if (shown && shown.classList.contains("off")) hide();
  }
  if (form) form.addEventListener("change", applyFilters);
  applyFilters();
  followHash();
  document.body.dataset.ready = "1";
})();
"##;
