//! Finding subject names and aliases in text.
//!
//! Every surface form of every subject goes into a hash table. The text is scanned
//! once; at each position that can start a word (the previous character is not
//! alphanumeric) whose first token begins some surface form, the candidate ends
//! (positions followed by a non-alphanumeric character, within the longest form's
//! length) are looked up and the longest hit wins; the scan resumes after it.
//! This gives leftmost-longest, non-overlapping, word-bounded matches.
//!
//! What makes it cheap is derived from the forms when the matcher is built: a
//! byte table of the characters a form can start with (the scan skips every
//! other byte, then looks back one character for a word start), and per first
//! token the lengths and last bytes its forms have, so only slices that could be
//! a form are hashed.
//!
//! An Aho-Corasick automaton (the `aho-corasick` crate) was measured first: over
//! the 40,000 builtin surface forms it took 25-45 ms to build (release), which
//! alone broke the 50 ms budget for loading the builtin reference and matching
//! once; the map builds in a few milliseconds and scans a 60 KB text in well
//! under a millisecond.

use super::{AliasMatch, Subject};
use crate::strtable::StrTable;

/// Lookup tables over every surface form of every subject.
#[derive(Debug, Clone)]
pub(super) struct AliasMatcher {
    /// Every surface form; its id indexes `targets`.
    surfaces: StrTable,
    /// Per surface form, where the subjects it names (ascending) lie in
    /// `target_subjects`.
    targets: Vec<(u32, u32)>,
    target_subjects: Vec<usize>,
    /// The first token ([`first_token`]) of every surface form; its id indexes
    /// `tokens`.
    first_tokens: StrTable,
    /// What the forms starting with each first token are like.
    tokens: Vec<FirstToken>,
    /// The byte length and last byte of the forms (`length << 8 | byte`), grouped
    /// by first token, each group longest first ([`FirstToken::lengths`]).
    lengths: Vec<u32>,
    /// Finds doubled spaces.
    double_space: memchr::memmem::Finder<'static>,
    /// Per pair of bytes (`first << 8 | second`, one bit each), whether a form
    /// starts with them: the scan skips every position whose two bytes start no
    /// form. One byte was too few: a single form that starts in lower case
    /// ("eMbalenhle") made every "e" of the text a candidate, and every
    /// non-ASCII letter had to be looked up.
    start_pairs: Box<[u64; 1024]>,
    /// The length in bytes of the longest surface form.
    max_len: usize,
}

/// The forms that start with one first token.
#[derive(Debug, Clone, Copy)]
struct FirstToken {
    /// The longest (bytes), so a lookup only walks as far as a name that could match.
    longest: usize,
    /// Where their distinct lengths (with last bytes) lie in
    /// [`AliasMatcher::lengths`]: a text slice starting with this token at any
    /// other length, or ending in another byte, is no surface form.
    lengths: (u32, u32),
}

/// The run of alphanumeric characters a form starts with, or its first
/// character when that is not alphanumeric (`'` of `'s-Hertogenbosch`).
fn first_token(text: &str) -> &str {
    // ASCII letters and digits without decoding; the rest by characters.
    let bytes = text.as_bytes();
    let ascii_run = bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len());
    if ascii_run > 0 {
        if bytes.get(ascii_run).is_none_or(|&b| b < 0x80) {
            return &text[..ascii_run];
        }
        let rest = &text[ascii_run..];
        let end = rest.char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(rest.len(), |(i, _)| i);
        return &text[..ascii_run + end];
    }
    let mut chars = text.char_indices();
    match chars.next() {
        None => "",
        Some((_, c)) if !c.is_alphanumeric() => &text[..c.len_utf8()],
        Some(_) => {
            let end = chars.find(|(_, c)| !c.is_alphanumeric()).map_or(text.len(), |(i, _)| i);
            &text[..end]
        }
    }
}

