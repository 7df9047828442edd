//! Assembling a [`Block`] piece by piece while keeping its source map exact.

use super::{Block, BlockKind, Piece};
use std::ops::Range;

/// A block under construction: text plus the pieces that map it to the source.
#[derive(Debug)]
pub(super) struct BlockBuilder {
    kind: BlockKind,
    text: String,
    pieces: Vec<Piece>,
}

impl BlockBuilder {
    /// An empty block of `kind`.
    pub(super) fn new(kind: BlockKind) -> BlockBuilder {
        BlockBuilder { kind, text: String::new(), pieces: Vec::new() }
    }

    /// Appends `text`, which is exactly the source bytes starting at `source_start`.
    pub(super) fn push_verbatim(&mut self, text: &str, source_start: usize) {
        if text.is_empty() {
            return;
        }
        let text_start = self.text.len();
        self.text.push_str(text);
        // Neighbouring verbatim runs that are also neighbours in the source become one
        // piece, so a paragraph split into many events still maps with few pieces.
        if let Some(last) = self.pieces.last_mut()
            && last.text_len == last.source_len
            && last.text_start + last.text_len == text_start
            && last.source_start + last.source_len == source_start
        {
            last.text_len += text.len();
            last.source_len += text.len();
            return;
        }
        self.pieces.push(Piece { text_start, text_len: text.len(), source_start, source_len: text.len() });
    }

    /// Appends `text` standing for the whole of `source` (an entity, an escape, a
    /// placeholder): offsets inside it all map to its start or end.
    pub(super) fn push_mapped(&mut self, text: &str, source: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let source_len = source.end - source.start;
        if text.len() != source_len {
            let text_start = self.text.len();
            self.text.push_str(text);
            self.pieces.push(Piece { text_start, text_len: text.len(), source_start: source.start, source_len });
            return;
        }
        // Equal lengths would make the piece look verbatim (a `Piece` is verbatim by
        // length), so split it into two pieces whose lengths both differ.
        let Some(t1) = text.char_indices().nth(1).map(|(i, _)| i) else {
            // A single character as long as its source: it cannot be split. Treating
            // it as verbatim misreports at most a position inside one character.
            let text_start = self.text.len();
            self.text.push_str(text);
            self.pieces.push(Piece { text_start, text_len: text.len(), source_start: source.start, source_len });
            return;
        };
        let s1 = if t1 + 1 < source_len { t1 + 1 } else { t1 - 1 };
        let text_start = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece { text_start, text_len: t1, source_start: source.start, source_len: s1 });
        self.pieces.push(Piece {
            text_start: text_start + t1,
            text_len: text.len() - t1,
            source_start: source.start + s1,
            source_len: source_len - s1,
        });
    }

    /// The finished block with surrounding whitespace trimmed, or `None` if it holds
    /// no visible text.
    pub(super) fn finish(self) -> Option<Block> {
        let BlockBuilder { kind, text, pieces } = self;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let mut start = trimmed.as_ptr() as usize - text.as_ptr() as usize;
        let mut end = start + trimmed.len();
        // A cut may not fall inside a non-verbatim piece: its text has no byte-wise map.
        for p in &pieces {
            let (ps, pe) = (p.text_start, p.text_start + p.text_len);
            if p.text_len != p.source_len {
                if ps < start && start < pe {
                    start = ps;
                }
                if ps < end && end < pe {
                    end = pe;
                }
            }
        }
        let mut out = Vec::with_capacity(pieces.len());
        for p in pieces {
            let (ps, pe) = (p.text_start, p.text_start + p.text_len);
            let (s, e) = (ps.max(start), pe.min(end));
            if s >= e {
                continue;
            }
            let verbatim = p.text_len == p.source_len;
            out.push(if verbatim {
                Piece {
                    text_start: s - start,
                    text_len: e - s,
                    source_start: p.source_start + (s - ps),
                    source_len: e - s,
                }
            } else {
                Piece { text_start: s - start, ..p }
            });
        }
        Some(Block { kind, text: text[start..end].to_string(), pieces: out })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_merges() {
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_verbatim("  ab", 10);
        b.push_verbatim("cd ", 14);
        b.push_mapped("&", 17..22);
        b.push_verbatim(" \n", 22);
        let block = b.finish().unwrap();
        assert_eq!(block.text, "abcd &");
        assert_eq!(block.pieces.len(), 2);
        assert_eq!(block.source_offset(0), 12);
        assert_eq!(block.source_end(6), 22);
    }

    #[test]
    fn equal_length_replacement_is_split_into_non_verbatim_pieces() {
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_mapped("xyz", 0..3);
        let block = b.finish().unwrap();
        assert!(block.pieces.iter().all(|p| p.text_len != p.source_len));
        assert_eq!(block.pieces.iter().map(|p| p.source_len).sum::<usize>(), 3);
    }
}
