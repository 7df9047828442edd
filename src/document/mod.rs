//! Reading documents: plain text, Markdown and HTML become prose blocks whose
//! every byte maps back to an offset in the original file.
//!
//! Everything above this floor (extraction, binding, checking, reporting) works on
//! [`Block`]s and reports positions through [`Block::source_offset`], so a claim's
//! span always comes from the parser, never from searching for its text again.

mod builder;
mod front_matter;
mod html;
mod line_index;
mod markdown;
mod suppress;
mod text;

pub use line_index::LineIndex;

use crate::date::PartialDate;
use crate::error::{Error, Result};

/// The markup a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: paragraphs are separated by blank lines (or are single long lines).
    Text,
    /// CommonMark with optional YAML front matter.
    Markdown,
    /// HTML: visible text only.
    Html,
}

impl Format {
    /// The format a file name implies (`.md`, `.markdown`, `.mdx`, `.html`, `.htm`;
    /// anything else is text).
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if [".md", ".markdown", ".mdx"].iter().any(|e| lower.ends_with(e)) {
            Format::Markdown
        } else if [".html", ".htm", ".xhtml"].iter().any(|e| lower.ends_with(e)) {
            Format::Html
        } else {
            Format::Text
        }
    }

    /// Parses a `--input-format` name.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "txt" | "text" | "plain" => Some(Format::Text),
            "md" | "markdown" | "mdx" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// What role a block of prose plays; binding looks back to the headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The document's title (front matter `title`, HTML `<title>`, first line of a text).
    Title,
    /// A heading, with its level (1-6).
    Heading(u8),
    /// A paragraph of body text.
    Paragraph,
    /// One item of a list.
    ListItem,
    /// One cell of a table.
    TableCell,
    /// A prose value of the front matter other than the title (e.g. `description`).
    FrontMatter,
}

/// One run of block text that maps onto one run of source bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Where the run starts in [`Block::text`].
    pub text_start: usize,
    /// Its length in [`Block::text`].
    pub text_len: usize,
    /// Where the run starts in the source.
    pub source_start: usize,
    /// Its length in the source (differs from `text_len` for an entity like `&amp;`).
    pub source_len: usize,
}

impl Piece {
    fn verbatim(&self) -> bool {
        self.text_len == self.source_len
    }
}

/// A block of prose (a paragraph, heading, list item, cell) with its source map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The kind of block.
    pub kind: BlockKind,
    /// The prose as a reader sees it; soft line breaks are kept as `\n`.
    pub text: String,
    /// Source map, in order, covering every byte of `text`.
    pub pieces: Vec<Piece>,
}

impl Block {
    /// A block whose text is the verbatim source slice starting at `source_start`.
    pub fn verbatim(kind: BlockKind, text: &str, source_start: usize) -> Block {
        Block {
            kind,
            text: text.to_string(),
            pieces: vec![Piece { text_start: 0, text_len: text.len(), source_start, source_len: text.len() }],
        }
    }

    /// The source offset of a start position in the block text.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.text_start + p.text_len <= text_offset);
        match self.pieces.get(i) {
            Some(p) if p.verbatim() => p.source_start + text_offset.saturating_sub(p.text_start),
            Some(p) => p.source_start,
            None => self.pieces.last().map_or(0, |p| p.source_start + p.source_len),
        }
    }

    /// The source offset of an exclusive end position in the block text.
    pub fn source_end(&self, text_end: usize) -> usize {
        if text_end == 0 {
            return self.source_offset(0);
        }
        let i = self.pieces.partition_point(|p| p.text_start + p.text_len < text_end);
        match self.pieces.get(i) {
            Some(p) if p.verbatim() => p.source_start + (text_end - p.text_start),
            Some(p) => p.source_start + p.source_len,
            None => self.pieces.last().map_or(0, |p| p.source_start + p.source_len),
        }
    }
}

/// A `claimcheck-disable` comment found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// Which lines it covers: `(first, last)`, inclusive; `last` is `usize::MAX`
    /// for a `disable` with no matching `enable`.
    pub lines: (usize, usize),
    /// Rule codes it names (empty = all).
    pub codes: Vec<String>,
    /// The reason after `--`, if given.
    pub reason: Option<String>,
}

/// A parsed document: its source, its prose blocks, and what it says about itself.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name used in output (a path, or `--stdin-filename`).
    pub path: String,
    /// The original text, unchanged.
    pub source: String,
    /// How it was parsed.
    pub format: Format,
    /// Prose blocks in source order; code, comments and markup are not here.
    pub blocks: Vec<Block>,
    /// The document's own date (front matter `date`, `<meta>`, or a dateline).
    pub date: Option<PartialDate>,
    /// Line starts of `source`, for line/column.
    pub lines: LineIndex,
    /// Suppression comments, in source order.
    pub suppressions: Vec<Suppression>,
}

