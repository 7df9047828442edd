//! HTML to prose blocks: visible text only, split at block-level elements.
//!
//! html5gum tokenizes (it knows which elements hold raw text, and decodes entities)
//! but its decoded text has no per-character offsets. So each text run is rebuilt
//! from its raw source span: plain bytes stay verbatim, and every character
//! reference becomes its own piece, decoded by html5gum in isolation.

use super::builder::BlockBuilder;
use super::suppress::{self, RawComment};
use super::{Block, BlockKind, Document, Format, LineIndex};
use crate::date::PartialDate;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::HashMap;
use std::ops::Range;

/// Elements whose content is not prose.
const SKIPPED: [&str; 10] =
    ["script", "style", "pre", "code", "template", "noscript", "textarea", "svg", "math", "iframe"];

/// Elements that end the current block where they start or end.
const BLOCK_LEVEL: [&str; 30] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "br",
    "section",
    "article",
    "blockquote",
    "tr",
    "ul",
    "ol",
    "header",
    "footer",
    "main",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "table",
    "hr",
    "aside",
    "nav",
];

/// `<meta>` names or properties that carry the publication date.
const DATE_META: [&str; 6] = ["date", "article:published_time", "dc.date", "dcterms.date", "pubdate", "publish-date"];

/// Parses an HTML document.
pub(super) fn parse(path: &str, source: String) -> Document {
    let lines = LineIndex::new(&source);
    let read = Reader::read(&source);
    let suppressions = suppress::suppressions(&source, &lines, &read.comments);
    let mut blocks = read.title.into_iter().collect::<Vec<_>>();
    blocks.extend(read.blocks);
    Document {
        path: path.to_string(),
        lines,
        source,
        format: Format::Html,
        blocks,
        date: read.meta_date.or(read.time_date),
        suppressions,
    }
}

/// Tokenizer-walking state and results.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    title: Option<Block>,
    comments: Vec<RawComment>,
    meta_date: Option<PartialDate>,
    time_date: Option<PartialDate>,
    current: Option<BlockBuilder>,
    /// Open block elements with the kind of block their text belongs to.
    open: Vec<(String, BlockKind)>,
    /// Open elements whose text is skipped.
    skipping: Vec<String>,
    in_head: bool,
    /// The first `<title>` being read, if inside it.
    in_title: Option<BlockBuilder>,
    title_seen: bool,
    header_depth: usize,
    entities: HashMap<String, String>,
}

impl Reader {
    fn read(source: &str) -> Reader {
        let mut r = Reader::default();
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        // Without this, `<p>` inside a script string would be read as markup.
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(source, emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let attr = |k: &str| {
                        tag.attributes.get(k.as_bytes()).map(|v| String::from_utf8_lossy(&v.value).into_owned())
                    };
                    r.start_tag(&name, tag.self_closing, attr);
                }
                Token::EndTag(tag) => r.end_tag(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase()),
                Token::String(s) => r.text(source, &s.value, s.span.start..s.span.end),
                Token::Comment(c) => r.comments.push(RawComment {
                    start: c.span.start,
                    end: c.span.end,
                    body: String::from_utf8_lossy(&c.value).into_owned(),
                }),
                Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        r.flush();
        if let Some(t) = r.in_title.take() {
            r.title = t.finish();
        }
        r
    }

    fn flush(&mut self) {
        if let Some(block) = self.current.take().and_then(BlockBuilder::finish) {
            self.blocks.push(block);
        }
    }

    fn start_tag(&mut self, name: &str, self_closing: bool, attr: impl Fn(&str) -> Option<String>) {
        match name {
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            // An SVG `<title>` labels a drawing; it is not the page's headline.
            "title" if !self.title_seen && !self_closing && self.skipping.is_empty() => {
                self.title_seen = true;
                self.in_title = Some(BlockBuilder::new(BlockKind::Title));
            }
            "meta" if self.meta_date.is_none() => {
                let key = attr("name").or_else(|| attr("property")).unwrap_or_default().to_ascii_lowercase();
                if DATE_META.contains(&key.as_str()) {
                    self.meta_date = attr("content").and_then(|c| iso_date(&c));
                }
            }
            "time" if self.header_depth > 0 && self.time_date.is_none() => {
                self.time_date = attr("datetime").and_then(|d| iso_date(&d));
            }
            "header" if !self_closing => self.header_depth += 1,
            _ => {}
        }
        if SKIPPED.contains(&name) && !self_closing {
            self.skipping.push(name.to_string());
        }
        if BLOCK_LEVEL.contains(&name) {
            self.flush();
            if name != "br" && name != "hr" && !self_closing {
                let parent = self.open.last().map(|(_, k)| *k);
                let kind = match name {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading(name.as_bytes()[1] - b'0'),
                    "li" => BlockKind::ListItem,
                    "td" | "th" => BlockKind::TableCell,
                    // A paragraph in an item or cell is still that item's or cell's text.
                    _ => match parent {
                        Some(k @ (BlockKind::ListItem | BlockKind::TableCell)) => k,
                        _ => BlockKind::Paragraph,
                    },
                };
                self.open.push((name.to_string(), kind));
            }
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "head" => self.in_head = false,
            "title" => {
                if let Some(t) = self.in_title.take() {
                    self.title = t.finish();
                }
            }
            "header" => self.header_depth = self.header_depth.saturating_sub(1),
            _ => {}
        }
        // Close back to the matching open element; a stray end tag closes nothing.
        if let Some(i) = self.skipping.iter().rposition(|n| n == name) {
            self.skipping.truncate(i);
        }
        if BLOCK_LEVEL.contains(&name) {
            self.flush();
            if let Some(i) = self.open.iter().rposition(|(n, _)| n == name) {
                self.open.truncate(i);
            }
        }
    }