/// The forms a name is looked for in: as written; with the first letter upper
/// case if it starts lower case; each with `'` and `’` swapped.
fn variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let mut chars = name.chars();
    if let Some(first) = chars.next()
        && first.is_lowercase()
    {
        out.push(first.to_uppercase().chain(chars).collect());
    }
    for i in 0..out.len() {
        if out[i].contains(['\'', '’']) {
            let swapped: String = out[i]
                .chars()
                .map(|c| match c {
                    '\'' => '’',
                    '’' => '\'',
                    c => c,
                })
                .collect();
            out.push(swapped);
        }
    }
    out
}

/// Calls `each` with every form of [`variants`], in the same order, building
/// them in `buffer`: a name that starts in upper case and has no apostrophe (most
/// of them) is passed as it is.
fn each_variant(name: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    let lower_first = name.chars().next().is_some_and(char::is_lowercase);
    if !lower_first && !name.contains(['\'', '’']) {
        each(name);
        return;
    }
    for form in variants(name) {
        buffer.clear();
        buffer.push_str(&form);
        each(buffer);
    }
}

/// Whether the character starting at byte `at` of `text` is alphanumeric.
fn alnum_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => text[at..].chars().next().is_some_and(char::is_alphanumeric),
        None => false,
    }
}

/// Where a text stops reading as a name written on one line: the line breaks and
/// tabs (`singles`) and the doubled or no-break spaces (`pairs`, at their first
/// byte), each in order. Found once per text, on the first lookup that needs them,
/// and walked with cursors as lookups move forward.
struct Irregular {
    singles: Vec<usize>,
    pairs: Vec<usize>,
    next_single: usize,
    next_pair: usize,
}

impl Irregular {
    fn new(bytes: &[u8], double_space: &memchr::memmem::Finder<'_>) -> Irregular {
        let singles = memchr::memchr3_iter(b'\n', b'\r', b'\t', bytes).collect();
        let mut pairs: Vec<usize> = double_space.find_iter(bytes).collect();
        let nbsp = memchr::memchr_iter(0xC2, bytes).filter(|&k| bytes.get(k + 1) == Some(&0xA0));
        let before = pairs.len();
        pairs.extend(nbsp);
        if pairs.len() > before {
            pairs.sort_unstable();
        }
        Irregular { singles, pairs, next_single: 0, next_pair: 0 }
    }