/// Largest input accepted as one document; past this the user is told, not the
/// allocator. Checking holds a document's tokens, blocks and claims at once (tens
/// of bytes per input byte), and a news article is kilobytes: 32 MiB leaves room
/// for book-length text while keeping one document's memory near a gigabyte at
/// worst. Bigger inputs are collections: split them, or give them as JSON Lines.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

fn too_large(path: &str, len: u64) -> Error {
    Error::in_file(
        path,
        format!(
            "file is {len} bytes; one document may be at most {MAX_DOCUMENT_BYTES} bytes (32 MiB): \
             split it, or give its documents as JSON Lines (--input-format jsonl)"
        ),
    )
}

impl Document {
    /// Parses already-decoded text.
    pub fn parse(path: &str, source: String, format: Format) -> Document {
        match format {
            Format::Text => text::parse(path, source),
            Format::Markdown => markdown::parse(path, source),
            Format::Html => html::parse(path, source),
        }
    }

    /// Decodes raw bytes (rejecting binary data and invalid UTF-8, with the line of
    /// the first bad byte) and parses them.
    pub fn from_bytes(path: &str, bytes: Vec<u8>, format: Format) -> Result<Document> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(too_large(path, bytes.len() as u64));
        }
        if let Some(nul) = memchr::memchr(0, &bytes) {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..nul]).count();
            return Err(Error::at(path, line, None, "binary file (NUL byte): not a text document"));
        }
        let source = String::from_utf8(bytes).map_err(|e| {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..bad]).count();
            let column = bad - memchr::memrchr(b'\n', &bytes[..bad]).map_or(0, |i| i + 1) + 1;
            Error::at(path, line, Some(column), "invalid UTF-8: not a text document")
        })?;
        Ok(Document::parse(path, source, format))
    }

    /// Reads and parses a file, choosing the format by extension unless one is given.
    pub fn read(path: &str, format: Option<Format>) -> Result<Document> {
        let meta = std::fs::metadata(path).map_err(|e| Error::in_file(path, io_message(&e)))?;
        if meta.is_dir() {
            return Err(Error::in_file(path, "is a directory, not a document"));
        }
        // Refuse before reading: a huge file should cost nothing.
        if meta.len() > MAX_DOCUMENT_BYTES as u64 {
            return Err(too_large(path, meta.len()));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::in_file(path, io_message(&e)))?;
        Document::from_bytes(path, bytes, format.unwrap_or_else(|| Format::from_path(path)))
    }

    /// 1-based line and character column of a source byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.source, offset)
    }

    /// The 1-based line of a byte offset: [`Document::line_col`] without the
    /// column, which counts the characters before it on its line.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset.min(self.source.len()))
    }
}

/// An I/O error in words, without Rust's "(os error 2)".
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// Checks shared by the readers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::Document;

    /// Asserts that every block's pieces cover its text in order, lie on char
    /// boundaries of text and source, and that verbatim pieces equal their source bytes
    /// at every char boundary.
    pub(crate) fn assert_source_map(doc: &Document) {
        let src = &doc.source;
        for block in &doc.blocks {
            let mut at = 0;
            for p in &block.pieces {
                assert_eq!(p.text_start, at, "pieces not contiguous in {:?}", block.text);
                assert!(p.text_len > 0, "empty piece in {:?}", block.text);
                at += p.text_len;
                let (ss, se) = (p.source_start, p.source_start + p.source_len);
                assert!(se <= src.len() && src.is_char_boundary(ss) && src.is_char_boundary(se));
                assert!(block.text.is_char_boundary(p.text_start) && block.text.is_char_boundary(at));
                if p.text_len == p.source_len {
                    assert_eq!(&src[ss..se], &block.text[p.text_start..at], "verbatim piece differs");
                }
            }
            assert_eq!(at, block.text.len(), "pieces do not cover {:?}", block.text);
            let bounds: Vec<usize> = (0..=block.text.len()).filter(|&i| block.text.is_char_boundary(i)).collect();
            for &i in &bounds {
                for &j in bounds.iter().filter(|&&j| j > i) {
                    let all_verbatim = block
                        .pieces
                        .iter()
                        .filter(|p| p.text_start < j && i < p.text_start + p.text_len)
                        .all(|p| p.text_len == p.source_len);
                    if all_verbatim {
                        let (s, e) = (block.source_offset(i), block.source_end(j));
                        // Spanning verbatim pieces may skip source bytes between them.
                        let piece_count =
                            block.pieces.iter().filter(|p| p.text_start < j && i < p.text_start + p.text_len).count();
                        if piece_count == 1 {
                            assert_eq!(&src[s..e], &block.text[i..j]);
                        } else {
                            assert!(s <= e && e <= src.len());
                        }
                    }
                }
            }
        }
    }
}