    fn text(&mut self, source: &str, decoded: &[u8], span: Range<usize>) {
        if !self.skipping.is_empty() {
            return;
        }
        let in_title = self.in_title.is_some();
        if self.in_head && !in_title {
            return;
        }
        let raw = source.get(span.clone()).unwrap_or("");
        let pieces = rebuild(raw, span.start, &mut self.entities);
        let ours: String = pieces.iter().map(|p| p.0.as_str()).collect();
        let builder = match self.in_title.as_mut() {
            Some(b) => b,
            None => {
                let kind = self.open.last().map_or(BlockKind::Paragraph, |(_, k)| *k);
                self.current.get_or_insert_with(|| BlockBuilder::new(kind))
            }
        };
        // html5gum turns CR LF into LF; we keep the source's line breaks as they are.
        let theirs = String::from_utf8_lossy(decoded);
        if ours.replace("\r\n", "\n").replace('\r', "\n") != theirs {
            // Our rebuild disagrees with the tokenizer (NUL bytes and the like): trust
            // the tokenizer's text and map it as a whole.
            builder.push_mapped(&theirs, span);
            return;
        }
        for (text, range, verbatim) in pieces {
            if verbatim {
                builder.push_verbatim(&text, range.start);
            } else {
                builder.push_mapped(&text, range);
            }
        }
    }
}

/// Splits a raw text run into verbatim runs and decoded character references:
/// (text, source range, verbatim).
fn rebuild(raw: &str, base: usize, cache: &mut HashMap<String, String>) -> Vec<(String, Range<usize>, bool)> {
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'&', &bytes[i..]) {
        let amp = i + off;
        let mut end = amp + 1;
        if bytes.get(end) == Some(&b'#') {
            end += 1;
            if matches!(bytes.get(end), Some(b'x' | b'X')) {
                end += 1;
            }
        }
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        if bytes.get(end) == Some(&b';') {
            end += 1;
        }
        let reference = &raw[amp..end];
        let decoded = cache.entry(reference.to_string()).or_insert_with(|| decode(reference));
        if *decoded != reference {
            // `&notin` style prefixes: a legacy entity name followed by plain letters
            // decodes only its prefix; keep the shared plain tail verbatim.
            let tail = common_suffix(decoded, reference).min(reference.len() - 1);
            let head_len = decoded.len() - tail;
            if amp > run_start {
                out.push((raw[run_start..amp].to_string(), base + run_start..base + amp, true));
            }
            let split = end - tail;
            out.push((decoded[..head_len].to_string(), base + amp..base + split, false));
            run_start = split;
        }
        i = end;
    }
    if raw.len() > run_start {
        out.push((raw[run_start..].to_string(), base + run_start..base + raw.len(), true));
    }
    out
}

/// Length of the longest common byte suffix that starts on a char boundary of `a`.
fn common_suffix(a: &str, b: &str) -> usize {
    let n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&k| a.is_char_boundary(a.len() - k)).unwrap_or(0)
}

