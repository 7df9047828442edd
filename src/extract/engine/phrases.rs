//! The first pass over a text's tokens: the lexicon phrases that start at each
//! token, its mask bits, and the tokens that can never be quantities.

use super::*;

/// What [`find_phrases`] fills in, per token: where its phrase matches are in
/// `matches`, and its mask [`bits`].
pub(super) struct PhraseFinds<'s> {
    pub(super) starts: &'s mut Vec<(u32, u32)>,
    pub(super) matches: &'s mut Vec<PhraseMatch>,
    pub(super) masks: &'s mut Vec<u32>,
}

/// Finds the lexicon's phrases at each token of `toks`; `phrase_bits_of` are
/// [`ScanTables::phrase_bits`].
pub(super) fn find_phrases(
    lex: &Lexicon,
    phrase_bits_of: &[u32],
    text: &str,
    lowered: &str,
    toks: &[Token],
    finds: PhraseFinds<'_>,
    lower: &mut String,
) {
    let PhraseFinds { starts, matches, masks } = finds;
    starts.clear();
    matches.clear();
    masks.clear();
    // Bytes, not `str`: tokens lie on char boundaries, and slicing a `str`
    // tests both ends again for every token.
    let low = |tk: &Token| &lowered.as_bytes()[tk.start as usize..tk.end as usize];
    // Most texts are all ASCII: then no token's bytes are tested again.
    let all_ascii = text.is_ascii();
    // A function rather than a closure, to be sure it is inlined: it runs for
    // nearly every token, twice.
    #[inline(always)]
    pub(super) fn bit_of(all_ascii: bool, s: &[u8]) -> Option<u16> {
        if all_ascii { Some(Lexicon::ascii_token_bit(s)) } else { Lexicon::token_bit_bytes(s) }
    }
    // The bit of the token after one that may start a phrase, kept for its turn.
    let mut carried: Option<(usize, Option<u16>)> = None;
    for (i, tok) in toks.iter().enumerate() {
        let from = matches.len() as u32;
        let mut phrase_bits = 0;
        if tok.kind != TokenKind::Number {
            let lt = low(tok);
            let bit = match carried {
                Some((at, bit)) if at == i => bit,
                _ => bit_of(all_ascii, lt),
            };
            if bit.is_some_and(|b| !lex.may_start_with_bit(b)) {
                starts.push((from, from));
                masks.push(token_mask(text, toks, i, 0, false));
                continue;
            }
            let ascii = bit.is_some();
            let key: &[u8] = if ascii {
                lt
            } else {
                lower.clear();
                lower.extend(tok.text(text).chars().flat_map(char::to_lowercase));
                lower.as_bytes()
            };
            let next_bit = toks.get(i + 1).and_then(|t| bit_of(all_ascii, low(t)));
            carried = Some((i + 1, next_bit));
            let Some(first) = lex.first_word_bytes(key) else {
                starts.push((from, from));
                masks.push(token_mask(text, toks, i, 0, false));
                continue;
            };
            // Where the word goes on with none of its longer phrases, its
            // one-token phrases match as they are (ASCII, any case): their
            // entries are taken in order, without a look at each phrase.
            if ascii
                && first.singles_only(next_bit)
                && let Some(entries) = first.single_entries()
            {
                for (&id, &entry) in first.before(next_bit).iter().zip(entries) {
                    phrase_bits |= phrase_bits_of[id as usize];
                    matches.push(PhraseMatch { entry, end: i + 1 });
                }
            } else {
                for &id in first.before(next_bit) {
                    let phrase = &lex.phrases[id as usize];
                    let n = phrase.tokens.len();
                    if i + n > toks.len() {
                        continue;
                    }
                    if n > 1
                        && let (Some(want), Some(have)) = (lex.second_token_bit(id), next_bit)
                        && want != have
                    {
                        continue;
                    }
                    let ok = phrase.tokens.iter().enumerate().all(|(k, pt)| {
                        let tk = &toks[i + k];
                        if k > 0 && pt.glued != tk.glued() {
                            return false;
                        }
                        if pt.exact {
                            return tk.bytes(text) == pt.text.as_bytes();
                        }
                        // An ASCII first word is the key the phrase was found by.
                        if k == 0 && ascii {
                            return true;
                        }
                        let s = low(tk);
                        s == pt.text.as_bytes() || (!s.is_ascii() && tk.text(text).to_lowercase() == pt.text)
                    });
                    if ok {
                        phrase_bits |= phrase_bits_of[id as usize];
                        matches.push(PhraseMatch { entry: phrase.entry, end: i + n });
                    }
                }
            }
        }
        starts.push((from, matches.len() as u32));
        masks.push(token_mask(text, toks, i, phrase_bits, matches.len() as u32 > from));
    }
}

