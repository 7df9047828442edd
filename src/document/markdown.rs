//! CommonMark (with tables and front matter) to prose blocks.
//!
//! pulldown-cmark gives each event its source range. A `Text` event whose text equals
//! its source slice maps byte for byte; one that differs (an entity, a backslash
//! escape) maps as a whole onto its range. Code, raw HTML, link targets and image
//! alt text never reach a block.

use super::builder::BlockBuilder;
use super::suppress::{self, RawComment};
use super::{Block, BlockKind, Document, Format, LineIndex, front_matter};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Parses a Markdown document.
pub(super) fn parse(path: &str, source: String) -> Document {
    let fm = front_matter::parse(&source);
    let lines = LineIndex::new(&source);
    let body = Body::read(&source, fm.body_start);
    let mut blocks = fm.blocks;
    blocks.extend(body.blocks);
    let suppressions = suppress::suppressions(&source, &lines, &body.comments);
    Document { path: path.to_string(), lines, source, format: Format::Markdown, blocks, date: fm.date, suppressions }
}

/// The blocks and comments of the Markdown body.
struct Body {
    blocks: Vec<Block>,
    comments: Vec<RawComment>,
}

/// Event-walking state.
struct Walker<'a> {
    source: &'a str,
    blocks: Vec<Block>,
    current: Option<BlockBuilder>,
    /// Kinds of the open containers that can hold text (heading, item, cell...).
    context: Vec<BlockKind>,
    /// Depth inside code blocks and images, whose text is not prose.
    skip: usize,
    /// MDX comments: their bytes are cut out of any text that contains them.
    mdx: Vec<Range<usize>>,
}

impl Body {
    fn read(source: &str, body_start: usize) -> Body {
        let body = &source[body_start..];
        let mdx_comments = suppress::mdx_comments(body, body_start);
        let mut w = Walker {
            source,
            blocks: Vec::new(),
            current: None,
            context: Vec::new(),
            skip: 0,
            mdx: mdx_comments.iter().map(|c| c.start..c.end).collect(),
        };
        let mut comments = Vec::new();
        let mut code: Vec<Range<usize>> = Vec::new();
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            match event {
                Event::Start(tag) => w.start(tag, range, &mut code),
                Event::End(tag) => w.end(tag, range.clone(), &mut comments),
                Event::Text(text) if w.skip == 0 => w.text(&text, range),
                Event::Code(_) => {
                    code.push(range.clone());
                    if w.skip == 0 {
                        // A space keeps the words around dropped code apart.
                        w.builder().push_mapped(" ", range);
                    }
                }
                Event::SoftBreak | Event::HardBreak if w.skip == 0 => w.line_break(range),
                Event::InlineHtml(_) => comments.extend(suppress::html_comments(&source[range.clone()], range.start)),
                _ => {}
            }
        }
        w.flush();
        // An MDX comment inside code is an example, not a directive.
        comments.extend(mdx_comments.into_iter().filter(|c| !code.iter().any(|r| r.contains(&c.start))));
        comments.sort_by_key(|c| c.start);
        Body { blocks: w.blocks, comments }
    }
}

