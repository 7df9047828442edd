//! Splits prose into words, numeric literals and symbols.
//!
//! Both the rule loader (to split a rule's surface such as "US$" or "per cent")
//! and the extractor (to read text) use this one tokenizer, so a surface written in
//! a rule file matches the same tokens in an article. It is a single forward pass
//! over bytes with an ASCII fast path; every token is a byte range on char
//! boundaries of the input.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (any script), with inner apostrophes: "Russia", "o'clock".
    Word,
    /// A numeric literal by shape: "710,000", "1.5", "1 234 567" (the value is
    /// decided later, by `extract`).
    Number,
    /// Any other single character that is not whitespace: "$", "%", "-", "€".
    Symbol,
}

/// One token: kind, byte range, and what stands before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// Word, number or symbol.
    pub kind: TokenKind,
    /// Whether whitespace separates it from the previous token.
    pub space_before: bool,
    /// Whether that whitespace holds a line break.
    pub newline_before: bool,
}

impl Token {
    /// The token's text in `text` (the string it was cut from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// The token's bytes in `text`: for comparisons that need no `str`, without
    /// slicing a `str` (which tests both ends for char boundaries again).
    #[inline]
    pub fn bytes<'t>(&self, text: &'t str) -> &'t [u8] {
        &text.as_bytes()[self.start as usize..self.end as usize]
    }

    /// Whether the token is glued to the previous one (no whitespace between).
    pub fn glued(&self) -> bool {
        !self.space_before
    }
}

/// Characters that separate digit groups inside one number: the ASCII space,
/// no-break space, narrow no-break space, thin space.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Whitespace between tokens (any Unicode whitespace).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Tokenizes `text` into `out` (cleared first), so callers can reuse the buffer.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut space_before = true;
    let mut newline_before = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b == b' ' || b == b'\t' || b == b'\r' || b == b'\n' || b == 0x0c || b == 0x0b {
                space_before = true;
                newline_before |= b == b'\n';
                i += 1;
                continue;
            }
            let (end, kind) = if b.is_ascii_digit() {
                (number_end(text, i), TokenKind::Number)
            } else if b.is_ascii_alphabetic() {
                (word_end(text, i), TokenKind::Word)
            } else {
                (i + 1, TokenKind::Symbol)
            };
            out.push(Token { start: i as u32, end: end as u32, kind, space_before, newline_before });
            i = end;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_space(c) {
                space_before = true;
                i += c.len_utf8();
                continue;
            }
            let (end, kind) = if c.is_alphabetic() {
                (word_end(text, i), TokenKind::Word)
            } else {
                (i + c.len_utf8(), TokenKind::Symbol)
            };
            out.push(Token { start: i as u32, end: end as u32, kind, space_before, newline_before });
            i = end;
        }
        space_before = false;
        newline_before = false;
    }
}

/// Tokenizes `text` into a new vector.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// End of a word starting at `start`: letters, and an apostrophe between letters.
/// Inlined: called once per word, its call cost as much as a short word's scan.
#[inline(always)]
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    // ASCII letters eight at a time, up to the first byte that is not one; the
    // loop below takes it from there (an apostrophe, a letter outside ASCII, or
    // the end). A word's end is then found without a branch per letter.
    while let Some(chunk) = bytes.get(i..i + 8) {
        let stop = non_letters(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        if stop != 0 {
            i += stop.trailing_zeros() as usize / 8;
            break;
        }
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            i += 1;
        } else if b < 0x80 {
            if b == b'\'' && bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()) {
                i += 1;
            } else {
                break;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_alphabetic() {
                i += c.len_utf8();
            } else if c == '’' && text[i + 3..].chars().next().is_some_and(char::is_alphabetic) {
                i += 3;
            } else {
                break;
            }
        }
    }
    i
}

/// The high bit of each byte of `chunk` (eight bytes, the first lowest) that is
/// not an ASCII letter.
#[inline]
fn non_letters(chunk: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Lower case, then each byte without its high bit: adding 0x1f carries into
    // the high bit from 'a' (0x61) up, adding 0x05 from past 'z' (0x7b) up, and
    // neither carries into the next byte.
    let low = (chunk | 0x2020_2020_2020_2020) & !HIGH;
    let from_a = low.wrapping_add(0x1f1f_1f1f_1f1f_1f1f) & HIGH;
    let past_z = low.wrapping_add(0x0505_0505_0505_0505) & HIGH;
    let letters = from_a & !past_z & !(chunk & HIGH);
    !letters & HIGH
}

