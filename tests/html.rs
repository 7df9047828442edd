//! The HTML report (`--format html`), through the binary and through the
//! library: content, escaping, self-containment and exact claim spans. The real
//! browser test is `scripts/html-browser-test.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;

use claimcheck::document::{Document, Format};
use claimcheck::report::{OutputFormat, Record, Reporter};
use regex::Regex;

const DRAFT: &str = "../shared/acceptance/seed-draft.md";
const REFERENCE: &str = "../shared/acceptance/seed-reference.csv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `claimcheck check --format FORMAT` in the checkout; returns stdout.
fn check(format: &str, reference: &Path, files: &[&Path]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(root())
        .args(["check", "--exit-zero", "--reference"])
        .arg(reference)
        .args(["--format", format])
        .args(files)
        .output()
        .expect("run claimcheck");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn records(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

/// What `escape` makes of text in element content.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The text content of the claim element with this span: everything up to its
/// matching `</mark>`, tags removed and entities decoded.
fn claim_text(html: &str, start: u64, end: u64) -> Option<String> {
    let open =
        Regex::new(&format!(r#"<mark class="claim [a-z]+" id="[^"]+"[^>]*data-start="{start}" data-end="{end}">"#))
            .unwrap();
    let m = open.find(html)?;
    let rest = &html[m.end()..];
    let tag = Regex::new(r"</?mark[^>]*>").unwrap();
    let mut depth = 1;
    let mut text = String::new();
    let mut last = 0;
    for t in tag.find_iter(rest) {
        text.push_str(&rest[last..t.start()]);
        last = t.end();
        depth += if t.as_str().starts_with("</") { -1 } else { 1 };
        if depth == 0 {
            return Some(unescape(&text));
        }
    }
    None
}

/// The page without its own `<style>` and `<script>`, whose contents are ours.
fn markup(html: &str) -> String {
    let style = Regex::new(r"(?s)<style>.*?</style>").unwrap();
    let script = Regex::new(r"(?s)<script>.*?</script>").unwrap();
    script.replace_all(&style.replace_all(html, "<style></style>"), "<script></script>").into_owned()
}

#[test]
fn seed_draft_highlights_the_inconsistent_claims_with_their_messages() {
    let reference = root().join(REFERENCE);
    let html = check("html", &reference, &[Path::new(DRAFT)]);
    let claims = records(&check("jsonl", &reference, &[Path::new(DRAFT)]));
    let inconsistent: Vec<_> = claims.iter().filter(|c| c["verdict"] == "inconsistent").collect();
    assert_eq!(inconsistent.len(), 5);
    assert!(html.starts_with("<!DOCTYPE html>\n") && html.ends_with("</html>\n"));
    assert_eq!(html.matches("<mark class=\"claim inconsistent\" id=").count(), 5, "{html}");
    for c in &inconsistent {
        let (start, end) = (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap());
        let text = c["text"].as_str().unwrap();
        assert_eq!(claim_text(&html, start, end).as_deref(), Some(text));
        let code = c["code"].as_str().unwrap();
        assert!(html.contains(&format!("data-verdict=\"inconsistent\" data-code=\"{code}\" data-start=\"{start}\"")));
        let message = escaped(c["message"].as_str().unwrap());
        // Once in the claim's detail panel, once in the findings list.
        assert_eq!(html.matches(&format!("<p class=\"msg\">{message}</p>")).count(), 1, "{message}");
        assert!(html.contains(&format!("<span class=\"msg\">{message}</span>")), "{message}");
    }
    // Every claim is marked, whatever its verdict, and the summary counts them.
    assert_eq!(html.matches("<mark class=\"claim ").count() - 3, claims.len(), "three legend swatches");
    assert!(html.contains("<span class=\"num\" data-count=\"inconsistent\">5</span>"));
    assert!(html.contains("<span class=\"code-id\">CC101</span> magnitude <span class=\"n\">2</span>"));
    // Findings have stable anchors and link to their claims.
    let anchors = Regex::new(r#"<li class="finding sev-\w+" id="f-([0-9a-f]{16})""#).unwrap();
    assert_eq!(anchors.captures_iter(&html).count(), 8);
    assert!(html.contains("<a class=\"loc\" href=\"#d1-c3\">12:41</a>"));
    assert!(html.contains("document.body.dataset.ready = \"1\""), "the browser test waits for data-ready");
}

#[test]
fn the_report_is_deterministic() {
    let reference = root().join(REFERENCE);
    let a = check("html", &reference, &[Path::new(DRAFT)]);
    assert_eq!(a, check("html", &reference, &[Path::new(DRAFT)]));
    assert!(a.contains(&format!("<meta name=\"claimcheck-version\" content=\"{}\">", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_report_loads_nothing() {
    let html = check("html", &root().join(REFERENCE), &[Path::new(DRAFT)]);
    let page = markup(&html);
    assert!(!page.contains("<link"), "no stylesheets or icons to fetch");
    assert!(!page.contains(" src="), "no scripts, images or frames to fetch");
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("url(") && !html.contains("@import"), "no CSS fetches");
    for href in Regex::new(r#"href="([^"]*)""#).unwrap().captures_iter(&page) {
        assert!(href[1].starts_with('#'), "only in-page links: {}", &href[1]);
    }
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn everything_from_the_input_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("hostile.csv");
    std::fs::write(
        &reference,
        "subject,aliases,metric,value,unit,as_of,source\n\
         Zaporizhzhia,,population,710052,people,2022-01-01,\"\"\"><img src=x onerror=alert(2)>\"\n",
    )
    .unwrap();
    let doc = dir.path().join("'\"><b>draft&.md");
    std::fs::write(
        &doc,
        "# Title <script>alert(1)</script>\n\n\
         Zaporizhzhia, which had a population of around 7.1 million \"quoted\" & <i>tagged</i>\n\
         before the war <!-- </pre><script>alert(3)</script> -->.\n",
    )
    .unwrap();
    let html = check("html", &reference, &[&doc]);
    let page = markup(&html);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img") && !html.contains("<b>") && !html.contains("<i>"), "{html}");
    assert!(html.contains("# Title &lt;script&gt;alert(<mark"), "source text stays text: {html}");
    assert!(html.contains("&quot;quoted&quot; &amp; &lt;i&gt;tagged&lt;/i&gt;"));
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(html.contains("<dd>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</dd>"), "reference source escaped");
    assert!(html.contains("&#39;&quot;&gt;&lt;b&gt;draft&amp;.md</span>"), "path escaped");
    // No attribute breaks out: every tag is one we write, with attributes we write.
    let tags = Regex::new(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").unwrap();
    let attrs = Regex::new(r#"\s([a-zA-Z-]+)(="[^"]*")?"#).unwrap();
    let allowed_tags = [
        "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "h3", "p", "a", "main",
        "section", "span", "pre", "mark", "dl", "dt", "dd", "ol", "li", "q", "form", "fieldset", "legend", "label",
        "input", "table", "thead", "tbody", "tr", "th", "td", "script",
    ];
    let allowed_attrs = [
        "lang",
        "charset",
        "name",
        "content",
        "http-equiv",
        "id",
        "class",
        "role",
        "hidden",
        "href",
        "tabindex",
        "aria-describedby",
        "aria-labelledby",
        "aria-label",
        "aria-hidden",
        "data-verdict",
        "data-code",
        "data-start",
        "data-end",
        "data-for",
        "data-findings",
        "data-count",
        "type",
        "value",
        "checked",
        "title",
        "scope",
    ];
    for t in tags.captures_iter(&page) {
        assert!(allowed_tags.contains(&&t[1]), "unexpected tag {}", &t[0]);
        let rest = attrs.replace_all(&t[2], "");
        assert!(rest.trim().is_empty(), "unparsed attribute text {rest:?} in {}", &t[0]);
        for a in attrs.captures_iter(&t[2]) {
            assert!(allowed_attrs.contains(&&a[1]), "unexpected attribute {} in {}", &a[1], &t[0]);
        }
    }
}

#[test]
fn claim_elements_hold_exactly_their_byte_spans() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("mb.md");
    std::fs::write(
        &doc,
        "Ukraine got a €90bn loan — the EU said — and 2,000 tonnes of grain \u{201c}at least 5%\u{201d} in 2024.\n\n\
         Zaporizhzhia, which had a population of around 7.1 million before the launch of the invasion.\n",
    )
    .unwrap();
    let reference = root().join(REFERENCE);
    let html = check("html", &reference, &[&doc]);
    let claims = records(&check("jsonl", &reference, &[&doc]));
    assert!(claims.iter().any(|c| c["text"] == "€90bn"), "{claims:?}");
    let source = std::fs::read_to_string(&doc).unwrap();
    for c in &claims {
        let (start, end) = (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap());
        let span = &source[start as usize..end as usize];
        assert_eq!(claim_text(&html, start, end).as_deref(), Some(span), "{c}");
    }
    // The source as a whole survives: tags out, entities decoded.
    let pre = Regex::new(r#"(?s)<pre class="source">(.*?)</pre>"#).unwrap();
    let body = &pre.captures(&html).unwrap()[1];
    assert_eq!(unescape(&Regex::new(r"</?mark[^>]*>").unwrap().replace_all(body, "")), source);
}

fn record(doc: &Document, start: usize, end: usize) -> Record {
    Record {
        id: None,
        path: doc.path.clone(),
        line: 1,
        column: start + 1,
        start,
        end,
        text: doc.source[start..end].to_string(),
        kind: "count",
        value: Some("1".into()),
        unit: None,
        qualifier: "exact",
        low: None,
        high: None,
        metric: None,
        subject: None,
        rule: "test".into(),
        check: None,
    }
}

/// Overlapping, nested, adjacent, empty and invalid spans, through the library.
#[test]
fn overlapping_and_adjacent_spans_stay_well_formed() {
    let source = "aaaa—bbbb cccc dddd";
    let doc = Document::parse("x.txt", source.to_string(), Format::Text);
    let dash = source.find('—').unwrap();
    let spans = [
        (0, 9),               // aaaa—b
        (2, 4),               // nested inside the first
        (dash, dash + 3),     // the dash, nested
        (7, 14),              // crosses the end of the first
        (14, 19),             // adjacent to the previous
        (15, 15),             // empty
        (dash + 1, dash + 2), // inside the dash: not a character boundary, left unmarked
        (10, 99),             // past the end: left unmarked
    ];
    let records: Vec<Record> = spans
        .iter()
        .map(|&(s, e)| {
            if e <= source.len() && source.is_char_boundary(s) && source.is_char_boundary(e) {
                record(&doc, s, e)
            } else {
                Record { start: s, end: e, text: String::new(), ..record(&doc, 0, 0) }
            }
        })
        .collect();
    let mut reporter = Reporter::new(Vec::new(), OutputFormat::Html, false);
    reporter.document(&doc, &records, &[]).unwrap();
    let html = String::from_utf8(reporter.finish().unwrap()).unwrap();
    let pre = Regex::new(r#"(?s)<pre class="source">(.*?)</pre>"#).unwrap();
    let body = &pre.captures(&html).unwrap()[1];
    // Balanced, and the text is the source unchanged.
    let tag = Regex::new(r"</?mark[^>]*>").unwrap();
    let mut depth = 0i32;
    for t in tag.find_iter(body) {
        depth += if t.as_str().starts_with("</") { -1 } else { 1 };
        assert!(depth >= 0, "{body}");
    }
    assert_eq!(depth, 0, "{body}");
    assert_eq!(unescape(&tag.replace_all(body, "")), source);
    // Properly nested and adjacent claims hold exactly their text.
    for &(s, e) in &[(0, 9), (2, 4), (dash, dash + 3), (14, 19), (15, 15)] {
        assert_eq!(claim_text(&html, s as u64, e as u64).as_deref(), Some(&source[s..e]), "{s}..{e}: {body}");
    }
    // The crossing claim is cut at the first one's end and continued after it.
    assert_eq!(claim_text(&html, 7, 14).as_deref(), Some(&source[7..9]));
    assert!(body.contains("<mark class=\"claim unchecked cont\" data-for=\"d1-c3\""), "{body}");
    // Unmarkable spans still get their detail panel.
    assert!(!body.contains("data-start=\"10\"") && html.contains("id=\"d1-c7-tip\""));
}
