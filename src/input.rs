//! Documents read as JSON Lines (`--input-format jsonl`): one object per line,
//! as archives and data pipelines (Spark, BigQuery exports) hold them.
//!
//! Each line is an object with
//!
//! - `id` (string or number, required): carried into every output record, so
//!   results join back to their source row;
//! - `text` (string, required): the document;
//! - `date` (ISO 8601 string at any precision, optional): the document's date;
//!   a time part (`T15:01:01`) is dropped;
//! - `title` (string, optional): the headline;
//! - `format` (`txt`, `md` or `html`, optional, default `txt`): how `text` is parsed.
//!
//! Other fields are ignored. A blank line is skipped silently; any other line
//! that breaks these rules is a [`LineError`] naming its file and line.
//!
//! **Positions.** Offsets, lines and columns are relative to `text`, so a reader
//! can slice the `text` it sent with the `start`/`end` it gets back. The title is
//! appended to the document source after `text` and a blank line
//! (`text + "\n\n" + title`) and given to binding as the first block (the
//! headline), so a claim found in the title has `start >= len(text) + 2` (bytes):
//! its position in the title is `start - len(text) - 2`. Appending rather than
//! prepending keeps every body offset equal to its offset in `text`.

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use crate::date::PartialDate;
use crate::document::{Block, BlockKind, Document, Format, LineIndex, MAX_DOCUMENT_BYTES};
use crate::error::Error;

/// One raw line of a JSONL input, not yet parsed: parsing happens on the worker
/// threads, reading stays sequential. The line is a range of a block of input
/// shared with its neighbours, so reading allocates per block, not per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// 1-based line number in its file.
    pub line: usize,
    block: Arc<Vec<u8>>,
    range: Range<usize>,
}

impl RawLine {
    /// A line holding `bytes` (without its line break).
    pub fn new(line: usize, bytes: Vec<u8>) -> RawLine {
        let range = 0..bytes.len();
        RawLine { line, block: Arc::new(bytes), range }
    }

    /// The bytes of the line without its line break.
    pub fn bytes(&self) -> &[u8] {
        &self.block[self.range.clone()]
    }
}

/// A malformed line: reported with its file and line and skipped (or, under
/// `--strict`, failing the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The input's name (a path or `<stdin>`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// A parsed JSONL document: its id and the document to check.
#[derive(Debug, Clone)]
pub struct JsonlDocument {
    /// The `id`, a number written as JSON writes it.
    pub id: String,
    /// The document, named after the input it came from.
    pub document: Document,
}

/// The fields of one line; `id` stays a JSON value because it may be a string or
/// a number, and the error for anything else should say so.
#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

/// How many bytes the reader asks its input for at a time (more when one line is
/// longer).
const BLOCK_BYTES: usize = 1 << 20;

/// The longest line kept: the document limit plus room for the JSON around it.
/// Past that the line is cut (and [`parse_line`] reports it) rather than the
/// allocator being asked for whatever the input holds.
const MAX_LINE_BYTES: usize = MAX_DOCUMENT_BYTES + 1024 * 1024;

/// Reads the lines of a JSONL stream. Input is read in blocks of about
/// `BLOCK_BYTES`; the lines hand out ranges of their block, which is freed when
/// the last of its lines is dropped (on whichever thread parsed it).
pub struct LineReader<R: Read> {
    reader: R,
    line: usize,
    /// Whether `reader` is exhausted.
    eof: bool,
    block: Arc<Vec<u8>>,
    /// Where the unread part of `block` starts.
    pos: usize,
    /// Skipping the rest of an overlong line.
    skipping: bool,
    /// [`BLOCK_BYTES`] and [`MAX_LINE_BYTES`], smaller in tests.
    block_bytes: usize,
    max_line: usize,
}

impl<R: Read> LineReader<R> {
    /// A reader at the start of `reader`.
    pub fn new(reader: R) -> LineReader<R> {
        LineReader::with_sizes(reader, BLOCK_BYTES, MAX_LINE_BYTES)
    }

    fn with_sizes(reader: R, block_bytes: usize, max_line: usize) -> LineReader<R> {
        let block = Arc::new(Vec::new());
        LineReader { reader, line: 0, eof: false, block, pos: 0, skipping: false, block_bytes, max_line }
    }

