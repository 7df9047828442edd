//! Finding subject names and aliases in text.
//!
//! Every surface form of every subject goes into a hash map. The text is scanned
//! once; at each position that can start a word (the previous character is not
//! alphanumeric) whose first token begins some surface form, the candidate ends
//! (positions followed by a non-alphanumeric character, within the longest form's
//! length) are looked up and the longest hit wins; the scan resumes after it.
//! This gives leftmost-longest, non-overlapping, word-bounded matches.
//!
//! An Aho-Corasick automaton (the `aho-corasick` crate) was measured first: over
//! the 40,000 builtin surface forms it took 25-45 ms to build (release), which
//! alone broke the 50 ms budget for loading the builtin reference and matching
//! once; the map builds in a few milliseconds and scans a 60 KB text in well
//! under a millisecond.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{AliasMatch, Subject};

/// A fast non-cryptographic hash (FNV-1a over 8-byte words) for the short
/// strings of the lookup tables; the input is our own data, so flooding
/// resistance is not needed.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Lookup tables over every surface form of every subject.
#[derive(Debug, Clone)]
pub(super) struct AliasMatcher {
    /// Surface form → index into `targets`.
    surfaces: FastMap<Box<str>, u32>,
    /// Per surface form, the subjects it names (ascending).
    targets: Vec<Vec<usize>>,
    /// The first token ([`first_token`]) of every surface form.
    /// First token of every name → the longest name (bytes) starting with it, so
    /// a lookup only walks as far as a name that could match.
    first_tokens: FastMap<Box<str>, usize>,
    /// Which ASCII characters start some surface form (others are looked up).
    ascii_starts: [bool; 128],
    /// The length in bytes of the longest surface form.
    max_len: usize,
}

/// The run of alphanumeric characters a form starts with, or its first
/// character when that is not alphanumeric (`'` of `'s-Hertogenbosch`).
fn first_token(text: &str) -> &str {
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

impl AliasMatcher {
    pub(super) fn new(subjects: &[Subject]) -> AliasMatcher {
        let forms: usize = subjects.iter().map(|s| 1 + s.aliases.len()).sum();
        let mut m = AliasMatcher {
            surfaces: FastMap::with_capacity_and_hasher(forms + forms / 8, Default::default()),
            targets: Vec::with_capacity(forms),
            first_tokens: FastMap::default(),
            ascii_starts: [false; 128],
            max_len: 0,
        };
        for (s, subject) in subjects.iter().enumerate() {
            for name in std::iter::once(&subject.name).chain(&subject.aliases) {
                if name.is_empty() {
                    continue;
                }
                for form in variants(name) {
                    let next = m.targets.len() as u32;
                    let token = first_token(&form);
                    if let Some(b) = form.bytes().next().filter(u8::is_ascii) {
                        m.ascii_starts[usize::from(b)] = true;
                    }
                    match m.first_tokens.get_mut(token) {
                        Some(longest) => *longest = (*longest).max(form.len()),
                        None => {
                            m.first_tokens.insert(token.into(), form.len());
                        }
                    }
                    m.max_len = m.max_len.max(form.len());
                    let id = *m.surfaces.entry(form.into_boxed_str()).or_insert(next) as usize;
                    if id == m.targets.len() {
                        m.targets.push(Vec::new());
                    }
                    if m.targets[id].last() != Some(&s) {
                        m.targets[id].push(s);
                    }
                }
            }
        }
        m
    }

    pub(super) fn find(&self, text: &str) -> Vec<AliasMatch> {
        let mut out = Vec::new();
        if self.surfaces.is_empty() {
            return out;
        }
        let mut resume = 0;
        let mut prev_alnum = false;
        let bytes = text.as_bytes();
        let mut at = 0;
        // Every character in order; ASCII ones without decoding.
        while at < bytes.len() {
            let start = at;
            let b = bytes[at];
            let alnum = if b < 0x80 {
                at += 1;
                b.is_ascii_alphanumeric()
            } else {
                let c = text[at..].chars().next().unwrap_or(' ');
                at += c.len_utf8().max(1);
                c.is_alphanumeric()
            };
            let was_alnum = std::mem::replace(&mut prev_alnum, alnum);
            if start < resume || was_alnum || (b < 0x80 && !self.ascii_starts[usize::from(b)]) {
                continue;
            }
            let token = first_token(&text[start..]);
            let Some(&longest) = self.first_tokens.get(token) else {
                continue;
            };
            // Line breaks and runs of spaces inside a name ("nuclear power\nplant"
            // in wrapped Markdown) read as one space; allow for them in the limit.
            let limit = start + longest * 2;
            let mut best = None;
            let mut spaced = String::new();
            // Only a line break, tab, no-break or doubled space needs the slow path:
            // where the first of each lies in the window, found in one pass, so that a
            // slice `start..end` is irregular when one lies wholly inside it.
            let window = &bytes[start..limit.min(bytes.len())];
            let first_single = window.iter().position(|b| matches!(b, b'\n' | b'\r' | b'\t')).map(|k| start + k);
            let first_pair = window.windows(2).position(|w| w == b"  " || w == [0xC2, 0xA0]).map(|k| start + k);
            let mut check = |end: usize| {
                let slice = &text[start..end];
                let irregular = first_single.is_some_and(|k| k < end) || first_pair.is_some_and(|k| k + 1 < end);
                let key = if irregular {
                    spaced.clear();
                    for word in slice.split_whitespace() {
                        if !spaced.is_empty() {
                            spaced.push(' ');
                        }
                        spaced.push_str(word);
                    }
                    spaced.as_str()
                } else {
                    slice
                };
                if key.len() > longest {
                    return;
                }
                if let Some(id) = self.surfaces.get(key) {
                    best = Some((end, *id as usize));
                }
            };
            // Candidate ends: every later position holding a non-alphanumeric
            // character (none inside the first token), and the end of the text.
            let token_end = start + token.len();
            for (offset, next) in text[token_end..].char_indices() {
                let end = token_end + offset;
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
            if let Some((end, id)) = best {
                out.push(AliasMatch { start, end, subjects: self.targets[id].clone() });
                resume = end;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_variants() {
        assert_eq!(first_token("New York"), "New");
        assert_eq!(first_token("'s-Hertogenbosch"), "'");
        assert_eq!(first_token("U.S."), "U");
        assert_eq!(variants("the invasion"), ["the invasion", "The invasion"]);
        assert_eq!(variants("Russia's"), ["Russia's", "Russia’s"]);
    }
}
