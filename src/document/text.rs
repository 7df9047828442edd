//! Plain text: blank lines separate paragraphs, except in files of long unwrapped
//! lines (scraped pages, wire copy), where each line is its own paragraph. A short
//! first line without closing punctuation is the headline.

use super::{Block, BlockKind, Document, Format, LineIndex, suppress};

/// A file whose longest line is at most this long is taken to be hard-wrapped.
const WRAP_WIDTH: usize = 100;

pub(super) fn parse(path: &str, source: String) -> Document {
    let blocks = blocks(&source);
    let lines = LineIndex::new(&source);
    let suppressions = suppress::suppressions(&source, &lines, &suppress::scan_comments(&source, 0));
    Document { path: path.to_string(), lines, source, format: Format::Text, blocks, date: None, suppressions }
}

/// The paragraphs of a plain text, with a headline first where there is one.
pub(super) fn blocks(source: &str) -> Vec<Block> {
    let body_start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[body_start..];
    let bytes = text.as_bytes();
    // Where each line ends (its `\n` included), found once for both passes below.
    let mut ends: Vec<usize> = memchr::memchr_iter(b'\n', bytes).map(|i| i + 1).collect();
    if ends.last().map_or(!text.is_empty(), |&e| e < text.len()) {
        ends.push(text.len());
    }
    // The longest line as `str::lines` gives them: without its `\n`, and without a
    // `\r` before that `\n`.
    let mut line_start = 0;
    let longest = ends
        .iter()
        .map(|&end| {
            let mut len = end - line_start;
            if bytes[end - 1] == b'\n' {
                len -= 1;
                if len > 0 && bytes[end - 2] == b'\r' {
                    len -= 1;
                }
            }
            line_start = end;
            len
        })
        .max();
    let hard_wrapped = longest.unwrap_or(0) <= WRAP_WIDTH;
    let mut blocks = Vec::new();
    let mut para: Option<(usize, usize)> = None;
    let mut offset = body_start;
    let mut line_start = 0;
    for &line_end in &ends {
        let raw = &text[line_start..line_end];
        line_start = line_end;
        let line = raw.trim_end_matches(['\n', '\r']);
        let (start, end) = (offset, offset + line.len());
        offset += raw.len();
        // A line holding only a suppression comment is markup, not prose.
        if line.trim().is_empty() || suppress::is_directive_line(line) {
            push(source, &mut blocks, para.take());
            continue;
        }
        para = Some(match para {
            Some((s, _)) if hard_wrapped => (s, end),
            Some(prev) => {
                push(source, &mut blocks, Some(prev));
                (start, end)
            }
            None => (start, end),
        });
    }
    push(source, &mut blocks, para);
    if let Some(first) = blocks.first_mut() {
        let t = first.text.trim_end();
        let is_headline = !t.contains('\n')
            && t.chars().count() <= 200
            && !t.ends_with(['.', '!', '?', ':', ';', ','])
            && blocks_len_ok(t);
        if is_headline {
            first.kind = BlockKind::Title;
        }
    }
    blocks
}

fn blocks_len_ok(t: &str) -> bool {
    t.split_whitespace().count() >= 2
}

fn push(source: &str, blocks: &mut Vec<Block>, para: Option<(usize, usize)>) {
    if let Some((s, e)) = para {
        blocks.push(Block::verbatim(BlockKind::Paragraph, &source[s..e], s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwrapped_lines_are_paragraphs_and_first_short_line_is_title() {
        let long = "x ".repeat(60);
        let src = format!("A headline here\n{long}\n{long}\n");
        let blocks = blocks(&src);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].kind, BlockKind::Title);
        assert_eq!(blocks[1].kind, BlockKind::Paragraph);
        assert_eq!(blocks[2].source_offset(0), 16 + long.len() + 1);
    }

    #[test]
    fn hard_wrapped_paragraphs_join_until_blank_line() {
        let src = "First line of a\nparagraph.\n\nSecond one.\n";
        let blocks = blocks(src);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "First line of a\nparagraph.");
        assert_eq!(blocks[1].source_offset(0), 28);
    }

    /// `blocks` as it was written before its lines were found with one memchr
    /// pass: `str::lines` for the longest line, `split_inclusive` for the loop.
    fn blocks_by_lines(source: &str) -> Vec<Block> {
        let body_start = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let text = &source[body_start..];
        let hard_wrapped = text.lines().map(str::len).max().unwrap_or(0) <= WRAP_WIDTH;
        let mut blocks = Vec::new();
        let mut para: Option<(usize, usize)> = None;
        let mut offset = body_start;
        for raw in text.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            let (start, end) = (offset, offset + line.len());
            offset += raw.len();
            if line.trim().is_empty() || suppress::is_directive_line(line) {
                push(source, &mut blocks, para.take());
                continue;
            }
            para = Some(match para {
                Some((s, _)) if hard_wrapped => (s, end),
                Some(prev) => {
                    push(source, &mut blocks, Some(prev));
                    (start, end)
                }
                None => (start, end),
            });
        }
        push(source, &mut blocks, para);
        blocks
    }

    #[test]
    fn line_ends_as_str_lines_reads_them() {
        let long = "y".repeat(99);
        let cases = [
            String::new(),
            "\n".to_string(),
            "\r\n\r\n".to_string(),
            "one line".to_string(),
            "ends in cr\r".to_string(),
            format!("{long}\r\nnext\r\n\r\nlast"),
            format!("{long}x\r\nnext\n\nlast\r"),
            format!("{long}\rx\nnext\n"),
            format!("\u{feff}{long}x\nnext\n\nlast\n"),
            format!("\u{feff}{long}\nnext\r\r\nlast\n\n"),
            "a\n\n\nb\r\n  \nc".to_string(),
            format!("{long}xx\nnext\nmore\n\nlast\r\r"),
        ];
        for src in &cases {
            let got = blocks(src);
            let want = blocks_by_lines(src);
            assert_eq!(got.len(), want.len(), "{src:?}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!((&g.text, &g.pieces), (&w.text, &w.pieces), "{src:?}");
            }
        }
    }

    #[test]
    fn suppression_comments_in_text_are_read_and_kept_out_of_prose() {
        let src = "Headline here\n\n<!-- claimcheck-disable-next-line CC101 -- wire copy -->\nDeaths rose to 40.\n";
        let doc = parse("a.txt", src.to_string());
        assert_eq!(doc.suppressions.len(), 1);
        assert_eq!((doc.suppressions[0].line, doc.suppressions[0].lines), (3, (4, 4)));
        assert_eq!(doc.suppressions[0].reason.as_deref(), Some("wire copy"));
        assert!(doc.blocks.iter().all(|b| !b.text.contains("CC101")));
        assert_eq!(doc.blocks.last().unwrap().text, "Deaths rose to 40.");
    }
}