    /// The first end past `start` from which a slice `start..end` holds a line
    /// break, tab, doubled or no-break space wholly inside `start..window_end`
    /// (starts must not decrease from call to call).
    fn cut(&mut self, start: usize, window_end: usize) -> Option<usize> {
        while self.singles.get(self.next_single).is_some_and(|&k| k < start) {
            self.next_single += 1;
        }
        while self.pairs.get(self.next_pair).is_some_and(|&k| k < start) {
            self.next_pair += 1;
        }
        let single = self.singles.get(self.next_single).filter(|&&k| k < window_end).map(|&k| k + 1);
        let pair = self.pairs.get(self.next_pair).filter(|&&k| k + 2 <= window_end).map(|&k| k + 2);
        match (single, pair) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl AliasMatcher {
    pub(super) fn new(subjects: &[Subject]) -> AliasMatcher {
        let forms: usize = subjects.iter().map(|s| 1 + s.aliases.len()).sum();
        let mut m = AliasMatcher {
            surfaces: StrTable::with_capacity(forms + forms / 8),
            targets: Vec::with_capacity(forms),
            target_subjects: Vec::new(),
            first_tokens: StrTable::with_capacity(forms / 2),
            tokens: Vec::new(),
            lengths: Vec::new(),
            double_space: memchr::memmem::Finder::new(b"  "),
            start_pairs: Box::new([0; 1024]),
            max_len: 0,
        };
        // (first token, length) of every form, grouped by token below.
        let mut token_lengths: Vec<(u32, u32)> = Vec::with_capacity(forms);
        // (surface, subject) of every form, in subject order: grouped by surface below.
        let mut named: Vec<(u32, usize)> = Vec::with_capacity(forms);
        let mut buffer = String::new();
        for (s, subject) in subjects.iter().enumerate() {
            for name in std::iter::once(&subject.name).chain(&subject.aliases) {
                if name.is_empty() {
                    continue;
                }
                each_variant(name, &mut buffer, |form| {
                    let token = first_token(form);
                    m.mark_start(form);
                    let t = m.first_tokens.insert(token);
                    if t as usize == m.tokens.len() {
                        m.tokens.push(FirstToken { longest: 0, lengths: (0, 0) });
                    }
                    let info = &mut m.tokens[t as usize];
                    info.longest = info.longest.max(form.len());
                    info.lengths.1 += 1;
                    let last = u32::from(form.bytes().last().unwrap_or(0));
                    token_lengths.push((t, (form.len() as u32) << 8 | last));
                    m.max_len = m.max_len.max(form.len());
                    named.push((m.surfaces.insert(form), s));
                });
            }
        }
        // Each surface's subjects together, ascending (the forms came in subject
        // order), each once.
        let mut counts = vec![0u32; m.surfaces.len()];
        for &(id, _) in &named {
            counts[id as usize] += 1;
        }
        let mut at = 0;
        for count in counts {
            m.targets.push((at, at));
            at += count;
        }
        m.target_subjects = vec![0; named.len()];
        for (id, s) in named {
            let (start, end) = &mut m.targets[id as usize];
            if *end == *start || m.target_subjects[*end as usize - 1] != s {
                m.target_subjects[*end as usize] = s;
                *end += 1;
            }
        }
        // Each token's lengths together (counted above), then longest first without
        // repeats.
        let mut at = 0;
        for info in &mut m.tokens {
            let count = info.lengths.1;
            info.lengths = (at, at);
            at += count;
        }
        m.lengths = vec![0; token_lengths.len()];
        for (t, len) in token_lengths {
            let r = &mut m.tokens[t as usize].lengths;
            m.lengths[r.1 as usize] = len;
            r.1 += 1;
        }
        let mut kept = 0;
        for info in &mut m.tokens {
            let (lo, hi) = (info.lengths.0 as usize, info.lengths.1 as usize);
            m.lengths[lo..hi].sort_unstable_by(|a, b| b.cmp(a));
            let from = kept;
            for i in lo..hi {
                if i == lo || m.lengths[i] != m.lengths[i - 1] {
                    m.lengths[kept] = m.lengths[i];
                    kept += 1;
                }
            }
            info.lengths = (from as u32, kept as u32);
        }
        m.lengths.truncate(kept);
        m
    }

    /// Marks the pairs of bytes `form` can start with in a text: its own first
    /// two; any second byte after a one-byte form; and after a first byte followed
    /// by a space, every byte a line break, tab or no-break space starts with
    /// (names are found across those too).
    fn mark_start(&mut self, form: &str) {
        let bytes = form.as_bytes();
        let Some(&first) = bytes.first() else { return };
        let mut mark = |second: u8| {
            let pair = usize::from(first) << 8 | usize::from(second);
            self.start_pairs[pair / 64] |= 1 << (pair % 64);
        };
        match bytes.get(1) {
            None => (0..=255).for_each(&mut mark),
            Some(b' ') => [b' ', b'\n', b'\r', b'\t', 0xC2].into_iter().for_each(&mut mark),
            Some(&second) => mark(second),
        }
    }

    /// Whether a form may start with bytes `first`, `second` (0 past the end).
    #[inline(always)]
    fn may_start(&self, first: u8, second: u8) -> bool {
        let pair = usize::from(first) << 8 | usize::from(second);
        self.start_pairs[pair / 64] & (1 << (pair % 64)) != 0
    }

    pub(super) fn find(&self, text: &str) -> Vec<AliasMatch> {
        let mut out = Vec::new();
        self.find_each(text, |start, end, id| {
            out.push(AliasMatch { start, end, subjects: self.targets(id).to_vec() });
        });
        out
    }

    /// The subjects surface form `id` names.
    fn targets(&self, id: usize) -> &[usize] {
        let (start, end) = self.targets[id];
        &self.target_subjects[start as usize..end as usize]
    }

    /// Calls `found(start, end, surface id)` for every match, in text order.
    ///
    /// At each position that can start a word (the previous character is not
    /// alphanumeric) whose first token starts some form, the candidate ends are the
    /// positions followed by a non-alphanumeric character (or the text's end)
    /// within twice the longest such form, and the longest that is a form wins.
    /// Line breaks and runs of spaces inside a name ("nuclear power\nplant" in
    /// wrapped Markdown) read as one space. An end before the first of those is
    /// tried only at the lengths the token's forms have; past it, at every
    /// candidate end with the whitespace normalized.
    fn find_each(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        if self.surfaces.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let mut irregular: Option<Irregular> = None;
        let mut spaced = String::new();
        let mut at = 0;
        // Only where a form may start: then whether a word starts there (the
        // character before is not alphanumeric).
        loop {
            let rest = &bytes[at.min(bytes.len())..];
            let skip = match rest.windows(2).position(|w| self.may_start(w[0], w[1])) {
                Some(skip) => skip,
                // The last byte, which only a one-byte form can start.
                None if rest.last().is_some_and(|&b| self.may_start(b, 0)) => rest.len() - 1,
                None => break,
            };
            let start = at + skip;
            let b = bytes[start];
            let alnum = if b < 0x80 {
                at = start + 1;
                b.is_ascii_alphanumeric()
            } else {
                let c = text[start..].chars().next().unwrap_or(' ');
                at = start + c.len_utf8().max(1);
                c.is_alphanumeric()
            };
            let prev_alnum = match start.checked_sub(1).map(|i| bytes[i]) {
                None => false,
                Some(p) if p < 0x80 => p.is_ascii_alphanumeric(),
                Some(_) => text[..start].chars().next_back().is_some_and(char::is_alphanumeric),
            };
            if prev_alnum {
                continue;
            }
            let token_end = if !alnum {
                at
            } else {
                let mut e = at;
                while e < bytes.len() && bytes[e].is_ascii_alphanumeric() {
                    e += 1;
                }
                if e < bytes.len() && bytes[e] >= 0x80 { start + first_token(&text[start..]).len() } else { e }
            };
            let Some(t) = self.first_tokens.get(&text[start..token_end]) else {
                continue;
            };
            let info = self.tokens[t as usize];
            let longest = info.longest;
            let limit = start + longest * 2;
            let window_end = limit.min(bytes.len());
            let cut = irregular.get_or_insert_with(|| Irregular::new(bytes, &self.double_space)).cut(start, window_end);
            let mut best = None;
            // Ends past the first irregular space: every candidate, normalized.
            if let Some(cut) = cut {
                let from = cut.max(token_end);
                let mut check = |end: usize| {
                    spaced.clear();
                    for word in text[start..end].split_whitespace() {
                        if !spaced.is_empty() {
                            spaced.push(' ');
                        }
                        spaced.push_str(word);
                    }
                    if spaced.len() <= longest
                        && let Some(id) = self.surfaces.get(spaced.as_str())
                    {
                        best = Some((end, id as usize));
                    }
                };
                for (offset, next) in text[from..].char_indices() {
                    let end = from + offset;
                    if end > limit {
                        break;
                    }
                    if !next.is_alphanumeric() {
                        check(end);
                    }
                }
                if text.len() <= limit {
                    check(text.len());
                }
            }
            // Ends before it: the slice as written, at the forms' lengths only.
            if best.is_none() {
                let (lo, hi) = info.lengths;
                for &packed in &self.lengths[lo as usize..hi as usize] {
                    let end = start + (packed >> 8) as usize;
                    if end < token_end
                        || end > bytes.len()
                        || u32::from(bytes[end - 1]) != packed & 0xFF
                        || cut.is_some_and(|c| end >= c)
                        || !text.is_char_boundary(end)
                        || alnum_at(text, end)
                    {
                        continue;
                    }
                    if let Some(id) = self.surfaces.get(&text[start..end]) {
                        best = Some((end, id as usize));
                        break;
                    }
                }
            }
            if let Some((end, id)) = best {
                found(start, end, id);
                at = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The finder as first written: every character in order, every candidate end
    /// hashed. The matcher must find exactly what this finds.
    fn find_naive(m: &AliasMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let (mut resume, mut prev_alnum) = (0, false);
        for (start, c) in text.char_indices() {
            let was_alnum = std::mem::replace(&mut prev_alnum, c.is_alphanumeric());
            if start < resume || was_alnum {
                continue;
            }
            let token = first_token(&text[start..]);
            let Some(t) = m.first_tokens.get(token) else { continue };
            let longest = m.tokens[t as usize].longest;
            let limit = start + longest * 2;
            let mut best = None;
            let mut ends: Vec<usize> = text[start + token.len()..]
                .char_indices()
                .map(|(i, c)| (start + token.len() + i, c))
                .take_while(|&(end, _)| end <= limit)
                .filter(|(_, c)| !c.is_alphanumeric())
                .map(|(end, _)| end)
                .collect();
            if text.len() <= limit {
                ends.push(text.len());
            }
            for end in ends {
                let slice = &text[start..end];
                let window = &text.as_bytes()[start..limit.min(text.len())];
                let single = window.iter().position(|b| matches!(b, b'\n' | b'\r' | b'\t')).map(|k| start + k);
                let pair = window.windows(2).position(|w| w == b"  " || w == [0xC2, 0xA0]).map(|k| start + k);
                let irregular = single.is_some_and(|k| k < end) || pair.is_some_and(|k| k + 1 < end);
                let key =
                    if irregular { slice.split_whitespace().collect::<Vec<_>>().join(" ") } else { slice.to_string() };
                if key.len() <= longest
                    && let Some(id) = m.surfaces.get(key.as_str())
                {
                    best = Some((end, id as usize));
                }
            }
            if let Some((end, id)) = best {
                out.push((start, end, id));
                resume = end;
            }
        }
        out
    }

    fn subject(name: &str, aliases: &[&str]) -> Subject {
        Subject {
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            country: None,
            kind: None,
            population: None,
            file: String::new(),
            line: 1,
        }
    }

    proptest! {
        #[test]
        fn finds_what_the_naive_scan_finds(
            parts in proptest::collection::vec(prop_oneof![
                Just("New"), Just("York"), Just("New York City"), Just("the"), Just("The"), Just("invasion"),
                Just("Côte"), Just("d’Ivoire"), Just("d'Ivoire"), Just("'s-Hertogenbosch"), Just("São"), Just("Paulo"),
                Just("eMbalenhle"), Just("EMbalenhle"), Just("6th"), Just("Newark"), Just("Yorkshire"), Just("é"),
                Just(" "), Just("  "), Just("\n"), Just("\r\n"), Just("\t"), Just("\u{a0}"), Just(","), Just("."),
                Just("-"), Just("x"), Just("4"), Just("\u{301}"), Just("A"), Just("Coruña"), Just("X"),
            ], 0..24)
        ) {
            let subjects = [
                subject("New York", &["New York City", "NYC"]),
                subject("the invasion", &[]),
                subject("Côte d'Ivoire", &["Ivory Coast"]),
                subject("'s-Hertogenbosch", &[]),
                subject("São Paulo", &[]),
                subject("eMbalenhle", &[]),
                subject("6th Avenue", &["6th"]),
                subject("York", &["New"]),
                subject("Newark", &[]),
                // One-byte first tokens: any byte may follow a one-byte form, and
                // any break or space the first space of a form.
                subject("A Coruña", &["X"]),
            ];
            let m = AliasMatcher::new(&subjects);
            let text: String = parts.concat();
            let mut found = Vec::new();
            m.find_each(&text, |start, end, id| found.push((start, end, id)));
            prop_assert_eq!(found, find_naive(&m, &text), "{:?}", text);
        }
    }

    #[test]
    fn tokens_and_variants() {
        assert_eq!(first_token("New York"), "New");
        assert_eq!(first_token("'s-Hertogenbosch"), "'");
        assert_eq!(first_token("U.S."), "U");
        assert_eq!(first_token("São Paulo"), "São");
        assert_eq!(first_token("Kraków"), "Kraków");
        assert_eq!(first_token("Österreich x"), "Österreich");
        assert_eq!(first_token("x\u{301}y"), "x");
        assert_eq!(variants("the invasion"), ["the invasion", "The invasion"]);
        assert_eq!(variants("Russia's"), ["Russia's", "Russia’s"]);
    }
}