/// End of a numeric literal starting at `start`: digit groups joined by `,` `.`
/// `'` (each followed by a digit), or by group spaces when every group after the
/// first has exactly three digits and there are at least two such spaces or the
/// space is a no-break or thin one ("1 234 567", "5\u{a0}000").
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(start);
    let first_group_len = end - start;
    // Punctuation separators: how many comma groups, and whether each is
    // shorter than three digits and starts with no zero (a list's shape).
    let mut commas = 0;
    let mut commas_list_like = true;
    let mut other_sep = false;
    while let Some(&sep) = bytes.get(end)
        && matches!(sep, b',' | b'.' | b'\'')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        let group_end = digits_from(end + 1);
        if sep == b',' {
            commas += 1;
            commas_list_like &= group_end - end - 1 < 3 && bytes[end + 1] != b'0';
        } else {
            other_sep = true;
        }
        end = group_end;
    }
    // "22,24,26,31": two or more commas between short numbers that do not group
    // thousands make a list ("6,306,0000" is a mistyped number, not a list).
    let list = !other_sep && first_group_len < 3 && bytes[start] != b'0' && commas_list_like;
    let in_list = start >= 2 && bytes[start - 1] == b',' && bytes[start - 2].is_ascii_digit();
    if list && (commas >= 2 || in_list && commas > 0) {
        return start + first_group_len;
    }
    if end - start != first_group_len || first_group_len > 3 {
        return end;
    }
    // Space-grouped thousands.
    let mut groups = Vec::new();
    let mut i = end;
    let mut narrow = false;
    while let Some(c) = text[i..].chars().next() {
        if !is_group_space(c) {
            break;
        }
        let after = i + c.len_utf8();
        let group_end = digits_from(after);
        let next_is_digit = bytes.get(group_end).is_some_and(u8::is_ascii_digit);
        if group_end - after != 3 || next_is_digit {
            break;
        }
        // A decimal or alphanumeric tail means it is not a grouped number.
        if bytes.get(group_end).is_some_and(|b| b.is_ascii_alphanumeric()) {
            break;
        }
        narrow |= c != ' ';
        // "40 000": a group that starts with a zero never stands alone.
        narrow |= bytes[after] == b'0';
        groups.push(group_end);
        i = group_end;
    }
    if groups.len() >= 2 || (narrow && !groups.is_empty()) {
        let end = *groups.last().unwrap_or(&end);
        // "1 234 567.89": a decimal part after the groups.
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            let dec_end = digits_from(end + 1);
            if !bytes.get(dec_end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b',') {
                return dec_end;
            }
        }
        end
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_words_numbers_symbols() {
        assert_eq!(texts("€90bn, US$2.4"), ["€", "90", "bn", ",", "US", "$", "2.4"]);
        assert_eq!(texts("F-35 o'clock Russia’s"), ["F", "-", "35", "o'clock", "Russia’s"]);
        assert_eq!(texts("710,000 and 1.234,5."), ["710,000", "and", "1.234,5", "."]);
    }

    #[test]
    fn groups_spaced_thousands_only_when_unambiguous() {
        assert_eq!(texts("1 234 567 x"), ["1 234 567", "x"]);
        assert_eq!(texts("5\u{a0}000 x"), ["5\u{a0}000", "x"]);
        assert_eq!(texts("24 100 days"), ["24", "100", "days"]);
        assert_eq!(texts("in 2021 100 people"), ["in", "2021", "100", "people"]);
        assert_eq!(texts("40 000 x"), ["40 000", "x"]);
        assert_eq!(texts("1 234 567.89 x"), ["1 234 567.89", "x"]);
    }

    #[test]
    fn commas_that_group_nothing_make_a_list() {
        assert_eq!(texts("22,24,26,31."), ["22", ",", "24", ",", "26", ",", "31", "."]);
        assert_eq!(texts("1,234,567 12,34,567 1,3"), ["1,234,567", "12,34,567", "1,3"]);
        assert_eq!(texts("6,306,0000 2,318,00"), ["6,306,0000", "2,318,00"]);
    }

    #[test]
    fn non_letters_marks_every_byte_but_ascii_letters() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = b;
                let stop = non_letters(u64::from_le_bytes(chunk));
                let want = if b.is_ascii_alphabetic() { 0 } else { 0x80 << (8 * at) };
                assert_eq!(stop, want, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(texts("internationalization's x"), ["internationalization's", "x"]);
        assert_eq!(texts("abcdefgh abcdefghi Zürichsee-x"), ["abcdefgh", "abcdefghi", "Zürichsee", "-", "x"]);
    }

    #[test]
    fn records_glue() {
        let s = "5m EUR";
        let t = tokenize(s);
        assert!(t[1].glued());
        assert!(!t[2].glued());
    }
}