    /// The next non-blank line, or `None` at the end of input.
    pub fn next_line(&mut self) -> std::io::Result<Option<RawLine>> {
        loop {
            let rest = &self.block[self.pos..];
            let newline = memchr::memchr(b'\n', rest);
            if self.skipping {
                match newline {
                    Some(i) => {
                        self.pos += i + 1;
                        self.skipping = false;
                    }
                    None if self.eof => return Ok(None),
                    None => {
                        self.pos = self.block.len();
                        self.refill()?;
                    }
                }
                continue;
            }
            let (start, end) = match newline {
                Some(i) if i < self.max_line => {
                    let start = self.pos;
                    self.pos += i + 1;
                    let end = if i > 0 && rest[i - 1] == b'\r' { start + i - 1 } else { start + i };
                    (start, end)
                }
                // An overlong line: its first `max_line` bytes are the line, the
                // rest is skipped so that the next line starts clean.
                _ if rest.len() >= self.max_line => {
                    let start = self.pos;
                    self.pos += self.max_line;
                    self.skipping = true;
                    (start, start + self.max_line)
                }
                None if self.eof => {
                    if rest.is_empty() {
                        return Ok(None);
                    }
                    // The last line, without a line break.
                    let start = self.pos;
                    self.pos = self.block.len();
                    (start, self.block.len())
                }
                _ => {
                    self.refill()?;
                    continue;
                }
            };
            self.line += 1;
            if self.block[start..end].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(RawLine { line: self.line, block: self.block.clone(), range: start..end }));
        }
    }

    /// Replaces the block with its unread tail (a partial line) followed by more
    /// input: at least a block, and at least as much again as the tail,
    /// so a long line is read in a number of steps logarithmic in its length.
    fn refill(&mut self) -> std::io::Result<()> {
        let tail = &self.block[self.pos..];
        let want = self.block_bytes.max(tail.len());
        let mut block = Vec::with_capacity(tail.len() + want);
        block.extend_from_slice(tail);
        let n = (&mut self.reader).take(want as u64).read_to_end(&mut block)?;
        // `read_to_end` on `take` stops short only at the end of input.
        self.eof = n < want;
        self.block = Arc::new(block);
        self.pos = 0;
        Ok(())
    }
}

/// Parses one line of input `path` into a document.
pub fn parse_line(path: &str, raw: &RawLine) -> Result<JsonlDocument, LineError> {
    let err = |message: String| LineError { path: path.to_string(), line: raw.line, message };
    if raw.bytes().len() > MAX_DOCUMENT_BYTES {
        return Err(err(format!("line is longer than the document limit of {MAX_DOCUMENT_BYTES} bytes")));
    }
    // A line that is valid UTF-8 (nearly all) is checked once, as a whole, and
    // read as a str: reading bytes, serde_json validates every string it keeps
    // on its own. Anything else is read as bytes, for serde_json's error.
    let parsed = match std::str::from_utf8(raw.bytes()) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(raw.bytes()),
    };
    let line: Line = parsed.map_err(|e| {
        // Well-formed JSON of the wrong shape (a number for `text`) is a different
        // mistake from a broken line, and the message says which.
        let what = if e.is_data() { "invalid record" } else { "invalid JSON" };
        err(format!("{what}: {e}"))
    })?;
    let id = match line.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => return Err(err(format!("`id` must be a string or a number, not {}", json_type(&other)))),
        None => return Err(err("missing `id`".to_string())),
    };
    let text = line.text.ok_or_else(|| err(format!("record {id:?}: missing `text`")))?;
    let date = match &line.date {
        None => None,
        Some(d) => Some(
            PartialDate::parse_iso(d)
                .ok_or_else(|| err(format!("record {id:?}: `date` {d:?} is not an ISO 8601 date")))?,
        ),
    };
    let format = match &line.format {
        None => Format::Text,
        Some(name) => Format::from_name(name)
            .ok_or_else(|| err(format!("record {id:?}: `format` {name:?} is not one of txt, md, html")))?,
    };
    if text.contains('\0') {
        return Err(err(format!("record {id:?}: `text` holds a NUL character: not a text document")));
    }
    let document = build(path, text, line.title, date, format);
    Ok(JsonlDocument { id, document })
}