impl Walker<'_> {
    fn builder(&mut self) -> &mut BlockBuilder {
        let kind = self.context.last().copied().unwrap_or(BlockKind::Paragraph);
        self.current.get_or_insert_with(|| BlockBuilder::new(kind))
    }

    fn flush(&mut self) {
        if let Some(block) = self.current.take().and_then(BlockBuilder::finish) {
            self.blocks.push(block);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, code: &mut Vec<Range<usize>>) {
        match tag {
            Tag::CodeBlock(_) => {
                code.push(range);
                self.skip += 1;
            }
            Tag::Image { .. } => self.skip += 1,
            Tag::Heading { level, .. } => self.open(BlockKind::Heading(heading_level(level))),
            Tag::Item => self.open(BlockKind::ListItem),
            Tag::TableCell => self.open(BlockKind::TableCell),
            Tag::Paragraph => {
                // A paragraph inside an item or cell is that item's text, not a second block.
                let kind = match self.context.last() {
                    Some(k @ (BlockKind::ListItem | BlockKind::TableCell)) => *k,
                    _ => BlockKind::Paragraph,
                };
                self.open(kind);
            }
            _ => {}
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.context.push(kind);
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>, comments: &mut Vec<RawComment>) {
        match tag {
            TagEnd::CodeBlock | TagEnd::Image => self.skip = self.skip.saturating_sub(1),
            TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::Paragraph => {
                self.flush();
                self.context.pop();
            }
            TagEnd::HtmlBlock => {
                // The end event spans the whole block, so a comment split over several
                // lines (several `Html` events) is still seen whole.
                comments.extend(suppress::html_comments(&self.source[range.clone()], range.start));
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        let source = self.source;
        if source.get(range.clone()) != Some(text) {
            if !self.mdx.iter().any(|m| m.start < range.end && range.start < m.end) {
                self.builder().push_mapped(text, range);
            }
            return;
        }
        // Verbatim: copy it, leaving out any MDX comment bytes.
        let mut at = range.start;
        let mdx: Vec<Range<usize>> =
            self.mdx.iter().filter(|m| m.start < range.end && range.start < m.end).cloned().collect();
        for m in mdx {
            if m.start > at {
                self.builder().push_verbatim(&source[at..m.start], at);
            }
            at = at.max(m.end);
        }
        if at < range.end {
            self.builder().push_verbatim(&source[at..range.end], at);
        }
    }

    fn line_break(&mut self, range: Range<usize>) {
        // Map the `\n` onto the line break itself, not the spaces or backslash before it.
        let slice = &self.source[range.clone()];
        match slice.rfind('\n') {
            Some(i) => self.builder().push_verbatim("\n", range.start + i),
            None => self.builder().push_mapped("\n", range),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::document::testing::assert_source_map;

    /// The acceptance draft, read where CI lays it out (beside the checkout).
    fn seed() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/acceptance/seed-draft.md");
        std::fs::read_to_string(path).expect("../shared/acceptance/seed-draft.md beside the checkout")
    }

    fn md(source: &str) -> Document {
        let doc = Document::parse("t.md", source.to_string(), Format::Markdown);
        assert_source_map(&doc);
        doc
    }

    fn texts(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn seed_draft() {
        let doc = md(&seed());
        let title = &doc.blocks[0];
        assert_eq!(title.kind, BlockKind::Title);
        assert_eq!(title.text, "Air raids injure 32 in Zaporizhzhia as talks near");
        assert_eq!(doc.line_col(title.source_offset(0)), (2, 9));
        assert_eq!(doc.date, PartialDate::ymd(2025, 12, 16));
        assert!(doc.blocks.iter().all(|b| !b.text.contains("9,999,999")));
        assert!(!doc.blocks.iter().any(|b| b.text.contains("date:")), "front matter keys are not prose");
        let para = doc
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph && b.text.contains("Air raids injured 28 people"))
            .expect("first paragraph");
        let at = para.text.find("28 people").unwrap();
        let (line, col) = doc.line_col(para.source_offset(at));
        assert_eq!((line, col), (9, 61));
        assert_eq!(&doc.source[para.source_offset(at)..para.source_end(at + 9)], "28 people");
        let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Title,
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Heading(2),
                BlockKind::Paragraph
            ]
        );
        assert!(doc.suppressions.is_empty());
    }

    #[test]
    fn entities_and_escapes_map_to_their_whole_source() {
        let doc = md("AT&amp;T paid \\$5 &#8364;3\n");
        let b = &doc.blocks[0];
        assert_eq!(b.text, "AT&T paid $5 €3");
        let amp = b.text.find('&').unwrap();
        assert_eq!((b.source_offset(amp), b.source_end(amp + 1)), (2, 7));
        assert_eq!(&doc.source[b.source_offset(0)..b.source_end(2)], "AT");
        let euro = b.text.find('€').unwrap();
        assert_eq!(&doc.source[b.source_offset(euro)..b.source_end(euro + 3)], "&#8364;");
        assert_eq!(&doc.source[b.source_offset(euro + 3)..b.source_end(euro + 4)], "3");
    }

    #[test]
    fn inline_code_becomes_a_space_and_markup_is_dropped() {
        let doc = md("Set`x=1`now, see [the report](http://example.com/9999) <span>and</span> ![chart 77](c.png).\n");
        let b = &doc.blocks[0];
        assert_eq!(b.text, "Set now, see the report and .");
        let sp = b.text.find(' ').unwrap();
        assert_eq!(&doc.source[b.source_offset(sp)..b.source_end(sp + 1)], "`x=1`");
    }

    #[test]
    fn breaks_map_to_line_breaks() {
        let doc = md("one  \ntwo\\\nthree\nfour\n");
        let b = &doc.blocks[0];
        assert_eq!(b.text, "one\ntwo\nthree\nfour");
        for (i, _) in b.text.match_indices('\n') {
            assert_eq!(&doc.source[b.source_offset(i)..b.source_end(i + 1)], "\n");
        }
    }

    #[test]
    fn lists_and_nested_paragraphs_are_not_duplicated() {
        let doc = md("- first 1\n- second 2\n\n  more 3\n  - nested 4\n\n> quoted 5\n");
        assert_eq!(
            texts(&doc),
            [
                (BlockKind::ListItem, "first 1"),
                (BlockKind::ListItem, "second 2"),
                (BlockKind::ListItem, "more 3"),
                (BlockKind::ListItem, "nested 4"),
                (BlockKind::Paragraph, "quoted 5"),
            ]
        );
    }

    #[test]
    fn tables_give_one_block_per_cell() {
        let doc = md("| Year | Deaths |\n|---|---:|\n| 2024 | 1&nbsp;200 |\n");
        assert_eq!(
            texts(&doc),
            [
                (BlockKind::TableCell, "Year"),
                (BlockKind::TableCell, "Deaths"),
                (BlockKind::TableCell, "2024"),
                (BlockKind::TableCell, "1\u{a0}200"),
            ]
        );
    }

    #[test]
    fn code_html_and_comments_are_not_prose() {
        let doc = md("    indented 1\n\n<div>\nraw 2\n</div>\n\n<!-- hidden 3 -->\n\nkept 4\n");
        assert_eq!(texts(&doc), [(BlockKind::Paragraph, "kept 4")]);
    }

    #[test]
    fn suppression_comments_in_markdown() {
        let src = "<!-- claimcheck-disable-next-line CC101 CC102 -- quoted from the ministry -->\n\
                   Deaths rose to 40.\n\n\
                   {/* claimcheck-disable-next-line CC103 */}\n\
                   Injured 12.\n\n\
                   <!--\nclaimcheck-disable\n-->\n\n\
                   a 1\n\n\
                   b <!-- claimcheck-enable --> 2\n\n\
                   ```\n<!-- claimcheck-disable -->\n{/* claimcheck-disable */}\n```\n";
        let doc = md(src);
        let s = &doc.suppressions;
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!((s[0].line, s[0].lines), (1, (2, 2)));
        assert_eq!(s[0].codes, ["CC101", "CC102"]);
        assert_eq!(s[0].reason.as_deref(), Some("quoted from the ministry"));
        assert_eq!((s[1].line, s[1].lines, s[1].codes.as_slice()), (4, (5, 5), &["CC103".to_string()][..]));
        assert_eq!((s[2].line, s[2].lines), (7, (7, 13)));
        assert!(s[2].codes.is_empty());
        assert!(doc.blocks.iter().all(|b| !b.text.contains("claimcheck")), "{:?}", texts(&doc));
        assert!(doc.blocks.iter().any(|b| b.text == "Injured 12."));
    }

    #[test]
    fn toml_front_matter_and_offsets_after_it() {
        let doc = md("+++\ntitle = \"T 1\"\ndate = 2025-12-16T10:00:00Z\n+++\nBody 2\n");
        assert_eq!(texts(&doc), [(BlockKind::Title, "T 1"), (BlockKind::Paragraph, "Body 2")]);
        assert_eq!(doc.line_col(doc.blocks[1].source_offset(0)), (5, 1));
        assert_eq!(doc.date, PartialDate::ymd(2025, 12, 16));
    }

    #[test]
    fn never_panics_and_maps_stay_on_boundaries() {
        let tricky = [
            "",
            "---",
            "---\n",
            "---\ntitle: \"unterminated\n---\n",
            "---\ntitle: 'x''\n---\n",
            "+++\ntitle = \"a\\",
            "\u{feff}---\ntitle: é\n---\n€",
            "* * *\n- \n-\n  -",
            "| a |\n|---|\n| `x` | &amp; |",
            "[link](<x> \"t\") ![](y) [ref]\n\n[ref]: http://x",
            "a\r\nb\r\n\r\nc &#0; &#xFFFFFF; &bogus; &amp",
            "<!-- claimcheck-disable-next-line",
            "{/* claimcheck-disable */",
            "{/* a */} {/* claimcheck-enable */}x",
            "> - # h\n>   ```\n>   code",
            "\\\n\\",
            "é`é`é\n\n**é**_é_",
            "#\n##    \n",
            "\t\tindented\n\ttab",
        ];
        for s in tricky {
            md(s);
        }
        let alphabet = [
            'a', '1', ' ', '\n', '*', '_', '`', '&', ';', '#', '<', '>', '-', '|', '[', ']', '(', ')', '!', '\\', 'é',
            '{', '/', '}', '+',
        ];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..400 {
            let len = (seed % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                s.push(alphabet[seed as usize % alphabet.len()]);
            }
            md(&s);
        }
    }
}