/// The text a character reference stands for in ordinary content.
fn decode(reference: &str) -> String {
    let mut text = Vec::new();
    for token in Tokenizer::new(reference) {
        let Ok(token) = token;
        if let Token::String(s) = token {
            text.extend_from_slice(&s);
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// A date from an ISO 8601 attribute value (`2025-12-16`, `2025-12-16T10:00:00Z`).
fn iso_date(value: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(value.split_whitespace().next()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::testing::assert_source_map;

    fn html(source: &str) -> Document {
        let doc = Document::parse("t.html", source.to_string(), Format::Html);
        assert_source_map(&doc);
        doc
    }

    fn texts(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn entities_are_pieces_of_their_own() {
        let doc = html("<p>5&nbsp;000 &amp; more</p>");
        let b = &doc.blocks[0];
        assert_eq!(b.text, "5\u{a0}000 & more");
        assert_eq!(b.pieces.len(), 5);
        let nbsp = b.text.find('\u{a0}').unwrap();
        assert_eq!(&doc.source[b.source_offset(nbsp)..b.source_end(nbsp + 2)], "&nbsp;");
        assert_eq!(&doc.source[b.source_offset(nbsp + 2)..b.source_end(nbsp + 5)], "000");
        let amp = b.text.find('&').unwrap();
        assert_eq!(&doc.source[b.source_offset(amp)..b.source_end(amp + 1)], "&amp;");
        assert_eq!(&doc.source[b.source_offset(amp + 2)..b.source_end(b.text.len())], "more");
    }

    #[test]
    fn references_without_semicolons_and_legacy_prefixes() {
        let doc = html("<p>x&#44;y &notit; &amp a & b &bogus;</p>");
        let b = &doc.blocks[0];
        assert_eq!(b.text, "x,y ¬it; & a & b &bogus;");
        let not = b.text.find('¬').unwrap();
        assert_eq!(&doc.source[b.source_offset(not)..b.source_end(not + 2)], "&not");
        assert_eq!(&doc.source[b.source_offset(not + 2)..b.source_end(not + 5)], "it;");
    }

    #[test]
    fn head_title_meta_and_skipped_elements() {
        let doc = html(
            "<!DOCTYPE html><html><head><title>Raids injure 32 &amp; more</title>\
             <meta name=\"date\" content=\"2025-12-16\"><style>p{width:99px}</style>\
             <script>var s = '<p>77 dead</p>';</script></head>\
             <body><p>Injured 28.</p><pre>not 1</pre><p>Code <code>x=2</code>here</p>\
             <noscript>enable 3</noscript><template><p>4</p></template></body></html>",
        );
        assert_eq!(
            texts(&doc),
            [
                (BlockKind::Title, "Raids injure 32 & more"),
                (BlockKind::Paragraph, "Injured 28."),
                (BlockKind::Paragraph, "Code here"),
            ]
        );
        assert_eq!(doc.date, PartialDate::ymd(2025, 12, 16));
    }

    #[test]
    fn block_elements_split_and_set_kinds() {
        let doc = html(
            "<h2>Toll <em>rises</em></h2><div>one<br>two</div><ul><li><p>item 1</p></li><li>item 2</li></ul>\
             <table><tr><th>Year</th><td>2024</td></tr></table><p>a\n  b</p>",
        );
        assert_eq!(
            texts(&doc),
            [
                (BlockKind::Heading(2), "Toll rises"),
                (BlockKind::Paragraph, "one"),
                (BlockKind::Paragraph, "two"),
                (BlockKind::ListItem, "item 1"),
                (BlockKind::ListItem, "item 2"),
                (BlockKind::TableCell, "Year"),
                (BlockKind::TableCell, "2024"),
                (BlockKind::Paragraph, "a\n  b"),
            ]
        );
    }

    #[test]
    fn dates_from_meta_win_over_time_in_header() {
        let doc = html("<header><time datetime=\"2024-03-01T08:00:00Z\">1 March</time></header><p>x</p>");
        assert_eq!(doc.date, PartialDate::ymd(2024, 3, 1));
        let doc = html(
            "<header><time datetime=\"2024-03-01\">x</time></header>\
             <meta property=\"article:published_time\" content=\"2025-12-16T10:00:00Z\">",
        );
        assert_eq!(doc.date, PartialDate::ymd(2025, 12, 16));
        assert_eq!(html("<p><time datetime=\"2024-03-01\">x</time></p>").date, None);
    }

    #[test]
    fn suppression_comments_in_html() {
        let doc = html(
            "<!-- claimcheck-disable-next-line CC101 -- from the agency -->\n<p>40 dead</p>\n\
             <!-- claimcheck-disable -->\n<p>1</p>\n<script>'<!-- claimcheck-enable -->'</script>",
        );
        let s = &doc.suppressions;
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].line, s[0].lines), (1, (2, 2)));
        assert_eq!(s[0].codes, ["CC101"]);
        assert_eq!(s[0].reason.as_deref(), Some("from the agency"));
        assert_eq!((s[1].line, s[1].lines), (3, (3, usize::MAX)));
    }

    #[test]
    fn crlf_is_kept_and_never_panics() {
        let doc = html("<p>a\r\nb &amp;\r\nc</p>");
        assert_eq!(doc.blocks[0].text, "a\r\nb &\r\nc");
        let tricky = [
            "",
            "<",
            "&",
            "<p",
            "<title>unclosed &amp",
            "</p></div></li>text",
            "<script>never closed <p>x",
            "<p>\0nul &#0; &#xD800; &#99999999;</p>",
            "<!-- unclosed comment",
            "<![CDATA[x]]><?pi?>é",
            "<td><li><h1>é&eacute;</h3></td>",
            "<meta name=date content=garbage><header><time datetime>",
            "<svg><title>chart</title><text>5</text></svg><title>Real</title>",
        ];
        for s in tricky {
            html(s);
        }
        let svg = html("<svg><title>chart</title><text>5</text></svg><title>Real</title>");
        assert_eq!(texts(&svg), [(BlockKind::Title, "Real")]);
        let alphabet =
            ['a', '1', ' ', '\n', '\r', '<', '>', '/', '&', ';', '#', 'x', 'p', '=', '"', '!', '-', 'é', 't'];
        let mut seed = 0x9e37_79b9_u32;
        for _ in 0..400 {
            let len = (seed % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                s.push(alphabet[seed as usize % alphabet.len()]);
            }
            html(&s);
        }
    }
}