/// The document of `text` with the title appended (see the module documentation).
fn build(path: &str, mut text: String, title: Option<String>, date: Option<PartialDate>, format: Format) -> Document {
    // Room for the title, which is appended to the text the document keeps: growing
    // it afterwards would copy the whole text.
    text.reserve(title.as_ref().map_or(0, |t| t.len() + 2));
    let mut doc = Document::parse(path, text, format);
    // The record's date is the document's date; without one, what the text says
    // about itself (front matter, `<meta>`) still counts.
    doc.date = date.or(doc.date);
    let title = title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if let Some(title) = title {
        // The given title is the headline; a first line the text parser took for
        // one is body text again.
        for b in &mut doc.blocks {
            if b.kind == BlockKind::Title {
                b.kind = BlockKind::Paragraph;
            }
        }
        let start = doc.source.len() + 2;
        doc.source.push_str("\n\n");
        doc.source.push_str(&title);
        doc.blocks.insert(0, Block::verbatim(BlockKind::Title, &title, start));
        doc.lines = LineIndex::new(&doc.source);
    }
    doc
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The error for an input that cannot be opened or read.
pub fn read_error(path: &str, e: &std::io::Error) -> Error {
    Error::in_file(path, crate::document::io_message(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawLine {
        RawLine::new(3, text.as_bytes().to_vec())
    }

    #[test]
    fn reads_fields_and_numeric_ids() {
        let d =
            parse_line("in.jsonl", &raw(r#"{"id": 7, "text": "Deaths rose to 40.", "date": "1987-02-26T15:01:01"}"#))
                .unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.document.source, "Deaths rose to 40.");
        assert_eq!(d.document.date, PartialDate::ymd(1987, 2, 26));
        assert_eq!(d.document.path, "in.jsonl");
    }

    #[test]
    fn title_is_first_block_and_body_offsets_stay_those_of_text() {
        let d =
            parse_line("x", &raw(r#"{"id": "a", "text": "Short line\n\nBody.", "title": "Cocoa review"}"#)).unwrap();
        let doc = d.document;
        assert_eq!(doc.source, "Short line\n\nBody.\n\nCocoa review");
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
        assert_eq!(doc.blocks[0].source_offset(0), "Short line\n\nBody.\n\n".len());
        assert!(doc.blocks[1..].iter().all(|b| b.kind != BlockKind::Title));
        assert_eq!(doc.blocks[1].source_offset(0), 0);
    }

    #[test]
    fn malformed_lines_say_what_is_wrong() {
        let msg = |s: &str| parse_line("f", &raw(s)).unwrap_err().to_string();
        assert!(msg("{not json").starts_with("f:3: invalid JSON"));
        assert!(msg(r#"{"text": "x"}"#).contains("missing `id`"));
        assert!(msg(r#"{"id": 1}"#).contains("missing `text`"));
        assert!(msg(r#"{"id": [1], "text": "x"}"#).contains("not an array"));
        assert!(msg(r#"{"id": 1, "text": 5}"#).contains("invalid record"));
        assert!(msg(r#"{"id": 1, "text": "x", "date": "soon"}"#).contains("not an ISO 8601 date"));
        assert!(msg(r#"{"id": 1, "text": "x", "format": "pdf"}"#).contains("not one of"));
    }

    #[test]
    fn reader_skips_blank_lines_and_counts_them() {
        let mut r = LineReader::new("{}\n\n  \r\n{\"a\":1}\r\n".as_bytes());
        assert_eq!(r.next_line().unwrap().unwrap().line, 1);
        let second = r.next_line().unwrap().unwrap();
        assert_eq!((second.line, second.bytes()), (4, &b"{\"a\":1}"[..]));
        assert!(r.next_line().unwrap().is_none());
    }

    /// Every line of `input` read with blocks of `block` bytes and lines of at
    /// most `max`: (line number, text).
    fn lines(input: &str, block: usize, max: usize) -> Vec<(usize, String)> {
        let mut r = LineReader::with_sizes(input.as_bytes(), block, max);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            out.push((l.line, String::from_utf8(l.bytes().to_vec()).unwrap()));
        }
        out
    }

    #[test]
    fn lines_across_blocks_read_the_same_whatever_the_block_size() {
        let input = "first line\r\n\nsecond, a longer one\nx\n\n  \nlast without a break";
        let want = lines(input, 1 << 20, 1 << 20);
        assert_eq!(
            want,
            [
                (1, "first line".to_string()),
                (3, "second, a longer one".to_string()),
                (4, "x".to_string()),
                (7, "last without a break".to_string())
            ]
        );
        for block in 1..12 {
            assert_eq!(lines(input, block, 1 << 20), want, "block of {block}");
        }
    }

    #[test]
    fn an_overlong_line_is_cut_and_the_next_starts_clean() {
        let input = "short\n0123456789abcdef\nnext\n0123456789";
        for block in [1, 3, 64] {
            assert_eq!(
                lines(input, block, 8),
                [(1, "short".into()), (2, "01234567".into()), (3, "next".into()), (4, "01234567".into())],
                "block of {block}"
            );
        }
        // A line one byte shorter than the limit is whole.
        assert_eq!(lines("1234567\n", 2, 8), [(1, "1234567".to_string())]);
    }
}