pub(super) fn is_sym(tok: &Token, text: &str, chars: &[&str]) -> bool {
    tok.kind == TokenKind::Symbol && chars.contains(&tok.text(text))
}

/// Marks tokens that are never quantities: idioms, phone numbers, times of day,
/// slashed dates, and scores.
pub(super) fn block_non_quantities(
    text: &str,
    toks: &[Token],
    starts: &[(u32, u32)],
    matches: &[PhraseMatch],
    masks: &[u32],
    blocked: &mut Vec<bool>,
) {
    blocked.clear();
    blocked.resize(toks.len(), false);
    // Web addresses: their digits are never quantities ("?q=30%25").
    // The searchers are built once: building one per text and scheme cost more
    // than most searches.
    static SCHEMES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| ["http://", "https://", "www."].map(memchr::memmem::Finder::new));
    for scheme in SCHEMES.iter() {
        let bytes = text.as_bytes();
        let mut from = 0;
        // Each occurrence in order, found by a substring search: looking for the
        // first byte alone stopped at every "h" and "w" of the prose.
        while let Some(k) = scheme.find(&bytes[from..]) {
            let at = from + k;
            from = at + 1;
            let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
            for (k, t) in toks.iter().enumerate() {
                if (t.start as usize) >= at && (t.start as usize) < end {
                    blocked[k] = true;
                }
            }
        }
    }
    let is_num = |i: usize| toks.get(i).is_some_and(|t| t.kind == TokenKind::Number);
    let glued = |i: usize| toks.get(i).is_some_and(|t| t.glued());
    let plain_digits = |i: usize| toks[i].text(text).bytes().all(|b| b.is_ascii_digit());
    let mut chain = Vec::new();
    for i in 0..toks.len() {
        let (a, b) = starts[i];
        for m in if masks[i] & bits::IDIOM != 0 { &matches[a as usize..b as usize] } else { &[] } {
            if matches!(m.entry, Entry::Idiom) {
                for flag in &mut blocked[i..m.end] {
                    *flag = true;
                }
            }
        }
        let tok = &toks[i];
        // "+1 202 555 0100": an international phone number.
        if is_sym(tok, text, &["+"]) && is_num(i + 1) && glued(i + 1) {
            let mut j = i + 1;
            while is_num(j) && (j == i + 1 || !glued(j)) {
                blocked[j] = true;
                j += 1;
            }
        }
        if !is_num(i) || (i > 0 && is_num(i - 1) && glued(i)) {
            continue;
        }
        // A chain of numbers joined by one separator with no spaces: 10:30,
        // 11/09/2001, 555-1234, 2022-03-04, 3-1.
        chain.clear();
        chain.push(i);
        let mut sep = "";
        let mut j = i + 1;
        while j + 1 < toks.len() && glued(j) && glued(j + 1) && is_num(j + 1) {
            let s = toks[j].text(text);
            if !matches!(s, ":" | "/" | "-" | ".") || (!sep.is_empty() && s != sep) {
                break;
            }
            sep = s;
            chain.push(j + 1);
            j += 2;
        }
        if chain.len() < 2 {
            continue;
        }
        let len = |n: usize| toks[chain[n]].text(text).len();
        let all_plain = chain.iter().all(|&k| plain_digits(k));
        let value = |k: usize| toks[k].text(text).parse::<u64>().unwrap_or(u64::MAX);
        let iso_date =
            sep == "-" && all_plain && len(0) == 4 && (1..chain.len()).all(|n| len(n) == 2) && chain.len() <= 3;
        let small_fraction = sep == "/"
            && chain.len() == 2
            && all_plain
            && ((2..=12).contains(&value(chain[1])) || matches!(value(chain[1]), 16 | 32 | 64 | 100 | 1000))
            && value(chain[0]) < value(chain[1]);
        let block = match sep {
            ":" | "." => true,
            "/" => !small_fraction,
            "-" if iso_date => false,
            "-" if chain.len() >= 3 => true,
            "-" => {
                // "555-1234", but "100-1000 grams" is a range of a measure.
                let after = chain[chain.len() - 1] + 1;
                let measured = toks.get(after).is_some_and(|t| !t.glued())
                    && starts.get(after).is_some_and(|&(a, b)| {
                        matches[a as usize..b as usize].iter().any(|m| {
                            matches!(
                                m.entry,
                                Entry::Unit(_) | Entry::Duration(_) | Entry::Counted(_) | Entry::CurrencyName { .. }
                            )
                        })
                    });
                let phone = len(0) == 3 && len(1) == 4 && !measured;
                // "7-3/4 pct" is seven and three quarters, not a score of 7-3.
                let eighths = chain.len() == 2 && wire_fraction(text, toks, chain[0] + 1).is_some();
                let score = all_plain && value(chain[0]) > value(chain[1]) && value(chain[1]) < 100 && !eighths;
                phone || score
            }
            _ => false,
        };
        if block {
            for &k in &chain {
                blocked[k] = true;
            }
        }
    }
}

