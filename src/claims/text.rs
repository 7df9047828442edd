//! Sentences and clauses of a block, from its tokens.

use crate::rules::Binding;
use crate::tokenize::{Token, TokenKind};

/// A sentence: its token range and its clauses' token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Tokens of the sentence.
    pub tokens: std::ops::Range<usize>,
    /// Clauses, in order, covering the sentence.
    pub clauses: Vec<std::ops::Range<usize>>,
}

/// Splits a block into sentences at `.`, `!`, `?` followed by a capital, digit or
/// quote (not after an abbreviation or a single capital letter), and each sentence
/// into clauses at `,` `;` `:` dashes and parentheses. A clause opened by a
/// relative pronoun after a comma ("Zaporizhzhia, which had …") stays with the
/// clause before it: it speaks about that noun.
pub fn split_sentences(text: &str, tokens: &[Token], binding: &Binding) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let t = &tokens[i];
        // Only a symbol can end a sentence: other tokens are not even sliced.
        let ends = t.kind == TokenKind::Symbol && {
            let s = bytes_of(text, t);
            matches!(s, b"." | b"!" | b"?") || s == "…".as_bytes()
        };
        if !ends {
            continue;
        }
        let s = t.text(text);
        let Some(next) = tokens.get(i + 1) else { continue };
        // Closing quotes and brackets stay with the sentence they close.
        if !next.space_before {
            continue;
        }
        let next_text = next.text(text);
        let opens = next_text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
        if !opens {
            continue;
        }
        if s == "." && i > 0 {
            let prev = tokens[i - 1].text(text);
            let single_letter = prev.chars().count() == 1 && tokens[i - 1].kind == TokenKind::Word;
            if single_letter || is_listed(&binding.abbreviations, prev) {
                continue;
            }
        }
        sentences.push(sentence(text, tokens, start..i + 1, binding));
        start = i + 1;
    }
    if start < tokens.len() {
        sentences.push(sentence(text, tokens, start..tokens.len(), binding));
    }
    sentences
}

/// Whether `word` lower-cased is in `list`; an ASCII word is compared byte by
/// byte, lower-cased on the fly, rather than copied.
fn is_listed(list: &[String], word: &str) -> bool {
    if word.is_ascii() {
        list.iter()
            .any(|w| w.len() == word.len() && w.bytes().zip(word.bytes()).all(|(a, b)| a == b.to_ascii_lowercase()))
    } else {
        let lower = word.to_lowercase();
        list.contains(&lower)
    }
}

/// A token's bytes (its text's, without the char-boundary checks of slicing a str).
fn bytes_of<'t>(text: &'t str, t: &Token) -> &'t [u8] {
    text.as_bytes().get(t.start as usize..t.end as usize).unwrap_or_default()
}

fn sentence(text: &str, tokens: &[Token], range: std::ops::Range<usize>, binding: &Binding) -> Sentence {
    let mut clauses: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        let t = &tokens[i];
        // Every break below is a symbol of at most three bytes, or a hyphen: no
        // longer token, nor a word or number longer than one byte, is compared.
        let len = t.end.saturating_sub(t.start);
        if len > 3 || (t.kind != TokenKind::Symbol && len != 1) {
            continue;
        }
        let s = bytes_of(text, t);
        let breaks = t.kind == TokenKind::Symbol
            && (matches!(s, b"," | b";" | b":" | b"(" | b")") || s == "—".as_bytes() || s == "–".as_bytes());
        // A hyphen between spaces is a dash too.
        let spaced_hyphen = s == b"-" && t.space_before && tokens.get(i + 1).is_some_and(|n| n.space_before);
        if !(breaks || spaced_hyphen) {
            continue;
        }
        let relative =
            s == b"," && tokens.get(i + 1).is_some_and(|n| is_listed(&binding.relative_pronouns, n.text(text)));
        if i > start {
            clauses.push(start..i);
        }
        start = i + 1;
        if relative {
            // Keep the antecedent's clause open.
            if let Some(prev) = clauses.pop() {
                start = prev.start;
            }
        }
    }
    if start < range.end {
        clauses.push(start..range.end);
    }
    if clauses.is_empty() {
        clauses.push(range.clone());
    }
    Sentence { tokens: range, clauses }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::tokenize::tokenize;

    #[test]
    fn sentences_and_relative_clauses() {
        let text = "Mr. Smith spoke. Zaporizhzhia, which had 710,000 people, was hit; 3 died. U.S. aid rose.";
        let tokens = tokenize(text);
        let s = split_sentences(text, &tokens, &RuleSet::builtin().binding);
        assert_eq!(s.len(), 3, "{s:?}");
        let words =
            |r: &std::ops::Range<usize>| tokens[r.clone()].iter().map(|t| t.text(text)).collect::<Vec<_>>().join(" ");
        assert_eq!(words(&s[1].clauses[0]), "Zaporizhzhia , which had 710,000 people");
        assert_eq!(words(&s[1].clauses[2]), "3 died .");
    }
}
