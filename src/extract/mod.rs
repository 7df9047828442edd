//! Text → typed mentions: numbers, money, percentages, quantities, counts, dates,
//! durations, each with its qualifier and exact value.
//!
//! Everything the extractor knows about words comes from the [`RuleSet`]; this
//! module only knows how pieces compose (see `engine`).

mod engine;
mod mention;
mod numbers;

pub use engine::Scratch;
pub use mention::{Kind, Mention, Qualifier, Value};
pub use numbers::{Literal, parse_literal};

use crate::date::PartialDate;
use crate::document::Document;
use crate::rules::RuleSet;
use crate::tokenize::Token;

/// A mention found in a document: in its block's text, and in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Index of the block in [`Document::blocks`].
    pub block: usize,
    /// The mention, with offsets into the block's text.
    pub mention: Mention,
    /// Byte offset of the span's start in the document source.
    pub start: usize,
    /// Byte offset one past the span's end in the document source.
    pub end: usize,
}

/// Finds mentions with one rule set.
#[derive(Debug, Clone, Copy)]
pub struct Extractor<'r> {
    rules: &'r RuleSet,
}

impl<'r> Extractor<'r> {
    /// An extractor for these rules.
    pub fn new(rules: &'r RuleSet) -> Extractor<'r> {
        Extractor { rules }
    }

    /// The rules it uses.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The mentions of a plain text, in order; offsets are into `text`. Relative
    /// dates resolve against `date`, and stay unresolved without it.
    pub fn extract(&self, text: &str, date: Option<PartialDate>) -> Vec<Mention> {
        engine::scan(self.rules, text, date, &mut Scratch::default())
    }

    /// Like [`Extractor::extract`], reusing buffers across calls.
    pub fn extract_with(&self, text: &str, date: Option<PartialDate>, scratch: &mut Scratch) -> Vec<Mention> {
        engine::scan(self.rules, text, date, scratch)
    }

    /// [`Extractor::extract_document`], also giving each block's tokens (what
    /// binding reads next, so that it need not tokenize the blocks again), and
    /// reusing buffers across calls.
    pub fn extract_document_tokens(
        &self,
        doc: &Document,
        date: Option<PartialDate>,
        scratch: &mut Scratch,
    ) -> (Vec<Located>, Vec<Vec<Token>>) {
        let mut tokens = Vec::with_capacity(doc.blocks.len());
        let located = self.scan_blocks(doc, date, scratch, |t| tokens.push(t.to_vec()));
        (located, tokens)
    }

    /// The mentions of every prose block of a document, in source order. The
    /// document's own date is used unless `date` is given.
    pub fn extract_document(&self, doc: &Document, date: Option<PartialDate>) -> Vec<Located> {
        self.scan_blocks(doc, date, &mut Scratch::default(), |_| {})
    }

    /// Scans every block in order, handing each block's tokens to `tokens_of`,
    /// and returns the mentions in source order.
    fn scan_blocks(
        &self,
        doc: &Document,
        date: Option<PartialDate>,
        scratch: &mut Scratch,
        mut tokens_of: impl FnMut(&[Token]),
    ) -> Vec<Located> {
        let date = date.or(doc.date);
        let mut out = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            for mention in engine::scan(self.rules, &block.text, date, scratch) {
                let start = block.source_offset(mention.start);
                let end = block.source_end(mention.end);
                out.push(Located { block: b, mention, start, end });
            }
            tokens_of(scratch.tokens());
        }
        out.sort_by_key(|l| (l.start, l.end));
        out
    }
}