/// "-3/4" of "7-3/4 pct", "45-3/8": the fraction wire copy joins to a whole
/// number with a hyphen for prices and rates, from the hyphen at token `hyphen`:
/// its value and the token after it. Only thirds and fractions of a power of two
/// (halves to sixty-fourths), reduced below sixteenths: "5-7/10" and "6-2/8" are
/// no such prices.
pub(super) fn wire_fraction(text: &str, toks: &[Token], hyphen: usize) -> Option<(Decimal, usize)> {
    let glued = |k: usize, want: &str| toks.get(k).is_some_and(|t| t.glued() && t.text(text) == want);
    let small = |k: usize| {
        let t = toks.get(k).filter(|t| t.glued() && t.kind == TokenKind::Number)?;
        let s = t.text(text);
        if s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<i64>().ok() } else { None }
    };
    if !glued(hyphen, "-") || !glued(hyphen + 2, "/") {
        return None;
    }
    let (a, b) = (small(hyphen + 1)?, small(hyphen + 3)?);
    let after = hyphen + 4;
    // Punctuation may follow ("6-5/8,", "7-3/8."); more of a number may not
    // ("3/8/87", "3/4ths", "3/8.5").
    let number_at = |k: usize| toks.get(k).is_some_and(|t| t.glued() && t.kind == TokenKind::Number);
    let goes_on = toks.get(after).is_some_and(|t| {
        t.glued()
            && (t.kind != TokenKind::Symbol
                || t.text(text) == "/"
                || matches!(t.text(text), "-" | ".") && number_at(after + 1))
    });
    // Bond prices count thirty-seconds unreduced ("101-2/32"); stock dividends
    // and prices come in thirds too ("33-1/3 pct", "8-1/3 cts").
    let eighths = matches!(b, 2 | 4 | 8 | 16 | 32 | 64) && (a % 2 == 1 || b >= 16);
    (a > 0 && a < b && (eighths || b == 3) && !goes_on).then(|| (Decimal::from(a) / Decimal::from(b), after))
}
